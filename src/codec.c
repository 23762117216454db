/*
 * codec.c -- decoding and encoding of MSA PDUs (spec section "Decoding").
 *
 * Layers, in order (REQ-ENC-018); the first layer that fails decides,
 * wherever its fault lies in the PDU:
 *  1. the strict DER gate (der.c), then its schema-aware part here: the
 *     TLVs are typed by the asn1c descriptors (each member's tag says which
 *     type its TLV carries), so that the DER rules of REQ-ENC-005..007 hold
 *     for context-tagged values too (the gate knows universal tags only);
 *  2. asn1c's BER decoder, into the caller's arena (REQ-ENC-016);
 *  3. the module's constraints (REQ-ENC-012), over the whole value, then
 *  4. the checks asn1c does not make (REQ-ENC-013, -014): two walks over
 *     the decoded value and the octets together, so that a failure is
 *     reported at the offset of the TLV that carries it (REQ-ENC-017);
 *  5. canonical form: the value re-encodes to the input, octet for octet
 *     (REQ-ENC-015); a difference is diagnosed into the DER rule it breaks.
 * Offsets (REQ-ENC-017) are those of the offending TLV's tag octet, but for
 * the header faults of the gate (the length octet) and NOT_CANONICAL (the
 * first differing octet).
 */
#include <string.h>
#include "msa.h"
#include "internal.h"
#include "der.h"
#include "asn_value.h"

#include "MsaPdu.h"
#include "RecordHeader.h"
#include "ContentType.h"
#include "ReleaseReason.h"
#include "constr_SEQUENCE.h"
#include "constr_SEQUENCE_OF.h"
#include "constr_CHOICE.h"

/* asn1c 0.9.28 takes non-const descriptors (it patches derived ones at run
 * time); ours are never modified by us. */
static asn_TYPE_descriptor_t *
td_mut(const asn_TYPE_descriptor_t *td)
{
	union { const asn_TYPE_descriptor_t *c; asn_TYPE_descriptor_t *m; } u;

	u.c = td;
	return u.m;
}

enum kind { K_LEAF, K_SEQUENCE, K_SEQUENCE_OF, K_CHOICE };

/* Constructed types are defined directly by asn1c (never "inherited"),
 * so their decoder pointers identify them. */
/*@ requires \valid_read(td);
    assigns \nothing;
    ensures \result == K_SEQUENCE <==> td->ber_decoder == &SEQUENCE_decode_ber;
    ensures \result == K_SEQUENCE_OF <==> td->ber_decoder != &SEQUENCE_decode_ber
      && td->ber_decoder == &SEQUENCE_OF_decode_ber;
    ensures \result == K_CHOICE <==> td->ber_decoder != &SEQUENCE_decode_ber
      && td->ber_decoder != &SEQUENCE_OF_decode_ber && td->ber_decoder == &CHOICE_decode_ber;
    ensures \result == K_LEAF || \result == K_SEQUENCE || \result == K_SEQUENCE_OF
      || \result == K_CHOICE;
 */
static enum kind
kind_of(const asn_TYPE_descriptor_t *td)
{
	if (td->ber_decoder == SEQUENCE_decode_ber)
		return K_SEQUENCE;
	if (td->ber_decoder == SEQUENCE_OF_decode_ber)
		return K_SEQUENCE_OF;
	if (td->ber_decoder == CHOICE_decode_ber)
		return K_CHOICE;
	return K_LEAF;
}

/* Does the INTEGER content c[0..n) start with a redundant octet (00 before
 * a clear high bit, FF before a set one: REQ-ENC-006)? Layers 1, 4 and 5
 * ask it; an empty content is not this case (EMPTY_INTEGER is). */
/*@ requires n >= 2 ==> \valid_read(c + (0 .. 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> n >= 2 && !der_int_minimal(c, 0, n);
 */
static int
int_redundant(const uint8_t *c, size_t n)
{
	return n >= 2u && ((c[0] == 0x00u && (c[1] & 0x80u) == 0u)
		|| (c[0] == 0xFFu && (c[1] & 0x80u) != 0u));
}

/* ------------------------------------------------------------------ */
/* Layer 1, the part the gate cannot do alone: the DER rules of
 * REQ-ENC-005..007 for values whose tag is a context tag. The TLVs are
 * matched to the schema as asn1c will match them (a SEQUENCE's members in
 * order, an alternative of a CHOICE by its tag); a TLV the schema does not
 * place is not judged here (layer 2 rejects it as SCHEMA), but its first
 * offset is kept for that error. Runs after the gate: every header is DER
 * and every TLV lies inside its parent. Recursion: one level per TLV level
 * (at most MSA_MAX_DEPTH) and per EXPLICIT tag. */

#define TAG_NONE ((ber_tlv_tag_t)~(ber_tlv_tag_t)0)   /* asn1c: an untagged CHOICE member */

typedef struct {
	const uint8_t *buf;
	size_t len;
	size_t err_off;
	size_t schema_off;    /* first TLV the schema does not place, or SIZE_MAX */
} pre_ctx;

/*@

  // The context: the input is readable and the context lies outside it.
  predicate pre_ctx_ok(pre_ctx *p) =
    \valid(p) && \valid_read(p->buf + (0 .. p->len - 1))
    && \separated(p, p->buf + (0 .. p->len - 1));

  // A DER header (der.h) at o whose content ends inside buf[0..e).
  predicate pre_tlv(uint8_t *buf, integer len, integer o, integer e) =
    der_hdr_ok(buf, len, o) && o + der_hl(buf, o) + der_l(buf, o) <= e;

  // h holds the header of the TLV at o.
  predicate pre_h(pre_ctx *p, msa_der_tlv *h, integer o) =
    h->tag == p->buf[o] && h->hdr_len == der_hl(p->buf, o) && h->len == der_l(p->buf, o);

  // Why a pre-pass function failed with r, e being the error offset: the
  // TLV at e has a DER header, and its form or content breaks the rule
  // named by r (REQ-ENC-005..007).
  predicate pre_why(uint8_t *buf, integer len, integer r, integer e) =
    der_hdr_ok(buf, len, e) &&
    (r == MSA_ERR_DER_CONSTRUCTED_FORM
     || (r == MSA_ERR_DER_BOOLEAN && !der_cons(buf, e)
         && !(der_l(buf, e) == 1 && (buf[e + der_hl(buf, e)] == 0x00
                                     || buf[e + der_hl(buf, e)] == 0xFF)))
     || (r == MSA_ERR_DER_EMPTY_INTEGER && !der_cons(buf, e) && der_l(buf, e) == 0)
     || (r == MSA_ERR_DER_INTEGER_NOT_MINIMAL && !der_cons(buf, e) && der_l(buf, e) >= 2
         && !der_int_minimal(buf, e + der_hl(buf, e), der_l(buf, e))));

  // The codes a pre-pass function returns: OK or one of the four DER
  // rules it checks.
  predicate pre_rc(integer r) =
    r == MSA_OK || r == MSA_ERR_DER_CONSTRUCTED_FORM || r == MSA_ERR_DER_BOOLEAN
    || r == MSA_ERR_DER_EMPTY_INTEGER || r == MSA_ERR_DER_INTEGER_NOT_MINIMAL;

  // The result r of a pre-pass function over [lo, hi), with error offset
  // e: OK, or an error naming a TLV that starts at e >= lo, ends inside
  // hi, and breaks the rule named (pre_why).
  predicate pre_res(uint8_t *buf, integer len, integer r, integer e, integer lo, integer hi) =
    r == MSA_OK || (lo <= e && der_end(buf, e) <= hi && pre_why(buf, len, r, e));

  // schema_off, from s0 to s1 over [lo, hi): unchanged, or moved down to
  // a TLV inside [lo, hi).
  predicate pre_sch(integer s0, integer s1, integer lo, integer hi) =
    s1 == s0 || (lo <= s1 < hi && s1 < s0);
*/

/*
 * Lemma functions (ghost, no code) on the descriptor graph, proved by WP on
 * their own and called where a descriptor is opened: a well-formed
 * descriptor is readable (pre_td_ok), and so is every descriptor reached
 * from one of its members.
 */
