/*
 * crypto_bearssl.h -- internals of the BearSSL provider, shared by its
 * files (src/crypto_bearssl*.c) and by the tests that drive the same
 * primitives with parameters MSA itself does not use (Wycheproof: other
 * key, nonce and tag sizes). Not part of the API.
 */
#ifndef MSA_CRYPTO_BEARSSL_H__
#define MSA_CRYPTO_BEARSSL_H__

#include <bearssl.h>
#include "internal.h"

/* The implementations chosen at run time (see crypto_bearssl.c). */
const br_block_ctr_class *msa_br_aes_ctr(void);
const br_block_ctrcbc_class *msa_br_aes_ctrcbc(void);
br_ghash msa_br_ghash(void);
br_chacha20_run msa_br_chacha20(void);
br_poly1305_run msa_br_poly1305(void);
const br_hash_class *msa_br_hash(unsigned hash);   /* NULL if unknown */

/*
 * General AEAD functions behind the provider's aead_seal/aead_open.
 *  GCM: key 16/24/32, iv_len >= 1, tag_len 1..16 (a shorter tag is the
 *       truncation of the full one);
 *  CCM: key 16/24/32, iv_len 7..13, tag_len 4..16 even (RFC 3610);
 *  ChaCha20-Poly1305: key 32, iv_len 12, tag_len 16.
 * seal: data[0..len) encrypted in place, tag written. open: decrypted in
 * place, tag checked in constant time; MSA_OK or MSA_ERR_BAD_RECORD with
 * data zeroed. MSA_ERR_BAD_ARGUMENT for parameters outside the above.
 */
int msa_br_gcm_seal(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, uint8_t *tag, size_t tag_len);
int msa_br_gcm_open(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, const uint8_t *tag, size_t tag_len);
int msa_br_ccm_seal(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, uint8_t *tag, size_t tag_len);
int msa_br_ccm_open(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, const uint8_t *tag, size_t tag_len);
int msa_br_chapoly_seal(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, uint8_t *tag, size_t tag_len);
int msa_br_chapoly_open(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, const uint8_t *tag, size_t tag_len);

/*
 * msa_ecdsa_der_to_raw: strict DER ECDSA-Sig-Value -> r || s, each
 * right-aligned on qlen bytes, in raw[0..2*qlen). Accepts only: SEQUENCE
 * with a short-form length (every valid signature of P-256/P-384 is
 * shorter than 128 bytes) covering exactly two INTEGERs with short-form
 * lengths, minimal, positive, each at most qlen significant bytes, and
 * nothing after. 0 on success, -1 otherwise. (Range 0 < r, s < n is
 * BearSSL's check.)
 */
int msa_ecdsa_der_to_raw(const uint8_t *sig, size_t sig_len, size_t qlen,
	uint8_t *raw);

/* Provider operations, defined in the provider's files. */
int msa_br_random(msa_drbg *rng, uint8_t *out, size_t len);
int msa_br_kex_keygen(msa_drbg *rng, unsigned group, msa_kex_key *key,
	uint8_t *pub, size_t pub_cap, size_t *pub_len);
int msa_br_kex_shared(const msa_kex_key *key, const uint8_t *peer,
	size_t peer_len, uint8_t *z, size_t z_cap);
int msa_br_hash_init(msa_hash_ctx *ctx, unsigned hash);
void msa_br_hash_update(msa_hash_ctx *ctx, const void *data, size_t len);
size_t msa_br_hash_out(const msa_hash_ctx *ctx, uint8_t *out);
void msa_br_hash_copy(msa_hash_ctx *dst, const msa_hash_ctx *src);
int msa_br_hmac(unsigned hash, const uint8_t *key, size_t key_len,
	const msa_seg *seg, size_t nseg, uint8_t *out);
int msa_br_hkdf_extract(unsigned hash, const uint8_t *salt, size_t salt_len,
	const uint8_t *ikm, size_t ikm_len, uint8_t *prk);
int msa_br_hkdf_expand(unsigned hash, const uint8_t *prk, size_t prk_len,
	const uint8_t *info, size_t info_len, uint8_t *out, size_t out_len);
int msa_br_sig_pubkey(const msa_private_key *key, uint8_t *pub,
	size_t pub_cap, size_t *pub_len);
int msa_br_sig_sign(const msa_private_key *key, const uint8_t *msg,
	size_t msg_len, uint8_t *sig, size_t sig_cap, size_t *sig_len);
int msa_br_sig_verify(unsigned sig_alg, const uint8_t *pub, size_t pub_len,
	const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len);
int msa_br_aead_seal(unsigned prot, const uint8_t *key, size_t key_len,
	const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
	uint8_t *data, size_t len, uint8_t *tag);
int msa_br_aead_open(unsigned prot, const uint8_t *key, size_t key_len,
	const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
	uint8_t *data, size_t len, const uint8_t *tag);
int msa_br_aead_expand(unsigned prot, const uint8_t *key, size_t key_len,
	void *ctx, size_t ctx_cap);
int msa_br_aead_seal_x(unsigned prot, void *ctx, const uint8_t *nonce,
	const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len,
	uint8_t *tag);
int msa_br_aead_open_x(unsigned prot, void *ctx, const uint8_t *nonce,
	const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len,
	const uint8_t *tag);
int msa_br_icv_compute(const uint8_t *key, size_t key_len,
	const uint8_t *aad, size_t aad_len,
	const uint8_t *body, size_t body_len, uint8_t *icv);
int msa_br_icv_verify(const uint8_t *key, size_t key_len,
	const uint8_t *aad, size_t aad_len,
	const uint8_t *body, size_t body_len, const uint8_t *icv);

#endif
