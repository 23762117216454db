/*
 * iobuf.h -- the octets the tool reads from outside (a peer's connection, an
 * adapter's answers, the files it is given) and the escaping of untrusted
 * text: bounded buffers, no heap, no stdio. Every function of iobuf.c is
 * proved with Frama-C WP (make proofs; proofs/README.md): it reads and
 * writes only inside the buffers its contract names, whatever the octets
 * and however the operating system splits them.
 *
 * The operating system is reached through cli_sys_read and cli_sys_write
 * (src/cli/sys.c, one system call each, not proved): their contracts below
 * are the assumption H18 of proofs/README.md.
 */
#ifndef MSA_CLI_IOBUF_H__
#define MSA_CLI_IOBUF_H__

#include <stddef.h>
#include <stdint.h>
#include "msa.h"

/* What cli_sys_read and cli_sys_write return besides a count. */
#define CLI_SYS_RETRY  (-1)  /* interrupted (EINTR): call again */
#define CLI_SYS_AGAIN  (-2)  /* nothing now (EAGAIN, EWOULDBLOCK: a non-blocking fd) */
#define CLI_SYS_ERROR  (-3)  /* any other error; errno says which */

/* read(2) of at most n octets into buf[0..n): the count read (0 at the end
 * of the file), or a CLI_SYS_* code. n above SSIZE_MAX is read as SSIZE_MAX. */
/*@ requires \valid(buf + (0 .. n - 1));
    assigns buf[0 .. n - 1];
    ensures CLI_SYS_ERROR <= \result <= n;
 */
long cli_sys_read(int fd, uint8_t *buf, size_t n);

/* write(2) of at most n octets (n > 0) of buf[0..n): the count written (at
 * least 1), or a CLI_SYS_* code (a write of nothing is CLI_SYS_ERROR, EIO). */
/*@ requires n > 0 && \valid_read(buf + (0 .. n - 1));
    assigns \nothing;
    ensures CLI_SYS_ERROR <= \result <= n && \result != 0;
 */
long cli_sys_write(int fd, const uint8_t *buf, size_t n);

/*
 * cli_buf_drop: drops the first n octets of b[0..len) (n <= len), moving
 * the rest to the front. Returns len - n.
 */
/*@ requires n <= len && \valid(b + (0 .. len - 1));
    assigns b[0 .. len - 1];
    ensures \result == len - n;
    ensures \forall integer i; 0 <= i < len - n ==> b[i] == \old(b[i + n]);
 */
size_t cli_buf_drop(uint8_t *b, size_t len, size_t n);

/*
 * cli_buf_read: one read of fd appended to b[*len..cap): 1 when octets
 * came (*len grows, at most to cap), 0 at the end of the file (also when
 * the buffer is full: nothing is asked of the system then), or a CLI_SYS_*
 * code from cli_sys_read (*len unchanged).
 */
/*@ requires \valid(len) && *len <= cap && \valid(b + (0 .. cap - 1));
    requires \separated(len, b + (0 .. cap - 1));
    assigns *len, b[0 .. cap - 1];
    ensures \old(*len) <= *len <= cap;
    ensures \result == 1 ==> \old(*len) < *len;
    ensures \result != 1 ==> *len == \old(*len);
    ensures \result == 1 || \result == 0 || \result == CLI_SYS_RETRY
      || \result == CLI_SYS_AGAIN || \result == CLI_SYS_ERROR;
 */
int cli_buf_read(int fd, uint8_t *b, size_t cap, size_t *len);

/*
 * cli_read_fd: the whole of fd (read to its end) into buf[0..cap)
 * (cap < 2^31). Returns the length; -2 when fd holds more than cap octets
 * (one more is read to know); -1 on a read error (errno set; a non-blocking
 * fd with nothing to read is an error here).
 */
/*@ requires cap < 0x7fffffff && \valid(buf + (0 .. cap - 1));
    assigns buf[0 .. cap - 1];
    ensures -2 <= \result <= cap;
 */
long cli_read_fd(int fd, uint8_t *buf, size_t cap);

/*
 * cli_line_take: the first line of b[0..*len) (the octets before the first
 * '\n'): 1 with the line in line[0..*n), line[*n] = 0, and the line and its
 * newline dropped from b; 0 (nothing changed) when b holds no newline; -1
 * (nothing changed) when the line with its terminating 0 does not fit
 * line[0..cap). A line may hold any octet, 0 included: use *n, not strlen.
 */
