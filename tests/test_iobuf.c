/*
 * test_iobuf.c -- the tool's bounded input buffers (src/cli/iobuf.c, proved
 * by WP) through the system for real: pipes, a socket pair, files. What the
 * proof does not say is checked here: the octets that come out are the
 * octets that went in, in order, however the system splits them; the
 * escaping equals the printf rendering it replaced; the guards around every
 * buffer are untouched.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tf.h"
/* tool code, not in libmsa.a: compiled in */
#include "cli/iobuf.c"
#include "cli/sys.c"

static void
drop(void)
{
	uint8_t b[64], ref[64];
	size_t len, n, k, r;
	int bad = 0;

	for (k = 0; k < 2000; k++) {
		len = tf_rnd() % 65;
		n = len ? tf_rnd() % (len + 1) : 0;
		for (r = 0; r < sizeof b; r++)
			b[r] = (uint8_t)tf_rnd();
		memcpy(ref, b, sizeof b);
		memmove(ref, ref + n, len - n);
		r = cli_buf_drop(b, len, n);
		if (r != len - n || memcmp(b, ref, len - n) != 0 || memcmp(b + len, ref + len, sizeof b - len) != 0)
			bad++;
	}
	TF_EQ_INT(bad, 0, "cli_buf_drop = memmove, 2000 random cases");
}

static void
lines(void)
{
	uint8_t b[32];
	char line[8];
	size_t len, n = 99;

	memset(line, 'Z', sizeof line);
	memcpy(b, "ab", 2);
	len = 2;
	TF_EQ_INT(cli_line_take(b, &len, line, sizeof line, &n), 0, "no newline: 0");
	TF_CHECK(len == 2 && n == 99 && line[0] == 'Z', "no newline: nothing changed");
	memcpy(b, "ab\n\ncd\0e\nrest", 13);
	len = 13;
	TF_EQ_INT(cli_line_take(b, &len, line, sizeof line, &n), 1, "first line");
	TF_CHECK(n == 2 && memcmp(line, "ab", 3) == 0 && len == 10 && memcmp(b, "\ncd\0e\nrest", 10) == 0,
		"first line: ab, dropped with its newline");
	TF_EQ_INT(cli_line_take(b, &len, line, sizeof line, &n), 1, "empty line");
	TF_CHECK(n == 0 && line[0] == 0 && len == 9, "empty line: length 0");
	TF_EQ_INT(cli_line_take(b, &len, line, sizeof line, &n), 1, "line with a 0 octet");
	TF_CHECK(n == 4 && memcmp(line, "cd\0e", 5) == 0 && len == 4 && memcmp(b, "rest", 4) == 0,
		"a 0 octet is part of the line (n = 4)");
	TF_EQ_INT(cli_line_take(b, &len, line, sizeof line, &n), 0, "rest: no newline yet");
	/* a line of cap - 1 octets fits (its 0 in the last place); cap does not */
	memcpy(b, "1234567\n12345678\n", 17);
	len = 17;
	TF_EQ_INT(cli_line_take(b, &len, line, sizeof line, &n), 1, "cap - 1 octets fit");
	TF_CHECK(n == 7 && line[7] == 0 && len == 9, "cap - 1: NUL in line[cap - 1]");
	TF_EQ_INT(cli_line_take(b, &len, line, sizeof line, &n), -1, "cap octets: -1");
	TF_CHECK(len == 9 && memcmp(b, "12345678\n", 9) == 0, "-1: the buffer unchanged");
}

static void
esc(void)
{
	char out[1100], ref[1100], s[256];
	size_t i, used, w, k, cap, total, rl;
	int bad = 0, nowrite = 0, stuck = 0;

	for (i = 0; i < 256; i++)
		s[i] = (char)i;
	/* all 256 octets against the printf rendering of the old printer */
	rl = 0;
	for (i = 0; i < 256; i++)
		rl += (size_t)(i >= 0x20 && i <= 0x7e ? sprintf(ref + rl, "%c", (int)i) : sprintf(ref + rl, "\\x%02x", (unsigned)i));
	w = cli_esc(out, sizeof out, s, 256, &used);
	TF_CHECK(w == rl && used == 256 && memcmp(out, ref, rl) == 0, "cli_esc of 0..255 = printf's \\xNN");
	/* every small cap: whole escapes only, never past cap, progress when cap >= 4 */
	for (k = 0; k < 3000; k++) {
		size_t n = tf_rnd() % 40, pos = 0, o = 0;
		char src[40];
		for (i = 0; i < n; i++)
			src[i] = (char)(tf_rnd() % 3 == 0 ? tf_rnd() : 'a' + tf_rnd() % 26);
		cap = tf_rnd() % 12;
		total = 0;
		rl = 0;
		for (i = 0; i < n; i++) {
			unsigned c = (unsigned char)src[i];
			rl += (size_t)(c >= 0x20 && c <= 0x7e ? sprintf(ref + rl, "%c", (int)c) : sprintf(ref + rl, "\\x%02x", c));
		}
		while (pos < n) {
			memset(out + o, '#', cap + 4);
			w = cli_esc(out + o, cap, src + pos, n - pos, &used);
			if (w > cap || out[o + cap] != '#')
				nowrite++;
			if (used == 0) {
				if (cap >= 4)
					stuck++;
				break;
			}
			pos += used;
			o += w;
			total += w;
		}
		if (cap >= 4 && (total != rl || memcmp(out, ref, rl) != 0))
			bad++;
	}
	TF_EQ_INT(nowrite, 0, "cli_esc writes only out[0..cap)");
	TF_EQ_INT(stuck, 0, "cli_esc progresses when cap >= 4");
	TF_EQ_INT(bad, 0, "cli_esc in pieces = the whole rendering");
}

