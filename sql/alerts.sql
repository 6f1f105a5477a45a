-- Low-score alerts: the durable queue csat_alert, its trigger
-- csat_enqueue_low_rating() and consumer functions, and the threshold
-- checks of both alert triggers.

-- the queue and its consumer functions, with their privileges
SELECT c.relname, c.relkind, c.relacl IS NULL OR NOT pg_catalog.aclcontains(c.relacl, makeaclitem(0, c.relowner, 'SELECT', false)) AS no_public_select
FROM pg_class c WHERE c.relname LIKE 'csat_alert%' ORDER BY 1;
SELECT p.oid::regprocedure AS function, p.prosecdef AS security_definer,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute
FROM pg_proc p WHERE p.proname LIKE 'csat_alert%' OR p.proname LIKE 'csat_%_low_rating' ORDER BY 1;
-- undelivered alerts are dumped with the extension's data
SELECT c.relname, e.extcondition[d.n] AS condition
FROM pg_extension e, unnest(e.extconfig) WITH ORDINALITY AS d(cfg, n)
JOIN pg_class c ON c.oid = d.cfg WHERE e.extname = 'csat' ORDER BY 1;

-- in a schema of its own (other tests leave tables named like these)
CREATE SCHEMA alerts;
SET search_path = alerts, public;
CREATE TABLE tickets (id int PRIMARY KEY, agent text, csat satisfaction_rating(1,5));
CREATE TRIGGER tickets_low_csat AFTER INSERT OR UPDATE ON tickets
  FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id');

-- 1 and 2 alert; 3, 5 and NULL do not
INSERT INTO tickets VALUES (1, 'ann', '1/5'), (2, 'bob', '2/5'), (3, 'ann', '3/5'),
  (4, 'bob', NULL), (5, 'cy', '5/5');
SELECT alert_id, relation, column_name, key, rating, attempts, delivered_at IS NULL AS undelivered,
       payload FROM csat_alert ORDER BY alert_id;
-- the payload is the NOTIFY payload plus alert_id
SELECT payload - 'alert_id' = '{"table":"alerts.tickets","op":"INSERT","column":"csat","key":"1","rating":"1/5","value":1,"scale_lo":1,"scale_hi":5}'::jsonb AS same_as_notify
FROM csat_alert WHERE alert_id = 1;
-- an UPDATE alerts only when the rating changed to a low one
UPDATE tickets SET agent = 'zed' WHERE id = 1;          -- rating unchanged
UPDATE tickets SET csat = '1/5' WHERE id = 2;           -- 2 -> 1: alerts
UPDATE tickets SET csat = '1/5' WHERE id = 2;           -- 1 -> 1: nothing
UPDATE tickets SET csat = '2/5' WHERE id = 4;           -- NULL -> 2: alerts
UPDATE tickets SET csat = NULL WHERE id = 3;            -- to NULL: nothing
SELECT alert_id, key, rating, payload->>'op' AS op FROM csat_alert ORDER BY alert_id;
-- a rollback leaves no alert (the alert_id it drew is skipped)
BEGIN;
INSERT INTO tickets VALUES (6, 'dee', '1/5');
SELECT count(*) AS alerts_inside FROM csat_alert;
ROLLBACK;
SELECT count(*) AS alerts_after_rollback FROM csat_alert;
-- a savepoint rolled back takes its alert with it
BEGIN;
INSERT INTO tickets VALUES (7, 'eve', '1/5');
SAVEPOINT s;
INSERT INTO tickets VALUES (8, 'fay', '2/5');
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT alert_id, key FROM csat_alert ORDER BY alert_id;

-- claiming: oldest first, each alert to one consumer for the lease
SELECT alert_id, key, attempts FROM csat_alert_claim(2, '1 hour');
SELECT alert_id, key FROM csat_alert_claim();           -- the rest
SELECT count(*) AS nothing_left FROM csat_alert_claim();
-- a lease that ran out: handed out again (simulated by moving its end)
UPDATE csat_alert SET next_attempt_at = now() - interval '1 second' WHERE alert_id = 1;
SELECT alert_id FROM csat_alert_claim();
SELECT csat_alert_delivered(1) AS first_ack, csat_alert_delivered(1) AS second_ack,
       csat_alert_delivered(999) AS unknown;
-- a failure is retried with exponential backoff: 1 s, 2 s, 4 s ...; each
-- is reported by the holder of the claim, with its claim_token, and
-- releases the claim
CREATE FUNCTION token_of(id bigint) RETURNS uuid LANGUAGE sql
  AS 'SELECT claim_token FROM csat_alert WHERE alert_id = id';
