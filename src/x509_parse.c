/*
 * x509_parse.c -- a bounded, strict DER parser for the parts of an X.509
 * certificate that MSA's profile checks (see x509.h). Every read is
 * bounded by the reader's (p, n); nothing is copied.
 */
#include <limits.h>
#include <string.h>
#include "x509.h"

/* A reader: the n octets at p that remain. */
typedef struct {
	const uint8_t *p;
	size_t n;
} rd;

#define BAD MSA_ERR_CERT_DECODE

/*
 * tlv: reads one TLV from *r into its tag and content *v, and advances
 * *r past it. DER: low tag numbers, definite lengths in the fewest octets
 * (at most 3 length octets: nothing in a certificate needs more).
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
		k = r->p[1] & 0x7Fu;
		if (k == 0 || k > 3 || r->n - 2 < k || r->p[2] == 0)
			return BAD;
		len = 0;
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
static int
get(rd *r, uint8_t want, rd *v)
{
	uint8_t t;

	if (tlv(r, &t, v) != MSA_OK || t != want)
		return BAD;
	return MSA_OK;
}

static int
peek(const rd *r, uint8_t tag)
{
	return r->n > 0 && r->p[0] == tag;
}

static int
eq(const rd *v, const uint8_t *s, size_t n)
{
	return v->n == n && memcmp(v->p, s, n) == 0;
}
#define EQ(v, a) eq((v), (a), sizeof (a))

/* An OBJECT IDENTIFIER's content: non-empty, each subidentifier minimal
 * (no leading 0x80) and terminated. */
static int
oid_ok(const rd *v)
{
	size_t i;

	if (v->n == 0 || (v->p[v->n - 1] & 0x80) != 0)
		return 0;
	for (i = 0; i < v->n; i++)
		if (v->p[i] == 0x80 && (i == 0 || (v->p[i - 1] & 0x80) == 0))
			return 0;
	return 1;
}

/* An INTEGER's content: non-empty and minimal. */
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
static int
bits_ok(const rd *v)
{
	unsigned u;

	if (v->n == 0 || v->p[0] > 7)
		return 0;
	u = v->p[0];
	if (v->n == 1)
		return u == 0;
	return (v->p[v->n - 1] & ((1u << u) - 1u)) == 0;
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

static int
digits(const uint8_t *s, size_t n, unsigned *out)
{
	unsigned v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10u + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 1;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian, y >= 1). */
static int64_t
days_from_civil(unsigned y, unsigned m, unsigned d)
{
	unsigned yy = m <= 2 ? y - 1 : y;
	unsigned era = yy / 400;
	unsigned yoe = yy - era * 400;
	unsigned doy = (153u * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int64_t)era * 146097 + (int64_t)doe - 719468;
}

int
msa_x509_time(uint8_t tag, const uint8_t *s, size_t len, int64_t *out)
{
	static const unsigned mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned y, mo, d, h, mi, sec, dim;
	size_t yl;

	if (tag == 0x17)
		yl = 2;
	else if (tag == 0x18)
		yl = 4;
	else
		return BAD;
	if (s == NULL || len != yl + 11 || s[len - 1] != 'Z')
		return BAD;
	if (!digits(s, yl, &y) || !digits(s + yl, 2, &mo) || !digits(s + yl + 2, 2, &d)
		|| !digits(s + yl + 4, 2, &h) || !digits(s + yl + 6, 2, &mi)
		|| !digits(s + yl + 8, 2, &sec))
		return BAD;
	if (yl == 2)
		y += y < 50 ? 2000 : 1900;    /* RFC 5280 4.1.2.5.1 */
	if (y == 0 || mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 59)
		return BAD;
	dim = mdays[mo - 1];
	if (mo == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		dim = 29;
	if (d < 1 || d > dim)
		return BAD;
	*out = days_from_civil(y, mo, d) * 86400 + (int64_t)(h * 3600u + mi * 60u + sec);
	return MSA_OK;
}

/* ---------------------------------------------------------------- pieces */

/* AlgorithmIdentifier of a signature: ECDSA with SHA-256/384 and no
 * parameters (RFC 5758 3.2), or "other". */
static int
sig_alg(const rd *alg, unsigned *out)
{
	rd r = *alg, oid;

	if (get(&r, 0x06, &oid) != MSA_OK || !oid_ok(&oid))
		return BAD;
	*out = MSA_X509_SIG_OTHER;
	if (r.n == 0 && EQ(&oid, OID_ECDSA_SHA256))
		*out = MSA_X509_SIG_ECDSA_SHA256;
	else if (r.n == 0 && EQ(&oid, OID_ECDSA_SHA384))
		*out = MSA_X509_SIG_ECDSA_SHA384;
	return MSA_OK;
}

/* SubjectPublicKeyInfo content. */
static int
spki(rd r, msa_x509 *c)
{
	rd alg, oid, param, key;
	uint8_t t;

	if (get(&r, 0x30, &alg) != MSA_OK || get(&r, 0x03, &key) != MSA_OK
		|| r.n != 0 || !bits_ok(&key))
		return BAD;
	if (get(&alg, 0x06, &oid) != MSA_OK || !oid_ok(&oid))
		return BAD;
	c->pub = key.p + 1;
	c->pub_len = key.n - 1;
	c->key_type = MSA_X509_KEY_OTHER;
	if (EQ(&oid, OID_RSA)) {
		c->key_type = MSA_X509_KEY_RSA;
	} else if (EQ(&oid, OID_EC_PUBKEY)) {
		c->key_type = MSA_X509_KEY_EC;
		/* Only a namedCurve of the profile, and the uncompressed point
		 * of its length; anything else stays "EC, other". */
		if (tlv(&alg, &t, &param) != MSA_OK || alg.n != 0)
			return BAD;
		if (t == 0x06 && key.p[0] == 0 && c->pub_len > 0 && c->pub[0] == 0x04) {
			if (EQ(&param, OID_P256) && c->pub_len == 65)
				c->key_type = MSA_X509_KEY_P256;
			else if (EQ(&param, OID_P384) && c->pub_len == 97)
				c->key_type = MSA_X509_KEY_P384;
		}
	}
	return MSA_OK;
}

/* basicConstraints: SEQUENCE { cA BOOLEAN DEFAULT FALSE,
 * pathLenConstraint INTEGER (0..MAX) OPTIONAL }. */
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
		size_t k;

		if (get(&s, 0x02, &i) != MSA_OK || !int_ok(&i) || (i.p[0] & 0x80) != 0)
			return BAD;
		c->has_pathlen = 1;
		c->pathlen = 0;
		for (k = 0; k < i.n; k++) {
			if (c->pathlen > 0xFFFFFFu) {
				c->pathlen = UINT_MAX;      /* no chain is that long */
				break;
			}
			c->pathlen = c->pathlen * 256u + i.p[k];
		}
	}
	return s.n == 0 ? MSA_OK : BAD;
}

