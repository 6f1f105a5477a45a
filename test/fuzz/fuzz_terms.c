/*-------------------------------------------------------------------------
 *
 * fuzz_terms.c
 *	  libFuzzer harness for the comment_terms state (src/core/terms.c):
 *	  csat_terms_parse (text input), csat_terms_read (binary receive and
 *	  deserialize), their formatters, csat_terms_merge, the comment feed
 *	  (begin/add/end) and csat_terms_z.
 *
 * Binary mode: the input starts with byte 0x01 (the format's version, which
 * text never starts with) and is read as recv reads it.  Text mode: the
 * input up to its first NUL is parsed as the type's input does; when it
 * does not parse, its blank-separated words are fed as one unhappy comment
 * of lexemes and phrases instead.  Properties (abort() on a violation):
 *	 - an accepted state formats to text of fewer than csat_terms_text_size
 *	   bytes that parses back to a state with the same text and the same
 *	   binary form; the binary form is csat_terms_binary_size bytes and
 *	   reads back to the same bytes;
 *	 - merging a state into an empty one gives the same text; merging it
 *	   twice doubles every count or fails with a range or limit error;
 *	 - every rejection fills a known error kind and a terminated message;
 *	 - z-scores of every term are finite or NaN, never a crash.
 *
 * Build: see test/fuzz/run.sh.
 *
 *-------------------------------------------------------------------------
 */
#include "terms.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INPUT 4096

static void *
fz_alloc(void *arg, size_t size)
{
	void	   *p = malloc(size ? size : 1);

	if (p == NULL)
		abort();
	return p;
}

static void
fz_free(void *arg, void *p)
{
	free(p);
}

static const CsatTermsAlloc fz = {fz_alloc, fz_free, NULL, NULL};

static void
violation(const char *what)
{
	fprintf(stderr, "fuzz_terms: property violated: %s\n", what);
	abort();
}

static void
check_error(const CsatError *err)
{
	if (err->kind != CSAT_ERR_SYNTAX && err->kind != CSAT_ERR_RANGE &&
		err->kind != CSAT_ERR_PARAM && err->kind != CSAT_TERMS_ERR_LIMIT)
		violation("unknown error kind");
	if (memchr(err->msg, '\0', sizeof(err->msg)) == NULL || err->msg[0] == '\0')
		violation("error message not terminated or empty");
}

static char *
to_text(CsatTerms *t)
{
	size_t		n = csat_terms_text_size(t);
	char	   *buf = malloc(n);

	csat_terms_format(t, buf);
	if (strlen(buf) >= n)
		violation("text longer than csat_terms_text_size");
	return buf;
}

static unsigned char *
to_binary(CsatTerms *t, size_t *len)
{
	size_t		n = csat_terms_binary_size(t);
	unsigned char *buf = malloc(n + 16);

	memset(buf, 0xA5, n + 16);
	csat_terms_write(t, buf);
	for (size_t i = n; i < n + 16; i++)
		if (buf[i] != 0xA5)
			violation("binary form longer than csat_terms_binary_size");
	*len = n;
	return buf;
}

