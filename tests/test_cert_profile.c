/*
 * test_cert_profile.c -- the certificate profile checks that vectors/pki
 * has no ready-made certificate for, by same-length edits of its DER
 * files: version, signature algorithm, unknown critical and duplicated
 * extensions, a CA key on another curve, pathLenConstraint, the order of
 * the checks, and the trust anchor's own dates and constraints.
 *
 * An edit breaks the certificate's signature. The profile checks run
 * before the path check (REQ-CRT-015), so an edited certificate that
 * passes its profile ends in CERT_UNTRUSTED (bad signature), and one that
 * fails it ends in the profile's error: the two outcomes tell apart
 * "the check fired" from "it did not". Trust anchors are configuration:
 * their signature is not checked, so an edited anchor is a usable anchor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msa.h"
#include "x509.h"
#include "tf.h"

#define PKI "vectors/pki/"
#define T_TEST 1893456000ull   /* 2030-01-01T00:00:00Z */

typedef struct {
	uint8_t d[MSA_MAX_CERT];
	size_t n;
} cert;

static cert
load(const char *name)
{
	char path[128];
	cert c;
	FILE *f;

	snprintf(path, sizeof path, PKI "%s", name);
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(2);
	}
	c.n = fread(c.d, 1, sizeof c.d, f);
	fclose(f);
	if (c.n == 0 || c.n == sizeof c.d) {
		fprintf(stderr, "%s: bad size\n", path);
		exit(2);
	}
	return c;
}

/* Replaces the `which`-th occurrence (1 = first, -1 = last) of from[0..n)
 * by to[0..n) (same length). Returns 1 when found. */
static int
edit(cert *c, const char *fromhex, const char *tohex, int which)
{
	uint8_t from[64], to[64];
	long n = tf_hex(fromhex, from, sizeof from), m = tf_hex(tohex, to, sizeof to);
	size_t i;
	long found = -1;
	int k = 0;

	if (n <= 0 || n != m)
		return 0;
	for (i = 0; i + (size_t)n <= c->n; i++)
		if (memcmp(c->d + i, from, (size_t)n) == 0) {
			k++;
			found = (long)i;
			if (k == which)
				break;
		}
	if (found < 0 || (which > 0 && k != which))
		return 0;
	memcpy(c->d + found, to, (size_t)n);
	return 1;
}

/* DER TLV header at p: returns its length, sets *len to the content's. */
static size_t
hdr(const uint8_t *p, size_t *len)
{
	size_t k, n = 0;

	if (p[1] < 0x80) {
		*len = p[1];
		return 2;
	}
	for (k = 0; k < (size_t)(p[1] & 0x7F); k++)
		n = n * 256 + p[2 + k];
	*len = n;
	return 2 + (p[1] & 0x7F);
}

static size_t
put_hdr(uint8_t *o, uint8_t tag, size_t n)
{
	o[0] = tag;
	if (n < 0x80) { o[1] = (uint8_t)n; return 2; }
	if (n < 0x100) { o[1] = 0x81; o[2] = (uint8_t)n; return 3; }
	o[1] = 0x82; o[2] = (uint8_t)(n >> 8); o[3] = (uint8_t)n;
	return 4;
}

/* Rebuilds c's tbsCertificate without its extensions and with version
 * field `version` (0: the field omitted, i.e. v1; 1: v2), in DER (lengths
 * re-encoded). The signature no longer matches. */
static void
strip_to_version(cert *c, int version)
{
	uint8_t tbs[MSA_MAX_CERT], out[MSA_MAX_CERT];
	size_t cl, h = hdr(c->d, &cl), tl, th = hdr(c->d + h, &tl), off, n = 0, m;
	const uint8_t *e = c->d + h + th, *end = e + tl, *rest = end;
	size_t rest_len = c->n - (size_t)(rest - c->d);

	while (e < end) {
		size_t el, eh = hdr(e, &el);
		if (e[0] == 0xA0) {
			if (version > 0) {
				memcpy(tbs + n, e, eh + el);
				tbs[n + eh + el - 1] = (uint8_t)version;
				n += eh + el;
			}
		} else if (e[0] != 0xA3) {
			memcpy(tbs + n, e, eh + el);
			n += eh + el;
		}
		e += eh + el;
	}
	m = put_hdr(out + 4, 0x30, n);          /* leave room for the outer header */
	memcpy(out + 4 + m, tbs, n);
	memcpy(out + 4 + m + n, rest, rest_len);
	off = put_hdr(c->d, 0x30, m + n + rest_len);
	memcpy(c->d + off, out + 4, m + n + rest_len);
	c->n = off + m + n + rest_len;
}

