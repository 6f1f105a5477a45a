/*-------------------------------------------------------------------------
 *
 * csat-alertd.c
 *	  Forwards csat's low-score alerts from the queue table csat_alert to a
 *	  webhook, at least once.  See --help (usage() below) for the contract.
 *
 *	  The loop, per database: claim a batch (csat_alert_claim, with a
 *	  lease), POST each alert, acknowledge the delivered ones in one
 *	  statement and record each failure (csat_alert_failed: the alert is
 *	  due again after an exponential backoff, or never after
 *	  --max-attempts).  A full batch is followed at once by the next; else
 *	  the forwarder sleeps --poll seconds, or less when a NOTIFY on
 *	  --channel wakes it.  While the webhook is unreachable or overloaded
 *	  (timeout, refused connection, 429, 5xx) the forwarder itself backs
 *	  off exponentially too, up to 60 s.
 *
 *	  SIGTERM or SIGINT: the request in flight is finished, its outcome
 *	  acknowledged, and the program exits 0.  Alerts claimed but not yet
 *	  sent are handed out again when their lease runs out.
 *
 *-------------------------------------------------------------------------
 */
#include "alertd.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t stop_requested = 0;

/* SIGTERM and SIGINT are blocked except in pselect() and take_signals() */
static sigset_t blocked_signals;

static const char *progname = ALERTD_NAME;

#define SINK_BACKOFF_MAX 60.0

double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* one line on stderr, with a UTC timestamp */
void
logmsg(const char *fmt,...)
{
	char		line[2048];
	char		stamp[32];
	struct timespec ts;
	struct tm	tm;
	va_list		ap;
	size_t		len;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* one line: trailing newlines (libpq messages) go, inner ones become spaces */
	len = strlen(line);
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == ' '))
		line[--len] = '\0';
	for (char *p = line; *p; p++)
		if (*p == '\n')
			*p = ' ';
	fprintf(stderr, "%s.%03ldZ %s: %s\n", stamp, ts.tv_nsec / 1000000, progname, line);
}

