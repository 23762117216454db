/*
 * gen_seeds.c -- writes the seed inputs of the harnesses:
 *   gen_seeds OUTDIR [VECTORS_DIR]
 * creates OUTDIR/<harness>/<name> for every harness it knows:
 *  - valid values of every PDU type and control message, built here as
 *    C values and encoded with msa_value_encode (so they are what the
 *    library sends), at the edges of the module's constraints (smallest and
 *    largest sizes, every enumeration value, optional fields present and
 *    absent); each is decoded back as a self-check;
 *  - fuzz_pdu, fuzz_asn1c_raw: the MsaPdu values; fuzz_type_<T>: the values
 *    of T; fuzz_decode_cli: both, prefixed with the harness's two option
 *    octets, as binary and as hex text;
 *  - every VECTORS_DIR/...*.der and *.hex file (hex: whitespace ignored):
 *    to fuzz_pdu and fuzz_asn1c_raw, to each fuzz_type_<T> whose type
 *    decodes it, and to fuzz_decode_cli;
 *  - fuzz_cert: every file under a path naming certificates ("pki",
 *    "cert", "x509"): keys (".key.", ".sec1.") as key files (mode 2), the
 *    other .der/.pem as certificate files (mode 0), and what
 *    msa_cert_decode_file finds in them as a DER chain (mode 1) and as
 *    anchors (mode 3) (fuzz/fuzz_cert.c has the input format).
 * Exits 1 when a value it builds fails to encode or decode.
 */
#define _GNU_SOURCE   /* strcasestr */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "msa.h"

#include "MsaPdu.h"
#include "KeyUpdate.h"
#include "RekeyRequest.h"
#include "RekeyResponse.h"
#include "ReleaseRequest.h"
#include "ReleaseResponse.h"
#include "Abort.h"

static const char *outdir;
static unsigned written;

/* The types of the per-type harnesses (mk/fuzz.mk FUZZ_TYPES) and their
 * index in fuzz_decode_cli's --type table (-1: not a --type of the tool). */
static const struct {
	const char *name;
	asn_TYPE_descriptor_t *td;
	int cli;
} types[] = {
	{ "HandshakeInit", &asn_DEF_HandshakeInit, -1 },
	{ "HandshakeResp", &asn_DEF_HandshakeResp, -1 },
	{ "HandshakeFinish", &asn_DEF_HandshakeFinish, -1 },
	{ "HandshakeReject", &asn_DEF_HandshakeReject, -1 },
	{ "ProtectedPdu", &asn_DEF_ProtectedPdu, -1 },
	{ "KeyUpdate", &asn_DEF_KeyUpdate, 1 },
	{ "RekeyRequest", &asn_DEF_RekeyRequest, 2 },
	{ "RekeyResponse", &asn_DEF_RekeyResponse, 3 },
	{ "ReleaseRequest", &asn_DEF_ReleaseRequest, 4 },
	{ "ReleaseResponse", &asn_DEF_ReleaseResponse, 5 },
	{ "Abort", &asn_DEF_Abort, 6 },
};
#define NTYPES (sizeof types / sizeof types[0])

static void
die(const char *what, const char *name)
{
	fprintf(stderr, "gen_seeds: %s: %s\n", what, name);
	exit(1);
}

static void *
xcalloc(size_t n, size_t s)
{
	void *p = calloc(n ? n : 1u, s ? s : 1u);

	if (p == NULL)
		die("out of memory", "");
	return p;
}

static void
mkdirs(const char *path)
{
	char tmp[1024];
	size_t i;

	snprintf(tmp, sizeof tmp, "%s", path);
	for (i = 1; tmp[i] != '\0'; i++) {
		if (tmp[i] == '/') {
			tmp[i] = '\0';
			if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
				die("cannot create", tmp);
			tmp[i] = '/';
		}
	}
	if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
		die("cannot create", tmp);
}

static void
emit(const char *harness, const char *name, const uint8_t *d, size_t n)
{
	char dir[1024], path[2200];
	FILE *f;

	snprintf(dir, sizeof dir, "%s/%s", outdir, harness);
	mkdirs(dir);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(d, 1, n, f) != n || fclose(f) != 0)
		die("cannot write", path);
	written++;
}