/*@ ghost
  /@ requires pre_wf(td);
     assigns \nothing;
     ensures pre_td_ok(td);
   @/
  static void pre_wf_self(const asn_TYPE_descriptor_t *td)
  {
  }
*/
/*@ ghost
  /@ requires pre_wf(td) && pre_td_ok(td) && 0 <= i < td->elements_count;
     assigns \nothing;
     ensures pre_wf(td->elements[i].type);
   @/
  static void pre_wf_child(const asn_TYPE_descriptor_t *td, int i)
  {
  }
*/

/* Is the identifier octet id the tag t, in either form? */
/*@ assigns \nothing;
    ensures \result == 1 <==> t != TAG_NONE && (id >> 6) == (t & 3) && (id & 0x1F) == (t >> 2);
    ensures \result == 0 || \result == 1;
 */
static int
tag_is(uint8_t id, ber_tlv_tag_t t)
{
	return t != TAG_NONE && (unsigned)(id >> 6) == (unsigned)BER_TAG_CLASS(t)
		&& (ber_tlv_tag_t)(id & 0x1Fu) == BER_TAG_VALUE(t);
}

/* Can a TLV with identifier octet id carry member elm? */
/*@ requires \valid_read(elm) && pre_wf(elm->type);
    requires depth <= 2 * MSA_MAX_DEPTH + 1;
    decreases 2 * MSA_MAX_DEPTH + 1 - depth;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
 */
static int
member_takes(const asn_TYPE_member_t *elm, uint8_t id, unsigned depth)
{
	int i;

	if (elm->tag != TAG_NONE)
		return tag_is(id, elm->tag);
	/*@ ghost pre_wf_self(elm->type); */
	if (kind_of(elm->type) != K_CHOICE || depth > 2u * MSA_MAX_DEPTH)
		return 0;
	/*@ loop invariant 0 <= i <= elm->type->elements_count;
	    loop assigns i;
	    loop variant elm->type->elements_count - i;
	 */
	for (i = 0; i < elm->type->elements_count; i++) {
		/*@ ghost pre_wf_child(elm->type, i); */
		if (member_takes(&elm->type->elements[i], id, depth + 1u))
			return 1;
	}
	return 0;
}

/* The universal tag number under a leaf type's tags (BOOLEAN 1, INTEGER 2,
 * ENUMERATED 10, ...), or 0. */
/*@ requires \valid_read(td) && 0 <= td->all_tags_count;
    requires \valid_read(td->all_tags + (0 .. td->all_tags_count - 1));
    assigns \nothing;
 */
static unsigned
univ_num(const asn_TYPE_descriptor_t *td)
{
	ber_tlv_tag_t t;

	if (td->all_tags_count < 1)
		return 0;
	t = td->all_tags[td->all_tags_count - 1];
	return BER_TAG_CLASS(t) == ASN_TAG_CLASS_UNIVERSAL ? (unsigned)BER_TAG_VALUE(t) : 0u;
}

/* Are the members [from, to) of a SEQUENCE all OPTIONAL? */
/*@ requires \valid_read(td) && 0 <= from && to <= td->elements_count;
    requires \valid_read(td->elements + (0 .. td->elements_count - 1));
    assigns \nothing;
    ensures \result == 1 <==> (\forall integer j; from <= j < to ==> td->elements[j].optional != 0);
    ensures \result == 0 || \result == 1;
 */
static int
optional_between(const asn_TYPE_descriptor_t *td, int from, int to)
{
	int i;

	/*@ loop invariant from <= i && (i <= to || (to < from && i == from));
	    loop invariant \forall integer j; from <= j < i ==> td->elements[j].optional != 0;
	    loop assigns i;
	    loop variant to - i;
	 */
	for (i = from; i < to; i++)
		if (td->elements[i].optional == 0)
			return 0;
	return 1;
}

/* Is there, at off, a DER header whose TLV ends inside [off, end)? */
/*@ requires pre_ctx_ok(p);
    requires \valid(h) && \separated(h, p, p->buf + (0 .. p->len - 1));
    assigns *h;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> off < end <= p->len && pre_tlv(p->buf, p->len, off, end);
    ensures \result == 1 ==> pre_h(p, h, off) && 2 <= h->hdr_len <= 4 && h->len <= 0xFFFF;
 */
static int
pre_hdr(pre_ctx *p, size_t off, size_t end, msa_der_tlv *h)
{
	size_t e;

	return off < end && end <= p->len
		&& msa_der_header(p->buf, p->len, off, h, &e) == MSA_OK
		&& h->hdr_len <= end - off && h->len <= end - off - h->hdr_len;
}

/*@ requires \valid(p);
    assigns p->schema_off;
    ensures p->schema_off == (\old(p->schema_off) == SIZE_MAX || off < \old(p->schema_off)
      ? off : \old(p->schema_off));
 */
static void
pre_schema(pre_ctx *p, size_t off)
{
	if (p->schema_off == SIZE_MAX || off < p->schema_off)
		p->schema_off = off;
}

static int pre_type(pre_ctx *p, const asn_TYPE_descriptor_t *td, size_t off,
	size_t end, unsigned depth);
static int pre_content(pre_ctx *p, const asn_TYPE_descriptor_t *td,
	size_t off, const msa_der_tlv *h, unsigned depth);

/*@ requires \valid(p);
    assigns p->err_off;
    ensures p->err_off == off && \result == err;
 */
static int
pre_fail(pre_ctx *p, size_t off, int err)
{
	p->err_off = off;
	return err;
}

/* The TLV at off (header h, inside a value that ends at end) was matched
 * to member elm by its tag. An EXPLICIT tag holds one value of the
 * member's type, and is constructed (REQ-ENC-005, X.690 8.14.3). */
/*@ requires pre_ctx_ok(p);
    requires \valid_read(elm) && pre_wf(elm->type);
    requires \valid_read(h) && \separated(h, p);
    requires off < end <= p->len && pre_tlv(p->buf, p->len, off, end) && pre_h(p, h, off);
    requires depth <= 2 * MSA_MAX_DEPTH + 2;
    decreases ((2 * MSA_MAX_DEPTH + 3) - depth) * 5;
    assigns p->err_off, p->schema_off;
    ensures pre_rc(\result);
    ensures \result == MSA_OK ==> p->err_off == \old(p->err_off);
    ensures pre_res(p->buf, p->len, \result, p->err_off, off, end);
    ensures pre_sch(\old(p->schema_off), p->schema_off, off, end);
 */
static int
pre_member(pre_ctx *p, const asn_TYPE_member_t *elm, size_t off, size_t end,
	const msa_der_tlv *h, unsigned depth)
{
	if (elm->tag == TAG_NONE)                     /* untagged CHOICE */
		return pre_type(p, elm->type, off, end, depth + 1u);
	if (elm->tag_mode > 0) {
		if ((h->tag & 0x20u) == 0u)           /* REQ-ENC-005 */
			return pre_fail(p, off, MSA_ERR_DER_CONSTRUCTED_FORM);
		if (h->len == 0u) {
			pre_schema(p, off);
			return MSA_OK;
		}
		return pre_type(p, elm->type, off + h->hdr_len,
			off + h->hdr_len + h->len, depth + 1u);
	}
	return pre_content(p, elm->type, off, h, depth + 1u);
}

/* The TLV at off, with header h, carries a value of the leaf type td: it is
 * primitive, and its content keeps the rule of td's universal type. */
/*@ requires pre_ctx_ok(p) && pre_td_ok(td);
    requires \valid_read(h) && \separated(h, p);
    requires pre_tlv(p->buf, p->len, off, p->len) && pre_h(p, h, off);
    assigns p->err_off;
    ensures pre_rc(\result);
    ensures \result == MSA_OK ==> p->err_off == \old(p->err_off);
    ensures \result != MSA_OK ==> p->err_off == off;
    ensures pre_res(p->buf, p->len, \result, off, off, \old(off + h->hdr_len + h->len));
 */
static int
pre_leaf(pre_ctx *p, const asn_TYPE_descriptor_t *td, size_t off, const msa_der_tlv *h)
{
	const uint8_t *c = p->buf + off + h->hdr_len;

	if ((h->tag & 0x20u) != 0u)                   /* REQ-ENC-005 */
		return pre_fail(p, off, MSA_ERR_DER_CONSTRUCTED_FORM);
	switch (univ_num(td)) {
	case 1u:                                      /* BOOLEAN, REQ-ENC-007 */
		if (h->len != 1u || (c[0] != 0x00u && c[0] != 0xFFu))
			return pre_fail(p, off, MSA_ERR_DER_BOOLEAN);
		break;
	case 2u:                                      /* INTEGER, ENUMERATED: */
	case 10u:                                     /* REQ-ENC-006 */
		if (h->len == 0u)
			return pre_fail(p, off, MSA_ERR_DER_EMPTY_INTEGER);
		if (int_redundant(c, h->len))
			return pre_fail(p, off, MSA_ERR_DER_INTEGER_NOT_MINIMAL);
		break;
	default:
		break;
	}
	return MSA_OK;
}

