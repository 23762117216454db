/*
 * gen_keyschedule.c -- writes the key-schedule vectors (issue 5, kind b)
 * with the library's own functions: msa_expand_label(_info), the
 * provider's hkdf_extract, hmac, hash, kex_keygen (from a deterministic
 * DRBG) and kex_shared, msa_mac_verify. Spec section 9 (REQ-KS-*), 11.1.
 *
 * Usage: gen_keyschedule OUTDIR   (writes ks_sha256.json, ks_sha384.json,
 * kex.json). Deterministic: every input comes from fill() (SHA-256 in
 * counter mode over a name) or from the DRBG seeded with a fixed string.
 * The independent check of every value is scripts/xcheck/ (Python).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "msa.h"

static const msa_crypto_provider *P;

/* ---------------------------------------------------------------- JSON out */
static FILE *out;
static int first_group, first_test, first_field, ntests;

static void die(const char *what, int err) __attribute__((noreturn));

static void
die(const char *what, int err)
{
	fprintf(stderr, "error: %s %s\n", msa_err_name(err), what);
	exit(1);
}

static void
hexs(const uint8_t *b, size_t n)
{
	size_t i;

	fputc('"', out);
	for (i = 0; i < n; i++)
		fprintf(out, "%02x", b[i]);
	fputc('"', out);
}

static void
begin_group(const char *hash, const char *op, const char *comment)
{
	fprintf(out, "%s  {\"hash\": \"%s\", \"op\": \"%s\", \"comment\": \"%s\", \"tests\": [",
		first_group ? "" : ",\n", hash, op, comment);
	first_group = 0;
	first_test = 1;
}

static void
end_group(void)
{
	fprintf(out, "\n  ]}");
}

/* The result a test must have follows from its flags, i.e. from the spec,
 * never from what the library returns: a disagreement stops the generator. */
static const char *const invalid_flags[] = { "BadArgument", "ModifiedMac",
	"WrongMacLength", "LowOrderPoint", "WrongShareLength", "InvalidPoint" };

static void
check_expected(const char *id, const char *flags, int r)
{
	size_t i;
	int want_invalid = 0;

	for (i = 0; i < sizeof invalid_flags / sizeof invalid_flags[0]; i++)
		if (strstr(flags, invalid_flags[i]) != NULL)
			want_invalid = 1;
	if (want_invalid != (r != MSA_OK)) {
		fprintf(stderr, "error: INTERNAL %s: the library returns %s where the spec says %s\n",
			id, msa_err_name(r), want_invalid ? "invalid" : "valid");
		exit(1);
	}
}

/* A test: id, comment, flags "A,B", reqs "REQ-..,REQ-..", result. */
static void
begin_test(const char *id, const char *comment, const char *flags,
	const char *reqs, const char *result)
{
	const char *p;
	char buf[64];
	size_t n;
	int first;

	fprintf(out, "%s\n   {\"id\": \"%s\", \"comment\": \"%s\", \"flags\": [",
		first_test ? "" : ",", id, comment);
	for (first = 1, p = flags; *p != '\0'; first = 0) {
		n = strcspn(p, ",");
		memcpy(buf, p, n);
		buf[n] = '\0';
		fprintf(out, "%s\"%s\"", first ? "" : ", ", buf);
		p += n + (p[n] == ',');
	}
	fprintf(out, "], \"reqs\": [");
	for (first = 1, p = reqs; *p != '\0'; first = 0) {
		n = strcspn(p, ",");
		memcpy(buf, p, n);
		buf[n] = '\0';
		fprintf(out, "%s\"%s\"", first ? "" : ", ", buf);
		p += n + (p[n] == ',');
	}
	fprintf(out, "], \"result\": \"%s\"", result);
	first_test = 0;
	ntests++;
}

static void
end_test(void)
{
	fprintf(out, "}");
}

static void
obj(const char *name)
{
	fprintf(out, ",\n    \"%s\": {", name);
	first_field = 1;
}

static void
end_obj(void)
{
	fprintf(out, "}");
}

static void
fhex(const char *name, const uint8_t *b, size_t n)
{
	fprintf(out, "%s\"%s\": ", first_field ? "" : ", ", name);
	hexs(b, n);
	first_field = 0;
}

static void
fint(const char *name, long v)
{
	fprintf(out, "%s\"%s\": %ld", first_field ? "" : ", ", name, v);
	first_field = 0;
}

static void
fstr(const char *name, const char *s)
{
	fprintf(out, "%s\"%s\": \"%s\"", first_field ? "" : ", ", name, s);
	first_field = 0;
}

static void
invalid(const char *error, const char *step, const char *diag)
{
	fprintf(out, ", \"error\": \"%s\", \"step\": \"%s\", \"diagnostic\": \"%s\"",
		error, step, diag);
}

/* ---------------------------------------------------------------- inputs */
/* fill: n deterministic octets named by `name`: SHA-256("msa ks " name ||
 * uint16(i)) for i = 0, 1, ... concatenated. */
static void
fill(uint8_t *b, size_t n, const char *name)
{
	msa_hash_ctx h;
	uint8_t d[MSA_MAX_HASH], ctr[2];
	size_t i = 0, k;

	while (i < n) {
		P->hash_init(&h, MSA_HASH_SHA256);
		P->hash_update(&h, "msa ks ", 7);
		P->hash_update(&h, name, strlen(name));
		ctr[0] = (uint8_t)((i / 32) >> 8);
		ctr[1] = (uint8_t)(i / 32);
		P->hash_update(&h, ctr, 2);
		P->hash_out(&h, d);
		k = n - i < 32 ? n - i : 32;
		memcpy(b + i, d, k);
		i += k;
	}
}

static const char *
hash_name(unsigned hash)
{
	return hash == MSA_HASH_SHA256 ? "SHA-256" : "SHA-384";
}

static void
expand(unsigned hash, const uint8_t *s, size_t sl, const char *label,
	const uint8_t *ctx, size_t cl, uint8_t *o, size_t L)
{
	int r = msa_expand_label(P, hash, s, sl, label, ctx, cl, o, L);

	if (r != MSA_OK)
		die(label, r);
}

/* ---------------------------------------------------------------- ExpandLabel */
static void
el_test(unsigned hash, const char *id, const char *comment, const char *flags,
	const uint8_t *s, size_t sl, const char *label, const uint8_t *ctx,
	size_t cl, size_t L)
{
	static uint8_t info[MSA_INFO_MAX], okm[255 * 48];
	int n, r;

	n = msa_expand_label_info(info, sizeof info, L, label, ctx, cl);
	r = n < 0 ? n : P->hkdf_expand(hash, s, sl, info, (size_t)n, okm, L);
	check_expected(id, flags, r);
	begin_test(id, comment, flags, "REQ-KS-001,REQ-KS-002", r == MSA_OK ? "valid" : "invalid");
	if (r != MSA_OK)
		invalid(msa_err_name(r), "expand_label", "none");
	obj("inputs");
	fhex("secret", s, sl);
	fstr("label", label);
	fhex("context", ctx, cl);
	fint("length", (long)L);
	end_obj();
	if (r == MSA_OK) {
		obj("outputs");
		fhex("info", info, (size_t)n);
		fhex("okm", okm, L);
		end_obj();
	}
	end_test();
}

