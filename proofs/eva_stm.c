/*
 * eva_stm.c -- the Eva entry point for the state machine (issue 6; never
 * compiled into the library). Analysed with the real src/engine.c,
 * record.c, der.c, util.c, keysched.c, hkdf.c, suite.c and config.c;
 * what lies outside the engine is replaced by the stubs below, each of
 * which over-approximates its function's documented contract
 * (proofs/README.md, "The state machine", assumptions A1-A4):
 *
 *  - the crypto provider: any output octets, any documented result code;
 *    aead_open/icv_verify may succeed or fail for any input;
 *  - the codec (msa_pdu_decode, msa_value_decode/encode,
 *    msa_reject_encode): any result code; on success a value of the type
 *    asked for, every field unknown, octet strings pointing to unknown
 *    octets of any length the schema allows. msa_pdu_decode never returns
 *    a ProtectedPdu: every PDU the codec accepts as one, msa_rec_parse has
 *    accepted before (assumption A3);
 *  - the handshake (msa_hs_start/on_init/on_resp/on_finish): any error
 *    with nothing changed but peer_aid, or success entering the state of
 *    rows STM-020, 024, 030 and 040 with unknown keys and counters zero;
 *  - the arena: only reset.
 *
 * For every state, role, mode and suite kind, with unknown flags, keys,
 * counters inside their invariants, unknown time, and unknown input
 * (received octets of any length up to STM_PDU_MAX = 38, one less than
 * the smallest record, and records of every header shape, message lengths
 * 0..MSA_MAX_DATA+1, any reason, diagnostic and error), main() calls
 * every entry point of the engine once from that state, and asserts in
 * ACSL what Eva must prove for every such execution (proofs/stm_check.py
 * lists the 29 names):
 *
 *  (T) the state after the call is one the table of spec 7.3 allows
 *      from the state before it for that input (REQ-STM-001); an ended
 *      association keeps its state and zero keys (T_terminal_keys);
 *  (D) application data is handed over only in ESTABLISHED, or
 *      RELEASE_SENT with `answered` clear, after this record's tag check
 *      passed (engine.c: deliver_authenticated; REQ-STM-004);
 *  (K) entering CLOSED or ABORTED leaves every key octet of the
 *      association, and the handshake workspace, zero (engine.c,
 *      msa_assoc_end: keys_wiped, workspace_wiped; REQ-CRY-009, 010);
 *  (S) every record is sent with seq below the usage limit, so seq + 1
 *      never wraps (engine.c: send_seq_room); generations are only
 *      incremented below 65535 (send_gen_room, recv_gen_room); with the
 *      unsigned overflow and downcast checks on every counter;
 *  (R) renewal by the policy's bounds and the usage limit: renewal() below.
 *
 * Any alarm or assertion Eva cannot prove fails `make proofs`.
 */
#include "__fc_builtin.h"
#include <string.h>

#include "msa.h"
#include "internal.h"
#include "engine.h"
#include "der.h"
#include "MsaPdu.h"
#include "KeyUpdate.h"
#include "RekeyRequest.h"
#include "RekeyResponse.h"
#include "ReleaseRequest.h"
#include "ReleaseResponse.h"
#include "Abort.h"

#ifndef STM_PDU_MAX
#define STM_PDU_MAX 38
#endif

/* ------------------------------------------------------------ stubs: codec */

asn_TYPE_descriptor_t asn_DEF_KeyUpdate, asn_DEF_RekeyRequest, asn_DEF_RekeyResponse,
	asn_DEF_ReleaseRequest, asn_DEF_ReleaseResponse, asn_DEF_Abort;

static volatile uint8_t nd_octet;
static volatile long nd_long;
static uint8_t aid_bytes[MSA_AID_LEN], share_bytes[MSA_KEX_SHARE_MAX];
static uint8_t detail_bytes[MSA_MAX_DETAIL + 8];
static UTF8String_t detail_str;
static MsaPdu_t pdu_v;
/* What msa_pdu_decode returns this time: 0 an error, 1..4 a PDU of that
 * kind (set by the driver for each call: each kind is analysed apart). */
static int pdu_kind;
static KeyUpdate_t ku_v;
static RekeyRequest_t rq_v;
static RekeyResponse_t rs_v;
static ReleaseRequest_t relq_v;
static ReleaseResponse_t rels_v;
static Abort_t ab_v;

static int
nd_decode_error(void)
{
	switch (Frama_C_interval(0, 3)) {
	case 0: return MSA_ERR_DER_TRUNCATED;
	case 1: return MSA_ERR_SCHEMA;
	case 2: return MSA_ERR_ARENA_EXHAUSTED;
	default: return MSA_ERR_DER_TOO_LARGE;
	}
}

static void
nd_fill(uint8_t *p, size_t n)
{
	Frama_C_make_unknown((char *)p, n);
}

/* An optional UTF8String of any length up to 200 (the schema's bound). */
static UTF8String_t *
nd_detail(void)
{
	nd_fill(detail_bytes, sizeof detail_bytes);
	detail_str.buf = detail_bytes;
	detail_str.size = Frama_C_interval(0, MSA_MAX_DETAIL);
	return Frama_C_interval(0, 1) ? NULL : &detail_str;
}

