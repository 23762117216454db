/*
 * cmd_conform.c -- `msa conform`: the active peer tester (issue 5, section
 * 4). It plays the counterpart of an implementation under test (IUT) over
 * TCP with this library's engine, and runs a catalogue of misbehaviours,
 * each tied to the REQ ids it checks: a PDU altered, truncated, oversized,
 * not DER, replayed, dropped, reordered, sent in the wrong state, a record
 * the engine would never send, a credential the IUT must refuse. For each
 * it checks the IUT's reaction on the wire: the HandshakeReject or Abort
 * with the right diagnostic, or silence where the spec says drop, nothing
 * delivered (an IUT responder echoes every message it delivers, the
 * conformance set-up), the transport closed where REQ-GEN-011 says so, and
 * that the IUT is still alive (a clean association) before and after.
 *
 * Verdicts (TTCN-3): pass, fail, inconc (the IUT was not alive before the
 * case, or the case could not reach its point), none (not applicable:
 * needs --pki), error (the tester's own fault). Exit 0 when no case
 * failed or erred, 1 otherwise, 2 on usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "msa.h"
#include "engine.h"
#include "cli.h"
#include "peer.h"
#include "der_edit.h"
#include "report.h"
#include "vjson.h"
#include "vectors_io.h"
#include "MsaPdu.h"

static const char use[] =
	"usage: msa conform --peer HOST:PORT --role initiator|responder --cert FILE --key FILE\n"
	"                   --ca FILE --peer-id ID [--pki DIR] [--trigger COMMAND]\n"
	"                   [--filter GLOB]... [--json FILE] [--junit FILE] [--timeout MS]\n"
	"                   [--quiet-ms MS] [--list]\n"
	"  Plays the counterpart of an implementation under test (IUT) and runs the\n"
	"  catalogue of misbehaviours (docs: vectors/CONFORM.md).\n"
	"  --role: the tester's role. initiator: connects to the IUT responder at\n"
	"  --peer, which must echo every message it delivers. responder: listens on\n"
	"  --peer; for every association the IUT initiator must connect once, run\n"
	"  by --trigger COMMAND (/bin/sh -c) when given.\n"
	"  --peer-id: the IUT's AE name (initiator) or an initiator name it may use.\n"
	"  --pki DIR: the test PKI (vectors/pki), for the credential cases.\n"
	"  --timeout: how long to wait for an answer (default 5000 ms); --quiet-ms:\n"
	"  how long silence means 'nothing sent' (default 300 ms).\n"
	"  Exit 0 when every case passed (or was not applicable), 1 otherwise.\n";

/* ------------------------------------------------------------ set-up */

static struct {
	const char *peer, *pki, *trigger, *peer_id;
	int tester_role;                /* MSA_ROLE_* of the tester */
	int timeout_ms, quiet_ms;
	int lfd;                        /* tester responder: listening socket */
	cli_peer_opts o;
	cli_ident id;                   /* the honest identity */
} G;

static cli_ident alt;                   /* a case's other identity */
static uint8_t alt_certs[MSA_MAX_CHAIN][MSA_MAX_CERT];

/* One association of the tester, on its own connection. */
typedef struct sess sess;
struct sess {
	cli_conn c;
	msa_assoc a, snap;              /* snap: a copy taken before a fault */
	msa_hs_workspace ws;
	msa_io io;
	uint8_t out[MSA_OUT_CAP], data[MSA_MAX_DATA];
	uint8_t arena_buf[MSA_ARENA_PDU_SIZE];
	msa_arena ar;
	/* a fault on the first outgoing PDU of kind mut_kind (MSA_PDU_*) */
	int (*mut)(sess *, uint8_t *pdu, size_t *len);
	unsigned mut_kind;
	int mut_done;
	unsigned at;                    /* the kind of our message the case is about */
	int serve_any;                  /* responder: answer whatever name is asked for */
	int init_own_ref;               /* the IUT's HandshakeInit carried ownCertRef */
	int hold_release;               /* the IUT's releaseRequest is not answered */
	uint8_t sent[MSA_PDU_PROTECTED + 1][MSA_MAX_PDU];  /* last PDU sent, per kind */
	size_t sent_len[MSA_PDU_PROTECTED + 1];
	/* what the IUT did */
	int established, closed_ok, eof, bad_input, n_in;
	int reject_diag, abort_diag;    /* -1: none seen */
	size_t delivered;
	uint8_t last[64];
	size_t last_len;
};

static sess S[2];
static uint8_t wbufs[2][CLI_WBUF];

/* ------------------------------------------------------------ DER editing */

/* The TLV reading (cli_tlv, cli_der_at, cli_der_has_child, cli_der_drop)
 * is der_edit.c's, proved; what follows edits our own PDUs. */

/* Rebuilds the TLV b[0..n) with the node at path replaced by the TLV
 * nv[0..nl), every enclosing length re-encoded (minimal). Returns the new
 * length in out[0..cap), or -1. */
static long
der_rebuild(const uint8_t *b, size_t n, const int *path, int d, const uint8_t *nv, size_t nl,
	uint8_t *out, size_t cap)
{
	static uint8_t tmp[8][MSA_MAX_PDU + 1024];
	size_t hl, cl, p, t = 0, chl, ccl, h;
	long r;
	int k = 0;

	if (d == 0) {
		if (nl > cap)
			return -1;
		if (nl > 0)
			memcpy(out, nv, nl);
		return (long)nl;
	}
	if (d > 8 || cli_tlv(b, n, &hl, &cl) != 0)
		return -1;
	for (p = hl; p < hl + cl; p += chl + ccl, k++) {
		if (cli_tlv(b + p, hl + cl - p, &chl, &ccl) != 0)
			return -1;
		if (k == path[0]) {
			r = der_rebuild(b + p, chl + ccl, path + 1, d - 1, nv, nl,
				tmp[d - 1] + t, sizeof tmp[0] - t);
			if (r < 0)
				return -1;
			t += (size_t)r;
		} else {
			if (chl + ccl > sizeof tmp[0] - t)
				return -1;
			memcpy(tmp[d - 1] + t, b + p, chl + ccl);
			t += chl + ccl;
		}
	}
	if (k <= path[0] || t + 4 > cap)
		return -1;
	h = msa_rec_tl(out, b[0], t);
	memcpy(out + h, tmp[d - 1], t);
	return (long)(h + t);
}

/* Replaces the content of the node at path (same tag) in pdu[0..*len). */
static int
der_set(uint8_t *pdu, size_t *len, const int *path, int d, const uint8_t *c, size_t cn)
{
	static uint8_t nv[MSA_MAX_PDU], out[MSA_MAX_PDU + 1024];
	size_t off, hl, cl, h;
	long r;

	if (cli_der_at(pdu, *len, path, d, &off, &hl, &cl) != 0 || cn + 4 > sizeof nv)
		return -1;
	h = msa_rec_tl(nv, pdu[off], cn);
	memcpy(nv + h, c, cn);
	r = der_rebuild(pdu, *len, path, d, nv, h + cn, out, sizeof out);
	if (r < 0 || (size_t)r > MSA_MAX_PDU)
		return -1;
	memcpy(pdu, out, (size_t)r);
	*len = (size_t)r;
	return 0;
}

/* Flips the low bit of the last content octet of the node at path. */
static int
der_flip_last(uint8_t *pdu, size_t len, const int *path, int d)
{
	size_t off, hl, cl;

	if (cli_der_at(pdu, len, path, d, &off, &hl, &cl) != 0 || cl == 0)
		return -1;
	pdu[off + hl + cl - 1] ^= 1;
	return 0;
}

/* Drops the last octet of the PDU and shortens its outer length: the
 * innermost last TLV now runs past the end of its parent (DER_TRUNCATED). */
static int
der_truncate(uint8_t *pdu, size_t *len)
{
	size_t hl, cl, h;
	uint8_t tmp[MSA_MAX_PDU];

	if (cli_tlv(pdu, *len, &hl, &cl) != 0 || cl < 1)
		return -1;
	memcpy(tmp, pdu + hl, cl - 1);
	h = msa_rec_tl(pdu, pdu[0], cl - 1);
	memcpy(pdu + h, tmp, cl - 1);
	*len = h + cl - 1;
	return 0;
}

/* ------------------------------------------------------------ transport */

static pid_t triggered[64];
static size_t n_triggered;

static void
reap(int kill_them)
{
	size_t i, k = 0;

	for (i = 0; i < n_triggered; i++) {
		if (kill_them)
			kill(triggered[i], SIGTERM);
		if (waitpid(triggered[i], NULL, kill_them ? 0 : WNOHANG) == 0)
			triggered[k++] = triggered[i];
	}
	n_triggered = k;
}

