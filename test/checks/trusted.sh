#!/usr/bin/env bash
# Trusted install: csat.control says trusted = true, and the install and
# update scripts are safe for that (no CREATE OR REPLACE / IF NOT EXISTS that
# could adopt a planted object, every created name qualified).  A role that
# is not a superuser, logged in with a password and holding only CREATE on a
# new database, runs CREATE EXTENSION csat: it owns the extension, the
# member objects belong to the bootstrap superuser and the role cannot alter
# them, it can use everything, and it can drop the extension; a role without
# CREATE on the database is refused (42501).  Then the hostile search_path:
# in another database (public made writable, as before PostgreSQL 15) the
# role plants look-alike types, functions, operators and a cast in schema
# evil (test/reliability/evil.sql), in public too, sets search_path = evil,
# public and installs csat: nothing from evil is ever called (evil.log
# empty), no member object depends on anything outside pg_catalog and the
# extension's schema, the catalog fingerprint equals the clean install's,
# and a battery of queries (test/reliability/trusted_queries.sql) gives the
# same output under the evil path as under a clean one.
# Then the owner's backups: the installing role queues alerts, pg_dumps the
# whole database, and another non-superuser restores it (pg_restore
# --no-owner) into a database it owns: the undelivered alerts come back with
# their keys, the identity is kept, new alert_ids continue above the restored.
# Runs inside a throwaway cluster as the superuser, which only creates roles
# and databases (< 30 s).
# versions: all
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/reliability/lib.sh
rel_init trusted
rel_tmp
T=$REL_TMP

# ---- the control file and the scripts
grep -Eq "^[[:space:]]*trusted[[:space:]]*=[[:space:]]*(true|'true'|on|yes)[[:space:]]*$" csat.control ||
	fail "csat.control does not say trusted = true"
# An update script may replace its own functions' bodies (CREATE OR REPLACE
# FUNCTION @extschema@.f): the function was made by an earlier script of the
# same chain without OR REPLACE, and PostgreSQL (13.8 and later) refuses to
# replace an object that is not a member of the extension.  Dropping and
# re-creating instead would drop the grants the owner gave (a forwarder's
# EXECUTE).
# The full install script (csat--X.sql, built from sql/src/) never needs to.
bad=$(grep -nEi 'OR[[:space:]]+REPLACE|IF[[:space:]]+NOT[[:space:]]+EXISTS' sql/csat--*.sql |
	grep -Ev '^sql/csat--[0-9.]+--[0-9.]+\.sql:[0-9]+:CREATE OR REPLACE FUNCTION @extschema@\.')
[ -z "$bad" ] || fail "CREATE OR REPLACE / IF NOT EXISTS in an extension script (a planted object could be adopted): $bad"
bad=$(grep -nEi '^[[:space:]]*CREATE[[:space:]]+(FUNCTION|PROCEDURE|TYPE|AGGREGATE|OPERATOR|DOMAIN|TABLE|VIEW|SEQUENCE|CAST|SCHEMA)' sql/csat--*.sql |
	grep -v '@extschema@\.')
[ -z "$bad" ] || fail "an extension script creates an object not qualified with @extschema@: $bad"
nscripts=$(ls sql/csat--*.sql | wc -l)

# ---- roles: one with CREATE on the databases, one without
user=csat_rel_trusted_$$
other=csat_rel_other_$$
pw=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
rel_role "$user"
rel_role "$other"
q postgres -c "CREATE ROLE $user LOGIN PASSWORD '$pw' NOSUPERUSER NOCREATEDB NOCREATEROLE" \
	-c "CREATE ROLE $other LOGIN PASSWORD '$pw' NOSUPERUSER NOCREATEDB NOCREATEROLE" >/dev/null ||
	fail "cannot create the roles"
as_user() { PGUSER=$user PGPASSWORD=$pw psql -X -A -t -q -v ON_ERROR_STOP=1 "$@"; }
as_other() { PGUSER=$other PGPASSWORD=$pw psql -X -A -t -q -v ON_ERROR_STOP=1 "$@"; }

