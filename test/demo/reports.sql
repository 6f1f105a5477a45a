-- csat demo, part 2: the reports an IT service desk reads, on the tickets
-- that dataset.sql generated.  Every number comes from the csat extension:
-- csat_pct / nps / ces_avg aggregates, rating_summary (the counts behind
-- them), its accessors and the statistics on it.

\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET TimeZone = 'UTC';
\pset footer off
\pset pager off
\pset null '-'

\echo
\echo '== 1. The year at a glance'
\echo 'One pass over the tickets: every survey summarised into a rating_summary.'
SELECT tickets,
	   answered(s) AS csat_answers,
	   round(response_rate(s), 1) AS "response %",
	   round(csat_pct(s), 1) AS "CSAT %",
	   round(csat_ci_lower(s), 1) AS "95% low",
	   round(csat_ci_upper(s), 1) AS "95% high",
	   round(nps(n), 1) AS nps,
	   round(ces_avg(c), 2) AS "CES (1-7)"
FROM (SELECT count(*) AS tickets, rating_summary(csat) AS s,
			 rating_summary(nps_score) AS n, rating_summary(ces) AS c
	  FROM tickets) t;

\echo 'The CSAT summary as stored (text form) and its distribution:'
SELECT rating_summary(csat) AS csat_summary FROM tickets;
SELECT value AS answer, count, round(share, 1) AS "share %",
	   repeat('#', round(share / 2)::int) AS histogram
FROM distribution((SELECT rating_summary(csat) FROM tickets));

\echo
\echo '== 2. CSAT by agent, with a 95% Wilson interval'
\echo 'Flagged: fewer than 30 answers, or an interval wider than 20 points.'
SELECT agent, team, tickets,
	   answered(s) AS answered,
	   round(csat_pct(s), 1) AS "CSAT %",
	   round(csat_ci_lower(s), 1) AS "95% low",
	   round(csat_ci_upper(s), 1) AS "95% high",
	   CASE WHEN answered(s) < 30 THEN 'too few answers'
			WHEN csat_ci_upper(s) - csat_ci_lower(s) > 20 THEN 'too uncertain'
			ELSE '' END AS "trust?"
FROM (SELECT a.agent_id, a.agent, a.team, count(*) AS tickets, rating_summary(t.csat) AS s
	  FROM tickets t JOIN agents a USING (agent_id)
	  GROUP BY a.agent_id) by_agent
ORDER BY team, csat_pct(s) DESC;

\echo
\echo '== 3. CSAT and CES by category (slow tickets score lower)'
SELECT category,
	   count(*) AS tickets,
	   round((percentile_cont(0.5) WITHIN GROUP (
			 ORDER BY extract(epoch FROM closed_at - opened_at) / 3600))::numeric, 1) AS "median hours",
	   count(csat) AS csat_answers,
	   round(csat_pct(csat), 1) AS "CSAT %",
	   round(csat_ci_lower(rating_summary(csat)), 1) AS "95% low",
	   round(csat_ci_upper(rating_summary(csat)), 1) AS "95% high",
	   count(ces) AS ces_answers,
	   round(ces_avg(ces), 2) AS "CES (1-7)"
FROM tickets
GROUP BY category
ORDER BY csat_pct(csat) DESC;

\echo
\echo '== 4. Weekly CSAT trend: the two service desks'
\echo 'South (# = 2 points above 50%) catches up with North after coaching in June-July.'
SELECT week, answered, "all %", "North %", "South %",
	   repeat('#', greatest(0, round(("South %" - 50) / 2))::int) AS "South"
FROM (
  SELECT date_trunc('week', closed_at)::date AS week,
		 count(csat) AS answered,
		 round(csat_pct(csat), 1) AS "all %",
		 round(csat_pct(csat) FILTER (WHERE team = 'Service Desk North'), 1) AS "North %",
		 round(csat_pct(csat) FILTER (WHERE team = 'Service Desk South'), 1) AS "South %"
  FROM tickets JOIN agents USING (agent_id)
  GROUP BY 1) w
ORDER BY week;

\echo
\echo '== 5. Rolling 30-day CSAT at each month end'
\echo 'A window over daily rows: RANGE BETWEEN interval ''29 days'' PRECEDING AND CURRENT ROW.'
WITH daily AS (
  SELECT closed_at::date AS day,
		 rating_summary(csat) AS s,
		 rating_summary(csat) FILTER (WHERE team = 'Service Desk South') AS south
  FROM tickets JOIN agents USING (agent_id)
  GROUP BY 1
), rolling AS (
  SELECT day,
		 rating_summary(s) OVER last_30_days AS s,
		 rating_summary(south) OVER last_30_days AS south
  FROM daily
  WINDOW last_30_days AS (ORDER BY day RANGE BETWEEN interval '29 days' PRECEDING AND CURRENT ROW)
)
SELECT day AS "30 days to",
	   answered(s) AS answered,
	   round(csat_pct(s), 1) AS "CSAT %",
	   round(csat_ci_lower(s), 1) AS "95% low",
	   round(csat_ci_upper(s), 1) AS "95% high",
	   round(csat_pct(south), 1) AS "South %",
	   round(csat_ci_lower(south), 1) AS "South low",
	   round(csat_ci_upper(south), 1) AS "South high"
