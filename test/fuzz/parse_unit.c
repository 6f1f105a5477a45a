/*-------------------------------------------------------------------------
 *
 * parse_unit.c
 *	  Plain unit test of src/core (no libFuzzer, no PostgreSQL): tables
 *	  of accepted and rejected rating and summary texts with the expected
 *	  error kind and canonical output, and a few merges and adds.
 *
 * Build and run (test/fuzz/run.sh does this first):
 *	 gcc -Wall -Wextra -Werror -fsanitize=address,undefined -Isrc/core
 *		 src/core/[a-z]*.c test/fuzz/parse_unit.c -o parse_unit && ./parse_unit
 *
 *-------------------------------------------------------------------------
 */
#include "core.h"

#include <stdio.h>
#include <string.h>

#define OK CSAT_OK
#define SYN CSAT_ERR_SYNTAX
#define RNG CSAT_ERR_RANGE
#define PAR CSAT_ERR_PARAM
#define MIS CSAT_ERR_MISMATCH

static int	failures = 0;
static int	checks = 0;

static const char *
kind_name(CsatErrKind k)
{
	switch (k)
	{
		case CSAT_OK:
			return "OK";
		case CSAT_ERR_SYNTAX:
			return "SYNTAX";
		case CSAT_ERR_RANGE:
			return "RANGE";
		case CSAT_ERR_PARAM:
			return "PARAM";
		case CSAT_ERR_MISMATCH:
			return "MISMATCH";
	}
	return "?";
}

#define FAIL(...) do { failures++; fprintf(stderr, "FAIL: " __VA_ARGS__); } while (0)

/* ---- ratings ---- */

typedef struct RatingCase
{
	const char *in;
	uint8_t		typmod;
	CsatErrKind kind;
	uint16_t	value;			/* when OK */
	const char *out;			/* canonical text when OK */
} RatingCase;

#define S15 CSAT_SCALE(1, 5)
#define S010 CSAT_SCALE(0, 10)

