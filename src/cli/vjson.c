/*
 * vjson.c -- strict JSON reader and writer for `msa vectors` (see vjson.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include "vjson.h"
#include "vjson_lex.h"
#include "iobuf.h"
#include "vectors_io.h"

#define VJ_MAX_DEPTH 64
#define VJ_MAX_FILE  (256u * 1024u * 1024u)   /* a vector file: below 256 MiB */

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

/* The reader: text s[0..len), at pos. vjson.c reads no octet of the text
 * itself: every one is read by the proved functions of vjson_lex.c (the
 * token ahead, strings, numbers, literals); pos only moves to a position
 * they return, or one past a punctuation character vj_lex_peek found. */
typedef struct {
	const char *s;
	size_t len, pos;
	char *err;
	size_t errcap;
	int failed;
} rd;

static void
fail(rd *r, const char *what)
{
	if (!r->failed && r->err != NULL)
		snprintf(r->err, r->errcap, "offset %zu: %s", r->pos, what);
	r->failed = 1;
}

/* The kind of the token ahead (vj_lex_peek), pos moved to it. */
static int
peek(rd *r)
{
	return vj_lex_peek(r->s, r->len, r->pos, &r->pos);
}

static vj *
node(vj_type t)
{
	vj *v = xrealloc(NULL, sizeof *v);

	memset(v, 0, sizeof *v);
	v->t = t;
	return v;
}

/* The string literal at pos (its opening quote): checked and measured by
 * the lexer, then decoded into a buffer of exactly that size (plus a NUL). */
static int
string(rd *r, char **out, size_t *outn)
{
	size_t at, n, n2;
	char *buf;
	int e = vj_lex_string(r->s, r->len, r->pos, NULL, 0, &at, &n);

	if (e != VJ_LEX_OK) {
		r->pos = at;
		fail(r, vj_lex_what(e));
		return -1;
	}
	buf = xrealloc(NULL, n + 1);
	e = vj_lex_string(r->s, r->len, r->pos, buf, n, &at, &n2);
	if (e != VJ_LEX_OK || n2 != n) {        /* the same text: cannot happen */
		free(buf);
		r->pos = at;
		fail(r, e != VJ_LEX_OK ? vj_lex_what(e) : "string decoded to another length");
		return -1;
	}
	buf[n] = '\0';
	r->pos = at;
	*out = buf;
	*outn = n;
	return 0;
}

static vj *value(rd *r, int depth);

static vj *
number(rd *r)
{
	size_t start = r->pos, at, n;
	int real, e;
	char tmp[64];
	vj *v;

	e = vj_lex_number(r->s, r->len, r->pos, &at, &real);
	r->pos = at;
	if (e != VJ_LEX_OK) {
		fail(r, vj_lex_what(e));
		return NULL;
	}
	n = at - start;
	if (vj_lex_span(r->s, r->len, start, at, tmp, sizeof tmp) != 0) {
		fail(r, "number too long");
		return NULL;
	}
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

	if (!vj_lex_lit(r->s, r->len, r->pos, w, n))
		return -1;
	r->pos += n;
	return 0;
}

