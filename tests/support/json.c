/*
 * json.c -- the strict JSON parser of json.h (tests only; heap allowed).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"

#define MAX_DEPTH 64

typedef struct {
	const char *s;
	size_t len, pos;
	char *err;
	size_t errcap;
	int failed;
} parser;

static void fail(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
fail(parser *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->failed)
		return;
	p->failed = 1;
	if (p->errcap == 0)
		return;
	n = snprintf(p->err, p->errcap, "offset %zu: ", p->pos);
	if (n >= 0 && (size_t)n < p->errcap) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errcap - (size_t)n, fmt, ap);
		va_end(ap);
	}
}

static void *
xalloc(size_t n)
{
	void *q = calloc(1, n ? n : 1);

	if (q == NULL) {
		fprintf(stderr, "json: out of memory\n");
		exit(2);
	}
	return q;
}

static void
skip_ws(parser *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static int
peek(parser *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static long
read_u4(parser *p)
{
	long v = 0;
	int i;

	if (p->len - p->pos < 4) {
		fail(p, "truncated \\u escape");
		return -1;
	}
	for (i = 0; i < 4; i++) {
		int h = hexval((unsigned char)p->s[p->pos + (size_t)i]);
		if (h < 0) {
			fail(p, "bad hex digit in \\u escape");
			return -1;
		}
		v = v * 16 + h;
	}
	p->pos += 4;
	return v;
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned long cp;
	size_t k, i;

	if (s[0] < 0x80) return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) { k = 2; cp = s[0] & 0x1F; }
	else if (s[0] >= 0xE0 && s[0] <= 0xEF) { k = 3; cp = s[0] & 0x0F; }
	else if (s[0] >= 0xF0 && s[0] <= 0xF4) { k = 4; cp = s[0] & 0x07; }
	else return 0;
	if (n < k) return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80) return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) || cp > 0x10FFFF
		|| (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return k;
}

static size_t
put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) { o[0] = (char)cp; return 1; }
	if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F)); return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Parses a string at p->pos (the opening quote); *out gets a fresh copy. */
static char *
parse_string(parser *p, size_t *out_len)
{
	size_t start = ++p->pos, cap, n = 0;
	char *o;

	/* The decoded string is never longer than the raw text. */
	cap = 1;
	while (start + cap - 1 < p->len && p->s[start + cap - 1] != '"')
		cap += p->s[start + cap - 1] == '\\' ? 2 : 1;
	o = xalloc(cap + 1);
	for (;;) {
		int c = peek(p);

		if (c < 0) {
			fail(p, "unterminated string");
			break;
		}
		if (c == '"') {
			p->pos++;
			o[n] = 0;
			*out_len = n;
			return o;
		}
		if (c < 0x20) {
			fail(p, "control character in string");
			break;
		}
		if (c == '\\') {
			int e;
			p->pos++;
			e = peek(p);
			p->pos++;
			switch (e) {
			case '"': o[n++] = '"'; break;
			case '\\': o[n++] = '\\'; break;
			case '/': o[n++] = '/'; break;
			case 'b': o[n++] = '\b'; break;
			case 'f': o[n++] = '\f'; break;
			case 'n': o[n++] = '\n'; break;
			case 'r': o[n++] = '\r'; break;
			case 't': o[n++] = '\t'; break;
			case 'u': {
				long hi = read_u4(p), lo;
				unsigned long cp;
				if (hi < 0)
					goto bad;
				if (hi >= 0xDC00 && hi <= 0xDFFF) {
					fail(p, "lone low surrogate");
					goto bad;
				}
				cp = (unsigned long)hi;
				if (hi >= 0xD800 && hi <= 0xDBFF) {
					if (p->len - p->pos < 2 || p->s[p->pos] != '\\'
						|| p->s[p->pos + 1] != 'u') {
						fail(p, "lone high surrogate");
						goto bad;
					}
					p->pos += 2;
					lo = read_u4(p);
					if (lo < 0xDC00 || lo > 0xDFFF) {
						fail(p, "bad surrogate pair");
						goto bad;
					}
					cp = 0x10000 + (((unsigned long)hi - 0xD800) << 10)
						+ ((unsigned long)lo - 0xDC00);
				}
				/* \uXXXX (6 raw bytes) -> at most 3 bytes; a pair
				 * (12 raw bytes) -> 4 bytes: fits in cap. */
				n += put_utf8(o + n, cp);
				break;
			}
			default:
				p->pos--;
				fail(p, "invalid escape");
				goto bad;
			}
			continue;
		}
		{
			size_t k = utf8_len((const unsigned char *)p->s + p->pos,
				p->len - p->pos);
			if (k == 0) {
				fail(p, "invalid UTF-8");
				break;
			}
			memcpy(o + n, p->s + p->pos, k);
			n += k;
			p->pos += k;
		}
	}
bad:
	free(o);
	return NULL;
}

