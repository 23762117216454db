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
	MSA_ERR_INTERNAL                 = -91,
	MSA_ERR_TIMEOUT                  = -92, /* handshake, renewal or release timeout */
	MSA_ERR_RESOURCE_EXHAUSTED       = -93  /* no free association in the caller's pool */
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

/*
 * msa_value_json: the JSON mapping of vectors/README.md of a decoded value
 * of td (a SEQUENCE an object of its present members, a CHOICE an object
 * of its one alternative, a SEQUENCE OF an array, BOOLEAN true/false,
 * INTEGER a number, ENUMERATED its name as a string, UTF8String a string,
 * OCTET STRING its octets in lower-case hex as a string) to out[0..cap),
 * NUL-terminated; truncated with "..." when it does not fit (the return
 * value is then cap - 1: give room). Returns the length written.
 */
size_t msa_value_json(const struct asn_TYPE_descriptor_s *td, const void *value,
	char *out, size_t cap);

/* msa_pdu_type_name: "HandshakeInit", ..., or "?" */
const char *msa_pdu_type_name(const struct MsaPdu *pdu);

/* ================================================================== */
/* Crypto: suite registry, randomness, crypto provider (spec sections
 * "Suites", "Key schedule", "Data transfer"; REQ-SUI-*, REQ-CRY-*,
 * REQ-KS-*). Implementation on BearSSL 0.6: src/suite.c, src/drbg.c,
 * src/hkdf.c, src/crypto_bearssl*.c.
 *
 * Conventions of this section:
 *  - every buffer is (pointer, length); an output buffer's capacity is
 *    given and never exceeded; outputs of a fixed size say so;
 *  - every context (msa_drbg, msa_hash_ctx, msa_kex_key, msa_private_key)
 *    is a fixed-size struct owned by the caller; nothing is allocated;
 *  - secrets held in the caller's structs are the caller's to wipe
 *    (msa_drbg_wipe, msa_kex_key_wipe, msa_private_key_wipe); the library
 *    wipes every temporary secret it makes (stack copies, key schedules,
 *    intermediate HMAC states) before returning;
 *  - tag, MAC and ICV comparisons run in constant time.
 */

/* -- Registry values (REQ-SUI-001..) --------------------------------- */

/* Key-exchange groups (wire GroupId). */
#define MSA_GROUP_X25519          1u  /* share: 32 bytes (RFC 7748 u-coordinate) */
#define MSA_GROUP_P256            2u  /* share: 65 bytes, 0x04 || X || Y */
#define MSA_GROUP_X25519MLKEM768  3u  /* reserved: may be offered, never chosen in v1 */

/* Record protection. */
#define MSA_PROT_AES128GCM        1u  /* AEAD, key 16, nonce 12, tag 16 */
#define MSA_PROT_AES256GCM        2u  /* AEAD, key 32, nonce 12, tag 16 */
#define MSA_PROT_CHACHA20POLY1305 3u  /* AEAD (RFC 8439), key 32, nonce 12, tag 16 */
#define MSA_PROT_AES128CCM        4u  /* AEAD (RFC 3610, 16-byte tag), key 16, nonce 12 */
#define MSA_PROT_HMACSHA256       5u  /* integrity only: ICV = HMAC-SHA-256, key 32, ICV 32 */

/* Hash functions (transcript hash, HKDF, HMAC). */
#define MSA_HASH_SHA256           1u  /* 32-byte output */
#define MSA_HASH_SHA384           2u  /* 48-byte output */

/* Signature algorithms (not part of a suite: given by the key). */
#define MSA_SIG_ECDSA_P256_SHA256 1u  /* private scalar 32, public point 65 */
#define MSA_SIG_ECDSA_P384_SHA384 2u  /* private scalar 48, public point 97 */

/* Suite ids (wire SuiteId), spec registry. */
#define MSA_SUITE_X25519_AES128GCM_SHA256         0x0001u /* mandatory to implement */
#define MSA_SUITE_P256_AES128GCM_SHA256           0x0002u
#define MSA_SUITE_X25519_AES256GCM_SHA384         0x0003u
#define MSA_SUITE_P256_AES256GCM_SHA384           0x0004u
#define MSA_SUITE_X25519_CHACHA20POLY1305_SHA256  0x0005u
#define MSA_SUITE_X25519_AES128CCM_SHA256         0x0006u
#define MSA_SUITE_P256_AES128CCM_SHA256           0x0007u
#define MSA_SUITE_X25519_HMACSHA256_SHA256        0x0011u /* integrity only */
#define MSA_SUITE_P256_HMACSHA256_SHA256          0x0012u /* integrity only */
#define MSA_SUITE_X25519MLKEM768_AES128GCM_SHA256 0x0101u /* reserved, not implemented */

/* Sizes. */
#define MSA_KEX_SHARE_MAX   65u   /* largest implemented key share (P-256) */
#define MSA_KEX_Z_LEN       32u   /* shared secret Z: X25519 result or P-256 X coordinate */
#define MSA_AEAD_NONCE_LEN  12u
#define MSA_AEAD_TAG_LEN    16u
#define MSA_ICV_LEN         32u   /* HMAC-SHA-256, untruncated */
#define MSA_MAX_KEY_LEN     32u   /* largest traffic key */
#define MSA_SIG_MAX         104u  /* largest DER ECDSA-Sig-Value (P-384) */
#define MSA_PUBKEY_MAX      97u   /* largest uncompressed point (P-384) */
#define MSA_PRIVKEY_MAX     48u   /* largest ECDSA private scalar (P-384) */

/*
 * msa_suite: one row of the suite registry (spec section "Suites").
 * key_len: traffic key (Nk); iv_len: 12 for AEAD, 0 for integrity-only;
 * tag_len: AEAD tag (16) or ICV (32); hash_len: HashLen (32 or 48);
 * usage_limit: most records one traffic key may protect (REQ-SUI-001,
 * REQ-KR-018: AES-GCM 2^24, AES-CCM 2^23, ChaCha20-Poly1305 and HMAC 2^32-1);
 * reserved: 1 for a registered id that this version does not implement
 * (0x0101): it may appear in an offer, it is never chosen.
 */
typedef struct {
	uint16_t id;
	const char *name;          /* e.g. "X25519_AES128GCM_SHA256" (static) */
	uint8_t group;             /* MSA_GROUP_* */
	uint8_t protection;        /* MSA_PROT_* */
	uint8_t hash;              /* MSA_HASH_* */
	uint8_t key_len;
	uint8_t iv_len;
	uint8_t tag_len;
	uint8_t hash_len;
	uint8_t aead;              /* 1 AEAD, 0 integrity-only (ICV) */
	uint8_t reserved;          /* 1: registered but not implemented */
	uint32_t usage_limit;      /* records per traffic key */
} msa_suite;

/* msa_suite_find: the registry row of suite `id` (reserved ones included,
 * with .reserved = 1), or NULL for an unregistered id. Static data. */
const msa_suite *msa_suite_find(uint16_t id);

/* msa_suite_by_name: the row whose .name equals `name` exactly (ASCII,
 * case-sensitive, NUL-terminated), or NULL (also for name == NULL). */
const msa_suite *msa_suite_by_name(const char *name);

/* msa_suite_at: the i-th row in registry order (i = 0..), NULL past the
 * end: for listing suites. */
const msa_suite *msa_suite_at(size_t i);

/* msa_hash_len: 32 for MSA_HASH_SHA256, 48 for MSA_HASH_SHA384, 0 otherwise. */
size_t msa_hash_len(unsigned hash);

/* msa_group_share_len: the exact key share length of an implemented group
 * (32 for X25519, 65 for P-256), 0 for a reserved or unknown group. */
size_t msa_group_share_len(unsigned group);

/* -- Randomness: HMAC_DRBG (SHA-256) (REQ-CRY-004, REQ-CRY-005) ------ */

/*
 * msa_drbg: a deterministic random bit generator (NIST SP 800-90A
 * HMAC_DRBG with SHA-256, BearSSL's br_hmac_drbg), opaque, caller-owned.
 * Seeded from the kernel with getrandom() (never from BearSSL's system
 * seeder, which uses RDRAND alone on this build).
 * Reseed policy: before every MSA_DRBG_RESEED_INTERVAL-th request the
 * generator mixes 32 fresh getrandom() bytes in (SP 800-90A reseed), and
 * msa_drbg_reseed() does the same on demand (call it in a child after
 * fork(), so that parent and child never share an output stream).
 * Not thread-safe: one context per thread (or a lock around it).
 */
