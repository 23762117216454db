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

/* ------------------------------------------------ x509_check.c (proved) */

/*
 * msa_x509_sig_alg_of: the MSA_SIG_* of a key type: ECDSA P-256/SHA-256
 * for a P-256 key, P-384/SHA-384 for P-384, 0 for any other.
 */
/*@ assigns \nothing;
    ensures \result == (key_type == MSA_X509_KEY_P256 ? MSA_SIG_ECDSA_P256_SHA256
      : key_type == MSA_X509_KEY_P384 ? MSA_SIG_ECDSA_P384_SHA384 : 0);
 */
unsigned msa_x509_sig_alg_of(unsigned key_type);

/*
 * msa_x509_identity_ok: 1 when s[0..n) is a profile identity: 1 to
 * MSA_MAX_IDENTITY printable ASCII octets without space (what a URI
 * holds; REQ-CRT), else 0.
 */
/*@ requires \valid_read(s + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> 1 <= n <= MSA_MAX_IDENTITY
      && \forall integer k; 0 <= k < n ==> 0x21 <= s[k] <= 0x7E;
 */
int msa_x509_identity_ok(const uint8_t *s, size_t n);

/*@ // A P-256 key is an uncompressed point of 65 octets, a P-384 key one of
    // 97 (msa_x509_parse gives no other key_type for another length): what
    // the fixed-size copies of a parsed key rely on (MSA_PUBKEY_MAX = 97).
    predicate x509_key_len_ok(msa_x509 *c) =
      (c->key_type == MSA_X509_KEY_P256 ==> c->pub_len == 65)
      && (c->key_type == MSA_X509_KEY_P384 ==> c->pub_len == 97);
 */

/*@ axiomatic X509Point {
      // pub[0..len) is a point of the curve of sig_alg, not the point at
      // infinity (what BearSSL's ec->mul decides; x509.c, H10).
      predicate x509_point_ok{L}(integer sig_alg, uint8_t *pub, integer len)
        reads pub[0 .. len - 1];
    }
 */

/*
 * msa_x509_point_ok (x509.c, BearSSL): 1 when pub[0..len) is a point of
 * the curve of sig_alg (MSA_SIG_ECDSA_*), not infinity; else 0. Reads
 * pub[0..len) only. Not proved (H10).
 */
/*@ requires \valid_read(pub + (0 .. len - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> x509_point_ok(sig_alg, pub, len);
 */
int msa_x509_point_ok(unsigned sig_alg, const uint8_t *pub, size_t len);

/*
 * msa_x509_profile: the profile checks of one parsed certificate that
 * need no other certificate, in the order of REQ-CRT-015 (2); i = 0 is
 * the end entity, an issuer at index i is preceded by i - 1 CA
 * certificates. MSA_OK or the first failing check's error.
 */
/*@ requires \valid_read(c) && \valid_read(c->pub + (0 .. c->pub_len - 1));
    assigns \nothing;
    ensures codes: \result == MSA_OK || \result == MSA_ERR_CERT_PROFILE
      || \result == MSA_ERR_CERT_KEY_TYPE || \result == MSA_ERR_CERT_NOT_CA
      || \result == MSA_ERR_CERT_KEY_USAGE || \result == MSA_ERR_CERT_CHAIN_TOO_LONG;
    ensures ok: \result == MSA_OK <==>
      c->version == 3 && c->sig_alg != MSA_X509_SIG_OTHER && c->sig_alg_match != 0
      && c->unknown_critical == 0 && c->dup_ext == 0
      && (c->key_type == MSA_X509_KEY_P256 || c->key_type == MSA_X509_KEY_P384)
      && x509_point_ok(c->key_type == MSA_X509_KEY_P256 ? MSA_SIG_ECDSA_P256_SHA256
           : MSA_SIG_ECDSA_P384_SHA384, c->pub, c->pub_len)
      && (i == 0 ==> !(c->has_bc != 0 && c->ca != 0) && c->has_ku != 0
           && (c->ku & MSA_KU_DIGITAL_SIGNATURE) != 0)
      && (i > 0 ==> c->has_bc != 0 && c->ca != 0 && c->has_ku != 0
           && (c->ku & MSA_KU_KEY_CERT_SIGN) != 0
           && (c->has_pathlen != 0 ==> i - 1 <= c->pathlen));
 */
int msa_x509_profile(size_t i, const msa_x509 *c);

/*
 * msa_x509_dates: every certificate's validity, and the time to give
 * BearSSL (which checks the dates again, with that single time). Known
 * time (now != MSA_TIME_UNKNOWN): MSA_OK iff notBefore <= now <= notAfter
 * for each, *t = now. Unknown time (the floor rule): MSA_OK iff there is
 * a time at or after floor at which every certificate is valid, *t the
 * earliest such time; else CERT_EXPIRED (some certificate expired before
 * the floor, or before another became valid).
 */
/*@ requires \valid_read(c + (0 .. n - 1)) && \valid(t);
    requires \separated(t, c + (0 .. n - 1));
    assigns *t;
    ensures codes: \result == MSA_OK || \result == MSA_ERR_CERT_EXPIRED
      || \result == MSA_ERR_CERT_NOT_YET_VALID;
    ensures valid: \result == MSA_OK ==>
      \forall integer k; 0 <= k < n ==> c[k].not_before <= *t <= c[k].not_after;
    ensures known: now != MSA_TIME_UNKNOWN ==> (\result == MSA_OK <==> now <= INT64_MAX
      && \forall integer k; 0 <= k < n ==> c[k].not_before <= now <= c[k].not_after);
    ensures known_t: now != MSA_TIME_UNKNOWN && \result == MSA_OK ==> *t == now;
    ensures floor: now == MSA_TIME_UNKNOWN && \result == MSA_OK ==> floor <= *t;
    ensures overlap: now == MSA_TIME_UNKNOWN && floor <= INT64_MAX
      && (\exists integer x; floor <= x && \forall integer k; 0 <= k < n ==>
           c[k].not_before <= x <= c[k].not_after) ==> \result == MSA_OK;
    ensures big_floor: now == MSA_TIME_UNKNOWN && floor > INT64_MAX ==> \result != MSA_OK;
    ensures earliest: now == MSA_TIME_UNKNOWN && \result == MSA_OK ==> \forall integer x;
      floor <= x && (\forall integer k; 0 <= k < n ==> c[k].not_before <= x) ==> *t <= x;
 */
int msa_x509_dates(const msa_x509 *c, size_t n, uint64_t now, uint64_t floor, int64_t *t);

/*
 * msa_x509_time: converts the content of a UTCTime (13 octets
 * YYMMDDHHMMSSZ, YY < 50 is 20YY) or GeneralizedTime (15 octets
 * YYYYMMDDHHMMSSZ) to UNIX seconds. tag is 0x17 or 0x18. Returns MSA_OK
 * or MSA_ERR_CERT_DECODE (wrong length, not digits, no Z, a field out of
 * range, e.g. February 30 or second 60).
 */
int msa_x509_time(uint8_t tag, const uint8_t *s, size_t len, int64_t *out);

#endif