static const RatingCase rating_cases[] = {
	/* accepted, every shape */
	{"4/5", 0, OK, CSAT_RATING(S15, 4), "4/5"},
	{"9/0-10", 0, OK, CSAT_RATING(S010, 9), "9/0-10"},
	{"9/0..10", 0, OK, CSAT_RATING(S010, 9), "9/0-10"},
	{" 4 / 5 ", 0, OK, CSAT_RATING(S15, 4), "4/5"},
	{"4 / 1 - 5", 0, OK, CSAT_RATING(S15, 4), "4/5"},
	{"4/1..5", 0, OK, CSAT_RATING(S15, 4), "4/5"},
	{"\t3 / 2 .. 4\n", 0, OK, CSAT_RATING(CSAT_SCALE(2, 4), 3), "3/2-4"},
	{"0/0-1", 0, OK, CSAT_RATING(CSAT_SCALE(0, 1), 0), "0/0-1"},
	{"1/0-1", 0, OK, CSAT_RATING(CSAT_SCALE(0, 1), 1), "1/0-1"},
	{"10/10", 0, OK, CSAT_RATING(CSAT_SCALE(1, 10), 10), "10/10"},
	{"1/2", 0, OK, CSAT_RATING(CSAT_SCALE(1, 2), 1), "1/2"},
	{"007/010", 0, OK, CSAT_RATING(CSAT_SCALE(1, 10), 7), "7/10"},
	{"9/9-10", 0, OK, CSAT_RATING(CSAT_SCALE(9, 10), 9), "9/9-10"},
	{"5/3-7", 0, OK, CSAT_RATING(CSAT_SCALE(3, 7), 5), "5/3-7"},
	/* bare values with a typmod */
	{"4", S15, OK, CSAT_RATING(S15, 4), "4/5"},
	{" 4 ", S15, OK, CSAT_RATING(S15, 4), "4/5"},
	{"0", S010, OK, CSAT_RATING(S010, 0), "0/0-10"},
	{"10", S010, OK, CSAT_RATING(S010, 10), "10/0-10"},
	{"4/5", S15, OK, CSAT_RATING(S15, 4), "4/5"},
	{"4/1-5", S15, OK, CSAT_RATING(S15, 4), "4/5"},
	{"7/0-10", S010, OK, CSAT_RATING(S010, 7), "7/0-10"},
	/* a whole decimal where a bare value is accepted (pandas writes 4.0) */
	{"4.0", S15, OK, CSAT_RATING(S15, 4), "4/5"},
	{" 4.000 ", S15, OK, CSAT_RATING(S15, 4), "4/5"},
	{"10.0", S010, OK, CSAT_RATING(S010, 10), "10/0-10"},
	{"0.0", S010, OK, CSAT_RATING(S010, 0), "0/0-10"},
	{"4.5", S15, SYN, 0, NULL},
	{"4.01", S15, SYN, 0, NULL},
	{"4.0000000001", S15, SYN, 0, NULL},
	{"4.0", 0, SYN, 0, NULL},
	{"4.5", 0, SYN, 0, NULL},
	{"4.", S15, SYN, 0, NULL},
	{".0", S15, SYN, 0, NULL},
	{"4 .0", S15, SYN, 0, NULL},
	{"4. 0", S15, SYN, 0, NULL},
	{"4.0.0", S15, SYN, 0, NULL},
	{"4.0/5", 0, SYN, 0, NULL},
	{"4.0/5", S15, SYN, 0, NULL},
	{"4/5.0", 0, SYN, 0, NULL},
	{"-4.0", S15, SYN, 0, NULL},
	{"6.0", S15, RNG, 0, NULL},
	{"0.0", S15, RNG, 0, NULL},
	{"99999999999.0", S15, RNG, 0, NULL},
	/* rejected */
	{"4", 0, SYN, 0, NULL},
	{"", 0, SYN, 0, NULL},
	{"   ", 0, SYN, 0, NULL},
	{"", S15, SYN, 0, NULL},
	{"-4/5", 0, SYN, 0, NULL},
	{"+4/5", 0, SYN, 0, NULL},
	{"-1", S15, SYN, 0, NULL},
	{"4/5x", 0, SYN, 0, NULL},
	{"4//5", 0, SYN, 0, NULL},
	{"4/", 0, SYN, 0, NULL},
	{"/5", 0, SYN, 0, NULL},
	{"4/1-", 0, SYN, 0, NULL},
	{"4/1..", 0, SYN, 0, NULL},
	{"4/1...5", 0, SYN, 0, NULL},
	{"4/1.5", 0, SYN, 0, NULL},
	{"4/1--5", 0, SYN, 0, NULL},
	{"4/-5", 0, SYN, 0, NULL},
	{"4 5", 0, SYN, 0, NULL},
	{"0x4/5", 0, SYN, 0, NULL},
	{"4/5/5", 0, SYN, 0, NULL},
	{"x", S15, SYN, 0, NULL},
	{"6/5", 0, RNG, 0, NULL},
	{"0/5", 0, RNG, 0, NULL},
	{"11/0-10", 0, RNG, 0, NULL},
	{"6", S15, RNG, 0, NULL},
	{"0", S15, RNG, 0, NULL},
	{"11", S010, RNG, 0, NULL},
	{"99999999999/5", 0, RNG, 0, NULL},
	{"2147483648/5", 0, RNG, 0, NULL},
	{"2147483647/5", 0, RNG, 0, NULL},
	{"99999999999", S15, RNG, 0, NULL},
	{"4/99999999999", 0, RNG, 0, NULL},
	{"4/1-99999999999", 0, RNG, 0, NULL},
	{"4/0", 0, PAR, 0, NULL},
	{"1/1", 0, PAR, 0, NULL},
	{"4/11", 0, PAR, 0, NULL},
	{"5/5-5", 0, PAR, 0, NULL},
	{"4/5-1", 0, PAR, 0, NULL},
	{"4/0-11", 0, PAR, 0, NULL},
	{"4/10", S15, MIS, 0, NULL},
	{"4/0-5", S15, MIS, 0, NULL},
	{"4/5", S010, MIS, 0, NULL},
};

/*
 * A bare value under a typmod byte that is not a valid scale: parse.h says
 * a bare value is accepted "only when typmod_scale is a valid scale byte".
 */
static const uint8_t invalid_typmods[] = {0x55, 0xFF, 0x50, 0x0B, 0xA0, 0x1B, 0xF1};

