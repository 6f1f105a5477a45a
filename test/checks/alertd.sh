#!/usr/bin/env bash
# csat-alertd against a local webhook sink (test/alerts/sink.py): bad
# arguments exit 2; json and slack bodies, repeated --header and the
# Idempotency-Key; 500, 429, a hanging and a closing webhook, a refused
# connection: retried with backoff, then given up after --max-attempts;
# SIGTERM mid-request finishes it and exits 0; --channel wakes the forwarder;
# a non-superuser forwarder role; a lease is a fence (a forwarder stalled
# past its lease changes nothing); a 0.3.0 queue (its calls, its keys); two
# databases (--dsn twice) with distinct Idempotency-Keys; PREPARE
# TRANSACTION / COMMIT PREPARED with low ratings queue their alerts.
# Runs in a cluster of its own (max_prepared_transactions=10).
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/alerts/lib.sh
al_init alertd "$@"
start=$SECONDS

# --- arguments
for args in "" "--url http://127.0.0.1:1/" "--dsn x" "--dsn x --url ftp://127.0.0.1/" \
	"--dsn x --url http://127.0.0.1/ --format xml" "--dsn x --url http://127.0.0.1/ --batch 0" \
	"--dsn x --url http://127.0.0.1/ --poll -1" "--dsn x --url http://127.0.0.1/ --timeout abc" \
	"--dsn x --url http://127.0.0.1/ --header NoColon" "--dsn x --url http://127.0.0.1/ --max-attempts 0" \
	"--dsn x --url http://127.0.0.1/ --lease 5 --timeout 10" "--dsn x --url http://127.0.0.1/ --bogus" \
	"--dsn x --url http://127.0.0.1/ extra" "--dsn"; do
	# shellcheck disable=SC2086
	"$ALERTD" $args >"$AL_TMP/out" 2>&1
	rc=$?
	[ $rc = 2 ] || fail "csat-alertd $args exited $rc, not 2"
	grep -q '^usage: csat-alertd' "$AL_TMP/out" || fail "csat-alertd $args printed no usage"
done
"$ALERTD" --help >"$AL_TMP/help" || fail "--help exited $?"
for s in NAME SYNOPSIS DESCRIPTION OPTIONS SIGNALS 'EXIT STATUS' EXAMPLES Idempotency-Key; do
	grep -q "$s" "$AL_TMP/help" || fail "--help lacks $s"
done

# --- a database, a table with the queue trigger, a non-superuser forwarder
q "CREATE EXTENSION csat" || fail "CREATE EXTENSION"
q "CREATE ROLE alertd LOGIN;
   GRANT EXECUTE ON FUNCTION csat_alert_claim(integer, interval), csat_alert_delivered(bigint, uuid),
     csat_alert_failed(bigint, text, uuid, boolean) TO alertd;
   CREATE TABLE tickets (id int PRIMARY KEY, csat satisfaction_rating(1,5));
   CREATE TRIGGER low AFTER INSERT OR UPDATE ON tickets FOR EACH ROW
     EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id');" || fail "setup"
DSN="host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=alertd"
al_sink
undelivered() { q "SELECT count(*) FROM csat_alert WHERE delivered_at IS NULL"; }
all_delivered() { [ "$(undelivered)" = 0 ]; }

# --- json: every low rating once, the payload as body, the Idempotency-Key
q "INSERT INTO tickets SELECT i, rating(1 + (i * 7) % 5, 1, 5) FROM generate_series(1, 50) i"
want=$(q "SELECT count(*) FROM csat_alert")
[ "$want" = 20 ] || fail "50 ratings gave $want alerts, not 20"
"$ALERTD" --dsn "$DSN" --url "$SINK_URL" --once --header 'Authorization: Bearer t0k' \
	--header 'X-Team: support' 2>"$AL_TMP/json.log" || fail "--once exited $?: $(tail -3 "$AL_TMP/json.log")"
