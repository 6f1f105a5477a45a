
-- ---------------------------------------------------------------------
-- Segment watches (0.4.0): the alert queue takes watch alerts.  The
-- watches themselves are new in 0.4.0: the upgrade script runs
-- sql/src/95-watches.sql after these fragments (Makefile).
-- ---------------------------------------------------------------------

-- a watch alert has no single rating: its rating is NULL, its key says what
-- happened in words
ALTER TABLE @extschema@.csat_alert ALTER COLUMN rating DROP NOT NULL;
COMMENT ON COLUMN @extschema@.csat_alert.rating IS 'the low rating; NULL for a watch alert (csat_watch_run())';
COMMENT ON COLUMN @extschema@.csat_alert.key IS 'text of the key column of the row (NULL when the key is NULL); for a watch alert, what happened in words';
