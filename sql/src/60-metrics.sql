------------------------------------------------------------------------
-- More metrics from the same summary: NPS breakdown, top/bottom box,
-- CES easy
------------------------------------------------------------------------

-- Every metric M is a rule in src/metrics.c with one C entry point per SQL
-- function: the accessor M(rating_summary [, integer]) is rating_summary_M,
-- the moving final function rating_window_M(internal) is rating_window_M
-- (and, for a metric with a boxes argument, the final function
-- rating_boxes_M(rating_summary) is rating_boxes_M).
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
RETURNS internal AS 'MODULE_PATHNAME', 'rating_window_inv_boxes'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_window_inv_boxes(internal, @extschema@.satisfaction_rating, integer) IS
'moving-aggregate inverse transition of top_box_pct(rating, boxes) and bottom_box_pct(rating, boxes)';

-- promoters_pct

CREATE FUNCTION @extschema@.promoters_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_promoters_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.promoters_pct(@extschema@.rating_summary) IS
'NPS breakdown: percentage of promoters (9-10); 0..10 ratings only; NULL with no answers';

CREATE FUNCTION @extschema@.rating_window_promoters_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_promoters_pct'
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
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_passives_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.passives_pct(@extschema@.rating_summary) IS
'NPS breakdown: percentage of passives (7-8); 0..10 ratings only; NULL with no answers';

CREATE FUNCTION @extschema@.rating_window_passives_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_passives_pct'
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
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_detractors_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.detractors_pct(@extschema@.rating_summary) IS
'NPS breakdown: percentage of detractors (0-6); 0..10 ratings only; NULL with no answers';

CREATE FUNCTION @extschema@.rating_window_detractors_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_detractors_pct'
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
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_top_box_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.top_box_pct(@extschema@.rating_summary) IS
'percentage of answers in the top point of the scale; the summary must hold one scale; NULL with no answers';

CREATE FUNCTION @extschema@.top_box_pct(@extschema@.rating_summary, boxes integer)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_top_box_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.top_box_pct(@extschema@.rating_summary, integer) IS
'percentage of answers in the top "boxes" points of the scale; the summary must hold one scale, boxes from 1 to the number of points minus 1; NULL with no answers';

CREATE FUNCTION @extschema@.rating_boxes_top_box_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_boxes_top_box_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_boxes_top_box_pct(@extschema@.rating_summary) IS
'final function of top_box_pct(rating, boxes): reads boxes from the state';

CREATE FUNCTION @extschema@.rating_window_top_box_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_top_box_pct'
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
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_bottom_box_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bottom_box_pct(@extschema@.rating_summary) IS
'percentage of answers in the bottom point of the scale; the summary must hold one scale; NULL with no answers';

CREATE FUNCTION @extschema@.bottom_box_pct(@extschema@.rating_summary, boxes integer)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_bottom_box_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bottom_box_pct(@extschema@.rating_summary, integer) IS
'percentage of answers in the bottom "boxes" points of the scale; the summary must hold one scale, boxes from 1 to the number of points minus 1; NULL with no answers';

CREATE FUNCTION @extschema@.rating_boxes_bottom_box_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_boxes_bottom_box_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rating_boxes_bottom_box_pct(@extschema@.rating_summary) IS
'final function of bottom_box_pct(rating, boxes): reads boxes from the state';

CREATE FUNCTION @extschema@.rating_window_bottom_box_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_bottom_box_pct'
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
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_ces_easy_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces_easy_pct(@extschema@.rating_summary) IS
'CES read as a share: percentage of easy answers (top two of 5 points, top three of 7); the summary must hold one scale; NULL with no answers';

CREATE FUNCTION @extschema@.rating_window_ces_easy_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_ces_easy_pct'
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

