-- partial aggregation: parallel plans and partitionwise aggregation go
-- through the combine function and give the serial results

CREATE TABLE par AS
SELECT i, i % 13 AS grp,
       rating(1 + det(i, 1, 5), 1, 5) AS r5,
       CASE WHEN det(i, 2, 10) = 0 THEN NULL ELSE rating(det(i, 3, 11), 0, 10) END AS n,
       CASE WHEN i % 3 = 0 THEN rating(1 + det(i, 4, 7), 1, 7)
            ELSE rating(1 + det(i, 5, 5), 1, 5) END AS m
FROM generate_series(1, 60000) i;
ANALYZE par;

-- serial results
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_total AS
  SELECT csat_pct(r5) AS c, csat_pct(r5, 5) AS c5, nps(n) AS p, ces_avg(r5) AS e,
         csat_pct(m) AS mc, rating_summary(n)::text AS s, rating_summary(m)::text AS ms FROM par;
CREATE TEMP TABLE serial_groups AS
  SELECT grp, csat_pct(r5) AS c, nps(n) AS p, ces_avg(r5) AS e, csat_pct(m) AS mc,
         rating_summary(n)::text AS s FROM par GROUP BY grp;

-- a forced parallel plan
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
  SELECT csat_pct(r5), csat_pct(r5, 5), nps(n), ces_avg(r5), csat_pct(m), rating_summary(n), rating_summary(m) FROM par;
SELECT count(*) AS parallel_equals_serial
FROM (SELECT csat_pct(r5) AS c, csat_pct(r5, 5) AS c5, nps(n) AS p, ces_avg(r5) AS e,
             csat_pct(m) AS mc, rating_summary(n)::text AS s, rating_summary(m)::text AS ms FROM par) x
NATURAL JOIN serial_total;
EXPLAIN (COSTS OFF)
  SELECT grp, csat_pct(r5), nps(n), ces_avg(r5), csat_pct(m), rating_summary(n) FROM par GROUP BY grp;
SELECT count(*) AS groups_equal_serial
FROM (SELECT grp, csat_pct(r5) AS c, nps(n) AS p, ces_avg(r5) AS e, csat_pct(m) AS mc,
             rating_summary(n)::text AS s FROM par GROUP BY grp) x
NATURAL JOIN serial_groups;
-- the merge aggregate runs in parallel too
CREATE TABLE par_daily AS SELECT grp, i % 50 AS day, rating_summary(n) AS s FROM par GROUP BY 1, 2;
ANALYZE par_daily;
EXPLAIN (COSTS OFF) SELECT grp, rating_summary(s) FROM par_daily GROUP BY grp;
SELECT count(*) AS merged_equal_serial
FROM (SELECT grp, rating_summary(s)::text AS s FROM par_daily GROUP BY grp) x
JOIN serial_groups USING (grp, s);
-- errors raised in workers reach the client
SELECT try($$SELECT ces_avg(m)::text FROM par$$) AS parallel_error;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- partitionwise aggregation over a hash-partitioned table: each partition
-- aggregates partially (when the group key is not the partition key), and
-- the combine function merges the partial states
CREATE TABLE par_h (i int, grp int, r5 satisfaction_rating(1,5), n satisfaction_rating(0,10),
                    m satisfaction_rating) PARTITION BY HASH (i);
CREATE TABLE par_h0 PARTITION OF par_h FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE par_h1 PARTITION OF par_h FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE par_h2 PARTITION OF par_h FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO par_h SELECT i, grp, r5, n, m FROM par;
ANALYZE par_h;
SET enable_partitionwise_aggregate = on;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF)
  SELECT grp, csat_pct(r5), nps(n), ces_avg(r5), csat_pct(m), rating_summary(n) FROM par_h GROUP BY grp;
SELECT count(*) AS partitionwise_groups_equal_serial
FROM (SELECT grp, csat_pct(r5) AS c, nps(n) AS p, ces_avg(r5) AS e, csat_pct(m) AS mc,
             rating_summary(n)::text AS s FROM par_h GROUP BY grp) x
NATURAL JOIN serial_groups;
EXPLAIN (COSTS OFF)
  SELECT csat_pct(r5), nps(n) FROM par_h;
SELECT count(*) AS partitionwise_total_equal_serial
FROM (SELECT csat_pct(r5) AS c, csat_pct(r5, 5) AS c5, nps(n) AS p, ces_avg(r5) AS e,
             csat_pct(m) AS mc, rating_summary(n)::text AS s, rating_summary(m)::text AS ms FROM par_h) x
NATURAL JOIN serial_total;
RESET enable_partitionwise_aggregate;
RESET max_parallel_workers_per_gather;

-- the combine function, called directly, merges exactly
SELECT rating_summary_combine('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 6}',
                              '{v1 scale 1-5 counts 10,0,0,0,1 unanswered 1}') AS same_scale,
       rating_summary_combine('{v1 scale 1-5 counts 1,2,3,4,5 unanswered 6}',
                              '{v1 scale 1-7 counts 0,0,0,0,1,1,1 unanswered 0}') AS mixed,
       rating_summary_combine('{v1 unanswered 3}',
                              '{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,1,1 unanswered 0}') AS from_empty;
DROP TABLE par, par_daily, par_h;
