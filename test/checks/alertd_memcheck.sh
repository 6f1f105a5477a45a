#!/usr/bin/env bash
# csat-alertd's memory: under valgrind memcheck, no error and no leak, and
# the memory still reachable at exit (libcurl's and OpenSSL's global state)
# does not grow with the number of alerts delivered (40 against 400,
# failures and the SIGTERM path included); then csat-alertd built with
# -fsanitize=address,undefined delivers, fails, retries and stops cleanly.
# Runs in a cluster of its own.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/alerts/lib.sh
al_init alertd_memcheck "$@"
start=$SECONDS
command -v valgrind >/dev/null || fail "valgrind is not installed"

q "CREATE EXTENSION csat;
   CREATE TABLE tickets (id serial PRIMARY KEY, csat satisfaction_rating(1,5));
   CREATE TRIGGER low AFTER INSERT ON tickets FOR EACH ROW
     EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id', 'wake');" || fail "setup"
DSN="host=$PGHOST port=$PGPORT dbname=$PGDATABASE"
al_sink
low() { q "INSERT INTO tickets (csat) SELECT '1/5' FROM generate_series(1, $1)"; }

# valgrind: one --once run, "NAME n" for the summary
vg() {
	local name=$1
	shift
	valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=3 \
		--log-file="$AL_TMP/vg-$name.log" "$@" 2>"$AL_TMP/run-$name.log"
}
in_use_at_exit() {
	valgrind --leak-check=full --show-leak-kinds=all --log-file="$AL_TMP/vgr-$1.log" "${@:2}" \
		2>/dev/null
	sed -n 's/.*in use at exit: \([0-9,]*\) bytes in \([0-9,]*\) blocks.*/\1 \2/p' "$AL_TMP/vgr-$1.log" | tr -d ,
}

low 40
small=$(in_use_at_exit small "$ALERTD" --dsn "$DSN" --url "$SINK_URL" --once --batch 7)
low 400
large=$(in_use_at_exit large "$ALERTD" --dsn "$DSN" --url "$SINK_URL" --once --batch 7)
[ "$(q "SELECT count(*) FROM csat_alert WHERE delivered_at IS NULL")" = 0 ] || fail "not all delivered under valgrind"
[ -n "$small" ] && [ "$small" = "$large" ] ||
	fail "memory in use at exit grows with alerts: 40 alerts: $small; 440: $large (bytes blocks)"

low 30
vg json "$ALERTD" --dsn "$DSN" --url "$SINK_URL" --once --format slack --header 'X-A: b' ||
	fail "valgrind (deliveries): $(cat "$AL_TMP/vg-json.log")"
low 5
al_mode 500
vg fail500 "$ALERTD" --dsn "$DSN" --url "$SINK_URL" --once --max-attempts 1
[ $? = 1 ] || fail "valgrind (500): $(cat "$AL_TMP/vg-fail500.log")"
low 3
al_mode close
vg close "$ALERTD" --dsn "$DSN" --url "$SINK_URL" --once --max-attempts 1
[ $? = 1 ] || fail "valgrind (close): $(cat "$AL_TMP/vg-close.log")"
al_mode ok
vg baddb "$ALERTD" --dsn "host=$PGHOST port=1 dbname=x" --url "$SINK_URL" --once
[ $? = 1 ] || fail "valgrind (no database): $(cat "$AL_TMP/vg-baddb.log")"
vg badarg "$ALERTD" --dsn x --url http://h/ --format xml
[ $? = 2 ] || fail "valgrind (bad argument): $(cat "$AL_TMP/vg-badarg.log")"
# the daemon: wake-ups, then SIGTERM
valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=3 \
	--log-file="$AL_TMP/vg-daemon.log" "$ALERTD" --dsn "$DSN" --url "$SINK_URL" --channel wake --poll 5 \
	2>"$AL_TMP/run-daemon.log" &
pid=$!
AL_PIDS+=($pid)
al_wait 30 grep -q connected "$AL_TMP/run-daemon.log" || fail "valgrind daemon did not connect"
low 20
sleep 2
kill -TERM $pid
wait $pid || fail "valgrind (daemon, SIGTERM): exit $?: $(cat "$AL_TMP/vg-daemon.log")"
echo "valgrind: no errors, no leaks; in use at exit $small (bytes blocks) for 40 and for 440 alerts"

# AddressSanitizer + UndefinedBehaviorSanitizer build of the same sources
mkdir -p "$AL_TMP/asan"
cp alertd/*.c alertd/*.h alertd/Makefile "$AL_TMP/asan/"
make -s -C "$AL_TMP/asan" SANITIZE=1 COPT=-Werror >"$AL_TMP/asan-build.log" 2>&1 ||
	fail "the sanitizer build failed: $(cat "$AL_TMP/asan-build.log")"
ASAN="$AL_TMP/asan/csat-alertd"
export ASAN_OPTIONS=detect_leaks=1:exitcode=4 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
low 50
"$ASAN" --dsn "$DSN" --url "$SINK_URL" --once --batch 9 2>"$AL_TMP/asan1.log" || fail "asan: $(tail "$AL_TMP/asan1.log")"
low 5
al_mode hang
"$ASAN" --dsn "$DSN" --url "$SINK_URL" --once --timeout 0.5 --max-attempts 1 --format slack 2>"$AL_TMP/asan2.log"
[ $? = 1 ] || fail "asan (timeouts): $(tail "$AL_TMP/asan2.log")"
al_mode ok
"$ASAN" --dsn "$DSN" --url "$SINK_URL" --channel wake --poll 0.3 2>"$AL_TMP/asan3.log" &
pid=$!
AL_PIDS+=($pid)
low 20
al_wait 20 test "$(q "SELECT count(*) FROM csat_alert WHERE delivered_at IS NULL AND next_attempt_at < 'infinity'")" = 0
al_restart
low 10
sleep 1.5
kill -TERM $pid
wait $pid || fail "asan (daemon, restart, SIGTERM): exit $?: $(tail "$AL_TMP/asan3.log")"
grep -qi 'sanitizer\|runtime error' "$AL_TMP"/asan*.log && fail "sanitizer reports: $(grep -i -A5 'sanitizer\|runtime error' "$AL_TMP"/asan*.log | head -20)"
[ "$(q "SELECT count(*) FROM csat_alert WHERE delivered_at IS NULL AND next_attempt_at < 'infinity'")" = 0 ] ||
	fail "asan daemon left alerts undelivered"
echo "alertd_memcheck: ok: valgrind clean, nothing in use at exit whatever the alert count; ASan+UBSan clean ($((SECONDS - start)) s)"
