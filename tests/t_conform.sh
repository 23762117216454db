#!/bin/sh
# t_conform.sh -- the active peer tester (msa conform, issue 5 section 4)
# against this project's own msa responder and msa initiator: every case
# passes in both roles (the self-test), the reports (--json, --junit) hold
# one verdict per case, and usage and unreachable peers give the right
# exit codes (REQ-IMPL-005). The mutants that it must catch are in
# t_mutants.sh.
. tests/net.sh
check() { if eval "$1"; then ok; else ko "$2"; fi; }

# 1. the catalogue
$MSA conform --list --role initiator > "$T/li"; ni=$(wc -l < "$T/li")
$MSA conform --list --role responder > "$T/lr"; nr=$(wc -l < "$T/lr")
check '[ "$ni" -ge 30 ] && [ "$nr" -ge 10 ]' "catalogue: $ni initiator, $nr responder cases"
check '! grep -qv " REQ-" "$T/li" "$T/lr"' "every case names its REQ ids"
# the guide's table lists exactly the catalogue (vectors/CONFORM.md)
for r in initiator responder; do $MSA conform --list --role $r | awk -v r=$r '{print $1, r}'; done | sort > "$T/cat"
grep -o '^| `[a-z0-9-]*` | [a-z]* |' vectors/CONFORM.md | sed 's/^| `\([a-z0-9-]*\)` | \([a-z]*\) |/\1 \2/' | sort > "$T/doc"
check 'cmp -s "$T/cat" "$T/doc"' "vectors/CONFORM.md lists the catalogue: $(diff "$T/cat" "$T/doc" | tr '\n' ' ')"
# 2. usage
$MSA conform --peer 127.0.0.1:1 $INIT --peer-id x 2>"$T/e"; rc=$?
check '[ $rc -eq 2 ] && grep -q "^error: USAGE" "$T/e"' "no --role: exit $rc"
$MSA conform --role initiator --peer 127.0.0.1:1 $INIT 2>"$T/e"; rc=$?
check '[ $rc -eq 2 ]' "no --peer-id: exit $rc"
# 3. nobody there: inconclusive, exit 1
p=$(port)
$MSA conform --role initiator --peer 127.0.0.1:$p $INIT --peer-id urn:msa:ae:responder-1 --filter hs-init-version --timeout 500 > "$T/o" 2>&1; rc=$?
check '[ $rc -eq 1 ] && grep -q "inconc *hs-init-version" "$T/o"' "unreachable IUT: exit $rc"

# 4. the tester initiates; msa responder (echo) is the IUT
p=$(port)
$MSA responder --listen 127.0.0.1:$p $RESP --echo 2>"$T/r.err" & R=$!
wait_port $p
$MSA conform --role initiator --peer 127.0.0.1:$p $INIT --peer-id urn:msa:ae:responder-1 --pki $P \
	--json "$T/i.json" --junit "$T/i.xml" > "$T/i.out" 2>&1; rc=$?
kill $R 2>/dev/null; wait $R 2>/dev/null
check '[ $rc -eq 0 ]' "self-test, tester initiator: exit $rc: $(grep -v 'pass ' "$T/i.out")"
verdicts "$T/i.json" > "$T/iv"
check '[ "$(wc -l < "$T/iv")" -eq "$ni" ] && [ "$(grep -c " pass$" "$T/iv")" -eq "$ni" ]' "every initiator case passes: $(grep -v ' pass$' "$T/iv")"
check 'tail -1 "$T/i.out" | grep -qx "$ni passed, 0 failed"' "summary line"
check 'python3 -c "import sys,xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot(); sys.exit(0 if r.get(\"tests\")==sys.argv[2] and r.get(\"failures\")==\"0\" else 1)" "$T/i.xml" "$ni"' "JUnit report"

# 5. the tester responds; msa initiator is the IUT, run once per association
p=$(port)
$MSA conform --role responder --peer 127.0.0.1:$p $RESP --peer-id urn:msa:ae:initiator-1 --pki $P \
	--trigger "$MSA initiator --connect 127.0.0.1:$p $INIT --peer-id urn:msa:ae:responder-1 </dev/null" \
	--json "$T/r.json" > "$T/r.out" 2>&1; rc=$?
check '[ $rc -eq 0 ]' "self-test, tester responder: exit $rc: $(grep -v 'pass ' "$T/r.out")"
verdicts "$T/r.json" > "$T/rv"
# msa initiator always sends ownCertRef: ownRefKnown TRUE is then legitimate (REQ-HS-036)
check '[ "$(wc -l < "$T/rv")" -eq "$nr" ] && [ "$(grep -vc " pass$" "$T/rv")" -eq 1 ] && grep -qx "hs-resp-own-ref-known none" "$T/rv"' "every responder case passes: $(grep -v ' pass$' "$T/rv")"

echo "t_conform: $pass passed, $fail failed"
[ $fail -eq 0 ]
