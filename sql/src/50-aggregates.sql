------------------------------------------------------------------------
-- the aggregates
------------------------------------------------------------------------

CREATE AGGREGATE @extschema@.csat_pct(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.csat_pct,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_csat_pct,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat_pct(@extschema@.satisfaction_rating) IS
'CSAT: percentage of satisfied ratings, top-two-box per rating (v >= hi - 1; v = hi on 2- and 3-point scales)';

CREATE AGGREGATE @extschema@.csat_pct(@extschema@.satisfaction_rating, satisfied_from integer) (
	SFUNC = @extschema@.rating_summary_trans_from,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.csat_pct,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans_from,
	MINVFUNC = @extschema@.rating_window_inv_from,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_csat_pct,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat_pct(@extschema@.satisfaction_rating, integer) IS
'CSAT with an explicit threshold: percentage of ratings >= satisfied_from; one scale per group';

CREATE AGGREGATE @extschema@.nps(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.nps,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_nps,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(@extschema@.satisfaction_rating) IS
'Net Promoter Score, -100..100, of 0..10 ratings: percent promoters (9-10) minus percent detractors (0-6)';

CREATE AGGREGATE @extschema@.ces_avg(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	FINALFUNC = @extschema@.ces_avg,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_ces_avg,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ces_avg(@extschema@.satisfaction_rating) IS
'Customer Effort Score: the mean rating value; one scale per group';

CREATE AGGREGATE @extschema@.rating_summary(@extschema@.satisfaction_rating) (
	SFUNC = @extschema@.rating_summary_trans,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	MSFUNC = @extschema@.rating_window_trans,
	MINVFUNC = @extschema@.rating_window_inv,
	MSTYPE = internal,
	MSSPACE = 1360,
	MFINALFUNC = @extschema@.rating_window_summary,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rating_summary(@extschema@.satisfaction_rating) IS
'summary of ratings (answers per scale point; NULL ratings counted as unanswered) for two-step aggregation';

CREATE AGGREGATE @extschema@.rating_summary(@extschema@.rating_summary) (
	SFUNC = @extschema@.rating_summary_combine,
	STYPE = @extschema@.rating_summary,
	SSPACE = 120,
	COMBINEFUNC = @extschema@.rating_summary_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rating_summary(@extschema@.rating_summary) IS
'merges summaries (daily to monthly, per node to total) exactly as if the raw ratings were summarised';
