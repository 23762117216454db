/*
 * util.c -- wiping, constant-time comparison, error names.
 */
#include <string.h>
#include "internal.h"

/*@ requires \valid((unsigned char *)p + (0 .. n - 1));
    assigns ((unsigned char *)p)[0 .. n - 1];
    ensures \forall integer i; 0 <= i < n ==> ((unsigned char *)p)[i] == 0;
 */
void
msa_wipe(void *p, size_t n)
{
	/* Stores through a volatile pointer: the compiler must perform every
	 * one, even on memory that is dead afterwards. */
	volatile unsigned char *q = (volatile unsigned char *)p;
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant \forall integer j; 0 <= j < i ==> ((unsigned char *)p)[j] == 0;
	    loop assigns i, ((unsigned char *)p)[0 .. n - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		q[i] = 0;
}

/*@ requires \valid_read((const unsigned char *)a + (0 .. n - 1));
    requires \valid_read((const unsigned char *)b + (0 .. n - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> \forall integer i; 0 <= i < n ==>
      ((const unsigned char *)a)[i] == ((const unsigned char *)b)[i];
 */
int
msa_ct_eq(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	unsigned d = 0;
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant 0 <= d <= 255;
	    loop invariant d == 0 <==> \forall integer j; 0 <= j < i ==> x[j] == y[j];
	    loop assigns i, d;
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		d |= (unsigned)(x[i] ^ y[i]);
	/* d in 0..255: (256 - d) >> 8 is 1 only when d == 0, without a branch. */
	return (int)((256u - d) >> 8);
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