/* keyUsage: a BIT STRING, named bits (bit 0 is the high bit of the first
 * octet); DER: no trailing zero octet. */
static int
ext_ku(rd v, msa_x509 *c)
{
	rd b;
	size_t i;

	if (get(&v, 0x03, &b) != MSA_OK || v.n != 0 || !bits_ok(&b))
		return BAD;
	if (b.n > 1 && b.p[b.n - 1] == 0)
		return BAD;
	c->has_ku = 1;
	c->ku = 0;
	for (i = 0; i < 16 && i / 8 + 1 < b.n; i++)
		if ((b.p[1 + i / 8] >> (7 - i % 8)) & 1u)
			c->ku |= 1u << i;
	return MSA_OK;
}

/* subjectAltName: GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName.
 * Counts the uniformResourceIdentifier [6] IA5String entries and keeps
 * the first. Each GeneralName must have the form its CHOICE says. */
static int
ext_san(rd v, msa_x509 *c)
{
	rd s, g;
	uint8_t t;

	if (get(&v, 0x30, &s) != MSA_OK || v.n != 0 || s.n == 0)
		return BAD;
	c->has_san = 1;
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
			c->san_uris++;
			break;
		default:
			return BAD;
		}
	}
	return MSA_OK;
}

/* Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension. */
static int
extensions(rd r, msa_x509 *c)
{
	rd seen[MSA_X509_MAX_EXT];
	size_t n = 0, i;
	rd e, oid, crit, val;
	int critical, err;

	if (r.n == 0)
		return BAD;
	while (r.n > 0) {
		if (get(&r, 0x30, &e) != MSA_OK || get(&e, 0x06, &oid) != MSA_OK
			|| !oid_ok(&oid))
			return BAD;
		critical = 0;
		if (peek(&e, 0x01)) {
			if (get(&e, 0x01, &crit) != MSA_OK || crit.n != 1 || crit.p[0] != 0xFF)
				return BAD;
			critical = 1;
		}
		if (get(&e, 0x04, &val) != MSA_OK || e.n != 0)
			return BAD;
		/* Twice the same extension (RFC 5280 4.2): the profile's
		 * failure, reported once the whole certificate has parsed;
		 * the second one is not interpreted. */
		for (i = 0; i < n; i++)
			if (eq(&seen[i], oid.p, oid.n))
				break;
		if (i < n || n == MSA_X509_MAX_EXT) {
			c->dup_ext = 1;
			continue;
		}
		seen[n++] = oid;
		if (EQ(&oid, OID_BC))
			err = ext_bc(val, c);
		else if (EQ(&oid, OID_KU))
			err = ext_ku(val, c);
		else if (EQ(&oid, OID_SAN))
			err = ext_san(val, c);
		else {
			err = MSA_OK;
			if (critical)
				c->unknown_critical = 1;    /* REQ-CRT-010 */
		}
		if (err != MSA_OK)
			return err;
	}
	return MSA_OK;
}

