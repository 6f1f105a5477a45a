-- Install the oldest release and update through the whole chain to the
-- default version, so every run exercises the upgrade scripts.
SELECT version AS oldest
FROM pg_available_extension_versions WHERE name = 'csat'
ORDER BY string_to_array(version, '.')::int[] LIMIT 1 \gset
CREATE EXTENSION csat VERSION :'oldest';
ALTER EXTENSION csat UPDATE;
SELECT :'oldest' <> extversion AS updated, extversion = default_version AS at_default_version
FROM pg_extension JOIN pg_available_extensions ON name = extname
WHERE extname = 'csat';

-- A helper for the tests: run a statement, return its SQLSTATE, message and
-- hint instead of failing (so expected output shows the SQLSTATE).
CREATE FUNCTION try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	result text;
	st text; msg text; hint text;
BEGIN
	EXECUTE stmt INTO result;
	RETURN coalesce(result, 'NULL');
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
	RETURN 'ERROR ' || st || ': ' || msg || CASE WHEN hint <> '' THEN ' | HINT: ' || hint ELSE '' END;
END $$;

-- Another helper: load one binary COPY field (bytes as a binary COPY file
-- carries them) into a one-column table of the given type; return the value
-- read back as text, or the error with its SQLSTATE.
CREATE FUNCTION binary_copy_in(typ regtype, field bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	-- PGCOPY signature, flags, header extension; one tuple of one field; trailer
	body bytea := '\x5047434f50590aff0d0a00'::bytea || '\x00000000'::bytea || '\x00000000'::bytea
		|| '\x0001'::bytea || int4send(length(field)) || field || '\xffff'::bytea;
	path text := '/tmp/csat_binary_copy_in_' || pg_backend_pid() || '.bin';
	lo oid;
	result text;
BEGIN
	EXECUTE format('CREATE TEMP TABLE binary_copy_target (v %s)', typ);
	-- write the file through a large object (created, then exported, then gone)
	lo := lo_from_bytea(0, body);
	PERFORM lo_export(lo, path);
	PERFORM lo_unlink(lo);
	EXECUTE format('COPY binary_copy_target FROM %L WITH (FORMAT binary)', path);
	SELECT string_agg(v::text, ',') INTO result FROM binary_copy_target;
	DROP TABLE binary_copy_target;
	RETURN result;
EXCEPTION WHEN OTHERS THEN
	RETURN 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
END $$;

-- Deterministic pseudo-random integers in 0..n-1, one stream per salt, for
-- the tests' data: random() and setseed() give different numbers on
-- different PostgreSQL versions; this arithmetic gives the same data on
-- 13, 15 and 18.
CREATE FUNCTION det(i int, salt int, n int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE x bigint := (i::bigint * 2654435761 + salt * 97 + 1) % 2147483648;
BEGIN
  x := ((x # (x >> 13)) * 1103515245 + 12345) % 2147483648;
  x := ((x # (x >> 15)) * 1103515245 + 12345) % 2147483648;
  RETURN ((x >> 8) % n)::int;
END $$;
