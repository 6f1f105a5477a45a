--
-- Confidence intervals and significance tests on rating summaries
--
-- Every reference value ("want") below is computed independently of the C
-- code by test/stats_reference.py, from the textbook formulas with
-- scipy.stats.norm; that script also cross-checks them against statsmodels,
-- against the Wilson intervals published by Newcombe (1998) for 81/263,
-- 15/148, 0/20 and 1/29, and against an NPS interval worked by hand.  The
-- check is relative, to 9 significant digits.
--
\set VERBOSITY default
\set SHOW_CONTEXT never

-- Wilson score interval of the CSAT, in percent (n = 1, p = 0, p = 1, several
-- confidence levels, a threshold summary, a mixed-scale summary, a large n)
SELECT label, round(got, 6) AS got, abs(got - want) <= 1e-9 * abs(want) + 1e-12 AS ok
FROM (VALUES
('9/15 95% lower', csat_ci_lower('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}'), 35.746830120624601),
('9/15 95% upper', csat_ci_upper('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}'), 80.175503858658416),
('9/15 90% lower', csat_ci_lower('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', 0.9), 39.260636934395407),
('9/15 90% upper', csat_ci_upper('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', 0.9), 77.683208973401776),
('9/15 99% lower', csat_ci_lower('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', 0.99), 29.630741012832608),
('9/15 99% upper', csat_ci_upper('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', 0.99), 84.235745411042402),
('9/15 99.9% lower', csat_ci_lower('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', 0.999), 23.812195094920213),
('9/15 99.9% upper', csat_ci_upper('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', 0.999), 87.803301232440461),
('12/15 95% lower', csat_ci_lower('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0 satisfied_from 3}'), 54.81455128483065),
('12/15 95% upper', csat_ci_upper('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0 satisfied_from 3}'), 92.952450653018431),
('1/1 95% lower', csat_ci_lower('{v1 scale 1-5 counts 0,0,0,0,1 unanswered 0}'), 20.654931437723747),
('1/1 95% upper', csat_ci_upper('{v1 scale 1-5 counts 0,0,0,0,1 unanswered 0}'), 100),
('1/1 99.9% lower', csat_ci_lower('{v1 scale 1-5 counts 0,0,0,0,1 unanswered 0}', 0.999), 8.4548248183163643),
('1/1 99.9% upper', csat_ci_upper('{v1 scale 1-5 counts 0,0,0,0,1 unanswered 0}', 0.999), 100),
('0/1 95% lower', csat_ci_lower('{v1 scale 1-5 counts 1,0,0,0,0 unanswered 3}'), 0),
('0/1 95% upper', csat_ci_upper('{v1 scale 1-5 counts 1,0,0,0,0 unanswered 3}'), 79.345068562276253),
('0/10 95% lower', csat_ci_lower('{v1 scale 1-5 counts 4,3,3,0,0 unanswered 2}'), 0),
('0/10 95% upper', csat_ci_upper('{v1 scale 1-5 counts 4,3,3,0,0 unanswered 2}'), 27.75327998628892),
('10/10 95% lower', csat_ci_lower('{v1 scale 1-5 counts 0,0,0,6,4 unanswered 2}'), 72.246720013711069),
('10/10 95% upper', csat_ci_upper('{v1 scale 1-5 counts 0,0,0,6,4 unanswered 2}'), 100),
('0/10 99% lower', csat_ci_lower('{v1 scale 1-5 counts 4,3,3,0,0 unanswered 2}', 0.99), 0),
('0/10 99% upper', csat_ci_upper('{v1 scale 1-5 counts 4,3,3,0,0 unanswered 2}', 0.99), 39.885409330490809),
('10/10 99% lower', csat_ci_lower('{v1 scale 1-5 counts 0,0,0,6,4 unanswered 2}', 0.99), 60.114590669509191),
('10/10 99% upper', csat_ci_upper('{v1 scale 1-5 counts 0,0,0,6,4 unanswered 2}', 0.99), 100),
('81/263 95% lower', csat_ci_lower('{v1 scale 1-5 counts 100,50,32,41,40 unanswered 0}'), 25.528851987827423),
('81/263 95% upper', csat_ci_upper('{v1 scale 1-5 counts 100,50,32,41,40 unanswered 0}'), 36.620957698280002),
('15/148 95% lower', csat_ci_lower('{v1 scale 1-5 counts 133,0,0,0,15 unanswered 0}'), 6.2386399530736298),
('15/148 95% upper', csat_ci_upper('{v1 scale 1-5 counts 133,0,0,0,15 unanswered 0}'), 16.048724172330804),
('0/20 95% lower', csat_ci_lower('{v1 scale 1-5 counts 20,0,0,0,0 unanswered 0}'), 0),
('0/20 95% upper', csat_ci_upper('{v1 scale 1-5 counts 20,0,0,0,0 unanswered 0}'), 16.112515805281937),
('1/29 95% lower', csat_ci_lower('{v1 scale 1-5 counts 28,0,0,0,1 unanswered 0}'), 0.61132142927626532),
('1/29 95% upper', csat_ci_upper('{v1 scale 1-5 counts 28,0,0,0,1 unanswered 0}'), 17.175521879320289),
('1234567/2000000 99% lower', csat_ci_lower('{v1 scale 1-2 counts 765433,1234567 unanswered 0}', 0.99), 61.639782749923413),
('1234567/2000000 99% upper', csat_ci_upper('{v1 scale 1-2 counts 765433,1234567 unanswered 0}', 0.99), 61.816839433945184),
('11/26 95% lower', csat_ci_lower('{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}'), 25.544443313656561),
('11/26 95% upper', csat_ci_upper('{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}'), 61.051386253408282),
('3/7 95% lower', csat_ci_lower('{v1 scales 0-10,1-5 answered 7 satisfied 3 unanswered 0}'), 15.821985525146975),
('3/7 95% upper', csat_ci_upper('{v1 scales 0-10,1-5 answered 7 satisfied 3 unanswered 0}'), 74.954163547234273)
) AS t(label, got, want);

