#!/usr/bin/env bash
# The body of test/run-tests.sh for one PostgreSQL version, run inside a
# throwaway cluster (pg_virtualenv or test/pg/cluster.sh: PG* variables set,
# the version's pg_config first on PATH, csat installed in it).
#
#   test/suite.sh [FILTER]
#
# Runs the pg_regress suite and every test/checks/*.sh meant for the
# server's major version, each one result; FILTER (a grep pattern) keeps only
# the tests whose name matches it (`regress` for the pg_regress suite).
#
# How long a check may take: 600 s, or what a line `# timeout: SECONDS`
# among its first 40 lines says.
#
# Which versions a check runs on: a line `# versions: ...` among the first
# 40 lines of the check, naming majors (`# versions: 13 15 18`) or `all`.  A
# check without that line runs on PostgreSQL 15 only (Debian 12's, the
# version everything is tested on); the pg_regress suite runs on every
# version.  The results of PostgreSQL 15 go to test/results/, those of
# another major M to test/results/pgM/; the closing line "N passed, M failed"
# is also written to summary in that directory (test/run-tests.sh adds them
# up).
set -uo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"
passed=0
failed=0
failures=""

major=$(psql -X -A -t -d postgres -c "SELECT current_setting('server_version_num')::int / 10000") || {
	echo "suite: cannot reach the server"
	exit 1
}
if [ "$major" = 15 ]; then
	results=test/results
	tag=""
else
	results=test/results/pg$major
	tag=" (PostgreSQL $major)"
fi
mkdir -p "$results"
rm -f "$results/summary"

# the majors a check runs on (its `# versions:` line; 15 without one)
check_runs_on() {
	local line
	line=$(head -40 "$1" | grep -m1 -E '^# versions:' | sed 's/^# versions://')
	[ -n "$line" ] || line=15
	for v in $line; do
		[ "$v" = all ] || [ "$v" = "$major" ] && return 0
	done
	return 1
}

# pg_regress: one test per sql/*.sql listed in the Makefile's REGRESS
if [ -z "$filter" ] || echo regress | grep -q "$filter"; then
	echo "=== regress$tag"
	make -s installcheck REGRESS_OPTS="--inputdir=. --outputdir=$results" >"$results/installcheck.log" 2>&1
	cat "$results/installcheck.log"
	# "test x ... ok" (13, 15), "ok 1 - x" (16+); parallel groups indent
	ok=$(grep -cE '^(ok|test|     ) .*\.\.\. ok|^ok [0-9]+ ' "$results/installcheck.log" || true)
	bad=$(grep -cE '\.\.\. FAILED|^not ok ' "$results/installcheck.log" || true)
	passed=$((passed + ok))
	failed=$((failed + bad))
	if [ "$bad" -gt 0 ] || [ "$ok" = 0 ]; then
		[ "$ok" = 0 ] && [ "$bad" = 0 ] && failed=$((failed + 1))
		failures="$failures regress$tag"
		[ -f "$results/regression.diffs" ] && head -200 "$results/regression.diffs"
	fi
fi

# every other check meant for this version
for t in test/checks/*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	if [ -n "$filter" ] && ! echo "$name" | grep -q "$filter"; then
		continue
	fi
	check_runs_on "$t" || continue
	echo "=== check $name$tag"
	start=$(date +%s)
	limit=$(head -40 "$t" | sed -n 's/^# timeout: *\([0-9][0-9]*\).*/\1/p' | head -1)
	if timeout "${limit:-600}" bash "$t" >"$results/$name.log" 2>&1; then
		tail -5 "$results/$name.log"
		echo "--- $name$tag ok ($(($(date +%s) - start)) s)"
		passed=$((passed + 1))
	else
		tail -40 "$results/$name.log"
		echo "--- $name$tag FAILED ($(($(date +%s) - start)) s)"
		failed=$((failed + 1))
		failures="$failures $name$tag"
	fi
done

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed" | tee "$results/summary"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
