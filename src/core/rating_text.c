/*-------------------------------------------------------------------------
 *
 * rating_text.c
 *	  PostgreSQL-free: scales, the packed rating, its text form (parse and
 *	  format), and the error helper of the core.  See core.h.
 *
 *-------------------------------------------------------------------------
 */
#include "core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define RATING_HINT "Write a rating as value/scale, for example '4/5' (4 on 1..5) or '9/0-10' (9 on 0..10)."

bool
csat_fail(CsatError *err, CsatErrKind kind, const char *hint, const char *fmt,...)
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

const char *
csat_skip_blanks(const char *p)
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
int
csat_read_uint(const char **pp, int *out)
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
	switch (csat_read_uint(pp, out))
	{
		case 1:
			*pp = csat_skip_blanks(*pp);
			return true;
		case 2:
			return csat_fail(err, CSAT_ERR_RANGE, NULL,
						"rating %s in \"%s\" is out of range for type satisfaction_rating",
						what, q);
		default:
			return csat_fail(err, CSAT_ERR_SYNTAX, RATING_HINT,
						"invalid input syntax for type satisfaction_rating: \"%s\"", q);
	}
}

/* Copy at most 60 chars of str for a message, marking truncation. */
void
csat_quote_input(const char *str, char *buf, size_t bufsize)
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
	const char *p = csat_skip_blanks(str);
	char		q[64];
	int			v,
				lo = 1,
				hi;
	bool		has_lo = false;
	bool		has_frac = false;
	bool		frac_zero = true;

	csat_quote_input(str, q, sizeof(q));

	if (*p == '\0')
		return csat_fail(err, CSAT_ERR_SYNTAX, RATING_HINT,
					"invalid input syntax for type satisfaction_rating: \"%s\"", q);

	if (*p == '-' || *p == '+')
		return csat_fail(err, CSAT_ERR_SYNTAX, RATING_HINT,
					"invalid input syntax for type satisfaction_rating: \"%s\"", q);

	switch (csat_read_uint(&p, &v))
	{
		case 1:
			break;
		case 2:
			return csat_fail(err, CSAT_ERR_RANGE, NULL,
						"rating value in \"%s\" is out of range for type satisfaction_rating",
						q);
		default:
			return csat_fail(err, CSAT_ERR_SYNTAX, RATING_HINT,
						"invalid input syntax for type satisfaction_rating: \"%s\"", q);
	}

	/*
	 * A decimal part right after the value's digits ("4.0", "4.5"): what
	 * pandas writes for an integer column with gaps.  Only a bare value may
	 * have one, and only zeros make it whole.
	 */
	if (p[0] == '.' && p[1] >= '0' && p[1] <= '9')
	{
		has_frac = true;
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (*p != '0')
				frac_zero = false;
	}
	p = csat_skip_blanks(p);

	if (typmod_scale != 0 && !csat_scale_byte_valid(typmod_scale))
		return csat_fail(err, CSAT_ERR_PARAM, NULL,
					"invalid type modifier %d for satisfaction_rating", typmod_scale);

	if (has_frac && *p != '\0')
		return csat_fail(err, CSAT_ERR_SYNTAX, RATING_HINT,
					"invalid input syntax for type satisfaction_rating: \"%s\"", q);

	if (*p == '\0')
	{
		/* bare number: only with a type modifier supplying the scale */
		if (typmod_scale == 0)
			return csat_fail(err, CSAT_ERR_SYNTAX,
						"Give the scale with the value, for example '4/5' for 4 on 1..5, or load into a column declared satisfaction_rating(1,5).",
						"rating \"%s\" has no scale", q);
		if (!frac_zero)
			return csat_fail(err, CSAT_ERR_SYNTAX,
						"A rating is a whole number on its scale: 4 or 4.0 is accepted, 4.5 is not (round it before loading if that is meant).",
						"rating value \"%s\" is not a whole number", q);
		lo = CSAT_SCALE_LO(typmod_scale);
		hi = CSAT_SCALE_HI(typmod_scale);
		if (v < lo || v > hi)
		{
			char		sc[8];

			csat_scale_format(typmod_scale, sc);
			return csat_fail(err, CSAT_ERR_RANGE, NULL,
						"rating value %d is out of range for scale %s", v, sc);
		}
		*out = CSAT_RATING(typmod_scale, v);
		return true;
	}

	if (*p != '/')
		return csat_fail(err, CSAT_ERR_SYNTAX, RATING_HINT,
					"invalid input syntax for type satisfaction_rating: \"%s\"", q);
	p = csat_skip_blanks(p + 1);

	if (!read_part(&p, &hi, "scale", q, err))
		return false;

	if (*p == '-' || (p[0] == '.' && p[1] == '.'))
	{
		p += (*p == '-') ? 1 : 2;
		p = csat_skip_blanks(p);
		lo = hi;
		has_lo = true;
		if (!read_part(&p, &hi, "scale", q, err))
			return false;
	}

	if (*p != '\0')
		return csat_fail(err, CSAT_ERR_SYNTAX, RATING_HINT,
					"invalid input syntax for type satisfaction_rating: \"%s\"", q);

	if (!csat_scale_valid(lo, hi))
	{
		if (has_lo)
			return csat_fail(err, CSAT_ERR_PARAM,
						"A scale lo-hi needs 0 <= lo < hi <= 10.",
						"invalid scale %d-%d in satisfaction_rating \"%s\"", lo, hi, q);
		return csat_fail(err, CSAT_ERR_PARAM,
					"A scale lo-hi needs 0 <= lo < hi <= 10; 'V/H' means the scale 1-H.",
					"invalid scale 1-%d in satisfaction_rating \"%s\"", hi, q);
	}
	if (v < lo || v > hi)
		return csat_fail(err, CSAT_ERR_RANGE, NULL,
					"rating value %d is out of range for scale %d-%d", v, lo, hi);

	if (typmod_scale != 0 && CSAT_SCALE(lo, hi) != typmod_scale)
	{
		char		sc[8];

		csat_scale_format(typmod_scale, sc);
		return csat_fail(err, CSAT_ERR_MISMATCH,
					"Ratings are never rescaled; convert the value explicitly with rating(value, lo, hi).",
					"rating \"%s\" is not on the scale %s of satisfaction_rating(%d,%d)",
					q, sc, CSAT_SCALE_LO(typmod_scale), CSAT_SCALE_HI(typmod_scale));
	}

	*out = CSAT_RATING(CSAT_SCALE(lo, hi), v);
	return true;
}

