/*
 * test_vjson.c -- the JSON reader of `msa vectors` and `msa conform`
 * (src/cli/vjson.c, its lexers in src/cli/vjson_lex.c, proved by WP): for
 * each text, the value it reads (written back compactly by vb_value) or
 * its error, "offset N: what" (RFC 8259 strictness: escapes, surrogate
 * pairs, numbers, literals, nesting, duplicate keys, text after the
 * value). The expectations were those of the reader before its lexers
 * were rewritten for the proof (2026-12-06): a differential run of the
 * old and the new reader over 88,022 texts (the vector files and random
 * mutations of them) found no difference in value or message.
 */
#include <stdlib.h>
#include <string.h>
#include "tf.h"
/* tool code, not in libmsa.a: compiled in */
#include "cli/vjson.c"
#include "cli/vjson_lex.c"
#include "cli/iobuf.c"
#include "cli/vectors_io.c"
#include "cli/sys.c"

static const char *const in[] = {
	"{}", "[]", "0", "-0", "1.5e+10", "-12.25E-3", "\"\"", "true", "false", "null",
	" {\"a\" : [1, 2, {\"b\": null}] } ", "\"\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\\b\\f\\r\\t\"",
	"\"caf\xc3\xa9\"", "123456789012345678", "1234567890123456789", "-9", "[0.5,1e2,2E-1]",
	"\"\\u0041\\u07ff\\u0800\\uffff\\uD800\\uDC00\\udbff\\udfff\"", "\t\r\n 7 \n",
	"", " ", "{", "[1,]", "{\"a\":1,}", "01", "-01", "+1", "1.", ".5", "1e", "1e+", "-", "NaN",
	"'a'", "\"a", "\"\x01\"", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\\"",
	"\"\\ud800\\u0041\"", "\"\\ud800\\", "{\"a\":1,\"a\":2}", "{a:1}", "[1] 2", "{\"a\" 1}",
	"tru", "nul", "fals", "[1 2]", "// c\n1", "\"\\u12\"", "\"\\u12G4\"", "[", "[1", "{\"a\"",
	"{\"a\":", "0123456789012345678901234567890123456789012345678901234567890123",
	"1234567890123456789012345678901234567890123456789012345678901234",
	"true false", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	"\"a\\u0000b\"", "{\"\":\"\"}", "-0.0e-0",
	/* keys are C strings to the tree's readers: a NUL in one is refused
	 * (before 2026-12-06 "a\u0000b" and "a\u0000c" were one key) */
	"{\"a\\u0000\":1}", "{\"x\":1, \"a\\u0000b\":1}", "{\"a\\u0000b\":1,\"a\\u0000c\":2}",
};

