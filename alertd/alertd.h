/*-------------------------------------------------------------------------
 *
 * alertd.h
 *	  csat-alertd: forwards csat's durable low-score alerts (the queue
 *	  table csat_alert) to a webhook.  Shared declarations.
 *
 *	  csat-alertd.c: options (the URL and header files; what of the URL
 *	                 may be logged: secrets never are), signals, waiting
 *	                 with a deadline, the main loop
 *	  db.c:          libpq: connect, claim, acknowledge, each bounded
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
#define ALERTD_VERSION "0.4.0"

typedef enum
{
	FORMAT_JSON,
	FORMAT_SLACK
} BodyFormat;

typedef struct Options
{
	const char **dsns;
	int			ndsns;
	char	   *url;			/* the webhook: a secret, never logged */
	char	   *url_shown;		/* what may be logged: scheme://host[:port]/… */
	bool		allow_http;		/* plain http:// to a non-loopback host */
	BodyFormat	format;
	char	  **headers;		/* 'Name: value'; values are never logged */
	int			nheaders;
	char	  **secrets;		/* strings logmsg() must never write */
	int			nsecrets;
	int			batch;
	double		poll;			/* seconds between claims when idle */
	double		timeout;		/* seconds per request, connect or query */
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
	char	   *idempotency_key;	/* the stored key (0.4.0), or csat-alert-<id> */
	char	   *claim_token;	/* the claim's fence (0.4.0), or NULL */
} Alert;

/* a set of alert ids (--once: those attempted in this run) */
typedef struct IdSet
{
	long long  *slots;			/* 0: empty (alert ids start at 1) */
	size_t		cap;
	size_t		n;
} IdSet;

/* one database (one --dsn) */
typedef struct Conn
{
	int			index;			/* 1-based, for logs */
	const char *dsn;
	PGconn	   *pg;
	char	   *schema;			/* the extension's schema, quoted */
	bool		fenced;			/* the claim hands out claim tokens (0.4.0) */
	double		retry_at;		/* monotonic time of the next connect */
	double		backoff;		/* seconds, doubles while down */
	bool		down_logged;
	/* delivered but not yet acknowledged (kept across reconnects) */
	long long  *acks;
	char	  **ack_tokens;		/* their claim tokens (NULL entries before 0.4.0) */
	int			nacks;
	int			acks_cap;
	IdSet		tried;			/* --once: attempted in this run */
} Conn;

/* outcome of one POST */
typedef enum
{
	POST_OK,					/* 2xx */
	POST_RETRY,					/* timeout, refused, 429, 5xx: back off */
	POST_FAILED					/* anything else */
} PostResult;

/* how a wait ended */
typedef enum
{
	WAIT_READY,
	WAIT_TIMEOUT,
	WAIT_STOPPED				/* SIGTERM or SIGINT, and the wait allowed it */
} WaitResult;

/* csat-alertd.c */
extern volatile sig_atomic_t stop_requested;
extern double now_seconds(void);
extern double op_deadline(const Options *o);
extern WaitResult wait_fd(int fd, short events, double deadline,
						  bool interruptible);
extern void logmsg(const char *fmt,...) __attribute__((format(printf, 1, 2)));
extern void log_set_secrets(char **secrets, int n);

/* db.c */
extern bool db_connect(Conn *c, const Options *o);
extern void db_disconnect(Conn *c);
extern int	db_claim(Conn *c, const Options *o, Alert **alerts);
extern void db_free_alerts(Alert *alerts, int n);
extern void db_add_ack(Conn *c, const Alert *a);
extern bool db_flush_acks(Conn *c, const Options *o);
extern bool db_failed(Conn *c, const Options *o, const Alert *a,
					  const char *error, bool retry);
extern void db_drain_notifies(Conn *c);
extern bool idset_add(IdSet *s, long long id);
extern void idset_free(IdSet *s);

/* http.c */
extern bool http_init(const Options *o);
extern void http_cleanup(void);
extern PostResult http_post(const Options *o, const char *idempotency_key,
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