-- Adjusted-Wald interval of the NPS (Rocks 2016), in NPS points: all promoters
-- and all detractors stay inside -100..100 (clipped where the Wald interval
-- passes the bound)
SELECT label, round(got, 6) AS got, abs(got - want) <= 1e-9 * abs(want) + 1e-12 AS ok
FROM (VALUES
('P11 D8 n26 95% lower', nps_ci_lower('{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}'), -20.023057256693338),
('P11 D8 n26 95% upper', nps_ci_upper('{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}'), 40.712712429107128),
('P11 D8 n26 90% lower', nps_ci_lower('{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}', 0.9), -15.140704760659702),
('P11 D8 n26 90% upper', nps_ci_upper('{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}', 0.9), 35.830359933073488),
('P11 D8 n26 99% lower', nps_ci_lower('{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}', 0.99), -29.565338254670753),
('P11 D8 n26 99% upper', nps_ci_upper('{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}', 0.99), 50.25499342708455),
('P1 D0 n1 95% lower', nps_ci_lower('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}'), -48.498649420252029),
('P1 D0 n1 95% upper', nps_ci_upper('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}'), 98.498649420252022),
('P1 D0 n1 99.9% lower', nps_ci_lower('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}', 0.999), -98.394752430947193),
('P1 D0 n1 99.9% upper', nps_ci_upper('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}', 0.999), 100),
('P0 D1 n1 95% lower', nps_ci_lower('{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,0 unanswered 0}'), -98.498649420252022),
('P0 D1 n1 95% upper', nps_ci_upper('{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,0 unanswered 0}'), 48.498649420252029),
('P0 D1 n1 99.9% lower', nps_ci_lower('{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,0 unanswered 0}', 0.999), -100),
('P0 D1 n1 99.9% upper', nps_ci_upper('{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,0 unanswered 0}', 0.999), 98.394752430947193),
('P20 D0 n20 95% lower', nps_ci_lower('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,8,12 unanswered 5}'), 69.683344025439368),
('P20 D0 n20 95% upper', nps_ci_upper('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,8,12 unanswered 5}'), 100),
('P20 D0 n20 99.9% lower', nps_ci_lower('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,8,12 unanswered 5}', 0.999), 57.957084273421479),
('P20 D0 n20 99.9% upper', nps_ci_upper('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,8,12 unanswered 5}', 0.999), 100),
('P0 D10 n10 95% lower', nps_ci_lower('{v1 scale 0-10 counts 2,0,1,0,3,0,4,0,0,0,0 unanswered 0}'), -100),
('P0 D10 n10 95% upper', nps_ci_upper('{v1 scale 0-10 counts 2,0,1,0,3,0,4,0,0,0,0 unanswered 0}'), -47.503551544790199),
('P0 D0 n5 95% lower', nps_ci_lower('{v1 scale 0-10 counts 0,0,0,0,0,0,0,3,2,0,0 unanswered 0}'), -30.005697977220684),
('P0 D0 n5 95% upper', nps_ci_upper('{v1 scale 0-10 counts 0,0,0,0,0,0,0,3,2,0,0 unanswered 0}'), 30.005697977220684),
('P600 D200 n1000 95% lower', nps_ci_lower('{v1 scale 0-10 counts 50,20,30,20,30,20,30,100,100,300,300 unanswered 0}'), 34.929193672989449),
('P600 D200 n1000 95% upper', nps_ci_upper('{v1 scale 0-10 counts 50,20,30,20,30,20,30,100,100,300,300 unanswered 0}'), 44.831524173471166)
) AS t(label, got, want);