[ "$(undelivered)" = 0 ] || fail "alerts left undelivered after --once"
[ "$(grep -c 'delivered alert' "$AL_TMP/json.log")" = 20 ] || fail "not one log line per delivery"
/usr/bin/python3 - "$SINK_LOG" "$(q "SELECT csat_database_id()")" <<'PY' || fail "json deliveries are wrong"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 20, len(rows)
for r in rows:
    body = json.loads(r["body"])
    # the stored key: the database's identity and the alert_id
    assert len(sys.argv[2]) == 36, sys.argv[2]
    assert r["key"] == "csat-alert-%s-%d" % (sys.argv[2], body["alert_id"]), r
    assert body["table"] == "public.tickets" and body["column"] == "csat", body
    assert body["value"] <= 2 and body["rating"] == "%d/5" % body["value"], body
    assert r["headers"]["authorization"] == "Bearer t0k", r["headers"]
    assert r["headers"]["x-team"] == "support", r["headers"]
    assert r["headers"]["content-type"] == "application/json", r["headers"]
assert len({r["key"] for r in rows}) == 20
PY

# --- slack
: >"$SINK_LOG"
q "INSERT INTO tickets VALUES (1001, '1/5')"
"$ALERTD" --dsn "$DSN" --url "$SINK_URL" --once --format slack 2>>"$AL_TMP/slack.log" || fail "slack --once"
/usr/bin/python3 - "$SINK_LOG" <<'PY' || fail "slack body is wrong: $(cat "$SINK_LOG")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 1
body = json.loads(rows[0]["body"])
assert list(body) == ["text"], body
assert body["text"].startswith("Low CSAT 1/5 on public.tickets.csat, key 1001 (alert "), body
PY

# --- failures: 500, 429, hang (timeout), close, refused; backoff; give up
for mode in 500 429 hang close refused; do
	: >"$SINK_LOG"
	q "DELETE FROM csat_alert; INSERT INTO tickets VALUES (2000 + (SELECT count(*) FROM tickets), '2/5')"
	url=$SINK_URL
	[ $mode = refused ] && url="http://127.0.0.1:1/hook"
	al_mode "$mode"
	# the backoff (1 s) runs from the failure, which comes after t0 (a bound
	# that holds however loaded the machine is)
	t0=$(q "SELECT clock_timestamp()")
	"$ALERTD" --dsn "$DSN" --url "$url" --once --timeout 1 --max-attempts 2 2>"$AL_TMP/$mode.log"
	rc=$?
	[ $rc = 1 ] || fail "$mode: --once exited $rc, not 1"
	grep -q 'failed (database 1, attempt 1 of 2).*will retry' "$AL_TMP/$mode.log" ||
		fail "$mode: no failure line: $(cat "$AL_TMP/$mode.log")"
	row=$(q "SELECT attempts, last_error IS NOT NULL, next_attempt_at >= '$t0'::timestamptz + interval '1 s', delivered_at IS NULL FROM csat_alert")
	[ "$row" = "1|t|t|t" ] || fail "$mode: after one failure: $row"
	# due again after the 1 s backoff; the second failure is the last
	sleep 1.1
	"$ALERTD" --dsn "$DSN" --url "$url" --once --timeout 1 --max-attempts 2 2>>"$AL_TMP/$mode.log"
	grep -q 'attempt 2 of 2.*giving up' "$AL_TMP/$mode.log" || fail "$mode: did not give up: $(cat "$AL_TMP/$mode.log")"
	row=$(q "SELECT attempts, next_attempt_at = 'infinity', delivered_at IS NULL FROM csat_alert")
	[ "$row" = "2|t|t" ] || fail "$mode: after giving up: $row"
	echo "$mode: $(q "SELECT last_error FROM csat_alert")"
done
# a webhook that recovers: 500 twice, then 200
q "DELETE FROM csat_alert; INSERT INTO tickets VALUES (3000, '1/5')"
: >"$SINK_LOG"
al_mode fail 2 500
al_start "$AL_TMP/recover.log" --dsn "$DSN" --url "$SINK_URL" --poll 0.2
al_wait 15 all_delivered || fail "a recovering webhook: not delivered: $(cat "$AL_TMP/recover.log")"
kill -TERM "$ALERTD_PID"; wait "$ALERTD_PID" || fail "SIGTERM: exit status $?"
[ "$(q "SELECT attempts FROM csat_alert")" = 3 ] || fail "recovered after $(q "SELECT attempts FROM csat_alert") attempts, not 3"
grep -q 'stopped by signal' "$AL_TMP/recover.log" || fail "no clean stop"
al_mode ok