static int
trigger(void)
{
	pid_t p;
	int dn;

	reap(0);
	if (G.trigger == NULL)
		return 0;
	if (n_triggered == sizeof triggered / sizeof triggered[0])
		reap(1);
	p = fork();
	if (p < 0)
		return -1;
	if (p == 0) {
		dn = open("/dev/null", O_RDWR);
		if (dn >= 0) {
			dup2(dn, 0);
			dup2(dn, 1);
			dup2(dn, 2);
		}
		execl("/bin/sh", "sh", "-c", G.trigger, (char *)NULL);
		_exit(127);
	}
	triggered[n_triggered++] = p;
	return 0;
}

/* A new connection to (or from) the IUT, and a fresh association of the
 * tester with the configuration cfg. */
static int
s_open(sess *s, const msa_config *cfg)
{
	uint8_t aid[MSA_AID_LEN];
	int fd;
	uint8_t *wb = s == &S[0] ? wbufs[0] : wbufs[1];

	memset(&s->c, 0, sizeof s->c);
	s->c.fd = -1;
	if (G.tester_role == MSA_ROLE_INITIATOR) {
		fd = cli_connect(G.peer);
	} else {
		struct pollfd p = { G.lfd, POLLIN, 0 };
		if (trigger() != 0 || poll(&p, 1, G.timeout_ms) <= 0)
			return -1;
		fd = accept(G.lfd, NULL, NULL);
		if (fd >= 0 && cli_nonblock(fd) != 0) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0)
		return -1;
	s->c.fd = fd;
	s->c.wbuf = wb;
	s->io = (msa_io){ .out = s->out, .out_cap = sizeof s->out, .data = s->data,
		.data_cap = sizeof s->data };
	msa_arena_init(&s->ar, s->arena_buf, sizeof s->arena_buf);
	s->mut = NULL;
	s->mut_done = 0;
	s->mut_kind = s->at = 0;
	s->serve_any = s->hold_release = 0;
	memset(s->sent_len, 0, sizeof s->sent_len);
	s->established = s->closed_ok = s->eof = s->bad_input = s->n_in = 0;
	s->reject_diag = s->abort_diag = -1;
	s->delivered = s->last_len = 0;
	do {
		if (msa_drbg_generate(cfg->rng, aid, sizeof aid) != MSA_OK)
			return -1;
	} while ((aid[0] | aid[1] | aid[2] | aid[3]) == 0);
	if (G.tester_role == MSA_ROLE_INITIATOR)
		return msa_assoc_init_initiator(&s->a, cfg, &s->ws, aid) == MSA_OK ? 0 : -1;
	return msa_assoc_init_responder(&s->a, cfg, &s->ws, aid) == MSA_OK ? 0 : -1;
}

static void
s_close(sess *s)
{
	if (s->c.fd >= 0)
		close(s->c.fd);
	s->c.fd = -1;
	explicit_bzero(&s->a, sizeof s->a);
	explicit_bzero(&s->snap, sizeof s->snap);
	explicit_bzero(&s->ws, sizeof s->ws);
}

static int
s_send(sess *s, const uint8_t *p, size_t n)
{
	unsigned kind = p[0] >= 0xA0 && p[0] <= 0xA4 ? (unsigned)(p[0] - 0xA0 + 1) : 0;

	if (kind != 0 && n <= MSA_MAX_PDU) {
		memcpy(s->sent[kind], p, n);
		s->sent_len[kind] = n;
	}
	if (cli_conn_queue(&s->c, p, n) != 0)
		return -1;
	return cli_conn_drain(&s->c);
}

/* Sends the engine's output, PDU by PDU, with the armed fault applied. */
static int
s_emit(sess *s)
{
	static uint8_t pdu[MSA_MAX_PDU + 1024];
	size_t off = 0, pl, eo;

	while (off < s->io.out_len) {
		if (msa_der_frame(s->io.out + off, s->io.out_len - off, &pl, &eo) != MSA_OK)
			return -1;
		memcpy(pdu, s->io.out + off, pl);
		off += pl;
		if (s->mut != NULL && !s->mut_done && (unsigned)(pdu[0] - 0xA0 + 1) == s->mut_kind) {
			s->mut_done = 1;
			if (s->mut(s, pdu, &pl) != 0)
				continue;                    /* the fault drops it */
		}
		if (s_send(s, pdu, pl) != 0)
			return -1;
	}
	s->io.out_len = 0;
	return 0;
}

/* One PDU received from the IUT: noted, and given to the tester's engine. */
static void
s_feed(sess *s, const uint8_t *pdu, size_t len)
{
	struct MsaPdu *v;
	size_t eo;
	int r;

	s->n_in++;
	if (pdu[0] == 0xA0)
		s->init_own_ref = cli_der_has_child(pdu, len, 0x87);
	if (s->serve_any && pdu[0] == 0xA0) {
		/* A misbehaving responder presents its credential whatever name
		 * it is asked for: our engine (REQ-HS-015) is not told the name. */
		static const int name[] = { 5 };
		static uint8_t in[MSA_MAX_PDU];
		size_t off, hl, cl;
		long n;
		if (cli_der_at(pdu, len, name, 1, &off, &hl, &cl) == 0 && pdu[off] == 0x85
			&& (n = cli_der_drop(pdu, len, name[0], in, sizeof in)) > 0) {
			pdu = in;
			len = (size_t)n;
		}
	}
	if (pdu[0] == 0xA3) {                      /* HandshakeReject: read it ourselves */
		msa_arena_reset(&s->ar);
		if (msa_pdu_decode(&s->ar, pdu, len, &v, &eo) == MSA_OK)
			s->reject_diag = (int)v->choice.handshakeReject.diagnostic;
		else
			s->bad_input++;
		msa_arena_reset(&s->ar);
	}
	r = msa_assoc_recv(&s->a, &s->ar, pdu, len, cli_now(), &s->io);
	if (pdu[0] != 0xA3 && r != MSA_OK && r != MSA_ERR_PEER_ABORT && !(s->io.events & MSA_EV_DROPPED))
		s->bad_input++;                        /* the IUT sent something we refuse */
	if (s->io.events & MSA_EV_ESTABLISHED)
		s->established = 1;
	if ((s->io.events & MSA_EV_PEER_ENDED) && pdu[0] == 0xA4)
		s->abort_diag = s->io.peer_diag;
	if (s->io.events & MSA_EV_DATA) {
		s->delivered++;
		s->last_len = s->io.data_len < sizeof s->last ? s->io.data_len : sizeof s->last;
		memcpy(s->last, s->io.data, s->last_len);
	}
	if ((s->io.events & MSA_EV_CLOSED) && r == MSA_OK)
		s->closed_ok = 1;
	(void)s_emit(s);
	if ((s->io.events & MSA_EV_RELEASE_REQ) && !s->hold_release) {  /* answered at once */
		r = msa_assoc_release(&s->a, MSA_REASON_NORMAL, cli_now(), &s->io);
		if ((s->io.events & MSA_EV_CLOSED) && r == MSA_OK)
			s->closed_ok = 1;
		(void)s_emit(s);
	}
}

/* Reads and feeds PDUs until done(s) holds, the IUT closes, or ms pass
 * without any input. Returns 1 when done(s) held. */
static int
s_until(sess *s, int (*done)(const sess *), int ms)
{
	const uint8_t *pdu;
	size_t len, eo;
	int k;

	for (;;) {
		static uint8_t copy[MSA_MAX_PDU];
		struct pollfd p = { s->c.fd, POLLIN, 0 };
		while ((k = cli_conn_next(&s->c, &pdu, &len, &eo)) == 1) {
			/* the IUT's PDU, out of the connection's buffer (vectors_io.c's
			 * proved copy: within copy[] whatever cli_conn_next said) */
			if (cli_bytes_in(copy, sizeof copy, pdu, (long)len) != 0) {
				s->bad_input++;
				return 0;
			}
			cli_conn_consume(&s->c, len);
			s_feed(s, copy, len);
			if (done != NULL && done(s))
				return 1;
		}
		if (k < 0) {
			s->bad_input++;          /* the IUT's bytes cannot be framed */
			return 0;
		}
		if (done != NULL && done(s))
			return 1;
		if (s->c.eof) {
			s->eof = 1;
			return 0;
		}
		if (poll(&p, 1, ms) <= 0)
			return 0;
		(void)cli_conn_read(&s->c);
	}
}

