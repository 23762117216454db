/*
 * x509_check.c -- the checks of a parsed certificate chain that need no
 * cryptography: the profile of each certificate, the validity dates with
 * the floor rule, the identity's syntax, and the lookup of a certificate
 * by reference. Apart from x509.c (which drives BearSSL's chain
 * validation) so that WP proves them (make proofs): the received
 * certificate values reach every one of them.
 */
#include "internal.h"
#include "x509.h"

unsigned
msa_x509_sig_alg_of(unsigned key_type)
{
	return key_type == MSA_X509_KEY_P256 ? MSA_SIG_ECDSA_P256_SHA256
		: key_type == MSA_X509_KEY_P384 ? MSA_SIG_ECDSA_P384_SHA384 : 0;
}

int
msa_x509_identity_ok(const uint8_t *s, size_t n)
{
	size_t i;

	if (n == 0 || n > MSA_MAX_IDENTITY)
		return 0;
	/*@ loop invariant 0 <= i <= n;
	    loop invariant \forall integer k; 0 <= k < i ==> 0x21 <= s[k] <= 0x7E;
	    loop assigns i;
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7E)
			return 0;
	return 1;
}

int
msa_x509_profile(size_t i, const msa_x509 *c)
{
	unsigned alg;

	if (c->version != 3                                      /* REQ-CRT-001 */
		|| c->sig_alg == MSA_X509_SIG_OTHER || !c->sig_alg_match /* REQ-CRT-004 */
		|| c->unknown_critical || c->dup_ext                     /* REQ-CRT-010 */
		|| (i == 0 && c->has_bc && c->ca))                       /* REQ-CRT-006 */
		return MSA_ERR_CERT_PROFILE;
	alg = msa_x509_sig_alg_of(c->key_type);
	if (alg == 0 || !msa_x509_point_ok(alg, c->pub, c->pub_len))  /* REQ-CRT-003 */
		return MSA_ERR_CERT_KEY_TYPE;
	if (i > 0 && (!c->has_bc || !c->ca))                     /* REQ-CRT-007 */
		return MSA_ERR_CERT_NOT_CA;
	if (i == 0 && (!c->has_ku || (c->ku & MSA_KU_DIGITAL_SIGNATURE) == 0))
		return MSA_ERR_CERT_KEY_USAGE;                   /* REQ-CRT-005 */
	if (i > 0 && (!c->has_ku || (c->ku & MSA_KU_KEY_CERT_SIGN) == 0))
		return MSA_ERR_CERT_KEY_USAGE;                   /* REQ-CRT-008 */
	if (i > 0 && c->has_pathlen && i - 1 > c->pathlen)
		return MSA_ERR_CERT_CHAIN_TOO_LONG;              /* REQ-CRT-009 */
	return MSA_OK;
}

int
msa_x509_dates(const msa_x509 *c, size_t n, uint64_t now, uint64_t floor, int64_t *t)
{
	int64_t nb = INT64_MIN, na = INT64_MAX, f;
	size_t i;

	if (now != MSA_TIME_UNKNOWN) {
		/*@ loop invariant 0 <= i <= n;
		    loop invariant now <= INT64_MAX || i == 0;
		    loop invariant \forall integer k; 0 <= k < i ==>
		      c[k].not_before <= now <= c[k].not_after;
		    loop assigns i;
		    loop variant n - i;
		 */
		for (i = 0; i < n; i++) {
			if (now > (uint64_t)INT64_MAX || (int64_t)now > c[i].not_after)
				return MSA_ERR_CERT_EXPIRED;
			if ((int64_t)now < c[i].not_before)
				return MSA_ERR_CERT_NOT_YET_VALID;
		}
		if (now > (uint64_t)INT64_MAX)
			return MSA_ERR_CERT_EXPIRED;             /* (n == 0 only) */
		*t = (int64_t)now;
		return MSA_OK;
	}
	/* ghost: which certificate gave nb and na (the witnesses of "no
	 * common time" when the periods do not overlap) */
	/*@ ghost size_t ib = 0, ia = 0; */
	/*@ loop invariant 0 <= i <= n;
	    loop invariant floor <= INT64_MAX || i == 0;
	    loop invariant \forall integer k; 0 <= k < i ==>
	      floor <= c[k].not_after && c[k].not_before <= nb && na <= c[k].not_after;
	    loop invariant nb == INT64_MIN || (ib < i && nb == c[ib].not_before);
	    loop invariant na == INT64_MAX || (ia < i && na == c[ia].not_after);
	    loop assigns i, nb, na, ib, ia;
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++) {
		if (floor > (uint64_t)INT64_MAX || c[i].not_after < (int64_t)floor)
			return MSA_ERR_CERT_EXPIRED;
		if (c[i].not_before > nb) {
			nb = c[i].not_before;
			/*@ ghost ib = i; */
		}
		if (c[i].not_after < na) {
			na = c[i].not_after;
			/*@ ghost ia = i; */
		}
	}
	if (floor > (uint64_t)INT64_MAX)
		return MSA_ERR_CERT_EXPIRED;                     /* (n == 0 only) */
	f = (int64_t)floor;
	*t = nb > f ? nb : f;
	/*@ assert apart: *t > na ==> na != INT64_MAX && ia < n && \forall integer x; floor <= x ==>
	      (nb != INT64_MIN && ib < n && x < c[ib].not_before) || c[ia].not_after < x; */
	return *t <= na ? MSA_OK : MSA_ERR_CERT_EXPIRED;
}

int
msa_cert_store_find(const msa_cert_store *s, const uint8_t *ref,
	const msa_known_cert **out)
{
	size_t i;

	if (out != NULL)
		*out = NULL;
	if (s == NULL || ref == NULL || out == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	/* References are public (they travel in clear): no constant time. */
	/*@ loop invariant 0 <= i <= MSA_MAX_KNOWN && (i <= s->n || i == 0);
	    loop invariant \forall integer j; 0 <= j < i ==>
	      !msa_same(&s->k[j].ref[0], ref, MSA_CERTREF_LEN);
	    loop assigns i;
	    loop variant MSA_MAX_KNOWN - i;
	 */
	for (i = 0; i < s->n && i < MSA_MAX_KNOWN; i++)
		if (msa_bytes_eq(s->k[i].ref, ref, MSA_CERTREF_LEN)) {
			*out = &s->k[i];
			return MSA_OK;
		}
	return MSA_ERR_CERT_UNKNOWN_REF;
}
