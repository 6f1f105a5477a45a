#!/usr/bin/env bash
# Dump and restore: a database with modified rating columns
# (satisfaction_rating(1,5), (0,10), (1,7), (3), (0,5) and one without a
# modifier), NULLs, rating_summary columns, btree and hash indexes on
# ratings, a materialized view of daily summaries and views over csat_pct,
# nps, ces_avg and rating_summary (test/reliability/fixture.sql) is dumped
# with pg_dump -Fc and restored with pg_restore into a new database, and also
# dumped as plain SQL (--column-inserts) and replayed with psql.  Each copy
# must have identical data (EXCEPT ALL both ways, row by row), identical
# typmods, identical view, materialized view and aggregate results (every
# line of test/reliability/snapshot.sql, binary send forms included), and
# valid indexes that the planner uses and that agree with a sequential scan
# (btree indexes also pass amcheck).  Then text, CSV and binary COPY round
# trips of every table, a bare-integer text load into modified columns, and
# binary COPY into a column of another scale (must fail cleanly).
# The source database belongs to a non-superuser who installs csat (it is
# trusted), loads the data, queues low-score alerts and dumps; another
# non-superuser restores each dump (--no-owner) into a database it owns: the
# undelivered alerts, their keys and the identity come back, and the next
# alert_id is above the restored ones.  The superuser creates the roles and
# databases and reads for the comparisons (< 60 s).
# versions: all
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/reliability/lib.sh
. test/reliability/fixture_indexes.sh
rel_init dump_restore
rel_tmp
T=$REL_TMP
tables=(responses daily lit daily_mv)

# Two non-superusers: the source database's owner installs csat (trusted),
# loads the data and dumps; another owner restores.  The superuser only
# creates roles and databases and reads for the comparisons.
owner=csat_rel_dump_owner_$$
restorer=csat_rel_dump_restorer_$$
pw=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
rel_role "$owner"
rel_role "$restorer"
q postgres -c "CREATE ROLE $owner LOGIN PASSWORD '$pw' NOSUPERUSER NOCREATEDB NOCREATEROLE" \
	-c "CREATE ROLE $restorer LOGIN PASSWORD '$pw' NOSUPERUSER NOCREATEDB NOCREATEROLE" >/dev/null ||
	fail "cannot create the roles"
as_owner() { PGUSER=$owner PGPASSWORD=$pw "$@"; }
as_restorer() { PGUSER=$restorer PGPASSWORD=$pw "$@"; }
owned_db() {
	rel_db "$1" "$2"
	q "${!1}" "ALTER DATABASE \"${!1}\" OWNER TO $3" >/dev/null || fail "ALTER DATABASE ${!1} OWNER TO $3"
}

owned_db src src "$owner"
as_owner psql -X -q -v ON_ERROR_STOP=1 -d "$src" -c "CREATE EXTENSION csat" >/dev/null 2>"$T/err" ||
	fail "CREATE EXTENSION csat as $owner: $(cat "$T/err")"
as_owner psql -X -q -v ON_ERROR_STOP=1 -d "$src" -f test/reliability/fixture.sql >/dev/null 2>"$T/err" ||
	fail "fixture.sql as $owner: $(cat "$T/err")"
# undelivered low-score alerts travel with the dump
as_owner psql -X -q -v ON_ERROR_STOP=1 -d "$src" \
	-c "CREATE TABLE answers (id integer PRIMARY KEY, r satisfaction_rating(1,5))" \
	-c "CREATE TRIGGER low AFTER INSERT OR UPDATE ON answers FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('r', '2', 'id')" \
	-c "INSERT INTO answers SELECT i, 1 + i % 5 FROM generate_series(1, 100) i" \
	-c "SELECT count(csat_alert_delivered(alert_id, claim_token)) FROM csat_alert_claim(10)" >/dev/null 2>"$T/err" ||
	fail "alerts as $owner: $(cat "$T/err")"
alerts_of() { q "$1" "COPY (SELECT a.alert_id, a.idempotency_key, a.key, a.rating, a.payload FROM csat_alert a
	WHERE delivered_at IS NULL ORDER BY alert_id) TO STDOUT"; }
