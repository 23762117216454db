/*
 * gen_transcript.c -- writes vectors/transcript/transcripts.json (issue 5, kind c):
 * complete lives of an association between two engines of this library
 * (include/msa.h, section "Association engine"), wired back to back in
 * memory: handshake, data both ways, a ratchet, a rekey, data at the
 * renewal boundaries (the last record under the old key, the first under
 * the new), a confirmed release.
 *
 * Deterministic: each side draws from msa_drbg_init_deterministic (the
 * seeds are in the vector), the time is fixed, the long-term keys and
 * certificates are the test PKI's (vectors/pki/). Every cryptographic
 * operation of both engines goes through a provider that wraps the
 * BearSSL one and records it (the "trace"): ephemeral keys, shared
 * secrets, every HKDF and HMAC (hence TH2, TH3, TH4, PRK, MACs, MS, the
 * traffic secrets, keys and ivs), signatures, every record sealed. The
 * independent check of every value and PDU is scripts/xcheck/ (Python,
 * from the spec).
 *
 * Usage: gen_transcript PKIDIR OUTDIR
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "msa.h"

#define NOW 1893456000u            /* 2030-01-01T00:00:00Z (vectors/pki/README.md) */

static const msa_crypto_provider *B;   /* the real provider */
static msa_crypto_provider W;          /* the recording one */
static FILE *out;
static char *trace_buf;
static size_t trace_len;
static FILE *trace;                    /* open_memstream over trace_buf */
static int trace_n;
static const char *side = "?";

static void die(const char *what, int err) __attribute__((noreturn));

static void
die(const char *what, int err)
{
	fprintf(stderr, "error: %s %s\n", msa_err_name(err), what);
	exit(1);
}

static void
hexto(FILE *f, const uint8_t *b, size_t n)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
	fputc('"', f);
}

/* One trace entry: {"side":..,"op":.., name: hex, ...}; NULL ends. */
static void
rec(const char *op, ...)
{
	va_list ap;
	const char *name;

	fprintf(trace, "%s\n    {\"side\": \"%s\", \"op\": \"%s\"", trace_n++ ? "," : "", side, op);
	va_start(ap, op);
	while ((name = va_arg(ap, const char *)) != NULL) {
		const uint8_t *p = va_arg(ap, const uint8_t *);
		size_t n = va_arg(ap, size_t);
		if (strcmp(name, "label") == 0) {
			fprintf(trace, ", \"label\": \"%.*s\"", (int)n, (const char *)p);
			continue;
		}
		fprintf(trace, ", \"%s\": ", name);
		hexto(trace, p, n);
	}
	va_end(ap);
	fputc('}', trace);
}

/* ---------------------------------------------------------------- the recording provider */
static int
w_kex_keygen(msa_drbg *rng, unsigned group, msa_kex_key *key, uint8_t *pub,
	size_t pub_cap, size_t *pub_len)
{
	int r = B->kex_keygen(rng, group, key, pub, pub_cap, pub_len);
	uint8_t g = (uint8_t)group;

	if (r == MSA_OK)
		rec("kex_keygen", "group", &g, (size_t)1, "priv", key->priv, (size_t)32,
			"pub", pub, *pub_len, (const char *)NULL);
	return r;
}

static int
w_kex_shared(const msa_kex_key *key, const uint8_t *peer, size_t peer_len,
	uint8_t *z, size_t z_cap)
{
	int r = B->kex_shared(key, peer, peer_len, z, z_cap);

	if (r == MSA_OK)
		rec("kex_shared", "priv", key->priv, (size_t)32, "peer", peer, peer_len,
			"z", z, (size_t)MSA_KEX_Z_LEN, (const char *)NULL);
	return r;
}

static int
w_hmac(unsigned hash, const uint8_t *key, size_t key_len, const msa_seg *seg,
	size_t nseg, uint8_t *o)
{
	static uint8_t data[MSA_MAX_PDU * 2];
	size_t n = 0, i;
	int r = B->hmac(hash, key, key_len, seg, nseg, o);

	for (i = 0; i < nseg && n + seg[i].len <= sizeof data; i++) {
		if (seg[i].len > 0)
			memcpy(data + n, seg[i].ptr, seg[i].len);
		n += seg[i].len;
	}
	if (r == MSA_OK)
		rec("hmac", "key", key, key_len, "data", data, n, "out", o, msa_hash_len(hash),
			(const char *)NULL);
	return r;
}

static int
w_hkdf_extract(unsigned hash, const uint8_t *salt, size_t salt_len,
	const uint8_t *ikm, size_t ikm_len, uint8_t *prk)
{
	int r = B->hkdf_extract(hash, salt, salt_len, ikm, ikm_len, prk);

	if (r == MSA_OK)
		rec("hkdf_extract", "salt", salt, salt_len, "ikm", ikm, ikm_len,
			"prk", prk, msa_hash_len(hash), (const char *)NULL);
	return r;
}

static int
w_hkdf_expand(unsigned hash, const uint8_t *prk, size_t prk_len,
	const uint8_t *info, size_t info_len, uint8_t *o, size_t out_len)
{
	int r = B->hkdf_expand(hash, prk, prk_len, info, info_len, o, out_len);
	size_t ll = info_len > 3 ? info[2] : 0;

	if (r == MSA_OK && info_len >= 3 + ll + 1 && ll >= 7)
		rec("hkdf_expand", "label", info + 3 + 7, ll - 7, "secret", prk, prk_len,
			"info", info, info_len, "out", o, out_len, (const char *)NULL);
	return r;
}

static int
w_sig_sign(const msa_private_key *key, const uint8_t *msg, size_t msg_len,
	uint8_t *sig, size_t sig_cap, size_t *sig_len)
{
	int r = B->sig_sign(key, msg, msg_len, sig, sig_cap, sig_len);

	if (r == MSA_OK)
		rec("sig_sign", "msg", msg, msg_len, "sig", sig, *sig_len, (const char *)NULL);
	return r;
}

static int
w_aead_seal(unsigned prot, const uint8_t *key, size_t key_len, const uint8_t *nonce,
	const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len, uint8_t *tag)
{
	static uint8_t pt[MSA_MAX_PDU];
	int r;

	memcpy(pt, data, len);
	r = B->aead_seal(prot, key, key_len, nonce, aad, aad_len, data, len, tag);
	if (r == MSA_OK)
		rec("aead_seal", "key", key, key_len, "nonce", nonce, (size_t)12, "aad", aad, aad_len,
			"plaintext", pt, len, "ciphertext", data, len, "tag", tag, (size_t)16,
			(const char *)NULL);
	return r;
}

static int
w_icv_compute(const uint8_t *key, size_t key_len, const uint8_t *aad, size_t aad_len,
	const uint8_t *body, size_t body_len, uint8_t *icv)
{
	int r = B->icv_compute(key, key_len, aad, aad_len, body, body_len, icv);

	if (r == MSA_OK)
		rec("icv_compute", "key", key, key_len, "aad", aad, aad_len, "plaintext", body, body_len,
			"icv", icv, (size_t)32, (const char *)NULL);
	return r;
}

