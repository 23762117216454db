/*
 * x509_parse.c -- a bounded, strict DER parser for the parts of an X.509
 * certificate that MSA's profile checks (see x509.h). Every read is
 * bounded by the reader's (p, n); nothing is copied. The ACSL contracts
 * (predicates in terms of the input octets) are proved by `make proofs`
 * (proofs/README.md).
 */
#include <limits.h>
#include "x509.h"

/* A reader: the n octets at p that remain. */
typedef struct {
	const uint8_t *p;
	size_t n;
} rd;

#define BAD MSA_ERR_CERT_DECODE

/*@
  // The octets of a reader are readable.
  predicate x_rd_ok(rd *r) = \valid_read(r->p + (0 .. r->n - 1));

  // q[0..m) lies inside p[0..n) (same block).
  predicate x_within(uint8_t *q, integer m, uint8_t *p, integer n) =
    \base_addr(q) == \base_addr(p) && 0 <= q - p && q - p + m <= n;

  // The TLV at p[0..n): low tag number; a definite length in the fewest
  // octets, at most 3 length octets (81..83); content inside p[0..n).
  predicate x_tag_ok(integer t) = (t & 0x1F) != 0x1F;
  logic integer x_hl(uint8_t *p) = p[1] < 0x80 ? 2 : p[1] - 0x7E;
  logic integer x_l(uint8_t *p) =
    p[1] < 0x80 ? p[1] :
    p[1] == 0x81 ? p[2] :
    p[1] == 0x82 ? p[2] * 256 + p[3] :
    p[2] * 65536 + p[3] * 256 + p[4];
  predicate x_tlv_ok(uint8_t *p, integer n) =
    n >= 2 && x_tag_ok(p[0])
    && (p[1] < 0x80
        || (0x81 <= p[1] <= 0x83 && x_hl(p) <= n && p[2] != 0 && x_l(p) >= 0x80))
    && x_hl(p) + x_l(p) <= n;

  // OBJECT IDENTIFIER content: non-empty, the last octet ends a
  // subidentifier, and no subidentifier starts with 0x80 (minimal).
  predicate x_oid_ok(uint8_t *p, integer n) =
    n >= 1 && (p[n - 1] & 0x80) == 0
    && \forall integer i; 0 <= i < n ==> p[i] == 0x80 ==>
         i != 0 && (p[i - 1] & 0x80) != 0;

  // INTEGER content: non-empty and minimal (X.690 8.3.2).
  predicate x_int_ok(uint8_t *p, integer n) =
    n >= 1 && !(n > 1 && ((p[0] == 0x00 && p[1] < 0x80) || (p[0] == 0xFF && p[1] >= 0x80)));

  // BIT STRING content: unused-bits octet 0..7, 0 when there are no bits,
  // and the unused bits are zero (X.690 11.2.1).
  predicate x_bits_ok(uint8_t *p, integer n) =
    n >= 1 && p[0] <= 7
    && (n == 1 ? p[0] == 0 : (p[n - 1] & (0xFF >> (8 - p[0]))) == 0);

  // Decimal digits, as UTCTime and GeneralizedTime have them.
  predicate x_dig(integer c) = 0x30 <= c <= 0x39;
  logic integer x_dv(uint8_t *s, integer i) = s[i] - 0x30;
  logic integer x_d2(uint8_t *s, integer i) = x_dv(s, i) * 10 + x_dv(s, i + 1);
  // The value of the decimal digits s[0..n), n <= 4.
  logic integer x_dec(uint8_t *s, integer n) =
    n <= 0 ? 0 : n == 1 ? x_dv(s, 0) : n == 2 ? x_d2(s, 0) :
    n == 3 ? x_d2(s, 0) * 10 + x_dv(s, 2) : x_d2(s, 0) * 100 + x_d2(s, 2);

  // A UTCTime (tag 17, YYMMDDHHMMSSZ, YY < 50 is 20YY) or GeneralizedTime
  // (tag 18, YYYYMMDDHHMMSSZ) content s[0..len) and its fields.
  logic integer x_yl(integer tag) = tag == 0x17 ? 2 : 4;
  logic integer x_year(integer tag, uint8_t *s) =
    tag == 0x17 ? (x_d2(s, 0) < 50 ? 2000 + x_d2(s, 0) : 1900 + x_d2(s, 0))
                : x_d2(s, 0) * 100 + x_d2(s, 2);
  logic integer x_mon(integer tag, uint8_t *s) = x_d2(s, x_yl(tag));
  logic integer x_day(integer tag, uint8_t *s) = x_d2(s, x_yl(tag) + 2);
  logic integer x_hour(integer tag, uint8_t *s) = x_d2(s, x_yl(tag) + 4);
  logic integer x_min(integer tag, uint8_t *s) = x_d2(s, x_yl(tag) + 6);
  logic integer x_sec(integer tag, uint8_t *s) = x_d2(s, x_yl(tag) + 8);
  logic integer x_mdays(integer y, integer m) =
    m == 2 ? ((y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28) : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
  predicate x_time_syn(integer tag, uint8_t *s, integer len) =
    (tag == 0x17 || tag == 0x18) && s != \null && len == x_yl(tag) + 11
    && s[len - 1] == 0x5A
    && (\forall integer i; 0 <= i < len - 1 ==> x_dig(s[i]));
  predicate x_time_ok(integer tag, uint8_t *s, integer len) =
    x_time_syn(tag, s, len)
    && x_year(tag, s) != 0 && 1 <= x_mon(tag, s) <= 12
    && x_hour(tag, s) <= 23 && x_min(tag, s) <= 59 && x_sec(tag, s) <= 59
    && 1 <= x_day(tag, s) <= x_mdays(x_year(tag, s), x_mon(tag, s));
  // Days from 1970-01-01 to y-m-d (proleptic Gregorian).
  logic integer x_days(integer y, integer m, integer d) =
    \let yy = m <= 2 ? y - 1 : y; \let era = yy / 400; \let yoe = yy % 400;
    \let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    \let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468;
  logic integer x_time_val(integer tag, uint8_t *s) =
    x_days(x_year(tag, s), x_mon(tag, s), x_day(tag, s)) * 86400
    + x_hour(tag, s) * 3600 + x_min(tag, s) * 60 + x_sec(tag, s);
*/

/*
 * tlv: reads one TLV from *r into its tag and content *v, and advances
 * *r past it. DER: low tag numbers, definite lengths in the fewest octets
 * (at most 3 length octets: nothing in a certificate needs more).
 */
