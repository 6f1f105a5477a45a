#!/usr/bin/env bash
# Segment watches end to end: pg_cron (Debian's postgresql-15-cron, preloaded
# in a cluster of this check's own) runs csat_watch_run() through the
# README's cron.schedule() call; the breach it finds is queued once and
# csat-alertd delivers it to a local webhook sink, in words in the slack
# format and as the payload ("kind": "watch") in the json format, next to a
# low-score alert; two runs at once queue a transition once; then watches
# and their state survive pg_dump/restore,
# done by non-superuser database owners who installed csat themselves.
# pg_cron 1.4 schedules by the minute: this check waits for the next minute
# (up to about 70 s, over the usual 60 s).
# versions: 15
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${CSAT_ALERTS_CLUSTER:-}" ]; then
	export PG_CONFIG=${PG_CONFIG:-pg_config}
	if [ ! -f "$("$PG_CONFIG" --pkglibdir)/pg_cron.so" ]; then
		echo "watches_cron: FAILED: pg_cron is not installed (apt-get install postgresql-15-cron)"
		exit 1
	fi
	CSAT_ALERTS_CLUSTER=1 exec test/pg/cluster.sh -o shared_preload_libraries=pg_cron \
		-o cron.database_name=postgres -o cron.use_background_workers=on \
		-o max_worker_processes=16 bash "$0" "$@"
fi
. test/alerts/lib.sh
al_init watches_cron "$@"
start=$SECONDS

# --- pg_cron runs the watches
q "CREATE EXTENSION csat" || fail "CREATE EXTENSION csat"
q "CREATE EXTENSION pg_cron" || fail "CREATE EXTENSION pg_cron"
q "CREATE TABLE tickets (id int PRIMARY KEY, category text, closed_at timestamptz, csat satisfaction_rating(5));
   INSERT INTO tickets SELECT i, (ARRAY['hardware', 'software'])[1 + i % 2], now() - (i % 20) * interval '1 day',
     (CASE WHEN i % 2 = 0 AND i % 5 < 3 THEN '2/5' ELSE '5/5' END)::satisfaction_rating FROM generate_series(1, 400) i;
   CREATE INDEX ON tickets (closed_at);
   CREATE TRIGGER tickets_low_csat AFTER INSERT OR UPDATE ON tickets
     FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('csat', '1', 'id');" || fail "the tickets"
q "SELECT csat_watch_create('category_csat', 'tickets', 'csat', 'closed_at', '{category}', 'csat_pct', 80)" >/dev/null ||
	fail "csat_watch_create"
# the README's call
job=$(q "SELECT cron.schedule('csat-watches', '* * * * *', 'SELECT count(*) FROM csat_watch_run()')") ||
	fail "cron.schedule"
job_ran() { [ "$(q "SELECT count(*) FROM cron.job_run_details WHERE jobid = $job AND status <> 'running'")" -gt 0 ]; }
al_wait 75 job_ran ||
	fail "pg_cron did not run the job within 75 s"
