/*
 * test_crypto.c -- the MSA-specific crypto functions: suite registry,
 * ExpandLabel layout, DRBG, key-share validation, AEAD/ICV failure
 * behaviour, hashing, ECDSA with known answers. Wycheproof vectors are in
 * test_wycheproof.c.
 *
 * Independently computed values: with Debian's python3-cryptography
 * (OpenSSL) and Python's hmac/hashlib at /usr/bin/python3, by this script
 * (not committed; the inputs are in the test next to each value):
 *   info(L,label,ctx) = L.to_bytes(2,'big') + bytes([7+len(label)]) +
 *                       b"msa v1 " + label + bytes([len(ctx)]) + ctx
 *   el(h,S,label,ctx,L) = HKDFExpand(algorithm=h, length=L,
 *                                    info=info(L,label,ctx)).derive(S)
 *   ICV = hmac.new(key, hdr + body, hashlib.sha256)
 *   HMAC_DRBG: SP 800-90A 10.1.2 written out in Python with hmac (K = 00..,
 *     V = 01.., update(seed) on instantiate, update(b"") after each
 *     generate), since BearSSL's br_hmac_drbg is what we would be checking
 *   P-384 signature: ec.derive_private_key(int(01 02 .. 30), SECP384R1())
 *     .sign(msg, ec.ECDSA(SHA384())) (random k), DER as printed.
 * RFC test vectors are cited where used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "msa.h"
#include "internal.h"
#include "crypto_bearssl.h"
#include "tf.h"

static const msa_crypto_provider *P;

static size_t
hex(const char *h, unsigned char *out, size_t cap)
{
	long n = tf_hex(h, out, cap);

	if (n < 0) {
		fprintf(stderr, "bad hex in test: %s\n", h);
		exit(2);
	}
	return (size_t)n;
}

static int
all_zero(const unsigned char *p, size_t n)
{
	while (n-- > 0)
		if (*p++ != 0)
			return 0;
	return 1;
}

/* ---------------------------------------------------------------- suites */

/* REQ-SUI-001, REQ-SUI-002, REQ-SUI-005, REQ-SUI-007: the exact table. */
static void
test_suites(void)
{
	static const struct {
		uint16_t id;
		const char *name;
		unsigned group, prot, hash, key, iv, tag, hlen, aead, reserved;
		uint32_t limit;
	} want[] = {
		{ 0x0001, "X25519_AES128GCM_SHA256", 1, MSA_PROT_AES128GCM, MSA_HASH_SHA256, 16, 12, 16, 32, 1, 0, 1u << 24 },
		{ 0x0002, "P256_AES128GCM_SHA256", 2, MSA_PROT_AES128GCM, MSA_HASH_SHA256, 16, 12, 16, 32, 1, 0, 1u << 24 },
		{ 0x0003, "X25519_AES256GCM_SHA384", 1, MSA_PROT_AES256GCM, MSA_HASH_SHA384, 32, 12, 16, 48, 1, 0, 1u << 24 },
		{ 0x0004, "P256_AES256GCM_SHA384", 2, MSA_PROT_AES256GCM, MSA_HASH_SHA384, 32, 12, 16, 48, 1, 0, 1u << 24 },
		{ 0x0005, "X25519_CHACHA20POLY1305_SHA256", 1, MSA_PROT_CHACHA20POLY1305, MSA_HASH_SHA256, 32, 12, 16, 32, 1, 0, 0xFFFFFFFFu },
		{ 0x0006, "X25519_AES128CCM_SHA256", 1, MSA_PROT_AES128CCM, MSA_HASH_SHA256, 16, 12, 16, 32, 1, 0, 1u << 23 },
		{ 0x0007, "P256_AES128CCM_SHA256", 2, MSA_PROT_AES128CCM, MSA_HASH_SHA256, 16, 12, 16, 32, 1, 0, 1u << 23 },
		{ 0x0011, "X25519_HMACSHA256_SHA256", 1, MSA_PROT_HMACSHA256, MSA_HASH_SHA256, 32, 0, 32, 32, 0, 0, 0xFFFFFFFFu },
		{ 0x0012, "P256_HMACSHA256_SHA256", 2, MSA_PROT_HMACSHA256, MSA_HASH_SHA256, 32, 0, 32, 32, 0, 0, 0xFFFFFFFFu },
		{ 0x0101, "X25519MLKEM768_AES128GCM_SHA256", 3, MSA_PROT_AES128GCM, MSA_HASH_SHA256, 16, 12, 16, 32, 1, 1, 1u << 24 },
	};
	static const uint16_t unregistered[] = { 0x0000, 0x0008, 0x0010, 0x0013, 0x0100, 0x0102, 0xFFFF };
	size_t i, n = sizeof want / sizeof want[0];

	for (i = 0; i < n; i++) {
		const msa_suite *s = msa_suite_find(want[i].id);
		TF_CHECK(s != NULL, "suite 0x%04x registered", want[i].id);
		if (s == NULL)
			continue;
		TF_CHECK(strcmp(s->name, want[i].name) == 0, "suite 0x%04x name %s", want[i].id, s->name);
		TF_CHECK(s->group == want[i].group && s->protection == want[i].prot
			&& s->hash == want[i].hash && s->key_len == want[i].key
			&& s->iv_len == want[i].iv && s->tag_len == want[i].tag
			&& s->hash_len == want[i].hlen && s->aead == want[i].aead
			&& s->reserved == want[i].reserved && s->usage_limit == want[i].limit,
			"suite 0x%04x parameters", want[i].id);
		TF_CHECK(s->hash_len == msa_hash_len(s->hash), "suite 0x%04x hash_len", want[i].id);
		TF_CHECK(msa_suite_by_name(want[i].name) == s, "by name %s", want[i].name);
		TF_CHECK(msa_suite_at(i) == s, "registry order %zu", i);
	}
	TF_CHECK(msa_suite_at(n) == NULL, "registry has exactly %zu rows", n);
	for (i = 0; i < sizeof unregistered / sizeof unregistered[0]; i++)
		TF_CHECK(msa_suite_find(unregistered[i]) == NULL, "0x%04x unregistered", unregistered[i]);
	TF_CHECK(msa_suite_by_name("x25519_aes128gcm_sha256") == NULL, "names are case-sensitive");
	TF_CHECK(msa_suite_by_name("X25519_AES128GCM_SHA256 ") == NULL, "exact name");
	TF_CHECK(msa_suite_by_name("") == NULL && msa_suite_by_name(NULL) == NULL, "empty/NULL name");
	TF_EQ_INT(msa_group_share_len(MSA_GROUP_X25519), 32, "X25519 share length");
	TF_EQ_INT(msa_group_share_len(MSA_GROUP_P256), 65, "P-256 share length");
	TF_EQ_INT(msa_group_share_len(MSA_GROUP_X25519MLKEM768), 0, "reserved group not implemented");
	TF_EQ_INT(msa_hash_len(MSA_HASH_SHA256), 32, "SHA-256 length");
	TF_EQ_INT(msa_hash_len(MSA_HASH_SHA384), 48, "SHA-384 length");
	TF_EQ_INT(msa_hash_len(0), 0, "unknown hash");
}

