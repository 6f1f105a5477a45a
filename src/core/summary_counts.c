/*-------------------------------------------------------------------------
 *
 * summary_counts.c
 *	  PostgreSQL-free arithmetic of the rating summary: adding ratings,
 *	  merging summaries, and validating every invariant.  See core.h.
 *
 *-------------------------------------------------------------------------
 */
#include "core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------------
 * Summary arithmetic
 * ---------------------------------------------------------------------
 */

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
	return csat_fail(err, CSAT_ERR_MISMATCH,
				"csat_pct(rating, satisfied_from) needs every rating of a group on one scale; group by the scale or use csat_pct(rating).",
				"cannot apply satisfied_from to ratings on different scales %s and %s", sa, sb);
}

bool
csat_count_overflow_error(CsatError *err, const char *type, const char *unit)
{
	return csat_fail(err, CSAT_ERR_RANGE, NULL,
					 "%s count out of range: more than 9223372036854775807 %s",
					 type, unit);
}

bool
csat_rating_check(uint16_t r, CsatError *err)
{
	if (r == 0 || csat_rating_valid(r))
		return true;
	return csat_fail(err, CSAT_ERR_PARAM, NULL,
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
		return csat_count_overflow_error(err, "rating_summary", "ratings");
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

	if (csat_add_overflows(a->answered, b->answered) ||
		csat_add_overflows(a->unanswered, b->unanswered) ||
		a->answered + b->answered > INT64_MAX - (a->unanswered + b->unanswered))
		return csat_count_overflow_error(err, "rating_summary", "ratings");

	a->unanswered += b->unanswered;
	if (CSAT_SUM_SCALE(b) == 0)
		return true;

	if (a->satisfied_from != b->satisfied_from)
	{
		if (CSAT_SUM_SCALE(a) == 0 && a->satisfied_from == 0)
			a->satisfied_from = b->satisfied_from;
		else if (a->satisfied_from != 0 && b->satisfied_from != 0)
			return csat_fail(err, CSAT_ERR_PARAM,
						"Merge only summaries made with the same satisfied_from.",
						"cannot merge rating summaries with different satisfied_from thresholds %d and %d",
						a->satisfied_from - 1, b->satisfied_from - 1);
		else
			return csat_fail(err, CSAT_ERR_PARAM,
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
			return csat_fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: reserved byte %d is %d, not 0", i, s->reserved[i]);
	if (s->answered < 0 || s->unanswered < 0 || s->satisfied < 0)
		return csat_fail(err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: negative count");
	if (s->answered > INT64_MAX - s->unanswered)
		return csat_fail(err, CSAT_ERR_RANGE, NULL,
					"invalid rating_summary: answered plus unanswered exceeds 9223372036854775807");
	for (v = 0; v < CSAT_NPOINTS; v++)
		if (s->counts[v] < 0)
			return csat_fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: negative count %lld for value %d",
						(long long) s->counts[v], v);

	if (scale == 0)
	{
		if (scale2 != 0 || s->answered != 0 || s->satisfied != 0 || s->satisfied_from != 0)
			return csat_fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: a summary without a scale must have no answers");
		for (v = 0; v < CSAT_NPOINTS; v++)
			if (s->counts[v] != 0)
				return csat_fail(err, CSAT_ERR_PARAM, NULL,
							"invalid rating_summary: a summary without a scale has a count for value %d", v);
		return true;
	}
	if (!csat_scale_byte_valid(scale))
		return csat_fail(err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: invalid scale byte %d", scale);

	if (scale2 == 0)
	{
		int			lo = CSAT_SCALE_LO(scale),
					hi = CSAT_SCALE_HI(scale);

		for (v = 0; v < CSAT_NPOINTS; v++)
		{
			if ((v < lo || v > hi) && s->counts[v] != 0)
				return csat_fail(err, CSAT_ERR_PARAM, NULL,
							"invalid rating_summary: count for value %d, which is off the scale %d-%d", v, lo, hi);
			if (csat_add_overflows(sum, s->counts[v]))
				return csat_fail(err, CSAT_ERR_RANGE, NULL,
							"invalid rating_summary: counts add up to more than 9223372036854775807");
			sum += s->counts[v];
		}
		if (sum != s->answered)
			return csat_fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: counts add up to %lld, but answered is %lld",
						(long long) sum, (long long) s->answered);
		if (sum == 0)
			return csat_fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: a summary with a scale must have answers");
		if (s->satisfied != 0)
			return csat_fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: a one-scale summary keeps no separate satisfied count");
		if (s->satisfied_from != 0 &&
			(s->satisfied_from - 1 < lo || s->satisfied_from - 1 > hi))
			return csat_fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: satisfied_from %d is off the scale %d-%d",
						s->satisfied_from - 1, lo, hi);
		return true;
	}

	if (!csat_scale_byte_valid(scale2))
		return csat_fail(err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: invalid second scale byte %d", scale2);
	if (scale2 <= scale)
	{
		char		sa[8],
					sb[8];

		csat_scale_format(scale, sa);
		csat_scale_format(scale2, sb);
		return csat_fail(err, CSAT_ERR_PARAM,
					"A mixed summary names its smallest and its largest scale, in that order (by lo, then hi).",
					"invalid rating_summary: scales %s,%s are not in canonical order", sa, sb);
	}
	for (v = 0; v < CSAT_NPOINTS; v++)
		if (s->counts[v] != 0)
			return csat_fail(err, CSAT_ERR_PARAM, NULL,
						"invalid rating_summary: a mixed-scale summary keeps no per-value counts");
	if (s->answered < 2)
		return csat_fail(err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: a mixed-scale summary needs at least 2 answers, has %lld",
					(long long) s->answered);
	if (s->satisfied > s->answered)
		return csat_fail(err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: satisfied %lld exceeds answered %lld",
					(long long) s->satisfied, (long long) s->answered);
	if (s->satisfied_from != 0)
		return csat_fail(err, CSAT_ERR_PARAM, NULL,
					"invalid rating_summary: satisfied_from needs a one-scale summary");
	return true;
}

