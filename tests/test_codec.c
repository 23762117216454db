/*
 * test_codec.c -- the PDU codec: exact encodings of every PDU type, and
 * every way the spec says an encoding must be rejected, with its error code
 * and offset (REQ-ENC-001..018, REQ-LIM-001, REQ-LIM-003).
 *
 * The expected octets below were derived by hand from X.690 (DER) and the
 * module's AUTOMATIC TAGS: context tag [n] is 0x80+n for a primitive
 * component, 0xA0+n for a constructed one, and a CHOICE component gets an
 * explicit [n] around the alternative's own TLV.
 */
#include <stdlib.h>
#include <string.h>
#include "msa.h"
#include "internal.h"
#include "tf.h"
#include "derb.h"

#include "MsaPdu.h"
#include "KeyUpdate.h"
#include "RekeyRequest.h"
#include "RekeyResponse.h"
#include "ReleaseRequest.h"
#include "ReleaseResponse.h"
#include "Abort.h"
#include "HandshakeInit.h"
#include "constr_SEQUENCE_OF.h"

static void test_asn1_alloc(void);

static msa_arena arena;

/* ------------------------------------------------------- descriptor graph */

/* The assumption of the proof of codec.c's pre-pass (proofs/README.md,
 * `pre_wf` in src/asn_value.h): every descriptor reachable from a type that
 * msa_value_decode is given has non-negative counts, its tables present
 * (and read in full, so that the ASan build would catch one shorter than
 * its count), a SEQUENCE OF has its member, every member has a type, the
 * type and its members have names (print.c's type_name, member_name), and
 * the graph has no cycle (pre_wf is the least such predicate: a member path
 * longer than the number of descriptors would be a cycle). */
#define WF_MAX_PATH 64

static unsigned wf_nodes;
static volatile unsigned long wf_sink;   /* the reads are the point */

static int
td_wf(const asn_TYPE_descriptor_t *td, unsigned path)
{
	unsigned long sum = 0;
	int i;

	if (td == NULL || path > WF_MAX_PATH)
		return 0;
	wf_nodes++;
	if (td->elements_count < 0 || td->tags_count < 0 || td->all_tags_count < 0)
		return 0;
	if ((td->elements_count > 0 && td->elements == NULL)
		|| (td->tags_count > 0 && td->tags == NULL)
		|| (td->all_tags_count > 0 && td->all_tags == NULL))
		return 0;
	if (td->ber_decoder == SEQUENCE_OF_decode_ber && td->elements_count < 1)
		return 0;
	/* print.c's type_name and member_name: the names are strings */
	if (td->name == NULL)
		return 0;
	sum += strlen(td->name);
	for (i = 0; i < td->elements_count; i++) {
		if (td->elements[i].name == NULL)
			return 0;
		sum += strlen(td->elements[i].name);
	}
	for (i = 0; i < td->tags_count; i++)
		sum += td->tags[i];
	for (i = 0; i < td->all_tags_count; i++)
		sum += td->all_tags[i];
	for (i = 0; i < td->elements_count; i++) {
		sum += (unsigned long)td->elements[i].tag + (unsigned long)td->elements[i].optional
			+ (unsigned long)td->elements[i].tag_mode;
		if (!td_wf(td->elements[i].type, path + 1u))
			return 0;
	}
	wf_sink += sum;
	return 1;
}

static void
test_descriptors(const char *when)
{
	static const asn_TYPE_descriptor_t *const top[] = { &asn_DEF_MsaPdu,
		&asn_DEF_KeyUpdate, &asn_DEF_RekeyRequest, &asn_DEF_RekeyResponse,
		&asn_DEF_ReleaseRequest, &asn_DEF_ReleaseResponse, &asn_DEF_Abort };
	size_t k;

	for (k = 0; k < sizeof top / sizeof top[0]; k++) {
		wf_nodes = 0;
		TF_CHECK(td_wf(top[k], 0), "descriptor graph of %s (%s): pre_wf", top[k]->name, when);
		TF_CHECK(wf_nodes > 1, "descriptor graph of %s walked", top[k]->name);
	}
}

/* td_wf can fail: a copy of a real descriptor passes, and each way of
 * breaking pre_wf, applied to the copy, makes it fail (a check that
 * accepted everything would pass test_descriptors too). */
#define WF_MEMBERS_MAX 16

static void
wf_mutant(const asn_TYPE_descriptor_t *m, int want, const char *what)
{
	TF_CHECK(td_wf(m, 0) == want, "td_wf on %s: %d, want %d", what, !want, want);
}

static void
test_descriptor_check_fails(void)
{
	const asn_TYPE_descriptor_t *seq = &asn_DEF_HandshakeInit, *sof = NULL;
	asn_TYPE_descriptor_t m, child;
	asn_TYPE_member_t mem[WF_MEMBERS_MAX], cmem[WF_MEMBERS_MAX];
	size_t nb = (size_t)seq->elements_count * sizeof mem[0];
	int i;

	for (i = 0; i < seq->elements_count && sof == NULL; i++)
		if (seq->elements[i].type->ber_decoder == SEQUENCE_OF_decode_ber)
			sof = seq->elements[i].type;
	TF_CHECK(sof != NULL && seq->elements_count <= WF_MEMBERS_MAX
		&& sof->elements_count <= WF_MEMBERS_MAX, "HandshakeInit has a SEQUENCE OF member");
	if (sof == NULL || seq->elements_count > WF_MEMBERS_MAX
		|| sof->elements_count > WF_MEMBERS_MAX)
		return;
#define WF_FRESH() do { m = *seq; memcpy(mem, seq->elements, nb); m.elements = mem; } while (0)
	WF_FRESH();
	wf_mutant(&m, 1, "an unchanged copy of HandshakeInit");
	WF_FRESH(); m.elements_count = -1;
	wf_mutant(&m, 0, "a negative elements_count");
	WF_FRESH(); m.tags_count = -1;
	wf_mutant(&m, 0, "a negative tags_count");
	WF_FRESH(); m.all_tags_count = -1;
	wf_mutant(&m, 0, "a negative all_tags_count");
	WF_FRESH(); m.elements = NULL;
	wf_mutant(&m, 0, "members counted, no table");
	WF_FRESH(); m.tags = NULL;
	wf_mutant(&m, 0, "tags counted, no table");
	WF_FRESH(); m.all_tags = NULL;
	wf_mutant(&m, 0, "all_tags counted, no table");
	WF_FRESH(); mem[0].type = NULL;
	wf_mutant(&m, 0, "a member without a type");
	WF_FRESH(); m.name = NULL;
	wf_mutant(&m, 0, "a type without a name");
	WF_FRESH(); mem[0].name = NULL;
	wf_mutant(&m, 0, "a member without a name");
	WF_FRESH(); mem[seq->elements_count - 1].type = &m;
	wf_mutant(&m, 0, "a member whose type is the descriptor itself (a cycle)");
	/* a member's type broken one level down */
	WF_FRESH();
	child = *sof;
	memcpy(cmem, sof->elements, (size_t)sof->elements_count * sizeof cmem[0]);
	child.elements = cmem;
	for (i = 0; i < seq->elements_count; i++)
		if (mem[i].type == sof)
			mem[i].type = &child;
	wf_mutant(&m, 1, "HandshakeInit with a copy of its SEQUENCE OF");
	child.elements_count = 0;
	wf_mutant(&child, 0, "a SEQUENCE OF without its member");
	wf_mutant(&m, 0, "HandshakeInit whose SEQUENCE OF has no member");
#undef WF_FRESH
}

