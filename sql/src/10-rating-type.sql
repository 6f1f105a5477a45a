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
'text input of satisfaction_rating (''4/5'', ''9/0-10'', ''9/0..10''; a bare value, or a whole decimal such as 4.0, when a type modifier gives the scale)';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_out(@extschema@.satisfaction_rating) IS
'canonical text output of satisfaction_rating: V/H when lo = 1, else V/L-H';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_recv(internal, oid, integer) IS
'binary input of satisfaction_rating: value byte, scale byte (lo << 4 | hi)';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_send(@extschema@.satisfaction_rating) IS
'binary output of satisfaction_rating: value byte, scale byte (lo << 4 | hi)';
-- The type modifier prints as (hi) for the scale 1..hi and ('lo-hi')
-- otherwise, never as two numbers with a comma (SQLAlchemy's PostgreSQL
-- dialect reads format_type() with \(([\d,]+)\) and calls int() on it);
-- typmod_in reads both forms and (lo,hi).
COMMENT ON FUNCTION @extschema@.satisfaction_rating_typmod_in(cstring[]) IS
'type modifier input: satisfaction_rating(hi) is the scale 1..hi; (lo, hi) and (''lo-hi'') are lo..hi';
COMMENT ON FUNCTION @extschema@.satisfaction_rating_typmod_out(integer) IS
'type modifier output: (hi) when lo = 1, else (''lo-hi''); never a comma, so that schema reflection (SQLAlchemy) can parse it';

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