int
csat_rating_bare(const char *str, int *v, CsatError *err)
{
	const char *p = csat_skip_blanks(str);
	char		q[64];
	int			rc;
	bool		whole = true;

	if (*p < '0' || *p > '9')
		return 0;
	rc = csat_read_uint(&p, v);
	if (p[0] == '.' && p[1] >= '0' && p[1] <= '9')
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (*p != '0')
				whole = false;
	if (*csat_skip_blanks(p) != '\0')
		return 0;
	csat_quote_input(str, q, sizeof(q));
	if (!whole)
		return csat_fail(err, CSAT_ERR_SYNTAX,
					"A rating is a whole number on its scale: 4 or 4.0 is accepted, 4.5 is not (round it before loading if that is meant).",
					"rating value \"%s\" is not a whole number", q) ? 0 : -1;
	if (rc == 2 || *v > CSAT_MAX_HI)
		return csat_fail(err, CSAT_ERR_RANGE,
					"Every scale lies within 0..10.",
					"rating value \"%s\" is out of range for every scale", q) ? 0 : -1;
	return 1;
}

/* ---------------------------------------------------------------------
 * Type modifier text
 * ---------------------------------------------------------------------
 */

/*
 * One integer item of a modifier list: blanks, an optional sign, digits,
 * blanks (what PostgreSQL's integer typmods accept).  Returns 0 if it is not
 * that shape, 1 on success, 2 if it does not fit in an int.
 */
