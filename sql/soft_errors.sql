-- Soft input errors.  From PostgreSQL 16 on, a caller can ask an input
-- function to report bad text instead of raising it (pg_input_is_valid,
-- pg_input_error_info); from 17 on, COPY ... WITH (ON_ERROR ignore) uses that
-- to skip bad rows.  Both input functions, the rating's and the summary's,
-- report softly.  Older servers have neither feature: the alternative
-- expected outputs stop where the server's features end (soft_errors_1.out:
-- 13 to 15; soft_errors_2.out: 16).
SELECT current_setting('server_version_num')::int < 160000 AS before_16 \gset
\if :before_16
\quit
\endif

-- every kind of bad text is "not valid", never an ERROR: syntax, off the
-- scale, a bare number without a scale, against the column's scale,
-- inconsistent or overflowing summaries
SELECT input, type, pg_input_is_valid(input, type) AS valid
FROM (VALUES
  ('4/5', 'satisfaction_rating'), ('6/5', 'satisfaction_rating'), ('4', 'satisfaction_rating'),
  ('4/5x', 'satisfaction_rating'), ('4', 'satisfaction_rating(1,5)'), ('4/7', 'satisfaction_rating(1,5)'),
  ('4.5', 'satisfaction_rating(1,5)'),
  ('{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}', 'rating_summary'),
  ('{v1 ...', 'rating_summary'),
  ('{v1 scale 1-5 counts 1,1,1,1 unanswered 0}', 'rating_summary'),
  ('{v1 scale 1-5 counts 0,0,0,0,0 unanswered 3}', 'rating_summary'),
  ('{v1 scale 1-5 counts 9223372036854775807,1,0,0,0 unanswered 0}', 'rating_summary'),
  ('{v1 scales 1-5,1-7 answered 1 satisfied 1 unanswered 2}', 'rating_summary')
) v(input, type);
-- the saved error is the one the input function would have raised
SELECT sql_error_code, message, hint FROM pg_input_error_info('{v1 ...', 'rating_summary');
SELECT sql_error_code, message, hint FROM pg_input_error_info('{v1 scale 1-5 counts 9223372036854775807,1,0,0,0 unanswered 0}', 'rating_summary');
SELECT sql_error_code, message, hint FROM pg_input_error_info('4/7', 'satisfaction_rating(1,5)');

SELECT current_setting('server_version_num')::int < 170000 AS before_17 \gset
\if :before_17
\quit
\endif

-- COPY ... ON_ERROR ignore skips a row with a bad summary as it skips a row
-- with a bad rating, and loads the rest
CREATE TABLE soft_copy (id int, r satisfaction_rating(1,5), s rating_summary);
COPY soft_copy FROM STDIN WITH (ON_ERROR ignore);
1	4/5	{v1 scale 1-5 counts 1,0,0,0,0 unanswered 0}
2	9/5	{v1 unanswered 0}
3	4/5	{v1 ...
4	5/5	{v1 unanswered 2}
5	5/7	{v1 unanswered 2}
6	3	{v1 scale 1-5 counts 0,0,0,0,0 unanswered 3}
7	2	{v1 scale 1-5 counts 0,0,1,0,0 unanswered 3}
\.
SELECT * FROM soft_copy ORDER BY id;
-- without ON_ERROR the same bad summary stops the COPY, as before
COPY soft_copy FROM STDIN;
8	4/5	{v1 ...
\.
DROP TABLE soft_copy;
