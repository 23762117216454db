/*
 * fuzz_engine.c -- the stateful engine: an initiator and a responder
 * (vectors/pki initiator-1 and responder-1 under root-ca, deterministic
 * DRBGs) exchange PDUs through two queues the input controls. The input is
 * a script:
 *
 *   octet 0  the configuration: bits 0..3 the suite (ids[], both sides),
 *            bit 4 certificates by reference (each side knows the other's
 *            chain), bit 5 datagram mode, bit 6 a renewal policy (policy[]
 *            by octet 1 bits 4..5), bit 7 start ESTABLISHED (from a
 *            snapshot of the honest handshake under this configuration,
 *            made once: the slow ECDSA part is then skipped);
 *   octet 1  bit 0 forge signatures and handshake MACs, bit 1 forge
 *            records (see below),
 *            bit 2 no clock (now = MSA_TIME_UNKNOWN), bit 3 each side
 *            with a msa_key_cache attached before the first command (the
 *            caches must be wiped and detached whenever a side ends);
 *   then commands, one octet each (low nibble the command, bit 4 the side
 *   s that receives or acts, bits 5..7 an argument x), some followed by
 *   operands:
 *     0 deliver the next PDU queued for s          1 the same, one octet
 *       (2 operand octets: position, 1: xor mask)     flipped
 *     2 inject a PDU to s (2 octets length, bytes)  3 drop the next PDU for s
 *     4 deliver the last PDU delivered to s again   5 s sends a message
 *       (1 octet: its length 0..63)                 6 s ratchets (x&1 asks back)
 *     7 s rekeys       8 s releases (reason x%3)    9 s aborts (diag x)
 *    10 time passes (4^x s) and s's timers run     11 s starts (initiator)
 *    12 structure-aware: the next PDU for s, DER-decoded as a tree, with
 *       its (1 octet) k-th primitive value replaced by (1 octet length
 *       0..63, bytes) and every enclosing length re-encoded, delivered
 *    13 the next two PDUs for s swap places     14, 15 deliver all for s
 *
 * Forging (the fuzzing-only hook of issue 7): the harness hands the engine
 * its own copy of the BearSSL provider table whose sig_verify, aead_open
 * and icv_verify return MSA_OK, when the input asks for it, where the real
 * check fails (a forged record's "plaintext" is its ciphertext as sent),
 * so that states behind signatures and record protection are reached from
 * the input. It lives in this file, compiled only into the fuzz builds
 * (-DMSA_FUZZING). The handshake MACs (HandshakeResp, HandshakeFinish) are
 * HMACs the engine checks itself (msa_mac_verify, constant time): for
 * those src/handshake.c has, under #ifdef MSA_FUZZING only, the hook
 * msa_fuzz_forge_hs_mac (src/internal.h), which this harness sets and
 * which overrules a failed check when octet 1 bit 0 asks for forging.
 * libmsa.a is built without -DMSA_FUZZING and has no hook. Sends always
 * use the real provider.
 *
 * Properties (spec 7, 8, 9, 12; REQ-STM-*, REQ-DT-*, REQ-ERR-006,
 * REQ-CRY-010), after every call:
 *  - the return value is io->err; out_len <= out_cap and io->out holds
 *    exactly n_pdus PDUs, each accepted by the strict decoder
 *    (msa_pdu_decode: the engine only sends canonical DER);
 *  - a local-call error (BAD_ARGUMENT, BUFFER_TOO_SMALL, STATE, CLOSED,
 *    USAGE_LIMIT) and a dropped PDU (MSA_EV_DROPPED) leave the association
 *    byte for byte as it was;
 *  - CLOSED or ABORTED: every key field is zero;
 *  - unless something was forged: a delivered message is one the peer
 *    sent, with its exact content, at most once (datagram mode may
 *    reorder; stream mode delivers the very next one only); established, both sides agree on the
 *    suite and each names the other's real identity.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "fuzz_pki.h"
#include "der.h"
#include "internal.h"

#ifndef MSA_FUZZING
#error "fuzz_engine.c belongs to the fuzz builds only (mk/fuzz.mk, -DMSA_FUZZING)"
#endif

#ifdef FUZZ_ARENA_REDZONES
#define ARENA_FACTOR 2u
#else
#define ARENA_FACTOR 1u
#endif

#define T0 1893456000u          /* 2030-01-01: inside the test PKI's validity */
#define QN 8u                   /* PDUs queued per direction */
#define MAXMSG 63u
#define NLOG 256u               /* messages remembered per direction */

