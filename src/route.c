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

int
msa_reject_encode(uint8_t *out, size_t cap, const uint8_t dest[MSA_AID_LEN],
	int diag, const char *detail)
{
	size_t dl = detail != NULL ? strlen(detail) : 0, inner, o = 0;

	if (out == NULL || dest == NULL || (dest[0] | dest[1] | dest[2] | dest[3]) == 0
		|| dl > MSA_MAX_DETAIL || diag < 0 || diag > 127)
		return MSA_ERR_BAD_ARGUMENT;
	inner = 6u + 3u + (detail != NULL ? msa_rec_tl_len(dl) + dl : 0);
	if (cap < msa_rec_tl_len(inner) + inner)
		return MSA_ERR_BUFFER_TOO_SMALL;
	o += msa_rec_tl(out, 0xA3u, inner);
	out[o++] = 0x80u;
	out[o++] = MSA_AID_LEN;
	memcpy(out + o, dest, MSA_AID_LEN);
	o += MSA_AID_LEN;
	out[o++] = 0x81u;
	out[o++] = 1;
	out[o++] = (uint8_t)diag;
	if (detail != NULL) {
		o += msa_rec_tl(out + o, 0x82u, dl);
		memcpy(out + o, detail, dl);
		o += dl;
	}
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
