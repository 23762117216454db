#!/bin/sh
# t_net.sh -- the msa tool over real sockets on loopback: responder,
# relay (with and without faults), initiator; exit codes and error names
# (REQ-IMPL-005), data integrity end to end (REQ-REL-001, REQ-REL-005,
# REQ-TRM-004), identity checks (REQ-HS-085, REQ-HS-086), integrity-only
# suites (REQ-SUI-004).
. tests/net.sh

# 1. 1 MiB of random data through the relay to an echoing responder comes back byte for byte
rp=$(port); lp=$(port)
$MSA responder --listen 127.0.0.1:$rp $RESP --echo --exit-after 1 2>"$T/r.err" & R=$!
wait_port $rp
$MSA relay --listen 127.0.0.1:$lp --connect 127.0.0.1:$rp --exit-after 1 2>"$T/l.err" & L=$!
wait_port $lp
head -c 1048576 /dev/urandom >"$T/in"
$MSA initiator --connect 127.0.0.1:$lp $INIT --peer-id urn:msa:ae:responder-1 <"$T/in" >"$T/out" 2>"$T/i.err"
rc=$?
[ $rc = 0 ] && ok || ko "1 MiB: initiator exit $rc: $(cat "$T/i.err")"
cmp -s "$T/in" "$T/out" && ok || ko "1 MiB: data differs ($(wc -c <"$T/out") octets back)"
wait $R; rc=$?; [ $rc = 0 ] && ok || ko "1 MiB: responder exit $rc: $(cat "$T/r.err")"
wait $L; grep -q "dropped 0, corrupted 0" "$T/l.err" && ok || ko "relay report: $(cat "$T/l.err")"

# 2. responder to stdout, integrity-only suite, 100 KiB in chunks of 1000
rp=$(port)
$MSA responder --listen 127.0.0.1:$rp $RESP --integrity-only --exit-after 1 >"$T/sink" 2>"$T/r.err" & R=$!
wait_port $rp
head -c 102400 /dev/urandom >"$T/in2"
$MSA initiator --connect 127.0.0.1:$rp $INIT --peer-id urn:msa:ae:responder-1 --integrity-only --chunk 1000 --trace <"$T/in2" >/dev/null 2>"$T/i.err"
rc=$?
[ $rc = 0 ] && ok || ko "integrity-only: exit $rc: $(tail -3 "$T/i.err")"
grep -q "X25519_HMACSHA256_SHA256" "$T/i.err" && ok || ko "integrity-only suite not chosen"
wait $R
cmp -s "$T/in2" "$T/sink" && ok || ko "integrity-only: data differs"

# 3. the wrong responder identity: CERT_IDENTITY, exit 1 (REQ-HS-085)
rp=$(port)
$MSA responder --listen 127.0.0.1:$rp $RESP --exit-after 1 2>"$T/r.err" & R=$!
wait_port $rp
echo hi | $MSA initiator --connect 127.0.0.1:$rp $INIT --peer-id urn:msa:ae:gateway-1 >/dev/null 2>"$T/i.err"
rc=$?
[ $rc = 1 ] && ok || ko "wrong peer id: exit $rc"
grep -q "^error: " "$T/i.err" && ok || ko "wrong peer id: no error line: $(cat "$T/i.err")"
wait $R

# 4. a responder that accepts only gateway-1 rejects initiator-1 (REQ-HS-086)
rp=$(port)
$MSA responder --listen 127.0.0.1:$rp $RESP --peer-id urn:msa:ae:gateway-1 --exit-after 1 2>"$T/r.err" & R=$!
wait_port $rp
echo hi | $MSA initiator --connect 127.0.0.1:$rp $INIT --peer-id urn:msa:ae:responder-1 >/dev/null 2>"$T/i.err"
rc=$?
[ $rc = 1 ] && ok || ko "initiator not accepted: exit $rc"
grep -q "badIdentity" "$T/i.err" && ok || ko "initiator not accepted: $(cat "$T/i.err")"
wait $R; grep -q "error: CERT_IDENTITY" "$T/r.err" && ok || ko "responder: $(cat "$T/r.err")"

# 5. a corrupting relay: the association ends with an error, never wrong data (REQ-REL-005)
rp=$(port); lp=$(port)
$MSA responder --listen 127.0.0.1:$rp $RESP --echo --exit-after 1 2>"$T/r.err" & R=$!
wait_port $rp
$MSA relay --listen 127.0.0.1:$lp --connect 127.0.0.1:$rp --corrupt 0.2 --seed 7 --exit-after 1 2>"$T/l.err" & L=$!
wait_port $lp
head -c 200000 /dev/urandom >"$T/in3"
$MSA initiator --connect 127.0.0.1:$lp $INIT --peer-id urn:msa:ae:responder-1 --chunk 2000 <"$T/in3" >"$T/out3" 2>"$T/i.err"
rc=$?
[ $rc = 1 ] && ok || ko "corrupting relay: exit $rc"
grep -q "^error: " "$T/i.err" && ok || ko "corrupting relay: no error line"
n=$(wc -c <"$T/out3")
head -c "$n" "$T/in3" | cmp -s - "$T/out3" && ok || ko "corrupting relay: delivered data is not a prefix of what was sent"
kill $R $L 2>/dev/null; wait $R $L 2>/dev/null

# 5b. a delaying relay (--delay: every PDU held 30 ms in the relay's queue of
# delayed PDUs, iobuf.c's cli_dq_put/cli_dq_front): 256 KiB come back byte for byte
rp=$(port); lp=$(port)
$MSA responder --listen 127.0.0.1:$rp $RESP --echo --exit-after 1 2>"$T/r.err" & R=$!
wait_port $rp
$MSA relay --listen 127.0.0.1:$lp --connect 127.0.0.1:$rp --delay 30 --exit-after 1 2>"$T/l.err" & L=$!
wait_port $lp
head -c 262144 /dev/urandom >"$T/in4"
$MSA initiator --connect 127.0.0.1:$lp $INIT --peer-id urn:msa:ae:responder-1 --chunk 4000 <"$T/in4" >"$T/out4" 2>"$T/i.err"
rc=$?
[ $rc = 0 ] && ok || ko "delaying relay: initiator exit $rc: $(tail -3 "$T/i.err")"
cmp -s "$T/in4" "$T/out4" && ok || ko "delaying relay: data differs ($(wc -c <"$T/out4") octets back)"
wait $R; wait $L; grep -q "dropped 0, corrupted 0" "$T/l.err" && ok || ko "delaying relay report: $(cat "$T/l.err")"

# 6. usage errors exit 2, --help exits 0
$MSA initiator --connect 127.0.0.1:1 >/dev/null 2>&1; [ $? = 2 ] && ok || ko "usage error exit"
$MSA relay --listen 127.0.0.1:1 2>/dev/null; [ $? = 2 ] && ok || ko "relay usage exit"
$MSA responder --help >/dev/null; [ $? = 0 ] && ok || ko "--help"
$MSA initiator --connect 127.0.0.1:1 $INIT --peer-id x --suite NOPE </dev/null 2>"$T/e"; [ $? = 1 ] && grep -q "error: UNSUPPORTED" "$T/e" && ok || ko "unknown suite: $(cat "$T/e")"

# 7. the demo
$MSA demo >"$T/demo" 2>&1 && grep -q "MSA demo: OK" "$T/demo" && ok || ko "demo: $(tail -5 "$T/demo")"

echo "t_net: $pass passed, $fail failed"
[ $fail = 0 ]