-- Pooled two-proportion z-test: equal proportions give 1, and so does a pooled
-- variance of 0 (everyone, or no one, satisfied on both sides)
SELECT label, to_char(got, '9.99999EEEE') AS got, abs(got - want) <= 1e-9 * abs(want) + 1e-12 AS ok
FROM (VALUES
('9/15 vs 9/15', csat_ztest('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', '{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}'), 1),
('9/15 vs 18/30', csat_ztest('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', '{v1 scale 1-5 counts 2,4,6,8,10 unanswered 7}'), 1),
('81/263 vs 15/148', csat_ztest('{v1 scale 1-5 counts 100,50,32,41,40 unanswered 0}', '{v1 scale 1-5 counts 133,0,0,0,15 unanswered 0}'), 2.0072944202557026e-06),
('0/10 vs 10/10', csat_ztest('{v1 scale 1-5 counts 4,3,3,0,0 unanswered 2}', '{v1 scale 1-5 counts 0,0,0,6,4 unanswered 2}'), 7.7442164310440706e-06),
('100/1000 vs 900/1000', csat_ztest('{v1 scale 1-2 counts 900,100 unanswered 0}', '{v1 scale 1-2 counts 100,900 unanswered 0}'), 2.509158096763144e-280),
('9/15 vs 3/7', csat_ztest('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', '{v1 scales 0-10,1-5 answered 7 satisfied 3 unanswered 0}'), 0.45196698876558628),
('1/1 vs 0/1', csat_ztest('{v1 scale 1-5 counts 0,0,0,0,1 unanswered 0}', '{v1 scale 1-5 counts 1,0,0,0,0 unanswered 0}'), 0.15729920705028516),
('0/5 vs 0/8', csat_ztest('{v1 scale 1-5 counts 5,0,0,0,0 unanswered 0}', '{v1 scale 1-5 counts 8,0,0,0,0 unanswered 0}'), 1),
('5/5 vs 8/8', csat_ztest('{v1 scale 1-5 counts 0,0,0,0,5 unanswered 0}', '{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,8,0 unanswered 0}'), 1)
) AS t(label, got, want);

-- Adjusted-Wald two-sample NPS test
SELECT label, to_char(got, '9.99999EEEE') AS got, abs(got - want) <= 1e-9 * abs(want) + 1e-12 AS ok
FROM (VALUES
('P11 D8 n26 vs P11 D8 n26', nps_ztest('{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}', '{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}'), 1),
('P11 D8 n26 vs P20 D0 n20', nps_ztest('{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}', '{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,8,12 unanswered 5}'), 1.7238305529357493e-05),
('P1 D0 n1 vs P0 D1 n1', nps_ztest('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}', '{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,0 unanswered 0}'), 0.34577858615116031),
('P600 D200 n1000 vs P400 D400 n1000', nps_ztest('{v1 scale 0-10 counts 50,20,30,20,30,20,30,100,100,300,300 unanswered 0}', '{v1 scale 0-10 counts 100,50,50,50,50,50,50,100,100,150,250 unanswered 0}'), 6.4035992718151839e-26),
('P600 D0 n600 vs P300 D300 n600', nps_ztest('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,300,300 unanswered 0}', '{v1 scale 0-10 counts 300,0,0,0,0,0,0,0,0,0,300 unanswered 0}'), 3.2565188702048622e-131)
) AS t(label, got, want);

-- the default confidence is 0.95
SELECT csat_ci_lower(s) = csat_ci_lower(s, 0.95) AS csat_lower,
       csat_ci_upper(s) = csat_ci_upper(s, 0.95) AS csat_upper,
       nps_ci_lower(s) = nps_ci_lower(s, 0.95) AS nps_lower,
       nps_ci_upper(s) = nps_ci_upper(s, 0.95) AS nps_upper
