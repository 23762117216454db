/*
 * peer.h -- what the networked subcommands (initiator, responder, relay,
 * demo) share: the identity and configuration from files, TCP helpers,
 * per-connection buffers with PDU framing, and the trace printer.
 */
#ifndef MSA_CLI_PEER_H__
#define MSA_CLI_PEER_H__

#include <stdio.h>
#include "msa.h"
#include "iobuf.h"

/* One side's identity and configuration, loaded from files. */
typedef struct {
	msa_drbg rng;
	msa_private_key key;
	uint8_t certs[MSA_MAX_CHAIN * MSA_MAX_CERT];
	msa_seg chain[MSA_MAX_CHAIN];
	uint8_t ca_certs[MSA_MAX_ANCHORS * MSA_MAX_CERT];
	msa_anchors ta;
	msa_cert_store store;
	char peer_ids[MSA_MAX_PEER_IDS][MSA_MAX_IDENTITY + 1];
	msa_config cfg;
} cli_ident;

/* Options common to initiator and responder. */
typedef struct {
	const char *cert, *key, *ca;
	const char *peer_ids[MSA_MAX_PEER_IDS];
	size_t n_peer_ids;
	const char *suites[MSA_MAX_SUITES];
	size_t n_suites;
	int integrity_only;
	int trace;
	int datagram;
	uint32_t renew_records;
	uint64_t renew_bytes;
	uint32_t renew_seconds;
	int renew_rekey;
} cli_peer_opts;

/* Parses one common option at argv[*i] (advancing *i past its value);
 * returns 1 when it was one, 0 when not, -1 on a missing/bad value. */
int cli_peer_opt(cli_peer_opts *o, int argc, char **argv, int *i);

/* Loads the identity and builds the configuration; prints the error and
 * returns CLI_FAIL/CLI_USAGE on failure, CLI_OK on success. */
int cli_ident_load(cli_ident *id, const cli_peer_opts *o, int role);

/* TCP: host:port parsing, listen, connect (blocking connect, then
 * non-blocking). Return the fd or -1 (errno set). */
int cli_listen(const char *hostport);
int cli_connect(const char *hostport);
int cli_nonblock(int fd);

/* The connection buffers (cli_conn, cli_conn_read, cli_conn_next,
 * cli_conn_consume, cli_conn_queue, cli_conn_flush) are in iobuf.h. */
/* Blocks until everything queued is written (or error). */
int cli_conn_drain(cli_conn *c);

/* One trace line for the PDU pdu[0..len) sent (dir "->") or received
 * ("<-") by `who`; never prints key material (REQ-IMPL-007). */
void cli_trace_pdu(FILE *f, const char *who, const char *dir, const uint8_t *pdu, size_t len);
/* The PDUs of io->out, one line each. */
void cli_trace_out(FILE *f, const char *who, const msa_io *io);
/* Untrusted text with non-printable octets as \xNN (REQ-ERR-005; the
 * escaping is iobuf.c's cli_esc). */
void cli_print_untrusted(FILE *f, const char *s, size_t n);

/* Seconds since the epoch from the system clock (the engine is given it). */
uint64_t cli_now(void);

#endif
