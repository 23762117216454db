/*
 * fuzz_cert.c -- certificates: PEM/DER files (msa_cert_decode_file), chains
 * into the validation (msa_cert_validate: MSA's bounded X.509 parser, the
 * profile, dates, BearSSL's chain check, the identity), trust anchors
 * (msa_anchors_add), references and the store, private keys
 * (msa_private_key_load, msa_cert_key_match).
 *
 * Input: octet 0 chooses
 *   bits 0..1  the mode: 0 = the rest is a file (PEM or DER) decoded by
 *              msa_cert_decode_file, then validated as a chain; 1 = the
 *              rest is a chain of DER certificates, each a 2-octet
 *              big-endian length then the octets (up to MSA_MAX_CHAIN + 1,
 *              the last one may be cut short); 2 = the rest is a private
 *              key file (DER or PEM); 3 = like 1, each certificate offered
 *              to msa_anchors_add, then the chain validated against them;
 *   bits 2..4  the time (times[] below: the test PKI's fixed instant
 *              2030-01-01, the edges of its validity period, no clock);
 *   bit 5      the expected identity: none (NULL), or the one of ids[]
 *              named by octet 1's low bits (then octet 1 is not data);
 *   bits 6..7  the trust anchors: both test roots, the P-256 root only,
 *              none, or the intermediate CA alone.
 * The anchors are vectors/pki's root-ca, root384-ca, int-ca, built in
 * (mk/fuzz.mk writes them into fuzz_pki.h); seeds: every vectors/pki
 * certificate, chain and key file (fuzz/gen_seeds.c).
 *
 * Every certificate and file is handed over in a heap block of exactly its
 * size, so ASan sees an overread. Properties (msa.h, certificates section;
 * REQ-CRT-*, REQ-LIM-004, REQ-LIM-005):
 *  - each call returns MSA_OK or one of its documented errors;
 *  - msa_cert_decode_file: on MSA_OK, 1 <= count <= max, the certificates
 *    lie one after the other from out[0], inside out[0..cap);
 *  - msa_cert_validate: on failure *info is all zero; more than
 *    MSA_MAX_CHAIN certificates is CHAIN_TOO_LONG; a certificate over
 *    MSA_MAX_CERT octets or no anchor at all is never MSA_OK; on MSA_OK the
 *    key is a P-256/P-384 uncompressed point of the algorithm's length and
 *    the identity 1..MSA_MAX_IDENTITY printable octets, NUL-terminated,
 *    equal to the expected one when given; the same call again gives the
 *    same answer (no hidden state); accepted without an expected identity
 *    => accepted with its own identity, refused (CERT_IDENTITY) with that
 *    identity changed in its last octet or one octet longer; accepted at
 *    `now` => accepted without a clock with floor = now (the floor rule
 *    never refuses what a real clock accepts);
 *  - msa_cert_ref is SHA-256 (BearSSL, computed here) of the certificate;
 *    the store finds the chain it was given under its end entity's ref;
 *  - msa_anchors_add: an accepted anchor has a sane DN and key; adding it
 *    again changes nothing;
 *  - msa_private_key_load: MSA_OK with a key of 32/48 octets, or BAD_KEY
 *    with *k all zero; msa_cert_key_match answers OK, BAD_KEY or
 *    CERT_DECODE.
 */
#include <stdlib.h>
#include <string.h>
#include <bearssl.h>
#include "fuzz.h"
#include "fuzz_pki.h"

#define MAXC (MSA_MAX_CHAIN + 1u)   /* one more than allowed: CHAIN_TOO_LONG */
#define TIME_2030 1893456000u

static const struct {
	uint64_t now, floor;
} times[8] = {
	{ TIME_2030, 0 },
	{ MSA_TIME_UNKNOWN, TIME_2030 },
	{ 1735689600u, 0 },            /* the good certificates' notBefore */
	{ 1735689599u, 0 },
	{ 2366841600u, 0 },            /* their notAfter */
	{ 2366841601u, 0 },
	{ 0, 0 },
	{ MSA_TIME_UNKNOWN, 0 },
};

