/*
 * fuzz_type.c -- the per-type harnesses: one value of type FUZZ_TYPE (set
 * with -DFUZZ_TYPE=HandshakeInit etc.; mk/fuzz.mk builds one harness
 * fuzz_type_<Type> per type in FUZZ_TYPES) through msa_value_decode, so
 * that each type's decoder is reached directly, with its own universal
 * tag, and with the round-trip oracle of fuzz/common.c.
 * The types: MsaPdu's alternatives and the control messages carried in a
 * ProtectedPdu's body. REQ-ENC-001..018.
 */
#include "fuzz.h"

#ifndef FUZZ_TYPE
#error "compile with -DFUZZ_TYPE=<a type of asn1/msa.asn1>"
#endif

#define STR_(x) #x
#define STR(x) STR_(x)
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

#include STR(FUZZ_TYPE.h)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_value_oracle(&CAT(asn_DEF_, FUZZ_TYPE), data, size, NULL);
	return 0;
}
