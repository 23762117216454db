/*
 * x509.c -- certificate validation under MSA's profile: trust anchors,
 * chain validation (br_x509_minimal plus the profile checks of
 * x509_parse.c), and the store of known certificates (by reference).
 */
#include <string.h>
#include <bearssl.h>
#include "internal.h"
#include "x509.h"

/* ---------------------------------------------------------------- helpers */

/*@ assigns \nothing; */
static int
br_curve_of(unsigned sig_alg)
{
	return sig_alg == MSA_SIG_ECDSA_P256_SHA256 ? BR_EC_secp256r1 : BR_EC_secp384r1;
}

/* msa_x509_point_ok (x509.h): BearSSL's mul() decodes and checks the
 * point; multiplying by 1 keeps it. */
int
msa_x509_point_ok(unsigned sig_alg, const uint8_t *pub, size_t len)
{
	static const unsigned char one[1] = { 1 };
	unsigned char tmp[MSA_PUBKEY_MAX];
	const br_ec_impl *ec = br_ec_get_default();

	if (len > sizeof tmp)
		return 0;
	memcpy(tmp, pub, len);
	return ec->mul(tmp, len, one, sizeof one, br_curve_of(sig_alg)) == 1
		&& memcmp(tmp, pub, len) == 0;
}

/* UNIX seconds -> BearSSL's (days since 0000-01-01, seconds of the day).
 * t >= 0 here. */
static void
br_time(int64_t t, uint32_t *days, uint32_t *secs)
{
	*days = (uint32_t)(t / 86400 + 719528);
	*secs = (uint32_t)(t % 86400);
}

/* ---------------------------------------------------------------- anchors */

void
msa_anchors_init(msa_anchors *ta)
{
	if (ta != NULL)
		memset(ta, 0, sizeof *ta);
}

typedef struct {
	uint8_t *buf;
	size_t cap, len;
	int over;
} dn_sink;

/*@ predicate dn_ok(dn_sink *d) = \valid(d) && d->len <= d->cap
      && \valid(d->buf + (0 .. d->cap - 1)) && \separated(d, d->buf + (0 .. d->cap - 1));
    predicate anchor_ok(msa_anchor *a) = a->dn_len <= MSA_MAX_DN
      && (a->pub_len == 65 || a->pub_len == 97);
    predicate anchors_ok(msa_anchors *ta) = ta->n <= MSA_MAX_ANCHORS
      && \forall integer i; 0 <= i < ta->n ==> anchor_ok(&ta->a[i]);
 */

/* A chunk of the subject DN from BearSSL's decoder: appended while it
 * fits; once one does not, over is set and nothing more is written. */
/*@ requires dn_ok(d) && \valid_read(data + (0 .. len - 1));
    requires \separated(data + (0 .. len - 1), d, d->buf + (0 .. d->cap - 1));
    assigns d->len, d->over, d->buf[0 .. d->cap - 1];
    ensures dn_ok(d) && d->buf == \old(d->buf) && d->cap == \old(d->cap);
 */
static void
dn_take(dn_sink *d, const uint8_t *data, size_t len)
{
	if (d->over || len > d->cap - d->len) {
		d->over = 1;
		return;
	}
	msa_bytes_copy(d->buf + d->len, data, len);
	d->len += len;
}

/* BearSSL's callback: converts its void * context (not proved, H14). */
static void
dn_append(void *ctx, const void *data, size_t len)
{
	dn_take(ctx, data, len);
}

/* BearSSL's X.509 decoder over der[0..len): the subject DN into dn (through
 * dn_append), and the key: 1 with its curve and point copied to
 * q[0..*qlen) when the certificate decoded to an EC key, its point fits q,
 * and it is a CA; else 0. Not proved (one decoder run; H15). */
/*@ requires dn_ok(dn) && \valid_read(der + (0 .. len - 1));
    requires \valid(curve) && \valid(qlen) && \valid(q + (0 .. MSA_PUBKEY_MAX - 1));
    requires \separated(dn, dn->buf + (0 .. dn->cap - 1), curve, qlen, q + (0 .. MSA_PUBKEY_MAX - 1));
    assigns dn->len, dn->over, dn->buf[0 .. dn->cap - 1], *curve, *qlen, q[0 .. MSA_PUBKEY_MAX - 1];
    ensures dn_ok(dn) && dn->buf == \old(dn->buf) && dn->cap == \old(dn->cap);
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> *qlen <= MSA_PUBKEY_MAX;
 */
