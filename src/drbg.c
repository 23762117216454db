/*
 * drbg.c -- msa_drbg: HMAC_DRBG (SHA-256) seeded from getrandom()
 * (REQ-CRY-004, REQ-CRY-005). BearSSL's br_hmac_drbg does the DRBG; this
 * file adds the seeding, the reseed policy and the test-only mode.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <bearssl.h>
#include "internal.h"

#define DRBG_MAGIC   0x4d534144u   /* "MSAD": an initialised context */
#define MODE_SYSTEM  1u            /* seeded and reseeded from getrandom() */
#define MODE_TEST    2u            /* deterministic, test vectors only */
#define MODE_FAILED  3u            /* a reseed failed: refuses requests */

struct drbg_state {
	br_hmac_drbg_context hd;
	uint32_t magic;
	uint32_t mode;
	uint32_t requests;         /* requests since the last (re)seed */
};

_Static_assert(sizeof(struct drbg_state) <= sizeof(msa_drbg),
	"msa_drbg too small for the HMAC_DRBG state");
_Static_assert(_Alignof(struct drbg_state) <= _Alignof(msa_drbg),
	"msa_drbg under-aligned");

static const char personalization[] = "MSA v1 HMAC_DRBG";

/* Fills buf[0..len) from the kernel CSPRNG; 0 or -1. Blocks until the
 * kernel pool is initialised (flags 0), retries on EINTR and short reads. */
static int
sys_random(uint8_t *buf, size_t len)
{
	while (len > 0) {
		ssize_t r = getrandom(buf, len, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += (size_t)r;
		len -= (size_t)r;
	}
	return 0;
}

static struct drbg_state *
state(msa_drbg *d)
{
	struct drbg_state *s = (struct drbg_state *)(void *)d;

	if (d == NULL || s->magic != DRBG_MAGIC)
		return NULL;
	return s;
}

int
msa_drbg_init(msa_drbg *d)
{
	struct drbg_state *s = (struct drbg_state *)(void *)d;
	uint8_t seed[48 + sizeof personalization - 1];

	if (d == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	msa_wipe(d, sizeof *d);
	/* Instantiate: seed material = entropy input (32) || nonce (16) ||
	 * personalization string (SP 800-90A 10.1.2.3). */
	if (sys_random(seed, 48) != 0) {
		msa_wipe(seed, sizeof seed);
		return MSA_ERR_RNG;
	}
	memcpy(seed + 48, personalization, sizeof personalization - 1);
	br_hmac_drbg_init(&s->hd, &br_sha256_vtable, seed, sizeof seed);
	msa_wipe(seed, sizeof seed);
	s->mode = MODE_SYSTEM;
	s->requests = 0;
	s->magic = DRBG_MAGIC;
	return MSA_OK;
}

int
msa_drbg_init_deterministic(msa_drbg *d, const uint8_t *seed, size_t seed_len)
{
	struct drbg_state *s = (struct drbg_state *)(void *)d;

	if (d == NULL || seed == NULL || seed_len == 0 || seed_len > 256)
		return MSA_ERR_BAD_ARGUMENT;
	msa_wipe(d, sizeof *d);
	br_hmac_drbg_init(&s->hd, &br_sha256_vtable, seed, seed_len);
	s->mode = MODE_TEST;
	s->requests = 0;
	s->magic = DRBG_MAGIC;
	return MSA_OK;
}

int
msa_drbg_reseed(msa_drbg *d)
{
	struct drbg_state *s = state(d);
	uint8_t ent[32];

	if (s == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	if (s->mode == MODE_TEST)
		return MSA_OK;
	if (sys_random(ent, sizeof ent) != 0) {
		s->mode = MODE_FAILED;
		return MSA_ERR_RNG;
	}
	br_hmac_drbg_update(&s->hd, ent, sizeof ent);
	msa_wipe(ent, sizeof ent);
	s->mode = MODE_SYSTEM;
	s->requests = 0;
	return MSA_OK;
}

int
msa_drbg_generate(msa_drbg *d, uint8_t *out, size_t len)
{
	struct drbg_state *s = state(d);

	if (s == NULL || (out == NULL && len > 0))
		return MSA_ERR_BAD_ARGUMENT;
	do {
		size_t n = len < MSA_DRBG_MAX_REQUEST ? len : MSA_DRBG_MAX_REQUEST;

		if (s->mode == MODE_FAILED
			|| (s->mode == MODE_SYSTEM && s->requests >= MSA_DRBG_RESEED_INTERVAL
				&& msa_drbg_reseed(d) != MSA_OK)) {
			msa_wipe(out, len);
			return MSA_ERR_RNG;
		}
		br_hmac_drbg_generate(&s->hd, out, n);
		if (s->requests < 0xFFFFFFFFu)
			s->requests++;
		out += n;
		len -= n;
	} while (len > 0);
	return MSA_OK;
}

void
msa_drbg_wipe(msa_drbg *d)
{
	if (d != NULL)
		msa_wipe(d, sizeof *d);
}