/* ---------------------------------------------------------------- ExpandLabel */

/* REQ-KS-002 (exact info layout), REQ-KS-001, REQ-KS-004, REQ-KS-005. */
static void
test_expand_label(void)
{
	unsigned char info[MSA_INFO_MAX], s32[32], s48[48], ctx[32], out[64], want[64];
	char longlabel[MSA_LABEL_MAX + 2];
	size_t i, n;
	int r;

	for (i = 0; i < 32; i++) s32[i] = (unsigned char)i;
	for (i = 0; i < 48; i++) s48[i] = (unsigned char)i;
	for (i = 0; i < 32; i++) ctx[i] = (unsigned char)(0x40 + i);

	/* The spec's own example (REQ-KS-002). */
	r = msa_expand_label_info(info, sizeof info, 16, "key", NULL, 0);
	n = hex("00 10 0a 6d 73 61 20 76 31 20 6b 65 79 00", want, sizeof want);
	TF_CHECK(r == (int)n && memcmp(info, want, n) == 0, "info of ExpandLabel(S, \"key\", \"\", 16)");
	/* With a context: L=32, n=7+6, "msa v1 master", 0x20, ctx. */
	r = msa_expand_label_info(info, sizeof info, 32, "master", ctx, 32);
	TF_EQ_INT(r, 2 + 1 + 13 + 1 + 32, "info length with a 32-octet context");
	TF_CHECK(r > 0 && info[0] == 0 && info[1] == 32 && info[2] == 13
		&& memcmp(info + 3, "msa v1 master", 13) == 0 && info[16] == 32
		&& memcmp(info + 17, ctx, 32) == 0, "info bytes with a context");

	/* Outputs against python3-cryptography HKDFExpand (header comment). */
	TF_EQ_INT(msa_expand_label(P, MSA_HASH_SHA256, s32, 32, "key", NULL, 0, out, 16), 0, "EL key");
	hex("c0f982980189d1028565954b89f7c326", want, 16);
	TF_EQ_MEM(out, want, 16, "ExpandLabel(S=00..1f, \"key\", \"\", 16) SHA-256");
	TF_EQ_INT(msa_expand_label(P, MSA_HASH_SHA256, s32, 32, "master", ctx, 32, out, 32), 0, "EL master");
	hex("d8a481a6515a0383d33e10228135356d5e3dd19b7b4a8a9d2bed2ff79dde003c", want, 32);
	TF_EQ_MEM(out, want, 32, "ExpandLabel(S, \"master\", 40..5f, 32) SHA-256");
	TF_EQ_INT(msa_expand_label(P, MSA_HASH_SHA384, s48, 48, "iv", NULL, 0, out, 12), 0, "EL iv");
	hex("06a88ea985a9d3dbd8d6ee93", want, 12);
	TF_EQ_MEM(out, want, 12, "ExpandLabel(S=00..2f, \"iv\", \"\", 12) SHA-384");

	/* PRK = Extract(32 zero octets, Z = 5a*32), mk_R = EL(PRK, "r mac"). */
	memset(s32, 0x5a, 32);
	TF_EQ_INT(P->hkdf_extract(MSA_HASH_SHA256, NULL, 0, s32, 32, out), 0, "extract, empty salt");
	hex("7575cc88550b5951ae58fe3a1dcee298271f6830b15e118d32f07d0ce83ff78a", want, 32);
	TF_EQ_MEM(out, want, 32, "PRK with the empty salt");
	memset(info, 0, 32);
	TF_EQ_INT(P->hkdf_extract(MSA_HASH_SHA256, info, 32, s32, 32, out), 0, "extract, zero salt");
	TF_EQ_MEM(out, want, 32, "PRK with HashLen zero octets equals the empty salt (REQ-KS-004)");
	memcpy(s32, out, 32);
	TF_EQ_INT(msa_expand_label(P, MSA_HASH_SHA256, s32, 32, "r mac", NULL, 0, out, 32), 0, "mk_R");
	hex("80312850c94d290c7f4ea49c155445de467ad0be9799c3f843cab4db2df53de9", want, 32);
	TF_EQ_MEM(out, want, 32, "mk_R");

	/* Bounds. */
	memset(longlabel, 'a', sizeof longlabel);
	longlabel[MSA_LABEL_MAX] = 0;
	TF_CHECK(msa_expand_label_info(info, sizeof info, 16, longlabel, NULL, 0) > 0, "248-octet label");
	longlabel[MSA_LABEL_MAX] = 'a';
	longlabel[MSA_LABEL_MAX + 1] = 0;
	TF_EQ_INT(msa_expand_label_info(info, sizeof info, 16, longlabel, NULL, 0),
		MSA_ERR_BAD_ARGUMENT, "249-octet label refused");
	TF_EQ_INT(msa_expand_label_info(info, sizeof info, 0, "key", NULL, 0), MSA_ERR_BAD_ARGUMENT, "L = 0");
	TF_EQ_INT(msa_expand_label_info(info, sizeof info, 65536, "key", NULL, 0), MSA_ERR_BAD_ARGUMENT, "L > 65535");
	TF_EQ_INT(msa_expand_label_info(info, sizeof info, 16, "key", ctx, 256), MSA_ERR_BAD_ARGUMENT, "ctx > 255");
	TF_EQ_INT(msa_expand_label_info(info, 13, 16, "key", NULL, 0), MSA_ERR_BUFFER_TOO_SMALL, "short info buffer");
	TF_EQ_INT(msa_expand_label(P, MSA_HASH_SHA256, s32, 32, "key", NULL, 0, out, 255 * 32 + 1),
		MSA_ERR_BAD_ARGUMENT, "L > 255*HashLen");
	TF_EQ_INT(msa_expand_label(P, 7, s32, 32, "key", NULL, 0, out, 16), MSA_ERR_UNSUPPORTED, "unknown hash");
}

