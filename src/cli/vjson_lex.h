/*
 * vjson_lex.h -- the lexical part of vjson.c's reader: the functions that
 * read the octets of a JSON text (a vector file, a vendor's, or an
 * adapter's answer). Each is bounded by (s, len) and a position, writes
 * only what its contract names (no heap, no globals) and is proved with
 * Frama-C WP (make proofs; proofs/README.md): it reads nothing outside
 * s[0..len), and a position it returns is inside the text. vjson.c builds
 * the tree (heap, recursion) from what they return.
 *
 * Positions are offsets into s; on failure *at is where the error lies
 * (vj_parse's "offset N: what").
 */
#ifndef MSA_CLI_VJSON_LEX_H__
#define MSA_CLI_VJSON_LEX_H__

#include <stddef.h>
#include <stdint.h>

/* The lexers' errors; vj_lex_what names them for messages. */
enum {
	VJ_LEX_OK = 0,
	VJ_LEX_UNTERMINATED,      /* "unterminated string" */
	VJ_LEX_CONTROL,           /* "control character in a string" */
	VJ_LEX_ESCAPE,            /* "bad escape" */
	VJ_LEX_U_ESCAPE,          /* "bad \\u escape" */
	VJ_LEX_LONE_SURROGATE,    /* "lone surrogate" */
	VJ_LEX_SURROGATE_PAIR,    /* "bad surrogate pair" */
	VJ_LEX_NUMBER,            /* "bad number" */
	VJ_LEX_LEADING_ZERO,      /* "leading zero" */
	VJ_LEX_TOO_SMALL          /* the output buffer is too small (not a text error) */
};

/* The message for a VJ_LEX_* code (a static string). */
const char *vj_lex_what(int code);

/*@ predicate vj_text(char *s, integer len) =
      len >= 0 && \valid_read(s + (0 .. len - 1));
 */

/* The position of the first non-whitespace character (space, tab, LF, CR)
 * at or after pos; len when there is none. */
/*@ requires vj_text(s, len) && pos <= len;
    assigns \nothing;
    ensures pos <= \result <= len;
 */
size_t vj_lex_ws(const char *s, size_t len, size_t pos);

/* Four hex digits at s[pos..pos+4): 0 and their value in *out (at most
 * 0xFFFF); -1 (nothing written) when there are fewer than four characters
 * or one is not a hex digit. */
/*@ requires vj_text(s, len) && pos <= len && \valid(out);
    assigns *out;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> pos + 4 <= len && 0 <= *out <= 0xFFFF;
 */
int vj_lex_hex4(const char *s, size_t len, size_t pos, unsigned long *out);

/* The string literal whose opening quote is s[pos]: its escapes checked
 * (RFC 8259; \uXXXX surrogate pairs joined, lone surrogates refused) and,
 * when out is not NULL, its contents decoded (UTF-8) into out[0..cap)
 * (out NULL, cap 0: only checked and counted).
 * VJ_LEX_OK with *at just after the closing quote and *n the decoded
 * length (with out: the octets written); else the error, *at where it
 * lies (VJ_LEX_TOO_SMALL: out cannot hold the contents). */
/*@ predicate vj_out(char *out, integer cap) =
      (out == \null && cap == 0) || (cap >= 0 && \valid(out + (0 .. cap - 1)));
 */
/*@ requires vj_text(s, len) && pos < len && vj_out(out, cap);
    requires out == \null || \separated(out + (0 .. cap - 1), s + (0 .. len - 1));
    requires \valid(at) && \valid(n) && \separated(at, n);
    requires out == \null || \separated(at, n, out + (0 .. cap - 1));
    assigns *at, *n, out[0 .. cap - 1];
    ensures 0 <= \result <= VJ_LEX_TOO_SMALL;
    ensures *at <= len;
    ensures \result == VJ_LEX_OK ==> pos < *at && *n < *at - pos;
    ensures \result == VJ_LEX_OK && out != \null ==> *n <= cap;
    ensures \result == VJ_LEX_TOO_SMALL ==> out != \null;
 */
int vj_lex_string(const char *s, size_t len, size_t pos, char *out, size_t cap,
	size_t *at, size_t *n);