static int
anchor_decode(dn_sink *dn, const uint8_t *der, size_t len, int *curve, uint8_t *q, size_t *qlen)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;

	br_x509_decoder_init(&dc, dn_append, dn);
	br_x509_decoder_push(&dc, der, len);
	pk = br_x509_decoder_get_pkey(&dc);
	if (pk == NULL || !br_x509_decoder_isCA(&dc) || pk->key_type != BR_KEYTYPE_EC
		|| pk->key.ec.qlen > MSA_PUBKEY_MAX)
		return 0;
	*curve = pk->key.ec.curve;
	memcpy(q, pk->key.ec.q, pk->key.ec.qlen);
	*qlen = pk->key.ec.qlen;
	return 1;
}

/* An anchor slot emptied (typed: no memset over the struct). */
/*@ requires \valid(a);
    assigns *a;
    ensures a->dn_len == 0 && a->pub_len == 0;
 */
static void
anchor_clear(msa_anchor *a)
{
	msa_wipe_u8(a->dn, sizeof a->dn);
	msa_wipe_u8(a->pub, sizeof a->pub);
	a->dn_len = 0;
	a->sig_alg = 0;
	a->pub_len = 0;
}

/* 1 when anchors a and b have the same DN and key. */
/*@ requires \valid_read(a) && \valid_read(b) && anchor_ok(a) && anchor_ok(b);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
 */
static int
anchor_same(const msa_anchor *a, const msa_anchor *b)
{
	return a->dn_len == b->dn_len && a->pub_len == b->pub_len
		&& msa_bytes_eq(a->dn, b->dn, a->dn_len) && msa_bytes_eq(a->pub, b->pub, a->pub_len);
}

/* The profile of a trust anchor's parsed certificate (msa.h,
 * msa_anchors_add): MSA_OK with *alg its signature algorithm, or the
 * error. */
/*@ requires \valid_read(c) && \valid(alg) && x509_key_len_ok(c);
    assigns *alg;
    ensures \result <= 0;
    ensures \result == MSA_OK ==> *alg != 0 && c->subject_len <= MSA_MAX_DN
      && (c->pub_len == 65 || c->pub_len == 97);
 */
static int
anchor_profile(const msa_x509 *c, unsigned *alg)
{
	if (c->version != 3 || c->dup_ext || c->unknown_critical)
		return MSA_ERR_CERT_PROFILE;
	if (!c->has_bc || !c->ca)
		return MSA_ERR_CERT_NOT_CA;
	if (c->has_ku && (c->ku & MSA_KU_KEY_CERT_SIGN) == 0)
		return MSA_ERR_CERT_KEY_USAGE;
	*alg = msa_x509_sig_alg_of(c->key_type);
	if (*alg == 0)
		return MSA_ERR_CERT_KEY_TYPE;
	if (c->subject_len > MSA_MAX_DN)
		return MSA_ERR_CERT_PROFILE;
	return MSA_OK;
}

/* Fills slot a from der[0..len), parsed in c with signature algorithm
 * alg: BearSSL's decoder gives the DN and key as br_x509_minimal will
 * compare them, and they must agree with our parse. MSA_OK with a
 * filled (anchor_ok), or MSA_ERR_CERT_DECODE with a emptied. */
/*@ requires \valid(a) && \valid_read(c) && \valid_read(der + (0 .. len - 1));
    requires \valid_read(c->subject + (0 .. c->subject_len - 1)) && \valid_read(c->pub + (0 .. c->pub_len - 1));
    requires c->subject_len <= MSA_MAX_DN && (c->pub_len == 65 || c->pub_len == 97);
    requires \separated(a, c, der + (0 .. len - 1));
    requires \separated(a, c->subject + (0 .. c->subject_len - 1));
    requires \separated(a, c->pub + (0 .. c->pub_len - 1));
    assigns *a;
    ensures \result == MSA_OK || \result == MSA_ERR_CERT_DECODE;
    ensures \result == MSA_OK ==> anchor_ok(a);
 */
