
------------------------------------------------------------------------
-- Alerts, 0.4.0: the queue belongs to the extension's owner, keys unique
-- across databases, fenced acknowledgements, queue management
------------------------------------------------------------------------

--
-- Ownership.  In a trusted install the script runs as the bootstrap
-- superuser, which then owned the queue: the extension's owner could not
-- pg_dump its own database (its sequence was unreadable), and a restore by
-- another owner lost the queue.  The queue, its sequence and the functions
-- that act on it (SECURITY DEFINER) now belong to the extension's owner.
--
ALTER TABLE @extschema@.csat_alert OWNER TO @extowner@;
ALTER SEQUENCE @extschema@.csat_alert_alert_id_seq OWNER TO @extowner@;

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

--
-- New columns.  The key of an alert never changes: alerts queued before
-- the update keep the key 0.3.0 sent, csat-alert-<alert_id>.
--
ALTER TABLE @extschema@.csat_alert ADD COLUMN idempotency_key text;
UPDATE @extschema@.csat_alert SET idempotency_key = 'csat-alert-' || alert_id;
ALTER TABLE @extschema@.csat_alert ALTER COLUMN idempotency_key SET NOT NULL;
ALTER TABLE @extschema@.csat_alert ADD COLUMN claim_token uuid;
-- alerts a 0.3.0 consumer holds (under a running lease or backoff) stay
-- acknowledgeable with the 0.3.0 forms, which need a claim
UPDATE @extschema@.csat_alert SET claim_token = pg_catalog.gen_random_uuid()
WHERE delivered_at IS NULL AND next_attempt_at > pg_catalog.now()
  AND next_attempt_at < 'infinity'::timestamptz;
COMMENT ON COLUMN @extschema@.csat_alert.idempotency_key IS
'the webhook Idempotency-Key: csat-alert-<csat_database_id()>-<alert_id> (csat-alert-<alert_id> for alerts queued before 0.4.0); never changes';
COMMENT ON COLUMN @extschema@.csat_alert.claim_token IS
'the token of the consumer that claimed the alert last (NULL when unclaimed): only that consumer''s acknowledgement counts';
COMMENT ON COLUMN @extschema@.csat_alert.alert_id IS
'unique, increasing; named by the webhook Idempotency-Key with the database''s identity';
COMMENT ON COLUMN @extschema@.csat_alert.next_attempt_at IS
'due time: end of a claim''s lease or of a retry''s backoff; infinity when given up';

--
-- Given-up alerts (next_attempt_at = infinity) leave the claim path: the
-- index of undelivered alerts holds only those that may become due, so a
-- claim reads as few entries with 100,000 given-up alerts as with none.
--
DROP INDEX @extschema@.csat_alert_undelivered;
CREATE INDEX csat_alert_undelivered ON @extschema@.csat_alert (alert_id)
	WHERE delivered_at IS NULL AND next_attempt_at < 'infinity'::timestamptz;
COMMENT ON INDEX @extschema@.csat_alert_undelivered IS
'undelivered alerts that are not given up, in alert_id order: what csat_alert_claim() scans';

--
-- Claiming: a lease counted from the server's clock at the call
-- (clock_timestamp(), not the transaction's start), positive and at most
-- one day; a fresh claim_token on every alert handed out.
--
CREATE OR REPLACE FUNCTION @extschema@.csat_alert_claim(max_alerts integer DEFAULT 100,
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
COMMENT ON FUNCTION @extschema@.csat_alert_claim_limit(integer, interval) IS
'checks the arguments of csat_alert_claim() (max_alerts positive, lease over 0 and at most 1 day, else 22023) and returns max_alerts';

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
CREATE OR REPLACE FUNCTION @extschema@.csat_alert_failed(alert_id bigint, error text,
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

CREATE OR REPLACE FUNCTION @extschema@.csat_alert_delivered(alert_id bigint)
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

-- (alerts 0.4.0: end)