/* One child TLV of a SEQUENCE or SEQUENCE OF value td that ends at end:
 * the TLV at cur, header ch. It is matched to a member as asn1c will match
 * it (a SEQUENCE's members in order from *next, which moves past the
 * member taken; a SEQUENCE OF's one member), then checked as that member;
 * a TLV no member takes, or one taken in the place of a missing mandatory
 * member, is noted in schema_off. */
/*@ requires pre_ctx_ok(p) && pre_wf(td) && pre_td_ok(td);
    requires td->ber_decoder == &SEQUENCE_decode_ber || td->ber_decoder == &SEQUENCE_OF_decode_ber;
    requires \valid_read(ch) && \valid(next) && \separated(ch, p)
      && \separated(next, p) && \separated(next, ch) && \separated(next, td);
    requires cur < end <= p->len && pre_tlv(p->buf, p->len, cur, end) && pre_h(p, ch, cur);
    requires 0 <= *next <= td->elements_count;
    requires depth <= 2 * MSA_MAX_DEPTH + 2;
    decreases ((2 * MSA_MAX_DEPTH + 3) - depth) * 5 + 1;
    assigns p->err_off, p->schema_off, *next;
    ensures \old(*next) <= *next <= td->elements_count;
    ensures pre_rc(\result);
    ensures \result == MSA_OK ==> p->err_off == \old(p->err_off);
    ensures pre_res(p->buf, p->len, \result, p->err_off, cur, end);
    ensures pre_sch(\old(p->schema_off), p->schema_off, cur, end);
 */
static int
pre_child(pre_ctx *p, const asn_TYPE_descriptor_t *td, size_t cur, size_t end,
	const msa_der_tlv *ch, int *next, unsigned depth)
{
	int i, m = -1, nx = *next, r;

	if (kind_of(td) == K_SEQUENCE_OF) {
		/*@ ghost pre_wf_child(td, 0); */
		if (member_takes(td->elements, ch->tag, 0))
			m = 0;
	} else {
		/*@ loop invariant nx <= i <= td->elements_count;
		    loop assigns i;
		    loop variant td->elements_count - i;
		 */
		for (i = nx; i < td->elements_count; i++) {
			/*@ ghost pre_wf_child(td, i); */
			if (member_takes(&td->elements[i], ch->tag, 0))
				break;
		}
		if (i < td->elements_count) {
			m = i;
			if (!optional_between(td, nx, i))
				pre_schema(p, cur);   /* in a missing one's place */
			nx = i + 1;
		}
	}
	if (m < 0) {
		pre_schema(p, cur);
		return MSA_OK;
	}
	/*@ ghost pre_wf_child(td, m); */
	r = pre_member(p, &td->elements[m], cur, end, ch, depth);
	*next = nx;
	return r;
}

/* The children of a SEQUENCE or SEQUENCE OF value td whose TLV starts at
 * off and whose content is [cur, end): each checked by pre_child, in
 * order; then a SEQUENCE with a mandatory member left over is noted in
 * schema_off (at off). */
/*@ requires pre_ctx_ok(p) && pre_wf(td) && pre_td_ok(td);
    requires td->ber_decoder == &SEQUENCE_decode_ber || td->ber_decoder == &SEQUENCE_OF_decode_ber;
    requires off < cur <= end <= p->len;
    requires depth <= 2 * MSA_MAX_DEPTH + 2;
    decreases ((2 * MSA_MAX_DEPTH + 3) - depth) * 5 + 2;
    assigns p->err_off, p->schema_off;
    ensures pre_rc(\result);
    ensures \result == MSA_OK ==> p->err_off == \old(p->err_off);
    ensures pre_res(p->buf, p->len, \result, p->err_off, off, end);
    ensures pre_sch(\old(p->schema_off), p->schema_off, off, end);
 */
static int
pre_children(pre_ctx *p, const asn_TYPE_descriptor_t *td, size_t off, size_t cur,
	size_t end, unsigned depth)
{
	msa_der_tlv ch;
	int next = 0, r;

	/*@ loop invariant off < cur <= end;
	    loop invariant 0 <= next <= td->elements_count;
	    loop invariant p->err_off == \at(p->err_off, Pre);
	    loop invariant pre_sch(\at(p->schema_off, Pre), p->schema_off, off, end);
	    loop assigns cur, ch, next, r, p->err_off, p->schema_off;
	    loop variant end - cur;
	 */
	for (; cur < end; cur += ch.hdr_len + ch.len) {
		if (!pre_hdr(p, cur, end, &ch))
			return MSA_OK;                /* the gate saw to it */
		r = pre_child(p, td, cur, end, &ch, &next, depth);
		if (r != MSA_OK)
			return r;
	}
	if (kind_of(td) == K_SEQUENCE && !optional_between(td, next, td->elements_count))
		pre_schema(p, off);                   /* a component missing */
	return MSA_OK;
}

/* The TLV at off, with header h, carries a value of td (under whatever
 * tag): its form and, for a leaf, its content. */
/*@ requires pre_ctx_ok(p);
    requires pre_wf(td);
    requires \valid_read(h) && \separated(h, p);
    requires pre_tlv(p->buf, p->len, off, p->len) && pre_h(p, h, off);
    requires depth <= 2 * MSA_MAX_DEPTH + 3;
    decreases ((2 * MSA_MAX_DEPTH + 3) - depth) * 5 + 3;
    assigns p->err_off, p->schema_off;
    ensures pre_rc(\result);
    ensures \result == MSA_OK ==> p->err_off == \old(p->err_off);
    ensures pre_res(p->buf, p->len, \result, p->err_off, off, \old(off + h->hdr_len + h->len));
    ensures pre_sch(\old(p->schema_off), p->schema_off, off, \old(off + h->hdr_len + h->len));
 */
static int
pre_content(pre_ctx *p, const asn_TYPE_descriptor_t *td, size_t off,
	const msa_der_tlv *h, unsigned depth)
{
	/*@ ghost pre_wf_self(td); */
	if (depth > 2u * MSA_MAX_DEPTH + 2u)
		return MSA_OK;
	switch (kind_of(td)) {
	case K_SEQUENCE:
	case K_SEQUENCE_OF:
		if ((h->tag & 0x20u) == 0u)           /* REQ-ENC-005 */
			return pre_fail(p, off, MSA_ERR_DER_CONSTRUCTED_FORM);
		return pre_children(p, td, off, off + h->hdr_len, off + h->hdr_len + h->len,
			depth);
	case K_CHOICE:
		return MSA_OK;                        /* never implicitly tagged */
	case K_LEAF:
	default:
		break;
	}
	return pre_leaf(p, td, off, h);
}

/* The TLV at off (inside a value that ends at end) carries a value of td
 * under td's own tag; a CHOICE has none: its alternative's tag is here. */
/*@ requires pre_ctx_ok(p);
    requires pre_wf(td);
    requires depth <= 2 * MSA_MAX_DEPTH + 3;
    decreases ((2 * MSA_MAX_DEPTH + 3) - depth) * 5 + 4;
    assigns p->err_off, p->schema_off;
    ensures pre_rc(\result);
    ensures \result == MSA_OK ==> p->err_off == \old(p->err_off);
    ensures pre_res(p->buf, p->len, \result, p->err_off, off, end);
    ensures pre_sch(\old(p->schema_off), p->schema_off, off, end);
 */
static int
pre_type(pre_ctx *p, const asn_TYPE_descriptor_t *td, size_t off, size_t end,
	unsigned depth)
{
	msa_der_tlv h;
	int i;

	/*@ ghost pre_wf_self(td); */
	if (!pre_hdr(p, off, end, &h) || depth > 2u * MSA_MAX_DEPTH + 2u)
		return MSA_OK;
	if (kind_of(td) == K_CHOICE) {
		/*@ loop invariant 0 <= i <= td->elements_count;
		    loop assigns i;
		    loop variant td->elements_count - i;
		 */
		for (i = 0; i < td->elements_count; i++) {
			const asn_TYPE_member_t *elm = &td->elements[i];

			/*@ ghost pre_wf_child(td, i); */
			if (member_takes(elm, h.tag, 0))
				return pre_member(p, elm, off, end, &h, depth);
		}
		pre_schema(p, off);                   /* no such alternative */
		return MSA_OK;
	}
	if (td->tags_count < 1 || !tag_is(h.tag, td->tags[0])) {
		pre_schema(p, off);
		return MSA_OK;
	}
	return pre_content(p, td, off, &h, depth);
}

