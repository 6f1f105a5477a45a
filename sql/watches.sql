-- Segment watches (csat_watch_create/run/drop), fair rankings (csat_prior,
-- csat_shrunk) and weekly trends with csat_ztest over lag().

-- the objects, their privileges, and that watches are dumped with the data
SELECT p.oid::regprocedure AS function, p.prosecdef AS security_definer,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute
FROM pg_proc p WHERE p.proname LIKE 'csat_watch%' ORDER BY 1;
SELECT c.relname, e.extcondition[d.n] AS condition
FROM pg_extension e, unnest(e.extconfig) WITH ORDINALITY AS d(cfg, n)
JOIN pg_class c ON c.oid = d.cfg WHERE e.extname = 'csat' AND c.relname LIKE 'csat_watch%' ORDER BY 1;

CREATE SCHEMA watches;
SET search_path = watches, public;
-- 3 categories over the last 60 days; hardware is unhappy in the last 30
CREATE TABLE tickets (id int PRIMARY KEY, category text, region text, agent text,
                      closed_at timestamptz, csat satisfaction_rating(5), score int);
INSERT INTO tickets
SELECT i, (ARRAY['hardware', 'software', 'network'])[1 + i % 3],
       (ARRAY['eu', 'us'])[1 + det(i, 1, 2)], 'agent' || det(i, 2, 5),
       now() - (i % 60 + 0.5) * interval '1 day',
       rating(CASE WHEN i % 3 = 0 AND i % 60 < 30 THEN 1 + det(i, 3, 5)
                   ELSE 4 + det(i, 3, 2) END, 1, 5), 5
FROM generate_series(1, 1800) i;

-- bad input: a SQLSTATE and a message naming the value
SELECT try($$SELECT csat_watch_create('w', 'tickets', 'csat', 'closed_at', '{category}', 'mean', 80)$$);
SELECT try($$SELECT csat_watch_create('w', 'tickets', 'score', 'closed_at', '{category}', 'csat_pct', 80)$$);
SELECT try($$SELECT csat_watch_create('w', 'tickets', 'csat', 'category', '{category}', 'csat_pct', 80)$$);
SELECT try($$SELECT csat_watch_create('w', 'tickets', 'csat', 'closed_at', '{colour}', 'csat_pct', 80)$$);
SELECT try($$SELECT csat_watch_create('w', 'tickets', 'csat', 'closed_at', '{category}', 'csat_pct', 80, '0 days')$$);
SELECT try($$SELECT csat_watch_create('w', 'tickets', 'csat', 'closed_at', '{category}', 'csat_pct', 80, '-1 day')$$);
SELECT try($$SELECT csat_watch_create('w', 'tickets', 'csat', 'closed_at', '{category}', 'csat_pct', 80, '30 days', 0)$$);
SELECT try($$SELECT csat_watch_create('w', 'tickets', 'csat', 'closed_at', '{category}', 'csat_pct', 180)$$);
SELECT try($$SELECT csat_watch_create('w', 'tickets', 'csat', 'closed_at', '{category}', 'csat_pct', NULL)$$);
SELECT try($$SELECT csat_watch_create('w', 'nosuchtable', 'csat', 'closed_at', '{category}', 'csat_pct', 80)$$);
SELECT try($$SELECT csat_watch_run('nosuchwatch')::text$$);
SELECT try($$SELECT csat_watch_drop('nosuchwatch')::text$$);

-- category CSAT below 80% over 30 days; detractors above 20% per region
SELECT csat_watch_create('category_csat', 'tickets', 'csat', 'closed_at', '{category}', 'csat_pct', 80);
SELECT try($$SELECT csat_watch_create('category_csat', 'tickets', 'csat', 'closed_at', '{agent}', 'nps', 0)$$);
SELECT csat_watch_create('bottom_box', 'tickets', 'csat', 'closed_at', '{category,region}',
                         'bottom_box_pct', 10, '14 days', 50) > 0 AS created;
SELECT name, source, rating_column, time_column, segment_columns, metric, threshold, period, min_answers
FROM csat_watch ORDER BY name;

-- the same numbers by hand
SELECT category, csat_pct(rating_summary(csat)), count(*) FROM tickets
WHERE closed_at >= now() - interval '30 days' GROUP BY 1 ORDER BY 1;
SELECT category, region, bottom_box_pct(rating_summary(csat)), count(*) FROM tickets
WHERE closed_at >= now() - interval '14 days' GROUP BY 1, 2 ORDER BY 1, 2;

