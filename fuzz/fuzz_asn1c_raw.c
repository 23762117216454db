/*
 * fuzz_asn1c_raw.c -- asn1c's generated BER decoder for MsaPdu, straight on
 * the input, WITHOUT the DER gate: indefinite lengths, end-of-contents,
 * constructed strings, long-form lengths, trailing bytes all reach the
 * generated code (built from the skeletons with the scripts of asn1/fixes/ applied).
 * Finds what the gate currently masks; each finding gets a scripted
 * skeleton fix (asn1/fixes/NN-name.sh) and a regression input
 * (fuzz/regressions/fuzz_asn1c_raw/).
 *
 * Allocation as in production: the arena of MSA_ARENA_PDU_SIZE, installed
 * for the call as src/codec.c does (msa_arena_install), so allocation
 * failures are real paths here. Properties:
 *  - no crash, hang, sanitizer report (the ASan builds put a redzone after
 *    every arena block: fuzz/arena_asan.c);
 *  - consumed <= size;
 *  - a decoded value that passes asn_check_constraints DER-encodes, the
 *    encoding has the size the sizing pass announced, decodes again (BER
 *    reads DER), and encodes again to the same octets (DER is a function of
 *    the value);
 *  - the layered decoder (msa_value_decode) accepts that DER encoding
 *    unless a check above asn1c's refuses it (unknown enumeration,
 *    sequence number range, nesting, size): anything else means our layers
 *    and asn1c disagree on what DER is;
 *  - the partial value of a failed decode can be freed (ASN_STRUCT_FREE,
 *    asn1c's documented clean-up).
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "internal.h"

#include "MsaPdu.h"

#ifdef FUZZ_ARENA_REDZONES
#define ARENA_FACTOR 2u
#else
#define ARENA_FACTOR 1u
#endif

static unsigned char mem[ARENA_FACTOR * MSA_ARENA_PDU_SIZE + 16u];

typedef struct {
	uint8_t *p;
	size_t cap, n;
} obuf;

static int
put(const void *chunk, size_t n, void *key)
{
	obuf *o = key;

	FUZZ_ASSERT(n <= o->cap - o->n, "der_encode writes %zu past its announced size", n);
	if (n > 0)          /* an empty OCTET STRING comes as (NULL, 0): memcpy's arguments must not be NULL */
		memcpy(o->p + o->n, chunk, n);
	o->n += n;
	return 0;
}

/* DER-encodes v into a heap buffer of exactly the announced size. */
static uint8_t *
encode(MsaPdu_t *v, size_t *len)
{
	asn_enc_rval_t er;
	obuf o;

	er = der_encode(&asn_DEF_MsaPdu, v, NULL, NULL);
	if (er.encoded < 0)
		return NULL;
	o.cap = (size_t)er.encoded;
	o.n = 0;
	o.p = malloc(o.cap ? o.cap : 1u);
	FUZZ_ASSERT(o.p != NULL, "malloc");
	er = der_encode(&asn_DEF_MsaPdu, v, put, &o);
	FUZZ_ASSERT(er.encoded >= 0 && (size_t)er.encoded == o.cap && o.n == o.cap,
		"der_encode: sizing pass %zu, writing pass %zd (%zu written)",
		o.cap, er.encoded, o.n);
	*len = o.n;
	return o.p;
}

/* Codes the layers above asn1c may add for a value asn1c finds valid. */
static int
above_asn1c(int r)
{
	return r == MSA_ERR_UNKNOWN_ENUM || r == MSA_ERR_VALUE_RANGE
		|| r == MSA_ERR_DER_NESTING_TOO_DEEP || r == MSA_ERR_DER_TOO_LARGE
		|| r == MSA_ERR_UNKNOWN_PDU || r == MSA_ERR_ARENA_EXHAUSTED;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	asn_codec_ctx_t cc;
	asn_dec_rval_t rv, rv2;
	msa_arena a, *prev;
	MsaPdu_t *v = NULL, *v2 = NULL;
	uint8_t *e1 = NULL, *e2 = NULL;
	size_t l1 = 0, l2 = 0;

	FUZZ_ASSERT(msa_arena_init(&a, mem, sizeof mem) == MSA_OK, "arena init");
	prev = msa_arena_install(&a);
	memset(&cc, 0, sizeof cc);
	cc.max_stack_size = 32768;      /* as src/codec.c */
	rv = ber_decode(&cc, &asn_DEF_MsaPdu, (void **)&v, data, size);
	FUZZ_ASSERT(rv.consumed <= size, "consumed %zu of %zu", rv.consumed, size);

	if (rv.code == RC_OK) {
		FUZZ_ASSERT(v != NULL, "RC_OK without a value");
		if (asn_check_constraints(&asn_DEF_MsaPdu, v, NULL, NULL) == 0
			&& (e1 = encode(v, &l1)) != NULL) {
			unsigned f0 = a.fails;

			memset(&cc, 0, sizeof cc);
			cc.max_stack_size = 32768;
			rv2 = ber_decode(&cc, &asn_DEF_MsaPdu, (void **)&v2, e1, l1);
			if (rv2.code == RC_OK) {
				FUZZ_ASSERT(rv2.consumed == l1, "DER re-encoding: %zu of %zu consumed",
					rv2.consumed, l1);
				e2 = encode(v2, &l2);
				FUZZ_ASSERT(e2 != NULL && l2 == l1 && memcmp(e1, e2, l1) == 0,
					"DER(decode(DER(v))) != DER(v)");
			} else {
				/* Only for want of arena: asn1c must read its own DER. */
				FUZZ_ASSERT(a.fails > f0, "asn1c cannot decode its own DER encoding (%d)",
					(int)rv2.code);
			}
			if (v2 != NULL)
				ASN_STRUCT_FREE(asn_DEF_MsaPdu, v2);
			v2 = NULL;
		}
	}
	if (v != NULL)
		ASN_STRUCT_FREE(asn_DEF_MsaPdu, v);
	msa_arena_install(prev);
	msa_arena_reset(&a);

	/* The layered decoder on asn1c's DER of the value. */
	if (e1 != NULL && l1 <= MSA_MAX_PDU) {
		msa_arena *fa = fuzz_arena();
		void *w = NULL;
		size_t off = 0;
		int r = msa_value_decode(fa, &asn_DEF_MsaPdu, e1, l1, &w, &off);
		FUZZ_ASSERT(r == MSA_OK || above_asn1c(r),
			"asn1c's DER of a valid value is rejected by the layers: %s at %zu",
			msa_err_name(r), off);
		msa_arena_reset(fa);
	}
	free(e1);
	free(e2);
	return 0;
}
