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
 *	  Nothing waits without a bound: connecting, every query and every
 *	  request end within --timeout, so a database that accepts connections
 *	  and never answers delays the others by at most --timeout.
 *
 *	  SIGTERM or SIGINT: the handler only notes the time and writes to a
 *	  pipe that every wait also watches.  Waiting for a connection, a claim
 *	  or the next poll ends at once; the request in flight is finished and
 *	  its outcome acknowledged, within --timeout + 0.3 s of the signal; then
 *	  the program exits 0.  Alerts claimed but not yet sent are handed out
 *	  again when their lease runs out.
 *
 *	  Secrets: the URL's user info, path and query, and header values, are
 *	  never written: not in the log, not in argument errors.  logmsg() also
 *	  blanks them out of any message (a library's error text, say).
 *
 *-------------------------------------------------------------------------
 */
#include "alertd.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t stop_requested = 0;

/* when the first stop signal came (monotonic), set before stop_requested */
static struct timespec stop_time;

/* the self-pipe: the signal handler writes, every wait polls the read end */
static int wake_pipe[2] = {-1, -1};

static const char *progname = ALERTD_NAME;

static char **log_secrets = NULL;
static int	log_nsecrets = 0;

#define SINK_BACKOFF_MAX 60.0
/* after a stop signal, the work in hand gets --timeout plus this */
#define STOP_GRACE 0.3

double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The deadline of a query or request that must not be cut short by a stop
 * signal (an acknowledgement): --timeout from now, but never later than
 * --timeout + STOP_GRACE after the signal.
 */
double
op_deadline(const Options *o)
{
	double		d = now_seconds() + o->timeout;

	if (stop_requested)
	{
		double		stop = stop_time.tv_sec + stop_time.tv_nsec / 1e9 +
			o->timeout + STOP_GRACE;

		if (stop < d)
			d = stop;
	}
	return d;
}

static void
drain_wake_pipe(void)
{
	char		buf[64];

	while (read(wake_pipe[0], buf, sizeof(buf)) > 0)
		;
}

/*
 * Wait until fd is ready for events, the deadline passes, or (when
 * interruptible) a stop signal arrives.  fd < 0 waits for the deadline or
 * the signal only.
 */
WaitResult
wait_fd(int fd, short events, double deadline, bool interruptible)
{
	for (;;)
	{
		struct pollfd p[2];
		double		left;
		int			r;

		if (interruptible && stop_requested)
			return WAIT_STOPPED;
		left = deadline - now_seconds();
		if (left <= 0)
			return WAIT_TIMEOUT;
		p[0].fd = wake_pipe[0];
		p[0].events = POLLIN;
		p[0].revents = 0;
		p[1].fd = fd;
		p[1].events = events;
		p[1].revents = 0;
		r = poll(p, fd >= 0 ? 2 : 1, (int) ceil(left * 1000));
		if (r < 0 && errno != EINTR)
			return WAIT_TIMEOUT;
		if (r > 0 && p[0].revents)
			drain_wake_pipe();
		if (r > 0 && fd >= 0 && p[1].revents)
			return WAIT_READY;
	}
}

/* the secrets (URL parts, header values) that logmsg() blanks out */
void
log_set_secrets(char **secrets, int n)
{
	log_secrets = secrets;
	log_nsecrets = n;
}

/* every occurrence of each secret in line becomes "…" (in place) */
static void
scrub_secrets(char *line)
{
	static const char hidden[] = "\xe2\x80\xa6";	/* … */

	for (int i = 0; i < log_nsecrets; i++)
	{
		const char *s = log_secrets[i];
		size_t		slen = strlen(s);
		char	   *from = line;
		char	   *p;

		/* a secret shorter than its replacement is not worth hiding */
		if (slen < strlen(hidden))
			continue;
		while ((p = strstr(from, s)) != NULL)
		{
			memcpy(p, hidden, strlen(hidden));
			memmove(p + strlen(hidden), p + slen, strlen(p + slen) + 1);
			from = p + strlen(hidden);
		}
	}
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
	scrub_secrets(line);
	/* one line: trailing newlines (libpq messages) go, inner ones become spaces */
	len = strlen(line);
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == ' '))
		line[--len] = '\0';
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r')
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
			"    csat-alertd --dsn CONNINFO [--dsn CONNINFO ...]\n"
			"                [--url URL | --url-file FILE] [--allow-http]\n"
			"                [--format json|slack] [--header 'Name: value' ...]\n"
			"                [--header-file FILE ...]\n"
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
			"    Every request carries an Idempotency-Key: the alert's\n"
			"    idempotency_key (csat 0.4.0: it names the database and the alert,\n"
			"    so keys from several databases never collide), or\n"
			"    'csat-alert-<alert_id>' from a csat 0.3.0 queue.  A receiver drops\n"
			"    the duplicates that at-least-once delivery may bring (after a\n"
			"    forwarder was killed mid-request, or a lease ran out) by that key.\n"
			"    Several forwarders may serve the same queue: each alert is claimed by\n"
			"    one at a time, and a forwarder whose lease ran out cannot change an\n"
			"    alert another one holds.  Logs go to stderr, one line per delivery\n"
			"    or failure, naming the alert id.\n"
			"\n"
			"    Secrets: the webhook URL (for Slack and Teams the URL is the\n"
			"    credential) and header values are never logged nor echoed: logs\n"
			"    show scheme://host[:port]/... only.  Give them in files or the\n"
			"    environment, not on the command line, where ps shows them.\n"
			"\n"
			"    Bounds: connecting, every query (also by a statement_timeout on its\n"
			"    sessions) and every request end within --timeout; TCP keepalives\n"
			"    watch idle connections.  A database that does not answer delays\n"
			"    the others by at most --timeout, and is retried with backoff.\n"
			"\n"
			"OPTIONS\n"
			"    --dsn CONNINFO     a libpq connection string or URI of a database with\n"
			"                       the csat extension; repeat it for several databases\n"
			"                       (the workers of a Citus cluster).  The role needs\n"
			"                       EXECUTE on csat_alert_claim, csat_alert_delivered\n"
			"                       and csat_alert_failed.  Passwords: ~/.pgpass or\n"
			"                       PGPASSWORD, not the command line.\n"
			"    --url URL          the webhook (https://, or http:// to a loopback\n"
			"                       host).  Visible in ps: prefer --url-file or\n"
			"                       CSAT_ALERTD_URL.\n"
			"    --url-file FILE    read the URL from FILE (one line).\n"
			"    --allow-http       allow plain http:// to a host other than loopback\n"
			"                       (the URL and headers then cross the network\n"
			"                       unencrypted); refused without it.\n"
			"    --format FORMAT    json (default): the alert's payload, e.g.\n"
			"                       {\"table\": \"public.tickets\", \"op\": \"INSERT\",\n"
			"                        \"column\": \"csat\", \"key\": \"42\", \"rating\": \"1/5\",\n"
			"                        \"value\": 1, \"scale_lo\": 1, \"scale_hi\": 5,\n"
			"                        \"alert_id\": 17}\n"
			"                       slack: {\"text\": \"Low CSAT 1/5 on public.tickets.csat,\n"
			"                       key 42 (alert 17)\"}, for Slack and Teams incoming\n"
			"                       webhooks.\n"
			"    --header 'Name: value'\n"
			"                       an extra request header; repeatable.  Visible in\n"
			"                       ps: prefer --header-file for credentials.\n"
			"    --header-file FILE extra request headers, one 'Name: value' a line\n"
			"                       (blank lines and lines starting with # skipped);\n"
			"                       repeatable.\n"
			"    --batch N          alerts claimed at a time (default 100).\n"
			"    --poll SECONDS     wait between claims when the queue is empty\n"
			"                       (default 1).\n"
			"    --timeout SECONDS  bound of each request, connection and query\n"
			"                       (default 10).\n"
			"    --lease SECONDS    how long a claim is this forwarder's; unacknowledged\n"
			"                       alerts are handed out again after it (default 60,\n"
			"                       at most 86400).  Must exceed --timeout.\n"
			"    --max-attempts N   attempts per alert before giving up (default 10).\n"
			"    --channel NAME     LISTEN on NAME and claim as soon as a NOTIFY arrives\n"
			"                       (the fourth argument of csat_enqueue_low_rating()).\n"
			"    --once             deliver what is due now, then exit; alerts that\n"
			"                       fail are left for the next run, not retried.\n"
			"    --help             print this help and exit.\n"
			"    --version          print the version and exit.\n"
			"\n"
			"ENVIRONMENT\n"
			"    CSAT_ALERTD_URL    the webhook, when neither --url nor --url-file is\n"
			"                       given (systemd: EnvironmentFile=).\n"
			"    PGHOST, PGPASSWORD ...  libpq's, for every --dsn.\n"
			"\n"
			"SIGNALS\n"
			"    SIGTERM, SIGINT    finish the request in flight, acknowledge it, exit 0,\n"
			"                       within --timeout + 1 s whatever the databases or\n"
			"                       the webhook do.\n"
			"\n"
			"EXIT STATUS\n"
			"    0  stopped by a signal, or --once and nothing failed\n"
			"    1  --once and an alert failed or a database was unreachable\n"
			"    2  bad arguments\n"
			"\n"
			"EXAMPLES\n"
			"    CSAT_ALERTD_URL=https://hooks.slack.com/services/T000/B000/XXXX \\\n"
			"        csat-alertd --dsn 'dbname=helpdesk user=alertd' --format slack\n"
			"    csat-alertd --dsn 'host=w1 dbname=app' --dsn 'host=w2 dbname=app' \\\n"
			"        --url-file /run/credentials/csat-alertd.service/webhook-url \\\n"
			"        --header-file /run/credentials/csat-alertd.service/webhook-headers \\\n"
			"        --channel csat_alerts\n");
}

