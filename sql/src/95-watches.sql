-- Segment watches and fair rankings (0.4.0)
--
-- A watch: over the rows of a table whose time column lies in the last
-- period, per segment, a metric compared with a threshold; csat_watch_run()
-- evaluates the watches (one GROUP BY of rating_summary per watch) and
-- queues an alert into csat_alert when a segment enters breach or leaves it,
-- once per transition.
--
-- Privileges follow the queue's: the extension's owner (and whom it grants
-- to) manages and runs the watches.  csat_watch_create() and csat_watch_run()
-- run as their caller, so a watch reads its table with the privileges of
-- whoever runs it; only the insertion of the alert, csat_watch_alert(), is
-- SECURITY DEFINER, and it builds the alert from the watch's own row.

-- A watch alert is a row of csat_alert (70-alerts.sql) with no single
-- rating: its rating is NULL, its key says what happened in words.

CREATE SEQUENCE @extschema@.csat_watch_watch_id_seq AS bigint;
COMMENT ON SEQUENCE @extschema@.csat_watch_watch_id_seq IS 'watch_id of csat_watch';

CREATE TABLE @extschema@.csat_watch (
	watch_id bigint NOT NULL
		DEFAULT pg_catalog.nextval('@extschema@.csat_watch_watch_id_seq'::pg_catalog.regclass)
		PRIMARY KEY,
	name text NOT NULL UNIQUE,
	source pg_catalog.regclass NOT NULL,
	source_name text NOT NULL,
	rating_column name NOT NULL,
	time_column name NOT NULL,
	segment_columns name[] NOT NULL,
	metric text NOT NULL,
	threshold numeric NOT NULL,
	period interval NOT NULL,
	min_answers integer NOT NULL,
	created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	last_run_at timestamptz,
	last_error text
);
ALTER SEQUENCE @extschema@.csat_watch_watch_id_seq OWNED BY @extschema@.csat_watch.watch_id;
COMMENT ON TABLE @extschema@.csat_watch IS
'segment watches, one row per csat_watch_create(); evaluated by csat_watch_run()';
COMMENT ON COLUMN @extschema@.csat_watch.name IS 'the watch''s name, unique';
COMMENT ON COLUMN @extschema@.csat_watch.source IS 'the table watched';
COMMENT ON COLUMN @extschema@.csat_watch.rating_column IS 'its satisfaction_rating column';
COMMENT ON COLUMN @extschema@.csat_watch.time_column IS 'its timestamptz, timestamp or date column: the rows of the last period are read';
COMMENT ON COLUMN @extschema@.csat_watch.segment_columns IS 'the columns whose distinct values are the segments (none: the whole table)';
COMMENT ON COLUMN @extschema@.csat_watch.metric IS 'csat_pct, nps, ces_avg, top_box_pct, bottom_box_pct, ces_easy_pct, promoters_pct or detractors_pct';
COMMENT ON COLUMN @extschema@.csat_watch.threshold IS 'below it is a breach (above it for bottom_box_pct and detractors_pct)';
COMMENT ON COLUMN @extschema@.csat_watch.period IS 'how far back from now() the rows are read';
COMMENT ON COLUMN @extschema@.csat_watch.min_answers IS 'a segment with fewer answers in the period is never in breach';
COMMENT ON COLUMN @extschema@.csat_watch.source_name IS 'the table''s name when the watch was created (for messages once it is dropped)';
COMMENT ON COLUMN @extschema@.csat_watch.last_run_at IS 'when csat_watch_run() last evaluated the watch';
COMMENT ON COLUMN @extschema@.csat_watch.last_error IS 'the error of the latest run; NULL when it succeeded';

CREATE TABLE @extschema@.csat_watch_state (
	watch_id bigint NOT NULL,
	segment jsonb NOT NULL,
	value numeric,
	answers bigint NOT NULL,
	since timestamptz NOT NULL,
	PRIMARY KEY (watch_id, segment)
);
COMMENT ON COLUMN @extschema@.csat_watch_state.segment IS 'the segment: its segment_columns as a jsonb object';
COMMENT ON COLUMN @extschema@.csat_watch_state.value IS 'the metric when the segment entered breach';
COMMENT ON COLUMN @extschema@.csat_watch_state.answers IS 'its answers then';
COMMENT ON COLUMN @extschema@.csat_watch_state.since IS 'when the run that found it in breach started';
COMMENT ON TABLE @extschema@.csat_watch_state IS
'the segments of each watch that are in breach (a segment without a row is not), with the value and answers of the run that found them there';

