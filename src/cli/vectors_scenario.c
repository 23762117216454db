/*
 * vectors_scenario.c -- the `scenario` operation of `msa vectors adapter`
 * (vectors/ADAPTER.md): two engines of this library, set up from a
 * scenario vector's inputs (DRBG seeds of the deterministic test mode,
 * signing keys, chains, anchors, time), follow its script -- a
 * conversation in which one PDU is altered, replayed, reordered, dropped
 * or injected -- and the first error a receiving engine returns after the
 * fault is reported with that side's state and its reply (the PDU it sent
 * in that call: a HandshakeReject or an abort record, with its diagnostic).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "msa.h"
#include "cli.h"
#include "vjson.h"
#include "vectors.h"
#include "vectors_io.h"

#include "MsaPdu.h"
#include "Abort.h"

typedef struct {
	const char *name;
	msa_drbg rng;
	msa_private_key key;
	uint8_t certs[MSA_MAX_CHAIN][MSA_MAX_CERT];
	msa_seg chain[MSA_MAX_CHAIN];
	size_t n;
	msa_anchors ta;
	msa_cert_store store;
	msa_config cfg;
	msa_hs_workspace ws;
	msa_assoc a;
	msa_io io;
	uint8_t obuf[MSA_OUT_CAP], dbuf[MSA_MAX_DATA];
	cli_pq q;                 /* PDUs sent, not yet delivered */
} sparty;

static const msa_crypto_provider *B;
static msa_crypto_provider W;
static uint8_t last_pt[MSA_MAX_PDU];
static size_t last_pt_len;
static int last_sealed;

/* A provider that remembers the last plaintext sealed: the body of the
 * abort record a failing side sends (its diagnostic). */
static int
w_aead_seal(unsigned prot, const uint8_t *key, size_t key_len, const uint8_t *nonce,
	const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len, uint8_t *tag)
{
	if (cli_bytes_in(last_pt, sizeof last_pt, data, (long)len) == 0) {
		last_pt_len = len;
		last_sealed = 1;
	}
	return B->aead_seal(prot, key, key_len, nonce, aad, aad_len, data, len, tag);
}

static int
w_icv_compute(const uint8_t *key, size_t key_len, const uint8_t *aad, size_t aad_len,
	const uint8_t *body, size_t body_len, uint8_t *icv)
{
	if (cli_bytes_in(last_pt, sizeof last_pt, body, (long)body_len) == 0) {
		last_pt_len = body_len;
		last_sealed = 1;
	}
	return B->icv_compute(key, key_len, aad, aad_len, body, body_len, icv);
}

static uint8_t arena_mem[MSA_ARENA_PDU_SIZE];

/* A message or PDU of the script, decoded: at most half a request line
 * (then refused by the engine when too long for it). */
static uint8_t msg[VECTORS_LINE_MAX / 2];

static int
hexin(const vj *o, const char *k, uint8_t *buf, size_t cap, size_t *n)
{
	return vj_hex(vj_get(o, k), buf, cap, n);
}

