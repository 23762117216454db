#!/bin/sh
# Fix 02: BER decoding of a CHOICE loops forever on a crafted end-of-contents
# sequence (0x00 followed by a non-zero octet inside an indefinite-length
# CHOICE): constr_CHOICE.c falls through to a "/* UNREACHABLE */" comment
# without advancing. Fixed upstream (vlm/asn1c pull request 518), not in
# Debian's 0.9.28. We fail the decode there instead. MSA's DER gate already
# rejects indefinite lengths before asn1c sees the bytes; this fix keeps the
# generated decoder safe on its own (fuzz harnesses call it directly).
set -e
f="$1/constr_CHOICE.c"
n=$(grep -c '/\* UNREACHABLE \*/' "$f")
[ "$n" = 1 ] || { echo "fix 02: expected one UNREACHABLE marker, found $n" >&2; exit 1; }
sed -i 's|/\* UNREACHABLE \*/|RETURN(RC_FAIL); /* msa fix 02: was an endless loop */|' "$f"