typedef struct {
	uint64_t opaque[24];       /* 192 bytes; layout private to src/drbg.c */
} msa_drbg;

#define MSA_DRBG_RESEED_INTERVAL  1024u   /* requests between reseeds */
#define MSA_DRBG_MAX_REQUEST      65536u  /* bytes per internal request (longer
                                             outputs are split) */

/*
 * msa_drbg_init: seeds `d` with 48 bytes from getrandom() (entropy input
 * and nonce) and the personalization string "MSA v1 HMAC_DRBG".
 * Returns MSA_OK, MSA_ERR_RNG (getrandom failed: `d` is wiped and unusable)
 * or MSA_ERR_BAD_ARGUMENT (d == NULL).
 */
int msa_drbg_init(msa_drbg *d);

/*
 * msa_drbg_init_deterministic: FOR TEST VECTORS ONLY -- NEVER IN PRODUCTION.
 * Seeds `d` from seed[0..seed_len) alone (1..256 bytes); getrandom() is
 * never called, not even by the reseed policy, so the same seed gives the
 * same output stream and hence the same ephemeral keys and nonces
 * (issue 5's vectors). The output is exactly HMAC_DRBG(SHA-256) instantiated
 * with entropy_input = seed, empty nonce and personalization, no reseed.
 * Returns MSA_OK or MSA_ERR_BAD_ARGUMENT.
 */
int msa_drbg_init_deterministic(msa_drbg *d, const uint8_t *seed, size_t seed_len);

/*
 * msa_drbg_generate: fills out[0..len) (len may be 0; any length; split
 * internally into requests of at most MSA_DRBG_MAX_REQUEST bytes, each
 * counting towards the reseed interval). Returns MSA_OK; MSA_ERR_RNG when a
 * due reseed failed (then out is zeroed and the context refuses every
 * later request until a successful msa_drbg_reseed); MSA_ERR_BAD_ARGUMENT
 * for a NULL or uninitialised context.
 */
int msa_drbg_generate(msa_drbg *d, uint8_t *out, size_t len);

/* msa_drbg_reseed: mixes 32 fresh getrandom() bytes in now and restarts the
 * reseed counter. In deterministic mode it does nothing and returns MSA_OK.
 * Returns MSA_OK or MSA_ERR_RNG (context then refuses requests). */
int msa_drbg_reseed(msa_drbg *d);

/* msa_drbg_wipe: zeroes the whole context (it must be initialised again). */
void msa_drbg_wipe(msa_drbg *d);

/* -- Caller-owned key and hash contexts ------------------------------ */

/*
 * msa_kex_key: an ephemeral key-exchange private key. Transparent so that
 * test vectors can fix it:
 *  - MSA_GROUP_X25519: priv = the 32-byte private key as in RFC 7748
 *    (little-endian; clamped when used, as RFC 7748 says);
 *  - MSA_GROUP_P256: priv = the scalar, 32 bytes big-endian, 1 <= x < n.
 * Wipe it (msa_kex_key_wipe) as soon as the shared secret is computed.
 */
typedef struct {
	unsigned group;            /* MSA_GROUP_X25519 or MSA_GROUP_P256 */
	uint8_t priv[32];
} msa_kex_key;

/* msa_kex_key_wipe: zeroes *k (group included). */
/*@ requires \valid(k);
    assigns *k;
 */
void msa_kex_key_wipe(msa_kex_key *k);

/*
 * msa_private_key: an ECDSA signing key (long-term), transparent:
 * sig_alg MSA_SIG_ECDSA_P256_SHA256 (len 32) or MSA_SIG_ECDSA_P384_SHA384
 * (len 48); x[0..len) = the private scalar, big-endian, 1 <= x < n.
 */
typedef struct {
	unsigned sig_alg;          /* MSA_SIG_* */
	size_t len;                /* 32 or 48 */
	uint8_t x[MSA_PRIVKEY_MAX];
} msa_private_key;

/* msa_private_key_set: fills *k from a big-endian scalar of any length up
 * to the order's length (leading zeros allowed, shorter values
 * left-padded). Returns MSA_OK; MSA_ERR_BAD_KEY when the scalar is 0 or
 * >= n (k is then wiped); MSA_ERR_UNSUPPORTED for an unknown sig_alg;
 * MSA_ERR_BAD_ARGUMENT for NULL or a too long scalar. */
int msa_private_key_set(msa_private_key *k, unsigned sig_alg,
	const uint8_t *scalar, size_t len);

/* msa_private_key_wipe: zeroes *k. */
void msa_private_key_wipe(msa_private_key *k);

/*
 * msa_hash_ctx: a running SHA-256 or SHA-384 computation (transcript
 * hashes), opaque, caller-owned, fixed size (216 bytes; holds BearSSL's
 * largest SHA-2 context, checked at compile time). Hashes are not secret:
 * no wipe needed, but msa_wipe() on it is harmless.
 */
typedef struct {
	uint64_t opaque[27];
} msa_hash_ctx;

/* A read-only byte segment, for functions that take data in pieces. */
typedef struct {
	const uint8_t *ptr;        /* may be NULL when len == 0 */
	size_t len;
} msa_seg;

/* -- The crypto provider (REQ-CRY-001..012) -------------------------- */

/*
 * msa_crypto_provider: the table of cryptographic operations the engine
 * uses, in BearSSL's vtable style: the engine calls only through it, so a
 * second provider (e.g. OpenSSL libcrypto) is a second table, with no
 * change to the engine. A provider table is static and constant; its
 * functions are reentrant (all state is in the caller's arguments) and
 * never allocate. A provider MUST draw every random byte (ephemeral keys,
 * nonces) from the msa_drbg it is given, so that the deterministic test
 * mode fixes them. Return values: MSA_OK (0) or a negative msa_err.
 * Common errors, not repeated below: MSA_ERR_BAD_ARGUMENT for a NULL
 * pointer with a non-zero length, or a length outside what the operation
 * allows; MSA_ERR_UNSUPPORTED for an unknown or reserved group, hash,
 * protection or signature algorithm.
 */
typedef struct msa_crypto_provider msa_crypto_provider;
struct msa_crypto_provider {
	const char *name;          /* "bearssl" */

	/* random: out[0..len) from `rng` (msa_drbg_generate). MSA_ERR_RNG. */
	int (*random)(msa_drbg *rng, uint8_t *out, size_t len);

	/*
	 * kex_keygen: a fresh ephemeral key pair for `group` (X25519 or
	 * P-256; REQ-CRY-003: keys from the DRBG). Writes the private key to
	 * *key and the public key share to pub[0..*pub_len) (32 or 65
	 * bytes; pub_cap must be at least msa_group_share_len(group), else
	 * MSA_ERR_BUFFER_TOO_SMALL). MSA_ERR_RNG. On error *key is wiped.
	 */
	int (*kex_keygen)(msa_drbg *rng, unsigned group, msa_kex_key *key,
		uint8_t *pub, size_t pub_cap, size_t *pub_len);

	/*
	 * kex_shared: the shared secret Z of our key and the peer's share
	 * peer[0..peer_len), written to z[0..MSA_KEX_Z_LEN) (z_cap >= 32).
	 * X25519: peer_len must be 32 (RFC 7748 decoding: the top bit of the
	 * last byte is ignored; the result is refused when all zero, which
	 * catches every low-order point) (REQ-CRY-001).
	 * P-256 (REQ-CRY-002): peer_len must be 65, 0x04 || X || Y, X, Y < p, on the curve
	 * (never the point at infinity); Z = the 32-byte X coordinate.
	 * Errors: MSA_ERR_BAD_KEY_SHARE (wrong length, prefix, off-curve,
	 * zero result: z is zeroed), MSA_ERR_BAD_KEY (our P-256 scalar out of
	 * range). Does not wipe *key: the caller does (msa_kex_key_wipe).
	 */
	int (*kex_shared)(const msa_kex_key *key, const uint8_t *peer,
		size_t peer_len, uint8_t *z, size_t z_cap);

	/*
	 * Incremental hashing (transcript hashes). hash_init: starts `hash`
	 * (MSA_HASH_*) in *ctx. hash_update: absorbs data[0..len).
	 * hash_out: the digest of everything absorbed so far, written to
	 * out[0..msa_hash_len()) (48 bytes suffice for both), WITHOUT
	 * changing *ctx (more data may follow: a running transcript);
	 * returns the digest length. hash_copy: *dst = an independent copy of
	 * *src (to fork a transcript, e.g. TH2 then TH3).
	 */
	int (*hash_init)(msa_hash_ctx *ctx, unsigned hash);
	void (*hash_update)(msa_hash_ctx *ctx, const void *data, size_t len);
	size_t (*hash_out)(const msa_hash_ctx *ctx, uint8_t *out);
	void (*hash_copy)(msa_hash_ctx *dst, const msa_hash_ctx *src);

