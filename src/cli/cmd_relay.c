/*
 * cmd_relay.c -- `msa relay`: a transparent stream relay (spec 3.2): each
 * accepted connection is paired with one connection to the next hop, and
 * every PDU is forwarded unchanged in both directions, framed by its outer
 * TLV (REQ-REL-001..004). It holds no keys. For tests it can inject faults
 * per PDU: drop, corrupt one octet, truncate, duplicate, delay.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli.h"
#include "peer.h"
#include "vectors_io.h"

static const char use[] =
	"usage: msa relay --listen HOST:PORT --connect HOST:PORT [--drop P] [--corrupt P]\n"
	"                 [--truncate P] [--duplicate P] [--delay MS] [--seed N] [--trace]\n"
	"                 [--exit-after N]\n"
	"  Forwards every PDU between each accepted connection and a connection to\n"
	"  --connect, unchanged, without any key. Fault injection, for tests: each\n"
	"  PDU is dropped, has one octet of its contents flipped, is cut short, or\n"
	"  is sent twice with probability P (0..1, default 0); --delay holds each\n"
	"  PDU MS milliseconds. --seed fixes the random choices. A framing error\n"
	"  (bad header, PDU over the maximum) closes both connections\n"
	"  (REQ-REL-003). --exit-after N: exit after N connection pairs closed.\n"
	"  At exit (and with --trace, per PDU) it reports what it did on stderr.\n";

#define MAX_PAIRS 512u
#define DQ (1u << 20)

typedef struct {
	cli_conn c;
	uint8_t *dq;                /* with --delay: DQ octets of delayed PDUs,
	                               [u64 due_ms][u32 len][bytes]... */
	size_t dlen;
} side;

typedef struct {
	int used;
	side s[2];                  /* 0: towards the client, 1: towards the next hop */
} pairing;

static pairing *pairs;
static double p_drop, p_corrupt, p_trunc, p_dup;
static unsigned long delay_ms, exit_after = 0, closed_pairs;
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static int trace, exit_set, listen_fd = -1;
static unsigned long n_fwd, n_drop, n_corrupt, n_trunc, n_dup, n_bytes;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int
chance(double p)
{
	return p > 0 && (double)(rnd() >> 11) / 9007199254740992.0 < p;
}

static uint64_t
now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (uint64_t)tv.tv_sec * 1000u + (uint64_t)tv.tv_usec / 1000u;
}

static void release_due(side *s, int all);

static void
close_pair(size_t i)
{
	int k;

	for (k = 0; k < 2; k++) {
		/* what is still delayed goes out before the close (no PDU of a
		 * closing pair is lost by the relay itself) */
		release_due(&pairs[i].s[k], 1);
		(void)cli_conn_drain(&pairs[i].s[k].c);
		close(pairs[i].s[k].c.fd);
		free(pairs[i].s[k].c.wbuf);
		free(pairs[i].s[k].dq);
	}
	pairs[i].used = 0;
	closed_pairs++;
}

/* Queues one PDU towards `to`, possibly delayed (the queue of delayed PDUs
 * is iobuf.c's, proved: cli_dq_put, cli_dq_front, cli_buf_drop). */
static int
out(side *to, const uint8_t *p, size_t n)
{
	if (delay_ms == 0)
		return cli_conn_queue(&to->c, p, n);
	return cli_dq_put(to->dq, DQ, &to->dlen, now_ms() + delay_ms, p, n);
}

static void
release_due(side *s, int all)
{
	uint64_t due, t = now_ms();
	size_t l;

	while (cli_dq_front(s->dq, s->dlen, &due, &l) == 1) {
		if ((due > t && !all) || cli_conn_queue(&s->c, s->dq + CLI_DQ_HDR, l) != 0)
			break;
		s->dlen = cli_buf_drop(s->dq, s->dlen, CLI_DQ_HDR + l);
	}
}

/* Forwards one PDU from side `from` of pair i to the other side. */
static int
forward(size_t i, int from, const uint8_t *pdu, size_t len)
{
	static uint8_t tmp[MSA_MAX_PDU];
	side *to = &pairs[i].s[1 - from];
	size_t n = len;

	if (trace)
		cli_trace_pdu(stderr, from ? "relay <-" : "relay ->", "  ", pdu, len);
	if (chance(p_drop)) {
		n_drop++;
		return 0;
	}
	/* the received PDU into tmp (vectors_io.c's proved bounded copy) */
	if (cli_bytes_in(tmp, sizeof tmp, pdu, (long)len) != 0)
		return -1;
	if (chance(p_corrupt) && len > 2) {
		tmp[2 + (size_t)(rnd() % (len - 2))] ^= (uint8_t)(1u + rnd() % 255u);
		n_corrupt++;
	}
	if (chance(p_trunc) && len > 1) {
		n = 1 + (size_t)(rnd() % (len - 1));
		n_trunc++;
	}
	if (out(to, tmp, n) != 0)
		return -1;
	if (chance(p_dup)) {
		n_dup++;
		if (out(to, tmp, n) != 0)
			return -1;
	}
	n_fwd++;
	n_bytes += n;
	return 0;
}

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;                      /* the loop ends and prints its summary */
}

static int
prob(const char *s, double *p)
{
	char *end;

	*p = strtod(s, &end);
	return *end == 0 && *p >= 0 && *p <= 1;
}

