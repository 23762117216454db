/*
 * util.c -- wiping, constant-time comparison, error names.
 */
#include "internal.h"

void
msa_wipe(void *p, size_t n)
{
	/* Stores through a volatile pointer: the compiler must perform every
	 * one, even on memory that is dead afterwards. */
	volatile unsigned char *q = (volatile unsigned char *)p;

	while (n-- > 0)
		*q++ = 0;
}

int
msa_ct_eq(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	unsigned d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= (unsigned)(x[i] ^ y[i]);
	/* d in 0..255: (d - 1) >> 8 is 1 only when d == 0, without a branch. */
	return (int)(((d - 1u) >> 8) & 1u);
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