static const uint16_t suite_ids[9] = { 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006,
	0x0007, 0x0011, 0x0012 };
static const msa_policy policies[4] = {
	{ 3, 0, 0, MSA_RENEW_RATCHET }, { 2, 0, 0, MSA_RENEW_REKEY },
	{ 0, 100, 0, MSA_RENEW_RATCHET }, { 0, 0, 60, MSA_RENEW_REKEY },
};
static const char *const names[2] = { "urn:msa:ae:initiator-1", "urn:msa:ae:responder-1" };

typedef struct {
	msa_drbg rng;
	msa_private_key key;
	msa_anchors ta;
	msa_cert_store store;
	msa_config cfg;
	msa_assoc a;
	msa_hs_workspace ws;
	msa_io io;
	msa_arena ar;
	msa_seg chain[2], peer_chain[2];
	uint8_t out[MSA_OUT_CAP];
	uint8_t data[MSA_MAX_DATA];
	uint8_t arena_buf[ARENA_FACTOR * MSA_ARENA_PDU_SIZE + 16u];
	/* PDUs sent TO this side, not delivered yet */
	uint8_t q[QN][MSA_MAX_PDU];
	size_t qlen[QN];
	unsigned qh, qn;
	uint8_t last[MSA_MAX_PDU];       /* the last PDU delivered to this side */
	size_t last_len;
	/* messages this side sent: count, lengths; and the last one it got */
	uint32_t sent, got;
	uint8_t sent_len[NLOG];
	uint32_t seen[NLOG];              /* messages delivered to this side, by c % NLOG */
} side;

static side S[2];
static msa_crypto_provider prov;
static const msa_crypto_provider *real;
static int forge_sig, forge_rec, forged;
static uint64_t now;
static int no_clock, datagram;
static int use_cache;              /* data[1] bit 3: each side with a msa_key_cache */
static msa_key_cache kcs[2];
static int trace;    /* FUZZ_ENGINE_TRACE=1: a line per call on stderr (seeds, debugging) */

/* ------------------------------------------------------------ the forging provider */

static int
fz_sig_verify(unsigned sig_alg, const uint8_t *pub, size_t pub_len,
	const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len)
{
	int r = real->sig_verify(sig_alg, pub, pub_len, msg, msg_len, sig, sig_len);

	if (r != MSA_OK && forge_sig) {
		forged = 1;
		return MSA_OK;
	}
	return r;
}

static int
fz_aead_open(unsigned prot, const uint8_t *key, size_t key_len, const uint8_t *nonce,
	const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len, const uint8_t *tag)
{
	static uint8_t keep[MSA_MAX_PDU];
	int r;

	if (len > sizeof keep)
		return real->aead_open(prot, key, key_len, nonce, aad, aad_len, data, len, tag);
	memcpy(keep, data, len);
	r = real->aead_open(prot, key, key_len, nonce, aad, aad_len, data, len, tag);
	if (r == MSA_ERR_BAD_RECORD && forge_rec) {
		memcpy(data, keep, len);
		forged = 1;
		return MSA_OK;
	}
	return r;
}

/* The same for the expanded-key path (a side with a msa_key_cache). */
static int
fz_aead_open_x(unsigned prot, void *ctx, const uint8_t *nonce,
	const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len, const uint8_t *tag)
{
	static uint8_t keep[MSA_MAX_PDU];
	int r;

	if (len > sizeof keep)
		return real->aead_open_x(prot, ctx, nonce, aad, aad_len, data, len, tag);
	memcpy(keep, data, len);
	r = real->aead_open_x(prot, ctx, nonce, aad, aad_len, data, len, tag);
	if (r == MSA_ERR_BAD_RECORD && forge_rec) {
		memcpy(data, keep, len);
		forged = 1;
		return MSA_OK;
	}
	return r;
}

