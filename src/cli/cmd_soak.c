/*
 * cmd_soak.c -- `msa soak`: the load generator and checker of `make soak`
 * (issue 8). Many initiators in one process, one poll loop, one TCP
 * connection per association (through `msa relay`, which injects faults,
 * to `msa responder --echo`). Each message carries its association, its
 * number, pseudo-random contents derived from both, and a checksum; every
 * echo is checked: right association, the next number (exactly once, in
 * order), checksum and contents. An association released cleanly must
 * have every message back (release without loss, REQ-TRM-004); one that
 * ended otherwise must have ended with a specific diagnostic (its error
 * name, counted by kind). A slot whose association ended by a fault starts
 * a new one (counted as a restart) until one completes.
 * At the end it prints the counts and exits 0 when nothing was lost or
 * delivered wrong and every slot completed, 1 otherwise.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "peer.h"

static const char use[] =
	"usage: msa soak --connect HOST:PORT --cert FILE --key FILE --ca FILE --peer-id ID\n"
	"                [--assocs N] [--messages N] [--window N] [--max-size N]\n"
	"                [--timeout S] [--max-restarts N] [--budget N] [--handshakes N]\n"
	"                [--progress S]\n"
	"                [--renew-records N] [--renew-bytes N] [--renew-seconds N]\n"
	"                [--renew-kind ratchet|rekey] [--suite NAME ...]\n"
	"  Runs --assocs initiators at once (default 100) in one event loop, one\n"
	"  connection each, against an echoing responder (msa responder --echo),\n"
	"  usually through a fault-injecting msa relay. Each association sends\n"
	"  --messages numbered, checksummed messages (default 100) of 32..--max-size\n"
	"  octets (default 1024), at most --window (default 8) unanswered, checks\n"
	"  every echo (exactly once, in order, intact), then releases. An association\n"
	"  ended by a fault is counted by its diagnostic and its slot starts a new one\n"
	"  (at most --max-restarts times, default 20; at most --budget associations\n"
	"  in all, default unlimited); at most --handshakes (default 16) handshakes\n"
	"  are in progress at once. --timeout: an association with\n"
	"  no PDU received for S + 2 seconds (default 10) is aborted (TIMEOUT; the\n"
	"  engine's handshake, renewal and release timers are set to S). Prints the\n"
	"  counts at the end (--progress S: a line every S seconds on stderr); exits 0\n"
	"  when no message was lost or delivered wrong and every slot completed.\n";

/* ------------------------------------------------------------ messages */

/* Message layout (big-endian): "SK", slot u32, serial u32, number u32,
 * contents (14..max_size - 18 octets: the messages are 32..max_size long),
 * FNV-1a 32 checksum of everything before it. */
#define HDR 14u
#define SUM 4u

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t
fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33; x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

static size_t max_size = 1024;

/* The message `num` of association (slot, serial) into buf; its length. */
static size_t
make_msg(uint8_t *buf, uint32_t slot, uint32_t serial, uint32_t num)
{
	uint64_t s = mix(((uint64_t)slot << 40) ^ ((uint64_t)serial << 20) ^ num ^ 0x5eed);
	size_t n = 32u + (size_t)(s % (max_size - 32u + 1u)), i;

	buf[0] = 'S';
	buf[1] = 'K';
	put32(buf + 2, slot);
	put32(buf + 6, serial);
	put32(buf + 10, num);
	for (i = HDR; i < n - SUM; i++) {
		s ^= s << 13; s ^= s >> 7; s ^= s << 17;
		buf[i] = (uint8_t)(s >> 24);
	}
	put32(buf + n - SUM, fnv1a(buf, n - SUM));
	return n;
}

/* ------------------------------------------------------------ counts */

#define MAX_KINDS 64
typedef struct {
	char name[64];
	unsigned long n;
} kind_count;

static kind_count faults[MAX_KINDS], drops[MAX_KINDS];

static void
count_kind(kind_count *k, const char *name)
{
	int i;

	for (i = 0; i < MAX_KINDS - 1 && k[i].name[0] != 0; i++)
		if (strcmp(k[i].name, name) == 0)
			break;
	if (k[i].name[0] == 0)
		snprintf(k[i].name, sizeof k[i].name, "%s", name);
	k[i].n++;
}

