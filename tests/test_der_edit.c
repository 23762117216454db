/*
 * test_der_edit.c -- msa conform's TLV reading (src/cli/der_edit.c, proved
 * by WP for bounds): the values. Random trees of TLVs are built with known
 * offsets, then read back: cli_der_at finds every node where it was put,
 * cli_der_drop gives the parent without the child (its length re-encoded
 * minimal), cli_der_has_child sees exactly the tags present; every
 * truncation and every one-octet change is read without fault (ASan run).
 */
#include <stdlib.h>
#include <string.h>
#include "tf.h"
#include "derb.h"
/* tool code, not in libmsa.a: compiled in */
#include "cli/der_edit.c"

/* tlv = derb's P() (minimal DER header), copied into o: its length. */
static size_t
put_tlv(uint8_t *o, uint8_t tag, const uint8_t *content, size_t len)
{
	seg *t = P(tag, content, len);
	size_t n = t->n;

	memcpy(o, t->d, n);
	free(t);
	return n;
}

/* A parent TLV (tag 0x30) of nc children (random tags, primitive, random
 * contents); the children's offsets and sizes in off[], sz[]. */
static size_t
parent(uint8_t *o, size_t nc, uint8_t *tags, size_t *off, size_t *sz)
{
	static uint8_t body[4096];
	uint8_t content[300];
	size_t i, b = 0, k, h, cl;

	for (i = 0; i < nc; i++) {
		cl = tf_rnd() % 3 == 0 ? 100 + tf_rnd() % 200 : tf_rnd() % 8;
		tags[i] = (uint8_t)(0x80 + tf_rnd() % 8);
		off[i] = b;
		for (k = 0; k < cl; k++)
			content[k] = (uint8_t)tf_rnd();
		sz[i] = put_tlv(body + b, tags[i], content, cl);
		b += sz[i];
	}
	h = put_tlv(o, 0x30, body, b) - b;
	for (i = 0; i < nc; i++)
		off[i] += h;
	return h + b;
}

int
main(void)
{
	static uint8_t t[4200], out[4200], want[4200], body[4200];
	uint8_t tags[12];
	size_t off[12], sz[12], n, nc, i, k, h, o, hl, cl, wl;
	int bad_at = 0, bad_drop = 0, bad_has = 0, path[1];
	long r;

	tf_rs = 99u;           /* the sequence of the cases as first written */
	/* cli_tlv: the forms it reads and refuses */
	TF_EQ_INT(cli_tlv((const uint8_t *)"\x04\x01\xAA", 3, &hl, &cl), 0, "short form");
	TF_CHECK(hl == 2 && cl == 1, "short form: 2 + 1");
	TF_EQ_INT(cli_tlv((const uint8_t *)"\x04\x02\xAA", 3, &hl, &cl), -1, "content past n");
	TF_EQ_INT(cli_tlv((const uint8_t *)"\x04\x80", 2, &hl, &cl), -1, "indefinite length");
	TF_EQ_INT(cli_tlv((const uint8_t *)"\x04\x84\0\0\0\0", 6, &hl, &cl), -1, "four length octets");
	TF_EQ_INT(cli_tlv((const uint8_t *)"\x04\x81\x01\xAA", 4, &hl, &cl), 0, "non-minimal long form read");
	TF_CHECK(hl == 3 && cl == 1, "non-minimal: 3 + 1");
	TF_EQ_INT(cli_tlv((const uint8_t *)"\x04\x83\x00\x00\x01\xAA", 6, &hl, &cl), 0, "three length octets");
	TF_CHECK(hl == 5 && cl == 1, "three length octets: 5 + 1");
	TF_EQ_INT(cli_tlv((const uint8_t *)"\x04", 1, &hl, &cl), -1, "one octet");

	for (k = 0; k < 3000; k++) {
		nc = 1 + tf_rnd() % 12;
		n = parent(t, nc, tags, off, sz);
		h = off[0];
		for (i = 0; i < nc; i++) {
			path[0] = (int)i;
			if (cli_der_at(t, n, path, 1, &o, &hl, &cl) != 0 || o != off[i] || hl + cl != sz[i])
				bad_at++;
			/* the parent without child i, built by hand */
			memcpy(body, t + h, off[i] - h);
			memcpy(body + off[i] - h, t + off[i] + sz[i], n - off[i] - sz[i]);
			wl = put_tlv(want, 0x30, body, n - h - sz[i]);
			r = cli_der_drop(t, n, (int)i, out, sizeof out);
			if (r != (long)wl || memcmp(out, want, wl) != 0)
				bad_drop++;
		}
		path[0] = (int)nc;
		if (cli_der_at(t, n, path, 1, &o, &hl, &cl) != -1 || cli_der_drop(t, n, (int)nc, out, sizeof out) != -1)
			bad_at++;
		for (i = 0x80; i < 0x88; i++)
			if (cli_der_has_child(t, n, (uint8_t)i) != (memchr(tags, (int)i, nc) != NULL))
				bad_has++;
		/* truncated and altered: read without fault, results within bounds */
		if (k % 10 == 0) {
			size_t m = tf_rnd() % n;
			path[0] = (int)(tf_rnd() % 12);
			if (cli_der_at(t, m, path, 1, &o, &hl, &cl) == 0 && o + hl + cl > m)
				bad_at++;
			(void)cli_der_has_child(t, m, 0x80);
			r = cli_der_drop(t, m, path[0], out, sizeof out);
			t[tf_rnd() % n] = (uint8_t)tf_rnd();
			if (cli_der_at(t, n, path, 1, &o, &hl, &cl) == 0 && o + hl + cl > n)
				bad_at++;
			r = cli_der_drop(t, n, path[0], out, 40);
			if (r > 40)
				bad_drop++;
		}
	}
	TF_EQ_INT(bad_at, 0, "cli_der_at finds every child where it was put");
	TF_EQ_INT(bad_drop, 0, "cli_der_drop = the parent without the child, re-encoded");
	TF_EQ_INT(bad_has, 0, "cli_der_has_child sees exactly the tags present");
	/* a child whose tag is no DER tag, as the parent's: refused */
	memcpy(t, "\x1F\x02\x80\x00", 4);
	TF_EQ_INT(cli_der_drop(t, 4, 0, out, sizeof out), -1, "a high-tag-number parent: -1");
	/* out must hold the content and a 4-octet header: one short is -1, nothing written */
	n = parent(t, 3, tags, off, sz);
	wl = n - off[0] - sz[1];             /* the content without child 1 */
	memset(out, 0xEE, sizeof out);
	TF_EQ_INT(cli_der_drop(t, n, 1, out, wl + 3), -1, "out of content + 3 octets: -1");
	TF_CHECK(out[0] == 0xEE, "-1: nothing written");
	TF_CHECK(cli_der_drop(t, n, 1, out, wl + 4) > 0, "out of content + 4 octets: written");
	return tf_done("test_der_edit");
}
