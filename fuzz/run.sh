#!/bin/bash
# fuzz/run.sh -- runs the harnesses that mk/fuzz.mk built (make calls it;
# see fuzz/README.md). Subcommands:
#   smoke    libFuzzer + ASan + UBSan, FUZZ_SMOKE_SECONDS per harness
#   afl      AFL++, main (plain) + secondary (ASan+UBSan) instance, FUZZ_SECONDS
#            per harness; findings minimised into fuzz/regressions/<harness>/
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
smoke_one() {
	local h=$1 bin=$FUZZ_DIR/lf/bin/$1 dir=$FUZZ_DIR/smoke/$1 work=$FUZZ_DIR/work/$1 rc res
	rm -rf "$dir"
	mkdir -p "$dir" "$work"
	# shellcheck disable=SC2046
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	nice -n "$FUZZ_NICE" "$bin" -max_total_time="$FUZZ_SMOKE_SECONDS" -timeout=2 -detect_leaks=1 \
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
	local h pass=0 fail=0
	mkdir -p "$FUZZ_DIR/smoke"
	echo "fuzz-smoke: ${#H[@]} harnesses, ${FUZZ_SMOKE_SECONDS}s each, $FUZZ_JOBS at a time (libFuzzer + ASan + UBSan)"
	for h in "${H[@]}"; do
		while [ "$(jobs -rp | wc -l)" -ge "$FUZZ_JOBS" ]; do wait -n; done
		smoke_one "$h" &
	done
	wait
	for h in "${H[@]}"; do
		cat "$FUZZ_DIR/smoke/$h/summary"
		if grep -q "^fuzz-smoke: $h  *OK " "$FUZZ_DIR/smoke/$h/summary"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	done
	echo "fuzz-smoke: $pass passed, $fail failed"
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
stat_of() { sed -n "s/^$2 *: *//p" "$1/fuzzer_stats" 2>/dev/null | head -n 1; }

afl_progress() {
	local h=$1 out=$2 t=$3 i e=0 eps="" c=0 cr=0 hg=0 cvg=""
	for i in main asan; do
		[ -f "$out/$i/fuzzer_stats" ] || continue
		e=$((e + $(stat_of "$out/$i" execs_done)))
		eps="$eps $i $(stat_of "$out/$i" execs_per_sec)/s"
		c=$(stat_of "$out/$i" corpus_count)
		cr=$((cr + $(stat_of "$out/$i" saved_crashes)))
		hg=$((hg + $(stat_of "$out/$i" saved_hangs)))
		[ "$i" = main ] && cvg=$(stat_of "$out/$i" bitmap_cvg)
	done
	printf 'fuzz: %-28s %5ss/%ss  execs %-10s%s  corpus %s  crashes %s  hangs %s  map %s\n' \
		"$h" "$t" "$FUZZ_SECONDS" "$e" "$eps" "$c" "$cr" "$hg" "$cvg"
}

# afl-tmin each crash and hang into fuzz/regressions/<harness>/, by content hash.
afl_collect() {
	local h=$1 out=$2 inst bin kind f tmp sha dest new=0 mode
	mkdir -p "fuzz/regressions/$h"
	for inst in main asan; do
		if [ $inst = main ]; then bin=$FUZZ_DIR/afl/bin/$h; else bin=$FUZZ_DIR/aflasan/bin/$h; fi
		for kind in crashes hangs; do
			for f in "$out/$inst/$kind"/id:*; do
				[ -f "$f" ] || continue
				tmp=$(mktemp)
				mode=""; [ $kind = hangs ] && mode="-H"
				AFL_QUIET=1 nice -n "$FUZZ_NICE" afl-tmin $mode -m none -t 2000 -i "$f" -o "$tmp" -- "$bin" >/dev/null 2>&1 \
					|| cp "$f" "$tmp"
				sha=$(sha1sum "$tmp" | cut -c1-12)
				dest=fuzz/regressions/$h/${kind%es}-$sha
				[ $kind = hangs ] && dest=fuzz/regressions/$h/hang-$sha
				if [ -e "$dest" ]; then rm -f "$tmp"; else mv "$tmp" "$dest"; new=$((new + 1)); echo "fuzz: $h: new finding $dest (from $f)"; fi
			done
		done
	done
	echo "$new"  >"$out/new_findings"
}

do_afl() {
	local h in out t pids total_new=0 s
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
		echo "fuzz: $h: AFL++ for ${FUZZ_SECONDS}s, main + asan instances, $(nfiles "$in") inputs"
		/usr/bin/time -f '%e %U %S' -o "$out/time.main" nice -n "$FUZZ_NICE" \
			afl-fuzz -M main -i "$in" -o "$out" -t 2000 -m none -x "$DICT" -V "$FUZZ_SECONDS" \
			-- "$FUZZ_DIR/afl/bin/$h" >"$out/log.main" 2>&1 &
		pids=$!
		sleep 3
		/usr/bin/time -f '%e %U %S' -o "$out/time.asan" nice -n "$FUZZ_NICE" \
			afl-fuzz -S asan -i "$in" -o "$out" -t 2000 -m none -x "$DICT" -V "$FUZZ_SECONDS" \
			-- "$FUZZ_DIR/aflasan/bin/$h" >"$out/log.asan" 2>&1 &
		pids="$pids $!"
		t=0
		while [ -n "$(jobs -rp)" ]; do
			sleep 30
			t=$((t + 30))
			afl_progress "$h" "$out" "$t"
		done
		wait
		afl_progress "$h" "$out" "end"
		afl_collect "$h" "$out"
		total_new=$((total_new + $(cat "$out/new_findings")))
		# Keep what AFL learnt: its queues merged (minimal) into the work corpus.
		mkdir -p "$FUZZ_DIR/work/$h"
		"$FUZZ_DIR/lf/bin/$h" -merge=1 -max_len="$FUZZ_MAX_LEN" "$FUZZ_DIR/work/$h" \
			"$out/main/queue" "$out/asan/queue" >"$out/merge.log" 2>&1 || echo "fuzz: $h: merge into the work corpus failed ($out/merge.log)"
		# Summary: wall, CPU (user+sys, both instances), execs, exec/s, corpus, findings, map.
		local cm ca em ea
		cm=$(awk '{ printf "%.0f", $2 + $3 }' "$out/time.main" 2>/dev/null)
		ca=$(awk '{ printf "%.0f", $2 + $3 }' "$out/time.asan" 2>/dev/null)
		em=$(stat_of "$out/main" execs_done); ea=$(stat_of "$out/asan" execs_done)
		printf '%s cpu_main=%ss cpu_asan=%ss execs_main=%s execs_asan=%s eps_main=%s eps_asan=%s corpus=%s crashes=%s hangs=%s map=%s new_findings=%s\n' \
			"$h" "${cm:-?}" "${ca:-?}" "${em:-?}" "${ea:-?}" \
			"$(stat_of "$out/main" execs_per_sec)" "$(stat_of "$out/asan" execs_per_sec)" \
			"$(stat_of "$out/main" corpus_count)" \
			"$(( $(stat_of "$out/main" saved_crashes) + $(stat_of "$out/asan" saved_crashes) ))" \
			"$(( $(stat_of "$out/main" saved_hangs) + $(stat_of "$out/asan" saved_hangs) ))" \
			"$(stat_of "$out/main" bitmap_cvg)" "$(cat "$out/new_findings")" | tee -a "$FUZZ_DIR/afl/summary.txt"
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
