-- rating_summary: two-step aggregation

-- the text form: every shape, round trip
SELECT s, s::rating_summary::text = s AS round_trips
FROM (VALUES
  ('{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}'),
  ('{v1 scale 0-10 counts 1,0,0,0,0,0,2,3,0,4,5 unanswered 0}'),
  ('{v1 scale 1-2 counts 0,7 unanswered 1}'),
  ('{v1 scale 1-5 counts 1,1,1,1,1 unanswered 0 satisfied_from 3}'),
  ('{v1 unanswered 0}'),
  ('{v1 unanswered 12}'),
  ('{v1 scales 1-5,1-7 answered 10 satisfied 4 unanswered 2}'),
  ('{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 0}')
) v(s);
-- blanks are accepted, output is canonical
SELECT '  { v1  scale 1-5 counts 3, 0,5 ,9,12   unanswered 4 }  '::rating_summary;

-- accessors on a known summary: 29 answers (3 ones, 5 threes, 9 fours, 12 fives), 4 unanswered
SELECT csat_pct(s) AS csat, csat_pct(s, 5) AS csat_from_5, ces_avg(s) AS ces,
       answered(s), unanswered(s), response_rate(s)
FROM (SELECT '{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}'::rating_summary AS s) x;
-- by hand: csat 21/29 = 72.41%, top box 12/29 = 41.38%, ces (3+15+36+60)/29 = 3.93, rate 29/33 = 87.88%
SELECT * FROM distribution('{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}');
SELECT * FROM distribution('{v1 unanswered 4}');
SELECT nps(s), csat_pct(s) FROM (SELECT '{v1 scale 0-10 counts 1,0,0,0,0,0,2,3,0,4,5 unanswered 0}'::rating_summary s) x;
-- by hand: 9 promoters, 3 detractors of 15: NPS 40; top-two-box 9/15 = 60%
SELECT csat_pct(s), answered(s), response_rate(s), ces_avg(s), nps(s)
FROM (SELECT '{v1 unanswered 5}'::rating_summary s) x;
SELECT csat_pct(s) AS mixed_csat, answered(s) FROM (SELECT '{v1 scales 1-5,1-7 answered 10 satisfied 4 unanswered 2}'::rating_summary s) x;
SELECT csat_pct(s) AS uses_satisfied_from, csat_pct(s, 2) AS explicit_from
FROM (SELECT '{v1 scale 1-5 counts 1,1,1,1,1 unanswered 0 satisfied_from 3}'::rating_summary s) x;
-- accessor errors
SELECT stmt, try(stmt) FROM (VALUES
  ($$SELECT ces_avg('{v1 scales 1-5,1-7 answered 10 satisfied 4 unanswered 2}'::rating_summary)::text$$),
  ($$SELECT csat_pct('{v1 scales 1-5,1-7 answered 10 satisfied 4 unanswered 2}'::rating_summary, 4)::text$$),
  ($$SELECT count(*)::text FROM distribution('{v1 scales 1-5,1-7 answered 10 satisfied 4 unanswered 2}')$$),
  ($$SELECT nps('{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}'::rating_summary)::text$$),
  ($$SELECT nps('{v1 scales 0-5,0-10 answered 10 satisfied 4 unanswered 2}'::rating_summary)::text$$),
  ($$SELECT csat_pct('{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}'::rating_summary, 6)::text$$)
) t(stmt);

-- pseudo-random data: the accessors of rating_summary(r) equal the aggregates
-- and the formulas; merging daily summaries equals summarising the raw rows
CREATE TABLE tickets AS
SELECT i, 1 + det(i, 1, 10) AS agent,
       date '2025-01-01' + det(i, 2, 365) AS day,
       CASE WHEN det(i, 3, 10) < 3 THEN 1 + det(i, 4, 5) END AS v5,
       CASE WHEN det(i, 5, 10) < 2 THEN det(i, 6, 11) END AS v10,
       CASE WHEN det(i, 7, 4) = 0 THEN 1 + det(i, 8, 7) END AS v7
FROM generate_series(1, 20000) i;
ALTER TABLE tickets ADD COLUMN csat satisfaction_rating(1,5), ADD COLUMN nps satisfaction_rating(0,10),
  ADD COLUMN ces satisfaction_rating(1,7);
