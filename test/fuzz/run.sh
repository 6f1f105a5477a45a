#!/usr/bin/env bash
# test/fuzz/run.sh [SECONDS]
#
# Fuzzes the PostgreSQL-free parsers in src/core/*.c:
#   1. builds and runs test/fuzz/parse_unit.c (table of accepted/rejected
#      inputs) with gcc -Wall -Wextra -Werror and ASan+UBSan;
#   2. builds fuzz_rating, fuzz_summary and fuzz_terms (comment_terms) with clang's libFuzzer, ASan and
#      UBSan (every UB report aborts), and runs each for SECONDS seconds
#      (default 30) on a temporary copy of its seed corpus and dictionary.
# Exit status 0 only if the unit test passes and neither harness crashed,
# timed out, leaked or printed a sanitizer report.  The committed corpus is
# never written to.  On failure the work directory (binaries, logs, crash
# inputs) is kept and its path printed; rerun a crash with
#   <workdir>/fuzz_rating <crash-file>
# Long runs: test/fuzz/run.sh 3600
# Environment: CLANG (default clang, else clang-14), GCC (default gcc),
#   FUZZ_TOLERATE_INVALID_TYPMOD=1 to explore past that known bug,
#   FUZZ_KEEP=1 to keep the work directory even on success.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

secs=${1:-30}
case $secs in '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac

CLANG=${CLANG:-$(command -v clang || command -v clang-14)}
GCC=${GCC:-gcc}
[ -n "$CLANG" ] || { echo "run.sh: clang not found (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/csat-fuzz.XXXXXX")
status=0
cleanup() {
	if [ "$status" = 0 ] && [ "${FUZZ_KEEP:-0}" != 1 ]; then
		rm -rf "$work"
	else
		echo "run.sh: work directory kept: $work"
	fi
}
trap cleanup EXIT

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

san_report='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|ERROR: libFuzzer|SUMMARY: (Address|Undefined|Leak)Sanitizer|property violated'
summary=()

# ---- 1. unit test ----
t0=$(date +%s)
if ! "$GCC" -std=gnu99 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -I src/core \
	src/core/*.c test/fuzz/parse_unit.c -lm -o "$work/parse_unit" 2>"$work/parse_unit.build.log"; then
	cat "$work/parse_unit.build.log"
	echo "run.sh: parse_unit does not build"
	status=1
	exit 1
fi
"$work/parse_unit" >"$work/parse_unit.log" 2>&1
rc=$?
cat "$work/parse_unit.log"
if [ $rc != 0 ] || grep -Eq "$san_report" "$work/parse_unit.log"; then
	summary+=("parse_unit: FAILED (exit $rc)")
	status=1
else
	summary+=("parse_unit: passed ($(grep -o 'all [0-9]* checks' "$work/parse_unit.log"), $(($(date +%s) - t0))s)")
fi

# ---- 2. fuzzers ----
extra=()
[ "${FUZZ_TOLERATE_INVALID_TYPMOD:-0}" = 1 ] && extra+=(-DFUZZ_TOLERATE_INVALID_TYPMOD)

for h in rating summary terms; do
	bin=$work/fuzz_$h
	if ! "$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer "${extra[@]}" -I src/core src/core/*.c "test/fuzz/fuzz_$h.c" -lm \
		-o "$bin" 2>"$work/fuzz_$h.build.log"; then
		cat "$work/fuzz_$h.build.log"
		summary+=("fuzz_$h: does not build")
		status=1
		continue
	fi
	mkdir -p "$work/corpus_$h" "$work/artifacts_$h"
	cp test/fuzz/corpus/$h/* "$work/corpus_$h/"
	nseed=$(ls "$work/corpus_$h" | wc -l)
	t0=$(date +%s)
	# -close_fd_mask=1: the harness prints nothing to stdout worth keeping
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=1024 \
		-dict="test/fuzz/$h.dict" -print_final_stats=1 \
		-artifact_prefix="$work/artifacts_$h/" \
		"$work/corpus_$h" >"$work/fuzz_$h.log" 2>&1
	rc=$?
	el=$(($(date +%s) - t0))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz_$h.log" | tail -1)
	cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$work/fuzz_$h.log" | tail -1)
	crashes=$(ls "$work/artifacts_$h" | wc -l)
	if [ $rc != 0 ] || [ "$crashes" != 0 ] || grep -Eq "$san_report" "$work/fuzz_$h.log"; then
		status=1
		summary+=("fuzz_$h: FAILED after ${el}s (exit $rc, ${execs:-?} execs, $crashes crash input(s))")
		echo "==== fuzz_$h log (last 60 lines) ===="
		tail -60 "$work/fuzz_$h.log"
		for f in "$work/artifacts_$h"/*; do
			[ -e "$f" ] || continue
			echo "==== reproducer $f ($(stat -c %s "$f") bytes) ===="
			od -c "$f" | head -20
			echo "base64: $(base64 -w0 "$f")"
		done
	else
		summary+=("fuzz_$h: ok, ${el}s, ${execs:-?} execs, $nseed seeds, $cov")
	fi
done

echo "==== fuzz summary ===="
printf '%s\n' "${summary[@]}"
[ "$status" = 0 ] && echo "run.sh: PASS" || echo "run.sh: FAIL"
exit "$status"