#define USAGE_LINES \
	"usage: csat-alertd --dsn CONNINFO [--dsn CONNINFO ...]\n" \
	"                   [--url URL | --url-file FILE] [--allow-http]\n" \
	"                   [--format json|slack] [--header 'Name: value' ...]\n" \
	"                   [--header-file FILE ...] [--batch N] [--poll SECONDS]\n" \
	"                   [--timeout SECONDS] [--lease SECONDS] [--max-attempts N]\n" \
	"                   [--channel NAME] [--once]\n" \
	"Try \"csat-alertd --help\" for more information.\n"

/*
 * A bad argument: the message, the usage, exit 2.  Messages never quote a
 * value given (it may be the URL, a header or a DSN with a password):
 * they name the option and say what it takes.
 */
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
	fprintf(stderr, "\n\n" USAGE_LINES);
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
		bad_argument("invalid %s: a number of seconds, more than 0, at most 86400", opt);
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
		bad_argument("invalid %s: an integer from 1 to %d", opt, max);
	return (int) v;
}

static void
add_secret(Options *o, const char *s, size_t n)
{
	char	   *copy = xmalloc(n + 1);

	memcpy(copy, s, n);
	copy[n] = '\0';
	o->secrets = xrealloc(o->secrets, sizeof(char *) * (o->nsecrets + 1));
	o->secrets[o->nsecrets++] = copy;
}

