/*
 * der.c -- the strict DER gate (spec section "Decoding", layer 1).
 *
 * Walks the TLV structure of one PDU, iteratively (no recursion: an explicit
 * stack of MSA_MAX_DEPTH end offsets), and accepts only the DER subset of
 * REQ-ENC-002..010. It knows nothing of the schema beyond the universal
 * tags' forms; asn1c and the later layers do the rest. Every read is
 * bounded by (buf, len); every error carries the offset of the octet that
 * is wrong. The ACSL contracts are proved by `make proofs` (proofs/).
 */
#include "msa.h"
#include "der.h"

/* Universal tag numbers whose form DER fixes. */
#define U_BOOLEAN     1u
#define U_INTEGER     2u
#define U_NULL        5u
#define U_ENUMERATED 10u
#define U_SEQUENCE   16u
#define U_SET        17u

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires off < len;
    requires \valid(h);
    requires \valid(err_off);
    assigns *h, *err_off;
    ensures \result == MSA_OK ==> h->hdr_len >= 2 && h->hdr_len <= 4;
    ensures \result == MSA_OK ==> h->len <= 0xFFFFu;
    ensures \result == MSA_OK ==> off + h->hdr_len <= len;
    ensures \result != MSA_OK ==> off <= *err_off < len;
 */
int
msa_der_header(const uint8_t *buf, size_t len, size_t off,
	msa_der_tlv *h, size_t *err_off)
{
	uint8_t t, b;
	size_t n, v;

	t = buf[off];
	/* REQ-ENC-004: tag numbers above 30 (the 0x1F escape) are never
	 * needed by MSA; universal tag 0 is end-of-contents, not DER. */
	if ((t & 0x1Fu) == 0x1Fu || t == 0x00u) {
		*err_off = off;
		return MSA_ERR_DER_TAG_FORM;
	}
	h->tag = t;
	if (len - off < 2u) {
		*err_off = off;
		return MSA_ERR_DER_TRUNCATED;
	}
	b = buf[off + 1u];
	if (b < 0x80u) {
		h->hdr_len = 2u;
		h->len = b;
		return MSA_OK;
	}
	if (b == 0x80u) {            /* REQ-ENC-002 */
		*err_off = off + 1u;
		return MSA_ERR_DER_INDEFINITE_LENGTH;
	}
	n = (size_t)(b & 0x7Fu);
	if (n > 2u) {                /* REQ-ENC-003: 16640 needs two octets */
		*err_off = off + 1u;
		return MSA_ERR_DER_LENGTH_TOO_LONG;
	}
	if (len - off - 2u < n) {
		*err_off = off + 1u;
		return MSA_ERR_DER_TRUNCATED;
	}
	if (buf[off + 2u] == 0x00u) { /* REQ-ENC-003: leading zero octet */
		*err_off = off + 1u;
		return MSA_ERR_DER_LENGTH_NOT_MINIMAL;
	}
	v = buf[off + 2u];
	if (n == 2u)
		v = v * 256u + buf[off + 3u];
	if (v < 0x80u) {             /* REQ-ENC-003: short form fits */
		*err_off = off + 1u;
		return MSA_ERR_DER_LENGTH_NOT_MINIMAL;
	}
	h->hdr_len = 2u + n;
	h->len = v;
	return MSA_OK;
}

/*
 * Checks a primitive value's content against what DER says of its
 * universal type (REQ-ENC-005..007). c = content offset, n = content length.
 */
/*@ requires \valid_read(buf + (c .. c + n - 1));
    requires \valid(err_off);
    assigns *err_off;
 */
static int
check_universal(const uint8_t *buf, size_t c, size_t n, uint8_t tag,
	size_t tag_off, size_t *err_off)
{
	unsigned num = tag & 0x1Fu;
	int constructed = (tag & 0x20u) != 0;

	if (num == U_SEQUENCE || num == U_SET) {
		if (!constructed) {
			*err_off = tag_off;
			return MSA_ERR_DER_CONSTRUCTED_FORM;
		}
		return MSA_OK;
	}
	/* Every other universal type MSA uses is primitive in DER. */
	if (constructed) {
		*err_off = tag_off;
		return MSA_ERR_DER_CONSTRUCTED_FORM;
	}
	switch (num) {
	case U_BOOLEAN:
		if (n != 1u || (buf[c] != 0x00u && buf[c] != 0xFFu)) {
			*err_off = n != 1u ? tag_off : c;
			return MSA_ERR_DER_BOOLEAN;
		}
		break;
	case U_INTEGER:
	case U_ENUMERATED:
		if (n == 0u) {
			*err_off = tag_off;
			return MSA_ERR_DER_EMPTY_INTEGER;
		}
		if (n >= 2u && ((buf[c] == 0x00u && (buf[c + 1u] & 0x80u) == 0u)
			|| (buf[c] == 0xFFu && (buf[c + 1u] & 0x80u) != 0u))) {
			*err_off = c;
			return MSA_ERR_DER_INTEGER_NOT_MINIMAL;
		}
		break;
	case U_NULL:
		if (n != 0u) {
			*err_off = tag_off;
			return MSA_ERR_DER_CONSTRUCTED_FORM;
		}
		break;
	default:
		break;
	}
	return MSA_OK;
}

