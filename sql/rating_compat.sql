-- Drivers and BI tools: reflectable type modifiers, comparison with
-- integers, assignment casts from bigint, numeric and double precision,
-- '4.0' in COPY.

------------------------------------------------------------------------
-- Type modifiers: printed as (H) for 1..H and ('L-H') otherwise, never
-- two numbers with a comma (SQLAlchemy reads \(([\d,]+)\) and calls int())
------------------------------------------------------------------------
CREATE TABLE forms (
  id int,
  a satisfaction_rating(1,5),
  b satisfaction_rating(5),
  c satisfaction_rating('1-5'),
  d satisfaction_rating(0,10),
  e satisfaction_rating('0-10'),
  f satisfaction_rating('0..10'),
  g satisfaction_rating(' 2 - 4 '),
  h satisfaction_rating('7'),
  i satisfaction_rating
);
SELECT attname, atttypmod, format_type(atttypid, atttypmod)
FROM pg_attribute WHERE attrelid = 'forms'::regclass AND attnum > 0 ORDER BY attnum;
\d forms
-- information_schema: a user-defined type; no length, precision or scale
SELECT column_name, data_type, udt_name, character_maximum_length,
       numeric_precision, numeric_scale, datetime_precision
FROM information_schema.columns WHERE table_name = 'forms' ORDER BY ordinal_position;
-- ... a summary column is user-defined too, an aggregate in a view numeric
CREATE TABLE summarized (s rating_summary);
CREATE VIEW metric_view AS SELECT csat_pct(a) AS pct, round(csat_pct(a), 1)::numeric(4,1) AS pct_1 FROM forms;
SELECT table_name, column_name, data_type, udt_name, numeric_precision, numeric_scale
FROM information_schema.columns WHERE table_name IN ('summarized', 'metric_view')
ORDER BY table_name, ordinal_position;

-- every scale: the printed form reads back as the same modifier (what
-- pg_dump, pg_restore and pg_upgrade do), and SQLAlchemy's pattern finds no
-- comma in it
-- (0.4.0's typmod is 256 | (lo << 4) | hi; the printed form of 0.3.0's
-- lo << 4 | hi reads back as it)
CREATE TABLE every_scale AS
SELECT lo, hi, (256 | (lo << 4) | hi) AS typmod,
       format_type('satisfaction_rating'::regtype, lo << 4 | hi) AS printed
FROM generate_series(0, 9) lo, generate_series(1, 10) hi WHERE lo < hi;
DO $$
DECLARE s record;
BEGIN
  FOR s IN SELECT * FROM every_scale LOOP
    EXECUTE format('CREATE TABLE scale_%s_%s (r %s)', s.lo, s.hi, s.printed);
  END LOOP;
END $$;
SELECT count(*) AS scales,
       count(*) FILTER (WHERE a.atttypmod = e.typmod) AS read_back_same,
       count(*) FILTER (WHERE (regexp_match(e.printed, '\(([\d,]+)\)'))[1] LIKE '%,%') AS sqlalchemy_crashes,
       count(*) FILTER (WHERE (regexp_match(e.printed, '\(([\d,]+)\)'))[1] IS NOT NULL) AS one_number
FROM every_scale e
JOIN pg_attribute a ON a.attrelid = format('scale_%s_%s', e.lo, e.hi)::regclass AND a.attname = 'r';
SELECT printed FROM every_scale WHERE (lo, hi) IN ((1, 5), (0, 10), (1, 10), (0, 5), (9, 10)) ORDER BY lo, hi;

-- modifier lists that are not a scale
SELECT stmt, try(stmt) FROM (VALUES
  ($$SELECT NULL::satisfaction_rating('1-11')$$),
  ($$SELECT NULL::satisfaction_rating('5-1')$$),
  ($$SELECT NULL::satisfaction_rating('1-')$$),
  ($$SELECT NULL::satisfaction_rating('1...5')$$),
  ($$SELECT NULL::satisfaction_rating('0-10', 5)$$),
  ($$SELECT NULL::satisfaction_rating(x)$$),
  ($$SELECT NULL::satisfaction_rating('')$$),
  ($$SELECT NULL::satisfaction_rating('99999999999')$$),
  ($$SELECT satisfaction_rating_typmod_out(300)::text$$)
) t(stmt);