# ---- plain trusted install by the non-superuser
rel_db db1 plain
q "$db1" "GRANT CREATE ON DATABASE \"$db1\" TO $user; GRANT CONNECT ON DATABASE \"$db1\" TO $other" ||
	fail "GRANT CREATE ON DATABASE"
[ "$(as_user -d "$db1" -c "SELECT current_user || ' ' || rolsuper FROM pg_roles WHERE rolname = current_user")" = "$user false" ] ||
	fail "cannot log in as $user with a password (or it is a superuser)"
out=$(as_other -d "$db1" -v VERBOSITY=verbose -c "CREATE EXTENSION csat" 2>&1) &&
	fail "a role without CREATE on the database installed csat"
grep -q '42501' <<<"$out" || fail "refusal without CREATE on the database: expected 42501, got: $out"

as_user -d "$db1" -c "CREATE EXTENSION csat" >"$T/err" 2>&1 || fail "CREATE EXTENSION csat as $user: $(cat "$T/err")"
r=$(q "$db1" "SELECT extowner::regrole FROM pg_extension WHERE extname = 'csat'")
[ "$r" = "$user" ] || fail "the extension is owned by $r, not by the installing role $user"
bootstrap=$(q "$db1" "SELECT rolname FROM pg_authid WHERE oid = 10")
# every member object that has an owner belongs to the bootstrap superuser,
# but the alert queue: its tables (and their array types, members on 18), its sequence and
# the SECURITY DEFINER functions that act on it belong to the extension's
# owner, so that the owner can dump, restore and manage its own database;
# so do the segment watches (csat_watch*), which queue into it.  From
# PostgreSQL 18 on the tables' array types (_csat_alert ...) are members too
r=$(q "$db1" "WITH m AS (SELECT classid, objid FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
		WHERE d.refclassid = 'pg_extension'::regclass AND e.extname = 'csat' AND d.deptype = 'e'),
	o AS (SELECT CASE m.classid
			WHEN 'pg_proc'::regclass THEN (SELECT proowner FROM pg_proc WHERE oid = m.objid)
			WHEN 'pg_type'::regclass THEN (SELECT typowner FROM pg_type WHERE oid = m.objid)
			WHEN 'pg_operator'::regclass THEN (SELECT oprowner FROM pg_operator WHERE oid = m.objid)
			WHEN 'pg_opclass'::regclass THEN (SELECT opcowner FROM pg_opclass WHERE oid = m.objid)
			WHEN 'pg_opfamily'::regclass THEN (SELECT opfowner FROM pg_opfamily WHERE oid = m.objid)
			WHEN 'pg_class'::regclass THEN (SELECT relowner FROM pg_class WHERE oid = m.objid)
			WHEN 'pg_namespace'::regclass THEN (SELECT nspowner FROM pg_namespace WHERE oid = m.objid)
		END AS owner,
		CASE m.classid
			WHEN 'pg_proc'::regclass THEN (SELECT proname || CASE WHEN prosecdef THEN ' definer' ELSE '' END FROM pg_proc WHERE oid = m.objid)
			WHEN 'pg_type'::regclass THEN (SELECT typname FROM pg_type WHERE oid = m.objid)
			WHEN 'pg_class'::regclass THEN (SELECT relname FROM pg_class WHERE oid = m.objid)
		END AS name FROM m),
	q AS (SELECT owner, name, coalesce(name ~ '^_?csat_(alert|database|watch)' AND (name NOT LIKE '% %' OR name LIKE '% definer')
			AND name NOT IN ('csat_alert_claim_limit', 'csat_database_replace'), false) AS queue FROM o)
	SELECT count(*) AS members, count(*) FILTER (WHERE owner IS NOT NULL) AS owned,
		count(*) FILTER (WHERE owner IS NOT NULL AND owner <> CASE WHEN queue THEN '$user'::regrole ELSE 10 END) AS misowned,
		count(*) FILTER (WHERE queue) AS queue_objects,
		string_agg(name, ',' ORDER BY name) FILTER (WHERE owner IS NOT NULL AND owner <> CASE WHEN queue THEN '$user'::regrole ELSE 10 END)
	FROM q")
