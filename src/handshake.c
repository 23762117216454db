/*
 * handshake.c -- the three handshake messages (spec 8, REQ-HS-*): building
 * HandshakeInit, processing it and answering with HandshakeResp,
 * processing that and answering with HandshakeFinish, processing that.
 * Checks run in the spec's order; the first failure is returned, and the
 * engine (engine.c) ends the association as the state table says.
 */
#include <string.h>

#include "engine.h"
#include "internal.h"
#include "der.h"
#include "x509.h"
#include "MsaPdu.h"
#include "RespBody.h"
#include "FinishBody.h"

#ifdef MSA_FUZZING
int (*msa_fuzz_forge_hs_mac)(void);   /* internal.h: fuzz builds only */
#endif

/* unsigned char arrays: sig_input copies them octet for octet */
static const uint8_t SIG_R[] = "MSA v1 responder signature";
static const uint8_t SIG_I[] = "MSA v1 initiator signature";

/* asn1c's structures take non-const buffers; the encoder only reads them. */
static uint8_t *
mut(const uint8_t *p)
{
	union { const uint8_t *c; uint8_t *m; } u;

	u.c = p;
	return u.m;
}

static void
os_set(OCTET_STRING_t *o, const uint8_t *p, size_t n)
{
	o->buf = mut(p);
	o->size = (int)n;
}

/*@ requires \valid_read(s);
    assigns \nothing;
    ensures \result == (s->hash == MSA_HASH_SHA384 ? 1 : 0);
 */
static int
hidx(const msa_suite *s)
{
	return s->hash == MSA_HASH_SHA384 ? 1 : 0;
}

/*@ requires \valid_read(aid + (0 .. MSA_AID_LEN - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> aid[0] == 0 && aid[1] == 0 && aid[2] == 0 && aid[3] == 0;
 */
static int
aid_zero(const uint8_t *aid)
{
	return (aid[0] | aid[1] | aid[2] | aid[3]) == 0;
}

/* The two signature labels have one length (sig_input's buffers). */
#define SIG_LABEL_LEN 26u
_Static_assert(sizeof SIG_R == SIG_LABEL_LEN + 1u && sizeof SIG_I == SIG_LABEL_LEN + 1u,
	"signature labels of SIG_LABEL_LEN octets");

/* "label" || 00 || th (REQ-HS-072) into out; returns its length. */
/*@ requires ln + 1 + h <= 64 + MSA_MAX_HASH;
    requires \valid(out + (0 .. ln + h));
    requires \valid_read(label + (0 .. ln - 1)) && \valid_read(th + (0 .. h - 1));
    requires \separated(out + (0 .. ln + h), label + (0 .. ln - 1));
    requires \separated(out + (0 .. ln + h), th + (0 .. h - 1));
    assigns out[0 .. ln + h];
    ensures \result == ln + 1 + h;
    ensures label: \forall integer k; 0 <= k < ln ==> out[k] == label[k];
    ensures zero: out[ln] == 0;
    ensures th: \forall integer k; 0 <= k < h ==> out[ln + 1 + k] == th[k];
 */
static size_t
sig_input(uint8_t *out, const uint8_t *label, size_t ln, const uint8_t *th, size_t h)
{
	msa_bytes_copy(out, label, ln);
	out[ln] = 0;
	msa_bytes_copy(out + ln + 1u, th, h);
	return ln + 1u + h;
}

/* Appends the encoding of *p to io->out. */
static int
out_pdu(msa_io *io, const MsaPdu_t *p, size_t *at)
{
	int n = msa_pdu_encode(p, io->out + io->out_len, io->out_cap - io->out_len);

	if (n < 0)
		return n == MSA_ERR_BUFFER_TOO_SMALL ? n : MSA_ERR_INTERNAL;
	*at = io->out_len;
	io->out_len += (size_t)n;
	io->n_pdus++;
	io->events |= MSA_EV_SENT;
	return MSA_OK;
}

/* The provider's hash operations, called through these wrappers so that
 * WP sees a contract (WP proves a call through a function pointer only
 * against a `calls` list of defined functions, and the provider's are in
 * crypto_bearssl.c, outside the proof set). The contracts are what the
 * handshake assumes of any provider (proofs/README.md, assumption H1):
 * each writes only its context or its output (MSA_MAX_HASH octets at most)
 * and reads only the octets it is given. Not proved themselves. */
/*@ requires \valid_read(p) && \valid(dst) && \valid_read(src);
    assigns *dst \from *src;
 */
static void
hs_copy(const msa_crypto_provider *p, msa_hash_ctx *dst, const msa_hash_ctx *src)
{
	p->hash_copy(dst, src);
}

/*@ requires \valid_read(p) && \valid(ctx) && \valid_read(data + (0 .. len - 1));
    assigns *ctx \from *ctx, data[0 .. len - 1];
 */
static void
hs_update(const msa_crypto_provider *p, msa_hash_ctx *ctx, const uint8_t *data, size_t len)
{
	p->hash_update(ctx, data, len);
}

/*@ requires \valid_read(p) && \valid_read(ctx) && \valid(out + (0 .. MSA_MAX_HASH - 1));
    assigns out[0 .. MSA_MAX_HASH - 1] \from *ctx;
 */
static void
hs_out(const msa_crypto_provider *p, const msa_hash_ctx *ctx, uint8_t *out)
{
	(void)p->hash_out(ctx, out);
}

/* TH = H(transcript so far || the body TLV of a PDU): the body is encoded
 * alone (as its SEQUENCE type, tag 30) into the free part of io->out, and
 * hashed with the tag it has inside the PDU ([0] constructed, A0). */
static int
th_with_body(const msa_crypto_provider *p, const msa_hash_ctx *th,
	const struct asn_TYPE_descriptor_s *td, const void *body, msa_io *io,
	uint8_t *out)
{
	msa_hash_ctx t;
	uint8_t *scratch = io->out + io->out_len;
	int n = msa_value_encode(td, body, scratch, io->out_cap - io->out_len);
	uint8_t tag = 0xA0u;

	if (n < 2)
		return n == MSA_ERR_BUFFER_TOO_SMALL ? n : MSA_ERR_INTERNAL;
	p->hash_copy(&t, th);
	p->hash_update(&t, &tag, 1);
	p->hash_update(&t, scratch + 1, (size_t)n - 1u);
	p->hash_out(&t, out);
	return MSA_OK;
}

/* TH over the body TLV as received: the first component of the PDU raw.
 * raw[0..len) is the received PDU, which the gate accepted (len > 0); the
 * two headers are read again here, and only raw[0..len) is read. */
/*@ requires 0 < len;
    requires \valid_read(raw + (0 .. len - 1));
    requires \valid_read(p) && \valid_read(th);
    requires \valid(out + (0 .. MSA_MAX_HASH - 1));
    requires \separated(out + (0 .. MSA_MAX_HASH - 1), raw + (0 .. len - 1));
    assigns out[0 .. MSA_MAX_HASH - 1];
    ensures \result == MSA_OK || \result == MSA_ERR_INTERNAL;
    ensures \result == MSA_OK ==> der_hdr_ok(raw, len, 0) && der_hl(raw, 0) < len
      && der_hdr_ok(raw, len, der_hl(raw, 0))
      && der_hl(raw, 0) + der_hl(raw, der_hl(raw, 0)) + der_l(raw, der_hl(raw, 0)) <= len;
 */
static int
th_with_raw_body(const msa_crypto_provider *p, const msa_hash_ctx *th,
	const uint8_t *raw, size_t len, uint8_t *out)
{
	msa_der_tlv o, b;
	size_t eo;
	msa_hash_ctx t;

	if (msa_der_header(raw, len, 0, &o, &eo) != MSA_OK || o.hdr_len >= len
		|| msa_der_header(raw, len, o.hdr_len, &b, &eo) != MSA_OK
		|| b.len > len - o.hdr_len - b.hdr_len)
		return MSA_ERR_INTERNAL;
	hs_copy(p, &t, th);
	hs_update(p, &t, raw + o.hdr_len, b.hdr_len + b.len);
	hs_out(p, &t, out);
	return MSA_OK;
}

/*@
  // A store as msa_cert_store_add leaves it: each entry holds 1..MSA_MAX_CHAIN
  // certificates (proofs/README.md, assumption H3).
  predicate hs_store_ok(msa_cert_store *st) =
    \forall integer i; 0 <= i < st->n && i < MSA_MAX_KNOWN ==>
      1 <= st->k[i].n <= MSA_MAX_CHAIN
      && cert_segs_ok(&st->k[i].chain[0], st->k[i].n);

  // A Credential as the codec leaves it (Certificate SIZE(1..2048),
  // CertRef SIZE(32)): the present arm's buffers are readable. Only the
  // first MSA_MAX_CHAIN entries of a chain are asked for: no more are read.
  predicate hs_cred_ok(Credential_t *cr) =
    (cr->present == Credential_PR_chain ==>
      (1 <= cr->choice.chain.list.count <= MSA_MAX_CHAIN ==>
        \valid_read(cr->choice.chain.list.array + (0 .. cr->choice.chain.list.count - 1))
        && \forall integer i; 0 <= i < cr->choice.chain.list.count ==>
          \valid_read(cr->choice.chain.list.array[i])
          && cr->choice.chain.list.array[i]->size >= 0
          && \valid_read(cr->choice.chain.list.array[i]->buf
               + (0 .. cr->choice.chain.list.array[i]->size - 1))))
    && (cr->present == Credential_PR_reference ==>
      \valid_read(cr->choice.reference.buf + (0 .. MSA_CERTREF_LEN - 1)));
*/

/*@ predicate hs_ids_ok(msa_config *c) =
      c->n_peer_ids <= MSA_MAX_PEER_IDS
      && \forall integer i; 0 <= i < c->n_peer_ids ==>
        \valid_read(c->peer_ids[i].ptr + (0 .. c->peer_ids[i].len - 1));
*/

/* The chain of a Credential, or the store entry its reference names. */
/*@ requires \valid_read(c) && \valid_read(cr) && hs_cred_ok(cr);
    requires c->store != \null ==> \valid_read(c->store) && hs_store_ok(c->store);
    requires \valid(chain + (0 .. MSA_MAX_CHAIN - 1)) && \valid(n);
    requires \separated(chain + (0 .. MSA_MAX_CHAIN - 1), n, c, cr);
    requires \separated(n, c, cr);
    requires cr->present == Credential_PR_chain && 1 <= cr->choice.chain.list.count <= MSA_MAX_CHAIN
      ==> \separated(chain + (0 .. MSA_MAX_CHAIN - 1), n,
            cr->choice.chain.list.array + (0 .. cr->choice.chain.list.count - 1))
      && \forall integer i; 0 <= i < cr->choice.chain.list.count ==>
           \separated(chain + (0 .. MSA_MAX_CHAIN - 1), n, cr->choice.chain.list.array[i]);
    requires c->store != \null ==>
      \separated(chain + (0 .. MSA_MAX_CHAIN - 1), n, c->store->k + (0 .. MSA_MAX_KNOWN - 1));
    assigns chain[0 .. MSA_MAX_CHAIN - 1], *n;
    ensures \result == MSA_OK || \result == MSA_ERR_CERT_CHAIN_TOO_LONG
      || \result == MSA_ERR_CERT_UNKNOWN_REF;
    ensures \result == MSA_OK ==> 1 <= *n <= MSA_MAX_CHAIN;
    ensures \result == MSA_ERR_CERT_CHAIN_TOO_LONG <==> cr->present == Credential_PR_chain
      && (cr->choice.chain.list.count < 1 || cr->choice.chain.list.count > MSA_MAX_CHAIN);
    ensures \result == MSA_OK && cr->present == Credential_PR_chain ==>
      *n == cr->choice.chain.list.count
      && \forall integer i; 0 <= i < *n ==>
        chain[i].ptr == cr->choice.chain.list.array[i]->buf
        && chain[i].len == cr->choice.chain.list.array[i]->size;
    ensures \result == MSA_OK && cr->present != Credential_PR_chain ==>
      cr->present == Credential_PR_reference && c->store != \null;
    ensures segs: \result == MSA_OK ==> cert_segs_ok(chain, *n);
    ensures ids: hs_ids_ok{Pre}(c) ==> hs_ids_ok{Post}(c);
 */