FROM rolling
WHERE day IN (SELECT max(day) FROM daily GROUP BY date_trunc('month', day))
ORDER BY day;

\echo
\echo '== 6. NPS by quarter (relationship survey, 0-10), adjusted-Wald 95% interval'
SELECT quarter, answered(s) AS answered,
	   round(100.0 * promoters / answered(s), 1) AS "promoters %",
	   round(100.0 * detractors / answered(s), 1) AS "detractors %",
	   round(nps(s), 1) AS nps,
	   round(nps_ci_lower(s), 1) AS "95% low",
	   round(nps_ci_upper(s), 1) AS "95% high",
	   CASE WHEN p < 0.0001 THEN '< 0.0001' ELSE round(p, 4)::text END AS "p vs previous quarter"
FROM (SELECT *, nps_ztest(lag(s) OVER (ORDER BY quarter), s) AS p
	  FROM (SELECT 'Q' || extract(quarter FROM closed_at) AS quarter,
				   rating_summary(nps_score) AS s,
				   count(*) FILTER (WHERE nps_score::integer >= 9) AS promoters,
				   count(*) FILTER (WHERE nps_score::integer <= 6) AS detractors
			FROM tickets
			GROUP BY 1) q) t
ORDER BY quarter;

\echo
\echo '== 7. CSAT with and without policy denials'
\echo 'A denied request scores low whatever the agent did: judge agents without them.'
SELECT coalesce(category, 'all categories') AS category,
	   count(*) FILTER (WHERE policy_denial) AS denials,
	   round(csat_pct(csat), 1) AS "CSAT %",
	   round(csat_pct(csat) FILTER (WHERE NOT policy_denial), 1) AS "without denials",
	   round(csat_pct(csat) FILTER (WHERE policy_denial), 1) AS "denials only",
	   count(csat) FILTER (WHERE policy_denial) AS "denial answers"
FROM tickets
GROUP BY ROLLUP (category)
ORDER BY grouping(category), category;

\echo
\echo '== 8. Service Desk North vs South: is the difference real?'
\echo 'Two-proportion z-test on CSAT (two-sided p-value); same kind of work on both desks.'
SELECT period,
	   answered(north) AS "North answers",
	   round(csat_pct(north), 1) AS "North %",
	   answered(south) AS "South answers",
	   round(csat_pct(south), 1) AS "South %",
	   round(csat_pct(south) - csat_pct(north), 1) AS "South - North",
	   CASE WHEN csat_ztest(north, south) < 0.0001 THEN '< 0.0001'
			ELSE round(csat_ztest(north, south), 4)::text END AS "p-value",
	   CASE WHEN csat_ztest(north, south) < 0.05 THEN 'significant'
			ELSE 'could be chance' END AS verdict
FROM (SELECT coalesce(period, '2025 (all)') AS period, grouping(period) AS g,
			 rating_summary(csat) FILTER (WHERE team = 'Service Desk North') AS north,
			 rating_summary(csat) FILTER (WHERE team = 'Service Desk South') AS south
	  FROM (SELECT t.csat, a.team,
				   CASE WHEN closed_at < '2025-06-01' THEN '1 Jan-May'
						WHEN closed_at < '2025-08-01' THEN '2 Jun-Jul (coaching)'
						ELSE '3 Aug-Dec' END AS period
			FROM tickets t JOIN agents a USING (agent_id)) p
	  GROUP BY ROLLUP (period)) x
ORDER BY g, period;

\echo
\echo '== 9. Monthly rollup from the stored daily summaries'
\echo 'daily_agent_summary keeps one rating_summary per agent per day; rating_summary(summary)'
\echo 'merges them into months, exactly as if the raw tickets had been aggregated.'
SELECT to_char(m.month, 'YYYY-MM') AS month,
	   m.daily_rows,
	   answered(m.csat) + unanswered(m.csat) AS tickets,
	   answered(m.csat) AS answered,
	   round(response_rate(m.csat), 1) AS "response %",
	   round(csat_pct(m.csat), 1) AS "CSAT %",
	   round(csat_ci_lower(m.csat), 1) AS "95% low",
	   round(csat_ci_upper(m.csat), 1) AS "95% high",
	   round(nps(m.nps), 1) AS nps,
	   round(ces_avg(m.ces), 2) AS "CES",
	   m.csat::text = r.csat::text AND m.nps::text = r.nps::text
		 AND m.ces::text = r.ces::text AS "= raw"
