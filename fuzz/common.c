/*
 * common.c -- the oracle shared by the decoding harnesses (see fuzz.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

#include "asn_application.h"

#ifdef FUZZ_ARENA_REDZONES
#define ARENA_FACTOR 2u   /* fuzz/arena_asan.c adds a redzone to every block */
#else
#define ARENA_FACTOR 1u
#endif

/* +16: msa_arena_init aligns the base up to 16 bytes. */
static unsigned char arena_mem[ARENA_FACTOR * MSA_ARENA_PDU_SIZE + 16u];
static unsigned char arena2_mem[ARENA_FACTOR * MSA_ARENA_PDU_SIZE + 16u];
/* "Much larger": to tell a too-small arena from input that is too big anyway. */
#define BIG_ARENA (16u * 1024u * 1024u)
static unsigned char *big_mem;
static msa_arena arena, arena2;
static int arena_ready;

void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz oracle: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

int
fuzz_is_gate_error(int r)
{
	return r <= MSA_ERR_DER_TRUNCATED && r >= MSA_ERR_DER_EMPTY_INTEGER;
}

int
fuzz_is_decode_error(int r)
{
	return fuzz_is_gate_error(r)
		|| (r <= MSA_ERR_UNKNOWN_PDU && r >= MSA_ERR_ARENA_EXHAUSTED);
}

static void
arenas_init(void)
{
	if (arena_ready)
		return;
	FUZZ_ASSERT(msa_arena_init(&arena, arena_mem, sizeof arena_mem) == MSA_OK, "arena init");
	FUZZ_ASSERT(msa_arena_init(&arena2, arena2_mem, sizeof arena2_mem) == MSA_OK, "arena init");
	arena_ready = 1;
}

msa_arena *
fuzz_arena(void)
{
	arenas_init();
	msa_arena_reset(&arena);
	return &arena;
}

/* asn1c's own printer, into a heap string (its output for two values is
 * compared: asn1c 0.9.28 has no structure comparison). */
typedef struct {
	char *s;
	size_t n, cap;
} sbuf;

static int
sbuf_cb(const void *chunk, size_t n, void *key)
{
	sbuf *b = key;

	if (b->n + n + 1u > b->cap) {
		size_t nc = (b->n + n + 1u) * 2u;
		char *ns = realloc(b->s, nc);
		if (ns == NULL)
			return -1;
		b->s = ns;
		b->cap = nc;
	}
	if (n > 0)          /* asn1c may call back with (NULL, 0) */
		memcpy(b->s + b->n, chunk, n);
	b->n += n;
	b->s[b->n] = '\0';
	return 0;
}

static sbuf
asn1c_print(const asn_TYPE_descriptor_t *td, const void *v)
{
	sbuf b = { NULL, 0, 0 };
	asn_TYPE_descriptor_t *m;

	memcpy(&m, &td, sizeof m);   /* asn1c takes non-const descriptors */
	FUZZ_ASSERT(m->print_struct(m, v, 1, sbuf_cb, &b) == 0, "asn1c print_struct failed");
	if (b.s == NULL)
		sbuf_cb("", 0, &b);
	return b;
}

void
fuzz_print_bounds(const asn_TYPE_descriptor_t *td, const void *v,
	const char *full, size_t full_len, unsigned extra_cap)
{
	size_t caps[9], k;

	caps[0] = 1; caps[1] = 2; caps[2] = 3; caps[3] = 4; caps[4] = 5;
	caps[5] = full_len;          /* one short: cut by one character */
	caps[6] = full_len + 1u;     /* exact fit */
	caps[7] = full_len / 2u + 1u;
	caps[8] = (size_t)extra_cap + 1u;
	for (k = 0; k < sizeof caps / sizeof caps[0]; k++) {
		size_t cap = caps[k], n;
		char *out;

		if (cap == 0)
			continue;
		out = malloc(cap);
		FUZZ_ASSERT(out != NULL, "malloc");
		memset(out, 'Z', cap);
		n = msa_value_print(td, v, out, cap);
		FUZZ_ASSERT(n < cap, "print returned %zu for a buffer of %zu", n, cap);
		FUZZ_ASSERT(memchr(out, '\0', cap) != NULL, "print did not NUL-terminate (cap %zu)", cap);
		FUZZ_ASSERT(strlen(out) == n, "print returned %zu, wrote %zu (cap %zu)", n, strlen(out), cap);
		if (full_len < cap) {
			FUZZ_ASSERT(n == full_len && memcmp(out, full, n) == 0,
				"print into %zu differs from the full rendering", cap);
		} else if (cap >= 4u) {
			FUZZ_ASSERT(n == cap - 1u && memcmp(out, full, cap - 4u) == 0
				&& strcmp(out + cap - 4u, "...") == 0,
				"print cut at %zu is not a prefix ending in '...'", cap);
		} else {
			FUZZ_ASSERT(n == cap - 1u && memcmp(out, full, n) == 0,
				"print cut at %zu is not a prefix", cap);
		}
		free(out);
	}
}

static int
decode_big(const asn_TYPE_descriptor_t *td, const uint8_t *data, size_t size, size_t *offp)
{
	msa_arena big;
	void *v = NULL;
	size_t off = 0;
	int r;

	if (big_mem == NULL) {
		big_mem = malloc(BIG_ARENA);
		FUZZ_ASSERT(big_mem != NULL, "malloc");
	}
	FUZZ_ASSERT(msa_arena_init(&big, big_mem, BIG_ARENA) == MSA_OK, "arena init");
	r = msa_value_decode(&big, td, data, size, &v, &off);
	msa_arena_reset(&big);
	*offp = off;
	return r;
}