/* ---------------------------------------------------------------- DRBG */

/* REQ-CRY-004: HMAC_DRBG; determinism only in the test-only mode. */
static void
test_drbg(void)
{
	static const unsigned char seed[] = "MSA test seed";
	msa_drbg a, b;
	unsigned char x[40], y[40], want[40], big[70000];
	int i, ok;

	/* Known answer: SP 800-90A HMAC_DRBG(SHA-256), entropy = the 13
	 * octets "MSA test seed", two 40-octet requests (Python, header). */
	TF_EQ_INT(msa_drbg_init_deterministic(&a, seed, 13), 0, "deterministic init");
	TF_EQ_INT(msa_drbg_generate(&a, x, 40), 0, "generate 1");
	hex("1854f400db105959e58cc1d8ed47d865e87a0e5aa44d45683ce10455399c1514f3b011074f7af1e0", want, 40);
	TF_EQ_MEM(x, want, 40, "HMAC_DRBG known answer, request 1");
	TF_EQ_INT(msa_drbg_reseed(&a), 0, "reseed is a no-op in test mode");
	TF_EQ_INT(msa_drbg_generate(&a, x, 40), 0, "generate 2");
	hex("e5d8cc6f776aba05c6819443765081b7065542571db40bb20e48318ddf5945d5399d6404e9fb843c", want, 40);
	TF_EQ_MEM(x, want, 40, "HMAC_DRBG known answer, request 2 (no getrandom mixed in)");

	/* Same seed, same stream, across the reseed interval too. */
	msa_drbg_init_deterministic(&a, seed, 13);
	msa_drbg_init_deterministic(&b, seed, 13);
	ok = 1;
	for (i = 0; i < (int)MSA_DRBG_RESEED_INTERVAL + 5; i++) {
		msa_drbg_generate(&a, x, 16);
		msa_drbg_generate(&b, y, 16);
		ok &= memcmp(x, y, 16) == 0;
	}
	TF_CHECK(ok, "same seed, same output over %u requests", MSA_DRBG_RESEED_INTERVAL + 5);
	msa_drbg_init_deterministic(&b, (const uint8_t *)"MSA test seee", 13);
	msa_drbg_generate(&a, x, 40);
	msa_drbg_generate(&b, y, 40);
	TF_CHECK(memcmp(x, y, 40) != 0, "another seed, another output");

	/* System mode: two contexts differ, and a context keeps working past
	 * the reseed interval. */
	TF_EQ_INT(msa_drbg_init(&a), 0, "getrandom seeding");
	TF_EQ_INT(msa_drbg_init(&b), 0, "getrandom seeding");
	msa_drbg_generate(&a, x, 40);
	msa_drbg_generate(&b, y, 40);
	TF_CHECK(memcmp(x, y, 40) != 0 && !all_zero(x, 40), "two system-seeded contexts differ");
	ok = 1;
	for (i = 0; i < (int)MSA_DRBG_RESEED_INTERVAL * 2 + 3; i++)
		ok &= msa_drbg_generate(&a, x, 8) == MSA_OK;
	TF_CHECK(ok, "generation across two reseeds");
	TF_EQ_INT(msa_drbg_generate(&a, big, sizeof big), 0, "a request longer than MSA_DRBG_MAX_REQUEST");
	TF_CHECK(!all_zero(big + 65536, sizeof big - 65536), "the tail of a split request is filled");
	TF_EQ_INT(msa_drbg_reseed(&a), 0, "explicit reseed");
	msa_drbg_wipe(&a);
	TF_CHECK(all_zero((const unsigned char *)&a, sizeof a), "wipe zeroes the context");
	TF_EQ_INT(msa_drbg_generate(&a, x, 8), MSA_ERR_BAD_ARGUMENT, "a wiped context refuses");
	TF_EQ_INT(msa_drbg_init_deterministic(&a, seed, 0), MSA_ERR_BAD_ARGUMENT, "empty seed refused");
	msa_drbg_wipe(&b);
}

/* ---------------------------------------------------------------- key exchange */

