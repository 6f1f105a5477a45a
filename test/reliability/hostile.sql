-- The SQL side of test/checks/hostile_input.sh: run every generated input
-- (hostile_gen.py) through the input, typmod and receive functions, one
-- subtransaction per input, and record a verdict: '00000' accepted, or the
-- SQLSTATE of the error.  The tables text_inputs(id, kind, tm, s) and
-- manifest(id, kind, tm, framing, path, hex) are loaded by the caller.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

CREATE TABLE verdicts (id integer, src text, kind text, state text, msg text);
CREATE TABLE ok_rating (id integer, src text, tm integer, v satisfaction_rating);
CREATE TABLE ok_summary (id integer, src text, v rating_summary);
CREATE TABLE ok_typmod (id integer, tm integer);
CREATE TABLE ok_cast (id integer, kind text, tm integer, v satisfaction_rating);

-- typmods of the scales under test, by the names the generator uses
CREATE TABLE tmods (name text PRIMARY KEY, tm integer, lo integer, hi integer);
INSERT INTO tmods VALUES
	('n', -1, NULL, NULL),
	('1-5', satisfaction_rating_typmod_in('{1,5}'::cstring[]), 1, 5),
	('0-10', satisfaction_rating_typmod_in('{0,10}'::cstring[]), 0, 10),
	('1-3', satisfaction_rating_typmod_in('{3}'::cstring[]), 1, 3);

CREATE FUNCTION fuzz_text() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	r		record;
	st		text;
	m		text;
	rt		oid := 'satisfaction_rating'::regtype;
	tmv		integer;
	v		satisfaction_rating;
	s		rating_summary;
	t		integer;
BEGIN
	FOR r IN SELECT i.*, coalesce(m.tm, CASE WHEN i.tm LIKE 'raw:%' THEN substr(i.tm, 5)::integer END, -1) AS tmv
		FROM text_inputs i LEFT JOIN tmods m ON m.name = i.tm ORDER BY i.id LOOP
		BEGIN
			IF r.kind = 'rating' THEN
				v := satisfaction_rating_in(r.s::cstring, rt, r.tmv);
				INSERT INTO ok_rating VALUES (r.id, 'text', r.tmv, v);
			ELSIF r.kind = 'summary' THEN
				s := rating_summary_in(r.s::cstring);
				INSERT INTO ok_summary VALUES (r.id, 'text', s);
			ELSIF r.kind = 'typmod' THEN
				t := satisfaction_rating_typmod_in(string_to_array(r.s, '|')::cstring[]);
				INSERT INTO ok_typmod VALUES (r.id, t);
			ELSIF r.kind = 'cast' THEN
				v := satisfaction_rating(r.s::integer, r.tmv, false);
				INSERT INTO ok_cast VALUES (r.id, r.kind, r.tmv, v);
			ELSIF r.kind = 'cast2' THEN
				v := satisfaction_rating(r.s::smallint, r.tmv, false);
				INSERT INTO ok_cast VALUES (r.id, r.kind, r.tmv, v);
			ELSE
				v := satisfaction_rating(r.s::satisfaction_rating, r.tmv, r.id % 2 = 0);
				INSERT INTO ok_cast VALUES (r.id, r.kind, r.tmv, v);
			END IF;
			INSERT INTO verdicts VALUES (r.id, 'text', r.kind, '00000', NULL);
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
			INSERT INTO verdicts VALUES (r.id, 'text', r.kind, st, m);
		END;
	END LOOP;
END $$;

-- binary COPY targets: the id comes from a setting, the field from the file
CREATE TABLE bin_n (id integer DEFAULT current_setting('fuzz.id')::integer, v satisfaction_rating);
CREATE TABLE bin_15 (id integer DEFAULT current_setting('fuzz.id')::integer, v satisfaction_rating(1,5));
CREATE TABLE bin_010 (id integer DEFAULT current_setting('fuzz.id')::integer, v satisfaction_rating(0,10));
CREATE TABLE bin_13 (id integer DEFAULT current_setting('fuzz.id')::integer, v satisfaction_rating(3));
CREATE TABLE bin_s (id integer DEFAULT current_setting('fuzz.id')::integer, v rating_summary);

CREATE FUNCTION fuzz_binary() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	r		record;
	st		text;
	m		text;
	tbl		text;
BEGIN
	FOR r IN SELECT * FROM manifest ORDER BY id LOOP
		tbl := CASE WHEN r.kind = 'summary' THEN 'bin_s'
			ELSE 'bin_' || CASE r.tm WHEN '1-5' THEN '15' WHEN '0-10' THEN '010' WHEN '1-3' THEN '13' ELSE 'n' END END;
		PERFORM set_config('fuzz.id', r.id::text, false);
		BEGIN
			EXECUTE format('COPY %I (v) FROM %L WITH (FORMAT binary)', tbl, r.path);
			INSERT INTO verdicts VALUES (r.id, 'binary', r.kind, '00000', NULL);
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
			INSERT INTO verdicts VALUES (r.id, 'binary', r.kind, st, m);
		END;
	END LOOP;
END $$;

-- merging accepted summaries pairwise (each with itself, its neighbour and
-- the 7th next): errors allowed, results checked by the caller
CREATE TABLE merges (a integer, b integer, state text, v rating_summary);
CREATE FUNCTION fuzz_merge() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	r		record;
	st		text;
	s		rating_summary;
BEGIN
	CREATE TABLE numbered AS
		SELECT row_number() OVER (ORDER BY src, id)::integer AS n, src, id, v FROM ok_summary;
	FOR r IN SELECT x.n AS a, x.v AS va, y.n AS b, y.v AS vb
		FROM numbered x JOIN numbered y ON y.n = x.n + 1
		UNION ALL SELECT x.n, x.v, y.n, y.v FROM numbered x JOIN numbered y ON y.n = x.n + 7
		UNION ALL SELECT n, v, n, v FROM numbered
	LOOP
		BEGIN
			s := rating_summary_combine(r.va, r.vb);
			INSERT INTO merges VALUES (r.a, r.b, '00000', s);
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
			INSERT INTO merges VALUES (r.a, r.b, st, NULL);
		END;
	END LOOP;
END $$;