/*@ requires \valid(r) && \valid(tag) && \valid(v) && x_rd_ok(r);
    requires \separated(r, v) && \separated(tag, r->p + (0 .. r->n - 1));
    assigns *r, *tag, *v;
    behavior ok:
      assumes x_tlv_ok(r->p, r->n);
      ensures \result == MSA_OK;
      ensures *tag == \old(r->p[0]);
      ensures v->p == \old(r->p) + \old(x_hl(r->p)) && v->n == \old(x_l(r->p));
      ensures r->p == \old(r->p) + \old(x_hl(r->p) + x_l(r->p));
      ensures r->n == \old(r->n) - \old(x_hl(r->p) + x_l(r->p));
      ensures x_within(v->p, v->n, \old(r->p), \old(r->n));
      ensures x_within(r->p, r->n, \old(r->p), \old(r->n));
      ensures r->n < \old(r->n) && v->p + v->n == r->p;
      ensures x_rd_ok(v) && x_rd_ok(r);
    behavior bad:
      assumes !x_tlv_ok(r->p, r->n);
      assigns \nothing;
      ensures \result == BAD;
    complete behaviors;
    disjoint behaviors;
 */
static int
tlv(rd *r, uint8_t *tag, rd *v)
{
	size_t len, hdr, k, i;

	if (r->n < 2 || (r->p[0] & 0x1F) == 0x1F)
		return BAD;
	if (r->p[1] < 0x80) {
		len = r->p[1];
		hdr = 2;
	} else {
		k = r->p[1] - 0x80u;    /* (was & 0x7F: the same for 80..FF) */
		if (k == 0 || k > 3 || r->n - 2 < k || r->p[2] == 0)
			return BAD;
		len = 0;
		/*@ loop invariant 0 <= i <= k;
		    loop invariant i == 0 ==> len == 0;
		    loop invariant i == 1 ==> len == r->p[2];
		    loop invariant i == 2 ==> len == r->p[2] * 256 + r->p[3];
		    loop invariant i == 3 ==> len == r->p[2] * 65536 + r->p[3] * 256 + r->p[4];
		    loop assigns i, len;
		    loop variant k - i;
		 */
		for (i = 0; i < k; i++)
			len = len * 256u + r->p[2 + i];
		if (len < 0x80)
			return BAD;
		hdr = 2 + k;
	}
	if (len > r->n - hdr)
		return BAD;
	*tag = r->p[0];
	v->p = r->p + hdr;
	v->n = len;
	r->p += hdr + len;
	r->n -= hdr + len;
	return MSA_OK;
}

/* get: a TLV that must have identifier `want`. */
/*@ requires \valid(r) && \valid(v) && x_rd_ok(r) && \separated(r, v);
    assigns *r, *v;
    ensures \result == MSA_OK || \result == BAD;
    behavior ok:
      assumes x_tlv_ok(r->p, r->n) && r->p[0] == want;
      ensures \result == MSA_OK;
      ensures v->p == \old(r->p) + \old(x_hl(r->p)) && v->n == \old(x_l(r->p));
      ensures r->p == \old(r->p) + \old(x_hl(r->p) + x_l(r->p));
      ensures r->n == \old(r->n) - \old(x_hl(r->p) + x_l(r->p));
      ensures x_within(v->p, v->n, \old(r->p), \old(r->n));
      ensures x_within(r->p, r->n, \old(r->p), \old(r->n));
      ensures r->n < \old(r->n) && v->p + v->n == r->p;
      ensures x_rd_ok(v) && x_rd_ok(r);
    behavior bad:
      assumes !(x_tlv_ok(r->p, r->n) && r->p[0] == want);
      ensures \result == BAD;
    complete behaviors;
    disjoint behaviors;
 */
static int
get(rd *r, uint8_t want, rd *v)
{
	uint8_t t;

	if (tlv(r, &t, v) != MSA_OK || t != want)
		return BAD;
	return MSA_OK;
}

/*@ requires \valid_read(r) && x_rd_ok(r);
    assigns \nothing;
    ensures \result == 1 <==> (r->n > 0 && r->p[0] == tag);
    ensures \result == 0 || \result == 1;
 */
static int
peek(const rd *r, uint8_t tag)
{
	return r->n > 0 && r->p[0] == tag;
}

/* The octets of v are s[0..n). (A byte loop rather than memcmp, whose
 * libc contract WP's typed model does not follow; the result is the same
 * as `v->n == n && memcmp(v->p, s, n) == 0`.) */
/*@ requires \valid_read(v) && x_rd_ok(v) && \valid_read(s + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> (v->n == n && \forall integer i; 0 <= i < n ==> v->p[i] == s[i]);
 */
static int
eq(const rd *v, const uint8_t *s, size_t n)
{
	size_t i;

	if (v->n != n)
		return 0;
	/*@ loop invariant 0 <= i <= n;
	    loop invariant \forall integer j; 0 <= j < i ==> v->p[j] == s[j];
	    loop assigns i;
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		if (v->p[i] != s[i])
			return 0;
	return 1;
}
#define EQ(v, a) eq((v), (a), sizeof (a))

/* An OBJECT IDENTIFIER's content: non-empty, each subidentifier minimal
 * (no leading 0x80) and terminated. */
/*@ requires \valid_read(v) && x_rd_ok(v);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> x_oid_ok(v->p, v->n);
 */
static int
oid_ok(const rd *v)
{
	size_t i;

	if (v->n == 0 || (v->p[v->n - 1] & 0x80) != 0)
		return 0;
	/*@ loop invariant 0 <= i <= v->n;
	    loop invariant \forall integer j; 0 <= j < i ==> v->p[j] == 0x80 ==>
	      j != 0 && (v->p[j - 1] & 0x80) != 0;
	    loop assigns i;
	    loop variant v->n - i;
	 */
	for (i = 0; i < v->n; i++)
		if (v->p[i] == 0x80 && (i == 0 || (v->p[i - 1] & 0x80) == 0))
			return 0;
	return 1;
}

/* An INTEGER's content: non-empty and minimal. */
/*@ requires \valid_read(v) && x_rd_ok(v);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> x_int_ok(v->p, v->n);
 */
static int
int_ok(const rd *v)
{
	if (v->n == 0)
		return 0;
	if (v->n > 1 && ((v->p[0] == 0x00 && v->p[1] < 0x80)
		|| (v->p[0] == 0xFF && v->p[1] >= 0x80)))
		return 0;
	return 1;
}

/* BIT STRING content: the unused-bits octet (0..7, 0 when there are no
 * bits) and zero unused bits (X.690 11.2.1). */
/*@ requires \valid_read(v) && x_rd_ok(v);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> x_bits_ok(v->p, v->n);
 */
static int
bits_ok(const rd *v)
{
	unsigned u;

	if (v->n == 0 || v->p[0] > 7)
		return 0;
	u = v->p[0];
	if (v->n == 1)
		return u == 0;
	/* the low u bits: 0xFF >> (8 - u) is (1 << u) - 1 for u <= 7 (a right
	 * shift, which cannot overflow) */
	return (v->p[v->n - 1] & (0xFFu >> (8 - u))) == 0;
}

static const uint8_t OID_ECDSA_SHA256[] = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02 };
static const uint8_t OID_ECDSA_SHA384[] = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03 };
static const uint8_t OID_EC_PUBKEY[]    = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01 };
static const uint8_t OID_P256[]         = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 };
static const uint8_t OID_P384[]         = { 0x2B, 0x81, 0x04, 0x00, 0x22 };
static const uint8_t OID_RSA[]          = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01 };
static const uint8_t OID_KU[]           = { 0x55, 0x1D, 0x0F };
static const uint8_t OID_SAN[]          = { 0x55, 0x1D, 0x11 };
static const uint8_t OID_BC[]           = { 0x55, 0x1D, 0x13 };

