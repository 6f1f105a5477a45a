#!/usr/bin/env bash
# csat-alertd never hangs (issue 17, point 7), against a loopback listener
# that accepts connections and never answers (test/alerts/silent.py), a
# database session whose backend is stopped (SIGSTOP), a table lock and a
# webhook that never answers:
#   - --once with a silent database first: the live one is still served,
#     exit 1 within --timeout + 2 s;
#   - a daemon serving a silent and a live database: each alert of the live
#     one arrives within --timeout + --poll + 1 s;
#   - statement_timeout: a claim stuck behind a lock is cancelled by the
#     server and the connection kept; a stopped backend is given up after
#     --timeout and the forwarder reconnects; TCP connections keep alive;
#   - SIGTERM ends it, exit 0, within --timeout + 1 s while connecting to the
#     silent database, while a claim waits, mid-request to a hanging
#     webhook, while acknowledging to a stopped backend, and while backing off;
#   - --once ends when nothing is due now: alerts that failed and are due
#     again are left for the next run (one attempt each).
# Nothing is lost: at the end every alert written is delivered, counted.
# versions: 13 15 18
# Runs in a cluster of its own.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/alerts/lib.sh
al_init alertd_hang "$@"
start=$SECONDS

al_tickets
al_sink
/usr/bin/python3 test/alerts/silent.py "$AL_TMP/silent.port" &
AL_PIDS+=($!)
al_wait 10 test -s "$AL_TMP/silent.port" || fail "the silent listener did not start"
SILENT="host=127.0.0.1 port=$(cat "$AL_TMP/silent.port") dbname=x user=x"
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
# the backend of the forwarder's session
backend() { q "SELECT pid FROM pg_stat_activity WHERE application_name = 'csat-alertd' AND datname = current_database() ORDER BY backend_start DESC LIMIT 1"; }

# term_within LIMIT WHAT: SIGTERM to $ALERTD_PID; it must exit 0 within LIMIT s
# (a watchdog kills it after LIMIT + 5 s)
term_within() {
	local limit=$1 what=$2 t0 rc took dog
	t0=$(date +%s.%N)
	kill -TERM "$ALERTD_PID"
	(sleep $((${limit%.*} + 5)); kill -9 "$ALERTD_PID" 2>/dev/null) &
	dog=$!
	wait "$ALERTD_PID"
	rc=$?
	took=$(since "$t0")
	kill "$dog" 2>/dev/null
	wait "$dog" 2>/dev/null
	[ "$rc" = 0 ] || fail "SIGTERM $what: exit status $rc (took $took s)"
	le "$took" "$limit" || fail "SIGTERM $what: took $took s, more than $limit s"
	echo "SIGTERM $what: exit 0 after $took s (bound $limit s)"
}

# --- --once: a silent database first, a live one second
low 5
t0=$(date +%s.%N)
timeout -k 2 30 "$ALERTD" --dsn "$SILENT" --dsn "$DSN" --url "$SINK_URL" --once --timeout 1 2>"$AL_TMP/once.log"
rc=$?
took=$(since "$t0")
[ $rc = 1 ] || fail "--once with a silent database: exit $rc after $took s, not 1: $(cat "$AL_TMP/once.log")"
le "$took" 3 || fail "--once with a silent database took $took s (--timeout 1)"
all_delivered || fail "--once with a silent database: the live one was not served"
grep -q 'database 1: cannot connect: no answer within 1 s' "$AL_TMP/once.log" || fail "no log of the silent database: $(cat "$AL_TMP/once.log")"
echo "--once, silent database first: live database served, exit 1 after $took s"

# --- a daemon: the silent database delays the live one by at most --timeout
al_start "$AL_TMP/daemon.log" --dsn "$SILENT" --dsn "$DSN" --url "$SINK_URL" --timeout 1 --poll 0.2
al_wait 10 grep -q 'database 2: connected' "$AL_TMP/daemon.log" || fail "daemon: no connection: $(cat "$AL_TMP/daemon.log")"
worst=0
for i in 1 2 3 4 5 6; do
	low 1
	t0=$(date +%s.%N)
	al_wait 10 all_delivered || fail "daemon: alert $i not delivered: $(tail -5 "$AL_TMP/daemon.log")"
	took=$(since "$t0")
	le "$took" "$worst" || worst=$took
	sleep 0.$((i * 13 % 10))