static const struct { int ok; const char *out; } want[] = {
	{ 1, "{}" },
	{ 1, "[]" },
	{ 1, "0" },
	{ 1, "0" },
	{ 1, "15000000000" },
	{ 1, "-0.01225" },
	{ 1, "\"\"" },
	{ 1, "true" },
	{ 1, "false" },
	{ 1, "null" },
	{ 1, "{\"a\":[1,2,{\"b\":null}]}" },
	{ 1, "\"\xc3""\xa9""\xf0""\x9f""\x98""\x80""\\u000a\\\"\\\\/\\u0008\\u000c\\u000d\\u0009\"" },
	{ 1, "\"caf\xc3""\xa9""\"" },
	{ 1, "123456789012345678" },
	{ 1, "1.2345678901234568e+18" },
	{ 1, "-9" },
	{ 1, "[0.5,100,0.20000000000000001]" },
	{ 1, "\"A\xdf""\xbf""\xe0""\xa0""\x80""\xef""\xbf""\xbf""\xf0""\x90""\x80""\x80""\xf4""\x8f""\xbf""\xbf""\"" },
	{ 1, "7" },
	{ 0, "offset 0: unexpected end" },
	{ 0, "offset 1: unexpected end" },
	{ 0, "offset 1: expected a key" },
	{ 0, "offset 3: bad number" },
	{ 0, "offset 7: expected a key" },
	{ 0, "offset 0: leading zero" },
	{ 0, "offset 1: leading zero" },
	{ 0, "offset 0: bad number" },
	{ 0, "offset 2: bad number" },
	{ 0, "offset 0: bad number" },
	{ 0, "offset 2: bad number" },
	{ 0, "offset 3: bad number" },
	{ 0, "offset 1: bad number" },
	{ 0, "offset 0: bad number" },
	{ 0, "offset 0: bad number" },
	{ 0, "offset 2: unterminated string" },
	{ 0, "offset 1: control character in a string" },
	{ 0, "offset 3: bad escape" },
	{ 0, "offset 7: lone surrogate" },
	{ 0, "offset 7: lone surrogate" },
	{ 0, "offset 3: unterminated string" },
	{ 0, "offset 13: bad surrogate pair" },
	{ 0, "offset 7: lone surrogate" },
	{ 0, "offset 10: duplicate key" },
	{ 0, "offset 1: expected a key" },
	{ 0, "offset 4: text after the value" },
	{ 0, "offset 5: expected ':'" },
	{ 0, "offset 0: bad literal" },
	{ 0, "offset 0: bad literal" },
	{ 0, "offset 0: bad literal" },
	{ 0, "offset 3: expected ',' or a closing bracket" },
	{ 0, "offset 0: bad number" },
	{ 0, "offset 3: bad \\u escape" },
	{ 0, "offset 3: bad \\u escape" },
	{ 0, "offset 1: unexpected end" },
	{ 0, "offset 2: expected ',' or a closing bracket" },
	{ 0, "offset 4: expected ':'" },
	{ 0, "offset 5: unexpected end" },
	{ 0, "offset 0: leading zero" },
	{ 0, "offset 64: number too long" },
	{ 0, "offset 5: text after the value" },
	{ 0, "offset 130: text after the value" },
	{ 0, "offset 65: nesting too deep" },
	{ 1, "\"a\\u0000b\"" },
	{ 1, "{\"\":\"\"}" },
	{ 1, "-0" },
	{ 0, "offset 1: a key with a NUL character" },
	{ 0, "offset 8: a key with a NUL character" },
	{ 0, "offset 1: a key with a NUL character" },
};

/* The lexers alone, where vj_parse cannot reach: a decode into a buffer
 * one octet too small is refused, not overrun. */
static void
test_string_cap(void)
{
	static const char s[] = "\"a\\u00e9\\ud83d\\ude00\"";
	char out[8];
	size_t at = 0, n = 0, n2 = 0;

	TF_EQ_INT(vj_lex_string(s, sizeof s - 1, 0, NULL, 0, &at, &n), VJ_LEX_OK, "count");
	TF_EQ_INT(n, 7, "decoded length: a, e-acute (2), U+1F600 (4)");
	TF_EQ_INT(at, sizeof s - 1, "position after the closing quote");
	TF_EQ_INT(vj_lex_string(s, sizeof s - 1, 0, out, n, &at, &n2), VJ_LEX_OK, "decode");
	TF_CHECK(n2 == n && memcmp(out, "a\xc3\xa9\xf0\x9f\x98\x80", 7) == 0, "decoded octets");
	memset(out, 'Z', sizeof out);
	TF_EQ_INT(vj_lex_string(s, sizeof s - 1, 0, out, n - 1, &at, &n2), VJ_LEX_TOO_SMALL, "one octet short");
	TF_CHECK(out[n - 1] == 'Z', "nothing written past the buffer");
}

/* vj_hex (vector files' octet strings): through the proved cli_hex_in into
 * the caller's buffer. */