static int
validate(const msa_anchors *ta, const cert *const *cs, size_t n, const char *id, uint64_t now,
	uint64_t floor)
{
	msa_seg s[MSA_MAX_CHAIN + 1];
	size_t i;

	for (i = 0; i < n; i++) {
		s[i].ptr = cs[i]->d;
		s[i].len = cs[i]->n;
	}
	return msa_cert_validate(ta, s, n, (const uint8_t *)id, id ? strlen(id) : 0, now, floor, NULL);
}

static void
anchor(msa_anchors *ta, const cert *c)
{
	msa_anchors_init(ta);
	TF_EQ_INT(msa_anchors_add(ta, c->d, c->n), MSA_OK, "anchor");
}

/* DER fragments (the test PKI is made by openssl ca, vectors/pki/mkpki.sh) */
#define V3           "A0 03 02 01 02"                      /* version v3 */
#define V2           "A0 03 02 01 01"
#define ECDSA_SHA256 "06 08 2A 86 48 CE 3D 04 03 02"
#define ECDSA_SHA384 "06 08 2A 86 48 CE 3D 04 03 03"
#define ECDSA_SHA224 "06 08 2A 86 48 CE 3D 04 03 01"
#define KU_CRIT      "06 03 55 1D 0F 01 01 FF"             /* keyUsage, critical */
#define POLICIES_CRIT "06 03 55 1D 20 01 01 FF"            /* certificatePolicies, critical */
#define SKI          "06 03 55 1D 0E 04"                    /* subjectKeyIdentifier, not critical */
#define AKI          "06 03 55 1D 23 04"
#define MAPPINGS     "06 03 55 1D 21 04"                    /* policyMappings, not critical */
#define P256_OID     "06 08 2A 86 48 CE 3D 03 01 07"
#define P256_OID_X   "06 08 2A 86 48 CE 3D 03 01 08"        /* no such curve */
/* basicConstraints critical cA TRUE -> not critical, cA TRUE, pathLen N
 * (the 3 octets of the critical flag pay for the INTEGER: same length) */
#define BC_CA        "06 03 55 1D 13 01 01 FF 04 05 30 03 01 01 FF"
#define BC_CA_PL(n)  "06 03 55 1D 13 04 08 30 06 01 01 FF 02 01 0" #n

static void
test_version(void)
{
	msa_anchors ta;
	cert root = load("root-ca.der"), ee = load("initiator-1.der"), ca = load("int-ca.der");
	const cert *ch[2] = { &ee, &ca };

	anchor(&ta, &root);
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_OK, "unedited chain");
	/* X.509 allows extensions in v3 only: a v2 certificate with
	 * extensions does not parse (REQ-CRT-002) */
	TF_CHECK(edit(&ee, V3, V2, 1), "EE version found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_DECODE,
		"REQ-CRT-002: version v2 with extensions is not an X.509 certificate");
	/* well-formed v1 and v2 certificates (no extensions) */
	ee = load("initiator-1.der");
	strip_to_version(&ee, 1);
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_PROFILE,
		"REQ-CRT-001: an end entity of version v2 is CERT_PROFILE");
	ee = load("initiator-1.der");
	strip_to_version(&ee, 0);
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_PROFILE,
		"REQ-CRT-001: an end entity of version v1 is CERT_PROFILE");
	ee = load("initiator-1.der");
	strip_to_version(&ca, 0);
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_PROFILE,
		"REQ-CRT-001: a CA of version v1 is CERT_PROFILE");
	{
		msa_x509 x;
		TF_EQ_INT(msa_x509_parse(ca.d, ca.n, &x), MSA_OK, "the rebuilt v1 CA parses");
		TF_EQ_INT(x.version, 1, "version 1");
	}
}

