#!/bin/sh
# trace.sh -- requirement traceability for MSA.
#
# Lists every requirement defined in spec/msa.md (the ids written in bold,
# **REQ-AREA-NNN**) with the files that cite it under tests/, vectors/,
# fuzz/, proofs/ and src/cli/, and the conformance cases of `msa conform`
# that check it (conform:CASE, from the catalogue in src/cli/cmd_conform.c)
# (a citation in the library, src/*.c, is an implementation note, not a
# test, and does not count). Only complete ids
# count: "REQ-ENC-001..018" cites REQ-ENC-001 alone.
#
# Output, one line per requirement, in spec order:
#   REQ-ENC-001 tests/test_codec.c vectors/enc.json
#   untested: REQ-HS-004
# then ids cited by those files but not defined in the spec:
#   unknown: REQ-XX-999 tests/test_foo.c
# ids defined twice in the spec:
#   duplicate: REQ-HS-004
# and the summary line:
#   trace: N requirements, M traced, K untested
#
# Usage: sh scripts/trace.sh [--strict]
# Exit: 0; with --strict, 1 when any requirement is untested or any id is
# unknown or duplicated; 2 on usage error or a missing spec.
set -u

strict=0
for a in "$@"; do
	case "$a" in
	--strict) strict=1 ;;
	-h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "error: USAGE unknown argument: $a" >&2; echo "usage: sh scripts/trace.sh [--strict]" >&2; exit 2 ;;
	esac
done

root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
cd "$root" || exit 2
spec=spec/msa.md
if [ ! -f "$spec" ]; then
	echo "error: NO_SPEC $spec not found" >&2
	exit 2
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# Defined ids, in spec order (a line may define more than one, e.g. a table).
grep -oE '\*\*REQ-[A-Z]+-[0-9]+\*\*' "$spec" | tr -d '*' > "$tmp/defined"

# Citations: "file<TAB>id", text files only (-I skips binary corpora).
dirs=""
for d in tests vectors fuzz proofs src/cli; do
	[ -d "$d" ] && dirs="$dirs $d"
done
: > "$tmp/cited"
if [ -n "$dirs" ]; then
	# shellcheck disable=SC2086
	grep -rIoE 'REQ-[A-Z]+-[0-9]+' $dirs 2>/dev/null \
		| awk '{ i = index($0, ":REQ-"); if (i > 0) print substr($0, 1, i - 1) "\t" substr($0, i + 1) }' \
		| grep -v '^src/cli/cmd_conform\.c	' | sort -u > "$tmp/cited"
fi
# Conformance cases of the peer tester, by name: "conform:CASE<TAB>id"
# from the catalogue in src/cli/cmd_conform.c ({ "case", I|R, "REQ-... REQ-...", ...).
if [ -f src/cli/cmd_conform.c ]; then
	sed -n 's/^[[:space:]]*{ "\([a-z0-9-]*\)", [IR], "\(REQ-[^"]*\)".*/\1 \2/p' src/cli/cmd_conform.c \
		| awk '{ for (i = 2; i <= NF; i++) print "conform:" $1 "\t" $i }' | sort -u >> "$tmp/cited"
fi

awk -F '\t' -v strict="$strict" -v out="$tmp/status" '
	FNR == NR { if ($0 in def) dup[$0] = 1; else { def[$0] = 1; order[++n] = $0 }; next }
	{
		f = $1; id = $2
		if (id in def) {
			if (!((id SUBSEP f) in seen)) { seen[id SUBSEP f] = 1; files[id] = files[id] " " f }
		} else if (!((id SUBSEP f) in useen)) {
			useen[id SUBSEP f] = 1
			if (!(id in ufiles)) uorder[++un] = id
			ufiles[id] = ufiles[id] " " f
		}
	}
	END {
		traced = 0; untested = 0
		for (i = 1; i <= n; i++) {
			id = order[i]
			if (id in files) { print id files[id]; traced++ }
			else { print "untested: " id; untested++ }
		}
		for (i = 1; i <= un; i++) print "unknown: " uorder[i] ufiles[uorder[i]]
		nd = 0
		for (id in dup) { print "duplicate: " id; nd++ }
		printf "trace: %d requirements, %d traced, %d untested\n", n, traced, untested
		bad = (untested > 0 || un > 0 || nd > 0)
		print (strict && bad) ? 1 : 0 > out
	}
' "$tmp/defined" "$tmp/cited"

st=$(cat "$tmp/status" 2>/dev/null || echo 2)
exit "$st"