CREATE FUNCTION backoff_of(id bigint) RETURNS TABLE (attempts int, last_error text, backoff_s numeric, released boolean)
  LANGUAGE sql AS $$SELECT attempts, last_error, ceil(extract(epoch FROM next_attempt_at - clock_timestamp())), claim_token IS NULL
  FROM csat_alert WHERE alert_id = id$$;
SELECT token_of(2) IS NOT NULL AS claimed_with_token;
SELECT csat_alert_failed(2, 'HTTP 500', token_of(2));
SELECT * FROM backoff_of(2);
UPDATE csat_alert SET next_attempt_at = clock_timestamp() WHERE alert_id = 2;   -- backoff over
SELECT alert_id FROM csat_alert_claim();
SELECT csat_alert_failed(2, 'timeout', token_of(2));
SELECT * FROM backoff_of(2);
UPDATE csat_alert SET next_attempt_at = clock_timestamp() WHERE alert_id = 2;
SELECT alert_id FROM csat_alert_claim();
SELECT csat_alert_failed(2, 'timeout', token_of(2));
SELECT * FROM backoff_of(2);
UPDATE csat_alert SET next_attempt_at = clock_timestamp() WHERE alert_id = 2;
SELECT alert_id FROM csat_alert_claim();
SELECT csat_alert_failed(2, 'HTTP 503', token_of(2), retry => false);
SELECT attempts, last_error, next_attempt_at AS given_up FROM csat_alert WHERE alert_id = 2;
UPDATE csat_alert SET next_attempt_at = now() WHERE alert_id IN (3, 4);
SELECT alert_id FROM csat_alert_claim();                -- 2 is not handed out again
-- a delivered alert stays delivered, even failed with a token it held
-- (the acknowledgements clear it; set here to reach the check behind)
UPDATE csat_alert SET claim_token = '00000000-0000-0000-0000-000000000001' WHERE alert_id = 1;
SELECT csat_alert_failed(1, 'late failure', '00000000-0000-0000-0000-000000000001'::uuid);
SELECT attempts, last_error, delivered_at IS NOT NULL AS delivered FROM csat_alert WHERE alert_id = 1;
UPDATE csat_alert SET claim_token = NULL WHERE alert_id = 1;
-- and it is never discarded
SELECT csat_alert_discard(ARRAY[1]) AS delivered_not_discarded;
SELECT count(*) AS still_there FROM csat_alert WHERE alert_id = 1;

-- A lease is a fence.  A consumer whose lease ran out cannot change an
-- alert another consumer claimed since: neither fail it (which would cut
-- the new holder's lease and hand it to a third) nor mark it delivered.
UPDATE csat_alert SET next_attempt_at = clock_timestamp() WHERE alert_id = 3;
CREATE TEMP TABLE first_claim AS SELECT alert_id, claim_token FROM csat_alert_claim(1, '1 minute');
SELECT alert_id FROM first_claim;
UPDATE csat_alert SET next_attempt_at = clock_timestamp() - interval '1 second' WHERE alert_id = 3;  -- lease ran out
CREATE TEMP TABLE second_claim AS SELECT alert_id, claim_token FROM csat_alert_claim(1, '1 hour');
SELECT s.alert_id, s.claim_token <> f.claim_token AS new_token FROM second_claim s, first_claim f;
SELECT attempts, next_attempt_at - clock_timestamp() > interval '59 minutes' AS held FROM csat_alert WHERE alert_id = 3 \gset stale_before_
SELECT csat_alert_failed(3, 'stale consumer', (SELECT claim_token FROM first_claim)) AS stale_failed,
       csat_alert_failed(3, 'stale consumer', (SELECT claim_token FROM first_claim), false) AS stale_gave_up,
       csat_alert_delivered(3, (SELECT claim_token FROM first_claim)) AS stale_delivered;
SELECT attempts = :stale_before_attempts AS attempts_unchanged, last_error IS NULL AS no_error,
       next_attempt_at - clock_timestamp() > interval '59 minutes' AS still_held,
       claim_token = (SELECT claim_token FROM second_claim) AS holder_unchanged, delivered_at IS NULL AS undelivered
FROM csat_alert WHERE alert_id = 3;
SELECT csat_alert_delivered(3, (SELECT claim_token FROM second_claim)) AS holder_delivered,
       csat_alert_delivered(3, (SELECT claim_token FROM second_claim)) AS holder_again;
-- the 0.3.0 forms, without a token, for 0.3.0 consumers: failed() acts
-- only on an alert under a running claim, delivered() always counts
UPDATE csat_alert SET next_attempt_at = clock_timestamp() WHERE alert_id = 4;
SELECT alert_id FROM csat_alert_claim(1);
SELECT csat_alert_failed(4, 'old consumer');
SELECT * FROM backoff_of(4);
SELECT csat_alert_failed(4, 'old consumer, claim released');   -- no claim: nothing
SELECT * FROM backoff_of(4);
-- leases run from the call, on the server's clock (not from the start of
-- the transaction), and are at most one day
UPDATE csat_alert SET next_attempt_at = clock_timestamp() WHERE alert_id = 4;
BEGIN;
SELECT pg_sleep(0.3);
SELECT alert_id, next_attempt_at - now() >= interval '60.3 seconds' AS lease_from_call,
       next_attempt_at - clock_timestamp() <= interval '60 seconds' AS not_longer
