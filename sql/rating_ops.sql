-- satisfaction_rating comparison, btree and hash classes

-- order across scales: by normalized position, ties broken by scale
-- (narrower scale first, then lower lo)
SELECT r, normalized(r) AS position
FROM (VALUES ('1/5'::satisfaction_rating), ('0/0-10'), ('5/5'), ('10/0-10'), ('3/5'),
             ('5/0-10'), ('1/3'), ('2/3'), ('4/7'), ('3/1-3'), ('1/0-1'), ('2/2'),
             ('6/0-10'), ('4/5'), ('7/0-10'), ('2/2-4')) v(r)
ORDER BY r;
SELECT '3/5'::satisfaction_rating < '5/0-10' AS "3/5 < 5/0-10",
       '5/0-10'::satisfaction_rating < '2/3' AS "5/0-10 < 2/3",
       '4/5'::satisfaction_rating > '7/0-10' AS "4/5 > 7/0-10",
       '4/5'::satisfaction_rating >= '4/5' AS ge_self, '4/5'::satisfaction_rating <= '4/5' AS le_self,
       '4/5'::satisfaction_rating = '4/5' AS eq, '4/5'::satisfaction_rating <> '4/1-5' AS ne_same,
       '4/5'::satisfaction_rating = '4/7' AS eq_other_scale,
       '3/5'::satisfaction_rating = '5/0-10' AS eq_same_position,
       satisfaction_rating_cmp('3/5', '5/0-10') AS cmp;

-- the order is total and consistent with equality: for every pair of the
-- 275 ratings (every value of the 55 scales), exactly one of <, =, > holds, = holds iff value and scale are
-- equal, and cmp/</<=/>=/> agree with each other and are antisymmetric
CREATE TABLE every_rating AS
  SELECT rating(v, lo, hi) AS r, v, lo, hi
  FROM generate_series(0, 9) lo, generate_series(1, 10) hi, generate_series(0, 10) v
  WHERE lo < hi AND v BETWEEN lo AND hi;
SELECT count(*) AS ratings FROM every_rating;
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE (a.r < b.r)::int + (a.r = b.r)::int + (a.r > b.r)::int <> 1) AS not_trichotomous,
       count(*) FILTER (WHERE (a.r = b.r) <> (a.v = b.v AND a.lo = b.lo AND a.hi = b.hi)) AS eq_wrong,
       count(*) FILTER (WHERE (a.r <> b.r) = (a.r = b.r)) AS ne_wrong,
       count(*) FILTER (WHERE (a.r <= b.r) <> (a.r < b.r OR a.r = b.r)
                           OR (a.r >= b.r) <> (b.r <= a.r)
                           OR (a.r > b.r) <> (b.r < a.r)) AS ops_disagree,
       count(*) FILTER (WHERE sign(satisfaction_rating_cmp(a.r, b.r)) <>
                              CASE WHEN a.r < b.r THEN -1 WHEN a.r = b.r THEN 0 ELSE 1 END) AS cmp_wrong,
       count(*) FILTER (WHERE normalized(a.r) < normalized(b.r) AND NOT a.r < b.r) AS position_ignored
FROM every_rating a, every_rating b;
-- transitivity over all triples of a sample
SELECT count(*) AS intransitive
FROM every_rating a, every_rating b, every_rating c
WHERE a.lo IN (0, 1) AND b.lo IN (0, 1, 2) AND c.hi IN (5, 7, 10)
  AND a.r < b.r AND b.r < c.r AND NOT a.r < c.r;

-- GROUP BY and DISTINCT, sorted and hashed, give the same groups
CREATE TABLE ops_t AS
  SELECT i, rating(1 + (i * 7) % 5, 1, 5) AS r5,
         (ARRAY['1/5','2/5','3/5','4/5','5/5','0/0-10','9/0-10','10/0-10','4/7'])[1 + i % 9]::satisfaction_rating AS r
  FROM generate_series(1, 2000) i;
ANALYZE ops_t;
SET enable_hashagg = off;
SELECT r, count(*) FROM ops_t GROUP BY r ORDER BY r;
CREATE TEMP TABLE sorted_groups AS SELECT r, count(*) AS n FROM ops_t GROUP BY r;
SELECT count(DISTINCT r) AS distinct_sorted FROM ops_t;
RESET enable_hashagg;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT r, count(*) FROM ops_t GROUP BY r;
CREATE TEMP TABLE hashed_groups AS SELECT r, count(*) AS n FROM ops_t GROUP BY r;
SELECT count(*) AS differing_groups FROM (
  (SELECT * FROM sorted_groups EXCEPT SELECT * FROM hashed_groups)
  UNION ALL
  (SELECT * FROM hashed_groups EXCEPT SELECT * FROM sorted_groups)) d;
EXPLAIN (COSTS OFF) SELECT DISTINCT r FROM ops_t;
SELECT count(*) AS distinct_hashed FROM (SELECT DISTINCT r FROM ops_t) d;
RESET enable_sort;

