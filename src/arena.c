/*
 * arena.c -- the bounded bump allocator that receives every allocation of
 * the generated ASN.1 codec (REQ-IMPL-001). See msa.h for the contract.
 */
#include <limits.h>
#include <string.h>
#include "msa.h"
#include "internal.h"

/* The arena the current decode/encode call installed (one per thread). */
static _Thread_local msa_arena *cur_arena;

/*@ // Bytes a request of n takes: n rounded up to 16, at least 16.
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
    assigns a->used, a->high, a->fails, a->base[a->used .. a->used + arena_need(n) - 1];
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
 * The allocation functions asn1c's skeletons call (fix 01), while it
 * decodes a received PDU. Each block is preceded by a 16-byte header
 * holding its size (in its first 8 octets, least significant first), so
 * that realloc can copy. free is a no-op except for the most recent block,
 * which is given back: the decoder frees temporaries in LIFO order often
 * enough to matter. The typed cores (hdr_*, blk_*) are proved with WP;
 * the msa_asn1_* entry points only convert void * and pass the installed
 * arena. What the cores assume of asn1c (proofs/README.md, H12): it frees
 * and reallocates only NULL or a block this allocator gave it from the
 * arena installed for the call. A header that does not hold its block's
 * size (which that rules out) still cannot make them read or write
 * outside the arena's used part: they check it against the arena.
 */
#define HDR ARENA_ALIGN

/*@ // The size a block header holds: its first 8 octets, least
    // significant first (Horner form: no power function).
    logic integer hdr_val(unsigned char *p) =
      p[0] + 256 * (p[1] + 256 * (p[2] + 256 * (p[3] + 256 * (p[4]
      + 256 * (p[5] + 256 * (p[6] + 256 * p[7]))))));
    // ptr is a block of the arena a: its header lies in the used part, at
    // a multiple of 16 from the base.
    predicate blk_in(msa_arena *a, unsigned char *ptr) =
      \base_addr(ptr) == \base_addr(a->base) && a->cap <= PTRDIFF_MAX
      && a->base + HDR <= ptr <= a->base + a->used
      && (ptr - a->base) % ARENA_ALIGN == 0;
 */

/*@ requires \valid(p + (0 .. 7));
    assigns p[0 .. 7];
    ensures hdr_val(p) == n;
 */
static void
hdr_put(unsigned char *p, size_t n)
{
	size_t v = n;

	p[0] = (unsigned char)(v % 256u); v /= 256u;
	/*@ assert n == p[0] + 256 * v; */
	p[1] = (unsigned char)(v % 256u); v /= 256u;
	/*@ assert n == p[0] + 256 * (p[1] + 256 * v); */
	p[2] = (unsigned char)(v % 256u); v /= 256u;
	/*@ assert n == p[0] + 256 * (p[1] + 256 * (p[2] + 256 * v)); */
	p[3] = (unsigned char)(v % 256u); v /= 256u;
	/*@ assert n == p[0] + 256 * (p[1] + 256 * (p[2] + 256 * (p[3] + 256 * v))); */
	p[4] = (unsigned char)(v % 256u); v /= 256u;
	/*@ assert n == p[0] + 256 * (p[1] + 256 * (p[2] + 256 * (p[3] + 256 * (p[4]
	      + 256 * v)))); */
	p[5] = (unsigned char)(v % 256u); v /= 256u;
	/*@ assert n == p[0] + 256 * (p[1] + 256 * (p[2] + 256 * (p[3] + 256 * (p[4]
	      + 256 * (p[5] + 256 * v))))); */
	p[6] = (unsigned char)(v % 256u); v /= 256u;
	/*@ assert v < 256; */
	p[7] = (unsigned char)v;
}

/*@ requires \valid_read(p + (0 .. 7));
    assigns \nothing;
    ensures \result == hdr_val(p);
 */
static size_t
hdr_get(const unsigned char *p)
{
	size_t v = p[7];

	v = v * 256u + p[6];
	v = v * 256u + p[5];
	v = v * 256u + p[4];
	v = v * 256u + p[3];
	v = v * 256u + p[2];
	v = v * 256u + p[1];
	v = v * 256u + p[0];
	return v;
}

/* A block of n octets: the header, then the block (zeroed by arena_take,
 * which its contract does not restate). */
/*@ requires a == \null || a->base == \null || arena_ok(a);
    requires \valid(a) || a == \null;
    assigns a->used, a->high, a->fails, a->base[a->used .. a->used + arena_need(HDR + n) - 1];
    behavior none:
      assumes a == \null || a->base == \null || n > SIZE_MAX - HDR;
      ensures \result == \null;
      ensures a != \null && a->base != \null ==> arena_ok(a) && a->used == \old(a->used);
    behavior fits:
      assumes a != \null && a->base != \null && n <= SIZE_MAX - HDR
        && arena_need(HDR + n) <= a->cap - a->used;
      ensures \result == a->base + \old(a->used) + HDR;
      ensures a->used == \old(a->used) + arena_need(HDR + n);
      ensures hdr_val(a->base + \old(a->used)) == n;
      ensures (\result - a->base) % ARENA_ALIGN == 0 && \valid(\result + (0 .. n - 1));
      ensures arena_ok(a);
    behavior exhausted:
      assumes a != \null && a->base != \null && n <= SIZE_MAX - HDR
        && arena_need(HDR + n) > a->cap - a->used;
      ensures \result == \null;
      ensures arena_ok(a) && a->used == \old(a->used);
      ensures a->fails == (\old(a->fails) < UINT_MAX ? \old(a->fails) + 1 : UINT_MAX);
    complete behaviors;
    disjoint behaviors;
 */