/* ---------------------------------------------------------------- helpers */

/* Decodes s as td; on success checks the canonical re-encoding is s.
 * Consumes s (the decoded value lives in the arena, not in s). */
static void *
dec_ok(const asn_TYPE_descriptor_t *td, seg *s, const char *what)
{
	static uint8_t out[MSA_MAX_PDU];
	size_t off = 12345;
	void *v = NULL;
	int r, n;

	msa_arena_reset(&arena);
	r = msa_value_decode(&arena, td, s->d, s->n, &v, &off);
	TF_CHECK(r == MSA_OK && v != NULL, "%s: decode failed: %s at %zu", what, msa_err_name(r), off);
	if (r == MSA_OK) {
		n = msa_value_encode(td, v, out, sizeof out);
		TF_CHECK(n == (int)s->n && memcmp(out, s->d, s->n) == 0,
			"%s: re-encoding differs (%d vs %zu octets)", what, n, s->n);
	}
	free(s);
	return r == MSA_OK ? v : NULL;
}

/* Decoding s as td fails with err at offset off (off < 0: any offset
 * inside the input). Consumes s. */
static void
dec_err(const asn_TYPE_descriptor_t *td, seg *s, int err, long off, const char *what)
{
	size_t eo = 99999;
	void *v = (void *)1;
	int r;

	msa_arena_reset(&arena);
	r = msa_value_decode(&arena, td, s->d, s->n, &v, &eo);
	TF_CHECK(r == err, "%s: got %s, want %s", what, msa_err_name(r), msa_err_name(err));
	TF_CHECK(v == NULL, "%s: value returned on failure", what);
	if (off >= 0)
		TF_CHECK((long)eo == off, "%s: error offset %zu, want %ld", what, eo, off);
	else
		TF_CHECK(eo < s->n || (s->n == 0 && eo == 0), "%s: offset %zu outside input of %zu", what, eo, s->n);
	TF_CHECK(arena.used == 0, "%s: arena not rolled back (%zu used)", what, arena.used);
	free(s);
}

/* Encodes the C value v of type td; compares with the expected octets. */
static void
enc_eq(const asn_TYPE_descriptor_t *td, const void *v, seg *want, const char *what)
{
	static uint8_t out[MSA_MAX_PDU];
	int n = msa_value_encode(td, v, out, sizeof out);

	TF_CHECK(n == (int)want->n, "%s: encoded %d octets, want %zu (%s)", what, n, want->n,
		n < 0 ? msa_err_name(n) : "");
	if (n == (int)want->n)
		TF_EQ_MEM(out, want->d, want->n, what);
	/* One octet less of room must fail cleanly (REQ-ENC-016 for the encoder;
	 * BUFFER_TOO_SMALL: REQ-ENC-019, REQ-IMPL-004). */
	if (want->n > 0) {
		n = msa_value_encode(td, v, out, want->n - 1);
		TF_EQ_INT(n, MSA_ERR_BUFFER_TOO_SMALL, "encode into a buffer one octet short");
	}
	free(want);
}

static void
os(OCTET_STRING_t *o, const uint8_t *b, size_t n)
{
	o->buf = (uint8_t *)(uintptr_t)b;
	o->size = (int)n;
}

static const struct asn_TYPE_descriptor_s *PDU = &asn_DEF_MsaPdu;

/* ------------------------------------------------ the known values */

/* HandshakeInit: version 1, initiatorAid aabbccdd, suites {1, 0x11}, one
 * X25519 share of 32 x 0x11, nonce 32 x 0x22, no optional components. */
#define HS_INIT \
	"a05c 800101 8104aabbccdd a206 020101 020111" \
	" a327 3025 800101 8120 11*32 8420 22*32"

/* HandshakeResp: body {1, aabbccdd, 11223344, suite 1, share of 32 x 0x33,
 * nonce 44.., credential reference 55..., ownRefKnown FALSE}, signature 70
 * x 0x66, mac 32 x 0x77. The body is 130 octets: long-form length 81 82. */
#define HS_RESP \
	"a181ef a08182 800101 8104aabbccdd 820411223344 830101" \
	" a425 800101 8120 33*32  8520 44*32  a622 8120 55*32  870100" \
	" 8146 66*70  8220 77*32"

/* HandshakeFinish: body {11223344, credential chain of one 3-octet
 * "certificate" 010203}, signature 8 x 0x88, mac 32 x 0x99. */
#define HS_FINISH \
	"a23d a00f 800411223344 a107 a005 0403010203  8108 88*8  8220 99*32"

/* HandshakeReject: destAid 01020304, badMac(13). */
#define HS_REJECT "a309 800401020304 81010d"

/* ProtectedPdu: header {11223344, appData, generation 0, seq 5}, body
 * "abc", icv 16 x 0xaa. */
#define PROT "a428 a00f 800411223344 810100 820100 830105  8103616263  8210 aa*16"

