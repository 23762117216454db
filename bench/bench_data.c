/*
 * bench_data.c -- record protection without the engine (issue 8):
 *  - raw BearSSL primitives, the implementations the provider chooses
 *    (msa_br_aes_ctr/msa_br_ghash/... of src/crypto_bearssl.c): AES-GCM,
 *    AES-CCM, ChaCha20-Poly1305, HMAC-SHA-256 (integrity-only ICV);
 *  - the same through the provider (aead_seal/aead_open, icv_compute/
 *    icv_verify), which expands the key schedule on every call;
 * at 64 B, 1 KiB and 16 KiB. One "message" = protect + unprotect of one
 * record (sender and receiver work), with a 17-byte AAD, the size of the
 * DER RecordHeader of a ProtectedPdu. Raw AES modes are measured twice:
 * key schedule expanded once (what a record layer keeping the expanded key
 * pays) and per message (what the provider's API pays). The engine's rows
 * also use a third mode, key expanded per operation (before the seal and
 * again before the open: what two parties that keep only raw keys pay).
 * Also BearSSL's own TLS client (TLS 1.2 in 0.6): context sizes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bearssl.h>
#include "msa.h"
#include "crypto_bearssl.h"
#include "bench.h"

#define AAD_LEN 17

enum { K_GCM128, K_GCM256, K_CHAPOLY, K_CCM128, K_HMAC, K_N };

static const struct {
	const char *name;
	unsigned prot;
	size_t key_len;
} kinds[K_N] = {
	{ "AES128GCM", MSA_PROT_AES128GCM, 16 },
	{ "AES256GCM", MSA_PROT_AES256GCM, 32 },
	{ "CHACHA20POLY1305", MSA_PROT_CHACHA20POLY1305, 32 },
	{ "AES128CCM", MSA_PROT_AES128CCM, 16 },
	{ "HMACSHA256", MSA_PROT_HMACSHA256, 32 },
};

static const size_t lens[3] = { 64, 1024, 16384 };

typedef struct {
	int kind;
	size_t len;
	int rekey;                       /* expand the key schedule: 0 once,
	                                    1 per message, 2 per operation */
	br_aes_gen_ctr_keys aes;
	br_gcm_context gc;
	br_aes_gen_ctrcbc_keys aesc;
	br_ccm_context cc;
	br_hmac_key_context hk;
	uint8_t key[32], iv[12], aad[AAD_LEN], tag[32], tag2[32];
	uint8_t buf[16384];
	int fail;
} dctx;

static void
raw_setup(dctx *d)
{
	size_t kl = kinds[d->kind].key_len;

	switch (d->kind) {
	case K_GCM128:
	case K_GCM256:
		msa_br_aes_ctr()->init(&d->aes.vtable, d->key, kl);
		br_gcm_init(&d->gc, &d->aes.vtable, msa_br_ghash());
		break;
	case K_CCM128:
		msa_br_aes_ctrcbc()->init(&d->aesc.vtable, d->key, kl);
		br_ccm_init(&d->cc, &d->aesc.vtable);
		break;
	case K_HMAC:
		br_hmac_key_init(&d->hk, &br_sha256_vtable, d->key, kl);
		break;
	default:
		break;
	}
}

static int
ct_eq(const uint8_t *a, const uint8_t *b, size_t n)
{
	unsigned r = 0;
	size_t i;

	for (i = 0; i < n; i++)
		r |= (unsigned)(a[i] ^ b[i]);
	return r == 0;
}

static void
hmac_icv(dctx *d, uint8_t *out)
{
	br_hmac_context hc;

	br_hmac_init(&hc, &d->hk, 0);
	br_hmac_update(&hc, d->aad, AAD_LEN);
	br_hmac_update(&hc, d->buf, d->len);
	br_hmac_out(&hc, out);
}