static const char *const ids[4] = {
	"urn:msa:ae:initiator-1", "urn:msa:ae:responder-1",
	"urn:msa:ae:chain4", "urn:msa:ae:responder-384",
};

static msa_anchors anchor_sets[4];
static int ready;

static int
is_one_of(int r, const int *codes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (r == codes[i])
			return 1;
	return 0;
}

static int
all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (ready)
		return 0;
	msa_anchors_init(&anchor_sets[0]);
	FUZZ_ASSERT(msa_anchors_add(&anchor_sets[0], pki_root_ca_der, sizeof pki_root_ca_der) == MSA_OK
		&& msa_anchors_add(&anchor_sets[0], pki_root384_ca_der, sizeof pki_root384_ca_der) == MSA_OK,
		"the test roots are not accepted as anchors");
	msa_anchors_init(&anchor_sets[1]);
	FUZZ_ASSERT(msa_anchors_add(&anchor_sets[1], pki_root_ca_der, sizeof pki_root_ca_der) == MSA_OK,
		"root-ca is not accepted as an anchor");
	msa_anchors_init(&anchor_sets[2]);
	msa_anchors_init(&anchor_sets[3]);
	FUZZ_ASSERT(msa_anchors_add(&anchor_sets[3], pki_int_ca_der, sizeof pki_int_ca_der) == MSA_OK,
		"int-ca is not accepted as an anchor");
	ready = 1;
	return 0;
}

static void
check_info(const msa_cert_info *info, const char *id)
{
	size_t want = info->sig_alg == MSA_SIG_ECDSA_P256_SHA256 ? 65u
		: info->sig_alg == MSA_SIG_ECDSA_P384_SHA384 ? 97u : 0u;
	size_t i;

	FUZZ_ASSERT(want != 0 && info->pub_len == want && info->pub[0] == 0x04u,
		"validated: sig_alg %u with a key of %zu octets (%02x...)",
		info->sig_alg, info->pub_len, info->pub[0]);
	FUZZ_ASSERT(info->identity_len >= 1u && info->identity_len <= MSA_MAX_IDENTITY
		&& info->identity[info->identity_len] == '\0'
		&& strlen(info->identity) == info->identity_len,
		"validated: identity of %zu octets, not NUL-terminated there", info->identity_len);
	for (i = 0; i < info->identity_len; i++)
		FUZZ_ASSERT(info->identity[i] > 0x20 && info->identity[i] < 0x7F,
			"validated: identity octet %zu is %02x", i, (unsigned)(uint8_t)info->identity[i]);
	if (id != NULL)
		FUZZ_ASSERT(strcmp(info->identity, id) == 0, "validated %s, expected %s",
			info->identity, id);
}

