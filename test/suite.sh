#!/usr/bin/env bash
# The body of test/run-tests.sh, run inside pg_virtualenv (PG* variables set).
set -uo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"
passed=0
failed=0
failures=""

# pg_regress: one test per sql/*.sql listed in the Makefile's REGRESS
mkdir -p test/results
if [ -z "$filter" ] || [ "$filter" = regress ]; then
	make -s installcheck >test/results/installcheck.log 2>&1
	cat test/results/installcheck.log
	ok=$(grep -cE '^(ok|test|     ) .*\.\.\. ok|^ok [0-9]+ ' test/results/installcheck.log || true)
	bad=$(grep -cE '\.\.\. FAILED|^not ok ' test/results/installcheck.log || true)
	passed=$((passed + ok))
	failed=$((failed + bad))
	if [ "$bad" -gt 0 ]; then
		failures="$failures regress"
		[ -f test/results/regression.diffs ] && head -200 test/results/regression.diffs
	fi
fi

# every other check
for t in test/checks/*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	if [ -n "$filter" ] && ! echo "$name" | grep -q "$filter"; then
		continue
	fi
	echo "=== check $name"
	start=$(date +%s)
	if timeout 600 bash "$t" >"test/results/$name.log" 2>&1; then
		tail -5 "test/results/$name.log"
		echo "--- $name ok ($(( $(date +%s) - start )) s)"
		passed=$((passed + 1))
	else
		tail -40 "test/results/$name.log"
		echo "--- $name FAILED ($(( $(date +%s) - start )) s)"
		failed=$((failed + 1))
		failures="$failures $name"
	fi
done

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed" | tee test/results/summary
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