/* ---------------------------------------------------------------- certificate */

int
msa_x509_parse(const uint8_t *der, size_t len, msa_x509 *c)
{
	rd r, cert, tbs, v, alg_in, alg_out, val, sig, serial;
	const uint8_t *p0;
	uint8_t t;

	if (c == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	memset(c, 0, sizeof *c);
	if (der == NULL)
		return BAD;
	r.p = der;
	r.n = len;
	/* Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm,
	 * signatureValue }, and nothing after it. */
	if (get(&r, 0x30, &cert) != MSA_OK || r.n != 0)
		return BAD;
	if (get(&cert, 0x30, &tbs) != MSA_OK || get(&cert, 0x30, &alg_out) != MSA_OK
		|| get(&cert, 0x03, &sig) != MSA_OK || cert.n != 0)
		return BAD;
	if (!bits_ok(&sig) || sig.p[0] != 0 || sig.n < 2)
		return BAD;
	if (sig_alg(&alg_out, &c->sig_alg) != MSA_OK)
		return BAD;

	/* version [0] EXPLICIT Version DEFAULT v1 */
	c->version = 1;
	if (peek(&tbs, 0xA0)) {
		if (get(&tbs, 0xA0, &v) != MSA_OK || get(&v, 0x02, &serial) != MSA_OK
			|| v.n != 0 || serial.n != 1 || serial.p[0] > 2)
			return BAD;
		c->version = serial.p[0] + 1u;
	}
	if (get(&tbs, 0x02, &serial) != MSA_OK || !int_ok(&serial))
		return BAD;
	if (get(&tbs, 0x30, &alg_in) != MSA_OK)
		return BAD;
	c->sig_alg_match = alg_in.n == alg_out.n && memcmp(alg_in.p, alg_out.p, alg_in.n) == 0;

	p0 = tbs.p;
	if (get(&tbs, 0x30, &v) != MSA_OK)
		return BAD;
	c->issuer = p0;
	c->issuer_len = (size_t)(tbs.p - p0);

	/* Validity ::= SEQUENCE { notBefore Time, notAfter Time } */
	if (get(&tbs, 0x30, &v) != MSA_OK)
		return BAD;
	if (tlv(&v, &t, &val) != MSA_OK || msa_x509_time(t, val.p, val.n, &c->not_before) != MSA_OK)
		return BAD;
	if (tlv(&v, &t, &val) != MSA_OK || msa_x509_time(t, val.p, val.n, &c->not_after) != MSA_OK)
		return BAD;
	if (v.n != 0)
		return BAD;

	p0 = tbs.p;
	if (get(&tbs, 0x30, &v) != MSA_OK)
		return BAD;
	c->subject = p0;
	c->subject_len = (size_t)(tbs.p - p0);

	if (get(&tbs, 0x30, &v) != MSA_OK || spki(v, c) != MSA_OK)
		return BAD;

	/* issuerUniqueID [1], subjectUniqueID [2] (v2, v3 only), then
	 * extensions [3] EXPLICIT (v3 only). */
	if (peek(&tbs, 0x81) && (c->version < 2 || get(&tbs, 0x81, &v) != MSA_OK || !bits_ok(&v)))
		return BAD;
	if (peek(&tbs, 0x82) && (c->version < 2 || get(&tbs, 0x82, &v) != MSA_OK || !bits_ok(&v)))
		return BAD;
	if (peek(&tbs, 0xA3)) {
		if (c->version < 3 || get(&tbs, 0xA3, &v) != MSA_OK
			|| get(&v, 0x30, &val) != MSA_OK || v.n != 0)
			return BAD;
		if (extensions(val, c) != MSA_OK)
			return BAD;
	}
	return tbs.n == 0 ? MSA_OK : BAD;
}
