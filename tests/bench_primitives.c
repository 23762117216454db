/*
 * bench_primitives.c -- measures the BearSSL implementations that the
 * provider can choose from (make bench-primitives, mk/crypto.mk), so that
 * the choice recorded in src/crypto_bearssl.c rests on numbers measured on
 * this machine. Not a test: prints a table. Process CPU time (the machine
 * is shared), median of RUNS runs of a fixed number of iterations each.
 * Non-constant-time implementations (aes_big, aes_small) are measured for
 * reference only: they are never candidates.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <bearssl.h>
#include "msa.h"

#define RUNS 5

static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

#include <stdlib.h>

/* Runs fn(arg) iters times per run; returns the median seconds per call. */
static double
measure(void (*fn)(void *), void *arg, long iters)
{
	double t[RUNS];
	int r;
	long i;

	fn(arg);   /* warm up */
	for (r = 0; r < RUNS; r++) {
		double t0 = cpu_now();
		for (i = 0; i < iters; i++)
			fn(arg);
		t[r] = (cpu_now() - t0) / (double)iters;
	}
	qsort(t, RUNS, sizeof t[0], cmp_double);
	return t[RUNS / 2];
}

static unsigned char buf[16384], aad[13], key[32], iv[12], tag[16];

/* ---------------------------------------------------------------- GCM */
struct gcm_arg {
	const br_block_ctr_class *aes;
	br_ghash gh;
	size_t keylen, len;
};

static void
gcm_once(void *p)
{
	struct gcm_arg *a = p;
	br_aes_gen_ctr_keys k;
	br_gcm_context gc;

	a->aes->init(&k.vtable, key, a->keylen);
	br_gcm_init(&gc, &k.vtable, a->gh);
	br_gcm_reset(&gc, iv, 12);
	br_gcm_aad_inject(&gc, aad, sizeof aad);
	br_gcm_flip(&gc);
	br_gcm_run(&gc, 1, buf, a->len);
	br_gcm_get_tag(&gc, tag);
}

/* ---------------------------------------------------------------- CCM */
struct ccm_arg {
	const br_block_ctrcbc_class *aes;
	size_t len;
};

static void
ccm_once(void *p)
{
	struct ccm_arg *a = p;
	br_aes_gen_ctrcbc_keys k;
	br_ccm_context cc;

	a->aes->init(&k.vtable, key, 16);
	br_ccm_init(&cc, &k.vtable);
	br_ccm_reset(&cc, iv, 12, sizeof aad, a->len, 16);
	br_ccm_aad_inject(&cc, aad, sizeof aad);
	br_ccm_flip(&cc);
	br_ccm_run(&cc, 1, buf, a->len);
	br_ccm_get_tag(&cc, tag);
}

/* ---------------------------------------------------------------- ChaCha20-Poly1305 */
struct cp_arg {
	br_chacha20_run ch;
	br_poly1305_run po;
	size_t len;
};

static void
cp_once(void *p)
{
	struct cp_arg *a = p;

	a->po(key, iv, buf, a->len, aad, sizeof aad, tag, a->ch, 1);
}

/* ---------------------------------------------------------------- provider */
struct prov_arg {
	unsigned prot;
	size_t keylen, len;
};

static void
prov_once(void *p)
{
	struct prov_arg *a = p;

	msa_crypto_bearssl()->aead_seal(a->prot, key, a->keylen, iv, aad,
		sizeof aad, buf, a->len, tag);
}

/* ---------------------------------------------------------------- EC */
struct ec_arg {
	const br_ec_impl *impl;
	int curve;
	unsigned char pt[97];
	size_t ptlen;
	unsigned char x[48];
	size_t xlen;
};

static void
ec_mul_once(void *p)
{
	struct ec_arg *a = p;
	unsigned char g[97];

	memcpy(g, a->pt, a->ptlen);
	a->impl->mul(g, a->ptlen, a->x, a->xlen, a->curve);
}

static void
ec_mulgen_once(void *p)
{
	struct ec_arg *a = p;
	unsigned char g[97];

	a->impl->mulgen(g, a->x, a->xlen, a->curve);
}

struct ecdsa_arg {
	const br_ec_impl *impl;
	br_ecdsa_sign sign;
	br_ecdsa_vrfy vrfy;
	const br_hash_class *hf;
	br_ec_private_key sk;
	br_ec_public_key pk;
	unsigned char h[64], sig[132];
	size_t siglen, hlen;
};