static void
test_known_values(void)
{
	MsaPdu_t *p;
	void *v;

	/* REQ-ENC-001: each PDU type decodes, re-encodes to the same octets */
	p = dec_ok(PDU, RAW(HS_INIT), "HandshakeInit");
	if (p) {
		HandshakeInit_t *h = &p->choice.handshakeInit;
		TF_EQ_INT(p->present, MsaPdu_PR_handshakeInit, "init: alternative");
		TF_EQ_INT(h->version, 1, "init: version");
		TF_EQ_INT(h->suites.list.count, 2, "init: suites");
		TF_EQ_INT(*h->suites.list.array[1], 0x11, "init: suite 2");
		TF_EQ_INT(h->keyShares.list.array[0]->keyExchange.size, 32, "init: share length");
		TF_CHECK(h->responderName == NULL && h->peerCertRef == NULL && h->ownCertRef == NULL,
			"init: no optional components");
	}
	p = dec_ok(PDU, RAW(HS_RESP), "HandshakeResp");
	if (p) {
		RespBody_t *b = &p->choice.handshakeResp.body;
		TF_EQ_INT(b->suite, 1, "resp: suite");
		TF_EQ_INT(b->credential.present, Credential_PR_reference, "resp: reference");
		TF_EQ_INT(p->choice.handshakeResp.signature.size, 70, "resp: signature length");
		TF_EQ_INT(b->ownRefKnown, 0, "resp: ownRefKnown");
	}
	p = dec_ok(PDU, RAW(HS_FINISH), "HandshakeFinish");
	if (p) {
		FinishBody_t *b = &p->choice.handshakeFinish.body;
		TF_EQ_INT(b->credential.present, Credential_PR_chain, "finish: chain");
		TF_EQ_INT(b->credential.choice.chain.list.count, 1, "finish: one certificate");
	}
	p = dec_ok(PDU, RAW(HS_REJECT), "HandshakeReject");
	if (p)
		TF_EQ_INT(p->choice.handshakeReject.diagnostic, Diagnostic_badMac, "reject: diagnostic");
	p = dec_ok(PDU, RAW(PROT), "ProtectedPdu");
	if (p) {
		RecordHeader_t *h = &p->choice.protected.header;
		TF_EQ_INT(h->seq, 5, "prot: seq");
		TF_EQ_INT(h->type, ContentType_appData, "prot: type");
		TF_EQ_INT(p->choice.protected.body.size, 3, "prot: body");
	}
	v = dec_ok(&asn_DEF_KeyUpdate, RAW("3003 8001ff"), "KeyUpdate");
	if (v)
		TF_CHECK(((KeyUpdate_t *)v)->updateRequested != 0, "keyupdate: requested");
	dec_ok(&asn_DEF_RekeyRequest, RAW("3027 a025 800101 8120 33*32"), "RekeyRequest");
	dec_ok(&asn_DEF_RekeyResponse, RAW("3048 a046 800102 8141 04 55*64"), "RekeyResponse (P-256 share)");
	dec_ok(&asn_DEF_ReleaseRequest, RAW("3003 800100"), "ReleaseRequest");
	dec_ok(&asn_DEF_ReleaseResponse, RAW("3003 800102"), "ReleaseResponse idle");
	v = dec_ok(&asn_DEF_Abort, RAW("3007 80010d 81026869"), "Abort");
	if (v)
		TF_EQ_INT(((Abort_t *)v)->detail->size, 2, "abort: detail");
	/* All optional components present. */
	dec_ok(PDU, RAW("a081ae 800101 8104aabbccdd a206 020101 020111 a327 3025 800101 8120 11*32"
		" 8420 22*32 850c 75726e3a6d73613a61653a72 8620 01*32 8720 02*32"), "HandshakeInit, all optionals");
	/* REQ-ENC-014: an unknown Diagnostic is accepted (means unspecified). */
	dec_ok(PDU, RAW("a309 800401020304 81017f"), "reject with unknown diagnostic 127");
	/* seq at its maximum, 2^32 - 1 (five content octets, leading zero). */
	dec_ok(PDU, RAW("a42c a013 800411223344 810100 820100 830500ffffffff 8103616263 8210 aa*16"),
		"seq = 4294967295");
}

/* Encoding: C values built field by field encode to the same octets. */
static void
test_encode(void)
{
	static const uint8_t aid[4] = { 1, 2, 3, 4 }, aid2[4] = { 0x11, 0x22, 0x33, 0x44 };
	static const uint8_t abc[3] = { 'a', 'b', 'c' }, hi[2] = { 'h', 'i' };
	static uint8_t icv[16], share[32], nonce[32];
	static long s1 = 1, s2 = 0x11;
	MsaPdu_t p;
	KeyShare_t ks;
	KeyShare_t *ksp[1] = { &ks };
	long *suites[2] = { &s1, &s2 };
	static const uint8_t aid3[4] = { 0xaa, 0xbb, 0xcc, 0xdd };
	KeyUpdate_t ku;
	Abort_t ab;
	UTF8String_t det;

	memset(icv, 0xaa, sizeof icv);
	memset(share, 0x11, sizeof share);
	memset(nonce, 0x22, sizeof nonce);

	memset(&p, 0, sizeof p);
	p.present = MsaPdu_PR_handshakeReject;
	os(&p.choice.handshakeReject.destAid, aid, 4);
	p.choice.handshakeReject.diagnostic = Diagnostic_badMac;
	enc_eq(PDU, &p, RAW(HS_REJECT), "encode HandshakeReject");

	memset(&p, 0, sizeof p);
	p.present = MsaPdu_PR_protected;
	os(&p.choice.protected.header.assocId, aid2, 4);
	p.choice.protected.header.type = ContentType_appData;
	p.choice.protected.header.seq = 5;
	os(&p.choice.protected.body, abc, 3);
	os(&p.choice.protected.icv, icv, 16);
	enc_eq(PDU, &p, RAW(PROT), "encode ProtectedPdu");

	memset(&p, 0, sizeof p);
	memset(&ks, 0, sizeof ks);
	p.present = MsaPdu_PR_handshakeInit;
	p.choice.handshakeInit.version = 1;
	os(&p.choice.handshakeInit.initiatorAid, aid3, 4);
	p.choice.handshakeInit.suites.list.array = suites;
	p.choice.handshakeInit.suites.list.count = p.choice.handshakeInit.suites.list.size = 2;
	ks.group = 1;
	os(&ks.keyExchange, share, 32);
	p.choice.handshakeInit.keyShares.list.array = ksp;
	p.choice.handshakeInit.keyShares.list.count = p.choice.handshakeInit.keyShares.list.size = 1;
	os(&p.choice.handshakeInit.nonce, nonce, 32);
	enc_eq(PDU, &p, RAW(HS_INIT), "encode HandshakeInit");

	/* The encoder refuses what a receiver must reject (REQ-ENC-012/013),
	 * with ENCODE (REQ-ENC-019). */
	{
		uint8_t out[64];
		p.choice.handshakeInit.version = 0;
		TF_EQ_INT(msa_pdu_encode(&p, out, sizeof out), MSA_ERR_ENCODE, "encode version 0");
		p.choice.handshakeInit.version = 1;
		p.choice.handshakeInit.nonce.size = 31;
		TF_EQ_INT(msa_pdu_encode(&p, out, sizeof out), MSA_ERR_ENCODE, "encode 31-octet nonce");
		memset(&p, 0, sizeof p);
		p.present = MsaPdu_PR_protected;
		os(&p.choice.protected.header.assocId, aid2, 4);
		p.choice.protected.header.seq = 0x100000000ul;
		os(&p.choice.protected.body, abc, 3);
		os(&p.choice.protected.icv, icv, 16);
		TF_EQ_INT(msa_pdu_encode(&p, out, sizeof out), MSA_ERR_ENCODE, "encode seq 2^32");
		p.choice.protected.header.seq = 0;
		p.choice.protected.header.type = 7;
		TF_EQ_INT(msa_pdu_encode(&p, out, sizeof out), MSA_ERR_ENCODE, "encode unknown content type");
	}

	memset(&ku, 0, sizeof ku);
	ku.updateRequested = 1;
	enc_eq(&asn_DEF_KeyUpdate, &ku, RAW("3003 8001ff"), "encode KeyUpdate TRUE");
	ku.updateRequested = 0;
	enc_eq(&asn_DEF_KeyUpdate, &ku, RAW("3003 800100"), "encode KeyUpdate FALSE");

	memset(&ab, 0, sizeof ab);
	ab.diagnostic = Diagnostic_badMac;
	os(&det, hi, 2);
	ab.detail = &det;
	enc_eq(&asn_DEF_Abort, &ab, RAW("3007 80010d 81026869"), "encode Abort");
}

/* ------------------------------------------------ the DER gate's rules */

