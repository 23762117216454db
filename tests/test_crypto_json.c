/*
 * test_crypto_json.c -- the strict JSON parser of the test support code
 * (tests/support/json.c), which reads the external Wycheproof vectors: if
 * it were lenient or lossy, test_wycheproof could pass on vectors it never
 * really read. (Test infrastructure for REQ-CRY-001/REQ-KS-001 vectors.)
 */
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "tf.h"

static int
parses(const char *text)
{
	char err[128];
	json *v = json_parse(text, strlen(text), err, sizeof err);
	int ok = v != NULL;

	json_free(v);
	return ok;
}

int
main(void)
{
	static const char *const good[] = {
		"{}", "[]", "0", "-0", "1.5e+10", "-12.25E-3", "\"\"", "true", "false", "null",
		" {\"a\" : [1, 2, {\"b\": null}] } ", "\"\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\"",
		"\"caf\xc3\xa9\"",
	};
	static const char *const bad[] = {
		"", " ", "{", "[1,]", "{\"a\":1,}", "01", "+1", "1.", ".5", "1e", "NaN",
		"'a'", "\"a", "\"\x01\"", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"",
		"\"\\ud800\\u0041\"", "{\"a\":1,\"a\":2}", "{a:1}", "[1] 2", "{\"a\" 1}",
		"tru", "nul", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xff\"", "[1 2]",
		"// c\n1", "\"\\u12\"",
	};
	char deep[200];
	json *v = NULL;
	char err[128];
	size_t i, n;
	unsigned char *h;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		TF_CHECK(parses(good[i]), "accepts %s", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		TF_CHECK(!parses(bad[i]), "rejects [%s]", bad[i]);
	memset(deep, '[', 65);
	memset(deep + 65, ']', 65);
	deep[130] = 0;
	TF_CHECK(parses(deep), "depth 65 (64 nested inside the top) accepted");
	memset(deep, '[', 66);
	memset(deep + 66, ']', 66);
	deep[132] = 0;
	TF_CHECK(!parses(deep), "depth 66 rejected");

	{
		static const char obj[] = "{\"k\":\"00ff\",\"n\":42,\"s\":\"\\u00e9\","
			"\"a\":[\"x\",\"y\"],\"odd\":\"abc\",\"nh\":\"zz\"}";
		v = json_parse(obj, sizeof obj - 1, err, sizeof err);
	}
	TF_CHECK(v != NULL, "object parsed: %s", err);
	h = json_get_hex(v, "k", &n);
	TF_CHECK(h != NULL && n == 2 && h[0] == 0 && h[1] == 0xff, "hex member");
	free(h);
	TF_CHECK(json_get_hex(v, "odd", &n) == NULL && json_get_hex(v, "nh", &n) == NULL
		&& json_get_hex(v, "missing", &n) == NULL, "bad hex refused");
	TF_EQ_INT(json_get_int(v, "n", -1), 42, "integer member");
	TF_CHECK(json_get_str(v, "s") && strcmp(json_get_str(v, "s"), "\xc3\xa9") == 0, "\\u escape to UTF-8");
	TF_CHECK(json_has_str(json_get(v, "a"), "y") && !json_has_str(json_get(v, "a"), "z"), "array of strings");
	TF_EQ_INT(json_count(json_get(v, "a")), 2, "array length");
	json_free(v);
	v = json_parse("[1] x", 5, err, sizeof err);
	TF_CHECK(v == NULL && strstr(err, "offset 4") != NULL, "error offset reported: %s", err);
	return tf_done("test_crypto_json");
}
