/*
 * arena_asan.c -- makes ASan see overruns of asn1c's blocks inside the arena
 * (ASan builds of the harnesses only; never in libmsa.a).
 *
 * The arena is one big buffer, so to ASan an asn1c block that is read one
 * octet too far just reads the next block. The fuzz builds link with
 * -Wl,--wrap for the four allocator functions the skeletons call (asn1/
 * fixes/01-arena.sh), for msa_wipe, msa_wipe_u8 and msa_arena_reset: every block is
 * allocated RZ octets longer, the extra octets poisoned. Every path that
 * gives arena memory back goes through a wrapper that unpoisons it first:
 * msa_arena_reset, the decoder's roll-back (msa_wipe_u8), msa_asn1_free.
 * The arena then needs up to twice the room: the harnesses give it
 * 2 x MSA_ARENA_PDU_SIZE in these builds (FUZZ_ARENA_REDZONES).
 */
#include <stdint.h>
#include <string.h>
#include <sanitizer/asan_interface.h>
#include "msa.h"

#define RZ 16u        /* keeps the arena's 16-octet alignment */
#define HDR 16u       /* src/arena.c: the block size is stored before the block */

void *__real_msa_asn1_malloc(size_t size);
void __real_msa_asn1_free(void *ptr);
void __real_msa_wipe(void *p, size_t n);
void __real_msa_wipe_u8(uint8_t *p, size_t n);

void *__wrap_msa_asn1_malloc(size_t size);
void *__wrap_msa_asn1_calloc(size_t nmemb, size_t size);
void *__wrap_msa_asn1_realloc(void *ptr, size_t size);
void __wrap_msa_asn1_free(void *ptr);
void __wrap_msa_wipe(void *p, size_t n);
void __wrap_msa_wipe_u8(uint8_t *p, size_t n);
void __real_msa_arena_reset(msa_arena *a);
void __wrap_msa_arena_reset(msa_arena *a);

void *
__wrap_msa_asn1_malloc(size_t size)
{
	unsigned char *p;

	if (size > SIZE_MAX - RZ)
		return NULL;
	p = __real_msa_asn1_malloc(size + RZ);
	if (p != NULL)
		ASAN_POISON_MEMORY_REGION(p + size, RZ);
	return p;
}

void *
__wrap_msa_asn1_calloc(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		return NULL;
	return __wrap_msa_asn1_malloc(nmemb * size);   /* arena blocks are zeroed */
}

/* The caller's size of a block (the stored size less the redzone): the
 * header's first 8 octets, least significant first (src/arena.c hdr_put). */
static size_t
user_size(const void *ptr)
{
	const unsigned char *h = (const unsigned char *)ptr - HDR;
	size_t n = 0;
	int k;

	for (k = 7; k >= 0; k--)
		n = n * 256u + h[k];
	return n - RZ;
}

void *
__wrap_msa_asn1_realloc(void *ptr, size_t size)
{
	unsigned char *np;
	size_t old;

	if (ptr == NULL)
		return __wrap_msa_asn1_malloc(size);
	/* As src/arena.c: a new block, the old one stays until reset. */
	old = user_size(ptr);
	np = __wrap_msa_asn1_malloc(size);
	if (np == NULL)
		return NULL;
	memcpy(np, ptr, old < size ? old : size);
	return np;
}

void
__wrap_msa_asn1_free(void *ptr)
{
	if (ptr != NULL)
		ASAN_UNPOISON_MEMORY_REGION((unsigned char *)ptr + user_size(ptr), RZ);
	__real_msa_asn1_free(ptr);
}

void
__wrap_msa_wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		ASAN_UNPOISON_MEMORY_REGION(p, n);
	__real_msa_wipe(p, n);
}

/* The decoder's roll-back and blk_free wipe through msa_wipe_u8 (the typed
 * form WP proves them with): unpoison first, as for msa_wipe. */
void
__wrap_msa_wipe_u8(uint8_t *p, size_t n)
{
	if (p != NULL && n > 0)
		ASAN_UNPOISON_MEMORY_REGION(p, n);
	__real_msa_wipe_u8(p, n);
}

/* msa_arena_reset zeroes the used part itself (not through msa_wipe since
 * the proofs' commit eac72fc): unpoison it first. */
void
__wrap_msa_arena_reset(msa_arena *a)
{
	if (a != NULL && a->base != NULL && a->used > 0)
		ASAN_UNPOISON_MEMORY_REGION(a->base, a->used);
	__real_msa_arena_reset(a);
}