	/*
	 * hmac: HMAC-`hash` (RFC 2104) with key[0..key_len) (any length) over
	 * the concatenation of seg[0..nseg) (nseg 1..3), written to
	 * out[0..msa_hash_len(hash)) (full length, untruncated).
	 */
	int (*hmac)(unsigned hash, const uint8_t *key, size_t key_len,
		const msa_seg *seg, size_t nseg, uint8_t *out);

	/*
	 * hkdf_extract (RFC 5869): PRK = HMAC-hash(salt, ikm), written to
	 * prk[0..msa_hash_len(hash)). salt_len 0 means HashLen zero bytes
	 * (RFC 5869 2.2; HMAC makes the two identical).
	 */
	int (*hkdf_extract)(unsigned hash, const uint8_t *salt, size_t salt_len,
		const uint8_t *ikm, size_t ikm_len, uint8_t *prk);

	/*
	 * hkdf_expand (RFC 5869): OKM = out[0..out_len) from prk[0..prk_len)
	 * (prk_len >= 1) and info[0..info_len). out_len 1..255*HashLen, else
	 * MSA_ERR_BAD_ARGUMENT (nothing written).
	 */
	int (*hkdf_expand)(unsigned hash, const uint8_t *prk, size_t prk_len,
		const uint8_t *info, size_t info_len, uint8_t *out, size_t out_len);

	/*
	 * sig_pubkey: the public key of *key as an uncompressed point
	 * 0x04 || X || Y (65 bytes P-256, 97 bytes P-384) in
	 * pub[0..*pub_len); MSA_ERR_BUFFER_TOO_SMALL; MSA_ERR_BAD_KEY.
	 */
	int (*sig_pubkey)(const msa_private_key *key, uint8_t *pub,
		size_t pub_cap, size_t *pub_len);

	/*
	 * sig_sign: ECDSA signature of msg[0..msg_len) (the provider hashes
	 * it with the key's hash: SHA-256 for P-256, SHA-384 for P-384),
	 * deterministic (RFC 6979), DER ECDSA-Sig-Value
	 * SEQUENCE { r INTEGER, s INTEGER } in sig[0..*sig_len)
	 * (at most 72 bytes for P-256, MSA_SIG_MAX = 104 for P-384; a
	 * buffer of MSA_SIG_MAX always suffices). MSA_ERR_BUFFER_TOO_SMALL
	 * when this signature does not fit (nothing written); MSA_ERR_BAD_KEY.
	 */
	int (*sig_sign)(const msa_private_key *key, const uint8_t *msg,
		size_t msg_len, uint8_t *sig, size_t sig_cap, size_t *sig_len);

	/*
	 * sig_verify: verifies the DER ECDSA-Sig-Value sig[0..sig_len) over
	 * msg[0..msg_len) with the public key pub[0..pub_len) (uncompressed
	 * point of the curve of sig_alg). Strict DER: minimal lengths,
	 * minimal positive INTEGERs, nothing after the SEQUENCE; 0 < r, s < n.
	 * Returns MSA_OK or MSA_ERR_BAD_SIGNATURE (bad encoding, r or s out of
	 * range, wrong signature, or a public key point not on the curve);
	 * MSA_ERR_BAD_KEY for a public key of the wrong length or first byte.
	 */
	int (*sig_verify)(unsigned sig_alg, const uint8_t *pub, size_t pub_len,
		const uint8_t *msg, size_t msg_len,
		const uint8_t *sig, size_t sig_len);

	/*
	 * aead_seal: encrypts data[0..len) in place with protection `prot`
	 * (an AEAD MSA_PROT_*), key[0..key_len) (key_len must be the suite's
	 * key length), the 12-byte nonce and aad[0..aad_len); writes the
	 * 16-byte tag to tag[0..16). len up to MSA_MAX_PDU (larger:
	 * MSA_ERR_BAD_ARGUMENT). The key schedule is expanded on the stack
	 * for this call and wiped before return.
	 */
	int (*aead_seal)(unsigned prot, const uint8_t *key, size_t key_len,
		const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
		uint8_t *data, size_t len, uint8_t *tag);

	/*
	 * aead_open: decrypts data[0..len) in place and verifies the 16-byte
	 * tag[0..16) in constant time. On success MSA_OK and data holds the
	 * plaintext. On failure MSA_ERR_BAD_RECORD and data[0..len) is
	 * zeroed: no plaintext (nor ciphertext) is left behind (REQ-CRY-008:
	 * nothing delivered before the tag verifies).
	 */
	int (*aead_open)(unsigned prot, const uint8_t *key, size_t key_len,
		const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
		uint8_t *data, size_t len, const uint8_t *tag);

	/*
	 * icv_compute: integrity-only suites: icv[0..32) =
	 * HMAC-SHA-256(key, aad || body), key_len must be 32, aad = DER of the
	 * record header, body = plaintext (not modified).
	 * icv_verify: recomputes it and compares with icv[0..32) in constant
	 * time: MSA_OK or MSA_ERR_BAD_RECORD.
	 */
	int (*icv_compute)(const uint8_t *key, size_t key_len,
		const uint8_t *aad, size_t aad_len,
		const uint8_t *body, size_t body_len, uint8_t *icv);
	int (*icv_verify)(const uint8_t *key, size_t key_len,
		const uint8_t *aad, size_t aad_len,
		const uint8_t *body, size_t body_len, const uint8_t *icv);

	/*
	 * Expanded keys (optional: a provider may leave the three NULL, and
	 * then no msa_key_cache is ever used with it). aead_expand: expands
	 * key[0..key_len) of AEAD protection `prot` into the caller's
	 * ctx[0..ctx_cap) (ctx aligned for uint64_t; the engine passes
	 * MSA_AEAD_CTX_BYTES). MSA_ERR_UNSUPPORTED when this provider keeps no
	 * expanded form for `prot` (the engine then uses aead_seal/aead_open),
	 * MSA_ERR_BAD_ARGUMENT for a wrong key length or a ctx too small
	 * (nothing usable written in either case). The context holds secrets:
	 * whoever owns it wipes it (msa_key_cache: the engine).
	 * aead_seal_x / aead_open_x: aead_seal / aead_open (same nonce, aad,
	 * tag and error rules, same in-place data and zeroing on a failed
	 * open) with a context aead_expand filled for the same prot. They may
	 * keep per-message state in ctx (never needed across calls); ctx may
	 * have moved in memory since aead_expand (pointers into it are not
	 * kept). BearSSL: AES-GCM only (the AES round keys and the GHASH key
	 * H = E_K(0)); CCM and ChaCha20-Poly1305 are UNSUPPORTED.
	 */
	int (*aead_expand)(unsigned prot, const uint8_t *key, size_t key_len,
		void *ctx, size_t ctx_cap);
	int (*aead_seal_x)(unsigned prot, void *ctx, const uint8_t *nonce,
		const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len,
		uint8_t *tag);
	int (*aead_open_x)(unsigned prot, void *ctx, const uint8_t *nonce,
		const uint8_t *aad, size_t aad_len, uint8_t *data, size_t len,
		const uint8_t *tag);
};

/* Room for one direction's expanded AEAD context (aead_expand): BearSSL's
 * AES-GCM needs 368 bytes (br_aes_gen_ctr_keys 256 + br_gcm_context 112 on
 * x86_64; checked at compile time in src/crypto_bearssl_aead.c). */
#define MSA_AEAD_CTX_BYTES 384u

/* msa_crypto_bearssl: the BearSSL 0.6 provider (static table, never NULL).
 * Implementations are chosen at run time by CPU features (AES-NI, PCLMUL,
 * 64-bit multiply), see src/crypto_bearssl.c. */
const msa_crypto_provider *msa_crypto_bearssl(void);

/* -- Key-schedule helpers on top of a provider (REQ-KS-*) ------------ */

#define MSA_LABEL_PREFIX  "msa v1 "   /* 7 bytes, before every label */
#define MSA_LABEL_MAX     248u        /* longest label: 7 + 248 = 255 */
#define MSA_INFO_MAX      (2u + 1u + 255u + 1u + 255u)