static int
fz_icv_verify(const uint8_t *key, size_t key_len, const uint8_t *aad, size_t aad_len,
	const uint8_t *body, size_t body_len, const uint8_t *icv)
{
	int r = real->icv_verify(key, key_len, aad, aad_len, body, body_len, icv);

	if (r == MSA_ERR_BAD_RECORD && forge_rec) {
		forged = 1;
		return MSA_OK;
	}
	return r;
}

/* src/handshake.c asks this (msa_fuzz_forge_hs_mac) after a handshake MAC
 * failed its real check: accepted when signatures are being forged. */
static int
fz_hs_mac(void)
{
	if (!forge_sig)
		return 0;
	forged = 1;
	return 1;
}

/* ------------------------------------------------------------ set-up */

static void
must(int r, const char *what)
{
	FUZZ_ASSERT(r == MSA_OK, "set-up: %s: %s", what, msa_err_name(r));
}

/* What does not depend on the input, made once: keys, anchors, the
 * stores, and each side's configuration up to msa_config_set_identity
 * (which computes the public key: an EC multiplication). */
static msa_config base_cfg[2];
static msa_cert_store stores[2][2];

static void
side_once(int i)
{
	side *p = &S[i];

	must(msa_private_key_load(&p->key, i == 0 ? pki_initiator_1_key_pem : pki_responder_1_key_pem,
		i == 0 ? sizeof pki_initiator_1_key_pem : sizeof pki_responder_1_key_pem), "key");
	p->chain[0].ptr = i == 0 ? pki_initiator_1_der : pki_responder_1_der;
	p->chain[0].len = i == 0 ? sizeof pki_initiator_1_der : sizeof pki_responder_1_der;
	p->chain[1].ptr = pki_int_ca_der;
	p->chain[1].len = sizeof pki_int_ca_der;
	p->peer_chain[0].ptr = i == 1 ? pki_initiator_1_der : pki_responder_1_der;
	p->peer_chain[0].len = i == 1 ? sizeof pki_initiator_1_der : sizeof pki_responder_1_der;
	p->peer_chain[1] = p->chain[1];
	msa_anchors_init(&p->ta);
	must(msa_anchors_add(&p->ta, pki_root_ca_der, sizeof pki_root_ca_der), "anchor");
	must(msa_anchors_add(&p->ta, pki_root384_ca_der, sizeof pki_root384_ca_der), "anchor");
	msa_cert_store_init(&stores[i][0]);
	msa_cert_store_init(&stores[i][1]);
	must(msa_cert_store_add(&stores[i][1], p->peer_chain, 2), "store");
	must(msa_arena_init(&p->ar, p->arena_buf, sizeof p->arena_buf), "arena");
	msa_config_init(&base_cfg[i], &prov, &p->rng);
	must(msa_config_set_identity(&base_cfg[i], &p->key, p->chain, 2), "identity");
}

static void
side_init(int i, unsigned conf, unsigned pol)
{
	side *p = &S[i];
	uint8_t seed[32], aid[MSA_AID_LEN] = { 0xA0, 0x00, 0x00, 0x00 };
	uint16_t sid = suite_ids[(conf & 15u) % 9u];

	memset(seed, 0x11 * (i + 1), sizeof seed);
	must(msa_drbg_init_deterministic(&p->rng, seed, sizeof seed), "drbg");
	p->store = stores[i][(conf & 0x10u) != 0];
	p->cfg = base_cfg[i];
	p->cfg.anchors = &p->ta;
	p->cfg.store = &p->store;
	p->cfg.use_refs = (conf & 0x10u) != 0;
	p->cfg.mode = (conf & 0x20u) ? MSA_MODE_DATAGRAM : MSA_MODE_STREAM;
	p->cfg.floor = T0;
	if (conf & 0x40u)
		p->cfg.policy = policies[pol & 3u];
	must(msa_config_set_suites(&p->cfg, &sid, 1), "suite");
	if (i == 0)
		must(msa_config_add_peer(&p->cfg, (const uint8_t *)names[1], strlen(names[1])), "peer");
	memset(&p->io, 0, sizeof p->io);
	p->io.out = p->out;
	p->io.out_cap = sizeof p->out;
	p->io.data = p->data;
	p->io.data_cap = sizeof p->data;
	msa_arena_reset(&p->ar);     /* wipes (and, in ASan builds, unpoisons) what was used */
	aid[2] = (uint8_t)i;
	aid[3] = 1;
	if (i == 0)
		must(msa_assoc_init_initiator(&p->a, &p->cfg, &p->ws, aid), "init");
	else
		must(msa_assoc_init_responder(&p->a, &p->cfg, &p->ws, aid), "init");
	p->qh = p->qn = 0;
	p->last_len = 0;
	p->sent = p->got = 0;
	memset(p->seen, 0, sizeof p->seen);
}