static int
anchor_fill(msa_anchor *a, const msa_x509 *c, const uint8_t *der, size_t len, unsigned alg)
{
	uint8_t q[MSA_PUBKEY_MAX];
	dn_sink dn;
	size_t qlen;
	int curve;

	anchor_clear(a);
	dn.buf = a->dn;
	dn.cap = sizeof a->dn;
	dn.len = 0;
	dn.over = 0;
	if (anchor_decode(&dn, der, len, &curve, q, &qlen) != 1 || dn.over
		|| curve != br_curve_of(alg) || qlen != c->pub_len || !msa_bytes_eq(q, c->pub, qlen)
		|| dn.len != c->subject_len || !msa_bytes_eq(a->dn, c->subject, dn.len)
		|| !msa_x509_point_ok(alg, c->pub, c->pub_len)) {
		anchor_clear(a);
		return MSA_ERR_CERT_DECODE;
	}
	a->sig_alg = alg;
	a->dn_len = dn.len;
	msa_bytes_copy(a->pub, c->pub, c->pub_len);
	a->pub_len = c->pub_len;
	return MSA_OK;
}

/* Proved (make proofs): reads only der[0..len) (through the proved
 * msa_x509_parse and BearSSL's decoder, H15), writes only ta's next slot
 * and count, and keeps every anchor's lengths within their arrays
 * (anchors_ok: what run_bearssl gives BearSSL). */
/*@ requires ta == \null || (\valid(ta) && anchors_ok(ta));
    requires der == \null || \valid_read(der + (0 .. len - 1));
    requires ta != \null && der != \null ==> \separated(ta, der + (0 .. len - 1));
    assigns ta->n, ta->a[0 .. MSA_MAX_ANCHORS - 1];
    ensures ta != \null ==> anchors_ok(ta);
    ensures ta != \null ==> \old(ta->n) <= ta->n <= \old(ta->n) + 1;
 */
