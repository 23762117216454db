/*
 * der_edit.c -- see der_edit.h. Proved with WP: lengths by arithmetic
 * (l * 256 + octet), positions as indices.
 */
#include "der_edit.h"
#include "engine.h"      /* msa_rec_tl: a minimal DER header */

int
cli_tlv(const uint8_t *b, size_t n, size_t *hl, size_t *cl)
{
	size_t l = 0, k, i, h;

	if (n < 2)
		return -1;
	if (b[1] < 0x80u) {
		h = 2;
		l = b[1];
	} else {
		k = b[1] - 0x80u;
		if (k == 0 || k > 3 || n < 2 + k)
			return -1;
		/*@ loop invariant 0 <= i <= k && l < 0x1000000;
		    loop invariant i == 0 ==> l == 0;
		    loop invariant i == 1 ==> l < 0x100;
		    loop invariant i == 2 ==> l < 0x10000;
		    loop assigns i, l;
		    loop variant k - i;
		 */
		for (i = 0; i < k; i++)
			l = l * 256u + b[2 + i];
		h = 2 + k;
	}
	if (l > n - h)
		return -1;
	*hl = h;
	*cl = l;
	return 0;
}

int
cli_der_at(const uint8_t *b, size_t n, const int *path, int d, size_t *off, size_t *hl,
	size_t *cl)
{
	size_t o = 0, h, c, p, end, chl, ccl;
	int i, k;

	if (cli_tlv(b, n, &h, &c) != 0)
		return -1;
	/*@ loop invariant 0 <= i <= d;
	    loop invariant 2 <= h && o + h + c <= n;
	    loop assigns i, k, o, h, c, p, end, chl, ccl;
	    loop variant d - i;
	 */
	for (i = 0; i < d; i++) {
		p = o + h;
		end = o + h + c;
		/*@ loop invariant o + h <= p <= end && 0 <= k && 2 * k <= p - (o + h);
		    loop assigns k, p, chl, ccl;
		    loop variant end - p;
		 */
		for (k = 0;; k++) {
			if (p >= end || cli_tlv(b + p, end - p, &chl, &ccl) != 0)
				return -1;
			if (k == path[i])
				break;
			p += chl + ccl;
		}
		o = p;
		h = chl;
		c = ccl;
	}
	*off = o;
	*hl = h;
	*cl = c;
	return 0;
}

int
cli_der_has_child(const uint8_t *b, size_t n, uint8_t tag)
{
	size_t h, c, p, end, chl, ccl;

	if (cli_tlv(b, n, &h, &c) != 0)
		return 0;
	end = h + c;
	/*@ loop invariant h <= p <= end;
	    loop assigns p, chl, ccl;
	    loop variant end - p;
	 */
	for (p = h; p < end; p += chl + ccl) {
		if (cli_tlv(b + p, end - p, &chl, &ccl) != 0)
			return 0;
		if (b[p] == tag)
			return 1;
	}
	return 0;
}

long
cli_der_drop(const uint8_t *b, size_t n, int k, uint8_t *out, size_t cap)
{
	size_t h, c, p, end, chl, ccl, ds = 0, dl = 0, t, w, i;
	int j, found = 0;

	if (cli_tlv(b, n, &h, &c) != 0 || (b[0] & 0x1Fu) == 0x1Fu || b[0] == 0)
		return -1;
	end = h + c;
	/*@ loop invariant h <= p <= end && 0 <= j && 2 * j <= p - h;
	    loop invariant found == 0 || found == 1;
	    loop invariant found == 1 ==> h <= ds && ds + dl <= p;
	    loop assigns p, j, chl, ccl, ds, dl, found;
	    loop variant end - p;
	 */
	for (p = h, j = 0; p < end; p += chl + ccl, j++) {
		if (cli_tlv(b + p, end - p, &chl, &ccl) != 0)
			return -1;
		if (j == k) {
			ds = p;
			dl = chl + ccl;
			found = 1;
		}
	}
	if (!found)
		return -1;
	t = c - dl;
	if (t > 0xFFFFu || cap < 4 || t > cap - 4)
		return -1;
	w = msa_rec_tl(out, b[0], t);
	/*@ loop invariant h <= i <= ds;
	    loop assigns i, out[w .. w + t - 1];
	    loop variant ds - i;
	 */
	for (i = h; i < ds; i++)
		out[w + (i - h)] = b[i];
	/*@ loop invariant ds + dl <= i <= end;
	    loop assigns i, out[w .. w + t - 1];
	    loop variant end - i;
	 */
	for (i = ds + dl; i < end; i++)
		out[w + (i - h - dl)] = b[i];
	return (long)(w + t);
}