IFS='|' read -r nmembers nowned nbad nqueue badnames <<<"$r"
[ "$nbad" = 0 ] && [ "$nowned" -gt 0 ] && [ "$nqueue" -ge 14 ] ||
	fail "owners: members $nmembers, owned $nowned, $nbad misowned ($badnames), $nqueue queue objects (expected >= 14, owned by $user)"

# the installing role cannot change the member objects (they are not its own)
for stmt in "ALTER FUNCTION public.rating_value(public.satisfaction_rating) COST 1000" \
	"CREATE OR REPLACE FUNCTION public.rating_value(public.satisfaction_rating) RETURNS integer LANGUAGE sql AS 'SELECT 0'" \
	"ALTER TYPE public.rating_summary OWNER TO $user" \
	"ALTER EXTENSION csat DROP FUNCTION public.rating_value(public.satisfaction_rating)" \
	"DROP FUNCTION public.csat_pct(public.rating_summary) CASCADE"; do
	out=$(as_user -d "$db1" -v VERBOSITY=verbose -c "$stmt" 2>&1) && fail "$user could run: $stmt"
	grep -q '42501' <<<"$out" || fail "$stmt: expected 42501, got: $out"
done

# the role uses it in its own schema: tables with modifiers, indexes, aggregates
r=$(as_user -d "$db1" -c "CREATE SCHEMA app" \
	-c "CREATE TABLE app.t (id integer, r public.satisfaction_rating(1,5), n public.satisfaction_rating(0,10))" \
	-c "INSERT INTO app.t SELECT i, 1 + i % 5, i % 11 FROM generate_series(1, 1000) i" \
	-c "CREATE INDEX ON app.t (r)" -c "CREATE INDEX ON app.t USING hash (n)" \
	-c "SELECT csat_pct(r) = 100.0 * count(*) FILTER (WHERE rating_value(r) >= 4) / count(r),
		nps(n) = 100.0 * (count(*) FILTER (WHERE rating_value(n) >= 9) - count(*) FILTER (WHERE rating_value(n) <= 6)) / count(n),
		ces_avg(r) = avg(rating_value(r)), rating_summary(r)::text
		FROM app.t" 2>&1) || fail "using csat as $user: $r"
[ "$r" = "t|t|t|{v1 scale 1-5 counts 200,200,200,200,200 unanswered 0}" ] || fail "results as $user: $r"
# and, owning the extension, may drop it (after its own dependent objects)
as_user -d "$db1" -c "DROP SCHEMA app CASCADE" -c "DROP EXTENSION csat" >"$T/err" 2>&1 ||
	fail "DROP EXTENSION as the owning role: $(cat "$T/err")"
as_user -d "$db1" -c "CREATE EXTENSION csat" >"$T/err" 2>&1 || fail "CREATE EXTENSION again: $(cat "$T/err")"
q "$db1" -f test/reliability/catalog.sql >"$T/cat_clean.txt" || fail "catalog.sql"

# ---- the owner's backups: pg_dump by the owner, pg_restore --no-owner by
# another non-superuser owner into a new database.  Every undelivered alert
# comes back with its Idempotency-Key, the database's identity is kept, and
# the next alert_id is above every restored one.
as_user -d "$db1" -c "CREATE SCHEMA desk" \
	-c "CREATE TABLE desk.answers (id integer PRIMARY KEY, r public.satisfaction_rating(1,5))" \
	-c "CREATE TRIGGER low AFTER INSERT OR UPDATE ON desk.answers FOR EACH ROW EXECUTE FUNCTION public.csat_enqueue_low_rating('r', '2', 'id')" \
	-c "INSERT INTO desk.answers SELECT i, 1 + i % 5 FROM generate_series(1, 50) i" \
	-c "SELECT count(*) FROM (SELECT public.csat_alert_delivered(alert_id, claim_token) FROM public.csat_alert_claim(5)) d" \
	-c "SELECT count(*) FROM (SELECT public.csat_alert_failed(alert_id, 'HTTP 410', claim_token, false) FROM public.csat_alert_claim(2)) g" \
	>"$T/err" 2>&1 || fail "queueing alerts as $user: $(cat "$T/err")"
as_user -d "$db1" -c "COPY (SELECT alert_id, idempotency_key, relation, key, rating, payload, attempts, last_error,
		next_attempt_at = 'infinity' FROM public.csat_alert WHERE delivered_at IS NULL ORDER BY alert_id) TO STDOUT" \
	>"$T/alerts_src.txt" || fail "reading the queue as $user"