static int d_established(const sess *s) { return s->established || s->reject_diag >= 0 || s->abort_diag >= 0; }
static int d_closed(const sess *s) { return s->closed_ok || s->reject_diag >= 0 || s->abort_diag >= 0; }
static int d_ended(const sess *s) { return s->reject_diag >= 0 || s->abort_diag >= 0; }
static int d_delivered(const sess *s) { return s->delivered > 0 || d_ended(s); }

/* Starts the handshake (tester initiator) and runs it to ESTABLISHED. */
static int
s_handshake(sess *s)
{
	if (G.tester_role == MSA_ROLE_INITIATOR) {
		if (msa_assoc_start(&s->a, cli_now(), &s->io) != MSA_OK || s_emit(s) != 0)
			return -1;
	}
	return s_until(s, d_established, G.timeout_ms) && s->established ? 0 : -1;
}

/* One message through the engine, echoed back by the IUT responder. */
static int
s_echo(sess *s, const char *msg)
{
	size_t n = strlen(msg);

	s->delivered = 0;
	if (msa_assoc_send(&s->a, (const uint8_t *)msg, n, cli_now(), &s->io) != MSA_OK
		|| s_emit(s) != 0)
		return -1;
	if (!s_until(s, d_delivered, G.timeout_ms) || s->delivered != 1 || s->last_len != n
		|| memcmp(s->last, msg, n) != 0)
		return -1;
	return 0;
}

/* The engine's record for msg, not sent: copied to rec[0..*len). */
static int
s_record(sess *s, const char *msg, uint8_t *rec, size_t *len)
{
	if (msa_assoc_send(&s->a, (const uint8_t *)msg, strlen(msg), cli_now(), &s->io) != MSA_OK
		|| s->io.n_pdus != 1)
		return -1;
	memcpy(rec, s->io.out, s->io.out_len);
	*len = s->io.out_len;
	s->io.out_len = 0;
	return 0;
}

/* A record of `type` with body[0..n) from the snapshot's keys (records the
 * engine would never send, or would no longer send), sent at once. */
static int
s_forge(sess *s, unsigned type, const uint8_t *body, size_t n)
{
	s->io.out_len = 0;
	s->io.n_pdus = 0;
	if (msa_rec_emit(&s->snap, type, body, n, &s->io) != MSA_OK)
		return -1;
	return s_emit(s);
}

/* ------------------------------------------------------------ verdicts */

typedef struct {
	enum verdict v;
	char *why;
} outcome;

static outcome
ok(void)
{
	return (outcome){ V_PASS, NULL };
}

static outcome
bad(enum verdict v, char *why)
{
	return (outcome){ v, why };
}

static const char *
dn(int d)
{
	return d < 0 ? "nothing" : msa_diag_name(d);
}

/* What the IUT answered, for a reason text. */
static char *
seen(const sess *s)
{
	return fmt("reject %s, abort %s, %zu delivered, %d PDUs%s%s", dn(s->reject_diag),
		dn(s->abort_diag), s->delivered, s->n_in, s->eof ? ", closed" : "",
		s->bad_input ? ", an invalid PDU" : "");
}

/* The IUT must answer with a HandshakeReject (reject=1) or an Abort of
 * diagnostic diag, deliver nothing, and send nothing else. */
static outcome
expect_end(sess *s, int reject, int diag)
{
	(void)s_until(s, d_ended, G.timeout_ms);
	(void)s_until(s, NULL, G.quiet_ms);          /* anything after it? */
	if ((reject ? s->reject_diag : s->abort_diag) != diag || s->delivered != 0
		|| s->n_in != 1 || s->bad_input)
		return bad(V_FAIL, fmt("expected only %s %s: %s", reject ? "a reject" : "an abort",
			msa_diag_name(diag), seen(s)));
	return ok();
}

/* The IUT must send nothing at all. */
static outcome
expect_silence(sess *s)
{
	(void)s_until(s, NULL, G.quiet_ms);
	if (s->n_in != 0 || s->delivered != 0)
		return bad(V_FAIL, fmt("expected nothing: %s", seen(s)));
	return ok();
}

/* REQ-GEN-011: the IUT closes the transport. */
static outcome
expect_close(sess *s, outcome before)
{
	if (before.v != V_PASS)
		return before;
	if (!s->eof)
		(void)s_until(s, NULL, G.timeout_ms);
	if (!s->eof)
		return bad(V_FAIL, fmt("the transport stays open (REQ-GEN-011): %s", seen(s)));
	return ok();
}

/* The association is gone: a record that would be next if it were alive
 * (from the snapshot) is neither delivered nor answered. */
static outcome
expect_dead(sess *s, outcome before)
{
	int n = s->n_in;

	if (before.v != V_PASS)
		return before;
	if (s->eof)
		return ok();
	if (s_forge(s, 0, (const uint8_t *)"still there?", 12) != 0)
		return ok();                          /* the IUT closed: dead indeed */
	(void)s_until(s, NULL, G.quiet_ms);
	if (s->delivered != 0 || s->n_in != n)
		return bad(V_FAIL, fmt("a record after the end was answered: %s", seen(s)));
	return ok();
}

/* ------------------------------------------------------------ faults */

static const int P_VERSION[] = { 0 }, P_IAID[] = { 1 }, P_SUITES[] = { 2 };
static const int P_SIG[] = { 1 }, P_MAC[] = { 2 };
static const int P_RSUITE[] = { 0, 3 }, P_RVERSION[] = { 0, 0 }, P_RKREF[] = { 0, 7 };
static const int P_FAID[] = { 0, 0 };

static int m_version(sess *s, uint8_t *p, size_t *n) { (void)s; return der_set(p, n, P_VERSION, 1, (const uint8_t *)"\x02", 1) != 0 ? -1 : 0; }
static int m_resp_version(sess *s, uint8_t *p, size_t *n) { (void)s; return der_set(p, n, P_RVERSION, 2, (const uint8_t *)"\x02", 1) != 0 ? -1 : 0; }
static int m_aid_zero(sess *s, uint8_t *p, size_t *n) { (void)s; return der_set(p, n, P_IAID, 1, (const uint8_t *)"\0\0\0\0", 4) != 0 ? -1 : 0; }
static int m_sig(sess *s, uint8_t *p, size_t *n) { (void)s; return der_flip_last(p, *n, P_SIG, 1); }
static int m_mac(sess *s, uint8_t *p, size_t *n) { (void)s; return der_flip_last(p, *n, P_MAC, 1); }
static int m_truncate(sess *s, uint8_t *p, size_t *n) { (void)s; return der_truncate(p, n); }
static int m_unknown_suite(sess *s, uint8_t *p, size_t *n) { (void)s; return der_set(p, n, P_SUITES, 1, (const uint8_t *)"\x02\x02\x77\x77", 4); }
static int m_resp_suite(sess *s, uint8_t *p, size_t *n) { (void)s; return der_set(p, n, P_RSUITE, 2, (const uint8_t *)"\x77\x77", 2); }
static int m_ownrefknown(sess *s, uint8_t *p, size_t *n) { (void)s; return der_set(p, n, P_RKREF, 2, (const uint8_t *)"\xff", 1); }

static int
m_dup_suite(sess *s, uint8_t *p, size_t *n)
{
	static const int first[] = { 2, 0 };
	size_t off, hl, cl;
	uint8_t two[16];

	(void)s;
	if (cli_der_at(p, *n, first, 2, &off, &hl, &cl) != 0 || 2 * (hl + cl) > sizeof two)
		return -1;
	memcpy(two, p + off, hl + cl);
	memcpy(two + hl + cl, p + off, hl + cl);
	return der_set(p, n, P_SUITES, 1, two, 2 * (hl + cl));
}

/* Keeps the PDU instead of sending it (held[0..held_len)). */
static uint8_t held[MSA_MAX_PDU];
static size_t held_len;

static int
m_hold(sess *s, uint8_t *p, size_t *n)
{
	(void)s;
	memcpy(held, p, *n);
	held_len = *n;
	return 1;
}

/* A not-DER INTEGER: version 1 as 00 01 (REQ-ENC-017). */
static int
m_nonder(sess *s, uint8_t *p, size_t *n)
{
	(void)s;
	return der_set(p, n, P_VERSION, 1, (const uint8_t *)"\x00\x01", 2);
}

/* Every key share (HandshakeInit: keyShares [3]; HandshakeResp: body.keyShare)
 * made invalid for its group: X25519 u = 0 (all-zero result, REQ-CRY-001),
 * P-256 a point off the curve (REQ-CRY-002). */