got=$(q "SELECT status || ' ' || return_message FROM cron.job_run_details WHERE jobid = $job ORDER BY runid LIMIT 1")
[ "$got" = "succeeded SELECT 1" ] || fail "the pg_cron run: $got"
q "SELECT cron.unschedule($job)" >/dev/null || fail "cron.unschedule"
got=$(q "SELECT payload->>'state', payload->'segment', payload->>'value', payload->>'answers' FROM csat_alert
	WHERE payload->>'kind' = 'watch'")
[ "$got" = 'breach|{"category": "hardware"}|40.0000000000000000|200' ] || fail "after the pg_cron run, the watch alerts are: $got"
got=$(q "SELECT count(*) FROM csat_watch_run()")
[ "$got" = 0 ] || fail "a second run queued $got alerts for a segment still in breach"
# the command of the README's crontab line and systemd unit (another scheduler)
cmd=$(grep -m1 -E '^\*/5 \* \* \* \* helpdesk psql ' README.md | sed -e 's/^.* helpdesk psql/psql/' -e 's/ -d helpdesk / /' -e 's/ >\/dev\/null$//')
[ -n "$cmd" ] || fail "no crontab line in the README"
got=$(eval "$cmd" 2>&1) || fail "the README's cron command: $got"
grep -qE '^ +0$' <<<"$got" || fail "the README's cron command queued: $got"
echo "pg_cron ran csat_watch_run() ($((SECONDS - start)) s): one breach queued, none on the next run (nor by the README's cron command)"

# --- csat-alertd forwards it, with a low-score alert: slack says it in words
al_sink
q "INSERT INTO tickets VALUES (1000, 'software', now(), '1/5')" || fail "a low rating"
"$ALERTD" --dsn "dbname=$PGDATABASE" --url "$SINK_URL" --format slack --once 2>"$AL_TMP/alertd.log" ||
	fail "csat-alertd --format slack: $(cat "$AL_TMP/alertd.log")"
/usr/bin/python3 - "$SINK_LOG" >"$AL_TMP/bodies" <<'PY' || fail "slack bodies: $(cat "$AL_TMP/bodies")"
import json, sys
texts = sorted(json.loads(json.loads(l)["body"])["text"] for l in open(sys.argv[1]))
want = ['CSAT watch "category_csat" on public.tickets: category=hardware entered breach: '
        'csat_pct 40.0, below the threshold 80 (200 answers in the last 30 days) (alert 1)',
        'Low CSAT 1/5 on public.tickets.csat, key 1000 (alert 2)']
if texts != want:
    print(texts)
    sys.exit(1)
PY
# json: the payload as queued, for a recovery
: >"$SINK_LOG"
q "UPDATE tickets SET csat = '5/5' WHERE category = 'hardware'" || fail "better answers"
got=$(q "SELECT state || ' ' || answers FROM csat_watch_run()")
[ "$got" = "recovered 200" ] || fail "the recovery run returned: $got"
"$ALERTD" --dsn "dbname=$PGDATABASE" --url "$SINK_URL" --format json --once 2>"$AL_TMP/alertd.log" ||
	fail "csat-alertd --format json: $(cat "$AL_TMP/alertd.log")"
/usr/bin/python3 - "$SINK_LOG" >"$AL_TMP/bodies" <<'PY' || fail "json body: $(cat "$AL_TMP/bodies")"
import json, sys
bodies = [json.loads(json.loads(l)["body"]) for l in open(sys.argv[1])]
want = {"kind": "watch", "watch": "category_csat", "state": "recovered", "segment": {"category": "hardware"},
        "metric": "csat_pct", "value": 100, "threshold": 80, "answers": 200, "min_answers": 30,
        "period": "30 days", "table": "public.tickets", "column": "csat", "alert_id": 3}
if len(bodies) != 1 or {k: bodies[0][k] for k in want} != want or "recovered" not in bodies[0]["text"]:
    print(bodies)
    sys.exit(1)
PY
got=$(q "SELECT count(*) FILTER (WHERE delivered_at IS NOT NULL), count(*) FROM csat_alert")
[ "$got" = "3|3" ] || fail "alerts delivered|queued: $got"
echo "csat-alertd delivered 3 of 3 alerts: the watch's breach in words (slack), its recovery as the payload (json)"

# --- two runs at once (a scheduler's run overlapping a manual one) queue a transition once
q "UPDATE tickets SET csat = '2/5' WHERE category = 'hardware'" || fail "worse answers"
before=$(q "SELECT count(*) FROM csat_alert")
psql -X -A -t -q -v ON_ERROR_STOP=1 -c "BEGIN" -c "SELECT count(*) FROM csat_watch_run()" -c "SELECT pg_sleep(2)" \
	-c "COMMIT" >"$AL_TMP/run_a" 2>&1 &
pid_a=$!
sleep 0.5
got_b=$(q "SELECT count(*) FROM csat_watch_run()") || fail "the second run"
wait $pid_a || fail "the first run: $(cat "$AL_TMP/run_a")"
got_a=$(head -1 "$AL_TMP/run_a")
after=$(q "SELECT count(*) FROM csat_alert")
[ "$got_a|$got_b|$((after - before))" = "1|0|1" ] ||
	fail "two runs at once queued $got_a and $got_b transitions, $((after - before)) alerts (expected 1, 0, 1)"
echo "two runs at once: the second waited for the first and queued nothing; 1 alert"

# --- watches survive pg_dump/restore by non-superuser owners
{ q "CREATE ROLE csat_watch_owner LOGIN; CREATE ROLE csat_watch_restorer LOGIN" &&
	q "CREATE DATABASE watch_src OWNER csat_watch_owner" &&
	q "CREATE DATABASE watch_dst OWNER csat_watch_restorer"; } || fail "roles and databases"
ws() { psql -X -A -t -q -v ON_ERROR_STOP=1 -U csat_watch_owner -d watch_src -c "$*"; }
wd() { psql -X -A -t -q -v ON_ERROR_STOP=1 -U csat_watch_restorer -d watch_dst -c "$*"; }
ws "CREATE EXTENSION csat;
    CREATE TABLE answers (at timestamptz, team text, r satisfaction_rating(0,10));
    INSERT INTO answers SELECT now() - (i % 10) * interval '1 hour', 't' || i % 3,
      rating(CASE WHEN i % 3 = 0 THEN 3 ELSE 9 + i % 2 END, 0, 10) FROM generate_series(1, 300) i;
    SELECT csat_watch_create('team_nps', 'answers', 'r', 'at', '{team}', 'nps', 0, '1 day', 20);
    SELECT csat_watch_create('detractors', 'answers', 'r', 'at', '{}', 'detractors_pct', 50, '2 days');" >/dev/null ||
	fail "watches as a non-superuser owner"
got=$(ws "SELECT string_agg(watch || ' ' || state, ', ') FROM csat_watch_run()")
[ "$got" = "team_nps breach" ] || fail "the owner's run: $got"
# the alerts are delivered first: restoring undelivered ones is the queue's business
ws "SELECT count(csat_alert_delivered(alert_id)) FROM csat_alert_claim()" >/dev/null || fail "delivering"
pg_dump -U csat_watch_owner -Fc -d watch_src -f "$AL_TMP/watch.dump" 2>"$AL_TMP/err" || fail "pg_dump: $(cat "$AL_TMP/err")"
pg_restore -U csat_watch_restorer --no-owner -d watch_dst "$AL_TMP/watch.dump" 2>"$AL_TMP/err" ||
	fail "pg_restore: $(cat "$AL_TMP/err")"
for t in csat_watch csat_watch_state; do
	a=$(ws "SELECT string_agg(x::text, ';' ORDER BY x::text) FROM $t x")
	b=$(wd "SELECT string_agg(x::text, ';' ORDER BY x::text) FROM $t x")
	[ -n "$a" ] && [ "$a" = "$b" ] || fail "$t after the restore: $b (was $a)"
done
got=$(wd "SELECT count(*) FROM csat_watch_run()")
[ "$got" = 0 ] || fail "the restored state was lost: the first run queued $got alerts"
wd "UPDATE answers SET r = '10/0-10'" || fail "better answers"
got=$(wd "SELECT string_agg(watch || ' ' || state, ', ') FROM csat_watch_run()")
[ "$got" = "team_nps recovered" ] || fail "the restored run: $got"
id=$(wd "SELECT csat_watch_create('third', 'answers', 'r', 'at', '{}', 'csat_pct', 50)") || fail "a new watch"
got=$(wd "SELECT $id > max(watch_id) FROM csat_watch WHERE name <> 'third'")
[ "$got" = t ] || fail "watch_id $id after the restore is not above the restored ones"
got=$(wd "SELECT count(*) FROM csat_watch")
[ "$got" = 3 ] || fail "the restored database has $got watches"
q "DROP DATABASE watch_src" && q "DROP DATABASE watch_dst"
echo "pg_dump/restore by non-superuser owners: 2 watches and 1 breach state identical, no alert repeated, the recovery found"
echo "watches_cron: ok ($((SECONDS - start)) s)"
