/*
 * test_key_cache.c -- the optional expanded-key cache (msa_key_cache,
 * msa_assoc_set_key_cache; issue 8):
 *  - with and without a cache (attached before the handshake, or once
 *    established) the same PDUs come out byte for byte for the same inputs
 *    and DRBG seeds, across ratchets, a rekey each way and a release, in
 *    every suite (AES-GCM expanded; CCM, ChaCha20-Poly1305 and HMAC fall
 *    back), and in datagram mode with a lost KeyUpdate (REQ-KR-022), a
 *    record of the old generation and a replay: the same verdicts; in
 *    stream mode a record of the generation before a ratchet FAILs the
 *    association the same way with and without caches;
 *  - the cache follows every key switch at once (its keys are the
 *    association's current ones right after the switch);
 *  - the cache is zero, every byte, and detached after a release, an
 *    abort sent, an abort received, a FAIL on a bad record; detaching and
 *    re-attaching wipe it; no cache is attached in CLOSED/ABORTED;
 *  - a cache attached to association A and then used by B (by mistake,
 *    A still pointing to it) never holds A's keys while B uses it: B's
 *    records verify, A's records verify again after A takes it back;
 *  - a provider without aead_expand: the cache is never used;
 *  - the provider's aead_seal_x/aead_open_x against aead_seal/aead_open,
 *    a moved context, a bad tag (data zeroed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tf.h"
#include "party.h"
#include "forge.h"
#include "engine.h"

static party I, R, I2, R2;
static msa_key_cache CI, CR, C2;

/* ------------------------------------------------------------ transcript */

#define LOG_CAP (1u << 20)
static uint8_t logbuf[4][LOG_CAP];
static size_t loglen[4];
static int cur;                      /* which transcript is being written */

static void
log_bytes(const void *p, size_t n)
{
	if (loglen[cur] + n <= LOG_CAP) {
		memcpy(logbuf[cur] + loglen[cur], p, n);
		loglen[cur] += n;
	}
}

static void
log_int(int v)
{
	log_bytes(&v, sizeof v);
}

/* What a call did: its result, events, PDUs and delivered data. */
static void
log_io(int r, const msa_io *io)
{
	log_int(r);
	log_int((int)io->events);
	log_int((int)io->out_len);
	log_bytes(io->out, io->out_len);
	if (io->events & MSA_EV_DATA) {
		log_int((int)io->data_len);
		log_bytes(io->data_at, io->data_len);
	}
}

/* Delivers buf[0..len) PDU by PDU to `to`, logging each call; answers go
 * back the same way, after the whole buffer (a stream). */
static void
xfer_buf(const uint8_t *buf, size_t len, party *from, party *to)
{
	static uint8_t reply[8][4 * MSA_OUT_CAP], copy[MSA_OUT_CAP];
	static int depth;
	size_t off = 0, n, eo, rl = 0;
	int r;

	if (depth >= 8)
		return;
	depth++;
	while (off < len && msa_der_frame(buf + off, len - off, &n, &eo) == MSA_OK) {
		if (cur == 3 && n <= sizeof copy) {       /* transcript 3: opened in place */
			memcpy(copy, buf + off, n);
			r = msa_assoc_recv_inplace(&to->a, &to->ar, copy, n, T_NOW, &to->io);
		} else {
			r = msa_assoc_recv(&to->a, &to->ar, buf + off, n, T_NOW, &to->io);
		}
		log_io(r, &to->io);
		if (to->io.out_len > 0 && rl + to->io.out_len <= sizeof reply[0]) {
			memcpy(reply[depth - 1] + rl, to->io.out, to->io.out_len);
			rl += to->io.out_len;
		}
		off += n;
	}
	if (rl > 0)
		xfer_buf(reply[depth - 1], rl, to, from);
	depth--;
}