/* ---------------------------------------------------------------- time */

/*@ requires n <= 4 && \valid_read(s + (0 .. n - 1)) && \valid(out);
    assigns *out;
    behavior ok:
      assumes \forall integer i; 0 <= i < n ==> x_dig(s[i]);
      ensures \result == 1 && *out == x_dec(s, n);
    behavior bad:
      assumes \exists integer i; 0 <= i < n && !x_dig(s[i]);
      assigns \nothing;
      ensures \result == 0;
    complete behaviors;
    disjoint behaviors;
 */
static int
digits(const uint8_t *s, size_t n, unsigned *out)
{
	unsigned v = 0;
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant \forall integer j; 0 <= j < i ==> x_dig(s[j]);
	    loop invariant v == x_dec(s, i);
	    loop assigns i, v;
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10u + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 1;
}

/* The value of the two decimal digits s[0], s[1]. */
/*@ requires \valid_read(s + (0 .. 1)) && x_dig(s[0]) && x_dig(s[1]);
    assigns \nothing;
    ensures \result == x_d2(s, 0) && \result <= 99;
 */
static unsigned
d2(const uint8_t *s)
{
	return (unsigned)(s[0] - '0') * 10u + (unsigned)(s[1] - '0');
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian, y >= 1). */
/*@ requires 1 <= y <= 9999 && 1 <= m <= 12 && 1 <= d <= 31;
    assigns \nothing;
    ensures \result == x_days(y, m, d);
    ensures -719468 <= \result <= 3000000;
 */
static int64_t
days_from_civil(unsigned y, unsigned m, unsigned d)
{
	unsigned yy = m <= 2 ? y - 1 : y;
	unsigned era = yy / 400;
	unsigned yoe = yy % 400;      /* (was yy - era * 400: the same) */
	unsigned doy = (153u * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	/* (was unsigned: the same value, 0..146096; signed so that Eva, which
	 * does not relate yoe / 4 and yoe / 100, sees no unsigned wrap) */
	int64_t doe = (int64_t)yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int64_t)era * 146097 + doe - 719468;
}

/* The fields of a time's content (year with UTCTime's century applied). */
typedef struct {
	unsigned y, mo, d, h, mi, sec;
} x_fields;

/* The syntax of a time's content: the tag's length, the Z, every octet
 * before it a digit; then its six fields. (Was the first half of
 * msa_x509_time: the same checks in the same order, the same BAD; a
 * function of its own so that WP's simplifier, which no prover timeout
 * bounds, sees the checks and the range tests of msa_x509_time apart:
 * 37-52 s of Qed on each of two goals when they were one function.) */
/*@ requires s == \null || \valid_read(s + (0 .. len - 1));
    requires \valid(f);
    assigns *f;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK <==> x_time_syn(tag, s, len);
    ensures \result == MSA_OK ==> f->y == x_year(tag, s) && f->y <= 9999
      && f->mo == x_mon(tag, s) && f->d == x_day(tag, s) && f->h == x_hour(tag, s)
      && f->mi == x_min(tag, s) && f->sec == x_sec(tag, s);
 */
static int
time_fields(uint8_t tag, const uint8_t *s, size_t len, x_fields *f)
{
	unsigned y, mo, d, h, mi, sec;
	size_t yl, i;

	if (tag == 0x17)
		yl = 2;
	else if (tag == 0x18)
		yl = 4;
	else
		return BAD;
	if (s == NULL || len != yl + 11 || s[len - 1] != 'Z')
		return BAD;
	/*@ assert a_yl: yl == x_yl(tag); */
	/* Every octet before the Z a digit (was checked by six digits()
	 * calls, one per field: the same octets, the same result, BAD on a
	 * non-digit). */
	/*@ loop invariant 0 <= i <= len - 1;
	    loop invariant \forall integer j; 0 <= j < i ==> x_dig(s[j]);
	    loop assigns i;
	    loop variant len - 1 - i;
	 */
	for (i = 0; i < len - 1; i++)
		if (s[i] < '0' || s[i] > '9')
			return BAD;
	/*@ assert a_all: \forall integer i; 0 <= i < len - 1 ==> x_dig(s[i]); */
	/*@ assert a_syn: x_time_syn(tag, s, len); */
	/* The fields (were six digits() calls, BAD when one failed: after the
	 * loop above they cannot fail; d2 reads the same two octets and gives
	 * the same value). */
	if (!digits(s, yl, &y))
		return BAD;
	if (yl == 2)
		y += y < 50 ? 2000 : 1900;    /* RFC 5280 4.1.2.5.1 */
	/*@ assert a_year: y == x_year(tag, s) && y <= 9999; */
	mo = d2(s + yl);
	d = d2(s + yl + 2);
	h = d2(s + yl + 4);
	mi = d2(s + yl + 6);
	sec = d2(s + yl + 8);
	/*@ assert a_fields: mo == x_mon(tag, s) && d == x_day(tag, s) && h == x_hour(tag, s)
	      && mi == x_min(tag, s) && sec == x_sec(tag, s); */
	f->y = y;
	f->mo = mo;
	f->d = d;
	f->h = h;
	f->mi = mi;
	f->sec = sec;
	return MSA_OK;
}

/*@ requires s == \null || \valid_read(s + (0 .. len - 1));
    requires \valid(out);
    assigns *out;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK <==> x_time_ok(tag, s, len);
    ensures \result == MSA_OK ==> *out == x_time_val(tag, s);
 */
int
msa_x509_time(uint8_t tag, const uint8_t *s, size_t len, int64_t *out)
{
	x_fields f;
	unsigned dim;

	if (time_fields(tag, s, len, &f) != MSA_OK)
		return BAD;
	if (f.y == 0 || f.mo < 1 || f.mo > 12 || f.h > 23 || f.mi > 59 || f.sec > 59)
		return BAD;
	/* Days in the month (a table before; computed, so that WP sees the
	 * values: -wp-no-init-const keeps const tables out of the goals). */
	dim = f.mo == 2 ? 28 : (f.mo == 4 || f.mo == 6 || f.mo == 9 || f.mo == 11) ? 30 : 31;
	if (f.mo == 2 && (f.y % 4 == 0 && (f.y % 100 != 0 || f.y % 400 == 0)))
		dim = 29;
	/*@ assert dim == x_mdays(f.y, f.mo); */
	if (f.d < 1 || f.d > dim)
		return BAD;
	/*@ assert x_time_ok(tag, s, len); */
	*out = days_from_civil(f.y, f.mo, f.d) * 86400
		+ (int64_t)(f.h * 3600u + f.mi * 60u + f.sec);
	return MSA_OK;
}

