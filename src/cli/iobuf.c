/*
 * iobuf.c -- the tool's bounded input buffers and the escaping of untrusted
 * text (see iobuf.h), proved with Frama-C WP. Indices rather than pointers,
 * copies as loops (the compiler makes memmove/memcpy of them).
 */
#include "iobuf.h"

size_t
cli_buf_drop(uint8_t *b, size_t len, size_t n)
{
	size_t i;

	/*@ loop invariant 0 <= i <= len - n;
	    loop invariant \forall integer k; 0 <= k < i ==> b[k] == \at(b[k + n], Pre);
	    loop invariant \forall integer k; i <= k < len ==> b[k] == \at(b[k], Pre);
	    loop assigns i, b[0 .. len - n - 1];
	    loop variant len - n - i;
	 */
	for (i = 0; i < len - n; i++)
		b[i] = b[i + n];
	return len - n;
}

int
cli_buf_read(int fd, uint8_t *b, size_t cap, size_t *len)
{
	long r;

	if (*len >= cap)
		return 0;
	r = cli_sys_read(fd, b + *len, cap - *len);
	if (r > 0) {
		*len += (size_t)r;
		return 1;
	}
	return r == 0 ? 0 : (int)r;
}

long
cli_read_fd(int fd, uint8_t *buf, size_t cap)
{
	uint8_t one[1];
	size_t n = 0;
	long r;
	int k;

	/*@ loop invariant n <= cap;
	    loop assigns n, k, buf[0 .. cap - 1];
	 */
	while (n < cap) {
		k = cli_buf_read(fd, buf, cap, &n);
		if (k == 0)
			return (long)n;
		if (k != 1 && k != CLI_SYS_RETRY)
			return -1;
	}
	/* full: one more octet says whether the file is longer */
	/*@ loop assigns r, one[0];
	 */
	for (;;) {
		r = cli_sys_read(fd, one, 1);
		if (r == 0)
			return (long)n;
		if (r > 0)
			return -2;
		if (r != CLI_SYS_RETRY)
			return -1;
	}
}

int
cli_line_take(uint8_t *b, size_t *len, char *line, size_t cap, size_t *n)
{
	size_t i = 0, k;

	/*@ loop invariant 0 <= i <= *len;
	    loop invariant \forall integer j; 0 <= j < i ==> b[j] != '\n';
	    loop assigns i;
	    loop variant *len - i;
	 */
	while (i < *len && b[i] != '\n')
		i++;
	if (i == *len)
		return 0;
	if (i >= cap)
		return -1;
	//@ assert nl: b[i] == '\n';
	/*@ loop invariant 0 <= k <= i;
	    loop invariant \forall integer j; 0 <= j < k ==> line[j] == (b[j] < 128 ? b[j] : b[j] - 256);
	    loop assigns k, line[0 .. i - 1];
	    loop variant i - k;
	 */
	for (k = 0; k < i; k++)
		line[k] = (char)(b[k] < 128u ? b[k] : b[k] - 256);
	line[i] = 0;
	*n = i;
	//@ assert line[i] == 0;
	*len = cli_buf_drop(b, *len, i + 1);
	return 1;
}

/* The hex digit of v (0..15), lower case. */
/*@ requires v <= 15;
    assigns \nothing;
 */
static char
hex_digit(unsigned v)
{
	return (char)(v < 10u ? '0' + v : 'a' + (v - 10u));
}

size_t
cli_esc(char *out, size_t cap, const char *s, size_t n, size_t *used)
{
	size_t i = 0, w = 0;

	/*@ loop invariant 0 <= i <= n && 0 <= w <= cap;
	    loop invariant n > 0 && cap >= 4 && i == 0 ==> w == 0;
	    loop assigns i, w, out[0 .. cap - 1];
	    loop variant n - i;
	 */
	while (i < n) {
		int c = s[i];
		unsigned ch = (unsigned)(c < 0 ? c + 256 : c);
		if (ch >= 0x20u && ch <= 0x7Eu) {
			if (cap - w < 1u)
				break;
			out[w++] = (char)ch;
		} else {
			if (cap - w < 4u)
				break;
			out[w] = '\\';
			out[w + 1] = 'x';
			out[w + 2] = hex_digit(ch / 16u);
			out[w + 3] = hex_digit(ch % 16u);
			w += 4;
		}
		i++;
	}
	*used = i;
	return w;
}

size_t
cli_json_esc(char *out, size_t cap, const char *s, size_t n, size_t *used)
{
	size_t i = 0, w = 0;

	/*@ loop invariant 0 <= i <= n && 0 <= w <= cap;
	    loop invariant n > 0 && cap >= 6 && i == 0 ==> w == 0;
	    loop assigns i, w, out[0 .. cap - 1];
	    loop variant n - i;
	 */
	while (i < n) {
		int c = s[i];
		unsigned ch = (unsigned)(c < 0 ? c + 256 : c);
		if (ch == 0x22u || ch == 0x5Cu) {          /* " and \ */
			if (cap - w < 2u)
				break;
			out[w] = '\\';
			out[w + 1] = s[i];
			w += 2;
		} else if (ch < 0x20u || ch == 0x7Fu) {
			if (cap - w < 6u)
				break;
			out[w] = '\\';
			out[w + 1] = 'u';
			out[w + 2] = '0';
			out[w + 3] = '0';
			out[w + 4] = hex_digit(ch / 16u);
			out[w + 5] = hex_digit(ch % 16u);
			w += 6;
		} else {
			if (cap - w < 1u)
				break;
			out[w++] = s[i];
		}
		i++;
	}
	*used = i;
	return w;
}

