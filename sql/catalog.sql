-- The extension's members as a catalog: every one has a comment, and every
-- function's volatility, parallel safety, strictness and security are on
-- record here, so a change to any of them shows in a diff.

-- members without a COMMENT (none); array types and a table's row type are
-- made implicitly (and are extension members from PostgreSQL 18 on)
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS member_without_comment
FROM pg_depend d
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'csat'
LEFT JOIN pg_description ds ON ds.classoid = d.classid AND ds.objoid = d.objid AND ds.objsubid = d.objsubid
LEFT JOIN pg_type t ON d.classid = 'pg_type'::regclass AND t.oid = d.objid
WHERE d.deptype = 'e' AND ds.description IS NULL
  AND NOT coalesce(t.typcategory = 'A' OR t.typtype = 'c', false)
ORDER BY 1;

-- every aggregate: parallel safe, with a combine function; every aggregate
-- over ratings has a moving (inverse) implementation
SELECT count(*) AS aggregates,
       count(*) FILTER (WHERE p.proparallel = 's') AS parallel_safe,
       count(*) FILTER (WHERE a.aggcombinefn <> 0) AS with_combine,
       count(*) FILTER (WHERE a.aggminvtransfn <> 0) AS with_inverse,
       count(*) FILTER (WHERE p.proargtypes[0] = 'satisfaction_rating'::regtype
                          AND p.proname NOT IN ('min', 'max')) AS over_ratings_not_min_max
FROM pg_aggregate a
JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'csat';

-- functions by marking: the immutable, parallel safe, strict majority is
-- counted; every other function is listed with its markings
WITH f AS (
  SELECT p.oid::regprocedure::text AS function, p.provolatile, p.proparallel, p.proisstrict,
         p.prosecdef, p.prokind
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'csat'
  WHERE p.prokind = 'f')
SELECT count(*) AS immutable_parallel_safe_strict
FROM f WHERE provolatile = 'i' AND proparallel = 's' AND proisstrict AND NOT prosecdef;

WITH f AS (
  SELECT p.oid::regprocedure::text AS function, p.provolatile, p.proparallel, p.proisstrict,
         p.prosecdef
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'csat'
  WHERE p.prokind = 'f')
SELECT function, provolatile AS volatility, proparallel AS parallel, proisstrict AS strict,
       prosecdef AS security_definer
FROM f
WHERE NOT (provolatile = 'i' AND proparallel = 's' AND proisstrict AND NOT prosecdef)
ORDER BY function;