static int
setup(sparty *p, const char *name, const vj *pin, const vj *anchors, const vj *in)
{
	const vj *ch = vj_get(pin, "chain");
	const char *seed = vj_str(pin, "seed");
	uint8_t scalar[MSA_PRIVKEY_MAX], aid[4], ca[MSA_MAX_CERT];
	size_t n, i;
	long long refs = 0;
	int r;

	memset(p, 0, sizeof *p);
	cli_pq_init(&p->q);
	p->name = name;
	if (seed == NULL || ch == NULL || ch->t != VJ_ARR || ch->n == 0 || ch->n > MSA_MAX_CHAIN
		|| hexin(pin, "key", scalar, sizeof scalar, &n) != 0 || hexin(pin, "aid", aid, 4, &i) != 0 || i != 4)
		return MSA_ERR_BAD_ARGUMENT;
	if ((r = msa_drbg_init_deterministic(&p->rng, (const uint8_t *)seed, strlen(seed))) != MSA_OK
		|| (r = msa_private_key_set(&p->key, n == 48 ? MSA_SIG_ECDSA_P384_SHA384 : MSA_SIG_ECDSA_P256_SHA256,
			scalar, n)) != MSA_OK)
		return r;
	for (i = 0; i < ch->n; i++) {
		if (vj_hex(ch->v[i], p->certs[i], MSA_MAX_CERT, &n) != 0)
			return MSA_ERR_BAD_ARGUMENT;
		p->chain[i].ptr = p->certs[i];
		p->chain[i].len = n;
	}
	p->n = ch->n;
	msa_config_init(&p->cfg, &W, &p->rng);
	if ((r = msa_config_set_identity(&p->cfg, &p->key, p->chain, p->n)) != MSA_OK)
		return r;
	msa_anchors_init(&p->ta);
	for (i = 0; anchors != NULL && i < anchors->n; i++) {
		if (vj_hex(anchors->v[i], ca, sizeof ca, &n) != 0)
			return MSA_ERR_BAD_ARGUMENT;
		if ((r = msa_anchors_add(&p->ta, ca, n)) != MSA_OK)
			return r;
	}
	msa_cert_store_init(&p->store);
	p->cfg.anchors = &p->ta;
	p->cfg.store = &p->store;
	vj_int(in, "useRefs", &refs);
	p->cfg.use_refs = (int)refs;
	refs = 0;
	vj_int(in, "mode", &refs);          /* 0 stream (default), 1 datagram */
	p->cfg.mode = refs == 1 ? MSA_MODE_DATAGRAM : MSA_MODE_STREAM;
	{
		long long s;
		uint16_t id;
		if (vj_int(in, "suite", &s) != 0)
			return MSA_ERR_BAD_ARGUMENT;
		id = (uint16_t)s;
		if ((r = msa_config_set_suites(&p->cfg, &id, 1)) != MSA_OK)
			return r;
	}
	p->io.out = p->obuf;
	p->io.out_cap = sizeof p->obuf;
	p->io.data = p->dbuf;
	p->io.data_cap = sizeof p->dbuf;
	return MSA_OK;
}

/* Queues what p sent in its last call (vectors_io.c, proved). */
static void
queue(sparty *p)
{
	(void)cli_pq_frames(&p->q, p->io.out, p->io.out_len);
}

/* The PDU being delivered, out of its queue. */
static uint8_t cur[MSA_MAX_PDU];

/* The first failure after the fault. */
typedef struct {
	int armed, seen, err, state;
	const char *side;
	char reply[16];
	int reply_diag;
} outcome;

/* The reply of a failing call: a HandshakeReject or an abort record. */
static void
note_reply(sparty *q, outcome *oc)
{
	msa_arena ar;
	struct MsaPdu *pdu = NULL;

	strcpy(oc->reply, "none");
	oc->reply_diag = -1;
	if (q->io.out_len == 0)
		return;
	msa_arena_init(&ar, arena_mem, sizeof arena_mem);
	if (msa_pdu_decode(&ar, q->io.out, q->io.out_len, &pdu, NULL) != MSA_OK) {
		strcpy(oc->reply, "other");
		return;
	}
	if (pdu->present == MsaPdu_PR_handshakeReject) {
		strcpy(oc->reply, "reject");
		oc->reply_diag = (int)pdu->choice.handshakeReject.diagnostic;
	} else if (pdu->present == MsaPdu_PR_protected
		&& pdu->choice.protected.header.type == 6 && last_sealed) {
		void *v = NULL;
		msa_arena ar2;
		strcpy(oc->reply, "abort");
		msa_arena_init(&ar2, arena_mem + MSA_ARENA_PDU_SIZE / 2, MSA_ARENA_PDU_SIZE / 2);
		if (msa_value_decode(&ar2, &asn_DEF_Abort, last_pt, last_pt_len, &v, NULL) == MSA_OK)
			oc->reply_diag = (int)((Abort_t *)v)->diagnostic;
	} else {
		strcpy(oc->reply, "other");
	}
}

static void
recv_one(sparty *q, const uint8_t *pdu, size_t n, uint64_t now, outcome *oc)
{
	msa_arena ar;
	int r;

	msa_arena_init(&ar, arena_mem, sizeof arena_mem);
	last_sealed = 0;
	r = msa_assoc_recv(&q->a, &ar, pdu, n, now, &q->io);
	if (oc->armed && !oc->seen && r != MSA_OK) {
		oc->seen = 1;
		oc->err = r;
		oc->state = msa_assoc_state(&q->a);
		oc->side = q->name;
		note_reply(q, oc);
	}
	queue(q);
}

