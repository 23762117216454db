/*
 * der_edit.h -- the TLV reading of `msa conform` (src/cli/cmd_conform.c),
 * which edits our own PDUs to inject faults and reads some of the
 * implementation under test's: tolerant (definite lengths of up to three
 * octets, not necessarily minimal: the strict gate is the engine's), bounded
 * by (b, n), no heap. Every function is proved with Frama-C WP (make proofs;
 * proofs/README.md): it reads only b[0..n) and writes only what its
 * contract names.
 */
#ifndef MSA_CLI_DER_EDIT_H__
#define MSA_CLI_DER_EDIT_H__

#include <stddef.h>
#include <stdint.h>

/* The TLV at b[0..n): 0 with its header length *hl (2..5) and content
 * length *cl, hl + cl <= n; -1 when b does not start with a definite-length
 * TLV inside n octets. */
/*@ requires \valid_read(b + (0 .. n - 1)) && \valid(hl) && \valid(cl) && \separated(hl, cl);
    assigns *hl, *cl;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> 2 <= *hl <= 5 && *hl + *cl <= n;
 */
int cli_tlv(const uint8_t *b, size_t n, size_t *hl, size_t *cl);

/* The node at path[0..d) (child indices from the root TLV b[0..n)): 0 with
 * its offset, header and content lengths (off + hl + cl <= n); -1 when a
 * TLV on the way does not read or the path leaves the tree. */
/*@ requires n < 0x7fffffff && d >= 0 && \valid_read(b + (0 .. n - 1));
    requires \valid_read(path + (0 .. d - 1));
    requires \valid(off) && \valid(hl) && \valid(cl) && \separated(off, hl, cl);
    assigns *off, *hl, *cl;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> 2 <= *hl && *off + *hl + *cl <= n;
 */
int cli_der_at(const uint8_t *b, size_t n, const int *path, int d, size_t *off, size_t *hl,
	size_t *cl);

/* 1 when a child of the TLV b[0..n), among those before the first that does
 * not read, has the identifier octet tag; else 0. */
/*@ requires n < 0x7fffffff && \valid_read(b + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
 */
int cli_der_has_child(const uint8_t *b, size_t n, uint8_t tag);

/* The TLV b[0..n) without its child k (a copy into out[0..cap), its length
 * re-encoded, minimal): the length written, or -1 (nothing written) when a
 * TLV does not read, there is no child k, its tag is no DER tag or out
 * cannot hold the result. */
/*@ requires n < 0x7fffffff && cap < 0x7fffffff && \valid_read(b + (0 .. n - 1));
    requires \valid(out + (0 .. cap - 1)) && \separated(out + (0 .. cap - 1), b + (0 .. n - 1));
    assigns out[0 .. cap - 1];
    ensures -1 <= \result <= cap;
 */
long cli_der_drop(const uint8_t *b, size_t n, int k, uint8_t *out, size_t cap);

#endif
