/*
 * bench_openssl.c -- the reference (issue 8): OpenSSL TLS 1.3 (Debian's
 * libssl 3.0), both ends in this process, in memory through a BIO pair.
 * Same shape as MSA's handshake: mutual authentication with the P-256
 * certificates of vectors/pki (initiator-1 as client, responder-1 as
 * server, each sending EE + int-ca, both trusting root-ca, time fixed at
 * the PKI's test time), X25519 (and P-256 as a second row), ECDSA P-256
 * SHA-256 signatures only, TLS_AES_128_GCM_SHA256 only; no session
 * tickets, no middlebox-compatibility ChangeCipherSpec records, no
 * session cache: one full handshake each time, nothing resumed.
 *
 * Measured: CPU time per handshake (both sides), its crypto floor with
 * libcrypto (the same operations as bench_floor.c: per side keygen,
 * derive, one ECDSA signature, three ECDSA verifications -- EE, int-ca,
 * CertificateVerify -- and MSA's key schedule as 13 HMAC-SHA-256; TLS 1.3's
 * own key schedule has more), bytes per flight on the
 * wire, heap in use per established connection (OpenSSL's allocator hooked
 * with CRYPTO_set_mem_functions, live bytes counted), and record
 * throughput (SSL_write on one side + SSL_read on the other).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include "bench.h"

#define PKI_TIME 1893456000
#define BIO_SIZE 32768

/* ---------------------------------------------------------------- heap accounting */

/* Every OpenSSL allocation carries its size in a 16-byte header, so that
 * the bytes in use are known at any moment (single-threaded). */
#define HDR 16
static size_t mem_cur, mem_peak;

static void *
m_malloc(size_t n, const char *file, int line)
{
	unsigned char *p = malloc(n + HDR);

	(void)file;
	(void)line;
	if (p == NULL)
		return NULL;
	memcpy(p, &n, sizeof n);
	mem_cur += n;
	if (mem_cur > mem_peak)
		mem_peak = mem_cur;
	return p + HDR;
}

static void
m_free(void *ptr, const char *file, int line)
{
	unsigned char *b;
	size_t n;

	(void)file;
	(void)line;
	if (ptr == NULL)
		return;
	b = (unsigned char *)ptr - HDR;
	memcpy(&n, b, sizeof n);
	mem_cur -= n;
	free(b);
}

static void *
m_realloc(void *ptr, size_t n, const char *file, int line)
{
	unsigned char *b, *nb;
	size_t old;

	if (ptr == NULL)
		return m_malloc(n, file, line);
	if (n == 0) {
		m_free(ptr, file, line);
		return NULL;
	}
	b = (unsigned char *)ptr - HDR;
	memcpy(&old, b, sizeof old);
	nb = realloc(b, n + HDR);
	if (nb == NULL)
		return NULL;
	memcpy(nb, &n, sizeof n);
	mem_cur = mem_cur - old + n;
	if (mem_cur > mem_peak)
		mem_peak = mem_cur;
	return nb + HDR;
}

int
bench_openssl_mem_init(void)
{
	return CRYPTO_set_mem_functions(m_malloc, m_realloc, m_free) == 1 ? 0 : -1;
}

/* ---------------------------------------------------------------- contexts */

typedef struct {
	const char *group;          /* "X25519" or "P-256" */
	SSL_CTX *cctx, *sctx;
	SSL *c, *s;                 /* an established pair (data transfer) */
	size_t flight[8];           /* bytes of each flight of the last handshake */
	int nflight;
	int fail;
	size_t len;
	unsigned char buf[16384], rbuf[16384];
} ossl;

static void
ossl_err(const char *what)
{
	fprintf(stderr, "msa-bench: openssl: %s\n", what);
	ERR_print_errors_fp(stderr);
}

static SSL_CTX *
ctx_new(int server, const char *group)
{
	char chain[1024], key[1024], ca[1024];
	const char *who = server ? "responder-1" : "initiator-1";
	SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());

	if (ctx == NULL)
		return NULL;
	snprintf(chain, sizeof chain, "%s/%s-chain.pem", bench_opt.pki, who);
	snprintf(key, sizeof key, "%s/%s.key.pem", bench_opt.pki, who);
	snprintf(ca, sizeof ca, "%s/root-ca.pem", bench_opt.pki);
	if (SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) != 1 ||
	    SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) != 1 ||
	    SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256") != 1 ||
	    SSL_CTX_set1_groups_list(ctx, group) != 1 ||
	    SSL_CTX_set1_sigalgs_list(ctx, "ECDSA+SHA256") != 1 ||
	    SSL_CTX_use_certificate_chain_file(ctx, chain) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1 ||
	    SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
		ossl_err("context setup failed");
		SSL_CTX_free(ctx);
		return NULL;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER |
		(server ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0), NULL);
	X509_VERIFY_PARAM_set_time(SSL_CTX_get0_param(ctx), PKI_TIME);
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
	SSL_CTX_clear_options(ctx, SSL_OP_ENABLE_MIDDLEBOX_COMPAT);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	if (server)
		SSL_CTX_set_num_tickets(ctx, 0);
	return ctx;
}