/* Layer 1's schema-aware part over a whole value of td in pc->buf[0..
 * pc->len), which the gate accepted: pre_type from the top. On an error
 * pc->err_off names the TLV that breaks the rule named; pc->schema_off is
 * the first TLV the schema does not place (SIZE_MAX: none seen). The
 * caller sets pc->buf and pc->len (a pointer written here would be memory
 * that the descriptors' predicate pre_wf reads, for all WP knows). */
/*@ requires pre_ctx_ok(pc) && pre_wf(td);
    assigns pc->err_off, pc->schema_off;
    ensures pre_rc(\result);
    ensures \result == MSA_OK ==> pc->err_off == 0;
    ensures \result != MSA_OK ==> der_end(pc->buf, pc->err_off) <= pc->len
      && pre_why(pc->buf, pc->len, \result, pc->err_off);
    ensures pc->schema_off == SIZE_MAX || pc->schema_off < pc->len;
 */
static int
pre_run(pre_ctx *pc, const asn_TYPE_descriptor_t *td)
{
	pc->err_off = 0;
	pc->schema_off = SIZE_MAX;
	return pre_type(pc, td, 0, pc->len, 0);
}

/* ------------------------------------------------------------------ */
/* asn1c's decoded value is read through asn_value.h's accessors (H11). */

/* Is member elm of parent RecordHeader.seq? (asn1c's member name, a
 * string it generates.) */
/*@ requires \valid_read(elm);
    assigns \nothing;
    ensures \result == 1 ==> parent == &asn_DEF_RecordHeader;
    ensures \result == 0 || \result == 1;
 */
static int
is_record_seq(const asn_TYPE_descriptor_t *parent, const asn_TYPE_member_t *elm)
{
	return parent == &asn_DEF_RecordHeader && strcmp(elm->name, "seq") == 0;
}

/* Does the value memb of member elm break the member's own constraint,
 * or (when it defers, as for a named type like Version) the type's?
 * asn1/fixes-gen/01 keeps those. asn1c's checkers (generated code,
 * through function pointers) write nothing when given no callback. */
/*@ requires \valid_read(elm);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
 */
static int
member_breaks(const asn_TYPE_member_t *elm, const void *memb)
{
	return (elm->memb_constraints != NULL
		? elm->memb_constraints(elm->type, memb, NULL, NULL)
		: elm->type->check_constraints(td_mut(elm->type), memb, NULL, NULL)) != 0;
}

/* Does the whole value v of td break a constraint: a leaf type's own,
 * then asn1c's check of the whole value (belt and braces: the walk
 * should have found it)? */
/*@ requires pre_td_ok(td);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
 */
static int
value_breaks(const asn_TYPE_descriptor_t *td, const void *v)
{
	if (kind_of(td) == K_LEAF
		&& td->check_constraints(td_mut(td), v, NULL, NULL) != 0)
		return 1;
	return asn_check_constraints(td_mut(td), v, NULL, NULL) != 0;
}

/* ------------------------------------------------------------------ */
/* Layer 4: the application checks, per leaf (REQ-ENC-013, REQ-ENC-014). */

/* RecordHeader.seq, INTEGER (0..4294967295): its content octets
 * content[0..clen) and the value v asn1c decoded from them. A content that
 * is not minimal passes here (layer 5 names it); else VALUE_RANGE unless
 * it is a non-negative value of at most 32 bits. */
/*@ requires \valid_read(content + (0 .. clen - 1));
    assigns \nothing;
    ensures \result == MSA_OK || \result == MSA_ERR_VALUE_RANGE;
    ensures lax: clen >= 2 && !der_int_minimal(content, 0, clen) ==> \result == MSA_OK;
    ensures range: der_int_minimal(content, 0, clen) ==>
      (\result == MSA_OK <==> clen <= 5 && content[0] < 0x80
        && (clen < 5 || content[0] == 0) && v <= 0xFFFFFFFF);
    ensures empty: clen == 0 ==> \result == MSA_ERR_VALUE_RANGE;
 */
static int
seq_range(const uint8_t *content, size_t clen, unsigned long v)
{
	if (int_redundant(content, clen))
		return MSA_OK;  /* not minimal: layer 5 names it */
	if (clen == 0 || content[0] >= 0x80u || clen > 5        /* negative, or */
		|| (clen == 5 && content[0] != 0) || v > 0xFFFFFFFFul) /* above 2^32-1 */
		return MSA_ERR_VALUE_RANGE;
	return MSA_OK;
}

/* The leaf memb of member elm of parent, whose content octets are
 * content[0..clen). RecordHeader.seq is INTEGER (0..4294967295), for which
 * asn1c 0.9.28 generates an empty constraint check and decodes into an
 * unsigned long (so that -1 would read as 255): seq_range judges the
 * content octets and the value. asn1c accepts any value of an ENUMERATED:
 * known values only, but for Diagnostic, whose unknown values mean
 * unspecified(0). */
/*@ requires \valid_read(elm) && \valid_read(content + (0 .. clen - 1));
    requires memb == \null || asn_val(elm->type, memb);
    assigns \nothing;
    ensures \result == MSA_OK || \result == MSA_ERR_VALUE_RANGE
      || \result == MSA_ERR_UNKNOWN_ENUM || \result == MSA_ERR_SCHEMA;
    ensures \result == MSA_ERR_VALUE_RANGE ==> parent == &asn_DEF_RecordHeader;
    ensures \result == MSA_ERR_UNKNOWN_ENUM ==> elm->type == &asn_DEF_ContentType
      || elm->type == &asn_DEF_ReleaseReason;
    ensures \result == MSA_ERR_SCHEMA ==> memb == \null;
 */
static int
check_leaf(const asn_TYPE_descriptor_t *parent, const asn_TYPE_member_t *elm,
	const void *memb, const uint8_t *content, size_t clen)
{
	long v;

	if (memb == NULL)              /* asn1c leaves no present leaf NULL */
		return MSA_ERR_SCHEMA;
	if (is_record_seq(parent, elm)) {
		int r = seq_range(content, clen, leaf_ulong(elm, memb));
		if (r != MSA_OK)
			return r;
	}
	if (elm->type == &asn_DEF_ContentType) {
		v = leaf_long(elm, memb);
		if (v < ContentType_appData || v > ContentType_abort)
			return MSA_ERR_UNKNOWN_ENUM;
	}
	if (elm->type == &asn_DEF_ReleaseReason) {
		v = leaf_long(elm, memb);
		if (v < ReleaseReason_normal || v > ReleaseReason_idle)
			return MSA_ERR_UNKNOWN_ENUM;
	}
	return MSA_OK;
}

/* ------------------------------------------------------------------ */
/* Layers 3 and 4: a walk over value and octets, once per layer, so that a
 * constraint anywhere wins over an application check anywhere. The layer
 * is a parameter, not a field of the context: the context's fields are
 * the only memory the walk writes, and an int written there would be,
 * for WP's typed model, memory the descriptors' predicate pre_wf reads. */

typedef struct {
	const uint8_t *buf;
	size_t len;
	size_t err_off;
} walk_ctx;

/*@
  predicate walk_ctx_ok(walk_ctx *w) =
    \valid(w) && \valid_read(w->buf + (0 .. w->len - 1))
    && \separated(w, w->buf + (0 .. w->len - 1));

  // The codes of layer 3 (constraints) and of layer 4 (application
  // checks); both report a value asn1c's walk cannot follow (SCHEMA,
  // INTERNAL, UNKNOWN_PDU). Layer 3 never gives layer 4's codes and layer
  // 4 never CONSTRAINT.
  predicate walk_rc(integer layer, integer r) =
    r == MSA_OK || r == MSA_ERR_SCHEMA || r == MSA_ERR_INTERNAL || r == MSA_ERR_UNKNOWN_PDU
    || (layer == 3 && r == MSA_ERR_CONSTRAINT)
    || (layer == 4 && (r == MSA_ERR_VALUE_RANGE || r == MSA_ERR_UNKNOWN_ENUM));

  // On failure the error offset is inside the input (0 for none).
  predicate walk_off(walk_ctx *w, integer r, integer e0) =
    (r == MSA_OK ==> w->err_off == e0)
    && (r != MSA_OK ==> w->err_off < w->len || w->err_off == 0);
*/

