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
static int
open_verdict(const uint8_t *want, const uint8_t *tag, size_t tag_len,
	uint8_t *data, size_t len)
{
	int ok = msa_ct_eq(want, tag, tag_len);

	MSA_CT_PUBLIC(&ok, sizeof ok);   /* the verdict is public */
	if (!ok) {
		msa_wipe(data, len);
		return MSA_ERR_BAD_RECORD;
	}
	return MSA_OK;
}

/* ---------------------------------------------------------------- GCM */

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

	if (tag == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	err = gcm_run(0, key, key_len, iv, iv_len, aad, aad_len, data, len,
		want, tag_len);
	if (err == MSA_OK)
		err = open_verdict(want, tag, tag_len, data, len);
	msa_wipe(want, sizeof want);
	return err;
}

/* ---------------------------------------------------------------- CCM */

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

	if (tag == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	err = ccm_run(0, key, key_len, iv, iv_len, aad, aad_len, data, len,
		want, tag_len);
	if (err == MSA_OK)
		err = open_verdict(want, tag, tag_len, data, len);
	msa_wipe(want, sizeof want);
	return err;
}

/* ---------------------------------------------------------------- ChaCha20-Poly1305 */

static int
chapoly_args_ok(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, const uint8_t *data,
	size_t len, const uint8_t *tag, size_t tag_len)
{
	return key != NULL && key_len == 32 && iv != NULL && iv_len == 12
		&& (aad != NULL || aad_len == 0) && (data != NULL || len == 0)
		&& tag != NULL && tag_len == 16;
}

int
msa_br_chapoly_seal(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, uint8_t *tag, size_t tag_len)
{
	if (!chapoly_args_ok(key, key_len, iv, iv_len, aad, aad_len, data, len,
		tag, tag_len))
		return MSA_ERR_BAD_ARGUMENT;
	msa_br_poly1305()(key, iv, data, len, aad, aad_len, tag,
		msa_br_chacha20(), 1);
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
	msa_br_poly1305()(key, iv, data, len, aad, aad_len, want,
		msa_br_chacha20(), 0);
	err = open_verdict(want, tag, 16, data, len);
	msa_wipe(want, sizeof want);
	return err;
}

/* ---------------------------------------------------------------- provider */

/* Key length of an AEAD protection, 0 if not an AEAD. */
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

	if (kl == 0)
		return MSA_ERR_UNSUPPORTED;
	if (key_len != kl || len > MSA_MAX_PDU)
		return MSA_ERR_BAD_ARGUMENT;
	switch (prot) {
	case MSA_PROT_CHACHA20POLY1305:
		return msa_br_chapoly_open(key, key_len, nonce, MSA_AEAD_NONCE_LEN,
			aad, aad_len, data, len, tag, MSA_AEAD_TAG_LEN);
	case MSA_PROT_AES128CCM:
		return msa_br_ccm_open(key, key_len, nonce, MSA_AEAD_NONCE_LEN,
			aad, aad_len, data, len, tag, MSA_AEAD_TAG_LEN);
	default:
		return msa_br_gcm_open(key, key_len, nonce, MSA_AEAD_NONCE_LEN,
			aad, aad_len, data, len, tag, MSA_AEAD_TAG_LEN);
	}
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

/* MSA_AEAD_CTX_BYTES must hold it, at no stricter alignment than uint64_t. */
typedef char gcm_x_fits[sizeof(gcm_x) <= MSA_AEAD_CTX_BYTES
	&& _Alignof(gcm_x) <= _Alignof(uint64_t) ? 1 : -1];

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
	msa_wipe(want, sizeof want);
	return err;
}
