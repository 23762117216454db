# tests/net.sh -- sourced by the tool tests over loopback (t_net.sh,
# t_conform.sh, t_mutants.sh): the counters, a free port, waiting for a
# listener, the test PKI's two identities, and a --json report's verdicts.
# Not a test itself (tests/run.sh runs t_*.sh only).
BUILD=${BUILD:-build}
MSA=$BUILD/msa
P=vectors/pki
T=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$T"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
ko() { fail=$((fail+1)); echo "FAIL: $*"; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# waits until something listens on port $1 (without connecting to it: a
# connection would count as a session of the relay or responder)
wait_port() { h=$(printf '%04X' "$1"); i=0; while ! awk -v h=":$h" '$2 ~ h"$" && $4 == "0A" {f=1} END {exit !f}' /proc/net/tcp /proc/net/tcp6 2>/dev/null; do i=$((i+1)); [ $i -gt 100 ] && return 1; sleep 0.05; done; }
RESP="--cert $P/responder-1-chain.pem --key $P/responder-1.key.pem --ca $P/root-ca.pem"
INIT="--cert $P/initiator-1-chain.pem --key $P/initiator-1.key.pem --ca $P/root-ca.pem"
# verdicts FILE: "id verdict" per line, from a --json report (msa conform, msa vectors run)
verdicts() { python3 -c 'import json,sys; [print(r["id"], r["verdict"]) for r in json.load(open(sys.argv[1]))["results"]]' "$1"; }
