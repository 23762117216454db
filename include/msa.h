/*
 * msa.h -- the public API of MSA, the M2M Secure Association protocol.
 *
 * Conventions (as in BearSSL):
 *  - every context and buffer is owned by the caller; the library never
 *    allocates (no malloc/calloc/realloc/free anywhere in libmsa.a);
 *  - every input is given as (pointer, length) and never read beyond;
 *  - functions return MSA_OK (0) or a negative msa_err code; where an offset
 *    into the input is meaningful it is reported through an `err_off`
 *    out-parameter (may be NULL);
 *  - names: msa_ for functions and types, MSA_ for constants.
 * The normative behaviour is in spec/msa.md; REQ ids are cited where a
 * declaration implements one.
 */
#ifndef MSA_H__
#define MSA_H__

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Limits (spec section "Limits"); compile-time constants.             */

#define MSA_MAX_PDU        16640u  /* largest PDU, outer TLV included (REQ-LIM-001) */
#define MSA_MAX_DATA       16384u  /* largest application message (REQ-LIM-002) */
#define MSA_MAX_DEPTH      8u      /* deepest TLV nesting in a PDU (REQ-LIM-003) */
#define MSA_MAX_CERT       2048u   /* largest certificate (REQ-LIM-004) */
#define MSA_MAX_CHAIN      4u      /* certificates in a chain, EE first (REQ-LIM-005) */
#define MSA_AID_LEN        4u      /* association id length */
#define MSA_NONCE_LEN      32u
#define MSA_CERTREF_LEN    32u
#define MSA_MAX_HASH       48u     /* SHA-384 */

/* ------------------------------------------------------------------ */
/* Errors. The name of MSA_ERR_X is "X" (msa_err_name()); these are the
 * spec's error names (spec section "Errors"), printed by the tool as
 * "error: NAME". Values are stable. */

