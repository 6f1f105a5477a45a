/* csat 0.2.0 -> 0.3.0 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION csat UPDATE TO '0.3.0'" to load this file. \quit

------------------------------------------------------------------------
-- Drivers and BI tools: comparison with integers, assignment casts from
-- bigint, numeric and double precision
------------------------------------------------------------------------

-- The type modifier prints as (hi) for the scale 1..hi and ('lo-hi')
-- otherwise, never as two numbers with a comma (SQLAlchemy's PostgreSQL
-- dialect reads format_type() with \(([\d,]+)\) and calls int() on it);
-- typmod_in reads both forms and (lo,hi).  The C functions changed, not
-- their signatures: only the comments say so.
COMMENT ON FUNCTION @extschema@.satisfaction_rating_typmod_in(cstring[]) IS
'type modifier input: satisfaction_rating(hi) is the scale 1..hi; (lo, hi) and (''lo-hi'') are lo..hi';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_typmod_out(integer) IS
'type modifier output: (hi) when lo = 1, else (''lo-hi''); never a comma, so that schema reflection (SQLAlchemy) can parse it';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_in(cstring, oid, integer) IS
'text input of satisfaction_rating (''4/5'', ''9/0-10'', ''9/0..10''; a bare value, or a whole decimal such as 4.0, when a type modifier gives the scale)';

-- Assignment casts that receive the target's type modifier: a driver that
-- sends a 64-bit integer (JDBC setLong), a decimal (setBigDecimal, psycopg 3
-- Decimal) or a double (setDouble, pandas float columns) stores a rating on
-- the column's scale.  Not whole, NaN, infinite or off the scale is an error
-- (22003), never rounded or clamped; without a modifier it is the error
-- integers get (22023).

CREATE FUNCTION @extschema@.satisfaction_rating(bigint, integer, boolean)
RETURNS @extschema@.satisfaction_rating
AS 'MODULE_PATHNAME', 'satisfaction_rating_from_int8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating(bigint, integer, boolean) IS
'a bigint as a rating on the scale of the target''s type modifier';

CREATE FUNCTION @extschema@.satisfaction_rating(numeric, integer, boolean)
RETURNS @extschema@.satisfaction_rating
AS 'MODULE_PATHNAME', 'satisfaction_rating_from_numeric'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating(numeric, integer, boolean) IS
'a whole numeric (4 or 4.0, never 4.5) as a rating on the scale of the target''s type modifier';

CREATE FUNCTION @extschema@.satisfaction_rating(double precision, integer, boolean)
RETURNS @extschema@.satisfaction_rating
AS 'MODULE_PATHNAME', 'satisfaction_rating_from_float8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating(double precision, integer, boolean) IS
'a whole double precision (4.0, never 4.5 or NaN) as a rating on the scale of the target''s type modifier';

CREATE CAST (bigint AS @extschema@.satisfaction_rating)
	WITH FUNCTION @extschema@.satisfaction_rating(bigint, integer, boolean)
	AS ASSIGNMENT;
COMMENT ON CAST (bigint AS @extschema@.satisfaction_rating) IS
'bigint scores assigned to a column with a scale become ratings on that scale';

CREATE CAST (numeric AS @extschema@.satisfaction_rating)
	WITH FUNCTION @extschema@.satisfaction_rating(numeric, integer, boolean)
	AS ASSIGNMENT;
COMMENT ON CAST (numeric AS @extschema@.satisfaction_rating) IS
'whole numeric scores assigned to a column with a scale become ratings on that scale';

CREATE CAST (double precision AS @extschema@.satisfaction_rating)
	WITH FUNCTION @extschema@.satisfaction_rating(double precision, integer, boolean)
	AS ASSIGNMENT;
COMMENT ON CAST (double precision AS @extschema@.satisfaction_rating) IS
'whole double precision scores assigned to a column with a scale become ratings on that scale';

-- Comparison with smallint, integer and bigint: the rating's value against
-- the integer, both argument orders.  Not in the btree family ('4/5' and
-- '4/7' both equal 4 yet order differently).  The functions are SQL that
-- the planner inlines: csat >= 4 becomes rating_value(csat) >= 4, so an
-- expression index ON t (rating_value(csat)) serves it (and ANALYZE then
-- keeps statistics on the value).  An unknown literal (r = '4/5') still
-- resolves to rating = rating: an exact match comes first.

CREATE FUNCTION @extschema@.satisfaction_rating_eq_int2(@extschema@.satisfaction_rating, smallint)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.=) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_eq_int2(@extschema@.satisfaction_rating, smallint) IS
'implementation of satisfaction_rating = smallint: the rating''s value equal to the smallint';
CREATE FUNCTION @extschema@.int2_eq_satisfaction_rating(smallint, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.=) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int2_eq_satisfaction_rating(smallint, @extschema@.satisfaction_rating) IS
'implementation of smallint = satisfaction_rating: the smallint equal to the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_ne_int2(@extschema@.satisfaction_rating, smallint)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.<>) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_ne_int2(@extschema@.satisfaction_rating, smallint) IS
'implementation of satisfaction_rating <> smallint: the rating''s value not equal to the smallint';
CREATE FUNCTION @extschema@.int2_ne_satisfaction_rating(smallint, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.<>) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int2_ne_satisfaction_rating(smallint, @extschema@.satisfaction_rating) IS
'implementation of smallint <> satisfaction_rating: the smallint not equal to the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_lt_int2(@extschema@.satisfaction_rating, smallint)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.<) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_lt_int2(@extschema@.satisfaction_rating, smallint) IS
'implementation of satisfaction_rating < smallint: the rating''s value less than the smallint';
CREATE FUNCTION @extschema@.int2_lt_satisfaction_rating(smallint, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.<) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int2_lt_satisfaction_rating(smallint, @extschema@.satisfaction_rating) IS
'implementation of smallint < satisfaction_rating: the smallint less than the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_le_int2(@extschema@.satisfaction_rating, smallint)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.<=) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_le_int2(@extschema@.satisfaction_rating, smallint) IS
'implementation of satisfaction_rating <= smallint: the rating''s value less than or equal to the smallint';
CREATE FUNCTION @extschema@.int2_le_satisfaction_rating(smallint, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.<=) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int2_le_satisfaction_rating(smallint, @extschema@.satisfaction_rating) IS
'implementation of smallint <= satisfaction_rating: the smallint less than or equal to the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_gt_int2(@extschema@.satisfaction_rating, smallint)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.>) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_gt_int2(@extschema@.satisfaction_rating, smallint) IS
'implementation of satisfaction_rating > smallint: the rating''s value greater than the smallint';
CREATE FUNCTION @extschema@.int2_gt_satisfaction_rating(smallint, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.>) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int2_gt_satisfaction_rating(smallint, @extschema@.satisfaction_rating) IS
'implementation of smallint > satisfaction_rating: the smallint greater than the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_ge_int2(@extschema@.satisfaction_rating, smallint)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.>=) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_ge_int2(@extschema@.satisfaction_rating, smallint) IS
'implementation of satisfaction_rating >= smallint: the rating''s value greater than or equal to the smallint';
CREATE FUNCTION @extschema@.int2_ge_satisfaction_rating(smallint, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.>=) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int2_ge_satisfaction_rating(smallint, @extschema@.satisfaction_rating) IS
'implementation of smallint >= satisfaction_rating: the smallint greater than or equal to the rating''s value';

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = smallint,
	FUNCTION = @extschema@.satisfaction_rating_eq_int2,
	COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.satisfaction_rating, smallint) IS
'the rating''s value equal to the smallint (the scale is not compared)';
CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = smallint,
	FUNCTION = @extschema@.satisfaction_rating_ne_int2,
	COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR @extschema@.<> (@extschema@.satisfaction_rating, smallint) IS
'the rating''s value not equal to the smallint (the scale is not compared)';
CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = smallint,
	FUNCTION = @extschema@.satisfaction_rating_lt_int2,
	COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
COMMENT ON OPERATOR @extschema@.< (@extschema@.satisfaction_rating, smallint) IS
'the rating''s value less than the smallint (the scale is not compared)';
CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = smallint,
	FUNCTION = @extschema@.satisfaction_rating_le_int2,
	COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
COMMENT ON OPERATOR @extschema@.<= (@extschema@.satisfaction_rating, smallint) IS
'the rating''s value less than or equal to the smallint (the scale is not compared)';
CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = smallint,
	FUNCTION = @extschema@.satisfaction_rating_gt_int2,
	COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR @extschema@.> (@extschema@.satisfaction_rating, smallint) IS
'the rating''s value greater than the smallint (the scale is not compared)';
CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = smallint,
	FUNCTION = @extschema@.satisfaction_rating_ge_int2,
	COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR @extschema@.>= (@extschema@.satisfaction_rating, smallint) IS
'the rating''s value greater than or equal to the smallint (the scale is not compared)';
CREATE OPERATOR @extschema@.= (
	LEFTARG = smallint, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int2_eq_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel
);
COMMENT ON OPERATOR @extschema@.= (smallint, @extschema@.satisfaction_rating) IS
'the smallint equal to the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.<> (
	LEFTARG = smallint, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int2_ne_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR @extschema@.<> (smallint, @extschema@.satisfaction_rating) IS
'the smallint not equal to the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.< (
	LEFTARG = smallint, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int2_lt_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
COMMENT ON OPERATOR @extschema@.< (smallint, @extschema@.satisfaction_rating) IS
'the smallint less than the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.<= (
	LEFTARG = smallint, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int2_le_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
COMMENT ON OPERATOR @extschema@.<= (smallint, @extschema@.satisfaction_rating) IS
'the smallint less than or equal to the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.> (
	LEFTARG = smallint, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int2_gt_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR @extschema@.> (smallint, @extschema@.satisfaction_rating) IS
'the smallint greater than the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.>= (
	LEFTARG = smallint, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int2_ge_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR @extschema@.>= (smallint, @extschema@.satisfaction_rating) IS
'the smallint greater than or equal to the rating''s value (the scale is not compared)';

CREATE FUNCTION @extschema@.satisfaction_rating_eq_int4(@extschema@.satisfaction_rating, integer)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.=) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_eq_int4(@extschema@.satisfaction_rating, integer) IS
'implementation of satisfaction_rating = integer: the rating''s value equal to the integer';
CREATE FUNCTION @extschema@.int4_eq_satisfaction_rating(integer, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.=) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int4_eq_satisfaction_rating(integer, @extschema@.satisfaction_rating) IS
'implementation of integer = satisfaction_rating: the integer equal to the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_ne_int4(@extschema@.satisfaction_rating, integer)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.<>) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_ne_int4(@extschema@.satisfaction_rating, integer) IS
'implementation of satisfaction_rating <> integer: the rating''s value not equal to the integer';
CREATE FUNCTION @extschema@.int4_ne_satisfaction_rating(integer, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.<>) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int4_ne_satisfaction_rating(integer, @extschema@.satisfaction_rating) IS
'implementation of integer <> satisfaction_rating: the integer not equal to the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_lt_int4(@extschema@.satisfaction_rating, integer)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.<) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_lt_int4(@extschema@.satisfaction_rating, integer) IS
'implementation of satisfaction_rating < integer: the rating''s value less than the integer';
CREATE FUNCTION @extschema@.int4_lt_satisfaction_rating(integer, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.<) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int4_lt_satisfaction_rating(integer, @extschema@.satisfaction_rating) IS
'implementation of integer < satisfaction_rating: the integer less than the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_le_int4(@extschema@.satisfaction_rating, integer)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.<=) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_le_int4(@extschema@.satisfaction_rating, integer) IS
'implementation of satisfaction_rating <= integer: the rating''s value less than or equal to the integer';
CREATE FUNCTION @extschema@.int4_le_satisfaction_rating(integer, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.<=) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int4_le_satisfaction_rating(integer, @extschema@.satisfaction_rating) IS
'implementation of integer <= satisfaction_rating: the integer less than or equal to the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_gt_int4(@extschema@.satisfaction_rating, integer)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.>) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_gt_int4(@extschema@.satisfaction_rating, integer) IS
'implementation of satisfaction_rating > integer: the rating''s value greater than the integer';
CREATE FUNCTION @extschema@.int4_gt_satisfaction_rating(integer, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.>) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int4_gt_satisfaction_rating(integer, @extschema@.satisfaction_rating) IS
'implementation of integer > satisfaction_rating: the integer greater than the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_ge_int4(@extschema@.satisfaction_rating, integer)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.>=) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_ge_int4(@extschema@.satisfaction_rating, integer) IS
'implementation of satisfaction_rating >= integer: the rating''s value greater than or equal to the integer';
CREATE FUNCTION @extschema@.int4_ge_satisfaction_rating(integer, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.>=) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int4_ge_satisfaction_rating(integer, @extschema@.satisfaction_rating) IS
'implementation of integer >= satisfaction_rating: the integer greater than or equal to the rating''s value';

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = integer,
	FUNCTION = @extschema@.satisfaction_rating_eq_int4,
	COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.satisfaction_rating, integer) IS
'the rating''s value equal to the integer (the scale is not compared)';
CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = integer,
	FUNCTION = @extschema@.satisfaction_rating_ne_int4,
	COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR @extschema@.<> (@extschema@.satisfaction_rating, integer) IS
'the rating''s value not equal to the integer (the scale is not compared)';
CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = integer,
	FUNCTION = @extschema@.satisfaction_rating_lt_int4,
	COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
COMMENT ON OPERATOR @extschema@.< (@extschema@.satisfaction_rating, integer) IS
'the rating''s value less than the integer (the scale is not compared)';
CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = integer,
	FUNCTION = @extschema@.satisfaction_rating_le_int4,
	COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
COMMENT ON OPERATOR @extschema@.<= (@extschema@.satisfaction_rating, integer) IS
'the rating''s value less than or equal to the integer (the scale is not compared)';
CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = integer,
	FUNCTION = @extschema@.satisfaction_rating_gt_int4,
	COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR @extschema@.> (@extschema@.satisfaction_rating, integer) IS
'the rating''s value greater than the integer (the scale is not compared)';
CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = integer,
	FUNCTION = @extschema@.satisfaction_rating_ge_int4,
	COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR @extschema@.>= (@extschema@.satisfaction_rating, integer) IS
'the rating''s value greater than or equal to the integer (the scale is not compared)';
CREATE OPERATOR @extschema@.= (
	LEFTARG = integer, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int4_eq_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel
);
COMMENT ON OPERATOR @extschema@.= (integer, @extschema@.satisfaction_rating) IS
'the integer equal to the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.<> (
	LEFTARG = integer, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int4_ne_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR @extschema@.<> (integer, @extschema@.satisfaction_rating) IS
'the integer not equal to the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.< (
	LEFTARG = integer, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int4_lt_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
COMMENT ON OPERATOR @extschema@.< (integer, @extschema@.satisfaction_rating) IS
'the integer less than the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.<= (
	LEFTARG = integer, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int4_le_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
COMMENT ON OPERATOR @extschema@.<= (integer, @extschema@.satisfaction_rating) IS
'the integer less than or equal to the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.> (
	LEFTARG = integer, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int4_gt_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR @extschema@.> (integer, @extschema@.satisfaction_rating) IS
'the integer greater than the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.>= (
	LEFTARG = integer, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int4_ge_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR @extschema@.>= (integer, @extschema@.satisfaction_rating) IS
'the integer greater than or equal to the rating''s value (the scale is not compared)';

CREATE FUNCTION @extschema@.satisfaction_rating_eq_int8(@extschema@.satisfaction_rating, bigint)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.=) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_eq_int8(@extschema@.satisfaction_rating, bigint) IS
'implementation of satisfaction_rating = bigint: the rating''s value equal to the bigint';
CREATE FUNCTION @extschema@.int8_eq_satisfaction_rating(bigint, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.=) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int8_eq_satisfaction_rating(bigint, @extschema@.satisfaction_rating) IS
'implementation of bigint = satisfaction_rating: the bigint equal to the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_ne_int8(@extschema@.satisfaction_rating, bigint)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.<>) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_ne_int8(@extschema@.satisfaction_rating, bigint) IS
'implementation of satisfaction_rating <> bigint: the rating''s value not equal to the bigint';
CREATE FUNCTION @extschema@.int8_ne_satisfaction_rating(bigint, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.<>) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int8_ne_satisfaction_rating(bigint, @extschema@.satisfaction_rating) IS
'implementation of bigint <> satisfaction_rating: the bigint not equal to the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_lt_int8(@extschema@.satisfaction_rating, bigint)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.<) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_lt_int8(@extschema@.satisfaction_rating, bigint) IS
'implementation of satisfaction_rating < bigint: the rating''s value less than the bigint';
CREATE FUNCTION @extschema@.int8_lt_satisfaction_rating(bigint, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.<) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int8_lt_satisfaction_rating(bigint, @extschema@.satisfaction_rating) IS
'implementation of bigint < satisfaction_rating: the bigint less than the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_le_int8(@extschema@.satisfaction_rating, bigint)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.<=) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_le_int8(@extschema@.satisfaction_rating, bigint) IS
'implementation of satisfaction_rating <= bigint: the rating''s value less than or equal to the bigint';
CREATE FUNCTION @extschema@.int8_le_satisfaction_rating(bigint, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.<=) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int8_le_satisfaction_rating(bigint, @extschema@.satisfaction_rating) IS
'implementation of bigint <= satisfaction_rating: the bigint less than or equal to the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_gt_int8(@extschema@.satisfaction_rating, bigint)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.>) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_gt_int8(@extschema@.satisfaction_rating, bigint) IS
'implementation of satisfaction_rating > bigint: the rating''s value greater than the bigint';
CREATE FUNCTION @extschema@.int8_gt_satisfaction_rating(bigint, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.>) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int8_gt_satisfaction_rating(bigint, @extschema@.satisfaction_rating) IS
'implementation of bigint > satisfaction_rating: the bigint greater than the rating''s value';

CREATE FUNCTION @extschema@.satisfaction_rating_ge_int8(@extschema@.satisfaction_rating, bigint)
RETURNS boolean
AS 'SELECT @extschema@.rating_value($1) OPERATOR(pg_catalog.>=) $2'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.satisfaction_rating_ge_int8(@extschema@.satisfaction_rating, bigint) IS
'implementation of satisfaction_rating >= bigint: the rating''s value greater than or equal to the bigint';
CREATE FUNCTION @extschema@.int8_ge_satisfaction_rating(bigint, @extschema@.satisfaction_rating)
RETURNS boolean
AS 'SELECT $1 OPERATOR(pg_catalog.>=) @extschema@.rating_value($2)'
LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int8_ge_satisfaction_rating(bigint, @extschema@.satisfaction_rating) IS
'implementation of bigint >= satisfaction_rating: the bigint greater than or equal to the rating''s value';

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = bigint,
	FUNCTION = @extschema@.satisfaction_rating_eq_int8,
	COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.satisfaction_rating, bigint) IS
'the rating''s value equal to the bigint (the scale is not compared)';
CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = bigint,
	FUNCTION = @extschema@.satisfaction_rating_ne_int8,
	COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR @extschema@.<> (@extschema@.satisfaction_rating, bigint) IS
'the rating''s value not equal to the bigint (the scale is not compared)';
CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = bigint,
	FUNCTION = @extschema@.satisfaction_rating_lt_int8,
	COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
COMMENT ON OPERATOR @extschema@.< (@extschema@.satisfaction_rating, bigint) IS
'the rating''s value less than the bigint (the scale is not compared)';
CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = bigint,
	FUNCTION = @extschema@.satisfaction_rating_le_int8,
	COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
COMMENT ON OPERATOR @extschema@.<= (@extschema@.satisfaction_rating, bigint) IS
'the rating''s value less than or equal to the bigint (the scale is not compared)';
CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = bigint,
	FUNCTION = @extschema@.satisfaction_rating_gt_int8,
	COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR @extschema@.> (@extschema@.satisfaction_rating, bigint) IS
'the rating''s value greater than the bigint (the scale is not compared)';
CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.satisfaction_rating, RIGHTARG = bigint,
	FUNCTION = @extschema@.satisfaction_rating_ge_int8,
	COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR @extschema@.>= (@extschema@.satisfaction_rating, bigint) IS
'the rating''s value greater than or equal to the bigint (the scale is not compared)';
CREATE OPERATOR @extschema@.= (
	LEFTARG = bigint, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int8_eq_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel
);
COMMENT ON OPERATOR @extschema@.= (bigint, @extschema@.satisfaction_rating) IS
'the bigint equal to the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.<> (
	LEFTARG = bigint, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int8_ne_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR @extschema@.<> (bigint, @extschema@.satisfaction_rating) IS
'the bigint not equal to the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.< (
	LEFTARG = bigint, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int8_lt_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
COMMENT ON OPERATOR @extschema@.< (bigint, @extschema@.satisfaction_rating) IS
'the bigint less than the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.<= (
	LEFTARG = bigint, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int8_le_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
COMMENT ON OPERATOR @extschema@.<= (bigint, @extschema@.satisfaction_rating) IS
'the bigint less than or equal to the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.> (
	LEFTARG = bigint, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int8_gt_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR @extschema@.> (bigint, @extschema@.satisfaction_rating) IS
'the bigint greater than the rating''s value (the scale is not compared)';
CREATE OPERATOR @extschema@.>= (
	LEFTARG = bigint, RIGHTARG = @extschema@.satisfaction_rating,
	FUNCTION = @extschema@.int8_ge_satisfaction_rating,
	COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR @extschema@.>= (bigint, @extschema@.satisfaction_rating) IS
'the bigint greater than or equal to the rating''s value (the scale is not compared)';

-- (drivers: end)

------------------------------------------------------------------------
-- More metrics from the same summary: NPS breakdown, top/bottom box,
-- CES easy
------------------------------------------------------------------------

-- Every metric M is a rule in src/metrics.c, found by the name of the SQL
-- function it is called as: the accessor M(rating_summary [, integer]) and
-- the moving final function rating_window_M(internal) (and, for a metric
-- with a boxes argument, the final function rating_boxes_M(rating_summary)).
-- The one-argument aggregates use the transition, combine and moving
-- functions of csat_pct(r), nps(r), ces_avg(r) and rating_summary(r), so
-- any of them in one query share one transition state.

-- transition functions of top_box_pct(r, boxes) and bottom_box_pct(r, boxes):
-- the state records the boxes (as satisfied_from = hi - boxes + 1)

CREATE FUNCTION @extschema@.rating_summary_trans_boxes(@extschema@.rating_summary, @extschema@.satisfaction_rating, integer)
RETURNS @extschema@.rating_summary
AS 'MODULE_PATHNAME', 'rating_summary_trans_boxes'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_summary_trans_boxes(@extschema@.rating_summary, @extschema@.satisfaction_rating, integer) IS
'aggregate transition of top_box_pct(rating, boxes) and bottom_box_pct(rating, boxes): adds one rating and records boxes';

CREATE FUNCTION @extschema@.rating_summary_combine_boxes(@extschema@.rating_summary, @extschema@.rating_summary)
RETURNS @extschema@.rating_summary
AS 'MODULE_PATHNAME', 'rating_summary_combine_boxes'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_summary_combine_boxes(@extschema@.rating_summary, @extschema@.rating_summary) IS
'combine function of top_box_pct(rating, boxes) and bottom_box_pct(rating, boxes): merges two summaries of one scale and one boxes';

CREATE FUNCTION @extschema@.rating_window_trans_boxes(internal, @extschema@.satisfaction_rating, integer)
RETURNS internal AS 'MODULE_PATHNAME', 'rating_window_trans_boxes'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_window_trans_boxes(internal, @extschema@.satisfaction_rating, integer) IS
'moving-aggregate transition of top_box_pct(rating, boxes) and bottom_box_pct(rating, boxes)';

CREATE FUNCTION @extschema@.rating_window_inv_boxes(internal, @extschema@.satisfaction_rating, integer)
RETURNS internal AS 'MODULE_PATHNAME', 'rating_window_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_window_inv_boxes(internal, @extschema@.satisfaction_rating, integer) IS
'moving-aggregate inverse transition of top_box_pct(rating, boxes) and bottom_box_pct(rating, boxes)';

-- promoters_pct

CREATE FUNCTION @extschema@.promoters_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_accessor'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.promoters_pct(@extschema@.rating_summary) IS
'NPS breakdown: percentage of promoters (9-10); 0..10 ratings only; NULL with no answers';

CREATE FUNCTION @extschema@.rating_window_promoters_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_window_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_window_promoters_pct(internal) IS
'moving-aggregate final function of promoters_pct';

CREATE AGGREGATE @extschema@.promoters_pct(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.promoters_pct,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_promoters_pct,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.promoters_pct(@extschema@.satisfaction_rating) IS
'NPS breakdown: percentage of promoters (9-10) among 0..10 ratings';

-- passives_pct

CREATE FUNCTION @extschema@.passives_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_accessor'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.passives_pct(@extschema@.rating_summary) IS
'NPS breakdown: percentage of passives (7-8); 0..10 ratings only; NULL with no answers';

CREATE FUNCTION @extschema@.rating_window_passives_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_window_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_window_passives_pct(internal) IS
'moving-aggregate final function of passives_pct';

CREATE AGGREGATE @extschema@.passives_pct(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.passives_pct,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_passives_pct,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.passives_pct(@extschema@.satisfaction_rating) IS
'NPS breakdown: percentage of passives (7-8) among 0..10 ratings';

-- detractors_pct

CREATE FUNCTION @extschema@.detractors_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_accessor'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.detractors_pct(@extschema@.rating_summary) IS
'NPS breakdown: percentage of detractors (0-6); 0..10 ratings only; NULL with no answers';

CREATE FUNCTION @extschema@.rating_window_detractors_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_window_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_window_detractors_pct(internal) IS
'moving-aggregate final function of detractors_pct';

CREATE AGGREGATE @extschema@.detractors_pct(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.detractors_pct,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_detractors_pct,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.detractors_pct(@extschema@.satisfaction_rating) IS
'NPS breakdown: percentage of detractors (0-6) among 0..10 ratings';

-- top_box_pct

CREATE FUNCTION @extschema@.top_box_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_accessor'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.top_box_pct(@extschema@.rating_summary) IS
'percentage of answers in the top point of the scale; the summary must hold one scale; NULL with no answers';

CREATE FUNCTION @extschema@.top_box_pct(@extschema@.rating_summary, boxes integer)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_accessor'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.top_box_pct(@extschema@.rating_summary, integer) IS
'percentage of answers in the top "boxes" points of the scale; the summary must hold one scale, boxes from 1 to the number of points minus 1; NULL with no answers';

CREATE FUNCTION @extschema@.rating_boxes_top_box_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_boxes_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_boxes_top_box_pct(@extschema@.rating_summary) IS
'final function of top_box_pct(rating, boxes): reads boxes from the state';

CREATE FUNCTION @extschema@.rating_window_top_box_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_window_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_window_top_box_pct(internal) IS
'moving-aggregate final function of top_box_pct';

CREATE AGGREGATE @extschema@.top_box_pct(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.top_box_pct,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_top_box_pct,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.top_box_pct(@extschema@.satisfaction_rating) IS
'percentage of ratings in the top point of their scale; one scale per group';

CREATE AGGREGATE @extschema@.top_box_pct(@extschema@.satisfaction_rating, boxes integer) (
	SFUNC = @extschema@.rating_summary_trans_boxes,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.rating_boxes_top_box_pct,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine_boxes,
	MSFUNC = @extschema@.rating_window_trans_boxes,
	MINVFUNC = @extschema@.rating_window_inv_boxes,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_top_box_pct,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.top_box_pct(@extschema@.satisfaction_rating, integer) IS
'percentage of ratings in the top "boxes" points of their scale; one scale per group, boxes from 1 to the number of points minus 1';

-- bottom_box_pct

CREATE FUNCTION @extschema@.bottom_box_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_accessor'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bottom_box_pct(@extschema@.rating_summary) IS
'percentage of answers in the bottom point of the scale; the summary must hold one scale; NULL with no answers';

CREATE FUNCTION @extschema@.bottom_box_pct(@extschema@.rating_summary, boxes integer)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_accessor'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bottom_box_pct(@extschema@.rating_summary, integer) IS
'percentage of answers in the bottom "boxes" points of the scale; the summary must hold one scale, boxes from 1 to the number of points minus 1; NULL with no answers';

CREATE FUNCTION @extschema@.rating_boxes_bottom_box_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_boxes_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_boxes_bottom_box_pct(@extschema@.rating_summary) IS
'final function of bottom_box_pct(rating, boxes): reads boxes from the state';

CREATE FUNCTION @extschema@.rating_window_bottom_box_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_window_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_window_bottom_box_pct(internal) IS
'moving-aggregate final function of bottom_box_pct';

CREATE AGGREGATE @extschema@.bottom_box_pct(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.bottom_box_pct,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_bottom_box_pct,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bottom_box_pct(@extschema@.satisfaction_rating) IS
'percentage of ratings in the bottom point of their scale; one scale per group';

CREATE AGGREGATE @extschema@.bottom_box_pct(@extschema@.satisfaction_rating, boxes integer) (
	SFUNC = @extschema@.rating_summary_trans_boxes,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.rating_boxes_bottom_box_pct,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine_boxes,
	MSFUNC = @extschema@.rating_window_trans_boxes,
	MINVFUNC = @extschema@.rating_window_inv_boxes,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_bottom_box_pct,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bottom_box_pct(@extschema@.satisfaction_rating, integer) IS
'percentage of ratings in the bottom "boxes" points of their scale; one scale per group, boxes from 1 to the number of points minus 1';

-- ces_easy_pct

CREATE FUNCTION @extschema@.ces_easy_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_accessor'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces_easy_pct(@extschema@.rating_summary) IS
'CES read as a share: percentage of easy answers (top two of 5 points, top three of 7); the summary must hold one scale; NULL with no answers';

CREATE FUNCTION @extschema@.rating_window_ces_easy_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'csat_metric_window_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_window_ces_easy_pct(internal) IS
'moving-aggregate final function of ces_easy_pct';

CREATE AGGREGATE @extschema@.ces_easy_pct(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.ces_easy_pct,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_ces_easy_pct,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ces_easy_pct(@extschema@.satisfaction_rating) IS
'CES read as a share: percentage of easy answers, the top two points of a 5-point or the top three of a 7-point scale; one scale per group';

-- (metrics: end)

------------------------------------------------------------------------
-- Low-score alerts that are never lost: the queue and its consumers
------------------------------------------------------------------------

--
-- The queue.  One row per low rating, written by the trigger
-- csat_enqueue_low_rating() in the writer's transaction (so a rollback
-- leaves no alert and a committed answer always has its alert), read by a
-- forwarder (csat-alertd) through csat_alert_claim().
--
-- Privileges (the extension is trusted, so a database owner may install it):
--   * attach the trigger: EXECUTE on csat_enqueue_low_rating(), granted to
--     the extension's owner WITH GRANT OPTION, revoked from PUBLIC;
--   * enqueue: any role that writes a table carrying the trigger (the
--     trigger inserts into the queue as the queue's owner, and only there);
--   * read the queue: SELECT on csat_alert, the extension's owner and whom
--     they grant it to (keys of customers' tickets are in it);
--   * claim and acknowledge: EXECUTE on csat_alert_claim(),
--     csat_alert_delivered(), csat_alert_failed() (SECURITY DEFINER), and
--     csat_alert_purge(), the extension's owner and whom they grant it to.
--   A forwarder role needs only EXECUTE on the claim/delivered/failed
--   functions: GRANT EXECUTE ON FUNCTION csat_alert_claim(integer, interval),
--   csat_alert_delivered(bigint), csat_alert_failed(bigint, text, boolean)
--   TO alertd;
--
CREATE SEQUENCE @extschema@.csat_alert_alert_id_seq AS bigint;
COMMENT ON SEQUENCE @extschema@.csat_alert_alert_id_seq IS
'alert_id of csat_alert: unique and increasing';

CREATE TABLE @extschema@.csat_alert (
	alert_id bigint NOT NULL
		DEFAULT pg_catalog.nextval('@extschema@.csat_alert_alert_id_seq'::pg_catalog.regclass)
		PRIMARY KEY,
	created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	relation text NOT NULL,
	column_name text NOT NULL,
	key text,
	rating @extschema@.satisfaction_rating NOT NULL,
	payload jsonb NOT NULL,
	attempts integer NOT NULL DEFAULT 0,
	last_error text,
	next_attempt_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	delivered_at timestamptz
);
ALTER SEQUENCE @extschema@.csat_alert_alert_id_seq OWNED BY @extschema@.csat_alert.alert_id;
COMMENT ON TABLE @extschema@.csat_alert IS
'durable queue of low-rating alerts: one row per low rating written by csat_enqueue_low_rating(); consumed with csat_alert_claim(), csat_alert_delivered() and csat_alert_failed()';
COMMENT ON COLUMN @extschema@.csat_alert.alert_id IS 'unique, increasing; the webhook Idempotency-Key is csat-alert-<alert_id>';
COMMENT ON COLUMN @extschema@.csat_alert.created_at IS 'start of the transaction that wrote the rating';
COMMENT ON COLUMN @extschema@.csat_alert.relation IS 'schema-qualified table written to (the root of a partitioned table)';
COMMENT ON COLUMN @extschema@.csat_alert.column_name IS 'the rating column';
COMMENT ON COLUMN @extschema@.csat_alert.key IS 'text of the key column of the row (NULL when the key is NULL)';
COMMENT ON COLUMN @extschema@.csat_alert.rating IS 'the low rating';
COMMENT ON COLUMN @extschema@.csat_alert.payload IS 'the csat_notify_low_rating() JSON payload plus alert_id';
COMMENT ON COLUMN @extschema@.csat_alert.attempts IS 'delivery attempts reported by csat_alert_delivered() and csat_alert_failed()';
COMMENT ON COLUMN @extschema@.csat_alert.last_error IS 'error of the latest failed attempt';
COMMENT ON COLUMN @extschema@.csat_alert.next_attempt_at IS 'due time: end of a claim''s lease or of a retry''s backoff; infinity when given up';
COMMENT ON COLUMN @extschema@.csat_alert.delivered_at IS 'when a consumer acknowledged delivery; NULL while undelivered';

-- claiming scans only undelivered alerts, oldest first, however many
-- delivered ones remain
CREATE INDEX csat_alert_undelivered ON @extschema@.csat_alert (alert_id)
	WHERE delivered_at IS NULL;
COMMENT ON INDEX @extschema@.csat_alert_undelivered IS
'undelivered alerts in alert_id order: what csat_alert_claim() scans';

-- undelivered alerts survive pg_dump/restore; delivered ones are history
SELECT pg_catalog.pg_extension_config_dump('@extschema@.csat_alert', 'WHERE delivered_at IS NULL');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.csat_alert_alert_id_seq', '');

REVOKE ALL ON TABLE @extschema@.csat_alert FROM PUBLIC;
REVOKE ALL ON SEQUENCE @extschema@.csat_alert_alert_id_seq FROM PUBLIC;
GRANT SELECT ON TABLE @extschema@.csat_alert TO @extowner@ WITH GRANT OPTION;

CREATE FUNCTION @extschema@.csat_enqueue_low_rating()
RETURNS trigger
AS 'MODULE_PATHNAME', 'csat_enqueue_low_rating'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.csat_enqueue_low_rating() IS
'trigger: AFTER INSERT OR UPDATE ON tbl FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating(''rating_column'', ''threshold'' [, ''key_column'' [, ''channel'']]) inserts one row into csat_alert, in the same transaction, when a rating at or below threshold (on its own scale) is inserted or changed; with a channel it also sends NOTIFY channel, alert_id as a wake-up (not usable with two-phase commit)';
REVOKE ALL ON FUNCTION @extschema@.csat_enqueue_low_rating() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.csat_enqueue_low_rating() TO @extowner@ WITH GRANT OPTION;

CREATE FUNCTION @extschema@.csat_alert_claim_limit(max_alerts integer, lease interval)
RETURNS integer
AS 'MODULE_PATHNAME', 'csat_alert_claim_limit'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_alert_claim_limit(integer, interval) IS
'checks the arguments of csat_alert_claim() (max_alerts and lease positive, else 22023) and returns max_alerts';

CREATE FUNCTION @extschema@.csat_alert_claim(max_alerts integer DEFAULT 100,
											  lease interval DEFAULT '1 minute')
RETURNS SETOF @extschema@.csat_alert
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH due AS (
		SELECT d.alert_id
		FROM @extschema@.csat_alert d
		WHERE d.delivered_at IS NULL AND d.next_attempt_at <= now()
		ORDER BY d.alert_id
		LIMIT @extschema@.csat_alert_claim_limit($1, $2)
		FOR UPDATE SKIP LOCKED
	), claimed AS (
		UPDATE @extschema@.csat_alert a
		SET next_attempt_at = now() + $2
		FROM due
		WHERE a.alert_id = due.alert_id
		RETURNING a.*
	)
	SELECT * FROM claimed ORDER BY claimed.alert_id
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_claim(integer, interval) IS
'hands out up to max_alerts undelivered alerts that are due, oldest first, each to one consumer at a time (FOR UPDATE SKIP LOCKED); an alert not acknowledged within the lease is handed out again';

CREATE FUNCTION @extschema@.csat_alert_delivered(alert_id bigint)
RETURNS boolean
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH done AS (
		UPDATE @extschema@.csat_alert a
		SET delivered_at = now(), attempts = a.attempts + 1
		WHERE a.alert_id = $1 AND a.delivered_at IS NULL
		RETURNING 1
	)
	SELECT count(*) > 0 FROM done
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_delivered(bigint) IS
'marks an alert delivered; false when it was already delivered or does not exist';

CREATE FUNCTION @extschema@.csat_alert_failed(alert_id bigint, error text,
											   retry boolean DEFAULT true)
RETURNS void
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	UPDATE @extschema@.csat_alert a
	SET attempts = a.attempts + 1,
		last_error = $2,
		next_attempt_at = CASE WHEN $3
			THEN now() + interval '1 second' * power(2, least(a.attempts, 12))
			ELSE 'infinity' END
	WHERE a.alert_id = $1 AND a.delivered_at IS NULL
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_failed(bigint, text, boolean) IS
'records a failed delivery attempt and its error; the alert is due again after an exponential backoff (1 s, 2 s, 4 s ... at most 4096 s), or never with retry => false (it stays undelivered with its last_error)';

CREATE FUNCTION @extschema@.csat_alert_purge(older_than interval)
RETURNS bigint
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH gone AS (
		DELETE FROM @extschema@.csat_alert a
		WHERE a.delivered_at IS NOT NULL AND a.delivered_at < now() - $1
		RETURNING 1
	)
	SELECT count(*) FROM gone
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_purge(interval) IS
'deletes alerts delivered more than older_than ago; returns how many';

REVOKE ALL ON FUNCTION @extschema@.csat_alert_claim(integer, interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_delivered(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_failed(bigint, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_purge(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.csat_alert_claim(integer, interval) TO @extowner@ WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION @extschema@.csat_alert_delivered(bigint) TO @extowner@ WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION @extschema@.csat_alert_failed(bigint, text, boolean) TO @extowner@ WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION @extschema@.csat_alert_purge(interval) TO @extowner@ WITH GRANT OPTION;

-- (alerts: end)

------------------------------------------------------------------------
-- Comments on the operator families that 0.1.0's CREATE OPERATOR CLASS
-- made implicitly, so every member of the extension says what it is
------------------------------------------------------------------------

COMMENT ON OPERATOR FAMILY @extschema@.satisfaction_rating_ops USING btree IS
'btree family of satisfaction_rating: ordered by normalized position (v - lo) / (hi - lo), ties broken by scale';
COMMENT ON OPERATOR FAMILY @extschema@.satisfaction_rating_hash_ops USING hash IS
'hash family of satisfaction_rating: equal ratings (same value, same scale) hash alike';
