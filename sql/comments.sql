-- comment_terms, pain_points, praise_points (SPEC section 10)

-- SQLSTATE and message of a statement that must fail
CREATE FUNCTION ct_error(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

CREATE TABLE ct (id int, day date, comment text, r satisfaction_rating);
INSERT INTO ct VALUES
 (1, '2026-03-01', 'Slow response, nobody updated me.', '1/5'),
 (2, '2026-03-01', 'The slow response again. Slow responses everywhere!', '2/5'),
 (3, '2026-03-01', 'Quick and friendly help', '5/5'),
 (4, '2026-03-02', 'Friendly agent, quick response', '4/5'),
 (5, '2026-03-02', 'meh', '3/5'),
 -- NPS: 7 and 8 are passives, in neither group
 (6, '2026-03-02', 'Passive words only here', '7/0-10'),
 (7, '2026-03-02', 'Passive words again', '8/0-10'),
 (8, '2026-03-03', 'Waiting for a slow laptop replacement', '6/0-10'),
 (9, '2026-03-03', 'quick laptop swap', '9/0-10'),
 -- skipped: NULL comment, NULL rating; no terms: empty, stopwords only
 (10, '2026-03-03', NULL, '1/5'),
 (11, '2026-03-03', 'slow', NULL),
 (12, '2026-03-03', '', '1/5'),
 (13, '2026-03-03', 'the and of', '5/5');

-- unhappy comments with terms: 1, 2, 5, 8; happy: 3, 4, 9
SELECT comment_terms(comment, r) FROM ct;

-- every term: lexemes (a phrase is two adjacent lexemes), the surface form
-- shown (the most frequent one people wrote), counts of comments
SELECT * FROM term_counts((SELECT comment_terms(comment, r) FROM ct));

-- passives are in neither group: 'passiv' is not a term at all
SELECT count(*) AS passive_terms
FROM term_counts((SELECT comment_terms(comment, r) FROM ct))
WHERE lexemes LIKE '%passiv%' OR lexemes LIKE '%word%';

-- ranked: percentages of the group's comments, z highest first
SELECT * FROM pain_points((SELECT comment_terms(comment, r) FROM ct), 5, 2);
SELECT * FROM praise_points((SELECT comment_terms(comment, r) FROM ct), 5, 2);
-- defaults: 20 terms seen in at least 5 comments of the group (none here)
SELECT count(*) FROM pain_points((SELECT comment_terms(comment, r) FROM ct));

-- a term counts once per comment ('slow response' twice in comment 2)
SELECT unhappy, happy FROM term_counts((SELECT comment_terms(comment, r) FROM ct))
WHERE lexemes = 'slow respons';

-- another configuration: 'simple' keeps stopwords and does not stem
SELECT lexemes, term, unhappy, happy
FROM term_counts((SELECT comment_terms(comment, r, 'simple') FROM ct WHERE id IN (1, 2)))
WHERE lexemes LIKE 'slow%';

-- daily states merged give exactly one pass; GROUP BY works
CREATE TABLE ct_daily AS SELECT day, comment_terms(comment, r) AS t FROM ct GROUP BY day;
SELECT day, (SELECT count(*) FROM term_counts(t)) AS terms FROM ct_daily ORDER BY day;
SELECT (SELECT comment_terms(t) FROM ct_daily)::text = (SELECT comment_terms(comment, r) FROM ct)::text
  AS merged_equals_one_pass;
-- no rows: NULL; only skipped rows: an empty state
SELECT comment_terms(comment, r) IS NULL AS no_rows FROM ct WHERE false;
SELECT comment_terms(comment, r) FROM ct WHERE id IN (6, 10);
SELECT comment_terms(t) IS NULL AS no_rows FROM ct_daily WHERE false;

-- text and binary forms round-trip; states can be stored
SELECT t::text::comment_terms::text = t::text AS text_round_trip,
       comment_terms_send(t::text::comment_terms) = comment_terms_send(t) AS same_bytes
FROM (SELECT comment_terms(comment, r) AS t FROM ct) s;
SELECT '{v1 unhappy 1 happy 0 ["a\"b" "c\\d" 1 0 "a\"b c\\d":1]}'::comment_terms;
SELECT comment_terms_send('{v1 unhappy 1 happy 2 ["x" 1 1 "x":2 "X":1]}');

-- parallel plans give the serial result
CREATE TABLE ct_big AS
SELECT i, (ARRAY['slow response from support', 'laptop still broken after two weeks',
                 'quick friendly fix', 'nobody answered my benefits question',
                 'great help thank you', 'waiting for approval again'])[1 + det(i, 1, 6)]
          || ' ' || (ARRAY['ticket', 'agent', 'portal', 'update'])[1 + det(i, 2, 4)] AS comment,
       rating(det(i, 3, 11), 0, 10) AS r, i % 7 AS grp
FROM generate_series(1, 10000) i;
ANALYZE ct_big;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ct_serial AS SELECT comment_terms(comment, r)::text AS t FROM ct_big;
CREATE TEMP TABLE ct_serial_groups AS
  SELECT grp, comment_terms(comment, r)::text AS t FROM ct_big GROUP BY grp;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
\set q 'SELECT comment_terms(comment, r)::text AS t FROM ct_big'
SELECT plan_has(:'q', 'Gather') AS gather, plan_has(:'q', 'Partial .*Aggregate') AS partial;
SELECT (:q) = (SELECT t FROM ct_serial) AS parallel_equals_serial;
\set q 'SELECT grp, comment_terms(comment, r)::text AS t FROM ct_big GROUP BY grp'
SELECT plan_has(:'q', 'Partial .*Aggregate') AS partial;
SELECT count(*) AS differing_groups
FROM ((:q EXCEPT SELECT * FROM ct_serial_groups) UNION ALL (SELECT * FROM ct_serial_groups EXCEPT :q)) x;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
SELECT * FROM pain_points((SELECT comment_terms(comment, r) FROM ct_big), 4);
SELECT * FROM praise_points((SELECT comment_terms(comment, r) FROM ct_big), 3);

-- the cap: 200000 distinct terms per state.  One comment of n distinct
-- words has n lexemes and n - 1 phrases.
SELECT (SELECT count(*) FROM term_counts(comment_terms(c, '1/5'))) AS terms_at_cap
FROM (SELECT string_agg('w' || i, ' ') AS c FROM generate_series(1, 100000) i) s;
SELECT ct_error($$SELECT comment_terms(c, '1/5') FROM
  (SELECT string_agg('w' || i, ' ') AS c FROM generate_series(1, 100001) i) s$$) AS past_cap;
-- merging past the cap is the same error, never a partial state
SELECT ct_error($$SELECT comment_terms(t) FROM
  (SELECT comment_terms(c, '1/5') AS t FROM
    (SELECT string_agg('w' || i, ' ') AS c FROM generate_series(1, 60000) i
     UNION ALL SELECT string_agg('v' || i, ' ') FROM generate_series(1, 60000) i) s
   GROUP BY c) x$$) AS merge_past_cap;

-- and at most 400000 distinct surface forms of terms per state
SELECT (SELECT count(*) FROM term_counts(format('{v1 unhappy 400000 happy 0 ["x" 400000 0 %s]}',
          string_agg(format('"f%s":1', i), ' '))::comment_terms)) AS term_with_400000_forms
FROM generate_series(1, 400000) i;
SELECT ct_error(format($$SELECT '{v1 unhappy 400001 happy 0 ["x" 400001 0 %s]}'::comment_terms$$,
                       string_agg(format('"f%s":1', i), ' '))) AS past_forms_cap
FROM generate_series(1, 400001) i;

-- bad input: an error with a SQLSTATE, never a crash
SELECT ct_error($$SELECT comment_terms(comment, r, 'no_such_config') FROM ct$$) AS unknown_config;
SELECT ct_error($$SELECT comment_terms(comment, r, 1::oid::regconfig) FROM ct$$) AS not_a_config;
SELECT ct_error($$SELECT '{v1 unhappy 1 happy 0 ["x" 2 0 "x":1]}'::comment_terms$$) AS count_above_total;
SELECT ct_error($$SELECT '{v1 unhappy 1 happy 0 ["x" 0 0 "x":1]}'::comment_terms$$) AS zero_counts;
SELECT ct_error($$SELECT '{v1 unhappy 1 happy 0 ["x" 1 0 "x":1] ["x" 1 0 "x":1]}'::comment_terms$$) AS duplicate_term;
SELECT ct_error($$SELECT '{v1 unhappy 1 happy 0 ["x" 1 0 "x":2]}'::comment_terms$$) AS form_above_count;
SELECT ct_error($$SELECT '{v1 unhappy 1 happy 0 ["x" 1 0 "x":1 "x":1]}'::comment_terms$$) AS duplicate_form;
SELECT ct_error($$SELECT '{v1 unhappy 1 happy 0 ["x" 1 0]}'::comment_terms$$) AS no_form;
SELECT ct_error($$SELECT '{v1 unhappy 1 happy 0 ["" 1 0 "x":1]}'::comment_terms$$) AS empty_lexeme;
SELECT ct_error($$SELECT '{v1 unhappy 1 happy 0 ["x" 1 0 "x":1]'::comment_terms$$) AS unclosed;
SELECT ct_error($$SELECT '{v2 unhappy 1 happy 0}'::comment_terms$$) AS version;
SELECT ct_error($$SELECT '{v1 unhappy 99999999999999999999 happy 0}'::comment_terms$$) AS overflow;
SELECT ct_error($$SELECT '{v1 unhappy 0 happy 0} x'::comment_terms$$) AS trailing;
SELECT ct_error($$SELECT comment_terms(t) FROM (VALUES ('{v1 unhappy 9223372036854775807 happy 0}'::comment_terms),
                                                      ('{v1 unhappy 1 happy 0}')) v(t)$$) AS merge_overflow;
SELECT ct_error($$SELECT * FROM pain_points('{v1 unhappy 0 happy 0}', -1)$$) AS negative_max_terms;
SELECT ct_error($$SELECT * FROM pain_points('{v1 unhappy 0 happy 0}', 5, -1)$$) AS negative_min_count;
SELECT ct_error($$SELECT * FROM praise_points('{v1 unhappy 0 happy 0}', 5, 1, 0)$$) AS zero_alpha0;
SELECT ct_error($$SELECT * FROM praise_points('{v1 unhappy 0 happy 0}', 5, 1, 'infinity')$$) AS infinite_alpha0;
SELECT * FROM pain_points('{v1 unhappy 0 happy 0}');