# --- SIGTERM mid-request: that request finishes and is acknowledged, the
# rest of the batch is not sent, exit 0
q "DELETE FROM csat_alert; INSERT INTO tickets SELECT 4000 + i, '1/5' FROM generate_series(1, 5) i"
: >"$SINK_LOG"
al_mode slow 1.5
al_start "$AL_TMP/term.log" --dsn "$DSN" --url "$SINK_URL" --timeout 5 --lease 30
al_wait 10 grep -q 'database 1: connected' "$AL_TMP/term.log" || fail "SIGTERM: no connection"
sleep 0.7
t0=$(date +%s.%N)
kill -TERM "$ALERTD_PID"
wait "$ALERTD_PID"
rc=$?
took=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
[ $rc = 0 ] || fail "SIGTERM mid-request: exit $rc"
row=$(q "SELECT count(*) FILTER (WHERE delivered_at IS NOT NULL), count(*) FILTER (WHERE delivered_at IS NULL) FROM csat_alert")
[ "$row" = "1|4" ] || fail "SIGTERM mid-request: delivered|undelivered = $row, not 1|4: $(cat "$AL_TMP/term.log")"
[ "$(wc -l <"$SINK_LOG")" = 1 ] || fail "SIGTERM: $(wc -l <"$SINK_LOG") requests answered, not 1"
awk -v t="$took" 'BEGIN { exit !(t < 3) }' || fail "SIGTERM took $took s: it waited for more than the request in flight"
echo "SIGTERM mid-request: exited 0 after $took s, the request in flight delivered and acknowledged"
al_mode ok

# --- a lease is a fence: a forwarder stalled (SIGSTOP) mid-request past its
# lease, while another consumer claimed the alert, changes nothing on waking
q "DELETE FROM csat_alert; INSERT INTO tickets VALUES (4100, '1/5')"
: >"$SINK_LOG"
al_mode slow 1
al_start "$AL_TMP/fence.log" --dsn "$DSN" --url "$SINK_URL" --timeout 1.5 --lease 2 --poll 0.2
al_wait 10 grep -q 'database 1: connected' "$AL_TMP/fence.log" || fail "fence: no connection"
claimed() { [ "$(q "SELECT count(*) FROM csat_alert WHERE claim_token IS NOT NULL")" = 1 ]; }
al_wait 5 claimed || fail "fence: the forwarder did not claim"
sleep 0.3
kill -STOP "$ALERTD_PID"
sleep 2.5
other=$(q "SELECT claim_token FROM csat_alert_claim(10, '1 minute')")
[ -n "$other" ] || { kill -CONT "$ALERTD_PID"; fail "fence: the alert was not handed out again after the lease"; }
kill -CONT "$ALERTD_PID"
al_wait 5 grep -q 'another consumer holds it' "$AL_TMP/fence.log" ||
	fail "fence: the stale forwarder's outcome was not refused: $(cat "$AL_TMP/fence.log")"
kill -TERM "$ALERTD_PID"; wait "$ALERTD_PID"
row=$(q "SELECT claim_token = '$other', delivered_at IS NULL, attempts FROM csat_alert")
[ "$row" = "t|t|0" ] || fail "fence: the stale forwarder changed the alert another consumer holds: $row: $(cat "$AL_TMP/fence.log")"
[ "$(q "SELECT csat_alert_delivered(alert_id, '$other') FROM csat_alert")" = t ] || fail "fence: the holder could not acknowledge"
al_mode ok
echo "fence: a forwarder stalled past its lease changed nothing; the new holder acknowledged"

# --- a 0.3.0 queue: the 0.3.0 calls and the key csat-alert-<alert_id>
q "CREATE DATABASE old03" || fail "CREATE DATABASE old03"
# (the 0.4.0 library's trigger asks for the update, so the rows are written
# as the 0.3.0 trigger wrote them)
psql -X -q -d old03 -v ON_ERROR_STOP=1 -c "CREATE EXTENSION csat VERSION '0.3.0';
  INSERT INTO csat_alert (relation, column_name, key, rating, payload)
  SELECT 'public.t', 'r', i::text, '1/5', jsonb_build_object('table', 'public.t', 'key', i::text)
  FROM generate_series(1, 4) i;
  UPDATE csat_alert SET payload = payload || jsonb_build_object('alert_id', alert_id)" || fail "a 0.3.0 queue"
