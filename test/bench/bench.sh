#!/usr/bin/env bash
# csat benchmark (issue 4): csat aggregates against the scan floor and the SQL
# people write by hand on smallint columns.
#
#   test/bench/bench.sh                   10 million rows, 7 rounds (own cluster)
#   test/bench/bench.sh --rows 1000000    fewer rows
#   test/bench/bench.sh --smoke           ~20k rows, 1 round: does every query run?
#
# Options: --rows N, --rounds N (timed rounds per query, default 7), --nulls P
# (percent of NULL ratings, default 0), --smoke, --strict (exit 1 when a target
# is missed; never used by CI), --keep (leave the database for inspection),
# --only REGEX (only the figures whose name matches, e.g. --only 'hand|avg').
# BENCH_VERBOSE=1 prints every time; PGOPTIONS is passed on to every session.
#
# Without PGHOST it starts a throwaway cluster with pg_virtualenv
# (shared_buffers=2GB so the table stays cached, jit=off, parallel query off).
# With PGHOST set (e.g. inside the test suite's pg_virtualenv) it uses that
# server: it creates a database csat_bench_PID, sets jit=off and
# max_parallel_workers_per_gather=0 on it, and drops it at the end.
#
# Every figure is A / B: the median of A's execution times over the median of
# B's, both measured in the same run, A and B interleaved (A B A B ...) after
# one warm-up execution of each.  Times are taken inside the server
# (clock_timestamp() around EXECUTE in a plpgsql function), so client and
# network overhead are not counted.
set -euo pipefail

ROWS=
ROUNDS=
NULLS=0
SMOKE=0
STRICT=0
KEEP=0
ONLY=
while [ $# -gt 0 ]; do
	case "$1" in
	--rows) ROWS="$2"; shift 2 ;;
	--rounds) ROUNDS="$2"; shift 2 ;;
	--nulls) NULLS="$2"; shift 2 ;;
	--smoke) SMOKE=1; shift ;;
	--strict) STRICT=1; shift ;;
	--keep) KEEP=1; shift ;;
	--only) ONLY="$2"; shift 2 ;;
	-h|--help) sed -n '2,25p' "$0"; exit 0 ;;
	*) echo "bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
done
if [ "$SMOKE" = 1 ]; then
	: "${ROWS:=20000}" "${ROUNDS:=1}"
else
	: "${ROWS:=10000000}" "${ROUNDS:=7}"
fi
for v in "$ROWS" "$ROUNDS" "$NULLS"; do
	[[ "$v" =~ ^[0-9]+$ ]] || { echo "bench.sh: not a number: $v" >&2; exit 2; }
done
[ "$ROWS" -ge 100 ] || { echo "bench.sh: --rows must be >= 100" >&2; exit 2; }
[ "$ROUNDS" -ge 1 ] || { echo "bench.sh: --rounds must be >= 1" >&2; exit 2; }

# no server given: run ourselves inside a throwaway cluster
if [ -z "${PGHOST:-}" ]; then
	if [ "$SMOKE" = 1 ]; then sb=128MB; else sb=2GB; fi
	# -t: temporary cluster directory, so it never collides with another
	# pg_virtualenv run as root (those use /etc/postgresql/*/regress)
	exec pg_virtualenv -t -o shared_buffers=$sb -o jit=off \
		-o max_parallel_workers_per_gather=0 -o max_worker_processes=8 \
		-o max_parallel_workers=8 -o fsync=off -o synchronous_commit=off \
		-o max_wal_size=8GB -o checkpoint_timeout=1h \
		bash "$0" --rows "$ROWS" --rounds "$ROUNDS" --nulls "$NULLS" \
		$([ "$SMOKE" = 1 ] && echo --smoke) $([ "$STRICT" = 1 ] && echo --strict) \
		$([ "$KEEP" = 1 ] && echo --keep) ${ONLY:+--only "$ONLY"}
fi

DB="csat_bench_$$"
export PGAPPNAME=csat_bench
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d "${PGDATABASE:-postgres}" "$@"; }
# psql on the benchmark database; extra GUCs through PGOPTIONS
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

