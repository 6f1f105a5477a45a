#!/usr/bin/env bash
# Low-score alert benchmark (issue 13): csat-alertd's delivery throughput to
# a local webhook sink, the latency from a writer's COMMIT to the webhook's
# POST (polling once a second, and woken by the trigger's NOTIFY channel),
# and the insert overhead of the queue trigger against the NOTIFY trigger.
#
#   test/bench/alerts.sh             the full run (about a minute)
#   test/bench/alerts.sh --smoke     tiny sizes: does everything run?
#
# Runs in a throwaway cluster (test/pg/cluster.sh; PG_CONFIG picks the
# PostgreSQL) unless CSAT_ALERTS_CLUSTER is set.  csat and csat-alertd must be
# installed in that PostgreSQL.  The sink is test/alerts/sink.py (Python,
# one thread per connection): its own cost is part of the throughput.
#
# Figures: throughput = alerts / wall time of `csat-alertd --once`
# (median of 3); latency = sink receive time - the writer's time right after
# COMMIT returned, p50 and p99 over one alert every 25 ms; insert overhead =
# median pgbench tps of single-row INSERT transactions (each rating low, so
# every insert alerts) into tables with no trigger, the NOTIFY trigger and
# the queue trigger, interleaved rounds, given as ratios.
set -uo pipefail
cd "$(dirname "$0")/../.."
SMOKE=
[ "${1:-}" = --smoke ] && SMOKE=1
. test/alerts/lib.sh
al_init bench_alerts "$@"

if [ -n "$SMOKE" ]; then N=300; LAT=20; TX=200; ROUNDS=1; else N=20000; LAT=400; TX=3000; ROUNDS=5; fi

q "CREATE EXTENSION csat;
   CREATE TABLE t_none  (id bigserial PRIMARY KEY, csat satisfaction_rating(1,5));
   CREATE TABLE t_notify (LIKE t_none INCLUDING ALL);
   CREATE TABLE t_queue (LIKE t_none INCLUDING ALL);
   CREATE TABLE t_wake (LIKE t_none INCLUDING ALL);
   CREATE TRIGGER n AFTER INSERT OR UPDATE ON t_notify FOR EACH ROW
     EXECUTE FUNCTION csat_notify_low_rating('csat', 'low', '2', 'id');
   CREATE TRIGGER q AFTER INSERT OR UPDATE ON t_queue FOR EACH ROW
     EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id');
   CREATE TRIGGER w AFTER INSERT OR UPDATE ON t_wake FOR EACH ROW
     EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id', 'csat_wake');" >/dev/null || fail setup
DSN="host=$PGHOST port=$PGPORT dbname=$PGDATABASE"
al_sink
echo "PostgreSQL: $(q "SHOW server_version"); $(nproc) cores"

# --- throughput
rates=()
for r in 1 2 3; do
	[ -n "$SMOKE" ] && [ $r -gt 1 ] && break
	q "INSERT INTO t_queue (csat) SELECT '1/5' FROM generate_series(1, $N)"
	t0=$(date +%s.%N)
	"$ALERTD" --dsn "$DSN" --url "$SINK_URL" --once --batch 500 2>"$AL_TMP/tp.log" || fail "throughput run failed"
	t1=$(date +%s.%N)
	[ "$(q "SELECT count(*) FROM csat_alert WHERE delivered_at IS NULL")" = 0 ] || fail "not all delivered"
	rates+=("$(awk -v n=$N -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')")
done
tp=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "throughput: $tp alerts/s (median of ${#rates[@]} runs of $N alerts: ${rates[*]}; target >= 1000)"
q "TRUNCATE csat_alert" >/dev/null

