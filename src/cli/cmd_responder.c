/*
 * cmd_responder.c -- `msa responder`: accepts initiators over TCP, many at
 * once (one poll loop, associations from a fixed pool, routed by their
 * ids: several may share one connection), delivers their data to stdout or
 * echoes it back.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "cli.h"
#include "peer.h"
#include "vectors_io.h"

static const char use[] =
	"usage: msa responder --listen HOST:PORT --cert FILE --key FILE --ca FILE\n"
	"                     [--peer-id ID ...] [--echo] [--max-assocs N] [--suite NAME ...]\n"
	"                     [--integrity-only] [--trace] [--exit-after N]\n"
	"                     [--renew-records N] [--renew-bytes N] [--renew-seconds N]\n"
	"                     [--renew-kind ratchet|rekey]\n"
	"  Accepts associations from initiators (one event loop). --cert: own\n"
	"  certificate chain (PEM or DER, end entity first); --key: its private key;\n"
	"  --ca: trust anchors (PEM, one or more). --peer-id: an accepted initiator\n"
	"  AE name (none: any initiator with a valid certificate). Without --echo,\n"
	"  received messages are written to stdout; with --echo each one is sent\n"
	"  back. --max-assocs: size of the association pool (default 64, at most\n"
	"  1024). --exit-after N: exit after N associations have ended (0 when all\n"
	"  were released, 1 otherwise). --trace: a line per PDU and event on stderr.\n";

#define MAX_POOL  1024u
#define MAX_CONNS 1024u

typedef struct {
	int used, conn;
	msa_assoc a;
	msa_hs_workspace ws;
	msa_key_cache kc;           /* odd slots: expanded keys kept (issue 8) */
} slot;

typedef struct {
	int used;
	cli_conn c;
} conn_t;

static slot *pool;
static conn_t *conns;
static size_t npool = 64;
static cli_ident id;
static int echo, trace;
static long exit_after = -1, ended, failed;
static int listen_fd = -1;
static uint8_t outb[MSA_OUT_CAP], datab[MSA_MAX_DATA];
static unsigned char arena_buf[MSA_ARENA_PDU_SIZE];
static msa_arena arena;
static unsigned long dropped[128];

static msa_io io = { .out = outb, .out_cap = sizeof outb, .data = datab, .data_cap = sizeof datab };

static void
close_conn(size_t ci)
{
	size_t i;
	conn_t *c = &conns[ci];

	if (!c->used)
		return;
	(void)cli_conn_flush(&c->c);
	close(c->c.fd);
	free(c->c.wbuf);
	c->used = 0;
	/* REQ-GEN-011: associations on a dead transport end */
	for (i = 0; i < npool; i++)
		if (pool[i].used && pool[i].conn == (int)ci) {
			int st = msa_assoc_state(&pool[i].a);
			if (st != MSA_ST_CLOSED && st != MSA_ST_ABORTED) {
				(void)msa_assoc_abort(&pool[i].a, MSA_DIAG_USER_ABORT, cli_now(), &io);
				failed++;
				ended++;
			}
			pool[i].used = 0;
		}
}