FROM (SELECT '{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}'::rating_summary AS s) AS t;

-- no answers: NULL (also for a summary with only unanswered surveys)
SELECT csat_ci_lower(s) AS csat_lower, csat_ci_upper(s, 0.99) AS csat_upper,
       nps_ci_lower(s) AS nps_lower, nps_ci_upper(s, 0.99) AS nps_upper,
       csat_ztest(s, s) AS csat_p, nps_ztest(s, s) AS nps_p
FROM (SELECT '{v1 unanswered 4}'::rating_summary AS s) AS t;
SELECT csat_ztest('{v1 unanswered 4}', '{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}') AS csat_p_a,
       csat_ztest('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', '{v1 unanswered 0}') AS csat_p_b,
       nps_ztest('{v1 unanswered 4}', '{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}') AS nps_p_a,
       nps_ztest('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}', '{v1 unanswered 0}') AS nps_p_b;

-- strict: a NULL summary or a NULL confidence gives NULL
SELECT csat_ci_lower(NULL) AS a, csat_ci_upper('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', NULL) AS b,
       nps_ci_lower('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}', NULL) AS c,
       nps_ci_upper(NULL, 0.9) AS d, csat_ztest(NULL, NULL) AS e,
       nps_ztest('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}', NULL) AS f;

-- Wilson, every s of n = 1..40 at eight confidence levels: the interval lies
-- in 0..100 and holds csat_pct; its ends are exactly 0 at s = 0 and exactly
-- 100 at s = n and nowhere else; it is symmetric (lower(s) = 100 - upper(n - s));
-- and it widens with the confidence
WITH g AS (
	SELECT n, s, c,
		   format('{v1 scale 1-2 counts %s,%s unanswered 0}', n - s, s)::rating_summary AS sm,
		   format('{v1 scale 1-2 counts %s,%s unanswered 0}', s, n - s)::rating_summary AS mirror
	FROM generate_series(1, 40) AS n, generate_series(0, n) AS s,
		 unnest('{0.001,0.5,0.8,0.9,0.95,0.99,0.999,0.999999}'::float8[]) AS c
), v AS (
	SELECT n, s, c, csat_pct(sm) AS pct,
		   csat_ci_lower(sm, c) AS lo, csat_ci_upper(sm, c) AS hi,
		   csat_ci_upper(mirror, c) AS mirror_hi,
		   csat_ci_lower(sm, (1 + c) / 2) AS wider_lo, csat_ci_upper(sm, (1 + c) / 2) AS wider_hi
	FROM g
)
SELECT count(*) AS cases,
	   count(*) FILTER (WHERE NOT (0 <= lo AND lo <= pct AND pct <= hi AND hi <= 100)) AS outside,
	   count(*) FILTER (WHERE (s = 0) <> (lo = 0) OR (s = n) <> (hi = 100)) AS bad_ends,
	   count(*) FILTER (WHERE abs(lo + mirror_hi - 100) > 1e-9) AS asymmetric,
	   count(*) FILTER (WHERE NOT (wider_lo <= lo AND hi <= wider_hi)) AS not_nested
FROM v;

-- adjusted-Wald NPS, every split of n = 1..12 answers into promoters, passives
-- and detractors: bounds in -100..100, holding the adjusted estimate
-- 100 * (P - D) / (n + 3); mirrored (lower(P, D) = -upper(D, P)); nested
WITH g AS (
	SELECT n, p, d, c,
		   format('{v1 scale 0-10 counts %s,0,0,0,0,0,0,%s,0,0,%s unanswered 0}', d, n - p - d, p)::rating_summary AS sm,
		   format('{v1 scale 0-10 counts %s,0,0,0,0,0,0,%s,0,0,%s unanswered 0}', p, n - p - d, d)::rating_summary AS mirror
	FROM generate_series(1, 12) AS n, generate_series(0, n) AS p, generate_series(0, n - p) AS d,
		 unnest('{0.001,0.5,0.8,0.9,0.95,0.99,0.999,0.999999}'::float8[]) AS c
), v AS (
	SELECT n, p, d, c, 100.0 * (p - d) / (n + 3) AS adjusted,
		   nps_ci_lower(sm, c) AS lo, nps_ci_upper(sm, c) AS hi,
		   nps_ci_upper(mirror, c) AS mirror_hi,
		   nps_ci_lower(sm, (1 + c) / 2) AS wider_lo, nps_ci_upper(sm, (1 + c) / 2) AS wider_hi
	FROM g
)
SELECT count(*) AS cases,
	   count(*) FILTER (WHERE NOT (-100 <= lo AND lo <= adjusted AND adjusted <= hi AND hi <= 100)) AS outside,
	   count(*) FILTER (WHERE abs(lo + mirror_hi) > 1e-9) AS asymmetric,
	   count(*) FILTER (WHERE NOT (wider_lo <= lo AND hi <= wider_hi)) AS not_nested,
	   count(*) FILTER (WHERE lo = -100) AS clipped_low, count(*) FILTER (WHERE hi = 100) AS clipped_high