/* ---------------------------------------------------------------- pieces */

/* AlgorithmIdentifier of a signature: ECDSA with SHA-256/384 and no
 * parameters (RFC 5758 3.2), or "other". */
/*@ requires \valid_read(r.p + (0 .. r.n - 1)) && \valid(out);
    assigns *out;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> *out <= MSA_X509_SIG_ECDSA_SHA384;
 */
static int
sig_alg(rd r, unsigned *out)
{
	rd oid;

	if (get(&r, 0x06, &oid) != MSA_OK || !oid_ok(&oid))
		return BAD;
	*out = MSA_X509_SIG_OTHER;
	if (r.n == 0 && EQ(&oid, OID_ECDSA_SHA256))
		*out = MSA_X509_SIG_ECDSA_SHA256;
	else if (r.n == 0 && EQ(&oid, OID_ECDSA_SHA384))
		*out = MSA_X509_SIG_ECDSA_SHA384;
	return MSA_OK;
}

/* The rest of an id-ecPublicKey AlgorithmIdentifier (its parameters) and
 * the BIT STRING content key of the public key: the key type. Only a
 * namedCurve of the profile, and the uncompressed point of its length;
 * anything else stays "EC, other". (Was inline in spki; a function of its
 * own so that WP sees that it writes the key type only.) */
/*@ requires \valid_read(alg.p + (0 .. alg.n - 1)) && \valid_read(key.p + (0 .. key.n - 1));
    requires key.n >= 1 && \valid(kt);
    assigns *kt;
    ensures \result == MSA_OK || \result == BAD;
    ensures *kt == MSA_X509_KEY_EC || *kt == MSA_X509_KEY_P256 || *kt == MSA_X509_KEY_P384;
    ensures keylen: (*kt == MSA_X509_KEY_P256 ==> key.n - 1 == 65)
      && (*kt == MSA_X509_KEY_P384 ==> key.n - 1 == 97);
 */
static int
ec_key(rd alg, rd key, unsigned *kt)
{
	rd param;
	uint8_t t;
	int point;

	*kt = MSA_X509_KEY_EC;
	/* (was tested after the tlv call as `key.p[0] == 0 && c->pub_len > 0
	 * && c->pub[0] == 0x04`, with pub = key.p + 1: the same octets) */
	point = key.p[0] == 0 && key.n > 1 && key.p[1] == 0x04;
	if (tlv(&alg, &t, &param) != MSA_OK || alg.n != 0)
		return BAD;
	if (t == 0x06 && point) {
		if (EQ(&param, OID_P256) && key.n - 1 == 65)
			*kt = MSA_X509_KEY_P256;
		else if (EQ(&param, OID_P384) && key.n - 1 == 97)
			*kt = MSA_X509_KEY_P384;
	}
	return MSA_OK;
}

/* SubjectPublicKeyInfo content. */
/*@ requires \valid_read(r.p + (0 .. r.n - 1)) && \valid(c);
    assigns c->pub, c->pub_len, c->key_type;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> x_within(c->pub, c->pub_len, r.p, r.n);
    ensures \result == MSA_OK ==> c->key_type <= MSA_X509_KEY_P384;
    ensures keylen: \result == MSA_OK ==> x509_key_len_ok(c);
 */
static int
spki(rd r, msa_x509 *c)
{
	rd alg, oid, key;

	if (get(&r, 0x30, &alg) != MSA_OK || get(&r, 0x03, &key) != MSA_OK
		|| r.n != 0 || !bits_ok(&key))
		return BAD;
	if (get(&alg, 0x06, &oid) != MSA_OK || !oid_ok(&oid))
		return BAD;
	c->pub = key.p + 1;
	c->pub_len = key.n - 1;
	c->key_type = MSA_X509_KEY_OTHER;
	if (EQ(&oid, OID_RSA))
		c->key_type = MSA_X509_KEY_RSA;
	else if (EQ(&oid, OID_EC_PUBKEY))
		return ec_key(alg, key, &c->key_type);
	return MSA_OK;
}

/* The value of pathLenConstraint's content octets (big-endian),
 * UINT_MAX when it passes 2^32 - 1 (no chain is that long). (Was inline
 * in ext_bc, accumulating in c->pathlen: the same value; a function of its
 * own so that WP's simplifier sees ext_bc's paths without the loop: 16 s
 * of Qed on one goal of ext_bc before.) */
/*@ requires \valid_read(i) && x_rd_ok(i);
    assigns \nothing;
 */
static unsigned
pathlen_of(const rd *i)
{
	unsigned p = 0;
	size_t k;

	/*@ loop invariant 0 <= k <= i->n;
	    loop assigns k, p;
	    loop variant i->n - k;
	 */
	for (k = 0; k < i->n; k++) {
		if (p > 0xFFFFFFu) {
			p = UINT_MAX;
			break;
		}
		p = p * 256u + i->p[k];
	}
	return p;
}

/* basicConstraints: SEQUENCE { cA BOOLEAN DEFAULT FALSE,
 * pathLenConstraint INTEGER (0..MAX) OPTIONAL }. */
/*@ requires \valid_read(v.p + (0 .. v.n - 1)) && \valid(c);
    assigns c->has_bc, c->ca, c->has_pathlen, c->pathlen;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> c->has_bc == 1 && (c->ca == 0 || c->ca == 1);
 */
static int
ext_bc(rd v, msa_x509 *c)
{
	rd s, b, i;

	if (get(&v, 0x30, &s) != MSA_OK || v.n != 0)
		return BAD;
	c->has_bc = 1;
	c->ca = 0;
	if (peek(&s, 0x01)) {
		/* DER: a DEFAULT value is never encoded, so only TRUE here. */
		if (get(&s, 0x01, &b) != MSA_OK || b.n != 1 || b.p[0] != 0xFF)
			return BAD;
		c->ca = 1;
	}
	if (peek(&s, 0x02)) {
		if (get(&s, 0x02, &i) != MSA_OK || !int_ok(&i) || (i.p[0] & 0x80) != 0)
			return BAD;
		c->has_pathlen = 1;
		c->pathlen = pathlen_of(&i);
	}
	return s.n == 0 ? MSA_OK : BAD;
}

/* The named bits 0..7 of one keyUsage octet: bit i is the octet's bit
 * 7 - i, so the octet reversed. (Was a loop of shifts and ors over both
 * octets, `c->ku |= 1u << i` when `(o >> (7 - i % 8)) & 1`; divisions and
 * sums give the same value and WP bounds them.) */
/*@ requires o <= 255;
    assigns \nothing;
    ensures \result <= 255;
 */
static unsigned
ku_octet(unsigned o)
{
	return o / 128u % 2u + o / 64u % 2u * 2u + o / 32u % 2u * 4u + o / 16u % 2u * 8u
		+ o / 8u % 2u * 16u + o / 4u % 2u * 32u + o / 2u % 2u * 64u + o % 2u * 128u;
}

