#!/bin/sh
# tests/t_cert_cli.sh -- `msa cert verify` and `msa cert ref` on the test PKI.
# Runs every row of the verdict table in vectors/pki/README.md (the single
# source of the expected verdicts), checks that every certificate file of
# vectors/pki appears in it, then usage errors, --help, unreadable files and
# references. Fixed time only (--time/--floor), never the clock.
# REQ-LIM-004, REQ-LIM-005 and the REQ-CRT ids of vectors/pki/README.md.
MSA=${BUILD:-build}/msa
case $MSA in /*) ;; *) MSA=$(pwd)/$MSA ;; esac
T=1893456000
pass=0; fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

if [ ! -x "$MSA" ]; then
	echo "t_cert_cli: $MSA not built" >&2
	echo "t_cert_cli: 0 passed, 1 failed"
	exit 1
fi
cd vectors/pki || exit 1
out=$(mktemp); err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# run ARGS...: runs msa, sets rc; stdout in $out, stderr in $err.
run() { "$MSA" "$@" >"$out" 2>"$err"; rc=$?; }

# expect_err WHAT RC NAME ARGS...: exit RC and first stderr line "error: NAME[ ...]".
expect_err() {
	what=$1 want_rc=$2 name=$3; shift 3
	run "$@"
	first=$(head -n 1 "$err")
	case $first in
	"error: $name"|"error: $name "*) name_ok=1 ;;
	*) name_ok=0 ;;
	esac
	if [ "$rc" -eq "$want_rc" ] && [ $name_ok -eq 1 ]; then ok; else
		ko "$what: msa $*: exit $rc, '$first'; want exit $want_rc, error: $name"; fi
}

# ---------------------------------------------------------------- the table
# check_row N EXTRA ARGS VERDICT: one row of the verdict table.
check_row() {
	n=$1 extra=$2 args=$3 verdict=$4
	# shellcheck disable=SC2086 # word splitting of the arguments is meant
	run cert verify $extra $args
	case $verdict in
	"OK "*)
		id=${verdict#OK }
		if [ "$rc" -eq 0 ] && [ "$(cat "$out")" = "$id" ] && [ ! -s "$err" ]; then ok; else
			ko "row $n: msa cert verify $extra $args: exit $rc, out '$(cat "$out")', err '$(head -n 1 "$err")'; want OK $id"; fi
		;;
	*)
		first=$(head -n 1 "$err")
		case $first in "error: $verdict"|"error: $verdict "*) name_ok=1 ;; *) name_ok=0 ;; esac
		if [ "$rc" -eq 1 ] && [ $name_ok -eq 1 ] && [ ! -s "$out" ]; then ok; else
			ko "row $n: msa cert verify $extra $args: exit $rc, '$first'; want exit 1, error: $verdict"; fi
		;;
	esac
}

table=$(sed -n '/^<!-- verdicts/,/^<!-- \/verdicts/p' README.md | grep -E '^\| [0-9]+ \|')
rows=0
while IFS='|' read -r _ n args verdict _; do
	rows=$((rows + 1))
	n=$(echo "$n" | tr -d ' ')
	args=$(echo "$args" | tr -d '`' | sed 's/^ *//; s/ *$//')
	verdict=$(echo "$verdict" | tr -d '`' | sed 's/^ *//; s/ *$//')
	case " $args " in
	*" --time "*|*" --floor "*) extra= ;;
	*) extra="--time $T" ;;
	esac
	check_row "$n" "$extra" "$args" "$verdict"
	# The same row in DER, when every file of it exists in both encodings.
	case $args in
	*-chain.pem*|*.der*) ;;
	*) check_row "$n (DER)" "$extra" "$(echo "$args" | sed 's/\.pem/.der/g')" "$verdict" ;;
	esac
done <<EOF
$table
EOF
if [ "$rows" -ge 50 ]; then ok; else ko "verdict table has $rows rows (README.md parse?)"; fi

# Every certificate of the set has a verdict, in PEM and in DER (a row in
# PEM is also run in DER above), keys and refs.txt aside.
for f in *.pem *.der; do
	case $f in *.key.pem|*.key.der|*.sec1.pem|*.sec1.der) continue ;; esac
	b=${f%.*}
	if echo "$table" | grep -q -E "[ \`]($b\.pem|$b\.der)[ \`]"; then ok; else
		ko "$f has no row in README.md's verdicts"; fi