static void
nd_share(KeyShare_t *ks)
{
	nd_fill(share_bytes, sizeof share_bytes);
	ks->group = nd_long;
	ks->keyExchange.buf = share_bytes;
	ks->keyExchange.size = Frama_C_interval(0, MSA_KEX_SHARE_MAX);
}

int
msa_pdu_decode(msa_arena *a, const uint8_t *buf, size_t len, struct MsaPdu **out,
	size_t *err_off)
{
	(void)a; (void)buf;
	*out = NULL;
	*err_off = 0;
	if (pdu_kind == 0)
		return nd_decode_error();
	nd_fill(aid_bytes, sizeof aid_bytes);
	memset(&pdu_v, 0, sizeof pdu_v);
	/* assumption A3: never MsaPdu_PR_protected */
	switch (pdu_kind) {
	case 1:
		pdu_v.present = MsaPdu_PR_handshakeInit;
		break;
	case 2:
		pdu_v.present = MsaPdu_PR_handshakeResp;
		pdu_v.choice.handshakeResp.body.initiatorAid.buf = aid_bytes;
		pdu_v.choice.handshakeResp.body.initiatorAid.size = MSA_AID_LEN;
		break;
	case 3:
		pdu_v.present = MsaPdu_PR_handshakeFinish;
		pdu_v.choice.handshakeFinish.body.responderAid.buf = aid_bytes;
		pdu_v.choice.handshakeFinish.body.responderAid.size = MSA_AID_LEN;
		break;
	default:
		pdu_v.present = MsaPdu_PR_handshakeReject;
		pdu_v.choice.handshakeReject.destAid.buf = aid_bytes;
		pdu_v.choice.handshakeReject.destAid.size = MSA_AID_LEN;
		pdu_v.choice.handshakeReject.diagnostic = nd_long;
		pdu_v.choice.handshakeReject.detail = nd_detail();
		break;
	}
	(void)len;
	*out = &pdu_v;
	return MSA_OK;
}

int
msa_value_decode(msa_arena *a, const struct asn_TYPE_descriptor_s *td,
	const uint8_t *buf, size_t len, void **out, size_t *err_off)
{
	(void)a; (void)buf; (void)len;
	*out = NULL;
	*err_off = 0;
	if (Frama_C_interval(0, 1))
		return nd_decode_error();
	if (td == &asn_DEF_KeyUpdate) {
		ku_v.updateRequested = Frama_C_interval(0, 255);
		*out = &ku_v;
	} else if (td == &asn_DEF_RekeyRequest) {
		nd_share(&rq_v.keyShare);
		*out = &rq_v;
	} else if (td == &asn_DEF_RekeyResponse) {
		nd_share(&rs_v.keyShare);
		*out = &rs_v;
	} else if (td == &asn_DEF_ReleaseRequest) {
		relq_v.reason = nd_long;
		*out = &relq_v;
	} else if (td == &asn_DEF_ReleaseResponse) {
		rels_v.reason = nd_long;
		*out = &rels_v;
	} else {
		//@ assert td == &asn_DEF_Abort;
		ab_v.diagnostic = nd_long;
		ab_v.detail = nd_detail();
		*out = &ab_v;
	}
	return MSA_OK;
}

int
msa_value_encode(const struct asn_TYPE_descriptor_s *td, const void *value,
	uint8_t *out, size_t cap)
{
	size_t n;

	(void)td; (void)value;
	if (Frama_C_interval(0, 1) || cap < 2)
		return MSA_ERR_ENCODE;
	n = (size_t)Frama_C_interval(2, 160);
	if (n > cap)
		return MSA_ERR_BUFFER_TOO_SMALL;
	nd_fill(out, n);
	return (int)n;
}

int
msa_reject_encode(uint8_t *out, size_t cap, const uint8_t dest[MSA_AID_LEN],
	int diag, const char *detail)
{
	size_t n;

	(void)dest; (void)diag; (void)detail;
	n = (size_t)Frama_C_interval(10, 10 + MSA_MAX_DETAIL + 4);
	if (n > cap)
		return MSA_ERR_BUFFER_TOO_SMALL;
	nd_fill(out, n);
	return (int)n;
}

/* ------------------------------------------------------------ stubs: handshake */

static int
nd_hs_error(void)
{
	return Frama_C_interval(0, 1) ? MSA_ERR_BAD_SIGNATURE : MSA_ERR_CERT_UNTRUSTED;
}

/* The keyed association the handshake leaves: keys unknown, counters 0. */
static void
hs_established(msa_assoc *a, uint8_t flags)
{
	Frama_C_make_unknown((char *)a->u.k, sizeof a->u.k);
	a->send_gen = a->recv_gen = 0;
	a->send_seq = a->recv_seq = 0;
	a->rwin = 0;
	a->pol_records = 0;
	a->pol_bytes = 0;
	a->flags = flags;
	a->state = MSA_ST_ESTABLISHED;
}