static int
ossl_init(ossl *o, const char *group)
{
	memset(o, 0, sizeof *o);
	o->group = group;
	o->cctx = ctx_new(0, group);
	o->sctx = ctx_new(1, group);
	return o->cctx && o->sctx ? 0 : -1;
}

static void
ossl_done(ossl *o)
{
	SSL_free(o->c);
	SSL_free(o->s);
	SSL_CTX_free(o->cctx);
	SSL_CTX_free(o->sctx);
	o->c = o->s = NULL;
	o->cctx = o->sctx = NULL;
}

/* Step one side; 1 when its handshake is done, 0 when it waits, -1 on error. */
static int
step(SSL *ssl, int *done)
{
	int r;

	if (*done)
		return 1;
	r = SSL_do_handshake(ssl);
	if (r == 1) {
		*done = 1;
		return 1;
	}
	return SSL_get_error(ssl, r) == SSL_ERROR_WANT_READ ? 0 : -1;
}

/*
 * A full handshake between a new client and a new server SSL. The bytes
 * each call writes into its BIO form one flight. *pc, *ps: the pair (the
 * caller frees). mode: SSL_set_mode bits for both. Returns 0 or -1.
 */
static int
handshake(ossl *o, SSL **pc, SSL **ps, long mode, size_t *bio_cost)
{
	BIO *bc = NULL, *bs = NULL;
	SSL *c, *s;
	int dc = 0, ds = 0, guard;
	uint64_t wc = 0, ws = 0, n;
	size_t m0 = mem_cur;

	*pc = *ps = NULL;
	if (BIO_new_bio_pair(&bc, BIO_SIZE, &bs, BIO_SIZE) != 1)
		return -1;
	/* the pair's buffers may be allocated on first write: force them now */
	if (bio_cost != NULL) {
		BIO_write(bc, "x", 1);
		BIO_write(bs, "x", 1);
		{
			char x;
			BIO_read(bs, &x, 1);
			BIO_read(bc, &x, 1);
		}
		*bio_cost = mem_cur - m0;
	}
	c = SSL_new(o->cctx);
	s = SSL_new(o->sctx);
	if (c == NULL || s == NULL) {
		SSL_free(c);
		SSL_free(s);
		BIO_free(bc);
		BIO_free(bs);
		return -1;
	}
	SSL_set_bio(c, bc, bc);
	SSL_set_bio(s, bs, bs);
	if (mode) {
		SSL_set_mode(c, mode);
		SSL_set_mode(s, mode);
	}
	SSL_set_connect_state(c);
	SSL_set_accept_state(s);
	*pc = c;
	*ps = s;
	wc = BIO_number_written(bc);
	ws = BIO_number_written(bs);
	o->nflight = 0;
	for (guard = 0; guard < 16 && !(dc && ds); guard++) {
		if (step(c, &dc) < 0)
			return -1;
		n = BIO_number_written(bc);
		if (n > wc && o->nflight < 8)
			o->flight[o->nflight++] = (size_t)(n - wc);
		wc = n;
		if (step(s, &ds) < 0)
			return -1;
		n = BIO_number_written(bs);
		if (n > ws && o->nflight < 8)
			o->flight[o->nflight++] = (size_t)(n - ws);
		ws = n;
	}
	return dc && ds ? 0 : -1;
}

/* The pair is what we asked for: TLS 1.3, AES-128-GCM, both authenticated. */
static int
check_pair(SSL *c, SSL *s)
{
	X509 *pc = SSL_get0_peer_certificate(c), *ps = SSL_get0_peer_certificate(s);

	if (SSL_version(c) != TLS1_3_VERSION ||
	    strcmp(SSL_CIPHER_get_name(SSL_get_current_cipher(c)),
		"TLS_AES_128_GCM_SHA256") != 0 ||
	    pc == NULL || ps == NULL ||
	    SSL_get_verify_result(c) != X509_V_OK ||
	    SSL_get_verify_result(s) != X509_V_OK)
		return -1;
	return 0;
}

