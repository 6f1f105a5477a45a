#!/usr/bin/env bash
# Fresh install == every upgrade path.  CREATE EXTENSION csat runs the full
# script csat--<default_version>.sql (built from sql/src/, sql/README.md);
# every earlier release is installed
# (CREATE EXTENSION csat VERSION 'X') and updated (ALTER EXTENSION csat
# UPDATE), and its catalog fingerprint (test/reliability/catalog.sql:
# functions' bodies and markings, types, operators, operator classes and
# families with members, aggregates with support functions and initconds,
# casts, comments, tables, columns, indexes, sequences, owners, ACLs,
# extconfig/extcondition) must equal the fresh install's.  Installs and
# updates are run by a database owner who is not a superuser.
#
# Before trusting a "no difference", the check plants differences in a fresh
# install, one at a time inside a transaction that is rolled back (a
# comment, a marking, a function body, an ACL, an operator family member, an
# aggregate's initcond, a column default, an index, extcondition), and
# fails unless the fingerprint sees each of them.
# versions: all
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/reliability/lib.sh
rel_init catalog_paths
rel_tmp
T=$REL_TMP
ext=csat
sharedir=$(pg_config --sharedir)/extension
default=$(sed -nE "s/^[[:space:]]*default_version[[:space:]]*=[[:space:]]*'([^']*)'.*/\1/p" $ext.control)
[ -n "$default" ] || fail "no default_version in $ext.control"

# the full script exists, is the one built from the sources, and is installed
[ -f "sql/$ext--$default.sql" ] || fail "no full script sql/$ext--$default.sql: run make"
cmp -s "sql/$ext--$default.sql" "$sharedir/$ext--$default.sql" ||
	fail "$sharedir/$ext--$default.sql differs from sql/$ext--$default.sql or is missing: run make install"

fingerprint() { # DB OUT [SQL to run first, in the same transaction]
	{
		echo 'BEGIN;'
		[ -n "${3:-}" ] && echo "$3;"
		echo '\i test/reliability/catalog.sql'
		echo 'ROLLBACK;'
	} | psql -X -q -v ON_ERROR_STOP=1 -v ext=$ext -d "$1" >"$2" 2>"$T/fp.err" ||
		fail "catalog.sql on $1 ${3:+after '$3'}: $(cat "$T/fp.err")"
}

# every install and update is run by a role that is not a superuser and has
# only CREATE on its database (csat is trusted): the update scripts must work
# for the database owners who installed csat
owner=csat_rel_catalog_paths_$$
pw=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
rel_role "$owner"
q postgres "CREATE ROLE $owner LOGIN PASSWORD '$pw' NOSUPERUSER NOCREATEDB NOCREATEROLE" >/dev/null ||
	fail "cannot create the role $owner"
as_owner() { # DB SQL
	q "$1" "GRANT CREATE ON DATABASE \"$1\" TO $owner" &&
		PGUSER=$owner PGPASSWORD=$pw psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

# ---- a fresh install of default_version: the full script alone
rel_db freshdb fresh
as_owner "$freshdb" "CREATE EXTENSION $ext" 2>"$T/err" || fail "CREATE EXTENSION $ext as $owner: $(cat "$T/err")"
[ "$(q "$freshdb" "SELECT extowner::regrole FROM pg_extension WHERE extname = '$ext'")" = "$owner" ] ||
	fail "the extension is not owned by $owner"
[ "$(q "$freshdb" "SELECT extversion FROM pg_extension WHERE extname = '$ext'")" = "$default" ] ||
	fail "a fresh install is not $default"
fingerprint "$freshdb" "$T/fresh.txt"
nfacts=$(wc -l <"$T/fresh.txt")
nmembers=$(grep -c '^member: ' "$T/fresh.txt")
for kind in function aggregate type operator opclass 'opfamily member' 'opfamily support' cast comment \
	relation column index sequence extension; do
	grep -q "^$kind: " "$T/fresh.txt" || fail "the fingerprint has no '$kind:' line: catalog.sql is broken"
done

# ---- greppable entry points: every C function of the extension names a
# symbol that contains its SQL name and is declared in src/ with
# PG_FUNCTION_INFO_V1 (RATING_CMP_FUNC's four are accepted until it goes)
nentry=0
while read -r name sym; do
	case "$sym" in *"$name"*) ;; *) fail "SQL function $name is C symbol $sym: grep $name src finds no C" ;; esac
	grep -rq --include='*.c' "^PG_FUNCTION_INFO_V1($sym);" src || grep -rq --include='*.c' "^RATING_CMP_FUNC($sym," src ||
		fail "C symbol $sym of SQL function $name has no PG_FUNCTION_INFO_V1($sym) line in src/"
	nentry=$((nentry + 1))
