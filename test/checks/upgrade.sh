#!/usr/bin/env bash
# Upgrades: every released version has an update path to default_version,
# and ALTER EXTENSION csat UPDATE from the oldest release keeps every stored
# value and every result, and leaves the same catalog objects as a fresh
# install.
#
# Versions are discovered from the scripts in sql/: csat--X.sql installs X,
# csat--A--B.sql updates A to B.  The oldest release is installed with
# CREATE EXTENSION csat VERSION 'oldest', loaded with test/reliability/
# fixture.sql, every value and result recorded (test/reliability/
# snapshot.sql), then updated; after the update the snapshot must be
# identical (also after REFRESH of the materialized view, i.e. recomputed by
# the new code), the btree indexes must pass amcheck, and the catalog
# fingerprint (test/reliability/catalog.sql: members, function signatures
# and markings, types, operators, opclasses, aggregates, casts, comments)
# must equal a fresh install's.  Every other non-default release is also
# installed and updated and compared with a fresh install.  With one release
# the update is a no-op and the rest still runs.
#
# Runs inside pg_virtualenv as the superuser (< 60 s).  CSAT_EXT and
# CSAT_SQLDIR let the check itself be tested on a copy of the scripts under
# another extension name.
# versions: all
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/reliability/lib.sh
rel_init upgrade

ext=${CSAT_EXT:-csat}
sqldir=${CSAT_SQLDIR:-sql}
control=${CSAT_CONTROL:-$ext.control}
sharedir=$(pg_config --sharedir)/extension
rel_tmp
T=$REL_TMP