/* A failure at off: the error offset, inside the input (0 when off is at
 * its end, which a value asn1c decoded does not reach). */
/*@ requires \valid(w);
    assigns w->err_off;
    ensures \result == err;
    ensures w->err_off == (off < w->len ? off : 0);
 */
static int
walk_fail(walk_ctx *w, size_t off, int err)
{
	w->err_off = off < w->len ? off : 0;
	return err;
}

/* Header of the TLV at off; the gate has validated every header already,
 * but the walk follows asn1c's value, so it checks again: a header that
 * is not DER or a content that does not fit is SCHEMA. */
/*@ requires \valid(w) && \valid_read(w->buf + (0 .. w->len - 1)) && \valid(h);
    requires \separated(w, h, w->buf + (0 .. w->len - 1));
    assigns w->err_off, *h;
    ensures \result == MSA_OK || \result == MSA_ERR_SCHEMA;
    ensures \result == MSA_OK ==> off < w->len && der_hdr_ok(w->buf, w->len, off)
      && h->tag == w->buf[off] && h->hdr_len == der_hl(w->buf, off)
      && h->len == der_l(w->buf, off) && 2 <= h->hdr_len
      && off + h->hdr_len + h->len <= w->len && w->err_off == \old(w->err_off);
    ensures \result != MSA_OK ==> w->err_off < w->len || w->err_off == 0;
 */
static int
tlv_at(walk_ctx *w, size_t off, msa_der_tlv *h)
{
	size_t e;

	if (off >= w->len || msa_der_header(w->buf, w->len, off, h, &e) != MSA_OK
		|| h->len > w->len - off - h->hdr_len)
		return walk_fail(w, off, MSA_ERR_SCHEMA);
	return MSA_OK;
}

static int walk(walk_ctx *w, const asn_TYPE_descriptor_t *td, const void *sptr,
	size_t off, unsigned depth, int layer);

/* One component, member elm of parent, value memb: its TLV starts at mo;
 * checks it and its subtree. */
/*@ requires walk_ctx_ok(w) && (layer == 3 || layer == 4);
    requires \valid_read(elm) && pre_wf(elm->type);
    requires memb == \null || asn_val(elm->type, memb);
    requires mo <= w->len;
    requires depth <= MSA_MAX_DEPTH + 1;
    decreases 2 * (MSA_MAX_DEPTH + 2 - depth);
    assigns w->err_off;
    ensures walk_rc(layer, \result);
    ensures walk_off(w, \result, \old(w->err_off));
 */
static int
walk_member(walk_ctx *w, const asn_TYPE_descriptor_t *parent,
	const asn_TYPE_member_t *elm, const void *memb, size_t mo, unsigned depth,
	int layer)
{
	msa_der_tlv h;
	size_t inner = mo;
	int r;

	/*@ ghost pre_wf_self(elm->type); */
	if (elm->tag_mode > 0) {          /* EXPLICIT: the value is inside */
		if ((r = tlv_at(w, mo, &h)) != MSA_OK)
			return r;
		inner = mo + h.hdr_len;
	}
	if (kind_of(elm->type) != K_LEAF) {
		r = walk(w, elm->type, memb, inner, depth + 1u, layer);
		if (r != MSA_OK)
			return r;
	} else if (layer == 4) {
		if ((r = tlv_at(w, inner, &h)) != MSA_OK)
			return r;
		r = check_leaf(parent, elm, memb, w->buf + inner + h.hdr_len, h.len);
		if (r != MSA_OK)
			return walk_fail(w, inner, r);
	}
	if (layer == 3 && member_breaks(elm, memb))
		return walk_fail(w, inner, MSA_ERR_CONSTRAINT);
	return MSA_OK;
}

/* The value sptr of td, whose TLV (for a CHOICE: its alternative's TLV)
 * starts at off. */
/*@ requires walk_ctx_ok(w) && (layer == 3 || layer == 4);
    requires pre_wf(td);
    requires sptr == \null || asn_val(td, sptr);
    requires off <= w->len;
    requires depth <= MSA_MAX_DEPTH + 2;
    decreases 2 * (MSA_MAX_DEPTH + 2 - depth) + 1;
    assigns w->err_off;
    ensures walk_rc(layer, \result);
    ensures walk_off(w, \result, \old(w->err_off));
 */
static int
walk(walk_ctx *w, const asn_TYPE_descriptor_t *td, const void *sptr,
	size_t off, unsigned depth, int layer)
{
	msa_der_tlv h;
	size_t cur;
	int i, r;

	/*@ ghost pre_wf_self(td); */
	if (depth > MSA_MAX_DEPTH + 1u || sptr == NULL)
		return walk_fail(w, off, MSA_ERR_SCHEMA);
	switch (kind_of(td)) {
	case K_CHOICE: {
		int present = 0;

		if (choice_present(td, sptr, &present) != 0)
			return walk_fail(w, off, MSA_ERR_INTERNAL);
		if (present < 1 || present > td->elements_count)
			return walk_fail(w, off, MSA_ERR_UNKNOWN_PDU);
		/*@ ghost pre_wf_child(td, present - 1); */
		/* A CHOICE has no tag of its own: the alternative's TLV is here. */
		return walk_member(w, td, &td->elements[present - 1],
			member_at(td, present - 1, sptr), off, depth, layer);
	}
	case K_SEQUENCE:
		if ((r = tlv_at(w, off, &h)) != MSA_OK)
			return r;
		cur = off + h.hdr_len;
		/*@ loop invariant 0 <= i <= td->elements_count;
		    loop invariant cur <= w->len;
		    loop invariant w->err_off == \at(w->err_off, Pre);
		    loop assigns i, cur, r, w->err_off;
		    loop variant td->elements_count - i;
		 */
		for (i = 0; i < td->elements_count; i++) {
			const void *memb = member_at(td, i, sptr);
			msa_der_tlv mh;

			if (memb == NULL && (td->elements[i].flags & ATF_POINTER))
				continue;     /* absent OPTIONAL: no TLV */
			if ((r = tlv_at(w, cur, &mh)) != MSA_OK)
				return r;
			/*@ ghost pre_wf_child(td, i); */
			if ((r = walk_member(w, td, &td->elements[i], memb, cur, depth, layer)) != MSA_OK)
				return r;
			cur += mh.hdr_len + mh.len;
		}
		return MSA_OK;
	case K_SEQUENCE_OF: {
		int n = list_count(td, sptr);

		if ((r = tlv_at(w, off, &h)) != MSA_OK)
			return r;
		cur = off + h.hdr_len;
		/*@ loop invariant 0 <= i <= n;
		    loop invariant cur <= w->len;
		    loop invariant w->err_off == \at(w->err_off, Pre);
		    loop assigns i, cur, r, w->err_off;
		    loop variant n - i;
		 */
		for (i = 0; i < n; i++) {
			msa_der_tlv mh;

			if ((r = tlv_at(w, cur, &mh)) != MSA_OK)
				return r;
			/*@ ghost pre_wf_child(td, 0); */
			if ((r = walk_member(w, td, td->elements, list_item(td, sptr, i), cur,
				depth, layer)) != MSA_OK)
				return r;
			cur += mh.hdr_len + mh.len;
		}
		return MSA_OK;
	}
	case K_LEAF:
	default:
		return MSA_OK;
	}
}

/* Layer 3 over the whole value v of td, then layer 4 (REQ-ENC-018): a
 * constraint anywhere wins over an application check anywhere. */
/*@ requires walk_ctx_ok(w) && pre_wf(td);
    requires v == \null || asn_val(td, v);
    assigns w->err_off;
    ensures walk_rc(3, \result) || walk_rc(4, \result);
    ensures \result != MSA_OK ==> w->err_off < w->len || w->err_off == 0;
    ensures \result == MSA_OK ==> w->err_off == 0;
 */
