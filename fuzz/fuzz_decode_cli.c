/*
 * fuzz_decode_cli.c -- the tool's decode path, `msa decode [--hex]
 * [--type T] FILE`, run for real: src/cli/main.c is compiled for the fuzz
 * builds with -Dmain=msa_cli_main (no source change), and the harness calls
 * msa_cli_main("msa", "decode", ...) on the input held in a memfd.
 *
 * Input: octet 0 chooses the options (bits 0..2: the --type, 0 = MsaPdu,
 * 1..6 the control messages, in cmd_decode.c's order; bit 3: --hex; bits
 * 4..7 and octet 1: an extra printer capacity), the rest is the file.
 *
 * Oracle, against the library called directly on the same octets (hex
 * decoded by a second implementation here):
 *  - exit status 0 exactly when the library accepts; then stdout is the
 *    full rendering followed by "(N octets, canonical DER)", stderr empty;
 *  - exit status 1 otherwise, stdout empty, stderr one line
 *    "error: NAME at offset N" with the library's code and offset (or the
 *    tool's own DER_TOO_LARGE / BAD_HEX for oversized or bad hex input);
 *  - never 2 (the arguments are valid);
 *  - the printer at many capacities (fuzz_print_bounds): never overruns,
 *    always NUL-terminates, cuts as documented.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "fuzz.h"

#include "MsaPdu.h"
#include "KeyUpdate.h"
#include "RekeyRequest.h"
#include "RekeyResponse.h"
#include "ReleaseRequest.h"
#include "ReleaseResponse.h"
#include "Abort.h"

int msa_cli_main(int argc, char **argv);

/* The --type names and descriptors, in src/cli/cmd_decode.c's order. */
static const struct {
	const char *name;
	asn_TYPE_descriptor_t *td;
} types[] = {
	{ "MsaPdu", &asn_DEF_MsaPdu },
	{ "KeyUpdate", &asn_DEF_KeyUpdate },
	{ "RekeyRequest", &asn_DEF_RekeyRequest },
	{ "RekeyResponse", &asn_DEF_RekeyResponse },
	{ "ReleaseRequest", &asn_DEF_ReleaseRequest },
	{ "ReleaseResponse", &asn_DEF_ReleaseResponse },
	{ "Abort", &asn_DEF_Abort },
};
#define NTYPES (sizeof types / sizeof types[0])

/* cmd_decode.c's input buffer for --hex: larger input is refused. */
#define HEX_CAP (4u * MSA_MAX_PDU + 4096u)
#define TEXT_CAP (256u * 1024u)

static unsigned char tool_mem[MSA_ARENA_PDU_SIZE];
static msa_arena tool_arena;
static int memfd = -1;
static char path[64];
static FILE *devnull;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	memfd = memfd_create("msa-fuzz-decode", 0);
	if (memfd < 0)
		fuzz_fail("memfd_create failed");
	snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
	devnull = fopen("/dev/null", "w");
	if (devnull == NULL)
		fuzz_fail("cannot open /dev/null");
	return 0;
}

/* The hex rule of `msa decode --hex`, written again: whitespace ignored,
 * pairs of hex digits. Returns the length, or -1 (*bad = offset). */
static long
unhex2(const uint8_t *in, size_t n, uint8_t *out, size_t *bad)
{
	size_t i, o = 0;
	int hi = -1;

	for (i = 0; i < n; i++) {
		int c = in[i], v;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r')
			continue;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else {
			*bad = i;
			return -1;
		}
		if (hi < 0) {
			hi = v;
			continue;
		}
		out[o++] = (uint8_t)(hi * 16 + v);
		hi = -1;
	}
	if (hi >= 0) {
		*bad = n;
		return -1;
	}
	return (long)o;
}

