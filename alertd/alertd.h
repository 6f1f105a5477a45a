/*-------------------------------------------------------------------------
 *
 * alertd.h
 *	  csat-alertd: forwards csat's durable low-score alerts (the queue
 *	  table csat_alert) to a webhook.  Shared declarations.
 *
 *	  csat-alertd.c: options, signals, the main loop
 *	  db.c:          libpq: connect, claim, acknowledge
 *	  http.c:        libcurl: the POST and its outcome
 *	  body.c:        the request bodies (json, slack)
 *
 *-------------------------------------------------------------------------
 */
#ifndef CSAT_ALERTD_H
#define CSAT_ALERTD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#define ALERTD_NAME "csat-alertd"
#define ALERTD_VERSION "0.3.0"

typedef enum
{
	FORMAT_JSON,
	FORMAT_SLACK
} BodyFormat;

typedef struct Options
{
	const char **dsns;
	int			ndsns;
	const char *url;
	BodyFormat	format;
	const char **headers;
	int			nheaders;
	int			batch;
	double		poll;			/* seconds between claims when idle */
	double		timeout;		/* seconds per request */
	double		lease;			/* seconds a claim is ours */
	int			max_attempts;
	const char *channel;		/* LISTEN for wake-ups, or NULL */
	bool		once;
} Options;

/* one alert as claimed */
typedef struct Alert
{
	long long	alert_id;
	int			attempts;		/* attempts before this one */
	char	   *payload;		/* JSON text */
	char	   *relation;
	char	   *column_name;
	char	   *key;			/* NULL when the key is NULL */
	char	   *rating;
} Alert;

/* one database (one --dsn) */
typedef struct Conn
{
	int			index;			/* 1-based, for logs */
	const char *dsn;
	PGconn	   *pg;
	char	   *claim_sql;
	char	   *ack_sql;
	char	   *fail_sql;
	double		retry_at;		/* monotonic time of the next connect */
	double		backoff;		/* seconds, doubles while down */
	bool		down_logged;
	/* delivered but not yet acknowledged (kept across reconnects) */
	long long  *acks;
	int			nacks;
	int			acks_cap;
} Conn;

/* outcome of one POST */
typedef enum
{
	POST_OK,					/* 2xx */
	POST_RETRY,					/* timeout, refused, 429, 5xx: back off */
	POST_FAILED					/* anything else */
} PostResult;

/* csat-alertd.c */
extern volatile sig_atomic_t stop_requested;
extern double now_seconds(void);
extern bool take_signals(void);
extern void logmsg(const char *fmt,...) __attribute__((format(printf, 1, 2)));

/* db.c */
extern bool db_connect(Conn *c, const Options *o);
extern void db_disconnect(Conn *c);
extern int	db_claim(Conn *c, const Options *o, Alert **alerts);
extern void db_free_alerts(Alert *alerts, int n);
extern bool db_flush_acks(Conn *c);
extern bool db_failed(Conn *c, long long alert_id, const char *error,
					  bool retry);
extern void db_drain_notifies(Conn *c);

/* http.c */
extern bool http_init(const Options *o);
extern void http_cleanup(void);
extern PostResult http_post(const Options *o, long long alert_id,
							const char *body, char *err, size_t errlen,
							long *status);

/* body.c */
extern char *body_build(const Options *o, const Alert *a);

/* a growable string */
typedef struct Buf
{
	char	   *data;
	size_t		len;
	size_t		cap;
} Buf;

extern void buf_append(Buf *b, const char *s, size_t n);
extern void buf_puts(Buf *b, const char *s);
extern void buf_json_string(Buf *b, const char *s);
extern void *xmalloc(size_t n);
extern void *xrealloc(void *p, size_t n);
extern char *xstrdup(const char *s);

#endif							/* CSAT_ALERTD_H */
