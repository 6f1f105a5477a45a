#!/usr/bin/env bash
# csat on Citus (issue 11): csat_pct + nps grouped by agent against the
# FILTER formulas people write by hand on a distributed smallint copy, on the
# same Citus cluster (a coordinator and two workers on 127.0.0.1, Citus 13.0.5
# built from ../shared/citus like test/checks/citus.sh does).  Not run by CI.
#
#   test/bench/citus.sh                   300,000 rows, 15 rounds
#   test/bench/citus.sh --rows 50000 --rounds 15
#
# Options: --rows N, --rounds N, --tenants N (distinct tenant_id, default
# 100), --agents N (default 50), --shards N (citus.shard_count, default 32),
# --profile (also time the pieces: one shard directly, with and without
# worker_partial_agg, and the summary's text output and input).
#
# The cluster is built from the pg_config first on PATH (Citus 13.0 needs
# PostgreSQL 15-17) and removed at the end.  Each figure is A / B: the median
# of A's times over the median of B's, measured in the same run, interleaved
# (A B A B ...) after a warm-up; times are taken on the coordinator with
# clock_timestamp() around EXECUTE, so the client is not counted, the workers
# are.
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/citus/lib.sh

ROWS=300000
ROUNDS=15
TENANTS=100
AGENTS=50
SHARDS=32
PROFILE=0
while [ $# -gt 0 ]; do
	case "$1" in
	--rows) ROWS=$2; shift 2 ;;
	--rounds) ROUNDS=$2; shift 2 ;;
	--tenants) TENANTS=$2; shift 2 ;;
	--agents) AGENTS=$2; shift 2 ;;
	--shards) SHARDS=$2; shift 2 ;;
	--profile) PROFILE=1; shift ;;
	-h | --help) sed -n '2,21p' "$0"; exit 0 ;;
	*) echo "citus.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
done
for v in "$ROWS" "$ROUNDS" "$TENANTS" "$AGENTS" "$SHARDS"; do
	[[ "$v" =~ ^[0-9]+$ ]] || { echo "citus.sh: not a number: $v" >&2; exit 2; }
done

citus_locate || { echo "citus.sh: no Citus archive at ../shared/citus" >&2; exit 2; }
pgc=$(command -v pg_config)
citus_build "$pgc" >/dev/null
trap citus_stop EXIT
trap 'exit 130' INT TERM
citus_start "$("$pgc" --bindir)" "shared_buffers = 256MB
max_parallel_workers_per_gather = 0" || exit 1
C=${CITUS_PORTS[0]}

cq "$C" <<SQL >/dev/null
SET citus.shard_count = $SHARDS;
CREATE EXTENSION csat;
CREATE TABLE t (
  tenant_id int NOT NULL,
  agent     int NOT NULL,
  r         satisfaction_rating(1,5),
  s         smallint,
  n         satisfaction_rating(0,10),
  ns        smallint
);
SELECT create_distributed_table('t', 'tenant_id');
INSERT INTO t
SELECT (1 + (i * 7919) % $TENANTS)::int, ((i * 31 + i / 1000) % $AGENTS)::int,
       rating((1 + (i * 1013 + 13) % 5)::int, 1, 5), 1 + (i * 1013 + 13) % 5,
       rating(((i * 7907 + 7) % 11)::int, 0, 10), (i * 7907 + 7) % 11
FROM generate_series(1::bigint, $ROWS) AS i;
VACUUM ANALYZE t;
CREATE FUNCTION bench_ms(q text) RETURNS float8 LANGUAGE plpgsql AS \$\$
DECLARE t0 timestamptz;
BEGIN
  t0 := clock_timestamp();
  EXECUTE q;
  RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END \$\$;
SQL

CSAT="SELECT agent, csat_pct(r), nps(n) FROM t GROUP BY agent"
HAND="SELECT agent, 100.0 * count(*) FILTER (WHERE s >= 4) / count(s),
  100.0 * (count(*) FILTER (WHERE ns >= 9) - count(*) FILTER (WHERE ns <= 6)) / count(ns) FROM t GROUP BY agent"
TWO="SELECT agent, csat_pct(rating_summary(rs)), nps(rating_summary(ns)) FROM
  (SELECT tenant_id, agent, rating_summary(r) AS rs, rating_summary(n) AS ns FROM t GROUP BY tenant_id, agent) x
  GROUP BY agent"

