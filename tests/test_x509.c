/*
 * test_x509.c -- certificates: every certificate of vectors/pki gets its
 * verdict (README.md there) at a fixed time; the floor-time rule; date
 * boundaries; certificates by reference; PEM and DER files; private keys;
 * truncated, corrupted, garbage, oversize input and too many certificates.
 * The verdicts of vectors/pki were cross-checked with `openssl verify`
 * where OpenSSL checks the same thing (dates, trust, issuers).
 * REQ ids: REQ-LIM-004, REQ-LIM-005 and the REQ-CRT ids in the comments.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "msa.h"
#include "x509.h"
#include "tf.h"

#define PKI "vectors/pki/"
#define T_TEST   1893456000ull   /* 2030-01-01T00:00:00Z */
#define T_NB     1735689600ull   /* 2025-01-01T00:00:00Z: notBefore of the good set */
#define T_NA     2366841600ull   /* 2045-01-01T00:00:00Z: notAfter of the good set */

/* ---------------------------------------------------------------- files */

typedef struct {
	uint8_t *buf;     /* DER of every certificate, one after the other */
	msa_seg c[16];
	size_t n;
} certs;

/* Buffers that certs point into, freed at the end (LeakSanitizer). */
static void *keep[512];
static size_t nkeep;

static void
keep_add(void *p)
{
	if (nkeep == sizeof keep / sizeof keep[0]) {
		fprintf(stderr, "too many buffers\n");
		exit(2);
	}
	keep[nkeep++] = p;
}

static void
keep_free(void)
{
	while (nkeep > 0)
		free(keep[--nkeep]);
}

