/*-------------------------------------------------------------------------
 *
 * db.c
 *	  csat-alertd: the database side.  Claims alerts with
 *	  csat_alert_claim(), acknowledges them with csat_alert_delivered() and
 *	  csat_alert_failed(), in the csat extension's schema (looked up once
 *	  per connection, so that the schema need not be on the search_path).
 *
 *	  Delivered alerts are acknowledged in one statement per batch.  Acks
 *	  that could not be sent (the server went away) are kept and sent
 *	  first after reconnecting, so a restart of PostgreSQL does not make
 *	  this forwarder deliver an alert twice.
 *
 *-------------------------------------------------------------------------
 */
#include "alertd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
free_sql(Conn *c)
{
	free(c->claim_sql);
	free(c->ack_sql);
	free(c->fail_sql);
	c->claim_sql = c->ack_sql = c->fail_sql = NULL;
}

void
db_disconnect(Conn *c)
{
	if (c->pg != NULL)
		PQfinish(c->pg);
	c->pg = NULL;
	free_sql(c);
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

/* before || name || after, in a new string */
static char *
sql_concat(const char *before, const char *name, const char *after)
{
	Buf			b = {0};

	buf_puts(&b, before);
	buf_puts(&b, name);
	buf_puts(&b, after);
	return b.data;
}

/*
 * Connect, find the extension's schema, LISTEN when asked.  On failure
 * the next attempt is scheduled with exponential backoff (up to 30 s).
 */
bool
db_connect(Conn *c, const Options *o)
{
	const char *keys[] = {"dbname", "fallback_application_name", NULL};
	const char *vals[] = {c->dsn, ALERTD_NAME, NULL};
	PGresult   *res;
	char	   *schema;

	c->pg = PQconnectdbParams(keys, vals, 1);
	if (c->pg == NULL || PQstatus(c->pg) != CONNECTION_OK)
	{
		if (!c->down_logged)
		{
			char	   *msg = c->pg ? PQerrorMessage(c->pg) : "out of memory";
			size_t		len = strlen(msg);

			while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
				len--;
			logmsg("database %d: cannot connect: %.*s", c->index, (int) len, msg);
			c->down_logged = true;
		}
		goto fail;
	}

	res = PQexec(c->pg,
				 "SELECT pg_catalog.quote_ident(n.nspname)"
				 " FROM pg_catalog.pg_extension e"
				 " JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
				 " WHERE e.extname = 'csat'");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
	{
		if (!c->down_logged)
			logmsg("database %d: the csat extension is not installed%s%s",
				   c->index,
				   PQresultStatus(res) == PGRES_TUPLES_OK ? "" : ": ",
				   PQresultStatus(res) == PGRES_TUPLES_OK ? "" : PQerrorMessage(c->pg));
		c->down_logged = true;
		PQclear(res);
		goto fail;
	}
	schema = PQgetvalue(res, 0, 0);
	c->claim_sql = sql_concat("SELECT alert_id, attempts, payload::text, relation,"
							  " column_name, key, rating::text FROM ",
							  schema, ".csat_alert_claim($1::integer, $2::interval)");
	c->ack_sql = sql_concat("SELECT pg_catalog.count(*) FILTER (WHERE ",
							schema, ".csat_alert_delivered(id))"
							" FROM pg_catalog.unnest($1::bigint[]) AS id");
	c->fail_sql = sql_concat("SELECT ", schema,
							 ".csat_alert_failed($1::bigint, $2::text, $3::boolean)");
	PQclear(res);

	if (o->channel != NULL)
	{
		char	   *ident = PQescapeIdentifier(c->pg, o->channel, strlen(o->channel));
		char	   *listen;

		if (ident == NULL)
			goto fail;
		listen = sql_concat("LISTEN ", ident, "");
		PQfreemem(ident);
		res = PQexec(c->pg, listen);
		free(listen);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
		{
			logmsg("database %d: LISTEN failed: %s", c->index, PQerrorMessage(c->pg));
			PQclear(res);
			goto fail;
		}
		PQclear(res);
	}

	logmsg("database %d: connected", c->index);
	c->down_logged = false;
	c->backoff = 0;
	return true;

fail:
	db_disconnect(c);
	c->backoff = c->backoff <= 0 ? 0.5 : c->backoff * 2;
	if (c->backoff > 30)
		c->backoff = 30;
	c->retry_at = now_seconds() + c->backoff;
	return false;
}

static char *
dup_or_null(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : xstrdup(PQgetvalue(res, row, col));
}

/* claim up to --batch alerts; returns how many, -1 on error */
int
db_claim(Conn *c, const Options *o, Alert **alerts)
{
	char		batch[32];
	char		lease[32];
	const char *params[2] = {batch, lease};
	PGresult   *res;
	int			n;

	*alerts = NULL;
	snprintf(batch, sizeof(batch), "%d", o->batch);
	snprintf(lease, sizeof(lease), "%.3f seconds", o->lease);
	res = PQexecParams(c->pg, c->claim_sql, 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		logmsg("database %d: claim failed: %s", c->index, PQerrorMessage(c->pg));
		PQclear(res);
		check_broken(c);
		return -1;
	}
	n = PQntuples(res);
	if (n > 0)
	{
		*alerts = xmalloc(sizeof(Alert) * n);
		for (int i = 0; i < n; i++)
		{
			Alert	   *a = &(*alerts)[i];

			a->alert_id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
			a->attempts = atoi(PQgetvalue(res, i, 1));
			a->payload = xstrdup(PQgetvalue(res, i, 2));
			a->relation = xstrdup(PQgetvalue(res, i, 3));
			a->column_name = xstrdup(PQgetvalue(res, i, 4));
			a->key = dup_or_null(res, i, 5);
			a->rating = xstrdup(PQgetvalue(res, i, 6));
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
	}
	free(alerts);
}

/* acknowledge the delivered alerts kept in c->acks; false on error */
bool
db_flush_acks(Conn *c)
{
	Buf			arr = {0};
	const char *params[1];
	PGresult   *res;
	char		num[32];
	bool		ok;

	if (c->nacks == 0)
		return true;
	if (c->pg == NULL)
		return false;
	buf_puts(&arr, "{");
	for (int i = 0; i < c->nacks; i++)
	{
		snprintf(num, sizeof(num), "%s%lld", i ? "," : "", c->acks[i]);
		buf_puts(&arr, num);
	}
	buf_puts(&arr, "}");
	params[0] = arr.data;
	res = PQexecParams(c->pg, c->ack_sql, 1, NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (ok)
		c->nacks = 0;
	else
		logmsg("database %d: acknowledging %d delivered alerts failed (kept, retried): %s",
			   c->index, c->nacks, PQerrorMessage(c->pg));
	PQclear(res);
	free(arr.data);
	if (!ok)
		check_broken(c);
	return ok;
}

/* record a failed attempt; retry=false leaves the alert undelivered for good */
bool
db_failed(Conn *c, long long alert_id, const char *error, bool retry)
{
	char		id[32];
	const char *params[3] = {id, error, retry ? "true" : "false"};
	PGresult   *res;
	bool		ok;

	if (c->pg == NULL)
		return false;
	snprintf(id, sizeof(id), "%lld", alert_id);
	res = PQexecParams(c->pg, c->fail_sql, 3, NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		logmsg("database %d: recording the failure of alert %lld failed: %s",
			   c->index, alert_id, PQerrorMessage(c->pg));
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