CTE="WITH x AS MATERIALIZED (SELECT tenant_id, agent, rating_summary(r) AS rs, rating_summary(n) AS ns
  FROM t GROUP BY tenant_id, agent)
  SELECT agent, csat_pct(rating_summary(rs)), nps(rating_summary(ns)) FROM x GROUP BY agent"

# results must agree before anything is timed
a=$(cq "$C" "$CSAT ORDER BY 1")
b=$(cq "$C" "$HAND ORDER BY 1")
c=$(cq "$C" "SELECT * FROM ($TWO) x ORDER BY 1")
[ "$a" = "$b" ] || { echo "citus.sh: csat and the hand formula disagree" >&2; exit 1; }
[ "$a" = "$c" ] || { echo "citus.sh: the two-level query disagrees" >&2; exit 1; }
d=$(cq "$C" "SELECT * FROM ($CTE) x ORDER BY 1")
[ "$a" = "$d" ] || { echo "citus.sh: the two-level CTE disagrees" >&2; exit 1; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# time NAME... : interleaved rounds of the named queries
declare -A times
run() {
	local name r
	for name in "$@"; do # warm-up
		cq "$C" "SELECT bench_ms(\$q\$${!name}\$q\$)" >/dev/null
	done
	for r in $(seq "$ROUNDS"); do
		for name in "$@"; do
			times[$name]="${times[$name]:-} $(cq "$C" "SELECT bench_ms(\$q\$${!name}\$q\$)")"
		done
	done
}
run CSAT HAND TWO CTE
mc=$(tr ' ' '\n' <<<"${times[CSAT]}" | grep . | median)
mh=$(tr ' ' '\n' <<<"${times[HAND]}" | grep . | median)
mt=$(tr ' ' '\n' <<<"${times[TWO]}" | grep . | median)
me=$(tr ' ' '\n' <<<"${times[CTE]}" | grep . | median)
echo "Citus $CITUS_VERSION, coordinator + 2 workers, $("$pgc" --version), $ROWS rows, $TENANTS tenants, $AGENTS agents, $SHARDS shards, $ROUNDS rounds"
printf '%-62s %8.2f ms\n' "csat_pct(r), nps(n) GROUP BY agent" "$mc"
printf '%-62s %8.2f ms\n' "hand FILTER formulas on smallint GROUP BY agent" "$mh"
printf '%-62s %8.2f ms\n' "two-level: summaries by tenant_id, agent; merged by agent" "$mt"
printf '%-62s %8.2f ms\n' "two-level, summaries in a MATERIALIZED CTE, merged locally" "$me"
awk -v a="$mc" -v b="$mh" 'BEGIN { printf "ratio csat / hand:            %.2f\n", a / b }'
awk -v a="$mt" -v b="$mh" 'BEGIN { printf "ratio two-level csat / hand:  %.2f\n", a / b }'
awk -v a="$me" -v b="$mh" 'BEGIN { printf "ratio two-level CTE / hand:   %.2f\n", a / b }'

[ "$PROFILE" = 1 ] || exit 0

# ---- where the time goes ----
IFS='|' read -r shard W < <(cq "$C" "SELECT shard_name, nodeport FROM citus_shards
	WHERE table_name = 't'::regclass ORDER BY shard_size DESC, shardid LIMIT 1")
cq "$W" <<SQL >/dev/null
SET citus.enable_ddl_propagation = off;
CREATE TABLE states AS
  SELECT s, s::text AS txt FROM (SELECT rating_summary(r) AS s FROM $shard GROUP BY agent, tenant_id) x,
  generate_series(1, 200);
SQL
nrows=$(cq "$W" "SELECT count(*) FROM $shard")
nstates=$(cq "$W" "SELECT count(*) FROM states")
SHARD_NATIVE="SELECT agent, csat_pct(r), nps(n) FROM $shard GROUP BY agent"
SHARD_PARTIAL="SELECT agent, worker_partial_agg('csat_pct(satisfaction_rating)'::regprocedure, r),
  worker_partial_agg('nps(satisfaction_rating)'::regprocedure, n) FROM $shard GROUP BY agent"
SHARD_HAND="SELECT agent, count(*) FILTER (WHERE s >= 4), count(s), count(*) FILTER (WHERE ns >= 9),
  count(*) FILTER (WHERE ns <= 6), count(ns) FROM $shard GROUP BY agent"
SHARD_TWO="SELECT agent, worker_partial_agg('rating_summary(rating_summary)'::regprocedure, rs),
  worker_partial_agg('rating_summary(rating_summary)'::regprocedure, ns) FROM (SELECT tenant_id, agent,
  rating_summary(r) AS rs, rating_summary(n) AS ns FROM $shard GROUP BY tenant_id, agent) x GROUP BY agent"
TEXT_OUT="SELECT sum(length(s::text)) FROM states"
TEXT_IN="SELECT count(txt::rating_summary) FROM states"
BASE="SELECT count(s), sum(length(txt)) FROM states"
declare -A wt
for r in $(seq "$ROUNDS"); do
	for name in SHARD_NATIVE SHARD_PARTIAL SHARD_TWO SHARD_HAND TEXT_OUT TEXT_IN BASE; do
		wt[$name]="${wt[$name]:-} $(cq "$W" "SELECT bench_ms(\$q\$${!name}\$q\$)")"
	done
done
m() { tr ' ' '\n' <<<"${wt[$1]}" | grep . | median; }
echo "one shard ($shard, $nrows rows), run directly on its worker:"
printf '  %-58s %8.3f ms\n' "csat_pct(r), nps(n) GROUP BY agent" "$(m SHARD_NATIVE)"
printf '  %-58s %8.3f ms\n' "the same through worker_partial_agg (what Citus runs)" "$(m SHARD_PARTIAL)"
printf '  %-58s %8.3f ms\n' "two-level: what Citus runs for it" "$(m SHARD_TWO)"
printf '  %-58s %8.3f ms\n' "hand count(*) FILTER ... GROUP BY agent (what Citus runs)" "$(m SHARD_HAND)"
avg=$(cq "$W" "SELECT round(avg(length(txt)), 1) FROM states")
echo "summary text form: $avg bytes on average over the (tenant, agent) states of this shard (x 200: $nstates)"
awk -v o="$(m TEXT_OUT)" -v i="$(m TEXT_IN)" -v b="$(m BASE)" -v n="$nstates" 'BEGIN {
	printf "  output: %.2f us per state, input: %.2f us per state (over a scan of the states)\n",
		(o - b) * 1000 / n, (i - b) * 1000 / n }'

# the coordinator's part: merging SHARDS x AGENTS states per aggregate
cq "$C" >/dev/null <<SQL
CREATE TABLE coord_states AS
  SELECT agent, rating_summary(r)::text AS cs, rating_summary(n)::text AS ns,
         count(*) FILTER (WHERE s >= 4) AS c1, count(s) AS c2, count(*) FILTER (WHERE ns >= 9) AS c3,
         count(*) FILTER (WHERE ns <= 6) AS c4, count(ns) AS c5
  FROM t GROUP BY tenant_id % $SHARDS, agent;
SQL
COORD_CSAT="SELECT agent, coord_combine_agg('csat_pct(satisfaction_rating)'::regprocedure, cs::cstring, NULL::numeric),
  coord_combine_agg('nps(satisfaction_rating)'::regprocedure, ns::cstring, NULL::numeric) FROM coord_states GROUP BY agent"
COORD_HAND="SELECT agent, 100.0 * sum(c1) / sum(c2), 100.0 * (sum(c3) - sum(c4)) / sum(c5) FROM coord_states GROUP BY agent"
declare -A ct
for r in $(seq "$ROUNDS"); do
	for name in COORD_CSAT COORD_HAND; do
		ct[$name]="${ct[$name]:-} $(cq "$C" "SELECT bench_ms(\$q\$${!name}\$q\$)")"
	done
done
ncs=$(cq "$C" "SELECT count(*) FROM coord_states")
echo "the coordinator's merge of $ncs states per aggregate (as from $SHARDS shards), on the coordinator:"
printf '  %-58s %8.3f ms\n' "coord_combine_agg of csat_pct and nps (text in, combine)" "$(tr ' ' '\n' <<<"${ct[COORD_CSAT]}" | grep . | median)"
printf '  %-58s %8.3f ms\n' "sum() of the hand formula's five counts" "$(tr ' ' '\n' <<<"${ct[COORD_HAND]}" | grep . | median)"