/*
 * msa_expand_label_info: writes the HKDF info of ExpandLabel (spec
 * "Key schedule", exact layout):
 *   uint16 L (big-endian) || uint8 n = 7 + len(label) || "msa v1 " ||
 *   label || uint8 len(ctx) || ctx
 * into info[0..cap). label is a NUL-terminated ASCII string of at most
 * MSA_LABEL_MAX bytes; ctx_len <= 255; L 1..65535. Returns the info length
 * (> 0), MSA_ERR_BUFFER_TOO_SMALL or MSA_ERR_BAD_ARGUMENT.
 */
int msa_expand_label_info(uint8_t *info, size_t cap, size_t L,
	const char *label, const uint8_t *ctx, size_t ctx_len);

/*
 * msa_expand_label: ExpandLabel(secret, label, ctx, L) =
 * HKDF-Expand-hash(secret, info as above, L) into out[0..L).
 * L 1..255*HashLen (and <= 65535). Errors: those of
 * msa_expand_label_info and of p->hkdf_expand (nothing written on error).
 */
int msa_expand_label(const msa_crypto_provider *p, unsigned hash,
	const uint8_t *secret, size_t secret_len, const char *label,
	const uint8_t *ctx, size_t ctx_len, uint8_t *out, size_t L);

/*
 * msa_mac_verify: handshake key confirmation: recomputes
 * HMAC-hash(key, data[0..len)) and compares it with mac[0..mac_len)
 * (mac_len must be msa_hash_len(hash)) in constant time. Returns MSA_OK or
 * MSA_ERR_BAD_MAC (also for a wrong mac_len); other errors as p->hmac.
 */
/*@ requires \valid_read(key + (0 .. key_len - 1)) && \valid_read(data + (0 .. len - 1));
    requires mac == \null || \valid_read(mac + (0 .. mac_len - 1));
    assigns \nothing;
    ensures \result == MSA_OK || \result < 0;
 */
int msa_mac_verify(const msa_crypto_provider *p, unsigned hash,
	const uint8_t *key, size_t key_len, const uint8_t *data, size_t len,
	const uint8_t *mac, size_t mac_len);

/* ================================================================== */

/* ------------------------------------------------------------------ */
/* Certificates (spec section "Certificates", REQ-CRT-*).
 *
 * Validation is BearSSL's br_x509_minimal (signatures along the chain,
 * dates, issuers' basicConstraints and keyUsage) plus MSA's own bounded
 * parser (src/x509_parse.c) for the rest of the profile: X.509 v3, at most
 * MSA_MAX_CERT octets each, at most MSA_MAX_CHAIN certificates, ECDSA
 * P-256/P-384 keys only, signatures ECDSA with SHA-256/SHA-384, the end
 * entity with keyUsage digitalSignature and no cA TRUE, issuers with cA
 * TRUE and keyCertSign, exactly one subjectAltName URI = the identity.
 * Everything is caller-owned and fixed-size; the library never reads the
 * clock: the caller passes the time.
 */

#define MSA_TIME_UNKNOWN   UINT64_MAX  /* "no trusted clock": use the floor rule */
#define MSA_MAX_ANCHORS    8u          /* trust anchors in one msa_anchors */
#define MSA_MAX_DN         256u        /* largest anchor subject DN (DER) */
#define MSA_MAX_KNOWN      16u         /* entries of one msa_cert_store */
#define MSA_MAX_IDENTITY   255u        /* longest AE name (AeName SIZE(1..255)) */

/*
 * msa_anchor / msa_anchors: trust anchors, i.e. the subject DN and public
 * key of trusted CA certificates, copied into the struct (the certificate
 * itself is not kept). Fill with msa_anchors_init + msa_anchors_add.
 */
typedef struct {
	uint8_t dn[MSA_MAX_DN];    /* subject Name, DER (full TLV) */
	size_t dn_len;
	unsigned sig_alg;          /* MSA_SIG_ECDSA_P256_SHA256 or _P384_SHA384 */
	uint8_t pub[MSA_PUBKEY_MAX]; /* uncompressed point 0x04 || X || Y */
	size_t pub_len;            /* 65 or 97 */
} msa_anchor;

typedef struct {
	msa_anchor a[MSA_MAX_ANCHORS];
	size_t n;
} msa_anchors;

/* msa_anchors_init: an empty set. */
void msa_anchors_init(msa_anchors *ta);

/*
 * msa_anchors_add: adds the CA certificate der[0..len) (DER) as a trust
 * anchor (REQ-CRT). It must parse (strict DER), be X.509 v3 with
 * basicConstraints cA TRUE, keyUsage (if present) with keyCertSign, and an
 * ECDSA P-256/P-384 key; its validity dates are not checked (an anchor is
 * a name and a key). Adding an anchor already present (same DN and key)
 * does nothing. Returns MSA_OK; MSA_ERR_CERT_DECODE, MSA_ERR_CERT_NOT_CA,
 * MSA_ERR_CERT_KEY_USAGE, MSA_ERR_CERT_KEY_TYPE, MSA_ERR_CERT_PROFILE
 * (not v3, or subject DN longer than MSA_MAX_DN); MSA_ERR_BUFFER_TOO_SMALL
 * when the set is full; MSA_ERR_BAD_ARGUMENT for NULL.
 */
int msa_anchors_add(msa_anchors *ta, const uint8_t *der, size_t len);

/*
 * msa_cert_info: what a successful validation yields: the end entity's
 * public key, ready for p->sig_verify(info.sig_alg, info.pub,
 * info.pub_len, ...), and its identity (the SAN URI, REQ-CRT).
 */
typedef struct {
	unsigned sig_alg;          /* MSA_SIG_ECDSA_P256_SHA256 or _P384_SHA384 */
	uint8_t pub[MSA_PUBKEY_MAX]; /* uncompressed point, on the curve */
	size_t pub_len;            /* 65 or 97 */
	char identity[MSA_MAX_IDENTITY + 1]; /* SAN URI, NUL-terminated */
	size_t identity_len;       /* 1..MSA_MAX_IDENTITY, without the NUL */
} msa_cert_info;

/*
 * msa_cert_validate: validates the chain chain[0..n) (DER certificates,
 * end entity first, then its issuers in order; the anchor itself need not
 * be sent, and anything after the first certificate issued by an anchor is
 * still checked against the profile but not used) against the anchors `ta`
 * at time `now` (UNIX seconds, UTC).
 * Time: when now == MSA_TIME_UNKNOWN (a device without a trusted clock),
 * `floor` is a time known to have passed (e.g. the firmware's build time):
 * a certificate whose notAfter is before floor is CERT_EXPIRED, notBefore
 * is not checked (REQ-CRT floor rule); `floor` is ignored otherwise.
 * Identity: when id != NULL, the end entity's SAN URI must equal
 * id[0..id_len) octet for octet (REQ-CRT); id == NULL skips that check
 * (the identity is still required and reported).
 * On success returns MSA_OK and fills *info (may be NULL). Otherwise the
 * first failure in this order (*info zeroed):
 *   MSA_ERR_BAD_ARGUMENT         ta NULL, or chain NULL with n > 0;
 *   MSA_ERR_CERT_DECODE          n == 0;
 *   MSA_ERR_CERT_CHAIN_TOO_LONG  n > MSA_MAX_CHAIN (REQ-LIM-005);
 *   then for each certificate, end entity first:
 *   MSA_ERR_CERT_PROFILE         over MSA_MAX_CERT octets (REQ-LIM-004);
 *   MSA_ERR_CERT_DECODE          not a strictly DER-encoded certificate;
 *   MSA_ERR_CERT_PROFILE         a duplicate extension, not v3, a signature
 *                                algorithm other than ECDSA with SHA-256/384
 *                                (or inner != outer), an unknown critical
 *                                extension, an end entity with cA TRUE;
 *   MSA_ERR_CERT_KEY_TYPE        a key other than ECDSA P-256/P-384
 *                                (uncompressed point), or not on its curve;
 *   MSA_ERR_CERT_NOT_CA          an issuer without basicConstraints cA TRUE;
 *   MSA_ERR_CERT_KEY_USAGE       end entity without keyUsage digitalSignature,
 *                                issuer without keyUsage keyCertSign;
 *   then the dates of each certificate, end entity first:
 *   MSA_ERR_CERT_EXPIRED / MSA_ERR_CERT_NOT_YET_VALID (without a clock:
 *                                EXPIRED also when no instant at or after
 *                                the floor is inside every period);
 *   then the signatures (BearSSL):
 *   MSA_ERR_CERT_UNTRUSTED       no path to an anchor, or a bad signature;
 *   then the identity:
 *   MSA_ERR_CERT_IDENTITY        no SAN URI, or not equal to id;
 *   MSA_ERR_CERT_PROFILE         more than one SAN URI, or one that is not
 *                                1..MSA_MAX_IDENTITY printable ASCII octets.
 * Uses about 5 KiB of stack (BearSSL's x509 context), no heap.
 */