int
msa_hs_start(msa_assoc *a, uint64_t now, msa_io *io)
{
	(void)io;
	if (Frama_C_interval(0, 1))
		return MSA_ERR_RNG;
	a->t_mark = now;
	a->state = MSA_ST_WAIT_RESP;
	return MSA_OK;
}

int
msa_hs_on_init(msa_assoc *a, const struct MsaPdu *p, const uint8_t *raw, size_t len,
	uint64_t now, msa_io *io, int *peer_known)
{
	(void)p; (void)raw; (void)len; (void)io;
	*peer_known = Frama_C_interval(0, 1);
	nd_fill(a->peer_aid, MSA_AID_LEN);
	if (Frama_C_interval(0, 1))
		return nd_hs_error();
	a->t_mark = now;
	a->state = MSA_ST_WAIT_FINISH;
	return MSA_OK;
}

int
msa_hs_on_resp(msa_assoc *a, const struct MsaPdu *p, const uint8_t *raw, size_t len,
	uint64_t now, msa_io *io, int *peer_known)
{
	(void)p; (void)raw; (void)len; (void)now; (void)io;
	*peer_known = Frama_C_interval(0, 1);
	nd_fill(a->peer_aid, MSA_AID_LEN);
	if (Frama_C_interval(0, 1))
		return nd_hs_error();
	hs_established(a, MSA_FL_UNCONFIRMED);
	return MSA_OK;
}

int
msa_hs_on_finish(msa_assoc *a, const struct MsaPdu *p, const uint8_t *raw, size_t len,
	uint64_t now, msa_io *io)
{
	(void)p; (void)raw; (void)len; (void)now; (void)io;
	if (Frama_C_interval(0, 1))
		return nd_hs_error();
	hs_established(a, 0);
	return MSA_OK;
}

/* The arena (proved separately, src/arena.c) only matters to the codec,
 * which is stubbed: the engine only resets it. */
void
msa_arena_reset(msa_arena *a)
{
	a->used = 0;
}

void
msa_kex_key_wipe(msa_kex_key *k)
{
	memset(k, 0, sizeof *k);
}

/* ------------------------------------------------------------ stubs: provider */

static int
p_random(msa_drbg *rng, uint8_t *out, size_t len)
{
	(void)rng;
	nd_fill(out, len);
	return Frama_C_interval(0, 1) ? MSA_OK : MSA_ERR_RNG;
}

static int
p_kex_keygen(msa_drbg *rng, unsigned group, msa_kex_key *key, uint8_t *pub,
	size_t pub_cap, size_t *pub_len)
{
	size_t n = group == MSA_GROUP_P256 ? 65u : 32u;

	(void)rng;
	*pub_len = 0;   /* read by the engine only on success */
	if (pub_cap < n)
		return MSA_ERR_BUFFER_TOO_SMALL;
	if (Frama_C_interval(0, 1)) {
		memset(key, 0, sizeof *key);
		return MSA_ERR_RNG;
	}
	key->group = group;
	nd_fill(key->priv, sizeof key->priv);
	nd_fill(pub, n);
	*pub_len = n;
	return MSA_OK;
}

static int
p_kex_shared(const msa_kex_key *key, const uint8_t *peer, size_t peer_len,
	uint8_t *z, size_t z_cap)
{
	(void)key; (void)peer; (void)peer_len;
	if (z_cap < MSA_KEX_Z_LEN)
		return MSA_ERR_BUFFER_TOO_SMALL;
	nd_fill(z, MSA_KEX_Z_LEN);
	return Frama_C_interval(0, 1) ? MSA_OK : MSA_ERR_BAD_KEY_SHARE;
}

static int
p_hash_init(msa_hash_ctx *ctx, unsigned hash)
{
	(void)hash;
	nd_fill((uint8_t *)ctx, sizeof *ctx);
	return MSA_OK;
}

static void
p_hash_update(msa_hash_ctx *ctx, const void *data, size_t len)
{
	(void)data; (void)len;
	nd_fill((uint8_t *)ctx, sizeof *ctx);
}

static size_t
p_hash_out(const msa_hash_ctx *ctx, uint8_t *out)
{
	(void)ctx;
	nd_fill(out, MSA_MAX_HASH);
	return Frama_C_interval(0, 1) ? 32u : 48u;
}

static int
p_hmac(unsigned hash, const uint8_t *key, size_t key_len, const msa_seg *seg,
	size_t nseg, uint8_t *out)
{
	(void)key; (void)key_len; (void)seg; (void)nseg;
	nd_fill(out, hash == MSA_HASH_SHA384 ? 48u : 32u);
	return MSA_OK;
}

static int
p_hkdf_extract(unsigned hash, const uint8_t *salt, size_t salt_len,
	const uint8_t *ikm, size_t ikm_len, uint8_t *prk)
{
	(void)salt; (void)salt_len; (void)ikm; (void)ikm_len;
	nd_fill(prk, hash == MSA_HASH_SHA384 ? 48u : 32u);
	return MSA_OK;
}

