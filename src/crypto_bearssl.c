/*
 * crypto_bearssl.c -- the crypto provider on BearSSL 0.6 (REQ-CRY-001):
 * the provider table, the choice of implementations, hashing, randomness.
 * The other operations are in crypto_bearssl_mac.c (HMAC, HKDF, ICV),
 * crypto_bearssl_aead.c (AEADs) and crypto_bearssl_ec.c (X25519, P-256,
 * ECDSA).
 *
 * IMPLEMENTATIONS (chosen by measurement; numbers to be filled in by the
 * measurement commit; only constant-time implementations are candidates).
 */
#include <string.h>
#include "crypto_bearssl.h"

/* ---------------------------------------------------------------- choice */

const br_block_ctr_class *
msa_br_aes_ctr(void)
{
	const br_block_ctr_class *c = br_aes_x86ni_ctr_get_vtable();

	return c != NULL ? c : &br_aes_ct64_ctr_vtable;
}

const br_block_ctrcbc_class *
msa_br_aes_ctrcbc(void)
{
	const br_block_ctrcbc_class *c = br_aes_x86ni_ctrcbc_get_vtable();

	return c != NULL ? c : &br_aes_ct64_ctrcbc_vtable;
}

br_ghash
msa_br_ghash(void)
{
	br_ghash g = br_ghash_pclmul_get();

	return g != 0 ? g : &br_ghash_ctmul64;
}

br_chacha20_run
msa_br_chacha20(void)
{
	return &br_chacha20_ct_run;
}

br_poly1305_run
msa_br_poly1305(void)
{
	br_poly1305_run p = br_poly1305_ctmulq_get();

	return p != 0 ? p : &br_poly1305_ctmul_run;
}

const br_hash_class *
msa_br_hash(unsigned hash)
{
	switch (hash) {
	case MSA_HASH_SHA256: return &br_sha256_vtable;
	case MSA_HASH_SHA384: return &br_sha384_vtable;
	default: return NULL;
	}
}

/* ---------------------------------------------------------------- random */

int
msa_br_random(msa_drbg *rng, uint8_t *out, size_t len)
{
	return msa_drbg_generate(rng, out, len);
}

/* ---------------------------------------------------------------- hashing */

/* The caller's msa_hash_ctx holds one of these; the vtable pointer (first
 * field of every BearSSL hash context) says which. */
typedef union {
	const br_hash_class *vtable;
	br_sha256_context sha256;
	br_sha384_context sha384;
} hash_state;

_Static_assert(sizeof(hash_state) <= sizeof(msa_hash_ctx),
	"msa_hash_ctx too small for BearSSL's SHA-384 context");
_Static_assert(_Alignof(hash_state) <= _Alignof(msa_hash_ctx),
	"msa_hash_ctx under-aligned");

int
msa_br_hash_init(msa_hash_ctx *ctx, unsigned hash)
{
	const br_hash_class *vt = msa_br_hash(hash);

	if (ctx == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	if (vt == NULL)
		return MSA_ERR_UNSUPPORTED;
	memset(ctx, 0, sizeof *ctx);
	vt->init(&((hash_state *)(void *)ctx)->vtable);
	return MSA_OK;
}

void
msa_br_hash_update(msa_hash_ctx *ctx, const void *data, size_t len)
{
	hash_state *h = (hash_state *)(void *)ctx;

	if (len > 0)
		h->vtable->update(&h->vtable, data, len);
}

size_t
msa_br_hash_out(const msa_hash_ctx *ctx, uint8_t *out)
{
	const hash_state *h = (const hash_state *)(const void *)ctx;

	/* BearSSL's out() does not modify the context. */
	h->vtable->out(&h->vtable, out);
	return (h->vtable->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
}

void
msa_br_hash_copy(msa_hash_ctx *dst, const msa_hash_ctx *src)
{
	/* BearSSL hash contexts hold no pointer into themselves. */
	memcpy(dst, src, sizeof *dst);
}

/* ---------------------------------------------------------------- table */

static const msa_crypto_provider bearssl_provider = {
	"bearssl",
	msa_br_random,
	msa_br_kex_keygen,
	msa_br_kex_shared,
	msa_br_hash_init,
	msa_br_hash_update,
	msa_br_hash_out,
	msa_br_hash_copy,
	msa_br_hmac,
	msa_br_hkdf_extract,
	msa_br_hkdf_expand,
	msa_br_sig_pubkey,
	msa_br_sig_sign,
	msa_br_sig_verify,
	msa_br_aead_seal,
	msa_br_aead_open,
	msa_br_icv_compute,
	msa_br_icv_verify,
};

const msa_crypto_provider *
msa_crypto_bearssl(void)
{
	return &bearssl_provider;
}
