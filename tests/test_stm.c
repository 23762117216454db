/*
 * test_stm.c -- every row of the state table (spec 7.3, REQ-STM-010 ..
 * REQ-STM-095), one function per row or group of rows, between in-memory
 * parties (tests/support/party.h) with PDUs forged where the peer could not
 * produce them (tests/support/forge.h). Each check asserts the local error,
 * the next state, what was sent (decoded: PDU kind, record type,
 * diagnostic, detail) and that nothing unauthenticated was delivered. The
 * expected values are the spec's, written here, not taken from the library.
 * Rows where the engine departs from the spec are in fixed_deviations(),
 * not run by main (see the end of the file).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tf.h"
#include "party.h"
#include "forge.h"
#include "MsaPdu.h"
#include "expect.h"

enum { T_APP = 0, T_KU, T_RKQ, T_RKS, T_RLQ, T_RLS, T_ABT };

static party I, R, X, Y;      /* I, R: under test; X, Y: a spare pair for foreign PDUs */
static fg_msgs M;             /* msg1..msg3 of the X-Y handshake */
static uint8_t P[MSA_OUT_CAP], B[512];
static const uint8_t OTHER[MSA_AID_LEN] = { 0xDE, 0xAD, 0xBE, 0xEF };
static const uint8_t MSG[] = "state table";

static const uint8_t *
aid_of(const party *p)
{
	return p->a.own_aid;
}


/* ------------------------------------------------------------ inputs */

/* A HandshakeInit of another initiator (X's msg1). */
static size_t
pdu_init(uint8_t *out)
{
	memcpy(out, M.m[0], M.n[0]);
	return M.n[0];
}

/* A HandshakeResp / HandshakeFinish / HandshakeReject addressed to aid. */
static size_t
pdu_resp(const uint8_t *aid, uint8_t *out)
{
	return fg_retarget(M.m[1], M.n[1], aid, out, MSA_OUT_CAP);
}

static size_t
pdu_finish(const uint8_t *aid, uint8_t *out)
{
	return fg_retarget(M.m[2], M.n[2], aid, out, MSA_OUT_CAP);
}

static size_t
pdu_reject(const uint8_t *aid, int diag, const char *detail, uint8_t *out)
{
	int n = msa_reject_encode(out, MSA_OUT_CAP, aid, diag, detail);

	return n < 0 ? 0 : (size_t)n;
}

/* A record addressed to aid under keys that are not the receiver's. */
static size_t
pdu_record(const uint8_t *aid, uint8_t *out)
{
	return fg_forge(&X.a, FG_CUR, aid, T_APP, 0, 0, MSG, sizeof MSG, 16, 0, out, MSA_OUT_CAP);
}

/* Undecodable input: msg1 cut by one octet (DER_TRUNCATED). */
static size_t
pdu_undecodable(uint8_t *out)
{
	memcpy(out, M.m[0], M.n[0] - 1u);
	return M.n[0] - 1u;
}

/* Every kind of input that names `aid` (or none), for the DROP rows. */
typedef size_t (*mk_fn)(const uint8_t *aid, uint8_t *out);
static size_t mk_init(const uint8_t *aid, uint8_t *out) { (void)aid; return pdu_init(out); }
static size_t mk_resp(const uint8_t *aid, uint8_t *out) { return pdu_resp(aid, out); }
static size_t mk_finish(const uint8_t *aid, uint8_t *out) { return pdu_finish(aid, out); }
static size_t mk_reject(const uint8_t *aid, uint8_t *out) { return pdu_reject(aid, MSA_DIAG_BAD_MAC, "BAD_MAC", out); }
static size_t mk_record(const uint8_t *aid, uint8_t *out) { return pdu_record(aid, out); }
static size_t mk_undec(const uint8_t *aid, uint8_t *out) { (void)aid; return pdu_undecodable(out); }
static const struct { const char *name; mk_fn fn; } INPUTS[] = {
	{ "HandshakeInit", mk_init }, { "HandshakeResp", mk_resp },
	{ "HandshakeFinish", mk_finish }, { "HandshakeReject", mk_reject },
	{ "ProtectedPdu", mk_record }, { "undecodable input", mk_undec },
};
#define N_INPUTS (sizeof INPUTS / sizeof INPUTS[0])

/* ------------------------------------------------------------ states */

enum { S_IDLE_I, S_IDLE_R, S_WAIT_RESP, S_WAIT_FINISH, S_EST, S_REL_SENT, S_REL_RECV,
	S_CLOSED, S_ABORTED, N_STATES };
static const char *const SNAME[] = { "IDLE(I)", "IDLE(R)", "WAIT_RESP", "WAIT_FINISH",
	"ESTABLISHED", "RELEASE_SENT", "RELEASE_RECEIVED", "CLOSED", "ABORTED" };

/* S_REL_SENT: I's releaseRequest, not delivered to R. */
static uint8_t I_REL[256];
static size_t I_REL_LEN;

/* Brings a fresh pair to state s and returns the party in it. */
static party *
to_state(int s)
{
	fg_pair(&I, &R, 0, 0);
	switch (s) {
	case S_IDLE_I:
		return &I;
	case S_IDLE_R:
		return &R;
	case S_WAIT_RESP:
		msa_assoc_start(&I.a, T_NOW, &I.io);
		return &I;
	case S_WAIT_FINISH:
		msa_assoc_start(&I.a, T_NOW, &I.io);
		fg_recv(&R, I.io.out, I.io.out_len, T_NOW);
		return &R;
	default:
		break;
	}
	if (!fg_established(&I, &R, 0, 1)) {
		fprintf(stderr, "to_state: handshake failed\n");
		exit(2);
	}
	switch (s) {
	case S_REL_SENT:
		msa_assoc_release(&I.a, MSA_REASON_NORMAL, T_NOW, &I.io);
		I_REL_LEN = I.io.out_len;
		memcpy(I_REL, I.io.out, I_REL_LEN);
		return &I;
	case S_REL_RECV:
		msa_assoc_release(&I.a, MSA_REASON_NORMAL, T_NOW, &I.io);
		pump(&I, &R);
		return &R;
	case S_CLOSED:
		msa_assoc_release(&I.a, MSA_REASON_NORMAL, T_NOW, &I.io);
		pump(&I, &R);
		msa_assoc_release(&R.a, MSA_REASON_NORMAL, T_NOW, &R.io);
		pump(&R, &I);
		return &I;
	case S_ABORTED:
		msa_assoc_abort(&I.a, MSA_DIAG_USER_ABORT, T_NOW, &I.io);
		return &I;
	default:
		return &I;
	}
}

static int
state_of(int s)
{
	static const int st[] = { MSA_ST_IDLE, MSA_ST_IDLE, MSA_ST_WAIT_RESP, MSA_ST_WAIT_FINISH,
		MSA_ST_ESTABLISHED, MSA_ST_RELEASE_SENT, MSA_ST_RELEASE_RECEIVED, MSA_ST_CLOSED,
		MSA_ST_ABORTED };
	return st[s];
}

/* ------------------------------------------------------------ rows 010..014 */

/* REQ-STM-010: a PDU naming another association is dropped with
 * UNKNOWN_ASSOC, in every state that has an association id to compare
 * (CLOSED and ABORTED: see fixed_deviations). REQ-GEN-004. */
static void
row_010(void)
{
	int s;
	unsigned k;
	fg_snap sn;

	for (s = 0; s < S_CLOSED; s++) {
		for (k = 1; k <= 4; k++) {     /* Resp, Finish, Reject, record */
			party *p = to_state(s);
			size_t n = INPUTS[k].fn(OTHER, P);
			int r;
			fg_snap_take(&sn, &p->a);
			r = fg_recv(p, P, n, T_NOW);
			is_drop(p, &sn, r, MSA_ERR_UNKNOWN_ASSOC,
				REQ("REQ-STM-010 REQ-STM-002 %s, %s for another aid", SNAME[s], INPUTS[k].name));
		}
	}
}

/* REQ-STM-011: a HandshakeInit handed to an association in any state but
 * IDLE(R) is dropped with STATE (REQ-GEN-006). */
static void
row_011(void)
{
	int s;
	fg_snap sn;

	for (s = 0; s < N_STATES; s++) {
		party *p;
		size_t n;
		int r;
		if (s == S_IDLE_R)
			continue;
		p = to_state(s);
		n = pdu_init(P);
		fg_snap_take(&sn, &p->a);
		r = fg_recv(p, P, n, T_NOW);
		is_drop(p, &sn, r, MSA_ERR_STATE, REQ("REQ-STM-011 HandshakeInit in %s", SNAME[s]));
	}
}

/* REQ-STM-012: in CLOSED and ABORTED every PDU (naming this association)
 * and undecodable input is dropped with STATE and never answered
 * (REQ-TRM-008, REQ-TRM-012). */
static void
row_012(void)
{
	int s;
	unsigned k;
	fg_snap sn;

	for (s = S_CLOSED; s <= S_ABORTED; s++)
		for (k = 0; k < N_INPUTS; k++) {
			party *p = to_state(s);
			size_t n = INPUTS[k].fn(aid_of(p), P);
			int r;
			fg_snap_take(&sn, &p->a);
			r = fg_recv(p, P, n, T_NOW);
			is_drop(p, &sn, r, MSA_ERR_STATE,
				REQ("REQ-STM-012 %s in %s", INPUTS[k].name, SNAME[s]));
		}
	/* a genuine record of the peer after CLOSED: not delivered */
	to_state(S_CLOSED);
	{
		size_t n = fg_forge(&R.a, FG_CUR, aid_of(&I), T_APP, 0, 0, MSG, sizeof MSG, 16, 0, P,
			sizeof P);
		int r;
		fg_snap_take(&sn, &I.a);
		r = fg_recv(&I, P, n, T_NOW);
		is_drop(&I, &sn, r, MSA_ERR_STATE, "REQ-STM-012 REQ-TRM-008 record after CLOSED");
	}
}

/* REQ-STM-013: local calls in CLOSED and ABORTED: CLOSED, nothing. */
static void
row_013(void)
{
	int s, c;
	fg_snap sn;
	static const char *const calls[] = { "send", "ratchet", "rekey", "release", "abort", "start" };

	for (s = S_CLOSED; s <= S_ABORTED; s++)
		for (c = 0; c < 6; c++) {
			party *p = to_state(s);
			int r = 0;
			fg_snap_take(&sn, &p->a);
			switch (c) {
			case 0: r = msa_assoc_send(&p->a, MSG, sizeof MSG, T_NOW, &p->io); break;
			case 1: r = msa_assoc_ratchet(&p->a, 0, T_NOW, &p->io); break;
			case 2: r = msa_assoc_rekey(&p->a, T_NOW, &p->io); break;
			case 3: r = msa_assoc_release(&p->a, MSA_REASON_NORMAL, T_NOW, &p->io); break;
			case 4: r = msa_assoc_abort(&p->a, MSA_DIAG_USER_ABORT, T_NOW, &p->io); break;
			default: r = msa_assoc_start(&p->a, T_NOW, &p->io); break;
			}
			is_refused(p, &sn, r, MSA_ERR_CLOSED, REQ("REQ-STM-013 %s in %s", calls[c], SNAME[s]));
			TF_EQ_INT(msa_assoc_state(&p->a), state_of(s), REQ("REQ-STM-013 %s: state", calls[c]));
		}
}