static int
cred_chain(const msa_config *c, const Credential_t *cr, msa_seg *chain, size_t *n)
{
	const msa_known_cert *kc;
	size_t i, m;

	if (cr->present == Credential_PR_chain) {
		if (cr->choice.chain.list.count < 1
			|| (size_t)cr->choice.chain.list.count > MSA_MAX_CHAIN)
			return MSA_ERR_CERT_CHAIN_TOO_LONG;
		m = (size_t)cr->choice.chain.list.count;
		*n = m;
		/*@ loop invariant 0 <= i <= m;
		    loop invariant \forall integer j; 0 <= j < i ==>
		      chain[j].ptr == cr->choice.chain.list.array[j]->buf
		      && chain[j].len == cr->choice.chain.list.array[j]->size;
		    loop invariant cert_segs_ok(chain, i);
		    loop invariant hs_ids_ok{Pre}(c) ==> hs_ids_ok(c);
		    loop assigns i, chain[0 .. MSA_MAX_CHAIN - 1];
		    loop variant m - i;
		 */
		for (i = 0; i < m; i++) {
			chain[i].ptr = cr->choice.chain.list.array[i]->buf;
			chain[i].len = (size_t)cr->choice.chain.list.array[i]->size;
		}
		return MSA_OK;
	}
	if (cr->present != Credential_PR_reference || c->store == NULL)
		return MSA_ERR_CERT_UNKNOWN_REF;
	if (msa_cert_store_find(c->store, cr->choice.reference.buf, &kc) != MSA_OK)
		return MSA_ERR_CERT_UNKNOWN_REF;
	m = kc->n;
	/*@ assert kc_n: 1 <= m <= MSA_MAX_CHAIN; */
	/*@ loop invariant 0 <= i <= m;
	    loop invariant cert_segs_ok(chain, i);
	    loop invariant hs_ids_ok{Pre}(c) ==> hs_ids_ok(c);
	    loop assigns i, chain[0 .. MSA_MAX_CHAIN - 1];
	    loop variant m - i;
	 */
	for (i = 0; i < m; i++)
		chain[i] = kc->chain[i];
	*n = m;
	return MSA_OK;
}

/* Whether the configured name id[0..n) equals s[0..n) (a validated
 * certificate's SAN URI), octet for octet as memcmp compares them. Both
 * are public: an early exit is fine. */
/*@ requires \valid_read(id + (0 .. n - 1)) && \valid_read(s + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> \forall integer k; 0 <= k < n ==> id[k] == (s[k] & 0xFF);
 */
static int
id_eq(const uint8_t *id, const char *s, size_t n)
{
	size_t k;

	/*@ loop invariant 0 <= k <= n;
	    loop invariant \forall integer j; 0 <= j < k ==> id[j] == (s[j] & 0xFF);
	    loop assigns k;
	    loop variant n - k;
	 */
	for (k = 0; k < n; k++)
		if (id[k] != (s[k] & 0xFF))
			return 0;
	return 1;
}


/* Whether the validated identity is one of the configured peer_ids. */
/*@ requires \valid_read(c) && hs_ids_ok(c) && \valid_read(info);
    requires info->identity_len <= MSA_MAX_IDENTITY;
    assigns \nothing;
    ensures \result == MSA_OK || \result == MSA_ERR_CERT_IDENTITY;
    ensures \result == MSA_OK <==> \exists integer i; 0 <= i < c->n_peer_ids
        && c->peer_ids[i].len == info->identity_len
        && \forall integer k; 0 <= k < info->identity_len ==>
             c->peer_ids[i].ptr[k] == (info->identity[k] & 0xFF);
 */
static int
id_listed(const msa_config *c, const msa_cert_info *info)
{
	size_t i;

	/*@ loop invariant 0 <= i <= c->n_peer_ids;
	    loop invariant \forall integer j; 0 <= j < i ==> !(c->peer_ids[j].len == info->identity_len
	      && \forall integer k; 0 <= k < info->identity_len ==>
	           c->peer_ids[j].ptr[k] == (info->identity[k] & 0xFF));
	    loop assigns i;
	    loop variant c->n_peer_ids - i;
	 */
	for (i = 0; i < c->n_peer_ids; i++)
		if (c->peer_ids[i].len == info->identity_len
			&& id_eq(c->peer_ids[i].ptr, info->identity, info->identity_len))
			return MSA_OK;
	return MSA_ERR_CERT_IDENTITY;
}

/* Validates the peer's chain (section 16) with the identity policy:
 * the initiator requires peer_ids[0]; the responder one of peer_ids, or
 * any when it has none (REQ-HS-085, REQ-HS-086). */
/*@ requires \valid_read(a) && \valid_read(a->cfg) && \valid(ws);
    requires 1 <= n <= MSA_MAX_CHAIN && \valid_read(chain + (0 .. n - 1)) && cert_segs_ok(chain, n);
    requires a->cfg->anchors == \null || \valid_read(a->cfg->anchors);
    requires hs_ids_ok(a->cfg);
    requires a->role == MSA_ROLE_INITIATOR ==> a->cfg->n_peer_ids >= 1;
    requires \separated(&ws->peer, a, a->cfg);
    assigns ws->peer;
    ensures \result <= 0;
    ensures pub: \result == MSA_OK ==> ws->peer.pub_len <= MSA_PUBKEY_MAX;
    ensures id: \result == MSA_OK ==> 1 <= ws->peer.identity_len <= MSA_MAX_IDENTITY
      && ws->peer.identity[ws->peer.identity_len] == 0
      && \forall integer k; 0 <= k < ws->peer.identity_len ==>
           0x21 <= ws->peer.identity[k] <= 0x7E;
    ensures ids: \result == MSA_OK && a->role != MSA_ROLE_INITIATOR && a->cfg->n_peer_ids > 1 ==>
      \exists integer i; 0 <= i < a->cfg->n_peer_ids
        && a->cfg->peer_ids[i].len == ws->peer.identity_len
        && \forall integer k; 0 <= k < ws->peer.identity_len ==>
             a->cfg->peer_ids[i].ptr[k] == (ws->peer.identity[k] & 0xFF);
 */
static int
peer_validate(const msa_assoc *a, msa_hs_workspace *ws, const msa_seg *chain,
	size_t n, uint64_t now)
{
	const msa_config *c = a->cfg;
	int r;

	if (a->role == MSA_ROLE_INITIATOR || c->n_peer_ids == 1)
		return msa_cert_validate(c->anchors, chain, n, c->peer_ids[0].ptr,
			c->peer_ids[0].len, now, c->floor, &ws->peer);
	r = msa_cert_validate(c->anchors, chain, n, NULL, 0, now, c->floor, &ws->peer);
	if (r != MSA_OK || c->n_peer_ids == 0)
		return r;
	return id_listed(c, &ws->peer);
}

/* Validates the peer's credential: its chain, or the store entry its
 * reference names (cred_chain), then peer_validate. */
/*@ requires \valid_read(a) && \valid_read(a->cfg) && \valid(ws);
    requires \valid_read(cr) && hs_cred_ok(cr);
    requires a->cfg->store != \null ==> \valid_read(a->cfg->store) && hs_store_ok(a->cfg->store);
    requires a->cfg->anchors == \null || \valid_read(a->cfg->anchors);
    requires hs_ids_ok(a->cfg);
    requires a->role == MSA_ROLE_INITIATOR ==> a->cfg->n_peer_ids >= 1;
    requires \separated(&ws->peer, a, a->cfg, cr);
    assigns ws->peer;
    ensures \result <= 0;
    ensures pub: \result == MSA_OK ==> ws->peer.pub_len <= MSA_PUBKEY_MAX;
    ensures id: \result == MSA_OK ==> 1 <= ws->peer.identity_len <= MSA_MAX_IDENTITY
      && ws->peer.identity[ws->peer.identity_len] == 0
      && \forall integer k; 0 <= k < ws->peer.identity_len ==>
           0x21 <= ws->peer.identity[k] <= 0x7E;
    ensures ids: \result == MSA_OK && a->role != MSA_ROLE_INITIATOR && a->cfg->n_peer_ids > 1 ==>
      \exists integer i; 0 <= i < a->cfg->n_peer_ids
        && a->cfg->peer_ids[i].len == ws->peer.identity_len
        && \forall integer k; 0 <= k < ws->peer.identity_len ==>
             a->cfg->peer_ids[i].ptr[k] == (ws->peer.identity[k] & 0xFF);
 */
static int
check_peer(const msa_assoc *a, msa_hs_workspace *ws, const Credential_t *cr, uint64_t now)
{
	msa_seg chain[MSA_MAX_CHAIN];
	size_t n = 0;
	int r;

	if ((r = cred_chain(a->cfg, cr, chain, &n)) != MSA_OK)
		return r;
	return peer_validate(a, ws, chain, n, now);
}

/* Our credential: the reference, or the chain (pointers into cfg). */
static void
set_cred(const msa_config *c, Credential_t *cr, int by_ref, Certificate_t *certs,
	Certificate_t **ptrs)
{
	size_t i;

	memset(cr, 0, sizeof *cr);
	if (by_ref) {
		cr->present = Credential_PR_reference;
		os_set(&cr->choice.reference, c->own_ref, MSA_CERTREF_LEN);
		return;
	}
	cr->present = Credential_PR_chain;
	for (i = 0; i < c->chain_len; i++) {
		memset(&certs[i], 0, sizeof certs[i]);
		os_set(&certs[i], c->chain[i].ptr, c->chain[i].len);
		ptrs[i] = &certs[i];
	}
	cr->choice.chain.list.array = ptrs;
	cr->choice.chain.list.count = (int)c->chain_len;
	cr->choice.chain.list.size = (int)c->chain_len;
}

/* Signature and MAC over th with label/mac label: sig[0..*sig_len), mac[0..h). */
static int
sign_and_mac(const msa_config *c, const msa_suite *s, const uint8_t *prk,
	const uint8_t *sig_label, const char *mac_label, const uint8_t *th,
	uint8_t *sig, size_t *sig_len, uint8_t *mac)
{
	uint8_t in[64 + MSA_MAX_HASH], mk[MSA_MAX_HASH];
	msa_seg seg;
	size_t n = sig_input(in, sig_label, SIG_LABEL_LEN, th, s->hash_len);
	int r = c->crypto->sig_sign(c->key, in, n, sig, MSA_SIG_MAX, sig_len);

	if (r != MSA_OK)
		return r == MSA_ERR_BAD_KEY ? r : MSA_ERR_INTERNAL;
	r = msa_ks_label(c->crypto, s, prk, mac_label, NULL, 0, mk, s->hash_len);
	seg.ptr = th;
	seg.len = s->hash_len;
	if (r == MSA_OK)
		r = c->crypto->hmac(s->hash, mk, s->hash_len, &seg, 1, mac);
	msa_wipe(mk, sizeof mk);
	return r;
}

