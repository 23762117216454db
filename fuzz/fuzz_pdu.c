/*
 * fuzz_pdu.c -- one PDU through the whole layered decoder (msa_pdu_decode:
 * gate, asn1c, constraints, application checks, canonical re-encoding),
 * with the round-trip oracle of fuzz/common.c, plus:
 *  - msa_pdu_decode agrees with msa_value_decode(&asn_DEF_MsaPdu) and with
 *    the gate alone: a gate rejection is the decoder's rejection, same code,
 *    same offset (layer 1 comes first: spec section "Decoding");
 *  - msa_der_frame (stream framing) agrees with msa_der_check: a frame
 *    that says MSA_OK with pdu_len == len is what the gate sees; a shorter
 *    frame means trailing bytes exactly there; "need more" means the gate
 *    says truncated; a header error is the gate's error at the same offset;
 *    every proper prefix of a frame needs more bytes;
 *  - an accepted PDU has a type name and prints as msa_value_print does;
 *  - msa_pdu_peek (routing by TLV headers) agrees with the decoded value.
 * REQ-ENC-001..018, REQ-LIM-001, REQ-LIM-003, REQ-GEN-004.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

#include "MsaPdu.h"

/* The header errors msa_der_frame may report (it reads one header only). */
static int
is_header_error(int r)
{
	return r == MSA_ERR_DER_TAG_FORM || r == MSA_ERR_DER_INDEFINITE_LENGTH
		|| r == MSA_ERR_DER_LENGTH_NOT_MINIMAL || r == MSA_ERR_DER_LENGTH_TOO_LONG
		|| r == MSA_ERR_DER_TOO_LARGE;
}

static void
check_frame(const uint8_t *d, size_t n)
{
	size_t pl = 7777, co = 7777, fl = 7777, fo = 7777, k, kl, ko;
	int rc, rf, rk;

	rc = msa_der_check(d, n, &pl, &co);
	rf = msa_der_frame(d, n, &fl, &fo);

	FUZZ_ASSERT(rc == MSA_OK || fuzz_is_gate_error(rc), "der_check returned %d", rc);
	FUZZ_ASSERT(rc == MSA_OK || co < n || co == 0, "der_check %s at %zu of %zu",
		msa_err_name(rc), co, n);
	if (rc == MSA_OK)
		FUZZ_ASSERT(pl == n, "der_check OK with pdu_len %zu of %zu", pl, n);
	FUZZ_ASSERT(rf == MSA_OK || rf == 1 || is_header_error(rf), "der_frame returned %d", rf);

	if (rf == MSA_OK) {
		FUZZ_ASSERT(fl >= 2u && fl <= n && fl <= MSA_MAX_PDU, "der_frame pdu_len %zu of %zu", fl, n);
		if (fl == n) {
			/* The gate sees a whole outer TLV: it fails inside, if at all. */
			FUZZ_ASSERT(rc == MSA_OK || (rc != MSA_ERR_DER_TRAILING_BYTES
				&& rc != MSA_ERR_DER_TOO_LARGE && !(rc == MSA_ERR_DER_TRUNCATED && co == 0)),
				"frame OK for all %zu octets, gate says %s at %zu", n, msa_err_name(rc), co);
		} else if (n > MSA_MAX_PDU) {
			FUZZ_ASSERT(rc == MSA_ERR_DER_TOO_LARGE, "%zu octets: gate says %s", n, msa_err_name(rc));
		} else {
			FUZZ_ASSERT(rc == MSA_ERR_DER_TRAILING_BYTES && co == fl,
				"frame of %zu in %zu, gate says %s at %zu", fl, n, msa_err_name(rc), co);
		}
		/* The frame itself, and its proper prefixes (a few, and the last). */
		rk = msa_der_frame(d, fl, &kl, &ko);
		FUZZ_ASSERT(rk == MSA_OK && kl == fl, "frame of its own frame: %d", rk);
		for (k = 0; k < fl; k = k < 6u ? k + 1u : (k + 1u < fl - 1u ? fl - 1u : k + 1u)) {
			rk = msa_der_frame(d, k, &kl, &ko);
			FUZZ_ASSERT(rk == 1, "prefix %zu of a %zu-octet frame: %d", k, fl, rk);
		}
	} else if (rf == 1) {
		FUZZ_ASSERT(rc == MSA_ERR_DER_TRUNCATED, "frame needs more than %zu, gate says %s",
			n, msa_err_name(rc));
	} else {
		FUZZ_ASSERT(fo < n, "frame %s at %zu of %zu", msa_err_name(rf), fo, n);
		if (rf == MSA_ERR_DER_TOO_LARGE) {
			FUZZ_ASSERT(rc == MSA_ERR_DER_TOO_LARGE || rc == MSA_ERR_DER_TRUNCATED,
				"frame TOO_LARGE, gate says %s", msa_err_name(rc));
		} else if (n > MSA_MAX_PDU) {
			FUZZ_ASSERT(rc == MSA_ERR_DER_TOO_LARGE, "%zu octets: gate says %s", n, msa_err_name(rc));
		} else {
			FUZZ_ASSERT(rc == rf && co == fo, "frame says %s at %zu, gate %s at %zu",
				msa_err_name(rf), fo, msa_err_name(rc), co);
		}
	}
}