/*@ // chain[0..n): each segment's octets readable (what a caller passes:
    // the certificates of a received Credential, or a store entry's).
    predicate cert_segs_ok(msa_seg *chain, integer n) =
      \forall integer i; 0 <= i < n ==>
        \valid_read(chain[i].ptr + (0 .. chain[i].len - 1));
 */
/*@ requires ta == \null || \valid_read(ta);
    requires n <= MSA_MAX_CHAIN ==> \valid_read(chain + (0 .. n - 1)) && cert_segs_ok(chain, n);
    requires id == \null || \valid_read(id + (0 .. id_len - 1));
    requires info == \null || \valid(info);
    assigns *info;
    ensures \result <= 0;
    ensures \result == MSA_OK && info != \null ==>
      1 <= info->identity_len <= MSA_MAX_IDENTITY
      && info->identity[info->identity_len] == 0
      && \forall integer k; 0 <= k < info->identity_len ==>
           0x21 <= info->identity[k] <= 0x7E;
    ensures \result == MSA_OK && info != \null ==> info->pub_len <= MSA_PUBKEY_MAX;
    ensures args: \result == MSA_OK ==> ta != \null && 1 <= n <= MSA_MAX_CHAIN;
    ensures id: \result == MSA_OK && id != \null && info != \null ==>
      info->identity_len == id_len
      && \forall integer k; 0 <= k < id_len ==> info->identity[k] == \old(id[k]);
 */
int msa_cert_validate(const msa_anchors *ta, const msa_seg *chain, size_t n,
	const uint8_t *id, size_t id_len, uint64_t now, uint64_t floor,
	msa_cert_info *info);

/*
 * msa_cert_ref: the reference of a certificate (REQ-CRT, "certificate by
 * reference", like x5t#S256): SHA-256 over its DER der[0..len), written to
 * ref[0..MSA_CERTREF_LEN).
 */
void msa_cert_ref(const uint8_t *der, size_t len, uint8_t ref[MSA_CERTREF_LEN]);

/*
 * msa_cert_store: the certificates a party knows, for certificates by
 * reference. Each entry is a chain (end entity first, as for
 * msa_cert_validate), named by the reference of its end entity. The store
 * links the caller's certificate bytes, it does not copy them: they must
 * stay valid and unchanged while the store is used.
 */
typedef struct {
	uint8_t ref[MSA_CERTREF_LEN];   /* msa_cert_ref(chain[0]) */
	msa_seg chain[MSA_MAX_CHAIN];
	size_t n;                       /* 1..MSA_MAX_CHAIN */
} msa_known_cert;

typedef struct {
	msa_known_cert k[MSA_MAX_KNOWN];
	size_t n;
} msa_cert_store;

/* msa_cert_store_init: an empty store. */
void msa_cert_store_init(msa_cert_store *s);

/*
 * msa_cert_store_add: adds chain[0..n) (not validated here: a referenced
 * certificate is validated when used, REQ-CRT). An entry with the same
 * reference is replaced. Returns MSA_OK; MSA_ERR_CERT_CHAIN_TOO_LONG (n >
 * MSA_MAX_CHAIN); MSA_ERR_CERT_PROFILE (a certificate of 0 or more than
 * MSA_MAX_CERT octets); MSA_ERR_BUFFER_TOO_SMALL (store full);
 * MSA_ERR_BAD_ARGUMENT (NULL, n == 0).
 */
int msa_cert_store_add(msa_cert_store *s, const msa_seg *chain, size_t n);

/*
 * msa_cert_store_find: the entry whose reference is ref[0..MSA_CERTREF_LEN):
 * MSA_OK and *out set, or MSA_ERR_CERT_UNKNOWN_REF (*out = NULL). The
 * caller then validates (*out)->chain like a received chain.
 */
/*@ // x[0..n) and y[0..n) hold the same octets (the proofs' name for it).
    predicate msa_same{L}(uint8_t *x, uint8_t *y, integer n) =
      \forall integer k; 0 <= k < n ==> x[k] == y[k];
 */
/*@ requires \valid_read(s) && \valid_read(ref + (0 .. MSA_CERTREF_LEN - 1)) && \valid(out);
    assigns *out;
    ensures \result == MSA_OK || \result == MSA_ERR_CERT_UNKNOWN_REF
      || \result == MSA_ERR_BAD_ARGUMENT;
    ensures \result == MSA_OK ==> \exists integer i; 0 <= i < s->n && i < MSA_MAX_KNOWN
      && *out == &s->k[i] && msa_same(&s->k[i].ref[0], ref, MSA_CERTREF_LEN);
    ensures \result == MSA_ERR_CERT_UNKNOWN_REF ==> *out == \null
      && \forall integer i; 0 <= i < s->n && i < MSA_MAX_KNOWN ==>
         !msa_same(&s->k[i].ref[0], ref, MSA_CERTREF_LEN);
 */
int msa_cert_store_find(const msa_cert_store *s, const uint8_t *ref,
	const msa_known_cert **out);

/*
 * msa_cert_decode_file: the certificates in a file's contents in[0..in_len):
 * either one DER certificate (the whole input is one DER SEQUENCE), or PEM
 * text with one or more "CERTIFICATE" objects (other PEM objects, e.g. a
 * key, are skipped; text between objects is ignored). Their DER is written
 * one after the other to out[0..cap), and certs[0..*count) point into out,
 * in file order. The certificates are not parsed here.
 * Returns MSA_OK (*count >= 1); MSA_ERR_CERT_DECODE (no certificate, bad
 * PEM or base64, input ends inside an object, DER length not the file's);
 * MSA_ERR_BUFFER_TOO_SMALL (out too small, or more than max certificates);
 * MSA_ERR_BAD_ARGUMENT (NULL).
 */
int msa_cert_decode_file(const uint8_t *in, size_t in_len, uint8_t *out,
	size_t cap, msa_seg *certs, size_t max, size_t *count);

/*
 * msa_private_key_load: reads an ECDSA P-256 or P-384 private key from a
 * file's contents in[0..len): DER or PEM, SEC1 ("EC PRIVATE KEY") or
 * unencrypted PKCS#8 ("PRIVATE KEY"), with BearSSL's br_skey_decoder;
 * the first key object of a PEM file is used. Fills *k
 * (msa_private_key_set). Every temporary copy of the key is wiped.
 * Returns MSA_OK; MSA_ERR_BAD_KEY (not a key, encrypted, RSA, another
 * curve, scalar out of range; *k wiped); MSA_ERR_BAD_ARGUMENT (NULL).
 */
int msa_private_key_load(msa_private_key *k, const uint8_t *in, size_t len);

/*
 * msa_cert_key_match: MSA_OK when the private key *k is the one of the
 * certificate der[0..len) (same curve, public point = k's), so that a
 * tool can refuse a mismatched --cert/--key pair early; MSA_ERR_BAD_KEY
 * otherwise; MSA_ERR_CERT_DECODE when the certificate does not parse.
 */
int msa_cert_key_match(const msa_private_key *k, const uint8_t *der, size_t len);

/* ================================================================== */
/* Association engine (spec sections 3, 7, 8, 9, 12, 13, 14; REQ-STM-*,
 * REQ-HS-*, REQ-KS-*, REQ-DT-*, REQ-KR-*, REQ-TRM-*). Sans-I/O: the
 * caller frames received PDUs (msa_der_frame), passes each one in with the
 * current time, and sends what the engine writes to io->out. No socket,
 * clock, thread or heap inside. Implementation: src/engine.c (states,
 * local calls), src/handshake.c, src/keysched.c, src/record.c.
 *
 * Memory: one msa_assoc per association (fixed size, see MSA_ASSOC_KEYS),
 * one msa_hs_workspace per handshake in progress (reusable once the
 * handshake has ended), one msa_config shared by many associations, one
 * msa_arena of MSA_ARENA_PDU_SIZE for decoding, and the buffers of msa_io.
 * None of them is thread-safe: one thread per config (its DRBG).
 *
 * Build profile: the established context holds the keys of the largest
 * suite built in. MSA_CFG_HASH_MAX (32 or 48), MSA_CFG_KEY_MAX (16 or 32)
 * and MSA_CFG_P256 (0 or 1) may be set at compile time (the same for the
 * library and its users) to build a smaller engine: suites that do not
 * fit the profile are then treated as not implemented (never offered or
 * chosen). With -DMSA_CFG_HASH_MAX=32 -DMSA_CFG_KEY_MAX=16
 * -DMSA_CFG_P256=0, suite 0x0001's context is at most 256 bytes
 * (REQ-IMPL-003). The default builds every suite.
 */