/* REQ-CRY-001, REQ-CRY-002, REQ-CRY-003, REQ-KS-003. */
static void
test_kex(void)
{
	msa_kex_key a, b;
	msa_drbg d;
	unsigned char pa[65], pb[65], za[32], zb[32], want[32], bad[65];
	size_t la, lb;
	int i;

	/* RFC 7748 section 6.1. */
	a.group = MSA_GROUP_X25519;
	hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", a.priv, 32);
	b.group = MSA_GROUP_X25519;
	hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", b.priv, 32);
	hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", pb, 32);
	hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", pa, 32);
	hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", want, 32);
	TF_EQ_INT(P->kex_shared(&a, pb, 32, za, 32), 0, "RFC 7748 Alice");
	TF_EQ_MEM(za, want, 32, "RFC 7748 shared secret (Alice)");
	TF_EQ_INT(P->kex_shared(&b, pa, 32, zb, 32), 0, "RFC 7748 Bob");
	TF_EQ_MEM(zb, want, 32, "RFC 7748 shared secret (Bob)");

	/* Low-order points give Z = 0: refused, z zeroed (REQ-CRY-001). */
	memset(bad, 0, 32);                              /* u = 0 */
	memset(za, 0xee, 32);
	TF_EQ_INT(P->kex_shared(&a, bad, 32, za, 32), MSA_ERR_BAD_KEY_SHARE, "u = 0 refused");
	TF_CHECK(all_zero(za, 32), "z zeroed after a refused share");
	bad[0] = 1;                                      /* u = 1 */
	TF_EQ_INT(P->kex_shared(&a, bad, 32, za, 32), MSA_ERR_BAD_KEY_SHARE, "u = 1 refused");
	/* u = p - 1 (order 2), 7fff..ffec */
	memset(bad, 0xff, 32);
	bad[0] = 0xec;
	bad[31] = 0x7f;
	TF_EQ_INT(P->kex_shared(&a, bad, 32, za, 32), MSA_ERR_BAD_KEY_SHARE, "u = p-1 refused");
	TF_EQ_INT(P->kex_shared(&a, pb, 31, za, 32), MSA_ERR_BAD_KEY_SHARE, "31-octet X25519 share");
	TF_EQ_INT(P->kex_shared(&a, pb, 33, za, 32), MSA_ERR_BAD_KEY_SHARE, "33-octet X25519 share");
	TF_EQ_INT(P->kex_shared(&a, pb, 32, za, 31), MSA_ERR_BUFFER_TOO_SMALL, "short z buffer");

	/* Key generation from the test-mode DRBG is reproducible (vectors). */
	msa_drbg_init_deterministic(&d, (const uint8_t *)"kex", 3);
	TF_EQ_INT(P->kex_keygen(&d, MSA_GROUP_X25519, &a, pa, sizeof pa, &la), 0, "X25519 keygen");
	msa_drbg_init_deterministic(&d, (const uint8_t *)"kex", 3);
	TF_EQ_INT(P->kex_keygen(&d, MSA_GROUP_X25519, &b, pb, sizeof pb, &lb), 0, "X25519 keygen again");
	TF_CHECK(la == 32 && lb == 32 && memcmp(pa, pb, 32) == 0
		&& memcmp(a.priv, b.priv, 32) == 0, "same seed, same X25519 key pair");

	for (i = 0; i < 2; i++) {
		unsigned g = i == 0 ? MSA_GROUP_X25519 : MSA_GROUP_P256;
		size_t n = msa_group_share_len(g);
		TF_EQ_INT(P->kex_keygen(&d, g, &a, pa, sizeof pa, &la), 0, "keygen a");
		TF_EQ_INT(P->kex_keygen(&d, g, &b, pb, sizeof pb, &lb), 0, "keygen b");
		TF_CHECK(la == n && lb == n, "share length %zu", n);
		TF_EQ_INT(P->kex_shared(&a, pb, lb, za, 32), 0, "shared a");
		TF_EQ_INT(P->kex_shared(&b, pa, la, zb, 32), 0, "shared b");
		TF_CHECK(memcmp(za, zb, 32) == 0 && !all_zero(za, 32), "group %u: both sides agree", g);
	}
	/* P-256 share checks (REQ-CRY-002): a = P-256 key, pb a valid share. */
	memcpy(bad, pb, 65);
	bad[0] = 0x02;
	TF_EQ_INT(P->kex_shared(&a, bad, 65, za, 32), MSA_ERR_BAD_KEY_SHARE, "prefix 02 refused");
	TF_EQ_INT(P->kex_shared(&a, pb, 33, za, 32), MSA_ERR_BAD_KEY_SHARE, "33-octet share refused");
	TF_EQ_INT(P->kex_shared(&a, pb, 64, za, 32), MSA_ERR_BAD_KEY_SHARE, "64-octet share refused");
	memcpy(bad, pb, 65);
	bad[64] ^= 1;
	TF_EQ_INT(P->kex_shared(&a, bad, 65, za, 32), MSA_ERR_BAD_KEY_SHARE, "off-curve point refused");
	memset(bad + 1, 0, 64);
	TF_EQ_INT(P->kex_shared(&a, bad, 65, za, 32), MSA_ERR_BAD_KEY_SHARE, "(0,0) refused");
	memset(bad + 1, 0xff, 64);                       /* X, Y >= p */
	TF_EQ_INT(P->kex_shared(&a, bad, 65, za, 32), MSA_ERR_BAD_KEY_SHARE, "coordinates >= p refused");
	/* Our own scalar out of range. */
	memset(a.priv, 0, 32);
	TF_EQ_INT(P->kex_shared(&a, pb, 65, za, 32), MSA_ERR_BAD_KEY, "zero P-256 scalar refused");
	memset(a.priv, 0xff, 32);
	TF_EQ_INT(P->kex_shared(&a, pb, 65, za, 32), MSA_ERR_BAD_KEY, "scalar >= n refused");
	/* Reserved and unknown groups. */
	TF_EQ_INT(P->kex_keygen(&d, MSA_GROUP_X25519MLKEM768, &a, pa, sizeof pa, &la),
		MSA_ERR_UNSUPPORTED, "group 3 not implemented");
	TF_EQ_INT(P->kex_keygen(&d, MSA_GROUP_P256, &a, pa, 64, &la), MSA_ERR_BUFFER_TOO_SMALL,
		"P-256 share buffer too small");
	a.group = 9;
	TF_EQ_INT(P->kex_shared(&a, pb, 65, za, 32), MSA_ERR_UNSUPPORTED, "unknown group");
	msa_kex_key_wipe(&a);
	TF_CHECK(all_zero((const unsigned char *)&a, sizeof a), "kex key wiped");
	msa_kex_key_wipe(&b);
	msa_drbg_wipe(&d);
}

/* ---------------------------------------------------------------- AEAD and ICV */