static void
test_sig_alg(void)
{
	msa_anchors ta;
	cert root = load("root-ca.der"), ee, ca = load("int-ca.der");
	const cert *ch[2] = { &ee, &ca };

	anchor(&ta, &root);
	/* outer signatureAlgorithm != tbsCertificate.signature */
	ee = load("initiator-1.der");
	TF_CHECK(edit(&ee, ECDSA_SHA256, ECDSA_SHA384, -1), "outer algorithm found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_PROFILE,
		"REQ-CRT-004: signatureAlgorithm SHA-384, tbs SHA-256: mismatch is CERT_PROFILE");
	ee = load("initiator-1.der");
	TF_CHECK(edit(&ee, ECDSA_SHA256, ECDSA_SHA384, 1), "inner algorithm found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_PROFILE,
		"REQ-CRT-004: tbs SHA-384, outer SHA-256: mismatch is CERT_PROFILE");
	/* both ecdsa-with-SHA224: matching, but not an allowed algorithm */
	ee = load("initiator-1.der");
	TF_CHECK(edit(&ee, ECDSA_SHA256, ECDSA_SHA224, 1) && edit(&ee, ECDSA_SHA256, ECDSA_SHA224, 1),
		"both algorithms found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_PROFILE,
		"REQ-CRT-004: ecdsa-with-SHA224 is CERT_PROFILE");
	/* the same on the CA */
	ee = load("initiator-1.der");
	TF_CHECK(edit(&ca, ECDSA_SHA256, ECDSA_SHA384, -1), "CA outer algorithm found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_PROFILE,
		"REQ-CRT-004: every certificate of the path: the CA's mismatch is CERT_PROFILE");
	/* control: both SHA-384 on a P-256 certificate is an allowed pair of
	 * fields; it passes the profile and fails on the signature */
	ca = load("int-ca.der");
	ee = load("initiator-1.der");
	TF_CHECK(edit(&ee, ECDSA_SHA256, ECDSA_SHA384, 1) && edit(&ee, ECDSA_SHA256, ECDSA_SHA384, 1),
		"both algorithms found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_UNTRUSTED,
		"REQ-CRT-004: ecdsa-with-SHA384 in both fields passes the profile (then the signature fails)");
}

static void
test_extensions(void)
{
	msa_anchors ta;
	cert root = load("root-ca.der"), ee, ca = load("int-ca.der");
	const cert *ch[2] = { &ee, &ca };

	anchor(&ta, &root);
	ee = load("initiator-1.der");
	TF_CHECK(edit(&ee, KU_CRIT, POLICIES_CRIT, 1), "keyUsage found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_PROFILE,
		"REQ-CRT-010: a critical certificatePolicies is CERT_PROFILE (not CERT_KEY_USAGE)");
	ee = load("initiator-1.der");
	TF_CHECK(edit(&ee, SKI, MAPPINGS, 1), "subjectKeyIdentifier found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_UNTRUSTED,
		"REQ-CRT-010: an unknown non-critical extension passes the profile");
	ee = load("initiator-1.der");
	TF_CHECK(edit(&ee, SKI, AKI, 1), "subjectKeyIdentifier found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_PROFILE,
		"REQ-CRT-010: authorityKeyIdentifier twice is CERT_PROFILE");
	ee = load("initiator-1.der");
	TF_CHECK(edit(&ca, KU_CRIT, POLICIES_CRIT, 1), "CA keyUsage found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_PROFILE,
		"REQ-CRT-010: a CA's unknown critical extension is CERT_PROFILE");
}

static void
test_ca_key(void)
{
	msa_anchors ta;
	cert root = load("root-ca.der"), ee = load("initiator-1.der"), ca = load("int-ca.der");
	const cert *ch[2] = { &ee, &ca };

	anchor(&ta, &root);
	TF_CHECK(edit(&ca, P256_OID, P256_OID_X, 1), "CA curve found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_KEY_TYPE,
		"REQ-CRT-003: a CA key on an unknown curve is CERT_KEY_TYPE");
	ca = load("int-ca.der");
	TF_CHECK(edit(&ee, P256_OID, P256_OID_X, 1), "EE curve found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_KEY_TYPE,
		"REQ-CRT-003: an end-entity key on an unknown curve is CERT_KEY_TYPE");
}

/* chain4: EE, long-ca3, long-ca2, long-ca1 under root-ca. A CA at index i
 * is preceded by i - 1 CA certificates. */
