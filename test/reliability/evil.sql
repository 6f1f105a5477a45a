-- Look-alike objects planted by an unprivileged user in schema evil, ahead
-- of public on the search_path (test/checks/trusted.sh).  Whatever the csat
-- install script or its functions resolved through the caller's
-- search_path instead of @extschema@ or pg_catalog would land here; every
-- trap records its call (and who made it: the install script runs as the
-- bootstrap superuser) in evil.log, which must stay empty.
\set ON_ERROR_STOP 1
CREATE SCHEMA evil;
GRANT USAGE ON SCHEMA evil TO PUBLIC;
CREATE TABLE evil.log (what text, by_user name DEFAULT current_user, at timestamptz DEFAULT now());
GRANT INSERT, SELECT ON evil.log TO PUBLIC;

CREATE FUNCTION evil.trap(what text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO evil.log (what) VALUES (what);
	RETURN true;
END $$;

-- the extension's type names, so unqualified type references would bind here
CREATE TYPE evil.satisfaction_rating AS ENUM ('evil');
CREATE DOMAIN evil.rating_summary AS text CHECK (evil.trap('domain rating_summary'));
CREATE TYPE evil.cstring AS ENUM ('evil');
CREATE TYPE evil.float8 AS ENUM ('evil');
CREATE TYPE evil.numeric AS ENUM ('evil');
CREATE TYPE evil.bytea AS ENUM ('evil');

-- the extension's function names on the evil types and on plain types
CREATE FUNCTION evil.rating(integer, integer, integer) RETURNS evil.satisfaction_rating
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('rating(int,int,int)') THEN 'evil'::evil.satisfaction_rating END $$;
CREATE FUNCTION evil.rating_value(evil.satisfaction_rating) RETURNS integer
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('rating_value') THEN -1 END $$;
CREATE FUNCTION evil.satisfaction_rating(evil.satisfaction_rating, integer, boolean) RETURNS evil.satisfaction_rating
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('satisfaction_rating coerce') THEN $1 END $$;
CREATE FUNCTION evil.csat_pct(evil.rating_summary) RETURNS numeric
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('csat_pct(summary)') THEN -1 END $$;
CREATE FUNCTION evil.nps(evil.rating_summary) RETURNS numeric
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('nps(summary)') THEN -1 END $$;
CREATE FUNCTION evil.ces_avg(evil.rating_summary) RETURNS numeric
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('ces_avg(summary)') THEN -1 END $$;
CREATE FUNCTION evil.rating_summary_combine(evil.rating_summary, evil.rating_summary) RETURNS evil.rating_summary
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('rating_summary_combine') THEN $1 END $$;
CREATE FUNCTION evil.rating_summary_trans(evil.rating_summary, evil.satisfaction_rating) RETURNS evil.rating_summary
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('rating_summary_trans') THEN $1 END $$;

-- catalog functions with the same or a better-matching signature
CREATE FUNCTION evil.numeric_div(numeric, numeric) RETURNS numeric
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('numeric_div') THEN -1::numeric END $$;
CREATE FUNCTION evil.numeric_div(bigint, bigint) RETURNS numeric
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('numeric_div(bigint)') THEN -1::numeric END $$;
CREATE FUNCTION evil.numeric_mul(numeric, numeric) RETURNS numeric
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('numeric_mul') THEN -1::numeric END $$;
CREATE FUNCTION evil.numeric_add(numeric, numeric) RETURNS numeric
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('numeric_add') THEN -1::numeric END $$;
CREATE FUNCTION evil.int8_numeric(bigint) RETURNS numeric
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('int8_numeric') THEN -1::numeric END $$;
CREATE FUNCTION evil.numeric(integer) RETURNS numeric
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('numeric(int)') THEN -1::numeric END $$;
CREATE FUNCTION evil.float8(numeric) RETURNS double precision
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('float8(numeric)') THEN -1::float8 END $$;
CREATE FUNCTION evil.float8(integer) RETURNS double precision
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('float8(int)') THEN -1::float8 END $$;
CREATE FUNCTION evil.sqrt(double precision) RETURNS double precision
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('sqrt') THEN -1::float8 END $$;
CREATE FUNCTION evil.btequalimage(integer) RETURNS boolean
LANGUAGE sql AS $$ SELECT evil.trap('btequalimage(int)') $$;
CREATE FUNCTION evil.hashint2(smallint) RETURNS integer
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('hashint2') THEN -1 END $$;
CREATE FUNCTION evil.textout(text) RETURNS text
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('textout') THEN 'evil' END $$;
CREATE FUNCTION evil.set_config(text, text, boolean) RETURNS text
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('set_config') THEN 'evil' END $$;

-- operators on the built-in types (same signatures, and better matches)
CREATE FUNCTION evil.int_eq(integer, integer) RETURNS boolean
LANGUAGE sql AS $$ SELECT evil.trap('= (int,int)') AND $1 OPERATOR(pg_catalog.<>) $2 $$;
CREATE FUNCTION evil.int_lt(integer, integer) RETURNS boolean
LANGUAGE sql AS $$ SELECT evil.trap('< (int,int)') AND $1 OPERATOR(pg_catalog.>) $2 $$;
CREATE FUNCTION evil.int_add(integer, integer) RETURNS integer
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('+ (int,int)') THEN 0 END $$;
CREATE FUNCTION evil.int_smallint_eq(integer, smallint) RETURNS boolean
LANGUAGE sql AS $$ SELECT evil.trap('= (int,smallint)') $$;
CREATE FUNCTION evil.num_div(numeric, numeric) RETURNS numeric
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('/ (numeric,numeric)') THEN -1::numeric END $$;
CREATE FUNCTION evil.num_mul(numeric, integer) RETURNS numeric
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('* (numeric,int)') THEN -1::numeric END $$;
CREATE FUNCTION evil.text_cat(text, text) RETURNS text
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('|| (text,text)') THEN 'evil' END $$;
CREATE FUNCTION evil.enum_eq(evil.satisfaction_rating, evil.satisfaction_rating) RETURNS boolean
LANGUAGE sql AS $$ SELECT evil.trap('= (evil type)') $$;

CREATE OPERATOR evil.= (LEFTARG = integer, RIGHTARG = integer, FUNCTION = evil.int_eq);
CREATE OPERATOR evil.< (LEFTARG = integer, RIGHTARG = integer, FUNCTION = evil.int_lt);
CREATE OPERATOR evil.+ (LEFTARG = integer, RIGHTARG = integer, FUNCTION = evil.int_add);
CREATE OPERATOR evil.= (LEFTARG = integer, RIGHTARG = smallint, FUNCTION = evil.int_smallint_eq);
CREATE OPERATOR evil./ (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = evil.num_div);
CREATE OPERATOR evil.* (LEFTARG = numeric, RIGHTARG = integer, FUNCTION = evil.num_mul);
CREATE OPERATOR evil.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.text_cat);
CREATE OPERATOR evil.= (LEFTARG = evil.satisfaction_rating, RIGHTARG = evil.satisfaction_rating, FUNCTION = evil.enum_eq);
CREATE OPERATOR evil.< (LEFTARG = evil.satisfaction_rating, RIGHTARG = evil.satisfaction_rating, FUNCTION = evil.enum_eq);

-- a cast from integer to the evil type (a type's owner may create casts;
-- operator classes need a superuser)
CREATE FUNCTION evil.int_to_rating(integer) RETURNS evil.satisfaction_rating
LANGUAGE sql AS $$ SELECT CASE WHEN evil.trap('cast int -> evil type') THEN 'evil'::evil.satisfaction_rating END $$;
CREATE CAST (integer AS evil.satisfaction_rating) WITH FUNCTION evil.int_to_rating(integer) AS ASSIGNMENT;
