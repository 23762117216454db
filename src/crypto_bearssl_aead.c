/*
 * crypto_bearssl_aead.c -- record protection on BearSSL (REQ-CRY-007,
 * REQ-CRY-008, REQ-DT-006): AES-GCM, AES-CCM, ChaCha20-Poly1305. Each call expands the
 * key schedule on the stack and wipes it before returning (an established
 * association stores only raw keys); with a caller's msa_key_cache the
 * engine instead keeps AES-GCM's expanded context there (aead_expand,
 * aead_seal_x, aead_open_x, at the end of this file). Open decrypts in place, compares tags
 * with msa_ct_eq and, on a mismatch, zeroes the buffer: no unauthenticated
 * plaintext survives a failed open.
 */
#include <string.h>
#include "crypto_bearssl.h"
#include "ct.h"

static int
aes_key_ok(size_t key_len)
{
	return key_len == 16 || key_len == 24 || key_len == 32;
}

/* Common end of every open: verdict of the tag comparison, wipe on failure. */
/*@ requires tag_len <= 16;
    requires \valid_read(want + (0 .. tag_len - 1)) && \valid_read(tag + (0 .. tag_len - 1));
    requires \valid(data + (0 .. len - 1));
    requires \separated(data + (0 .. len - 1), want + (0 .. tag_len - 1), tag + (0 .. tag_len - 1));
    assigns data[0 .. len - 1];
    ensures \result == MSA_OK || \result == MSA_ERR_BAD_RECORD;
    ensures \result == MSA_OK <==> (\forall integer k; 0 <= k < tag_len ==> want[k] == tag[k]);
    ensures \result == MSA_OK ==> aead_kept{Pre, Post}(data, len);
    ensures \result == MSA_ERR_BAD_RECORD ==> aead_zero(data, len);
 */
static int
open_verdict(const uint8_t *want, const uint8_t *tag, size_t tag_len,
	uint8_t *data, size_t len)
{
	int ok = msa_ct_eq_u8(want, tag, tag_len);

	MSA_CT_PUBLIC(&ok, sizeof ok);   /* the verdict is public */
	if (!ok) {
		msa_wipe_u8(data, len);
		return MSA_ERR_BAD_RECORD;
	}
	return MSA_OK;
}

/* ---------------------------------------------------------------- GCM */

/* BearSSL's GCM behind a typed contract (H15: not proved). */
/*@ requires key == \null || \valid_read(key + (0 .. key_len - 1));
    requires iv == \null || \valid_read(iv + (0 .. iv_len - 1));
    requires aad == \null || \valid_read(aad + (0 .. aad_len - 1));
    requires data == \null || \valid(data + (0 .. len - 1));
    requires tag == \null || \valid(tag + (0 .. tag_len - 1));
    assigns data[0 .. len - 1], tag[0 .. tag_len - 1];
    ensures \result == MSA_OK || \result == MSA_ERR_BAD_ARGUMENT;
    ensures \result == MSA_OK ==> tag != \null && 4 <= tag_len <= 16 && (data != \null || len == 0);
    ensures \result == MSA_ERR_BAD_ARGUMENT ==> aead_kept{Pre, Post}(data, len);
 */
static int
gcm_run(int encrypt, const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, uint8_t *tag, size_t tag_len)
{
	br_aes_gen_ctr_keys aes;
	br_gcm_context gc;
	const br_block_ctr_class *vt = msa_br_aes_ctr();

	if (key == NULL || !aes_key_ok(key_len) || iv == NULL || iv_len == 0
		|| (aad == NULL && aad_len > 0) || (data == NULL && len > 0)
		|| tag == NULL || tag_len < 4 || tag_len > 16)
		return MSA_ERR_BAD_ARGUMENT;
	vt->init(&aes.vtable, key, key_len);
	br_gcm_init(&gc, &aes.vtable, msa_br_ghash());
	br_gcm_reset(&gc, iv, iv_len);
	br_gcm_aad_inject(&gc, aad, aad_len);
	br_gcm_flip(&gc);
	br_gcm_run(&gc, encrypt, data, len);
	br_gcm_get_tag_trunc(&gc, tag, tag_len);
	msa_wipe(&gc, sizeof gc);
	msa_wipe(&aes, sizeof aes);
	return MSA_OK;
}

int
msa_br_gcm_seal(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, uint8_t *tag, size_t tag_len)
{
	return gcm_run(1, key, key_len, iv, iv_len, aad, aad_len, data, len,
		tag, tag_len);
}

