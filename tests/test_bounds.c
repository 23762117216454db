/*
 * test_bounds.c -- (pointer, length) everywhere (REQ-IMPL-004) and the
 * sender's encoder (REQ-ENC-019), on real PDUs of a handshake and of data
 * transfer:
 *  - every output call given each capacity below what it needs fails with
 *    BUFFER_TOO_SMALL, writes nothing past the capacity (canary octets),
 *    and (for the engine) changes nothing and sends nothing;
 *  - every input call is given its input in a heap block of exactly the
 *    input's length, every prefix too: the ASan build of this program
 *    (made by `make check`) reports any read past the end;
 *  - the encoder refuses values that break the module's constraints with
 *    ENCODE, and its PDUs decode back to the same octets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tf.h"
#include "party.h"
#include "MsaPdu.h"

#define CANARY 0xEE

static party I, R;

/* every PDU of a handshake and some data, in order sent */
static uint8_t *pdus[32];
static size_t pdu_len[32], npdus;

static void
keep(const party *p)
{
	size_t off = 0, n, eo;

	while (off < p->io.out_len && npdus < 32) {
		if (msa_der_frame(p->io.out + off, p->io.out_len - off, &n, &eo) != MSA_OK)
			break;
		pdus[npdus] = malloc(n);
		memcpy(pdus[npdus], p->io.out + off, n);
		pdu_len[npdus++] = n;
		off += n;
	}
}

/* Delivers from's PDUs one by one to `to`, keeping each; to's answers go back the same way. */
static void
relay(party *from, party *to)
{
	uint8_t buf[MSA_OUT_CAP];
	size_t len = from->io.out_len, off = 0, n, eo;

	keep(from);
	memcpy(buf, from->io.out, len);
	while (off < len) {
		if (msa_der_frame(buf + off, len - off, &n, &eo) != MSA_OK)
			break;
		msa_assoc_recv(&to->a, &to->ar, buf + off, n, T_NOW, &to->io);
		off += n;
		if (to->io.out_len > 0)
			relay(to, from);
	}
}

static void
collect(void)
{
	static const uint8_t msg[] = "bounded";

	party_init(&I, "initiator-1", "urn:msa:ae:responder-1", MSA_ROLE_INITIATOR, 3, 9);
	party_init(&R, "responder-1", NULL, MSA_ROLE_RESPONDER, 4, 9);
	TF_EQ_INT(msa_assoc_start(&I.a, T_NOW, &I.io), MSA_OK, "start");
	relay(&I, &R);
	TF_CHECK(msa_assoc_state(&I.a) == MSA_ST_ESTABLISHED, "established");
	TF_EQ_INT(msa_assoc_send(&I.a, msg, sizeof msg, T_NOW, &I.io), MSA_OK, "send");
	relay(&I, &R);
	TF_EQ_INT(msa_assoc_ratchet(&R.a, 1, T_NOW, &R.io), MSA_OK, "ratchet");
	relay(&R, &I);
	TF_CHECK(npdus >= 6, "PDUs collected: %zu", npdus);
}

/* REQ-ENC-019: the encoder on every collected PDU. */
static void
test_encoder(void)
{
	static unsigned char abuf[MSA_ARENA_PDU_SIZE];
	static uint8_t out[MSA_MAX_PDU + 16];
	msa_arena ar;
	size_t i, cap, eo, over = 0, notsmall = 0;

	TF_EQ_INT(msa_arena_init(&ar, abuf, sizeof abuf), MSA_OK, "arena");
	for (i = 0; i < npdus; i++) {
		struct MsaPdu *v = NULL;
		int n;

		msa_arena_reset(&ar);
		TF_EQ_INT(msa_pdu_decode(&ar, pdus[i], pdu_len[i], &v, &eo), MSA_OK, "decode a sent PDU");
		if (v == NULL)
			continue;
		n = msa_pdu_encode(v, out, sizeof out);
		TF_CHECK(n == (int)pdu_len[i] && memcmp(out, pdus[i], pdu_len[i]) == 0,
			"REQ-ENC-019: PDU %zu (kind %d) re-encodes to the octets sent", i, v->present);
		for (cap = 0; cap < pdu_len[i]; cap++) {
			memset(out, CANARY, pdu_len[i] + 16);
			if (msa_pdu_encode(v, out, cap) != MSA_ERR_BUFFER_TOO_SMALL)
				notsmall++;
			if (memchr(out + cap, 0, 1) || out[cap] != CANARY || out[pdu_len[i]] != CANARY)
				over++;
		}
		if (v->present == MsaPdu_PR_handshakeInit) {
			HandshakeInit_t *h = &v->choice.handshakeInit;
			long ver = h->version;
			int ns = h->nonce.size;

			h->version = 0;
			TF_EQ_INT(msa_pdu_encode(v, out, sizeof out), MSA_ERR_ENCODE,
				"REQ-ENC-019: version 0 refused with ENCODE");
			h->version = 256;
			TF_EQ_INT(msa_pdu_encode(v, out, sizeof out), MSA_ERR_ENCODE,
				"REQ-ENC-019: version 256 refused with ENCODE (Version is 1..255)");
			h->version = ver;
			h->nonce.size = ns - 1;
			TF_EQ_INT(msa_pdu_encode(v, out, sizeof out), MSA_ERR_ENCODE,
				"REQ-ENC-019: a short nonce refused with ENCODE");
			h->nonce.size = ns;
			TF_EQ_INT(msa_pdu_encode(v, out, sizeof out), (int)pdu_len[i], "restored value encodes");
		}
		if (v->present == MsaPdu_PR_protected) {
			ProtectedPdu_t *p = &v->choice.protected;
			long type = p->header.type;

			p->header.type = 99;
			TF_EQ_INT(msa_pdu_encode(v, out, sizeof out), MSA_ERR_ENCODE,
				"REQ-ENC-019: content type 99 refused with ENCODE");
			p->header.type = type;
		}
	}
	TF_CHECK(notsmall == 0, "REQ-ENC-019 REQ-IMPL-004: every short buffer is BUFFER_TOO_SMALL (%zu not)", notsmall);
	TF_CHECK(over == 0, "REQ-IMPL-004: the encoder wrote past the capacity %zu times", over);
}

