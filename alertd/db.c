/*-------------------------------------------------------------------------
 *
 * db.c
 *	  csat-alertd: the database side.  Claims alerts with
 *	  csat_alert_claim(), acknowledges them with csat_alert_delivered() and
 *	  csat_alert_failed(), in the csat extension's schema (looked up once
 *	  per connection, so that the schema need not be on the search_path).
 *
 *	  Nothing here waits without a bound.  Connections are made with
 *	  libpq's non-blocking calls under a deadline of --timeout (libpq's own
 *	  connect_timeout counts whole seconds, per host), with TCP keepalives;
 *	  each query is sent asynchronously and waited for until --timeout, and
 *	  the session's statement_timeout (a little shorter) makes the server
 *	  give up first where it can (a lock wait), keeping the connection.  A
 *	  database that does not answer in time is disconnected and retried
 *	  with backoff, so it delays the other --dsn by at most --timeout.
 *	  Waits for a connection or a claim end at once on SIGTERM; an
 *	  acknowledgement is given until --timeout + 0.3 s after the signal.
 *
 *	  A csat 0.4.0 queue hands out a claim_token with each alert (the
 *	  claim's fence) and an idempotency_key; acknowledgements then pass the
 *	  token, and one that comes back false (the lease ran out and another
 *	  consumer holds the alert now) is logged and dropped.  A 0.3.0 queue
 *	  (no such columns in the claim's result) gets the 0.3.0 calls and the
 *	  key csat-alert-<alert_id>.
 *
 *	  Delivered alerts are acknowledged in one statement per batch.  Acks
 *	  that could not be sent (the server went away) are kept and sent
 *	  first after reconnecting, so a restart of PostgreSQL does not make
 *	  this forwarder deliver an alert twice.
 *
 *-------------------------------------------------------------------------
 */
#include "alertd.h"

#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
db_disconnect(Conn *c)
{
	if (c->pg != NULL)
		PQfinish(c->pg);		/* non-blocking: never waits for the server */
	c->pg = NULL;
	free(c->schema);
	c->schema = NULL;
}

/* the next connection attempt, after exponential backoff (up to 30 s) */
static void
schedule_retry(Conn *c)
{
	c->backoff = c->backoff <= 0 ? 0.5 : c->backoff * 2;
	if (c->backoff > 30)
		c->backoff = 30;
	c->retry_at = now_seconds() + c->backoff;
}

/* after an error: is the connection gone?  If so, drop it */
static void
check_broken(Conn *c)
{
	if (c->pg != NULL && PQstatus(c->pg) != CONNECTION_OK)
	{
		logmsg("database %d: connection lost; reconnecting", c->index);
		db_disconnect(c);
		c->retry_at = now_seconds();
		c->backoff = 0;
	}
}

/* a libpq message without its trailing newline */
static int
msglen(const char *msg)
{
	size_t		len = strlen(msg);

	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		len--;
	return (int) len;
}

/*
 * Run one statement and return its result, or NULL when the server did not
 * answer by the deadline or a stop signal interrupted an interruptible
 * query: then the connection is dropped (its state is unknown) and retried
 * later with backoff.  `what` names the statement in the log.
 */
static PGresult *
db_query(Conn *c, const Options *o, const char *sql, int nparams,
		 const char *const *params, bool interruptible, const char *what)
{
	double		deadline = op_deadline(o);
	PGresult   *last = NULL;
	PGresult   *r;
	WaitResult	w = WAIT_READY;

	if (c->pg == NULL)
		return NULL;
	if (!PQsendQueryParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0))
	{
		logmsg("database %d: %s failed: %.*s", c->index, what,
			   msglen(PQerrorMessage(c->pg)), PQerrorMessage(c->pg));
		check_broken(c);
		return NULL;
	}
	/* the connection is non-blocking: flush what libpq could not send */
	for (;;)
	{
		int			f = PQflush(c->pg);

		if (f == 0)
			break;
		if (f < 0)
			goto broken;
		w = wait_fd(PQsocket(c->pg), POLLOUT | POLLIN, deadline, interruptible);
		if (w != WAIT_READY)
			goto gave_up;
		if (!PQconsumeInput(c->pg))
			goto broken;
	}
	for (;;)
	{
		while (PQisBusy(c->pg))
		{
			w = wait_fd(PQsocket(c->pg), POLLIN, deadline, interruptible);
			if (w != WAIT_READY)
				goto gave_up;
			if (!PQconsumeInput(c->pg))
				goto broken;
		}
		r = PQgetResult(c->pg);
		if (r == NULL)
			break;
		PQclear(last);
		last = r;
	}
	if (last == NULL)
		goto broken;
	return last;