------------------------------------------------------------------------
-- '4.0' is a bare 4 where a bare number is accepted (COPY into a modified
-- column); '4.5' is an error naming the value
------------------------------------------------------------------------
CREATE TABLE loaded (id int, csat satisfaction_rating(1,5), nps satisfaction_rating(0,10));
COPY loaded FROM stdin (FORMAT csv);
1,4.0,9.0
2,5,10.00
3,,0.0
4,4/5,9/0-10
\.
SELECT * FROM loaded ORDER BY id;
COPY loaded FROM stdin (FORMAT csv);
5,4.5,9
\.
SELECT count(*) AS rows FROM loaded;
SELECT stmt, try(stmt) FROM (VALUES
  ($$SELECT satisfaction_rating_in('4.0', 0, 21)::text$$),
  ($$SELECT satisfaction_rating_in(' 10.000 ', 0, 10)::text$$),
  ($$SELECT satisfaction_rating_in('4.5', 0, 21)::text$$),
  ($$SELECT satisfaction_rating_in('4.01', 0, 21)::text$$),
  ($$SELECT satisfaction_rating_in('6.0', 0, 21)::text$$),
  ($$SELECT satisfaction_rating_in('4.', 0, 21)::text$$),
  ($$SELECT satisfaction_rating_in('4.0/5', 0, 21)::text$$),
  ($$SELECT satisfaction_rating_in('4 .0', 0, 21)::text$$),
  ($$SELECT satisfaction_rating_in('4.0', 0, -1)::text$$),
  ($$SELECT '4.0'::satisfaction_rating::text$$)
) t(stmt);

------------------------------------------------------------------------
-- Assignment casts from bigint, numeric and double precision
------------------------------------------------------------------------
CREATE TABLE assigned (id int, csat satisfaction_rating(1,5), nps satisfaction_rating(0,10), any_scale satisfaction_rating);
INSERT INTO assigned (id, csat, nps) VALUES (1, 4::bigint, 9::bigint);
INSERT INTO assigned (id, csat, nps) VALUES (2, 4.0, 10.000);
INSERT INTO assigned (id, csat, nps) VALUES (3, 5::float8, 0::float8);
INSERT INTO assigned (id, csat, nps) VALUES (4, '-0'::float8 + 1, '-0'::float8);
INSERT INTO assigned (id, csat, nps) VALUES (5, NULL::numeric, NULL::float8);
INSERT INTO assigned (id, csat, nps) SELECT 6, x, y FROM (VALUES (3::bigint, 7::numeric)) v(x, y);
UPDATE assigned SET csat = 2.0 WHERE id = 6;
SELECT id, csat, nps, any_scale FROM assigned ORDER BY id;
SELECT 4::bigint::satisfaction_rating(5) AS explicit_bigint,
       4.0::satisfaction_rating(5) AS explicit_numeric,
       9::float8::satisfaction_rating(0,10) AS explicit_float8;
-- never rounded, never clamped; a SQLSTATE for each
SELECT stmt, try(stmt) FROM (VALUES
  ($$INSERT INTO assigned (id, csat) VALUES (9, 4.5) RETURNING csat$$),
  ($$INSERT INTO assigned (id, csat) VALUES (9, 4.000001) RETURNING csat$$),
  ($$INSERT INTO assigned (id, csat) VALUES (9, 4.5::float8) RETURNING csat$$),
  ($$INSERT INTO assigned (id, csat) VALUES (9, 'NaN'::numeric) RETURNING csat$$),
  ($$INSERT INTO assigned (id, csat) VALUES (9, 'NaN'::float8) RETURNING csat$$),
  ($$INSERT INTO assigned (id, csat) VALUES (9, 'Infinity'::float8) RETURNING csat$$),
  ($$INSERT INTO assigned (id, csat) VALUES (9, '-Infinity'::float8) RETURNING csat$$),
  ($$INSERT INTO assigned (id, csat) VALUES (9, 1e300::float8) RETURNING csat$$),
  ($$INSERT INTO assigned (id, csat) VALUES (9, 6::bigint) RETURNING csat$$),
  ($$INSERT INTO assigned (id, csat) VALUES (9, 0.0) RETURNING csat$$),
  ($$INSERT INTO assigned (id, nps) VALUES (9, 11::float8) RETURNING nps$$),
  ($$INSERT INTO assigned (id, nps) VALUES (9, -1::bigint) RETURNING nps$$),
  ($$INSERT INTO assigned (id, csat) VALUES (9, 9223372036854775807) RETURNING csat$$),
  ($$INSERT INTO assigned (id, csat) VALUES (9, 123456789012345678901234567890) RETURNING csat$$),
  ($$INSERT INTO assigned (id, csat) VALUES (9, 4.9999999999999999999) RETURNING csat$$)
) t(stmt);
-- without a modifier: the error integers get
SELECT stmt, try(stmt) FROM (VALUES
  ($$INSERT INTO assigned (id, any_scale) VALUES (9, 4) RETURNING any_scale$$),
  ($$INSERT INTO assigned (id, any_scale) VALUES (9, 4::bigint) RETURNING any_scale$$),
  ($$INSERT INTO assigned (id, any_scale) VALUES (9, 4.0) RETURNING any_scale$$),
  ($$INSERT INTO assigned (id, any_scale) VALUES (9, 4.5) RETURNING any_scale$$),
  ($$INSERT INTO assigned (id, any_scale) VALUES (9, 4::float8) RETURNING any_scale$$),
  ($$SELECT 4::bigint::satisfaction_rating$$)
) t(stmt);
SELECT count(*) FILTER (WHERE id = 9) AS bad_rows FROM assigned;
-- assignment casts only: a number is never silently a rating in an expression
SELECT try($$SELECT rating_value(4::bigint)$$);