/* After a call on slot s: send, deliver, report, free when ended. */
static void
after(size_t si, int r)
{
	slot *s = &pool[si];
	conn_t *c = &conns[s->conn];
	uint8_t own[4], peer[4];

	if (trace && io.out_len)
		cli_trace_out(stderr, "responder", &io);
	if (io.out_len && cli_conn_queue(&c->c, io.out, io.out_len) != 0)
		fprintf(stderr, "responder: output buffer full, PDUs lost\n");
	msa_assoc_ids(&s->a, own, peer);
	if (io.events & MSA_EV_DROPPED) {
		dropped[-io.err & 127]++;
		if (trace)
			fprintf(stderr, "responder dropped a PDU: %s\n", msa_err_name(io.err));
	}
	if (trace && (io.events & MSA_EV_ESTABLISHED)) {
		fprintf(stderr, "responder association %02x%02x%02x%02x ESTABLISHED with '", own[0], own[1], own[2], own[3]);
		cli_print_untrusted(stderr, (const char *)io.peer_id, io.peer_id_len);
		fprintf(stderr, "' suite %04x\n", msa_assoc_suite(&s->a));
	}
	if (io.events & MSA_EV_DATA) {
		if (echo) {
			size_t n = io.data_len;
			static uint8_t copy[MSA_MAX_DATA];
			if (cli_bytes_in(copy, sizeof copy, io.data_at, (long)n) != 0)
				n = 0;           /* never: the engine delivers at most MSA_MAX_DATA */
			r = msa_assoc_send(&s->a, copy, n, cli_now(), &io);
			after(si, r);
			return;
		}
		fwrite(io.data_at, 1, io.data_len, stdout);
		fflush(stdout);
	}
	if (io.events & MSA_EV_RELEASE_REQ) {
		/* everything we had to send is queued before the response */
		r = msa_assoc_release(&s->a, MSA_REASON_NORMAL, cli_now(), &io);
		after(si, r);
		return;
	}
	if (io.events & (MSA_EV_CLOSED | MSA_EV_ABORTED)) {
		int clean = (io.events & MSA_EV_CLOSED) && r == MSA_OK;
		if (!clean) {
			failed++;
			fprintf(stderr, "error: %s association %02x%02x%02x%02x ended", msa_err_name(r),
				own[0], own[1], own[2], own[3]);
			if (io.events & MSA_EV_PEER_ENDED) {
				fprintf(stderr, " by the peer: %s '", msa_diag_name(io.peer_diag));
				cli_print_untrusted(stderr, io.peer_detail, strlen(io.peer_detail));
				fprintf(stderr, "'");
			}
			fputc('\n', stderr);
		} else if (trace) {
			fprintf(stderr, "responder association %02x%02x%02x%02x CLOSED\n",
				own[0], own[1], own[2], own[3]);
		}
		s->used = 0;
		ended++;
	}
}

static int
new_aid(uint8_t aid[4])
{
	size_t i;
	uint8_t own[4], peer[4];

	for (;;) {
		if (msa_drbg_generate(&id.rng, aid, 4) != MSA_OK)
			return -1;
		if ((aid[0] | aid[1] | aid[2] | aid[3]) == 0)
			continue;
		for (i = 0; i < npool; i++) {
			if (!pool[i].used)
				continue;
			msa_assoc_ids(&pool[i].a, own, peer);
			if (memcmp(own, aid, 4) == 0)
				break;
		}
		if (i == npool)
			return 0;
	}
}

/* A decoding error on a stream makes it unusable (REQ-GEN-011). */
static int
stream_broken(int r)
{
	int d = msa_diag_of(r);

	return id.cfg.mode == MSA_MODE_STREAM && r < 0
		&& (d == MSA_DIAG_DECODE_ERROR || d == MSA_DIAG_TOO_LARGE);
}

/* PDU pdu[0..len) (at the start of connection ci's receive buffer, ours to
 * overwrite) to association i: half the pool receives in place
 * (msa_assoc_recv_inplace), across the key-cache half, so that the soak
 * runs every combination. */
static int
recv_one(size_t i, size_t ci, const uint8_t *pdu, size_t len)
{
	uint8_t *w = conns[ci].c.rbuf;

	if ((i & 2u) && w == pdu)
		return msa_assoc_recv_inplace(&pool[i].a, &arena, w, len, cli_now(), &io);
	return msa_assoc_recv(&pool[i].a, &arena, pdu, len, cli_now(), &io);
}

/* One PDU from connection ci. Returns 0, or a decoding error when the
 * connection must close (REQ-GEN-011). */