/* fuzz_decode_cli's input: option octets, then the file, binary and hex. */
static void
emit_cli(int cli_type, const char *name, const uint8_t *d, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	uint8_t *b = xcalloc(2u * n + n / 16u + 4u, 1);
	char nm[256];
	size_t i, o = 2;

	b[0] = (uint8_t)cli_type;
	b[1] = 0x40;      /* a mid-size extra printer capacity */
	memcpy(b + 2, d, n);
	snprintf(nm, sizeof nm, "bin-%s", name);
	emit("fuzz_decode_cli", nm, b, n + 2u);
	b[0] = (uint8_t)(cli_type | 8);   /* --hex */
	b[1] = 0x07;
	for (i = 0; i < n; i++) {
		b[o++] = (uint8_t)hx[d[i] >> 4];
		b[o++] = (uint8_t)hx[d[i] & 15u];
		if (i % 16u == 15u)
			b[o++] = '\n';
	}
	snprintf(nm, sizeof nm, "hex-%s", name);
	emit("fuzz_decode_cli", nm, b, o);
	free(b);
}

/* Encodes v as td, checks it decodes, and writes it to the harnesses of td. */
static void
seed(asn_TYPE_descriptor_t *td, const void *v, const char *name)
{
	static uint8_t buf[MSA_MAX_PDU];
	static unsigned char mem[MSA_ARENA_PDU_SIZE];
	msa_arena a;
	void *back = NULL;
	char hn[128];
	size_t k, off = 0;
	int n, r;

	n = msa_value_encode(td, v, buf, sizeof buf);
	if (n < 0) {
		fprintf(stderr, "gen_seeds: %s: %s\n", name, msa_err_name(n));
		exit(1);
	}
	msa_arena_init(&a, mem, sizeof mem);
	r = msa_value_decode(&a, td, buf, (size_t)n, &back, &off);
	if (r != MSA_OK) {
		fprintf(stderr, "gen_seeds: %s does not decode: %s at %zu\n", name, msa_err_name(r), off);
		exit(1);
	}
	msa_arena_reset(&a);
	if (td == &asn_DEF_MsaPdu) {
		emit("fuzz_pdu", name, buf, (size_t)n);
		emit("fuzz_asn1c_raw", name, buf, (size_t)n);
		emit_cli(0, name, buf, (size_t)n);
		return;
	}
	for (k = 0; k < NTYPES; k++) {
		if (types[k].td != td)
			continue;
		snprintf(hn, sizeof hn, "fuzz_type_%s", types[k].name);
		emit(hn, name, buf, (size_t)n);
		if (types[k].cli >= 0)
			emit_cli(types[k].cli, name, buf, (size_t)n);
	}
}

/* ------------------------------------------------------------ values */

static void
os(OCTET_STRING_t *s, uint8_t fill, size_t n)
{
	s->buf = xcalloc(n + 1u, 1);
	memset(s->buf, fill, n);
	s->size = (int)n;
}

static void
os_str(OCTET_STRING_t *s, const char *t)
{
	s->size = (int)strlen(t);
	s->buf = xcalloc((size_t)s->size + 1u, 1);
	memcpy(s->buf, t, (size_t)s->size);
}

static OCTET_STRING_t *
os_new(uint8_t fill, size_t n)
{
	OCTET_STRING_t *s = xcalloc(1, sizeof *s);

	os(s, fill, n);
	return s;
}

/* A SEQUENCE OF's list with k entries, as asn1c lays it out. */
#define LIST_INIT(l, k) do { \
	(l).array = xcalloc((size_t)(k), sizeof *(l).array); \
	(l).count = (k); (l).size = (k); } while (0)

static void
keyshare(KeyShare_t *ks, long group)
{
	ks->group = group;
	if (group == 2) {
		os(&ks->keyExchange, 0x42, 65);
		ks->keyExchange.buf[0] = 0x04;
	} else if (group == 3) {
		os(&ks->keyExchange, 0x33, 1600);   /* the SIZE's upper bound */
	} else {
		os(&ks->keyExchange, 0x25, 32);
	}
}