cleanup() {
	if [ "$KEEP" = 0 ]; then
		psql_admin -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
	else
		echo "kept database $DB"
	fi
}
trap cleanup EXIT

START=$(date +%s)
psql_admin -c "CREATE DATABASE $DB" >/dev/null
psql_admin -c "ALTER DATABASE $DB SET jit = off" \
	-c "ALTER DATABASE $DB SET max_parallel_workers_per_gather = 0" >/dev/null

# 1M-row figures (window, hash aggregation) use min(1M, rows)
WROWS=$(( ROWS < 1000000 ? ROWS : 1000000 ))
HGROUPS=$(( ROWS / 10 < 1000000 ? ROWS / 10 : 1000000 ))

echo "csat benchmark: $ROWS rows, $ROUNDS rounds, ${NULLS}% NULL ratings$([ "$SMOKE" = 1 ] && echo ', smoke mode')"
echo "server: $(q -c "SELECT split_part(version(), ' on ', 1)"), shared_buffers $(q -c 'SHOW shared_buffers'), jit $(q -c 'SHOW jit')"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GB RAM, $(uname -sr)"

q >/dev/null <<SQL
SET client_min_messages = warning;
CREATE EXTENSION csat;
SELECT setseed(0.42);
CREATE TABLE bench_ratings (
	agent integer,
	r satisfaction_rating(1,5),
	s smallint,
	n satisfaction_rating(0,10),
	ns smallint,
	id bigint,
	ts timestamp
);
-- CSAT answers skewed to the top (5%, 5%, 10%, 30%, 50%), NPS answers with
-- ~43% promoters and ~40% detractors; smallint columns hold the same values
INSERT INTO bench_ratings
SELECT agent,
	   CASE WHEN NOT unanswered THEN rating(v5, 1, 5) END,
	   CASE WHEN NOT unanswered THEN v5 END,
	   CASE WHEN NOT unanswered THEN rating(v11, 0, 10) END,
	   CASE WHEN NOT unanswered THEN v11 END,
	   i,
	   timestamp '2024-01-01' + i * interval '1 second'
FROM (SELECT i,
			 1 + floor(random() * 50)::int AS agent,
			 random() * 100 < $NULLS AS unanswered,
			 CASE WHEN a < 0.05 THEN 1 WHEN a < 0.10 THEN 2 WHEN a < 0.20 THEN 3
				  WHEN a < 0.50 THEN 4 ELSE 5 END AS v5,
			 10 - floor(11 * b * b)::int AS v11
	  FROM (SELECT i, random() AS a, random() AS b
			FROM generate_series(1, $ROWS) i) g) x;
VACUUM (FREEZE, ANALYZE) bench_ratings;

-- window figures: the first min(1M, rows) rows, read in id order by index
CREATE TABLE bench_window AS SELECT * FROM bench_ratings WHERE id <= $WROWS ORDER BY id;
ALTER TABLE bench_window ADD PRIMARY KEY (id);
VACUUM (FREEZE, ANALYZE) bench_window;

-- one timed execution of q (ms, measured in the server); setup runs first
CREATE FUNCTION bench_run(q text, setup text) RETURNS float8
LANGUAGE plpgsql AS \$\$
DECLARE
	t0 timestamptz;
BEGIN
	IF setup <> '' THEN
		EXECUTE setup;
	END IF;
	t0 := clock_timestamp();
	EXECUTE q;
	RETURN 1000 * extract(epoch FROM clock_timestamp() - t0);
END
\$\$;

-- A and B interleaved after one warm-up of each: medians and every time
CREATE FUNCTION bench_pair(a text, b text, rounds int,
						   a_setup text DEFAULT '', b_setup text DEFAULT '',
						   OUT med_a float8, OUT med_b float8,
						   OUT times_a float8[], OUT times_b float8[],
						   OUT spread_a float8, OUT spread_b float8)
