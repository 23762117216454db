/*
 * vectors_adapter.c -- `msa vectors adapter`: this library behind the
 * adapter protocol of vectors/ADAPTER.md. The runner (`msa vectors run`
 * without --impl) starts it as its implementation under test, exactly as it
 * starts a vendor's adapter: one protocol, one code path.
 *
 * Reads one JSON request per line on stdin, writes one JSON response per
 * line on stdout. Decoding goes through msa_value_decode (every layer of
 * REQ-ENC-018) and the re-encoding through msa_value_encode; the key
 * schedule through msa_expand_label, msa_mac_verify and the BearSSL
 * provider (hkdf_extract, hmac, hash, kex_shared).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "msa.h"
#include "cli.h"
#include "vjson.h"
#include "vectors.h"
#include "iobuf.h"
#include "vectors_io.h"
#include "engine.h"      /* the engine's key schedule and record functions, under test */

#include "MsaPdu.h"
#include "KeyUpdate.h"
#include "RekeyRequest.h"
#include "RekeyResponse.h"
#include "ReleaseRequest.h"
#include "ReleaseResponse.h"
#include "Abort.h"

static const struct {
	const char *name;
	const asn_TYPE_descriptor_t *td;
} types[] = {
	{ "MsaPdu", &asn_DEF_MsaPdu },
	{ "KeyUpdate", &asn_DEF_KeyUpdate },
	{ "RekeyRequest", &asn_DEF_RekeyRequest },
	{ "RekeyResponse", &asn_DEF_RekeyResponse },
	{ "ReleaseRequest", &asn_DEF_ReleaseRequest },
	{ "ReleaseResponse", &asn_DEF_ReleaseResponse },
	{ "Abort", &asn_DEF_Abort },
};

static const msa_crypto_provider *P;

/* A failure of a request: the error name (the spec's, or a harness-side
 * word in lower case for a malformed request). */
typedef struct {
	const char *err;
	long off;                /* -1: none */
} refusal;

#define REFUSE(r, name) do { (r)->err = (name); (r)->off = -1; return -1; } while (0)

/* ---------------------------------------------------------------- decode */
static unsigned char arena_mem[MSA_ARENA_PDU_SIZE];

/* A request's hex value, decoded: a line holds at most VECTORS_LINE_MAX
 * characters, so no value is longer than half of it. */
static uint8_t req_in[VECTORS_LINE_MAX / 2];

/* The stream framer (REQ-GEN-009): msa_der_frame on the octets so far. */
static int
op_frame(const vj *hex, vbuf *out, refusal *rf)
{
	size_t len, n = 0, off = 0;
	int r;

	if (vj_hex(hex, req_in, sizeof req_in, &len) != 0)
		REFUSE(rf, "bad-request");
	r = msa_der_frame(req_in, len, &n, &off);
	if (r < 0) {
		rf->err = msa_err_name(r);
		rf->off = (long)off;
		return -1;
	}
	if (r == 1)
		vb_puts(out, ",\"value\":{\"complete\":false}");
	else
		vb_printf(out, ",\"value\":{\"complete\":true,\"length\":%zu}", n);
	return 0;
}

static int
op_decode(const vj *req, vbuf *out, refusal *rf)
{
	const char *tname = vj_str(req, "type");
	const vj *hex = vj_get(req, "hex");
	const asn_TYPE_descriptor_t *td = NULL;
	static uint8_t reenc[MSA_MAX_PDU];
	static char json[256 * 1024];      /* an OCTET STRING doubles, a control octet takes 6 */
	msa_arena a;
	size_t len, i, n, off = 0;
	void *v = NULL;
	int r;

	if (tname != NULL && hex != NULL && strcmp(tname, "Frame") == 0)
		return op_frame(hex, out, rf);
	for (i = 0; tname != NULL && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(tname, types[i].name) == 0)
			td = types[i].td;
	if (td == NULL || vj_hex(hex, req_in, sizeof req_in, &len) != 0)
		REFUSE(rf, "bad-request");
	msa_arena_init(&a, arena_mem, sizeof arena_mem);
	r = msa_value_decode(&a, td, req_in, len, &v, &off);
	if (r != MSA_OK) {
		rf->err = msa_err_name(r);
		rf->off = (long)off;
		return -1;
	}
	/* the JSON mapping by the library's proved walk (print.c) */
	n = msa_value_json(td, v, json, sizeof json);
	if (n + 1 >= sizeof json) {         /* cut: not a value (never below MSA_MAX_PDU) */
		msa_arena_reset(&a);
		REFUSE(rf, msa_err_name(MSA_ERR_BUFFER_TOO_SMALL));
	}
	vb_puts(out, ",\"value\":");
	vb_put(out, json, n);
	r = msa_value_encode(td, v, reenc, sizeof reenc);
	if (r > 0) {
		vb_puts(out, ",\"hex\":");
		vb_hex(out, reenc, (size_t)r);
	}
	msa_arena_reset(&a);
	return 0;
}

