-- ---------------------------------------------------------------------
-- comments (0.4.0): why customers are unhappy, from free-text comments
-- (SPEC section 10).  The type comment_terms counts, per term (a lexeme of
-- a text search configuration, or two adjacent lexemes), the unhappy and
-- the happy answers' comments that contain it; pain_points and
-- praise_points rank the terms by the z-score of the log-odds ratio with
-- an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008).
-- ---------------------------------------------------------------------

CREATE TYPE @extschema@.comment_terms;

CREATE FUNCTION @extschema@.comment_terms_in(cstring) RETURNS @extschema@.comment_terms
	AS 'MODULE_PATHNAME', 'comment_terms_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.comment_terms_out(@extschema@.comment_terms) RETURNS cstring
	AS 'MODULE_PATHNAME', 'comment_terms_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.comment_terms_recv(internal) RETURNS @extschema@.comment_terms
	AS 'MODULE_PATHNAME', 'comment_terms_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.comment_terms_send(@extschema@.comment_terms) RETURNS bytea
	AS 'MODULE_PATHNAME', 'comment_terms_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.comment_terms (
	INPUT = @extschema@.comment_terms_in,
	OUTPUT = @extschema@.comment_terms_out,
	RECEIVE = @extschema@.comment_terms_recv,
	SEND = @extschema@.comment_terms_send,
	INTERNALLENGTH = VARIABLE,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.comment_terms IS
	'per term of free-text comments (a lexeme or two adjacent lexemes): unhappy and happy comments containing it';

-- transition, combine and final functions (internal state)
CREATE FUNCTION @extschema@.comment_terms_trans(internal, text, @extschema@.satisfaction_rating)
	RETURNS internal AS 'MODULE_PATHNAME', 'comment_terms_trans'
	LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.comment_terms_cfg_trans(internal, text, @extschema@.satisfaction_rating, regconfig)
	RETURNS internal AS 'MODULE_PATHNAME', 'comment_terms_cfg_trans'
	LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.comment_terms_merge_trans(internal, @extschema@.comment_terms)
	RETURNS internal AS 'MODULE_PATHNAME', 'comment_terms_merge_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.comment_terms_combine(internal, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'comment_terms_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.comment_terms_serialize(internal)
	RETURNS bytea AS 'MODULE_PATHNAME', 'comment_terms_serialize'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.comment_terms_deserialize(bytea, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'comment_terms_deserialize'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.comment_terms_final(internal)
	RETURNS @extschema@.comment_terms AS 'MODULE_PATHNAME', 'comment_terms_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.comment_terms_trans(internal, text, @extschema@.satisfaction_rating) IS
	'transition function of comment_terms(comment, r): the english configuration';
COMMENT ON FUNCTION @extschema@.comment_terms_cfg_trans(internal, text, @extschema@.satisfaction_rating, regconfig) IS
	'transition function of comment_terms(comment, r, config)';
COMMENT ON FUNCTION @extschema@.comment_terms_merge_trans(internal, @extschema@.comment_terms) IS
	'transition function of comment_terms(t): merges terms';
COMMENT ON FUNCTION @extschema@.comment_terms_combine(internal, internal) IS
	'combine function of the comment_terms aggregates (parallel plans)';
COMMENT ON FUNCTION @extschema@.comment_terms_serialize(internal) IS
	'serialize function of the comment_terms aggregates (parallel plans)';
COMMENT ON FUNCTION @extschema@.comment_terms_deserialize(bytea, internal) IS
	'deserialize function of the comment_terms aggregates (parallel plans)';
COMMENT ON FUNCTION @extschema@.comment_terms_final(internal) IS
	'final function of the comment_terms aggregates';
COMMENT ON FUNCTION @extschema@.comment_terms_in(cstring) IS 'text input of comment_terms';
COMMENT ON FUNCTION @extschema@.comment_terms_out(@extschema@.comment_terms) IS 'text output of comment_terms';
COMMENT ON FUNCTION @extschema@.comment_terms_recv(internal) IS 'binary input of comment_terms';
COMMENT ON FUNCTION @extschema@.comment_terms_send(@extschema@.comment_terms) IS 'binary output of comment_terms';

-- STABLE transition: the configuration's dictionaries are catalog data
CREATE AGGREGATE @extschema@.comment_terms(comment text, r @extschema@.satisfaction_rating) (
	SFUNC = @extschema@.comment_terms_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.comment_terms_final,
	COMBINEFUNC = @extschema@.comment_terms_combine,
	SERIALFUNC = @extschema@.comment_terms_serialize,
	DESERIALFUNC = @extschema@.comment_terms_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.comment_terms(comment text, r @extschema@.satisfaction_rating, config regconfig) (
	SFUNC = @extschema@.comment_terms_cfg_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.comment_terms_final,
	COMBINEFUNC = @extschema@.comment_terms_combine,
	SERIALFUNC = @extschema@.comment_terms_serialize,
	DESERIALFUNC = @extschema@.comment_terms_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.comment_terms(t @extschema@.comment_terms) (
	SFUNC = @extschema@.comment_terms_merge_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.comment_terms_final,
	COMBINEFUNC = @extschema@.comment_terms_combine,
	SERIALFUNC = @extschema@.comment_terms_serialize,
	DESERIALFUNC = @extschema@.comment_terms_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.comment_terms(text, @extschema@.satisfaction_rating) IS
	'terms of the comments of unhappy and happy answers (english configuration)';
COMMENT ON AGGREGATE @extschema@.comment_terms(text, @extschema@.satisfaction_rating, regconfig) IS
	'terms of the comments of unhappy and happy answers, with a text search configuration';
COMMENT ON AGGREGATE @extschema@.comment_terms(@extschema@.comment_terms) IS
	'merges comment_terms (daily terms rolled up to months), exactly';

CREATE FUNCTION @extschema@.pain_points(t @extschema@.comment_terms,
		max_terms integer DEFAULT 20, min_count integer DEFAULT 5,
		alpha0 double precision DEFAULT 10)
	RETURNS TABLE(term text, unhappy bigint, happy bigint,
				  unhappy_pct numeric, happy_pct numeric, z double precision)
	AS 'MODULE_PATHNAME', 'comment_terms_pain_points'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
CREATE FUNCTION @extschema@.praise_points(t @extschema@.comment_terms,
		max_terms integer DEFAULT 20, min_count integer DEFAULT 5,
		alpha0 double precision DEFAULT 10)
	RETURNS TABLE(term text, unhappy bigint, happy bigint,
				  unhappy_pct numeric, happy_pct numeric, z double precision)
	AS 'MODULE_PATHNAME', 'comment_terms_praise_points'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
CREATE FUNCTION @extschema@.term_counts(t @extschema@.comment_terms)
	RETURNS TABLE(lexemes text, phrase boolean, term text,
				  unhappy bigint, happy bigint)
	AS 'MODULE_PATHNAME', 'comment_terms_term_counts'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pain_points(@extschema@.comment_terms, integer, integer, double precision) IS
	'terms over-represented in unhappy comments, by the log-odds z-score with an informative Dirichlet prior (Monroe et al. 2008)';
COMMENT ON FUNCTION @extschema@.praise_points(@extschema@.comment_terms, integer, integer, double precision) IS
	'terms over-represented in happy comments, by the log-odds z-score with an informative Dirichlet prior (Monroe et al. 2008)';
COMMENT ON FUNCTION @extschema@.term_counts(@extschema@.comment_terms) IS
	'every term of a comment_terms: its lexemes, the surface form shown, unhappy and happy comments';
