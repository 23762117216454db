#!/bin/sh
# Fix 04: asn_INTEGER2long() builds a negative value by `l = (l << 8) | *b`
# with l a negative long: a left shift of a negative value is undefined
# behaviour in C (UBSan: "left shift of negative value -1", INTEGER.c:819).
# Any negative INTEGER on the wire reaches it (found by tests/test_codec.c,
# "generation -1", "negative suite id"). We shift the bits as an unsigned
# long and convert back, which is what the code means (the conversion of an
# out-of-range unsigned value to long is implementation-defined, not
# undefined; gcc and clang define it as modulo 2^N). The same line in
# asn_INTEGER2ulong() works on an unsigned long already and is left alone.
set -e
f="$1/INTEGER.c"
n=$(grep -c '^		l = (l << 8) | \*b;$' "$f")
[ "$n" = 2 ] || { echo "fix 04: expected two shift loops in INTEGER.c, found $n" >&2; exit 1; }
# Only the first occurrence (in asn_INTEGER2long) is on a signed long.
awk '!done && /^\t\tl = \(l << 8\) \| \*b;$/ {
	print "\t\tl = (long)(((unsigned long)l << 8) | *b); /* msa fix 04 */"; done = 1; next }
	{ print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