#ifndef MSA_CFG_HASH_MAX
#define MSA_CFG_HASH_MAX 48u
#endif
#ifndef MSA_CFG_KEY_MAX
#define MSA_CFG_KEY_MAX 32u
#endif
#ifndef MSA_CFG_P256
#define MSA_CFG_P256 1
#endif
/* The pending area: a pending receive secret (recv_pending), or our rekey
 * ephemeral key (own_rekey; with P-256 also its 65-octet public share,
 * which X25519 recomputes). The two flags are never set together. */
#define MSA_PEND_LEN_ (32u + (MSA_CFG_P256 ? 65u : 0u))
#define MSA_PEND_LEN (MSA_PEND_LEN_ > MSA_CFG_HASH_MAX ? MSA_PEND_LEN_ : MSA_CFG_HASH_MAX)
/* Key area: send ts, recv ts, rk (HashLen each), send key+iv, recv key+iv, pending. */
#define MSA_ASSOC_KEYS (3u * MSA_CFG_HASH_MAX + 2u * (MSA_CFG_KEY_MAX + 12u) + MSA_PEND_LEN)

#define MSA_MAX_SUITES     16u   /* suites in an offer (HandshakeInit SIZE(1..16)) */
#define MSA_MAX_PEER_IDS   8u    /* accepted peer AE names in a config */
#define MSA_MAX_DETAIL     128u  /* longest detail text (REQ-ERR-004) */
/* Capacity of io->out that every call can fill: an appData record of
 * MSA_MAX_DATA octets preceded by control records (a KeyUpdate of a
 * policy or usage-limit renewal), or a whole handshake message. */
#define MSA_OUT_CAP        (MSA_MAX_PDU + 1024u)

/* States (spec 7.1). */
typedef enum {
	MSA_ST_IDLE = 0, MSA_ST_WAIT_RESP, MSA_ST_WAIT_FINISH, MSA_ST_ESTABLISHED,
	MSA_ST_RELEASE_SENT, MSA_ST_RELEASE_RECEIVED, MSA_ST_CLOSED, MSA_ST_ABORTED
} msa_state;

/* msa_state_name: "IDLE", ..., "ABORTED" (static), "?" otherwise. */
const char *msa_state_name(int st);

/* Wire values of Diagnostic (spec 15.1) and ReleaseReason. */
enum {
	MSA_DIAG_UNSPECIFIED = 0, MSA_DIAG_PROTOCOL_VERSION, MSA_DIAG_DECODE_ERROR,
	MSA_DIAG_UNEXPECTED_PDU, MSA_DIAG_NO_COMMON_SUITE, MSA_DIAG_ILLEGAL_PARAMETER,
	MSA_DIAG_BAD_KEY_SHARE, MSA_DIAG_BAD_CERTIFICATE, MSA_DIAG_CERTIFICATE_EXPIRED,
	MSA_DIAG_UNKNOWN_CA, MSA_DIAG_BAD_IDENTITY, MSA_DIAG_UNKNOWN_CERT_REF,
	MSA_DIAG_BAD_SIGNATURE, MSA_DIAG_BAD_MAC, MSA_DIAG_BAD_RECORD,
	MSA_DIAG_BAD_SEQUENCE, MSA_DIAG_TOO_LARGE, MSA_DIAG_USAGE_LIMIT,
	MSA_DIAG_RENEWAL_ERROR, MSA_DIAG_UNKNOWN_ASSOC, MSA_DIAG_RESOURCE_EXHAUSTED,
	MSA_DIAG_TIMEOUT, MSA_DIAG_INTERNAL_ERROR, MSA_DIAG_USER_ABORT
};
enum { MSA_REASON_NORMAL = 0, MSA_REASON_SHUTDOWN = 1, MSA_REASON_IDLE = 2 };

/* msa_diag_of: the wire diagnostic for a local error (table 15.2;
 * MSA_DIAG_UNSPECIFIED for errors that never reach the wire). */
int msa_diag_of(int err);
/* msa_diag_name: "unspecified", ..., "userAbort"; "unspecified" for an
 * unknown value (REQ-ENC-014). */
const char *msa_diag_name(int diag);

/* Renewal policy (REQ-KR-017): per send key, 0 disables a bound. */
enum { MSA_RENEW_RATCHET = 0, MSA_RENEW_REKEY = 1 };
typedef struct {
	uint32_t max_records;      /* N: appData records */
	uint64_t max_bytes;        /* B: appData plaintext octets */
	uint32_t max_seconds;      /* T */
	unsigned kind;             /* MSA_RENEW_RATCHET or MSA_RENEW_REKEY */
} msa_policy;

enum { MSA_MODE_STREAM = 0, MSA_MODE_DATAGRAM = 1 };

/*
 * msa_config: one side's configuration, shared read-only by all its
 * associations (except *rng, which they draw from). Fill it with
 * msa_config_init, msa_config_set_identity and msa_config_add_peer, then
 * adjust the public fields. Pointers are the caller's and must outlive
 * every association using the config.
 */
typedef struct msa_config {
	const msa_crypto_provider *crypto;
	msa_drbg *rng;
	const msa_private_key *key;         /* own signing key */
	msa_seg chain[MSA_MAX_CHAIN];       /* own chain, EE first, anchor not included */
	size_t chain_len;
	uint8_t own_ref[MSA_CERTREF_LEN];   /* msa_cert_ref(chain[0]) */
	uint8_t own_id[MSA_MAX_IDENTITY];   /* own AE name: chain[0]'s SAN URI */
	size_t own_id_len;
	const msa_anchors *anchors;         /* trust anchors for the peer's chain */
	const msa_cert_store *store;        /* known certificates (by reference), or NULL */
	msa_seg peer_ids[MSA_MAX_PEER_IDS]; /* initiator: [0] = the responder wanted
	                                       (required); responder: accepted
	                                       initiators, none = any (REQ-HS-086) */
	size_t n_peer_ids;
	uint16_t suites[MSA_MAX_SUITES];    /* offered / allowed, preference order */
	size_t n_suites;
	int use_refs;                       /* initiator: send peerCertRef / ownCertRef */
	int mode;                           /* MSA_MODE_STREAM or MSA_MODE_DATAGRAM */
	msa_policy policy;
	uint32_t hs_timeout, renewal_timeout, release_timeout; /* seconds, 0 = none */
	uint64_t floor;                     /* certificate time floor when now is
	                                       MSA_TIME_UNKNOWN (REQ-CRT, 16.3) */
} msa_config;

/* msa_config_init: zeroes *c, sets the provider and the DRBG, the default
 * suites (every implemented AEAD suite of the build profile, registry
 * order: 0x0001 first; integrity-only suites are disabled, REQ-SUI-004),
 * stream mode, use_refs = 1, timeouts 30 s, no renewal policy. */
void msa_config_init(msa_config *c, const msa_crypto_provider *crypto, msa_drbg *rng);

/* msa_config_set_identity: own key and chain (DER, EE first; the bytes are
 * the caller's). Computes own_ref and own_id from chain[0]. Returns MSA_OK;
 * MSA_ERR_BAD_KEY (the key is not chain[0]'s); MSA_ERR_CERT_DECODE;
 * MSA_ERR_CERT_IDENTITY (chain[0] has no usable SAN URI);
 * MSA_ERR_CERT_CHAIN_TOO_LONG; MSA_ERR_BAD_ARGUMENT. */
int msa_config_set_identity(msa_config *c, const msa_private_key *key,
	const msa_seg *chain, size_t n);

/* msa_config_add_peer: appends an expected peer AE name id[0..len) (bytes
 * are the caller's). MSA_ERR_BUFFER_TOO_SMALL when MSA_MAX_PEER_IDS are
 * there, MSA_ERR_BAD_ARGUMENT for an empty or too long name. */
int msa_config_add_peer(msa_config *c, const uint8_t *id, size_t len);

/* msa_config_set_suites: the offer / allowed list by ids, in preference
 * order; MSA_ERR_UNSUPPORTED for a suite not implemented by this build
 * (reserved, unregistered, or outside the profile); MSA_ERR_BAD_ARGUMENT
 * for 0 or more than MSA_MAX_SUITES ids or a duplicate. */
int msa_config_set_suites(msa_config *c, const uint16_t *ids, size_t n);

