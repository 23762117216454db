#!/bin/sh
# soak.sh -- the fault-injecting soak test of `make soak` (issue 8), on
# loopback only:
#
#   msa soak (ASSOCS initiators, one poll loop, one connection each)
#     -> msa relay (drops, corrupts, truncates, duplicates PDUs with
#                   probability FAULT_P each, delays every PDU DELAY ms)
#     -> msa responder --echo (a fixed pool of associations, routed by aid)
#
# Both sides renew their keys by policy during the run (initiators: a
# ratchet every RENEW_I records; responder: a rekey every RENEW_R records).
# msa soak checks every echoed message (number, association, checksum,
# contents: exactly once, in order) and that every association either was
# released with all its messages back or ended with a specific diagnostic;
# a slot whose association died of a fault starts a new one. This script
# samples the RSS of the three processes (VmRSS, every RSS_INTERVAL s),
# collects the relay's count of injected faults, checks, and prints the
# counts. Exit 0 when every check passed.
#
# Environment: BUILD (build), MSA ($BUILD/msa), SOAK_SAN (1: MSA is a sanitizer
# build), ASSOCS (100), MESSAGES (100), FAULT_P (per
# PDU and per fault kind; default min(0.0005, 0.1 / (2 * MESSAGES)), so that
# most associations meet no fault even in long runs; P_DROP, P_CORRUPT,
# P_TRUNCATE, P_DUPLICATE override it per kind), DELAY (2 ms), SEED (1),
# RENEW_I (16), RENEW_R (32), MAX_SIZE (1024), WINDOW (8), TIMEOUT (10 s),
# RSS_INTERVAL (0.25 s), SOAK_LOGS (a directory to keep the logs in).
set -u
BUILD=${BUILD:-build}
MSA=${MSA:-$BUILD/msa}
ASSOCS=${ASSOCS:-100}
MESSAGES=${MESSAGES:-100}
FAULT_P=${FAULT_P:-$(awk -v m="$MESSAGES" 'BEGIN { p = 0.1 / (2 * m); if (p > 0.0005) p = 0.0005; printf "%.6g", p }')}
P_DROP=${P_DROP:-$FAULT_P}; P_CORRUPT=${P_CORRUPT:-$FAULT_P}
P_TRUNCATE=${P_TRUNCATE:-$FAULT_P}; P_DUPLICATE=${P_DUPLICATE:-$FAULT_P}
DELAY=${DELAY:-2}
SEED=${SEED:-1}
RENEW_I=${RENEW_I:-16}
RENEW_R=${RENEW_R:-32}
MAX_SIZE=${MAX_SIZE:-1024}
WINDOW=${WINDOW:-8}
TIMEOUT=${TIMEOUT:-10}
RSS_INTERVAL=${RSS_INTERVAL:-0.25}
PY=/usr/bin/python3; [ -x $PY ] || PY=python3
P=vectors/pki
RESP="--cert $P/responder-1-chain.pem --key $P/responder-1.key.pem --ca $P/root-ca.pem"
INIT="--cert $P/initiator-1-chain.pem --key $P/initiator-1.key.pem --ca $P/root-ca.pem"

[ -x "$MSA" ] || { echo "soak: $MSA is missing (make BUILD=$BUILD all)" >&2; exit 2; }
[ "$ASSOCS" -ge 1 ] && [ "$ASSOCS" -le 500 ] || { echo "soak: ASSOCS must be 1..500 (the relay pairs at most 512 connections)" >&2; exit 2; }
# descriptors: the relay holds two per association
ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

T=$(mktemp -d)
# SOAK_LOGS=DIR keeps the logs and RSS samples there
trap 'kill $(jobs -p) 2>/dev/null; [ -n "${SOAK_LOGS:-}" ] && mkdir -p "$SOAK_LOGS" && cp "$T"/* "$SOAK_LOGS"/; rm -rf "$T"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); echo "  ok   $*"; }
ko() { fail=$((fail+1)); echo "  FAIL $*"; }
# runs a command with a socket listening on a free loopback port, passed
# as --listen-fd (the argument FD); the port is written to file $1. No
# race for the port with anything else on the machine.
listening() {
	exec "$PY" -c 'import os, socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen(128); fd = s.fileno(); os.set_inheritable(fd, True)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1])); os.rename(sys.argv[1] + ".tmp", sys.argv[1])
os.execv(sys.argv[2], [str(fd) if a == "FD" else a for a in sys.argv[2:]])' "$@"
}
wait_file() { i=0; while [ ! -s "$1" ]; do i=$((i+1)); [ $i -gt 200 ] && return 1; sleep 0.05; done; }
rss() { awk '/^VmRSS:/ {print $2; f=1} END {if (!f) print "-"}' "/proc/$1/status" 2>/dev/null || echo -; }

