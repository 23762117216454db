/*
 * arena.c -- the bounded bump allocator that receives every allocation of
 * the generated ASN.1 codec (REQ-IMPL-001). See msa.h for the contract.
 */
#include <limits.h>
#include <string.h>
#include "msa.h"
#include "internal.h"

#define ARENA_ALIGN 16u

/* The arena the current decode/encode call installed (one per thread). */
static _Thread_local msa_arena *cur_arena;

/*@ // An arena in use: cap and used are multiples of 16, used <= high <= cap,
    // and base[0 .. cap) is memory the arena may write.
    predicate arena_ok(msa_arena *a) =
      \valid(a) && a->base != \null && a->cap % ARENA_ALIGN == 0
      && a->used % ARENA_ALIGN == 0 && a->used <= a->high <= a->cap
      && \valid(a->base + (0 .. a->cap - 1))
      && \separated(a, a->base + (0 .. a->cap - 1));
    // Bytes a request of n takes: n rounded up to 16, at least 16.
    logic integer arena_need(integer n) =
      n == 0 ? ARENA_ALIGN : (n + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
 */

/*@ requires \valid(p + (0 .. n - 1));
    assigns p[0 .. n - 1];
    ensures \forall integer i; 0 <= i < n ==> p[i] == 0;
 */
static void
zero_bytes(unsigned char *p, size_t n)
{
	size_t i;

	/*@ loop invariant 0 <= i <= n;
	    loop invariant \forall integer j; 0 <= j < i ==> p[j] == 0;
	    loop assigns i, p[0 .. n - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		p[i] = 0;
}

/*
 * Places the arena in buf[0..len), whose address is `mis` past a multiple
 * of 16: the base is buf + pad, pad = (16 - mis) % 16, an aligned address.
 */
/*@ requires mis < ARENA_ALIGN;
    requires \valid(a) && \valid(buf + (0 .. len - 1));
    requires \separated(a, buf + (0 .. len - 1));
    assigns *a;
    behavior bad:
      assumes (ARENA_ALIGN - mis) % ARENA_ALIGN >= len;
      ensures \result == MSA_ERR_BAD_ARGUMENT;
    behavior good:
      assumes (ARENA_ALIGN - mis) % ARENA_ALIGN < len;
      ensures \result == MSA_OK;
      ensures a->base == buf + (ARENA_ALIGN - mis) % ARENA_ALIGN;
      ensures (mis + (ARENA_ALIGN - mis) % ARENA_ALIGN) % ARENA_ALIGN == 0;
      ensures (a->base - buf) + a->cap <= len && len - ((a->base - buf) + a->cap) < ARENA_ALIGN;
      ensures a->used == 0 && a->high == 0 && a->fails == 0;
      ensures arena_ok(a);
    complete behaviors;
    disjoint behaviors;
 */
static int
arena_place(msa_arena *a, unsigned char *buf, size_t len, size_t mis)
{
	size_t pad = (ARENA_ALIGN - mis) % ARENA_ALIGN, room;

	if (pad >= len)
		return MSA_ERR_BAD_ARGUMENT;
	room = len - pad;
	a->base = buf + pad;
	a->cap = room - room % ARENA_ALIGN;
	a->used = 0;
	a->high = 0;
	a->fails = 0;
	return MSA_OK;
}

int
msa_arena_init(msa_arena *a, void *buf, size_t len)
{
	if (a == NULL || buf == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	return arena_place(a, (unsigned char *)buf, len,
		(size_t)((uintptr_t)buf % ARENA_ALIGN));
}

/*@ requires a == \null || a->base == \null || arena_ok(a);
    requires \valid(a) || a == \null;
    behavior none:
      assumes a == \null || a->base == \null;
      assigns \nothing;
    behavior reset:
      assumes a != \null && a->base != \null;
      assigns a->used, a->base[0 .. a->used - 1];
      ensures a->used == 0 && arena_ok(a);
      ensures \forall integer i; 0 <= i < \old(a->used) ==> a->base[i] == 0;
    complete behaviors;
    disjoint behaviors;
 */
void
msa_arena_reset(msa_arena *a)
{
	if (a == NULL || a->base == NULL)
		return;
	/* Decoded values may hold key shares: zero them. The arena is the
	 * caller's memory and is used again, so these stores are not dead
	 * (msa_wipe's volatile stores are not needed). */
	zero_bytes(a->base, a->used);
	a->used = 0;
}

/*
 * Allocations lie inside the arena (base[used .. used + need) with
 * used + need <= cap), are disjoint (each starts at the old `used`, which
 * only grows until a reset), and are 16-aligned relative to base (used is
 * a multiple of 16; base itself is aligned by msa_arena_init).
 */
/*@ requires a == \null || a->base == \null || arena_ok(a);
    requires \valid(a) || a == \null;
    behavior none:
      assumes a == \null || a->base == \null;
      assigns \nothing;
      ensures \result == \null;
    behavior fits:
      assumes a != \null && a->base != \null && arena_need(n) <= a->cap - a->used;
      assigns a->used, a->high, a->base[a->used .. a->used + arena_need(n) - 1];
      ensures \result == a->base + \old(a->used);
      ensures a->used == \old(a->used) + arena_need(n);
      ensures arena_ok(a);
    behavior exhausted:
      assumes a != \null && a->base != \null && arena_need(n) > a->cap - a->used;
      assigns a->fails;
      ensures \result == \null;
      ensures arena_ok(a) && a->used == \old(a->used);
      ensures a->fails == (\old(a->fails) < UINT_MAX ? \old(a->fails) + 1 : UINT_MAX);
    complete behaviors;
    disjoint behaviors;
 */
static unsigned char *
arena_take(msa_arena *a, size_t n)
{
	size_t need;
	unsigned char *p;

	if (a == NULL || a->base == NULL)
		return NULL;
	/* Round up without overflow: n is at most cap - used, and cap is a
	 * multiple of 16 below SIZE_MAX. */
	if (n > a->cap - a->used) {
		if (a->fails < UINT_MAX)
			a->fails++;
		return NULL;
	}
	need = n == 0 ? ARENA_ALIGN : (n + (ARENA_ALIGN - 1u)) / ARENA_ALIGN * ARENA_ALIGN;
	if (need > a->cap - a->used) {
		if (a->fails < UINT_MAX)
			a->fails++;
		return NULL;
	}
	p = a->base + a->used;
	a->used += need;
	if (a->used > a->high)
		a->high = a->used;
	zero_bytes(p, need);   /* zeroed (zero_bytes' contract; not restated above: see proofs/README.md) */
	return p;
}

void *
msa_arena_alloc(msa_arena *a, size_t n)
{
	return arena_take(a, n);
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
	p = arena_take(cur_arena, HDR + n);
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
