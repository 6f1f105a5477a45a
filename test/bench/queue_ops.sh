#!/usr/bin/env bash
# Alert queue benchmark (issue 17): figures measured side by side in one run.
#
#   1. Claim latency with 0 and with 100,000 given-up alerts.  Two databases
#      hold the same 2,000 due alerts; in one, 100,000 given-up alerts with
#      lower alert_ids (the oldest, as in life) sit in front of them.  pgbench
#      runs `BEGIN; SELECT csat_alert_claim(100); ROLLBACK` against each, in
#      interleaved rounds; the figure is the ratio of the median latencies
#      (target <= 1.2: given-up alerts are out of the claim index).
#   2. Bulk insert of 100,000 low ratings into a partitioned table (4 list
#      partitions, an index on the key column) carrying
#      csat_enqueue_low_rating(), as one INSERT ... SELECT, with this tree's
#      csat and with 0.3.0's (built from git, commit CSAT_030_COMMIT, into a
#      private copy of the same PostgreSQL), median of 3; beside them the same
#      insert without a trigger.
#
#   PG_CONFIG=... test/bench/queue_ops.sh            full run (a few minutes)
#   PG_CONFIG=... test/bench/queue_ops.sh --smoke    tiny sizes
#
# csat must be installed in PG_CONFIG's PostgreSQL (make install).  Prints
# one line per figure.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
PG_CONFIG=${PG_CONFIG:-pg_config}
SMOKE=
[ "${1:-}" = --smoke ] && SMOKE=1
if [ -n "$SMOKE" ]; then GIVEN_UP=2000; DUE=500; ROWS=2000; ROUNDS=1; TX=50; else GIVEN_UP=100000; DUE=2000; ROWS=100000; ROUNDS=5; TX=400; fi
COMMIT_030=${CSAT_030_COMMIT:-0495f91^}
work=$(mktemp -d /tmp/csat_bench_queue_XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# ---- 1. claims, inside a throwaway cluster of this tree's csat
claims() {
	local db p lat0 lat1
	for db in q0 q1; do
		createdb "$db" && psql -X -q -d "$db" -c "CREATE EXTENSION csat" \
			-c "CREATE TABLE answers (id bigint, csat satisfaction_rating(1,5))" \
			-c "CREATE TRIGGER low AFTER INSERT ON answers FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id')" ||
			return 1
	done
	# q1: the given-up alerts first (lower alert_ids), then the due ones
	psql -X -q -d q1 -c "INSERT INTO answers SELECT i, '1/5' FROM generate_series(1, $GIVEN_UP) i" \
		-c "UPDATE csat_alert SET attempts = 10, last_error = 'HTTP 410', next_attempt_at = 'infinity'" || return 1
	for db in q0 q1; do
		psql -X -q -d "$db" -c "INSERT INTO answers SELECT i, '1/5' FROM generate_series(1, $DUE) i" \
			-c "VACUUM ANALYZE csat_alert" || return 1
	done
	printf 'BEGIN;\nSELECT count(*) FROM csat_alert_claim(100);\nROLLBACK;\n' >"$work/claim.sql"
	for ((i = 0; i < ROUNDS; i++)); do
		for db in q0 q1; do
			p=$(pgbench -n -f "$work/claim.sql" -t "$TX" "$db" 2>/dev/null | sed -nE 's/^latency average = ([0-9.]+) ms.*/\1/p')
			echo "$p" >>"$work/lat_$db"
		done
	done
	lat0=$(median <"$work/lat_q0")
	lat1=$(median <"$work/lat_q1")
	echo "claim latency (csat_alert_claim(100), $DUE due): $lat0 ms with 0 given-up alerts, $lat1 ms with $GIVEN_UP given-up;" \
		"ratio $(awk -v a="$lat0" -v b="$lat1" 'BEGIN { printf "%.2f", b / a }') (target <= 1.2; median of $ROUNDS rounds x $TX claims)"
}

# ---- 2. bulk insert into a partitioned table
bulk() {
	local label=$1 trig=$2 i t
	psql -X -q -c "CREATE EXTENSION IF NOT EXISTS csat" \
		-c "CREATE TABLE answers (ticket_id bigint, region text, csat satisfaction_rating(1,5)) PARTITION BY LIST (region)" \
		-c "CREATE TABLE answers_eu PARTITION OF answers FOR VALUES IN ('eu')" \
		-c "CREATE TABLE answers_us PARTITION OF answers FOR VALUES IN ('us')" \
		-c "CREATE TABLE answers_ap PARTITION OF answers FOR VALUES IN ('ap')" \
		-c "CREATE TABLE answers_sa PARTITION OF answers FOR VALUES IN ('sa')" \
		-c "CREATE INDEX ON answers (ticket_id)" || return 1
	[ "$trig" = yes ] && { psql -X -q -c "CREATE TRIGGER low AFTER INSERT OR UPDATE ON answers FOR EACH ROW
		EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'ticket_id')" || return 1; }
	for i in 1 2 3; do
		psql -X -q -c "TRUNCATE answers" -c "DELETE FROM csat_alert" -c "VACUUM csat_alert" || return 1
		t=$(psql -X -q -c '\timing on' -c "INSERT INTO answers SELECT i, (ARRAY['eu','us','ap','sa'])[1 + i % 4], '1/5'
			FROM generate_series(1, $ROWS) i" | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p')
		echo "$t" >>"$work/bulk_$label"
	done
	if [ "$trig" = yes ]; then
		[ "$(psql -X -A -t -c "SELECT count(*) FROM csat_alert")" = "$ROWS" ] ||
			{ echo "bulk insert ($label): alerts lost"; return 1; }
	fi
	psql -X -q -c "DROP TABLE answers" || return 1
	echo "$(median <"$work/bulk_$label")" >"$work/bulk_${label}_median"
}

export -f claims bulk median
export GIVEN_UP DUE ROWS ROUNDS TX work
PG_CONFIG=$PG_CONFIG test/pg/cluster.sh bash -c 'claims && bulk now yes && bulk none no' || { echo "queue_ops: FAILED"; exit 1; }

# 0.3.0, built from git into a private copy of the same PostgreSQL
mkdir -p "$work/src030"
git archive "$COMMIT_030" | tar -x -C "$work/src030" || { echo "queue_ops: cannot extract $COMMIT_030"; exit 1; }
pg030=$(test/pg/private.sh "$work/pg030" "$PG_CONFIG") || exit 1
(cd "$work/src030" && make -s PG_CONFIG="$pg030" >/dev/null 2>&1 && make -s install PG_CONFIG="$pg030" >/dev/null 2>&1) ||
	{ echo "queue_ops: cannot build 0.3.0"; exit 1; }
PG_CONFIG=$pg030 test/pg/cluster.sh bash -c 'bulk v030 yes' || { echo "queue_ops: FAILED (0.3.0)"; exit 1; }

now=$(cat "$work/bulk_now_median")
v030=$(cat "$work/bulk_v030_median")
none=$(cat "$work/bulk_none_median")
echo "bulk insert of $ROWS low ratings into a partitioned table (4 partitions, key indexed), median of 3:" \
	"$now ms with this tree's trigger, $v030 ms with 0.3.0's ($(awk -v a="$v030" -v b="$now" 'BEGIN { printf "%.2f", a / b }')x slower)," \
	"$none ms without a trigger; every alert counted"
