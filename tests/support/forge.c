/*
 * forge.c -- see forge.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forge.h"
#include "engine.h"
#include "MsaPdu.h"
#include "KeyUpdate.h"
#include "RekeyRequest.h"
#include "RekeyResponse.h"
#include "ReleaseRequest.h"
#include "ReleaseResponse.h"
#include "Abort.h"

static unsigned char fg_arena_buf[MSA_ARENA_PDU_SIZE];
static msa_arena fg_ar;
static int fg_ar_ok;

static msa_arena *
arena(void)
{
	if (!fg_ar_ok) {
		msa_arena_init(&fg_ar, fg_arena_buf, sizeof fg_arena_buf);
		fg_ar_ok = 1;
	}
	msa_arena_reset(&fg_ar);
	return &fg_ar;
}

void
fg_pair(party *i, party *r, unsigned suite, int refs)
{
	uint16_t s = (uint16_t)suite;

	party_init(i, "initiator-1", "urn:msa:ae:responder-1", MSA_ROLE_INITIATOR, 1, 1);
	party_init(r, "responder-1", NULL, MSA_ROLE_RESPONDER, 2, 1);
	if (suite != 0) {
		if (msa_config_set_suites(&i->cfg, &s, 1) != MSA_OK
			|| msa_config_set_suites(&r->cfg, &s, 1) != MSA_OK) {
			fprintf(stderr, "fg_pair: suite %04x\n", suite);
			exit(2);
		}
	}
	if (refs) {
		party_know(i, "responder-1", 0);
		party_know(r, "initiator-1", 0);
	}
}

int
fg_established(party *i, party *r, unsigned suite, int confirm)
{
	static const uint8_t m[] = "confirm";

	fg_pair(i, r, suite, 0);
	if (!handshake(i, r))
		return 0;
	if (confirm) {
		if (msa_assoc_send(&r->a, m, sizeof m, T_NOW, &r->io) != MSA_OK)
			return 0;
		pump(r, i);
		i->got_len = 0;
		i->n_msgs = 0;
	}
	i->events = r->events = 0;
	return msa_assoc_state(&i->a) == MSA_ST_ESTABLISHED
		&& msa_assoc_state(&r->a) == MSA_ST_ESTABLISHED;
}

int
fg_handshake(party *i, party *r, unsigned suite, fg_msgs *m)
{
	fg_pair(i, r, suite, 0);
	if (msa_assoc_start(&i->a, T_NOW, &i->io) != MSA_OK)
		return 0;
	memcpy(m->m[0], i->io.out, i->io.out_len);
	m->n[0] = i->io.out_len;
	if (fg_recv(r, m->m[0], m->n[0], T_NOW) != MSA_OK)
		return 0;
	memcpy(m->m[1], r->io.out, r->io.out_len);
	m->n[1] = r->io.out_len;
	if (fg_recv(i, m->m[1], m->n[1], T_NOW) != MSA_OK)
		return 0;
	memcpy(m->m[2], i->io.out, i->io.out_len);
	m->n[2] = i->io.out_len;
	if (fg_recv(r, m->m[2], m->n[2], T_NOW) != MSA_OK)
		return 0;
	i->events = r->events = 0;
	return msa_assoc_state(&i->a) == MSA_ST_ESTABLISHED
		&& msa_assoc_state(&r->a) == MSA_ST_ESTABLISHED;
}

size_t
fg_mutate(const uint8_t *pdu, size_t n, void (*fn)(struct MsaPdu *, void *), void *ctx,
	uint8_t *out, size_t cap)
{
	MsaPdu_t *v = NULL;
	size_t eo;
	int r;

	if (msa_pdu_decode(arena(), pdu, n, &v, &eo) != MSA_OK)
		return 0;
	fn(v, ctx);
	r = msa_pdu_encode(v, out, cap);
	return r < 0 ? 0 : (size_t)r;
}

static void
set_dest(struct MsaPdu *v, void *ctx)
{
	uint8_t *d = NULL;

	switch (v->present) {
	case MsaPdu_PR_handshakeInit: d = v->choice.handshakeInit.initiatorAid.buf; break;
	case MsaPdu_PR_handshakeResp: d = v->choice.handshakeResp.body.initiatorAid.buf; break;
	case MsaPdu_PR_handshakeFinish: d = v->choice.handshakeFinish.body.responderAid.buf; break;
	case MsaPdu_PR_handshakeReject: d = v->choice.handshakeReject.destAid.buf; break;
	case MsaPdu_PR_protected: d = v->choice.protected.header.assocId.buf; break;
	default: return;
	}
	memcpy(d, ctx, MSA_AID_LEN);
}

size_t
fg_retarget(const uint8_t *pdu, size_t n, const uint8_t aid[MSA_AID_LEN], uint8_t *out,
	size_t cap)
{
	uint8_t a[MSA_AID_LEN];

	memcpy(a, aid, MSA_AID_LEN);
	return fg_mutate(pdu, n, set_dest, a, out, cap);
}

unsigned
fg_pdu(const msa_io *io, unsigned idx, const uint8_t **p, size_t *n)
{
	size_t off = 0, len, eo;
	unsigned k = 0;

	while (off < io->out_len) {
		if (msa_der_frame(io->out + off, io->out_len - off, &len, &eo) != MSA_OK)
			return 0;
		if (k == idx) {
			if (p != NULL)
				*p = io->out + off;
			if (n != NULL)
				*n = len;
			return (io->out[off] & 0x1Fu) + 1u;
		}
		off += len;
		k++;
	}
	return 0;
}

unsigned
fg_npdus(const msa_io *io)
{
	unsigned k = 0;

	while (fg_pdu(io, k, NULL, NULL) != 0)
		k++;
	return k;
}

unsigned
fg_kind(const msa_io *io, unsigned idx)
{
	return fg_pdu(io, idx, NULL, NULL);
}

int
fg_rec_hdr(const msa_io *io, unsigned idx, unsigned *type, uint32_t *gen, uint32_t *seq,
	uint8_t aid[MSA_AID_LEN])
{
	const uint8_t *p;
	size_t n;
	msa_rec rc;

	if (fg_pdu(io, idx, &p, &n) != MSA_PDU_PROTECTED || !msa_rec_parse(p, n, &rc))
		return 0;
	if (type) *type = rc.type;
	if (gen) *gen = rc.gen;
	if (seq) *seq = rc.seq;
	if (aid) memcpy(aid, rc.aid, MSA_AID_LEN);
	return 1;
}

static void
copy_detail(const OCTET_STRING_t *d, char *detail, int *has)
{
	size_t n = 0;

	*has = d != NULL;
	if (d != NULL) {
		n = (size_t)d->size > MSA_MAX_DETAIL ? MSA_MAX_DETAIL : (size_t)d->size;
		memcpy(detail, d->buf, n);
	}
	detail[n] = 0;
}

int
fg_reject(const msa_io *io, unsigned idx, uint8_t dest[MSA_AID_LEN], long *diag,
	char detail[MSA_MAX_DETAIL + 1], int *has_detail)
{
	const uint8_t *p;
	size_t n, eo;
	MsaPdu_t *v = NULL;
	const HandshakeReject_t *hr;

	if (fg_pdu(io, idx, &p, &n) != MSA_PDU_REJECT
		|| msa_pdu_decode(arena(), p, n, &v, &eo) != MSA_OK)
		return 0;
	hr = &v->choice.handshakeReject;
	memcpy(dest, hr->destAid.buf, MSA_AID_LEN);
	*diag = hr->diagnostic;
	copy_detail(hr->detail, detail, has_detail);
	return 1;
}

/* The keys of generation gen of rcv's receive direction. */
static int
recv_keys(msa_assoc *rcv, uint32_t gen, uint8_t *key, uint8_t *iv)
{
	msa_keys k;
	uint8_t ts[MSA_MAX_HASH];
	const msa_crypto_provider *p = rcv->cfg->crypto;

	msa_keys_of(rcv, &k);
	if (gen == rcv->recv_gen) {
		memcpy(key, k.recv_key, k.nk);
		memcpy(iv, k.recv_iv, k.ivl);
		return 1;
	}
	if (gen != (uint32_t)rcv->recv_gen + 1u)
		return 0;
	if (rcv->flags & MSA_FL_RECV_PENDING)
		memcpy(ts, k.pend, k.h);
	else if (msa_ks_label(p, k.s, k.recv_ts, "update", NULL, 0, ts, k.h) != MSA_OK)
		return 0;
	return msa_ks_traffic(p, k.s, ts, key, iv) == MSA_OK;
}

