/*
 * util.c -- wiping, constant-time comparison, error names.
 */
#include <string.h>
#include "internal.h"

/*
 * msa_wipe zeroes memory that may be dead afterwards (a key schedule on
 * the stack): the compiler must not drop the stores.
 *
 * With GCC or clang: memset, then an empty asm statement that takes the
 * pointer and clobbers memory, so the compiler must assume the zeroed bytes
 * are read and cannot treat the memset as a dead store (the method of
 * Linux's memzero_explicit and BoringSSL's OPENSSL_cleanse). memset is a
 * few vector stores: byte-wise volatile stores cost 3 instructions a byte,
 * which made wiping the largest cost of a 1 KiB record after the cipher
 * itself (bench/README.md).
 *
 * Elsewhere, and for Frama-C (which proves wipe_bytes, make proofs), the
 * portable loop of volatile byte stores, which the compiler must perform
 * one by one.
 *
 * The byte loops carry the ACSL contracts; msa_wipe and msa_ct_eq only
 * convert their void pointers, which WP's typed memory model does not
 * follow (void * is char *, the bytes are unsigned char).
 */
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__FRAMAC__)
#define MSA_WIPE_BARRIER 1
#else
#define MSA_WIPE_BARRIER 0
#endif

#if !MSA_WIPE_BARRIER
/*@ requires \valid(q + (0 .. n - 1));
    assigns q[0 .. n - 1];
    ensures \forall integer i; 0 <= i < n ==> q[i] == 0;
 */
