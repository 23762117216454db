#!/bin/sh
# Fix 01: route every asn1c allocation to MSA's bounded arena (REQ-IMPL-001).
# asn_internal.h defines CALLOC/MALLOC/REALLOC/FREEMEM unconditionally as the
# libc calls, and every skeleton allocates only through them (checked by
# `make nm-check`: libmsa.a must reference no heap function). We replace the
# four definitions with msa_asn1_* functions (src/arena.c), which allocate
# from the arena the decode call installed for the current thread.
set -e
f="$1/asn_internal.h"
grep -q 'define[[:space:]]*CALLOC' "$f"
sed -i \
  -e 's/^#define[[:space:]]*CALLOC(nmemb, size).*/#define CALLOC(nmemb, size) msa_asn1_calloc(nmemb, size)/' \
  -e 's/^#define[[:space:]]*MALLOC(size).*/#define MALLOC(size) msa_asn1_malloc(size)/' \
  -e 's/^#define[[:space:]]*REALLOC(oldptr, size).*/#define REALLOC(oldptr, size) msa_asn1_realloc(oldptr, size)/' \
  -e 's/^#define[[:space:]]*FREEMEM(ptr).*/#define FREEMEM(ptr) msa_asn1_free(ptr)/' \
  "$f"
# Declarations, placed right before the macros.
sed -i '/^#define CALLOC(nmemb, size) msa_asn1_calloc/i \
void *msa_asn1_calloc(size_t nmemb, size_t size);\
void *msa_asn1_malloc(size_t size);\
void *msa_asn1_realloc(void *ptr, size_t size);\
void msa_asn1_free(void *ptr);' "$f"
for m in msa_asn1_calloc msa_asn1_malloc msa_asn1_realloc msa_asn1_free; do
  grep -q "define.*$m" "$f" || { echo "fix 01: $m not installed" >&2; exit 1; }
done
