/*
 * cli.h -- the msa tool's subcommands. Each takes the arguments after its
 * name (argv[0] is the subcommand's name) and returns the exit status:
 * 0 success, 1 protocol or input failure (after printing "error: NAME ..."
 * on stderr), 2 usage error.
 */
#ifndef MSA_CLI_H__
#define MSA_CLI_H__

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CLI_OK    0
#define CLI_FAIL  1
#define CLI_USAGE 2

int msa_cmd_decode(int argc, char **argv);
int msa_cmd_cert(int argc, char **argv);     /* cmd_cert.c: msa cert verify / ref */
int msa_cmd_responder(int argc, char **argv);
int msa_cmd_initiator(int argc, char **argv);
int msa_cmd_relay(int argc, char **argv);
int msa_cmd_demo(int argc, char **argv);
int msa_cmd_vectors(int argc, char **argv);  /* cmd_vectors.c: msa vectors run / adapter */
int msa_cmd_soak(int argc, char **argv);
int msa_cmd_conform(int argc, char **argv);  /* cmd_conform.c: the active peer tester */     /* cmd_soak.c: msa soak (make soak, issue 8) */

/* cli_error: prints "error: NAME detail" on stderr and returns CLI_FAIL. */
int cli_error(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* cli_usage_error: prints "error: USAGE msg" and the usage text; returns CLI_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * cli_read_file: reads a whole file ("-" = stdin) into buf[0..cap). Returns
 * the length, or -1 with errno set; -2 when the file is longer than cap
 * (nothing beyond cap+1 octets is read).
 */
long cli_read_file(const char *path, uint8_t *buf, size_t cap);

#endif
