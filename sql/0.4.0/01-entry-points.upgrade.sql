-- csat 0.3.0 -> 0.4.0, upgrade only (not in the full script, which
-- declares these functions with their entry points in sql/src/60-metrics.sql):
-- the 0.3.0 metrics named the generic C entry points csat_metric_accessor,
-- csat_metric_window_final and csat_metric_boxes_final, which found the
-- metric by the SQL function's name at run time; each now names its own
-- (src/metrics.c), so a rename fails when the function is declared.
-- rating_window_inv_boxes() named rating_window_inv, now its own entry
-- point too.  CREATE OR REPLACE keeps each function's comment, owner and privileges.

CREATE OR REPLACE FUNCTION @extschema@.promoters_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_promoters_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.rating_window_promoters_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_promoters_pct'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.passives_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_passives_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.rating_window_passives_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_passives_pct'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.detractors_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_detractors_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.rating_window_detractors_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_detractors_pct'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.top_box_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_top_box_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.top_box_pct(@extschema@.rating_summary, boxes integer)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_top_box_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.rating_boxes_top_box_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_boxes_top_box_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.rating_window_top_box_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_top_box_pct'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.bottom_box_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_bottom_box_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.bottom_box_pct(@extschema@.rating_summary, boxes integer)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_bottom_box_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.rating_boxes_bottom_box_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_boxes_bottom_box_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.rating_window_bottom_box_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_bottom_box_pct'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.ces_easy_pct(@extschema@.rating_summary)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_summary_ces_easy_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.rating_window_ces_easy_pct(internal)
RETURNS numeric AS 'MODULE_PATHNAME', 'rating_window_ces_easy_pct'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.rating_window_inv_boxes(internal, @extschema@.satisfaction_rating, integer)
RETURNS internal AS 'MODULE_PATHNAME', 'rating_window_inv_boxes'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