/* REQ-STM-014: start in any state but IDLE(I): STATE, nothing. */
static void
row_014(void)
{
	int s;
	fg_snap sn;

	for (s = 0; s < S_CLOSED; s++) {
		party *p;
		int r;
		if (s == S_IDLE_I)
			continue;
		p = to_state(s);
		fg_snap_take(&sn, &p->a);
		r = msa_assoc_start(&p->a, T_NOW, &p->io);
		is_refused(p, &sn, r, MSA_ERR_STATE, REQ("REQ-STM-014 start in %s", SNAME[s]));
	}
}

/* ------------------------------------------------------------ rows 020..027 */

/* REQ-STM-020: start: HandshakeInit sent, WAIT_RESP (REQ-HS-001..007 in test_hs.c). */
static void
row_020(void)
{
	int r;
	const uint8_t *p;
	size_t n;
	uint8_t dest[4], src[4];
	unsigned kind;

	to_state(S_IDLE_I);
	r = msa_assoc_start(&I.a, T_NOW, &I.io);
	is_result(&I, r, MSA_OK, MSA_ST_WAIT_RESP, 1, "REQ-STM-020 start");
	TF_EQ_INT(fg_pdu(&I.io, 0, &p, &n), MSA_PDU_INIT, "REQ-STM-020 a HandshakeInit");
	TF_CHECK(msa_pdu_peek(p, n, &kind, dest, src) == MSA_OK
		&& memcmp(src, aid_of(&I), 4) == 0, "REQ-STM-020 initiatorAid is own aid");
	TF_CHECK(I.io.events & MSA_EV_SENT, "REQ-STM-020 SENT event");
}

/* REQ-STM-021: IDLE(I): any PDU or undecodable input: DROP, STATE. */
static void
row_021(void)
{
	unsigned k;
	fg_snap sn;

	for (k = 0; k < N_INPUTS; k++) {
		size_t n;
		int r;
		to_state(S_IDLE_I);
		n = INPUTS[k].fn(aid_of(&I), P);
		fg_snap_take(&sn, &I.a);
		r = fg_recv(&I, P, n, T_NOW);
		is_drop(&I, &sn, r, MSA_ERR_STATE, REQ("REQ-STM-021 IDLE(I) %s", INPUTS[k].name));
	}
}

/* REQ-STM-022: IDLE, WAIT_RESP, WAIT_FINISH: send, ratchet, rekey,
 * release: STATE, nothing. */
static void
row_022(void)
{
	int s, c;
	fg_snap sn;
	static const char *const calls[] = { "send", "ratchet", "rekey", "release" };

	for (s = S_IDLE_I; s <= S_WAIT_FINISH; s++)
		for (c = 0; c < 4; c++) {
			party *p = to_state(s);
			int r;
			fg_snap_take(&sn, &p->a);
			switch (c) {
			case 0: r = msa_assoc_send(&p->a, MSG, sizeof MSG, T_NOW, &p->io); break;
			case 1: r = msa_assoc_ratchet(&p->a, 1, T_NOW, &p->io); break;
			case 2: r = msa_assoc_rekey(&p->a, T_NOW, &p->io); break;
			default: r = msa_assoc_release(&p->a, MSA_REASON_NORMAL, T_NOW, &p->io); break;
			}
			is_refused(p, &sn, r, MSA_ERR_STATE, REQ("REQ-STM-022 REQ-KR-001 %s in %s", calls[c], SNAME[s]));
		}
}

/* REQ-STM-023: IDLE: abort: wipe, nothing sent, ABORTED, OK. */
static void
row_023(void)
{
	int s, r;

	for (s = S_IDLE_I; s <= S_IDLE_R; s++) {
		party *p = to_state(s);
		r = msa_assoc_abort(&p->a, MSA_DIAG_USER_ABORT, T_NOW, &p->io);
		is_result(p, r, MSA_OK, MSA_ST_ABORTED, 0, REQ("REQ-STM-023 abort in %s", SNAME[s]));
		TF_CHECK(msa_assoc_keys_zero(&p->a), "REQ-STM-023 wiped");
		TF_CHECK(p->io.events & MSA_EV_ABORTED, "REQ-STM-023 ABORTED event");
	}
}

/* REQ-STM-024: IDLE(R): a good HandshakeInit: HandshakeResp sent, WAIT_FINISH. */
static void
row_024(void)
{
	int r;
	const uint8_t *p;
	size_t n;
	uint8_t dest[4], src[4];
	unsigned kind;

	to_state(S_IDLE_R);
	msa_assoc_start(&I.a, T_NOW, &I.io);
	r = fg_recv(&R, I.io.out, I.io.out_len, T_NOW);
	is_result(&R, r, MSA_OK, MSA_ST_WAIT_FINISH, 1, "REQ-STM-024 HandshakeInit");
	TF_EQ_INT(fg_pdu(&R.io, 0, &p, &n), MSA_PDU_RESP, "REQ-STM-024 a HandshakeResp");
	TF_CHECK(msa_pdu_peek(p, n, &kind, dest, src) == MSA_OK
		&& memcmp(dest, aid_of(&I), 4) == 0 && memcmp(src, aid_of(&R), 4) == 0,
		"REQ-STM-024 HandshakeResp names both aids");
}

static void
bump_version(struct MsaPdu *v, void *ctx)
{
	(void)ctx;
	((MsaPdu_t *)v)->choice.handshakeInit.version = 2;
}

/* REQ-STM-025: IDLE(R): a HandshakeInit that fails a check of 8.3:
 * FAIL(d(e)): HandshakeReject to initiatorAid, ABORTED, e. */
static void
row_025(void)
{
	size_t n;
	int r;

	to_state(S_IDLE_R);
	msa_assoc_start(&I.a, T_NOW, &I.io);
	n = fg_mutate(I.io.out, I.io.out_len, bump_version, NULL, P, sizeof P);
	r = fg_recv(&R, P, n, T_NOW);
	is_fail_reject(&R, r, MSA_ERR_PROTOCOL_VERSION, MSA_DIAG_PROTOCOL_VERSION, aid_of(&I),
		"REQ-STM-025 REQ-ERR-001 version 2");
	/* the initiator receives the reject: REQ-STM-032 */
	r = fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	is_peer_end(&I, r, MSA_ERR_PEER_REJECT, MSA_ST_CLOSED, MSA_DIAG_PROTOCOL_VERSION,
		"PROTOCOL_VERSION", "REQ-STM-032 reject of REQ-STM-025");
}

/* REQ-STM-026: IDLE(R): undecodable input: FAIL*(d) with nothing sent:
 * ABORTED in stream mode (REQ-GEN-010), dropped (IDLE) in datagram mode. */
static void
row_026(void)
{
	size_t n;
	int r;
	fg_snap sn;

	to_state(S_IDLE_R);
	n = pdu_undecodable(P);
	r = fg_recv(&R, P, n, T_NOW);
	is_fail_reject(&R, r, MSA_ERR_DER_TRUNCATED, MSA_DIAG_DECODE_ERROR, NULL,
		"REQ-STM-026 stream: undecodable");
	to_state(S_IDLE_R);
	R.a.mode = MSA_MODE_DATAGRAM;
	fg_snap_take(&sn, &R.a);
	r = fg_recv(&R, P, n, T_NOW);
	is_drop(&R, &sn, r, MSA_ERR_DER_TRUNCATED, "REQ-STM-026 datagram: undecodable dropped");
	TF_EQ_INT(msa_assoc_state(&R.a), MSA_ST_IDLE, "REQ-STM-026 datagram: IDLE");
}

/* REQ-STM-027: IDLE(R): HandshakeResp, HandshakeFinish, HandshakeReject,
 * ProtectedPdu naming it: DROP, STATE. */
static void
row_027(void)
{
	unsigned k;
	fg_snap sn;

	for (k = 1; k <= 4; k++) {
		size_t n;
		int r;
		to_state(S_IDLE_R);
		n = INPUTS[k].fn(aid_of(&R), P);
		fg_snap_take(&sn, &R.a);
		r = fg_recv(&R, P, n, T_NOW);
		is_drop(&R, &sn, r, MSA_ERR_STATE, REQ("REQ-STM-027 IDLE(R) %s", INPUTS[k].name));
	}
}

/* ------------------------------------------------------------ rows 030..036 */

static void
flip_resp_mac(struct MsaPdu *v, void *ctx)
{
	(void)ctx;
	((MsaPdu_t *)v)->choice.handshakeResp.mac.buf[0] ^= 1;
}

/* REQ-STM-030, 031, 032. */
static void
rows_030_032(void)
{
	size_t n;
	int r;

	/* 030: a good HandshakeResp: HandshakeFinish sent, ESTABLISHED, unconfirmed */
	to_state(S_WAIT_FINISH);
	r = fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	is_result(&I, r, MSA_OK, MSA_ST_ESTABLISHED, 1, "REQ-STM-030 HandshakeResp");
	TF_EQ_INT(fg_kind(&I.io, 0), MSA_PDU_FINISH, "REQ-STM-030 a HandshakeFinish");
	TF_CHECK(msa_assoc_flags(&I.a) == MSA_FL_UNCONFIRMED, "REQ-STM-030 unconfirmed set");
	TF_CHECK(I.io.events & MSA_EV_ESTABLISHED, "REQ-STM-030 ESTABLISHED event");

	/* 031: a failing HandshakeResp (bad MAC): reject to its responderAid */
	to_state(S_WAIT_FINISH);
	n = fg_mutate(R.io.out, R.io.out_len, flip_resp_mac, NULL, P, sizeof P);
	r = fg_recv(&I, P, n, T_NOW);
	is_fail_reject(&I, r, MSA_ERR_BAD_MAC, MSA_DIAG_BAD_MAC, aid_of(&R),
		"REQ-STM-031 HandshakeResp with a bad MAC");
	/* the responder, in WAIT_FINISH, gets the reject: REQ-STM-042 */
	r = fg_recv(&R, I.io.out, I.io.out_len, T_NOW);
	is_peer_end(&R, r, MSA_ERR_PEER_REJECT, MSA_ST_CLOSED, MSA_DIAG_BAD_MAC, "BAD_MAC",
		"REQ-STM-042 HandshakeReject in WAIT_FINISH");

	/* 032: a HandshakeReject in WAIT_RESP */
	to_state(S_WAIT_RESP);
	n = pdu_reject(aid_of(&I), MSA_DIAG_NO_COMMON_SUITE, "no suite", P);
	r = fg_recv(&I, P, n, T_NOW);
	is_peer_end(&I, r, MSA_ERR_PEER_REJECT, MSA_ST_CLOSED, MSA_DIAG_NO_COMMON_SUITE, "no suite",
		"REQ-STM-032 HandshakeReject in WAIT_RESP");
	TF_CHECK(I.io.events & MSA_EV_CLOSED, "REQ-STM-032 CLOSED event");
}