/* keyUsage: a BIT STRING, named bits (bit 0 is the high bit of the first
 * octet); DER: no trailing zero octet. Bits past 15 are ignored. */
/*@ requires \valid_read(v.p + (0 .. v.n - 1)) && \valid(c);
    assigns c->has_ku, c->ku;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> c->has_ku == 1 && c->ku <= 0xFFFF;
 */
static int
ext_ku(rd v, msa_x509 *c)
{
	rd b;

	if (get(&v, 0x03, &b) != MSA_OK || v.n != 0 || !bits_ok(&b))
		return BAD;
	if (b.n > 1 && b.p[b.n - 1] == 0)
		return BAD;
	c->has_ku = 1;
	c->ku = 0;
	if (b.n > 1)
		c->ku = ku_octet(b.p[1]);
	if (b.n > 2)
		c->ku += ku_octet(b.p[2]) * 256u;
	return MSA_OK;
}

/* subjectAltName: GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName.
 * Counts the uniformResourceIdentifier [6] IA5String entries and keeps
 * the first. Each GeneralName must have the form its CHOICE says. */
/*@ requires \valid_read(v.p + (0 .. v.n - 1)) && \valid(c);
    assigns c->has_san, c->san_uris, c->uri, c->uri_len;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> c->has_san == 1;
    ensures \result == MSA_OK ==> c->san_uris > 0 ==>
      x_within(c->uri, c->uri_len, v.p, v.n)
      || (\old(c->san_uris) > 0 && c->uri == \old(c->uri) && c->uri_len == \old(c->uri_len));
 */
static int
ext_san(rd v, msa_x509 *c)
{
	rd s, g;
	uint8_t t;

	if (get(&v, 0x30, &s) != MSA_OK || v.n != 0 || s.n == 0)
		return BAD;
	c->has_san = 1;
	/*@ loop invariant x_within(s.p, s.n, \at(v.p, Pre), \at(v.n, Pre));
	    loop invariant c->has_san == 1;
	    loop invariant c->san_uris > 0 ==>
	      x_within(c->uri, c->uri_len, \at(v.p, Pre), \at(v.n, Pre))
	      || (\at(c->san_uris, Pre) > 0 && c->uri == \at(c->uri, Pre)
	          && c->uri_len == \at(c->uri_len, Pre));
	    loop invariant c->san_uris >= \at(c->san_uris, Pre);
	    loop assigns s, g, t, c->san_uris, c->uri, c->uri_len;
	    loop variant s.n;
	 */
	while (s.n > 0) {
		if (tlv(&s, &t, &g) != MSA_OK)
			return BAD;
		switch (t) {
		case 0xA0: case 0xA3: case 0xA4: case 0xA5:       /* constructed */
		case 0x81: case 0x82: case 0x87: case 0x88:       /* primitive */
			break;
		case 0x86:
			if (c->san_uris == 0) {
				c->uri = g.p;
				c->uri_len = g.n;
			}
			/* Saturating: the count could only reach UINT_MAX with
			 * a SAN of 2^33 octets or more. */
			if (c->san_uris < UINT_MAX)
				c->san_uris++;
			break;
		default:
			return BAD;
		}
	}
	return MSA_OK;
}

/* One extension seen for the first time: its OID oid, its criticality,
 * its extnValue content val. (Was inline in extensions(); a function of
 * its own so that WP's goals for the loop stay small.) */
/*@ requires \valid_read(oid.p + (0 .. oid.n - 1)) && \valid_read(val.p + (0 .. val.n - 1));
    requires \valid(c);
    assigns c->has_bc, c->ca, c->has_pathlen, c->pathlen, c->has_ku, c->ku,
      c->has_san, c->san_uris, c->uri, c->uri_len, c->unknown_critical;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> c->san_uris > 0 ==>
      x_within(c->uri, c->uri_len, val.p, val.n)
      || (\old(c->san_uris) > 0 && c->uri == \old(c->uri) && c->uri_len == \old(c->uri_len));
 */
static int
ext_one(rd oid, int critical, rd val, msa_x509 *c)
{
	if (EQ(&oid, OID_BC))
		return ext_bc(val, c);
	if (EQ(&oid, OID_KU))
		return ext_ku(val, c);
	if (EQ(&oid, OID_SAN))
		return ext_san(val, c);
	if (critical)
		c->unknown_critical = 1;    /* REQ-CRT-010 */
	return MSA_OK;
}

/* critical BOOLEAN DEFAULT FALSE in the Extension *e: absent, or TRUE
 * (DER never encodes the default). (Was inline in extensions().) */
/*@ requires \valid(e) && x_rd_ok(e) && \valid(critical) && \separated(e, critical);
    assigns *e, *critical;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> x_within(e->p, e->n, \old(e->p), \old(e->n)) && x_rd_ok(e);
 */
static int
ext_crit(rd *e, int *critical)
{
	rd crit;

	*critical = 0;
	if (peek(e, 0x01)) {
		if (get(e, 0x01, &crit) != MSA_OK || crit.n != 1 || crit.p[0] != 0xFF)
			return BAD;
		*critical = 1;
	}
	return MSA_OK;
}

/* Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN
 * DEFAULT FALSE, extnValue OCTET STRING }, read from *r. (Was inline in
 * extensions(); a function of its own so that WP's goals stay small.) */
/*@ requires \valid(r) && x_rd_ok(r) && \valid(oid) && \valid(critical) && \valid(val);
    requires \separated(r, oid, critical, val);
    assigns *r, *oid, *critical, *val;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> x_within(r->p, r->n, \old(r->p), \old(r->n));
    ensures \result == MSA_OK ==> r->n < \old(r->n) && x_rd_ok(r);
    ensures \result == MSA_OK ==> x_within(oid->p, oid->n, \old(r->p), \old(r->n));
    ensures \result == MSA_OK ==> x_rd_ok(oid);
    ensures \result == MSA_OK ==> x_within(val->p, val->n, \old(r->p), \old(r->n));
    ensures \result == MSA_OK ==> x_rd_ok(val);
 */