/* A stand-in certificate: DER-shaped (SEQUENCE of n octets), not valid X.509. */
static void
cert(OCTET_STRING_t *s, size_t n)
{
	size_t i;

	os(s, 0, n);
	s->buf[0] = 0x30;
	if (n >= 4) {
		s->buf[1] = 0x82;
		s->buf[2] = (uint8_t)((n - 4) >> 8);
		s->buf[3] = (uint8_t)(n - 4);
	}
	for (i = 4; i < n; i++)
		s->buf[i] = (uint8_t)(i * 7u);
}

static void
credential(Credential_t *c, int chain_len, size_t cert_size)
{
	int i;

	if (chain_len == 0) {
		c->present = Credential_PR_reference;
		os(&c->choice.reference, 0xC5, MSA_CERTREF_LEN);
		return;
	}
	c->present = Credential_PR_chain;
	LIST_INIT(c->choice.chain.list, chain_len);
	for (i = 0; i < chain_len; i++) {
		c->choice.chain.list.array[i] = xcalloc(1, sizeof(Certificate_t));
		cert(c->choice.chain.list.array[i], i == 0 ? cert_size : 300u + 100u * (size_t)i);
	}
}

static void
hs_init(HandshakeInit_t *h, int nsuites, int nshares, int opts)
{
	static const long suites[16] = { 1, 2, 3, 4, 5, 6, 7, 0x11, 0x12, 0x101,
		0, 8, 0x7F, 0x80, 0xFF, 65535 };
	static const long groups[4] = { 1, 2, 3, 65535 };
	int i;

	h->version = 1;
	os(&h->initiatorAid, 0x11, MSA_AID_LEN);
	LIST_INIT(h->suites.list, nsuites);
	for (i = 0; i < nsuites; i++) {
		h->suites.list.array[i] = xcalloc(1, sizeof(SuiteId_t));
		*h->suites.list.array[i] = suites[i];
	}
	LIST_INIT(h->keyShares.list, nshares);
	for (i = 0; i < nshares; i++) {
		h->keyShares.list.array[i] = xcalloc(1, sizeof(KeyShare_t));
		keyshare(h->keyShares.list.array[i], groups[i]);
	}
	os(&h->nonce, 0x4E, MSA_NONCE_LEN);
	if (opts & 1) {
		h->responderName = xcalloc(1, sizeof(AeName_t));
		os_str(h->responderName, "urn:msa:ae:responder.example");
	}
	if (opts & 2)
		h->peerCertRef = os_new(0xAA, MSA_CERTREF_LEN);
	if (opts & 4)
		h->ownCertRef = os_new(0xBB, MSA_CERTREF_LEN);
}

static void
resp_body(RespBody_t *b, long suite, long group, int chain_len, size_t cert_size)
{
	b->version = 1;
	os(&b->initiatorAid, 0x11, MSA_AID_LEN);
	os(&b->responderAid, 0x22, MSA_AID_LEN);
	b->suite = suite;
	keyshare(&b->keyShare, group);
	os(&b->nonce, 0x52, MSA_NONCE_LEN);
	credential(&b->credential, chain_len, cert_size);
	b->ownRefKnown = chain_len == 0;
}

static void
header(RecordHeader_t *h, long type, long gen, unsigned long seq)
{
	os(&h->assocId, 0x22, MSA_AID_LEN);
	h->type = type;
	h->generation = gen;
	h->seq = seq;
}