int
msa_anchors_add(msa_anchors *ta, const uint8_t *der, size_t len)
{
	msa_anchor *a;
	msa_x509 c;
	size_t i;
	unsigned alg = 0;
	int err;

	if (ta == NULL || der == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	if (ta->n >= MSA_MAX_ANCHORS)
		return MSA_ERR_BUFFER_TOO_SMALL;
	err = msa_x509_parse(der, len, &c);
	if (err != MSA_OK)
		return err;
	err = anchor_profile(&c, &alg);
	if (err != MSA_OK)
		return err;
	a = &ta->a[ta->n];
	err = anchor_fill(a, &c, der, len, alg);
	if (err != MSA_OK)
		return err;
	/*@ loop invariant 0 <= i <= ta->n;
	    loop assigns i;
	    loop variant ta->n - i;
	 */
	for (i = 0; i < ta->n; i++)
		if (anchor_same(&ta->a[i], a)) {
			anchor_clear(a);
			return MSA_OK;
		}
	ta->n++;
	return MSA_OK;
}

/* ---------------------------------------------------------------- validation */

/* The profile and date checks are x509_check.c's (msa_x509_profile,
 * msa_x509_dates). */

/* BearSSL's verdict -> MSA's. (Decoding, profile and date failures are
 * found before BearSSL runs; they are mapped anyway, in case BearSSL is
 * stricter somewhere.) */
static int
map_br(unsigned e)
{
	switch (e) {
	case BR_ERR_X509_EXPIRED:             return MSA_ERR_CERT_EXPIRED;
	case BR_ERR_X509_NOT_CA:              return MSA_ERR_CERT_NOT_CA;
	case BR_ERR_X509_FORBIDDEN_KEY_USAGE: return MSA_ERR_CERT_KEY_USAGE;
	case BR_ERR_X509_WEAK_PUBLIC_KEY:
	case BR_ERR_X509_WRONG_KEY_TYPE:      return MSA_ERR_CERT_KEY_TYPE;
	case BR_ERR_X509_UNSUPPORTED:
	case BR_ERR_X509_LIMIT_EXCEEDED:
	case BR_ERR_X509_CRITICAL_EXTENSION:  return MSA_ERR_CERT_PROFILE;
	case BR_ERR_X509_BAD_SIGNATURE:
	case BR_ERR_X509_DN_MISMATCH:
	case BR_ERR_X509_NOT_TRUSTED:         return MSA_ERR_CERT_UNTRUSTED;
	case BR_ERR_X509_TIME_UNKNOWN:
	case BR_ERR_X509_BAD_SERVER_NAME:     return MSA_ERR_INTERNAL;
	default:                              return MSA_ERR_CERT_DECODE;
	}
}

/* Runs br_x509_minimal over the chain at time t; on success checks that
 * its end-entity key and SAN URI are the ones our parser found. Not
 * proved (BearSSL's chain validation; proofs/README.md, H15): what
 * msa_cert_validate's proof assumes of it is the contract. */
/*@ requires \valid_read(ta) && 1 <= n <= MSA_MAX_CHAIN;
    requires \valid_read(chain + (0 .. n - 1)) && cert_segs_ok(chain, n);
    requires \valid_read(ee);
    assigns \nothing;
    ensures \result <= 0;
 */
static int
run_bearssl(const msa_anchors *ta, const msa_seg *chain, size_t n,
	const msa_x509 *ee, int64_t t)
{
	static const unsigned char san_uri[] = { 0, 6 };
	br_x509_trust_anchor tas[MSA_MAX_ANCHORS];
	br_x509_minimal_context xc;
	char uri[MSA_MAX_IDENTITY + 1];
	br_name_element ne;
	const br_x509_pkey *pk;
	uint32_t days, secs;
	unsigned usages = 0, e;
	size_t i;

	for (i = 0; i < ta->n && i < MSA_MAX_ANCHORS; i++) {
		const msa_anchor *a = &ta->a[i];

		/* BearSSL's types are not const-qualified; it never writes
		 * through these pointers. */
		tas[i].dn.data = (unsigned char *)(uintptr_t)a->dn;
		tas[i].dn.len = a->dn_len;
		tas[i].flags = BR_X509_TA_CA;
		tas[i].pkey.key_type = BR_KEYTYPE_EC;
		tas[i].pkey.key.ec.curve = br_curve_of(a->sig_alg);
		tas[i].pkey.key.ec.q = (unsigned char *)(uintptr_t)a->pub;
		tas[i].pkey.key.ec.qlen = a->pub_len;
	}
	br_x509_minimal_init(&xc, &br_sha256_vtable, tas, i);
	br_x509_minimal_set_hash(&xc, br_sha256_ID, &br_sha256_vtable);
	br_x509_minimal_set_hash(&xc, br_sha384_ID, &br_sha384_vtable);
	br_x509_minimal_set_ecdsa(&xc, br_ec_get_default(), br_ecdsa_i31_vrfy_asn1);
	br_time(t, &days, &secs);
	br_x509_minimal_set_time(&xc, days, secs);
	ne.oid = san_uri;
	ne.buf = uri;
	ne.len = sizeof uri;
	ne.status = 0;
	br_x509_minimal_set_name_elements(&xc, &ne, 1);

	xc.vtable->start_chain(&xc.vtable, NULL);
	for (i = 0; i < n; i++) {
		xc.vtable->start_cert(&xc.vtable, (uint32_t)chain[i].len);
		xc.vtable->append(&xc.vtable, chain[i].ptr, chain[i].len);
		xc.vtable->end_cert(&xc.vtable);
	}
	e = xc.vtable->end_chain(&xc.vtable);
	if (e != 0)
		return map_br(e);
	pk = xc.vtable->get_pkey(&xc.vtable, &usages);
	if (pk == NULL || pk->key_type != BR_KEYTYPE_EC
		|| pk->key.ec.curve != br_curve_of(msa_x509_sig_alg_of(ee->key_type))
		|| pk->key.ec.qlen != ee->pub_len
		|| memcmp(pk->key.ec.q, ee->pub, ee->pub_len) != 0)
		return MSA_ERR_CERT_DECODE;
	if ((usages & BR_KEYTYPE_SIGN) == 0)
		return MSA_ERR_CERT_KEY_USAGE;
	/* The first SAN URI as BearSSL read it, when there is one that our
	 * parser accepted (msa_x509_identity_ok: no NUL, fits the buffer). */
	if (ee->san_uris > 0 && msa_x509_identity_ok(ee->uri, ee->uri_len)
		&& (ne.status != 1 || strlen(uri) != ee->uri_len
			|| memcmp(uri, ee->uri, ee->uri_len) != 0))
		return MSA_ERR_CERT_DECODE;
	return MSA_OK;
}

/* *info zeroed (memset over the struct, padding included: a cast WP's
 * typed model does not follow; not proved, H17). */
/*@ requires \valid(info);
    assigns *info;
    ensures info->pub_len == 0 && info->identity_len == 0;
 */
static void
info_clear(msa_cert_info *info)
{
	memset(info, 0, sizeof *info);
}

/* The checks of msa_cert_validate (msa.h) in its order, parsing the chain
 * into c[0..n); the end entity's key and identity are left in c[0],
 * pointing into chain[0]'s octets. */
/*@ requires ta == \null || \valid_read(ta);
    requires n <= MSA_MAX_CHAIN ==> \valid_read(chain + (0 .. n - 1)) && cert_segs_ok(chain, n);
    requires id == \null || \valid_read(id + (0 .. id_len - 1));
    requires \valid(c + (0 .. MSA_MAX_CHAIN - 1));
    requires n <= MSA_MAX_CHAIN ==> \separated(c + (0 .. MSA_MAX_CHAIN - 1), chain + (0 .. n - 1));
    requires n <= MSA_MAX_CHAIN ==> \forall integer i; 0 <= i < n ==>
      \separated(c + (0 .. MSA_MAX_CHAIN - 1), chain[i].ptr + (0 .. chain[i].len - 1));
    assigns c[0 .. MSA_MAX_CHAIN - 1];
    ensures \result <= 0;
    ensures args: \result == MSA_OK ==> ta != \null && 1 <= n <= MSA_MAX_CHAIN;
    ensures key: \result == MSA_OK ==> c[0].pub_len <= MSA_PUBKEY_MAX
      && \valid_read(c[0].pub + (0 .. c[0].pub_len - 1));
    ensures uri: \result == MSA_OK ==> 1 <= c[0].uri_len <= MSA_MAX_IDENTITY
      && \valid_read(c[0].uri + (0 .. c[0].uri_len - 1))
      && \forall integer k; 0 <= k < c[0].uri_len ==> 0x21 <= c[0].uri[k] <= 0x7E;
    ensures id: \result == MSA_OK && id != \null ==> c[0].uri_len == id_len
      && \forall integer k; 0 <= k < id_len ==> c[0].uri[k] == id[k];
 */
static int
chain_check(const msa_anchors *ta, const msa_seg *chain, size_t n,
	const uint8_t *id, size_t id_len, uint64_t now, uint64_t floor,
	msa_x509 *c)
{
	int64_t t;
	size_t i;
	int err;

	if (ta == NULL || (chain == NULL && n > 0))
		return MSA_ERR_BAD_ARGUMENT;
	if (n == 0)
		return MSA_ERR_CERT_DECODE;
	if (n > MSA_MAX_CHAIN)
		return MSA_ERR_CERT_CHAIN_TOO_LONG;           /* REQ-LIM-005 */
	/*@ loop invariant 0 <= i <= n;
	    loop invariant i >= 1 ==> c[0].pub_len <= MSA_PUBKEY_MAX
	      && \valid_read(c[0].pub + (0 .. c[0].pub_len - 1))
	      && (c[0].san_uris > 0 ==> \valid_read(c[0].uri + (0 .. c[0].uri_len - 1)));
	    loop assigns i, err, c[0 .. MSA_MAX_CHAIN - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++) {
		if (chain[i].len > MSA_MAX_CERT)
			return MSA_ERR_CERT_PROFILE;           /* REQ-LIM-004 */
		err = msa_x509_parse(chain[i].ptr, chain[i].len, &c[i]);
		if (err == MSA_OK)
			err = msa_x509_profile(i, &c[i]);
		if (err != MSA_OK)
			return err;
	}
	err = msa_x509_dates(c, n, now, floor, &t);
	if (err != MSA_OK)
		return err;
	err = run_bearssl(ta, chain, n, &c[0], t);
	if (err != MSA_OK)
		return err;

	/* Identity: exactly one SAN URI; equal to the expected AE name. */
	if (c[0].san_uris == 0)
		return MSA_ERR_CERT_IDENTITY;
	if (c[0].san_uris > 1 || !msa_x509_identity_ok(c[0].uri, c[0].uri_len))
		return MSA_ERR_CERT_PROFILE;
	if (id != NULL && (id_len != c[0].uri_len || !msa_bytes_eq(id, c[0].uri, id_len)))
		return MSA_ERR_CERT_IDENTITY;
	return MSA_OK;
}

