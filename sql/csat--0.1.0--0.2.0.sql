/* csat 0.1.0 -> 0.2.0: low-score alerts */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION csat UPDATE TO '0.2.0'" to load this file. \quit

-- Volatile and parallel unsafe (the defaults): it sends NOTIFY.
CREATE FUNCTION @extschema@.csat_notify_low_rating()
RETURNS trigger
AS 'MODULE_PATHNAME', 'csat_notify_low_rating'
LANGUAGE C;
COMMENT ON FUNCTION @extschema@.csat_notify_low_rating() IS
'trigger: AFTER INSERT OR UPDATE OF col ON tbl FOR EACH ROW EXECUTE FUNCTION csat_notify_low_rating(''rating_column'', ''channel'', ''threshold'' [, ''key_column'']) sends NOTIFY channel with a JSON payload {table, op, column, key, rating, value, scale_lo, scale_hi} when a rating at or below threshold (on its own scale) is inserted or changed';