: >"$SINK_LOG"
al_mode fail 1 500
"$ALERTD" --dsn "host=$PGHOST port=$PGPORT dbname=old03" --url "$SINK_URL" --once 2>"$AL_TMP/old03.log"
[ $? = 1 ] || fail "0.3.0 queue: a failure did not make --once exit 1: $(cat "$AL_TMP/old03.log")"
al_mode ok
sleep 1.1
"$ALERTD" --dsn "host=$PGHOST port=$PGPORT dbname=old03" --url "$SINK_URL" --once 2>>"$AL_TMP/old03.log" ||
	fail "0.3.0 queue: $(cat "$AL_TMP/old03.log")"
[ "$(psql -X -A -t -d old03 -c "SELECT string_agg(alert_id || ':' || attempts, ',' ORDER BY alert_id) FROM csat_alert WHERE delivered_at IS NOT NULL")" = "1:2,2:1,3:1,4:1" ] ||
	fail "0.3.0 queue: $(psql -X -A -t -d old03 -c "SELECT string_agg(alert_id || ':' || attempts, ',') FROM csat_alert WHERE delivered_at IS NOT NULL")"
/usr/bin/python3 - "$SINK_LOG" <<'PY' || fail "0.3.0 queue: keys: $(cat "$SINK_LOG")"
import json, sys
ok = {json.loads(l)["key"] for l in open(sys.argv[1]) if json.loads(l)["status"] < 300}
assert ok == {"csat-alert-%d" % i for i in range(1, 5)}, ok
PY
echo "0.3.0 queue: delivered with its calls and keys csat-alert-1..4"

# --- the channel wake-up: delivered long before the 30 s poll
q "DROP TRIGGER low ON tickets; CREATE TRIGGER low AFTER INSERT OR UPDATE ON tickets FOR EACH ROW
   EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id', 'csat_wake')"
q "DELETE FROM csat_alert"
al_start "$AL_TMP/wake.log" --dsn "$DSN" --url "$SINK_URL" --poll 30 --channel csat_wake
al_wait 10 grep -q 'database 1: connected' "$AL_TMP/wake.log" || fail "wake: no connection"
sleep 0.3
q "INSERT INTO tickets VALUES (5000, '1/5')"
al_wait 3 all_delivered || fail "the NOTIFY wake-up did not deliver within 3 s"
kill -TERM "$ALERTD_PID"; wait "$ALERTD_PID"
# with a channel, two-phase commit is refused (documented)
out=$(psql -X -q -c "BEGIN; INSERT INTO tickets VALUES (5001, '1/5'); PREPARE TRANSACTION 'with_notify';" 2>&1)
echo "$out" | grep -q 'cannot PREPARE a transaction that has executed LISTEN, UNLISTEN, or NOTIFY' ||
	fail "PREPARE with a channel: $out"

# --- two-phase commit without a channel: the alerts commit with the answers
q "DROP TRIGGER low ON tickets; CREATE TRIGGER low AFTER INSERT OR UPDATE ON tickets FOR EACH ROW
   EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id')"
q "DELETE FROM csat_alert"
psql -X -q -v ON_ERROR_STOP=1 <<'SQL' || fail "PREPARE TRANSACTION with low ratings failed"
BEGIN;
INSERT INTO tickets VALUES (6000, '1/5'), (6001, '4/5');
UPDATE tickets SET csat = '2/5' WHERE id = 3000;
PREPARE TRANSACTION 'low_ratings';
BEGIN;
INSERT INTO tickets VALUES (6002, '1/5');
PREPARE TRANSACTION 'rolled_back';
SQL
[ "$(q "SELECT count(*) FROM csat_alert")" = 0 ] || fail "alerts of a prepared transaction are visible before COMMIT PREPARED"
q "COMMIT PREPARED 'low_ratings'" || fail "COMMIT PREPARED"
q "ROLLBACK PREPARED 'rolled_back'" || fail "ROLLBACK PREPARED"
[ "$(q "SELECT string_agg(key || ':' || rating, ',' ORDER BY key) FROM csat_alert")" = "3000:2/5,6000:1/5" ] ||
	fail "after COMMIT/ROLLBACK PREPARED: $(q "SELECT string_agg(key, ',') FROM csat_alert")"
"$ALERTD" --dsn "$DSN" --url "$SINK_URL" --once 2>>"$AL_TMP/2pc.log" || fail "delivering the 2PC alerts"
[ "$(undelivered)" = 0 ] || fail "2PC alerts not delivered"

