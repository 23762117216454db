#!/bin/sh
# t_vectors.sh -- the conformance vectors (issue 5): regeneration, schema,
# independent cross-check, and the runner with both adapters.
#  1. `make vectors` output is deterministic and equals the committed files
#     (regenerated into a temporary directory, compared file by file);
#  2. every vector file is valid against vectors/schema.json (draft-07,
#     python3-jsonschema), and a broken copy is not (the check can fail);
#  3. scripts/xcheck/xcheck.py: every vector recomputed/judged from the spec
#     with Python's own stack (REQ-ENC-001..020, REQ-KS-001..014, REQ-CRY-001, REQ-CRY-002);
#  4. build/msa vectors run against this library (known deviations in
#     vectors/expect/libmsa.json) and against the Python adapter, no failure;
#  5. the runner's own behaviour: not-applicable vectors reported as none,
#     inconc without error names, a dying adapter is an error, an unexpected
#     pass fails the run, --filter, --json/--junit, usage errors exit 2.
# Prints "t_vectors: N passed, N failed".
BUILD=${BUILD:-build}
PY=/usr/bin/python3
MSA=$BUILD/msa
pass=0; fail=0
ok() { pass=$((pass+1)); }
ko() { fail=$((fail+1)); echo "FAIL: $*"; }
check() { # description command...
	d=$1; shift
	if "$@" >"$tmp/out" 2>&1; then ok; else ko "$d"; tail -n 15 "$tmp/out"; fi
}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# 1. regeneration
if make --no-print-directory -s BUILD="$BUILD" vectors-gen OUT="$tmp/gen" >"$tmp/out" 2>&1; then
	ok
	for kind in encoding keyschedule transcript scenario; do
		for f in vectors/$kind/*.json; do
			if cmp -s "$f" "$tmp/gen/$kind/$(basename "$f")"; then ok; else ko "$f differs from its regeneration (run make vectors)"; fi
		done
		for f in "$tmp/gen/$kind"/*.json; do
			[ -f "vectors/$kind/$(basename "$f")" ] || ko "vectors/$kind/$(basename "$f") is generated but not committed"
		done
	done
	# deterministic: a second run gives the same octets
	make --no-print-directory -s BUILD="$BUILD" vectors-gen OUT="$tmp/gen2" >/dev/null 2>&1
	if diff -r "$tmp/gen" "$tmp/gen2" >/dev/null; then ok; else ko "two regenerations differ"; fi
else
	ko "make vectors-gen"; tail -n 15 "$tmp/out"
fi

# 2. schema
cat > "$tmp/validate.py" <<'EOF'
import json, sys, jsonschema
schema = json.load(open("vectors/schema.json"))
jsonschema.Draft7Validator.check_schema(schema)
v = jsonschema.Draft7Validator(schema)
bad = 0
for p in sys.argv[1:]:
    for e in v.iter_errors(json.load(open(p))):
        bad += 1
        print("%s: %s at %s" % (p, e.message[:160], "/".join(str(x) for x in e.absolute_path)))
sys.exit(1 if bad else 0)
EOF
files=$(ls vectors/encoding/*.json vectors/keyschedule/*.json vectors/transcript/*.json vectors/scenario/*.json)
# shellcheck disable=SC2086
check "schema validation of every vector file" $PY "$tmp/validate.py" $files
# a broken copy (an invalid vector without its error) must be refused
$PY - "$tmp/broken.json" <<'EOF'
import json, sys
d = json.load(open("vectors/encoding/enc_KeyUpdate.json"))
for t in d["testGroups"][0]["tests"]:
    if t["result"] == "invalid":
        del t["error"]
        break
json.dump(d, open(sys.argv[1], "w"))
EOF
if $PY "$tmp/validate.py" "$tmp/broken.json" >/dev/null 2>&1; then ko "the schema accepts an invalid vector without error"; else ok; fi

# 3. the independent cross-check
check "xcheck (independent Python cross-check)" $PY scripts/xcheck/xcheck.py vectors
grep -E '^xcheck: ' "$tmp/out"

# 4. the runner, both adapters
check "msa vectors run (this library, known deviations expected)" \
	"$MSA" vectors run --quiet --expect vectors/expect/libmsa.json --json "$tmp/c.json" --junit "$tmp/c.xml"
tail -n 1 "$tmp/out"
check "msa vectors run --impl python adapter" \
	"$MSA" vectors run --quiet --impl "$PY scripts/xcheck/adapter.py" --json "$tmp/p.json"
tail -n 1 "$tmp/out"
check "JUnit report is XML" $PY -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" "$tmp/c.xml"
check "JSON report: one result per vector, none dropped" $PY - "$tmp/c.json" "$tmp/p.json" <<'EOF'
import json, sys, glob
n = sum(len(g["tests"]) for p in glob.glob("vectors/*/*.json") if "/pki/" not in p and "/expect/" not in p
        for g in json.load(open(p))["testGroups"])
