/*
 * bench_engine.c -- the MSA association engine's rows (issue 8) and the
 * headline ratios of bench.json.
 *
 * mk/bench.mk compiles this file with MSA_BENCH_ENGINE=1 once the engine
 * is in the tree (src/engine*.c present and the engine section of
 * include/msa.h filled in); before that every engine-dependent value is
 * recorded as null with the note "engine not built": no number is made
 * up for a component that does not exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "msa.h"
#include "bench.h"

#ifndef MSA_BENCH_ENGINE
#define MSA_BENCH_ENGINE 0
#endif

#define NOT_BUILT "engine not built"

#if MSA_BENCH_ENGINE

#define PKI_TIME 1893456000u   /* vectors/pki/README.md: the fixed test time */
#define ID_I "urn:msa:ae:initiator-1"
#define ID_R "urn:msa:ae:responder-1"

/* One party: its config and what the config points to. */
typedef struct {
	msa_config cfg;
	msa_private_key key;
	msa_seg chain[2];
	msa_anchors ta;
	msa_cert_store store;        /* the peer's chain, for references */
	msa_hs_workspace ws;
	msa_assoc a;
	msa_key_cache kc;            /* attached when eng.cache is set */
	msa_io io;
	uint8_t out[MSA_OUT_CAP];
	uint8_t data[MSA_MAX_DATA];
} party;

typedef struct {
	const msa_suite *s;
	int refs;                    /* certificates by reference */
	int cache;                   /* each side with a msa_key_cache (set after eng_init) */
	int inplace;                 /* records received by msa_assoc_recv_inplace */
	msa_drbg rng;
	party i, r;
	msa_arena ar;
	uint8_t arena_mem[MSA_ARENA_PDU_SIZE + 16];
	size_t pdu_len[4];           /* msg1, msg2, msg3 of the last handshake */
	size_t arena_high;
	uint8_t msg[MSA_MAX_DATA];
	size_t len;
	int fail;
	char why[160];
	bench_sides sides;
} eng;

static struct {
	int loaded;
	uint8_t *root, *intca, *ee_i, *ee_r, *key_i, *key_r;
	size_t root_len, intca_len, ee_i_len, ee_r_len, key_i_len, key_r_len;
} pk;

static int
pki_load(void)
{
	if (pk.loaded)
		return 0;
	pk.root = bench_read_file(bench_opt.pki, "root-ca.der", &pk.root_len);
	pk.intca = bench_read_file(bench_opt.pki, "int-ca.der", &pk.intca_len);
	pk.ee_i = bench_read_file(bench_opt.pki, "initiator-1.der", &pk.ee_i_len);
	pk.ee_r = bench_read_file(bench_opt.pki, "responder-1.der", &pk.ee_r_len);
	pk.key_i = bench_read_file(bench_opt.pki, "initiator-1.key.pem", &pk.key_i_len);
	pk.key_r = bench_read_file(bench_opt.pki, "responder-1.key.pem", &pk.key_r_len);
	if (!pk.root || !pk.intca || !pk.ee_i || !pk.ee_r || !pk.key_i || !pk.key_r)
		return -1;
	pk.loaded = 1;
	return 0;
}

static int
party_init(eng *e, party *p, const uint8_t *ee, size_t ee_len, const uint8_t *key,
	size_t key_len, const uint8_t *peer_ee, size_t peer_ee_len, const char *peer_id)
{
	uint16_t suite = e->s->id;
	msa_seg peer_chain[2];
	int rc;

	memset(p, 0, sizeof *p);
	p->chain[0].ptr = ee;
	p->chain[0].len = ee_len;
	p->chain[1].ptr = pk.intca;
	p->chain[1].len = pk.intca_len;
	peer_chain[0].ptr = peer_ee;
	peer_chain[0].len = peer_ee_len;
	peer_chain[1] = p->chain[1];
	msa_anchors_init(&p->ta);
	msa_cert_store_init(&p->store);
	if (msa_private_key_load(&p->key, key, key_len) != MSA_OK ||
	    msa_anchors_add(&p->ta, pk.root, pk.root_len) != MSA_OK ||
	    msa_cert_store_add(&p->store, peer_chain, 2) != MSA_OK)
		return -1;
	msa_config_init(&p->cfg, msa_crypto_bearssl(), &e->rng);
	if (msa_config_set_identity(&p->cfg, &p->key, p->chain, 2) != MSA_OK ||
	    msa_config_add_peer(&p->cfg, (const uint8_t *)peer_id, strlen(peer_id)) != MSA_OK)
		return -1;
	rc = msa_config_set_suites(&p->cfg, &suite, 1);
	if (rc != MSA_OK)
		return rc == MSA_ERR_UNSUPPORTED ? -2 : -1;
	p->cfg.anchors = &p->ta;
	p->cfg.store = e->refs ? &p->store : NULL;
	p->cfg.use_refs = e->refs;
	p->io.out = p->out;
	p->io.out_cap = sizeof p->out;
	p->io.data = p->data;
	p->io.data_cap = sizeof p->data;
	return 0;
}

static int
eng_init(eng *e, const msa_suite *s, int refs)
{
	int rc;

	memset(e, 0, sizeof *e);
	e->s = s;
	e->refs = refs;
	if (pki_load() != 0 || msa_drbg_init(&e->rng) != MSA_OK ||
	    msa_arena_init(&e->ar, e->arena_mem, sizeof e->arena_mem) != MSA_OK)
		return -1;
	rc = party_init(e, &e->i, pk.ee_i, pk.ee_i_len, pk.key_i, pk.key_i_len,
		pk.ee_r, pk.ee_r_len, ID_R);
	if (rc == 0)
		rc = party_init(e, &e->r, pk.ee_r, pk.ee_r_len, pk.key_r, pk.key_r_len,
			pk.ee_i, pk.ee_i_len, ID_I);
	if (rc != 0) {
		snprintf(e->why, sizeof e->why, rc == -2 ?
			"suite not implemented by this build profile" :
			"engine configuration failed");
		return rc;
	}
	return 0;
}