static vj *
value(rd *r, int depth)
{
	vj *v;
	char *str;
	size_t sn;
	int k = peek(r);

	if (k == 0) {
		fail(r, "unexpected end");
		return NULL;
	}
	if (depth > VJ_MAX_DEPTH) {
		fail(r, "nesting too deep");
		return NULL;
	}
	switch (k) {
	case '{':
	case '[': {
		int is_obj = k == '{';
		int close = is_obj ? '}' : ']';
		v = node(is_obj ? VJ_OBJ : VJ_ARR);
		r->pos++;
		if (peek(r) == close) {
			r->pos++;
			return v;
		}
		for (;;) {
			char *key = NULL;
			vj *m;
			size_t i, kpos;
			if (is_obj) {
				if (peek(r) != '"') {
					fail(r, "expected a key");
					vj_free(v);
					return NULL;
				}
				kpos = r->pos;
				if (string(r, &key, &sn) != 0) {
					vj_free(v);
					return NULL;
				}
				/* keys are C strings to every reader of the tree */
				if (memchr(key, 0, sn) != NULL) {
					r->pos = kpos;
					fail(r, "a key with a NUL character");
					free(key);
					vj_free(v);
					return NULL;
				}
				for (i = 0; i < v->n; i++)
					if (strcmp(v->k[i], key) == 0) {
						fail(r, "duplicate key");
						free(key);
						vj_free(v);
						return NULL;
					}
				if (peek(r) != ':') {
					fail(r, "expected ':'");
					free(key);
					vj_free(v);
					return NULL;
				}
				r->pos++;
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
			k = peek(r);
			if (k == ',') {
				r->pos++;
				continue;
			}
			if (k == close) {
				r->pos++;
				return v;
			}
			fail(r, "expected ',' or a closing bracket");
			vj_free(v);
			return NULL;
		}
	}
	case '"':
		if (string(r, &str, &sn) != 0)
			return NULL;
		v = node(VJ_STR);
		v->s = str;
		v->n = sn;
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

	r.s = text;
	r.len = len;
	r.pos = 0;
	r.err = err;
	r.errcap = errcap;
	r.failed = 0;
	v = value(&r, 0);
	if (v == NULL)
		return NULL;
	if (peek(&r) != 0) {
		fail(&r, "text after the value");
		vj_free(v);
		return NULL;
	}
	return v;
}

vj *
vj_load(const char *path, char *err, size_t errcap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	long n;
	vj *v;

	if (fd < 0) {
		snprintf(err, errcap, "cannot open");
		return NULL;
	}
	if (fstat(fd, &st) != 0 || st.st_size < 0) {
		close(fd);
		snprintf(err, errcap, "cannot read");
		return NULL;
	}
	if (st.st_size >= VJ_MAX_FILE) {
		close(fd);
		snprintf(err, errcap, "larger than %u octets", VJ_MAX_FILE - 1u);
		return NULL;
	}
	buf = xrealloc(NULL, (size_t)st.st_size + 1u);
	/* the octets through iobuf.c's proved reader: a file that grew since
	 * fstat is -2, one that shrank is read as it is now */
	n = cli_read_fd(fd, (uint8_t *)buf, (size_t)st.st_size);
	close(fd);
	if (n < 0) {
		free(buf);
		snprintf(err, errcap, n == -2 ? "changed while read" : "cannot read");
		return NULL;
	}
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

	/* a string with a NUL octet (\u0000) is not one to a C-string reader */
	return v != NULL && v->t == VJ_STR && memchr(v->s, 0, v->n) == NULL ? v->s : NULL;
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

/* The octets through iobuf.c's proved renderers, a chunk at a time (each
 * renders at least one octet into a chunk of 256). */
void
vb_str(vbuf *b, const char *s, size_t n)
{
	char tmp[256];
	size_t used, w;

	vb_put(b, "\"", 1);
	while (n > 0) {
		w = cli_json_esc(tmp, sizeof tmp, s, n, &used);
		vb_put(b, tmp, w);
		s += used;
		n -= used;
	}
	vb_put(b, "\"", 1);
}

void
vb_hex(vbuf *b, const uint8_t *p, size_t n)
{
	char tmp[256];
	size_t used, w;

	vb_put(b, "\"", 1);
	while (n > 0) {
		w = cli_hex_out(tmp, sizeof tmp, p, n, &used);
		vb_put(b, tmp, w);
		p += used;
		n -= used;
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

int
vj_hex(const vj *v, uint8_t *buf, size_t cap, size_t *len)
{
	if (v == NULL || v->t != VJ_STR)
		return -1;
	return cli_hex_in(v->s, v->n, buf, cap, len);
}