static void
xfer(party *from, party *to)
{
	static uint8_t buf[4 * MSA_OUT_CAP];
	size_t n = from->io.out_len;

	memcpy(buf, from->io.out, n);
	xfer_buf(buf, n, from, to);
}

static uint8_t msg[MSA_MAX_DATA];

static void
send_msg(party *from, party *to, size_t len, unsigned salt)
{
	size_t i;
	int r;

	for (i = 0; i < len; i++)
		msg[i] = (uint8_t)(i * 7u + salt);
	r = msa_assoc_send(&from->a, msg, len, T_NOW, &from->io);
	log_io(r, &from->io);
	xfer(from, to);
}

static int
all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;
	uint8_t acc = 0;

	for (i = 0; i < n; i++)
		acc |= b[i];
	return acc == 0;
}

/* The cache of p holds exactly p's current keys, both directions, when
 * the suite is expanded by the provider. */
static int
cache_current(party *p, msa_key_cache *c)
{
	msa_keys k;

	msa_keys_of(&p->a, &k);
	if (c->owner != (const void *)&p->a)
		return 0;
	if (c->d[0].state != 1 || c->d[1].state != 1)
		return 0;
	return memcmp(c->d[0].key, k.send_key, k.nk) == 0
		&& memcmp(c->d[1].key, k.recv_key, k.nk) == 0;
}

