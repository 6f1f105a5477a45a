-- satisfaction_rating: text input and output

-- every scale size from 2 to 11 points: the forms V/H, V/L-H, V/L..H and
-- blanks around the parts, with their canonical output
SELECT lo, hi, hi - lo + 1 AS points,
       CASE WHEN lo = 1 THEN (hi || '/' || hi)::satisfaction_rating END AS "V/H",
       (lo || '/' || lo || '-' || hi)::satisfaction_rating AS "V/L-H",
       (hi || '/' || lo || '..' || hi)::satisfaction_rating AS "V/L..H",
       (' ' || hi || ' / ' || lo || ' - ' || hi || ' ')::satisfaction_rating AS "blanks"
FROM (VALUES (1,2),(0,1),(9,10),(1,3),(2,4),(1,4),(1,5),(1,6),(0,5),(1,7),
             (1,8),(1,9),(1,10),(0,10)) s(lo, hi)
ORDER BY points, lo;

-- V/1-H is the same rating as V/H (canonical output drops lo = 1)
SELECT '4/1-5'::satisfaction_rating = '4/5'::satisfaction_rating AS same,
       '4/1-5'::satisfaction_rating::text AS canonical;

-- exhaustive round trip: every value of every scale (55 scales), in every
-- accepted spelling, reads back to the same rating and prints canonically
WITH all_ratings AS (
  SELECT lo, hi, v FROM generate_series(0, 9) lo, generate_series(1, 10) hi,
         generate_series(0, 10) v
  WHERE lo < hi AND v BETWEEN lo AND hi
), spelled AS (
  SELECT lo, hi, v, f, CASE f
      WHEN 1 THEN v || '/' || lo || '-' || hi
      WHEN 2 THEN v || '/' || lo || '..' || hi
      WHEN 3 THEN E'\t' || v || ' /  ' || lo || ' .. ' || hi || E' \n'
      WHEN 4 THEN '0' || v || '/0' || lo || '-0' || hi
    END AS txt
  FROM all_ratings, generate_series(1, 4) f
)
SELECT count(*) AS spellings,
       count(DISTINCT (lo, hi)) AS scales,
       count(*) FILTER (WHERE txt::satisfaction_rating = rating(v, lo, hi)) AS read_right,
       count(*) FILTER (WHERE txt::satisfaction_rating::text =
           CASE WHEN lo = 1 THEN v || '/' || hi ELSE v || '/' || lo || '-' || hi END) AS canonical,
       count(*) FILTER (WHERE txt::satisfaction_rating::text::satisfaction_rating
           = txt::satisfaction_rating) AS round_trip
FROM spelled;

-- rejected forms: SQLSTATE, message naming the value, hint
SELECT input, try(format('SELECT %L::satisfaction_rating', input)) AS result
FROM (VALUES
  (''), ('   '), ('abc'), ('4/'), ('/5'), ('4/5/'), ('4//5'), ('4/-5'), ('4/1-'), ('4/1..'),
  ('4/1...5'), ('4.5/5'), ('4/5.0'), ('-1/5'), ('+4/5'), ('4/5 x'), ('4/5x'), ('4 5'),
  ('4/1-5-7'), ('4/0x5'), ('４/5'),
  ('6/5'), ('0/5'), ('11/0-10'), ('4/2-3'),
  ('4/5-1'), ('4/3-3'), ('4/11'), ('4/1'), ('4/0'), ('4/0-11'), ('4/-1-5'),
  ('99999999999/5'), ('4/99999999999'), ('4/1-99999999999'),
  ('4'), ('10')
) t(input);

-- a bare number with no modifier: a value whose scale is still to come
-- (0.4.0, see rating_stacks).  It prints as written, and anything that
-- needs its scale is the 0.3.0 error, as psql shows it
SELECT '4'::satisfaction_rating;
SELECT rating_value('4');

-- storage: 2 bytes, pass by value, like smallint
SELECT pg_column_size('4/5'::satisfaction_rating) AS size,
       typlen, typbyval, typalign, typstorage
FROM pg_type WHERE typname = 'satisfaction_rating';

CREATE TABLE size_ratings AS
  SELECT rating((i % 5) + 1, 1, 5) AS r FROM generate_series(1, 10000) i;
CREATE TABLE size_smallints AS
  SELECT ((i % 5) + 1)::smallint AS s FROM generate_series(1, 10000) i;
SELECT pg_relation_size('size_ratings') = pg_relation_size('size_smallints') AS same_size,
       pg_relation_size('size_ratings') > 0 AS nonempty;
DROP TABLE size_ratings, size_smallints;

-- construction and access
SELECT rating(4, 1, 5) AS r, rating_value(rating(4, 1, 5)) AS value,
       scale_lo(rating(9, 0, 10)) AS lo, scale_hi(rating(9, 0, 10)) AS hi,
       normalized(rating(4, 1, 5)) AS n4of5, normalized(rating(0, 0, 10)) AS n0,
       normalized(rating(10, 0, 10)) AS n10, rating(3, 1, 5)::integer AS as_int;
SELECT stmt, try(stmt) FROM (VALUES
  ('SELECT rating(6, 1, 5)'), ('SELECT rating(1, 5, 1)'),
  ('SELECT rating(1, 1, 11)'), ('SELECT rating(-1, -1, 5)')) t(stmt);
SELECT rating(NULL, 1, 5) IS NULL AS strict_null;
