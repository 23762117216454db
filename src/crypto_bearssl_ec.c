/*
 * crypto_bearssl_ec.c -- key exchange (X25519, P-256) and ECDSA
 * (P-256/SHA-256, P-384/SHA-384) on BearSSL (REQ-CRY-001, REQ-CRY-002, REQ-CRY-003,
 * REQ-CRY-006, REQ-SUI-006).
 *
 * BearSSL conventions handled here: BearSSL 0.6 (Debian) takes the
 * Curve25519 multiplier in RFC 7748 byte order (little-endian) and clamps
 * it itself (measured: the RFC 7748 section 6.1 vectors, in
 * tests/test_crypto.c, pass without any byte reversal). Points are validated by BearSSL's mul()
 * (P-256: coordinates < p and on the curve). BearSSL's own DER signature
 * decoder tolerates non-minimal encodings, so signatures go through our
 * strict decoder and BearSSL's raw verification.
 */
#include <string.h>
#include "crypto_bearssl.h"
#include "ct.h"

#define KEYGEN_TRIES 8   /* P-256 rejection sampling: p(retry) ~ 2^-32 */

/* Implementations (see crypto_bearssl.c for the measurements). */
#define EC_P256   (&br_ec_p256_m31)
#define EC_C25519 (&br_ec_c25519_m31)
#define EC_P384   (&br_ec_prime_i31)

/* 1 when 0 < x < n (both len bytes, big-endian), without branching on x:
 * d = 2^8 + x[k] - n[k] - borrow stays in 0 .. 2^9 - 1 (no unsigned wrap)
 * and is below 2^8 exactly when x[k..len) - n[k..len) borrows. */
/*@ requires len <= MSA_PRIVKEY_MAX;
    requires \valid_read(x + (0 .. len - 1)) && \valid_read(n + (0 .. len - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
 */
static int
scalar_in_range(const uint8_t *x, const uint8_t *n, size_t len)
{
	uint32_t borrow = 0, nz = 0;
	size_t i;

	/*@ loop invariant 0 <= i <= len;
	    loop invariant borrow == 0 || borrow == 1;
	    loop invariant nz <= len - i;
	    loop assigns i, borrow, nz;
	    loop variant i;
	 */
	for (i = len; i > 0; i--) {
		uint32_t d = (uint32_t)(0x100 + (int)x[i - 1] - (int)n[i - 1]
			- (int)borrow);

		borrow = (uint32_t)(d < 0x100u);
		nz += (uint32_t)(x[i - 1] != 0);
	}
	/* x < n exactly when x - n borrows; x != 0 when some octet is. */
	return (int)(borrow & (uint32_t)(nz != 0));
}

/* BearSSL behind typed contracts: each wrapper only makes one call through
 * an implementation's function pointer, which WP does not follow; the
 * contracts are what MSA assumes of BearSSL (proofs/README.md, H15). */
/*@ requires curve == BR_EC_secp256r1 || curve == BR_EC_secp384r1;
    requires \valid(len);
    assigns *len;
    ensures *len == (curve == BR_EC_secp256r1 ? 32 : 48);
    ensures \valid_read(\result + (0 .. *len - 1));
 */
static const uint8_t *
curve_order(const br_ec_impl *impl, int curve, size_t *len)
{
	return impl->order(curve, len);
}

/* BearSSL's mul: pt = x * pt on the curve, in place; 1 when pt was a
 * valid encoded point (0 and pt unspecified otherwise). */
/*@ requires \valid(pt + (0 .. ptlen - 1)) && \valid_read(x + (0 .. xlen - 1));
    requires \separated(pt + (0 .. ptlen - 1), x + (0 .. xlen - 1));
    assigns pt[0 .. ptlen - 1];
    ensures \result == 0 || \result == 1;
 */
static uint32_t
ec_mul(const br_ec_impl *impl, uint8_t *pt, size_t ptlen, const uint8_t *x,
	size_t xlen, int curve)
{
	return impl->mul(pt, ptlen, x, xlen, curve);
}

