-- The catalog fingerprint of the installed csat extension, one line per
-- fact, sorted: its member objects (pg_depend deptype 'e'), every function's
-- signature, body and markings, types, operators, operator classes and
-- families with their members, aggregates, casts, comments, owners and
-- privileges, the tables and sequences of the extension with their columns,
-- indexes, constraints, triggers and policies, and pg_extension's extconfig
-- and extcondition.  Names only, never OIDs, so two
-- databases can be compared with diff (test/checks/upgrade.sh: an updated
-- extension against a fresh install).  psql -v ext=NAME for another
-- extension name (default csat).
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
\pset null '<null>'
-- every name comes out schema-qualified
SET search_path = pg_catalog;
\if :{?ext}
\else
\set ext csat
\endif

CREATE TEMP VIEW csat_members AS
SELECT d.classid, d.objid, d.objsubid
FROM pg_depend d JOIN pg_extension e ON d.refobjid = e.oid
WHERE d.refclassid = 'pg_extension'::regclass AND e.extname = :'ext' AND d.deptype = 'e';

SELECT line FROM (
	SELECT 'extension: relocatable=' || e.extrelocatable || ' schema=' || e.extnamespace::regnamespace
		|| ' config=' || coalesce(e.extconfig::regclass[]::text, '') || ' condition=' || coalesce(e.extcondition::text, '')
	FROM pg_extension e WHERE e.extname = :'ext'
	UNION ALL
	SELECT 'member: ' || pg_describe_object(classid, objid, objsubid) FROM csat_members
	UNION ALL
	SELECT 'comment: ' || pg_describe_object(m.classid, m.objid, m.objsubid) || ' = ' || coalesce(ds.description, '<none>')
	FROM csat_members m
	LEFT JOIN pg_description ds ON ds.classoid = m.classid AND ds.objoid = m.objid AND ds.objsubid = m.objsubid
	UNION ALL
	SELECT 'function: ' || p.oid::regprocedure
		|| ' args=(' || pg_get_function_arguments(p.oid) || ')'
		|| ' returns=' || pg_get_function_result(p.oid)
		|| ' kind=' || p.prokind::text || ' volatile=' || p.provolatile::text
		|| ' strict=' || p.proisstrict || ' parallel=' || p.proparallel::text
		|| ' leakproof=' || p.proleakproof || ' secdef=' || p.prosecdef
		|| ' cost=' || p.procost || ' rows=' || p.prorows
		|| ' support=' || p.prosupport::regproc || ' lang=' || l.lanname
		|| ' src=' || p.prosrc || ' bin=' || coalesce(p.probin, '<null>')
		|| ' config=' || coalesce(p.proconfig::text, '<null>')
		|| ' owner=' || p.proowner::regrole || ' acl=' || coalesce(p.proacl::text, '<default>')
	FROM pg_proc p JOIN csat_members m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid
	JOIN pg_language l ON l.oid = p.prolang
	UNION ALL
	SELECT 'aggregate: ' || a.aggfnoid::regprocedure
		|| ' kind=' || a.aggkind::text || ' direct=' || a.aggnumdirectargs
		|| ' sfunc=' || a.aggtransfn::regproc || ' final=' || a.aggfinalfn::regproc
		|| ' combine=' || a.aggcombinefn::regproc || ' serial=' || a.aggserialfn::regproc
		|| ' deserial=' || a.aggdeserialfn::regproc
		|| ' msfunc=' || a.aggmtransfn::regproc || ' minv=' || a.aggminvtransfn::regproc
		|| ' mfinal=' || a.aggmfinalfn::regproc
		|| ' finalextra=' || a.aggfinalextra || ' mfinalextra=' || a.aggmfinalextra
		|| ' finalmodify=' || a.aggfinalmodify::text || ' mfinalmodify=' || a.aggmfinalmodify::text
		|| ' sortop=' || a.aggsortop::regoperator
		|| ' stype=' || a.aggtranstype::regtype || ' sspace=' || a.aggtransspace
		|| ' mstype=' || a.aggmtranstype::regtype || ' msspace=' || a.aggmtransspace
		|| ' initcond=' || coalesce(a.agginitval, '<null>') || ' minitcond=' || coalesce(a.aggminitval, '<null>')
	FROM pg_aggregate a JOIN csat_members m ON m.classid = 'pg_proc'::regclass AND m.objid = a.aggfnoid
	UNION ALL
	SELECT 'type: ' || t.oid::regtype
		|| ' len=' || t.typlen || ' byval=' || t.typbyval || ' type=' || t.typtype::text
		|| ' category=' || t.typcategory::text || ' preferred=' || t.typispreferred
		|| ' delim=' || t.typdelim::text || ' elem=' || t.typelem::regtype || ' array=' || t.typarray::regtype
		|| ' in=' || t.typinput::regproc || ' out=' || t.typoutput::regproc
		|| ' recv=' || t.typreceive::regproc || ' send=' || t.typsend::regproc
		|| ' modin=' || t.typmodin::regproc || ' modout=' || t.typmodout::regproc
		|| ' analyze=' || t.typanalyze::regproc || ' subscript=' || coalesce(to_jsonb(t) ->> 'typsubscript', '-') -- 14+; '-' (none) before
		|| ' align=' || t.typalign::text || ' storage=' || t.typstorage::text
		|| ' notnull=' || t.typnotnull || ' basetype=' || t.typbasetype::regtype
		|| ' typmod=' || t.typtypmod || ' collation=' || t.typcollation
		|| ' default=' || coalesce(t.typdefault, '<null>')
		|| ' owner=' || t.typowner::regrole || ' acl=' || coalesce(t.typacl::text, '<default>')
	FROM pg_type t JOIN csat_members m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
	UNION ALL
	SELECT 'operator: ' || o.oid::regoperator
		|| ' kind=' || o.oprkind::text || ' result=' || o.oprresult::regtype
		|| ' code=' || o.oprcode::regproc || ' commutator=' || o.oprcom::regoperator
		|| ' negator=' || o.oprnegate::regoperator
		|| ' restrict=' || o.oprrest::regproc || ' join=' || o.oprjoin::regproc
		|| ' merges=' || o.oprcanmerge || ' hashes=' || o.oprcanhash
		|| ' owner=' || o.oprowner::regrole
	FROM pg_operator o JOIN csat_members m ON m.classid = 'pg_operator'::regclass AND m.objid = o.oid
	UNION ALL
	SELECT 'opclass: ' || c.opcnamespace::regnamespace || '.' || c.opcname || ' using ' || am.amname
		|| ' family=' || f.opfnamespace::regnamespace || '.' || f.opfname
		|| ' intype=' || c.opcintype::regtype || ' default=' || c.opcdefault
		|| ' keytype=' || c.opckeytype::regtype || ' owner=' || c.opcowner::regrole
	FROM pg_opclass c JOIN csat_members m ON m.classid = 'pg_opclass'::regclass AND m.objid = c.oid
	JOIN pg_am am ON am.oid = c.opcmethod JOIN pg_opfamily f ON f.oid = c.opcfamily
	UNION ALL
	SELECT 'opfamily member: ' || f.opfnamespace::regnamespace || '.' || f.opfname || ' using ' || am.amname
		|| ' strategy ' || ao.amopstrategy || ' ' || ao.amopopr::regoperator
		|| ' (' || ao.amoplefttype::regtype || ',' || ao.amoprighttype::regtype || ')'
		|| ' purpose=' || ao.amoppurpose::text || ' sortfamily=' || ao.amopsortfamily
		|| ' dependency=' || coalesce((SELECT string_agg(dd.deptype::text, '') FROM pg_depend dd
			WHERE dd.classid = 'pg_amop'::regclass AND dd.objid = ao.oid), '')
	FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod
	JOIN pg_amop ao ON ao.amopfamily = f.oid
	WHERE f.oid IN (SELECT objid FROM csat_members WHERE classid = 'pg_opfamily'::regclass)
	UNION ALL
	SELECT 'opfamily support: ' || f.opfnamespace::regnamespace || '.' || f.opfname || ' using ' || am.amname
		|| ' function ' || ap.amprocnum || ' ' || ap.amproc::regprocedure
		|| ' (' || ap.amproclefttype::regtype || ',' || ap.amprocrighttype::regtype || ')'
	FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod
	JOIN pg_amproc ap ON ap.amprocfamily = f.oid
	WHERE f.oid IN (SELECT objid FROM csat_members WHERE classid = 'pg_opfamily'::regclass)
	UNION ALL
	SELECT 'cast: ' || c.castsource::regtype || ' -> ' || c.casttarget::regtype
		|| ' func=' || c.castfunc::regprocedure || ' context=' || c.castcontext::text || ' method=' || c.castmethod::text
	FROM pg_cast c JOIN csat_members m ON m.classid = 'pg_cast'::regclass AND m.objid = c.oid
	UNION ALL
	-- tables and sequences of the extension: kind, owner, privileges
	SELECT 'relation: ' || c.oid::regclass || ' kind=' || c.relkind::text
		|| ' persistence=' || c.relpersistence::text || ' owner=' || c.relowner::regrole
		|| ' acl=' || coalesce(c.relacl::text, '<default>')
		|| ' options=' || coalesce(c.reloptions::text, '<null>') || ' rowsecurity=' || c.relrowsecurity
	FROM pg_class c JOIN csat_members m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid
	UNION ALL
	SELECT 'column: ' || a.attrelid::regclass || '.' || a.attname || ' #' || a.attnum
		|| ' type=' || format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull
		|| ' default=' || coalesce(pg_get_expr(ad.adbin, ad.adrelid), '<none>')
		|| ' collation=' || a.attcollation || ' identity=' || a.attidentity::text
		|| ' generated=' || a.attgenerated::text || ' acl=' || coalesce(a.attacl::text, '<default>')
		|| ' comment=' || coalesce(col_description(a.attrelid, a.attnum), '<none>')
	FROM pg_attribute a JOIN csat_members m ON m.classid = 'pg_class'::regclass AND m.objid = a.attrelid
	LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
	WHERE a.attnum > 0 AND NOT a.attisdropped
	UNION ALL
	SELECT 'index: ' || pg_get_indexdef(i.indexrelid) || ' owner=' || c.relowner::regrole
		|| ' comment=' || coalesce(obj_description(i.indexrelid, 'pg_class'), '<none>')
	FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
	JOIN csat_members m ON m.classid = 'pg_class'::regclass AND m.objid = i.indrelid
	UNION ALL
	SELECT 'constraint: ' || co.conrelid::regclass || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid)
		|| ' comment=' || coalesce(obj_description(co.oid, 'pg_constraint'), '<none>')
	FROM pg_constraint co JOIN csat_members m ON m.classid = 'pg_class'::regclass AND m.objid = co.conrelid
	UNION ALL
	SELECT 'trigger: ' || t.tgrelid::regclass || ' ' || pg_get_triggerdef(t.oid)
	FROM pg_trigger t JOIN csat_members m ON m.classid = 'pg_class'::regclass AND m.objid = t.tgrelid
	WHERE NOT t.tgisinternal
	UNION ALL
	SELECT 'policy: ' || p.polrelid::regclass || ' ' || p.polname || ' cmd=' || p.polcmd::text
		|| ' permissive=' || p.polpermissive || ' roles=' || p.polroles::regrole[]::text
		|| ' using=' || coalesce(pg_get_expr(p.polqual, p.polrelid), '<none>')
		|| ' check=' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '<none>')
	FROM pg_policy p JOIN csat_members m ON m.classid = 'pg_class'::regclass AND m.objid = p.polrelid
	UNION ALL
	SELECT 'sequence: ' || s.seqrelid::regclass || ' type=' || s.seqtypid::regtype
		|| ' start=' || s.seqstart || ' increment=' || s.seqincrement || ' min=' || s.seqmin
		|| ' max=' || s.seqmax || ' cache=' || s.seqcache || ' cycle=' || s.seqcycle
	FROM pg_sequence s JOIN csat_members m ON m.classid = 'pg_class'::regclass AND m.objid = s.seqrelid
	UNION ALL
	-- what every member object depends on, other than the extension itself
	SELECT 'depends: ' || pg_describe_object(d.classid, d.objid, d.objsubid)
		|| ' -> ' || pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid) || ' ' || d.deptype::text
	FROM pg_depend d JOIN csat_members m ON m.classid = d.classid AND m.objid = d.objid
	WHERE d.refclassid <> 'pg_extension'::regclass
) AS facts(line)
ORDER BY line COLLATE "C";
