#!/usr/bin/env bash
# csat-alertd keeps secrets (issue 17, point 6).  Every secret below holds
# the marker S3CRET; it must never appear where it must not:
#   - argument errors (a bad URL, header, file, option, a stray argument)
#     exit 2 with the usage and never echo a value;
#   - the log, through deliveries and every failure mode (500, a timeout, a
#     closed connection, a refused connection), shows the webhook as
#     scheme://host:port/… and header names only, while the webhook does
#     receive the path, query, user info and headers;
#   - the URL from CSAT_ALERTD_URL and --url-file, headers from
#     --header-file: delivered with them, and `ps` shows none;
#   - plain http:// to a host other than loopback is refused (exit 2, before
#     any claim) unless --allow-http is given: run inside an empty network
#     namespace (unshare -n), so that a broken refusal sends nothing;
#   - the README's systemd unit, run as systemd would (test/alerts/
#     systemd_unit.py: its DynamicUser, LoadCredential, EnvironmentFile and
#     ExecStart), delivers, and `ps` shows no secret.
# Nothing is lost: every alert written is delivered at the end, counted.
# versions: 13 15 18
# Runs in a cluster of its own, as root (it switches users like systemd).
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/alerts/lib.sh
al_init alertd_secrets "$@"
start=$SECONDS
[ "$(id -u)" = 0 ] || fail "runs as root (it runs the unit's DynamicUser)"
command -v unshare >/dev/null || fail "unshare (util-linux) is missing"

al_tickets
al_sink
PORT=$(cat "$AL_TMP/sink.port")
no_secret() {	# FILE WHAT
	if grep -q S3CRET "$1"; then
		fail "$2 shows a secret: $(grep S3CRET "$1" | head -3)"
	fi
}

# --- argument errors: exit 2, the usage, no value echoed (inside an empty
# network namespace: the URLs name hosts that are not this machine, and a
# broken argument check must not reach them)
printf 'https://h.example/S3CRET-1\nhttps://h.example/S3CRET-2\n' >"$AL_TMP/two-lines"
: >"$AL_TMP/empty"
printf 'Authorization: Bearer S3CRET\nBad Name S3CRET: x\n' >"$AL_TMP/bad-headers"
printf 'S3CRET-no-colon\n' >"$AL_TMP/no-colon"
n=0
while IFS= read -r line; do
	eval "args=($line)"
	unshare -n "$ALERTD" "${args[@]}" >"$AL_TMP/arg.out" 2>&1
	rc=$?
	[ $rc = 2 ] || fail "csat-alertd $line: exit $rc, not 2: $(cat "$AL_TMP/arg.out")"
	grep -q '^usage: csat-alertd' "$AL_TMP/arg.out" || fail "csat-alertd $line: no usage"
	no_secret "$AL_TMP/arg.out" "the error of csat-alertd $line"
	n=$((n + 1))
done <<EOF
--dsn x --url ftp://u:S3CRET@h.example/S3CRET
--dsn x --url 'https://h.example/S3CRET x'
--dsn x --url https://h.example/S3CRET --header S3CRET
--dsn x --url https://h.example/S3CRET --header 'Bad Name: S3CRET'
--dsn x --url https://h.example/S3CRET --header \$'Authorization: Bearer S3CRET\r\nX: y'
--dsn x --url-file $AL_TMP/two-lines
--dsn x --url-file $AL_TMP/empty
--dsn x --url-file $AL_TMP/missing-file
--dsn x --url https://h.example/ --header-file $AL_TMP/bad-headers
--dsn x --url https://h.example/ --header-file $AL_TMP/no-colon
--dsn x --url https://h.example/S3CRET --url-file $AL_TMP/two-lines
--dsn x --urll=https://h.example/S3CRET
--dsn x https://h.example/S3CRET
--dsn 'password=S3CRET' --url https://h.example/S3CRET --timeout S3CRET
--dsn x --url https://h.example/S3CRET --batch S3CRET
--dsn x --url https://h.example/S3CRET --format S3CRET
--dsn x --url https://h.example/S3CRET --lease S3CRET
--dsn x --url https://h.example/S3CRET --channel ''
--dsn x --url http://S3CRET@hooks.example.com/S3CRET?t=S3CRET
EOF
echo "argument errors: $n bad command lines, exit 2 each, no value echoed"