/*
 * msa_hs_workspace: what only the handshake needs (REQ-IMPL-003):
 * transcript hashes, ephemeral keys, PRK, the peer's validated key. Owned
 * by the caller; bound to an association from msa_assoc_init_* until the
 * handshake ends (ESTABLISHED, CLOSED or ABORTED), when it is wiped and
 * may serve another association. Opaque layout.
 */
typedef struct msa_hs_workspace {
	msa_hash_ctx th[2];                 /* SHA-256, SHA-384 transcripts */
	msa_kex_key eph[2];
	uint8_t prk[MSA_MAX_HASH];
	uint8_t th2[MSA_MAX_HASH];          /* scratch: the current TH */
	uint16_t offered[MSA_MAX_SUITES];   /* initiator: the suites offered */
	uint8_t n_offered;
	uint8_t groups[2];                  /* initiator: groups of eph[] */
	uint8_t n_groups;
	uint8_t sent_peer_ref, sent_own_ref; /* initiator: refs in msg1 */
	uint8_t own_ref_known;              /* responder: ownRefKnown sent */
	uint8_t msg1_has_own_ref;           /* responder: msg1 carried ownCertRef */
	uint8_t peer_ref[MSA_CERTREF_LEN];  /* initiator: peerCertRef sent */
	uint8_t msg1_own_ref[MSA_CERTREF_LEN]; /* responder: msg1's ownCertRef */
	uint8_t msg1_nonce[MSA_NONCE_LEN];  /* responder: duplicate detection */
	msa_cert_info peer;                 /* the peer's validated EE key, identity */
	uint64_t started;                   /* time of entering WAIT_* */
} msa_hs_workspace;

/*
 * msa_key_cache: an OPTIONAL per-association cache of the expanded record
 * keys (issue 8), kept outside the association so that the association
 * stays small (256 bytes for suite 0x0001 in its build profile) while a
 * caller with memory to spare does not pay the AES key schedule and the
 * GHASH key H = E_K(0) on every record: sizeof(msa_key_cache) bytes
 * (MSA_KEY_CACHE_BYTES: 824 in the 0x0001 profile, 856 by default), fixed
 * at compile time, caller-owned, no heap. Opaque layout.
 *
 * What it holds: for each direction (send, receive), the provider's
 * expanded context of the association's current traffic key
 * (msa_crypto_provider.aead_expand), the raw key it was expanded from, and
 * which association it belongs to (`owner`). These are secrets with the
 * same lifetime as the association's keys:
 *  - a key change (ratchet, rekey, the switch to pending receive keys)
 *    re-expands the cache in place, so the old generation's expanded key
 *    is gone at the same moment as the old raw key (REQ-KR-004);
 *  - when the association ends (CLOSED or ABORTED: release, abort, any
 *    FAIL, timeouts) the cache is wiped, every byte, where the
 *    association's keys are wiped (REQ-CRY-009/010), and detached;
 *  - msa_assoc_set_key_cache wipes the cache it detaches and the cache it
 *    attaches.
 * The engine uses the cache only when the owner is this association AND
 * the raw key stored with the context equals the association's current
 * key (constant-time comparison); otherwise it wipes the whole cache,
 * takes it over and expands again. So a cache attached to two
 * associations by mistake is slow (each takes it from the other) but
 * never encrypts or decrypts with another association's key, and a
 * record is never protected differently with and without a cache: the
 * PDUs are the same bytes. Records of the next generation that arrive
 * before its switch (datagram mode, REQ-KR-022) are opened without the
 * cache. Providers without aead_expand, and protections the provider
 * does not expand (BearSSL: CCM, ChaCha20-Poly1305, the integrity-only
 * suites) work as without a cache. Not thread-safe (like msa_assoc).
 */
typedef struct msa_key_cache {
	const void *owner;                  /* the msa_assoc it holds keys of, or NULL */
	struct {
		uint64_t ctx[MSA_AEAD_CTX_BYTES / 8u]; /* provider's expanded context */
		uint8_t key[MSA_CFG_KEY_MAX];   /* the raw key ctx was made from */
		uint16_t prot;                  /* its MSA_PROT_* */
		uint8_t state;                  /* 0 empty, 1 expanded, 2 provider has none */
		uint8_t pad_[5];
	} d[2];                             /* [0] send, [1] receive */
} msa_key_cache;
#define MSA_KEY_CACHE_BYTES sizeof(msa_key_cache)

/*
 * msa_assoc: one association, fixed size, caller-owned. Fields are
 * private (read them with the accessors). Established, it holds the
 * traffic secrets and keys of both directions, rk and the pending area;
 * during the handshake, a pointer to its workspace.
 */
typedef struct msa_assoc {
	const msa_config *cfg;
	uint64_t t_mark;          /* WAIT_*, RELEASE_SENT: entry time; own_rekey: request
	                             time; else the last send switch (policy T) */
	uint64_t pol_bytes;       /* appData octets sent under the send key */
	uint64_t rwin;            /* datagram mode: replay window bits */
	uint32_t send_seq;        /* next seq to send */
	uint32_t recv_seq;        /* stream: next expected; datagram: highest + 1 (0: none) */
	uint32_t pol_records;     /* appData records sent under the send key */
	uint16_t suite;
	uint16_t send_gen, recv_gen;
	uint16_t rekey_delay;     /* own_rekey: seconds from the last send switch to the
	                             request (saturated), to restore t_mark on abandon */
	uint8_t own_aid[MSA_AID_LEN], peer_aid[MSA_AID_LEN];
	uint8_t state, role, flags, mode;
	union {
		msa_hs_workspace *hs;
		uint8_t k[MSA_ASSOC_KEYS];
	} u;
	msa_key_cache *kc;        /* msa_assoc_set_key_cache, or NULL */
} msa_assoc;

enum { MSA_ROLE_INITIATOR = 0, MSA_ROLE_RESPONDER = 1 };

/* Events of one call (io->events, bits). */
#define MSA_EV_SENT          0x0001u /* io->out[0..out_len) holds PDUs to send, in order */
#define MSA_EV_ESTABLISHED   0x0002u /* the handshake completed; io->peer_id is the peer */
#define MSA_EV_DATA          0x0004u /* io->data_at[0..data_len) is a delivered message */
#define MSA_EV_RELEASE_REQ   0x0008u /* the peer asked to release (io->reason) */
#define MSA_EV_CLOSED        0x0010u /* the association is CLOSED (released, or rejected) */
#define MSA_EV_ABORTED       0x0020u /* the association is ABORTED */
#define MSA_EV_DROPPED       0x0040u /* the input was dropped, nothing changed; io->err why */
#define MSA_EV_SEND_RENEWED  0x0080u /* our send direction switched keys */
#define MSA_EV_RECV_RENEWED  0x0100u /* our receive direction switched keys */
#define MSA_EV_PEER_ENDED    0x0200u /* the peer rejected or aborted: io->peer_diag, peer_detail */

/*
 * msa_io: the buffers and results of one call, caller-owned. Set out/
 * out_cap (at least MSA_OUT_CAP) and data/data_cap (at least MSA_MAX_DATA)
 * once; every call resets the result fields. A call with smaller buffers
 * fails with MSA_ERR_BUFFER_TOO_SMALL before anything changes (NULL
 * buffers: MSA_ERR_BAD_ARGUMENT).
 */
typedef struct {
	uint8_t *out; size_t out_cap; size_t out_len;
	uint8_t *data; size_t data_cap; size_t data_len;
	unsigned events;
	int err;                  /* the call's local error (also its return value) */
	int peer_diag;            /* MSA_EV_PEER_ENDED: the peer's diagnostic */
	char peer_detail[MSA_MAX_DETAIL + 1]; /* its detail, NUL-terminated, untrusted */
	int reason;               /* MSA_EV_RELEASE_REQ, MSA_EV_CLOSED: release reason */
	uint8_t peer_id[MSA_MAX_IDENTITY + 1]; /* MSA_EV_ESTABLISHED: the peer's AE name */
	size_t peer_id_len;
	unsigned n_pdus;          /* number of PDUs in out */
	const uint8_t *data_at;   /* MSA_EV_DATA: where the message is: io->data
	                             (msa_assoc_recv), or inside the PDU
	                             (msa_assoc_recv_inplace); NULL otherwise */
} msa_io;

/*
 * msa_assoc_init_initiator / msa_assoc_init_responder: a new association
 * in IDLE with own id aid[0..4) (not 00000000, unique among the caller's
 * live associations: REQ-GEN-002), bound to cfg and to the workspace ws
 * for its handshake. Returns MSA_OK or MSA_ERR_BAD_ARGUMENT.
 */