for p in sys.argv[1:]:
    d = json.load(open(p))
    assert len(d["results"]) == n, (p, len(d["results"]), n)
    assert d["summary"]["failed"] == 0
    assert all(r["verdict"] in ("pass", "fail") for r in d["results"] if r["kind"] not in ("transcript", "scenario")), p
    # scenarios: run by this library's adapter; the Python one has no engine (none)
    assert all(r["verdict"] in (("pass",) if "/c.json" in p else ("none",)) for r in d["results"] if r["kind"] == "scenario"), p
    # transcripts: replayed by this library's adapter (every PDU byte for
    # byte); the Python one has no engine: not applicable, never dropped
    assert all(r["verdict"] in (("pass",) if "/c.json" in p else ("none",)) and (r["verdict"] == "pass" or r["reason"])
               for r in d["results"] if r["kind"] == "transcript"), p
    assert len({r["id"] for r in d["results"]}) == n
EOF

# 5. the runner's own behaviour, with adapters that declare less or misbehave
cat > "$tmp/limited.py" <<'EOF'
# The Python adapter with a reduced declaration: argv[1] = "encoding-only"
# (no key schedule), or "no-error-names".
import json, sys, os
sys.path.insert(0, "scripts/xcheck")
import adapter
h = adapter.hello()
if sys.argv[1] == "encoding-only":
    h["capabilities"]["kinds"] = ["encoding"]
    h["capabilities"]["decode"] = ["MsaPdu"]
else:
    h["capabilities"]["features"] = []
print(json.dumps(h), flush=True)
for line in sys.stdin:
    print(json.dumps(adapter.answer(json.loads(line))), flush=True)