static void
efail(eng *e, const char *what, int err)
{
	if (!e->fail)
		snprintf(e->why, sizeof e->why, "%s: %s", what, msa_err_name(err));
	e->fail = 1;
}

/* Delivers every PDU in from->io.out to `to`, one at a time (framed). */
static void
deliver(eng *e, party *from, party *to, const char *what)
{
	size_t off = 0, n, eo;
	int rc;

	while (off < from->io.out_len) {
		rc = msa_der_frame(from->io.out + off, from->io.out_len - off, &n, &eo);
		if (rc != MSA_OK) {
			efail(e, what, rc);
			return;
		}
		msa_arena_reset(&e->ar);
		/* in place: opened in the octets as they arrived (here the
		 * sender's buffer, as a transport's receive buffer would be) */
		rc = e->inplace
			? msa_assoc_recv_inplace(&to->a, &e->ar, from->io.out + off, n, PKI_TIME, &to->io)
			: msa_assoc_recv(&to->a, &e->ar, from->io.out + off, n, PKI_TIME, &to->io);
		if (e->ar.high > e->arena_high)
			e->arena_high = e->ar.high;
		if (rc != MSA_OK) {
			efail(e, what, rc);
			return;
		}
		off += n;
	}
}

/* One full handshake, both sides, from fresh associations. */
static void
eng_handshake(void *arg)
{
	eng *e = arg;
	static const uint8_t aid_i[4] = { 0, 0, 0, 1 }, aid_r[4] = { 0, 0, 0, 2 };
	int rc;

	if ((rc = msa_assoc_init_initiator(&e->i.a, &e->i.cfg, &e->i.ws, aid_i)) != MSA_OK ||
	    (rc = msa_assoc_init_responder(&e->r.a, &e->r.cfg, &e->r.ws, aid_r)) != MSA_OK) {
		efail(e, "init", rc);
		return;
	}
	if (e->cache &&
	    ((rc = msa_assoc_set_key_cache(&e->i.a, &e->i.kc)) != MSA_OK ||
	     (rc = msa_assoc_set_key_cache(&e->r.a, &e->r.kc)) != MSA_OK)) {
		efail(e, "set_key_cache", rc);
		return;
	}
	bench_side(&e->sides, 0);
	rc = msa_assoc_start(&e->i.a, PKI_TIME, &e->i.io);
	if (rc != MSA_OK) {
		efail(e, "start", rc);
		return;
	}
	e->pdu_len[0] = e->i.io.out_len;
	bench_side(&e->sides, 1);
	deliver(e, &e->i, &e->r, "msg1");
	e->pdu_len[1] = e->r.io.out_len;
	bench_side(&e->sides, 0);
	deliver(e, &e->r, &e->i, "msg2");
	e->pdu_len[2] = e->i.io.out_len;
	bench_side(&e->sides, 1);
	deliver(e, &e->i, &e->r, "msg3");
	bench_side(&e->sides, -1);
	if (!e->fail && (msa_assoc_state(&e->i.a) != MSA_ST_ESTABLISHED ||
	    msa_assoc_state(&e->r.a) != MSA_ST_ESTABLISHED ||
	    msa_assoc_suite(&e->i.a) != e->s->id))
		efail(e, "handshake did not establish", MSA_ERR_STATE);
}

/* One application message initiator -> responder: send + receive. */
static void
eng_record(void *arg)
{
	eng *e = arg;
	int rc;

	rc = msa_assoc_send(&e->i.a, e->msg, e->len, PKI_TIME, &e->i.io);
	if (rc != MSA_OK) {
		efail(e, "send", rc);
		return;
	}
	deliver(e, &e->i, &e->r, "record");
	if (!(e->r.io.events & MSA_EV_DATA) || e->r.io.data_len != e->len)
		efail(e, "record not delivered", MSA_ERR_INTERNAL);
}

/*
 * Stack depth of one call, by painting: stack_paint fills PAINT_BYTES below
 * the caller's frame with a pattern, the call runs, stack_scan finds the
 * deepest byte that changed. Both are called from the same frame, so their
 * arrays sit at the same addresses. Approximate to a few dozen bytes.
 */
#define PAINT_BYTES 65536u

static __attribute__((noinline)) void
stack_paint(void)
{
	volatile uint8_t buf[PAINT_BYTES];
	size_t i;

	for (i = 0; i < PAINT_BYTES; i++)
		buf[i] = 0xa5;
	__asm__ __volatile__("" : : "r"(buf) : "memory");
}

static __attribute__((noinline)) size_t
stack_scan(void)
{
	volatile uint8_t buf[PAINT_BYTES];
	size_t i;

	__asm__ __volatile__("" : : "r"(buf) : "memory");
	for (i = 0; i < PAINT_BYTES && buf[i] == 0xa5; i++)
		;
	return PAINT_BYTES - i;
}

static __attribute__((noinline)) size_t
stack_of_deliver(eng *e, party *from, party *to)
{
	size_t n;

	stack_paint();
	deliver(e, from, to, "stack");
	n = stack_scan();
	return n;
}

static __attribute__((noinline)) size_t
stack_of_start(eng *e)
{
	size_t n;

	stack_paint();
	if (msa_assoc_start(&e->i.a, PKI_TIME, &e->i.io) != MSA_OK)
		e->fail = 1;
	n = stack_scan();
	return n;
}