static void
test_pathlen(void)
{
	static const struct { int idx; int pl; int want; const char *what; } pv[] = {
		{ 1, 0, MSA_ERR_CERT_UNTRUSTED, "long-ca3 pathLen 0, preceded by 0 CAs: allowed" },
		{ 2, 0, MSA_ERR_CERT_CHAIN_TOO_LONG, "long-ca2 pathLen 0, preceded by 1 CA" },
		{ 2, 1, MSA_ERR_CERT_UNTRUSTED, "long-ca2 pathLen 1, preceded by 1 CA: allowed" },
		{ 3, 0, MSA_ERR_CERT_CHAIN_TOO_LONG, "long-ca1 pathLen 0, preceded by 2 CAs" },
		{ 3, 1, MSA_ERR_CERT_CHAIN_TOO_LONG, "long-ca1 pathLen 1, preceded by 2 CAs" },
		{ 3, 2, MSA_ERR_CERT_UNTRUSTED, "long-ca1 pathLen 2, preceded by 2 CAs: allowed" },
	};
	static const char *names[4] = { "chain4.der", "long-ca3.der", "long-ca2.der", "long-ca1.der" };
	static const char *pl_hex[3] = { BC_CA_PL(0), BC_CA_PL(1), BC_CA_PL(2) };
	msa_anchors ta;
	cert root = load("root-ca.der"), c[4];
	const cert *ch[4] = { &c[0], &c[1], &c[2], &c[3] };
	size_t i, j;

	anchor(&ta, &root);
	for (j = 0; j < 4; j++)
		c[j] = load(names[j]);
	TF_EQ_INT(validate(&ta, ch, 4, NULL, T_TEST, 0), MSA_OK, "chain4 unedited");
	/* control: the same edit without pathLen would need one more octet;
	 * dropping only the critical flag is checked through pv's "allowed" rows */
	for (i = 0; i < sizeof pv / sizeof pv[0]; i++) {
		for (j = 0; j < 4; j++)
			c[j] = load(names[j]);
		TF_CHECK(edit(&c[pv[i].idx], BC_CA, pl_hex[pv[i].pl], 1), "%s: basicConstraints found", pv[i].what);
		TF_CHECK(validate(&ta, ch, 4, NULL, T_TEST, 0) == pv[i].want, "REQ-CRT-009: %s: want %s",
			pv[i].what, msa_err_name(pv[i].want));
	}
	/* the anchor's own pathLenConstraint is not checked: root-ca with
	 * pathLen 0 above three CAs */
	for (j = 0; j < 4; j++)
		c[j] = load(names[j]);
	TF_CHECK(edit(&root, BC_CA, BC_CA_PL(0), 1), "root basicConstraints found");
	anchor(&ta, &root);
	TF_EQ_INT(validate(&ta, ch, 4, NULL, T_TEST, 0), MSA_OK,
		"REQ-CRT-009: the trust anchor's pathLen 0 is not checked");
}

/* REQ-CRT-022: the validity period of a trust anchor is not checked. */
static void
test_anchor_dates(void)
{
	msa_anchors ta;
	cert root, ee = load("initiator-1.der"), ca = load("int-ca.der");
	const cert *ch[2] = { &ee, &ca };
	const char *nb = "17 0D 32 35 30 31 30 31 30 30 30 30 30 30 5A";   /* 250101000000Z */
	const char *na = "17 0D 34 35 30 31 30 31 30 30 30 30 30 30 5A";   /* 450101000000Z */

	root = load("root-ca.der");
	TF_CHECK(edit(&root, na, "17 0D 32 31 30 31 30 31 30 30 30 30 30 30 5A", 1), "root notAfter found");
	anchor(&ta, &root);
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_OK,
		"REQ-CRT-022: an anchor expired in 2021 still anchors at 2030");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, MSA_TIME_UNKNOWN, T_TEST), MSA_OK,
		"REQ-CRT-022: ... and with a floor of 2030");
	root = load("root-ca.der");
	TF_CHECK(edit(&root, nb, "17 0D 34 30 30 31 30 31 30 30 30 30 30 30 5A", 1), "root notBefore found");
	anchor(&ta, &root);
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_OK,
		"REQ-CRT-022: an anchor valid from 2040 anchors at 2030");
	/* control: the same edit on the intermediate (not an anchor) counts */
	root = load("root-ca.der");
	anchor(&ta, &root);
	TF_CHECK(edit(&ca, na, "17 0D 32 31 30 31 30 31 30 30 30 30 30 30 5A", 1), "CA notAfter found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_EXPIRED,
		"REQ-CRT-020: an intermediate expired in 2021 is CERT_EXPIRED");
}

