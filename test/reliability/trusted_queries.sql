-- Queries over csat run by an unprivileged user, once with a clean
-- search_path and once with the evil schema (evil.sql) first: the outputs
-- must be identical and evil.log empty (test/checks/trusted.sh).  Types are
-- written public.* and arithmetic OPERATOR(pg_catalog.*) as a careful user
-- would (and public.rating(), which evil.rating(int,int,int) shadows by
-- design), so that only the extension's own resolution is under test; the
-- extension's functions, operators and casts are called unqualified.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
\pset null '<null>'
SET client_min_messages = warning;

CREATE TEMP TABLE tq (
	id		integer,
	r5		public.satisfaction_rating(1,5),
	r10		public.satisfaction_rating(0,10),
	rany	public.satisfaction_rating
);
-- integer and smallint assignment casts (typmod coercion), text input, rating()
INSERT INTO tq
SELECT i,
	(i % 5) OPERATOR(pg_catalog.+) 1,
	((i % 11)::smallint),
	CASE WHEN i % 7 = 0 THEN NULL ELSE public.rating(i % 6, 0, 5) END
FROM generate_series(1, 500) AS i;
INSERT INTO tq VALUES (501, '5/5', '10/0-10', '7/1..7'), (502, NULL, NULL, NULL);
CREATE INDEX ON tq (r5);
CREATE INDEX ON tq USING hash (r10);
ANALYZE tq;

SELECT csat_pct(r5), csat_pct(r5, 3), nps(r10), ces_avg(r5), csat_pct(rany) FROM tq;
SELECT rating_summary(r5), rating_summary(r10), rating_summary(rany) FROM tq;
SELECT s, csat_pct(s), csat_pct(s, 4), ces_avg(s), answered(s), unanswered(s), response_rate(s),
	csat_ci_lower(s), csat_ci_upper(s), csat_ci_lower(s, 0.9)
FROM (SELECT rating_summary(r5) AS s FROM tq) d;
SELECT nps(s), nps_ci_lower(s), nps_ci_upper(s), distribution(s)
FROM (SELECT rating_summary(r10) AS s FROM tq) d;
SELECT csat_ztest(a, b), nps_ztest(c, d)
FROM (SELECT rating_summary(r5) FILTER (WHERE id % 2 = 0) AS a, rating_summary(r5) FILTER (WHERE id % 2 = 1) AS b,
	rating_summary(r10) FILTER (WHERE id < 250) AS c, rating_summary(r10) FILTER (WHERE id >= 250) AS d FROM tq) x;
SELECT rating_summary(s) FROM (SELECT rating_summary(r5) AS s FROM tq GROUP BY id % 10) d;
SELECT '{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}'::public.rating_summary,
	'{v1 scales 0-10,1-5 answered 7 satisfied 3 unanswered 0}'::public.rating_summary;
SELECT '4/5'::public.satisfaction_rating, '9/0..10'::public.satisfaction_rating,
	public.rating(3, 1, 7), rating_value('6/7'::public.satisfaction_rating), scale_lo('6/0-10'), scale_hi('6/0-10'), normalized('3/5'),
	'4/5'::public.satisfaction_rating::integer, 4::public.satisfaction_rating(1,5),
	'2/3'::public.satisfaction_rating::public.satisfaction_rating(3);
SELECT r5, count(*) FROM tq GROUP BY r5 ORDER BY r5;
SELECT string_agg(id::text, ',' ORDER BY rany DESC, id) FROM tq;
SELECT count(*) FROM tq a JOIN tq b ON a.r10 = b.r10;
SELECT count(*) FROM tq WHERE r5 < '3/5';
SELECT count(*) FROM tq WHERE r5 >= '4/5' AND r5 <> '5/5';
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT count(*) FROM tq WHERE r5 = '2/5';
SELECT count(*) FROM tq WHERE r10 = '7/0-10';
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT id, csat_pct(r5) OVER w, nps(r10) OVER w, ces_avg(r5) OVER w, rating_summary(rany) OVER w
FROM tq WINDOW w AS (ORDER BY id ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) ORDER BY id;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
CREATE TABLE app.big AS SELECT public.rating(i % 11, 0, 10) AS r FROM generate_series(1, 20000) AS i;
ANALYZE app.big;
SELECT nps(r), csat_pct(r), rating_summary(r) FROM app.big;
DROP TABLE tq, app.big;
