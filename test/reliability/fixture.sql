-- Reliability fixture: ratings on several scales (modified columns and one
-- without a modifier), NULLs, summaries, indexes, views and a materialized
-- view over the aggregates.  Uses only the API of the oldest release
-- (0.1.0), so test/checks/upgrade.sh can load it before updating; also the
-- source database of test/checks/dump_restore.sh.  Deterministic.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

CREATE TABLE responses (
	id		integer PRIMARY KEY,
	day		date NOT NULL,
	agent	text NOT NULL,
	r5		satisfaction_rating(1,5),
	r10		satisfaction_rating(0,10),
	r7		satisfaction_rating(1,7),
	r3		satisfaction_rating(3),
	r05		satisfaction_rating(0,5),
	rany	satisfaction_rating
);

-- integers through the assignment casts, text literals, rating(): every way in
INSERT INTO responses
SELECT i,
	date '2024-01-01' + (i * 37 % 45),
	'agent' || (i * 13 % 7),
	CASE WHEN i % 11 = 0 THEN NULL ELSE 1 + (i * 7919 % 5) END,
	CASE WHEN i % 13 = 0 THEN NULL ELSE rating(i * 104729 % 11, 0, 10) END,
	CASE WHEN i % 17 = 0 THEN NULL ELSE ((1 + (i / 3) * 31 % 7)::text || '/7')::satisfaction_rating END,
	CASE WHEN i % 5 = 0 THEN NULL ELSE (1 + i * 5 % 3)::smallint END,
	CASE WHEN i % 19 = 0 THEN NULL ELSE rating(i * 17 % 6, 0, 5) END,
	CASE WHEN i % 23 = 0 THEN NULL
		ELSE rating(lo + ((i / 8) * 7 % (hi - lo + 1)), lo, hi) END
FROM generate_series(1, 3000) AS i,
	LATERAL (SELECT (ARRAY[1, 0, 1, 0, 2, 1, 0, 3])[1 + i % 8] AS lo,
					(ARRAY[5, 10, 7, 5, 9, 3, 1, 10])[1 + i % 8] AS hi) AS sc;

-- a few rows at the edges of the scales
INSERT INTO responses VALUES
	(5001, '2024-03-01', 'edge', '1/5', '0/0-10', '1/7', '1/3', '0/0-5', '0/0-1'),
	(5002, '2024-03-01', 'edge', '5/5', '10/0-10', '7/7', '3/3', '5/0-5', '10/9-10'),
	(5003, '2024-03-01', 'edge', NULL, NULL, NULL, NULL, NULL, NULL),
	(5004, '2024-03-02', 'edge', ' 3 / 5 ', '5/0..10', '4/1-7', '2/1..3', '3/0-5', '9/0..10');

CREATE INDEX responses_r5_btree ON responses (r5);
CREATE INDEX responses_rany_btree ON responses (rany, id);
CREATE INDEX responses_r10_hash ON responses USING hash (r10);
CREATE INDEX responses_rany_hash ON responses USING hash (rany);
CREATE INDEX responses_r7_partial ON responses (r7) WHERE r7 >= '6/7';
CREATE INDEX responses_value_expr ON responses ((rating_value(r10)));

-- daily summaries (two-step aggregation)
CREATE TABLE daily (
	day		date,
	agent	text,
	s5		rating_summary NOT NULL,
	s10		rating_summary NOT NULL,
	sany	rating_summary NOT NULL,
	PRIMARY KEY (day, agent)
);
INSERT INTO daily
SELECT day, agent, rating_summary(r5), rating_summary(r10), rating_summary(rany)
FROM responses GROUP BY day, agent;

-- summaries given as text: every shape, thresholds, extreme counts
CREATE TABLE lit (id integer PRIMARY KEY, s rating_summary);
INSERT INTO lit VALUES
	(1, '{v1 unanswered 0}'),
	(2, '{v1 unanswered 42}'),
	(3, '{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}'),
	(4, '{v1 scale 0-10 counts 1,2,3,4,5,6,7,8,9,10,11 unanswered 0}'),
	(5, '{v1 scale 1-5 counts 1,0,0,2,3 unanswered 4 satisfied_from 4}'),
	(6, '{v1 scales 0-10,1-5 answered 7 satisfied 3 unanswered 0}'),
	(7, '{v1 scale 1-7 counts 0,0,0,0,0,0,1 unanswered 9223372036854775806}'),
	(8, '{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 0}'),
	(9, '{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,4611686018427387904,4611686018427387903 unanswered 0}'),
	(10, '{v1 scale 0-1 counts 5,6 unanswered 1}'),
	(11, NULL);

CREATE VIEW agent_metrics AS
SELECT agent,
	csat_pct(r5) AS csat5,
	csat_pct(r5, 4) AS csat5_from4,
	csat_pct(r7, 6) AS csat7_from6,
	nps(r10) AS nps10,
	ces_avg(r7) AS ces7,
	ces_avg(r3) AS ces3,
	csat_pct(rany) AS csat_any,
	rating_summary(r05) AS s05,
	count(*) AS n
FROM responses
GROUP BY agent;

CREATE VIEW agent_rollup AS
SELECT agent,
	rating_summary(s5) AS s5,
	rating_summary(s10) AS s10,
	rating_summary(sany) AS sany,
	csat_pct(rating_summary(s5)) AS csat5,
	nps(rating_summary(s10)) AS nps10,
	ces_avg(rating_summary(s5)) AS ces5,
	answered(rating_summary(s10)) AS answered10,
	unanswered(rating_summary(s10)) AS unanswered10,
	response_rate(rating_summary(sany)) AS rate_any
FROM daily
GROUP BY agent;

CREATE VIEW rolling AS
SELECT id,
	csat_pct(r5) OVER w AS csat5_100,
	nps(r10) OVER w AS nps_100,
	ces_avg(r5) OVER w AS ces5_100,
	rating_summary(rany) OVER w AS sany_100
FROM responses
WINDOW w AS (ORDER BY id ROWS BETWEEN 99 PRECEDING AND CURRENT ROW);

CREATE MATERIALIZED VIEW daily_mv AS
SELECT day,
	rating_summary(r5) AS s5,
	rating_summary(r10) AS s10,
	csat_pct(r5) AS csat5,
	nps(r10) AS nps10,
	ces_avg(r7) AS ces7
FROM responses
GROUP BY day;
CREATE UNIQUE INDEX daily_mv_day ON daily_mv (day);

ANALYZE responses, daily, lit;