static int
bad_share(uint8_t *p, size_t *n, const int *path, int d)
{
	static const uint8_t zero32[32];
	uint8_t off_curve[65];
	size_t off, hl, cl;

	if (cli_der_at(p, *n, path, d, &off, &hl, &cl) != 0)
		return -1;
	memset(off_curve, 0xff, sizeof off_curve);
	off_curve[0] = 4;
	return cl == 65 ? der_set(p, n, path, d, off_curve, 65) : der_set(p, n, path, d, zero32, 32);
}

static int
m_init_shares(sess *s, uint8_t *p, size_t *n)
{
	int path[3] = { 3, 0, 1 }, k;

	(void)s;
	for (k = 0; k < 4; k++) {
		path[1] = k;
		if (bad_share(p, n, path, 3) != 0)
			break;
	}
	return k > 0 ? 0 : -1;
}

static int
m_resp_share(sess *s, uint8_t *p, size_t *n)
{
	static const int path[] = { 0, 4, 1 };

	(void)s;
	return bad_share(p, n, path, 3);
}

/* A KeyShare of an unregistered group beside registered suites (REQ-HS-014). */
static int
m_share_group(sess *s, uint8_t *p, size_t *n)
{
	static const int path[] = { 3, 0, 0 };

	(void)s;
	return der_set(p, n, path, 3, (const uint8_t *)"\x77\x77", 2);
}

/* The outer length in a longer form than needed (REQ-ENC-003). */
static int
m_long_length(sess *s, uint8_t *p, size_t *n)
{
	size_t hl, cl;
	uint8_t tmp[MSA_MAX_PDU];

	(void)s;
	if (cli_tlv(p, *n, &hl, &cl) != 0 || cl > 0xffff)
		return -1;
	memcpy(tmp, p + hl, cl);
	p[1] = 0x83;
	p[2] = 0;
	p[3] = (uint8_t)(cl >> 8);
	p[4] = (uint8_t)cl;
	memcpy(p + 5, tmp, cl);
	*n = 5 + cl;
	return 0;
}

/* Only the header of a PDU announcing 65535 octets, more than MSA_MAX_PDU:
 * refused from the header alone (REQ-GEN-009). */
static int
m_oversize(sess *s, uint8_t *p, size_t *n)
{
	(void)s;
	p[1] = 0x82;
	p[2] = 0xff;
	p[3] = 0xff;
	*n = 4;
	return 0;
}

/* ------------------------------------------------------------ the cases */

typedef struct conf_case conf_case;
struct conf_case {
	const char *id;
	int role;                       /* the tester's role */
	const char *reqs;
	const char *what;
	outcome (*run)(const conf_case *, sess *);
	int (*mut)(sess *, uint8_t *, size_t *);
	unsigned mut_kind;
	int reply;                      /* 'r' reject, 'a' abort, 's' silence */
	int diag;
	int close;                      /* REQ-GEN-011: the transport must close */
	const char *cred;               /* --pki certificate for the tester */
	const char *peer_id;            /* another responder name to ask for */
};

/* Loads the tester's other identity for a case: the credential
 * --pki DIR/cred.pem (with int-ca.pem after it, but for bad-untrusted,
 * issued by a root nobody trusts), and/or another responder name to ask for. */
static int
load_alt(const char *cred, const char *peer_id)
{
	static char cert[1024], key[1024];
	cli_peer_opts o = G.o;

	if (cred != NULL) {
		snprintf(cert, sizeof cert, "%s/%s.pem", G.pki, cred);
		snprintf(key, sizeof key, "%s/%s.key.pem", G.pki, cred);
		o.cert = cert;
		o.key = key;
	}
	if (peer_id != NULL) {
		o.peer_ids[0] = peer_id;
		o.n_peer_ids = 1;
	}
	if (cli_ident_load(&alt, &o, G.tester_role) != CLI_OK)
		return -1;
	if (cred != NULL && strcmp(cred, "bad-untrusted") != 0) {
		static uint8_t file[8192];
		msa_seg seg[2];
		size_t k = 0;
		long len;
		snprintf(cert, sizeof cert, "%s/int-ca.pem", G.pki);
		if (alt.cfg.chain_len != 1 || (len = cli_read_file(cert, file, sizeof file)) < 0
			|| msa_cert_decode_file(file, (size_t)len, alt_certs[1], MSA_MAX_CERT, &seg[1], 1,
				&k) != MSA_OK)
			return -1;
		memcpy(alt_certs[0], alt.cfg.chain[0].ptr, alt.cfg.chain[0].len);
		seg[0].ptr = alt_certs[0];
		seg[0].len = alt.cfg.chain[0].len;
		if (msa_config_set_identity(&alt.cfg, &alt.key, seg, 2) != MSA_OK)
			return -1;
	}
	return 0;
}

/* Our message of kind s->at is out (sent, or dropped by the fault). */
static int
d_at(const sess *s)
{
	return s->sent_len[s->at] > 0 || (s->mut_done && s->mut_kind == s->at) || d_ended(s);
}

/* A handshake with the case's fault (a PDU altered, or a credential or
 * responder name the IUT must refuse), then the reaction to the faulty
 * message. */
static outcome
c_handshake(const conf_case *c, sess *s)
{
	outcome o;

	s->mut = c->mut;
	s->mut_kind = c->mut_kind;
	s->serve_any = c->cred != NULL;
	s->at = c->mut_kind != 0 ? c->mut_kind : c->peer_id != NULL ? MSA_PDU_INIT
		: G.tester_role == MSA_ROLE_INITIATOR ? MSA_PDU_FINISH : MSA_PDU_RESP;
	if (G.tester_role == MSA_ROLE_INITIATOR
		&& (msa_assoc_start(&s->a, cli_now(), &s->io) != MSA_OK || s_emit(s) != 0))
		return bad(V_ERROR, fmt("cannot start"));
	if (!s_until(s, d_at, G.timeout_ms) || d_ended(s))
		return bad(V_INCONC, fmt("the handshake did not reach the fault: %s", seen(s)));
	s->n_in = 0;
	if (c->mut == m_ownrefknown && s->init_own_ref)
		return bad(V_NONE, fmt("the IUT's HandshakeInit carries ownCertRef: ownRefKnown TRUE is legitimate"));
	if (c->reply == 's')
		o = expect_silence(s);
	else
		o = expect_end(s, c->reply == 'r', c->diag);
	return c->close ? expect_close(s, o) : o;
}

static int d_release_req(const sess *s) { return msa_assoc_state(&s->a) == MSA_ST_RELEASE_RECEIVED || d_ended(s); }

/* Both sides ESTABLISHED and one message echoed (the responder confirmed).
 * Tester responder: the IUT initiator has sent its releaseRequest, which
 * stays unanswered: in RELEASE_SENT it still takes the tester's records
 * (REQ-STM-050, 080), in RELEASE_RECEIVED the tester still sends (091). */
static outcome
established(sess *s)
{
	s->hold_release = G.tester_role == MSA_ROLE_RESPONDER;
	if (s_handshake(s) != 0)
		return bad(V_INCONC, fmt("no association: %s", seen(s)));
	if (G.tester_role == MSA_ROLE_INITIATOR && s_echo(s, "ping") != 0)
		return bad(V_INCONC, fmt("no echo: %s", seen(s)));
	if (G.tester_role == MSA_ROLE_RESPONDER
		&& (!s_until(s, d_release_req, G.timeout_ms) || d_ended(s)))
		return bad(V_INCONC, fmt("the IUT initiator did not release: %s", seen(s)));
	s->n_in = 0;
	s->delivered = 0;
	return ok();
}

#define REC_CAP (MSA_MAX_PDU + 1024)

/* Records: replayed, skipped, reordered, with a bad tag, for another
 * association, truncated, oversized. */
