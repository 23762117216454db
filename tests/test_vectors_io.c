/*
 * test_vectors_io.c -- the adapter's handling of a request's octets
 * (src/cli/vectors_io.c, proved by WP for bounds). What the proof does not
 * say is checked here: the octets are the right ones, a record built is one
 * the engine's parser reads back part for part, a refused request changes
 * nothing (guards untouched), and the PDU queue behaves as a plain list
 * under random faults (a reference model).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "tf.h"
/* tool code, not in libmsa.a: compiled in */
#include "cli/vectors_io.c"
#include "cli/vjson_lex.c"

static void
hex_in(void)
{
	uint8_t b[8];
	size_t n = 99;

	memset(b, 0xEE, sizeof b);
	TF_EQ_INT(cli_hex_in("00ff7Aa5", 8, b, 4, &n), 0, "hex: four octets into four");
	TF_CHECK(n == 4 && memcmp(b, "\x00\xff\x7a\xa5", 4) == 0 && b[4] == 0xEE, "hex: octets, guard");
	n = 99;
	memset(b, 0xEE, sizeof b);
	TF_EQ_INT(cli_hex_in("00ff7Aa5", 8, b, 3, &n), -1, "hex: four octets into three refused");
	TF_CHECK(n == 99 && b[3] == 0xEE, "hex: refused, *len and the octet past cap untouched");
	TF_EQ_INT(cli_hex_in("abc", 3, b, 8, &n), -1, "hex: odd length refused");
	TF_EQ_INT(cli_hex_in("0g", 2, b, 8, &n), -1, "hex: not a digit refused");
	TF_EQ_INT(cli_hex_in("", 0, b, 0, &n), 0, "hex: empty into nothing");
	TF_EQ_INT(n, 0, "hex: empty is 0 octets");
}