static int
walk_layers(walk_ctx *w, const asn_TYPE_descriptor_t *td, const void *v)
{
	int r;

	w->err_off = 0;
	r = walk(w, td, v, 0, 0, 3);
	/*@ ghost pre_wf_self(td); */
	if (r == MSA_OK && value_breaks(td, v))
		r = walk_fail(w, 0, MSA_ERR_CONSTRAINT);
	if (r != MSA_OK)
		return r;
	return walk(w, td, v, 0, 0, 4);
}

/* ------------------------------------------------------------------ */
/* Layer 5: canonical form. The encoder's output is compared with the input
 * as it is produced: no second buffer. */

typedef struct {
	const uint8_t *in;
	size_t in_len;
	size_t pos;          /* octets produced so far */
	size_t diff;         /* first differing offset, or SIZE_MAX */
	uint8_t diff_octet;  /* the canonical octet there */
} cmp_ctx;

/* One chunk p[0..n) of the canonical encoding against the input at
 * c->pos: the first offset where they differ (or where the encoding goes
 * past the input) is kept, with the canonical octet there (REQ-ENC-017).
 * -1 (the encoder stops: NOT_CANONICAL) only for an encoding of SIZE_MAX
 * octets, which cannot happen. */
/*@ requires \valid(c) && \valid_read(c->in + (0 .. c->in_len - 1));
    requires \valid_read(p + (0 .. n - 1));
    requires \separated(c, c->in + (0 .. c->in_len - 1), p + (0 .. n - 1));
    requires c->diff == SIZE_MAX || c->diff < c->pos;
    assigns c->pos, c->diff, c->diff_octet;
    ensures \result == 0 || \result == -1;
    ensures stop: \result == -1 ==> c->pos == \old(c->pos) && c->diff == \old(c->diff);
    ensures pos: \result == 0 ==> c->pos == \old(c->pos) + n;
    ensures inv: c->diff == SIZE_MAX || c->diff < c->pos;
    ensures kept: \old(c->diff) != SIZE_MAX ==> c->diff == \old(c->diff);
    ensures same: \result == 0 && \old(c->diff) == SIZE_MAX && c->diff == SIZE_MAX ==>
      \forall integer k; 0 <= k < n ==>
        \old(c->pos) + k < c->in_len && c->in[\old(c->pos) + k] == p[k];
    ensures first: \old(c->diff) == SIZE_MAX && c->diff != SIZE_MAX ==>
      \old(c->pos) <= c->diff < \old(c->pos) + n
      && c->diff_octet == p[c->diff - \old(c->pos)]
      && (c->diff >= c->in_len || c->in[c->diff] != p[c->diff - \old(c->pos)])
      && \forall integer k; \old(c->pos) <= k < c->diff ==>
           k < c->in_len && c->in[k] == p[k - \old(c->pos)];
 */
static int
cmp_run(cmp_ctx *c, const uint8_t *p, size_t n)
{
	size_t pos = c->pos, i;

	if (n >= SIZE_MAX - pos)
		return -1;
	if (c->diff == SIZE_MAX) {
		/*@ loop invariant 0 <= i <= n && c->diff == SIZE_MAX;
		    loop invariant \forall integer k; 0 <= k < i ==>
		      pos + k < c->in_len && c->in[pos + k] == p[k];
		    loop assigns i;
		    loop variant n - i;
		 */
		for (i = 0; i < n; i++)
			if (pos + i >= c->in_len || c->in[pos + i] != p[i])
				break;
		if (i < n) {
			c->diff = pos + i;
			c->diff_octet = p[i];
		}
	}
	c->pos = pos + n;
	return 0;
}

/* asn1c's callback: converts its void pointers (not proved, H9). */
static int
cmp_cb(const void *chunk, size_t n, void *key)
{
	return cmp_run(key, chunk, n);
}

typedef struct {
	uint8_t *out;
	size_t cap;
	size_t pos;
} put_ctx;

static int
put_cb(const void *chunk, size_t n, void *key)
{
	put_ctx *p = key;

	if (n == 0u)
		return 0;    /* asn1c passes (NULL, 0) for an empty OCTET STRING */
	if (n > p->cap - p->pos)
		return -1;
	memcpy(p->out + p->pos, chunk, n);
	p->pos += n;
	return 0;
}

/*
 * Which DER rule does the input break? The input (a) and its canonical
 * encoding (b) are walked together, TLV by TLV, and the innermost pair
 * that differs names the rule: a tag that differs only in its constructed
 * bit (REQ-ENC-005), an INTEGER/ENUMERATED with a redundant leading octet
 * (REQ-ENC-006), a BOOLEAN other than 00/FF (REQ-ENC-007). Anything else
 * is NOT_CANONICAL (REQ-ENC-015). Both inputs passed the gate's header
 * rules; depth is bounded by MSA_MAX_DEPTH.
 */
/*@ requires \valid_read(a + (0 .. alen - 1)) && \valid_read(b + (0 .. blen - 1));
    requires ao <= aend <= alen && bo <= bend <= blen;
    requires depth <= MSA_MAX_DEPTH;
    requires \valid(err_off);
    requires \separated(err_off, a + (0 .. alen - 1), b + (0 .. blen - 1));
    decreases MSA_MAX_DEPTH - depth;
    assigns *err_off;
    ensures codes: \result == MSA_ERR_DER_CONSTRUCTED_FORM || \result == MSA_ERR_NOT_CANONICAL
      || \result == MSA_ERR_DER_INTEGER_NOT_MINIMAL || \result == MSA_ERR_DER_BOOLEAN;
    ensures off: *err_off < alen || *err_off == 0;
    ensures named: \result != MSA_ERR_NOT_CANONICAL ==> ao <= *err_off < aend
      && der_hdr_ok(a, alen, *err_off) && der_end(a, *err_off) <= aend;
    ensures form: \result == MSA_ERR_DER_CONSTRUCTED_FORM ==>
      \exists integer o; bo <= o < bend && (a[*err_off] ^ b[o]) == 0x20;
    ensures integer: \result == MSA_ERR_DER_INTEGER_NOT_MINIMAL ==> !der_cons(a, *err_off)
      && !der_int_minimal(a, *err_off + der_hl(a, *err_off), der_l(a, *err_off));
    ensures boolean: \result == MSA_ERR_DER_BOOLEAN ==> !der_cons(a, *err_off)
      && der_l(a, *err_off) == 1;
 */
static int
diag_pair(const uint8_t *a, size_t alen, size_t ao, size_t aend,
	const uint8_t *b, size_t blen, size_t bo, size_t bend,
	unsigned depth, size_t *err_off)
{
	msa_der_tlv ha, hb;
	size_t e;

	/*@ loop invariant \at(ao, Pre) <= ao <= aend && \at(bo, Pre) <= bo <= bend;
	    loop assigns ao, bo, ha, hb, e;
	    loop variant aend - ao;
	 */
	while (ao < aend && bo < bend) {
		if (msa_der_header(a, alen, ao, &ha, &e) != MSA_OK
			|| msa_der_header(b, blen, bo, &hb, &e) != MSA_OK)
			break;
		/* each TLV inside its enclosing value (the gate checked the input
		 * and b is our encoding; checked again rather than assumed) */
		if (ha.hdr_len > aend - ao || ha.len > aend - ao - ha.hdr_len
			|| hb.hdr_len > bend - bo || hb.len > bend - bo - hb.hdr_len)
			break;
		if (ha.tag != hb.tag) {
			*err_off = ao;
			return (ha.tag ^ hb.tag) == 0x20
				? MSA_ERR_DER_CONSTRUCTED_FORM : MSA_ERR_NOT_CANONICAL;
		}
		/* (equal DER lengths have equal headers: hdr_len compared too) */
		if (ha.len == hb.len && ha.hdr_len == hb.hdr_len
			&& msa_bytes_eq(a + ao, b + bo, ha.hdr_len + ha.len)) {
			ao += ha.hdr_len + ha.len;       /* same: next sibling */
			bo += hb.hdr_len + hb.len;
			continue;
		}
		if ((ha.tag & 0x20u) != 0u) {
			if (depth >= MSA_MAX_DEPTH)
				break;
			return diag_pair(a, alen, ao + ha.hdr_len, ao + ha.hdr_len + ha.len,
				b, blen, bo + hb.hdr_len, bo + hb.hdr_len + hb.len,
				depth + 1u, err_off);
		}
		/* A primitive value that differs. */
		{
			const uint8_t *c = a + ao + ha.hdr_len;
			*err_off = ao;                   /* REQ-ENC-017: the tag */
			if (int_redundant(c, ha.len))
				return MSA_ERR_DER_INTEGER_NOT_MINIMAL;
			if (ha.len == 1u && hb.len == 1u && b[bo + hb.hdr_len] == 0xFFu)
				return MSA_ERR_DER_BOOLEAN;
			return MSA_ERR_NOT_CANONICAL;
		}
	}
	*err_off = ao < alen ? ao : 0;
	return MSA_ERR_NOT_CANONICAL;
}

