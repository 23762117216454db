#!/bin/bash
# fuzz/run.sh -- runs the harnesses that mk/fuzz.mk built (make calls it;
# see fuzz/README.md). Subcommands:
#   smoke    libFuzzer + ASan + UBSan, FUZZ_SMOKE_SECONDS per harness
#   afl      AFL++, FUZZ_SECONDS per harness: a main (plain) and a secondary
#            (ASan+UBSan) instance, or with FUZZ_JOBS=1 the ASan+UBSan one
#            alone; findings minimised into fuzz/regressions/<harness>/
#   regress  replays the committed inputs, gcc and ASan+UBSan builds
#   cov      llvm-cov line/branch coverage of src/ from the committed inputs
#   corpus   merges the work corpora into fuzz/corpus/<harness>/ (minimal set)
# Environment (set by make): FUZZ_DIR, FUZZ_HARNESSES, FUZZ_SMOKE_SECONDS,
# FUZZ_SECONDS, FUZZ_JOBS, FUZZ_MAX_LEN, FUZZ_NICE.
set -u
cmd=${1:-}
FUZZ_DIR=${FUZZ_DIR:-build/fuzz}
FUZZ_JOBS=${FUZZ_JOBS:-2}
FUZZ_MAX_LEN=${FUZZ_MAX_LEN:-20000}
FUZZ_NICE=${FUZZ_NICE:-10}
read -r -a H <<< "${FUZZ_HARNESSES:-}"
DICT=fuzz/dict/msa.dict
[ "${#H[@]}" -gt 0 ] || { echo "fuzz: no harness selected" >&2; exit 2; }

# The committed and generated inputs of a harness (existing directories).
inputs() {
	local d
	for d in "$FUZZ_DIR/seeds/$1" "fuzz/corpus/$1" "fuzz/regressions/$1"; do
		[ -d "$d" ] && echo "$d"
	done
}
nfiles() { if [ -d "$1" ]; then find "$1" -maxdepth 1 -type f ! -name '.*' | wc -l; else echo 0; fi; }

# ------------------------------------------------------------------ smoke
# A failure: non-zero exit (crash, timeout, leak, OOM, sanitizer: libFuzzer
# exits non-zero on each) or a report in the log.
BAD_RE='ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)|runtime error:|ALARM: working on the last Unit|SUMMARY: libFuzzer|fuzz oracle:|deadly signal'
# The per-type harnesses are small and fast (100k-300k exec/s): they get
# FUZZ_SMOKE_TYPE_SECONDS each, the others FUZZ_SMOKE_SECONDS.
smoke_secs() {
	case $1 in
	fuzz_type_*)
		local t=${FUZZ_SMOKE_TYPE_SECONDS:-$FUZZ_SMOKE_SECONDS}
		[ "$t" -le "$FUZZ_SMOKE_SECONDS" ] || t=$FUZZ_SMOKE_SECONDS
		echo "$t" ;;
	*) echo "$FUZZ_SMOKE_SECONDS" ;;
	esac
}
smoke_one() {
	local h=$1 bin=$FUZZ_DIR/lf/bin/$1 dir=$FUZZ_DIR/smoke/$1 work=$FUZZ_DIR/work/$1 rc res
	rm -rf "$dir"
	mkdir -p "$dir" "$work"
	# shellcheck disable=SC2046
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	nice -n "$FUZZ_NICE" "$bin" -max_total_time="$(smoke_secs "$h")" -timeout=2 -detect_leaks=1 \
		-max_len="$FUZZ_MAX_LEN" -dict="$DICT" -print_final_stats=1 -rss_limit_mb=2048 \
		-artifact_prefix="$dir/" "$work" $(inputs "$h") >"$dir/log" 2>&1
	rc=$?
	res=OK
	if [ $rc -ne 0 ] || grep -Eq "$BAD_RE" "$dir/log"; then res=FAILED; fi
	local execs eps cov
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -n 1)
	cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$dir/log" | tail -n 1)
	printf 'fuzz-smoke: %-30s %-6s %10s execs %7s exec/s  corpus %5s  %s\n' "$h" "$res" \
		"${execs:-?}" "${eps:-?}" "$(nfiles "$work")" "${cov:-}" >"$dir/summary"
	if [ "$res" != OK ]; then
		{
			echo "---- $h: exit $rc; log $dir/log; artifacts:"
			ls "$dir" | grep -E '^(crash|timeout|leak|oom|slow-unit)-' | sed "s|^|  $dir/|"
			grep -E -A 30 "$BAD_RE" "$dir/log" | head -n 60
			echo "---- reproduce: $bin <artifact>; minimise: $bin -minimize_crash=1 -runs=20000 <artifact>,"
			echo "     then commit it as fuzz/regressions/$h/<name> with the fix"
		} >>"$dir/summary"
	fi
}

