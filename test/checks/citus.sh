#!/usr/bin/env bash
# csat on a real Citus cluster.  Builds Citus 13.0.5 from the archive in
# ../shared/citus (relative to the repository root) into the PostgreSQL whose
# pg_config comes first on PATH, starts a coordinator and two workers on
# 127.0.0.1 (stopped at the end whatever happened), and checks:
#   - CREATE EXTENSION csat (0.1.0) on the coordinator only reaches the workers,
#     and so does ALTER EXTENSION csat UPDATE, one step at a time, and DROP;
#   - a distributed tickets table (by tenant_id), a reference table and a local
#     copy: every csat aggregate and accessor gives the same text as on the
#     local copy, overall, grouped by tenant_id, by agent, by month, joined to
#     the reference table, with FILTER, two-level (summaries by tenant and
#     agent merged by agent), and again with
#     citus.coordinator_aggregation_strategy = 'disabled'; the extension's
#     catalog is read so that an aggregate or accessor the check does not call
#     is a failure; GROUPING SETS are refused by Citus over many shards, and
#     run on one tenant or over summaries;
#   - the plan kind, from EXPLAIN (VERBOSE): pushed down (GROUP BY tenant_id,
#     windows partitioned by tenant_id, INSERT ... SELECT into a co-located
#     rollup), partial aggregation (worker_partial_agg / coord_combine_agg,
#     whose state is rating_summary's v1 text), rows pulled to the coordinator
#     (csat_pct(r ORDER BY ...)), citus.log_remote_commands, and the EXPLAIN
#     ANALYZE failure of citus#4043 on Citus 13.0.5;
#   - rollups from a co-located daily rating_summary table, month by month;
#   - windows partitioned by the distribution column (three frames);
#   - errors (42804 mixed scales, 22023) with their SQLSTATE, raised by a
#     worker or by the coordinator;
#   - the durable alert queue (csat_enqueue_low_rating, via
#     citus.enable_unsafe_triggers): a multi-row INSERT over shards on both
#     workers, COPY, a multi-shard UPDATE and a transaction writing on both
#     workers all commit, every low rating has exactly one alert in its
#     worker's queue, and one csat-alertd --once with a --dsn per worker
#     delivers them to a local webhook (test/alerts/sink.py);
#     csat_notify_low_rating() (NOTIFY) makes the same four writes fail and
#     roll back, while single-shard INSERTs commit.
# It starts its own cluster and does not use the server of the PG* variables.
# Outside this project's environment (no archive) it prints a skip message
# and exits 0; under CI=true a missing archive is a failure.
# About 40-60 s on 2 busy cores after the one-time Citus build (~2-3 minutes).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/citus/lib.sh
start=$(date +%s)
T=$(mktemp -d /tmp/csat-citus-check.XXXXXX)
chmod 755 "$T"
sink=""
cleanup() {
	[ -n "$sink" ] && kill "$sink" 2>/dev/null
	citus_stop
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "citus: FAILED: $*"
	exit 1
}
skip() {
	if [ "${CI:-}" = true ]; then
		fail "$* (CI=true: the Citus check must run)"
	fi
	echo "citus: skipped: $*"
	exit 0
}

citus_locate || skip "no Citus archive at ../shared/citus/citus-v$CITUS_VERSION.tar.gz (the project's environment provides it)"
pgc=$(command -v pg_config) || skip "no pg_config on PATH"
major=$("$pgc" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
case "$major" in
15 | 16 | 17) ;;
*) skip "Citus $CITUS_VERSION supports PostgreSQL 15-17; pg_config on PATH is $("$pgc" --version)" ;;
esac
[ -f "$("$pgc" --sharedir)/extension/csat.control" ] || fail "csat is not installed into $("$pgc" --version) ($pgc)"
echo "citus: building Citus $CITUS_VERSION for $("$pgc" --version) (once)"
citus_build "$pgc" >"$T/build.log" 2>&1 || { tail -30 "$T/build.log"; fail "building Citus"; }
tail -1 "$T/build.log"
build_end=$(date +%s)

citus_start "$("$pgc" --bindir)" || fail "starting the Citus cluster"
C=${CITUS_PORTS[0]}
W1=${CITUS_PORTS[1]}
W2=${CITUS_PORTS[2]}
echo "citus: coordinator on port $C, workers on $W1 and $W2"

# the csat version on each worker, as the README asks for it ("none" when
# there is no csat)
worker_versions() {
	cq "$C" "SELECT string_agg(CASE WHEN success AND result <> '' THEN result WHEN success THEN 'none' ELSE 'error: ' || result END,
		' ' ORDER BY nodeport) FROM run_command_on_workers(
		\$\$SELECT extversion FROM pg_extension WHERE extname = 'csat'\$\$)"
}

# ---------------------------------------------------------------------
# The extension: created on the coordinator only, updated through the chain
# ---------------------------------------------------------------------
default=$(sed -nE "s/^default_version *= *'([^']+)'.*/\1/p" "$("$pgc" --sharedir)/extension/csat.control")
cq "$C" "CREATE EXTENSION csat VERSION '0.1.0'" || fail "CREATE EXTENSION csat VERSION '0.1.0' on the coordinator"
[ "$(worker_versions)" = "0.1.0 0.1.0" ] || fail "after CREATE EXTENSION on the coordinator, workers have csat $(worker_versions)"