static void
parse_number(parser *p, json *v)
{
	size_t start = p->pos;
	char buf[64];

	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0') {
		p->pos++;
	} else if (peek(p) >= '1' && peek(p) <= '9') {
		while (peek(p) >= '0' && peek(p) <= '9')
			p->pos++;
	} else {
		fail(p, "bad number");
		return;
	}
	if (peek(p) == '.') {
		p->pos++;
		if (!(peek(p) >= '0' && peek(p) <= '9')) {
			fail(p, "bad fraction");
			return;
		}
		while (peek(p) >= '0' && peek(p) <= '9')
			p->pos++;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!(peek(p) >= '0' && peek(p) <= '9')) {
			fail(p, "bad exponent");
			return;
		}
		while (peek(p) >= '0' && peek(p) <= '9')
			p->pos++;
	}
	if (p->pos - start >= sizeof buf) {
		fail(p, "number too long");
		return;
	}
	memcpy(buf, p->s + start, p->pos - start);
	buf[p->pos - start] = 0;
	v->type = JSON_NUMBER;
	v->num = strtod(buf, NULL);
}

static json *parse_value(parser *p, int depth);

static void
push(json *v, size_t *cap, json *item, char *key)
{
	if (v->len == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		v->items = realloc(v->items, *cap * sizeof *v->items);
		if (v->type == JSON_OBJECT)
			v->keys = realloc(v->keys, *cap * sizeof *v->keys);
		if (v->items == NULL || (v->type == JSON_OBJECT && v->keys == NULL)) {
			fprintf(stderr, "json: out of memory\n");
			exit(2);
		}
	}
	v->items[v->len] = item;
	if (v->type == JSON_OBJECT)
		v->keys[v->len] = key;
	v->len++;
}

static int
literal(parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos >= n && memcmp(p->s + p->pos, word, n) == 0) {
		p->pos += n;
		return 1;
	}
	return 0;
}

static json *
parse_value(parser *p, int depth)
{
	json *v;
	size_t cap = 0;
	int c;

	if (depth > MAX_DEPTH) {
		fail(p, "nesting deeper than %d", MAX_DEPTH);
		return NULL;
	}
	skip_ws(p);
	v = xalloc(sizeof *v);
	c = peek(p);
	if (c == '{' || c == '[') {
		int close = c == '{' ? '}' : ']';
		v->type = c == '{' ? JSON_OBJECT : JSON_ARRAY;
		p->pos++;
		skip_ws(p);
		if (peek(p) == close) {
			p->pos++;
			return v;
		}
		for (;;) {
			char *key = NULL;
			json *item;

			skip_ws(p);
			if (v->type == JSON_OBJECT) {
				size_t klen, i;
				if (peek(p) != '"') {
					fail(p, "expected a key string");
					break;
				}
				key = parse_string(p, &klen);
				if (key == NULL)
					break;
				if (strlen(key) != klen) {
					fail(p, "NUL in key");
					free(key);
					break;
				}
				for (i = 0; i < v->len; i++)
					if (strcmp(v->keys[i], key) == 0)
						break;
				if (i < v->len) {
					fail(p, "duplicate key \"%s\"", key);
					free(key);
					break;
				}
				skip_ws(p);
				if (peek(p) != ':') {
					fail(p, "expected ':'");
					free(key);
					break;
				}
				p->pos++;
			}
			item = parse_value(p, depth + 1);
			if (item == NULL) {
				free(key);
				break;
			}
			push(v, &cap, item, key);
			skip_ws(p);
			if (peek(p) == ',') {
				p->pos++;
				continue;
			}
			if (peek(p) == close) {
				p->pos++;
				return v;
			}
			fail(p, "expected ',' or '%c'", close);
			break;
		}
		json_free(v);
		return NULL;
	}
	if (c == '"') {
		v->type = JSON_STRING;
		v->str = parse_string(p, &v->len);
		if (v->str == NULL) {
			free(v);
			return NULL;
		}
		return v;
	}
	if (c == '-' || (c >= '0' && c <= '9')) {
		parse_number(p, v);
		if (p->failed) {
			free(v);
			return NULL;
		}
		return v;
	}
	if (literal(p, "true")) { v->type = JSON_TRUE; return v; }
	if (literal(p, "false")) { v->type = JSON_FALSE; return v; }
	if (literal(p, "null")) { v->type = JSON_NULL; return v; }
	fail(p, c < 0 ? "unexpected end of input" : "unexpected character");
	free(v);
	return NULL;
}