static void
test_ratings(void)
{
	size_t		i;

	for (i = 0; i < sizeof(rating_cases) / sizeof(rating_cases[0]); i++)
	{
		const RatingCase *c = &rating_cases[i];
		uint16_t	r = 0xDEAD;
		CsatError	err;
		bool		ok;

		memset(&err, 0, sizeof(err));
		ok = csat_rating_parse(c->in, c->typmod, &r, &err);
		checks++;
		if (c->kind == OK)
		{
			char		buf[16];

			if (!ok)
			{
				FAIL("rating \"%s\" typmod 0x%02X: rejected (%s: %s)\n",
					 c->in, c->typmod, kind_name(err.kind), err.msg);
				continue;
			}
			if (r != c->value)
				FAIL("rating \"%s\": value 0x%04X, expected 0x%04X\n",
					 c->in, r, c->value);
			csat_rating_format(r, buf);
			if (strcmp(buf, c->out) != 0)
				FAIL("rating \"%s\": formats as \"%s\", expected \"%s\"\n",
					 c->in, buf, c->out);
			if (!csat_rating_valid(r))
				FAIL("rating \"%s\": accepted value is not valid\n", c->in);
		}
		else
		{
			if (ok)
				FAIL("rating \"%s\" typmod 0x%02X: accepted as 0x%04X, expected %s\n",
					 c->in, c->typmod, r, kind_name(c->kind));
			else if (err.kind != c->kind)
				FAIL("rating \"%s\" typmod 0x%02X: %s (%s), expected %s\n",
					 c->in, c->typmod, kind_name(err.kind), err.msg,
					 kind_name(c->kind));
			else if (err.msg[0] == '\0')
				FAIL("rating \"%s\": empty error message\n", c->in);
		}
	}

	for (i = 0; i < sizeof(invalid_typmods); i++)
	{
		uint8_t		t = invalid_typmods[i];
		char		in[16];
		int			v,
					accepted = 0,
					first = -1;
		uint16_t	first_r = 0;

		for (v = 0; v <= 15; v++)
		{
			uint16_t	r;
			CsatError	err;

			snprintf(in, sizeof(in), "%d", v);
			checks++;
			if (csat_rating_parse(in, t, &r, &err))
			{
				if (accepted++ == 0)
				{
					first = v;
					first_r = r;
				}
			}
		}
		if (accepted > 0)
		{
			failures += accepted - 1;	/* FAIL counts one more */
			FAIL("%d bare values accepted under invalid typmod_scale 0x%02X, "
				 "e.g. \"%d\" as 0x%04X (csat_rating_valid: %s)\n",
				 accepted, t, first, first_r,
				 csat_rating_valid(first_r) ? "yes" : "no");
		}
	}

	/* every valid rating formats and parses back */
	{
		int			lo,
					hi,
					v;

		for (lo = 0; lo <= CSAT_MAX_HI; lo++)
			for (hi = lo + 1; hi <= CSAT_MAX_HI; hi++)
				for (v = lo; v <= hi; v++)
				{
					uint16_t	r = CSAT_RATING(CSAT_SCALE(lo, hi), v),
								r2 = 0;
					char		buf[16];
					CsatError	err;

					checks++;
					csat_rating_format(r, buf);
					if (!csat_rating_parse(buf, 0, &r2, &err) || r2 != r)
						FAIL("rating 0x%04X formats as \"%s\", which does not parse back\n",
							 r, buf);
				}
	}
}

/* ---- summaries ---- */

typedef struct SummaryCase
{
	const char *in;
	CsatErrKind kind;
	const char *out;			/* canonical text when OK */
} SummaryCase;