static void
gen_expand_label(unsigned hash)
{
	static const char *labels[] = { "r mac", "i mac", "master", "rekey", "i2r",
		"r2i", "update", "key", "iv" };
	uint8_t s[48], ctx[256];
	char id[96], cm[160], lab[260];
	size_t hl = msa_hash_len(hash), i;
	const char *h = hash == MSA_HASH_SHA256 ? "sha256" : "sha384";

	begin_group(hash_name(hash), "expand_label",
		"ExpandLabel(Secret, Label, Context, L) = HKDF-Expand(Secret, info, L), REQ-KS-002");
	if (hash == MSA_HASH_SHA256) {
		for (i = 0; i < 32; i++)
			s[i] = (uint8_t)i;
		el_test(hash, "ks-expandlabel-c1-key16", "spec Appendix C.1: ExpandLabel(S, \\\"key\\\", \\\"\\\", 16)", "SpecExample", s, 32, "key", NULL, 0, 16);
		el_test(hash, "ks-expandlabel-c1-iv12", "spec Appendix C.1: ExpandLabel(S, \\\"iv\\\", \\\"\\\", 12)", "SpecExample", s, 32, "iv", NULL, 0, 12);
		el_test(hash, "ks-expandlabel-c1-key32", "spec Appendix C.1: ExpandLabel(S, \\\"key\\\", \\\"\\\", 32)", "SpecExample", s, 32, "key", NULL, 0, 32);
		{
			uint8_t zz[32], zero[32] = { 0 }, prk[32];
			memset(zz, 0x5a, sizeof zz);
			if (P->hkdf_extract(hash, zero, 32, zz, 32, prk) != MSA_OK)
				die("extract", MSA_ERR_INTERNAL);
			el_test(hash, "ks-expandlabel-c2-mkr", "spec Appendix C.2: mk_R = ExpandLabel(PRK, \\\"r mac\\\", \\\"\\\", 32)", "SpecExample", prk, 32, "r mac", NULL, 0, 32);
		}
		el_test(hash, "ks-expandlabel-c1-update", "spec Appendix C.1: ExpandLabel(S, \\\"update\\\", \\\"\\\", 32)", "SpecExample", s, 32, "update", NULL, 0, 32);
	}
	fill(s, hl, "el secret");
	fill(ctx, sizeof ctx, "el context");
	for (i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		size_t L = strcmp(labels[i], "key") == 0 ? 16 : strcmp(labels[i], "iv") == 0 ? 12 : hl;
		snprintf(id, sizeof id, "ks-expandlabel-%s-%s", h, labels[i]);
		for (char *c = id; *c; c++)
			if (*c == ' ')
				*c = '_';
		snprintf(cm, sizeof cm, "label \\\"%s\\\", empty context, L = %zu", labels[i], L);
		el_test(hash, id, cm, "KnownAnswer", s, hl, labels[i], NULL, 0, L);
	}
	snprintf(id, sizeof id, "ks-expandlabel-%s-master-ctx", h);
	el_test(hash, id, "label master with a HashLen context (TH4)", "KnownAnswer", s, hl, "master", ctx, hl, hl);
	snprintf(id, sizeof id, "ks-expandlabel-%s-ctx255", h);
	el_test(hash, id, "a context of 255 octets (the longest)", "MaxContext", s, hl, "master", ctx, 255, hl);
	snprintf(id, sizeof id, "ks-expandlabel-%s-len1", h);
	el_test(hash, id, "L = 1", "EdgeLength", s, hl, "key", NULL, 0, 1);
	snprintf(id, sizeof id, "ks-expandlabel-%s-lenmax", h);
	el_test(hash, id, "L = 255 * HashLen (the longest HKDF output)", "EdgeLength", s, hl, "key", NULL, 0, 255 * hl);
	memset(lab, 'x', MSA_LABEL_MAX);
	lab[MSA_LABEL_MAX] = '\0';
	snprintf(id, sizeof id, "ks-expandlabel-%s-label248", h);
	el_test(hash, id, "a label of 248 characters: 7 + 248 = 255, the longest", "LongLabel", s, hl, lab, NULL, 0, hl);
	snprintf(id, sizeof id, "ks-expandlabel-%s-secret1", h);
	el_test(hash, id, "a 1-octet secret", "KnownAnswer", s, 1, "i2r", NULL, 0, hl);
	/* invalid arguments */
	snprintf(id, sizeof id, "ks-expandlabel-%s-ctx256", h);
	el_test(hash, id, "a context of 256 octets: its length does not fit uint8", "BadArgument", s, hl, "master", ctx, 256, hl);
	snprintf(id, sizeof id, "ks-expandlabel-%s-len0", h);
	el_test(hash, id, "L = 0", "BadArgument", s, hl, "key", NULL, 0, 0);
	snprintf(id, sizeof id, "ks-expandlabel-%s-lentoolong", h);
	el_test(hash, id, "L = 255 * HashLen + 1: beyond HKDF-Expand", "BadArgument", s, hl, "key", NULL, 0, 255 * hl + 1);
	lab[MSA_LABEL_MAX] = 'x';
	lab[MSA_LABEL_MAX + 1] = '\0';
	snprintf(id, sizeof id, "ks-expandlabel-%s-label249", h);
	el_test(hash, id, "a label of 249 characters: 7 + 249 does not fit uint8", "BadArgument", s, hl, lab, NULL, 0, hl);
	end_group();
}

/* ---------------------------------------------------------------- Extract */
static void
ex_test(unsigned hash, const char *id, const char *comment, const char *flags,
	const uint8_t *salt, size_t saltl, const uint8_t *ikm, size_t ikml)
{
	uint8_t prk[MSA_MAX_HASH];
	int r = P->hkdf_extract(hash, salt, saltl, ikm, ikml, prk);

	if (r != MSA_OK)
		die(id, r);
	begin_test(id, comment, flags, "REQ-KS-001,REQ-KS-004", "valid");
	obj("inputs");
	fhex("salt", salt, saltl);
	fhex("ikm", ikm, ikml);
	end_obj();
	obj("outputs");
	fhex("prk", prk, msa_hash_len(hash));
	end_obj();
	end_test();
}

static void
gen_extract(unsigned hash)
{
	uint8_t zero[48] = { 0 }, z[32], rk[48];
	size_t hl = msa_hash_len(hash);
	const char *h = hash == MSA_HASH_SHA256 ? "sha256" : "sha384";
	char id[64];

	begin_group(hash_name(hash), "extract", "HKDF-Extract(salt, IKM) = HMAC-H(salt, IKM), REQ-KS-001, REQ-KS-004");
	if (hash == MSA_HASH_SHA256) {
		memset(z, 0x5a, sizeof z);
		ex_test(hash, "ks-extract-c2", "spec Appendix C.2: salt HashLen zero octets, Z = 32 x 5a", "SpecExample", zero, hl, z, 32);
	}
	fill(z, 32, "extract z");
	fill(rk, hl, "extract rk");
	snprintf(id, sizeof id, "ks-extract-%s-handshake", h);
	ex_test(hash, id, "PRK of a handshake: salt HashLen zero octets", "KnownAnswer", zero, hl, z, 32);
	snprintf(id, sizeof id, "ks-extract-%s-emptysalt", h);
	ex_test(hash, id, "an empty salt is HashLen zero octets (RFC 5869 2.2): same PRK as -handshake", "KnownAnswer", NULL, 0, z, 32);
	snprintf(id, sizeof id, "ks-extract-%s-rekey", h);
	ex_test(hash, id, "PRK' of a rekey: salt rk", "KnownAnswer", rk, hl, z, 32);
	end_group();
}