static struct {
	unsigned long started, established, clean, faulted, restarts, gave_up, connect_fail;
	unsigned long sent, echoed, lost, wrong, dup, gap, unconfirmed;
	unsigned long send_renew, recv_renew, completed_slots;
} st;

/* ------------------------------------------------------------ slots */

enum { SL_WAIT = 0, SL_RUN, SL_DONE };

typedef struct {
	int state;
	uint32_t serial;            /* associations started by this slot */
	uint32_t sent, echoed;      /* messages of the current association */
	int released;
	uint64_t last_ms, tick_s;   /* last PDU received, last tick */
	unsigned restarts, connect_fails;
	cli_conn c;
	msa_assoc a;
	msa_hs_workspace ws;
	msa_key_cache kc;           /* odd slots: expanded keys kept (issue 8) */
} slot;

static slot *slots;
static size_t nslots = 100;
static uint32_t messages = 100, window = 8;
static unsigned timeout_s = 10, max_restarts = 20;
static unsigned long budget;        /* associations in all, 0: no limit */
static cli_ident id;
static const char *connect_to;
static uint8_t outb[MSA_OUT_CAP], datab[MSA_MAX_DATA], msgb[MSA_MAX_DATA];
static unsigned char arena_buf[MSA_ARENA_PDU_SIZE];
static msa_arena arena;
static msa_io io = { .out = outb, .out_cap = sizeof outb, .data = datab, .data_cap = sizeof datab };

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Ends slot i's association: closes its connection; the slot completes
 * (clean) or waits for a restart. */
static void
end_slot(size_t i, int clean, const char *kind)
{
	slot *s = &slots[i];
	uint8_t own[4], peer[4];

	if (!clean) {
		msa_assoc_ids(&s->a, own, peer);
		fprintf(stderr, "soak: slot %zu association %u (aids %02x%02x%02x%02x/%02x%02x%02x%02x) ended "
			"in %s with %u of %u sent messages back: %s\n", i, s->serial, own[0], own[1], own[2], own[3],
			peer[0], peer[1], peer[2], peer[3], msa_state_name(msa_assoc_state(&s->a)), s->echoed,
			s->sent, kind);
	}

	(void)cli_conn_flush(&s->c);
	close(s->c.fd);
	s->c.fd = -1;
	if (clean) {
		s->state = SL_DONE;
		st.completed_slots++;
		return;
	}
	st.faulted++;
	st.unconfirmed += s->sent - s->echoed;
	if (s->restarts >= max_restarts || (budget && st.started >= budget)) {
		s->state = SL_DONE;
		st.gave_up++;
		return;
	}
	s->restarts++;
	st.restarts++;
	s->state = SL_WAIT;
}

/* Ends slot i by a fault detected outside the engine's results (framing,
 * transport, no progress): aborts the association, counts `kind`. */
static void
fault_slot(size_t i, const char *kind, int diag)
{
	slot *s = &slots[i];

	if (msa_assoc_state(&s->a) != MSA_ST_CLOSED && msa_assoc_state(&s->a) != MSA_ST_ABORTED) {
		(void)msa_assoc_abort(&s->a, diag, cli_now(), &io);
		if (io.out_len)
			(void)cli_conn_queue(&s->c, io.out, io.out_len);
	}
	count_kind(faults, kind);
	end_slot(i, 0, kind);
}

/* Checks one echoed message of slot i. */
static void
check_msg(size_t i, const uint8_t *d, size_t n)
{
	slot *s = &slots[i];
	uint32_t num;
	size_t m;

	if (n < HDR + SUM || d[0] != 'S' || d[1] != 'K' || fnv1a(d, n - SUM) != get32(d + n - SUM)
		|| get32(d + 2) != (uint32_t)i || get32(d + 6) != s->serial) {
		st.wrong++;
		fprintf(stderr, "soak: slot %zu association %u: a message of %zu octets is not ours or damaged\n",
			i, s->serial, n);
		return;
	}
	num = get32(d + 10);
	if (num < s->echoed) {
		st.dup++;
		fprintf(stderr, "soak: slot %zu association %u: message %u delivered again\n", i, s->serial, num);
		return;
	}
	if (num >= s->sent) {
		st.wrong++;
		fprintf(stderr, "soak: slot %zu association %u: message %u delivered, never sent\n",
			i, s->serial, num);
		return;
	}
	if (num > s->echoed) {
		/* messages skipped without any error: lost; the checks go on
		 * from this one */
		st.gap += num - s->echoed;
		unsigned sg, rg;
		msa_assoc_generations(&s->a, &sg, &rg);
		fprintf(stderr, "soak: slot %zu association %u: message %u delivered, %u expected: "
			"%u message(s) lost without a diagnostic (delivered %s, receive generation %u)\n",
			i, s->serial, num, s->echoed, num - s->echoed,
			io.events & MSA_EV_RECV_RENEWED ? "by the first record of a new receive key"
				: "under the same receive key", rg);
		s->echoed = num;
	}
	m = make_msg(msgb, (uint32_t)i, s->serial, num);
	if (m != n || memcmp(msgb, d, n) != 0) {
		st.wrong++;
		fprintf(stderr, "soak: slot %zu association %u: message %u contents differ\n", i, s->serial, num);
		return;
	}
	s->echoed++;
	st.echoed++;
}