static int
p_hkdf_expand(unsigned hash, const uint8_t *prk, size_t prk_len,
	const uint8_t *info, size_t info_len, uint8_t *out, size_t out_len)
{
	(void)hash; (void)prk; (void)prk_len; (void)info; (void)info_len;
	if (out_len == 0 || out_len > 255u * 48u)
		return MSA_ERR_BAD_ARGUMENT;
	nd_fill(out, out_len);
	return MSA_OK;
}

static int
p_aead_seal(unsigned prot, const uint8_t *key, size_t key_len, const uint8_t *nonce,
	const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len, uint8_t *tag)
{
	(void)prot; (void)key; (void)key_len; (void)nonce; (void)aad; (void)aad_len;
	if (len > MSA_MAX_PDU)
		return MSA_ERR_BAD_ARGUMENT;
	if (len > 0)
		nd_fill(data, len);
	nd_fill(tag, 16);
	return MSA_OK;
}

static int
p_aead_open(unsigned prot, const uint8_t *key, size_t key_len, const uint8_t *nonce,
	const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len, const uint8_t *tag)
{
	(void)prot; (void)key; (void)key_len; (void)nonce; (void)aad; (void)aad_len; (void)tag;
	if (Frama_C_interval(0, 1)) {
		if (len > 0)
			memset(data, 0, len);
		return MSA_ERR_BAD_RECORD;
	}
	if (len > 0)
		nd_fill(data, len);
	return MSA_OK;
}

static int
p_icv_compute(const uint8_t *key, size_t key_len, const uint8_t *aad, size_t aad_len,
	const uint8_t *body, size_t body_len, uint8_t *icv)
{
	(void)key; (void)key_len; (void)aad; (void)aad_len; (void)body; (void)body_len;
	nd_fill(icv, 32);
	return MSA_OK;
}

static int
p_icv_verify(const uint8_t *key, size_t key_len, const uint8_t *aad, size_t aad_len,
	const uint8_t *body, size_t body_len, const uint8_t *icv)
{
	(void)key; (void)key_len; (void)aad; (void)aad_len; (void)body; (void)body_len;
	(void)icv;
	return Frama_C_interval(0, 1) ? MSA_OK : MSA_ERR_BAD_RECORD;
}

/* The optional expanded-key entries (msa_key_cache, cache_main() only):
 * aead_expand fills the context with unknown octets or is UNSUPPORTED;
 * seal_x/open_x behave as aead_seal/aead_open. */
static int
p_aead_expand(unsigned prot, const uint8_t *key, size_t key_len, void *ctx, size_t ctx_cap)
{
	(void)prot; (void)key; (void)key_len;
	if (ctx_cap < MSA_AEAD_CTX_BYTES)
		return MSA_ERR_BAD_ARGUMENT;
	if (Frama_C_interval(0, 1))
		return MSA_ERR_UNSUPPORTED;
	nd_fill((uint8_t *)ctx, MSA_AEAD_CTX_BYTES);
	return MSA_OK;
}

static int
p_aead_seal_x(unsigned prot, void *ctx, const uint8_t *nonce, const uint8_t *aad,
	size_t aad_len, uint8_t *data, size_t len, uint8_t *tag)
{
	(void)ctx;
	return p_aead_seal(prot, NULL, 0, nonce, aad, aad_len, data, len, tag);
}

static int
p_aead_open_x(unsigned prot, void *ctx, const uint8_t *nonce, const uint8_t *aad,
	size_t aad_len, uint8_t *data, size_t len, const uint8_t *tag)
{
	(void)ctx;
	return p_aead_open(prot, NULL, 0, nonce, aad, aad_len, data, len, tag);
}

static const msa_crypto_provider prov = {
	.name = "eva",
	.random = p_random,
	.kex_keygen = p_kex_keygen,
	.kex_shared = p_kex_shared,
	.hash_init = p_hash_init,
	.hash_update = p_hash_update,
	.hash_out = p_hash_out,
	.hmac = p_hmac,
	.hkdf_extract = p_hkdf_extract,
	.hkdf_expand = p_hkdf_expand,
	.aead_seal = p_aead_seal,
	.aead_open = p_aead_open,
	.icv_compute = p_icv_compute,
	.icv_verify = p_icv_verify,
	.aead_expand = p_aead_expand,
	.aead_seal_x = p_aead_seal_x,
	.aead_open_x = p_aead_open_x,
};

/* ------------------------------------------------------------ the association */

static msa_config cfg;
static msa_drbg rng;
static msa_hs_workspace ws;
static msa_assoc A, other;
/* cache_main() only: the key cache of the keyed states */
static msa_key_cache kc;
static int with_cache;
static msa_arena ar;
static uint8_t out_buf[MSA_OUT_CAP], data_buf[MSA_MAX_DATA];
static msa_io io;
static volatile uint8_t wire[STM_PDU_MAX];
static uint8_t pdu[STM_PDU_MAX];
static uint8_t msg[MSA_MAX_DATA];

#define T_MARK 1000000u