/* the properties of an accepted state */
static void
check_state(CsatTerms *t)
{
	char	   *text = to_text(t);
	size_t		blen,
				blen2;
	unsigned char *bin = to_binary(t, &blen);
	unsigned char *bin2;
	CsatTerms  *u = csat_terms_create(&fz);
	CsatTerms  *m;
	CsatError	err;
	char	   *text2;
	size_t		i;

	if (!csat_terms_parse(u, text, &err))
	{
		fprintf(stderr, "text: %s\nerror: %s\n", text, err.msg);
		violation("formatted text does not parse");
	}
	text2 = to_text(u);
	bin2 = to_binary(u, &blen2);
	if (strcmp(text, text2) != 0 || blen != blen2 || memcmp(bin, bin2, blen) != 0)
		violation("text round trip changed the state");
	csat_terms_destroy(u);
	free(text2);
	free(bin2);

	u = csat_terms_create(&fz);
	if (!csat_terms_read(u, bin, blen, &err))
		violation("binary form does not read back");
	bin2 = to_binary(u, &blen2);
	if (blen != blen2 || memcmp(bin, bin2, blen) != 0)
		violation("binary round trip changed the state");
	free(bin2);

	m = csat_terms_create(&fz);
	if (!csat_terms_merge(m, t, &err))
		violation("merge into an empty state failed");
	text2 = to_text(m);
	if (strcmp(text, text2) != 0)
		violation("merge into an empty state changed the state");
	free(text2);
	if (csat_terms_merge(m, u, &err))
	{
		if (csat_terms_count(m) != csat_terms_count(t) ||
			csat_terms_comments(m, 0) != 2 * csat_terms_comments(t, 0) ||
			csat_terms_comments(m, 1) != 2 * csat_terms_comments(t, 1))
			violation("merging a state twice did not double it");
		for (i = 0; i < csat_terms_count(t); i++)
		{
			CsatTermView a,
						b;

			csat_terms_get(t, i, &a);
			csat_terms_get(m, i, &b);
			if (b.unhappy != 2 * a.unhappy || b.happy != 2 * a.happy)
				violation("merging a state twice did not double a term");
		}
	}
	else
	{
		check_error(&err);
		if (err.kind != CSAT_ERR_RANGE && err.kind != CSAT_TERMS_ERR_LIMIT)
			violation("merge failed with an unexpected error");
	}
	for (i = 0; i < csat_terms_count(t); i++)
	{
		CsatTermView v;
		double		z;

		csat_terms_get(t, i, &v);
		z = csat_terms_z(v.unhappy, csat_terms_comments(t, 0), v.happy,
						 csat_terms_comments(t, 1), 10.0);
		if (isinf(z))
			violation("infinite z");
	}
	csat_terms_destroy(m);
	csat_terms_destroy(u);
	free(text);
	free(bin);
}

/* the words of s as one comment: lexemes, and phrases of neighbours */
static void
feed_words(const char *s)
{
	CsatTerms  *t = csat_terms_create(&fz);
	CsatError	err;
	const char *prev = NULL;
	size_t		lprev = 0;
	int			group = 0;
	bool		ok = true;

	while (*s && ok)
	{
		const char *w;
		size_t		lw;

		while (*s == ' ')
			s++;
		if (*s == '|')
		{
			/* '|' ends a comment; the next one is in the other group */
			ok = csat_terms_end(t, &err);
			group = 1 - group;
			csat_terms_begin(t, group);
			prev = NULL;
			s++;
			continue;
		}
		w = s;
		while (*s && *s != ' ' && *s != '|')
			s++;
		lw = s - w;
		if (lw == 0)
			break;
		if (prev == NULL)
			csat_terms_begin(t, group);
		ok = csat_terms_add(t, w, lw, NULL, 0, w, lw, &err);
		if (ok && prev != NULL)
			ok = csat_terms_add(t, prev, lprev, w, lw, prev, lprev + 1 + lw, &err);
		prev = w;
		lprev = lw;
	}
	if (ok)
		ok = csat_terms_end(t, &err);
	if (ok)
		check_state(t);
	else
		check_error(&err);
	csat_terms_destroy(t);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	CsatTerms  *t;
	CsatError	err;

	if (size > MAX_INPUT)
		return 0;
	t = csat_terms_create(&fz);
	if (size > 0 && data[0] == CSAT_TERMS_VERSION)
	{
		if (csat_terms_read(t, data, size, &err))
			check_state(t);
		else
			check_error(&err);
	}
	else
	{
		char	   *s = malloc(size + 1);

		memcpy(s, data, size);
		s[size] = '\0';
		if (csat_terms_parse(t, s, &err))
			check_state(t);
		else
		{
			check_error(&err);
			feed_words(s);
		}
		free(s);
	}
	csat_terms_destroy(t);
	return 0;
}