/* ------------------------------------------------------------ oracles */

static int
is_local_error(int r)
{
	return r == MSA_ERR_BAD_ARGUMENT || r == MSA_ERR_BUFFER_TOO_SMALL || r == MSA_ERR_STATE
		|| r == MSA_ERR_CLOSED || r == MSA_ERR_USAGE_LIMIT;
}

/* What side i's call put in io: checked, queued for the other side. */
static void
after_call(int i, int r, const char *call)
{
	side *p = &S[i], *o = &S[1 - i];
	msa_io *io = &p->io;
	size_t off = 0, n, eo;
	unsigned count = 0;
	int st = msa_assoc_state(&p->a);

	if (trace)
		fprintf(stderr, "engine: %s %-7s -> %-18s events %03x out %zu (%u PDUs) data %zu; state %s/%s\n",
			i == 0 ? "I" : "R", call, msa_err_name(r), io->events, io->out_len, io->n_pdus,
			(io->events & MSA_EV_DATA) ? io->data_len : 0,
			msa_state_name(msa_assoc_state(&S[0].a)), msa_state_name(msa_assoc_state(&S[1].a)));
	FUZZ_ASSERT(r == io->err, "%s: returned %s, io->err %s", call, msa_err_name(r),
		msa_err_name(io->err));
	FUZZ_ASSERT(io->out_len <= io->out_cap, "%s: out_len %zu", call, io->out_len);
	if (st == MSA_ST_CLOSED || st == MSA_ST_ABORTED)
		FUZZ_ASSERT(msa_assoc_keys_zero(&p->a), "%s: %s with keys left (REQ-CRY-010)", call,
			msa_state_name(st));
	if (use_cache && (st == MSA_ST_CLOSED || st == MSA_ST_ABORTED)) {
		const uint8_t *kb = (const uint8_t *)&kcs[i];
		size_t z;
		uint8_t acc = 0;
		for (z = 0; z < sizeof kcs[i]; z++)
			acc |= kb[z];
		FUZZ_ASSERT(p->a.kc == NULL && acc == 0, "%s: %s with the key cache attached or "
			"not wiped", call, msa_state_name(st));
	}
	if (use_cache && kcs[i].owner != NULL)
		FUZZ_ASSERT(kcs[i].owner == (const void *)&p->a, "%s: the key cache names another "
			"association", call);
	if (io->events & MSA_EV_DATA)
		FUZZ_ASSERT(io->data_len <= MSA_MAX_DATA, "%s: %zu octets delivered", call, io->data_len);
	while (off < io->out_len) {
		msa_arena *fa = fuzz_arena();
		struct MsaPdu *pdu = NULL;
		size_t doff = 0;
		int d;

		FUZZ_ASSERT(msa_der_frame(io->out + off, io->out_len - off, &n, &eo) == MSA_OK,
			"%s: sent octets %zu.. are not a whole PDU", call, off);
		d = msa_pdu_decode(fa, io->out + off, n, &pdu, &doff);
		FUZZ_ASSERT(d == MSA_OK, "%s: sent a PDU the decoder refuses: %s at %zu", call,
			msa_err_name(d), doff);
		msa_arena_reset(fa);
		if (o->qn < QN) {
			unsigned t = (o->qh + o->qn) % QN;
			memcpy(o->q[t], io->out + off, n);
			o->qlen[t] = n;
			o->qn++;
		}
		off += n;
		count++;
	}
	FUZZ_ASSERT(count == io->n_pdus, "%s: n_pdus %u, %u PDUs in out", call, io->n_pdus, count);
}