static __attribute__((noinline)) size_t
stack_of_send(eng *e)
{
	size_t n;

	stack_paint();
	if (msa_assoc_send(&e->i.a, e->msg, e->len, PKI_TIME, &e->i.io) != MSA_OK)
		e->fail = 1;
	n = stack_scan();
	return n;
}

static void
engine_stack(void)
{
	static eng e;
	static const uint8_t aid_i[4] = { 0, 0, 0, 1 }, aid_r[4] = { 0, 0, 0, 2 };
	size_t st[6], mx = 0;
	static const char *const what[6] = { "start (initiator, msg1)",
		"recv msg1 (responder: msg2, signs)",
		"recv msg2 (initiator: validates chain, verifies, signs msg3)",
		"recv msg3 (responder: validates chain, verifies)",
		"send 1 KiB record", "recv 1 KiB record" };
	char key[64];
	int k;

	if (eng_init(&e, msa_suite_find(MSA_SUITE_X25519_AES128GCM_SHA256), 0) != 0 ||
	    msa_assoc_init_initiator(&e.i.a, &e.i.cfg, &e.i.ws, aid_i) != MSA_OK ||
	    msa_assoc_init_responder(&e.r.a, &e.r.cfg, &e.r.ws, aid_r) != MSA_OK) {
		bench_put_null("engine.stack_peak", "setup failed", NULL);
		return;
	}
	st[0] = stack_of_start(&e);
	st[1] = stack_of_deliver(&e, &e.i, &e.r);
	st[2] = stack_of_deliver(&e, &e.r, &e.i);
	st[3] = stack_of_deliver(&e, &e.i, &e.r);
	memset(e.msg, 0x5a, sizeof e.msg);
	e.len = 1024;
	st[4] = stack_of_send(&e);
	st[5] = stack_of_deliver(&e, &e.i, &e.r);
	if (e.fail || msa_assoc_state(&e.r.a) != MSA_ST_ESTABLISHED) {
		bench_put_null("engine.stack_peak", e.why[0] ? e.why : "failed", NULL);
		return;
	}
	printf("  stack depth per call, suite 0x0001 (painting, +-64 B):\n");
	for (k = 0; k < 6; k++) {
		snprintf(key, sizeof key, "engine.stack.%d", k);
		bench_put(key, (double)st[k], "B", what[k]);
		if (st[k] > mx)
			mx = st[k];
	}
	bench_put("engine.stack_peak", (double)mx, "B", "deepest stack of any call");
}

static int
engine_suite(const msa_suite *s)
{
	static eng e;
	char key[160], label[200];
	double hs, fl;
	size_t k, total;
	static const char *const names[3] = { "HandshakeInit", "HandshakeResp", "HandshakeFinish" };
	int refs, rc;
	bench_cg_fn ffn;
	void *farg;
	bench_stat st_hs, st_fl;
	double ratio, me[2], mf[2];
	bench_sides *fsides;

	rc = eng_init(&e, s, 0);
	if (rc == -2) {
		snprintf(key, sizeof key, "engine.%s.handshake", s->name);
		snprintf(label, sizeof label, "handshake 0x%04x %s", s->id, s->name);
		bench_put_null(key, e.why, label);
		return 0;
	}
	if (rc != 0)
		goto failed;
	eng_handshake(&e);
	if (e.fail)
		goto failed;
	/* measured in alternating runs with the floor of the same suite */
	if (bench_floor_get(s, &ffn, &farg, &fsides) != 0)
		goto failed;
	bench_measure_pair(eng_handshake, &e, ffn, farg, bench_opt.min_run_slow,
		&st_hs, &st_fl, &ratio);
	if (e.fail)
		goto failed;
	snprintf(key, sizeof key, "engine.%s.handshake", s->name);
	snprintf(label, sizeof label, "handshake 0x%04x %s, both sides", s->id, s->name);
	bench_put_stat(key, st_hs, label);
	snprintf(key, sizeof key, "engine.%s.floor_paired", s->name);
	bench_put_stat(key, st_fl, "    crypto floor, measured in alternation");
	hs = st_hs.med;
	fl = st_fl.med;
	snprintf(key, sizeof key, "engine.%s.floor_ratio", s->name);
	bench_put(key, ratio, "x", "    handshake / floor (run pairs; target <= 1.10)");
	snprintf(key, sizeof key, "engine.%s.overhead_us", s->name);
	bench_put(key, (hs - fl) * 1e6, "us", "    protocol overhead = handshake - floor");
	/* per side: initiator (start, recv msg2) and responder (recv msg1, msg3) */
	bench_measure_sides(eng_handshake, &e, &e.sides, me);
	bench_measure_sides(ffn, farg, fsides, mf);
	for (k = 0; k < 2; k++) {
		const char *sd = k ? "responder" : "initiator";

		snprintf(key, sizeof key, "engine.%s.%s_us", s->name, sd);
		snprintf(label, sizeof label, "    %s CPU (its floor: %.0f us)", sd, mf[k] * 1e6);
		bench_put(key, me[k] * 1e6, "us", label);
		snprintf(key, sizeof key, "floor.%s.%s_us", s->name, sd);
		bench_put_quiet(key, mf[k] * 1e6);
		snprintf(key, sizeof key, "engine.%s.%s_floor_ratio", s->name, sd);
		snprintf(label, sizeof label, "    %s / its floor (medians)", sd);
		bench_put(key, me[k] / mf[k], "x", label);
	}
	if (e.fail)
		goto failed;
	if (s->id == MSA_SUITE_X25519_AES128GCM_SHA256) {
		bench_cg_fn ofn;
		void *oarg;
		bench_stat st_o;

		if (bench_openssl_get(&ofn, &oarg) != 0)
			goto failed;
		bench_measure_pair(eng_handshake, &e, ofn, oarg, bench_opt.min_run_slow,
			&st_hs, &st_o, &ratio);
		bench_put_stat("engine.openssl_paired", st_o,
			"    OpenSSL TLS 1.3 handshake, measured in alternation");
		bench_put("engine.openssl_ratio", ratio, "x",
			"    MSA handshake / OpenSSL handshake (run pairs)");
	}
	for (refs = 0; refs <= 1; refs++) {
		if (refs && eng_init(&e, s, 1) != 0)
			goto failed;
		eng_handshake(&e);
		if (e.fail)
			goto failed;
		total = 0;
		for (k = 0; k < 3; k++) {
			snprintf(key, sizeof key, "engine.%s.bytes%s.%s", s->name,
				refs ? "_ref" : "", names[k]);
			snprintf(label, sizeof label, "    %s (%s)", names[k],
				refs ? "certificates by reference" : "chains EE + int-ca");
			bench_put(key, (double)e.pdu_len[k], "B", label);
			total += e.pdu_len[k];
		}
		if (refs && s->id == MSA_SUITE_X25519_AES128GCM_SHA256) {
			bench_measure_pair(eng_handshake, &e, ffn, farg, bench_opt.min_run_slow,
				&st_hs, &st_fl, &ratio);
			if (e.fail)
				goto failed;
			snprintf(key, sizeof key, "engine.%s.handshake_ref", s->name);
			bench_put_stat(key, st_hs, "    handshake, certificates by reference");
			snprintf(key, sizeof key, "engine.%s.floor_ratio_ref", s->name);
			bench_put(key, ratio, "x", "    by reference / floor (run pairs)");
		}
		snprintf(key, sizeof key, "engine.%s.bytes%s.total", s->name, refs ? "_ref" : "");
		snprintf(label, sizeof label, "    handshake bytes, total (%s)",
			refs ? "by reference" : "chains");
		bench_put(key, (double)total, "B", label);
	}
	snprintf(key, sizeof key, "engine.%s.arena_high", s->name);
	bench_put(key, (double)e.arena_high, "B", "    decode arena high-water mark");
	return 0;
failed:
	fprintf(stderr, "msa-bench: engine %s: %s\n", s->name, e.why);
	snprintf(key, sizeof key, "engine.%s.handshake", s->name);
	bench_put_null(key, e.why[0] ? e.why : "engine setup failed", s->name);
	return -1;
}

