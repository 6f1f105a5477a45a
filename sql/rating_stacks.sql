-- Application stacks (issue 18): bare numbers sent as text where the scale
-- is known, explicit casts to numbers, = and hashing for rating_summary.
-- 0.3.0 raised 'rating "4" has no scale' for every bare number below.

-- a column with a scale (m) and one without (u)
CREATE TABLE bare_m (id int, r satisfaction_rating(5));
CREATE TABLE bare_u (id int, r satisfaction_rating);

-- literals: into a column with a modifier, '4' and '4.0' are 4 on its scale
INSERT INTO bare_m VALUES (1, '4'), (2, '4.0'), (3, ' 5 '), (4, '1/5'), (5, '2');
SELECT id, r FROM bare_m ORDER BY id;
-- nothing rounded, clamped or rescaled: each an error naming the value
INSERT INTO bare_m VALUES (9, '7');
INSERT INTO bare_m VALUES (9, '0');
INSERT INTO bare_m VALUES (9, '4.5');
INSERT INTO bare_m VALUES (9, '11');
INSERT INTO bare_m VALUES (9, '4/10');
-- into a column without a modifier, a bare number is still an error that
-- names it: by INSERT, INSERT ... SELECT, UPDATE, ON CONFLICT, a CTE
INSERT INTO bare_u VALUES (9, '4');
INSERT INTO bare_u SELECT 9, '4';
-- a multi-row VALUES list: each row is checked where it is written
INSERT INTO bare_u VALUES (9, '4/5'), (9, '4');
INSERT INTO bare_u VALUES (1, '4/5'), (2, '4/10'), (3, '8/0-10'), (4, '2/3'), (5, '1/5');
UPDATE bare_u SET r = '3' WHERE id = 1;
WITH ins AS (INSERT INTO bare_u VALUES (9, '3') RETURNING id) SELECT * FROM ins;
CREATE UNIQUE INDEX ON bare_u (id);
INSERT INTO bare_u VALUES (1, '1/5') ON CONFLICT (id) DO UPDATE SET r = '2';
SELECT id, r FROM bare_u ORDER BY id;
-- arrays: into satisfaction_rating(5)[] each bare number takes the scale;
-- into satisfaction_rating[] it is the error
CREATE TABLE bare_arrays (id int, a satisfaction_rating[], b satisfaction_rating(5)[]);
INSERT INTO bare_arrays VALUES (1, '{4/5,9/0-10}', '{4,5.0,NULL}');
INSERT INTO bare_arrays VALUES (2, '{4,5}', '{4}');
UPDATE bare_arrays SET a = '{3}' WHERE id = 1;
SELECT * FROM bare_arrays;
-- COPY into a column without a modifier: the 0.3.0 error
COPY bare_u FROM stdin;
9	4
\.
-- CREATE TABLE AS, SELECT INTO and materialized views make columns without a
-- modifier from a bare number: the same error (REFRESH too); a scale given,
-- or a column read, is stored
CREATE TABLE bare_ctas AS SELECT '4'::satisfaction_rating AS r;
SELECT 1 AS id, '4'::satisfaction_rating AS r INTO bare_into;
CREATE TABLE bare_ctas AS SELECT '4/5'::satisfaction_rating AS r UNION ALL SELECT '4';
CREATE TABLE bare_ctas AS SELECT '{4,5}'::satisfaction_rating[] AS a;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
CREATE TABLE bare_ctas AS SELECT '4'::satisfaction_rating AS r;
CREATE MATERIALIZED VIEW bare_mv AS SELECT '4'::satisfaction_rating AS r;
CREATE MATERIALIZED VIEW bare_mv AS SELECT '4'::satisfaction_rating AS r WITH NO DATA;
REFRESH MATERIALIZED VIEW bare_mv;
DROP MATERIALIZED VIEW bare_mv;
CREATE TABLE bare_ctas AS
SELECT '4/5'::satisfaction_rating AS r, '4'::satisfaction_rating(1,5) AS s,
       '{4/5}'::satisfaction_rating[] AS a;
CREATE TABLE bare_ctas2 AS SELECT r FROM bare_u WHERE r = '4';
SELECT * FROM bare_ctas, bare_ctas2;
DROP TABLE bare_ctas, bare_ctas2;
-- nor does a bare number become a rating anywhere else
SELECT rating_value('4');
SELECT rating_value('9');
SELECT csat_pct(r) FROM (VALUES ('4'::satisfaction_rating)) v(r);
-- (it prints back as written: views and EXPLAIN show constants so)
SELECT '4'::satisfaction_rating AS bare;

