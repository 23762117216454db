/*
 * vjson.c -- strict JSON reader and writer for `msa vectors` (see vjson.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vjson.h"

#define VJ_MAX_DEPTH 64

static void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n == 0 ? 1 : n);

	if (q == NULL) {
		fputs("error: INTERNAL out of memory\n", stderr);
		exit(1);
	}
	return q;
}

typedef struct {
	const char *p, *end, *start;
	char *err;
	size_t errcap;
	int failed;
} rd;

static void
fail(rd *r, const char *what)
{
	if (!r->failed && r->err != NULL)
		snprintf(r->err, r->errcap, "offset %zu: %s", (size_t)(r->p - r->start), what);
	r->failed = 1;
}

static void
ws(rd *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static vj *
node(vj_type t)
{
	vj *v = xrealloc(NULL, sizeof *v);

	memset(v, 0, sizeof *v);
	v->t = t;
	return v;
}

static void
put_utf8(vbuf *b, unsigned long c)
{
	char o[4];

	if (c < 0x80) {
		o[0] = (char)c;
		vb_put(b, o, 1);
	} else if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		vb_put(b, o, 2);
	} else if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		vb_put(b, o, 3);
	} else {
		o[0] = (char)(0xF0 | (c >> 18));
		o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[3] = (char)(0x80 | (c & 0x3F));
		vb_put(b, o, 4);
	}
}

static int
hex4(rd *r, unsigned long *out)
{
	unsigned long v = 0;
	int i;

	if (r->end - r->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = r->p[i];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f') v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') v |= (unsigned long)(c - 'A' + 10);
		else return -1;
	}
	r->p += 4;
	*out = v;
	return 0;
}

/* A string literal at r->p (the opening quote); its contents into *b. */
static int
string(rd *r, vbuf *b)
{
	r->p++;
	while (r->p < r->end) {
		unsigned char c = (unsigned char)*r->p;
		if (c == '"') {
			r->p++;
			vb_put(b, "", 0);
			return 0;
		}
		if (c < 0x20) {
			fail(r, "control character in a string");
			return -1;
		}
		if (c != '\\') {
			vb_put(b, r->p, 1);
			r->p++;
			continue;
		}
		r->p++;
		if (r->p >= r->end)
			break;
		c = (unsigned char)*r->p++;
		switch (c) {
		case '"': vb_put(b, "\"", 1); break;
		case '\\': vb_put(b, "\\", 1); break;
		case '/': vb_put(b, "/", 1); break;
		case 'b': vb_put(b, "\b", 1); break;
		case 'f': vb_put(b, "\f", 1); break;
		case 'n': vb_put(b, "\n", 1); break;
		case 'r': vb_put(b, "\r", 1); break;
		case 't': vb_put(b, "\t", 1); break;
		case 'u': {
			unsigned long u, lo;
			if (hex4(r, &u) != 0) {
				fail(r, "bad \\u escape");
				return -1;
			}
			if (u >= 0xD800 && u < 0xDC00) {
				if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u') {
					fail(r, "lone surrogate");
					return -1;
				}
				r->p += 2;
				if (hex4(r, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF) {
					fail(r, "bad surrogate pair");
					return -1;
				}
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			} else if (u >= 0xDC00 && u < 0xE000) {
				fail(r, "lone surrogate");
				return -1;
			}
			put_utf8(b, u);
			break;
		}
		default:
			fail(r, "bad escape");
			return -1;
		}
	}
	fail(r, "unterminated string");
	return -1;
}

static vj *value(rd *r, int depth);

static vj *
number(rd *r)
{
	const char *s = r->p;
	int real = 0;
	char tmp[64];
	size_t n;
	vj *v;

	if (r->p < r->end && *r->p == '-')
		r->p++;
	if (r->p >= r->end || *r->p < '0' || *r->p > '9') {
		fail(r, "bad number");
		return NULL;
	}
	if (*r->p == '0' && r->p + 1 < r->end && r->p[1] >= '0' && r->p[1] <= '9') {
		fail(r, "leading zero");
		return NULL;
	}
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
		r->p++;
	if (r->p < r->end && *r->p == '.') {
		real = 1;
		r->p++;
		if (r->p >= r->end || *r->p < '0' || *r->p > '9') {
			fail(r, "bad number");
			return NULL;
		}
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		real = 1;
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (r->p >= r->end || *r->p < '0' || *r->p > '9') {
			fail(r, "bad number");
			return NULL;
		}
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	n = (size_t)(r->p - s);
	if (n >= sizeof tmp) {
		fail(r, "number too long");
		return NULL;
	}
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (!real && n <= 18) {
		v = node(VJ_INT);
		v->i = strtoll(tmp, NULL, 10);
	} else {
		v = node(VJ_REAL);
		v->d = strtod(tmp, NULL);
	}
	return v;
}

static int
lit(rd *r, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0)
		return -1;
	r->p += n;
	return 0;
}