# --- the log: deliveries and every failure mode; the webhook gets everything
URL="http://user:S3CRET-PW@127.0.0.1:$PORT/hook/T000/B000/S3CRET-PATH?token=S3CRET-Q"
printf '# a comment\n\nX-Api-Key: S3CRET-H2\r\n' >"$AL_TMP/headers"
low 3
"$ALERTD" --dsn "$DSN" --url "$URL" --header 'Authorization: Bearer S3CRET-H1' \
	--header-file "$AL_TMP/headers" --once 2>"$AL_TMP/log-ok" || fail "delivery: $(cat "$AL_TMP/log-ok")"
grep -q "forwarding to http://127.0.0.1:$PORT/… (json, 1 database; headers: Authorization, X-Api-Key)" "$AL_TMP/log-ok" ||
	fail "the start line: $(head -1 "$AL_TMP/log-ok")"
/usr/bin/python3 - "$SINK_LOG" <<'PY' || fail "the webhook did not get the URL and headers: $(tail -1 "$SINK_LOG")"
import base64, json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 3, len(rows)
for r in rows:
    assert r["path"] == "/hook/T000/B000/S3CRET-PATH?token=S3CRET-Q", r["path"]
    h = r["headers"]
    assert h["x-api-key"] == "S3CRET-H2", h
    # user info is sent as Basic authorization unless a header overrides it
    assert h["authorization"] in ("Bearer S3CRET-H1",), h
PY
for mode in 500 hang close refused; do
	low 1
	url=$URL
	[ $mode = refused ] && url="http://user:S3CRET-PW@127.0.0.1:1/S3CRET-PATH?token=S3CRET-Q"
	al_mode "$mode"
	"$ALERTD" --dsn "$DSN" --url "$url" --header 'Authorization: Bearer S3CRET-H1' \
		--header-file "$AL_TMP/headers" --once --timeout 1 --max-attempts 1 2>"$AL_TMP/log-$mode"
	[ $? = 1 ] || fail "$mode: not exit 1: $(cat "$AL_TMP/log-$mode")"
	grep -q 'giving up' "$AL_TMP/log-$mode" || fail "$mode: no failure logged: $(cat "$AL_TMP/log-$mode")"
done
al_mode ok
for f in "$AL_TMP"/log-*; do no_secret "$f" "the log ($(basename "$f"))"; done
[ "$(q "SELECT count(*) FROM csat_alert WHERE last_error LIKE '%S3CRET%'")" = 0 ] || fail "a last_error holds a secret"
echo "logs: deliveries and 4 failure modes, the webhook got path, query and headers, the log none of them"

# --- CSAT_ALERTD_URL, --url-file, --header-file: ps shows no secret
printf '%s\n' "$URL" >"$AL_TMP/url"
: >"$SINK_LOG"
low 2
CSAT_ALERTD_URL=$URL "$ALERTD" --dsn "$DSN" --once 2>"$AL_TMP/env.log" || fail "CSAT_ALERTD_URL: $(cat "$AL_TMP/env.log")"
[ "$(wc -l <"$SINK_LOG")" = 2 ] || fail "CSAT_ALERTD_URL: $(wc -l <"$SINK_LOG") deliveries, not 2"
grep -q 'S3CRET-PATH' "$SINK_LOG" || fail "CSAT_ALERTD_URL: not the URL's path"
al_start "$AL_TMP/files.log" --dsn "$DSN" --url-file "$AL_TMP/url" --header-file "$AL_TMP/headers" --poll 0.2
al_wait 10 grep -q 'connected' "$AL_TMP/files.log" || fail "--url-file: no connection: $(cat "$AL_TMP/files.log")"
low 2
al_wait 10 all_delivered || fail "--url-file: not delivered: $(cat "$AL_TMP/files.log")"
ps -o args= -p "$ALERTD_PID" >"$AL_TMP/ps"
grep -q -- '--url-file' "$AL_TMP/ps" || fail "ps does not show the forwarder: $(cat "$AL_TMP/ps")"
no_secret "$AL_TMP/ps" "ps"
kill -TERM "$ALERTD_PID"
wait "$ALERTD_PID" || fail "--url-file: SIGTERM: exit $?"
[ "$(grep -c "\"x-api-key\": \"S3CRET-H2\"" "$SINK_LOG")" = 2 ] || fail "--header-file: the header did not reach the webhook"
no_secret "$AL_TMP/files.log" "the log (--url-file)"
no_secret "$AL_TMP/env.log" "the log (CSAT_ALERTD_URL)"
echo "CSAT_ALERTD_URL, --url-file, --header-file: delivered; ps shows: $(cat "$AL_TMP/ps")"