/* Every property of one msa_cert_validate call, and its relatives. */
static void
validate(const msa_anchors *ta, int no_anchors, const msa_seg *c, size_t n,
	const char *id, uint64_t now, uint64_t floor)
{
	static const int codes[] = { MSA_OK, MSA_ERR_CERT_DECODE, MSA_ERR_CERT_CHAIN_TOO_LONG,
		MSA_ERR_CERT_PROFILE, MSA_ERR_CERT_KEY_TYPE, MSA_ERR_CERT_NOT_CA,
		MSA_ERR_CERT_KEY_USAGE, MSA_ERR_CERT_EXPIRED, MSA_ERR_CERT_NOT_YET_VALID,
		MSA_ERR_CERT_UNTRUSTED, MSA_ERR_CERT_IDENTITY };
	msa_cert_info info, again, other;
	size_t idl = id != NULL ? strlen(id) : 0, i;
	int r, r2, big = 0;

	memset(&info, 0xA5, sizeof info);
	r = msa_cert_validate(ta, c, n, (const uint8_t *)id, idl, now, floor, &info);
	FUZZ_ASSERT(is_one_of(r, codes, sizeof codes / sizeof codes[0]),
		"msa_cert_validate returned %d (%s)", r, msa_err_name(r));
	memset(&again, 0x5A, sizeof again);
	r2 = msa_cert_validate(ta, c, n, (const uint8_t *)id, idl, now, floor, &again);
	FUZZ_ASSERT(r2 == r && memcmp(&info, &again, sizeof info) == 0,
		"msa_cert_validate: %s, then %s on the same input", msa_err_name(r), msa_err_name(r2));
	for (i = 0; i < n; i++)
		if (c[i].len > MSA_MAX_CERT)
			big = 1;
	if (n > MSA_MAX_CHAIN)
		FUZZ_ASSERT(r == MSA_ERR_CERT_CHAIN_TOO_LONG, "%zu certificates: %s", n, msa_err_name(r));
	if (r != MSA_OK) {
		FUZZ_ASSERT(all_zero(&info, sizeof info), "%s with *info not zeroed", msa_err_name(r));
		return;
	}
	FUZZ_ASSERT(!big, "a certificate over %u octets validated", MSA_MAX_CERT);
	FUZZ_ASSERT(!no_anchors, "a chain validated without any trust anchor");
	FUZZ_ASSERT(n >= 1u && n <= MSA_MAX_CHAIN, "validated a chain of %zu", n);
	check_info(&info, id);

	/* The identity check, from the identity found. */
	if (id == NULL) {
		char alt[MSA_MAX_IDENTITY + 2];
		size_t l = info.identity_len;

		r = msa_cert_validate(ta, c, n, (const uint8_t *)info.identity, l, now, floor, &other);
		FUZZ_ASSERT(r == MSA_OK && memcmp(&info, &other, sizeof info) == 0,
			"validated, but not with its own identity: %s", msa_err_name(r));
		memcpy(alt, info.identity, l);
		alt[l - 1u] ^= 0x01;
		r = msa_cert_validate(ta, c, n, (const uint8_t *)alt, l, now, floor, &other);
		FUZZ_ASSERT(r == MSA_ERR_CERT_IDENTITY && all_zero(&other, sizeof other),
			"identity changed in its last octet: %s", msa_err_name(r));
		memcpy(alt, info.identity, l);
		alt[l] = 'x';
		r = msa_cert_validate(ta, c, n, (const uint8_t *)alt, l + 1u, now, floor, &other);
		FUZZ_ASSERT(r == MSA_ERR_CERT_IDENTITY, "identity one octet longer: %s", msa_err_name(r));
	}
	/* The floor rule accepts what the clock accepts. */
	if (now != MSA_TIME_UNKNOWN) {
		r = msa_cert_validate(ta, c, n, (const uint8_t *)id, idl, MSA_TIME_UNKNOWN, now, &other);
		FUZZ_ASSERT(r == MSA_OK && memcmp(&info, &other, sizeof info) == 0,
			"valid at %llu, but not without a clock with that floor: %s",
			(unsigned long long)now, msa_err_name(r));
	}
}

/* References and the store, on any chain of 1..MSA_MAX_CHAIN. */
static void
refs(const msa_seg *c, size_t n)
{
	static msa_cert_store st;
	const msa_known_cert *k = NULL;
	uint8_t ref[MSA_CERTREF_LEN], want[32];
	br_sha256_context h;
	size_t i;
	int r, bad = 0;

	msa_cert_ref(c[0].ptr, c[0].len, ref);
	br_sha256_init(&h);
	br_sha256_update(&h, c[0].ptr, c[0].len);
	br_sha256_out(&h, want);
	FUZZ_ASSERT(memcmp(ref, want, sizeof want) == 0, "msa_cert_ref is not SHA-256");
	for (i = 0; i < n; i++)
		if (c[i].len == 0 || c[i].len > MSA_MAX_CERT)
			bad = 1;
	msa_cert_store_init(&st);
	r = msa_cert_store_add(&st, c, n);
	if (n > MSA_MAX_CHAIN) {
		FUZZ_ASSERT(r == MSA_ERR_CERT_CHAIN_TOO_LONG, "store_add of %zu: %s", n, msa_err_name(r));
		return;
	}
	if (bad) {
		FUZZ_ASSERT(r == MSA_ERR_CERT_PROFILE, "store_add of an empty or oversized certificate: %s",
			msa_err_name(r));
		return;
	}
	FUZZ_ASSERT(r == MSA_OK, "store_add: %s", msa_err_name(r));
	r = msa_cert_store_find(&st, ref, &k);
	FUZZ_ASSERT(r == MSA_OK && k != NULL && k->n == n, "store_find: %s", msa_err_name(r));
	for (i = 0; i < n; i++)
		FUZZ_ASSERT(k->chain[i].ptr == c[i].ptr && k->chain[i].len == c[i].len,
			"the store changed certificate %zu", i);
	ref[0] ^= 0x80u;
	r = msa_cert_store_find(&st, ref, &k);
	FUZZ_ASSERT(r == MSA_ERR_CERT_UNKNOWN_REF && k == NULL, "store_find of another ref: %s",
		msa_err_name(r));
}

