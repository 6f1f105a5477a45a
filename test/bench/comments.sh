#!/usr/bin/env bash
# What comment_terms costs, side by side in one run, over generated
# help-desk comments (12 to 30 words each; ratings 1..5):
#   A  SELECT comment_terms(comment, r) FROM c      (lexemes and phrases)
#   B  SELECT count(to_tsvector('english', comment)) FROM c
#      the tokenizing floor: the same parser and dictionaries, no counting
#   C  the hand-written alternative: two ts_stat queries (unhappy, happy
#      comments) joined on the lexeme (lexemes only, no phrases)
# and A and B again over 4,500 comments whose every word is new, where
# comment_terms's cache of parsed words cannot help.
# Interleaved rounds, median execution times (EXPLAIN ANALYZE, TIMING OFF,
# serial plans), ratios A/B (target <= 1.5) and A/C (target <= 0.5).
# Then the peak memory of one state at 10k, 100k and the full row count:
# the backend's anonymous memory (RssAnon, sampled every 20 ms while the
# aggregate runs) above what it was before, and the stored state's size.
#
#   test/pg/cluster.sh bash test/bench/comments.sh [ROWS] [ROUNDS]
#
# Runs on the server PG* names (csat installed); creates and drops a
# database.  Defaults: 1,000,000 rows, 3 rounds (about 3 minutes on one
# free core).  The server must run on this machine (it reads /proc).
set -euo pipefail
rows=${1:-1000000}
rounds=${2:-3}
db=csat_comments_bench_$$
psql -X -q -d postgres -c "CREATE DATABASE $db"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
psql -X -q -d "$db" -v ON_ERROR_STOP=1 <<SQL
CREATE EXTENSION csat;
SELECT setseed(0.19) \g /dev/null
-- fragments of help-desk comments; each comment joins 3 to 5 of them and a
-- ticket-specific word (an asset tag, so the vocabulary keeps growing)
CREATE TABLE frag AS SELECT row_number() OVER () AS k, f FROM unnest(ARRAY[
 'still waiting for the replacement laptop', 'nobody updated me for two weeks',
 'the agent closed my ticket without asking', 'slow response from the service desk',
 'had to explain the problem three times', 'my benefits question bounced between teams',
 'the new hire paperwork was lost again', 'VPN keeps dropping every afternoon',
 'password reset took all morning', 'quick and friendly help', 'fixed on the first call',
 'the technician came the same day', 'clear explanation of the payroll change',
 'thank you for the fast fix', 'great communication throughout', 'the portal is confusing',
 'request denied because of the travel policy', 'policy does not allow a second monitor',
 'approval took far too long', 'they kept asking for the same information',
 'printer on the third floor is broken again', 'monitor arrived damaged',
 'everything works now', 'resolved before I even noticed', 'very professional agent',
 'I was transferred four times', 'the knowledge base article was outdated',
 'waited on hold for forty minutes', 'ticket reopened twice', 'excellent follow-up'
]) f;
CREATE TABLE c AS
SELECT i,
       rating(1 + (random() * 4.999)::int % 5, 1, 5) AS r,
       (SELECT string_agg(f, ', ') FROM (SELECT f FROM frag ORDER BY random() + i * 0 LIMIT 3 + i % 3) s)
         || ' asset ' || 'tag' || (random() * 50000)::int AS comment
FROM generate_series(1, $rows) i;
VACUUM ANALYZE c;
-- the case comment_terms's chunk cache cannot help: every word new (4,500
-- comments of 20 random 8-letter words, about 175,000 terms, near the cap)
CREATE TABLE u AS
SELECT i, rating(1 + i % 5, 1, 5) AS r,
       (SELECT string_agg(w, ' ') FROM (SELECT string_agg(chr(97 + (random() * 25)::int), '') AS w
         FROM generate_series(1, 20 * 8) k WHERE i > 0 GROUP BY (k - 1) / 8) s) AS comment
FROM generate_series(1, 4500) i;
VACUUM ANALYZE u;
SQL
words=$(psql -X -q -A -t -d "$db" -c "SELECT round(avg(array_length(regexp_split_to_array(comment, '\s+'), 1)), 1) FROM c")
ex() {
	psql -X -q -A -t -d "$db" -c "SET max_parallel_workers_per_gather = 0" -c "SET jit = off" \
		-c "SET work_mem = '1GB'" \
		-c "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) $1" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["Execution Time"])'
}
qa="SELECT comment_terms(comment, r) FROM c"
qb="SELECT count(to_tsvector('english', comment)) FROM c"
unhappy="rating_value(r) < scale_hi(r) - 1"
qc="SELECT count(*) FROM ts_stat('SELECT to_tsvector(''english'', comment) FROM c WHERE $unhappy') u
    FULL JOIN ts_stat('SELECT to_tsvector(''english'', comment) FROM c WHERE NOT ($unhappy)') h USING (word)"