static outcome
c_record(const conf_case *c, sess *s)
{
	static uint8_t r1[REC_CAP], r2[REC_CAP];
	size_t l1, l2;
	outcome o = established(s);

	if (o.v != V_PASS)
		return o;
	if (s_record(s, "one", r1, &l1) != 0)
		return bad(V_ERROR, fmt("cannot make a record"));
	s->snap = s->a;
	if (s_record(s, "two", r2, &l2) != 0)
		return bad(V_ERROR, fmt("cannot make a record"));
	if (strcmp(c->id, "rec-replayed") == 0) {
		s->snap = s->a;                    /* "two" would be next */
		if (s_send(s, r1, l1) != 0 || s_send(s, r1, l1) != 0)
			return bad(V_INCONC, fmt("send failed"));
		(void)s_until(s, d_ended, G.timeout_ms);
		if (G.tester_role == MSA_ROLE_INITIATOR) {      /* its echo, once */
			if (s->delivered != 1)
				return bad(V_FAIL, fmt("expected 'one' delivered once: %s", seen(s)));
			s->delivered = 0;
			s->n_in--;
		}
		o = expect_end(s, 0, c->diag);
		return expect_dead(s, o);
	}
	if (strcmp(c->id, "rec-skipped") == 0) {
		(void)s_send(s, r2, l2);
	} else if (strcmp(c->id, "rec-reordered") == 0) {
		(void)s_send(s, r2, l2);
		(void)s_send(s, r1, l1);
	} else if (strcmp(c->id, "rec-bad-tag") == 0) {
		r1[l1 - 1] ^= 1;
		(void)s_send(s, r1, l1);
	} else if (strcmp(c->id, "rec-unknown-aid") == 0) {
		static const int aid[] = { 0, 0 };
		size_t off, hl, cl;
		if (cli_der_at(r1, l1, aid, 2, &off, &hl, &cl) != 0)
			return bad(V_ERROR, fmt("record layout"));
		r1[off + hl] ^= 0x80;
		(void)s_send(s, r1, l1);
		o = expect_silence(s);
		if (o.v != V_PASS)
			return o;
		r1[off + hl] ^= 0x80;              /* the genuine one is still next */
		(void)s_send(s, r1, l1);
		(void)s_send(s, r2, l2);
		(void)s_until(s, NULL, G.quiet_ms);
		if (s->delivered != 2 || s->abort_diag >= 0)
			return bad(V_FAIL, fmt("the association did not survive: %s", seen(s)));
		return ok();
	} else if (strcmp(c->id, "rec-truncated") == 0) {
		(void)der_truncate(r1, &l1);
		(void)s_send(s, r1, l1);
	} else if (strcmp(c->id, "rec-oversize") == 0) {
		/* a header announcing 65535 octets, no content (REQ-GEN-009) */
		(void)s_send(s, (const uint8_t *)"\xa4\x82\xff\xff", 4);
	} else if (strcmp(c->id, "rec-not-der") == 0) {
		(void)m_long_length(s, r1, &l1);
		(void)s_send(s, r1, l1);
	}
	o = expect_end(s, 0, c->diag);
	if (c->close)
		return expect_close(s, o);
	return expect_dead(s, o);
}

/* Control records out of place: a rekeyResponse never asked for, a
 * releaseResponse in ESTABLISHED, a KeyUpdate replayed, a body that does
 * not decode, HandshakeFinish again. */
static outcome
c_control(const conf_case *c, sess *s)
{
	outcome o = established(s);
	static uint8_t ku[REC_CAP];
	size_t kl;

	if (o.v != V_PASS)
		return o;
	s->snap = s->a;
	if (strcmp(c->id, "ren-rekeyresponse-unsolicited") == 0) {
		uint8_t body[64] = { 0x30, 0x27, 0xA0, 0x25, 0x80, 0x01, 0x01, 0x81, 0x20 };
		memset(body + 9, 0x09, 32);
		(void)s_forge(s, 3, body, 41);
	} else if (strcmp(c->id, "rel-response-unsolicited") == 0) {
		(void)s_forge(s, 5, (const uint8_t *)"\x30\x03\x80\x01\x00", 5);
	} else if (strcmp(c->id, "rec-body-undecodable") == 0) {
		(void)s_forge(s, 1, (const uint8_t *)"\x30\x03\x02\x01\x05", 5);  /* an INTEGER: no KeyUpdate */
	} else if (strcmp(c->id, "ren-keyupdate-replayed") == 0) {
		if (msa_assoc_ratchet(&s->a, 0, cli_now(), &s->io) != MSA_OK || s->io.n_pdus != 1)
			return bad(V_ERROR, fmt("ratchet"));
		memcpy(ku, s->io.out, s->io.out_len);
		kl = s->io.out_len;
		s->io.out_len = 0;
		s->snap = s->a;
		(void)s_send(s, ku, kl);
		(void)s_send(s, ku, kl);
	} else if (strcmp(c->id, "hs-finish-in-established") == 0) {
		(void)s_send(s, s->sent[MSA_PDU_FINISH], s->sent_len[MSA_PDU_FINISH]);
	}
	o = expect_end(s, 0, c->diag);
	return expect_dead(s, o);
}

/* An unauthenticated HandshakeReject (REQ-HS-062): in ESTABLISHED it is
 * dropped and the association lives on (REQ-STM-056); in WAIT_FINISH it
 * ends the handshake, nothing sent (REQ-STM-042), and the HandshakeFinish
 * that follows is never answered nor establishes anything. */
static outcome
c_reject(const conf_case *c, sess *s)
{
	uint8_t rej[64], own[MSA_AID_LEN], peer[MSA_AID_LEN];
	int n;
	outcome o;

	if (strcmp(c->id, "hs-reject-in-established") == 0) {
		if ((o = established(s)).v != V_PASS)
			return o;
		msa_assoc_ids(&s->a, own, peer);
		n = msa_reject_encode(rej, sizeof rej, peer, MSA_DIAG_BAD_MAC, NULL);
		if (n <= 0 || s_send(s, rej, (size_t)n) != 0)
			return bad(V_ERROR, fmt("reject"));
		if ((o = expect_silence(s)).v != V_PASS)
			return o;
		if (s_echo(s, "still here") != 0)
			return bad(V_FAIL, fmt("the association did not survive the reject: %s", seen(s)));
		return ok();
	}
	s->mut_kind = MSA_PDU_FINISH;                  /* the Finish is held */
	s->mut = m_hold;
	s->at = MSA_PDU_FINISH;
	if (msa_assoc_start(&s->a, cli_now(), &s->io) != MSA_OK || s_emit(s) != 0)
		return bad(V_ERROR, fmt("start"));
	if (!s_until(s, d_at, G.timeout_ms) || d_ended(s))
		return bad(V_INCONC, fmt("the handshake did not reach HandshakeFinish: %s", seen(s)));
	msa_assoc_ids(&s->a, own, peer);
	n = msa_reject_encode(rej, sizeof rej, peer, MSA_DIAG_USER_ABORT, NULL);
	s->n_in = 0;
	s->snap = s->a;                                /* keys of the handshake we finish */
	if (n <= 0 || s_send(s, rej, (size_t)n) != 0)
		return bad(V_ERROR, fmt("reject"));
	if ((o = expect_silence(s)).v != V_PASS)
		return o;
	if (s_send(s, held, held_len) != 0)            /* too late: never answered */
		return ok();
	if ((o = expect_silence(s)).v != V_PASS)
		return o;
	return expect_dead(s, o);
}

/* Renewals the IUT must follow: a ratchet and a rekey, data across them. */
static outcome
c_renewal(const conf_case *c, sess *s)
{
	outcome o = established(s);
	int r;

	if (o.v != V_PASS)
		return o;
	if (strcmp(c->id, "ren-ratchet") == 0)
		r = msa_assoc_ratchet(&s->a, 1, cli_now(), &s->io);
	else
		r = msa_assoc_rekey(&s->a, cli_now(), &s->io);
	if (r != MSA_OK || s_emit(s) != 0)
		return bad(V_ERROR, fmt("renewal: %s", msa_err_name(r)));
	if (s_echo(s, "after renewal") != 0 || s_echo(s, "and again") != 0)
		return bad(V_FAIL, fmt("no echo after the renewal: %s", seen(s)));
	{
		unsigned sg, rg;
		msa_assoc_generations(&s->a, &sg, &rg);
		if (sg < 1 || rg < 1)
			return bad(V_FAIL, fmt("the IUT did not renew its own direction (gen %u/%u)", sg, rg));
	}
	return ok();
}

/* Termination: data after a confirmed release, after an abort. */
static outcome
c_end(const conf_case *c, sess *s)
{
	outcome o = established(s);
	int r;

	if (o.v != V_PASS)
		return o;
	if (strcmp(c->id, "rel-data-after-release") == 0) {
		r = msa_assoc_release(&s->a, MSA_REASON_NORMAL, cli_now(), &s->io);
		s->snap = s->a;                    /* keys of RELEASE_SENT */
		if (r != MSA_OK || s_emit(s) != 0)
			return bad(V_ERROR, fmt("release"));
		if (!s_until(s, d_closed, G.timeout_ms) || !s->closed_ok)
			return bad(V_FAIL, fmt("the release was not confirmed: %s", seen(s)));
	} else {
		s->snap = s->a;
		s->snap.send_seq++;                /* the record after the Abort */
		r = msa_assoc_abort(&s->a, MSA_DIAG_USER_ABORT, cli_now(), &s->io);
		if (r != MSA_OK || s_emit(s) != 0)
			return bad(V_ERROR, fmt("abort"));
		o = expect_silence(s);             /* never answered (REQ-TRM) */
		if (o.v != V_PASS)
			return o;
	}
	s->n_in = 0;
	return expect_dead(s, ok());
}