nalerts=$(wc -l <"$T/alerts_src.txt")
[ "$nalerts" = 15 ] || fail "expected 20 alerts, 5 delivered, 15 undelivered; got $nalerts undelivered"
maxid=$(q "$db1" "SELECT max(alert_id) FROM csat_alert")
ident=$(as_user -d "$db1" -c "SELECT public.csat_database_id()")
PGUSER=$user PGPASSWORD=$pw pg_dump -Fc -f "$T/owner.dump" "$db1" 2>"$T/err" ||
	fail "pg_dump by the owner $user: $(cat "$T/err")"
rel_db db3 restored
q "$db3" "ALTER DATABASE \"$db3\" OWNER TO $other" >/dev/null || fail "ALTER DATABASE OWNER"
PGUSER=$other PGPASSWORD=$pw pg_restore --no-owner --exit-on-error -d "$db3" "$T/owner.dump" 2>"$T/err" ||
	fail "pg_restore --no-owner by $other: $(cat "$T/err")"
as_other -d "$db3" -c "COPY (SELECT alert_id, idempotency_key, relation, key, rating, payload, attempts, last_error,
		next_attempt_at = 'infinity' FROM public.csat_alert WHERE delivered_at IS NULL ORDER BY alert_id) TO STDOUT" \
	>"$T/alerts_dst.txt" || fail "reading the restored queue as $other"
diff -u "$T/alerts_src.txt" "$T/alerts_dst.txt" >"$T/diff" || { head -20 "$T/diff"; fail "the restored queue differs"; }
[ "$(as_other -d "$db3" -c "SELECT public.csat_database_id()")" = "$ident" ] ||
	fail "the restored database's identity is not the dumped one's"
[ "$(q "$db3" "SELECT extowner::regrole FROM pg_extension WHERE extname = 'csat'")|$(q "$db3" "SELECT relowner::regrole FROM pg_class WHERE relname = 'csat_alert'")" = "$other|$other" ] ||
	fail "the restored extension or queue is not owned by the restoring role $other"
r=$(as_other -d "$db3" -c "INSERT INTO desk.answers VALUES (51, '1/5')" \
	-c "SELECT alert_id > $maxid, idempotency_key = 'csat-alert-$ident-' || alert_id FROM public.csat_alert WHERE key = '51'" 2>&1) ||
	fail "a new answer in the restored database: $r"
[ "$r" = "t|t" ] || fail "the first alert after the restore reuses an alert_id or a key (id above $maxid, key with the identity: $r)"
r=$(as_other -d "$db3" -c "SELECT count(*) FILTER (WHERE public.csat_alert_delivered(alert_id, claim_token)) FROM public.csat_alert_claim(100)" \
	-c "SELECT public.csat_alert_requeue()" 2>&1) || fail "claiming in the restored database as $other: $r"