-- comparisons compare the value: =, <>, <, <=, >, >=, IN, BETWEEN, with a
-- column with a modifier and one without (ratings on several scales)
SELECT id FROM bare_m WHERE r = '4' ORDER BY id;
SELECT id FROM bare_m WHERE r <> '4' ORDER BY id;
SELECT id FROM bare_m WHERE r < '4' ORDER BY id;
SELECT id FROM bare_m WHERE r >= '4.0' ORDER BY id;
SELECT id FROM bare_m WHERE r IN ('4', '5') ORDER BY id;
SELECT id FROM bare_m WHERE r NOT IN ('4', '5') ORDER BY id;
SELECT id FROM bare_m WHERE r BETWEEN '2' AND '4' ORDER BY id;
SELECT id, r FROM bare_u WHERE r = '4' ORDER BY id;
SELECT id, r FROM bare_u WHERE '4' = r ORDER BY id;
SELECT id, r FROM bare_u WHERE r > '2' ORDER BY id;
SELECT id, r FROM bare_u WHERE r <= '2' ORDER BY id;
SELECT id, r FROM bare_u WHERE r IN ('4', '2') ORDER BY id;
SELECT id, r FROM bare_u WHERE r BETWEEN '3' AND '8' ORDER BY id;
-- on a column with a scale, a bare number off it is an error, as it is
-- when stored
SELECT id FROM bare_m WHERE r = '7';

-- the same through indexes: forced index scans give the rows a scan of the
-- table gives, for every value, operator and IN list, on both columns
CREATE TABLE bare_big_m (id int, r satisfaction_rating(0,10));
CREATE TABLE bare_big_u (id int, r satisfaction_rating);
INSERT INTO bare_big_m SELECT i, rating(i % 11, 0, 10) FROM generate_series(1, 2000) i;
INSERT INTO bare_big_u SELECT i, CASE i % 3 WHEN 0 THEN rating(1 + i % 5, 1, 5)
                                  WHEN 1 THEN rating(i % 11, 0, 10) ELSE rating(1 + i % 3, 1, 3) END
  FROM generate_series(1, 2000) i;
CREATE INDEX ON bare_big_m (r);
CREATE INDEX ON bare_big_u (r);
ANALYZE bare_big_m;
ANALYZE bare_big_u;
CREATE FUNCTION bare_counts(tbl text) RETURNS TABLE (op text, v int, n bigint)
LANGUAGE plpgsql AS $$
DECLARE o text;
BEGIN
  FOREACH o IN ARRAY ARRAY['=', '<>', '<', '<=', '>', '>='] LOOP
    FOR i IN 0..10 LOOP
      op := o; v := i;
      EXECUTE format('SELECT count(*) FROM %I WHERE r %s %L', tbl, o, i::text) INTO n;
      RETURN NEXT;
    END LOOP;
  END LOOP;
  op := 'IN'; v := -1;  -- not NULL: the rows are joined on (op, v)
  EXECUTE format('SELECT count(*) FROM %I WHERE r IN (%s)', tbl,
                 '''0'',''2'',''3'',''5'',''7'',''8'',''9'',''10'',''1''') INTO n;
  RETURN NEXT;
END $$;
CREATE TEMP TABLE seq_m AS SELECT * FROM bare_counts('bare_big_m');
CREATE TEMP TABLE seq_u AS SELECT * FROM bare_counts('bare_big_u');
SET enable_seqscan = off;
SET enable_bitmapscan = off;
-- each count through the index, against the count without it and against
-- plain SQL over the values (the independent count)
CREATE FUNCTION bare_value_count(tbl text, op text, v int) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  IF op = 'IN' THEN
    EXECUTE format('SELECT count(*) FROM %I WHERE rating_value(r) IN (0,2,3,5,7,8,9,10,1)', tbl) INTO n;
  ELSE
    EXECUTE format('SELECT count(*) FROM %I WHERE rating_value(r) %s %s', tbl, op, v) INTO n;
  END IF;
  RETURN n;
END $$;
SELECT 'bare_big_u' AS tbl, count(*) AS checked,
       count(*) FILTER (WHERE s.n <> i.n) AS index_differs,
       count(*) FILTER (WHERE s.n <> bare_value_count('bare_big_u', s.op, s.v)) AS value_differs
FROM seq_u s JOIN bare_counts('bare_big_u') i USING (op, v)
UNION ALL
SELECT 'bare_big_m', count(*),
       count(*) FILTER (WHERE s.n <> i.n),
       count(*) FILTER (WHERE s.n <> bare_value_count('bare_big_m', s.op, s.v))