size_t
cli_hex_out(char *out, size_t cap, const uint8_t *p, size_t n, size_t *used)
{
	size_t i = 0, w = 0;

	/*@ loop invariant 0 <= i <= n && w == 2 * i && w <= cap;
	    loop assigns i, w, out[0 .. cap - 1];
	    loop variant n - i;
	 */
	while (i < n && cap - w >= 2u) {
		out[w] = hex_digit(p[i] / 16u);
		out[w + 1] = hex_digit(p[i] % 16u);
		w += 2;
		i++;
	}
	*used = i;
	return w;
}

/* n (below 2^32) as 4 octets big-endian at o[0..4). */
/*@ requires v <= 0xFFFFFFFF && \valid(o + (0 .. 3));
    assigns o[0 .. 3];
 */
static void
put32(uint8_t *o, uint64_t v)
{
	size_t i;

	/*@ loop invariant 0 <= i <= 4;
	    loop assigns i, v, o[0 .. 3];
	    loop variant 4 - i;
	 */
	for (i = 0; i < 4u; i++) {
		o[3u - i] = (uint8_t)(v % 256u);
		v /= 256u;
	}
}

/* The 4 octets big-endian at b[0..4). */
/*@ requires \valid_read(b + (0 .. 3));
    assigns \nothing;
    ensures \result <= 0xFFFFFFFF;
 */
static uint64_t
get32(const uint8_t *b)
{
	uint64_t v = 0;
	size_t i;

	/*@ loop invariant 0 <= i <= 4;
	    loop invariant i == 0 ==> v == 0;
	    loop invariant i == 1 ==> v <= 0xFF;
	    loop invariant i == 2 ==> v <= 0xFFFF;
	    loop invariant i == 3 ==> v <= 0xFFFFFF;
	    loop invariant i == 4 ==> v <= 0xFFFFFFFF;
	    loop assigns i, v;
	    loop variant 4 - i;
	 */
	for (i = 0; i < 4u; i++)
		v = v * 256u + b[i];
	return v;
}

int
cli_dq_put(uint8_t *q, size_t cap, size_t *len, uint64_t due, const uint8_t *p, size_t n)
{
	size_t w = *len, i;

	if (n > 0xFFFFFFFFu || cap - w < CLI_DQ_HDR || n > cap - w - CLI_DQ_HDR)
		return -1;
	put32(q + w, due / 4294967296u);
	put32(q + w + 4, due % 4294967296u);
	put32(q + w + 8, n);
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, q[w + CLI_DQ_HDR .. w + CLI_DQ_HDR + n - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		q[w + CLI_DQ_HDR + i] = p[i];
	*len = w + CLI_DQ_HDR + n;
	return 0;
}

int
cli_dq_front(const uint8_t *q, size_t len, uint64_t *due, size_t *n)
{
	uint64_t l;

	if (len < CLI_DQ_HDR)
		return 0;
	l = get32(q + 8);
	if (l > len - CLI_DQ_HDR)
		return 0;
	*due = get32(q) * 4294967296u + get32(q + 4);
	*n = (size_t)l;
	return 1;
}

int
cli_conn_read(cli_conn *c)
{
	int k;

	/*@ loop invariant cli_rside(c) && \at(c->rlen, Pre) <= c->rlen;
	    loop assigns k, c->rbuf[0 .. CLI_RBUF - 1], c->rlen;
	 */
	while (c->rlen < CLI_RBUF) {
		k = cli_buf_read(c->fd, c->rbuf, CLI_RBUF, &c->rlen);
		if (k == 1 || k == CLI_SYS_RETRY)
			continue;
		if (k == CLI_SYS_AGAIN)
			return 0;
		c->eof = 1;
		return k == 0 ? 0 : -1;
	}
	return 0;
}

int
cli_conn_next(cli_conn *c, const uint8_t **pdu, size_t *len, size_t *err_off)
{
	int r;

	if (c->rlen == 0)
		return 0;
	r = msa_der_frame(c->rbuf, c->rlen, len, err_off);
	if (r == 1)
		return 0;
	if (r != MSA_OK)
		return r;
	*pdu = c->rbuf;
	return 1;
}

void
cli_conn_consume(cli_conn *c, size_t len)
{
	c->rlen = cli_buf_drop(c->rbuf, c->rlen, len <= c->rlen ? len : c->rlen);
}

int
cli_conn_queue(cli_conn *c, const uint8_t *p, size_t n)
{
	size_t i;

	if (c->woff > 0 && n > CLI_WBUF - c->wlen) {
		c->wlen = cli_buf_drop(c->wbuf, c->wlen, c->woff);
		c->woff = 0;
	}
	if (n > CLI_WBUF - c->wlen)
		return -1;
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, c->wbuf[c->wlen .. c->wlen + n - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		c->wbuf[c->wlen + i] = p[i];
	c->wlen += n;
	return 0;
}

int
cli_conn_flush(cli_conn *c)
{
	long r;

	/*@ loop invariant cli_wside(c);
	    loop assigns r, c->woff;
	 */
	while (c->woff < c->wlen) {
		r = cli_sys_write(c->fd, c->wbuf + c->woff, c->wlen - c->woff);
		if (r > 0) {
			c->woff += (size_t)r;
			continue;
		}
		if (r == CLI_SYS_RETRY)
			continue;
		return r == CLI_SYS_AGAIN ? 0 : -1;
	}
	c->woff = c->wlen = 0;
	return 0;
}