/* ------------------------------------------------------------------ */
/* asn1c's decoder and encoder, each with the caller's arena installed for
 * the call (asn1c allocates through msa_asn1_*, arena.c). Not proved
 * (generated code behind them); their contracts are what the decoder's
 * proof assumes of asn1c (H13, proofs/README.md): it writes only its
 * outputs and the arena's free part, leaves the arena well formed and
 * never below the mark it found, and a value it returns as decoded is a
 * value of td (asn_val, what the walk's accessors assume). */

/* Layer 2: BER-decodes buf[0..len); the value when the decoder consumed
 * exactly len octets into one, else NULL with *stop where it stopped. (The
 * value is the result, not an out-parameter: a pointer stored in memory
 * would be, for WP's typed model, memory the descriptors' pre_wf reads.) */
/*@ requires arena_ok(a) && pre_wf(td);
    requires \valid_read(buf + (0 .. len - 1)) && \valid(stop);
    requires \separated(stop, a, a->base + (0 .. a->cap - 1), buf + (0 .. len - 1));
    assigns *stop, a->used, a->high, a->fails, a->base[a->used .. a->cap - 1];
    ensures arena_ok(a) && \old(a->used) <= a->used;
    ensures \result != \null ==> asn_val(td, \result);
    ensures *stop <= len;
 */
static void *
asn_decode_in(msa_arena *a, const asn_TYPE_descriptor_t *td, const uint8_t *buf,
	size_t len, size_t *stop)
{
	asn_codec_ctx_t cc;
	asn_dec_rval_t rv;
	msa_arena *prev = msa_arena_install(a);
	void *v = NULL;

	memset(&cc, 0, sizeof cc);
	cc.max_stack_size = 32768;     /* asn1c's own recursion bound */
	rv = ber_decode(&cc, td_mut(td), &v, buf, len);
	msa_arena_install(prev);
	*stop = rv.consumed < len ? rv.consumed : len;
	return rv.code == RC_OK && rv.consumed == len ? v : NULL;
}

/* Layer 5: DER-encodes v, each chunk compared with c->in as it is produced
 * (cmp_cb, cmp_run); 0, or -1 when the encoder stopped. */
/*@ requires arena_ok(a) && \valid(c) && \valid_read(c->in + (0 .. c->in_len - 1));
    requires c->diff == SIZE_MAX || c->diff < c->pos;
    requires \separated(c, a, a->base + (0 .. a->cap - 1), c->in + (0 .. c->in_len - 1));
    requires v != \null && asn_val(td, v);
    assigns c->pos, c->diff, c->diff_octet, a->used, a->high, a->fails,
      a->base[a->used .. a->cap - 1];
    ensures arena_ok(a) && \old(a->used) <= a->used;
    ensures \result == 0 || \result == -1;
    ensures c->diff == SIZE_MAX || c->diff < c->pos;
 */
static int
asn_encode_cmp(msa_arena *a, const asn_TYPE_descriptor_t *td, const void *v, cmp_ctx *c)
{
	msa_arena *prev = msa_arena_install(a);
	asn_enc_rval_t er = der_encode(td_mut(td), (void *)(uintptr_t)v, cmp_cb, c);

	msa_arena_install(prev);
	return er.encoded < 0 ? -1 : 0;
}

/* Layer 5's diagnosis: DER-encodes v into a block of MSA_MAX_PDU octets
 * taken from the arena (p->out, p->cap), p->pos octets; -1 without room
 * or when the encoder stopped. */
/*@ requires arena_ok(a) && \valid(p) && \separated(p, a, a->base + (0 .. a->cap - 1));
    requires v != \null && asn_val(td, v);
    assigns *p, a->used, a->high, a->fails, a->base[a->used .. a->cap - 1];
    ensures arena_ok(a) && \old(a->used) <= a->used;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> p->out == a->base + \old(a->used)
      && \old(a->used) + p->cap <= a->cap && p->pos <= p->cap;
 */
static int
asn_encode_put(msa_arena *a, const asn_TYPE_descriptor_t *td, const void *v, put_ctx *p)
{
	msa_arena *prev;
	asn_enc_rval_t er;

	p->cap = MSA_MAX_PDU;
	p->pos = 0;
	p->out = msa_arena_alloc(a, p->cap);
	if (p->out == NULL)
		return -1;
	prev = msa_arena_install(a);
	er = der_encode(td_mut(td), (void *)(uintptr_t)v, put_cb, p);
	msa_arena_install(prev);
	return er.encoded < 0 ? -1 : 0;
}

/*@ // The codes the decoder returns besides OK: the gate's (der.h), the
    // pre-pass's, layer 2's, the walk's (layers 3 and 4) and layer 5's.
    predicate dec_rc(integer r) =
      r == MSA_OK || r == MSA_ERR_DER_TRUNCATED
      || r == MSA_ERR_DER_INDEFINITE_LENGTH || r == MSA_ERR_DER_LENGTH_NOT_MINIMAL
      || r == MSA_ERR_DER_LENGTH_TOO_LONG || r == MSA_ERR_DER_TAG_FORM
      || r == MSA_ERR_DER_CONSTRUCTED_FORM || r == MSA_ERR_DER_TRAILING_BYTES
      || r == MSA_ERR_DER_NESTING_TOO_DEEP || r == MSA_ERR_DER_TOO_LARGE
      || r == MSA_ERR_DER_INTEGER_NOT_MINIMAL || r == MSA_ERR_DER_BOOLEAN
      || r == MSA_ERR_DER_EMPTY_INTEGER
      || r == MSA_ERR_SCHEMA || r == MSA_ERR_UNKNOWN_PDU || r == MSA_ERR_ARENA_EXHAUSTED
      || r == MSA_ERR_INTERNAL || r == MSA_ERR_CONSTRAINT || r == MSA_ERR_VALUE_RANGE
      || r == MSA_ERR_UNKNOWN_ENUM || r == MSA_ERR_NOT_CANONICAL;
 */

/* Re-encodes v into the arena and diagnoses the first difference diff
 * (REQ-ENC-017); without room, reports the first differing octet as
 * NOT_CANONICAL. The error offset is inside the input (or 0). */
/*@ requires arena_ok(a) && v != \null && asn_val(td, v);
    requires \valid_read(buf + (0 .. len - 1)) && \valid(err_off);
    requires \separated(err_off, a, a->base + (0 .. a->cap - 1), buf + (0 .. len - 1));
    requires \separated(a, a->base + (0 .. a->cap - 1), buf + (0 .. len - 1));
    assigns *err_off, a->used, a->high, a->fails, a->base[a->used .. a->cap - 1];
    ensures arena_ok(a) && \old(a->used) <= a->used;
    ensures \result == MSA_ERR_DER_CONSTRUCTED_FORM || \result == MSA_ERR_NOT_CANONICAL
      || \result == MSA_ERR_DER_INTEGER_NOT_MINIMAL || \result == MSA_ERR_DER_BOOLEAN;
    ensures *err_off < len || *err_off == 0;
 */
static int
diagnose(msa_arena *a, const asn_TYPE_descriptor_t *td, const void *v,
	const uint8_t *buf, size_t len, size_t diff, size_t *err_off)
{
	size_t first = diff < len ? diff : 0;   /* REQ-ENC-017: the first difference */
	put_ctx p;
	int r;

	*err_off = first;
	if (asn_encode_put(a, td, v, &p) != 0)
		return MSA_ERR_NOT_CANONICAL;
	r = diag_pair(buf, len, 0, len, p.out, p.pos, 0, p.pos, 0, err_off);
	if (r == MSA_ERR_NOT_CANONICAL)
		*err_off = first;
	return r;
}

/* ------------------------------------------------------------------ */

/* Layers 3 to 5 over the value v asn1c decoded from buf[0..len): the
 * constraints, the application checks (walk_layers), the canonical form
 * (asn_encode_cmp, then diagnose). On failure *eo is the offending
 * octet's offset, inside the input (or 0). */
