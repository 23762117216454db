/*
 * record.c -- the record layer's small pure functions: the fast strict
 * parser of a ProtectedPdu, the header encoder, the AEAD nonce and the
 * datagram replay window (spec 12; REQ-DT-004, 005, 021). Each is bounded
 * by its (buf, len); the ACSL contracts are proved by `make proofs`
 * (proofs/), against the DER predicates of der.h.
 */
#include "engine.h"
#include "der.h"

/*@
  // A TLV header with identifier octet `tag` at o whose length is DER as
  // the gate reads it (der_hdr_ok without the tag rule, which holds of
  // every tag record.c uses: definite, minimal, at most two length
  // octets), and whose content lies inside buf[0..len).
  predicate rec_tl_ok(uint8_t *buf, integer len, integer o, integer tag) =
    0 <= o && o + 2 <= len && buf[o] == tag
    && (  buf[o + 1] < 0x80
       || (buf[o + 1] == 0x81 && o + 3 <= len && buf[o + 2] >= 0x80)
       || (buf[o + 1] == 0x82 && o + 4 <= len && buf[o + 2] != 0))
    && o + der_hl(buf, o) + der_l(buf, o) <= len;

  // The big-endian value of c[0..n).
  logic integer be_val{L}(uint8_t *c, integer n) =
    n <= 0 ? 0 : be_val(c, n - 1) * 256 + c[n - 1];

  // A minimal non-negative DER INTEGER content c[0..n) of 1..maxlen octets
  // whose value is at most vmax (REQ-ENC-006 and the module's ranges).
  predicate uint_ok{L}(uint8_t *c, integer n, integer maxlen, integer vmax) =
    1 <= n <= maxlen && (c[0] & 0x80) == 0
    && !(n > 1 && c[0] == 0 && (c[1] & 0x80) == 0)
    && be_val(c, n) <= vmax;

  // The DER length of a minimal non-negative INTEGER content for v.
  logic integer uint_len(integer v) =
    v < 0x80 ? 1 : v < 0x8000 ? 2 : v < 0x800000 ? 3 : v < 0x80000000 ? 4 : 5;

  // The header length msa_rec_tl writes for a content of len octets.
  logic integer rec_tl_len(integer len) = len < 0x80 ? 2 : len < 0x100 ? 3 : 4;

  // The end of the TLV at o (its next sibling's offset).
  logic integer rec_nx(uint8_t *buf, integer o) = o + der_hl(buf, o) + der_l(buf, o);

  // An INTEGER field at o, inside a value that ends at he: minimal,
  // non-negative, 1..maxlen octets, at most vmax.
  predicate rec_fint(uint8_t *buf, integer he, integer o, integer tag,
      integer maxlen, integer vmax) =
    rec_tl_ok(buf, he, o, tag)
    && uint_ok(buf + (o + der_hl(buf, o)), der_l(buf, o), maxlen, vmax);

  // buf[a..he) is the content of a RecordHeader (asn1/msa.asn1): [0] aid
  // of 4 octets, [1] type 0..6, [2] generation 0..65535, [3] seq
  // 0..2^32-1, in this order, each in canonical DER, and nothing else.
  predicate rec_fields(uint8_t *buf, integer a, integer he) =
    rec_tl_ok(buf, he, a, 0x80) && der_l(buf, a) == MSA_AID_LEN
    && rec_fint(buf, he, rec_nx(buf, a), 0x81, 1, 6)
    && rec_fint(buf, he, rec_nx(buf, rec_nx(buf, a)), 0x82, 3, 65535)
    && rec_fint(buf, he, rec_nx(buf, rec_nx(buf, rec_nx(buf, a))), 0x83, 5, 0xFFFFFFFF)
    && rec_nx(buf, rec_nx(buf, rec_nx(buf, rec_nx(buf, a)))) == he;

  // buf[0..len) is one ProtectedPdu in canonical DER (spec 12.1,
  // ProtectedPdu ::= SEQUENCE { header, body, icv } under [4]): the outer
  // A4 ending at len; the header A0 holding rec_fields; the body [1] of at
  // most MSA_MAX_DATA octets; the icv [2] of 16..32 octets ending at len.
  predicate rec_ok(uint8_t *buf, integer len) =
    rec_tl_ok(buf, len, 0, 0xA4) && rec_nx(buf, 0) == len
    && \let h = der_hl(buf, 0);
       rec_tl_ok(buf, len, h, 0xA0)
    && rec_fields(buf, h + der_hl(buf, h), rec_nx(buf, h))
    && \let b = rec_nx(buf, h);
       rec_tl_ok(buf, len, b, 0x81) && der_l(buf, b) <= MSA_MAX_DATA
    && \let i = rec_nx(buf, b);
       rec_tl_ok(buf, len, i, 0x82) && 16 <= der_l(buf, i) <= 32
    && rec_nx(buf, i) == len;

  // Replay window (REQ-DT-021): seq is new for (top, bits).
  predicate rw_fresh(integer top, integer bits, integer seq) =
    top == 0 || seq >= top
    || (top - 1 - seq < 64 && ((bits >> (top - 1 - seq)) & 1) == 0);
*/