/* A key cache attached (cache_main() only, keyed states; main() covers
 * none attached): its owner this association, another one or nobody,
 * each direction empty, expanded or unexpandable, for any protection,
 * with unknown key and context octets: any content the engine or a
 * previous owner may have left. (Always attached here: a state joining
 * "none attached" with "attached and filled" would lose which is which,
 * Eva's domains being non-relational.) */
static void
cache_setup(void)
{
	unsigned d;
	int who = Frama_C_interval(0, 2);

	memset(&kc, 0, sizeof kc);
	kc.owner = who == 0 ? (const void *)&A : who == 1 ? (const void *)&other : NULL;
	//@ loop unroll 2;
	for (d = 0; d < 2u; d++) {
		nd_fill((uint8_t *)kc.d[d].ctx, sizeof kc.d[d].ctx);
		nd_fill(kc.d[d].key, sizeof kc.d[d].key);
		kc.d[d].prot = (uint16_t)Frama_C_interval(0, 65535);
		kc.d[d].state = (uint8_t)Frama_C_interval(0, 2);
	}
	A.kc = &kc;
}

/* Suites: one AEAD, one integrity-only. */
static const uint16_t suites[2] = { 0x0001, 0x0011 };

/* An association in state st (role, mode, suite given) with everything
 * else unknown inside the invariants the engine keeps:
 *  - keyed states: keys unknown, generations <= GEN_MAX, send_seq below
 *    the suite's usage limit, flags any combination;
 *  - handshake states: the workspace pointer, peer aid unknown;
 *  - CLOSED, ABORTED: every key octet zero, flags clear. */
static void
setup(int st, int role, int mode, int si)
{
	const msa_suite *s;
	uint32_t L;

	memset(&A, 0, sizeof A);
	cfg.mode = mode;
	cfg.policy.max_records = (uint32_t)Frama_C_interval(0, 100);
	cfg.policy.max_bytes = (uint64_t)Frama_C_interval(0, 100000);
	cfg.policy.max_seconds = (uint32_t)Frama_C_interval(0, 100);
	cfg.policy.kind = (unsigned)Frama_C_interval(0, 1);
	cfg.hs_timeout = (uint32_t)Frama_C_interval(0, 60);
	cfg.renewal_timeout = (uint32_t)Frama_C_interval(0, 60);
	cfg.release_timeout = (uint32_t)Frama_C_interval(0, 60);
	A.cfg = &cfg;
	A.role = (uint8_t)role;
	A.mode = (uint8_t)mode;
	A.suite = suites[si];
	A.state = (uint8_t)st;
	nd_fill(A.own_aid, MSA_AID_LEN);
	nd_fill(A.peer_aid, MSA_AID_LEN);
	/* one known time or none: every `now` below is unknown, so every
	 * relation between the two is covered (a t_mark that is itself an
	 * interval would only lose the relation to the analysis) */
	A.t_mark = Frama_C_interval(0, 1) ? MSA_TIME_UNKNOWN : T_MARK;
	s = msa_engine_suite(A.suite);
	//@ assert s != \null;
	L = s->usage_limit;
	if (st == MSA_ST_ESTABLISHED || st == MSA_ST_RELEASE_SENT
		|| st == MSA_ST_RELEASE_RECEIVED) {
		nd_fill(A.u.k, sizeof A.u.k);
		A.flags = (uint8_t)Frama_C_interval(0, 15);
		A.send_gen = (uint16_t)Frama_C_interval(0, 65535);
		A.recv_gen = (uint16_t)Frama_C_interval(0, 65535);
		A.send_seq = Frama_C_unsigned_int_interval(0, L - 1u);
		A.recv_seq = Frama_C_unsigned_int_interval(0, L);
		A.rwin = (uint64_t)Frama_C_interval(0, 1) ? 0u : UINT64_MAX;
		A.pol_records = (uint32_t)Frama_C_interval(0, 1000);
		A.pol_bytes = (uint64_t)Frama_C_interval(0, 16777216);
		A.rekey_delay = (uint16_t)Frama_C_interval(0, 65535);
		if (A.t_mark != MSA_TIME_UNKNOWN && A.t_mark < A.rekey_delay)
			A.rekey_delay = 0;
		if (with_cache)
			cache_setup();
	} else if (st == MSA_ST_CLOSED || st == MSA_ST_ABORTED) {
		/* u.k all zero (memset above) */
	} else {
		nd_fill((uint8_t *)&ws, sizeof ws);
		A.u.hs = &ws;
	}
	io.out = out_buf;
	io.out_cap = sizeof out_buf;
	io.data = data_buf;
	io.data_cap = sizeof data_buf;
}

static uint64_t
nd_now(void)
{
	return Frama_C_interval(0, 1) ? MSA_TIME_UNKNOWN
		: Frama_C_unsigned_long_long_interval(0, UINT64_MAX - 1u);
}

/* ------------------------------------------------------------ the table */

