#!/bin/sh
# t_mutants.sh -- mutation testing (issue 5): the tool built with one
# engine check removed (make mutants: $(BUILD)/mutant/N/msa, -DMSA_MUTANT=N,
# src/internal.h) must be caught by the peer tester and by the vectors:
#   1  handshake signatures not verified (REQ-HS-038, REQ-HS-052)
#   2  stream records' sequence numbers not checked (REQ-DT-012)
. tests/net.sh
# caught FILE ID...: each ID has verdict fail in the report FILE
caught() { f=$1; shift; for id in "$@"; do grep -qx "$id fail" "$f" || return 1; done; }

for m in 1 2; do
	M=$BUILD/mutant/$m/msa
	[ -x "$M" ] || { ko "mutant $m not built (make mutants)"; continue; }
	case $m in
	1) conf="hs-finish-bad-signature"; rconf="hs-resp-bad-signature"; vec="scn-msg1-altered scn-msg2-signature-altered" ;;
	2) conf="rec-replayed rec-skipped rec-reordered"; rconf="rec-replayed rec-skipped"; vec="scn-record-replayed scn-record-dropped scn-record-reordered" ;;
	esac
	# the tester against the mutant responder
	p=$(port)
	$M responder --listen 127.0.0.1:$p $RESP --echo 2>/dev/null & R=$!
	wait_port $p
	$MSA conform --role initiator --peer 127.0.0.1:$p $INIT --peer-id urn:msa:ae:responder-1 \
		--json "$T/c$m.json" > "$T/c$m.out" 2>&1; rc=$?
	kill $R 2>/dev/null; wait $R 2>/dev/null
	verdicts "$T/c$m.json" > "$T/c$m"
	if [ $rc -eq 1 ] && caught "$T/c$m" $conf; then ok; else ko "mutant $m: conform exit $rc, $(grep -v ' pass$' "$T/c$m" | tr '\n' ' ')"; fi
	# ...and against the mutant initiator
	if [ -n "$rconf" ]; then
		p=$(port)
		$MSA conform --role responder --peer 127.0.0.1:$p $RESP --peer-id urn:msa:ae:initiator-1 \
			--trigger "$M initiator --connect 127.0.0.1:$p $INIT --peer-id urn:msa:ae:responder-1 </dev/null" \
			$(for c in $rconf; do printf ' --filter %s' "$c"; done) --json "$T/r$m.json" > /dev/null 2>&1; rc=$?
		verdicts "$T/r$m.json" > "$T/r$m"
		if [ $rc -eq 1 ] && caught "$T/r$m" $rconf; then ok; else ko "mutant $m: conform (responder) exit $rc"; fi
	fi
	# the vectors, with the mutant as the implementation under test
	$M vectors run --quiet --filter 'scn-*' --json "$T/v$m.json" > /dev/null 2>&1; rc=$?
	verdicts "$T/v$m.json" > "$T/v$m"
	if [ $rc -eq 1 ] && caught "$T/v$m" $vec; then ok; else ko "mutant $m: vectors exit $rc, $(grep -v ' pass$' "$T/v$m" | tr '\n' ' ')"; fi
done
echo "t_mutants: $pass passed, $fail failed"
[ $fail -eq 0 ]