/* ---------------------------------------------------------------- key exchange */

void
msa_kex_key_wipe(msa_kex_key *k)
{
	if (k != NULL)
		msa_wipe(k, sizeof *k);
}

int
msa_br_kex_keygen(msa_drbg *rng, unsigned group, msa_kex_key *key,
	uint8_t *pub, size_t pub_cap, size_t *pub_len)
{
	size_t olen, n;
	const uint8_t *order;
	int err, tries;

	if (rng == NULL || key == NULL || pub == NULL || pub_len == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	n = msa_group_share_len(group);
	if (n == 0)
		return MSA_ERR_UNSUPPORTED;
	if (pub_cap < n)
		return MSA_ERR_BUFFER_TOO_SMALL;
	msa_kex_key_wipe(key);
	key->group = group;
	if (group == MSA_GROUP_X25519) {
		err = msa_drbg_generate(rng, key->priv, 32);
		if (err != MSA_OK)
			goto fail;
		EC_C25519->mulgen(pub, key->priv, 32, BR_EC_curve25519);
		*pub_len = 32;
		return MSA_OK;
	}
	/* P-256: a uniform scalar in [1, n-1] by rejection sampling. */
	order = curve_order(EC_P256, BR_EC_secp256r1, &olen);
	for (tries = 0; tries < KEYGEN_TRIES; tries++) {
		int ok;

		err = msa_drbg_generate(rng, key->priv, 32);
		if (err != MSA_OK)
			goto fail;
		ok = scalar_in_range(key->priv, order, 32);
		MSA_CT_PUBLIC(&ok, sizeof ok);   /* a rejection reveals nothing kept */
		if (ok) {
			EC_P256->mulgen(pub, key->priv, 32, BR_EC_secp256r1);
			*pub_len = 65;
			return MSA_OK;
		}
	}
	err = MSA_ERR_RNG;
fail:
	msa_kex_key_wipe(key);
	return err;
}

int
msa_br_kex_shared(const msa_kex_key *key, const uint8_t *peer,
	size_t peer_len, uint8_t *z, size_t z_cap)
{
	uint8_t pt[65];
	uint32_t ok, nz = 0;
	size_t i, olen;
	int good;

	if (key == NULL || peer == NULL || z == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	if (z_cap < MSA_KEX_Z_LEN)
		return MSA_ERR_BUFFER_TOO_SMALL;
	switch (key->group) {
	case MSA_GROUP_X25519:
		if (peer_len != 32)
			return MSA_ERR_BAD_KEY_SHARE;
		msa_bytes_copy(pt, peer, 32);
		(void)ec_mul(EC_C25519, pt, 32, key->priv, 32, BR_EC_curve25519);
		/* An all-zero result: the peer sent a low-order point. */
		/*@ loop invariant 0 <= i <= 32 && nz <= i;
		    loop invariant nz != 0 ==> \exists integer j; 0 <= j < i && pt[j] != 0;
		    loop assigns i, nz;
		    loop variant 32 - i;
		 */
		for (i = 0; i < 32; i++)
			nz += (uint32_t)(pt[i] != 0);
		good = nz != 0;
		MSA_CT_PUBLIC(&good, sizeof good);   /* rejection is public */
		if (!good) {
			msa_wipe_u8(pt, sizeof pt);
			msa_wipe_u8(z, MSA_KEX_Z_LEN);
			return MSA_ERR_BAD_KEY_SHARE;
		}
		msa_bytes_copy(z, pt, 32);
		msa_wipe_u8(pt, sizeof pt);
		return MSA_OK;
	case MSA_GROUP_P256:
		good = scalar_in_range(key->priv,
			curve_order(EC_P256, BR_EC_secp256r1, &olen), 32);
		MSA_CT_PUBLIC(&good, sizeof good);
		if (!good)
			return MSA_ERR_BAD_KEY;
		if (peer_len != 65 || peer[0] != 0x04)
			return MSA_ERR_BAD_KEY_SHARE;
		msa_bytes_copy(pt, peer, 65);
		/* mul() checks X, Y < p and the curve equation (the encoding
		 * cannot express the point at infinity). */
		ok = ec_mul(EC_P256, pt, 65, key->priv, 32, BR_EC_secp256r1);
		if (!ok) {
			msa_wipe_u8(pt, sizeof pt);
			msa_wipe_u8(z, MSA_KEX_Z_LEN);
			return MSA_ERR_BAD_KEY_SHARE;
		}
		msa_bytes_copy(z, pt + 1, 32);   /* Z = the X coordinate */
		msa_wipe_u8(pt, sizeof pt);
		return MSA_OK;
	default:
		return MSA_ERR_UNSUPPORTED;
	}
}

/* ---------------------------------------------------------------- ECDSA */

/* Curve parameters of a signature algorithm. */
typedef struct {
	const br_ec_impl *impl;
	int curve;
	size_t qlen;               /* scalar and coordinate length */
	const br_hash_class *hash;
} sig_params;

/*@ requires \valid(sp);
    assigns *sp;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> sig_qlen(sig_alg) != 0;
    ensures \result == 1 ==> sp->qlen == sig_qlen(sig_alg);
    ensures \result == 1 ==> sp->curve ==
      (sig_alg == MSA_SIG_ECDSA_P256_SHA256 ? BR_EC_secp256r1 : BR_EC_secp384r1);
 */
static int
sig_lookup(unsigned sig_alg, sig_params *sp)
{
	switch (sig_alg) {
	case MSA_SIG_ECDSA_P256_SHA256:
		sp->impl = EC_P256;
		sp->curve = BR_EC_secp256r1;
		sp->qlen = 32;
		sp->hash = &br_sha256_vtable;
		return 1;
	case MSA_SIG_ECDSA_P384_SHA384:
		sp->impl = EC_P384;
		sp->curve = BR_EC_secp384r1;
		sp->qlen = 48;
		sp->hash = &br_sha384_vtable;
		return 1;
	default:
		return 0;
	}
}

/* BearSSL behind typed contracts (H15, as curve_order and ec_mul above):
 * the hash of msg[0..msg_len) with the algorithm's hash function, in
 * h[0..64) (its first 32 or 48 octets), the hash context wiped. */
/*@ requires \valid_read(sp) && (sp->qlen == 32 || sp->qlen == 48);
    requires \valid_read(msg + (0 .. msg_len - 1)) && \valid(h + (0 .. 63));
    requires \separated(h + (0 .. 63), msg + (0 .. msg_len - 1));
    assigns h[0 .. 63];
 */
static void
sig_hash(const sig_params *sp, const uint8_t *msg, size_t msg_len,
	uint8_t *h)
{
	br_hash_compat_context hc;

	sp->hash->init(&hc.vtable);
	if (msg_len > 0)
		sp->hash->update(&hc.vtable, msg, msg_len);
	sp->hash->out(&hc.vtable, h);
	msa_wipe(&hc, sizeof hc);
}

/* BearSSL's raw ECDSA verification of r || s (raw[0..2*qlen)) over the
 * hash h with the point q[0..q_len): 1 when it holds (it checks
 * 0 < r, s < n and the point itself), else 0. */
/*@ requires \valid_read(sp) && (sp->qlen == 32 || sp->qlen == 48);
    requires \valid_read(h + (0 .. 63)) && \valid(q + (0 .. q_len - 1));
    requires \valid_read(raw + (0 .. 2 * sp->qlen - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
 */
static uint32_t
ecdsa_vrfy(const sig_params *sp, const uint8_t *h, uint8_t *q, size_t q_len,
	const uint8_t *raw)
{
	br_ec_public_key pk;

	pk.curve = sp->curve;
	pk.q = q;
	pk.qlen = q_len;
	return br_ecdsa_i31_vrfy_raw(sp->impl, h, sp->hash->desc >> BR_HASHDESC_OUT_OFF
		& BR_HASHDESC_OUT_MASK, &pk, raw, 2 * sp->qlen);
}

void
msa_private_key_wipe(msa_private_key *k)
{
	if (k != NULL)
		msa_wipe(k, sizeof *k);
}

int
msa_private_key_set(msa_private_key *k, unsigned sig_alg,
	const uint8_t *scalar, size_t len)
{
	sig_params sp;
	size_t olen;
	int ok;

	if (k == NULL || (scalar == NULL && len > 0))
		return MSA_ERR_BAD_ARGUMENT;
	if (!sig_lookup(sig_alg, &sp))
		return MSA_ERR_UNSUPPORTED;
	if (len > sp.qlen)
		return MSA_ERR_BAD_ARGUMENT;
	msa_private_key_wipe(k);
	k->sig_alg = sig_alg;
	k->len = sp.qlen;
	memcpy(k->x + (sp.qlen - len), scalar, len);
	ok = scalar_in_range(k->x, curve_order(sp.impl, sp.curve, &olen), sp.qlen);
	MSA_CT_PUBLIC(&ok, sizeof ok);
	if (!ok) {
		msa_private_key_wipe(k);
		return MSA_ERR_BAD_KEY;
	}
	return MSA_OK;
}

/* Checks *key against its curve: MSA_OK, MSA_ERR_UNSUPPORTED, MSA_ERR_BAD_KEY. */
static int
key_check(const msa_private_key *key, sig_params *sp)
{
	size_t olen;
	int ok;

	if (!sig_lookup(key->sig_alg, sp))
		return MSA_ERR_UNSUPPORTED;
	if (key->len != sp->qlen)
		return MSA_ERR_BAD_KEY;
	ok = scalar_in_range(key->x, curve_order(sp->impl, sp->curve, &olen),
		sp->qlen);
	MSA_CT_PUBLIC(&ok, sizeof ok);
	return ok ? MSA_OK : MSA_ERR_BAD_KEY;
}

int
msa_br_sig_pubkey(const msa_private_key *key, uint8_t *pub,
	size_t pub_cap, size_t *pub_len)
{
	sig_params sp;
	int err;

	if (key == NULL || pub == NULL || pub_len == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	err = key_check(key, &sp);
	if (err != MSA_OK)
		return err;
	if (pub_cap < 2 * sp.qlen + 1)
		return MSA_ERR_BUFFER_TOO_SMALL;
	*pub_len = sp.impl->mulgen(pub, key->x, sp.qlen, sp.curve);
	return *pub_len == 2 * sp.qlen + 1 ? MSA_OK : MSA_ERR_BAD_KEY;
}

int
msa_br_sig_sign(const msa_private_key *key, const uint8_t *msg,
	size_t msg_len, uint8_t *sig, size_t sig_cap, size_t *sig_len)
{
	sig_params sp;
	br_ec_private_key sk;
	uint8_t h[64], tmp[2 * MSA_PRIVKEY_MAX + 16], x[MSA_PRIVKEY_MAX];
	size_t n;
	int err;

	if (key == NULL || (msg == NULL && msg_len > 0) || sig == NULL
		|| sig_len == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	err = key_check(key, &sp);
	if (err != MSA_OK)
		return err;
	sig_hash(&sp, msg, msg_len, h);
	memcpy(x, key->x, sp.qlen);       /* br_ec_private_key wants non-const */
	sk.curve = sp.curve;
	sk.x = x;
	sk.xlen = sp.qlen;
	/* RFC 6979 deterministic nonce; DER output (at most 2*qlen + 9 bytes). */
	n = br_ecdsa_i31_sign_asn1(sp.impl, sp.hash, h, &sk, tmp);
	msa_wipe(x, sizeof x);
	if (n == 0)
		err = MSA_ERR_BAD_KEY;
	else if (n > sig_cap)
		err = MSA_ERR_BUFFER_TOO_SMALL;
	else {
		memcpy(sig, tmp, n);
		*sig_len = n;
	}
	msa_wipe(tmp, sizeof tmp);
	return err;
}

/* One INTEGER of an ECDSA-Sig-Value at sig[off..sig_len) (msa_ecdsa_der_to_raw's
 * rules): its value right-aligned in out[0..qlen); the offset after it, or
 * 0 when it is not such an INTEGER (out then untouched). */
/*@ requires 1 <= qlen <= MSA_PRIVKEY_MAX && 2 <= off <= sig_len <= 129;
    requires \valid_read(sig + (0 .. sig_len - 1)) && \valid(out + (0 .. qlen - 1));
    requires \separated(sig + (0 .. sig_len - 1), out + (0 .. qlen - 1));
    assigns out[0 .. qlen - 1];
    ensures ok: \result != 0 <==> sig_int_ok(sig, sig_len, off, qlen);
    ensures end: \result != 0 ==> \result == sig_end(sig, off);
    ensures val: \result != 0 ==> sig_int_val(sig, off, qlen, out);
 */
static size_t
sig_int(const uint8_t *sig, size_t sig_len, size_t off, size_t qlen,
	uint8_t *out)
{
	size_t len, z, n, pad, k;

	if (sig_len - off < 2 || sig[off] != 0x02 || sig[off + 1] >= 0x80)
		return 0;
	len = sig[off + 1];
	if (len == 0 || len > sig_len - off - 2)
		return 0;
	if (sig[off + 2] >= 0x80)
		return 0;                     /* negative */
	z = (len > 1 && sig[off + 2] == 0x00) ? 1 : 0;
	if (z == 1 && sig[off + 3] < 0x80)
		return 0;                     /* not minimal */
	n = len - z;                          /* significant octets */
	if (n > qlen)
		return 0;
	pad = qlen - n;
	/*@ assert z == sig_z(sig, off) && n == sig_vlen(sig, off); */
	/*@ loop invariant 0 <= k <= qlen;
	    loop invariant \forall integer j; 0 <= j < k ==> out[j] == sig_oct(sig, off, qlen, j);
	    loop assigns k, out[0 .. qlen - 1];
	    loop variant qlen - k;
	 */
	for (k = 0; k < qlen; k++)
		out[k] = k < pad ? 0 : sig[off + 2 + z + (k - pad)];
	return off + 2 + len;
}

int
msa_ecdsa_der_to_raw(const uint8_t *sig, size_t sig_len, size_t qlen,
	uint8_t *raw)
{
	size_t mid;

	if (sig == NULL || sig_len < 2 || sig[0] != 0x30 || sig[1] >= 0x80
		|| (size_t)sig[1] != sig_len - 2)
		return -1;
	mid = sig_int(sig, sig_len, 2, qlen, raw);
	if (mid == 0)
		return -1;
	return sig_int(sig, sig_len, mid, qlen, raw + qlen) == sig_len ? 0 : -1;
}

int
msa_br_sig_verify(unsigned sig_alg, const uint8_t *pub, size_t pub_len,
	const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len)
{
	sig_params sp;
	uint8_t h[64], raw[2 * MSA_PRIVKEY_MAX], q[MSA_PUBKEY_MAX];

	if (pub == NULL || (msg == NULL && msg_len > 0) || (sig == NULL && sig_len > 0))
		return MSA_ERR_BAD_ARGUMENT;
	if (!sig_lookup(sig_alg, &sp))
		return MSA_ERR_UNSUPPORTED;
	if (pub_len != 2 * sp.qlen + 1 || pub[0] != 0x04)
		return MSA_ERR_BAD_KEY;
	if (msa_ecdsa_der_to_raw(sig, sig_len, sp.qlen, raw) != 0)
		return MSA_ERR_BAD_SIGNATURE;
	sig_hash(&sp, msg, msg_len, h);
	msa_bytes_copy(q, pub, pub_len);  /* br_ec_public_key wants non-const */
	/* Checks 0 < r, s < n and the point, then the signature. */
	if (!ecdsa_vrfy(&sp, h, q, pub_len, raw))
		return MSA_ERR_BAD_SIGNATURE;
	return MSA_OK;
}