static bool
is_loopback_host(const char *host, size_t n)
{
	char		h[256];

	if (n == 0 || n >= sizeof(h))
		return false;
	for (size_t i = 0; i < n; i++)
		h[i] = (char) tolower((unsigned char) host[i]);
	h[n] = '\0';
	if (strcmp(h, "localhost") == 0 || strcmp(h, "[::1]") == 0)
		return true;
	/* 127.0.0.0/8, written as a dotted quad */
	if (strncmp(h, "127.", 4) == 0)
	{
		int			dots = 0;

		for (const char *p = h; *p; p++)
		{
			if (*p == '.')
				dots++;
			else if (!isdigit((unsigned char) *p))
				return false;
		}
		return dots == 3;
	}
	return false;
}

/*
 * Check the webhook URL (from the option, a file or the environment: named
 * by `from`), note its secret parts and make what may be logged of it:
 * scheme://host[:port], with "/…" when a path or query followed.
 */
static void
set_url(Options *o, char *url, const char *from)
{
	const char *rest;
	const char *auth_end;
	const char *at;
	const char *host;
	size_t		hostlen;
	bool		https;
	Buf			shown = {0};

	if (strncmp(url, "https://", 8) == 0)
		https = true;
	else if (strncmp(url, "http://", 7) == 0)
		https = false;
	else
		bad_argument("invalid %s: not an http:// or https:// URL", from);
	for (const char *p = url; *p; p++)
		if ((unsigned char) *p <= ' ' || *p == 0x7f)
			bad_argument("invalid %s: the URL holds a space or a control character", from);
	rest = url + (https ? 8 : 7);
	auth_end = rest + strcspn(rest, "/?#");
	/* user info (user:password@) is a secret */
	at = NULL;
	for (const char *p = rest; p < auth_end; p++)
		if (*p == '@')
			at = p;
	host = at ? at + 1 : rest;
	if (at != NULL && at > rest)
		add_secret(o, rest, at - rest);
	/* the host, without the port */
	if (*host == '[')
	{
		const char *close = memchr(host, ']', auth_end - host);

		hostlen = close ? (size_t) (close - host + 1) : (size_t) (auth_end - host);
	}
	else
	{
		const char *colon = memchr(host, ':', auth_end - host);

		hostlen = colon ? (size_t) (colon - host) : (size_t) (auth_end - host);
	}
	if (hostlen == 0)
		bad_argument("invalid %s: the URL names no host", from);
	if (!https && !o->allow_http && !is_loopback_host(host, hostlen))
		bad_argument("%s is plain http:// to %.*s, which is not loopback: the URL and headers "
					 "would cross the network unencrypted; use https://, or give --allow-http",
					 from, (int) hostlen, host);
	/* path, query and fragment are secrets (Slack's and Teams' tokens) */
	if (*auth_end != '\0' && strcmp(auth_end, "/") != 0)
		add_secret(o, auth_end, strlen(auth_end));
	add_secret(o, url, strlen(url));

	buf_puts(&shown, https ? "https://" : "http://");
	buf_append(&shown, host, auth_end - host);
	if (*auth_end != '\0')
		buf_puts(&shown, strcmp(auth_end, "/") == 0 ? "/" : "/\xe2\x80\xa6");
	free(o->url);
	free(o->url_shown);
	o->url = url;
	o->url_shown = shown.data;
}

