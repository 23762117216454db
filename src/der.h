/*
 * der.h -- the DER gate's TLV header reader, shared with the codec.
 *
 * The ACSL below (comments to the compiler) states, in terms of the input
 * octets, what the gate accepts (spec section 4.1, REQ-ENC-002..010); the
 * contracts in der.c are proved against it by `make proofs` (proofs/).
 */
#ifndef MSA_DER_H__
#define MSA_DER_H__

#include <stddef.h>
#include <stdint.h>
#include "msa.h"

typedef struct {
	uint8_t tag;      /* identifier octet (low-tag-number form only) */
	size_t hdr_len;   /* identifier + length octets: 2..4 */
	size_t len;       /* content length, <= 0xFFFF */
} msa_der_tlv;

/*@
  // REQ-ENC-004: low-tag-number form, and not end-of-contents.
  predicate der_tag_ok(integer t) = (t & 0x1F) != 0x1F && t != 0;

  // The header of the TLV at o (identifier octet, length octets) is
  // DER (REQ-ENC-002, -003) and lies inside buf[0..len).
  predicate der_hdr_ok(uint8_t *buf, integer len, integer o) =
    0 <= o && o + 2 <= len && der_tag_ok(buf[o]) &&
    (  buf[o + 1] < 0x80
    || (buf[o + 1] == 0x81 && o + 3 <= len && buf[o + 2] >= 0x80)
    || (buf[o + 1] == 0x82 && o + 4 <= len && buf[o + 2] != 0));

  // Header length and content length of the TLV at o (meaningful when
  // der_hdr_ok holds).
  logic integer der_hl(uint8_t *buf, integer o) =
    buf[o + 1] < 0x80 ? 2 : (buf[o + 1] == 0x81 ? 3 : 4);
  logic integer der_l(uint8_t *buf, integer o) =
    buf[o + 1] < 0x80 ? buf[o + 1] :
    (buf[o + 1] == 0x81 ? buf[o + 2] : buf[o + 2] * 256 + buf[o + 3]);
  // Where the TLV at o ends (opaque to the simplifier, so that the
  // provers match it as one term).
  axiomatic DerEnd {
    logic integer der_end{L}(uint8_t *buf, integer o) reads buf[o + 1 .. o + 3];
    axiom der_end_def{L}: \forall uint8_t *buf, integer o;
      der_end(buf, o) == o + der_hl(buf, o) + der_l(buf, o);
  }
  predicate der_cons(uint8_t *buf, integer o) = (buf[o] & 0x20) != 0;

  // REQ-ENC-005..007 for a universal tag t whose content is buf[c..c+n).
  predicate der_int_minimal(uint8_t *buf, integer c, integer n) =
    n >= 1 && !(n >= 2 &&
      ((buf[c] == 0x00 && (buf[c + 1] & 0x80) == 0) ||
       (buf[c] == 0xFF && (buf[c + 1] & 0x80) != 0)));
  predicate der_univ_ok(uint8_t *buf, integer c, integer n, integer t) =
    ((t & 0x1F) == 16 || (t & 0x1F) == 17) ? (t & 0x20) != 0 :
    ((t & 0x20) == 0
     && ((t & 0x1F) == 1 ==> n == 1 && (buf[c] == 0x00 || buf[c] == 0xFF))
     && (((t & 0x1F) == 2 || (t & 0x1F) == 10) ==> der_int_minimal(buf, c, n))
     && ((t & 0x1F) == 5 ==> n == 0));

  // The rules of one TLV at o, depth d (number of enclosing values), whose
  // enclosing value ends at p: its header is DER, it ends inside its
  // enclosing value (REQ-ENC-008), a universal type has its DER form and
  // content, and it lies at most at level MSA_MAX_DEPTH, the outer TLV
  // being level 1 (REQ-ENC-009).
  predicate der_node_ok(uint8_t *buf, integer len, integer o, integer p, integer d) =
    der_hdr_ok(buf, len, o) && der_end(buf, o) <= p
    && ((buf[o] & 0xC0) != 0 || der_univ_ok(buf, o + der_hl(buf, o), der_l(buf, o), buf[o]))
    && d < MSA_MAX_DEPTH;

  // The TLV tree read from buf[0..len). der_reach(a, ap, ad, o, p, d):
  // the TLV position (o, p, d) -- a TLV starting at o, inside an
  // enclosing value that ends at p, at depth d -- is reached from the
  // position (a, ap, ad) by first-child and next-sibling steps: a
  // non-empty constructed value's content starts with its first child
  // (a + der_hl, ending at der_end(a), depth ad + 1); a TLV that ends
  // before its enclosing value is followed by its next sibling
  // (der_end(a), ap, ad). An inductive definition: the least such
  // relation (no user axiom; WP gives its cases and their inversion).
  inductive der_reach{L}(uint8_t *buf, integer len, integer a, integer ap, integer ad,
                         integer o, integer p, integer d) {
    case der_reach_here{L}: \forall uint8_t *buf, integer len, a, ap, ad;
      der_reach(buf, len, a, ap, ad, a, ap, ad);
    case der_reach_child{L}: \forall uint8_t *buf, integer len, a, ap, ad, o, p, d;
      der_hdr_ok(buf, len, a) && der_cons(buf, a) && der_l(buf, a) > 0 &&
      der_reach(buf, len, a + der_hl(buf, a), der_end(buf, a), ad + 1, o, p, d) ==>
      der_reach(buf, len, a, ap, ad, o, p, d);
    case der_reach_next{L}: \forall uint8_t *buf, integer len, a, ap, ad, o, p, d;
      der_hdr_ok(buf, len, a) && der_end(buf, a) < ap &&
      der_reach(buf, len, der_end(buf, a), ap, ad, o, p, d) ==>
      der_reach(buf, len, a, ap, ad, o, p, d);
  }

  // The nodes of the tree: the positions reached from the outer TLV (the
  // root: offset 0, enclosing "value" the whole input, depth 0), i.e. the
  // least set that holds the root and is closed under the two steps (that
  // a node's first child and next sibling are nodes needs an induction on
  // der_reach; not proved in WP, and not used: proofs/README.md).
  predicate der_node{L}(uint8_t *buf, integer len, integer o, integer p, integer d) =
    der_reach(buf, len, 0, len, 0, o, p, d);

  // buf[0..len) is one PDU in the strict DER subset of spec section 4.1:
  // not empty, at most MSA_MAX_PDU octets (REQ-ENC-010), exactly one outer
  // TLV (REQ-ENC-008), and every TLV of the tree keeps the rules.
  predicate der_valid(uint8_t *buf, integer len) =
    0 < len <= MSA_MAX_PDU && der_hdr_ok(buf, len, 0) && der_end(buf, 0) == len
    && \forall integer o, p, d; der_node(buf, len, o, p, d) ==> der_node_ok(buf, len, o, p, d);
*/