# data stored under 0.1.0 must read the same after the updates
{ cq "$C" >/dev/null <<'SQL' || fail "loading the tickets under csat 0.1.0"
CREATE TABLE tickets_local (
  tenant_id     int NOT NULL,
  id            bigint NOT NULL,
  agent         text NOT NULL,
  closed_at     timestamptz NOT NULL,
  csat          satisfaction_rating(1,5),
  nps           satisfaction_rating(0,10),
  ces           satisfaction_rating(1,7),
  mixed         satisfaction_rating,
  policy_denial boolean NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
INSERT INTO tickets_local
SELECT 1 + (i * 37) % 40,
       i,
       'agent' || lpad(((i * 7 + i / 1000) % 12)::text, 2, '0'),
       timestamptz '2025-01-01 00:00+00' + ((i * 7919) % 525600) * interval '1 minute',
       CASE WHEN i % 9 = 0 THEN NULL ELSE rating(1 + (i * 7919 + 13) % 5, 1, 5) END,
       CASE WHEN i % 11 = 0 THEN NULL ELSE rating((i * 1009 + 7) % 11, 0, 10) END,
       CASE WHEN i % 13 = 0 THEN NULL ELSE rating(1 + (i * 31 + 3) % 7, 1, 7) END,
       CASE WHEN i % 7 = 0 THEN NULL
            WHEN 1 + (i * 37) % 40 <= 20 THEN rating(1 + (i * 13) % 5, 1, 5)
            ELSE rating(1 + (i * 17) % 7, 1, 7) END,
       (i * 13) % 17 = 0
FROM generate_series(1, 30000) AS i;
CREATE TABLE tickets (LIKE tickets_local INCLUDING ALL);
SELECT create_distributed_table('tickets', 'tenant_id');
INSERT INTO tickets SELECT * FROM tickets_local;
CREATE TABLE agents_local (agent text PRIMARY KEY, team text NOT NULL, goal satisfaction_rating(1,5));
INSERT INTO agents_local SELECT 'agent' || lpad(a::text, 2, '0'), 'team' || (a % 3), rating(3 + a % 3, 1, 5)
FROM generate_series(0, 11) AS a;
CREATE TABLE agents (LIKE agents_local INCLUDING ALL);
SELECT create_reference_table('agents');
INSERT INTO agents SELECT * FROM agents_local;
SQL
}
[ "$(cq "$C" "SELECT count(*) FROM tickets")" = 30000 ] || fail "the distributed table does not hold 30000 rows"
before=$(cq "$C" "SELECT md5(string_agg(t::text, ',' ORDER BY tenant_id, id)) FROM tickets t") || fail "reading tickets"

prev=0.1.0
for v in $(ls "$("$pgc" --sharedir)"/extension/csat--*--*.sql | sed -E 's/.*csat--[^-]+--(.+)\.sql/\1/' | sort -V); do
	cq "$C" "ALTER EXTENSION csat UPDATE TO '$v'" || fail "ALTER EXTENSION csat UPDATE TO '$v' from $prev"
	[ "$(worker_versions)" = "$v $v" ] || fail "after ALTER EXTENSION csat UPDATE TO '$v', workers have csat $(worker_versions)"
	prev=$v
done
[ "$prev" = "$default" ] || fail "the update chain ends at $prev, the default version is $default"
after=$(cq "$C" "SELECT md5(string_agg(t::text, ',' ORDER BY tenant_id, id)) FROM tickets t")
[ "$before" = "$after" ] || fail "the tickets read differently after the update chain"
echo "citus: CREATE EXTENSION on the coordinator and ALTER EXTENSION UPDATE 0.1.0 -> $default reached both workers"

# ---------------------------------------------------------------------
# Every aggregate and accessor, distributed vs local
# ---------------------------------------------------------------------
has() { [ "$(cq "$C" "SELECT to_regprocedure('$1') IS NOT NULL")" = t ]; }

# aggregates over the ticket columns (those of later versions when present)
aggs="csat_pct(csat), csat_pct(csat, 5), csat_pct(ces, 6), nps(nps), ces_avg(ces), ces_avg(csat),
  csat_pct(mixed), min(csat), max(nps), min(mixed), max(mixed),
  rating_summary(csat), rating_summary(nps), rating_summary(ces), rating_summary(mixed)"
for a in "promoters_pct:nps" "passives_pct:nps" "detractors_pct:nps" "ces_easy_pct:ces"; do
	has "${a%%:*}(satisfaction_rating)" && aggs="$aggs, ${a%%:*}(${a##*:})"
done
for f in top_box_pct bottom_box_pct; do
	has "$f(satisfaction_rating)" && aggs="$aggs, $f(csat), $f(ces)"
	has "$f(satisfaction_rating,integer)" && aggs="$aggs, $f(csat, 2), $f(ces, 3)"
done

# accessors over summaries s (csat), n (nps), c (ces), m (mixed) and the
# overall summaries s0, n0
accs="s, n, c, m, csat_pct(s), csat_pct(s, 5), csat_pct(m), nps(n), ces_avg(c), ces_avg(s),
  answered(s), unanswered(s), answered(m), unanswered(m), response_rate(s), response_rate(n),
  csat_ci_lower(s), csat_ci_upper(s), csat_ci_lower(s, 0.9), csat_ci_upper(m, 0.99),
  nps_ci_lower(n), nps_ci_upper(n), nps_ci_lower(n, 0.8), nps_ci_upper(n, 0.8),
  csat_ztest(s, s0), nps_ztest(n, n0),
  (SELECT string_agg(d::text, ' ' ORDER BY d.value) FROM distribution(s) d) AS dist_s,
  (SELECT string_agg(d::text, ' ' ORDER BY d.value) FROM distribution(n) d) AS dist_n"
for a in promoters_pct passives_pct detractors_pct; do
	has "$a(rating_summary)" && accs="$accs, $a(n)"
done
has "ces_easy_pct(rating_summary)" && accs="$accs, ces_easy_pct(c)"
for f in top_box_pct bottom_box_pct; do
	has "$f(rating_summary)" && accs="$accs, $f(s), $f(c)"
	has "$f(rating_summary,integer)" && accs="$accs, $f(s, 2), $f(c, 3)"
done

# 0.4.0: summaries compared and hashed, the shrunk CSAT (csat_prior below)
if has "csat_shrunk(rating_summary,double precision[])"; then
	accs="$accs, s = s0, s <> n0, rating_summary_eq(s, m), rating_summary_ne(s, m),
  rating_summary_hash(s), rating_summary_hash_extended(m, 7),
  round(csat_shrunk(s, '{4,1}')::numeric, 9), round(csat_shrunk(m, '{0.5,0.5}')::numeric, 9)"
fi
# 0.4.0: csat_prior over the agents' summaries (float sums: rounded, as the
# order in which partial states are combined may differ), and comment_terms
# over a text column (its state is internal: Citus pulls the rows)
prior_q="SELECT round(p[1]::numeric, 9), round(p[2]::numeric, 9) FROM (SELECT csat_prior(s) AS p
	FROM (SELECT agent, rating_summary(csat) AS s FROM {T} GROUP BY agent) g) x"