/* REQ-DT-006, REQ-DT-007, REQ-CRY-007, REQ-CRY-008. */
static void
test_aead(void)
{
	static const unsigned prots[] = { MSA_PROT_AES128GCM, MSA_PROT_AES256GCM,
		MSA_PROT_CHACHA20POLY1305, MSA_PROT_AES128CCM };
	static const size_t klens[] = { 16, 32, 32, 16 };
	unsigned char key[32], nonce[12], aad[17], msg[100], buf[100], tag[16], t2[16];
	size_t i, j;

	for (i = 0; i < sizeof key; i++) key[i] = (unsigned char)(i * 7);
	memset(nonce, 0x24, sizeof nonce);
	for (i = 0; i < sizeof aad; i++) aad[i] = (unsigned char)i;
	for (i = 0; i < sizeof msg; i++) msg[i] = (unsigned char)(0x80 + i);

	for (i = 0; i < 4; i++) {
		unsigned p = prots[i];
		size_t kl = klens[i];

		memcpy(buf, msg, sizeof msg);
		TF_EQ_INT(P->aead_seal(p, key, kl, nonce, aad, sizeof aad, buf, sizeof buf, tag), 0, "seal");
		TF_CHECK(memcmp(buf, msg, sizeof msg) != 0, "prot %u: encrypted in place", p);
		TF_EQ_INT(P->aead_open(p, key, kl, nonce, aad, sizeof aad, buf, sizeof buf, tag), 0, "open");
		TF_EQ_MEM(buf, msg, sizeof msg, "round trip");

		/* Tampering anywhere: BAD_RECORD and nothing left (REQ-CRY-008). */
		for (j = 0; j < 4; j++) {
			unsigned char k2[32], a2[17], n2[12];
			memcpy(k2, key, sizeof k2);
			memcpy(a2, aad, sizeof a2);
			memcpy(n2, nonce, sizeof n2);
			memcpy(buf, msg, sizeof msg);
			P->aead_seal(p, key, kl, nonce, aad, sizeof aad, buf, sizeof buf, t2);
			switch (j) {
			case 0: buf[50] ^= 0x01; break;         /* ciphertext */
			case 1: t2[15] ^= 0x80; break;          /* tag */
			case 2: a2[0] ^= 0x01; break;           /* AAD (record header) */
			case 3: n2[11] ^= 0x01; break;          /* nonce (sequence number) */
			}
			TF_EQ_INT(P->aead_open(p, k2, kl, n2, a2, sizeof a2, buf, sizeof buf, t2),
				MSA_ERR_BAD_RECORD, "tampered record refused");
			TF_CHECK(all_zero(buf, sizeof buf), "prot %u tamper %zu: output wiped", p, j);
		}
		/* Empty plaintext (an empty appData message) is authenticated too. */
		TF_EQ_INT(P->aead_seal(p, key, kl, nonce, aad, sizeof aad, buf, 0, tag), 0, "seal empty");
		TF_EQ_INT(P->aead_open(p, key, kl, nonce, aad, sizeof aad, buf, 0, tag), 0, "open empty");
		tag[0] ^= 1;
		TF_EQ_INT(P->aead_open(p, key, kl, nonce, aad, sizeof aad, buf, 0, tag),
			MSA_ERR_BAD_RECORD, "empty record with a bad tag");
		TF_EQ_INT(P->aead_seal(p, key, kl - 1, nonce, aad, sizeof aad, buf, 10, tag),
			MSA_ERR_BAD_ARGUMENT, "wrong key length");
	}
	TF_EQ_INT(P->aead_seal(MSA_PROT_HMACSHA256, key, 32, nonce, aad, 1, buf, 1, tag),
		MSA_ERR_UNSUPPORTED, "HMAC is not an AEAD");
	TF_EQ_INT(P->aead_seal(MSA_PROT_AES128GCM, key, 16, nonce, aad, 1, buf, MSA_MAX_PDU + 1, tag),
		MSA_ERR_BAD_ARGUMENT, "longer than a PDU");
	/* A refused open leaves the buffer as it was: nothing decrypted
	 * (the contract proved in make proofs). */
	memcpy(buf, msg, sizeof msg);
	TF_EQ_INT(P->aead_open(MSA_PROT_AES128GCM, key, 15, nonce, aad, sizeof aad, buf, sizeof buf, tag),
		MSA_ERR_BAD_ARGUMENT, "open: wrong key length");
	TF_EQ_INT(P->aead_open(9, key, 16, nonce, aad, sizeof aad, buf, sizeof buf, tag),
		MSA_ERR_UNSUPPORTED, "open: unknown protection");
	TF_EQ_INT(msa_br_gcm_open(key, 16, nonce, 12, aad, sizeof aad, buf, sizeof buf, tag, 17),
		MSA_ERR_BAD_ARGUMENT, "GCM open: tag longer than 16");
	TF_EQ_INT(msa_br_ccm_open(key, 16, nonce, 6, aad, sizeof aad, buf, sizeof buf, tag, 16),
		MSA_ERR_BAD_ARGUMENT, "CCM open: 6-octet nonce");
	TF_EQ_INT(msa_br_chapoly_open(key, 31, nonce, 12, aad, sizeof aad, buf, sizeof buf, tag, 16),
		MSA_ERR_BAD_ARGUMENT, "ChaCha20-Poly1305 open: 31-octet key");
	TF_EQ_MEM(buf, msg, sizeof msg, "refused opens: buffer untouched");
}