static void
test_der_rules(void)
{
	/* REQ-ENC-003: long form for a short length, outer and inner */
	dec_err(PDU, RAW("a38109 800401020304 81010d"), MSA_ERR_DER_LENGTH_NOT_MINIMAL, 1, "outer long-form length");
	dec_err(PDU, RAW("a30a 80810401020304 81010d"), MSA_ERR_DER_LENGTH_NOT_MINIMAL, 3, "inner long-form length");
	dec_err(PDU, RAW("a3820009 800401020304 81010d"), MSA_ERR_DER_LENGTH_NOT_MINIMAL, 1, "length with leading zero octet");
	dec_err(PDU, RAW("a383000009 800401020304 81010d"), MSA_ERR_DER_LENGTH_TOO_LONG, 1, "three length octets");
	dec_err(PDU, RAW("a3ff"), MSA_ERR_DER_LENGTH_TOO_LONG, 1, "reserved length octet 0xff");
	/* REQ-ENC-002 */
	dec_err(PDU, RAW("a380 800401020304 81010d 0000"), MSA_ERR_DER_INDEFINITE_LENGTH, 1, "indefinite length");
	/* REQ-ENC-008 */
	dec_err(PDU, RAW(HS_REJECT "00"), MSA_ERR_DER_TRAILING_BYTES, 11, "one trailing octet");
	dec_err(PDU, RAW(HS_REJECT HS_REJECT), MSA_ERR_DER_TRAILING_BYTES, 11, "two PDUs in one input");
	dec_err(PDU, RAW("a37f 800401020304"), MSA_ERR_DER_TRUNCATED, 0, "length beyond the buffer");
	dec_err(PDU, RAW("a309 800a01020304 81010d"), MSA_ERR_DER_TRUNCATED, 2, "inner TLV past its parent");
	dec_err(PDU, RAW(""), MSA_ERR_DER_TRUNCATED, 0, "empty input");
	dec_err(PDU, RAW("a3"), MSA_ERR_DER_TRUNCATED, 0, "one octet");
	/* REQ-ENC-004 */
	dec_err(PDU, RAW("bf2000"), MSA_ERR_DER_TAG_FORM, 0, "high-tag-number form");
	dec_err(PDU, RAW("a309 800401020304 9f0d00"), MSA_ERR_DER_TAG_FORM, 8, "inner high-tag-number form");
	dec_err(PDU, RAW("0000"), MSA_ERR_DER_TAG_FORM, 0, "end-of-contents as a PDU");
	/* REQ-ENC-006: non-minimal INTEGER, universal (suites) and implicit (version) */
	dec_err(PDU, RAW("a05d 800101 8104aabbccdd a207 02020001 020111"
		" a327 3025 800101 8120 11*32 8420 22*32"), MSA_ERR_DER_INTEGER_NOT_MINIMAL, 13, "suite 0001");
	dec_err(PDU, RAW("a05d 80020001 8104aabbccdd a206 020101 020111"
		" a327 3025 800101 8120 11*32 8420 22*32"), MSA_ERR_DER_INTEGER_NOT_MINIMAL, 2, "version 0001 behind [0]");
	dec_err(PDU, RAW("a30a 800401020304 8102000d"), MSA_ERR_DER_INTEGER_NOT_MINIMAL, 8, "ENUMERATED 000d");
	dec_err(PDU, RAW("a42d a014 800411223344 810100 820100 83060000ffffffff 8103616263 8210 aa*16"),
		MSA_ERR_DER_INTEGER_NOT_MINIMAL, 16, "seq with two leading zeros");
	dec_err(PDU, RAW("a05c 800101 8104aabbccdd a206 020101 0201ff a327 3025 800101 8120 11*32 8420 22*32"),
		MSA_ERR_CONSTRAINT, 16, "negative suite id");
	dec_err(PDU, RAW("a05b 800101 8104aabbccdd a205 020101 0200"
		" a327 3025 800101 8120 11*32 8420 22*32"), MSA_ERR_DER_EMPTY_INTEGER, 16, "empty INTEGER");
	/* REQ-ENC-007 (offsets: the tag octet, REQ-ENC-017) */
	dec_err(&asn_DEF_KeyUpdate, RAW("3003 800101"), MSA_ERR_DER_BOOLEAN, 2, "BOOLEAN 01");
	dec_err(&asn_DEF_KeyUpdate, RAW("3004 80020000"), MSA_ERR_DER_BOOLEAN, 2, "BOOLEAN of two octets");
	dec_err(&asn_DEF_KeyUpdate, RAW("3003 010101"), MSA_ERR_DER_BOOLEAN, 2, "universal BOOLEAN 01");
	/* REQ-ENC-005: constructed OCTET STRING (the nonce, two pieces of 16) */
	dec_err(PDU, RAW("a060 800101 8104aabbccdd a206 020101 020111 a327 3025 800101 8120 11*32"
		" a424 0410 22*16 0410 22*16"), MSA_ERR_DER_CONSTRUCTED_FORM, 60, "constructed nonce");
	dec_err(PDU, RAW("a30b a0060404 01020304 81010d"), MSA_ERR_DER_CONSTRUCTED_FORM, 2, "constructed destAid");
	dec_err(PDU, RAW("a309 800401020304 21010d"), MSA_ERR_DER_CONSTRUCTED_FORM, 8, "constructed universal BOOLEAN");
	dec_err(&asn_DEF_KeyUpdate, RAW("1003 8001ff"), MSA_ERR_DER_CONSTRUCTED_FORM, 0, "primitive SEQUENCE");
	/* REQ-ENC-005..007 for context tags (the schema-aware part of layer 1),
	 * reported at the tag octet (REQ-ENC-017) */
	dec_err(&asn_DEF_KeyUpdate, RAW("3005 a0030101ff"), MSA_ERR_DER_CONSTRUCTED_FORM, 2, "constructed [0] BOOLEAN");
	dec_err(&asn_DEF_KeyUpdate, RAW("3002 8000"), MSA_ERR_DER_BOOLEAN, 2, "empty [0] BOOLEAN");
	dec_err(&asn_DEF_KeyUpdate, RAW("3004 8002ffff"), MSA_ERR_DER_BOOLEAN, 2, "[0] BOOLEAN ff ff");
	dec_err(&asn_DEF_ReleaseRequest, RAW("3002 8000"), MSA_ERR_DER_EMPTY_INTEGER, 2, "empty [0] ENUMERATED");
	dec_err(&asn_DEF_ReleaseRequest, RAW("3005 a0030a0100"), MSA_ERR_DER_CONSTRUCTED_FORM, 2, "constructed [0] ENUMERATED");
	dec_err(&asn_DEF_RekeyRequest, RAW("3026 a024 8000 8120 11*32"), MSA_ERR_DER_EMPTY_INTEGER, 4, "empty group in a [0] KeyShare");
	dec_err(&asn_DEF_RekeyRequest, RAW("3027 8025 800101 8120 11*32"), MSA_ERR_DER_CONSTRUCTED_FORM, 2, "primitive [0] KeyShare");
	dec_err(PDU, RAW("8003 020101"), MSA_ERR_DER_CONSTRUCTED_FORM, 0, "primitive [0] HandshakeInit");
	/* REQ-ENC-018: layer 1 anywhere before layer 3 anywhere, layer 3 before 4 */
	dec_err(PDU, RAW("a059 80020001 8103010203 a203020101 a327 3025 800101 8120 11*32 8420 22*32"),
		MSA_ERR_DER_INTEGER_NOT_MINIMAL, 2, "non-minimal version before a short initiatorAid");
	dec_err(PDU, RAW("a42a a011 800411223344 810109 8203011170 830105 8103 209ba1 8210 aa*16"),
		MSA_ERR_CONSTRAINT, 13, "unknown type before a generation out of range");
	dec_err(PDU, RAW("a42d a014 800411223344 810100 82020000 83050200000000 8103 209ba1 8210 aa*16"),
		MSA_ERR_DER_INTEGER_NOT_MINIMAL, 13, "non-minimal generation before a seq out of range");
	/* REQ-ENC-009: nesting deeper than 8 */
	{
		seg *s = RAW("0401ff");
		int i;
		for (i = 0; i < 9; i++)
			s = NEST(0x30, s);
		dec_err(&asn_DEF_KeyUpdate, s, MSA_ERR_DER_NESTING_TOO_DEEP, 8 * 2, "nesting of 9");
		/* level 9 (depth 8) is too deep for any TLV, primitive or empty */
		s = RAW("0401ff");
		for (i = 0; i < 8; i++)
			s = NEST(0x30, s);
		dec_err(&asn_DEF_KeyUpdate, s, MSA_ERR_DER_NESTING_TOO_DEEP, 8 * 2, "primitive at level 9");
		s = RAW("3000");
		for (i = 0; i < 8; i++)
			s = NEST(0x30, s);
		dec_err(&asn_DEF_KeyUpdate, s, MSA_ERR_DER_NESTING_TOO_DEEP, 8 * 2, "empty SEQUENCE at level 9");
		s = RAW("0401ff");
		for (i = 0; i < 7; i++)
			s = NEST(0x30, s);
		dec_err(&asn_DEF_KeyUpdate, s, MSA_ERR_SCHEMA, 0, "primitive at level 8 passes the gate");
		s = RAW("");
		for (i = 0; i < 2000; i++)
			s = NEST(0xa0, s);
		dec_err(PDU, s, MSA_ERR_DER_NESTING_TOO_DEEP, -1, "nesting bomb of 2000");
	}
	/* REQ-ENC-010 / REQ-LIM-001: larger than MSA_MAX_PDU */
	{
		seg *s = C(0xa4, 3, C(0xa0, 4, RAW("800411223344"), RAW("810100"), RAW("820100"), RAW("830100")),
			FILL(0x81, 0, 16384), FILL(0x82, 0xaa, 16));
		TF_CHECK(s->n <= MSA_MAX_PDU, "largest protected PDU fits in MSA_MAX_PDU (%zu)", s->n);
		dec_ok(PDU, s, "ProtectedPdu with a 16384-octet body");
		s = C(0xa4, 1, FILL(0x81, 0, MSA_MAX_PDU));
		dec_err(PDU, s, MSA_ERR_DER_TOO_LARGE, 0, "PDU over MSA_MAX_PDU");
	}
}

