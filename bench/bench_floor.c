/*
 * bench_floor.c -- the crypto floor of a handshake (issue 8): the least
 * cryptographic work any implementation of the MSA handshake must do, done
 * with the same BearSSL primitives through the same provider
 * (msa_crypto_bearssl()), measured in the same run as the handshake.
 *
 * Per side: one ephemeral key generation, one shared secret, one ECDSA
 * signature (the transcript signature), the verifications of the peer's
 * chain EE + intermediate CA (two ECDSA verifications: EE by int-ca, int-ca
 * by the anchor root-ca; the anchor itself is not verified) and of the
 * peer's transcript signature (one), the HKDF/HMAC of the key schedule
 * (PRK, mk_R, mk_I, one MAC computed and one verified, MS, rk, both traffic
 * secrets, key and IV of both directions). Not included: transcript
 * hashing, encoding, decoding, certificate parsing, state: that is the
 * protocol's overhead, which the engine's handshake adds on top.
 *
 * Material: the test PKI of vectors/pki (P-256 root-ca > int-ca >
 * initiator-1 / responder-1), so the signatures verified are the real
 * certificates' ones. The signing keys are P-256 whatever the suite (a
 * signature algorithm is given by the certificate, not by the suite).
 */
#include <stdio.h>
#include <string.h>
#include "msa.h"
#include "bench.h"

#define PKI_TIME 1893456000u   /* vectors/pki/README.md: the fixed test time */

/* One signature verification: pub, message, DER signature. */
typedef struct {
	uint8_t pub[MSA_PUBKEY_MAX];
	size_t pub_len;
	const uint8_t *msg;
	size_t msg_len;
	const uint8_t *sig;
	size_t sig_len;
} vrfy;

/* The material of one side: its key and its chain as the peer sees it. */
typedef struct {
	msa_private_key sk;
	uint8_t ee_pub[MSA_PUBKEY_MAX];
	size_t ee_pub_len;
	vrfy chain[2];          /* EE by int-ca, int-ca by root-ca */
} side;

typedef struct {
	const msa_suite *s;
	const msa_crypto_provider *p;
	msa_drbg rng;
	side i, r;
	int fail;               /* an operation did not return MSA_OK */
	bench_sides sides;      /* per-side CPU time, when sides.on */
} floor_ctx;

static struct {
	int loaded;
	uint8_t *root, *intca, *ee_i, *ee_r, *key_i, *key_r;
	size_t root_len, intca_len, ee_i_len, ee_r_len, key_i_len, key_r_len;
} pki;

static int
load_pki(void)
{
	if (pki.loaded)
		return 0;
	pki.root = bench_read_file(bench_opt.pki, "root-ca.der", &pki.root_len);
	pki.intca = bench_read_file(bench_opt.pki, "int-ca.der", &pki.intca_len);
	pki.ee_i = bench_read_file(bench_opt.pki, "initiator-1.der", &pki.ee_i_len);
	pki.ee_r = bench_read_file(bench_opt.pki, "responder-1.der", &pki.ee_r_len);
	pki.key_i = bench_read_file(bench_opt.pki, "initiator-1.key.pem", &pki.key_i_len);
	pki.key_r = bench_read_file(bench_opt.pki, "responder-1.key.pem", &pki.key_r_len);
	if (!pki.root || !pki.intca || !pki.ee_i || !pki.ee_r || !pki.key_i || !pki.key_r)
		return -1;
	pki.loaded = 1;
	return 0;
}

/* Fills one side from its EE certificate and key, the chain checked with
 * msa_cert_validate first (so the floor verifies a chain that is valid). */
