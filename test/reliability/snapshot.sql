-- Every value and result of the reliability fixture (fixture.sql), one
-- line each, deterministic: run before and after an upgrade, or on the
-- source and the restored database, and diff.  0.1.0 API only.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
\pset null '<null>'
SET client_min_messages = warning;
SET extra_float_digits = 3;
SET max_parallel_workers_per_gather = 0;

\echo == column types
SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relname IN ('responses', 'daily', 'lit', 'agent_metrics', 'agent_rollup', 'rolling', 'daily_mv')
	AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY 1, 2;

\echo == responses: text and binary of every value
SELECT id, day, agent, r5, r10, r7, r3, r05, rany,
	satisfaction_rating_send(r5), satisfaction_rating_send(r10),
	satisfaction_rating_send(r7), satisfaction_rating_send(r3),
	satisfaction_rating_send(r05), satisfaction_rating_send(rany),
	rating_value(rany), scale_lo(rany), scale_hi(rany), normalized(rany),
	rany::integer
FROM responses ORDER BY id;

\echo == daily: text and binary of every summary
SELECT day, agent, s5, s10, sany,
	rating_summary_send(s5), rating_summary_send(s10), rating_summary_send(sany)
FROM daily ORDER BY day, agent;

\echo == lit: every accessor
SELECT id, s, rating_summary_send(s), csat_pct(s), answered(s), unanswered(s),
	response_rate(s), csat_ci_lower(s), csat_ci_upper(s, 0.9)
FROM lit ORDER BY id;
SELECT id, csat_pct(s, 4), ces_avg(s) FROM lit WHERE id IN (3, 5, 8) ORDER BY id;
SELECT id, nps(s), nps_ci_lower(s), nps_ci_upper(s, 0.99) FROM lit WHERE id IN (4, 9) ORDER BY id;
SELECT l.id, d.* FROM lit l, distribution(l.s) d WHERE l.id <> 6 ORDER BY l.id, d.value;
SELECT a.id, b.id, csat_ztest(a.s, b.s) FROM lit a, lit b
WHERE a.id IN (3, 4, 5, 10) AND b.id IN (3, 4, 5, 10) ORDER BY 1, 2;
SELECT nps_ztest(a.s, b.s) FROM lit a, lit b WHERE a.id = 4 AND b.id = 9;

\echo == whole-table aggregates
SELECT csat_pct(r5), csat_pct(r5, 3), nps(r10), ces_avg(r5), ces_avg(r10),
	csat_pct(r7), csat_pct(r3), csat_pct(r05), csat_pct(rany)
FROM responses;
SELECT rating_summary(r5), rating_summary(r10), rating_summary(r7),
	rating_summary(r3), rating_summary(r05), rating_summary(rany)
FROM responses;
SELECT rating_summary(s5), rating_summary(s10), rating_summary(sany) FROM daily;
SELECT agent, scale_lo(rany), scale_hi(rany), csat_pct(rany), ces_avg(rany),
	rating_summary(rany)
FROM responses GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
SELECT day, csat_pct(r5) FILTER (WHERE agent <> 'agent3'), nps(r10)
FROM responses GROUP BY ROLLUP (day) ORDER BY day;

\echo == views
SELECT * FROM agent_metrics ORDER BY agent;
SELECT * FROM agent_rollup ORDER BY agent;
SELECT * FROM rolling ORDER BY id;
SELECT * FROM daily_mv ORDER BY day;

\echo == order, grouping, joins by the operator classes
SELECT string_agg(id::text, ',' ORDER BY rany, id) FROM responses;
SELECT string_agg(id::text, ',' ORDER BY r7 DESC NULLS FIRST, id) FROM responses;
SELECT rany, count(*) FROM responses GROUP BY rany ORDER BY rany;
SELECT count(*) FROM responses a JOIN responses b ON a.rany = b.rany;

\echo == through the indexes
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT r5, count(*) FROM responses WHERE r5 >= '2/5' GROUP BY r5 ORDER BY r5;
SELECT count(*) FROM responses WHERE r10 = '7/0-10';
SELECT count(*), min(id), max(id) FROM responses WHERE rany = '4/5';
SELECT count(*) FROM responses WHERE r7 >= '6/7';
SELECT count(*) FROM responses WHERE rating_value(r10) = 3;
RESET enable_seqscan;
RESET enable_bitmapscan;
