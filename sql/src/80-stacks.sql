-- ---------------------------------------------------------------------
-- Application stacks (issue 18): bare numbers, casts, summary equality
-- ---------------------------------------------------------------------

-- Bare numbers sent as text ('4', '4.0': untyped parameters of Rails, pgx,
-- psqlODBC; untyped literals) reach the input function without the
-- column's modifier and are read as a value whose scale is pending.  The
-- planner rewrite of the C library calls these two functions (it finds them
-- by name in csat's schema; without them bare numbers stay an error).
CREATE FUNCTION @extschema@.satisfaction_rating_resolve(@extschema@.satisfaction_rating, integer)
RETURNS @extschema@.satisfaction_rating
AS 'MODULE_PATHNAME', 'satisfaction_rating_resolve'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_resolve(@extschema@.satisfaction_rating, integer) IS
'planner support: a bare number compared with a column that has a scale (the type modifier) takes that scale; a rating is returned unchanged';

CREATE FUNCTION @extschema@.satisfaction_rating_scaled(@extschema@.satisfaction_rating)
RETURNS @extschema@.satisfaction_rating
AS 'MODULE_PATHNAME', 'satisfaction_rating_scaled'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_scaled(@extschema@.satisfaction_rating) IS
'planner support: what is stored into a column without a scale must have one (a bare number is an error naming it)';

CREATE FUNCTION @extschema@.satisfaction_rating_scaled(@extschema@.satisfaction_rating[])
RETURNS @extschema@.satisfaction_rating[]
AS 'MODULE_PATHNAME', 'satisfaction_rating_scaled_array'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_scaled(@extschema@.satisfaction_rating[]) IS
'planner support: an array stored into a column without a scale holds no bare number (an error naming it)';

-- explicit casts to numbers: the value (the scale is dropped)
CREATE FUNCTION @extschema@.satisfaction_rating_to_numeric(@extschema@.satisfaction_rating)
RETURNS numeric
AS 'MODULE_PATHNAME', 'satisfaction_rating_to_numeric'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_to_numeric(@extschema@.satisfaction_rating) IS
'the value of a rating as numeric (the cast satisfaction_rating AS numeric)';

CREATE FUNCTION @extschema@.satisfaction_rating_to_float8(@extschema@.satisfaction_rating)
RETURNS double precision
AS 'MODULE_PATHNAME', 'satisfaction_rating_to_float8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_to_float8(@extschema@.satisfaction_rating) IS
'the value of a rating as double precision (the cast satisfaction_rating AS double precision)';

CREATE CAST (@extschema@.satisfaction_rating AS numeric)
	WITH FUNCTION @extschema@.satisfaction_rating_to_numeric(@extschema@.satisfaction_rating);
COMMENT ON CAST (@extschema@.satisfaction_rating AS numeric) IS
'the value of a rating (explicit only: the scale is dropped)';

CREATE CAST (@extschema@.satisfaction_rating AS double precision)
	WITH FUNCTION @extschema@.satisfaction_rating_to_float8(@extschema@.satisfaction_rating);
COMMENT ON CAST (@extschema@.satisfaction_rating AS double precision) IS
'the value of a rating (explicit only: the scale is dropped)';

-- rating_summary: = and <> (equal text forms), and a hash opclass, so that
-- DISTINCT, UNION and GROUP BY over summaries work
CREATE FUNCTION @extschema@.rating_summary_eq(@extschema@.rating_summary, @extschema@.rating_summary)
RETURNS boolean AS 'MODULE_PATHNAME', 'rating_summary_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.rating_summary_eq(@extschema@.rating_summary, @extschema@.rating_summary) IS
'implementation of = for rating_summary: the same text form';

CREATE FUNCTION @extschema@.rating_summary_ne(@extschema@.rating_summary, @extschema@.rating_summary)
RETURNS boolean AS 'MODULE_PATHNAME', 'rating_summary_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.rating_summary_ne(@extschema@.rating_summary, @extschema@.rating_summary) IS
'implementation of <> for rating_summary';

CREATE FUNCTION @extschema@.rating_summary_hash(@extschema@.rating_summary)
RETURNS integer AS 'MODULE_PATHNAME', 'rating_summary_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.rating_summary_hash(@extschema@.rating_summary) IS
'hash of rating_summary, consistent with =';

CREATE FUNCTION @extschema@.rating_summary_hash_extended(@extschema@.rating_summary, bigint)
RETURNS bigint AS 'MODULE_PATHNAME', 'rating_summary_hash_extended'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.rating_summary_hash_extended(@extschema@.rating_summary, bigint) IS
'seeded 64-bit hash of rating_summary, consistent with =';

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.rating_summary, RIGHTARG = @extschema@.rating_summary,
	FUNCTION = @extschema@.rating_summary_eq,
	COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES
);
CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.rating_summary, RIGHTARG = @extschema@.rating_summary,
	FUNCTION = @extschema@.rating_summary_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.rating_summary, @extschema@.rating_summary) IS
'equal: the same counts, scales and threshold (the same text form)';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.rating_summary, @extschema@.rating_summary) IS
'not equal';

CREATE OPERATOR CLASS @extschema@.rating_summary_hash_ops
	DEFAULT FOR TYPE @extschema@.rating_summary USING hash AS
		OPERATOR 1 @extschema@.=,
		FUNCTION 1 @extschema@.rating_summary_hash(@extschema@.rating_summary),
		FUNCTION 2 @extschema@.rating_summary_hash_extended(@extschema@.rating_summary, bigint);
COMMENT ON OPERATOR CLASS @extschema@.rating_summary_hash_ops USING hash IS
'hash joins, hashed DISTINCT / GROUP BY / UNION over rating_summary';
COMMENT ON OPERATOR FAMILY @extschema@.rating_summary_hash_ops USING hash IS
'hash operator family of rating_summary';