int
msa_br_gcm_open(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, const uint8_t *tag, size_t tag_len)
{
	uint8_t want[16];
	int err;

	if (tag == NULL || tag_len > sizeof want)
		return MSA_ERR_BAD_ARGUMENT;
	err = gcm_run(0, key, key_len, iv, iv_len, aad, aad_len, data, len,
		want, tag_len);
	if (err == MSA_OK)
		err = open_verdict(want, tag, tag_len, data, len);
	msa_wipe_u8(want, sizeof want);
	return err;
}

/* ---------------------------------------------------------------- CCM */

/* BearSSL's CCM behind a typed contract (H15: not proved). */
/*@ requires key == \null || \valid_read(key + (0 .. key_len - 1));
    requires iv == \null || \valid_read(iv + (0 .. iv_len - 1));
    requires aad == \null || \valid_read(aad + (0 .. aad_len - 1));
    requires data == \null || \valid(data + (0 .. len - 1));
    requires tag == \null || \valid(tag + (0 .. tag_len - 1));
    assigns data[0 .. len - 1], tag[0 .. tag_len - 1];
    ensures \result == MSA_OK || \result == MSA_ERR_BAD_ARGUMENT;
    ensures \result == MSA_OK ==> tag != \null && 4 <= tag_len <= 16 && (data != \null || len == 0);
    ensures \result == MSA_ERR_BAD_ARGUMENT ==> aead_kept{Pre, Post}(data, len);
 */
static int
ccm_run(int encrypt, const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, uint8_t *tag, size_t tag_len)
{
	br_aes_gen_ctrcbc_keys aes;
	br_ccm_context cc;
	const br_block_ctrcbc_class *vt = msa_br_aes_ctrcbc();
	int ok;

	if (key == NULL || !aes_key_ok(key_len) || iv == NULL
		|| iv_len < 7 || iv_len > 13
		|| (aad == NULL && aad_len > 0) || (data == NULL && len > 0)
		|| tag == NULL || tag_len < 4 || tag_len > 16 || (tag_len & 1) != 0)
		return MSA_ERR_BAD_ARGUMENT;
	vt->init(&aes.vtable, key, key_len);
	br_ccm_init(&cc, &aes.vtable);
	/* Fails only when len does not fit the nonce's length field. */
	ok = br_ccm_reset(&cc, iv, iv_len, aad_len, len, tag_len);
	if (ok) {
		br_ccm_aad_inject(&cc, aad, aad_len);
		br_ccm_flip(&cc);
		br_ccm_run(&cc, encrypt, data, len);
		br_ccm_get_tag(&cc, tag);
	}
	msa_wipe(&cc, sizeof cc);
	msa_wipe(&aes, sizeof aes);
	return ok ? MSA_OK : MSA_ERR_BAD_ARGUMENT;
}

int
msa_br_ccm_seal(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, uint8_t *tag, size_t tag_len)
{
	return ccm_run(1, key, key_len, iv, iv_len, aad, aad_len, data, len,
		tag, tag_len);
}

int
msa_br_ccm_open(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, const uint8_t *tag, size_t tag_len)
{
	uint8_t want[16];
	int err;

	if (tag == NULL || tag_len > sizeof want)
		return MSA_ERR_BAD_ARGUMENT;
	err = ccm_run(0, key, key_len, iv, iv_len, aad, aad_len, data, len,
		want, tag_len);
	if (err == MSA_OK)
		err = open_verdict(want, tag, tag_len, data, len);
	msa_wipe_u8(want, sizeof want);
	return err;
}

/* ---------------------------------------------------------------- ChaCha20-Poly1305 */

/*@ assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> key != \null && key_len == 32 && iv != \null && iv_len == 12
      && (aad != \null || aad_len == 0) && (data != \null || len == 0)
      && tag != \null && tag_len == 16;
 */
static int
chapoly_args_ok(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, const uint8_t *data,
	size_t len, const uint8_t *tag, size_t tag_len)
{
	return key != NULL && key_len == 32 && iv != NULL && iv_len == 12
		&& (aad != NULL || aad_len == 0) && (data != NULL || len == 0)
		&& tag != NULL && tag_len == 16;
}

/* BearSSL's ChaCha20-Poly1305 (RFC 8439) behind a typed contract (H15:
 * not proved): data[0..len) encrypted or decrypted in place, the 16-octet
 * tag (of the ciphertext) in tag. */
/*@ requires \valid_read(key + (0 .. 31)) && \valid_read(iv + (0 .. 11));
    requires \valid(data + (0 .. len - 1)) && \valid_read(aad + (0 .. aad_len - 1));
    requires \valid(tag + (0 .. 15));
    assigns data[0 .. len - 1], tag[0 .. 15];
 */