/* REQ-STM-033: WAIT_RESP: HandshakeFinish or ProtectedPdu: FAIL*(unexpectedPdu),
 * nothing sent (R's aid unknown). REQ-STM-034: undecodable: FAIL*(d). */
static void
rows_033_034(void)
{
	static const unsigned ks[] = { 2, 4, 5 };   /* Finish, record, undecodable */
	unsigned i;
	fg_snap sn;

	for (i = 0; i < 3; i++) {
		unsigned k = ks[i];
		int err = k == 5 ? MSA_ERR_DER_TRUNCATED : MSA_ERR_STATE;
		int diag = k == 5 ? MSA_DIAG_DECODE_ERROR : MSA_DIAG_UNEXPECTED_PDU;
		const char *row = k == 5 ? "REQ-STM-034" : "REQ-STM-033";
		size_t n;
		int r;
		to_state(S_WAIT_RESP);
		n = INPUTS[k].fn(aid_of(&I), P);
		r = fg_recv(&I, P, n, T_NOW);
		is_fail_reject(&I, r, err, diag, NULL, REQ("%s stream: %s in WAIT_RESP", row,
			INPUTS[k].name));
		to_state(S_WAIT_RESP);
		I.a.mode = MSA_MODE_DATAGRAM;
		n = INPUTS[k].fn(aid_of(&I), P);
		fg_snap_take(&sn, &I.a);
		r = fg_recv(&I, P, n, T_NOW);
		is_drop(&I, &sn, r, err, REQ("%s datagram: %s in WAIT_RESP", row, INPUTS[k].name));
	}
}

/* REQ-STM-035: WAIT_RESP: handshake timeout: wipe, nothing sent, ABORTED,
 * TIMEOUT. REQ-STM-036: abort: nothing sent, ABORTED, OK. REQ-HS-090. */
static void
rows_035_036(void)
{
	int r;
	fg_snap sn;

	to_state(S_WAIT_RESP);
	I.cfg.hs_timeout = 30;
	fg_snap_take(&sn, &I.a);
	r = msa_assoc_tick(&I.a, T_NOW + 30, &I.io);
	TF_CHECK(r == MSA_OK && fg_snap_same(&sn, &I.a) && I.io.out_len == 0,
		"REQ-STM-035 REQ-HS-090 not yet expired at 30 s");
	r = msa_assoc_tick(&I.a, T_NOW + 31, &I.io);
	is_result(&I, r, MSA_ERR_TIMEOUT, MSA_ST_ABORTED, 0, "REQ-STM-035 handshake timeout");
	TF_CHECK(msa_assoc_keys_zero(&I.a), "REQ-STM-035 wiped");
	to_state(S_WAIT_RESP);
	I.cfg.hs_timeout = 0;
	r = msa_assoc_tick(&I.a, T_NOW + 1000000, &I.io);
	TF_CHECK(r == MSA_OK && msa_assoc_state(&I.a) == MSA_ST_WAIT_RESP,
		"REQ-HS-090 timeout 0 = none");
	to_state(S_WAIT_RESP);
	r = msa_assoc_abort(&I.a, MSA_DIAG_USER_ABORT, T_NOW, &I.io);
	is_result(&I, r, MSA_OK, MSA_ST_ABORTED, 0, "REQ-STM-036 abort in WAIT_RESP");
	TF_CHECK(msa_assoc_keys_zero(&I.a), "REQ-STM-036 wiped");
}

/* ------------------------------------------------------------ rows 040..046 */

static void
flip_fin_mac(struct MsaPdu *v, void *ctx)
{
	(void)ctx;
	((MsaPdu_t *)v)->choice.handshakeFinish.mac.buf[3] ^= 0x80;
}

static void
rows_040_042(void)
{
	size_t n;
	int r;

	to_state(S_WAIT_FINISH);
	fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	r = fg_recv(&R, I.io.out, I.io.out_len, T_NOW);
	is_result(&R, r, MSA_OK, MSA_ST_ESTABLISHED, 0, "REQ-STM-040 HandshakeFinish");
	TF_CHECK(R.io.events & MSA_EV_ESTABLISHED, "REQ-STM-040 ESTABLISHED event");
	TF_CHECK(R.io.peer_id_len == strlen("urn:msa:ae:initiator-1")
		&& memcmp(R.io.peer_id, "urn:msa:ae:initiator-1", R.io.peer_id_len) == 0,
		"REQ-STM-040 REQ-HS-087 peer AE name reported");
	TF_EQ_INT(msa_assoc_flags(&R.a), 0, "REQ-STM-040 flags clear");

	to_state(S_WAIT_FINISH);
	fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	n = fg_mutate(I.io.out, I.io.out_len, flip_fin_mac, NULL, P, sizeof P);
	r = fg_recv(&R, P, n, T_NOW);
	is_fail_reject(&R, r, MSA_ERR_BAD_MAC, MSA_DIAG_BAD_MAC, aid_of(&I),
		"REQ-STM-041 HandshakeFinish with a bad MAC");
	/* the initiator is ESTABLISHED and unconfirmed: the reject closes it (055) */
	r = fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	is_peer_end(&I, r, MSA_ERR_PEER_REJECT, MSA_ST_CLOSED, MSA_DIAG_BAD_MAC, "BAD_MAC",
		"REQ-STM-055 HandshakeReject while unconfirmed");

	to_state(S_WAIT_FINISH);
	n = pdu_reject(aid_of(&R), MSA_DIAG_USER_ABORT, NULL, P);
	r = fg_recv(&R, P, n, T_NOW);
	is_peer_end(&R, r, MSA_ERR_PEER_REJECT, MSA_ST_CLOSED, MSA_DIAG_USER_ABORT, "",
		"REQ-STM-042 HandshakeReject in WAIT_FINISH");
}

/* REQ-STM-043: WAIT_FINISH: HandshakeResp, ProtectedPdu: FAIL*(unexpectedPdu):
 * a HandshakeReject to initiatorAid in stream mode (REQ-GEN-010: the failure ends
 * the association). REQ-STM-044: undecodable. */
static void
rows_043_044(void)
{
	static const unsigned ks[] = { 1, 4, 5 };
	unsigned i;
	fg_snap sn;

	for (i = 0; i < 3; i++) {
		unsigned k = ks[i];
		int err = k == 5 ? MSA_ERR_DER_TRUNCATED : MSA_ERR_STATE;
		int diag = k == 5 ? MSA_DIAG_DECODE_ERROR : MSA_DIAG_UNEXPECTED_PDU;
		const char *row = k == 5 ? "REQ-STM-044" : "REQ-STM-043";
		size_t n;
		int r;
		to_state(S_WAIT_FINISH);
		n = INPUTS[k].fn(aid_of(&R), P);
		r = fg_recv(&R, P, n, T_NOW);
		is_fail_reject(&R, r, err, diag, aid_of(&I), REQ("%s stream: %s in WAIT_FINISH", row,
			INPUTS[k].name));
		to_state(S_WAIT_FINISH);
		R.a.mode = MSA_MODE_DATAGRAM;
		n = INPUTS[k].fn(aid_of(&R), P);
		fg_snap_take(&sn, &R.a);
		r = fg_recv(&R, P, n, T_NOW);
		is_drop(&R, &sn, r, err, REQ("%s datagram: %s in WAIT_FINISH", row, INPUTS[k].name));
	}
}

/* REQ-STM-044: the d of undecodable input (7.2) in a reject: tooLarge,
 * resourceExhausted. */
static void
row_044_d(void)
{
	static uint8_t big[MSA_MAX_PDU + 16];
	static unsigned char small_arena[256];
	size_t n;
	int r;

	to_state(S_WAIT_FINISH);
	memset(big, 0, sizeof big);
	big[0] = 0xA2; big[1] = 0x82;
	big[2] = (uint8_t)((MSA_MAX_PDU - 3u) >> 8);
	big[3] = (uint8_t)(MSA_MAX_PDU - 3u);
	r = fg_recv(&R, big, MSA_MAX_PDU + 1u, T_NOW);
	is_fail_reject(&R, r, MSA_ERR_DER_TOO_LARGE, MSA_DIAG_TOO_LARGE, aid_of(&I),
		"REQ-STM-044 REQ-ERR-001 a PDU over MSA_MAX_PDU: tooLarge");
	to_state(S_WAIT_FINISH);
	msa_arena_init(&R.ar, small_arena, sizeof small_arena);
	n = pdu_finish(aid_of(&R), P);
	r = fg_recv(&R, P, n, T_NOW);
	is_fail_reject(&R, r, MSA_ERR_ARENA_EXHAUSTED, MSA_DIAG_RESOURCE_EXHAUSTED, aid_of(&I),
		"REQ-STM-044 REQ-ERR-001 decode memory exhausted: resourceExhausted");
	msa_arena_init(&R.ar, R.arena_buf, sizeof R.arena_buf);
}

/* REQ-STM-045: WAIT_FINISH timeout: FAIL(timeout). REQ-STM-046: abort:
 * HandshakeReject(userAbort), no detail. */
static void
rows_045_046(void)
{
	int r;

	to_state(S_WAIT_FINISH);
	R.cfg.hs_timeout = 10;
	r = msa_assoc_tick(&R.a, T_NOW + 10, &R.io);
	TF_CHECK(r == MSA_OK && msa_assoc_state(&R.a) == MSA_ST_WAIT_FINISH && R.io.out_len == 0,
		"REQ-STM-045 not yet at 10 s");
	r = msa_assoc_tick(&R.a, T_NOW + 11, &R.io);
	is_fail_reject(&R, r, MSA_ERR_TIMEOUT, MSA_DIAG_TIMEOUT, aid_of(&I),
		"REQ-STM-045 handshake timeout in WAIT_FINISH");
	to_state(S_WAIT_FINISH);
	r = msa_assoc_abort(&R.a, MSA_DIAG_USER_ABORT, T_NOW, &R.io);
	is_fail_reject(&R, r, MSA_OK, MSA_DIAG_USER_ABORT, aid_of(&I), "REQ-STM-046 REQ-TRM-010 abort in WAIT_FINISH");
}

/* ------------------------------------------------------------ keyed rows 050..058 */

/* The keyed states with the party under test and its peer. */
static party *
keyed(int s, party **peer)
{
	party *p = to_state(s);

	*peer = p == &I ? &R : &I;
	return p;
}

