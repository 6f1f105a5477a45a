/* csat 0.1.0: customer satisfaction ratings, aggregates and summaries */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION csat" to load this file. \quit

-- Every name below is qualified with @extschema@ or pg_catalog, so the
-- script means the same thing whatever search_path the installing user has
-- (the extension is trusted: non-superusers may install it).

------------------------------------------------------------------------
-- satisfaction_rating: a rating and its scale, 2 bytes, by value
------------------------------------------------------------------------

CREATE TYPE @extschema@.satisfaction_rating;

CREATE FUNCTION @extschema@.satisfaction_rating_in(cstring, oid, integer)
RETURNS @extschema@.satisfaction_rating
AS 'MODULE_PATHNAME', 'satisfaction_rating_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.satisfaction_rating_out(@extschema@.satisfaction_rating)
RETURNS cstring
AS 'MODULE_PATHNAME', 'satisfaction_rating_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.satisfaction_rating_recv(internal, oid, integer)
RETURNS @extschema@.satisfaction_rating
AS 'MODULE_PATHNAME', 'satisfaction_rating_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.satisfaction_rating_send(@extschema@.satisfaction_rating)
RETURNS bytea
AS 'MODULE_PATHNAME', 'satisfaction_rating_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.satisfaction_rating_typmod_in(cstring[])
RETURNS integer
AS 'MODULE_PATHNAME', 'satisfaction_rating_typmod_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.satisfaction_rating_typmod_out(integer)
RETURNS cstring
AS 'MODULE_PATHNAME', 'satisfaction_rating_typmod_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.satisfaction_rating (
	INPUT = @extschema@.satisfaction_rating_in,
	OUTPUT = @extschema@.satisfaction_rating_out,
	RECEIVE = @extschema@.satisfaction_rating_recv,
	SEND = @extschema@.satisfaction_rating_send,
	TYPMOD_IN = @extschema@.satisfaction_rating_typmod_in,
	TYPMOD_OUT = @extschema@.satisfaction_rating_typmod_out,
	INTERNALLENGTH = 2,
	PASSEDBYVALUE,
	ALIGNMENT = int2,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.satisfaction_rating IS
'a survey answer on an integer scale lo..hi (0 <= lo < hi <= 10), written ''4/5'' or ''9/0-10''; 2 bytes';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_in(cstring, oid, integer) IS
'text input of satisfaction_rating (''4/5'', ''9/0-10'', ''9/0..10''; a bare value when a type modifier gives the scale)';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_out(@extschema@.satisfaction_rating) IS
'canonical text output of satisfaction_rating: V/H when lo = 1, else V/L-H';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_recv(internal, oid, integer) IS
'binary input of satisfaction_rating: value byte, scale byte (lo << 4 | hi)';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_send(@extschema@.satisfaction_rating) IS
'binary output of satisfaction_rating: value byte, scale byte (lo << 4 | hi)';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_typmod_in(cstring[]) IS
'type modifier input: satisfaction_rating(hi) is the scale 1..hi, satisfaction_rating(lo, hi) is lo..hi';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_typmod_out(integer) IS
'type modifier output: (lo,hi)';

-- construction and access

CREATE FUNCTION @extschema@.rating(value integer, lo integer, hi integer)
RETURNS @extschema@.satisfaction_rating
AS 'MODULE_PATHNAME', 'satisfaction_rating_make'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating(integer, integer, integer) IS
'the rating value on the scale lo..hi';

CREATE FUNCTION @extschema@.rating_value(@extschema@.satisfaction_rating)
RETURNS integer
AS 'MODULE_PATHNAME', 'satisfaction_rating_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_value(@extschema@.satisfaction_rating) IS
'the value of a rating';

CREATE FUNCTION @extschema@.scale_lo(@extschema@.satisfaction_rating)
RETURNS integer
AS 'MODULE_PATHNAME', 'satisfaction_rating_scale_lo'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.scale_lo(@extschema@.satisfaction_rating) IS
'the lowest point of a rating''s scale';

CREATE FUNCTION @extschema@.scale_hi(@extschema@.satisfaction_rating)
RETURNS integer
AS 'MODULE_PATHNAME', 'satisfaction_rating_scale_hi'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.scale_hi(@extschema@.satisfaction_rating) IS
'the highest point of a rating''s scale';

CREATE FUNCTION @extschema@.normalized(@extschema@.satisfaction_rating)
RETURNS double precision
AS 'MODULE_PATHNAME', 'satisfaction_rating_normalized'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normalized(@extschema@.satisfaction_rating) IS
'the position of a rating on its scale: (value - lo) / (hi - lo), from 0 to 1';

-- casts

CREATE FUNCTION @extschema@.satisfaction_rating(@extschema@.satisfaction_rating, integer, boolean)
RETURNS @extschema@.satisfaction_rating
AS 'MODULE_PATHNAME', 'satisfaction_rating_coerce'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating(@extschema@.satisfaction_rating, integer, boolean) IS
'enforces a satisfaction_rating type modifier: a rating on another scale is an error, never rescaled';

