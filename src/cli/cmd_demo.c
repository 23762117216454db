/*
 * cmd_demo.c -- `msa demo`: the whole life of an association on loopback,
 * between three processes: an initiator (this one), `msa relay` and
 * `msa responder --echo`, with the bundled test PKI (vectors/pki/):
 * handshake, data both ways, a ratchet update, a fresh rekey, a confirmed
 * release; a trace line for every PDU and every change of state or keys.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <netinet/in.h>

#include "cli.h"
#include "peer.h"
#include "initiator.h"

int msa_cmd_responder(int argc, char **argv);
int msa_cmd_relay(int argc, char **argv);

static const char use[] =
	"usage: msa demo [--pki DIR] [--suite NAME]\n"
	"  Runs a full association on loopback between an initiator (this\n"
	"  process), a relay and an echoing responder (two child processes), with\n"
	"  the test PKI of DIR (default: vectors/pki): handshake, data both ways,\n"
	"  ratchet, rekey, release. Prints every PDU and state change; exit 0 when\n"
	"  every message came back intact and the release was confirmed.\n";

static char pki[512] = "vectors/pki";
static uint8_t sent[4][MSA_MAX_DATA];
static size_t sent_len[4];
static unsigned n_sent, n_ok, n_bad;

static void
on_echo(cli_run *run, const uint8_t *d, size_t n)
{
	unsigned k = (unsigned)(run->msgs_in - 1u) % 4u;

	if (n == sent_len[k] && memcmp(d, sent[k], n) == 0) {
		n_ok++;
		printf("initiator    echo %u intact (%zu octets)\n", (unsigned)run->msgs_in, n);
	} else {
		n_bad++;
		printf("initiator    echo %u DIFFERS\n", (unsigned)run->msgs_in);
	}
}

static int
send_msg(cli_run *run, const char *text, size_t len)
{
	unsigned k = n_sent % 4u;
	size_t i;
	int r;

	for (i = 0; i < len; i++)
		sent[k][i] = text != NULL && text[i] ? (uint8_t)text[i] : (uint8_t)(i * 31u + n_sent);
	sent_len[k] = len;
	n_sent++;
	printf("initiator    send message %u (%zu octets)\n", n_sent, len);
	r = msa_assoc_send(&run->cl->a, sent[k], len, cli_now(), &run->cl->io);
	return cli_after(run, r);
}

/* The script, one step each time the association is quiet. */
static int
script(cli_run *run)
{
	static const char hello[] = "hello, responder: this is the initiator";
	msa_assoc *a = &run->cl->a;
	int r;

	if (run->msgs_in < n_sent)
		return CLI_OK;                 /* wait for the echoes */
	switch (run->step++) {
	case 0:
		printf("\n== data: one message each way (the responder echoes) ==\n");
		return send_msg(run, hello, sizeof hello - 1);
	case 1:
		printf("\n== data: 1 KiB and 16 KiB ==\n");
		if (send_msg(run, NULL, 1024) != CLI_OK)
			return CLI_FAIL;
		return send_msg(run, NULL, MSA_MAX_DATA);
	case 2:
		printf("\n== ratchet: KeyUpdate(updateRequested) renews both directions ==\n");
		r = msa_assoc_ratchet(a, 1, cli_now(), &run->cl->io);
		if (cli_after(run, r) != CLI_OK)
			return CLI_FAIL;
		return send_msg(run, "after the ratchet", 17);
	case 3:
		printf("\n== rekey: fresh ephemeral keys, both directions renewed ==\n");
		r = msa_assoc_rekey(a, cli_now(), &run->cl->io);
		if (cli_after(run, r) != CLI_OK)
			return CLI_FAIL;
		return send_msg(run, "sent while the rekey is in flight", 33);
	case 4:
		return send_msg(run, "after the rekey", 15);
	case 5:
		printf("\n== release: releaseRequest, then the responder's releaseResponse ==\n");
		r = msa_assoc_release(a, MSA_REASON_NORMAL, cli_now(), &run->cl->io);
		run->idle_wait = 1;
		return cli_after(run, r);
	default:
		return CLI_OK;
	}
}

static int
listener(int *port)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	int fd = cli_listen("127.0.0.1:0");

	if (fd < 0 || getsockname(fd, (struct sockaddr *)&sa, &sl) != 0)
		return -1;
	*port = ntohs(sa.sin_port);
	return fd;
}

static pid_t
child(int (*cmd)(int, char **), char **argv, int argc, int close_fd)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (close_fd >= 0)
			close(close_fd);
		dup2(1, 2);
		setvbuf(stderr, NULL, _IOLBF, 0);
		_exit(cmd(argc, argv));
	}
	return pid;
}