-- hash join and merge join return what a nested loop returns
CREATE TABLE ops_u AS SELECT DISTINCT r FROM ops_t;
SET enable_mergejoin = off; SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM ops_t JOIN ops_u USING (r);
SELECT count(*) AS hash_join FROM ops_t JOIN ops_u USING (r);
RESET enable_mergejoin; SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM ops_t JOIN ops_u USING (r);
SELECT count(*) AS merge_join FROM ops_t JOIN ops_u USING (r);
RESET enable_nestloop; SET enable_mergejoin = off;
SELECT count(*) AS nested_loop FROM ops_t JOIN ops_u USING (r);
RESET enable_hashjoin; RESET enable_mergejoin;

-- a btree index scan returns exactly what a sequential scan returns
CREATE TABLE seq_result AS SELECT i, r FROM ops_t WHERE r >= '4/5' AND r < '10/0-10';
CREATE INDEX ops_t_r ON ops_t (r);
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT i, r FROM ops_t WHERE r >= '4/5' AND r < '10/0-10';
CREATE TABLE idx_result AS SELECT i, r FROM ops_t WHERE r >= '4/5' AND r < '10/0-10';
SELECT (SELECT count(*) FROM seq_result) AS seq_rows,
       (SELECT count(*) FROM (SELECT * FROM seq_result EXCEPT SELECT * FROM idx_result) d) AS missing,
       (SELECT count(*) FROM (SELECT * FROM idx_result EXCEPT SELECT * FROM seq_result) d) AS extra;
EXPLAIN (COSTS OFF) SELECT r FROM ops_t ORDER BY r LIMIT 3;
SELECT array_agg(r ORDER BY r) = (SELECT array_agg(r) FROM (SELECT r FROM ops_t ORDER BY r) o)
  AS index_order_matches FROM ops_t;
SELECT count(*) AS eq_lookup FROM ops_t WHERE r = '4/7';
RESET enable_seqscan; RESET enable_bitmapscan;
SELECT count(*) AS eq_seq FROM ops_t WHERE r = '4/7';
-- min() and max() follow the same order, and an index answers them
SELECT min(r) AS min_r, max(r) AS max_r, min(r5), max(r5),
       (SELECT r FROM ops_t ORDER BY r LIMIT 1) = min(r) AS min_is_first,
       (SELECT r FROM ops_t ORDER BY r DESC LIMIT 1) = max(r) AS max_is_last
FROM ops_t;
EXPLAIN (COSTS OFF) SELECT max(r) FROM ops_t;
SELECT max(r) FROM ops_t;
SELECT min(r) IS NULL AS min_of_nothing FROM ops_t WHERE false;
-- btree deduplication is allowed (equality is bitwise)
SELECT amproc::regproc FROM pg_amproc
WHERE amprocfamily = (SELECT opcfamily FROM pg_opclass WHERE opcname = 'satisfaction_rating_ops')
ORDER BY amprocnum;

-- a hash index, and the hash support functions agree with equality
DROP INDEX ops_t_r;
CREATE INDEX ops_t_rh ON ops_t USING hash (r);
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM ops_t WHERE r = '9/0-10';
SELECT count(*) AS hash_index_lookup FROM ops_t WHERE r = '9/0-10';
RESET enable_seqscan; RESET enable_bitmapscan;
SELECT count(*) AS hash_collisions_between_equal
FROM every_rating a, every_rating b
WHERE a.r = b.r AND (satisfaction_rating_hash(a.r) <> satisfaction_rating_hash(b.r)
   OR satisfaction_rating_hash_extended(a.r, 7) <> satisfaction_rating_hash_extended(b.r, 7));
-- hash support function 2 with seed 0 has the low 32 bits of function 1
SELECT count(DISTINCT satisfaction_rating_hash(r)) AS distinct_hashes,
       count(DISTINCT satisfaction_rating_hash_extended(r, 0)) AS distinct_hashes_ext,
       bool_and((satisfaction_rating_hash_extended(r, 0) & 4294967295) =
                (satisfaction_rating_hash(r)::bigint & 4294967295)) AS seed0_low_bits_match,
       count(DISTINCT satisfaction_rating_hash_extended(r, 1)) AS distinct_hashes_seed1,
       bool_or(satisfaction_rating_hash_extended(r, 1) <> satisfaction_rating_hash_extended(r, 0)) AS seed_matters
FROM every_rating;
-- hash partitioning on a rating column
CREATE TABLE ops_p (r satisfaction_rating) PARTITION BY HASH (r);
CREATE TABLE ops_p0 PARTITION OF ops_p FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE ops_p1 PARTITION OF ops_p FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO ops_p SELECT r FROM every_rating;
SELECT (SELECT count(*) FROM ops_p0) > 0 AND (SELECT count(*) FROM ops_p1) > 0 AS both_used,
       (SELECT count(*) FROM ops_p) AS total;
DROP TABLE ops_t, ops_u, seq_result, idx_result, ops_p, every_rating;
