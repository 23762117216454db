/*
 * crypto_bearssl_mac.c -- HMAC, HKDF (RFC 5869) and the integrity-only
 * ICV on BearSSL (REQ-KS-001, REQ-KS-006, REQ-DT-007,
 * REQ-CRY-007). HKDF is written on br_hmac rather
 * than br_hkdf because the key schedule expands from a given PRK, which
 * br_hkdf cannot take.
 */
#include <string.h>
#include "crypto_bearssl.h"
#include "ct.h"

int
msa_br_hmac(unsigned hash, const uint8_t *key, size_t key_len,
	const msa_seg *seg, size_t nseg, uint8_t *out)
{
	const br_hash_class *vt = msa_br_hash(hash);
	br_hmac_key_context kc;
	br_hmac_context hc;
	size_t i;

	if (vt == NULL)
		return MSA_ERR_UNSUPPORTED;
	if ((key == NULL && key_len > 0) || seg == NULL || nseg < 1 || nseg > 3
		|| out == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	for (i = 0; i < nseg; i++)
		if (seg[i].ptr == NULL && seg[i].len > 0)
			return MSA_ERR_BAD_ARGUMENT;
	br_hmac_key_init(&kc, vt, key, key_len);
	br_hmac_init(&hc, &kc, 0);
	for (i = 0; i < nseg; i++)
		if (seg[i].len > 0)
			br_hmac_update(&hc, seg[i].ptr, seg[i].len);
	br_hmac_out(&hc, out);
	msa_wipe(&kc, sizeof kc);
	msa_wipe(&hc, sizeof hc);
	return MSA_OK;
}

int
msa_br_hkdf_extract(unsigned hash, const uint8_t *salt, size_t salt_len,
	const uint8_t *ikm, size_t ikm_len, uint8_t *prk)
{
	msa_seg seg;

	/* An empty salt is the same HMAC key as HashLen zero bytes: HMAC
	 * pads keys with zeros to the block size (RFC 5869 2.2). */
	if (salt == NULL && salt_len > 0)
		return MSA_ERR_BAD_ARGUMENT;
	seg.ptr = ikm;
	seg.len = ikm_len;
	return msa_br_hmac(hash, salt, salt_len, &seg, 1, prk);
}

int
msa_br_hkdf_expand(unsigned hash, const uint8_t *prk, size_t prk_len,
	const uint8_t *info, size_t info_len, uint8_t *out, size_t out_len)
{
	const br_hash_class *vt = msa_br_hash(hash);
	size_t hl = msa_hash_len(hash), done = 0, prev = 0;
	br_hmac_key_context kc;
	br_hmac_context hc;
	uint8_t t[MSA_MAX_HASH];
	uint8_t ctr = 0;

	if (vt == NULL)
		return MSA_ERR_UNSUPPORTED;
	if (prk == NULL || prk_len == 0 || (info == NULL && info_len > 0)
		|| out == NULL || out_len == 0 || out_len > 255 * hl)
		return MSA_ERR_BAD_ARGUMENT;
	/* T(i) = HMAC(PRK, T(i-1) || info || i), T(0) empty. */
	br_hmac_key_init(&kc, vt, prk, prk_len);
	while (done < out_len) {
		size_t n = out_len - done < hl ? out_len - done : hl;

		ctr++;
		br_hmac_init(&hc, &kc, 0);
		br_hmac_update(&hc, t, prev);
		if (info_len > 0)
			br_hmac_update(&hc, info, info_len);
		br_hmac_update(&hc, &ctr, 1);
		br_hmac_out(&hc, t);
		memcpy(out + done, t, n);
		done += n;
		prev = hl;
	}
	msa_wipe(&kc, sizeof kc);
	msa_wipe(&hc, sizeof hc);
	msa_wipe(t, sizeof t);
	return MSA_OK;
}

/* (Contract: an assumption, H15, on BearSSL's HMAC through msa_br_hmac.) */
/*@ requires key == \null || \valid_read(key + (0 .. key_len - 1));
    requires aad == \null || \valid_read(aad + (0 .. aad_len - 1));
    requires body == \null || \valid_read(body + (0 .. body_len - 1));
    requires icv == \null || \valid(icv + (0 .. MSA_ICV_LEN - 1));
    assigns icv[0 .. MSA_ICV_LEN - 1];
    ensures \result == MSA_OK || \result == MSA_ERR_BAD_ARGUMENT || \result == MSA_ERR_UNSUPPORTED;
 */
int
msa_br_icv_compute(const uint8_t *key, size_t key_len,
	const uint8_t *aad, size_t aad_len,
	const uint8_t *body, size_t body_len, uint8_t *icv)
{
	msa_seg seg[2];

	if (key == NULL || key_len != 32 || icv == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	seg[0].ptr = aad;
	seg[0].len = aad_len;
	seg[1].ptr = body;
	seg[1].len = body_len;
	return msa_br_hmac(MSA_HASH_SHA256, key, key_len, seg, 2, icv);
}

int
msa_br_icv_verify(const uint8_t *key, size_t key_len,
	const uint8_t *aad, size_t aad_len,
	const uint8_t *body, size_t body_len, const uint8_t *icv)
{
	uint8_t want[MSA_ICV_LEN];
	int err, ok;

	if (icv == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	err = msa_br_icv_compute(key, key_len, aad, aad_len, body, body_len, want);
	if (err != MSA_OK)
		return err;
	ok = msa_ct_eq_u8(want, icv, sizeof want);
	msa_wipe_u8(want, sizeof want);
	MSA_CT_PUBLIC(&ok, sizeof ok);   /* the verdict is public */
	return ok ? MSA_OK : MSA_ERR_BAD_RECORD;
}