static const SummaryCase summary_cases[] = {
	{"{v1 unanswered 4}", OK, "{v1 unanswered 4}"},
	{"{v1 unanswered 0}", OK, "{v1 unanswered 0}"},
	{"{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}", OK,
	"{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}"},
	{"  {  v1   scale 1-2  counts 1 ,\t1\nunanswered 2 }  ", OK,
	"{v1 scale 1-2 counts 1,1 unanswered 2}"},
	{"{v1 scale 0-10 counts 1,2,3,4,5,6,7,8,9,10,11 unanswered 0}", OK,
	"{v1 scale 0-10 counts 1,2,3,4,5,6,7,8,9,10,11 unanswered 0}"},
	{"{v1 scale 0-1 counts 0,1 unanswered 0}", OK,
	"{v1 scale 0-1 counts 0,1 unanswered 0}"},
	{"{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 3}", OK,
	"{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 3}"},
	{"{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,1 unanswered 2 satisfied_from 0}", OK,
	"{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,1 unanswered 2 satisfied_from 0}"},
	{"{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 5}", OK,
	"{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 5}"},
	/* mixed: smallest scale byte first, 0-10 (0x0A) before 1-5 (0x15) */
	{"{v1 scales 0-10,1-5 answered 7 satisfied 3 unanswered 0}", OK,
	"{v1 scales 0-10,1-5 answered 7 satisfied 3 unanswered 0}"},
	{"{v1 scales 1-3,1-5 answered 2 satisfied 1 unanswered 0}", OK,
	"{v1 scales 1-3,1-5 answered 2 satisfied 1 unanswered 0}"},
	{"{v1 scales 0-1,9-10 answered 2 satisfied 2 unanswered 9}", OK,
	"{v1 scales 0-1,9-10 answered 2 satisfied 2 unanswered 9}"},
	{"{v1 scale 1-5 counts 007,0,0,0,0 unanswered 00}", OK,
	"{v1 scale 1-5 counts 7,0,0,0,0 unanswered 0}"},
	{"{v1 unanswered 9223372036854775807}", OK, "{v1 unanswered 9223372036854775807}"},
	{"{v1 scale 1-5 counts 9223372036854775806,0,0,0,0 unanswered 1}", OK,
	"{v1 scale 1-5 counts 9223372036854775806,0,0,0,0 unanswered 1}"},
	{"{v1 scales 1-5,1-7 answered 9223372036854775000 satisfied 9223372036854775000 unanswered 807}", OK,
	"{v1 scales 1-5,1-7 answered 9223372036854775000 satisfied 9223372036854775000 unanswered 807}"},
	/* syntax */
	{"", SYN, NULL},
	{"{}", SYN, NULL},
	{"{v1}", SYN, NULL},
	{"{unanswered 4}", SYN, NULL},
	{"v1 unanswered 4}", SYN, NULL},
	{"{v1 unanswered 4", SYN, NULL},
	{"{v1 unanswered 4} x", SYN, NULL},
	{"{v1 unanswered 4}}", SYN, NULL},
	{"{v1 unanswered}", SYN, NULL},
	{"{v1 unanswered x}", SYN, NULL},
	{"{v1 scale 1-5 counts 1,2,3,4 unanswered 0}", SYN, NULL},
	{"{v1 scale 1-5 counts 1,2,3,4,5,6 unanswered 0}", SYN, NULL},
	{"{v1 scale 1 - 5 counts 1,0,0,0,0 unanswered 0}", SYN, NULL},
	{"{v1 scale 1-5 counts 1,0,0,0,0}", SYN, NULL},
	{"{v1 scale 1-5 counts 1,0,0,0,0 unanswered 0 satisfied_from}", SYN, NULL},
	{"{v1 scales 1-5 answered 2 satisfied 0 unanswered 0}", SYN, NULL},
	{"{v1 scales 0-10,1-5 answered 7 unanswered 0}", SYN, NULL},
	{"{v1 scales 0-10,1-5 answered 7 satisfied 3 unanswered 0 satisfied_from 3}", SYN, NULL},
	{"{v1 scale 99999999999-5 counts 1 unanswered 0}", SYN, NULL},
	/* version */
	{"{v2 unanswered 4}", PAR, NULL},
	{"{v10 unanswered 4}", PAR, NULL},
	{"{v unanswered 4}", SYN, NULL},
	/* out of range */
	{"{v1 unanswered 9223372036854775808}", RNG, NULL},
	{"{v1 scale 1-5 counts 9223372036854775807,0,0,0,1 unanswered 0}", RNG, NULL},
	{"{v1 scale 1-5 counts 9223372036854775807,0,0,0,0 unanswered 1}", RNG, NULL},
	{"{v1 scales 1-5,1-7 answered 9223372036854775807 satisfied 0 unanswered 1}", RNG, NULL},
	/* inconsistent */
	{"{v1 scale 1-5 counts 0,0,0,0,0 unanswered 4}", PAR, NULL},
	{"{v1 scale 1-5 counts -1,0,0,0,1 unanswered 0}", PAR, NULL},
	{"{v1 unanswered -1}", PAR, NULL},
	{"{v1 scale 5-1 counts 1 unanswered 0}", PAR, NULL},
	{"{v1 scale 5-5 counts 1 unanswered 0}", PAR, NULL},
	{"{v1 scale 1-11 counts 1,0,0,0,0,0,0,0,0,0,0 unanswered 0}", PAR, NULL},
	{"{v1 scales 1-5,0-10 answered 7 satisfied 3 unanswered 0}", PAR, NULL},
	{"{v1 scales 1-5,1-3 answered 2 satisfied 1 unanswered 0}", PAR, NULL},
	{"{v1 scales 1-5,1-5 answered 7 satisfied 3 unanswered 0}", PAR, NULL},
	{"{v1 scales 0-10,1-5 answered 1 satisfied 0 unanswered 0}", PAR, NULL},
	{"{v1 scales 0-10,1-5 answered 7 satisfied 8 unanswered 0}", PAR, NULL},
	{"{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 6}", PAR, NULL},
	{"{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 0}", PAR, NULL},
	{"{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 9223372036854775807}", PAR, NULL},
};

static bool
parse_summary(const char *in, CsatSummary *s)
{
	CsatError	err;

	if (!csat_summary_parse(in, s, &err))
	{
		FAIL("summary \"%s\" rejected: %s\n", in, err.msg);
		return false;
	}
	return true;
}

static void
expect_text(const char *what, const CsatSummary *s, const char *want)
{
	char		buf[CSAT_SUMMARY_TEXT_MAX];

	checks++;
	csat_summary_format(s, buf);
	if (strcmp(buf, want) != 0)
		FAIL("%s: \"%s\", expected \"%s\"\n", what, buf, want);
}