/* ---------------------------------------------------------------- MAC check */
static void
mv_test(unsigned hash, const char *id, const char *comment, const char *flags,
	const uint8_t *key, size_t kl, const uint8_t *data, size_t dl,
	const uint8_t *mac, size_t ml)
{
	int r = msa_mac_verify(P, hash, key, kl, data, dl, mac, ml);

	check_expected(id, flags, r);

	begin_test(id, comment, flags, "REQ-KS-006,REQ-CRY-007", r == MSA_OK ? "valid" : "invalid");
	if (r != MSA_OK)
		invalid(msa_err_name(r), "mac_verify", "badMac");
	obj("inputs");
	fhex("key", key, kl);
	fhex("data", data, dl);
	fhex("mac", mac, ml);
	end_obj();
	if (r == MSA_OK) {
		obj("outputs");
		fhex("mac", mac, ml);
		end_obj();
	}
	end_test();
}

static void
gen_mac_verify(unsigned hash)
{
	uint8_t key[48], th[48], mac[48], bad[49];
	size_t hl = msa_hash_len(hash);
	const char *h = hash == MSA_HASH_SHA256 ? "sha256" : "sha384";
	char id[64];
	msa_seg seg;

	fill(key, hl, "mv key");
	fill(th, hl, "mv th");
	seg.ptr = th;
	seg.len = hl;
	if (P->hmac(hash, key, hl, &seg, 1, mac) != MSA_OK)
		die("hmac", MSA_ERR_INTERNAL);
	begin_group(hash_name(hash), "mac_verify", "handshake key confirmation: mac = HMAC-H(mk, TH), untruncated, compared in constant time (REQ-KS-006)");
	snprintf(id, sizeof id, "ks-macverify-%s-ok", h);
	mv_test(hash, id, "the right mac", "KnownAnswer", key, hl, th, hl, mac, hl);
	memcpy(bad, mac, hl);
	bad[0] ^= 0x01;
	snprintf(id, sizeof id, "ks-macverify-%s-flip-first", h);
	mv_test(hash, id, "first octet with its low bit flipped", "ModifiedMac", key, hl, th, hl, bad, hl);
	memcpy(bad, mac, hl);
	bad[hl - 1] ^= 0x80;
	snprintf(id, sizeof id, "ks-macverify-%s-flip-last", h);
	mv_test(hash, id, "last octet with its high bit flipped", "ModifiedMac", key, hl, th, hl, bad, hl);
	snprintf(id, sizeof id, "ks-macverify-%s-truncated", h);
	mv_test(hash, id, "the mac without its last octet (truncated MACs are not accepted)", "WrongMacLength", key, hl, th, hl, mac, hl - 1);
	memcpy(bad, mac, hl);
	bad[hl] = 0;
	snprintf(id, sizeof id, "ks-macverify-%s-extended", h);
	mv_test(hash, id, "the mac followed by one octet 00", "WrongMacLength", key, hl, th, hl, bad, hl + 1);
	if (hash == MSA_HASH_SHA384) {
		/* A SHA-256 MAC where SHA-384 is due: the wrong hash, 32 octets. */
		if (P->hmac(MSA_HASH_SHA256, key, hl, &seg, 1, bad) != MSA_OK)
			die("hmac", MSA_ERR_INTERNAL);
		mv_test(hash, "ks-macverify-sha384-wronghash", "HMAC-SHA-256 (32 octets) where the suite's hash is SHA-384", "WrongMacLength", key, hl, th, hl, bad, 32);
	}
	end_group();
}

/* ---------------------------------------------------------------- schedules */
typedef struct {
	uint8_t ts_i2r[48], ts_r2i[48], rk[48];
} sched;

static void
keys_out(const msa_suite *s, const char *dir, const uint8_t *ts)
{
	uint8_t k[32], iv[12];
	char name[16];

	expand(s->hash, ts, s->hash_len, "key", NULL, 0, k, s->key_len);
	snprintf(name, sizeof name, "key_%s", dir);
	fhex(name, k, s->key_len);
	if (s->iv_len > 0) {
		expand(s->hash, ts, s->hash_len, "iv", NULL, 0, iv, s->iv_len);
		snprintf(name, sizeof name, "iv_%s", dir);
		fhex(name, iv, s->iv_len);
	}
}

static void
hs_test(const msa_suite *s, sched *st)
{
	uint8_t z[32], th2[48], th3[48], th4[48], zero[48] = { 0 };
	uint8_t prk[48], mkr[48], mki[48], mac2[48], mac3[48], ms[48];
	size_t hl = s->hash_len;
	char id[80], cm[160], tag[64];
	msa_seg seg;

	snprintf(tag, sizeof tag, "hs %04x z", s->id);
	fill(z, 32, tag);
	snprintf(tag, sizeof tag, "hs %04x th2", s->id);
	fill(th2, hl, tag);
	snprintf(tag, sizeof tag, "hs %04x th3", s->id);
	fill(th3, hl, tag);
	snprintf(tag, sizeof tag, "hs %04x th4", s->id);
	fill(th4, hl, tag);
	if (P->hkdf_extract(s->hash, zero, hl, z, 32, prk) != MSA_OK)
		die("extract", MSA_ERR_INTERNAL);
	expand(s->hash, prk, hl, "r mac", NULL, 0, mkr, hl);
	expand(s->hash, prk, hl, "i mac", NULL, 0, mki, hl);
	seg.ptr = th2;
	seg.len = hl;
	if (P->hmac(s->hash, mkr, hl, &seg, 1, mac2) != MSA_OK)
		die("hmac", MSA_ERR_INTERNAL);
	seg.ptr = th3;
	if (P->hmac(s->hash, mki, hl, &seg, 1, mac3) != MSA_OK)
		die("hmac", MSA_ERR_INTERNAL);
	expand(s->hash, prk, hl, "master", th4, hl, ms, hl);
	expand(s->hash, ms, hl, "rekey", NULL, 0, st->rk, hl);
	expand(s->hash, ms, hl, "i2r", NULL, 0, st->ts_i2r, hl);
	expand(s->hash, ms, hl, "r2i", NULL, 0, st->ts_r2i, hl);

	snprintf(id, sizeof id, "ks-handshake-%04x", s->id);
	snprintf(cm, sizeof cm, "suite %s: from Z and the transcript hashes to the generation-0 keys", s->name);
	begin_test(id, cm, s->aead ? "KnownAnswer" : "KnownAnswer,IntegrityOnly",
		"REQ-KS-004,REQ-KS-005,REQ-KS-006,REQ-KS-007,REQ-KS-008,REQ-KS-009,REQ-KS-010", "valid");
	obj("inputs");
	fint("suite", s->id);
	fhex("z", z, 32);
	fhex("th2", th2, hl);
	fhex("th3", th3, hl);
	fhex("th4", th4, hl);
	end_obj();
	obj("outputs");
	fhex("prk", prk, hl);
	fhex("mk_r", mkr, hl);
	fhex("mk_i", mki, hl);
	fhex("mac2", mac2, hl);
	fhex("mac3", mac3, hl);
	fhex("ms", ms, hl);
	fhex("rk", st->rk, hl);
	fhex("ts_i2r", st->ts_i2r, hl);
	fhex("ts_r2i", st->ts_r2i, hl);
	keys_out(s, "i2r", st->ts_i2r);
	keys_out(s, "r2i", st->ts_r2i);
	end_obj();
	end_test();
}

