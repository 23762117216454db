/*
 * tf.h -- the test framework: a check is an assertion that counts.
 *
 *   TF_CHECK(cond, "what, %d", x)   one check; prints a line when it fails
 *   TF_EQ_INT(a, b, "what")         integers equal
 *   TF_EQ_MEM(a, b, n, "what")      byte strings equal
 *   return tf_done("name");         prints "name: N passed, N failed", exit code
 *   tf_rnd()                        deterministic pseudo-random draws (seed: tf_rs)
 *
 * Test programs run from the repository root (tests/run.sh), so external
 * vectors are at ../shared/wycheproof/.
 */
#ifndef TF_H__
#define TF_H__

#include <stdio.h>
#include <string.h>
#include <stdint.h>

static unsigned tf_pass, tf_fail;

#define TF_CHECK(cond, ...) do { \
	if (cond) { tf_pass++; } else { tf_fail++; \
		fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } \
	} while (0)

#define TF_EQ_INT(a, b, what) do { long long tf_a_ = (long long)(a), tf_b_ = (long long)(b); \
	TF_CHECK(tf_a_ == tf_b_, "%s: got %lld, want %lld", (what), tf_a_, tf_b_); } while (0)

#define TF_EQ_MEM(a, b, n, what) TF_CHECK(memcmp((a), (b), (n)) == 0, "%s: bytes differ", (what))

/* tf_rnd: a small deterministic pseudo-random sequence (an LCG, high bits)
 * for tests that draw random cases; tf_rs is its state (set it to seed). */
static uint32_t tf_rs = 12345u;
static inline uint32_t
tf_rnd(void)
{
	tf_rs = tf_rs * 1103515245u + 12345u;
	return tf_rs >> 8;
}

static inline int
tf_done(const char *name)
{
	printf("%s: %u passed, %u failed\n", name, tf_pass, tf_fail);
	return tf_fail == 0 && tf_pass > 0 ? 0 : 1;
}

/* tf_hex: parses hex text (whitespace ignored) into out; returns the length or -1. */
static inline long
tf_hex(const char *hex, unsigned char *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex; hex++) {
		int v;
		char c = *hex;
		if (c == ' ' || c == '\n' || c == '\t' || c == ':')
			continue;
		if (c >= '0' && c <= '9') v = c - '0';
		else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
		else return -1;
		if (hi < 0) { hi = v; continue; }
		if (n >= cap) return -1;
		out[n++] = (unsigned char)(hi * 16 + v);
		hi = -1;
	}
	return hi < 0 ? (long)n : -1;
}

#endif