/* The number at s[pos] (RFC 8259: -? int frac? exp?; no leading zero):
 * VJ_LEX_OK with *at just after it and *is_real 1 when it has a fraction or
 * an exponent; else VJ_LEX_NUMBER or VJ_LEX_LEADING_ZERO, *at where. */
/*@ requires vj_text(s, len) && pos <= len;
    requires \valid(at) && \valid(is_real) && \separated(at, is_real);
    assigns *at, *is_real;
    ensures \result == VJ_LEX_OK || \result == VJ_LEX_NUMBER || \result == VJ_LEX_LEADING_ZERO;
    ensures *at <= len && (*is_real == 0 || *is_real == 1);
    ensures \result == VJ_LEX_OK ==> pos < *at;
 */
int vj_lex_number(const char *s, size_t len, size_t pos, size_t *at, int *is_real);

/* 1 when s[pos..pos+wn) is w[0..wn) (a literal: true, false, null). */
/*@ requires vj_text(s, len) && pos <= len && \valid_read(w + (0 .. wn - 1));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> pos + wn <= len;
 */
int vj_lex_lit(const char *s, size_t len, size_t pos, const char *w, size_t wn);

/* The token at or after pos, white space skipped: *at is its first
 * character (len at the end of the text) and the result its kind: the
 * character itself for { } [ ] , : and '"' (a string starts), 't', 'f' or
 * 'n' (a literal may start), '0' for '-' or a digit (a number may start),
 * 0 at the end of the text, '?' for any other character. vjson.c reads the
 * text only through this and the lexers above. */
/*@ requires vj_text(s, len) && pos <= len && \valid(at);
    assigns *at;
    ensures pos <= *at <= len;
    ensures \result == 0 <==> *at == len;
    ensures \result != 0 && \result != '0' && \result != '?' ==> s[*at] == \result;
    ensures \result == '0' ==> s[*at] == '-' || ('0' <= s[*at] <= '9');
 */
int vj_lex_peek(const char *s, size_t len, size_t pos, size_t *at);

/* s[from..to) copied into out[0..cap) with a terminating 0: 0, or -1
 * (nothing written) when it does not fit (to - from >= cap). */
/*@ requires vj_text(s, len) && from <= to <= len && \valid(out + (0 .. cap - 1));
    requires \separated(out + (0 .. cap - 1), s + (0 .. len - 1));
    assigns out[0 .. cap - 1];
    ensures \result == 0 || \result == -1;
    ensures \result == 0 <==> to - from < cap;
    ensures \result == 0 ==> out[to - from] == 0
      && \forall integer i; 0 <= i < to - from ==> out[i] == s[from + i];
 */
int vj_lex_span(const char *s, size_t len, size_t from, size_t to, char *out, size_t cap);

/* The hex text s[0..n) (either case, an even number of digits) as octets
 * into out[0..n/2): 0, or -1 when n is odd, n/2 > cap or a character is
 * not a hex digit (out[0..n/2) may then hold a prefix). */
/*@ requires vj_text(s, n) && (cap == 0 || \valid(out + (0 .. cap - 1)));
    requires \separated(out + (0 .. cap - 1), s + (0 .. n - 1));
    assigns out[0 .. cap - 1];
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> n % 2 == 0 && n / 2 <= cap;
 */
int vj_lex_hex(const char *s, size_t n, uint8_t *out, size_t cap);

/* msa decode --hex's input: the hex text buf[0..n) (either case, white
 * space anywhere: space, \t, \n, \v, \f, \r) decoded in place into
 * buf[0..*len): 0; or -1 with *bad the offset of the first character that
 * is not a hex digit or white space (n when a digit is left over). */
/*@ requires \valid(buf + (0 .. n - 1)) && \valid(len) && \valid(bad);
    requires \separated(len, bad, buf + (0 .. n - 1));
    assigns buf[0 .. n - 1], *len, *bad;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> *len <= n / 2;
    ensures \result == -1 ==> *bad <= n;
 */
int vj_lex_hex_text(uint8_t *buf, size_t n, size_t *len, size_t *bad);

#endif