/* ------------------------------------------------ schema and values */

static seg *
init_with(seg *suites, seg *shares, seg *nonce, seg *aid, seg *ver, seg *extra)
{
	seg *s = C(0xa0, 5, ver ? ver : RAW("800101"), aid ? aid : RAW("8104aabbccdd"),
		suites ? suites : RAW("a206 020101 020111"),
		shares ? shares : RAW("a327 3025 800101 8120 11*32"),
		nonce ? nonce : FILL(0x84, 0x22, 32));
	if (extra != NULL) {
		/* re-wrap with the extra component appended */
		seg *inner = RAW("");
		size_t hl = s->d[1] < 0x80 ? 2u : 2u + (s->d[1] & 0x7fu);
		free(inner);
		inner = malloc(sizeof *inner + s->n + extra->n);
		inner->n = s->n - hl + extra->n;
		memcpy(inner->d, s->d + hl, s->n - hl);
		memcpy(inner->d + s->n - hl, extra->d, extra->n);
		free(s);
		free(extra);
		s = P(0xa0, inner->d, inner->n);
		free(inner);
	}
	return s;
}

static seg *
suites_n(int n)
{
	seg *s = RAW("");
	int i;
	for (i = 0; i < n; i++)
		s = CAT(2, s, INT(0x02, 1 + i));
	return NEST(0xa2, s);
}

static seg *
shares_n(int n, size_t kx)
{
	seg *s = RAW("");
	int i;
	for (i = 0; i < n; i++)
		s = CAT(2, s, C(0x30, 2, INT(0x80, 1), FILL(0x81, 0x11, kx)));
	return NEST(0xa3, s);
}

static seg *
prot_with(seg *aid, long long type, long long gen, long long seq, size_t body, size_t icv)
{
	return C(0xa4, 3, C(0xa0, 4, aid ? aid : RAW("800411223344"), INT(0x81, type), INT(0x82, gen),
		INT(0x83, seq)), FILL(0x81, 0x61, body), FILL(0x82, 0xaa, icv));
}

static seg *
finish_chain(int ncerts, size_t certlen)
{
	seg *c = RAW("");
	int i;
	for (i = 0; i < ncerts; i++)
		c = CAT(2, c, FILL(0x04, 0x30, certlen));
	return C(0xa2, 3, C(0xa0, 2, RAW("800411223344"), NEST(0xa1, NEST(0xa0, c))),
		FILL(0x81, 0x88, 8), FILL(0x82, 0x99, 32));
}