int
msa_cert_validate(const msa_anchors *ta, const msa_seg *chain, size_t n,
	const uint8_t *id, size_t id_len, uint64_t now, uint64_t floor,
	msa_cert_info *info)
{
	msa_x509 c[MSA_MAX_CHAIN];
	uint8_t pub[MSA_PUBKEY_MAX], uri[MSA_MAX_IDENTITY];
	size_t pub_len = 0, uri_len = 0, k;
	unsigned sig_alg = 0;
	int err;

	err = chain_check(ta, chain, n, id, id_len, now, floor, c);
	if (err == MSA_OK) {
		/* What *info gets, read out of the chain's octets before *info
		 * is written (whatever memory *info is, the copy is what was
		 * validated). */
		sig_alg = msa_x509_sig_alg_of(c[0].key_type);
		pub_len = c[0].pub_len;
		msa_bytes_copy(pub, c[0].pub, pub_len);
		uri_len = c[0].uri_len;
		msa_bytes_copy(uri, c[0].uri, uri_len);
		/*@ assert uri_id: id != \null ==> uri_len == id_len
		      && \forall integer j; 0 <= j < uri_len ==> uri[j] == \at(id[j], Pre); */
	}
	if (info == NULL)
		return err;
	info_clear(info);                    /* *info zeroed on failure */
	if (err != MSA_OK)
		return err;
	info->sig_alg = sig_alg;
	msa_bytes_copy(info->pub, pub, pub_len);
	info->pub_len = pub_len;
	/*@ loop invariant 0 <= k <= uri_len;
	    loop invariant \forall integer j; 0 <= j < k ==> info->identity[j] == uri[j];
	    loop assigns k, info->identity[0 .. MSA_MAX_IDENTITY - 1];
	    loop variant uri_len - k;
	 */
	for (k = 0; k < uri_len; k++)
		info->identity[k] = (char)uri[k];
	info->identity[uri_len] = '\0';
	info->identity_len = uri_len;
	return MSA_OK;
}

