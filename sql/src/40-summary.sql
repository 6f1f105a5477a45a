------------------------------------------------------------------------
-- rating_summary: the counts behind every metric; the aggregate state
------------------------------------------------------------------------

CREATE TYPE @extschema@.rating_summary;

CREATE FUNCTION @extschema@.rating_summary_in(cstring)
RETURNS @extschema@.rating_summary
AS 'MODULE_PATHNAME', 'rating_summary_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rating_summary_out(@extschema@.rating_summary)
RETURNS cstring
AS 'MODULE_PATHNAME', 'rating_summary_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rating_summary_recv(internal)
RETURNS @extschema@.rating_summary
AS 'MODULE_PATHNAME', 'rating_summary_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rating_summary_send(@extschema@.rating_summary)
RETURNS bytea
AS 'MODULE_PATHNAME', 'rating_summary_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.rating_summary (
	INPUT = @extschema@.rating_summary_in,
	OUTPUT = @extschema@.rating_summary_out,
	RECEIVE = @extschema@.rating_summary_recv,
	SEND = @extschema@.rating_summary_send,
	INTERNALLENGTH = 120,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.rating_summary IS
'counts behind CSAT, NPS and CES for a group of ratings: answers per scale point and unanswered; text {v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}';
COMMENT ON FUNCTION @extschema@.rating_summary_in(cstring) IS 'text input of rating_summary, validated';
COMMENT ON FUNCTION @extschema@.rating_summary_out(@extschema@.rating_summary) IS 'text output of rating_summary (format v1)';
COMMENT ON FUNCTION @extschema@.rating_summary_recv(internal) IS 'binary input of rating_summary, validated';
COMMENT ON FUNCTION @extschema@.rating_summary_send(@extschema@.rating_summary) IS 'binary output of rating_summary (version 1)';

-- transition, combine and moving-aggregate support

CREATE FUNCTION @extschema@.rating_summary_trans(@extschema@.rating_summary, @extschema@.satisfaction_rating)
RETURNS @extschema@.rating_summary
AS 'MODULE_PATHNAME', 'rating_summary_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_summary_trans(@extschema@.rating_summary, @extschema@.satisfaction_rating) IS
'aggregate transition: adds one rating (NULL counts as unanswered) to a summary';

CREATE FUNCTION @extschema@.rating_summary_trans_from(@extschema@.rating_summary, @extschema@.satisfaction_rating, integer)
RETURNS @extschema@.rating_summary
AS 'MODULE_PATHNAME', 'rating_summary_trans_from'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_summary_trans_from(@extschema@.rating_summary, @extschema@.satisfaction_rating, integer) IS
'aggregate transition of csat_pct(rating, satisfied_from): adds one rating and records the threshold';

CREATE FUNCTION @extschema@.rating_summary_combine(@extschema@.rating_summary, @extschema@.rating_summary)
RETURNS @extschema@.rating_summary
AS 'MODULE_PATHNAME', 'rating_summary_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_summary_combine(@extschema@.rating_summary, @extschema@.rating_summary) IS
'merges two summaries exactly (combine function of every csat aggregate); errors rather than overflow';