-- first run: hardware enters breach in both watches; a second run queues nothing
SELECT count(*) AS alerts_before FROM csat_alert WHERE payload->>'kind' = 'watch';
SELECT * FROM csat_watch_run() ORDER BY 1, 2::text;
SELECT * FROM csat_watch_run();
SELECT w.name, s.segment, round(s.value, 2) AS value, s.answers
FROM csat_watch_state s JOIN csat_watch w USING (watch_id) ORDER BY 1, 2::text;
SELECT relation, column_name, key, rating, payload - 'alert_id' - 'text' AS payload,
       payload->>'text' = key AS text_is_key, (payload->>'alert_id')::bigint = alert_id AS has_id
FROM csat_alert WHERE payload->>'kind' = 'watch' ORDER BY alert_id;

-- hardware's answers improve: recovered, once; only the named watch runs
UPDATE tickets SET csat = '5/5' WHERE category = 'hardware' AND closed_at >= now() - interval '30 days';
SELECT * FROM csat_watch_run('category_csat');
SELECT * FROM csat_watch_run('category_csat');
SELECT key FROM csat_alert WHERE payload->>'kind' = 'watch' ORDER BY alert_id DESC LIMIT 1;
-- under min_answers a segment is never in breach; one that falls under it recovers
DELETE FROM tickets WHERE category = 'hardware' AND region = 'us' AND closed_at >= now() - interval '14 days';
SELECT * FROM csat_watch_run('bottom_box');
SELECT key FROM csat_alert WHERE payload->>'kind' = 'watch' ORDER BY alert_id DESC LIMIT 1;
-- a segment in breach that has no answers left recovers too
UPDATE tickets SET csat = '1/5' WHERE category = 'network';
SELECT state, segment, value, answers FROM csat_watch_run('category_csat');
DELETE FROM tickets WHERE category = 'network';
SELECT state, segment, value, answers FROM csat_watch_run('category_csat');
SELECT count(*) AS watch_alerts FROM csat_alert WHERE payload->>'kind' = 'watch';

-- a watch over a dropped table fails its run with a clear message; the others run
CREATE TABLE doomed (at date, r satisfaction_rating, team text);
INSERT INTO doomed SELECT current_date - 1, '1/5', 'x' FROM generate_series(1, 40);
SELECT csat_watch_create('doomed', 'doomed', 'r', 'at', '{team}', 'csat_pct', 50, '7 days', 10) > 0 AS created;
DROP TABLE doomed;
UPDATE tickets SET csat = '1/5' WHERE category = 'software';
SELECT watch, segment, state FROM csat_watch_run() ORDER BY 1, 2::text;
SELECT name, last_error, last_run_at IS NOT NULL AS ran FROM csat_watch ORDER BY name;
SELECT csat_watch_drop('doomed');
SELECT name FROM csat_watch ORDER BY name;

-- one pass per watch, through the index on the time column
CREATE TABLE history (closed_at timestamptz, category text, csat satisfaction_rating(5));
INSERT INTO history SELECT now() - i * interval '10 minutes', 'c' || det(i, 4, 100), rating(1 + det(i, 5, 5), 1, 5)
FROM generate_series(1, 50000) i;
CREATE INDEX history_closed_at ON history (closed_at);
ANALYZE history;
SELECT csat_watch_create('history', 'history', 'csat', 'closed_at', '{category}', 'csat_pct', 30, '1 day', 10) > 0 AS created;
SELECT csat_watch_sql('history');
CREATE FUNCTION plan_of(q text, p interval) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE line text;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q USING p LOOP
		RETURN NEXT regexp_replace(line, ' +Index Cond.*| +Filter.*', '');
	END LOOP;
END $$;
SELECT line FROM plan_of(csat_watch_sql('history'), '1 day') AS line WHERE line ~ 'Scan';
SELECT count(*), count(*) FILTER (WHERE state = 'breach') FROM csat_watch_run('history');
SELECT csat_watch_drop('history');
SELECT csat_watch_drop('bottom_box'), csat_watch_drop('category_csat');
SELECT count(*) AS states_left FROM csat_watch_state;

-- fair rankings: a prior fitted over agents, the posterior mean
CREATE TABLE agent_counts (agent text, satisfied int, answered int);
INSERT INTO agent_counts VALUES ('lucky', 2, 2), ('steady', 170, 200), ('new', 1, 3),
  ('good', 88, 100), ('poor', 60, 80), ('mid', 120, 150);