do_smoke() {
	local h pass=0 fail=0 t0=$SECONDS
	mkdir -p "$FUZZ_DIR/smoke"
	echo "fuzz-smoke: ${#H[@]} harnesses, ${FUZZ_SMOKE_SECONDS}s each (per-type $(smoke_secs fuzz_type_)s), $FUZZ_JOBS at a time (libFuzzer + ASan + UBSan)"
	for h in "${H[@]}"; do
		while [ "$(jobs -rp | wc -l)" -ge "$FUZZ_JOBS" ]; do wait -n; done
		smoke_one "$h" &
	done
	wait
	for h in "${H[@]}"; do
		cat "$FUZZ_DIR/smoke/$h/summary"
		if grep -q "^fuzz-smoke: $h  *OK " "$FUZZ_DIR/smoke/$h/summary"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	done
	echo "fuzz-smoke: $pass passed, $fail failed ($((SECONDS - t0)) s)"
	[ $fail -eq 0 ]
}

# ------------------------------------------------------------------ regress
do_regress() {
	local fl h bin out rc pass=0 fail=0 n
	for fl in gcc san; do
		for h in "${H[@]}"; do
			bin=$FUZZ_DIR/$fl/bin/$h
			# shellcheck disable=SC2046
			out=$("$bin" $(inputs "$h") 2>&1)
			rc=$?
			n=$(echo "$out" | sed -n 's/^replay .*: \([0-9]*\) inputs$/\1/p')
			if [ $rc -eq 0 ] && ! echo "$out" | grep -Eq "$BAD_RE"; then
				pass=$((pass + 1))
				printf 'fuzz-regress: %-4s %-30s ok (%s inputs)\n' "$fl" "$h" "${n:-0}"
			else
				fail=$((fail + 1))
				printf 'fuzz-regress: %-4s %-30s FAILED (exit %d)\n' "$fl" "$h" "$rc"
				echo "$out" | tail -n 40
			fi
		done
	done
	echo "fuzz-regress: $pass passed, $fail failed"
	[ $fail -eq 0 ]
}