int
bench_engine_records(void)
{
	static eng e;
	/* AES-128-GCM without and with a msa_key_cache, the latter also received
	 * in place (msa_assoc_recv_inplace), HMAC-SHA-256 */
	static const uint16_t ids[4] = { MSA_SUITE_X25519_AES128GCM_SHA256,
		MSA_SUITE_X25519_AES128GCM_SHA256, MSA_SUITE_X25519_AES128GCM_SHA256,
		MSA_SUITE_X25519_HMACSHA256_SHA256 };
	static const char *const kname[4] = { "AES128GCM", "AES128GCM_cache",
		"AES128GCM_cache_inplace", "HMACSHA256" };
	static const char *const prim[4] = { "AES128GCM", "AES128GCM", "AES128GCM", "HMACSHA256" };
	static const int cache[4] = { 0, 1, 1, 0 }, inplace[4] = { 0, 0, 1, 0 };
	static const size_t lens[3] = { 64, 1024, 16384 };
	char key[160], label[200];
	double eu, ru, ratio;
	size_t j;
	int k;

	for (k = 0; k < 4; k++) {
		const msa_suite *s = msa_suite_find(ids[k]);

		if (eng_init(&e, s, 0) != 0)
			return -1;
		e.cache = cache[k];
		e.inplace = inplace[k];
		eng_handshake(&e);
		if (e.fail) {
			fprintf(stderr, "msa-bench: engine records: %s\n", e.why);
			return -1;
		}
		memset(e.msg, 0x5a, sizeof e.msg);
		for (j = 0; j < 3; j++) {
			bench_stat st, sr, st2, sr2;
			double ratio2;
			bench_cg_fn rfn;
			void *rarg;

			e.len = lens[j];
			if (bench_data_get(prim[k], lens[j], 0, &rfn, &rarg) != 0)
				return -1;
			/* alternating runs with the raw primitive (key expanded once) */
			bench_measure_pair(eng_record, &e, rfn, rarg, bench_opt.min_run_s,
				&st, &sr, &ratio);
			free(rarg);
			if (e.fail) {
				fprintf(stderr, "msa-bench: engine records: %s\n", e.why);
				return -1;
			}
			snprintf(key, sizeof key, "engine.records.%s.%zu", kname[k], lens[j]);
			snprintf(label, sizeof label, "engine %s %zu B (send + recv)%s%s",
				prim[k], lens[j], cache[k] ? ", with a msa_key_cache" : "",
				inplace[k] ? ", received in place" : "");
			bench_put_stat(key, st, label);
			snprintf(key, sizeof key, "engine.records.%s.%zu.MBps", kname[k], lens[j]);
			bench_put(key, (double)lens[j] / st.med / 1e6, "MB/s", "    = MB/s (payload)");
			snprintf(key, sizeof key, "engine.records.%s.%zu.raw_paired", kname[k], lens[j]);
			bench_put_stat(key, sr, "    raw primitive (key once), measured in alternation");
			snprintf(key, sizeof key, "engine.records.%s.%zu.vs_raw", kname[k], lens[j]);
			bench_put(key, 1.0 / ratio, "x",
				"    engine / raw primitive (key once; run pairs)");
			if (k < 3) {                 /* the AES-128-GCM rows */
				/* the floor of a record layer that keeps only raw keys
				 * (the 256-byte association): each side expands */
				if (bench_data_get(prim[k], lens[j], 2, &rfn, &rarg) != 0)
					return -1;
				bench_measure_pair(eng_record, &e, rfn, rarg,
					bench_opt.min_run_s, &st2, &sr2, &ratio2);
				free(rarg);
				snprintf(key, sizeof key, "engine.records.%s.%zu.raw_key_per_op",
					kname[k], lens[j]);
				bench_put_stat(key, sr2, "    raw, key expanded per operation, "
					"alternated");
				snprintf(key, sizeof key, "engine.records.%s.%zu.vs_raw_key_per_op",
					kname[k], lens[j]);
				bench_put(key, 1.0 / ratio2, "x", "    engine / raw (key per operation; "
					"run pairs)");
			}
			snprintf(label, sizeof label, "engine.records.%s.%zu.us", kname[k], lens[j]);
			snprintf(key, sizeof key, "data.raw_rekey.%s.%zu.us", prim[k], lens[j]);
			if (bench_get(key, &ru) && bench_get(label, &eu)) {
				snprintf(key, sizeof key, "engine.records.%s.%zu.vs_raw_rekey",
					kname[k], lens[j]);
				bench_put(key, ru / eu, "x", "    engine / raw primitive (key per message)");
			}
			/* both ratios to the raw primitive come from run pairs */
			snprintf(key, sizeof key, "data.provider_vs_raw.%s.%zu", prim[k], lens[j]);
			if (bench_get(key, &ru)) {
				snprintf(key, sizeof key, "engine.records.%s.%zu.vs_provider",
					kname[k], lens[j]);
				bench_put(key, (1.0 / ratio) / ru, "x",
					"    engine / provider call alone (via the raw pairs)");
			}
			snprintf(key, sizeof key, "openssl.X25519.records.%zu.us", lens[j]);
			if (k < 3 && bench_get(key, &ru) && bench_get(label, &eu)) {
				snprintf(key, sizeof key, "engine.records.%s.%zu.vs_openssl",
					kname[k], lens[j]);
				bench_put(key, ru / eu, "x",
					"    engine / OpenSSL TLS 1.3 record (throughput)");
			}
		}
		/* record expansion on the wire */
		e.len = 1024;
		eng_record(&e);
		snprintf(key, sizeof key, "engine.records.%s.overhead_bytes", kname[k]);
		bench_put(key, (double)e.i.io.out_len - 1024, "B",
			"    bytes on the wire per record beyond the payload");
	}
	return 0;
}