/*
 * msa_der_header: reads the TLV header at buf[off..len), off < len, with
 * the DER rules of REQ-ENC-002..004. Does not check that the content fits.
 * Returns MSA_OK, or an error with *err_off set.
 */
/*@ requires off < len;
    requires \valid_read(buf + (0 .. len - 1));
    requires \valid(h) && \valid(err_off) && \separated(h, err_off);
    assigns *h, *err_off;
    ensures \result == MSA_OK <==> der_hdr_ok(buf, len, off);
    ensures \result == MSA_OK ==> h->tag == buf[off] && h->hdr_len == der_hl(buf, off)
      && h->len == der_l(buf, off) && 2 <= h->hdr_len <= 4 && h->len <= 0xFFFF
      && off + h->hdr_len <= len;
    ensures \result != MSA_OK ==> off <= *err_off < len;
    ensures \result == MSA_ERR_DER_TAG_FORM ==> !der_tag_ok(buf[off]) && *err_off == off;
    ensures \result == MSA_ERR_DER_TRUNCATED ==> der_tag_ok(buf[off])
      && (len - off < 2 ? *err_off == off :
          (buf[off + 1] == 0x81 || buf[off + 1] == 0x82)
          && len - off - 2 < buf[off + 1] - 0x80 && *err_off == off + 1);
    ensures \result == MSA_ERR_DER_INDEFINITE_LENGTH ==> der_tag_ok(buf[off])
      && buf[off + 1] == 0x80 && *err_off == off + 1;
    ensures \result == MSA_ERR_DER_LENGTH_TOO_LONG ==> der_tag_ok(buf[off])
      && buf[off + 1] > 0x82 && *err_off == off + 1;
    ensures \result == MSA_ERR_DER_LENGTH_NOT_MINIMAL ==> der_tag_ok(buf[off])
      && (buf[off + 1] == 0x81 ? buf[off + 2] < 0x80 : buf[off + 1] == 0x82 && buf[off + 2] == 0)
      && *err_off == off + 1;
    ensures \result == MSA_OK || \result == MSA_ERR_DER_TAG_FORM || \result == MSA_ERR_DER_TRUNCATED
      || \result == MSA_ERR_DER_INDEFINITE_LENGTH || \result == MSA_ERR_DER_LENGTH_TOO_LONG
      || \result == MSA_ERR_DER_LENGTH_NOT_MINIMAL;
 */
int msa_der_header(const uint8_t *buf, size_t len, size_t off,
	msa_der_tlv *h, size_t *err_off);

#endif