/* REQ-STM-050: a record check before or at the tag fails: FAIL*(d(e)). */
static void
row_050(void)
{
	int s, m, c;
	fg_snap sn;

	for (s = S_EST; s <= S_REL_RECV; s++)
		for (c = 0; c < 3; c++)
			for (m = 0; m < 2; m++) {
				party *peer, *p = keyed(s, &peer);
				const msa_suite *su = msa_suite_find(peer->a.suite);
				size_t n;
				int r, err;
				const char *what;
				if (m)
					p->a.mode = MSA_MODE_DATAGRAM;
				switch (c) {
				case 0: /* replayed sequence number (seq already used) */
					n = fg_forge(&peer->a, FG_CUR, aid_of(p), T_APP, peer->a.send_gen,
						peer->a.send_seq - 1u, MSG, sizeof MSG, su->tag_len, 0, P, sizeof P);
					err = MSA_ERR_BAD_SEQUENCE; what = "replayed seq";
					if (m && s != S_REL_RECV) { /* datagram: replay an accepted one */
						n = fg_forge_next(&peer->a, T_APP, MSG, sizeof MSG, P, sizeof P);
						fg_recv(p, P, n, T_NOW);
					} else if (m) {
						/* RELEASE_RECEIVED accepts no appData: the replay is of
						 * the releaseRequest's seq 0, marked in the window a
						 * datagram receiver would hold */
						p->a.rwin = 1;
					}
					break;
				case 1: /* a bad tag */
					n = fg_forge(&peer->a, FG_CUR, aid_of(p), T_APP, peer->a.send_gen,
						peer->a.send_seq, MSG, sizeof MSG, su->tag_len, 1, P, sizeof P);
					err = MSA_ERR_BAD_RECORD; what = "bad tag";
					break;
				default: /* a generation that is neither current nor next */
					n = fg_forge(&peer->a, FG_CUR, aid_of(p), T_APP, peer->a.send_gen + 2u,
						0, MSG, sizeof MSG, su->tag_len, 0, P, sizeof P);
					err = MSA_ERR_BAD_SEQUENCE; what = "generation + 2";
					break;
				}
				if (m) {
					fg_snap_take(&sn, &p->a);
					r = fg_recv(p, P, n, T_NOW);
					is_drop(p, &sn, r, err, REQ("REQ-STM-050 datagram %s: %s", SNAME[s], what));
				} else {
					r = fg_recv(p, P, n, T_NOW);
					is_fail_abort(p, peer, r, err, err == MSA_ERR_BAD_RECORD
						? MSA_DIAG_BAD_RECORD : MSA_DIAG_BAD_SEQUENCE,
						REQ("REQ-STM-050 REQ-ERR-001 stream %s: %s", SNAME[s], what));
				}
			}
}

/* REQ-STM-051: the tag verifies but the usage limit is broken (REQ-KR-019):
 * FAIL(usageLimit) in both modes. */
static void
row_051(void)
{
	int s, m;

	for (s = S_EST; s <= S_REL_RECV; s++)
		for (m = 0; m < 2; m++) {
			party *peer, *p = keyed(s, &peer);
			uint32_t L = msa_suite_find(peer->a.suite)->usage_limit;
			size_t n;
			int r;
			if (m)
				p->a.mode = MSA_MODE_DATAGRAM;
			/* the peer's next record has seq L-1 and is appData */
			peer->a.send_seq = L - 1u;
			p->a.recv_seq = m ? 0 : L - 1u;
			n = fg_forge_next(&peer->a, T_APP, MSG, sizeof MSG, P, sizeof P);
			r = fg_recv(p, P, n, T_NOW);
			is_fail_abort(p, peer, r, MSA_ERR_USAGE_LIMIT, MSA_DIAG_USAGE_LIMIT,
				REQ("REQ-STM-051 %s %s: appData with seq L-1", m ? "datagram" : "stream",
					SNAME[s]));
		}
}

/* REQ-STM-052: an abort record in any keyed state: PEER_ABORT with its
 * diagnostic and detail, nothing sent; an undecodable body: unspecified. */
static void
row_052(void)
{
	int s;

	for (s = S_EST; s <= S_REL_RECV; s++) {
		party *peer, *p = keyed(s, &peer);
		size_t bl = fg_body_abort(MSA_DIAG_INTERNAL_ERROR, "RNG", B, sizeof B);
		size_t n = fg_forge_next(&peer->a, T_ABT, B, bl, P, sizeof P);
		int r = fg_recv(p, P, n, T_NOW);
		is_peer_end(p, r, MSA_ERR_PEER_ABORT, MSA_ST_ABORTED, MSA_DIAG_INTERNAL_ERROR, "RNG",
			REQ("REQ-STM-052 abort record in %s", SNAME[s]));
		TF_CHECK(p->io.events & MSA_EV_ABORTED, "REQ-STM-052 ABORTED event");

		p = keyed(s, &peer);
		B[0] = 0x31;                         /* not a SEQUENCE: undecodable body */
		n = fg_forge_next(&peer->a, T_ABT, B, bl, P, sizeof P);
		r = fg_recv(p, P, n, T_NOW);
		is_peer_end(p, r, MSA_ERR_PEER_ABORT, MSA_ST_ABORTED, MSA_DIAG_UNSPECIFIED, "",
			REQ("REQ-STM-052 abort record with an undecodable body in %s", SNAME[s]));

		/* an unknown diagnostic value is read as unspecified (REQ-ENC-014, REQ-ERR-002) */
		p = keyed(s, &peer);
		bl = fg_body_abort(MSA_DIAG_USER_ABORT, NULL, B, sizeof B);
		B[4] = 99;                           /* 30 03 80 01 17 -> 80 01 63 */
		n = fg_forge_next(&peer->a, T_ABT, B, bl, P, sizeof P);
		r = fg_recv(p, P, n, T_NOW);
		is_peer_end(p, r, MSA_ERR_PEER_ABORT, MSA_ST_ABORTED, MSA_DIAG_UNSPECIFIED, "",
			REQ("REQ-STM-052 REQ-ERR-002 unknown diagnostic 99 in %s", SNAME[s]));
	}
}

/* REQ-STM-053: a record of another type whose body does not decode:
 * FAIL(decodeError) with the decoding error, in both modes (REQ-ENC-020). */
static void
row_053(void)
{
	int s, m;
	unsigned t;

	for (s = S_EST; s <= S_REL_RECV; s++)
		for (t = T_KU; t <= T_RLS; t++)
			for (m = 0; m < 2; m++) {
				party *peer, *p = keyed(s, &peer);
				static const uint8_t bad[] = { 0x30, 0x03, 0x80, 0x01 };  /* truncated */
				size_t n;
				int r;
				if (m)
					p->a.mode = MSA_MODE_DATAGRAM;
				n = fg_forge_next(&peer->a, t, bad, sizeof bad, P, sizeof P);
				r = fg_recv(p, P, n, T_NOW);
				is_fail_abort(p, peer, r, MSA_ERR_DER_TRUNCATED, MSA_DIAG_DECODE_ERROR,
					REQ("REQ-STM-053 %s %s: type %u with a truncated body",
						m ? "datagram" : "stream", SNAME[s], t));
			}
}

/* REQ-STM-054: keyed: HandshakeResp, HandshakeFinish: FAIL*(unexpectedPdu). */
static void
row_054(void)
{
	int s, m;
	unsigned k;
	fg_snap sn;

	for (s = S_EST; s <= S_REL_RECV; s++)
		for (k = 1; k <= 2; k++)
			for (m = 0; m < 2; m++) {
				party *peer, *p = keyed(s, &peer);
				size_t n = INPUTS[k].fn(aid_of(p), P);
				int r;
				if (m) {
					p->a.mode = MSA_MODE_DATAGRAM;
					fg_snap_take(&sn, &p->a);
					r = fg_recv(p, P, n, T_NOW);
					is_drop(p, &sn, r, MSA_ERR_STATE, REQ("REQ-STM-054 datagram %s: %s",
						SNAME[s], INPUTS[k].name));
				} else {
					r = fg_recv(p, P, n, T_NOW);
					is_fail_abort(p, peer, r, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU,
						REQ("REQ-STM-054 stream %s: %s", SNAME[s], INPUTS[k].name));
				}
			}
	/* the initiator's own msg2 replayed after the handshake */
	to_state(S_WAIT_FINISH);
	{
		static uint8_t m2[MSA_OUT_CAP];
		size_t l2 = R.io.out_len;
		int r;
		memcpy(m2, R.io.out, l2);
		fg_recv(&I, m2, l2, T_NOW);
		pump(&I, &R);
		r = fg_recv(&I, m2, l2, T_NOW);
		is_fail_abort(&I, &R, r, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU,
			"REQ-STM-054 msg2 replayed to the ESTABLISHED initiator");
	}
}

/* REQ-STM-055 (unconfirmed: CLOSED) and REQ-STM-056 (confirmed: DROP). */
static void
rows_055_056(void)
{
	int s;
	size_t n;
	int r;
	fg_snap sn;

	fg_pair(&I, &R, 0, 0);
	handshake(&I, &R);
	TF_CHECK(msa_assoc_flags(&I.a) & MSA_FL_UNCONFIRMED, "REQ-STM-055 unconfirmed before a record");
	n = pdu_reject(aid_of(&I), MSA_DIAG_BAD_CERTIFICATE, "CERT_PROFILE", P);
	r = fg_recv(&I, P, n, T_NOW);
	is_peer_end(&I, r, MSA_ERR_PEER_REJECT, MSA_ST_CLOSED, MSA_DIAG_BAD_CERTIFICATE,
		"CERT_PROFILE", "REQ-STM-055 HandshakeReject while unconfirmed");

	/* unconfirmed in RELEASE_SENT: released right after HandshakeFinish */
	fg_pair(&I, &R, 0, 0);
	handshake(&I, &R);
	r = msa_assoc_release(&I.a, MSA_REASON_NORMAL, T_NOW, &I.io);
	TF_CHECK(r == MSA_OK && (msa_assoc_flags(&I.a) & MSA_FL_UNCONFIRMED), "REQ-STM-055 setup");
	n = pdu_reject(aid_of(&I), MSA_DIAG_UNKNOWN_CA, "CERT_UNTRUSTED", P);
	r = fg_recv(&I, P, n, T_NOW);
	is_peer_end(&I, r, MSA_ERR_PEER_REJECT, MSA_ST_CLOSED, MSA_DIAG_UNKNOWN_CA, "CERT_UNTRUSTED",
		"REQ-STM-055 HandshakeReject in RELEASE_SENT while unconfirmed");

	for (s = S_EST; s <= S_REL_RECV; s++) {
		party *peer, *p = keyed(s, &peer);
		n = pdu_reject(aid_of(p), MSA_DIAG_BAD_MAC, "BAD_MAC", P);
		fg_snap_take(&sn, &p->a);
		r = fg_recv(p, P, n, T_NOW);
		is_drop(p, &sn, r, MSA_ERR_STATE, REQ("REQ-STM-056 HandshakeReject in %s, confirmed",
			SNAME[s]));
	}
	/* the responder is never unconfirmed */
	fg_established(&I, &R, 0, 0);
	n = pdu_reject(aid_of(&R), MSA_DIAG_BAD_MAC, NULL, P);
	fg_snap_take(&sn, &R.a);
	r = fg_recv(&R, P, n, T_NOW);
	is_drop(&R, &sn, r, MSA_ERR_STATE, "REQ-STM-056 HandshakeReject to the responder");
}

/* REQ-STM-057: keyed: undecodable input: FAIL*(d), d by the decoding
 * error (7.2): decodeError, tooLarge, resourceExhausted. */