# ------------------------------------------------------------------ cov
do_cov() {
	local h d=$FUZZ_DIR/cov objs=() first=""
	rm -rf "$d/prof" && mkdir -p "$d/prof"
	for h in "${H[@]}"; do
		# shellcheck disable=SC2046
		LLVM_PROFILE_FILE="$d/prof/$h.profraw" "$d/bin/$h" $(inputs "$h") >/dev/null 2>&1 \
			|| { echo "fuzz-cov: $h failed on its inputs (run make fuzz-regress)"; return 1; }
		if [ -z "$first" ]; then first=$d/bin/$h; else objs+=(-object "$d/bin/$h"); fi
	done
	llvm-profdata-14 merge -sparse "$d"/prof/*.profraw -o "$d/all.profdata" || return 1
	echo "fuzz-cov: coverage of src/ by the committed inputs (seeds, fuzz/corpus, fuzz/regressions) of ${#H[@]} harnesses"
	llvm-cov-14 report "$first" "${objs[@]}" -instr-profile="$d/all.profdata" \
		-ignore-filename-regex='(^|/)(build[^/]*|fuzz)/|^/usr/' | tee "$d/report-src.txt"
	llvm-cov-14 report "$first" "${objs[@]}" -instr-profile="$d/all.profdata" \
		-ignore-filename-regex='(^|/)(src|fuzz)/|^/usr/' >"$d/report-gen.txt"
	llvm-cov-14 show "$first" "${objs[@]}" -instr-profile="$d/all.profdata" -format=html \
		-show-branches=count -output-dir="$d/html" -ignore-filename-regex='^/usr/' >/dev/null 2>&1
	# TOTAL: regions, missed, %, functions, missed, %, lines, missed, %, branches, missed, %
	awk '/^TOTAL/ { printf "fuzz-cov: src/ lines %s, branches %s, functions %s, regions %s\n", $10, $13, $7, $4 }' "$d/report-src.txt"
	# The library alone (src/*.c; src/cli/ is the tool, of which only decode is fuzzed).
	awk '$1 ~ /^src\/[^\/]*\.c$/ { l += $8; lm += $9; b += $11; bm += $12 }
		END { if (l && b) printf "fuzz-cov: library src/*.c lines %.1f%%, branches %.1f%%\n", 100 * (l - lm) / l, 100 * (b - bm) / b }' "$d/report-src.txt"
	awk '/^TOTAL/ { printf "fuzz-cov: generated codec lines %s, branches %s (report: %s)\n", $10, $13, FILENAME }' "$d/report-gen.txt"
	echo "fuzz-cov: line-by-line: $d/html/index.html"
}

# ------------------------------------------------------------------ corpus
# The minimal set of inputs (libFuzzer -merge) that the seeds lack, from
# the work corpora, the committed corpus and the regressions.
do_corpus() {
	local h bin tmp s
	for h in "${H[@]}"; do
		bin=$FUZZ_DIR/lf/bin/$h
		tmp=$(mktemp -d)
		mkdir -p "$tmp/base" "$tmp/new" "fuzz/corpus/$h"
		[ -d "$FUZZ_DIR/seeds/$h" ] && cp "$FUZZ_DIR/seeds/$h"/* "$tmp/base/" 2>/dev/null
		# shellcheck disable=SC2046
		"$bin" -merge=1 -max_len="$FUZZ_MAX_LEN" "$tmp/base" $(for s in fuzz/corpus/$h fuzz/regressions/$h $FUZZ_DIR/work/$h; do [ -d "$s" ] && echo "$s"; done) \
			>"$tmp/log" 2>&1 || { echo "fuzz-corpus: $h: merge failed"; tail "$tmp/log"; rm -rf "$tmp"; return 1; }
		for s in "$tmp/base"/*; do
			[ -e "$FUZZ_DIR/seeds/$h/$(basename "$s")" ] || mv "$s" "$tmp/new/"
		done
		rm -f "fuzz/corpus/$h"/*
		cp "$tmp/new"/* "fuzz/corpus/$h/" 2>/dev/null
		echo "fuzz-corpus: $h: $(nfiles "fuzz/corpus/$h") inputs beyond the seeds ($(du -sk "fuzz/corpus/$h" | cut -f1) KiB)"
		rm -rf "$tmp"
	done
}

# ------------------------------------------------------------------ afl
# Instances: "main" runs the plain AFL++ build (fast), "asan" the ASan+UBSan
# build (sees overreads inside buffers). FUZZ_JOBS >= 2: both at once (main
# -M, asan -S); FUZZ_JOBS=1: the asan instance alone (-M), one core.
stat_of() { sed -n "s/^$2 *: *//p" "$1/fuzzer_stats" 2>/dev/null | head -n 1; }
stat_num() { local v; v=$(stat_of "$1" "$2"); echo "${v:-0}"; }
afl_insts() { if [ "$FUZZ_JOBS" -ge 2 ]; then echo "main asan"; else echo "asan"; fi; }
afl_bin() { if [ "$1" = main ]; then echo "$FUZZ_DIR/afl/bin/$2"; else echo "$FUZZ_DIR/aflasan/bin/$2"; fi; }

afl_progress() {
	local h=$1 out=$2 t=$3 i e=0 eps="" c=0 cr=0 hg=0 cvg=""
	for i in $(afl_insts); do
		[ -f "$out/$i/fuzzer_stats" ] || continue
		e=$((e + $(stat_num "$out/$i" execs_done)))
		eps="$eps $i $(stat_of "$out/$i" execs_per_sec)/s"
		c=$(stat_of "$out/$i" corpus_count)
		cr=$((cr + $(stat_num "$out/$i" saved_crashes)))
		hg=$((hg + $(stat_num "$out/$i" saved_hangs)))
		[ -n "$cvg" ] || cvg=$(stat_of "$out/$i" bitmap_cvg)
	done
	printf 'fuzz: %-28s %5ss/%ss  execs %-10s%s  corpus %s  crashes %s  hangs %s  map %s\n' \
		"$h" "$t" "$FUZZ_SECONDS" "$e" "$eps" "$c" "$cr" "$hg" "$cvg"
}

# afl-tmin each crash and hang into fuzz/regressions/<harness>/, by content hash.
afl_collect() {
	local h=$1 out=$2 inst bin kind f tmp sha dest new=0 mode
	for inst in $(afl_insts); do
		bin=$(afl_bin "$inst" "$h")
		for kind in crashes hangs; do
			for f in "$out/$inst/$kind"/id:*; do
				[ -f "$f" ] || continue
				mkdir -p "fuzz/regressions/$h"
				tmp=$(mktemp)
				mode=""; [ $kind = hangs ] && mode="-H"
				AFL_QUIET=1 nice -n "$FUZZ_NICE" afl-tmin $mode -m none -t 2000 -i "$f" -o "$tmp" -- "$bin" >/dev/null 2>&1 \
					|| cp "$f" "$tmp"
				sha=$(sha1sum "$tmp" | cut -c1-12)
				dest=fuzz/regressions/$h/crash-$sha
				[ $kind = hangs ] && dest=fuzz/regressions/$h/hang-$sha
				if [ -e "$dest" ]; then rm -f "$tmp"; else mv "$tmp" "$dest"; new=$((new + 1)); echo "fuzz: $h: new finding $dest (from $f)"; fi
			done
		done
	done
	echo "$new"  >"$out/new_findings"
}

# CPU time of an instance: afl-fuzz, its fork server and the persistent
# target all have the binary's path on their command line; their user+sys
# ticks are sampled from /proc every 10 s (getrusage would miss the target,
# which afl-fuzz kills without reaping), the last sample of each pid kept.
declare -A CPU_T
cpu_sample() {
	local p t
	for p in $(pgrep -f -- "$2"); do
		t=$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null) || continue
		[ -n "$t" ] && CPU_T["$1:$p"]=$t
	done
}
cpu_of() {
	local k sum=0
	for k in "${!CPU_T[@]}"; do
		[ "${k%%:*}" = "$1" ] && sum=$((sum + CPU_T[$k]))
	done
	echo $((sum / $(getconf CLK_TCK)))
}