static void
test_icv(void)
{
	unsigned char key[32], hdr[17], icv[32], want[32];
	const unsigned char body[] = "hello";

	memset(key, 0x11, sizeof key);
	hex("300c040401020304020101020100020100", hdr, sizeof hdr);
	/* hmac.new(11*32, hdr + b"hello", sha256) (Python, header). */
	hex("797fdab2e2ac3b4036331252bf1769fd38281282000e74dc18730d0357a0f1c1", want, 32);
	TF_EQ_INT(P->icv_compute(key, 32, hdr, sizeof hdr, body, 5, icv), 0, "ICV compute");
	TF_EQ_MEM(icv, want, 32, "ICV = HMAC-SHA-256(key, DER(header) || body) (REQ-DT-007)");
	TF_EQ_INT(P->icv_verify(key, 32, hdr, sizeof hdr, body, 5, icv), 0, "ICV verifies");
	icv[31] ^= 1;
	TF_EQ_INT(P->icv_verify(key, 32, hdr, sizeof hdr, body, 5, icv), MSA_ERR_BAD_RECORD, "bad ICV");
	icv[31] ^= 1;
	hdr[16] ^= 1;
	TF_EQ_INT(P->icv_verify(key, 32, hdr, sizeof hdr, body, 5, icv), MSA_ERR_BAD_RECORD, "header covered");
	hdr[16] ^= 1;
	TF_EQ_INT(P->icv_verify(key, 32, hdr, sizeof hdr, body, 4, icv), MSA_ERR_BAD_RECORD, "body length covered");
	TF_EQ_INT(P->icv_compute(key, 16, hdr, sizeof hdr, body, 5, icv), MSA_ERR_BAD_ARGUMENT, "16-octet ICV key");
	/* Handshake MAC check (REQ-KS-006, REQ-CRY-007). */
	hex("797fdab2e2ac3b4036331252bf1769fd38281282000e74dc18730d0357a0f1c1", want, 32);
	{
		unsigned char data[22];
		memcpy(data, hdr, 17);
		memcpy(data + 17, body, 5);
		TF_EQ_INT(msa_mac_verify(P, MSA_HASH_SHA256, key, 32, data, 22, want, 32), 0, "mac verify");
		want[0] ^= 1;
		TF_EQ_INT(msa_mac_verify(P, MSA_HASH_SHA256, key, 32, data, 22, want, 32), MSA_ERR_BAD_MAC, "bad mac");
		want[0] ^= 1;
		TF_EQ_INT(msa_mac_verify(P, MSA_HASH_SHA256, key, 32, data, 22, want, 31), MSA_ERR_BAD_MAC, "truncated mac");
	}
}

/* ---------------------------------------------------------------- hashing */

static void
test_hash(void)
{
	msa_hash_ctx h, h2;
	unsigned char d1[48], d2[48], want[48];

	/* FIPS 180-2 "abc". */
	TF_EQ_INT(P->hash_init(&h, MSA_HASH_SHA256), 0, "init");
	P->hash_update(&h, "ab", 2);
	P->hash_update(&h, "c", 1);
	TF_EQ_INT(P->hash_out(&h, d1), 32, "SHA-256 length");
	hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", want, 32);
	TF_EQ_MEM(d1, want, 32, "SHA-256(abc)");
	/* Non-destructive: the transcript goes on after a digest (TH2, TH3). */
	TF_EQ_INT(P->hash_out(&h, d2), 32, "digest again");
	TF_EQ_MEM(d1, d2, 32, "hash_out does not change the context");
	P->hash_copy(&h2, &h);
	P->hash_update(&h2, "d", 1);
	P->hash_out(&h, d2);
	TF_EQ_MEM(d1, d2, 32, "a copy is independent");
	P->hash_out(&h2, d2);
	TF_EQ_INT(P->hash_init(&h, MSA_HASH_SHA256), 0, "init");
	P->hash_update(&h, "abcd", 4);
	P->hash_out(&h, d1);
	TF_EQ_MEM(d1, d2, 32, "forked transcript = hash of the whole");
	TF_EQ_INT(P->hash_init(&h, MSA_HASH_SHA384), 0, "init 384");
	P->hash_update(&h, "abc", 3);
	TF_EQ_INT(P->hash_out(&h, d1), 48, "SHA-384 length");
	hex("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
		"8086072ba1e7cc2358baeca134c825a7", want, 48);
	TF_EQ_MEM(d1, want, 48, "SHA-384(abc)");
	TF_EQ_INT(P->hash_init(&h, 0), MSA_ERR_UNSUPPORTED, "unknown hash");
}

/* ---------------------------------------------------------------- ECDSA */

