/*
 * route.c -- what a listener or a multiplexer needs before an association
 * exists: the kind and destination of a PDU from its TLV headers alone
 * (REQ-GEN-004), and a HandshakeReject for a listener (REQ-HS-019,
 * REQ-GEN-005).
 */
#include <string.h>

#include "engine.h"
#include "internal.h"
#include "der.h"

/*@
  // The TLV at o is a DER header (der.h) whose content lies inside
  // buf[0..end).
  predicate rt_tlv(uint8_t *buf, integer end, integer o) =
    der_hdr_ok(buf, end, o) && o + der_hl(buf, o) + der_l(buf, o) <= end;
*/

/* Finds, among the children of the constructed TLV whose contents are
 * buf[off..end), the primitive one with tag `tag` and 4 octets of
 * content; copies them to aid. */
/*@ requires \valid_read(buf + (0 .. end - 1));
    requires \valid(aid + (0 .. MSA_AID_LEN - 1));
    requires \separated(aid + (0 .. MSA_AID_LEN - 1), buf + (0 .. end - 1));
    assigns aid[0 .. MSA_AID_LEN - 1];
    ensures \result == MSA_OK || \result == MSA_ERR_SCHEMA;
 */
static int
child_aid(const uint8_t *buf, size_t off, size_t end, uint8_t tag, uint8_t *aid)
{
	msa_der_tlv h;
	size_t eo, i;

	/*@ loop invariant \at(off, Pre) <= off;
	    loop assigns off, h, eo, i, aid[0 .. MSA_AID_LEN - 1];
	    loop variant end - off;
	 */
	while (off < end) {
		if (msa_der_header(buf, end, off, &h, &eo) != MSA_OK
			|| h.len > end - off - h.hdr_len)
			return MSA_ERR_SCHEMA;
		if (h.tag == tag) {
			if (h.len != MSA_AID_LEN)
				return MSA_ERR_SCHEMA;
			/*@ loop invariant 0 <= i <= MSA_AID_LEN;
			    loop assigns i, aid[0 .. MSA_AID_LEN - 1];
			    loop variant MSA_AID_LEN - i;
			 */
			for (i = 0; i < MSA_AID_LEN; i++)
				aid[i] = buf[off + h.hdr_len + i];
			return MSA_OK;
		}
		off += h.hdr_len + h.len;
	}
	return MSA_ERR_SCHEMA;
}

/* The contents of the first child, which must be constructed [0]. */
/*@ requires \valid_read(buf + (0 .. end - 1));
    requires \valid(c_off) && \valid(c_end) && \separated(c_off, c_end);
    assigns *c_off, *c_end;
    ensures \result == MSA_OK || \result == MSA_ERR_SCHEMA;
    ensures \result == MSA_OK ==> rt_tlv(buf, end, off) && buf[off] == 0xA0
      && *c_off == off + der_hl(buf, off) && *c_end == *c_off + der_l(buf, off)
      && *c_end <= end;
 */
static int
first_child(const uint8_t *buf, size_t off, size_t end, size_t *c_off, size_t *c_end)
{
	msa_der_tlv h;
	size_t eo;

	if (off >= end || msa_der_header(buf, end, off, &h, &eo) != MSA_OK
		|| h.tag != 0xA0u || h.len > end - off - h.hdr_len)
		return MSA_ERR_SCHEMA;
	*c_off = off + h.hdr_len;
	*c_end = *c_off + h.len;
	return MSA_OK;
}

/* Every input (pdu, len) is read inside pdu[0..len); the result is one
 * of the codes below; on MSA_OK the outer TLV is a DER header of a
 * context-constructed tag 0..4 whose content is inside the input, and
 * *kind is that tag number + 1. dest and src are written in full (zeroed
 * first) and nothing else. */
