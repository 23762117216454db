#!/bin/sh
# tests/run.sh -- runs every test program, normal and ASan+UBSan builds, and
# every tests/t_*.sh script; sums their "N passed, N failed" lines into the
# closing line. Exit status 0 only when nothing failed and something ran.
# Extra arguments: names of suites to run (substring match); default all.
BUILD=${BUILD:-build}
export BUILD
pass=0; fail=0; bad=""
log=$(mktemp); trap 'rm -f "$log"' EXIT
want() { [ $# -eq 0 ] && return 0; for w in $FILTER; do case "$1" in *"$w"*) return 0;; esac; done; return 1; }
FILTER="$*"
run() { # name command...
	name=$1; shift
	if [ -n "$FILTER" ] && ! want "$name"; then return; fi
	"$@" >"$log" 2>&1; rc=$?
	line=$(grep -E '^[A-Za-z0-9_./-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$name: no result line (exit $rc)"; tail -n 20 "$log"; fail=$((fail+1)); bad="$bad $name"; return
	fi
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\1/')
	f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\2/')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	pass=$((pass+p)); fail=$((fail+f))
	echo "$name: $p passed, $f failed"
	if [ "$f" -ne 0 ]; then bad="$bad $name"; grep -v -E '^[A-Za-z0-9_./-]+: [0-9]+ passed' "$log" | tail -n 40; fi
}
for t in "$BUILD"/tests/test_*; do [ -x "$t" ] && run "$(basename "$t")" "$t"; done
for t in "$BUILD"/san/tests/test_*; do [ -x "$t" ] && run "san/$(basename "$t")" "$t"; done
for s in tests/t_*.sh; do [ -f "$s" ] && run "$(basename "$s" .sh)" sh "$s"; done
[ -n "$bad" ] && echo "failing:$bad"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