static void
usage(FILE *out)
{
	fprintf(out,
			"NAME\n"
			"    csat-alertd - forward csat's low-score alerts to a webhook\n"
			"\n"
			"SYNOPSIS\n"
			"    csat-alertd --dsn CONNINFO [--dsn CONNINFO ...] --url URL\n"
			"                [--format json|slack] [--header 'Name: value' ...]\n"
			"                [--batch N] [--poll SECONDS] [--timeout SECONDS]\n"
			"                [--lease SECONDS] [--max-attempts N] [--channel NAME]\n"
			"                [--once]\n"
			"    csat-alertd --help | --version\n"
			"\n"
			"DESCRIPTION\n"
			"    Claims undelivered alerts from the csat extension's queue table\n"
			"    csat_alert (written by the trigger csat_enqueue_low_rating()) and\n"
			"    POSTs each to URL, at least once.  A 2xx response marks the alert\n"
			"    delivered.  A timeout, a refused connection, a 429 or a 5xx is\n"
			"    retried with exponential backoff (1 s, 2 s, 4 s ... per alert; the\n"
			"    forwarder also pauses, up to 60 s, while the webhook is down); any\n"
			"    other response counts as a failed attempt too.  After --max-attempts\n"
			"    attempts the alert stays undelivered with its last_error.\n"
			"\n"
			"    Every request carries 'Idempotency-Key: csat-alert-<alert_id>' so\n"
			"    that a receiver can drop the duplicates at-least-once delivery may\n"
			"    bring (after a forwarder was killed mid-request, or a lease ran out).\n"
			"    Several forwarders may serve the same queue: each alert is claimed by\n"
			"    one at a time.  Logs go to stderr, one line per delivery or failure,\n"
			"    naming the alert id.\n"
			"\n"
			"OPTIONS\n"
			"    --dsn CONNINFO     a libpq connection string or URI of a database with\n"
			"                       the csat extension; repeat it for several databases\n"
			"                       (the workers of a Citus cluster).  The role needs\n"
			"                       EXECUTE on csat_alert_claim, csat_alert_delivered\n"
			"                       and csat_alert_failed.\n"
			"    --url URL          the webhook (http:// or https://).\n"
			"    --format FORMAT    json (default): the alert's payload, e.g.\n"
			"                       {\"table\": \"public.tickets\", \"op\": \"INSERT\",\n"
			"                        \"column\": \"csat\", \"key\": \"42\", \"rating\": \"1/5\",\n"
			"                        \"value\": 1, \"scale_lo\": 1, \"scale_hi\": 5,\n"
			"                        \"alert_id\": 17}\n"
			"                       slack: {\"text\": \"Low CSAT 1/5 on public.tickets.csat,\n"
			"                       key 42 (alert 17)\"}, for Slack and Teams incoming\n"
			"                       webhooks.\n"
			"    --header 'Name: value'\n"
			"                       an extra request header (Authorization ...);\n"
			"                       repeatable.\n"
			"    --batch N          alerts claimed at a time (default 100).\n"
			"    --poll SECONDS     wait between claims when the queue is empty\n"
			"                       (default 1).\n"
			"    --timeout SECONDS  per request, connecting included (default 10).\n"
			"    --lease SECONDS    how long a claim is this forwarder's; unacknowledged\n"
			"                       alerts are handed out again after it (default 60).\n"
			"                       Must exceed --timeout.\n"
			"    --max-attempts N   attempts per alert before giving up (default 10).\n"
			"    --channel NAME     LISTEN on NAME and claim as soon as a NOTIFY arrives\n"
			"                       (the fourth argument of csat_enqueue_low_rating()).\n"
			"    --once             deliver what is due, then exit.\n"
			"    --help             print this help and exit.\n"
			"    --version          print the version and exit.\n"
			"\n"
			"SIGNALS\n"
			"    SIGTERM, SIGINT    finish the request in flight, acknowledge it, exit 0.\n"
			"\n"
			"EXIT STATUS\n"
			"    0  stopped by a signal, or --once and nothing failed\n"
			"    1  --once and an alert failed or a database was unreachable\n"
			"    2  bad arguments\n"
			"\n"
			"EXAMPLES\n"
			"    csat-alertd --dsn 'dbname=helpdesk user=alertd' \\\n"
			"        --url https://hooks.slack.com/services/T000/B000/XXXX --format slack\n"
			"    csat-alertd --dsn 'host=w1 dbname=app' --dsn 'host=w2 dbname=app' \\\n"
			"        --url https://alerts.example.com/csat \\\n"
			"        --header 'Authorization: Bearer s3cret' --channel csat_alerts\n");
}

static void bad_argument(const char *fmt,...)
			__attribute__((format(printf, 1, 2), noreturn));

static void
bad_argument(const char *fmt,...)
{
	va_list		ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n\n"
			"usage: csat-alertd --dsn CONNINFO [--dsn CONNINFO ...] --url URL\n"
			"                   [--format json|slack] [--header 'Name: value' ...]\n"
			"                   [--batch N] [--poll SECONDS] [--timeout SECONDS]\n"
			"                   [--lease SECONDS] [--max-attempts N] [--channel NAME]\n"
			"                   [--once]\n"
			"Try \"csat-alertd --help\" for more information.\n");
	exit(2);
}

static double
parse_seconds(const char *opt, const char *s)
{
	char	   *end;
	double		v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !isfinite(v) || v <= 0 || v > 86400)
		bad_argument("invalid %s \"%s\": a number of seconds, more than 0, at most 86400",
					 opt, s);
	return v;
}

static int
parse_count(const char *opt, const char *s, int max)
{
	char	   *end;
	long		v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < 1 || v > max)
		bad_argument("invalid %s \"%s\": an integer from 1 to %d", opt, s, max);
	return (int) v;
}

