/*
 * cmd_decode.c -- `msa decode [--hex] [--type TYPE] [FILE|-]`: decodes one
 * PDU (or, with --type, one control message carried in a ProtectedPdu's
 * body) through the library's layered decoder and prints every field.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include "msa.h"
#include "cli.h"
#include "vjson_lex.h"

#include "MsaPdu.h"
#include "KeyUpdate.h"
#include "RekeyRequest.h"
#include "RekeyResponse.h"
#include "ReleaseRequest.h"
#include "ReleaseResponse.h"
#include "Abort.h"

static const char use[] =
	"usage: msa decode [--hex] [--type TYPE] [FILE|-]\n"
	"  Decodes one DER PDU (default: MsaPdu) from FILE or standard input and\n"
	"  prints its type and every field. --hex: the input is hex text\n"
	"  (whitespace ignored). --type: KeyUpdate, RekeyRequest, RekeyResponse,\n"
	"  ReleaseRequest, ReleaseResponse or Abort (a protected PDU's body).\n"
	"  On invalid input: 'error: NAME at offset N' on stderr, exit 1.\n";

static const struct {
	const char *name;
	const asn_TYPE_descriptor_t *td;
} types[] = {
	{ "MsaPdu", &asn_DEF_MsaPdu },
	{ "KeyUpdate", &asn_DEF_KeyUpdate },
	{ "RekeyRequest", &asn_DEF_RekeyRequest },
	{ "RekeyResponse", &asn_DEF_RekeyResponse },
	{ "ReleaseRequest", &asn_DEF_ReleaseRequest },
	{ "ReleaseResponse", &asn_DEF_ReleaseResponse },
	{ "Abort", &asn_DEF_Abort },
};

int
msa_cmd_decode(int argc, char **argv)
{
	/* Input: a PDU is at most MSA_MAX_PDU octets; hex text twice that plus
	 * whitespace. Anything longer is refused without reading it all. */
	static uint8_t in[4u * MSA_MAX_PDU + 4096u];
	static unsigned char arena_mem[MSA_ARENA_PDU_SIZE];
	static char text[256u * 1024u];
	const asn_TYPE_descriptor_t *td = &asn_DEF_MsaPdu;
	const char *path = "-";
	int hex = 0, i, r, have_path = 0;
	msa_arena arena;
	size_t err_off = 0, bad = 0;
	void *v = NULL;
	long n;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(use, stdout);
			return CLI_OK;
		} else if (strcmp(argv[i], "--hex") == 0) {
			hex = 1;
		} else if (strcmp(argv[i], "--type") == 0) {
			size_t k;
			if (++i >= argc)
				return cli_usage_error(use, "--type needs a type name");
			for (k = 0; k < sizeof types / sizeof types[0]; k++)
				if (strcmp(argv[i], types[k].name) == 0)
					break;
			if (k == sizeof types / sizeof types[0])
				return cli_usage_error(use, "unknown type '%s'", argv[i]);
			td = types[k].td;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return cli_usage_error(use, "unknown option '%s'", argv[i]);
		} else if (have_path) {
			return cli_usage_error(use, "one input file only");
		} else {
			path = argv[i];
			have_path = 1;
		}
	}

	n = cli_read_file(path, in, hex ? sizeof in : MSA_MAX_PDU + 1u);
	if (n == -1)
		return cli_error("IO", "cannot read '%s': %s", path, strerror(errno));
	if (n == -2 || (!hex && n > (long)MSA_MAX_PDU))
		return cli_error(msa_err_name(MSA_ERR_DER_TOO_LARGE),
			"at offset %u (input longer than %u octets)",
			MSA_MAX_PDU, MSA_MAX_PDU);
	if (hex) {
		size_t bin;

		if (vj_lex_hex_text(in, (size_t)n, &bin, &bad) != 0)
			return cli_error("BAD_HEX", "at offset %zu of the hex text", bad);
		n = (long)bin;
		if (n > (long)MSA_MAX_PDU)
			return cli_error(msa_err_name(MSA_ERR_DER_TOO_LARGE),
				"at offset %u (input longer than %u octets)",
				MSA_MAX_PDU, MSA_MAX_PDU);
	}

	msa_arena_init(&arena, arena_mem, sizeof arena_mem);
	r = msa_value_decode(&arena, td, in, (size_t)n, &v, &err_off);
	if (r != MSA_OK)
		return cli_error(msa_err_name(r), "at offset %zu", err_off);
	msa_value_print(td, v, text, sizeof text);
	fputs(text, stdout);
	printf("(%ld octets, canonical DER)\n", n);
	msa_arena_reset(&arena);
	return CLI_OK;
}