/* A HandshakeFinish cut from a parallel association of the same tester:
 * a valid signature and MAC, over another transcript. */
static outcome
c_transcript(const conf_case *c, sess *s)
{
	static uint8_t f[MSA_MAX_PDU];
	sess *b = &S[1];
	uint8_t aid[MSA_AID_LEN], peer_a[MSA_AID_LEN];
	size_t fl;
	outcome o;

	(void)c;
	s->mut = NULL;
	/* A: up to WAIT_FINISH on the IUT: msg1 out, msg2 in, msg3 held */
	s->mut_kind = MSA_PDU_FINISH;
	s->mut = m_hold;
	if (msa_assoc_start(&s->a, cli_now(), &s->io) != MSA_OK || s_emit(s) != 0)
		return bad(V_ERROR, fmt("start"));
	(void)s_until(s, NULL, G.quiet_ms);
	if (!s->mut_done)
		return bad(V_INCONC, fmt("A did not reach HandshakeFinish: %s", seen(s)));
	msa_assoc_ids(&s->a, aid, peer_a);
	/* B: a whole handshake, its Finish held too */
	if (s_open(b, &G.id.cfg) != 0)
		return bad(V_INCONC, fmt("no second connection"));
	b->mut_kind = MSA_PDU_FINISH;
	b->mut = m_hold;
	if (msa_assoc_start(&b->a, cli_now(), &b->io) != MSA_OK || s_emit(b) != 0)
		return bad(V_ERROR, fmt("start B"));
	(void)s_until(b, NULL, G.quiet_ms);
	if (!b->mut_done)
		return bad(V_INCONC, fmt("B did not reach HandshakeFinish"));
	memcpy(f, held, held_len);
	fl = held_len;
	s_close(b);
	/* B's Finish, addressed to A's responder aid */
	if (der_set(f, &fl, P_FAID, 2, peer_a, MSA_AID_LEN) != 0 || s_send(s, f, fl) != 0)
		return bad(V_ERROR, fmt("rewrite"));
	s->n_in = 0;
	o = expect_end(s, 1, MSA_DIAG_BAD_SIGNATURE);
	return o;
}

#define I MSA_ROLE_INITIATOR
#define R MSA_ROLE_RESPONDER
#define INIT MSA_PDU_INIT
#define RESP MSA_PDU_RESP
#define FIN MSA_PDU_FINISH