done < <(q "$freshdb" "SELECT p.proname || ' ' || p.prosrc FROM pg_proc p
	JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = '$ext'
	WHERE p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c')")
[ "$nentry" -ge 60 ] || fail "only $nentry C functions found"

# ---- the self-test: a planted difference must be seen
plants=(
	"COMMENT ON FUNCTION rating_value(satisfaction_rating) IS 'planted'"
	"COMMENT ON OPERATOR FAMILY satisfaction_rating_ops USING btree IS 'planted'"
	"ALTER FUNCTION normalized(satisfaction_rating) VOLATILE"
	"ALTER FUNCTION csat_pct(rating_summary) COST 2"
	"ALTER FUNCTION scale_hi(satisfaction_rating) PARALLEL RESTRICTED"
	"ALTER FUNCTION csat_alert_purge(interval) SET work_mem = '1MB'"
	"CREATE OR REPLACE FUNCTION satisfaction_rating_eq_int4(satisfaction_rating, integer) RETURNS boolean AS 'SELECT rating_value(\$1) OPERATOR(pg_catalog.<=) \$2' LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE"
	"GRANT EXECUTE ON FUNCTION csat_alert_claim(integer, interval) TO PUBLIC"
	"GRANT INSERT ON csat_alert TO PUBLIC"
	"ALTER OPERATOR FAMILY satisfaction_rating_ops USING btree ADD OPERATOR 1 < (satisfaction_rating, integer)"
	"UPDATE pg_aggregate SET agginitval = 'planted' WHERE aggfnoid = 'nps(satisfaction_rating)'::regprocedure"
	"ALTER TABLE csat_alert ALTER COLUMN attempts SET DEFAULT 1"
	"CREATE INDEX planted ON csat_alert (created_at)"
	"UPDATE pg_extension SET extcondition = '{\"WHERE true\",\"\"}' WHERE extname = 'csat'"
	"ALTER SEQUENCE csat_alert_alert_id_seq CACHE 10"
	"UPDATE pg_cast SET castcontext = 'i' WHERE castsource = 'float8'::regtype AND casttarget = 'satisfaction_rating'::regtype"
)
# one session: each plant in a savepoint, its fingerprint, rolled back
{
	echo 'BEGIN;'
	i=0
	for p in "${plants[@]}"; do
		echo 'SAVEPOINT plant;'
		echo "SET search_path = public, pg_catalog; $p;"
		echo "\\o $T/planted_$i.txt"
		echo '\i test/reliability/catalog.sql'
		echo '\o'
		echo 'ROLLBACK TO SAVEPOINT plant;'
		i=$((i + 1))
	done
	echo 'ROLLBACK;'
} | psql -X -q -v ON_ERROR_STOP=1 -v ext=$ext -d "$freshdb" >/dev/null 2>"$T/fp.err" ||
	fail "planting differences: $(cat "$T/fp.err")"
nplants=0
for p in "${plants[@]}"; do
	[ -s "$T/planted_$nplants.txt" ] || fail "self-test: no fingerprint after planting: $p"
	if cmp -s "$T/fresh.txt" "$T/planted_$nplants.txt"; then
		fail "self-test: the fingerprint does not see the planted difference: $p"
	fi
	nplants=$((nplants + 1))
done
# and the planted differences were rolled back
fingerprint "$freshdb" "$T/again.txt"
cmp -s "$T/fresh.txt" "$T/again.txt" || fail "self-test: the fresh install changed while planting"

# ---- every earlier release, updated, equals the fresh install
versions=$(q postgres "SELECT string_agg(version, ' ' ORDER BY string_to_array(version, '.')::int[])
	FROM pg_available_extension_versions WHERE name = '$ext' AND version <> '$default'")
[ -n "$versions" ] || fail "no earlier release available"
npaths=0
for v in $versions; do
	rel_db db "v${v//./_}"
	as_owner "$db" "CREATE EXTENSION $ext VERSION '$v'" 2>"$T/err" ||
		fail "CREATE EXTENSION $ext VERSION '$v' as $owner: $(cat "$T/err")"
	path=$(q "$db" "SELECT path FROM pg_extension_update_paths('$ext') WHERE source = '$v' AND target = '$default'")
	as_owner "$db" "ALTER EXTENSION $ext UPDATE" 2>"$T/err" ||
		fail "ALTER EXTENSION $ext UPDATE from $v as $owner: $(cat "$T/err")"
	[ "$(q "$db" "SELECT extversion FROM pg_extension WHERE extname = '$ext'")" = "$default" ] ||
		fail "$v updated is not $default"
	fingerprint "$db" "$T/updated_$v.txt"
	# no function of the updated extension is left on a 0.3.0 generic entry point
	left=$(q "$db" "SELECT string_agg(p.oid::regprocedure::text, ', ') FROM pg_proc p
		JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
		JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = '$ext'
		WHERE p.prosrc LIKE 'csat\_metric\_%'")
	[ -z "$left" ] || fail "$v updated: functions still on a 0.3.0 generic entry point: $left"
	[ "$(q "$db" "SELECT promoters_pct(rating_summary(r)) FROM (VALUES ('9/0-10'::satisfaction_rating), ('3/0-10')) v(r)")" = \
		"50.0000000000000000" ] || fail "$v updated: promoters_pct(summary) does not compute"
	if ! diff -u "$T/fresh.txt" "$T/updated_$v.txt" >"$T/diff"; then
		head -80 "$T/diff"
		fail "$v updated ($path) differs from a fresh install of $default (- fresh, + updated)"
	fi
	echo "catalog_paths: $path: $(wc -l <"$T/updated_$v.txt") facts equal a fresh install"
	npaths=$((npaths + 1))
done
[ "$npaths" -ge 3 ] || fail "only $npaths earlier release(s) ($versions); 0.1.0, 0.2.0 and 0.3.0 are expected"

echo "catalog_paths: ok: installed and updated by a non-superuser; fresh $default ($nfacts facts, $nmembers members) equals $npaths upgrade paths" \
	"($versions); $nentry C functions each on its own named entry point; the self-test saw all $nplants planted differences; $(rel_elapsed) s"