static void
wipe_bytes(volatile unsigned char *q, size_t n)
{
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant \forall integer j; 0 <= j < i ==> q[j] == 0;
	    loop assigns i, q[0 .. n - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		q[i] = 0;
}
#endif

void
msa_wipe(void *p, size_t n)
{
#if MSA_WIPE_BARRIER
	if (n == 0)
		return;                 /* memset(NULL, 0, 0) is undefined */
	memset(p, 0, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
#elif defined(MSA_EVA_STM)
	/* Eva's state-machine run (proofs/eva_stm.c) only: memset, as the
	 * GCC/clang build does, which Eva models octet by octet (its abstract
	 * loop over n octets would only say "0 or the old value") */
	if (n > 0)
		memset(p, 0, n);
#else
	/* Stores through a volatile pointer: the compiler must perform every
	 * one, even on memory that is dead afterwards. */
	wipe_bytes((volatile unsigned char *)p, n);
#endif
}

void
msa_wipe_u8(uint8_t *p, size_t n)
{
#if MSA_WIPE_BARRIER || defined(MSA_EVA_STM)
	msa_wipe(p, n);
#else
	wipe_bytes(p, n);
#endif
}

void
msa_bytes_copy(uint8_t *dst, const uint8_t *src, size_t n)
{
	size_t k;

	/*@ loop invariant 0 <= k <= n;
	    loop invariant \forall integer j; 0 <= j < k ==> dst[j] == src[j];
	    loop assigns k, dst[0 .. n - 1];
	    loop variant n - k;
	 */
	for (k = 0; k < n; k++)
		dst[k] = src[k];
}

int
msa_bytes_eq(const uint8_t *x, const uint8_t *y, size_t n)
{
	size_t k;

	/*@ loop invariant 0 <= k <= n;
	    loop invariant \forall integer j; 0 <= j < k ==> x[j] == y[j];
	    loop assigns k;
	    loop variant n - k;
	 */
	for (k = 0; k < n; k++)
		if (x[k] != y[k])
			return 0;
	return 1;
}

/*
 * Returns 1 when x[0..n) == y[0..n), else 0, in time that depends on n
 * only. Octet by octet: a = 255 + x - y and b = 255 + y - x are 0..510
 * and both 255 exactly when x == y, so a / 256 + b / 256 is 0 for equal
 * octets and 1 otherwise; s counts the octets that differ, and the
 * result is 1 exactly when s is 0: 1 - (s + 2^32 - 1) / 2^32. Additions
 * and divisions by powers of two (shifts in the compiled code): no
 * branch, no table and no multiplication on the contents (`make
 * ct-check`), and arithmetic the provers follow: WP proves the contract
 * (make proofs). The count is a sum, which the compiler vectorises (the
 * 16-bit terms let it work on eight or sixteen octets a step; at -O3,
 * OPT_LIB): a tag and a key compare cost what the old or/xor over eight
 * octets at a time did (`make bench`), where an or-chain octet by octet
 * (the form of 2026-12-06's first proof) cost a nanosecond an octet.
 * The or/xor accumulation itself was beyond z3 and cvc4 over WP's model
 * of bitwise operators (the contract was then an assumption, H16). n is
 * below 2^32, so the count cannot wrap: the compares are short (a tag,
 * an ICV, a MAC, a key: at most 64 octets).
 */
/*@ requires n <= 4294967295;
    requires \valid_read(x + (0 .. n - 1)) && \valid_read(y + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> (\forall integer k; 0 <= k < n ==> x[k] == y[k]);
 */
static int
ct_eq_bytes(const unsigned char *x, const unsigned char *y, size_t n)
{
	uint32_t s = 0;
	size_t i;

	/*@ loop invariant 0 <= i <= n && s <= i;
	    loop invariant s == 0 <==> (\forall integer k; 0 <= k < i ==> x[k] == y[k]);
	    loop assigns i, s;
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		s += (uint16_t)((uint16_t)(255u + x[i] - y[i]) / 256u
		    + (uint16_t)(255u + y[i] - x[i]) / 256u);
	return (int)(1u - ((uint64_t)s + 4294967295u) / 4294967296u);
}

int
msa_ct_eq(const void *a, const void *b, size_t n)
{
	return ct_eq_bytes((const unsigned char *)a, (const unsigned char *)b, n);
}

int
msa_ct_eq_u8(const uint8_t *a, const uint8_t *b, size_t n)
{
	return ct_eq_bytes(a, b, n);
}

const char *
msa_err_name(int err)
{
	switch (err) {
#define E(x) case MSA_ERR_##x: return #x;
	case MSA_OK: return "OK";
	E(DER_TRUNCATED) E(DER_INDEFINITE_LENGTH) E(DER_LENGTH_NOT_MINIMAL)
	E(DER_LENGTH_TOO_LONG) E(DER_TAG_FORM) E(DER_CONSTRUCTED_FORM)
	E(DER_TRAILING_BYTES) E(DER_NESTING_TOO_DEEP) E(DER_TOO_LARGE)
	E(DER_INTEGER_NOT_MINIMAL) E(DER_BOOLEAN) E(DER_EMPTY_INTEGER)
	E(UNKNOWN_PDU) E(SCHEMA) E(CONSTRAINT) E(VALUE_RANGE) E(UNKNOWN_ENUM)
	E(NOT_CANONICAL) E(ARENA_EXHAUSTED) E(BUFFER_TOO_SMALL) E(ENCODE)
	E(BAD_ARGUMENT)
	E(UNSUPPORTED) E(BAD_KEY_SHARE) E(BAD_SIGNATURE) E(BAD_MAC)
	E(BAD_RECORD) E(RNG) E(BAD_KEY)
	E(CERT_DECODE) E(CERT_EXPIRED) E(CERT_NOT_YET_VALID) E(CERT_UNTRUSTED)
	E(CERT_KEY_USAGE) E(CERT_NOT_CA) E(CERT_CHAIN_TOO_LONG) E(CERT_KEY_TYPE)
	E(CERT_IDENTITY) E(CERT_UNKNOWN_REF) E(CERT_PROFILE)
	E(STATE) E(PROTOCOL_VERSION) E(NO_COMMON_SUITE) E(ILLEGAL_PARAMETER)
	E(BAD_SEQUENCE) E(USAGE_LIMIT) E(RENEWAL) E(UNKNOWN_ASSOC)
	E(PEER_REJECT) E(PEER_ABORT) E(CLOSED) E(INTERNAL)
	E(TIMEOUT) E(RESOURCE_EXHAUSTED)
#undef E
	default: return "UNKNOWN_ERROR";
	}
}