static void
ratchet_tests(const msa_suite *s, const uint8_t *ts0, const char *dir)
{
	uint8_t ts[48], next[48];
	size_t hl = s->hash_len;
	char id[80], cm[160];
	int g;

	memcpy(ts, ts0, hl);
	for (g = 0; g < 3; g++) {
		expand(s->hash, ts, hl, "update", NULL, 0, next, hl);
		snprintf(id, sizeof id, "ks-ratchet-%04x-%s-g%d", s->id, dir, g + 1);
		snprintf(cm, sizeof cm, "suite %s: ratchet of ts_%s from generation %d to %d (ts is the previous test's ts_next)",
			s->name, dir, g, g + 1);
		begin_test(id, cm, s->aead ? "RatchetChain" : "RatchetChain,IntegrityOnly", "REQ-KS-009,REQ-KS-011,REQ-KS-014", "valid");
		obj("inputs");
		fint("suite", s->id);
		fhex("ts", ts, hl);
		end_obj();
		obj("outputs");
		fhex("ts_next", next, hl);
		keys_out(s, "next", next);
		end_obj();
		end_test();
		memcpy(ts, next, hl);
	}
}

/* A RekeyRequest or RekeyResponse body: 30 L a0 L' 80 01 g 81 n share. */
static size_t
rekey_body(uint8_t *b, unsigned group, const uint8_t *share, size_t n)
{
	size_t ks = 3 + 2 + n;         /* 80 01 g, 81 n, share (n < 128) */

	b[0] = 0x30;
	b[1] = (uint8_t)(2 + ks);
	b[2] = 0xA0;
	b[3] = (uint8_t)ks;
	b[4] = 0x80;
	b[5] = 0x01;
	b[6] = (uint8_t)group;
	b[7] = 0x81;
	b[8] = (uint8_t)n;
	memcpy(b + 9, share, n);
	return 9 + n;
}

static void
rekey_test(const msa_suite *s, sched *st, int round)
{
	msa_drbg d;
	msa_kex_key ka, kb;
	uint8_t pa[65], pb[65], za[32], zb[32], req[80], resp[80];
	uint8_t ctx[48], prk[48], ms[48], rk[48], i2r[48], r2i[48];
	size_t la, lb, lreq, lresp, hl = s->hash_len;
	msa_hash_ctx h;
	char id[80], cm[200], seed[64];

	snprintf(seed, sizeof seed, "msa ks rekey %04x %d", s->id, round);
	if (msa_drbg_init_deterministic(&d, (const uint8_t *)seed, strlen(seed)) != MSA_OK
		|| P->kex_keygen(&d, s->group, &ka, pa, sizeof pa, &la) != MSA_OK
		|| P->kex_keygen(&d, s->group, &kb, pb, sizeof pb, &lb) != MSA_OK
		|| P->kex_shared(&ka, pb, lb, za, sizeof za) != MSA_OK
		|| P->kex_shared(&kb, pa, la, zb, sizeof zb) != MSA_OK
		|| memcmp(za, zb, 32) != 0)
		die("rekey kex", MSA_ERR_INTERNAL);
	lreq = rekey_body(req, s->group, pa, la);
	lresp = rekey_body(resp, s->group, pb, lb);
	P->hash_init(&h, s->hash);
	P->hash_update(&h, req, lreq);
	P->hash_update(&h, resp, lresp);
	P->hash_out(&h, ctx);
	if (P->hkdf_extract(s->hash, st->rk, hl, za, 32, prk) != MSA_OK)
		die("extract", MSA_ERR_INTERNAL);
	expand(s->hash, prk, hl, "master", ctx, hl, ms, hl);
	expand(s->hash, ms, hl, "rekey", NULL, 0, rk, hl);
	expand(s->hash, ms, hl, "i2r", NULL, 0, i2r, hl);
	expand(s->hash, ms, hl, "r2i", NULL, 0, r2i, hl);

	snprintf(id, sizeof id, "ks-rekey-%04x-r%d", s->id, round);
	snprintf(cm, sizeof cm, "suite %s: rekey number %d (rk from %s); the key shares are those of the two bodies, Z their shared secret",
		s->name, round, round == 1 ? "ks-handshake of this suite" : "the previous rekey");
	begin_test(id, cm, s->aead ? "RekeyChain" : "RekeyChain,IntegrityOnly",
		"REQ-KS-003,REQ-KS-012,REQ-KS-013,REQ-KS-009", "valid");
	obj("inputs");
	fint("suite", s->id);
	fhex("rk", st->rk, hl);
	fhex("priv_req", ka.priv, 32);
	fhex("priv_resp", kb.priv, 32);
	fhex("rekey_request", req, lreq);
	fhex("rekey_response", resp, lresp);
	end_obj();
	obj("outputs");
	fhex("z", za, 32);
	fhex("context", ctx, hl);
	fhex("prk", prk, hl);
	fhex("ms", ms, hl);
	fhex("rk", rk, hl);
	fhex("ts_i2r", i2r, hl);
	fhex("ts_r2i", r2i, hl);
	keys_out(s, "i2r", i2r);
	keys_out(s, "r2i", r2i);
	end_obj();
	end_test();
	memcpy(st->rk, rk, hl);
	memcpy(st->ts_i2r, i2r, hl);
	memcpy(st->ts_r2i, r2i, hl);
	msa_kex_key_wipe(&ka);
	msa_kex_key_wipe(&kb);
	msa_drbg_wipe(&d);
}

static void
gen_schedules(unsigned hash)
{
	static sched st[32];
	const msa_suite *s;
	size_t i, n = 0;

	begin_group(hash_name(hash), "handshake", "REQ-KS-003..010: PRK, MAC keys, MACs, MS, rk, generation-0 traffic secrets, keys and ivs");
	for (i = 0; (s = msa_suite_at(i)) != NULL; i++)
		if (!s->reserved && s->hash == hash)
			hs_test(s, &st[n++]);
	end_group();
	begin_group(hash_name(hash), "ratchet", "REQ-KS-011: ts(g+1) = ExpandLabel(ts(g), \\\"update\\\", \\\"\\\", HashLen), then key and iv");
	for (i = 0, n = 0; (s = msa_suite_at(i)) != NULL; i++)
		if (!s->reserved && s->hash == hash) {
			ratchet_tests(s, st[n].ts_i2r, "i2r");
			ratchet_tests(s, st[n].ts_r2i, "r2i");
			n++;
		}
	end_group();
	begin_group(hash_name(hash), "rekey", "REQ-KS-012: a fresh ECDH under the old rk; two rekeys in a row");
	for (i = 0, n = 0; (s = msa_suite_at(i)) != NULL; i++)
		if (!s->reserved && s->hash == hash) {
			rekey_test(s, &st[n], 1);
			rekey_test(s, &st[n], 2);
			n++;
		}
	end_group();
}