static void
test_schema_and_values(void)
{
	/* REQ-ENC-011: unknown alternative of MsaPdu */
	dec_err(PDU, RAW("a500"), MSA_ERR_UNKNOWN_PDU, 0, "alternative [5]");
	dec_err(PDU, RAW("be00"), MSA_ERR_UNKNOWN_PDU, 0, "alternative [30]");
	dec_err(PDU, RAW("3000"), MSA_ERR_SCHEMA, 0, "a universal SEQUENCE as a PDU");
	dec_err(PDU, RAW("8300"), MSA_ERR_DER_CONSTRUCTED_FORM, 0, "a primitive [3] as a PDU (REQ-ENC-005)");
	dec_err(PDU, RAW("850100"), MSA_ERR_UNKNOWN_PDU, 0, "a primitive [5] as a PDU (REQ-ENC-011)");
	/* REQ-ENC-012: wrong tag, missing component, unknown CHOICE alternative;
	 * at the TLV the schema does not place, or the SEQUENCE missing one (REQ-ENC-017) */
	dec_err(PDU, RAW("a309 850401020304 81010d"), MSA_ERR_SCHEMA, 2, "destAid with tag [5]");
	dec_err(PDU, RAW("a306 800401020304"), MSA_ERR_SCHEMA, 0, "diagnostic missing");
	dec_err(PDU, RAW("a30c 800401020304 81010d 820578"), MSA_ERR_DER_TRUNCATED, -1, "detail runs past");
	dec_err(PDU, RAW("a23d a00f 800411223344 a107 a205 0403010203 8108 88*8 8220 99*32"),
		MSA_ERR_SCHEMA, 12, "credential alternative [2]");
	dec_err(PDU, RAW("a30c 800401020304 81010d 870178"), MSA_ERR_SCHEMA, 11, "unknown component [7]");

	/* REQ-ENC-012: every SIZE constraint, below and above */
	dec_err(PDU, init_with(NULL, NULL, NULL, FILL(0x81, 1, 3), NULL, NULL), MSA_ERR_CONSTRAINT, 5, "aid of 3");
	dec_err(PDU, init_with(NULL, NULL, NULL, FILL(0x81, 1, 5), NULL, NULL), MSA_ERR_CONSTRAINT, 5, "aid of 5");
	dec_err(PDU, init_with(NULL, NULL, FILL(0x84, 2, 31), NULL, NULL, NULL), MSA_ERR_CONSTRAINT, -1, "nonce of 31");
	dec_err(PDU, init_with(NULL, NULL, FILL(0x84, 2, 33), NULL, NULL, NULL), MSA_ERR_CONSTRAINT, -1, "nonce of 33");
	dec_err(PDU, init_with(suites_n(0), NULL, NULL, NULL, NULL, NULL), MSA_ERR_CONSTRAINT, 11, "no suite");
	dec_ok(PDU, init_with(suites_n(16), NULL, NULL, NULL, NULL, NULL), "16 suites");
	dec_err(PDU, init_with(suites_n(17), NULL, NULL, NULL, NULL, NULL), MSA_ERR_CONSTRAINT, 12, "17 suites");
	dec_err(PDU, init_with(NULL, shares_n(0, 32), NULL, NULL, NULL, NULL), MSA_ERR_CONSTRAINT, -1, "no share");
	dec_ok(PDU, init_with(NULL, shares_n(4, 32), NULL, NULL, NULL, NULL), "4 shares");
	dec_err(PDU, init_with(NULL, shares_n(5, 32), NULL, NULL, NULL, NULL), MSA_ERR_CONSTRAINT, -1, "5 shares");
	dec_err(PDU, init_with(NULL, shares_n(1, 0), NULL, NULL, NULL, NULL), MSA_ERR_CONSTRAINT, -1, "empty key share");
	dec_ok(PDU, init_with(NULL, shares_n(1, 1600), NULL, NULL, NULL, NULL), "key share of 1600");
	dec_err(PDU, init_with(NULL, shares_n(1, 1601), NULL, NULL, NULL, NULL), MSA_ERR_CONSTRAINT, -1, "key share of 1601");
	dec_err(PDU, init_with(NULL, NULL, NULL, NULL, NULL, FILL(0x85, 'a', 0)), MSA_ERR_CONSTRAINT, -1, "empty responderName");
	dec_ok(PDU, init_with(NULL, NULL, NULL, NULL, NULL, FILL(0x85, 'a', 255)), "responderName of 255");
	dec_err(PDU, init_with(NULL, NULL, NULL, NULL, NULL, FILL(0x85, 'a', 256)), MSA_ERR_CONSTRAINT, -1, "responderName of 256");
	dec_err(PDU, init_with(NULL, NULL, NULL, NULL, NULL, RAW("8502c328")), MSA_ERR_CONSTRAINT, -1, "responderName not UTF-8");
	dec_err(PDU, init_with(NULL, NULL, NULL, NULL, NULL, FILL(0x86, 1, 31)), MSA_ERR_CONSTRAINT, -1, "peerCertRef of 31");
	dec_err(PDU, init_with(NULL, NULL, NULL, NULL, NULL, FILL(0x87, 1, 33)), MSA_ERR_CONSTRAINT, -1, "ownCertRef of 33");
	/* REQ-LIM-004/005: certificates and chains */
	dec_ok(PDU, finish_chain(4, 2048), "chain of 4 certificates of 2048");
	dec_err(PDU, finish_chain(5, 100), MSA_ERR_CONSTRAINT, -1, "chain of 5");
	dec_err(PDU, finish_chain(0, 100), MSA_ERR_CONSTRAINT, -1, "empty chain");
	dec_err(PDU, finish_chain(1, 2049), MSA_ERR_CONSTRAINT, -1, "certificate of 2049");
	dec_err(PDU, finish_chain(1, 0), MSA_ERR_CONSTRAINT, -1, "empty certificate");
	/* signature and mac sizes */
	dec_err(PDU, RAW("a23c a00f 800411223344 a107 a005 0403010203 8107 88*7 8220 99*32"),
		MSA_ERR_CONSTRAINT, 19, "signature of 7");
	dec_err(PDU, C(0xa2, 3, RAW("a00f 800411223344 a107 a005 0403010203"), FILL(0x81, 1, 140), FILL(0x82, 2, 32)),
		MSA_ERR_CONSTRAINT, 20, "signature of 140");
	dec_err(PDU, RAW("a23c a00f 800411223344 a107 a005 0403010203 8108 88*8 821f 99*31"),
		MSA_ERR_CONSTRAINT, 29, "mac of 31");
	dec_err(PDU, C(0xa2, 3, RAW("a00f 800411223344 a107 a005 0403010203"), FILL(0x81, 1, 8), FILL(0x82, 2, 65)),
		MSA_ERR_CONSTRAINT, 29, "mac of 65");
	/* protected PDU: body and icv sizes, ranges */
	dec_err(PDU, prot_with(NULL, 0, 0, 0, 16385, 16), MSA_ERR_CONSTRAINT, -1, "body of 16385");
	dec_err(PDU, prot_with(NULL, 0, 0, 0, 3, 15), MSA_ERR_CONSTRAINT, -1, "icv of 15");
	dec_err(PDU, prot_with(NULL, 0, 0, 0, 3, 33), MSA_ERR_CONSTRAINT, -1, "icv of 33");
	dec_ok(PDU, prot_with(NULL, 0, 65535, 0, 0, 32), "generation 65535, empty body, icv of 32");
	dec_err(PDU, prot_with(NULL, 0, 65536, 0, 3, 16), MSA_ERR_CONSTRAINT, 13, "generation 65536");
	dec_err(PDU, prot_with(NULL, 0, -1, 0, 3, 16), MSA_ERR_CONSTRAINT, 13, "generation -1");
	/* REQ-ENC-013: seq range, which the generated code does not check */
	dec_err(PDU, prot_with(NULL, 0, 0, 0x100000000ll, 3, 16), MSA_ERR_VALUE_RANGE, 16, "seq 2^32");
	dec_err(PDU, prot_with(NULL, 0, 0, -1, 3, 16), MSA_ERR_VALUE_RANGE, 16, "seq -1");
	dec_err(PDU, prot_with(NULL, 0, 0, 0x7fffffffffffffffll, 3, 16), MSA_ERR_VALUE_RANGE, 16, "seq 2^63-1");
	dec_err(PDU, RAW("a431 a018 800411223344 810100 820100 830a 01 00*9 8103616263 8210 aa*16"),
		MSA_ERR_SCHEMA, -1, "seq of 10 octets (beyond asn1c's native integer)");
	/* REQ-ENC-014: unknown enumerations */
	dec_err(PDU, prot_with(NULL, 7, 0, 0, 3, 16), MSA_ERR_UNKNOWN_ENUM, 10, "content type 7");
	dec_err(PDU, prot_with(NULL, -1, 0, 0, 3, 16), MSA_ERR_UNKNOWN_ENUM, 10, "content type -1");
	dec_err(&asn_DEF_ReleaseRequest, RAW("3003 800103"), MSA_ERR_UNKNOWN_ENUM, 2, "release reason 3");
	/* version and other ranges */
	dec_err(PDU, init_with(NULL, NULL, NULL, NULL, RAW("800100"), NULL), MSA_ERR_CONSTRAINT, 2, "version 0");
	dec_err(PDU, init_with(NULL, NULL, NULL, NULL, RAW("80020100"), NULL), MSA_ERR_CONSTRAINT, 2, "version 256");
	dec_err(PDU, init_with(RAW("a205 0203010000"), NULL, NULL, NULL, NULL, NULL), MSA_ERR_CONSTRAINT, 13, "suite 65536");
	dec_err(PDU, init_with(NULL, RAW("a329 3027 8003010000 8120 11*32"), NULL, NULL, NULL, NULL),
		MSA_ERR_CONSTRAINT, 23, "group 65536");
	dec_err(&asn_DEF_Abort, C(0x30, 2, RAW("80010d"), FILL(0x81, 'x', 129)), MSA_ERR_CONSTRAINT, 6, "abort detail of 129");
	dec_ok(&asn_DEF_Abort, C(0x30, 2, RAW("80010d"), FILL(0x81, 'x', 128)), "abort detail of 128");
}

