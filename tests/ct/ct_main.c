/*
 * ct_main.c -- the constant-time check (make ct-check, mk/ct.mk), in the
 * manner of ctgrind: secrets are marked undefined with
 * VALGRIND_MAKE_MEM_UNDEFINED and the code runs under valgrind memcheck,
 * which reports every conditional jump, and every memory address, that
 * depends on them ("Conditional jump or move depends on uninitialised
 * value(s)", "Use of uninitialised value"). The library is built for this
 * with -DMSA_CTGRIND, so that the few values that are public by design
 * (the verdict of a tag comparison) are declassified where the code
 * branches on them (src/ct.h). REQ-CRY-007 (constant-time comparison),
 * REQ-CRY-008, REQ-KS-001, REQ-KS-002, REQ-KS-006.
 *
 * Paths: AEAD seal and open (the four AEADs, good and bad tag), ICV
 * compute and verify, the handshake MAC check, HMAC, HKDF extract and
 * expand, ExpandLabel, and the shared-secret computation of X25519 and
 * P-256 (our scalar secret).
 * Exit status 0 when every path ran and returned what it should; valgrind
 * itself reports the leaks of secret-dependence (mk/ct.mk fails on them).
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>
#include "msa.h"

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

static int failures;

static void
expect(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "ct_main: unexpected result: %s\n", what);
		failures++;
	}
}

static void
ct_aead(const msa_crypto_provider *P)
{
	static const unsigned prots[] = { MSA_PROT_AES128GCM, MSA_PROT_AES256GCM,
		MSA_PROT_CHACHA20POLY1305, MSA_PROT_AES128CCM };
	static const size_t klens[] = { 16, 32, 32, 16 };
	unsigned char key[32], nonce[12], aad[20], buf[300], tag[16];
	size_t i;
	int rc;

	for (i = 0; i < 4; i++) {
		memset(key, 0x42 + (int)i, sizeof key);
		memset(nonce, 7, sizeof nonce);
		memset(aad, 9, sizeof aad);
		memset(buf, 0x61, sizeof buf);
		/* seal: key and plaintext secret */
		SECRET(key, sizeof key);
		SECRET(buf, sizeof buf);
		rc = P->aead_seal(prots[i], key, klens[i], nonce, aad, sizeof aad, buf, sizeof buf, tag);
		expect(rc == MSA_OK, "seal");
		/* What goes on the wire is public: ciphertext and tag. */
		PUBLIC(buf, sizeof buf);
		PUBLIC(tag, sizeof tag);
		/* open with the right tag: key secret, result plaintext secret */
		rc = P->aead_open(prots[i], key, klens[i], nonce, aad, sizeof aad, buf, sizeof buf, tag);
		expect(rc == MSA_OK, "open good tag");
		/* open with a wrong tag */
		P->aead_seal(prots[i], key, klens[i], nonce, aad, sizeof aad, buf, sizeof buf, tag);
		PUBLIC(buf, sizeof buf);
		PUBLIC(tag, sizeof tag);
		tag[3] ^= 0x10;
		rc = P->aead_open(prots[i], key, klens[i], nonce, aad, sizeof aad, buf, sizeof buf, tag);
		expect(rc == MSA_ERR_BAD_RECORD, "open bad tag");
		PUBLIC(key, sizeof key);
	}
}