int
fg_open(msa_assoc *rcv, const uint8_t *pdu, size_t n, unsigned *type, uint8_t *pt,
	size_t *pt_len)
{
	const msa_crypto_provider *p;
	msa_keys k;
	msa_rec rc;
	uint8_t key[MSA_MAX_KEY_LEN], iv[12], nonce[12];
	int r;

	if (rcv->state < MSA_ST_ESTABLISHED || rcv->state > MSA_ST_RELEASE_RECEIVED
		|| !msa_rec_parse(pdu, n, &rc))
		return 0;
	p = rcv->cfg->crypto;
	msa_keys_of(rcv, &k);
	if (rc.icv_len != k.s->tag_len || !recv_keys(rcv, rc.gen, key, iv))
		return 0;
	memcpy(pt, pdu + rc.body_off, rc.body_len);
	if (k.s->aead) {
		msa_rec_nonce(iv, rc.seq, nonce);
		r = p->aead_open(k.s->protection, key, k.nk, nonce, pdu + rc.hdr_off, rc.hdr_len,
			pt, rc.body_len, pdu + rc.icv_off);
	} else {
		r = p->icv_verify(key, k.nk, pdu + rc.hdr_off, rc.hdr_len, pdu + rc.body_off,
			rc.body_len, pdu + rc.icv_off);
	}
	if (r != MSA_OK)
		return 0;
	*type = rc.type;
	*pt_len = rc.body_len;
	return 1;
}