static void
pdus(void)
{
	char name[128];
	MsaPdu_t *p;
	int i;

	/* HandshakeInit: the smallest, and with every optional and each size edge. */
	{
		static const int v[][3] = { {1, 1, 0}, {2, 2, 1}, {16, 4, 7}, {9, 2, 2}, {3, 1, 4}, {4, 3, 6} };
		for (i = 0; i < (int)(sizeof v / sizeof v[0]); i++) {
			p = xcalloc(1, sizeof *p);
			p->present = MsaPdu_PR_handshakeInit;
			hs_init(&p->choice.handshakeInit, v[i][0], v[i][1], v[i][2]);
			snprintf(name, sizeof name, "init-s%d-k%d-o%d", v[i][0], v[i][1], v[i][2]);
			seed(&asn_DEF_MsaPdu, p, name);
			seed(&asn_DEF_HandshakeInit, &p->choice.handshakeInit, name);
		}
	}
	/* HandshakeResp: reference, chains of 1..4, signature and MAC sizes. */
	{
		static const struct { long suite, group; int chain; size_t cert, sig, mac; } v[] = {
			{ 1, 1, 0, 0, 72, 32 }, { 2, 2, 1, 400, 70, 32 }, { 3, 1, 2, 2048, 104, 48 },
			{ 4, 2, 4, 1, 139, 64 }, { 0x11, 1, 3, 600, 8, 32 },
		};
		for (i = 0; i < (int)(sizeof v / sizeof v[0]); i++) {
			HandshakeResp_t *r;
			p = xcalloc(1, sizeof *p);
			p->present = MsaPdu_PR_handshakeResp;
			r = &p->choice.handshakeResp;
			resp_body(&r->body, v[i].suite, v[i].group, v[i].chain, v[i].cert);
			os(&r->signature, 0x5A, v[i].sig);
			os(&r->mac, 0x3C, v[i].mac);
			snprintf(name, sizeof name, "resp-suite%lx-chain%d", v[i].suite, v[i].chain);
			seed(&asn_DEF_MsaPdu, p, name);
			seed(&asn_DEF_HandshakeResp, r, name);
		}
	}
	/* HandshakeFinish. */
	{
		static const struct { int chain; size_t cert, sig, mac; } v[] = {
			{ 0, 0, 72, 32 }, { 1, 500, 71, 32 }, { 4, 2048, 139, 64 }, { 2, 1, 8, 48 },
		};
		for (i = 0; i < (int)(sizeof v / sizeof v[0]); i++) {
			HandshakeFinish_t *f;
			p = xcalloc(1, sizeof *p);
			p->present = MsaPdu_PR_handshakeFinish;
			f = &p->choice.handshakeFinish;
			os(&f->body.responderAid, 0x22, MSA_AID_LEN);
			credential(&f->body.credential, v[i].chain, v[i].cert);
			os(&f->signature, 0x5B, v[i].sig);
			os(&f->mac, 0x3D, v[i].mac);
			snprintf(name, sizeof name, "finish-chain%d-sig%zu", v[i].chain, v[i].sig);
			seed(&asn_DEF_MsaPdu, p, name);
			seed(&asn_DEF_HandshakeFinish, f, name);
		}
	}
	/* HandshakeReject: every diagnostic; detail absent, empty, longest. */
	for (i = 0; i <= Diagnostic_userAbort; i++) {
		HandshakeReject_t *j;
		p = xcalloc(1, sizeof *p);
		p->present = MsaPdu_PR_handshakeReject;
		j = &p->choice.handshakeReject;
		os(&j->destAid, 0x11, MSA_AID_LEN);
		j->diagnostic = i;
		if (i % 3 == 1) {
			j->detail = xcalloc(1, sizeof(UTF8String_t));
			os_str(j->detail, i == 4 ? "no common suite: offered 0x0101 only" : "");
		} else if (i == 5) {
			j->detail = xcalloc(1, sizeof(UTF8String_t));
			os(j->detail, 'x', 128);
		}
		snprintf(name, sizeof name, "reject-diag%d", i);
		seed(&asn_DEF_MsaPdu, p, name);
		seed(&asn_DEF_HandshakeReject, j, name);
	}
	/* ProtectedPdu: every content type, body and ICV sizes, counter edges. */
	{
		static const struct { long type, gen; unsigned long seq; size_t body, icv; } v[] = {
			{ 0, 0, 0, 0, 16 }, { 0, 0, 1, 100, 16 }, { 0, 65535, 4294967295ul, 16384, 32 },
			{ 1, 1, 7, 3, 16 }, { 2, 2, 8, 40, 16 }, { 3, 3, 9, 40, 32 }, { 4, 0, 127, 3, 16 },
			{ 5, 0, 128, 3, 16 }, { 6, 0, 32768, 5, 16 }, { 0, 255, 2147483648ul, 1, 24 },
		};
		for (i = 0; i < (int)(sizeof v / sizeof v[0]); i++) {
			ProtectedPdu_t *q;
			p = xcalloc(1, sizeof *p);
			p->present = MsaPdu_PR_protected;
			q = &p->choice.protected;
			header(&q->header, v[i].type, v[i].gen, v[i].seq);
			os(&q->body, 0xB0, v[i].body);
			os(&q->icv, 0x1C, v[i].icv);
			snprintf(name, sizeof name, "protected-t%ld-b%zu-seq%lu", v[i].type, v[i].body, v[i].seq);
			seed(&asn_DEF_MsaPdu, p, name);
			seed(&asn_DEF_ProtectedPdu, q, name);
		}
	}
}

