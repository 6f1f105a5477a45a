#!/usr/bin/env bash
# pg_upgrade keeps every rating: a cluster of the old PostgreSQL with csat
# holding test/reliability/fixture.sql (ratings on six scales and without a
# modifier, with NULLs; rating_summary columns; btree, hash, partial and
# expression indexes on ratings; views and a materialized view of the
# aggregates) is upgraded with the new PostgreSQL's pg_upgrade.  Before and
# after, every stored value (the text of every row of every table), every
# value and result of test/reliability/snapshot.sql (binary send forms,
# accessors, aggregates, window frames, views, and answers read through the
# indexes with enable_seqscan = off) must be identical; after it, every index
# is valid and used by the planner, hash lookups agree with a sequential
# scan, the btree indexes pass amcheck (where the installation has it), the
# materialized view refreshed by the new server gives the same rows, and
# ALTER EXTENSION csat UPDATE is a no-op.  The alert queue too: every alert,
# the alert_id sequence and the database's identity (Idempotency-Keys) come
# through, and the next alert continues them.
#
#   test/pg/pg_upgrade.sh OLD_PG_CONFIG NEW_PG_CONFIG
#
# csat must be installed in both installations (pg_upgrade loads the new
# one's library for every function the old cluster uses).  The clusters live
# in a temporary directory (as root: owned by and run as "postgres") and are
# removed at the end.  Both are initialized with data checksums (18's initdb
# default; pg_upgrade needs the same setting on both sides), UTF8, C.UTF-8.
# Ends with one line; exits 0 or 1.  About 30 s.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
old_config=${1:?usage: test/pg/pg_upgrade.sh OLD_PG_CONFIG NEW_PG_CONFIG}
new_config=${2:?usage: test/pg/pg_upgrade.sh OLD_PG_CONFIG NEW_PG_CONFIG}
oldbin=$("$old_config" --bindir) || exit 2
newbin=$("$new_config" --bindir) || exit 2
oldver=$("$old_config" --version | awk '{ print $2 }')
newver=$("$new_config" --version | awk '{ print $2 }')
name="pg_upgrade $oldver -> $newver"
start=$(date +%s)

as_owner=()
owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
	owner=postgres
	as_owner=(runuser -u postgres --)
