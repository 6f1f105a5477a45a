/*-------------------------------------------------------------------------
 *
 * parse.c
 *	  PostgreSQL-free parsing, formatting and arithmetic of ratings and
 *	  rating summaries.  See parse.h.
 *
 *-------------------------------------------------------------------------
 */
#include "parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define RATING_HINT "Write a rating as value/scale, for example '4/5' (4 on 1..5) or '9/0-10' (9 on 0..10)."

static bool fail(CsatError *err, CsatErrKind kind, const char *hint,
				 const char *fmt,...) __attribute__((format(printf, 4, 5)));

static bool
fail(CsatError *err, CsatErrKind kind, const char *hint, const char *fmt,...)
{
	va_list		ap;

	err->kind = kind;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	snprintf(err->hint, sizeof(err->hint), "%s", hint ? hint : "");
	return false;
}

bool
csat_scale_valid(int lo, int hi)
{
	return lo >= 0 && lo < hi && hi <= CSAT_MAX_HI;
}

bool
csat_scale_byte_valid(unsigned scale)
{
	return scale <= 0xFF &&
		csat_scale_valid(CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale));
}

bool
csat_rating_valid(unsigned r)
{
	unsigned	scale = r >> 8;
	int			v = (int) (r & 0xFF);

	return r <= 0xFFFF && csat_scale_byte_valid(scale) &&
		v >= CSAT_SCALE_LO(scale) && v <= CSAT_SCALE_HI(scale);
}

int
csat_topbox_from(uint8_t scale)
{
	int			lo = CSAT_SCALE_LO(scale);
	int			hi = CSAT_SCALE_HI(scale);

	/* top-two-box on 4+ point scales, top box on 2- and 3-point scales */
	return (hi - lo + 1 >= 4) ? hi - 1 : hi;
}

void
csat_scale_format(uint8_t scale, char *buf)
{
	snprintf(buf, 8, "%d-%d", CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale));
}

void
csat_rating_format(uint16_t r, char *buf)
{
	uint8_t		scale = CSAT_RATING_SCALE(r);

	if (CSAT_SCALE_LO(scale) == 1)
		snprintf(buf, 16, "%d/%d", CSAT_RATING_VALUE(r), CSAT_SCALE_HI(scale));
	else
		snprintf(buf, 16, "%d/%d-%d", CSAT_RATING_VALUE(r),
				 CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale));
}

/* ---------------------------------------------------------------------
 * Rating text
 * ---------------------------------------------------------------------
 */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static const char *
skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/*
 * Read an unsigned decimal integer at *pp.  Returns 0 if there is no digit,
 * 1 on success, 2 if it does not fit in an int.  Advances *pp over every
 * digit it saw either way.
 */
static int
read_uint(const char **pp, int *out)
{
	const char *p = *pp;
	long		v = 0;
	bool		big = false;

	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
	{
		if (!big)
		{
			v = v * 10 + (*p - '0');
			if (v > 2147483647L)
				big = true;
		}
		p++;
	}
	*pp = p;
	if (big)
		return 2;
	*out = (int) v;
	return 1;
}

/*
 * Read the number part 'what' ("value" or "scale") of a rating at *pp, or
 * fail: no digits is a syntax error, too many a range error.
 */
static bool
read_part(const char **pp, int *out, const char *what, const char *q,
		  CsatError *err)
{
	switch (read_uint(pp, out))
	{
		case 1:
			*pp = skip_blanks(*pp);
			return true;
		case 2:
			return fail(err, CSAT_ERR_RANGE, NULL,
						"rating %s in \"%s\" is out of range for type satisfaction_rating",
						what, q);
		default:
			return fail(err, CSAT_ERR_SYNTAX, RATING_HINT,
						"invalid input syntax for type satisfaction_rating: \"%s\"", q);
	}
}

/* Copy at most 60 chars of str for a message, marking truncation. */
static void
quote_input(const char *str, char *buf, size_t bufsize)
{
	size_t		n = strlen(str);

	if (n > 60)
		snprintf(buf, bufsize, "%.57s...", str);
	else
		snprintf(buf, bufsize, "%s", str);
}