typedef struct MergeCase
{
	const char *a;
	const char *b;
	CsatErrKind kind;
	const char *out;
	int64_t		satisfied;		/* csat_summary_satisfied of the result */
} MergeCase;

static const MergeCase merge_cases[] = {
	{"{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4}", "{v1 scale 1-5 counts 1,1,1,1,1 unanswered 1}",
	OK, "{v1 scale 1-5 counts 4,1,6,10,13 unanswered 5}", 23},
	{"{v1 unanswered 2}", "{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 3}",
	OK, "{v1 scale 1-5 counts 0,0,1,0,0 unanswered 2 satisfied_from 3}", 1},
	{"{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 3}", "{v1 unanswered 2}",
	OK, "{v1 scale 1-5 counts 0,0,1,0,0 unanswered 2 satisfied_from 3}", 1},
	/* 1-5: 4 and 5 satisfied (2 of 3); 0-10: 9 and 10 satisfied (1 of 2) */
	{"{v1 scale 1-5 counts 1,0,0,1,1 unanswered 0}", "{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,1 unanswered 1}",
	OK, "{v1 scales 0-10,1-5 answered 5 satisfied 3 unanswered 1}", 3},
	/* 1-3 is a 3-point scale: only 3 is satisfied; 1-3 (0x13) < 1-5 (0x15) */
	{"{v1 scale 1-3 counts 1,1,1 unanswered 0}", "{v1 scales 1-5,2-10 answered 4 satisfied 1 unanswered 2}",
	OK, "{v1 scales 1-3,2-10 answered 7 satisfied 2 unanswered 2}", 2},
	{"{v1 scale 1-7 counts 1,0,0,0,0,0,1 unanswered 0}", "{v1 scales 1-5,2-10 answered 4 satisfied 1 unanswered 2}",
	OK, "{v1 scales 1-5,2-10 answered 6 satisfied 2 unanswered 2}", 2},
	{"{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 3}", "{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 4}",
	PAR, NULL, 0},
	{"{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 3}", "{v1 scale 1-5 counts 1,0,0,0,0 unanswered 0}",
	PAR, NULL, 0},
	{"{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 3}", "{v1 scale 1-7 counts 0,0,1,0,0,0,0 unanswered 0 satisfied_from 3}",
	MIS, NULL, 0},
	{"{v1 unanswered 9223372036854775000}", "{v1 scale 1-5 counts 500,0,0,0,500 unanswered 0}",
	RNG, NULL, 0},
	{"{v1 scale 1-5 counts 9223372036854775806,0,0,0,0 unanswered 0}", "{v1 unanswered 1}",
	OK, "{v1 scale 1-5 counts 9223372036854775806,0,0,0,0 unanswered 1}", 0},
	{"{v1 scale 1-5 counts 9223372036854775806,0,0,0,0 unanswered 0}", "{v1 unanswered 2}",
	RNG, NULL, 0},
	{"{v1 scale 1-5 counts 4611686018427387904,0,0,0,0 unanswered 0}", "{v1 scale 1-5 counts 4611686018427387904,0,0,0,0 unanswered 0}",
	RNG, NULL, 0},
};