# --- the old NOTIFY trigger on a partitioned table (what the README says):
# moving a row notifies again as an INSERT; an UPDATE-only trigger misses
# a moved row that became low
q "CREATE TABLE answers (ticket_id int, region text, csat satisfaction_rating(1,5)) PARTITION BY LIST (region);
   CREATE TABLE answers_eu PARTITION OF answers FOR VALUES IN ('eu');
   CREATE TABLE answers_us PARTITION OF answers FOR VALUES IN ('us');
   CREATE TRIGGER n AFTER INSERT OR UPDATE OF csat ON answers FOR EACH ROW
     EXECUTE FUNCTION csat_notify_low_rating('csat', 'old_low', '2', 'ticket_id');
   INSERT INTO answers VALUES (1, 'eu', '1/5'), (2, 'eu', '4/5')"
out=$(psql -X -q <<'SQL'
LISTEN old_low;
UPDATE answers SET region = 'us' WHERE ticket_id = 1;
SELECT 1 AS sync;
SQL
)
echo "$out" | grep -q 'payload "{"table":"public.answers_us","op":"INSERT","column":"csat","key":"1"' ||
	fail "the NOTIFY trigger on a moved row: $out"
q "DROP TRIGGER n ON answers; CREATE TRIGGER n AFTER UPDATE OF csat ON answers FOR EACH ROW
   EXECUTE FUNCTION csat_notify_low_rating('csat', 'old_low', '2', 'ticket_id')"
out=$(psql -X -q <<'SQL'
LISTEN old_low;
UPDATE answers SET region = 'us', csat = '1/5' WHERE ticket_id = 2;
SELECT 1 AS sync;
SQL
)
echo "$out" | grep -q 'Asynchronous notification' && fail "an UPDATE-only NOTIFY trigger fired on a moved row: $out"

# --- two databases (--dsn twice), e.g. the workers of a Citus cluster
q "CREATE DATABASE second" || fail "CREATE DATABASE"
psql -X -q -d second -v ON_ERROR_STOP=1 -c "CREATE EXTENSION csat;
  GRANT EXECUTE ON FUNCTION csat_alert_claim(integer, interval), csat_alert_delivered(bigint, uuid),
    csat_alert_failed(bigint, text, uuid, boolean) TO alertd;
  CREATE TABLE t (id int, r satisfaction_rating);
  CREATE TRIGGER low AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('r', '2');
  INSERT INTO t SELECT i, '1/5' FROM generate_series(1, 7) i" || fail "second database"
q "DELETE FROM csat_alert; INSERT INTO tickets SELECT 7000 + i, '2/5' FROM generate_series(1, 5) i"
: >"$SINK_LOG"
"$ALERTD" --dsn "$DSN" --dsn "host=$PGHOST port=$PGPORT dbname=second user=alertd" --url "$SINK_URL" \
	--once --batch 3 2>"$AL_TMP/two.log" || fail "two databases: exit $?"
[ "$(wc -l <"$SINK_LOG")" = 12 ] || fail "two databases: $(wc -l <"$SINK_LOG") deliveries, not 12"
# both number their alerts from 1: the keys still differ (they name the database)
read -r distinct dups <<<"$(sink_delivered)"
[ "$distinct" = 12 ] || fail "two databases: 12 alerts arrived with $distinct distinct Idempotency-Keys"
[ "$(psql -X -A -t -d second -c "SELECT count(*) FROM csat_alert WHERE delivered_at IS NULL")" = 0 ] ||
	fail "second database not drained"
# an unreachable database makes --once fail, the other is still served
q "INSERT INTO tickets VALUES (8000, '1/5')"
"$ALERTD" --dsn "host=$PGHOST port=1 dbname=none connect_timeout=2" --dsn "$DSN" --url "$SINK_URL" \
	--once 2>"$AL_TMP/down.log"
[ $? = 1 ] || fail "--once with a database down did not exit 1"
grep -q 'database 1: cannot connect' "$AL_TMP/down.log" || fail "no log of the unreachable database"
[ "$(undelivered)" = 0 ] || fail "the reachable database was not served"