do_afl() {
	local h in out t total_new=0 s i role queues cpu execs eps cr hg
	export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
	mkdir -p "$FUZZ_DIR/afl"
	: >"$FUZZ_DIR/afl/summary.txt"
	for h in "${H[@]}"; do
		in=$FUZZ_DIR/afl/in/$h
		out=$FUZZ_DIR/afl/out/$h
		rm -rf "$in" "$out"
		mkdir -p "$in" "$out"
		# Inputs: seeds, committed corpus, regressions, the work corpus (non-empty files).
		for s in $(inputs "$h") "$FUZZ_DIR/work/$h"; do
			[ -d "$s" ] || continue
			find "$s" -maxdepth 1 -type f ! -name '.*' -size +0 | while read -r f; do
				cp "$f" "$in/$(sha1sum "$f" | cut -c1-16)"
			done
		done
		echo "fuzz: $h: AFL++ for ${FUZZ_SECONDS}s, instances: $(afl_insts), $(nfiles "$in") inputs"
		role=-M
		CPU_T=()
		for i in $(afl_insts); do
			nice -n "$FUZZ_NICE" \
				afl-fuzz $role "$i" -i "$in" -o "$out" -t 2000 -m none -x "$DICT" -V "$FUZZ_SECONDS" \
				-- "$(afl_bin "$i" "$h")" >"$out/log.$i" 2>&1 &
			role=-S
			sleep 3
		done
		t=0
		while [ -n "$(jobs -rp)" ]; do
			sleep 10
			t=$((t + 10))
			for i in $(afl_insts); do cpu_sample "$i" "$(afl_bin "$i" "$h")"; done
			[ $((t % 30)) -eq 0 ] && afl_progress "$h" "$out" "$t"
		done
		wait
		afl_progress "$h" "$out" "end"
		afl_collect "$h" "$out"
		total_new=$((total_new + $(cat "$out/new_findings")))
		# Keep what AFL learnt: its queues merged (minimal) into the work corpus.
		mkdir -p "$FUZZ_DIR/work/$h"
		queues=""
		for i in $(afl_insts); do queues="$queues $out/$i/queue"; done
		# shellcheck disable=SC2086
		"$FUZZ_DIR/lf/bin/$h" -merge=1 -max_len="$FUZZ_MAX_LEN" "$FUZZ_DIR/work/$h" $queues \
			>"$out/merge.log" 2>&1 || echo "fuzz: $h: merge into the work corpus failed ($out/merge.log)"
		# Summary: per instance CPU (user+sys), execs, exec/s; corpus, findings, map.
		s="$h"
		cr=0; hg=0
		for i in $(afl_insts); do
			cpu=$(cpu_of "$i")
			execs=$(stat_of "$out/$i" execs_done)
			eps=$(stat_of "$out/$i" execs_per_sec)
			s="$s cpu_$i=${cpu:-?}s execs_$i=${execs:-?} eps_$i=${eps:-?}"
			cr=$((cr + $(stat_num "$out/$i" saved_crashes)))
			hg=$((hg + $(stat_num "$out/$i" saved_hangs)))
		done
		i=$(afl_insts); i=${i%% *}
		echo "$s corpus=$(stat_of "$out/$i" corpus_count) crashes=$cr hangs=$hg map=$(stat_of "$out/$i" bitmap_cvg) new_findings=$(cat "$out/new_findings")" \
			| tee -a "$FUZZ_DIR/afl/summary.txt"
	done
	echo "fuzz: ${#H[@]} harnesses, $total_new new findings (summary: $FUZZ_DIR/afl/summary.txt)"
	[ "$total_new" -eq 0 ]
}

case "$cmd" in
smoke) do_smoke ;;
regress) do_regress ;;
cov) do_cov ;;
corpus) do_corpus ;;
afl) do_afl ;;
*) echo "usage: fuzz/run.sh smoke|afl|regress|cov|corpus" >&2; exit 2 ;;
esac