static void
controls(void)
{
	char name[128];
	int i;

	for (i = 0; i < 2; i++) {
		KeyUpdate_t k = { 0 };
		k.updateRequested = i;
		snprintf(name, sizeof name, "keyupdate-%d", i);
		seed(&asn_DEF_KeyUpdate, &k, name);
	}
	for (i = 1; i <= 3; i++) {
		RekeyRequest_t q = { 0 };
		RekeyResponse_t s = { 0 };
		keyshare(&q.keyShare, i);
		keyshare(&s.keyShare, i);
		snprintf(name, sizeof name, "rekey-group%d", i);
		seed(&asn_DEF_RekeyRequest, &q, name);
		seed(&asn_DEF_RekeyResponse, &s, name);
	}
	for (i = ReleaseReason_normal; i <= ReleaseReason_idle; i++) {
		ReleaseRequest_t q = { 0 };
		ReleaseResponse_t s = { 0 };
		q.reason = i;
		s.reason = i;
		snprintf(name, sizeof name, "release-%d", i);
		seed(&asn_DEF_ReleaseRequest, &q, name);
		seed(&asn_DEF_ReleaseResponse, &s, name);
	}
	for (i = 0; i <= Diagnostic_userAbort; i += 1) {
		Abort_t ab = { 0 };
		ab.diagnostic = i;
		if (i % 4 == 1) {
			ab.detail = xcalloc(1, sizeof(UTF8String_t));
			os_str(ab.detail, i == 5 ? "" : "peer \"AE\" \\ said: bye \xc3\xa9");
		} else if (i == 2) {
			ab.detail = xcalloc(1, sizeof(UTF8String_t));
			os(ab.detail, 'y', 128);
		}
		snprintf(name, sizeof name, "abort-diag%d", i);
		seed(&asn_DEF_Abort, &ab, name);
	}
}

/* ------------------------------------------------------------ engine */

/* fuzz_engine's scripts (fuzz/fuzz_engine.c has the format): a whole life
 * per suite and mode, and short ones from the established snapshot. */