[ "$r" = "$(printf '14\n2')" ] || fail "claimed and acknowledged $r in the restored database (expected 14 due, then 2 given-up requeued)"
echo "trusted: the owner's pg_dump restored by $other (pg_restore --no-owner): $nalerts undelivered alerts back with their keys, identity kept, next alert_id above $maxid"
# the restored copy shares the dumped database's identity; the README's
# recipe gives it its own, run by the extension's owner: new alerts name it,
# the 16 alerts queued before (15 restored, 1 since) keep their keys
r=$(as_other -d "$db3" -c "UPDATE public.csat_database SET database_id = gen_random_uuid()" \
	-c "INSERT INTO desk.answers VALUES (52, '1/5')" \
	-c "SELECT public.csat_database_id() <> '$ident',
		(SELECT idempotency_key = 'csat-alert-' || public.csat_database_id() || '-' || alert_id FROM public.csat_alert WHERE key = '52'),
		(SELECT count(*) FROM public.csat_alert WHERE idempotency_key = 'csat-alert-$ident-' || alert_id),
		(SELECT count(*) FROM public.csat_alert)" 2>&1) ||
	fail "giving the restored copy its own identity as $other: $r"
[ "$r" = "t|t|16|17" ] || fail "after a new identity in the copy: $r (expected a new identity, the new alert naming it, 16 old keys kept, 17 alerts)"

# ---- hostile search_path
rel_db db2 hostile
q "$db2" -c "GRANT CREATE ON DATABASE \"$db2\" TO $user" -c "GRANT CREATE ON SCHEMA public TO PUBLIC" >/dev/null ||
	fail "grants on $db2"
as_user -d "$db2" -f test/reliability/evil.sql >"$T/err" 2>&1 || fail "planting evil.sql: $(cat "$T/err")"
# the same traps in public, the extension's own schema (writable here)
sed -e 's/\bevil\.\(satisfaction_rating\|rating_summary\|cstring\|float8\|numeric\|bytea\)\b/evil.\1/g' \
	test/reliability/evil.sql |
	awk '/^CREATE FUNCTION evil\.(numeric_div|numeric_mul|numeric_add|int8_numeric|numeric|float8|sqrt|btequalimage|hashint2|textout|set_config)\(/ { p = 1 }
		p { print } /\$\$;$/ { p = 0 }' |
	sed -e 's/^CREATE FUNCTION evil\./CREATE FUNCTION public./' >"$T/public_traps.sql"
ntraps_public=$(grep -c '^CREATE FUNCTION public\.' "$T/public_traps.sql")
as_user -d "$db2" -f "$T/public_traps.sql" >"$T/err" 2>&1 || fail "planting traps in public: $(cat "$T/err")"
ntraps=$(q "$db2" "SELECT (SELECT count(*) FROM pg_proc WHERE pronamespace = 'evil'::regnamespace)
	+ (SELECT count(*) FROM pg_operator WHERE oprnamespace = 'evil'::regnamespace)
	+ (SELECT count(*) FROM pg_type WHERE typnamespace = 'evil'::regnamespace AND typtype IN ('e', 'd'))
	+ (SELECT count(*) FROM pg_cast WHERE casttarget::regtype::text LIKE 'evil.%')
	+ $ntraps_public")

as_user -d "$db2" -c "SET search_path = evil, public" -c "CREATE EXTENSION csat SCHEMA public" >"$T/err" 2>&1 ||
	fail "CREATE EXTENSION csat with search_path = evil, public: $(cat "$T/err")"
r=$(q "$db2" "SELECT count(*) FROM evil.log")
[ "$r" = 0 ] || { q "$db2" "SELECT * FROM evil.log"; fail "the install called $r planted objects"; }
# member objects depend only on pg_catalog objects, other members, the
# extension's schema, or the built-in language plpgsql (the watches): never
# on a planted object (evil or public)
r=$(q "$db2" "WITH m AS (SELECT classid, objid, objsubid FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
		WHERE d.refclassid = 'pg_extension'::regclass AND e.extname = 'csat' AND d.deptype = 'e')
	SELECT count(*), string_agg(DISTINCT pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid), '; ')
		FILTER (WHERE NOT (
			(d.refclassid, d.refobjid) IN (SELECT classid, objid FROM m)
			OR (d.refclassid = 'pg_namespace'::regclass AND d.refobjid = 'public'::regnamespace)
			OR (d.refclassid = 'pg_language'::regclass AND d.refobjid IN (SELECT oid FROM pg_language WHERE lanname = 'plpgsql'))
			OR coalesce((pg_identify_object(d.refclassid, d.refobjid, d.refobjsubid)).schema, '') = 'pg_catalog'
			OR (d.refclassid = 'pg_type'::regclass AND d.refobjid IN (SELECT t.typarray FROM pg_type t JOIN m
				ON m.classid = 'pg_type'::regclass AND m.objid = t.oid))
			OR (d.refclassid = 'pg_type'::regclass AND d.refobjid IN (SELECT c.reltype FROM pg_class c JOIN m
				ON m.classid = 'pg_class'::regclass AND m.objid = c.oid))))
	FROM pg_depend d JOIN m ON m.classid = d.classid AND m.objid = d.objid
	WHERE d.refclassid <> 'pg_extension'::regclass")
ndeps=${r%%|*}
[ -z "${r#*|}" ] || fail "member objects depend on objects that are neither in pg_catalog nor members: ${r#*|}"
[ "$ndeps" -gt 0 ] || fail "no dependencies of member objects found"
q "$db2" -f test/reliability/catalog.sql >"$T/cat_hostile.txt" || fail "catalog.sql (hostile)"
diff -u "$T/cat_clean.txt" "$T/cat_hostile.txt" >"$T/diff" ||
	{ head -40 "$T/diff"; fail "the install under the evil search_path differs from the clean one"; }
grep -q evil "$T/cat_hostile.txt" && fail "the catalog fingerprint mentions evil"

# the same queries, clean path and evil path
as_user -d "$db2" -c "CREATE SCHEMA app" >/dev/null || fail "CREATE SCHEMA app"
as_user -d "$db2" -c "SET search_path = public" -f test/reliability/trusted_queries.sql >"$T/clean.txt" 2>&1 ||
	fail "trusted_queries.sql (clean path): $(tail -5 "$T/clean.txt")"
as_user -d "$db2" -c "SET search_path = evil, public" -f test/reliability/trusted_queries.sql >"$T/evil.txt" 2>&1 ||
	fail "trusted_queries.sql (evil path): $(tail -5 "$T/evil.txt")"
diff -u "$T/clean.txt" "$T/evil.txt" >"$T/diff" ||
	{ head -40 "$T/diff"; fail "results differ under search_path = evil, public"; }
r=$(q "$db2" "SELECT count(*) FROM evil.log")
[ "$r" = 0 ] || { q "$db2" "SELECT * FROM evil.log"; fail "queries called $r planted objects"; }
# the traps do fire when called (so an empty log means something)
as_user -d "$db2" -c "SELECT evil.numeric_div(1::numeric, 2::numeric)" >/dev/null || fail "trap self-test"
[ "$(q "$db2" "SELECT count(*) FROM evil.log")" = 1 ] || fail "the trap self-test did not log"

echo "trusted: ok: $nscripts script(s) checked; $user (password login, CREATE on the database only) installed csat" \
	"and owns it, $((nowned - nqueue))/$nmembers members owned by $bootstrap and the $nqueue of the alert queue by $user, 5 tampering statements refused (42501)," \
	"role without CREATE refused (42501); with $ntraps traps planted in evil and public and search_path = evil, public:" \
	"0 traps called, $ndeps member dependencies all on pg_catalog or csat objects, catalog identical to the clean install," \
	"$(wc -l <"$T/clean.txt") query output lines identical; $(rel_elapsed) s"