FROM csat_alert_claim(1, '1 minute');
COMMIT;
SELECT try($$SELECT count(*) FROM csat_alert_claim(10, '1 day 1 second')$$);
SELECT try($$SELECT count(*) FROM csat_alert_claim(10, '1 mon')$$);
SELECT try($$SELECT count(*) FROM csat_alert_claim(10, '1000 years')$$);
SELECT try($$SELECT count(*) FROM csat_alert_claim(10, '1 day')$$) AS one_day,
       try($$SELECT count(*) FROM csat_alert_claim(10, '24 hours')$$) AS hours_24;

-- Idempotency keys name the database's identity and the alert_id, so
-- two databases behind one receiver never send the same key
SELECT csat_database_id() IS NOT NULL AS has_identity,
       (SELECT count(*) FROM csat_database) AS identity_rows;
SELECT count(*) AS alerts, count(*) FILTER (WHERE idempotency_key = 'csat-alert-' || csat_database_id() || '-' || alert_id) AS keyed
FROM csat_alert;
-- a restore copies the dumped identity in: it replaces the one there
SELECT csat_database_id() AS identity_before \gset
INSERT INTO csat_database (database_id) VALUES ('6f1c2e1a-0000-4000-8000-000000000001');
SELECT database_id, (SELECT count(*) FROM csat_database) AS identity_rows FROM csat_database;
INSERT INTO tickets VALUES (9, 'gil', '1/5');
SELECT idempotency_key FROM csat_alert WHERE key = '9';
UPDATE csat_database SET database_id = :'identity_before';
SELECT csat_database_id() = :'identity_before' AS identity_back;
SELECT idempotency_key = 'csat-alert-6f1c2e1a-0000-4000-8000-000000000001-' || alert_id AS key_never_changes
FROM csat_alert WHERE key = '9';
SELECT try($$SELECT csat_database_replace()$$);

