/*-------------------------------------------------------------------------
 *
 * body.c
 *	  csat-alertd: request bodies.  json: the alert's payload as queued
 *	  (the csat_notify_low_rating() payload plus alert_id); slack:
 *	  {"text": "..."}, which Slack and Microsoft Teams incoming webhooks
 *	  accept.
 *
 *-------------------------------------------------------------------------
 */
#include "alertd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *
xmalloc(size_t n)
{
	void	   *p = malloc(n ? n : 1);

	if (p == NULL)
	{
		fprintf(stderr, ALERTD_NAME ": out of memory\n");
		exit(1);
	}
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void	   *q = realloc(p, n ? n : 1);

	if (q == NULL)
	{
		fprintf(stderr, ALERTD_NAME ": out of memory\n");
		exit(1);
	}
	return q;
}

char *
xstrdup(const char *s)
{
	size_t		n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

void
buf_append(Buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
	{
		size_t		cap = b->cap ? b->cap : 256;

		while (b->len + n + 1 > cap)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(Buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

/* s as a JSON string: quotes, backslashes and control characters escaped */
void
buf_json_string(Buf *b, const char *s)
{
	buf_append(b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *) s; *p; p++)
	{
		char		esc[8];

		switch (*p)
		{
			case '"':
				buf_append(b, "\\\"", 2);
				break;
			case '\\':
				buf_append(b, "\\\\", 2);
				break;
			case '\n':
				buf_append(b, "\\n", 2);
				break;
			case '\r':
				buf_append(b, "\\r", 2);
				break;
			case '\t':
				buf_append(b, "\\t", 2);
				break;
			default:
				if (*p < 0x20)
				{
					snprintf(esc, sizeof(esc), "\\u%04x", *p);
					buf_puts(b, esc);
				}
				else
					buf_append(b, (const char *) p, 1);
		}
	}
	buf_append(b, "\"", 1);
}

/* the request body for one alert; the caller frees it */
char *
body_build(const Options *o, const Alert *a)
{
	Buf			b = {0};
	char		text[64];

	if (o->format == FORMAT_JSON)
		return xstrdup(a->payload);

	/* Slack: "Low CSAT 1/5 on public.tickets.csat, key 42 (alert 17)" */
	{
		Buf			t = {0};

		/*
		 * A watch alert (csat_watch_run()) has no rating; its key says what
		 * happened: 'CSAT watch "w" on public.tickets: category=hardware
		 * entered breach: csat_pct 62.5, below the threshold 80 (...)'.
		 */
		if (a->rating[0] == '\0' && a->key != NULL)
			buf_puts(&t, a->key);
		else
		{
			buf_puts(&t, "Low CSAT ");
			buf_puts(&t, a->rating);
			buf_puts(&t, " on ");
			buf_puts(&t, a->relation);
			buf_puts(&t, ".");
			buf_puts(&t, a->column_name);
			buf_puts(&t, ", key ");
			buf_puts(&t, a->key ? a->key : "(null)");
		}
		snprintf(text, sizeof(text), " (alert %lld)", a->alert_id);
		buf_puts(&t, text);

		buf_puts(&b, "{\"text\":");
		buf_json_string(&b, t.data);
		buf_puts(&b, "}");
		free(t.data);
	}
	return b.data;
}