/*@ requires \valid(len) && \valid(n) && \valid(b + (0 .. *len - 1));
    requires \valid(line + (0 .. cap - 1));
    requires \separated(len, n, b + (0 .. *len - 1), line + (0 .. cap - 1));
    assigns *len, *n, b[0 .. *len - 1], line[0 .. cap - 1];
    ensures \result == 1 || \result == 0 || \result == -1;
    ensures \result == 1 ==> *n < cap && *n < \old(*len) && line[*n] == 0;
    ensures \result == 1 ==> *len == \old(*len) - (*n + 1);
    ensures \result == 1 ==> \forall integer j; j == *n ==> \old(b[j]) == '\n';
    ensures \result == 1 ==> \forall integer j; 0 <= j < *n ==> \old(b[j]) != '\n'
      && line[j] == (\old(b[j]) < 128 ? \old(b[j]) : \old(b[j]) - 256);
    ensures \result != 1 ==> *len == \old(*len);
 */
int cli_line_take(uint8_t *b, size_t *len, char *line, size_t cap, size_t *n);

/*
 * cli_esc: untrusted text s[0..n) for a terminal or a log (REQ-ERR-005):
 * the printable ASCII octets (0x20..0x7E) as they are, every other as
 * \xNN (lower-case hex). Writes whole escapes only into out[0..cap): the
 * characters written are returned, *used is the octets of s rendered
 * (fewer than n when out is full; at least one when cap >= 4 and n > 0).
 * out is not NUL-terminated.
 */
/*@ requires \valid_read(s + (0 .. n - 1)) && \valid(out + (0 .. cap - 1)) && \valid(used);
    requires \separated(used, out + (0 .. cap - 1));
    assigns out[0 .. cap - 1], *used;
    ensures \result <= cap && *used <= n;
    ensures n > 0 && cap >= 4 ==> *used > 0;
 */
size_t cli_esc(char *out, size_t cap, const char *s, size_t n, size_t *used);

/*
 * cli_json_esc: text s[0..n) (a value's octets, untrusted) as the contents
 * of a JSON string (vjson.c's vb_str): '"' and '\\' escaped with a
 * backslash, the control octets and 0x7F as \u00xx (lower-case hex), every
 * other octet as it is. Whole escapes only into out[0..cap): the
 * characters written are returned, *used is the octets of s rendered (at
 * least one when cap >= 6 and n > 0). out is not NUL-terminated.
 */
/*@ requires \valid_read(s + (0 .. n - 1)) && \valid(out + (0 .. cap - 1)) && \valid(used);
    requires \separated(used, out + (0 .. cap - 1));
    assigns out[0 .. cap - 1], *used;
    ensures \result <= cap && *used <= n;
    ensures n > 0 && cap >= 6 ==> *used > 0;
 */
size_t cli_json_esc(char *out, size_t cap, const char *s, size_t n, size_t *used);

/*
 * cli_hex_out: p[0..n) as lower-case hex into out[0..cap) (vjson.c's
 * vb_hex), whole octets only: the characters written (2 per octet), *used
 * the octets rendered (at least one when cap >= 2 and n > 0).
 */
/*@ requires \valid_read(p + (0 .. n - 1)) && \valid(out + (0 .. cap - 1)) && \valid(used);
    requires \separated(used, out + (0 .. cap - 1));
    assigns out[0 .. cap - 1], *used;
    ensures \result <= cap && *used <= n && \result == 2 * *used;
    ensures n > 0 && cap >= 2 ==> *used > 0;
 */
size_t cli_hex_out(char *out, size_t cap, const uint8_t *p, size_t n, size_t *used);

/*
 * A queue of delayed PDUs (msa relay --delay) in q[0..*len): records of a
 * due time (8 octets, big-endian), a length n (4 octets, big-endian) and
 * the n octets.
 */
#define CLI_DQ_HDR 12u

/* cli_dq_put: appends the record (due, p[0..n)): 0, or -1 (nothing
 * written) when q[0..cap) cannot hold it or n is 2^32 or more. */
/*@ requires \valid(len) && *len <= cap && \valid(q + (0 .. cap - 1));
    requires \valid_read(p + (0 .. n - 1));
    requires \separated(len, q + (0 .. cap - 1), p + (0 .. n - 1));
    assigns *len, q[0 .. cap - 1];
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> *len == \old(*len) + CLI_DQ_HDR + n;
    ensures \result == -1 ==> *len == \old(*len);
 */
int cli_dq_put(uint8_t *q, size_t cap, size_t *len, uint64_t due, const uint8_t *p, size_t n);