FROM seq_m s JOIN bare_counts('bare_big_m') i USING (op, v);
-- the plans: with a scale, the bare number takes it and the index is used;
-- without one, the comparison is a plain call that no index uses
EXPLAIN (COSTS OFF) SELECT id FROM bare_big_m WHERE r >= '9';
EXPLAIN (COSTS OFF) SELECT id FROM bare_big_m WHERE r IN ('9', '10');
EXPLAIN (COSTS OFF) SELECT id FROM bare_big_u WHERE r >= '9';
EXPLAIN (COSTS OFF) SELECT id FROM bare_big_u WHERE r IN ('9', '10');

-- untyped parameters (what Rails, pgx and psqlODBC send), custom and
-- generic plans
PREPARE bare_ins_m(unknown) AS INSERT INTO bare_m VALUES (10, $1);
PREPARE bare_ins_u(unknown) AS INSERT INTO bare_u VALUES (10, $1);
PREPARE bare_ge_m(unknown) AS SELECT count(*) FROM bare_big_m WHERE r >= $1;
PREPARE bare_ge_u(unknown) AS SELECT count(*) FROM bare_big_u WHERE r >= $1;
PREPARE bare_in_u(unknown, unknown) AS SELECT count(*) FROM bare_big_u WHERE r IN ($1, $2);
SET plan_cache_mode = force_custom_plan;
EXECUTE bare_ins_m('3');
EXECUTE bare_ins_m('3.00');
EXECUTE bare_ins_m('6');
EXECUTE bare_ins_u('3');
EXECUTE bare_ins_u('3/5');
EXECUTE bare_ge_m('9');
EXECUTE bare_ge_u('9');
EXECUTE bare_in_u('9', '2');
SET plan_cache_mode = force_generic_plan;
EXECUTE bare_ins_m('2');
EXECUTE bare_ins_u('2');
EXECUTE bare_ge_m('9');
EXECUTE bare_ge_u('9');
EXECUTE bare_in_u('9', '2');
EXPLAIN (COSTS OFF) EXECUTE bare_ge_m('9');
EXPLAIN (COSTS OFF) EXECUTE bare_ge_u('9');
RESET plan_cache_mode;
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT count(*) FROM bare_big_u WHERE rating_value(r) >= 9;
SELECT count(*) FROM bare_big_u WHERE rating_value(r) IN (9, 2);
SELECT id, r FROM bare_m WHERE id = 10 ORDER BY r;
SELECT id, r FROM bare_u WHERE id = 10;
-- a view keeps the bare number and prints it back
CREATE VIEW bare_view AS SELECT id FROM bare_u WHERE r = '4';
SELECT pg_get_viewdef('bare_view'::regclass);
SELECT * FROM bare_view ORDER BY id;