UPDATE tickets SET csat = v5, nps = v10, ces = v7;

SELECT count(*) AS agents,
       count(*) FILTER (WHERE csat_pct(sc) = direct_csat AND csat_pct(sc) = 100.0 * sat / n5) AS csat_ok,
       count(*) FILTER (WHERE csat_pct(sc, 5) = 100.0 * top / n5) AS csat_from_ok,
       count(*) FILTER (WHERE nps(sn) = direct_nps) AS nps_ok,
       count(*) FILTER (WHERE ces_avg(se) = direct_ces) AS ces_ok,
       count(*) FILTER (WHERE answered(sc) = n5 AND unanswered(sc) = rows - n5) AS counts_ok,
       count(*) FILTER (WHERE response_rate(sc) = 100.0 * n5 / rows) AS rate_ok
FROM (
  SELECT agent, rating_summary(csat) AS sc, rating_summary(nps) AS sn, rating_summary(ces) AS se,
         csat_pct(csat) AS direct_csat, nps(nps) AS direct_nps, ces_avg(ces) AS direct_ces,
         count(*) FILTER (WHERE v5 >= 4) AS sat, count(*) FILTER (WHERE v5 = 5) AS top,
         count(v5) AS n5, count(*) AS rows
  FROM tickets GROUP BY agent) a;

-- distribution equals counting by value
SELECT count(*) AS rows_checked,
       count(*) FILTER (WHERE d.count = c.n AND d.share = 100.0 * c.n / c.total) AS rows_ok
FROM (SELECT agent, rating_summary(csat) AS s FROM tickets GROUP BY agent) a,
     LATERAL distribution(a.s) d,
     LATERAL (SELECT count(*) FILTER (WHERE v5 = d.value) AS n, count(v5) AS total
              FROM tickets t WHERE t.agent = a.agent) c;

-- daily summaries per agent, stored, then rolled up to months and to the year
CREATE TABLE daily_summary AS
  SELECT agent, day, rating_summary(csat) AS csat, rating_summary(nps) AS nps, rating_summary(ces) AS ces
  FROM tickets GROUP BY agent, day;
SELECT count(*) AS months_checked,
       count(*) FILTER (WHERE r.csat::text = d.csat::text AND r.nps::text = d.nps::text
                          AND r.ces::text = d.ces::text) AS identical_summaries
FROM (SELECT agent, date_trunc('month', day) AS month, rating_summary(csat) AS csat,
             rating_summary(nps) AS nps, rating_summary(ces) AS ces
      FROM daily_summary GROUP BY 1, 2) r
JOIN (SELECT agent, date_trunc('month', day) AS month, rating_summary(csat) AS csat,
             rating_summary(nps) AS nps, rating_summary(ces) AS ces
      FROM tickets GROUP BY 1, 2) d USING (agent, month);
-- a materialized view of daily summaries, rolled up to months, reads the
-- same CSAT, NPS and CES as the raw query
CREATE MATERIALIZED VIEW daily_mv AS
  SELECT agent, day, rating_summary(csat) AS csat, rating_summary(nps) AS nps, rating_summary(ces) AS ces
  FROM tickets GROUP BY agent, day;
SELECT count(*) AS months,
       count(*) FILTER (WHERE m.c = raw.c AND m.p = raw.p AND m.e = raw.e) AS same_metrics
FROM (SELECT date_trunc('month', day) AS month, csat_pct(rating_summary(csat)) AS c,
             nps(rating_summary(nps)) AS p, ces_avg(rating_summary(ces)) AS e
      FROM daily_mv GROUP BY 1) m
JOIN (SELECT date_trunc('month', day) AS month, csat_pct(csat) AS c, nps(nps) AS p, ces_avg(ces) AS e
      FROM tickets GROUP BY 1) raw USING (month);