static void
hs_once(void *arg)
{
	ossl *o = arg;
	SSL *c, *s;

	if (handshake(o, &c, &s, 0, NULL) != 0)
		o->fail = 1;
	SSL_free(c);
	SSL_free(s);
}

static void
rec_round(void *arg)
{
	ossl *o = arg;

	if (SSL_write(o->c, o->buf, (int)o->len) != (int)o->len ||
	    SSL_read(o->s, o->rbuf, (int)o->len) != (int)o->len)
		o->fail = 1;
}

/* ---------------------------------------------------------------- floor */

typedef struct {
	const char *group;
	EVP_PKEY *sk_i, *sk_r;
	X509 *ee_i, *ee_r, *intca;
	EVP_PKEY *pub_root, *pub_int, *pub_i, *pub_r;
	int fail;
} ofloor;

static X509 *
load_x509(const char *name)
{
	char path[1024];
	FILE *f;
	X509 *x;

	snprintf(path, sizeof path, "%s/%s", bench_opt.pki, name);
	f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	return x;
}

static EVP_PKEY *
load_key(const char *name)
{
	char path[1024];
	FILE *f;
	EVP_PKEY *k;

	snprintf(path, sizeof path, "%s/%s", bench_opt.pki, name);
	f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	return k;
}

static int
ofloor_init(ofloor *f, const char *group)
{
	X509 *root;

	memset(f, 0, sizeof *f);
	f->group = group;
	f->sk_i = load_key("initiator-1.key.pem");
	f->sk_r = load_key("responder-1.key.pem");
	f->ee_i = load_x509("initiator-1.pem");
	f->ee_r = load_x509("responder-1.pem");
	f->intca = load_x509("int-ca.pem");
	root = load_x509("root-ca.pem");
	if (!f->sk_i || !f->sk_r || !f->ee_i || !f->ee_r || !f->intca || !root)
		return -1;
	f->pub_root = X509_get_pubkey(root);
	f->pub_int = X509_get_pubkey(f->intca);
	f->pub_i = X509_get_pubkey(f->ee_i);
	f->pub_r = X509_get_pubkey(f->ee_r);
	X509_free(root);
	return f->pub_root && f->pub_int && f->pub_i && f->pub_r ? 0 : -1;
}

static EVP_PKEY *
okeygen(ofloor *f)
{
	EVP_PKEY *k;

	if (strcmp(f->group, "X25519") == 0)
		k = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	else
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (k == NULL)
		f->fail = 1;
	return k;
}

static void
oderive(ofloor *f, EVP_PKEY *mine, EVP_PKEY *peer, unsigned char *z)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, mine, NULL);
	size_t zl = 32;

	if (c == NULL || EVP_PKEY_derive_init(c) != 1 ||
	    EVP_PKEY_derive_set_peer(c, peer) != 1 ||
	    EVP_PKEY_derive(c, z, &zl) != 1 || zl != 32)
		f->fail = 1;
	EVP_PKEY_CTX_free(c);
}

static size_t
osign(ofloor *f, EVP_PKEY *sk, const unsigned char *m, size_t ml, unsigned char *sig)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	size_t sl = 80;

	if (md == NULL || EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, sk) != 1 ||
	    EVP_DigestSign(md, sig, &sl, m, ml) != 1)
		f->fail = 1;
	EVP_MD_CTX_free(md);
	return sl;
}

static void
overify(ofloor *f, EVP_PKEY *pub, const unsigned char *m, size_t ml,
	const unsigned char *sig, size_t sl)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (md == NULL || EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, pub) != 1 ||
	    EVP_DigestVerify(md, sig, sl, m, ml) != 1)
		f->fail = 1;
	EVP_MD_CTX_free(md);
}

/* The key schedule of one side as MSA's floor counts it: 13 HMAC-SHA-256
 * (extract, 2 MAC keys, MAC computed and verified, master, rekey, 2
 * traffic secrets, key and IV of both directions), each over a short input. */
static void
oks(ofloor *f, const unsigned char *z)
{
	unsigned char k[32], in[64], out[32];
	unsigned int ol;
	int i;

	memcpy(k, z, 32);
	memset(in, 0x5a, sizeof in);
	for (i = 0; i < 13; i++) {
		if (HMAC(EVP_sha256(), k, 32, in, 48, out, &ol) == NULL || ol != 32)
			f->fail = 1;
		memcpy(k, out, 32);
	}
}