static void
engine_seeds(void)
{
	static const uint8_t life[] = {
		0x0B, 0x1E, 0x0E, 0x1E, 0x0E,           /* start, the handshake */
		0x05, 0x10, 0x1E, 0x15, 0x05, 0x0E,     /* a message each way */
		0x26, 0x1E, 0x0E, 0x1E,                 /* I ratchets, asks back */
		0x17, 0x0E, 0x1E, 0x0E, 0x1E,           /* R rekeys */
		0x05, 0x03, 0x1E, 0x15, 0x00, 0x0E,     /* more data after it */
		0x08, 0x1E, 0x15, 0x01, 0x0E, 0x18, 0x0E, /* release, confirmed */
	};
	static const uint8_t est[][12] = {
		{ 0x05, 0x10, 0x1E, 0x14 },             /* a replayed record */
		{ 0x05, 0x01, 0x05, 0x02, 0x13, 0x1E }, /* a lost record */
		{ 0x05, 0x08, 0x01, 0x10, 0x00, 0x03, 0x40 }, /* a flipped octet */
		{ 0x05, 0x08, 0x1C, 0x02, 0x04, 'a', 'b', 'c', 'd' }, /* a leaf replaced */
		{ 0x09, 0x1E, 0x0E },                   /* abort */
		{ 0xEA, 0x0A, 0x1E, 0x0E },             /* time passes */
		{ 0x06, 0x07, 0x1E, 0x0E, 0x1E, 0x0E }, /* ratchet and rekey at once */
		{ 0x05, 0x01, 0x05, 0x02, 0x1D, 0x1E }, /* two records swapped */
	};
	uint8_t b[64];
	char nm[64];
	unsigned su, k;

	for (su = 0; su < 9; su++) {
		for (k = 0; k < 2; k++) {
			b[0] = (uint8_t)(su | (k ? 0x10u : 0u) | ((su & 1u) ? 0x20u : 0u));
			b[1] = 0;
			memcpy(b + 2, life, sizeof life);
			snprintf(nm, sizeof nm, "life-suite%u-refs%u", su, k);
			emit("fuzz_engine", nm, b, sizeof life + 2u);
		}
	}
	for (su = 0; su < 9; su++) {            /* the same with key caches (octet 1 bit 3) */
		b[0] = (uint8_t)(su | ((su & 1u) ? 0x20u : 0u));
		b[1] = 0x08;
		memcpy(b + 2, life, sizeof life);
		snprintf(nm, sizeof nm, "life-suite%u-cache", su);
		emit("fuzz_engine", nm, b, sizeof life + 2u);
	}
	b[0] = 0x46;                            /* a renewal policy: 3 records, ratchet */
	b[1] = 0x00;
	memcpy(b + 2, life, sizeof life);
	emit("fuzz_engine", "life-policy", b, sizeof life + 2u);
	for (k = 0; k < sizeof est / sizeof est[0]; k++) {
		size_t n = sizeof est[k];
		while (n > 0 && est[k][n - 1u] == 0)
			n--;
		b[0] = (uint8_t)(0x80u | (k & 1u ? 0x20u : 0u) | k);
		b[1] = (uint8_t)(k == 2 ? 0x03u : 0u);  /* one with forging */
		memcpy(b + 2, est[k], n);
		snprintf(nm, sizeof nm, "established-%u", k);
		emit("fuzz_engine", nm, b, n + 2u);
		b[1] |= 0x08u;                      /* and with key caches */
		snprintf(nm, sizeof nm, "established-%u-cache", k);
		emit("fuzz_engine", nm, b, n + 2u);
	}
	/* Forged handshake MACs (octet 1: forge signatures and handshake MACs,
	 * and records): under suite 0x0001 the HandshakeResp's MAC is its 12th
	 * primitive value, the HandshakeFinish's its 5th; each replaced by 32
	 * octets, then data both ways. */
	for (k = 0; k < 2; k++) {
		size_t n = 0;
		b[n++] = 0x00;
		b[n++] = 0x03;
		b[n++] = 0x0B;                      /* I starts */
		b[n++] = 0x10;                      /* R gets HandshakeInit */
		if (k == 1)
			b[n++] = 0x00;              /* I gets HandshakeResp */
		b[n++] = k == 0 ? 0x0C : 0x1C;      /* the next PDU, a leaf replaced */
		b[n++] = k == 0 ? 11u : 4u;
		b[n++] = 32;
		memset(b + n, 'A', 32);
		n += 32;
		b[n++] = 0x1E;
		b[n++] = 0x05;                      /* a message each way */
		b[n++] = 0x10;
		b[n++] = 0x1E;
		b[n++] = 0x15;
		b[n++] = 0x05;
		b[n++] = 0x0E;
		emit("fuzz_engine", k == 0 ? "forged-resp-mac" : "forged-finish-mac", b, n);
	}
}

/* ------------------------------------------------------------ vectors */

static long
unhex(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t i, o = 0;
	int hi = -1;

	for (i = 0; i < n; i++) {
		int c = in[i], v;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c >= '0' && c <= '9') v = c - '0';
		else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
		else return -1;
		if (hi < 0) { hi = v; continue; }
		out[o++] = (uint8_t)(hi * 16 + v);
		hi = -1;
	}
	return hi >= 0 ? -1 : (long)o;
}