static void
test_hex(void)
{
	static const struct { const char *in; int ok; size_t n; const char *out; } h[] = {
		{ "", 1, 0, "" }, { "00ff7A", 1, 3, "\x00\xff\x7a" }, { "DEADbeef", 1, 4, "\xde\xad\xbe\xef" },
		{ "0", 0, 0, "" }, { "abc", 0, 0, "" }, { "0g", 0, 0, "" }, { "g0", 0, 0, "" },
		{ "00 1", 0, 0, "" }, { "0x00", 0, 0, "" }, { "ff\xc3\xa9", 0, 0, "" },
	};
	uint8_t o[8];
	char t[16];
	size_t i, n;
	vj v;

	memset(&v, 0, sizeof v);
	v.t = VJ_STR;
	for (i = 0; i < sizeof h / sizeof h[0]; i++) {
		int r;
		v.n = strlen(h[i].in);
		memcpy(t, h[i].in, v.n + 1);
		v.s = t;
		r = vj_hex(&v, o, sizeof o, &n);
		TF_CHECK((r == 0) == h[i].ok, "hex %zu ('%s'): %s", i, h[i].in, r == 0 ? "read" : "refused");
		if (r == 0 && h[i].ok)
			TF_CHECK(n == h[i].n && memcmp(o, h[i].out, n) == 0, "hex %zu: octets", i);
	}
	memcpy(t, "DEADbeef", 9);
	v.s = t;
	v.n = 8;
	TF_EQ_INT(vj_hex(&v, o, 3, &n), -1, "hex: four octets into three refused");
	TF_EQ_INT(vj_hex(NULL, o, sizeof o, &n), -1, "hex: an absent member refused");
	v.t = VJ_INT;
	TF_EQ_INT(vj_hex(&v, o, sizeof o, &n), -1, "hex: a number refused");
}

/* msa decode --hex's input: hex with white space, decoded in place. */
static void
test_hex_text(void)
{
	static const struct { const char *in; int ok; size_t n_or_bad; const char *out; } h[] = {
		{ "", 1, 0, "" }, { " a3 0F\n\t01\r\v\f", 1, 3, "\xa3\x0f\x01" }, { "a 3", 1, 1, "\xa3" },
		{ "a3g0", 0, 2, "" }, { "a30", 0, 3, "" }, { "a3 \xc3", 0, 3, "" }, { "0x00", 0, 1, "" },
	};
	uint8_t buf[32];
	size_t i, len, bad;

	for (i = 0; i < sizeof h / sizeof h[0]; i++) {
		size_t n = strlen(h[i].in);
		int r;

		memcpy(buf, h[i].in, n);
		len = bad = 99;
		r = vj_lex_hex_text(buf, n, &len, &bad);
		TF_CHECK((r == 0) == h[i].ok, "hex text %zu: %d", i, r);
		if (r == 0 && h[i].ok)
			TF_CHECK(len == h[i].n_or_bad && memcmp(buf, h[i].out, len) == 0, "hex text %zu: octets", i);
		else if (r != 0 && !h[i].ok)
			TF_EQ_INT(bad, h[i].n_or_bad, "hex text: offset of the bad character");
	}
}

/* vj_str: a string holding a NUL octet is no C string (vj_hex and the
 * other readers would stop at it): NULL, as for a missing member. */
static void
test_str_nul(void)
{
	static const char t[] = "{\"k\":\"00\\u000000\",\"ok\":\"ab\"}";
	char err[128];
	vj *v = vj_parse(t, sizeof t - 1, err, sizeof err);

	TF_CHECK(v != NULL, "parsed: %s", err);
	TF_CHECK(vj_get(v, "k") != NULL && vj_get(v, "k")->n == 5, "the member is there, 5 octets");
	TF_CHECK(vj_str(v, "k") == NULL, "vj_str of a string with a NUL: NULL");
	TF_CHECK(vj_str(v, "ok") != NULL && strcmp(vj_str(v, "ok"), "ab") == 0, "vj_str of a plain string");
	vj_free(v);
}