static void
ofloor_once(void *arg)
{
	ofloor *f = arg;
	EVP_PKEY *ki, *kr;
	unsigned char zi[32], zr[32], m2[64], m3[64], s2[80], s3[80];
	size_t l2, l3;

	memset(m2, 0x22, sizeof m2);
	memset(m3, 0x33, sizeof m3);
	ki = okeygen(f);
	kr = okeygen(f);
	if (ki == NULL || kr == NULL)
		goto out;
	oderive(f, kr, ki, zr);
	l2 = osign(f, f->sk_r, m2, sizeof m2, s2);
	oderive(f, ki, kr, zi);
	if (X509_verify(f->ee_r, f->pub_int) != 1 || X509_verify(f->intca, f->pub_root) != 1)
		f->fail = 1;
	overify(f, f->pub_r, m2, sizeof m2, s2, l2);
	l3 = osign(f, f->sk_i, m3, sizeof m3, s3);
	if (X509_verify(f->ee_i, f->pub_int) != 1 || X509_verify(f->intca, f->pub_root) != 1)
		f->fail = 1;
	overify(f, f->pub_i, m3, sizeof m3, s3, l3);
	oks(f, zi);
	oks(f, zr);
	if (memcmp(zi, zr, 32) != 0)
		f->fail = 1;
out:
	EVP_PKEY_free(ki);
	EVP_PKEY_free(kr);
}

static void
ofloor_done(ofloor *f)
{
	EVP_PKEY_free(f->sk_i);
	EVP_PKEY_free(f->sk_r);
	X509_free(f->ee_i);
	X509_free(f->ee_r);
	X509_free(f->intca);
	EVP_PKEY_free(f->pub_root);
	EVP_PKEY_free(f->pub_int);
	EVP_PKEY_free(f->pub_i);
	EVP_PKEY_free(f->pub_r);
}

/* ---------------------------------------------------------------- memory */

static int
measure_memory(ossl *o, long mode, const char *ktag, const char *tag)
{
	SSL *c, *s;
	size_t base, bio, est, before, cb, sb, peak;
	char key[128], label[160];

	base = mem_cur;
	mem_peak = mem_cur;
	if (handshake(o, &c, &s, mode, &bio) != 0 || check_pair(c, s) != 0) {
		SSL_free(c);
		SSL_free(s);
		return -1;
	}
	peak = mem_peak - base - bio;
	est = mem_cur - base - bio;
	before = mem_cur;
	SSL_free(c);
	cb = before - mem_cur - bio / 2;
	before = mem_cur;
	SSL_free(s);
	sb = before - mem_cur - bio / 2;
	snprintf(key, sizeof key, "openssl.%s.heap_client%s", o->group, ktag);
	snprintf(label, sizeof label, "heap in use, established client SSL%s", tag);
	bench_put(key, (double)cb, "B", label);
	snprintf(key, sizeof key, "openssl.%s.heap_server%s", o->group, ktag);
	snprintf(label, sizeof label, "heap in use, established server SSL%s", tag);
	bench_put(key, (double)sb, "B", label);
	snprintf(key, sizeof key, "openssl.%s.heap_pair%s", o->group, ktag);
	snprintf(label, sizeof label, "heap in use, both established (check)%s", tag);
	bench_put(key, (double)est, "B", label);
	snprintf(key, sizeof key, "openssl.%s.heap_peak_handshake%s", o->group, ktag);
	snprintf(label, sizeof label, "heap peak during the handshake, both sides%s", tag);
	bench_put(key, (double)peak, "B", label);
	return 0;
}

/* ---------------------------------------------------------------- section */