/* ---------------------------------------------------------------- key schedule */
typedef struct {
	const vj *in;
	unsigned hash;
	size_t hl;
} ksreq;

/* An input in hex into buf[0..cap); -1 when absent, not hex or too long. */
static long
in_hex(const ksreq *q, const char *name, uint8_t *buf, size_t cap)
{
	size_t n;

	if (vj_hex(vj_get(q->in, name), buf, cap, &n) != 0)
		return -1;
	return (long)n;
}

static void
out_hex(vbuf *o, int *first, const char *name, const uint8_t *p, size_t n)
{
	vb_printf(o, "%s\"%s\":", *first ? "" : ",", name);
	vb_hex(o, p, n);
	*first = 0;
}

static int
el(const ksreq *q, const uint8_t *s, const char *label, const uint8_t *ctx,
	size_t cl, uint8_t *o, size_t L)
{
	return msa_expand_label(P, q->hash, s, q->hl, label, ctx, cl, o, L);
}

/* key and iv of a traffic secret (REQ-KS-009), by the engine's
 * msa_ks_traffic. */
static int
keys(const ksreq *q, const msa_suite *s, const uint8_t *ts, const char *dir,
	vbuf *o, int *first)
{
	uint8_t k[MSA_MAX_KEY_LEN], iv[MSA_AEAD_NONCE_LEN];
	char name[16];
	int r;

	(void)q;
	if ((r = msa_ks_traffic(P, s, ts, k, iv)) != MSA_OK)
		return r;
	snprintf(name, sizeof name, "key_%s", dir);
	out_hex(o, first, name, k, s->key_len);
	if (s->iv_len > 0) {
		snprintf(name, sizeof name, "iv_%s", dir);
		out_hex(o, first, name, iv, s->iv_len);
	}
	return MSA_OK;
}

static const msa_suite *
suite_of(const ksreq *q)
{
	long long id;
	const msa_suite *s;

	if (vj_int(q->in, "suite", &id) != 0 || id < 0 || id > 0xFFFF)
		return NULL;
	s = msa_engine_suite((unsigned)id);     /* NULL when this build lacks it */
	if (s == NULL || s->hash != q->hash)
		return NULL;
	return s;
}