/* Delivers p's queue to q, and the replies back, until both are quiet. */
static void
flush(sparty *p, sparty *q, uint64_t now, outcome *oc)
{
	int guard = 0;

	while ((p->q.n > 0 || q->q.n > 0) && guard++ < 64) {
		size_t n;
		while (cli_pq_take(&p->q, cur, sizeof cur, &n) == 0)
			recv_one(q, cur, n, now, oc);
		{
			sparty *t = p;
			p = q;
			q = t;
		}
	}
}

/* The two parties of a scenario or transcript, from its inputs: DRBG
 * seeds, keys, chains, anchors, suite, useRefs, mode; each requires the
 * other's name (or "peer"); both associations initialised. */
static int
pair_setup(sparty *I, sparty *R, const vj *in)
{
	const vj *anchors = vj_get(in, "anchors");
	int r;

	B = msa_crypto_bearssl();
	W = *B;
	W.aead_seal = w_aead_seal;
	W.icv_compute = w_icv_compute;
	if (anchors == NULL || anchors->t != VJ_ARR)
		return MSA_ERR_BAD_ARGUMENT;
	if ((r = setup(I, "I", vj_get(in, "initiator"), anchors, in)) != MSA_OK
		|| (r = setup(R, "R", vj_get(in, "responder"), anchors, in)) != MSA_OK)
		return r;
	{
		/* the AE name each side requires of its peer: "peer", else the
		 * other side's own name */
		const char *pi = vj_str(vj_get(in, "initiator"), "peer");
		const char *pr = vj_str(vj_get(in, "responder"), "peer");
		if ((r = pi != NULL ? msa_config_add_peer(&I->cfg, (const uint8_t *)pi, strlen(pi))
			: msa_config_add_peer(&I->cfg, R->cfg.own_id, R->cfg.own_id_len)) != MSA_OK
			|| (r = pr != NULL ? msa_config_add_peer(&R->cfg, (const uint8_t *)pr, strlen(pr))
			: msa_config_add_peer(&R->cfg, I->cfg.own_id, I->cfg.own_id_len)) != MSA_OK)
			return r;
	}
	{
		long long refs = 0;
		vj_int(in, "useRefs", &refs);
		if (refs == 1 && ((r = msa_cert_store_add(&I->store, R->chain, R->n)) != MSA_OK
			|| (r = msa_cert_store_add(&R->store, I->chain, I->n)) != MSA_OK))
			return r;      /* by reference: each side holds the other's certificate */
	}
	{
		uint8_t ai[4], ar_[4];
		size_t n;
		hexin(vj_get(in, "initiator"), "aid", ai, 4, &n);
		hexin(vj_get(in, "responder"), "aid", ar_, 4, &n);
		if ((r = msa_assoc_init_initiator(&I->a, &I->cfg, &I->ws, ai)) != MSA_OK
			|| (r = msa_assoc_init_responder(&R->a, &R->cfg, &R->ws, ar_)) != MSA_OK)
			return r;
	}
	return MSA_OK;
}

static void
pair_wipe(sparty *I, sparty *R)
{
	cli_pq_init(&I->q);
	cli_pq_init(&R->q);
	msa_drbg_wipe(&I->rng);
	msa_drbg_wipe(&R->rng);
	msa_private_key_wipe(&I->key);
	msa_private_key_wipe(&R->key);
}