# --- plain http:// to a non-loopback host, inside an empty network namespace
# (the database is reached through its Unix socket)
low 1
before=$(q "SELECT string_agg(alert_id || ':' || attempts, ',' ORDER BY alert_id) FROM csat_alert WHERE delivered_at IS NULL")
unshare -n "$ALERTD" --dsn "$DSN" --url "http://192.0.2.10/S3CRET" --once 2>"$AL_TMP/http.log"
rc=$?
[ $rc = 2 ] || fail "http:// to 192.0.2.10 was not refused: exit $rc: $(cat "$AL_TMP/http.log")"
grep -q 'plain http:// to 192.0.2.10, which is not loopback.*--allow-http' "$AL_TMP/http.log" || fail "the refusal: $(cat "$AL_TMP/http.log")"
no_secret "$AL_TMP/http.log" "the refusal"
[ "$(q "SELECT string_agg(alert_id || ':' || attempts, ',' ORDER BY alert_id) FROM csat_alert WHERE delivered_at IS NULL")" = "$before" ] ||
	fail "a refused http:// URL claimed or tried alerts"
unshare -n env CSAT_ALERTD_URL=http://hooks.example.com/S3CRET "$ALERTD" --dsn "$DSN" --once 2>"$AL_TMP/http-env.log"
[ $? = 2 ] || fail "http:// from CSAT_ALERTD_URL was not refused"
# with --allow-http it tries (and fails: there is no network in the namespace)
unshare -n "$ALERTD" --dsn "$DSN" --url "http://192.0.2.10/S3CRET" --allow-http --once --timeout 1 --max-attempts 1 2>"$AL_TMP/allow.log"
rc=$?
[ $rc = 1 ] || fail "--allow-http: exit $rc, not 1: $(cat "$AL_TMP/allow.log")"
grep -q 'alert [0-9]* failed' "$AL_TMP/allow.log" || fail "--allow-http did not try: $(cat "$AL_TMP/allow.log")"
no_secret "$AL_TMP/allow.log" "the log (--allow-http)"
# loopback http:// and https:// anywhere are accepted (they fail to connect: no network)
for url in http://localhost:1/S3CRET http://127.0.0.2:1/S3CRET 'http://[::1]:1/S3CRET' https://192.0.2.10/S3CRET; do
	low 1
	unshare -n "$ALERTD" --dsn "$DSN" --url "$url" --once --timeout 1 --max-attempts 1 2>"$AL_TMP/lo.log"
	rc=$?
	[ $rc = 1 ] || fail "$url: exit $rc, not 1 (tried and failed): $(cat "$AL_TMP/lo.log")"
	no_secret "$AL_TMP/lo.log" "the log ($url)"
done
echo "http://: refused to 192.0.2.10 (exit 2, nothing claimed) unless --allow-http; loopback and https:// accepted; inside unshare -n"