/* REQ-IMPL-004: inputs in exact-size heap blocks, every prefix. */
static void
test_inputs(void)
{
	static unsigned char abuf[MSA_ARENA_PDU_SIZE];
	msa_arena ar;
	size_t i, k, eo, ok_prefix = 0;

	TF_EQ_INT(msa_arena_init(&ar, abuf, sizeof abuf), MSA_OK, "arena");
	for (i = 0; i < npdus; i++) {
		for (k = 0; k <= pdu_len[i]; k++) {
			uint8_t *b = malloc(k ? k : 1), dest[MSA_AID_LEN], src[MSA_AID_LEN];
			struct MsaPdu *v = NULL;
			unsigned kind;
			size_t n;
			int r;

			memcpy(b, pdus[i], k);
			msa_arena_reset(&ar);
			r = msa_pdu_decode(&ar, b, k, &v, &eo);
			if ((r == MSA_OK) != (k == pdu_len[i]))
				ok_prefix++;
			r = msa_der_frame(b, k, &n, &eo);
			if (k < pdu_len[i] ? r == MSA_OK : (r != MSA_OK || n != k))
				ok_prefix++;
			(void)msa_pdu_peek(b, k, &kind, dest, src);
			(void)msa_init_duplicate(&R.a, b, k);
			free(b);
		}
	}
	TF_CHECK(ok_prefix == 0, "REQ-IMPL-004: only whole PDUs decode or frame (%zu wrong)", ok_prefix);

	/* the engine: every prefix of every PDU handed to a throwaway copy
	 * of the receiver that has the matching state */
	{
		static party X;
		size_t wrong = 0;

		for (i = 0; i < npdus; i++)
			for (k = 0; k < pdu_len[i]; k++) {
				uint8_t *b = malloc(k ? k : 1);
				memcpy(b, pdus[i], k);
				X.a = R.a;
				X.io = R.io;
				if (msa_assoc_recv(&X.a, &R.ar, b, k, T_NOW, &X.io) == MSA_OK)
					wrong++;
				free(b);
			}
		TF_CHECK(wrong == 0, "REQ-IMPL-004: no prefix of a PDU is accepted (%zu)", wrong);
	}

	/* certificates and keys: every prefix of a file */
	{
		static uint8_t file[4096], out[4096];
		size_t len = read_file("vectors/pki/initiator-1.pem", file, sizeof file - 1), cnt;
		msa_seg c[4];
		size_t wrong = 0;

		/* a PEM cut after "-----END " still holds the whole object */
		const char *e = strstr((const char *)file, "-----END ");
		size_t whole = e != NULL ? (size_t)(e - (const char *)file) + 9 : len;

		file[len] = 0;
		for (k = 0; k < len; k++) {
			uint8_t *b = malloc(k ? k : 1);
			msa_private_key key;
			memcpy(b, file, k);
			if (msa_cert_decode_file(b, k, out, sizeof out, c, 4, &cnt) == MSA_OK && k < whole)
				wrong++;
			(void)msa_private_key_load(&key, b, k);
			free(b);
		}
		TF_CHECK(wrong == 0, "REQ-IMPL-004: a PEM certificate cut short does not decode (%zu)", wrong);
		len = read_file("vectors/pki/initiator-1.der", file, sizeof file);
		wrong = 0;
		for (k = 0; k <= len; k++) {
			uint8_t *b = malloc(k ? k : 1);
			memcpy(b, file, k);
			if ((msa_cert_decode_file(b, k, out, sizeof out, c, 4, &cnt) == MSA_OK) != (k == len))
				wrong++;
			free(b);
		}
		TF_CHECK(wrong == 0, "REQ-IMPL-004: only the whole DER certificate decodes (%zu)", wrong);
	}
}

