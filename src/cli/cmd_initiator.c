/*
 * cmd_initiator.c -- `msa initiator`: establishes one association over
 * TCP, sends stdin as messages, writes what it receives to stdout,
 * releases at the end of input and exits 0 after a confirmed release.
 * The loop (cli_initiator_run) also drives `msa demo`'s scripted life.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "peer.h"
#include "initiator.h"

static const char use[] =
	"usage: msa initiator --connect HOST:PORT --cert FILE --key FILE --ca FILE --peer-id ID\n"
	"                     [--suite NAME ...] [--integrity-only] [--chunk N] [--trace]\n"
	"                     [--renew-records N] [--renew-bytes N] [--renew-seconds N]\n"
	"                     [--renew-kind ratchet|rekey]\n"
	"  Establishes an association with the responder whose AE name is ID, sends\n"
	"  standard input as messages of at most --chunk octets (default 16384),\n"
	"  writes the messages it receives to standard output, releases the\n"
	"  association at the end of input and exits 0 once the release is\n"
	"  confirmed; on any failure prints 'error: NAME ...' and exits 1.\n"
	"  --suite: offer these suites, in order (default: every AEAD suite);\n"
	"  --integrity-only: offer only the integrity-only suites. --trace: a line\n"
	"  per PDU and event on stderr (never key material).\n";

static void
trace_events(cli_run *run, const msa_io *io)
{
	cli_client *cl = run->cl;
	FILE *f = run->tf;

	if (f == NULL)
		return;
	if (io->out_len)
		cli_trace_out(f, "initiator", io);
	if (io->events & MSA_EV_ESTABLISHED) {
		const msa_suite *s = msa_suite_find((uint16_t)msa_assoc_suite(&cl->a));
		fprintf(f, "initiator    state ESTABLISHED with '");
		cli_print_untrusted(f, (const char *)io->peer_id, io->peer_id_len);
		fprintf(f, "', suite %s\n", s ? s->name : "?");
	}
	if (io->events & MSA_EV_SEND_RENEWED) {
		unsigned sg, rg;
		msa_assoc_generations(&cl->a, &sg, &rg);
		fprintf(f, "initiator    send keys renewed: generation %u\n", sg);
	}
	if (io->events & MSA_EV_RECV_RENEWED) {
		unsigned sg, rg;
		msa_assoc_generations(&cl->a, &sg, &rg);
		fprintf(f, "initiator    receive keys renewed: generation %u\n", rg);
	}
	if (io->events & MSA_EV_DATA)
		fprintf(f, "initiator    delivered %zu octets\n", io->data_len);
	if (io->events & (MSA_EV_CLOSED | MSA_EV_ABORTED))
		fprintf(f, "initiator    state %s\n", msa_state_name(msa_assoc_state(&cl->a)));
}

/* Queues the PDUs of the last call, reports, delivers. */
int
cli_after(cli_run *run, int r)
{
	cli_client *cl = run->cl;
	msa_io *io = &cl->io;

	trace_events(run, io);
	if (io->out_len && cli_conn_queue(&cl->c, io->out, io->out_len) != 0)
		return cli_error("INTERNAL", "output buffer full");
	if (io->events & MSA_EV_DATA) {
		run->received += io->data_len;
		run->msgs_in++;
		if (run->on_data != NULL)
			run->on_data(run, io->data, io->data_len);
	}
	if (io->events & MSA_EV_DROPPED)
		fprintf(stderr, "initiator: dropped a PDU: %s\n", msa_err_name(io->err));
	if (io->events & MSA_EV_RELEASE_REQ) {
		/* the peer released first: confirm once our sending is done */
		r = msa_assoc_release(&cl->a, MSA_REASON_NORMAL, cli_now(), io);
		return cli_after(run, r);
	}
	if (io->events & MSA_EV_ABORTED || ((io->events & MSA_EV_CLOSED) && r != MSA_OK)) {
		run->done = 1;
		run->failed = 1;
		if (io->events & MSA_EV_PEER_ENDED) {
			fprintf(stderr, "error: %s the peer ended the association: %s '", msa_err_name(r),
				msa_diag_name(io->peer_diag));
			cli_print_untrusted(stderr, io->peer_detail, strlen(io->peer_detail));
			fprintf(stderr, "'\n");
		} else {
			fprintf(stderr, "error: %s\n", msa_err_name(r != MSA_OK ? r : MSA_ERR_INTERNAL));
		}
		return CLI_FAIL;
	}
	if (io->events & MSA_EV_CLOSED)
		run->done = 1;
	if (r != MSA_OK && !(io->events & MSA_EV_DROPPED))
		return cli_error(msa_err_name(r), "local call refused");
	return CLI_OK;
}