static void
ecdsa_sign_once(void *p)
{
	struct ecdsa_arg *a = p;

	a->siglen = a->sign(a->impl, a->hf, a->h, &a->sk, a->sig);
}

static void
ecdsa_vrfy_once(void *p)
{
	struct ecdsa_arg *a = p;

	if (!a->vrfy(a->impl, a->h, a->hlen, &a->pk, a->sig, a->siglen))
		fprintf(stderr, "verify failed!\n");
}

/* ---------------------------------------------------------------- hash */
struct hash_arg {
	const br_hash_class *vt;
	size_t len;
};

static void
hash_once(void *p)
{
	struct hash_arg *a = p;
	br_hash_compat_context hc;
	unsigned char out[64];

	a->vt->init(&hc.vtable);
	a->vt->update(&hc.vtable, buf, a->len);
	a->vt->out(&hc.vtable, out);
}

static void
report_bw(const char *name, double sec, size_t len)
{
	printf("  %-44s %6zu B  %9.0f ns  %7.1f MB/s\n", name, len, sec * 1e9,
		(double)len / sec / 1e6);
}

static void
report_op(const char *name, double sec)
{
	printf("  %-44s %9.1f us  %9.0f ops/s\n", name, sec * 1e6, 1.0 / sec);
}

static void
bench_gcm(void)
{
	static const size_t lens[] = { 64, 1024, 16384 };
	struct {
		const char *name;
		const br_block_ctr_class *aes;
		br_ghash gh;
	} v[] = {
		{ "x86ni + pclmul", br_aes_x86ni_ctr_get_vtable(), br_ghash_pclmul_get() },
		{ "x86ni + ctmul64", br_aes_x86ni_ctr_get_vtable(), &br_ghash_ctmul64 },
		{ "ct64 + pclmul", &br_aes_ct64_ctr_vtable, br_ghash_pclmul_get() },
		{ "ct64 + ctmul64", &br_aes_ct64_ctr_vtable, &br_ghash_ctmul64 },
		{ "ct64 + ctmul", &br_aes_ct64_ctr_vtable, &br_ghash_ctmul },
		{ "ct + ctmul32", &br_aes_ct_ctr_vtable, &br_ghash_ctmul32 },
		{ "big + ctmul64 (not CT, reference)", &br_aes_big_ctr_vtable, &br_ghash_ctmul64 },
	};
	size_t i, j, kl;

	for (kl = 16; kl <= 32; kl += 16) {
		printf("AES-%zu-GCM (key expansion included, per message)\n", kl * 8);
		for (i = 0; i < sizeof v / sizeof v[0]; i++) {
			if (v[i].aes == NULL || v[i].gh == 0) {
				printf("  %-44s unavailable on this CPU\n", v[i].name);
				continue;
			}
			for (j = 0; j < 3; j++) {
				struct gcm_arg a = { v[i].aes, v[i].gh, kl, lens[j] };
				report_bw(v[i].name, measure(gcm_once, &a,
					(long)(4000000 / (lens[j] + 256))), lens[j]);
			}
		}
	}
}

static void
bench_ccm(void)
{
	static const size_t lens[] = { 64, 1024, 16384 };
	struct {
		const char *name;
		const br_block_ctrcbc_class *aes;
	} v[] = {
		{ "x86ni ctrcbc", br_aes_x86ni_ctrcbc_get_vtable() },
		{ "ct64 ctrcbc", &br_aes_ct64_ctrcbc_vtable },
		{ "ct ctrcbc", &br_aes_ct_ctrcbc_vtable },
		{ "big ctrcbc (not CT, reference)", &br_aes_big_ctrcbc_vtable },
	};
	size_t i, j;

	printf("AES-128-CCM, 16-byte tag\n");
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (v[i].aes == NULL) {
			printf("  %-44s unavailable on this CPU\n", v[i].name);
			continue;
		}
		for (j = 0; j < 3; j++) {
			struct ccm_arg a = { v[i].aes, lens[j] };
			report_bw(v[i].name, measure(ccm_once, &a,
				(long)(2000000 / (lens[j] + 256))), lens[j]);
		}
	}
}

