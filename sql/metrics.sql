-- The 0.3.0 metrics (promoters_pct, passives_pct, detractors_pct,
-- top_box_pct, bottom_box_pct, ces_easy_pct), checked against hand-written
-- FILTER formulas: grouped, as window functions (ROWS, RANGE, GROUPS), in
-- parallel plans and with partitionwise aggregation; accessors against the
-- aggregates; the errors.

-- data: deterministic arithmetic only (no random())
CREATE TABLE mt AS
SELECT i, i % 7 AS grp, date '2026-01-01' + (i * 37 % 90) AS day,
       CASE WHEN i % 10 = 3 THEN NULL ELSE rating((i * 7919 + 13) % 11, 0, 10) END AS n,
       rating(1 + (i * 7919 + i / 7) % 5, 1, 5) AS r5,
       CASE WHEN i % 17 = 0 THEN NULL ELSE rating(1 + (i * 104729 + 5) % 7, 1, 7) END AS r7,
       CASE WHEN i % 3 = 0 THEN rating(1 + i % 7, 1, 7) ELSE rating(1 + i % 5, 1, 5) END AS m
FROM generate_series(1, 12000) i;
-- a group of unanswered surveys only
INSERT INTO mt SELECT i, 99, date '2026-01-01', NULL, NULL, NULL, NULL FROM generate_series(12001, 12010) i;
ANALYZE mt;

-- Each metric next to its hand-written formula; %1$s is '' (grouped) or
-- 'OVER w' (windowed).
CREATE TABLE formulas (ord int, got text, want text);
INSERT INTO formulas VALUES
 (1, 'promoters_pct(n) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(n) >= 9) %1$s / nullif(count(n) %1$s, 0)'),
 (2, 'passives_pct(n) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(n) IN (7, 8)) %1$s / nullif(count(n) %1$s, 0)'),
 (3, 'detractors_pct(n) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(n) <= 6) %1$s / nullif(count(n) %1$s, 0)'),
 (4, 'nps(n) %1$s',
     '100.0 * (count(*) FILTER (WHERE rating_value(n) >= 9) %1$s - count(*) FILTER (WHERE rating_value(n) <= 6) %1$s) / nullif(count(n) %1$s, 0)'),
 (5, 'top_box_pct(r5) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(r5) = 5) %1$s / nullif(count(r5) %1$s, 0)'),
 (6, 'top_box_pct(r5, 2) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(r5) >= 4) %1$s / nullif(count(r5) %1$s, 0)'),
 (7, 'top_box_pct(r7, 3) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(r7) >= 5) %1$s / nullif(count(r7) %1$s, 0)'),
 (8, 'top_box_pct(n, 10) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(n) >= 1) %1$s / nullif(count(n) %1$s, 0)'),
 (9, 'bottom_box_pct(r5) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(r5) = 1) %1$s / nullif(count(r5) %1$s, 0)'),
 (10, 'bottom_box_pct(r5, 2) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(r5) <= 2) %1$s / nullif(count(r5) %1$s, 0)'),
 (11, 'bottom_box_pct(r7, 3) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(r7) <= 3) %1$s / nullif(count(r7) %1$s, 0)'),
 (12, 'bottom_box_pct(n, 7) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(n) <= 6) %1$s / nullif(count(n) %1$s, 0)'),
 (13, 'ces_easy_pct(r5) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(r5) >= 4) %1$s / nullif(count(r5) %1$s, 0)'),
 (14, 'ces_easy_pct(r7) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(r7) >= 5) %1$s / nullif(count(r7) %1$s, 0)'),
 (15, 'csat_pct(r5) %1$s',
     '100.0 * count(*) FILTER (WHERE rating_value(r5) >= 4) %1$s / nullif(count(r5) %1$s, 0)'),
 (16, 'ces_avg(r7) %1$s',
     'avg(rating_value(r7)) %1$s');

-- rows compared, rows with a value, and rows where the metric differs from
-- its formula (NULL included), per metric
CREATE FUNCTION oracle(over text, tail text)
RETURNS TABLE (metric text, compared bigint, with_value bigint, mismatches bigint)
LANGUAGE plpgsql AS $$
DECLARE
	f record;
