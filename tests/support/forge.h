/*
 * forge.h -- test helpers for the engine's state-table, handshake and
 * record tests: pairs of parties, reading what a call sent (io->out: PDU
 * kinds, record headers, HandshakeReject fields, abort records opened with
 * the receiver's keys), and forging records with a sender's keys and
 * arbitrary header fields. Uses the engine's internal key layout
 * (src/engine.h) read-only; changes no association.
 */
#ifndef FORGE_H__
#define FORGE_H__

#include "msa.h"
#include "party.h"

/* The responder-1 / initiator-1 pair; suite 0 keeps the default offer;
 * refs: each side knows the other's certificate (by reference). */
void fg_pair(party *i, party *r, unsigned suite, int refs);
/* fg_pair + handshake; then, when confirm, R sends one appData so that I's
 * `unconfirmed` clears (delivered and forgotten). 1 when both ESTABLISHED. */
int fg_established(party *i, party *r, unsigned suite, int confirm);

/* The three handshake messages as sent, captured by fg_handshake. */
typedef struct {
	uint8_t m[3][MSA_OUT_CAP];
	size_t n[3];
} fg_msgs;
/* fg_pair, then the handshake step by step, keeping msg1..msg3 in *m.
 * Returns 1 when both are ESTABLISHED. */
int fg_handshake(party *i, party *r, unsigned suite, fg_msgs *m);
/* Decodes pdu[0..n), calls fn on the value, re-encodes into out[0..cap):
 * the length, or 0 (decode or encode failed). */
struct MsaPdu;
size_t fg_mutate(const uint8_t *pdu, size_t n, void (*fn)(struct MsaPdu *, void *), void *ctx,
	uint8_t *out, size_t cap);
/* The PDU with its destination aid (initiatorAid for a HandshakeInit)
 * replaced by aid. */
size_t fg_retarget(const uint8_t *pdu, size_t n, const uint8_t aid[MSA_AID_LEN], uint8_t *out,
	size_t cap);

/* The number of PDUs in io->out (framed one by one). */
unsigned fg_npdus(const msa_io *io);
/* The idx-th PDU of io->out: its kind (MSA_PDU_*), or 0 when there is none. */
unsigned fg_pdu(const msa_io *io, unsigned idx, const uint8_t **p, size_t *n);
/* The kind of the idx-th PDU, 0 when none. */
unsigned fg_kind(const msa_io *io, unsigned idx);
/* The header of the idx-th PDU when it is a record: 1 and the fields; 0. */
int fg_rec_hdr(const msa_io *io, unsigned idx, unsigned *type, uint32_t *gen, uint32_t *seq,
	uint8_t aid[MSA_AID_LEN]);
/* The idx-th PDU as a HandshakeReject: 1 and its fields (detail "" and
 * *has_detail 0 when absent); 0 when it is not one. */
int fg_reject(const msa_io *io, unsigned idx, uint8_t dest[MSA_AID_LEN], long *diag,
	char detail[MSA_MAX_DETAIL + 1], int *has_detail);
/* Opens the record pdu[0..n) with rcv's receive keys (its current
 * generation, or the next one: pending secret or ratchet successor), without
 * changing rcv: 1 and type, plaintext pt[0..*pt_len); 0 when it does not
 * open. */
int fg_open(msa_assoc *rcv, const uint8_t *pdu, size_t n, unsigned *type, uint8_t *pt,
	size_t *pt_len);
/* The idx-th PDU of io as an abort record opened with rcv's keys: 1 and the
 * Abort's fields; 0 otherwise. */
int fg_abort(const msa_io *io, unsigned idx, msa_assoc *rcv, long *diag,
	char detail[MSA_MAX_DETAIL + 1], int *has_detail);
/* The idx-th PDU as a record of type `type` whose body decodes: the decoded
 * body (ReleaseRequest etc.) reason or KeyUpdate updateRequested, in *v. */
int fg_ctl_value(const msa_io *io, unsigned idx, msa_assoc *rcv, unsigned type, long *v);

/* Forges a ProtectedPdu for aid with header (type, gen, seq) and plaintext
 * body[0..blen), protected with snd's send keys (keysel 0) or with the
 * keys of the ratchet successor of its send secret (keysel 1); the ICV is
 * icv_len octets (the suite's tag length normally; other lengths: the tag
 * cut or padded with zeros); corrupt flips one octet of the ICV. snd is
 * not changed. Returns the length, 0 on error. */
enum { FG_CUR = 0, FG_NEXT = 1 };
size_t fg_forge(msa_assoc *snd, int keysel, const uint8_t aid[MSA_AID_LEN], unsigned type,
	uint32_t gen, uint32_t seq, const uint8_t *body, size_t blen, size_t icv_len,
	int corrupt, uint8_t *out, size_t cap);
/* fg_forge to snd's peer with the current keys, its next seq and the
 * suite's ICV length; then snd->send_seq + 1 (as if snd had sent it). */
size_t fg_forge_next(msa_assoc *snd, unsigned type, const uint8_t *body, size_t blen,
	uint8_t *out, size_t cap);

/* Control bodies (DER): KeyUpdate, ReleaseRequest/Response, Abort. */
size_t fg_body_keyupdate(int req, uint8_t *out, size_t cap);
size_t fg_body_release(int response, int reason, uint8_t *out, size_t cap);
size_t fg_body_abort(int diag, const char *detail, uint8_t *out, size_t cap);
/* A rekeyRequest/rekeyResponse body with share[0..n) of group g. */
size_t fg_body_rekey(int response, unsigned g, const uint8_t *share, size_t n, uint8_t *out,
	size_t cap);

/* Hands pdu[0..n) to p (msa_assoc_recv at `now`), records like pump does;
 * returns the error. */
int fg_recv(party *p, const uint8_t *pdu, size_t n, uint64_t now);

/* Whether an association (and, in a handshake state, its workspace) is
 * byte for byte as in a snapshot. */
typedef struct {
	msa_assoc a;
	msa_hs_workspace ws;
	int has_ws;
} fg_snap;
void fg_snap_take(fg_snap *s, const msa_assoc *a);
int fg_snap_same(const fg_snap *s, const msa_assoc *a);

#endif
