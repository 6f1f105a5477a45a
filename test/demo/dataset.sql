-- csat demo, part 1: a year of help-desk tickets (2025), generated in SQL.
--
-- About 200,000 tickets closed in 2025 by 40 agents in 5 teams.  A CSAT
-- survey (1..5) is answered for about 30% of the tickets, a relationship
-- NPS survey (0..10) and a Customer Effort Score survey (1..7, 7 = very
-- easy) for a few percent each.  The generator builds in effects that the
-- reports should find:
--   * hardware tickets wait days for parts, and slow tickets score lower;
--   * Service Desk South starts the year behind Service Desk North (same
--     kind of work) and catches up after a coaching program in June-July;
--   * a request denied by policy (benefits not covered, software not
--     approved) scores lower whatever the agent did;
--   * two agents joined in late December: too few answers to judge them.
-- The seed is fixed, so every run prints the same reports.

\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET TimeZone = 'UTC';
CREATE EXTENSION IF NOT EXISTS csat;

DROP TABLE IF EXISTS daily_agent_summary, tickets, agents;

CREATE TABLE agents (
	agent_id integer PRIMARY KEY,
	agent text NOT NULL,
	team text NOT NULL,
	started date NOT NULL
);

CREATE TABLE tickets (
	ticket_id bigint PRIMARY KEY,
	opened_at timestamptz NOT NULL,
	closed_at timestamptz NOT NULL,
	agent_id integer NOT NULL REFERENCES agents,
	category text NOT NULL,
	priority text NOT NULL,
	channel text NOT NULL,
	policy_denial boolean NOT NULL,
	csat satisfaction_rating(1,5),      -- "How satisfied were you?" NULL: not answered
	nps_score satisfaction_rating(0,10), -- "How likely are you to recommend IT?"
	ces satisfaction_rating(1,7)        -- "IT made it easy to handle my request"
);

-- 40 agents, 8 per team; the last agent of two teams started in December
INSERT INTO agents
SELECT a,
	   (ARRAY['Ava','Ben','Chloe','Dev','Elena','Farid','Grace','Hugo',
			  'Ines','Jonas','Kira','Liam','Maya','Noah','Olga','Pavel',
			  'Quinn','Rosa','Sami','Tara','Umar','Vera','Wes','Xin',
			  'Yara','Zane','Alba','Bruno','Cleo','Dario','Emma','Felix',
			  'Gina','Hamid','Iris','Jake','Kenji','Lena','Marco','Nadia'])[a]
	   || ' ' || chr(ascii('A') + (a * 7) % 26) || '.',
	   (ARRAY['Service Desk North', 'Service Desk South', 'Field Services',
			  'People Services', 'Security & Incidents'])[(a - 1) / 8 + 1],
	   CASE a WHEN 24 THEN date '2025-12-15'
			  WHEN 32 THEN date '2025-12-22'
			  ELSE date '2019-01-07' + (a * 53) % 1800 END
FROM generate_series(1, 40) a;

SELECT setseed(0.2025) \gset

-- one row of uniform draws per ticket (evaluated left to right, row by row:
-- the same seed always gives the same tickets)
CREATE TEMP TABLE draws AS
SELECT i, random() AS u_day, random() AS u_weekend, random() AS u_time,
	   random() AS u_category, random() AS u_team, random() AS u_agent,
	   random() AS u_priority, random() AS u_channel, random() AS u_denial,
	   random() AS u_dur1, random() AS u_dur2,
	   random() AS u_csat_answer, random() AS u_csat1, random() AS u_csat2, random() AS u_angry,
	   random() AS u_nps_answer, random() AS u_nps1, random() AS u_nps2,
	   random() AS u_ces_answer, random() AS u_ces1, random() AS u_ces2
FROM generate_series(1, 200000) i;