/*
 * Rounds of the headline data_1k_ratio. The shared machine has slow and
 * fast periods that last seconds (bench/README.md), and one measurement
 * (27 run pairs, about half a second) falls in one of them: the headline
 * is the median of ROUNDS such measurements spread over the whole run
 * (make bench: between its sections and between the engine's suites;
 * --records: one after the other), each the same pair as the
 * AES128GCM_cache_inplace 1 KiB row. Every round's ratio goes to the JSON,
 * and the lowest and highest are reported beside the median.
 */
#define ROUNDS 9
static double round_ratio[ROUNDS];
static int n_rounds, round_failed;

int
bench_engine_round(void)
{
	static eng e;
	bench_stat st, sr;
	bench_cg_fn rfn;
	void *rarg;
	double ratio;
	char key[64];

	if (n_rounds >= ROUNDS || round_failed)
		return round_failed ? -1 : 0;
	if (eng_init(&e, msa_suite_find(MSA_SUITE_X25519_AES128GCM_SHA256), 0) != 0)
		goto fail;
	e.cache = 1;
	e.inplace = 1;
	eng_handshake(&e);
	memset(e.msg, 0x5a, sizeof e.msg);
	e.len = 1024;
	if (e.fail || bench_data_get("AES128GCM", 1024, 0, &rfn, &rarg) != 0)
		goto fail;
	bench_measure_pair(eng_record, &e, rfn, rarg, bench_opt.min_run_s, &st, &sr, &ratio);
	free(rarg);
	if (e.fail)
		goto fail;
	round_ratio[n_rounds] = 1.0 / ratio;
	snprintf(key, sizeof key, "engine.records.1k_round.%d", n_rounds + 1);
	bench_put_quiet(key, 1.0 / ratio);
	n_rounds++;
	return 0;
fail:
	fprintf(stderr, "msa-bench: data_1k_ratio round: %s\n", e.fail ? e.why : "set-up failed");
	round_failed = 1;
	return -1;
}

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/* The rounds so far (run up to ROUNDS now if fewer), their median, lowest
 * and highest: the headline's value and spread. */
static int
rounds_result(double *med, double *lo, double *hi)
{
	double v[ROUNDS];
	int i;

	while (n_rounds < ROUNDS && !round_failed)
		bench_engine_round();
	if (round_failed || n_rounds == 0)
		return 0;
	for (i = 0; i < n_rounds; i++)
		v[i] = round_ratio[i];
	qsort(v, (size_t)n_rounds, sizeof v[0], cmp_double);
	*med = n_rounds % 2 ? v[n_rounds / 2] : (v[n_rounds / 2 - 1] + v[n_rounds / 2]) / 2;
	*lo = v[0];
	*hi = v[n_rounds - 1];
	return 1;
}