/* The provider's sig_verify behind a wrapper with the contract the
 * handshake assumes of any provider (proofs/README.md, H6): it reads only
 * the octets it is given and writes nothing. Not proved itself. */
/*@ requires \valid_read(p);
    requires \valid_read(pub + (0 .. pub_len - 1)) && \valid_read(msg + (0 .. msg_len - 1));
    requires \valid_read(sig + (0 .. sig_len - 1));
    assigns \nothing;
 */
static int
hs_sig_verify(const msa_crypto_provider *p, unsigned alg, const uint8_t *pub, size_t pub_len,
	const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len)
{
	return p->sig_verify(alg, pub, pub_len, msg, msg_len, sig, sig_len);
}

/*@ // A received OCTET STRING as the codec leaves it: size >= 0, buffer
    // readable for size octets.
    predicate hs_os_ok(OCTET_STRING_t *o) =
      \valid_read(o) && o->size >= 0 && \valid_read(o->buf + (0 .. o->size - 1));
 */

/* Verifies the peer's signature and MAC over th: BAD_SIGNATURE, then
 * BAD_MAC (any failure of the MAC's key derivation or check included). */
/*@ requires \valid_read(c) && \valid_read(c->crypto) && ks_suite_ok(s) && \valid_read(ws);
    requires ws->peer.pub_len <= MSA_PUBKEY_MAX;
    requires \valid_read(sig_label + (0 .. SIG_LABEL_LEN - 1));
    requires \valid_read(th + (0 .. s->hash_len - 1));
    requires hs_os_ok(sig) && hs_os_ok(mac);
    assigns \nothing;
    ensures \result == MSA_OK || \result == MSA_ERR_BAD_SIGNATURE || \result == MSA_ERR_BAD_MAC;
 */
static int
verify_sig_mac(const msa_config *c, const msa_suite *s, const msa_hs_workspace *ws,
	const uint8_t *sig_label, const char *mac_label, const uint8_t *th,
	const OCTET_STRING_t *sig, const OCTET_STRING_t *mac)
{
	uint8_t in[64 + MSA_MAX_HASH], mk[MSA_MAX_HASH];
	size_t n = sig_input(in, sig_label, SIG_LABEL_LEN, th, s->hash_len);
	int r;

	if (hs_sig_verify(c->crypto, ws->peer.sig_alg, ws->peer.pub, ws->peer.pub_len,
			in, n, sig->buf, (size_t)sig->size) != MSA_OK
		&& !MSA_MUTATED(MSA_MUTANT_SIGNATURE))
		return MSA_ERR_BAD_SIGNATURE;                    /* REQ-HS-038, 052 */
	r = msa_ks_label(c->crypto, s, ws->prk, mac_label, NULL, 0, mk, s->hash_len);
	if (r == MSA_OK)
		r = msa_mac_verify(c->crypto, s->hash, mk, s->hash_len, th, s->hash_len,
			mac->buf, (size_t)mac->size);          /* REQ-HS-039, 053 */
	msa_wipe_u8(mk, sizeof mk);
#ifdef MSA_FUZZING
	if (r == MSA_ERR_BAD_MAC && msa_fuzz_forge_hs_mac != NULL && msa_fuzz_forge_hs_mac())
		r = MSA_OK;
#endif
	return r == MSA_OK ? MSA_OK : MSA_ERR_BAD_MAC;
}

/* io->peer_id = the validated peer identity, NUL-terminated (what memcpy
 * did, as a byte loop WP can follow). Its length and its printable ASCII
 * octets are check_peer's postcondition `id`: the bound on the copy. */
/*@ requires \valid(io) && \valid_read(peer) && \separated(io, peer);
    requires peer->identity_len <= MSA_MAX_IDENTITY;
    requires \forall integer k; 0 <= k < peer->identity_len ==>
      0x21 <= peer->identity[k] <= 0x7E;
    assigns io->peer_id[0 .. peer->identity_len], io->peer_id_len;
    ensures io->peer_id_len == peer->identity_len;
    ensures io->peer_id[peer->identity_len] == 0;
    ensures \forall integer k; 0 <= k < peer->identity_len ==>
      io->peer_id[k] == peer->identity[k];
 */
static void
peer_id_out(msa_io *io, const msa_cert_info *peer)
{
	size_t k, n = peer->identity_len;

	/*@ loop invariant 0 <= k <= n;
	    loop invariant \forall integer j; 0 <= j < k ==> io->peer_id[j] == peer->identity[j];
	    loop assigns k, io->peer_id[0 .. n - 1];
	    loop variant n - k;
	 */
	for (k = 0; k < n; k++)
		io->peer_id[k] = (uint8_t)peer->identity[k];
	io->peer_id[n] = 0;
	io->peer_id_len = n;
}

/* msa_wipe over the whole workspace (its octets: a cast WP's typed model
 * does not follow; proofs/README.md, H7). Not proved itself. */
/*@ requires \valid(ws);
    assigns *ws;
 */
static void
ws_wipe(msa_hs_workspace *ws)
{
	msa_wipe(ws, sizeof *ws);
}

/* rk, the traffic secrets (ours to send by role) and the traffic keys and
 * ivs from MS (REQ-KS-008..010), into the association's key octets uk laid
 * out as msa_keys_with says (k). A function of its own so that the proof
 * of establish does not carry these calls' frames (was 141 goals at about
 * a second of Qed each). */
/*@ requires \valid_read(p) && ks_suite_ok(s) && \valid_read(k);
    requires k->h == s->hash_len && k->nk == s->key_len && k->ivl == s->iv_len;
    requires 3 * k->h + 2 * k->nk + 2 * k->ivl <= MSA_ASSOC_KEYS;
    requires \valid(uk + (0 .. MSA_ASSOC_KEYS - 1));
    requires k->send_ts == uk && k->recv_ts == uk + k->h && k->rk == uk + 2 * k->h
      && k->send_key == uk + 3 * k->h && k->send_iv == uk + (3 * k->h + k->nk)
      && k->recv_key == uk + (3 * k->h + k->nk + k->ivl)
      && k->recv_iv == uk + (3 * k->h + 2 * k->nk + k->ivl);
    requires \valid_read(ms + (0 .. s->hash_len - 1));
    requires \separated(uk + (0 .. MSA_ASSOC_KEYS - 1), k, p, s, ms + (0 .. s->hash_len - 1));
    assigns uk[0 .. MSA_ASSOC_KEYS - 1];
    ensures \result == MSA_OK || \result < 0;
 */
static int
keys_from_master(const msa_crypto_provider *p, const msa_suite *s, const uint8_t *ms,
	int initiator, uint8_t *uk, const msa_keys *k)
{
	uint8_t i2r[MSA_MAX_HASH], r2i[MSA_MAX_HASH];
	uint8_t *send_ts = k->send_ts, *recv_ts = k->recv_ts, *send_key = k->send_key,
		*send_iv = k->send_iv, *recv_key = k->recv_key, *recv_iv = k->recv_iv;
	size_t h = k->h;
	int r;

	(void)uk;
	r = msa_ks_from_master(p, s, ms, k->rk, i2r, r2i);
	if (r == MSA_OK) {
		msa_bytes_copy(send_ts, initiator ? i2r : r2i, h);
		msa_bytes_copy(recv_ts, initiator ? r2i : i2r, h);
		r = msa_ks_traffic(p, s, send_ts, send_key, send_iv);
	}
	if (r == MSA_OK)
		r = msa_ks_traffic(p, s, recv_ts, recv_key, recv_iv);
	msa_wipe_u8(i2r, sizeof i2r);
	msa_wipe_u8(r2i, sizeof r2i);
	return r;
}

/* From TH4: MS, then rk and the traffic secrets and keys (REQ-KS-007..010);
 * the association becomes ESTABLISHED. ws is wiped. */
/*@ requires \valid(a) && \valid_read(a->cfg) && \valid_read(a->cfg->crypto) && ks_suite_ok(s);
    requires \valid(ws) && \valid(io);
    requires \valid_read(th4 + (0 .. s->hash_len - 1));
    requires ws->peer.identity_len <= MSA_MAX_IDENTITY;
    requires \forall integer k; 0 <= k < ws->peer.identity_len ==>
      0x21 <= ws->peer.identity[k] <= 0x7E;
    requires \separated(a, ws, io, s, a->cfg, a->cfg->crypto);
    requires \separated(th4 + (0 .. s->hash_len - 1), a, ws, io);
    assigns *ws, a->u, a->suite, a->state, a->flags, a->send_gen, a->recv_gen, a->send_seq,
      a->recv_seq, a->rwin, a->pol_records, a->pol_bytes, a->t_mark,
      io->peer_id[0 .. MSA_MAX_IDENTITY], io->peer_id_len, io->events;
    ensures \result == MSA_OK || \result == MSA_ERR_INTERNAL;
    ensures ok: \result == MSA_OK ==> a->state == MSA_ST_ESTABLISHED && a->suite == s->id
      && a->send_seq == 0 && a->recv_seq == 0 && a->send_gen == 0 && a->recv_gen == 0
      && a->rwin == 0 && a->pol_records == 0 && a->pol_bytes == 0 && a->t_mark == now
      && (io->events & MSA_EV_ESTABLISHED) != 0;
    ensures fail: \result != MSA_OK ==> a->state == \old(a->state);
    ensures peer: io->peer_id_len == \old(ws->peer.identity_len);
 */
static int
establish(msa_assoc *a, msa_hs_workspace *ws, const msa_suite *s, const uint8_t *th4,
	uint64_t now, msa_io *io)
{
	const msa_crypto_provider *p = a->cfg->crypto;
	uint8_t ms[MSA_MAX_HASH];
	size_t h = s->hash_len;
	msa_keys k;
	int r;

	r = msa_ks_label(p, s, ws->prk, "master", th4, h, ms, h);
	peer_id_out(io, &ws->peer);
	ws_wipe(ws);
	msa_wipe_u8(a->u.k, sizeof a->u.k);
	a->suite = s->id;
	msa_keys_with(a, s, &k);
	if (r == MSA_OK)
		r = keys_from_master(p, s, ms, a->role == MSA_ROLE_INITIATOR, a->u.k, &k);
	msa_wipe_u8(ms, sizeof ms);
	if (r != MSA_OK)
		return MSA_ERR_INTERNAL;
	a->state = MSA_ST_ESTABLISHED;
	a->flags = a->role == MSA_ROLE_INITIATOR ? MSA_FL_UNCONFIRMED : 0;
	a->send_gen = a->recv_gen = 0;
	a->send_seq = a->recv_seq = 0;
	a->rwin = 0;
	a->pol_records = 0;
	a->pol_bytes = 0;
	a->t_mark = now;
	io->events |= MSA_EV_ESTABLISHED;
	return MSA_OK;
}

/* The store entry whose end entity carries the AE name id (REQ-HS-006). */
static const msa_known_cert *
store_by_name(const msa_cert_store *st, const uint8_t *id, size_t id_len)
{
	msa_x509 x;
	size_t i;

	if (st == NULL)
		return NULL;
	for (i = 0; i < st->n; i++)
		if (msa_x509_parse(st->k[i].chain[0].ptr, st->k[i].chain[0].len, &x) == MSA_OK
			&& x.san_uris == 1 && x.uri_len == id_len && memcmp(x.uri, id, id_len) == 0)
			return &st->k[i];
	return NULL;
}