static void
bytes_in(void)
{
	uint8_t d[6], s[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	memset(d, 0xEE, sizeof d);
	TF_EQ_INT(cli_bytes_in(d, 5, s, 5), 0, "copy: n == cap");
	TF_CHECK(memcmp(d, s, 5) == 0 && d[5] == 0xEE, "copy: octets, guard");
	memset(d, 0xEE, sizeof d);
	TF_EQ_INT(cli_bytes_in(d, 5, s, 6), -1, "copy: n == cap + 1 refused");
	TF_EQ_INT(cli_bytes_in(d, 5, s, -1), -1, "copy: a negative size refused");
	TF_EQ_INT(cli_bytes_in(d, 5, s, LONG_MIN), -1, "copy: LONG_MIN refused");
	TF_CHECK(d[0] == 0xEE && d[4] == 0xEE, "copy: refused, nothing written");
	TF_EQ_INT(cli_bytes_in(d, 5, NULL, 0), 0, "copy: nothing from nowhere");
}

/* A record built by cli_rec_out reads back through msa_rec_parse (and
 * cli_rec_in) part for part, for body lengths on every DER length form. */
static void
records(void)
{
	static const size_t bls[] = { 0, 1, 127, 128, 255, 256, 1000, MSA_MAX_DATA };
	static uint8_t body[MSA_MAX_DATA], pdu[MSA_MAX_PDU + 8], data[MSA_MAX_DATA];
	static const uint8_t aid[4] = { 0xA1, 0xB2, 0xC3, 0xD4 };
	uint8_t hdr[MSA_REC_HDR_MAX], icv[32];
	size_t i, k, il, hl, n;
	msa_rec rec;
	int bad = 0;

	for (k = 0; k < sizeof body; k++)
		body[k] = (uint8_t)tf_rnd();
	for (k = 0; k < sizeof icv; k++)
		icv[k] = (uint8_t)(0x40 + k);
	for (i = 0; i < sizeof bls / sizeof bls[0]; i++) {
		for (il = 16; il <= 32; il += 16) {
			uint32_t seq = (uint32_t)tf_rnd() * 977u, gen = (uint32_t)(tf_rnd() % 65536u);
			hl = msa_rec_header(hdr, aid, 3, gen, seq);
			memset(pdu, 0xEE, sizeof pdu);
			n = cli_rec_out(pdu, sizeof pdu, hdr, hl, body, bls[i], icv, il);
			memset(data, 0, sizeof data);
			if (n == 0 || cli_rec_in(pdu, n, &rec, data, sizeof data) != 1
				|| rec.hdr_len != hl || memcmp(pdu + rec.hdr_off, hdr, hl) != 0
				|| rec.body_len != bls[i] || memcmp(data, body, bls[i]) != 0
				|| memcmp(pdu + rec.body_off, body, bls[i]) != 0
				|| rec.icv_len != il || memcmp(pdu + rec.icv_off, icv, il) != 0
				|| rec.seq != seq || rec.gen != gen || rec.type != 3 || memcmp(rec.aid, aid, 4) != 0
				|| pdu[n] != 0xEE) {
				bad++;
				continue;
			}
			/* one octet short of room: refused, nothing written */
			memset(pdu, 0xEE, sizeof pdu);
			if (cli_rec_out(pdu, n - 1, hdr, hl, body, bls[i], icv, il) != 0 || pdu[0] != 0xEE)
				bad++;
			/* the body one octet longer than the room for it: not taken */
			(void)cli_rec_out(pdu, sizeof pdu, hdr, hl, body, bls[i], icv, il);
			if (bls[i] > 0 && cli_rec_in(pdu, n, &rec, data, bls[i] - 1) != 0)
				bad++;
			/* every truncation is refused */
			if (cli_rec_in(pdu, n - 1, &rec, data, sizeof data) != 0)
				bad++;
		}
	}
	TF_EQ_INT(bad, 0, "records: built, read back part for part, refused when short (16 cases)");
	TF_EQ_INT(cli_rec_in((const uint8_t *)"\x30\x00", 2, &rec, data, sizeof data), 0,
		"records: a SEQUENCE is no record");
}

static void
xor_at(void)
{
	uint8_t b[5] = { 0, 0, 0, 0, 0 }, z[5] = { 0, 0, 0, 0, 0 };

	TF_EQ_INT(cli_xor_at(b, 5, 0, 0x101), 0, "alter: the first octet");
	TF_EQ_INT(b[0], 0x01, "alter: x taken modulo 256");
	TF_EQ_INT(cli_xor_at(b, 5, -1, 0x80), 0, "alter: -1 is the last octet");
	TF_EQ_INT(b[4], 0x80, "alter: the last octet changed");
	TF_EQ_INT(cli_xor_at(b, 5, -5, 0x02), 0, "alter: -5 is the first octet");
	TF_EQ_INT(b[0], 0x03, "alter: the first octet again");
	b[0] = b[4] = 0;
	TF_EQ_INT(cli_xor_at(b, 5, 5, 1), -1, "alter: offset len refused");
	TF_EQ_INT(cli_xor_at(b, 5, -6, 1), -1, "alter: offset -len-1 refused");
	TF_EQ_INT(cli_xor_at(b, 5, LLONG_MIN, 1), -1, "alter: LLONG_MIN refused");
	TF_EQ_INT(cli_xor_at(b, 5, LLONG_MAX, 1), -1, "alter: LLONG_MAX refused");
	TF_EQ_INT(cli_xor_at(b, 0, 0, 1), -1, "alter: an empty PDU refused");
	TF_EQ_MEM(b, z, 5, "alter: refusals changed nothing");
}

/* The DRBG request sizes: "n,n,..." */
static void
list_next(void)
{
	static const struct { const char *s; int r1; unsigned long v1; int r2; unsigned long v2; } t[] = {
		{ "32,64", 1, 32, 1, 64 }, { "", 0, 0, 0, 0 }, { "32,", 1, 32, 0, 0 }, { "0", 1, 0, 0, 0 },
		{ ",1", -1, 0, -1, 0 }, { "1x", -1, 0, -1, 0 }, { "+1", -1, 0, -1, 0 }, { " 1", -1, 0, -1, 0 },
		{ "16384,16385", 1, 16384, -1, 0 }, { "1,,2", 1, 1, -1, 0 }, { "007", 1, 7, 0, 0 },
		{ "99999999999999999999999", -1, 0, -1, 0 }, { "4294967296", -1, 0, -1, 0 },
	};
	size_t i, pos, p1;
	unsigned long v;
	int r;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		size_t n = strlen(t[i].s);
		pos = 0;
		v = 77;
		/* the last two against ULONG_MAX (an overflow) and 2^32 - 1 */
		r = cli_list_next(t[i].s, n, &pos, &v, i == 11 ? ULONG_MAX : i == 12 ? 0xFFFFFFFFul : 16384);
		TF_CHECK(r == t[i].r1 && (r != 1 || v == t[i].v1) && (r == 1 || (pos == 0 && v == 77)),
			"list '%s': first %d %lu", t[i].s, r, v);
		if (r != 1)
			continue;
		p1 = pos;
		v = 77;
		r = cli_list_next(t[i].s, n, &pos, &v, 16384);
		TF_CHECK(r == t[i].r2 && (r != 1 || v == t[i].v2) && (r == 1 || (pos == p1 && v == 77)),
			"list '%s': second %d %lu", t[i].s, r, v);
	}
}

/* The queue against a reference list, random operations (some refused). */
typedef struct {
	size_t n, len[CLI_PQ_CAP + 1];
	uint8_t b[CLI_PQ_CAP + 1][64];
} model;

static int
same(const cli_pq *q, const model *m)
{
	size_t i;

	if (q->n != m->n)
		return 0;
	for (i = 0; i < m->n; i++)
		if (q->len[i] != m->len[i] || memcmp(q->b[i], m->b[i], m->len[i]) != 0)
			return 0;
	return 1;
}

static void
m_drop(model *m, size_t i)
{
	for (; i + 1 < m->n; i++) {
		m->len[i] = m->len[i + 1];
		memcpy(m->b[i], m->b[i + 1], 64);
	}
	m->n--;
}

