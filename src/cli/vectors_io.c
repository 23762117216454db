/*
 * vectors_io.c -- the adapter's handling of a request's octets (see
 * vectors_io.h), proved with Frama-C WP. Copies through msa_bytes_copy
 * (util.c, proved), lengths through record.c's proved msa_rec_parse and
 * msa_rec_tl.
 */
#include "vectors_io.h"
#include "internal.h"
#include "der.h"

/* Ghost lemma: a tag named as a constant keeps REQ-ENC-004 (the provers do
 * not compute `&` on constants inside der_tag_ok; Qed does here). */
/*@ ghost
  /@ requires (t & 0x1F) != 0x1F && t != 0;
     assigns \nothing;
     ensures der_tag_ok(t);
   @/
  void vio_tag_ok(unsigned t) { }
 */

int
cli_hex_in(const char *s, size_t n, uint8_t *buf, size_t cap, size_t *len)
{
	if (n % 2u != 0u || n / 2u > cap)
		return -1;
	if (vj_lex_hex(s, n, buf, cap) != 0)
		return -1;
	*len = n / 2u;
	return 0;
}

int
cli_bytes_in(uint8_t *dst, size_t cap, const uint8_t *src, long n)
{
	if (n < 0 || (unsigned long)n > cap)
		return -1;
	msa_bytes_copy(dst, src, (size_t)n);
	return 0;
}

int
cli_rec_in(const uint8_t *pdu, size_t len, msa_rec *rec, uint8_t *data, size_t cap)
{
	if (msa_rec_parse(pdu, len, rec) != 1 || rec->body_len > cap)
		return 0;
	msa_bytes_copy(data, pdu + rec->body_off, rec->body_len);
	return 1;
}

size_t
cli_rec_out(uint8_t *pdu, size_t cap, const uint8_t *hdr, size_t hl,
	const uint8_t *body, size_t bl, const uint8_t *icv, size_t il)
{
	size_t tb = msa_rec_tl_len(bl), ti = msa_rec_tl_len(il);
	size_t inner = hl + tb + bl + ti + il, n;

	if (msa_rec_tl_len(inner) + inner > cap)
		return 0;
	//@ ghost vio_tag_ok(0xA4u);
	n = msa_rec_tl(pdu, 0xA4u, inner);
	/*@ assert n + hl + tb + bl + ti + il <= cap; */
	msa_bytes_copy(pdu + n, hdr, hl);
	n += hl;
	/*@ assert n + tb + bl + ti + il <= cap; */
	//@ ghost vio_tag_ok(0x81u);
	n += msa_rec_tl(pdu + n, 0x81u, bl);
	/*@ assert n + bl + ti + il <= cap; */
	msa_bytes_copy(pdu + n, body, bl);
	n += bl;
	/*@ assert n + ti + il <= cap; */
	//@ ghost vio_tag_ok(0x82u);
	n += msa_rec_tl(pdu + n, 0x82u, il);
	/*@ assert n + il <= cap; */
	msa_bytes_copy(pdu + n, icv, il);
	return n + il;
}

int
cli_xor_at(uint8_t *b, size_t len, long long off, unsigned x)
{
	unsigned long long i;

	if (off < 0) {
		i = (unsigned long long)(-(off + 1));     /* octets after the one altered */
		if (i >= len)
			return -1;
		i = len - 1u - i;
	} else {
		i = (unsigned long long)off;
		if (i >= len)
			return -1;
	}
	b[i] = (uint8_t)((b[i] ^ x) & 0xFFu);
	return 0;
}

int
cli_list_next(const char *s, size_t n, size_t *pos, unsigned long *v, unsigned long max)
{
	size_t i = *pos;
	unsigned long x = 0;

	if (i >= n)
		return 0;
	if (s[i] < '0' || s[i] > '9')
		return -1;
	/*@ loop invariant \at(*pos, Pre) <= i <= n && x <= max;
	    loop invariant i > \at(*pos, Pre) || x == 0;
	    loop assigns i, x;
	    loop variant n - i;
	 */
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		unsigned long d = (unsigned long)(s[i] - '0');
		if (d > max || x > (max - d) / 10u)
			return -1;
		x = x * 10u + d;
		i++;
	}
	if (i < n) {
		if (s[i] != ',')
			return -1;
		i++;
	}
	*pos = i;
	*v = x;
	return 1;
}

/* ---------------------------------------------------------------- queue */
void
cli_pq_init(cli_pq *q)
{
	size_t i;

	/*@ loop invariant 0 <= i <= CLI_PQ_CAP;
	    loop invariant \forall integer k; 0 <= k < i ==> q->len[k] == 0;
	    loop assigns i, q->len[0 .. CLI_PQ_CAP - 1];
	    loop variant CLI_PQ_CAP - i;
	 */
	for (i = 0; i < CLI_PQ_CAP; i++)
		q->len[i] = 0;
	q->n = 0;
}