static void
check_data(int i)
{
	side *p = &S[i], *o = &S[1 - i];
	const uint8_t *d = p->io.data_at;
	size_t n = p->io.data_len, k;
	uint32_t c;

	if (forged)
		return;
	FUZZ_ASSERT(n >= 4u, "delivered %zu octets, the peer sends 4 or more", n);
	c = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
	FUZZ_ASSERT(c >= 1u && c <= o->sent, "delivered message %u, the peer sent %u", c, o->sent);
	FUZZ_ASSERT(p->seen[c % NLOG] != c, "message %u delivered twice (a replay)", c);
	if (!datagram)
		FUZZ_ASSERT(c == p->got + 1u, "stream: delivered message %u after %u", c, p->got);
	p->seen[c % NLOG] = c;
	if (o->sent - c < NLOG) {
		FUZZ_ASSERT(n == 4u + o->sent_len[c % NLOG], "message %u: %zu octets, sent %u", c, n,
			4u + o->sent_len[c % NLOG]);
		for (k = 4; k < n; k++)
			FUZZ_ASSERT(d[k] == (uint8_t)(c * 31u + k), "message %u: octet %zu altered", c, k);
	}
	if (c > p->got)
		p->got = c;
}

static void
check_established(int i)
{
	side *p = &S[i];
	const char *want = names[1 - i];

	if (forged)
		return;
	FUZZ_ASSERT(p->io.peer_id_len == strlen(want)
		&& memcmp(p->io.peer_id, want, p->io.peer_id_len) == 0,
		"established with '%.*s', not %s", (int)p->io.peer_id_len, (const char *)p->io.peer_id, want);
	if (msa_assoc_state(&S[1 - i].a) == MSA_ST_ESTABLISHED)
		FUZZ_ASSERT(msa_assoc_suite(&S[0].a) == msa_assoc_suite(&S[1].a),
			"the sides established different suites: %04x, %04x",
			msa_assoc_suite(&S[0].a), msa_assoc_suite(&S[1].a));
}

/* ------------------------------------------------------------ calls */

static msa_assoc before;
static msa_hs_workspace before_ws;
static uint8_t inplace_buf[MSA_OUT_CAP];

static void
recv_pdu(int i, const uint8_t *pdu, size_t len)
{
	side *p = &S[i];
	int r, hs;

	before = p->a;
	before_ws = p->ws;
	hs = msa_assoc_state(&p->a) == MSA_ST_WAIT_RESP || msa_assoc_state(&p->a) == MSA_ST_WAIT_FINISH
		|| msa_assoc_state(&p->a) == MSA_ST_IDLE;
	msa_arena_reset(&p->ar);
	/* side 1 receives in place (a writable copy), side 0 into io.data */
	if (i == 1 && len <= sizeof inplace_buf) {
		memcpy(inplace_buf, pdu, len);
		r = msa_assoc_recv_inplace(&p->a, &p->ar, inplace_buf, len, now, &p->io);
		if (p->io.events & MSA_EV_DATA)
			FUZZ_ASSERT(p->io.data_at >= inplace_buf
				&& p->io.data_len <= len - (size_t)(p->io.data_at - inplace_buf),
				"in place: the message is not inside the PDU");
	} else {
		r = msa_assoc_recv(&p->a, &p->ar, pdu, len, now, &p->io);
		if (p->io.events & MSA_EV_DATA)
			FUZZ_ASSERT(p->io.data_at == p->io.data, "the message is not at io.data");
	}
	after_call(i, r, "recv");
	if (p->io.events & MSA_EV_DROPPED) {
		FUZZ_ASSERT(memcmp(&before, &p->a, sizeof before) == 0,
			"dropped (%s), yet the association changed", msa_err_name(r));
		if (hs)
			FUZZ_ASSERT(memcmp(&before_ws, &p->ws, sizeof before_ws) == 0,
				"dropped (%s), yet the handshake workspace changed", msa_err_name(r));
	}
	if (p->io.events & MSA_EV_DATA)
		check_data(i);
	if (p->io.events & MSA_EV_ESTABLISHED)
		check_established(i);
	if (len <= sizeof p->last) {
		memmove(p->last, pdu, len);
		p->last_len = len;
	}
}

