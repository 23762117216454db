/*
 * keysched.c -- the key schedule of an association (spec 9, REQ-KS-*):
 * thin wrappers over ExpandLabel (src/hkdf.c) with the suite's hash, and
 * the build profile's view of the suite registry.
 */
#include <string.h>

#include "engine.h"
#include "internal.h"

const msa_suite *
msa_engine_suite(unsigned id)
{
	const msa_suite *s = msa_suite_find((uint16_t)id);

	if (id > 0xFFFFu || s == NULL || s->reserved)
		return NULL;
	if (s->hash_len > MSA_CFG_HASH_MAX || s->key_len > MSA_CFG_KEY_MAX)
		return NULL;
	if (s->group == MSA_GROUP_P256 && !MSA_CFG_P256)
		return NULL;
	if (s->group != MSA_GROUP_X25519 && s->group != MSA_GROUP_P256)
		return NULL;
	return s;
}

int
msa_ks_extract(const msa_crypto_provider *p, const msa_suite *s,
	const uint8_t *salt, const uint8_t *ikm, size_t ikm_len, uint8_t *prk)
{
	static const uint8_t zeros[MSA_MAX_HASH];

	return p->hkdf_extract(s->hash, salt != NULL ? salt : zeros, s->hash_len,
		ikm, ikm_len, prk);
}

int
msa_ks_label(const msa_crypto_provider *p, const msa_suite *s,
	const uint8_t *secret, const char *label, const uint8_t *ctx, size_t ctx_len,
	uint8_t *out, size_t L)
{
	return msa_expand_label(p, s->hash, secret, s->hash_len, label, ctx, ctx_len, out, L);
}

int
msa_ks_traffic(const msa_crypto_provider *p, const msa_suite *s,
	const uint8_t *ts, uint8_t *key, uint8_t *iv)
{
	int r = msa_ks_label(p, s, ts, "key", NULL, 0, key, s->key_len);

	if (r == MSA_OK && s->aead)
		r = msa_ks_label(p, s, ts, "iv", NULL, 0, iv, 12);
	return r;
}

int
msa_ks_from_master(const msa_crypto_provider *p, const msa_suite *s,
	const uint8_t *ms, uint8_t *rk, uint8_t *ts_i2r, uint8_t *ts_r2i)
{
	int r = msa_ks_label(p, s, ms, "rekey", NULL, 0, rk, s->hash_len);

	if (r == MSA_OK)
		r = msa_ks_label(p, s, ms, "i2r", NULL, 0, ts_i2r, s->hash_len);
	if (r == MSA_OK)
		r = msa_ks_label(p, s, ms, "r2i", NULL, 0, ts_r2i, s->hash_len);
	return r;
}