/*@ requires arena_ok(a) && pre_wf(td) && v != \null && asn_val(td, v);
    requires \valid_read(buf + (0 .. len - 1)) && \valid(eo);
    requires walk_ctx_ok(w) && w->buf == buf && w->len == len;
    requires \separated(eo, w, a, a->base + (0 .. a->cap - 1), buf + (0 .. len - 1));
    assigns *eo, w->err_off, a->used, a->high, a->fails, a->base[a->used .. a->cap - 1];
    ensures arena_ok(a) && \old(a->used) <= a->used;
    ensures codes: walk_rc(3, \result) || walk_rc(4, \result)
      || \result == MSA_ERR_DER_CONSTRUCTED_FORM || \result == MSA_ERR_NOT_CANONICAL
      || \result == MSA_ERR_DER_INTEGER_NOT_MINIMAL || \result == MSA_ERR_DER_BOOLEAN;
    ensures eo: \result != MSA_OK ==> *eo < len || *eo == 0;
 */
static int
value_check(msa_arena *a, const asn_TYPE_descriptor_t *td, const uint8_t *buf,
	size_t len, const void *v, walk_ctx *w, size_t *eo)
{
	cmp_ctx c;
	int r;

	/* 3 and 4. constraints, then application checks, with offsets. */
	r = walk_layers(w, td, v);
	if (r != MSA_OK) {
		*eo = w->err_off;
		return r;
	}

	/* 5. canonical re-encoding */
	c.in = buf;
	c.in_len = len;
	c.pos = 0;
	c.diff = SIZE_MAX;
	c.diff_octet = 0;
	if (asn_encode_cmp(a, td, v, &c) != 0) {
		*eo = 0;
		return MSA_ERR_NOT_CANONICAL;
	}
	if (c.diff == SIZE_MAX && c.pos != len)
		c.diff = c.pos < len ? c.pos : len;
	if (c.diff != SIZE_MAX)
		return diagnose(a, td, v, buf, len, c.diff, eo);
	return MSA_OK;
}

/* The decoder, layers 1 to 5 over buf[0..len), into the arena a: on OK
 * *out is the value; on any failure *out is left NULL and the arena is as
 * it was (used back at its mark, what the failed decode used wiped:
 * REQ-ENC-016), and *err_off names the offending octet, inside the input
 * (0 for an empty one). The caller sets *out to NULL and the contexts of
 * layers 1 and 3-4 to the input (pointer stores: see asn_decode_in). */
/*@ requires arena_ok(a) && pre_wf(td);
    requires \valid_read(buf + (0 .. len - 1)) && \valid(out) && \valid(err_off);
    requires *out == \null;
    requires pre_ctx_ok(pc) && pc->buf == buf && pc->len == len;
    requires walk_ctx_ok(w) && w->buf == buf && w->len == len;
    requires \separated(out, err_off, pc, w, a, a->base + (0 .. a->cap - 1),
      buf + (0 .. len - 1));
    assigns *out, *err_off, pc->err_off, pc->schema_off, w->err_off,
      a->used, a->high, a->fails, a->base[a->used .. a->cap - 1];
    ensures arena_ok(a) && dec_rc(\result);
    ensures ok: \result == MSA_OK ==> *out != \null && asn_val(td, *out)
      && \old(a->used) <= a->used && *err_off == 0;
    ensures rolled_back: \result != MSA_OK ==> *out == \null && a->used == \old(a->used);
    ensures err_off: *err_off < len || *err_off == 0;
 */
static int
value_decode(msa_arena *a, const asn_TYPE_descriptor_t *td, const uint8_t *buf,
	size_t len, void **out, size_t *err_off, pre_ctx *pc, walk_ctx *w)
{
	size_t eo = 0, mark, stop = 0;
	unsigned fails;
	void *v;
	int r;

	*err_off = 0;

	/* 1. the gate */
	r = msa_der_check(buf, len, NULL, &eo);
	if (r != MSA_OK) {
		*err_off = eo;
		return r;
	}

	/* 1, the rest: the DER rules for context-tagged values. */
	r = pre_run(pc, td);
	if (r != MSA_OK) {
		*err_off = pc->err_off;
		return r;
	}

	/* The top-level tag: for an MsaPdu, an unknown alternative in either
	 * form (REQ-ENC-011), or no context tag at all. */
	if (td == &asn_DEF_MsaPdu) {
		uint8_t t = buf[0];
		if ((t & 0xC0u) != 0x80u)
			return MSA_ERR_SCHEMA;
		if ((t & 0x1Fu) > 4u)
			return MSA_ERR_UNKNOWN_PDU;
	}

	/* 2. schema decode, into the arena; rolled back on any failure. */
	mark = a->used;
	fails = a->fails;
	v = asn_decode_in(a, td, buf, len, &stop);
	if (v == NULL) {
		r = a->fails != fails ? MSA_ERR_ARENA_EXHAUSTED : MSA_ERR_SCHEMA;
		/* The first TLV the schema does not place, when the pre-pass
		 * saw it; else where asn1c stopped (a missing component). */
		if (r == MSA_ERR_SCHEMA && pc->schema_off != SIZE_MAX)
			eo = pc->schema_off;
		else
			eo = stop < len ? stop : 0;
		goto fail;
	}

	/* 3 and 4. constraints, then application checks, with offsets. */
	/* 3 to 5 */
	r = value_check(a, td, buf, len, v, w, &eo);
	if (r != MSA_OK)
		goto fail;
	*out = v;
	return MSA_OK;

fail:
	/*@ assert mark <= a->used <= a->cap; */
	msa_wipe_u8(a->base + mark, a->used - mark);
	a->used = mark;
	*err_off = eo;
	return r;
}

int
msa_value_decode(msa_arena *a, const asn_TYPE_descriptor_t *td,
	const uint8_t *buf, size_t len, void **out, size_t *err_off)
{
	size_t dummy;
	pre_ctx pc;
	walk_ctx w;

	if (err_off == NULL)
		err_off = &dummy;
	*err_off = 0;
	if (out != NULL)
		*out = NULL;
	if (a == NULL || td == NULL || out == NULL || (buf == NULL && len > 0))
		return MSA_ERR_BAD_ARGUMENT;
	pc.buf = buf;
	pc.len = len;
	w.buf = buf;
	w.len = len;
	return value_decode(a, td, buf, len, out, err_off, &pc, &w);
}

int
msa_pdu_decode(msa_arena *a, const uint8_t *buf, size_t len,
	struct MsaPdu **out, size_t *err_off)
{
	void *v = NULL;
	int r;

	r = msa_value_decode(a, &asn_DEF_MsaPdu, buf, len, &v, err_off);
	if (out != NULL)
		*out = v;
	return r;
}

/* ------------------------------------------------------------------ */

int
msa_value_encode(const asn_TYPE_descriptor_t *td, const void *value,
	uint8_t *out, size_t cap)
{
	asn_enc_rval_t er;
	walk_ctx w;
	put_ctx p;

	if (td == NULL || value == NULL || (out == NULL && cap > 0))
		return MSA_ERR_BAD_ARGUMENT;
	/* Never put a value on the wire that a receiver must reject. */
	if (asn_check_constraints(td_mut(td), value, NULL, NULL) != 0)
		return MSA_ERR_ENCODE;
	er = der_encode(td_mut(td), (void *)(uintptr_t)value, NULL, NULL);
	if (er.encoded < 0)
		return MSA_ERR_ENCODE;
	if ((size_t)er.encoded > cap)
		return MSA_ERR_BUFFER_TOO_SMALL;
	if ((size_t)er.encoded > MSA_MAX_PDU)
		return MSA_ERR_ENCODE;
	p.out = out;
	p.cap = cap;
	p.pos = 0;
	er = der_encode(td_mut(td), (void *)(uintptr_t)value, put_cb, &p);
	if (er.encoded < 0 || (size_t)er.encoded != p.pos)
		return MSA_ERR_ENCODE;
	/* The application checks too (seq range, known enumerations). */
	w.buf = out;
	w.len = p.pos;
	if (walk_layers(&w, td, value) != MSA_OK) {
		msa_wipe(out, p.pos);
		return MSA_ERR_ENCODE;
	}
	return (int)p.pos;
}

int
msa_pdu_encode(const struct MsaPdu *pdu, uint8_t *out, size_t cap)
{
	return msa_value_encode(&asn_DEF_MsaPdu, pdu, out, cap);
}
