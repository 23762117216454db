#!/bin/sh
# Fix 05: ber_fetch_length() accumulates a long-form length by
# `len = (len << 8) | *buf` in a signed ber_tlv_len_t (ssize_t) and checks
# for overflow only AFTER the shift: with 8 or more length octets whose
# value reaches 2^55, the shift overflows a signed long, which is undefined
# behaviour in C (UBSan: "left shift of 36596222111322381 by 8 places
# cannot be represented in type 'ber_tlv_len_t'", ber_tlv_length.c:43).
# Found by fuzz/fuzz_asn1c_raw (asn1c without the DER gate) in its first
# seconds, and through the gate by fuzz_type_HandshakeFinish while the gate
# let a header straddling its parent's end through; regression inputs
# fuzz/regressions/fuzz_asn1c_raw/ubsan-ber-length-shift and
# fuzz/regressions/fuzz_type_HandshakeFinish/ubsan-ber-length-shift.
# The fix refuses the length (returns -1, "too large", as the existing check
# does) BEFORE a shift that would reach the sign bit: any value of 2^55 or
# more cannot take another octet. No length MSA can use comes near.
set -e
f="$1/ber_tlv_length.c"
n=$(grep -c '^			len = (len << 8) | \*buf;$' "$f")
[ "$n" = 1 ] || { echo "fix 05: expected one length shift in ber_fetch_length, found $n" >&2; exit 1; }
awk '/^\t\t\tlen = \(len << 8\) \| \*buf;$/ {
	print "\t\t\tif(len >> ((8 * sizeof(len)) - 9))"
	print "\t\t\t\treturn -1;\t/* msa fix 05: the shift would overflow */"
	print; next }
	{ print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
n=$(grep -c 'msa fix 05' "$f")
[ "$n" = 1 ] || { echo "fix 05: not applied" >&2; exit 1; }
