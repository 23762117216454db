/*
 * test_trace.c -- the facts the tool's trace line prints of a received PDU
 * (src/cli/trace.c, proved by WP to read only inside the decoded value):
 * their values, for each kind of PDU, against the PDU as built (a real
 * handshake, a HandshakeReject and records with known fields) and against
 * the decoded value itself.
 */
#include <stdlib.h>
#include <string.h>
#include "tf.h"
#include "forge.h"
#include "MsaPdu.h"
/* tool code, not in libmsa.a: compiled in */
#include "cli/trace.c"

static unsigned char ab[MSA_ARENA_PDU_SIZE];

/* pdu[0..n) decoded and its facts in *t: the decoded value, NULL when it
 * does not decode. */
static MsaPdu_t *
facts(const uint8_t *pdu, size_t n, cli_trace_facts *t)
{
	msa_arena ar;
	MsaPdu_t *p;
	size_t eo;

	msa_arena_init(&ar, ab, sizeof ab);
	if (msa_pdu_decode(&ar, pdu, n, &p, &eo) != MSA_OK)
		return NULL;
	memset(t, 0xA5, sizeof *t);          /* every field must be written */
	cli_trace_facts_of(p, t);
	return p;
}

static void
from_handshake(void)
{
	static party I, R;
	static fg_msgs m;
	cli_trace_facts t;
	MsaPdu_t *p;
	size_t k;

	TF_CHECK(fg_handshake(&I, &R, 0, &m) == 1, "handshake");
	p = facts(m.m[0], m.n[0], &t);
	TF_CHECK(p != NULL, "HandshakeInit decodes");
	if (p != NULL) {
		const HandshakeInit_t *h = &p->choice.handshakeInit;

		TF_EQ_INT(t.kind, MsaPdu_PR_handshakeInit, "Init: kind");
		TF_EQ_INT(t.aid_ok, 1, "Init: aid");
		TF_EQ_MEM(t.aid, I.a.own_aid, 4, "Init: the initiator's aid");
		TF_EQ_INT(t.n_suites, 7, "Init: the default offer's 7 suites");
		for (k = 0; k < t.n_suites && k < (size_t)h->suites.list.count; k++)
			TF_EQ_INT(t.suites[k], *h->suites.list.array[k], "Init: suite in order");
		TF_EQ_INT(t.n_groups, 2, "Init: two key shares");
		TF_EQ_INT(t.groups[0], MSA_GROUP_X25519, "Init: X25519 first");
		TF_EQ_INT(t.groups[1], MSA_GROUP_P256, "Init: P-256 second");
		TF_EQ_INT(t.has_text, h->responderName != NULL, "Init: responderName");
		if (t.has_text) {
			TF_CHECK(t.text == h->responderName->buf, "Init: the name inside the value");
			TF_EQ_INT(t.text_len, h->responderName->size, "Init: the name's length");
		}
		TF_EQ_INT(t.peer_ref, h->peerCertRef != NULL, "Init: peerCertRef");
		TF_EQ_INT(t.own_ref, h->ownCertRef != NULL, "Init: ownCertRef");
		TF_EQ_INT(t.sig_len, 0, "Init: no sizes");
	}
	p = facts(m.m[1], m.n[1], &t);
	TF_CHECK(p != NULL, "HandshakeResp decodes");
	if (p != NULL) {
		TF_EQ_INT(t.kind, MsaPdu_PR_handshakeResp, "Resp: kind");
		TF_EQ_INT(t.aid_ok, 1, "Resp: aid");
		TF_EQ_MEM(t.aid, R.a.own_aid, 4, "Resp: the responder's aid");
		TF_EQ_INT(t.suite, R.a.suite, "Resp: the suite chosen");
		TF_EQ_INT(t.chain, 1, "Resp: a chain");
		TF_EQ_INT(t.sig_len, p->choice.handshakeResp.signature.size, "Resp: sig size");
		TF_CHECK(t.sig_len >= 8 && t.sig_len <= 72, "Resp: a DER ECDSA signature, %ld", t.sig_len);
		TF_EQ_INT(t.mac_len, p->choice.handshakeResp.mac.size, "Resp: mac size");
		TF_EQ_INT(t.n_suites + t.n_groups + (size_t)t.has_text, 0, "Resp: no lists, no text");
	}
	p = facts(m.m[2], m.n[2], &t);
	TF_CHECK(p != NULL, "HandshakeFinish decodes");
	if (p != NULL) {
		TF_EQ_INT(t.kind, MsaPdu_PR_handshakeFinish, "Finish: kind");
		TF_EQ_INT(t.aid_ok, 0, "Finish: no aid");
		TF_EQ_INT(t.sig_len, p->choice.handshakeFinish.signature.size, "Finish: sig size");
		TF_EQ_INT(t.mac_len, p->choice.handshakeFinish.mac.size, "Finish: mac size");
	}

	/* a record with known header fields */
	{
		static const uint8_t aid[4] = { 1, 2, 3, 4 };
		uint8_t rec[256];
		size_t n = fg_forge(&I.a, FG_CUR, aid, 0, 0, 5, (const uint8_t *)"hello", 5, 16, 0,
			rec, sizeof rec);

		TF_CHECK(n > 0, "record forged");
		p = facts(rec, n, &t);
		TF_CHECK(p != NULL, "record decodes");
		if (p != NULL) {
			TF_EQ_INT(t.kind, MsaPdu_PR_protected, "record: kind");
			TF_EQ_INT(t.type, 0, "record: appData");
			TF_EQ_INT(t.gen, 0, "record: generation");
			TF_EQ_INT(t.seq, 5, "record: seq");
			TF_EQ_INT(t.icv_len, 16, "record: icv size");
			TF_EQ_INT(t.body_len, p->choice.protected.body.size, "record: body size");
			TF_EQ_INT(t.has_text, 0, "record: no text");
		}
	}
}

static void
reject(void)
{
	static const uint8_t dest[4] = { 9, 8, 7, 6 };
	uint8_t pdu[256];
	cli_trace_facts t;
	int n;

	n = msa_reject_encode(pdu, sizeof pdu, dest, MSA_DIAG_DECODE_ERROR, "bad\001name");
	TF_CHECK(n > 0, "reject encoded");
	TF_CHECK(facts(pdu, (size_t)n, &t) != NULL, "reject decodes");
	TF_EQ_INT(t.kind, MsaPdu_PR_handshakeReject, "Reject: kind");
	TF_EQ_INT(t.diag, MSA_DIAG_DECODE_ERROR, "Reject: diagnostic");
	TF_EQ_INT(t.has_text, 1, "Reject: detail");
	TF_EQ_INT(t.text_len, 8, "Reject: detail length");
	TF_CHECK(t.text_len == 8 && memcmp(t.text, "bad\001name", 8) == 0, "Reject: detail octets");
	TF_EQ_INT(t.aid_ok, 0, "Reject: no aid reported");
	n = msa_reject_encode(pdu, sizeof pdu, dest, MSA_DIAG_UNSPECIFIED, NULL);
	TF_CHECK(n > 0 && facts(pdu, (size_t)n, &t) != NULL, "reject without detail");
	TF_EQ_INT(t.has_text, 0, "Reject without detail: no text");
	TF_CHECK(t.text == NULL && t.text_len == 0, "Reject without detail: text NULL, 0");
	TF_EQ_INT(t.diag, MSA_DIAG_UNSPECIFIED, "Reject without detail: diagnostic");
}

int
main(void)
{
	from_handshake();
	reject();
	return tf_done("test_trace");
}