-- column sizes: psqlODBC sizes a type it does not know as atttypmod - 4
-- characters.  Every rating of every scale fits the size of its column
-- (0.3.0's typmods, the bare scale byte, gave 6 for (0,10) and 1 for (0,5))
CREATE TABLE bare_sizes AS
SELECT lo, hi, satisfaction_rating_typmod_in(ARRAY[lo::text, hi::text]::cstring[]) AS typmod,
       max(length(rating(v, lo, hi)::text)) AS longest
FROM generate_series(0, 9) lo, generate_series(1, 10) hi, generate_series(0, 10) v
WHERE lo < hi AND v BETWEEN lo AND hi GROUP BY lo, hi;
SELECT count(*) AS scales, count(*) FILTER (WHERE longest > typmod - 4) AS cut_short,
       min(typmod - 4) AS smallest_size, max(longest) AS longest_text
FROM bare_sizes;
SELECT lo, hi, typmod, typmod - 4 AS odbc_size, (lo << 4 | hi) - 4 AS size_in_0_3_0
FROM bare_sizes WHERE (lo, hi) IN ((0, 5), (0, 10), (1, 5)) ORDER BY lo, hi;
-- a column made by 0.3.0 (its typmod the bare scale byte, as pg_upgrade
-- keeps it: set here by hand) works as before, and ALTER ... TYPE with the
-- same scale (the README's statement) gives it the 0.4.0 typmod
CREATE TABLE bare_old (id int, r satisfaction_rating(0,10));
UPDATE pg_attribute SET atttypmod = 10 WHERE attrelid = 'bare_old'::regclass AND attname = 'r';
INSERT INTO bare_old VALUES (1, '10'), (2, '9/0-10'), (3, 7);
INSERT INTO bare_old VALUES (4, '4/5');
SELECT id, r, format_type(atttypid, atttypmod)
FROM bare_old, pg_attribute WHERE attrelid = 'bare_old'::regclass AND attname = 'r' AND r >= '9' ORDER BY id;
ALTER TABLE bare_old ALTER COLUMN r TYPE satisfaction_rating(0,10);
SELECT atttypmod, atttypmod - 4 AS odbc_size, format_type(atttypid, atttypmod)
FROM pg_attribute WHERE attrelid = 'bare_old'::regclass AND attname = 'r';
SELECT id, r FROM bare_old ORDER BY id;

-- explicit casts to numbers give the value
SELECT r, r::integer AS int, r::numeric AS num, r::double precision AS float,
       pg_typeof(r::numeric), pg_typeof(r::double precision)
FROM (VALUES ('4/5'::satisfaction_rating), ('0/0-10'), ('10/0-10')) v(r);
SELECT avg(r::numeric) AS avg, sum(r::integer) AS sum FROM bare_m;
-- still no implicit cast: a rating is not a number in arithmetic
SELECT '4/5'::satisfaction_rating + 1;

-- rating_summary: = and a hash opclass; equal exactly when the text is
SELECT rating_summary(r) = rating_summary(r) AS eq_self,
       rating_summary(r) <> rating_summary(r) AS ne_self
FROM bare_m;
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE (a.s = b.s) <> (a.s::text = b.s::text)) AS eq_differs_from_text,
       count(*) FILTER (WHERE (a.s <> b.s) = (a.s = b.s)) AS ne_wrong,
       count(*) FILTER (WHERE a.s = b.s AND (rating_summary_hash(a.s) <> rating_summary_hash(b.s) OR rating_summary_hash_extended(a.s, 7) <> rating_summary_hash_extended(b.s, 7))) AS hash_differs
FROM (VALUES ('{v1 unanswered 0}'::rating_summary), ('{v1 unanswered 2}'),
             ('{v1 scale 1-5 counts 1,0,0,0,2 unanswered 0}'),
             ('{v1 scale 1-5 counts 1,0,0,0,2 unanswered 1}'),
             ('{v1 scale 1-5 counts 1,0,0,0,2 unanswered 0 satisfied_from 4}'),
             ('{v1 scale 0-4 counts 1,0,0,0,2 unanswered 0}'),
             ('{v1 scales 0-10,1-5 answered 3 satisfied 2 unanswered 0}'),
             ('{v1 scales 0-10,1-5 answered 3 satisfied 1 unanswered 0}'),
             ('{v1  scale 1-5   counts 1,0,0,0,2 unanswered 0}')) a(s),
     LATERAL (VALUES ('{v1 unanswered 0}'::rating_summary), ('{v1 unanswered 2}'),
             ('{v1 scale 1-5 counts 1,0,0,0,2 unanswered 0}'),
             ('{v1 scale 1-5 counts 1,0,0,0,2 unanswered 1}'),
             ('{v1 scale 1-5 counts 1,0,0,0,2 unanswered 0 satisfied_from 4}'),
             ('{v1 scale 0-4 counts 1,0,0,0,2 unanswered 0}'),
             ('{v1 scales 0-10,1-5 answered 3 satisfied 2 unanswered 0}'),
             ('{v1 scales 0-10,1-5 answered 3 satisfied 1 unanswered 0}')) b(s);
-- DISTINCT, UNION and GROUP BY over summaries (hashed: there is no order)
CREATE TABLE bare_daily AS
  SELECT d, rating_summary(r) AS s
  FROM (SELECT i % 4 AS d, rating(1 + i % (i % 4 + 2), 1, 5) AS r FROM generate_series(1, 40) i) x
  GROUP BY d;
INSERT INTO bare_daily SELECT d + 10, s FROM bare_daily WHERE d < 2;
SELECT count(DISTINCT s::text) AS texts, (SELECT count(*) FROM (SELECT DISTINCT s FROM bare_daily) x) AS distinct_summaries FROM bare_daily;
SELECT count(*) AS union_rows FROM (SELECT s FROM bare_daily UNION SELECT s FROM bare_daily) x;
SELECT s, count(*) FROM bare_daily GROUP BY s ORDER BY s::text;
SELECT count(*) AS joined FROM bare_daily a JOIN bare_daily b ON a.s = b.s;

-- MERGE (PostgreSQL 15 on; 13 has none): the same guard and the same scale
MERGE INTO bare_u USING (VALUES (1)) s(k) ON bare_u.id = s.k WHEN MATCHED THEN UPDATE SET r = '5';
MERGE INTO bare_u USING (VALUES (30)) s(k) ON bare_u.id = s.k WHEN NOT MATCHED THEN INSERT VALUES (s.k, '5');
MERGE INTO bare_m USING (VALUES (1)) s(k) ON bare_m.id = s.k WHEN MATCHED THEN UPDATE SET r = '5';
SELECT id, r FROM bare_m WHERE id = 1;
SELECT count(*) AS merged_into_u FROM bare_u WHERE id = 30;
