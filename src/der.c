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
 * The pending part of the walk's frontier (msa_der_check): position
 * (o, p, d) is reached from the next sibling of the value open at some
 * level k, 1 <= k <= depth, where e_k are the end offsets of the open
 * values. Written out for the MSA_MAX_DEPTH = 8 levels (not as an
 * existential over k: the provers then need no witness for k).
 */
/*@ predicate der_pend(uint8_t *buf, integer len, integer depth,
      integer e0, integer e1, integer e2, integer e3, integer e4,
      integer e5, integer e6, integer e7, integer e8,
      integer o, integer p, integer d) =
      (depth >= 1 && e1 < e0 && der_reach(buf, len, e1, e0, 0, o, p, d))
   || (depth >= 2 && e2 < e1 && der_reach(buf, len, e2, e1, 1, o, p, d))
   || (depth >= 3 && e3 < e2 && der_reach(buf, len, e3, e2, 2, o, p, d))
   || (depth >= 4 && e4 < e3 && der_reach(buf, len, e4, e3, 3, o, p, d))
   || (depth >= 5 && e5 < e4 && der_reach(buf, len, e5, e4, 4, o, p, d))
   || (depth >= 6 && e6 < e5 && der_reach(buf, len, e6, e5, 5, o, p, d))
   || (depth >= 7 && e7 < e6 && der_reach(buf, len, e7, e6, 6, o, p, d))
   || (depth >= 8 && e8 < e7 && der_reach(buf, len, e8, e7, 7, o, p, d));
 */
#if MSA_MAX_DEPTH != 8
#error "der_pend (the proof of msa_der_check) is written out for MSA_MAX_DEPTH == 8"
#endif

/*
 * Lemma functions (ghost, no code): the first step out of a TLV position
 * of the tree (der.h's der_reach), each stated once here and proved by WP
 * on its own, then called by msa_der_check's walk.
 */
/*@ ghost
  /@ requires der_hdr_ok(buf, len, a) && der_cons(buf, a) && der_l(buf, a) > 0;
     assigns \nothing;
     ensures \forall integer o, p, d;
       der_reach(buf, len, a + der_hl(buf, a), der_end(buf, a), ad + 1, o, p, d) ==>
       der_reach(buf, len, a, ap, ad, o, p, d);
   @/
  static void der_lemma_child(const uint8_t *buf, size_t len, size_t a, size_t ap, size_t ad)
  {
  }
*/
/*@ ghost
  /@ requires der_hdr_ok(buf, len, a) && der_end(buf, a) < ap;
     assigns \nothing;
     ensures \forall integer o, p, d;
       der_reach(buf, len, der_end(buf, a), ap, ad, o, p, d) ==>
       der_reach(buf, len, a, ap, ad, o, p, d);
   @/
  static void der_lemma_next(const uint8_t *buf, size_t len, size_t a, size_t ap, size_t ad)
  {
  }
*/
/*@ ghost
  /@ assigns \nothing;
     ensures \forall integer o, p, d; der_reach(buf, len, a, ap, ad, o, p, d) ==>
       (o == a && p == ap && d == ad)
       || (der_hdr_ok(buf, len, a) && der_cons(buf, a) && der_l(buf, a) > 0
           && der_reach(buf, len, a + der_hl(buf, a), der_end(buf, a), ad + 1, o, p, d))
       || (der_hdr_ok(buf, len, a) && der_end(buf, a) < ap
           && der_reach(buf, len, der_end(buf, a), ap, ad, o, p, d));
   @/
  static void der_lemma_split(const uint8_t *buf, size_t len, size_t a, size_t ap, size_t ad)
  {
  }
*/