/* Anchors from the chain's certificates. */
static void
anchors(msa_anchors *ta, const msa_seg *c, size_t n)
{
	static const int codes[] = { MSA_OK, MSA_ERR_CERT_DECODE, MSA_ERR_CERT_NOT_CA,
		MSA_ERR_CERT_KEY_USAGE, MSA_ERR_CERT_KEY_TYPE, MSA_ERR_CERT_PROFILE,
		MSA_ERR_BUFFER_TOO_SMALL };
	size_t i, before;
	int r;

	msa_anchors_init(ta);
	for (i = 0; i < n; i++) {
		before = ta->n;
		r = msa_anchors_add(ta, c[i].ptr, c[i].len);
		FUZZ_ASSERT(is_one_of(r, codes, sizeof codes / sizeof codes[0]),
			"msa_anchors_add returned %d (%s)", r, msa_err_name(r));
		FUZZ_ASSERT(ta->n <= MSA_MAX_ANCHORS, "%zu anchors", ta->n);
		if (r != MSA_OK) {
			FUZZ_ASSERT(ta->n == before, "anchors_add failed (%s) yet added", msa_err_name(r));
			continue;
		}
		FUZZ_ASSERT(ta->n == before || ta->n == before + 1u, "anchors_add added %zu",
			ta->n - before);
		{
			const msa_anchor *a = &ta->a[ta->n - 1u];
			FUZZ_ASSERT(a->dn_len >= 2u && a->dn_len <= MSA_MAX_DN && a->dn[0] == 0x30u,
				"anchor DN of %zu octets", a->dn_len);
			FUZZ_ASSERT((a->sig_alg == MSA_SIG_ECDSA_P256_SHA256 && a->pub_len == 65u)
				|| (a->sig_alg == MSA_SIG_ECDSA_P384_SHA384 && a->pub_len == 97u),
				"anchor sig_alg %u, key of %zu", a->sig_alg, a->pub_len);
			FUZZ_ASSERT(a->pub[0] == 0x04u, "anchor key not uncompressed");
		}
		before = ta->n;
		r = msa_anchors_add(ta, c[i].ptr, c[i].len);
		FUZZ_ASSERT(r == MSA_OK && ta->n == before, "the same anchor again: %s, %zu -> %zu",
			msa_err_name(r), before, ta->n);
	}
}

