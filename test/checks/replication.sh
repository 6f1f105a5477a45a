#!/usr/bin/env bash
# Logical replication of ratings and summaries between two clusters of our
# own (Unix sockets only), csat installed on both sides:
#  - a text subscription and a binary one (binary = true), each of a table
#    with a satisfaction_rating(1,5) column, a satisfaction_rating column of
#    mixed scales and a rating_summary column;
#  - rows copied at subscription (initial sync), then inserts (bare numbers
#    into the column with a scale too), updates and deletes applied;
#    both subscribers end equal to the publisher, row by row;
#  - a subscriber WITHOUT csat (the README's warning): binary = true into
#    smallint columns stores the wire bytes as a number (value * 256 + scale
#    byte: 1045 for 4/5, 533 for 2/5) without an error.
# About 15 s.
# versions: 15
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/reliability/lib.sh
rel_init replication
rel_tmp
T=$REL_TMP
bindir=$(pg_config --bindir) || fail "pg_config"

as=()
if [ "$(id -u)" = 0 ]; then
	as=(runuser -u postgres --)
	chown postgres "$T"
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
for d in pub sub; do
	"${as[@]}" "$bindir/initdb" -A trust -U postgres -D "$T/$d" >"$T/initdb_$d.log" 2>&1 || fail "initdb $d: $(tail -3 "$T/initdb_$d.log")"
done
# both on Unix sockets in $T, on two port numbers (no TCP)
"${as[@]}" "$bindir/pg_ctl" -D "$T/pub" -o "-p $port -k $T -c listen_addresses='' -c wal_level=logical" \
	-w -l "$T/pub.log" start >/dev/null || fail "starting the publisher: $(tail -3 "$T/pub.log")"
"${as[@]}" "$bindir/pg_ctl" -D "$T/sub" -o "-p $((port + 1)) -k $T -c listen_addresses=''" \
	-w -l "$T/sub.log" start >/dev/null || {
	"${as[@]}" "$bindir/pg_ctl" -D "$T/pub" -m immediate stop >/dev/null
	fail "starting the subscriber: $(tail -3 "$T/sub.log")"
}
stop_all() {
	"${as[@]}" "$bindir/pg_ctl" -D "$T/sub" -m fast -w stop >/dev/null 2>&1
	"${as[@]}" "$bindir/pg_ctl" -D "$T/pub" -m fast -w stop >/dev/null 2>&1
}
trap 'stop_all; rel_cleanup' EXIT
pub() { PGHOST=$T PGPORT=$port PGUSER=postgres psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" "${@:2}"; }
sub() { PGHOST=$T PGPORT=$((port + 1)) PGUSER=postgres psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" "${@:2}"; }

tables="CREATE TABLE t_text (id integer PRIMARY KEY, r satisfaction_rating(1,5), a satisfaction_rating, s rating_summary);
	CREATE TABLE t_bin (id integer PRIMARY KEY, r satisfaction_rating(1,5), a satisfaction_rating, s rating_summary);"
pub postgres -c "CREATE DATABASE src" >/dev/null || fail "CREATE DATABASE src"
pub src -c "CREATE EXTENSION csat" -c "$tables" >/dev/null || fail "publisher tables"
pub src -c "INSERT INTO t_text VALUES (1, '4/5', '9/0-10', '{v1 scale 1-5 counts 1,0,0,2,3 unanswered 1}');
	INSERT INTO t_bin SELECT * FROM t_text;
	CREATE PUBLICATION p_text FOR TABLE t_text;
	CREATE PUBLICATION p_bin FOR TABLE t_bin" >/dev/null || fail "publications"
for d in dst nocsat; do
	sub postgres -c "CREATE DATABASE $d" >/dev/null || fail "CREATE DATABASE $d"
done
sub dst -c "CREATE EXTENSION csat" -c "$tables" >/dev/null || fail "subscriber tables"
conn="host=$T port=$port user=postgres dbname=src"
sub dst -c "CREATE SUBSCRIPTION s_text CONNECTION '$conn' PUBLICATION p_text" \
	-c "CREATE SUBSCRIPTION s_bin CONNECTION '$conn' PUBLICATION p_bin WITH (binary = true)" >/dev/null ||
	fail "subscriptions"
# the subscriber without csat: smallint where the publisher has ratings, bytea for the summary
sub nocsat -c "CREATE TABLE t_bin (id integer PRIMARY KEY, r smallint, a smallint, s bytea)" \
	-c "CREATE SUBSCRIPTION s_nocsat CONNECTION '$conn' PUBLICATION p_bin WITH (binary = true, copy_data = false)" \
	>/dev/null || fail "the subscription without csat"

# changes after the initial copy: inserts (bare numbers into the column
# with a scale), updates of each column, deletes
changes="INSERT INTO TBL VALUES (2, '5', '3/7', NULL), (3, '1', '0/0-10', '{v1 unanswered 2}'), (4, '2', '2/3', NULL);
	UPDATE TBL SET r = '3', a = '10/0-10' WHERE id = 2;
	UPDATE TBL SET s = '{v1 scales 0-10,1-5 answered 4 satisfied 3 unanswered 0}' WHERE id = 4;
	DELETE FROM TBL WHERE id = 3;"
# let the subscriptions finish their initial copy first
wait_for() {
	local what=$1 sql=$2 want=$3 db=${4:-dst} i
	for i in $(seq 1 150); do
		[ "$(sub "$db" -c "$sql" 2>/dev/null)" = "$want" ] && return 0
		sleep 0.2
	done
	fail "$what: the subscriber has $(sub "$db" -c "$sql" 2>&1), expected $want"
}
wait_for "initial sync" "SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'" 0
for t in t_text t_bin; do
	pub src -c "${changes//TBL/$t}" >/dev/null || fail "changes to $t"
done
rows="SELECT string_agg(format('%s|%s|%s|%s', id, r, a, s), ';' ORDER BY id) FROM TBL"
want=$(pub src -c "${rows//TBL/t_text}")
[ "$(pub src -c "${rows//TBL/t_bin}")" = "$want" ] || fail "the publisher's two tables differ"
[ "$want" = "1|4/5|9/0-10|{v1 scale 1-5 counts 1,0,0,2,3 unanswered 1};2|3/5|10/0-10|;4|2/5|2/3|{v1 scales 0-10,1-5 answered 4 satisfied 3 unanswered 0}" ] ||
	fail "the publisher has $want"
wait_for "text subscription" "${rows//TBL/t_text}" "$want"
wait_for "binary subscription" "${rows//TBL/t_bin}" "$want"
echo "text and binary subscriptions: $want"
# equal as values, not only as text
n=$(sub dst -c "SELECT count(*) FROM t_text x JOIN t_bin y USING (id) WHERE x.r = y.r AND x.a = y.a AND x.s IS NOT DISTINCT FROM y.s") ||
	fail "comparing the subscriber's tables"
[ "$n" = 3 ] || fail "$n of 3 rows equal as values"

# without csat: the wire bytes as smallint, no error
wait_for "subscriber without csat" "SELECT string_agg(format('%s|%s|%s', id, r, a), ';' ORDER BY id) FROM t_bin" \
	"2|789|2570;4|533|531" nocsat
echo "binary = true into smallint without csat, no error: 3/5 stored as 789, 10/0-10 as 2570, 2/5 as 533, 2/3 as 531 (value * 256 + scale byte)"
echo "replication: ok ($(rel_elapsed) s)"