/* cli_dq_front: the first record of q[0..len): 1 with its due time and
 * length (its octets at q + CLI_DQ_HDR, inside q[0..len)); 0 when q does
 * not start with a whole record. */
/*@ requires \valid_read(q + (0 .. len - 1)) && \valid(due) && \valid(n) && \separated(due, n);
    assigns *due, *n;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> CLI_DQ_HDR + *n <= len;
 */
int cli_dq_front(const uint8_t *q, size_t len, uint64_t *due, size_t *n);

/*
 * A connection's byte buffers (the networked subcommands: initiator,
 * responder, relay, demo, conform, soak). rbuf holds received octets not yet
 * framed; wbuf (CLI_WBUF octets, the caller's) the octets queued for
 * writing, wbuf[woff..wlen) not yet written.
 */
#define CLI_RBUF (MSA_MAX_PDU + 4096u)
#define CLI_WBUF (1u << 20)
typedef struct {
	int fd;
	uint8_t rbuf[CLI_RBUF];
	size_t rlen;
	uint8_t *wbuf;
	size_t wlen, woff;
	int eof;
} cli_conn;

/*@ predicate cli_rside(cli_conn *c) = \valid(c) && c->rlen <= CLI_RBUF;
    predicate cli_wside(cli_conn *c) = \valid(c) && c->woff <= c->wlen <= CLI_WBUF
      && \valid(c->wbuf + (0 .. CLI_WBUF - 1)) && \separated(c, c->wbuf + (0 .. CLI_WBUF - 1));
 */

/* Reads what fd has now into rbuf (until the system has nothing more, the
 * end of the file or rbuf is full): 0, or -1 on a read error; eof set at
 * the end of the file or on the error. */
/*@ requires cli_rside(c);
    assigns c->rbuf[0 .. CLI_RBUF - 1], c->rlen, c->eof;
    ensures cli_rside(c) && \old(c->rlen) <= c->rlen;
    ensures \result == 0 || \result == -1;
 */
int cli_conn_read(cli_conn *c);

/* The next whole PDU at the front of rbuf (msa_der_frame): 1 with *pdu =
 * rbuf and *len its length (0 < *len <= rlen; valid until
 * cli_conn_consume); 0 when more octets are needed (never when rbuf is
 * full); or msa_der_frame's error, *err_off its offset in rbuf. */
/*@ requires cli_rside(c) && \valid(pdu) && \valid(len) && \valid(err_off);
    requires \separated(pdu, len, err_off, c);
    assigns *pdu, *len, *err_off;
    ensures \result == 1 ==> *pdu == &c->rbuf[0] && 0 < *len <= c->rlen;
    ensures \result == 0 ==> c->rlen < MSA_MAX_PDU;
    ensures \result < 0 ==> *err_off < c->rlen;
    ensures \result <= 1;
 */
int cli_conn_next(cli_conn *c, const uint8_t **pdu, size_t *len, size_t *err_off);

/* Drops the first len octets of rbuf (all of them when len > rlen). */
/*@ requires cli_rside(c);
    assigns c->rbuf[0 .. CLI_RBUF - 1], c->rlen;
    ensures cli_rside(c);
    ensures len <= \old(c->rlen) ==> c->rlen == \old(c->rlen) - len
      && \forall integer i; 0 <= i < c->rlen ==> c->rbuf[i] == \old(c->rbuf[i + len]);
    ensures len > \old(c->rlen) ==> c->rlen == 0;
 */
void cli_conn_consume(cli_conn *c, size_t len);

/* Queues p[0..n) for writing: 0, or -1 (nothing queued) when wbuf cannot
 * hold it, even after the written octets are dropped from its front. */
/*@ requires cli_wside(c) && \valid_read(p + (0 .. n - 1));
    requires \separated(p + (0 .. n - 1), c->wbuf + (0 .. CLI_WBUF - 1));
    assigns c->wbuf[0 .. CLI_WBUF - 1], c->wlen, c->woff;
    ensures cli_wside(c);
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> c->wlen - c->woff == \old(c->wlen) - \old(c->woff) + n;
    ensures \result == -1 ==> c->wlen - c->woff == \old(c->wlen) - \old(c->woff);
 */
int cli_conn_queue(cli_conn *c, const uint8_t *p, size_t n);

/* Writes what fd takes now of wbuf[woff..wlen): 0 (everything written:
 * wlen = woff = 0; or the system takes no more now), -1 on a write error. */
/*@ requires cli_wside(c);
    assigns c->wlen, c->woff;
    ensures cli_wside(c);
    ensures \result == 0 || \result == -1;
 */
int cli_conn_flush(cli_conn *c);

#endif
