/*
 * x509.h -- MSA's own bounded X.509 certificate parser (internal).
 *
 * BearSSL's br_x509_minimal validates the signature chain, the dates, the
 * issuers' basicConstraints and keyUsage; it does not enforce the rest of
 * the MSA profile (version, the end entity's basicConstraints and keyUsage
 * presence, key curves, the SAN URI identity, duplicate extensions, the
 * signature algorithms). This parser reads what the profile needs, in the
 * style of ANSSI's x509-parser: every read bounded by (buf, len), strict
 * DER (definite minimal lengths, low tag numbers), nothing after the
 * certificate. It keeps pointers into the caller's buffer; it does not
 * copy and never allocates.
 */
#ifndef MSA_X509_H__
#define MSA_X509_H__

#include <stddef.h>
#include <stdint.h>
#include "msa.h"

/* Key types as the profile sees them. */
#define MSA_X509_KEY_OTHER   0   /* unknown algorithm */
#define MSA_X509_KEY_RSA     1
#define MSA_X509_KEY_EC      2   /* EC on a curve other than P-256/P-384 */
#define MSA_X509_KEY_P256    3   /* id-ecPublicKey, prime256v1 */
#define MSA_X509_KEY_P384    4   /* id-ecPublicKey, secp384r1 */

/* Signature algorithms. */
#define MSA_X509_SIG_OTHER         0
#define MSA_X509_SIG_ECDSA_SHA256  1
#define MSA_X509_SIG_ECDSA_SHA384  2

/* keyUsage bits, numbered as in RFC 5280 (bit 0 = digitalSignature). */
#define MSA_KU_DIGITAL_SIGNATURE  (1u << 0)
#define MSA_KU_KEY_ENCIPHERMENT   (1u << 2)
#define MSA_KU_KEY_CERT_SIGN      (1u << 5)

#define MSA_X509_MAX_EXT  24u    /* more extensions: CERT_PROFILE */

typedef struct {
	unsigned version;          /* 1, 2 or 3 */
	unsigned sig_alg;          /* MSA_X509_SIG_*, outer signatureAlgorithm */
	int sig_alg_match;         /* 1 when TBS signature == outer AlgorithmIdentifier */
	int64_t not_before;        /* UNIX seconds (negative before 1970) */
	int64_t not_after;
	const uint8_t *issuer;     /* full TLV of the issuer Name */
	size_t issuer_len;
	const uint8_t *subject;    /* full TLV of the subject Name */
	size_t subject_len;
	unsigned key_type;         /* MSA_X509_KEY_* */
	const uint8_t *pub;        /* EC point (BIT STRING content after the
	                              unused-bits octet), any key type */
	size_t pub_len;
	int has_bc;                /* basicConstraints present */
	int ca;                    /* its cA value (0 when absent) */
	int has_pathlen;           /* its pathLenConstraint present */
	unsigned pathlen;          /* its value (UINT_MAX when it does not fit) */
	int has_ku;                /* keyUsage present */
	unsigned ku;               /* MSA_KU_* bits */
	int has_san;               /* subjectAltName present */
	unsigned san_uris;         /* number of uniformResourceIdentifier entries */
	const uint8_t *uri;        /* the first one */
	size_t uri_len;
	int unknown_critical;      /* a critical extension other than keyUsage,
	                              basicConstraints, subjectAltName (REQ-CRT-010) */
	int dup_ext;               /* an extension twice, or more than
	                              MSA_X509_MAX_EXT extensions (REQ-CRT-010) */
} msa_x509;

/*
 * msa_x509_parse: parses one DER certificate der[0..len) into *c (which
 * points into der). Returns MSA_OK, or MSA_ERR_CERT_DECODE when it is not
 * a strictly DER-encoded X.509 certificate (truncated, trailing bytes,
 * wrong tags, non-minimal lengths, bad times; REQ-CRT-002). Profile
 * failures of a well-formed certificate are reported in *c, not as errors.
 * Never reads outside der[0..len).
 */
int msa_x509_parse(const uint8_t *der, size_t len, msa_x509 *c);

/*
 * msa_x509_time: converts the content of a UTCTime (13 octets
 * YYMMDDHHMMSSZ, YY < 50 is 20YY) or GeneralizedTime (15 octets
 * YYYYMMDDHHMMSSZ) to UNIX seconds. tag is 0x17 or 0x18. Returns MSA_OK
 * or MSA_ERR_CERT_DECODE (wrong length, not digits, no Z, a field out of
 * range, e.g. February 30 or second 60).
 */
int msa_x509_time(uint8_t tag, const uint8_t *s, size_t len, int64_t *out);

#endif
