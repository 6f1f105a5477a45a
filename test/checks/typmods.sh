#!/usr/bin/env bash
# Type modifiers survive every way a schema is carried: a table with a
# column on each of the 55 scales (declared in every accepted spelling:
# (hi), (lo,hi), ('lo-hi'), ('lo..hi')) and one without, created under the
# oldest release and updated through the chain, then
#  - pg_dump (plain text: the CREATE TABLE spells them (hi) / ('lo-hi'),
#    never with a comma) replayed with psql, and pg_dump -Fc / pg_restore;
#  - pg_upgrade to a new cluster of the same server (its --binary-upgrade
#    dump goes through format_type() and typmod_in too);
# each copy must have every column's typmod, and every row, unchanged.
# SQLAlchemy's pattern \(([\d,]+)\) must find no comma in any format_type().
# Runs inside a cluster with PG* set as the superuser (about 15 s).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/reliability/lib.sh
rel_init typmods
rel_tmp
T=$REL_TMP
bindir=$(pg_config --bindir) || fail "pg_config"

rel_db src src
oldest=$(q "$src" "SELECT version FROM pg_available_extension_versions WHERE name = 'csat'
	ORDER BY string_to_array(version, '.')::int[] LIMIT 1") || fail "versions"
q "$src" "CREATE EXTENSION csat VERSION '$oldest'" >/dev/null || fail "CREATE EXTENSION csat VERSION $oldest"
# one column per scale, spelled in turn as (hi), (lo,hi), ('lo-hi'), ('lo..hi')
q "$src" -c "DO \$\$
DECLARE cols text := 'id integer, r_any satisfaction_rating'; ins text := '1, ''3/7'''; n int := 0;
BEGIN
  FOR lo IN 0..9 LOOP FOR hi IN lo + 1..10 LOOP
    cols := cols || format(', r_%s_%s satisfaction_rating%s', lo, hi, CASE n % 4
      WHEN 0 THEN CASE WHEN lo = 1 THEN format('(%s)', hi) ELSE format('(%s,%s)', lo, hi) END
      WHEN 1 THEN format('(%s,%s)', lo, hi)
      WHEN 2 THEN format('(''%s-%s'')', lo, hi)
      ELSE format('('' %s .. %s '')', lo, hi) END);
    ins := ins || format(', %s', (lo + hi) / 2);
    n := n + 1;
  END LOOP; END LOOP;
  EXECUTE format('CREATE TABLE scales (%s)', cols);
  EXECUTE format('INSERT INTO scales VALUES (%s)', ins);
  EXECUTE 'INSERT INTO scales (id) VALUES (2)';
END \$\$" >/dev/null 2>"$T/err" || fail "creating the table: $(cat "$T/err")"
q "$src" "ALTER EXTENSION csat UPDATE" >/dev/null || fail "ALTER EXTENSION csat UPDATE"
# the library creating them is 0.4.0's: give the columns the typmods 0.3.0's
# library made (the bare scale byte), which pg_upgrade from a 0.3.0 cluster
# carries over as they are
q "$src" "UPDATE pg_attribute SET atttypmod = atttypmod & 255
	WHERE attrelid = 'scales'::regclass AND atttypmod BETWEEN 256 AND 511" >/dev/null || fail "setting 0.3.0 typmods"

# the scales as format_type() reads them: 0.4.0 encodes a typmod as
# 256 | lo << 4 | hi, so that psqlODBC's column size (atttypmod - 4) holds
# '10/0-10'; the columns made under the oldest release keep the bare byte
# lo << 4 | hi, and every copy below goes through typmod_in (re-encoded)
typmods="SELECT string_agg(attname || ':' || format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute
	WHERE attrelid = 'scales'::regclass AND attnum > 0"
short="SELECT count(*) FROM pg_attribute WHERE attrelid = 'scales'::regclass AND atttypmod >= 0 AND atttypmod - 4 < 7"
rows="SELECT string_agg(s::text, '|' ORDER BY id) FROM scales s"
want_t=$(q "$src" "$typmods")
want_r=$(q "$src" "$rows")
n=$(q "$src" "SELECT count(*) FROM pg_attribute WHERE attrelid = 'scales'::regclass
	AND atttypmod = ((substring(attname, 'r_(\d+)_')::int << 4) | substring(attname, '_(\d+)\$')::int)") || fail "typmods"
[ "$n" = 55 ] || fail "$n of 55 columns have the typmod of their scale"
bad=$(q "$src" "SELECT count(*) FROM pg_attribute WHERE attrelid = 'scales'::regclass AND attnum > 1
	AND (regexp_match(format_type(atttypid, atttypmod), '\(([\d,]+)\)'))[1] LIKE '%,%'")
[ "$bad" = 0 ] || fail "$bad format_type() outputs hold a comma (SQLAlchemy cannot reflect them)"

same() {
	local db=$1 how=$2
	[ "$(q "$db" "$typmods")" = "$want_t" ] || fail "$how: typmods differ: $(q "$db" "$typmods" | head -c 300)"
	[ "$(q "$db" "$rows")" = "$want_r" ] || fail "$how: rows differ"
	[ "$(q "$db" "$short")" = 0 ] || fail "$how: $(q "$db" "$short") columns keep a typmod whose ODBC size (atttypmod - 4) cuts '10/0-10' short"
	echo "$how: 56 typmods and 2 rows unchanged, every typmod in the 0.4.0 encoding"
}

# ---- pg_dump as plain SQL, replayed
pg_dump -d "$src" -t scales -s >"$T/schema.sql" || fail "pg_dump -s"
grep -q "r_1_5 public.satisfaction_rating(5)," "$T/schema.sql" &&
	grep -q "r_0_10 public.satisfaction_rating('0-10')" "$T/schema.sql" ||
	fail "pg_dump spells the modifiers otherwise: $(grep -m3 'r_[01]_' "$T/schema.sql")"
! grep -Eq "satisfaction_rating\([0-9]+,[0-9]+\)" "$T/schema.sql" || fail "pg_dump prints a modifier with a comma"
echo "pg_dump: $(grep -m1 -o "r_1_5 public.satisfaction_rating(5)" "$T/schema.sql"), $(grep -m1 -o "r_0_10 public.satisfaction_rating('0-10')" "$T/schema.sql")"
pg_dump -d "$src" >"$T/plain.sql" || fail "pg_dump"
rel_db plain plain
q "$plain" -f "$T/plain.sql" >/dev/null 2>"$T/err" || fail "replaying the plain dump: $(cat "$T/err")"
same "$plain" "pg_dump | psql"

# ---- pg_dump -Fc / pg_restore
pg_dump -Fc -d "$src" -f "$T/dump.fc" || fail "pg_dump -Fc"
rel_db fc fc
pg_restore -d "$fc" "$T/dump.fc" 2>"$T/err" || fail "pg_restore: $(cat "$T/err")"
same "$fc" "pg_dump -Fc | pg_restore"

# ---- pg_upgrade: a cluster of our own, upgraded to another one of the same server
if [ ! -x "$bindir/pg_upgrade" ]; then
	echo "typmods: pg_upgrade not installed in $bindir; skipped"
else
	as=()
	if [ "$(id -u)" = 0 ]; then
		as=(runuser -u postgres --)
		chown postgres "$T"
	fi
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	for d in old new; do
		"${as[@]}" "$bindir/initdb" -A trust -U postgres -D "$T/$d" >"$T/initdb_$d.log" 2>&1 || fail "initdb $d: $(tail -3 "$T/initdb_$d.log")"
	done
	"${as[@]}" "$bindir/pg_ctl" -D "$T/old" -o "-p $port -k $T -c listen_addresses=''" -w -l "$T/old.log" start >/dev/null ||
		fail "starting the old cluster: $(tail -3 "$T/old.log")"
	pg_dump -d "$src" >"$T/src.sql" || fail "pg_dump for pg_upgrade"
	PGHOST=$T PGPORT=$port PGUSER=postgres psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE up" >/dev/null &&
		PGHOST=$T PGPORT=$port PGUSER=postgres psql -X -q -v ON_ERROR_STOP=1 -d up -f "$T/src.sql" >/dev/null 2>"$T/err" ||
		{ "${as[@]}" "$bindir/pg_ctl" -D "$T/old" -m immediate stop >/dev/null; fail "loading the old cluster: $(cat "$T/err")"; }
	"${as[@]}" "$bindir/pg_ctl" -D "$T/old" -m fast -w stop >/dev/null || fail "stopping the old cluster"
	(cd "$T" && "${as[@]}" "$bindir/pg_upgrade" -b "$bindir" -B "$bindir" -d "$T/old" -D "$T/new" \
		-p "$port" -P "$port" -U postgres -s "$T" >"$T/pg_upgrade.log" 2>&1) ||
		fail "pg_upgrade: $(tail -20 "$T/pg_upgrade.log")"
	"${as[@]}" "$bindir/pg_ctl" -D "$T/new" -o "-p $port -k $T -c listen_addresses=''" -w -l "$T/new.log" start >/dev/null ||
		fail "starting the upgraded cluster: $(tail -3 "$T/new.log")"
	got_t=$(PGHOST=$T PGPORT=$port PGUSER=postgres q up "$typmods")
	got_r=$(PGHOST=$T PGPORT=$port PGUSER=postgres q up "$rows")
	got_s=$(PGHOST=$T PGPORT=$port PGUSER=postgres q up "$short")
	"${as[@]}" "$bindir/pg_ctl" -D "$T/new" -m fast -w stop >/dev/null
	[ "$got_t" = "$want_t" ] || fail "pg_upgrade: typmods differ"
	[ "$got_r" = "$want_r" ] || fail "pg_upgrade: rows differ"
	[ "$got_s" = 0 ] || fail "pg_upgrade: $got_s columns keep a typmod too small for ODBC"
	echo "pg_upgrade: 56 typmods and 2 rows unchanged"
fi
echo "typmods: ok: 55 scales in 4 spellings, created under $oldest and updated; pg_dump/psql, pg_dump -Fc/pg_restore and pg_upgrade keep every modifier ($(rel_elapsed) s)"
