#!/usr/bin/env bash
# csat-alertd under load and faults: 10,000 low ratings (and as many high
# ones) written by 8 concurrent pgbench clients while the forwarder
# delivers; PostgreSQL restarted mid-run (the forwarder reconnects and goes
# on, sending nothing twice); the forwarder killed with SIGKILL mid-batch
# and two others started on the same queue (the killed one's claims come
# back after the lease).  Every alert arrives; the only duplicates are
# alerts of the killed forwarder's last batch.
# Runs in a cluster of its own.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/alerts/lib.sh
al_init alertd_load "$@"
start=$SECONDS
N=10000
BATCH=50

q "CREATE EXTENSION csat;
   CREATE ROLE alertd LOGIN;
   GRANT EXECUTE ON FUNCTION csat_alert_claim(integer, interval), csat_alert_delivered(bigint, uuid),
     csat_alert_failed(bigint, text, uuid, boolean) TO alertd;
   CREATE TABLE tickets (id bigserial PRIMARY KEY, client int, csat satisfaction_rating(1,5));
   CREATE TRIGGER low AFTER INSERT OR UPDATE ON tickets FOR EACH ROW
     EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id');" || fail "setup"
DSN="host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=alertd"
al_sink
delivered() { q "SELECT count(*) FROM csat_alert WHERE delivered_at IS NOT NULL"; }
at_least() { [ "$(delivered)" -ge "$1" ]; }

# a slowed webhook (2 ms per request), so that a backlog builds up
al_mode slow 0.002
al_start "$AL_TMP/a.log" --dsn "$DSN" --url "$SINK_URL" --batch $BATCH --lease 4 --timeout 2 --poll 0.2

# 8 writers, N transactions, each one low and one high rating
cat >"$AL_TMP/write.sql" <<'SQL'
INSERT INTO tickets (client, csat) VALUES (:client_id, rating(1 + :client_id % 2, 1, 5)), (:client_id, '5/5');
SQL
pgbench -n -c 8 -j 2 -t $((N / 8)) -f "$AL_TMP/write.sql" >"$AL_TMP/pgbench.log" 2>&1 ||
	fail "pgbench: $(tail -5 "$AL_TMP/pgbench.log")"
[ "$(q "SELECT count(*) FROM csat_alert")" = $N ] || fail "$N low ratings queued $(q "SELECT count(*) FROM csat_alert") alerts"
echo "written: $N low ratings by 8 clients; delivered so far: $(delivered)"

# restart PostgreSQL mid-run
al_wait 60 at_least 2000 || fail "no progress before the restart: $(tail -3 "$AL_TMP/a.log")"
al_restart
before=$(delivered)
echo "restarted PostgreSQL with $before delivered"
al_wait 60 at_least $((before + 2000)) || fail "no progress after the restart: $(tail -5 "$AL_TMP/a.log")"
grep -q 'connection lost\|claim failed\|acknowledging' "$AL_TMP/a.log" || fail "the forwarder did not notice the restart"
[ "$(grep -c 'database 1: connected' "$AL_TMP/a.log")" -ge 2 ] || fail "the forwarder did not reconnect"

# so far (a restart, no kill) nothing arrived twice
read -r distinct dups <<<"$(sink_delivered)"
[ "$dups" = 0 ] || fail "$dups alerts arrived twice before any forwarder was killed"