a=() b=() cc=() d=() e=()
for ((k = 0; k < rounds; k++)); do
	a+=("$(ex "$qa")")
	b+=("$(ex "$qb")")
	cc+=("$(ex "$qc")")
	d+=("$(ex "${qa/FROM c/FROM u}")")
	e+=("$(ex "${qb/FROM c/FROM u}")")
done

# peak memory of one state: RssAnon of the backend, sampled while it runs
peak() {
	local n=$1
	psql -X -q -A -t -d "$db" -v ON_ERROR_STOP=1 <<SQL >/dev/null &
SET max_parallel_workers_per_gather = 0;
SET jit = off;
SELECT pg_backend_pid() AS pid \gset
\o /tmp/csat_bench_pid_$$
SELECT :pid;
\o
SELECT pg_sleep(1);
SELECT pg_column_size(t) || ' ' || (SELECT count(*) FROM term_counts(t))
FROM (SELECT comment_terms(comment, r) AS t FROM (SELECT * FROM c WHERE i <= $n) s) x \g /tmp/csat_bench_size_$$
SQL
	local client=$!
	local pid="" base="" max=0 v
	for _ in $(seq 100); do
		pid=$(cat /tmp/csat_bench_pid_$$ 2>/dev/null | tr -d ' \n') && [ -n "$pid" ] && break
		sleep 0.05
	done
	base=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status")
	while kill -0 "$client" 2>/dev/null; do
		v=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
		[ -n "$v" ] && [ "$v" -gt "$max" ] && max=$v
		sleep 0.02
	done
	wait "$client"
	echo "$n $((max - base)) $(tr -d '\n' </tmp/csat_bench_size_$$ | tr ' ' _)"
	rm -f /tmp/csat_bench_pid_$$ /tmp/csat_bench_size_$$
}
mem=()
for n in 10000 100000 "$rows"; do
	# sizes up to the row count, each once
	{ [ "$n" -lt "$rows" ] || [ "$n" = "$rows" ]; } || continue
	[ "$n" != "$rows" ] || [ "${#mem[@]}" = 0 ] || [ "${mem[-1]%% *}" != "$rows" ] || continue
	mem+=("$(peak "$n")")
done
uterms=$(psql -X -q -A -t -d "$db" -c "SELECT count(*) FROM term_counts((SELECT comment_terms(comment, r) FROM u))")
python3 - "${a[*]}" "${b[*]}" "${cc[*]}" "${d[*]}" "${e[*]}" "$uterms" "$rows" "$words" "${mem[@]}" <<'PY'
import statistics, sys
a, b, c, d, e = ([float(x) for x in s.split()] for s in sys.argv[1:6])
uterms, rows, words = int(sys.argv[6]), int(sys.argv[7]), sys.argv[8]
terms = sys.argv[-1].split()[2].split("_")[1]
ma, mb, mc = statistics.median(a), statistics.median(b), statistics.median(c)
print(f"{rows:,} comments, {words} words each on average, {int(terms):,} distinct terms; "
      f"median of {len(a)} interleaved rounds, serial plans")
print(f"  A comment_terms(comment, r)          {ma/1000:8.2f} s")
print(f"  B count(to_tsvector(...))            {mb/1000:8.2f} s")
print(f"  C two ts_stat queries joined         {mc/1000:8.2f} s")
print(f"  A/B = {ma/mb:.2f} (target <= 1.5)   A/C = {ma/mc:.2f} (target <= 0.5)")
md, me = statistics.median(d), statistics.median(e)
print(f"every word new (4,500 comments of 20 random words, {uterms:,} terms): "
      f"A {md/1000:.2f} s, B {me/1000:.2f} s, A/B = {md/me:.2f}")
print("peak memory of one state (backend RssAnon above its baseline) and its stored size:")
for m in sys.argv[9:]:
    n, kb, size = m.split()
    size, nterms = size.split("_")
    print(f"  {int(n):>9,} comments, {int(nterms):>7,} terms: {int(kb)/1024:7.1f} MB in memory, {int(size)/1048576:6.1f} MB stored")
PY
