-- satisfaction_rating type modifiers: (hi) is 1..hi, (lo,hi) is lo..hi

CREATE TABLE tm (
  id int,
  c5 satisfaction_rating(5),
  c7 satisfaction_rating(1,7),
  n satisfaction_rating(0,10),
  any_scale satisfaction_rating
);
SELECT attname, format_type(atttypid, atttypmod)
FROM pg_attribute WHERE attrelid = 'tm'::regclass AND attnum > 0 ORDER BY attnum;

-- invalid modifiers
SELECT stmt, try(stmt) FROM (VALUES
  ('SELECT NULL::satisfaction_rating(1)'),
  ('SELECT NULL::satisfaction_rating(11)'),
  ('SELECT NULL::satisfaction_rating(0)'),
  ('SELECT NULL::satisfaction_rating(5,1)'),
  ('SELECT NULL::satisfaction_rating(3,3)'),
  ('SELECT NULL::satisfaction_rating(0,11)'),
  ('SELECT NULL::satisfaction_rating(-1,5)'),
  ('SELECT NULL::satisfaction_rating(1,2,3)')
) t(stmt);

-- the I/O and cast functions check a typmod passed by a SQL caller: an
-- invalid one is an error, never a rating on an impossible scale (found by
-- fuzzing: 85 is the byte of the scale 5-5)
SELECT stmt, try(stmt) FROM (VALUES
  ($$SELECT satisfaction_rating_in('5', 0, 85)::text$$),
  ($$SELECT satisfaction_rating_in('15', 0, 255)::text$$),
  ($$SELECT satisfaction_rating_in('4/5', 0, 533)::text$$),
  ($$SELECT satisfaction_rating_in('4/5', 0, 277)::text$$),
  ($$SELECT satisfaction_rating_in('4/5', 0, 21)::text$$),
  ($$SELECT satisfaction_rating(5, 85, false)::text$$),
  ($$SELECT satisfaction_rating(5::smallint, 11, false)::text$$),
  ($$SELECT satisfaction_rating('4/5'::satisfaction_rating, 300, false)::text$$),
  ($$SELECT satisfaction_rating_in('4', 0, 21)::text$$),
  ($$SELECT satisfaction_rating_in('4/5', 0, -1)::text$$)
) t(stmt);

-- ratings with the right scale, text and integer
INSERT INTO tm VALUES (1, '4/5', '6/7', '9/0-10', '3/5');
INSERT INTO tm (id, c5, c7, n) VALUES (2, 5, 7, 0);
INSERT INTO tm (id, c5, c7, n) VALUES (3, 1::smallint, 1::smallint, 10::smallint);
INSERT INTO tm (id, c5) SELECT 4, s FROM (VALUES (2::smallint)) v(s);
SELECT * FROM tm ORDER BY id;

-- a rating on another scale is rejected, never rescaled: INSERT ...
SELECT try($$INSERT INTO tm (id, c5) VALUES (9, '4/7') RETURNING c5$$);
SELECT try($$INSERT INTO tm (id, n) VALUES (9, '9/10') RETURNING n$$);
SELECT try($$INSERT INTO tm (id, c5) VALUES (9, rating(4, 0, 5)) RETURNING c5$$);
-- ... integers off the column's scale ...
SELECT try($$INSERT INTO tm (id, c5) VALUES (9, 6) RETURNING c5$$);
SELECT try($$INSERT INTO tm (id, c5) VALUES (9, 0::smallint) RETURNING c5$$);
SELECT try($$INSERT INTO tm (id, n) VALUES (9, -1) RETURNING n$$);
-- ... integers where no scale is known ...
SELECT try($$INSERT INTO tm (id, any_scale) VALUES (9, 4) RETURNING any_scale$$);
SELECT try($$SELECT 4::satisfaction_rating$$);
-- ... UPDATE, from a literal, another column or an expression ...
SELECT try($$UPDATE tm SET c5 = '4/7' WHERE id = 1 RETURNING c5$$);
SELECT try($$UPDATE tm SET c5 = c7 WHERE id = 1 RETURNING c5$$);
SELECT try($$UPDATE tm SET n = c5 WHERE id = 1 RETURNING n$$);
SELECT try($$UPDATE tm SET c5 = 8 WHERE id = 1 RETURNING c5$$);
-- ... and explicit casts to a modified type
SELECT try($$SELECT '4/7'::satisfaction_rating::satisfaction_rating(5)$$);
SELECT '4/5'::satisfaction_rating::satisfaction_rating(5) AS same_scale_ok,
       4::satisfaction_rating(5) AS int_with_modifier,
       3::smallint::satisfaction_rating(0,10) AS smallint_with_modifier;