/* ------------------------------------------------ truncation, arena, frame */

static void
test_truncations(void)
{
	static const char *const valid[] = { HS_INIT, HS_RESP, HS_FINISH, HS_REJECT, PROT };
	size_t i, k;

	/* REQ-ENC-008, REQ-ENC-017: every prefix of every valid PDU is rejected
	 * with an offset inside it. */
	for (i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		seg *s = RAW(valid[i]);
		unsigned bad = 0;
		for (k = 0; k < s->n; k++) {
			size_t eo = 99999;
			void *v = NULL;
			int r;
			msa_arena_reset(&arena);
			r = msa_value_decode(&arena, PDU, s->d, k, &v, &eo);
			if (r == MSA_OK || v != NULL || (k > 0 && eo >= k) || arena.used != 0)
				bad++;
		}
		TF_EQ_INT(bad, 0, "truncations accepted or with a bad offset");
		/* ...and every single-octet corruption is either rejected or is
		 * a value that re-encodes to itself (never a crash, ASan watches). */
		for (k = 0; k < s->n; k++) {
			uint8_t save = s->d[k];
			static uint8_t out[MSA_MAX_PDU];
			void *v = NULL;
			int r;
			s->d[k] ^= 0x41;
			msa_arena_reset(&arena);
			r = msa_value_decode(&arena, PDU, s->d, s->n, &v, NULL);
			if (r == MSA_OK) {
				int n = msa_value_encode(PDU, v, out, sizeof out);
				if (n != (int)s->n || memcmp(out, s->d, s->n) != 0)
					bad++;
			}
			s->d[k] = save;
		}
		TF_EQ_INT(bad, 0, "a corrupted PDU accepted but not canonical");
		free(s);
	}
}

static void
test_arena(void)
{
	static unsigned char small[4096];
	msa_arena a;
	seg *s = RAW(HS_RESP);
	size_t sz, eo;
	void *v;
	int r, ok_at = -1;

	/* REQ-ENC-016: every arena size from nothing up; exhaustion is an error,
	 * never an overrun (ASan), and success comes once it is big enough. */
	for (sz = 16; sz <= sizeof small; sz += 16) {
		TF_CHECK(msa_arena_init(&a, small, sz) == MSA_OK || sz < 32, "arena init %zu", sz);
		if (sz < 32)
			continue;
		v = NULL;
		r = msa_value_decode(&a, PDU, s->d, s->n, &v, &eo);
		if (r == MSA_OK) {
			ok_at = (int)sz;
			TF_CHECK(a.high <= sz, "arena high-water %zu within %zu", a.high, sz);
			break;
		}
		TF_CHECK(r == MSA_ERR_ARENA_EXHAUSTED, "arena %zu: %s", sz, msa_err_name(r));
		TF_CHECK(a.used == 0, "arena %zu: rolled back", sz);
	}
	TF_CHECK(ok_at > 0, "HandshakeResp decodes in a %d-octet arena", ok_at);
	free(s);

	/* MSA_ARENA_PDU_SIZE holds the largest PDUs. */
	s = finish_chain(4, 2048);
	msa_arena_reset(&arena);
	r = msa_value_decode(&arena, PDU, s->d, s->n, &v, &eo);
	TF_CHECK(r == MSA_OK, "largest chain decodes in MSA_ARENA_PDU_SIZE: %s", msa_err_name(r));
	free(s);

	/* allocator basics */
	TF_EQ_INT(msa_arena_init(&a, NULL, 100), MSA_ERR_BAD_ARGUMENT, "arena on NULL");
	msa_arena_init(&a, small + 1, 64);
	TF_CHECK(((uintptr_t)a.base & 15u) == 0, "arena base aligned");
	{
		void *p1 = msa_arena_alloc(&a, 1), *p2 = msa_arena_alloc(&a, 1);
		TF_CHECK(p1 != NULL && p2 != NULL && p1 != p2, "two blocks");
		TF_CHECK(((uintptr_t)p2 & 15u) == 0, "blocks aligned");
		TF_CHECK(msa_arena_alloc(&a, a.cap) == NULL && a.fails == 1, "exhaustion counted");
	}
	test_asn1_alloc();
}

/* The allocator asn1c calls (src/arena.c, msa_asn1_*): a 16-octet header
 * before each block, realloc copies, free gives back the last block only
 * (wiped), nothing without an installed arena (proved in WP: blk_*; these
 * check the same through the entry points asn1c uses). */
static void
test_asn1_alloc(void)
{
	static unsigned char buf[512 + 16];
	msa_arena a, *prev;
	unsigned char *p, *q, *r;
	size_t used;
	int k, zero = 1;

	TF_CHECK(msa_asn1_malloc(8) == NULL, "no arena installed: malloc NULL");
	msa_arena_init(&a, buf, sizeof buf);
	prev = msa_arena_install(&a);
	p = msa_asn1_malloc(5);
	TF_CHECK(p != NULL && p == a.base + 16 && a.used == 32, "malloc: header + block, 16-aligned");
	memcpy(p, "hello", 5);
	q = msa_asn1_realloc(p, 40);
	TF_CHECK(q != NULL && q == a.base + 48 && memcmp(q, "hello", 5) == 0,
		"realloc: new block after the old, old octets copied");
	for (k = 5; k < 40; k++)
		zero &= q[k] == 0;
	TF_CHECK(zero, "realloc: the rest of the new block zero");
	used = a.used;
	msa_asn1_free(p);                 /* not the last block: kept */
	TF_CHECK(a.used == used, "free of an earlier block: nothing given back");
	msa_asn1_free(q);                 /* the last block: given back, wiped */
	TF_CHECK(a.used == 32, "free of the last block gives it back (used %zu)", a.used);
	zero = 1;
	for (k = 32; k < (int)used; k++)
		zero &= a.base[k] == 0;
	TF_CHECK(zero, "the given-back octets are wiped");
	r = msa_asn1_calloc(3, 4);
	TF_CHECK(r != NULL && r == a.base + 48 && r[0] == 0 && r[11] == 0, "calloc");
	TF_CHECK(msa_asn1_calloc(SIZE_MAX / 2, 3) == NULL, "calloc: product overflow is NULL");
	TF_CHECK(msa_asn1_malloc(SIZE_MAX - 8) == NULL, "malloc: size + header overflow is NULL");
	used = a.used;
	TF_CHECK(msa_asn1_malloc(a.cap) == NULL && a.used == used && a.fails == 1,
		"malloc past the arena: NULL, counted, nothing taken");
	TF_CHECK(msa_asn1_realloc(NULL, 16) == a.base + used + 16, "realloc(NULL) is malloc");
	msa_asn1_free(NULL);
	msa_arena_install(prev);
}