-- bad arguments
SELECT try($$SELECT count(*) FROM csat_alert_claim(0)$$);
SELECT try($$SELECT count(*) FROM csat_alert_claim(10, '-1 second')$$);
SELECT count(*) AS strict_null FROM csat_alert_claim(NULL);
-- purge deletes only delivered alerts older than the interval
SELECT csat_alert_purge('1 hour') AS purged_recent;
UPDATE csat_alert SET delivered_at = now() - interval '2 hours' WHERE alert_id = 1;
SELECT csat_alert_purge('1 hour') AS purged_old;
SELECT alert_id, delivered_at IS NULL AS undelivered FROM csat_alert ORDER BY alert_id;
-- claiming reads the partial index of undelivered alerts, however many
-- delivered alerts remain
INSERT INTO csat_alert (relation, column_name, key, rating, payload, delivered_at, idempotency_key)
SELECT 'public.history', 'csat', i::text, '1/5', '{}', now(), 'history-' || i FROM generate_series(1, 20000) i;
ANALYZE csat_alert;
CREATE FUNCTION plan_of(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE l text;
BEGIN
  FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP RETURN NEXT l; END LOOP;
END $$;
SELECT bool_or(p LIKE '%Index%csat_alert_undelivered%') AS claims_by_partial_index
FROM plan_of($$SELECT d.alert_id FROM csat_alert d
  WHERE d.delivered_at IS NULL AND d.next_attempt_at < 'infinity'::timestamptz
    AND d.next_attempt_at <= clock_timestamp()
  ORDER BY d.alert_id LIMIT 100 FOR UPDATE SKIP LOCKED$$) p;
SELECT csat_alert_purge('0 seconds') >= 20000 AS purged_history;

-- Given-up alerts (retry => false, or --max-attempts) are out of the
-- claim path: 20,000 of them are not even read by a claim
INSERT INTO csat_alert (relation, column_name, key, rating, payload, next_attempt_at, idempotency_key,
                        attempts, last_error, created_at)
SELECT 'public.given_up', 'csat', i::text, '1/5', '{}', 'infinity', 'given-up-' || i, 10, 'HTTP 410',
       now() - interval '40 days' FROM generate_series(1, 20000) i;
INSERT INTO tickets VALUES (30, 'hal', '1/5');
ANALYZE csat_alert;
CREATE FUNCTION analyzed(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE l text;
BEGIN
  FOR l IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP RETURN NEXT l; END LOOP;
END $$;
SELECT bool_or(p LIKE '%Index%csat_alert_undelivered%') AS claims_by_partial_index,
       coalesce(max(substring(p FROM 'Rows Removed by Filter: ([0-9]+)')::int), 0) AS rows_read_and_dropped
FROM analyzed($$SELECT d.alert_id FROM csat_alert d
  WHERE d.delivered_at IS NULL AND d.next_attempt_at < 'infinity'::timestamptz
    AND d.next_attempt_at <= clock_timestamp()
  ORDER BY d.alert_id LIMIT 100 FOR UPDATE SKIP LOCKED$$) p;
SELECT key FROM csat_alert_claim();                       -- the due one, none given up
-- the owner's tools: requeue some or all, discard, purge old given-up ones
SELECT min(alert_id) AS g1, min(alert_id) + 1 AS g2, min(alert_id) + 2 AS g3
FROM csat_alert WHERE relation = 'public.given_up' \gset
SELECT csat_alert_requeue(ARRAY[:g1, :g2, 999999]) AS requeued_two;
SELECT key, attempts, last_error, next_attempt_at <= clock_timestamp() AS due
FROM csat_alert WHERE alert_id IN (:g1, :g2) ORDER BY alert_id;
SELECT alert_id = :g1 AS first_requeued FROM csat_alert_claim(1);
SELECT csat_alert_requeue(ARRAY[:g1]) AS claimed_is_not_given_up;
SELECT csat_alert_discard(ARRAY[:g2, :g3, 999999]) AS discarded_two;
SELECT csat_alert_purge('30 days') AS purge_leaves_given_up,
       csat_alert_purge('50 days', include_given_up => true) AS younger_kept,
       csat_alert_purge('30 days', include_given_up => true) AS purged_given_up;
UPDATE csat_alert SET next_attempt_at = 'infinity' WHERE alert_id = :g1;
SELECT csat_alert_requeue() AS requeued_all;
SELECT count(*) FILTER (WHERE next_attempt_at = 'infinity') AS given_up_left,
       count(*) FILTER (WHERE relation = 'public.given_up') AS given_up_rows
FROM csat_alert WHERE delivered_at IS NULL;
SELECT csat_alert_discard(array_agg(alert_id)) AS discarded FROM csat_alert WHERE relation = 'public.given_up';

-- the threshold lies on the column's scale (its type modifier), for both
-- triggers: '6' on a 1..5 column would alert on every answer, '0' never
CREATE DOMAIN csat5 AS satisfaction_rating(1,5);
CREATE TABLE th (id int, r5 satisfaction_rating(1,5), r010 satisfaction_rating(0,10),
                 rany satisfaction_rating, rdom csat5);
CREATE FUNCTION try_trigger(fn text, args text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE result text;
BEGIN
  EXECUTE format('CREATE TRIGGER t AFTER INSERT ON th FOR EACH ROW EXECUTE FUNCTION %s(%s)', fn, args);
  result := try('INSERT INTO th VALUES (1, ''1/5'', ''0/0-10'', ''1/5'', ''1/5'') RETURNING ''ok''');
  EXECUTE 'DROP TRIGGER t ON th';
  RETURN result;
END $$;
SELECT fn, args, try_trigger(fn, args) FROM (VALUES
  ('csat_enqueue_low_rating', $$'r5', '6'$$),
  ('csat_enqueue_low_rating', $$'r5', '0'$$),
  ('csat_enqueue_low_rating', $$'r5', '1'$$),
  ('csat_enqueue_low_rating', $$'r5', '5'$$),
  ('csat_enqueue_low_rating', $$'r010', '0'$$),
  ('csat_enqueue_low_rating', $$'r010', '11'$$),
  ('csat_enqueue_low_rating', $$'rany', '10'$$),
  ('csat_enqueue_low_rating', $$'rany', '11'$$),
  ('csat_enqueue_low_rating', $$'rdom', '6'$$),
  ('csat_enqueue_low_rating', $$'rdom', 'two'$$),
  ('csat_enqueue_low_rating', $$'r5'$$),
  ('csat_enqueue_low_rating', $$'nope', '2'$$),
  ('csat_enqueue_low_rating', $$'id', '2'$$),
  ('csat_enqueue_low_rating', $$'r5', '2', 'nope'$$),
  ('csat_enqueue_low_rating', $$'r5', '2', 'id', ''$$),
  ('csat_notify_low_rating', $$'r5', 'c', '6'$$),
  ('csat_notify_low_rating', $$'r5', 'c', '0'$$),
  ('csat_notify_low_rating', $$'rdom', 'c', '6'$$),
  ('csat_notify_low_rating', $$'r010', 'c', '0'$$),
  ('csat_notify_low_rating', $$'rany', 'c', '11'$$)
) AS c(fn, args);
CREATE TRIGGER t BEFORE INSERT ON th FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('r5', '2');
SELECT try($$INSERT INTO th VALUES (1, '1/5') RETURNING 'ok'$$);
DROP TRIGGER t ON th;
SELECT try($$SELECT csat_enqueue_low_rating()$$);
-- key columns of every kind; NULL keys
CREATE TABLE keyed (k jsonb, r satisfaction_rating);
CREATE TRIGGER keyed_low AFTER INSERT ON keyed FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('r', '3');
INSERT INTO keyed VALUES ('{"a": "x\"y"}', '0/0-10'), (NULL, '2/3');
SELECT relation, key, rating, payload->'key' AS payload_key, payload->>'rating' AS payload_rating
FROM csat_alert WHERE relation = 'alerts.keyed' ORDER BY alert_id;

-- Partitioned tables: an UPDATE that moves a row to another partition
-- reaches the destination's triggers as an INSERT.  Moving an answer
-- queues nothing; a moved row whose rating became low queues exactly one
-- alert (reported as an UPDATE of the partitioned table).
CREATE TABLE answers (ticket_id int, region text, csat satisfaction_rating(1,5))
  PARTITION BY LIST (region);
CREATE TABLE answers_eu PARTITION OF answers FOR VALUES IN ('eu');
CREATE TABLE answers_us PARTITION OF answers FOR VALUES IN ('us');
CREATE TABLE answers_ap PARTITION OF answers FOR VALUES IN ('ap');
CREATE TRIGGER answers_low AFTER INSERT OR UPDATE OF csat ON answers
  FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'ticket_id');
SELECT coalesce(max(alert_id), 0) AS before_partitions FROM csat_alert \gset
INSERT INTO answers VALUES (1, 'eu', '1/5'), (2, 'eu', '4/5'), (3, 'eu', '5/5'), (4, 'eu', NULL), (5, 'us', '2/5');
UPDATE answers SET region = 'us' WHERE ticket_id = 1;                    -- moved, still 1: nothing
UPDATE answers SET region = 'ap', csat = '1/5' WHERE ticket_id = 2;      -- moved, 4 -> 1: one alert
UPDATE answers SET region = 'us', csat = '5/5' WHERE ticket_id = 3;      -- moved, stays high: nothing
UPDATE answers SET region = 'us', csat = '2/5' WHERE ticket_id = 4;      -- moved, NULL -> 2: one alert
UPDATE answers SET csat = '1/5' WHERE ticket_id = 5;                     -- in place, 2 -> 1: one alert
-- one statement moving several rows, some alerting, some not
INSERT INTO answers SELECT 10 + i, 'eu', rating(1 + (i * 7) % 5, 1, 5) FROM generate_series(0, 9) i;
UPDATE answers SET region = 'ap', csat = CASE WHEN ticket_id % 2 = 0 THEN csat ELSE '1/5' END
WHERE ticket_id >= 10;
-- moved twice in one transaction
BEGIN;
UPDATE answers SET region = 'eu' WHERE ticket_id = 1;
UPDATE answers SET region = 'ap' WHERE ticket_id = 1;
COMMIT;
SELECT key, rating, payload->>'op' AS op, payload->>'table' AS "table"
FROM csat_alert WHERE alert_id > :before_partitions ORDER BY alert_id;
-- per ticket: every answer that became low has exactly one alert
SELECT a.ticket_id, a.region, a.csat, count(q.alert_id) AS alerts
FROM answers a LEFT JOIN csat_alert q
  ON q.relation = 'alerts.answers' AND q.key = a.ticket_id::text AND q.alert_id > :before_partitions
GROUP BY 1, 2, 3 ORDER BY 1;
-- A trigger declared AFTER UPDATE OF csat only: PostgreSQL fires no UPDATE
-- trigger for a moved row (it fires DELETE and INSERT ones), so a move
-- cannot be seen; declare AFTER INSERT OR UPDATE (see the README).
CREATE TABLE answers2 (ticket_id int, region text, csat satisfaction_rating(1,5))
  PARTITION BY LIST (region);
CREATE TABLE answers2_eu PARTITION OF answers2 FOR VALUES IN ('eu');
CREATE TABLE answers2_us PARTITION OF answers2 FOR VALUES IN ('us');
CREATE TRIGGER answers2_low AFTER UPDATE OF csat ON answers2
  FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'ticket_id');
INSERT INTO answers2 VALUES (1, 'eu', '4/5');
UPDATE answers2 SET csat = '1/5' WHERE ticket_id = 1;                     -- in place: one alert
UPDATE answers2 SET region = 'us', csat = '2/5' WHERE ticket_id = 1;      -- moved: no event fires
SELECT key, rating FROM csat_alert WHERE relation = 'alerts.answers2' ORDER BY alert_id;

-- Moves are read from the old row's header, in C: a move marks the old
-- version, and its update xid is this transaction's.  A lock is never a
-- move: rows locked earlier in the transaction (FOR UPDATE, FOR SHARE, an
-- FK check's KEY SHARE) and then moved inside a savepoint have a MultiXact
-- xmax, and give no second alert; a new answer whose key another partition
-- holds (even locked by this transaction) is a new answer and alerts.
CREATE TABLE moves (ticket_id int, region text, agent text, csat satisfaction_rating(1,5))
  PARTITION BY LIST (region);
CREATE TABLE moves_eu PARTITION OF moves FOR VALUES IN ('eu');
CREATE TABLE moves_us PARTITION OF moves FOR VALUES IN ('us');
-- a partition whose columns are in another order
CREATE TABLE moves_ap (agent text, csat satisfaction_rating(1,5), region text, ticket_id int);
ALTER TABLE moves ATTACH PARTITION moves_ap FOR VALUES IN ('ap');
ALTER TABLE moves ADD PRIMARY KEY (ticket_id, region, agent);
CREATE TABLE notes (ticket_id int, region text, agent text, FOREIGN KEY (ticket_id, region, agent) REFERENCES moves);
CREATE TRIGGER moves_low AFTER INSERT OR UPDATE ON moves
  FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'ticket_id');
INSERT INTO moves VALUES (1, 'eu', 'ann', '1/5'), (2, 'eu', 'bob', '1/5'), (3, 'eu', 'cy', '2/5'),
  (4, 'eu', 'dee', '1/5');                                               -- 4 alerts
BEGIN;                                                                   -- FOR UPDATE, savepoint, move
SELECT ticket_id FROM moves WHERE ticket_id = 1 FOR UPDATE;
SAVEPOINT s;
UPDATE moves SET region = 'us' WHERE ticket_id = 1;                      -- nothing
RELEASE SAVEPOINT s;
COMMIT;
BEGIN;                                                                   -- an FK check's lock, savepoint, move
INSERT INTO notes VALUES (2, 'eu', 'bob');
DELETE FROM notes;
SAVEPOINT s;
UPDATE moves SET region = 'ap' WHERE ticket_id = 2;                      -- nothing
COMMIT;
BEGIN;                                                                   -- locked, then moved to another low rating
SELECT ticket_id FROM moves WHERE ticket_id = 3 FOR SHARE;
SAVEPOINT s;
UPDATE moves SET region = 'us', csat = '1/5' WHERE ticket_id = 3;        -- one alert, an UPDATE
COMMIT;
BEGIN;                                                                   -- a new answer with a key eu holds
SELECT ticket_id FROM moves WHERE ticket_id = 4 FOR UPDATE;
INSERT INTO moves VALUES (4, 'us', 'dee', '1/5');                        -- one alert
COMMIT;
INSERT INTO moves VALUES (4, 'ap', 'dee', '1/5');                        -- one alert
-- a key that is not unique: one statement moves two rows with ticket 5;
-- the answer that became low alerts once, the one that rose does not
INSERT INTO moves VALUES (5, 'eu', 'eve', '1/5'), (5, 'us', 'fay', '4/5');  -- one alert (eve)
UPDATE moves SET region = 'ap', csat = CASE agent WHEN 'eve' THEN '5/5' ELSE '1/5' END::satisfaction_rating
WHERE ticket_id = 5;                                                     -- one alert (fay)
UPDATE moves SET region = 'eu' WHERE ticket_id = 5;                      -- both moved: nothing
SELECT key, rating, payload->>'op' AS op FROM csat_alert WHERE relation = 'alerts.moves' ORDER BY alert_id;
SELECT m.ticket_id, m.region, m.agent, m.csat FROM moves m ORDER BY 1, 2, 3;
-- the statement that finds a moved row's previous version is prepared once
-- per session and trigger (DEBUG1 says when), not once per row or statement
CREATE TABLE moves_once (ticket_id int, region text, csat satisfaction_rating(1,5))
  PARTITION BY LIST (region);
CREATE TABLE moves_once_eu PARTITION OF moves_once FOR VALUES IN ('eu');
CREATE TABLE moves_once_us PARTITION OF moves_once FOR VALUES IN ('us');
CREATE TRIGGER moves_once_low AFTER INSERT OR UPDATE ON moves_once
  FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'ticket_id');