/* Raw primitive: seal then open one record. */
static void
raw_round(void *arg)
{
	dctx *d = arg;

	if (d->rekey)
		raw_setup(d);
	switch (d->kind) {
	case K_GCM128:
	case K_GCM256:
		br_gcm_reset(&d->gc, d->iv, 12);
		br_gcm_aad_inject(&d->gc, d->aad, AAD_LEN);
		br_gcm_flip(&d->gc);
		br_gcm_run(&d->gc, 1, d->buf, d->len);
		br_gcm_get_tag(&d->gc, d->tag);
		if (d->rekey == 2)
			raw_setup(d);
		br_gcm_reset(&d->gc, d->iv, 12);
		br_gcm_aad_inject(&d->gc, d->aad, AAD_LEN);
		br_gcm_flip(&d->gc);
		br_gcm_run(&d->gc, 0, d->buf, d->len);
		if (!br_gcm_check_tag(&d->gc, d->tag))
			d->fail = 1;
		break;
	case K_CCM128:
		br_ccm_reset(&d->cc, d->iv, 12, AAD_LEN, d->len, 16);
		br_ccm_aad_inject(&d->cc, d->aad, AAD_LEN);
		br_ccm_flip(&d->cc);
		br_ccm_run(&d->cc, 1, d->buf, d->len);
		br_ccm_get_tag(&d->cc, d->tag);
		if (d->rekey == 2)
			raw_setup(d);
		br_ccm_reset(&d->cc, d->iv, 12, AAD_LEN, d->len, 16);
		br_ccm_aad_inject(&d->cc, d->aad, AAD_LEN);
		br_ccm_flip(&d->cc);
		br_ccm_run(&d->cc, 0, d->buf, d->len);
		if (!br_ccm_check_tag(&d->cc, d->tag))
			d->fail = 1;
		break;
	case K_CHAPOLY:
		msa_br_poly1305()(d->key, d->iv, d->buf, d->len, d->aad, AAD_LEN,
			d->tag, msa_br_chacha20(), 1);
		msa_br_poly1305()(d->key, d->iv, d->buf, d->len, d->aad, AAD_LEN,
			d->tag2, msa_br_chacha20(), 0);
		if (!ct_eq(d->tag, d->tag2, 16))
			d->fail = 1;
		break;
	case K_HMAC:
		hmac_icv(d, d->tag);
		hmac_icv(d, d->tag2);
		if (!ct_eq(d->tag, d->tag2, 32))
			d->fail = 1;
		break;
	}
}

/* The same through the provider. */
static void
prov_round(void *arg)
{
	dctx *d = arg;
	const msa_crypto_provider *p = msa_crypto_bearssl();
	unsigned prot = kinds[d->kind].prot;
	size_t kl = kinds[d->kind].key_len;

	if (d->kind == K_HMAC) {
		if (p->icv_compute(d->key, kl, d->aad, AAD_LEN, d->buf, d->len, d->tag) != MSA_OK ||
		    p->icv_verify(d->key, kl, d->aad, AAD_LEN, d->buf, d->len, d->tag) != MSA_OK)
			d->fail = 1;
		return;
	}
	if (p->aead_seal(prot, d->key, kl, d->iv, d->aad, AAD_LEN, d->buf, d->len,
		d->tag) != MSA_OK ||
	    p->aead_open(prot, d->key, kl, d->iv, d->aad, AAD_LEN, d->buf, d->len,
		d->tag) != MSA_OK)
		d->fail = 1;
}

static void
put_rate(const char *key, const char *label, bench_stat st, size_t len)
{
	char k[160], l[160];

	bench_put_stat(key, st, label);
	snprintf(k, sizeof k, "%s.MBps", key);
	snprintf(l, sizeof l, "    = MB/s (payload, protect + unprotect)");
	bench_put(k, (double)len / st.med / 1e6, "MB/s", l);
}

int
bench_data(void)
{
	static dctx d;
	char key[160], label[160];
	int k;
	size_t j;
	bench_stat sr, sp;
	double ratio;

	bench_section("Record protection: raw BearSSL vs provider (one message = "
		"protect + unprotect, AAD 17 B)");
	for (k = 0; k < K_N; k++) {
		for (j = 0; j < 3; j++) {
			memset(&d, 0, sizeof d);
			d.kind = k;
			d.len = lens[j];
			memset(d.key, 0x11, sizeof d.key);
			memset(d.iv, 0x22, sizeof d.iv);
			memset(d.aad, 0x33, sizeof d.aad);
			memset(d.buf, 0xa5, sizeof d.buf);
			raw_setup(&d);
			/* raw and provider in alternating runs */
			bench_measure_pair(raw_round, &d, prov_round, &d, bench_opt.min_run_s,
				&sr, &sp, &ratio);
			snprintf(key, sizeof key, "data.raw.%s.%zu", kinds[k].name, lens[j]);
			snprintf(label, sizeof label, "raw %s %zu B%s", kinds[k].name,
				lens[j], k == K_CHAPOLY ? "" : " (key expanded once)");
			put_rate(key, label, sr, lens[j]);
			snprintf(key, sizeof key, "data.provider.%s.%zu", kinds[k].name,
				lens[j]);
			snprintf(label, sizeof label, "provider %s %zu B", kinds[k].name,
				lens[j]);
			put_rate(key, label, sp, lens[j]);
			snprintf(key, sizeof key, "data.provider_vs_raw.%s.%zu",
				kinds[k].name, lens[j]);
			bench_put(key, ratio, "x",   /* t(raw) / t(provider) */
				"    provider throughput / raw (key once; run pairs)");
			if (k == K_GCM128 || k == K_GCM256 || k == K_CCM128) {
				d.rekey = 1;
				snprintf(key, sizeof key, "data.raw_rekey.%s.%zu",
					kinds[k].name, lens[j]);
				snprintf(label, sizeof label, "raw %s %zu B (key expanded "
					"per message)", kinds[k].name, lens[j]);
				put_rate(key, label, bench_measure(raw_round, &d,
					bench_opt.min_run_s), lens[j]);
				d.rekey = 0;
			}
			if (d.fail) {
				fprintf(stderr, "msa-bench: data: %s %zu B failed to verify\n",
					kinds[k].name, lens[j]);
				return -1;
			}
		}
	}
	return 0;
}

