/*
 * vectors_io.h -- what `msa vectors adapter` (vectors_adapter.c,
 * vectors_scenario.c) does with the octets of a runner's request: hex
 * values into bounded buffers, bounded copies, the parts of a received
 * record, the building of a record, the faults a scenario applies to a
 * PDU in flight. No heap, no stdio. Every function of vectors_io.c is
 * proved with Frama-C WP (make proofs; proofs/README.md): it reads and
 * writes only inside the buffers its contract names, whatever the request
 * says.
 */
#ifndef MSA_CLI_VECTORS_IO_H__
#define MSA_CLI_VECTORS_IO_H__

#include <stddef.h>
#include <stdint.h>
#include "msa.h"
#include "engine.h"
#include "vjson_lex.h"

/*
 * cli_hex_in: the hex text s[0..n) (either case, an even number of digits)
 * as octets into buf[0..cap): 0 with *len = n / 2; -1 when n is odd, the
 * value is longer than cap or a character is not a hex digit (*len
 * unchanged; buf may hold a prefix).
 */
/*@ requires vj_text(s, n) && \valid(len);
    requires cap == 0 || \valid(buf + (0 .. cap - 1));
    requires \separated(buf + (0 .. cap - 1), s + (0 .. n - 1), len);
    assigns buf[0 .. cap - 1], *len;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> n % 2 == 0 && *len == n / 2 && *len <= cap;
    ensures \result == -1 ==> *len == \old(*len);
 */
int cli_hex_in(const char *s, size_t n, uint8_t *buf, size_t cap, size_t *len);

/*
 * cli_bytes_in: src[0..n) into dst[0..cap): 0 when n <= cap (dst[0..n)
 * then equals src), -1 (nothing written) when it is longer. n is a count
 * from outside (a decoded value's size): the source need be readable only
 * when it fits. Also the tool's copy of a received PDU or message out of
 * its buffer (msa relay, msa conform, msa responder --echo).
 */
/*@ requires \valid(dst + (0 .. cap - 1));
    requires 0 <= n <= cap ==> \valid_read(src + (0 .. n - 1));
    requires \separated(dst + (0 .. cap - 1), src + (0 .. n - 1));
    assigns dst[0 .. cap - 1];
    ensures \result == 0 || \result == -1;
    ensures \result == 0 <==> 0 <= n <= cap;
    ensures \result == 0 ==> \forall integer k; 0 <= k < n ==> dst[k] == src[k];
 */
int cli_bytes_in(uint8_t *dst, size_t cap, const uint8_t *src, long n);

/*
 * cli_rec_in: a received ProtectedPdu pdu[0..len) as the engine's fast
 * parser reads it (msa_rec_parse): 1 with *rec filled and the body copied
 * to data[0..rec->body_len) (the AEAD opens it in place there); 0 when it
 * is not a record or its body does not fit cap. On 1 the header (the
 * AAD), the body and the icv lie inside pdu[0..len).
 */
/*@ requires \valid_read(pdu + (0 .. len - 1)) && \valid(rec);
    requires \valid(data + (0 .. cap - 1));
    requires \separated(rec, data + (0 .. cap - 1), pdu + (0 .. len - 1));
    assigns *rec, data[0 .. cap - 1];
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> rec->hdr_off + rec->hdr_len <= rec->body_off
      && rec->body_off + rec->body_len <= rec->icv_off
      && rec->icv_off + rec->icv_len == len && rec->body_len <= cap
      && 16 <= rec->icv_len <= 32 && rec->hdr_len <= MSA_REC_HDR_MAX;
    ensures \result == 1 ==> \forall integer k; 0 <= k < rec->body_len
      ==> data[k] == pdu[rec->body_off + k];
 */
int cli_rec_in(const uint8_t *pdu, size_t len, msa_rec *rec, uint8_t *data, size_t cap);

/*
 * cli_rec_out: the ProtectedPdu of a header TLV hdr[0..hl), a body
 * body[0..bl) and an icv icv[0..il) into pdu[0..cap), as the engine writes
 * one (A4 { header, [1] body, [2] icv }, minimal DER lengths): its length,
 * or 0 when it does not fit cap (nothing written).
 */