int
msa_vectors_scenario(const vj *in, const vj *script, vbuf *o, const char **err)
{
	static sparty I, R;
	long long now = 0;
	outcome oc;
	size_t i;
	int r;

	memset(&oc, 0, sizeof oc);
	*err = NULL;
	if (script == NULL || script->t != VJ_ARR || vj_int(in, "now", &now) != 0)
		return MSA_ERR_BAD_ARGUMENT;
	if ((r = pair_setup(&I, &R, in)) != MSA_OK)
		return r;
	for (i = 0; i < script->n; i++) {
		const vj *s = script->v[i];
		const char *what = vj_str(s, "do"), *sd = vj_str(s, "side");
		sparty *p = sd != NULL && strcmp(sd, "R") == 0 ? &R : &I, *q = p == &I ? &R : &I;
		if (what == NULL)
			return MSA_ERR_BAD_ARGUMENT;
		if (strcmp(what, "start") == 0) {
			r = msa_assoc_start(&p->a, (uint64_t)now, &p->io);
			queue(p);
		} else if (strcmp(what, "send") == 0) {
			size_t n;
			if (hexin(s, "message", msg, sizeof msg, &n) != 0)
				return MSA_ERR_BAD_ARGUMENT;
			r = msa_assoc_send(&p->a, msg, n, (uint64_t)now, &p->io);
			queue(p);
		} else if (strcmp(what, "ratchet") == 0) {
			r = msa_assoc_ratchet(&p->a, 0, (uint64_t)now, &p->io);
			queue(p);
		} else if (strcmp(what, "rekey") == 0) {
			r = msa_assoc_rekey(&p->a, (uint64_t)now, &p->io);
			queue(p);
		} else if (strcmp(what, "release") == 0) {
			r = msa_assoc_release(&p->a, MSA_REASON_NORMAL, (uint64_t)now, &p->io);
			queue(p);
		} else if (strcmp(what, "deliver") == 0) {
			r = MSA_OK;
			flush(p, q, (uint64_t)now, &oc);
		} else if (strcmp(what, "deliver1") == 0) {
			/* the first PDU of p's queue alone; the replies stay queued */
			size_t n;
			if (cli_pq_take(&p->q, cur, sizeof cur, &n) != 0)
				return MSA_ERR_BAD_ARGUMENT;
			recv_one(q, cur, n, (uint64_t)now, &oc);
			r = MSA_OK;
		} else if (strcmp(what, "fault") == 0) {
			/* the fault, then everything flushed; the first error after it decides */
			const char *kind = vj_str(s, "fault");
			long long idx = 0, off = 0, x = 0;
			size_t n = 0;
			int e = -1;                 /* an unknown kind: refused */
			vj_int(s, "index", &idx);
			vj_int(s, "offset", &off);
			vj_int(s, "xor", &x);
			oc.armed = 1;
			r = MSA_OK;
			if (kind == NULL)
				return MSA_ERR_BAD_ARGUMENT;
			if (strcmp(kind, "inject") == 0) {
				if (hexin(s, "pdu", msg, sizeof msg, &n) != 0)
					return MSA_ERR_BAD_ARGUMENT;
				recv_one(q, msg, n, (uint64_t)now, &oc);
			} else {
				/* the queue's functions refuse an index or offset outside it */
				size_t at = idx < 0 ? CLI_PQ_CAP : (size_t)idx;
				if (strcmp(kind, "none") == 0)
					e = at < p->q.n ? 0 : -1;   /* the first failure from here on counts */
				else if (strcmp(kind, "alter") == 0)   /* off < 0: from the end */
					e = cli_pq_alter(&p->q, at, off, (unsigned)(x & 0xFF));
				else if (strcmp(kind, "truncate") == 0)
					e = cli_pq_cut(&p->q, at);
				else if (strcmp(kind, "drop") == 0)
					e = cli_pq_drop(&p->q, at);
				else if (strcmp(kind, "replay") == 0)
					e = cli_pq_dup(&p->q, at);
				else if (strcmp(kind, "reorder") == 0)
					e = cli_pq_swap(&p->q, at);
				if (e != 0)
					return MSA_ERR_BAD_ARGUMENT;
			}
			flush(p, q, (uint64_t)now, &oc);
		} else {
			return MSA_ERR_BAD_ARGUMENT;
		}
		if (r != MSA_OK && !oc.armed) {
			*err = "script";
			return r;
		}
	}
	vb_puts(o, ",\"outputs\":{");
	if (!oc.seen) {
		vb_printf(o, "\"error\":\"OK\",\"stateI\":\"%s\",\"stateR\":\"%s\"}",
			msa_state_name(msa_assoc_state(&I.a)), msa_state_name(msa_assoc_state(&R.a)));
	} else {
		vb_printf(o, "\"side\":\"%s\",\"error\":\"%s\",\"state\":\"%s\",\"reply\":\"%s\"",
			oc.side, msa_err_name(oc.err), msa_state_name(oc.state), oc.reply);
		if (oc.reply_diag >= 0)
			vb_printf(o, ",\"replyDiagnostic\":\"%s\"", msa_diag_name(oc.reply_diag));
		vb_puts(o, "}");
	}
	pair_wipe(&I, &R);
	return MSA_OK;
}