gave_up:
	PQclear(last);
	if (w == WAIT_TIMEOUT)
		logmsg("database %d: no answer to the %s within %g s; disconnected, will reconnect",
			   c->index, what, o->timeout);
	db_disconnect(c);
	schedule_retry(c);
	return NULL;

broken:
	PQclear(last);
	logmsg("database %d: connection lost during the %s (%.*s); reconnecting", c->index, what,
		   msglen(PQerrorMessage(c->pg)), PQerrorMessage(c->pg));
	db_disconnect(c);
	c->retry_at = now_seconds();
	c->backoff = 0;
	return NULL;
}

/*
 * Connect within --timeout (interrupted by a stop signal), with keepalives;
 * set the session's statement_timeout, find the extension's schema, LISTEN
 * when asked.  On failure the next attempt is scheduled with exponential
 * backoff (up to 30 s).
 */
bool
db_connect(Conn *c, const Options *o)
{
	char		connect_timeout[16];
	char		ka_idle[16];
	char		ka_interval[16];
	char		user_timeout[16];
	char		stmt_timeout[32];
	int			secs = (int) ceil(o->timeout);

	/*
	 * Ours first, the --dsn after them (expanded): it may tune them.  Our
	 * own deadline bounds the connection whatever connect_timeout says.
	 */
	const char *keys[] = {"connect_timeout", "keepalives", "keepalives_idle",
		"keepalives_interval", "keepalives_count", "tcp_user_timeout",
	"fallback_application_name", "dbname", NULL};
	const char *vals[] = {connect_timeout, "1", ka_idle, ka_interval, "3",
	user_timeout, ALERTD_NAME, c->dsn, NULL};
	const char *params[1] = {stmt_timeout};
	double		deadline = now_seconds() + o->timeout;
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	PGresult   *res;
	WaitResult	w;

	snprintf(connect_timeout, sizeof(connect_timeout), "%d", secs < 2 ? 2 : secs);
	snprintf(ka_idle, sizeof(ka_idle), "%d", secs);
	snprintf(ka_interval, sizeof(ka_interval), "%d", secs / 3 > 0 ? secs / 3 : 1);
	snprintf(user_timeout, sizeof(user_timeout), "%ld", (long) ceil(o->timeout * 1000));
	/* the server gives up a little before we do, keeping the connection */
	snprintf(stmt_timeout, sizeof(stmt_timeout), "%ld",
			 (long) (o->timeout * 900) > 0 ? (long) (o->timeout * 900) : 1L);

	c->pg = PQconnectStartParams(keys, vals, 1);
	if (c->pg == NULL)
	{
		logmsg("database %d: cannot connect: out of memory", c->index);
		goto fail;
	}
	if (PQstatus(c->pg) == CONNECTION_BAD)
		goto refused;
	while (st != PGRES_POLLING_OK)
	{
		if (st == PGRES_POLLING_FAILED)
			goto refused;
		w = wait_fd(PQsocket(c->pg), st == PGRES_POLLING_READING ? POLLIN : POLLOUT,
					deadline, true);
		if (w == WAIT_STOPPED)
			goto fail;
		if (w == WAIT_TIMEOUT)
		{
			if (!c->down_logged)
				logmsg("database %d: cannot connect: no answer within %g s", c->index, o->timeout);
			c->down_logged = true;
			goto fail;
		}
		st = PQconnectPoll(c->pg);
	}
	if (PQsetnonblocking(c->pg, 1) != 0)
		goto refused;

	res = db_query(c, o,
				   "SELECT pg_catalog.set_config('statement_timeout', $1, false),"
				   " (SELECT pg_catalog.quote_ident(n.nspname)"
				   "  FROM pg_catalog.pg_extension e"
				   "  JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
				   "  WHERE e.extname = 'csat')",
				   1, params, true, "session setup");
	if (res == NULL)
		goto fail;
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQgetisnull(res, 0, 1))
	{
		if (!c->down_logged)
			logmsg("database %d: the csat extension is not installed%s%.*s",
				   c->index,
				   PQresultStatus(res) == PGRES_TUPLES_OK ? "" : ": ",
				   PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : msglen(PQerrorMessage(c->pg)),
				   PQerrorMessage(c->pg));
		c->down_logged = true;
		PQclear(res);
		goto fail;
	}
	c->schema = xstrdup(PQgetvalue(res, 0, 1));
	PQclear(res);

	if (o->channel != NULL)
	{
		char	   *ident = PQescapeIdentifier(c->pg, o->channel, strlen(o->channel));
		Buf			listen = {0};

		if (ident == NULL)
			goto fail;
		buf_puts(&listen, "LISTEN ");
		buf_puts(&listen, ident);
		PQfreemem(ident);
		res = db_query(c, o, listen.data, 0, NULL, true, "LISTEN");
		free(listen.data);
		if (res == NULL)
			goto fail;
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
		{
			logmsg("database %d: LISTEN failed: %.*s", c->index,
				   msglen(PQerrorMessage(c->pg)), PQerrorMessage(c->pg));
			PQclear(res);
			goto fail;
		}
		PQclear(res);
	}

	logmsg("database %d: connected", c->index);
	c->down_logged = false;
	c->backoff = 0;
	return true;

