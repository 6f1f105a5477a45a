------------------------------------------------------------------------
-- Low-score alerts: NOTIFY (0.2.0) and the durable queue (0.3.0)
------------------------------------------------------------------------

-- Volatile and parallel unsafe (the defaults): it sends NOTIFY.
CREATE FUNCTION @extschema@.csat_notify_low_rating()
RETURNS trigger
AS 'MODULE_PATHNAME', 'csat_notify_low_rating'
LANGUAGE C;
COMMENT ON FUNCTION @extschema@.csat_notify_low_rating() IS
'trigger: AFTER INSERT OR UPDATE OF col ON tbl FOR EACH ROW EXECUTE FUNCTION csat_notify_low_rating(''rating_column'', ''channel'', ''threshold'' [, ''key_column'']) sends NOTIFY channel with a JSON payload {table, op, column, key, rating, value, scale_lo, scale_hi} when a rating at or below threshold (on its own scale) is inserted or changed';

--
-- The queue.  One row per low rating, written by the trigger
-- csat_enqueue_low_rating() in the writer's transaction (so a rollback
-- leaves no alert and a committed answer always has its alert), read by a
-- forwarder (csat-alertd) through csat_alert_claim().
--
-- Privileges (the extension is trusted, so a database owner may install it):
--   * attach the trigger: EXECUTE on csat_enqueue_low_rating(), granted to
--     the extension's owner WITH GRANT OPTION, revoked from PUBLIC;
--   * enqueue: any role that writes a table carrying the trigger (the
--     trigger inserts into the queue as the queue's owner, and only there);
--   * read the queue: SELECT on csat_alert, the extension's owner and whom
--     they grant it to (keys of customers' tickets are in it);
--   * claim and acknowledge: EXECUTE on csat_alert_claim(),
--     csat_alert_delivered(), csat_alert_failed() (SECURITY DEFINER), and
--     csat_alert_purge(), the extension's owner and whom they grant it to.
--   A forwarder role needs only EXECUTE on the claim/delivered/failed
--   functions: GRANT EXECUTE ON FUNCTION csat_alert_claim(integer, interval),
--   csat_alert_delivered(bigint), csat_alert_failed(bigint, text, boolean)
--   TO alertd;
--
CREATE SEQUENCE @extschema@.csat_alert_alert_id_seq AS bigint;
COMMENT ON SEQUENCE @extschema@.csat_alert_alert_id_seq IS
'alert_id of csat_alert: unique and increasing';

CREATE TABLE @extschema@.csat_alert (
	alert_id bigint NOT NULL
		DEFAULT pg_catalog.nextval('@extschema@.csat_alert_alert_id_seq'::pg_catalog.regclass)
		PRIMARY KEY,
	created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	relation text NOT NULL,
	column_name text NOT NULL,
	key text,
	rating @extschema@.satisfaction_rating NOT NULL,
	payload jsonb NOT NULL,
	attempts integer NOT NULL DEFAULT 0,
	last_error text,
	next_attempt_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	delivered_at timestamptz
);
ALTER SEQUENCE @extschema@.csat_alert_alert_id_seq OWNED BY @extschema@.csat_alert.alert_id;
COMMENT ON TABLE @extschema@.csat_alert IS
'durable queue of low-rating alerts: one row per low rating written by csat_enqueue_low_rating(); consumed with csat_alert_claim(), csat_alert_delivered() and csat_alert_failed()';
COMMENT ON COLUMN @extschema@.csat_alert.alert_id IS 'unique, increasing; the webhook Idempotency-Key is csat-alert-<alert_id>';
COMMENT ON COLUMN @extschema@.csat_alert.created_at IS 'start of the transaction that wrote the rating';
COMMENT ON COLUMN @extschema@.csat_alert.relation IS 'schema-qualified table written to (the root of a partitioned table)';
COMMENT ON COLUMN @extschema@.csat_alert.column_name IS 'the rating column';
COMMENT ON COLUMN @extschema@.csat_alert.key IS 'text of the key column of the row (NULL when the key is NULL)';
COMMENT ON COLUMN @extschema@.csat_alert.rating IS 'the low rating';
COMMENT ON COLUMN @extschema@.csat_alert.payload IS 'the csat_notify_low_rating() JSON payload plus alert_id';
COMMENT ON COLUMN @extschema@.csat_alert.attempts IS 'delivery attempts reported by csat_alert_delivered() and csat_alert_failed()';
COMMENT ON COLUMN @extschema@.csat_alert.last_error IS 'error of the latest failed attempt';
COMMENT ON COLUMN @extschema@.csat_alert.next_attempt_at IS 'due time: end of a claim''s lease or of a retry''s backoff; infinity when given up';
COMMENT ON COLUMN @extschema@.csat_alert.delivered_at IS 'when a consumer acknowledged delivery; NULL while undelivered';

-- claiming scans only undelivered alerts, oldest first, however many
-- delivered ones remain
CREATE INDEX csat_alert_undelivered ON @extschema@.csat_alert (alert_id)
	WHERE delivered_at IS NULL;
COMMENT ON INDEX @extschema@.csat_alert_undelivered IS
'undelivered alerts in alert_id order: what csat_alert_claim() scans';

-- undelivered alerts survive pg_dump/restore; delivered ones are history
SELECT pg_catalog.pg_extension_config_dump('@extschema@.csat_alert', 'WHERE delivered_at IS NULL');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.csat_alert_alert_id_seq', '');

REVOKE ALL ON TABLE @extschema@.csat_alert FROM PUBLIC;
REVOKE ALL ON SEQUENCE @extschema@.csat_alert_alert_id_seq FROM PUBLIC;
GRANT SELECT ON TABLE @extschema@.csat_alert TO @extowner@ WITH GRANT OPTION;

CREATE FUNCTION @extschema@.csat_enqueue_low_rating()
RETURNS trigger
AS 'MODULE_PATHNAME', 'csat_enqueue_low_rating'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.csat_enqueue_low_rating() IS
'trigger: AFTER INSERT OR UPDATE ON tbl FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating(''rating_column'', ''threshold'' [, ''key_column'' [, ''channel'']]) inserts one row into csat_alert, in the same transaction, when a rating at or below threshold (on its own scale) is inserted or changed; with a channel it also sends NOTIFY channel, alert_id as a wake-up (not usable with two-phase commit)';
REVOKE ALL ON FUNCTION @extschema@.csat_enqueue_low_rating() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.csat_enqueue_low_rating() TO @extowner@ WITH GRANT OPTION;

CREATE FUNCTION @extschema@.csat_alert_claim_limit(max_alerts integer, lease interval)
RETURNS integer
AS 'MODULE_PATHNAME', 'csat_alert_claim_limit'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_alert_claim_limit(integer, interval) IS
'checks the arguments of csat_alert_claim() (max_alerts and lease positive, else 22023) and returns max_alerts';

CREATE FUNCTION @extschema@.csat_alert_claim(max_alerts integer DEFAULT 100,
											  lease interval DEFAULT '1 minute')
RETURNS SETOF @extschema@.csat_alert
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH due AS (
		SELECT d.alert_id
		FROM @extschema@.csat_alert d
		WHERE d.delivered_at IS NULL AND d.next_attempt_at <= now()
		ORDER BY d.alert_id
		LIMIT @extschema@.csat_alert_claim_limit($1, $2)
		FOR UPDATE SKIP LOCKED
	), claimed AS (
		UPDATE @extschema@.csat_alert a
		SET next_attempt_at = now() + $2
		FROM due
		WHERE a.alert_id = due.alert_id
		RETURNING a.*
	)
	SELECT * FROM claimed ORDER BY claimed.alert_id
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_claim(integer, interval) IS
'hands out up to max_alerts undelivered alerts that are due, oldest first, each to one consumer at a time (FOR UPDATE SKIP LOCKED); an alert not acknowledged within the lease is handed out again';

CREATE FUNCTION @extschema@.csat_alert_delivered(alert_id bigint)
RETURNS boolean
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH done AS (
		UPDATE @extschema@.csat_alert a
		SET delivered_at = now(), attempts = a.attempts + 1
		WHERE a.alert_id = $1 AND a.delivered_at IS NULL
		RETURNING 1
	)
	SELECT count(*) > 0 FROM done
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_delivered(bigint) IS
'marks an alert delivered; false when it was already delivered or does not exist';

CREATE FUNCTION @extschema@.csat_alert_failed(alert_id bigint, error text,
											   retry boolean DEFAULT true)
RETURNS void
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	UPDATE @extschema@.csat_alert a
	SET attempts = a.attempts + 1,
		last_error = $2,
		next_attempt_at = CASE WHEN $3
			THEN now() + interval '1 second' * power(2, least(a.attempts, 12))
			ELSE 'infinity' END
	WHERE a.alert_id = $1 AND a.delivered_at IS NULL
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_failed(bigint, text, boolean) IS
'records a failed delivery attempt and its error; the alert is due again after an exponential backoff (1 s, 2 s, 4 s ... at most 4096 s), or never with retry => false (it stays undelivered with its last_error)';

CREATE FUNCTION @extschema@.csat_alert_purge(older_than interval)
RETURNS bigint
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH gone AS (
		DELETE FROM @extschema@.csat_alert a
		WHERE a.delivered_at IS NOT NULL AND a.delivered_at < now() - $1
		RETURNING 1
	)
	SELECT count(*) FROM gone
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_purge(interval) IS
'deletes alerts delivered more than older_than ago; returns how many';

REVOKE ALL ON FUNCTION @extschema@.csat_alert_claim(integer, interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_delivered(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_failed(bigint, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_purge(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.csat_alert_claim(integer, interval) TO @extowner@ WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION @extschema@.csat_alert_delivered(bigint) TO @extowner@ WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION @extschema@.csat_alert_failed(bigint, text, boolean) TO @extowner@ WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION @extschema@.csat_alert_purge(interval) TO @extowner@ WITH GRANT OPTION;
