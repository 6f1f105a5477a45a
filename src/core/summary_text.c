/*-------------------------------------------------------------------------
 *
 * summary_text.c
 *	  PostgreSQL-free text form of the rating summary: the versioned
 *	  grammar, its parser and its formatter.  See core.h.
 *
 *-------------------------------------------------------------------------
 */
#include "core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------------
 * Summary text
 * ---------------------------------------------------------------------
 */

#define SUMMARY_HINT "A rating_summary reads like {v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}."

typedef struct SumLexer
{
	const char *p;
	const char *input;
	CsatError  *err;
} SumLexer;

static bool
syntax(SumLexer *lx, const char *what)
{
	char		q[64];

	csat_quote_input(lx->input, q, sizeof(q));
	return csat_fail(lx->err, CSAT_ERR_SYNTAX, SUMMARY_HINT,
				"invalid input syntax for type rating_summary: \"%s\" (expected %s at offset %d)",
				q, what, (int) (lx->p - lx->input));
}

static bool
is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '_';
}

/*
 * Expect punctuation, or a keyword, after optional blanks.  A keyword stands
 * apart: blanks (or the opening brace) before it, no word character after.
 */
static bool
expect(SumLexer *lx, const char *word)
{
	size_t		n = strlen(word);

	lx->p = csat_skip_blanks(lx->p);
	if (strncmp(lx->p, word, n) != 0)
		return syntax(lx, word);
	if (is_word_char(word[0]) &&
		((lx->p > lx->input && is_word_char(lx->p[-1])) || is_word_char(lx->p[n])))
		return syntax(lx, word);
	lx->p += n;
	return true;
}

static bool
peek(SumLexer *lx, const char *word)
{
	const char *p = csat_skip_blanks(lx->p);

	return strncmp(p, word, strlen(word)) == 0;
}

static bool
read_count(SumLexer *lx, int64_t *out)
{
	const char *p;
	int64_t		v = 0;

	lx->p = csat_skip_blanks(lx->p);
	p = lx->p;
	if (*p == '-')
		return csat_fail(lx->err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: negative count at offset %d",
					(int) (p - lx->input));
	if (*p < '0' || *p > '9')
		return syntax(lx, "a count");
	while (*p >= '0' && *p <= '9')
	{
		if (v > (INT64_MAX - (*p - '0')) / 10)
			return csat_fail(lx->err, CSAT_ERR_RANGE, NULL,
						"rating_summary count at offset %d is out of range for type bigint",
						(int) (lx->p - lx->input));
		v = v * 10 + (*p - '0');
		p++;
	}
	lx->p = p;
	*out = v;
	return true;
}

static bool
read_scale(SumLexer *lx, uint8_t *out)
{
	int			lo,
				hi;

	lx->p = csat_skip_blanks(lx->p);
	if (csat_read_uint(&lx->p, &lo) != 1)
		return syntax(lx, "a scale lo-hi");
	if (*lx->p != '-')
		return syntax(lx, "'-' in a scale lo-hi");
	lx->p++;
	if (csat_read_uint(&lx->p, &hi) != 1)
		return syntax(lx, "a scale lo-hi");
	if (!csat_scale_valid(lo, hi))
		return csat_fail(lx->err, CSAT_ERR_PARAM, "A scale lo-hi needs 0 <= lo < hi <= 10.",
					"invalid scale %d-%d in rating_summary", lo, hi);
	*out = CSAT_SCALE(lo, hi);
	return true;
}