int
fuzz_value_oracle(const asn_TYPE_descriptor_t *td, const uint8_t *data,
	size_t size, size_t *arena_used)
{
	static char text[256u * 1024u], text2[256u * 1024u];
	uint8_t *copy, *enc, *shortbuf;
	size_t off = (size_t)-1, off2 = (size_t)-1, tl, tl2;
	void *v = (void *)&off, *v2 = NULL;
	int r, n;
	sbuf p1, p2;

	arenas_init();
	msa_arena_reset(&arena);
	msa_arena_reset(&arena2);

	/* Decoded from a heap copy that is freed right after: an accepted value
	 * must live in the arena alone (msa.h), and ASan sees any pointer kept
	 * into the input. */
	copy = malloc(size ? size : 1u);
	FUZZ_ASSERT(copy != NULL, "malloc");
	if (size)
		memcpy(copy, data, size);
	r = msa_value_decode(&arena, td, copy, size, &v, &off);
	free(copy);

	if (r != MSA_OK) {
		FUZZ_ASSERT(fuzz_is_decode_error(r), "%s: rejected with %d (%s), not a decode error",
			td->name, r, msa_err_name(r));
		FUZZ_ASSERT(v == NULL, "%s: %s but a value returned", td->name, msa_err_name(r));
		FUZZ_ASSERT(off < size || off == 0, "%s: %s at offset %zu of %zu",
			td->name, msa_err_name(r), off, size);
		FUZZ_ASSERT(arena.used == 0, "%s: %s left %zu arena bytes in use",
			td->name, msa_err_name(r), arena.used);
		if (!fuzz_is_gate_error(r)) {   /* the gate runs before any allocation */
			/* The verdict does not depend on the arena's room (but for
			 * ARENA_EXHAUSTED itself): the same code and offset in 16 MiB. */
			size_t ob = 0;
			int rb = decode_big(td, data, size, &ob);
			if (r == MSA_ERR_ARENA_EXHAUSTED)
				FUZZ_ASSERT(rb != MSA_OK, "%s: ARENA_EXHAUSTED in %u bytes, yet valid "
					"(MSA_ARENA_PDU_SIZE too small)", td->name, MSA_ARENA_PDU_SIZE);
			else
				FUZZ_ASSERT(rb == r && ob == off, "%s: %s at %zu in the decode arena, "
					"%s at %zu in a larger one", td->name, msa_err_name(r), off,
					msa_err_name(rb), ob);
		}
		return r;
	}
	FUZZ_ASSERT(v != NULL, "%s: OK without a value", td->name);
	FUZZ_ASSERT(size <= MSA_MAX_PDU, "%s: accepted %zu octets", td->name, size);
	if (arena_used != NULL)
		*arena_used = arena.used;
	{
		asn_TYPE_descriptor_t *m;
		memcpy(&m, &td, sizeof m);
		FUZZ_ASSERT(asn_check_constraints(m, v, NULL, NULL) == 0,
			"%s: accepted value violates the constraints", td->name);
	}

	/* Re-encodes to exactly the input. */
	enc = malloc(size);
	FUZZ_ASSERT(enc != NULL, "malloc");
	n = msa_value_encode(td, v, enc, size);
	FUZZ_ASSERT(n == (int)size, "%s: re-encoded to %d (%s), input %zu", td->name, n,
		n < 0 ? msa_err_name(n) : "octets", size);
	FUZZ_ASSERT(memcmp(enc, data, size) == 0, "%s: re-encoding differs from the input", td->name);

	/* One octet short: refused, nothing written past the buffer. */
	shortbuf = size > 1u ? malloc(size - 1u) : NULL;
	n = msa_value_encode(td, v, shortbuf, size - 1u);
	FUZZ_ASSERT(n == MSA_ERR_BUFFER_TOO_SMALL, "%s: encode into %zu returned %d", td->name,
		size - 1u, n);
	free(shortbuf);

	/* Decodes again, from the re-encoding, to an equal value. */
	r = msa_value_decode(&arena2, td, enc, size, &v2, &off2);
	FUZZ_ASSERT(r == MSA_OK, "%s: re-encoding rejected: %s at %zu", td->name,
		msa_err_name(r), off2);
	n = msa_value_encode(td, v2, enc, size);
	FUZZ_ASSERT(n == (int)size && memcmp(enc, data, size) == 0,
		"%s: second decode re-encodes differently", td->name);
	free(enc);
	p1 = asn1c_print(td, v);
	p2 = asn1c_print(td, v2);
	FUZZ_ASSERT(p1.n == p2.n && memcmp(p1.s, p2.s, p1.n) == 0,
		"%s: asn1c prints the two decodes differently", td->name);
	free(p1.s);
	free(p2.s);

	/* Our printer: terminated, its length returned, the same for both. */
	tl = msa_value_print(td, v, text, sizeof text);
	FUZZ_ASSERT(tl < sizeof text && strlen(text) == tl, "%s: print length %zu", td->name, tl);
	tl2 = msa_value_print(td, v2, text2, sizeof text2);
	FUZZ_ASSERT(tl == tl2 && memcmp(text, text2, tl) == 0,
		"%s: the two decodes print differently", td->name);
	FUZZ_ASSERT(tl + 1u < sizeof text, "%s: rendering of %zu octets fills %zu characters",
		td->name, size, tl);

	msa_arena_reset(&arena2);
	return MSA_OK;
}