static int
ext_read(rd *r, rd *oid, int *critical, rd *val)
{
	rd rr, e, o, v;
	int cr;
	/* each reader's fields, read as soon as they are known (scalars: WP
	 * needs no frame reasoning for them) and written out at the end */
	const uint8_t *rp, *op, *vp;
	size_t rn, on, vn;

	rr.p = r->p;
	rr.n = r->n;
	if (get(&rr, 0x30, &e) != MSA_OK)
		return BAD;
	rp = rr.p;
	rn = rr.n;
	/*@ assert \valid_read(rp + (0 .. rn - 1)); */
	/*@ assert x_within(rp, rn, \at(r->p, Pre), \at(r->n, Pre)) && rn < \at(r->n, Pre); */
	if (get(&e, 0x06, &o) != MSA_OK)
		return BAD;
	op = o.p;
	on = o.n;
	/*@ assert \valid_read(op + (0 .. on - 1)); */
	if (!oid_ok(&o))
		return BAD;
	if (ext_crit(&e, &cr) != MSA_OK)
		return BAD;
	if (get(&e, 0x04, &v) != MSA_OK || e.n != 0)
		return BAD;
	vp = v.p;
	vn = v.n;
	/*@ assert \valid_read(vp + (0 .. vn - 1)); */
	/*@ assert x_within(op, on, \at(r->p, Pre), \at(r->n, Pre)); */
	/*@ assert x_within(vp, vn, \at(r->p, Pre), \at(r->n, Pre)); */
	*critical = cr;
	val->p = vp;
	val->n = vn;
	oid->p = op;
	oid->n = on;
	r->p = rp;
	r->n = rn;
	return MSA_OK;
}

/* Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension. */
/*@ requires \valid_read(r.p + (0 .. r.n - 1)) && \valid(c);
    requires c->san_uris > 0 ==> x_within(c->uri, c->uri_len, r.p, r.n);
    assigns c->has_bc, c->ca, c->has_pathlen, c->pathlen, c->has_ku, c->ku,
      c->has_san, c->san_uris, c->uri, c->uri_len, c->unknown_critical, c->dup_ext;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> c->san_uris > 0 ==> x_within(c->uri, c->uri_len, r.p, r.n);
 */
static int
extensions(rd r, msa_x509 *c)
{
	/* the OIDs seen so far (was an array of readers: WP does not follow
	 * the struct copy seen[n] = oid; two arrays hold the same) */
	const uint8_t *seen_p[MSA_X509_MAX_EXT];
	size_t seen_n[MSA_X509_MAX_EXT];
	size_t n = 0, i;
	rd oid, val;
	int critical, err;

	if (r.n == 0)
		return BAD;
	/*@ loop invariant x_within(r.p, r.n, \at(r.p, Pre), \at(r.n, Pre));
	    loop invariant 0 <= n <= MSA_X509_MAX_EXT;
	    loop invariant \forall integer j; 0 <= j < n ==>
	      x_within(seen_p[j], seen_n[j], \at(r.p, Pre), \at(r.n, Pre));
	    loop invariant c->san_uris > 0 ==>
	      x_within(c->uri, c->uri_len, \at(r.p, Pre), \at(r.n, Pre));
	    loop assigns r, n, i, oid, val, critical, err,
	      seen_p[0 .. MSA_X509_MAX_EXT - 1], seen_n[0 .. MSA_X509_MAX_EXT - 1],
	      c->has_bc, c->ca, c->has_pathlen, c->pathlen, c->has_ku, c->ku,
	      c->has_san, c->san_uris, c->uri, c->uri_len, c->unknown_critical, c->dup_ext;
	    loop variant r.n;
	 */
	while (r.n > 0) {
		if (ext_read(&r, &oid, &critical, &val) != MSA_OK)
			return BAD;
		/* Twice the same extension (RFC 5280 4.2): the profile's
		 * failure, reported once the whole certificate has parsed;
		 * the second one is not interpreted. */
		/*@ loop invariant 0 <= i <= n;
		    loop assigns i;
		    loop variant n - i;
		 */
		for (i = 0; i < n; i++)
			if (eq(&oid, seen_p[i], seen_n[i]))   /* (was eq(&seen[i], oid.p, oid.n)) */
				break;
		if (i < n || n == MSA_X509_MAX_EXT) {
			c->dup_ext = 1;
			continue;
		}
		seen_p[n] = oid.p;
		seen_n[n] = oid.n;
		n++;
		err = ext_one(oid, critical, val, c);
		if (err != MSA_OK)
			return err;
	}
	return MSA_OK;
}

/* ---------------------------------------------------------------- certificate */

/*
 * The certificate is read by the functions below, one part each (they
 * were one function: split so that each WP goal stays small; the order of
 * the reads, of the writes to *c and of the checks is the same).
 */

/* Every field 0, every pointer NULL (was memset(c, 0, sizeof *c), whose
 * byte view of the struct WP's typed model does not follow). */
/*@ requires \valid(c);
    assigns *c;
    ensures c->version == 0 && c->sig_alg == 0 && c->san_uris == 0 && c->key_type == 0;
 */
static void
clear(msa_x509 *c)
{
	c->version = 0;
	c->sig_alg = 0;
	c->sig_alg_match = 0;
	c->not_before = 0;
	c->not_after = 0;
	c->issuer = NULL;
	c->issuer_len = 0;
	c->subject = NULL;
	c->subject_len = 0;
	c->key_type = 0;
	c->pub = NULL;
	c->pub_len = 0;
	c->has_bc = 0;
	c->ca = 0;
	c->has_pathlen = 0;
	c->pathlen = 0;
	c->has_ku = 0;
	c->ku = 0;
	c->has_san = 0;
	c->san_uris = 0;
	c->uri = NULL;
	c->uri_len = 0;
	c->unknown_critical = 0;
	c->dup_ext = 0;
}

/* Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm,
 * signatureValue }, and nothing after it: *tbs and *alg get the first two
 * contents; c->sig_alg the outer algorithm. */
/*@ requires \valid_read(r.p + (0 .. r.n - 1));
    requires \valid(tbs) && \valid(alg) && \valid(c) && \separated(tbs, alg, c);
    assigns *tbs, *alg, c->sig_alg;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> x_tlv_ok(r.p, r.n) && r.p[0] == 0x30
      && x_hl(r.p) + x_l(r.p) == r.n;
    ensures \result == MSA_OK ==> x_within(tbs->p, tbs->n, r.p, r.n) && x_rd_ok(tbs);
    ensures \result == MSA_OK ==> x_within(alg->p, alg->n, r.p, r.n) && x_rd_ok(alg);
    ensures \result == MSA_OK ==> c->sig_alg <= MSA_X509_SIG_ECDSA_SHA384;
 */
static int
cert_outer(rd r, rd *tbs, rd *alg, msa_x509 *c)
{
	rd cert, sig;

	if (get(&r, 0x30, &cert) != MSA_OK || r.n != 0)
		return BAD;
	if (get(&cert, 0x30, tbs) != MSA_OK || get(&cert, 0x30, alg) != MSA_OK
		|| get(&cert, 0x03, &sig) != MSA_OK || cert.n != 0)
		return BAD;
	if (!bits_ok(&sig) || sig.p[0] != 0 || sig.n < 2)
		return BAD;
	if (sig_alg(*alg, &c->sig_alg) != MSA_OK)
		return BAD;
	return MSA_OK;
}

/* version [0] EXPLICIT Version DEFAULT v1: c->version 1..3, *tt past it.
 * (Its own function since 2026-12-06, twelfth session: inside tbs_head,
 * the reader's readability after the optional branch took cvc4 13-25 s.) */
