# shellcheck shell=bash
# Helpers of the csat-alertd checks (test/checks/alertd*.sh).  Each check
# runs in a cluster of its own (test/pg/cluster.sh, so that it may restart
# the server and set max_prepared_transactions), started by al_init.
#
#   al_init NAME "$@"   re-executes the calling check inside its own cluster
#                       (once), then names it, makes a work directory $AL_TMP,
#                       sets ALERTD (the installed csat-alertd, or
#                       $CSAT_ALERTD_UNDER_TEST) and a cleanup trap
#   al_sink             starts sink.py; sets SINK_URL, SINK_LOG, SINK_CTL
#   al_mode WORDS...    how the sink answers from now on (see sink.py)
#   al_start LOG ARGS.. csat-alertd ARGS in the background (pid in ALERTD_PID)
#   al_wait SECS CMD..  until CMD succeeds, at most SECS seconds
#   al_restart          restarts PostgreSQL (fast shutdown)
#   al_tickets          csat and a table tickets whose low ratings queue alerts;
#                       sets DSN (a superuser's); then `low N` writes N low
#                       ratings (counted in $written), all_delivered is true
#                       when no alert is pending (undelivered, not given up),
#                       al_all_arrive delivers everything left and checks that
#                       every alert written is delivered
#   q SQL               psql on $PGDATABASE, unaligned, tuples only
#   fail MSG            "NAME: FAILED: MSG", exit 1

AL_NAME=alertd
AL_PIDS=()

al_init() {
	AL_NAME=$1
	shift
	if [ -z "${CSAT_ALERTS_CLUSTER:-}" ]; then
		# PostgreSQL's own pg_config: the one first on PATH inside pg_virtualenv
		# or test/pg/cluster.sh
		export PG_CONFIG=${PG_CONFIG:-pg_config}
		CSAT_ALERTS_CLUSTER=1 exec test/pg/cluster.sh -o max_prepared_transactions=10 \
			-o max_connections=40 bash "$0" "$@"
	fi
	AL_TMP=$(mktemp -d /tmp/csat-alertd-check.XXXXXX)
	chmod 755 "$AL_TMP"
	ALERTD=$("${PG_CONFIG:-pg_config}" --bindir)/csat-alertd
	# CSAT_ALERTD_UNDER_TEST: another build (an older release, to see a check fail)
	ALERTD=${CSAT_ALERTD_UNDER_TEST:-$ALERTD}
	[ -x "$ALERTD" ] || fail "$ALERTD is not installed (make install)"
	trap al_cleanup EXIT
	trap 'exit 130' INT TERM
}

al_cleanup() {
	local p
	for p in "${AL_PIDS[@]}"; do
		kill -9 "$p" 2>/dev/null
	done
	wait 2>/dev/null
	[ -n "${AL_KEEP:-}" ] || rm -rf "$AL_TMP"
	return 0
}

fail() {
	echo "$AL_NAME: FAILED: $*"
	exit 1
}

q() {
	psql -X -A -t -q -v ON_ERROR_STOP=1 -c "$*"
}

al_sink() {
	SINK_LOG=$AL_TMP/sink.log
	SINK_CTL=$AL_TMP/sink.ctl
	: >"$SINK_LOG"
	rm -f "$AL_TMP/sink.port"
	/usr/bin/python3 test/alerts/sink.py "$AL_TMP/sink.port" "$SINK_LOG" "$SINK_CTL" &
	AL_PIDS+=($!)
	al_wait 10 test -s "$AL_TMP/sink.port" || fail "the sink did not start"
	SINK_URL="http://127.0.0.1:$(cat "$AL_TMP/sink.port")/hook"
}

al_mode() {
	echo "$*" >"$SINK_CTL"
}

al_start() {
	local log=$1
	shift
	"$ALERTD" "$@" 2>>"$log" &
	ALERTD_PID=$!
	AL_PIDS+=($ALERTD_PID)
}

al_wait() {
	local secs=$1
	shift
	local end=$((SECONDS + secs))
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.1
	done
	return 0
}

al_restart() {
	local as=()
	[ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
	"${as[@]}" "$(dirname "$(command -v psql)")/pg_ctl" -D "$CSAT_CLUSTER_DIR/data" -m fast -w restart \
		>/dev/null || fail "could not restart PostgreSQL"
}

# keys the sink answered 2xx, and how many of them came more than once
sink_delivered() {
	/usr/bin/python3 - "$SINK_LOG" <<'PY'
import json, sys, collections
c = collections.Counter()
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["status"] < 300:
        c[r["key"]] += 1
print(len(c), sum(1 for v in c.values() if v > 1))
PY
}

al_tickets() {
	q "CREATE EXTENSION csat;
	   CREATE TABLE tickets (id serial PRIMARY KEY, csat satisfaction_rating(1,5));
	   CREATE TRIGGER low AFTER INSERT ON tickets FOR EACH ROW
	     EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id');" || fail "setup"
	DSN="host=$PGHOST port=$PGPORT dbname=$PGDATABASE"
	written=0
}

low() {
	q "INSERT INTO tickets (csat) SELECT '1/5' FROM generate_series(1, $1)"
	written=$((written + $1))
}

all_delivered() {
	[ "$(q "SELECT count(*) FROM csat_alert WHERE delivered_at IS NULL AND next_attempt_at < 'infinity'")" = 0 ]
}

# nothing lost: every alert written is queued, and delivered by a last run
al_all_arrive() {
	q "UPDATE csat_alert SET next_attempt_at = now(), attempts = 0 WHERE delivered_at IS NULL"
	al_mode ok
	"$ALERTD" --dsn "$DSN" --url "$SINK_URL" --once 2>"$AL_TMP/final.log" || fail "final delivery: $(cat "$AL_TMP/final.log")"
	[ "$(q "SELECT count(*) FROM csat_alert")" = "$written" ] ||
		fail "$written alerts written, $(q "SELECT count(*) FROM csat_alert") queued"
	[ "$(q "SELECT count(*) FROM csat_alert WHERE delivered_at IS NULL")" = 0 ] || fail "undelivered alerts remain"
}
