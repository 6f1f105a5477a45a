#!/usr/bin/env bash
# Segment watch benchmark (issue 20): csat_watch_run() over 10 watches on a
# 5M-row table (a year of answers, 100 teams), each watch one metric over
# the last 30 days per team, against the same 10 GROUP BY queries written by
# hand; and what a csat_watch_run() costs when nothing changed.
#
#   test/bench/watches.sh            the full run (5M rows; a few minutes)
#   test/bench/watches.sh --smoke    50,000 rows: does everything run?
#
# Runs in a throwaway cluster (test/pg/cluster.sh; PG_CONFIG picks the
# PostgreSQL) with csat installed in it.  Figures: medians of 7 interleaved
# rounds (which goes first alternates), timed inside the server (clock_timestamp() around each statement,
# so psql's and the network's costs are out).
#   run / hand       csat_watch_run() (every segment's state checked, alerts
#                    queued on the first run only) / the 10 queries by hand
#   unchanged run    a csat_watch_run() that queues nothing, in ms
#   fixed cost       a csat_watch_run() whose 10 watches see no row (period
#                    of 1 s), in ms: the cost beyond the queries themselves
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${CSAT_BENCH_CLUSTER:-}" ]; then
	export PG_CONFIG=${PG_CONFIG:-pg_config}
	CSAT_BENCH_CLUSTER=1 exec test/pg/cluster.sh -o shared_buffers=512MB -o max_parallel_workers_per_gather=0 \
		bash "$0" "$@"
fi
ROWS=5000000
[ "${1:-}" = --smoke ] && ROWS=50000
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 -c "$*"; }
fail() { echo "bench_watches: FAILED: $*"; exit 1; }

echo "PostgreSQL $(q "SHOW server_version"); $(nproc) cores; $ROWS rows"
q "CREATE EXTENSION csat;
   CREATE TABLE answers (answered_at timestamptz, team text, rating satisfaction_rating(0,10));
   INSERT INTO answers
   SELECT now() - (i % 365) * interval '1 day' - (i % 86400) * interval '1 second',
          'team' || (i * 7 % 100), rating((i * 31 + i / 100) % 11, 0, 10)
   FROM generate_series(1, $ROWS) i;
   CREATE INDEX ON answers (answered_at);" && q "VACUUM ANALYZE answers" || fail "loading"

metrics=(csat_pct nps ces_avg top_box_pct bottom_box_pct ces_easy_pct promoters_pct detractors_pct csat_pct nps)
thresholds=(60 0 5 40 20 0 40 40 70 10)
hand=()
for i in "${!metrics[@]}"; do
	m=${metrics[$i]}
	[ "$m" = ces_easy_pct ] && m=top_box_pct	# 0..10 is not a CES scale
	q "SELECT csat_watch_create('w$i', 'answers', 'rating', 'answered_at', '{team}', '$m', ${thresholds[$i]})" >/dev/null ||
		fail "watch w$i"
	hand+=("SELECT team, $m(rating_summary(rating)), count(rating) FROM answers WHERE answered_at >= now() - interval '30 days' AND answered_at <= now() GROUP BY team")
done
# the hand queries, as one SQL array literal for the timing function
arr=$(printf '%s\n' "${hand[@]}" | /usr/bin/python3 -c 'import sys; print("ARRAY[" + ",".join("$q$" + l.rstrip("\n") + "$q$" for l in sys.stdin) + "]")')
q "CREATE FUNCTION ms(stmts text[]) RETURNS float8 LANGUAGE plpgsql AS \$\$
   DECLARE t0 timestamptz := clock_timestamp(); s text; n bigint;
   BEGIN
     FOREACH s IN ARRAY stmts LOOP EXECUTE 'SELECT count(*) FROM (' || s || ') x' INTO n; END LOOP;
     RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
   END \$\$" || fail "timing function"

first=$(q "SELECT ms(ARRAY['SELECT * FROM csat_watch_run()'])")
alerts=$(q "SELECT count(*) FROM csat_alert")
segs=$(q "SELECT count(*) FROM csat_watch_state")
echo "first run: ${first%.*} ms, $alerts alerts queued ($segs segments in breach)"
runs=(); hands=(); ratios=()
for r in 1 2 3 4 5 6 7; do
	# alternate which goes first (the machine's load and the cache drift)
	if [ $((r % 2)) = 1 ]; then
		h=$(q "SELECT ms($arr)")
		w=$(q "SELECT ms(ARRAY['SELECT * FROM csat_watch_run()'])")
	else
		w=$(q "SELECT ms(ARRAY['SELECT * FROM csat_watch_run()'])")
		h=$(q "SELECT ms($arr)")
	fi
	runs+=("$w"); hands+=("$h")
	ratios+=("$(awk -v a="$w" -v b="$h" 'BEGIN { printf "%.3f", a / b }')")
done
[ "$(q "SELECT count(*) FROM csat_alert")" = "$alerts" ] || fail "an unchanged run queued alerts"
med() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "10 watches x 100 teams over 30 days: unchanged run $(med "${runs[@]}") ms, by hand $(med "${hands[@]}") ms, run / hand = $(med "${ratios[@]}") (target <= 1.2; rounds: ${ratios[*]})"

q "UPDATE csat_watch SET period = '1 second'" || fail "short periods"
q "SELECT count(*) FROM csat_watch_run()" >/dev/null	# every breach recovers
arr1=${arr//30 days/1 second}
fixed=(); fixed_hand=()
for r in 1 2 3 4 5 6 7; do
	fixed+=("$(q "SELECT ms(ARRAY['SELECT * FROM csat_watch_run()'])")")
	fixed_hand+=("$(q "SELECT ms($arr1)")")
done
echo "fixed cost of a run (10 watches, no row in their period): $(med "${fixed[@]}") ms; the 10 queries by hand: $(med "${fixed_hand[@]}") ms"