/* Reads a DER TLV header at buf[*off..len) with tag `tag`: minimal
 * definite length, content inside the input. Returns 1 and sets *clen
 * and advances *off past the header, or 0. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid(off) && \valid(clen) && \separated(off, clen);
    assigns *off, *clen;
    behavior ok:
      assumes rec_tl_ok(buf, len, *off, tag);
      ensures \result == 1;
      ensures *off == \old(*off) + der_hl(buf, \old(*off));
      ensures *clen == der_l(buf, \old(*off));
      ensures *off + *clen <= len;
    behavior bad:
      assumes !rec_tl_ok(buf, len, *off, tag);
      assigns \nothing;
      ensures \result == 0;
    complete behaviors;
    disjoint behaviors;
 */
static MSA_HOT int
rd_tl(const uint8_t *buf, size_t len, size_t *off, uint8_t tag, size_t *clen)
{
	size_t o = *off, n;

	if (o >= len || len - o < 2u || buf[o] != tag)
		return 0;
	o++;
	if (buf[o] < 0x80u) {
		n = buf[o];
		o++;
	} else if (buf[o] == 0x81u) {
		if (len - o < 2u || buf[o + 1u] < 0x80u)
			return 0;
		n = buf[o + 1u];
		o += 2u;
	} else if (buf[o] == 0x82u) {
		if (len - o < 3u || buf[o + 1u] == 0u)
			return 0;
		n = (size_t)buf[o + 1u] * 256u + buf[o + 2u];
		o += 3u;
	} else {
		return 0;
	}
	if (n > len - o)
		return 0;
	*off = o;
	*clen = n;
	return 1;
}

/* A minimal non-negative INTEGER content of at most maxlen octets whose
 * value is at most vmax: 1 and *v, or 0. */
/*@ requires 1 <= maxlen <= 5;
    requires \valid_read(c + (0 .. n - 1));
    requires \valid(v);
    assigns *v;
    behavior ok:
      assumes uint_ok(c, n, maxlen, vmax);
      ensures \result == 1 && *v == be_val(c, n);
    behavior bad:
      assumes !uint_ok(c, n, maxlen, vmax);
      assigns \nothing;
      ensures \result == 0;
    complete behaviors;
    disjoint behaviors;
 */
static MSA_HOT int
rd_uint(const uint8_t *c, size_t n, size_t maxlen, uint32_t vmax, uint32_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0 || n > maxlen || (c[0] & 0x80u) != 0)
		return 0;
	if (n > 1u && c[0] == 0 && (c[1] & 0x80u) == 0)
		return 0;
	/*@ loop invariant 0 <= i <= n;
	    loop invariant x == be_val(c, i);
	    loop invariant i <= 1 ==> x < 0x100;
	    loop invariant i <= 2 ==> x < 0x10000;
	    loop invariant i <= 3 ==> x < 0x1000000;
	    loop invariant i <= 4 ==> x < 0x100000000;
	    loop invariant x < 0x10000000000;
	    loop assigns i, x;
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		x = x * 256u + c[i];
	if (x > vmax)
		return 0;
	*v = (uint32_t)x;
	return 1;
}

/* The RecordHeader's fields in buf[a..he): aid, type, generation, seq.
 * 1 exactly for rec_fields; then r->aid, type, gen and seq are set (on 0
 * some may be). */