static int
side_init(side *sd, const uint8_t *ee, size_t ee_len, const uint8_t *key,
	size_t key_len, const char *id)
{
	static msa_anchors ta_root, ta_int;
	msa_seg chain[2];
	msa_cert_info info;
	bench_cert c_ee, c_int;
	int rc;

	msa_anchors_init(&ta_root);
	msa_anchors_init(&ta_int);
	if (msa_anchors_add(&ta_root, pki.root, pki.root_len) != MSA_OK ||
	    msa_anchors_add(&ta_int, pki.intca, pki.intca_len) != MSA_OK) {
		fprintf(stderr, "msa-bench: floor: the PKI's CAs are not anchors\n");
		return -1;
	}
	chain[0].ptr = ee;
	chain[0].len = ee_len;
	chain[1].ptr = pki.intca;
	chain[1].len = pki.intca_len;
	rc = msa_cert_validate(&ta_root, chain, 2, (const uint8_t *)id, strlen(id),
		PKI_TIME, 0, &info);
	if (rc != MSA_OK) {
		fprintf(stderr, "msa-bench: floor: %s does not validate: %s\n", id,
			msa_err_name(rc));
		return -1;
	}
	if (msa_private_key_load(&sd->sk, key, key_len) != MSA_OK ||
	    msa_cert_key_match(&sd->sk, ee, ee_len) != MSA_OK) {
		fprintf(stderr, "msa-bench: floor: key of %s unusable\n", id);
		return -1;
	}
	memcpy(sd->ee_pub, info.pub, info.pub_len);
	sd->ee_pub_len = info.pub_len;
	if (bench_cert_split(ee, ee_len, &c_ee) != 0 ||
	    bench_cert_split(pki.intca, pki.intca_len, &c_int) != 0) {
		fprintf(stderr, "msa-bench: floor: cannot split a certificate\n");
		return -1;
	}
	memcpy(sd->chain[0].pub, ta_int.a[0].pub, ta_int.a[0].pub_len);
	sd->chain[0].pub_len = ta_int.a[0].pub_len;
	sd->chain[0].msg = c_ee.tbs;
	sd->chain[0].msg_len = c_ee.tbs_len;
	sd->chain[0].sig = c_ee.sig;
	sd->chain[0].sig_len = c_ee.sig_len;
	memcpy(sd->chain[1].pub, ta_root.a[0].pub, ta_root.a[0].pub_len);
	sd->chain[1].pub_len = ta_root.a[0].pub_len;
	sd->chain[1].msg = c_int.tbs;
	sd->chain[1].msg_len = c_int.tbs_len;
	sd->chain[1].sig = c_int.sig;
	sd->chain[1].sig_len = c_int.sig_len;
	return 0;
}

static int
floor_init(floor_ctx *f, const msa_suite *s)
{
	memset(f, 0, sizeof *f);
	f->s = s;
	f->p = msa_crypto_bearssl();
	if (load_pki() != 0 || msa_drbg_init(&f->rng) != MSA_OK)
		return -1;
	if (side_init(&f->i, pki.ee_i, pki.ee_i_len, pki.key_i, pki.key_i_len,
		"urn:msa:ae:initiator-1") != 0 ||
	    side_init(&f->r, pki.ee_r, pki.ee_r_len, pki.key_r, pki.key_r_len,
		"urn:msa:ae:responder-1") != 0)
		return -1;
	return 0;
}

#define CHK(f, x) do { if ((x) != MSA_OK) (f)->fail = 1; } while (0)

/* The key schedule from Z up to the MAC keys (one side). */
static void
ks_mac_keys(floor_ctx *f, const uint8_t *z, uint8_t *prk, uint8_t *mk_r,
	uint8_t *mk_i)
{
	unsigned h = f->s->hash;
	size_t hl = f->s->hash_len;

	CHK(f, f->p->hkdf_extract(h, NULL, 0, z, MSA_KEX_Z_LEN, prk));
	CHK(f, msa_expand_label(f->p, h, prk, hl, "r mac", NULL, 0, mk_r, hl));
	CHK(f, msa_expand_label(f->p, h, prk, hl, "i mac", NULL, 0, mk_i, hl));
}

