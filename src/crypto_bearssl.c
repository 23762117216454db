/*
 * crypto_bearssl.c -- the crypto provider on BearSSL 0.6 (REQ-CRY-001):
 * the provider table, the choice of implementations, hashing, randomness.
 * The other operations are in crypto_bearssl_mac.c (HMAC, HKDF, ICV),
 * crypto_bearssl_aead.c (AEADs) and crypto_bearssl_ec.c (X25519, P-256,
 * ECDSA).
 *
 * IMPLEMENTATIONS, chosen by measurement (make bench-primitives:
 * tests/bench_primitives.c, process CPU time, median of 5 runs; AMD EPYC
 * VM with AES-NI, PCLMUL, SSE2, AVX2; 2 shared cores, so +-10% noise;
 * BearSSL 0.6+dfsg.1-3, gcc 12 -O2). Only constant-time implementations
 * are candidates: aes_big/aes_small (table lookups) were measured for
 * reference only. Throughput includes the AES key expansion per message.
 *
 *  AES-GCM      x86ni + ghash_pclmul   AES-128: 64 B 194 ns, 1 KiB 2.0 GB/s,
 *                                      16 KiB 3.2 GB/s; AES-256 16 KiB 2.4 GB/s
 *               (x86ni + ctmul64: 0.36 GB/s; ct64 + ctmul64: 48 MB/s;
 *                ct + ctmul32: 55 MB/s; big (not CT): 152 MB/s)
 *               fallback without AES-NI / PCLMUL: aes_ct64 + ghash_ctmul64
 *               (BearSSL's 64-bit constant-time code).
 *  AES-CCM      x86ni ctrcbc           1 KiB 0.95 GB/s, 16 KiB 1.08 GB/s
 *               (ct ctrcbc 30 MB/s; ct64 ctrcbc 13 MB/s: CBC-MAC is
 *                sequential, ct64's 4-block parallelism is wasted)
 *               fallback: aes_ct ctrcbc (measured 2.2x faster than ct64).
 *  ChaCha20-    chacha20_ct + poly1305_ctmulq   16 KiB 484 MB/s, 1 KiB 451 MB/s
 *  Poly1305     (chacha20_sse2 + ctmulq: 305 MB/s -- SSE2 is slower here, as
 *                issue 3 said; + poly1305_ctmul 464 MB/s; ctmul32 163 MB/s;
 *                i15 45 MB/s). Fallback without 64x64 multiply: ctmul.
 *  X25519       c25519_m31   160 us per mul (6.2k/s); m15 447 us, i31 426 us,
 *                            i15 1422 us. (No m62/m64 in Debian's 0.6.)
 *  P-256 ECDH   p256_m31     mul 586 us (1.7k/s), mulgen 376 us (2.7k/s);
 *                            m15 1207/745 us, prime_i31 1187/1180 us.
 *  ECDSA P-256  ecdsa_i31 + p256_m31   sign 362 us (2.8k/s), verify 773 us
 *               (1.3k/s); i15+m15 769/2265 us; i15+m31 483/957 us;
 *               i31+prime_i31 914/1734 us.
 *  ECDSA P-384  ecdsa_i31 + prime_i31  sign 2161 us (463/s), verify 3836 us
 *               (261/s); i15 + prime_i15 5750/10543 us.
 *  SHA-256 252 MB/s, SHA-384 374 MB/s (1 KiB); one implementation each.
 *
 * Provider overhead measured on top of the raw primitive (aead_seal,
 * AES-128-GCM): 64 B 368 ns vs 194 ns raw, 1 KiB 653 vs 502 ns. Two causes:
 * (1) BearSSL's _get() functions execute CPUID, which traps to the
 * hypervisor here (about 15 us per call: the first version of this file
 * took 29.8 us per 64-byte record), hence the cached choice below; (2)
 * msa_wipe of the 368 bytes of key schedule and GCM state (byte-wise
 * volatile stores, 142 ns; explicit_bzero takes 4 ns for the same bytes).
 */
#include <stdatomic.h>
#include <string.h>
#include "crypto_bearssl.h"

/* ---------------------------------------------------------------- choice */

/*
 * BearSSL's _get() functions run CPUID on every call, and CPUID traps to
 * the hypervisor on a virtual machine: measured here at about 15 us per
 * call, 150 times the cost of sealing a 64-byte record. So each choice is
 * made once and cached. The race between two first callers is benign:
 * both compute and store the same value (relaxed atomics suffice, the
 * vtables themselves are static constants).
 */
static _Atomic(const br_block_ctr_class *) sel_aes_ctr;
static _Atomic(const br_block_ctrcbc_class *) sel_aes_ctrcbc;
static _Atomic(br_ghash) sel_ghash;

const br_block_ctr_class *
msa_br_aes_ctr(void)
{
	const br_block_ctr_class *c;

	c = atomic_load_explicit(&sel_aes_ctr, memory_order_relaxed);
	if (c == NULL) {
		c = br_aes_x86ni_ctr_get_vtable();
		if (c == NULL)
			c = &br_aes_ct64_ctr_vtable;
		atomic_store_explicit(&sel_aes_ctr, c, memory_order_relaxed);
	}
	return c;
}

const br_block_ctrcbc_class *
msa_br_aes_ctrcbc(void)
{
	const br_block_ctrcbc_class *c;

	c = atomic_load_explicit(&sel_aes_ctrcbc, memory_order_relaxed);
	if (c == NULL) {
		c = br_aes_x86ni_ctrcbc_get_vtable();
		if (c == NULL)
			c = &br_aes_ct_ctrcbc_vtable;
		atomic_store_explicit(&sel_aes_ctrcbc, c, memory_order_relaxed);
	}
	return c;
}

br_ghash
msa_br_ghash(void)
{
	br_ghash g;

	g = atomic_load_explicit(&sel_ghash, memory_order_relaxed);
	if (g == 0) {
		g = br_ghash_pclmul_get();
		if (g == 0)
			g = &br_ghash_ctmul64;
		atomic_store_explicit(&sel_ghash, g, memory_order_relaxed);
	}
	return g;
}

br_chacha20_run
msa_br_chacha20(void)
{
	return &br_chacha20_ct_run;
}

br_poly1305_run
msa_br_poly1305(void)
{
	/* No CPUID behind this one: a compile-time test of the platform. */
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
	msa_br_aead_expand,
	msa_br_aead_seal_x,
	msa_br_aead_open_x,
};

const msa_crypto_provider *
msa_crypto_bearssl(void)
{
	return &bearssl_provider;
}