static void
bench_chapoly(void)
{
	static const size_t lens[] = { 64, 1024, 16384 };
	struct {
		const char *name;
		br_chacha20_run ch;
		br_poly1305_run po;
	} v[] = {
		{ "chacha20_ct + poly1305_ctmulq", &br_chacha20_ct_run, br_poly1305_ctmulq_get() },
		{ "chacha20_sse2 + poly1305_ctmulq", br_chacha20_sse2_get(), br_poly1305_ctmulq_get() },
		{ "chacha20_ct + poly1305_ctmul", &br_chacha20_ct_run, &br_poly1305_ctmul_run },
		{ "chacha20_sse2 + poly1305_ctmul", br_chacha20_sse2_get(), &br_poly1305_ctmul_run },
		{ "chacha20_ct + poly1305_ctmul32", &br_chacha20_ct_run, &br_poly1305_ctmul32_run },
		{ "chacha20_ct + poly1305_i15", &br_chacha20_ct_run, &br_poly1305_i15_run },
	};
	size_t i, j;

	printf("ChaCha20-Poly1305\n");
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (v[i].ch == 0 || v[i].po == 0) {
			printf("  %-44s unavailable on this CPU\n", v[i].name);
			continue;
		}
		for (j = 0; j < 3; j++) {
			struct cp_arg a = { v[i].ch, v[i].po, lens[j] };
			report_bw(v[i].name, measure(cp_once, &a,
				(long)(2000000 / (lens[j] + 256))), lens[j]);
		}
	}
}

static void
bench_provider(void)
{
	static const size_t lens[] = { 64, 1024, 16384 };
	struct {
		const char *name;
		unsigned prot;
		size_t kl;
	} v[] = {
		{ "provider aead_seal AES-128-GCM", MSA_PROT_AES128GCM, 16 },
		{ "provider aead_seal AES-256-GCM", MSA_PROT_AES256GCM, 32 },
		{ "provider aead_seal ChaCha20-Poly1305", MSA_PROT_CHACHA20POLY1305, 32 },
		{ "provider aead_seal AES-128-CCM", MSA_PROT_AES128CCM, 16 },
	};
	size_t i, j;

	printf("Provider (selection through the _get() functions, key schedule per call, wipes)\n");
	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		for (j = 0; j < 3; j++) {
			struct prov_arg a = { v[i].prot, v[i].kl, lens[j] };
			report_bw(v[i].name, measure(prov_once, &a,
				(long)(4000000 / (lens[j] + 256))), lens[j]);
		}
}

static void
bench_ec(void)
{
	struct {
		const char *name;
		const br_ec_impl *impl;
		int curve;
		size_t xlen;
	} v[] = {
		{ "X25519 c25519_m31", &br_ec_c25519_m31, BR_EC_curve25519, 32 },
		{ "X25519 c25519_m15", &br_ec_c25519_m15, BR_EC_curve25519, 32 },
		{ "X25519 c25519_i31", &br_ec_c25519_i31, BR_EC_curve25519, 32 },
		{ "X25519 c25519_i15", &br_ec_c25519_i15, BR_EC_curve25519, 32 },
		{ "P-256 p256_m31", &br_ec_p256_m31, BR_EC_secp256r1, 32 },
		{ "P-256 p256_m15", &br_ec_p256_m15, BR_EC_secp256r1, 32 },
		{ "P-256 prime_i31", &br_ec_prime_i31, BR_EC_secp256r1, 32 },
		{ "P-256 prime_i15", &br_ec_prime_i15, BR_EC_secp256r1, 32 },
		{ "P-384 prime_i31", &br_ec_prime_i31, BR_EC_secp384r1, 48 },
		{ "P-384 prime_i15", &br_ec_prime_i15, BR_EC_secp384r1, 48 },
	};
	size_t i;

	printf("EC point multiplication (ECDH: mul = shared secret, mulgen = key generation)\n");
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		struct ec_arg a;
		char name[80];

		memset(&a, 0, sizeof a);
		a.impl = v[i].impl;
		a.curve = v[i].curve;
		a.xlen = v[i].xlen;
		memset(a.x, 0x35, a.xlen);
		a.x[0] = 0x12;
		a.ptlen = a.impl->mulgen(a.pt, a.x, a.xlen, a.curve);
		snprintf(name, sizeof name, "%s mul", v[i].name);
		report_op(name, measure(ec_mul_once, &a, 300));
		snprintf(name, sizeof name, "%s mulgen", v[i].name);
		report_op(name, measure(ec_mulgen_once, &a, 300));
	}
}

