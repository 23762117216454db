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
 * data zeroed. MSA_ERR_BAD_ARGUMENT for parameters outside the above,
 * data untouched. The opens (the received record's octets) carry the
 * contract below, proved against BearSSL's calls as H15 states
 * them and msa_ct_eq_u8's proved contract (proofs/README.md): no
 * unauthenticated plaintext is left in data.
 */
/*@ predicate aead_kept{L1, L2}(uint8_t *d, integer n) =
      \forall integer j; 0 <= j < n ==> \at(d[j], L1) == \at(d[j], L2);
    predicate aead_zero(uint8_t *d, integer n) =
      \forall integer j; 0 <= j < n ==> d[j] == 0;
 */
int msa_br_gcm_seal(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, uint8_t *tag, size_t tag_len);
/*@ requires key == \null || \valid_read(key + (0 .. key_len - 1));
    requires iv == \null || \valid_read(iv + (0 .. iv_len - 1));
    requires aad == \null || \valid_read(aad + (0 .. aad_len - 1));
    requires data == \null || \valid(data + (0 .. len - 1));
    requires tag == \null || \valid_read(tag + (0 .. tag_len - 1));
    requires data != \null && tag != \null ==>
      \separated(data + (0 .. len - 1), tag + (0 .. tag_len - 1));
    assigns data[0 .. len - 1];
    ensures \result == MSA_OK || \result == MSA_ERR_BAD_ARGUMENT || \result == MSA_ERR_BAD_RECORD;
    ensures kept: \result == MSA_ERR_BAD_ARGUMENT ==> aead_kept{Pre, Post}(data, len);
    ensures wiped: \result == MSA_ERR_BAD_RECORD ==> aead_zero(data, len);
 */
int msa_br_gcm_open(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, const uint8_t *tag, size_t tag_len);
int msa_br_ccm_seal(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, uint8_t *tag, size_t tag_len);
/*@ requires key == \null || \valid_read(key + (0 .. key_len - 1));
    requires iv == \null || \valid_read(iv + (0 .. iv_len - 1));
    requires aad == \null || \valid_read(aad + (0 .. aad_len - 1));
    requires data == \null || \valid(data + (0 .. len - 1));
    requires tag == \null || \valid_read(tag + (0 .. tag_len - 1));
    requires data != \null && tag != \null ==>
      \separated(data + (0 .. len - 1), tag + (0 .. tag_len - 1));
    assigns data[0 .. len - 1];
    ensures \result == MSA_OK || \result == MSA_ERR_BAD_ARGUMENT || \result == MSA_ERR_BAD_RECORD;
    ensures kept: \result == MSA_ERR_BAD_ARGUMENT ==> aead_kept{Pre, Post}(data, len);
    ensures wiped: \result == MSA_ERR_BAD_RECORD ==> aead_zero(data, len);
 */
int msa_br_ccm_open(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, const uint8_t *tag, size_t tag_len);
int msa_br_chapoly_seal(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, uint8_t *tag, size_t tag_len);
/*@ requires key == \null || \valid_read(key + (0 .. key_len - 1));
    requires iv == \null || \valid_read(iv + (0 .. iv_len - 1));
    requires aad == \null || \valid_read(aad + (0 .. aad_len - 1));
    requires data == \null || \valid(data + (0 .. len - 1));
    requires tag == \null || \valid_read(tag + (0 .. tag_len - 1));
    requires data != \null && tag != \null ==>
      \separated(data + (0 .. len - 1), tag + (0 .. tag_len - 1));
    assigns data[0 .. len - 1];
    ensures \result == MSA_OK || \result == MSA_ERR_BAD_ARGUMENT || \result == MSA_ERR_BAD_RECORD;
    ensures kept: \result == MSA_ERR_BAD_ARGUMENT ==> aead_kept{Pre, Post}(data, len);
    ensures wiped: \result == MSA_ERR_BAD_RECORD ==> aead_zero(data, len);
 */
int msa_br_chapoly_open(const uint8_t *key, size_t key_len, const uint8_t *iv,
	size_t iv_len, const uint8_t *aad, size_t aad_len, uint8_t *data,
	size_t len, const uint8_t *tag, size_t tag_len);

/*
 * msa_ecdsa_der_to_raw: strict DER ECDSA-Sig-Value -> r || s, each
 * right-aligned on qlen bytes, in raw[0..2*qlen). Accepts only: SEQUENCE
 * with a short-form length (every valid signature of P-256/P-384 is
 * shorter than 128 bytes) covering exactly two INTEGERs with short-form
 * lengths, not empty, minimal, non-negative, each at most qlen significant
 * bytes, and nothing after. 0 on success, -1 otherwise (sig NULL
 * included); writes only raw[0..2*qlen), fully on success. (Range
 * 0 < r, s < n is BearSSL's check.) The signature is the peer's: the
 * contract below is proved (make proofs, proofs/README.md).
 *
 * sig_int_ok(s, len, o, q): at o an INTEGER of the strict subset above
 * inside s[0..len); sig_z its redundant-looking leading 00 (the one a
 * positive value with its top bit set needs), sig_vlen its significant
 * octets, sig_end its end; sig_oct(s, o, q, j) octet j of its value
 * right-aligned on q octets (zeros, then the significant octets);
 * sig_int_val: out[0..q) holds them; sig_der_ok: the whole signature.
 */
/*@ logic integer sig_end(uint8_t *s, integer o) = o + 2 + s[o + 1];
    logic integer sig_z(uint8_t *s, integer o) =
      (s[o + 1] > 1 && s[o + 2] == 0) ? 1 : 0;
    logic integer sig_vlen(uint8_t *s, integer o) = s[o + 1] - sig_z(s, o);
    predicate sig_int_ok(uint8_t *s, integer len, integer o, integer q) =
      0 <= o && o + 2 <= len && s[o] == 0x02 && 1 <= s[o + 1] < 0x80
      && sig_end(s, o) <= len && s[o + 2] < 0x80
      && !(s[o + 1] > 1 && s[o + 2] == 0 && s[o + 3] < 0x80)
      && sig_vlen(s, o) <= q;
    logic integer sig_oct(uint8_t *s, integer o, integer q, integer j) =
      j < q - sig_vlen(s, o) ? 0 : s[o + 2 + sig_z(s, o) + j - (q - sig_vlen(s, o))];
    predicate sig_int_val(uint8_t *s, integer o, integer q, uint8_t *out) =
      \forall integer j; 0 <= j < q ==> out[j] == sig_oct(s, o, q, j);
    predicate sig_der_ok(uint8_t *s, integer len, integer q) =
      2 <= len && s[0] == 0x30 && s[1] < 0x80 && s[1] == len - 2
      && sig_int_ok(s, len, 2, q) && sig_int_ok(s, len, sig_end(s, 2), q)
      && sig_end(s, sig_end(s, 2)) == len;
 */
/*@ requires 1 <= qlen <= MSA_PRIVKEY_MAX;
    requires \valid(raw + (0 .. 2 * qlen - 1));
    requires sig != \null ==> \valid_read(sig + (0 .. sig_len - 1));
    requires sig != \null ==> \separated(sig + (0 .. sig_len - 1), raw + (0 .. 2 * qlen - 1));
    assigns raw[0 .. 2 * qlen - 1];
    ensures \result == 0 || \result == -1;
    ensures ok: \result == 0 <==> sig != \null && sig_der_ok(sig, sig_len, qlen);
    ensures r: \result == 0 ==> sig_int_val(sig, 2, qlen, raw);
    ensures s: \result == 0 ==> sig_int_val(sig, sig_end(sig, 2), qlen, raw + qlen);
 */
int msa_ecdsa_der_to_raw(const uint8_t *sig, size_t sig_len, size_t qlen,
	uint8_t *raw);

/* Provider operations, defined in the provider's files. */
int msa_br_random(msa_drbg *rng, uint8_t *out, size_t len);
int msa_br_kex_keygen(msa_drbg *rng, unsigned group, msa_kex_key *key,
	uint8_t *pub, size_t pub_cap, size_t *pub_len);
/*
 * msa_br_kex_shared: Z from our key and the peer's share (untrusted: the
 * contract below is proved, against BearSSL's point multiplication as
 * proofs/README.md's H15 states it). The share has its group's form
 * (kex_share_form: 32 octets for X25519, 04 || X || Y for P-256) or the
 * result is MSA_ERR_BAD_KEY_SHARE with z untouched; a share of that form
 * that BearSSL refuses, or an all-zero X25519 result, gives
 * MSA_ERR_BAD_KEY_SHARE with z[0..32) zero.
 */
/*@ predicate kex_share_form(integer group, uint8_t *peer, integer len) =
      (group == MSA_GROUP_X25519 && len == 32)
      || (group == MSA_GROUP_P256 && len == 65 && peer[0] == 0x04);
 */
/*@ requires key == \null || \valid_read(key);
    requires peer == \null || \valid_read(peer + (0 .. peer_len - 1));
    requires z == \null || \valid(z + (0 .. z_cap - 1));
    requires z != \null && key != \null ==> \separated(z + (0 .. z_cap - 1), key);
    requires z != \null && peer != \null ==>
      \separated(z + (0 .. z_cap - 1), peer + (0 .. peer_len - 1));
    assigns z[0 .. MSA_KEX_Z_LEN - 1];
    ensures \result == MSA_OK || \result == MSA_ERR_BAD_ARGUMENT
      || \result == MSA_ERR_BUFFER_TOO_SMALL || \result == MSA_ERR_BAD_KEY_SHARE
      || \result == MSA_ERR_BAD_KEY || \result == MSA_ERR_UNSUPPORTED;
    ensures args: \result != MSA_ERR_BAD_ARGUMENT && \result != MSA_ERR_BUFFER_TOO_SMALL
      ==> key != \null && peer != \null && z != \null && z_cap >= MSA_KEX_Z_LEN;
    ensures form: \result == MSA_OK ==> kex_share_form(key->group, peer, peer_len);
    ensures untouched: \result == MSA_ERR_BAD_KEY_SHARE && !kex_share_form(key->group, peer, peer_len)
      ==> \forall integer j; 0 <= j < MSA_KEX_Z_LEN ==> z[j] == \old(z[j]);
    ensures zeroed: \result == MSA_ERR_BAD_KEY_SHARE && kex_share_form(key->group, peer, peer_len)
      ==> \forall integer j; 0 <= j < MSA_KEX_Z_LEN ==> z[j] == 0;
    ensures nonzero: \result == MSA_OK && key->group == MSA_GROUP_X25519
      ==> \exists integer j; 0 <= j < MSA_KEX_Z_LEN && z[j] != 0;
 */
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
/*
 * msa_br_sig_verify: the peer's ECDSA signature sig[0..sig_len) over
 * msg[0..msg_len) with the public key pub[0..pub_len) (from the peer's
 * certificate): untrusted, the contract below is proved (BearSSL's hash
 * and raw verification as H15 states them). MSA_OK only for a known
 * algorithm, an uncompressed point of its length and a strict DER
 * signature (sig_der_ok), when BearSSL's verification holds.
 */
/*@ logic integer sig_qlen(integer alg) =
      alg == MSA_SIG_ECDSA_P256_SHA256 ? 32 : alg == MSA_SIG_ECDSA_P384_SHA384 ? 48 : 0;
 */
/*@ requires pub == \null || \valid_read(pub + (0 .. pub_len - 1));
    requires msg == \null || \valid_read(msg + (0 .. msg_len - 1));
    requires sig == \null || \valid_read(sig + (0 .. sig_len - 1));
    assigns \nothing;
    ensures \result == MSA_OK || \result == MSA_ERR_BAD_ARGUMENT
      || \result == MSA_ERR_UNSUPPORTED || \result == MSA_ERR_BAD_KEY
      || \result == MSA_ERR_BAD_SIGNATURE;
    ensures alg: \result != MSA_ERR_BAD_ARGUMENT && \result != MSA_ERR_UNSUPPORTED
      ==> pub != \null && sig_qlen(sig_alg) != 0;
    ensures key: \result == MSA_OK || \result == MSA_ERR_BAD_SIGNATURE
      ==> pub_len == 2 * sig_qlen(sig_alg) + 1 && pub[0] == 0x04;
    ensures der: \result == MSA_OK ==> sig != \null && sig_der_ok(sig, sig_len, sig_qlen(sig_alg));
 */
int msa_br_sig_verify(unsigned sig_alg, const uint8_t *pub, size_t pub_len,
	const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len);
int msa_br_aead_seal(unsigned prot, const uint8_t *key, size_t key_len,
	const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
	uint8_t *data, size_t len, uint8_t *tag);
/*@ requires key == \null || \valid_read(key + (0 .. key_len - 1));
    requires nonce == \null || \valid_read(nonce + (0 .. MSA_AEAD_NONCE_LEN - 1));
    requires aad == \null || \valid_read(aad + (0 .. aad_len - 1));
    requires data == \null || \valid(data + (0 .. len - 1));
    requires tag == \null || \valid_read(tag + (0 .. MSA_AEAD_TAG_LEN - 1));
    requires data != \null && tag != \null ==>
      \separated(data + (0 .. len - 1), tag + (0 .. MSA_AEAD_TAG_LEN - 1));
    assigns data[0 .. len - 1];
    ensures \result == MSA_OK || \result == MSA_ERR_UNSUPPORTED
      || \result == MSA_ERR_BAD_ARGUMENT || \result == MSA_ERR_BAD_RECORD;
    ensures kept: \result == MSA_ERR_UNSUPPORTED || \result == MSA_ERR_BAD_ARGUMENT
      ==> aead_kept{Pre, Post}(data, len);
    ensures wiped: \result == MSA_ERR_BAD_RECORD ==> aead_zero(data, len);
 */
int msa_br_aead_open(unsigned prot, const uint8_t *key, size_t key_len,
	const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
	uint8_t *data, size_t len, const uint8_t *tag);
int msa_br_aead_expand(unsigned prot, const uint8_t *key, size_t key_len,
	void *ctx, size_t ctx_cap);
int msa_br_aead_seal_x(unsigned prot, void *ctx, const uint8_t *nonce,
	const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len,
	uint8_t *tag);
/*@ requires ctx == \null || \valid((char *)ctx + (0 .. MSA_AEAD_CTX_BYTES - 1));
    requires nonce == \null || \valid_read(nonce + (0 .. MSA_AEAD_NONCE_LEN - 1));
    requires aad == \null || \valid_read(aad + (0 .. aad_len - 1));
    requires data == \null || \valid(data + (0 .. len - 1));
    requires tag == \null || \valid_read(tag + (0 .. MSA_AEAD_TAG_LEN - 1));
    requires data != \null && tag != \null ==>
      \separated(data + (0 .. len - 1), tag + (0 .. MSA_AEAD_TAG_LEN - 1));
    assigns ((char *)ctx)[0 .. MSA_AEAD_CTX_BYTES - 1], data[0 .. len - 1];
    ensures \result == MSA_OK || \result == MSA_ERR_BAD_ARGUMENT || \result == MSA_ERR_BAD_RECORD;
    ensures kept: \result == MSA_ERR_BAD_ARGUMENT ==> aead_kept{Pre, Post}(data, len);
    ensures wiped: \result == MSA_ERR_BAD_RECORD ==> aead_zero(data, len);
 */
int msa_br_aead_open_x(unsigned prot, void *ctx, const uint8_t *nonce,
	const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len,
	const uint8_t *tag);
int msa_br_icv_compute(const uint8_t *key, size_t key_len,
	const uint8_t *aad, size_t aad_len,
	const uint8_t *body, size_t body_len, uint8_t *icv);
/* msa_br_icv_verify: the received record's ICV icv[0..32) against
 * HMAC-SHA-256 over aad || body, in constant time (proved against
 * msa_br_icv_compute's contract, H15, and msa_ct_eq_u8's): MSA_OK only
 * on equality, writes nothing. */
/*@ requires key == \null || \valid_read(key + (0 .. key_len - 1));
    requires aad == \null || \valid_read(aad + (0 .. aad_len - 1));
    requires body == \null || \valid_read(body + (0 .. body_len - 1));
    requires icv == \null || \valid_read(icv + (0 .. MSA_ICV_LEN - 1));
    assigns \nothing;
    ensures \result == MSA_OK || \result == MSA_ERR_BAD_ARGUMENT
      || \result == MSA_ERR_UNSUPPORTED || \result == MSA_ERR_BAD_RECORD;
    ensures \result == MSA_OK ==> icv != \null;
 */
int msa_br_icv_verify(const uint8_t *key, size_t key_len,
	const uint8_t *aad, size_t aad_len,
	const uint8_t *body, size_t body_len, const uint8_t *icv);

#endif