/* ------------------------------------------------------------ initiator */

/* msa_engine_suite (keysched.c, outside the proof set) behind a wrapper
 * with the contract the handshake relies on (proofs/README.md, H4): a
 * registry row or NULL. Not proved itself. */
/*@ axiomatic HsEngineSuite {
      // What msa_engine_suite returns for an id (a row of the constant
      // registry, or NULL): the handlers' preconditions say that this row
      // is not inside the association, its workspace or the io.
      logic msa_suite *hs_esuite(integer id) reads \nothing;
    }
 */
/*@ assigns \nothing;
    ensures \result == hs_esuite(id);
    ensures \result == \null || (\valid_read(\result) && ks_suite_ok(\result));
 */
static const msa_suite *
suite_of(unsigned id)
{
	return msa_engine_suite(id);
}

/* HandshakeResp's suite and key share group against what msg1 offered:
 * the suite must be one offered (REQ-HS-032, which also bounds the
 * untrusted INTEGER before its conversion) and implemented, the share's
 * group the suite's (REQ-HS-033); *gp is the index of our ephemeral key
 * of that group. The checks of msa_hs_on_resp, in its order. */
/*@ requires \valid_read(ws) && \valid_read(b) && \valid(sp) && \valid(gp);
    requires ws->n_offered <= MSA_MAX_SUITES && ws->n_groups <= 2;
    requires \separated(sp, gp);
    assigns *sp, *gp;
    ensures \result == MSA_OK || \result == MSA_ERR_ILLEGAL_PARAMETER
      || \result == MSA_ERR_INTERNAL;
    ensures offered: \result == MSA_OK ==> \exists integer i; 0 <= i < ws->n_offered
      && ws->offered[i] == b->suite;
    ensures notoffered: (\forall integer i; 0 <= i < ws->n_offered ==> ws->offered[i] != b->suite)
      ==> \result == MSA_ERR_ILLEGAL_PARAMETER;
    ensures row: \result == MSA_OK ==> *sp == hs_esuite(b->suite) && ks_suite_ok(*sp);
    ensures suite: \result == MSA_OK ==> \valid_read(*sp) && b->keyShare.group == (*sp)->group
      && *gp < ws->n_groups && ws->groups[*gp] == (*sp)->group;
 */
static int
resp_suite(const msa_hs_workspace *ws, const RespBody_t *b, const msa_suite **sp, size_t *gp)
{
	const msa_suite *s;
	size_t i, g;

	/*@ loop invariant 0 <= i <= ws->n_offered;
	    loop invariant \forall integer j; 0 <= j < i ==> ws->offered[j] != b->suite;
	    loop assigns i;
	    loop variant ws->n_offered - i;
	 */
	for (i = 0; i < ws->n_offered && ws->offered[i] != b->suite; i++)
		;
	if (i == ws->n_offered || (s = suite_of((unsigned)b->suite)) == NULL)
		return MSA_ERR_ILLEGAL_PARAMETER;                  /* REQ-HS-032 */
	if (b->keyShare.group != s->group)
		return MSA_ERR_ILLEGAL_PARAMETER;                  /* REQ-HS-033 */
	/*@ loop invariant 0 <= g <= ws->n_groups;
	    loop assigns g;
	    loop variant ws->n_groups - g;
	 */
	for (g = 0; g < ws->n_groups && ws->groups[g] != s->group; g++)
		;
	if (g == ws->n_groups)
		return MSA_ERR_INTERNAL;
	*sp = s;
	*gp = g;
	return MSA_OK;
}