static int
mem_has(const void *hay, size_t hn, const void *needle, size_t nn)
{
	const uint8_t *h = hay;
	size_t i;

	for (i = 0; i + nn <= hn; i++)
		if (memcmp(h + i, needle, nn) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------ stream scenario */

/* mode 0: no cache; 1: caches attached once established; 2: attached in
 * IDLE, before the handshake; 3: as 2, every PDU received by
 * msa_assoc_recv_inplace (the throughput configuration of make bench).
 * Writes transcript `mode`. */
static void
stream_scenario(unsigned suite, int mode)
{
	const msa_suite *s = msa_suite_find((uint16_t)suite);
	int expanded = s != NULL && (s->protection == MSA_PROT_AES128GCM
		|| s->protection == MSA_PROT_AES256GCM);
	int r;

	cur = mode;
	loglen[cur] = 0;
	fg_pair(&I, &R, suite, 0);
	memset(&CI, 0xA5, sizeof CI);          /* attaching discards any content */
	memset(&CR, 0x5A, sizeof CR);
	if (mode >= 2) {
		TF_EQ_INT(msa_assoc_set_key_cache(&I.a, &CI), MSA_OK, "attach in IDLE (I)");
		TF_EQ_INT(msa_assoc_set_key_cache(&R.a, &CR), MSA_OK, "attach in IDLE (R)");
		TF_CHECK(all_zero(&CI, sizeof CI), "attach wipes the cache");
	}
	if (!handshake(&I, &R)) {
		TF_CHECK(0, "suite %04x: handshake", suite);
		return;
	}
	if (mode == 1) {
		TF_EQ_INT(msa_assoc_set_key_cache(&I.a, &CI), MSA_OK, "attach established (I)");
		TF_EQ_INT(msa_assoc_set_key_cache(&R.a, &CR), MSA_OK, "attach established (R)");
	}
	send_msg(&R, &I, 7, 1);                 /* confirms */
	send_msg(&I, &R, 0, 2);
	send_msg(&I, &R, 100, 3);
	send_msg(&I, &R, 1024, 4);
	send_msg(&R, &I, 1000, 5);
	if (mode && expanded)
		TF_CHECK(cache_current(&I, &CI) && cache_current(&R, &CR),
			"suite %04x mode %d: the caches hold the current keys", suite, mode);
	if (mode && !expanded)
		TF_CHECK(CI.d[0].state != 1 && CI.d[1].state != 1,
			"suite %04x: not expanded by the provider", suite);
	/* ratchet with update requested: both directions switch */
	r = msa_assoc_ratchet(&I.a, 1, T_NOW, &I.io);
	log_io(r, &I.io);
	if (mode && expanded)
		TF_CHECK(CI.d[0].state == 1 && cache_current(&I, &CI),
			"suite %04x: I's cache follows its send ratchet at once", suite);
	xfer(&I, &R);
	if (mode && expanded)
		TF_CHECK(cache_current(&R, &CR) && cache_current(&I, &CI),
			"suite %04x: both caches follow the two ratchets", suite);
	send_msg(&I, &R, 512, 6);
	send_msg(&R, &I, 64, 7);
	/* a ratchet without request, then a rekey each way */
	r = msa_assoc_ratchet(&R.a, 0, T_NOW, &R.io);
	log_io(r, &R.io);
	xfer(&R, &I);
	send_msg(&R, &I, 300, 8);
	r = msa_assoc_rekey(&I.a, T_NOW, &I.io);
	log_io(r, &I.io);
	xfer(&I, &R);
	if (mode && expanded)
		TF_CHECK(cache_current(&R, &CR) && cache_current(&I, &CI),
			"suite %04x: caches after I's rekey", suite);
	send_msg(&I, &R, 1024, 9);
	send_msg(&R, &I, 1024, 10);
	r = msa_assoc_rekey(&R.a, T_NOW, &R.io);
	log_io(r, &R.io);
	xfer(&R, &I);
	send_msg(&R, &I, 33, 11);
	send_msg(&I, &R, 44, 12);
	if (mode && expanded)
		TF_CHECK(cache_current(&R, &CR) && cache_current(&I, &CI),
			"suite %04x: caches after R's rekey", suite);
	TF_EQ_INT(msa_assoc_state(&I.a), MSA_ST_ESTABLISHED, "established before release");
	/* release */
	r = msa_assoc_release(&I.a, MSA_REASON_NORMAL, T_NOW, &I.io);
	log_io(r, &I.io);
	xfer(&I, &R);
	r = msa_assoc_release(&R.a, MSA_REASON_NORMAL, T_NOW, &R.io);
	log_io(r, &R.io);
	xfer(&R, &I);
	TF_EQ_INT(msa_assoc_state(&I.a), MSA_ST_CLOSED, "I closed");
	TF_EQ_INT(msa_assoc_state(&R.a), MSA_ST_CLOSED, "R closed");
	if (mode) {
		TF_CHECK(all_zero(&CI, sizeof CI), "suite %04x: I's cache zero after release", suite);
		TF_CHECK(all_zero(&CR, sizeof CR), "suite %04x: R's cache zero after release", suite);
		TF_CHECK(I.a.kc == NULL && R.a.kc == NULL, "caches detached at the end");
		TF_EQ_INT(msa_assoc_set_key_cache(&I.a, &CI), MSA_ERR_CLOSED, "no attach in CLOSED");
		TF_CHECK(I.a.kc == NULL, "CLOSED: nothing attached");
	}
	TF_CHECK(msa_assoc_keys_zero(&I.a) && msa_assoc_keys_zero(&R.a), "keys zero");
}

static void
same_pdus(void)
{
	static const unsigned suites[] = { 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006,
		0x0007, 0x0011, 0x0012 };
	size_t i;
	int m;

	for (i = 0; i < sizeof suites / sizeof suites[0]; i++) {
		for (m = 0; m < 4; m++)
			stream_scenario(suites[i], m);
		TF_CHECK(loglen[0] > 10000, "suite %04x: a real transcript (%zu B)", suites[i],
			loglen[0]);
		TF_CHECK(loglen[1] == loglen[0] && memcmp(logbuf[1], logbuf[0], loglen[0]) == 0,
			"suite %04x: attached once established: the same PDUs, data, results",
			suites[i]);
		TF_CHECK(loglen[2] == loglen[0] && memcmp(logbuf[2], logbuf[0], loglen[0]) == 0,
			"suite %04x: attached before the handshake: the same PDUs, data, results",
			suites[i]);
		TF_CHECK(loglen[3] == loglen[0] && memcmp(logbuf[3], logbuf[0], loglen[0]) == 0,
			"suite %04x: received in place (msa_assoc_recv_inplace) with caches: the same "
			"PDUs, data, results", suites[i]);
	}
}

/* ------------------------------------------------------------ datagram */

static uint8_t held[4][MSA_OUT_CAP];
static size_t held_len[4];

static void
hold(party *p, int slot)
{
	memcpy(held[slot], p->io.out, p->io.out_len);
	held_len[slot] = p->io.out_len;
}

static void
deliver_held(party *to, int slot)
{
	int r = msa_assoc_recv(&to->a, &to->ar, held[slot], held_len[slot], T_NOW, &to->io);

	log_io(r, &to->io);
}

static void
datagram_scenario(int mode)
{
	msa_keys kr;
	int r;

	cur = mode;
	loglen[cur] = 0;
	if (!fg_established(&I, &R, 0x0001, 1)) {
		TF_CHECK(0, "datagram: handshake");
		return;
	}
	I.a.mode = R.a.mode = MSA_MODE_DATAGRAM;
	if (mode) {
		msa_assoc_set_key_cache(&I.a, &CI);
		msa_assoc_set_key_cache(&R.a, &CR);
	}
	send_msg(&I, &R, 200, 1);
	/* r1 of generation 0 held; a KeyUpdate lost; r2 of generation 1 */
	r = msa_assoc_send(&I.a, msg, 100, T_NOW, &I.io);
	log_io(r, &I.io);
	hold(&I, 0);
	r = msa_assoc_ratchet(&I.a, 0, T_NOW, &I.io);
	log_io(r, &I.io);
	hold(&I, 1);
	r = msa_assoc_send(&I.a, msg, 150, T_NOW, &I.io);
	log_io(r, &I.io);
	hold(&I, 2);
	deliver_held(&R, 2);                    /* REQ-KR-022: the successor's keys */
	TF_CHECK((R.io.events & MSA_EV_DATA) != 0, "mode %d: next-generation record accepted", mode);
	if (mode)
		TF_CHECK(CR.d[1].state == 1 && CR.owner == (const void *)&R.a
			&& (msa_keys_of(&R.a, &kr), memcmp(CR.d[1].key, kr.recv_key, kr.nk) == 0),
			"datagram: R's receive cache on the new generation at once");
	deliver_held(&R, 0);                    /* old generation: dropped */
	TF_CHECK((R.io.events & MSA_EV_DROPPED) != 0, "mode %d: old-generation record dropped",
		mode);
	deliver_held(&R, 2);                    /* replay */
	TF_CHECK((R.io.events & MSA_EV_DROPPED) != 0, "mode %d: replay dropped", mode);
	deliver_held(&R, 1);                    /* the late KeyUpdate */
	send_msg(&I, &R, 1024, 2);
	send_msg(&R, &I, 1024, 3);
	TF_EQ_INT(msa_assoc_state(&R.a), MSA_ST_ESTABLISHED, "datagram: R established");
	if (mode)
		TF_CHECK(cache_current(&R, &CR) && cache_current(&I, &CI),
			"datagram: caches current at the end");
}

static void
same_datagram(void)
{
	datagram_scenario(0);
	datagram_scenario(1);
	TF_CHECK(loglen[1] == loglen[0] && memcmp(logbuf[1], logbuf[0], loglen[0]) == 0,
		"datagram: the same PDUs and verdicts with and without caches");
}

/* ------------------------------------------------------------ stream: an old record */

/* A record of the generation before a ratchet, delivered again after it:
 * stream mode FAILs (BAD_SEQUENCE, abort record), with or without caches,
 * the same bytes. */
static void
stream_old_record(int mode)
{
	int r;

	cur = mode;
	loglen[cur] = 0;
	if (!fg_established(&I, &R, 0x0001, 1)) {
		TF_CHECK(0, "old record: handshake");
		return;
	}
	if (mode) {
		msa_assoc_set_key_cache(&I.a, &CI);
		msa_assoc_set_key_cache(&R.a, &CR);
	}
	memset(msg, 0x3C, 100);
	r = msa_assoc_send(&I.a, msg, 100, T_NOW, &I.io);
	log_io(r, &I.io);
	hold(&I, 0);
	deliver_held(&R, 0);
	TF_CHECK((R.io.events & MSA_EV_DATA) != 0, "old record: delivered once");
	r = msa_assoc_ratchet(&I.a, 0, T_NOW, &I.io);
	log_io(r, &I.io);
	xfer(&I, &R);
	send_msg(&I, &R, 50, 1);
	deliver_held(&R, 0);                    /* generation 0 after the switch */
	TF_EQ_INT(R.io.err, MSA_ERR_BAD_SEQUENCE, "old record: BAD_SEQUENCE");
	TF_EQ_INT(msa_assoc_state(&R.a), MSA_ST_ABORTED, "old record: stream FAILs");
	if (mode)
		TF_CHECK(all_zero(&CR, sizeof CR), "old record: R's cache zero after the FAIL");
	xfer(&R, &I);
	TF_EQ_INT(msa_assoc_state(&I.a), MSA_ST_ABORTED, "old record: I gets the abort");
	if (mode)
		TF_CHECK(all_zero(&CI, sizeof CI), "old record: I's cache zero after the abort");
}

static void
same_old_record(void)
{
	stream_old_record(0);
	stream_old_record(1);
	TF_CHECK(loglen[1] == loglen[0] && memcmp(logbuf[1], logbuf[0], loglen[0]) == 0,
		"stream old record: the same PDUs and verdicts with and without caches");
}

/* ------------------------------------------------------------ wiping */

static void
wiping(void)
{
	static const uint8_t m[] = "x";
	uint8_t bad[MSA_OUT_CAP];
	size_t n;

	/* abort sent, abort received */
	if (!fg_established(&I, &R, 0x0001, 1))
		TF_CHECK(0, "wiping: handshake");
	msa_assoc_set_key_cache(&I.a, &CI);
	msa_assoc_set_key_cache(&R.a, &CR);
	msa_assoc_send(&I.a, m, sizeof m, T_NOW, &I.io);
	pump(&I, &R);
	TF_CHECK(!all_zero(&CI, sizeof CI) && !all_zero(&CR, sizeof CR), "caches in use");
	TF_EQ_INT(msa_assoc_abort(&I.a, MSA_DIAG_USER_ABORT, T_NOW, &I.io), MSA_OK, "abort");
	TF_CHECK(all_zero(&CI, sizeof CI), "the cache is zero after an abort sent");
	TF_CHECK(I.a.kc == NULL, "detached after abort");
	pump(&I, &R);
	TF_EQ_INT(msa_assoc_state(&R.a), MSA_ST_ABORTED, "R aborted");
	TF_CHECK(all_zero(&CR, sizeof CR), "the cache is zero after an abort received");

	/* FAIL on a bad record (stream) */
	if (!fg_established(&I, &R, 0x0001, 1))
		TF_CHECK(0, "wiping: handshake 2");
	msa_assoc_set_key_cache(&I.a, &CI);
	msa_assoc_set_key_cache(&R.a, &CR);
	msa_assoc_send(&I.a, m, sizeof m, T_NOW, &I.io);
	n = I.io.out_len;
	memcpy(bad, I.io.out, n);
	bad[n - 1] ^= 1;                         /* the tag */
	fg_recv(&R, bad, n, T_NOW);
	TF_EQ_INT(msa_assoc_state(&R.a), MSA_ST_ABORTED, "bad tag: R aborted");
	TF_CHECK(all_zero(&CR, sizeof CR), "the cache is zero after a FAIL");
	TF_CHECK(all_zero(R.data, sizeof m), "nothing of the bad record delivered");

	/* detach, re-attach */
	if (!fg_established(&I, &R, 0x0001, 1))
		TF_CHECK(0, "wiping: handshake 3");
	msa_assoc_set_key_cache(&I.a, &CI);
	msa_assoc_send(&I.a, m, sizeof m, T_NOW, &I.io);
	pump(&I, &R);
	TF_CHECK(!all_zero(&CI, sizeof CI), "cache in use");
	TF_EQ_INT(msa_assoc_set_key_cache(&I.a, NULL), MSA_OK, "detach");
	TF_CHECK(all_zero(&CI, sizeof CI) && I.a.kc == NULL, "detaching wipes the cache");
	msa_assoc_send(&I.a, m, sizeof m, T_NOW, &I.io);
	pump(&I, &R);
	TF_CHECK((R.events & MSA_EV_DATA) && msa_assoc_state(&R.a) == MSA_ST_ESTABLISHED,
		"records without the cache after detaching");
	msa_assoc_set_key_cache(&I.a, &CI);
	msa_assoc_send(&I.a, m, sizeof m, T_NOW, &I.io);
	TF_CHECK(CI.d[0].state == 1 && CI.owner == (const void *)&I.a, "re-attached: filled again");
	msa_assoc_set_key_cache(&I.a, &C2);     /* moving to another cache wipes the first */
	TF_CHECK(all_zero(&CI, sizeof CI), "switching caches wipes the old one");
	TF_EQ_INT(msa_assoc_set_key_cache(NULL, &CI), MSA_ERR_BAD_ARGUMENT, "NULL association");
	msa_assoc_abort(&I.a, MSA_DIAG_USER_ABORT, T_NOW, &I.io);
	TF_CHECK(all_zero(&C2, sizeof C2), "C2 zero after the abort");
}

/* ------------------------------------------------------------ shared by mistake */

static void
shared(void)
{
	static const uint8_t m[] = "shared";
	msa_keys ka, kb;
	int ok;

	if (!fg_established(&I, &R, 0x0001, 1))
		TF_CHECK(0, "shared: handshake 1");
	/* a second pair, other seeds (other keys) */
	party_init(&I2, "initiator-1", "urn:msa:ae:responder-1", MSA_ROLE_INITIATOR, 7, 2);
	party_init(&R2, "responder-1", NULL, MSA_ROLE_RESPONDER, 8, 2);
	ok = handshake(&I2, &R2);
	TF_CHECK(ok, "shared: handshake 2");
	msa_keys_of(&I.a, &ka);
	msa_keys_of(&I2.a, &kb);
	TF_CHECK(memcmp(ka.send_key, kb.send_key, ka.nk) != 0, "two associations, two keys");
	msa_assoc_set_key_cache(&I.a, &CI);
	msa_assoc_send(&I.a, m, sizeof m, T_NOW, &I.io);
	pump(&I, &R);
	TF_CHECK(CI.d[0].state == 1 && memcmp(CI.d[0].key, ka.send_key, ka.nk) == 0,
		"A's keys in the cache");
	TF_CHECK(mem_has(&CI, sizeof CI, ka.send_key, ka.nk), "A's send key is in its cache");
	/* the mistake: B gets the same cache while A still points to it */
	msa_assoc_set_key_cache(&I2.a, &CI);
	TF_CHECK(I.a.kc == &CI, "A still points to the cache");
	R2.events = 0;
	msa_assoc_send(&I2.a, m, sizeof m, T_NOW, &I2.io);
	pump(&I2, &R2);
	TF_CHECK((R2.events & MSA_EV_DATA) && msa_assoc_state(&R2.a) == MSA_ST_ESTABLISHED,
		"B's record verifies");
	TF_CHECK(CI.owner == (const void *)&I2.a, "the cache is B's now");
	TF_CHECK(!mem_has(&CI, sizeof CI, ka.send_key, ka.nk)
		&& !mem_has(&CI, sizeof CI, ka.recv_key, ka.nk),
		"no key of A in the cache B uses");
	/* A uses it again: takes it back, B's keys gone */
	R.events = 0;
	msa_assoc_send(&I.a, m, sizeof m, T_NOW, &I.io);
	pump(&I, &R);
	TF_CHECK((R.events & MSA_EV_DATA) && msa_assoc_state(&R.a) == MSA_ST_ESTABLISHED,
		"A's record verifies after B used the cache");
	TF_CHECK(CI.owner == (const void *)&I.a && CI.d[0].state == 1
		&& memcmp(CI.d[0].key, ka.send_key, ka.nk) == 0, "A took the cache back");
	TF_CHECK(!mem_has(&CI, sizeof CI, kb.send_key, kb.nk), "no key of B in A's cache");
	/* B again, then a ratchet of A while B holds it */
	msa_assoc_send(&I2.a, m, sizeof m, T_NOW, &I2.io);
	pump(&I2, &R2);
	msa_assoc_ratchet(&I.a, 0, T_NOW, &I.io);
	pump(&I, &R);
	R.events = 0;
	msa_assoc_send(&I.a, m, sizeof m, T_NOW, &I.io);
	pump(&I, &R);
	TF_CHECK((R.events & MSA_EV_DATA) && msa_assoc_state(&R.a) == MSA_ST_ESTABLISHED,
		"A after its ratchet, cache shared");
	R2.events = 0;
	msa_assoc_send(&I2.a, m, sizeof m, T_NOW, &I2.io);
	pump(&I2, &R2);
	TF_CHECK((R2.events & MSA_EV_DATA) && msa_assoc_state(&R2.a) == MSA_ST_ESTABLISHED,
		"B still fine");
	/* one ends: wipes the shared cache; the other re-expands */
	msa_assoc_abort(&I.a, MSA_DIAG_USER_ABORT, T_NOW, &I.io);
	TF_CHECK(all_zero(&CI, sizeof CI), "A's end wipes the cache");
	R2.events = 0;
	msa_assoc_send(&I2.a, m, sizeof m, T_NOW, &I2.io);
	pump(&I2, &R2);
	TF_CHECK((R2.events & MSA_EV_DATA) && CI.owner == (const void *)&I2.a,
		"B re-expands after A ended");
	/* last (its seq goes ahead of R2's): the copy of an association (a snapshot restored elsewhere) */
	{
		static msa_assoc copy;
		memcpy(&copy, &I2.a, sizeof copy);
		msa_assoc_send(&copy, m, sizeof m, T_NOW, &I2.io);
		TF_CHECK(CI.owner == (const void *)&copy, "a copy takes the cache over");
		msa_assoc_send(&I2.a, m, sizeof m, T_NOW, &I2.io);
		TF_EQ_INT(I2.io.err, MSA_OK, "the original again");
	}
}

/* ------------------------------------------------------------ provider */

static msa_crypto_provider noexp;

static void
no_expand_provider(void)
{
	static const uint8_t m[] = "plain";

	noexp = *msa_crypto_bearssl();
	noexp.aead_expand = NULL;
	noexp.aead_seal_x = NULL;
	noexp.aead_open_x = NULL;
	fg_pair(&I, &R, 0x0001, 0);
	I.cfg.crypto = &noexp;
	R.cfg.crypto = &noexp;
	TF_CHECK(handshake(&I, &R), "no-expand provider: handshake");
	msa_assoc_set_key_cache(&I.a, &CI);
	msa_assoc_send(&I.a, m, sizeof m, T_NOW, &I.io);
	pump(&I, &R);
	TF_CHECK(R.events & MSA_EV_DATA, "no-expand provider: record");
	TF_CHECK(CI.d[0].state == 2 && all_zero(CI.d[0].ctx, sizeof CI.d[0].ctx)
		&& all_zero(CI.d[0].key, sizeof CI.d[0].key),
		"no-expand provider: the cache holds no key");
}

static void
provider_x(void)
{
	const msa_crypto_provider *P = msa_crypto_bearssl();
	static uint64_t ctx[MSA_AEAD_CTX_BYTES / 8], moved[MSA_AEAD_CTX_BYTES / 8];
	uint8_t key[32], nonce[12], aad[17], d1[300], d2[300], t1[16], t2[16];
	unsigned prot;
	size_t i, len;
	int bad = 0;

	for (i = 0; i < sizeof key; i++)
		key[i] = (uint8_t)(i * 13u + 1u);
	for (i = 0; i < sizeof aad; i++)
		aad[i] = (uint8_t)(0xA0u + i);
	for (prot = MSA_PROT_AES128GCM; prot <= MSA_PROT_AES256GCM; prot++) {
		size_t kl = prot == MSA_PROT_AES128GCM ? 16 : 32;
		TF_EQ_INT(P->aead_expand(prot, key, kl, ctx, sizeof ctx), MSA_OK, "expand");
		for (len = 0; len < sizeof d1; len += 37) {
			for (i = 0; i < len; i++)
				d1[i] = d2[i] = (uint8_t)(i ^ len);
			memset(nonce, (int)len, sizeof nonce);
			P->aead_seal(prot, key, kl, nonce, aad, sizeof aad, d1, len, t1);
			P->aead_seal_x(prot, ctx, nonce, aad, sizeof aad, d2, len, t2);
			bad += memcmp(d1, d2, len) != 0 || memcmp(t1, t2, 16) != 0;
			memcpy(moved, ctx, sizeof ctx);     /* a context that moved */
			memset(ctx, 0, sizeof ctx);
			bad += P->aead_open_x(prot, moved, nonce, aad, sizeof aad, d2, len, t2)
				!= MSA_OK;
			memcpy(ctx, moved, sizeof ctx);
			memset(moved, 0, sizeof moved);
			for (i = 0; i < len; i++)
				bad += d2[i] != (uint8_t)(i ^ len);
			if (len > 0) {
				P->aead_seal_x(prot, ctx, nonce, aad, sizeof aad, d2, len, t2);
				t2[3] ^= 0x10;
				bad += P->aead_open_x(prot, ctx, nonce, aad, sizeof aad, d2, len, t2)
					!= MSA_ERR_BAD_RECORD || !all_zero(d2, len);
			}
		}
		TF_EQ_INT(P->aead_seal_x(prot == 1 ? 2 : 1, ctx, nonce, aad, sizeof aad, d1, 1, t1),
			MSA_ERR_BAD_ARGUMENT, "a context of the other protection");
		TF_EQ_INT(P->aead_expand(prot, key, kl, ctx, 64), MSA_ERR_BAD_ARGUMENT,
			"ctx too small");
		TF_EQ_INT(P->aead_expand(prot, key, kl == 16 ? 32 : 16, ctx, sizeof ctx),
			MSA_ERR_BAD_ARGUMENT, "wrong key length");
	}
	TF_CHECK(bad == 0, "seal_x/open_x = seal/open, moved context, bad tag (%d)", bad);
	TF_EQ_INT(P->aead_expand(MSA_PROT_CHACHA20POLY1305, key, 32, ctx, sizeof ctx),
		MSA_ERR_UNSUPPORTED, "ChaCha20-Poly1305 not expanded");
	TF_EQ_INT(P->aead_expand(MSA_PROT_AES128CCM, key, 16, ctx, sizeof ctx),
		MSA_ERR_UNSUPPORTED, "CCM not expanded");
	TF_CHECK(sizeof(msa_key_cache) == MSA_KEY_CACHE_BYTES, "MSA_KEY_CACHE_BYTES");
}

int
main(void)
{
	provider_x();
	same_pdus();
	same_datagram();
	same_old_record();
	wiping();
	shared();
	no_expand_provider();
	return tf_done("test_key_cache");
}
