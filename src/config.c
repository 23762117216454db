/*
 * config.c -- an endpoint's configuration (msa_config), the diagnostic
 * registry (spec 15.1, 15.2) and the state names.
 */
#include <string.h>

#include "engine.h"
#include "internal.h"
#include "x509.h"

void
msa_config_init(msa_config *c, const msa_crypto_provider *crypto, msa_drbg *rng)
{
	size_t i;
	const msa_suite *s;

	memset(c, 0, sizeof *c);
	c->crypto = crypto;
	c->rng = rng;
	for (i = 0; (s = msa_suite_at(i)) != NULL && c->n_suites < MSA_MAX_SUITES; i++)
		if (s->aead && msa_engine_suite(s->id) != NULL)    /* REQ-SUI-004 */
			c->suites[c->n_suites++] = s->id;
	c->use_refs = 1;
	c->mode = MSA_MODE_STREAM;
	c->hs_timeout = c->renewal_timeout = c->release_timeout = 30;
}

int
msa_config_set_identity(msa_config *c, const msa_private_key *key,
	const msa_seg *chain, size_t n)
{
	msa_x509 x;
	size_t i;
	int r;

	if (c == NULL || key == NULL || chain == NULL || n == 0)
		return MSA_ERR_BAD_ARGUMENT;
	if (n > MSA_MAX_CHAIN)
		return MSA_ERR_CERT_CHAIN_TOO_LONG;
	if ((r = msa_x509_parse(chain[0].ptr, chain[0].len, &x)) != MSA_OK)
		return r;
	if (x.san_uris != 1 || x.uri_len == 0 || x.uri_len > MSA_MAX_IDENTITY)
		return MSA_ERR_CERT_IDENTITY;
	if ((r = msa_cert_key_match(key, chain[0].ptr, chain[0].len)) != MSA_OK)
		return r;
	c->key = key;
	for (i = 0; i < n; i++)
		c->chain[i] = chain[i];
	c->chain_len = n;
	msa_cert_ref(chain[0].ptr, chain[0].len, c->own_ref);
	memcpy(c->own_id, x.uri, x.uri_len);
	c->own_id_len = x.uri_len;
	return MSA_OK;
}

int
msa_config_add_peer(msa_config *c, const uint8_t *id, size_t len)
{
	if (c == NULL || id == NULL || len == 0 || len > MSA_MAX_IDENTITY)
		return MSA_ERR_BAD_ARGUMENT;
	if (c->n_peer_ids >= MSA_MAX_PEER_IDS)
		return MSA_ERR_BUFFER_TOO_SMALL;
	c->peer_ids[c->n_peer_ids].ptr = id;
	c->peer_ids[c->n_peer_ids].len = len;
	c->n_peer_ids++;
	return MSA_OK;
}