/* Ends the run: what is queued (a reject or an abort too) goes out first. */
static int
finish(cli_client *cl, int status)
{
	(void)cli_conn_drain(&cl->c);
	close(cl->c.fd);
	cl->c.fd = -1;
	return status;
}

int
cli_initiator_run(cli_run *run, const char *connect_to)
{
	cli_client *cl = run->cl;
	struct pollfd pf;
	uint8_t aid[4];
	int r;

	signal(SIGPIPE, SIG_IGN);
	cl->io.out = cl->outb;
	cl->io.out_cap = sizeof cl->outb;
	cl->io.data = cl->datab;
	cl->io.data_cap = sizeof cl->datab;
	msa_arena_init(&cl->arena, cl->arena_buf, sizeof cl->arena_buf);
	cl->c.wbuf = cl->wbuf;
	if ((cl->c.fd = cli_connect(connect_to)) < 0)
		return cli_error("BAD_ARGUMENT", "cannot connect to %s: %s", connect_to, strerror(errno));
	do {
		if (msa_drbg_generate(&run->id->rng, aid, 4) != MSA_OK)
			return cli_error("RNG", "no entropy");
	} while ((aid[0] | aid[1] | aid[2] | aid[3]) == 0);
	if ((r = msa_assoc_init_initiator(&cl->a, &run->id->cfg, &cl->ws, aid)) != MSA_OK)
		return cli_error(msa_err_name(r), "init");
	r = msa_assoc_start(&cl->a, cli_now(), &cl->io);
	if (r != MSA_OK)
		return cli_error(msa_err_name(r), "cannot start the handshake");
	if (cli_after(run, r) != CLI_OK)
		return finish(cl, CLI_FAIL);
	while (!run->done) {
		const uint8_t *pdu;
		size_t len, eo;
		int k, st = msa_assoc_state(&cl->a);

		/* our next action when the association is quiet */
		if ((st == MSA_ST_ESTABLISHED || st == MSA_ST_RELEASE_RECEIVED)
			&& cl->c.wlen - cl->c.woff < CLI_WBUF / 4 && run->next != NULL) {
			if (run->next(run) != CLI_OK)
				return finish(cl, CLI_FAIL);
			if (run->done)
				break;
		}
		(void)cli_conn_flush(&cl->c);
		pf.fd = cl->c.fd;
		pf.events = POLLIN | (cl->c.wlen > cl->c.woff ? POLLOUT : 0);
		pf.revents = 0;
		if (poll(&pf, 1, run->idle_wait ? 1000 : 0) < 0 && errno != EINTR)
			return cli_error("INTERNAL", "poll: %s", strerror(errno));
		r = msa_assoc_tick(&cl->a, cli_now(), &cl->io);
		if (cl->io.events && cli_after(run, r) != CLI_OK)
			return finish(cl, CLI_FAIL);
		if (pf.revents & POLLOUT)
			(void)cli_conn_flush(&cl->c);
		if (pf.revents & (POLLIN | POLLHUP | POLLERR)) {
			(void)cli_conn_read(&cl->c);
			while (!run->done && (k = cli_conn_next(&cl->c, &pdu, &len, &eo)) == 1) {
				if (run->tf != NULL)
					cli_trace_pdu(run->tf, "initiator", "<-", pdu, len);
				r = msa_assoc_recv(&cl->a, &cl->arena, pdu, len, cli_now(), &cl->io);
				cli_conn_consume(&cl->c, len);
				if (cli_after(run, r) != CLI_OK)
					return finish(cl, CLI_FAIL);
			}
			if (!run->done && (k = cli_conn_next(&cl->c, &pdu, &len, &eo)) < 0) {
				/* REQ-GEN-011: the association ends as for undecodable input */
				r = msa_assoc_transport_error(&cl->a, k, cli_now(), &cl->io);
				(void)cli_after(run, r);
				(void)finish(cl, CLI_FAIL);
				return cli_error(msa_err_name(k), "the byte stream is unusable (at %zu)", eo);
			}
			if (cl->c.eof && !run->done) {
				(void)msa_assoc_abort(&cl->a, MSA_DIAG_USER_ABORT, cli_now(), &cl->io);
				(void)finish(cl, CLI_FAIL);
				return cli_error("STATE", "the connection closed before the association ended (state %s)",
					msa_state_name(st));
			}
		}
	}
	return finish(cl, run->failed ? CLI_FAIL : CLI_OK);
}