CREATE FUNCTION @extschema@.satisfaction_rating(integer, integer, boolean)
RETURNS @extschema@.satisfaction_rating
AS 'MODULE_PATHNAME', 'satisfaction_rating_from_int4'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating(integer, integer, boolean) IS
'an integer as a rating on the scale of the target''s type modifier';

CREATE FUNCTION @extschema@.satisfaction_rating(smallint, integer, boolean)
RETURNS @extschema@.satisfaction_rating
AS 'MODULE_PATHNAME', 'satisfaction_rating_from_int2'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating(smallint, integer, boolean) IS
'a smallint as a rating on the scale of the target''s type modifier';

CREATE CAST (@extschema@.satisfaction_rating AS @extschema@.satisfaction_rating)
	WITH FUNCTION @extschema@.satisfaction_rating(@extschema@.satisfaction_rating, integer, boolean)
	AS IMPLICIT;
COMMENT ON CAST (@extschema@.satisfaction_rating AS @extschema@.satisfaction_rating) IS
'length coercion: checks a rating against a column''s scale';

CREATE CAST (integer AS @extschema@.satisfaction_rating)
	WITH FUNCTION @extschema@.satisfaction_rating(integer, integer, boolean)
	AS ASSIGNMENT;
COMMENT ON CAST (integer AS @extschema@.satisfaction_rating) IS
'integer scores assigned to a column with a scale become ratings on that scale';

CREATE CAST (smallint AS @extschema@.satisfaction_rating)
	WITH FUNCTION @extschema@.satisfaction_rating(smallint, integer, boolean)
	AS ASSIGNMENT;
COMMENT ON CAST (smallint AS @extschema@.satisfaction_rating) IS
'smallint scores assigned to a column with a scale become ratings on that scale';

CREATE CAST (@extschema@.satisfaction_rating AS integer)
	WITH FUNCTION @extschema@.rating_value(@extschema@.satisfaction_rating);
COMMENT ON CAST (@extschema@.satisfaction_rating AS integer) IS
'the value of a rating (explicit only: the scale is dropped)';

-- comparison: by normalized position, ties broken by scale