static void
test_summaries(void)
{
	size_t		i;

	for (i = 0; i < sizeof(summary_cases) / sizeof(summary_cases[0]); i++)
	{
		const SummaryCase *c = &summary_cases[i];
		CsatSummary s;
		CsatError	err;
		bool		ok;

		memset(&err, 0, sizeof(err));
		ok = csat_summary_parse(c->in, &s, &err);
		checks++;
		if (c->kind == OK)
		{
			CsatError	verr;

			if (!ok)
			{
				FAIL("summary \"%s\": rejected (%s: %s)\n", c->in,
					 kind_name(err.kind), err.msg);
				continue;
			}
			if (!csat_summary_validate(&s, &verr))
				FAIL("summary \"%s\": does not validate: %s\n", c->in, verr.msg);
			expect_text(c->in, &s, c->out);
		}
		else if (ok)
			FAIL("summary \"%s\": accepted, expected %s\n", c->in, kind_name(c->kind));
		else if (err.kind != c->kind)
			FAIL("summary \"%s\": %s (%s), expected %s\n", c->in,
				 kind_name(err.kind), err.msg, kind_name(c->kind));
	}

	for (i = 0; i < sizeof(merge_cases) / sizeof(merge_cases[0]); i++)
	{
		const MergeCase *c = &merge_cases[i];
		CsatSummary a,
					b;
		CsatError	err;
		bool		ok;
		char		what[64];

		if (!parse_summary(c->a, &a) || !parse_summary(c->b, &b))
			continue;
		checks++;
		ok = csat_summary_merge(&a, &b, &err);
		snprintf(what, sizeof(what), "merge case %zu", i);
		if (c->kind == OK)
		{
			if (!ok)
			{
				FAIL("%s: failed: %s\n", what, err.msg);
				continue;
			}
			expect_text(what, &a, c->out);
			if (csat_summary_satisfied(&a) != c->satisfied)
				FAIL("%s: satisfied %lld, expected %lld\n", what,
					 (long long) csat_summary_satisfied(&a), (long long) c->satisfied);
		}
		else if (ok)
			FAIL("%s: succeeded, expected %s\n", what, kind_name(c->kind));
		else if (err.kind != c->kind)
			FAIL("%s: %s (%s), expected %s\n", what, kind_name(err.kind), err.msg,
				 kind_name(c->kind));
	}

	/* adds */
	{
		CsatSummary s;
		CsatError	err;

		memset(&s, 0, sizeof(s));
		checks++;
		if (!csat_summary_add(&s, 0, &err) ||
			!csat_summary_add(&s, CSAT_RATING(S15, 4), &err) ||
			!csat_summary_add(&s, CSAT_RATING(S15, 5), &err) ||
			!csat_summary_add(&s, CSAT_RATING(S15, 1), &err))
			FAIL("add to 1-5: %s\n", err.msg);
		expect_text("add 1-5", &s, "{v1 scale 1-5 counts 1,0,0,1,1 unanswered 1}");
		/* 9/0-10 is satisfied, 8/0-10 not; 1-5 had 2 satisfied */
		if (!csat_summary_add(&s, CSAT_RATING(S010, 9), &err) ||
			!csat_summary_add(&s, CSAT_RATING(S010, 8), &err))
			FAIL("add to mixed: %s\n", err.msg);
		expect_text("add mixed", &s, "{v1 scales 0-10,1-5 answered 5 satisfied 3 unanswered 1}");

		if (!parse_summary("{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 3}", &s))
			return;
		checks++;
		if (csat_summary_add(&s, CSAT_RATING(S010, 9), &err) || err.kind != MIS)
			FAIL("add of another scale to a summary with satisfied_from: not a MISMATCH\n");
		if (!parse_summary("{v1 scale 1-5 counts 0,0,1,0,0 unanswered 0 satisfied_from 3}", &s))
			return;
		if (!csat_summary_add(&s, CSAT_RATING(S15, 2), &err))
			FAIL("add on the threshold's scale: %s\n", err.msg);
		expect_text("add with threshold", &s,
					"{v1 scale 1-5 counts 0,1,1,0,0 unanswered 0 satisfied_from 3}");

		if (!parse_summary("{v1 scale 1-5 counts 9223372036854775806,0,0,0,0 unanswered 1}", &s))
			return;
		checks++;
		if (csat_summary_add(&s, CSAT_RATING(S15, 1), &err) || err.kind != RNG)
			FAIL("add past INT64_MAX: not a RANGE error\n");
		if (!parse_summary("{v1 scale 1-5 counts 9223372036854775806,0,0,0,0 unanswered 1}", &s))
			return;
		checks++;
		if (csat_summary_add(&s, 0, &err) || err.kind != RNG)
			FAIL("unanswered past INT64_MAX: not a RANGE error\n");
	}
}

/* ---- type modifiers and whole numbers ---- */

typedef struct TypmodCase
{
	int			n;
	const char *items[3];
	CsatErrKind kind;
	uint8_t		scale;			/* when OK */
} TypmodCase;

static const TypmodCase typmod_cases[] = {
	{1, {"5"}, OK, S15},
	{2, {"1", "5"}, OK, S15},
	{2, {"0", "10"}, OK, S010},
	{1, {"0-10"}, OK, S010},
	{1, {"0..10"}, OK, S010},
	{1, {" 0 - 10 "}, OK, S010},
	{1, {"1-5"}, OK, S15},
	{1, {" +5 "}, OK, S15},
	{2, {" 0", "10 "}, OK, S010},
	{1, {"2-4"}, OK, CSAT_SCALE(2, 4)},
	{0, {NULL}, PAR, 0},
	{3, {"1", "2", "3"}, PAR, 0},
	{1, {"1"}, PAR, 0},
	{1, {"11"}, PAR, 0},
	{1, {"0"}, PAR, 0},
	{1, {"-5"}, PAR, 0},
	{2, {"5", "1"}, PAR, 0},
	{2, {"-1", "5"}, PAR, 0},
	{1, {"1-11"}, PAR, 0},
	{1, {"5-5"}, PAR, 0},
	{1, {""}, SYN, 0},
	{1, {"x"}, SYN, 0},
	{1, {"1-"}, SYN, 0},
	{1, {"-"}, SYN, 0},
	{1, {"1...5"}, SYN, 0},
	{1, {"1--5"}, SYN, 0},
	{1, {"1-5-"}, SYN, 0},
	{1, {"(1,5)"}, SYN, 0},
	{1, {"1,5"}, SYN, 0},
	{1, {"5.0"}, SYN, 0},
	{2, {"0-10", "5"}, SYN, 0},
	{2, {"1", "1-5"}, SYN, 0},
	{1, {"99999999999"}, RNG, 0},
	{2, {"1", "-99999999999"}, RNG, 0},
};

