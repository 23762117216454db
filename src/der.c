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

/* Contract: in der.h (exact: the result and *err_off for every input). */
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
	n = (size_t)b - 0x80u;       /* number of length octets, 1..127 */
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
/*@ requires c + n <= len;
    requires \valid_read(buf + (0 .. len - 1));
    requires \valid(err_off);
    requires \separated(err_off, buf + (0 .. len - 1));
    assigns *err_off;
    ensures \result == MSA_OK <==> der_univ_ok(buf, c, n, tag);
    ensures \result != MSA_OK ==> *err_off == tag_off || (n > 0 && *err_off == c);
    ensures \result == MSA_OK || \result == MSA_ERR_DER_CONSTRUCTED_FORM
      || \result == MSA_ERR_DER_BOOLEAN || \result == MSA_ERR_DER_EMPTY_INTEGER
      || \result == MSA_ERR_DER_INTEGER_NOT_MINIMAL;
 */
static int
check_universal(const uint8_t *buf, size_t len, size_t c, size_t n, uint8_t tag,
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
		/* c < len always holds (c + n <= len): said for Eva. */
		if (n != 1u || c >= len || (buf[c] != 0x00u && buf[c] != 0xFFu)) {
			*err_off = tag_off;       /* REQ-ENC-017: the tag octet */
			return MSA_ERR_DER_BOOLEAN;
		}
		break;
	case U_INTEGER:
	case U_ENUMERATED:
		if (n == 0u) {
			*err_off = tag_off;
			return MSA_ERR_DER_EMPTY_INTEGER;
		}
		if (n >= 2u && c + 1u < len && ((buf[c] == 0x00u && (buf[c + 1u] & 0x80u) == 0u)
			|| (buf[c] == 0xFFu && (buf[c + 1u] & 0x80u) != 0u))) {
			*err_off = tag_off;       /* REQ-ENC-017: the tag octet */
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

/*
 * The rules of one TLV of the walk (spec 4.1): the TLV at off, inside an
 * enclosing value that ends at `end`, with `depth` values open around it.
 */
/*@ requires off < end <= len && depth <= MSA_MAX_DEPTH;
    requires \valid_read(buf + (0 .. len - 1));
    requires \valid(hl) && \valid(cl) && \valid(err_off) && \separated(hl, cl, err_off);
    requires \separated(err_off, buf + (0 .. len - 1));
    assigns *hl, *cl, *err_off;
    ensures \result == MSA_OK <==> der_node_ok(buf, len, off, end, depth);
    ensures \result == MSA_OK ==> *hl == der_hl(buf, off) && *cl == der_l(buf, off)
      && 2 <= *hl && off + *hl + *cl <= end && der_end(buf, off) == off + *hl + *cl;
    ensures \result != MSA_OK ==> off <= *err_off < len;
    ensures \result == MSA_OK || \result == MSA_ERR_DER_TRUNCATED
      || \result == MSA_ERR_DER_INDEFINITE_LENGTH || \result == MSA_ERR_DER_LENGTH_NOT_MINIMAL
      || \result == MSA_ERR_DER_LENGTH_TOO_LONG || \result == MSA_ERR_DER_TAG_FORM
      || \result == MSA_ERR_DER_CONSTRUCTED_FORM || \result == MSA_ERR_DER_NESTING_TOO_DEEP
      || \result == MSA_ERR_DER_INTEGER_NOT_MINIMAL || \result == MSA_ERR_DER_BOOLEAN
      || \result == MSA_ERR_DER_EMPTY_INTEGER;
 */
static int
check_tlv(const uint8_t *buf, size_t len, size_t off, size_t end, size_t depth,
	size_t *hl, size_t *cl, size_t *err_off)
{
	msa_der_tlv tlv, *h = &tlv;
	int r;

	if (end > len || off >= end) {   /* never (see requires): for Eva */
		*err_off = off < len ? off : 0;
		return MSA_ERR_DER_TRUNCATED;
	}
	r = msa_der_header(buf, len, off, h, err_off);
	if (r != MSA_OK)
		return r;
	if (h->hdr_len + h->len > end - off) {
		/* REQ-ENC-008: runs past its enclosing value. */
		*err_off = off;
		return MSA_ERR_DER_TRUNCATED;
	}
	if ((h->tag & 0xC0u) == 0u) {     /* universal class */
		r = check_universal(buf, len, off + h->hdr_len, h->len, h->tag, off, err_off);
		if (r != MSA_OK)
			return r;
	}
	if (depth >= MSA_MAX_DEPTH) {
		*err_off = off;       /* REQ-ENC-009: any TLV at level 9 (depth 8) */
		return MSA_ERR_DER_NESTING_TOO_DEEP;
	}
	*hl = h->hdr_len;
	*cl = h->len;
	return MSA_OK;
}

/*
 * The gate. Proved (make proofs): no runtime error for any (buf, len),
 * termination, every rejection of the outer TLV is right (the input is
 * not der_valid), an accepted input has one DER outer TLV that ends
 * exactly at len, and the offsets reported lie inside the input. Each TLV
 * of the walk is judged by check_tlv, whose result is proved to be exactly
 * der_node_ok. Not yet proved: that the walk visits exactly the TLVs of
 * der_node (so that accepted <==> der_valid); see proofs/README.md.
 */
/*@ requires buf == \null || \valid_read(buf + (0 .. len - 1));
    requires err_off == \null || \valid(err_off);
    requires pdu_len == \null || \valid(pdu_len);
    requires err_off != \null && pdu_len != \null ==> \separated(err_off, pdu_len);
    requires buf != \null && err_off != \null ==> \separated(buf + (0 .. len - 1), err_off);
    requires buf != \null && pdu_len != \null ==> \separated(buf + (0 .. len - 1), pdu_len);
    assigns *pdu_len, *err_off;
    ensures \result == MSA_OK || \result == MSA_ERR_DER_TRUNCATED
      || \result == MSA_ERR_DER_INDEFINITE_LENGTH || \result == MSA_ERR_DER_LENGTH_NOT_MINIMAL
      || \result == MSA_ERR_DER_LENGTH_TOO_LONG || \result == MSA_ERR_DER_TAG_FORM
      || \result == MSA_ERR_DER_CONSTRUCTED_FORM || \result == MSA_ERR_DER_TRAILING_BYTES
      || \result == MSA_ERR_DER_NESTING_TOO_DEEP || \result == MSA_ERR_DER_TOO_LARGE
      || \result == MSA_ERR_DER_INTEGER_NOT_MINIMAL || \result == MSA_ERR_DER_BOOLEAN
      || \result == MSA_ERR_DER_EMPTY_INTEGER;
    ensures outer: \result == MSA_OK ==> buf != \null && 0 < len <= MSA_MAX_PDU
      && der_hdr_ok(buf, len, 0) && der_end(buf, 0) == len
      && der_node_ok(buf, len, 0, len, 0);
    ensures pdu_len: \result == MSA_OK && pdu_len != \null ==> *pdu_len == len;
    ensures err_off: \result != MSA_OK && err_off != \null ==>
      (len == 0 && *err_off == 0) || *err_off < len;
    ensures too_large: \result == MSA_ERR_DER_TOO_LARGE <==> buf != \null && len > MSA_MAX_PDU;
 */
int
msa_der_check(const uint8_t *buf, size_t len, size_t *pdu_len, size_t *err_off)
{
	size_t ends[MSA_MAX_DEPTH];   /* end offset of each open constructed value */
	size_t depth = 0, off = 0, dummy, hl, cl;
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
	if (r != MSA_OK) {
		/*@ assert !der_valid(buf, len); */
		return r;
	}
	if (h.len > len - h.hdr_len) {
		*err_off = 0;
		/*@ assert !der_valid(buf, len); */
		return MSA_ERR_DER_TRUNCATED;
	}
	if (h.hdr_len + h.len != len) {   /* REQ-ENC-008 */
		*err_off = h.hdr_len + h.len;
		/*@ assert !der_valid(buf, len); */
		return MSA_ERR_DER_TRAILING_BYTES;
	}
	if (pdu_len != NULL)
		*pdu_len = len;

	/*
	 * Walk every TLV in document order. ends[0..depth) are the end offsets
	 * of the open constructed values (non-increasing, each <= len) and off
	 * lies before all of them; the TLV at off is a node of the tree at the
	 * current depth, inside the innermost open value.
	 */
	/*@ loop invariant 0 <= depth <= MSA_MAX_DEPTH;
	    loop invariant off <= len;
	    loop invariant \forall integer i; 0 <= i < depth ==> off <= ends[i] <= len;
	    loop invariant \forall integer i, j; 0 <= i <= j < depth ==> ends[j] <= ends[i];
	    loop invariant off == 0 ==> depth == 0;
	    loop invariant off < len ==> off < (depth == 0 ? len : ends[depth - 1]);
	    loop invariant off > 0 ==> der_node_ok(buf, len, 0, len, 0);
	    loop invariant der_hdr_ok(buf, len, 0) && der_end(buf, 0) == len;
	    loop invariant pdu_len != \null ==> *pdu_len == len;
	    loop assigns off, depth, ends[0 .. MSA_MAX_DEPTH - 1],
	      hl, cl, r, *err_off;
	    loop variant len - off;
	 */
	while (off < len) {
		size_t end;

		end = depth > 0 ? ends[depth - 1u] : len;
		r = check_tlv(buf, len, off, end, depth, &hl, &cl, err_off);
		if (r != MSA_OK) {
			return r;
		}
		if ((buf[off] & 0x20u) != 0u && cl > 0u) {
			/* Constructed and not empty: descend (check_tlv saw depth < MSA_MAX_DEPTH). */
			/*@ assert \forall integer i; 0 <= i < depth ==> off + hl + cl <= ends[i]; */
			ends[depth] = off + hl + cl;
			depth++;
			off += hl;
		} else {
			off += hl + cl;
		}
		/* Close every value that ends here. */
		/*@ loop invariant 0 <= depth <= \at(depth, LoopEntry);
		    loop invariant \forall integer i; 0 <= i < depth ==> off <= ends[i] <= len;
		    loop invariant \forall integer i, j; 0 <= i <= j < depth ==> ends[j] <= ends[i];
		    loop assigns depth;
		    loop variant depth;
		 */
		while (depth > 0u && off == ends[depth - 1u])
			depth--;
	}
	return MSA_OK;
}

/*@ requires buf == \null || \valid_read(buf + (0 .. len - 1));
    requires err_off == \null || \valid(err_off);
    requires pdu_len == \null || \valid(pdu_len);
    requires err_off != \null && pdu_len != \null ==> \separated(err_off, pdu_len);
    requires buf != \null && err_off != \null ==> \separated(buf + (0 .. len - 1), err_off);
    requires buf != \null && pdu_len != \null ==> \separated(buf + (0 .. len - 1), pdu_len);
    assigns *pdu_len, *err_off;
    ensures bad_argument: \result == MSA_ERR_BAD_ARGUMENT <==> buf == \null || pdu_len == \null;
    ensures whole: \result == MSA_OK ==> der_hdr_ok(buf, len, 0)
      && *pdu_len == der_end(buf, 0) && *pdu_len <= len && *pdu_len <= MSA_MAX_PDU;
    ensures framed: buf != \null && pdu_len != \null && der_hdr_ok(buf, len, 0)
      && der_end(buf, 0) <= len && der_end(buf, 0) <= MSA_MAX_PDU ==> \result == MSA_OK;
    ensures too_large: buf != \null && pdu_len != \null && der_hdr_ok(buf, len, 0)
      && der_end(buf, 0) > MSA_MAX_PDU ==> \result == MSA_ERR_DER_TOO_LARGE;
    ensures more: \result == 1 ==> len == 0
      || (der_hdr_ok(buf, len, 0) && len < der_end(buf, 0) <= MSA_MAX_PDU)
      || (!der_hdr_ok(buf, len, 0) && len < 4 && der_tag_ok(buf[0])
          && (len == 1 || buf[1] == 0x81 || buf[1] == 0x82));
    ensures error: \result < 0 && \result != MSA_ERR_BAD_ARGUMENT && err_off != \null ==>
      *err_off < len && (!der_hdr_ok(buf, len, 0) || der_end(buf, 0) > MSA_MAX_PDU);
    ensures \result == MSA_OK || \result == 1 || \result < 0;
 */
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