FROM v;

-- both tests are symmetric p-values in (0, 1], equal to 1 exactly when the
-- two sides have the same proportion (CSAT) or the same adjusted NPS
WITH g AS (
	SELECT format('{v1 scale 0-10 counts %s,0,0,0,0,0,0,%s,0,0,%s unanswered 0}', d, n - p - d, p)::rating_summary AS sm,
		   p, d, n
	FROM generate_series(1, 6) AS n, generate_series(0, n) AS p, generate_series(0, n - p) AS d
), v AS (
	SELECT a.p * b.n = b.p * a.n AS same_csat,
		   (a.p - a.d) * (b.n + 3) = (b.p - b.d) * (a.n + 3) AS same_nps,
		   csat_ztest(a.sm, b.sm) AS csat_ab, csat_ztest(b.sm, a.sm) AS csat_ba,
		   nps_ztest(a.sm, b.sm) AS nps_ab, nps_ztest(b.sm, a.sm) AS nps_ba,
		   (a.p + b.p = 0 OR a.p + b.p = a.n + b.n) AS pooled_degenerate
	FROM g AS a, g AS b
)
SELECT count(*) AS pairs,
	   count(*) FILTER (WHERE csat_ab <> csat_ba OR nps_ab <> nps_ba) AS asymmetric,
	   count(*) FILTER (WHERE NOT (csat_ab > 0 AND csat_ab <= 1 AND nps_ab > 0 AND nps_ab <= 1)) AS outside,
	   count(*) FILTER (WHERE (csat_ab = 1) <> (same_csat OR pooled_degenerate)) AS csat_one,
	   count(*) FILTER (WHERE (nps_ab = 1) <> same_nps) AS nps_one
FROM v;

-- errors, with their SQLSTATE (try() is defined in setup.sql)
SELECT try($$SELECT csat_ci_lower('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', 0)$$) AS confidence_0;
SELECT try($$SELECT csat_ci_upper('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', 1)$$) AS confidence_1;
SELECT try($$SELECT nps_ci_lower('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}', 1.5)$$) AS confidence_1_5;
SELECT try($$SELECT nps_ci_upper('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}', -0.5)$$) AS confidence_negative;
SELECT try($$SELECT csat_ci_lower('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', 95)$$) AS confidence_95;
SELECT try($$SELECT csat_ci_lower('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', 'NaN')$$) AS confidence_nan;
SELECT try($$SELECT csat_ci_upper('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', 'Infinity')$$) AS confidence_inf;
-- the confidence is checked even when there are no answers
SELECT try($$SELECT csat_ci_lower('{v1 unanswered 3}', 1)$$) AS empty_confidence_1;
-- NPS needs 0..10 ratings
SELECT try($$SELECT nps_ci_lower('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}')$$) AS nps_on_1_5;
SELECT try($$SELECT nps_ci_upper('{v1 scale 1-10 counts 1,1,1,1,1,1,1,1,1,1 unanswered 0}', 0.9)$$) AS nps_on_1_10;
SELECT try($$SELECT nps_ci_lower('{v1 scales 0-10,1-5 answered 7 satisfied 3 unanswered 0}')$$) AS nps_on_mixed;
SELECT try($$SELECT nps_ztest('{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}', '{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}')$$) AS nps_ztest_1_5;
-- a wrong scale is an error even when the other side has no answers
SELECT try($$SELECT nps_ztest('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', '{v1 unanswered 2}')$$) AS nps_ztest_1_5_empty;
-- as psql shows them
SELECT csat_ci_lower('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}', 1.5);
SELECT nps_ci_upper('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}');