-- NULL summaries are ignored by the merge; merging nothing is NULL
SELECT rating_summary(s) FROM (VALUES (NULL::rating_summary), ('{v1 scale 1-5 counts 1,0,0,0,0 unanswered 0}')) v(s);
SELECT rating_summary(csat) IS NULL AS merge_of_nothing FROM daily_summary WHERE false;
SELECT rating_summary(r) IS NULL AS summary_of_nothing FROM tickets, LATERAL (SELECT csat AS r) x WHERE false;
SELECT rating_summary(r) AS all_unanswered FROM (VALUES (NULL::satisfaction_rating), (NULL)) v(r);
-- merging summaries with different thresholds is refused
SELECT try($$SELECT rating_summary(s)::text FROM (VALUES ('{v1 scale 1-5 counts 1,1,1,1,1 unanswered 0 satisfied_from 3}'::rating_summary), ('{v1 scale 1-5 counts 1,1,1,1,1 unanswered 0 satisfied_from 4}')) v(s)$$);
SELECT try($$SELECT rating_summary(s)::text FROM (VALUES ('{v1 scale 1-5 counts 1,1,1,1,1 unanswered 0 satisfied_from 3}'::rating_summary), ('{v1 scale 1-7 counts 1,1,1,1,1,1,1 unanswered 0}')) v(s)$$);

-- a summary read from a table is validated wherever it enters a merge, the
-- first input of rating_summary(rating_summary) too (it becomes the state
-- without a call of the combine function).  raw_summary() makes a summary of
-- arbitrary bytes, as a damaged page or a foreign writer would: byteain
-- declared to return rating_summary (its 4-byte length word comes first, then
-- the 116 bytes given, so the summary's scale byte at offset 112 is given
-- byte 108: 0x51 is no scale; 0x15, 1-5, with the length word counted as
-- answers of value 0)
CREATE FUNCTION raw_summary(bytes cstring) RETURNS rating_summary
LANGUAGE internal IMMUTABLE STRICT AS 'byteain';
SELECT try($$SELECT rating_summary(s)::text FROM (VALUES (raw_summary(('\x' || repeat('00', 108) || '5100000000000000')::cstring)), ('{v1 scale 1-5 counts 1,0,0,0,0 unanswered 0}'::rating_summary)) v(s)$$) AS bad_first_input;
SELECT try($$SELECT rating_summary(s)::text FROM (VALUES ('{v1 scale 1-5 counts 1,0,0,0,0 unanswered 0}'::rating_summary), (raw_summary(('\x' || repeat('00', 108) || '5100000000000000')::cstring))) v(s)$$) AS bad_second_input;
SELECT try($$SELECT rating_summary_combine(raw_summary(('\x' || repeat('00', 108) || '1500000000000000')::cstring), '{v1 unanswered 1}')::text$$) AS combine_bad_first;
DROP FUNCTION raw_summary(cstring);

-- text and binary COPY round trips of summaries
CREATE TABLE copy_back (LIKE daily_summary);
COPY daily_summary TO '/tmp/csat_summary.txt';
COPY copy_back FROM '/tmp/csat_summary.txt';
SELECT count(*) AS text_copy_differences FROM (
  SELECT agent, day, csat::text, nps::text, ces::text FROM daily_summary
  EXCEPT SELECT agent, day, csat::text, nps::text, ces::text FROM copy_back) d;
TRUNCATE copy_back;
COPY daily_summary TO '/tmp/csat_summary.bin' WITH (FORMAT binary);
COPY copy_back FROM '/tmp/csat_summary.bin' WITH (FORMAT binary);
SELECT (SELECT count(*) FROM copy_back) AS rows, count(*) AS binary_copy_differences FROM (
  SELECT agent, day, csat::text, nps::text, ces::text FROM daily_summary
  EXCEPT SELECT agent, day, csat::text, nps::text, ces::text FROM copy_back) d;
-- binary form: version 1, scale 0x15, scale2 0, satisfied_from 0, then int64s
SELECT length(b) AS bytes, substr(b, 1, 4) AS header, substr(b, 5, 16) AS counts_0_1
FROM (SELECT rating_summary_send('{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}') AS b) x;

