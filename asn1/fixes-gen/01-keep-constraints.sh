#!/bin/sh
# Gen fix 01: keep the constraints of derived types.
# For a type such as `Version ::= INTEGER (1..255)`, asn1c 0.9.28 generates
# Version_constraint() and an X_inherit_TYPE_descriptor() that, on the first
# call of any of the type's functions (decode, encode, print), copies the
# base type's function pointers into the descriptor -- check_constraints
# included. From then on asn_check_constraints() checks nothing for that
# type: after one decode, Version 0, a 7-octet Signature or a 65-octet Mac
# pass (found by tests/test_codec.c, "version 0", "signature of 7"). We
# delete that one assignment inside the *_inherit_TYPE_descriptor()
# functions only, so every derived type keeps its own check. The same line
# also appears in the X_constraint() of types without constraints of their
# own ("Replace with underlying type checker", e.g. an ENUMERATED): there it
# must stay, or X_constraint() would call itself forever.
# $1 = the generated code's directory.
set -e
n=0
for f in "$1"/*.c; do
	if grep -q '_inherit_TYPE_descriptor(asn_TYPE_descriptor_t \*td) {$' "$f"; then
		awk '
			/_inherit_TYPE_descriptor\(asn_TYPE_descriptor_t \*td\) \{$/ { inh = 1 }
			inh && /^}/ { inh = 0 }
			inh && /^\ttd->check_constraints = asn_DEF_[A-Za-z0-9_]*\.check_constraints;$/ {
				print "\t/* msa gen fix 01: the type keeps its own constraint check */"
				next
			}
			{ print }
		' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
		n=$((n + 1))
	fi
done
[ "$n" -gt 0 ] || { echo "gen fix 01: no inherit function found (asn1c changed?)" >&2; exit 1; }