/* REQ-SUI-006, REQ-CRY-006. */
static void
test_ecdsa(void)
{
	msa_private_key k;
	unsigned char x[48], q[97], sig[MSA_SIG_MAX], want[MSA_SIG_MAX], msg[27 + 48];  /* "MSA v1 responder signature" 00 || 48 zero octets */
	size_t ql, sl, wl;

	/* RFC 6979 A.2.5, P-256 / SHA-256, message "sample": the deterministic
	 * signature is known exactly (checked with python3-cryptography). */
	hex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", x, 32);
	TF_EQ_INT(msa_private_key_set(&k, MSA_SIG_ECDSA_P256_SHA256, x, 32), 0, "P-256 key");
	TF_EQ_INT(P->sig_sign(&k, (const uint8_t *)"sample", 6, sig, sizeof sig, &sl), 0, "sign");
	wl = hex("3046022100efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
		"022100f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8", want, sizeof want);
	TF_CHECK(sl == wl && memcmp(sig, want, wl) == 0, "RFC 6979 A.2.5 signature, DER");
	TF_EQ_INT(P->sig_pubkey(&k, q, sizeof q, &ql), 0, "public key");
	TF_EQ_INT(ql, 65, "P-256 public key length");
	hex("0460FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6", want, 33);
	TF_EQ_MEM(q, want, 33, "RFC 6979 A.2.5 public key Ux");
	TF_EQ_INT(P->sig_verify(MSA_SIG_ECDSA_P256_SHA256, q, ql, (const uint8_t *)"sample", 6, sig, sl),
		0, "verify");
	TF_EQ_INT(P->sig_verify(MSA_SIG_ECDSA_P256_SHA256, q, ql, (const uint8_t *)"samplf", 6, sig, sl),
		MSA_ERR_BAD_SIGNATURE, "other message");
	TF_EQ_INT(P->sig_verify(MSA_SIG_ECDSA_P384_SHA384, q, ql, (const uint8_t *)"sample", 6, sig, sl),
		MSA_ERR_BAD_KEY, "P-256 key given as P-384");
	TF_EQ_INT(P->sig_sign(&k, (const uint8_t *)"sample", 6, sig, sl - 1, &sl), MSA_ERR_BUFFER_TOO_SMALL,
		"short signature buffer");

	/* A P-384 signature made by OpenSSL (random k) verifies. */
	memcpy(msg, "MSA v1 responder signature", 27);
	memset(msg + 27, 0, 48);
	ql = hex("04c76f2283dda95cd49b0ed9e733d2904474e37216f124e13d2c9ab4cf01021c49ad9cabb3d0b97499aef2f0ab313fa028"
		"26bc1f83451b5c8962a75caff73588d4400a6296436154fb343c393e91048a6c7bcbadc83cd8a5f26feae883156f92a1", q, sizeof q);
	sl = hex("306402306cfaff5cb5ed496e8d08041aea0700f2e97331ee9b97ecdd96a97e566bab00bda8cc4f481337848710cea2f456b6"
		"88550230701a0e08fba27e78af27d1b66e3b5e43cab3b45a55079d229b09cfc65baf6363b55c0a243e9a5ef462ff0b8485b3a90a",
		sig, sizeof sig);
	TF_EQ_INT(P->sig_verify(MSA_SIG_ECDSA_P384_SHA384, q, ql, msg, sizeof msg, sig, sl), 0,
		"OpenSSL P-384 signature verifies");
	/* Our P-384 key (scalar 01 02 .. 30) has the same public key, and our
	 * signature verifies. */
	for (wl = 0; wl < 48; wl++) x[wl] = (unsigned char)(wl + 1);
	TF_EQ_INT(msa_private_key_set(&k, MSA_SIG_ECDSA_P384_SHA384, x, 48), 0, "P-384 key");
	TF_EQ_INT(P->sig_pubkey(&k, want, sizeof want, &wl), 0, "P-384 public key");
	TF_CHECK(wl == 97 && memcmp(want, q, 97) == 0, "P-384 public key = OpenSSL's");
	TF_EQ_INT(P->sig_sign(&k, msg, sizeof msg, sig, sizeof sig, &sl), 0, "P-384 sign");
	TF_EQ_INT(P->sig_verify(MSA_SIG_ECDSA_P384_SHA384, q, ql, msg, sizeof msg, sig, sl), 0, "P-384 verify");
	/* Strict DER: a long-form SEQUENCE length is refused. */
	memmove(sig + 3, sig + 2, sl - 2);
	sig[2] = sig[1];
	sig[1] = 0x81;
	TF_EQ_INT(P->sig_verify(MSA_SIG_ECDSA_P384_SHA384, q, ql, msg, sizeof msg, sig, sl + 1),
		MSA_ERR_BAD_SIGNATURE, "non-minimal length refused");

	/* Scalar range (msa_private_key_set). */
	memset(x, 0, 48);
	TF_EQ_INT(msa_private_key_set(&k, MSA_SIG_ECDSA_P256_SHA256, x, 32), MSA_ERR_BAD_KEY, "zero scalar");
	TF_CHECK(all_zero((const unsigned char *)&k, sizeof k), "refused key wiped");
	hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", x, 32);   /* n */
	TF_EQ_INT(msa_private_key_set(&k, MSA_SIG_ECDSA_P256_SHA256, x, 32), MSA_ERR_BAD_KEY, "scalar = n");
	x[31] = 0x50;                                                                      /* n - 1 */
	TF_EQ_INT(msa_private_key_set(&k, MSA_SIG_ECDSA_P256_SHA256, x, 32), 0, "scalar = n - 1");
	x[0] = 7;
	TF_EQ_INT(msa_private_key_set(&k, MSA_SIG_ECDSA_P256_SHA256, x, 1), 0, "short scalar padded");
	TF_CHECK(k.len == 32 && k.x[31] == 7 && all_zero(k.x, 31), "left-padded scalar");
	TF_EQ_INT(msa_private_key_set(&k, MSA_SIG_ECDSA_P256_SHA256, x, 33), MSA_ERR_BAD_ARGUMENT, "33-octet scalar");
	TF_EQ_INT(msa_private_key_set(&k, 9, x, 32), MSA_ERR_UNSUPPORTED, "unknown algorithm");
	msa_private_key_wipe(&k);
}

/* ---------------------------------------------------------------- signature DER */

/* The canonical DER INTEGER of the big-endian value v[0..q): the
 * significant octets (at least one), with a 00 before a top bit set. */
static size_t
der_int(const unsigned char *v, size_t q, unsigned char *out)
{
	size_t i = 0, n;

	while (i + 1 < q && v[i] == 0)
		i++;
	n = q - i;
	out[0] = 0x02;
	if (v[i] & 0x80) {
		out[1] = (unsigned char)(n + 1);
		out[2] = 0;
		memcpy(out + 3, v + i, n);
		return n + 3;
	}
	out[1] = (unsigned char)n;
	memcpy(out + 2, v + i, n);
	return n + 2;
}

/* The canonical ECDSA-Sig-Value of r || s (raw[0..2q)). */
static size_t
der_sig(const unsigned char *raw, size_t q, unsigned char *out)
{
	size_t n = der_int(raw, q, out + 2);

	n += der_int(raw + q, q, out + 2 + n);
	out[0] = 0x30;
	out[1] = (unsigned char)n;
	return n + 2;
}

/* msa_ecdsa_der_to_raw (the peer's signature, proved in make proofs):
 * every canonical encoding of (r, s) decodes to r || s, and every octet
 * string it accepts is the canonical encoding of what it returns, checked
 * over every one-octet change (all 256 values at every position), every
 * truncation and every extension of encodings of values of every length,
 * with and without the top bit set, zero included. */