bool
csat_rating_parse(const char *str, uint8_t typmod_scale,
				  uint16_t *out, CsatError *err)
{
	const char *p = skip_blanks(str);
	char		q[64];
	int			v,
				lo = 1,
				hi;
	bool		has_lo = false;

	quote_input(str, q, sizeof(q));

	if (*p == '\0')
		return fail(err, CSAT_ERR_SYNTAX, RATING_HINT,
					"invalid input syntax for type satisfaction_rating: \"%s\"", q);

	if (*p == '-' || *p == '+')
		return fail(err, CSAT_ERR_SYNTAX, RATING_HINT,
					"invalid input syntax for type satisfaction_rating: \"%s\"", q);

	if (!read_part(&p, &v, "value", q, err))
		return false;

	if (typmod_scale != 0 && !csat_scale_byte_valid(typmod_scale))
		return fail(err, CSAT_ERR_PARAM, NULL,
					"invalid type modifier %d for satisfaction_rating", typmod_scale);

	if (*p == '\0')
	{
		/* bare number: only with a type modifier supplying the scale */
		if (typmod_scale == 0)
			return fail(err, CSAT_ERR_SYNTAX,
						"Give the scale with the value, for example '4/5' for 4 on 1..5, or load into a column declared satisfaction_rating(1,5).",
						"rating \"%s\" has no scale", q);
		lo = CSAT_SCALE_LO(typmod_scale);
		hi = CSAT_SCALE_HI(typmod_scale);
		if (v < lo || v > hi)
		{
			char		sc[8];

			csat_scale_format(typmod_scale, sc);
			return fail(err, CSAT_ERR_RANGE, NULL,
						"rating value %d is out of range for scale %s", v, sc);
		}
		*out = CSAT_RATING(typmod_scale, v);
		return true;
	}

	if (*p != '/')
		return fail(err, CSAT_ERR_SYNTAX, RATING_HINT,
					"invalid input syntax for type satisfaction_rating: \"%s\"", q);
	p = skip_blanks(p + 1);

	if (!read_part(&p, &hi, "scale", q, err))
		return false;

	if (*p == '-' || (p[0] == '.' && p[1] == '.'))
	{
		p += (*p == '-') ? 1 : 2;
		p = skip_blanks(p);
		lo = hi;
		has_lo = true;
		if (!read_part(&p, &hi, "scale", q, err))
			return false;
	}

	if (*p != '\0')
		return fail(err, CSAT_ERR_SYNTAX, RATING_HINT,
					"invalid input syntax for type satisfaction_rating: \"%s\"", q);

	if (!csat_scale_valid(lo, hi))
	{
		if (has_lo)
			return fail(err, CSAT_ERR_PARAM,
						"A scale lo-hi needs 0 <= lo < hi <= 10.",
						"invalid scale %d-%d in satisfaction_rating \"%s\"", lo, hi, q);
		return fail(err, CSAT_ERR_PARAM,
					"A scale lo-hi needs 0 <= lo < hi <= 10; 'V/H' means the scale 1-H.",
					"invalid scale 1-%d in satisfaction_rating \"%s\"", hi, q);
	}
	if (v < lo || v > hi)
		return fail(err, CSAT_ERR_RANGE, NULL,
					"rating value %d is out of range for scale %d-%d", v, lo, hi);

	if (typmod_scale != 0 && CSAT_SCALE(lo, hi) != typmod_scale)
	{
		char		sc[8];

		csat_scale_format(typmod_scale, sc);
		return fail(err, CSAT_ERR_MISMATCH,
					"Ratings are never rescaled; convert the value explicitly with rating(value, lo, hi).",
					"rating \"%s\" is not on the scale %s of satisfaction_rating(%d,%d)",
					q, sc, CSAT_SCALE_LO(typmod_scale), CSAT_SCALE_HI(typmod_scale));
	}

	*out = CSAT_RATING(CSAT_SCALE(lo, hi), v);
	return true;
}

/* ---------------------------------------------------------------------
 * Summary arithmetic
 * ---------------------------------------------------------------------
 */

static bool
add_overflows(int64_t a, int64_t b)
{
	int64_t		r;

	return __builtin_add_overflow(a, b, &r);
}

int64_t
csat_summary_count_from(const CsatSummary *s, int from)
{
	int64_t		n = 0;
	int			v;

	for (v = from; v < CSAT_NPOINTS; v++)
		n += s->counts[v];
	return n;
}

int64_t
csat_summary_satisfied(const CsatSummary *s)
{
	uint8_t		scale = CSAT_SUM_SCALE(s);

	if (scale == 0)
		return 0;
	if (CSAT_SUM_MIXED(s))
		return s->satisfied;
	if (s->satisfied_from != 0)
		return csat_summary_count_from(s, s->satisfied_from - 1);
	return csat_summary_count_from(s, csat_topbox_from(scale));
}