/*@ requires \valid(tt) && x_rd_ok(tt) && \valid(c) && \separated(tt, c);
    assigns *tt, c->version;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> 1 <= c->version <= 3;
    ensures \result == MSA_OK ==> x_within(tt->p, tt->n, \old(tt->p), \old(tt->n))
      && x_rd_ok(tt);
 */
static int
tbs_version(rd *tt, msa_x509 *c)
{
	rd v, serial;

	c->version = 1;
	if (!peek(tt, 0xA0))
		return MSA_OK;
	if (get(tt, 0xA0, &v) != MSA_OK || get(&v, 0x02, &serial) != MSA_OK
		|| v.n != 0 || serial.n != 1 || serial.p[0] > 2)
		return BAD;
	c->version = serial.p[0] + 1u;
	return MSA_OK;
}

/* version, serialNumber, signature (the inner AlgorithmIdentifier,
 * compared with the outer one alg). */
/*@ requires \valid(tbs) && x_rd_ok(tbs) && \valid_read(alg.p + (0 .. alg.n - 1));
    requires \valid(c) && \separated(tbs, c);
    assigns *tbs, c->version, c->sig_alg_match;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> 1 <= c->version <= 3;
    ensures \result == MSA_OK ==> x_within(tbs->p, tbs->n, \old(tbs->p), \old(tbs->n))
      && x_rd_ok(tbs);
 */
static int
tbs_head(rd *tbs, rd alg, msa_x509 *c)
{
	rd tt, serial, alg_in;

	tt.p = tbs->p;    /* a local copy, written back on MSA_OK (WP: small goals) */
	tt.n = tbs->n;

	if (tbs_version(&tt, c) != MSA_OK)
		return BAD;
	if (get(&tt, 0x02, &serial) != MSA_OK || !int_ok(&serial))
		return BAD;
	if (get(&tt, 0x30, &alg_in) != MSA_OK)
		return BAD;
	/* (was: alg_in.n == alg.n && memcmp(alg_in.p, alg.p, alg_in.n) == 0) */
	c->sig_alg_match = eq(&alg_in, alg.p, alg.n);
	{
		const uint8_t *tp = tt.p;    /* read before the writes */
		size_t tn = tt.n;

		tbs->p = tp;
		tbs->n = tn;
	}
	return MSA_OK;
}

/* A Name (issuer or subject): a SEQUENCE, kept whole (its TLV) in
 * *out, *out_len. */
/*@ requires \valid(tbs) && x_rd_ok(tbs) && \valid(out) && \valid(out_len);
    requires \separated(tbs, out, out_len);
    assigns *tbs, *out, *out_len;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> *out == \old(tbs->p) && x_tlv_ok(*out, \old(tbs->n))
      && (*out)[0] == 0x30 && *out_len == x_hl(*out) + x_l(*out);
    ensures \result == MSA_OK ==> x_within(*out, *out_len, \old(tbs->p), \old(tbs->n));
    ensures \result == MSA_OK ==> x_within(tbs->p, tbs->n, \old(tbs->p), \old(tbs->n))
      && x_rd_ok(tbs);
 */
static int
name_tlv(rd *tbs, const uint8_t **out, size_t *out_len)
{
	const uint8_t *p0 = tbs->p;
	rd v;

	if (get(tbs, 0x30, &v) != MSA_OK)
		return BAD;
	*out = p0;
	*out_len = (size_t)(tbs->p - p0);
	return MSA_OK;
}

/* Validity ::= SEQUENCE { notBefore Time, notAfter Time } */
/*@ requires \valid(tbs) && x_rd_ok(tbs) && \valid(c) && \separated(tbs, c);
    assigns *tbs, c->not_before, c->not_after;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> x_within(tbs->p, tbs->n, \old(tbs->p), \old(tbs->n))
      && x_rd_ok(tbs);
 */
static int
validity(rd *tbs, msa_x509 *c)
{
	rd tt, v, val;
	uint8_t t;

	tt.p = tbs->p;    /* a local copy, written back on MSA_OK */
	tt.n = tbs->n;

	if (get(&tt, 0x30, &v) != MSA_OK)
		return BAD;
	if (tlv(&v, &t, &val) != MSA_OK || msa_x509_time(t, val.p, val.n, &c->not_before) != MSA_OK)
		return BAD;
	if (tlv(&v, &t, &val) != MSA_OK || msa_x509_time(t, val.p, val.n, &c->not_after) != MSA_OK)
		return BAD;
	if (v.n != 0)
		return BAD;
	{
		const uint8_t *tp = tt.p;    /* read before the writes */
		size_t tn = tt.n;

		tbs->p = tp;
		tbs->n = tn;
	}
	return MSA_OK;
}

/* subjectPublicKeyInfo. */
/*@ requires \valid(tbs) && x_rd_ok(tbs) && \valid(c) && \separated(tbs, c);
    assigns *tbs, c->pub, c->pub_len, c->key_type;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> x_within(c->pub, c->pub_len, \old(tbs->p), \old(tbs->n));
    ensures \result == MSA_OK ==> c->key_type <= MSA_X509_KEY_P384;
    ensures keylen: \result == MSA_OK ==> x509_key_len_ok(c);
    ensures \result == MSA_OK ==> x_within(tbs->p, tbs->n, \old(tbs->p), \old(tbs->n))
      && x_rd_ok(tbs);
 */
static int
tbs_key(rd *tbs, msa_x509 *c)
{
	rd tt, v;
	const uint8_t *tp;
	size_t tn;

	tt.p = tbs->p;    /* a local copy, written back on MSA_OK (WP: small goals) */
	tt.n = tbs->n;
	if (get(&tt, 0x30, &v) != MSA_OK)
		return BAD;
	tp = tt.p;
	tn = tt.n;
	if (spki(v, c) != MSA_OK)
		return BAD;
	tbs->p = tp;
	tbs->n = tn;
	return MSA_OK;
}

/* An optional issuerUniqueID [1] or subjectUniqueID [2] (tag 0x81, 0x82):
 * absent, or present in a v2 or v3 certificate with a valid BIT STRING
 * content. (Was inline in tbs_ext, twice: the same test; a function of its
 * own so that WP's simplifier sees tbs_ext's paths without these two:
 * 35 s of Qed on one goal of tbs_ext before.) */
/*@ requires \valid(r) && x_rd_ok(r);
    assigns *r;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> x_within(r->p, r->n, \old(r->p), \old(r->n)) && x_rd_ok(r);
 */
static int
uid_opt(rd *r, uint8_t tag, unsigned version)
{
	rd v;

	if (peek(r, tag) && (version < 2 || get(r, tag, &v) != MSA_OK || !bits_ok(&v)))
		return BAD;
	return MSA_OK;
}

/* issuerUniqueID [1], subjectUniqueID [2] (v2, v3 only), then
 * extensions [3] EXPLICIT (v3 only). */