/* After an engine call on slot i: send, check, count, end. */
static void
after(size_t i, int r)
{
	slot *s = &slots[i];
	char kind[64];

	if (io.out_len && cli_conn_queue(&s->c, io.out, io.out_len) != 0) {
		fault_slot(i, "INTERNAL(output buffer full)", MSA_DIAG_INTERNAL_ERROR);
		return;
	}
	if (io.events & MSA_EV_ESTABLISHED)
		st.established++;
	if (io.events & MSA_EV_SEND_RENEWED)
		st.send_renew++;
	if (io.events & MSA_EV_RECV_RENEWED)
		st.recv_renew++;
	if (io.events & MSA_EV_DATA)
		check_msg(i, io.data_at, io.data_len);
	if (io.events & MSA_EV_DROPPED)
		count_kind(drops, msa_err_name(io.err));
	if (io.events & MSA_EV_RELEASE_REQ) {
		/* the echoing responder never releases first; answer anyway */
		r = msa_assoc_release(&s->a, MSA_REASON_NORMAL, cli_now(), &io);
		after(i, r);
		return;
	}
	if (io.events & (MSA_EV_CLOSED | MSA_EV_ABORTED)) {
		int clean = (io.events & MSA_EV_CLOSED) && !(io.events & MSA_EV_PEER_ENDED) && r == MSA_OK;
		if (clean) {
			st.clean++;
			if (s->echoed != messages) {
				/* a confirmed release must not lose anything (REQ-TRM-004) */
				st.lost += messages - s->echoed;
				fprintf(stderr, "soak: slot %zu association %u: released with %u of %u messages back\n",
					i, s->serial, s->echoed, messages);
			}
			end_slot(i, s->echoed == messages, "released with messages missing");
			return;
		}
		if (io.events & MSA_EV_PEER_ENDED)
			snprintf(kind, sizeof kind, "%s(%s)", msa_err_name(r != MSA_OK ? r : io.err),
				msa_diag_name(io.peer_diag));
		else
			snprintf(kind, sizeof kind, "%s", msa_err_name(r != MSA_OK ? r : io.err));
		count_kind(faults, kind);
		end_slot(i, 0, kind);
		return;
	}
	if (r != MSA_OK && !(io.events & MSA_EV_DROPPED)) {
		snprintf(kind, sizeof kind, "%s(local call refused)", msa_err_name(r));
		fault_slot(i, kind, MSA_DIAG_INTERNAL_ERROR);
	}
}

/* Starts a new association on slot i: a connection, HandshakeInit. */
static void
start_slot(size_t i)
{
	slot *s = &slots[i];
	uint8_t aid[4];
	int r;

	s->c.fd = cli_connect(connect_to);
	if (s->c.fd < 0) {
		st.connect_fail++;
		if (++s->connect_fails > 100) {   /* 10 s: the relay is gone */
			s->state = SL_DONE;
			st.gave_up++;
		}
		return;                  /* retried on a next round */
	}
	s->c.rlen = s->c.wlen = s->c.woff = 0;
	s->c.eof = 0;
	s->serial++;
	s->sent = s->echoed = 0;
	s->released = 0;
	s->last_ms = mono_ms();
	s->tick_s = 0;
	s->state = SL_RUN;
	st.started++;
	do {
		if (msa_drbg_generate(&id.rng, aid, 4) != MSA_OK)
			aid[0] = (uint8_t)(i + 1), aid[1] = (uint8_t)(i >> 8), aid[2] = 0x5a, aid[3] = 1;
	} while ((aid[0] | aid[1] | aid[2] | aid[3]) == 0);
	r = msa_assoc_init_initiator(&s->a, &id.cfg, &s->ws, aid);
	if (r == MSA_OK && (i & 1u))   /* half the slots with a key cache */
		r = msa_assoc_set_key_cache(&s->a, &s->kc);
	if (r == MSA_OK)
		r = msa_assoc_start(&s->a, cli_now(), &io);
	after(i, r);
}

