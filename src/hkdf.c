/*
 * hkdf.c -- the MSA key-schedule helpers on top of any crypto provider:
 * ExpandLabel (spec "Key schedule", REQ-KS-*) and the handshake MAC check.
 */
#include <string.h>
#include "internal.h"
#include "ct.h"

int
msa_expand_label_info(uint8_t *info, size_t cap, size_t L,
	const char *label, const uint8_t *ctx, size_t ctx_len)
{
	size_t label_len, pre = sizeof MSA_LABEL_PREFIX - 1, n;

	if (info == NULL || label == NULL || (ctx == NULL && ctx_len > 0))
		return MSA_ERR_BAD_ARGUMENT;
	label_len = strnlen(label, MSA_LABEL_MAX + 1);
	if (label_len > MSA_LABEL_MAX || ctx_len > 255 || L == 0 || L > 65535)
		return MSA_ERR_BAD_ARGUMENT;
	n = 2 + 1 + pre + label_len + 1 + ctx_len;
	if (n > cap)
		return MSA_ERR_BUFFER_TOO_SMALL;
	info[0] = (uint8_t)(L >> 8);
	info[1] = (uint8_t)L;
	info[2] = (uint8_t)(pre + label_len);
	memcpy(info + 3, MSA_LABEL_PREFIX, pre);
	memcpy(info + 3 + pre, label, label_len);
	info[3 + pre + label_len] = (uint8_t)ctx_len;
	if (ctx_len > 0)
		memcpy(info + 4 + pre + label_len, ctx, ctx_len);
	return (int)n;
}

int
msa_expand_label(const msa_crypto_provider *p, unsigned hash,
	const uint8_t *secret, size_t secret_len, const char *label,
	const uint8_t *ctx, size_t ctx_len, uint8_t *out, size_t L)
{
	uint8_t info[MSA_INFO_MAX];
	int n;

	if (p == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	n = msa_expand_label_info(info, sizeof info, L, label, ctx, ctx_len);
	if (n < 0)
		return n;
	return p->hkdf_expand(hash, secret, secret_len, info, (size_t)n, out, L);
}

int
msa_mac_verify(const msa_crypto_provider *p, unsigned hash,
	const uint8_t *key, size_t key_len, const uint8_t *data, size_t len,
	const uint8_t *mac, size_t mac_len)
{
	uint8_t want[MSA_MAX_HASH];
	msa_seg seg;
	size_t hl = msa_hash_len(hash);
	int err, ok;

	if (p == NULL || mac == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	if (hl == 0)
		return MSA_ERR_UNSUPPORTED;
	seg.ptr = data;
	seg.len = len;
	err = p->hmac(hash, key, key_len, &seg, 1, want);
	if (err != MSA_OK)
		return err;
	ok = mac_len == hl && msa_ct_eq(want, mac, hl);
	msa_wipe(want, sizeof want);
	MSA_CT_PUBLIC(&ok, sizeof ok);   /* the verdict is public */
	return ok ? MSA_OK : MSA_ERR_BAD_MAC;
}