-- watches and their state survive pg_dump/restore
SELECT pg_catalog.pg_extension_config_dump('@extschema@.csat_watch', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.csat_watch_watch_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.csat_watch_state', '');

-- like the queue's (70-alerts.sql), they belong to the extension's owner,
-- who can then dump and restore them
ALTER TABLE @extschema@.csat_watch OWNER TO @extowner@;
ALTER TABLE @extschema@.csat_watch_state OWNER TO @extowner@;
ALTER SEQUENCE @extschema@.csat_watch_watch_id_seq OWNER TO @extowner@;
REVOKE ALL ON TABLE @extschema@.csat_watch, @extschema@.csat_watch_state FROM PUBLIC;
REVOKE ALL ON SEQUENCE @extschema@.csat_watch_watch_id_seq FROM PUBLIC;

-- the one query of a watch: its segments' value and answers over the period
-- ($1 is the period)
CREATE FUNCTION @extschema@.csat_watch_sql(name text)
RETURNS text
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	w record;
	cols text;
	seg text;
BEGIN
	SELECT * INTO w FROM @extschema@.csat_watch cw WHERE cw.name = $1;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'watch "%" does not exist', $1
			USING ERRCODE = 'undefined_object',
				  HINT = 'The watches are the rows of csat_watch.';
	END IF;
	PERFORM FROM pg_class c WHERE c.oid = w.source;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'watch "%": its table % no longer exists',
			w.name, w.source_name
			USING ERRCODE = 'undefined_table',
				  HINT = 'Drop the watch with csat_watch_drop() or create it again over the new table.';
	END IF;
	SELECT string_agg('t.' || quote_ident(c), ', ' ORDER BY o),
		   string_agg(quote_literal(c) || ', g.' || quote_ident(c), ', ' ORDER BY o)
	INTO cols, seg
	FROM unnest(w.segment_columns) WITH ORDINALITY AS u(c, o);
	RETURN format('SELECT pg_catalog.jsonb_build_object(%s) AS segment,'
				  ' @extschema@.%I(g.csat_watch_summary) AS value,'
				  ' @extschema@.answered(g.csat_watch_summary) AS answers'
				  ' FROM (SELECT %s@extschema@.rating_summary(t.%I) AS csat_watch_summary'
				  ' FROM %s t WHERE t.%I >= pg_catalog.now() - $1 AND t.%I <= pg_catalog.now()%s) g',
				  coalesce(seg, ''), w.metric, coalesce(cols || ', ', ''),
				  w.rating_column, w.source, w.time_column, w.time_column,
				  coalesce(' GROUP BY ' || cols, ''));
END
$$;
COMMENT ON FUNCTION @extschema@.csat_watch_sql(text) IS
'the query a watch runs (one GROUP BY of rating_summary over the period, $1 the period): EXPLAIN it to see the index used';

CREATE FUNCTION @extschema@.csat_watch_create(name text, source pg_catalog.regclass,
		rating_column name, time_column name, segment_columns name[],
		metric text, threshold numeric, period interval DEFAULT '30 days',
		min_answers integer DEFAULT 30)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	args text[] := ARRAY['name', 'source', 'rating_column', 'time_column',
						 'segment_columns', 'metric', 'threshold', 'period',
						 'min_answers'];
	nulls boolean[] := ARRAY[$1 IS NULL, $2 IS NULL, $3 IS NULL, $4 IS NULL,
							 $5 IS NULL, $6 IS NULL, $7 IS NULL, $8 IS NULL,
							 $9 IS NULL];
	typ oid;
	col name;
	lo numeric;
	hi numeric;
	id bigint;
BEGIN
	FOR i IN 1 .. 9 LOOP
		IF nulls[i] THEN
			RAISE EXCEPTION 'csat_watch_create: % is NULL', args[i]
				USING ERRCODE = 'null_value_not_allowed';
		END IF;
	END LOOP;
	IF EXISTS (SELECT FROM @extschema@.csat_watch w WHERE w.name = $1) THEN
		RAISE EXCEPTION 'watch "%" already exists', $1
			USING ERRCODE = 'duplicate_object',
				  HINT = 'Drop it first with csat_watch_drop(), or choose another name.';
	END IF;
	CASE $6
		WHEN 'nps' THEN lo := -100; hi := 100;
		WHEN 'ces_avg' THEN lo := 0; hi := 10;
		WHEN 'csat_pct', 'top_box_pct', 'bottom_box_pct', 'ces_easy_pct',
			 'promoters_pct', 'detractors_pct' THEN lo := 0; hi := 100;
		ELSE
			RAISE EXCEPTION 'unknown metric "%"', $6
				USING ERRCODE = 'invalid_parameter_value',
					  HINT = 'The metrics are csat_pct, nps, ces_avg, top_box_pct, bottom_box_pct, ces_easy_pct, promoters_pct and detractors_pct.';
	END CASE;
	IF $7 < lo OR $7 > hi THEN
		RAISE EXCEPTION 'threshold % is outside the range of %, % to %', $7, $6, lo, hi
			USING ERRCODE = 'numeric_value_out_of_range';
	END IF;
	IF $8 <= interval '0' THEN
		RAISE EXCEPTION 'period "%" is not positive', $8
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Give the length of the window to watch, for example ''30 days''.';
	END IF;
	IF $9 < 1 THEN
		RAISE EXCEPTION 'min_answers % is less than 1', $9
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'A segment with fewer answers than min_answers is never in breach; 30 is the default.';
	END IF;
	IF NOT has_table_privilege($2, 'SELECT') THEN
		RAISE EXCEPTION 'permission denied for table %', $2
			USING ERRCODE = 'insufficient_privilege',
				  HINT = 'A watch reads its table with the privileges of whoever runs it.';
	END IF;

	FOREACH col IN ARRAY ARRAY[$3, $4] || $5 LOOP
		-- the type, or a domain's base type
		SELECT CASE WHEN t.typbasetype <> 0 THEN t.typbasetype ELSE t.oid END INTO typ
		FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
		WHERE a.attrelid = $2 AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'column "%" of table % does not exist', col, $2
				USING ERRCODE = 'undefined_column';
		END IF;
		IF col = $3 AND typ <> '@extschema@.satisfaction_rating'::regtype THEN
			RAISE EXCEPTION 'column "%" of table % is %, not a rating', col, $2, format_type(typ, NULL)
				USING ERRCODE = 'datatype_mismatch',
					  HINT = 'rating_column must be a satisfaction_rating column.';
		END IF;
		IF col = $4 AND typ NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
			RAISE EXCEPTION 'column "%" of table % is %, not a time', col, $2, format_type(typ, NULL)
				USING ERRCODE = 'datatype_mismatch',
					  HINT = 'time_column must be a timestamptz, timestamp or date column.';
		END IF;
	END LOOP;

	INSERT INTO @extschema@.csat_watch (name, source, source_name, rating_column,
		time_column, segment_columns, metric, threshold, period, min_answers)
	VALUES ($1, $2, $2::text, $3, $4, $5, $6, $7, $8, $9)
	RETURNING watch_id INTO id;
	RETURN id;
END
$$;
COMMENT ON FUNCTION @extschema@.csat_watch_create(text, pg_catalog.regclass, name, name, name[], text, numeric, interval, integer) IS
'registers a watch: per segment (the distinct values of segment_columns) of the rows of source whose time_column lies in the last period, metric compared with threshold (below is a breach; above for bottom_box_pct and detractors_pct); a segment with fewer than min_answers answers is never in breach; returns the watch_id';

-- the alert of one transition, built from the watch's own row
CREATE FUNCTION @extschema@.csat_watch_alert(watch_id bigint, segment jsonb,
		state text, value numeric, answers bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET IntervalStyle = 'postgres'
AS $$
DECLARE
	w @extschema@.csat_watch;
	id bigint;
	seg text;
	words text;
BEGIN
	SELECT * INTO w FROM @extschema@.csat_watch cw WHERE cw.watch_id = $1;
	IF NOT FOUND OR $2 IS NULL OR $5 IS NULL THEN
		RAISE EXCEPTION 'no watch % or no segment', $1
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF $3 IS NULL OR $3 NOT IN ('breach', 'recovered') THEN
		RAISE EXCEPTION 'state "%" is neither breach nor recovered', $3
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	SELECT coalesce(string_agg(e.key || '=' || (e.value #>> '{}'), ', ' ORDER BY e.key), 'all rows')
	INTO seg FROM jsonb_each($2) e;
	words := format('CSAT watch "%s" on %s: %s %s: %s (%s answers in the last %s)',
					w.name, w.source_name, seg,
					CASE $3 WHEN 'breach' THEN 'entered breach' ELSE 'recovered' END,
					CASE
						WHEN $4 IS NULL OR $5 < w.min_answers THEN
							format('fewer answers than min_answers %s', w.min_answers)
						ELSE format('%s %s, %s the threshold %s', w.metric, round($4, 1),
									CASE WHEN $3 = 'breach' THEN '' ELSE 'not ' END ||
									CASE WHEN w.metric IN ('bottom_box_pct', 'detractors_pct')
										 THEN 'above' ELSE 'below' END,
									w.threshold)
					END,
					$5, w.period);
	id := nextval('@extschema@.csat_alert_alert_id_seq');
	INSERT INTO @extschema@.csat_alert (alert_id, idempotency_key, relation, column_name, key, rating, payload)
	VALUES (id, 'csat-alert-' || @extschema@.csat_database_id() || '-' || id,
			w.source_name, w.rating_column, words, NULL,
			jsonb_build_object('kind', 'watch', 'watch', w.name, 'state', $3,
							   'segment', $2, 'metric', w.metric, 'value', $4,
							   'threshold', w.threshold, 'answers', $5,
							   'min_answers', w.min_answers, 'period', w.period::text,
							   'table', w.source_name, 'column', w.rating_column,
							   'text', words, 'alert_id', id));
	RETURN id;
END
$$;
COMMENT ON FUNCTION @extschema@.csat_watch_alert(bigint, jsonb, text, numeric, bigint) IS
'internal to csat_watch_run(): queues the alert of one transition of a watch''s segment (state breach or recovered) into csat_alert, with "kind": "watch"; returns its alert_id';

CREATE FUNCTION @extschema@.csat_watch_run(name text DEFAULT NULL)
RETURNS TABLE(watch text, segment jsonb, state text, value numeric, answers bigint)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
	w record;
	r record;
	above boolean;
	msg text;
BEGIN
	IF $1 IS NOT NULL AND NOT EXISTS (SELECT FROM @extschema@.csat_watch cw WHERE cw.name = $1) THEN
		RAISE EXCEPTION 'watch "%" does not exist', $1
			USING ERRCODE = 'undefined_object',
				  HINT = 'The watches are the rows of csat_watch.';
	END IF;
	FOR w IN SELECT * FROM @extschema@.csat_watch cw
			 WHERE $1 IS NULL OR cw.name = $1 ORDER BY cw.name
	LOOP
		BEGIN
			-- runs of one watch take turns: a run that waited here sees the
			-- state the other committed, and queues no transition twice
			PERFORM FROM @extschema@.csat_watch cw WHERE cw.watch_id = w.watch_id FOR UPDATE;
			above := w.metric IN ('bottom_box_pct', 'detractors_pct');
			-- one statement: the segments now (the watch's one GROUP BY),
			-- full-joined with those in breach before; only transitions return
			FOR r IN EXECUTE
				'WITH cur AS (' || @extschema@.csat_watch_sql(w.name) || '),'
				' judged AS (SELECT cur.segment, cur.value, cur.answers,'
				'  cur.answers >= $4 AND cur.value IS NOT NULL'
				'  AND CASE WHEN $5 THEN cur.value > $3 ELSE cur.value < $3 END AS breach FROM cur),'
				' was AS (SELECT s.segment FROM @extschema@.csat_watch_state s WHERE s.watch_id = $2)'
				' SELECT coalesce(j.segment, was.segment) AS segment, j.value,'
				'  coalesce(j.answers, 0) AS answers, coalesce(j.breach, false) AS breach'
				' FROM judged j FULL JOIN was ON was.segment = j.segment'
				' WHERE coalesce(j.breach, false) <> (was.segment IS NOT NULL)'
				' ORDER BY 1'
				USING w.period, w.watch_id, w.threshold, w.min_answers, above
			LOOP
				IF r.breach THEN
					INSERT INTO @extschema@.csat_watch_state (watch_id, segment, value, answers, since)
					VALUES (w.watch_id, r.segment, r.value, r.answers, now());
				ELSE
					-- recovered: back within the threshold, under min_answers,
					-- or without answers in the period any more
					DELETE FROM @extschema@.csat_watch_state s
					WHERE s.watch_id = w.watch_id AND s.segment = r.segment;
				END IF;
				PERFORM @extschema@.csat_watch_alert(w.watch_id, r.segment,
					CASE WHEN r.breach THEN 'breach' ELSE 'recovered' END, r.value, r.answers);
				watch := w.name;
				segment := r.segment;
				state := CASE WHEN r.breach THEN 'breach' ELSE 'recovered' END;
				value := r.value;
				answers := r.answers;
				RETURN NEXT;
			END LOOP;
			UPDATE @extschema@.csat_watch cw SET last_run_at = now(), last_error = NULL
			WHERE cw.watch_id = w.watch_id;
		EXCEPTION WHEN OTHERS THEN
			-- this watch's transitions are undone; the other watches run
			GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
			RAISE WARNING 'csat_watch_run: watch "%" failed: %', w.name, msg;
			UPDATE @extschema@.csat_watch cw SET last_run_at = now(), last_error = msg
			WHERE cw.watch_id = w.watch_id;
		END;
	END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.csat_watch_run(text) IS
'evaluates one watch (or all, name NULL), each in one pass, and queues an alert into csat_alert for each segment that enters breach or leaves it (recovered), once per transition; returns what it queued; a watch that fails (its table dropped) gets a WARNING and its last_error, and the others run';

CREATE FUNCTION @extschema@.csat_watch_drop(name text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	id bigint;
BEGIN
	DELETE FROM @extschema@.csat_watch cw WHERE cw.name = $1 RETURNING cw.watch_id INTO id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'watch "%" does not exist', $1
			USING ERRCODE = 'undefined_object',
				  HINT = 'The watches are the rows of csat_watch.';
	END IF;
	DELETE FROM @extschema@.csat_watch_state s WHERE s.watch_id = id;
	RETURN true;
END
$$;
COMMENT ON FUNCTION @extschema@.csat_watch_drop(text) IS
'removes a watch and its segments'' state (alerts already queued stay); an unknown name is an error';

-- like the queue's functions, the watch functions belong to the extension's
-- owner: the alert is queued as the queue's owner, not as a superuser
ALTER FUNCTION @extschema@.csat_watch_sql(text) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_watch_create(text, pg_catalog.regclass, name, name, name[], text, numeric, interval, integer) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_watch_alert(bigint, jsonb, text, numeric, bigint) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_watch_run(text) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_watch_drop(text) OWNER TO @extowner@;
REVOKE ALL ON FUNCTION @extschema@.csat_watch_sql(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_watch_create(text, pg_catalog.regclass, name, name, name[], text, numeric, interval, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_watch_alert(bigint, jsonb, text, numeric, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_watch_run(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_watch_drop(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.csat_watch_sql(text) TO @extowner@ WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION @extschema@.csat_watch_create(text, pg_catalog.regclass, name, name, name[], text, numeric, interval, integer) TO @extowner@ WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION @extschema@.csat_watch_alert(bigint, jsonb, text, numeric, bigint) TO @extowner@ WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION @extschema@.csat_watch_run(text) TO @extowner@ WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION @extschema@.csat_watch_drop(text) TO @extowner@ WITH GRANT OPTION;

-- fair rankings: a beta prior fitted over segments, and the posterior mean
CREATE FUNCTION @extschema@.csat_prior_trans(float8[], @extschema@.rating_summary)
RETURNS float8[] AS 'MODULE_PATHNAME', 'csat_prior_trans'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_prior_trans(float8[], @extschema@.rating_summary) IS
'transition function of csat_prior: adds one segment''s answers and satisfied answers';
CREATE FUNCTION @extschema@.csat_prior_combine(float8[], float8[])
RETURNS float8[] AS 'MODULE_PATHNAME', 'csat_prior_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_prior_combine(float8[], float8[]) IS
'combine function of csat_prior: adds two partial states';
CREATE FUNCTION @extschema@.csat_prior_final(float8[])
RETURNS float8[] AS 'MODULE_PATHNAME', 'csat_prior_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_prior_final(float8[]) IS
'final function of csat_prior: the method-of-moments fit {alpha, beta}';
CREATE AGGREGATE @extschema@.csat_prior(@extschema@.rating_summary) (
	SFUNC = @extschema@.csat_prior_trans,
	STYPE = float8[],
	FINALFUNC = @extschema@.csat_prior_final,
	COMBINEFUNC = @extschema@.csat_prior_combine,
	INITCOND = '{0,0,0,0,0}',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat_prior(@extschema@.rating_summary) IS
'beta prior {alpha, beta} of the CSAT of the segments (one summary each), fitted by the method of moments of the beta-binomial; with no more spread than chance, alpha + beta = all answers; NULL under two segments with answers';

CREATE FUNCTION @extschema@.csat_shrunk(s @extschema@.rating_summary, prior float8[])
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_csat_shrunk'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_shrunk(@extschema@.rating_summary, float8[]) IS
'posterior mean CSAT in percent under the beta prior {alpha, beta}: 100 * (satisfied + alpha) / (answered + alpha + beta); NULL without answers';