/* A local call: on a local error, nothing changed. */
static void
local_done(int i, int r, const char *call)
{
	after_call(i, r, call);
	if (is_local_error(r))
		FUZZ_ASSERT(memcmp(&before, &S[i].a, sizeof before) == 0,
			"%s refused (%s), yet the association changed (REQ-ERR-006)", call, msa_err_name(r));
	if (S[i].io.events & MSA_EV_ESTABLISHED)
		check_established(i);
}

static void
send_msg(int i, size_t l)
{
	static uint8_t m[4u + MAXMSG];
	side *p = &S[i];
	uint32_t c = p->sent + 1u;
	size_t k;
	int r;

	m[0] = (uint8_t)(c >> 24);
	m[1] = (uint8_t)(c >> 16);
	m[2] = (uint8_t)(c >> 8);
	m[3] = (uint8_t)c;
	for (k = 4; k < 4u + l; k++)
		m[k] = (uint8_t)(c * 31u + k);
	before = p->a;
	r = msa_assoc_send(&p->a, m, 4u + l, now, &p->io);
	if (r == MSA_OK || !is_local_error(r)) {
		/* counted even if the send then failed: the counter must not repeat */
		p->sent = c;
		p->sent_len[c % NLOG] = (uint8_t)l;
	}
	local_done(i, r, "send");
}

/* Pops the next PDU queued for side i into buf; 0 when none. */
static size_t
pop(int i, uint8_t *buf)
{
	side *p = &S[i];
	size_t n;

	if (p->qn == 0)
		return 0;
	n = p->qlen[p->qh];
	memcpy(buf, p->q[p->qh], n);
	p->qh = (p->qh + 1u) % QN;
	p->qn--;
	return n;
}

/* ------------------------------------------------------------ structure-aware */

static size_t
der_len_size(size_t l)
{
	return l < 0x80u ? 1u : l < 0x100u ? 2u : 3u;
}

static size_t
put_len(uint8_t *o, size_t l)
{
	if (l < 0x80u) {
		o[0] = (uint8_t)l;
		return 1;
	}
	if (l < 0x100u) {
		o[0] = 0x81;
		o[1] = (uint8_t)l;
		return 2;
	}
	o[0] = 0x82;
	o[1] = (uint8_t)(l >> 8);
	o[2] = (uint8_t)l;
	return 3;
}

/*
 * in[0..n) (valid DER): the k-th primitive TLV (document order, k modulo
 * their number) gets the content nc[0..nl); every enclosing length is
 * re-encoded. Writes out (MSA_MAX_PDU + 256 octets), returns the length,
 * 0 when in does not parse.
 */
static size_t
replace_leaf(const uint8_t *in, size_t n, unsigned k, const uint8_t *nc, size_t nl, uint8_t *out)
{
	struct { size_t off, hdr, len, newlen; } anc[MSA_MAX_DEPTH + 1u];
	size_t ends[MSA_MAX_DEPTH + 1u], depth = 0, off = 0, count = 0, pass, eo, pos, o, j;
	size_t leaf_off = 0, leaf_hdr = 0, leaf_len = 0, nanc = 0;
	long delta;
	msa_der_tlv h;

	for (pass = 0; pass < 2; pass++) {
		size_t idx = 0;
		if (pass == 1) {
			if (count == 0)
				return 0;
			k %= (unsigned)count;
		}
		depth = 0;
		off = 0;
		while (off < n) {
			size_t end = depth ? ends[depth - 1u] : n;
			if (msa_der_header(in, end, off, &h, &eo) != MSA_OK || h.len > end - off - h.hdr_len)
				return 0;
			if ((h.tag & 0x20u) && h.len > 0) {
				if (depth > MSA_MAX_DEPTH)
					return 0;
				if (pass == 1) {
					anc[depth].off = off;
					anc[depth].hdr = h.hdr_len;
					anc[depth].len = h.len;
				}
				ends[depth++] = off + h.hdr_len + h.len;
				off += h.hdr_len;
			} else {
				if (!(h.tag & 0x20u)) {
					if (pass == 1 && idx == k) {
						leaf_off = off;
						leaf_hdr = h.hdr_len;
						leaf_len = h.len;
						nanc = depth;
						goto found;
					}
					idx++;
				}
				off += h.hdr_len + h.len;
			}
			while (depth > 0 && off == ends[depth - 1u])
				depth--;
		}
		count = idx;
	}
	return 0;
found:
	if (nanc == 0)
		return 0;
	/* New lengths, innermost ancestor first. */
	delta = (long)(1u + der_len_size(nl) + nl) - (long)(leaf_hdr + leaf_len);
	for (j = nanc; j-- > 0;) {
		anc[j].newlen = (size_t)((long)anc[j].len + delta);
		delta = (long)(1u + der_len_size(anc[j].newlen) + anc[j].newlen) - (long)(anc[j].hdr + anc[j].len);
	}
	if (anc[0].newlen + 4u > MSA_MAX_PDU + 256u)
		return 0;
	pos = 0;
	o = 0;
	for (j = 0; j < nanc; j++) {
		memcpy(out + o, in + pos, anc[j].off - pos);
		o += anc[j].off - pos;
		out[o++] = in[anc[j].off];
		o += put_len(out + o, anc[j].newlen);
		pos = anc[j].off + anc[j].hdr;
	}
	memcpy(out + o, in + pos, leaf_off - pos);
	o += leaf_off - pos;
	out[o++] = in[leaf_off];
	o += put_len(out + o, nl);
	memcpy(out + o, nc, nl);
	o += nl;
	pos = leaf_off + leaf_hdr + leaf_len;
	memcpy(out + o, in + pos, n - pos);
	return o + (n - pos);
}

