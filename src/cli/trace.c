/*
 * trace.c -- see trace.h. In make proofs' set (no stdio, no heap): the
 * printing is peer.c's.
 */
#include "trace.h"

/* o's octets as the text of *r (o as tr_os_ok says). */
/*@ requires \valid(r) && tr_os_ok(o);
    assigns r->has_text, r->text, r->text_len;
    ensures r->has_text == 1 && r->text == o->buf && r->text_len == o->size;
 */
static void
trace_text(cli_trace_facts *r, const OCTET_STRING_t *o)
{
	r->has_text = 1;
	r->text = o->buf;
	r->text_len = (size_t)o->size;
}

/* An association identifier: its 4 octets, or aid_ok 0 (anything else,
 * which the codec does not let through). */
/*@ requires \valid(r) && tr_os_ok(o);
    assigns r->aid_ok, r->aid[0 .. 3];
 */
static void
trace_aid(cli_trace_facts *r, const OCTET_STRING_t *o)
{
	r->aid_ok = 0;
	if (o->buf == NULL || o->size != 4)
		return;
	r->aid[0] = o->buf[0];
	r->aid[1] = o->buf[1];
	r->aid[2] = o->buf[2];
	r->aid[3] = o->buf[3];
	r->aid_ok = 1;
}

/*@ requires \valid(r) && tr_init_ok(h) && \separated(r, h);
    requires \separated(r, h->suites.list.array + (0 .. h->suites.list.count - 1));
    requires \separated(r, h->keyShares.list.array + (0 .. h->keyShares.list.count - 1));
    requires h->responderName != \null ==> \separated(r, h->responderName);
    assigns r->aid_ok, r->aid[0 .. 3], r->n_suites, r->suites[0 .. CLI_TRACE_SUITES - 1],
      r->n_groups, r->groups[0 .. CLI_TRACE_SHARES - 1], r->has_text, r->text, r->text_len,
      r->peer_ref, r->own_ref;
    ensures r->n_suites <= CLI_TRACE_SUITES && r->n_groups <= CLI_TRACE_SHARES;
    ensures r->has_text == \old(r->has_text) && r->text == \old(r->text)
      && r->text_len == \old(r->text_len)
      || (r->has_text == 1 && \valid_read(r->text + (0 .. r->text_len - 1)));
 */
static void
trace_init(cli_trace_facts *r, const HandshakeInit_t *h)
{
	int cs = h->suites.list.count, cg = h->keyShares.list.count;
	/* at most what the facts hold, whatever the counts (the codec's SIZE
	 * constraints keep them within: the cut never happens) */
	size_t i, ns = cs <= 0 ? 0u : cs > CLI_TRACE_SUITES ? CLI_TRACE_SUITES : (size_t)cs;
	size_t ng = cg <= 0 ? 0u : cg > CLI_TRACE_SHARES ? CLI_TRACE_SHARES : (size_t)cg;

	trace_aid(r, &h->initiatorAid);
	/*@ loop invariant 0 <= i <= ns;
	    loop assigns i, r->suites[0 .. CLI_TRACE_SUITES - 1];
	    loop variant ns - i;
	 */
	for (i = 0; i < ns; i++)
		r->suites[i] = *h->suites.list.array[i];
	r->n_suites = ns;
	/*@ loop invariant 0 <= i <= ng;
	    loop assigns i, r->groups[0 .. CLI_TRACE_SHARES - 1];
	    loop variant ng - i;
	 */
	for (i = 0; i < ng; i++)
		r->groups[i] = h->keyShares.list.array[i]->group;
	r->n_groups = ng;
	r->peer_ref = h->peerCertRef != NULL;
	r->own_ref = h->ownCertRef != NULL;
	if (h->responderName != NULL)
		trace_text(r, h->responderName);
}

void
cli_trace_facts_of(const MsaPdu_t *p, cli_trace_facts *out)
{
	MsaPdu_PR kind = p->present;

	out->kind = (int)kind;
	out->aid_ok = 0;
	out->aid[0] = out->aid[1] = out->aid[2] = out->aid[3] = 0;
	out->n_suites = 0;
	out->n_groups = 0;
	out->has_text = 0;
	out->text = NULL;
	out->text_len = 0;
	out->peer_ref = out->own_ref = out->own_ref_known = out->chain = 0;
	out->suite = out->diag = out->type = out->gen = 0;
	out->seq = 0;
	out->sig_len = out->mac_len = out->body_len = out->icv_len = 0;
	switch (kind) {
	case MsaPdu_PR_handshakeInit:
		trace_init(out, &p->choice.handshakeInit);
		break;
	case MsaPdu_PR_handshakeResp:
		trace_aid(out, &p->choice.handshakeResp.body.responderAid);
		out->suite = p->choice.handshakeResp.body.suite;
		out->chain = p->choice.handshakeResp.body.credential.present == Credential_PR_chain;
		out->own_ref_known = p->choice.handshakeResp.body.ownRefKnown != 0;
		out->sig_len = p->choice.handshakeResp.signature.size;
		out->mac_len = p->choice.handshakeResp.mac.size;
		break;
	case MsaPdu_PR_handshakeFinish:
		out->chain = p->choice.handshakeFinish.body.credential.present == Credential_PR_chain;
		out->sig_len = p->choice.handshakeFinish.signature.size;
		out->mac_len = p->choice.handshakeFinish.mac.size;
		break;
	case MsaPdu_PR_handshakeReject:
		out->diag = p->choice.handshakeReject.diagnostic;
		if (p->choice.handshakeReject.detail != NULL)
			trace_text(out, p->choice.handshakeReject.detail);
		break;
	case MsaPdu_PR_protected:
		out->type = p->choice.protected.header.type;
		out->gen = p->choice.protected.header.generation;
		out->seq = p->choice.protected.header.seq;
		out->body_len = p->choice.protected.body.size;
		out->icv_len = p->choice.protected.icv.size;
		break;
	default:
		break;
	}
}
