/*
 * json.h -- a small, strict JSON parser (RFC 8259) for the tests, which
 * read external vectors (Project Wycheproof) at test time. Uses the heap
 * (tests only, never the library).
 *
 * Strict: one value and only whitespace around it; no trailing commas,
 * comments, single quotes, leading zeros, leading '+', NaN/Infinity, raw
 * control characters in strings, invalid escapes, lone surrogates,
 * invalid UTF-8, or duplicate keys in an object; nesting depth <= 64.
 */
#ifndef MSA_TEST_JSON_H__
#define MSA_TEST_JSON_H__

#include <stddef.h>

typedef enum {
	JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING,
	JSON_ARRAY, JSON_OBJECT
} json_type;

typedef struct json json;
struct json {
	json_type type;
	double num;            /* JSON_NUMBER */
	char *str;             /* JSON_STRING: UTF-8, NUL-terminated */
	size_t len;            /* JSON_STRING: bytes; ARRAY/OBJECT: members */
	json **items;          /* ARRAY/OBJECT: values */
	char **keys;           /* OBJECT: keys (UTF-8, NUL-terminated) */
};

/* json_parse: parses text[0..len). Returns the tree, or NULL with a
 * message "offset N: what" in err[0..errcap). Free with json_free. */
json *json_parse(const char *text, size_t len, char *err, size_t errcap);

/* json_load: reads and parses a whole file; NULL with a message. */
json *json_load(const char *path, char *err, size_t errcap);

void json_free(json *v);

/* Accessors: NULL / defaults when absent or of another type. */
const json *json_get(const json *obj, const char *key);
const char *json_get_str(const json *obj, const char *key);
long json_get_int(const json *obj, const char *key, long dflt);
const json *json_at(const json *arr, size_t i);
size_t json_count(const json *arr);   /* members of an array/object, else 0 */

/* json_get_hex: decodes the hex string member `key` into a fresh buffer
 * (at least 1 byte allocated even for ""); *len its length. NULL when the
 * member is absent, not a string or not even-length hex. */
unsigned char *json_get_hex(const json *obj, const char *key, size_t *len);

/* json_has_str: 1 when the array `arr` holds the string s. */
int json_has_str(const json *arr, const char *s);

#endif
