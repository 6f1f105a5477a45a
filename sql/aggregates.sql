-- csat_pct(), nps(), ces_avg(): equal to the plain-SQL formulas

-- the catalog: one transition function, state type and initial condition
-- for every one-argument aggregate, so PostgreSQL shares one state between
-- them in a query; a combine function; a moving (inverse) implementation;
-- parallel safe
SELECT a.aggfnoid::regprocedure AS aggregate, a.aggtransfn, a.aggtranstype::regtype,
       a.agginitval IS NULL AS null_init, a.aggcombinefn, a.aggminvtransfn <> 0 AS has_inverse,
       a.aggfinalmodify, p.proparallel
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
WHERE p.proname IN ('csat_pct', 'nps', 'ces_avg', 'rating_summary')
ORDER BY a.aggfnoid::regprocedure::text;

-- survey answers: 1-5 CSAT, 0-10 NPS, 1-7 CES, and a column that mixes
-- five scales; about 10% unanswered; the raw integers beside them
CREATE TABLE answers AS
SELECT i,
       1 + det(i, 1, 7) AS agent,
       (ARRAY['email','chat','phone'])[1 + det(i, 2, 3)] AS channel,
       det(i, 3, 5) = 0 AS policy_denial,
       CASE WHEN det(i, 4, 10) = 0 THEN NULL ELSE 1 + det(i, 5, 5) END AS v5,
       CASE WHEN det(i, 6, 10) = 0 THEN NULL ELSE det(i, 7, 11) END AS v10,
       CASE WHEN det(i, 8, 10) = 0 THEN NULL ELSE 1 + det(i, 9, 7) END AS v7,
       (ARRAY[2, 3, 5, 7, 10])[1 + det(i, 10, 5)] AS mixed_hi
FROM generate_series(1, 5000) i;
ALTER TABLE answers
  ADD COLUMN r5 satisfaction_rating(1,5), ADD COLUMN n satisfaction_rating(0,10),
  ADD COLUMN c7 satisfaction_rating(1,7), ADD COLUMN m satisfaction_rating,
  ADD COLUMN mv int;
UPDATE answers SET r5 = v5, n = v10, c7 = v7,
  mv = CASE WHEN det(i, 11, 10) = 0 THEN NULL ELSE 1 + det(i, 12, mixed_hi) END;
UPDATE answers SET m = rating(mv, 1, mixed_hi);
SELECT count(*) AS rows, count(r5) AS csat_answers, count(n) AS nps_answers,
       count(c7) AS ces_answers, count(m) AS mixed_answers,
       count(DISTINCT scale_hi(m)) AS mixed_scales
FROM answers;

-- whole table
SELECT csat_pct(r5) = 100.0 * count(*) FILTER (WHERE v5 >= 4) / count(v5) AS csat_ok,
       csat_pct(r5, 3) = 100.0 * count(*) FILTER (WHERE v5 >= 3) / count(v5) AS csat_from_ok,
       nps(n) = 100.0 * (count(*) FILTER (WHERE v10 >= 9) - count(*) FILTER (WHERE v10 <= 6)) / count(v10) AS nps_ok,
       ces_avg(c7) = avg(v7) AS ces_ok,
       csat_pct(m) = 100.0 * count(*) FILTER (WHERE mv >= CASE WHEN mixed_hi >= 4 THEN mixed_hi - 1 ELSE mixed_hi END)
                     / count(mv) AS mixed_csat_ok
FROM answers;
SELECT round(csat_pct(r5), 4) AS csat, round(nps(n), 4) AS nps, round(ces_avg(c7), 4) AS ces,
       round(csat_pct(m), 4) AS mixed_csat
FROM answers;

-- GROUP BY, with every group checked
SELECT count(*) AS groups,
       count(*) FILTER (WHERE csat_ok AND csat_from_ok AND nps_ok AND ces_ok AND mixed_ok) AS groups_ok