# ---- the versions, from the script names
full=()
declare -A edges=()
allv=()
for f in "$sqldir/$ext"--*.sql; do
	[ -e "$f" ] || continue
	b=$(basename "$f" .sql)
	b=${b#"$ext"--}
	if [[ "$b" == *--* ]]; then
		from=${b%%--*}
		to=${b#*--}
		[ -n "$from" ] && [ -n "$to" ] && [[ "$to" != *--* ]] || fail "bad upgrade script name $f"
		edges["$from"]="${edges[$from]:-} $to"
		allv+=("$from" "$to")
	else
		full+=("$b")
		allv+=("$b")
	fi
done
[ ${#full[@]} -gt 0 ] || fail "no install script $sqldir/$ext--VERSION.sql"
mapfile -t versions < <(printf '%s\n' "${allv[@]}" | sort -V -u)
oldest=${versions[0]}
newest=${versions[${#versions[@]} - 1]}
default=$(sed -nE "s/^[[:space:]]*default_version[[:space:]]*=[[:space:]]*'([^']*)'.*/\1/p" "$control")
[ -n "$default" ] || fail "no default_version in $control"
echo "versions: ${versions[*]} (install scripts: ${full[*]}; update scripts: $(
	for k in "${!edges[@]}"; do for t in ${edges[$k]}; do printf '%s->%s ' "$k" "$t"; done; done))"
echo "oldest $oldest, default_version $default"
[ "$default" = "$newest" ] || fail "default_version $default is not the newest version $newest"
if ! printf '%s\n' "${full[@]}" | grep -qxF "$default"; then
	echo "note: no install script $sqldir/$ext--$default.sql: a fresh install of $default runs the" \
		"oldest install script and the update chain, so it equals an update by construction; the values" \
		"and results are still checked across the update"
fi

# the installed scripts are the ones in the repository (make install done)
for f in "$sqldir/$ext"--*.sql "$control"; do
	cmp -s "$f" "$sharedir/$(basename "$f")" ||
		fail "$sharedir/$(basename "$f") differs from $f or is missing: run make install"
done

# ---- every version is available and every earlier one reaches default_version
adm=postgres
avail=$(q "$adm" "SELECT string_agg(version, ' ' ORDER BY version) FROM pg_available_extension_versions WHERE name = '$ext'")
for v in "${versions[@]}"; do
	grep -qw -- "$v" <<<"$avail" || fail "version $v is not in pg_available_extension_versions ($avail)"
done
npaths=0
for v in "${versions[@]}"; do
	[ "$v" = "$default" ] && continue
	path=$(q "$adm" "SELECT path FROM pg_extension_update_paths('$ext') WHERE source = '$v' AND target = '$default'")
	[ -n "$path" ] || fail "no update path from $v to $default"
	echo "update path $v -> $default: $path"
	npaths=$((npaths + 1))
done
# no update script leads away from the newest or back to an older version
for from in "${!edges[@]}"; do
	for to in ${edges[$from]}; do
		[ "$(printf '%s\n%s\n' "$from" "$to" | sort -V | head -1)" = "$from" ] ||
			fail "update script $from--$to goes backwards"
	done
done

# ---- oldest release, loaded, updated through the whole chain
rel_db olddb old
q "$olddb" "CREATE EXTENSION $ext VERSION '$oldest'" || fail "CREATE EXTENSION $ext VERSION '$oldest'"
[ "$(q "$olddb" "SELECT extversion FROM pg_extension WHERE extname = '$ext'")" = "$oldest" ] ||
	fail "installed version is not $oldest"
q "$olddb" -f test/reliability/fixture.sql >/dev/null 2>"$T/fixture.err" ||
	fail "fixture.sql on $oldest: $(cat "$T/fixture.err")"
q "$olddb" -f test/reliability/snapshot.sql >"$T/before.txt" 2>"$T/snap.err" ||
	fail "snapshot.sql on $oldest: $(cat "$T/snap.err")"
nlines=$(wc -l <"$T/before.txt")
nvalues=$(q "$olddb" "SELECT (SELECT count(*) * 6 FROM responses) + (SELECT count(*) * 3 FROM daily) + (SELECT count(*) FROM lit)")

psql -X -q -v ON_ERROR_STOP=1 -d "$olddb" -c "ALTER EXTENSION $ext UPDATE" >"$T/update.log" 2>&1 ||
	fail "ALTER EXTENSION $ext UPDATE: $(cat "$T/update.log")"
[ "$(q "$olddb" "SELECT extversion FROM pg_extension WHERE extname = '$ext'")" = "$default" ] ||
	fail "after ALTER EXTENSION UPDATE the version is not $default"

q "$olddb" -f test/reliability/snapshot.sql >"$T/after.txt" 2>"$T/snap.err" ||
	fail "snapshot.sql after the update: $(cat "$T/snap.err")"
diff -u "$T/before.txt" "$T/after.txt" >"$T/diff" ||
	{ head -60 "$T/diff"; fail "values or results changed by the update ($oldest -> $default)"; }
q "$olddb" "REFRESH MATERIALIZED VIEW daily_mv" || fail "REFRESH MATERIALIZED VIEW after the update"
q "$olddb" -f test/reliability/snapshot.sql >"$T/refreshed.txt" 2>"$T/snap.err" ||
	fail "snapshot.sql after the refresh: $(cat "$T/snap.err")"
diff -u "$T/before.txt" "$T/refreshed.txt" >"$T/diff" ||
	{ head -60 "$T/diff"; fail "the updated code computes other results than $oldest"; }

# indexes built by the old version: valid, and in order for the new comparator
q "$olddb" "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
	WHERE c.relname IN ('responses', 'daily', 'lit', 'daily_mv') AND NOT (i.indisvalid AND i.indisready)" |
	grep -qx 0 || fail "an index is invalid after the update"
namcheck=0
if q "$olddb" "CREATE EXTENSION IF NOT EXISTS amcheck" >/dev/null 2>&1; then
	namcheck=$(q "$olddb" "SELECT count(bt_index_check(c.oid, true)) FROM pg_index i
		JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
		WHERE am.amname = 'btree' AND i.indrelid IN ('responses'::regclass, 'daily'::regclass, 'daily_mv'::regclass)") ||
		fail "amcheck found a btree index out of order after the update"
	q "$olddb" "DROP EXTENSION amcheck"
else
	echo "amcheck not available: btree order not verified"
fi

# ---- the updated extension is a fresh install: same objects, same results
rel_db freshdb fresh
q "$freshdb" "CREATE EXTENSION $ext" || fail "CREATE EXTENSION $ext"
q "$freshdb" -v ext="$ext" -f test/reliability/catalog.sql >"$T/cat_fresh.txt" || fail "catalog.sql (fresh)"
q "$olddb" -v ext="$ext" -f test/reliability/catalog.sql >"$T/cat_updated.txt" || fail "catalog.sql (updated)"
diff -u "$T/cat_fresh.txt" "$T/cat_updated.txt" >"$T/diff" ||
	{ head -60 "$T/diff"; fail "the extension updated from $oldest differs from a fresh install of $default (- fresh, + updated)"; }
ncat=$(wc -l <"$T/cat_fresh.txt")
nmembers=$(grep -c '^member: ' "$T/cat_fresh.txt")
q "$freshdb" -f test/reliability/fixture.sql >/dev/null 2>"$T/fixture.err" ||
	fail "fixture.sql on a fresh $default: $(cat "$T/fixture.err")"
q "$freshdb" -f test/reliability/snapshot.sql >"$T/fresh.txt" 2>"$T/snap.err" ||
	fail "snapshot.sql on a fresh $default: $(cat "$T/snap.err")"
diff -u "$T/before.txt" "$T/fresh.txt" >"$T/diff" ||
	{ head -60 "$T/diff"; fail "a fresh install of $default gives other results than $oldest"; }

# ---- every other earlier release updates to the same objects
nother=0
rel_db pathdb paths
for v in "${versions[@]}"; do
	[ "$v" = "$default" ] || [ "$v" = "$oldest" ] && continue
	q "$pathdb" "DROP EXTENSION IF EXISTS $ext; CREATE EXTENSION $ext VERSION '$v'; ALTER EXTENSION $ext UPDATE" \
		>/dev/null 2>"$T/path.err" || fail "install $v and update: $(cat "$T/path.err")"
	q "$pathdb" -v ext="$ext" -f test/reliability/catalog.sql >"$T/cat_path.txt" || fail "catalog.sql ($v updated)"
	diff -u "$T/cat_fresh.txt" "$T/cat_path.txt" >"$T/diff" ||
		{ head -60 "$T/diff"; fail "the extension updated from $v differs from a fresh install of $default"; }
	nother=$((nother + 1))
done

# ---- a 0.3.0 queue, installed by a non-superuser owner (csat is trusted)
# and updated by that owner: the queue becomes the owner's (its pg_dump
# works), no alert is lost, the keys of earlier alerts do not change, a
# 0.3.0 consumer's claim can still be acknowledged, new alerts name the
# database's identity
nowner=0
if [ "$ext" = csat ] && printf '%s\n' "${versions[@]}" | grep -qx 0.3.0 && [ "$default" != 0.3.0 ]; then
	owner=csat_rel_upgrade_owner_$$
	pw=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
	rel_role "$owner"
	q postgres "CREATE ROLE $owner LOGIN PASSWORD '$pw' NOSUPERUSER NOCREATEDB NOCREATEROLE" >/dev/null ||
		fail "cannot create role $owner"
	rel_db qdb queue
	q "$qdb" "ALTER DATABASE \"$qdb\" OWNER TO $owner" >/dev/null || fail "ALTER DATABASE OWNER"
	as_owner() { PGUSER=$owner PGPASSWORD=$pw psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$qdb" "$@"; }
	as_owner -c "CREATE EXTENSION csat VERSION '0.3.0'" \
		-c "CREATE TABLE answers (id integer PRIMARY KEY, r satisfaction_rating(1,5))" \
		-c "CREATE TRIGGER low AFTER INSERT OR UPDATE ON answers FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('r', '2', 'id')" \
		-c "INSERT INTO answers SELECT i, 1 + i % 5 FROM generate_series(1, 25) i" \
		-c "SELECT count(*) FROM csat_alert_claim(4, '1 hour')" \
		-c "SELECT csat_alert_delivered(1)" -c "SELECT csat_alert_failed(2, 'HTTP 410', false)" \
		>"$T/err" 2>&1 || fail "a 0.3.0 queue as $owner: $(cat "$T/err")"
	as_owner -c "COPY (SELECT alert_id, key, rating, payload, attempts, last_error FROM csat_alert
		WHERE delivered_at IS NULL ORDER BY alert_id) TO STDOUT" >"$T/q_before.txt" || fail "reading the 0.3.0 queue"
	nq=$(wc -l <"$T/q_before.txt")
	as_owner -c "ALTER EXTENSION csat UPDATE" >"$T/err" 2>&1 || fail "ALTER EXTENSION csat UPDATE as $owner: $(cat "$T/err")"
	as_owner -c "COPY (SELECT alert_id, key, rating, payload, attempts, last_error FROM csat_alert
		WHERE delivered_at IS NULL ORDER BY alert_id) TO STDOUT" >"$T/q_after.txt" || fail "reading the updated queue"
	diff -u "$T/q_before.txt" "$T/q_after.txt" >"$T/diff" || { head -20 "$T/diff"; fail "the update changed the queue"; }
	r=$(as_owner -c "SELECT count(*), count(*) FILTER (WHERE idempotency_key = 'csat-alert-' || alert_id) FROM csat_alert")
	[ "$r" = "10|10" ] || fail "keys of 0.3.0 alerts after the update (alerts|keyed csat-alert-<id>): $r"
	r=$(as_owner -c "SELECT relowner::regrole FROM pg_class WHERE relname IN ('csat_alert', 'csat_alert_alert_id_seq', 'csat_database') GROUP BY 1")
	[ "$r" = "$owner" ] || fail "after the update the queue belongs to $r, not to $owner"
	# the 0.3.0 consumer still holds alert 3 and may report its failure
	r=$(as_owner -c "SELECT csat_alert_failed(3, 'HTTP 503')" -c "SELECT attempts, last_error FROM csat_alert WHERE alert_id = 3")
	[ "$r" = "$(printf '\n1|HTTP 503')" ] || fail "a 0.3.0 consumer's failure after the update: $r"
	r=$(as_owner -c "INSERT INTO answers VALUES (26, '1/5')" \
		-c "SELECT alert_id = 11 AND idempotency_key = 'csat-alert-' || csat_database_id() || '-11' FROM csat_alert WHERE key = '26'" \
		-c "SELECT csat_alert_requeue()")
	[ "$r" = "$(printf 't\n1')" ] || fail "new alert and requeue after the update: $r"
	PGUSER=$owner PGPASSWORD=$pw pg_dump -f "$T/owner.sql" "$qdb" 2>"$T/err" || fail "pg_dump by $owner after the update: $(cat "$T/err")"
	grep -q "csat-alert-$(as_owner -c "SELECT csat_database_id()")-11" "$T/owner.sql" || fail "the owner's dump lacks the queue"
	nowner=$nq
fi

echo "upgrade: ok: ${#versions[@]} version(s), $npaths update path(s) to $default checked;" \
	"$oldest -> $default: $nvalues stored values, $nlines snapshot lines unchanged (also after REFRESH)," \
	"$namcheck btree indexes pass amcheck, catalog fingerprint ($ncat facts, $nmembers members) equals a fresh install;" \
	"$nother other release(s) updated and compared; a non-superuser's 0.3.0 queue ($nowner undelivered alerts)" \
	"updated by its owner: nothing lost, keys unchanged, owned and dumped by the owner; $(rel_elapsed) s"