#define IDLE MSA_ST_IDLE
#define WR   MSA_ST_WAIT_RESP
#define WF   MSA_ST_WAIT_FINISH
#define EST  MSA_ST_ESTABLISHED
#define RS   MSA_ST_RELEASE_SENT
#define RR   MSA_ST_RELEASE_RECEIVED
#define CL   MSA_ST_CLOSED
#define AB   MSA_ST_ABORTED

/* (K) an association that has ended keeps every key octet zero, whatever
 * it is asked to do. */
static void
terminal_keys(int s0)
{
	if (s0 != CL && s0 != AB)
		return;
	//@ assert T_terminal_keys: \subset(A.u.k[0 .. MSA_ASSOC_KEYS - 1], {0}) && A.state == s0;
}

/* (T) for a received PDU or undecodable input (rows 010..095). */
static void
after_recv(int s0, int role)
{
	int s1 = A.state;

	if (s0 == IDLE && role == MSA_ROLE_INITIATOR) {
		//@ assert T_recv_idle_i: s1 == IDLE;
	} else if (s0 == IDLE) {
		//@ assert T_recv_idle_r: s1 == IDLE || s1 == WF || s1 == AB;
	} else if (s0 == WR) {
		//@ assert T_recv_wait_resp: s1 == WR || s1 == EST || s1 == CL || s1 == AB;
	} else if (s0 == WF) {
		//@ assert T_recv_wait_finish: s1 == WF || s1 == EST || s1 == CL || s1 == AB;
	} else if (s0 == EST) {
		//@ assert T_recv_established: s1 == EST || s1 == RR || s1 == CL || s1 == AB;
	} else if (s0 == RS) {
		//@ assert T_recv_release_sent: s1 == RS || s1 == CL || s1 == AB;
	} else if (s0 == RR) {
		//@ assert T_recv_release_received: s1 == RR || s1 == CL || s1 == AB;
	} else {
		//@ assert T_recv_terminal: s1 == s0;
	}
	terminal_keys(s0);
	//@ assert D_len: io.data_len <= MSA_MAX_DATA;
}

/* Input that is not a ProtectedPdu msa_rec_parse accepts: STM_PDU_MAX
 * unknown octets or fewer (never a record: the smallest is 39), decoded
 * by the codec stub as each kind in turn. */
static void
recv_other(int s0, int role, int mode, int si)
{
	size_t len = (size_t)Frama_C_interval(0, STM_PDU_MAX), i;

	//@ loop unroll 5;
	for (pdu_kind = 0; pdu_kind <= 4; pdu_kind++) {
		setup(s0, role, mode, si);
		for (i = 0; i < STM_PDU_MAX; i++)
			pdu[i] = wire[i];
		(void)msa_assoc_recv(&A, &ar, pdu, len, nd_now(), &io);
		after_recv(s0, role);
	}
}

/* A ProtectedPdu of every header shape msa_rec_parse accepts with short
 * lengths: generation of gl octets and seq of sl octets with unknown
 * values, an unknown type octet, an unknown aid, a body of 0..REC_BODY_MAX
 * unknown octets and an icv of il unknown octets (16 or 32, or any other
 * length the parser refuses). */
#define REC_BODY_MAX 40
static uint8_t rec_buf[2 + 23 + 2 + REC_BODY_MAX + 2 + 40];

static size_t
make_record(size_t gl, size_t sl, size_t bl, size_t il)
{
	size_t hl = 13 + gl + 2 + sl, inner = hl + 2 + bl + 2 + il, o = 0;

	nd_fill(rec_buf, sizeof rec_buf);
	rec_buf[o++] = 0xA4; rec_buf[o++] = (uint8_t)inner;
	rec_buf[o++] = 0xA0; rec_buf[o++] = (uint8_t)(hl - 2);
	rec_buf[o++] = 0x80; rec_buf[o++] = 4; o += 4;
	rec_buf[o++] = 0x81; rec_buf[o++] = 1; o += 1;
	rec_buf[o++] = 0x82; rec_buf[o++] = (uint8_t)gl; o += gl;
	rec_buf[o++] = 0x83; rec_buf[o++] = (uint8_t)sl; o += sl;
	rec_buf[o++] = 0x81; rec_buf[o++] = (uint8_t)bl; o += bl;
	rec_buf[o++] = 0x82; rec_buf[o++] = (uint8_t)il; o += il;
	return o;
}

static void
recv_records(int s0, int role, int mode, int si)
{
	size_t gl, sl, il, n, body_off;

	pdu_kind = 0;
	/* generation of 1 octet (0..127) or 3 (up to 65535), seq of 1 octet or
	 * 5 (up to 2^32-1); the other lengths are the parser's business (WP) */
	//@ loop unroll 2;
	for (gl = 1; gl <= 3; gl += 2)
		//@ loop unroll 2;
		for (sl = 1; sl <= 5; sl += 4)
			//@ loop unroll 2;
			for (il = 16; il <= 32; il += 16) {
				setup(s0, role, mode, si);
				n = make_record(gl, sl, (size_t)Frama_C_interval(0, REC_BODY_MAX), il);
				body_off = 2 + (13 + gl + 2 + sl) + 2;
				/* the copying call and the one that opens the record
				 * in the PDU's octets: a message is only ever at
				 * io.data, or at the record's body (D_at; set with
				 * MSA_EV_DATA only, by the tests) */
				if (Frama_C_interval(0, 1)) {
					(void)msa_assoc_recv_inplace(&A, &ar, rec_buf, n, nd_now(), &io);
					after_recv(s0, role);
					/*@ assert D_at: io.data_at == \null
					      || io.data_at == &rec_buf[body_off]; */
				} else {
					(void)msa_assoc_recv(&A, &ar, rec_buf, n, nd_now(), &io);
					after_recv(s0, role);
					/*@ assert D_at: io.data_at == \null
					      || io.data_at == &data_buf[0]; */
				}
			}
}

