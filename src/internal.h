/*
 * internal.h -- declarations shared inside libmsa, not part of the API.
 */
#ifndef MSA_INTERNAL_H__
#define MSA_INTERNAL_H__

#include <stddef.h>
#include <stdint.h>
#include "msa.h"

/* msa_wipe: zeroes n bytes at p in a way the compiler cannot drop (secrets). */
void msa_wipe(void *p, size_t n);
/* msa_wipe_u8: msa_wipe for octet buffers, typed for WP (no void *). */
/*@ requires \valid(p + (0 .. n - 1));
    assigns p[0 .. n - 1];
    ensures \forall integer i; 0 <= i < n ==> p[i] == 0;
 */
void msa_wipe_u8(uint8_t *p, size_t n);

/* msa_bytes_copy: dst[0..n) = src[0..n), as a byte loop WP's typed model
 * follows (what memcpy does; the buffers do not overlap). */
/*@ requires \valid(dst + (0 .. n - 1)) && \valid_read(src + (0 .. n - 1));
    requires \separated(dst + (0 .. n - 1), src + (0 .. n - 1));
    assigns dst[0 .. n - 1];
    ensures \forall integer k; 0 <= k < n ==> dst[k] == src[k];
 */
void msa_bytes_copy(uint8_t *dst, const uint8_t *src, size_t n);

/* msa_bytes_eq: 1 when x[0..n) == y[0..n), else 0; stops at the first
 * difference, so only for public values (AIDs, nonces, certificate
 * references, names); secrets go through msa_ct_eq. */
/*@ requires \valid_read(x + (0 .. n - 1)) && \valid_read(y + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> \forall integer k; 0 <= k < n ==> x[k] == y[k];
    ensures same: \result == 1 <==> msa_same(x, y, n);
 */
int msa_bytes_eq(const uint8_t *x, const uint8_t *y, size_t n);

/* msa_ct_eq: 1 when a[0..n) == b[0..n), 0 otherwise; time independent of
 * the contents. n below 2^32 (the compares are of tags, ICVs, MACs and
 * keys: at most 64 octets). */
int msa_ct_eq(const void *a, const void *b, size_t n);
/* msa_ct_eq_u8: msa_ct_eq for octet buffers, typed for WP (the tag and ICV
 * checks of a received record). Proved (make proofs; proofs/README.md):
 * 1 exactly on equality, 0 otherwise, nothing written. */
/*@ requires n <= 4294967295;
    requires \valid_read(a + (0 .. n - 1)) && \valid_read(b + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> (\forall integer k; 0 <= k < n ==> a[k] == b[k]);
 */
int msa_ct_eq_u8(const uint8_t *a, const uint8_t *b, size_t n);

/* The arena's alignment, and what an arena in use is (ACSL, for the proofs
 * of arena.c and of the decoder in codec.c): cap and used are multiples of
 * 16, used <= high <= cap, and base[0 .. cap) is memory the arena may
 * write, apart from the arena's own fields. */
#define ARENA_ALIGN 16u
/*@ predicate arena_ok(msa_arena *a) =
      \valid(a) && a->base != \null && a->cap % ARENA_ALIGN == 0
      && a->used % ARENA_ALIGN == 0 && a->used <= a->high <= a->cap
      && \valid(a->base + (0 .. a->cap - 1))
      && \separated(a, a->base + (0 .. a->cap - 1));
 */

/* msa_arena_install: makes `a` the arena of the asn1c allocator for this
 * thread; returns the previous one (to restore). */
msa_arena *msa_arena_install(msa_arena *a);

/* Mutation testing (mk/mutants.mk, tests/t_mutants.sh): a build with
 * -DMSA_MUTANT=N removes check N, so that the tests can show that the peer
 * tester (msa conform) and the vectors notice its absence. 0, the default,
 * in every real build: the checks below then fold to the plain check. */
#ifndef MSA_MUTANT
#define MSA_MUTANT 0
#endif
#define MSA_MUTANT_SIGNATURE 1   /* handshake signatures not verified (REQ-HS-038, 052) */
#define MSA_MUTANT_SEQUENCE  2   /* stream records' sequence numbers not checked (REQ-DT-012) */
#define MSA_MUTATED(n) (MSA_MUTANT == (n))

/* The allocator asn1c's skeletons call (asn1/fixes/01-arena.sh). */
void *msa_asn1_calloc(size_t nmemb, size_t size);
void *msa_asn1_malloc(size_t size);
void *msa_asn1_realloc(void *ptr, size_t size);
void msa_asn1_free(void *ptr);

#ifdef MSA_FUZZING
/*
 * Fuzzing builds only (issue 7; mk/fuzz.mk compiles with -DMSA_FUZZING,
 * libmsa.a never has this symbol: make nm-check). When a harness sets it,
 * a handshake MAC (HandshakeResp, HandshakeFinish) that failed its check
 * is accepted if it returns non-zero, so that a fuzzer's mutated handshake
 * reaches the states behind it. The comparison itself (msa_mac_verify)
 * is the same constant-time one; only its verdict is overruled afterwards.
 */
extern int (*msa_fuzz_forge_hs_mac)(void);
#endif

#endif