------------------------------------------------------------------------
-- Comparison with smallint, integer and bigint: the rating's value
------------------------------------------------------------------------
CREATE TABLE cmp_ratings AS
SELECT rating(v, lo, hi) AS r
FROM (VALUES (1, 5), (0, 10), (1, 3), (2, 4)) s(lo, hi), generate_series(lo, hi) v;
-- every operator, both orders, every integer type, against rating_value
SELECT count(*) AS pairs, count(*) FILTER (WHERE
      (r = i::smallint) IS DISTINCT FROM (rating_value(r) = i) OR
      (i::smallint = r) IS DISTINCT FROM (i = rating_value(r)) OR
      (r <> i::smallint) IS DISTINCT FROM (rating_value(r) <> i) OR
      (i::smallint <> r) IS DISTINCT FROM (i <> rating_value(r)) OR
      (r < i::smallint) IS DISTINCT FROM (rating_value(r) < i) OR
      (i::smallint < r) IS DISTINCT FROM (i < rating_value(r)) OR
      (r <= i::smallint) IS DISTINCT FROM (rating_value(r) <= i) OR
      (i::smallint <= r) IS DISTINCT FROM (i <= rating_value(r)) OR
      (r > i::smallint) IS DISTINCT FROM (rating_value(r) > i) OR
      (i::smallint > r) IS DISTINCT FROM (i > rating_value(r)) OR
      (r >= i::smallint) IS DISTINCT FROM (rating_value(r) >= i) OR
      (i::smallint >= r) IS DISTINCT FROM (i >= rating_value(r)) OR
      (r = i::integer) IS DISTINCT FROM (rating_value(r) = i) OR
      (i::integer = r) IS DISTINCT FROM (i = rating_value(r)) OR
      (r <> i::integer) IS DISTINCT FROM (rating_value(r) <> i) OR
      (i::integer <> r) IS DISTINCT FROM (i <> rating_value(r)) OR
      (r < i::integer) IS DISTINCT FROM (rating_value(r) < i) OR
      (i::integer < r) IS DISTINCT FROM (i < rating_value(r)) OR
      (r <= i::integer) IS DISTINCT FROM (rating_value(r) <= i) OR
      (i::integer <= r) IS DISTINCT FROM (i <= rating_value(r)) OR
      (r > i::integer) IS DISTINCT FROM (rating_value(r) > i) OR
      (i::integer > r) IS DISTINCT FROM (i > rating_value(r)) OR
      (r >= i::integer) IS DISTINCT FROM (rating_value(r) >= i) OR
      (i::integer >= r) IS DISTINCT FROM (i >= rating_value(r)) OR
      (r = i::bigint) IS DISTINCT FROM (rating_value(r) = i) OR
      (i::bigint = r) IS DISTINCT FROM (i = rating_value(r)) OR
      (r <> i::bigint) IS DISTINCT FROM (rating_value(r) <> i) OR
      (i::bigint <> r) IS DISTINCT FROM (i <> rating_value(r)) OR
      (r < i::bigint) IS DISTINCT FROM (rating_value(r) < i) OR
      (i::bigint < r) IS DISTINCT FROM (i < rating_value(r)) OR
      (r <= i::bigint) IS DISTINCT FROM (rating_value(r) <= i) OR
      (i::bigint <= r) IS DISTINCT FROM (i <= rating_value(r)) OR
      (r > i::bigint) IS DISTINCT FROM (rating_value(r) > i) OR
      (i::bigint > r) IS DISTINCT FROM (i > rating_value(r)) OR
      (r >= i::bigint) IS DISTINCT FROM (rating_value(r) >= i) OR
      (i::bigint >= r) IS DISTINCT FROM (i >= rating_value(r))
  ) AS wrong