/* Sends what slot i may send now: messages within the window, then the
 * release once all are sent. */
static void
pump(size_t i)
{
	slot *s = &slots[i];
	int r;

	while (s->state == SL_RUN && msa_assoc_state(&s->a) == MSA_ST_ESTABLISHED) {
		if (s->sent == messages) {
			if (!s->released) {
				s->released = 1;
				r = msa_assoc_release(&s->a, MSA_REASON_NORMAL, cli_now(), &io);
				after(i, r);
			}
			return;
		}
		if (s->sent - s->echoed >= window || s->c.wlen - s->c.woff > 64u * 1024u)
			return;
		r = msa_assoc_send(&s->a, msgb, make_msg(msgb, (uint32_t)i, s->serial, s->sent),
			cli_now(), &io);
		if (r == MSA_OK) {
			s->sent++;
			st.sent++;
		}
		after(i, r);
	}
}

/* Reads and processes what arrived on slot i. */
static void
on_input(size_t i)
{
	slot *s = &slots[i];
	const uint8_t *pdu;
	size_t len, eo;
	int k, r;
	char kind[64];

	(void)cli_conn_read(&s->c);
	while (s->state == SL_RUN && (k = cli_conn_next(&s->c, &pdu, &len, &eo)) == 1) {
		s->last_ms = mono_ms();
		/* slots 2, 3 mod 4 receive in place (the PDU is at the start of
		 * their own receive buffer), across the key-cache half */
		r = (i & 2u) && pdu == s->c.rbuf
			? msa_assoc_recv_inplace(&s->a, &arena, s->c.rbuf, len, cli_now(), &io)
			: msa_assoc_recv(&s->a, &arena, pdu, len, cli_now(), &io);
		after(i, r);      /* first: a message received in place is in rbuf */
		cli_conn_consume(&s->c, len);
	}
	if (s->state != SL_RUN)
		return;
	if (k < 0) {
		/* the byte stream cannot be framed any more (REQ-GEN-011): the
		 * engine sees the bytes as they are and ends the association */
		r = msa_assoc_recv(&s->a, &arena, s->c.rbuf, s->c.rlen, cli_now(), &io);
		after(i, r);
		if (s->state == SL_RUN) {
			snprintf(kind, sizeof kind, "%s(framing)", msa_err_name(k));
			fault_slot(i, kind, MSA_DIAG_DECODE_ERROR);
		}
		return;
	}
	if (s->c.eof) {
		snprintf(kind, sizeof kind, "CLOSED(connection closed in %s)",
			msa_state_name(msa_assoc_state(&s->a)));
		fault_slot(i, kind, MSA_DIAG_USER_ABORT);
	}
}

static void
report(FILE *f, uint64_t t0)
{
	int k;

	fprintf(f, "soak: %zu slots x %u messages, window %u, max size %zu, %.1f s\n", nslots, messages,
		window, max_size, (double)(mono_ms() - t0) / 1000.0);
	fprintf(f, "soak: associations started %lu established %lu released %lu ended-by-fault %lu "
		"restarts %lu gave-up %lu connect-failures %lu\n", st.started, st.established, st.clean,
		st.faulted, st.restarts, st.gave_up, st.connect_fail);
	fprintf(f, "soak: slots completed %lu of %zu\n", st.completed_slots, nslots);
	fprintf(f, "soak: messages sent %lu echoed-and-verified %lu unconfirmed-in-faulted %lu\n",
		st.sent, st.echoed, st.unconfirmed);
	fprintf(f, "soak: messages lost %lu (wrong %lu duplicated %lu skipped %lu not-back-after-release %lu)\n",
		st.lost + st.wrong + st.dup + st.gap, st.wrong, st.dup, st.gap, st.lost);
	fprintf(f, "soak: renewals send %lu receive %lu\n", st.send_renew, st.recv_renew);
	fprintf(f, "soak: faults detected:");
	for (k = 0; k < MAX_KINDS && faults[k].name[0]; k++)
		fprintf(f, " %s=%lu", faults[k].name, faults[k].n);
	fprintf(f, "%s\n", faults[0].name[0] ? "" : " none");
	fprintf(f, "soak: PDUs dropped by the engine:");
	for (k = 0; k < MAX_KINDS && drops[k].name[0]; k++)
		fprintf(f, " %s=%lu", drops[k].name, drops[k].n);
	fprintf(f, "%s\n", drops[0].name[0] ? "" : " none");
}