SET client_min_messages = debug1;
INSERT INTO moves_once VALUES (1, 'eu', '1/5'), (2, 'eu', '1/5'), (3, 'us', '1/5');  -- prepared: 3 alerts
UPDATE moves_once SET region = 'us' WHERE ticket_id = 1;                 -- nothing, not prepared again
UPDATE moves_once SET region = 'us' WHERE ticket_id = 2;                 -- nothing, not prepared again
INSERT INTO moves_once VALUES (4, 'eu', '1/5');                          -- one alert, not prepared again
RESET client_min_messages;
SELECT key, payload->>'op' AS op FROM csat_alert WHERE relation = 'alerts.moves_once' ORDER BY alert_id;

-- Integer rating columns (help desks that store rating integer): the
-- threshold carries the scale ('2/5'), the alert's rating is on it, and a
-- value off that scale never fails the application's write: no alert, a
-- WARNING naming it.  No schema change.
CREATE TABLE desk (id bigint, rating integer, small smallint, big bigint);
CREATE TRIGGER desk_low AFTER INSERT OR UPDATE ON desk
  FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('rating', '2/5', 'id');
CREATE TRIGGER desk_small AFTER INSERT OR UPDATE ON desk
  FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('small', '6/0-10', 'id');
CREATE TRIGGER desk_big AFTER INSERT OR UPDATE ON desk
  FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('big', '1/3', 'id');