int
bench_bearssl_tls(void)
{
	size_t cc = sizeof(br_ssl_client_context);
	size_t xc = sizeof(br_x509_minimal_context);

	bench_section("BearSSL 0.6 TLS client (TLS 1.2 only in this version): memory, "
		"sizeof");
	bench_put("bearssl_tls.client_context", (double)cc, "B",
		"sizeof(br_ssl_client_context)");
	bench_put("bearssl_tls.x509_minimal_context", (double)xc, "B",
		"sizeof(br_x509_minimal_context)");
	bench_put("bearssl_tls.server_context", (double)sizeof(br_ssl_server_context),
		"B", "sizeof(br_ssl_server_context)");
	bench_put("bearssl_tls.buf_mono", BR_SSL_BUFSIZE_MONO, "B",
		"BR_SSL_BUFSIZE_MONO (half-duplex, full 16 KiB records)");
	bench_put("bearssl_tls.buf_bidi", BR_SSL_BUFSIZE_BIDI, "B",
		"BR_SSL_BUFSIZE_BIDI (full duplex)");
	bench_put("bearssl_tls.client_total_mono", (double)(cc + xc + BR_SSL_BUFSIZE_MONO),
		"B", "client context + x509 context + mono buffer");
	bench_put("bearssl_tls.client_total_bidi", (double)(cc + xc + BR_SSL_BUFSIZE_BIDI),
		"B", "client context + x509 context + bidi buffer");
	return 0;
}

/*
 * bench_data_get: the raw round of protection `name` ("AES128GCM", ...)
 * at len bytes, key expanded once (rekey 0), per message (rekey 1) or per
 * operation (rekey 2: before the seal and before the open), for
 * measurements paired with the engine's records. Each call returns a new
 * context (the caller frees it).
 */
int
bench_data_get(const char *name, size_t len, int rekey, bench_cg_fn *fn, void **arg)
{
	dctx *d;
	int k;

	for (k = 0; k < K_N; k++)
		if (strcmp(kinds[k].name, name) == 0)
			break;
	if (k == K_N || len > sizeof d->buf)
		return -1;
	d = calloc(1, sizeof *d);
	if (d == NULL)
		return -1;
	d->kind = k;
	d->len = len;
	d->rekey = rekey;
	memset(d->key, 0x11, sizeof d->key);
	memset(d->iv, 0x22, sizeof d->iv);
	memset(d->aad, 0x33, sizeof d->aad);
	memset(d->buf, 0xa5, sizeof d->buf);
	raw_setup(d);
	*fn = raw_round;
	*arg = d;
	return 0;
}

/* --one raw:NAME.LEN, rawkeyop:NAME.LEN (key expanded per operation) and
 * provider:NAME.LEN, for callgrind: mode 0, 2, 1. */
int
bench_data_one(const char *name, int mode)
{
	char kind[32];
	size_t len;
	bench_cg_fn fn;
	void *arg;
	int rc;

	if (sscanf(name, "%31[A-Z0-9].%zu", kind, &len) != 2 ||
	    bench_data_get(kind, len, mode == 2 ? 2 : 0, &fn, &arg) != 0)
		return -1;
	if (mode == 1)
		fn = prov_round;
	fn(arg);
	bench_cg_target(fn, arg);
	rc = ((dctx *)arg)->fail ? -1 : 0;
	free(arg);
	return rc;
}