# The relay reports its counts when it exits, which it does after
# RELAY_PAIRS connections have closed: more than the run can use (msa soak
# is held to fewer associations by --budget); the rest are padded at the end.
POOL=$((ASSOCS * 2 + 16)); [ $POOL -gt 1024 ] && POOL=1024
BUDGET=$((ASSOCS * 3 + 100))
RELAY_PAIRS=$((BUDGET + 50))

start=$(date +%s)
echo "soak: ASSOCS=$ASSOCS MESSAGES=$MESSAGES drop $P_DROP corrupt $P_CORRUPT truncate $P_TRUNCATE duplicate $P_DUPLICATE DELAY=${DELAY}ms SEED=$SEED renewals: initiators ratchet/$RENEW_I, responder rekey/$RENEW_R"
listening "$T/rp" "$MSA" responder --listen-fd FD $RESP --echo --max-assocs $POOL \
	--renew-records "$RENEW_R" --renew-kind rekey 2>"$T/resp.err" & R=$!
wait_file "$T/rp" || { echo "soak: the responder does not listen: $(cat "$T/resp.err")"; exit 1; }
rp=$(cat "$T/rp")
listening "$T/lp" "$MSA" relay --listen-fd FD --connect 127.0.0.1:$rp --drop "$P_DROP" --corrupt "$P_CORRUPT" \
	--truncate "$P_TRUNCATE" --duplicate "$P_DUPLICATE" --delay "$DELAY" --seed "$SEED" \
	--exit-after $RELAY_PAIRS 2>"$T/relay.err" & L=$!
wait_file "$T/lp" || { echo "soak: the relay does not listen: $(cat "$T/relay.err")"; exit 1; }
lp=$(cat "$T/lp")
$MSA soak --connect 127.0.0.1:$lp $INIT --peer-id urn:msa:ae:responder-1 \
	--assocs "$ASSOCS" --messages "$MESSAGES" --window "$WINDOW" --max-size "$MAX_SIZE" \
	--timeout "$TIMEOUT" --budget $BUDGET --progress 10 \
	--renew-records "$RENEW_I" --renew-kind ratchet >"$T/soak.out" 2>"$T/soak.err" & S=$!

# RSS of the three processes while msa soak runs: "seconds soak relay
# responder ramped" (KiB; ramped: 1 once every slot has started)
t0=$(date +%s.%N)
while [ -e "/proc/$S" ] && ! grep -q '^State:.*Z' "/proc/$S/status" 2>/dev/null; do
	ramp=0; grep -q "ramp-up done" "$T/soak.err" && ramp=1
	echo "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}') $(rss $S) $(rss $L) $(rss $R) $ramp" >>"$T/rss"
	sleep "$RSS_INTERVAL"
done
wait $S; src=$?
wall=$(( $(date +%s) - start ))

# pad the relay's pair count so that it exits and prints its summary
"$PY" - "$lp" "$RELAY_PAIRS" <<'EOF'
import socket, sys, time
port, limit = int(sys.argv[1]), int(sys.argv[2])
n = 0
while n < limit:
    batch = []
    try:
        for _ in range(32):
            batch.append(socket.create_connection(("127.0.0.1", port), timeout=2))
    except OSError:
        for s in batch: s.close()
        break
    for s in batch: s.close()
    n += len(batch)
    time.sleep(0.02)
EOF
i=0; while kill -0 $L 2>/dev/null && ! grep -q "^relay: forwarded" "$T/relay.err"; do i=$((i+1)); [ $i -gt 100 ] && break; sleep 0.1; done
wait $L; lrc=$?
# the responder must have survived the whole run: it dies only of our TERM
kill -TERM $R 2>/dev/null; { wait $R; } 2>/dev/null; rrc=$?

echo "--- msa soak"
cat "$T/soak.out"
grep -v "^soak: [0-9]* s: running" "$T/soak.err" | head -20
echo "--- msa relay"
grep "^relay: forwarded" "$T/relay.err" || tail -n 5 "$T/relay.err"
echo "--- msa responder: associations ended by an error, by name"
grep "^error:" "$T/resp.err" | sed 's/ association [0-9a-f]* ended/ association ended/; s/'"'"'.*//' | sort | uniq -c | sort -rn | head -20
[ -s "$T/resp.err" ] || echo "  none"

# counts
get() { sed -n "s/.*$1 \([0-9][0-9]*\).*/\1/p" "$T/soak.out" | head -n 1; }
started=$(get "associations started"); released=$(get " released"); faulted=$(get "ended-by-fault")
restarts=$(get "restarts"); sent=$(get "messages sent"); verified=$(get "echoed-and-verified")
lost=$(get "messages lost"); rs=$(get "renewals send"); rr=$(get " receive")
relay=$(grep "^relay: forwarded" "$T/relay.err" | head -n 1)
num() { echo "$relay" | sed -n "s/.*$1 \([0-9][0-9]*\).*/\1/p"; }
dropped=$(num dropped); corrupted=$(num corrupted); truncated=$(num truncated); duplicated=$(num duplicated)
injected=$(( ${dropped:-0} + ${corrupted:-0} + ${truncated:-0} + ${duplicated:-0} ))