INSERT INTO desk VALUES (1, 1, 6, 1), (2, 2, 7, 2), (3, 3, 0, 3), (4, NULL, NULL, NULL);  -- 1,2 | 6,0 | 1
INSERT INTO desk VALUES (5, 0, -1, 4), (6, 6, 11, 9000000000);   -- all off their scales: warnings, no alert
UPDATE desk SET rating = 2 WHERE id = 3;           -- 3 -> 2: alerts
UPDATE desk SET small = 6 WHERE id = 3;            -- 0 -> 6: alerts
UPDATE desk SET big = 1 WHERE id = 1;              -- unchanged: nothing
UPDATE desk SET rating = 7 WHERE id = 1;           -- off the scale: warning, written
SELECT id, rating, small, big FROM desk ORDER BY id;
SELECT column_name, key, rating, payload->>'rating' AS payload_rating, payload->'value' AS value,
       payload->>'op' AS op
FROM csat_alert WHERE relation = 'alerts.desk' ORDER BY alert_id;
-- the threshold must carry the scale, a valid one
CREATE FUNCTION try_desk(args text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE result text;
BEGIN
  EXECUTE format('CREATE TRIGGER t AFTER INSERT ON desk FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating(%s)', args);
  result := try('INSERT INTO desk VALUES (9, 1, 1, 1) RETURNING ''ok''');
  EXECUTE 'DROP TRIGGER t ON desk';
  RETURN result;
END $$;
SELECT args, try_desk(args) FROM (VALUES ($$'rating', '2'$$), ($$'rating', '6/5'$$), ($$'rating', '2/11'$$),
  ($$'rating', 'two/5'$$), ($$'id', '2/5'$$)) AS c(args);
DELETE FROM csat_alert WHERE relation = 'alerts.desk' AND key = '9';
-- partitioned, integer: a move is recognised too
CREATE TABLE desk_p (id int, region text, rating int) PARTITION BY LIST (region);
CREATE TABLE desk_p_eu PARTITION OF desk_p FOR VALUES IN ('eu');
CREATE TABLE desk_p_us PARTITION OF desk_p FOR VALUES IN ('us');
CREATE TRIGGER desk_p_low AFTER INSERT OR UPDATE ON desk_p
  FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('rating', '2/5', 'id');
INSERT INTO desk_p VALUES (1, 'eu', 1), (2, 'eu', 4);                     -- one alert
UPDATE desk_p SET region = 'us' WHERE id = 1;                             -- moved: nothing
UPDATE desk_p SET region = 'us', rating = 2 WHERE id = 2;                 -- moved, 4 -> 2: one alert
SELECT key, rating, payload->>'op' AS op FROM csat_alert WHERE relation = 'alerts.desk_p' ORDER BY alert_id;

-- Privileges.  The queue belongs to the extension's owner; a writer needs
-- no privilege on it; a forwarder needs EXECUTE on the consumer functions
-- only; anyone else can neither read nor claim.
CREATE ROLE regress_alert_app;
CREATE ROLE regress_alertd;
CREATE ROLE regress_alert_other;
GRANT USAGE ON SCHEMA alerts TO regress_alert_app, regress_alertd, regress_alert_other;
GRANT SELECT, INSERT, UPDATE ON tickets, answers TO regress_alert_app;
-- the forwarder's grants as the README lists them
GRANT EXECUTE ON FUNCTION csat_alert_claim(integer, interval),
  csat_alert_delivered(bigint, uuid), csat_alert_failed(bigint, text, uuid),
  csat_alert_failed(bigint, text, uuid, boolean) TO regress_alertd;
SET ROLE regress_alert_app;
INSERT INTO tickets VALUES (20, 'gus', '1/5');
UPDATE answers SET region = 'eu', csat = '2/5' WHERE ticket_id = 3;
SELECT try($$SELECT count(*) FROM csat_alert$$);
SELECT try($$SELECT count(*) FROM csat_alert_claim()$$);
SELECT try($$INSERT INTO csat_alert (relation, column_name, rating, payload) VALUES ('x', 'y', '1/5', '{}')$$);
RESET ROLE;
SET ROLE regress_alert_other;
SELECT try($$SELECT count(*) FROM csat_alert_claim()$$);
SELECT try($$SELECT csat_alert_delivered(1)::text$$);
SELECT try($$SELECT csat_alert_purge('0 s')::text$$);
RESET ROLE;
SET ROLE regress_alertd;
SELECT try($$SELECT count(*) FROM csat_alert$$);
CREATE TEMP TABLE claimed AS SELECT * FROM csat_alert_claim(100, '5 minutes');
SELECT relation, key, rating FROM claimed ORDER BY alert_id;
SELECT count(*) FILTER (WHERE csat_alert_delivered(alert_id, claim_token)) AS acked FROM claimed;
SELECT try($$SELECT csat_alert_purge('0 s')::text$$);
RESET ROLE;
SELECT count(*) AS undelivered FROM csat_alert WHERE delivered_at IS NULL;
-- attaching the queue trigger takes EXECUTE, which PUBLIC does not have
CREATE TABLE app_owned (id int, r satisfaction_rating);
ALTER TABLE app_owned OWNER TO regress_alert_app;
SET ROLE regress_alert_app;
SELECT try($$CREATE TRIGGER t AFTER INSERT ON app_owned FOR EACH ROW EXECUTE FUNCTION csat_enqueue_low_rating('r', '2')$$);
RESET ROLE;
DROP TABLE app_owned, claimed;
REVOKE ALL ON tickets, answers FROM regress_alert_app;
REVOKE ALL ON SCHEMA alerts FROM regress_alert_app, regress_alertd, regress_alert_other;
REVOKE ALL ON FUNCTION csat_alert_claim(integer, interval),
  csat_alert_delivered(bigint, uuid), csat_alert_failed(bigint, text, uuid),
  csat_alert_failed(bigint, text, uuid, boolean) FROM regress_alertd;
DROP ROLE regress_alert_app, regress_alertd, regress_alert_other;

SET client_min_messages = warning;
DROP SCHEMA alerts CASCADE;
RESET client_min_messages;
RESET search_path;
DELETE FROM csat_alert;