/*
 * The gate. Proved (make proofs): no runtime error for any (buf, len),
 * termination, and the result is MSA_OK exactly when the input is
 * der_valid (der.h): one PDU of the strict DER subset, every TLV of its
 * tree keeping the rules. An accepted input has one DER outer TLV that
 * ends exactly at len, and the offsets reported lie inside the input.
 * Each TLV of the walk is judged by check_tlv, whose result is proved to
 * be exactly der_node_ok.
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
    ensures exact: buf != \null ==> (\result == MSA_OK <==> der_valid(buf, len));
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
	/* ends[k], 1 <= k <= depth: end offset of the open constructed value
	 * at level k; ends[0] = len, the end of the whole input. */
	size_t ends[MSA_MAX_DEPTH + 1u];
	size_t depth = 0, off = 0, dummy, hl, cl;
	msa_der_tlv h;
	int r;
	/*@ ghost int desc = 0; */

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
	ends[0] = len;

	/*
	 * Walk every TLV in document order. ends[0..depth] are non-increasing,
	 * off lies before all of them. The walk's frontier: the TLV at off
	 * (when off < ends[depth]), and for each open level k the next sibling
	 * of the value that opened it (at ends[k], when ends[k] < ends[k-1]).
	 * Every position reached from the frontier is a node (sound: a
	 * rejection names a node that breaks a rule), and every node is either
	 * checked already or reached from the frontier (complete: when the
	 * frontier is empty, every node was checked).
	 */
	/*@ loop invariant 0 <= depth < MSA_MAX_DEPTH + 1;
	    loop invariant off <= len && ends[0] == len;
	    loop invariant \forall integer i; 0 <= i <= depth ==> off <= ends[i] <= len;
	    loop invariant \forall integer i, j; 0 <= i <= j <= depth ==> ends[j] <= ends[i];
	    loop invariant off == 0 ==> depth == 0;
	    loop invariant off < len ==> off < ends[depth];
	    loop invariant off > 0 ==> der_node_ok(buf, len, 0, len, 0);
	    loop invariant der_hdr_ok(buf, len, 0) && der_end(buf, 0) == len;
	    loop invariant 0 < len <= MSA_MAX_PDU;
	    loop invariant pdu_len != \null ==> *pdu_len == len;
	    loop invariant sound_cur: off < ends[depth] ==> \forall integer o, p, d;
	      der_reach(buf, len, off, ends[depth], depth, o, p, d) ==> der_node(buf, len, o, p, d);
	    loop invariant sound_pend: \forall integer k; 1 <= k <= depth ==> ends[k] < ends[k - 1] ==>
	      \forall integer o, p, d;
	      der_reach(buf, len, ends[k], ends[k - 1], k - 1, o, p, d) ==> der_node(buf, len, o, p, d);
	    loop invariant complete: \forall integer o, p, d; der_node(buf, len, o, p, d) ==>
	      der_node_ok(buf, len, o, p, d)
	      || (off < ends[depth] && der_reach(buf, len, off, ends[depth], depth, o, p, d))
	      || der_pend(buf, len, depth, ends[0], ends[1], ends[2], ends[3], ends[4], ends[5], ends[6], ends[7], ends[8], o, p, d);
	    loop assigns off, depth, ends[0 .. MSA_MAX_DEPTH], hl, cl, r, *err_off, desc;
	    loop variant len - off;
	 */
	while (off < len) {
		size_t end;

		end = ends[depth];
		r = check_tlv(buf, len, off, end, depth, &hl, &cl, err_off);
		if (r != MSA_OK) {
			/*@ assert der_node(buf, len, off, end, depth); */
			/*@ assert !der_valid(buf, len); */
			return r;
		}
		/*@ assert ok: der_node_ok(buf, len, off, end, depth); */
		/*@ ghost der_lemma_split(buf, len, off, end, depth); */
		/*@ ghost if (off + hl + cl < end) der_lemma_next(buf, len, off, end, depth); */
		if ((buf[off] & 0x20u) != 0u && cl > 0u) {
			/* Constructed and not empty: descend (check_tlv saw depth < MSA_MAX_DEPTH). */
			/*@ assert \forall integer i; 0 <= i <= depth ==> off + hl + cl <= ends[i]; */
			/*@ ghost der_lemma_child(buf, len, off, end, depth); */
			/*@ assert d_complete: \forall integer o, p, d; der_node(buf, len, o, p, d) ==>
			      der_node_ok(buf, len, o, p, d)
			      || der_reach(buf, len, off + hl, off + hl + cl, depth + 1, o, p, d)
			      || (off + hl + cl < end && der_reach(buf, len, off + hl + cl, end, depth, o, p, d))
			      || der_pend(buf, len, depth, ends[0], ends[1], ends[2], ends[3], ends[4], ends[5], ends[6], ends[7], ends[8], o, p, d); */
			depth++;
			ends[depth] = off + hl + cl;
			off += hl;
			/*@ ghost desc = 1; */
			/*@ assert d_sound_pend: \forall integer k; 1 <= k <= depth ==> ends[k] < ends[k - 1] ==>
			      \forall integer o, p, d;
			      der_reach(buf, len, ends[k], ends[k - 1], k - 1, o, p, d) ==> der_node(buf, len, o, p, d); */
			/*@ assert d_sound_cur: off < ends[depth] ==> \forall integer o, p, d;
			      der_reach(buf, len, off, ends[depth], depth, o, p, d) ==> der_node(buf, len, o, p, d); */
			/*@ assert d_complete_2: \forall integer o, p, d; der_node(buf, len, o, p, d) ==>
			      der_node_ok(buf, len, o, p, d)
			      || (off < ends[depth] && der_reach(buf, len, off, ends[depth], depth, o, p, d))
			      || der_pend(buf, len, depth, ends[0], ends[1], ends[2], ends[3], ends[4], ends[5], ends[6], ends[7], ends[8], o, p, d); */
		} else {
			/*@ assert p_complete: \forall integer o, p, d; der_node(buf, len, o, p, d) ==>
			      der_node_ok(buf, len, o, p, d)
			      || (off + hl + cl < end && der_reach(buf, len, off + hl + cl, end, depth, o, p, d))
			      || der_pend(buf, len, depth, ends[0], ends[1], ends[2], ends[3], ends[4], ends[5], ends[6], ends[7], ends[8], o, p, d); */
			off += hl + cl;
			/*@ ghost desc = 0; */
			/*@ assert p_sound_cur: off < ends[depth] ==> \forall integer o, p, d;
			      der_reach(buf, len, off, ends[depth], depth, o, p, d) ==> der_node(buf, len, o, p, d); */
			/*@ assert p_complete_2: \forall integer o, p, d; der_node(buf, len, o, p, d) ==>
			      der_node_ok(buf, len, o, p, d)
			      || (off < ends[depth] && der_reach(buf, len, off, ends[depth], depth, o, p, d))
			      || der_pend(buf, len, depth, ends[0], ends[1], ends[2], ends[3], ends[4], ends[5], ends[6], ends[7], ends[8], o, p, d); */
		}
		/* Close every value that ends here. */
		/*@ loop invariant 0 <= depth <= \at(depth, LoopEntry);
		    loop invariant \forall integer i; 0 <= i <= depth ==> off <= ends[i] <= len;
		    loop invariant \forall integer i, j; 0 <= i <= j <= depth ==> ends[j] <= ends[i];
		    loop invariant desc == 0 || desc == 1;
		    loop invariant i_sound_cur_d: desc == 1 ==> off < ends[depth] ==> \forall integer o, p, d;
		      der_reach(buf, len, off, ends[depth], depth, o, p, d) ==> der_node(buf, len, o, p, d);
		    loop invariant i_sound_pend_d: desc == 1 ==> \forall integer k; 1 <= k <= depth ==> ends[k] < ends[k - 1] ==>
		      \forall integer o, p, d;
		      der_reach(buf, len, ends[k], ends[k - 1], k - 1, o, p, d) ==> der_node(buf, len, o, p, d);
		    loop invariant i_sound_cur_p: desc == 0 ==> off < ends[depth] ==> \forall integer o, p, d;
		      der_reach(buf, len, off, ends[depth], depth, o, p, d) ==> der_node(buf, len, o, p, d);
		    loop invariant i_sound_pend_p: desc == 0 ==> \forall integer k; 1 <= k <= depth ==> ends[k] < ends[k - 1] ==>
		      \forall integer o, p, d;
		      der_reach(buf, len, ends[k], ends[k - 1], k - 1, o, p, d) ==> der_node(buf, len, o, p, d);
		    loop invariant i_complete_d: desc == 1 ==> \forall integer o, p, d; der_node(buf, len, o, p, d) ==>
		      der_node_ok(buf, len, o, p, d)
		      || (off < ends[depth] && der_reach(buf, len, off, ends[depth], depth, o, p, d))
		      || der_pend(buf, len, depth, ends[0], ends[1], ends[2], ends[3], ends[4], ends[5], ends[6], ends[7], ends[8], o, p, d);
		    loop invariant i_complete_p: desc == 0 ==> \forall integer o, p, d; der_node(buf, len, o, p, d) ==>
		      der_node_ok(buf, len, o, p, d)
		      || (off < ends[depth] && der_reach(buf, len, off, ends[depth], depth, o, p, d))
		      || der_pend(buf, len, depth, ends[0], ends[1], ends[2], ends[3], ends[4], ends[5], ends[6], ends[7], ends[8], o, p, d);
		    loop assigns depth;
		    loop variant depth;
		 */
		while (depth > 0u && off == ends[depth])
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