/* ---------------------------------------------------------------- the two sides */
typedef struct {
	const char *name;              /* "I" or "R" */
	msa_drbg rng;
	msa_private_key key;
	uint8_t certs[4 * MSA_MAX_CERT];
	msa_seg chain[MSA_MAX_CHAIN];
	size_t n;
	msa_anchors ta;
	msa_cert_store store;
	msa_config cfg;
	msa_hs_workspace ws;
	msa_assoc a;
	msa_io io;
	uint8_t obuf[MSA_OUT_CAP], dbuf[MSA_MAX_DATA];
	char seed[64];
} party;

static uint8_t arena_mem[MSA_ARENA_PDU_SIZE];
static int nsteps;

static size_t
load(const char *dir, const char *name, uint8_t *buf, size_t cap)
{
	char p[1024];
	FILE *f;
	size_t n;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	f = fopen(p, "rb");
	if (f == NULL)
		die(p, MSA_ERR_BAD_ARGUMENT);
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

static void
party_init(party *p, const char *name, const char *pki, const char *id_name,
	const uint16_t *suite, int use_refs, const char *seed)
{
	static uint8_t file[16384];
	static uint8_t ca_buf[3][MSA_MAX_CERT];
	static const char *cas[] = { "root-ca.der", "root384-ca.der" };
	char fn[256];
	size_t n, i;
	int r;

	memset(p, 0, sizeof *p);
	p->name = name;
	snprintf(p->seed, sizeof p->seed, "%s", seed);
	if (msa_drbg_init_deterministic(&p->rng, (const uint8_t *)seed, strlen(seed)) != MSA_OK)
		die("drbg", MSA_ERR_INTERNAL);
	snprintf(fn, sizeof fn, "%s.key.pem", id_name);
	n = load(pki, fn, file, sizeof file);
	if ((r = msa_private_key_load(&p->key, file, n)) != MSA_OK)
		die(fn, r);
	snprintf(fn, sizeof fn, "%s-chain.pem", id_name);
	{
		char path[1024];
		FILE *f;
		snprintf(path, sizeof path, "%s/%s", pki, fn);
		f = fopen(path, "rb");
		if (f == NULL)
			snprintf(fn, sizeof fn, "%s.pem", id_name);   /* issued by a root: no chain file */
		else
			fclose(f);
	}
	n = load(pki, fn, file, sizeof file);
	if ((r = msa_cert_decode_file(file, n, p->certs, sizeof p->certs, p->chain, MSA_MAX_CHAIN, &p->n)) != MSA_OK)
		die(fn, r);
	if (strncmp(id_name, "bad-", 4) == 0 && strcmp(id_name, "bad-untrusted") != 0 && p->n == 1) {
		/* a bad end entity of the test PKI issued by int-ca: send int-ca too */
		size_t used = p->chain[0].len;
		n = load(pki, "int-ca.der", p->certs + used, sizeof p->certs - used);
		p->chain[1].ptr = p->certs + used;
		p->chain[1].len = n;
		p->n = 2;
	}
	msa_config_init(&p->cfg, &W, &p->rng);
	if ((r = msa_config_set_identity(&p->cfg, &p->key, p->chain, p->n)) != MSA_OK)
		die("identity", r);
	msa_anchors_init(&p->ta);
	for (i = 0; i < 2; i++) {
		n = load(pki, cas[i], ca_buf[i], sizeof ca_buf[i]);
		if ((r = msa_anchors_add(&p->ta, ca_buf[i], n)) != MSA_OK)
			die(cas[i], r);
	}
	msa_cert_store_init(&p->store);
	p->cfg.anchors = &p->ta;
	p->cfg.store = &p->store;
	p->cfg.use_refs = use_refs;
	if ((r = msa_config_set_suites(&p->cfg, suite, 1)) != MSA_OK)
		die("suites", r);
	p->io.out = p->obuf;
	p->io.out_cap = sizeof p->obuf;
	p->io.data = p->dbuf;
	p->io.data_cap = sizeof p->dbuf;
}

/* ---------------------------------------------------------------- steps */
static const char *
ev_names(unsigned ev, char *buf, size_t cap)
{
	static const char *names[] = { "SENT", "ESTABLISHED", "DATA", "RELEASE_REQ", "CLOSED",
		"ABORTED", "DROPPED", "SEND_RENEWED", "RECV_RENEWED", "PEER_ENDED" };
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (ev & (1u << i))
			n += (size_t)snprintf(buf + n, cap - n, "%s\"%s\"", n ? ", " : "", names[i]);
	return buf;
}

/* Writes the step just made by p (its call, the PDUs it sent); returns the
 * PDUs it sent (in p->io.out) for delivery to the other side. */
static void
step(party *p, const char *call, const uint8_t *in, size_t in_len, int r)
{
	char ev[256];
	size_t off = 0;

	if (r != MSA_OK)
		die(call, r);
	fprintf(out, "%s\n    {\"side\": \"%s\", \"call\": \"%s\"", nsteps++ ? "," : "", p->name, call);
	if (in != NULL) {
		fprintf(out, ", \"%s\": ", strcmp(call, "recv") == 0 ? "pdu" : "message");
		hexto(out, in, in_len);
	}
	fprintf(out, ", \"events\": [%s], \"state\": \"%s\"", ev_names(p->io.events, ev, sizeof ev),
		msa_state_name(msa_assoc_state(&p->a)));
	if (p->io.events & MSA_EV_DATA) {
		fprintf(out, ", \"delivered\": ");
		hexto(out, p->io.data, p->io.data_len);
	}
	fprintf(out, ", \"sent\": [");
	while (off < p->io.out_len) {
		size_t n = 0, e;
		if (msa_der_frame(p->io.out + off, p->io.out_len - off, &n, &e) != MSA_OK)
			die("frame", MSA_ERR_INTERNAL);
		fprintf(out, "%s", off ? ", " : "");
		hexto(out, p->io.out + off, n);
		off += n;
	}
	fprintf(out, "]}");
}

/* Delivers every PDU p sent to q, one recv step each. */
static void
deliver(party *p, party *q)
{
	static uint8_t pdus[MSA_OUT_CAP];
	size_t len = p->io.out_len, off = 0;
	msa_arena ar;

	memcpy(pdus, p->io.out, len);
	while (off < len) {
		size_t n = 0, e;
		int r;
		if (msa_der_frame(pdus + off, len - off, &n, &e) != MSA_OK)
			die("frame", MSA_ERR_INTERNAL);
		msa_arena_init(&ar, arena_mem, sizeof arena_mem);
		side = q->name;
		r = msa_assoc_recv(&q->a, &ar, pdus + off, n, NOW, &q->io);
		step(q, "recv", pdus + off, n, r);
		if (q->io.out_len > 0)
			deliver(q, p);
		off += n;
	}
}

static void
send_data(party *p, party *q, const char *text)
{
	side = p->name;
	step(p, "send", (const uint8_t *)text, strlen(text),
		msa_assoc_send(&p->a, (const uint8_t *)text, strlen(text), NOW, &p->io));
	deliver(p, q);
}

/* ---------------------------------------------------------------- one transcript */
static void
transcript(const char *pki, uint16_t suite, int refs, int first)
{
	static party I, R;
	const msa_suite *s = msa_suite_find(suite);
	const char *rid = s->hash == MSA_HASH_SHA384 && s->group == MSA_GROUP_P256 ? "responder-384" : "responder-1";
	char id[64], seed_i[64], seed_r[64];
	static const uint8_t aid_i[4] = { 0x1a, 0x1b, 0x1c, 0x1d }, aid_r[4] = { 0x2a, 0x2b, 0x2c, 0x2d };
	size_t i;
	int r;

	snprintf(seed_i, sizeof seed_i, "msa transcript %04x %s initiator", suite, refs ? "reference" : "chain");
	snprintf(seed_r, sizeof seed_r, "msa transcript %04x %s responder", suite, refs ? "reference" : "chain");
	party_init(&I, "I", pki, "initiator-1", &suite, refs, seed_i);
	party_init(&R, "R", pki, rid, &suite, refs, seed_r);
	if ((r = msa_config_add_peer(&I.cfg, R.cfg.own_id, R.cfg.own_id_len)) != MSA_OK
		|| (r = msa_config_add_peer(&R.cfg, I.cfg.own_id, I.cfg.own_id_len)) != MSA_OK)
		die("peer", r);
	if (refs) {   /* each side holds the other's certificate: references both ways */
		if ((r = msa_cert_store_add(&I.store, R.chain, R.n)) != MSA_OK
			|| (r = msa_cert_store_add(&R.store, I.chain, I.n)) != MSA_OK)
			die("store", r);
	}
	if ((r = msa_assoc_init_initiator(&I.a, &I.cfg, &I.ws, aid_i)) != MSA_OK
		|| (r = msa_assoc_init_responder(&R.a, &R.cfg, &R.ws, aid_r)) != MSA_OK)
		die("init", r);

	snprintf(id, sizeof id, "tr-%04x-%s", suite, refs ? "reference" : "chain");
	fprintf(out, "%s\n  {\"suite\": %u, \"credential\": \"%s\", \"tests\": [\n   {\"id\": \"%s\", "
		"\"comment\": \"suite %s, %s: handshake, data both ways, ratchet, rekey, release\", "
		"\"flags\": [\"Transcript\"%s], \"reqs\": [\"REQ-HS-070\", \"REQ-HS-072\", \"REQ-HS-073\", "
		"\"REQ-KS-003\", \"REQ-KS-004\", \"REQ-KS-005\", \"REQ-KS-006\", \"REQ-KS-007\", \"REQ-KS-008\", "
		"\"REQ-KS-009\", \"REQ-KS-010\", \"REQ-KS-011\", \"REQ-KS-012\", \"REQ-KS-013\", \"REQ-KS-014\", "
		"\"REQ-DT-003\", \"REQ-DT-004\", \"REQ-DT-005\", \"REQ-DT-006\", \"REQ-DT-007\", \"REQ-ENC-001\", "
		"\"REQ-ENC-020\"], \"result\": \"valid\",\n    \"inputs\": {",
		first ? "" : ",", suite, refs ? "reference" : "chain", id, s->name,
		refs ? "certificates by reference" : "certificate chains",
		refs ? ", \"ByReference\"" : "");
	/* self-contained, in the scenarios' format: suite, useRefs and the
	 * trust anchors beside the two parties (the adapter's transcript op) */
	fprintf(out, "\"now\": %u, \"suite\": %u, \"useRefs\": %d, \"anchors\": [", NOW, suite, refs ? 1 : 0);
	{
		static const char *cas[] = { "root-ca.der", "root384-ca.der" };
		static uint8_t ca[MSA_MAX_CERT];
		size_t k, cn;
		for (k = 0; k < 2; k++) {
			cn = load(pki, cas[k], ca, sizeof ca);
			fprintf(out, "%s", k ? ", " : "");
			hexto(out, ca, cn);
		}
	}
	fprintf(out, "], \"initiator\": {\"aid\": \"1a1b1c1d\", \"seed\": \"%s\", \"key\": ", seed_i);
	hexto(out, I.key.x, I.key.len);
	fprintf(out, ", \"chain\": [");
	for (i = 0; i < I.n; i++) {
		fprintf(out, "%s", i ? ", " : "");
		hexto(out, I.chain[i].ptr, I.chain[i].len);
	}
	fprintf(out, "]}, \"responder\": {\"aid\": \"2a2b2c2d\", \"seed\": \"%s\", \"key\": ", seed_r);
	hexto(out, R.key.x, R.key.len);
	fprintf(out, ", \"chain\": [");
	for (i = 0; i < R.n; i++) {
		fprintf(out, "%s", i ? ", " : "");
		hexto(out, R.chain[i].ptr, R.chain[i].len);
	}
	fprintf(out, "]}},\n    \"steps\": [");

	trace_buf = NULL;
	trace_len = 0;
	trace = open_memstream(&trace_buf, &trace_len);
	trace_n = 0;
	nsteps = 0;

	side = "I";
	step(&I, "start", NULL, 0, msa_assoc_start(&I.a, NOW, &I.io));
	deliver(&I, &R);                                   /* msg1 .. msg3 */
	send_data(&I, &R, "first message from the initiator");
	send_data(&R, &I, "first message from the responder");
	send_data(&I, &R, "last i2r message under generation 0");
	side = "I";
	step(&I, "ratchet", NULL, 0, msa_assoc_ratchet(&I.a, 0, NOW, &I.io));
	deliver(&I, &R);
	send_data(&I, &R, "first i2r message under generation 1");
	send_data(&R, &I, "last r2i message before the rekey");
	side = "R";
	step(&R, "rekey", NULL, 0, msa_assoc_rekey(&R.a, NOW, &R.io));
	deliver(&R, &I);                                   /* request, response */
	send_data(&I, &R, "first i2r message after the rekey");
	send_data(&R, &I, "first r2i message after the rekey");
	side = "I";
	step(&I, "release", NULL, 0, msa_assoc_release(&I.a, MSA_REASON_NORMAL, NOW, &I.io));
	deliver(&I, &R);
	side = "R";
	step(&R, "release", NULL, 0, msa_assoc_release(&R.a, MSA_REASON_NORMAL, NOW, &R.io));
	deliver(&R, &I);
	if (msa_assoc_state(&I.a) != MSA_ST_CLOSED || msa_assoc_state(&R.a) != MSA_ST_CLOSED)
		die("not closed", MSA_ERR_STATE);

	fclose(trace);
	fprintf(out, "\n    ],\n    \"trace\": [%s\n    ]}\n  ]}", trace_buf);
	free(trace_buf);
	msa_drbg_wipe(&I.rng);
	msa_drbg_wipe(&R.rng);
}


/* ---------------------------------------------------------------- scenarios (kind d) */
/* Offset of the contents of the k-th component TLV inside the outer TLV at
 * b[off..] (DER, definite lengths). */
static size_t
comp(const uint8_t *b, size_t off, int k, size_t *len)
{
	size_t o, n, h;

	h = b[off + 1] < 0x80 ? 2 : 2 + (b[off + 1] & 0x7Fu);
	o = off + h;
	for (;;) {
		uint8_t l = b[o + 1];
		if (l < 0x80) {
			h = 2;
			n = l;
		} else {
			h = 2 + (l & 0x7Fu);
			n = l == 0x81 ? b[o + 2] : (size_t)b[o + 2] * 256u + b[o + 3];
		}
		if (k-- == 0) {
			*len = n;
			return o + h;
		}
		o += h + n;
	}
}

static int nscn;
static FILE *certs_json;          /* one line of inputs per certificate scenario */
static int ncert;

static void
scn_begin(const char *id, const char *comment, const char *flags, const char *reqs,
	const char *error, const char *diag)
{
	const char *p;
	int first = 1;

	fprintf(out, "%s\n   {\"id\": \"%s\", \"comment\": \"%s\", \"flags\": [\"%s\"], \"reqs\": [",
		nscn++ ? "," : "", id, comment, flags);
	for (p = reqs; *p; first = 0) {
		size_t n = strcspn(p, ",");
		fprintf(out, "%s\"%.*s\"", first ? "" : ", ", (int)n, p);
		p += n + (p[n] == ',');
	}
	fprintf(out, "], \"result\": \"invalid\", \"error\": \"%s\", \"step\": \"receive\", \"diagnostic\": \"%s\",\n"
		"    \"inputs\": \"%s\",\n    \"script\": [", error, diag,
		strncmp(id, "scn-dgram-", 10) == 0 ? "@DGRAM" : strncmp(id, "scn-cert-", 9) == 0 ? "@CERT"
		: strncmp(id, "scn-ref-", 8) == 0 ? "@REFS" : "@BASE");
}

/* The expected reaction (spec section 7.3) and the end of the test. */
static void
scn_end(const char *side_, const char *error, const char *state, const char *reply, const char *rdiag)
{
	fprintf(out, "],\n    \"expect\": {\"side\": \"%s\", \"error\": \"%s\", \"state\": \"%s\", \"reply\": \"%s\"",
		side_, error, state, reply);
	if (rdiag != NULL)
		fprintf(out, ", \"replyDiagnostic\": \"%s\"", rdiag);
	fprintf(out, "}}");
}

#define HS "{\"do\": \"start\"}, {\"do\": \"deliver\", \"side\": \"I\"}"
/* msg1 delivered alone: msg2 waits in the responder's queue */
#define HS_START_ONLY_R "{\"do\": \"start\"}, {\"do\": \"deliver1\", \"side\": \"I\"}, "
#define SEND_I(m) "{\"do\": \"send\", \"side\": \"I\", \"message\": \"" m "\"}"


static void
party_json(FILE *f, const party *p, const char *aid, const char *seed, const char *peer)
{
	size_t i;

	fprintf(f, "{\"aid\": \"%s\", \"seed\": \"%s\", \"key\": ", aid, seed);
	hexto(f, p->key.x, p->key.len);
	fprintf(f, ", \"chain\": [");
	for (i = 0; i < p->n; i++) {
		fprintf(f, "%s", i ? ", " : "");
		hexto(f, p->chain[i].ptr, p->chain[i].len);
	}
	fprintf(f, "]");
	if (peer != NULL)
		fprintf(f, ", \"peer\": \"%s\"", peer);
	fprintf(f, "}");
}

/* A handshake in which one side presents a certificate of the test PKI
 * that must be refused (REQ-HS-037, REQ-HS-086, section 16): the peer ends
 * it with the certificate error and its diagnostic (table 15.2). */
static void
cert_scenario(const char *pki, const char *anchors_json, const char *id, const char *comment,
	const char *reqs, int bad_is_responder, const char *bad_name, const char *want,
	const char *fails, const char *error, const char *diag)
{
	static party G, X;
	static const uint16_t suite = 0x0001;

	party_init(&G, "G", pki, bad_is_responder ? "initiator-1" : "responder-1", &suite, 0, "x");
	party_init(&X, "X", pki, bad_name, &suite, 0, "x");
	scn_begin(id, comment, "BadCertificate", reqs, error, diag);
	/* scn_begin wrote "inputs": "@BASE": patched below by the caller's copy */
	fprintf(out, "{\"do\": \"start\"}, {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"none\"}");
	scn_end(fails, error, "ABORTED", "reject", diag);
	/* the inputs of this test, for the @CERTn placeholder */
	fprintf(certs_json, "%s{\"now\": %u, \"suite\": 1, \"useRefs\": 0, \"anchors\": %s, \"initiator\": ",
		ncert++ ? "\n" : "", NOW, anchors_json);
	if (bad_is_responder) {
		party_json(certs_json, &G, "1a1b1c1d", "msa scenario initiator", want);
		fprintf(certs_json, ", \"responder\": ");
		party_json(certs_json, &X, "2a2b2c2d", "msa scenario responder", "urn:msa:ae:initiator-1");
	} else {
		party_json(certs_json, &X, "1a1b1c1d", "msa scenario initiator", "urn:msa:ae:responder-1");
		fprintf(certs_json, ", \"responder\": ");
		party_json(certs_json, &G, "2a2b2c2d", "msa scenario responder", "urn:msa:ae:initiator-1");
	}
	fprintf(certs_json, "}");
	msa_drbg_wipe(&G.rng);
	msa_drbg_wipe(&X.rng);
}

static void
scenarios(const char *pki, const char *outdir)
{
	static party I, R;
	static const uint16_t suite = 0x0001;
	static const uint8_t aid_i[4] = { 0x1a, 0x1b, 0x1c, 0x1d }, aid_r[4] = { 0x2a, 0x2b, 0x2c, 0x2d };
	static uint8_t msg1[4096], msg2[4096], rej[64];
	const char *seed_i = "msa scenario initiator", *seed_r = "msa scenario responder";
	size_t l1, l2, off, n, i, nrej;
	char path[4096], base[65536];
	FILE *bf;
	char *bbuf = NULL;
	size_t blen = 0;
	int r;

	party_init(&I, "I", pki, "initiator-1", &suite, 0, seed_i);
	party_init(&R, "R", pki, "responder-1", &suite, 0, seed_r);
	if ((r = msa_config_add_peer(&I.cfg, R.cfg.own_id, R.cfg.own_id_len)) != MSA_OK
		|| (r = msa_config_add_peer(&R.cfg, I.cfg.own_id, I.cfg.own_id_len)) != MSA_OK
		|| (r = msa_assoc_init_initiator(&I.a, &I.cfg, &I.ws, aid_i)) != MSA_OK
		|| (r = msa_assoc_init_responder(&R.a, &R.cfg, &R.ws, aid_r)) != MSA_OK)
		die("scenario set-up", r);
	/* the base handshake, to know msg1 and msg2 (the replayer redoes it) */
	trace = fopen("/dev/null", "w");
	out = fopen("/dev/null", "w");
	if ((r = msa_assoc_start(&I.a, NOW, &I.io)) != MSA_OK)
		die("start", r);
	l1 = I.io.out_len;
	memcpy(msg1, I.io.out, l1);
	{
		msa_arena ar;
		msa_arena_init(&ar, arena_mem, sizeof arena_mem);
		if ((r = msa_assoc_recv(&R.a, &ar, msg1, l1, NOW, &R.io)) != MSA_OK)
			die("msg1", r);
	}
	l2 = R.io.out_len;
	memcpy(msg2, R.io.out, l2);
	fclose(out);
	fclose(trace);
	nrej = (size_t)msa_reject_encode(rej, sizeof rej, aid_r, MSA_DIAG_UNSPECIFIED, NULL);

	/* the inputs every scenario shares */
	bf = open_memstream(&bbuf, &blen);
	fprintf(bf, "{\"now\": %u, \"suite\": %u, \"useRefs\": 0, \"anchors\": [", NOW, suite);
	{
		static const char *cas[] = { "root-ca.der", "root384-ca.der" };
		static uint8_t ca[MSA_MAX_CERT];
		for (i = 0; i < 2; i++) {
			n = load(pki, cas[i], ca, sizeof ca);
			fprintf(bf, "%s", i ? ", " : "");
			hexto(bf, ca, n);
		}
	}
	fprintf(bf, "], \"initiator\": {\"aid\": \"1a1b1c1d\", \"seed\": \"%s\", \"key\": ", seed_i);
	hexto(bf, I.key.x, I.key.len);
	fprintf(bf, ", \"chain\": [");
	for (i = 0; i < I.n; i++) {
		fprintf(bf, "%s", i ? ", " : "");
		hexto(bf, I.chain[i].ptr, I.chain[i].len);
	}
	fprintf(bf, "]}, \"responder\": {\"aid\": \"2a2b2c2d\", \"seed\": \"%s\", \"key\": ", seed_r);
	hexto(bf, R.key.x, R.key.len);
	fprintf(bf, ", \"chain\": [");
	for (i = 0; i < R.n; i++) {
		fprintf(bf, "%s", i ? ", " : "");
		hexto(bf, R.chain[i].ptr, R.chain[i].len);
	}
	fprintf(bf, "]}}");
	fclose(bf);
	if (blen >= sizeof base)
		die("base", MSA_ERR_INTERNAL);
	memcpy(base, bbuf, blen + 1);
	free(bbuf);

	snprintf(path, sizeof path, "%s/scenarios.json", outdir);
	bf = open_memstream(&bbuf, &blen);
	out = bf;
	nscn = 0;

	/* -- the handshake */
	off = comp(msg1, 0, 4, &n);               /* HandshakeInit.nonce */
	scn_begin("scn-msg1-altered", "msg1's nonce changed in transit: the responder cannot tell, the initiator's TH2 differs from the one the responder signed",
		"AlteredPdu", "REQ-HS-080,REQ-HS-038,REQ-STM-031", "BAD_SIGNATURE", "badSignature");
	fprintf(out, "{\"do\": \"start\"}, {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"alter\", \"index\": 0, \"offset\": %zu, \"xor\": 1}", off);
	scn_end("I", "BAD_SIGNATURE", "ABORTED", "reject", "badSignature");

	{
		size_t hb = msg2[1] < 0x80 ? 2 : 2 + (msg2[1] & 0x7Fu);
		size_t nonce = comp(msg2, hb, 5, &n);    /* RespBody.nonce, inside the body TLV */
		scn_begin("scn-msg2-body-altered", "msg2's nonce changed in transit: TH2 differs, the responder's signature fails first (REQ-HS-038 before -039)",
			"AlteredPdu", "REQ-HS-080,REQ-HS-029,REQ-HS-038,REQ-STM-031", "BAD_SIGNATURE", "badSignature");
		fprintf(out, HS_START_ONLY_R "{\"do\": \"fault\", \"side\": \"R\", \"fault\": \"alter\", \"index\": 0, \"offset\": %zu, \"xor\": 128}", nonce);
		scn_end("I", "BAD_SIGNATURE", "ABORTED", "reject", "badSignature");
	}
	{
		size_t sig = comp(msg2, 0, 1, &n);
		scn_begin("scn-msg2-signature-altered", "a byte of msg2's signature changed", "AlteredPdu",
			"REQ-HS-038,REQ-HS-074,REQ-STM-031", "BAD_SIGNATURE", "badSignature");
		fprintf(out, HS_START_ONLY_R "{\"do\": \"fault\", \"side\": \"R\", \"fault\": \"alter\", \"index\": 0, \"offset\": %zu, \"xor\": 1}", sig + n - 1);
		scn_end("I", "BAD_SIGNATURE", "ABORTED", "reject", "badSignature");
	}
	scn_begin("scn-msg2-mac-altered", "the last octet of msg2's mac changed", "AlteredPdu",
		"REQ-HS-039,REQ-KS-006,REQ-STM-031", "BAD_MAC", "badMac");
	fprintf(out, HS_START_ONLY_R "{\"do\": \"fault\", \"side\": \"R\", \"fault\": \"alter\", \"index\": 0, \"offset\": %zu, \"xor\": 1}", l2 - 1);
	scn_end("I", "BAD_MAC", "ABORTED", "reject", "badMac");
	scn_begin("scn-msg2-truncated", "msg2 without its last octet", "TruncatedPdu",
		"REQ-ENC-008,REQ-STM-034", "DER_TRUNCATED", "none");
	fprintf(out, HS_START_ONLY_R "{\"do\": \"fault\", \"side\": \"R\", \"fault\": \"truncate\", \"index\": 0}");
	scn_end("I", "DER_TRUNCATED", "ABORTED", "none", NULL);
	scn_begin("scn-msg3-mac-altered", "the last octet of msg3's mac changed", "AlteredPdu",
		"REQ-KS-006,REQ-STM-041", "BAD_MAC", "badMac");
	fprintf(out, HS_START_ONLY_R "{\"do\": \"deliver1\", \"side\": \"R\"}, {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"alter\", \"index\": 0, \"offset\": -1, \"xor\": 1}");
	scn_end("R", "BAD_MAC", "ABORTED", "reject", "badMac");

	/* -- records */
	scn_begin("scn-record-tag-altered", "the last octet of an appData record's tag changed", "AlteredPdu",
		"REQ-DT-014,REQ-STM-050,REQ-CRY-008", "BAD_RECORD", "badRecord");
	fprintf(out, HS ", " SEND_I("6869") ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"alter\", \"index\": 0, \"offset\": -1, \"xor\": 1}");
	scn_end("R", "BAD_RECORD", "ABORTED", "abort", "badRecord");
	scn_begin("scn-record-seq-altered", "an appData record's seq 0 changed to 1 (before the tag: REQ-DT-010 order)", "AlteredPdu",
		"REQ-DT-010,REQ-DT-012,REQ-STM-050", "BAD_SEQUENCE", "badSequence");
	fprintf(out, HS ", " SEND_I("6869") ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"alter\", \"index\": 0, \"offset\": 18, \"xor\": 1}");
	scn_end("R", "BAD_SEQUENCE", "ABORTED", "abort", "badSequence");
	scn_begin("scn-record-replayed", "an appData record delivered twice", "ReplayedPdu",
		"REQ-DT-012,REQ-STM-050,REQ-REL-005", "BAD_SEQUENCE", "badSequence");
	fprintf(out, HS ", " SEND_I("6869") ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"replay\", \"index\": 0}");
	scn_end("R", "BAD_SEQUENCE", "ABORTED", "abort", "badSequence");
	scn_begin("scn-record-dropped", "the first of two appData records lost", "DroppedPdu",
		"REQ-DT-012,REQ-STM-050", "BAD_SEQUENCE", "badSequence");
	fprintf(out, HS ", " SEND_I("6869") ", " SEND_I("7468657265") ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"drop\", \"index\": 0}");
	scn_end("R", "BAD_SEQUENCE", "ABORTED", "abort", "badSequence");
	scn_begin("scn-record-reordered", "two appData records delivered in the wrong order", "ReorderedPdu",
		"REQ-DT-012,REQ-STM-050", "BAD_SEQUENCE", "badSequence");
	fprintf(out, HS ", " SEND_I("6869") ", " SEND_I("7468657265") ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"reorder\", \"index\": 0}");
	scn_end("R", "BAD_SEQUENCE", "ABORTED", "abort", "badSequence");
	scn_begin("scn-record-truncated", "an appData record without its last octet (stream mode: undecodable)", "TruncatedPdu",
		"REQ-ENC-008,REQ-STM-057,REQ-GEN-011", "DER_TRUNCATED", "decodeError");
	fprintf(out, HS ", " SEND_I("6869") ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"truncate\", \"index\": 0}");
	scn_end("R", "DER_TRUNCATED", "ABORTED", "abort", "decodeError");
	scn_begin("scn-record-wrong-aid", "an appData record whose assocId names no association of the receiver", "AlteredPdu",
		"REQ-GEN-004,REQ-STM-010", "UNKNOWN_ASSOC", "none");
	fprintf(out, HS ", " SEND_I("6869") ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"alter\", \"index\": 0, \"offset\": 6, \"xor\": 1}");
	scn_end("R", "UNKNOWN_ASSOC", "ESTABLISHED", "none", NULL);

	/* -- PDUs in the wrong state */
	scn_begin("scn-msg2-in-established", "msg2 received again by the initiator once ESTABLISHED", "WrongState",
		"REQ-STM-054", "STATE", "unexpectedPdu");
	fprintf(out, HS ", {\"do\": \"fault\", \"side\": \"R\", \"fault\": \"inject\", \"pdu\": ");
	hexto(out, msg2, l2);
	fprintf(out, "}");
	scn_end("I", "STATE", "ABORTED", "abort", "unexpectedPdu");
	scn_begin("scn-msg1-in-established", "msg1 received again by the responder's association once ESTABLISHED", "WrongState",
		"REQ-STM-011,REQ-GEN-006", "STATE", "none");
	fprintf(out, HS ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"inject\", \"pdu\": ");
	hexto(out, msg1, l1);
	fprintf(out, "}");
	scn_end("R", "STATE", "ESTABLISHED", "none", NULL);
	scn_begin("scn-reject-confirmed", "a HandshakeReject to the responder, ESTABLISHED (never unconfirmed): dropped, never answered", "WrongState",
		"REQ-STM-056", "STATE", "none");
	fprintf(out, HS ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"inject\", \"pdu\": ");
	hexto(out, rej, nrej);
	fprintf(out, "}");
	scn_end("R", "STATE", "ESTABLISHED", "none", NULL);
	n = (size_t)msa_reject_encode(rej, sizeof rej, aid_i, MSA_DIAG_BAD_CERTIFICATE, "CERT_PROFILE");
	scn_begin("scn-reject-unconfirmed", "a HandshakeReject to the initiator while unconfirmed (msg3 sent, no record from the responder yet): the peer's rejection ends it", "WrongState",
		"REQ-STM-055,REQ-ERR-002", "PEER_REJECT", "none");
	fprintf(out, HS ", {\"do\": \"fault\", \"side\": \"R\", \"fault\": \"inject\", \"pdu\": ");
	hexto(out, rej, n);
	fprintf(out, "}");
	scn_end("I", "PEER_REJECT", "CLOSED", "none", NULL);

	/* -- renewals out of sequence */
	scn_begin("scn-keyupdate-dropped", "the initiator's KeyUpdate lost: its next record, of generation 1, is not expected", "DroppedPdu",
		"REQ-DT-011,REQ-KR-004,REQ-STM-050", "BAD_SEQUENCE", "badSequence");
	fprintf(out, HS ", {\"do\": \"ratchet\", \"side\": \"I\"}, " SEND_I("6869") ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"drop\", \"index\": 0}");
	scn_end("R", "BAD_SEQUENCE", "ABORTED", "abort", "badSequence");
	scn_begin("scn-keyupdate-reordered", "the first record of generation 1 before the KeyUpdate that announces it", "ReorderedPdu",
		"REQ-DT-011,REQ-STM-050", "BAD_SEQUENCE", "badSequence");
	fprintf(out, HS ", {\"do\": \"ratchet\", \"side\": \"I\"}, " SEND_I("6869") ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"reorder\", \"index\": 0}");
	scn_end("R", "BAD_SEQUENCE", "ABORTED", "abort", "badSequence");
	scn_begin("scn-keyupdate-replayed", "the KeyUpdate delivered twice: the copy is of the old generation", "ReplayedPdu",
		"REQ-DT-011,REQ-DT-012,REQ-STM-050", "BAD_SEQUENCE", "badSequence");
	fprintf(out, HS ", {\"do\": \"ratchet\", \"side\": \"I\"}, {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"replay\", \"index\": 0}");
	scn_end("R", "BAD_SEQUENCE", "ABORTED", "abort", "badSequence");
	scn_begin("scn-rekeyresponse-dropped", "the rekeyResponse lost: the answering side's next record is of a generation the requester has no keys for yet", "DroppedPdu",
		"REQ-DT-011,REQ-KR-010,REQ-STM-050", "BAD_SEQUENCE", "badSequence");
	fprintf(out, HS ", {\"do\": \"rekey\", \"side\": \"R\"}, {\"do\": \"deliver1\", \"side\": \"R\"}, " SEND_I("6869")
		", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"drop\", \"index\": 0}");
	scn_end("R", "BAD_SEQUENCE", "ABORTED", "abort", "badSequence");

	/* -- certificates by reference (both sides hold the other's) */
	scn_begin("scn-ref-msg2-mac-altered", "certificates by reference: the last octet of msg2's mac changed", "AlteredPdu",
		"REQ-HS-039,REQ-STM-031", "BAD_MAC", "badMac");
	fprintf(out, HS_START_ONLY_R "{\"do\": \"fault\", \"side\": \"R\", \"fault\": \"alter\", \"index\": 0, \"offset\": -1, \"xor\": 1}");
	scn_end("I", "BAD_MAC", "ABORTED", "reject", "badMac");
	scn_begin("scn-ref-msg3-mac-altered", "certificates by reference: the last octet of msg3's mac changed", "AlteredPdu",
		"REQ-KS-006,REQ-STM-041", "BAD_MAC", "badMac");
	fprintf(out, HS_START_ONLY_R "{\"do\": \"deliver1\", \"side\": \"R\"}, {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"alter\", \"index\": 0, \"offset\": -1, \"xor\": 1}");
	scn_end("R", "BAD_MAC", "ABORTED", "reject", "badMac");

	/* -- datagram mode (REQ-GEN-014): what fails a record check is dropped */
	scn_begin("scn-dgram-record-replayed", "datagram mode: an appData record delivered twice is dropped (replay window)", "ReplayedPdu",
		"REQ-DT-021,REQ-GEN-014,REQ-STM-050", "BAD_SEQUENCE", "none");
	fprintf(out, HS ", " SEND_I("6869") ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"replay\", \"index\": 0}");
	scn_end("R", "BAD_SEQUENCE", "ESTABLISHED", "none", NULL);
	scn_begin("scn-dgram-record-tag-altered", "datagram mode: a record whose tag does not verify is dropped", "AlteredPdu",
		"REQ-DT-023,REQ-DT-022,REQ-GEN-014,REQ-STM-050", "BAD_RECORD", "none");
	fprintf(out, HS ", " SEND_I("6869") ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"alter\", \"index\": 0, \"offset\": -1, \"xor\": 1}");
	scn_end("R", "BAD_RECORD", "ESTABLISHED", "none", NULL);
	scn_begin("scn-dgram-record-truncated", "datagram mode: an undecodable datagram is dropped", "TruncatedPdu",
		"REQ-GEN-014,REQ-STM-057", "DER_TRUNCATED", "none");
	fprintf(out, HS ", " SEND_I("6869") ", {\"do\": \"fault\", \"side\": \"I\", \"fault\": \"truncate\", \"index\": 0}");
	scn_end("R", "DER_TRUNCATED", "ESTABLISHED", "none", NULL);
	scn_begin("scn-dgram-msg2-in-established", "datagram mode: msg2 again once ESTABLISHED is dropped (a duplicated datagram)", "WrongState",
		"REQ-STM-054,REQ-GEN-014", "STATE", "none");
	fprintf(out, HS ", {\"do\": \"fault\", \"side\": \"R\", \"fault\": \"inject\", \"pdu\": ");
	hexto(out, msg2, l2);
	fprintf(out, "}");
	scn_end("I", "STATE", "ESTABLISHED", "none", NULL);
	scn_begin("scn-dgram-msg2-mac-altered", "datagram mode: a HandshakeResp that fails its checks still ends the handshake (REQ-STM-031 is FAIL, not FAIL*)", "AlteredPdu",
		"REQ-HS-039,REQ-STM-031,REQ-GEN-014", "BAD_MAC", "badMac");
	fprintf(out, HS_START_ONLY_R "{\"do\": \"fault\", \"side\": \"R\", \"fault\": \"alter\", \"index\": 0, \"offset\": %zu, \"xor\": 1}", l2 - 1);
	scn_end("I", "BAD_MAC", "ABORTED", "reject", "badMac");

	/* -- certificates refused by the peer (section 16, table 15.2) */
	{
		char *cj = NULL;
		size_t cjl = 0;
		static char anchors_json[8192];
		char *a = strstr(base, "\"anchors\": ");
		char *e = strstr(a, "]");
		memcpy(anchors_json, a + 11, (size_t)(e - a - 11) + 1);
		anchors_json[e - a - 11 + 1] = '\0';
		certs_json = open_memstream(&cj, &cjl);
		ncert = 0;
		cert_scenario(pki, anchors_json, "scn-cert-expired", "the responder's certificate (urn:msa:ae:expired-1, wanted by the initiator) expired in 2021",
			"REQ-HS-037,REQ-STM-031,REQ-ERR-001", 1, "bad-expired", "urn:msa:ae:expired-1", "I", "CERT_EXPIRED", "certificateExpired");
		cert_scenario(pki, anchors_json, "scn-cert-notyet", "the responder's certificate (urn:msa:ae:notyet-1) is valid from 2040",
			"REQ-HS-037,REQ-STM-031,REQ-ERR-001", 1, "bad-notyet", "urn:msa:ae:notyet-1", "I", "CERT_NOT_YET_VALID", "certificateExpired");
		cert_scenario(pki, anchors_json, "scn-cert-untrusted", "the responder's certificate (urn:msa:ae:responder-1) chains to a root that is no trust anchor",
			"REQ-HS-037,REQ-STM-031,REQ-ERR-001", 1, "bad-untrusted", "urn:msa:ae:responder-1", "I", "CERT_UNTRUSTED", "unknownCa");
		cert_scenario(pki, anchors_json, "scn-cert-keyusage", "the responder's certificate (urn:msa:ae:keyusage-1) lacks keyUsage digitalSignature",
			"REQ-HS-037,REQ-STM-031,REQ-ERR-001", 1, "bad-keyusage", "urn:msa:ae:keyusage-1", "I", "CERT_KEY_USAGE", "badCertificate");
		cert_scenario(pki, anchors_json, "scn-cert-name-not-served", "the initiator wants urn:msa:ae:responder-1 from a responder that is urn:msa:ae:intruder-1: refused at msg1",
			"REQ-HS-015,REQ-STM-025,REQ-ERR-001", 1, "bad-identity", "urn:msa:ae:responder-1", "R", "CERT_IDENTITY", "badIdentity");
		cert_scenario(pki, anchors_json, "scn-cert-initiator-identity", "the initiator's certificate names an AE the responder does not accept",
			"REQ-HS-086,REQ-STM-041,REQ-ERR-001", 0, "bad-identity", "urn:msa:ae:responder-1", "R", "CERT_IDENTITY", "badIdentity");
		fclose(certs_json);
		certs_json = NULL;
		fclose(bf);
		bf = NULL;
		/* patch the @CERT placeholders, in order, with the lines of cj */
		{
			char *p = bbuf, *line = cj;
			size_t total = blen + cjl + 1;
			char *nb = malloc(total), *w = nb;
			if (nb == NULL)
				die("memory", MSA_ERR_INTERNAL);
			for (;;) {
				char *at = strstr(p, "\"@CERT\"");
				char *nl;
				if (at == NULL)
					break;
				memcpy(w, p, (size_t)(at - p));
				w += at - p;
				nl = strchr(line, '\n');
				if (nl == NULL)
					nl = line + strlen(line);
				memcpy(w, line, (size_t)(nl - line));
				w += nl - line;
				line = *nl ? nl + 1 : nl;
				p = at + 7;
			}
			strcpy(w, p);
			free(bbuf);
			bbuf = nb;
			blen = strlen(nb);
		}
		free(cj);
	}
	/* replace every "@BASE" by the shared inputs (and "@DGRAM" by the
	 * same in datagram mode) */
	out = fopen(path, "w");
	if (out == NULL)
		die(path, MSA_ERR_BAD_ARGUMENT);
	fprintf(out, "{\n \"schema\": \"msa-vectors-1\",\n \"kind\": \"scenario\",\n"
		" \"generator\": \"vectors/gen/gen_transcript.c\",\n \"specVersion\": \"MSA v1\",\n"
		" \"header\": [\"Negative scenarios (stream mode): the conversation of the script, with one PDU altered, truncated, replayed, reordered, dropped or injected in the wrong state.\","
		" \"Every test names the first failure that must follow the fault (expect: the side, its local error, its state after it, and its reply: a HandshakeReject or an abort record with its diagnostic, or nothing), as spec section 7.3 says.\"],\n"
		" \"numberOfTests\": %d,\n \"notes\": {\n"
		"  \"AlteredPdu\": {\"bugType\": \"MODIFIED_INPUT\", \"description\": \"One octet of a PDU changed in transit.\"},\n"
		"  \"TruncatedPdu\": {\"bugType\": \"TRUNCATION\", \"description\": \"A PDU without its last octet.\"},\n"
		"  \"ReplayedPdu\": {\"bugType\": \"MODIFIED_INPUT\", \"description\": \"A record delivered twice.\"},\n"
		"  \"DroppedPdu\": {\"bugType\": \"MODIFIED_INPUT\", \"description\": \"A record lost.\"},\n"
		"  \"ReorderedPdu\": {\"bugType\": \"MODIFIED_INPUT\", \"description\": \"Two records swapped.\"},\n"
		"  \"WrongState\": {\"bugType\": \"EDGE_CASE\", \"description\": \"A well-formed PDU received in a state where the table of 7.3 does not allow it.\"},\n"
		"  \"BadCertificate\": {\"bugType\": \"MODIFIED_INPUT\", \"description\": \"One side presents a certificate of the test PKI that the other must refuse (section 16): the handshake ends with the certificate error and its diagnostic.\"}\n"
		" },\n \"testGroups\": [\n  {\"suite\": %u, \"credential\": \"chain\", \"tests\": [", nscn, suite);
	{
		char *p = bbuf, *at, *at2;
		for (;;) {
			at = strstr(p, "\"@BASE\"");
			at2 = strstr(p, "\"@DGRAM\"");
			{
				char *at3 = strstr(p, "\"@REFS\"");
				if (at3 != NULL && (at == NULL || at3 < at) && (at2 == NULL || at3 < at2)) {
					char *u = strstr(base, "\"useRefs\": 0");
					fwrite(p, 1, (size_t)(at3 - p), out);
					fwrite(base, 1, (size_t)(u - base) + 11, out);
					fputs("1", out);
					fputs(u + 12, out);
					p = at3 + 7;
					continue;
				}
			}
			if (at2 != NULL && (at == NULL || at2 < at)) {
				fwrite(p, 1, (size_t)(at2 - p), out);
				/* the same inputs, with "mode": 1 after "useRefs": 0 */
				{
					char *u = strstr(base, "\"useRefs\": 0");
					fwrite(base, 1, (size_t)(u - base) + 12, out);
					fputs(", \"mode\": 1", out);
					fputs(u + 12, out);
				}
				p = at2 + 8;
				continue;
			}
			if (at == NULL)
				break;
			fwrite(p, 1, (size_t)(at - p), out);
			fputs(base, out);
			p = at + 7;
		}
		fputs(p, out);
	}
	fprintf(out, "\n  ]}\n ]\n}\n");
	fclose(out);
	free(bbuf);
	msa_drbg_wipe(&I.rng);
	msa_drbg_wipe(&R.rng);
}

int
main(int argc, char **argv)
{
	static const uint16_t chain_suites[] = { 0x0001, 0x0002, 0x0003, 0x0004, 0x0005,
		0x0006, 0x0007, 0x0011, 0x0012 };
	static const uint16_t ref_suites[] = { 0x0001, 0x0002, 0x0003, 0x0004, 0x0005,
		0x0006, 0x0007, 0x0011, 0x0012 };
	char path[4096];
	size_t i;
	int first = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: gen_transcript PKIDIR TRANSCRIPT-OUTDIR SCENARIO-OUTDIR\n");
		return 2;
	}
	B = msa_crypto_bearssl();
	W = *B;
	W.name = "bearssl (recording)";
	W.kex_keygen = w_kex_keygen;
	W.kex_shared = w_kex_shared;
	W.hmac = w_hmac;
	W.hkdf_extract = w_hkdf_extract;
	W.hkdf_expand = w_hkdf_expand;
	W.sig_sign = w_sig_sign;
	W.aead_seal = w_aead_seal;
	W.icv_compute = w_icv_compute;
	snprintf(path, sizeof path, "%s/transcripts.json", argv[2]);
	out = fopen(path, "w");
	if (out == NULL)
		die(path, MSA_ERR_BAD_ARGUMENT);
	fprintf(out, "{\n \"schema\": \"msa-vectors-1\",\n \"kind\": \"transcript\",\n"
		" \"generator\": \"vectors/gen/gen_transcript.c\",\n \"specVersion\": \"MSA v1\",\n"
		" \"header\": [\"Complete associations between two engines of the reference library, back to back: every PDU in order (steps), every local call and event, and every cryptographic operation of both sides (trace).\","
		" \"Inputs: the DRBG seeds of the two sides (deterministic test mode, drbg.json), the long-term keys and chains of the test PKI (vectors/pki/), the time.\","
		" \"Recomputed and verified from the spec by scripts/xcheck/ (Python): transcript hashes, ECDH, key schedule, MACs, signatures against the certificates' keys, every record.\"],\n"
		" \"numberOfTests\": %zu,\n \"notes\": {\n"
		"  \"Transcript\": {\"bugType\": \"KNOWN_ANSWER\", \"description\": \"A whole association: handshake, appData both ways, a ratchet of i2r, a rekey asked by the responder, records at the renewal boundaries, a confirmed release.\"},\n"
		"  \"ByReference\": {\"bugType\": \"BASIC\", \"description\": \"Both sides hold the other's certificate: HandshakeInit carries peerCertRef and ownCertRef, the credentials are references (REQ-CRT, 16.4).\"}\n"
		" },\n \"testGroups\": [",
		sizeof chain_suites / sizeof chain_suites[0] + sizeof ref_suites / sizeof ref_suites[0]);
	for (i = 0; i < sizeof chain_suites / sizeof chain_suites[0]; i++, first = 0)
		transcript(argv[1], chain_suites[i], 0, first);
	for (i = 0; i < sizeof ref_suites / sizeof ref_suites[0]; i++)
		transcript(argv[1], ref_suites[i], 1, 0);
	fprintf(out, "\n ]\n}\n");
	fclose(out);
	scenarios(argv[1], argv[3]);
	return 0;
}