/* The key schedule from PRK to the traffic keys (one side). */
static void
ks_traffic(floor_ctx *f, const uint8_t *prk, const uint8_t *th4)
{
	unsigned h = f->s->hash;
	size_t hl = f->s->hash_len;
	uint8_t ms[MSA_MAX_HASH], rk[MSA_MAX_HASH], ts[2][MSA_MAX_HASH];
	uint8_t key[MSA_MAX_KEY_LEN], iv[MSA_AEAD_NONCE_LEN];
	int d;

	CHK(f, msa_expand_label(f->p, h, prk, hl, "master", th4, hl, ms, hl));
	CHK(f, msa_expand_label(f->p, h, ms, hl, "rekey", NULL, 0, rk, hl));
	CHK(f, msa_expand_label(f->p, h, ms, hl, "i2r", NULL, 0, ts[0], hl));
	CHK(f, msa_expand_label(f->p, h, ms, hl, "r2i", NULL, 0, ts[1], hl));
	for (d = 0; d < 2; d++) {
		CHK(f, msa_expand_label(f->p, h, ts[d], hl, "key", NULL, 0, key,
			f->s->key_len));
		if (f->s->iv_len)
			CHK(f, msa_expand_label(f->p, h, ts[d], hl, "iv", NULL, 0,
				iv, f->s->iv_len));
	}
}

/* The signature input: label || 0x00 || TH. */
static size_t
sig_input(uint8_t *out, const char *label, const uint8_t *th, size_t hl)
{
	size_t n = strlen(label);

	memcpy(out, label, n);
	out[n] = 0;
	memcpy(out + n + 1, th, hl);
	return n + 1 + hl;
}

static void
verify_chain(floor_ctx *f, const side *peer, const uint8_t *m, size_t ml,
	const uint8_t *sig, size_t sl)
{
	int k;

	for (k = 0; k < 2; k++)
		CHK(f, f->p->sig_verify(MSA_SIG_ECDSA_P256_SHA256, peer->chain[k].pub,
			peer->chain[k].pub_len, peer->chain[k].msg,
			peer->chain[k].msg_len, peer->chain[k].sig,
			peer->chain[k].sig_len));
	CHK(f, f->p->sig_verify(MSA_SIG_ECDSA_P256_SHA256, peer->ee_pub,
		peer->ee_pub_len, m, ml, sig, sl));
}

/* One handshake's crypto floor, both sides, in protocol order. */
static void
floor_handshake(void *arg)
{
	floor_ctx *f = arg;
	const msa_crypto_provider *p = f->p;
	unsigned g = f->s->group, h = f->s->hash;
	size_t hl = f->s->hash_len, li, lr, l2, l3, sl2, sl3;
	msa_kex_key ki, kr;
	uint8_t share_i[MSA_KEX_SHARE_MAX], share_r[MSA_KEX_SHARE_MAX];
	uint8_t zi[MSA_KEX_Z_LEN], zr[MSA_KEX_Z_LEN];
	uint8_t prk_i[MSA_MAX_HASH], prk_r[MSA_MAX_HASH];
	uint8_t mkr_i[MSA_MAX_HASH], mki_i[MSA_MAX_HASH];
	uint8_t mkr_r[MSA_MAX_HASH], mki_r[MSA_MAX_HASH];
	uint8_t th2[MSA_MAX_HASH], th3[MSA_MAX_HASH], th4[MSA_MAX_HASH];
	uint8_t m2[80], m3[80], sig2[MSA_SIG_MAX], sig3[MSA_SIG_MAX];
	uint8_t mac2[MSA_MAX_HASH], mac3[MSA_MAX_HASH];
	msa_seg seg;

	/* transcript hashes are not part of the floor: fixed stand-ins */
	memset(th2, 0x22, hl);
	memset(th3, 0x33, hl);
	memset(th4, 0x44, hl);
	bench_side(&f->sides, 0);
	/* I: msg1 */
	CHK(f, p->kex_keygen(&f->rng, g, &ki, share_i, sizeof share_i, &li));
	bench_side(&f->sides, 1);
	/* R: msg2 */
	CHK(f, p->kex_keygen(&f->rng, g, &kr, share_r, sizeof share_r, &lr));
	CHK(f, p->kex_shared(&kr, share_i, li, zr, sizeof zr));
	msa_kex_key_wipe(&kr);
	ks_mac_keys(f, zr, prk_r, mkr_r, mki_r);
	l2 = sig_input(m2, "MSA v1 responder signature", th2, hl);
	CHK(f, p->sig_sign(&f->r.sk, m2, l2, sig2, sizeof sig2, &sl2));
	seg.ptr = th2;
	seg.len = hl;
	CHK(f, p->hmac(h, mkr_r, hl, &seg, 1, mac2));
	bench_side(&f->sides, 0);
	/* I: receives msg2, sends msg3 */
	CHK(f, p->kex_shared(&ki, share_r, lr, zi, sizeof zi));
	msa_kex_key_wipe(&ki);
	ks_mac_keys(f, zi, prk_i, mkr_i, mki_i);
	verify_chain(f, &f->r, m2, l2, sig2, sl2);
	CHK(f, msa_mac_verify(p, h, mkr_i, hl, th2, hl, mac2, hl));
	l3 = sig_input(m3, "MSA v1 initiator signature", th3, hl);
	CHK(f, p->sig_sign(&f->i.sk, m3, l3, sig3, sizeof sig3, &sl3));
	seg.ptr = th3;
	CHK(f, p->hmac(h, mki_i, hl, &seg, 1, mac3));
	ks_traffic(f, prk_i, th4);
	bench_side(&f->sides, 1);
	/* R: receives msg3 */
	verify_chain(f, &f->i, m3, l3, sig3, sl3);
	CHK(f, msa_mac_verify(p, h, mki_r, hl, th3, hl, mac3, hl));
	ks_traffic(f, prk_r, th4);
	bench_side(&f->sides, -1);
	if (memcmp(zi, zr, sizeof zi) != 0)
		f->fail = 1;
}