/*@ requires pdu == \null || \valid_read(pdu + (0 .. len - 1));
    requires kind == \null || \valid(kind);
    requires dest == \null || \valid(dest + (0 .. MSA_AID_LEN - 1));
    requires src == \null || \valid(src + (0 .. MSA_AID_LEN - 1));
    requires dest != \null && src != \null ==>
      \separated(dest + (0 .. MSA_AID_LEN - 1), src + (0 .. MSA_AID_LEN - 1));
    requires pdu != \null && dest != \null && src != \null && kind != \null ==>
      \separated(pdu + (0 .. len - 1), dest + (0 .. MSA_AID_LEN - 1),
        src + (0 .. MSA_AID_LEN - 1), kind);
    assigns *kind, dest[0 .. MSA_AID_LEN - 1], src[0 .. MSA_AID_LEN - 1];
    ensures args: \result == MSA_ERR_BAD_ARGUMENT
      <==> (pdu == \null || kind == \null || dest == \null || src == \null);
    ensures codes: \result == MSA_OK || \result == MSA_ERR_BAD_ARGUMENT
      || \result == MSA_ERR_SCHEMA || \result == MSA_ERR_UNKNOWN_PDU
      || \result == MSA_ERR_DER_TRUNCATED || \result == MSA_ERR_DER_TAG_FORM
      || \result == MSA_ERR_DER_INDEFINITE_LENGTH || \result == MSA_ERR_DER_LENGTH_TOO_LONG
      || \result == MSA_ERR_DER_LENGTH_NOT_MINIMAL;
    ensures outer: \result == MSA_OK ==> len > 0 && rt_tlv(pdu, len, 0)
      && (pdu[0] & 0xE0) == 0xA0 && (pdu[0] & 0x1F) <= 4 && *kind == (pdu[0] & 0x1F) + 1;
    ensures unknown: \result == MSA_ERR_UNKNOWN_PDU ==> len > 0 && rt_tlv(pdu, len, 0)
      && (pdu[0] & 0xE0) == 0xA0 && (pdu[0] & 0x1F) > 4;
 */