LANGUAGE plpgsql AS \$\$
BEGIN
	PERFORM bench_run(a, a_setup);
	PERFORM bench_run(b, b_setup);
	times_a := '{}';
	times_b := '{}';
	FOR i IN 1..rounds LOOP
		times_a := times_a || bench_run(a, a_setup);
		times_b := times_b || bench_run(b, b_setup);
	END LOOP;
	-- median, and the interquartile range relative to it (noise)
	SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t),
		   (percentile_cont(0.75) WITHIN GROUP (ORDER BY t) -
			percentile_cont(0.25) WITHIN GROUP (ORDER BY t)) /
		   nullif(percentile_cont(0.5) WITHIN GROUP (ORDER BY t), 0)
	INTO med_a, spread_a FROM unnest(times_a) t;
	SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t),
		   (percentile_cont(0.75) WITHIN GROUP (ORDER BY t) -
			percentile_cont(0.25) WITHIN GROUP (ORDER BY t)) /
		   nullif(percentile_cont(0.5) WITHIN GROUP (ORDER BY t), 0)
	INTO med_b, spread_b FROM unnest(times_b) t;
END
\$\$;

-- EXPLAIN ANALYZE of q after setup, run the way bench_run runs q
CREATE FUNCTION bench_explain(q text, setup text) RETURNS SETOF text
LANGUAGE plpgsql AS \$\$
BEGIN
	IF setup <> '' THEN
		EXECUTE setup;
	END IF;
	RETURN QUERY EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) ' || q;
END
\$\$;

-- the HashAggregate node of q's plan: peak memory (kB), batches, disk (kB)
CREATE FUNCTION bench_hashagg(q text, OUT peak_kb bigint, OUT batches int,
							  OUT disk_kb bigint)
LANGUAGE plpgsql AS \$\$
DECLARE
	plan jsonb;
	node jsonb;
BEGIN
	EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF, FORMAT JSON) ' || q INTO plan;
	node := jsonb_path_query_first(plan,
		'strict \$.** ? (@."Node Type" == "Aggregate" && @."Strategy" == "Hashed")');
	IF node IS NULL THEN
		RAISE EXCEPTION 'no HashAggregate in the plan of %', q;
	END IF;
	peak_kb := (node->>'Peak Memory Usage')::bigint;
	batches := (node->>'HashAgg Batches')::int;
	disk_kb := coalesce((node->>'Disk Usage')::bigint, 0);
END
\$\$;
SQL

# the csat.so the server loads: an assertion build (make CSAT_ASSERTS=1, what
# test/run-tests.sh installs) is -O1 with Asserts and not worth timing; a
# reinstall during the run would mix two builds in one table
CSAT_SO="$(q -c "SELECT coalesce(current_setting('extension_destdir', true), '')")$(pg_config --pkglibdir)/csat.so"
so_id() { stat -c '%Y %s' "$CSAT_SO" 2>/dev/null || echo unknown; }
SO_AT_START=$(so_id)
if command -v nm >/dev/null && nm -D --defined-only "$CSAT_SO" 2>/dev/null | grep -q csat_assertions_enabled; then
	echo "WARNING: $CSAT_SO is an assertion-enabled build (make CSAT_ASSERTS=1):"
	echo "WARNING: rebuild with 'make clean && make && make install' before timing"
fi

if q -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" >/dev/null 2>&1; then
	q -c "SELECT pg_prewarm('bench_ratings'), pg_prewarm('bench_window'), pg_prewarm('bench_window_pkey')" >/dev/null
fi
echo "data: bench_ratings $(q -c "SELECT pg_size_pretty(pg_relation_size('bench_ratings'))"), bench_window $WROWS rows, built in $(( $(date +%s) - START )) s"
if [ "$(q -c "SELECT pg_relation_size('bench_ratings') > pg_size_bytes(current_setting('shared_buffers'))")" = t ]; then
	echo "WARNING: bench_ratings is larger than shared_buffers: scans read from the OS cache"
fi
echo

FIGURES=0
MISSES=0
HDR='| figure | A (ms) | B (ms) | ratio | target | result |'
echo "$HDR"
echo '|---|---:|---:|---:|---|---|'