/*@ requires 0 <= a <= he;
    requires \valid_read(buf + (0 .. he - 1));
    requires \valid(r);
    assigns r->aid, r->type, r->gen, r->seq;
    ensures \result == 0 || \result == 1;
    ensures exact: \result == 1 <==> rec_fields(buf, a, he);
    ensures len: \result == 1 ==> 15 <= he - a <= MSA_REC_HDR_MAX - 2;
    ensures aid: \result == 1 ==> der_hl(buf, a) == 2
      && buf[a] == 0x80 && buf[a + 1] == MSA_AID_LEN && r->aid == buf + (a + 2);
    ensures type: \result == 1 ==> buf[a + 6] == 0x81 && buf[a + 7] == 1
      && uint_ok(buf + (a + 8), 1, 1, 6) && r->type == buf[a + 8];
    ensures gen: \result == 1 ==> rec_tl_ok(buf, he, a + 9, 0x82)
      && der_hl(buf, a + 9) == 2
      && uint_ok(buf + (a + 11), der_l(buf, a + 9), 3, 65535)
      && r->gen == be_val(buf + (a + 11), der_l(buf, a + 9));
    ensures seq_tl: \result == 1 ==> \let s = a + 11 + der_l(buf, a + 9);
      rec_tl_ok(buf, he, s, 0x83) && der_hl(buf, s) == 2;
    ensures seq_val: \result == 1 ==> \let s = a + 11 + der_l(buf, a + 9);
      uint_ok(buf + (s + 2), der_l(buf, s), 5, 0xFFFFFFFF)
      && r->seq == be_val(buf + (s + 2), der_l(buf, s));
    ensures seq_end: \result == 1 ==> \let s = a + 11 + der_l(buf, a + 9);
      s + 2 + der_l(buf, s) == he;
 */
static int
rd_fields(const uint8_t *buf, size_t a, size_t he, msa_rec *r)
{
	size_t off = a, n;
	uint32_t t;

	if (!rd_tl(buf, he, &off, 0x80u, &n) || n != MSA_AID_LEN)
		return 0;
	r->aid = buf + off;
	off += n;
	/*@ assert s_aid: off == rec_nx(buf, a); */
	if (!rd_tl(buf, he, &off, 0x81u, &n) || !rd_uint(buf + off, n, 1, 6, &t))
		return 0;
	/*@ assert f_type: rec_fint(buf, he, rec_nx(buf, a), 0x81, 1, 6); */
	r->type = t;
	off += n;
	/*@ assert s_type: off == rec_nx(buf, rec_nx(buf, a)); */
	if (!rd_tl(buf, he, &off, 0x82u, &n) || !rd_uint(buf + off, n, 3, 65535u, &r->gen))
		return 0;
	/*@ assert f_gen: rec_fint(buf, he, rec_nx(buf, rec_nx(buf, a)), 0x82, 3, 65535); */
	off += n;
	/*@ assert s_gen: off == rec_nx(buf, rec_nx(buf, rec_nx(buf, a))); */
	if (!rd_tl(buf, he, &off, 0x83u, &n) || !rd_uint(buf + off, n, 5, 0xFFFFFFFFu, &r->seq))
		return 0;
	/*@ assert f_seq: rec_fint(buf, he, rec_nx(buf, rec_nx(buf, rec_nx(buf, a))), 0x83, 5,
	      0xFFFFFFFF); */
	off += n;
	/*@ assert s_seq: off == rec_nx(buf, rec_nx(buf, rec_nx(buf, rec_nx(buf, a)))); */
	return off == he;
}

/*
 * On success the PDU is partitioned as spec 12.1 and the module say
 * (ProtectedPdu ::= SEQUENCE { header RecordHeader, body, icv }): outer
 * TLV A4 ending at len, then the header TLV (A0: [0] aid, [1] type,
 * [2] generation, [3] seq, each minimal and in range), the body TLV (81)
 * and the icv TLV (82), back to back, the icv ending at len.
 */