/* ---------------------------------------------------------------- by reference */

/* SHA-256 of the octets (BearSSL; not proved, H15). */
/*@ requires \valid_read(der + (0 .. len - 1)) && \valid(ref + (0 .. MSA_CERTREF_LEN - 1));
    assigns ref[0 .. MSA_CERTREF_LEN - 1];
 */
void
msa_cert_ref(const uint8_t *der, size_t len, uint8_t ref[MSA_CERTREF_LEN])
{
	br_sha256_context h;

	br_sha256_init(&h);
	br_sha256_update(&h, der, len);
	br_sha256_out(&h, ref);
}

void
msa_cert_store_init(msa_cert_store *s)
{
	if (s != NULL)
		memset(s, 0, sizeof *s);
}

/*@ // A store as msa_cert_store_add leaves it: at most MSA_MAX_KNOWN
    // entries, each of 1..MSA_MAX_CHAIN certificates whose octets are
    // readable (what handshake.c's hs_store_ok, the assumption H3, asks).
    // (cert_segs_ok spelt out over the fields: the provers then see that
    // writing one entry leaves the others' facts.)
    predicate known_ok(msa_known_cert *k) = 1 <= k->n <= MSA_MAX_CHAIN
      && \forall integer m; 0 <= m < k->n ==> \valid_read(k->chain[m].ptr + (0 .. k->chain[m].len - 1));
    predicate cert_store_ok(msa_cert_store *st) = st->n <= MSA_MAX_KNOWN
      && \forall integer i; 0 <= i < st->n ==> known_ok(&st->k[i]);
 */

/* The index of the entry whose reference is that of der[0..len) (its
 * SHA-256), or s->n when there is none. */
/*@ requires \valid_read(s) && s->n <= MSA_MAX_KNOWN && \valid_read(der + (0 .. len - 1));
    assigns \nothing;
    ensures \result <= s->n;
 */
static size_t
known_find(const msa_cert_store *s, const uint8_t *der, size_t len)
{
	uint8_t ref[MSA_CERTREF_LEN];
	size_t i;

	msa_cert_ref(der, len, ref);
	/*@ loop invariant 0 <= i <= s->n;
	    loop assigns i;
	    loop variant s->n - i;
	 */
	for (i = 0; i < s->n; i++)
		if (msa_bytes_eq(s->k[i].ref, ref, sizeof ref))
			break;
	return i;
}