static int
bench_group(const char *group)
{
	static ossl o;
	static ofloor f;
	static const size_t lens[3] = { 64, 1024, 16384 };
	static const char *const fname[3] = { "ClientHello", "server flight "
		"(SH EE CR Cert CV Fin)", "client flight (Cert CV Fin)" };
	char key[128], label[160];
	SSL *c, *s;
	size_t j, total = 0;
	double hs, fl;
	int k;

	printf("  -- group %s\n", group);
	if (ossl_init(&o, group) != 0 || ofloor_init(&f, group) != 0) {
		ossl_err("setup failed");
		return -1;
	}
	if (handshake(&o, &c, &s, 0, NULL) != 0 || check_pair(c, s) != 0) {
		ossl_err("handshake failed or not as configured");
		return -1;
	}
	SSL_free(c);
	SSL_free(s);
	snprintf(key, sizeof key, "openssl.%s.handshake", group);
	bench_put_stat(key, bench_measure(hs_once, &o, bench_opt.min_run_slow),
		"TLS 1.3 handshake, mutual auth, both sides");
	snprintf(key, sizeof key, "openssl.%s.floor", group);
	bench_put_stat(key, bench_measure(ofloor_once, &f, bench_opt.min_run_slow),
		"libcrypto floor (2 keygen/derive/sign, 6 verify, 26 HMAC)");
	if (o.fail || f.fail) {
		ossl_err("a handshake or floor operation failed");
		return -1;
	}
	snprintf(key, sizeof key, "openssl.%s.handshake.us", group);
	if (bench_get(key, &hs)) {
		snprintf(key, sizeof key, "openssl.%s.floor.us", group);
		if (bench_get(key, &fl)) {
			snprintf(key, sizeof key, "openssl.%s.overhead_us", group);
			bench_put(key, hs - fl, "us", "protocol overhead = handshake - floor");
			snprintf(key, sizeof key, "openssl.%s.handshake_floor_ratio", group);
			bench_put(key, hs / fl, "x", "handshake / floor");
		}
	}
	/* bytes on the wire, per flight, from the last handshake */
	if (handshake(&o, &c, &s, 0, NULL) != 0 || o.nflight != 3) {
		ossl_err("unexpected flights");
		return -1;
	}
	SSL_free(c);
	SSL_free(s);
	for (k = 0; k < o.nflight; k++) {
		snprintf(key, sizeof key, "openssl.%s.bytes.flight%d", group, k + 1);
		bench_put(key, (double)o.flight[k], "B", fname[k]);
		total += o.flight[k];
	}
	snprintf(key, sizeof key, "openssl.%s.bytes.total", group);
	bench_put(key, (double)total, "B", "TLS 1.3 handshake bytes on the wire, total");
	if (measure_memory(&o, 0, "", "") != 0 ||
	    measure_memory(&o, SSL_MODE_RELEASE_BUFFERS, "_release_buffers",
		" (RELEASE_BUFFERS)") != 0) {
		ossl_err("memory measurement failed");
		return -1;
	}
	/* records, client -> server */
	if (strcmp(group, "X25519") == 0) {
		if (handshake(&o, &o.c, &o.s, 0, NULL) != 0) {
			ossl_err("handshake for data failed");
			return -1;
		}
		memset(o.buf, 0xa5, sizeof o.buf);
		for (j = 0; j < 3; j++) {
			o.len = lens[j];
			snprintf(key, sizeof key, "openssl.%s.records.%zu", group, lens[j]);
			snprintf(label, sizeof label, "TLS 1.3 record %zu B (SSL_write + SSL_read)",
				lens[j]);
			{
				bench_stat st = bench_measure(rec_round, &o, bench_opt.min_run_s);
				char k2[160];

				bench_put_stat(key, st, label);
				snprintf(k2, sizeof k2, "%s.MBps", key);
				bench_put(k2, (double)lens[j] / st.med / 1e6, "MB/s",
					"    = MB/s (payload)");
			}
		}
		if (o.fail) {
			ossl_err("record transfer failed");
			return -1;
		}
	}
	ossl_done(&o);
	ofloor_done(&f);
	return 0;
}

int
bench_openssl(void)
{
	bench_section("OpenSSL TLS 1.3 reference (libssl 3.0, BIO pair, mutual auth, "
		"ECDSA P-256 EE + int-ca, AES-128-GCM)");
	printf("  %s; heap accounted through CRYPTO_set_mem_functions (BIO pair "
		"buffers excluded)\n", OpenSSL_version(OPENSSL_VERSION));
	if (bench_group("X25519") != 0 || bench_group("P-256") != 0)
		return -1;
	return 0;
}

int
bench_openssl_one(const char *name)
{
	static ossl o;
	static ofloor f;

	if (strcmp(name, "handshake") == 0) {
		if (ossl_init(&o, "X25519") != 0)
			return -1;
		hs_once(&o);
		bench_cg_target(hs_once, &o);
		return o.fail ? -1 : 0;
	}
	if (strcmp(name, "floor") == 0) {
		if (ofloor_init(&f, "X25519") != 0)
			return -1;
		ofloor_once(&f);
		bench_cg_target(ofloor_once, &f);
		return f.fail ? -1 : 0;
	}
	return -1;
}

/* The X25519 handshake, for measurements paired with MSA's. */
int
bench_openssl_get(bench_cg_fn *fn, void **arg)
{
	static ossl o;

	if (o.cctx == NULL && ossl_init(&o, "X25519") != 0)
		return -1;
	*fn = hs_once;
	*arg = &o;
	return 0;
}