done
le "$worst" 2.2 || fail "daemon: an alert of the live database waited $worst s (--timeout 1, --poll 0.2)"
[ "$(grep -c 'database 2: connected' "$AL_TMP/daemon.log")" = 1 ] || fail "daemon: the live database was reconnected"
[ "$(grep -c 'database 1: cannot connect' "$AL_TMP/daemon.log")" = 1 ] || fail "daemon: the silent database is not logged once"
echo "daemon, silent + live database: live alerts delivered within $worst s (bound 2.2 s)"
term_within 2 "(daemon with a silent database)"

# --- statement_timeout: a claim behind a lock is cancelled by the server, the connection kept
low 2
psql -X -q -c "BEGIN; LOCK TABLE csat_alert IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3.5); COMMIT;" >/dev/null &
locker=$!
sleep 0.3
al_start "$AL_TMP/lock.log" --dsn "$DSN" --url "$SINK_URL" --timeout 1 --poll 0.2
al_wait 10 grep -q 'canceling statement due to statement timeout' "$AL_TMP/lock.log" ||
	fail "no statement timeout behind the lock: $(cat "$AL_TMP/lock.log")"
wait $locker
al_wait 10 all_delivered || fail "not delivered after the lock: $(tail -5 "$AL_TMP/lock.log")"
[ "$(grep -c 'database 1: connected' "$AL_TMP/lock.log")" = 1 ] || fail "the connection was not kept after a statement timeout"
echo "statement_timeout: a claim behind a lock cancelled by the server, the connection kept"

# --- a stopped backend: the claim is given up after --timeout, the forwarder reconnects
pid=$(backend)
[ -n "$pid" ] || fail "no backend of the forwarder"
kill -STOP "$pid"
al_wait 10 grep -q 'database 1: no answer to the claim within 1 s' "$AL_TMP/lock.log" ||
	{ kill -CONT "$pid"; fail "a stopped backend was not given up: $(tail -5 "$AL_TMP/lock.log")"; }
kill -CONT "$pid"
reconnected() { [ "$(grep -c 'database 1: connected' "$AL_TMP/lock.log")" = 2 ]; }
al_wait 10 reconnected || fail "no reconnection after a stopped backend: $(tail -5 "$AL_TMP/lock.log")"
low 1
al_wait 10 all_delivered || fail "not delivered after the reconnection"
echo "stopped backend: the claim given up after 1 s, reconnected, delivering"
term_within 2 "(idle)"

# --- TCP keepalives on the forwarder's connections (ss shows the timer)
al_start "$AL_TMP/ka.log" --dsn "host=127.0.0.1 port=$PGPORT dbname=$PGDATABASE" --url "$SINK_URL" --timeout 3
al_wait 10 grep -q 'database 1: connected' "$AL_TMP/ka.log" || fail "keepalives: no connection: $(cat "$AL_TMP/ka.log")"
ss -tnop state established "( dport = :$PGPORT )" >"$AL_TMP/ss" 2>&1
# libpq keeps alive by default, after the system's 2 hours idle; the
# forwarder probes after --timeout idle: ss shows the timer as "3.0sec" or less
ka=$(grep "pid=$ALERTD_PID," "$AL_TMP/ss" | grep -oE 'timer:\(keepalive,[^,]*' | sed 's/.*,//')
echo "$ka" | grep -qE '^[0-9.]+(ms|sec)$' && le "${ka%%[ms]*}" 3 ||
	fail "keepalives: the forwarder's connection has no keepalive timer of at most 3 s: [$ka] $(cat "$AL_TMP/ss")"
term_within 4 "(idle, TCP)"
echo "keepalives: the forwarder's TCP connection has its keepalive timer due in $ka (--timeout 3; the system default is 2 hours)"