refused:
	if (!c->down_logged)
		logmsg("database %d: cannot connect: %.*s", c->index,
			   msglen(PQerrorMessage(c->pg)), PQerrorMessage(c->pg));
	c->down_logged = true;
fail:
	db_disconnect(c);
	schedule_retry(c);
	return false;
}

static char *
dup_or_null(PGresult *res, int row, int col)
{
	return col < 0 || PQgetisnull(res, row, col) ? NULL : xstrdup(PQgetvalue(res, row, col));
}

/* claim up to --batch alerts; returns how many, -1 on error */
int
db_claim(Conn *c, const Options *o, Alert **alerts)
{
	char		batch[32];
	char		lease[32];
	const char *params[2] = {batch, lease};
	PGresult   *res;
	Buf			sql = {0};
	int			n;
	int			f_id,
				f_attempts,
				f_payload,
				f_relation,
				f_column,
				f_key,
				f_rating,
				f_idem,
				f_token;

	*alerts = NULL;
	snprintf(batch, sizeof(batch), "%d", o->batch);
	snprintf(lease, sizeof(lease), "%.3f seconds", o->lease);
	buf_puts(&sql, "SELECT * FROM ");
	buf_puts(&sql, c->schema);
	buf_puts(&sql, ".csat_alert_claim($1::integer, $2::interval)");
	res = db_query(c, o, sql.data, 2, params, true, "claim");
	free(sql.data);
	if (res == NULL)
		return -1;
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		logmsg("database %d: claim failed: %.*s", c->index,
			   msglen(PQerrorMessage(c->pg)), PQerrorMessage(c->pg));
		PQclear(res);
		check_broken(c);
		return -1;
	}
	f_id = PQfnumber(res, "alert_id");
	f_attempts = PQfnumber(res, "attempts");
	f_payload = PQfnumber(res, "payload");
	f_relation = PQfnumber(res, "relation");
	f_column = PQfnumber(res, "column_name");
	f_key = PQfnumber(res, "key");
	f_rating = PQfnumber(res, "rating");
	/* csat 0.4.0: the stored key and the claim's fence */
	f_idem = PQfnumber(res, "idempotency_key");
	f_token = PQfnumber(res, "claim_token");
	c->fenced = f_token >= 0;
	n = PQntuples(res);
	if (f_id < 0 || f_attempts < 0 || f_payload < 0 || f_relation < 0 ||
		f_column < 0 || f_key < 0 || f_rating < 0)
	{
		logmsg("database %d: csat_alert_claim() returned unexpected columns", c->index);
		PQclear(res);
		return -1;
	}
	if (n > 0)
	{
		*alerts = xmalloc(sizeof(Alert) * n);
		for (int i = 0; i < n; i++)
		{
			Alert	   *a = &(*alerts)[i];

			a->alert_id = strtoll(PQgetvalue(res, i, f_id), NULL, 10);
			a->attempts = atoi(PQgetvalue(res, i, f_attempts));
			a->payload = xstrdup(PQgetvalue(res, i, f_payload));
			a->relation = xstrdup(PQgetvalue(res, i, f_relation));
			a->column_name = xstrdup(PQgetvalue(res, i, f_column));
			a->key = dup_or_null(res, i, f_key);
			a->rating = xstrdup(PQgetvalue(res, i, f_rating));
			a->idempotency_key = dup_or_null(res, i, f_idem);
			if (a->idempotency_key == NULL)
			{
				char		k[64];

				snprintf(k, sizeof(k), "csat-alert-%lld", a->alert_id);
				a->idempotency_key = xstrdup(k);
			}
			a->claim_token = dup_or_null(res, i, f_token);
		}
	}
	PQclear(res);
	return n;
}