int
msa_config_set_suites(msa_config *c, const uint16_t *ids, size_t n)
{
	size_t i, j;

	if (c == NULL || ids == NULL || n == 0 || n > MSA_MAX_SUITES)
		return MSA_ERR_BAD_ARGUMENT;
	for (i = 0; i < n; i++) {
		if (msa_engine_suite(ids[i]) == NULL)
			return MSA_ERR_UNSUPPORTED;
		for (j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return MSA_ERR_BAD_ARGUMENT;
	}
	for (i = 0; i < n; i++)
		c->suites[i] = ids[i];
	c->n_suites = n;
	return MSA_OK;
}

const char *
msa_state_name(int st)
{
	static const char *const names[] = { "IDLE", "WAIT_RESP", "WAIT_FINISH",
		"ESTABLISHED", "RELEASE_SENT", "RELEASE_RECEIVED", "CLOSED", "ABORTED" };

	return st >= 0 && st <= MSA_ST_ABORTED ? names[st] : "?";
}

const char *
msa_diag_name(int d)
{
	static const char *const names[] = { "unspecified", "protocolVersion",
		"decodeError", "unexpectedPdu", "noCommonSuite", "illegalParameter",
		"badKeyShare", "badCertificate", "certificateExpired", "unknownCa",
		"badIdentity", "unknownCertRef", "badSignature", "badMac", "badRecord",
		"badSequence", "tooLarge", "usageLimit", "renewalError", "unknownAssoc",
		"resourceExhausted", "timeout", "internalError", "userAbort" };

	return d >= 0 && d <= MSA_DIAG_USER_ABORT ? names[d] : names[0];
}

/* Table 15.2: the diagnostic sent when error e ends an association. */
int
msa_diag_of(int e)
{
	switch (e) {
	case MSA_ERR_DER_TOO_LARGE:          return MSA_DIAG_TOO_LARGE;
	case MSA_ERR_ARENA_EXHAUSTED:        return MSA_DIAG_RESOURCE_EXHAUSTED;
	case MSA_ERR_BAD_KEY_SHARE:          return MSA_DIAG_BAD_KEY_SHARE;
	case MSA_ERR_BAD_SIGNATURE:          return MSA_DIAG_BAD_SIGNATURE;
	case MSA_ERR_BAD_MAC:                return MSA_DIAG_BAD_MAC;
	case MSA_ERR_BAD_RECORD:             return MSA_DIAG_BAD_RECORD;
	case MSA_ERR_RNG:                    return MSA_DIAG_INTERNAL_ERROR;
	case MSA_ERR_BAD_KEY:                return MSA_DIAG_INTERNAL_ERROR;
	case MSA_ERR_CERT_DECODE:            return MSA_DIAG_BAD_CERTIFICATE;
	case MSA_ERR_CERT_EXPIRED:           return MSA_DIAG_CERTIFICATE_EXPIRED;
	case MSA_ERR_CERT_NOT_YET_VALID:     return MSA_DIAG_CERTIFICATE_EXPIRED;
	case MSA_ERR_CERT_UNTRUSTED:         return MSA_DIAG_UNKNOWN_CA;
	case MSA_ERR_CERT_KEY_USAGE:         return MSA_DIAG_BAD_CERTIFICATE;
	case MSA_ERR_CERT_NOT_CA:            return MSA_DIAG_BAD_CERTIFICATE;
	case MSA_ERR_CERT_CHAIN_TOO_LONG:    return MSA_DIAG_BAD_CERTIFICATE;
	case MSA_ERR_CERT_KEY_TYPE:          return MSA_DIAG_BAD_CERTIFICATE;
	case MSA_ERR_CERT_IDENTITY:          return MSA_DIAG_BAD_IDENTITY;
	case MSA_ERR_CERT_UNKNOWN_REF:       return MSA_DIAG_UNKNOWN_CERT_REF;
	case MSA_ERR_CERT_PROFILE:           return MSA_DIAG_BAD_CERTIFICATE;
	case MSA_ERR_STATE:                  return MSA_DIAG_UNEXPECTED_PDU;
	case MSA_ERR_PROTOCOL_VERSION:       return MSA_DIAG_PROTOCOL_VERSION;
	case MSA_ERR_NO_COMMON_SUITE:        return MSA_DIAG_NO_COMMON_SUITE;
	case MSA_ERR_ILLEGAL_PARAMETER:      return MSA_DIAG_ILLEGAL_PARAMETER;
	case MSA_ERR_BAD_SEQUENCE:           return MSA_DIAG_BAD_SEQUENCE;
	case MSA_ERR_USAGE_LIMIT:            return MSA_DIAG_USAGE_LIMIT;
	case MSA_ERR_RENEWAL:                return MSA_DIAG_RENEWAL_ERROR;
	case MSA_ERR_UNKNOWN_ASSOC:          return MSA_DIAG_UNKNOWN_ASSOC;
	case MSA_ERR_INTERNAL:               return MSA_DIAG_INTERNAL_ERROR;
	case MSA_ERR_TIMEOUT:                return MSA_DIAG_TIMEOUT;
	case MSA_ERR_RESOURCE_EXHAUSTED:     return MSA_DIAG_RESOURCE_EXHAUSTED;
	default:
		if (e <= MSA_ERR_DER_TRUNCATED && e >= MSA_ERR_NOT_CANONICAL)
			return MSA_DIAG_DECODE_ERROR;      /* DER_*, schema, values */
		return MSA_DIAG_UNSPECIFIED;
	}
}