static const conf_case cases[] = {
	/* the tester initiates: the IUT is a responder */
	{ "hs-init-version", I, "REQ-HS-009 REQ-HS-010 REQ-STM-025", "HandshakeInit version 2",
	  c_handshake, m_version, INIT, 'r', MSA_DIAG_PROTOCOL_VERSION, 0, NULL, NULL },
	{ "hs-init-aid-zero", I, "REQ-HS-011 REQ-HS-061", "initiatorAid 00000000: nothing can be sent",
	  c_handshake, m_aid_zero, INIT, 's', 0, 0, NULL, NULL },
	{ "hs-init-suite-twice", I, "REQ-HS-012", "a SuiteId offered twice",
	  c_handshake, m_dup_suite, INIT, 'r', MSA_DIAG_ILLEGAL_PARAMETER, 0, NULL, NULL },
	{ "hs-init-group-unregistered", I, "REQ-HS-014", "a KeyShare of an unregistered group beside registered suites",
	  c_handshake, m_share_group, INIT, 'r', MSA_DIAG_ILLEGAL_PARAMETER, 0, NULL, NULL },
	{ "hs-init-no-common-suite", I, "REQ-HS-016 REQ-HS-017 REQ-SUI-002", "only an unregistered suite offered",
	  c_handshake, m_unknown_suite, INIT, 'r', MSA_DIAG_NO_COMMON_SUITE, 0, NULL, NULL },
	{ "hs-init-bad-key-share", I, "REQ-HS-018 REQ-CRY-001 REQ-CRY-002", "every key share invalid for its group (X25519 u=0, P-256 off the curve)",
	  c_handshake, m_init_shares, INIT, 'r', MSA_DIAG_BAD_KEY_SHARE, 0, NULL, NULL },
	{ "hs-init-name-not-served", I, "REQ-HS-015 REQ-HS-085", "responderName the IUT does not serve",
	  c_handshake, NULL, 0, 'r', MSA_DIAG_BAD_IDENTITY, 0, NULL, "urn:msa:conform:not-served" },
	{ "hs-init-not-der", I, "REQ-ENC-006 REQ-STM-026 REQ-GEN-011", "HandshakeInit with a non-minimal INTEGER: nothing can be sent, transport closed",
	  c_handshake, m_nonder, INIT, 's', 0, 1, NULL, NULL },
	{ "hs-init-oversize", I, "REQ-GEN-009 REQ-ENC-010 REQ-GEN-011", "a PDU header announcing more than MSA_MAX_PDU, refused before its content",
	  c_handshake, m_oversize, INIT, 's', 0, 1, NULL, NULL },
	{ "hs-finish-bad-signature", I, "REQ-HS-052 REQ-STM-041", "HandshakeFinish signature altered",
	  c_handshake, m_sig, FIN, 'r', MSA_DIAG_BAD_SIGNATURE, 0, NULL, NULL },
	{ "hs-finish-bad-mac", I, "REQ-HS-053 REQ-STM-041", "HandshakeFinish MAC altered",
	  c_handshake, m_mac, FIN, 'r', MSA_DIAG_BAD_MAC, 0, NULL, NULL },
	{ "hs-finish-other-transcript", I, "REQ-HS-052 REQ-HS-072", "a HandshakeFinish signed over another association's transcript",
	  c_transcript, NULL, 0, 'r', MSA_DIAG_BAD_SIGNATURE, 0, NULL, NULL },
	{ "hs-finish-truncated", I, "REQ-ENC-001 REQ-STM-044 REQ-GEN-011", "HandshakeFinish one octet short (inner TLV past the end)",
	  c_handshake, m_truncate, FIN, 'r', MSA_DIAG_DECODE_ERROR, 1, NULL, NULL },
	{ "hs-finish-expired", I, "REQ-HS-051 REQ-CRT-020", "the initiator's certificate has expired",
	  c_handshake, NULL, 0, 'r', MSA_DIAG_CERTIFICATE_EXPIRED, 0, "bad-expired", NULL },
	{ "hs-finish-not-yet-valid", I, "REQ-HS-051 REQ-CRT-020", "the initiator's certificate is not yet valid",
	  c_handshake, NULL, 0, 'r', MSA_DIAG_CERTIFICATE_EXPIRED, 0, "bad-notyet", NULL },
	{ "hs-finish-untrusted", I, "REQ-HS-051 REQ-CRT-013", "the initiator's chain ends at no trust anchor",
	  c_handshake, NULL, 0, 'r', MSA_DIAG_UNKNOWN_CA, 0, "bad-untrusted", NULL },
	{ "hs-finish-key-usage", I, "REQ-HS-051 REQ-CRT-005", "the initiator's certificate lacks digitalSignature",
	  c_handshake, NULL, 0, 'r', MSA_DIAG_BAD_CERTIFICATE, 0, "bad-keyusage", NULL },
	{ "hs-finish-in-established", I, "REQ-STM-054", "HandshakeFinish again once ESTABLISHED",
	  c_control, NULL, 0, 'a', MSA_DIAG_UNEXPECTED_PDU, 0, NULL, NULL },
	{ "hs-reject-in-wait-finish", I, "REQ-STM-042 REQ-HS-062 REQ-STM-012", "a HandshakeReject before HandshakeFinish: the handshake ends, nothing answered after it",
	  c_reject, NULL, 0, 0, 0, 0, NULL, NULL },
	{ "hs-reject-in-established", I, "REQ-STM-056 REQ-HS-062", "an unauthenticated HandshakeReject once ESTABLISHED: dropped, the association lives on",
	  c_reject, NULL, 0, 0, 0, 0, NULL, NULL },
	{ "rec-replayed", I, "REQ-DT-012 REQ-STM-050", "a record sent twice: delivered once, then badSequence",
	  c_record, NULL, 0, 'a', MSA_DIAG_BAD_SEQUENCE, 0, NULL, NULL },
	{ "rec-skipped", I, "REQ-DT-012 REQ-STM-050", "a sequence number skipped",
	  c_record, NULL, 0, 'a', MSA_DIAG_BAD_SEQUENCE, 0, NULL, NULL },
	{ "rec-reordered", I, "REQ-DT-012 REQ-STM-050", "two records swapped",
	  c_record, NULL, 0, 'a', MSA_DIAG_BAD_SEQUENCE, 0, NULL, NULL },
	{ "rec-bad-tag", I, "REQ-DT-014 REQ-STM-050", "a record's tag altered: nothing delivered",
	  c_record, NULL, 0, 'a', MSA_DIAG_BAD_RECORD, 0, NULL, NULL },
	{ "rec-unknown-aid", I, "REQ-STM-010 REQ-GEN-004", "a record for another association: dropped, the association lives on",
	  c_record, NULL, 0, 's', 0, 0, NULL, NULL },
	{ "rec-truncated", I, "REQ-ENC-001 REQ-STM-057 REQ-GEN-011", "a record one octet short",
	  c_record, NULL, 0, 'a', MSA_DIAG_DECODE_ERROR, 1, NULL, NULL },
	{ "rec-not-der", I, "REQ-ENC-003 REQ-STM-057 REQ-GEN-011", "a record whose length is not minimal",
	  c_record, NULL, 0, 'a', MSA_DIAG_DECODE_ERROR, 1, NULL, NULL },
	{ "rec-oversize", I, "REQ-GEN-009 REQ-GEN-011 REQ-ENC-010", "a record header announcing more than MSA_MAX_PDU",
	  c_record, NULL, 0, 'a', MSA_DIAG_TOO_LARGE, 1, NULL, NULL },
	{ "rec-body-undecodable", I, "REQ-ENC-020 REQ-STM-053", "a keyUpdate record whose body is no KeyUpdate",
	  c_control, NULL, 0, 'a', MSA_DIAG_DECODE_ERROR, 0, NULL, NULL },
	{ "ren-ratchet", I, "REQ-KR-004 REQ-KR-005 REQ-STM-063", "a ratchet asking the IUT to update too: data flows both ways after it",
	  c_renewal, NULL, 0, 0, 0, 0, NULL, NULL },
	{ "ren-rekey", I, "REQ-KR-010 REQ-KR-011 REQ-STM-065", "a fresh rekey: data flows both ways after it",
	  c_renewal, NULL, 0, 0, 0, 0, NULL, NULL },
	{ "ren-rekeyresponse-unsolicited", I, "REQ-STM-069", "a rekeyResponse nobody asked for",
	  c_control, NULL, 0, 'a', MSA_DIAG_RENEWAL_ERROR, 0, NULL, NULL },
	{ "ren-keyupdate-replayed", I, "REQ-DT-011 REQ-STM-050 REQ-KR-004", "a KeyUpdate sent twice",
	  c_control, NULL, 0, 'a', MSA_DIAG_BAD_SEQUENCE, 0, NULL, NULL },
	{ "rel-response-unsolicited", I, "REQ-STM-071", "a releaseResponse in ESTABLISHED",
	  c_control, NULL, 0, 'a', MSA_DIAG_UNEXPECTED_PDU, 0, NULL, NULL },
	{ "rel-data-after-release", I, "REQ-TRM-008 REQ-STM-012 REQ-STM-086", "a record after the confirmed release: neither delivered nor answered",
	  c_end, NULL, 0, 0, 0, 0, NULL, NULL },
	{ "abort-then-data", I, "REQ-TRM-010 REQ-TRM-012 REQ-STM-052 REQ-STM-012", "an Abort, then a record: never answered, nothing delivered",
	  c_end, NULL, 0, 0, 0, 0, NULL, NULL },

	/* the tester responds: the IUT is an initiator */
	{ "hs-resp-version", R, "REQ-HS-029 REQ-HS-030 REQ-STM-031", "HandshakeResp version 2",
	  c_handshake, m_resp_version, RESP, 'r', MSA_DIAG_PROTOCOL_VERSION, 0, NULL, NULL },
	{ "hs-resp-suite-not-offered", R, "REQ-HS-032 REQ-HS-080", "a suite the initiator did not offer (downgrade)",
	  c_handshake, m_resp_suite, RESP, 'r', MSA_DIAG_ILLEGAL_PARAMETER, 0, NULL, NULL },
	{ "hs-resp-bad-key-share", R, "REQ-HS-034 REQ-CRY-001 REQ-CRY-002", "the responder's key share invalid for its group",
	  c_handshake, m_resp_share, RESP, 'r', MSA_DIAG_BAD_KEY_SHARE, 0, NULL, NULL },
	{ "hs-resp-own-ref-known", R, "REQ-HS-036", "ownRefKnown TRUE without an ownCertRef",
	  c_handshake, m_ownrefknown, RESP, 'r', MSA_DIAG_ILLEGAL_PARAMETER, 0, NULL, NULL },
	{ "hs-resp-bad-signature", R, "REQ-HS-038 REQ-STM-031", "HandshakeResp signature altered",
	  c_handshake, m_sig, RESP, 'r', MSA_DIAG_BAD_SIGNATURE, 0, NULL, NULL },
	{ "hs-resp-bad-mac", R, "REQ-HS-039 REQ-STM-031", "HandshakeResp MAC altered",
	  c_handshake, m_mac, RESP, 'r', MSA_DIAG_BAD_MAC, 0, NULL, NULL },
	{ "hs-resp-truncated", R, "REQ-ENC-001 REQ-STM-034 REQ-GEN-011", "HandshakeResp one octet short: nothing can be sent",
	  c_handshake, m_truncate, RESP, 's', 0, 1, NULL, NULL },
	{ "rec-replayed", R, "REQ-DT-012 REQ-STM-050", "a record sent twice (the IUT in RELEASE_SENT)",
	  c_record, NULL, 0, 'a', MSA_DIAG_BAD_SEQUENCE, 0, NULL, NULL },
	{ "rec-skipped", R, "REQ-DT-012 REQ-STM-050", "a sequence number skipped (the IUT in RELEASE_SENT)",
	  c_record, NULL, 0, 'a', MSA_DIAG_BAD_SEQUENCE, 0, NULL, NULL },
	{ "rec-bad-tag", R, "REQ-DT-014 REQ-STM-050", "a record's tag altered (the IUT in RELEASE_SENT)",
	  c_record, NULL, 0, 'a', MSA_DIAG_BAD_RECORD, 0, NULL, NULL },
	{ "rec-truncated", R, "REQ-ENC-001 REQ-STM-057 REQ-GEN-011", "a record one octet short (the IUT in RELEASE_SENT)",
	  c_record, NULL, 0, 'a', MSA_DIAG_DECODE_ERROR, 1, NULL, NULL },
	{ "ren-rekeyresponse-unsolicited", R, "REQ-STM-083", "a rekeyResponse in RELEASE_SENT",
	  c_control, NULL, 0, 'a', MSA_DIAG_RENEWAL_ERROR, 0, NULL, NULL },
	{ "hs-resp-wrong-identity", R, "REQ-HS-037 REQ-HS-085", "the responder's certificate names another AE",
	  c_handshake, NULL, 0, 'r', MSA_DIAG_BAD_IDENTITY, 0, "bad-identity", NULL },
	{ "hs-resp-expired", R, "REQ-HS-037 REQ-CRT-020", "the responder's certificate has expired",
	  c_handshake, NULL, 0, 'r', MSA_DIAG_CERTIFICATE_EXPIRED, 0, "bad-expired", NULL },
	{ "hs-resp-untrusted", R, "REQ-HS-037 REQ-CRT-013", "the responder's chain ends at no trust anchor",
	  c_handshake, NULL, 0, 'r', MSA_DIAG_UNKNOWN_CA, 0, "bad-untrusted", NULL },
};

#undef I
#undef R

/* ------------------------------------------------------------ liveness */

/* A clean association: handshake, one message echoed (tester initiator),
 * confirmed release. */