void
db_free_alerts(Alert *alerts, int n)
{
	for (int i = 0; i < n; i++)
	{
		free(alerts[i].payload);
		free(alerts[i].relation);
		free(alerts[i].column_name);
		free(alerts[i].key);
		free(alerts[i].rating);
		free(alerts[i].idempotency_key);
		free(alerts[i].claim_token);
	}
	free(alerts);
}

/* keep a delivered alert (and its fence) for the next acknowledgement */
void
db_add_ack(Conn *c, const Alert *a)
{
	if (c->nacks == c->acks_cap)
	{
		c->acks_cap = c->acks_cap ? c->acks_cap * 2 : 128;
		c->acks = xrealloc(c->acks, sizeof(long long) * c->acks_cap);
		c->ack_tokens = xrealloc(c->ack_tokens, sizeof(char *) * c->acks_cap);
	}
	c->acks[c->nacks] = a->alert_id;
	c->ack_tokens[c->nacks] = a->claim_token ? xstrdup(a->claim_token) : NULL;
	c->nacks++;
}

/*
 * Acknowledge the delivered alerts kept in c->acks; false on error (they
 * stay kept).  With claim tokens, the ids whose acknowledgement was fenced
 * off come back: logged, and dropped (another consumer holds them now).
 */
bool
db_flush_acks(Conn *c, const Options *o)
{
	Buf			ids = {0};
	Buf			tokens = {0};
	Buf			sql = {0};
	const char *params[2];
	PGresult   *res;
	char		num[32];
	bool		fenced = c->fenced;
	bool		ok;

	if (c->nacks == 0)
		return true;
	if (c->pg == NULL || c->schema == NULL)
		return false;
	for (int i = 0; i < c->nacks; i++)
		if (c->ack_tokens[i] == NULL)
			fenced = false;
	buf_puts(&ids, "{");
	buf_puts(&tokens, "{");
	for (int i = 0; i < c->nacks; i++)
	{
		snprintf(num, sizeof(num), "%s%lld", i ? "," : "", c->acks[i]);
		buf_puts(&ids, num);
		if (fenced)
		{
			buf_puts(&tokens, i ? "," : "");
			buf_puts(&tokens, c->ack_tokens[i]);
		}
	}
	buf_puts(&ids, "}");
	buf_puts(&tokens, "}");
	params[0] = ids.data;
	params[1] = tokens.data;
	if (fenced)
	{
		/* the alerts whose lease had run out: csat_alert_delivered() false */
		buf_puts(&sql, "SELECT a.id FROM ROWS FROM (pg_catalog.unnest($1::bigint[]), pg_catalog.unnest($2::uuid[])) AS a(id, token) WHERE NOT ");
		buf_puts(&sql, c->schema);
		buf_puts(&sql, ".csat_alert_delivered(a.id, a.token) ORDER BY a.id");
	}
	else
	{
		buf_puts(&sql, "SELECT pg_catalog.count(*) FILTER (WHERE ");
		buf_puts(&sql, c->schema);
		buf_puts(&sql, ".csat_alert_delivered(id)) FROM pg_catalog.unnest($1::bigint[]) AS id");
	}
	res = db_query(c, o, sql.data, fenced ? 2 : 1, params, false, "acknowledgement");
	free(sql.data);
	free(ids.data);
	free(tokens.data);
	if (res == NULL)
		return false;
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (ok)
	{
		if (fenced)
			for (int i = 0; i < PQntuples(res); i++)
				logmsg("database %d: alert %s was delivered, but its lease had run out and another consumer holds it now; not recorded here (the receiver may see it twice)",
					   c->index, PQgetvalue(res, i, 0));
		for (int i = 0; i < c->nacks; i++)
			free(c->ack_tokens[i]);
		c->nacks = 0;
	}
	else
		logmsg("database %d: acknowledging %d delivered alerts failed (kept, retried): %.*s",
			   c->index, c->nacks, msglen(PQerrorMessage(c->pg)), PQerrorMessage(c->pg));
	PQclear(res);
	if (!ok)
		check_broken(c);
	return ok;
}

