------------------------------------------------------------------------
-- Low-score alerts: NOTIFY (0.2.0) and the durable queue (0.3.0; keys
-- unique across databases, fenced acknowledgements and queue management
-- 0.4.0)
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
-- leaves no alert and a committed answer always has its alert), and one
-- per transition of a segment watch (csat_watch_run()), read by a
-- forwarder (csat-alertd) through csat_alert_claim().
--
-- Ownership.  The queue, its sequence, the database's identity and the
-- functions that act on the queue (SECURITY DEFINER) belong to the
-- extension's owner (in a trusted install the script runs as the bootstrap
-- superuser: the owner could otherwise not pg_dump its own database, and a
-- restore by another owner would lose the queue).
--
-- Privileges (the extension is trusted, so a database owner may install it):
--   * attach the trigger: EXECUTE on csat_enqueue_low_rating(), granted to
--     the extension's owner WITH GRANT OPTION, revoked from PUBLIC;
--   * enqueue: any role that writes a table carrying the trigger (the
--     trigger inserts into the queue as the queue's owner, and only there);
--   * read the queue: SELECT on csat_alert, the extension's owner and whom
--     they grant it to (keys of customers' tickets are in it);
--   * claim, acknowledge, requeue, discard, purge, read the identity:
--     EXECUTE on csat_alert_claim(), csat_alert_delivered(),
--     csat_alert_failed(), csat_alert_requeue(), csat_alert_discard(),
--     csat_alert_purge(), csat_database_id() (SECURITY DEFINER), the
--     extension's owner and whom they grant it to.
--   A forwarder role needs only EXECUTE on the claim/delivered/failed
--   functions: GRANT EXECUTE ON FUNCTION csat_alert_claim(integer, interval),
--   csat_alert_delivered(bigint, uuid), csat_alert_failed(bigint, text, uuid),
--   csat_alert_failed(bigint, text, uuid, boolean) TO alertd;
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
	rating @extschema@.satisfaction_rating,
	payload jsonb NOT NULL,
	attempts integer NOT NULL DEFAULT 0,
	last_error text,
	next_attempt_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
	delivered_at timestamptz,
	idempotency_key text NOT NULL,
	claim_token uuid
);
ALTER SEQUENCE @extschema@.csat_alert_alert_id_seq OWNED BY @extschema@.csat_alert.alert_id;
COMMENT ON TABLE @extschema@.csat_alert IS
'durable queue of low-rating alerts: one row per low rating written by csat_enqueue_low_rating(); consumed with csat_alert_claim(), csat_alert_delivered() and csat_alert_failed()';
COMMENT ON COLUMN @extschema@.csat_alert.alert_id IS
'unique, increasing; named by the webhook Idempotency-Key with the database''s identity';
COMMENT ON COLUMN @extschema@.csat_alert.created_at IS 'start of the transaction that wrote the rating';
COMMENT ON COLUMN @extschema@.csat_alert.relation IS 'schema-qualified table written to (the root of a partitioned table)';
COMMENT ON COLUMN @extschema@.csat_alert.column_name IS 'the rating column';
COMMENT ON COLUMN @extschema@.csat_alert.key IS 'text of the key column of the row (NULL when the key is NULL); for a watch alert, what happened in words';
COMMENT ON COLUMN @extschema@.csat_alert.rating IS 'the low rating; NULL for a watch alert (csat_watch_run())';
COMMENT ON COLUMN @extschema@.csat_alert.payload IS 'the csat_notify_low_rating() JSON payload plus alert_id';
COMMENT ON COLUMN @extschema@.csat_alert.attempts IS 'delivery attempts reported by csat_alert_delivered() and csat_alert_failed()';
COMMENT ON COLUMN @extschema@.csat_alert.last_error IS 'error of the latest failed attempt';
COMMENT ON COLUMN @extschema@.csat_alert.next_attempt_at IS 'due time: end of a claim''s lease or of a retry''s backoff; infinity when given up';
COMMENT ON COLUMN @extschema@.csat_alert.delivered_at IS 'when a consumer acknowledged delivery; NULL while undelivered';
COMMENT ON COLUMN @extschema@.csat_alert.idempotency_key IS
'the webhook Idempotency-Key: csat-alert-<csat_database_id()>-<alert_id> (csat-alert-<alert_id> for alerts queued before 0.4.0); never changes';
COMMENT ON COLUMN @extschema@.csat_alert.claim_token IS
'the token of the consumer that claimed the alert last (NULL when unclaimed): only that consumer''s acknowledgement counts';

-- claiming scans only the undelivered alerts that may become due, oldest
-- first, however many delivered or given-up (next_attempt_at = infinity)
-- ones remain: a claim reads as few entries with 100,000 given-up alerts as
-- with none
CREATE INDEX csat_alert_undelivered ON @extschema@.csat_alert (alert_id)
	WHERE delivered_at IS NULL AND next_attempt_at < 'infinity'::timestamptz;
COMMENT ON INDEX @extschema@.csat_alert_undelivered IS
'undelivered alerts that are not given up, in alert_id order: what csat_alert_claim() scans';

-- undelivered alerts survive pg_dump/restore; delivered ones are history
SELECT pg_catalog.pg_extension_config_dump('@extschema@.csat_alert', 'WHERE delivered_at IS NULL');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.csat_alert_alert_id_seq', '');

REVOKE ALL ON TABLE @extschema@.csat_alert FROM PUBLIC;
REVOKE ALL ON SEQUENCE @extschema@.csat_alert_alert_id_seq FROM PUBLIC;
GRANT SELECT ON TABLE @extschema@.csat_alert TO @extowner@ WITH GRANT OPTION;

--
-- The database's identity, named by every Idempotency-Key: alert_ids are
-- per database, so two databases behind one receiver would otherwise send
-- the same keys.  One row, made with the extension, dumped with its data
-- (a configuration table) and kept by pg_upgrade (the table's files are
-- copied).  A restore runs CREATE EXTENSION, which makes a new identity,
-- and then copies the dumped row in: the row inserted last replaces the
-- one before (csat_database_replace), so the restored database keeps the
-- identity of the dumped one.
--
CREATE TABLE @extschema@.csat_database (
	singleton boolean NOT NULL DEFAULT true PRIMARY KEY CHECK (singleton),
	database_id uuid NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
	created_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE @extschema@.csat_database IS
'this database''s identity for csat (one row): named by the Idempotency-Key of every alert; kept by pg_dump/restore and pg_upgrade';
COMMENT ON COLUMN @extschema@.csat_database.singleton IS 'always true: the table has one row';
COMMENT ON COLUMN @extschema@.csat_database.database_id IS 'the identity, made when the extension was created';
COMMENT ON COLUMN @extschema@.csat_database.created_at IS 'when the identity was made';
ALTER TABLE @extschema@.csat_database OWNER TO @extowner@;
REVOKE ALL ON TABLE @extschema@.csat_database FROM PUBLIC;

CREATE FUNCTION @extschema@.csat_database_replace()
RETURNS trigger
AS 'MODULE_PATHNAME', 'csat_database_replace'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.csat_database_replace() IS
'trigger of csat_database: a row inserted (a restore copying the dumped identity in) replaces the row that was there';
REVOKE ALL ON FUNCTION @extschema@.csat_database_replace() FROM PUBLIC;
CREATE TRIGGER csat_database_replace BEFORE INSERT ON @extschema@.csat_database
	FOR EACH ROW EXECUTE FUNCTION @extschema@.csat_database_replace();
COMMENT ON TRIGGER csat_database_replace ON @extschema@.csat_database IS
'keeps one identity: the row inserted replaces the one before';

INSERT INTO @extschema@.csat_database DEFAULT VALUES;
SELECT pg_catalog.pg_extension_config_dump('@extschema@.csat_database', '');

CREATE FUNCTION @extschema@.csat_database_id()
RETURNS uuid
LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT d.database_id FROM @extschema@.csat_database d $$;
COMMENT ON FUNCTION @extschema@.csat_database_id() IS
'this database''s identity, named by the Idempotency-Key of alerts (csat-alert-<identity>-<alert_id>); kept by pg_dump/restore and pg_upgrade';

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
'checks the arguments of csat_alert_claim() (max_alerts positive, lease over 0 and at most 1 day, else 22023) and returns max_alerts';

--
-- Claiming: a lease counted from the server's clock at the call
-- (clock_timestamp(), not the transaction's start), positive and at most
-- one day; a fresh claim_token on every alert handed out.
--
CREATE FUNCTION @extschema@.csat_alert_claim(max_alerts integer DEFAULT 100,
											  lease interval DEFAULT '1 minute')
RETURNS SETOF @extschema@.csat_alert
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH due AS (
		SELECT d.alert_id
		FROM @extschema@.csat_alert d
		WHERE d.delivered_at IS NULL
		  AND d.next_attempt_at < 'infinity'::timestamptz
		  AND d.next_attempt_at <= clock_timestamp()
		ORDER BY d.alert_id
		LIMIT @extschema@.csat_alert_claim_limit($1, $2)
		FOR UPDATE SKIP LOCKED
	), claimed AS (
		UPDATE @extschema@.csat_alert a
		SET next_attempt_at = clock_timestamp() + $2,
			claim_token = gen_random_uuid()
		FROM due
		WHERE a.alert_id = due.alert_id
		RETURNING a.*
	)
	SELECT * FROM claimed ORDER BY claimed.alert_id
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_claim(integer, interval) IS
'hands out up to max_alerts undelivered alerts that are due, oldest first, each to one consumer at a time (FOR UPDATE SKIP LOCKED) with a fresh claim_token; the lease (over 0, at most 1 day) runs from the call on the server''s clock; an alert not acknowledged within it is handed out again';

--
-- Fenced acknowledgements: they act only for the consumer whose token is
-- the alert's current one, so a consumer whose lease ran out and whose
-- alert was claimed again changes nothing.
--
CREATE FUNCTION @extschema@.csat_alert_delivered(alert_id bigint, claim_token uuid)
RETURNS boolean
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH done AS (
		UPDATE @extschema@.csat_alert a
		SET delivered_at = clock_timestamp(), attempts = a.attempts + 1,
			claim_token = NULL
		WHERE a.alert_id = $1 AND a.claim_token = $2 AND a.delivered_at IS NULL
		RETURNING 1
	)
	SELECT count(*) > 0 FROM done
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_delivered(bigint, uuid) IS
'marks an alert delivered when claim_token is that of its current claim; false (and no change) otherwise: delivered already, claimed since by another consumer, or unknown';

CREATE FUNCTION @extschema@.csat_alert_failed(alert_id bigint, error text,
											   claim_token uuid, retry boolean)
RETURNS boolean
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH failed AS (
		UPDATE @extschema@.csat_alert a
		SET attempts = a.attempts + 1,
			last_error = $2,
			claim_token = NULL,
			next_attempt_at = CASE WHEN $4
				THEN clock_timestamp() + interval '1 second' * power(2, least(a.attempts, 12))
				ELSE 'infinity' END
		WHERE a.alert_id = $1 AND a.claim_token = $3 AND a.delivered_at IS NULL
		RETURNING 1
	)
	SELECT count(*) > 0 FROM failed
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_failed(bigint, text, uuid, boolean) IS
'records a failed attempt when claim_token is that of the alert''s current claim: due again after the backoff (1 s, 2 s, 4 s ... at most 4096 s), or given up with retry false; false (and no change) for any other token';

CREATE FUNCTION @extschema@.csat_alert_failed(alert_id bigint, error text, claim_token uuid)
RETURNS boolean
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT @extschema@.csat_alert_failed($1, $2, $3, true) $$;
COMMENT ON FUNCTION @extschema@.csat_alert_failed(bigint, text, uuid) IS
'csat_alert_failed(alert_id, error, claim_token, retry => true): a failed attempt, retried after the backoff';

--
-- The 0.3.0 acknowledgements (no token) stay for 0.3.0 consumers.  They
-- cannot prove they hold the claim.  csat_alert_failed() without a token
-- acts only on an alert under a claim whose lease is still running (after
-- it ran out the alert is due again, for whoever claims it next), and
-- releases the claim; a delivery reported without a token still counts.
--
CREATE FUNCTION @extschema@.csat_alert_failed(alert_id bigint, error text,
											   retry boolean DEFAULT true)
RETURNS void
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT @extschema@.csat_alert_failed(a.alert_id, $2, a.claim_token, $3)
	FROM @extschema@.csat_alert a
	WHERE a.alert_id = $1 AND a.delivered_at IS NULL
	  AND a.claim_token IS NOT NULL
	  AND a.next_attempt_at > clock_timestamp()
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_failed(bigint, text, boolean) IS
'0.3.0 form, without a claim token: records a failed attempt only while the alert is claimed and the lease is running (otherwise nothing changes); prefer csat_alert_failed(alert_id, error, claim_token)';

CREATE FUNCTION @extschema@.csat_alert_delivered(alert_id bigint)
RETURNS boolean
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH done AS (
		UPDATE @extschema@.csat_alert a
		SET delivered_at = clock_timestamp(), attempts = a.attempts + 1,
			claim_token = NULL
		WHERE a.alert_id = $1 AND a.delivered_at IS NULL
		RETURNING 1
	)
	SELECT count(*) > 0 FROM done
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_delivered(bigint) IS
'0.3.0 form, without a claim token: marks an alert delivered (false when it already was, or does not exist); a delivery reported late is still a delivery; prefer csat_alert_delivered(alert_id, claim_token)';

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

--
-- Managing given-up alerts, for the extension's owner.
--
CREATE FUNCTION @extschema@.csat_alert_requeue(ids bigint[] DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH requeued AS (
		UPDATE @extschema@.csat_alert a
		SET attempts = 0, next_attempt_at = clock_timestamp(), claim_token = NULL
		WHERE a.delivered_at IS NULL AND a.next_attempt_at = 'infinity'::timestamptz
		  AND ($1 IS NULL OR a.alert_id = ANY ($1))
		RETURNING 1
	)
	SELECT count(*) FROM requeued
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_requeue(bigint[]) IS
'makes given-up alerts (all of them, or those of ids) due now with their attempts reset (last_error kept); returns how many';

CREATE FUNCTION @extschema@.csat_alert_discard(ids bigint[])
RETURNS bigint
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH gone AS (
		DELETE FROM @extschema@.csat_alert a
		WHERE a.delivered_at IS NULL AND a.alert_id = ANY ($1)
		RETURNING 1
	)
	SELECT count(*) FROM gone
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_discard(bigint[]) IS
'deletes the listed undelivered alerts (they will never be sent); returns how many';

CREATE FUNCTION @extschema@.csat_alert_purge(older_than interval, include_given_up boolean)
RETURNS bigint
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
	WITH gone AS (
		DELETE FROM @extschema@.csat_alert a
		WHERE (a.delivered_at IS NOT NULL AND a.delivered_at < clock_timestamp() - $1)
		   OR ($2 AND a.delivered_at IS NULL
			   AND a.next_attempt_at = 'infinity'::timestamptz
			   AND a.created_at < clock_timestamp() - $1)
		RETURNING 1
	)
	SELECT count(*) FROM gone
$$;
COMMENT ON FUNCTION @extschema@.csat_alert_purge(interval, boolean) IS
'deletes alerts delivered more than older_than ago and, with include_given_up, given-up alerts queued more than older_than ago; returns how many';

--
-- Privileges: the functions that act on the queue run as its owner, the
-- extension's owner, who may call them all and grant them.
--
REVOKE ALL ON FUNCTION @extschema@.csat_alert_claim(integer, interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_delivered(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_failed(bigint, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_purge(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.csat_alert_claim(integer, interval) TO @extowner@ WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION @extschema@.csat_alert_delivered(bigint) TO @extowner@ WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION @extschema@.csat_alert_failed(bigint, text, boolean) TO @extowner@ WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION @extschema@.csat_alert_purge(interval) TO @extowner@ WITH GRANT OPTION;
ALTER TABLE @extschema@.csat_alert OWNER TO @extowner@;
ALTER SEQUENCE @extschema@.csat_alert_alert_id_seq OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_alert_claim(integer, interval) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_alert_delivered(bigint) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_alert_delivered(bigint, uuid) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_alert_failed(bigint, text, boolean) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_alert_failed(bigint, text, uuid) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_alert_failed(bigint, text, uuid, boolean) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_alert_purge(interval) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_alert_purge(interval, boolean) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_alert_requeue(bigint[]) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_alert_discard(bigint[]) OWNER TO @extowner@;
ALTER FUNCTION @extschema@.csat_database_id() OWNER TO @extowner@;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_delivered(bigint, uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_failed(bigint, text, uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_failed(bigint, text, uuid, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_purge(interval, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_requeue(bigint[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_alert_discard(bigint[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.csat_database_id() FROM PUBLIC;