# --- pg_dump keeps undelivered alerts (and the alert_id sequence), not delivered ones
q "DELETE FROM csat_alert; INSERT INTO tickets SELECT 9000 + i, '1/5' FROM generate_series(1, 6) i"
q "SELECT csat_alert_delivered(alert_id) FROM csat_alert ORDER BY alert_id LIMIT 2" >/dev/null
q "SELECT csat_alert_failed(alert_id, 'HTTP 500', claim_token) FROM csat_alert_claim(1, '1 minute')" >/dev/null
before=$(q "SELECT string_agg(alert_id || ':' || key || ':' || attempts || ':' || coalesce(last_error, '-'), ',' ORDER BY alert_id)
            FROM csat_alert WHERE delivered_at IS NULL")
pg_dump -Fc -f "$AL_TMP/dump" "$PGDATABASE" || fail "pg_dump"
q "CREATE DATABASE restored" || fail "CREATE DATABASE restored"
pg_restore -d restored "$AL_TMP/dump" 2>"$AL_TMP/restore.log" || fail "pg_restore: $(head -5 "$AL_TMP/restore.log")"
after=$(psql -X -A -t -d restored -c "SELECT string_agg(alert_id || ':' || key || ':' || attempts || ':' || coalesce(last_error, '-'), ',' ORDER BY alert_id)
            FROM csat_alert")
[ -n "$before" ] && [ "$before" = "$after" ] || fail "pg_dump/restore: undelivered alerts $before became $after"
psql -X -q -d restored -c "INSERT INTO tickets VALUES (9999, '1/5')" || fail "insert after restore"
[ "$(psql -X -A -t -d restored -c "SELECT max(alert_id) FROM csat_alert")" -gt \
  "$(q "SELECT max(alert_id) FROM csat_alert")" ] || fail "the alert_id sequence was not restored"
echo "pg_dump: undelivered alerts restored: $after"

# --- a trusted install by a non-superuser database owner: the owner attaches
# the trigger and grants a forwarder role the consumer functions
q "CREATE ROLE helpdesk_owner LOGIN; CREATE ROLE helpdesk_app LOGIN; CREATE ROLE alertd2 LOGIN" &&
	q "CREATE DATABASE helpdesk OWNER helpdesk_owner" || fail "trusted: roles and database"
psql -X -q -v ON_ERROR_STOP=1 -U helpdesk_owner -d helpdesk <<'SQL' >"$AL_TMP/trusted.log" 2>&1 || fail "trusted install by the database owner: $(cat "$AL_TMP/trusted.log")"
CREATE EXTENSION csat;
CREATE TABLE answers (id int PRIMARY KEY, csat satisfaction_rating(1,5));
CREATE TRIGGER low AFTER INSERT OR UPDATE ON answers FOR EACH ROW
  EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id');
GRANT INSERT, UPDATE ON answers TO helpdesk_app;
GRANT EXECUTE ON FUNCTION csat_alert_claim(integer, interval), csat_alert_delivered(bigint, uuid),
  csat_alert_failed(bigint, text, uuid, boolean) TO alertd2;
SQL
[ "$(q "SELECT rolsuper FROM pg_roles WHERE rolname = 'helpdesk_owner'")" = f ] || fail "trusted: owner is a superuser"
psql -X -q -v ON_ERROR_STOP=1 -U helpdesk_app -d helpdesk -c "INSERT INTO answers VALUES (1, '1/5'), (2, '5/5'), (3, '2/5')" ||
	fail "trusted: the application role could not write a low rating"
out=$(psql -X -q -U helpdesk_app -d helpdesk -c "SELECT count(*) FROM csat_alert" 2>&1)
echo "$out" | grep -q 'permission denied for table csat_alert' || fail "trusted: the application role reads the queue: $out"
: >"$SINK_LOG"
"$ALERTD" --dsn "host=$PGHOST port=$PGPORT dbname=helpdesk user=alertd2" --url "$SINK_URL" --once \
	2>"$AL_TMP/trusted-alertd.log" || fail "trusted: the forwarder failed: $(cat "$AL_TMP/trusted-alertd.log")"
[ "$(wc -l <"$SINK_LOG")" = 2 ] || fail "trusted: $(wc -l <"$SINK_LOG") alerts delivered, not 2"
[ "$(psql -X -A -t -U helpdesk_owner -d helpdesk -c "SELECT count(*) FROM csat_alert WHERE delivered_at IS NOT NULL")" = 2 ] ||
	fail "trusted: the owner does not see 2 delivered alerts"
echo "trusted install: non-superuser owner attached the trigger and granted a forwarder; 2 alerts delivered"

echo "alertd: ok: arguments, json, slack, headers, 5 failure modes, backoff, give-up, SIGTERM, wake-up, 2PC, partitions, 2 databases, pg_dump, trusted install ($((SECONDS - start)) s)"