terms_q="SELECT 'pain' AS side, p.* FROM pain_points((SELECT comment_terms(agent || ' answered late', csat) FROM {T}), 10, 1) p
	UNION ALL SELECT 'praise', p.* FROM praise_points((SELECT comment_terms(agent, nps, 'simple') FROM {T}), 10, 1) p
	UNION ALL SELECT 'merged', p.* FROM pain_points((SELECT comment_terms(t) FROM (SELECT tenant_id,
		comment_terms(agent || ' answered late', csat) AS t FROM {T} GROUP BY tenant_id) x), 10, 1) p
	ORDER BY 1, 2"

# every aggregate and accessor of the extension is called above or below
called="$aggs $accs rating_summary(rating_summary) distribution $prior_q $terms_q"
missing=$(cq "$C" "SELECT string_agg(DISTINCT p.proname, ' ') FROM pg_proc p
	JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'csat'
	WHERE (p.prokind = 'a' OR p.proargtypes[0] = 'rating_summary'::regtype)
	  AND p.prorettype <> 'trigger'::regtype
	  -- support functions (type I/O, transition, combine, final) that bear no aggregate's name
	  AND NOT (p.oid IN (SELECT unnest(ARRAY[typoutput, typsend]::oid[]) FROM pg_type WHERE oid = 'rating_summary'::regtype
	                     UNION SELECT unnest(ARRAY[aggtransfn, aggfinalfn, aggcombinefn, aggmtransfn,
	                                               aggminvtransfn, aggmfinalfn]::oid[]) FROM pg_aggregate)
	           AND p.proname NOT IN (SELECT proname FROM pg_proc WHERE prokind = 'a'))")
for f in $missing; do
	grep -q "\b$f(" <<<"$called" || fail "the check does not call the csat aggregate or accessor $f()"
done

# run a query (with {T} the tickets table and {A} the agents table) on the
# distributed tables, also with coordinator aggregation disabled, and on the
# local copies; every output must be identical
ncompared=0
same() {
	local label=$1 q=$2 dist loc
	dist=${q//\{T\}/tickets}
	dist=${dist//\{A\}/agents}
	loc=${q//\{T\}/tickets_local}
	loc=${loc//\{A\}/agents_local}
	cq "$C" "$loc" >"$T/local.out" 2>&1 || fail "$label (local): $(head -5 "$T/local.out")"
	cq "$C" "$dist" >"$T/dist.out" 2>&1 || fail "$label (distributed): $(head -5 "$T/dist.out")"
	cmp -s "$T/local.out" "$T/dist.out" ||
		{ diff "$T/local.out" "$T/dist.out" | head -10; fail "$label: distributed and local results differ"; }
	if [ "${3:-}" = pulled ]; then
		# an aggregate with an internal state is not pushed down: Citus pulls
		# the rows, which coordinator_aggregation_strategy = 'disabled' forbids
		cq "$C" -c "SET citus.coordinator_aggregation_strategy = 'disabled'" -c "$dist" >"$T/dist.out" 2>&1 &&
			fail "$label ran with coordinator aggregation disabled: update the README"
		grep -q "unsupported aggregate function" "$T/dist.out" ||
			fail "$label (coordinator aggregation disabled): $(head -5 "$T/dist.out")"
	else
		cq "$C" -c "SET citus.coordinator_aggregation_strategy = 'disabled'" -c "$dist" >"$T/dist.out" 2>&1 ||
			fail "$label (coordinator aggregation disabled): $(head -5 "$T/dist.out")"
		cmp -s "$T/local.out" "$T/dist.out" ||
			{ diff "$T/local.out" "$T/dist.out" | head -10; fail "$label: with coordinator aggregation disabled, results differ"; }
	fi
	[ "$(wc -l <"$T/local.out")" -ge 1 ] || fail "$label: no rows"
	ncompared=$((ncompared + $(wc -l <"$T/local.out")))
}

same "overall" "SELECT $aggs FROM {T}"
same "by tenant_id" "SELECT tenant_id, $aggs FROM {T} GROUP BY tenant_id ORDER BY tenant_id"
same "by agent" "SELECT agent, $aggs FROM {T} GROUP BY agent ORDER BY agent"
same "by month" "SELECT date_trunc('month', closed_at AT TIME ZONE 'UTC') AS month, $aggs
	FROM {T} GROUP BY month ORDER BY month"
same "by team (reference table)" "SELECT a.team, $aggs, count(*) FILTER (WHERE t.csat >= a.goal),
	csat_pct(a.goal), rating_summary(a.goal) FROM {T} t JOIN {A} a USING (agent)
	GROUP BY a.team ORDER BY a.team"
same "with FILTER" "SELECT agent, csat_pct(csat) FILTER (WHERE NOT policy_denial),
	nps(nps) FILTER (WHERE NOT policy_denial), ces_avg(ces) FILTER (WHERE closed_at < '2025-07-01'),
	rating_summary(csat) FILTER (WHERE policy_denial), csat_pct(csat) FILTER (WHERE false)
	FROM {T} GROUP BY agent ORDER BY agent"
# GROUPING SETS: Citus runs them only on one shard (an equality filter on
# tenant_id); otherwise it refuses the query, and summaries by the finest grouping, merged by
# GROUPING SETS on the coordinator, give exactly the raw GROUPING SETS
gq="date_trunc('quarter', closed_at AT TIME ZONE 'UTC')"
out=$(cq "$C" "SELECT agent, $gq, csat_pct(csat) FROM tickets GROUP BY GROUPING SETS ((agent), ($gq), ())" 2>&1) &&
	fail "GROUPING SETS without tenant_id ran on Citus $CITUS_VERSION: update the README"
grep -q "could not run distributed query with GROUPING" <<<"$out" || fail "GROUPING SETS without tenant_id: $out"
gs_raw="SELECT agent, $gq AS quarter, GROUPING(agent, $gq) AS g, csat_pct(csat), nps(nps), ces_avg(ces),
	rating_summary(csat), rating_summary(mixed) FROM tickets_local
	GROUP BY GROUPING SETS ((agent), ($gq), ()) ORDER BY g, agent, quarter"
gs_merged="WITH x AS (SELECT agent, $gq AS quarter, rating_summary(csat) AS s, rating_summary(nps) AS n,
	rating_summary(ces) AS c, rating_summary(mixed) AS m FROM {T} GROUP BY agent, quarter)
	SELECT agent, quarter, GROUPING(agent, quarter) AS g, csat_pct(rating_summary(s)), nps(rating_summary(n)),
	ces_avg(rating_summary(c)), rating_summary(s), rating_summary(m) FROM x
	GROUP BY GROUPING SETS ((agent), (quarter), ()) ORDER BY g, agent, quarter"
cq "$C" "$gs_raw" >"$T/a" || fail "GROUPING SETS on the local copy"
cq "$C" "${gs_merged//\{T\}/tickets}" >"$T/b" 2>&1 || fail "GROUPING SETS over summaries: $(head -3 "$T/b")"
cmp -s "$T/a" "$T/b" || { diff "$T/a" "$T/b" | head; fail "GROUPING SETS over summaries differ from raw GROUPING SETS"; }
same "GROUPING SETS over summaries" "$gs_merged"
same "GROUPING SETS, one tenant (router query)" "SELECT agent, csat_pct(csat), nps(nps), rating_summary(ces)
	FROM {T} WHERE tenant_id = 7 GROUP BY GROUPING SETS ((agent), ()) ORDER BY agent"
acc_from="FROM (SELECT agent, rating_summary(csat) AS s, rating_summary(nps) AS n,
	rating_summary(ces) AS c, rating_summary(mixed) AS m FROM {T} GROUP BY agent) g,
	(SELECT rating_summary(csat) AS s0, rating_summary(nps) AS n0 FROM {T}) o"
same "accessors by agent" "SELECT agent, $accs $acc_from ORDER BY agent"
same "accessors by tenant_id" "SELECT tenant_id, $accs FROM (SELECT tenant_id, rating_summary(csat) AS s,
	rating_summary(nps) AS n, rating_summary(ces) AS c, rating_summary(mixed) AS m FROM {T}
	GROUP BY tenant_id) g, (SELECT rating_summary(csat) AS s0, rating_summary(nps) AS n0 FROM {T}) o
	ORDER BY tenant_id"
# two levels: summaries pushed down by tenant and agent, merged by agent
same "two-level: by tenant and agent, merged by agent" "SELECT agent, csat_pct(rating_summary(s)),
	nps(rating_summary(n)), rating_summary(s), rating_summary(n)
	FROM (SELECT tenant_id, agent, rating_summary(csat) AS s, rating_summary(nps) AS n
	      FROM {T} GROUP BY tenant_id, agent) x GROUP BY agent ORDER BY agent"
has "csat_prior(rating_summary)" && same "csat_prior over the agents' summaries" "$prior_q"
has "comment_terms(text,satisfaction_rating)" && same "comment_terms, pain_points, praise_points" "$terms_q" pulled
echo "citus: every aggregate and accessor equals the local copy ($ncompared result lines, each also with coordinator aggregation disabled)"

# ---------------------------------------------------------------------
# Plan kinds, from EXPLAIN (VERBOSE)
# ---------------------------------------------------------------------
explain() {
	cq "$C" "EXPLAIN (VERBOSE, COSTS OFF) $1" >"$T/plan" 2>&1 || fail "EXPLAIN $1: $(head -5 "$T/plan")"
	[ -n "${CITUS_CHECK_PLANS:-}" ] && { echo "== $1"; cat "$T/plan"; } >>"$CITUS_CHECK_PLANS"
	return 0
}
plan_has() { grep -qF -- "$1" "$T/plan" || { cat "$T/plan"; fail "$2: the plan does not show $1"; }; }
plan_lacks() { ! grep -qF -- "$1" "$T/plan" || { cat "$T/plan"; fail "$2: the plan shows $1"; }; }

explain "SELECT tenant_id, csat_pct(csat), nps(nps), rating_summary(ces) FROM tickets GROUP BY tenant_id"
plan_has "Task Count: 32" "GROUP BY tenant_id"
plan_has "Output: tenant_id, csat_pct(csat), nps(nps), rating_summary(ces)" "GROUP BY tenant_id (pushed down)"
plan_lacks "worker_partial_agg" "GROUP BY tenant_id (pushed down)"

explain "SELECT agent, csat_pct(csat), nps(nps) FROM tickets GROUP BY agent"
plan_has "worker_partial_agg('public.csat_pct(public.satisfaction_rating)'::regprocedure, csat)" "GROUP BY agent (partial aggregation)"
plan_has "worker_partial_agg('public.nps(public.satisfaction_rating)'::regprocedure, nps)" "GROUP BY agent (partial aggregation)"
plan_has "coord_combine_agg('$(cq "$C" "SELECT 'csat_pct(satisfaction_rating)'::regprocedure::oid")'::oid, remote_scan.csat_pct" "GROUP BY agent (partial aggregation)"

for q in "SELECT date_trunc('month', closed_at AT TIME ZONE 'UTC') AS m, csat_pct(csat) FROM tickets GROUP BY m" \
	"SELECT a.team, csat_pct(t.csat) FROM tickets t JOIN agents a USING (agent) GROUP BY a.team" \
	"SELECT csat_pct(csat) FILTER (WHERE NOT policy_denial) FROM tickets"; do
	explain "$q"
	plan_has "worker_partial_agg('public.csat_pct(public.satisfaction_rating)'::regprocedure" "$q (partial aggregation)"
	plan_has "coord_combine_agg(" "$q (partial aggregation)"
done

explain "SELECT agent, csat_ci_lower(rating_summary(csat)) FROM tickets GROUP BY agent"
plan_has "worker_partial_agg('public.rating_summary(public.satisfaction_rating)'::regprocedure, csat)" "an accessor over rating_summary(csat)"
plan_has "csat_ci_lower(coord_combine_agg(" "an accessor over rating_summary(csat) (on the coordinator)"

# what a worker sends for a group: the summary's v1 text
IFS='|' read -r shard wport < <(cq "$C" "SELECT shard_name, nodeport FROM citus_shards
	WHERE table_name = 'tickets'::regclass ORDER BY shardid LIMIT 1")
state=$(cq "$wport" "SELECT worker_partial_agg('csat_pct(satisfaction_rating)'::regprocedure, csat) FROM $shard")
[[ "$state" =~ ^\{v1\ scale\ 1-5\ counts\ [0-9,]+\ unanswered\ [0-9]+\}$ ]] ||
	fail "worker_partial_agg of csat_pct on $shard sent '$state'"
[ "$state" = "$(cq "$wport" "SELECT rating_summary(csat)::text FROM $shard")" ] ||
	fail "worker_partial_agg's state is not rating_summary's text"

explain "SELECT csat_pct(csat, 5) FROM tickets"
plan_has "worker_partial_agg('public.csat_pct(public.satisfaction_rating,integer)'::regprocedure, ROW(csat, 5))" "csat_pct(r, satisfied_from)"

explain "SELECT agent, csat_pct(rating_summary(s)) FROM (SELECT tenant_id, agent, rating_summary(csat) AS s
	FROM tickets GROUP BY tenant_id, agent) x GROUP BY agent"
plan_has "worker_partial_agg('public.rating_summary(public.rating_summary)'::regprocedure" "two-level query"
plan_has "rating_summary(tickets.csat)" "two-level query (inner summaries on the workers)"

explain "SELECT tenant_id, id, csat_pct(csat) OVER w, nps(nps) OVER w FROM tickets
	WINDOW w AS (PARTITION BY tenant_id ORDER BY closed_at, id ROWS BETWEEN 9 PRECEDING AND CURRENT ROW)"
plan_has "WindowAgg" "window by tenant_id"
awk '/Custom Scan/ { c = NR } /WindowAgg/ { w = NR } END { exit !(c && w > c) }' "$T/plan" ||
	{ cat "$T/plan"; fail "window by tenant_id: the WindowAgg does not run in the task (on the worker)"; }

# ordered aggregates: every row is pulled to the coordinator
explain "SELECT agent, csat_pct(csat ORDER BY closed_at) FROM tickets GROUP BY agent"
plan_lacks "worker_partial_agg" "csat_pct(csat ORDER BY closed_at)"
awk '/Aggregate/ && !a { a = NR } /Custom Scan/ { c = NR } END { exit !(a && c > a) }' "$T/plan" ||
	{ cat "$T/plan"; fail "csat_pct(csat ORDER BY closed_at): the aggregate does not run above the Citus scan"; }
cq "$C" "SELECT agent, csat_pct(csat ORDER BY closed_at) FROM tickets GROUP BY agent ORDER BY agent" >"$T/a" &&
	cq "$C" "SELECT agent, csat_pct(csat ORDER BY closed_at) FROM tickets_local GROUP BY agent ORDER BY agent" >"$T/b" &&
	cmp -s "$T/a" "$T/b" || fail "csat_pct(csat ORDER BY closed_at) differs from the local copy"
out=$(cq "$C" -c "SET citus.coordinator_aggregation_strategy = 'disabled'" \
	-c "SELECT agent, csat_pct(csat ORDER BY closed_at) FROM tickets GROUP BY agent" 2>&1) &&
	fail "csat_pct(csat ORDER BY closed_at) ran with coordinator aggregation disabled"
grep -q "unsupported aggregate function csat_pct" <<<"$out" || fail "ordered aggregate, aggregation disabled: $out"

# citus#4043: EXPLAIN ANALYZE of a partial aggregation fails on Citus 13.0.5;
# EXPLAIN (VERBOSE) and citus.log_remote_commands show the plan instead
out=$(cq "$C" "EXPLAIN (ANALYZE, COSTS OFF) SELECT agent, csat_pct(csat) FROM tickets GROUP BY agent" 2>&1)
grep -q 'column "[a-z_0-9]*" has pseudo-type cstring' <<<"$out" ||
	fail "EXPLAIN ANALYZE of a partial aggregation on Citus $CITUS_VERSION: expected the citus#4043 error, got: $(head -3 <<<"$out")"
explain_analyze="fails (citus#4043)"
out=$(cq "$C" -c "SET citus.log_remote_commands = on" -c "SET client_min_messages = log" \
	-c "SELECT agent, csat_pct(csat) FROM tickets GROUP BY agent" 2>&1 >/dev/null)
grep -q "issuing SELECT agent, worker_partial_agg('public.csat_pct(public.satisfaction_rating)'::regprocedure" <<<"$out" ||
	grep -q "issuing SELECT .*worker_partial_agg(" <<<"$out" ||
	fail "citus.log_remote_commands does not show worker_partial_agg: $(head -3 <<<"$out")"
echo "citus: plans: GROUP BY tenant_id and windows by tenant_id pushed down; GROUP BY agent partially aggregated; ORDER BY inside the aggregate pulled; EXPLAIN ANALYZE $explain_analyze"

# ---------------------------------------------------------------------
# Rollups: a co-located daily summary table
# ---------------------------------------------------------------------
cq "$C" >/dev/null <<'SQL' || fail "creating the rollup table"
CREATE TABLE daily (tenant_id int NOT NULL, agent text NOT NULL, day date NOT NULL,
                    s rating_summary, n rating_summary, c rating_summary,
                    PRIMARY KEY (tenant_id, agent, day));
SELECT create_distributed_table('daily', 'tenant_id', colocate_with => 'tickets');
SQL
rollup="INSERT INTO daily SELECT tenant_id, agent, (closed_at AT TIME ZONE 'UTC')::date,
	rating_summary(csat), rating_summary(nps), rating_summary(ces) FROM tickets GROUP BY 1, 2, 3"
explain "$rollup"
plan_lacks "pull to coordinator" "INSERT ... SELECT rollup"
plan_lacks "repartition" "INSERT ... SELECT rollup"
plan_has "Query: INSERT INTO public.daily_" "INSERT ... SELECT rollup (pushed down to the shards)"
plan_has "rating_summary(tickets.csat)" "INSERT ... SELECT rollup (summaries on the workers)"
cq "$C" "$rollup" || fail "the rollup"
for q in \
	"SELECT agent, date_trunc('month', day)::date AS month, csat_pct(rating_summary(s)), nps(rating_summary(n)),
		ces_avg(rating_summary(c)), rating_summary(s), answered(rating_summary(n)), unanswered(rating_summary(c))
		FROM daily GROUP BY 1, 2 ORDER BY 1, 2|SELECT agent, date_trunc('month', closed_at AT TIME ZONE 'UTC')::date AS month,
		csat_pct(csat), nps(nps), ces_avg(ces), rating_summary(csat), count(nps), count(*) - count(ces)
		FROM tickets_local GROUP BY 1, 2 ORDER BY 1, 2" \
	"SELECT tenant_id, rating_summary(s), rating_summary(n) FROM daily GROUP BY 1 ORDER BY 1|SELECT tenant_id,
		rating_summary(csat), rating_summary(nps) FROM tickets_local GROUP BY 1 ORDER BY 1" \
	"SELECT rating_summary(s), csat_pct(rating_summary(s)) FROM daily|SELECT rating_summary(csat), csat_pct(csat) FROM tickets_local"; do
	cq "$C" "${q%%|*}" >"$T/a" 2>&1 || fail "rollup query: $(head -3 "$T/a")"
	cq "$C" "${q##*|}" >"$T/b" 2>&1 || fail "rollup reference: $(head -3 "$T/b")"
	cmp -s "$T/a" "$T/b" || { diff "$T/a" "$T/b" | head; fail "the rollup differs from the raw tickets"; }
done
echo "citus: rollups: INSERT ... SELECT into a co-located daily summary table pushed down; months from days are exact"

# ---------------------------------------------------------------------
# Windows partitioned by the distribution column
# ---------------------------------------------------------------------
for frame in "ORDER BY closed_at, id ROWS BETWEEN 9 PRECEDING AND CURRENT ROW" \
	"ORDER BY closed_at RANGE BETWEEN interval '30 days' PRECEDING AND CURRENT ROW" \
	"ORDER BY closed_at, id ROWS UNBOUNDED PRECEDING"; do
	q="SELECT tenant_id, id, csat_pct(csat) OVER w, nps(nps) OVER w, ces_avg(ces) OVER w, rating_summary(csat) OVER w,
		csat_pct(mixed) OVER w FROM {T}
		WINDOW w AS (PARTITION BY tenant_id $frame) ORDER BY tenant_id, id"
	cq "$C" "${q//\{T\}/tickets_local}" >"$T/a" || fail "window $frame (local)"
	cq "$C" "${q//\{T\}/tickets}" >"$T/b" 2>&1 || fail "window $frame (distributed): $(head -3 "$T/b")"
	cmp -s "$T/a" "$T/b" || { diff "$T/a" "$T/b" | head; fail "window $frame: distributed and local differ"; }
done
echo "citus: windows partitioned by tenant_id equal the local copy ($(wc -l <"$T/a") rows x 3 frames)"

# ---------------------------------------------------------------------
# Errors through the cluster
# ---------------------------------------------------------------------
# expect_error SQLSTATE PATTERN WHERE SQL: WHERE is worker (Citus adds
# "while executing command on" a worker), coordinator, or any
expect_error() {
	local out
	out=$(psql -X -A -t -q -h 127.0.0.1 -p "$C" -d postgres -v ON_ERROR_STOP=1 \
		-c "\\set VERBOSITY verbose" -c "$4" 2>&1) && fail "no error from: $4"
	grep -q "ERROR:  $1" <<<"$out" || fail "expected SQLSTATE $1 from: $4; got: $out"
	grep -qE "$2" <<<"$out" || fail "expected an error matching '$2' from: $4; got: $out"
	case $3 in
	worker) grep -q "CONTEXT:  while executing command on 127.0.0.1:" <<<"$out" ||
		fail "expected the error from a worker: $4; got: $out" ;;
	coordinator) ! grep -q "while executing command on" <<<"$out" ||
		fail "expected the error from the coordinator: $4; got: $out" ;;
	esac
}
mixed="1-5.*1-7|1-7.*1-5"
expect_error 42804 "$mixed" coordinator "SELECT ces_avg(mixed) FROM tickets"
expect_error 42804 "$mixed" coordinator "SELECT agent, ces_avg(mixed) FROM tickets GROUP BY agent"
expect_error 42804 "$mixed" any "SELECT csat_pct(mixed, 4) FROM tickets"
expect_error 42804 "$mixed" coordinator "SELECT * FROM distribution((SELECT rating_summary(mixed) FROM tickets))"
expect_error 22023 "0-10|0\\.\\.10" coordinator "SELECT agent, nps(csat) FROM tickets GROUP BY agent"
expect_error 22023 "0-10|0\\.\\.10" worker "SELECT tenant_id, nps(csat) FROM tickets GROUP BY tenant_id"
expect_error 22023 "satisfied_from 9" worker "SELECT csat_pct(csat, 9) FROM tickets WHERE tenant_id = 1"
expect_error 22023 "satisfied_from 9" worker "SELECT agent, csat_pct(csat, 9) FROM tickets GROUP BY agent"
echo "citus: errors (mixed scales, nps() off 0..10, satisfied_from off the scale) keep their SQLSTATE, raised by a worker or by the coordinator"