CREATE TABLE scores AS
SELECT agent, CASE WHEN i <= satisfied THEN '5/5' ELSE '2/5' END::satisfaction_rating AS csat
FROM agent_counts, generate_series(1, answered) i;
SELECT csat_prior(s) FROM (SELECT rating_summary(csat) s FROM scores GROUP BY agent) x;
-- the method of moments by hand (see ranking.c): rho, then alpha + beta = 1/rho - 1
WITH t AS (SELECT count(*) k, sum(answered)::float8 n, sum(satisfied)::float8 x,
                  sum(satisfied::float8 ^ 2 / answered) q, sum(answered::float8 ^ 2) m FROM agent_counts),
     r AS (SELECT x / n mu, ((q - x * x / n) / (x / n * (1 - x / n)) - (k - 1)) / (n - m / n - (k - 1)) rho FROM t)
SELECT round((mu * (1 / rho - 1))::numeric, 6) alpha, round(((1 - mu) * (1 / rho - 1))::numeric, 6) beta FROM r;
WITH s AS (SELECT agent, rating_summary(csat) s FROM scores GROUP BY agent),
     p AS (SELECT csat_prior(s) AS prior FROM s)
SELECT agent, answered(s), round(csat_pct(s), 1) AS raw, round(csat_shrunk(s, prior), 1) AS shrunk,
       round(csat_ci_lower(s), 1) AS wilson_lower,
       rank() OVER (ORDER BY csat_pct(s) DESC) AS raw_rank,
       rank() OVER (ORDER BY csat_shrunk(s, prior) DESC) AS shrunk_rank
FROM s, p ORDER BY shrunk_rank;
-- no more spread than chance (two agents with 8 of 10 each): the prior
-- weighs as much as all the answers, alpha + beta = 20
SELECT csat_prior(s) FROM (SELECT g, rating_summary(CASE WHEN i <= 8 THEN '5/5' ELSE '1/5' END::satisfaction_rating) s
  FROM generate_series(1, 2) g, generate_series(1, 10) i GROUP BY g) x;
-- every answer satisfied: {N, 0}; one segment or none: NULL
SELECT csat_prior(s) FROM (SELECT g, rating_summary('5/5'::satisfaction_rating) s
  FROM generate_series(1, 3) g, generate_series(1, g) i GROUP BY g) x;
SELECT csat_prior(s) FROM (SELECT rating_summary(csat) s FROM scores WHERE agent IN ('lucky') GROUP BY agent) x;
SELECT csat_prior(s) FROM (SELECT rating_summary(csat) s FROM scores WHERE false GROUP BY agent) x;
-- the prior's argument checked
SELECT try($$SELECT csat_shrunk(rating_summary('5/5'::satisfaction_rating), '{1}')::text$$);
SELECT try($$SELECT csat_shrunk(rating_summary('5/5'::satisfaction_rating), '{1,-2}')::text$$);
SELECT try($$SELECT csat_shrunk(rating_summary('5/5'::satisfaction_rating), '{1,NULL}')::text$$);
SELECT try($$SELECT csat_shrunk(rating_summary('5/5'::satisfaction_rating), '{1,Infinity}')::text$$);
SELECT csat_shrunk(rating_summary('5/5'::satisfaction_rating), '{0,0}'),
       csat_shrunk(rating_summary(NULL::satisfaction_rating), '{1,1}');
-- in parallel, the partial states combine to the same prior
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
CREATE TABLE agent_summaries AS SELECT agent || g AS agent, rating_summary(csat) s FROM scores, generate_series(1, 300) g GROUP BY 1;
ANALYZE agent_summaries;
EXPLAIN (COSTS OFF) SELECT csat_prior(s) FROM agent_summaries;
SELECT round(p[1]::numeric, 9) AS alpha, round(p[2]::numeric, 9) AS beta FROM (SELECT csat_prior(s) p FROM agent_summaries) x;
SET max_parallel_workers_per_gather = 0;
SELECT round(p[1]::numeric, 9) AS alpha, round(p[2]::numeric, 9) AS beta FROM (SELECT csat_prior(s) p FROM agent_summaries) x;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- trends: each week's CSAT and the p-value against the week before
CREATE TABLE weekly_answers AS
SELECT date '2026-01-05' + i % 28 AS closed_on,
       rating(CASE WHEN det(i, 6, 100) < (ARRAY[85, 83, 70, 72])[1 + (i % 28) / 7] THEN 5 ELSE 2 END, 1, 5) AS csat
FROM generate_series(1, 2800) i;
SELECT week::date, answered(s), round(csat_pct(s), 1) AS csat,
       round(csat_ztest(s, lag(s) OVER w), 4) AS p_vs_previous
FROM (SELECT date_trunc('week', closed_on) AS week, rating_summary(csat) AS s
      FROM weekly_answers GROUP BY 1) weekly
WINDOW w AS (ORDER BY week)
ORDER BY week;

RESET search_path;
DROP SCHEMA watches CASCADE;