-- step 1: when, what, who
CREATE TEMP TABLE shape AS
SELECT i, closed_at, category, priority, channel,
	   -- the team (1..5, as in the agents table): the two desks share the
	   -- everyday work, specialists take the rest
	   CASE
		 WHEN category IN ('password reset', 'software install')
		   THEN CASE WHEN u_team < 0.5 THEN 1 ELSE 2 END
		 WHEN category = 'hardware'
		   THEN CASE WHEN u_team < 0.1 THEN 1 WHEN u_team < 0.2 THEN 2 ELSE 3 END
		 WHEN category = 'incident'
		   THEN CASE WHEN u_team < 0.2 THEN 1 WHEN u_team < 0.4 THEN 2 ELSE 5 END
		 ELSE 4
	   END AS team_no,
	   -- policy denials: benefits not covered, software not approved, ...
	   u_denial < CASE category WHEN 'benefits inquiry' THEN 0.22 WHEN 'software install' THEN 0.09
								WHEN 'hardware' THEN 0.06 WHEN 'HR onboarding' THEN 0.03
								WHEN 'password reset' THEN 0.005 ELSE 0 END AS policy_denial,
	   -- hours from opened to closed: log-normal around a median per
	   -- category (hardware waits for parts), faster for higher priority
	   CASE category WHEN 'password reset' THEN 0.4 WHEN 'software install' THEN 6
					 WHEN 'hardware' THEN 60 WHEN 'HR onboarding' THEN 16
					 WHEN 'benefits inquiry' THEN 8 ELSE 3 END
	   * CASE priority WHEN 'P1' THEN 0.3 WHEN 'P2' THEN 0.6 WHEN 'P3' THEN 1 ELSE 1.6 END
	   * exp(0.8 * sqrt(-2 * ln(1 - u_dur1)) * cos(2 * pi() * u_dur2)) AS hours,
	   u_agent, u_csat_answer, u_csat1, u_csat2, u_angry,
	   u_nps_answer, u_nps1, u_nps2, u_ces_answer, u_ces1, u_ces2
FROM (
  SELECT draws.*,
		 -- a day of 2025; most weekend tickets wait for Monday
		 date '2025-01-01' + floor(u_day * 365)::int AS day0,
		 CASE WHEN u_category < 0.24 THEN 'password reset'
			  WHEN u_category < 0.44 THEN 'software install'
			  WHEN u_category < 0.60 THEN 'hardware'
			  WHEN u_category < 0.68 THEN 'HR onboarding'
			  WHEN u_category < 0.78 THEN 'benefits inquiry'
			  ELSE 'incident' END AS category,
		 CASE WHEN u_channel < 0.35 THEN 'email' WHEN u_channel < 0.60 THEN 'chat'
			  WHEN u_channel < 0.75 THEN 'phone' ELSE 'portal' END AS channel
  FROM draws) d
CROSS JOIN LATERAL (
  SELECT (CASE WHEN extract(isodow FROM day0) >= 6 AND u_weekend < 0.8
			   THEN day0 + (8 - extract(isodow FROM day0))::int ELSE day0 END)::timestamptz
		 + interval '8 hours' + u_time * interval '10 hours' AS closed_at,
		 CASE WHEN category = 'incident'
			  THEN CASE WHEN u_priority < 0.10 THEN 'P1' WHEN u_priority < 0.40 THEN 'P2'
						WHEN u_priority < 0.90 THEN 'P3' ELSE 'P4' END
			  ELSE CASE WHEN u_priority < 0.01 THEN 'P1' WHEN u_priority < 0.11 THEN 'P2'
						WHEN u_priority < 0.71 THEN 'P3' ELSE 'P4' END
		 END AS priority) w;

-- step 2: the agent (8 per team; a new hire's share goes to the other 7
-- until the start date) and the expected score
CREATE TEMP TABLE scored AS
SELECT s.*, a.agent_id,
	   -- the expected 1..5 score before noise: slow tickets, denials and the
	   -- South desk's first half pull it down, agents differ a little
	   4.60
	   - 0.30 * ln(1 + s.hours / 8)
	   - CASE WHEN s.category = 'hardware' THEN 0.10 ELSE 0 END
	   - CASE WHEN s.policy_denial THEN 1.30 ELSE 0 END
	   + ((a.agent_id * 37) % 11 - 5) / 30.0
	   + CASE s.channel WHEN 'chat' THEN 0.10 WHEN 'phone' THEN 0.05 WHEN 'email' THEN -0.05 ELSE 0 END
	   - CASE WHEN a.team = 'Service Desk South'
			  THEN 0.45 - 0.50 * least(1, greatest(0,
					 extract(epoch FROM s.closed_at - timestamptz '2025-06-01') / (61 * 86400)))
			  ELSE 0 END AS expected
