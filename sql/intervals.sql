-- Interval edge cases (0.3.0): the Wilson interval of csat_pct holds the
-- estimate exactly, as numeric, at every n and confidence; the adjusted-Wald
-- NPS interval is centred on a shrunk estimate and may exclude nps(s).

-- the example: 10^15 answers on each of 3, 4 and 5, a tiny confidence; the
-- bound used to print as 66.6666666666667, above csat_pct = 66.666...667
SELECT csat_ci_lower(s, 1e-9) AS lower, csat_pct(s), csat_ci_upper(s, 1e-9) AS upper,
       csat_ci_lower(s, 1e-9) <= csat_pct(s) AND csat_pct(s) <= csat_ci_upper(s, 1e-9) AS holds
FROM (SELECT '{v1 scale 1-5 counts 0,0,1000000000000000,1000000000000000,1000000000000000 unanswered 0}'::rating_summary AS s) x;

-- the grid: counts a (not satisfied), b and c (satisfied) from 0 to
-- 3 * 10^15, confidence from 10^-12 to 1 - 10^-12
CREATE TABLE grid AS
SELECT format('{v1 scale 1-5 counts 0,0,%s,%s,%s unanswered 0}', a, b, c)::rating_summary AS s, conf
FROM unnest(ARRAY[0, 1, 2, 7, 1000, 999999, 1000000000, 123456789012, 1000000000000000, 3000000000000000]::bigint[]) a,
     unnest(ARRAY[0, 1, 3, 1000, 1000000, 1000000000, 999999999999, 1000000000000000, 3000000000000000]::bigint[]) b,
     unnest(ARRAY[0, 1, 5, 1000000, 1000000000000000]::bigint[]) c,
     unnest(ARRAY[1e-12, 1e-9, 1e-6, 0.001, 0.5, 0.9, 0.95, 0.99, 0.999999, 1 - 1e-12]::float8[]) conf
WHERE a + b + c > 0;
SELECT count(*) AS checked,
       count(*) FILTER (WHERE NOT (lo <= est AND est <= hi)) AS estimate_outside,
       count(*) FILTER (WHERE NOT (0 <= lo AND hi <= 100)) AS outside_0_100,
       count(*) FILTER (WHERE lo = est OR hi = est) AS bound_at_estimate
FROM (SELECT csat_ci_lower(s, conf) AS lo, csat_pct(s) AS est, csat_ci_upper(s, conf) AS hi FROM grid) x;
-- wider at higher confidence (never narrower)
SELECT count(*) FILTER (WHERE csat_ci_lower(s, 0.99) > csat_ci_lower(s, 0.9)
                           OR csat_ci_upper(s, 0.99) < csat_ci_upper(s, 0.9)) AS narrower_at_99
FROM (SELECT t::rating_summary AS s FROM (SELECT DISTINCT s::text AS t FROM grid) d) x;

-- the adjusted-Wald NPS interval: one promoter gives nps 100 and a 95%
-- interval of [-48.5, 98.5], centred on (P - D) / (n + 3) = 25: it does
-- not contain the observed 100
SELECT nps(s), round(nps_ci_lower(s), 1) AS lower, round(nps_ci_upper(s), 1) AS upper,
       nps(s) BETWEEN nps_ci_lower(s) AND nps_ci_upper(s) AS contains_nps
FROM (SELECT '{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}'::rating_summary AS s) x;