static void
queue(void)
{
	static cli_pq q;
	static model m;
	uint8_t p[64], out[64];
	size_t k, j, i, n;
	int bad = 0, refused = 0, r, want;

	cli_pq_init(&q);
	memset(&m, 0, sizeof m);
	for (k = 0; k < 20000 && !bad; k++) {
		unsigned op = tf_rnd() % 8;
		i = tf_rnd() % (CLI_PQ_CAP + 2);
		switch (op) {
		case 0: case 1:                 /* push (the queue fills up at times) */
			n = 1 + tf_rnd() % 63;
			for (j = 0; j < n; j++)
				p[j] = (uint8_t)tf_rnd();
			r = cli_pq_push(&q, p, n);
			want = m.n < CLI_PQ_CAP ? 0 : -1;
			if (want == 0) {
				memcpy(m.b[m.n], p, n);
				m.len[m.n++] = n;
			}
			break;
		case 2:
			r = cli_pq_drop(&q, i);
			want = i < m.n ? 0 : -1;
			if (want == 0)
				m_drop(&m, i);
			break;
		case 3:
			n = 99;
			r = cli_pq_take(&q, out, sizeof out, &n);
			want = m.n > 0 ? 0 : -1;
			if (want == 0) {
				if (n != m.len[0] || memcmp(out, m.b[0], n) != 0)
					bad++;
				m_drop(&m, 0);
			}
			break;
		case 4:
			r = cli_pq_dup(&q, i);
			want = i < m.n && m.n < CLI_PQ_CAP ? 0 : -1;
			if (want == 0) {
				for (j = m.n; j > i + 1; j--) {
					m.len[j] = m.len[j - 1];
					memcpy(m.b[j], m.b[j - 1], 64);
				}
				m.len[i + 1] = m.len[i];
				memcpy(m.b[i + 1], m.b[i], 64);
				m.n++;
			}
			break;
		case 5:
			r = cli_pq_swap(&q, i);
			want = i + 1 < m.n ? 0 : -1;
			if (want == 0) {
				uint8_t t[64];
				size_t tl = m.len[i];
				memcpy(t, m.b[i], 64);
				memcpy(m.b[i], m.b[i + 1], 64);
				memcpy(m.b[i + 1], t, 64);
				m.len[i] = m.len[i + 1];
				m.len[i + 1] = tl;
			}
			break;
		case 6:
			r = cli_pq_cut(&q, i);
			want = i < m.n && m.len[i] >= 2 ? 0 : -1;
			if (want == 0)
				m.len[i]--;
			break;
		default: {
			long long off = (long long)(tf_rnd() % 140) - 70;
			unsigned x = tf_rnd() % 256;
			r = cli_pq_alter(&q, i, off, x);
			want = i < m.n && (off >= 0 ? (size_t)off < m.len[i] : (size_t)-off <= m.len[i]) ? 0 : -1;
			if (want == 0)
				m.b[i][off >= 0 ? (size_t)off : m.len[i] - (size_t)-off] ^= (uint8_t)x;
			break;
		}
		}
		if (r != want || !same(&q, &m))
			bad++;
		refused += r != 0;
	}
	TF_EQ_INT(bad, 0, "queue: 20000 random operations agree with a plain list");
	TF_CHECK(refused > 1000, "queue: many operations refused on the way (%d)", refused);
	/* a PDU longer than the front-taker's buffer stays queued */
	cli_pq_init(&q);
	memset(p, 7, sizeof p);
	TF_EQ_INT(cli_pq_push(&q, p, 64), 0, "queue: push 64");
	TF_EQ_INT(cli_pq_take(&q, out, 63, &n), -1, "queue: take into 63 refused");
	TF_EQ_INT(q.n, 1, "queue: still queued");
	TF_EQ_INT(cli_pq_push(&q, p, MSA_MAX_PDU + 1), -1, "queue: a PDU over MSA_MAX_PDU refused");
}

/* cli_pq_frames: what a party sent, split into its PDUs. */
static void
frames(void)
{
	static cli_pq q;
	uint8_t out[40];
	size_t k;

	memset(out, 0, sizeof out);
	for (k = 0; k < 10; k++) {       /* ten SEQUENCEs of three octets, then a partial one */
		out[3 * k] = 0x30;
		out[3 * k + 1] = 1;
		out[3 * k + 2] = (uint8_t)k;
	}
	out[30] = 0x30;
	out[31] = 5;
	cli_pq_init(&q);
	TF_EQ_INT(cli_pq_frames(&q, out, 32), 10, "frames: ten whole PDUs, the partial one left");
	TF_CHECK(q.n == 10 && q.len[9] == 3 && q.b[9][2] == 9, "frames: in order");
	for (k = 0; k < 3; k++)
		(void)cli_pq_frames(&q, out, 30);
	TF_EQ_INT(q.n, CLI_PQ_CAP, "frames: pushed while there is room");
}

int
main(void)
{
	hex_in();
	bytes_in();
	records();
	xor_at();
	list_next();
	queue();
	frames();
	return tf_done("test_vectors_io");
}