FROM (SELECT date_trunc('month', day) AS month, count(*) AS daily_rows,
			 rating_summary(csat) AS csat, rating_summary(nps) AS nps, rating_summary(ces) AS ces
	  FROM daily_agent_summary
	  GROUP BY 1) m
JOIN (SELECT date_trunc('month', closed_at::date) AS month,
			 rating_summary(csat) AS csat, rating_summary(nps_score) AS nps, rating_summary(ces) AS ces
	  FROM tickets
	  GROUP BY 1) r USING (month)
ORDER BY month;

\echo
\echo '== 10. NPS breakdown by quarter (0.3.0 metrics)'
\echo 'promoters_pct, passives_pct, detractors_pct and nps share one pass and one state;'
\echo 'NPS = promoters % - detractors %.'
SELECT 'Q' || extract(quarter FROM closed_at) AS quarter,
	   count(nps_score) AS answered,
	   round(promoters_pct(nps_score), 1) AS "promoters %",
	   round(passives_pct(nps_score), 1) AS "passives %",
	   round(detractors_pct(nps_score), 1) AS "detractors %",
	   round(nps(nps_score), 1) AS nps
FROM tickets
GROUP BY 1
ORDER BY 1;

\echo
\echo '== 11. Top and bottom box by category (0.3.0 metrics)'
\echo 'CSAT 1-5: top box (5), top two (4-5), bottom two (1-2); CES 1-7: easy (5-7) and hard (1-3).'
SELECT coalesce(category, 'all categories') AS category,
	   count(csat) AS "CSAT answers",
	   round(top_box_pct(csat), 1) AS "top box %",
	   round(top_box_pct(csat, 2), 1) AS "top 2 %",
	   round(bottom_box_pct(csat, 2), 1) AS "bottom 2 %",
	   round(ces_easy_pct(ces), 1) AS "CES easy %",
	   round(bottom_box_pct(ces, 3), 1) AS "CES hard %"
FROM tickets
GROUP BY ROLLUP (category)
ORDER BY grouping(category), category;

\echo '== 12. Low-score alerts (the last week of December, through the durable queue)'
\echo 'csat_enqueue_low_rating() queued one alert per answer of 1 or 2; csat-alertd POSTs them'
\echo 'to the team''s webhook and marks them delivered.'
SELECT a.team,
	   count(*) AS alerts,
	   count(*) FILTER (WHERE q.rating = '1/5') AS "1/5",
	   count(*) FILTER (WHERE q.rating = '2/5') AS "2/5",
	   count(*) FILTER (WHERE q.delivered_at IS NOT NULL) AS delivered,
	   count(*) FILTER (WHERE q.delivered_at IS NULL AND q.next_attempt_at < 'infinity') AS pending,
	   count(*) FILTER (WHERE q.delivered_at IS NULL AND q.next_attempt_at = 'infinity') AS given_up
FROM csat_alert q
JOIN tickets t ON t.ticket_id = q.key::bigint
JOIN agents a USING (agent_id)
GROUP BY ROLLUP (a.team)
ORDER BY a.team NULLS LAST;
\echo 'The queue:'
SELECT CASE WHEN delivered_at IS NOT NULL THEN 'delivered'
			WHEN next_attempt_at = 'infinity' THEN 'given up'
			ELSE 'waiting' END AS state,
	   count(*) AS alerts,
	   max(attempts) AS max_attempts,
	   min(last_error) AS last_error,
	   (count(*) = count(*) FILTER (WHERE payload->>'alert_id' = alert_id::text)) AS "payload ok"
FROM csat_alert
GROUP BY 1
ORDER BY 1;

-- comments (0.4.0) -----------------------------------------------------
\echo
\echo '== 13. Why requesters are unhappy: pain points from their comments'
\echo 'Per category, CSAT and the three terms most over-represented in unhappy (1-3)'
\echo 'comments against happy (4-5) ones: comment_terms(comment, csat), then'
\echo 'pain_points (log-odds z-score, informative Dirichlet prior).  Policy denials'
\echo 'are left out here and reviewed below.'
WITH c AS (
	SELECT category, csat_pct(csat) AS csat,
		   comment_terms(comment, csat) FILTER (WHERE NOT policy_denial) AS terms
	FROM tickets
	GROUP BY category)
SELECT category, round(c.csat, 1) AS "CSAT %", p.term AS "pain point",
	   p.unhappy AS comments, round(p.unhappy_pct, 1) AS "% of unhappy",
	   round(p.happy_pct, 1) AS "% of happy", round(p.z::numeric, 1) AS z
FROM c, LATERAL pain_points(c.terms, 3) p
ORDER BY c.csat, category, p.z DESC;

