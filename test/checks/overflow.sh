#!/usr/bin/env bash
# Overflow: rating summaries whose counts are near the bigint limit.  Text
# input at and past 2^63 - 1, merging with the rating_summary(rating_summary)
# aggregate (serial, hashed GROUP BY, and a parallel plan whose partial
# aggregates fit but whose total does not), the combine and transition
# functions called directly, and every accessor at the limit against its
# numeric formula (test/reliability/overflow.sql).  Past the limit the only
# acceptable outcome is ERROR 22003 (numeric_value_out_of_range): never a
# wrapped count, a wrong result or another SQLSTATE.
# Runs inside pg_virtualenv as the superuser (< 60 s).
# versions: all
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/reliability/lib.sh
rel_init overflow
rel_tmp
T=$REL_TMP

rel_db db ovf
q "$db" "CREATE EXTENSION csat" || fail "CREATE EXTENSION csat"
q "$db" -f test/reliability/overflow.sql >"$T/out" 2>&1 || fail "overflow.sql: $(cat "$T/out")"
ncases=0
nbad=0
while IFS='|' read -r name expected got; do
	name=${name% }
	expected=${expected# }
	expected=${expected% }
	got=${got# }
	ncases=$((ncases + 1))
	if [ "${got%% *}" = "$expected" ]; then
		echo "ok   $name: $expected"
	else
		echo "FAIL $name: expected $expected, got $got"
		nbad=$((nbad + 1))
	fi
done <"$T/out"
[ "$ncases" -ge 40 ] || fail "only $ncases cases ran: $(cat "$T/out")"

# ---- a parallel plan: 60,000 summaries of floor((2^63 - 1) / 40,000)
# answers.  40,000 of them land just under the limit (exact); all 60,000
# pass it, although each of the two workers' partial states (about 30,000)
# fits: 22003 from the leader's final combine (or from a worker's partial
# if the scan happens to be lopsided).
per=$(q "$db" "SELECT 9223372036854775807 / 40000")
q "$db" -c "CREATE TABLE parts (id integer, s rating_summary)" \
	-c "INSERT INTO parts SELECT i, ('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,$per unanswered 0}')::rating_summary
		FROM generate_series(1, 60000) i" -c "ANALYZE parts" >/dev/null || fail "parts table"
par="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
	SET min_parallel_table_scan_size = 0; SET parallel_leader_participation = off;"
pages=$(q "$db" "SELECT relpages FROM pg_class WHERE relname = 'parts'")
plan=$(q "$db" -c "$par" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT rating_summary(s) FROM parts WHERE id <= 40000" 2>&1)
grep -q 'Partial Aggregate' <<<"$plan" && grep -q 'Workers Launched: [12]' <<<"$plan" ||
	{ echo "$plan"; fail "no partial aggregation by parallel workers"; }
workers=$(grep -o 'Workers Launched: [0-9]*' <<<"$plan" | grep -o '[0-9]*$')
r=$(q "$db" -c "$par" -c "SELECT answered(rating_summary(s)) = 40000 * $per::numeric
	AND rating_summary(s)::text = '{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,' || 40000 * $per::numeric || ' unanswered 0}'
	FROM parts WHERE id <= 40000" 2>&1)
if [ "$r" = t ]; then
	echo "ok   parallel: 40,000 x $per merged exactly by $workers workers"
else
	echo "FAIL parallel: 40,000 summaries under the limit: $r"
	nbad=$((nbad + 1))
fi
ncases=$((ncases + 1))
for agg in "rating_summary(s)::text" "csat_pct(rating_summary(s))" "answered(rating_summary(s))"; do
	out=$(psql -X -q -d "$db" -v VERBOSITY=verbose -c "$par" -c "SELECT $agg FROM parts" 2>&1)
	if grep -Eq '^ERROR: +22003:' <<<"$out"; then
		echo "ok   parallel: $agg over 60,000 x $per: 22003"
	else
		echo "FAIL parallel: $agg over 60,000 x $per: expected 22003, got: $out"
		nbad=$((nbad + 1))
	fi
	ncases=$((ncases + 1))
done
# the whole aggregation inside a worker (force_parallel_mode): the error
# crosses the process boundary with its SQLSTATE
out=$(psql -X -q -d "$db" -v VERBOSITY=verbose -c "SET force_parallel_mode = on" \
	-c "SELECT rating_summary(s)::text FROM (SELECT s FROM parts WHERE id <= 41000) x" 2>&1)
if grep -Eq '^ERROR: +22003:' <<<"$out"; then
	echo "ok   force_parallel_mode: 41,000 x $per in a worker: 22003"
else
	echo "FAIL force_parallel_mode: 41,000 x $per in a worker: expected 22003, got: $out"
	nbad=$((nbad + 1))
fi
ncases=$((ncases + 1))

[ "$nbad" = 0 ] || fail "$nbad of $ncases cases failed"
echo "overflow: ok: $ncases cases (text input, serial/hashed/parallel merges ($pages pages, $workers workers), transitions, accessors at 2^63 - 1); $(rel_elapsed) s"
