#!/bin/sh
# Fix 03: UTF8String__process() computes `dst + dstlen` and `buf + size`
# before looking at them. UTF8String_length() -- which the generated
# constraint checks of AeName and of every UTF8String (SIZE(..)) call, on
# each decode -- passes dst = NULL, dstlen = 0, and an empty string may have
# buf = NULL, size = 0: NULL + 0 is undefined behaviour in C (UBSan:
# "applying zero offset to null pointer", UTF8String.c:108). Found by
# fuzz/fuzz_type_HandshakeInit on its first seed (a HandshakeInit with a
# responderName); regression input
# fuzz/regressions/fuzz_type_HandshakeInit/ubsan-utf8-null-offset.
# Harmless with today's compilers, but a sanitizer build stops on it, and
# it would hide every later finding on the same path. We only form the end
# pointers from non-NULL bases (a NULL base means an empty range: the loop
# and the `dst < dstend` stores are skipped, as before).
set -e
f="$1/UTF8String.c"
n=$(grep -c '^	uint32_t \*dstend = dst + dstlen;$' "$f")
m=$(grep -c '^	uint8_t \*end = buf + st->size;$' "$f")
[ "$n" = 1 ] && [ "$m" = 1 ] || { echo "fix 03: expected the two end pointers in UTF8String__process, found $n/$m" >&2; exit 1; }
sed -i \
  -e 's|^	uint32_t \*dstend = dst + dstlen;$|	uint32_t *dstend = dst ? dst + dstlen : dst; /* msa fix 03 */|' \
  -e 's|^	uint8_t \*end = buf + st->size;$|	uint8_t *end = buf ? buf + st->size : buf; /* msa fix 03 */|' \
  "$f"