/* Entry k set to chain[0..n), named by chain[0]'s reference (the rest of
 * its chain emptied). No local buffer: WP states the entry's pointers
 * valid after the return, when a local's block would be gone. */
/*@ requires \valid(k) && 1 <= n <= MSA_MAX_CHAIN;
    requires \valid_read(chain + (0 .. n - 1)) && cert_segs_ok(chain, n);
    requires \separated(k, chain + (0 .. n - 1));
    assigns *k;
    ensures known_ok(k) && k->n == n;
 */
static void
known_set(msa_known_cert *k, const msa_seg *chain, size_t n)
{
	size_t i;

	msa_cert_ref(chain[0].ptr, chain[0].len, k->ref);
	/*@ loop invariant 0 <= i <= MSA_MAX_CHAIN;
	    loop invariant \forall integer j; 0 <= j < i && j < n ==> k->chain[j] == chain[j];
	    loop assigns i, k->chain[0 .. MSA_MAX_CHAIN - 1];
	    loop variant MSA_MAX_CHAIN - i;
	 */
	for (i = 0; i < MSA_MAX_CHAIN; i++) {
		if (i < n) {
			k->chain[i] = chain[i];
		} else {
			k->chain[i].ptr = NULL;
			k->chain[i].len = 0;
		}
	}
	k->n = n;
}

/* msa_cert_store_add's checks of the chain it is given: MSA_OK, or its
 * error (BAD_ARGUMENT, CERT_CHAIN_TOO_LONG, CERT_PROFILE). */
/*@ requires chain != \null && n <= MSA_MAX_CHAIN ==> \valid_read(chain + (0 .. n - 1));
    assigns \nothing;
    ensures \result <= 0;
    ensures \result == MSA_OK ==> chain != \null && 1 <= n <= MSA_MAX_CHAIN;
 */
static int
store_chain_ok(const msa_seg *chain, size_t n)
{
	size_t i;

	if (chain == NULL || n == 0)
		return MSA_ERR_BAD_ARGUMENT;
	if (n > MSA_MAX_CHAIN)
		return MSA_ERR_CERT_CHAIN_TOO_LONG;
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i;
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++) {
		if (chain[i].ptr == NULL || chain[i].len == 0 || chain[i].len > MSA_MAX_CERT)
			return MSA_ERR_CERT_PROFILE;
	}
	return MSA_OK;
}

/* Proved (make proofs): leaves the store as handshake.c's proofs take it
 * (cert_store_ok, H3), whatever chain it is given. */
/*@ requires s == \null || (\valid(s) && cert_store_ok(s));
    requires chain != \null && n <= MSA_MAX_CHAIN ==> \valid_read(chain + (0 .. n - 1)) && cert_segs_ok(chain, n);
    requires s != \null && chain != \null && n <= MSA_MAX_CHAIN ==> \separated(s, chain + (0 .. n - 1));
    assigns s->n, s->k[0 .. MSA_MAX_KNOWN - 1];
    ensures count: s != \null ==> s->n <= MSA_MAX_KNOWN;
    ensures entries: s != \null ==> \forall integer j; 0 <= j < s->n ==> known_ok(&s->k[j]);
 */
int
msa_cert_store_add(msa_cert_store *s, const msa_seg *chain, size_t n)
{
	size_t i, n0;

	int err;

	if (s == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	if ((err = store_chain_ok(chain, n)) != MSA_OK)
		return err;
	n0 = s->n;
	i = known_find(s, chain[0].ptr, chain[0].len);
	if (i == n0 && n0 >= MSA_MAX_KNOWN)
		return MSA_ERR_BUFFER_TOO_SMALL;
	known_set(&s->k[i], chain, n);
	/*@ assert others: \forall integer j; 0 <= j < n0 && j != i ==> known_ok(&s->k[j]); */
	/* the count from the local (written in both cases: WP does not see
	 * that known_set's write of one entry leaves the count) */
	s->n = i == n0 ? n0 + 1 : n0;
	return MSA_OK;
}

/* msa_cert_store_find: x509_check.c. */