static void
bench_ecdsa(void)
{
	struct {
		const char *name;
		const br_ec_impl *impl;
		int curve;
		size_t xlen;
		br_ecdsa_sign sign;
		br_ecdsa_vrfy vrfy;
		const br_hash_class *hf;
	} v[] = {
		{ "ECDSA P-256 i31 + p256_m31", &br_ec_p256_m31, BR_EC_secp256r1, 32,
		  &br_ecdsa_i31_sign_asn1, &br_ecdsa_i31_vrfy_asn1, &br_sha256_vtable },
		{ "ECDSA P-256 i15 + p256_m15", &br_ec_p256_m15, BR_EC_secp256r1, 32,
		  &br_ecdsa_i15_sign_asn1, &br_ecdsa_i15_vrfy_asn1, &br_sha256_vtable },
		{ "ECDSA P-256 i31 + p256_m15", &br_ec_p256_m15, BR_EC_secp256r1, 32,
		  &br_ecdsa_i31_sign_asn1, &br_ecdsa_i31_vrfy_asn1, &br_sha256_vtable },
		{ "ECDSA P-256 i15 + p256_m31", &br_ec_p256_m31, BR_EC_secp256r1, 32,
		  &br_ecdsa_i15_sign_asn1, &br_ecdsa_i15_vrfy_asn1, &br_sha256_vtable },
		{ "ECDSA P-256 i31 + prime_i31", &br_ec_prime_i31, BR_EC_secp256r1, 32,
		  &br_ecdsa_i31_sign_asn1, &br_ecdsa_i31_vrfy_asn1, &br_sha256_vtable },
		{ "ECDSA P-384 i31 + prime_i31", &br_ec_prime_i31, BR_EC_secp384r1, 48,
		  &br_ecdsa_i31_sign_asn1, &br_ecdsa_i31_vrfy_asn1, &br_sha384_vtable },
		{ "ECDSA P-384 i15 + prime_i15", &br_ec_prime_i15, BR_EC_secp384r1, 48,
		  &br_ecdsa_i15_sign_asn1, &br_ecdsa_i15_vrfy_asn1, &br_sha384_vtable },
	};
	size_t i;

	printf("ECDSA (deterministic RFC 6979 signing, DER)\n");
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		static unsigned char x[48], q[97];
		struct ecdsa_arg a;
		char name[80];

		memset(&a, 0, sizeof a);
		memset(x, 0x35, v[i].xlen);
		x[0] = 0x12;
		a.impl = v[i].impl;
		a.sign = v[i].sign;
		a.vrfy = v[i].vrfy;
		a.hf = v[i].hf;
		a.sk.curve = v[i].curve;
		a.sk.x = x;
		a.sk.xlen = v[i].xlen;
		a.pk.curve = v[i].curve;
		a.pk.q = q;
		a.pk.qlen = a.impl->mulgen(q, x, v[i].xlen, v[i].curve);
		a.hlen = (a.hf->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
		memset(a.h, 0x5a, a.hlen);
		snprintf(name, sizeof name, "%s sign", v[i].name);
		report_op(name, measure(ecdsa_sign_once, &a, 300));
		snprintf(name, sizeof name, "%s verify", v[i].name);
		report_op(name, measure(ecdsa_vrfy_once, &a, 200));
	}
}

static void
bench_hash(void)
{
	struct hash_arg a;

	printf("Hashes\n");
	a.vt = &br_sha256_vtable;
	a.len = 1024;
	report_bw("SHA-256", measure(hash_once, &a, 5000), 1024);
	a.vt = &br_sha384_vtable;
	report_bw("SHA-384", measure(hash_once, &a, 5000), 1024);
}

int
main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : "";

	memset(buf, 0xa5, sizeof buf);
	memset(key, 0x11, sizeof key);
	memset(iv, 0x22, sizeof iv);
	printf("bench_primitives: process CPU time, median of %d runs\n", RUNS);
	if (!*only || strstr("gcm", only)) bench_gcm();
	if (!*only || strstr("ccm", only)) bench_ccm();
	if (!*only || strstr("chapoly", only)) bench_chapoly();
	if (!*only || strstr("provider", only)) bench_provider();
	if (!*only || strstr("ec", only)) bench_ec();
	if (!*only || strstr("ecdsa", only)) bench_ecdsa();
	if (!*only || strstr("hash", only)) bench_hash();
	return 0;
}