/* ---------------------------------------------------------------- kex */
static void
kex_test(const char *id, const char *comment, const char *flags, unsigned group,
	const uint8_t *priv, const uint8_t *peer, size_t pl)
{
	msa_kex_key k;
	uint8_t z[32];
	int r;

	k.group = group;
	memcpy(k.priv, priv, 32);
	r = P->kex_shared(&k, peer, pl, z, sizeof z);
	check_expected(id, flags, r);
	begin_test(id, comment, flags, group == MSA_GROUP_X25519 ? "REQ-KS-003,REQ-CRY-001,REQ-SUI-007" : "REQ-KS-003,REQ-CRY-002,REQ-SUI-007",
		r == MSA_OK ? "valid" : "invalid");
	if (r != MSA_OK)
		invalid(msa_err_name(r), "kex", "badKeyShare");
	obj("inputs");
	fint("group", (long)group);
	fhex("priv", priv, 32);
	fhex("peer", peer, pl);
	end_obj();
	if (r == MSA_OK) {
		obj("outputs");
		fhex("z", z, 32);
		end_obj();
	}
	end_test();
	msa_kex_key_wipe(&k);
}

static int
unhex(uint8_t *b, const char *h)
{
	size_t i, n = strlen(h) / 2;

	for (i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(h + 2 * i, "%2x", &v) != 1)
			return -1;
		b[i] = (uint8_t)v;
	}
	return (int)n;
}