/* ---------------------------------------------------------------- single ops */

typedef struct {
	floor_ctx *f;
	unsigned group;
	msa_kex_key k;
	uint8_t share[MSA_KEX_SHARE_MAX], z[MSA_KEX_Z_LEN];
	size_t share_len;
	uint8_t m[80], sig[MSA_SIG_MAX];
	size_t ml, sl;
} op_ctx;

static void
op_keygen(void *arg)
{
	op_ctx *o = arg;
	msa_kex_key k;
	uint8_t share[MSA_KEX_SHARE_MAX];
	size_t l;

	CHK(o->f, o->f->p->kex_keygen(&o->f->rng, o->group, &k, share, sizeof share, &l));
}

static void
op_shared(void *arg)
{
	op_ctx *o = arg;

	CHK(o->f, o->f->p->kex_shared(&o->k, o->share, o->share_len, o->z, sizeof o->z));
}

static void
op_sign(void *arg)
{
	op_ctx *o = arg;

	CHK(o->f, o->f->p->sig_sign(&o->f->r.sk, o->m, o->ml, o->sig, sizeof o->sig, &o->sl));
}

static void
op_verify(void *arg)
{
	op_ctx *o = arg;

	CHK(o->f, o->f->p->sig_verify(MSA_SIG_ECDSA_P256_SHA256, o->f->r.ee_pub,
		o->f->r.ee_pub_len, o->m, o->ml, o->sig, o->sl));
}

static void
op_ks(void *arg)
{
	op_ctx *o = arg;
	uint8_t prk[MSA_MAX_HASH], mkr[MSA_MAX_HASH], mki[MSA_MAX_HASH];
	uint8_t th[MSA_MAX_HASH], mac[MSA_MAX_HASH];
	size_t hl = o->f->s->hash_len;
	msa_seg seg = { th, hl };

	memset(th, 0x5a, hl);
	ks_mac_keys(o->f, o->z, prk, mkr, mki);
	CHK(o->f, o->f->p->hmac(o->f->s->hash, mkr, hl, &seg, 1, mac));
	CHK(o->f, msa_mac_verify(o->f->p, o->f->s->hash, mkr, hl, th, hl, mac, hl));
	ks_traffic(o->f, prk, th);
}

static int
ops_for(floor_ctx *f, const char *gname, unsigned group)
{
	op_ctx o;
	char key[128], label[128];
	uint8_t peer[MSA_KEX_SHARE_MAX];
	msa_kex_key pk;
	size_t pl;

	memset(&o, 0, sizeof o);
	o.f = f;
	o.group = group;
	if (f->p->kex_keygen(&f->rng, group, &o.k, o.share, sizeof o.share, &o.share_len) != MSA_OK ||
	    f->p->kex_keygen(&f->rng, group, &pk, peer, sizeof peer, &pl) != MSA_OK)
		return -1;
	memcpy(o.share, peer, pl);
	o.share_len = pl;
	snprintf(key, sizeof key, "floor.op.%s.keygen", gname);
	snprintf(label, sizeof label, "%s key generation", gname);
	bench_put_stat(key, bench_measure(op_keygen, &o, bench_opt.min_run_s), label);
	snprintf(key, sizeof key, "floor.op.%s.shared", gname);
	snprintf(label, sizeof label, "%s shared secret", gname);
	bench_put_stat(key, bench_measure(op_shared, &o, bench_opt.min_run_s), label);
	return f->fail ? -1 : 0;
}