/*@ requires \valid(tbs) && x_rd_ok(tbs) && \valid(c) && \separated(tbs, c);
    requires c->san_uris == 0;
    assigns *tbs, c->has_bc, c->ca, c->has_pathlen, c->pathlen, c->has_ku, c->ku,
      c->has_san, c->san_uris, c->uri, c->uri_len, c->unknown_critical, c->dup_ext;
    ensures \result == MSA_OK || \result == BAD;
    ensures \result == MSA_OK ==> c->san_uris > 0 ==>
      x_within(c->uri, c->uri_len, \old(tbs->p), \old(tbs->n));
    ensures \result == MSA_OK ==> x_within(tbs->p, tbs->n, \old(tbs->p), \old(tbs->n));
 */
static int
tbs_ext(rd *tbs, msa_x509 *c)
{
	rd tt, v, val, ext;
	/* the reader's fields at entry and on exit, in scalars (WP: no frame
	 * reasoning about memory for them) */
	const uint8_t *tp0 = tbs->p, *tp;
	size_t tn0 = tbs->n, tn;
	int err = MSA_OK;

	tt.p = tp0;    /* a local copy, written back on MSA_OK */
	tt.n = tn0;
	if (uid_opt(&tt, 0x81, c->version) != MSA_OK)
		return BAD;
	/*@ assert e1: x_within(tt.p, tt.n, tp0, tn0) && x_rd_ok(&tt); */
	if (uid_opt(&tt, 0x82, c->version) != MSA_OK)
		return BAD;
	/*@ assert e2: x_within(tt.p, tt.n, tp0, tn0) && x_rd_ok(&tt); */
	if (peek(&tt, 0xA3)) {
		/* (this test and the next were one || chain: the same order) */
		if (c->version < 3 || get(&tt, 0xA3, &v) != MSA_OK)
			return BAD;
		/*@ assert e3: x_within(v.p, v.n, tp0, tn0) && x_rd_ok(&v); */
		/*@ assert e4: x_within(tt.p, tt.n, tp0, tn0); */
		if (get(&v, 0x30, &val) != MSA_OK || v.n != 0)
			return BAD;
		/* the Extensions' reader rebuilt from scalars (ext: WP does not
		 * relate a struct loaded from memory to its fields well) */
		ext.p = val.p;
		ext.n = val.n;
		/*@ assert e5: x_within(ext.p, ext.n, tp0, tn0) && \valid_read(ext.p + (0 .. ext.n - 1)); */
		tp = tt.p;
		tn = tt.n;
		err = extensions(ext, c);    /* (was extensions(val, c)) */
		/*@ assert e6: err == MSA_OK ==> c->san_uris > 0 ==>
		      x_within(c->uri, c->uri_len, tp0, tn0); */
	} else {
		tp = tt.p;
		tn = tt.n;
	}
	/*@ assert e7: x_within(tp, tn, tp0, tn0); */
	if (err != MSA_OK)
		return BAD;
	tbs->p = tp;
	tbs->n = tn;
	return MSA_OK;
}

/*@ requires der == \null || \valid_read(der + (0 .. len - 1));
    requires c == \null || \valid(c);
    assigns *c;
    ensures \result == MSA_OK || \result == BAD || \result == MSA_ERR_BAD_ARGUMENT;
    ensures \result == MSA_ERR_BAD_ARGUMENT <==> c == \null;
    ensures outer: \result == MSA_OK ==> der != \null && x_tlv_ok(der, len) && der[0] == 0x30
      && x_hl(der) + x_l(der) == len;
    ensures issuer: \result == MSA_OK ==> x_within(c->issuer, c->issuer_len, der, len);
    ensures subject: \result == MSA_OK ==> x_within(c->subject, c->subject_len, der, len);
    ensures pub: \result == MSA_OK ==> x_within(c->pub, c->pub_len, der, len);
    ensures uri: \result == MSA_OK ==> c->san_uris > 0 ==> x_within(c->uri, c->uri_len, der, len);
    ensures ranges: \result == MSA_OK ==> 1 <= c->version <= 3
      && c->sig_alg <= MSA_X509_SIG_ECDSA_SHA384 && c->key_type <= MSA_X509_KEY_P384;
    ensures keylen: \result == MSA_OK ==> x509_key_len_ok(c);
 */
int
msa_x509_parse(const uint8_t *der, size_t len, msa_x509 *c)
{
	rd r, tbs, alg;

	if (c == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	clear(c);
	if (der == NULL)
		return BAD;
	r.p = der;
	r.n = len;
	if (cert_outer(r, &tbs, &alg, c) != MSA_OK)
		return BAD;
	/* After each step: the rest of the TBS inside der[0..len) (one
	 * x_within step per goal). */
	/*@ assert m1: x_within(tbs.p, tbs.n, der, len) && x_rd_ok(&tbs); */
	if (tbs_head(&tbs, alg, c) != MSA_OK)
		return BAD;
	/*@ assert m2: x_within(tbs.p, tbs.n, der, len) && x_rd_ok(&tbs); */
	if (name_tlv(&tbs, &c->issuer, &c->issuer_len) != MSA_OK)
		return BAD;
	/*@ assert m3: x_within(c->issuer, c->issuer_len, der, len); */
	/*@ assert m4: x_within(tbs.p, tbs.n, der, len) && x_rd_ok(&tbs); */
	if (validity(&tbs, c) != MSA_OK)
		return BAD;
	/*@ assert m5: x_within(tbs.p, tbs.n, der, len) && x_rd_ok(&tbs); */
	/*@ assert m5i: x_within(c->issuer, c->issuer_len, der, len); */
	if (name_tlv(&tbs, &c->subject, &c->subject_len) != MSA_OK)
		return BAD;
	/*@ assert m6: x_within(c->subject, c->subject_len, der, len); */
	/*@ assert m7: x_within(tbs.p, tbs.n, der, len) && x_rd_ok(&tbs); */
	/*@ assert m7i: x_within(c->issuer, c->issuer_len, der, len); */
	/* (tbs_key and tbs_ext were called in one || : the same order) */
	if (tbs_key(&tbs, c) != MSA_OK)
		return BAD;
	/*@ assert m8: x_within(c->pub, c->pub_len, der, len); */
	/*@ assert m9: x_within(tbs.p, tbs.n, der, len) && x_rd_ok(&tbs); */
	/*@ assert m9i: x_within(c->issuer, c->issuer_len, der, len); */
	/*@ assert m9s: x_within(c->subject, c->subject_len, der, len); */
	if (tbs_ext(&tbs, c) != MSA_OK)
		return BAD;
	/*@ assert m10: c->san_uris > 0 ==> x_within(c->uri, c->uri_len, der, len); */
	/*@ assert m10i: x_within(c->issuer, c->issuer_len, der, len); */
	/*@ assert m10s: x_within(c->subject, c->subject_len, der, len); */
	/*@ assert m10p: x_within(c->pub, c->pub_len, der, len); */
	/*@ assert m10k: x509_key_len_ok(c); */
	return tbs.n == 0 ? MSA_OK : BAD;
}