EOF
"$MSA" vectors run --quiet --impl "$PY $tmp/limited.py encoding-only" --json "$tmp/l.json" >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 0 ] && $PY - "$tmp/l.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
none = [r for r in d["results"] if r["verdict"] == "none"]
assert none and all(r["reason"].startswith("not applicable") for r in none)
assert all(r["verdict"] == "none" for r in d["results"] if r["kind"] in ("keyschedule", "transcript", "scenario"))
assert all(r["verdict"] == "pass" for r in d["results"] if r["id"].startswith("enc-MsaPdu") or r["id"].startswith("enc-HandshakeInit"))
assert d["summary"]["none"] == len(none) and d["summary"]["failed"] == 0
EOF
then ok; else ko "undeclared capabilities give none (rc $rc)"; tail -n 5 "$tmp/out"; fi
"$MSA" vectors run --quiet --impl "$PY $tmp/limited.py no-error-names" --filter 'enc-KeyUpdate-*' --json "$tmp/i.json" >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 0 ] && $PY -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert {r['verdict'] for r in d['results']} == {'pass','inconc'}, d['summary']
assert all(r['id'].startswith('enc-KeyUpdate-') for r in d['results'])" "$tmp/i.json"; then ok; else ko "no errorNames gives inconc; --filter"; fi
# an adapter that dies after its hello: every vector is a harness error, exit 1
cat > "$tmp/dies.py" <<'EOF'
import json, sys
sys.path.insert(0, "scripts/xcheck")
import adapter
print(json.dumps(adapter.hello()), flush=True)
sys.stdin.readline()
sys.exit(3)
EOF
"$MSA" vectors run --quiet --impl "$PY $tmp/dies.py" --filter 'ks-extract-*' --json "$tmp/d.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 1 ] && grep -q '^error: VECTORS_FAILED' "$tmp/err" && $PY -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert d['results'] and all(r['verdict']=='error' for r in d['results']), d['summary']" "$tmp/d.json"; then ok; else ko "a dying adapter gives error verdicts and exit 1 (rc $rc)"; fi
# an adapter that never says hello
"$MSA" vectors run --quiet --impl "true" --filter 'ks-extract-c2' >"$tmp/out" 2>&1
if [ $? -eq 1 ]; then ok; else ko "no hello: exit 1"; fi
# an unexpected pass of a listed deviation fails the run
printf '{"deviations": [{"id": "ks-extract-c2", "reason": "test"}]}\n' > "$tmp/exp.json"
"$MSA" vectors run --quiet --filter 'ks-extract-c2' --expect "$tmp/exp.json" >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q 'unexpected pass' "$tmp/out"; then ok; else ko "unexpected pass fails (rc $rc)"; fi
# a transcript whose recorded PDU differs from what the implementation sends fails
mkdir -p "$tmp/trx/transcript"
$PY - "$tmp/trx/transcript/transcripts.json" <<'EOF'
import json, sys
d = json.load(open("vectors/transcript/transcripts.json"))
st = d["testGroups"][0]["tests"][0]["steps"]
s = next(x for x in st if x["call"] == "send")
h = s["sent"][0]
s["sent"][0] = h[:-2] + ("%02x" % (int(h[-2:], 16) ^ 1))
json.dump(d, open(sys.argv[1], "w"))
EOF
"$MSA" vectors run --quiet --json "$tmp/t.json" "$tmp/trx" >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 1 ] && $PY -c "
import json,sys; v={r['id']:r for r in json.load(open(sys.argv[1]))['results']}
first=json.load(open('vectors/transcript/transcripts.json'))['testGroups'][0]['tests'][0]['id']
assert v[first]['verdict']=='fail' and 'sent differs' in v[first]['reason'], v[first]
assert all(r['verdict']=='pass' for i,r in v.items() if i!=first)" "$tmp/t.json"; then ok; else ko "an altered transcript PDU fails (rc $rc)"; fi
# the summary line ends with "N passed, N failed"
"$MSA" vectors run --quiet --filter 'kex-*' >"$tmp/out" 2>&1
if tail -n 1 "$tmp/out" | grep -qE '[0-9]+ passed, 0 failed$'; then ok; else ko "summary line"; fi
# usage errors
"$MSA" vectors run --bogus >"$tmp/out" 2>&1
if [ $? -eq 2 ] && grep -q '^error: USAGE' "$tmp/out"; then ok; else ko "unknown option: exit 2, error: USAGE"; fi
"$MSA" vectors frobnicate >/dev/null 2>&1
if [ $? -eq 2 ]; then ok; else ko "unknown vectors command: exit 2"; fi
"$MSA" vectors run --quiet "$tmp/nothing-here" >/dev/null 2>"$tmp/err"
if [ $? -eq 1 ] && grep -q '^error: IO' "$tmp/err"; then ok; else ko "empty DIR: exit 1, error: IO"; fi