/* 'Name: value' on one line, a token as name; the value becomes a secret */
static void
add_header(Options *o, const char *h, const char *from)
{
	const char *colon = strchr(h, ':');
	const char *v;
	size_t		vlen;

	if (colon == NULL || colon == h)
		bad_argument("invalid %s: a header is 'Name: value'", from);
	for (const char *p = h; p < colon; p++)
		if (!isalnum((unsigned char) *p) && strchr("!#$%&'*+-.^_`|~", *p) == NULL)
			bad_argument("invalid %s: a header name is letters, digits and -", from);
	for (const char *p = colon; *p; p++)
		if ((unsigned char) *p < ' ' && *p != '\t')
			bad_argument("invalid %s: a header is on one line", from);
	v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	vlen = strlen(v);
	while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
		vlen--;
	if (vlen > 0)
		add_secret(o, v, vlen);
	o->headers = xrealloc(o->headers, sizeof(char *) * (o->nheaders + 1));
	o->headers[o->nheaders++] = xstrdup(h);
}

/* a whole file, or exit 2 naming the file and the error (never its content) */
static char *
read_file(const char *path, const char *opt)
{
	Buf			b = {0};
	char		chunk[4096];
	int			fd = open(path, O_RDONLY);
	ssize_t		n;

	if (fd < 0)
		bad_argument("cannot open the %s %s: %s", opt, path, strerror(errno));
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
	{
		buf_append(&b, chunk, n);
		if (b.len > 1024 * 1024)
			bad_argument("the %s %s is larger than 1 MB", opt, path);
	}
	if (n < 0)
		bad_argument("cannot read the %s %s: %s", opt, path, strerror(errno));
	close(fd);
	if (b.data == NULL)
		buf_puts(&b, "");
	if (memchr(b.data, '\0', b.len) != NULL)
		bad_argument("the %s %s is not text", opt, path);
	return b.data;
}

