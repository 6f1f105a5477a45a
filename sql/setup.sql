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