bool
csat_mixed_threshold_error(CsatError *err, uint8_t a, uint8_t b)
{
	char		sa[8],
				sb[8];

	csat_scale_format(a, sa);
	csat_scale_format(b, sb);
	return fail(err, CSAT_ERR_MISMATCH,
				"csat_pct(rating, satisfied_from) needs every rating of a group on one scale; group by the scale or use csat_pct(rating).",
				"cannot apply satisfied_from to ratings on different scales %s and %s", sa, sb);
}

bool
csat_count_overflow_error(CsatError *err)
{
	return fail(err, CSAT_ERR_RANGE, NULL,
				"rating_summary count out of range: more than 9223372036854775807 ratings");
}

bool
csat_rating_check(uint16_t r, CsatError *err)
{
	if (r == 0 || csat_rating_valid(r))
		return true;
	return fail(err, CSAT_ERR_PARAM, NULL,
				"invalid satisfaction_rating 0x%04x: value %d, scale byte 0x%02x",
				r, CSAT_RATING_VALUE(r), CSAT_RATING_SCALE(r));
}

/*
 * Record that a summary has also seen scale 'other'.  A mixed summary keeps
 * the smallest and the largest scale byte it has seen, so its form does not
 * depend on the order the ratings or partial states arrived in.  A uniform
 * summary turning mixed folds its counts into 'satisfied'.
 */
static void
add_scale(CsatSummary *s, uint8_t other)
{
	uint8_t		lo = CSAT_SUM_SCALE(s);
	uint8_t		hi = CSAT_SUM_MIXED(s) ? CSAT_SUM_SCALE2(s) : lo;

	if (other == lo || other == hi)
		return;
	if (!CSAT_SUM_MIXED(s))
	{
		s->satisfied = csat_summary_satisfied(s);
		memset(s->counts, 0, sizeof(s->counts));
	}
	if (other < lo)
		lo = other;
	if (other > hi)
		hi = other;
	s->scales = (uint16_t) (lo | (hi << 8));
}

bool
csat_summary_add(CsatSummary *s, uint16_t r, CsatError *err)
{
	uint8_t		scale = CSAT_RATING_SCALE(r);
	int			v = CSAT_RATING_VALUE(r);

	if (!csat_rating_check(r, err))
		return false;
	if (s->answered == INT64_MAX - s->unanswered)
		return csat_count_overflow_error(err);
	if (r == 0)
	{
		s->unanswered++;
		return true;
	}
	if (s->scales == scale)
	{
		s->counts[v]++;
		s->answered++;
		return true;
	}
	if (CSAT_SUM_SCALE(s) == 0)
	{
		s->scales = scale;
		s->counts[v] = 1;
		s->answered = 1;
		return true;
	}
	if (s->satisfied_from != 0)
		return csat_mixed_threshold_error(err, CSAT_SUM_SCALE(s), scale);
	add_scale(s, scale);
	s->answered++;
	if (v >= csat_topbox_from(scale))
		s->satisfied++;
	return true;
}

bool
csat_summary_merge(CsatSummary *a, const CsatSummary *b, CsatError *err)
{
	int			v;

	if (add_overflows(a->answered, b->answered) ||
		add_overflows(a->unanswered, b->unanswered) ||
		a->answered + b->answered > INT64_MAX - (a->unanswered + b->unanswered))
		return csat_count_overflow_error(err);

	a->unanswered += b->unanswered;
	if (CSAT_SUM_SCALE(b) == 0)
		return true;

	if (a->satisfied_from != b->satisfied_from)
	{
		if (CSAT_SUM_SCALE(a) == 0 && a->satisfied_from == 0)
			a->satisfied_from = b->satisfied_from;
		else if (a->satisfied_from != 0 && b->satisfied_from != 0)
			return fail(err, CSAT_ERR_PARAM,
						"Merge only summaries made with the same satisfied_from.",
						"cannot merge rating summaries with different satisfied_from thresholds %d and %d",
						a->satisfied_from - 1, b->satisfied_from - 1);
		else
			return fail(err, CSAT_ERR_PARAM,
						"Merge only summaries made with the same satisfied_from.",
						"cannot merge a rating summary with satisfied_from %d and one without",
						(a->satisfied_from ? a->satisfied_from : b->satisfied_from) - 1);
	}

	if (CSAT_SUM_SCALE(a) == 0)
	{
		uint16_t	keep_from = a->satisfied_from;
		int64_t		unanswered = a->unanswered;

		*a = *b;
		a->unanswered = unanswered;
		a->satisfied_from = (uint8_t) keep_from;
		return true;
	}

	if (a->scales == b->scales && !CSAT_SUM_MIXED(a))
	{
		/* both uniform on one scale: add the distributions */
		for (v = 0; v < CSAT_NPOINTS; v++)
			a->counts[v] += b->counts[v];
		a->answered += b->answered;
		return true;
	}

	if (a->satisfied_from != 0)
		return csat_mixed_threshold_error(err, CSAT_SUM_SCALE(a),
									 CSAT_SUM_SCALE(b) != CSAT_SUM_SCALE(a) ?
									 CSAT_SUM_SCALE(b) : CSAT_SUM_SCALE2(b));

	/* the result is mixed */
	{
		int64_t		bsat = csat_summary_satisfied(b);

		add_scale(a, CSAT_SUM_SCALE(b));
		if (CSAT_SUM_MIXED(b))
			add_scale(a, CSAT_SUM_SCALE2(b));
		a->answered += b->answered;
		a->satisfied += bsat;
	}
	return true;
}

