/*
 * fuzz.h -- shared declarations of the MSA fuzz harnesses (fuzz/README.md).
 *
 * Every harness is one libFuzzer-style entry point, LLVMFuzzerTestOneInput,
 * in fuzz/fuzz_<name>.c (fuzz/fuzz_type.c is the one source of the
 * per-type harnesses fuzz_type_<Type>, compiled with -DFUZZ_TYPE=<Type>).
 * The same object is linked with libFuzzer (fuzz-smoke), with AFL++'s
 * driver (fuzz), with fuzz/replay_main.c (fuzz-regress, fuzz-cov). A
 * harness reports a broken property with fuzz_fail(), which aborts: every
 * driver counts that as a crash.
 */
#ifndef MSA_FUZZ_H__
#define MSA_FUZZ_H__

#include <stddef.h>
#include <stdint.h>
#include "msa.h"

struct asn_TYPE_descriptor_s;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Prints "fuzz oracle: <message>" on stderr and aborts. */
void fuzz_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#define FUZZ_ASSERT(cond, ...) \
	do { if (!(cond)) fuzz_fail(__VA_ARGS__); } while (0)

/* 1 when r is an error msa_value_decode may return for bytes it rejects
 * (the gate's and the schema layers' codes, spec section "Errors"). */
int fuzz_is_decode_error(int r);

/* 1 when r is one of the DER gate's codes (-1..-12). */
int fuzz_is_gate_error(int r);

/*
 * The layered decoder's oracle, for any type of the module (td), on
 * data[0..size):
 *  - a rejection carries a decode error code, err_off < size (or 0), no
 *    value, and leaves the arena as it was;
 *  - ARENA_EXHAUSTED in an arena of MSA_ARENA_PDU_SIZE only for input that
 *    a much larger arena rejects too (msa.h: that size is enough for every
 *    PDU);
 *  - an accepted value satisfies asn_check_constraints, does not point
 *    into the input (decoded from a heap copy freed before use: ASan),
 *    re-encodes (msa_value_encode) to exactly the input, refuses a buffer
 *    one octet short without writing past it, decodes again from its
 *    re-encoding to a value that re-encodes and prints (asn1c's printer
 *    and ours) identically;
 *  - the printer NUL-terminates and returns the length it wrote.
 * Returns the decode result; on MSA_OK, *arena_used (may be NULL) is the
 * arena's use after the decode.
 */
int fuzz_value_oracle(const struct asn_TYPE_descriptor_s *td,
	const uint8_t *data, size_t size, size_t *arena_used);

/*
 * Checks msa_value_print(td, v, ...) at output capacities around the
 * rendering's length and at tiny ones: each buffer is exactly `cap` bytes
 * of heap (ASan sees one byte too many), always NUL-terminated, the return
 * value is strlen, and the output is the full rendering cut as msa.h says
 * (a prefix, ending in "..." when cut and cap >= 4).
 * full/full_len: the rendering into an ample buffer.
 */
void fuzz_print_bounds(const struct asn_TYPE_descriptor_s *td, const void *v,
	const char *full, size_t full_len, unsigned extra_cap);

/* The decode arena every harness uses: MSA_ARENA_PDU_SIZE bytes of usable
 * space (twice that in ASan builds, whose allocator adds redzones: see
 * fuzz/arena_asan.c), reset by fuzz_arena(). */
msa_arena *fuzz_arena(void);

#endif