# ---------------------------------------------------------------------
# Low-score alerts under multi-shard writes
# ---------------------------------------------------------------------
# tenants on each worker
declare -A tenants_on
while IFS='|' read -r t w; do
	tenants_on[$w]="${tenants_on[$w]:-} $t"
done < <(cq "$C" "SELECT t, s.nodeport FROM generate_series(1, 40) AS t
	JOIN citus_shards s ON s.shardid = get_shard_id_for_distribution_column('tickets', t)
	WHERE s.table_name = 'tickets'::regclass ORDER BY t")
ta=$(echo ${tenants_on[$W1]:-} | cut -d' ' -f1)
tb=$(echo ${tenants_on[$W1]:-} | cut -d' ' -f2)
tc=$(echo ${tenants_on[$W2]:-} | cut -d' ' -f1)
td=$(echo ${tenants_on[$W2]:-} | cut -d' ' -f2)
[ -n "$ta" ] && [ -n "$tb" ] && [ -n "$tc" ] && [ -n "$td" ] || fail "could not find two tenants on each worker"

alert_count() { # the alerts on both workers: key, rating, relation is a shard of tickets
	local w
	for w in "$W1" "$W2"; do
		cq "$w" "SELECT key || ' ' || rating::text || ' ' || (relation ~ '^public\.tickets_[0-9]+$')
			FROM csat_alert WHERE column_name = 'csat'" || return 1
	done | sort
}
has "csat_enqueue_low_rating()" || fail "csat_enqueue_low_rating() is not in this build"
{
	out=$(cq "$C" "CREATE TRIGGER tickets_low_csat AFTER INSERT OR UPDATE OF csat ON tickets
		FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id')" 2>&1) &&
		fail "CREATE TRIGGER on a distributed table ran without citus.enable_unsafe_triggers"
	grep -q "triggers are not supported on distributed tables" <<<"$out" ||
		fail "CREATE TRIGGER without citus.enable_unsafe_triggers: $out"
	cq "$C" <<'SQL' || fail "creating the alert trigger on the distributed table"
SET citus.enable_unsafe_triggers = on;
CREATE TRIGGER tickets_low_csat AFTER INSERT OR UPDATE OF csat ON tickets
  FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id');
SQL
	base=100000
	# a multi-row INSERT over four shards on both workers
	vals=""
	i=0
	for t in $ta $tb $tc $td; do
		for r in 1 2 3 4 5; do
			i=$((i + 1))
			vals="$vals${vals:+,}($t, $((base + i)), 'agent01', '2025-06-01', '$r/5', NULL, NULL, NULL, false)"
		done
	done
	cq "$C" "INSERT INTO tickets VALUES $vals" || fail "multi-row INSERT over both workers with the alert queue"
	# COPY over four shards
	for t in $ta $tb $tc $td; do
		for r in 1 2 3 4 5; do
			i=$((i + 1))
			printf '%s\t%s\tagent02\t2025-06-02\t%s\t\\N\t\\N\t\\N\tf\n' "$t" "$((base + i))" "$r"
		done
	done >"$T/copy.tsv"
	cq "$C" -c "\\copy tickets FROM '$T/copy.tsv'" || fail "COPY over both workers with the alert queue"
	# a multi-shard UPDATE: 5/5 -> 1/5 on both workers (20 rows), and a no-op update
	cq "$C" "UPDATE tickets SET csat = '1/5' WHERE id > $base AND csat = '5/5'" || fail "multi-shard UPDATE with the alert queue"
	cq "$C" "UPDATE tickets SET csat = csat WHERE id > $base" || fail "multi-shard no-op UPDATE with the alert queue"
	# one transaction writing on both workers
	cq "$C" <<SQL || fail "a transaction writing on both workers with the alert queue"
BEGIN;
INSERT INTO tickets VALUES ($ta, $((base + 1001)), 'agent03', '2025-06-03', '2/5', NULL, NULL, NULL, false);
INSERT INTO tickets VALUES ($tc, $((base + 1002)), 'agent03', '2025-06-03', '1/5', NULL, NULL, NULL, false);
INSERT INTO tickets VALUES ($tc, $((base + 1003)), 'agent03', '2025-06-03', '4/5', NULL, NULL, NULL, false);
UPDATE tickets SET csat = '2/5' WHERE tenant_id = $ta AND id = $((base + 4));
COMMIT;
SQL
	n=$(cq "$C" "SELECT count(*) FROM tickets WHERE id > $base") || fail "counting the new rows"
	[ "$n" = 43 ] || fail "$n of the 43 rows written are there"
	# expected alerts: one per insert with csat <= 2, one per update that changed csat to <= 2
	expected=$( (
		for k in $(seq $((base + 1)) $((base + 40))); do
			r=$(((k - base - 1) % 5 + 1))
			[ "$r" -le 2 ] && echo "$k $r/5 true"
			[ "$r" = 5 ] && echo "$k 1/5 true" # updated to 1/5
		done
		echo "$((base + 1001)) 2/5 true"
		echo "$((base + 1002)) 1/5 true"
		echo "$((base + 4)) 2/5 true" # 4/5 -> 2/5 in the transaction
	) | sort)
	got=$(alert_count) || fail "reading csat_alert on the workers"
	[ "$got" = "$expected" ] || { diff <(echo "$expected") <(echo "$got") | head; fail "alerts on the workers differ from the low ratings written"; }
	nw1=$(cq "$W1" "SELECT count(*) FROM csat_alert")
	nw2=$(cq "$W2" "SELECT count(*) FROM csat_alert")
	[ "$nw1" -gt 0 ] && [ "$nw2" -gt 0 ] || fail "alerts on worker 1: $nw1, worker 2: $nw2; expected some on both"
	# one csat-alertd serves both workers' queues (one --dsn each)
	alertd=$("$pgc" --bindir)/csat-alertd
	[ -x "$alertd" ] || fail "csat-alertd is not installed in $("$pgc" --bindir)"
	/usr/bin/python3 test/alerts/sink.py "$T/sink.port" "$T/sink.log" &
	sink=$!
	for _ in $(seq 100); do [ -s "$T/sink.port" ] && break; sleep 0.1; done
	[ -s "$T/sink.port" ] || fail "the webhook sink did not start"
	timeout 120 "$alertd" --dsn "host=127.0.0.1 port=$W1 dbname=postgres user=$PGUSER" \
		--dsn "host=127.0.0.1 port=$W2 dbname=postgres user=$PGUSER" \
		--url "http://127.0.0.1:$(cat "$T/sink.port")/hook" --once >"$T/alertd.log" 2>&1 ||
		{ kill "$sink"; fail "csat-alertd --once over both workers: $(tail -3 "$T/alertd.log")"; }
	kill "$sink"
	wait "$sink" 2>/dev/null
	sink=""
	delivered=$(/usr/bin/python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    b = json.loads(r["body"])
    if 200 <= int(r["status"]) < 300:
        print(b["key"], b["rating"], "true")' "$T/sink.log" | sort)
	[ "$delivered" = "$expected" ] ||
		{ diff <(echo "$expected") <(echo "$delivered") | head; fail "csat-alertd delivered other alerts than the low ratings written"; }
	left=$(($(cq "$W1" "SELECT count(*) FROM csat_alert WHERE delivered_at IS NULL") + $(cq "$W2" "SELECT count(*) FROM csat_alert WHERE delivered_at IS NULL")))
	[ "$left" = 0 ] || fail "$left alerts are still undelivered after csat-alertd --once"
	claimed=$(echo "$expected" | wc -l)
	alerts="a multi-row INSERT, COPY, a multi-shard UPDATE and a two-worker transaction commit, every low rating has its alert ($claimed, on both workers), one csat-alertd delivered them all"
}

# the NOTIFY trigger makes the same writes fail
cq "$C" >/dev/null <<'SQL' || fail "creating the NOTIFY trigger"
CREATE TABLE answers (tenant_id int NOT NULL, id bigint NOT NULL, csat satisfaction_rating(1,5));
SELECT create_distributed_table('answers', 'tenant_id', colocate_with => 'tickets');
SET citus.enable_unsafe_triggers = on;
CREATE TRIGGER answers_low_csat AFTER INSERT OR UPDATE OF csat ON answers
  FOR EACH ROW EXECUTE FUNCTION csat_notify_low_rating('csat', 'low_csat', '2', 'id');
SQL
notify_fails() {
	local out
	out=$(cq "$C" "$@" 2>&1) && fail "with csat_notify_low_rating(), this multi-shard write committed: $*"
	grep -q "cannot PREPARE a transaction that has executed LISTEN, UNLISTEN, or NOTIFY" <<<"$out" ||
		fail "with csat_notify_low_rating(): unexpected error: $out"
}
notify_fails "INSERT INTO answers VALUES ($ta, 1, '1/5'), ($tc, 2, '5/5')"
printf '%s\t3\t1/5\n%s\t4\t5/5\n' "$ta" "$tc" >"$T/answers.tsv"
notify_fails -c "\\copy answers FROM '$T/answers.tsv'"
cq "$C" "INSERT INTO answers VALUES ($ta, 5, '5/5')" || fail "single-shard INSERT into answers"
cq "$C" "INSERT INTO answers VALUES ($tc, 6, '5/5')" || fail "single-shard INSERT into answers"
notify_fails "UPDATE answers SET csat = '1/5'"
notify_fails -c "BEGIN" -c "INSERT INTO answers VALUES ($ta, 7, '2/5')" -c "INSERT INTO answers VALUES ($tc, 8, '5/5')" -c "COMMIT"
cq "$C" "INSERT INTO answers VALUES ($ta, 9, '1/5')" || fail "a single-shard INSERT with csat_notify_low_rating()"
[ "$(cq "$C" "SELECT string_agg(id::text, ',' ORDER BY id) FROM answers")" = "5,6,9" ] ||
	fail "answers holds $(cq "$C" "SELECT string_agg(id::text, ',' ORDER BY id) FROM answers"): failed writes left rows"
echo "citus: alert queue: $alerts"
echo "citus: csat_notify_low_rating(): the same four writes fail (cannot PREPARE ... NOTIFY) and leave no row; single-shard writes commit"

# ---------------------------------------------------------------------
# DROP EXTENSION reaches the workers
# ---------------------------------------------------------------------
cq "$C" "DROP EXTENSION csat CASCADE" 2>/dev/null || fail "DROP EXTENSION csat CASCADE"
[ "$(worker_versions)" = "none none" ] || fail "after DROP EXTENSION on the coordinator, workers have csat $(worker_versions)"

echo "citus: ok: Citus $CITUS_VERSION, coordinator + 2 workers, $(("$(date +%s)" - build_end)) s (build $((build_end - start)) s)"