/*@ requires hl <= MSA_REC_HDR_MAX && bl <= MSA_MAX_DATA && il <= 32;
    requires \valid(pdu + (0 .. cap - 1));
    requires \valid_read(hdr + (0 .. hl - 1)) && \valid_read(body + (0 .. bl - 1))
      && \valid_read(icv + (0 .. il - 1));
    requires \separated(pdu + (0 .. cap - 1), hdr + (0 .. hl - 1));
    requires \separated(pdu + (0 .. cap - 1), body + (0 .. bl - 1));
    requires \separated(pdu + (0 .. cap - 1), icv + (0 .. il - 1));
    assigns pdu[0 .. cap - 1];
    ensures \result <= cap;
    ensures \result == 0 || \result >= 2 + hl + 2 + bl + 2 + il;
    ensures \result == 0 ==> \forall integer k; 0 <= k < cap ==> pdu[k] == \old(pdu[k]);
 */
size_t cli_rec_out(uint8_t *pdu, size_t cap, const uint8_t *hdr, size_t hl,
	const uint8_t *body, size_t bl, const uint8_t *icv, size_t il);

/*
 * cli_xor_at: the scenario fault "alter": b[off] ^= x, off counted from
 * the end when negative (-1 is the last octet): 0; -1 (nothing changed)
 * when the offset is outside b[0..len).
 */
/*@ requires \valid(b + (0 .. len - 1));
    assigns b[0 .. len - 1];
    ensures \result == 0 || \result == -1;
    ensures \result == -1 ==> \forall integer k; 0 <= k < len ==> b[k] == \old(b[k]);
 */
int cli_xor_at(uint8_t *b, size_t len, long long off, unsigned x);

/*
 * cli_list_next: the next number of a list of decimal numbers separated by
 * commas, s[*pos..n) (digits only: no sign, no space; the DRBG request
 * sizes of a key-schedule request): 1 with *v (at most max) and *pos past
 * the number and its comma; 0 at the end (*pos == n); -1 when no digit
 * comes first, another character follows, or the value exceeds max (*pos
 * and *v unchanged but on 1).
 */
/*@ requires vj_text(s, n) && \valid(pos) && \valid(v) && *pos <= n;
    requires \separated(pos, v, s + (0 .. n - 1));
    assigns *pos, *v;
    ensures \result == 1 || \result == 0 || \result == -1;
    ensures \result == 1 ==> \old(*pos) < *pos <= n && *v <= max;
    ensures \result != 1 ==> *pos == \old(*pos) && *v == \old(*v);
    ensures \result == 0 <==> \old(*pos) == n;
 */
int cli_list_next(const char *s, size_t n, size_t *pos, unsigned long *v, unsigned long max);

/*
 * A scenario's PDUs in flight, one queue per party (vectors_scenario.c):
 * fixed slots, no heap. Every operation keeps pq_ok; an index or offset
 * from the request outside the queue is refused (-1, nothing changed).
 */
#define CLI_PQ_CAP 32

typedef struct {
	uint8_t b[CLI_PQ_CAP][MSA_MAX_PDU];
	size_t len[CLI_PQ_CAP];
	size_t n;                  /* slots in use: b[0 .. n), the front first */
} cli_pq;

/*@ predicate pq_ok(cli_pq *q) = \valid(q) && q->n <= CLI_PQ_CAP
      && \forall integer i; 0 <= i < CLI_PQ_CAP ==> q->len[i] <= MSA_MAX_PDU;
 */

/* cli_pq_init: an empty queue. */
/*@ requires \valid(q);
    assigns *q;
    ensures pq_ok(q) && q->n == 0;
 */
void cli_pq_init(cli_pq *q);

/* cli_pq_push: p[0..n) at the back: 0; -1 when the queue is full or n is
 * above MSA_MAX_PDU. */
/*@ requires pq_ok(q);
    requires n <= MSA_MAX_PDU ==> \valid_read(p + (0 .. n - 1));
    requires \separated(q, p + (0 .. n - 1));
    assigns q->b[0 .. CLI_PQ_CAP - 1][0 .. MSA_MAX_PDU - 1], q->len[0 .. CLI_PQ_CAP - 1], q->n;
    ensures pq_ok(q);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 <==> \old(q->n) < CLI_PQ_CAP && n <= MSA_MAX_PDU;
    ensures \result == 0 ==> q->n == \old(q->n) + 1 && q->len[\old(q->n)] == n
      && \forall integer k; 0 <= k < n ==> q->b[\old(q->n)][k] == p[k];
    ensures \result == -1 ==> q->n == \old(q->n);
 */
