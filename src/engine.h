/*
 * engine.h -- declarations shared by the association engine's files
 * (src/engine.c, src/handshake.c, src/keysched.c, src/record.c). Internal.
 */
#ifndef MSA_ENGINE_H__
#define MSA_ENGINE_H__

#include <stddef.h>
#include <stdint.h>
#include "msa.h"

/* ---------------------------------------------------------------- record.c */

/* MSA_HOT: a small static function of the record path that the compiler
 * should inline at each call (rd_tl is called eight times per received
 * record; inlined, its tag is a constant and its offset stays in a
 * register). Frama-C and other compilers see an ordinary function. */
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__FRAMAC__)
#define MSA_HOT __attribute__((always_inline)) inline
#else
#define MSA_HOT
#endif

/* Largest header TLV: A0 len, [0] aid (6), [1] type (3), [2] gen (<= 5),
 * [3] seq (<= 7). */
#define MSA_REC_HDR_MAX 23u

/* A ProtectedPdu parsed by the fast path: offsets into the PDU. */
typedef struct {
	const uint8_t *aid;        /* 4 octets */
	unsigned type;             /* ContentType 0..6 */
	uint32_t gen;              /* 0..65535 */
	uint32_t seq;
	size_t hdr_off, hdr_len;   /* the header TLV: the AAD (REQ-DT-004) */
	size_t body_off, body_len; /* body contents */
	size_t icv_off, icv_len;   /* icv contents */
} msa_rec;

/* msa_rec_parse: 1 when buf[0..len) is exactly one canonical DER
 * ProtectedPdu PDU (outer tag A4) whose values satisfy every constraint of
 * the module, with *r filled; 0 otherwise (the caller then decodes with
 * the full codec, which names the error). Accepts nothing the codec
 * rejects (fuzz/: differential oracle). */
int msa_rec_parse(const uint8_t *buf, size_t len, msa_rec *r);

/* msa_rec_header: writes the header TLV for (aid, type, gen, seq) to
 * out[0..MSA_REC_HDR_MAX); returns its length. */
size_t msa_rec_header(uint8_t *out, const uint8_t aid[MSA_AID_LEN],
	unsigned type, uint32_t gen, uint32_t seq);

/* msa_rec_tl: writes tag and DER length (len <= 0xFFFF) to out; returns
 * the header length (2..4). */
size_t msa_rec_tl(uint8_t *out, uint8_t tag, size_t len);

/* msa_rec_tl_len: the length msa_rec_tl would write. */
size_t msa_rec_tl_len(size_t len);

/* msa_rec_nonce: nonce = iv XOR (0^8 || uint32_be(seq)) (REQ-DT-005). */
void msa_rec_nonce(const uint8_t iv[12], uint32_t seq, uint8_t nonce[12]);

/* Datagram replay window (REQ-DT-021): top = highest accepted seq + 1
 * (0: nothing accepted yet); bit i of bits = seq top-1-i accepted. */
int msa_rw_fresh(uint32_t top, uint64_t bits, uint32_t seq);  /* 1 new, 0 replay/too old */
void msa_rw_accept(uint32_t *top, uint64_t *bits, uint32_t seq);

/* -------------------------------------------------------------- keysched.c */

/* The suite's parameters that the engine uses, checked against the build
 * profile: NULL when the suite is not implemented by this build. */
const msa_suite *msa_engine_suite(unsigned id);

/* The ACSL contracts of the four functions below are what handshake.c's
 * WP proof assumes of them (proofs/README.md, H6): keysched.c is not in
 * the WP set (Eva's state-machine run checks them on its calls). */

/* PRK = HKDF-Extract(salt = zeros(HashLen) or salt, IKM) (REQ-KS-004, 012). */
/*@ requires \valid_read(p) && \valid_read(s);
    requires salt == \null || \valid_read(salt + (0 .. s->hash_len - 1));
    requires \valid_read(ikm + (0 .. ikm_len - 1));
    requires \valid(prk + (0 .. s->hash_len - 1));
    assigns prk[0 .. s->hash_len - 1];
    ensures \result == MSA_OK || \result < 0;
 */
int msa_ks_extract(const msa_crypto_provider *p, const msa_suite *s,
	const uint8_t *salt, const uint8_t *ikm, size_t ikm_len, uint8_t *prk);
/* out[0..L) = ExpandLabel(secret (HashLen), label, ctx, L). */
/*@ requires \valid_read(p) && \valid_read(s);
    requires \valid_read(secret + (0 .. s->hash_len - 1));
    requires \valid_read(ctx + (0 .. ctx_len - 1));
    requires \valid(out + (0 .. L - 1));
    assigns out[0 .. L - 1];
    ensures \result == MSA_OK || \result < 0;
 */
int msa_ks_label(const msa_crypto_provider *p, const msa_suite *s,
	const uint8_t *secret, const char *label, const uint8_t *ctx, size_t ctx_len,
	uint8_t *out, size_t L);
