/*
 * main.c -- the msa command-line tool: dispatches to the subcommands.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "cli.h"
#include "iobuf.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *what;
} cmds[] = {
	{ "decode", msa_cmd_decode, "decode one PDU and print it" },
	{ "cert", msa_cmd_cert, "verify a certificate under the MSA profile; its reference" },
	{ "responder", msa_cmd_responder, "accept associations over TCP (echo or to stdout)" },
	{ "initiator", msa_cmd_initiator, "establish an association, send stdin, release" },
	{ "relay", msa_cmd_relay, "transparent PDU relay, with fault injection for tests" },
	{ "demo", msa_cmd_demo, "a full association on loopback through a relay, traced" },
	{ "soak", msa_cmd_soak, "load and fault soak: many initiators, every echo checked" },
	{ "conform", msa_cmd_conform, "active peer tester: misbehaves towards an implementation, checks its reactions" },
	{ "vectors", msa_cmd_vectors, "run the conformance vectors (vectors/) against an implementation" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: msa COMMAND [ARGS]   (msa COMMAND --help for its options)\n"
		"commands:\n");
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		fprintf(f, "  %-12s %s\n", cmds[i].name, cmds[i].what);
}

int
cli_error(const char *name, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "error: %s", name);
	if (fmt != NULL && fmt[0] != '\0') {
		fputc(' ', stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	fputc('\n', stderr);
	return CLI_FAIL;
}

int
cli_usage_error(const char *use, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "error: USAGE ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", use);
	return CLI_USAGE;
}

long
cli_read_file(const char *path, uint8_t *buf, size_t cap)
{
	int fd, e;
	long n;

	if (cap >= 0x7fffffffu) {
		errno = EINVAL;
		return -1;
	}
	fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = cli_read_fd(fd, buf, cap);     /* proved: iobuf.c */
	e = errno;
	if (fd != 0)
		close(fd);
	errno = e;
	return n;
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].run(argc - 1, argv + 1);
	fprintf(stderr, "error: USAGE unknown command '%s'\n", argv[1]);
	usage(stderr);
	return CLI_USAGE;
}