/* A pipe holding n octets i*7 (written by a child when n is large). */
static int
pipe_with(size_t n)
{
	int p[2];
	size_t i;

	if (pipe(p) != 0)
		return -1;
	if (fork() == 0) {
		uint8_t o;
		close(p[0]);
		for (i = 0; i < n; i++) {
			o = (uint8_t)(i * 7u);
			if (write(p[1], &o, 1) != 1)   /* one octet a write: the reader sees every split */
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	return p[0];
}

static void
read_fd(void)
{
	static uint8_t buf[4096 + 16];
	size_t sizes[] = { 0, 1, 4095, 4096, 4097, 9000 };
	size_t i, k;
	long r;
	int fd, ok;

	for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		fd = pipe_with(sizes[k]);
		memset(buf, 0xA5, sizeof buf);
		r = cli_read_fd(fd, buf, 4096);
		close(fd);
		while (waitpid(-1, NULL, 0) > 0)
			;
		if (sizes[k] > 4096) {
			TF_EQ_INT(r, -2, "cli_read_fd: longer than cap: -2");
			continue;
		}
		TF_EQ_INT(r, (long)sizes[k], "cli_read_fd: the length");
		ok = 1;
		for (i = 0; i < sizes[k]; i++)
			ok &= buf[i] == (uint8_t)(i * 7u);
		TF_CHECK(ok, "cli_read_fd: the octets, in order (%zu)", sizes[k]);
	}
	for (i = 4096; i < sizeof buf; i++)
		TF_CHECK(buf[i] == 0xA5, "cli_read_fd: nothing past cap");
	errno = 0;
	TF_EQ_INT(cli_read_fd(-1, buf, 16), -1, "cli_read_fd: a bad fd: -1");
	TF_EQ_INT(errno, EBADF, "cli_read_fd: errno EBADF");
	fd = open("/", O_RDONLY);
	TF_EQ_INT(cli_read_fd(fd, buf, 16), -1, "cli_read_fd: a directory: -1");
	TF_EQ_INT(errno, EISDIR, "cli_read_fd: errno EISDIR");
	close(fd);
	TF_EQ_INT(cli_buf_read(-1, buf, 4, &(size_t){ 4 }), 0, "cli_buf_read: a full buffer asks nothing");
}

/* The relay's queue of delayed PDUs: records come out as they went in. */
static void
dq(void)
{
	static uint8_t q[300], p[200];
	size_t len = 0, n, i, k;
	uint64_t due;
	int ok = 1;

	for (i = 0; i < sizeof p; i++)
		p[i] = (uint8_t)(i * 13u);
	TF_EQ_INT(cli_dq_front(q, 0, &due, &n), 0, "empty: no record");
	TF_EQ_INT(cli_dq_put(q, sizeof q, &len, 0x0123456789ABCDEFull, p, 100), 0, "put 100");
	TF_EQ_INT(cli_dq_put(q, sizeof q, &len, 5u, p + 100, 0), 0, "put an empty record");
	TF_EQ_INT(cli_dq_put(q, sizeof q, &len, 0xFFFFFFFFFFFFFFFFull, p, 60), 0, "put 60");
	TF_EQ_INT(len, 3 * CLI_DQ_HDR + 160, "the length of three records");
	TF_EQ_INT(cli_dq_put(q, sizeof q, &len, 1u, p, sizeof q - len - CLI_DQ_HDR + 1), -1, "one octet too many: -1");
	TF_EQ_INT(len, 3 * CLI_DQ_HDR + 160, "-1: nothing queued");
	for (k = 0; k < 3; k++) {
		static const uint64_t dues[3] = { 0x0123456789ABCDEFull, 5u, 0xFFFFFFFFFFFFFFFFull };
		static const size_t ns[3] = { 100, 0, 60 };
		/* a record cut short is no record */
		if (cli_dq_front(q, CLI_DQ_HDR + ns[k] - (ns[k] ? 1 : 0), &due, &n) != (ns[k] ? 0 : 1))
			ok = 0;
		if (cli_dq_front(q, len, &due, &n) != 1 || due != dues[k] || n != ns[k]
			|| memcmp(q + CLI_DQ_HDR, k == 1 ? p + 100 : p, n) != 0)
			ok = 0;
		len = cli_buf_drop(q, len, CLI_DQ_HDR + n);
	}
	TF_CHECK(ok, "the records come out in order, due times and octets intact; a cut record is none");
	TF_EQ_INT(len, 0, "all taken");
}

static cli_conn conn[2];
static uint8_t wb[2][CLI_WBUF];

static void
conns(void)
{
	int sv[2], r, ok;
	uint8_t pdu[300], got[3][300], big[8];
	const uint8_t *p;
	size_t len, eo, i, k, sent;

	TF_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	for (k = 0; k < 2; k++) {
		memset(&conn[k], 0, sizeof conn[k]);
		conn[k].fd = sv[k];
		conn[k].wbuf = wb[k];
		fcntl(sv[k], F_SETFL, O_NONBLOCK);
	}
	/* three PDUs (SEQUENCE, 2-octet length form), queued and flushed */
	for (k = 0; k < 3; k++) {
		pdu[0] = 0x30; pdu[1] = 0x82; pdu[2] = 0x01; pdu[3] = (uint8_t)(0x10 + k);
		for (i = 4; i < 4u + 0x110u + k; i++)
			pdu[i] = (uint8_t)(i + k);
		memcpy(got[k], pdu, 4u + 0x110u + k);
		TF_EQ_INT(cli_conn_queue(&conn[0], pdu, 4u + 0x110u + k), 0, "queue");
	}
	TF_EQ_INT(cli_conn_flush(&conn[0]), 0, "flush");
	TF_CHECK(conn[0].wlen == 0 && conn[0].woff == 0, "flushed: empty");
	TF_EQ_INT(cli_conn_read(&conn[1]), 0, "read");
	for (k = 0; k < 3; k++) {
		r = cli_conn_next(&conn[1], &p, &len, &eo);
		TF_EQ_INT(r, 1, "next: a whole PDU");
		TF_CHECK(r == 1 && len == 4u + 0x110u + k && p == conn[1].rbuf && memcmp(p, got[k], len) == 0,
			"next: PDU %zu, its octets", k);
		cli_conn_consume(&conn[1], len);
	}
	TF_EQ_INT(conn[1].rlen, 0, "all consumed");
	TF_EQ_INT(cli_conn_next(&conn[1], &p, &len, &eo), 0, "empty: 0");
	/* a PDU split: 0 until its last octet */
	TF_EQ_INT(write(sv[0], got[0], 100), 100, "write a part");
	cli_conn_read(&conn[1]);
	TF_EQ_INT(cli_conn_next(&conn[1], &p, &len, &eo), 0, "a part: 0");
	TF_EQ_INT(write(sv[0], got[0] + 100, 0x114 - 100), 0x114 - 100, "write the rest");
	cli_conn_read(&conn[1]);
	TF_EQ_INT(cli_conn_next(&conn[1], &p, &len, &eo), 1, "the rest: 1");
	cli_conn_consume(&conn[1], len + 5);
	TF_EQ_INT(conn[1].rlen, 0, "consume more than rlen: empty");
	/* a header announcing more than MSA_MAX_PDU: the framing error, its offset */
	memcpy(big, "\x30\x83\x01\x00\x00\x00\x00\x00", 8);
	TF_EQ_INT(write(sv[0], big, 8), 8, "write a bad header");
	cli_conn_read(&conn[1]);
	r = cli_conn_next(&conn[1], &p, &len, &eo);
	TF_CHECK(r < 0 && eo < conn[1].rlen, "bad header: an error (%d) inside rbuf (%zu)", r, eo);
	cli_conn_consume(&conn[1], conn[1].rlen);
	/* the write buffer: full is -1 and nothing queued; the written front is reused */
	conn[0].wlen = CLI_WBUF - 10;
	conn[0].woff = 0;
	TF_EQ_INT(cli_conn_queue(&conn[0], pdu, 11), -1, "queue past CLI_WBUF: -1");
	TF_EQ_INT(conn[0].wlen, CLI_WBUF - 10, "-1: nothing queued");
	conn[0].woff = 20;
	wb[0][20] = 0xEE;
	TF_EQ_INT(cli_conn_queue(&conn[0], pdu, 11), 0, "queue after the written front: 0");
	TF_CHECK(conn[0].woff == 0 && conn[0].wlen == CLI_WBUF - 30 + 11 && wb[0][0] == 0xEE
		&& memcmp(wb[0] + CLI_WBUF - 30, pdu, 11) == 0, "the unwritten octets moved to the front");
	conn[0].wlen = conn[0].woff = 0;
	/* flush against a full socket: 0 with octets left, never -1; then the rest */
	memset(pdu, 0x5A, sizeof pdu);
	sent = 0;
	ok = 1;
	for (k = 0; k < 3000 && ok; k++) {
		ok = cli_conn_queue(&conn[0], pdu, sizeof pdu) == 0;
		sent += ok ? sizeof pdu : 0;
		if (cli_conn_flush(&conn[0]) != 0)
			ok = 0;
	}
	TF_CHECK(conn[0].wlen > conn[0].woff, "a full socket leaves octets queued (%zu)", conn[0].wlen - conn[0].woff);
	close(sv[1]);
	TF_EQ_INT(cli_conn_flush(&conn[0]), -1, "flush to a closed peer: -1");
	close(sv[0]);
	(void)sent;
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	drop();
	lines();
	esc();
	read_fd();
	dq();
	conns();
	return tf_done("test_iobuf");
}