int
msa_cmd_relay(int argc, char **argv)
{
	const char *listen_at = NULL, *next = NULL;
	struct pollfd *pf;
	size_t *pmap;
	int lfd, i;

	for (i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--help") == 0) {
			fputs(use, stdout);
			return CLI_OK;
		}
		if (strcmp(argv[i], "--trace") == 0) {
			trace = 1;
			continue;
		}
		if (v == NULL)
			return cli_usage_error(use, "unknown option or missing value '%s'", argv[i]);
		i++;
		if (strcmp(argv[i - 1], "--listen") == 0)
			listen_at = v;
		else if (strcmp(argv[i - 1], "--listen-fd") == 0)
			listen_fd = atoi(v);
		else if (strcmp(argv[i - 1], "--connect") == 0)
			next = v;
		else if (strcmp(argv[i - 1], "--drop") == 0 && prob(v, &p_drop))
			;
		else if (strcmp(argv[i - 1], "--corrupt") == 0 && prob(v, &p_corrupt))
			;
		else if (strcmp(argv[i - 1], "--truncate") == 0 && prob(v, &p_trunc))
			;
		else if (strcmp(argv[i - 1], "--duplicate") == 0 && prob(v, &p_dup))
			;
		else if (strcmp(argv[i - 1], "--delay") == 0)
			delay_ms = strtoul(v, NULL, 10);
		else if (strcmp(argv[i - 1], "--seed") == 0)
			rng_state = strtoull(v, NULL, 10) * 0x9E3779B97F4A7C15ull + 1u;
		else if (strcmp(argv[i - 1], "--exit-after") == 0) {
			exit_after = strtoul(v, NULL, 10);
			exit_set = 1;
		} else
			return cli_usage_error(use, "bad option or value '%s %s'", argv[i - 1], v);
	}
	if (listen_fd >= 0)
		listen_at = "(inherited socket)";
	if (listen_at == NULL || next == NULL)
		return cli_usage_error(use, "--listen and --connect are required");
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	pairs = calloc(MAX_PAIRS, sizeof *pairs);
	pf = calloc(2 * MAX_PAIRS + 1, sizeof *pf);
	pmap = calloc(2 * MAX_PAIRS + 1, sizeof *pmap);
	if (pairs == NULL || pf == NULL || pmap == NULL)
		return cli_error("INTERNAL", "out of memory");
	if ((lfd = listen_fd >= 0 ? listen_fd : cli_listen(listen_at)) < 0)
		return cli_error("BAD_ARGUMENT", "cannot listen on %s: %s", listen_at, strerror(errno));
	while ((!exit_set || closed_pairs < exit_after) && !stop) {
		size_t n = 0, pi;
		int k;
		pf[n].fd = lfd;
		pf[n].events = POLLIN;
		pmap[n++] = (size_t)-1;
		for (pi = 0; pi < MAX_PAIRS; pi++)
			if (pairs[pi].used)
				for (k = 0; k < 2; k++) {
					side *s = &pairs[pi].s[k];
					release_due(s, 0);
					pf[n].fd = s->c.fd;
					pf[n].events = POLLIN | (s->c.wlen > s->c.woff ? POLLOUT : 0);
					pmap[n++] = pi * 2u + (size_t)k;
				}
		if (poll(pf, n, delay_ms ? 5 : 1000) < 0 && errno != EINTR)
			return cli_error("INTERNAL", "poll: %s", strerror(errno));
		for (i = 0; i < (int)n; i++) {
			const uint8_t *pdu;
			size_t len, eo;
			side *s;
			if (pf[i].revents == 0)
				continue;
			if (pmap[i] == (size_t)-1) {
				int fd = accept(lfd, NULL, NULL), nfd;
				if (fd < 0)
					continue;
				for (pi = 0; pi < MAX_PAIRS && pairs[pi].used; pi++)
					;
				nfd = pi < MAX_PAIRS ? cli_connect(next) : -1;
				if (nfd < 0 || cli_nonblock(fd) != 0) {   /* REQ-REL-002 */
					fprintf(stderr, "relay: cannot reach %s: closing\n", next);
					close(fd);
					if (nfd >= 0)
						close(nfd);
					continue;
				}
				memset(&pairs[pi], 0, sizeof pairs[pi]);
				pairs[pi].used = 1;
				pairs[pi].s[0].c.fd = fd;
				pairs[pi].s[1].c.fd = nfd;
				pairs[pi].s[0].c.wbuf = malloc(CLI_WBUF);
				pairs[pi].s[1].c.wbuf = malloc(CLI_WBUF);
				if (delay_ms) {
					pairs[pi].s[0].dq = malloc(DQ);
					pairs[pi].s[1].dq = malloc(DQ);
				}
				continue;
			}
			pi = pmap[i] / 2u;
			k = (int)(pmap[i] % 2u);
			if (!pairs[pi].used)
				continue;
			s = &pairs[pi].s[k];
			if (pf[i].revents & POLLOUT)
				(void)cli_conn_flush(&s->c);
			if (pf[i].revents & (POLLIN | POLLHUP | POLLERR)) {
				int r;
				(void)cli_conn_read(&s->c);
				while ((r = cli_conn_next(&s->c, &pdu, &len, &eo)) == 1) {
					if (forward(pi, k, pdu, len) != 0)
						r = MSA_ERR_BUFFER_TOO_SMALL;
					cli_conn_consume(&s->c, len);
					if (r != 1)
						break;
				}
				(void)cli_conn_flush(&pairs[pi].s[1 - k].c);
				if (r < 0) {                       /* REQ-REL-003 */
					fprintf(stderr, "error: %s relay framing at %zu: closing both sides\n",
						msa_err_name(r), eo);
					close_pair(pi);
					continue;
				}
				if (s->c.eof)                      /* REQ-REL-004 */
					close_pair(pi);
			}
		}
	}
	fprintf(stderr, "relay: forwarded %lu PDUs (%lu octets); dropped %lu, corrupted %lu, "
		"truncated %lu, duplicated %lu\n", n_fwd, n_bytes, n_drop, n_corrupt, n_trunc, n_dup);
	close(lfd);
	return CLI_OK;
}