static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b;
	long n;

	if (f == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	if (b == NULL || fread(b, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(2);
	}
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* load: the certificates of vectors/pki/NAME appended to *cs. */
static void
load(certs *cs, const char *name)
{
	char path[256];
	uint8_t *in, *out;
	size_t len, k = 0;
	int err;

	snprintf(path, sizeof path, PKI "%s", name);
	in = slurp(path, &len);
	out = malloc(len + 1);
	err = msa_cert_decode_file(in, len, out, len + 1, cs->c + cs->n,
		sizeof cs->c / sizeof cs->c[0] - cs->n, &k);
	if (err != MSA_OK) {
		fprintf(stderr, "%s: %s\n", path, msa_err_name(err));
		exit(2);
	}
	cs->n += k;
	free(in);
	keep_add(out);      /* cs->c point into it */
}

/* chain: certificates from up to 6 files (NULL-terminated list). */
static certs
chain(const char *first, ...)
{
	certs cs;
	const char *names[8];
	size_t i = 0, j;
	va_list ap;

	memset(&cs, 0, sizeof cs);
	names[i++] = first;
	va_start(ap, first);
	while (i < 7 && (names[i] = va_arg(ap, const char *)) != NULL)
		i++;
	va_end(ap);
	for (j = 0; j < i; j++)
		load(&cs, names[j]);
	return cs;
}

static void
anchors(msa_anchors *ta, const char *name)
{
	certs cs;
	size_t i;

	memset(&cs, 0, sizeof cs);
	load(&cs, name);
	for (i = 0; i < cs.n; i++)
		TF_EQ_INT(msa_anchors_add(ta, cs.c[i].ptr, cs.c[i].len), MSA_OK, name);
}

static int
validate(const msa_anchors *ta, const certs *cs, const char *id, uint64_t now,
	uint64_t floor, msa_cert_info *info)
{
	return msa_cert_validate(ta, cs->c, cs->n, (const uint8_t *)id,
		id ? strlen(id) : 0, now, floor, info);
}

/* ---------------------------------------------------------------- vectors */

/* One row of vectors/pki/README.md: the certificate file, the --chain
 * files, the anchor, the expected identity (--id), and the verdict. */
static const struct vec {
	const char *cert, *chain1, *chain2, *chain3, *chain4;
	const char *ca, *id;
	int want;
} vecs[] = {
	/* valid (REQ-CRT: profile, chain, identity; REQ-CRT-013: issued by the next one, the last by an anchor) */
	{ "initiator-1.der", "int-ca.der", 0, 0, 0, "root-ca.der", "urn:msa:ae:initiator-1", MSA_OK },
	{ "responder-1.pem", "int-ca.pem", 0, 0, 0, "root-ca.pem", "urn:msa:ae:responder-1", MSA_OK },
	{ "gateway-1-chain.pem", 0, 0, 0, 0, "root-ca.pem", "urn:msa:ae:gateway-1", MSA_OK },
	{ "direct-1.der", 0, 0, 0, 0, "root-ca.der", "urn:msa:ae:direct-1", MSA_OK },
	{ "initiator-1.der", 0, 0, 0, 0, "int-ca.der", "urn:msa:ae:initiator-1", MSA_OK },
	{ "responder-384.der", 0, 0, 0, 0, "root384-ca.der", "urn:msa:ae:responder-384", MSA_OK },
	{ "chain4.der", "long-ca3.der", "long-ca2.der", "long-ca1.der", 0, "root-ca.der", "urn:msa:ae:chain4", MSA_OK },
	{ "chain4-chain.pem", 0, 0, 0, 0, "root-ca.pem", "urn:msa:ae:chain4", MSA_OK },
	{ "bad-identity.der", "int-ca.der", 0, 0, 0, "root-ca.der", "urn:msa:ae:intruder-1", MSA_OK },
	/* the chain may carry the anchor itself (ignored after the anchor, REQ-CRT-013) */
	{ "initiator-1-chain.pem", "root-ca.pem", 0, 0, 0, "root-ca.pem", "urn:msa:ae:initiator-1", MSA_OK },
	/* chain length (REQ-LIM-005, REQ-CRT-014) */
	{ "bad-chain5.der", "long-ca4.der", "long-ca3.der", "long-ca2.der", "long-ca1.der", "root-ca.der", 0, MSA_ERR_CERT_CHAIN_TOO_LONG },
	{ "bad-chain5-chain.pem", 0, 0, 0, 0, "root-ca.pem", 0, MSA_ERR_CERT_CHAIN_TOO_LONG },
	/* dates (REQ-CRT-020) */
	{ "bad-expired.der", "int-ca.der", 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_EXPIRED },
	{ "bad-notyet.der", "int-ca.der", 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_NOT_YET_VALID },
	/* key usage (REQ-CRT-005: EE without digitalSignature; REQ-CRT-008: CA without keyCertSign),
	 * basic constraints (REQ-CRT-006: EE with cA TRUE; REQ-CRT-007: a CA:FALSE issuer) */
	{ "bad-keyusage.der", "int-ca.der", 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_KEY_USAGE },
	{ "bad-no-keyusage.der", "int-ca.der", 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_KEY_USAGE },
	{ "bad-ee-ca.der", "int-ca.der", 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_PROFILE },
	{ "bad-issued-by-ee-chain.pem", 0, 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_NOT_CA },
	{ "bad-ca-nocertsign-chain.pem", 0, 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_KEY_USAGE },
	/* trust (REQ-CRT-013) */
	{ "bad-untrusted.der", 0, 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_UNTRUSTED },
	{ "bad-untrusted.der", "rogue-root-ca.der", 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_UNTRUSTED },
	{ "bad-signature.der", "int-ca.der", 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_UNTRUSTED },
	{ "initiator-1.der", 0, 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_UNTRUSTED },
	{ "initiator-1.der", "int-ca.der", 0, 0, 0, "root384-ca.der", 0, MSA_ERR_CERT_UNTRUSTED },
	{ "responder-384.der", 0, 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_UNTRUSTED },
	/* identity (REQ-CRT-012: octet for octet, SAN URI only, no case folding) */
	{ "bad-identity.der", "int-ca.der", 0, 0, 0, "root-ca.der", "urn:msa:ae:responder-1", MSA_ERR_CERT_IDENTITY },
	{ "initiator-1.der", "int-ca.der", 0, 0, 0, "root-ca.der", "urn:msa:ae:responder-1", MSA_ERR_CERT_IDENTITY },
	{ "initiator-1.der", "int-ca.der", 0, 0, 0, "root-ca.der", "urn:msa:ae:initiator-", MSA_ERR_CERT_IDENTITY },
	{ "initiator-1.der", "int-ca.der", 0, 0, 0, "root-ca.der", "URN:MSA:AE:INITIATOR-1", MSA_ERR_CERT_IDENTITY },
	{ "bad-no-san.der", "int-ca.der", 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_IDENTITY },
	{ "bad-san-dns.der", "int-ca.der", 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_IDENTITY },
	{ "bad-two-uris.der", "int-ca.der", 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_PROFILE },
	/* key types (REQ-CRT-003) */
	{ "bad-rsa.der", "int-ca.der", 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_KEY_TYPE },
	{ "bad-p521.der", "int-ca.der", 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_KEY_TYPE },
	/* size (REQ-LIM-004, REQ-CRT-001) */
	{ "bad-oversize.der", "int-ca.der", 0, 0, 0, "root-ca.der", 0, MSA_ERR_CERT_PROFILE },
};

static void
test_vectors(void)
{
	size_t i;

	for (i = 0; i < sizeof vecs / sizeof vecs[0]; i++) {
		const struct vec *v = &vecs[i];
		msa_anchors ta;
		msa_cert_info info;
		certs cs;
		int err;

		msa_anchors_init(&ta);
		anchors(&ta, v->ca);
		memset(&cs, 0, sizeof cs);
		load(&cs, v->cert);
		if (v->chain1) load(&cs, v->chain1);
		if (v->chain2) load(&cs, v->chain2);
		if (v->chain3) load(&cs, v->chain3);
		if (v->chain4) load(&cs, v->chain4);
		memset(&info, 0xA5, sizeof info);
		err = validate(&ta, &cs, v->id, T_TEST, 0, &info);
		TF_CHECK(err == v->want, "%s (chain %s, ca %s, id %s): got %s, want %s",
			v->cert, v->chain1 ? v->chain1 : "-", v->ca, v->id ? v->id : "-",
			msa_err_name(err), msa_err_name(v->want));
		if (v->want == MSA_OK && err == MSA_OK) {
			TF_CHECK(v->id == NULL || (info.identity_len == strlen(v->id)
				&& strcmp(info.identity, v->id) == 0), "%s: identity %s", v->cert, info.identity);
			TF_CHECK(info.pub_len == 65 || info.pub_len == 97, "%s: key length", v->cert);
			TF_CHECK(info.pub[0] == 0x04, "%s: uncompressed point", v->cert);
			TF_EQ_INT(info.sig_alg, info.pub_len == 65 ? MSA_SIG_ECDSA_P256_SHA256
				: MSA_SIG_ECDSA_P384_SHA384, v->cert);
			/* without --id: valid too, same identity */
			err = validate(&ta, &cs, NULL, T_TEST, 0, &info);
			TF_CHECK(err == MSA_OK && (v->id == NULL || strcmp(info.identity, v->id) == 0),
				"%s without id: %s", v->cert, msa_err_name(err));
		} else {
			static const msa_cert_info zero;
			TF_CHECK(memcmp(&info, &zero, sizeof info) == 0, "%s: info zeroed on failure", v->cert);
		}
	}
}

/* The end entity's public key from a validation verifies a signature made
 * with the private key file of vectors/pki (the handshake's use). */
static void
test_key_use(void)
{
	static const struct { const char *cert, *chain, *ca, *key; } kv[] = {
		{ "initiator-1.der", "int-ca.der", "root-ca.der", "initiator-1.key.pem" },
		{ "responder-384.der", NULL, "root384-ca.der", "responder-384.key.pem" },
	};
	const msa_crypto_provider *p = msa_crypto_bearssl();
	static const uint8_t msg[] = "MSA v1 responder signature";
	size_t i;

	for (i = 0; i < 2; i++) {
		msa_anchors ta;
		msa_cert_info info;
		msa_private_key k;
		uint8_t sig[MSA_SIG_MAX], *kb;
		size_t sig_len = 0, kl;
		certs cs = chain(kv[i].cert, kv[i].chain, (const char *)NULL);

		msa_anchors_init(&ta);
		anchors(&ta, kv[i].ca);
		TF_EQ_INT(validate(&ta, &cs, NULL, T_TEST, 0, &info), MSA_OK, kv[i].cert);
		kb = slurp(kv[i].key[0] == 'i' ? PKI "initiator-1.key.pem" : PKI "responder-384.key.pem", &kl);
		TF_EQ_INT(msa_private_key_load(&k, kb, kl), MSA_OK, kv[i].key);
		TF_EQ_INT(k.sig_alg, info.sig_alg, "key and certificate agree on the algorithm");
		TF_EQ_INT(p->sig_sign(&k, msg, sizeof msg, sig, sizeof sig, &sig_len), MSA_OK, "sign");
		TF_EQ_INT(p->sig_verify(info.sig_alg, info.pub, info.pub_len, msg, sizeof msg,
			sig, sig_len), MSA_OK, "verify with the validated key");
		sig[sig_len - 1] ^= 1;
		TF_EQ_INT(p->sig_verify(info.sig_alg, info.pub, info.pub_len, msg, sizeof msg,
			sig, sig_len), MSA_ERR_BAD_SIGNATURE, "a flipped signature fails");
		TF_EQ_INT(msa_cert_key_match(&k, cs.c[0].ptr, cs.c[0].len), MSA_OK, "key matches its certificate");
		msa_private_key_wipe(&k);
		free(kb);
	}
}

/* ---------------------------------------------------------------- time */

static void
test_time(void)
{
	msa_anchors ta;
	certs good = chain("initiator-1.der", "int-ca.der", (const char *)NULL);
	certs expired = chain("bad-expired.der", "int-ca.der", (const char *)NULL);
	certs notyet = chain("bad-notyet.der", "int-ca.der", (const char *)NULL);
	const uint64_t U = MSA_TIME_UNKNOWN;

	msa_anchors_init(&ta);
	anchors(&ta, "root-ca.der");
	/* Boundaries: notBefore and notAfter are both inside the period
	 * (RFC 5280 4.1.2.5; REQ-CRT-020). */
	TF_EQ_INT(validate(&ta, &good, NULL, T_NB, 0, NULL), MSA_OK, "at notBefore");
	TF_EQ_INT(validate(&ta, &good, NULL, T_NB - 1, 0, NULL), MSA_ERR_CERT_NOT_YET_VALID, "1 s before notBefore");
	TF_EQ_INT(validate(&ta, &good, NULL, T_NA, 0, NULL), MSA_OK, "at notAfter");
	TF_EQ_INT(validate(&ta, &good, NULL, T_NA + 1, 0, NULL), MSA_ERR_CERT_EXPIRED, "1 s after notAfter");
	TF_EQ_INT(validate(&ta, &good, NULL, 0, 0, NULL), MSA_ERR_CERT_NOT_YET_VALID, "at 1970");
	TF_EQ_INT(validate(&ta, &good, NULL, UINT64_MAX - 1, 0, NULL), MSA_ERR_CERT_EXPIRED, "far future");
	/* a known time ignores the floor */
	TF_EQ_INT(validate(&ta, &good, NULL, T_TEST, T_NA + 1000, NULL), MSA_OK, "floor ignored with a clock");

	/* Floor rule (REQ-CRT-021): without a clock, notAfter < floor is
	 * expired, notBefore is not checked. */
	TF_EQ_INT(validate(&ta, &good, NULL, U, T_TEST, NULL), MSA_OK, "floor: good");
	TF_EQ_INT(validate(&ta, &good, NULL, U, 0, NULL), MSA_OK, "floor 0: good");
	TF_EQ_INT(validate(&ta, &good, NULL, U, T_NA, NULL), MSA_OK, "floor = notAfter: good");
	TF_EQ_INT(validate(&ta, &good, NULL, U, T_NA + 1, NULL), MSA_ERR_CERT_EXPIRED, "floor after notAfter");
	TF_EQ_INT(validate(&ta, &good, NULL, U, UINT64_MAX, NULL), MSA_ERR_CERT_EXPIRED, "floor at the end of time");
	TF_EQ_INT(validate(&ta, &expired, NULL, U, T_TEST, NULL), MSA_ERR_CERT_EXPIRED, "floor: expired");
	/* bad-expired (2020..2021) under int-ca (2025..2045): no instant
	 * where both are valid, so even a floor of 2020 finds it expired */
	TF_EQ_INT(validate(&ta, &expired, NULL, U, 1577836800ull, NULL), MSA_ERR_CERT_EXPIRED,
		"floor 2020: periods do not overlap");
	TF_EQ_INT(validate(&ta, &notyet, NULL, U, T_TEST, NULL), MSA_OK, "floor: notBefore not checked");
	TF_EQ_INT(validate(&ta, &notyet, NULL, U, 0, NULL), MSA_OK, "floor 0: notBefore not checked");
	/* the floor rule still checks the signatures and identity */
	{
		certs bad = chain("bad-signature.der", "int-ca.der", (const char *)NULL);
		TF_EQ_INT(validate(&ta, &bad, NULL, U, T_TEST, NULL), MSA_ERR_CERT_UNTRUSTED, "floor: bad signature");
		TF_EQ_INT(validate(&ta, &good, "urn:msa:ae:gateway-1", U, T_TEST, NULL),
			MSA_ERR_CERT_IDENTITY, "floor: identity");
	}
}

static void
test_time_parse(void)
{
	int64_t t = 0;

#define TP(tag, s) msa_x509_time((tag), (const uint8_t *)(s), strlen(s), &t)
	TF_EQ_INT(TP(0x17, "300101000000Z"), MSA_OK, "UTCTime 2030");
	TF_EQ_INT(t, 1893456000, "2030-01-01");
	TF_EQ_INT(TP(0x17, "500101000000Z"), MSA_OK, "UTCTime 50 is 1950");
	TF_EQ_INT(t, -631152000, "1950-01-01");
	TF_EQ_INT(TP(0x17, "491231235959Z"), MSA_OK, "UTCTime 49 is 2049");
	TF_EQ_INT(t, 2524607999, "2049-12-31T23:59:59");
	TF_EQ_INT(TP(0x18, "20450101000000Z"), MSA_OK, "GeneralizedTime");
	TF_EQ_INT(t, 2366841600, "2045-01-01");
	TF_EQ_INT(TP(0x18, "99991231235959Z"), MSA_OK, "9999-12-31 (no expiry)");
	TF_EQ_INT(t, 253402300799, "9999-12-31T23:59:59");
	TF_EQ_INT(TP(0x18, "20240229120000Z"), MSA_OK, "leap day");
	TF_EQ_INT(t, 1709208000, "2024-02-29T12:00");
	TF_EQ_INT(TP(0x18, "20000229000000Z"), MSA_OK, "2000 is a leap year");
	TF_EQ_INT(TP(0x18, "21000229000000Z"), MSA_ERR_CERT_DECODE, "2100 is not");
	TF_EQ_INT(TP(0x18, "20230229000000Z"), MSA_ERR_CERT_DECODE, "Feb 29 2023");
	TF_EQ_INT(TP(0x18, "20230431000000Z"), MSA_ERR_CERT_DECODE, "April 31");
	TF_EQ_INT(TP(0x18, "20231301000000Z"), MSA_ERR_CERT_DECODE, "month 13");
	TF_EQ_INT(TP(0x18, "20230100000000Z"), MSA_ERR_CERT_DECODE, "day 0");
	TF_EQ_INT(TP(0x18, "20230101240000Z"), MSA_ERR_CERT_DECODE, "hour 24");
	TF_EQ_INT(TP(0x18, "20230101006000Z"), MSA_ERR_CERT_DECODE, "minute 60");
	TF_EQ_INT(TP(0x18, "20230101000060Z"), MSA_ERR_CERT_DECODE, "second 60");
	TF_EQ_INT(TP(0x18, "20230101000000"), MSA_ERR_CERT_DECODE, "no Z");
	TF_EQ_INT(TP(0x18, "20230101000000+0100"), MSA_ERR_CERT_DECODE, "offset");
	TF_EQ_INT(TP(0x18, "20230101000000.5Z"), MSA_ERR_CERT_DECODE, "fraction");
	TF_EQ_INT(TP(0x17, "20230101000000Z"), MSA_ERR_CERT_DECODE, "UTCTime with 4-digit year");
	TF_EQ_INT(TP(0x18, "300101000000Z"), MSA_ERR_CERT_DECODE, "GeneralizedTime with 2-digit year");
	TF_EQ_INT(TP(0x18, "2023-1-01000000Z"), MSA_ERR_CERT_DECODE, "not digits");
	TF_EQ_INT(TP(0x13, "300101000000Z"), MSA_ERR_CERT_DECODE, "not a time tag");
#undef TP
}

/* ---------------------------------------------------------------- anchors */

static void
test_anchors(void)
{
	msa_anchors ta;
	certs cs;
	size_t i;
	static const struct { const char *f; int want; } av[] = {
		{ "root-ca.der", MSA_OK },
		{ "int-ca.pem", MSA_OK },
		{ "root384-ca.pem", MSA_OK },
		{ "initiator-1.der", MSA_ERR_CERT_NOT_CA },
		{ "notca-issuer.der", MSA_ERR_CERT_NOT_CA },
		{ "nocertsign-ca.der", MSA_ERR_CERT_KEY_USAGE },
		{ "bad-rsa.der", MSA_ERR_CERT_NOT_CA },
	};

	for (i = 0; i < sizeof av / sizeof av[0]; i++) {
		memset(&cs, 0, sizeof cs);
		load(&cs, av[i].f);
		msa_anchors_init(&ta);
		TF_EQ_INT(msa_anchors_add(&ta, cs.c[0].ptr, cs.c[0].len), av[i].want, av[i].f);
		TF_EQ_INT(ta.n, av[i].want == MSA_OK, "anchor count");
	}
	/* duplicates are ignored; the set has a fixed capacity */
	msa_anchors_init(&ta);
	memset(&cs, 0, sizeof cs);
	load(&cs, "root-ca.der");
	load(&cs, "int-ca.der");
	load(&cs, "root384-ca.der");
	load(&cs, "long-ca1.der");
	load(&cs, "long-ca2.der");
	load(&cs, "long-ca3.der");
	load(&cs, "long-ca4.der");
	load(&cs, "rogue-root-ca.der");
	TF_EQ_INT(msa_anchors_add(&ta, cs.c[0].ptr, cs.c[0].len), MSA_OK, "root");
	TF_EQ_INT(msa_anchors_add(&ta, cs.c[0].ptr, cs.c[0].len), MSA_OK, "root again");
	TF_EQ_INT(ta.n, 1, "duplicate ignored");
	for (i = 1; i < 8; i++)
		TF_EQ_INT(msa_anchors_add(&ta, cs.c[i].ptr, cs.c[i].len), MSA_OK, "fill");
	TF_EQ_INT(ta.n, MSA_MAX_ANCHORS, "full");
	TF_EQ_INT(msa_anchors_add(&ta, cs.c[0].ptr, cs.c[0].len), MSA_ERR_BUFFER_TOO_SMALL, "over capacity");
	/* truncated anchors never get in */
	msa_anchors_init(&ta);
	for (i = 0; i < cs.c[0].len; i++)
		if (msa_anchors_add(&ta, cs.c[0].ptr, i) != MSA_ERR_CERT_DECODE)
			break;
	TF_CHECK(i == cs.c[0].len && ta.n == 0, "every truncated anchor is CERT_DECODE (stopped at %zu)", i);
	TF_EQ_INT(msa_anchors_add(NULL, cs.c[0].ptr, cs.c[0].len), MSA_ERR_BAD_ARGUMENT, "NULL set");
	TF_EQ_INT(msa_anchors_add(&ta, NULL, 10), MSA_ERR_BAD_ARGUMENT, "NULL cert");
	/* the anchor's DN is what br_x509_decoder saw and what our parser saw */
	msa_anchors_init(&ta);
	TF_EQ_INT(msa_anchors_add(&ta, cs.c[0].ptr, cs.c[0].len), MSA_OK, "root");
	TF_CHECK(ta.a[0].dn_len > 0 && ta.a[0].dn[0] == 0x30, "DN is a DER SEQUENCE");
	TF_EQ_INT(ta.a[0].pub_len, 65, "P-256 anchor key");
}

/* ---------------------------------------------------------------- by reference */

static void
test_refs(void)
{
	msa_cert_store st;
	const msa_known_cert *k = NULL;
	msa_anchors ta;
	uint8_t ref[MSA_CERTREF_LEN], want[MSA_CERTREF_LEN];
	char line[256], hex[65], name[128];
	size_t n = 0, i;
	FILE *f;
	certs a = chain("initiator-1.der", "int-ca.der", (const char *)NULL);
	certs b = chain("responder-384.der", (const char *)NULL);
	certs five = chain("bad-chain5-chain.pem", (const char *)NULL);
	certs over = chain("bad-oversize.der", (const char *)NULL);

	/* msa_cert_ref == openssl dgst -sha256 for every .der (refs.txt) */
	f = fopen(PKI "refs.txt", "r");
	TF_CHECK(f != NULL, "refs.txt");
	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		uint8_t *d;
		size_t dl;
		char path[200];

		if (sscanf(line, "%64s %127s", hex, name) != 2)
			continue;
		snprintf(path, sizeof path, PKI "%s", name);
		d = slurp(path, &dl);
		msa_cert_ref(d, dl, ref);
		TF_CHECK(tf_hex(hex, want, sizeof want) == 32 && memcmp(ref, want, 32) == 0,
			"msa_cert_ref(%s) = openssl's SHA-256", name);
		free(d);
		n++;
	}
	if (f != NULL)
		fclose(f);
	TF_CHECK(n >= 30, "refs.txt lists the set (%zu)", n);

	msa_anchors_init(&ta);
	anchors(&ta, "root-ca.der");
	anchors(&ta, "root384-ca.der");
	msa_cert_store_init(&st);
	TF_EQ_INT(msa_cert_store_add(&st, a.c, a.n), MSA_OK, "add initiator chain");
	TF_EQ_INT(msa_cert_store_add(&st, b.c, b.n), MSA_OK, "add responder-384");
	TF_EQ_INT(st.n, 2, "two entries");

	/* hit: the entry's chain validates like a received one */
	msa_cert_ref(a.c[0].ptr, a.c[0].len, ref);
	TF_EQ_INT(msa_cert_store_find(&st, ref, &k), MSA_OK, "hit");
	TF_CHECK(k != NULL && k->n == 2 && k->chain[0].ptr == a.c[0].ptr, "the stored chain");
	if (k != NULL) {
		msa_cert_info info;
		TF_EQ_INT(msa_cert_validate(&ta, k->chain, k->n, (const uint8_t *)"urn:msa:ae:initiator-1",
			22, T_TEST, 0, &info), MSA_OK, "referenced chain validates");
		TF_EQ_INT(msa_cert_validate(&ta, k->chain, k->n, NULL, 0, T_NA + 1, 0, &info),
			MSA_ERR_CERT_EXPIRED, "a referenced certificate is still checked (dates)");
	}
	/* the reference is of the end entity only, not of the issuer */
	msa_cert_ref(a.c[1].ptr, a.c[1].len, ref);
	TF_EQ_INT(msa_cert_store_find(&st, ref, &k), MSA_ERR_CERT_UNKNOWN_REF, "issuer's hash is no reference");
	TF_CHECK(k == NULL, "out NULL on a miss");
	/* miss: one bit off */
	msa_cert_ref(b.c[0].ptr, b.c[0].len, ref);
	TF_EQ_INT(msa_cert_store_find(&st, ref, &k), MSA_OK, "hit 384");
	ref[31] ^= 1;
	TF_EQ_INT(msa_cert_store_find(&st, ref, &k), MSA_ERR_CERT_UNKNOWN_REF, "miss");
	memset(ref, 0, sizeof ref);
	TF_EQ_INT(msa_cert_store_find(&st, ref, &k), MSA_ERR_CERT_UNKNOWN_REF, "miss (zero)");
	/* replace, bounds */
	TF_EQ_INT(msa_cert_store_add(&st, a.c, 1), MSA_OK, "re-add replaces");
	TF_EQ_INT(st.n, 2, "still two entries");
	msa_cert_ref(a.c[0].ptr, a.c[0].len, ref);
	TF_CHECK(msa_cert_store_find(&st, ref, &k) == MSA_OK && k->n == 1, "replaced");
	TF_EQ_INT(msa_cert_store_add(&st, five.c, five.n), MSA_ERR_CERT_CHAIN_TOO_LONG, "5 certificates");
	TF_EQ_INT(msa_cert_store_add(&st, over.c, over.n), MSA_ERR_CERT_PROFILE, "oversize");
	TF_EQ_INT(msa_cert_store_add(&st, a.c, 0), MSA_ERR_BAD_ARGUMENT, "empty");
	for (i = 0; i < five.n && st.n < MSA_MAX_KNOWN; i++)
		TF_EQ_INT(msa_cert_store_add(&st, &five.c[i], 1), MSA_OK, "fill");
	{
		/* fill the rest with distinct fake "certificates" (the store
		 * does not parse: validation happens on use) */
		static uint8_t fake[MSA_MAX_KNOWN][4];
		msa_seg s;
		for (i = 0; st.n < MSA_MAX_KNOWN; i++) {
			fake[i][0] = 0x30; fake[i][1] = 2; fake[i][2] = (uint8_t)i; fake[i][3] = 0;
			s.ptr = fake[i];
			s.len = 4;
			TF_EQ_INT(msa_cert_store_add(&st, &s, 1), MSA_OK, "fill fake");
		}
		TF_EQ_INT(msa_cert_store_add(&st, b.c, b.n), MSA_OK, "existing ref still replaceable when full");
		s.ptr = (const uint8_t *)"\x30\x01\xFF";
		s.len = 3;
		TF_EQ_INT(msa_cert_store_add(&st, &s, 1), MSA_ERR_BUFFER_TOO_SMALL, "full");
	}
}

/* ---------------------------------------------------------------- files */

static void
test_files(void)
{
	uint8_t out[8192];
	msa_seg c[8];
	size_t n = 0, dl, pl;
	uint8_t *der = slurp(PKI "initiator-1.der", &dl);
	uint8_t *pem = slurp(PKI "initiator-1.pem", &pl);
	uint8_t *buf = malloc(pl + 64);
	char *p;

	TF_EQ_INT(msa_cert_decode_file(der, dl, out, sizeof out, c, 8, &n), MSA_OK, "DER");
	TF_CHECK(n == 1 && c[0].len == dl && memcmp(c[0].ptr, der, dl) == 0, "DER copied");
	TF_EQ_INT(msa_cert_decode_file(pem, pl, out, sizeof out, c, 8, &n), MSA_OK, "PEM");
	TF_CHECK(n == 1 && c[0].len == dl && memcmp(c[0].ptr, der, dl) == 0, "PEM = DER");
	/* CRLF line ends; no final newline */
	{
		size_t i, j = 0;
		for (i = 0; i < pl; i++) {
			if (pem[i] == '\n')
				buf[j++] = '\r';
			buf[j++] = pem[i];
		}
		TF_EQ_INT(msa_cert_decode_file(buf, j, out, sizeof out, c, 8, &n), MSA_OK, "PEM CRLF");
		TF_CHECK(n == 1 && c[0].len == dl && memcmp(c[0].ptr, der, dl) == 0, "CRLF = DER");
	}
	TF_EQ_INT(msa_cert_decode_file(pem, pl - 1, out, sizeof out, c, 8, &n), MSA_OK, "PEM without final newline");
	TF_CHECK(n == 1 && c[0].len == dl, "no final newline = DER");
	/* several certificates, other objects skipped, text between */
	{
		size_t kl, cl;
		uint8_t *key = slurp(PKI "initiator-1.key.pem", &kl);
		uint8_t *ch = slurp(PKI "bad-chain5-chain.pem", &cl);
		uint8_t *mix = malloc(kl + cl + 64);
		size_t m = 0;
		memcpy(mix + m, "comment line\n", 13); m += 13;
		memcpy(mix + m, key, kl); m += kl;
		memcpy(mix + m, ch, cl); m += cl;
		TF_EQ_INT(msa_cert_decode_file(mix, m, out, sizeof out, c, 8, &n), MSA_OK, "key + 5 certs");
		TF_EQ_INT(n, 5, "5 certificates, the key skipped");
		TF_EQ_INT(msa_cert_decode_file(mix, m, out, sizeof out, c, 4, &n), MSA_ERR_BUFFER_TOO_SMALL, "more than max");
		TF_EQ_INT(msa_cert_decode_file(mix, m, out, 1000, c, 8, &n), MSA_ERR_BUFFER_TOO_SMALL, "out too small");
		TF_EQ_INT(msa_cert_decode_file(key, kl, out, sizeof out, c, 8, &n), MSA_ERR_CERT_DECODE, "a key file has no certificate");
		free(key); free(ch); free(mix);
	}
	/* broken PEM */
	TF_EQ_INT(msa_cert_decode_file(pem, pl / 2, out, sizeof out, c, 8, &n), MSA_ERR_CERT_DECODE, "PEM cut inside the object");
	TF_EQ_INT(n, 0, "count 0 on failure");
	memcpy(buf, pem, pl);
	p = strstr((char *)buf, "\n") + 5;
	*p = '*';
	TF_EQ_INT(msa_cert_decode_file(buf, pl, out, sizeof out, c, 8, &n), MSA_ERR_CERT_DECODE, "bad base64");
	TF_EQ_INT(msa_cert_decode_file((const uint8_t *)"hello\n", 6, out, sizeof out, c, 8, &n),
		MSA_ERR_CERT_DECODE, "text without PEM");
	TF_EQ_INT(msa_cert_decode_file(der, 0, out, sizeof out, c, 8, &n), MSA_ERR_CERT_DECODE, "empty");
	/* DER: the file must be exactly one TLV */
	TF_EQ_INT(msa_cert_decode_file(der, dl - 1, out, sizeof out, c, 8, &n), MSA_ERR_CERT_DECODE, "DER truncated");
	memcpy(buf, der, dl);
	buf[dl] = 0;
	TF_EQ_INT(msa_cert_decode_file(buf, dl + 1, out, sizeof out, c, 8, &n), MSA_ERR_CERT_DECODE, "DER + trailing byte");
	TF_EQ_INT(msa_cert_decode_file(der, dl, out, dl - 1, c, 8, &n), MSA_ERR_BUFFER_TOO_SMALL, "DER, out too small");
	TF_EQ_INT(msa_cert_decode_file(NULL, dl, out, sizeof out, c, 8, &n), MSA_ERR_BAD_ARGUMENT, "NULL");
	free(der); free(pem); free(buf);
}

static void
test_keys(void)
{
	static const char *same[] = { "initiator-1.key.pem", "initiator-1.key.der",
		"initiator-1.sec1.pem", "initiator-1.sec1.der" };
	static const struct { const char *f; int want; unsigned alg; } kv[] = {
		{ "responder-1.key.pem", MSA_OK, MSA_SIG_ECDSA_P256_SHA256 },
		{ "responder-384.key.pem", MSA_OK, MSA_SIG_ECDSA_P384_SHA384 },
		{ "root384-ca.key.pem", MSA_OK, MSA_SIG_ECDSA_P384_SHA384 },
		{ "bad-rsa.key.pem", MSA_ERR_BAD_KEY, 0 },
		{ "bad-p521.key.pem", MSA_ERR_BAD_KEY, 0 },
		{ "initiator-1.pem", MSA_ERR_BAD_KEY, 0 },     /* a certificate */
		{ "initiator-1.der", MSA_ERR_BAD_KEY, 0 },
		{ "bad-garbage.der", MSA_ERR_BAD_KEY, 0 },
	};
	msa_private_key k0, k;
	uint8_t *b, *c;
	size_t i, len, cl;

	memset(&k0, 0, sizeof k0);
	for (i = 0; i < 4; i++) {
		char path[128];
		snprintf(path, sizeof path, PKI "%s", same[i]);
		b = slurp(path, &len);
		TF_EQ_INT(msa_private_key_load(&k, b, len), MSA_OK, same[i]);
		TF_EQ_INT(k.sig_alg, MSA_SIG_ECDSA_P256_SHA256, same[i]);
		TF_EQ_INT(k.len, 32, same[i]);
		if (i == 0)
			k0 = k;
		TF_CHECK(memcmp(&k, &k0, sizeof k) == 0, "%s: the same key in every encoding", same[i]);
		/* every truncation of the file fails cleanly and wipes k; only
		 * a PEM cut after "-----END " (the key is whole) may load */
		{
			static const msa_private_key zero;
			const char *e = strstr((const char *)b, "-----END ");
			size_t t, whole = e != NULL ? (size_t)(e - (const char *)b) + 9 : len;
			size_t bad = 0;
			for (t = 0; t < whole; t++)
				if (msa_private_key_load(&k, b, t) != MSA_ERR_BAD_KEY
					|| memcmp(&k, &zero, sizeof k) != 0)
					bad++;
			TF_CHECK(bad == 0, "%s: %zu truncations did not fail cleanly", same[i], bad);
		}
		free(b);
	}
	for (i = 0; i < sizeof kv / sizeof kv[0]; i++) {
		char path[128];
		snprintf(path, sizeof path, PKI "%s", kv[i].f);
		b = slurp(path, &len);
		TF_EQ_INT(msa_private_key_load(&k, b, len), kv[i].want, kv[i].f);
		if (kv[i].want == MSA_OK)
			TF_EQ_INT(k.sig_alg, kv[i].alg, kv[i].f);
		free(b);
	}
	/* key <-> certificate */
	c = slurp(PKI "responder-1.der", &cl);
	TF_EQ_INT(msa_cert_key_match(&k0, c, cl), MSA_ERR_BAD_KEY, "initiator's key, responder's certificate");
	free(c);
	c = slurp(PKI "responder-384.der", &cl);
	TF_EQ_INT(msa_cert_key_match(&k0, c, cl), MSA_ERR_BAD_KEY, "P-256 key, P-384 certificate");
	TF_EQ_INT(msa_cert_key_match(&k0, c, cl / 2), MSA_ERR_CERT_DECODE, "truncated certificate");
	free(c);
	TF_EQ_INT(msa_private_key_load(NULL, (const uint8_t *)"x", 1), MSA_ERR_BAD_ARGUMENT, "NULL key");
	msa_private_key_wipe(&k0);
}

/* ---------------------------------------------------------------- hostile input */

static void
test_hostile(void)
{
	msa_anchors ta;
	certs good = chain("initiator-1.der", "int-ca.der", (const char *)NULL);
	msa_seg s[MSA_MAX_CHAIN + 2];
	uint8_t *copy;
	size_t i, len, fails, oks;
	uint32_t x = 12345;
	int err;

	msa_anchors_init(&ta);
	anchors(&ta, "root-ca.der");
	s[1] = good.c[1];

	/* every truncation of the end entity, and of its issuer (REQ-CRT-002) */
	len = good.c[0].len;
	copy = malloc(MSA_MAX_CERT + 1);
	for (i = 0, fails = 0; i < len; i++) {
		memcpy(copy, good.c[0].ptr, i);
		s[0].ptr = copy;
		s[0].len = i;
		err = msa_cert_validate(&ta, s, 2, NULL, 0, T_TEST, 0, NULL);
		if (err != MSA_ERR_CERT_DECODE)
			fails++;
	}
	TF_EQ_INT(fails, 0, "every truncation of the end entity is CERT_DECODE");
	s[0] = good.c[0];
	for (i = 0, fails = 0; i < good.c[1].len; i++) {
		memcpy(copy, good.c[1].ptr, i);
		s[1].ptr = copy;
		s[1].len = i;
		if (msa_cert_validate(&ta, s, 2, NULL, 0, T_TEST, 0, NULL) != MSA_ERR_CERT_DECODE)
			fails++;
	}
	TF_EQ_INT(fails, 0, "every truncation of the issuer is CERT_DECODE");
	s[1] = good.c[1];

	/* one flipped bit anywhere in the end entity never validates */
	for (i = 0, oks = 0; i < len; i++) {
		memcpy(copy, good.c[0].ptr, len);
		copy[i] ^= 0x01;
		s[0].ptr = copy;
		s[0].len = len;
		if (msa_cert_validate(&ta, s, 2, NULL, 0, T_TEST, 0, NULL) == MSA_OK)
			oks++;
	}
	TF_EQ_INT(oks, 0, "no single bit flip of the end entity validates");
	/* ... nor in the issuer */
	s[0] = good.c[0];
	for (i = 0, oks = 0; i < good.c[1].len; i++) {
		memcpy(copy, good.c[1].ptr, good.c[1].len);
		copy[i] ^= 0x80;
		s[1].ptr = copy;
		s[1].len = good.c[1].len;
		if (msa_cert_validate(&ta, s, 2, NULL, 0, T_TEST, 0, NULL) == MSA_OK)
			oks++;
	}
	TF_EQ_INT(oks, 0, "no bit flip of the issuer validates");
	s[1] = good.c[1];

	/* garbage of every length up to 2048, and over (REQ-CRT-002; REQ-CRT-001: over 2048) */
	for (i = 0, fails = 0; i <= MSA_MAX_CERT; i += 7) {
		size_t j;
		for (j = 0; j < i; j++) {
			x = x * 1103515245u + 12345u;
			copy[j] = (uint8_t)(x >> 16);
		}
		if (i > 4 && (i & 1)) {     /* half of them with a plausible header */
			copy[0] = 0x30; copy[1] = 0x82;
			copy[2] = (uint8_t)((i - 4) >> 8); copy[3] = (uint8_t)(i - 4);
		}
		s[0].ptr = copy;
		s[0].len = i;
		err = msa_cert_validate(&ta, s, 1, NULL, 0, T_TEST, 0, NULL);
		if (err != MSA_ERR_CERT_DECODE)
			fails++;
	}
	TF_EQ_INT(fails, 0, "garbage is CERT_DECODE");
	memset(copy, 0x30, MSA_MAX_CERT + 1);
	s[0].ptr = copy;
	s[0].len = MSA_MAX_CERT + 1;
	TF_EQ_INT(msa_cert_validate(&ta, s, 1, NULL, 0, T_TEST, 0, NULL), MSA_ERR_CERT_PROFILE,
		"2049 octets: too large before parsing (REQ-LIM-004)");
	s[0].len = MSA_MAX_CERT;
	TF_EQ_INT(msa_cert_validate(&ta, s, 1, NULL, 0, T_TEST, 0, NULL), MSA_ERR_CERT_DECODE,
		"2048 octets: parsed (and rejected as garbage)");
	free(copy);

	/* chain sizes (REQ-LIM-005, REQ-CRT-014: more than 4, or none) */
	for (i = 0; i < MSA_MAX_CHAIN + 2; i++)
		s[i] = good.c[i % 2];
	TF_EQ_INT(msa_cert_validate(&ta, s, MSA_MAX_CHAIN + 1, NULL, 0, T_TEST, 0, NULL),
		MSA_ERR_CERT_CHAIN_TOO_LONG, "5 certificates");
	TF_EQ_INT(msa_cert_validate(&ta, s, MSA_MAX_CHAIN + 2, NULL, 0, T_TEST, 0, NULL),
		MSA_ERR_CERT_CHAIN_TOO_LONG, "6 certificates");
	TF_EQ_INT(msa_cert_validate(&ta, s, 0, NULL, 0, T_TEST, 0, NULL), MSA_ERR_CERT_DECODE, "no certificate");
	/* EE, int, EE, int: 4 certificates; the second pair is an EE in an
	 * issuer's place: profile check of every certificate */
	TF_EQ_INT(msa_cert_validate(&ta, s, 4, NULL, 0, T_TEST, 0, NULL), MSA_ERR_CERT_NOT_CA,
		"an end entity in the issuer list");
	TF_EQ_INT(msa_cert_validate(NULL, s, 2, NULL, 0, T_TEST, 0, NULL), MSA_ERR_BAD_ARGUMENT, "NULL anchors");
	TF_EQ_INT(msa_cert_validate(&ta, NULL, 2, NULL, 0, T_TEST, 0, NULL), MSA_ERR_BAD_ARGUMENT, "NULL chain");
	/* no anchors at all */
	msa_anchors_init(&ta);
	TF_EQ_INT(msa_cert_validate(&ta, good.c, 2, NULL, 0, T_TEST, 0, NULL), MSA_ERR_CERT_UNTRUSTED, "no anchors");
}

/* The parser on the whole set: what it reads agrees with openssl's view
 * of the certificates (as made by mkpki.sh). */
static void
test_parser(void)
{
	msa_x509 c;
	certs cs;

	memset(&cs, 0, sizeof cs);
	load(&cs, "initiator-1.der");
	load(&cs, "int-ca.der");
	load(&cs, "bad-keyusage.der");
	load(&cs, "bad-two-uris.der");
	load(&cs, "bad-no-san.der");
	load(&cs, "responder-384.der");
	load(&cs, "bad-rsa.der");
	load(&cs, "bad-p521.der");
	TF_EQ_INT(msa_x509_parse(cs.c[0].ptr, cs.c[0].len, &c), MSA_OK, "initiator-1");
	TF_EQ_INT(c.version, 3, "v3");
	TF_EQ_INT(c.sig_alg, MSA_X509_SIG_ECDSA_SHA256, "ecdsa-with-SHA256");
	TF_CHECK(c.sig_alg_match, "inner = outer algorithm");
	TF_EQ_INT(c.not_before, (int64_t)T_NB, "notBefore");
	TF_EQ_INT(c.not_after, (int64_t)T_NA, "notAfter");
	TF_EQ_INT(c.key_type, MSA_X509_KEY_P256, "P-256");
	TF_CHECK(c.has_bc && !c.ca, "CA:FALSE");
	TF_CHECK(c.has_ku && c.ku == MSA_KU_DIGITAL_SIGNATURE, "keyUsage digitalSignature only");
	TF_CHECK(c.san_uris == 1 && c.uri_len == 22 && memcmp(c.uri, "urn:msa:ae:initiator-1", 22) == 0, "SAN URI");
	TF_EQ_INT(msa_x509_parse(cs.c[1].ptr, cs.c[1].len, &c), MSA_OK, "int-ca");
	TF_CHECK(c.has_bc && c.ca && (c.ku & MSA_KU_KEY_CERT_SIGN), "CA");
	TF_CHECK(!c.has_san, "CA without SAN");
	TF_EQ_INT(msa_x509_parse(cs.c[2].ptr, cs.c[2].len, &c), MSA_OK, "keyusage");
	TF_EQ_INT(c.ku, MSA_KU_KEY_ENCIPHERMENT, "keyEncipherment only");
	TF_EQ_INT(msa_x509_parse(cs.c[3].ptr, cs.c[3].len, &c), MSA_OK, "two uris");
	TF_CHECK(c.san_uris == 2 && c.uri_len == 20 && memcmp(c.uri, "urn:msa:ae:twouris-1", 20) == 0, "two URIs, first kept");
	TF_EQ_INT(msa_x509_parse(cs.c[4].ptr, cs.c[4].len, &c), MSA_OK, "no san");
	TF_CHECK(!c.has_san && c.san_uris == 0, "no SAN");
	TF_EQ_INT(msa_x509_parse(cs.c[5].ptr, cs.c[5].len, &c), MSA_OK, "responder-384");
	TF_CHECK(c.key_type == MSA_X509_KEY_P384 && c.pub_len == 97 && c.sig_alg == MSA_X509_SIG_ECDSA_SHA384, "P-384, SHA-384");
	TF_EQ_INT(msa_x509_parse(cs.c[6].ptr, cs.c[6].len, &c), MSA_OK, "rsa");
	TF_EQ_INT(c.key_type, MSA_X509_KEY_RSA, "RSA key");
	TF_EQ_INT(msa_x509_parse(cs.c[7].ptr, cs.c[7].len, &c), MSA_OK, "p521");
	TF_EQ_INT(c.key_type, MSA_X509_KEY_EC, "EC, other curve");
	TF_EQ_INT(msa_x509_parse(NULL, 0, &c), MSA_ERR_CERT_DECODE, "NULL");
}

/* ------------------------------------------------------------------
 * proved_parser: src/x509_parse.c was rewritten in places for the proofs
 * (proofs/README.md), each value-preserving: memcmp and memset replaced,
 * k = p[1] - 0x80 for p[1] & 0x7F, the bits_ok mask as 0xFF >> (8 - u),
 * the keyUsage loop of shifts as ku_octet sums, the month lengths
 * computed instead of a table, yy % 400 and a signed doe in
 * days_from_civil, the EC curve test moved into ec_key, the struct copies
 * removed, the certificate and the extension loop split into functions
 * (same order of reads, checks and writes), the SAN URI count
 * saturating. The parser as it was (tests/x509_parse_ref.inc,
 * renamed ref_*) and the proved one must give the same result and the
 * same fields on every vector certificate, every truncation of it and
 * every one-octet change of it (several values per position), every
 * keyUsage octet with every unused-bits count, and every UTCTime and
 * GeneralizedTime of a sweep of digit strings and every one-octet change
 * (all 256 values at every position) of a valid one. Since 2026-12-05
 * also: msa_x509_time checks the digits in one loop before reading the
 * fields (d2 for the two-digit fields); tbs_ext and msa_x509_parse test
 * in two ifs what was one || chain; tbs_ext passes the Extensions' reader
 * rebuilt from its fields.
 */
int ref_x509_parse(const uint8_t *der, size_t len, msa_x509 *c);
int ref_x509_time(uint8_t tag, const uint8_t *s, size_t len, int64_t *out);
#define msa_x509_parse ref_x509_parse
#define msa_x509_time ref_x509_time
#include "x509_parse_ref.inc"
#undef msa_x509_parse
#undef msa_x509_time
#undef BAD
#undef EQ

static int
same_x509(const msa_x509 *a, const msa_x509 *b)
{
	return a->version == b->version && a->sig_alg == b->sig_alg
		&& a->sig_alg_match == b->sig_alg_match && a->not_before == b->not_before
		&& a->not_after == b->not_after && a->issuer == b->issuer
		&& a->issuer_len == b->issuer_len && a->subject == b->subject
		&& a->subject_len == b->subject_len && a->key_type == b->key_type
		&& a->pub == b->pub && a->pub_len == b->pub_len && a->has_bc == b->has_bc
		&& a->ca == b->ca && a->has_pathlen == b->has_pathlen && a->pathlen == b->pathlen
		&& a->has_ku == b->has_ku && a->ku == b->ku && a->has_san == b->has_san
		&& a->san_uris == b->san_uris && a->uri == b->uri && a->uri_len == b->uri_len
		&& a->unknown_critical == b->unknown_critical && a->dup_ext == b->dup_ext;
}

static size_t n_cmp, n_ok, n_diff;

static void
cmp_parse(const uint8_t *d, size_t len)
{
	msa_x509 a, b;
	int ra, rb;

	memset(&a, 0x5A, sizeof a);
	memset(&b, 0xA5, sizeof b);
	ra = msa_x509_parse(d, len, &a);
	rb = ref_x509_parse(d, len, &b);
	n_cmp++;
	n_ok += ra == MSA_OK;
	if (ra != rb || !same_x509(&a, &b)) {
		if (n_diff++ < 5)
			fprintf(stderr, "proved_parser: differs (len %zu, %d vs %d)\n", len, ra, rb);
	}
}

static void
proved_parser(void)
{
	static const char *names[] = { "initiator-1.der", "int-ca.der", "root-ca.der",
		"responder-384.der", "root384-ca.der", "bad-keyusage.der", "bad-two-uris.der",
		"bad-no-san.der", "bad-rsa.der", "bad-p521.der", "bad-ee-ca.der", "chain4.der",
		"bad-san-dns.der", "bad-no-keyusage.der", "bad-ca-nocertsign.der", "direct-1.der" };
	static const uint8_t vals[] = { 0x00, 0x01, 0x02, 0x03, 0x06, 0x30, 0x7F, 0x80,
		0x81, 0x82, 0x83, 0x84, 0xA0, 0xA3, 0xFF };
	uint64_t x = 0x9E3779B97F4A7C15u;
	size_t k, i, j, len, n_time = 0, bad_time = 0;
	char path[256];
	uint8_t *d;

	for (k = 0; k < sizeof names / sizeof names[0]; k++) {
		snprintf(path, sizeof path, PKI "%s", names[k]);
		d = slurp(path, &len);
		for (i = 0; i <= len; i++)
			cmp_parse(d, i);
		for (i = 0; i < len; i++) {
			uint8_t o = d[i];

			for (j = 0; j < sizeof vals; j++) {
				d[i] = vals[j];
				cmp_parse(d, len);
			}
			for (j = 0; j < 4; j++) {
				x ^= x << 13; x ^= x >> 7; x ^= x << 17;
				d[i] = (uint8_t)x;
				cmp_parse(d, len);
			}
			d[i] = (uint8_t)(o ^ 1u);
			cmp_parse(d, len);
			d[i] = o;
		}
		free(d);
	}
	/* initiator-1's keyUsage BIT STRING is 03 02 07 80 at offset 300:
	 * every unused-bits count with every octet */
	d = slurp(PKI "initiator-1.der", &len);
	TF_CHECK(len > 304 && d[300] == 0x03 && d[301] == 0x02, "keyUsage where expected");
	for (i = 0; i < 9; i++)
		for (j = 0; j < 256; j++) {
			d[302] = (uint8_t)i;
			d[303] = (uint8_t)j;
			cmp_parse(d, len);
		}
	free(d);
	/* times: every digit string of a sweep, both tags, and non-digits */
	for (i = 0; i < 200000; i++) {
		char s[16];
		int64_t ta = 0, tb = 0;
		int ra, rb;
		uint8_t tag = (i & 1) ? 0x18 : 0x17;
		size_t n = tag == 0x17 ? 13 : 15, m;

		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		for (m = 0; m + 1 < n; m++)
			s[m] = (char)('0' + (x >> (4 * m)) % 10u);
		/* plausible fields half of the time */
		if (i & 2) {
			size_t yl = n - 11;
			s[yl] = (char)('0' + (x >> 60) % 2u);
			s[yl + 2] = (char)('0' + (x >> 58) % 4u);
			s[yl + 4] = (char)('0' + (x >> 56) % 3u);
		}
		s[n - 1] = 'Z';
		if (i % 97 == 0)
			s[(x >> 40) % n] = (char)(x >> 32);
		ra = msa_x509_time(tag, (const uint8_t *)s, n, &ta);
		rb = ref_x509_time(tag, (const uint8_t *)s, n, &tb);
		n_time++;
		bad_time += ra != rb || (ra == MSA_OK && ta != tb);
	}
	/* times: every octet value at every position of a valid UTCTime and
	 * GeneralizedTime (the digit check is one loop over the string now,
	 * was one digits() call per field) */
	for (k = 0; k < 2; k++) {
		const char *base = k ? "20240229235959Z" : "240229235959Z";
		uint8_t tag = k ? 0x18 : 0x17;
		uint8_t s[16];

		len = strlen(base);
		for (i = 0; i < len; i++)
			for (j = 0; j < 256; j++) {
				int64_t ta = 0, tb = 0;
				int ra, rb;

				memcpy(s, base, len);
				s[i] = (uint8_t)j;
				ra = msa_x509_time(tag, s, len, &ta);
				rb = ref_x509_time(tag, s, len, &tb);
				n_time++;
				bad_time += ra != rb || (ra == MSA_OK && ta != tb);
			}
	}
	TF_EQ_INT(n_diff, 0, "proved x509 parser = the old one");
	TF_CHECK(n_ok > 1000, "and enough of the inputs are accepted");
	TF_EQ_INT(bad_time, 0, "proved msa_x509_time = the old one");
	printf("proved_parser: %zu parses (%zu accepted), %zu times compared\n", n_cmp, n_ok, n_time);
}

int
main(void)
{
	test_vectors();
	test_key_use();
	test_time();
	test_time_parse();
	test_anchors();
	test_refs();
	test_files();
	test_keys();
	test_hostile();
	test_parser();
	proved_parser();
	keep_free();
	return tf_done("test_x509");
}