/* ------------------------------------------------------------ stdin mode */

static size_t chunk = MSA_MAX_DATA;
static int stdin_eof;

static void
to_stdout(cli_run *run, const uint8_t *d, size_t n)
{
	(void)run;
	fwrite(d, 1, n, stdout);
}

static int
from_stdin(cli_run *run)
{
	static uint8_t buf[MSA_MAX_DATA];
	struct pollfd pf;
	long n;
	int r;

	if (msa_assoc_state(&run->cl->a) != MSA_ST_ESTABLISHED)
		return CLI_OK;
	if (stdin_eof) {
		run->idle_wait = 1;
		return CLI_OK;
	}
	pf.fd = 0;
	pf.events = POLLIN;
	run->idle_wait = 0;
	if (poll(&pf, 1, 5) <= 0)
		return CLI_OK;
	n = cli_sys_read(0, buf, chunk);
	if (n == CLI_SYS_RETRY || n == CLI_SYS_AGAIN)
		return CLI_OK;
	if (n <= 0) {
		stdin_eof = 1;
		fflush(stdout);
		r = msa_assoc_release(&run->cl->a, MSA_REASON_NORMAL, cli_now(), &run->cl->io);
		return cli_after(run, r);
	}
	r = msa_assoc_send(&run->cl->a, buf, (size_t)n, cli_now(), &run->cl->io);
	run->sent += (size_t)n;
	return cli_after(run, r);
}

int
msa_cmd_initiator(int argc, char **argv)
{
	static cli_ident id;
	static cli_client cl;
	cli_peer_opts o;
	cli_run run;
	const char *connect_to = NULL;
	int i, r;

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
		if (strcmp(argv[i], "--connect") == 0 && i + 1 < argc)
			connect_to = argv[++i];
		else if (strcmp(argv[i], "--chunk") == 0 && i + 1 < argc)
			chunk = strtoul(argv[++i], NULL, 10);
		else
			return cli_usage_error(use, "unknown option '%s'", argv[i]);
	}
	if (connect_to == NULL || o.cert == NULL || o.key == NULL || o.ca == NULL || o.n_peer_ids != 1)
		return cli_usage_error(use, "--connect, --cert, --key, --ca and one --peer-id are required");
	if (chunk == 0 || chunk > MSA_MAX_DATA)
		return cli_usage_error(use, "--chunk must be 1..%u", MSA_MAX_DATA);
	if ((r = cli_ident_load(&id, &o, MSA_ROLE_INITIATOR)) != CLI_OK)
		return r == CLI_USAGE ? cli_usage_error(use, "missing option") : r;
	memset(&run, 0, sizeof run);
	run.cl = &cl;
	run.id = &id;
	run.tf = o.trace ? stderr : NULL;
	run.next = from_stdin;
	run.idle_wait = 1;
	run.on_data = to_stdout;
	r = cli_initiator_run(&run, connect_to);
	fflush(stdout);
	return r;
}