/* fuzz_cert's seeds of one certificate or key file (see fuzz_cert.c). */
static void
cert_file(const char *name, const char *rel, const uint8_t *d, size_t n)
{
	static uint8_t b[128u * 1024u + 16u], der[128u * 1024u];
	msa_seg c[8];
	size_t count = 0, i, o;
	char nm[1200];

	if (n > sizeof der)
		return;
	if (strstr(rel, ".key.") != NULL || strstr(rel, ".sec1.") != NULL) {
		b[0] = 2;                          /* a key file */
		memcpy(b + 1, d, n);
		emit("fuzz_cert", name, b, n + 1u);
		return;
	}
	b[0] = 0;                                  /* a file; 2030; both roots */
	memcpy(b + 1, d, n);
	emit("fuzz_cert", name, b, n + 1u);
	if (msa_cert_decode_file(d, n, der, sizeof der, c, 8, &count) != MSA_OK)
		return;
	b[0] = 1;                                  /* the same as a DER chain */
	for (i = 0, o = 1; i < count; i++) {
		b[o++] = (uint8_t)(c[i].len >> 8);
		b[o++] = (uint8_t)c[i].len;
		memcpy(b + o, c[i].ptr, c[i].len);
		o += c[i].len;
	}
	snprintf(nm, sizeof nm, "chain-%s", name);
	emit("fuzz_cert", nm, b, o);
	b[0] = 3 | 0x80;                           /* as anchors, none built in */
	snprintf(nm, sizeof nm, "anchors-%s", name);
	emit("fuzz_cert", nm, b, o);
}

static void
vector_file(const char *path, const char *rel)
{
	static unsigned char mem[MSA_ARENA_PDU_SIZE];
	static uint8_t raw[256u * 1024u], bin[128u * 1024u];
	char name[1100], hn[128];
	const char *dot = strrchr(rel, '.');
	size_t n, k, i;
	int cli = 0;
	FILE *f;

	if (dot == NULL || (strcmp(dot, ".der") != 0 && strcmp(dot, ".hex") != 0
		&& strcmp(dot, ".pem") != 0))
		return;
	f = fopen(path, "rb");
	if (f == NULL)
		die("cannot read", path);
	n = fread(raw, 1, sizeof raw, f);
	fclose(f);
	/* vectors/a/b.der -> "vec-a-b.der" */
	snprintf(name, sizeof name, "vec-%s", rel);
	for (i = 0; name[i] != '\0'; i++)
		if (name[i] == '/')
			name[i] = '-';
	if (strcasestr(rel, "pki") != NULL || strcasestr(rel, "cert") != NULL
		|| strcasestr(rel, "x509") != NULL)
		cert_file(name, rel, raw, n);
	if (strcmp(dot, ".pem") == 0)
		return;
	if (strcmp(dot, ".hex") == 0) {
		long m = unhex(raw, n, bin);
		if (m < 0)
			return;     /* not hex: not a seed */
		n = (size_t)m;
	} else {
		if (n > sizeof bin)
			n = sizeof bin;
		memcpy(bin, raw, n);
	}
	emit("fuzz_pdu", name, bin, n);
	emit("fuzz_asn1c_raw", name, bin, n);
	for (k = 0; k < NTYPES; k++) {
		msa_arena a;
		void *v = NULL;
		size_t off;
		msa_arena_init(&a, mem, sizeof mem);
		if (msa_value_decode(&a, types[k].td, bin, n, &v, &off) == MSA_OK) {
			snprintf(hn, sizeof hn, "fuzz_type_%s", types[k].name);
			emit(hn, name, bin, n);
			if (types[k].cli >= 0)
				cli = types[k].cli;
		}
		msa_arena_reset(&a);
	}
	if (n <= MSA_MAX_PDU)
		emit_cli(cli, name, bin, n);
}

static void
vector_dir(const char *root, const char *sub)
{
	char path[1024], rel[1024];
	struct dirent *e;
	struct stat st;
	DIR *d;

	snprintf(path, sizeof path, "%s%s%s", root, sub[0] ? "/" : "", sub);
	d = opendir(path);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char full[2100];
		if (e->d_name[0] == '.')
			continue;
		snprintf(rel, sizeof rel, "%s%s%s", sub, sub[0] ? "/" : "", e->d_name);
		snprintf(full, sizeof full, "%s/%s", root, rel);
		if (stat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			vector_dir(root, rel);
		else if (S_ISREG(st.st_mode))
			vector_file(full, rel);
	}
	closedir(d);
}

int
main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: gen_seeds OUTDIR [VECTORS_DIR]\n");
		return 2;
	}
	outdir = argv[1];
	mkdirs(outdir);
	pdus();
	controls();
	engine_seeds();
	if (argc == 3)
		vector_dir(argv[2], "");
	printf("gen_seeds: %u seed files in %s\n", written, outdir);
	return 0;
}