/* Runs the tool; captures stdout and stderr. */
static int
run_tool(const char *type, int hex, char **out, size_t *out_n, char **err, size_t *err_n)
{
	char *argv[7];
	int argc = 0, rc;
	FILE *so = stdout, *se = stderr, *fo, *fe;

	argv[argc++] = (char *)(uintptr_t)"msa";
	argv[argc++] = (char *)(uintptr_t)"decode";
	if (hex)
		argv[argc++] = (char *)(uintptr_t)"--hex";
	argv[argc++] = (char *)(uintptr_t)"--type";
	argv[argc++] = (char *)(uintptr_t)type;
	argv[argc++] = path;
	argv[argc] = NULL;
	fo = open_memstream(out, out_n);
	fe = open_memstream(err, err_n);
	FUZZ_ASSERT(fo != NULL && fe != NULL, "open_memstream");
	/* The tool writes through the stdio streams; sanitizer and libFuzzer
	 * reports go to file descriptor 2 and are not affected. */
	stdout = fo;
	stderr = fe;
	rc = msa_cli_main(argc, argv);
	stdout = so;
	stderr = se;
	fclose(fo);
	fclose(fe);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t bin[HEX_CAP];
	static char full[TEXT_CAP], want[TEXT_CAP + 128u];
	const uint8_t *file;
	size_t fsize, bad = 0, off = 0, out_n = 0, err_n = 0, n, full_len;
	asn_TYPE_descriptor_t *td;
	const char *tname;
	char *out = NULL, *err = NULL;
	int hex, rc, r;
	unsigned extra;
	long bl;
	void *v = NULL;
	msa_arena *a;

	if (memfd < 0)
		LLVMFuzzerInitialize(NULL, NULL);
	if (size < 2)
		return 0;
	tname = types[(data[0] & 7u) % NTYPES].name;
	td = types[(data[0] & 7u) % NTYPES].td;
	hex = (data[0] & 8u) != 0;
	extra = (unsigned)(data[0] >> 4) * 256u + data[1];
	file = data + 2;
	fsize = size - 2u;

	FUZZ_ASSERT(ftruncate(memfd, 0) == 0 && pwrite(memfd, file, fsize, 0) == (ssize_t)fsize,
		"writing the memfd");
	rc = run_tool(tname, hex, &out, &out_n, &err, &err_n);
	FUZZ_ASSERT(rc == 0 || rc == 1, "msa decode exited %d", rc);

	/* What the tool should have said. */
	if (!hex && fsize > MSA_MAX_PDU) {
		snprintf(want, sizeof want, "error: DER_TOO_LARGE at offset %u (input longer than %u octets)\n",
			MSA_MAX_PDU, MSA_MAX_PDU);
		r = MSA_ERR_DER_TOO_LARGE;
		goto expect_error;
	}
	if (hex) {
		if (fsize > HEX_CAP) {
			snprintf(want, sizeof want, "error: DER_TOO_LARGE at offset %u (input longer than %u octets)\n",
				MSA_MAX_PDU, MSA_MAX_PDU);
			r = MSA_ERR_DER_TOO_LARGE;
			goto expect_error;
		}
		bl = unhex2(file, fsize, bin, &bad);
		if (bl < 0) {
			snprintf(want, sizeof want, "error: BAD_HEX at offset %zu of the hex text\n", bad);
			r = -1000;
			goto expect_error;
		}
		if (bl > (long)MSA_MAX_PDU) {
			snprintf(want, sizeof want, "error: DER_TOO_LARGE at offset %u (input longer than %u octets)\n",
				MSA_MAX_PDU, MSA_MAX_PDU);
			r = MSA_ERR_DER_TOO_LARGE;
			goto expect_error;
		}
		n = (size_t)bl;
	} else {
		memcpy(bin, file, fsize);
		n = fsize;
	}
	/* The tool's own arena size (cmd_decode.c), so that both decodes have
	 * the same room (the ASan builds add a redzone to every block). */
	FUZZ_ASSERT(msa_arena_init(&tool_arena, tool_mem, sizeof tool_mem) == MSA_OK, "arena init");
	a = &tool_arena;
	r = msa_value_decode(a, td, bin, n, &v, &off);
	if (r != MSA_OK) {
		snprintf(want, sizeof want, "error: %s at offset %zu\n", msa_err_name(r), off);
		goto expect_error;
	}
	full_len = msa_value_print(td, v, full, sizeof full);
	FUZZ_ASSERT(full_len + 1u < sizeof full, "rendering fills the tool's buffer");
	snprintf(want, sizeof want, "%s(%zu octets, canonical DER)\n", full, n);
	FUZZ_ASSERT(rc == 0, "%s accepted by the library, the tool exits %d", tname, rc);
	FUZZ_ASSERT(err_n == 0, "exit 0 with stderr output: %s", err);
	FUZZ_ASSERT(out_n == strlen(want) && memcmp(out, want, out_n) == 0,
		"tool output differs from the library's rendering");
	fuzz_print_bounds(td, v, full, full_len, extra);
	msa_arena_reset(a);
	free(out);
	free(err);
	return 0;

expect_error:
	FUZZ_ASSERT(rc == 1, "expected failure (%d), the tool exits %d", r, rc);
	FUZZ_ASSERT(out_n == 0, "exit 1 with stdout output");
	FUZZ_ASSERT(err_n == strlen(want) && memcmp(err, want, err_n) == 0,
		"tool says '%.*s', want '%s'", (int)err_n, err, want);
	free(out);
	free(err);
	return 0;
}
