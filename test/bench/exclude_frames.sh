#!/usr/bin/env bash
# What an EXCLUDE clause costs a sliding window: csat_pct(r) over a 1,001-row
# frame (500 PRECEDING AND 500 FOLLOWING) with and without EXCLUDE CURRENT
# ROW, interleaved, median execution times (EXPLAIN ANALYZE, TIMING OFF) and
# their ratio.  Without EXCLUDE the frame slides through the inverse
# transition, O(1) per row; with it PostgreSQL restarts the aggregate for
# every row (nodeWindowAgg.c), O(frame) per row, whatever the aggregate.
#
#   test/pg/cluster.sh bash test/bench/exclude_frames.sh [ROWS] [ROUNDS]
#
# Runs on the server PG* names (csat installed); creates and drops a
# database.  Defaults: 20,000 rows, 5 rounds (about 30 s).
set -euo pipefail
rows=${1:-20000}
rounds=${2:-5}
db=csat_exclude_bench_$$
psql -X -q -d postgres -c "CREATE DATABASE $db"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
psql -X -q -d "$db" -c "CREATE EXTENSION csat" \
	-c "CREATE TABLE t AS SELECT i, rating(1 + (i * 7919 + 13) % 5, 1, 5) AS r FROM generate_series(1, $rows) i" \
	-c "VACUUM ANALYZE t"
frame="ROWS BETWEEN 500 PRECEDING AND 500 FOLLOWING"
run() {
	psql -X -q -A -t -d "$db" -c "SET max_parallel_workers_per_gather = 0" -c "SET jit = off" \
		-c "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON)
			SELECT max(c) FROM (SELECT csat_pct(r) OVER (ORDER BY i $1) AS c FROM t) x" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["Execution Time"])'
}
plain=()
excl=()
run "$frame" >/dev/null # warm-up
for ((k = 0; k < rounds; k++)); do
	plain+=("$(run "$frame")")
	excl+=("$(run "$frame EXCLUDE CURRENT ROW")")
done
python3 - "${plain[*]}" "${excl[*]}" "$rows" <<'PY'
import statistics, sys
plain = [float(x) for x in sys.argv[1].split()]
excl = [float(x) for x in sys.argv[2].split()]
p, e = statistics.median(plain), statistics.median(excl)
print(f"{sys.argv[3]} rows, 1,001-row frame, median of {len(plain)}:")
print(f"  without EXCLUDE:          {p:10.1f} ms")
print(f"  with EXCLUDE CURRENT ROW: {e:10.1f} ms")
print(f"  ratio: {e / p:.0f}x")
PY