/* the URL of --url-file: one line, surrounding white space ignored */
static char *
url_from_file(const char *path)
{
	char	   *text = read_file(path, "--url-file");
	char	   *start = text;
	size_t		len;

	while (isspace((unsigned char) *start))
		start++;
	len = strlen(start);
	while (len > 0 && isspace((unsigned char) start[len - 1]))
		len--;
	start[len] = '\0';
	if (len == 0)
		bad_argument("the --url-file %s is empty", path);
	if (strpbrk(start, "\r\n") != NULL)
		bad_argument("the --url-file %s holds more than one line", path);
	memmove(text, start, len + 1);
	return text;
}

static void
headers_from_file(Options *o, const char *path)
{
	char	   *text = read_file(path, "--header-file");
	char	   *line = text;
	int			lineno = 0;
	char		from[64];

	while (line != NULL && *line != '\0')
	{
		char	   *next = strchr(line, '\n');
		size_t		len;

		lineno++;
		if (next != NULL)
			*next++ = '\0';
		len = strlen(line);
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line != '\0' && *line != '#')
		{
			snprintf(from, sizeof(from), "--header-file line %d", lineno);
			add_header(o, line, from);
		}
		line = next;
	}
	free(text);
}

static void
parse_options(int argc, char **argv, Options *o)
{
	static const struct option longopts[] = {
		{"dsn", required_argument, NULL, 'd'},
		{"url", required_argument, NULL, 'u'},
		{"url-file", required_argument, NULL, 'U'},
		{"allow-http", no_argument, NULL, 'a'},
		{"format", required_argument, NULL, 'f'},
		{"header", required_argument, NULL, 'H'},
		{"header-file", required_argument, NULL, 'F'},
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
	const char *url_arg = NULL;
	const char *url_file = NULL;

	memset(o, 0, sizeof(*o));
	o->format = FORMAT_JSON;
	o->batch = 100;
	o->poll = 1;
	o->timeout = 10;
	o->lease = 60;
	o->max_attempts = 10;
	o->dsns = xmalloc(sizeof(char *) * argc);

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1)
	{
		switch (ch)
		{
			case 'd':
				o->dsns[o->ndsns++] = optarg;
				break;
			case 'u':
				url_arg = optarg;
				break;
			case 'U':
				url_file = optarg;
				break;
			case 'a':
				o->allow_http = true;
				break;
			case 'f':
				if (strcmp(optarg, "json") == 0)
					o->format = FORMAT_JSON;
				else if (strcmp(optarg, "slack") == 0)
					o->format = FORMAT_SLACK;
				else
					bad_argument("invalid --format: json or slack");
				break;
			case 'H':
				add_header(o, optarg, "--header");
				break;
			case 'F':
				headers_from_file(o, optarg);
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
					bad_argument("invalid --channel: 1 to 63 bytes");
				o->channel = optarg;
				break;
			case '1':
				o->once = true;
				break;
			case 'h':
				usage(stdout);
				exit(0);
			case 'V':
				printf("%s %s\n", progname, ALERTD_VERSION);
				exit(0);
			default:
				{
					/* the option's name only: what follows '=' may be a secret */
					const char *arg = argv[optind - 1];
					size_t		namelen = strcspn(arg, "=");

					if (optopt != 0 || strncmp(arg, "--", 2) != 0)
						bad_argument("unknown option, or an option without its value");
					if (namelen > 40)
						namelen = 40;
					bad_argument("unknown or incomplete option %.*s", (int) namelen, arg);
				}
		}
	}
	if (optind < argc)
		bad_argument("unexpected argument number %d (not shown: it may hold a secret)", optind);
	if (o->ndsns == 0)
		bad_argument("--dsn is required");
	if (url_arg != NULL && url_file != NULL)
		bad_argument("--url and --url-file: give one of them");
	if (url_arg != NULL)
		set_url(o, xstrdup(url_arg), "--url");
	else if (url_file != NULL)
		set_url(o, url_from_file(url_file), "--url-file");
	else if (getenv("CSAT_ALERTD_URL") != NULL && getenv("CSAT_ALERTD_URL")[0] != '\0')
		set_url(o, xstrdup(getenv("CSAT_ALERTD_URL")), "CSAT_ALERTD_URL");
	else
		bad_argument("the webhook is required: --url, --url-file or CSAT_ALERTD_URL");
	if (o->lease <= o->timeout)
	{
		if (lease_given)
			bad_argument("--lease %g must exceed --timeout %g: an alert in flight would be handed out again",
						 o->lease, o->timeout);
		o->lease = o->timeout * 6;
		if (o->lease > 86400)
			o->lease = 86400;
	}
}

