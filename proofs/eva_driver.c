/*
 * eva_driver.c -- the Eva entry point of `make proofs` (never compiled
 * into the library). Sends every input of at most EVA_MAX_LEN octets,
 * with every length 0..EVA_MAX_LEN and unknown contents, through the DER
 * gate: msa_der_check, msa_der_frame, and msa_der_header at every offset,
 * and through the record parser msa_rec_parse (record.c), which also
 * gets every input of REC_LEN octets. It also compares two unknown buffers of every length with msa_ct_eq.
 * Eva must report no alarm: no out-of-bounds access, no overflow, no
 * uninitialised read for any of these inputs.
 */
#include "msa.h"
#include "der.h"
#include "internal.h"
#include "engine.h"

#ifndef EVA_MAX_LEN
#define EVA_MAX_LEN 12
#endif
#if EVA_MAX_LEN > 16
#error "main() calls gate() for lengths up to 16"
#endif

/* Volatile: every read gives Eva an unknown octet (no builtin needed). */
static volatile uint8_t wire[EVA_MAX_LEN];
static uint8_t input[EVA_MAX_LEN];
static uint8_t other[EVA_MAX_LEN];
static msa_rec rec;

/* The record parser (record.c) on REC_LEN unknown octets: 39 is the
 * smallest well-formed ProtectedPdu (an empty body, a 16-octet icv, one
 * octet per integer), so every shape of that length is covered, the
 * accepted ones included. */
#define REC_LEN 39
static volatile uint8_t rwire[REC_LEN];
static uint8_t rbuf[REC_LEN];

static void
records(void)
{
	size_t i;

	for (i = 0; i < REC_LEN; i++)
		rbuf[i] = rwire[i];
	(void)msa_rec_parse(rbuf, REC_LEN, &rec);
}

/* One input of exactly len octets (the last len octets of the array, so
 * that any read past len leaves the array and is an alarm). */
static void
gate(size_t len)
{
	size_t off, pdu_len, err_off;
	msa_der_tlv h;
	uint8_t *buf = input + (EVA_MAX_LEN - len);

	size_t i;

	for (i = 0; i < EVA_MAX_LEN; i++)
		input[i] = wire[i];
	(void)msa_der_check(buf, len, &pdu_len, &err_off);
	(void)msa_der_check(buf, len, NULL, NULL);
	(void)msa_der_frame(buf, len, &pdu_len, &err_off);
	(void)msa_rec_parse(buf, len, &rec);
	(void)msa_rec_parse(buf, len, NULL);
	for (off = 0; off < len; off++)
		(void)msa_der_header(buf, len, off, &h, &err_off);
	for (i = 0; i < EVA_MAX_LEN; i++)
		other[i] = wire[i];
	(void)msa_ct_eq(buf, other, len);
}

#define GATE(k) do { if ((k) <= EVA_MAX_LEN) gate(k); } while (0)

int
main(void)
{
	(void)msa_der_check(NULL, 0, NULL, NULL);
	/* Every length separately, so that Eva knows it exactly. */
	GATE(0); GATE(1); GATE(2); GATE(3); GATE(4); GATE(5); GATE(6); GATE(7);
	GATE(8); GATE(9); GATE(10); GATE(11); GATE(12); GATE(13); GATE(14); GATE(15);
	GATE(16);
	records();
	return 0;
}
