/*
 * record.c -- the record layer's small pure functions: the fast strict
 * parser of a ProtectedPdu, the header encoder, the AEAD nonce and the
 * datagram replay window (spec 12; REQ-DT-004, 005, 021). Each is bounded
 * by its (buf, len) and is meant to be proved (proofs/).
 */
#include <string.h>

#include "engine.h"

/* Reads a DER TLV header at buf[*off..len) with tag `tag`: minimal
 * definite length, content inside the input. Returns 1 and sets *clen
 * and advances *off past the header, or 0. */
static int
rd_tl(const uint8_t *buf, size_t len, size_t *off, uint8_t tag, size_t *clen)
{
	size_t o = *off, n;

	if (o >= len || len - o < 2u || buf[o] != tag)
		return 0;
	o++;
	if (buf[o] < 0x80u) {
		n = buf[o];
		o++;
	} else if (buf[o] == 0x81u) {
		if (len - o < 2u || buf[o + 1u] < 0x80u)
			return 0;
		n = buf[o + 1u];
		o += 2u;
	} else if (buf[o] == 0x82u) {
		if (len - o < 3u || buf[o + 1u] == 0u)
			return 0;
		n = (size_t)buf[o + 1u] * 256u + buf[o + 2u];
		o += 3u;
	} else {
		return 0;
	}
	if (n > len - o)
		return 0;
	*off = o;
	*clen = n;
	return 1;
}

/* A minimal non-negative INTEGER content of at most maxlen octets whose
 * value is at most vmax: 1 and *v, or 0. */
static int
rd_uint(const uint8_t *c, size_t n, size_t maxlen, uint32_t vmax, uint32_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0 || n > maxlen || (c[0] & 0x80u) != 0)
		return 0;
	if (n > 1u && c[0] == 0 && (c[1] & 0x80u) == 0)
		return 0;
	for (i = 0; i < n; i++)
		x = x * 256u + c[i];
	if (x > vmax)
		return 0;
	*v = (uint32_t)x;
	return 1;
}

int
msa_rec_parse(const uint8_t *buf, size_t len, msa_rec *r)
{
	size_t off = 0, n, hend, end;
	uint32_t t;

	if (buf == NULL || r == NULL || !rd_tl(buf, len, &off, 0xA4u, &n) || off + n != len)
		return 0;
	end = len;
	/* header [0] RecordHeader */
	r->hdr_off = off;
	if (!rd_tl(buf, end, &off, 0xA0u, &n))
		return 0;
	hend = off + n;
	r->hdr_len = hend - r->hdr_off;
	if (!rd_tl(buf, hend, &off, 0x80u, &n) || n != MSA_AID_LEN)
		return 0;
	r->aid = buf + off;
	off += n;
	if (!rd_tl(buf, hend, &off, 0x81u, &n) || !rd_uint(buf + off, n, 1, 6, &t))
		return 0;
	r->type = t;
	off += n;
	if (!rd_tl(buf, hend, &off, 0x82u, &n) || !rd_uint(buf + off, n, 3, 65535u, &r->gen))
		return 0;
	off += n;
	if (!rd_tl(buf, hend, &off, 0x83u, &n) || !rd_uint(buf + off, n, 5, 0xFFFFFFFFu, &r->seq))
		return 0;
	off += n;
	if (off != hend)
		return 0;
	/* body [1] OCTET STRING (0..16384) */
	if (!rd_tl(buf, end, &off, 0x81u, &n) || n > MSA_MAX_DATA)
		return 0;
	r->body_off = off;
	r->body_len = n;
	off += n;
	/* icv [2] OCTET STRING (16..32) */
	if (!rd_tl(buf, end, &off, 0x82u, &n) || n < 16u || n > 32u)
		return 0;
	r->icv_off = off;
	r->icv_len = n;
	off += n;
	return off == end;
}

size_t
msa_rec_tl_len(size_t len)
{
	return len < 0x80u ? 2u : len < 0x100u ? 3u : 4u;
}

size_t
msa_rec_tl(uint8_t *out, uint8_t tag, size_t len)
{
	out[0] = tag;
	if (len < 0x80u) {
		out[1] = (uint8_t)len;
		return 2;
	}
	if (len < 0x100u) {
		out[1] = 0x81u;
		out[2] = (uint8_t)len;
		return 3;
	}
	out[1] = 0x82u;
	out[2] = (uint8_t)(len / 256u);
	out[3] = (uint8_t)(len % 256u);
	return 4;
}

/* A minimal non-negative INTEGER TLV with context tag `tag`. */
static size_t
wr_uint(uint8_t *out, uint8_t tag, uint32_t v)
{
	uint8_t b[5];
	size_t n = 0, i;

	do {
		b[n++] = (uint8_t)(v % 256u);
		v /= 256u;
	} while (v != 0);
	if (b[n - 1u] & 0x80u)
		b[n++] = 0;
	out[0] = tag;
	out[1] = (uint8_t)n;
	for (i = 0; i < n; i++)
		out[2u + i] = b[n - 1u - i];
	return 2u + n;
}

size_t
msa_rec_header(uint8_t *out, const uint8_t aid[MSA_AID_LEN], unsigned type,
	uint32_t gen, uint32_t seq)
{
	size_t o = 2;

	out[o++] = 0x80u;
	out[o++] = MSA_AID_LEN;
	memcpy(out + o, aid, MSA_AID_LEN);
	o += MSA_AID_LEN;
	o += wr_uint(out + o, 0x81u, type);
	o += wr_uint(out + o, 0x82u, gen);
	o += wr_uint(out + o, 0x83u, seq);
	out[0] = 0xA0u;
	out[1] = (uint8_t)(o - 2u);
	return o;
}

void
msa_rec_nonce(const uint8_t iv[12], uint32_t seq, uint8_t nonce[12])
{
	size_t i;

	for (i = 0; i < 8u; i++)
		nonce[i] = iv[i];
	nonce[8] = (uint8_t)(iv[8] ^ (uint8_t)(seq >> 24));
	nonce[9] = (uint8_t)(iv[9] ^ (uint8_t)(seq >> 16));
	nonce[10] = (uint8_t)(iv[10] ^ (uint8_t)(seq >> 8));
	nonce[11] = (uint8_t)(iv[11] ^ (uint8_t)seq);
}

int
msa_rw_fresh(uint32_t top, uint64_t bits, uint32_t seq)
{
	uint32_t d;

	if (top == 0 || seq >= top)
		return 1;                      /* the first, or above the highest */
	d = top - 1u - seq;                    /* 0 = the highest itself */
	if (d >= 64u)
		return 0;                      /* too old */
	return ((bits >> d) & 1u) == 0;
}

void
msa_rw_accept(uint32_t *top, uint64_t *bits, uint32_t seq)
{
	uint32_t shift;

	/* seq + 1 must not wrap to 0 ("nothing accepted"): the engine never
	 * commits 2^32-1 (every usage limit is below it, REQ-KR-019), and this
	 * function refuses it too, so that a replay can never look fresh. */
	if (seq == 0xFFFFFFFFu)
		return;

	if (*top == 0 || seq >= *top) {
		shift = *top == 0 ? 64u : seq + 1u - *top;
		*bits = shift >= 64u ? 0 : *bits << shift;
		*bits |= 1u;
		*top = seq + 1u;
	} else if (*top - 1u - seq < 64u) {
		*bits |= (uint64_t)1u << (*top - 1u - seq);
	}
}