# --- the README's systemd unit, run as systemd would
q "CREATE ROLE alertd LOGIN" && q "CREATE DATABASE helpdesk" || fail "unit: role and database"
psql -X -q -v ON_ERROR_STOP=1 -d helpdesk -c "CREATE EXTENSION csat;
  GRANT EXECUTE ON FUNCTION csat_alert_claim(integer, interval), csat_alert_delivered(bigint, uuid),
    csat_alert_failed(bigint, text, uuid, boolean) TO alertd;
  CREATE TABLE answers (id int PRIMARY KEY, csat satisfaction_rating(1,5));
  CREATE TRIGGER low AFTER INSERT ON answers FOR EACH ROW
    EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id', 'csat_wake');" || fail "unit: database"
mkdir -p "$AL_TMP/etc/csat-alertd"
printf '%s\n' "http://127.0.0.1:$PORT/services/T000/B000/S3CRET-UNIT" >"$AL_TMP/etc/csat-alertd/webhook-url"
printf 'Authorization: Bearer S3CRET-UNIT-TOKEN\n' >"$AL_TMP/etc/csat-alertd/webhook-headers"
printf 'PGHOST=%s\nPGPORT=%s\n' "$PGHOST" "$PGPORT" >"$AL_TMP/etc/csat-alertd/env"
chmod 600 "$AL_TMP"/etc/csat-alertd/*
uid=$(/usr/bin/python3 -c 'import pwd
u = 61000
while True:
    try: pwd.getpwuid(u); u += 1
    except KeyError: print(u); break')
: >"$SINK_LOG"
/usr/bin/python3 test/alerts/systemd_unit.py README.md "$AL_TMP" "$ALERTD" "$AL_TMP/credentials" "$uid" 2>>"$AL_TMP/unit.log" &
ALERTD_PID=$!
AL_PIDS+=($ALERTD_PID)
al_wait 10 grep -q 'database 1: connected' "$AL_TMP/unit.log" || fail "unit: no connection: $(cat "$AL_TMP/unit.log")"
psql -X -q -d helpdesk -c "INSERT INTO answers VALUES (1, '1/5'), (2, '5/5'), (3, '2/5')" || fail "unit: insert"
unit_delivered() { [ "$(psql -X -A -t -d helpdesk -c "SELECT count(*) FROM csat_alert WHERE delivered_at IS NOT NULL")" = 2 ]; }
al_wait 5 unit_delivered || fail "unit: not delivered: $(cat "$AL_TMP/unit.log")"
ps -o uid=,args= -p "$ALERTD_PID" >"$AL_TMP/unit-ps"
# every process of this check (others on the machine may be another run of it)
ps -eo args= | grep -F -- "$AL_TMP" | grep -v grep >"$AL_TMP/all-ps"
[ "$(awk '{ print $1 }' "$AL_TMP/unit-ps")" = "$uid" ] || fail "unit: not run as the DynamicUser $uid: $(cat "$AL_TMP/unit-ps")"
grep -q -- "--url-file $AL_TMP/credentials/webhook-url" "$AL_TMP/unit-ps" || fail "unit: ps: $(cat "$AL_TMP/unit-ps")"
no_secret "$AL_TMP/unit-ps" "ps (the unit's process)"
no_secret "$AL_TMP/all-ps" "ps (every process of this check)"
kill -TERM "$ALERTD_PID"
wait "$ALERTD_PID" || fail "unit: SIGTERM: exit $?"
no_secret "$AL_TMP/unit.log" "the log (the unit)"
/usr/bin/python3 - "$SINK_LOG" <<'PY' || fail "unit: the webhook did not get the credentials: $(cat "$SINK_LOG")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 2, len(rows)
for r in rows:
    assert r["path"] == "/services/T000/B000/S3CRET-UNIT", r["path"]
    assert r["headers"]["authorization"] == "Bearer S3CRET-UNIT-TOKEN", r["headers"]
PY
echo "systemd unit (README): ran as uid $uid with its credentials; 2 alerts delivered; ps: $(cut -c1-160 "$AL_TMP/unit-ps")"

# --- nothing lost: every alert written arrives
: >"$SINK_LOG"
al_all_arrive
echo "nothing lost: $written alerts written, all delivered"
echo "alertd_secrets: ok: $n argument errors, logs in 5 modes, environment and files, ps, http:// refused in an empty network namespace, the README's systemd unit ($((SECONDS - start)) s)"
