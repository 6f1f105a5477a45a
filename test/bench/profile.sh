#!/usr/bin/env bash
# Instruction counts of the csat hot loops under valgrind --tool=callgrind.
#
#   test/bench/profile.sh                     200k rows, the benchmark's queries
#   test/bench/profile.sh --rows 1000000 --top 30
#   test/bench/profile.sh --query 'SELECT nps(n) FROM bench_ratings'
#   test/bench/profile.sh --setup 'CREATE TABLE t2 AS SELECT r FROM bench_ratings' \
#       --query 'SELECT csat_pct(r) FROM t2' --guc work_mem=1GB
#
# Options: --rows N (default 200000), --query SQL (repeatable; default the
# benchmark's queries, then also their ratios in instructions), --setup SQL
# (repeatable, run after loading), --guc name=value (repeatable, e.g.
# extension_destdir=DIR to profile a build installed with DESTDIR=DIR),
# --top N (functions shown, 0 for none), --all (top functions of every query).
#
# Instruction counts are stable on a noisy machine, unlike times: use them to
# see what a change to the transition function buys.  (perf would do too,
# but hardware counters are often unavailable in VMs: try
# `perf stat -e instructions true`.)
#
# How: a private cluster in a temporary directory (initdb), the table of
# test/bench/bench.sh loaded in single-user mode, then for every query one
# single-user backend under
#   valgrind --tool=callgrind --collect-atstart=no \
#     --toggle-collect=standard_ExecutorRun --dump-after=standard_ExecutorRun \
#     postgres --single -D DATA -c jit=off -c max_parallel_workers_per_gather=0 postgres
# that runs the query twice (the first run warms shared_buffers); the counts
# of the second run's executor are reported: instructions per row, and the
# top functions by self cost (callgrind_annotate) for the first query or,
# with --all, for every query.  Planning, parsing and backend start-up are
# not counted.  Debian's postgres binary is stripped of static symbols:
# static functions (ExecInterpExpr, heapgettup_pagemode, ...) show as
# addresses; csat.so has full debug information.  PROFILE_KEEP=DIR copies
# the callgrind files there (keep.N for the Nth query) for callgrind_annotate
# --tree=both or kcachegrind.
set -euo pipefail

ROWS=200000
TOP=20
ALL=0
DEFAULT_QUERIES=0
QUERIES=()
EXTRA_GUCS=()
SETUP=
while [ $# -gt 0 ]; do
	case "$1" in
	--rows) ROWS="$2"; shift 2 ;;
	--top) TOP="$2"; shift 2 ;;
	--query) QUERIES+=("$2"); shift 2 ;;
	--all) ALL=1; shift ;;
	--guc) EXTRA_GUCS+=(-c "$2"); shift 2 ;;
	--setup) SETUP="$SETUP$2;

"; shift 2 ;;
	-h|--help) sed -n '2,35p' "$0"; exit 0 ;;
	*) echo "profile.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