int
msa_pdu_peek(const uint8_t *pdu, size_t len, unsigned *kind,
	uint8_t dest[MSA_AID_LEN], uint8_t src[MSA_AID_LEN])
{
	msa_der_tlv h;
	size_t eo, o, e, co, ce;
	unsigned k;
	int r;

	if (pdu == NULL || kind == NULL || dest == NULL || src == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	dest[0] = 0; dest[1] = 0; dest[2] = 0; dest[3] = 0;
	src[0] = 0; src[1] = 0; src[2] = 0; src[3] = 0;
	if (len == 0)
		return MSA_ERR_DER_TRUNCATED;
	if ((r = msa_der_header(pdu, len, 0, &h, &eo)) != MSA_OK)
		return r;
	if (h.len > len - h.hdr_len)
		return MSA_ERR_DER_TRUNCATED;
	if ((h.tag & 0xE0u) != 0xA0u)
		return MSA_ERR_SCHEMA;
	if ((h.tag & 0x1Fu) > 4u)
		return MSA_ERR_UNKNOWN_PDU;
	k = (h.tag & 0x1Fu) + 1u;
	*kind = k;
	o = h.hdr_len;
	e = o + h.len;
	if (k == MSA_PDU_INIT) {
		r = child_aid(pdu, o, e, 0x81u, src);
	} else if (k == MSA_PDU_RESP) {
		r = first_child(pdu, o, e, &co, &ce);
		if (r == MSA_OK)
			r = child_aid(pdu, co, ce, 0x81u, dest);
		if (r == MSA_OK)
			r = child_aid(pdu, co, ce, 0x82u, src);
	} else if (k == MSA_PDU_FINISH || k == MSA_PDU_PROTECTED) {
		r = first_child(pdu, o, e, &co, &ce);
		if (r == MSA_OK)
			r = child_aid(pdu, co, ce, 0x80u, dest);
	} else {                                       /* HandshakeReject */
		r = child_aid(pdu, o, e, 0x80u, dest);
	}
	return r;
}

/* The octet of a character of the detail text (char may be signed). */
/*@ logic integer octet(char c) = c < 0 ? c + 256 : c; */
/*@ assigns \nothing;
    ensures \result == octet(c);
 */
static uint8_t
octet_of(char c)
{
	return (uint8_t)(c < 0 ? c + 256 : c);
}

/* Ghost lemma: a tag whose identifier octet the code names as a constant
 * keeps REQ-ENC-004 (the provers do not compute `&` on constants inside
 * der_tag_ok; Qed does in this precondition). */
/*@ ghost
  /@ requires (t & 0x1F) != 0x1F && t != 0;
     assigns \nothing;
     ensures der_tag_ok(t);
   @/
  void tag_ok_of(unsigned t) { }
*/

/*@ logic integer detail_tl(integer dl) = (dl < 0x80 ? 2 : 3) + dl; */
/*@ // The HandshakeReject's fields after its outer header (at h): dest as
    // [0] (80 04 dest), diag as [1] (81 01 diag).
    predicate reject_fields(uint8_t *out, integer h, uint8_t *dest, integer diag) =
      out[h] == 0x80 && out[h + 1] == 4 && out[h + 6] == 0x81 && out[h + 7] == 1
      && out[h + 8] == diag
      && \forall integer j; 0 <= j < MSA_AID_LEN ==> out[h + 2 + j] == dest[j];
    // The detail's TLV at p: [2] (82), length dl, the text's octets.
    predicate reject_detail(uint8_t *out, integer p, char *detail, integer dl) =
      out[p] == 0x82 && der_hdr_ok(out, p + detail_tl(dl), p) && der_l(out, p) == dl
      && der_hl(out, p) + dl == detail_tl(dl)
      && \forall integer k; 0 <= k < dl ==> out[p + der_hl(out, p) + k] == octet(detail[k]);
 */
/* The detail's TLV [2] (82, length, the text's octets) at out[p..);
 * returns its length, detail_tl(dl). */
/*@ requires dl <= MSA_MAX_DETAIL && valid_read_string(detail) && strlen(detail) == dl;
    requires p <= 0xFFFF;
    requires \valid(out + (p .. p + detail_tl(dl) - 1));
    requires \separated(out + (p .. p + detail_tl(dl) - 1), detail + (0 .. dl));
    assigns out[p .. p + detail_tl(dl) - 1];
    ensures reject_detail(out, p, detail, dl);
    ensures \result == detail_tl(dl);
 */
static size_t
put_detail(uint8_t *out, size_t p, const char *detail, size_t dl)
{
	size_t n, k;

	//@ ghost tag_ok_of(0x82u);
	n = msa_rec_tl(out + p, 0x82u, dl);
	/*@ assert hdr: out[p] == 0x82 && der_hdr_ok(out, p + n, p) && der_hl(out, p) == n
	      && der_l(out, p) == dl && n + dl == detail_tl(dl); */
	/*@ loop invariant 0 <= k <= dl;
	    loop invariant \forall integer j; 0 <= j < k ==> out[p + n + j] == octet(detail[j]);
	    loop assigns k, out[p + n .. p + n + dl - 1];
	    loop variant dl - k;
	 */
	for (k = 0; k < dl; k++)
		out[p + n + k] = octet_of(detail[k]);
	return n + dl;
}

/* Writes the HandshakeReject whose outer header is h octets long and whose
 * content is inner octets (msa_reject_encode checked the arguments and
 * the room); returns h + inner. */
/*@ requires diag >= 0 && diag <= 127 && dl <= MSA_MAX_DETAIL;
    requires detail == \null ==> inner == 9;
    requires detail != \null ==> valid_read_string(detail) && strlen(detail) == dl
      && inner == 9 + detail_tl(dl);
    requires h == (inner < 0x80 ? 2 : inner < 0x100 ? 3 : 4);
    requires \valid(out + (0 .. h + inner - 1));
    requires \valid_read(dest + (0 .. MSA_AID_LEN - 1));
    requires \separated(out + (0 .. h + inner - 1), dest + (0 .. MSA_AID_LEN - 1));
    requires detail != \null ==> \separated(out + (0 .. h + inner - 1), detail + (0 .. dl));
    assigns out[0 .. h + inner - 1];
    ensures \result == h + inner;
    ensures hdr: out[0] == 0xA3 && der_hdr_ok(out, h, 0) && der_hl(out, 0) == h
      && der_l(out, 0) == inner;
    ensures fields: reject_fields(out, h, dest, diag);
    ensures detail: detail != \null ==> reject_detail(out, h + 9, detail, dl);
 */
static size_t
reject_write(uint8_t *out, size_t h, size_t inner, const uint8_t *dest, int diag,
	const char *detail, size_t dl)
{
	uint8_t *b = out + h;
	size_t o = h + 9u;

	//@ ghost tag_ok_of(0xA3u);
	(void)msa_rec_tl(out, 0xA3u, inner);
	b[0] = 0x80u;
	b[1] = MSA_AID_LEN;
	b[6] = 0x81u;
	b[7] = 1;
	b[8] = (uint8_t)diag;
	msa_bytes_copy(b + 2, dest, MSA_AID_LEN);
	/*@ assert body: out[h] == 0x80 && out[h + 1] == 4 && out[h + 6] == 0x81
	      && out[h + 7] == 1 && out[h + 8] == diag
	      && \forall integer j; 0 <= j < MSA_AID_LEN ==> out[h + 2 + j] == dest[j]; */
	/*@ assert hdr1: out[0] == 0xA3 && der_hl(out, 0) == h && der_l(out, 0) == inner
	      && der_hdr_ok(out, h, 0); */
	/*@ assert room: detail != \null ==> o + detail_tl(dl) == h + inner; */
	if (detail != NULL)
		o += put_detail(out, o, detail, dl);
	/*@ assert fin1: out[0] == 0xA3 && der_hl(out, 0) == h && der_l(out, 0) == inner
	      && der_hdr_ok(out, h, 0); */
	/*@ assert fin2a: out[h] == 0x80 && out[h + 1] == 4; */
	/*@ assert fin2b: out[h + 6] == 0x81 && out[h + 7] == 1 && out[h + 8] == diag; */
	/*@ assert fin2c: \forall integer j; 0 <= j < MSA_AID_LEN ==> out[h + 2 + j] == dest[j]; */
	return o;
}

/* The HandshakeReject it writes is one DER TLV [3] (A3) that fills
 * out[0..result): dest as [0] (80 04), diag as [1] (81 01), and the detail's
 * octets as [2] when there is one. */
/*@ requires out == \null || \valid(out + (0 .. cap - 1));
    requires dest == \null || \valid_read(dest + (0 .. MSA_AID_LEN - 1));
    requires detail == \null || valid_read_string(detail);
    requires out != \null && dest != \null ==>
      \separated(out + (0 .. cap - 1), dest + (0 .. MSA_AID_LEN - 1));
    requires out != \null && detail != \null ==>
      \separated(out + (0 .. cap - 1), detail + (0 .. strlen(detail)));
    assigns out[0 .. cap - 1];
    ensures \result > 0 || \result == MSA_ERR_BAD_ARGUMENT || \result == MSA_ERR_BUFFER_TOO_SMALL;
    ensures bad: \result == MSA_ERR_BAD_ARGUMENT <==> out == \null || dest == \null
      || (dest[0] == 0 && dest[1] == 0 && dest[2] == 0 && dest[3] == 0)
      || diag < 0 || diag > 127 || (detail != \null && strlen(detail) > MSA_MAX_DETAIL);
    ensures outer: \result > 0 ==> \result <= cap && out[0] == 0xA3
      && der_hdr_ok(out, \result, 0) && der_hl(out, 0) + der_l(out, 0) == \result;
    ensures fields: \result > 0 ==> reject_fields(out, der_hl(out, 0), dest, diag);
    ensures no_detail: \result > 0 && detail == \null ==> \result == der_hl(out, 0) + 9;
    ensures detail: \result > 0 && detail != \null ==>
      reject_detail(out, der_hl(out, 0) + 9, detail, strlen(detail))
      && der_hl(out, 0) + 9 + detail_tl(strlen(detail)) == \result;
 */
int
msa_reject_encode(uint8_t *out, size_t cap, const uint8_t dest[MSA_AID_LEN],
	int diag, const char *detail)
{
	size_t dl, inner, o, h;

	if (out == NULL || dest == NULL
		|| (dest[0] == 0 && dest[1] == 0 && dest[2] == 0 && dest[3] == 0)
		|| diag < 0 || diag > 127)
		return MSA_ERR_BAD_ARGUMENT;
	dl = detail != NULL ? strlen(detail) : 0;
	if (dl > MSA_MAX_DETAIL)
		return MSA_ERR_BAD_ARGUMENT;
	inner = 6u + 3u + (detail != NULL ? msa_rec_tl_len(dl) + dl : 0);
	h = msa_rec_tl_len(inner);
	if (cap < h + inner)
		return MSA_ERR_BUFFER_TOO_SMALL;
	o = reject_write(out, h, inner, dest, diag, detail, dl);
	/*@ assert len: o == h + inner && o <= cap && o <= 0xFFFF; */
	return (int)o;
}

/* 1 only when pdu[0..len) is one HandshakeInit TLV (DER header, tag A0,
 * ending at len) whose initiatorAid is a's peer and whose nonce is the
 * one a answered; 0 for anything else. */
/*@ requires a == \null || \valid_read(a);
    requires pdu == \null || \valid_read(pdu + (0 .. len - 1));
    requires a != \null && a->role == MSA_ROLE_RESPONDER && a->state == MSA_ST_WAIT_FINISH
      && a->u.hs != \null ==> \valid_read(a->u.hs);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> a != \null && pdu != \null && len > 0
      && rt_tlv(pdu, len, 0) && pdu[0] == 0xA0 && der_hl(pdu, 0) + der_l(pdu, 0) == len;
 */
int
msa_init_duplicate(const msa_assoc *a, const uint8_t *pdu, size_t len)
{
	msa_der_tlv h, c;
	size_t eo, off, end;
	uint8_t aid[MSA_AID_LEN];

	if (a == NULL || pdu == NULL || len == 0 || a->role != MSA_ROLE_RESPONDER
		|| a->state != MSA_ST_WAIT_FINISH || a->u.hs == NULL)
		return 0;
	if (msa_der_header(pdu, len, 0, &h, &eo) != MSA_OK || h.tag != 0xA0u
		|| h.len != len - h.hdr_len)
		return 0;
	if (child_aid(pdu, h.hdr_len, len, 0x81u, aid) != MSA_OK
		|| !msa_bytes_eq(aid, a->peer_aid, MSA_AID_LEN))
		return 0;
	/*@ loop invariant h.hdr_len <= off;
	    loop assigns off, c, eo;
	    loop variant end - off;
	 */
	for (off = h.hdr_len, end = len; off < end; off += c.hdr_len + c.len) {
		if (msa_der_header(pdu, end, off, &c, &eo) != MSA_OK || c.len > end - off - c.hdr_len)
			return 0;
		if (c.tag == 0x84u)                                /* nonce */
			return c.len == MSA_NONCE_LEN
				&& msa_bytes_eq(pdu + off + c.hdr_len, a->u.hs->msg1_nonce, MSA_NONCE_LEN);
	}
	return 0;
}