# SIGKILL mid-batch: the webhook slowed to 50 ms a request, so a batch of
# 50 takes 2.5 s and acknowledges at its end; a kill then leaves part of a
# batch sent and not acknowledged.  A kill can still fall between two
# batches (nothing sent unacknowledged, about one time in 40): then the
# forwarder is started again and killed again, up to 5 times.
# in_flight: alerts the sink answered with a 2xx that the queue still
# holds undelivered (sent, never acknowledged)
in_flight() {
	q "SELECT idempotency_key FROM csat_alert WHERE delivered_at IS NULL" >"$AL_TMP/undelivered"
	/usr/bin/python3 - "$SINK_LOG" "$AL_TMP/undelivered" <<'PY'
import json, sys
sent = {json.loads(l)["key"] for l in open(sys.argv[1]) if json.loads(l)["status"] < 300}
undelivered = {l.strip() for l in open(sys.argv[2]) if l.strip()}
print(len(sent & undelivered))
PY
}
inflight=0
for attempt in 1 2 3 4 5; do
	al_mode slow 0.05
	sleep 1.3
	{ kill -9 "$ALERTD_PID"; wait "$ALERTD_PID"; } 2>/dev/null
	sleep 0.3	# the sink logs the request it was answering
	al_mode slow 0.002
	inflight=$(in_flight)
	[ "$inflight" -gt 0 ] && break
	echo "kill $attempt fell between two batches; starting the forwarder again"
	al_start "$AL_TMP/a$attempt.log" --dsn "$DSN" --url "$SINK_URL" --batch $BATCH --lease 4 --timeout 2 --poll 0.2
done
[ "$inflight" -gt 0 ] || fail "5 kills fell between batches: nothing was ever sent unacknowledged"
killed_at=$(delivered)
echo "killed the forwarder mid-batch with $killed_at alerts acknowledged and $inflight sent, not acknowledged"
al_start "$AL_TMP/b.log" --dsn "$DSN" --url "$SINK_URL" --batch $BATCH --lease 4 --timeout 2 --poll 0.2
b=$ALERTD_PID
al_start "$AL_TMP/c.log" --dsn "$DSN" --url "$SINK_URL" --batch $BATCH --lease 4 --timeout 2 --poll 0.2
c=$ALERTD_PID
al_wait 90 at_least $N || fail "not everything delivered: $(delivered) of $N; $(tail -3 "$AL_TMP/b.log")"
kill -TERM $b $c
wait $b || fail "the second forwarder did not exit 0 on SIGTERM"
wait $c || fail "the third forwarder did not exit 0 on SIGTERM"
[ "$(grep -c 'delivered alert' "$AL_TMP/b.log")" -gt 0 ] && [ "$(grep -c 'delivered alert' "$AL_TMP/c.log")" -gt 0 ] ||
	fail "the two forwarders did not share the work"

read -r distinct dups <<<"$(sink_delivered)"
[ "$distinct" = $N ] || fail "$distinct distinct alerts arrived, not $N"
# the killed forwarder sent part of its last batch without acknowledging it:
# those, and only those, arrive twice
[ "$dups" = "$inflight" ] ||
	fail "$dups alerts arrived twice; the killed forwarder had sent $inflight without acknowledging them"
[ "$dups" -le $BATCH ] || fail "$dups alerts arrived twice (at most the killed batch, $BATCH, may)"
q "SELECT idempotency_key FROM csat_alert" >"$AL_TMP/keys"
ids_ok=$(/usr/bin/python3 - "$SINK_LOG" "$AL_TMP/keys" "$N" "$(q "SELECT csat_database_id()")" <<'PY'
import json, sys
keys = {json.loads(l)["key"] for l in open(sys.argv[1])}
stored = {l.strip() for l in open(sys.argv[2]) if l.strip()}
print(keys == stored == {"csat-alert-%s-%d" % (sys.argv[4], i) for i in range(1, int(sys.argv[3]) + 1)})
PY
)
[ "$ids_ok" = True ] || fail "the Idempotency-Keys are not exactly the stored keys, csat-alert-<database id>-1..$N"
[ "$(q "SELECT count(*) FROM csat_alert WHERE delivered_at IS NULL")" = 0 ] || fail "undelivered alerts remain"
echo "alertd_load: ok: $N alerts from 8 writers, every alert arrived, $dups (sent by the killed forwarder, unacknowledged) twice, none other twice; survived a restart; two forwarders shared the queue ($((SECONDS - start)) s)"
