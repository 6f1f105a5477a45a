-- the aggregates as window functions, against the same formulas as window
-- aggregates; frames whose head moves use the inverse transition

-- about 15% unanswered; closed_at every 7 hours plus up to 3 hours
CREATE TABLE w AS
SELECT i,
       1 + i % 3 AS part,
       timestamptz '2025-01-01' + (i * interval '7 hours') + det(i, 1, 181) * interval '1 minute' AS closed_at,
       CASE WHEN det(i, 2, 20) < 3 THEN NULL ELSE 1 + det(i, 3, 5) END AS v5,
       CASE WHEN det(i, 4, 20) < 3 THEN NULL ELSE det(i, 5, 11) END AS v10,
       (i / 40) % 2 = 0 AS use_five_point
FROM generate_series(1, 3000) i;
ALTER TABLE w ADD COLUMN r5 satisfaction_rating(1,5), ADD COLUMN n satisfaction_rating(0,10),
  ADD COLUMN m satisfaction_rating, ADD COLUMN mv int, ADD COLUMN mhi int;
-- m switches between a 1-5 and a 1-7 survey every 40 rows
UPDATE w SET r5 = v5, n = v10, mhi = CASE WHEN use_five_point THEN 5 ELSE 7 END,
  mv = CASE WHEN v5 IS NULL THEN NULL WHEN use_five_point THEN v5 ELSE 1 + (v5 * 3) % 7 END;
UPDATE w SET m = rating(mv, 1, mhi);
-- the oracles below look rows up by i and closed_at
CREATE INDEX ON w (i);
CREATE INDEX ON w (closed_at);
ANALYZE w;

-- compare every row's window result with the formula over the same frame
CREATE FUNCTION check_frame(frame text) RETURNS TABLE (frame_clause text, rows bigint, wrong bigint)
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY EXECUTE format($q$
    SELECT %1$L, count(*), count(*) FILTER (WHERE
         c IS DISTINCT FROM fc OR c3 IS DISTINCT FROM fc3 OR p IS DISTINCT FROM fp
         OR e IS DISTINCT FROM fe OR mc IS DISTINCT FROM fmc OR s IS DISTINCT FROM fs)
    FROM (
      SELECT csat_pct(r5) OVER win AS c,
             100.0 * count(*) FILTER (WHERE v5 >= 4) OVER win / nullif(count(v5) OVER win, 0) AS fc,
             csat_pct(r5, 3) OVER win AS c3,
             100.0 * count(*) FILTER (WHERE v5 >= 3) OVER win / nullif(count(v5) OVER win, 0) AS fc3,
             nps(n) OVER win AS p,
             100.0 * (count(*) FILTER (WHERE v10 >= 9) OVER win - count(*) FILTER (WHERE v10 <= 6) OVER win)
               / nullif(count(v10) OVER win, 0) AS fp,
             ces_avg(r5) OVER win AS e,
             avg(v5) OVER win AS fe,
             csat_pct(m) OVER win AS mc,
             100.0 * count(*) FILTER (WHERE mv >= mhi - 1) OVER win / nullif(count(mv) OVER win, 0) AS fmc,
             coalesce(answered(rating_summary(r5) OVER win) + unanswered(rating_summary(r5) OVER win), 0) AS s,
             count(*) OVER win AS fs
      FROM w
      WINDOW win AS (%1$s)) x $q$, frame);
END $$;

SELECT * FROM check_frame('ORDER BY i ROWS BETWEEN 99 PRECEDING AND CURRENT ROW');
SELECT * FROM check_frame('ORDER BY i ROWS 5 PRECEDING');
SELECT * FROM check_frame('ORDER BY i ROWS BETWEEN 10 PRECEDING AND 7 FOLLOWING');
SELECT * FROM check_frame('ORDER BY i ROWS BETWEEN 3 FOLLOWING AND 20 FOLLOWING');
SELECT * FROM check_frame('ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW');
SELECT * FROM check_frame('ORDER BY i ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING');
SELECT * FROM check_frame('ORDER BY closed_at RANGE BETWEEN interval ''30 days'' PRECEDING AND CURRENT ROW');
SELECT * FROM check_frame('ORDER BY closed_at RANGE BETWEEN interval ''2 days'' PRECEDING AND interval ''1 day'' FOLLOWING');
SELECT * FROM check_frame('ORDER BY v10 GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING');
SELECT * FROM check_frame('ORDER BY i ROWS BETWEEN 20 PRECEDING AND 20 FOLLOWING EXCLUDE CURRENT ROW');
SELECT * FROM check_frame('PARTITION BY part ORDER BY v5 GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE GROUP');
SELECT * FROM check_frame('ORDER BY i ROWS BETWEEN 15 PRECEDING AND 15 FOLLOWING EXCLUDE TIES');
SELECT * FROM check_frame('PARTITION BY part ORDER BY i ROWS BETWEEN 49 PRECEDING AND CURRENT ROW');
SELECT * FROM check_frame('PARTITION BY part ORDER BY closed_at RANGE BETWEEN interval ''14 days'' PRECEDING AND CURRENT ROW');
SELECT * FROM check_frame('PARTITION BY part');