static int
on_pdu(size_t ci, const uint8_t *pdu, size_t len)
{
	unsigned kind;
	uint8_t dest[4], src[4], own[4], peer[4], rej[256];
	size_t i;
	int r;

	r = msa_pdu_peek(pdu, len, &kind, dest, src);
	if (r != MSA_OK)
		return stream_broken(r) ? r : MSA_ERR_DER_TRUNCATED; /* REQ-GEN-011 */
	if (kind == MSA_PDU_INIT) {
		for (i = 0; i < npool && pool[i].used; i++)
			;
		if (i == npool) {                                  /* REQ-HS-019 */
			int n = msa_reject_encode(rej, sizeof rej, src, MSA_DIAG_RESOURCE_EXHAUSTED,
				"RESOURCE_EXHAUSTED");
			if (n > 0)
				(void)cli_conn_queue(&conns[ci].c, rej, (size_t)n);
			fprintf(stderr, "error: RESOURCE_EXHAUSTED no free association (--max-assocs %zu)\n", npool);
			return 0;
		}
		if (new_aid(own) != 0)
			return -1;
		pool[i].used = 1;
		pool[i].conn = (int)ci;
		msa_assoc_init_responder(&pool[i].a, &id.cfg, &pool[i].ws, own);
		if (i & 1u)        /* half the pool with a key cache: both paths run */
			(void)msa_assoc_set_key_cache(&pool[i].a, &pool[i].kc);
		r = recv_one(i, ci, pdu, len);
		after(i, r);
		return stream_broken(r) ? r : 0;
	}
	for (i = 0; i < npool; i++) {
		if (!pool[i].used || pool[i].conn != (int)ci)
			continue;
		msa_assoc_ids(&pool[i].a, own, peer);
		if (memcmp(own, dest, 4) == 0) {
			r = recv_one(i, ci, pdu, len);
			after(i, r);
			return stream_broken(r) ? r : 0;
		}
	}
	dropped[-MSA_ERR_UNKNOWN_ASSOC & 127]++;                  /* REQ-GEN-004 */
	if (trace)
		fprintf(stderr, "responder dropped a PDU: UNKNOWN_ASSOC\n");
	return 0;
}