# judge ratio against "<= x", ">= x" or "= x" (to 2 decimals)
judge() {
	awk -v r="$1" -v t="$2" 'BEGIN {
		split(t, p, " "); op = p[1]; x = p[2] + 0; rr = sprintf("%.2f", r) + 0;
		ok = (op == "<=") ? (r <= x) : (op == ">=") ? (r >= x) : (rr == x);
		print ok ? "PASS" : "MISS" }'
}

# row NAME A_MS B_MS RATIO TARGET [NOTE]
# (TARGET "info": context for reading the figures, not judged)
row() {
	local res=info
	if [ "$5" != info ]; then
		res=$(judge "$4" "$5")
		FIGURES=$((FIGURES + 1))
		[ "$res" = PASS ] || MISSES=$((MISSES + 1))
	fi
	printf '| %s | %s | %s | %.2f | %s | %s%s |\n' "$1" "$2" "$3" "$4" "$5" "$res" "${6:+ ($6)}"
}

# pair NAME TARGET A B [A_SETUP B_SETUP]: interleaved timing, ratio of medians
pair() {
	local name="$1" target="$2" a="$3" b="$4" as="${5:-}" bs="${6:-}" out
	want "$name" || return 0
	out=$(q -F '|' -c "SELECT round(med_a::numeric, 1), round(med_b::numeric, 1),
		med_a / nullif(med_b, 0), times_a::text, times_b::text,
		CASE WHEN $ROUNDS >= 4 AND greatest(spread_a, spread_b) > 0.10
			 THEN format('noisy: interquartile range %s%% / %s%% of the median',
						 round(100 * spread_a), round(100 * spread_b)) END
		FROM bench_pair(\$a\$$a\$a\$, \$b\$$b\$b\$, $ROUNDS, \$s\$$as\$s\$, \$s\$$bs\$s\$)")
	IFS='|' read -r ma mb ratio ta tb noisy <<<"$out"
	if [ -n "${BENCH_VERBOSE:-}" ]; then echo "  $name: A $ta B $tb" >&2; fi
	row "$name" "$ma" "$mb" "${ratio:-0}" "$target" "$noisy"
}

# --only REGEX: run only the figures whose name matches
want() { [ -z "$ONLY" ] || grep -Eq -- "$ONLY" <<<"$1"; }

HAND_CSAT='100.0 * count(*) FILTER (WHERE s >= 4) / count(s)'
HAND_NPS='100.0 * (count(*) FILTER (WHERE ns >= 9) - count(*) FILTER (WHERE ns <= 6)) / count(ns)'
HAND_TOP='100.0 * count(*) FILTER (WHERE s = 5) / count(s)'

pair 'csat_pct(r) / count(*) (scan floor)' '<= 1.20' \
	'SELECT csat_pct(r) FROM bench_ratings' \
	'SELECT count(*) FROM bench_ratings'
pair 'csat_pct(r) / hand FILTER formula on smallint' '<= 0.80' \
	'SELECT csat_pct(r) FROM bench_ratings' \
	"SELECT $HAND_CSAT FROM bench_ratings"
pair 'nps(n) / hand NPS formula on smallint' '<= 0.80' \
	'SELECT nps(n) FROM bench_ratings' \
	"SELECT $HAND_NPS FROM bench_ratings"
pair 'ces_avg(r) / avg(smallint)' '<= 1.00' \
	'SELECT ces_avg(r) FROM bench_ratings' \
	'SELECT avg(s) FROM bench_ratings'
pair 'csat_pct(r), ces_avg(r) / csat_pct(r) alone (shared state)' '<= 1.10' \
	'SELECT csat_pct(r), ces_avg(r) FROM bench_ratings' \
	'SELECT csat_pct(r) FROM bench_ratings'
# 0.3.0 metrics: the NPS breakdown reads the one state nps(n) builds; top
# box against its hand formula
pair 'promoters_pct, passives_pct, detractors_pct, nps / nps(n) alone (shared state)' '<= 1.10' \
	'SELECT promoters_pct(n), passives_pct(n), detractors_pct(n), nps(n) FROM bench_ratings' \
	'SELECT nps(n) FROM bench_ratings'
pair 'top_box_pct(r) / hand top-box formula on smallint' '<= 0.85' \
	'SELECT top_box_pct(r) FROM bench_ratings' \
	"SELECT $HAND_TOP FROM bench_ratings"
pair 'top_box_pct(r, 2) / hand top-two-box formula on smallint' '<= 0.85' \
	'SELECT top_box_pct(r, 2) FROM bench_ratings' \
	"SELECT $HAND_CSAT FROM bench_ratings"
pair 'GROUP BY agent (50 groups) / hand formula grouped' '<= 1.00' \
	'SELECT agent, csat_pct(r) FROM bench_ratings GROUP BY agent' \
	"SELECT agent, $HAND_CSAT FROM bench_ratings GROUP BY agent"

# JIT: the server's default JIT compiles the hand-written FILTER formulas
# on big tables (the deforming and the FILTER expressions); csat's C
# transition is not compiled.  Both sides with jit_above_cost = 0, inlining
# and optimization on.
JIT_OPTS="-c jit=on -c jit_above_cost=0 -c jit_inline_above_cost=0 -c jit_optimize_above_cost=0"
if want JIT; then
	# (EXPLAIN prints its JIT section only with COSTS on)
	if ! PGOPTIONS="${PGOPTIONS:-} $JIT_OPTS" q -c "EXPLAIN (ANALYZE, TIMING OFF) SELECT $HAND_CSAT FROM bench_ratings" | grep -q '^JIT:'; then
		echo "note: no JIT in the plan (server built without LLVM?): the JIT figure runs without it" >&2
	fi
fi
PGOPTIONS="${PGOPTIONS:-} $JIT_OPTS" \
pair 'JIT on: csat_pct(r) / hand FILTER formula on smallint' '<= 0.90' \
	'SELECT csat_pct(r) FROM bench_ratings' \
	"SELECT $HAND_CSAT FROM bench_ratings"

# window: both read bench_window in id order through its primary key (no
# sort), enough work_mem to keep the partition in memory
PGOPTIONS="${PGOPTIONS:-} -c enable_sort=off -c work_mem=512MB" \
pair "sliding frame of 1,000 rows / running frame, $WROWS rows" '<= 1.30' \
	'SELECT sum(c) FROM (SELECT csat_pct(r) OVER (ORDER BY id ROWS BETWEEN 999 PRECEDING AND CURRENT ROW) AS c FROM bench_window) w' \
	'SELECT sum(c) FROM (SELECT csat_pct(r) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) AS c FROM bench_window) w'
if want 'sliding frame' && [ "$(q -c "EXPLAIN (COSTS OFF) SELECT sum(c) FROM (SELECT csat_pct(r) OVER (ORDER BY id ROWS BETWEEN 999 PRECEDING AND CURRENT ROW) AS c FROM bench_window) w" | grep -c Sort || true)" != 0 ]; then
	echo "note: the window plans sort (enable_sort=off not honoured)" >&2
fi

# parallel: A is serial, B two workers, so the ratio is the speedup
PAR="SELECT set_config('max_parallel_workers_per_gather', '2', false), set_config('parallel_setup_cost', '0', false), set_config('parallel_tuple_cost', '0', false), set_config('min_parallel_table_scan_size', '0', false)"
SER="SELECT set_config('max_parallel_workers_per_gather', '0', false)"
# the plan, as the timing function runs it (EXECUTE in plpgsql)
plan=$(q -c "SELECT * FROM bench_explain('SELECT csat_pct(r) FROM bench_ratings', \$s\$$PAR\$s\$)")
if want parallel && ! grep -q 'Partial Aggregate' <<<"$plan" || ! grep -q 'Workers Launched: 2' <<<"$plan"; then
	echo "the parallel plan has no Partial Aggregate with 2 workers launched:" >&2
	echo "$plan" >&2
	exit 1
fi
pair 'serial / 2 parallel workers (speedup)' '>= 1.6' \
	'SELECT csat_pct(r) FROM bench_ratings' \
	'SELECT csat_pct(r) FROM bench_ratings' \
	"$SER" "$PAR"

# size: one column of ratings vs one column of smallint, same rows
if want size; then
IFS='|' read -r sr ss colr cols <<<"$(q -F '|' \
	-c "CREATE TABLE bench_only_r AS SELECT r FROM bench_ratings" \
	-c "CREATE TABLE bench_only_s AS SELECT s FROM bench_ratings" \
	-c "SELECT pg_relation_size('bench_only_r'), pg_relation_size('bench_only_s'),
		(SELECT pg_column_size(r) FROM bench_ratings WHERE r IS NOT NULL LIMIT 1),
		(SELECT pg_column_size(s) FROM bench_ratings WHERE s IS NOT NULL LIMIT 1)" \
	-c "DROP TABLE bench_only_r, bench_only_s" | tail -1)"
row 'table of ratings / table of smallint (size)' "$((sr / 1024)) kB" "$((ss / 1024)) kB" \
	"$(awk -v a="$sr" -v b="$ss" 'BEGIN { print a / b }')" '= 1.00' \
	"columns $colr and $cols bytes; A/B columns are kB"
fi

# hash aggregation of many groups: peak memory of the HashAggregate
if want 'hash aggregation'; then
# HGROUPS groups of ~10 rows; n_distinct set so that the planner sizes the
# hash table for the real number of groups (an estimate from the column id
# would size it for every row and inflate both sides alike)
q -c "CREATE TABLE bench_groups AS SELECT (id % $HGROUPS)::int AS g, r, s FROM bench_ratings" \
	-c "ALTER TABLE bench_groups ALTER COLUMN g SET (n_distinct = $HGROUPS)" \
	-c "VACUUM (FREEZE, ANALYZE) bench_groups" >/dev/null
HQ_A="SELECT g, csat_pct(r) FROM bench_groups GROUP BY g"
HQ_B="SELECT g, $HAND_CSAT FROM bench_groups GROUP BY g"
hopts="${PGOPTIONS:-} -c work_mem=4GB -c enable_sort=off -c hash_mem_multiplier=1"
IFS='|' read -r pa ba da <<<"$(PGOPTIONS="$hopts" q -F '|' -c "SELECT * FROM bench_hashagg(\$q\$$HQ_A\$q\$)")"
IFS='|' read -r pb bb db <<<"$(PGOPTIONS="$hopts" q -F '|' -c "SELECT * FROM bench_hashagg(\$q\$$HQ_B\$q\$)")"
note="$HGROUPS groups; A/B columns are kB"
if [ "$ba" != 1 ] || [ "$bb" != 1 ] || [ "$da" != 0 ] || [ "$db" != 0 ]; then
	note="$note; SPILLED: batches $ba/$bb, disk $da/$db kB"
fi
row "hash aggregation, $HGROUPS groups: peak memory / hand formula's" "$pa kB" "$pb kB" \
	"$(awk -v a="$pa" -v b="$pb" 'BEGIN { print a / b }')" '<= 2.5' "$note"
q -c "DROP TABLE bench_groups" >/dev/null
fi

# context: what reading the rating column costs by itself (count(r) deforms
# the tuple up to r like every aggregate over r; count(*) reads no column)
if want context; then
	echo
	echo "context (not targets):"
	echo
	echo "$HDR"
	echo '|---|---:|---:|---:|---|---|'
	pair 'context: count(r) / count(*) (cost of reading column r)' info \
		'SELECT count(r) FROM bench_ratings' \
		'SELECT count(*) FROM bench_ratings'
	pair 'context: csat_pct(r) / count(r)' info \
		'SELECT csat_pct(r) FROM bench_ratings' \
		'SELECT count(r) FROM bench_ratings'
fi

echo
echo "$FIGURES figures, $MISSES missed, $(( $(date +%s) - START )) s"
if [ "$(so_id)" != "$SO_AT_START" ]; then
	echo "WARNING: $CSAT_SO changed during the run (make install?): figures mix two builds"
fi
if [ "$STRICT" = 1 ] && [ "$MISSES" -gt 0 ]; then
	exit 1
fi
exit 0