static int
ks_expand_label(const ksreq *q, vbuf *o, refusal *rf)
{
	static uint8_t secret[1024], ctx[1024], info[MSA_INFO_MAX], okm[255 * MSA_MAX_HASH + 1];
	const char *label = vj_str(q->in, "label");
	long sl = in_hex(q, "secret", secret, sizeof secret);
	long cl = in_hex(q, "context", ctx, sizeof ctx);
	long long L;
	int n, r, first = 1;

	if (label == NULL || sl < 0 || cl < 0 || vj_int(q->in, "length", &L) != 0 || L < 0 || L > 65535)
		REFUSE(rf, "bad-request");
	n = msa_expand_label_info(info, sizeof info, (size_t)L, label, ctx, (size_t)cl);
	if (n < 0)
		REFUSE(rf, msa_err_name(n));
	if ((size_t)L > sizeof okm)
		REFUSE(rf, "BAD_ARGUMENT");
	r = msa_expand_label(P, q->hash, secret, (size_t)sl, label, ctx, (size_t)cl, okm, (size_t)L);
	if (r != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	vb_puts(o, ",\"outputs\":{");
	out_hex(o, &first, "info", info, (size_t)n);
	out_hex(o, &first, "okm", okm, (size_t)L);
	vb_puts(o, "}");
	return 0;
}

static int
ks_extract(const ksreq *q, vbuf *o, refusal *rf)
{
	static uint8_t salt[1024], ikm[1024];
	uint8_t prk[MSA_MAX_HASH];
	long sl = in_hex(q, "salt", salt, sizeof salt), il = in_hex(q, "ikm", ikm, sizeof ikm);
	int r, first = 1;

	if (sl < 0 || il < 0)
		REFUSE(rf, "bad-request");
	if ((r = P->hkdf_extract(q->hash, salt, (size_t)sl, ikm, (size_t)il, prk)) != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	vb_puts(o, ",\"outputs\":{");
	out_hex(o, &first, "prk", prk, q->hl);
	vb_puts(o, "}");
	return 0;
}

static int
ks_mac_verify(const ksreq *q, vbuf *o, refusal *rf)
{
	static uint8_t key[1024], data[4096], mac[1024];
	long kl = in_hex(q, "key", key, sizeof key), dl = in_hex(q, "data", data, sizeof data);
	long ml = in_hex(q, "mac", mac, sizeof mac);
	int r, first = 1;

	if (kl < 0 || dl < 0 || ml < 0)
		REFUSE(rf, "bad-request");
	if ((r = msa_mac_verify(P, q->hash, key, (size_t)kl, data, (size_t)dl, mac, (size_t)ml)) != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	vb_puts(o, ",\"outputs\":{");
	out_hex(o, &first, "mac", mac, (size_t)ml);
	vb_puts(o, "}");
	return 0;
}

/* From MS: rk, ts_i2r, ts_r2i (the engine's msa_ks_from_master) and their
 * keys (REQ-KS-008, REQ-KS-012). */
static int
from_master(const ksreq *q, const msa_suite *s, const uint8_t *ms, vbuf *o, int *first)
{
	uint8_t rk[MSA_MAX_HASH], i2r[MSA_MAX_HASH], r2i[MSA_MAX_HASH];
	int r;

	if ((r = msa_ks_from_master(P, s, ms, rk, i2r, r2i)) != MSA_OK)
		return r;
	out_hex(o, first, "rk", rk, q->hl);
	out_hex(o, first, "ts_i2r", i2r, q->hl);
	out_hex(o, first, "ts_r2i", r2i, q->hl);
	if ((r = keys(q, s, i2r, "i2r", o, first)) != MSA_OK)
		return r;
	return keys(q, s, r2i, "r2i", o, first);
}

static int
ks_handshake(const ksreq *q, vbuf *o, refusal *rf)
{
	const msa_suite *s = suite_of(q);
	uint8_t z[64], th2[MSA_MAX_HASH], th3[MSA_MAX_HASH], th4[MSA_MAX_HASH], zero[MSA_MAX_HASH] = { 0 };
	uint8_t prk[MSA_MAX_HASH], mkr[MSA_MAX_HASH], mki[MSA_MAX_HASH], mac[MSA_MAX_HASH], ms[MSA_MAX_HASH];
	long zl = in_hex(q, "z", z, sizeof z);
	msa_seg seg;
	int r, first = 1;

	if (s == NULL)
		REFUSE(rf, "UNSUPPORTED");
	if (zl < 0 || in_hex(q, "th2", th2, sizeof th2) != (long)q->hl
		|| in_hex(q, "th3", th3, sizeof th3) != (long)q->hl
		|| in_hex(q, "th4", th4, sizeof th4) != (long)q->hl)
		REFUSE(rf, "bad-request");
	(void)zero;
	if ((r = msa_ks_extract(P, s, NULL, z, (size_t)zl, prk)) != MSA_OK
		|| (r = el(q, prk, "r mac", NULL, 0, mkr, q->hl)) != MSA_OK
		|| (r = el(q, prk, "i mac", NULL, 0, mki, q->hl)) != MSA_OK
		|| (r = el(q, prk, "master", th4, q->hl, ms, q->hl)) != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	vb_puts(o, ",\"outputs\":{");
	out_hex(o, &first, "prk", prk, q->hl);
	out_hex(o, &first, "mk_r", mkr, q->hl);
	out_hex(o, &first, "mk_i", mki, q->hl);
	seg.ptr = th2;
	seg.len = q->hl;
	if ((r = P->hmac(q->hash, mkr, q->hl, &seg, 1, mac)) != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	out_hex(o, &first, "mac2", mac, q->hl);
	seg.ptr = th3;
	if ((r = P->hmac(q->hash, mki, q->hl, &seg, 1, mac)) != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	out_hex(o, &first, "mac3", mac, q->hl);
	out_hex(o, &first, "ms", ms, q->hl);
	if ((r = from_master(q, s, ms, o, &first)) != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	vb_puts(o, "}");
	return 0;
}

static int
ks_ratchet(const ksreq *q, vbuf *o, refusal *rf)
{
	const msa_suite *s = suite_of(q);
	uint8_t ts[MSA_MAX_HASH], next[MSA_MAX_HASH];
	int r, first = 1;

	if (s == NULL)
		REFUSE(rf, "UNSUPPORTED");
	if (in_hex(q, "ts", ts, sizeof ts) != (long)q->hl)
		REFUSE(rf, "bad-request");
	if ((r = el(q, ts, "update", NULL, 0, next, q->hl)) != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	vb_puts(o, ",\"outputs\":{");
	out_hex(o, &first, "ts_next", next, q->hl);
	if ((r = keys(q, s, next, "next", o, &first)) != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	vb_puts(o, "}");
	return 0;
}

/* The key share of a RekeyRequest/RekeyResponse body, decoded by the
 * library (REQ-ENC-020). */
static int
body_share(const asn_TYPE_descriptor_t *td, const uint8_t *b, size_t n,
	unsigned *group, uint8_t *share, size_t cap, size_t *sl)
{
	msa_arena a;
	void *v = NULL;
	const KeyShare_t *ks;
	int r;

	msa_arena_init(&a, arena_mem, sizeof arena_mem);
	r = msa_value_decode(&a, td, b, n, &v, NULL);
	if (r != MSA_OK)
		return r;
	ks = td == &asn_DEF_RekeyRequest ? &((const RekeyRequest_t *)v)->keyShare
		: &((const RekeyResponse_t *)v)->keyShare;
	if (cli_bytes_in(share, cap, ks->keyExchange.buf, (long)ks->keyExchange.size) != 0) {
		msa_arena_reset(&a);
		return MSA_ERR_BAD_KEY_SHARE;
	}
	*group = (unsigned)ks->group;
	*sl = (size_t)ks->keyExchange.size;
	msa_arena_reset(&a);
	return MSA_OK;
}

static int
ks_rekey(const ksreq *q, vbuf *o, refusal *rf)
{
	const msa_suite *s = suite_of(q);
	uint8_t rk[MSA_MAX_HASH], req[256], resp[256], sa[MSA_KEX_SHARE_MAX], sb[MSA_KEX_SHARE_MAX];
	uint8_t z[MSA_KEX_Z_LEN], z2[MSA_KEX_Z_LEN], ctx[MSA_MAX_HASH], prk[MSA_MAX_HASH], ms[MSA_MAX_HASH];
	msa_kex_key ka, kb;
	long lreq, lresp;
	size_t la, lb;
	unsigned ga, gb;
	msa_hash_ctx h;
	int r, first = 1;

	if (s == NULL)
		REFUSE(rf, "UNSUPPORTED");
	lreq = in_hex(q, "rekey_request", req, sizeof req);
	lresp = in_hex(q, "rekey_response", resp, sizeof resp);
	if (in_hex(q, "rk", rk, sizeof rk) != (long)q->hl || lreq < 0 || lresp < 0
		|| in_hex(q, "priv_req", ka.priv, sizeof ka.priv) != 32
		|| in_hex(q, "priv_resp", kb.priv, sizeof kb.priv) != 32)
		REFUSE(rf, "bad-request");
	if ((r = body_share(&asn_DEF_RekeyRequest, req, (size_t)lreq, &ga, sa, sizeof sa, &la)) != MSA_OK
		|| (r = body_share(&asn_DEF_RekeyResponse, resp, (size_t)lresp, &gb, sb, sizeof sb, &lb)) != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	if (ga != s->group || gb != s->group)
		REFUSE(rf, "ILLEGAL_PARAMETER");
	ka.group = kb.group = s->group;
	r = P->kex_shared(&ka, sb, lb, z, sizeof z);
	if (r == MSA_OK)
		r = P->kex_shared(&kb, sa, la, z2, sizeof z2);
	msa_kex_key_wipe(&ka);
	msa_kex_key_wipe(&kb);
	if (r != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	if (memcmp(z, z2, sizeof z) != 0)   /* the privates are not those of the shares */
		REFUSE(rf, "ILLEGAL_PARAMETER");
	P->hash_init(&h, q->hash);
	P->hash_update(&h, req, (size_t)lreq);
	P->hash_update(&h, resp, (size_t)lresp);
	P->hash_out(&h, ctx);
	if ((r = msa_ks_extract(P, s, rk, z, sizeof z, prk)) != MSA_OK
		|| (r = el(q, prk, "master", ctx, q->hl, ms, q->hl)) != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	vb_puts(o, ",\"outputs\":{");
	out_hex(o, &first, "z", z, sizeof z);
	out_hex(o, &first, "context", ctx, q->hl);
	out_hex(o, &first, "prk", prk, q->hl);
	out_hex(o, &first, "ms", ms, q->hl);
	if ((r = from_master(q, s, ms, o, &first)) != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	vb_puts(o, "}");
	return 0;
}

static int
ks_kex(const ksreq *q, vbuf *o, refusal *rf)
{
	msa_kex_key k;
	uint8_t peer[256], z[MSA_KEX_Z_LEN];
	long pl = in_hex(q, "peer", peer, sizeof peer);
	long long g;
	int r, first = 1;

	if (vj_int(q->in, "group", &g) != 0 || pl < 0 || in_hex(q, "priv", k.priv, sizeof k.priv) != 32)
		REFUSE(rf, "bad-request");
	if (g != MSA_GROUP_X25519 && g != MSA_GROUP_P256)
		REFUSE(rf, "UNSUPPORTED");
	k.group = (unsigned)g;
	r = P->kex_shared(&k, peer, (size_t)pl, z, sizeof z);
	msa_kex_key_wipe(&k);
	if (r != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	vb_puts(o, ",\"outputs\":{");
	out_hex(o, &first, "z", z, sizeof z);
	vb_puts(o, "}");
	return 0;
}

/* ---------------------------------------------------------------- records */
static int
rec_keys(const ksreq *q, const msa_suite **s, uint8_t *key, uint8_t *iv, refusal *rf)
{
	if ((*s = suite_of(q)) == NULL)
		REFUSE(rf, "UNSUPPORTED");
	if (in_hex(q, "key", key, MSA_MAX_KEY_LEN) != (long)(*s)->key_len
		|| ((*s)->aead && in_hex(q, "iv", iv, 12) != 12))
		REFUSE(rf, "bad-request");
	return 0;
}

/* A record by the engine's record.c: msa_rec_header (the AAD),
 * msa_rec_nonce, msa_rec_tl; sealed by the provider. */
static int
ks_record_seal(const ksreq *q, vbuf *o, refusal *rf)
{
	const msa_suite *s;
	uint8_t key[MSA_MAX_KEY_LEN], iv[12], aid[4], hdr[MSA_REC_HDR_MAX], nonce[12];
	static uint8_t data[MSA_MAX_DATA], pdu[MSA_MAX_PDU];
	uint8_t icv[32];
	long long type, gen, seq;
	long pl;
	size_t hl, il, n;
	int r, first = 1;

	if (rec_keys(q, &s, key, iv, rf) != 0)
		return -1;
	pl = in_hex(q, "plaintext", data, sizeof data);
	if (pl < 0 || in_hex(q, "assoc_id", aid, 4) != 4 || vj_int(q->in, "type", &type) != 0
		|| vj_int(q->in, "generation", &gen) != 0 || vj_int(q->in, "seq", &seq) != 0
		|| type < 0 || type > 6 || gen < 0 || gen > 65535 || seq < 0 || seq > 0xFFFFFFFFLL)
		REFUSE(rf, "bad-request");
	hl = msa_rec_header(hdr, aid, (unsigned)type, (uint32_t)gen, (uint32_t)seq);
	vb_puts(o, ",\"outputs\":{");
	out_hex(o, &first, "aad", hdr, hl);
	if (s->aead) {
		msa_rec_nonce(iv, (uint32_t)seq, nonce);
		out_hex(o, &first, "nonce", nonce, 12);
		r = P->aead_seal(s->protection, key, s->key_len, nonce, hdr, hl, data, (size_t)pl, icv);
		il = 16;
	} else {
		r = P->icv_compute(key, s->key_len, hdr, hl, data, (size_t)pl, icv);
		il = 32;
	}
	if (r != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	out_hex(o, &first, "body", data, (size_t)pl);
	out_hex(o, &first, "icv", icv, il);
	if ((n = cli_rec_out(pdu, sizeof pdu, hdr, hl, data, (size_t)pl, icv, il)) == 0)
		REFUSE(rf, msa_err_name(MSA_ERR_BUFFER_TOO_SMALL));
	out_hex(o, &first, "pdu", pdu, n);
	vb_puts(o, "}");
	return 0;
}

/* A received record: the codec names a decoding error; the engine's fast
 * parser (msa_rec_parse) gives the AAD, body and icv; the icv length and
 * the tag decide (REQ-DT-010 steps 1, 6). */
static int
ks_record_open(const ksreq *q, vbuf *o, refusal *rf)
{
	const msa_suite *s;
	uint8_t key[MSA_MAX_KEY_LEN], iv[12], nonce[12];
	static uint8_t pdu[MSA_MAX_PDU + 1], data[MSA_MAX_PDU];
	struct MsaPdu *v = NULL;
	msa_arena a;
	msa_rec rec;
	size_t off = 0;
	long pl;
	int r, first = 1;

	if (rec_keys(q, &s, key, iv, rf) != 0)
		return -1;
	if ((pl = in_hex(q, "pdu", pdu, sizeof pdu)) < 0)
		REFUSE(rf, "bad-request");
	msa_arena_init(&a, arena_mem, sizeof arena_mem);
	r = msa_pdu_decode(&a, pdu, (size_t)pl, &v, &off);
	msa_arena_reset(&a);
	if (r != MSA_OK) {
		rf->err = msa_err_name(r);
		rf->off = (long)off;
		return -1;
	}
	if (cli_rec_in(pdu, (size_t)pl, &rec, data, sizeof data) != 1)
		REFUSE(rf, "STATE");      /* decoded, but not a ProtectedPdu */
	if (rec.icv_len != s->tag_len)
		REFUSE(rf, "BAD_RECORD");  /* REQ-DT-013 */
	if (s->aead) {
		msa_rec_nonce(iv, rec.seq, nonce);
		r = P->aead_open(s->protection, key, s->key_len, nonce, pdu + rec.hdr_off, rec.hdr_len,
			data, rec.body_len, pdu + rec.icv_off);
	} else {
		r = P->icv_verify(key, s->key_len, pdu + rec.hdr_off, rec.hdr_len, data, rec.body_len,
			pdu + rec.icv_off);
	}
	if (r != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	vb_puts(o, ",\"outputs\":{");
	out_hex(o, &first, "assoc_id", rec.aid, 4);
	out_hex(o, &first, "plaintext", data, rec.body_len);
	vb_puts(o, "}");
	return 0;
}

/* The deterministic test mode of the random generator (REQ-CRY-004). */
static int
ks_drbg(const ksreq *q, vbuf *o, refusal *rf)
{
	uint8_t seed[256];
	static uint8_t out[MSA_DRBG_MAX_REQUEST];
	const vj *list = vj_get(q->in, "requests");
	long sl = in_hex(q, "seed", seed, sizeof seed);
	msa_drbg d;
	char name[16];
	int r, first = 1;
	size_t i = 0, pos = 0;
	unsigned long n;

	if (sl < 0 || list == NULL || list->t != VJ_STR)
		REFUSE(rf, "bad-request");
	if ((r = msa_drbg_init_deterministic(&d, seed, (size_t)sl)) != MSA_OK)
		REFUSE(rf, msa_err_name(r));
	vb_puts(o, ",\"outputs\":{");
	/* "n,n,...": sizes, each at most sizeof out (vectors_io.c, proved) */
	while ((r = cli_list_next(list->s, list->n, &pos, &n, sizeof out)) != 0) {
		if (r < 0) {
			msa_drbg_wipe(&d);
			REFUSE(rf, "bad-request");
		}
		if ((r = msa_drbg_generate(&d, out, (size_t)n)) != MSA_OK) {
			msa_drbg_wipe(&d);
			REFUSE(rf, msa_err_name(r));
		}
		snprintf(name, sizeof name, "out%zu", i++);
		out_hex(o, &first, name, out, (size_t)n);
	}
	vb_puts(o, "}");
	msa_drbg_wipe(&d);
	return 0;
}

static const struct {
	const char *op;
	int (*run)(const ksreq *, vbuf *, refusal *);
} ks_ops[] = {
	{ "expand_label", ks_expand_label }, { "extract", ks_extract },
	{ "mac_verify", ks_mac_verify }, { "handshake", ks_handshake },
	{ "ratchet", ks_ratchet }, { "rekey", ks_rekey }, { "kex", ks_kex },
	{ "record_seal", ks_record_seal }, { "record_open", ks_record_open },
	{ "drbg", ks_drbg },
};

/* ---------------------------------------------------------------- loop */
static void
hello(void)
{
	vbuf b = { 0 };
	const msa_suite *s;
	size_t i, n;

	vb_puts(&b, "{\"msaAdapter\":1,\"name\":\"libmsa\",\"version\":\"reference\","
		"\"capabilities\":{\"kinds\":[\"encoding\",\"keyschedule\",\"scenario\",\"transcript\"],\"decode\":[");
	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		vb_printf(&b, "%s\"%s\"", i ? "," : "", types[i].name);
	vb_puts(&b, ",\"Frame\"],\"hashes\":[\"SHA-256\",\"SHA-384\"],\"suites\":[");
	for (i = 0, n = 0; (s = msa_suite_at(i)) != NULL; i++)
		if (msa_engine_suite(s->id) != NULL)
			vb_printf(&b, "%s%u", n++ ? "," : "", s->id);
	vb_puts(&b, "],\"groups\":[1,2],\"ops\":[");
	for (i = 0; i < sizeof ks_ops / sizeof ks_ops[0]; i++)
		vb_printf(&b, "%s\"%s\"", i ? "," : "", ks_ops[i].op);
	vb_puts(&b, "],\"modes\":[\"stream\",\"datagram\"],"
		"\"features\":[\"errorNames\",\"reencode\",\"offsets\",\"certRefs\"]}}\n");
	fputs(b.p, stdout);
	fflush(stdout);
	vb_free(&b);
}

static void
respond(const vj *req)
{
	vbuf o = { 0 }, body = { 0 };
	refusal rf = { NULL, -1 };
	const char *id = vj_str(req, "id"), *kind = vj_str(req, "kind"), *op = vj_str(req, "op");
	int r = -1;
	size_t i;

	if (kind != NULL && strcmp(kind, "encoding") == 0 && op != NULL && strcmp(op, "decode") == 0) {
		r = op_decode(req, &body, &rf);
	} else if (kind != NULL && strcmp(kind, "keyschedule") == 0 && op != NULL) {
		const char *hash = vj_str(req, "hash");
		ksreq q;
		q.in = vj_get(req, "inputs");
		q.hash = hash != NULL && strcmp(hash, "SHA-384") == 0 ? MSA_HASH_SHA384 : MSA_HASH_SHA256;
		q.hl = msa_hash_len(q.hash);
		rf.err = "unsupported";
		for (i = 0; i < sizeof ks_ops / sizeof ks_ops[0]; i++)
			if (strcmp(op, ks_ops[i].op) == 0)
				r = ks_ops[i].run(&q, &body, &rf);
	} else if (kind != NULL && strcmp(kind, "scenario") == 0 && op != NULL && strcmp(op, "run") == 0) {
		const char *phase = NULL;
		int e = msa_vectors_scenario(vj_get(req, "inputs"), vj_get(req, "script"), &body, &phase);
		if (e == MSA_OK) {
			r = 0;
		} else {
			rf.err = "bad-request";
		}
	} else if (kind != NULL && strcmp(kind, "transcript") == 0 && op != NULL && strcmp(op, "run") == 0) {
		if (msa_vectors_transcript(vj_get(req, "inputs"), vj_get(req, "calls"), &body) == MSA_OK)
			r = 0;
		else
			rf.err = "bad-request";
	} else {
		rf.err = "unsupported";
	}
	vb_puts(&o, "{\"id\":");
	if (id != NULL)
		vb_str(&o, id, strlen(id));
	else
		vb_puts(&o, "null");
	if (r == 0) {
		vb_puts(&o, ",\"status\":\"ok\"");
		if (body.p != NULL)
			vb_puts(&o, body.p);
	} else if (strcmp(rf.err, "unsupported") == 0) {
		vb_puts(&o, ",\"status\":\"unsupported\",\"reason\":\"no such kind or operation\"");
	} else if (strcmp(rf.err, "bad-request") == 0) {
		vb_puts(&o, ",\"status\":\"badRequest\",\"reason\":\"missing or malformed field\"");
	} else {
		vb_printf(&o, ",\"status\":\"error\",\"error\":\"%s\"", rf.err);
		if (rf.off >= 0)
			vb_printf(&o, ",\"offset\":%ld", rf.off);
	}
	vb_puts(&o, "}\n");
	fputs(o.p, stdout);
	fflush(stdout);
	vb_free(&o);
	vb_free(&body);
}

/* One request line, line[0..n). */
static void
serve(const char *line, size_t n)
{
	char err[128];
	vj *req = vj_parse(line, n, err, sizeof err);

	if (req == NULL) {
		printf("{\"id\":null,\"status\":\"badRequest\",\"reason\":\"bad JSON: %s\"}\n", err);
		fflush(stdout);
		return;
	}
	respond(req);
	vj_free(req);
}

int
msa_vectors_adapter(void)
{
	static uint8_t in[VECTORS_LINE_MAX];
	static char line[VECTORS_LINE_MAX];
	size_t len = 0, n;
	int r, skip = 0;

	P = msa_crypto_bearssl();
	hello();
	for (;;) {
		/* the octets through iobuf.c's proved buffer functions */
		r = cli_line_take(in, &len, line, sizeof line, &n);
		if (r == 1) {
			if (!skip)
				serve(line, n);
			skip = 0;
			continue;
		}
		if (r < 0 || len == sizeof in) {
			if (!skip) {
				printf("{\"id\":null,\"status\":\"badRequest\",\"reason\":"
					"\"line longer than " VECTORS_LINE_MAX_TEXT " octets\"}\n");
				fflush(stdout);
			}
			skip = 1;
			len = 0;
		}
		r = cli_buf_read(0, in, sizeof in, &len);
		if (r == 1 || r == CLI_SYS_RETRY)
			continue;
		break;
	}
	/* the last line, without its newline */
	if (len > 0 && !skip && cli_bytes_in((uint8_t *)line, sizeof line - 1, in, (long)len) == 0) {
		line[len] = 0;
		serve(line, len);
	}
	return CLI_OK;
}