CREATE FUNCTION @extschema@.rating_window_trans(internal, @extschema@.satisfaction_rating)
RETURNS internal AS 'MODULE_PATHNAME', 'rating_window_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.rating_window_inv(internal, @extschema@.satisfaction_rating)
RETURNS internal AS 'MODULE_PATHNAME', 'rating_window_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.rating_window_trans_from(internal, @extschema@.satisfaction_rating, integer)
RETURNS internal AS 'MODULE_PATHNAME', 'rating_window_trans_from'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.rating_window_inv_from(internal, @extschema@.satisfaction_rating, integer)
RETURNS internal AS 'MODULE_PATHNAME', 'rating_window_inv_from'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.rating_window_csat_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_csat_pct'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.rating_window_nps(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_nps'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.rating_window_ces_avg(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_ces_avg'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.rating_window_summary(internal)
RETURNS @extschema@.rating_summary AS 'MODULE_PATHNAME', 'rating_window_summary'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.rating_window_trans(internal, @extschema@.satisfaction_rating) IS 'moving-aggregate transition: a rating enters the window frame';
COMMENT ON FUNCTION @extschema@.rating_window_inv(internal, @extschema@.satisfaction_rating) IS 'moving-aggregate inverse transition: a rating leaves the window frame';
COMMENT ON FUNCTION @extschema@.rating_window_trans_from(internal, @extschema@.satisfaction_rating, integer) IS 'moving-aggregate transition of csat_pct(rating, satisfied_from)';
COMMENT ON FUNCTION @extschema@.rating_window_inv_from(internal, @extschema@.satisfaction_rating, integer) IS 'moving-aggregate inverse transition of csat_pct(rating, satisfied_from)';
COMMENT ON FUNCTION @extschema@.rating_window_csat_pct(internal) IS 'moving-aggregate final function of csat_pct';
COMMENT ON FUNCTION @extschema@.rating_window_nps(internal) IS 'moving-aggregate final function of nps';
COMMENT ON FUNCTION @extschema@.rating_window_ces_avg(internal) IS 'moving-aggregate final function of ces_avg';
COMMENT ON FUNCTION @extschema@.rating_window_summary(internal) IS 'moving-aggregate final function of rating_summary';

-- accessors (also the final functions)

CREATE FUNCTION @extschema@.csat_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_csat_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_pct(@extschema@.rating_summary) IS
'percentage of satisfied answers (top-two-box per rating, or the summary''s satisfied_from); NULL with no answers';

CREATE FUNCTION @extschema@.csat_pct(@extschema@.rating_summary, satisfied_from integer)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_csat_pct_from'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_pct(@extschema@.rating_summary, integer) IS
'percentage of answers at or above satisfied_from; the summary must hold one scale';

CREATE FUNCTION @extschema@.nps(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_nps'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps(@extschema@.rating_summary) IS
'Net Promoter Score, -100..100: percent promoters (9-10) minus percent detractors (0-6); 0..10 ratings only';

CREATE FUNCTION @extschema@.ces_avg(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_ces_avg'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces_avg(@extschema@.rating_summary) IS
'Customer Effort Score: the mean value; the summary must hold one scale';

CREATE FUNCTION @extschema@.answered(@extschema@.rating_summary)
RETURNS bigint AS 'MODULE_PATHNAME', 'rating_summary_answered'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.answered(@extschema@.rating_summary) IS 'number of ratings (non-NULL answers)';

CREATE FUNCTION @extschema@.unanswered(@extschema@.rating_summary)
RETURNS bigint AS 'MODULE_PATHNAME', 'rating_summary_unanswered'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.unanswered(@extschema@.rating_summary) IS 'number of NULL ratings (surveys not answered)';

CREATE FUNCTION @extschema@.response_rate(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_response_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.response_rate(@extschema@.rating_summary) IS
'percentage of rows that carry a rating: 100 * answered / (answered + unanswered)';

CREATE FUNCTION @extschema@.distribution(@extschema@.rating_summary,
	OUT value integer, OUT count bigint, OUT share numeric)
RETURNS SETOF record AS 'MODULE_PATHNAME', 'rating_summary_distribution'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 11;
COMMENT ON FUNCTION @extschema@.distribution(@extschema@.rating_summary) IS
'one row per scale point: value, count, share of the answers in percent';

-- confidence intervals and significance tests (src/stats.c)

CREATE FUNCTION @extschema@.csat_ci_lower(@extschema@.rating_summary, confidence float8 DEFAULT 0.95)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_csat_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_ci_lower(@extschema@.rating_summary, float8) IS
'lower bound of the Wilson score interval of csat_pct(s), in percent; confidence in (0,1), default 0.95; NULL with no answers';

CREATE FUNCTION @extschema@.csat_ci_upper(@extschema@.rating_summary, confidence float8 DEFAULT 0.95)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_csat_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_ci_upper(@extschema@.rating_summary, float8) IS
'upper bound of the Wilson score interval of csat_pct(s), in percent; confidence in (0,1), default 0.95; NULL with no answers';

CREATE FUNCTION @extschema@.nps_ci_lower(@extschema@.rating_summary, confidence float8 DEFAULT 0.95)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_nps_ci_lower'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_ci_lower(@extschema@.rating_summary, float8) IS
'lower bound of the adjusted-Wald interval of nps(s) (Rocks 2016), in NPS points, clipped to -100..100; 0..10 ratings only; NULL with no answers';

CREATE FUNCTION @extschema@.nps_ci_upper(@extschema@.rating_summary, confidence float8 DEFAULT 0.95)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_nps_ci_upper'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_ci_upper(@extschema@.rating_summary, float8) IS
'upper bound of the adjusted-Wald interval of nps(s) (Rocks 2016), in NPS points, clipped to -100..100; 0..10 ratings only; NULL with no answers';

CREATE FUNCTION @extschema@.csat_ztest(a @extschema@.rating_summary, b @extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_csat_ztest'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_ztest(@extschema@.rating_summary, @extschema@.rating_summary) IS
'two-sided p-value of the pooled two-proportion z-test that the CSAT of a and b differ; NULL if either has no answers';

CREATE FUNCTION @extschema@.nps_ztest(a @extschema@.rating_summary, b @extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_nps_ztest'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_ztest(@extschema@.rating_summary, @extschema@.rating_summary) IS
'two-sided p-value of the adjusted-Wald test (Rocks 2016) that the NPS of a and b differ; 0..10 ratings only; NULL if either has no answers';