static void
chapoly_run(const uint8_t *key, const uint8_t *iv, uint8_t *data, size_t len,
	const uint8_t *aad, size_t aad_len, uint8_t *tag, int encrypt)
{
	msa_br_poly1305()(key, iv, data, len, aad, aad_len, tag,
		msa_br_chacha20(), encrypt);
}

int
msa_br_chapoly_seal(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, uint8_t *tag, size_t tag_len)
{
	if (!chapoly_args_ok(key, key_len, iv, iv_len, aad, aad_len, data, len,
		tag, tag_len))
		return MSA_ERR_BAD_ARGUMENT;
	chapoly_run(key, iv, data, len, aad, aad_len, tag, 1);
	return MSA_OK;
}

int
msa_br_chapoly_open(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, const uint8_t *tag, size_t tag_len)
{
	uint8_t want[16];
	int err;

	if (!chapoly_args_ok(key, key_len, iv, iv_len, aad, aad_len, data, len,
		tag, tag_len))
		return MSA_ERR_BAD_ARGUMENT;
	/* Poly1305 runs over the ciphertext, then ChaCha20 decrypts. */
	chapoly_run(key, iv, data, len, aad, aad_len, want, 0);
	err = open_verdict(want, tag, 16, data, len);
	msa_wipe_u8(want, sizeof want);
	return err;
}

/* ---------------------------------------------------------------- provider */

/* Key length of an AEAD protection, 0 if not an AEAD. */
/*@ assigns \nothing;
    ensures \result == 0 || \result == 16 || \result == 32;
    ensures \result != 0 <==> 1 <= prot <= 4;
 */
static size_t
aead_key_len(unsigned prot)
{
	switch (prot) {
	case MSA_PROT_AES128GCM: return 16;
	case MSA_PROT_AES256GCM: return 32;
	case MSA_PROT_CHACHA20POLY1305: return 32;
	case MSA_PROT_AES128CCM: return 16;
	default: return 0;
	}
}

int
msa_br_aead_seal(unsigned prot, const uint8_t *key, size_t key_len,
	const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
	uint8_t *data, size_t len, uint8_t *tag)
{
	size_t kl = aead_key_len(prot);

	if (kl == 0)
		return MSA_ERR_UNSUPPORTED;
	if (key_len != kl || len > MSA_MAX_PDU)
		return MSA_ERR_BAD_ARGUMENT;
	switch (prot) {
	case MSA_PROT_CHACHA20POLY1305:
		return msa_br_chapoly_seal(key, key_len, nonce, MSA_AEAD_NONCE_LEN,
			aad, aad_len, data, len, tag, MSA_AEAD_TAG_LEN);
	case MSA_PROT_AES128CCM:
		return msa_br_ccm_seal(key, key_len, nonce, MSA_AEAD_NONCE_LEN,
			aad, aad_len, data, len, tag, MSA_AEAD_TAG_LEN);
	default:
		return msa_br_gcm_seal(key, key_len, nonce, MSA_AEAD_NONCE_LEN,
			aad, aad_len, data, len, tag, MSA_AEAD_TAG_LEN);
	}
}

int
msa_br_aead_open(unsigned prot, const uint8_t *key, size_t key_len,
	const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
	uint8_t *data, size_t len, const uint8_t *tag)
{
	size_t kl = aead_key_len(prot);
	int err;

	if (kl == 0)
		return MSA_ERR_UNSUPPORTED;
	if (key_len != kl || len > MSA_MAX_PDU)
		return MSA_ERR_BAD_ARGUMENT;
	switch (prot) {
	case MSA_PROT_CHACHA20POLY1305:
		err = msa_br_chapoly_open(key, key_len, nonce, MSA_AEAD_NONCE_LEN,
			aad, aad_len, data, len, tag, MSA_AEAD_TAG_LEN);
		break;
	case MSA_PROT_AES128CCM:
		err = msa_br_ccm_open(key, key_len, nonce, MSA_AEAD_NONCE_LEN,
			aad, aad_len, data, len, tag, MSA_AEAD_TAG_LEN);
		break;
	default:
		err = msa_br_gcm_open(key, key_len, nonce, MSA_AEAD_NONCE_LEN,
			aad, aad_len, data, len, tag, MSA_AEAD_TAG_LEN);
		break;
	}
	return err;
}

/* ---------------------------------------------------------------- expanded keys */