# --- latency: commit to POST
latency() {	# table, then csat-alertd options
	local table=$1
	shift
	: >"$SINK_LOG"
	al_start "$AL_TMP/lat.log" --dsn "$DSN" --url "$SINK_URL" "$@"
	al_wait 10 grep -q connected "$AL_TMP/lat.log" || fail "no forwarder"
	sleep 0.5
	/usr/bin/python3 - "$table" "$LAT" "$SINK_LOG" <<'PY'
import json, sys, time, psycopg2
table, n, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
conn = psycopg2.connect("")
conn.autocommit = True
cur = conn.cursor()
committed = {}
for i in range(n):
    cur.execute(f"INSERT INTO {table} (csat) VALUES ('1/5') RETURNING id")
    committed[str(cur.fetchone()[0])] = time.time()
    time.sleep(0.025)
deadline = time.time() + 15
while True:
    got = {}
    for line in open(log):
        r = json.loads(line)
        got.setdefault(json.loads(r["body"])["key"], r["t"])
    if len(got) >= n or time.time() > deadline:
        break
    time.sleep(0.2)
lat = sorted(got[k] - t for k, t in committed.items() if k in got)
if len(lat) < n:
    print(f"only {len(lat)} of {n} arrived"); sys.exit(1)
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000
print(f"p50 {p(0.50):.0f} ms, p99 {p(0.99):.0f} ms, max {lat[-1] * 1000:.0f} ms over {n} alerts")
PY
	local rc=$?
	kill -TERM "$ALERTD_PID"
	wait "$ALERTD_PID"
	return $rc
}
echo "latency, polling every 1 s: $(latency t_queue --poll 1) (target p99 <= 1500 ms)" || fail latency
echo "latency, NOTIFY wake-up:    $(latency t_wake --poll 30 --channel csat_wake) (target p99 <= 200 ms)" || fail latency
q "TRUNCATE csat_alert" >/dev/null

# --- insert overhead: one-row INSERT transactions, every rating low
declare -A tps
for t in t_none t_notify t_queue; do
	echo "INSERT INTO $t (csat) VALUES ('1/5');" >"$AL_TMP/$t.sql"
	pgbench -n -c 1 -t 100 -f "$AL_TMP/$t.sql" >/dev/null 2>&1	# warm-up
done
for r in $(seq $ROUNDS); do
	for t in t_none t_notify t_queue; do
		v=$(pgbench -n -c 1 -t $TX -f "$AL_TMP/$t.sql" 2>&1 | sed -n 's/^tps = \([0-9.]*\) .*/\1/p')
		tps[$t]="${tps[$t]:-} $v"
	done
done
med() { printf '%s\n' $1 | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
none=$(med "${tps[t_none]}"); notify=$(med "${tps[t_notify]}"); queue=$(med "${tps[t_queue]}")
echo "insert tps (median of $ROUNDS interleaved rounds of $TX one-row transactions): no trigger $none, NOTIFY trigger $notify, queue trigger $queue"
awk -v n="$none" -v a="$notify" -v b="$queue" 'BEGIN {
	printf "insert time per alerting row: NOTIFY trigger %.2fx no trigger, queue trigger %.2fx no trigger, queue / NOTIFY %.2fx\n", n / a, n / b, a / b }'
# bulk: one INSERT of many low ratings, server-side time
for r in $(seq $ROUNDS); do
	for t in t_none t_notify t_queue; do
		v=$(psql -X -A -t -q -c "\\timing on" -c "INSERT INTO $t (csat) SELECT '1/5' FROM generate_series(1, $N)" 2>&1 |
			sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
		tps[b$t]="${tps[b$t]:-} $v"
	done
done
bn=$(med "${tps[bt_none]}"); ba=$(med "${tps[bt_notify]}"); bq=$(med "${tps[bt_queue]}")
awk -v n="$bn" -v a="$ba" -v b="$bq" -v rows=$N 'BEGIN {
	printf "bulk INSERT of %d low ratings: no trigger %.0f ms, NOTIFY trigger %.0f ms (%.2fx), queue trigger %.0f ms (%.2fx)\n", rows, n, a, a / n, b, b / n }'
echo "bench_alerts: done"
