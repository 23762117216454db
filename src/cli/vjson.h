/*
 * vjson.h -- a small strict JSON reader and writer for `msa vectors`
 * (vector files, the adapter protocol, the --json report). Tool code: it
 * uses the heap (the library never does).
 *
 * Reader: RFC 8259, one value with only whitespace around it; no comments,
 * trailing commas, leading zeros or '+', raw control characters in strings;
 * \uXXXX escapes are decoded to UTF-8 (surrogate pairs joined); depth <= 64;
 * a key holding a NUL (\u0000) is refused (keys are C strings to every
 * reader of the tree). The text is read only by vjson_lex.c's functions,
 * proved with WP; vj_load reads the file through iobuf.c's cli_read_fd.
 * Numbers are kept as integers when written as integers (int64), else as
 * doubles.
 */
#ifndef MSA_CLI_VJSON_H__
#define MSA_CLI_VJSON_H__

#include <stddef.h>
#include <stdint.h>

typedef enum { VJ_NULL, VJ_FALSE, VJ_TRUE, VJ_INT, VJ_REAL, VJ_STR, VJ_ARR, VJ_OBJ } vj_type;

typedef struct vj vj;
struct vj {
	vj_type t;
	long long i;        /* VJ_INT */
	double d;           /* VJ_REAL */
	char *s;            /* VJ_STR: n octets and a terminating NUL (a \u0000 inside
	                       is kept: vj_str then answers NULL) */
	size_t n;           /* VJ_STR: length; VJ_ARR/VJ_OBJ: members */
	vj **v;             /* VJ_ARR/VJ_OBJ: values */
	char **k;           /* VJ_OBJ: keys */
};

/* vj_parse: the value in text[0..len), or NULL with "offset N: what" in err. */
vj *vj_parse(const char *text, size_t len, char *err, size_t errcap);
/* vj_load: a whole file; NULL with a message in err. */
vj *vj_load(const char *path, char *err, size_t errcap);
void vj_free(vj *v);

const vj *vj_get(const vj *obj, const char *key);        /* NULL if absent */
const char *vj_str(const vj *obj, const char *key);      /* NULL if absent, not a string,
                                                            or holding a NUL octet */
int vj_int(const vj *obj, const char *key, long long *out); /* 0 ok, -1 absent or not an integer */
/* vj_equal: deep equality (object member order ignored). */
int vj_equal(const vj *a, const vj *b);

/* A growing output buffer (aborts the tool on allocation failure). */
typedef struct {
	char *p;
	size_t len, cap;
} vbuf;

void vb_put(vbuf *b, const char *s, size_t n);
void vb_puts(vbuf *b, const char *s);
void vb_printf(vbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vb_str(vbuf *b, const char *s, size_t n);          /* a JSON string literal */
void vb_hex(vbuf *b, const uint8_t *p, size_t n);       /* "hex" literal */
void vb_value(vbuf *b, const vj *v);                   /* a value, compact */
void vb_free(vbuf *b);

/* vj_hex: the string value v, hex (either case, an even number of
 * digits), as octets into buf[0..cap) through the proved cli_hex_in
 * (vectors_io.c): 0 with *len; -1 when v is absent or no string, not hex,
 * or longer than cap octets. No heap. */
int vj_hex(const vj *v, uint8_t *buf, size_t cap, size_t *len);

#endif