typedef struct WholeCase
{
	const char *in;
	int			rc;
	int64_t		v;
} WholeCase;

static const WholeCase whole_cases[] = {
	{"4", 1, 4}, {"4.0", 1, 4}, {"4.000", 1, 4}, {"-3", 1, -3}, {"-0", 1, 0},
	{"0.00", 1, 0}, {"9223372036854775807", 1, INT64_MAX},
	{"9223372036854775808", 2, 0}, {"-9223372036854775808", 2, 0},
	{"123456789012345678901234567890.000", 2, 0},
	{"4.5", 0, 0}, {"4.0001", 0, 0}, {"NaN", 0, 0}, {"Infinity", 0, 0},
	{"-Infinity", 0, 0}, {"1e+300", 0, 0}, {"4.", 0, 0}, {".5", 0, 0},
	{"", 0, 0}, {"-", 0, 0}, {"+4", 0, 0}, {"4 ", 0, 0}, {"0x4", 0, 0},
};

static void
test_typmods(void)
{
	size_t		i;
	int			lo,
				hi;

	for (i = 0; i < sizeof(typmod_cases) / sizeof(typmod_cases[0]); i++)
	{
		const TypmodCase *c = &typmod_cases[i];
		uint8_t		scale = 0xEE;
		CsatError	err;
		bool		ok;

		memset(&err, 0, sizeof(err));
		ok = csat_typmod_parse(c->items, c->n, &scale, &err);
		checks++;
		if (c->kind == OK && (!ok || scale != c->scale))
			FAIL("typmod case %zu (\"%s\"): %s, scale 0x%02X, expected 0x%02X (%s)\n",
				 i, c->n ? c->items[0] : "", ok ? "accepted" : "rejected",
				 scale, c->scale, ok ? "" : err.msg);
		else if (c->kind != OK && (ok || err.kind != c->kind || err.msg[0] == '\0'))
			FAIL("typmod case %zu (\"%s\"): %s, expected %s\n",
				 i, c->n ? c->items[0] : "", ok ? "accepted" : kind_name(err.kind),
				 kind_name(c->kind));
	}

	/*
	 * Every scale: the printed form reads back (as PostgreSQL hands it to
	 * typmod_in: the text between the parentheses, quotes removed) to the
	 * same scale, and never holds a comma between digits.
	 */
	for (lo = 0; lo <= CSAT_MAX_HI; lo++)
		for (hi = lo + 1; hi <= CSAT_MAX_HI; hi++)
		{
			char		buf[16],
						item[16];
			const char *items[1] = {item};
			uint8_t		scale = 0;
			CsatError	err;
			size_t		len;

			csat_typmod_format(CSAT_SCALE(lo, hi), buf);
			checks++;
			len = strlen(buf);
			if (len < 3 || buf[0] != '(' || buf[len - 1] != ')' || strchr(buf, ','))
			{
				FAIL("typmod %d-%d prints as \"%s\"\n", lo, hi, buf);
				continue;
			}
			if (buf[1] == '\'')
				snprintf(item, sizeof(item), "%.*s", (int) len - 4, buf + 2);
			else
				snprintf(item, sizeof(item), "%.*s", (int) len - 2, buf + 1);
			if (!csat_typmod_parse(items, 1, &scale, &err) || scale != CSAT_SCALE(lo, hi))
				FAIL("typmod %d-%d prints as \"%s\", which reads back as 0x%02X\n",
					 lo, hi, buf, scale);
			if ((lo == 1) != (buf[1] != '\''))
				FAIL("typmod %d-%d prints as \"%s\": (H) is for lo = 1 only\n", lo, hi, buf);
		}

	for (i = 0; i < sizeof(whole_cases) / sizeof(whole_cases[0]); i++)
	{
		const WholeCase *c = &whole_cases[i];
		int64_t		v = -12345;
		int			rc = csat_whole_number(c->in, &v);

		checks++;
		if (rc != c->rc || (rc == 1 && v != c->v))
			FAIL("whole number \"%s\": %d (%lld), expected %d (%lld)\n",
				 c->in, rc, (long long) v, c->rc, (long long) c->v);
	}
}

