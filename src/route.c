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

/* Finds, among the children of the constructed TLV whose contents are
 * buf[off..end), the primitive one with tag `tag` and 4 octets of
 * content; copies them to aid. */
static int
child_aid(const uint8_t *buf, size_t off, size_t end, uint8_t tag, uint8_t *aid)
{
	msa_der_tlv h;
	size_t eo;

	while (off < end) {
		if (msa_der_header(buf, end, off, &h, &eo) != MSA_OK
			|| h.len > end - off - h.hdr_len)
			return MSA_ERR_SCHEMA;
		if (h.tag == tag) {
			if (h.len != MSA_AID_LEN)
				return MSA_ERR_SCHEMA;
			memcpy(aid, buf + off + h.hdr_len, MSA_AID_LEN);
			return MSA_OK;
		}
		off += h.hdr_len + h.len;
	}
	return MSA_ERR_SCHEMA;
}

/* The contents of the first child, which must be constructed [0]. */
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

int
msa_pdu_peek(const uint8_t *pdu, size_t len, unsigned *kind,
	uint8_t dest[MSA_AID_LEN], uint8_t src[MSA_AID_LEN])
{
	msa_der_tlv h;
	size_t eo, o, e, co, ce;
	int r;

	if (pdu == NULL || kind == NULL || dest == NULL || src == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	memset(dest, 0, MSA_AID_LEN);
	memset(src, 0, MSA_AID_LEN);
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
	*kind = (h.tag & 0x1Fu) + 1u;
	o = h.hdr_len;
	e = o + h.len;
	switch (*kind) {
	case MSA_PDU_INIT:
		return child_aid(pdu, o, e, 0x81u, src);
	case MSA_PDU_RESP:
		if ((r = first_child(pdu, o, e, &co, &ce)) != MSA_OK
			|| (r = child_aid(pdu, co, ce, 0x81u, dest)) != MSA_OK)
			return r;
		return child_aid(pdu, co, ce, 0x82u, src);
	case MSA_PDU_FINISH:
	case MSA_PDU_PROTECTED:
		if ((r = first_child(pdu, o, e, &co, &ce)) != MSA_OK)
			return r;
		return child_aid(pdu, co, ce, 0x80u, dest);
	default:
		return child_aid(pdu, o, e, 0x80u, dest);
	}
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

int
msa_init_duplicate(const msa_assoc *a, const uint8_t *pdu, size_t len)
{
	msa_der_tlv h, c;
	size_t eo, off, end;
	uint8_t aid[MSA_AID_LEN];

	if (a == NULL || pdu == NULL || a->role != MSA_ROLE_RESPONDER
		|| a->state != MSA_ST_WAIT_FINISH || a->u.hs == NULL)
		return 0;
	if (msa_der_header(pdu, len, 0, &h, &eo) != MSA_OK || h.tag != 0xA0u
		|| h.len != len - h.hdr_len)
		return 0;
	if (child_aid(pdu, h.hdr_len, len, 0x81u, aid) != MSA_OK
		|| memcmp(aid, a->peer_aid, MSA_AID_LEN) != 0)
		return 0;
	for (off = h.hdr_len, end = len; off < end; off += c.hdr_len + c.len) {
		if (msa_der_header(pdu, end, off, &c, &eo) != MSA_OK || c.len > end - off - c.hdr_len)
			return 0;
		if (c.tag == 0x84u)                                /* nonce */
			return c.len == MSA_NONCE_LEN
				&& memcmp(pdu + off + c.hdr_len, a->u.hs->msg1_nonce, MSA_NONCE_LEN) == 0;
	}
	return 0;
}