static void
key_file(const uint8_t *d, size_t n)
{
	msa_private_key k;
	uint8_t *copy = malloc(n ? n : 1u);
	int r;

	FUZZ_ASSERT(copy != NULL, "malloc");
	memcpy(copy, d, n);
	memset(&k, 0xA5, sizeof k);
	r = msa_private_key_load(&k, copy, n);
	free(copy);
	if (r != MSA_OK) {
		FUZZ_ASSERT(r == MSA_ERR_BAD_KEY, "msa_private_key_load returned %d (%s)", r,
			msa_err_name(r));
		FUZZ_ASSERT(all_zero(&k, sizeof k), "BAD_KEY with *k not wiped");
		return;
	}
	FUZZ_ASSERT((k.sig_alg == MSA_SIG_ECDSA_P256_SHA256 && k.len == 32u)
		|| (k.sig_alg == MSA_SIG_ECDSA_P384_SHA384 && k.len == 48u),
		"loaded a key: sig_alg %u, %zu octets", k.sig_alg, k.len);
	FUZZ_ASSERT(!all_zero(k.x, k.len), "loaded a zero key");
	r = msa_cert_key_match(&k, pki_initiator_1_der, sizeof pki_initiator_1_der);
	FUZZ_ASSERT(r == MSA_OK || r == MSA_ERR_BAD_KEY, "key_match: %s", msa_err_name(r));
	msa_private_key_wipe(&k);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static msa_anchors own;
	msa_seg c[MAXC];
	uint8_t *blk[MAXC];
	const msa_anchors *ta;
	const char *id = NULL;
	size_t n = 0, i, p;
	unsigned mode, ti, as;

	if (!ready)
		LLVMFuzzerInitialize(NULL, NULL);
	if (size < 1u)
		return 0;
	mode = data[0] & 3u;
	ti = (data[0] >> 2) & 7u;
	as = data[0] >> 6;
	p = 1;
	if ((data[0] & 0x20u) != 0u) {
		if (size < 2u)
			return 0;
		id = ids[data[1] & 3u];
		p = 2;
	}
	ta = &anchor_sets[as];

	if (mode == 2u) {
		key_file(data + p, size - p);
		return 0;
	}
	if (mode == 0u) {
		static const int codes[] = { MSA_OK, MSA_ERR_CERT_DECODE, MSA_ERR_BUFFER_TOO_SMALL };
		size_t in_len = size - p, cap = in_len, count = 7777;
		uint8_t *in = malloc(in_len ? in_len : 1u), *out = malloc(cap ? cap : 1u);
		int r;

		FUZZ_ASSERT(in != NULL && out != NULL, "malloc");
		memcpy(in, data + p, in_len);
		r = msa_cert_decode_file(in, in_len, out, cap, c, MAXC, &count);
		free(in);
		FUZZ_ASSERT(is_one_of(r, codes, sizeof codes / sizeof codes[0]),
			"msa_cert_decode_file returned %d (%s)", r, msa_err_name(r));
		if (r != MSA_OK) {
			FUZZ_ASSERT(count == 0, "%s with a count of %zu", msa_err_name(r), count);
			free(out);
			return 0;
		}
		FUZZ_ASSERT(count >= 1u && count <= MAXC, "decode_file: %zu certificates", count);
		for (i = 0; i < count; i++) {
			const uint8_t *want = i == 0 ? out : c[i - 1u].ptr + c[i - 1u].len;
			/* An empty CERTIFICATE object gives a certificate of 0 octets
			 * (decode_file does not parse them): validation refuses it. */
			FUZZ_ASSERT(c[i].ptr == want && c[i].len <= cap - (size_t)(c[i].ptr - out),
				"decode_file: certificate %zu not where expected", i);
		}
		/* Each certificate in its own block of its exact size. */
		for (i = 0; i < count; i++) {
			blk[i] = malloc(c[i].len ? c[i].len : 1u);
			FUZZ_ASSERT(blk[i] != NULL, "malloc");
			memcpy(blk[i], c[i].ptr, c[i].len);
			c[i].ptr = blk[i];
		}
		free(out);
		n = count;
	} else {
		while (n < MAXC && p + 2u <= size) {
			size_t l = (size_t)data[p] * 256u + data[p + 1u];
			p += 2u;
			if (l > size - p)
				l = size - p;
			blk[n] = malloc(l ? l : 1u);
			FUZZ_ASSERT(blk[n] != NULL, "malloc");
			memcpy(blk[n], data + p, l);
			c[n].ptr = blk[n];
			c[n].len = l;
			p += l;
			n++;
		}
		if (n == 0)
			return 0;
	}

	if (mode == 3u) {
		anchors(&own, c, n);
		ta = &own;
	}
	validate(ta, ta->n == 0, c, n, id, times[ti].now, times[ti].floor);
	refs(c, n);
	for (i = 0; i < n; i++)
		free(blk[i]);
	return 0;
}
