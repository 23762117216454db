/*
 * expect.h -- the expectations shared by the engine tests (test_stm.c,
 * test_hs.c, test_records.c): what a call must have returned, sent,
 * delivered and changed. Static inline functions on top of tf.h (whose
 * counters are per test program): include it after tf.h, party.h, forge.h.
 */
#ifndef EXPECT_H__
#define EXPECT_H__

#include <stdio.h>
#include <string.h>

#include "msa.h"
#include "party.h"
#include "forge.h"

static char W[256];
#define REQ(...) (snprintf(W, sizeof W, __VA_ARGS__), W)

/* The call's result: error, state, number of PDUs sent, nothing delivered. */
static inline void
is_result(party *p, int r, int err, int st, unsigned npdus, const char *req)
{
	TF_CHECK(r == err && p->io.err == err, "%s: error %s, want %s", req, msa_err_name(r),
		msa_err_name(err));
	TF_CHECK(msa_assoc_state(&p->a) == st, "%s: state %s, want %s", req,
		msa_state_name(msa_assoc_state(&p->a)), msa_state_name(st));
	TF_CHECK(fg_npdus(&p->io) == npdus, "%s: %u PDUs sent, want %u", req, fg_npdus(&p->io), npdus);
}

static inline void
no_data(party *p, const char *req)
{
	TF_CHECK(!(p->io.events & MSA_EV_DATA) && p->io.data_len == 0, "%s: nothing delivered", req);
}

/* DROP (spec 2, 7.2; REQ-STM-002): the error, nothing sent, nothing
 * delivered, the association byte for byte unchanged. */
static inline void
is_drop(party *p, const fg_snap *s, int r, int err, const char *req)
{
	TF_CHECK(r == err && p->io.err == err, "%s: error %s, want %s", req, msa_err_name(r),
		msa_err_name(err));
	TF_CHECK(p->io.events & MSA_EV_DROPPED, "%s: DROPPED event", req);
	TF_CHECK(p->io.out_len == 0, "%s: nothing sent (%zu octets)", req, p->io.out_len);
	no_data(p, req);
	TF_CHECK(fg_snap_same(s, &p->a), "%s: association unchanged", req);
}

/* A refused local call (REQ-ERR-006): the error, nothing sent, nothing changed. */
static inline void
is_refused(party *p, const fg_snap *s, int r, int err, const char *req)
{
	TF_CHECK(r == err && p->io.err == err, "%s: error %s, want %s", req, msa_err_name(r),
		msa_err_name(err));
	TF_CHECK(p->io.out_len == 0 && !(p->io.events & MSA_EV_SENT), "%s: nothing sent", req);
	TF_CHECK(fg_snap_same(s, &p->a), "%s: association unchanged", req);
}

/* FAIL(d) in a keyed state: one abort record {d, detail = the error's name
 * (REQ-ERR-004)} under the current send keys (opened with the peer's
 * receive keys), ABORTED, every key wiped, nothing delivered. */
static inline void
is_fail_abort(party *p, party *peer, int r, int err, int diag, const char *req)
{
	long d = -1;
	char det[MSA_MAX_DETAIL + 1];
	int hd = 0;
	unsigned n = fg_npdus(&p->io);

	is_result(p, r, err, MSA_ST_ABORTED, 1, req);
	TF_CHECK(p->io.events & MSA_EV_ABORTED, "%s: ABORTED event", req);
	TF_CHECK(n >= 1 && fg_abort(&p->io, n - 1, &peer->a, &d, det, &hd),
		"%s: an abort record the peer opens", req);
	TF_CHECK(d == diag, "%s: diagnostic %s, want %s (REQ-ERR-001)", req, msa_diag_name((int)d), msa_diag_name(diag));
	TF_CHECK(hd && strcmp(det, msa_err_name(err)) == 0, "%s: detail '%s', want '%s'", req,
		det, msa_err_name(err));
	TF_CHECK(msa_assoc_keys_zero(&p->a), "%s: keys wiped", req);
	no_data(p, req);
}

/* FAIL(d) outside keyed states: a HandshakeReject {dest, d, detail} when
 * dest is given, else nothing sent; ABORTED, secrets wiped. */
static inline void
is_fail_reject(party *p, int r, int err, int diag, const uint8_t *dest, const char *req)
{
	uint8_t d4[MSA_AID_LEN];
	long d = -1;
	char det[MSA_MAX_DETAIL + 1];
	int hd = 0;

	is_result(p, r, err, MSA_ST_ABORTED, dest != NULL ? 1u : 0u, req);
	TF_CHECK(p->io.events & MSA_EV_ABORTED, "%s: ABORTED event", req);
	if (dest != NULL) {
		TF_CHECK(fg_reject(&p->io, 0, d4, &d, det, &hd), "%s: a HandshakeReject", req);
		TF_CHECK(memcmp(d4, dest, MSA_AID_LEN) == 0, "%s: reject to the peer's aid", req);
		TF_CHECK(d == diag, "%s: diagnostic %s, want %s (REQ-ERR-001)", req, msa_diag_name((int)d),
			msa_diag_name(diag));
		if (diag == MSA_DIAG_USER_ABORT)
			TF_CHECK(!hd, "%s: no detail for userAbort (REQ-ERR-004)", req);
		else
			TF_CHECK(hd && strcmp(det, msa_err_name(err)) == 0, "%s: detail '%s', want '%s'",
				req, det, msa_err_name(err));
	}
	TF_CHECK(msa_assoc_keys_zero(&p->a), "%s: secrets wiped", req);
	no_data(p, req);
}

/* The peer ended it (rows 032, 042, 052, 055): its diagnostic and detail
 * reported, nothing sent (REQ-ERR-003), secrets wiped. */
static inline void
is_peer_end(party *p, int r, int err, int st, int diag, const char *detail, const char *req)
{
	is_result(p, r, err, st, 0, req);
	TF_CHECK(p->io.events & MSA_EV_PEER_ENDED, "%s: PEER_ENDED event", req);
	TF_CHECK(p->io.peer_diag == diag, "%s: peer diagnostic %d, want %d", req, p->io.peer_diag, diag);
	TF_CHECK(strcmp(p->io.peer_detail, detail) == 0, "%s: peer detail '%s', want '%s'", req,
		p->io.peer_detail, detail);
	TF_CHECK(msa_assoc_keys_zero(&p->a), "%s: secrets wiped", req);
	no_data(p, req);
}

#endif
