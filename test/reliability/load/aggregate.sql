-- pgbench script of test/checks/load.sh: the aggregates over everything
-- committed so far, compared with the plain-SQL formulas in the same
-- snapshot; a mismatch divides by zero, which aborts the client and fails
-- the run.
SELECT 1 / (CASE WHEN
	csat_pct(r5) IS NOT DISTINCT FROM 100.0 * count(*) FILTER (WHERE v5 >= 4) / NULLIF(count(v5), 0)
	AND csat_pct(r5, 5) IS NOT DISTINCT FROM 100.0 * count(*) FILTER (WHERE v5 >= 5) / NULLIF(count(v5), 0)
	AND nps(r10) IS NOT DISTINCT FROM
		100.0 * (count(*) FILTER (WHERE v10 >= 9) - count(*) FILTER (WHERE v10 <= 6)) / NULLIF(count(v10), 0)
	AND ces_avg(r7) IS NOT DISTINCT FROM avg(v7)
	AND csat_pct(rany) IS NOT DISTINCT FROM
		100.0 * count(*) FILTER (WHERE va >= CASE WHEN hi - lo >= 3 THEN hi - 1 ELSE hi END) / NULLIF(count(va), 0)
	AND coalesce(answered(rating_summary(r10)), 0) = count(v10)
	AND coalesce(unanswered(rating_summary(r10)), 0) = count(*) - count(v10)
	THEN 1 ELSE 0 END)
FROM load_ratings;
SELECT 1 / (CASE WHEN bool_and(ok) IS NOT FALSE THEN 1 ELSE 0 END) FROM (
	SELECT client, nps(r10) IS NOT DISTINCT FROM
		100.0 * (count(*) FILTER (WHERE v10 >= 9) - count(*) FILTER (WHERE v10 <= 6)) / NULLIF(count(v10), 0)
		AND rating_summary(r5)::text = CASE WHEN count(*) = 0 THEN NULL ELSE
			'{v1 scale 1-5 counts ' || count(*) FILTER (WHERE v5 = 1) || ',' || count(*) FILTER (WHERE v5 = 2) || ','
			|| count(*) FILTER (WHERE v5 = 3) || ',' || count(*) FILTER (WHERE v5 = 4) || ','
			|| count(*) FILTER (WHERE v5 = 5) || ' unanswered 0}' END AS ok
	FROM load_ratings WHERE id > (SELECT coalesce(max(id), 0) - 5000 FROM load_ratings)
	GROUP BY client) g;