BEGIN
	FOR f IN SELECT * FROM formulas ORDER BY ord LOOP
		metric := format(f.got, '');
		EXECUTE format('SELECT count(*), count(got), count(*) FILTER (WHERE got IS DISTINCT FROM want)
		                FROM (SELECT %s AS got, %s AS want %s) q',
		               format(f.got, over), format(f.want, over), tail)
		INTO compared, with_value, mismatches;
		RETURN NEXT;
	END LOOP;
END $$;

-- does the plan of a query contain a node matching pattern?
CREATE FUNCTION plan_has(query text, pattern text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
	line text;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
		IF line ~ pattern THEN
			RETURN true;
		END IF;
	END LOOP;
	RETURN false;
END $$;

-- grouped (the group 99 has no answers: NULL on both sides)
SELECT * FROM oracle('', 'FROM mt GROUP BY grp');
-- one group over the whole table
SELECT * FROM oracle('', 'FROM mt');

-- windows whose frame start moves: the inverse transition
SELECT * FROM oracle('OVER w',
  'FROM mt WINDOW w AS (ORDER BY i ROWS BETWEEN 99 PRECEDING AND CURRENT ROW)');
SELECT * FROM oracle('OVER w',
  $$FROM mt WINDOW w AS (PARTITION BY grp ORDER BY day RANGE BETWEEN interval '6 days' PRECEDING AND CURRENT ROW)$$);
SELECT * FROM oracle('OVER w',
  'FROM mt WINDOW w AS (ORDER BY day GROUPS BETWEEN 3 PRECEDING AND 1 FOLLOWING)');
-- EXCLUDE: PostgreSQL recomputes every frame (no inverse transition)
SELECT * FROM oracle('OVER w',
  'FROM mt WHERE i <= 3000 WINDOW w AS (ORDER BY i ROWS BETWEEN 5 PRECEDING AND 5 FOLLOWING EXCLUDE CURRENT ROW)');
-- a frame that passes through the unanswered rows (windows of NULLs)
SELECT * FROM oracle('OVER w',
  'FROM mt WHERE i > 11990 WINDOW w AS (ORDER BY i ROWS BETWEEN 4 PRECEDING AND CURRENT ROW)');

-- the NPS breakdown: promoters_pct - detractors_pct = nps, and the three
-- parts sum to 100, to 10 decimal places and better
SELECT max(abs(p - d - s)) < 1e-10 AS nps_identity_grouped,
       max(abs(p + pa + d - 100)) < 1e-10 AS parts_sum_to_100, count(s) AS groups
FROM (SELECT promoters_pct(n) AS p, passives_pct(n) AS pa, detractors_pct(n) AS d, nps(n) AS s
      FROM mt GROUP BY grp) x;
SELECT max(abs(p - d - s)) < 1e-10 AS nps_identity_windowed, count(s) AS frames
FROM (SELECT promoters_pct(n) OVER w AS p, detractors_pct(n) OVER w AS d, nps(n) OVER w AS s
      FROM mt WINDOW w AS (ORDER BY i ROWS BETWEEN 29 PRECEDING AND CURRENT ROW)) x;
-- an NPS whose parts do not divide evenly: 1 promoter, 1 passive, 1 detractor
SELECT promoters_pct(s), passives_pct(s), detractors_pct(s), nps(s),
       promoters_pct(s) - detractors_pct(s) = nps(s) AS exact
FROM (SELECT '{v1 scale 0-10 counts 0,0,0,0,0,1,0,1,0,1,0 unanswered 0}'::rating_summary AS s) x;

-- accessors equal the aggregates, per group and over two-step rollups
SELECT count(*) AS groups, count(*) FILTER (WHERE same) AS accessors_equal
FROM (SELECT grp,
         promoters_pct(n) IS NOT DISTINCT FROM promoters_pct(rating_summary(n)) AND
         passives_pct(n) IS NOT DISTINCT FROM passives_pct(rating_summary(n)) AND
         detractors_pct(n) IS NOT DISTINCT FROM detractors_pct(rating_summary(n)) AND
         top_box_pct(r5) IS NOT DISTINCT FROM top_box_pct(rating_summary(r5)) AND
         top_box_pct(r7, 3) IS NOT DISTINCT FROM top_box_pct(rating_summary(r7), 3) AND
         bottom_box_pct(r5) IS NOT DISTINCT FROM bottom_box_pct(rating_summary(r5)) AND
         bottom_box_pct(n, 7) IS NOT DISTINCT FROM bottom_box_pct(rating_summary(n), 7) AND
         ces_easy_pct(r5) IS NOT DISTINCT FROM ces_easy_pct(rating_summary(r5)) AND
         ces_easy_pct(r7) IS NOT DISTINCT FROM ces_easy_pct(rating_summary(r7)) AS same
      FROM mt GROUP BY grp) x;
CREATE TABLE mt_daily AS
SELECT grp, day, rating_summary(n) AS n, rating_summary(r5) AS r5, rating_summary(r7) AS r7
FROM mt GROUP BY grp, day;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE a.p IS NOT DISTINCT FROM b.p AND a.t IS NOT DISTINCT FROM b.t
                        AND a.b IS NOT DISTINCT FROM b.b AND a.e IS NOT DISTINCT FROM b.e) AS rollups_equal
