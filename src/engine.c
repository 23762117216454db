/*
 * engine.c -- the association state machine (spec 7.3) and the record
 * layer (spec 12, 13, 14): one function per input, rows of the state
 * table cited as REQ-STM-NNN beside the code that implements them.
 */
#include <string.h>

#include "engine.h"
#include "internal.h"
#include "ct.h"
#include "der.h"
#include "MsaPdu.h"
#include "KeyUpdate.h"
#include "RekeyRequest.h"
#include "RekeyResponse.h"
#include "ReleaseRequest.h"
#include "ReleaseResponse.h"
#include "Abort.h"

enum { T_APP = 0, T_KEYUPDATE, T_REKEY_REQ, T_REKEY_RESP, T_REL_REQ, T_REL_RESP, T_ABORT };

#define GEN_MAX 65535u

/* Frama-C (proofs/eva_stm.c): set when the record being received passed
 * its tag (ICV) check in this call; delivery asserts it. */
/*@ ghost int msa_g_tag_ok; */

/* ------------------------------------------------------------ basics */

void
msa_keys_with(msa_assoc *a, const msa_suite *s, msa_keys *k)
{
	uint8_t *b = a->u.k;

	k->s = s;
	k->h = s->hash_len;
	k->nk = s->key_len;
	k->ivl = s->iv_len;
	k->send_ts = b;
	k->recv_ts = b + k->h;
	k->rk = b + 2u * k->h;
	k->send_key = b + 3u * k->h;
	k->send_iv = k->send_key + k->nk;
	k->recv_key = k->send_iv + k->ivl;
	k->recv_iv = k->recv_key + k->nk;
	k->pend = k->recv_iv + k->ivl;
}

void
msa_keys_of(msa_assoc *a, msa_keys *k)
{
	msa_keys_with(a, msa_engine_suite(a->suite), k);
}

/* Clears flag f (no downcast of ~f for the analysers to admit). */
/*@ requires \valid(a) && f <= 0xFF;
    assigns a->flags;
    ensures a->flags == (\old(a->flags) & (0xFF ^ f));
 */
static void
clear_flag(msa_assoc *a, unsigned f)
{
	a->flags = (uint8_t)(a->flags & (0xFFu ^ f));
}

/* Seconds from t0 to now; 0 when either is unknown or now < t0 (a clock
 * that went back). Proved by WP; Eva (proofs/eva_stm.c) uses this
 * contract, the subtraction's guard being a relation between two values. */
/*@ assigns \result \from t0, now;
    ensures t0 == MSA_TIME_UNKNOWN || now == MSA_TIME_UNKNOWN || now < t0 ==> \result == 0;
    ensures t0 != MSA_TIME_UNKNOWN && now != MSA_TIME_UNKNOWN && now >= t0 ==> \result == now - t0;
 */
static uint64_t
elapsed(uint64_t t0, uint64_t now)
{
	if (t0 == MSA_TIME_UNKNOWN || now == MSA_TIME_UNKNOWN || now < t0)
		return 0;
	return now - t0;
}

/* ------------------------------------------------------------ key cache */

/* Wipes every byte of the cache (owner included). */
static void
kc_wipe(msa_key_cache *c)
{
	if (c != NULL)
		msa_wipe(c, sizeof *c);
}

/* (Re-)expands direction d of a's cache for key (k->nk bytes): the cache
 * is first taken over (wiped) when it holds another association's keys;
 * the slot's old content is wiped before the new key goes in. */
static void *
kc_fill(msa_assoc *a, const msa_keys *k, unsigned d, const uint8_t *key)
{
	const msa_crypto_provider *p = a->cfg->crypto;
	msa_key_cache *c = a->kc;
	int r;

	if (c->owner != (const void *)a) {
		kc_wipe(c);
		c->owner = a;
	}
	msa_wipe(&c->d[d], sizeof c->d[d]);
	c->d[d].prot = (uint16_t)k->s->protection;
	if (p->aead_expand == NULL || p->aead_seal_x == NULL || p->aead_open_x == NULL
		|| k->nk > sizeof c->d[d].key) {
		c->d[d].state = 2;
		return NULL;
	}
	r = p->aead_expand(k->s->protection, key, k->nk, c->d[d].ctx, sizeof c->d[d].ctx);
	if (r != MSA_OK) {
		msa_wipe(c->d[d].ctx, sizeof c->d[d].ctx);
		c->d[d].state = 2;                 /* not expandable: per call */
		return NULL;
	}
	memcpy(c->d[d].key, key, k->nk);
	c->d[d].state = 1;
	return c->d[d].ctx;
}

/* The expanded context for direction d (0 send, 1 receive) and key, from
 * a's cache; NULL to protect without one (no cache, or none possible).
 * Used only when the cache is a's and was made from this very key. */
static void *
kc_ctx(msa_assoc *a, const msa_keys *k, unsigned d, const uint8_t *key)
{
	msa_key_cache *c = a->kc;

	if (c == NULL)
		return NULL;
	if (c->owner == (const void *)a && c->d[d].prot == k->s->protection) {
		if (c->d[d].state == 2)
			return NULL;
		if (c->d[d].state == 1) {
			/* only the verdict is public: whether the cache applies */
			int eq = msa_ct_eq(c->d[d].key, key, k->nk);

			MSA_CT_PUBLIC(&eq, sizeof eq);
			if (eq)
				return c->d[d].ctx;
		}
	}
	return kc_fill(a, k, d, key);
}

/* A key change of direction d: the cache follows at once, so the old
 * generation's expanded key does not outlive its raw key. */
static void
kc_rekeyed(msa_assoc *a, const msa_keys *k, unsigned d, const uint8_t *key)
{
	if (a->kc != NULL && k->s->aead)
		(void)kc_fill(a, k, d, key);
}

