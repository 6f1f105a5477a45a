#!/usr/bin/env bash
# Load: pgbench with 8 clients inserting ratings through prepared statements
# (test/reliability/load/insert.sql: integer scores through the typmod
# assignment casts, text input, rating(), NULLs; a btree and a hash index
# on the ratings) and, at the same time, 2 clients aggregating
# (test/reliability/load/aggregate.sql: csat_pct, nps, ces_avg,
# rating_summary checked against the plain-SQL formulas in the same
# snapshot; a mismatch aborts the client) for LOAD_SECONDS (default 60).
# Then: both runs exit 0 with no failed or aborted transaction, every
# committed insert is in the table (row count = pgbench's processed count,
# and per client = pgbench's transaction log), and the final aggregates
# equal the plain-SQL oracle serially, per client (hashed), in a parallel
# plan and through daily summaries; the btree index passes amcheck and the
# hash index agrees with a sequential scan.
# Runs inside pg_virtualenv as the superuser (< 100 s with the default).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/reliability/lib.sh
rel_init load
rel_tmp
T=$REL_TMP
secs=${LOAD_SECONDS:-60}
command -v pgbench >/dev/null || fail "pgbench not found"

rel_db db load
q "$db" -c "CREATE EXTENSION csat" -c "CREATE TABLE load_ratings (
	id		bigserial PRIMARY KEY,
	client	integer NOT NULL,
	v10		smallint,
	r10		satisfaction_rating(0,10),
	v5		smallint NOT NULL,
	r5		satisfaction_rating(1,5) NOT NULL,
	v7		smallint NOT NULL,
	r7		satisfaction_rating(1,7) NOT NULL,
	lo		smallint NOT NULL,
	hi		smallint NOT NULL,
	va		smallint NOT NULL,
	rany	satisfaction_rating NOT NULL,
	at		timestamptz NOT NULL DEFAULT clock_timestamp())" \
	-c "CREATE INDEX load_r5 ON load_ratings (r5)" \
	-c "CREATE INDEX load_r10 ON load_ratings USING hash (r10)" >/dev/null || fail "setup"

# two concurrent runs; -l logs every transaction (client id first)
(cd "$T" && exec pgbench -n -M prepared -c 8 -j 2 -T "$secs" -l --log-prefix=ins \
	-f "$OLDPWD/test/reliability/load/insert.sql" "$db") >"$T/insert.out" 2>&1 &
pid_ins=$!
(cd "$T" && exec pgbench -n -M prepared -c 2 -j 1 -T "$secs" \
	-f "$OLDPWD/test/reliability/load/aggregate.sql" "$db") >"$T/aggregate.out" 2>&1 &
pid_agg=$!
wait "$pid_ins"
rc_ins=$?
wait "$pid_agg"
rc_agg=$?
echo "--- inserting clients"
grep -E 'number of (clients|transactions|failed)|latency average|tps|aborted' "$T/insert.out"
echo "--- aggregating clients"
grep -E 'number of (clients|transactions|failed)|latency average|tps|aborted' "$T/aggregate.out"
[ "$rc_ins" = 0 ] || { tail -20 "$T/insert.out"; fail "insert pgbench exited with $rc_ins"; }
[ "$rc_agg" = 0 ] || { tail -20 "$T/aggregate.out"; fail "aggregate pgbench exited with $rc_agg (a mismatch aborts a client)"; }
for f in insert aggregate; do
	grep -qi 'aborted\|error' "$T/$f.out" && { grep -i 'aborted\|error' "$T/$f.out" | head; fail "$f: errors reported"; }
	failed=$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$T/$f.out")
	[ "${failed:-0}" = 0 ] || fail "$f: $failed failed transactions"
done
n_ins=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$T/insert.out")
n_agg=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$T/aggregate.out")
[ -n "$n_ins" ] && [ "$n_ins" -gt 0 ] || fail "no insert transactions"
[ -n "$n_agg" ] && [ "$n_agg" -gt 0 ] || fail "no aggregate transactions"

# every committed insert is there: in total and per client (transaction log)
rows=$(q "$db" "SELECT count(*) FROM load_ratings")
[ "$rows" = "$n_ins" ] || fail "$rows rows, pgbench committed $n_ins inserts"
cat "$T"/ins.* | awk '{ n[$1]++ } END { for (c in n) print c "\t" n[c] }' | sort -n >"$T/log_counts"
[ "$(awk '{ s += $2 } END { print s }' "$T/log_counts")" = "$n_ins" ] ||
	fail "the transaction log has $(awk '{ s += $2 } END { print s }' "$T/log_counts") lines, pgbench reports $n_ins"
q "$db" "SELECT client, count(*) FROM load_ratings GROUP BY client ORDER BY client" | tr '|' '\t' >"$T/db_counts"
diff "$T/log_counts" "$T/db_counts" >/dev/null ||
	{ paste "$T/log_counts" "$T/db_counts"; fail "rows per client differ from pgbench's transaction log"; }
r=$(q "$db" "SELECT count(*) FILTER (WHERE rating_value(r5) <> v5 OR rating_value(r7) <> v7 OR rating_value(rany) <> va
		OR scale_lo(rany) <> lo OR scale_hi(rany) <> hi OR (r10 IS NULL) <> (v10 IS NULL) OR rating_value(r10) <> v10
		OR scale_lo(r5) <> 1 OR scale_hi(r5) <> 5 OR scale_lo(r10) <> 0 OR scale_hi(r10) <> 10 OR scale_hi(r7) <> 7)
	FROM load_ratings")