static void
row_057(void)
{
	int s, m, c;
	fg_snap sn;
	static uint8_t big[MSA_MAX_PDU + 16];
	static unsigned char small_arena[256];

	for (s = S_EST; s <= S_REL_RECV; s++)
		for (c = 0; c < 3; c++)
			for (m = 0; m < 2; m++) {
				party *peer, *p = keyed(s, &peer);
				const uint8_t *in = P;
				size_t n;
				int r, err, diag;
				if (c == 0) {
					n = pdu_undecodable(P);
					err = MSA_ERR_DER_TRUNCATED; diag = MSA_DIAG_DECODE_ERROR;
				} else if (c == 1) {
					memset(big, 0, sizeof big);
					big[0] = 0xA4; big[1] = 0x82;
					big[2] = (uint8_t)((MSA_MAX_PDU - 3u) >> 8);
					big[3] = (uint8_t)(MSA_MAX_PDU - 3u);   /* total MSA_MAX_PDU + 1 */
					in = big;
					n = MSA_MAX_PDU + 1u;
					err = MSA_ERR_DER_TOO_LARGE; diag = MSA_DIAG_TOO_LARGE;
				} else {
					/* a HandshakeInit decoded in an arena too small */
					n = pdu_init(P);
					msa_arena_init(&p->ar, small_arena, sizeof small_arena);
					err = MSA_ERR_ARENA_EXHAUSTED; diag = MSA_DIAG_RESOURCE_EXHAUSTED;
				}
				if (m) {
					p->a.mode = MSA_MODE_DATAGRAM;
					fg_snap_take(&sn, &p->a);
					r = fg_recv(p, in, n, T_NOW);
					is_drop(p, &sn, r, err, REQ("REQ-STM-057 datagram %s: %s", SNAME[s],
						msa_err_name(err)));
				} else {
					r = fg_recv(p, in, n, T_NOW);
					is_fail_abort(p, peer, r, err, diag, REQ("REQ-STM-057 stream %s: %s",
						SNAME[s], msa_err_name(err)));
				}
				msa_arena_init(&p->ar, p->arena_buf, sizeof p->arena_buf);
			}
}

/* REQ-STM-058: keyed: abort (diagnostic d, default userAbort): Abort{d} sent. */
static void
row_058(void)
{
	int s;

	for (s = S_EST; s <= S_REL_RECV; s++) {
		party *peer, *p = keyed(s, &peer);
		long d = -1;
		char det[MSA_MAX_DETAIL + 1];
		int hd = 1, r;
		r = msa_assoc_abort(&p->a, MSA_DIAG_USER_ABORT, T_NOW, &p->io);
		is_result(p, r, MSA_OK, MSA_ST_ABORTED, 1, REQ("REQ-STM-058 REQ-TRM-010 abort in %s", SNAME[s]));
		TF_CHECK(fg_abort(&p->io, 0, &peer->a, &d, det, &hd) && d == MSA_DIAG_USER_ABORT && !hd,
			"REQ-STM-058 REQ-ERR-004 Abort{userAbort}, no detail (%s)", SNAME[s]);
		TF_CHECK(msa_assoc_keys_zero(&p->a), "REQ-STM-058 REQ-TRM-012 wiped (%s)", SNAME[s]);
		if (s == S_REL_SENT)       /* the peer has not received the releaseRequest */
			fg_recv(peer, I_REL, I_REL_LEN, T_NOW);
		r = fg_recv(peer, p->io.out, p->io.out_len, T_NOW);
		TF_CHECK(r == MSA_ERR_PEER_ABORT && msa_assoc_state(&peer->a) == MSA_ST_ABORTED
			&& peer->io.out_len == 0 && peer->io.peer_diag == MSA_DIAG_USER_ABORT,
			"REQ-STM-058 REQ-ERR-003 the peer aborts and answers nothing (%s)", SNAME[s]);

		p = keyed(s, &peer);
		r = msa_assoc_abort(&p->a, MSA_DIAG_INTERNAL_ERROR, T_NOW, &p->io);
		TF_CHECK(r == MSA_OK && fg_abort(&p->io, 0, &peer->a, &d, det, &hd)
			&& d == MSA_DIAG_INTERNAL_ERROR, "REQ-STM-058 abort with diagnostic d (%s)", SNAME[s]);
	}
}

/* ------------------------------------------------------------ renewal rows */

/* A record of type t from the peer at its current generation, with a
 * valid body. */
static size_t
rec_from(msa_assoc *snd, unsigned t, int arg)
{
	size_t bl = 0;
	static const uint8_t x25519_base[32] = { 9 };

	switch (t) {
	case T_APP: memcpy(B, MSG, sizeof MSG); bl = sizeof MSG; break;
	case T_KU: bl = fg_body_keyupdate(arg, B, sizeof B); break;
	case T_RKQ: bl = fg_body_rekey(0, MSA_GROUP_X25519, x25519_base, 32, B, sizeof B); break;
	case T_RKS: bl = fg_body_rekey(1, MSA_GROUP_X25519, x25519_base, 32, B, sizeof B); break;
	case T_RLQ: bl = fg_body_release(0, arg, B, sizeof B); break;
	case T_RLS: bl = fg_body_release(1, arg, B, sizeof B); break;
	default: bl = fg_body_abort(arg, NULL, B, sizeof B); break;
	}
	return fg_forge_next(snd, t, B, bl, P, sizeof P);
}

static size_t
peer_record(party *peer, unsigned t, int arg)
{
	return rec_from(&peer->a, t, arg);
}

/* R answers I's rekeyRequest: R has recv_pending; I has received the
 * response (both its directions switched), IOLD is I before that: it sends
 * records of I's old generation. */
static msa_assoc IOLD;

static void
r_pending(void)
{
	fg_established(&I, &R, 0, 1);
	msa_assoc_rekey(&I.a, T_NOW, &I.io);
	fg_recv(&R, I.io.out, I.io.out_len, T_NOW);
	IOLD = I.a;
	fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
}

/* REQ-STM-059: a rekeyRequest, or a keyUpdate asking for an update, of the
 * peer's old generation while recv_pending: FAIL(renewalError), in
 * ESTABLISHED and RELEASE_SENT. A keyUpdate(FALSE) there is the peer's end
 * of its old generation: the pending receive secret takes over (REQ-KR-012). */
static void
row_059(void)
{
	unsigned t, sg, rg;
	int rs;

	for (rs = 0; rs < 2; rs++) {
		size_t n;
		int r;
		r_pending();
		if (rs)
			(void)msa_assoc_release(&R.a, MSA_REASON_NORMAL, T_NOW, &R.io);
		msa_assoc_generations(&R.a, &sg, &rg);
		n = rec_from(&IOLD, T_KU, 0);
		r = fg_recv(&R, P, n, T_NOW);
		TF_CHECK(r == MSA_OK && !(msa_assoc_flags(&R.a) & MSA_FL_RECV_PENDING)
			&& (R.io.events & MSA_EV_RECV_RENEWED),
			"REQ-KR-012 %s: keyUpdate(FALSE) of the old generation completes the rekey (%s)",
			rs ? "RELEASE_SENT" : "ESTABLISHED", msa_err_name(r));
		{
			unsigned sg2, rg2;
			msa_assoc_generations(&R.a, &sg2, &rg2);
			TF_CHECK(rg2 == rg + 1u, "REQ-KR-012 receive generation + 1 (%u -> %u)", rg, rg2);
		}
	}
	for (rs = 0; rs < 2; rs++)
		for (t = T_KU; t <= T_RKQ; t++) {
			size_t n;
			int r;
			r_pending();
			TF_CHECK(msa_assoc_flags(&R.a) & MSA_FL_RECV_PENDING, "REQ-STM-059 setup: recv_pending");
			if (rs) {
				r = msa_assoc_release(&R.a, MSA_REASON_NORMAL, T_NOW, &R.io);
				TF_CHECK(r == MSA_OK && msa_assoc_state(&R.a) == MSA_ST_RELEASE_SENT,
					"REQ-STM-059 setup: RELEASE_SENT with recv_pending");
			}
			n = rec_from(&IOLD, t, 1);     /* keyUpdate(TRUE) */
			r = fg_recv(&R, P, n, T_NOW);
			is_fail_abort(&R, &I, r, MSA_ERR_RENEWAL, MSA_DIAG_RENEWAL_ERROR,
				REQ("REQ-STM-059 %s: type %u of the old generation while recv_pending",
					rs ? "RELEASE_SENT" : "ESTABLISHED", t));
		}
	/* an abort of the old generation while pending: REQ-STM-052 applies first */
	r_pending();
	{
		size_t n = rec_from(&IOLD, T_ABT, MSA_DIAG_USER_ABORT);
		int r = fg_recv(&R, P, n, T_NOW);
		is_peer_end(&R, r, MSA_ERR_PEER_ABORT, MSA_ST_ABORTED, MSA_DIAG_USER_ABORT, "",
			"REQ-STM-052 before REQ-STM-059: abort of the old generation while recv_pending");
	}
	/* appData of the old generation is still accepted (REQ-KR-010) */
	r_pending();
	{
		size_t n = rec_from(&IOLD, T_APP, 0);
		int r = fg_recv(&R, P, n, T_NOW);
		TF_CHECK(r == MSA_OK && (R.io.events & MSA_EV_DATA) && R.io.data_len == sizeof MSG,
			"REQ-STM-059 REQ-KR-010 appData of the old generation delivered while pending");
	}
}

/* REQ-STM-062: appData delivered. */
static void
row_062(void)
{
	int r;

	fg_established(&I, &R, 0, 1);
	msa_assoc_send(&I.a, MSG, sizeof MSG, T_NOW, &I.io);
	r = fg_recv(&R, I.io.out, I.io.out_len, T_NOW);
	is_result(&R, r, MSA_OK, MSA_ST_ESTABLISHED, 0, "REQ-STM-062 appData");
	TF_CHECK((R.io.events & MSA_EV_DATA) && R.io.data_len == sizeof MSG
		&& memcmp(R.io.data, MSG, sizeof MSG) == 0, "REQ-STM-062 REQ-STM-004 message delivered");
}

/* REQ-STM-063: keyUpdate: receive direction switched; updateRequested
 * answered by KeyUpdate(FALSE) unless own_rekey (REQ-KR-005, REQ-KR-014). */