/*@ requires buf == \null || \valid_read(buf + (0 .. len - 1));
    requires r == \null || \valid(r);
    assigns *r;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> buf != \null && r != \null;
    ensures sound: \result == 1 ==> rec_ok(buf, len);
    ensures complete: buf != \null && r != \null && rec_ok(buf, len) ==> \result == 1;
    ensures outer: \result == 1 ==> rec_tl_ok(buf, len, 0, 0xA4)
      && der_hl(buf, 0) + der_l(buf, 0) == len && len <= MSA_MAX_PDU;
    ensures header: \result == 1 ==> r->hdr_off == der_hl(buf, 0)
      && rec_tl_ok(buf, len, r->hdr_off, 0xA0)
      && r->hdr_len == der_hl(buf, r->hdr_off) + der_l(buf, r->hdr_off)
      && r->hdr_len <= MSA_REC_HDR_MAX;
    ensures aid: \result == 1 ==> der_hl(buf, r->hdr_off) == 2
      && buf[r->hdr_off + 2] == 0x80 && buf[r->hdr_off + 3] == MSA_AID_LEN
      && r->aid == buf + (r->hdr_off + 4);
    ensures type: \result == 1 ==> buf[r->hdr_off + 8] == 0x81 && buf[r->hdr_off + 9] == 1
      && uint_ok(buf + (r->hdr_off + 10), 1, 1, 6) && r->type == buf[r->hdr_off + 10];
    ensures gen: \result == 1 ==> rec_tl_ok(buf, len, r->hdr_off + 11, 0x82)
      && der_hl(buf, r->hdr_off + 11) == 2
      && uint_ok(buf + (r->hdr_off + 13), der_l(buf, r->hdr_off + 11), 3, 65535)
      && r->gen == be_val(buf + (r->hdr_off + 13), der_l(buf, r->hdr_off + 11));
    ensures seq_tl: \result == 1 ==> \let s = r->hdr_off + 13 + der_l(buf, r->hdr_off + 11);
      rec_tl_ok(buf, len, s, 0x83) && der_hl(buf, s) == 2;
    ensures seq_val: \result == 1 ==> \let s = r->hdr_off + 13 + der_l(buf, r->hdr_off + 11);
      uint_ok(buf + (s + 2), der_l(buf, s), 5, 0xFFFFFFFF)
      && r->seq == be_val(buf + (s + 2), der_l(buf, s));
    ensures seq_end: \result == 1 ==> \let s = r->hdr_off + 13 + der_l(buf, r->hdr_off + 11);
      s + 2 + der_l(buf, s) == r->hdr_off + r->hdr_len;
    ensures body: \result == 1 ==> \let b = r->hdr_off + r->hdr_len;
      rec_tl_ok(buf, len, b, 0x81)
      && r->body_off == b + der_hl(buf, b) && r->body_len == der_l(buf, b)
      && r->body_len <= MSA_MAX_DATA;
    ensures icv: \result == 1 ==> \let i = r->body_off + r->body_len;
      rec_tl_ok(buf, len, i, 0x82)
      && r->icv_off == i + der_hl(buf, i) && r->icv_len == der_l(buf, i)
      && 16 <= r->icv_len <= 32 && r->icv_off + r->icv_len == len;
 */
int
msa_rec_parse(const uint8_t *buf, size_t len, msa_rec *r)
{
	size_t off = 0, n, hend, end;

	if (buf == NULL || r == NULL || !rd_tl(buf, len, &off, 0xA4u, &n) || off + n != len)
		return 0;
	end = len;
	/* header [0] RecordHeader */
	r->hdr_off = off;
	if (!rd_tl(buf, end, &off, 0xA0u, &n))
		return 0;
	hend = off + n;
	r->hdr_len = hend - r->hdr_off;
	if (!rd_fields(buf, off, hend, r))
		return 0;
	/* Never true after rd_fields (its four fields take 15..21 octets);
	 * stated here, the bound reaches Eva's non-relational state-machine
	 * run, which then sees that no input of 38 octets or fewer is a
	 * record (proofs/eva_stm.c). */
	if (hend - off < 15u)
		return 0;
	off = hend;
	/* body [1] OCTET STRING (0..16384) */
	if (!rd_tl(buf, end, &off, 0x81u, &n) || n > MSA_MAX_DATA)
		return 0;
	r->body_off = off;
	r->body_len = n;
	off += n;
	/* icv [2] OCTET STRING (16..32) */
	if (!rd_tl(buf, end, &off, 0x82u, &n) || n < 16u || n > 32u)
		return 0;
	r->icv_off = off;
	r->icv_len = n;
	off += n;
	return off == end;
}

/*@ assigns \nothing;
    ensures \result == rec_tl_len(len);
 */
size_t
msa_rec_tl_len(size_t len)
{
	return len < 0x80u ? 2u : len < 0x100u ? 3u : 4u;
}

/* The header it writes is one the gate and msa_rec_parse read back: DER,
 * minimal, with content length len. */
/*@ requires len <= 0xFFFF;
    requires der_tag_ok(tag);
    requires \valid(out + (0 .. rec_tl_len(len) - 1));
    assigns out[0 .. rec_tl_len(len) - 1];
    ensures \result == rec_tl_len(len);
    ensures out[0] == tag && der_hdr_ok(out, \result, 0);
    ensures der_hl(out, 0) == \result && der_l(out, 0) == len;
 */