FROM cmp_ratings, generate_series(-1, 11) i;
-- the operators a BI tool's filter or a driver's parameter generates
SELECT '4/5'::satisfaction_rating >= 4 AS ge_int,
       '4/5'::satisfaction_rating = 4::bigint AS eq_bigint,
       '4/5'::satisfaction_rating < 5::smallint AS lt_smallint,
       7 <= '7/0-10'::satisfaction_rating AS int_le,
       6 <> '6/7'::satisfaction_rating AS int_ne,
       '4/5'::satisfaction_rating IN (4, 5) AS in_list,
       '4/5'::satisfaction_rating = ANY ('{1,4}'::bigint[]) AS any_bigint;
-- value only: '4/5' and '4/7' both equal 4, though not equal to each other
SELECT '4/5'::satisfaction_rating = 4 AND '4/7'::satisfaction_rating = 4 AS both_4,
       '4/5'::satisfaction_rating = '4/7'::satisfaction_rating AS equal_ratings,
       '4/5'::satisfaction_rating < '4/7'::satisfaction_rating AS rating_order;
-- NULLs: strict
SELECT ('4/5'::satisfaction_rating = NULL::int) IS NULL AS null_int,
       (NULL::satisfaction_rating >= 4) IS NULL AS null_rating;
-- existing forms still resolve to rating = rating
SELECT '4/5'::satisfaction_rating = '4/5' AS unknown_literal,
       '4/5'::satisfaction_rating = '4/7' AS unknown_other_scale,
       '4/5'::satisfaction_rating < '9/0-10' AS unknown_lt;
CREATE TABLE filtered (id int, csat satisfaction_rating(1,5), any_scale satisfaction_rating);
INSERT INTO filtered SELECT i, (i % 5) + 1, rating((i % 5) + 1, 1, 5) FROM generate_series(1, 10) i;
EXPLAIN (COSTS OFF, VERBOSE) SELECT id FROM filtered WHERE csat = '4/5';
EXPLAIN (COSTS OFF, VERBOSE) SELECT id FROM filtered WHERE csat = 4;
EXPLAIN (COSTS OFF, VERBOSE) SELECT id FROM filtered WHERE 4 <= csat AND csat < 5::bigint;
-- a parameter of unknown type (JDBC setString with stringtype=unspecified,
-- psycopg2's quoted literals) is a rating
PREPARE by_text(unknown) AS SELECT count(*) FROM filtered WHERE csat = $1;
PREPARE by_untyped AS SELECT count(*) FROM filtered WHERE csat = $1;
PREPARE by_int(int) AS SELECT count(*) FROM filtered WHERE csat >= $1;
PREPARE by_bigint(bigint) AS SELECT count(*) FROM filtered WHERE csat >= $1;
SELECT name, parameter_types FROM pg_prepared_statements WHERE name LIKE 'by_%' ORDER BY name;
EXECUTE by_text('4/5');
EXECUTE by_untyped('4/5');
EXECUTE by_int(4);
EXECUTE by_bigint(4);
-- a bare number as the parameter compares the value (0.4.0; 0.3.0: "has no scale")
SELECT try($$EXECUTE by_untyped('4')$$) AS bare_text_param;
DEALLOCATE ALL;
-- numeric is not compared (no implicit cast numeric -> integer or rating)
SELECT try($$SELECT count(*) FROM filtered WHERE csat >= 4.5$$);

------------------------------------------------------------------------
-- WHERE csat >= 4 with an index: the operators are inlined into
-- rating_value(csat) >= 4, so an expression index on rating_value(csat)
-- serves them
------------------------------------------------------------------------
CREATE TABLE indexed (id int, csat satisfaction_rating(1,5));
INSERT INTO indexed SELECT i, ((i * 7919 + 13) % 5) + 1 FROM generate_series(1, 2000) i;
CREATE INDEX indexed_value ON indexed (rating_value(csat));
ANALYZE indexed;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM indexed WHERE csat >= 4;
EXPLAIN (COSTS OFF) SELECT count(*) FROM indexed WHERE 5 = csat;
EXPLAIN (COSTS OFF) SELECT count(*) FROM indexed WHERE csat < 2::bigint;
SELECT count(*) FILTER (WHERE csat >= 4) AS ge4_index FROM indexed WHERE csat >= 4;
RESET enable_bitmapscan;
RESET enable_seqscan;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SELECT count(*) AS ge4_seq FROM indexed WHERE csat >= 4;
SELECT count(*) AS ge4_formula FROM indexed WHERE rating_value(csat) >= 4;
RESET enable_indexscan;
RESET enable_bitmapscan;
