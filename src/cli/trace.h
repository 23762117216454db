/*
 * trace.h -- what the tool's trace line says of a received, decoded PDU
 * (peer.c's cli_trace_pdu prints it), read out of asn1c's structures by
 * proved code (make proofs): the reads stay inside the decoded value as
 * the codec leaves it (tr_pdu_ok), whatever the peer sent.
 */
#ifndef MSA_CLI_TRACE_H
#define MSA_CLI_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "MsaPdu.h"

#define CLI_TRACE_SUITES 16   /* HandshakeInit.suites: SIZE(1..16) */
#define CLI_TRACE_SHARES 4    /* HandshakeInit.keyShares: SIZE(1..4) */

/* The facts of one PDU. Sizes only of keys, signatures, MACs and bodies;
 * text (a responderName or a reject's detail) is the peer's, untrusted:
 * print it through cli_esc. */
typedef struct {
	int kind;                      /* MsaPdu_PR_* */
	int aid_ok;                    /* aid[] holds the PDU's 4-octet AID */
	uint8_t aid[4];
	size_t n_suites;               /* HandshakeInit: suites offered, in order */
	long suites[CLI_TRACE_SUITES];
	size_t n_groups;               /* HandshakeInit: key share groups */
	long groups[CLI_TRACE_SHARES];
	int has_text;                  /* responderName or detail present */
	const uint8_t *text;           /* text[0..text_len), inside the PDU's value */
	size_t text_len;
	int peer_ref, own_ref;         /* HandshakeInit's optional CertRefs present */
	int own_ref_known, chain;      /* HandshakeResp/Finish */
	long suite, diag, type, gen;   /* Resp's suite, Reject's diagnostic, record header */
	unsigned long seq;
	long sig_len, mac_len, body_len, icv_len;
} cli_trace_facts;

/*@ predicate tr_os_ok(OCTET_STRING_t *o) =
      \valid_read(o) && 0 <= o->size && \valid_read(o->buf + (0 .. o->size - 1));

    // A decoded PDU as the codec leaves it, in what the trace reads (H19,
    // proofs/README.md): its lists' elements and its strings' octets
    // readable. (Not the SIZE constraints: the facts take at most 16
    // suites and 4 groups whatever the counts.)
    predicate tr_init_ok(HandshakeInit_t *h) =
      \valid_read(h) && tr_os_ok(&h->initiatorAid)
      && \valid_read(h->suites.list.array + (0 .. h->suites.list.count - 1))
      && (\forall integer k; 0 <= k < h->suites.list.count ==>
           \valid_read(h->suites.list.array[k]))
      && \valid_read(h->keyShares.list.array + (0 .. h->keyShares.list.count - 1))
      && (\forall integer k; 0 <= k < h->keyShares.list.count ==>
           \valid_read(h->keyShares.list.array[k]))
      && (h->responderName != \null ==> tr_os_ok(h->responderName));

    predicate tr_pdu_ok(MsaPdu_t *p) =
      \valid_read(p)
      && (p->present == MsaPdu_PR_handshakeInit ==> tr_init_ok(&p->choice.handshakeInit))
      && (p->present == MsaPdu_PR_handshakeResp ==>
           tr_os_ok(&p->choice.handshakeResp.body.responderAid))
      && (p->present == MsaPdu_PR_handshakeReject ==>
           (p->choice.handshakeReject.detail != \null ==>
             tr_os_ok(p->choice.handshakeReject.detail)));

    // out apart from everything of p that is read.
    predicate tr_apart(MsaPdu_t *p, cli_trace_facts *out) =
      \separated(out, p)
      && (p->present == MsaPdu_PR_handshakeInit ==>
           \separated(out, p->choice.handshakeInit.suites.list.array
               + (0 .. p->choice.handshakeInit.suites.list.count - 1))
        && \separated(out, p->choice.handshakeInit.keyShares.list.array
               + (0 .. p->choice.handshakeInit.keyShares.list.count - 1))
        && (p->choice.handshakeInit.responderName != \null ==>
             \separated(out, p->choice.handshakeInit.responderName)))
      && (p->present == MsaPdu_PR_handshakeReject
          && p->choice.handshakeReject.detail != \null ==>
           \separated(out, p->choice.handshakeReject.detail));
 */

/*
 * cli_trace_facts_of: the facts of the decoded PDU p into *out (every
 * field written). Reads only inside p's value (tr_pdu_ok); out->text, when
 * has_text, points into it, readable for text_len octets.
 */
/*@ requires tr_pdu_ok(p) && \valid(out) && tr_apart(p, out);
    assigns *out;
    ensures out->n_suites <= CLI_TRACE_SUITES && out->n_groups <= CLI_TRACE_SHARES;
    ensures out->has_text ==> \valid_read(out->text + (0 .. out->text_len - 1));
 */
void cli_trace_facts_of(const MsaPdu_t *p, cli_trace_facts *out);

#endif