FROM (SELECT grp, promoters_pct(n) AS p, top_box_pct(r7, 2) AS t, bottom_box_pct(r5, 3) AS b,
             ces_easy_pct(r7) AS e FROM mt GROUP BY grp) a
JOIN (SELECT grp, promoters_pct(rating_summary(n)) AS p, top_box_pct(rating_summary(r7), 2) AS t,
             bottom_box_pct(rating_summary(r5), 3) AS b, ces_easy_pct(rating_summary(r7)) AS e
      FROM mt_daily GROUP BY grp) b USING (grp);
-- accessor examples, and the empty and unanswered summaries
SELECT top_box_pct(s), top_box_pct(s, 2), bottom_box_pct(s), bottom_box_pct(s, 4), ces_easy_pct(s)
FROM (SELECT '{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}'::rating_summary AS s) x;
SELECT top_box_pct(s), top_box_pct(s, 99), bottom_box_pct(s, 0), promoters_pct(s), ces_easy_pct(s)
FROM (SELECT '{v1 unanswered 4}'::rating_summary AS s) x;
SELECT top_box_pct(r5), top_box_pct(r5, 2), bottom_box_pct(r5, 2), promoters_pct(n), ces_easy_pct(r7)
FROM mt WHERE grp = 99;
SELECT top_box_pct(r5), top_box_pct(r5, 2), bottom_box_pct(r5, 2), promoters_pct(n), ces_easy_pct(r7)
FROM mt WHERE false;
SELECT top_box_pct(NULL::rating_summary), top_box_pct('{v1 scale 1-5 counts 1,0,0,0,1 unanswered 0}'::rating_summary, NULL);

-- one transition state: the one-argument aggregates are declared with the
-- same transition, combine and moving functions, state type and initial
-- condition as csat_pct(r), nps(r), ces_avg(r) and rating_summary(r), and
-- a read-only final function (so the planner shares their state), and all
-- are parallel safe
SELECT p.oid::regprocedure AS aggregate, a.aggtransfn, a.aggcombinefn, a.aggmtransfn, a.aggminvtransfn,
       a.agginitval IS NULL AS no_initval, a.aggfinalmodify, p.proparallel
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
WHERE p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'csat')
  AND p.proname <> ALL (ARRAY['min', 'max'])
ORDER BY a.aggtransfn::text, p.proname, p.pronargs;

-- parallel plans: partial states merged by the combine functions give the
-- serial results
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial AS
SELECT grp, promoters_pct(n) AS p, passives_pct(n) AS pa, detractors_pct(n) AS d,
       top_box_pct(r5) AS t1, top_box_pct(r7, 3) AS t3, bottom_box_pct(r5) AS b1,
       bottom_box_pct(r7, 3) AS b3, bottom_box_pct(n, 7) AS b7, ces_easy_pct(r5) AS e5,
       ces_easy_pct(r7) AS e7