FROM shape s
JOIN agents last ON last.agent_id = 8 * s.team_no
JOIN agents a ON a.agent_id = 8 * (s.team_no - 1) + 1 +
	 CASE WHEN s.u_agent >= 7 / 8.0 AND s.closed_at < last.started
		  THEN floor(s.u_agent * 56)::int % 7
		  ELSE floor(s.u_agent * 8)::int END;

-- the tickets: the rating columns receive plain integers, converted by the
-- assignment cast onto each column's scale (how legacy integer scores load)
INSERT INTO tickets
SELECT i,
	   closed_at - hours * interval '1 hour',
	   closed_at,
	   agent_id, category, priority, channel, policy_denial,
	   -- CSAT: answered by 42% of chat users down to 20% of phone users
	   CASE WHEN u_csat_answer < CASE channel WHEN 'chat' THEN 0.42 WHEN 'portal' THEN 0.33
											   WHEN 'email' THEN 0.26 ELSE 0.20 END
			THEN CASE WHEN u_angry < 0.02 THEN 1
					  ELSE least(5, greatest(1, round(expected
						   + sqrt(-2 * ln(1 - u_csat1)) * cos(2 * pi() * u_csat2))))::int END
	   END,
	   -- NPS: the quarterly relationship survey reaches about 4% of requesters
	   CASE WHEN u_nps_answer < 0.04
			THEN least(10, greatest(0, round(7.9 + 1.6 * (expected - 4.2)
						   + 1.8 * sqrt(-2 * ln(1 - u_nps1)) * cos(2 * pi() * u_nps2))))::int
	   END,
	   -- CES: asked after portal and chat tickets
	   CASE WHEN channel IN ('portal', 'chat') AND u_ces_answer < 0.25
			THEN least(7, greatest(1, round(6.1 - 0.45 * ln(1 + hours / 4)
						   - CASE WHEN policy_denial THEN 1.0 ELSE 0 END
						   + 1.1 * sqrt(-2 * ln(1 - u_ces1)) * cos(2 * pi() * u_ces2))))::int
	   END
FROM scored
ORDER BY closed_at, i;

DROP TABLE draws, shape, scored;

CREATE INDEX ON tickets (closed_at);
CREATE INDEX ON tickets (agent_id);

-- stored daily summaries per agent: what a reporting job keeps instead of
-- raw answers (one small row per agent per day, merged later with
-- rating_summary(summary))
CREATE TABLE daily_agent_summary (
	day date NOT NULL,
	agent_id integer NOT NULL REFERENCES agents,
	csat rating_summary NOT NULL,
	nps rating_summary NOT NULL,
	ces rating_summary NOT NULL,
	PRIMARY KEY (day, agent_id)
);
INSERT INTO daily_agent_summary
SELECT closed_at::date, agent_id, rating_summary(csat), rating_summary(nps_score), rating_summary(ces)
FROM tickets
GROUP BY 1, 2;

VACUUM ANALYZE agents, tickets, daily_agent_summary;

\pset footer off
\pset pager off
\echo
\echo 'Loaded a year of help-desk tickets:'
SELECT count(*) AS tickets,
	   count(csat) AS csat_answers,
	   count(nps_score) AS nps_answers,
	   count(ces) AS ces_answers,
	   count(*) FILTER (WHERE policy_denial) AS policy_denials,
	   (SELECT count(*) FROM agents) AS agents,
	   (SELECT count(*) FROM daily_agent_summary) AS daily_summaries
FROM tickets;

-- Low-score alerts: the survey answers of the last week of December arrive
-- again, this time through the durable queue trigger (the table ends as it
-- was: the answers are taken out, the trigger attached, and put back).  A
-- forwarder (csat-alertd) then delivered all but the last day's alerts, and
-- gave up on two after a webhook outage.
CREATE TEMP TABLE last_week AS
SELECT ticket_id, csat FROM tickets WHERE csat IS NOT NULL AND closed_at >= '2025-12-25';
UPDATE tickets t SET csat = NULL FROM last_week l WHERE t.ticket_id = l.ticket_id;
CREATE TRIGGER tickets_low_csat
	AFTER INSERT OR UPDATE OF csat ON tickets
	FOR EACH ROW
	EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'ticket_id');