FROM (
  SELECT agent, channel,
         csat_pct(r5) = 100.0 * count(*) FILTER (WHERE v5 >= 4) / count(v5) AS csat_ok,
         csat_pct(r5, 5) = 100.0 * count(*) FILTER (WHERE v5 >= 5) / count(v5) AS csat_from_ok,
         nps(n) = 100.0 * (count(*) FILTER (WHERE v10 >= 9) - count(*) FILTER (WHERE v10 <= 6)) / count(v10) AS nps_ok,
         ces_avg(c7) = avg(v7) AS ces_ok,
         csat_pct(m) = 100.0 * count(*) FILTER (WHERE mv >= CASE WHEN mixed_hi >= 4 THEN mixed_hi - 1 ELSE mixed_hi END)
                       / count(mv) AS mixed_ok
  FROM answers GROUP BY agent, channel) g;

-- GROUPING SETS and ROLLUP
SELECT count(*) AS grouping_rows,
       count(*) FILTER (WHERE csat_ok AND nps_ok AND ces_ok) AS rows_ok
FROM (
  SELECT agent, channel, policy_denial,
         csat_pct(r5) = 100.0 * count(*) FILTER (WHERE v5 >= 4) / count(v5) AS csat_ok,
         nps(n) = 100.0 * (count(*) FILTER (WHERE v10 >= 9) - count(*) FILTER (WHERE v10 <= 6)) / count(v10) AS nps_ok,
         ces_avg(c7) = avg(v7) AS ces_ok
  FROM answers GROUP BY GROUPING SETS ((agent), (channel), (agent, policy_denial), ())) g;
SELECT count(*) AS rollup_rows,
       count(*) FILTER (WHERE csat_ok AND nps_ok) AS rows_ok
FROM (
  SELECT agent, channel,
         csat_pct(r5) = 100.0 * count(*) FILTER (WHERE v5 >= 4) / count(v5) AS csat_ok,
         nps(n) = 100.0 * (count(*) FILTER (WHERE v10 >= 9) - count(*) FILTER (WHERE v10 <= 6)) / count(v10) AS nps_ok
  FROM answers GROUP BY ROLLUP (agent, channel)) g;

-- FILTER (WHERE ...)
SELECT csat_pct(r5) FILTER (WHERE NOT policy_denial)
         = 100.0 * count(*) FILTER (WHERE v5 >= 4 AND NOT policy_denial)
           / count(v5) FILTER (WHERE NOT policy_denial) AS filter_ok,
       csat_pct(r5) FILTER (WHERE policy_denial) <> csat_pct(r5) AS filter_changes_result,
       ces_avg(c7) FILTER (WHERE channel = 'chat') = avg(v7) FILTER (WHERE channel = 'chat') AS ces_filter_ok
FROM answers;

-- hashed and sorted grouping agree
SET enable_hashagg = off;
CREATE TEMP TABLE by_agent_sorted AS
  SELECT agent, csat_pct(r5) AS c, nps(n) AS p, ces_avg(c7) AS e FROM answers GROUP BY agent;
RESET enable_hashagg;
SET enable_sort = off;
CREATE TEMP TABLE by_agent_hashed AS
  SELECT agent, csat_pct(r5) AS c, nps(n) AS p, ces_avg(c7) AS e FROM answers GROUP BY agent;
RESET enable_sort;
SELECT count(*) AS differing FROM (
  (SELECT * FROM by_agent_sorted EXCEPT SELECT * FROM by_agent_hashed)
  UNION ALL (SELECT * FROM by_agent_hashed EXCEPT SELECT * FROM by_agent_sorted)) d;

-- small fixed cases, read by hand
SELECT csat_pct(r) AS csat, nps(r) AS nps, ces_avg(r) AS ces
FROM (VALUES ('9/0-10'::satisfaction_rating), ('10/0-10'), ('7/0-10'), ('8/0-10'), ('6/0-10'), ('0/0-10')) v(r);
-- 2 promoters, 2 passives, 2 detractors: NPS 0; top-two-box on 0-10 is 9-10: 2 of 6
-- top-two-box: 4-5 on 1-5, 6-7 on 1-7, 9-10 on 1-10, top box only on 2- and 3-point scales
SELECT scale, csat_pct(r) AS csat
FROM (VALUES ('1-5', '4/5'::satisfaction_rating), ('1-5', '3/5'), ('1-5', '5/5'),
             ('1-7', '6/7'), ('1-7', '5/7'),
             ('1-10', '9/10'), ('1-10', '8/10'), ('1-10', '10/10'), ('1-10', '1/10'),
             ('1-3', '3/3'), ('1-3', '2/3'),
             ('1-2', '2/2'), ('1-2', '1/2'), ('1-2', '1/2'),
             ('0-1', '1/0-1')) v(scale, r)