echo "--- checks"
[ $src = 0 ] && ok "msa soak exit 0 (every slot completed, nothing lost)" || ko "msa soak exit $src: $(grep '^error:' "$T/soak.err" | tail -n 3)"
[ "${lost:-x}" = 0 ] && ok "messages lost: 0 (of $sent sent, $verified echoed and verified)" || ko "messages lost: ${lost:-?}"
[ $lrc = 0 ] && [ -n "$relay" ] && ok "relay exited 0 with its summary" || ko "relay exit $lrc: $(tail -n 3 "$T/relay.err")"
[ $rrc = 143 ] && ok "responder alive until the end" || ko "responder exit $rrc before the end: $(tail -n 3 "$T/resp.err")"
[ "${faulted:-1}" -le "$injected" ] && ok "associations ended by a fault ($faulted) <= faults injected ($injected)" \
	|| ko "associations ended by a fault ($faulted) > faults injected ($injected)"
if grep "^soak: faults detected:" "$T/soak.out" | grep -Eq " (OK|UNKNOWN_ERROR)[=(]"; then
	ko "a fault without a specific diagnostic: $(grep '^soak: faults detected:' "$T/soak.out")"
else
	ok "every fault ended with a specific diagnostic"
fi
if grep -q "AddressSanitizer\|runtime error:\|LeakSanitizer" "$T/soak.err" "$T/relay.err" "$T/resp.err"; then
	ko "sanitizer report: $(grep -h "AddressSanitizer\|runtime error:\|LeakSanitizer" "$T/soak.err" "$T/relay.err" "$T/resp.err" | head -n 3)"
else
	ok "no sanitizer report, no crash"
fi
[ "${rs:-0}" -gt 0 ] && [ "${rr:-0}" -gt 0 ] && ok "renewals during the run: send $rs, receive $rr" || ko "no renewals (send ${rs:-?}, receive ${rr:-?})"
# memory flat: from the first sample after the ramp-up (every slot has
# started, every connection is open) to the last, no process grows by
# more than 10 % + 1 MiB
flat=$(awk '$5 == 1 { if (!b) { b = 1; split($0, a, " ") } split($0, z, " "); n++ } END {
	if (n < 2) { print "few"; exit }
	bad = ""
	for (k = 2; k <= 4; k++) if (a[k] != "-" && z[k] != "-" && z[k] > a[k] * 1.10 + 1024) bad = bad " " k
	print (bad == "" ? "flat" : "grew" bad) }' "$T/rss")
[ -n "${SOAK_SAN:-}" ] && flat=san
case $flat in
san) ok "memory: not judged in the sanitizer build (ASan's quarantine keeps freed blocks)";;
flat) ok "memory flat after the ramp-up (RSS samples: $(wc -l <"$T/rss"), $(awk '$5 == 1' "$T/rss" | wc -l) after it)";;
few) ok "memory: too few RSS samples after the ramp-up to judge ($(awk '$5 == 1' "$T/rss" | wc -l))";;
*) ko "memory grew after the ramp-up ($flat: columns 2 soak, 3 relay, 4 responder)";;
esac

echo "--- summary"
echo "soak: wall ${wall} s; ASSOCS=$ASSOCS MESSAGES=$MESSAGES FAULT_P=$FAULT_P DELAY=${DELAY}ms SEED=$SEED"
echo "soak: associations started $started, released with every message back $released, ended by a fault $faulted (restarts $restarts)"
echo "soak: messages sent $sent, echoed and verified $verified, lost ${lost:-?}"
echo "soak: faults injected $injected (dropped ${dropped:-?}, corrupted ${corrupted:-?}, truncated ${truncated:-?}, duplicated ${duplicated:-?}; every PDU delayed ${DELAY} ms)"
grep "^soak: faults detected:" "$T/soak.out"
echo "soak: renewals: initiators' send keys $rs, receive keys $rr"
awk 'NR == 1 { f = $0 } $5 == 1 && !r { r = $0 } { l = $0; for (k = 2; k <= 4; k++) if ($k != "-" && $k > m[k]) m[k] = $k }
	END { split(f, a, " "); split(r, b, " "); split(l, z, " ");
	printf "soak: RSS KiB first/after-ramp-up/max/last (%d samples over %s s, ramp-up done at %s s): soak %s/%s/%s/%s, relay %s/%s/%s/%s, responder %s/%s/%s/%s\n",
		NR, z[1], b[1], a[2], b[2], m[2], z[2], a[3], b[3], m[3], z[3], a[4], b[4], m[4], z[4] }' "$T/rss"
echo "soak: $pass passed, $fail failed"
[ $fail = 0 ]