int
cli_pq_push(cli_pq *q, const uint8_t *p, size_t n)
{
	if (q->n >= CLI_PQ_CAP || n > MSA_MAX_PDU)
		return -1;
	msa_bytes_copy(q->b[q->n], p, n);
	q->len[q->n] = n;
	q->n++;
	return 0;
}

size_t
cli_pq_frames(cli_pq *q, const uint8_t *out, size_t len)
{
	size_t off = 0, k = 0, n, e;

	/*@ loop invariant pq_ok(q) && off <= len && k <= q->n;
	    loop assigns off, k, n, e, q->b[0 .. CLI_PQ_CAP - 1][0 .. MSA_MAX_PDU - 1],
	      q->len[0 .. CLI_PQ_CAP - 1], q->n;
	    loop variant len - off;
	 */
	while (off < len) {
		if (msa_der_frame(out + off, len - off, &n, &e) != MSA_OK || n == 0
			|| cli_pq_push(q, out + off, n) != 0)
			break;
		off += n;
		k++;
	}
	return k;
}

/* Slot d = slot s (d != s). */
/*@ requires pq_ok(q) && d < CLI_PQ_CAP && s < CLI_PQ_CAP && d != s;
    assigns q->b[d][0 .. MSA_MAX_PDU - 1], q->len[d];
    ensures pq_ok(q) && q->len[d] == q->len[s];
 */
static void
slot_copy(cli_pq *q, size_t d, size_t s)
{
	msa_bytes_copy(q->b[d], q->b[s], q->len[s]);
	q->len[d] = q->len[s];
}

int
cli_pq_drop(cli_pq *q, size_t i)
{
	size_t k;

	if (i >= q->n)
		return -1;
	/*@ loop invariant pq_ok(q) && i <= k < q->n && q->n == \at(q->n, Pre);
	    loop assigns k, q->b[0 .. CLI_PQ_CAP - 1][0 .. MSA_MAX_PDU - 1], q->len[0 .. CLI_PQ_CAP - 1];
	    loop variant q->n - k;
	 */
	for (k = i; k + 1 < q->n; k++)
		slot_copy(q, k, k + 1);
	q->n--;
	return 0;
}

int
cli_pq_take(cli_pq *q, uint8_t *out, size_t cap, size_t *len)
{
	if (q->n == 0 || q->len[0] > cap)
		return -1;
	msa_bytes_copy(out, q->b[0], q->len[0]);
	*len = q->len[0];
	return cli_pq_drop(q, 0);
}

int
cli_pq_dup(cli_pq *q, size_t i)
{
	size_t k;

	if (i >= q->n || q->n >= CLI_PQ_CAP)
		return -1;
	/*@ loop invariant pq_ok(q) && i + 1 <= k <= q->n && q->n == \at(q->n, Pre);
	    loop assigns k, q->b[0 .. CLI_PQ_CAP - 1][0 .. MSA_MAX_PDU - 1], q->len[0 .. CLI_PQ_CAP - 1];
	    loop variant k;
	 */
	for (k = q->n; k > i + 1; k--)
		slot_copy(q, k, k - 1);
	slot_copy(q, i + 1, i);
	q->n++;
	return 0;
}

int
cli_pq_swap(cli_pq *q, size_t i)
{
	size_t j, t;

	if (i >= q->n || i + 1 >= q->n)
		return -1;
	/*@ loop invariant 0 <= j <= MSA_MAX_PDU;
	    loop assigns j, q->b[i][0 .. MSA_MAX_PDU - 1], q->b[i + 1][0 .. MSA_MAX_PDU - 1];
	    loop variant MSA_MAX_PDU - j;
	 */
	for (j = 0; j < MSA_MAX_PDU; j++) {
		uint8_t c = q->b[i][j];
		q->b[i][j] = q->b[i + 1][j];
		q->b[i + 1][j] = c;
	}
	t = q->len[i];
	q->len[i] = q->len[i + 1];
	q->len[i + 1] = t;
	return 0;
}

int
cli_pq_cut(cli_pq *q, size_t i)
{
	if (i >= q->n || q->len[i] < 2)
		return -1;
	q->len[i]--;
	return 0;
}

int
cli_pq_alter(cli_pq *q, size_t i, long long off, unsigned x)
{
	if (i >= q->n)
		return -1;
	return cli_xor_at(q->b[i], q->len[i], off, x);
}