/* key (Nk) and, for AEAD, iv (12) of a traffic secret (REQ-KS-009). */
/*@ requires \valid_read(p) && \valid_read(s);
    requires \valid_read(ts + (0 .. s->hash_len - 1));
    requires \valid(key + (0 .. s->key_len - 1));
    requires s->aead != 0 ==> \valid(iv + (0 .. 11));
    assigns key[0 .. s->key_len - 1], iv[0 .. (s->aead != 0 ? 12 : 0) - 1];
    ensures \result == MSA_OK || \result < 0;
 */
int msa_ks_traffic(const msa_crypto_provider *p, const msa_suite *s,
	const uint8_t *ts, uint8_t *key, uint8_t *iv);
/* rk, ts_i2r, ts_r2i from a master secret (REQ-KS-008). */
/*@ requires \valid_read(p) && \valid_read(s);
    requires \valid_read(ms + (0 .. s->hash_len - 1));
    requires \valid(rk + (0 .. s->hash_len - 1)) && \valid(ts_i2r + (0 .. s->hash_len - 1))
      && \valid(ts_r2i + (0 .. s->hash_len - 1));
    assigns rk[0 .. s->hash_len - 1], ts_i2r[0 .. s->hash_len - 1], ts_r2i[0 .. s->hash_len - 1];
    ensures \result == MSA_OK || \result < 0;
 */
int msa_ks_from_master(const msa_crypto_provider *p, const msa_suite *s,
	const uint8_t *ms, uint8_t *rk, uint8_t *ts_i2r, uint8_t *ts_r2i);

/* --------------------------------------------------------------- engine.c */

/* Offsets into msa_assoc.u.k for the association's suite. */
typedef struct {
	const msa_suite *s;
	size_t h, nk, ivl;
	uint8_t *send_ts, *recv_ts, *rk, *send_key, *send_iv, *recv_key, *recv_iv, *pend;
} msa_keys;
void msa_keys_of(msa_assoc *a, msa_keys *k);

/*@ // What msa_engine_suite returns when it returns a row (its checks
    // of the build profile, and the registry's: an AEAD suite has a
    // 12-octet iv, an integrity-only one none); the key layout fits.
    predicate ks_suite_ok(msa_suite *s) =
      \valid_read(s) && 1 <= s->hash_len <= MSA_CFG_HASH_MAX && s->key_len <= MSA_CFG_KEY_MAX
      && (s->aead != 0 ? s->iv_len == 12 : s->iv_len == 0);
 */

/* msa_keys_of with the suite s given (the association's, a->suite being
 * s->id): the offsets only, nothing is read of a. */
/*@ requires \valid(a) && \valid(k) && ks_suite_ok(s) && \separated(a, k);
    assigns *k;
    ensures k->s == s && k->h == s->hash_len && k->nk == s->key_len && k->ivl == s->iv_len;
    ensures k->send_ts == &a->u.k[0] && k->recv_ts == &a->u.k[k->h]
      && k->rk == &a->u.k[2 * k->h] && k->send_key == &a->u.k[3 * k->h]
      && k->send_iv == &a->u.k[3 * k->h + k->nk]
      && k->recv_key == &a->u.k[3 * k->h + k->nk + k->ivl]
      && k->recv_iv == &a->u.k[3 * k->h + 2 * k->nk + k->ivl]
      && k->pend == &a->u.k[3 * k->h + 2 * k->nk + 2 * k->ivl];
 */
void msa_keys_with(msa_assoc *a, const msa_suite *s, msa_keys *k);

/* Appends one record of content type `type` (0 appData .. 6 abort) with
 * the plaintext body[0..blen) to io->out under the current send keys,
 * seq + 1 (REQ-DT-002..007). No state check: the engine calls it where
 * the state table says; `msa conform` calls it to send records the engine
 * never would (renewal out of sequence, data after release). */
int msa_rec_emit(msa_assoc *a, unsigned type, const uint8_t *body, size_t blen, msa_io *io);

/* Enters `st` with every secret wiped (CLOSED or ABORTED). */
void msa_assoc_end(msa_assoc *a, int st, msa_io *io);

/* Appends a HandshakeReject to io->out (REQ-STM FAIL outside keyed states). */
int msa_out_reject(msa_io *io, const uint8_t dest[MSA_AID_LEN], int diag, const char *detail);

/* ------------------------------------------------------------- handshake.c */
struct MsaPdu;
int msa_hs_start(msa_assoc *a, uint64_t now, msa_io *io);
/* Each returns MSA_OK or the error e of the failed check; *peer_known
 * says whether a reject can be addressed (the aid to use is a->peer_aid). */
int msa_hs_on_init(msa_assoc *a, const struct MsaPdu *p, const uint8_t *raw, size_t len,
	uint64_t now, msa_io *io, int *peer_known);
int msa_hs_on_resp(msa_assoc *a, const struct MsaPdu *p, const uint8_t *raw, size_t len,
	uint64_t now, msa_io *io, int *peer_known);
int msa_hs_on_finish(msa_assoc *a, const struct MsaPdu *p, const uint8_t *raw, size_t len,
	uint64_t now, msa_io *io);

#endif