static void
row_063(void)
{
	unsigned sg, rg;
	long v = -1;
	int r;
	uint32_t t, g, sq;

	fg_established(&I, &R, 0, 1);
	msa_assoc_ratchet(&I.a, 0, T_NOW, &I.io);
	r = fg_recv(&R, I.io.out, I.io.out_len, T_NOW);
	is_result(&R, r, MSA_OK, MSA_ST_ESTABLISHED, 0, "REQ-STM-063 keyUpdate(FALSE)");
	msa_assoc_generations(&R.a, &sg, &rg);
	TF_CHECK(sg == 0 && rg == 1 && (R.io.events & MSA_EV_RECV_RENEWED),
		"REQ-STM-063 receive switched only (%u %u)", sg, rg);

	fg_established(&I, &R, 0, 1);
	msa_assoc_ratchet(&I.a, 1, T_NOW, &I.io);
	r = fg_recv(&R, I.io.out, I.io.out_len, T_NOW);
	is_result(&R, r, MSA_OK, MSA_ST_ESTABLISHED, 1, "REQ-STM-063 keyUpdate(TRUE)");
	TF_CHECK(fg_rec_hdr(&R.io, 0, &t, &g, &sq, NULL) && t == T_KU && g == 0,
		"REQ-STM-063 answered by a keyUpdate of the old send generation");
	TF_CHECK(fg_ctl_value(&R.io, 0, &I.a, T_KU, &v) && v == 0,
		"REQ-STM-063 REQ-KR-006 the answer has updateRequested FALSE");
	msa_assoc_generations(&R.a, &sg, &rg);
	TF_CHECK(sg == 1 && rg == 1, "REQ-STM-063 both directions switched (%u %u)", sg, rg);

	/* own_rekey set: switched, not answered (REQ-KR-014) */
	fg_established(&I, &R, 0, 1);
	msa_assoc_rekey(&I.a, T_NOW, &I.io);                  /* held back */
	msa_assoc_ratchet(&R.a, 1, T_NOW, &R.io);
	r = fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	is_result(&I, r, MSA_OK, MSA_ST_ESTABLISHED, 0, "REQ-STM-063 REQ-KR-014 keyUpdate(TRUE) with own_rekey");
	msa_assoc_generations(&I.a, &sg, &rg);
	TF_CHECK(sg == 0 && rg == 1 && (msa_assoc_flags(&I.a) & MSA_FL_OWN_REKEY),
		"REQ-KR-014 receive switched, own_rekey kept, no answer (%u %u)", sg, rg);
}

/* REQ-STM-065 (answer), 066 (initiator discards), 067 (responder abandons),
 * 068 (complete), 069 (unsolicited response). */
static void
rows_065_069(void)
{
	unsigned sg, rg;
	int r;
	uint32_t t, g, sq;
	size_t n;
	static uint8_t iq[1024], rq[1024];
	size_t il, rl;

	fg_established(&I, &R, 0, 1);
	msa_assoc_rekey(&I.a, T_NOW, &I.io);
	r = fg_recv(&R, I.io.out, I.io.out_len, T_NOW);
	is_result(&R, r, MSA_OK, MSA_ST_ESTABLISHED, 1, "REQ-STM-065 rekeyRequest");
	TF_CHECK(fg_rec_hdr(&R.io, 0, &t, &g, &sq, NULL) && t == T_RKS && g == 0,
		"REQ-STM-065 rekeyResponse under the old send keys");
	msa_assoc_generations(&R.a, &sg, &rg);
	TF_CHECK(sg == 1 && rg == 0 && msa_assoc_flags(&R.a) == MSA_FL_RECV_PENDING,
		"REQ-STM-065 send switched, recv_pending (%u %u %x)", sg, rg, msa_assoc_flags(&R.a));
	r = fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	is_result(&I, r, MSA_OK, MSA_ST_ESTABLISHED, 1, "REQ-STM-068 rekeyResponse");
	TF_CHECK(fg_rec_hdr(&I.io, 0, &t, &g, NULL, NULL) && t == T_KU && g == 0,
		"REQ-KR-011 the requester's KeyUpdate ends its old generation");
	msa_assoc_generations(&I.a, &sg, &rg);
	TF_CHECK(sg == 1 && rg == 1 && msa_assoc_flags(&I.a) == 0,
		"REQ-STM-068 both switched, own_rekey clear (%u %u)", sg, rg);
	r = fg_recv(&R, I.io.out, I.io.out_len, T_NOW);
	TF_CHECK(r == MSA_OK && msa_assoc_flags(&R.a) == 0,
		"REQ-KR-012 the requester's KeyUpdate clears recv_pending");
	msa_assoc_send(&I.a, MSG, sizeof MSG, T_NOW, &I.io);
	r = fg_recv(&R, I.io.out, I.io.out_len, T_NOW);
	TF_CHECK(r == MSA_OK && (R.io.events & MSA_EV_DATA),
		"REQ-KR-012 data of the new generation");

	/* collision (REQ-KR-013) */
	fg_established(&I, &R, 0, 1);
	msa_assoc_rekey(&I.a, T_NOW, &I.io);
	il = I.io.out_len; memcpy(iq, I.io.out, il);
	msa_assoc_rekey(&R.a, T_NOW, &R.io);
	rl = R.io.out_len; memcpy(rq, R.io.out, rl);
	{
		fg_snap s66;
		fg_snap_take(&s66, &I.a);
		r = fg_recv(&I, rq, rl, T_NOW);
		s66.a.recv_seq++;
		TF_CHECK(fg_snap_same(&s66, &I.a), "REQ-STM-066 nothing but the receive seq changed");
	}
	is_result(&I, r, MSA_OK, MSA_ST_ESTABLISHED, 0, "REQ-STM-066 initiator discards the crossing request");
	TF_CHECK(msa_assoc_flags(&I.a) == MSA_FL_OWN_REKEY, "REQ-STM-066 own_rekey kept");
	msa_assoc_generations(&I.a, &sg, &rg);
	TF_CHECK(sg == 0 && rg == 0, "REQ-STM-066 nothing switched");
	r = fg_recv(&R, iq, il, T_NOW);
	is_result(&R, r, MSA_OK, MSA_ST_ESTABLISHED, 1, "REQ-STM-067 responder answers the initiator's");
	TF_CHECK(fg_rec_hdr(&R.io, 0, &t, NULL, NULL, NULL) && t == T_RKS, "REQ-STM-067 a rekeyResponse");
	TF_CHECK(msa_assoc_flags(&R.a) == MSA_FL_RECV_PENDING, "REQ-STM-067 own_rekey abandoned");
	r = fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	TF_CHECK(r == MSA_OK && msa_assoc_flags(&I.a) == 0, "REQ-STM-068 after the collision");
	r = fg_recv(&R, I.io.out, I.io.out_len, T_NOW);   /* I's KeyUpdate (REQ-KR-011) */
	TF_CHECK(r == MSA_OK && msa_assoc_flags(&R.a) == 0, "REQ-KR-012 after the collision");
	msa_assoc_send(&I.a, MSG, 3, T_NOW, &I.io);
	r = fg_recv(&R, I.io.out, I.io.out_len, T_NOW);
	TF_CHECK(r == MSA_OK && R.io.data_len == 3, "REQ-KR-013 data after the collision");
	msa_assoc_send(&R.a, MSG, 4, T_NOW, &R.io);
	r = fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	TF_CHECK(r == MSA_OK && I.io.data_len == 4, "REQ-KR-013 data after the collision (r2i)");

	/* 069: rekeyResponse without own_rekey */
	fg_established(&I, &R, 0, 1);
	n = peer_record(&R, T_RKS, 0);
	r = fg_recv(&I, P, n, T_NOW);
	is_fail_abort(&I, &R, r, MSA_ERR_RENEWAL, MSA_DIAG_RENEWAL_ERROR,
		"REQ-STM-069 rekeyResponse with own_rekey clear");
}

/* REQ-STM-070: releaseRequest: RELEASE_RECEIVED, reason reported, our rekey
 * abandoned. REQ-STM-071: releaseResponse in ESTABLISHED: FAIL(unexpectedPdu). */
static void
rows_070_071(void)
{
	int r;
	size_t n;

	fg_established(&I, &R, 0, 1);
	msa_assoc_rekey(&I.a, T_NOW, &I.io);
	msa_assoc_release(&R.a, MSA_REASON_IDLE, T_NOW, &R.io);
	r = fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	is_result(&I, r, MSA_OK, MSA_ST_RELEASE_RECEIVED, 0, "REQ-STM-070 releaseRequest");
	TF_CHECK((I.io.events & MSA_EV_RELEASE_REQ) && I.io.reason == MSA_REASON_IDLE,
		"REQ-STM-070 REQ-TRM-003 REQ-TRM-006 release and its reason reported");
	TF_CHECK(msa_assoc_flags(&I.a) == 0, "REQ-STM-070 own_rekey abandoned");

	fg_established(&I, &R, 0, 1);
	n = peer_record(&R, T_RLS, MSA_REASON_NORMAL);
	r = fg_recv(&I, P, n, T_NOW);
	is_fail_abort(&I, &R, r, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU,
		"REQ-STM-071 releaseResponse in ESTABLISHED");
}

/* REQ-STM-073..079: local calls in ESTABLISHED. */
static void
rows_073_079(void)
{
	int r;
	uint32_t t, g, sq;
	unsigned sg, rg;
	long v = -1;
	fg_snap sn;

	fg_established(&I, &R, 0, 1);
	r = msa_assoc_send(&I.a, MSG, sizeof MSG, T_NOW, &I.io);
	is_result(&I, r, MSA_OK, MSA_ST_ESTABLISHED, 1, "REQ-STM-073 send");
	TF_CHECK(fg_rec_hdr(&I.io, 0, &t, &g, &sq, NULL) && t == T_APP && g == 0 && sq == 0,
		"REQ-STM-073 REQ-DT-002 REQ-DT-003 appData gen 0 seq 0");
	r = msa_assoc_send(&I.a, MSG, sizeof MSG, T_NOW, &I.io);
	TF_CHECK(r == MSA_OK && fg_rec_hdr(&I.io, 0, &t, &g, &sq, NULL) && sq == 1,
		"REQ-DT-003 seq grows by one");

	r = msa_assoc_ratchet(&I.a, 1, T_NOW, &I.io);
	is_result(&I, r, MSA_OK, MSA_ST_ESTABLISHED, 1, "REQ-STM-074 ratchet");
	TF_CHECK(fg_rec_hdr(&I.io, 0, &t, &g, &sq, NULL) && t == T_KU && g == 0 && sq == 2,
		"REQ-STM-074 REQ-KR-004 keyUpdate under the current keys");
	TF_CHECK(fg_ctl_value(&I.io, 0, &R.a, T_KU, &v) && v == 1, "REQ-STM-074 updateRequested as asked");
	msa_assoc_generations(&I.a, &sg, &rg);
	TF_CHECK(sg == 1 && rg == 0 && I.a.send_seq == 0, "REQ-STM-074 REQ-KR-002 send switched, seq 0");

	fg_established(&I, &R, 0, 1);
	r = msa_assoc_rekey(&I.a, T_NOW, &I.io);
	is_result(&I, r, MSA_OK, MSA_ST_ESTABLISHED, 1, "REQ-STM-076 rekey");
	TF_CHECK(fg_rec_hdr(&I.io, 0, &t, NULL, NULL, NULL) && t == T_RKQ
		&& fg_ctl_value(&I.io, 0, &R.a, T_RKQ, &v) && v == MSA_GROUP_X25519,
		"REQ-STM-076 REQ-KR-008 rekeyRequest with a share of the suite's group");
	TF_EQ_INT(msa_assoc_flags(&I.a), MSA_FL_OWN_REKEY, "REQ-STM-076 own_rekey");
	fg_snap_take(&sn, &I.a);
	r = msa_assoc_ratchet(&I.a, 0, T_NOW, &I.io);
	is_refused(&I, &sn, r, MSA_ERR_STATE, "REQ-STM-075 ratchet with own_rekey");
	r = msa_assoc_rekey(&I.a, T_NOW, &I.io);
	is_refused(&I, &sn, r, MSA_ERR_STATE, "REQ-STM-077 rekey with own_rekey");
	r = msa_assoc_release(&I.a, MSA_REASON_NORMAL, T_NOW, &I.io);
	is_refused(&I, &sn, r, MSA_ERR_STATE, "REQ-STM-079 release with own_rekey");
	r = msa_assoc_send(&I.a, MSG, 1, T_NOW, &I.io);
	TF_CHECK(r == MSA_OK && fg_rec_hdr(&I.io, 0, &t, &g, NULL, NULL) && t == T_APP && g == 0,
		"REQ-KR-008 appData under the current keys while own_rekey");
	r_pending();
	fg_snap_take(&sn, &R.a);
	r = msa_assoc_rekey(&R.a, T_NOW, &R.io);
	is_refused(&R, &sn, r, MSA_ERR_STATE, "REQ-STM-077 rekey with recv_pending");

	fg_established(&I, &R, 0, 1);
	r = msa_assoc_release(&I.a, MSA_REASON_SHUTDOWN, T_NOW, &I.io);
	is_result(&I, r, MSA_OK, MSA_ST_RELEASE_SENT, 1, "REQ-STM-078 release");
	TF_CHECK(fg_ctl_value(&I.io, 0, &R.a, T_RLQ, &v) && v == MSA_REASON_SHUTDOWN,
		"REQ-STM-078 releaseRequest{shutdown}");
}