/* ------------------------------------------------------------ snapshots */

/* The honest handshake of each configuration (octet 0 & 0x7F, policy),
 * run once: both sides' association, workspace and DRBG afterwards. */
typedef struct {
	int ok;
	msa_assoc a[2];
	msa_hs_workspace ws[2];
	msa_drbg rng[2];
} snapshot;
static snapshot *snaps;   /* [128 * 4], on the heap: the harness may use it */

static int
honest_handshake(void)
{
	static uint8_t buf[MSA_MAX_PDU];
	int i, rounds = 0, r;
	size_t n;

	before = S[0].a;
	r = msa_assoc_start(&S[0].a, now, &S[0].io);
	local_done(0, r, "start");
	while ((S[0].qn || S[1].qn) && rounds++ < 16)
		for (i = 0; i < 2; i++)
			while ((n = pop(i, buf)) != 0)
				recv_pdu(i, buf, n);
	return msa_assoc_state(&S[0].a) == MSA_ST_ESTABLISHED
		&& msa_assoc_state(&S[1].a) == MSA_ST_ESTABLISHED;
}

/* ------------------------------------------------------------ the harness */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (real != NULL)
		return 0;
	real = msa_crypto_bearssl();
	prov = *real;
	prov.name = "bearssl+fuzz-forging";
	prov.sig_verify = fz_sig_verify;
	prov.aead_open = fz_aead_open;
	prov.aead_open_x = fz_aead_open_x;
	prov.icv_verify = fz_icv_verify;
	msa_fuzz_forge_hs_mac = fz_hs_mac;
	snaps = calloc(128u * 4u, sizeof *snaps);
	FUZZ_ASSERT(snaps != NULL, "malloc");
	side_once(0);
	side_once(1);
	trace = getenv("FUZZ_ENGINE_TRACE") != NULL;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[MSA_MAX_PDU + 256u], buf2[MSA_MAX_PDU + 256u];
	unsigned conf, pol;
	size_t p = 2, n, l;
	int i, r;

	if (real == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	if (size < 2u)
		return 0;
	conf = data[0];
	pol = (data[1] >> 4) & 3u;
	no_clock = (data[1] & 4u) != 0;
	datagram = (conf & 0x20u) != 0;
	now = no_clock ? MSA_TIME_UNKNOWN : T0;
	forge_sig = forge_rec = 0;
	forged = 0;
	for (i = 0; i < 2; i++)
		side_init(i, conf, pol);

	if (conf & 0x80u) {
		snapshot *s = &snaps[(conf & 0x7Fu) * 4u + ((conf & 0x40u) ? pol : 0u)];
		if (!s->ok) {
			s->ok = honest_handshake() ? 1 : -1;
			for (i = 0; i < 2; i++) {
				s->a[i] = S[i].a;
				s->ws[i] = S[i].ws;
				s->rng[i] = S[i].rng;
			}
			/* the same start for everyone: no PDU left, no message */
			for (i = 0; i < 2; i++)
				side_init(i, conf, pol);
		}
		FUZZ_ASSERT(s->ok == 1, "the honest handshake fails under configuration %02x", conf);
		for (i = 0; i < 2; i++) {
			S[i].a = s->a[i];
			S[i].ws = s->ws[i];
			S[i].rng = s->rng[i];
		}
	}
	forge_sig = (data[1] & 1u) != 0;
	forge_rec = (data[1] & 2u) != 0;
	use_cache = (data[1] & 8u) != 0;
	if (use_cache)
		for (i = 0; i < 2; i++)
			must(msa_assoc_set_key_cache(&S[i].a, &kcs[i]), "key cache");

	while (p < size) {
		unsigned c = data[p++], op = c & 15u, x = c >> 5;
		int s = (c >> 4) & 1;
		side *q = &S[s];

		switch (op) {
		case 0:
			if ((n = pop(s, buf)) != 0)
				recv_pdu(s, buf, n);
			break;
		case 1:
			if (p + 3u > size)
				return 0;
			if ((n = pop(s, buf)) != 0) {
				buf[((size_t)data[p] * 256u + data[p + 1u]) % n] ^= data[p + 2u] ? data[p + 2u] : 1u;
				recv_pdu(s, buf, n);
			}
			p += 3u;
			break;
		case 2:
			if (p + 2u > size)
				return 0;
			l = (size_t)data[p] * 256u + data[p + 1u];
			p += 2u;
			if (l > size - p)
				l = size - p;
			if (l > MSA_MAX_PDU + 16u)
				l = MSA_MAX_PDU + 16u;
			memcpy(buf, data + p, l);   /* a copy: the engine must not keep input pointers */
			p += l;
			recv_pdu(s, buf, l);
			break;
		case 3:
			(void)pop(s, buf);
			break;
		case 4:
			if (q->last_len > 0) {
				memcpy(buf, q->last, q->last_len);
				recv_pdu(s, buf, q->last_len);
			}
			break;
		case 5:
			if (p >= size)
				return 0;
			send_msg(s, data[p++] % (MAXMSG + 1u));
			break;
		case 6:
			before = q->a;
			r = msa_assoc_ratchet(&q->a, (int)(x & 1u), now, &q->io);
			local_done(s, r, "ratchet");
			break;
		case 7:
			before = q->a;
			r = msa_assoc_rekey(&q->a, now, &q->io);
			local_done(s, r, "rekey");
			break;
		case 8:
			before = q->a;
			r = msa_assoc_release(&q->a, (int)(x % 3u), now, &q->io);
			local_done(s, r, "release");
			break;
		case 9:
			before = q->a;
			r = msa_assoc_abort(&q->a, (int)x * 3, now, &q->io);
			local_done(s, r, "abort");
			break;
		case 10:
			if (!no_clock)
				now += (uint64_t)1u << (2u * x);
			before = q->a;
			r = msa_assoc_tick(&q->a, now, &q->io);
			local_done(s, r, "tick");
			break;
		case 11:
			before = q->a;
			r = msa_assoc_start(&q->a, now, &q->io);
			local_done(s, r, "start");
			break;
		case 12: {
			unsigned k;
			if (p + 2u > size)
				return 0;
			k = data[p];
			l = data[p + 1u] % (MAXMSG + 1u);
			p += 2u;
			if (l > size - p)
				l = size - p;
			if ((n = pop(s, buf2)) != 0 && (n = replace_leaf(buf2, n, k, data + p, l, buf)) != 0)
				recv_pdu(s, buf, n);
			p += l;
			break;
		}
		case 13:   /* the next two PDUs for s swap places (reordering) */
			if (q->qn >= 2u) {
				unsigned a0 = q->qh, a1 = (q->qh + 1u) % QN;
				size_t t = q->qlen[a0];
				memcpy(buf, q->q[a0], t);
				memcpy(q->q[a0], q->q[a1], q->qlen[a1]);
				q->qlen[a0] = q->qlen[a1];
				memcpy(q->q[a1], buf, t);
				q->qlen[a1] = t;
			}
			break;
		default:
			while ((n = pop(s, buf)) != 0)
				recv_pdu(s, buf, n);
			break;
		}
	}
	return 0;
}