UPDATE tickets t SET csat = l.csat FROM last_week l WHERE t.ticket_id = l.ticket_id;
SELECT count(*) FILTER (WHERE csat_alert_delivered(q.alert_id)) AS delivered
FROM csat_alert q JOIN tickets t ON t.ticket_id = q.key::bigint
WHERE t.closed_at < '2025-12-31'
  AND q.alert_id NOT IN (SELECT alert_id FROM csat_alert ORDER BY alert_id LIMIT 2) \g /dev/null
SELECT csat_alert_failed(alert_id, 'HTTP 503', claim_token, false)
FROM csat_alert_claim(2) \g /dev/null

-- comments (0.4.0) -----------------------------------------------------
-- Free-text comments: about 40% of the CSAT answers carry one.  Unhappy
-- requesters complain about what their category does wrong (hardware waits
-- for parts, benefits questions bounce between teams, ...), in December
-- also about a lost monitor shipment; a policy denial gets a comment about
-- the policy, whatever the score; happy requesters praise speed and
-- clarity.  Draws come from hashes of the ticket id, so every run writes
-- the same comments.
ALTER TABLE tickets ADD COLUMN comment text;
CREATE TEMP TABLE comment_draws AS
SELECT ticket_id, category, policy_denial, csat, closed_at,
	   (hashint8(ticket_id * 31 + 1)::bigint & 1023) / 1024.0 AS u_has,
	   (hashint8(ticket_id * 31 + 2)::bigint & 1023) AS k1,
	   (hashint8(ticket_id * 31 + 3)::bigint & 1023) AS k2,
	   (hashint8(ticket_id * 31 + 4)::bigint & 1023) / 1024.0 AS u_new
FROM tickets WHERE csat IS NOT NULL;
UPDATE tickets t
SET comment = CASE
	WHEN d.policy_denial THEN
		(ARRAY['Request denied because of the policy.',
			   'The policy does not cover my case, nobody explained why.',
			   'Denied by policy again, I need an exception.',
			   'Policy says no, but my manager approved it.'])[1 + d.k1 % 4]
	WHEN rating_value(d.csat) <= 3 THEN
		CASE WHEN d.category = 'hardware' AND d.closed_at >= '2025-12-01' AND d.u_new < 0.5
			 THEN 'The monitor shipment was lost. '
			 ELSE '' END
		|| (CASE d.category
			WHEN 'hardware' THEN
				ARRAY['Still waiting for the replacement laptop.',
					  'Waited two weeks for parts.',
					  'Nobody told me when the technician would come.',
					  'The docking station is still broken.']
			WHEN 'benefits inquiry' THEN
				ARRAY['My benefits question bounced between teams.',
					  'I had to explain my situation three times.',
					  'Every agent gave me a different answer.',
					  'The benefits form was sent back again.']
			WHEN 'password reset' THEN
				ARRAY['Locked out again after the reset.',
					  'The reset link expired before I could use it.',
					  'Waited on hold to reset a password.',
					  'Locked out again.']
			WHEN 'software install' THEN
				ARRAY['The install request sat in approval for days.',
					  'The license is still not assigned.',
					  'Waiting for approval again.',
					  'The installer failed twice.']
			WHEN 'HR onboarding' THEN
				ARRAY['The new hire paperwork was lost.',
					  'My laptop was not ready on the first day.',
					  'Onboarding checklist was missing steps.',
					  'The new hire paperwork was lost again.']
			ELSE
				ARRAY['Slow response during the outage.',
					  'No updates while the system was down.',
					  'Slow response, nobody updated me.',
					  'Unclear communication about the outage.']
			END)[1 + d.k1 % 4]
		|| CASE d.k2 % 5 WHEN 0 THEN ' Slow response.' WHEN 1 THEN ' Nobody updated me.' ELSE '' END
	ELSE
		(ARRAY['Quick and friendly help.', 'Fixed on the first call.',
			   'Thank you for the fast fix.', 'Clear explanation, great communication.',
			   'Friendly agent, quick response.', 'Everything works now, thanks.'])[1 + d.k1 % 6]
	END
FROM comment_draws d
WHERE t.ticket_id = d.ticket_id AND d.u_has < 0.4;
DROP TABLE comment_draws;
ANALYZE tickets;
