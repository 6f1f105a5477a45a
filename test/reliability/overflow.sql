-- Counts at the bigint limit (test/checks/overflow.sh).  Every case is a
-- query and what it must give: 'ok' (no error; the query's own boolean
-- says whether the value is right) or the SQLSTATE it must fail with.
-- Prints one line per case: name | expected | got.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
SET client_min_messages = warning;

-- run a query, return 'ok' if it returns true, 'wrong: <value>' if it
-- returns anything else, or the SQLSTATE it failed with
CREATE FUNCTION outcome(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	r		text;
	st		text;
	m		text;
BEGIN
	EXECUTE sql INTO r;
	RETURN CASE WHEN r = 'true' THEN 'ok' ELSE 'wrong: ' || coalesce(r, 'NULL') END;
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
	RETURN st || ' ' || m;
END $$;

CREATE TABLE cases (n serial, name text, expected text, sql text);


INSERT INTO cases (name, expected, sql) VALUES
-- text input at and past the limit
('input: one count at the limit', 'ok',
 $q$SELECT answered('{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 0}'::rating_summary) = 9223372036854775807$q$),
('input: one count past the limit', '22003',
 $q$SELECT '{v1 scale 1-5 counts 9223372036854775808,0,0,0,0 unanswered 0}'::rating_summary IS NOT NULL$q$),
('input: counts summing past the limit', '22003',
 $q$SELECT '{v1 scale 1-5 counts 9223372036854775807,1,0,0,0 unanswered 0}'::rating_summary IS NOT NULL$q$),
('input: counts at the limit, plus one unanswered', '22003',
 $q$SELECT '{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 1}'::rating_summary IS NOT NULL$q$),
('input: answered + unanswered exactly at the limit', 'ok',
 $q$SELECT unanswered('{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,0 unanswered 9223372036854775806}'::rating_summary) = 9223372036854775806$q$),
('input: unanswered at the limit', 'ok',
 $q$SELECT unanswered('{v1 unanswered 9223372036854775807}'::rating_summary) = 9223372036854775807$q$),
('input: unanswered past the limit', '22003',
 $q$SELECT '{v1 unanswered 9223372036854775808}'::rating_summary IS NOT NULL$q$),
('input: mixed, answered at the limit', 'ok',
 $q$SELECT answered('{v1 scales 0-10,1-5 answered 9223372036854775807 satisfied 9223372036854775807 unanswered 0}'::rating_summary) = 9223372036854775807$q$),
('input: mixed, answered + unanswered past the limit', '22003',
 $q$SELECT '{v1 scales 0-10,1-5 answered 9223372036854775807 satisfied 0 unanswered 1}'::rating_summary IS NOT NULL$q$),
('input: 20-digit count', '22003',
 $q$SELECT '{v1 scale 1-5 counts 99999999999999999999,0,0,0,0 unanswered 0}'::rating_summary IS NOT NULL$q$),

-- merging with the rating_summary(rating_summary) aggregate, serial plan
('merge: same value count wraps', '22003',
 $q$SELECT rating_summary(s)::text <> '' FROM (VALUES
	('{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 0}'::rating_summary),
	('{v1 scale 1-5 counts 1,0,0,0,0 unanswered 0}')) v(s)$q$),
('merge: two halves of different values pass the limit', '22003',
 $q$SELECT rating_summary(s)::text <> '' FROM (VALUES
	('{v1 scale 1-5 counts 4611686018427387904,0,0,0,0 unanswered 0}'::rating_summary),
	('{v1 scale 1-5 counts 0,0,0,0,4611686018427387904 unanswered 0}')) v(s)$q$),
('merge: two halves minus one land exactly on the limit', 'ok',
 $q$SELECT rating_summary(s)::text = '{v1 scale 1-5 counts 4611686018427387904,0,0,0,4611686018427387903 unanswered 0}' FROM (VALUES
	('{v1 scale 1-5 counts 4611686018427387904,0,0,0,0 unanswered 0}'::rating_summary),
	('{v1 scale 1-5 counts 0,0,0,0,4611686018427387903 unanswered 0}')) v(s)$q$),
('merge: answered fine, answered + unanswered past the limit', '22003',
 $q$SELECT rating_summary(s)::text <> '' FROM (VALUES
	('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,4611686018427387904 unanswered 0}'::rating_summary),
	('{v1 unanswered 4611686018427387904}')) v(s)$q$),
('merge: unanswered only, past the limit', '22003',
 $q$SELECT rating_summary(s)::text <> '' FROM (VALUES
	('{v1 unanswered 9223372036854775807}'::rating_summary), ('{v1 unanswered 1}')) v(s)$q$),
('merge: two scales (becomes mixed) past the limit', '22003',
 $q$SELECT rating_summary(s)::text <> '' FROM (VALUES
	('{v1 scale 1-5 counts 0,0,0,0,4611686018427387904 unanswered 0}'::rating_summary),
	('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,4611686018427387904 unanswered 0}')) v(s)$q$),
('merge: two scales exactly at the limit, satisfied exact', 'ok',
 $q$SELECT rating_summary(s)::text = '{v1 scales 0-10,1-5 answered 9223372036854775807 satisfied 9223372036854775807 unanswered 0}' FROM (VALUES
	('{v1 scale 1-5 counts 0,0,0,0,4611686018427387904 unanswered 0}'::rating_summary),
	('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,4611686018427387903 unanswered 0}')) v(s)$q$),
('merge: mixed + mixed past the limit', '22003',
 $q$SELECT rating_summary(s)::text <> '' FROM (VALUES
	('{v1 scales 0-10,1-5 answered 4611686018427387904 satisfied 1 unanswered 0}'::rating_summary),
	('{v1 scales 0-10,1-5 answered 4611686018427387904 satisfied 1 unanswered 0}')) v(s)$q$),
('merge: mixed + uniform past the limit', '22003',
 $q$SELECT rating_summary(s)::text <> '' FROM (VALUES
	('{v1 scales 0-10,1-5 answered 9223372036854775000 satisfied 1 unanswered 0}'::rating_summary),
	('{v1 scale 1-5 counts 1000,0,0,0,0 unanswered 0}')) v(s)$q$),
('merge: thresholds kept, past the limit', '22003',
 $q$SELECT rating_summary(s)::text <> '' FROM (VALUES
	('{v1 scale 1-5 counts 0,0,0,9223372036854775807,0 unanswered 0 satisfied_from 4}'::rating_summary),
	('{v1 scale 1-5 counts 0,0,0,1,0 unanswered 0 satisfied_from 4}')) v(s)$q$),
('merge: many rows, hashed GROUP BY', '22003',
 $q$SELECT bool_and(m::text <> '') FROM (SELECT g, rating_summary(s) AS m FROM (SELECT i % 2 AS g,
	'{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1000000000000000000 unanswered 0}'::rating_summary AS s
	FROM generate_series(1, 40) i) x GROUP BY g) y$q$),
('merge: the combine function called directly', '22003',
 $q$SELECT rating_summary_combine('{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 0}',
	'{v1 scale 1-5 counts 0,0,0,0,1 unanswered 0}')::text <> ''$q$),
('merge: a summary merged with itself at the limit', '22003',
 $q$SELECT rating_summary(s)::text <> '' FROM (SELECT '{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,0 unanswered 9223372036854775806}'::rating_summary AS s
	UNION ALL SELECT '{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,0 unanswered 9223372036854775806}') v$q$),

-- one more rating on a full summary (transition functions called directly)
('add: a rating to a full summary', '22003',
 $q$SELECT rating_summary_trans('{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 0}', '1/5')::text <> ''$q$),
('add: a NULL to a full summary', '22003',
 $q$SELECT rating_summary_trans('{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 0}', NULL)::text <> ''$q$),
('add: a rating of another scale to a full summary', '22003',
 $q$SELECT rating_summary_trans('{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 0}', '1/7')::text <> ''$q$),
('add: a rating to a full mixed summary', '22003',
 $q$SELECT rating_summary_trans('{v1 scales 0-10,1-5 answered 9223372036854775807 satisfied 0 unanswered 0}', '1/5')::text <> ''$q$),
('add: with a threshold, to a full summary', '22003',
 $q$SELECT rating_summary_trans_from('{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 0}', '1/5', 4)::text <> ''$q$),
('add: the last one that fits', 'ok',
 $q$SELECT rating_summary_trans('{v1 scale 1-5 counts 9223372036854775806,0,0,0,0 unanswered 0}', '5/5')::text
	= '{v1 scale 1-5 counts 9223372036854775806,0,0,0,1 unanswered 0}'$q$),

-- accessors at the limit: exact, equal to the numeric formula
('csat_pct at the limit', 'ok',
 $q$SELECT csat_pct('{v1 scale 1-5 counts 0,0,0,4611686018427387904,4611686018427387903 unanswered 0}'::rating_summary) = 100$q$),
('csat_pct(s, 5) at the limit', 'ok',
 $q$SELECT csat_pct('{v1 scale 1-5 counts 0,0,0,4611686018427387904,4611686018427387903 unanswered 0}'::rating_summary, 5)
	= 100.0 * 4611686018427387903 / 9223372036854775807$q$),
('csat_pct of a mixed summary at the limit', 'ok',
 $q$SELECT csat_pct('{v1 scales 0-10,1-5 answered 9223372036854775807 satisfied 9223372036854775806 unanswered 0}'::rating_summary)
	= 100.0 * 9223372036854775806 / 9223372036854775807$q$),
('nps at the limit', 'ok',
 $q$SELECT nps('{v1 scale 0-10 counts 4611686018427387903,0,0,0,0,0,0,0,0,0,4611686018427387904 unanswered 0}'::rating_summary)
	= 100.0 * (4611686018427387904 - 4611686018427387903) / 9223372036854775807$q$),
('nps, all detractors, at the limit', 'ok',
 $q$SELECT nps('{v1 scale 0-10 counts 9223372036854775807,0,0,0,0,0,0,0,0,0,0 unanswered 0}'::rating_summary) = -100$q$),
('ces_avg: the sum of values passes 2^63', 'ok',
 $q$SELECT ces_avg('{v1 scale 1-5 counts 4611686018427387904,0,0,0,4611686018427387903 unanswered 0}'::rating_summary)
	= (4611686018427387904::numeric + 5 * 4611686018427387903::numeric) / 9223372036854775807$q$),
('ces_avg: every count at its largest', 'ok',
 $q$SELECT ces_avg('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,9223372036854775807 unanswered 0}'::rating_summary) = 10$q$),
('response_rate at the limit', 'ok',
 $q$SELECT response_rate('{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,0 unanswered 9223372036854775806}'::rating_summary)
	= 100.0 * 1 / 9223372036854775807$q$),
('distribution at the limit', 'ok',
 $q$SELECT sum(count) = 9223372036854775807 AND sum(share) = 100
	FROM distribution('{v1 scale 1-5 counts 1844674407370955161,1844674407370955161,1844674407370955161,1844674407370955161,1844674407370955163 unanswered 0}')$q$),
('Wilson interval at the limit', 'ok',
 $q$SELECT csat_ci_lower(s) BETWEEN 49.99 AND csat_pct(s) AND csat_ci_upper(s) BETWEEN csat_pct(s) AND 50.01
	FROM (SELECT '{v1 scale 1-5 counts 4611686018427387904,0,0,0,4611686018427387903 unanswered 0}'::rating_summary AS s) x$q$),
('NPS interval at the limit', 'ok',
 $q$SELECT nps_ci_lower(s) BETWEEN -0.01 AND 0.01 AND nps_ci_upper(s) BETWEEN -0.01 AND 0.01 AND nps_ci_lower(s) <= nps_ci_upper(s)
	FROM (SELECT '{v1 scale 0-10 counts 4611686018427387903,0,0,0,0,0,0,0,0,0,4611686018427387904 unanswered 0}'::rating_summary AS s) x$q$),
('z-tests at the limit', 'ok',
 $q$SELECT csat_ztest(s, s) BETWEEN 0 AND 1 AND nps_ztest(s, s) BETWEEN 0 AND 1
	FROM (SELECT '{v1 scale 0-10 counts 4611686018427387903,0,0,0,0,0,0,0,0,0,4611686018427387904 unanswered 0}'::rating_summary AS s) x$q$),
('z-test: huge against tiny', 'ok',
 $q$SELECT csat_ztest('{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 0}', '{v1 scale 1-5 counts 0,0,0,0,1 unanswered 0}') BETWEEN 0 AND 1$q$);

SELECT name || ' | ' || expected || ' | ' || outcome(sql) FROM cases ORDER BY n;
