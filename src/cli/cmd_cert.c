/*
 * cmd_cert.c -- `msa cert verify ...` (validates a certificate under the
 * MSA profile, as a peer would) and `msa cert ref CERT` (its reference for
 * certificates by reference).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "msa.h"
#include "cli.h"

static const char use[] =
	"usage: msa cert verify --ca FILE [--ca FILE ...] [--chain FILE ...]\n"
	"                       [--id IDENTITY] [--time UNIX_SECONDS | --floor UNIX_SECONDS] CERT\n"
	"       msa cert ref CERT\n"
	"  verify: validates CERT (its first certificate is the end entity; more\n"
	"  certificates in CERT, then those of each --chain FILE in order, are its\n"
	"  issuers) against the trust anchors of the --ca files, under the MSA\n"
	"  profile. Files are DER or PEM; a PEM file may hold several certificates.\n"
	"  --id: the expected identity (the SAN URI must equal it exactly);\n"
	"  without it the identity is not checked. --time: validation time (UNIX\n"
	"  seconds, UTC); default: now. --floor: validate as a device without a\n"
	"  clock: notAfter must not be before this time, notBefore is not checked.\n"
	"  Valid: prints the identity, exit 0. Invalid: 'error: NAME' on stderr\n"
	"  (e.g. CERT_EXPIRED), exit 1. Usage error: exit 2.\n"
	"  ref: prints the reference of CERT's first certificate (SHA-256 of its\n"
	"  DER, hex), as used by certificates by reference.\n";

#define MAX_FILE   (64u * 1024u)      /* one certificate or anchor file */
#define MAX_CERTS  16u                /* certificates given, before the profile's limit */

/* Every certificate read, one after the other. */
static uint8_t pool[MAX_CERTS * 4096u];
static size_t pool_used;

/*
 * read_certs: reads the certificates of `path` into certs[*n..], at most
 * MAX_CERTS in all. Returns MSA_OK or an error already printed (exit 1).
 */
static int
read_certs(const char *path, const char *what, msa_seg *certs, size_t *n)
{
	static uint8_t in[MAX_FILE];
	size_t k = 0;
	long len;
	int err;

	len = cli_read_file(path, in, sizeof in);
	if (len == -1)
		return cli_error("CERT_DECODE", "cannot read %s '%s': %s", what, path, strerror(errno));
	if (len == -2)
		return cli_error("CERT_DECODE", "%s '%s' is larger than %u octets", what, path, MAX_FILE);
	err = msa_cert_decode_file(in, (size_t)len, pool + pool_used, sizeof pool - pool_used,
		certs + *n, MAX_CERTS - *n, &k);
	if (err == MSA_ERR_BUFFER_TOO_SMALL && strcmp(what, "--ca") == 0)
		return cli_error(msa_err_name(err), "more than %u certificates in '%s'", MAX_CERTS, path);
	if (err == MSA_ERR_BUFFER_TOO_SMALL)
		return cli_error(msa_err_name(MSA_ERR_CERT_CHAIN_TOO_LONG),
			"more than %u certificates given", MAX_CERTS);
	if (err != MSA_OK)
		return cli_error(msa_err_name(err), "in %s '%s'", what, path);
	pool_used = (size_t)(certs[*n + k - 1].ptr + certs[*n + k - 1].len - pool);
	*n += k;
	return MSA_OK;
}

/* A decimal UNIX time, 0 .. 2^64-2 (2^64-1 is MSA_TIME_UNKNOWN). */
static int
parse_time(const char *s, uint64_t *t)
{
	uint64_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 10) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*t = v;
	return 0;
}