CREATE FUNCTION @extschema@.satisfaction_rating_eq(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating)
RETURNS boolean AS 'MODULE_PATHNAME', 'satisfaction_rating_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.satisfaction_rating_ne(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating)
RETURNS boolean AS 'MODULE_PATHNAME', 'satisfaction_rating_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.satisfaction_rating_lt(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating)
RETURNS boolean AS 'MODULE_PATHNAME', 'satisfaction_rating_lt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.satisfaction_rating_le(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating)
RETURNS boolean AS 'MODULE_PATHNAME', 'satisfaction_rating_le'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.satisfaction_rating_gt(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating)
RETURNS boolean AS 'MODULE_PATHNAME', 'satisfaction_rating_gt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.satisfaction_rating_ge(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating)
RETURNS boolean AS 'MODULE_PATHNAME', 'satisfaction_rating_ge'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.satisfaction_rating_cmp(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating)
RETURNS integer AS 'MODULE_PATHNAME', 'satisfaction_rating_cmp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.satisfaction_rating_sortsupport(internal)
RETURNS void AS 'MODULE_PATHNAME', 'satisfaction_rating_sortsupport'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.satisfaction_rating_hash(@extschema@.satisfaction_rating)
RETURNS integer AS 'MODULE_PATHNAME', 'satisfaction_rating_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.satisfaction_rating_hash_extended(@extschema@.satisfaction_rating, bigint)
RETURNS bigint AS 'MODULE_PATHNAME', 'satisfaction_rating_hash_extended'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION @extschema@.satisfaction_rating_eq(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS 'implementation of = for satisfaction_rating: same value and scale';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_ne(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS 'implementation of <> for satisfaction_rating';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_lt(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS 'implementation of < for satisfaction_rating';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_le(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS 'implementation of <= for satisfaction_rating';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_gt(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS 'implementation of > for satisfaction_rating';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_ge(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS 'implementation of >= for satisfaction_rating';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_cmp(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS 'btree comparison of satisfaction_rating: normalized position, then scale';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_sortsupport(internal) IS 'btree sort support for satisfaction_rating';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_hash(@extschema@.satisfaction_rating) IS 'hash of satisfaction_rating';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_hash_extended(@extschema@.satisfaction_rating, bigint) IS 'seeded 64-bit hash of satisfaction_rating';

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.satisfaction_rating_eq,
	COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.satisfaction_rating_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.satisfaction_rating_lt,
	COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.satisfaction_rating_le,
	COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.satisfaction_rating_gt,
	COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.satisfaction_rating_ge,
	COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);

COMMENT ON OPERATOR @extschema@.= (@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS 'equal: same value on the same scale';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS 'not equal';
COMMENT ON OPERATOR @extschema@.< (@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS 'less than: lower normalized position, or same position on a narrower scale';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS 'less than or equal';
COMMENT ON OPERATOR @extschema@.> (@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS 'greater than';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS 'greater than or equal';

CREATE OPERATOR CLASS @extschema@.satisfaction_rating_ops
	DEFAULT FOR TYPE @extschema@.satisfaction_rating USING btree AS
		OPERATOR 1 @extschema@.<,
		OPERATOR 2 @extschema@.<=,
		OPERATOR 3 @extschema@.=,
		OPERATOR 4 @extschema@.>=,
		OPERATOR 5 @extschema@.>,
		FUNCTION 1 @extschema@.satisfaction_rating_cmp(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating),
		FUNCTION 2 @extschema@.satisfaction_rating_sortsupport(internal),
		FUNCTION 4 pg_catalog.btequalimage(oid);
COMMENT ON OPERATOR CLASS @extschema@.satisfaction_rating_ops USING btree IS
'btree (ORDER BY, indexes, merge joins) for satisfaction_rating; equal ratings are bitwise equal, so deduplication is safe';

CREATE OPERATOR CLASS @extschema@.satisfaction_rating_hash_ops
	DEFAULT FOR TYPE @extschema@.satisfaction_rating USING hash AS
		OPERATOR 1 @extschema@.=,
		FUNCTION 1 @extschema@.satisfaction_rating_hash(@extschema@.satisfaction_rating),
		FUNCTION 2 @extschema@.satisfaction_rating_hash_extended(@extschema@.satisfaction_rating, bigint);
COMMENT ON OPERATOR CLASS @extschema@.satisfaction_rating_hash_ops USING hash IS
'hash (hash joins, hashed GROUP BY and DISTINCT, hash indexes and partitioning) for satisfaction_rating';

-- min() and max(), by the btree order (an index on the column answers them)

CREATE FUNCTION @extschema@.satisfaction_rating_smaller(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating)
RETURNS @extschema@.satisfaction_rating AS 'MODULE_PATHNAME', 'satisfaction_rating_smaller'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_smaller(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS
'the smaller of two ratings (transition function of min)';
CREATE FUNCTION @extschema@.satisfaction_rating_larger(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating)
RETURNS @extschema@.satisfaction_rating AS 'MODULE_PATHNAME', 'satisfaction_rating_larger'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_larger(@extschema@.satisfaction_rating, @extschema@.satisfaction_rating) IS
'the larger of two ratings (transition function of max)';

CREATE AGGREGATE @extschema@.min(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.satisfaction_rating_smaller,
	STYPE = @extschema@.satisfaction_rating,
	COMBINEFUNC = @extschema@.satisfaction_rating_smaller,
	SORTOP = OPERATOR(@extschema@.<),
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.satisfaction_rating) IS
'the lowest rating (by normalized position, ties by scale)';
CREATE AGGREGATE @extschema@.max(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.satisfaction_rating_larger,
	STYPE = @extschema@.satisfaction_rating,
	COMBINEFUNC = @extschema@.satisfaction_rating_larger,
	SORTOP = OPERATOR(@extschema@.>),
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.max(@extschema@.satisfaction_rating) IS
'the highest rating (by normalized position, ties by scale)';

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

------------------------------------------------------------------------
-- the aggregates
------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.csat_pct(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.csat_pct,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_csat_pct,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat_pct(@extschema@.satisfaction_rating) IS
'CSAT: percentage of satisfied ratings, top-two-box per rating (v >= hi - 1; v = hi on 2- and 3-point scales)';

CREATE AGGREGATE @extschema@.csat_pct(@extschema@.satisfaction_rating, satisfied_from integer) (
	SFUNC = @extschema@.rating_summary_trans_from,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.csat_pct,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans_from,
	MINVFUNC = @extschema@.rating_window_inv_from,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_csat_pct,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat_pct(@extschema@.satisfaction_rating, integer) IS
'CSAT with an explicit threshold: percentage of ratings >= satisfied_from; one scale per group';

CREATE AGGREGATE @extschema@.nps(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.nps,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_nps,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(@extschema@.satisfaction_rating) IS
'Net Promoter Score, -100..100, of 0..10 ratings: percent promoters (9-10) minus percent detractors (0-6)';

CREATE AGGREGATE @extschema@.ces_avg(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.ces_avg,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_ces_avg,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ces_avg(@extschema@.satisfaction_rating) IS
'Customer Effort Score: the mean rating value; one scale per group';

CREATE AGGREGATE @extschema@.rating_summary(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_summary,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rating_summary(@extschema@.satisfaction_rating) IS
'summary of ratings (answers per scale point; NULL ratings counted as unanswered) for two-step aggregation';

CREATE AGGREGATE @extschema@.rating_summary(@extschema@.rating_summary) (
	SFUNC = @extschema@.rating_summary_combine,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rating_summary(@extschema@.rating_summary) IS
'merges summaries (daily to monthly, per node to total) exactly as if the raw ratings were summarised';