int
msa_assoc_set_key_cache(msa_assoc *a, msa_key_cache *c)
{
	if (a == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	if (c != NULL && (a->state == MSA_ST_CLOSED || a->state == MSA_ST_ABORTED))
		return MSA_ERR_CLOSED;
	kc_wipe(a->kc);
	kc_wipe(c);
	a->kc = c;
	return MSA_OK;
}

static int
keyed(const msa_assoc *a)
{
	return a->state == MSA_ST_ESTABLISHED || a->state == MSA_ST_RELEASE_SENT
		|| a->state == MSA_ST_RELEASE_RECEIVED;
}

static int
in_handshake(const msa_assoc *a)
{
	return a->state == MSA_ST_IDLE || a->state == MSA_ST_WAIT_RESP
		|| a->state == MSA_ST_WAIT_FINISH;
}

void
msa_assoc_end(msa_assoc *a, int st, msa_io *io)
{
	msa_hs_workspace *ws = in_handshake(a) ? a->u.hs : NULL;

	if (ws != NULL)
		msa_wipe(ws, sizeof *ws);                  /* REQ-CRY-009 */
	msa_wipe(&a->u, sizeof a->u);                      /* REQ-CRY-010 */
	kc_wipe(a->kc);                                    /* its expanded keys too */
	/* (proofs/eva_stm.c, cache_main) every octet of an attached key cache
	 * is 0; (proofs/eva_stm.c) every octet of the keys and of the workspace
	 * is 0. One \subset over the octets, which Eva evaluates at once (a
	 * ghost loop of one assertion an octet cost Eva 41% of the run). */
	/*@ ghost
	  if (a->kc != 0) {
	    /@ assert cache_wiped: \subset(((uint8_t *)a->kc)[0 .. sizeof(msa_key_cache) - 1], {0}); @/
	  }
	*/
	a->kc = NULL;
	/*@ assert keys_wiped: \subset(a->u.k[0 .. MSA_ASSOC_KEYS - 1], {0}); */
	/*@ ghost
	  if (ws != 0) {
	    /@ assert workspace_wiped: \subset(((uint8_t *)ws)[0 .. sizeof(msa_hs_workspace) - 1], {0}); @/
	  }
	*/
	a->state = (uint8_t)st;
	a->flags = 0;
	io->events |= st == MSA_ST_CLOSED ? MSA_EV_CLOSED : MSA_EV_ABORTED;
}

static int
io_begin(msa_io *io)
{
	if (io == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	io->out_len = io->data_len = 0;
	io->events = 0;
	io->err = MSA_OK;
	io->peer_diag = 0;
	io->peer_detail[0] = 0;
	io->reason = 0;
	io->peer_id_len = 0;
	io->n_pdus = 0;
	io->data_at = NULL;
	if (io->out == NULL || io->data == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	/* Any call may need this much room; checked before anything changes
	 * (REQ-IMPL-004, REQ-ERR-006). */
	if (io->out_cap < MSA_OUT_CAP || io->data_cap < MSA_MAX_DATA)
		return MSA_ERR_BUFFER_TOO_SMALL;
	return MSA_OK;
}

static int
done(msa_io *io, int err)
{
	io->err = err;
	return err;
}

/* DROP: nothing changes; the error is returned and counted by the caller. */
static int
drop(msa_io *io, int err)
{
	io->events |= MSA_EV_DROPPED;
	return done(io, err);
}

int
msa_out_reject(msa_io *io, const uint8_t dest[MSA_AID_LEN], int diag, const char *detail)
{
	int n = msa_reject_encode(io->out + io->out_len, io->out_cap - io->out_len,
		dest, diag, detail);

	if (n < 0)
		return n;
	io->out_len += (size_t)n;
	io->n_pdus++;
	io->events |= MSA_EV_SENT;
	return MSA_OK;
}

/* ------------------------------------------------------------ sending records */

/* Appends one record of `type` with plaintext body[0..blen) under the
 * current send keys (REQ-DT-002..007), seq + 1; k = msa_keys_of(a) (the
 * caller's, so that a record costs one suite lookup). The header TLV is
 * written once, in place: at offset 4 (the outer TL of a record of 256
 * bytes or more), moved down when the outer TL is shorter. */
static int
rec_emit(msa_assoc *a, const msa_keys *k, unsigned type, const uint8_t *body, size_t blen,
	msa_io *io)
{
	const msa_crypto_provider *p = a->cfg->crypto;
	uint8_t nonce[MSA_AEAD_NONCE_LEN], *o, *aad, *bp, *icv;
	size_t hl, inner, total, off, tl = k->s->tag_len;
	int r;

	if (io->out_cap - io->out_len < 4u + MSA_REC_HDR_MAX)
		return MSA_ERR_BUFFER_TOO_SMALL;
	o = io->out + io->out_len;
	hl = msa_rec_header(o + 4, a->peer_aid, type, a->send_gen, a->send_seq);
	inner = hl + msa_rec_tl_len(blen) + blen + msa_rec_tl_len(tl) + tl;
	total = msa_rec_tl_len(inner) + inner;
	if (io->out_cap - io->out_len < total)
		return MSA_ERR_BUFFER_TOO_SMALL;
	/* (proofs/eva_stm.c) every record's seq is below the usage limit, so
	 * the seq + 1 below never wraps (REQ-KR-019, DT-003) */
	/*@ assert send_seq_room: a->send_seq < k->s->usage_limit; */
	off = msa_rec_tl_len(inner);
	if (off != 4u)
		memmove(o + off, o + 4, hl);
	(void)msa_rec_tl(o, 0xA4u, inner);
	aad = o + off;
	off += hl;
	off += msa_rec_tl(o + off, 0x81u, blen);
	bp = o + off;
	if (blen > 0)
		memmove(bp, body, blen);
	off += blen;
	off += msa_rec_tl(o + off, 0x82u, tl);
	icv = o + off;
	if (k->s->aead) {
		void *x = kc_ctx(a, k, 0, k->send_key);
		msa_rec_nonce(k->send_iv, a->send_seq, nonce);     /* REQ-DT-005 */
		r = x != NULL ? p->aead_seal_x(k->s->protection, x, nonce, aad, hl, bp, blen, icv)
			: p->aead_seal(k->s->protection, k->send_key, k->nk, nonce, aad, hl, bp,
				blen, icv);
	} else {
		r = p->icv_compute(k->send_key, k->nk, aad, hl, bp, blen, icv); /* REQ-DT-007 */
	}
	if (r != MSA_OK)
		return MSA_ERR_INTERNAL;
	a->send_seq++;                                             /* REQ-DT-003 */
	io->out_len += total;
	io->n_pdus++;
	io->events |= MSA_EV_SENT;
	return MSA_OK;
}

int
msa_rec_emit(msa_assoc *a, unsigned type, const uint8_t *body, size_t blen, msa_io *io)
{
	msa_keys k;

	msa_keys_of(a, &k);
	return rec_emit(a, &k, type, body, blen, io);
}

/* Encodes a control message (KeyUpdate, ...) and sends it as a record. */
static int
emit_ctl(msa_assoc *a, unsigned type, const struct asn_TYPE_descriptor_s *td,
	const void *v, msa_io *io)
{
	uint8_t buf[160];
	int n = msa_value_encode(td, v, buf, sizeof buf);

	if (n < 0)
		return MSA_ERR_INTERNAL;
	return msa_rec_emit(a, type, buf, (size_t)n, io);
}

/* Switches the send direction to the secret ts (HashLen octets):
 * generation + 1, seq 0, policy counters restart (REQ-KR-002, 017). */
static int
switch_send(msa_assoc *a, const uint8_t *ts, uint64_t now, msa_io *io)
{
	msa_keys k;

	msa_keys_of(a, &k);
	memcpy(k.send_ts, ts, k.h);
	if (msa_ks_traffic(a->cfg->crypto, k.s, k.send_ts, k.send_key, k.send_iv) != MSA_OK)
		return MSA_ERR_INTERNAL;
	kc_rekeyed(a, &k, 0, k.send_key);
	/*@ assert send_gen_room: a->send_gen < GEN_MAX; */
	a->send_gen++;
	a->send_seq = 0;
	a->pol_records = 0;
	a->pol_bytes = 0;
	a->t_mark = now;
	io->events |= MSA_EV_SEND_RENEWED;
	return MSA_OK;
}

/* Ratchet of the send direction (REQ-KR-004). */
static int
ratchet_send(msa_assoc *a, uint64_t now, msa_io *io)
{
	msa_keys k;
	uint8_t ts[MSA_MAX_HASH];
	int r;

	msa_keys_of(a, &k);
	r = msa_ks_label(a->cfg->crypto, k.s, k.send_ts, "update", NULL, 0, ts, k.h);
	if (r == MSA_OK)
		r = switch_send(a, ts, now, io);
	msa_wipe(ts, sizeof ts);
	return r == MSA_OK ? MSA_OK : MSA_ERR_INTERNAL;
}

/* Sends KeyUpdate(req) and switches the send direction. */
static int
send_keyupdate(msa_assoc *a, int req, uint64_t now, msa_io *io)
{
	KeyUpdate_t ku;
	int r;

	memset(&ku, 0, sizeof ku);
	ku.updateRequested = req ? 0xFF : 0;
	if ((r = emit_ctl(a, T_KEYUPDATE, &asn_DEF_KeyUpdate, &ku, io)) != MSA_OK)
		return r;
	return ratchet_send(a, now, io);
}

static uint32_t
usage_limit(const msa_assoc *a)
{
	return msa_engine_suite(a->suite)->usage_limit;
}

/* REQ-KR-018: before a record of a type other than keyUpdate,
 * rekeyResponse, releaseResponse, abort whose seq would be L-1, a KeyUpdate takes L-1.
 * Returns MSA_OK, MSA_ERR_USAGE_LIMIT (refused: own_rekey set; nothing
 * changed) or 1 when the generations are exhausted (the caller FAILs). */
static int
usage_guard_l(msa_assoc *a, uint32_t L, uint64_t now, msa_io *io)
{
	if (a->send_seq + 1u < L)
		return MSA_OK;
	if (a->flags & MSA_FL_OWN_REKEY)
		return MSA_ERR_USAGE_LIMIT;
	if (a->send_gen >= GEN_MAX)
		return 1;                                          /* REQ-KR-003 */
	return send_keyupdate(a, 0, now, io);
}

static int
usage_guard(msa_assoc *a, uint64_t now, msa_io *io)
{
	return usage_guard_l(a, usage_limit(a), now, io);
}

/* FAIL(d) (spec 7.2): abort record in a keyed state, HandshakeReject to a
 * known peer otherwise; then every secret wiped, ABORTED. */
static int
fail(msa_assoc *a, int err, int diag, int can_reject, msa_io *io)
{
	const char *detail = diag == MSA_DIAG_USER_ABORT || err == MSA_OK ? NULL : msa_err_name(err);

	if (keyed(a)) {
		Abort_t ab;
		UTF8String_t dt;
		memset(&ab, 0, sizeof ab);
		memset(&dt, 0, sizeof dt);
		ab.diagnostic = diag;
		if (detail != NULL) {                              /* REQ-ERR-004 */
			union { const char *c; uint8_t *m; } u;
			u.c = detail;
			dt.buf = u.m;
			dt.size = (int)strlen(detail);
			ab.detail = &dt;
		}
		(void)emit_ctl(a, T_ABORT, &asn_DEF_Abort, &ab, io);  /* REQ-TRM-010 */
	} else if (can_reject && (a->peer_aid[0] | a->peer_aid[1] | a->peer_aid[2] | a->peer_aid[3])) {
		(void)msa_out_reject(io, a->peer_aid, diag, detail);
	}
	msa_assoc_end(a, MSA_ST_ABORTED, io);
	return done(io, err);
}

/* FAIL*(d): FAIL in stream mode, DROP in datagram mode. */
static int
fail_star(msa_assoc *a, int err, int diag, int can_reject, msa_io *io)
{
	if (a->mode == MSA_MODE_DATAGRAM)
		return drop(io, err);
	return fail(a, err, diag, can_reject, io);
}

/* ------------------------------------------------------------ init, start */

static int
init_common(msa_assoc *a, const msa_config *cfg, msa_hs_workspace *ws,
	const uint8_t aid[MSA_AID_LEN], int role)
{
	if (a == NULL || cfg == NULL || ws == NULL || aid == NULL || cfg->crypto == NULL
		|| cfg->rng == NULL || (aid[0] | aid[1] | aid[2] | aid[3]) == 0)
		return MSA_ERR_BAD_ARGUMENT;                       /* REQ-GEN-002 */
	memset(a, 0, sizeof *a);
	a->cfg = cfg;
	a->role = (uint8_t)role;
	a->mode = (uint8_t)cfg->mode;
	a->state = MSA_ST_IDLE;
	memcpy(a->own_aid, aid, MSA_AID_LEN);
	memset(ws, 0, sizeof *ws);
	a->u.hs = ws;
	return MSA_OK;
}

int
msa_assoc_init_initiator(msa_assoc *a, const msa_config *cfg, msa_hs_workspace *ws,
	const uint8_t aid[MSA_AID_LEN])
{
	return init_common(a, cfg, ws, aid, MSA_ROLE_INITIATOR);
}

int
msa_assoc_init_responder(msa_assoc *a, const msa_config *cfg, msa_hs_workspace *ws,
	const uint8_t aid[MSA_AID_LEN])
{
	return init_common(a, cfg, ws, aid, MSA_ROLE_RESPONDER);
}

/* Local calls in CLOSED/ABORTED (REQ-STM-013). */
static int
local_ok(const msa_assoc *a, msa_io *io, int *r)
{
	if ((*r = io_begin(io)) != MSA_OK || a == NULL) {
		if (*r == MSA_OK)
			*r = MSA_ERR_BAD_ARGUMENT;
		return 0;
	}
	if (a->state == MSA_ST_CLOSED || a->state == MSA_ST_ABORTED) {
		*r = MSA_ERR_CLOSED;
		return 0;
	}
	return 1;
}

int
msa_assoc_start(msa_assoc *a, uint64_t now, msa_io *io)
{
	int r;

	if (!local_ok(a, io, &r))
		return io != NULL ? done(io, r) : r;
	if (a->role != MSA_ROLE_INITIATOR || a->state != MSA_ST_IDLE)
		return done(io, MSA_ERR_STATE);                    /* REQ-STM-014 */
	return done(io, msa_hs_start(a, now, io));                 /* REQ-STM-020 */
}

/* ------------------------------------------------------------ receiving */

/* The ProtectedPdu values of a PDU the full codec decoded (the fast
 * parser normally gets there first; this keeps the two paths equal). */
static int
rec_from_pdu(const MsaPdu_t *p, const uint8_t *raw, size_t len, msa_rec *r)
{
	const ProtectedPdu_t *pp = &p->choice.protected;
	msa_der_tlv o, h;
	size_t eo;

	if (msa_der_header(raw, len, 0, &o, &eo) != MSA_OK
		|| msa_der_header(raw, len, o.hdr_len, &h, &eo) != MSA_OK)
		return MSA_ERR_INTERNAL;
	r->aid = pp->header.assocId.buf;
	r->type = (unsigned)pp->header.type;
	r->gen = (uint32_t)pp->header.generation;
	r->seq = (uint32_t)pp->header.seq;
	r->hdr_off = o.hdr_len;
	r->hdr_len = h.hdr_len + h.len;
	r->icv_len = (size_t)pp->icv.size;
	r->icv_off = len - r->icv_len;
	r->body_len = (size_t)pp->body.size;
	r->body_off = r->icv_off - msa_rec_tl_len(r->icv_len) - r->body_len;
	return MSA_OK;
}

/* The peer's diagnostic (unknown values: unspecified, REQ-ERR-002) and
 * detail (untrusted: at most MSA_MAX_DETAIL octets kept, NUL-terminated)
 * for the application. Proved by WP. */
/*@ requires \valid(io);
    requires detail != \null ==> \valid_read(detail) && detail->size >= 0
      && \valid_read(detail->buf + (0 .. detail->size - 1)) && \separated(io, detail);
    assigns io->peer_diag, io->peer_detail[0 .. MSA_MAX_DETAIL], io->events;
    ensures diag: io->peer_diag == (diag < 0 || diag > MSA_DIAG_USER_ABORT ? 0 : diag);
    ensures events: io->events == (\old(io->events) | MSA_EV_PEER_ENDED);
    ensures none: detail == \null ==> io->peer_detail[0] == 0;
    ensures detail: detail != \null ==> \let n = \min(detail->size, MSA_MAX_DETAIL);
      io->peer_detail[n] == 0
      && \forall integer k; 0 <= k < n ==> io->peer_detail[k] == (char)detail->buf[k];
 */
static void
report_peer(msa_io *io, long diag, const OCTET_STRING_t *detail)
{
	size_t n = 0, k;

	io->peer_diag = diag < 0 || diag > MSA_DIAG_USER_ABORT ? 0 : (int)diag; /* REQ-ERR-002 */
	if (detail != NULL) {
		n = (size_t)detail->size > MSA_MAX_DETAIL ? MSA_MAX_DETAIL : (size_t)detail->size;
		/*@ assert n_fits: n <= MSA_MAX_DETAIL && n <= detail->size; */
		/*@ loop invariant 0 <= k <= n;
		    loop invariant \forall integer j; 0 <= j < k ==>
		      io->peer_detail[j] == (char)detail->buf[j];
		    loop assigns k, io->peer_detail[0 .. n - 1];
		    loop variant n - k;
		 */
		for (k = 0; k < n; k++)
			io->peer_detail[k] = (char)detail->buf[k];
	}
	io->peer_detail[n] = 0;
	io->events |= MSA_EV_PEER_ENDED;
}

/* Undecodable input, by state (rows 012, 021, 026, 034, 044, 057). */
static int
undecodable(msa_assoc *a, int err, msa_io *io)
{
	if (a->state == MSA_ST_IDLE && a->role == MSA_ROLE_INITIATOR)
		return drop(io, MSA_ERR_STATE);                    /* REQ-STM-021 */
	return fail_star(a, err, msa_diag_of(err),
		a->state == MSA_ST_WAIT_FINISH || keyed(a), io);
}

/* The keys a record of generation gen must be opened with: the current
 * receive keys (*key and *iv then point into the association: nothing is
 * copied, nothing needs wiping), or the next generation's (pending, or the
 * ratchet successor in datagram mode: REQ-KR-022), derived into nkey, niv
 * and next_ts (the secret of the next generation), which *key and *iv then
 * point to and which the caller wipes (*next = 1 once anything was written
 * there). */
static int
record_keys(msa_assoc *a, const msa_keys *k, const msa_rec *rc, const uint8_t **key,
	const uint8_t **iv, uint8_t *nkey, uint8_t *niv, uint8_t *next_ts, int *next)
{
	int r;

	*next = 0;
	if (rc->gen == a->recv_gen) {
		*key = k->recv_key;
		*iv = k->recv_iv;
		return MSA_OK;
	}
	if (rc->gen != (uint32_t)a->recv_gen + 1u)
		return MSA_ERR_BAD_SEQUENCE;
	/* a generation never passes 65535 (REQ-KR-003): the other callers of
	 * switch_recv check it in code (proofs/eva_stm.c) */
	/*@ assert recv_gen_room: a->recv_gen < GEN_MAX; */
	if (a->mode == MSA_MODE_STREAM)
		return MSA_ERR_BAD_SEQUENCE;   /* REQ-DT-011: switches come by a KeyUpdate */
	*next = 1;
	r = MSA_OK;
	if (a->flags & MSA_FL_RECV_PENDING)
		memcpy(next_ts, k->pend, k->h);  /* its KeyUpdate was lost (REQ-KR-012) */
	else
		r = msa_ks_label(a->cfg->crypto, k->s, k->recv_ts, "update", NULL, 0, next_ts, k->h);
	if (r == MSA_OK)
		r = msa_ks_traffic(a->cfg->crypto, k->s, next_ts, nkey, niv);
	*key = nkey;
	*iv = niv;
	return r == MSA_OK ? MSA_OK : MSA_ERR_INTERNAL;
}

/* Switches the receive direction to ts, keys and generation gen (the
 * current one + 1, at most 65535: REQ-KR-003, 004, 012). */
static void
switch_recv(msa_assoc *a, uint32_t gen, const uint8_t *ts, const uint8_t *key,
	const uint8_t *iv, msa_io *io)
{
	msa_keys k;

	msa_keys_of(a, &k);
	memcpy(k.recv_ts, ts, k.h);
	memcpy(k.recv_key, key, k.nk);
	memcpy(k.recv_iv, iv, k.ivl);
	kc_rekeyed(a, &k, 1, k.recv_key);
	a->recv_gen = (uint16_t)gen;
	a->recv_seq = 0;
	a->rwin = 0;
	io->events |= MSA_EV_RECV_RENEWED;
}

static int
recv_ratchet(msa_assoc *a, msa_io *io)
{
	msa_keys k;
	uint8_t ts[MSA_MAX_HASH], key[MSA_MAX_KEY_LEN], iv[12];
	int r;

	msa_keys_of(a, &k);
	r = msa_ks_label(a->cfg->crypto, k.s, k.recv_ts, "update", NULL, 0, ts, k.h);
	if (r == MSA_OK)
		r = msa_ks_traffic(a->cfg->crypto, k.s, ts, key, iv);
	if (r == MSA_OK)
		switch_recv(a, (uint32_t)a->recv_gen + 1u, ts, key, iv, io);
	msa_wipe(ts, sizeof ts);
	msa_wipe(key, sizeof key);
	msa_wipe(iv, sizeof iv);
	return r == MSA_OK ? MSA_OK : MSA_ERR_INTERNAL;
}

/* The two sides' rekey computation (REQ-KS-012): from our ephemeral key,
 * the peer's share, and the two bodies, the new rk (in place) and the new
 * secrets of both directions (by role: send, recv). */
static int
rekey_derive(msa_assoc *a, const msa_kex_key *eph, const KeyShare_t *peer,
	const uint8_t *req, size_t req_len, const uint8_t *resp, size_t resp_len,
	uint8_t *send_ts, uint8_t *recv_ts)
{
	const msa_crypto_provider *p = a->cfg->crypto;
	msa_keys k;
	msa_hash_ctx hc;
	uint8_t z[MSA_KEX_Z_LEN], prk[MSA_MAX_HASH], ms[MSA_MAX_HASH], hh[MSA_MAX_HASH];
	uint8_t i2r[MSA_MAX_HASH], r2i[MSA_MAX_HASH];
	int r;

	msa_keys_of(a, &k);
	if (peer->group != k.s->group)
		return MSA_ERR_ILLEGAL_PARAMETER;                  /* REQ-KR-009 */
	r = p->kex_shared(eph, peer->keyExchange.buf, (size_t)peer->keyExchange.size, z, sizeof z);
	if (r != MSA_OK) {
		msa_wipe(z, sizeof z);
		return MSA_ERR_BAD_KEY_SHARE;
	}
	p->hash_init(&hc, k.s->hash);
	p->hash_update(&hc, req, req_len);
	p->hash_update(&hc, resp, resp_len);
	p->hash_out(&hc, hh);
	r = msa_ks_extract(p, k.s, k.rk, z, sizeof z, prk);
	if (r == MSA_OK)
		r = msa_ks_label(p, k.s, prk, "master", hh, k.h, ms, k.h);
	if (r == MSA_OK)
		r = msa_ks_from_master(p, k.s, ms, k.rk, i2r, r2i);   /* old rk replaced */
	if (r == MSA_OK) {
		memcpy(send_ts, a->role == MSA_ROLE_INITIATOR ? i2r : r2i, k.h); /* REQ-KS-013 */
		memcpy(recv_ts, a->role == MSA_ROLE_INITIATOR ? r2i : i2r, k.h);
	}
	msa_wipe(z, sizeof z);
	msa_wipe(prk, sizeof prk);
	msa_wipe(ms, sizeof ms);
	msa_wipe(i2r, sizeof i2r);
	msa_wipe(r2i, sizeof r2i);
	return r == MSA_OK ? MSA_OK : (r < 0 && r >= MSA_ERR_INTERNAL ? r : MSA_ERR_INTERNAL);
}

/* Our rekey request body, rebuilt from the ephemeral key kept in the
 * pending area (X25519: the share is recomputed as X25519(priv, 9)). */
static int
own_rekey_request(msa_assoc *a, msa_kex_key *eph, uint8_t *der, size_t cap, size_t *len)
{
	msa_keys k;
	RekeyRequest_t rq;
	uint8_t share[MSA_KEX_SHARE_MAX];
	size_t sl;
	int n;

	msa_keys_of(a, &k);
	eph->group = k.s->group;
	memcpy(eph->priv, k.pend, 32);
	if (k.s->group == MSA_GROUP_X25519) {
		static const uint8_t base[32] = { 9 };
		if (a->cfg->crypto->kex_shared(eph, base, 32, share, sizeof share) != MSA_OK)
			return MSA_ERR_INTERNAL;
		sl = 32;
	} else {
		memcpy(share, k.pend + 32, 65);
		sl = 65;
	}
	memset(&rq, 0, sizeof rq);
	rq.keyShare.group = k.s->group;
	rq.keyShare.keyExchange.buf = share;
	rq.keyShare.keyExchange.size = (int)sl;
	n = msa_value_encode(&asn_DEF_RekeyRequest, &rq, der, cap);
	if (n < 0)
		return MSA_ERR_INTERNAL;
	*len = (size_t)n;
	return MSA_OK;
}

/* Answers the peer's rekeyRequest (REQ-KR-010, row 065). */
static int
answer_rekey(msa_assoc *a, const RekeyRequest_t *rq, const uint8_t *req, size_t req_len,
	uint64_t now, msa_io *io)
{
	const msa_crypto_provider *p = a->cfg->crypto;
	msa_keys k;
	msa_kex_key eph;
	RekeyResponse_t rs;
	uint8_t share[MSA_KEX_SHARE_MAX], resp[160], s_ts[MSA_MAX_HASH], r_ts[MSA_MAX_HASH];
	size_t sl;
	int n, r;

	msa_keys_of(a, &k);
	if (a->send_gen >= GEN_MAX || a->recv_gen >= GEN_MAX)
		return MSA_ERR_USAGE_LIMIT;                        /* REQ-KR-003 */
	if (rq->keyShare.group != k.s->group)
		return MSA_ERR_ILLEGAL_PARAMETER;                  /* REQ-KR-009 */
	if ((r = p->kex_keygen(a->cfg->rng, k.s->group, &eph, share, sizeof share, &sl)) != MSA_OK)
		return r;
	memset(&rs, 0, sizeof rs);
	rs.keyShare.group = k.s->group;
	rs.keyShare.keyExchange.buf = share;
	rs.keyShare.keyExchange.size = (int)sl;
	n = msa_value_encode(&asn_DEF_RekeyResponse, &rs, resp, sizeof resp);
	if (n < 0) {
		msa_kex_key_wipe(&eph);
		return MSA_ERR_INTERNAL;
	}
	r = rekey_derive(a, &eph, &rq->keyShare, req, req_len, resp, (size_t)n, s_ts, r_ts);
	msa_kex_key_wipe(&eph);
	if (r == MSA_OK)
		r = msa_rec_emit(a, T_REKEY_RESP, resp, (size_t)n, io);    /* under the old key */
	if (r == MSA_OK)
		r = switch_send(a, s_ts, now, io);
	if (r == MSA_OK) {
		memcpy(k.pend, r_ts, k.h);
		a->flags |= MSA_FL_RECV_PENDING;
	}
	msa_wipe(s_ts, sizeof s_ts);
	msa_wipe(r_ts, sizeof r_ts);
	return r;
}

/* Completes our rekey on the peer's rekeyResponse (REQ-KR-011, row 068). */
static int
complete_rekey(msa_assoc *a, const RekeyResponse_t *rs, const uint8_t *resp, size_t resp_len,
	uint64_t now, msa_io *io)
{
	msa_keys k;
	msa_kex_key eph;
	uint8_t req[160], s_ts[MSA_MAX_HASH], r_ts[MSA_MAX_HASH];
	uint8_t key[MSA_MAX_KEY_LEN], iv[12];
	size_t req_len;
	int r;

	msa_keys_of(a, &k);
	if (a->send_gen >= GEN_MAX || a->recv_gen >= GEN_MAX)
		return MSA_ERR_USAGE_LIMIT;
	r = own_rekey_request(a, &eph, req, sizeof req, &req_len);
	if (r == MSA_OK)
		r = rekey_derive(a, &eph, &rs->keyShare, req, req_len, resp, resp_len, s_ts, r_ts);
	msa_kex_key_wipe(&eph);
	if (r == MSA_OK)
		r = msa_ks_traffic(a->cfg->crypto, k.s, r_ts, key, iv);
	if (r == MSA_OK) {
		KeyUpdate_t ku;
		msa_wipe(k.pend, MSA_PEND_LEN);
		clear_flag(a, MSA_FL_OWN_REKEY);
		switch_recv(a, (uint32_t)a->recv_gen + 1u, r_ts, key, iv, io);
		/* REQ-KR-011: a KeyUpdate(FALSE) is the last record of our old
		 * generation, so that the peer knows where it ends (a record lost
		 * before it is a gap in the sequence numbers) */
		memset(&ku, 0, sizeof ku);
		r = emit_ctl(a, T_KEYUPDATE, &asn_DEF_KeyUpdate, &ku, io);
		if (r == MSA_OK)
			r = switch_send(a, s_ts, now, io);
	}
	msa_wipe(s_ts, sizeof s_ts);
	msa_wipe(r_ts, sizeof r_ts);
	msa_wipe(key, sizeof key);
	msa_wipe(iv, sizeof iv);
	return r;
}

static void
abandon_own_rekey(msa_assoc *a)
{
	msa_keys k;

	if (a->flags & MSA_FL_OWN_REKEY) {
		msa_keys_of(a, &k);
		msa_wipe(k.pend, MSA_PEND_LEN);
		clear_flag(a, MSA_FL_OWN_REKEY);
		/* the policy's T counts from the last send switch again (KR-017) */
		if (a->t_mark != MSA_TIME_UNKNOWN)
			a->t_mark -= a->rekey_delay;
		a->rekey_delay = 0;
	}
}

/* Completes a pending receive switch on the peer's KeyUpdate (REQ-KR-012). */
static int
recv_pending_switch(msa_assoc *a, msa_io *io)
{
	msa_keys k;
	uint8_t ts[MSA_MAX_HASH], key[MSA_MAX_KEY_LEN], iv[12];
	int r;

	msa_keys_of(a, &k);
	memcpy(ts, k.pend, k.h);
	r = msa_ks_traffic(a->cfg->crypto, k.s, ts, key, iv);
	if (r == MSA_OK) {
		switch_recv(a, (uint32_t)a->recv_gen + 1u, ts, key, iv, io);
		msa_wipe(k.pend, MSA_PEND_LEN);
		clear_flag(a, MSA_FL_RECV_PENDING);
	}
	msa_wipe(ts, sizeof ts);
	msa_wipe(key, sizeof key);
	msa_wipe(iv, sizeof iv);
	return r == MSA_OK ? MSA_OK : MSA_ERR_INTERNAL;
}

/* The action of a record that passed its checks (rows 052..095); its
 * plaintext is body[0..rc->body_len) (io->data, or the PDU's own octets). */
static int
record_action(msa_assoc *a, msa_arena *ar, const msa_rec *rc, const uint8_t *body,
	int old_gen_while_pending, uint64_t now, msa_io *io)
{
	/* Eva (proofs/eva_stm.c): one analysis per record type */
	/*@ split rc->type; */
	size_t blen = rc->body_len, eo;
	void *v = NULL;
	int r;
	static const struct asn_TYPE_descriptor_s *const td[] = { NULL,
		&asn_DEF_KeyUpdate, &asn_DEF_RekeyRequest, &asn_DEF_RekeyResponse,
		&asn_DEF_ReleaseRequest, &asn_DEF_ReleaseResponse, &asn_DEF_Abort };

	if (rc->type != T_APP) {
		msa_arena_reset(ar);
		r = msa_value_decode(ar, td[rc->type], body, blen, &v, &eo);
		io->data_len = 0;
		if (rc->type == T_ABORT) {                         /* REQ-STM-052 */
			const Abort_t *ab = r == MSA_OK ? v : NULL;
			report_peer(io, ab != NULL ? ab->diagnostic : 0, ab != NULL ? ab->detail : NULL);
			msa_assoc_end(a, MSA_ST_ABORTED, io);
			return done(io, MSA_ERR_PEER_ABORT);
		}
		if (r != MSA_OK)                                   /* REQ-STM-053 */
			return fail(a, r, MSA_DIAG_DECODE_ERROR, 1, io);
	}
	if (a->state == MSA_ST_RELEASE_RECEIVED)                   /* REQ-STM-090 */
		return fail(a, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU, 1, io);
	if (rc->type == T_KEYUPDATE && old_gen_while_pending) {    /* REQ-KR-012 */
		if (((const KeyUpdate_t *)v)->updateRequested || a->recv_gen >= GEN_MAX)
			return fail(a, MSA_ERR_RENEWAL, MSA_DIAG_RENEWAL_ERROR, 1, io);
		if (a->state == MSA_ST_RELEASE_SENT && (a->flags & MSA_FL_ANSWERED))
			return fail(a, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU, 1, io);
		if ((r = recv_pending_switch(a, io)) != MSA_OK)
			return fail(a, r, MSA_DIAG_INTERNAL_ERROR, 1, io);
		return done(io, MSA_OK);
	}
	if (rc->type == T_REKEY_REQ && old_gen_while_pending)
		return fail(a, MSA_ERR_RENEWAL, MSA_DIAG_RENEWAL_ERROR, 1, io); /* REQ-STM-059 */
	if (a->state == MSA_ST_RELEASE_SENT) {
		int answered = (a->flags & MSA_FL_ANSWERED) != 0;
		switch (rc->type) {
		case T_APP:
			if (answered)                              /* REQ-STM-095 */
				return fail(a, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU, 1, io);
			/*@ assert deliver_authenticated: msa_g_tag_ok == 1
			      && a->state == MSA_ST_RELEASE_SENT && !(a->flags & MSA_FL_ANSWERED); */
			io->data_len = blen;                       /* REQ-STM-080 */
			io->data_at = body;
			io->events |= MSA_EV_DATA;
			return done(io, MSA_OK);
		case T_KEYUPDATE:
			if (answered)
				return fail(a, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU, 1, io);
			if (a->recv_gen >= GEN_MAX)
				return fail(a, MSA_ERR_USAGE_LIMIT, MSA_DIAG_USAGE_LIMIT, 1, io);
			return done(io, recv_ratchet(a, io));      /* REQ-STM-081 */
		case T_REKEY_REQ:
			if (answered)
				return fail(a, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU, 1, io);
			return done(io, MSA_OK);                   /* REQ-STM-082: discarded */
		case T_REKEY_RESP:                                 /* REQ-STM-083 */
			return fail(a, MSA_ERR_RENEWAL, MSA_DIAG_RENEWAL_ERROR, 1, io);
		case T_REL_REQ: {
			ReleaseResponse_t rr;
			if (answered)                              /* REQ-STM-085 */
				return fail(a, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU, 1, io);
			memset(&rr, 0, sizeof rr);
			rr.reason = MSA_REASON_NORMAL;             /* REQ-STM-084 */
			r = emit_ctl(a, T_REL_RESP, &asn_DEF_ReleaseResponse, &rr, io); /* KR-018 */
			if (r != MSA_OK)
				return fail(a, r == 1 ? MSA_ERR_USAGE_LIMIT : r, MSA_DIAG_USAGE_LIMIT, 1, io);
			a->flags |= MSA_FL_ANSWERED;
			io->reason = (int)((const ReleaseRequest_t *)v)->reason;
			return done(io, MSA_OK);
		}
		default: /* T_REL_RESP: REQ-STM-086 */
			io->reason = (int)((const ReleaseResponse_t *)v)->reason;
			msa_assoc_end(a, MSA_ST_CLOSED, io);
			return done(io, MSA_OK);
		}
	}
	/* ESTABLISHED */
	switch (rc->type) {
	case T_APP:                                                /* REQ-STM-062 */
		/*@ assert deliver_authenticated: msa_g_tag_ok == 1 && a->state == MSA_ST_ESTABLISHED; */
		io->data_len = blen;
		io->data_at = body;
		io->events |= MSA_EV_DATA;
		return done(io, MSA_OK);
	case T_KEYUPDATE:                                          /* REQ-STM-063 */
		if (a->recv_gen >= GEN_MAX)
			return fail(a, MSA_ERR_USAGE_LIMIT, MSA_DIAG_USAGE_LIMIT, 1, io);
		if ((r = recv_ratchet(a, io)) != MSA_OK)
			return fail(a, r, MSA_DIAG_INTERNAL_ERROR, 1, io);
		if (((const KeyUpdate_t *)v)->updateRequested && !(a->flags & MSA_FL_OWN_REKEY)
			&& a->send_gen < GEN_MAX) {                /* REQ-KR-005, KR-003 */
			if ((r = send_keyupdate(a, 0, now, io)) != MSA_OK)
				return fail(a, r, msa_diag_of(r), 1, io);
		}
		return done(io, MSA_OK);
	case T_REKEY_REQ:
		if ((a->flags & MSA_FL_OWN_REKEY) && a->role == MSA_ROLE_INITIATOR)
			return done(io, MSA_OK);                   /* REQ-STM-066 */
		abandon_own_rekey(a);                              /* REQ-STM-067 */
		r = answer_rekey(a, v, body, blen, now, io);       /* REQ-STM-065 */
		if (r != MSA_OK)
			return fail(a, r, msa_diag_of(r), 1, io);
		return done(io, MSA_OK);
	case T_REKEY_RESP:
		if (!(a->flags & MSA_FL_OWN_REKEY))                /* REQ-STM-069 */
			return fail(a, MSA_ERR_RENEWAL, MSA_DIAG_RENEWAL_ERROR, 1, io);
		r = complete_rekey(a, v, body, blen, now, io);     /* REQ-STM-068 */
		if (r != MSA_OK)
			return fail(a, r, msa_diag_of(r), 1, io);
		return done(io, MSA_OK);
	case T_REL_REQ:                                            /* REQ-STM-070 */
		abandon_own_rekey(a);
		a->state = MSA_ST_RELEASE_RECEIVED;
		io->reason = (int)((const ReleaseRequest_t *)v)->reason;
		io->events |= MSA_EV_RELEASE_REQ;
		return done(io, MSA_OK);
	default:                                                   /* REQ-STM-071 */
		return fail(a, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU, 1, io);
	}
}

/* The next generation's secret and keys that record_keys derived. */
static void
next_keys_wipe(uint8_t *nkey, uint8_t *niv, uint8_t *next_ts)
{
	msa_wipe(nkey, MSA_MAX_KEY_LEN);
	msa_wipe(niv, 12);
	msa_wipe(next_ts, MSA_MAX_HASH);
}

/* A record in a keyed state: the checks of 12.4 in order, then the action.
 * The body is opened in io->data (inplace NULL) or in the PDU's own octets
 * (inplace == pdu, writable: msa_assoc_recv_inplace). */
static int
recv_record(msa_assoc *a, msa_arena *ar, const uint8_t *pdu, uint8_t *inplace,
	const msa_rec *rc, uint64_t now, msa_io *io)
{
	const msa_crypto_provider *p = a->cfg->crypto;
	msa_keys k;
	/* nkey and niv start zeroed: record_keys writes them only for a record
	 * of the next generation, and an analyser that merges that path with
	 * the current generation's then sees no read of uninitialised octets */
	uint8_t nkey[MSA_MAX_KEY_LEN] = { 0 }, niv[12] = { 0 }, nonce[MSA_AEAD_NONCE_LEN];
	uint8_t next_ts[MSA_MAX_HASH];
	const uint8_t *aad = pdu + rc->hdr_off, *icv = pdu + rc->icv_off, *key = NULL, *iv = NULL;
	uint8_t *body = inplace != NULL ? inplace + rc->body_off : io->data;
	int next = 0, r, old_pending;
	uint32_t L;

	msa_keys_of(a, &k);
	L = k.s->usage_limit;
	/* (4) generation, (5) sequence number */
	r = record_keys(a, &k, rc, &key, &iv, nkey, niv, next_ts, &next);
	if (r == MSA_OK) {
		if (a->mode == MSA_MODE_STREAM)                    /* REQ-DT-011, 012 */
			r = (next ? rc->seq == 0 : rc->seq == a->recv_seq)
				|| MSA_MUTATED(MSA_MUTANT_SEQUENCE) ? MSA_OK : MSA_ERR_BAD_SEQUENCE;
		else if (!next && !msa_rw_fresh(a->recv_seq, a->rwin, rc->seq))
			r = MSA_ERR_BAD_SEQUENCE;                  /* REQ-DT-021 */
	}
	/* (6) ICV length and tag (REQ-DT-013..015): opened in body */
	if (r == MSA_OK) {
		if (rc->icv_len != k.s->tag_len) {
			r = MSA_ERR_BAD_RECORD;
		} else if (k.s->aead) {
			void *x = next ? NULL : kc_ctx(a, &k, 1, key);
			if (inplace == NULL)
				memcpy(body, pdu + rc->body_off, rc->body_len);
			msa_rec_nonce(iv, rc->seq, nonce);
			r = x != NULL ? p->aead_open_x(k.s->protection, x, nonce, aad, rc->hdr_len,
				body, rc->body_len, icv)
				: p->aead_open(k.s->protection, key, k.nk, nonce, aad, rc->hdr_len,
				body, rc->body_len, icv);
			/*@ ghost msa_g_tag_ok = r == MSA_OK; */
			msa_wipe(nonce, sizeof nonce);
			r = r == MSA_OK ? MSA_OK : MSA_ERR_BAD_RECORD;
		} else {
			r = p->icv_verify(key, k.nk, aad, rc->hdr_len, pdu + rc->body_off,
				rc->body_len, icv) == MSA_OK ? MSA_OK : MSA_ERR_BAD_RECORD;
			/*@ ghost msa_g_tag_ok = r == MSA_OK; */
			if (r == MSA_OK && inplace == NULL)
				memcpy(body, pdu + rc->body_off, rc->body_len);
		}
	}
	if (r != MSA_OK) {
		if (next)
			next_keys_wipe(nkey, niv, next_ts);
		msa_wipe(body, rc->body_len);                      /* REQ-CRY-008 */
		return fail_star(a, r, msa_diag_of(r), 1, io);     /* REQ-STM-050 */
	}
	/* (7) usage limit (REQ-KR-019, row 051) */
	if (rc->seq >= L || (rc->seq == L - 1u && rc->type != T_KEYUPDATE
			&& rc->type != T_REKEY_RESP && rc->type != T_REL_RESP
			&& rc->type != T_ABORT)) {
		if (next)
			next_keys_wipe(nkey, niv, next_ts);
		msa_wipe(body, rc->body_len);
		return fail(a, MSA_ERR_USAGE_LIMIT, MSA_DIAG_USAGE_LIMIT, 1, io);
	}
	/* (8) commit */
	old_pending = !next && (a->flags & MSA_FL_RECV_PENDING);
	if (next) {                                                /* REQ-KR-012, 022 */
		switch_recv(a, rc->gen, next_ts, nkey, niv, io);   /* rc->gen == recv_gen + 1 */
		next_keys_wipe(nkey, niv, next_ts);
		if (a->flags & MSA_FL_RECV_PENDING) {
			msa_wipe(k.pend, MSA_PEND_LEN);
			clear_flag(a, MSA_FL_RECV_PENDING);
		}
	}
	if (a->mode == MSA_MODE_STREAM)
		a->recv_seq = rc->seq + 1u;
	else
		msa_rw_accept(&a->recv_seq, &a->rwin, rc->seq);    /* REQ-DT-022 */
	clear_flag(a, MSA_FL_UNCONFIRMED);
	/* (9) the action */
	return record_action(a, ar, rc, body, old_pending, now, io);
}

/* msa_assoc_recv (inplace NULL) and msa_assoc_recv_inplace (inplace == pdu). */
static int
recv_pdu(msa_assoc *a, msa_arena *ar, const uint8_t *pdu, uint8_t *inplace, size_t len,
	uint64_t now, msa_io *io)
{
	MsaPdu_t *p = NULL;
	msa_rec rc;
	const uint8_t *dest = NULL;
	unsigned kind;
	size_t eo;
	int r, peer_known = 0;

	/*@ ghost msa_g_tag_ok = 0; */
	if ((r = io_begin(io)) != MSA_OK)
		return io != NULL ? done(io, r) : r;
	if (a == NULL || ar == NULL || (pdu == NULL && len > 0))
		return done(io, MSA_ERR_BAD_ARGUMENT);
	/* (1) decoding: records by the fast path, everything else by the codec */
	if (msa_rec_parse(pdu, len, &rc)) {
		kind = MSA_PDU_PROTECTED;
	} else {
		msa_arena_reset(ar);
		r = msa_pdu_decode(ar, pdu, len, &p, &eo);
		if (r != MSA_OK && (a->state == MSA_ST_CLOSED || a->state == MSA_ST_ABORTED))
			return drop(io, MSA_ERR_STATE);            /* REQ-STM-012 */
		if (r != MSA_OK)
			return undecodable(a, r, io);
		kind = (unsigned)p->present;
		if (kind == MSA_PDU_PROTECTED && rec_from_pdu(p, pdu, len, &rc) != MSA_OK)
			return undecodable(a, MSA_ERR_INTERNAL, io);
	}
	/* (2) destination (REQ-STM-010) */
	switch (kind) {
	case MSA_PDU_RESP:      dest = p->choice.handshakeResp.body.initiatorAid.buf; break;
	case MSA_PDU_FINISH:    dest = p->choice.handshakeFinish.body.responderAid.buf; break;
	case MSA_PDU_REJECT:    dest = p->choice.handshakeReject.destAid.buf; break;
	case MSA_PDU_PROTECTED: dest = rc.aid; break;
	default: break;
	}
	if (dest != NULL && memcmp(dest, a->own_aid, MSA_AID_LEN) != 0)
		return drop(io, MSA_ERR_UNKNOWN_ASSOC);
	if (a->state == MSA_ST_CLOSED || a->state == MSA_ST_ABORTED)
		return drop(io, MSA_ERR_STATE);                    /* REQ-STM-012 */
	/* (3) state (7.3) */
	if (kind == MSA_PDU_INIT) {
		if (a->state != MSA_ST_IDLE || a->role != MSA_ROLE_RESPONDER)
			return drop(io, MSA_ERR_STATE);            /* REQ-STM-011, 021 */
		r = msa_hs_on_init(a, p, pdu, len, now, io, &peer_known);
		if (r != MSA_OK) {                                 /* REQ-STM-025 */
			io->out_len = 0;
			io->n_pdus = 0;
			return fail(a, r, msa_diag_of(r), peer_known, io);
		}
		return done(io, MSA_OK);                           /* REQ-STM-024 */
	}
	switch (a->state) {
	case MSA_ST_IDLE:                                          /* REQ-STM-021, 027 */
		return drop(io, MSA_ERR_STATE);
	case MSA_ST_WAIT_RESP:
		if (kind == MSA_PDU_RESP) {
			r = msa_hs_on_resp(a, p, pdu, len, now, io, &peer_known);
			if (r != MSA_OK) {                         /* REQ-STM-031 */
				io->out_len = 0;
				io->n_pdus = 0;
				return fail(a, r, msa_diag_of(r), peer_known, io);
			}
			return done(io, MSA_OK);                   /* REQ-STM-030 */
		}
		if (kind == MSA_PDU_REJECT) {                      /* REQ-STM-032 */
			report_peer(io, p->choice.handshakeReject.diagnostic,
				p->choice.handshakeReject.detail);
			msa_assoc_end(a, MSA_ST_CLOSED, io);
			return done(io, MSA_ERR_PEER_REJECT);
		}
		return fail_star(a, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU, 0, io); /* 033 */
	case MSA_ST_WAIT_FINISH:
		if (kind == MSA_PDU_FINISH) {
			r = msa_hs_on_finish(a, p, pdu, len, now, io);
			if (r != MSA_OK) {                         /* REQ-STM-041 */
				io->out_len = 0;
				io->n_pdus = 0;
				return fail(a, r, msa_diag_of(r), 1, io);
			}
			return done(io, MSA_OK);                   /* REQ-STM-040 */
		}
		if (kind == MSA_PDU_REJECT) {                      /* REQ-STM-042 */
			report_peer(io, p->choice.handshakeReject.diagnostic,
				p->choice.handshakeReject.detail);
			msa_assoc_end(a, MSA_ST_CLOSED, io);
			return done(io, MSA_ERR_PEER_REJECT);
		}
		return fail_star(a, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU, 1, io); /* 043 */
	default:
		break;
	}
	/* keyed states */
	if (kind == MSA_PDU_RESP || kind == MSA_PDU_FINISH)        /* REQ-STM-054 */
		return fail_star(a, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU, 1, io);
	if (kind == MSA_PDU_REJECT) {
		if (!(a->flags & MSA_FL_UNCONFIRMED))              /* REQ-STM-056 */
			return drop(io, MSA_ERR_STATE);
		report_peer(io, p->choice.handshakeReject.diagnostic,   /* REQ-STM-055 */
			p->choice.handshakeReject.detail);
		msa_assoc_end(a, MSA_ST_CLOSED, io);
		return done(io, MSA_ERR_PEER_REJECT);
	}
	return recv_record(a, ar, pdu, inplace, &rc, now, io);
}

int
msa_assoc_recv(msa_assoc *a, msa_arena *ar, const uint8_t *pdu, size_t len,
	uint64_t now, msa_io *io)
{
	return recv_pdu(a, ar, pdu, NULL, len, now, io);
}

int
msa_assoc_recv_inplace(msa_assoc *a, msa_arena *ar, uint8_t *pdu, size_t len,
	uint64_t now, msa_io *io)
{
	return recv_pdu(a, ar, pdu, pdu, len, now, io);
}

/* ------------------------------------------------------------ local calls */

/* A policy renewal is due before the next appData (REQ-KR-017). */
static int
policy_due(const msa_assoc *a, uint64_t now)
{
	const msa_policy *pl = &a->cfg->policy;

	return (pl->max_records != 0 && a->pol_records >= pl->max_records)
		|| (pl->max_bytes != 0 && a->pol_bytes >= pl->max_bytes)
		|| (pl->max_seconds != 0 && elapsed(a->t_mark, now) >= pl->max_seconds);
}

/* Sends a rekeyRequest with a fresh ephemeral key kept in the pending
 * area (REQ-KR-008). */
static int
start_rekey(msa_assoc *a, uint64_t now, msa_io *io)
{
	msa_keys k;
	msa_kex_key eph;
	RekeyRequest_t rq;
	uint8_t share[MSA_KEX_SHARE_MAX];
	size_t sl;
	int r;

	msa_keys_of(a, &k);
	if ((r = a->cfg->crypto->kex_keygen(a->cfg->rng, k.s->group, &eph, share,
			sizeof share, &sl)) != MSA_OK)
		return r;
	memset(&rq, 0, sizeof rq);
	rq.keyShare.group = k.s->group;
	rq.keyShare.keyExchange.buf = share;
	rq.keyShare.keyExchange.size = (int)sl;
	r = emit_ctl(a, T_REKEY_REQ, &asn_DEF_RekeyRequest, &rq, io);
	if (r == MSA_OK) {
		memcpy(k.pend, eph.priv, 32);
		if (k.s->group == MSA_GROUP_P256)
			memcpy(k.pend + 32, share, 65);
		a->flags |= MSA_FL_OWN_REKEY;
		uint64_t d = elapsed(a->t_mark, now);
		a->rekey_delay = d > 65535u ? 65535u : (uint16_t)d;
		a->t_mark = now;                       /* the renewal timer (REQ-KR-015) */
	}
	msa_kex_key_wipe(&eph);
	return r;
}

int
msa_assoc_send(msa_assoc *a, const uint8_t *msg, size_t len, uint64_t now, msa_io *io)
{
	msa_keys k;
	int r, rr = a != NULL && a->state == MSA_ST_RELEASE_RECEIVED;

	if (!local_ok(a, io, &r))
		return io != NULL ? done(io, r) : r;
	if (len > MSA_MAX_DATA || (msg == NULL && len > 0))
		return done(io, MSA_ERR_BAD_ARGUMENT);             /* REQ-DT-030 */
	if (a->state != MSA_ST_ESTABLISHED && !rr)
		return done(io, MSA_ERR_STATE);                    /* REQ-STM-022, 087 */
	msa_keys_of(a, &k);                /* keyed: one suite lookup per record */
	if ((a->flags & MSA_FL_OWN_REKEY) && a->send_seq + 1u >= k.s->usage_limit)
		return done(io, MSA_ERR_USAGE_LIMIT);              /* REQ-KR-018: refused */
	if (policy_due(a, now) && !(a->flags & MSA_FL_OWN_REKEY) && a->send_gen < GEN_MAX) {
		if (rr || a->cfg->policy.kind == MSA_RENEW_RATCHET) {  /* REQ-KR-016 */
			r = send_keyupdate(a, 0, now, io);
		} else if (!(a->flags & MSA_FL_RECV_PENDING) && a->recv_gen < GEN_MAX) {
			r = usage_guard(a, now, io);
			if (r == MSA_OK)
				r = start_rekey(a, now, io);
		}
		if (r == MSA_ERR_RNG && io->out_len == 0)
			return done(io, r);                        /* REQ-CRY-005: nothing sent */
		if (r == 1)
			return fail(a, MSA_ERR_USAGE_LIMIT, MSA_DIAG_USAGE_LIMIT, 1, io);
		if (r != MSA_OK)
			return fail(a, r, msa_diag_of(r), 1, io);
	}
	r = usage_guard_l(a, k.s->usage_limit, now, io);
	if (r == 1)
		return fail(a, MSA_ERR_USAGE_LIMIT, MSA_DIAG_USAGE_LIMIT, 1, io);
	if (r == MSA_OK)
		r = rec_emit(a, &k, T_APP, msg, len, io);
	if (r != MSA_OK)
		return fail(a, r, msa_diag_of(r), 1, io);
	a->pol_records++;
	a->pol_bytes += len;
	return done(io, MSA_OK);
}

int
msa_assoc_ratchet(msa_assoc *a, int update_requested, uint64_t now, msa_io *io)
{
	int r;

	if (!local_ok(a, io, &r))
		return io != NULL ? done(io, r) : r;
	if (a->state == MSA_ST_RELEASE_RECEIVED)
		update_requested = 0;                              /* REQ-STM-092, KR-006 */
	else if (a->state != MSA_ST_ESTABLISHED || (a->flags & MSA_FL_OWN_REKEY))
		return done(io, MSA_ERR_STATE);                    /* REQ-STM-075, 087 */
	if (a->send_gen >= GEN_MAX)
		return done(io, MSA_ERR_USAGE_LIMIT);              /* REQ-KR-003 */
	r = send_keyupdate(a, update_requested, now, io);          /* REQ-STM-074 */
	if (r != MSA_OK)
		return fail(a, r, msa_diag_of(r), 1, io);
	return done(io, MSA_OK);
}

int
msa_assoc_rekey(msa_assoc *a, uint64_t now, msa_io *io)
{
	int r;

	if (!local_ok(a, io, &r))
		return io != NULL ? done(io, r) : r;
	if (a->state != MSA_ST_ESTABLISHED
		|| (a->flags & (MSA_FL_OWN_REKEY | MSA_FL_RECV_PENDING)))
		return done(io, MSA_ERR_STATE);                    /* REQ-STM-077, 093 */
	if (a->send_gen >= GEN_MAX || a->recv_gen >= GEN_MAX)
		return done(io, MSA_ERR_USAGE_LIMIT);
	r = usage_guard(a, now, io);
	if (r == MSA_OK)
		r = start_rekey(a, now, io);                       /* REQ-STM-076 */
	if (r == MSA_ERR_RNG && io->out_len == 0)
		return done(io, r);                                /* REQ-CRY-005: nothing sent */
	if (r == 1)
		return fail(a, MSA_ERR_USAGE_LIMIT, MSA_DIAG_USAGE_LIMIT, 1, io);
	if (r != MSA_OK)
		return fail(a, r, msa_diag_of(r), 1, io);
	return done(io, MSA_OK);
}

int
msa_assoc_release(msa_assoc *a, int reason, uint64_t now, msa_io *io)
{
	ReleaseRequest_t rq;
	int r;

	if (!local_ok(a, io, &r))
		return io != NULL ? done(io, r) : r;
	if (reason < MSA_REASON_NORMAL || reason > MSA_REASON_IDLE)
		return done(io, MSA_ERR_BAD_ARGUMENT);
	if (a->state == MSA_ST_RELEASE_RECEIVED) {                 /* REQ-STM-094 */
		ReleaseResponse_t rs;
		memset(&rs, 0, sizeof rs);
		rs.reason = reason;
		r = emit_ctl(a, T_REL_RESP, &asn_DEF_ReleaseResponse, &rs, io); /* KR-018 */
		if (r != MSA_OK)
			return fail(a, r == 1 ? MSA_ERR_USAGE_LIMIT : r, MSA_DIAG_USAGE_LIMIT, 1, io);
		io->reason = reason;
		msa_assoc_end(a, MSA_ST_CLOSED, io);
		return done(io, MSA_OK);
	}
	if (a->state != MSA_ST_ESTABLISHED || (a->flags & MSA_FL_OWN_REKEY))
		return done(io, MSA_ERR_STATE);                    /* REQ-STM-022, 079, 087 */
	memset(&rq, 0, sizeof rq);
	rq.reason = reason;
	r = usage_guard(a, now, io);
	if (r == MSA_OK)
		r = emit_ctl(a, T_REL_REQ, &asn_DEF_ReleaseRequest, &rq, io); /* REQ-STM-078 */
	if (r != MSA_OK)
		return fail(a, r == 1 ? MSA_ERR_USAGE_LIMIT : r, MSA_DIAG_USAGE_LIMIT, 1, io);
	a->state = MSA_ST_RELEASE_SENT;
	a->t_mark = now;
	return done(io, MSA_OK);
}

int
msa_assoc_abort(msa_assoc *a, int diag, uint64_t now, msa_io *io)
{
	int r;

	(void)now;
	if (!local_ok(a, io, &r))
		return io != NULL ? done(io, r) : r;
	if (diag < 0 || diag > MSA_DIAG_USER_ABORT)
		diag = MSA_DIAG_USER_ABORT;
	if (a->state == MSA_ST_IDLE || a->state == MSA_ST_WAIT_RESP) { /* REQ-STM-023, 036 */
		msa_assoc_end(a, MSA_ST_ABORTED, io);
		return done(io, MSA_OK);
	}
	/* WAIT_FINISH: HandshakeReject (046); keyed: abort record (058) */
	(void)fail(a, MSA_OK, diag, 1, io);
	return done(io, MSA_OK);
}

/* Whether `secs` seconds (0 = never) have passed since `since`. */
static int
expired(uint64_t since, uint64_t now, uint32_t secs)
{
	return secs != 0 && elapsed(since, now) > secs;
}

/* REQ-GEN-011: a stream that cannot be framed ends its associations as
 * undecodable input would. */
int
msa_assoc_transport_error(msa_assoc *a, int err, uint64_t now, msa_io *io)
{
	int r, d = msa_diag_of(err);

	(void)now;
	if ((r = io_begin(io)) != MSA_OK)
		return io != NULL ? done(io, r) : r;
	if (a == NULL || err >= 0 || (d != MSA_DIAG_DECODE_ERROR && d != MSA_DIAG_TOO_LARGE))
		return done(io, MSA_ERR_BAD_ARGUMENT);
	if (a->state == MSA_ST_CLOSED || a->state == MSA_ST_ABORTED)
		return drop(io, MSA_ERR_STATE);                    /* REQ-STM-012 */
	return undecodable(a, err, io);
}

int
msa_assoc_tick(msa_assoc *a, uint64_t now, msa_io *io)
{
	const msa_config *c;
	int r;

	if ((r = io_begin(io)) != MSA_OK)
		return io != NULL ? done(io, r) : r;
	if (a == NULL)
		return done(io, MSA_ERR_BAD_ARGUMENT);
	c = a->cfg;
	switch (a->state) {
	case MSA_ST_WAIT_RESP:                                     /* REQ-STM-035 */
		if (expired(a->t_mark, now, c->hs_timeout)) {
			msa_assoc_end(a, MSA_ST_ABORTED, io);
			return done(io, MSA_ERR_TIMEOUT);
		}
		break;
	case MSA_ST_WAIT_FINISH:                                   /* REQ-STM-045 */
		if (expired(a->t_mark, now, c->hs_timeout))
			return fail(a, MSA_ERR_TIMEOUT, MSA_DIAG_TIMEOUT, 1, io);
		break;
	case MSA_ST_ESTABLISHED:                                   /* REQ-STM-089 */
		if ((a->flags & MSA_FL_OWN_REKEY) && expired(a->t_mark, now, c->renewal_timeout))
			return fail(a, MSA_ERR_TIMEOUT, MSA_DIAG_TIMEOUT, 1, io);
		break;
	case MSA_ST_RELEASE_SENT:                                  /* REQ-STM-088 */
		if (expired(a->t_mark, now, c->release_timeout))
			return fail(a, MSA_ERR_TIMEOUT, MSA_DIAG_TIMEOUT, 1, io);
		break;
	default:
		break;
	}
	return done(io, MSA_OK);
}

/* ------------------------------------------------------------ accessors */

int msa_assoc_state(const msa_assoc *a) { return a->state; }
int msa_assoc_role(const msa_assoc *a) { return a->role; }
unsigned msa_assoc_suite(const msa_assoc *a) { return a->suite; }
unsigned msa_assoc_flags(const msa_assoc *a) { return a->flags; }

void
msa_assoc_ids(const msa_assoc *a, uint8_t own[MSA_AID_LEN], uint8_t peer[MSA_AID_LEN])
{
	memcpy(own, a->own_aid, MSA_AID_LEN);
	memcpy(peer, a->peer_aid, MSA_AID_LEN);
}

void
msa_assoc_generations(const msa_assoc *a, unsigned *send_gen, unsigned *recv_gen)
{
	*send_gen = a->send_gen;
	*recv_gen = a->recv_gen;
}

int
msa_assoc_keys_zero(const msa_assoc *a)
{
	size_t i;
	uint8_t acc = 0;

	if (in_handshake(a))
		return 0;
	for (i = 0; i < sizeof a->u.k; i++)
		acc |= a->u.k[i];
	return acc == 0;
}