typedef enum {
	MSA_OK = 0,

	/* strict DER gate (REQ-ENC-*) */
	MSA_ERR_DER_TRUNCATED            = -1,  /* a TLV runs past the input, or empty input */
	MSA_ERR_DER_INDEFINITE_LENGTH    = -2,  /* length octet 0x80 */
	MSA_ERR_DER_LENGTH_NOT_MINIMAL   = -3,  /* long form where short fits, or leading 0x00 */
	MSA_ERR_DER_LENGTH_TOO_LONG      = -4,  /* more length octets than a PDU can need */
	MSA_ERR_DER_TAG_FORM             = -5,  /* high-tag-number form or tag 0 universal */
	MSA_ERR_DER_CONSTRUCTED_FORM     = -6,  /* primitive/constructed bit wrong for the type */
	MSA_ERR_DER_TRAILING_BYTES       = -7,  /* bytes after the PDU */
	MSA_ERR_DER_NESTING_TOO_DEEP     = -8,  /* deeper than MSA_MAX_DEPTH */
	MSA_ERR_DER_TOO_LARGE            = -9,  /* longer than MSA_MAX_PDU */
	MSA_ERR_DER_INTEGER_NOT_MINIMAL  = -10, /* INTEGER/ENUMERATED with redundant leading octet */
	MSA_ERR_DER_BOOLEAN              = -11, /* BOOLEAN not one octet 00 or FF */
	MSA_ERR_DER_EMPTY_INTEGER        = -12, /* INTEGER/ENUMERATED with no content */

	/* schema and values (REQ-ENC-*) */
	MSA_ERR_UNKNOWN_PDU              = -20, /* an MsaPdu alternative this version does not know */
	MSA_ERR_SCHEMA                   = -21, /* not a value of the ASN.1 type (wrong tag, missing field) */
	MSA_ERR_CONSTRAINT               = -22, /* a SIZE or value constraint is violated */
	MSA_ERR_VALUE_RANGE              = -23, /* an INTEGER outside its range (checked by the application) */
	MSA_ERR_UNKNOWN_ENUM             = -24, /* an ENUMERATED value this version does not know */
	MSA_ERR_NOT_CANONICAL            = -25, /* does not re-encode to the same bytes */
	MSA_ERR_ARENA_EXHAUSTED          = -26, /* the caller's decode arena is too small */
	MSA_ERR_BUFFER_TOO_SMALL         = -27, /* the caller's output buffer is too small */
	MSA_ERR_ENCODE                   = -28, /* the value cannot be encoded (violates the schema) */
	MSA_ERR_BAD_ARGUMENT             = -29, /* API misuse: NULL pointer, bad length */

	/* crypto (REQ-CRY-*) */
	MSA_ERR_UNSUPPORTED              = -40, /* suite, group or algorithm not implemented */
	MSA_ERR_BAD_KEY_SHARE            = -41, /* invalid public key or all-zero shared secret */
	MSA_ERR_BAD_SIGNATURE            = -42,
	MSA_ERR_BAD_MAC                  = -43, /* handshake key confirmation failed */
	MSA_ERR_BAD_RECORD               = -44, /* AEAD tag or ICV failed */
	MSA_ERR_RNG                      = -45, /* no entropy */
	MSA_ERR_BAD_KEY                  = -46, /* a private key that cannot be used */

	/* certificates (REQ-CRT-*) */
	MSA_ERR_CERT_DECODE              = -60, /* not a parsable DER/PEM X.509 certificate */
	MSA_ERR_CERT_EXPIRED             = -61,
	MSA_ERR_CERT_NOT_YET_VALID       = -62,
	MSA_ERR_CERT_UNTRUSTED           = -63, /* no path to a trust anchor, or a bad signature in it */
	MSA_ERR_CERT_KEY_USAGE           = -64,
	MSA_ERR_CERT_NOT_CA              = -65, /* an issuer without basicConstraints cA TRUE */
	MSA_ERR_CERT_CHAIN_TOO_LONG      = -66,
	MSA_ERR_CERT_KEY_TYPE            = -67, /* not an ECDSA P-256/P-384 key */
	MSA_ERR_CERT_IDENTITY            = -68, /* the SAN URI is not the expected AE name */
	MSA_ERR_CERT_UNKNOWN_REF         = -69, /* certificate by reference not in the store */
	MSA_ERR_CERT_PROFILE             = -70, /* other profile violation (version, size, ...) */

	/* association engine (REQ-HS-*, REQ-DT-*, REQ-KR-*, REQ-TRM-*) */
	MSA_ERR_STATE                    = -80, /* PDU or call not allowed in this state */
	MSA_ERR_PROTOCOL_VERSION         = -81,
	MSA_ERR_NO_COMMON_SUITE          = -82,
	MSA_ERR_ILLEGAL_PARAMETER        = -83,
	MSA_ERR_BAD_SEQUENCE             = -84, /* replayed, skipped or reordered seq/generation */
	MSA_ERR_USAGE_LIMIT              = -85,
	MSA_ERR_RENEWAL                  = -86, /* renewal out of sequence */
	MSA_ERR_UNKNOWN_ASSOC            = -87,
	MSA_ERR_PEER_REJECT              = -88, /* the peer sent HandshakeReject */
	MSA_ERR_PEER_ABORT               = -89, /* the peer sent an abort */
	MSA_ERR_CLOSED                   = -90, /* the association is released or aborted */
	MSA_ERR_INTERNAL                 = -91
} msa_err;

/*
 * msa_err_name: the spec's name of an error code ("DER_TRUNCATED" for
 * MSA_ERR_DER_TRUNCATED, "OK" for MSA_OK), or "UNKNOWN_ERROR". Never NULL;
 * the string is static.
 */
const char *msa_err_name(int err);

/* ------------------------------------------------------------------ */
/* Bounded arena: where the ASN.1 decoder's allocations go.
 *
 * The caller provides the memory (any alignment; the arena aligns each
 * block to 16 bytes). Allocation is a bump of `used`; a block can be freed
 * only as a whole arena (msa_arena_reset). Running out is never an overrun:
 * the decode fails with MSA_ERR_ARENA_EXHAUSTED. MSA_ARENA_PDU_SIZE is
 * enough for any PDU of MSA_MAX_PDU bytes. Not thread-safe: one arena per
 * thread; the decoder reaches it through a per-thread pointer set for the
 * duration of one call.
 */
typedef struct {
	unsigned char *base;   /* caller's memory, aligned up to 16 */
	size_t cap;            /* usable bytes from base */
	size_t used;           /* bytes handed out, multiple of 16 */
	size_t high;           /* high-water mark of used, for sizing */
	unsigned fails;        /* allocations refused since init */
} msa_arena;

#define MSA_ARENA_PDU_SIZE 49152u

/* msa_arena_init: use buf[0..len) as the arena. Returns MSA_OK, or
 * MSA_ERR_BAD_ARGUMENT when buf is NULL or too small to align. */
int msa_arena_init(msa_arena *a, void *buf, size_t len);

/* msa_arena_reset: forget every block (the memory is zeroed: decoded values
 * may hold key shares and certificates). */
void msa_arena_reset(msa_arena *a);