int
msa_hs_start(msa_assoc *a, uint64_t now, msa_io *io)
{
	const msa_config *c = a->cfg;
	const msa_crypto_provider *p = c->crypto;
	msa_hs_workspace *ws = a->u.hs;
	const msa_known_cert *kc;
	MsaPdu_t pdu;
	HandshakeInit_t *hi = &pdu.choice.handshakeInit;
	SuiteId_t sv[MSA_MAX_SUITES], *sp[MSA_MAX_SUITES];
	KeyShare_t ks[2], *kp[2];
	uint8_t share[2][MSA_KEX_SHARE_MAX], nonce[MSA_NONCE_LEN];
	AeName_t rname;
	CertRef_t pref, oref;
	size_t i, j, slen[2], at;
	int r;

	if (c->key == NULL || c->chain_len == 0 || c->n_peer_ids == 0 || c->anchors == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	memset(ws, 0, sizeof *ws);
	for (i = 0; i < c->n_suites; i++) {
		const msa_suite *s = msa_engine_suite(c->suites[i]);
		for (j = 0; s != NULL && j < ws->n_offered; j++)
			if (ws->offered[j] == s->id)
				s = NULL;                          /* no duplicate (REQ-HS-002) */
		if (s == NULL)
			continue;
		ws->offered[ws->n_offered++] = s->id;              /* REQ-HS-002 */
		for (j = 0; j < ws->n_groups && ws->groups[j] != s->group; j++)
			;
		if (j == ws->n_groups)
			ws->groups[ws->n_groups++] = s->group;     /* REQ-HS-003 */
	}
	if (ws->n_offered == 0)
		return MSA_ERR_UNSUPPORTED;
	memset(&pdu, 0, sizeof pdu);
	pdu.present = MsaPdu_PR_handshakeInit;
	hi->version = 1;                                           /* REQ-HS-001 */
	os_set(&hi->initiatorAid, a->own_aid, MSA_AID_LEN);
	for (i = 0; i < ws->n_offered; i++) {
		sv[i] = ws->offered[i];
		sp[i] = &sv[i];
	}
	hi->suites.list.array = sp;
	hi->suites.list.count = hi->suites.list.size = ws->n_offered;
	memset(ks, 0, sizeof ks);
	for (i = 0; i < ws->n_groups; i++) {
		r = p->kex_keygen(c->rng, ws->groups[i], &ws->eph[i], share[i],
			sizeof share[i], &slen[i]);
		if (r != MSA_OK)
			goto fail;
		ks[i].group = ws->groups[i];
		os_set(&ks[i].keyExchange, share[i], slen[i]);
		kp[i] = &ks[i];
	}
	hi->keyShares.list.array = kp;
	hi->keyShares.list.count = hi->keyShares.list.size = ws->n_groups;
	if ((r = p->random(c->rng, nonce, sizeof nonce)) != MSA_OK)  /* REQ-HS-004 */
		goto fail;
	os_set(&hi->nonce, nonce, sizeof nonce);
	memset(&rname, 0, sizeof rname);                           /* REQ-HS-005 */
	os_set(&rname, c->peer_ids[0].ptr, c->peer_ids[0].len);
	hi->responderName = &rname;
	if (c->use_refs && (kc = store_by_name(c->store, c->peer_ids[0].ptr,
			c->peer_ids[0].len)) != NULL) {                  /* REQ-HS-006 */
		memcpy(ws->peer_ref, kc->ref, MSA_CERTREF_LEN);
		ws->sent_peer_ref = 1;
		memset(&pref, 0, sizeof pref);
		os_set(&pref, ws->peer_ref, MSA_CERTREF_LEN);
		hi->peerCertRef = &pref;
	}
	if (c->use_refs) {                                         /* REQ-HS-007 */
		ws->sent_own_ref = 1;
		memset(&oref, 0, sizeof oref);
		os_set(&oref, c->own_ref, MSA_CERTREF_LEN);
		hi->ownCertRef = &oref;
	}
	if ((r = out_pdu(io, &pdu, &at)) != MSA_OK)
		goto fail;
	/* The suite, hence H, is chosen by the responder: hash msg1 with both
	 * (REQ-HS-071). */
	p->hash_init(&ws->th[0], MSA_HASH_SHA256);
	p->hash_update(&ws->th[0], io->out + at, io->out_len - at);
	if (MSA_CFG_HASH_MAX >= 48u) {
		p->hash_init(&ws->th[1], MSA_HASH_SHA384);
		p->hash_update(&ws->th[1], io->out + at, io->out_len - at);
	}
	ws->started = now;
	a->t_mark = now;
	a->state = MSA_ST_WAIT_RESP;
	return MSA_OK;
fail:
	msa_wipe(ws, sizeof *ws);
	io->out_len = 0;
	io->n_pdus = 0;
	io->events &= ~MSA_EV_SENT;
	return r;
}

/* The provider's kex_shared behind a wrapper with the contract the
 * handshake assumes of any provider (proofs/README.md, H6): it reads our
 * key and the peer's share peer[0..peer_len) and writes only z[0..z_cap).
 * Not proved itself. */
/*@ requires \valid_read(p) && \valid_read(key) && \valid_read(peer + (0 .. peer_len - 1));
    requires \valid(z + (0 .. z_cap - 1));
    assigns z[0 .. z_cap - 1];
 */
static int
hs_kex_shared(const msa_crypto_provider *p, const msa_kex_key *key, const uint8_t *peer,
	size_t peer_len, uint8_t *z, size_t z_cap)
{
	return p->kex_shared(key, peer, peer_len, z, z_cap);
}

/*@ // A received HandshakeResp as the codec leaves it (its SIZE
    // constraints: AID 4 octets, CertRef 32).
    predicate hs_resp_ok(HandshakeResp_t *hr) =
      \valid_read(hr) && hs_os_ok(&hr->body.responderAid) && hr->body.responderAid.size == MSA_AID_LEN
      && hs_os_ok(&hr->body.keyShare.keyExchange) && hs_cred_ok(&hr->body.credential)
      && hs_os_ok(&hr->signature) && hs_os_ok(&hr->mac);

    // The configuration as the handlers need it (what the msa_config_*
    // setters leave: msa_config_add_peer, msa_config_set_suites, ...).
    predicate hs_cfg_ok(msa_assoc *a) =
      \valid_read(a->cfg) && \valid_read(a->cfg->crypto)
      && (a->cfg->store != \null ==> \valid_read(a->cfg->store) && hs_store_ok(a->cfg->store))
      && (a->cfg->anchors == \null || \valid_read(a->cfg->anchors))
      && hs_ids_ok(a->cfg)
      && (a->role == MSA_ROLE_INITIATOR ==> a->cfg->n_peer_ids >= 1);
 */

/* HandshakeResp's checks after the key agreement (REQ-HS-035..039), in the
 * spec's order; the first failure is returned. On OK: th[0..h) = TH2,
 * ws->peer the peer's validated key. (Was the second half of resp_check:
 * the same checks in the same order; a function of its own so that WP's
 * simplifier sees each half's paths apart: 27 s of Qed on one goal.) */
/*@ requires \valid(a) && \valid(ws);
    requires hs_cfg_ok(a);
    requires hs_resp_ok(hr);
    requires ks_suite_ok(s);
    requires 0 < len && \valid_read(raw + (0 .. len - 1));
    requires \valid(th + (0 .. MSA_MAX_HASH - 1));
    requires \separated(ws, a, a->cfg, a->cfg->crypto, hr, th + (0 .. MSA_MAX_HASH - 1));
    requires \separated(s, ws, a, th + (0 .. MSA_MAX_HASH - 1));
    requires \separated(ws, raw + (0 .. len - 1));
    requires \separated(th + (0 .. MSA_MAX_HASH - 1), raw + (0 .. len - 1));
    requires \separated(ws, hr->signature.buf + (0 .. hr->signature.size - 1));
    requires \separated(ws, hr->mac.buf + (0 .. hr->mac.size - 1));
    requires hr->body.credential.present == Credential_PR_reference ==>
      \separated(ws, hr->body.credential.choice.reference.buf + (0 .. MSA_CERTREF_LEN - 1));
    assigns *ws, th[0 .. MSA_MAX_HASH - 1];
    ensures \result <= 0;
    ensures \result == MSA_OK ==> ws->peer.identity_len <= MSA_MAX_IDENTITY
      && \forall integer k; 0 <= k < ws->peer.identity_len ==> 0x21 <= ws->peer.identity[k] <= 0x7E;
 */
static int
resp_auth(const msa_assoc *a, msa_hs_workspace *ws, const HandshakeResp_t *hr, const uint8_t *raw,
	size_t len, uint64_t now, const msa_suite *s, uint8_t *th)
{
	const msa_config *c = a->cfg;
	const msa_crypto_provider *p = c->crypto;
	const RespBody_t *b = &hr->body;
	int r;

	if (b->credential.present == Credential_PR_reference
		&& (!ws->sent_peer_ref || !msa_bytes_eq(b->credential.choice.reference.buf, ws->peer_ref,
			MSA_CERTREF_LEN)))
		return MSA_ERR_ILLEGAL_PARAMETER;                  /* REQ-HS-035 */
	if (b->ownRefKnown && !ws->sent_own_ref)
		return MSA_ERR_ILLEGAL_PARAMETER;                  /* REQ-HS-036 */
	if ((r = check_peer(a, ws, &b->credential, now)) != MSA_OK)
		return r;                                          /* REQ-HS-037 */
	/*@ assert a1: ks_suite_ok(s); */
	/*@ assert a2: hs_os_ok(&hr->signature) && hs_os_ok(&hr->mac); */
	if ((r = th_with_raw_body(p, &ws->th[hidx(s)], raw, len, th)) != MSA_OK)
		return r;                                          /* TH2 */
	/*@ assert a3: ks_suite_ok(s); */
	/*@ assert a4: hs_os_ok(&hr->signature) && hs_os_ok(&hr->mac); */
	if ((r = verify_sig_mac(c, s, ws, SIG_R, "r mac", th, &hr->signature, &hr->mac)) != MSA_OK)
		return r;                                          /* REQ-HS-038, 039 */
	return MSA_OK;
}

/* HandshakeResp's checks and key agreement (REQ-HS-030..039), in the
 * spec's order; the first failure is returned. On OK: *sp the suite,
 * th[0..h) = TH2, ws->prk the PRK, ws->peer the peer's validated key. Our
 * ephemeral keys are wiped once the suite is known (REQ-CRY-009). */
/*@ requires \valid(a) && hs_cfg_ok(a) && \valid(ws) && hs_resp_ok(hr);
    requires ws->n_offered <= MSA_MAX_SUITES && ws->n_groups <= 2;
    requires 0 < len && \valid_read(raw + (0 .. len - 1));
    requires \valid(peer_known) && \valid(sp) && \valid(th + (0 .. MSA_MAX_HASH - 1));
    requires \separated(ws, a, a->cfg, a->cfg->crypto, hr, peer_known, sp, th + (0 .. MSA_MAX_HASH - 1));
    requires \separated(a, hr, peer_known, sp, th + (0 .. MSA_MAX_HASH - 1));
    requires \separated(ws, raw + (0 .. len - 1), hr->body.responderAid.buf + (0 .. MSA_AID_LEN - 1));
    requires \separated(th + (0 .. MSA_MAX_HASH - 1), raw + (0 .. len - 1));
    requires \separated(ws, hr->signature.buf + (0 .. hr->signature.size - 1));
    requires \separated(ws, hr->mac.buf + (0 .. hr->mac.size - 1));
    requires \separated(a->peer_aid + (0 .. MSA_AID_LEN - 1),
      hr->body.responderAid.buf + (0 .. MSA_AID_LEN - 1));
    requires hr->body.credential.present == Credential_PR_reference ==>
      \separated(ws, hr->body.credential.choice.reference.buf + (0 .. MSA_CERTREF_LEN - 1));
    requires \forall integer id; hs_esuite(id) != \null ==>
      \separated(hs_esuite(id), ws, a, sp, peer_known, th + (0 .. MSA_MAX_HASH - 1));
    requires hr->body.credential.present == Credential_PR_chain
      && 1 <= hr->body.credential.choice.chain.list.count <= MSA_MAX_CHAIN ==>
      \forall integer i; 0 <= i < hr->body.credential.choice.chain.list.count ==>
        \separated(peer_known, hr->body.credential.choice.chain.list.array[i]);
    assigns a->peer_aid[0 .. MSA_AID_LEN - 1], *peer_known, *ws, *sp, th[0 .. MSA_MAX_HASH - 1];
    ensures \result <= 0;
    ensures \result == MSA_OK ==> *sp == hs_esuite(hr->body.suite) && ks_suite_ok(*sp);
    ensures \result == MSA_OK ==> ws->peer.identity_len <= MSA_MAX_IDENTITY
      && \forall integer k; 0 <= k < ws->peer.identity_len ==> 0x21 <= ws->peer.identity[k] <= 0x7E;
 */
static int
resp_check(msa_assoc *a, msa_hs_workspace *ws, const HandshakeResp_t *hr, const uint8_t *raw,
	size_t len, uint64_t now, int *peer_known, const msa_suite **sp, uint8_t *th)
{
	const msa_config *c = a->cfg;
	const msa_crypto_provider *p = c->crypto;
	const RespBody_t *b = &hr->body;
	const msa_suite *s = NULL;
	uint8_t z[MSA_KEX_Z_LEN];
	size_t g = 0;
	int r;

	msa_bytes_copy(a->peer_aid, b->responderAid.buf, MSA_AID_LEN);
	*peer_known = !aid_zero(a->peer_aid);
	if (b->version != 1)
		return MSA_ERR_PROTOCOL_VERSION;                   /* REQ-HS-030 */
	if (!*peer_known)
		return MSA_ERR_ILLEGAL_PARAMETER;                  /* REQ-HS-031 */
	if ((r = resp_suite(ws, b, &s, &g)) != MSA_OK)
		return r;                                          /* REQ-HS-032, 033 */
	/* the assertions on s restate, step by step, what the writes below
	 * leave of the suite row (the provers' frames) */
	/*@ assert row: \separated(s, ws, a, sp, peer_known); */
	r = hs_kex_shared(p, &ws->eph[g], b->keyShare.keyExchange.buf,
		(size_t)b->keyShare.keyExchange.size, z, sizeof z);
	msa_kex_key_wipe(&ws->eph[0]);                             /* REQ-CRY-009 */
	msa_kex_key_wipe(&ws->eph[1]);
	/*@ assert k1: ks_suite_ok(s); */
	if (r != MSA_OK) {
		msa_wipe_u8(z, sizeof z);
		return MSA_ERR_BAD_KEY_SHARE;                      /* REQ-HS-034 */
	}
	r = msa_ks_extract(p, s, NULL, z, sizeof z, ws->prk);     /* REQ-KS-004 */
	msa_wipe_u8(z, sizeof z);
	/*@ assert k2: ks_suite_ok(s); */
	if (r != MSA_OK)
		return MSA_ERR_INTERNAL;
	if ((r = resp_auth(a, ws, hr, raw, len, now, s, th)) != MSA_OK)
		return r;                                          /* REQ-HS-035..039 */
	*sp = s;
	return MSA_OK;
}

/* msg3 (REQ-HS-041..043): the HandshakeFinish appended to io->out, the
 * transcript through msg2 and msg3, TH4 into th. Built from our
 * configuration and what resp_check accepted, by the generated encoder;
 * not proved (proofs/README.md, H8). */
/*@ requires \valid_read(a) && \valid(ws) && ks_suite_ok(s) && \valid(io);
    requires \valid_read(raw + (0 .. len - 1)) && \valid(th + (0 .. MSA_MAX_HASH - 1));
    assigns io->out_len, io->n_pdus, io->events, ws->th[0 .. 1], th[0 .. MSA_MAX_HASH - 1];
    ensures \result <= 0;
 */
static int
finish_send(const msa_assoc *a, msa_hs_workspace *ws, const msa_suite *s, int ref_known,
	const uint8_t *raw, size_t len, msa_io *io, uint8_t *th)
{
	const msa_config *c = a->cfg;
	const msa_crypto_provider *p = c->crypto;
	uint8_t sig[MSA_SIG_MAX], mac[MSA_MAX_HASH];
	MsaPdu_t out;
	HandshakeFinish_t *hf = &out.choice.handshakeFinish;
	Certificate_t certs[MSA_MAX_CHAIN], *cp[MSA_MAX_CHAIN];
	size_t sig_len, at;
	int r;

	p->hash_update(&ws->th[hidx(s)], raw, len);
	memset(&out, 0, sizeof out);
	out.present = MsaPdu_PR_handshakeFinish;
	os_set(&hf->body.responderAid, a->peer_aid, MSA_AID_LEN);
	set_cred(c, &hf->body.credential, ref_known, certs, cp);
	if ((r = th_with_body(p, &ws->th[hidx(s)], &asn_DEF_FinishBody, &hf->body, io, th)) != MSA_OK)
		return r;                                          /* TH3 */
	if ((r = sign_and_mac(c, s, ws->prk, SIG_I, "i mac", th, sig, &sig_len, mac)) != MSA_OK)
		return r;
	os_set(&hf->signature, sig, sig_len);
	os_set(&hf->mac, mac, s->hash_len);
	if ((r = out_pdu(io, &out, &at)) != MSA_OK)
		return r;
	p->hash_update(&ws->th[hidx(s)], io->out + at, io->out_len - at);
	p->hash_out(&ws->th[hidx(s)], th);                         /* TH4 */
	return MSA_OK;
}

/* HandshakeResp (initiator in WAIT_RESP): its checks, then msg3, then
 * ESTABLISHED. *peer_known: whether msg2 named the responder's AID (the
 * engine aborts toward it only then). */
/*@ requires \valid(a) && hs_cfg_ok(a) && \valid(io) && \valid(a->u.hs);
    requires a->u.hs->n_offered <= MSA_MAX_SUITES && a->u.hs->n_groups <= 2;
    requires \valid_read(pdu) && hs_resp_ok(&pdu->choice.handshakeResp);
    requires 0 < len && \valid_read(raw + (0 .. len - 1));
    requires \valid(peer_known);
    requires \separated(a->u.hs, a, io, a->cfg, a->cfg->crypto, pdu, peer_known);
    requires \separated(a, io, pdu, peer_known);
    requires \separated(io, peer_known);
    requires \separated(a->u.hs, raw + (0 .. len - 1),
      pdu->choice.handshakeResp.body.responderAid.buf + (0 .. MSA_AID_LEN - 1));
    requires \separated(a->u.hs, pdu->choice.handshakeResp.signature.buf
      + (0 .. pdu->choice.handshakeResp.signature.size - 1));
    requires \separated(a->u.hs, pdu->choice.handshakeResp.mac.buf
      + (0 .. pdu->choice.handshakeResp.mac.size - 1));
    requires \separated(a->peer_aid + (0 .. MSA_AID_LEN - 1),
      pdu->choice.handshakeResp.body.responderAid.buf + (0 .. MSA_AID_LEN - 1));
    requires pdu->choice.handshakeResp.body.credential.present == Credential_PR_reference ==>
      \separated(a->u.hs, pdu->choice.handshakeResp.body.credential.choice.reference.buf
        + (0 .. MSA_CERTREF_LEN - 1));
    requires \forall integer id; hs_esuite(id) != \null ==>
      \separated(hs_esuite(id), a, a->u.hs, io, peer_known, a->cfg, a->cfg->crypto);
    requires pdu->choice.handshakeResp.body.credential.present == Credential_PR_chain
      && 1 <= pdu->choice.handshakeResp.body.credential.choice.chain.list.count <= MSA_MAX_CHAIN ==>
      \forall integer i; 0 <= i < pdu->choice.handshakeResp.body.credential.choice.chain.list.count ==>
        \separated(peer_known, pdu->choice.handshakeResp.body.credential.choice.chain.list.array[i]);
    assigns *a->u.hs, a->peer_aid[0 .. MSA_AID_LEN - 1], *peer_known,
      a->u, a->suite, a->state, a->flags, a->send_gen, a->recv_gen, a->send_seq,
      a->recv_seq, a->rwin, a->pol_records, a->pol_bytes, a->t_mark,
      io->out_len, io->n_pdus, io->peer_id[0 .. MSA_MAX_IDENTITY], io->peer_id_len, io->events;
    ensures \result <= 0;
    ensures ok: \result == MSA_OK ==> a->state == MSA_ST_ESTABLISHED && a->send_seq == 0
      && a->recv_seq == 0 && a->send_gen == 0 && a->recv_gen == 0;
    ensures fail: \result != MSA_OK ==> a->state == \old(a->state);
 */
int
msa_hs_on_resp(msa_assoc *a, const MsaPdu_t *pdu, const uint8_t *raw, size_t len,
	uint64_t now, msa_io *io, int *peer_known)
{
	msa_hs_workspace *ws = a->u.hs;
	const HandshakeResp_t *hr = &pdu->choice.handshakeResp;
	const msa_suite *s = NULL;
	uint8_t th[MSA_MAX_HASH];
	int r;

	if ((r = resp_check(a, ws, hr, raw, len, now, peer_known, &s, th)) != MSA_OK)
		return r;
	/*@ assert st1: a->state == \at(a->state, Pre); */
	if ((r = finish_send(a, ws, s, hr->body.ownRefKnown != 0, raw, len, io, th)) != MSA_OK)
		return r;
	/*@ assert st2: a->state == \at(a->state, Pre); */
	return establish(a, ws, s, th, now, io);                   /* REQ-HS-044 */
}

/* ------------------------------------------------------------ responder */

/*@ axiomatic HsRegistry {
      // The registry row of a suite id, or NULL: what msa_suite_find
      // returns (a constant table, the same row for the same id).
      logic msa_suite *hs_row(integer id) reads \nothing;
    }
 */

/* msa_suite_find (suite.c, outside the proof set) behind a wrapper with
 * the contract the handshake relies on (proofs/README.md, H4): the same
 * row or NULL for the same id. Not proved itself. */
/*@ assigns \nothing;
    ensures \result == hs_row(id);
    ensures \result == \null || \valid_read(\result);
 */
static const msa_suite *
suite_row(uint16_t id)
{
	return msa_suite_find(id);
}

/*@ predicate hs_init_lists_ok(HandshakeInit_t *hi) =
      0 <= hi->suites.list.count && 0 <= hi->keyShares.list.count
      && \valid_read(hi->suites.list.array + (0 .. hi->suites.list.count - 1))
      && (\forall integer i; 0 <= i < hi->suites.list.count ==>
            \valid_read(hi->suites.list.array[i]))
      && \valid_read(hi->keyShares.list.array + (0 .. hi->keyShares.list.count - 1))
      && (\forall integer i; 0 <= i < hi->keyShares.list.count ==>
            \valid_read(hi->keyShares.list.array[i]));
*/

/* HandshakeInit's two lists (untrusted counts and entries): no suite twice
 * (REQ-HS-012), no group twice (REQ-HS-013), and when every suite is
 * registered, every share's group is the group of an offered suite
 * (REQ-HS-014). The checks of msa_hs_on_init, unchanged, in its order. */
/*@ requires \valid_read(hi) && hs_init_lists_ok(hi);
    assigns \nothing;
    ensures \result == MSA_OK || \result == MSA_ERR_ILLEGAL_PARAMETER;
    ensures dup_suite: (\exists integer i, j; 0 <= j < i < hi->suites.list.count
        && *hi->suites.list.array[j] == *hi->suites.list.array[i])
      ==> \result == MSA_ERR_ILLEGAL_PARAMETER;
    ensures ok: \result == MSA_OK ==>
      (\forall integer i, j; 0 <= j < i < hi->suites.list.count
        ==> *hi->suites.list.array[j] != *hi->suites.list.array[i])
      && (\forall integer i, j; 0 <= j < i < hi->keyShares.list.count
        ==> hi->keyShares.list.array[j]->group != hi->keyShares.list.array[i]->group);
 */
static int
init_lists(const HandshakeInit_t *hi)
{
	size_t i, j;
	int all_registered = 1;

	/*@ loop invariant 0 <= i <= hi->suites.list.count;
	    loop invariant \forall integer i1, j1; 0 <= j1 < i1 < i
	      ==> *hi->suites.list.array[j1] != *hi->suites.list.array[i1];
	    loop invariant all_registered != 0 ==> \forall integer i1; 0 <= i1 < i ==>
	      0 <= *hi->suites.list.array[i1] <= 0xFFFF
	      && hs_row(*hi->suites.list.array[i1]) != \null;
	    loop assigns i, j, all_registered;
	    loop variant hi->suites.list.count - i;
	 */
	for (i = 0; i < (size_t)hi->suites.list.count; i++) {
		long id = *hi->suites.list.array[i];
		/*@ loop invariant 0 <= j <= i;
		    loop invariant \forall integer j1; 0 <= j1 < j ==> *hi->suites.list.array[j1] != id;
		    loop assigns j;
		    loop variant i - j;
		 */
		for (j = 0; j < i; j++)
			if (*hi->suites.list.array[j] == id)
				return MSA_ERR_ILLEGAL_PARAMETER;  /* REQ-HS-012 */
		if (id < 0 || id > 0xFFFF || suite_row((uint16_t)id) == NULL)
			all_registered = 0;
	}
	/*@ loop invariant 0 <= i <= hi->keyShares.list.count;
	    loop invariant \forall integer i1, j1; 0 <= j1 < i1 < i
	      ==> hi->keyShares.list.array[j1]->group != hi->keyShares.list.array[i1]->group;
	    loop assigns i, j;
	    loop variant hi->keyShares.list.count - i;
	 */
	for (i = 0; i < (size_t)hi->keyShares.list.count; i++)
		/*@ loop invariant 0 <= j <= i;
		    loop invariant \forall integer j1; 0 <= j1 < j
		      ==> hi->keyShares.list.array[j1]->group != hi->keyShares.list.array[i]->group;
		    loop assigns j;
		    loop variant i - j;
		 */
		for (j = 0; j < i; j++)
			if (hi->keyShares.list.array[j]->group == hi->keyShares.list.array[i]->group)
				return MSA_ERR_ILLEGAL_PARAMETER;  /* REQ-HS-013 */
	if (all_registered)                                        /* REQ-HS-014 */
		/*@ loop invariant 0 <= i <= hi->keyShares.list.count;
		    loop assigns i, j;
		    loop variant hi->keyShares.list.count - i;
		 */
		for (i = 0; i < (size_t)hi->keyShares.list.count; i++) {
			long grp = hi->keyShares.list.array[i]->group;
			/*@ loop invariant 0 <= j <= hi->suites.list.count;
			    loop assigns j;
			    loop variant hi->suites.list.count - j;
			 */
			for (j = 0; j < (size_t)hi->suites.list.count; j++)
				if (suite_row((uint16_t)*hi->suites.list.array[j])->group == grp)
					break;
			if (j == (size_t)hi->suites.list.count)
				return MSA_ERR_ILLEGAL_PARAMETER;
		}
	return MSA_OK;
}

/* The suite (REQ-HS-016): the first of the initiator's list, in its
 * order, that is implemented, allowed by our configuration, and has a
 * key share of its group in msg1, with that share; none is
 * NO_COMMON_SUITE (REQ-HS-017). The loop of msa_hs_on_init, unchanged. */
/*@ requires \valid_read(c) && c->n_suites <= MSA_MAX_SUITES;
    requires \valid_read(hi) && hs_init_lists_ok(hi);
    requires \valid(sp) && \valid(shp) && \separated(sp, shp);
    requires \separated(sp, shp, c, hi, hi->keyShares.list.array + (0 .. hi->keyShares.list.count - 1));
    assigns *sp, *shp;
    ensures \result == MSA_OK || \result == MSA_ERR_NO_COMMON_SUITE;
    ensures row: \result == MSA_OK ==> ks_suite_ok(*sp) && \exists integer id; *sp == hs_esuite(id);
    ensures \result == MSA_OK ==> \valid_read(*sp) && \valid_read(*shp)
      && (*shp)->group == (*sp)->group
      && (\exists integer k; 0 <= k < hi->keyShares.list.count
           && *shp == hi->keyShares.list.array[k])
      && (\exists integer j; 0 <= j < c->n_suites && c->suites[j] == (*sp)->id);
 */
static int
init_choose(const msa_config *c, const HandshakeInit_t *hi, const msa_suite **sp,
	const KeyShare_t **shp)
{
	const msa_suite *s = NULL;
	const KeyShare_t *share = NULL;
	size_t i, j, k;

	/*@ loop invariant 0 <= i <= hi->suites.list.count;
	    loop invariant s != \null ==> \valid_read(s) && \valid_read(share);
	    loop invariant s != \null ==> ks_suite_ok(s) && \exists integer id; s == hs_esuite(id);
	    loop invariant s != \null ==> share->group == s->group;
	    loop invariant s != \null ==> \exists integer k1; 0 <= k1 < hi->keyShares.list.count
	      && share == hi->keyShares.list.array[k1];
	    loop invariant s != \null ==> \exists integer j1; 0 <= j1 < c->n_suites
	      && c->suites[j1] == s->id;
	    loop assigns i, j, k, s, share;
	    loop variant hi->suites.list.count - i;
	 */
	for (i = 0; i < (size_t)hi->suites.list.count && s == NULL; i++) {  /* REQ-HS-016 */
		long id = *hi->suites.list.array[i];
		const msa_suite *cand = id < 0 || id > 0xFFFF ? NULL : suite_of((unsigned)id);
		if (cand == NULL)
			continue;
		/*@ loop invariant 0 <= j <= c->n_suites;
		    loop assigns j;
		    loop variant c->n_suites - j;
		 */
		for (j = 0; j < c->n_suites && c->suites[j] != cand->id; j++)
			;
		if (j == c->n_suites)
			continue;
		/*@ assert allowed: j < c->n_suites && c->suites[j] == cand->id; */
		/*@ loop invariant 0 <= k <= hi->keyShares.list.count;
		    loop invariant s == \null;
		    loop assigns k, s, share;
		    loop variant hi->keyShares.list.count - k;
		 */
		for (k = 0; k < (size_t)hi->keyShares.list.count; k++)
			if (hi->keyShares.list.array[k]->group == cand->group) {
				s = cand;
				share = hi->keyShares.list.array[k];
				break;
			}
	}
	if (s == NULL)
		return MSA_ERR_NO_COMMON_SUITE;                    /* REQ-HS-017 */
	*sp = s;
	*shp = share;
	return MSA_OK;
}

/* The provider's kex_keygen and random behind wrappers with the contracts
 * the handshake assumes of any provider (proofs/README.md, H6): each
 * writes only the DRBG state and its outputs. Not proved themselves. */
/*@ requires \valid_read(p) && \valid(rng) && \valid(key) && \valid(pub + (0 .. pub_cap - 1))
      && \valid(pub_len);
    assigns *rng, *key, pub[0 .. pub_cap - 1], *pub_len;
    ensures \result == MSA_OK || \result < 0;
    ensures \result == MSA_OK ==> *pub_len <= pub_cap;
 */
static int
hs_kex_keygen(const msa_crypto_provider *p, msa_drbg *rng, unsigned group, msa_kex_key *key,
	uint8_t *pub, size_t pub_cap, size_t *pub_len)
{
	return p->kex_keygen(rng, group, key, pub, pub_cap, pub_len);
}

/*@ requires \valid_read(p) && \valid(rng) && \valid(out + (0 .. len - 1));
    assigns *rng, out[0 .. len - 1];
    ensures \result == MSA_OK || \result < 0;
 */
static int
hs_random(const msa_crypto_provider *p, msa_drbg *rng, uint8_t *out, size_t len)
{
	return p->random(rng, out, len);
}

/*@ // A received HandshakeInit as the codec leaves it (init_lists' lists,
    // the SIZE constraints: AID 4, Nonce 32, CertRef 32 octets).
    predicate hs_init_ok(HandshakeInit_t *hi) =
      \valid_read(hi) && hs_init_lists_ok(hi)
      && hs_os_ok(&hi->initiatorAid) && hi->initiatorAid.size == MSA_AID_LEN
      && hs_os_ok(&hi->nonce) && hi->nonce.size == MSA_NONCE_LEN
      && (hi->responderName != \null ==> hs_os_ok(hi->responderName))
      && (hi->peerCertRef != \null ==> hs_os_ok(hi->peerCertRef)
           && hi->peerCertRef->size == MSA_CERTREF_LEN)
      && (hi->ownCertRef != \null ==> hs_os_ok(hi->ownCertRef)
           && hi->ownCertRef->size == MSA_CERTREF_LEN)
      && \forall integer k; 0 <= k < hi->keyShares.list.count ==>
           hs_os_ok(&hi->keyShares.list.array[k]->keyExchange);

    // What init_check writes before its last read of the received PDU
    // (the workspace, the DRBG, *peer_known) is apart from what it reads.
    predicate hs_init_apart(HandshakeInit_t *hi, msa_hs_workspace *ws, msa_drbg *rng,
        int *peer_known) =
      \separated(ws, rng, hi)
      && (hi->responderName != \null ==> \separated(peer_known, hi->responderName))
      && (\forall integer k; 0 <= k < hi->keyShares.list.count ==>
           \separated(peer_known, hi->keyShares.list.array[k]))
      && \separated(ws, hi->nonce.buf + (0 .. MSA_NONCE_LEN - 1))
      && (hi->ownCertRef != \null ==>
           \separated(ws, hi->ownCertRef->buf + (0 .. MSA_CERTREF_LEN - 1)));
 */

/* After init_choose: our half of the key agreement with msg1's share
 * sh_buf[0..sh_len) (REQ-HS-018, REQ-KS-004, REQ-CRY-009), our nonce, and
 * what the rest of the handshake needs of msg1: its nonce n_buf, its
 * ownCertRef own_buf (or NULL; REQ-HS-022), whether its peerCertRef
 * pref_buf (or NULL) names our certificate (*by_ref, REQ-HS-021). On OK
 * myshare[0..*share_len) is our share and ws->prk the PRK; our ephemeral
 * key is wiped once used, Z before returning. A function of its own so
 * that the provers see the suite row's frame without init_check's facts. */
/*@ requires \valid_read(c) && \valid_read(c->crypto) && \valid(c->rng);
    requires c->store != \null ==> \valid_read(c->store);
    requires ks_suite_ok(s) && \valid(ws);
    requires \valid_read(sh_buf + (0 .. sh_len - 1));
    requires \valid_read(n_buf + (0 .. MSA_NONCE_LEN - 1));
    requires own_buf == \null || \valid_read(own_buf + (0 .. MSA_CERTREF_LEN - 1));
    requires pref_buf == \null || \valid_read(pref_buf + (0 .. MSA_CERTREF_LEN - 1));
    requires \valid(myshare + (0 .. MSA_KEX_SHARE_MAX - 1)) && \valid(share_len)
      && \valid(nonce + (0 .. MSA_NONCE_LEN - 1)) && \valid(by_ref);
    requires \separated(s, ws, c->rng, share_len, by_ref, myshare + (0 .. MSA_KEX_SHARE_MAX - 1),
      nonce + (0 .. MSA_NONCE_LEN - 1));
    requires \separated(c->rng, c, c->crypto);
    requires \separated(ws, n_buf + (0 .. MSA_NONCE_LEN - 1));
    requires own_buf != \null ==> \separated(ws, own_buf + (0 .. MSA_CERTREF_LEN - 1));
    assigns *c->rng, ws->eph[0], ws->prk[0 .. MSA_MAX_HASH - 1], ws->msg1_nonce[0 .. MSA_NONCE_LEN - 1],
      ws->msg1_has_own_ref, ws->msg1_own_ref[0 .. MSA_CERTREF_LEN - 1], ws->own_ref_known,
      myshare[0 .. MSA_KEX_SHARE_MAX - 1], *share_len, nonce[0 .. MSA_NONCE_LEN - 1], *by_ref;
    ensures \result <= 0;
    ensures \result == MSA_OK ==> *share_len <= MSA_KEX_SHARE_MAX && ks_suite_ok(s);
 */
static int
init_keys(const msa_config *c, const msa_suite *s, msa_hs_workspace *ws, const uint8_t *sh_buf,
	size_t sh_len, const uint8_t *n_buf, const uint8_t *own_buf, const uint8_t *pref_buf,
	uint8_t *myshare, size_t *share_len, uint8_t *nonce, int *by_ref)
{
	const msa_crypto_provider *p = c->crypto;
	const msa_known_cert *kc;
	uint8_t z[MSA_KEX_Z_LEN];
	int r = hs_kex_keygen(p, c->rng, s->group, &ws->eph[0], myshare, MSA_KEX_SHARE_MAX, share_len);

	if (r != MSA_OK)
		return r;
	r = hs_kex_shared(p, &ws->eph[0], sh_buf, sh_len, z, sizeof z);
	msa_kex_key_wipe(&ws->eph[0]);                             /* REQ-CRY-009 */
	if (r != MSA_OK) {
		msa_wipe_u8(z, sizeof z);
		return MSA_ERR_BAD_KEY_SHARE;                      /* REQ-HS-018 */
	}
	r = msa_ks_extract(p, s, NULL, z, sizeof z, ws->prk);     /* REQ-KS-004 */
	msa_wipe_u8(z, sizeof z);
	if (r != MSA_OK || (r = hs_random(p, c->rng, nonce, MSA_NONCE_LEN)) != MSA_OK)
		return r == MSA_ERR_RNG ? r : MSA_ERR_INTERNAL;
	msa_bytes_copy(ws->msg1_nonce, n_buf, MSA_NONCE_LEN);
	if (own_buf != NULL) {
		ws->msg1_has_own_ref = 1;
		msa_bytes_copy(ws->msg1_own_ref, own_buf, MSA_CERTREF_LEN);
		ws->own_ref_known = c->store != NULL
			&& msa_cert_store_find(c->store, ws->msg1_own_ref, &kc) == MSA_OK; /* REQ-HS-022 */
	}
	*by_ref = pref_buf != NULL && msa_bytes_eq(pref_buf, c->own_ref, MSA_CERTREF_LEN); /* REQ-HS-021 */
	return MSA_OK;
}

/* HandshakeInit's checks and our half of the key agreement (REQ-HS-010..
 * 018, 022), in the spec's order; the first failure is returned. ws is
 * cleared first. On OK: *sp the suite, myshare[0..*share_len) our key
 * share, nonce our nonce, ws->prk the PRK, ws->msg1_nonce and the
 * ownCertRef facts recorded, *by_ref whether msg1's peerCertRef names our
 * certificate (REQ-HS-021). */
/*@ requires \valid(a) && hs_cfg_ok(a) && \valid(a->cfg->rng) && a->cfg->n_suites <= MSA_MAX_SUITES;
    requires a->cfg->own_id_len <= MSA_MAX_IDENTITY;
    requires \valid(ws) && hs_init_ok(hi) && hs_init_apart(hi, ws, a->cfg->rng, peer_known);
    requires \separated(a->cfg, hi, hi->keyShares.list.array + (0 .. hi->keyShares.list.count - 1));
    requires \valid(peer_known) && \valid(sp) && \valid(share_len) && \valid(by_ref);
    requires \valid(myshare + (0 .. MSA_KEX_SHARE_MAX - 1)) && \valid(nonce + (0 .. MSA_NONCE_LEN - 1));
    requires \separated(ws, a, a->cfg, a->cfg->crypto, a->cfg->rng, peer_known, sp, share_len, by_ref,
      myshare + (0 .. MSA_KEX_SHARE_MAX - 1), nonce + (0 .. MSA_NONCE_LEN - 1));
    requires \separated(a, a->cfg->rng, hi, peer_known, sp, share_len, by_ref,
      myshare + (0 .. MSA_KEX_SHARE_MAX - 1), nonce + (0 .. MSA_NONCE_LEN - 1));
    requires \separated(a->cfg->rng, a->cfg, a->cfg->crypto);
    requires \separated(a->peer_aid + (0 .. MSA_AID_LEN - 1), hi->initiatorAid.buf + (0 .. MSA_AID_LEN - 1));
    requires \forall integer id; hs_esuite(id) != \null ==>
      \separated(hs_esuite(id), ws, a, a->cfg->rng, sp, share_len, by_ref, peer_known,
        myshare + (0 .. MSA_KEX_SHARE_MAX - 1), nonce + (0 .. MSA_NONCE_LEN - 1));
    assigns *ws, a->peer_aid[0 .. MSA_AID_LEN - 1], *peer_known, *a->cfg->rng, *sp, *share_len,
      *by_ref, myshare[0 .. MSA_KEX_SHARE_MAX - 1], nonce[0 .. MSA_NONCE_LEN - 1];
    ensures \result <= 0;
    ensures \result == MSA_OK ==> ks_suite_ok(*sp) && (\exists integer id; *sp == hs_esuite(id))
      && *share_len <= MSA_KEX_SHARE_MAX;
 */
static int
init_check(msa_assoc *a, msa_hs_workspace *ws, const HandshakeInit_t *hi, int *peer_known,
	const msa_suite **sp, uint8_t *myshare, size_t *share_len, uint8_t *nonce, int *by_ref)
{
	const msa_config *c = a->cfg;
	const msa_suite *s = NULL;
	const KeyShare_t *share = NULL;
	const uint8_t *sh_buf, *n_buf, *own_buf, *pref_buf;
	size_t sh_len;
	int r;

	ws_wipe(ws);
	msa_bytes_copy(a->peer_aid, hi->initiatorAid.buf, MSA_AID_LEN);
	*peer_known = !aid_zero(a->peer_aid);
	if (hi->version != 1)
		return MSA_ERR_PROTOCOL_VERSION;                   /* REQ-HS-010 */
	if (!*peer_known)
		return MSA_ERR_ILLEGAL_PARAMETER;                  /* REQ-HS-011 */
	if ((r = init_lists(hi)) != MSA_OK)
		return r;                                          /* REQ-HS-012..014 */
	if (hi->responderName != NULL && ((size_t)hi->responderName->size != c->own_id_len
		|| !msa_bytes_eq(hi->responderName->buf, c->own_id, c->own_id_len)))
		return MSA_ERR_CERT_IDENTITY;                      /* REQ-HS-015 */
	if ((r = init_choose(c, hi, &s, &share)) != MSA_OK)
		return r;                                          /* REQ-HS-016, 017 */
	/* what is read of msg1 below, in locals before anything is written */
	sh_buf = share->keyExchange.buf;
	sh_len = (size_t)share->keyExchange.size;
	n_buf = hi->nonce.buf;
	own_buf = hi->ownCertRef != NULL ? hi->ownCertRef->buf : NULL;
	pref_buf = hi->peerCertRef != NULL ? hi->peerCertRef->buf : NULL;
	/*@ assert row: \separated(s, ws, a, c->rng, sp, share_len, by_ref, peer_known,
	      myshare + (0 .. MSA_KEX_SHARE_MAX - 1), nonce + (0 .. MSA_NONCE_LEN - 1)); */
	if ((r = init_keys(c, s, ws, sh_buf, sh_len, n_buf, own_buf, pref_buf, myshare, share_len,
			nonce, by_ref)) != MSA_OK)
		return r;                                          /* REQ-HS-018, 021, 022 */
	*sp = s;
	return MSA_OK;
}

/* msg2 (REQ-HS-020..023): the HandshakeResp appended to io->out, the
 * transcript through msg1 (raw[0..len)) and msg2. Built from our
 * configuration and what init_check accepted and produced, by the
 * generated encoder; not proved (proofs/README.md, H8). */
/*@ requires \valid_read(a) && \valid(ws) && ks_suite_ok(s) && \valid(io);
    requires \valid_read(raw + (0 .. len - 1));
    requires \valid_read(myshare + (0 .. share_len - 1)) && \valid_read(nonce + (0 .. MSA_NONCE_LEN - 1));
    assigns io->out_len, io->n_pdus, io->events, ws->th[0 .. 1];
    ensures \result <= 0;
 */
static int
resp_send(const msa_assoc *a, msa_hs_workspace *ws, const msa_suite *s, const uint8_t *raw,
	size_t len, const uint8_t *myshare, size_t share_len, const uint8_t *nonce, int by_ref,
	msa_io *io)
{
	const msa_config *c = a->cfg;
	const msa_crypto_provider *p = c->crypto;
	MsaPdu_t out;
	HandshakeResp_t *hr = &out.choice.handshakeResp;
	Certificate_t certs[MSA_MAX_CHAIN], *cp[MSA_MAX_CHAIN];
	uint8_t th[MSA_MAX_HASH], sig[MSA_SIG_MAX], mac[MSA_MAX_HASH];
	size_t sig_len, at;
	int r;

	memset(&out, 0, sizeof out);
	out.present = MsaPdu_PR_handshakeResp;
	hr->body.version = 1;
	os_set(&hr->body.initiatorAid, a->peer_aid, MSA_AID_LEN);
	os_set(&hr->body.responderAid, a->own_aid, MSA_AID_LEN);
	hr->body.suite = s->id;
	hr->body.keyShare.group = s->group;
	os_set(&hr->body.keyShare.keyExchange, myshare, share_len);
	os_set(&hr->body.nonce, nonce, MSA_NONCE_LEN);
	set_cred(c, &hr->body.credential, by_ref, certs, cp);      /* REQ-HS-021 */
	hr->body.ownRefKnown = ws->own_ref_known ? 0xFF : 0;
	p->hash_init(&ws->th[hidx(s)], s->hash);
	p->hash_update(&ws->th[hidx(s)], raw, len);
	if ((r = th_with_body(p, &ws->th[hidx(s)], &asn_DEF_RespBody, &hr->body, io, th)) != MSA_OK)
		return r;                                          /* TH2 */
	if ((r = sign_and_mac(c, s, ws->prk, SIG_R, "r mac", th, sig, &sig_len, mac)) != MSA_OK)
		return r;
	os_set(&hr->signature, sig, sig_len);
	os_set(&hr->mac, mac, s->hash_len);
	if ((r = out_pdu(io, &out, &at)) != MSA_OK)
		return r;
	p->hash_update(&ws->th[hidx(s)], io->out + at, io->out_len - at);
	return MSA_OK;
}

/* HandshakeInit (responder in IDLE): its checks, then msg2, then
 * WAIT_FINISH. *peer_known: whether msg1 named the initiator's AID (the
 * engine answers with a reject or abort only then). */
/*@ requires \valid(a) && hs_cfg_ok(a) && \valid(a->cfg->rng) && a->cfg->n_suites <= MSA_MAX_SUITES;
    requires a->cfg->own_id_len <= MSA_MAX_IDENTITY;
    requires \valid(a->u.hs) && \valid(io) && \valid(peer_known);
    requires \separated(a->cfg, &pdu->choice.handshakeInit,
      pdu->choice.handshakeInit.keyShares.list.array
        + (0 .. pdu->choice.handshakeInit.keyShares.list.count - 1));
    requires \valid_read(pdu) && hs_init_ok(&pdu->choice.handshakeInit);
    requires hs_init_apart(&pdu->choice.handshakeInit, a->u.hs, a->cfg->rng, peer_known);
    requires \valid_read(raw + (0 .. len - 1));
    requires \separated(a->u.hs, a, a->cfg, a->cfg->crypto, a->cfg->rng, peer_known, io);
    requires \separated(a, a->cfg->rng, &pdu->choice.handshakeInit, peer_known, io);
    requires \separated(a->cfg->rng, a->cfg, a->cfg->crypto);
    requires \separated(a->peer_aid + (0 .. MSA_AID_LEN - 1),
      pdu->choice.handshakeInit.initiatorAid.buf + (0 .. MSA_AID_LEN - 1));
    requires \forall integer id; hs_esuite(id) != \null ==>
      \separated(hs_esuite(id), a->u.hs, a, a->cfg->rng, peer_known, io);
    assigns *a->u.hs, a->peer_aid[0 .. MSA_AID_LEN - 1], *peer_known, *a->cfg->rng,
      a->suite, a->t_mark, a->state, io->out_len, io->n_pdus, io->events;
    ensures \result <= 0;
    ensures ok: \result == MSA_OK ==> a->state == MSA_ST_WAIT_FINISH && a->t_mark == now;
    ensures fail: \result != MSA_OK ==> a->state == \old(a->state);
 */
int
msa_hs_on_init(msa_assoc *a, const MsaPdu_t *pdu, const uint8_t *raw, size_t len,
	uint64_t now, msa_io *io, int *peer_known)
{
	msa_hs_workspace *ws = a->u.hs;
	const msa_suite *s = NULL;
	uint8_t myshare[MSA_KEX_SHARE_MAX], nonce[MSA_NONCE_LEN];
	size_t share_len = 0;
	int by_ref = 0, r;

	if ((r = init_check(a, ws, &pdu->choice.handshakeInit, peer_known, &s, myshare,
			&share_len, nonce, &by_ref)) != MSA_OK)
		return r;
	if ((r = resp_send(a, ws, s, raw, len, myshare, share_len, nonce, by_ref, io)) != MSA_OK)
		return r;
	a->suite = s->id;
	ws->started = now;
	a->t_mark = now;
	a->state = MSA_ST_WAIT_FINISH;
	return MSA_OK;
}

/* HandshakeFinish (responder in WAIT_FINISH). The engine calls it with the
 * PDU the gate accepted and the codec decoded (pdu), raw[0..len) its
 * octets; on an error the engine ends the association (state table). */
/*@ requires \valid(a) && \valid_read(a->cfg) && \valid_read(a->cfg->crypto) && \valid(io);
    requires a->cfg->store != \null ==> \valid_read(a->cfg->store) && hs_store_ok(a->cfg->store);
    requires a->cfg->anchors == \null || \valid_read(a->cfg->anchors);
    requires hs_ids_ok(a->cfg);
    requires a->role == MSA_ROLE_INITIATOR ==> a->cfg->n_peer_ids >= 1;
    requires \valid(a->u.hs);
    requires \valid_read(pdu);
    requires hs_cred_ok(&pdu->choice.handshakeFinish.body.credential);
    requires hs_os_ok(&pdu->choice.handshakeFinish.signature)
      && hs_os_ok(&pdu->choice.handshakeFinish.mac);
    requires 0 < len && \valid_read(raw + (0 .. len - 1));
    requires \separated(a, io, a->cfg, a->cfg->crypto, pdu);
    requires \separated(a->u.hs, hs_esuite(a->suite), a, io, a->cfg, a->cfg->crypto, pdu);
    requires \separated(a->u.hs, raw + (0 .. len - 1));
    requires \separated(a->u.hs, pdu->choice.handshakeFinish.signature.buf
      + (0 .. pdu->choice.handshakeFinish.signature.size - 1));
    requires \separated(a->u.hs, pdu->choice.handshakeFinish.mac.buf
      + (0 .. pdu->choice.handshakeFinish.mac.size - 1));
    requires pdu->choice.handshakeFinish.body.credential.present == Credential_PR_reference ==>
      \separated(a->u.hs, pdu->choice.handshakeFinish.body.credential.choice.reference.buf
        + (0 .. MSA_CERTREF_LEN - 1));
    assigns *a->u.hs, a->u, a->suite, a->state, a->flags, a->send_gen, a->recv_gen, a->send_seq,
      a->recv_seq, a->rwin, a->pol_records, a->pol_bytes, a->t_mark,
      io->peer_id[0 .. MSA_MAX_IDENTITY], io->peer_id_len, io->events;
    ensures \result <= 0;
    ensures ok: \result == MSA_OK ==> a->state == MSA_ST_ESTABLISHED && a->send_seq == 0
      && a->recv_seq == 0 && a->send_gen == 0 && a->recv_gen == 0;
    ensures fail: \result != MSA_OK ==> a->state == \old(a->state);
 */
int
msa_hs_on_finish(msa_assoc *a, const MsaPdu_t *pdu, const uint8_t *raw, size_t len,
	uint64_t now, msa_io *io)
{
	const msa_config *c = a->cfg;
	const msa_crypto_provider *p = c->crypto;
	msa_hs_workspace *ws = a->u.hs;
	const HandshakeFinish_t *hf = &pdu->choice.handshakeFinish;
	const msa_suite *s = suite_of(a->suite);
	uint8_t th[MSA_MAX_HASH];
	int r;

	if (s == NULL)
		return MSA_ERR_INTERNAL;
	if (hf->body.credential.present == Credential_PR_reference
		&& (!ws->own_ref_known || !msa_bytes_eq(hf->body.credential.choice.reference.buf,
			ws->msg1_own_ref, MSA_CERTREF_LEN)))
		return MSA_ERR_ILLEGAL_PARAMETER;                  /* REQ-HS-050 */
	if ((r = check_peer(a, ws, &hf->body.credential, now)) != MSA_OK)
		return r;                                          /* REQ-HS-051 */
	if ((r = th_with_raw_body(p, &ws->th[hidx(s)], raw, len, th)) != MSA_OK)
		return r;                                          /* TH3 */
	if ((r = verify_sig_mac(c, s, ws, SIG_I, "i mac", th, &hf->signature, &hf->mac)) != MSA_OK)
		return r;                                          /* REQ-HS-052, 053 */
	hs_update(p, &ws->th[hidx(s)], raw, len);
	hs_out(p, &ws->th[hidx(s)], th);                           /* TH4 */
	return establish(a, ws, s, th, now, io);                   /* REQ-HS-054 */
}