/* Event names, in the order of the MSA_EV_* bits (as the vectors write them). */
static const char *const ev_names[] = { "SENT", "ESTABLISHED", "DATA", "RELEASE_REQ",
	"CLOSED", "ABORTED", "DROPPED", "SEND_RENEWED", "RECV_RENEWED", "PEER_ENDED" };

int
msa_vectors_transcript(const vj *in, const vj *calls, vbuf *o)
{
	static sparty I, R;
	long long now = 0;
	size_t i, k;
	int r;

	if (calls == NULL || calls->t != VJ_ARR || vj_int(in, "now", &now) != 0)
		return MSA_ERR_BAD_ARGUMENT;
	if ((r = pair_setup(&I, &R, in)) != MSA_OK)
		return r;
	vb_puts(o, ",\"outputs\":{\"steps\":[");
	for (i = 0; i < calls->n; i++) {
		const vj *s = calls->v[i];
		const char *call = vj_str(s, "call"), *sd = vj_str(s, "side");
		sparty *p = sd != NULL && strcmp(sd, "R") == 0 ? &R : &I;
		const vj *hx;
		const uint8_t *m = NULL;
		size_t n = 0;
		msa_arena ar;
		if (call == NULL || sd == NULL)
			return MSA_ERR_BAD_ARGUMENT;
		if ((hx = vj_get(s, strcmp(call, "recv") == 0 ? "pdu" : "message")) != NULL) {
			if (vj_hex(hx, msg, sizeof msg, &n) != 0)
				return MSA_ERR_BAD_ARGUMENT;
			m = msg;
		}
		if (strcmp(call, "start") == 0) {
			r = msa_assoc_start(&p->a, (uint64_t)now, &p->io);
		} else if (strcmp(call, "recv") == 0 && m != NULL) {
			msa_arena_init(&ar, arena_mem, sizeof arena_mem);
			r = msa_assoc_recv(&p->a, &ar, m, n, (uint64_t)now, &p->io);
		} else if (strcmp(call, "send") == 0 && m != NULL) {
			r = msa_assoc_send(&p->a, m, n, (uint64_t)now, &p->io);
		} else if (strcmp(call, "ratchet") == 0) {
			r = msa_assoc_ratchet(&p->a, 0, (uint64_t)now, &p->io);
		} else if (strcmp(call, "rekey") == 0) {
			r = msa_assoc_rekey(&p->a, (uint64_t)now, &p->io);
		} else if (strcmp(call, "release") == 0) {
			r = msa_assoc_release(&p->a, MSA_REASON_NORMAL, (uint64_t)now, &p->io);
		} else {
			return MSA_ERR_BAD_ARGUMENT;
		}
		vb_printf(o, "%s{\"error\":\"%s\",\"events\":[", i ? "," : "", msa_err_name(r));
		for (k = 0, n = 0; k < sizeof ev_names / sizeof ev_names[0]; k++)
			if (p->io.events & (1u << k))
				vb_printf(o, "%s\"%s\"", n++ ? "," : "", ev_names[k]);
		vb_printf(o, "],\"state\":\"%s\",\"sent\":[", msa_state_name(msa_assoc_state(&p->a)));
		{
			size_t off = 0, pl, e;
			for (k = 0; off < p->io.out_len
				&& msa_der_frame(p->io.out + off, p->io.out_len - off, &pl, &e) == MSA_OK; k++) {
				vb_puts(o, k ? "," : "");
				vb_hex(o, p->io.out + off, pl);
				off += pl;
			}
		}
		vb_puts(o, "]");
		if (p->io.events & MSA_EV_DATA) {
			vb_puts(o, ",\"delivered\":");
			vb_hex(o, p->io.data, p->io.data_len);
		}
		vb_puts(o, "}");
	}
	vb_puts(o, "]}");
	pair_wipe(&I, &R);
	return MSA_OK;
}