int
msa_cmd_responder(int argc, char **argv)
{
	cli_peer_opts o;
	const char *listen_at = NULL;
	struct pollfd *pf;
	size_t *pmap;
	int lfd, i, r;

	memset(&o, 0, sizeof o);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(use, stdout);
			return CLI_OK;
		}
		r = cli_peer_opt(&o, argc, argv, &i);
		if (r < 0)
			return cli_usage_error(use, "bad or missing value for %s", argv[i]);
		if (r == 1)
			continue;
		if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc)
			listen_at = argv[++i];
		else if (strcmp(argv[i], "--listen-fd") == 0 && i + 1 < argc)
			listen_fd = atoi(argv[++i]);
		else if (strcmp(argv[i], "--echo") == 0)
			echo = 1;
		else if (strcmp(argv[i], "--max-assocs") == 0 && i + 1 < argc)
			npool = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--exit-after") == 0 && i + 1 < argc)
			exit_after = strtol(argv[++i], NULL, 10);
		else
			return cli_usage_error(use, "unknown option '%s'", argv[i]);
	}
	if (listen_fd >= 0)
		listen_at = "(inherited socket)";
	if (listen_at == NULL || o.cert == NULL || o.key == NULL || o.ca == NULL)
		return cli_usage_error(use, "--listen, --cert, --key and --ca are required");
	if (npool == 0 || npool > MAX_POOL)
		return cli_usage_error(use, "--max-assocs must be 1..%u", MAX_POOL);
	trace = o.trace;
	if ((r = cli_ident_load(&id, &o, MSA_ROLE_RESPONDER)) != CLI_OK)
		return r == CLI_USAGE ? cli_usage_error(use, "missing option") : r;
	signal(SIGPIPE, SIG_IGN);
	pool = calloc(npool, sizeof *pool);
	conns = calloc(MAX_CONNS, sizeof *conns);
	pf = calloc(MAX_CONNS + 1, sizeof *pf);
	pmap = calloc(MAX_CONNS + 1, sizeof *pmap);
	if (pool == NULL || conns == NULL || pf == NULL || pmap == NULL)
		return cli_error("INTERNAL", "out of memory");
	msa_arena_init(&arena, arena_buf, sizeof arena_buf);
	if ((lfd = listen_fd >= 0 ? listen_fd : cli_listen(listen_at)) < 0)
		return cli_error("BAD_ARGUMENT", "cannot listen on %s: %s", listen_at, strerror(errno));
	if (trace)
		fprintf(stderr, "responder '%.*s' listening on %s\n", (int)id.cfg.own_id_len,
			(const char *)id.cfg.own_id, listen_at);
	for (;;) {
		size_t n = 0, ci;
		if (exit_after >= 0 && ended >= exit_after)
			break;
		pf[n].fd = lfd;
		pf[n].events = POLLIN;
		pmap[n++] = MAX_CONNS;
		for (ci = 0; ci < MAX_CONNS; ci++)
			if (conns[ci].used) {
				pf[n].fd = conns[ci].c.fd;
				pf[n].events = POLLIN | (conns[ci].c.wlen > conns[ci].c.woff ? POLLOUT : 0);
				pmap[n++] = ci;
			}
		if (poll(pf, n, 1000) < 0 && errno != EINTR)
			return cli_error("INTERNAL", "poll: %s", strerror(errno));
		for (ci = 0; ci < npool; ci++)          /* timers */
			if (pool[ci].used) {
				r = msa_assoc_tick(&pool[ci].a, cli_now(), &io);
				if (io.events || io.out_len)
					after(ci, r);
			}
		for (i = 0; i < (int)n; i++) {
			if (pf[i].revents == 0)
				continue;
			if (pmap[i] == MAX_CONNS) {
				int fd = accept(lfd, NULL, NULL);
				for (ci = 0; fd >= 0 && ci < MAX_CONNS && conns[ci].used; ci++)
					;
				if (fd < 0)
					continue;
				if (ci == MAX_CONNS || cli_nonblock(fd) != 0) {
					close(fd);
					continue;
				}
				memset(&conns[ci], 0, sizeof conns[ci]);
				conns[ci].used = 1;
				conns[ci].c.fd = fd;
				conns[ci].c.wbuf = malloc(CLI_WBUF);
				if (conns[ci].c.wbuf == NULL) {
					close(fd);
					conns[ci].used = 0;
				}
				continue;
			}
			ci = pmap[i];
			if (!conns[ci].used)
				continue;
			if (pf[i].revents & POLLOUT)
				(void)cli_conn_flush(&conns[ci].c);
			if (pf[i].revents & (POLLIN | POLLHUP | POLLERR)) {
				const uint8_t *pdu;
				size_t len, eo;
				int k;
				(void)cli_conn_read(&conns[ci].c);
				while ((k = cli_conn_next(&conns[ci].c, &pdu, &len, &eo)) == 1) {
					k = on_pdu(ci, pdu, len);
					cli_conn_consume(&conns[ci].c, len);
					if (k < 0)
						break;
				}
				if (k < 0) {                       /* REQ-GEN-011 */
					size_t si;
					fprintf(stderr, "error: %s on a connection: it closes\n", msa_err_name(k));
					for (si = 0; si < npool; si++)
						if (pool[si].used && pool[si].conn == (int)ci) {
							r = msa_assoc_transport_error(&pool[si].a, k, cli_now(), &io);
							after(si, r);
						}
					close_conn(ci);
					continue;
				}
				(void)cli_conn_flush(&conns[ci].c);
				if (conns[ci].c.eof)
					close_conn(ci);
			}
		}
	}
	close(lfd);
	return failed == 0 ? CLI_OK : CLI_FAIL;
}