# --- SIGTERM in every state, --timeout 3: within 4 s
# connecting to the silent database
al_start "$AL_TMP/t-connect.log" --dsn "$SILENT" --url "$SINK_URL" --timeout 3
sleep 0.5
term_within 4 "while connecting to a silent database"
# a claim waiting behind a lock
psql -X -q -c "BEGIN; LOCK TABLE csat_alert IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(5); COMMIT;" >/dev/null &
locker=$!
al_start "$AL_TMP/t-claim.log" --dsn "$DSN" --url "$SINK_URL" --timeout 3
al_wait 10 grep -q 'connected' "$AL_TMP/t-claim.log" || fail "t-claim: no connection"
sleep 0.5
term_within 4 "while a claim waits behind a lock"
wait $locker
# a claim to a stopped backend
al_start "$AL_TMP/t-stop.log" --dsn "$DSN" --url "$SINK_URL" --timeout 3 --poll 0.2
al_wait 10 grep -q 'connected' "$AL_TMP/t-stop.log" || fail "t-stop: no connection"
pid=$(backend)
kill -STOP "$pid"
sleep 0.6
term_within 4 "while a claim waits for a stopped backend"
kill -CONT "$pid"
# mid-request to a webhook that never answers
al_mode hang
low 1
al_start "$AL_TMP/t-hang.log" --dsn "$DSN" --url "$SINK_URL" --timeout 3
al_wait 10 grep -q 'connected' "$AL_TMP/t-hang.log" || fail "t-hang: no connection"
sleep 0.8
term_within 4 "mid-request to a webhook that never answers"
grep -q 'alert [0-9]* failed .*timed out' "$AL_TMP/t-hang.log" || fail "t-hang: the request in flight was not finished: $(cat "$AL_TMP/t-hang.log")"
# acknowledging to a stopped backend: the request (2 s) finishes, the
# acknowledgement gets what is left of --timeout + 0.5 s
al_mode slow 2
q "UPDATE csat_alert SET next_attempt_at = now() WHERE delivered_at IS NULL" || fail "requeue"
al_start "$AL_TMP/t-ack.log" --dsn "$DSN" --url "$SINK_URL" --timeout 3
al_wait 10 grep -q 'connected' "$AL_TMP/t-ack.log" || fail "t-ack: no connection"
sleep 0.5
pid=$(backend)
kill -STOP "$pid"
term_within 4 "while acknowledging to a stopped backend"
kill -CONT "$pid"
grep -q 'delivered alert' "$AL_TMP/t-ack.log" || fail "t-ack: the request in flight was not finished: $(cat "$AL_TMP/t-ack.log")"
grep -q 'could not be acknowledged; they will be delivered again' "$AL_TMP/t-ack.log" ||
	fail "t-ack: the unacknowledged delivery is not logged: $(cat "$AL_TMP/t-ack.log")"
# backing off from a failing webhook (the pause is 5 s)
# (the stopped backend, once continued, may still run the acknowledgement it
# had received: then nothing is undelivered)
al_mode 500
low 1
al_start "$AL_TMP/t-backoff.log" --dsn "$DSN" --url "$SINK_URL" --timeout 3 --poll 5
al_wait 10 grep -q 'will retry' "$AL_TMP/t-backoff.log" || fail "t-backoff: no failure"
sleep 0.5
term_within 4 "while backing off"
al_mode ok

# --- --once ends when nothing is due now: 4 alerts, batches of 2, each
# request times out after 0.5 s; the first two are due again (1 s backoff)
# before the run ends, and are left for the next run
q "UPDATE csat_alert SET next_attempt_at = now() + interval '1 hour' WHERE delivered_at IS NULL"
low 4
ids=$(q "SELECT string_agg(alert_id::text, ',' ORDER BY alert_id) FROM csat_alert WHERE next_attempt_at <= now()")
al_mode hang
t0=$(date +%s.%N)
timeout -k 2 30 "$ALERTD" --dsn "$DSN" --url "$SINK_URL" --once --timeout 0.5 --batch 2 2>"$AL_TMP/once-backoff.log"
rc=$?
took=$(since "$t0")
al_mode ok
[ $rc = 1 ] || fail "--once with failing alerts: exit $rc: $(cat "$AL_TMP/once-backoff.log")"
attempts=$(q "SELECT string_agg(attempts::text, ',' ORDER BY alert_id) FROM csat_alert WHERE alert_id IN ($ids)")
[ "$attempts" = "1,1,1,1" ] || fail "--once retried alerts due again in the same run: attempts $attempts (took $took s): $(cat "$AL_TMP/once-backoff.log")"
le "$took" 5 || fail "--once with failing alerts took $took s"
echo "--once with alerts backing off: one attempt each, exit 1 after $took s"

# --- nothing lost: every alert written arrives
al_all_arrive
read -r distinct dups <<<"$(sink_delivered)"
[ "$distinct" = "$written" ] || fail "$written alerts written, $distinct distinct alerts arrived"
echo "nothing lost: $written alerts written, $distinct arrived ($dups twice: acknowledgements cut by SIGTERM)"
echo "alertd_hang: ok: silent database, statement timeout, stopped backend, SIGTERM in 6 states, --once with backoff ($((SECONDS - start)) s)"