static void
gen_kex(void)
{
	uint8_t a[32], bpub[65], p[65], bad[66];
	msa_drbg d;
	msa_kex_key ka, kb;
	size_t la, lb;
	static const char *seed = "msa ks kex";

	begin_group("none", "kex", "shared secret Z of an ephemeral private key and the peer's key share (REQ-KS-003, REQ-CRY-001, REQ-CRY-002)");
	/* RFC 7748 section 6.1: Alice's private key, Bob's public key. */
	unhex(a, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
	unhex(bpub, "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
	kex_test("kex-x25519-rfc7748", "RFC 7748 section 6.1: Alice's private key and Bob's public key", "Rfc7748", MSA_GROUP_X25519, a, bpub, 32);
	memcpy(bad, bpub, 32);
	bad[31] |= 0x80;
	kex_test("kex-x25519-highbit", "Bob's public key with the top bit of its last octet set: ignored (RFC 7748 section 5)", "HighBitIgnored", MSA_GROUP_X25519, a, bad, 32);
	memset(bad, 0, 32);
	kex_test("kex-x25519-zero", "the peer's u-coordinate 0 (low order): Z would be all zero", "LowOrderPoint", MSA_GROUP_X25519, a, bad, 32);
	memset(bad, 0, 32);
	bad[0] = 1;
	kex_test("kex-x25519-one", "the peer's u-coordinate 1 (low order): Z would be all zero", "LowOrderPoint", MSA_GROUP_X25519, a, bad, 32);
	unhex(bad, "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");
	kex_test("kex-x25519-order8", "a point of order 8: Z would be all zero", "LowOrderPoint", MSA_GROUP_X25519, a, bad, 32);
	kex_test("kex-x25519-short", "a 31-octet share", "WrongShareLength", MSA_GROUP_X25519, a, bpub, 31);
	memcpy(bad, bpub, 32);
	bad[32] = 0;
	kex_test("kex-x25519-long", "a 33-octet share", "WrongShareLength", MSA_GROUP_X25519, a, bad, 33);

	if (msa_drbg_init_deterministic(&d, (const uint8_t *)seed, strlen(seed)) != MSA_OK
		|| P->kex_keygen(&d, MSA_GROUP_P256, &ka, p, sizeof p, &la) != MSA_OK
		|| P->kex_keygen(&d, MSA_GROUP_P256, &kb, bpub, sizeof bpub, &lb) != MSA_OK)
		die("p256 keygen", MSA_ERR_INTERNAL);
	kex_test("kex-p256-ok", "P-256: the x-coordinate of d.Q", "KnownAnswer", MSA_GROUP_P256, ka.priv, bpub, 65);
	kex_test("kex-p256-ok2", "P-256: the same Z from the other side", "KnownAnswer", MSA_GROUP_P256, kb.priv, p, 65);
	memcpy(bad, bpub, 65);
	bad[0] = 0x03;
	kex_test("kex-p256-compressed-prefix", "first octet 03 (compressed point prefix) on a 65-octet share", "InvalidPoint", MSA_GROUP_P256, ka.priv, bad, 65);
	bad[0] = (uint8_t)(0x02 + (bpub[64] & 1));
	kex_test("kex-p256-compressed", "the compressed form (33 octets)", "WrongShareLength", MSA_GROUP_P256, ka.priv, bad, 33);
	kex_test("kex-p256-short", "64 octets: X || Y without the 04 prefix", "WrongShareLength", MSA_GROUP_P256, ka.priv, bpub + 1, 64);
	memcpy(bad, bpub, 65);
	bad[64] ^= 0x01;
	kex_test("kex-p256-offcurve", "Y with its low bit flipped: not on the curve", "InvalidPoint", MSA_GROUP_P256, ka.priv, bad, 65);
	memcpy(bad, bpub, 65);
	memset(bad + 1, 0xFF, 32);
	kex_test("kex-p256-xtoobig", "X = 2^256 - 1 >= p", "InvalidPoint", MSA_GROUP_P256, ka.priv, bad, 65);
	memset(bad, 0, 65);
	bad[0] = 0x04;
	kex_test("kex-p256-zero", "the point (0, 0): not on the curve", "InvalidPoint", MSA_GROUP_P256, ka.priv, bad, 65);
	end_group();
	msa_kex_key_wipe(&ka);
	msa_kex_key_wipe(&kb);
	msa_drbg_wipe(&d);
}


/* ---------------------------------------------------------------- records */
/* A TLV header with a DER length, written from the spec (not the engine's
 * record.c, which the vectors judge). */
static size_t
tl(uint8_t *o, uint8_t tag, size_t n)
{
	o[0] = tag;
	if (n < 0x80) {
		o[1] = (uint8_t)n;
		return 2;
	}
	if (n < 0x100) {
		o[1] = 0x81;
		o[2] = (uint8_t)n;
		return 3;
	}
	o[1] = 0x82;
	o[2] = (uint8_t)(n >> 8);
	o[3] = (uint8_t)n;
	return 4;
}

/* Minimal two's-complement INTEGER contents of a non-negative v. */
static size_t
uint_tlv(uint8_t *o, uint8_t tag, uint32_t v)
{
	uint8_t b[5];
	size_t n = 0, i;

	do {
		b[n++] = (uint8_t)v;
		v >>= 8;
	} while (v != 0);
	if (b[n - 1] & 0x80)
		b[n++] = 0;
	o[0] = tag;
	o[1] = (uint8_t)n;
	for (i = 0; i < n; i++)
		o[2 + i] = b[n - 1 - i];
	return 2 + n;
}

/* REQ-DT-004: the header TLV as it appears in the ProtectedPdu. */
static size_t
header_tlv(uint8_t *o, const uint8_t aid[4], unsigned type, uint32_t gen, uint32_t seq)
{
	size_t n = 2;

	o[n++] = 0x80;
	o[n++] = 4;
	memcpy(o + n, aid, 4);
	n += 4;
	n += uint_tlv(o + n, 0x81, type);
	n += uint_tlv(o + n, 0x82, gen);
	n += uint_tlv(o + n, 0x83, seq);
	o[0] = 0xA0;
	o[1] = (uint8_t)(n - 2);
	return n;
}

/* The whole PDU: A4 { header, [1] body, [2] icv }. */
static size_t
pdu_of(uint8_t *o, const uint8_t *hdr, size_t hl, const uint8_t *body, size_t bl,
	const uint8_t *icv, size_t il)
{
	uint8_t t[8];
	size_t inner = hl + tl(t, 0x81, bl) + bl + tl(t, 0x82, il) + il, n;

	n = tl(o, 0xA4, inner);
	memcpy(o + n, hdr, hl);
	n += hl;
	n += tl(o + n, 0x81, bl);
	memcpy(o + n, body, bl);
	n += bl;
	n += tl(o + n, 0x82, il);
	memcpy(o + n, icv, il);
	return n + il;
}

typedef struct {
	const msa_suite *s;
	uint8_t key[32], iv[12], aid[4];
	unsigned type;
	uint32_t gen, seq;
	uint8_t pt[400];
	size_t ptl;
	/* results */
	uint8_t hdr[32], nonce[12], body[400], icv[32], pdu[512];
	size_t hl, il, pl;
} rec;

static void
seal(rec *r)
{
	size_t i;

	r->hl = header_tlv(r->hdr, r->aid, r->type, r->gen, r->seq);
	memcpy(r->body, r->pt, r->ptl);
	if (r->s->aead) {
		memcpy(r->nonce, r->iv, 12);
		for (i = 0; i < 4; i++)            /* REQ-DT-005 */
			r->nonce[8 + i] ^= (uint8_t)(r->seq >> (24 - 8 * i));
		if (P->aead_seal(r->s->protection, r->key, r->s->key_len, r->nonce, r->hdr, r->hl,
			r->body, r->ptl, r->icv) != MSA_OK)
			die("aead_seal", MSA_ERR_INTERNAL);
		r->il = 16;
	} else {
		if (P->icv_compute(r->key, 32, r->hdr, r->hl, r->body, r->ptl, r->icv) != MSA_OK)
			die("icv_compute", MSA_ERR_INTERNAL);
		r->il = 32;
	}
	r->pl = pdu_of(r->pdu, r->hdr, r->hl, r->body, r->ptl, r->icv, r->il);
}

static void
rec_inputs(const rec *r)
{
	fint("suite", r->s->id);
	fhex("key", r->key, r->s->key_len);
	if (r->s->aead)
		fhex("iv", r->iv, 12);
}

static void
seal_test(rec *r, const char *id, const char *comment, const char *flags)
{
	seal(r);
	begin_test(id, comment, flags, r->s->aead ? "REQ-DT-002,REQ-DT-004,REQ-DT-005,REQ-DT-006"
		: "REQ-DT-002,REQ-DT-004,REQ-DT-007", "valid");
	obj("inputs");
	rec_inputs(r);
	fhex("assoc_id", r->aid, 4);
	fint("type", (long)r->type);
	fint("generation", (long)r->gen);
	fint("seq", (long)r->seq);
	fhex("plaintext", r->pt, r->ptl);
	end_obj();
	obj("outputs");
	fhex("aad", r->hdr, r->hl);
	if (r->s->aead)
		fhex("nonce", r->nonce, 12);
	fhex("body", r->body, r->ptl);
	fhex("icv", r->icv, r->il);
	fhex("pdu", r->pdu, r->pl);
	end_obj();
	end_test();
}

static void
open_test(const rec *r, const char *id, const char *comment, const char *flags,
	const uint8_t *pdu, size_t pl, int valid)
{
	begin_test(id, comment, flags, r->s->aead ? "REQ-DT-004,REQ-DT-005,REQ-DT-006,REQ-DT-013,REQ-DT-014,REQ-DT-015,REQ-CRY-008"
		: "REQ-DT-004,REQ-DT-007,REQ-DT-013,REQ-DT-014,REQ-DT-015", valid ? "valid" : "invalid");
	if (!valid)
		invalid("BAD_RECORD", "record_open", "badRecord");
	obj("inputs");
	rec_inputs(r);
	fhex("pdu", pdu, pl);
	end_obj();
	if (valid) {
		obj("outputs");
		fhex("assoc_id", r->aid, 4);
		fhex("plaintext", r->pt, r->ptl);
		end_obj();
	}
	end_test();
}

static void
gen_records(unsigned hash)
{
	const msa_suite *s;
	size_t i;
	char id[96], cm[200], tag[64];
	static rec r;

	begin_group(hash_name(hash), "record_seal", "a record protected with the traffic key and iv of one direction (REQ-DT-004..007); `pdu` is the whole ProtectedPdu");
	if (hash == MSA_HASH_SHA256) {
		/* Appendix C.3 */
		memset(&r, 0, sizeof r);
		r.s = msa_suite_find(0x0001);
		unhex(r.key, "c0f982980189d1028565954b89f7c326");
		unhex(r.iv, "193c05e5cbd60dfe14deb2f8");
		unhex(r.aid, "11223344");
		r.seq = 5;
		r.ptl = (size_t)unhex(r.pt, "616263");
		seal_test(&r, "rec-seal-c3-aead", "spec Appendix C.3: suite 0x0001, assocId 11223344, appData, generation 0, seq 5, \\\"abc\\\"", "SpecExample");
		r.s = msa_suite_find(0x0011);
		unhex(r.key, "97b91454d85f717331b9c7ab20fd183fa88a099f12a53fb82b9afb339b756c47");
		seal_test(&r, "rec-seal-c3-hmac", "spec Appendix C.3: the same record with suite 0x0011 (HMAC ICV)", "SpecExample,IntegrityOnly");
	}
	for (i = 0; (s = msa_suite_at(i)) != NULL; i++) {
		static const struct { const char *what, *c; unsigned type; uint32_t gen, seq; size_t len; } cases[] = {
			{ "short", "a 12-octet appData message, generation 3, seq 0x01020304", 0, 3, 0x01020304u, 12 },
			{ "empty", "an empty appData message (REQ-DT-031), seq 0", 0, 0, 0, 0 },
			{ "long", "a 300-octet message (two-octet body length), seq 4294967295, generation 65535", 0, 65535, 0xFFFFFFFFu, 300 },
			{ "control", "a keyUpdate record (body DER(KeyUpdate) = 3003800100), seq 128", 1, 1, 128, 5 },
		};
		size_t c;
		if (s->reserved || s->hash != hash)
			continue;
		for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
			memset(&r, 0, sizeof r);
			r.s = s;
			snprintf(tag, sizeof tag, "rec %04x key", s->id);
			fill(r.key, s->key_len, tag);
			snprintf(tag, sizeof tag, "rec %04x iv", s->id);
			fill(r.iv, 12, tag);
			unhex(r.aid, "c1c2c3c4");
			r.type = cases[c].type;
			r.gen = cases[c].gen;
			r.seq = cases[c].seq;
			r.ptl = cases[c].len;
			if (r.type == 1)
				unhex(r.pt, "3003800100");
			else
				fill(r.pt, r.ptl, "rec plaintext");
			snprintf(id, sizeof id, "rec-seal-%04x-%s", s->id, cases[c].what);
			snprintf(cm, sizeof cm, "suite %s: %s", s->name, cases[c].c);
			seal_test(&r, id, cm, s->aead ? "KnownAnswer" : "KnownAnswer,IntegrityOnly");
		}
	}
	end_group();

	begin_group(hash_name(hash), "record_open", "a received record: decoded, its tag or ICV verified (REQ-DT-010 steps 1, 6, 9); any change fails with BAD_RECORD and releases no plaintext");
	for (i = 0; (s = msa_suite_at(i)) != NULL; i++) {
		uint8_t bad[512];
		size_t bl;
		if (s->reserved || s->hash != hash)
			continue;
		memset(&r, 0, sizeof r);
		r.s = s;
		snprintf(tag, sizeof tag, "open %04x key", s->id);
		fill(r.key, s->key_len, tag);
		snprintf(tag, sizeof tag, "open %04x iv", s->id);
		fill(r.iv, 12, tag);
		unhex(r.aid, "d1d2d3d4");
		r.gen = 2;
		r.seq = 77;
		r.ptl = 20;
		fill(r.pt, r.ptl, "open plaintext");
		seal(&r);
		snprintf(id, sizeof id, "rec-open-%04x-ok", s->id);
		snprintf(cm, sizeof cm, "suite %s: an intact record", s->name);
		open_test(&r, id, cm, s->aead ? "KnownAnswer" : "KnownAnswer,IntegrityOnly", r.pdu, r.pl, 1);
		memcpy(bad, r.pdu, r.pl);
		bad[r.pl - 1] ^= 0x01;
		snprintf(id, sizeof id, "rec-open-%04x-icv", s->id);
		snprintf(cm, sizeof cm, "suite %s: the last octet of the %s flipped", s->name, s->aead ? "tag" : "ICV");
		open_test(&r, id, cm, "ModifiedRecord", bad, r.pl, 0);
		memcpy(bad, r.pdu, r.pl);
		bad[r.pl - r.il - 2 - 1] ^= 0x80;
		snprintf(id, sizeof id, "rec-open-%04x-body", s->id);
		snprintf(cm, sizeof cm, "suite %s: the last octet of the body flipped", s->name);
		open_test(&r, id, cm, "ModifiedRecord", bad, r.pl, 0);
		memcpy(bad, r.pdu, r.pl);
		bad[r.hl + 2 - 1] ^= 0x01;          /* the last octet of seq, in the header */
		snprintf(id, sizeof id, "rec-open-%04x-seq", s->id);
		snprintf(cm, sizeof cm, "suite %s: seq 77 changed to 76 in the header (AAD%s)", s->name, s->aead ? " and nonce" : "");
		open_test(&r, id, cm, "ModifiedRecord", bad, r.pl, 0);
		memcpy(bad, r.pdu, r.pl);
		bad[2 + 4] ^= 0x01;                 /* the first octet of assocId */
		snprintf(id, sizeof id, "rec-open-%04x-aid", s->id);
		snprintf(cm, sizeof cm, "suite %s: the assocId of the header changed (AAD)", s->name);
		open_test(&r, id, cm, "ModifiedRecord", bad, r.pl, 0);
		/* a well-formed PDU (icv SIZE(16..32)) whose icv length is not the suite's */
		{
			uint8_t icv2[32];
			size_t l2 = s->aead ? 32 : 31;
			memcpy(icv2, r.icv, r.il);
			if (s->aead)
				memcpy(icv2 + 16, r.icv, 16);
			bl = pdu_of(bad, r.hdr, r.hl, r.body, r.ptl, icv2, l2);
			snprintf(id, sizeof id, "rec-open-%04x-icvlen", s->id);
			snprintf(cm, sizeof cm, "suite %s: an icv of %zu octets (%s; REQ-DT-013: a wrong length is a failing tag)",
				s->name, l2, s->aead ? "the tag twice" : "the ICV without its last octet");
			open_test(&r, id, cm, "WrongIcvLength", bad, bl, 0);
		}
		if (s->id == 0x0001 || s->id == 0x0003) {
			/* 15 octets break the module's SIZE(16..32): a decoding error first (REQ-DT-010 step 1) */
			bl = pdu_of(bad, r.hdr, r.hl, r.body, r.ptl, r.icv, 15);
			snprintf(id, sizeof id, "rec-open-%04x-icv15", s->id);
			snprintf(cm, sizeof cm, "suite %s: an icv of 15 octets: outside SIZE(16..32), so the decoding fails before any tag check", s->name);
			begin_test(id, cm, "IcvSizeConstraint", "REQ-DT-010,REQ-ENC-012", "invalid");
			invalid("CONSTRAINT", "decode", "decodeError");
			obj("inputs");
			rec_inputs(&r);
			fhex("pdu", bad, bl);
			end_obj();
			end_test();
		}
		if (!s->aead) {
			uint8_t icv16[16];
			memcpy(icv16, r.icv, 16);
			bl = pdu_of(bad, r.hdr, r.hl, r.body, r.ptl, icv16, 16);
			snprintf(id, sizeof id, "rec-open-%04x-icv16", s->id);
			snprintf(cm, sizeof cm, "suite %s: the ICV truncated to 16 octets", s->name);
			open_test(&r, id, cm, "WrongIcvLength", bad, bl, 0);
		}
	}
	end_group();
}


/* ---------------------------------------------------------------- DRBG */
/* The deterministic test mode of the generator (msa_drbg_init_deterministic):
 * HMAC_DRBG with SHA-256 (NIST SP 800-90A 10.1.2), entropy input = seed,
 * empty nonce and personalization string, no reseed, one generate request
 * per msa_drbg_generate call (up to MSA_DRBG_MAX_REQUEST octets). Every
 * transcript vector's ephemeral keys and nonces come from it (REQ-CRY-004). */
static void
drbg_test(const char *id, const char *comment, const uint8_t *seed, size_t sl,
	const size_t *req, size_t nreq)
{
	msa_drbg d;
	static uint8_t o[4096];
	char list[128], name[16];
	size_t i, n = 0;

	if (msa_drbg_init_deterministic(&d, seed, sl) != MSA_OK)
		die(id, MSA_ERR_INTERNAL);
	list[0] = '\0';
	for (i = 0; i < nreq; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%zu", i ? "," : "", req[i]);
	begin_test(id, comment, "TestModeDrbg", "REQ-CRY-004", "valid");
	obj("inputs");
	fhex("seed", seed, sl);
	fstr("requests", list);
	end_obj();
	obj("outputs");
	for (i = 0; i < nreq; i++) {
		if (msa_drbg_generate(&d, o, req[i]) != MSA_OK)
			die(id, MSA_ERR_INTERNAL);
		snprintf(name, sizeof name, "out%zu", i);
		fhex(name, o, req[i]);
	}
	end_obj();
	end_test();
	msa_drbg_wipe(&d);
}

static void
gen_drbg(void)
{
	static const size_t r1[] = { 32, 32, 65 }, r2[] = { 0, 1, 31, 33, 64, 100 }, r3[] = { 4096 };
	uint8_t seed[256];
	const char *kex = "msa ks kex";

	begin_group("SHA-256", "drbg", "the deterministic test mode of the random generator: HMAC_DRBG(SHA-256), entropy input = seed, no nonce, no personalization, no reseed; one generate request per output");
	drbg_test("drbg-kex-seed", "the seed of kex.json's P-256 keys (\\\"msa ks kex\\\"): two 32-octet private scalars in a row", (const uint8_t *)kex, strlen(kex), r1, 3);
	fill(seed, 32, "drbg seed 32");
	drbg_test("drbg-seed32-sizes", "a 32-octet seed; requests of 0, 1, 31, 33, 64 and 100 octets", seed, 32, r2, 6);
	seed[0] = 0x42;
	drbg_test("drbg-seed-1octet", "a 1-octet seed (the shortest)", seed, 1, r1, 3);
	fill(seed, 256, "drbg seed 256");
	drbg_test("drbg-seed-256octets", "a 256-octet seed (the longest of the test mode)", seed, 256, r1, 3);
	drbg_test("drbg-long-request", "one request of 4096 octets", seed, 48, r3, 1);
	end_group();
}

/* ---------------------------------------------------------------- files */
static const struct { const char *flag, *bug, *desc; } NOTES[] = {
	{ "SpecExample", "KNOWN_ANSWER", "The worked example of spec Appendix C." },
	{ "KnownAnswer", "BASIC", "A value computed by the reference library, recomputed independently by scripts/xcheck/." },
	{ "MaxContext", "EDGE_CASE", "The longest context ExpandLabel can carry, 255 octets (REQ-KS-002)." },
	{ "EdgeLength", "EDGE_CASE", "The shortest (1) or longest (255 * HashLen) output length L." },
	{ "LongLabel", "EDGE_CASE", "The longest label: 7 + len(Label) = 255." },
	{ "BadArgument", "API_MISUSE", "An argument ExpandLabel cannot encode (context or label too long, L = 0 or beyond HKDF): refused with BAD_ARGUMENT, nothing derived; never on the wire." },
	{ "ModifiedMac", "MODIFIED_INPUT", "A handshake MAC with one bit changed: BAD_MAC (badMac)." },
	{ "WrongMacLength", "WRONG_LENGTH", "A handshake MAC of another length than HashLen (truncated, extended, or of another hash): BAD_MAC (badMac)." },
	{ "IntegrityOnly", "BASIC", "An integrity-only suite: key only (32 octets, HMAC-SHA-256 ICV key), no iv (REQ-KS-009)." },
	{ "RatchetChain", "BASIC", "Three ratchets in a row from the generation-0 secret of ks-handshake of the same suite (REQ-KS-011)." },
	{ "RekeyChain", "BASIC", "Two rekeys in a row from the rk of ks-handshake of the same suite (REQ-KS-012); the key shares are real, Z is their shared secret." },
	{ "TestModeDrbg", "KNOWN_ANSWER", "The output stream of the deterministic test mode of the random generator, HMAC_DRBG(SHA-256) of NIST SP 800-90A: what fixes the ephemeral keys and nonces of transcript vectors." },
	{ "Rfc7748", "KNOWN_ANSWER", "The X25519 test vector of RFC 7748 section 6.1." },
	{ "HighBitIgnored", "EDGE_CASE", "X25519: the top bit of the last octet of the peer's u-coordinate is ignored (REQ-CRY-001)." },
	{ "LowOrderPoint", "EDGE_CASE", "X25519: a low-order peer key gives an all-zero Z, rejected with BAD_KEY_SHARE (badKeyShare) (REQ-CRY-001)." },
	{ "WrongShareLength", "WRONG_LENGTH", "A key share of another length than its group fixes (32 X25519, 65 P-256): BAD_KEY_SHARE (badKeyShare)." },
	{ "ModifiedRecord", "MODIFIED_INPUT", "A record with one bit changed in its header, body or tag/ICV: BAD_RECORD (badRecord), nothing released (REQ-DT-014, REQ-CRY-008)." },
	{ "IcvSizeConstraint", "WRONG_LENGTH", "An icv outside the module's SIZE(16..32): the decoding (REQ-DT-010 step 1) fails with CONSTRAINT (decodeError) before any tag check." },
	{ "WrongIcvLength", "WRONG_LENGTH", "An icv of another length than the suite's (16 AEAD, 32 HMAC): treated as a failing tag, BAD_RECORD (REQ-DT-013)." },
	{ "InvalidPoint", "MODIFIED_INPUT", "P-256: a share that is not 04 || X || Y with X, Y < p on the curve: BAD_KEY_SHARE (badKeyShare) (REQ-CRY-002)." },
};

static void
begin_file(const char *path, const char *header)
{
	out = fopen(path, "w");
	if (out == NULL) {
		perror(path);
		exit(1);
	}
	fprintf(out, "{\n \"schema\": \"msa-vectors-1\",\n \"kind\": \"keyschedule\",\n"
		" \"generator\": \"vectors/gen/gen_keyschedule.c\",\n \"specVersion\": \"MSA v1\",\n"
		" \"header\": [\"%s\", \"Computed with the reference library (msa_expand_label, the BearSSL provider); recomputed by scripts/xcheck/ with Python's hmac/hashlib and python3-cryptography.\"],\n"
		" \"numberOfTests\": @@N@@,\n \"notes\": {", header);
	for (size_t i = 0; i < sizeof NOTES / sizeof NOTES[0]; i++)
		fprintf(out, "%s\n  \"%s\": {\"bugType\": \"%s\", \"description\": \"%s\"}",
			i ? "," : "", NOTES[i].flag, NOTES[i].bug, NOTES[i].desc);
	fprintf(out, "\n },\n \"testGroups\": [\n");
	first_group = 1;
	ntests = 0;
}

/* Closes the file and patches in the number of tests (fixed width). */
static void
end_file(const char *path)
{
	FILE *f;
	long n;
	char *buf, *at, num[16];

	fprintf(out, "\n ]\n}\n");
	fclose(out);
	f = fopen(path, "rb");
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
		die(path, MSA_ERR_INTERNAL);
	rewind(f);
	buf = malloc((size_t)n + 16);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die(path, MSA_ERR_INTERNAL);
	fclose(f);
	buf[n] = '\0';
	at = strstr(buf, "@@N@@");
	snprintf(num, sizeof num, "%d", ntests);
	f = fopen(path, "wb");
	if (f == NULL || at == NULL)
		die(path, MSA_ERR_INTERNAL);
	fwrite(buf, 1, (size_t)(at - buf), f);
	fputs(num, f);
	fputs(at + 5, f);
	fclose(f);
	free(buf);
}

int
main(int argc, char **argv)
{
	char path[4096];
	unsigned hashes[2] = { MSA_HASH_SHA256, MSA_HASH_SHA384 };
	int i;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_keyschedule OUTDIR\n");
		return 2;
	}
	P = msa_crypto_bearssl();
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/ks_%s.json", argv[1], i == 0 ? "sha256" : "sha384");
		begin_file(path, i == 0 ? "Key-schedule vectors with SHA-256 (spec section 9)."
			: "Key-schedule vectors with SHA-384 (spec section 9).");
		gen_expand_label(hashes[i]);
		gen_extract(hashes[i]);
		gen_mac_verify(hashes[i]);
		gen_schedules(hashes[i]);
		end_file(path);
	}
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/record_%s.json", argv[1], i == 0 ? "sha256" : "sha384");
		begin_file(path, i == 0 ? "Record protection with the suites of hash SHA-256 (spec section 12)."
			: "Record protection with the suites of hash SHA-384 (spec section 12).");
		gen_records(hashes[i]);
		end_file(path);
	}
	snprintf(path, sizeof path, "%s/drbg.json", argv[1]);
	begin_file(path, "The deterministic test mode of the random generator (reference implementation, REQ-CRY-004).");
	gen_drbg();
	end_file(path);
	snprintf(path, sizeof path, "%s/kex.json", argv[1]);
	begin_file(path, "Key exchange: the shared secret Z of X25519 and P-256 (spec sections 9.2 and 11.1).");
	gen_kex();
	end_file(path);
	return 0;
}