# the library adapter answers malformed requests (one answer per line,
# badRequest or unsupported, never a crash), including deep nesting
{
	echo 'not json'
	echo '{"id": "x", "kind": "encoding", "op": "decode", "type": "MsaPdu", "hex": "zz"}'
	echo '{"id": "y", "kind": "keyschedule", "op": "handshake", "hash": "SHA-256", "inputs": {"suite": 1}}'
	echo '{"id": "z", "kind": "nope"}'
	$PY -c 'print("[" * 100 + "]" * 100)'
	echo '{"id": "s", "kind": "scenario", "op": "run", "inputs": {}, "script": []}'
} | "$MSA" vectors adapter >"$tmp/adapter.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && [ "$(wc -l < "$tmp/adapter.out")" -eq 7 ] && $PY - "$tmp/adapter.out" <<'EOF2'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines[0]["msaAdapter"] == 1
assert [l["status"] for l in lines[1:]] == ["badRequest", "badRequest", "badRequest", "unsupported", "badRequest", "badRequest"], lines
EOF2
then ok; else ko "the adapter's answers to malformed requests (rc $rc)"; cat "$tmp/adapter.out" | head -8; fi
# the adapter's lines are bounded (VECTORS_LINE_MAX, 2 MiB with the newline):
# a longer request is answered badRequest and skipped to its newline, the
# next one is served; a 0 octet inside a line is the JSON's error, not an end
# of string; a last line without its newline is served
$PY - "$tmp/long.in" <<'EOF2'
import sys
ok = '{"id": "k", "kind": "keyschedule", "op": "extract", "hash": "SHA-256", "inputs": {"salt": "", "ikm": "00"}}'
with open(sys.argv[1], "wb") as f:
    f.write(b'{"id": "big", "pad": "' + b"a" * (3 << 20) + b'"}\n')
    f.write(ok.encode() + b"\n")
    f.write(b'{"id": "n\x00ul"}\n')
    for i, extra in ((1, 0), (2, 1)):   # 2 MiB with the newline: served; one more: not
        f.write(b'{"id": "edge%d", "pad": "' % i + b"b" * ((2 << 20) - 27 + extra) + b'"}\n')
    f.write(ok.encode())
EOF2
"$MSA" vectors adapter <"$tmp/long.in" >"$tmp/long.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && $PY - "$tmp/long.out" <<'EOF2'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines[0]["msaAdapter"] == 1
st = [(l.get("id"), l["status"]) for l in lines[1:]]
assert st[0] == (None, "badRequest") and "longer than 2097152" in lines[1]["reason"], lines[1]
assert st[1] == ("k", "ok"), st
assert st[2] == (None, "badRequest") and "bad JSON" in lines[3]["reason"], lines[3]
assert st[3][0] == "edge1", st
assert st[4] == (None, "badRequest") and "longer than" in lines[5]["reason"], lines[5]
assert st[5] == ("k", "ok") and len(st) == 6, st
EOF2
then ok; else ko "the adapter's bounded lines (rc $rc)"; head -c 600 "$tmp/long.out"; fi
# the runner: an adapter answering with a line over the bound is a harness error
cat > "$tmp/longans.py" <<'EOF2'
import json, sys
sys.path.insert(0, "scripts/xcheck")
import adapter
print(json.dumps(adapter.hello()), flush=True)
for line in sys.stdin:
    sys.stdout.write("x" * (3 << 20) + "\n"); sys.stdout.flush()
EOF2
"$MSA" vectors run --quiet --impl "$PY $tmp/longans.py" --filter 'ks-extract-c2' --json "$tmp/la.json" >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 1 ] && $PY -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert d['results'] and all(r['verdict']=='error' and 'longer than 2097152' in r['reason'] for r in d['results']), d['results']" "$tmp/la.json"
then ok; else ko "an adapter's over-long line is a harness error (rc $rc)"; tail -n 5 "$tmp/out"; fi
# a vector file that is not JSON: error IO, exit 1
mkdir -p "$tmp/badjson/encoding" && printf '{"schema": ' > "$tmp/badjson/encoding/x.json"
"$MSA" vectors run --quiet "$tmp/badjson" >/dev/null 2>"$tmp/err"
if [ $? -eq 1 ] && grep -q '^error: IO' "$tmp/err"; then ok; else ko "a broken vector file: exit 1, error: IO"; fi

echo "t_vectors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