/* REQ-CRT-015: two defects, the earlier check decides. */
static void
test_order(void)
{
	msa_anchors ta;
	cert root = load("root-ca.der"), ca = load("int-ca.der"), ee, x, garbage;
	const cert *ch[MSA_MAX_CHAIN + 1];
	size_t i;

	anchor(&ta, &root);
	garbage = load("bad-garbage.der");

	/* (1) the count before anything in the certificates */
	for (i = 0; i < MSA_MAX_CHAIN + 1; i++)
		ch[i] = &garbage;
	TF_EQ_INT(validate(&ta, ch, MSA_MAX_CHAIN + 1, NULL, T_TEST, 0), MSA_ERR_CERT_CHAIN_TOO_LONG,
		"REQ-CRT-015: 5 undecodable certificates: the count first");
	/* (2) chain order: every check of the end entity before the next
	 * certificate's parsing */
	ee = load("bad-keyusage.der");
	ch[0] = &ee; ch[1] = &garbage;
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_KEY_USAGE,
		"REQ-CRT-015: EE keyUsage before the issuer's parsing");
	ee = load("initiator-1.der");
	ch[0] = &ee; ch[1] = &garbage;
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_DECODE,
		"REQ-CRT-015: a good EE, an undecodable issuer");
	/* profile (version) before key type */
	x = load("bad-rsa.der");
	strip_to_version(&x, 1);
	ch[0] = &x; ch[1] = &ca;
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_PROFILE,
		"REQ-CRT-015: v2 with an RSA key: profile before key type");
	/* key type before keyUsage */
	x = load("bad-keyusage.der");
	TF_CHECK(edit(&x, P256_OID, P256_OID_X, 1), "curve found");
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_KEY_TYPE,
		"REQ-CRT-015: unknown curve and keyEncipherment only: key type before keyUsage");
	/* CA basicConstraints before keyUsage: an end entity (CA:FALSE,
	 * digitalSignature only) in the issuer's place */
	ee = load("initiator-1.der");
	x = load("responder-1.der");
	ch[0] = &ee; ch[1] = &x;
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_NOT_CA,
		"REQ-CRT-015: issuer without cA and keyCertSign: CERT_NOT_CA first");
	/* (3) dates before the path */
	ee = load("bad-expired.der");
	ch[0] = &ee;
	TF_EQ_INT(validate(&ta, ch, 1, NULL, T_TEST, 0), MSA_ERR_CERT_EXPIRED,
		"REQ-CRT-015: expired, intermediate missing: dates before the path");
	ee = load("bad-notyet.der");
	ch[0] = &ee; ch[1] = &ca;
	TF_EQ_INT(validate(&ta, ch, 2, "urn:msa:ae:other", T_TEST, 0), MSA_ERR_CERT_NOT_YET_VALID,
		"REQ-CRT-015: not yet valid and another identity: dates before identity");
	/* dates, end entity first */
	ee = load("bad-expired.der");
	x = load("int-ca.der");
	TF_CHECK(edit(&x, "17 0D 32 35 30 31 30 31 30 30 30 30 30 30 5A",
		"17 0D 34 39 30 31 30 31 30 30 30 30 30 30 5A", 1), "CA notBefore found");
	ch[0] = &ee; ch[1] = &x;
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_EXPIRED,
		"REQ-CRT-015: EE expired, CA not yet valid: the end entity's date first");
	/* (4) the path before (5) the identity */
	ee = load("bad-untrusted.der");
	ch[0] = &ee;
	TF_EQ_INT(validate(&ta, ch, 1, "urn:msa:ae:other", T_TEST, 0), MSA_ERR_CERT_UNTRUSTED,
		"REQ-CRT-015: untrusted and another identity: the path first");
	ee = load("bad-two-uris.der");
	x = load("int-ca.der");
	ch[0] = &ee; ch[1] = &x;
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_PROFILE,
		"REQ-CRT-015: two SAN URIs are found at the identity step (5)");
	x = load("rogue-root-ca.der");
	ch[1] = &x;
	TF_EQ_INT(validate(&ta, ch, 2, NULL, T_TEST, 0), MSA_ERR_CERT_UNTRUSTED,
		"REQ-CRT-015: two SAN URIs and untrusted: the path (4) before the identity (5)");
}

int
main(void)
{
	test_version();
	test_sig_alg();
	test_extensions();
	test_ca_key();
	test_pathlen();
	test_anchor_dates();
	test_order();
	return tf_done("test_cert_profile");
}