/* (T) for the local calls (rows 013, 014, 020, 022, 023, 035, 036, 045,
 * 046, 058, 073..079, 087..094) and REQ-GEN-011. */
static void
locals_from(int s0, int role, int mode, int si)
{
	int s1;
	int keyed0 = s0 == EST || s0 == RS || s0 == RR;
	int term0 = s0 == CL || s0 == AB;

	setup(s0, role, mode, si);
	(void)msa_assoc_send(&A, msg, (size_t)Frama_C_interval(0, MSA_MAX_DATA + 1), nd_now(), &io);
	s1 = A.state;
	//@ assert T_send: s1 == s0 || ((s0 == EST || s0 == RR) && s1 == AB);
	terminal_keys(s0);
	//@ assert D_send: !(io.events & MSA_EV_DATA);

	setup(s0, role, mode, si);
	(void)msa_assoc_ratchet(&A, Frama_C_interval(0, 1), nd_now(), &io);
	s1 = A.state;
	//@ assert T_ratchet: s1 == s0 || ((s0 == EST || s0 == RR) && s1 == AB);
	terminal_keys(s0);

	setup(s0, role, mode, si);
	(void)msa_assoc_rekey(&A, nd_now(), &io);
	s1 = A.state;
	//@ assert T_rekey: s1 == s0 || (s0 == EST && s1 == AB);
	terminal_keys(s0);

	setup(s0, role, mode, si);
	(void)msa_assoc_release(&A, Frama_C_interval(-1, 3), nd_now(), &io);
	s1 = A.state;
	//@ assert T_release: s1 == s0 || (s0 == EST && (s1 == RS || s1 == AB)) || (s0 == RR && (s1 == CL || s1 == AB));
	terminal_keys(s0);

	setup(s0, role, mode, si);
	(void)msa_assoc_abort(&A, Frama_C_interval(-1, 30), nd_now(), &io);
	s1 = A.state;
	//@ assert T_abort: term0 ? s1 == s0 : s1 == AB;
	terminal_keys(s0);

	setup(s0, role, mode, si);
	(void)msa_assoc_tick(&A, nd_now(), &io);
	s1 = A.state;
	//@ assert T_tick: s1 == s0 || ((s0 == WR || s0 == WF || s0 == EST || s0 == RS) && s1 == AB);
	terminal_keys(s0);

	setup(s0, role, mode, si);
	(void)msa_assoc_transport_error(&A, Frama_C_interval(-80, 1), nd_now(), &io);
	s1 = A.state;
	//@ assert T_transport: s1 == s0 || (!term0 && !(s0 == IDLE && role == MSA_ROLE_INITIATOR) && mode == MSA_MODE_STREAM && s1 == AB);
	terminal_keys(s0);

	setup(s0, role, mode, si);
	(void)msa_assoc_start(&A, nd_now(), &io);
	s1 = A.state;
	//@ assert T_start: s1 == s0 || (s0 == IDLE && role == MSA_ROLE_INITIATOR && s1 == WR);
	terminal_keys(s0);
	(void)keyed0;
}

/* (R) the renewal triggers of REQ-KR-017, -018 on a send in ESTABLISHED
 * with no renewal pending: at a bound of the policy (records, bytes or
 * time, each alone) the message goes out under renewed keys (a ratchet;
 * or, policy kind rekey, a rekeyRequest, own_rekey then set); below every
 * bound and the usage limit, nothing is renewed. */