/* ---------------------------------------------------------------- section */

int
bench_floor(void)
{
	floor_ctx *f;
	op_ctx o;
	const msa_suite *s;
	char key[128], label[160];
	size_t i;
	static const msa_suite hs256 = { 0, "SHA256", 0, 0, MSA_HASH_SHA256, 16, 12, 16, 32, 1, 0, 0 };
	static const msa_suite hs384 = { 0, "SHA384", 0, 0, MSA_HASH_SHA384, 32, 12, 16, 48, 1, 0, 0 };
	static floor_ctx fc;

	f = &fc;
	bench_section("Crypto floor: BearSSL primitives through msa_crypto_bearssl() "
		"(P-256 certificates of vectors/pki)");
	if (floor_init(f, &hs256) != 0)
		return -1;
	printf("  single operations (one side)\n");
	if (ops_for(f, "X25519", MSA_GROUP_X25519) != 0 ||
	    ops_for(f, "P256", MSA_GROUP_P256) != 0)
		goto failed;
	memset(&o, 0, sizeof o);
	o.f = f;
	o.ml = sig_input(o.m, "MSA v1 responder signature", (const uint8_t *)
		"0123456789abcdef0123456789abcdef", 32);
	bench_put_stat("floor.op.ecdsa_p256.sign", bench_measure(op_sign, &o,
		bench_opt.min_run_s), "ECDSA P-256 sign (transcript signature)");
	bench_put_stat("floor.op.ecdsa_p256.verify", bench_measure(op_verify, &o,
		bench_opt.min_run_s), "ECDSA P-256 verify");
	memset(o.z, 0x77, sizeof o.z);
	bench_put_stat("floor.op.ks_sha256", bench_measure(op_ks, &o,
		bench_opt.min_run_s), "key schedule, one side, SHA-256 (HKDF/HMAC)");
	o.f->s = &hs384;
	bench_put_stat("floor.op.ks_sha384", bench_measure(op_ks, &o,
		bench_opt.min_run_s), "key schedule, one side, SHA-384 (HKDF/HMAC)");
	if (f->fail)
		goto failed;
	printf("  handshake floor per suite, both sides (2 keygen, 2 shared, 2 sign,\n"
	       "  6 verify = 2 x (EE + int-ca + transcript), 2 key schedules)\n");
	for (i = 0; (s = msa_suite_at(i)) != NULL; i++) {
		if (s->reserved)
			continue;
		f->s = s;
		snprintf(key, sizeof key, "floor.%s", s->name);
		snprintf(label, sizeof label, "floor 0x%04x %s", s->id, s->name);
		bench_put_stat(key, bench_measure(floor_handshake, f,
			bench_opt.min_run_slow), label);
		if (f->fail)
			goto failed;
	}
	return 0;
failed:
	fprintf(stderr, "msa-bench: floor: a provider operation failed\n");
	return -1;
}

int
bench_floor_one(const char *name)
{
	static floor_ctx fc;
	const msa_suite *s = msa_suite_by_name(name);

	if (s == NULL || s->reserved || floor_init(&fc, s) != 0)
		return -1;
	floor_handshake(&fc);          /* warm-up: CPUID choices, caches */
	bench_cg_target(floor_handshake, &fc);
	return fc.fail ? -1 : 0;
}

int
bench_floor_get(const void *suite, bench_cg_fn *fn, void **arg, bench_sides **sides)
{
	static floor_ctx fc;
	const msa_suite *s = suite;

	if (s == NULL || s->reserved || floor_init(&fc, s) != 0)
		return -1;
	*fn = floor_handshake;
	*arg = &fc;
	if (sides != NULL)
		*sides = &fc.sides;
	return 0;
}