int
msa_der_check(const uint8_t *buf, size_t len, size_t *pdu_len, size_t *err_off)
{
	size_t ends[MSA_MAX_DEPTH];   /* end offset of each open constructed value */
	size_t depth = 0, off = 0, dummy;
	msa_der_tlv h;
	int r;

	if (err_off == NULL)
		err_off = &dummy;
	*err_off = 0;
	if (buf == NULL || len == 0u)
		return MSA_ERR_DER_TRUNCATED;
	if (len > MSA_MAX_PDU)        /* REQ-ENC-010 */
		return MSA_ERR_DER_TOO_LARGE;

	/* The outer TLV: it alone decides where the PDU ends. */
	r = msa_der_header(buf, len, 0, &h, err_off);
	if (r != MSA_OK)
		return r;
	if (h.len > len - h.hdr_len) {
		*err_off = 0;
		return MSA_ERR_DER_TRUNCATED;
	}
	if (h.hdr_len + h.len != len) {   /* REQ-ENC-008 */
		*err_off = h.hdr_len + h.len;
		return MSA_ERR_DER_TRAILING_BYTES;
	}
	if (pdu_len != NULL)
		*pdu_len = len;

	/*
	 * Walk every TLV in document order. Invariant: ends[0..depth) are the
	 * end offsets of the open constructed values, non-increasing, each
	 * <= len; off <= ends[depth-1] when depth > 0.
	 */
	/*@ loop invariant 0 <= depth <= MSA_MAX_DEPTH;
	    loop invariant off <= len;
	    loop invariant \forall integer i; 0 <= i < depth ==> ends[i] <= len;
	    loop invariant \forall integer i; 0 <= i < depth ==> off <= ends[i];
	    loop assigns off, depth, ends[0 .. MSA_MAX_DEPTH - 1], h, r, *err_off;
	    loop variant len - off;
	 */
	while (off < len) {
		size_t end;

		r = msa_der_header(buf, len, off, &h, err_off);
		if (r != MSA_OK)
			return r;
		end = depth > 0 ? ends[depth - 1u] : len;
		if (h.len > end - off - h.hdr_len) {
			/* REQ-ENC-008: runs past its enclosing value. */
			*err_off = off;
			return MSA_ERR_DER_TRUNCATED;
		}
		if ((h.tag & 0xC0u) == 0u) {     /* universal class */
			r = check_universal(buf, off + h.hdr_len, h.len, h.tag, off, err_off);
			if (r != MSA_OK)
				return r;
		}
		if ((h.tag & 0x20u) != 0u && h.len > 0u) {
			/* Constructed and not empty: descend. */
			if (depth >= MSA_MAX_DEPTH) { /* REQ-ENC-009 */
				*err_off = off;
				return MSA_ERR_DER_NESTING_TOO_DEEP;
			}
			ends[depth] = off + h.hdr_len + h.len;
			depth++;
			off += h.hdr_len;
		} else {
			off += h.hdr_len + h.len;
		}
		/* Close every value that ends here. */
		/*@ loop invariant 0 <= depth <= MSA_MAX_DEPTH;
		    loop assigns depth;
		    loop variant depth;
		 */
		while (depth > 0u && off == ends[depth - 1u])
			depth--;
	}
	return MSA_OK;
}

int
msa_der_frame(const uint8_t *buf, size_t len, size_t *pdu_len, size_t *err_off)
{
	msa_der_tlv h;
	size_t dummy, need;
	int r;

	if (err_off == NULL)
		err_off = &dummy;
	*err_off = 0;
	if (buf == NULL || pdu_len == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	if (len == 0u)
		return 1;
	/* The header reader checks the tag and the first length octet before
	 * it needs the rest, so a bad header is refused as early as possible;
	 * a header cut short only means "more bytes needed". */
	r = msa_der_header(buf, len, 0, &h, err_off);
	if (r == MSA_ERR_DER_TRUNCATED)
		return 1;
	if (r != MSA_OK)
		return r;
	need = h.hdr_len + h.len;
	if (need > MSA_MAX_PDU) {         /* REQ-ENC-010: before buffering */
		*err_off = 1;
		return MSA_ERR_DER_TOO_LARGE;
	}
	if (len < need)
		return 1;
	*pdu_len = need;
	return MSA_OK;
}