void
bench_engine_rounds_print(void)
{
	double med, lo, hi;
	char label[160];

	if (!rounds_result(&med, &lo, &hi))
		return;
	snprintf(label, sizeof label, "data_1k_ratio: median of %d rounds "
		"(AES128GCM_cache_inplace, 1 KiB, each round %d run pairs)", n_rounds,
		bench_opt.runs * 3 > 63 ? 63 : bench_opt.runs * 3);
	bench_put("engine.records.1k_rounds.median", med, "x", label);
	bench_put("engine.records.1k_rounds.min", lo, "x", "    lowest round");
	bench_put("engine.records.1k_rounds.max", hi, "x", "    highest round");
}

int
bench_engine(void)
{
	const msa_suite *s;
	size_t i;
	int rc = 0;

	bench_section("MSA engine: handshake per suite (both sides, in memory), "
		"bytes, memory, records");
	bench_put("engine.assoc_bytes", (double)sizeof(msa_assoc), "B",
		"sizeof(msa_assoc) (this build profile: every suite)");
	bench_put("engine.assoc_keys_bytes", (double)MSA_ASSOC_KEYS, "B",
		"    of which the key area MSA_ASSOC_KEYS");
	bench_put("engine.key_cache_bytes", (double)sizeof(msa_key_cache), "B",
		"sizeof(msa_key_cache) (optional, one per association)");
	bench_put("engine.workspace_bytes", (double)sizeof(msa_hs_workspace), "B",
		"sizeof(msa_hs_workspace) (one per handshake in progress)");
	bench_put("engine.config_bytes", (double)sizeof(msa_config), "B",
		"sizeof(msa_config) (shared by all associations)");
	bench_put("engine.io_bytes", (double)(sizeof(msa_io) + MSA_OUT_CAP + MSA_MAX_DATA),
		"B", "msa_io + out (MSA_OUT_CAP) + data (MSA_MAX_DATA) buffers");
	bench_put("engine.arena_bytes", MSA_ARENA_PDU_SIZE, "B",
		"decode arena MSA_ARENA_PDU_SIZE");
	engine_stack();
	for (i = 0; (s = msa_suite_at(i)) != NULL; i++) {
		if (s->reserved)
			continue;
		if (engine_suite(s) != 0)
			rc = -1;
		if (i % 2 == 1)
			bench_engine_round();  /* spread over the run (data_1k_ratio) */
	}
	if (bench_engine_records() != 0)
		rc = -1;
	return rc;
}

int
bench_engine_sizes(void)
{
	static eng e;
	const msa_suite *s = msa_suite_find(MSA_SUITE_X25519_AES128GCM_SHA256);
	size_t i, n = 0;

	if (eng_init(&e, s, 0) != 0)
		return -1;
	eng_handshake(&e);
	if (e.fail)
		return -1;
	memset(e.msg, 0x5a, sizeof e.msg);
	e.len = 1024;
	eng_record(&e);
	if (e.fail)
		return -1;
	e.cache = 1;                /* and with key caches, in this profile too */
	eng_handshake(&e);
	eng_record(&e);
	eng_record(&e);
	if (e.fail)
		return -1;
	for (i = 0; (s = msa_suite_at(i)) != NULL; i++) {
		uint16_t id = s->id;
		msa_config c;

		msa_config_init(&c, msa_crypto_bearssl(), &e.rng);
		if (!s->reserved && msa_config_set_suites(&c, &id, 1) == MSA_OK)
			n++;
	}
	printf("assoc_bytes %zu\n", sizeof(msa_assoc));
	printf("assoc_keys_bytes %u\n", (unsigned)MSA_ASSOC_KEYS);
	printf("workspace_bytes %zu\n", sizeof(msa_hs_workspace));
	printf("key_cache_bytes %zu\n", sizeof(msa_key_cache));
	printf("config_bytes %zu\n", sizeof(msa_config));
	printf("suites_implemented %zu\n", n);
	printf("cfg_hash_max %u\ncfg_key_max %u\ncfg_p256 %u\n",
		(unsigned)MSA_CFG_HASH_MAX, (unsigned)MSA_CFG_KEY_MAX, (unsigned)MSA_CFG_P256);
	return 0;
}

int
bench_engine_one(const char *name)
{
	static eng e;
	const msa_suite *s;

	if (name == NULL)
		return 0;      /* the engine is built */
	if (strcmp(name, "record1k") == 0 || strcmp(name, "record1k_hmac") == 0
		|| strcmp(name, "record1k_cache") == 0 || strcmp(name, "record1k_inplace") == 0) {
		s = msa_suite_find(strcmp(name, "record1k_hmac") == 0
			? MSA_SUITE_X25519_HMACSHA256_SHA256 : MSA_SUITE_X25519_AES128GCM_SHA256);
		if (eng_init(&e, s, 0) != 0)
			return -1;
		e.cache = strcmp(name, "record1k_cache") == 0 || strcmp(name, "record1k_inplace") == 0;
		e.inplace = strcmp(name, "record1k_inplace") == 0;
		eng_handshake(&e);
		memset(e.msg, 0x5a, sizeof e.msg);
		e.len = 1024;
		eng_record(&e);
		bench_cg_target(eng_record, &e);
		return e.fail ? -1 : 0;
	}
	s = msa_suite_by_name(name);
	if (s == NULL || s->reserved || eng_init(&e, s, 0) != 0)
		return -1;
	eng_handshake(&e);
	bench_cg_target(eng_handshake, &e);
	return e.fail ? -1 : 0;
}

#else /* !MSA_BENCH_ENGINE */

int
bench_engine_sizes(void)
{
	return -1;
}