static void
free_options(Options *o)
{
	for (int i = 0; i < o->nheaders; i++)
		free(o->headers[i]);
	for (int i = 0; i < o->nsecrets; i++)
		free(o->secrets[i]);
	free(o->headers);
	free(o->secrets);
	free(o->url);
	free(o->url_shown);
	free(o->dsns);
}

static void
on_signal(int signo)
{
	int			saved = errno;

	(void) signo;
	if (!stop_requested)
	{
		clock_gettime(CLOCK_MONOTONIC, &stop_time);
		stop_requested = 1;
	}
	if (write(wake_pipe[1], "x", 1) < 0)
	{
		/* the pipe is full: a wake-up is pending anyway */
	}
	errno = saved;
}

/*
 * Sleep up to `seconds`, or until a NOTIFY arrives on one of the
 * connections, or a stop signal.
 */
static void
wait_for(Conn *conns, int n, double seconds)
{
	struct pollfd *p;
	int			np = 1;
	double		deadline = now_seconds() + seconds;

	if (stop_requested || seconds <= 0)
		return;
	p = xmalloc(sizeof(struct pollfd) * (n + 1));
	for (;;)
	{
		double		left = deadline - now_seconds();
		int			r;

		if (stop_requested || left <= 0)
			break;
		np = 1;
		p[0].fd = wake_pipe[0];
		p[0].events = POLLIN;
		p[0].revents = 0;
		for (int i = 0; i < n; i++)
		{
			p[np].fd = conns[i].pg != NULL ? PQsocket(conns[i].pg) : -1;
			p[np].events = POLLIN;
			p[np].revents = 0;
			np++;
		}
		r = poll(p, np, (int) ceil(left * 1000));
		if (r <= 0)
			continue;
		if (p[0].revents)
			drain_wake_pipe();
		{
			bool		woken = false;

			for (int i = 0; i < n; i++)
				if (p[i + 1].fd >= 0 && p[i + 1].revents)
				{
					db_drain_notifies(&conns[i]);
					woken = true;
				}
			if (woken)
				break;
		}
	}
	free(p);
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
	int			left_for_next_run = 0;

	/* acknowledgements left over from a lost connection go first */
	if (!db_flush_acks(c, o))
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
		if (stop_requested)
			break;
		/* never send what the lease may already have handed to another forwarder */
		if (now_seconds() - claimed_at + o->timeout >= o->lease)
		{
			logmsg("database %d: lease of %g s nearly over; alerts %lld..%lld are left for the next claim",
				   c->index, o->lease, a->alert_id, alerts[n - 1].alert_id);
			break;
		}
		/*
		 * --once: an alert that failed earlier in this run and is due again
		 * (its backoff was short) waits for the next run, so that the run
		 * ends once nothing new is due
		 */
		if (o->once && !idset_add(&c->tried, a->alert_id))
		{
			left_for_next_run++;
			continue;
		}

		body = body_build(o, a);
		t0 = now_seconds();
		r = http_post(o, a->idempotency_key, body, err, sizeof(err), &status);
		free(body);
		if (r == POST_OK)
		{
			db_add_ack(c, a);
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
			if (!db_failed(c, o, a, err, retry))
				break;			/* connection lost: the lease brings it back */
		}
	}
	if (left_for_next_run > 0)
		logmsg("database %d: %d alerts that failed in this run are due again; --once leaves them for the next run",
			   c->index, left_for_next_run);
	db_free_alerts(alerts, n);
	if (!db_flush_acks(c, o))
		return -1;
	return n;
}