static void
test_sig_der(void)
{
	static const size_t qs[2] = { 32, 48 };
	unsigned char raw[96], got[96], enc[110], m[112], re[112];
	unsigned long accepted = 0, refused = 0, bad = 0, seed = 1;
	size_t qi, len, pos, n, mlen;
	int v, round;

	for (qi = 0; qi < 2; qi++) {
		size_t q = qs[qi];

		for (round = 0; round < 2 * (int)q + 4; round++) {
			/* r has round/2 leading zero octets (all zero when it
			 * covers q), s the mirror image; top bits alternate. */
			for (n = 0; n < 2 * q; n++) {
				seed = seed * 6364136223846793005ul + 1442695040888963407ul;
				raw[n] = (unsigned char)(seed >> 56);
			}
			for (n = 0; n < (size_t)round / 2 && n < q; n++)
				raw[n] = 0;
			for (n = 0; n < q - (size_t)round / 2 % q; n++)
				raw[q + n] = 0;
			if ((size_t)round / 2 < q)
				raw[round / 2] = (unsigned char)(round & 1 ? raw[round / 2] | 0x80 : (raw[round / 2] & 0x7F) | 1);
			len = der_sig(raw, q, enc);
			memset(got, 0xAA, sizeof got);
			if (msa_ecdsa_der_to_raw(enc, len, q, got) != 0 || memcmp(got, raw, 2 * q) != 0)
				bad++;
			for (pos = 0; pos <= len; pos++)
				for (v = -1; v < 256; v++) {
					/* v = -1: the truncation to pos octets;
					 * at pos = len, the extension by v */
					memcpy(m, enc, len);
					if (v < 0)
						mlen = pos;
					else if (pos == len) {
						m[len] = (unsigned char)v;
						mlen = len + 1;
					} else {
						if (m[pos] == v)
							continue;
						m[pos] = (unsigned char)v;
						mlen = len;
					}
					if (msa_ecdsa_der_to_raw(m, mlen, q, got) != 0) {
						refused++;
						continue;
					}
					accepted++;
					if (der_sig(got, q, re) != mlen || memcmp(re, m, mlen) != 0)
						bad++;
				}
		}
	}
	TF_CHECK(bad == 0, "signature DER: canonical encodings decode, only canonical encodings are accepted");
	TF_CHECK(accepted > 1000 && refused > 100000, "signature DER: both outcomes exercised");
	/* Each rule alone, on r = 1, s = 1 (P-256). */
	{
		static const struct { const char *hex; int ok; const char *what; } c[] = {
			{ "3006020101020101", 0, "minimal" },
			{ "3006020100020100", 0, "r = s = 0 decodes (range is BearSSL's)" },
			{ "300702020001020101", -1, "redundant leading 00" },
			{ "3006020181020101", -1, "negative INTEGER" },
			{ "30050200020101", -1, "empty INTEGER" },
			{ "300702810101020101", -1, "long-form INTEGER length" },
			{ "308106020101020101", -1, "long-form SEQUENCE length" },
			{ "3106020101020101", -1, "SET instead of SEQUENCE" },
			{ "3006030101020101", -1, "BIT STRING instead of INTEGER" },
			{ "3007020101020101", -1, "SEQUENCE length past the end" },
			{ "300602010102010100", -1, "octet after the SEQUENCE" },
			{ "3009020101020101020101", -1, "third INTEGER" },
			{ "3003020101", -1, "one INTEGER" },
			{ "3000", -1, "empty SEQUENCE" },
			{ "30", -1, "one octet" },
		};
		unsigned char b[40];
		size_t i, bl;

		for (i = 0; i < sizeof c / sizeof c[0]; i++) {
			bl = hex(c[i].hex, b, sizeof b);
			TF_EQ_INT(msa_ecdsa_der_to_raw(b, bl, 32, got), c[i].ok, c[i].what);
		}
		TF_EQ_INT(msa_ecdsa_der_to_raw(NULL, 8, 32, got), -1, "NULL signature");
		/* 33 significant octets for a 32-octet scalar; 00 + 32 with the
		 * top bit set is the longest that fits. */
		memset(b, 0, sizeof b);
		b[0] = 0x30; b[1] = 38; b[2] = 0x02; b[3] = 33; b[4] = 0x01; b[37] = 0x02; b[38] = 1; b[39] = 1;
		TF_EQ_INT(msa_ecdsa_der_to_raw(b, 40, 32, got), -1, "r of 33 significant octets");
		b[4] = 0x00; b[5] = 0x80;
		TF_EQ_INT(msa_ecdsa_der_to_raw(b, 40, 32, got), 0, "r of 00 + 32 octets, top bit set");
		TF_CHECK(got[0] == 0x80 && got[63] == 1, "r and s in place");
	}
}

/* msa_ct_eq (the tag, ICV and HMAC checks; proofs/README.md: proved with
 * WP): every pair of octets at every position of buffers of every length
 * up to 64, 1 exactly when the two are equal. */
static void
test_ct_eq(void)
{
	uint8_t a[64], b[64];
	size_t n, i;
	unsigned u, v, bad = 0, checked = 0;

	for (i = 0; i < sizeof a; i++)
		a[i] = (uint8_t)(i * 37u + 11u);
	for (n = 0; n <= sizeof a; n++) {
		memcpy(b, a, sizeof a);
		TF_EQ_INT(msa_ct_eq(a, b, n), 1, "ct_eq: equal buffers");
		TF_EQ_INT(msa_ct_eq_u8(a, b, n), 1, "ct_eq_u8: equal buffers");
		for (i = 0; i < n; i++) {
			for (v = 1; v < 256; v++) {
				b[i] = (uint8_t)(a[i] ^ v);
				bad += msa_ct_eq(a, b, n) != 0;
				bad += msa_ct_eq_u8(b, a, n) != 0;
				checked += 2;
			}
			b[i] = a[i];
		}
		/* a difference beyond n is not looked at */
		if (n < sizeof a) {
			b[n] ^= 0x80u;
			TF_EQ_INT(msa_ct_eq(a, b, n), 1, "ct_eq: only n octets");
		}
	}
	TF_CHECK(bad == 0, "ct_eq: %u of %u one-octet differences taken as equal", bad, checked);
	/* every pair of one-octet values */
	bad = 0;
	for (u = 0; u < 256; u++)
		for (v = 0; v < 256; v++) {
			uint8_t x = (uint8_t)u, y = (uint8_t)v;
			bad += msa_ct_eq(&x, &y, 1) != (u == v);
		}
	TF_CHECK(bad == 0, "ct_eq: %u of 65536 octet pairs wrong", bad);
}

int
main(void)
{
	P = msa_crypto_bearssl();
	TF_CHECK(P != NULL && strcmp(P->name, "bearssl") == 0, "BearSSL provider");
	test_suites();
	test_expand_label();
	test_drbg();
	test_kex();
	test_aead();
	test_icv();
	test_hash();
	test_ecdsa();
	test_sig_der();
	test_ct_eq();
	return tf_done("test_crypto");
}