FROM mt GROUP BY grp;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
\set q 'SELECT grp, promoters_pct(n) AS p, passives_pct(n) AS pa, detractors_pct(n) AS d, top_box_pct(r5) AS t1, top_box_pct(r7, 3) AS t3, bottom_box_pct(r5) AS b1, bottom_box_pct(r7, 3) AS b3, bottom_box_pct(n, 7) AS b7, ces_easy_pct(r5) AS e5, ces_easy_pct(r7) AS e7 FROM mt GROUP BY grp'
SELECT plan_has(:'q', 'Gather') AS gather, plan_has(:'q', 'Partial .*Aggregate') AS partial;
SELECT count(*) AS differing_rows
FROM ((:q EXCEPT SELECT * FROM serial) UNION ALL (SELECT * FROM serial EXCEPT :q)) x;
\set q1 'SELECT promoters_pct(n), top_box_pct(r7, 3), bottom_box_pct(r7, 3), ces_easy_pct(r5) FROM mt'
SELECT plan_has(:'q1', 'Gather') AS gather, plan_has(:'q1', 'Partial .*Aggregate') AS partial;
:q1;
-- a mixed group fails as in a serial plan, wherever the scales meet
\set VERBOSITY terse
SELECT top_box_pct(m, 2) FROM mt;
\set VERBOSITY default
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;

-- partitionwise aggregation: each partition aggregates partially (the group
-- key is not the partition key), the combine functions merge
CREATE TABLE mt_h (i int, grp int, n satisfaction_rating(0,10), r5 satisfaction_rating(1,5),
                   r7 satisfaction_rating(1,7)) PARTITION BY HASH (i);
CREATE TABLE mt_h0 PARTITION OF mt_h FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE mt_h1 PARTITION OF mt_h FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE mt_h2 PARTITION OF mt_h FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO mt_h SELECT i, grp, n, r5, r7 FROM mt;
ANALYZE mt_h;
SET enable_partitionwise_aggregate = on;
SET max_parallel_workers_per_gather = 0;
\set q 'SELECT grp, promoters_pct(n) AS p, passives_pct(n) AS pa, detractors_pct(n) AS d, top_box_pct(r5) AS t1, top_box_pct(r7, 3) AS t3, bottom_box_pct(r5) AS b1, bottom_box_pct(r7, 3) AS b3, bottom_box_pct(n, 7) AS b7, ces_easy_pct(r5) AS e5, ces_easy_pct(r7) AS e7 FROM mt_h GROUP BY grp'
SELECT plan_has(:'q', 'Partial .*Aggregate') AS partial, plan_has(:'q', 'Finalize') AS finalize;
SELECT count(*) AS differing_rows
FROM ((:q EXCEPT SELECT * FROM serial) UNION ALL (SELECT * FROM serial EXCEPT :q)) x;
RESET enable_partitionwise_aggregate;
RESET max_parallel_workers_per_gather;

-- the combine function of the boxes aggregates, called directly
SELECT rating_summary_combine_boxes('{v1 scale 1-5 counts 1,0,0,1,1 unanswered 1 satisfied_from 4}',
                                    '{v1 scale 1-5 counts 0,2,0,0,1 unanswered 0 satisfied_from 4}');
SELECT try($$SELECT rating_summary_combine_boxes('{v1 scale 1-5 counts 1,0,0,1,1 unanswered 0 satisfied_from 4}',
                                                 '{v1 scale 1-7 counts 0,2,0,0,1,0,0 unanswered 0 satisfied_from 6}')$$);
SELECT try($$SELECT rating_summary_combine_boxes('{v1 scale 1-5 counts 1,0,0,1,1 unanswered 0 satisfied_from 4}',
                                                 '{v1 scale 1-5 counts 0,2,0,0,1 unanswered 0 satisfied_from 5}')$$);