-- bare text (the modifier is not passed to the input function outside
-- COPY) takes the column's scale from the length coercion (0.4.0; 0.3.0
-- raised "has no scale")
SELECT try($$INSERT INTO tm (id, c5) VALUES (9, '4') RETURNING c5$$);
UPDATE tm SET c5 = 3 WHERE id = 1;
UPDATE tm SET c7 = '2/7' WHERE id = 1;
SELECT id, c5, c7 FROM tm WHERE id = 1;
-- nothing was stored by the failed statements (id 9 is the bare '4')
SELECT count(*) AS rows, count(*) FILTER (WHERE id = 9) AS bad_rows FROM tm;

-- COPY into modified columns: bare numbers take the column's scale, full
-- ratings must match it
COPY tm (id, c5, c7, n) FROM stdin;
10	4	7	9
11	4/5	3/7	0/0-10
12	\N	1	10
\.
SELECT * FROM tm WHERE id >= 10 ORDER BY id;
COPY tm (id, c5) FROM stdin;
13	6
\.
COPY tm (id, c5) FROM stdin;
13	4/7
\.
COPY tm (id, n) FROM stdin;
13	5/5
\.
COPY tm (id, any_scale) FROM stdin;
13	4
\.
SELECT count(*) FROM tm WHERE id = 13;

-- binary COPY round trip, typmods enforced on the way in
CREATE TABLE tm_copy (LIKE tm);
COPY tm TO '/tmp/csat_tm.bin' WITH (FORMAT binary);
COPY tm_copy FROM '/tmp/csat_tm.bin' WITH (FORMAT binary);
SELECT (SELECT count(*) FROM tm) AS original,
       (SELECT count(*) FROM (SELECT * FROM tm EXCEPT SELECT * FROM tm_copy) d) AS missing,
       (SELECT count(*) FROM (SELECT * FROM tm_copy EXCEPT SELECT * FROM tm) d) AS extra;
-- a binary file of 1-7 ratings cannot enter a 1-5 column
CREATE TABLE c7_only (r satisfaction_rating(1,7));
INSERT INTO c7_only VALUES (7);
COPY c7_only TO '/tmp/csat_c7.bin' WITH (FORMAT binary);
CREATE TABLE c5_only (r satisfaction_rating(1,5));
COPY c5_only FROM '/tmp/csat_c7.bin' WITH (FORMAT binary);

-- corrupt binary input: the binary form is the value byte then the scale
-- byte (lo << 4 | hi); build files by hand
SELECT field, binary_copy_in('satisfaction_rating', field) FROM (VALUES
  ('\x0415'::bytea),   -- 4/5: ok
  ('\x090a'::bytea),   -- 9/0-10: ok
  ('\x04'::bytea),     -- 1 byte
  ('\x041500'::bytea), -- 3 bytes
  (''::bytea),         -- 0 bytes
  ('\x0615'::bytea),   -- 6 on 1-5
  ('\x0015'::bytea),   -- 0 on 1-5
  ('\x0451'::bytea),   -- scale 5-1
  ('\x0433'::bytea),   -- scale 3-3
  ('\x040b'::bytea),   -- scale 0-11
  ('\x04a5'::bytea),   -- lo 10
  ('\x0400'::bytea),   -- scale byte 0
  ('\xffff'::bytea)
) t(field);
SELECT rating_value(r), scale_lo(r), scale_hi(r), satisfaction_rating_send(r)
FROM (VALUES ('4/5'::satisfaction_rating), ('9/0-10'), ('10/9-10')) v(r);
DROP TABLE tm, tm_copy, c7_only, c5_only;