/* REQ-IMPL-004: outputs of the engine and of the helpers within the
 * capacity given, or BUFFER_TOO_SMALL with nothing changed. */
static void
test_outputs(void)
{
	static uint8_t out[MSA_OUT_CAP + 16];
	static const uint8_t msg[] = "a message that needs room";
	size_t cap, need, bad = 0, over = 0, k;
	msa_assoc snap;
	msa_io io;
	int r;

	/* The engine takes an msa_io whose out has at least MSA_OUT_CAP
	 * octets (msa.h): below that every call fails before writing. */
	snap = I.a;
	memset(&io, 0, sizeof io);
	io.out = out;
	io.data = I.data;
	io.data_cap = sizeof I.data;
	io.out_cap = MSA_OUT_CAP;
	TF_EQ_INT(msa_assoc_send(&I.a, msg, sizeof msg, T_NOW, &io), MSA_OK, "send with room");
	need = io.out_len;
	I.a = snap;     /* as if not sent (the copy is the association) */
	{
		size_t caps[] = { 0, 1, need / 2, need - 1, need, MSA_OUT_CAP - 1 }, j, other = 0;
		int code = 0;

		for (j = 0; j < sizeof caps / sizeof caps[0]; j++) {
			cap = caps[j];
			memset(out, CANARY, sizeof out);
			io.out_cap = cap;
			r = msa_assoc_send(&I.a, msg, sizeof msg, T_NOW, &io);
			if (r == MSA_OK || io.out_len != 0 || (io.events & MSA_EV_SENT)
				|| memcmp(&snap, &I.a, sizeof snap) != 0)
				bad++;
			if (r != MSA_ERR_BUFFER_TOO_SMALL) {
				other++;
				code = r;
			}
			for (k = 0; k < sizeof out; k++)
				if (out[k] != CANARY) {
					over++;
					break;
				}
		}
		TF_CHECK(bad == 0, "REQ-IMPL-004 REQ-ERR-006: a send without room fails and changes nothing (%zu)", bad);
		TF_CHECK(over == 0, "REQ-IMPL-004: the engine wrote into a buffer it refused (%zu)", over);
		TF_CHECK(other == 0, "REQ-IMPL-004: a too small io.out_cap fails with BUFFER_TOO_SMALL "
			"(%zu of %zu capacities gave %s)", other, sizeof caps / sizeof caps[0], msa_err_name(code));
	}
	io.out_cap = MSA_OUT_CAP;
	TF_EQ_INT(msa_assoc_send(&I.a, msg, sizeof msg, T_NOW, &io), MSA_OK, "MSA_OUT_CAP is enough");
	TF_EQ_INT(io.out_len, need, "the same record size");
	for (k = need, over = 0; k < sizeof out; k++)
		if (out[k] != CANARY)
			over++;
	TF_CHECK(over == 0, "REQ-IMPL-004: a send writes its record and nothing after it");

	/* msa_reject_encode */
	{
		uint8_t dest[MSA_AID_LEN] = { 1, 2, 3, 4 };
		int n = msa_reject_encode(out, sizeof out, dest, MSA_DIAG_USER_ABORT, "some detail");
		TF_CHECK(n > 0, "reject encodes");
		for (cap = 0, bad = over = 0; n > 0 && cap < (size_t)n; cap++) {
			memset(out, CANARY, (size_t)n + 16);
			if (msa_reject_encode(out, cap, dest, MSA_DIAG_USER_ABORT, "some detail") != MSA_ERR_BUFFER_TOO_SMALL)
				bad++;
			if (out[cap] != CANARY)
				over++;
		}
		TF_CHECK(bad == 0 && over == 0, "REQ-IMPL-004: msa_reject_encode within its capacity (%zu, %zu)", bad, over);
	}
	/* msa_reject_encode: the layout its proved contract states (route.c),
	 * with a detail of octets >= 0x80 (char is signed here) and one of
	 * MSA_MAX_DETAIL octets (the long-form length 81 80) */
	{
		static const uint8_t want[] = { 0xA3, 0x0F, 0x80, 0x04, 9, 8, 7, 6,
			0x81, 0x01, 0x05, 0x82, 0x04, 'n', 0xC3, 0xA9, 'e' };
		uint8_t dest[MSA_AID_LEN] = { 9, 8, 7, 6 }, zero[MSA_AID_LEN] = { 0 };
		char longd[MSA_MAX_DETAIL + 2];
		int n = msa_reject_encode(out, sizeof out, dest, 5, "n\xC3\xA9" "e");

		TF_CHECK(n == (int)sizeof want && memcmp(out, want, sizeof want) == 0,
			"reject: tag A3, dest, diag, detail octets verbatim (n = %d)", n);
		memset(longd, 'x', sizeof longd - 1);
		longd[sizeof longd - 1] = '\0';
		TF_CHECK(msa_reject_encode(out, sizeof out, dest, 5, longd) == MSA_ERR_BAD_ARGUMENT,
			"reject: a detail of MSA_MAX_DETAIL + 1 octets is refused");
		longd[MSA_MAX_DETAIL] = '\0';
		n = msa_reject_encode(out, sizeof out, dest, 5, longd);
		TF_CHECK(n == 3 + 9 + 3 + (int)MSA_MAX_DETAIL && out[0] == 0xA3 && out[1] == 0x81
			&& out[2] == 9 + 3 + MSA_MAX_DETAIL && out[12] == 0x82 && out[13] == 0x81
			&& out[14] == MSA_MAX_DETAIL, "reject: a detail of MSA_MAX_DETAIL octets (n = %d)", n);
		TF_CHECK(msa_reject_encode(out, sizeof out, zero, 5, NULL) == MSA_ERR_BAD_ARGUMENT
			&& msa_reject_encode(out, sizeof out, dest, 128, NULL) == MSA_ERR_BAD_ARGUMENT
			&& msa_reject_encode(out, sizeof out, dest, -1, NULL) == MSA_ERR_BAD_ARGUMENT,
			"reject: dest 00000000, diag outside 0..127 refused");
		TF_CHECK(msa_reject_encode(out, sizeof out, dest, 5, NULL) == 11 && out[1] == 9,
			"reject: no detail, 11 octets");
	}
	/* msa_cert_decode_file: the DER copy */
	{
		static uint8_t file[4096];
		size_t len = read_file("vectors/pki/initiator-1.pem", file, sizeof file), cnt, der;
		msa_seg c[4];

		TF_EQ_INT(msa_cert_decode_file(file, len, out, sizeof out, c, 4, &cnt), MSA_OK, "PEM decodes");
		der = c[0].len;
		for (cap = 0, bad = over = 0; cap < der; cap++) {
			memset(out, CANARY, der + 16);
			if (msa_cert_decode_file(file, len, out, cap, c, 4, &cnt) != MSA_ERR_BUFFER_TOO_SMALL)
				bad++;
			if (out[cap] != CANARY)
				over++;
		}
		TF_CHECK(bad == 0 && over == 0, "REQ-IMPL-004: msa_cert_decode_file within its capacity (%zu, %zu)",
			bad, over);
	}
	/* a CERTIFICATE PEM object is one DER TLV: empty, or with octets after
	 * it, it is CERT_DECODE (fuzz finding 6) */
	{
		static const char empty[] = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
		static const char trailing[] = "-----BEGIN CERTIFICATE-----\nMAMCAQEA\n-----END CERTIFICATE-----\n";
		static const char one[] = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
		msa_seg c[4];
		size_t cnt = 9;

		TF_EQ_INT(msa_cert_decode_file((const uint8_t *)empty, sizeof empty - 1, out, sizeof out, c, 4, &cnt),
			MSA_ERR_CERT_DECODE, "empty PEM certificate object");
		TF_EQ_INT(cnt, 0, "no certificate counted");
		TF_EQ_INT(msa_cert_decode_file((const uint8_t *)trailing, sizeof trailing - 1, out, sizeof out, c, 4, &cnt),
			MSA_ERR_CERT_DECODE, "PEM certificate object with an octet after its TLV");
		TF_EQ_INT(msa_cert_decode_file((const uint8_t *)one, sizeof one - 1, out, sizeof out, c, 4, &cnt),
			MSA_OK, "PEM object holding one TLV (30 03 02 01 01)");
		TF_CHECK(cnt == 1 && c[0].len == 5, "one TLV of 5 octets (%zu, %zu)", cnt, cnt ? c[0].len : 0);
	}
}

int
main(void)
{
	size_t i;

	collect();
	test_encoder();
	test_inputs();
	test_outputs();
	for (i = 0; i < npdus; i++)
		free(pdus[i]);
	return tf_done("test_bounds");
}