static void
ct_mac(const msa_crypto_provider *P)
{
	unsigned char key[48], hdr[17], body[64], icv[32], mac[48], data[48];
	msa_seg seg[2];
	int rc;

	memset(key, 0x33, sizeof key);
	memset(hdr, 0x30, sizeof hdr);
	memset(body, 0x55, sizeof body);
	memset(data, 0x77, sizeof data);
	SECRET(key, sizeof key);
	rc = P->icv_compute(key, 32, hdr, sizeof hdr, body, sizeof body, icv);
	expect(rc == MSA_OK, "icv compute");
	PUBLIC(icv, sizeof icv);
	expect(P->icv_verify(key, 32, hdr, sizeof hdr, body, sizeof body, icv) == MSA_OK, "icv good");
	icv[0] ^= 1;
	expect(P->icv_verify(key, 32, hdr, sizeof hdr, body, sizeof body, icv) == MSA_ERR_BAD_RECORD,
		"icv bad");

	/* Handshake MAC (mac2 = HMAC(mk_R, TH2)), SHA-256 and SHA-384. */
	seg[0].ptr = data;
	seg[0].len = 32;
	rc = P->hmac(MSA_HASH_SHA256, key, 32, seg, 1, mac);
	expect(rc == MSA_OK, "hmac");
	PUBLIC(mac, sizeof mac);
	expect(msa_mac_verify(P, MSA_HASH_SHA256, key, 32, data, 32, mac, 32) == MSA_OK, "mac good");
	mac[31] ^= 1;
	expect(msa_mac_verify(P, MSA_HASH_SHA256, key, 32, data, 32, mac, 32) == MSA_ERR_BAD_MAC,
		"mac bad");
	rc = P->hmac(MSA_HASH_SHA384, key, 48, seg, 1, mac);
	PUBLIC(mac, sizeof mac);
	expect(msa_mac_verify(P, MSA_HASH_SHA384, key, 48, data, 32, mac, 48) == MSA_OK, "mac384 good");
	/* HMAC over two segments, secret data too (traffic secret as data). */
	SECRET(body, sizeof body);
	seg[1].ptr = body;
	seg[1].len = sizeof body;
	expect(P->hmac(MSA_HASH_SHA256, key, 32, seg, 2, mac) == MSA_OK, "hmac 2 segments");
	PUBLIC(key, sizeof key);
}

static void
ct_key_schedule(const msa_crypto_provider *P)
{
	unsigned char z[32], rk[48], prk[48], th[48], out[64], ts[48];
	static const char *const labels[] = { "r mac", "i mac", "rekey", "i2r", "r2i", "update" };
	unsigned h;
	size_t i;

	for (h = MSA_HASH_SHA256; h <= MSA_HASH_SHA384; h++) {
		size_t hl = msa_hash_len(h);

		memset(z, 0x5a, sizeof z);
		memset(rk, 0x6b, sizeof rk);
		memset(th, 0x01, sizeof th);           /* transcript hash: public */
		SECRET(z, sizeof z);
		SECRET(rk, sizeof rk);
		/* PRK = Extract(zeros, Z); PRK' = Extract(rk, Z') */
		expect(P->hkdf_extract(h, NULL, 0, z, sizeof z, prk) == MSA_OK, "extract");
		expect(P->hkdf_extract(h, rk, hl, z, sizeof z, prk) == MSA_OK, "extract rk");
		for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
			expect(msa_expand_label(P, h, prk, hl, labels[i], NULL, 0, out, hl) == MSA_OK,
				"expand label");
		expect(msa_expand_label(P, h, prk, hl, "master", th, hl, ts, hl) == MSA_OK, "master");
		expect(msa_expand_label(P, h, ts, hl, "key", NULL, 0, out, 32) == MSA_OK, "key");
		expect(msa_expand_label(P, h, ts, hl, "iv", NULL, 0, out, 12) == MSA_OK, "iv");
		/* A long expansion (several HMAC blocks). */
		expect(P->hkdf_expand(h, prk, hl, th, 10, out, sizeof out) == MSA_OK, "expand 64");
	}
}

static void
ct_kex(const msa_crypto_provider *P)
{
	msa_kex_key a, b;
	msa_drbg d;
	unsigned char pa[65], pb[65], z[32];
	size_t la, lb;
	unsigned g;

	msa_drbg_init_deterministic(&d, (const uint8_t *)"ct", 2);
	for (g = MSA_GROUP_X25519; g <= MSA_GROUP_P256; g++) {
		P->kex_keygen(&d, g, &a, pa, sizeof pa, &la);
		P->kex_keygen(&d, g, &b, pb, sizeof pb, &lb);
		SECRET(a.priv, sizeof a.priv);
		expect(P->kex_shared(&a, pb, lb, z, sizeof z) == MSA_OK, "shared");
		PUBLIC(a.priv, sizeof a.priv);
	}
	msa_drbg_wipe(&d);
}

int
main(void)
{
	const msa_crypto_provider *P = msa_crypto_bearssl();

	ct_aead(P);
	ct_mac(P);
	ct_key_schedule(P);
	ct_kex(P);
	printf("ct_main: %s\n", failures ? "UNEXPECTED RESULTS" : "all paths ran");
	return failures ? 1 : 0;
}