static void
renewal(int role, int mode, int si)
{
	uint32_t L;
	int r, b;

	//@ loop unroll 4;
	for (b = 0; b < 4; b++) {
		setup(EST, role, mode, si);
		L = msa_engine_suite(A.suite)->usage_limit;
		A.flags = 0;
		A.send_gen = Frama_C_unsigned_short_interval(0, 65534);
		A.send_seq = Frama_C_unsigned_int_interval(0, L - 2u);
		cfg.policy.kind = MSA_RENEW_RATCHET;
		cfg.policy.max_records = 10;
		cfg.policy.max_bytes = 1000;
		cfg.policy.max_seconds = 60;
		A.pol_records = Frama_C_unsigned_int_interval(0, 9);
		A.pol_bytes = Frama_C_unsigned_long_long_interval(0, 999);
		A.t_mark = T_MARK;
		if (b == 0)
			A.pol_records = Frama_C_unsigned_int_interval(10, 1000);
		else if (b == 1)
			A.pol_bytes = Frama_C_unsigned_long_long_interval(1000, 1u << 24);
		if (b == 3) {
			r = msa_assoc_send(&A, msg, (size_t)Frama_C_interval(0, MSA_MAX_DATA),
				Frama_C_unsigned_long_long_interval(T_MARK, T_MARK + 59u), &io);
			//@ assert R_policy_quiet: !(io.events & MSA_EV_SEND_RENEWED);
			continue;
		}
		r = msa_assoc_send(&A, msg, (size_t)Frama_C_interval(0, MSA_MAX_DATA),
			b == 2 ? Frama_C_unsigned_long_long_interval(T_MARK + 60u, UINT64_MAX - 1u)
			: Frama_C_unsigned_long_long_interval(T_MARK, T_MARK + 59u), &io);
		//@ assert R_policy_fires: r != MSA_OK || (io.events & MSA_EV_SEND_RENEWED);
	}
	/* the usage limit: seq L-1 goes to a KeyUpdate, the message to the next
	 * generation (REQ-KR-018) */
	setup(EST, role, mode, si);
	L = msa_engine_suite(A.suite)->usage_limit;
	A.flags = 0;
	A.send_gen = Frama_C_unsigned_short_interval(0, 65534);
	A.send_seq = L - 1u;
	r = msa_assoc_send(&A, msg, 16, nd_now(), &io);
	//@ assert R_usage_fires: r != MSA_OK || (io.events & MSA_EV_SEND_RENEWED);
	/* policy kind rekey: a rekeyRequest goes out, own_rekey set */
	setup(EST, role, mode, si);
	A.flags = 0;
	A.send_gen = Frama_C_unsigned_short_interval(0, 65534);
	A.recv_gen = Frama_C_unsigned_short_interval(0, 65534);
	cfg.policy.kind = MSA_RENEW_REKEY;
	cfg.policy.max_records = 10;
	A.pol_records = Frama_C_unsigned_int_interval(10, 1000);
	r = msa_assoc_send(&A, msg, 16, nd_now(), &io);
	//@ assert R_rekey_fires: r != MSA_OK || (A.flags & MSA_FL_OWN_REKEY);
}

int
main(void)
{
	int st, role, mode, si;

	cfg.crypto = &prov;
	cfg.rng = &rng;
#ifdef STM_ONLY   /* debugging: one configuration, -DSTM_ONLY=1SMRT (digits: suite, mode, role, state) */
	{
		si = STM_ONLY / 1000 % 10; mode = STM_ONLY / 100 % 10;
		role = STM_ONLY / 10 % 10; st = STM_ONLY % 10;
		recv_other(st, role, mode, si);
		recv_records(st, role, mode, si);
		locals_from(st, role, mode, si);
		renewal(role, mode, si);
		return 0;
	}
#endif
	//@ loop unroll 2;
	for (si = 0; si < 2; si++)
		//@ loop unroll 2;
		for (mode = MSA_MODE_STREAM; mode <= MSA_MODE_DATAGRAM; mode++)
			//@ loop unroll 2;
			for (role = MSA_ROLE_INITIATOR; role <= MSA_ROLE_RESPONDER; role++) {
				//@ loop unroll 8;
				for (st = MSA_ST_IDLE; st <= MSA_ST_ABORTED; st++) {
					recv_other(st, role, mode, si);
					recv_records(st, role, mode, si);
					locals_from(st, role, mode, si);
				}
				renewal(role, mode, si);
			}
	return 0;
}

/*
 * The second entry point (make proofs: a run of its own, -main cache_main,
 * stm-cache.csv): the keyed states with a msa_key_cache attached or not
 * (cache_setup), AEAD suite, both roles, both modes; every received record
 * shape and every local call. The same assertions as main() (T, D, K, S),
 * and the cache's own (engine.c: cache_wiped, REQ-CRY-010; the expanded
 * keys are wiped with the association's). A run apart so that main()'s,
 * without a cache, keeps its precision and time.
 */
int
cache_main(void)
{
	int st, role, mode;

	cfg.crypto = &prov;
	cfg.rng = &rng;
	with_cache = 1;
#ifdef STM_CACHE_ONE   /* debugging: ESTABLISHED, initiator, stream, the local calls */
	locals_from(MSA_ST_ESTABLISHED, MSA_ROLE_INITIATOR, MSA_MODE_STREAM, 0);
	return 0;
#endif
	//@ loop unroll 2;
	for (mode = MSA_MODE_STREAM; mode <= MSA_MODE_DATAGRAM; mode++)
		//@ loop unroll 2;
		for (role = MSA_ROLE_INITIATOR; role <= MSA_ROLE_RESPONDER; role++)
			//@ loop unroll 3;
			for (st = MSA_ST_ESTABLISHED; st <= MSA_ST_RELEASE_RECEIVED; st++) {
				recv_records(st, role, mode, 0);
				locals_from(st, role, mode, 0);
			}
	return 0;
}