fi
dir=$(mktemp -d /tmp/csat-pg-upgrade.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown "$owner" "$dir"
T=$dir/work
mkdir -p "$T"
[ "$(id -u)" = 0 ] && chown "$owner" "$T"
running=""
cleanup() {
	[ -n "$running" ] && "${as_owner[@]}" "$running/pg_ctl" -D "$dir/cluster" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "$name: FAILED: $*"
	exit 1
}
. test/reliability/fixture_indexes.sh
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# server control for the cluster in $dir/cluster, with the binaries of $1
init() {
	"${as_owner[@]}" "$1/initdb" -D "$dir/$2" -U "$owner" -A trust -E UTF8 --locale=C.UTF-8 -k \
		>"$T/initdb-$2.log" 2>&1 || { cat "$T/initdb-$2.log"; fail "initdb $2"; }
}
start() {
	"${as_owner[@]}" "$1/pg_ctl" -D "$dir/cluster" -l "$T/server.log" -w -t 60 \
		-o "-p $2 -k $dir -c listen_addresses='' -c fsync=off" start >/dev/null ||
		{ tail -20 "$T/server.log"; fail "cannot start the server of $1"; }
	running=$1
	export PGHOST=$dir PGPORT=$2 PGUSER=$owner PGDATABASE=csat_upgrade
}
stop() {
	"${as_owner[@]}" "$running/pg_ctl" -D "$dir/cluster" -m fast -w stop >/dev/null || fail "cannot stop the server"
	running=""
}
q() {
	"$running/psql" -X -A -t -q -v ON_ERROR_STOP=1 "$@"
}
unset PGSERVICE PGPASSWORD PGOPTIONS

tables=(responses daily lit daily_mv)
# everything compared before and after: every row's text, the snapshot
record() {
	local t
	: >"$T/$1.txt"
	for t in "${tables[@]}"; do
		echo "== rows of $t" >>"$T/$1.txt"
		q -c "COPY (SELECT x::text FROM $t x ORDER BY x::text) TO STDOUT" >>"$T/$1.txt" ||
			fail "$1: rows of $t"
	done
	q -f test/reliability/snapshot.sql >>"$T/$1.txt" 2>"$T/err" || fail "$1: snapshot.sql: $(cat "$T/err")"
	# the alert queue, its sequence and the database's identity (keys)
	echo "== alerts" >>"$T/$1.txt"
	q -c "COPY (SELECT a::text FROM csat_alert a ORDER BY alert_id) TO STDOUT" >>"$T/$1.txt" ||
		fail "$1: rows of csat_alert"
	q -c "SELECT last_value FROM csat_alert_alert_id_seq" -c "SELECT csat_database_id()" >>"$T/$1.txt" ||
		fail "$1: sequence and identity"
}

# ---- the old cluster
oldport=$(free_port)
init "$oldbin" old
mv "$dir/old" "$dir/cluster"
start "$oldbin" "$oldport"
q -d postgres -c "CREATE DATABASE csat_upgrade" >/dev/null || fail "CREATE DATABASE"
q -c "CREATE EXTENSION csat" || fail "CREATE EXTENSION csat on $oldver"
extver=$(q -c "SELECT extversion FROM pg_extension WHERE extname = 'csat'")
q -f test/reliability/fixture.sql >/dev/null 2>"$T/err" || fail "fixture.sql on $oldver: $(cat "$T/err")"
# low-score alerts: pending, delivered and given up
q -c "CREATE TABLE answers (id integer PRIMARY KEY, r satisfaction_rating(1,5))" \
	-c "CREATE TRIGGER low AFTER INSERT OR UPDATE ON answers FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('r', '2', 'id')" \
	-c "INSERT INTO answers SELECT i, 1 + i % 5 FROM generate_series(1, 30) i" \
	-c "SELECT count(csat_alert_delivered(alert_id, claim_token)) FROM csat_alert_claim(3)" \
	-c "SELECT count(csat_alert_failed(alert_id, 'HTTP 410', claim_token, false)) FROM csat_alert_claim(2)" \
	>/dev/null 2>"$T/err" || fail "alerts on $oldver: $(cat "$T/err")"
nalerts=$(q -c "SELECT count(*) FROM csat_alert")
record before
nrows=$(q -c "SELECT (SELECT count(*) FROM responses) + (SELECT count(*) FROM daily) + (SELECT count(*) FROM lit) + (SELECT count(*) FROM daily_mv)")
stop
mv "$dir/cluster" "$dir/old"

# ---- pg_upgrade into a new cluster
newport=$(free_port)
init "$newbin" new
(cd "$dir" && "${as_owner[@]}" "$newbin/pg_upgrade" -b "$oldbin" -B "$newbin" -d "$dir/old" -D "$dir/new" \
	-p "$oldport" -P "$newport" -s "$dir" -U "$owner") >"$T/pg_upgrade.log" 2>&1 ||
	{
		tail -15 "$T/pg_upgrade.log"
		find "$dir/new" -maxdepth 4 -name 'pg_upgrade*.log' -print0 | xargs -0 -r grep -h -B2 -A3 -m3 -E 'ERROR: |error: ' | head -n 30
		fail "pg_upgrade"
	}
rm -rf "$dir/old"
mv "$dir/new" "$dir/cluster"
start "$newbin" "$newport"
[ "$(q -c "SHOW server_version_num")" -ge "$(( ${newver%%.*} * 10000 ))" ] || fail "not the new server"

# ---- after: identical values and results
record after
diff -u "$T/before.txt" "$T/after.txt" >"$T/diff" || { head -60 "$T/diff"; fail "values or results differ after pg_upgrade"; }
nlines=$(wc -l <"$T/after.txt")

# the modifiers, the extension, the materialized view
a=$(q -c "SELECT string_agg(format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute
	WHERE attrelid = 'responses'::regclass AND attname ~ '^r'")
[ "$a" = "satisfaction_rating(5),satisfaction_rating('0-10'),satisfaction_rating(7),satisfaction_rating(3),satisfaction_rating('0-5'),satisfaction_rating" ] ||
	fail "column types are $a"
[ "$(q -c "SELECT extversion FROM pg_extension WHERE extname = 'csat'")" = "$extver" ] || fail "extension version changed"
q -c "ALTER EXTENSION csat UPDATE" 2>"$T/err" || fail "ALTER EXTENSION csat UPDATE: $(cat "$T/err")"

# indexes: valid, used, agreeing with a sequential scan, amcheck
fixture_index_checks "after pg_upgrade" q
amcheck=${FIXTURE_AMCHECK/not available/not installed in $newver}

# the materialized view recomputed by the new server
q -c "REFRESH MATERIALIZED VIEW daily_mv" || fail "REFRESH MATERIALIZED VIEW"
record refreshed
diff -u "$T/before.txt" "$T/refreshed.txt" >"$T/diff" || { head -60 "$T/diff"; fail "results differ after REFRESH MATERIALIZED VIEW"; }

# the next alert continues the sequence, with the same identity in its key
r=$(q -c "INSERT INTO answers VALUES (31, '1/5')" \
	-c "SELECT alert_id = $nalerts + 1 AND idempotency_key = 'csat-alert-' || csat_database_id() || '-' || alert_id FROM csat_alert WHERE key = '31'")
[ "$r" = t ] || fail "the first alert after pg_upgrade does not continue the ids or the identity"

echo "$name: csat $extver, $nrows rows, $nalerts alerts (queue, sequence, identity) and $nlines lines of values and results identical, 10 indexes valid and used, hash lookups = sequential scan, $amcheck; $(( $(date +%s) - start )) s"