int
fg_abort(const msa_io *io, unsigned idx, msa_assoc *rcv, long *diag,
	char detail[MSA_MAX_DETAIL + 1], int *has_detail)
{
	const uint8_t *p;
	size_t n, pl, eo;
	unsigned type;
	static uint8_t pt[MSA_MAX_PDU];
	void *v = NULL;

	if (fg_pdu(io, idx, &p, &n) != MSA_PDU_PROTECTED || !fg_open(rcv, p, n, &type, pt, &pl)
		|| type != 6 || msa_value_decode(arena(), &asn_DEF_Abort, pt, pl, &v, &eo) != MSA_OK)
		return 0;
	*diag = ((Abort_t *)v)->diagnostic;
	copy_detail(((Abort_t *)v)->detail, detail, has_detail);
	return 1;
}

int
fg_ctl_value(const msa_io *io, unsigned idx, msa_assoc *rcv, unsigned type, long *val)
{
	const uint8_t *p;
	size_t n, pl, eo;
	unsigned t;
	static uint8_t pt[MSA_MAX_PDU];
	void *v = NULL;
	static const struct asn_TYPE_descriptor_s *const td[] = { NULL,
		&asn_DEF_KeyUpdate, &asn_DEF_RekeyRequest, &asn_DEF_RekeyResponse,
		&asn_DEF_ReleaseRequest, &asn_DEF_ReleaseResponse, &asn_DEF_Abort };

	if (type < 1 || type > 6 || fg_pdu(io, idx, &p, &n) != MSA_PDU_PROTECTED
		|| !fg_open(rcv, p, n, &t, pt, &pl) || t != type
		|| msa_value_decode(arena(), td[type], pt, pl, &v, &eo) != MSA_OK)
		return 0;
	switch (type) {
	case 1: *val = ((KeyUpdate_t *)v)->updateRequested != 0; break;
	case 2: *val = ((RekeyRequest_t *)v)->keyShare.group; break;
	case 3: *val = ((RekeyResponse_t *)v)->keyShare.group; break;
	case 4: *val = ((ReleaseRequest_t *)v)->reason; break;
	case 5: *val = ((ReleaseResponse_t *)v)->reason; break;
	default: *val = ((Abort_t *)v)->diagnostic; break;
	}
	return 1;
}

size_t
fg_forge(msa_assoc *snd, int keysel, const uint8_t aid[MSA_AID_LEN], unsigned type,
	uint32_t gen, uint32_t seq, const uint8_t *body, size_t blen, size_t icv_len,
	int corrupt, uint8_t *out, size_t cap)
{
	const msa_crypto_provider *p = snd->cfg->crypto;
	msa_keys k;
	uint8_t hdr[MSA_REC_HDR_MAX], key[MSA_MAX_KEY_LEN], iv[12], nonce[12], tag[32];
	uint8_t ts[MSA_MAX_HASH];
	size_t hl, inner, off;
	int r;

	msa_keys_of(snd, &k);
	if (keysel == FG_NEXT) {
		if (msa_ks_label(p, k.s, k.send_ts, "update", NULL, 0, ts, k.h) != MSA_OK
			|| msa_ks_traffic(p, k.s, ts, key, iv) != MSA_OK)
			return 0;
	} else {
		memcpy(key, k.send_key, k.nk);
		memcpy(iv, k.send_iv, k.ivl);
	}
	hl = msa_rec_header(hdr, aid, type, gen, seq);
	inner = hl + msa_rec_tl_len(blen) + blen + msa_rec_tl_len(icv_len) + icv_len;
	if (msa_rec_tl_len(inner) + inner > cap || icv_len > 32)
		return 0;
	off = msa_rec_tl(out, 0xA4u, inner);
	memcpy(out + off, hdr, hl);
	off += hl;
	off += msa_rec_tl(out + off, 0x81u, blen);
	if (blen > 0)
		memcpy(out + off, body, blen);
	memset(tag, 0, sizeof tag);
	if (k.s->aead) {
		msa_rec_nonce(iv, seq, nonce);
		r = p->aead_seal(k.s->protection, key, k.nk, nonce, hdr, hl, out + off, blen, tag);
	} else {
		r = p->icv_compute(key, k.nk, hdr, hl, out + off, blen, tag);
	}
	if (r != MSA_OK)
		return 0;
	off += blen;
	off += msa_rec_tl(out + off, 0x82u, icv_len);
	memcpy(out + off, tag, icv_len);
	if (corrupt)
		out[off] ^= 0x01u;
	off += icv_len;
	return off;
}