/* ------------------------------------------------------------ RELEASE_SENT rows */

/* I in RELEASE_SENT, R in RELEASE_RECEIVED. */
static void
released(void)
{
	fg_established(&I, &R, 0, 1);
	msa_assoc_release(&I.a, MSA_REASON_NORMAL, T_NOW, &I.io);
	pump(&I, &R);
}

/* I and R both in RELEASE_SENT; I has answered R's request. */
static void
collided(void)
{
	fg_established(&I, &R, 0, 1);
	msa_assoc_release(&I.a, MSA_REASON_NORMAL, T_NOW, &I.io);   /* not delivered */
	msa_assoc_release(&R.a, MSA_REASON_SHUTDOWN, T_NOW, &R.io);
	fg_recv(&I, R.io.out, R.io.out_len, T_NOW);                 /* I answers */
}

static void
rows_080_088(void)
{
	int r;
	unsigned sg, rg;
	long v = -1;
	size_t n;
	uint32_t t;
	fg_snap sn;

	released();
	msa_assoc_send(&R.a, MSG, sizeof MSG, T_NOW, &R.io);
	r = fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	is_result(&I, r, MSA_OK, MSA_ST_RELEASE_SENT, 0, "REQ-STM-080 appData in RELEASE_SENT");
	TF_CHECK((I.io.events & MSA_EV_DATA) && I.io.data_len == sizeof MSG,
		"REQ-STM-080 REQ-TRM-002 delivered");

	released();
	n = peer_record(&R, T_KU, 1);                  /* updateRequested TRUE: ignored */
	r = fg_recv(&I, P, n, T_NOW);
	is_result(&I, r, MSA_OK, MSA_ST_RELEASE_SENT, 0, "REQ-STM-081 keyUpdate(TRUE) in RELEASE_SENT");
	msa_assoc_generations(&I.a, &sg, &rg);
	TF_CHECK(sg == 0 && rg == 1, "REQ-STM-081 receive switched, nothing sent (%u %u)", sg, rg);

	released();
	n = peer_record(&R, T_RKQ, 0);
	fg_snap_take(&sn, &I.a);
	r = fg_recv(&I, P, n, T_NOW);
	is_result(&I, r, MSA_OK, MSA_ST_RELEASE_SENT, 0, "REQ-STM-082 rekeyRequest discarded");
	sn.a.recv_seq++;                    /* the record was accepted: only its seq counts */
	TF_CHECK(fg_snap_same(&sn, &I.a), "REQ-STM-082 nothing else changed (keys, flags, generations)");
	msa_assoc_generations(&I.a, &sg, &rg);
	TF_CHECK(sg == 0 && rg == 0 && msa_assoc_flags(&I.a) == 0, "REQ-STM-082 nothing switched");

	released();
	n = peer_record(&R, T_RKS, 0);
	r = fg_recv(&I, P, n, T_NOW);
	is_fail_abort(&I, &R, r, MSA_ERR_RENEWAL, MSA_DIAG_RENEWAL_ERROR,
		"REQ-STM-083 rekeyResponse in RELEASE_SENT");

	/* 084: collision, then 086 on both sides (REQ-TRM-005) */
	fg_established(&I, &R, 0, 1);
	msa_assoc_release(&I.a, MSA_REASON_NORMAL, T_NOW, &I.io);
	{
		static uint8_t iq[256];
		size_t il = I.io.out_len;
		memcpy(iq, I.io.out, il);
		msa_assoc_release(&R.a, MSA_REASON_SHUTDOWN, T_NOW, &R.io);
		r = fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
		is_result(&I, r, MSA_OK, MSA_ST_RELEASE_SENT, 1, "REQ-STM-084 crossing releaseRequest");
		TF_CHECK(fg_ctl_value(&I.io, 0, &R.a, T_RLS, &v) && v == MSA_REASON_NORMAL,
			"REQ-STM-084 releaseResponse{normal}");
		TF_EQ_INT(msa_assoc_flags(&I.a), MSA_FL_ANSWERED, "REQ-STM-084 answered set");
		n = I.io.out_len;
		memcpy(P, I.io.out, n);
		r = fg_recv(&R, iq, il, T_NOW);
		TF_CHECK(r == MSA_OK && msa_assoc_state(&R.a) == MSA_ST_RELEASE_SENT
			&& fg_rec_hdr(&R.io, 0, &t, NULL, NULL, NULL) && t == T_RLS,
			"REQ-STM-084 the other side answers too");
		il = R.io.out_len;
		memcpy(iq, R.io.out, il);
		r = fg_recv(&R, P, n, T_NOW);
		is_result(&R, r, MSA_OK, MSA_ST_CLOSED, 0, "REQ-STM-086 releaseResponse: CLOSED");
		TF_CHECK((R.io.events & MSA_EV_CLOSED) && R.io.reason == MSA_REASON_NORMAL
			&& msa_assoc_keys_zero(&R.a), "REQ-STM-086 reason reported, wiped");
		r = fg_recv(&I, iq, il, T_NOW);
		TF_CHECK(r == MSA_OK && msa_assoc_state(&I.a) == MSA_ST_CLOSED
			&& I.io.reason == MSA_REASON_NORMAL && msa_assoc_keys_zero(&I.a),
			"REQ-STM-086 REQ-TRM-005 both CLOSED after the collision");
	}

	/* 085: a second releaseRequest once answered */
	collided();
	n = peer_record(&R, T_RLQ, MSA_REASON_NORMAL);
	r = fg_recv(&I, P, n, T_NOW);
	is_fail_abort(&I, &R, r, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU,
		"REQ-STM-085 second releaseRequest");

	/* 086 plain */
	released();
	msa_assoc_release(&R.a, MSA_REASON_IDLE, T_NOW, &R.io);
	r = fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	is_result(&I, r, MSA_OK, MSA_ST_CLOSED, 0, "REQ-STM-086 releaseResponse");
	TF_CHECK(I.io.reason == MSA_REASON_IDLE && (I.io.events & MSA_EV_CLOSED)
		&& msa_assoc_keys_zero(&I.a), "REQ-STM-086 REQ-TRM-004 reason, CLOSED, wiped");

	/* 087: local calls in RELEASE_SENT */
	released();
	fg_snap_take(&sn, &I.a);
	r = msa_assoc_send(&I.a, MSG, 1, T_NOW, &I.io);
	is_refused(&I, &sn, r, MSA_ERR_STATE, "REQ-STM-087 REQ-TRM-001 send in RELEASE_SENT");
	r = msa_assoc_ratchet(&I.a, 0, T_NOW, &I.io);
	is_refused(&I, &sn, r, MSA_ERR_STATE, "REQ-STM-087 REQ-KR-001 ratchet in RELEASE_SENT");
	r = msa_assoc_rekey(&I.a, T_NOW, &I.io);
	is_refused(&I, &sn, r, MSA_ERR_STATE, "REQ-STM-087 REQ-KR-001 rekey in RELEASE_SENT");
	r = msa_assoc_release(&I.a, MSA_REASON_NORMAL, T_NOW, &I.io);
	is_refused(&I, &sn, r, MSA_ERR_STATE, "REQ-STM-087 release in RELEASE_SENT");

	/* 088: release timeout (REQ-TRM-007) */
	released();
	I.cfg.release_timeout = 5;
	r = msa_assoc_tick(&I.a, T_NOW + 5, &I.io);
	TF_CHECK(r == MSA_OK && msa_assoc_state(&I.a) == MSA_ST_RELEASE_SENT, "REQ-STM-088 not yet");
	r = msa_assoc_tick(&I.a, T_NOW + 6, &I.io);
	is_fail_abort(&I, &R, r, MSA_ERR_TIMEOUT, MSA_DIAG_TIMEOUT, "REQ-STM-088 REQ-TRM-007 release timeout");
}

/* REQ-STM-089: renewal timeout (REQ-KR-015). */
static void
row_089(void)
{
	int r;

	fg_established(&I, &R, 0, 1);
	I.cfg.renewal_timeout = 7;
	r = msa_assoc_tick(&I.a, T_NOW + 100, &I.io);
	TF_CHECK(r == MSA_OK && msa_assoc_state(&I.a) == MSA_ST_ESTABLISHED,
		"REQ-STM-089 no timer without own_rekey");
	msa_assoc_rekey(&I.a, T_NOW, &I.io);
	r = msa_assoc_tick(&I.a, T_NOW + 7, &I.io);
	TF_CHECK(r == MSA_OK && msa_assoc_state(&I.a) == MSA_ST_ESTABLISHED, "REQ-STM-089 not yet");
	r = msa_assoc_tick(&I.a, T_NOW + 8, &I.io);
	is_fail_abort(&I, &R, r, MSA_ERR_TIMEOUT, MSA_DIAG_TIMEOUT, "REQ-STM-089 REQ-KR-015 renewal timeout");
}

/* ------------------------------------------------------------ RELEASE_RECEIVED rows */