/*
 * The expanded AES-GCM context of a msa_key_cache direction: the AES round
 * keys (x86ni, or ct64 without AES-NI) and a br_gcm_context initialised
 * once (its H = E_K(0)). Per message only br_gcm_reset and the run: no key
 * schedule, no E_K(0), nothing to wipe (the context is the owner's to
 * wipe; what a message leaves in gc -- J0, the GHASH state over the
 * ciphertext -- is no more secret than H). gc.bctx points into the
 * context, so it is set again on every call (the context may have moved).
 */
typedef struct {
	br_aes_gen_ctr_keys aes;
	br_gcm_context gc;
	unsigned prot;
} gcm_x;

/* MSA_AEAD_CTX_BYTES must hold it, at no stricter alignment than uint64_t
 * (the compilers' check; Frama-C 25 does not parse _Alignof). */
#ifndef __FRAMAC__
typedef char gcm_x_fits[sizeof(gcm_x) <= MSA_AEAD_CTX_BYTES
	&& _Alignof(gcm_x) <= _Alignof(uint64_t) ? 1 : -1];
#endif

int
msa_br_aead_expand(unsigned prot, const uint8_t *key, size_t key_len,
	void *ctx, size_t ctx_cap)
{
	gcm_x *x = ctx;

	if (prot != MSA_PROT_AES128GCM && prot != MSA_PROT_AES256GCM)
		return MSA_ERR_UNSUPPORTED;   /* CCM, ChaCha20-Poly1305: per call */
	if (key == NULL || key_len != aead_key_len(prot) || ctx == NULL
		|| ctx_cap < sizeof *x)
		return MSA_ERR_BAD_ARGUMENT;
	msa_br_aes_ctr()->init(&x->aes.vtable, key, key_len);
	br_gcm_init(&x->gc, &x->aes.vtable, msa_br_ghash());
	x->prot = prot;
	return MSA_OK;
}

/* BearSSL's GCM over an expanded context behind a typed contract (H15:
 * not proved; ctx is the engine's msa_key_cache slot, set up by
 * msa_br_aead_expand). */
/*@ requires ctx == \null || \valid((char *)ctx + (0 .. MSA_AEAD_CTX_BYTES - 1));
    requires nonce == \null || \valid_read(nonce + (0 .. MSA_AEAD_NONCE_LEN - 1));
    requires aad == \null || \valid_read(aad + (0 .. aad_len - 1));
    requires data == \null || \valid(data + (0 .. len - 1));
    requires tag == \null || \valid(tag + (0 .. MSA_AEAD_TAG_LEN - 1));
    assigns ((char *)ctx)[0 .. MSA_AEAD_CTX_BYTES - 1], data[0 .. len - 1],
      tag[0 .. MSA_AEAD_TAG_LEN - 1];
    ensures \result == MSA_OK || \result == MSA_ERR_BAD_ARGUMENT;
    ensures \result == MSA_OK ==> tag != \null && (data != \null || len == 0);
    ensures \result == MSA_ERR_BAD_ARGUMENT ==> aead_kept{Pre, Post}(data, len);
 */
static int
gcm_x_run(int encrypt, unsigned prot, void *ctx, const uint8_t *nonce,
	const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len,
	uint8_t *tag)
{
	gcm_x *x = ctx;

	if (x == NULL || x->prot != prot || nonce == NULL || tag == NULL
		|| (aad == NULL && aad_len > 0) || (data == NULL && len > 0)
		|| len > MSA_MAX_PDU)
		return MSA_ERR_BAD_ARGUMENT;
	x->gc.bctx = &x->aes.vtable;
	br_gcm_reset(&x->gc, nonce, MSA_AEAD_NONCE_LEN);
	br_gcm_aad_inject(&x->gc, aad, aad_len);
	br_gcm_flip(&x->gc);
	br_gcm_run(&x->gc, encrypt, data, len);
	br_gcm_get_tag(&x->gc, tag);
	return MSA_OK;
}

int
msa_br_aead_seal_x(unsigned prot, void *ctx, const uint8_t *nonce,
	const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len,
	uint8_t *tag)
{
	return gcm_x_run(1, prot, ctx, nonce, aad, aad_len, data, len, tag);
}

int
msa_br_aead_open_x(unsigned prot, void *ctx, const uint8_t *nonce,
	const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len,
	const uint8_t *tag)
{
	uint8_t want[16];
	int err;

	if (tag == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	err = gcm_x_run(0, prot, ctx, nonce, aad, aad_len, data, len, want);
	if (err == MSA_OK)
		err = open_verdict(want, tag, MSA_AEAD_TAG_LEN, data, len);
	msa_wipe_u8(want, sizeof want);
	return err;
}
