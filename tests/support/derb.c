/*
 * derb.c -- see derb.h. Lengths are written in minimal DER form.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "derb.h"

static seg *
alloc_seg(size_t n)
{
	seg *s = malloc(sizeof *s + n + 8);

	if (s == NULL)
		abort();
	s->n = 0;
	return s;
}

static size_t
put_len(uint8_t *o, size_t n)
{
	if (n < 0x80) { o[0] = (uint8_t)n; return 1; }
	if (n < 0x100) { o[0] = 0x81; o[1] = (uint8_t)n; return 2; }
	if (n < 0x10000) { o[0] = 0x82; o[1] = (uint8_t)(n >> 8); o[2] = (uint8_t)n; return 3; }
	o[0] = 0x83; o[1] = (uint8_t)(n >> 16); o[2] = (uint8_t)(n >> 8); o[3] = (uint8_t)n;
	return 4;
}

seg *
P(uint8_t tag, const void *content, size_t n)
{
	seg *s = alloc_seg(n + 5);

	s->d[0] = tag;
	s->n = 1 + put_len(s->d + 1, n);
	if (n > 0)
		memcpy(s->d + s->n, content, n);
	s->n += n;
	return s;
}

seg *
FILL(uint8_t tag, uint8_t v, size_t n)
{
	uint8_t *b = malloc(n + 1);
	seg *s;

	memset(b, v, n);
	s = P(tag, b, n);
	free(b);
	return s;
}

seg *
INT(uint8_t tag, long long v)
{
	uint8_t b[9];
	int i, n = 8;

	for (i = 0; i < 8; i++)
		b[i] = (uint8_t)((unsigned long long)v >> (56 - 8 * i));
	/* strip redundant leading octets */
	i = 0;
	while (n - i > 1 && ((b[i] == 0x00 && !(b[i + 1] & 0x80)) || (b[i] == 0xFF && (b[i + 1] & 0x80))))
		i++;
	return P(tag, b + i, (size_t)(n - i));
}

static seg *
vcat(int count, va_list ap, size_t *total, seg **parts)
{
	int i;

	*total = 0;
	for (i = 0; i < count; i++) {
		parts[i] = va_arg(ap, seg *);
		*total += parts[i]->n;
	}
	return NULL;
}

seg *
C(uint8_t tag, int count, ...)
{
	seg *parts[64], *s;
	size_t total, off;
	va_list ap;
	int i;

	va_start(ap, count);
	vcat(count, ap, &total, parts);
	va_end(ap);
	s = alloc_seg(total + 5);
	s->d[0] = tag;
	off = 1 + put_len(s->d + 1, total);
	for (i = 0; i < count; i++) {
		memcpy(s->d + off, parts[i]->d, parts[i]->n);
		off += parts[i]->n;
		free(parts[i]);
	}
	s->n = off;
	return s;
}

seg *
CAT(int count, ...)
{
	seg *parts[64], *s;
	size_t total, off = 0;
	va_list ap;
	int i;

	va_start(ap, count);
	vcat(count, ap, &total, parts);
	va_end(ap);
	s = alloc_seg(total);
	for (i = 0; i < count; i++) {
		memcpy(s->d + off, parts[i]->d, parts[i]->n);
		off += parts[i]->n;
		free(parts[i]);
	}
	s->n = off;
	return s;
}

seg *
RAW(const char *hex)
{
	size_t len = strlen(hex), n = 0;
	seg *s = alloc_seg(len / 2 + 1 + 20000);
	int hi = -1;

	for (; *hex; hex++) {
		int c = *hex, v;
		if (c == '*' && n > 0 && hi < 0) {     /* "11*32": 0x11 32 times in all */
			char *end;
			long k = strtol(hex + 1, &end, 10);
			while (--k > 0 && n < 20000)
				s->d[n] = s->d[n - 1], n++;
			hex = end - 1;
			continue;
		}
		if (c >= '0' && c <= '9') v = c - '0';
		else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
		else continue;
		if (hi < 0) { hi = v; continue; }
		s->d[n++] = (uint8_t)(hi * 16 + v);
		hi = -1;
	}
	s->n = n;
	return s;
}

seg *
NEST(uint8_t tag, seg *inner)
{
	return C(tag, 1, inner);
}