static int
cmd_verify(int argc, char **argv)
{
	const char *ca[MSA_MAX_ANCHORS * 4], *chain[MAX_CERTS], *cert = NULL, *id = NULL;
	size_t nca = 0, nchain = 0, n = 0, i, j;
	uint64_t now = 0, floor = 0;
	int have_time = 0, have_floor = 0, a, err;
	msa_seg certs[MAX_CERTS];
	msa_anchors ta;
	msa_cert_info info;

	for (a = 1; a < argc; a++) {
		const char *o = argv[a];
		int last = a + 1 >= argc;

		if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
			fputs(use, stdout);
			return CLI_OK;
		}
		if (strcmp(o, "--ca") == 0 || strcmp(o, "--chain") == 0 || strcmp(o, "--id") == 0
			|| strcmp(o, "--time") == 0 || strcmp(o, "--floor") == 0) {
			if (last)
				return cli_usage_error(use, "%s needs an argument", o);
			a++;
			if (strcmp(o, "--ca") == 0) {
				if (nca == sizeof ca / sizeof ca[0])
					return cli_usage_error(use, "too many --ca");
				ca[nca++] = argv[a];
			} else if (strcmp(o, "--chain") == 0) {
				if (nchain == MAX_CERTS)
					return cli_usage_error(use, "too many --chain");
				chain[nchain++] = argv[a];
			} else if (strcmp(o, "--id") == 0) {
				if (id != NULL)
					return cli_usage_error(use, "--id given twice");
				id = argv[a];
			} else if (strcmp(o, "--time") == 0) {
				if (have_time || parse_time(argv[a], &now) != 0)
					return cli_usage_error(use, "--time needs one decimal UNIX time");
				have_time = 1;
			} else {
				if (have_floor || parse_time(argv[a], &floor) != 0)
					return cli_usage_error(use, "--floor needs one decimal UNIX time");
				have_floor = 1;
			}
		} else if (o[0] == '-' && o[1] != '\0') {
			return cli_usage_error(use, "unknown option '%s'", o);
		} else {
			if (cert != NULL)
				return cli_usage_error(use, "one CERT only ('%s', '%s')", cert, o);
			cert = o;
		}
	}
	if (cert == NULL)
		return cli_usage_error(use, "no CERT given");
	if (nca == 0)
		return cli_usage_error(use, "at least one --ca is needed");
	if (have_time && have_floor)
		return cli_usage_error(use, "--time and --floor exclude each other");
	if (id != NULL && (strlen(id) == 0 || strlen(id) > MSA_MAX_IDENTITY))
		return cli_usage_error(use, "--id must be 1..%u octets", MSA_MAX_IDENTITY);
	if (have_floor)
		now = MSA_TIME_UNKNOWN;
	else if (!have_time)
		now = (uint64_t)time(NULL);     /* the tool may read the clock */

	/* Trust anchors: every certificate of every --ca file. */
	msa_anchors_init(&ta);
	for (i = 0; i < nca; i++) {
		size_t k = 0;

		pool_used = 0;
		if (read_certs(ca[i], "--ca", certs, &k) != MSA_OK)
			return CLI_FAIL;
		for (j = 0; j < k; j++) {
			err = msa_anchors_add(&ta, certs[j].ptr, certs[j].len);
			if (err != MSA_OK)
				return cli_error(msa_err_name(err), "trust anchor %zu of '%s'%s",
					j + 1, ca[i], err == MSA_ERR_BUFFER_TOO_SMALL
					? ": too many trust anchors" : "");
		}
	}

	/* The chain: CERT's certificates, then each --chain file's. */
	pool_used = 0;
	if (read_certs(cert, "CERT", certs, &n) != MSA_OK)
		return CLI_FAIL;
	for (i = 0; i < nchain; i++)
		if (read_certs(chain[i], "--chain", certs, &n) != MSA_OK)
			return CLI_FAIL;

	err = msa_cert_validate(&ta, certs, n, (const uint8_t *)id, id ? strlen(id) : 0,
		now, floor, &info);
	if (err != MSA_OK)
		return cli_error(msa_err_name(err), NULL);
	printf("%s\n", info.identity);
	return CLI_OK;
}

static int
cmd_ref(int argc, char **argv)
{
	uint8_t ref[MSA_CERTREF_LEN];
	msa_seg certs[MAX_CERTS];
	size_t n = 0, i;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(use, stdout);
		return CLI_OK;
	}
	if (argc != 2 || (argv[1][0] == '-' && argv[1][1] != '\0'))
		return cli_usage_error(use, "msa cert ref takes one CERT");
	pool_used = 0;
	if (read_certs(argv[1], "CERT", certs, &n) != MSA_OK)
		return CLI_FAIL;
	msa_cert_ref(certs[0].ptr, certs[0].len, ref);
	for (i = 0; i < sizeof ref; i++)
		printf("%02x", ref[i]);
	printf("\n");
	return CLI_OK;
}

int
msa_cmd_cert(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(use, "msa cert needs a subcommand (verify, ref)");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(use, stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "verify") == 0)
		return cmd_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "ref") == 0)
		return cmd_ref(argc - 1, argv + 1);
	return cli_usage_error(use, "unknown subcommand 'cert %s'", argv[1]);
}