/* msa_arena_alloc: a zeroed block of n bytes, 16-aligned, or NULL when it
 * does not fit (never partially). */
void *msa_arena_alloc(msa_arena *a, size_t n);

/* ------------------------------------------------------------------ */
/* Strict DER gate (REQ-ENC-001..). Walks the TLV structure of one PDU
 * without interpreting it and accepts only the DER subset of the spec:
 * definite minimal lengths, low tag numbers, nesting <= MSA_MAX_DEPTH,
 * total <= MSA_MAX_PDU, exactly one outer TLV (no trailing bytes). It knows
 * the universal primitive types (BOOLEAN, INTEGER, ENUMERATED, OCTET STRING,
 * UTF8String) and checks their form and minimal content. Context-tagged
 * values are primitive or constructed as their tag bit says; the schema
 * step checks the rest.
 * On failure returns the error and sets *err_off to the offset of the
 * offending octet. On success *pdu_len (may be NULL) is the PDU's length.
 */
int msa_der_check(const uint8_t *buf, size_t len, size_t *pdu_len, size_t *err_off);

/*
 * msa_der_frame: for a stream transport. Given the bytes received so far,
 * says whether one whole PDU is there: returns MSA_OK with *pdu_len set when
 * buf[0..*pdu_len) holds one outer TLV; 1 when more bytes are needed (the
 * header read so far is valid); or an error (bad header, or an announced
 * length beyond MSA_MAX_PDU: MSA_ERR_DER_TOO_LARGE) with *err_off set.
 * It only frames: the PDU must still be decoded.
 */
int msa_der_frame(const uint8_t *buf, size_t len, size_t *pdu_len, size_t *err_off);

/* ------------------------------------------------------------------ */
/* PDU codec. Values are asn1c's generated structures (generated into build/gen/,
 * from asn1/msa.asn1); include "MsaPdu.h" to use them. */

struct MsaPdu;

/*
 * msa_pdu_decode: decodes one PDU from buf[0..len) through the five layers
 * of spec section "Decoding": DER gate, schema decode, constraints,
 * application checks, canonical re-encode. On success *out points to a
 * value in the arena (valid until msa_arena_reset). On failure returns the
 * error, *out is NULL and *err_off is the offset where it was found (0 when
 * the layer cannot tell: schema and canonical-form failures report the
 * offset of the first differing octet when there is one).
 * Needs MSA_ARENA_PDU_SIZE bytes of arena for any PDU; uses no heap.
 */
int msa_pdu_decode(msa_arena *a, const uint8_t *buf, size_t len,
	struct MsaPdu **out, size_t *err_off);

/*
 * msa_pdu_encode: DER-encodes *pdu into out[0..cap). Returns the number of
 * bytes written (> 0), MSA_ERR_BUFFER_TOO_SMALL, or MSA_ERR_ENCODE when the
 * value violates the schema's constraints.
 */
int msa_pdu_encode(const struct MsaPdu *pdu, uint8_t *out, size_t cap);

/*
 * msa_value_decode / msa_value_encode: the same for a value of any type of
 * the module (td = &asn_DEF_<Type>), for the control messages carried in a
 * ProtectedPdu's body (KeyUpdate, RekeyRequest, ...). `td` is a
 * `const struct asn_TYPE_descriptor_s *`.
 */
struct asn_TYPE_descriptor_s;
int msa_value_decode(msa_arena *a, const struct asn_TYPE_descriptor_s *td,
	const uint8_t *buf, size_t len, void **out, size_t *err_off);
int msa_value_encode(const struct asn_TYPE_descriptor_s *td, const void *value,
	uint8_t *out, size_t cap);

/*
 * msa_pdu_print: writes a readable rendering of a decoded PDU (its type and
 * every field, octet strings in hex) to out[0..cap), NUL-terminated,
 * truncated with "..." if needed. Returns the length written (without NUL).
 */
size_t msa_pdu_print(const struct MsaPdu *pdu, char *out, size_t cap);

/* msa_value_print: the same for a value of any type of the module. */
size_t msa_value_print(const struct asn_TYPE_descriptor_s *td, const void *value,
	char *out, size_t cap);

/* msa_pdu_type_name: "HandshakeInit", ..., or "?" */
const char *msa_pdu_type_name(const struct MsaPdu *pdu);

/* @@SECTION-CRYPTO@@ (crypto provider, suites: replaced by its section) */

/* @@SECTION-X509@@ (certificates: replaced by its section) */

/* @@SECTION-ENGINE@@ (association engine: replaced by its section) */

#ifdef __cplusplus
}
#endif
#endif /* MSA_H__ */
