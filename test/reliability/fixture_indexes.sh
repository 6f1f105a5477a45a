# shellcheck shell=bash
# The index checks of the reliability fixture (test/reliability/fixture.sql),
# shared by test/checks/dump_restore.sh and test/pg/pg_upgrade.sh: after a
# restore or an upgrade, the fixture's 10 indexes are valid and ready; the
# btree, hash, partial and expression indexes on ratings are used by the
# planner with sequential scans off; index lookups on r5, r10 and rany count
# what a sequential scan counts; the btree indexes pass amcheck where the
# installation has it.
#
#   fixture_index_checks LABEL RUN...
#
# RUN is the caller's psql command prefix that takes -c options (q "$db", or
# q).  Failures go through the caller's fail(), prefixed with LABEL.  Sets
# FIXTURE_AMCHECK to a phrase saying what amcheck found.

fixture_index_checks() {
	local label=$1 plans ix col a b n
	shift
	n=$("$@" -c "SELECT count(*) FROM pg_index
		WHERE indrelid IN ('responses'::regclass, 'daily'::regclass, 'lit'::regclass, 'daily_mv'::regclass)
		AND indisvalid AND indisready")
	[ "$n" = 10 ] || fail "$label: $n valid indexes, expected 10"
	plans=$("$@" -c "SET enable_seqscan = off" -c "SET enable_bitmapscan = off" \
		-c "EXPLAIN (COSTS OFF) SELECT count(*) FROM responses WHERE r5 = '4/5'" \
		-c "EXPLAIN (COSTS OFF) SELECT count(*) FROM responses WHERE r10 = '7/0-10'" \
		-c "EXPLAIN (COSTS OFF) SELECT id FROM responses WHERE rany >= '9/10' ORDER BY rany, id" \
		-c "EXPLAIN (COSTS OFF) SELECT count(*) FROM responses WHERE r7 >= '6/7'" \
		-c "EXPLAIN (COSTS OFF) SELECT count(*) FROM responses WHERE rating_value(r10) = 3" \
		-c "SET enable_indexscan = off" -c "SET enable_indexonlyscan = off" -c "SET enable_bitmapscan = on" \
		-c "EXPLAIN (COSTS OFF) SELECT count(*) FROM responses WHERE rany = '9/10'" 2>&1) ||
		fail "$label: EXPLAIN: $plans"
	for ix in responses_r5_btree responses_r10_hash responses_rany_btree responses_r7_partial \
		responses_value_expr responses_rany_hash; do
		grep -q " on $ix\$\| using $ix on\| using $ix\$" <<<"$plans" || { echo "$plans"; fail "$label: index $ix is not used"; }
	done
	for col in r5 r10 rany; do
		a=$("$@" -c "SET enable_seqscan = off" -c "SET enable_bitmapscan = off" \
			-c "SELECT string_agg(v::text || ':' || (SELECT count(*) FROM responses WHERE $col = v), ',' ORDER BY v)
				FROM (SELECT DISTINCT $col AS v FROM responses WHERE $col IS NOT NULL) d")
		b=$("$@" -c "SET enable_indexscan = off" -c "SET enable_indexonlyscan = off" -c "SET enable_bitmapscan = off" \
			-c "SELECT string_agg(v::text || ':' || (SELECT count(*) FROM responses WHERE $col = v), ',' ORDER BY v)
				FROM (SELECT DISTINCT $col AS v FROM responses WHERE $col IS NOT NULL) d")
		[ -n "$a" ] && [ "$a" = "$b" ] || fail "$label: index lookups on $col ($a) differ from a sequential scan ($b)"
	done
	FIXTURE_AMCHECK="amcheck not available"
	if "$@" -c "CREATE EXTENSION amcheck" >/dev/null 2>&1; then
		n=$("$@" -c "SELECT count(bt_index_check(c.oid, true)) FROM pg_index i
			JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
			WHERE am.amname = 'btree' AND i.indrelid IN ('responses'::regclass, 'daily'::regclass, 'daily_mv'::regclass)" 2>&1) ||
			fail "$label: amcheck: $n"
		"$@" -c "DROP EXTENSION amcheck" >/dev/null
		FIXTURE_AMCHECK="$n btree indexes pass amcheck"
	fi
}
