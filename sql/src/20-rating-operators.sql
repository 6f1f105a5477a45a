------------------------------------------------------------------------
-- Comparison of ratings: operators, btree and hash operator classes,
-- min() and max()
------------------------------------------------------------------------

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

-- the operator families that CREATE OPERATOR CLASS made implicitly
COMMENT ON OPERATOR FAMILY @extschema@.satisfaction_rating_ops USING btree IS
'btree family of satisfaction_rating: ordered by normalized position (v - lo) / (hi - lo), ties broken by scale';
COMMENT ON OPERATOR FAMILY @extschema@.satisfaction_rating_hash_ops USING hash IS
'hash family of satisfaction_rating: equal ratings (same value, same scale) hash alike';