int
bench_engine(void)
{
	const msa_suite *s;
	char key[128], label[160];
	size_t i;

	bench_section("MSA engine: handshake, bytes, memory, records");
	for (i = 0; (s = msa_suite_at(i)) != NULL; i++) {
		if (s->reserved)
			continue;
		snprintf(key, sizeof key, "engine.%s.handshake", s->name);
		snprintf(label, sizeof label, "handshake 0x%04x %s", s->id, s->name);
		bench_put_null(key, NOT_BUILT, label);
	}
	bench_put_null("engine.assoc_bytes", NOT_BUILT, "sizeof established association");
	bench_put_null("engine.workspace_bytes", NOT_BUILT, "handshake workspace");
	bench_put_null("engine.handshake_bytes", NOT_BUILT, "handshake bytes on the wire");
	bench_put_null("engine.records", NOT_BUILT, "records through the engine");
	return 0;
}

int
bench_engine_records(void)
{
	bench_put_null("engine.records", NOT_BUILT, "records through the engine");
	return -1;
}

int
bench_engine_round(void)
{
	return -1;      /* no engine in this build: no rounds */
}

void
bench_engine_rounds_print(void)
{
}

int
bench_engine_one(const char *name)
{
	(void)name;
	return -1;
}

#endif /* MSA_BENCH_ENGINE */

/* ---------------------------------------------------------------- summary */

static void
top_from(const char *top, const char *key, const char *note)
{
	double v;

	if (bench_get(key, &v))
		bench_top(top, v, note);
	else
		bench_top_null(top, NOT_BUILT);
}

/* Headline `top` = value of key num / value of key den, when both exist. */
static void
top_ratio(const char *top, const char *num, const char *den, const char *note)
{
	double n, d;

	if (bench_get(num, &n) && bench_get(den, &d))
		bench_top(top, n / d, note);
}