/*
 * msa_pdu_peek (routing from the TLV headers alone, src/route.c) on any
 * input: a documented code, zeroed aids on failure; on every PDU the
 * decoder accepts: MSA_OK, the kind of the decoded alternative, and the
 * destination and source aids of the decoded value (REQ-GEN-004).
 */
static void
aid_is(const uint8_t got[MSA_AID_LEN], const AssocId_t *want, const char *what)
{
	static const uint8_t zero[MSA_AID_LEN];
	const uint8_t *w = want != NULL ? want->buf : zero;

	FUZZ_ASSERT(want == NULL || want->size == (int)MSA_AID_LEN, "%s: decoded aid of %d octets",
		what, want->size);
	FUZZ_ASSERT(memcmp(got, w, MSA_AID_LEN) == 0, "msa_pdu_peek: %s differs from the decoded value",
		what);
}

static void
check_peek(const uint8_t *data, size_t size, const struct MsaPdu *pdu)
{
	uint8_t dest[MSA_AID_LEN], src[MSA_AID_LEN];
	unsigned kind = 99;
	int r;

	memset(dest, 0xEE, sizeof dest);
	memset(src, 0xEE, sizeof src);
	r = msa_pdu_peek(data, size, &kind, dest, src);
	FUZZ_ASSERT(r == MSA_OK || fuzz_is_gate_error(r) || r == MSA_ERR_UNKNOWN_PDU
		|| r == MSA_ERR_SCHEMA, "msa_pdu_peek returned %d (%s)", r, msa_err_name(r));
	if (pdu == NULL)
		return;
	FUZZ_ASSERT(r == MSA_OK, "msa_pdu_peek: %s on a PDU the decoder accepts", msa_err_name(r));
	FUZZ_ASSERT(kind == (unsigned)pdu->present, "msa_pdu_peek: kind %u, decoded %d", kind,
		(int)pdu->present);
	switch (pdu->present) {
	case MsaPdu_PR_handshakeInit:
		aid_is(dest, NULL, "dest");
		aid_is(src, &pdu->choice.handshakeInit.initiatorAid, "src");
		break;
	case MsaPdu_PR_handshakeResp:
		aid_is(dest, &pdu->choice.handshakeResp.body.initiatorAid, "dest");
		aid_is(src, &pdu->choice.handshakeResp.body.responderAid, "src");
		break;
	case MsaPdu_PR_handshakeFinish:
		aid_is(dest, &pdu->choice.handshakeFinish.body.responderAid, "dest");
		aid_is(src, NULL, "src");
		break;
	case MsaPdu_PR_handshakeReject:
		aid_is(dest, &pdu->choice.handshakeReject.destAid, "dest");
		aid_is(src, NULL, "src");
		break;
	case MsaPdu_PR_protected:
		aid_is(dest, &pdu->choice.protected.header.assocId, "dest");
		aid_is(src, NULL, "src");
		break;
	default:
		fuzz_fail("accepted PDU of kind %d", (int)pdu->present);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char t1[64u * 1024u], t2[64u * 1024u];
	msa_arena *a;
	struct MsaPdu *pdu = (struct MsaPdu *)&a;
	size_t off = 5555, goff = 5555;
	int r, rv, rg;

	check_frame(data, size);

	/* The oracle, on msa_value_decode(&asn_DEF_MsaPdu, ...). */
	rv = fuzz_value_oracle(&asn_DEF_MsaPdu, data, size, NULL);

	/* msa_pdu_decode is the same decoder. */
	a = fuzz_arena();
	r = msa_pdu_decode(a, data, size, &pdu, &off);
	FUZZ_ASSERT(r == rv, "msa_pdu_decode %s, msa_value_decode %s", msa_err_name(r), msa_err_name(rv));

	/* Layer 1 first. */
	rg = msa_der_check(data, size, NULL, &goff);
	if (rg != MSA_OK)
		FUZZ_ASSERT(r == rg && off == goff, "gate %s at %zu, decoder %s at %zu",
			msa_err_name(rg), goff, msa_err_name(r), off);
	if (r != MSA_OK) {
		FUZZ_ASSERT(pdu == NULL, "failure with a value");
		check_peek(data, size, NULL);
		return 0;
	}
	check_peek(data, size, pdu);
	FUZZ_ASSERT(rg == MSA_OK, "decoder accepts what the gate rejects");
	FUZZ_ASSERT(strcmp(msa_pdu_type_name(pdu), "?") != 0, "accepted PDU without a type name");
	{
		uint8_t *enc = malloc(size);
		int n;
		FUZZ_ASSERT(enc != NULL, "malloc");
		n = msa_pdu_encode(pdu, enc, size);
		FUZZ_ASSERT(n == (int)size && memcmp(enc, data, size) == 0, "msa_pdu_encode differs");
		free(enc);
	}
	{
		size_t l1 = msa_pdu_print(pdu, t1, sizeof t1);
		size_t l2 = msa_value_print(&asn_DEF_MsaPdu, pdu, t2, sizeof t2);
		FUZZ_ASSERT(l1 == l2 && strcmp(t1, t2) == 0, "msa_pdu_print differs");
		FUZZ_ASSERT(strncmp(t1, msa_pdu_type_name(pdu), strlen(msa_pdu_type_name(pdu))) == 0,
			"rendering does not start with the type name");
	}
	msa_arena_reset(a);
	return 0;
}