-- malformed or inconsistent text: clean errors with SQLSTATEs
SELECT input, try(format('SELECT %L::rating_summary::text', input)) AS result
FROM (VALUES
  (''), ('{}'), ('{v1}'), ('v1 unanswered 0'), ('{v1 unanswered 0'), ('{v1 unanswered 0} x'),
  ('{v2 unanswered 0}'), ('{v0 scale 1-5 counts 1,1,1,1,1 unanswered 0}'), ('{V1 unanswered 0}'),
  ('{v1 unanswered -1}'), ('{v1 unanswered 1.5}'), ('{v1 unanswered 99999999999999999999}'),
  ('{v1 scale 1-5 counts 1,1,1,1 unanswered 0}'), ('{v1 scale 1-5 counts 1,1,1,1,1,1 unanswered 0}'),
  ('{v1 scale 1-5 counts 1,-1,1,1,1 unanswered 0}'), ('{v1 scale 1-5 counts 0,0,0,0,0 unanswered 3}'),
  ('{v1 scale 5-1 counts 1,1,1,1,1 unanswered 0}'), ('{v1 scale 1-11 counts 1 unanswered 0}'),
  ('{v1 scale 1-5 counts 1,1,1,1,1}'), ('{v1 scale 1-5 unanswered 0}'),
  ('{v1 scale 1-5 counts 1,1,1,1,1 unanswered 0 satisfied_from 6}'),
  ('{v1 scale 1-5 counts 1,1,1,1,1 unanswered 0 satisfied_from 0}'),
  ('{v1 scale 1-5 counts 9223372036854775807,1,0,0,0 unanswered 0}'),
  ('{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 1}'),
  ('{v1 scales 1-7,1-5 answered 10 satisfied 4 unanswered 2}'),
  ('{v1 scales 1-5,1-5 answered 10 satisfied 4 unanswered 2}'),
  ('{v1 scales 1-5,1-7 answered 10 satisfied 11 unanswered 2}'),
  ('{v1 scales 1-5,1-7 answered 1 satisfied 1 unanswered 2}'),
  ('{v1 scales 1-5 answered 10 satisfied 4 unanswered 2}'),
  ('{v1 scale 1-5 counts 1,1,1,1,1 unanswered 0 unanswered 0}'),
  ('{v1 unanswered4}'), ('{v1 scale 1-5counts1,0,0,0,0unanswered0}'), ('{v1scale 1-5 counts 1,0,0,0,0 unanswered 0}'),
  ('{v1 scales 1-5,1-7 answered 10 satisfied4 unanswered 2}')
) t(input);

-- corrupt binary input
WITH good AS (SELECT rating_summary_send('{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}') AS b)
SELECT what, binary_copy_in('rating_summary', field) FROM good, LATERAL (VALUES
  ('as sent', b),
  ('one byte short', substr(b, 1, length(b) - 1)),
  ('one byte more', b || '\x00'::bytea),
  ('empty', ''::bytea),
  ('version 2', set_byte(b, 0, 2)),
  ('scale byte 0x51', set_byte(b, 1, 81)),
  ('second scale equal', set_byte(b, 2, 21)),
  ('satisfied_from 7 on 1-5', set_byte(b, 3, 8)),
  ('count for value 0 off the scale', set_byte(b, 11, 1)),
  ('negative count', set_byte(b, 12, 255)),
  ('answered disagrees', set_byte(b, 99, 30)),
  ('satisfied set on one scale', set_byte(b, 107, 1))
) v(what, field);

-- counts near the bigint limit: merging errors instead of wrapping
SELECT try($$SELECT rating_summary(s)::text FROM (VALUES ('{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 0}'::rating_summary), ('{v1 scale 1-5 counts 1,0,0,0,0 unanswered 0}')) v(s)$$) AS merge_overflow;
SELECT try($$SELECT rating_summary(s)::text FROM (VALUES ('{v1 unanswered 9223372036854775807}'::rating_summary), ('{v1 scale 1-5 counts 0,0,0,0,1 unanswered 0}')) v(s)$$) AS unanswered_overflow;
SELECT try($$SELECT rating_summary_trans('{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 0}', '1/5')::text$$) AS add_overflow;
SELECT try($$SELECT rating_summary_trans('{v1 scale 1-5 counts 9223372036854775806,0,0,0,0 unanswered 0}', '1/5')::text$$) AS add_to_the_limit;
SELECT try($$SELECT rating_summary_trans('{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 0}', NULL)::text$$) AS unanswered_overflow;
-- called as a plain function, the transition leaves its argument alone
SELECT s AS before, rating_summary_trans(s, '5/5') AS after, s AS still
FROM (SELECT '{v1 scale 1-5 counts 1,0,0,0,0 unanswered 0}'::rating_summary s) x;
DROP TABLE tickets, daily_summary, copy_back CASCADE;