\echo 'Hardware: what unhappy requesters complain about in December that they did not'
\echo 'in November.  The two months are the two groups: December''s unhappy comments'
\echo 'as "unhappy", November''s as "happy", so pain_points ranks what is new.'
SELECT p.term, p.unhappy AS december, p.happy AS november,
	   round(p.unhappy_pct, 1) AS "% of Dec", round(p.happy_pct, 1) AS "% of Nov",
	   round(p.z::numeric, 1) AS z
FROM pain_points((
	SELECT comment_terms(comment, CASE WHEN closed_at >= '2025-12-01' THEN '1/5'
									   ELSE '5/5' END::satisfaction_rating)
	FROM tickets
	WHERE category = 'hardware' AND NOT policy_denial AND csat <= 3
	  AND closed_at >= '2025-11-01'), 5) p;

\echo 'Policy denials, for a separate review: comments per category and what they say.'
SELECT category, count(*) AS denials, count(comment) AS comments,
	   round(csat_pct(csat), 1) AS "CSAT %"
FROM tickets
WHERE policy_denial AND csat IS NOT NULL
GROUP BY category
ORDER BY denials DESC;
SELECT t.term, t.unhappy + t.happy AS comments
FROM term_counts((SELECT comment_terms(comment, csat) FROM tickets WHERE policy_denial)) t
WHERE t.phrase
ORDER BY comments DESC, t.term
LIMIT 5;

-- watches (0.4.0)
\echo
\echo '== 14. A watch on category CSAT (0.4.0)'
\echo 'csat_watch_create(): per category, CSAT over the last 30 days below 80% is a breach.'
\echo 'The data set ends on 2025-12-31, so this watch looks back to 2025-12-01 (its period'
\echo 'is now() - 2025-12-01); a live help desk would keep the default 30 days.'
SELECT csat_watch_create('category_csat', 'tickets', 'csat', 'closed_at', '{category}',
						 'csat_pct', 80, period => now() - timestamptz '2025-12-01') > 0 AS watch_created \g /dev/null
\echo 'csat_watch_run() (pg_cron would call it every few minutes): each segment that enters'
\echo 'breach is queued once into csat_alert, the queue of the low-score alerts.'
SELECT watch, segment->>'category' AS category, state, round(value, 1) AS "CSAT %", answers
FROM csat_watch_run() ORDER BY value;
\echo 'A second run queues nothing: the segments are still in breach, already alerted.'
SELECT count(*) AS queued_again FROM csat_watch_run();
\echo 'They wait in the queue with the last day''s low-score alerts, for csat-alertd (== 16).'

\echo
\echo '== 15. December''s leaderboard, ranked fairly (0.4.0)'
\echo 'A month of answers per agent (48 to 215): raw CSAT rewards luck.  csat_prior() fits a'
\echo 'beta prior to the 40 agents (beta-binomial, method of moments); csat_shrunk() is each'
\echo 'agent''s posterior mean, pulled toward the group the more the fewer answers it has.'
\echo 'The agents whose rank changes (the December hires Felix Q. and Xin M. among them):'
WITH by_agent AS (
	SELECT a.agent, rating_summary(t.csat) AS s
	FROM tickets t JOIN agents a USING (agent_id)
	WHERE t.closed_at >= '2025-12-01'
	GROUP BY a.agent
), prior AS (SELECT csat_prior(s) AS p FROM by_agent),
ranked AS (
	SELECT agent, s, p,
		   rank() OVER (ORDER BY csat_pct(s) DESC) AS raw_rank,
		   rank() OVER (ORDER BY csat_shrunk(s, p) DESC) AS shrunk_rank,
		   rank() OVER (ORDER BY csat_ci_lower(s) DESC) AS wilson_rank
	FROM by_agent, prior
)
SELECT agent, answered(s) AS answered,
	   round(csat_pct(s), 1) AS "raw %", raw_rank AS "raw rank",
	   round(csat_shrunk(s, p), 1) AS "shrunk %", shrunk_rank AS "shrunk rank",
	   round(csat_ci_lower(s), 1) AS "Wilson low", wilson_rank AS "Wilson rank"
FROM ranked
WHERE raw_rank <> shrunk_rank
ORDER BY shrunk_rank;
\echo 'The prior {alpha, beta}: the group''s CSAT, worth alpha + beta answers:'
SELECT round(p[1]::numeric, 1) AS alpha, round(p[2]::numeric, 1) AS beta,
	   round((100 * p[1] / (p[1] + p[2]))::numeric, 1) AS "prior mean %"
FROM (SELECT csat_prior(s) AS p
	  FROM (SELECT agent_id, rating_summary(csat) AS s FROM tickets
			WHERE closed_at >= '2025-12-01' GROUP BY agent_id) g) x;