static int
alive(char **why)
{
	sess *s = &S[0];
	int r = -1;

	*why = NULL;
	if (s_open(s, &G.id.cfg) != 0) {
		*why = fmt("cannot connect: %s", strerror(errno));
		return -1;
	}
	if (s_handshake(s) != 0)
		*why = fmt("handshake: %s", seen(s));
	else if (G.tester_role == MSA_ROLE_INITIATOR && s_echo(s, "alive?") != 0)
		*why = fmt("echo: %s", seen(s));
	else if (G.tester_role == MSA_ROLE_INITIATOR
		&& (msa_assoc_release(&s->a, MSA_REASON_NORMAL, cli_now(), &s->io) != MSA_OK
			|| s_emit(s) != 0))
		*why = fmt("release");
	else if (!s_until(s, d_closed, G.timeout_ms) || !s->closed_ok)
		*why = fmt("release: %s", seen(s));
	else
		r = 0;
	s_close(s);
	return r;
}

static outcome
run_case(const conf_case *c)
{
	sess *s = &S[0];
	const msa_config *cfg = &G.id.cfg;
	outcome o;
	char *why;

	if (c->cred != NULL && G.pki == NULL)
		return bad(V_NONE, fmt("needs --pki"));
	if (c->cred != NULL || c->peer_id != NULL) {
		if (load_alt(c->cred, c->peer_id) != 0)
			return bad(V_ERROR, fmt("cannot load the credential %s", c->cred ? c->cred : G.o.cert));
		cfg = &alt.cfg;
	}
	if (alive(&why) != 0)
		return bad(V_INCONC, fmt("the IUT was not alive before the case: %s", why));
	free(why);
	if (s_open(s, cfg) != 0)
		return bad(V_INCONC, fmt("cannot connect: %s", strerror(errno)));
	o = c->run(c, s);
	s_close(s);
	if (o.v == V_PASS && alive(&why) != 0)
		o = bad(V_FAIL, fmt("the IUT was not alive after the case: %s", why));
	return o;
}

/* ------------------------------------------------------------ main */

static const char *
reqs_of(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (strcmp(cases[i].id, id) == 0)
			return cases[i].reqs;
	return NULL;
}

static int
write_json(const char *path, const results *rs, size_t passed, size_t failed)
{
	FILE *f = fopen(path, "w");
	vbuf b = { 0 };
	size_t i;

	if (f == NULL)
		return -1;
	vb_puts(&b, "{\"tool\":\"msa conform\",\"peer\":");
	vb_str(&b, G.peer, strlen(G.peer));
	vb_printf(&b, ",\"role\":\"%s\",\"passed\":%zu,\"failed\":%zu,\"results\":[",
		G.tester_role == MSA_ROLE_INITIATOR ? "initiator" : "responder", passed, failed);
	for (i = 0; i < rs->n; i++) {
		const vresult *r = &rs->r[i];
		vb_puts(&b, i ? ",\n" : "\n");
		vb_puts(&b, "{\"id\":");
		vb_str(&b, r->id, strlen(r->id));
		vb_puts(&b, ",\"role\":");
		vb_str(&b, r->file, strlen(r->file));
		vb_puts(&b, ",\"reqs\":[");
		{
			const char *q = reqs_of(r->id);
			int k = 0;
			while (q != NULL && *q != '\0') {
				size_t l = strcspn(q, " ");
				vb_puts(&b, k++ ? "," : "");
				vb_str(&b, q, l);
				q += l + (q[l] == ' ');
			}
		}
		vb_puts(&b, "]");
		vb_printf(&b, ",\"verdict\":\"%s\",\"reason\":", vname[r->v]);
		if (r->reason != NULL)
			vb_str(&b, r->reason, strlen(r->reason));
		else
			vb_puts(&b, "null");
		vb_puts(&b, "}");
	}
	vb_puts(&b, "\n]}\n");
	fputs(b.p, f);
	vb_free(&b);
	return fclose(f) == 0 ? 0 : -1;
}

static int
matches(const char *id, const char *const *filters, size_t nf)
{
	size_t i;

	for (i = 0; i < nf; i++)
		if (fnmatch(filters[i], id, 0) == 0)
			return 1;
	return nf == 0;
}

int
msa_cmd_conform(int argc, char **argv)
{
	const char *filters[32], *json = NULL, *junit = NULL, *role = NULL;
	size_t nf = 0, i, count[5] = { 0 }, passed, failed;
	results rs = { 0 };
	int list = 0, a, r;

	memset(&G, 0, sizeof G);
	G.timeout_ms = 5000;
	G.quiet_ms = 300;
	G.lfd = -1;
	for (a = 1; a < argc; a++) {
		const char *v = a + 1 < argc ? argv[a + 1] : NULL;
		if (strcmp(argv[a], "--help") == 0) {
			fputs(use, stdout);
			return CLI_OK;
		}
		r = cli_peer_opt(&G.o, argc, argv, &a);
		if (r < 0)
			return cli_usage_error(use, "bad value for %s", argv[a]);
		if (r > 0)
			continue;
		if (strcmp(argv[a], "--list") == 0) {
			list = 1;
			continue;
		}
		if (v == NULL)
			return cli_usage_error(use, "unknown option or missing value: %s", argv[a]);
		if (strcmp(argv[a], "--peer") == 0) G.peer = v;
		else if (strcmp(argv[a], "--role") == 0) role = v;
		else if (strcmp(argv[a], "--pki") == 0) G.pki = v;
		else if (strcmp(argv[a], "--trigger") == 0) G.trigger = v;
		else if (strcmp(argv[a], "--json") == 0) json = v;
		else if (strcmp(argv[a], "--junit") == 0) junit = v;
		else if (strcmp(argv[a], "--timeout") == 0) G.timeout_ms = atoi(v);
		else if (strcmp(argv[a], "--quiet-ms") == 0) G.quiet_ms = atoi(v);
		else if (strcmp(argv[a], "--filter") == 0 && nf < sizeof filters / sizeof filters[0]) filters[nf++] = v;
		else
			return cli_usage_error(use, "unknown option: %s", argv[a]);
		a++;
	}
	if (role == NULL || (strcmp(role, "initiator") != 0 && strcmp(role, "responder") != 0))
		return cli_usage_error(use, "--role initiator|responder is required");
	G.tester_role = strcmp(role, "initiator") == 0 ? MSA_ROLE_INITIATOR : MSA_ROLE_RESPONDER;
	if (list) {
		for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
			if (cases[i].role == G.tester_role && matches(cases[i].id, filters, nf))
				printf("%-32s %-40s %s\n", cases[i].id, cases[i].reqs, cases[i].what);
		return CLI_OK;
	}
	if (G.peer == NULL || G.o.cert == NULL || G.o.key == NULL || G.o.ca == NULL
		|| G.o.n_peer_ids != 1 || G.timeout_ms <= 0 || G.quiet_ms <= 0)
		return cli_usage_error(use, "--peer, --cert, --key, --ca and one --peer-id are required");
	if ((r = cli_ident_load(&G.id, &G.o, G.tester_role)) != CLI_OK)
		return r;
	signal(SIGPIPE, SIG_IGN);
	if (G.tester_role == MSA_ROLE_RESPONDER && (G.lfd = cli_listen(G.peer)) < 0)
		return cli_error("IO", "cannot listen on %s: %s", G.peer, strerror(errno));
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const conf_case *c = &cases[i];
		outcome o;
		if (c->role != G.tester_role || !matches(c->id, filters, nf))
			continue;
		o = run_case(c);
		add_result(&rs, c->id, G.tester_role == MSA_ROLE_INITIATOR ? "tester initiator"
			: "tester responder", strncmp(c->id, "hs-", 3) == 0 ? "handshake" : "association",
			o.v, o.why);
		count[o.v]++;
		printf("conform: %-6s %-32s %s%s%s\n", vname[o.v], c->id, c->what,
			o.why ? ": " : "", o.why ? o.why : "");
		fflush(stdout);
	}
	reap(1);
	if (G.lfd >= 0)
		close(G.lfd);
	passed = count[V_PASS];
	failed = count[V_FAIL] + count[V_ERROR];
	if (json != NULL && write_json(json, &rs, passed, failed) != 0)
		return cli_error("IO", "cannot write %s", json);
	if (junit != NULL && write_junit(junit, &rs, "msa conform", "conform") != 0)
		return cli_error("IO", "cannot write %s", junit);
	printf("conform: %zu cases: pass %zu, fail %zu, none %zu, inconc %zu, error %zu\n",
		rs.n, count[V_PASS], count[V_FAIL], count[V_NONE], count[V_INCONC], count[V_ERROR]);
	printf("%zu passed, %zu failed\n", passed, failed + count[V_INCONC]);
	return failed + count[V_INCONC] == 0 ? CLI_OK : CLI_FAIL;
}