[ "$r" = 0 ] || fail "$r rows hold a rating that differs from its raw score"

# the final aggregates against the plain-SQL oracle, four ways
oracle="count(*) AS n, count(v10) AS answered10,
	100.0 * count(*) FILTER (WHERE v5 >= 4) / count(v5) AS csat5,
	100.0 * count(*) FILTER (WHERE v5 >= 3) / count(v5) AS csat5_3,
	100.0 * (count(*) FILTER (WHERE v10 >= 9) - count(*) FILTER (WHERE v10 <= 6)) / count(v10) AS nps10,
	avg(v7) AS ces7,
	100.0 * count(*) FILTER (WHERE va >= CASE WHEN hi - lo >= 3 THEN hi - 1 ELSE hi END) / count(va) AS csat_any"
ext="count(*) AS n, answered(rating_summary(r10)) AS answered10, csat_pct(r5) AS csat5, csat_pct(r5, 3) AS csat5_3,
	nps(r10) AS nps10, ces_avg(r7) AS ces7, csat_pct(rany) AS csat_any"
q "$db" -c "SET max_parallel_workers_per_gather = 0" -c "SELECT $oracle FROM load_ratings" >"$T/oracle" || fail "oracle"
[ "$(cut -d'|' -f1 "$T/oracle")" = "$rows" ] || fail "the oracle read $(cut -d'|' -f1 "$T/oracle") rows, not $rows"
q "$db" -c "SET max_parallel_workers_per_gather = 0" -c "SELECT $ext FROM load_ratings" >"$T/serial" || fail "serial"
diff "$T/oracle" "$T/serial" >/dev/null || { paste -d'\n' "$T/oracle" "$T/serial"; fail "serial aggregates differ from the oracle"; }
q "$db" -c "SET max_parallel_workers_per_gather = 2" -c "SET parallel_setup_cost = 0" -c "SET parallel_tuple_cost = 0" \
	-c "SET min_parallel_table_scan_size = 0" -c "SELECT $ext FROM load_ratings" >"$T/parallel" || fail "parallel"
diff "$T/oracle" "$T/parallel" >/dev/null || { paste -d'\n' "$T/oracle" "$T/parallel"; fail "parallel aggregates differ from the oracle"; }
plan=$(q "$db" -c "SET max_parallel_workers_per_gather = 2" -c "SET parallel_setup_cost = 0" -c "SET parallel_tuple_cost = 0" \
	-c "SET min_parallel_table_scan_size = 0" -c "EXPLAIN (COSTS OFF) SELECT $ext FROM load_ratings")
grep -q 'Partial Aggregate' <<<"$plan" || { echo "$plan"; fail "the parallel check did not get a partial aggregate plan"; }
q "$db" -c "SET max_parallel_workers_per_gather = 0" -c "SET enable_sort = off" \
	-c "SELECT client, $oracle FROM load_ratings GROUP BY client ORDER BY client" >"$T/oracle_g" || fail "oracle per client"
q "$db" -c "SET max_parallel_workers_per_gather = 0" -c "SET enable_sort = off" \
	-c "SELECT client, $ext FROM load_ratings GROUP BY client ORDER BY client" >"$T/ext_g" || fail "per client"
diff "$T/oracle_g" "$T/ext_g" >/dev/null || { diff "$T/oracle_g" "$T/ext_g" | head; fail "per-client aggregates differ from the oracle"; }
r=$(q "$db" "WITH d AS (SELECT date_trunc('second', at) AS sec, rating_summary(r5) AS s5, rating_summary(r10) AS s10,
		rating_summary(rany) AS sa FROM load_ratings GROUP BY 1)
	SELECT (SELECT rating_summary(s5)::text || rating_summary(s10)::text || rating_summary(sa)::text FROM d)
		= (SELECT rating_summary(r5)::text || rating_summary(r10)::text || rating_summary(rany)::text FROM load_ratings)
		AND (SELECT nps(rating_summary(s10)) FROM d) = (SELECT nps(r10) FROM load_ratings)")
[ "$r" = t ] || fail "per-second summaries merged differ from the direct aggregate"

# the indexes built under concurrent inserts
n=$(q "$db" -c "CREATE EXTENSION amcheck" -c "SELECT bt_index_check('load_r5', true)::text || 'ok'" 2>&1) ||
	fail "amcheck on the btree index: $n"
a=$(q "$db" -c "SET enable_seqscan = off" -c "SET enable_bitmapscan = off" \
	-c "SELECT string_agg((SELECT count(*) FROM load_ratings WHERE r10 = rating(v, 0, 10))::text, ',' ORDER BY v)
		FROM generate_series(0, 10) v")
b=$(q "$db" "SELECT string_agg(coalesce(c, 0)::text, ',' ORDER BY v) FROM generate_series(0, 10) v
	LEFT JOIN (SELECT v10, count(*) AS c FROM load_ratings GROUP BY v10) x ON x.v10 = v")
[ "$a" = "$b" ] || fail "hash index lookups ($a) differ from the raw scores ($b)"

tps=$(awk -v n="$n_ins" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
echo "load: ok: ${secs} s, 8 inserting clients committed $n_ins rows (~$tps/s), all present (per client too);" \
	"2 aggregating clients ran $n_agg checked transactions; 0 failed, 0 aborted; final aggregates over $rows rows" \
	"equal the oracle (serial, parallel, per client, via per-second summaries); btree amcheck ok, hash index consistent; $(rel_elapsed) s"