/*
 * csat_summary_format writes its digits by hand; it must print exactly what
 * the snprintf formatter it replaced printed, for every shape and scale,
 * and for any count (negative ones too, although validation rejects them).
 */
static void
format_reference(const CsatSummary *s, char *buf)
{
	uint8_t		scale = CSAT_SUM_SCALE(s);
	int			n,
				v;

	if (scale == 0)
	{
		snprintf(buf, CSAT_SUMMARY_TEXT_MAX, "{v1 unanswered %lld}", (long long) s->unanswered);
		return;
	}
	if (CSAT_SUM_MIXED(s))
	{
		snprintf(buf, CSAT_SUMMARY_TEXT_MAX,
				 "{v1 scales %d-%d,%d-%d answered %lld satisfied %lld unanswered %lld}",
				 CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale),
				 CSAT_SCALE_LO(CSAT_SUM_SCALE2(s)), CSAT_SCALE_HI(CSAT_SUM_SCALE2(s)),
				 (long long) s->answered, (long long) s->satisfied, (long long) s->unanswered);
		return;
	}
	n = snprintf(buf, CSAT_SUMMARY_TEXT_MAX, "{v1 scale %d-%d counts ",
				 CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale));
	for (v = CSAT_SCALE_LO(scale); v <= CSAT_SCALE_HI(scale); v++)
		n += snprintf(buf + n, CSAT_SUMMARY_TEXT_MAX - n, "%s%lld",
					  v > CSAT_SCALE_LO(scale) ? "," : "", (long long) s->counts[v]);
	n += snprintf(buf + n, CSAT_SUMMARY_TEXT_MAX - n, " unanswered %lld", (long long) s->unanswered);
	if (s->satisfied_from != 0)
		n += snprintf(buf + n, CSAT_SUMMARY_TEXT_MAX - n, " satisfied_from %d", s->satisfied_from - 1);
	snprintf(buf + n, CSAT_SUMMARY_TEXT_MAX - n, "}");
}

static void
test_format_reference(void)
{
	static const int64_t values[] = {0, 1, 7, 9, 10, 99, 100, 12345, 1000000007,
		INT64_MAX / 11, INT64_MAX - 1, INT64_MAX, -1, INT64_MIN};
	const int	nvalues = (int) (sizeof(values) / sizeof(values[0]));
	int			lo,
				hi,
				i,
				v;

	for (lo = 0; lo <= CSAT_MAX_HI; lo++)
		for (hi = lo + 1; hi <= CSAT_MAX_HI; hi++)
			for (i = 0; i < nvalues * 3; i++)
			{
				CsatSummary s;
				char		got[CSAT_SUMMARY_TEXT_MAX],
							want[CSAT_SUMMARY_TEXT_MAX];

				/* uniform, with and without a threshold */
				memset(&s, 0, sizeof(s));
				s.scales = CSAT_SCALE(lo, hi);
				for (v = lo; v <= hi; v++)
					s.counts[v] = values[(i + v * 5) % nvalues];
				s.unanswered = values[(i + 3) % nvalues];
				s.satisfied_from = (uint8_t) (i % 3 == 0 ? 0 : lo + 1 + i % (hi - lo + 1));
				format_reference(&s, want);
				csat_summary_format(&s, got);
				checks++;
				if (strcmp(got, want) != 0)
					FAIL("format \"%s\", reference \"%s\"\n", got, want);

				/* mixed, and empty */
				memset(&s, 0, sizeof(s));
				s.scales = (uint16_t) (CSAT_SCALE(lo, hi) | (CSAT_SCALE(hi == 10 ? 0 : 1, 10) << 8));
				s.answered = values[i % nvalues];
				s.satisfied = values[(i + 1) % nvalues];
				s.unanswered = values[(i + 2) % nvalues];
				format_reference(&s, want);
				csat_summary_format(&s, got);
				checks++;
				if (strcmp(got, want) != 0)
					FAIL("format \"%s\", reference \"%s\"\n", got, want);
				s.scales = 0;
				format_reference(&s, want);
				csat_summary_format(&s, got);
				checks++;
				if (strcmp(got, want) != 0)
					FAIL("format \"%s\", reference \"%s\"\n", got, want);
			}
}

int
main(void)
{
	test_ratings();
	test_summaries();
	test_typmods();
	test_format_reference();
	if (failures > 0)
	{
		fprintf(stderr, "parse_unit: %d of %d checks FAILED\n", failures, checks);
		return 1;
	}
	printf("parse_unit: all %d checks passed\n", checks);
	return 0;
}
