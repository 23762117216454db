/*
 * derb.h -- a tiny DER builder for tests: builds TLVs bottom-up so that
 * tests can write valid and deliberately broken encodings readably.
 * Segments are heap-allocated (tests only); C(), CAT() and NEST() consume theirs.
 */
#ifndef DERB_H__
#define DERB_H__

#include <stddef.h>
#include <stdint.h>

typedef struct {
	size_t n;
	uint8_t d[];
} seg;

seg *P(uint8_t tag, const void *content, size_t n);     /* primitive TLV */
seg *FILL(uint8_t tag, uint8_t v, size_t n);             /* n octets of v */
seg *INT(uint8_t tag, long long v);                      /* minimal INTEGER */
seg *C(uint8_t tag, int count, ...);                     /* constructed, from segs */
seg *CAT(int count, ...);                                /* concatenation */
seg *RAW(const char *hex);   /* literal octets; "11*32" = 0x11 32 times; spaces ignored */
seg *NEST(uint8_t tag, seg *inner);                      /* one constructed around inner */

#endif
