-- csat 0.3.0 -> 0.4.0, upgrade only (not in the full script, which
-- declares these functions with their entry points in sql/src/60-metrics.sql).
--
-- The 0.3.0 metrics named the generic C entry points csat_metric_accessor,
-- csat_metric_window_final and csat_metric_boxes_final, which found the
-- metric by the SQL function's name at run time, and
-- rating_window_inv_boxes() named rating_window_inv; each now names its own
-- (src/metrics.c, src/window.c), so a rename fails when a function is
-- declared.  ALTER FUNCTION cannot change a C function's symbol, and the
-- scripts never replace an existing function by name (test/checks/trusted.sh:
-- a planted object could be adopted), so the symbol is set in pg_proc, for
-- these members of the extension only (the script runs as the bootstrap
-- superuser, also when a non-superuser updates: the extension is trusted),
-- then every C function of the extension is validated, so a wrong symbol
-- fails the update.  Comments, owners and privileges are untouched.
UPDATE pg_catalog.pg_proc p SET prosrc = v.symbol
FROM (VALUES
	('@extschema@.promoters_pct(@extschema@.rating_summary)', 'rating_summary_promoters_pct'),
	('@extschema@.rating_window_promoters_pct(internal)', 'rating_window_promoters_pct'),
	('@extschema@.passives_pct(@extschema@.rating_summary)', 'rating_summary_passives_pct'),
	('@extschema@.rating_window_passives_pct(internal)', 'rating_window_passives_pct'),
	('@extschema@.detractors_pct(@extschema@.rating_summary)', 'rating_summary_detractors_pct'),
	('@extschema@.rating_window_detractors_pct(internal)', 'rating_window_detractors_pct'),
	('@extschema@.top_box_pct(@extschema@.rating_summary)', 'rating_summary_top_box_pct'),
	('@extschema@.top_box_pct(@extschema@.rating_summary, integer)', 'rating_summary_top_box_pct'),
	('@extschema@.rating_boxes_top_box_pct(@extschema@.rating_summary)', 'rating_boxes_top_box_pct'),
	('@extschema@.rating_window_top_box_pct(internal)', 'rating_window_top_box_pct'),
	('@extschema@.bottom_box_pct(@extschema@.rating_summary)', 'rating_summary_bottom_box_pct'),
	('@extschema@.bottom_box_pct(@extschema@.rating_summary, integer)', 'rating_summary_bottom_box_pct'),
	('@extschema@.rating_boxes_bottom_box_pct(@extschema@.rating_summary)', 'rating_boxes_bottom_box_pct'),
	('@extschema@.rating_window_bottom_box_pct(internal)', 'rating_window_bottom_box_pct'),
	('@extschema@.ces_easy_pct(@extschema@.rating_summary)', 'rating_summary_ces_easy_pct'),
	('@extschema@.rating_window_ces_easy_pct(internal)', 'rating_window_ces_easy_pct'),
	('@extschema@.rating_window_inv_boxes(internal, @extschema@.satisfaction_rating, integer)', 'rating_window_inv_boxes')
) AS v(fn, symbol)
WHERE p.oid = v.fn::pg_catalog.regprocedure
	AND p.prosrc IN ('csat_metric_accessor', 'csat_metric_window_final', 'csat_metric_boxes_final',
		'rating_window_inv');

-- every C function of the extension names a symbol the library has
SELECT pg_catalog.fmgr_c_validator(p.oid)
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid
	AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'csat'
WHERE p.prolang = (SELECT l.oid FROM pg_catalog.pg_language l WHERE l.lanname = 'c');