void
bench_summary(void)
{
	double a, b, c, d;

	bench_section("Summary (bench.json headline keys)");
	if (bench_engine_one(NULL) == 0)
		(void)rounds_result(&a, &b, &c);   /* the rounds not yet run, before any output */
	if (bench_get("profile.assoc_bytes", &a))
		bench_top("assoc_bytes", a, "sizeof(msa_assoc) of an established "
			"X25519_AES128GCM_SHA256 association in the build profile made for it "
			"(-DMSA_CFG_HASH_MAX=32 -DMSA_CFG_KEY_MAX=16 -DMSA_CFG_P256=0; a handshake "
			"and a record checked in that build), bytes (target <= 256); see "
			"assoc_bytes_all_suites for the default build");
	else
		top_from("assoc_bytes", "engine.assoc_bytes",
			"sizeof(msa_assoc), default build (every suite), bytes (target <= 256)");
	top_from("assoc_bytes_all_suites", "engine.assoc_bytes",
		"sizeof(msa_assoc) in the default build (every suite built in), bytes");
	if (bench_get("profile.key_cache_bytes", &a))
		bench_top("key_cache_bytes", a, "sizeof(msa_key_cache), the optional "
			"per-association expanded-key cache, in the suite-0x0001 build profile "
			"(not part of assoc_bytes); see key_cache_bytes_all_suites");
	else
		top_from("key_cache_bytes", "engine.key_cache_bytes",
			"sizeof(msa_key_cache), default build");
	top_from("key_cache_bytes_all_suites", "engine.key_cache_bytes",
		"sizeof(msa_key_cache) in the default build");
	top_from("workspace_bytes", "engine.workspace_bytes",
		"sizeof of the handshake workspace, bytes");
	top_from("handshake_stack_bytes", "engine.stack_peak",
		"deepest stack of one engine call during a handshake or record (painting)");
	top_from("handshake_bytes", "engine.X25519_AES128GCM_SHA256.bytes.total",
		"bytes on the wire of a full handshake, suite 0x0001, chains EE + int-ca "
		"sent both ways");
	if (bench_get("engine.X25519_AES128GCM_SHA256.floor_ratio", &a))
		bench_top("handshake_floor_ratio", a, "CPU time of a full handshake "
			"(both sides) / crypto floor, suite 0x0001: median of the ratios of "
			"alternating run pairs (target <= 1.10)");
	else
		bench_top_null("handshake_floor_ratio", NOT_BUILT);
	if (bench_get("engine.openssl_ratio", &a))
		bench_top("openssl_handshake_ratio", a, "CPU time of an MSA handshake "
			"(suite 0x0001) / an OpenSSL TLS 1.3 handshake (X25519, AES-128-GCM), "
			"both sides, both mutual auth, median of alternating run pairs; > 1 "
			"means MSA is slower");
	else
		bench_top_null("openssl_handshake_ratio", NOT_BUILT);
	if (bench_get("engine.X25519_AES128GCM_SHA256.overhead_us", &a) &&
	    bench_get("openssl.X25519.overhead_us", &c))
		bench_top("overhead_vs_openssl_ratio", a / c, "protocol overhead "
			"(handshake - crypto floor) of MSA / of OpenSSL TLS 1.3");
	else
		bench_top_null("overhead_vs_openssl_ratio", NOT_BUILT);
	/* the headline: the configuration bench/README.md recommends for
	 * throughput, each association with a msa_key_cache, records received
	 * in place (the raw reference works in place too) */
	if (rounds_result(&a, &b, &c)) {
		char note[900];

		snprintf(note, sizeof note, "throughput of 1 KiB application "
			"messages through the engine (msa_assoc_send + msa_assoc_recv_inplace), "
			"each association with a msa_key_cache (expanded keys kept outside the "
			"association), / the raw BearSSL AES-128-GCM primitive (seal + open in "
			"place, key expanded once): the median of %d rounds spread over the run "
			"(engine.records.1k_round.*), each the median of the ratios of %d "
			"alternating run pairs (target >= 0.9); rounds from %.3f to %.3f "
			"(data_1k_ratio_min, _max); received into io->data by msa_assoc_recv: "
			"data_1k_ratio_copy; without a cache: data_1k_ratio_no_cache",
			n_rounds, bench_opt.runs * 3 > 63 ? 63 : bench_opt.runs * 3, b, c);
		bench_top("data_1k_ratio", a, note);
		bench_top("data_1k_ratio_min", b, "the lowest round of data_1k_ratio");
		bench_top("data_1k_ratio_max", c, "the highest round of data_1k_ratio");
	} else {
		bench_top_null("data_1k_ratio", NOT_BUILT);
	}
	if (bench_get("engine.records.AES128GCM_cache.1024.vs_raw", &a))
		bench_top("data_1k_ratio_copy", a, "the same, received by msa_assoc_recv "
			"(the record's body copied to io->data, then opened there)");
	if (bench_get("engine.records.AES128GCM.1024.vs_raw", &a))
		bench_top("data_1k_ratio_no_cache", a, "the same without a key cache "
			"(the association alone: each record expands the AES key and H on "
			"both sides)");
	top_ratio("handshake_floor_ratio_instr", "callgrind.engine.X25519_AES128GCM_SHA256",
		"callgrind.floor.X25519_AES128GCM_SHA256", "the same ratio in "
		"instructions (callgrind, one handshake each, noise-free)");
	if (bench_get("callgrind.engine.X25519_AES128GCM_SHA256", &a) &&
	    bench_get("callgrind.openssl.handshake", &c)) {
		bench_top("openssl_handshake_ratio_instr", a / c, "openssl_handshake_ratio "
			"in instructions (callgrind, one handshake each)");
		if (bench_get("callgrind.floor.X25519_AES128GCM_SHA256", &b) &&
		    bench_get("callgrind.openssl.floor", &d))
			bench_top("overhead_vs_openssl_ratio_instr", (a - b) / (c - d),
				"overhead_vs_openssl_ratio in instructions (callgrind)");
	}
	top_ratio("data_1k_ratio_instr", "callgrind.raw.AES128GCM.1024",
		"callgrind.engine.record1k_inplace", "data_1k_ratio in instructions "
		"(callgrind: raw seal + open / engine send + recv in place with key "
		"caches, 1 KiB)");
	top_ratio("data_1k_ratio_copy_instr", "callgrind.raw.AES128GCM.1024",
		"callgrind.engine.record1k_cache", "data_1k_ratio_copy in "
		"instructions (callgrind, 1 KiB, key caches, msa_assoc_recv)");
	top_ratio("data_1k_ratio_no_cache_instr", "callgrind.raw.AES128GCM.1024",
		"callgrind.engine.record1k", "data_1k_ratio_no_cache "
		"in instructions (callgrind, 1 KiB, no key cache)");
	if (bench_get("engine.records.AES128GCM.1024.vs_raw_key_per_op", &a))
		bench_top("data_1k_ratio_key_per_op", a, "data_1k_ratio_no_cache against "
			"the raw primitive with the key expanded per operation (before the seal "
			"and before the open): the floor of a record layer that keeps only raw "
			"keys, as the 256-byte association alone does");
	top_ratio("data_1k_ratio_key_per_op_instr", "callgrind.rawkeyop.AES128GCM.1024",
		"callgrind.engine.record1k", "data_1k_ratio_key_per_op "
		"in instructions (callgrind)");
	/* measured without the engine */
	top_from("floor_us", "floor.X25519_AES128GCM_SHA256.us",
		"crypto floor of a handshake, suite 0x0001, both sides, microseconds");
	top_from("openssl_handshake_us", "openssl.X25519.handshake.us",
		"OpenSSL TLS 1.3 handshake, both sides, microseconds");
	top_from("openssl_handshakes_per_s", "openssl.X25519.handshake.per_s",
		"OpenSSL TLS 1.3 full handshakes per CPU second (both sides)");
	top_from("openssl_handshake_bytes", "openssl.X25519.bytes.total",
		"OpenSSL TLS 1.3 handshake bytes on the wire, same certificates");
	if (bench_get("openssl.X25519.heap_client", &a) &&
	    bench_get("openssl.X25519.heap_server", &b))
		bench_top("openssl_heap_per_connection", (a + b) / 2, "OpenSSL heap in "
			"use per established SSL (mean of client and server), bytes");
	top_from("bearssl_tls_client_bytes", "bearssl_tls.client_total_mono",
		"BearSSL TLS client context + x509 context + mono buffer, bytes");
	if (bench_get("floor.X25519_AES128GCM_SHA256.us", &a) &&
	    bench_get("openssl.X25519.floor.us", &b) &&
	    bench_get("openssl.X25519.handshake.us", &c)) {
		bench_top("floor_vs_openssl_floor", a / b, "BearSSL crypto floor / "
			"libcrypto crypto floor (same operations)");
		bench_top("floor_vs_openssl_handshake", a / c, "BearSSL crypto floor "
			"alone / a whole OpenSSL handshake");
	}
	top_ratio("provider_1k_ratio", "data.raw.AES128GCM.1024.us",
		"data.provider.AES128GCM.1024.us", "provider AES-128-GCM 1 KiB "
		"throughput / raw primitive (key expanded once)");
	top_ratio("openssl_record_1k_vs_raw", "data.raw.AES128GCM.1024.us",
		"openssl.X25519.records.1024.us", "OpenSSL TLS 1.3 record "
		"1 KiB throughput / raw BearSSL AES-128-GCM");
}