bool
csat_summary_validate(const CsatSummary *s, CsatError *err)
{
	uint8_t		scale = CSAT_SUM_SCALE(s);
	uint8_t		scale2 = CSAT_SUM_SCALE2(s);
	int64_t		sum = 0;
	int			v,
				i;

	for (i = 0; i < (int) sizeof(s->reserved); i++)
		if (s->reserved[i] != 0)
			return fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: reserved byte %d is %d, not 0", i, s->reserved[i]);
	if (s->answered < 0 || s->unanswered < 0 || s->satisfied < 0)
		return fail(err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: negative count");
	if (s->answered > INT64_MAX - s->unanswered)
		return fail(err, CSAT_ERR_RANGE, NULL,
					"invalid rating_summary: answered plus unanswered exceeds 9223372036854775807");
	for (v = 0; v < CSAT_NPOINTS; v++)
		if (s->counts[v] < 0)
			return fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: negative count %lld for value %d",
						(long long) s->counts[v], v);

	if (scale == 0)
	{
		if (scale2 != 0 || s->answered != 0 || s->satisfied != 0 || s->satisfied_from != 0)
			return fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: a summary without a scale must have no answers");
		for (v = 0; v < CSAT_NPOINTS; v++)
			if (s->counts[v] != 0)
				return fail(err, CSAT_ERR_PARAM, NULL,
							"invalid rating_summary: a summary without a scale has a count for value %d", v);
		return true;
	}
	if (!csat_scale_byte_valid(scale))
		return fail(err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: invalid scale byte %d", scale);

	if (scale2 == 0)
	{
		int			lo = CSAT_SCALE_LO(scale),
					hi = CSAT_SCALE_HI(scale);

		for (v = 0; v < CSAT_NPOINTS; v++)
		{
			if ((v < lo || v > hi) && s->counts[v] != 0)
				return fail(err, CSAT_ERR_PARAM, NULL,
							"invalid rating_summary: count for value %d, which is off the scale %d-%d", v, lo, hi);
			if (add_overflows(sum, s->counts[v]))
				return fail(err, CSAT_ERR_RANGE, NULL,
							"invalid rating_summary: counts add up to more than 9223372036854775807");
			sum += s->counts[v];
		}
		if (sum != s->answered)
			return fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: counts add up to %lld, but answered is %lld",
						(long long) sum, (long long) s->answered);
		if (sum == 0)
			return fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: a summary with a scale must have answers");
		if (s->satisfied != 0)
			return fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: a one-scale summary keeps no separate satisfied count");
		if (s->satisfied_from != 0 &&
			(s->satisfied_from - 1 < lo || s->satisfied_from - 1 > hi))
			return fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: satisfied_from %d is off the scale %d-%d",
						s->satisfied_from - 1, lo, hi);
		return true;
	}

	if (!csat_scale_byte_valid(scale2))
		return fail(err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: invalid second scale byte %d", scale2);
	if (scale2 <= scale)
	{
		char		sa[8],
					sb[8];

		csat_scale_format(scale, sa);
		csat_scale_format(scale2, sb);
		return fail(err, CSAT_ERR_PARAM,
					"A mixed summary names its smallest and its largest scale, in that order (by lo, then hi).",
					"invalid rating_summary: scales %s,%s are not in canonical order", sa, sb);
	}
	for (v = 0; v < CSAT_NPOINTS; v++)
		if (s->counts[v] != 0)
			return fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: a mixed-scale summary keeps no per-value counts");
	if (s->answered < 2)
		return fail(err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: a mixed-scale summary needs at least 2 answers, has %lld",
					(long long) s->answered);
	if (s->satisfied > s->answered)
		return fail(err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: satisfied %lld exceeds answered %lld",
					(long long) s->satisfied, (long long) s->answered);
	if (s->satisfied_from != 0)
		return fail(err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: satisfied_from needs a one-scale summary");
	return true;
}

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

	quote_input(lx->input, q, sizeof(q));
	return fail(lx->err, CSAT_ERR_SYNTAX, SUMMARY_HINT,
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

	lx->p = skip_blanks(lx->p);
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
	const char *p = skip_blanks(lx->p);

	return strncmp(p, word, strlen(word)) == 0;
}

static bool
read_count(SumLexer *lx, int64_t *out)
{
	const char *p;
	int64_t		v = 0;

	lx->p = skip_blanks(lx->p);
	p = lx->p;
	if (*p == '-')
		return fail(lx->err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: negative count at offset %d",
					(int) (p - lx->input));
	if (*p < '0' || *p > '9')
		return syntax(lx, "a count");
	while (*p >= '0' && *p <= '9')
	{
		if (v > (INT64_MAX - (*p - '0')) / 10)
			return fail(lx->err, CSAT_ERR_RANGE, NULL,
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

	lx->p = skip_blanks(lx->p);
	if (read_uint(&lx->p, &lo) != 1)
		return syntax(lx, "a scale lo-hi");
	if (*lx->p != '-')
		return syntax(lx, "'-' in a scale lo-hi");
	lx->p++;
	if (read_uint(&lx->p, &hi) != 1)
		return syntax(lx, "a scale lo-hi");
	if (!csat_scale_valid(lo, hi))
		return fail(lx->err, CSAT_ERR_PARAM, "A scale lo-hi needs 0 <= lo < hi <= 10.",
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
	lx.p = skip_blanks(lx.p);
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

			quote_input(str, q, sizeof(q));
			return fail(err, CSAT_ERR_PARAM, "This version of csat reads rating_summary format v1.",
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
			if (add_overflows(s.answered, s.counts[v]))
				return fail(err, CSAT_ERR_RANGE, NULL,
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
				return fail(err, CSAT_ERR_PARAM, NULL,
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
	lx.p = skip_blanks(lx.p);
	if (*lx.p != '\0')
		return syntax(&lx, "end of input after '}'");

	if (!csat_summary_validate(&s, err))
		return false;
	*out = s;
	return true;
}

void
csat_summary_format(const CsatSummary *s, char *buf)
{
	uint8_t		scale = CSAT_SUM_SCALE(s);
	char		sa[8],
				sb[8];
	int			n,
				v;

	if (scale == 0)
	{
		snprintf(buf, CSAT_SUMMARY_TEXT_MAX, "{v1 unanswered %lld}",
				 (long long) s->unanswered);
		return;
	}
	csat_scale_format(scale, sa);
	if (CSAT_SUM_MIXED(s))
	{
		csat_scale_format(CSAT_SUM_SCALE2(s), sb);
		snprintf(buf, CSAT_SUMMARY_TEXT_MAX,
				 "{v1 scales %s,%s answered %lld satisfied %lld unanswered %lld}",
				 sa, sb, (long long) s->answered, (long long) s->satisfied,
				 (long long) s->unanswered);
		return;
	}
	n = snprintf(buf, CSAT_SUMMARY_TEXT_MAX, "{v1 scale %s counts ", sa);
	for (v = CSAT_SCALE_LO(scale); v <= CSAT_SCALE_HI(scale); v++)
		n += snprintf(buf + n, CSAT_SUMMARY_TEXT_MAX - n, "%s%lld",
					  v > CSAT_SCALE_LO(scale) ? "," : "", (long long) s->counts[v]);
	n += snprintf(buf + n, CSAT_SUMMARY_TEXT_MAX - n, " unanswered %lld",
				  (long long) s->unanswered);
	if (s->satisfied_from != 0)
		n += snprintf(buf + n, CSAT_SUMMARY_TEXT_MAX - n, " satisfied_from %d",
					  s->satisfied_from - 1);
	snprintf(buf + n, CSAT_SUMMARY_TEXT_MAX - n, "}");
}