-- frames that start mixing scales and stop again: the moving state counts
-- answers per scale, so a frame that has slid past the 1-5 rows reads as a
-- one-scale summary again (compare with the summary of the frame's rows
-- aggregated directly)
SELECT count(*) AS rows,
       count(*) FILTER (WHERE ws::text = direct::text) AS same_summary,
       count(*) FILTER (WHERE ws::text LIKE '{v1 scales%') AS mixed_frames,
       count(*) FILTER (WHERE ws::text LIKE '{v1 scale %') AS one_scale_frames,
       count(*) FILTER (WHERE ws::text LIKE '{v1 scale %' AND ces_avg(ws) = direct_avg) AS one_scale_ces_right,
       count(*) FILTER (WHERE csat_pct(ws) = direct_csat) AS csat_right
FROM (
  SELECT i, rating_summary(m) OVER (ORDER BY i ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS ws
  FROM w) x,
  LATERAL (SELECT rating_summary(m) AS direct, avg(mv) AS direct_avg,
                  100.0 * count(*) FILTER (WHERE mv >= mhi - 1) / count(mv) AS direct_csat
           FROM w w2 WHERE w2.i BETWEEN x.i - 9 AND x.i) d;

-- errors in frames that mix scales
SELECT try($$SELECT max(x)::text FROM (SELECT ces_avg(m) OVER (ORDER BY i ROWS 3 PRECEDING) AS x FROM w WHERE i BETWEEN 35 AND 45) y$$) AS ces_over_switch;
SELECT try($$SELECT max(x)::text FROM (SELECT csat_pct(m, 4) OVER (ORDER BY i ROWS 3 PRECEDING) AS x FROM w WHERE i BETWEEN 35 AND 45) y$$) AS threshold_over_switch;
SELECT try($$SELECT max(x)::text FROM (SELECT nps(m) OVER (ORDER BY i ROWS 3 PRECEDING) AS x FROM w) y$$) AS nps_window_off_scale;

-- a rolling 30-day CSAT from daily summaries: merge the summaries of the
-- frame and read CSAT from the merged one; equals the formula over the raw
-- rows of those 30 days
CREATE TEMP TABLE daily AS
  SELECT date_trunc('day', closed_at) AS day, rating_summary(r5) AS s FROM w GROUP BY 1;
SELECT count(*) AS days,
       count(*) FILTER (WHERE rolling = formula) AS days_equal
FROM (
  SELECT day, csat_pct(rating_summary(s) OVER (ORDER BY day RANGE BETWEEN interval '29 days' PRECEDING AND CURRENT ROW)) AS rolling
  FROM daily) r,
  LATERAL (SELECT 100.0 * count(*) FILTER (WHERE v5 >= 4) / count(v5) AS formula
           FROM w WHERE closed_at >= r.day - interval '29 days' AND closed_at < r.day + interval '1 day') f;

-- the moving-aggregate support functions take an internal state pointer: they
-- refuse to run outside an aggregate instead of reading whatever they were
-- given.  SQL cannot pass an internal value, so each C function is declared
-- again with a bigint where the state goes (what a careless wrapper or
-- another extension could do) and called with a number that is no pointer
-- (before the check, a crash).
DO $$
DECLARE
  f record;
BEGIN
  FOR f IN
    SELECT p.proname, p.prosrc, p.probin,
           array_to_string(ARRAY(SELECT CASE WHEN t = 'internal'::regtype THEN 'bigint' ELSE t::regtype::text END
                                 FROM unnest(p.proargtypes) t), ', ') AS args,
           CASE WHEN p.prorettype = 'internal'::regtype THEN 'bigint' ELSE p.prorettype::regtype::text END AS rettype
    FROM pg_proc p
    JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'csat'
    WHERE p.oid IN (SELECT aggmtransfn FROM pg_aggregate UNION SELECT aggminvtransfn FROM pg_aggregate
                    UNION SELECT aggmfinalfn FROM pg_aggregate)
      AND p.proargtypes[0] = 'internal'::regtype
  LOOP
    EXECUTE format('CREATE FUNCTION pg_temp.%I(%s) RETURNS %s LANGUAGE C AS %L, %L',
                   'outside_' || f.proname, f.args, f.rettype, f.probin, f.prosrc);
  END LOOP;
END $$;
SELECT count(*) >= 8 AS support_functions,
       bool_and(result LIKE 'ERROR 0A000: % called in non-aggregate context%') AS all_refuse
FROM (SELECT p.proname,
             try(format('SELECT pg_temp.%I(12345%s)::text', p.proname, repeat(', NULL', p.pronargs - 1))) AS result
      FROM pg_proc p WHERE p.pronamespace = pg_my_temp_schema() AND p.proname LIKE 'outside\_%') x;
SELECT try($$SELECT pg_temp.outside_rating_window_csat_pct(12345)::text$$) AS final_function_outside;
