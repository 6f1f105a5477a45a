#!/usr/bin/env bash
# What csat's planner hook (src/pending.c: bare numbers) costs queries that
# have nothing to do with ratings: pgbench's select-only transaction in the
# simple protocol (every statement parsed and planned anew), in a database
# with csat installed, in sessions where csat.so is loaded (the hook runs on
# every plan) against sessions where it is not, interleaved rounds, side by
# side in one run.  Prints the median transactions per second of each and
# their ratio.  A benchmark, not a test: run it by hand.
#
#   test/pg/cluster.sh bash test/bench/planner_hook.sh [ROUNDS] [SECONDS]
#
# (or inside pg_virtualenv; the PG* variables name the server, csat must be
# installed in it).
set -euo pipefail
rounds=${1:-5}
secs=${2:-10}
db=csat_bench_hook
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1' EXIT
psql -X -q -d "$db" -c "CREATE EXTENSION csat"
pgbench -q -i -s 10 "$db" >/dev/null 2>&1

tps() {
	PGOPTIONS="$1" pgbench -n -S -M simple -c 1 -T "$secs" "$db" 2>/dev/null |
		sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

without=()
with=()
for i in $(seq "$rounds"); do
	without+=("$(tps "")")
	with+=("$(tps "-c session_preload_libraries=csat")")
done
# the hook is really there in the loaded sessions
PGOPTIONS="-c session_preload_libraries=csat" psql -X -A -t -d "$db" \
	-c "SELECT count(*) FROM pg_settings WHERE name = 'session_preload_libraries' AND setting = 'csat'" |
	grep -qx 1 || { echo "csat was not preloaded" >&2; exit 1; }
a=$(printf '%s\n' "${without[@]}" | median)
b=$(printf '%s\n' "${with[@]}" | median)
echo "pgbench -S -M simple, 1 client, ${secs} s x $rounds rounds each, interleaved"
echo "without csat loaded: ${without[*]} tps (median $a)"
echo "with csat loaded:    ${with[*]} tps (median $b)"
awk -v a="$a" -v b="$b" 'BEGIN { printf "ratio with/without: %.3f\n", b / a }'
