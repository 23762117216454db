/*
 * arena.c -- the bounded bump allocator that receives every allocation of
 * the generated ASN.1 codec (REQ-IMPL-001). See msa.h for the contract.
 */
#include <string.h>
#include "msa.h"
#include "internal.h"

#define ARENA_ALIGN 16u

/* The arena the current decode/encode call installed (one per thread). */
static _Thread_local msa_arena *cur_arena;

int
msa_arena_init(msa_arena *a, void *buf, size_t len)
{
	uintptr_t p, q;

	if (a == NULL || buf == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	p = (uintptr_t)buf;
	q = (p + (ARENA_ALIGN - 1u)) & ~(uintptr_t)(ARENA_ALIGN - 1u);
	if (q - p >= len)
		return MSA_ERR_BAD_ARGUMENT;
	a->base = (unsigned char *)buf + (q - p);
	a->cap = (len - (size_t)(q - p)) & ~(size_t)(ARENA_ALIGN - 1u);
	a->used = 0;
	a->high = 0;
	a->fails = 0;
	return MSA_OK;
}

void
msa_arena_reset(msa_arena *a)
{
	if (a == NULL || a->base == NULL)
		return;
	msa_wipe(a->base, a->used);
	a->used = 0;
}

void *
msa_arena_alloc(msa_arena *a, size_t n)
{
	size_t need;
	void *p;

	if (a == NULL || a->base == NULL)
		return NULL;
	/* Round up without overflow: n is at most cap, which fits. */
	if (n > a->cap - a->used) {
		a->fails++;
		return NULL;
	}
	need = (n + (ARENA_ALIGN - 1u)) & ~(size_t)(ARENA_ALIGN - 1u);
	if (need == 0)
		need = ARENA_ALIGN;
	if (need > a->cap - a->used) {
		a->fails++;
		return NULL;
	}
	p = a->base + a->used;
	a->used += need;
	if (a->used > a->high)
		a->high = a->used;
	memset(p, 0, need);
	return p;
}

msa_arena *
msa_arena_install(msa_arena *a)
{
	msa_arena *old = cur_arena;

	cur_arena = a;
	return old;
}

/*
 * The allocation functions asn1c's skeletons call (fix 01). Each block is
 * preceded by a 16-byte header holding its size, so that realloc can copy.
 * free is a no-op except for the most recent block, which is given back:
 * the decoder frees temporaries in LIFO order often enough to matter.
 */
#define HDR ARENA_ALIGN

static void *
blk_alloc(size_t n)
{
	unsigned char *p;

	if (n > SIZE_MAX - HDR)
		return NULL;
	p = msa_arena_alloc(cur_arena, HDR + n);
	if (p == NULL)
		return NULL;
	memcpy(p, &n, sizeof n);
	return p + HDR;
}

void *
msa_asn1_calloc(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		return NULL;
	return blk_alloc(nmemb * size);   /* the arena hands out zeroed blocks */
}

void *
msa_asn1_malloc(size_t size)
{
	return blk_alloc(size);
}

void *
msa_asn1_realloc(void *ptr, size_t size)
{
	unsigned char *np;
	size_t old;

	if (ptr == NULL)
		return blk_alloc(size);
	memcpy(&old, (unsigned char *)ptr - HDR, sizeof old);
	np = blk_alloc(size);
	if (np == NULL)
		return NULL;
	memcpy(np, ptr, old < size ? old : size);
	return np;
}

void
msa_asn1_free(void *ptr)
{
	msa_arena *a = cur_arena;
	unsigned char *blk;
	size_t n, need;

	if (ptr == NULL || a == NULL)
		return;
	blk = (unsigned char *)ptr - HDR;
	memcpy(&n, blk, sizeof n);
	need = (HDR + n + (ARENA_ALIGN - 1u)) & ~(size_t)(ARENA_ALIGN - 1u);
	/* Give back the last block only; others are reclaimed by reset. */
	if (blk + need == a->base + a->used) {
		msa_wipe(blk, need);
		a->used -= need;
	}
}