size_t
msa_rec_tl(uint8_t *out, uint8_t tag, size_t len)
{
	out[0] = tag;
	if (len < 0x80u) {
		out[1] = (uint8_t)len;
		return 2;
	}
	if (len < 0x100u) {
		out[1] = 0x81u;
		out[2] = (uint8_t)len;
		return 3;
	}
	out[1] = 0x82u;
	out[2] = (uint8_t)(len / 256u);
	out[3] = (uint8_t)(len % 256u);
	return 4;
}

/* A minimal non-negative INTEGER TLV with context tag `tag`. */
/*@ requires \valid(out + (0 .. 6));
    assigns out[0 .. 6];
    ensures \result == 2 + uint_len(v);
    ensures out[0] == tag && out[1] == uint_len(v);
 */
static size_t
wr_uint(uint8_t *out, uint8_t tag, uint32_t v)
{
	uint8_t b[5];
	size_t n = 0, i;

	/*@ loop invariant 0 <= n <= 3;
	    loop invariant n == 0 ==> v == \at(v, Pre);
	    loop invariant n == 1 ==> v == \at(v, Pre) / 0x100 && v != 0;
	    loop invariant n == 2 ==> v == \at(v, Pre) / 0x10000 && v != 0;
	    loop invariant n == 3 ==> v == \at(v, Pre) / 0x1000000 && v != 0;
	    loop invariant n >= 1 ==> b[0] == \at(v, Pre) % 0x100;
	    loop invariant n >= 2 ==> b[1] == \at(v, Pre) / 0x100 % 0x100;
	    loop invariant n >= 3 ==> b[2] == \at(v, Pre) / 0x10000 % 0x100;
	    loop assigns n, v, b[0 .. 3];
	    loop variant 4 - n;
	 */
	do {
		b[n++] = (uint8_t)(v % 256u);
		v /= 256u;
	} while (v != 0);
	if (b[n - 1u] >= 0x80u)       /* the sign bit: one more octet */
		b[n++] = 0;
	out[0] = tag;
	out[1] = (uint8_t)n;
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, out[2 .. 6];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		out[2u + i] = b[n - 1u - i];
	return 2u + n;
}

/* type and gen are in the module's ranges (the engine's GEN_MAX), so the
 * header fits in MSA_REC_HDR_MAX octets and its length in one octet. */
/*@ requires type <= 6 && gen <= 65535;
    requires \valid(out + (0 .. MSA_REC_HDR_MAX - 1));
    requires \valid_read(aid + (0 .. MSA_AID_LEN - 1));
    requires \separated(out + (0 .. MSA_REC_HDR_MAX - 1), aid + (0 .. MSA_AID_LEN - 1));
    assigns out[0 .. MSA_REC_HDR_MAX - 1];
    ensures \result == 2 + 6 + 3 + 2 + uint_len(gen) + 2 + uint_len(seq);
    ensures \result <= MSA_REC_HDR_MAX;
    ensures out[0] == 0xA0 && out[1] == \result - 2;
    ensures rec_tl_ok(out, \result, 0, 0xA0) && der_hl(out, 0) + der_l(out, 0) == \result;
    ensures out[2] == 0x80 && out[3] == MSA_AID_LEN;
    ensures \forall integer k; 0 <= k < MSA_AID_LEN ==> out[4 + k] == aid[k];
    ensures out[8] == 0x81 && out[9] == 1;
    ensures out[11] == 0x82 && out[12] == uint_len(gen);
    ensures out[13 + uint_len(gen)] == 0x83 && out[14 + uint_len(gen)] == uint_len(seq);
 */
size_t
msa_rec_header(uint8_t *out, const uint8_t aid[MSA_AID_LEN], unsigned type,
	uint32_t gen, uint32_t seq)
{
	size_t o = 2, i;

	out[o++] = 0x80u;
	out[o++] = MSA_AID_LEN;
	/*@ loop invariant 0 <= i <= MSA_AID_LEN;
	    loop invariant \forall integer k; 0 <= k < i ==> out[4 + k] == aid[k];
	    loop assigns i, out[4 .. 7];
	    loop variant MSA_AID_LEN - i;
	 */
	for (i = 0; i < MSA_AID_LEN; i++)
		out[o + i] = aid[i];
	o += MSA_AID_LEN;
	o += wr_uint(out + o, 0x81u, type);
	o += wr_uint(out + o, 0x82u, gen);
	o += wr_uint(out + o, 0x83u, seq);
	out[0] = 0xA0u;
	out[1] = (uint8_t)(o - 2u);
	return o;
}