size_t
fg_forge_next(msa_assoc *snd, unsigned type, const uint8_t *body, size_t blen, uint8_t *out,
	size_t cap)
{
	size_t n = fg_forge(snd, FG_CUR, snd->peer_aid, type, snd->send_gen, snd->send_seq, body,
		blen, msa_suite_find(snd->suite)->tag_len, 0, out, cap);

	if (n > 0)
		snd->send_seq++;
	return n;
}

static size_t
enc(const struct asn_TYPE_descriptor_s *td, const void *v, uint8_t *out, size_t cap)
{
	int n = msa_value_encode(td, v, out, cap);

	return n < 0 ? 0 : (size_t)n;
}

size_t
fg_body_keyupdate(int req, uint8_t *out, size_t cap)
{
	KeyUpdate_t ku;

	memset(&ku, 0, sizeof ku);
	ku.updateRequested = req ? 0xFF : 0;
	return enc(&asn_DEF_KeyUpdate, &ku, out, cap);
}

size_t
fg_body_release(int response, int reason, uint8_t *out, size_t cap)
{
	ReleaseRequest_t rq;
	ReleaseResponse_t rs;

	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	rq.reason = reason;
	rs.reason = reason;
	return response ? enc(&asn_DEF_ReleaseResponse, &rs, out, cap)
		: enc(&asn_DEF_ReleaseRequest, &rq, out, cap);
}

size_t
fg_body_abort(int diag, const char *detail, uint8_t *out, size_t cap)
{
	Abort_t ab;
	UTF8String_t d;
	char buf[MSA_MAX_DETAIL + 1];

	memset(&ab, 0, sizeof ab);
	memset(&d, 0, sizeof d);
	ab.diagnostic = diag;
	if (detail != NULL) {
		snprintf(buf, sizeof buf, "%s", detail);
		d.buf = (uint8_t *)buf;
		d.size = (int)strlen(buf);
		ab.detail = &d;
	}
	return enc(&asn_DEF_Abort, &ab, out, cap);
}

size_t
fg_body_rekey(int response, unsigned g, const uint8_t *share, size_t n, uint8_t *out, size_t cap)
{
	RekeyRequest_t rq;
	RekeyResponse_t rs;
	uint8_t buf[2048];

	if (n > sizeof buf)
		return 0;
	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	memcpy(buf, share, n);
	rq.keyShare.group = g;
	rq.keyShare.keyExchange.buf = buf;
	rq.keyShare.keyExchange.size = (int)n;
	rs.keyShare = rq.keyShare;
	return response ? enc(&asn_DEF_RekeyResponse, &rs, out, cap)
		: enc(&asn_DEF_RekeyRequest, &rq, out, cap);
}

int
fg_recv(party *p, const uint8_t *pdu, size_t n, uint64_t now)
{
	return party_recv(p, pdu, n, now);
}

static int
hs_state(int st)
{
	return st == MSA_ST_IDLE || st == MSA_ST_WAIT_RESP || st == MSA_ST_WAIT_FINISH;
}

void
fg_snap_take(fg_snap *s, const msa_assoc *a)
{
	memset(s, 0, sizeof *s);
	memcpy(&s->a, a, sizeof *a);
	s->has_ws = hs_state(a->state) && a->u.hs != NULL;
	if (s->has_ws)
		memcpy(&s->ws, a->u.hs, sizeof s->ws);
}

int
fg_snap_same(const fg_snap *s, const msa_assoc *a)
{
	if (memcmp(&s->a, a, sizeof *a) != 0)
		return 0;
	return !s->has_ws || memcmp(&s->ws, a->u.hs, sizeof s->ws) == 0;
}