GROUP BY scale ORDER BY scale;
-- a mixed group: 4/5 yes, 3/5 no, 3/3 yes, 2/3 no, 9/10 yes: 60%
SELECT csat_pct(r) AS mixed_csat
FROM (VALUES ('4/5'::satisfaction_rating), ('3/5'), ('3/3'), ('2/3'), ('9/10')) v(r);

-- empty input, all NULL, all promoters, all detractors
SELECT csat_pct(r), nps(r), ces_avg(r), csat_pct(r, 4)
FROM (SELECT '4/0-10'::satisfaction_rating AS r WHERE false) e;
SELECT csat_pct(r), nps(r), ces_avg(r), csat_pct(r, 4)
FROM (VALUES (NULL::satisfaction_rating), (NULL)) v(r);
SELECT nps(r) AS all_promoters FROM (VALUES ('9/0-10'::satisfaction_rating), ('10/0-10'), (NULL)) v(r);
SELECT nps(r) AS all_detractors FROM (VALUES ('0/0-10'::satisfaction_rating), ('6/0-10'), ('3/0-10')) v(r);
SELECT nps(r) AS all_passives FROM (VALUES ('7/0-10'::satisfaction_rating), ('8/0-10')) v(r);
SELECT csat_pct(r) AS none_satisfied, csat_pct(r, 1) AS all_from_1, ces_avg(r) AS ces
FROM (VALUES ('1/5'::satisfaction_rating), ('2/5'), ('3/5')) v(r);
-- NULL ratings are ignored: same answers with and without NULL rows
SELECT (SELECT csat_pct(r5) FROM answers) = (SELECT csat_pct(r5) FROM answers WHERE r5 IS NOT NULL) AS nulls_ignored;

-- errors
SELECT try($$SELECT nps(r)::text FROM (VALUES ('4/5'::satisfaction_rating)) v(r)$$) AS nps_off_scale;
SELECT try($$SELECT nps(r)::text FROM (VALUES ('9/1-10'::satisfaction_rating)) v(r)$$) AS nps_1_10;
SELECT try($$SELECT nps(r)::text FROM (VALUES ('9/0-10'::satisfaction_rating), ('4/5')) v(r)$$) AS nps_mixed;
SELECT try($$SELECT ces_avg(r)::text FROM (VALUES ('4/5'::satisfaction_rating), ('6/7')) v(r)$$) AS ces_mixed;
SELECT try($$SELECT csat_pct(r, 4)::text FROM (VALUES ('4/5'::satisfaction_rating), ('6/7')) v(r)$$) AS threshold_mixed;
SELECT try($$SELECT csat_pct(r, 6)::text FROM (VALUES ('4/5'::satisfaction_rating)) v(r)$$) AS threshold_off_scale;
SELECT try($$SELECT csat_pct(r, 0)::text FROM (VALUES ('4/5'::satisfaction_rating)) v(r)$$) AS threshold_below_scale;
SELECT try($$SELECT csat_pct(r, NULL)::text FROM (VALUES ('4/5'::satisfaction_rating)) v(r)$$) AS threshold_null;
SELECT try($$SELECT csat_pct(r, t)::text FROM (VALUES ('4/5'::satisfaction_rating, 4), ('5/5', 5)) v(r, t)$$) AS threshold_varies;
-- how psql shows one of them
SELECT ces_avg(c7), ces_avg(m) FROM answers;
-- a NULL threshold on a NULL rating is no error: the row is ignored
SELECT csat_pct(r, t) FROM (VALUES (NULL::satisfaction_rating, NULL::int), ('4/5', 4)) v(r, t);