alerts_of "$src" >"$T/alerts_src.txt" || fail "reading the queue"
nalerts=$(wc -l <"$T/alerts_src.txt")
[ "$nalerts" = 30 ] || fail "expected 30 undelivered alerts, got $nalerts"
check_alerts() {
	local db=$1 how=$2 r
	alerts_of "$db" >"$T/alerts_dst.txt" || fail "$how: reading the queue"
	diff -u "$T/alerts_src.txt" "$T/alerts_dst.txt" >"$T/diff" || { head -20 "$T/diff"; fail "$how: undelivered alerts differ"; }
	[ "$(q "$db" "SELECT csat_database_id()")" = "$(q "$src" "SELECT csat_database_id()")" ] || fail "$how: identity not kept"
	r=$(as_restorer psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" -c "INSERT INTO answers VALUES (101, '1/5')" \
		-c "SELECT alert_id > 40 FROM csat_alert WHERE key = '101'" 2>&1) || fail "$how: a new alert as $restorer: $r"
	[ "$r" = t ] || fail "$how: the next alert_id is not above the restored ones"
	q "$db" "DELETE FROM answers WHERE id = 101; DELETE FROM csat_alert WHERE key = '101'" || fail "$how: cleanup"
}
q "$src" -f test/reliability/snapshot.sql >"$T/src.txt" 2>"$T/err" || fail "snapshot.sql: $(cat "$T/err")"
for t in "${tables[@]}"; do
	q "$src" "COPY (SELECT x::text FROM $t x) TO STDOUT" >"$T/rows_$t.txt" || fail "rows of $t"
done
nrows=$(cat "$T/rows_"*.txt | wc -l)

# compare a database with the source: rows, snapshot, typmods, indexes
check_copy() {
	local db=$1 how=$2 t a b n
	for t in "${tables[@]}"; do
		q "$db" -c "CREATE TEMP TABLE src_rows (line text)" \
			-c "\\copy src_rows FROM '$T/rows_$t.txt'" \
			-c "SELECT (SELECT count(*) FROM (SELECT x::text FROM $t x EXCEPT ALL SELECT line FROM src_rows) d),
					(SELECT count(*) FROM (SELECT line FROM src_rows EXCEPT ALL SELECT x::text FROM $t x) d)" \
			>"$T/except" 2>&1 || fail "$how: comparing $t: $(cat "$T/except")"
		[ "$(tail -1 "$T/except")" = "0|0" ] ||
			fail "$how: $t differs from the source (rows only in the copy | only in the source: $(tail -1 "$T/except"))"
	done
	q "$db" -f test/reliability/snapshot.sql >"$T/dst.txt" 2>"$T/err" || fail "$how: snapshot.sql: $(cat "$T/err")"
	diff -u "$T/src.txt" "$T/dst.txt" >"$T/diff" || { head -60 "$T/diff"; fail "$how: values or results differ"; }
	# the modifiers, spelled out
	a=$(q "$db" "SELECT string_agg(format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute
		WHERE attrelid = 'responses'::regclass AND attname ~ '^r'")
	[ "$a" = "satisfaction_rating(5),satisfaction_rating('0-10'),satisfaction_rating(7),satisfaction_rating(3),satisfaction_rating('0-5'),satisfaction_rating" ] ||
		fail "$how: column types are $a"
	[ "$(q "$db" "SELECT relispopulated FROM pg_class WHERE relname = 'daily_mv'")" = t ] ||
		fail "$how: the materialized view is not populated"
	# indexes: valid, used, agreeing with a sequential scan, amcheck
	fixture_index_checks "$how" q "$db"
	echo "$how: $nrows rows identical both ways, $(wc -l <"$T/dst.txt") snapshot lines identical, typmods identical, 10 indexes valid and used, hash lookups = sequential scan, $FIXTURE_AMCHECK"
}

# ---- pg_dump -Fc / pg_restore
as_owner pg_dump -Fc -f "$T/db.dump" "$src" 2>"$T/err" || fail "pg_dump -Fc as $owner: $(cat "$T/err")"
owned_db dst restored "$restorer"
as_restorer pg_restore --no-owner --exit-on-error -d "$dst" "$T/db.dump" 2>"$T/err" ||
	fail "pg_restore --no-owner as $restorer: $(cat "$T/err")"
check_copy "$dst" "pg_dump -Fc | pg_restore"
check_alerts "$dst" "pg_dump -Fc | pg_restore"

# ---- plain SQL with INSERT statements (the literals go through the typmods)
as_owner pg_dump -Fp --no-owner --column-inserts -f "$T/db.sql" "$src" 2>"$T/err" || fail "pg_dump -Fp as $owner: $(cat "$T/err")"
owned_db plain plain "$restorer"
as_restorer psql -X -q -v ON_ERROR_STOP=1 -d "$plain" -f "$T/db.sql" >/dev/null 2>"$T/err" ||
	fail "psql < plain dump as $restorer: $(cat "$T/err")"
check_copy "$plain" "pg_dump --column-inserts | psql"
check_alerts "$plain" "pg_dump --column-inserts | psql"

# ---- COPY round trips into fresh tables of the same definition
ncopy=0
for fmt in text csv binary; do
	for t in responses daily lit; do
		q "$src" -c "DROP TABLE IF EXISTS ${t}_copy" -c "CREATE TABLE ${t}_copy (LIKE $t)" \
			-c "\\copy $t TO '$T/$t.$fmt' WITH (FORMAT $fmt)" \
			-c "\\copy ${t}_copy FROM '$T/$t.$fmt' WITH (FORMAT $fmt)" >"$T/err" 2>&1 ||
			fail "COPY $fmt of $t: $(cat "$T/err")"
		r=$(q "$src" "SELECT (SELECT count(*) FROM (SELECT x::text FROM $t x EXCEPT ALL SELECT y::text FROM ${t}_copy y) d),
			(SELECT count(*) FROM (SELECT y::text FROM ${t}_copy y EXCEPT ALL SELECT x::text FROM $t x) d),
			(SELECT count(*) FROM $t)")
		[ "${r%|*}" = "0|0" ] || fail "COPY $fmt of $t does not round-trip (only in source | only in copy | rows: $r)"
		ncopy=$((ncopy + ${r##*|}))
	done
done
# the ratings compared with their own = as well, binary forms included
r=$(q "$src" "SELECT count(*) FROM responses a JOIN responses_copy b USING (id)
	WHERE a.r5 IS DISTINCT FROM b.r5 OR a.r10 IS DISTINCT FROM b.r10 OR a.r7 IS DISTINCT FROM b.r7
	OR a.r3 IS DISTINCT FROM b.r3 OR a.r05 IS DISTINCT FROM b.r05 OR a.rany IS DISTINCT FROM b.rany
	OR satisfaction_rating_send(a.rany) IS DISTINCT FROM satisfaction_rating_send(b.rany)")
[ "$r" = 0 ] || fail "$r rows differ after binary COPY"
r=$(q "$src" "SELECT count(*) FROM daily a JOIN daily_copy b USING (day, agent)
	WHERE rating_summary_send(a.s5) <> rating_summary_send(b.s5) OR rating_summary_send(a.s10) <> rating_summary_send(b.s10)
	OR rating_summary_send(a.sany) <> rating_summary_send(b.sany)")
[ "$r" = 0 ] || fail "$r summaries differ bitwise after binary COPY"

# legacy integer scores: bare numbers load into modified columns (text COPY)
q "$src" -c "\\copy (SELECT id, rating_value(r5), rating_value(r10), rating_value(r7) FROM responses) TO '$T/ints.txt'" \
	-c "CREATE TABLE ints (id integer, r5 satisfaction_rating(1,5), r10 satisfaction_rating(0,10), r7 satisfaction_rating(1,7))" \
	-c "\\copy ints FROM '$T/ints.txt'" >"$T/err" 2>&1 || fail "bare integer COPY: $(cat "$T/err")"
r=$(q "$src" "SELECT count(*) FROM responses a JOIN ints b USING (id)
	WHERE a.r5 IS DISTINCT FROM b.r5 OR a.r10 IS DISTINCT FROM b.r10 OR a.r7 IS DISTINCT FROM b.r7")
[ "$r" = 0 ] || fail "$r rows differ after a bare-integer load"

# binary COPY of 1..7 ratings into a 1..5 column: the receive function
# enforces the modifier (an error with a data SQLSTATE, no row loaded)
q "$src" -c "\\copy (SELECT r7 FROM responses WHERE r7 = '7/7') TO '$T/r7.bin' WITH (FORMAT binary)" \
	-c "CREATE TABLE narrow (r satisfaction_rating(1,5))" >/dev/null || fail "binary r7 export"
out=$(psql -X -q -d "$src" -v VERBOSITY=verbose -c "\\copy narrow FROM '$T/r7.bin' WITH (FORMAT binary)" 2>&1) &&
	fail "binary COPY of 7/7 into satisfaction_rating(1,5) succeeded"
grep -Eq 'ERROR: +(22003|42804|22023)' <<<"$out" || fail "binary COPY into the narrower column: unexpected error: $out"
[ "$(q "$src" "SELECT count(*) FROM narrow")" = 0 ] || fail "rows were loaded into the narrower column"

echo "dump_restore: ok: dumped by the owner $owner, restored by $restorer: pg_dump -Fc/pg_restore and plain --column-inserts dumps identical ($nrows rows, $nalerts undelivered alerts with keys and identity," \
	"$(wc -l <"$T/src.txt") result lines each); $ncopy rows round-tripped through text, CSV and binary COPY;" \
	"bare-integer load ok; out-of-scale binary load rejected ($(grep -Eo '(22003|42804|22023)' <<<"$out" | head -1)); $(rel_elapsed) s"