static vj *
value(rd *r, int depth)
{
	vj *v;
	vbuf b = { 0 };

	ws(r);
	if (r->p >= r->end) {
		fail(r, "unexpected end");
		return NULL;
	}
	if (depth > VJ_MAX_DEPTH) {
		fail(r, "nesting too deep");
		return NULL;
	}
	switch (*r->p) {
	case '{':
	case '[': {
		int is_obj = *r->p == '{';
		char close = is_obj ? '}' : ']';
		v = node(is_obj ? VJ_OBJ : VJ_ARR);
		r->p++;
		ws(r);
		if (r->p < r->end && *r->p == close) {
			r->p++;
			return v;
		}
		for (;;) {
			char *key = NULL;
			vj *m;
			size_t i;
			ws(r);
			if (is_obj) {
				if (r->p >= r->end || *r->p != '"') {
					fail(r, "expected a key");
					vj_free(v);
					return NULL;
				}
				memset(&b, 0, sizeof b);
				if (string(r, &b) != 0) {
					vb_free(&b);
					vj_free(v);
					return NULL;
				}
				key = b.p;
				for (i = 0; i < v->n; i++)
					if (strcmp(v->k[i], key) == 0) {
						fail(r, "duplicate key");
						free(key);
						vj_free(v);
						return NULL;
					}
				ws(r);
				if (r->p >= r->end || *r->p != ':') {
					fail(r, "expected ':'");
					free(key);
					vj_free(v);
					return NULL;
				}
				r->p++;
			}
			m = value(r, depth + 1);
			if (m == NULL) {
				free(key);
				vj_free(v);
				return NULL;
			}
			v->v = xrealloc(v->v, (v->n + 1) * sizeof *v->v);
			if (is_obj)
				v->k = xrealloc(v->k, (v->n + 1) * sizeof *v->k), v->k[v->n] = key;
			v->v[v->n++] = m;
			ws(r);
			if (r->p < r->end && *r->p == ',') {
				r->p++;
				continue;
			}
			if (r->p < r->end && *r->p == close) {
				r->p++;
				return v;
			}
			fail(r, "expected ',' or a closing bracket");
			vj_free(v);
			return NULL;
		}
	}
	case '"':
		if (string(r, &b) != 0) {
			vb_free(&b);
			return NULL;
		}
		v = node(VJ_STR);
		v->s = b.p;
		v->n = b.len;
		return v;
	case 't':
		if (lit(r, "true") == 0)
			return node(VJ_TRUE);
		break;
	case 'f':
		if (lit(r, "false") == 0)
			return node(VJ_FALSE);
		break;
	case 'n':
		if (lit(r, "null") == 0)
			return node(VJ_NULL);
		break;
	default:
		return number(r);
	}
	fail(r, "bad literal");
	return NULL;
}

vj *
vj_parse(const char *text, size_t len, char *err, size_t errcap)
{
	rd r;
	vj *v;

	r.p = r.start = text;
	r.end = text + len;
	r.err = err;
	r.errcap = errcap;
	r.failed = 0;
	v = value(&r, 0);
	if (v == NULL)
		return NULL;
	ws(&r);
	if (r.p != r.end) {
		fail(&r, "text after the value");
		vj_free(v);
		return NULL;
	}
	return v;
}

vj *
vj_load(const char *path, char *err, size_t errcap)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	vj *v;

	if (f == NULL) {
		snprintf(err, errcap, "cannot open");
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		snprintf(err, errcap, "cannot read");
		return NULL;
	}
	buf = xrealloc(NULL, (size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		snprintf(err, errcap, "cannot read");
		return NULL;
	}
	fclose(f);
	v = vj_parse(buf, (size_t)n, err, errcap);
	free(buf);
	return v;
}

