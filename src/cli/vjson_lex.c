/*
 * vjson_lex.c -- the lexical part of vjson.c's reader (see vjson_lex.h):
 * whitespace, hex digits, string literals with their escapes, numbers and
 * the three literals, each bounded by (s, len) and proved with WP. Written
 * for the provers: arithmetic where bit operations would do (v * 16 + d,
 * c / 64 and c % 64 for UTF-8), indices rather than pointers.
 */
#include <stdint.h>
#include "vjson_lex.h"

const char *
vj_lex_what(int code)
{
	switch (code) {
	case VJ_LEX_UNTERMINATED:   return "unterminated string";
	case VJ_LEX_CONTROL:        return "control character in a string";
	case VJ_LEX_ESCAPE:         return "bad escape";
	case VJ_LEX_U_ESCAPE:       return "bad \\u escape";
	case VJ_LEX_LONE_SURROGATE: return "lone surrogate";
	case VJ_LEX_SURROGATE_PAIR: return "bad surrogate pair";
	case VJ_LEX_NUMBER:         return "bad number";
	case VJ_LEX_LEADING_ZERO:   return "leading zero";
	case VJ_LEX_TOO_SMALL:      return "string buffer too small";
	default:                    return "ok";
	}
}

size_t
vj_lex_ws(const char *s, size_t len, size_t pos)
{
	/*@ loop invariant \at(pos, Pre) <= pos <= len;
	    loop assigns pos;
	    loop variant len - pos;
	 */
	while (pos < len && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r'))
		pos++;
	return pos;
}

/* The value of hex digit c, or -1. */
/*@ assigns \nothing;
    ensures -1 <= \result <= 15;
 */
static int
hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
vj_lex_hex4(const char *s, size_t len, size_t pos, unsigned long *out)
{
	unsigned long v = 0;
	int i, d;

	if (len - pos < 4u)
		return -1;
	/*@ loop invariant 0 <= i <= 4;
	    loop invariant (i == 0 ==> v == 0) && (i == 1 ==> v < 16) && (i == 2 ==> v < 256)
	      && (i == 3 ==> v < 4096) && (i == 4 ==> v < 65536);
	    loop assigns i, d, v;
	    loop variant 4 - i;
	 */
	for (i = 0; i < 4; i++) {
		d = hex_val(s[pos + (size_t)i]);
		if (d < 0)
			return -1;
		v = v * 16u + (unsigned long)d;
	}
	*out = v;
	return 0;
}

/* One octet b of a string's contents: counted into *k, and stored at
 * out[*k] when there is an output (VJ_LEX_TOO_SMALL when it is full). */
/*@ requires vj_out(out, cap) && \valid(k) && *k < SIZE_MAX;
    requires out == \null || \separated(k, out + (0 .. cap - 1));
    requires out != \null ==> *k <= cap;
    assigns *k, out[0 .. cap - 1];
    ensures \result == VJ_LEX_OK || \result == VJ_LEX_TOO_SMALL;
    ensures \result == VJ_LEX_OK ==> *k == \old(*k) + 1;
    ensures \result == VJ_LEX_TOO_SMALL ==> out != \null && *k == \old(*k);
    ensures out != \null ==> *k <= cap;
 */
static int
lex_put(char *out, size_t cap, size_t *k, unsigned b)
{
	if (out != NULL) {
		if (*k >= cap)
			return VJ_LEX_TOO_SMALL;
		out[*k] = (char)b;
	}
	*k += 1u;
	return VJ_LEX_OK;
}

/* Code point c (at most 0x10FFFF) in UTF-8: 1 to 4 octets through lex_put. */
/*@ requires vj_out(out, cap) && \valid(k) && *k < SIZE_MAX - 4 && c <= 0x10FFFF;
    requires out == \null || \separated(k, out + (0 .. cap - 1));
    requires out != \null ==> *k <= cap;
    assigns *k, out[0 .. cap - 1];
    ensures \result == VJ_LEX_OK || \result == VJ_LEX_TOO_SMALL;
    ensures \result == VJ_LEX_OK ==> \old(*k) < *k <= \old(*k) + 4;
    ensures \result == VJ_LEX_TOO_SMALL ==> out != \null;
    ensures out != \null ==> *k <= cap;
 */
static int
put_cp(char *out, size_t cap, size_t *k, unsigned long c)
{
	int r;

	if (c < 0x80u)
		return lex_put(out, cap, k, (unsigned)c);
	if (c < 0x800u) {
		if ((r = lex_put(out, cap, k, 0xC0u + (unsigned)(c / 64u))) != VJ_LEX_OK)
			return r;
		return lex_put(out, cap, k, 0x80u + (unsigned)(c % 64u));
	}
	if (c < 0x10000u) {
		if ((r = lex_put(out, cap, k, 0xE0u + (unsigned)(c / 4096u))) != VJ_LEX_OK)
			return r;
		if ((r = lex_put(out, cap, k, 0x80u + (unsigned)(c / 64u % 64u))) != VJ_LEX_OK)
			return r;
		return lex_put(out, cap, k, 0x80u + (unsigned)(c % 64u));
	}
	if ((r = lex_put(out, cap, k, 0xF0u + (unsigned)(c / 262144u))) != VJ_LEX_OK)
		return r;
	if ((r = lex_put(out, cap, k, 0x80u + (unsigned)(c / 4096u % 64u))) != VJ_LEX_OK)
		return r;
	if ((r = lex_put(out, cap, k, 0x80u + (unsigned)(c / 64u % 64u))) != VJ_LEX_OK)
		return r;
	return lex_put(out, cap, k, 0x80u + (unsigned)(c % 64u));
}

/* The octet value 0..255 of character c, whether char is signed or not
 * (arithmetic: a conversion of a negative char would be a downcast). */
/*@ assigns \nothing;
    ensures 0 <= \result <= 255;
 */
static unsigned
octet(char c)
{
	return c < 0 ? (unsigned)(c + 256) : (unsigned)c;
}

/* The character a one-letter escape stands for, or -1 (not one). */
/*@ assigns \nothing;
    ensures -1 <= \result <= 255;
 */
static int
escape_of(char c)
{
	switch (c) {
	case '"':  return '"';
	case '\\': return '\\';
	case '/':  return '/';
	case 'b':  return '\b';
	case 'f':  return '\f';
	case 'n':  return '\n';
	case 'r':  return '\r';
	case 't':  return '\t';
	default:   return -1;
	}
}

/* A \u escape whose four digits start at s[*i] (after "\u"): the code
 * point, a surrogate pair joined, in *cp; *i after what it read. On
 * failure the error, with *i where it lies. */
/*@ requires vj_text(s, len) && \valid(i) && \valid(cp) && \separated(i, cp);
    requires 2 <= *i <= len;
    assigns *i, *cp;
    ensures \old(*i) <= *i <= len;
    ensures \result == VJ_LEX_OK || \result == VJ_LEX_U_ESCAPE
      || \result == VJ_LEX_LONE_SURROGATE || \result == VJ_LEX_SURROGATE_PAIR;
    ensures \result == VJ_LEX_OK ==> *cp <= 0x10FFFF
      && ((*cp <= 0xFFFF && *i == \old(*i) + 4) || *i == \old(*i) + 10);
 */
static int
u_escape(const char *s, size_t len, size_t *i, unsigned long *cp)
{
	unsigned long u, lo;
	size_t j = *i;

	if (vj_lex_hex4(s, len, j, &u) != 0)
		return VJ_LEX_U_ESCAPE;
	j += 4u;
	if (u >= 0xDC00u && u < 0xE000u) {
		*i = j;
		return VJ_LEX_LONE_SURROGATE;
	}
	if (u < 0xD800u || u >= 0xDC00u) {
		*i = j;
		*cp = u;
		return VJ_LEX_OK;
	}
	/* a high surrogate: its low half must follow as \uDC00..\uDFFF */
	if (len - j < 6u || s[j] != '\\' || s[j + 1u] != 'u') {
		*i = j;
		return VJ_LEX_LONE_SURROGATE;
	}
	j += 2u;
	if (vj_lex_hex4(s, len, j, &lo) != 0) {
		*i = j;
		return VJ_LEX_SURROGATE_PAIR;
	}
	j += 4u;
	*i = j;
	if (lo < 0xDC00u || lo > 0xDFFFu)
		return VJ_LEX_SURROGATE_PAIR;
	*cp = 0x10000u + (u - 0xD800u) * 1024u + (lo - 0xDC00u);
	return VJ_LEX_OK;
}

int
vj_lex_string(const char *s, size_t len, size_t pos, char *out, size_t cap,
	size_t *at, size_t *n)
{
	size_t i = pos + 1u, k = 0;
	unsigned long cp = 0;
	int e, r;

	*n = 0;
	/*@ loop invariant pos < i <= len && k < i - pos;
	    loop invariant out != \null ==> k <= cap;
	    loop assigns i, k, cp, e, r, *n, out[0 .. cap - 1];
	    loop variant len - i;
	 */
	while (i < len) {
		char c = s[i];

		if (c == '"') {
			*at = i + 1u;
			*n = k;
			return VJ_LEX_OK;
		}
		if (c >= 0 && c < 0x20) {
			*at = i;
			return VJ_LEX_CONTROL;
		}
		if (c != '\\') {
			if ((r = lex_put(out, cap, &k, octet(c))) != VJ_LEX_OK) {
				*at = i;
				return r;
			}
			i++;
			continue;
		}
		i++;
		if (i >= len)
			break;
		c = s[i];
		i++;
		if (c == 'u') {
			if ((r = u_escape(s, len, &i, &cp)) != VJ_LEX_OK) {
				*at = i;
				return r;
			}
			r = put_cp(out, cap, &k, cp);
		} else {
			e = escape_of(c);
			if (e < 0) {
				*at = i;
				return VJ_LEX_ESCAPE;
			}
			r = lex_put(out, cap, &k, (unsigned)e);
		}
		if (r != VJ_LEX_OK) {
			*at = i;
			return r;
		}
	}
	*at = len;
	return VJ_LEX_UNTERMINATED;
}

/* Is c a decimal digit? */
/*@ assigns \nothing;
    ensures \result == 0 || \result == 1;
 */
static int
dec_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The position after the run of digits at s[i] (i when there is none). */
/*@ requires vj_text(s, len) && i <= len;
    assigns \nothing;
    ensures i <= \result <= len;
 */
static size_t
dec_run(const char *s, size_t len, size_t i)
{
	/*@ loop invariant \at(i, Pre) <= i <= len;
	    loop assigns i;
	    loop variant len - i;
	 */
	while (i < len && dec_digit(s[i]))
		i++;
	return i;
}

/* The digits that must come at s[i]: the position after their run, or 0
 * when s[i] is not a digit (or there is none). */
/*@ requires vj_text(s, len) && i <= len;
    assigns \nothing;
    ensures \result == 0 || i < \result <= len;
 */
static size_t
need_digits(const char *s, size_t len, size_t i)
{
	if (i >= len || !dec_digit(s[i]))
		return 0;
	return dec_run(s, len, i + 1u);
}

/* -? and the integer part at s[pos]: OK with *at after it, else the
 * error (no digit; a leading zero) with *at where. */
/*@ requires vj_text(s, len) && pos <= len && \valid(at);
    assigns *at;
    ensures \result == VJ_LEX_OK || \result == VJ_LEX_NUMBER || \result == VJ_LEX_LEADING_ZERO;
    ensures *at <= len;
    ensures \result == VJ_LEX_OK ==> pos < *at;
 */
static int
int_part(const char *s, size_t len, size_t pos, size_t *at)
{
	size_t i = pos, j;

	if (i < len && s[i] == '-')
		i++;
	j = need_digits(s, len, i);
	if (j == 0 || (s[i] == '0' && j - i > 1u)) {
		*at = i;
		return j == 0 ? VJ_LEX_NUMBER : VJ_LEX_LEADING_ZERO;
	}
	*at = j;
	return VJ_LEX_OK;
}

/* An optional part at s[i] that starts with one of the characters c1, c2
 * (then an optional sign when sign is set) and has digits: OK with *at
 * after it (i when it is absent) and *seen 1 when present; else
 * VJ_LEX_NUMBER (no digit), *at where. */
/*@ requires vj_text(s, len) && i <= len && \valid(at) && \valid(seen) && \separated(at, seen);
    assigns *at, *seen;
    ensures \result == VJ_LEX_OK || \result == VJ_LEX_NUMBER;
    ensures i <= *at <= len && (*seen == 0 || *seen == 1);
 */
static int
opt_part(const char *s, size_t len, size_t i, char c1, char c2, int sign,
	size_t *at, int *seen)
{
	size_t j;

	*seen = 0;
	if (i >= len || (s[i] != c1 && s[i] != c2)) {
		*at = i;
		return VJ_LEX_OK;
	}
	*seen = 1;
	i++;
	if (sign && i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	j = need_digits(s, len, i);
	*at = j == 0 ? i : j;
	return j == 0 ? VJ_LEX_NUMBER : VJ_LEX_OK;
}

int
vj_lex_number(const char *s, size_t len, size_t pos, size_t *at, int *is_real)
{
	int r, f = 0, x = 0;

	*is_real = 0;
	if ((r = int_part(s, len, pos, at)) != VJ_LEX_OK)
		return r;
	if ((r = opt_part(s, len, *at, '.', '.', 0, at, &f)) == VJ_LEX_OK)
		r = opt_part(s, len, *at, 'e', 'E', 1, at, &x);
	*is_real = f || x;
	return r;
}

int
vj_lex_lit(const char *s, size_t len, size_t pos, const char *w, size_t wn)
{
	size_t i;

	if (len - pos < wn)
		return 0;
	/*@ loop invariant 0 <= i <= wn;
	    loop assigns i;
	    loop variant wn - i;
	 */
	for (i = 0; i < wn; i++)
		if (s[pos + i] != w[i])
			return 0;
	return 1;
}

int
vj_lex_hex(const char *s, size_t n, uint8_t *out, size_t cap)
{
	size_t i;
	int hi, lo;

	if (n % 2u != 0u || n / 2u > cap)
		return -1;
	/*@ loop invariant 0 <= i <= n / 2;
	    loop assigns i, hi, lo, out[0 .. n / 2 - 1];
	    loop variant n / 2 - i;
	 */
	for (i = 0; i < n / 2u; i++) {
		hi = hex_val(s[2u * i]);
		lo = hex_val(s[2u * i + 1u]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi * 16 + lo);
	}
	return 0;
}

int
vj_lex_hex_text(uint8_t *buf, size_t n, size_t *len, size_t *bad)
{
	size_t i, o = 0;
	int hi = -1, v;

	/*@ loop invariant 0 <= i <= n && 2 * o <= i && -1 <= hi <= 15;
	    loop invariant hi >= 0 ==> 2 * o < i;
	    loop assigns i, o, hi, v, buf[0 .. n - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++) {
		uint8_t c = buf[i];

		if (c == ' ' || (c >= 0x09u && c <= 0x0Du))   /* isspace, C locale */
			continue;
		v = hex_val((char)(c < 0x80u ? c : 0u));
		if (v < 0) {
			*bad = i;
			return -1;
		}
		if (hi < 0) {
			hi = v;
			continue;
		}
		buf[o] = (uint8_t)(hi * 16 + v);
		o++;
		hi = -1;
	}
	if (hi >= 0) {
		*bad = n;
		return -1;
	}
	*len = o;
	return 0;
}

int
vj_lex_peek(const char *s, size_t len, size_t pos, size_t *at)
{
	int k = 0;
	char c;

	pos = vj_lex_ws(s, len, pos);
	*at = pos;
	if (pos < len) {
		c = s[pos];
		if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':' || c == '"'
			|| c == 't' || c == 'f' || c == 'n')
			k = c;
		else if (c == '-')
			k = '0';
		else if (c >= '0' && c <= '9')
			k = '0';
		else
			k = '?';
	}
	return k;
}

int
vj_lex_span(const char *s, size_t len, size_t from, size_t to, char *out, size_t cap)
{
	size_t i;

	(void)len;
	if (to - from >= cap)
		return -1;
	/*@ loop invariant 0 <= i <= to - from;
	    loop invariant \forall integer k; 0 <= k < i ==> out[k] == s[from + k];
	    loop assigns i, out[0 .. to - from - 1];
	    loop variant to - from - i;
	 */
	for (i = 0; i < to - from; i++)
		out[i] = s[from + i];
	out[to - from] = 0;
	return 0;
}