static int
read_typmod_int(const char *s, int *out)
{
	const char *p = csat_skip_blanks(s);
	bool		neg = false;
	int			v,
				rc;

	if (*p == '+' || *p == '-')
		neg = (*p++ == '-');
	rc = csat_read_uint(&p, &v);
	if (rc == 0)
		return 0;
	if (*csat_skip_blanks(p) != '\0')
		return 0;
	if (rc == 2)
		return 2;
	*out = neg ? -v : v;
	return 1;
}

/* "L-H" or "L..H" with blanks around the parts; false if not that shape */
static bool
read_typmod_scale(const char *s, int *lo, int *hi)
{
	const char *p = csat_skip_blanks(s);

	if (csat_read_uint(&p, lo) != 1)
		return false;
	p = csat_skip_blanks(p);
	if (*p == '-')
		p++;
	else if (p[0] == '.' && p[1] == '.')
		p += 2;
	else
		return false;
	p = csat_skip_blanks(p);
	if (csat_read_uint(&p, hi) != 1)
		return false;
	return *csat_skip_blanks(p) == '\0';
}

bool
csat_typmod_parse(const char *const *items, int n, uint8_t *scale,
				  CsatError *err)
{
	int			vals[2];
	int			lo,
				hi,
				i;

	if (n < 1 || n > 2)
		return csat_fail(err, CSAT_ERR_PARAM,
					"Write satisfaction_rating(5) for the scale 1-5 or satisfaction_rating(0,10) for 0-10.",
					"invalid type modifier for satisfaction_rating: %d values given", n);
	for (i = 0; i < n; i++)
	{
		char		q[64];

		switch (read_typmod_int(items[i], &vals[i]))
		{
			case 1:
				continue;
			case 2:
				csat_quote_input(items[i], q, sizeof(q));
				return csat_fail(err, CSAT_ERR_RANGE, NULL,
							"type modifier \"%s\" is out of range for satisfaction_rating", q);
			default:
				break;
		}
		/* a single quoted 'L-H': the form typmod_out prints when lo <> 1 */
		if (n == 1 && read_typmod_scale(items[0], &lo, &hi))
			goto check;
		csat_quote_input(items[i], q, sizeof(q));
		return csat_fail(err, CSAT_ERR_SYNTAX,
					"Write satisfaction_rating(5), satisfaction_rating(0,10) or satisfaction_rating('0-10').",
					"invalid type modifier \"%s\" for satisfaction_rating", q);
	}
	lo = (n == 1) ? 1 : vals[0];
	hi = vals[n - 1];
check:
	if (!csat_scale_valid(lo, hi))
		return csat_fail(err, CSAT_ERR_PARAM,
					"A scale lo-hi needs 0 <= lo < hi <= 10; satisfaction_rating(5) means 1-5.",
					"invalid scale %d-%d for satisfaction_rating", lo, hi);
	*scale = CSAT_SCALE(lo, hi);
	return true;
}

void
csat_typmod_format(uint8_t scale, char *buf)
{
	if (CSAT_SCALE_LO(scale) == 1)
		snprintf(buf, 16, "(%d)", CSAT_SCALE_HI(scale));
	else
		snprintf(buf, 16, "('%d-%d')", CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale));
}

/*
 * The text of a number (numeric_out or float8 output: an optional '-',
 * digits, an optional '.' and digits; no exponent) as a whole number.
 * Returns 1 and sets *out when it is whole and fits in an int64 (any
 * number of zeros may follow the '.'), 0 when it has a nonzero decimal
 * part or is not that shape, 2 when it is whole but does not fit.
 */
int
csat_whole_number(const char *s, int64_t *out)
{
	const char *p = s;
	bool		neg = false,
				big = false;
	int64_t		v = 0;

	if (*p == '-')
	{
		neg = true;
		p++;
	}
	if (*p < '0' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++)
	{
		if (!big && (v > (INT64_MAX - (*p - '0')) / 10))
			big = true;
		if (!big)
			v = v * 10 + (*p - '0');
	}
	if (*p == '.')
	{
		p++;
		if (*p < '0' || *p > '9')
			return 0;
		for (; *p == '0'; p++)
			;
	}
	if (*p != '\0')
		return 0;
	if (big)
		return 2;
	*out = neg ? -v : v;
	return 1;
}