/* vj_load: a file through iobuf.c's proved reader. */
static void
test_load(void)
{
	char path[] = "/tmp/test_vjson_XXXXXX", err[128];
	int fd = mkstemp(path);
	vj *v;

	TF_CHECK(fd >= 0 && write(fd, "{\"a\": [1]}\n", 11) == 11, "temporary file");
	close(fd);
	v = vj_load(path, err, sizeof err);
	TF_CHECK(v != NULL && vj_get(v, "a") != NULL && vj_get(v, "a")->n == 1, "vj_load of a file");
	vj_free(v);
	unlink(path);
	TF_CHECK(vj_load(path, err, sizeof err) == NULL && strcmp(err, "cannot open") == 0, "a missing file: cannot open");
	TF_CHECK(vj_load("/", err, sizeof err) == NULL && strcmp(err, "cannot read") == 0, "a directory: cannot read (%s)", err);
}

/* vb_str and vb_hex (through iobuf.c's proved cli_json_esc and
 * cli_hex_out, a chunk of 256 at a time) against the octet-at-a-time
 * renderings they replaced, over random octets across chunk borders. */
static void
ref_str(vbuf *b, const char *s, size_t n)
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
			vb_put(b, &s[i], 1);
		}
	}
	vb_put(b, "\"", 1);
}

static void
ref_hex(vbuf *b, const uint8_t *p, size_t n)
{
	size_t i;

	vb_put(b, "\"", 1);
	for (i = 0; i < n; i++)
		vb_printf(b, "%02x", p[i]);
	vb_put(b, "\"", 1);
}

static void
test_writers(void)
{
	static char s[1200];
	size_t k, n, j;
	int bad_s = 0, bad_h = 0;

	for (k = 0; k < 3000; k++) {
		vbuf a = { 0 }, r = { 0 }, h = { 0 }, rh = { 0 };
		n = tf_rnd() % sizeof s;
		for (j = 0; j < n; j++)   /* a third of them from the escaped set */
			s[j] = tf_rnd() % 3 == 0 ? "\"\\\x01\x1f\x7f\x80\xff"[tf_rnd() % 7] : (char)(tf_rnd() % 256);
		vb_str(&a, s, n);
		ref_str(&r, s, n);
		vb_hex(&h, (const uint8_t *)s, n);
		ref_hex(&rh, (const uint8_t *)s, n);
		bad_s += a.len != r.len || memcmp(a.p, r.p, r.len) != 0;
		bad_h += h.len != rh.len || memcmp(h.p, rh.p, rh.len) != 0;
		vb_free(&a);
		vb_free(&r);
		vb_free(&h);
		vb_free(&rh);
	}
	TF_EQ_INT(bad_s, 0, "vb_str = the old rendering, 3000 random strings up to 1199 octets");
	TF_EQ_INT(bad_h, 0, "vb_hex = %02x per octet, 3000 random strings");
}

int
main(void)
{
	size_t i;

	test_writers();
	TF_CHECK(sizeof in / sizeof in[0] == sizeof want / sizeof want[0], "table sizes");
	for (i = 0; i < sizeof in / sizeof in[0] && i < sizeof want / sizeof want[0]; i++) {
		char err[128] = "";
		vj *v = vj_parse(in[i], strlen(in[i]), err, sizeof err);

		TF_CHECK((v != NULL) == want[i].ok, "text %zu: %s, want %s (%s)", i,
			v != NULL ? "read" : "refused", want[i].ok ? "read" : "refused", err);
		if (v != NULL && want[i].ok) {
			vbuf b = { 0 };

			vb_value(&b, v);
			vb_put(&b, "", 1);
			TF_CHECK(strcmp(b.p, want[i].out) == 0, "text %zu: %s, want %s", i, b.p, want[i].out);
			vb_free(&b);
		} else if (v == NULL && !want[i].ok) {
			TF_CHECK(strcmp(err, want[i].out) == 0, "text %zu: '%s', want '%s'", i, err, want[i].out);
		}
		vj_free(v);
	}
	test_string_cap();
	test_hex();
	test_hex_text();
	test_str_nul();
	test_load();
	return tf_done("test_vjson");
}