void
vj_free(vj *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n && (v->t == VJ_ARR || v->t == VJ_OBJ); i++) {
		vj_free(v->v[i]);
		if (v->k != NULL)
			free(v->k[i]);
	}
	free(v->v);
	free(v->k);
	free(v->s);
	free(v);
}

const vj *
vj_get(const vj *o, const char *key)
{
	size_t i;

	if (o == NULL || o->t != VJ_OBJ)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (strcmp(o->k[i], key) == 0)
			return o->v[i];
	return NULL;
}

const char *
vj_str(const vj *o, const char *key)
{
	const vj *v = vj_get(o, key);

	return v != NULL && v->t == VJ_STR ? v->s : NULL;
}

int
vj_int(const vj *o, const char *key, long long *out)
{
	const vj *v = vj_get(o, key);

	if (v == NULL || v->t != VJ_INT)
		return -1;
	*out = v->i;
	return 0;
}

int
vj_equal(const vj *a, const vj *b)
{
	size_t i;

	if (a == NULL || b == NULL || a->t != b->t)
		return 0;
	switch (a->t) {
	case VJ_INT: return a->i == b->i;
	case VJ_REAL: return a->d == b->d;
	case VJ_STR: return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
	case VJ_ARR:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++)
			if (!vj_equal(a->v[i], b->v[i]))
				return 0;
		return 1;
	case VJ_OBJ:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++)
			if (!vj_equal(a->v[i], vj_get(b, a->k[i])))
				return 0;
		return 1;
	default:
		return 1;
	}
}

/* ---------------------------------------------------------------- writer */
void
vb_put(vbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 256;
		while (c < b->len + n + 1)
			c *= 2;
		b->p = xrealloc(b->p, c);
		b->cap = c;
	}
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
vb_puts(vbuf *b, const char *s)
{
	vb_put(b, s, strlen(s));
}

void
vb_printf(vbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		vb_put(b, tmp, (size_t)n);
		return;
	}
	{
		char *big = xrealloc(NULL, (size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		vb_put(b, big, (size_t)n);
		free(big);
	}
}

void
vb_str(vbuf *b, const char *s, size_t n)
{
	size_t i;

	vb_put(b, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			vb_put(b, e, 2);
		} else if (c < 0x20 || c == 0x7F) {
			vb_printf(b, "\\u%04x", c);
		} else {
			vb_put(b, (const char *)&s[i], 1);
		}
	}
	vb_put(b, "\"", 1);
}

void
vb_hex(vbuf *b, const uint8_t *p, size_t n)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	vb_put(b, "\"", 1);
	for (i = 0; i < n; i++) {
		char h[2] = { d[p[i] >> 4], d[p[i] & 15] };
		vb_put(b, h, 2);
	}
	vb_put(b, "\"", 1);
}

void
vb_value(vbuf *b, const vj *v)
{
	size_t i;

	switch (v->t) {
	case VJ_NULL: vb_puts(b, "null"); break;
	case VJ_TRUE: vb_puts(b, "true"); break;
	case VJ_FALSE: vb_puts(b, "false"); break;
	case VJ_INT: vb_printf(b, "%lld", v->i); break;
	case VJ_REAL: vb_printf(b, "%.17g", v->d); break;
	case VJ_STR: vb_str(b, v->s, v->n); break;
	case VJ_ARR:
	case VJ_OBJ:
		vb_put(b, v->t == VJ_ARR ? "[" : "{", 1);
		for (i = 0; i < v->n; i++) {
			if (i)
				vb_put(b, ",", 1);
			if (v->t == VJ_OBJ) {
				vb_str(b, v->k[i], strlen(v->k[i]));
				vb_put(b, ":", 1);
			}
			vb_value(b, v->v[i]);
		}
		vb_put(b, v->t == VJ_ARR ? "]" : "}", 1);
		break;
	}
}

void
vb_free(vbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

uint8_t *
hex_decode(const char *s, size_t *len)
{
	size_t n = strlen(s), i;
	uint8_t *o;

	if (n % 2 != 0)
		return NULL;
	o = xrealloc(NULL, n / 2 + 1);
	for (i = 0; i < n / 2; i++) {
		int v = 0, j;
		for (j = 0; j < 2; j++) {
			char c = s[2 * i + (size_t)j];
			v <<= 4;
			if (c >= '0' && c <= '9') v |= c - '0';
			else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
			else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
			else { free(o); return NULL; }
		}
		o[i] = (uint8_t)v;
	}
	*len = n / 2;
	return o;
}