done

# ---------------------------------------------------------------- usage (exit 2)
expect_err "no subcommand" 2 USAGE cert
expect_err "unknown subcommand" 2 USAGE cert bogus
expect_err "no CERT" 2 USAGE cert verify --ca root-ca.pem --time $T
expect_err "no --ca" 2 USAGE cert verify --time $T initiator-1.pem
expect_err "missing argument" 2 USAGE cert verify initiator-1.pem --ca
expect_err "missing --id argument" 2 USAGE cert verify --ca root-ca.pem initiator-1.pem --id
expect_err "unknown option" 2 USAGE cert verify --bogus --ca root-ca.pem initiator-1.pem
expect_err "two CERTs" 2 USAGE cert verify --ca root-ca.pem initiator-1.pem responder-1.pem
expect_err "bad --time" 2 USAGE cert verify --ca root-ca.pem --time 12x initiator-1.pem
expect_err "negative --time" 2 USAGE cert verify --ca root-ca.pem --time -5 initiator-1.pem
expect_err "huge --time" 2 USAGE cert verify --ca root-ca.pem --time 99999999999999999999 initiator-1.pem
expect_err "--time and --floor" 2 USAGE cert verify --ca root-ca.pem --time $T --floor $T initiator-1.pem
expect_err "empty --id" 2 USAGE cert verify --ca root-ca.pem --time $T --id "" initiator-1.pem
expect_err "ref without CERT" 2 USAGE cert ref
expect_err "ref with an option" 2 USAGE cert ref --bogus

# ---------------------------------------------------------------- --help (exit 0)
for h in "cert --help" "cert verify --help" "cert ref --help"; do
	# shellcheck disable=SC2086
	run $h
	if [ "$rc" -eq 0 ] && grep -q "usage: msa cert verify" "$out"; then ok; else ko "msa $h: exit $rc"; fi
done
run --help
if [ "$rc" -eq 0 ] && grep -q "^  cert " "$out"; then ok; else ko "msa --help does not list cert"; fi

# ---------------------------------------------------------------- files (exit 1)
expect_err "missing CERT file" 1 CERT_DECODE cert verify --ca root-ca.pem --time $T no-such-file.pem
expect_err "missing --ca file" 1 CERT_DECODE cert verify --ca no-such-file.pem --time $T initiator-1.pem
expect_err "missing --chain file" 1 CERT_DECODE cert verify --ca root-ca.pem --chain no-such-file.pem --time $T initiator-1.pem
expect_err "a key as CERT" 1 CERT_DECODE cert verify --ca root-ca.pem --time $T initiator-1.key.pem
expect_err "a directory as CERT" 1 CERT_DECODE cert verify --ca root-ca.pem --time $T .
expect_err "garbage as --ca" 1 CERT_DECODE cert verify --ca bad-garbage.der --time $T initiator-1.pem
# the certificate on standard input
"$MSA" cert verify --ca root-ca.pem --chain int-ca.pem --time $T - <initiator-1.pem >"$out" 2>"$err"; rc=$?
if [ "$rc" -eq 0 ] && [ "$(cat "$out")" = urn:msa:ae:initiator-1 ]; then ok; else ko "CERT from stdin: exit $rc"; fi
# a bundle of more than 16 certificates
cat bad-chain5-chain.pem bad-chain5-chain.pem bad-chain5-chain.pem bad-chain5-chain.pem > "$out.big"
expect_err "17+ certificates" 1 CERT_CHAIN_TOO_LONG cert verify --ca root-ca.pem --time $T "$out.big"
rm -f "$out.big"

# ---------------------------------------------------------------- references
for f in initiator-1.pem responder-384.der bad-oversize.pem initiator-1-chain.pem; do
	base=${f%.*}; base=${base%-chain}
	want=$(grep " $base.der\$" refs.txt | cut -d' ' -f1)
	run cert ref "$f"
	if [ "$rc" -eq 0 ] && [ -n "$want" ] && [ "$(cat "$out")" = "$want" ]; then ok; else
		ko "msa cert ref $f: exit $rc, '$(cat "$out")', want '$want' (refs.txt)"; fi
done
expect_err "ref of garbage" 1 CERT_DECODE cert ref bad-garbage.der

echo "t_cert_cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