json *
json_parse(const char *text, size_t len, char *err, size_t errcap)
{
	parser p;
	json *v;

	memset(&p, 0, sizeof p);
	p.s = text;
	p.len = len;
	p.err = err;
	p.errcap = errcap;
	if (errcap > 0)
		err[0] = 0;
	v = parse_value(&p, 0);
	if (v == NULL)
		return NULL;
	skip_ws(&p);
	if (p.pos != p.len) {
		fail(&p, "trailing characters after the value");
		json_free(v);
		return NULL;
	}
	return v;
}

json *
json_load(const char *path, char *err, size_t errcap)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	json *v;

	if (f == NULL) {
		snprintf(err, errcap, "cannot open %s", path);
		return NULL;
	}
	for (;;) {
		size_t r;
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (buf == NULL) {
				fprintf(stderr, "json: out of memory\n");
				exit(2);
			}
		}
		r = fread(buf + len, 1, cap - len, f);
		len += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errcap, "cannot read %s", path);
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	v = json_parse(buf, len, err, errcap);
	free(buf);
	return v;
}

void
json_free(json *v)
{
	size_t i;

	if (v == NULL)
		return;
	if (v->type == JSON_ARRAY || v->type == JSON_OBJECT) {
		for (i = 0; i < v->len; i++) {
			json_free(v->items[i]);
			if (v->type == JSON_OBJECT)
				free(v->keys[i]);
		}
		free(v->items);
		free(v->keys);
	}
	free(v->str);
	free(v);
}

const json *
json_get(const json *obj, const char *key)
{
	size_t i;

	if (obj == NULL || obj->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < obj->len; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	return NULL;
}

const char *
json_get_str(const json *obj, const char *key)
{
	const json *v = json_get(obj, key);

	return v != NULL && v->type == JSON_STRING ? v->str : NULL;
}

long
json_get_int(const json *obj, const char *key, long dflt)
{
	const json *v = json_get(obj, key);

	if (v == NULL || v->type != JSON_NUMBER || v->num != (double)(long)v->num)
		return dflt;
	return (long)v->num;
}

const json *
json_at(const json *arr, size_t i)
{
	if (arr == NULL || arr->type != JSON_ARRAY || i >= arr->len)
		return NULL;
	return arr->items[i];
}

size_t
json_count(const json *arr)
{
	if (arr == NULL || (arr->type != JSON_ARRAY && arr->type != JSON_OBJECT))
		return 0;
	return arr->len;
}

unsigned char *
json_get_hex(const json *obj, const char *key, size_t *len)
{
	const char *s = json_get_str(obj, key);
	size_t n, i;
	unsigned char *out;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n % 2 != 0)
		return NULL;
	out = xalloc(n / 2 + 1);
	for (i = 0; i < n / 2; i++) {
		int hi = hexval((unsigned char)s[2 * i]), lo = hexval((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(out);
			return NULL;
		}
		out[i] = (unsigned char)(hi * 16 + lo);
	}
	*len = n / 2;
	return out;
}

int
json_has_str(const json *arr, const char *s)
{
	size_t i;

	for (i = 0; i < json_count(arr); i++) {
		const json *v = json_at(arr, i);
		if (v->type == JSON_STRING && strcmp(v->str, s) == 0)
			return 1;
	}
	return 0;
}
