/*
 * suite.c -- the suite registry (spec section "Suites", REQ-SUI-*).
 * One static table: the exact rows of the design (design.md "Suites").
 */
#include <string.h>
#include "internal.h"

#define GCM_LIMIT     (1u << 24)   /* AES-GCM: 2^24 records per key */
#define CCM_LIMIT     (1u << 23)   /* AES-CCM: 2^23 records per key */
#define SEQ_LIMIT     0xFFFFFFFFu  /* ChaCha20-Poly1305, HMAC: the seq limit */

/* id, name, group, protection, hash, key, iv, tag, hash_len, aead, reserved, limit */
static const msa_suite suites[] = {
	{ 0x0001, "X25519_AES128GCM_SHA256", MSA_GROUP_X25519, MSA_PROT_AES128GCM,
	  MSA_HASH_SHA256, 16, 12, 16, 32, 1, 0, GCM_LIMIT },
	{ 0x0002, "P256_AES128GCM_SHA256", MSA_GROUP_P256, MSA_PROT_AES128GCM,
	  MSA_HASH_SHA256, 16, 12, 16, 32, 1, 0, GCM_LIMIT },
	{ 0x0003, "X25519_AES256GCM_SHA384", MSA_GROUP_X25519, MSA_PROT_AES256GCM,
	  MSA_HASH_SHA384, 32, 12, 16, 48, 1, 0, GCM_LIMIT },
	{ 0x0004, "P256_AES256GCM_SHA384", MSA_GROUP_P256, MSA_PROT_AES256GCM,
	  MSA_HASH_SHA384, 32, 12, 16, 48, 1, 0, GCM_LIMIT },
	{ 0x0005, "X25519_CHACHA20POLY1305_SHA256", MSA_GROUP_X25519,
	  MSA_PROT_CHACHA20POLY1305, MSA_HASH_SHA256, 32, 12, 16, 32, 1, 0, SEQ_LIMIT },
	{ 0x0006, "X25519_AES128CCM_SHA256", MSA_GROUP_X25519, MSA_PROT_AES128CCM,
	  MSA_HASH_SHA256, 16, 12, 16, 32, 1, 0, CCM_LIMIT },
	{ 0x0007, "P256_AES128CCM_SHA256", MSA_GROUP_P256, MSA_PROT_AES128CCM,
	  MSA_HASH_SHA256, 16, 12, 16, 32, 1, 0, CCM_LIMIT },
	{ 0x0011, "X25519_HMACSHA256_SHA256", MSA_GROUP_X25519, MSA_PROT_HMACSHA256,
	  MSA_HASH_SHA256, 32, 0, 32, 32, 0, 0, SEQ_LIMIT },
	{ 0x0012, "P256_HMACSHA256_SHA256", MSA_GROUP_P256, MSA_PROT_HMACSHA256,
	  MSA_HASH_SHA256, 32, 0, 32, 32, 0, 0, SEQ_LIMIT },
	{ 0x0101, "X25519MLKEM768_AES128GCM_SHA256", MSA_GROUP_X25519MLKEM768,
	  MSA_PROT_AES128GCM, MSA_HASH_SHA256, 16, 12, 16, 32, 1, 1, GCM_LIMIT },
};

#define NSUITES (sizeof suites / sizeof suites[0])

const msa_suite *
msa_suite_at(size_t i)
{
	return i < NSUITES ? &suites[i] : NULL;
}

const msa_suite *
msa_suite_find(uint16_t id)
{
	size_t i;

	for (i = 0; i < NSUITES; i++)
		if (suites[i].id == id)
			return &suites[i];
	return NULL;
}

const msa_suite *
msa_suite_by_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < NSUITES; i++)
		if (strcmp(suites[i].name, name) == 0)
			return &suites[i];
	return NULL;
}

size_t
msa_hash_len(unsigned hash)
{
	switch (hash) {
	case MSA_HASH_SHA256: return 32;
	case MSA_HASH_SHA384: return 48;
	default: return 0;
	}
}

size_t
msa_group_share_len(unsigned group)
{
	switch (group) {
	case MSA_GROUP_X25519: return 32;
	case MSA_GROUP_P256: return 65;
	default: return 0;
	}
}