int msa_assoc_init_initiator(msa_assoc *a, const msa_config *cfg,
	msa_hs_workspace *ws, const uint8_t aid[MSA_AID_LEN]);
int msa_assoc_init_responder(msa_assoc *a, const msa_config *cfg,
	msa_hs_workspace *ws, const uint8_t aid[MSA_AID_LEN]);

/*
 * msa_assoc_set_key_cache: attaches the expanded-key cache *c to the
 * association (see msa_key_cache), or detaches the current one (c NULL).
 * Any state before CLOSED/ABORTED (also IDLE or during the handshake: the
 * cache is filled at the first record); the engine never needs it
 * (without a cache it expands the key on each record, as the default).
 * The cache previously attached, if any, is wiped; *c is wiped (its
 * previous content, whatever it was, is discarded: no need to zero it
 * first) and stays the caller's memory, which must outlive the
 * attachment. One cache per association: a cache attached to two is
 * safe but thrashes. The engine detaches it itself when the association
 * ends (wiped), after which it may serve another association.
 * Returns MSA_OK; MSA_ERR_BAD_ARGUMENT (a NULL); MSA_ERR_CLOSED in CLOSED
 * or ABORTED when c is not NULL (nothing changed).
 */
int msa_assoc_set_key_cache(msa_assoc *a, msa_key_cache *c);

/*
 * The calls. Each returns the local error of the call (MSA_OK when none),
 * also in io->err, and describes what happened in *io (events, PDUs to
 * send, delivered data). `now` is UNIX seconds from the caller's clock
 * (MSA_TIME_UNKNOWN: timers do not run, certificates use cfg->floor).
 * Errors of local calls (BAD_ARGUMENT, BUFFER_TOO_SMALL, STATE, CLOSED,
 * a refused USAGE_LIMIT send) change nothing (REQ-ERR-006).
 *
 * msa_assoc_start: initiator in IDLE: sends HandshakeInit (REQ-STM-020).
 * msa_assoc_recv: one received PDU pdu[0..len) (whole: stream callers
 *   frame with msa_der_frame), decoded in `ar` (MSA_ARENA_PDU_SIZE).
 *   Acts as the state table says; MSA_EV_DROPPED when the PDU was dropped.
 *   A delivered message is copied to io->data (io->data_at == io->data).
 * msa_assoc_recv_inplace: the same, with no copy of the record's body: the
 *   record is opened in the PDU's own octets, which the call may overwrite
 *   (pdu writable, and the caller's until the next call; io as for
 *   msa_assoc_recv). A delivered message is io->data_at[0..data_len),
 *   inside pdu, valid until the caller reuses pdu. A record that fails its
 *   check leaves its body octets in pdu zero (REQ-CRY-008); every other
 *   octet, and every PDU that is not a record, is left as it was. Results,
 *   states and errors are those of msa_assoc_recv for the same input.
 * msa_assoc_send: one application message msg[0..len) (len <= MSA_MAX_DATA,
 *   else BAD_ARGUMENT), after a renewal by policy or usage limit if due.
 * msa_assoc_ratchet: a KeyUpdate (update_requested asks the peer for one).
 * msa_assoc_rekey: a rekeyRequest with a fresh ephemeral key.
 * msa_assoc_release: releaseRequest (ESTABLISHED) or releaseResponse
 *   (RELEASE_RECEIVED) with `reason` (MSA_REASON_*).
 * msa_assoc_abort: abort with diagnostic `diag` (MSA_DIAG_USER_ABORT by
 *   default): an abort record, or a HandshakeReject, or nothing.
 * msa_assoc_tick: runs the timers (handshake, renewal, release timeouts).
 * msa_assoc_transport_error: the stream that carries the association could
 *   not frame a PDU (err, a decoding error of msa_der_frame, e.g.
 *   MSA_ERR_DER_TOO_LARGE): the association ends as for undecodable input
 *   with that error (REQ-GEN-011; rows 026, 034, 044, 057: decodeError, or
 *   tooLarge), and the caller then closes the transport. Returns err, or
 *   MSA_ERR_BAD_ARGUMENT when err is no decoding error (nothing changed),
 *   MSA_ERR_STATE in CLOSED/ABORTED (nothing sent).
 */
int msa_assoc_start(msa_assoc *a, uint64_t now, msa_io *io);
int msa_assoc_recv(msa_assoc *a, msa_arena *ar, const uint8_t *pdu, size_t len,
	uint64_t now, msa_io *io);
int msa_assoc_recv_inplace(msa_assoc *a, msa_arena *ar, uint8_t *pdu, size_t len,
	uint64_t now, msa_io *io);
int msa_assoc_send(msa_assoc *a, const uint8_t *msg, size_t len, uint64_t now, msa_io *io);
int msa_assoc_ratchet(msa_assoc *a, int update_requested, uint64_t now, msa_io *io);
int msa_assoc_rekey(msa_assoc *a, uint64_t now, msa_io *io);
int msa_assoc_release(msa_assoc *a, int reason, uint64_t now, msa_io *io);
int msa_assoc_abort(msa_assoc *a, int diag, uint64_t now, msa_io *io);
int msa_assoc_tick(msa_assoc *a, uint64_t now, msa_io *io);
int msa_assoc_transport_error(msa_assoc *a, int err, uint64_t now, msa_io *io);

/* Accessors. */
int msa_assoc_state(const msa_assoc *a);             /* msa_state */
int msa_assoc_role(const msa_assoc *a);              /* MSA_ROLE_* */
unsigned msa_assoc_suite(const msa_assoc *a);        /* chosen SuiteId, 0 before */
void msa_assoc_ids(const msa_assoc *a, uint8_t own[MSA_AID_LEN], uint8_t peer[MSA_AID_LEN]);
void msa_assoc_generations(const msa_assoc *a, unsigned *send_gen, unsigned *recv_gen);
/* msa_assoc_flags: MSA_FL_* bits of 7.1. */
#define MSA_FL_UNCONFIRMED   0x01u
#define MSA_FL_OWN_REKEY     0x02u
#define MSA_FL_RECV_PENDING  0x04u
#define MSA_FL_ANSWERED      0x08u
unsigned msa_assoc_flags(const msa_assoc *a);
/* msa_assoc_keys_zero: 1 when every key field of the context is zero (the
 * state of CLOSED and ABORTED, REQ-CRY-010): for tests and audits. */
int msa_assoc_keys_zero(const msa_assoc *a);

/* PDU kinds: the outer tag's number + 1. */
enum { MSA_PDU_INIT = 1, MSA_PDU_RESP, MSA_PDU_FINISH, MSA_PDU_REJECT, MSA_PDU_PROTECTED };

/*
 * msa_pdu_peek: routing without decoding: the kind of the PDU in
 * pdu[0..len) and its destination aid (for a HandshakeInit, none: dest is
 * zeroed and src is its initiatorAid; for a HandshakeResp src is its
 * responderAid; else src is zeroed). Only the TLV headers on the path are
 * checked: the PDU must still be decoded by msa_assoc_recv. Returns
 * MSA_OK, a DER error, MSA_ERR_UNKNOWN_PDU or MSA_ERR_SCHEMA.
 */
int msa_pdu_peek(const uint8_t *pdu, size_t len, unsigned *kind,
	uint8_t dest[MSA_AID_LEN], uint8_t src[MSA_AID_LEN]);

/*
 * msa_init_duplicate: REQ-HS-091, for a datagram listener: 1 when the
 * HandshakeInit pdu[0..len) has the initiatorAid and nonce of the
 * HandshakeInit that responder association *a (in WAIT_FINISH) answered,
 * i.e. it is a duplicated datagram, to drop with MSA_ERR_BAD_SEQUENCE
 * rather than hand to a new association; 0 otherwise (also for input that
 * does not parse: it is then decoded, and rejected, as usual).
 */
int msa_init_duplicate(const msa_assoc *a, const uint8_t *pdu, size_t len);

/*
 * msa_reject_encode: a HandshakeReject{dest, diag, detail} (detail NULL or
 * at most MSA_MAX_DETAIL octets of text) into out[0..cap), for a listener
 * (REQ-HS-019, REQ-GEN-005). Returns the length, or MSA_ERR_BAD_ARGUMENT
 * (dest 00000000, detail too long), MSA_ERR_BUFFER_TOO_SMALL.
 */
int msa_reject_encode(uint8_t *out, size_t cap, const uint8_t dest[MSA_AID_LEN],
	int diag, const char *detail);

#ifdef __cplusplus
}
#endif
#endif /* MSA_H__ */