/* REQ-DT-005: the octet i of iv XOR the octet i of 0^8 || uint32_be(seq).
 * Each XOR is reduced modulo 256 before the conversion (the same value:
 * both operands are octets), so that no conversion can lose bits. */
/*@ requires \valid_read(iv + (0 .. 11)) && \valid(nonce + (0 .. 11));
    requires \separated(iv + (0 .. 11), nonce + (0 .. 11));
    assigns nonce[0 .. 11];
    ensures \forall integer k; 0 <= k < 8 ==> nonce[k] == iv[k];
    ensures nonce[8] == (iv[8] ^ (seq >> 24)) % 256;
    ensures nonce[9] == (iv[9] ^ (seq >> 16)) % 256;
    ensures nonce[10] == (iv[10] ^ (seq >> 8)) % 256;
    ensures nonce[11] == (iv[11] ^ seq) % 256;
 */
void
msa_rec_nonce(const uint8_t iv[12], uint32_t seq, uint8_t nonce[12])
{
	size_t i;

	/*@ loop invariant 0 <= i <= 8;
	    loop invariant \forall integer k; 0 <= k < i ==> nonce[k] == iv[k];
	    loop assigns i, nonce[0 .. 7];
	    loop variant 8 - i;
	 */
	for (i = 0; i < 8u; i++)
		nonce[i] = iv[i];
	nonce[8] = (uint8_t)((iv[8] ^ (seq >> 24)) % 256u);
	nonce[9] = (uint8_t)((iv[9] ^ (seq >> 16)) % 256u);
	nonce[10] = (uint8_t)((iv[10] ^ (seq >> 8)) % 256u);
	nonce[11] = (uint8_t)((iv[11] ^ seq) % 256u);
}

/*@ assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> rw_fresh(top, bits, seq);
 */
int
msa_rw_fresh(uint32_t top, uint64_t bits, uint32_t seq)
{
	uint32_t d;

	if (top == 0 || seq >= top)
		return 1;                      /* the first, or above the highest */
	d = top - 1u - seq;                    /* 0 = the highest itself */
	if (d >= 64u)
		return 0;                      /* too old */
	return ((bits >> d) & 1u) == 0;
}

/* Bits: the window moves up by `shift` one position at a time (each step
 * drops bit 63 and doubles, which never wraps): the same value as
 * bits << shift, with no unsigned overflow for the proof to admit. */
/*@ requires \valid(top) && \valid(bits) && \separated(top, bits);
    assigns *top \from *top, seq;
    assigns *bits \from *bits, *top, seq;
    behavior last:
      assumes seq == 0xFFFFFFFF;
      assigns \nothing;
    behavior above:
      assumes seq != 0xFFFFFFFF && (*top == 0 || seq >= *top);
      ensures *top == seq + 1;
      ensures !rw_fresh(*top, *bits, seq);
    behavior below:
      assumes seq != 0xFFFFFFFF && *top != 0 && seq < *top;
      ensures *top == \old(*top);
      ensures *top - 1 - seq < 64 ==> !rw_fresh(*top, *bits, seq);
    complete behaviors;
    disjoint behaviors;
 */
void
msa_rw_accept(uint32_t *top, uint64_t *bits, uint32_t seq)
{
	uint32_t shift, d, k;

	/* seq + 1 must not wrap to 0 ("nothing accepted"): the engine never
	 * commits 2^32-1 (every usage limit is below it, REQ-KR-019), and this
	 * function refuses it too, so that a replay can never look fresh. */
	if (seq == 0xFFFFFFFFu)
		return;

	if (*top == 0 || seq >= *top) {
		shift = *top == 0 ? 64u : seq + 1u - *top;
		if (shift >= 64u) {
			*bits = 0;
		} else {
			/*@ loop invariant 0 <= k <= shift;
			    loop assigns k, *bits;
			    loop variant shift - k;
			 */
			for (k = 0; k < shift; k++)
				*bits = *bits % 0x8000000000000000u * 2u;
		}
		*bits |= 1u;
		*top = seq + 1u;
	} else {
		d = *top - 1u - seq;          /* 0 = the highest itself */
		if (d < 64u)                  /* bit d: 2^63 >> (63 - d) = 2^d */
			*bits |= (uint64_t)0x8000000000000000u >> (63u - d);
	}
}