static void
parse_options(int argc, char **argv, Options *o)
{
	static const struct option longopts[] = {
		{"dsn", required_argument, NULL, 'd'},
		{"url", required_argument, NULL, 'u'},
		{"format", required_argument, NULL, 'f'},
		{"header", required_argument, NULL, 'H'},
		{"batch", required_argument, NULL, 'b'},
		{"poll", required_argument, NULL, 'p'},
		{"timeout", required_argument, NULL, 't'},
		{"lease", required_argument, NULL, 'l'},
		{"max-attempts", required_argument, NULL, 'm'},
		{"channel", required_argument, NULL, 'c'},
		{"once", no_argument, NULL, '1'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	int			ch;
	bool		lease_given = false;

	memset(o, 0, sizeof(*o));
	o->format = FORMAT_JSON;
	o->batch = 100;
	o->poll = 1;
	o->timeout = 10;
	o->lease = 60;
	o->max_attempts = 10;
	o->dsns = xmalloc(sizeof(char *) * argc);
	o->headers = xmalloc(sizeof(char *) * argc);

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1)
	{
		switch (ch)
		{
			case 'd':
				o->dsns[o->ndsns++] = optarg;
				break;
			case 'u':
				if (strncmp(optarg, "http://", 7) != 0 && strncmp(optarg, "https://", 8) != 0)
					bad_argument("invalid --url \"%s\": an http:// or https:// URL", optarg);
				o->url = optarg;
				break;
			case 'f':
				if (strcmp(optarg, "json") == 0)
					o->format = FORMAT_JSON;
				else if (strcmp(optarg, "slack") == 0)
					o->format = FORMAT_SLACK;
				else
					bad_argument("invalid --format \"%s\": json or slack", optarg);
				break;
			case 'H':
				{
					const char *colon = strchr(optarg, ':');

					if (colon == NULL || colon == optarg || strpbrk(optarg, "\r\n") != NULL)
						bad_argument("invalid --header \"%s\": 'Name: value' on one line", optarg);
					o->headers[o->nheaders++] = optarg;
				}
				break;
			case 'b':
				o->batch = parse_count("--batch", optarg, 10000);
				break;
			case 'p':
				o->poll = parse_seconds("--poll", optarg);
				break;
			case 't':
				o->timeout = parse_seconds("--timeout", optarg);
				break;
			case 'l':
				o->lease = parse_seconds("--lease", optarg);
				lease_given = true;
				break;
			case 'm':
				o->max_attempts = parse_count("--max-attempts", optarg, 1000);
				break;
			case 'c':
				if (optarg[0] == '\0' || strlen(optarg) > 63)
					bad_argument("invalid --channel \"%s\": 1 to 63 bytes", optarg);
				o->channel = optarg;
				break;
			case '1':
				o->once = true;
				break;
			case 'h':
				usage(stdout);
				free(o->dsns);
				free(o->headers);
				exit(0);
			case 'V':
				printf("%s %s\n", progname, ALERTD_VERSION);
				free(o->dsns);
				free(o->headers);
				exit(0);
			default:
				if (optopt != 0)
					bad_argument("option --%s needs a value, or -%c is unknown",
								 argv[optind - 1] + 2, optopt);
				bad_argument("unknown or incomplete option \"%s\"", argv[optind - 1]);
		}
	}
	if (optind < argc)
		bad_argument("unexpected argument \"%s\"", argv[optind]);
	if (o->ndsns == 0)
		bad_argument("--dsn is required");
	if (o->url == NULL)
		bad_argument("--url is required");
	if (o->lease <= o->timeout)
	{
		if (lease_given)
			bad_argument("--lease %g must exceed --timeout %g: an alert in flight would be handed out again",
						 o->lease, o->timeout);
		o->lease = o->timeout * 6;
	}
}

static void
on_signal(int signo)
{
	(void) signo;
	stop_requested = 1;
}

/*
 * Let a pending SIGTERM or SIGINT in: called between two requests, so that
 * a stop waits for the request in flight only, never for the whole batch.
 */
bool
take_signals(void)
{
	sigprocmask(SIG_UNBLOCK, &blocked_signals, NULL);
	sigprocmask(SIG_BLOCK, &blocked_signals, NULL);
	return stop_requested != 0;
}

/*
 * Sleep up to `seconds`, or until a NOTIFY arrives on one of the
 * connections, or a signal.  Signals are blocked except inside pselect(),
 * so one that arrives just before cannot be missed.
 */
static void
wait_for(Conn *conns, int n, double seconds, const sigset_t *unblocked)
{
	fd_set		fds;
	int			maxfd = -1;
	struct timespec ts;

	if (stop_requested || seconds <= 0)
		return;
	FD_ZERO(&fds);
	for (int i = 0; i < n; i++)
	{
		if (conns[i].pg != NULL && PQsocket(conns[i].pg) >= 0)
		{
			int			fd = PQsocket(conns[i].pg);

			FD_SET(fd, &fds);
			if (fd > maxfd)
				maxfd = fd;
		}
	}
	ts.tv_sec = (time_t) seconds;
	ts.tv_nsec = (long) ((seconds - (double) ts.tv_sec) * 1e9);
	if (pselect(maxfd + 1, &fds, NULL, NULL, &ts, unblocked) > 0)
	{
		for (int i = 0; i < n; i++)
			if (conns[i].pg != NULL && FD_ISSET(PQsocket(conns[i].pg), &fds))
				db_drain_notifies(&conns[i]);
	}
}

/*
 * Deliver one batch from one database.  Returns the number of alerts
 * claimed (-1: database error); *sink_down is set when the webhook timed
 * out, refused, or answered 429 or 5xx; *failures counts failed attempts.
 */
static int
deliver_batch(Conn *c, const Options *o, bool *sink_down, int *failures)
{
	Alert	   *alerts;
	int			n;
	double		claimed_at;

	/* acknowledgements left over from a lost connection go first */
	if (!db_flush_acks(c))
		return -1;
	claimed_at = now_seconds();
	n = db_claim(c, o, &alerts);
	if (n <= 0)
		return n;

	for (int i = 0; i < n; i++)
	{
		Alert	   *a = &alerts[i];
		char	   *body;
		char		err[512];
		long		status;
		PostResult	r;
		double		t0;

		/* stop between requests on SIGTERM; the rest come back after the lease */
		if (take_signals())
			break;
		/* never send what the lease may already have handed to another forwarder */
		if (now_seconds() - claimed_at + o->timeout >= o->lease)
		{
			logmsg("database %d: lease of %g s nearly over; alerts %lld..%lld are left for the next claim",
				   c->index, o->lease, a->alert_id, alerts[n - 1].alert_id);
			break;
		}

		body = body_build(o, a);
		t0 = now_seconds();
		r = http_post(o, a->alert_id, body, err, sizeof(err), &status);
		free(body);
		if (r == POST_OK)
		{
			if (c->nacks == c->acks_cap)
			{
				c->acks_cap = c->acks_cap ? c->acks_cap * 2 : 128;
				c->acks = xrealloc(c->acks, sizeof(long long) * c->acks_cap);
			}
			c->acks[c->nacks++] = a->alert_id;
			logmsg("delivered alert %lld (database %d, HTTP %ld, %.0f ms)",
				   a->alert_id, c->index, status, (now_seconds() - t0) * 1000);
		}
		else
		{
			int			attempt = a->attempts + 1;
			bool		retry = attempt < o->max_attempts;

			(*failures)++;
			if (r == POST_RETRY)
				*sink_down = true;
			logmsg("alert %lld failed (database %d, attempt %d of %d): %s; %s",
				   a->alert_id, c->index, attempt, o->max_attempts, err,
				   retry ? "will retry" : "giving up, it stays undelivered");
			if (!db_failed(c, a->alert_id, err, retry))
				break;			/* connection lost: the lease brings it back */
		}
	}
	db_free_alerts(alerts, n);
	if (!db_flush_acks(c))
		return -1;
	return n;
}

int
main(int argc, char **argv)
{
	Options		o;
	Conn	   *conns;
	sigset_t	unblocked;
	struct sigaction sa;
	double		sink_backoff = 0;
	int			failures = 0;
	bool		db_trouble = false;
	int			status = 0;

	parse_options(argc, argv, &o);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&blocked_signals);
	sigaddset(&blocked_signals, SIGTERM);
	sigaddset(&blocked_signals, SIGINT);
	sigprocmask(SIG_BLOCK, &blocked_signals, &unblocked);
	sigdelset(&unblocked, SIGTERM);
	sigdelset(&unblocked, SIGINT);
	/* signals are taken between requests and while waiting, never mid-request */

	if (!http_init(&o))
	{
		logmsg("cannot initialise libcurl");
		return 1;
	}
	conns = xmalloc(sizeof(Conn) * o.ndsns);
	memset(conns, 0, sizeof(Conn) * o.ndsns);
	for (int i = 0; i < o.ndsns; i++)
	{
		conns[i].index = i + 1;
		conns[i].dsn = o.dsns[i];
	}
	logmsg("forwarding to %s (%s, %d database%s)", o.url,
		   o.format == FORMAT_JSON ? "json" : "slack", o.ndsns, o.ndsns > 1 ? "s" : "");

	while (!stop_requested)
	{
		bool		more = false;
		bool		sink_down = false;
		double		next_connect = -1;

		for (int i = 0; i < o.ndsns && !stop_requested; i++)
		{
			Conn	   *c = &conns[i];
			int			n;

			/* take a pending signal here, between two batches */
			if (take_signals())
				break;

			if (c->pg == NULL)
			{
				if (now_seconds() < c->retry_at && !o.once)
				{
					if (next_connect < 0 || c->retry_at < next_connect)
						next_connect = c->retry_at;
					continue;
				}
				if (!db_connect(c, &o))
				{
					db_trouble = true;
					if (next_connect < 0 || c->retry_at < next_connect)
						next_connect = c->retry_at;
					continue;
				}
			}
			n = deliver_batch(c, &o, &sink_down, &failures);
			if (n < 0)
				db_trouble = true;
			else if (n == o.batch)
				more = true;
		}
		if (stop_requested)
			break;

		if (sink_down)
		{
			sink_backoff = sink_backoff <= 0 ? o.poll : sink_backoff * 2;
			if (sink_backoff > SINK_BACKOFF_MAX)
				sink_backoff = SINK_BACKOFF_MAX;
		}
		else
			sink_backoff = 0;

		if (o.once && !more)
			break;
		if (sink_backoff > 0)
			wait_for(conns, o.ndsns, sink_backoff, &unblocked);
		else if (!more)
		{
			double		w = o.poll;

			if (next_connect >= 0 && next_connect - now_seconds() < w)
				w = next_connect - now_seconds();
			wait_for(conns, o.ndsns, w, &unblocked);
		}
	}

	for (int i = 0; i < o.ndsns; i++)
	{
		/* a last try for acknowledgements not yet sent */
		if (conns[i].nacks > 0 && conns[i].pg != NULL)
			db_flush_acks(&conns[i]);
		if (conns[i].nacks > 0)
			logmsg("database %d: %d delivered alerts could not be acknowledged; they will be delivered again",
				   conns[i].index, conns[i].nacks);
		db_disconnect(&conns[i]);
		free(conns[i].acks);
	}
	free(conns);
	http_cleanup();
	if (stop_requested)
		logmsg("stopped by signal");
	else if (o.once && (failures > 0 || db_trouble))
		status = 1;
	free(o.dsns);
	free(o.headers);
	return status;
}