int cli_pq_push(cli_pq *q, const uint8_t *p, size_t n);

/* cli_pq_frames: every whole DER object of out[0..len) (msa_der_frame),
 * in order, pushed while there is room: the count pushed. */
/*@ requires pq_ok(q) && \valid_read(out + (0 .. len - 1));
    requires \separated(q, out + (0 .. len - 1));
    assigns q->b[0 .. CLI_PQ_CAP - 1][0 .. MSA_MAX_PDU - 1], q->len[0 .. CLI_PQ_CAP - 1], q->n;
    ensures pq_ok(q);
 */
size_t cli_pq_frames(cli_pq *q, const uint8_t *out, size_t len);

/* cli_pq_drop: removes slot i: 0; -1 when there is none. */
/*@ requires pq_ok(q);
    assigns q->b[0 .. CLI_PQ_CAP - 1][0 .. MSA_MAX_PDU - 1], q->len[0 .. CLI_PQ_CAP - 1], q->n;
    ensures pq_ok(q);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 <==> i < \old(q->n);
    ensures \result == 0 ==> q->n == \old(q->n) - 1;
    ensures \result == -1 ==> q->n == \old(q->n);
 */
int cli_pq_drop(cli_pq *q, size_t i);

/* cli_pq_take: the front PDU into out[0..cap), removed from the queue: 0
 * with *len; -1 when the queue is empty or the PDU does not fit. */
/*@ requires pq_ok(q) && \valid(len) && \valid(out + (0 .. cap - 1));
    requires \separated(q, len, out + (0 .. cap - 1));
    assigns q->b[0 .. CLI_PQ_CAP - 1][0 .. MSA_MAX_PDU - 1], q->len[0 .. CLI_PQ_CAP - 1], q->n;
    assigns *len, out[0 .. cap - 1];
    ensures pq_ok(q);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> *len <= cap && q->n == \old(q->n) - 1;
 */
int cli_pq_take(cli_pq *q, uint8_t *out, size_t cap, size_t *len);

/* cli_pq_dup: the fault "replay": a copy of slot i right after it: 0; -1
 * when there is no slot i or the queue is full. */
/*@ requires pq_ok(q);
    assigns q->b[0 .. CLI_PQ_CAP - 1][0 .. MSA_MAX_PDU - 1], q->len[0 .. CLI_PQ_CAP - 1], q->n;
    ensures pq_ok(q);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 <==> i < \old(q->n) && \old(q->n) < CLI_PQ_CAP;
 */
int cli_pq_dup(cli_pq *q, size_t i);

/* cli_pq_swap: the fault "reorder": slots i and i + 1 exchanged: 0; -1
 * when there are not both. */
/*@ requires pq_ok(q);
    assigns q->b[i][0 .. MSA_MAX_PDU - 1], q->b[i + 1][0 .. MSA_MAX_PDU - 1];
    assigns q->len[i], q->len[i + 1];
    ensures pq_ok(q) && q->n == \old(q->n);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 <==> i + 1 < q->n;
 */
int cli_pq_swap(cli_pq *q, size_t i);

/* cli_pq_cut: the fault "truncate": slot i one octet shorter: 0; -1 when
 * there is no slot i or it is shorter than 2 octets. */
/*@ requires pq_ok(q);
    assigns q->len[0 .. CLI_PQ_CAP - 1];
    ensures pq_ok(q) && q->n == \old(q->n);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> i < q->n;
    ensures \result == -1 ==> \forall integer k; 0 <= k < CLI_PQ_CAP ==> q->len[k] == \old(q->len[k]);
 */
int cli_pq_cut(cli_pq *q, size_t i);

/* cli_pq_alter: the fault "alter": cli_xor_at on slot i: 0; -1 when there
 * is no slot i or the offset is outside it. */
/*@ requires pq_ok(q);
    assigns q->b[0 .. CLI_PQ_CAP - 1][0 .. MSA_MAX_PDU - 1];
    ensures pq_ok(q) && q->n == \old(q->n);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> i < q->n;
 */
int cli_pq_alter(cli_pq *q, size_t i, long long off, unsigned x);

#endif