int
msa_cmd_soak(int argc, char **argv)
{
	cli_peer_opts o;
	struct pollfd *pf;
	size_t *pmap, i, done, hs_busy, max_hs = 16;
	unsigned progress = 0;
	int ramped = 0;
	uint64_t t0, t_poll, next_progress, next_start = 0;
	uint8_t *wbufs;
	int r;

	memset(&o, 0, sizeof o);
	for (r = 1; r < argc; r++) {
		int k;
		if (strcmp(argv[r], "--help") == 0) {
			fputs(use, stdout);
			return CLI_OK;
		}
		k = cli_peer_opt(&o, argc, argv, &r);
		if (k < 0)
			return cli_usage_error(use, "bad or missing value for %s", argv[r]);
		if (k == 1)
			continue;
		if (r + 1 >= argc)
			return cli_usage_error(use, "unknown option or missing value '%s'", argv[r]);
		if (strcmp(argv[r], "--connect") == 0)
			connect_to = argv[++r];
		else if (strcmp(argv[r], "--assocs") == 0)
			nslots = strtoul(argv[++r], NULL, 10);
		else if (strcmp(argv[r], "--messages") == 0)
			messages = (uint32_t)strtoul(argv[++r], NULL, 10);
		else if (strcmp(argv[r], "--window") == 0)
			window = (uint32_t)strtoul(argv[++r], NULL, 10);
		else if (strcmp(argv[r], "--max-size") == 0)
			max_size = strtoul(argv[++r], NULL, 10);
		else if (strcmp(argv[r], "--timeout") == 0)
			timeout_s = (unsigned)strtoul(argv[++r], NULL, 10);
		else if (strcmp(argv[r], "--max-restarts") == 0)
			max_restarts = (unsigned)strtoul(argv[++r], NULL, 10);
		else if (strcmp(argv[r], "--handshakes") == 0)
			max_hs = strtoul(argv[++r], NULL, 10);
		else if (strcmp(argv[r], "--budget") == 0)
			budget = strtoul(argv[++r], NULL, 10);
		else if (strcmp(argv[r], "--progress") == 0)
			progress = (unsigned)strtoul(argv[++r], NULL, 10);
		else
			return cli_usage_error(use, "unknown option '%s'", argv[r]);
	}
	if (connect_to == NULL || o.cert == NULL || o.key == NULL || o.ca == NULL || o.n_peer_ids != 1)
		return cli_usage_error(use, "--connect, --cert, --key, --ca and one --peer-id are required");
	if (nslots == 0 || nslots > 1000 || messages == 0 || window == 0 || timeout_s == 0 || max_hs == 0
		|| max_size < 32 || max_size > MSA_MAX_DATA)
		return cli_usage_error(use, "--assocs 1..1000, --messages, --window, --timeout, --handshakes > 0, --max-size 32..%u",
			MSA_MAX_DATA);
	if ((r = cli_ident_load(&id, &o, MSA_ROLE_INITIATOR)) != CLI_OK)
		return r == CLI_USAGE ? cli_usage_error(use, "missing option") : r;
	/* the engine's own timers shorter than the run, so that a lost
	 * handshake, rekey or release PDU ends its association in time */
	id.cfg.hs_timeout = id.cfg.renewal_timeout = id.cfg.release_timeout = timeout_s;
	signal(SIGPIPE, SIG_IGN);
	/* everything allocated once: memory must stay flat over the run */
	slots = calloc(nslots, sizeof *slots);
	wbufs = calloc(nslots, CLI_WBUF);
	pf = calloc(nslots, sizeof *pf);
	pmap = calloc(nslots, sizeof *pmap);
	if (slots == NULL || wbufs == NULL || pf == NULL || pmap == NULL)
		return cli_error("INTERNAL", "out of memory");
	for (i = 0; i < nslots; i++) {
		slots[i].c.fd = -1;
		slots[i].c.wbuf = wbufs + i * CLI_WBUF;
	}
	msa_arena_init(&arena, arena_buf, sizeof arena_buf);
	t0 = mono_ms();
	next_progress = t0 + progress * 1000u;
	for (;;) {
		size_t n = 0, started = 0;
		unsigned long fails = st.connect_fail;
		uint64_t now = mono_ms();
		unsigned now_s = (unsigned)cli_now();

		done = 0;
		hs_busy = 0;
		for (i = 0; i < nslots; i++)
			if (slots[i].state == SL_RUN && msa_assoc_state(&slots[i].a) < MSA_ST_ESTABLISHED)
				hs_busy++;
		for (i = 0; i < nslots; i++) {
			slot *s = &slots[i];
			if (s->state == SL_DONE) {
				done++;
				continue;
			}
			/* ramp up: a few new connections per round and at most
			 * --handshakes in progress, so that the listen queues keep
			 * up and a handshake waits for a bounded number of others */
			if (s->state == SL_WAIT && started < 16 && hs_busy < max_hs && now >= next_start) {
				start_slot(i);
				started++;
				hs_busy++;
			}
			if (s->state != SL_RUN)
				continue;
			pump(i);
			if (s->state != SL_RUN)
				continue;
			(void)cli_conn_flush(&s->c);
			pf[n].fd = s->c.fd;
			pf[n].events = POLLIN | (s->c.wlen > s->c.woff ? POLLOUT : 0);
			pf[n].revents = 0;
			pmap[n++] = i;
		}
		if (!ramped && st.started >= nslots) {
			size_t k;
			for (k = 0; k < nslots && slots[k].serial > 0; k++)
				;
			if (k == nslots) {
				ramped = 1;
				fprintf(stderr, "soak: ramp-up done: all %zu slots started, %.1f s\n", nslots,
					(double)(now - t0) / 1000.0);
			}
		}
		if (st.connect_fail > fails)
			next_start = now + 100;   /* the relay refuses: wait a little */
		if (done == nslots)
			break;
		if (progress && now >= next_progress) {
			next_progress = now + progress * 1000u;
			fprintf(stderr, "soak: %.0f s: running %zu, done %zu, started %lu, echoed %lu, faults %lu\n",
				(double)(now - t0) / 1000.0, n, done, st.started, st.echoed, st.faulted);
		}
		t_poll = mono_ms();
		if (poll(pf, n, 50) < 0 && errno != EINTR)
			return cli_error("INTERNAL", "poll: %s", strerror(errno));
		for (i = 0; i < n; i++) {
			slot *s = &slots[pmap[i]];
			if (s->state != SL_RUN || pf[i].revents == 0)
				continue;
			if (pf[i].revents & POLLOUT)
				(void)cli_conn_flush(&s->c);
			if (pf[i].revents & (POLLIN | POLLHUP | POLLERR))
				on_input(pmap[i]);
			if (s->state == SL_RUN)
				pump(pmap[i]);
		}
		/* no PDU for --timeout seconds: judged after reading, so that a
		 * busy loop never takes its own slowness for the peer's */
		for (i = 0; i < n; i++) {
			slot *s = &slots[pmap[i]];
			if (s->state == SL_RUN && s->tick_s != now_s) {   /* the engine's timers */
				s->tick_s = now_s;
				r = msa_assoc_tick(&s->a, cli_now(), &io);
				if (io.events || io.out_len)
					after(pmap[i], r);
			}
			if (s->state == SL_RUN && !(pf[i].revents & POLLIN) && t_poll > s->last_ms
				&& t_poll - s->last_ms > (timeout_s + 2u) * 1000u) {
				char kind[64];
				snprintf(kind, sizeof kind, "TIMEOUT(nothing received in %s)",
					msa_state_name(msa_assoc_state(&s->a)));
				fault_slot(pmap[i], kind, MSA_DIAG_TIMEOUT);
			}
		}
	}
	report(stdout, t0);
	fflush(stdout);
	if (st.lost + st.wrong + st.dup + st.gap > 0)
		return cli_error("INTERNAL", "%lu messages lost or delivered wrong",
			st.lost + st.wrong + st.dup + st.gap);
	if (st.completed_slots != nslots)
		return cli_error("INTERNAL", "%lu of %zu slots never completed an association",
			nslots - st.completed_slots, nslots);
	return CLI_OK;
}