int
main(int argc, char **argv)
{
	Options		o;
	Conn	   *conns;
	struct sigaction sa;
	double		sink_backoff = 0;
	int			failures = 0;
	bool		db_trouble = false;
	int			status = 0;

	parse_options(argc, argv, &o);
	log_set_secrets(o.secrets, o.nsecrets);

	if (pipe(wake_pipe) != 0 ||
		fcntl(wake_pipe[0], F_SETFL, O_NONBLOCK) != 0 ||
		fcntl(wake_pipe[1], F_SETFL, O_NONBLOCK) != 0 ||
		fcntl(wake_pipe[0], F_SETFD, FD_CLOEXEC) != 0 ||
		fcntl(wake_pipe[1], F_SETFD, FD_CLOEXEC) != 0)
	{
		logmsg("cannot make a pipe: %s", strerror(errno));
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGINT);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

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
	{
		Buf			names = {0};

		for (int i = 0; i < o.nheaders; i++)
		{
			buf_puts(&names, i ? ", " : "; headers: ");
			buf_append(&names, o.headers[i], strcspn(o.headers[i], ":"));
		}
		logmsg("forwarding to %s (%s, %d database%s%s)", o.url_shown,
			   o.format == FORMAT_JSON ? "json" : "slack", o.ndsns,
			   o.ndsns > 1 ? "s" : "", names.data ? names.data : "");
		free(names.data);
	}

	while (!stop_requested)
	{
		bool		more = false;
		bool		sink_down = false;
		double		next_connect = -1;

		for (int i = 0; i < o.ndsns && !stop_requested; i++)
		{
			Conn	   *c = &conns[i];
			int			n;

			if (c->pg == NULL)
			{
				/* --once tries an unreachable database once (retry_at infinite) */
				if (now_seconds() < c->retry_at)
				{
					if (next_connect < 0 || c->retry_at < next_connect)
						next_connect = c->retry_at;
					continue;
				}
				if (!db_connect(c, &o))
				{
					db_trouble = true;
					if (o.once)
						c->retry_at = INFINITY;
					else if (next_connect < 0 || c->retry_at < next_connect)
						next_connect = c->retry_at;
					continue;
				}
			}
			n = deliver_batch(c, &o, &sink_down, &failures);
			if (n < 0)
			{
				db_trouble = true;
				if (o.once && c->pg == NULL)
					c->retry_at = INFINITY;
			}
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

		if (o.once)
		{
			if (!more)
				break;
			continue;
		}
		if (sink_backoff > 0)
			wait_for(conns, o.ndsns, sink_backoff);
		else if (!more)
		{
			double		w = o.poll;

			if (next_connect >= 0 && next_connect - now_seconds() < w)
				w = next_connect - now_seconds();
			wait_for(conns, o.ndsns, w);
		}
	}

	for (int i = 0; i < o.ndsns; i++)
	{
		/* a last try for acknowledgements not yet sent */
		if (conns[i].nacks > 0 && conns[i].pg != NULL)
			db_flush_acks(&conns[i], &o);
		if (conns[i].nacks > 0)
			logmsg("database %d: %d delivered alerts could not be acknowledged; they will be delivered again",
				   conns[i].index, conns[i].nacks);
		db_disconnect(&conns[i]);
		for (int j = 0; j < conns[i].nacks; j++)
			free(conns[i].ack_tokens[j]);
		free(conns[i].acks);
		free(conns[i].ack_tokens);
		idset_free(&conns[i].tried);
	}
	free(conns);
	http_cleanup();
	if (stop_requested)
		logmsg("stopped by signal");
	else if (o.once && (failures > 0 || db_trouble))
		status = 1;
	free_options(&o);
	return status;
}