int
msa_cmd_demo(int argc, char **argv)
{
	static cli_ident id;
	static cli_client cl;
	char path[4][600], fdarg[2][16], tgt[2][32], *rargv[20], *largv[12];
	const char *suite = NULL;
	cli_peer_opts o;
	cli_run run;
	int rfd, lfd, rport, lport, i, r, st_r = 0, st_l = 0;
	pid_t pr, pl;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(use, stdout);
			return CLI_OK;
		}
		if (strcmp(argv[i], "--pki") == 0 && i + 1 < argc)
			snprintf(pki, sizeof pki, "%s", argv[++i]);
		else if (strcmp(argv[i], "--suite") == 0 && i + 1 < argc)
			suite = argv[++i];
		else
			return cli_usage_error(use, "unknown option '%s'", argv[i]);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	snprintf(path[0], sizeof path[0], "%s/responder-1-chain.pem", pki);
	snprintf(path[1], sizeof path[1], "%s/responder-1.key.pem", pki);
	snprintf(path[2], sizeof path[2], "%s/root-ca.pem", pki);
	if (access(path[0], R_OK) != 0)
		return cli_error("BAD_ARGUMENT", "test PKI not found at '%s' (run from the repository root or use --pki)", pki);
	if ((rfd = listener(&rport)) < 0 || (lfd = listener(&lport)) < 0)
		return cli_error("INTERNAL", "cannot listen on loopback: %s", strerror(errno));
	printf("MSA demo: initiator -> relay 127.0.0.1:%d -> responder 127.0.0.1:%d (test PKI %s)\n",
		lport, rport, pki);
	printf("Every line is one PDU (who, direction, size, type, public fields) or an event;\n"
		"no key material is ever printed.\n\n");
	snprintf(fdarg[0], sizeof fdarg[0], "%d", rfd);
	snprintf(fdarg[1], sizeof fdarg[1], "%d", lfd);
	snprintf(tgt[0], sizeof tgt[0], "127.0.0.1:%d", rport);
	i = 0;
	rargv[i++] = "responder";
	rargv[i++] = "--listen-fd"; rargv[i++] = fdarg[0];
	rargv[i++] = "--cert"; rargv[i++] = path[0];
	rargv[i++] = "--key"; rargv[i++] = path[1];
	rargv[i++] = "--ca"; rargv[i++] = path[2];
	rargv[i++] = "--peer-id"; rargv[i++] = "urn:msa:ae:initiator-1";
	rargv[i++] = "--echo"; rargv[i++] = "--trace";
	rargv[i++] = "--exit-after"; rargv[i++] = "1";
	rargv[i] = NULL;
	pr = child(msa_cmd_responder, rargv, i, lfd);
	i = 0;
	largv[i++] = "relay";
	largv[i++] = "--listen-fd"; largv[i++] = fdarg[1];
	largv[i++] = "--connect"; largv[i++] = tgt[0];
	largv[i++] = "--exit-after"; largv[i++] = "1";
	largv[i] = NULL;
	pl = child(msa_cmd_relay, largv, i, rfd);
	close(rfd);
	close(lfd);
	if (pr < 0 || pl < 0)
		return cli_error("INTERNAL", "fork: %s", strerror(errno));

	snprintf(path[0], sizeof path[0], "%s/initiator-1-chain.pem", pki);
	snprintf(path[1], sizeof path[1], "%s/initiator-1.key.pem", pki);
	snprintf(tgt[1], sizeof tgt[1], "127.0.0.1:%d", lport);
	memset(&o, 0, sizeof o);
	o.cert = path[0];
	o.key = path[1];
	o.ca = path[2];
	o.peer_ids[o.n_peer_ids++] = "urn:msa:ae:responder-1";
	if (suite != NULL)
		o.suites[o.n_suites++] = suite;
	if ((r = cli_ident_load(&id, &o, MSA_ROLE_INITIATOR)) != CLI_OK) {
		kill(pr, SIGTERM);
		kill(pl, SIGTERM);
		return r;
	}
	printf("== handshake: HandshakeInit, HandshakeResp (responder authenticated), "
		"HandshakeFinish (initiator authenticated) ==\n");
	memset(&run, 0, sizeof run);
	run.cl = &cl;
	run.id = &id;
	run.tf = stdout;
	run.next = script;
	run.on_data = on_echo;
	run.idle_wait = 1;
	r = cli_initiator_run(&run, tgt[1]);
	if (r != CLI_OK)
		kill(pr, SIGTERM);
	waitpid(pr, &st_r, 0);
	waitpid(pl, &st_l, 0);
	printf("\nMSA demo: %u messages sent, %u echoed intact, %u differing; association %s; "
		"responder exit %d, relay exit %d\n", n_sent, n_ok, n_bad,
		msa_state_name(msa_assoc_state(&cl.a)),
		WIFEXITED(st_r) ? WEXITSTATUS(st_r) : -1, WIFEXITED(st_l) ? WEXITSTATUS(st_l) : -1);
	if (r != CLI_OK)
		return r;
	if (n_bad != 0 || n_ok != n_sent || msa_assoc_state(&cl.a) != MSA_ST_CLOSED
		|| !WIFEXITED(st_r) || WEXITSTATUS(st_r) != 0)
		return cli_error("INTERNAL", "the demo did not complete as expected");
	printf("MSA demo: OK\n");
	return CLI_OK;
}