/* record a failed attempt; retry=false leaves the alert undelivered for good */
bool
db_failed(Conn *c, const Options *o, const Alert *a, const char *error, bool retry)
{
	char		id[32];
	const char *params[4];
	Buf			sql = {0};
	PGresult   *res;
	bool		ok;

	if (c->pg == NULL || c->schema == NULL)
		return false;
	snprintf(id, sizeof(id), "%lld", a->alert_id);
	params[0] = id;
	params[1] = error;
	buf_puts(&sql, "SELECT ");
	buf_puts(&sql, c->schema);
	if (a->claim_token != NULL)
	{
		params[2] = a->claim_token;
		params[3] = retry ? "true" : "false";
		buf_puts(&sql, ".csat_alert_failed($1::bigint, $2::text, $3::uuid, $4::boolean)");
	}
	else
	{
		params[2] = retry ? "true" : "false";
		buf_puts(&sql, ".csat_alert_failed($1::bigint, $2::text, $3::boolean)");
	}
	res = db_query(c, o, sql.data, a->claim_token ? 4 : 3, params, false,
				   "record of a failure");
	free(sql.data);
	if (res == NULL)
		return false;
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		logmsg("database %d: recording the failure of alert %lld failed: %.*s",
			   c->index, a->alert_id, msglen(PQerrorMessage(c->pg)), PQerrorMessage(c->pg));
	else if (a->claim_token != NULL && PQntuples(res) == 1 &&
			 strcmp(PQgetvalue(res, 0, 0), "f") == 0)
		logmsg("database %d: alert %lld: its lease had run out and another consumer holds it now; its failure is not recorded",
			   c->index, a->alert_id);
	PQclear(res);
	if (!ok)
		check_broken(c);
	return ok;
}

/* read and discard wake-up notifications */
void
db_drain_notifies(Conn *c)
{
	PGnotify   *n;

	if (c->pg == NULL)
		return;
	if (!PQconsumeInput(c->pg))
	{
		check_broken(c);
		return;
	}
	while ((n = PQnotifies(c->pg)) != NULL)
		PQfreemem(n);
}

/* add id; false when it was there already */
bool
idset_add(IdSet *s, long long id)
{
	size_t		i;

	if ((s->n + 1) * 2 > s->cap)
	{
		IdSet		bigger = {0};

		bigger.cap = s->cap ? s->cap * 2 : 256;
		bigger.slots = xmalloc(sizeof(long long) * bigger.cap);
		memset(bigger.slots, 0, sizeof(long long) * bigger.cap);
		for (size_t j = 0; j < s->cap; j++)
			if (s->slots[j] != 0)
				idset_add(&bigger, s->slots[j]);
		free(s->slots);
		*s = bigger;
	}
	i = (size_t) ((unsigned long long) id * 0x9E3779B97F4A7C15ULL) & (s->cap - 1);
	while (s->slots[i] != 0)
	{
		if (s->slots[i] == id)
			return false;
		i = (i + 1) & (s->cap - 1);
	}
	s->slots[i] = id;
	s->n++;
	return true;
}

void
idset_free(IdSet *s)
{
	free(s->slots);
	s->slots = NULL;
	s->cap = s->n = 0;
}