static unsigned char *
blk_alloc(msa_arena *a, size_t n)
{
	unsigned char *p;

	if (a == NULL || a->base == NULL || n > SIZE_MAX - HDR)
		return NULL;
	p = arena_take(a, HDR + n);
	if (p == NULL)
		return NULL;
	hdr_put(p, n);
	return p + HDR;
}

/* calloc: nmemb * size octets, NULL when the product does not fit. */
/*@ requires a == \null || a->base == \null || arena_ok(a);
    requires \valid(a) || a == \null;
    assigns a->used, a->high, a->fails,
      a->base[a->used .. a->used + arena_need(HDR + nmemb * size) - 1];
    ensures a != \null && a->base != \null ==> arena_ok(a) && a->used >= \old(a->used);
    ensures \result != \null ==> a != \null && a->base != \null
      && \result == a->base + \old(a->used) + HDR
      && \valid(\result + (0 .. nmemb * size - 1));
 */
static unsigned char *
blk_calloc(msa_arena *a, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		return NULL;
	return blk_alloc(a, nmemb * size);
}

/* realloc: a new block of size octets holding the old block's first
 * octets (as many as both have); the old block stays (the arena reclaims
 * it on reset). The old size is read from its header, and bounded by the
 * arena's used part. */
/*@ requires arena_ok(a);
    requires ptr == \null || blk_in(a, ptr);
    assigns a->used, a->high, a->fails,
      a->base[a->used .. a->used + arena_need(HDR + size) - 1];
    ensures arena_ok(a) && a->used >= \old(a->used);
    ensures \result != \null ==> \result == a->base + \old(a->used) + HDR
      && \valid(\result + (0 .. size - 1));
 */
static unsigned char *
blk_realloc(msa_arena *a, unsigned char *ptr, size_t size)
{
	unsigned char *np;
	size_t off, old, k;

	if (ptr == NULL)
		return blk_alloc(a, size);
	off = (size_t)(ptr - a->base);
	old = hdr_get(a->base + (off - HDR));
	if (old > a->used - off)
		old = a->used - off;    /* not past the used part */
	k = old < size ? old : size;
	np = blk_alloc(a, size);
	if (np == NULL)
		return NULL;
	/*@ assert np == a->base + \at(a->used, Pre) + HDR && off + k <= \at(a->used, Pre); */
	msa_bytes_copy(np, a->base + off, k);
	return np;
}

/* free: gives the block back when it is the last one (its octets wiped),
 * else nothing (reclaimed by reset). */
/*@ requires arena_ok(a) && blk_in(a, ptr);
    assigns a->used, a->base[0 .. a->used - 1];
    ensures arena_ok(a);
    ensures a->used == \old(a->used) || a->used == ptr - HDR - a->base;
 */
static void
blk_free(msa_arena *a, unsigned char *ptr)
{
	size_t at = (size_t)(ptr - a->base) - HDR, n, need;

	n = hdr_get(a->base + at);
	if (n > a->used - at - HDR)
		return;        /* past the used part: not the last block */
	need = (HDR + n + (ARENA_ALIGN - 1u)) / ARENA_ALIGN * ARENA_ALIGN;
	/* Give back the last block only; others are reclaimed by reset. */
	if (at + need == a->used) {
		/*@ assert need == a->used - at; */
		msa_wipe_u8(a->base + at, need);
		a->used = at;
		/* What was given back is zero (the merge of this path with the
		 * others is beyond the provers as a postcondition). */
		/*@ assert wiped: \forall integer i; 0 <= i < \at(a->used, Pre) - a->used ==>
		      a->base[a->used + i] == 0; */
	}
}

void *
msa_asn1_calloc(size_t nmemb, size_t size)
{
	return blk_calloc(cur_arena, nmemb, size);   /* the arena hands out zeroed blocks */
}

void *
msa_asn1_malloc(size_t size)
{
	return blk_alloc(cur_arena, size);
}

void *
msa_asn1_realloc(void *ptr, size_t size)
{
	if (cur_arena == NULL || cur_arena->base == NULL)
		return NULL;
	return blk_realloc(cur_arena, ptr, size);
}

void
msa_asn1_free(void *ptr)
{
	if (ptr == NULL || cur_arena == NULL || cur_arena->base == NULL)
		return;
	blk_free(cur_arena, ptr);
}