bool
csat_summary_parse(const char *str, CsatSummary *out, CsatError *err)
{
	SumLexer	lx = {str, str, err};
	CsatSummary s;

	memset(&s, 0, sizeof(s));
	if (!expect(&lx, "{"))
		return false;
	lx.p = csat_skip_blanks(lx.p);
	/* a version word v<digits> other than v1: a format from another csat */
	if (lx.p[0] == 'v' && lx.p[1] >= '0' && lx.p[1] <= '9')
	{
		const char *e = lx.p + 1;

		while (*e >= '0' && *e <= '9')
			e++;
		if (is_word_char(*e) || (e - lx.p == 2 && lx.p[1] == '1'))
			e = NULL;			/* not a version word, or v1 itself */
		if (e != NULL)
		{
			char		q[64];

			csat_quote_input(str, q, sizeof(q));
			return csat_fail(err, CSAT_ERR_PARAM, "This version of csat reads rating_summary format v1.",
						"unsupported rating_summary version in \"%s\"", q);
		}
	}
	if (!expect(&lx, "v1"))
		return false;

	if (peek(&lx, "scales"))
	{
		uint8_t		a,
					b;

		if (!expect(&lx, "scales") || !read_scale(&lx, &a) || !expect(&lx, ",") ||
			!read_scale(&lx, &b))
			return false;
		s.scales = (uint16_t) (a | (b << 8));
		if (!expect(&lx, "answered") || !read_count(&lx, &s.answered) ||
			!expect(&lx, "satisfied") || !read_count(&lx, &s.satisfied))
			return false;
		if (!expect(&lx, "unanswered") || !read_count(&lx, &s.unanswered))
			return false;
	}
	else if (peek(&lx, "scale"))
	{
		uint8_t		scale;
		int			v;

		if (!expect(&lx, "scale") || !read_scale(&lx, &scale) || !expect(&lx, "counts"))
			return false;
		s.scales = scale;
		for (v = CSAT_SCALE_LO(scale); v <= CSAT_SCALE_HI(scale); v++)
		{
			if (v > CSAT_SCALE_LO(scale) && !expect(&lx, ","))
				return false;
			if (!read_count(&lx, &s.counts[v]))
				return false;
			if (csat_add_overflows(s.answered, s.counts[v]))
				return csat_fail(err, CSAT_ERR_RANGE, NULL,
							"invalid rating_summary: counts add up to more than 9223372036854775807");
			s.answered += s.counts[v];
		}
		if (!expect(&lx, "unanswered") || !read_count(&lx, &s.unanswered))
			return false;
		if (peek(&lx, "satisfied_from"))
		{
			int64_t		from;

			if (!expect(&lx, "satisfied_from") || !read_count(&lx, &from))
				return false;
			if (from < CSAT_SCALE_LO(scale) || from > CSAT_SCALE_HI(scale))
				return csat_fail(err, CSAT_ERR_PARAM, NULL,
							"invalid rating_summary: satisfied_from %lld is off the scale %d-%d",
							(long long) from, CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale));
			s.satisfied_from = (uint8_t) (from + 1);
		}
	}
	else
	{
		if (!expect(&lx, "unanswered") || !read_count(&lx, &s.unanswered))
			return false;
	}
	if (!expect(&lx, "}"))
		return false;
	lx.p = csat_skip_blanks(lx.p);
	if (*lx.p != '\0')
		return syntax(&lx, "end of input after '}'");

	if (!csat_summary_validate(&s, err))
		return false;
	*out = s;
	return true;
}

/*
 * The formatter writes the text by hand rather than with snprintf: partial
 * aggregates cross Citus nodes as this text, once per group per shard, and
 * snprintf made the output cost about 1 us a summary.  The text is exactly
 * what "%lld" and "%d" would print (test/fuzz/parse_unit.c compares).
 */
static char *
put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static char *
put_int(char *p, int64_t v)
{
	char		tmp[20];
	int			n = 0;
	uint64_t	u;

	if (v < 0)
	{
		*p++ = '-';
		u = (uint64_t) (-(v + 1)) + 1;	/* INT64_MIN too */
	}
	else
		u = (uint64_t) v;
	do
	{
		tmp[n++] = (char) ('0' + u % 10);
		u /= 10;
	} while (u != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

static char *
put_scale(char *p, uint8_t scale)
{
	p = put_int(p, CSAT_SCALE_LO(scale));
	*p++ = '-';
	return put_int(p, CSAT_SCALE_HI(scale));
}

/*
 * At most: "{v1 scale 0-10 counts " (22) + 11 counts of 20 characters and
 * 10 commas + " unanswered " and 20 + " satisfied_from " and 3 + "}" and the
 * terminator, well below CSAT_SUMMARY_TEXT_MAX; the mixed form is shorter.
 */
void
csat_summary_format(const CsatSummary *s, char *buf)
{
	uint8_t		scale = CSAT_SUM_SCALE(s);
	char	   *p = buf;
	int			v;

	if (scale == 0)
	{
		p = put_str(p, "{v1 unanswered ");
		p = put_int(p, s->unanswered);
	}
	else if (CSAT_SUM_MIXED(s))
	{
		p = put_str(p, "{v1 scales ");
		p = put_scale(p, scale);
		*p++ = ',';
		p = put_scale(p, CSAT_SUM_SCALE2(s));
		p = put_str(p, " answered ");
		p = put_int(p, s->answered);
		p = put_str(p, " satisfied ");
		p = put_int(p, s->satisfied);
		p = put_str(p, " unanswered ");
		p = put_int(p, s->unanswered);
	}
	else
	{
		p = put_str(p, "{v1 scale ");
		p = put_scale(p, scale);
		p = put_str(p, " counts ");
		for (v = CSAT_SCALE_LO(scale); v <= CSAT_SCALE_HI(scale); v++)
		{
			if (v > CSAT_SCALE_LO(scale))
				*p++ = ',';
			p = put_int(p, s->counts[v]);
		}
		p = put_str(p, " unanswered ");
		p = put_int(p, s->unanswered);
		if (s->satisfied_from != 0)
		{
			p = put_str(p, " satisfied_from ");
			p = put_int(p, s->satisfied_from - 1);
		}
	}
	*p++ = '}';
	*p = '\0';
}