static void
rows_090_094(void)
{
	unsigned t;
	int r;
	long v = -1;
	uint32_t ty, g;
	unsigned sg, rg;
	fg_snap sn;

	for (t = T_APP; t <= T_RLS; t++) {
		size_t n;
		released();
		n = peer_record(&I, t, 0);
		r = fg_recv(&R, P, n, T_NOW);
		is_fail_abort(&R, &I, r, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU,
			REQ("REQ-STM-090 type %u in RELEASE_RECEIVED", t));
	}

	released();
	r = msa_assoc_send(&R.a, MSG, sizeof MSG, T_NOW, &R.io);
	is_result(&R, r, MSA_OK, MSA_ST_RELEASE_RECEIVED, 1, "REQ-STM-091 send in RELEASE_RECEIVED");
	TF_CHECK(fg_rec_hdr(&R.io, 0, &ty, NULL, NULL, NULL) && ty == T_APP, "REQ-STM-091 appData");
	fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	/* policy renewal in RELEASE_RECEIVED is a ratchet even when the kind is rekey (REQ-KR-016) */
	R.cfg.policy.max_records = 1;
	R.cfg.policy.kind = MSA_RENEW_REKEY;
	r = msa_assoc_send(&R.a, MSG, sizeof MSG, T_NOW, &R.io);
	is_result(&R, r, MSA_OK, MSA_ST_RELEASE_RECEIVED, 2, "REQ-STM-091 send due for renewal");
	TF_CHECK(fg_rec_hdr(&R.io, 0, &ty, &g, NULL, NULL) && ty == T_KU && g == 0
		&& fg_ctl_value(&R.io, 0, &I.a, T_KU, &v) && v == 0,
		"REQ-STM-091 REQ-KR-016 a keyUpdate(FALSE) first");
	TF_CHECK(fg_rec_hdr(&R.io, 1, &ty, &g, NULL, NULL) && ty == T_APP && g == 1,
		"REQ-STM-091 then appData of the new generation");
	pump(&R, &I);                                  /* two PDUs: framed one by one */
	r = I.last_err;
	TF_CHECK(r == MSA_OK && I.n_msgs == 2 && msa_assoc_state(&I.a) == MSA_ST_RELEASE_SENT,
		"REQ-STM-091 the releasing side follows");

	released();
	r = msa_assoc_ratchet(&R.a, 1, T_NOW, &R.io);
	is_result(&R, r, MSA_OK, MSA_ST_RELEASE_RECEIVED, 1, "REQ-STM-092 ratchet in RELEASE_RECEIVED");
	TF_CHECK(fg_ctl_value(&R.io, 0, &I.a, T_KU, &v) && v == 0,
		"REQ-STM-092 REQ-KR-006 keyUpdate(FALSE) whatever was asked");
	msa_assoc_generations(&R.a, &sg, &rg);
	TF_CHECK(sg == 1, "REQ-STM-092 send switched");

	released();
	fg_snap_take(&sn, &R.a);
	r = msa_assoc_rekey(&R.a, T_NOW, &R.io);
	is_refused(&R, &sn, r, MSA_ERR_STATE, "REQ-STM-093 REQ-KR-001 REQ-KR-016 rekey in RELEASE_RECEIVED");

	released();
	r = msa_assoc_release(&R.a, MSA_REASON_SHUTDOWN, T_NOW, &R.io);
	is_result(&R, r, MSA_OK, MSA_ST_CLOSED, 1, "REQ-STM-094 release in RELEASE_RECEIVED");
	TF_CHECK(fg_ctl_value(&R.io, 0, &I.a, T_RLS, &v) && v == MSA_REASON_SHUTDOWN,
		"REQ-STM-094 releaseResponse{shutdown}");
	TF_CHECK(msa_assoc_keys_zero(&R.a) && (R.io.events & MSA_EV_CLOSED), "REQ-STM-094 wiped, CLOSED");
}

/* REQ-STM-095: RELEASE_SENT with answered set: appData, keyUpdate,
 * rekeyRequest: FAIL(unexpectedPdu). */
static void
row_095(void)
{
	unsigned t;

	for (t = T_APP; t <= T_RKQ; t++) {
		size_t n;
		int r;
		collided();
		n = peer_record(&R, t, 0);
		r = fg_recv(&I, P, n, T_NOW);
		is_fail_abort(&I, &R, r, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU,
			REQ("REQ-STM-095 type %u after answering the peer's releaseRequest", t));
	}
}

/* REQ-STM-001, REQ-STM-003: every call reports the state and the error in io. */
static void
row_001_003(void)
{
	int r;

	fg_established(&I, &R, 0, 1);
	r = msa_assoc_send(&I.a, MSG, MSA_MAX_DATA + 1u, T_NOW, &I.io);
	TF_CHECK(r == MSA_ERR_BAD_ARGUMENT && I.io.err == r, "REQ-STM-003 io->err is the call's error");
	r = msa_assoc_send(&I.a, MSG, 1, T_NOW, &I.io);
	TF_CHECK(r == MSA_OK && I.io.err == MSA_OK, "REQ-STM-003 io->err OK after a good call");
}


/* Rows that are FAIL, not FAIL*, and the reject rows, hold in datagram mode
 * too (7.2: "Used in both modes"; REQ-GEN-014: a handshake PDU valid in the
 * state is processed). */
static void
datagram_fail_rows(void)
{
	size_t n;
	int r;

	/* 025 */
	to_state(S_IDLE_R);
	R.a.mode = MSA_MODE_DATAGRAM;
	msa_assoc_start(&I.a, T_NOW, &I.io);
	n = fg_mutate(I.io.out, I.io.out_len, bump_version, NULL, P, sizeof P);
	r = fg_recv(&R, P, n, T_NOW);
	is_fail_reject(&R, r, MSA_ERR_PROTOCOL_VERSION, MSA_DIAG_PROTOCOL_VERSION, aid_of(&I),
		"REQ-STM-025 REQ-GEN-014 datagram: version 2");
	/* 031 */
	to_state(S_WAIT_FINISH);
	I.a.mode = MSA_MODE_DATAGRAM;
	n = fg_mutate(R.io.out, R.io.out_len, flip_resp_mac, NULL, P, sizeof P);
	r = fg_recv(&I, P, n, T_NOW);
	is_fail_reject(&I, r, MSA_ERR_BAD_MAC, MSA_DIAG_BAD_MAC, aid_of(&R),
		"REQ-STM-031 REQ-GEN-014 datagram: HandshakeResp with a bad MAC");
	/* 042 */
	R.a.mode = MSA_MODE_DATAGRAM;
	r = fg_recv(&R, I.io.out, I.io.out_len, T_NOW);
	is_peer_end(&R, r, MSA_ERR_PEER_REJECT, MSA_ST_CLOSED, MSA_DIAG_BAD_MAC, "BAD_MAC",
		"REQ-STM-042 datagram: HandshakeReject in WAIT_FINISH");
	/* 041, then 055 */
	to_state(S_WAIT_FINISH);
	I.a.mode = R.a.mode = MSA_MODE_DATAGRAM;
	fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	n = fg_mutate(I.io.out, I.io.out_len, flip_fin_mac, NULL, P, sizeof P);
	r = fg_recv(&R, P, n, T_NOW);
	is_fail_reject(&R, r, MSA_ERR_BAD_MAC, MSA_DIAG_BAD_MAC, aid_of(&I),
		"REQ-STM-041 REQ-GEN-014 datagram: HandshakeFinish with a bad MAC");
	r = fg_recv(&I, R.io.out, R.io.out_len, T_NOW);
	is_peer_end(&I, r, MSA_ERR_PEER_REJECT, MSA_ST_CLOSED, MSA_DIAG_BAD_MAC, "BAD_MAC",
		"REQ-STM-055 datagram: HandshakeReject while unconfirmed");
	/* 032 */
	to_state(S_WAIT_RESP);
	I.a.mode = MSA_MODE_DATAGRAM;
	n = pdu_reject(aid_of(&I), MSA_DIAG_TIMEOUT, "TIMEOUT", P);
	r = fg_recv(&I, P, n, T_NOW);
	is_peer_end(&I, r, MSA_ERR_PEER_REJECT, MSA_ST_CLOSED, MSA_DIAG_TIMEOUT, "TIMEOUT",
		"REQ-STM-032 datagram: HandshakeReject in WAIT_RESP");
	/* 052, 053 and 071 in datagram mode: authenticated, then fatal */
	fg_established(&I, &R, 0, 1);
	I.a.mode = MSA_MODE_DATAGRAM;
	n = peer_record(&R, T_RLS, MSA_REASON_NORMAL);
	r = fg_recv(&I, P, n, T_NOW);
	is_fail_abort(&I, &R, r, MSA_ERR_STATE, MSA_DIAG_UNEXPECTED_PDU,
		"REQ-STM-071 REQ-GEN-014 datagram: releaseResponse in ESTABLISHED");
	fg_established(&I, &R, 0, 1);
	I.a.mode = MSA_MODE_DATAGRAM;
	n = peer_record(&R, T_ABT, MSA_DIAG_BAD_RECORD);
	r = fg_recv(&I, P, n, T_NOW);
	is_peer_end(&I, r, MSA_ERR_PEER_ABORT, MSA_ST_ABORTED, MSA_DIAG_BAD_RECORD, "",
		"REQ-STM-052 datagram: abort record");
}

/* ------------------------------------------------------------ deviations */

/*
 * Cases where the engine departs from the spec, kept here so that they can
 * be run by hand (they fail today); main does not call this function.
 * Listed precisely in the report to the lead.
 */
static void fixed_deviations(void) __attribute__((unused));
static void
fixed_deviations(void)
{
	int s;
	unsigned k;
	fg_snap sn;

	/* REQ-STM-010 before REQ-STM-012: rows are ordered by precedence and
	 * row 010 (any state) comes first, so a PDU naming another association
	 * in CLOSED/ABORTED is UNKNOWN_ASSOC; the engine answers STATE. */
	for (s = S_CLOSED; s <= S_ABORTED; s++)
		for (k = 1; k <= 4; k++) {
			party *p = to_state(s);
			size_t n = INPUTS[k].fn(OTHER, P);
			int r;
			fg_snap_take(&sn, &p->a);
			r = fg_recv(p, P, n, T_NOW);
			is_drop(p, &sn, r, MSA_ERR_UNKNOWN_ASSOC,
				REQ("DEVIATION REQ-STM-010 %s, %s for another aid", SNAME[s], INPUTS[k].name));
		}
}

int
main(void)
{
	if (!fg_handshake(&X, &Y, 0, &M)) {
		fprintf(stderr, "test_stm: reference handshake failed\n");
		return 1;
	}
	row_001_003();
	row_010();
	row_011();
	row_012();
	row_013();
	row_014();
	row_020();
	row_021();
	row_022();
	row_023();
	row_024();
	row_025();
	row_026();
	row_027();
	rows_030_032();
	rows_033_034();
	rows_035_036();
	rows_040_042();
	rows_043_044();
	row_044_d();
	rows_045_046();
	row_050();
	row_051();
	row_052();
	row_053();
	row_054();
	rows_055_056();
	row_057();
	row_058();
	row_059();
	row_062();
	row_063();
	rows_065_069();
	rows_070_071();
	rows_073_079();
	rows_080_088();
	row_089();
	rows_090_094();
	row_095();
	datagram_fail_rows();
	fixed_deviations();
	return tf_done("test_stm");
}