-- errors: wrong scales
SELECT try('SELECT promoters_pct(r5) FROM mt');
SELECT try('SELECT passives_pct(r7) FROM mt');
SELECT try('SELECT detractors_pct(r5) OVER (ORDER BY i ROWS 2 PRECEDING) FROM mt LIMIT 1');
SELECT try($$SELECT passives_pct('{v1 scale 1-10 counts 1,0,0,0,0,0,0,0,0,1 unanswered 0}'::rating_summary)$$);
SELECT try('SELECT ces_easy_pct(n) FROM mt');
SELECT try($$SELECT ces_easy_pct('{v1 scale 1-4 counts 1,0,0,1 unanswered 0}'::rating_summary)$$);
SELECT try('SELECT ces_easy_pct(r) FROM (VALUES (rating(2, 1, 3))) v(r)');
-- errors: boxes out of range, NULL, not constant
SELECT try('SELECT top_box_pct(r5, 0) FROM mt');
SELECT try('SELECT top_box_pct(r5, 5) FROM mt');
SELECT try('SELECT bottom_box_pct(n, 11) FROM mt');
SELECT try('SELECT bottom_box_pct(r7, -1) FROM mt');
SELECT try('SELECT top_box_pct(r5, NULL) FROM mt');
SELECT try('SELECT top_box_pct(r5, 1 + i % 2) FROM mt');
SELECT try('SELECT top_box_pct(r5, 5) OVER (ORDER BY i ROWS 2 PRECEDING) FROM mt LIMIT 1');
SELECT try('SELECT bottom_box_pct(r5, 1 + i % 2) OVER (ORDER BY i ROWS 2 PRECEDING) FROM mt LIMIT 5');
SELECT try($$SELECT top_box_pct('{v1 scale 1-5 counts 1,0,0,0,1 unanswered 0}'::rating_summary, 5)$$);
SELECT try($$SELECT bottom_box_pct('{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,1 unanswered 0}'::rating_summary, 0)$$);
-- errors: mixed scales, in every path
SELECT try('SELECT top_box_pct(m) FROM mt');
SELECT try('SELECT bottom_box_pct(m, 2) FROM mt');
SELECT try('SELECT ces_easy_pct(m) FROM mt');
SELECT try('SELECT top_box_pct(m) OVER (ORDER BY i ROWS 2 PRECEDING) FROM mt LIMIT 5');
SELECT try('SELECT top_box_pct(m, 2) OVER (ORDER BY i ROWS 2 PRECEDING) FROM mt LIMIT 5');
SELECT try('SELECT top_box_pct(rating_summary(m)) FROM mt');
SELECT try('SELECT bottom_box_pct(rating_summary(m), 2) FROM mt');
-- support functions outside an aggregate
SELECT try($$SELECT rating_boxes_top_box_pct('{v1 scale 1-5 counts 1,0,0,0,1 unanswered 0 satisfied_from 4}')$$);
-- every SQL function names its own C entry point: a declaration naming
-- one that does not exist fails when it is created, not when it is called
-- (the message names the library's path: only the SQLSTATE is shown)
SELECT split_part(try($$CREATE FUNCTION not_a_metric(rating_summary) RETURNS numeric
AS '$libdir/csat', 'rating_summary_not_a_metric' LANGUAGE C STRICT$$), ':', 1);
SELECT count(*) FROM pg_proc WHERE proname = 'not_a_metric';
-- the generic entry points of 0.3.0 exist only for csat--0.2.0--0.3.0.sql
-- and tell a database still on 0.3.0 to update
CREATE FUNCTION promoters_pct_030(rating_summary) RETURNS numeric
AS '$libdir/csat', 'csat_metric_accessor' LANGUAGE C STRICT;
SELECT try($$SELECT promoters_pct_030('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}')$$);
DROP FUNCTION promoters_pct_030(rating_summary);

-- untyped summary literals: csat_pct('{v1 ...}') could be the aggregate
-- over a rating or the accessor over a summary; the cast chooses
SELECT try($$SELECT top_box_pct('{v1 scale 1-5 counts 1,0,0,0,1 unanswered 0}')$$);
SELECT top_box_pct('{v1 scale 1-5 counts 1,0,0,0,1 unanswered 0}'::rating_summary);