static void
test_frame(void)
{
	seg *s = RAW(HS_RESP);
	size_t n = 0, eo = 0, k;
	int bad = 0;

	/* REQ-ENC-010: the stream framer */
	for (k = 0; k < s->n; k++)
		if (msa_der_frame(s->d, k, &n, &eo) != 1)
			bad++;
	TF_EQ_INT(bad, 0, "every prefix asks for more");
	TF_EQ_INT(msa_der_frame(s->d, s->n, &n, &eo), MSA_OK, "whole PDU framed");
	TF_EQ_INT(n, s->n, "frame length");
	free(s);
	s = RAW(HS_REJECT HS_REJECT);
	TF_EQ_INT(msa_der_frame(s->d, s->n, &n, &eo), MSA_OK, "first of two framed");
	TF_EQ_INT(n, 11, "first PDU's length");
	free(s);
	s = RAW("a48241 01");       /* announces 16641 + 4 octets: refused from the header */
	TF_EQ_INT(msa_der_frame(s->d, s->n, &n, &eo), MSA_ERR_DER_TOO_LARGE, "oversize refused before buffering");
	free(s);
	s = RAW("a480");
	TF_EQ_INT(msa_der_frame(s->d, s->n, &n, &eo), MSA_ERR_DER_INDEFINITE_LENGTH, "frame: indefinite");
	free(s);
	s = RAW("a481");
	TF_EQ_INT(msa_der_frame(s->d, s->n, &n, &eo), 1, "frame: length octets pending");
	free(s);
	s = RAW("a4817f");
	TF_EQ_INT(msa_der_frame(s->d, s->n, &n, &eo), MSA_ERR_DER_LENGTH_NOT_MINIMAL, "frame: non-minimal");
	free(s);
	s = RAW("1f");
	TF_EQ_INT(msa_der_frame(s->d, s->n, &n, &eo), MSA_ERR_DER_TAG_FORM, "frame: high tag");
	free(s);
}

static void
test_print(void)
{
	char text[4096], tiny[16];
	seg *s = RAW(HS_RESP);
	MsaPdu_t *p = dec_ok(PDU, s, "print input");
	size_t n;

	if (p == NULL)
		return;
	n = msa_pdu_print(p, text, sizeof text);
	TF_CHECK(n > 0 && strncmp(text, "HandshakeResp\n", 14) == 0, "print: type first");
	TF_CHECK(strstr(text, "responderAid: 11223344") != NULL, "print: a field");
	TF_CHECK(strstr(text, "signature: (70 octets) 6666") != NULL, "print: long octet string");
	/* an inline IMPLICIT INTEGER prints as a number */
	s = RAW("a42b a012 800411223344 810100 820100 830401020304 8103616263 8210 aa*16");
	p = dec_ok(PDU, s, "print input (protected)");
	if (p != NULL) {
		n = msa_pdu_print(p, text, sizeof text);
		TF_CHECK(strstr(text, "seq: 16909060\n") != NULL, "print: seq as a number");
		TF_CHECK(strstr(text, "type: appData(0)\n") != NULL, "print: enumerated by name");
	}
	s = RAW("a30f 800401020304 81010d 820461626364");
	p = dec_ok(PDU, s, "print input (reject)");
	if (p != NULL) {
		n = msa_pdu_print(p, text, sizeof text);
		TF_CHECK(strstr(text, "detail: \"abcd\"\n") != NULL, "print: UTF8String as text");
	}
	n = msa_pdu_print(p, tiny, sizeof tiny);
	TF_CHECK(n == sizeof tiny - 1 && tiny[n] == '\0' && strcmp(tiny + n - 3, "...") == 0,
		"print: truncated output ends with ... and NUL");
}

/* msa_value_json: the JSON mapping of vectors/README.md (the adapter's
 * answers), exact for a record and a reject whose detail needs escapes. */
static void
test_json(void)
{
	char text[4096], tiny[12];
	seg *s = RAW("a42b a012 800411223344 810100 820100 830401020304 8103616263 8210 aa*16");
	MsaPdu_t *p = dec_ok(PDU, s, "json input (protected)");
	size_t n;

	if (p != NULL) {
		n = msa_value_json(&asn_DEF_MsaPdu, p, text, sizeof text);
		TF_CHECK(n == strlen(text) && strcmp(text, "{\"protected\":{\"header\":{\"assocId\":\"11223344\","
			"\"type\":\"appData\",\"generation\":0,\"seq\":16909060},\"body\":\"616263\","
			"\"icv\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}}") == 0, "json: a record: %s", text);
		n = msa_value_json(&asn_DEF_MsaPdu, p, tiny, sizeof tiny);
		TF_CHECK(n == sizeof tiny - 1 && strcmp(tiny + n - 3, "...") == 0, "json: cut with ... and NUL");
	}
	/* a detail with a quote, a backslash, a control octet, DEL and UTF-8 */
	s = RAW("a315 800401020304 81010d 820a 225c017f61c3a9 7a7a7a");
	p = dec_ok(PDU, s, "json input (reject)");
	if (p != NULL) {
		n = msa_value_json(&asn_DEF_MsaPdu, p, text, sizeof text);
		TF_CHECK(strstr(text, "\"detail\":\"\\\"\\\\\\u0001\\u007fa\xc3\xa9zzz\"") != NULL,
			"json: a detail escaped: %s", text);
	}
	TF_EQ_INT(msa_value_json(NULL, p, text, sizeof text), 0, "json: no type");
	TF_EQ_INT(msa_value_json(&asn_DEF_MsaPdu, p, text, 0), 0, "json: no room");
}

int
main(void)
{
	static unsigned char unaligned[MSA_ARENA_PDU_SIZE + 16];

	msa_arena_init(&arena, unaligned + 3, MSA_ARENA_PDU_SIZE);
	test_descriptors("before any decode");
	test_descriptor_check_fails();
	test_known_values();
	test_encode();
	test_der_rules();
	test_schema_and_values();
	test_truncations();
	test_arena();
	test_frame();
	test_print();
	test_json();
	test_descriptors("after decoding: asn1c patched the derived ones");
	TF_CHECK(strcmp(msa_err_name(MSA_ERR_DER_TRUNCATED), "DER_TRUNCATED") == 0, "error names");
	TF_CHECK(strcmp(msa_err_name(-9999), "UNKNOWN_ERROR") == 0, "unknown error name");
	return tf_done("test_codec");
}
