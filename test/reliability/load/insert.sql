-- pgbench script of test/checks/load.sh: one rating row per transaction
-- (prepared statement).  The raw scores are stored beside the ratings so the
-- final aggregates can be checked against plain SQL.  -1 stands for an
-- unanswered survey (NULL rating).
\set v10 random(-1, 10)
\set v5 random(1, 5)
\set v7 random(1, 7)
\set lo random(0, 4)
\set hi random(5, 10)
\set va random(:lo, :hi)
INSERT INTO load_ratings (client, v10, r10, v5, r5, v7, r7, lo, hi, va, rany)
VALUES (:client_id,
	NULLIF(:v10, -1), NULLIF(:v10, -1),
	:v5, :v5::integer,
	:v7, (:v7::text || '/7')::satisfaction_rating,
	:lo, :hi, :va, rating(:va, :lo, :hi));