done
[[ "$ROWS" =~ ^[0-9]+$ ]] && [ "$ROWS" -ge 1000 ] || { echo "profile.sh: --rows must be a number >= 1000" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "profile.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }

HAND_CSAT='100.0 * count(*) FILTER (WHERE s >= 4) / count(s)'
HAND_NPS='100.0 * (count(*) FILTER (WHERE ns >= 9) - count(*) FILTER (WHERE ns <= 6)) / count(ns)'
WROWS=$(( ROWS < 1000000 ? ROWS : 1000000 ))
if [ ${#QUERIES[@]} = 0 ]; then
	QUERIES=(
		'SELECT csat_pct(r) FROM bench_ratings'
		'SELECT count(*) FROM bench_ratings'
		"SELECT $HAND_CSAT FROM bench_ratings"
		'SELECT nps(n) FROM bench_ratings'
		"SELECT $HAND_NPS FROM bench_ratings"
		'SELECT ces_avg(r) FROM bench_ratings'
		'SELECT avg(s) FROM bench_ratings'
		'SELECT csat_pct(r), ces_avg(r) FROM bench_ratings'
		'SELECT agent, csat_pct(r) FROM bench_ratings GROUP BY agent'
		"SELECT agent, $HAND_CSAT FROM bench_ratings GROUP BY agent"
		'SELECT sum(c) FROM (SELECT csat_pct(r) OVER (ORDER BY id ROWS BETWEEN 999 PRECEDING AND CURRENT ROW) AS c FROM bench_window) w'
		'SELECT sum(c) FROM (SELECT csat_pct(r) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) AS c FROM bench_window) w'
		'SELECT count(r) FROM bench_ratings'
	)
	DEFAULT_QUERIES=1
fi

BIN=$(pg_config --bindir)
TMP=$(mktemp -d -t csat_profile.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
chmod 755 "$TMP"
# PostgreSQL refuses to run as root
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		chown -R postgres:postgres "$TMP"
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}
GUCS=(-c jit=off -c max_parallel_workers_per_gather=0 -c shared_buffers=1GB
	-c work_mem=512MB -c enable_sort=off -c fsync=off ${EXTRA_GUCS[@]+"${EXTRA_GUCS[@]}"})
single() { as_pg "$BIN/postgres" --single -D "$TMP/data" "${GUCS[@]}" "$@"; }

# an assertion build (make CSAT_ASSERTS=1) counts its Asserts too: say so
DESTDIR_GUC=
for g in ${EXTRA_GUCS[@]+"${EXTRA_GUCS[@]}"}; do
	case "$g" in extension_destdir=*) DESTDIR_GUC="${g#extension_destdir=}" ;; esac
done
CSAT_SO="$DESTDIR_GUC$(pg_config --pkglibdir)/csat.so"
if nm -D --defined-only "$CSAT_SO" 2>/dev/null | grep -q csat_assertions_enabled; then
	echo "WARNING: $CSAT_SO is an assertion-enabled build (make CSAT_ASSERTS=1): counts include its Asserts"
fi

as_pg "$BIN/initdb" -D "$TMP/data" -A trust -U postgres --no-sync >"$TMP/initdb.log" 2>&1 ||
	{ cat "$TMP/initdb.log"; exit 1; }

# the benchmark's tables (same definitions as bench.sh); -j: statements end
# with a semicolon and an empty line
single -j postgres >"$TMP/load.log" 2>&1 <<SQL || { cat "$TMP/load.log"; exit 1; }
CREATE EXTENSION csat;

SELECT setseed(0.42);

CREATE TABLE bench_ratings (agent integer, r satisfaction_rating(1,5), s smallint,
	n satisfaction_rating(0,10), ns smallint, id bigint, ts timestamp);

INSERT INTO bench_ratings
SELECT 1 + floor(random() * 50)::int, rating(v5, 1, 5), v5, rating(v11, 0, 10), v11, i,
	   timestamp '2024-01-01' + i * interval '1 second'
FROM (SELECT i,
			 CASE WHEN a < 0.05 THEN 1 WHEN a < 0.10 THEN 2 WHEN a < 0.20 THEN 3
				  WHEN a < 0.50 THEN 4 ELSE 5 END AS v5,
			 10 - floor(11 * b * b)::int AS v11
	  FROM (SELECT i, random() AS a, random() AS b FROM generate_series(1, $ROWS) i) g) x;

VACUUM (FREEZE, ANALYZE) bench_ratings;

CREATE TABLE bench_window AS SELECT * FROM bench_ratings WHERE id <= $WROWS ORDER BY id;

ALTER TABLE bench_window ADD PRIMARY KEY (id);

VACUUM (FREEZE, ANALYZE) bench_window;

$SETUP
SQL
if grep -q ERROR "$TMP/load.log"; then
	cat "$TMP/load.log"
	exit 1
fi

echo "callgrind, $ROWS rows (window queries: $WROWS rows), second execution of each query, executor only"
printf '%-14s %10s  %s\n' "instructions" "per row" "query"
n=0
PER_ROW=()
for query in "${QUERIES[@]}"; do
	n=$((n + 1))
	out="$TMP/cg.$n"
	# the query twice, one line each (single-user mode without -j)
	printf '%s\n%s\n' "$query" "$query" |
		as_pg valgrind --tool=callgrind --collect-atstart=no \
			--toggle-collect=standard_ExecutorRun --dump-after=standard_ExecutorRun \
			--callgrind-out-file="$out" \
			"$BIN/postgres" --single -D "$TMP/data" "${GUCS[@]}" postgres \
			>"$TMP/run.$n.log" 2>&1 || { cat "$TMP/run.$n.log"; exit 1; }
	if grep -q ERROR "$TMP/run.$n.log"; then
		cat "$TMP/run.$n.log"
		exit 1
	fi
	# dumps: $out.1 (first execution), $out.2 (second), then the exit dump
	dump="$out.2"
	[ -f "$dump" ] || { echo "no callgrind dump $dump" >&2; ls "$TMP" >&2; exit 1; }
	total=$(awk '/^(summary|totals):/ {print $2; exit}' "$dump")
	if [[ "$query" == *bench_window* ]]; then rows=$WROWS; else rows=$ROWS; fi
	PER_ROW[$n]=$(awk -v t="$total" -v r="$rows" 'BEGIN {printf "%.1f", t / r}')
	printf '%-14s %10s  %s\n' "$total" "${PER_ROW[$n]}" "$query"
	cp "$dump" "$TMP/keep.$n"
done

# the benchmark's CPU-bound figures, in instructions instead of time
if [ "$DEFAULT_QUERIES" = 1 ]; then
	echo
	echo "the benchmark's figures in instructions per row (A / B)"
	fig() { printf '%-58s %7s / %7s = %.2f  (target %s)\n' "$1" "${PER_ROW[$2]}" "${PER_ROW[$3]}" \
		"$(awk -v a="${PER_ROW[$2]}" -v b="${PER_ROW[$3]}" 'BEGIN {print a / b}')" "$4"; }
	fig 'csat_pct(r) / count(*) (scan floor)' 1 2 '<= 1.20'
	fig 'csat_pct(r) / hand FILTER formula on smallint' 1 3 '<= 0.80'
	fig 'nps(n) / hand NPS formula on smallint' 4 5 '<= 0.80'
	fig 'ces_avg(r) / avg(smallint)' 6 7 '<= 1.00'
	fig 'csat_pct(r), ces_avg(r) / csat_pct(r) alone' 8 1 '<= 1.10'
	fig 'GROUP BY agent (50 groups) / hand formula grouped' 9 10 '<= 1.00'
	fig 'sliding frame of 1,000 rows / running frame' 11 12 '<= 1.30'
	fig 'context: count(r) / count(*) (reading column r)' 13 2 'info'
	fig 'context: csat_pct(r) / count(r)' 1 13 'info'
fi

show_top() {
	echo
	echo "top $TOP functions by self instructions: $2"
	# (the frames above the toggled function show the whole total: skip
	# them; static functions of the stripped postgres binary show as
	# addresses)
	{ callgrind_annotate --threshold=100 --inclusive=no "$1" 2>/dev/null || true; } |
		sed -n '/^Ir/,$p' | grep -v -e '^-*$' -e '^Ir' -e '(100.0%)' | head -"$TOP" || true
}
[ "$TOP" -gt 0 ] && show_top "$TMP/keep.1" "${QUERIES[0]}"
if [ "$ALL" = 1 ] && [ "$TOP" -gt 0 ]; then
	for ((i = 2; i <= n; i++)); do
		show_top "$TMP/keep.$i" "${QUERIES[$((i - 1))]}"
	done
fi
if [ -n "${PROFILE_KEEP:-}" ]; then
	mkdir -p "$PROFILE_KEEP"
	cp "$TMP"/keep.* "$PROFILE_KEEP"/
	echo "callgrind files copied to $PROFILE_KEEP (keep.N = Nth query)"
fi
