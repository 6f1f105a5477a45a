/*-------------------------------------------------------------------------
 *
 * fuzz_summary.c
 *	  libFuzzer harness for csat_summary_parse, csat_summary_format,
 *	  csat_summary_merge and csat_summary_add (src/core/).
 *
 * Text mode: the input is split on '|' (a byte the summary grammar never
 * uses) into up to three pieces A|B|C; the whole input is parsed as well.
 * Binary mode (the input starts with byte 0x01, which text never does): the
 * input is up to three records in the binary wire format of
 * rating_summary_recv (116 bytes: version 1, scale, scale2, satisfied_from,
 * then 14 big-endian int64: counts[0..10], answered, satisfied, unanswered),
 * each decoded as recv does and kept only if csat_summary_validate accepts
 * it: the binary path trusts validate alone, so every struct it accepts must
 * behave like a parsed one.  Properties (abort() on any violation, so
 * libFuzzer saves the input):
 *	 - a struct that validates (binary mode) formats to text that parses
 *	   back to a bytewise-identical struct;
 *	 - an accepted summary passes csat_summary_validate, formats to fewer
 *	   than CSAT_SUMMARY_TEXT_MAX bytes, and the text parses back to a
 *	   bytewise-identical struct that formats to the same text;
 *	 - a rejection fills a known error kind and a terminated message;
 *	 - merge(A,B) either fails with RANGE/PARAM/MISMATCH or gives a valid
 *	   summary with answered, unanswered and satisfied answers added up;
 *	   merge(B,A) fails or succeeds alike and gives the same bytes
 *	   (the form does not depend on arrival order);
 *	 - (A+B)+C and A+(B+C) agree when both succeed;
 *	 - on every uniform summary, csat_summary_count_from agrees with counts;
 *	 - csat_summary_add of a few valid ratings (picked from the input
 *	   bytes; 0 = unanswered) keeps the summary valid, counts one more
 *	   answer or unanswered, and equals merging a one-rating summary.
 *
 * Build: see test/fuzz/run.sh.
 *
 *-------------------------------------------------------------------------
 */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INPUT 4096
#define MAX_PIECES 3

static const char *cur_input = "";

static void
violation(const char *what, const CsatSummary *s)
{
	char		buf[CSAT_SUMMARY_TEXT_MAX];

	fprintf(stderr, "fuzz_summary: property violated: %s\n  input \"%s\"\n",
			what, cur_input);
	if (s != NULL)
	{
		csat_summary_format(s, buf);
		fprintf(stderr, "  summary %s (scales 0x%04X satisfied %lld from %d)\n",
				buf, s->scales, (long long) s->satisfied, s->satisfied_from);
	}
	abort();
}

static void
check_error(const CsatError *err, bool add_or_merge)
{
	if (err->kind != CSAT_ERR_SYNTAX && err->kind != CSAT_ERR_RANGE &&
		err->kind != CSAT_ERR_PARAM && err->kind != CSAT_ERR_MISMATCH)
		violation("failure with an unknown error kind", NULL);
	if (add_or_merge && err->kind == CSAT_ERR_SYNTAX)
		violation("add/merge failed with a syntax error", NULL);
	if (memchr(err->msg, '\0', sizeof(err->msg)) == NULL ||
		memchr(err->hint, '\0', sizeof(err->hint)) == NULL)
		violation("error message or hint not terminated", NULL);
	if (err->msg[0] == '\0')
		violation("failure with an empty message", NULL);
}

static void
must_validate(const CsatSummary *s, const char *what)
{
	CsatError	err;

	if (!csat_summary_validate(s, &err))
	{
		fprintf(stderr, "fuzz_summary: validate: %s\n", err.msg);
		violation(what, s);
	}
}

/* csat_summary_count_from on a uniform summary agrees with its counts */
static void
check_count_from(const CsatSummary *s)
{
	int			lo,
				hi,
				v;

	if (CSAT_SUM_SCALE(s) == 0 || CSAT_SUM_MIXED(s))
		return;
	lo = CSAT_SCALE_LO(CSAT_SUM_SCALE(s));
	hi = CSAT_SCALE_HI(CSAT_SUM_SCALE(s));
	if (csat_summary_count_from(s, lo) != s->answered ||
		csat_summary_count_from(s, hi + 1 > CSAT_MAX_HI ? CSAT_NPOINTS : hi + 1) != 0)
		violation("count_from(lo) is not answered, or count_from(hi + 1) is not 0", s);
	for (v = lo; v < hi; v++)
		if (csat_summary_count_from(s, v) - csat_summary_count_from(s, v + 1) != s->counts[v])
			violation("count_from(v) - count_from(v + 1) is not counts[v]", s);
}

/* parse, and on success check the round trip; returns acceptance */
static bool
parse_checked(const char *text, CsatSummary *out)
{
	CsatSummary s,
				s2;
	CsatError	err;
	char		buf[CSAT_SUMMARY_TEXT_MAX + 1],
				buf2[CSAT_SUMMARY_TEXT_MAX + 1];

	memset(&err, 0, sizeof(err));
	/* poison, so padding or unset fields would show up in the memcmp */
	memset(&s, 0xA5, sizeof(s));
	if (!csat_summary_parse(text, &s, &err))
	{
		check_error(&err, false);
		return false;
	}
	must_validate(&s, "accepted summary does not validate");
	check_count_from(&s);

	memset(buf, 0x7F, sizeof(buf));
	csat_summary_format(&s, buf);
	if (memchr(buf, '\0', CSAT_SUMMARY_TEXT_MAX) == NULL)
		violation("formatted summary too long", &s);
	if (strlen(buf) >= CSAT_SUMMARY_TEXT_MAX - 1)
		violation("formatted summary may have been truncated", &s);

	memset(&s2, 0x5A, sizeof(s2));
	if (!csat_summary_parse(buf, &s2, &err))
	{
		fprintf(stderr, "fuzz_summary: reparse of \"%s\": %s\n", buf, err.msg);
		violation("formatted summary does not parse back", &s);
	}
	if (memcmp(&s, &s2, sizeof(s)) != 0)
		violation("formatted summary parses back to different bytes", &s);
	csat_summary_format(&s2, buf2);
	if (strcmp(buf, buf2) != 0)
		violation("formatted summary is not canonical", &s);

	*out = s;
	return true;
}

/* merge b into a copy of a; checks the result and returns success */
static bool
merge_checked(const CsatSummary *a, const CsatSummary *b, CsatSummary *out)
{
	CsatSummary m = *a;
	CsatError	err;

	memset(&err, 0, sizeof(err));
	if (!csat_summary_merge(&m, b, &err))
	{
		check_error(&err, true);
		return false;
	}
	must_validate(&m, "merged summary does not validate");
	check_count_from(&m);
	if (m.answered != a->answered + b->answered)
		violation("merge lost answers", &m);
	if (m.unanswered != a->unanswered + b->unanswered)
		violation("merge lost unanswered", &m);
	if (csat_summary_satisfied(&m) !=
		csat_summary_satisfied(a) + csat_summary_satisfied(b))
		violation("merge changed the number of satisfied answers", &m);
	*out = m;
	return true;
}

/* the i-th valid packed scale byte, cycling */
static uint8_t
nth_scale(unsigned i)
{
	static uint8_t scales[64];
	static unsigned n = 0;

	if (n == 0)
	{
		int			lo,
					hi;

		for (lo = 0; lo <= CSAT_MAX_HI; lo++)
			for (hi = lo + 1; hi <= CSAT_MAX_HI; hi++)
				scales[n++] = CSAT_SCALE(lo, hi);
	}
	return scales[i % n];
}

/* a valid rating (or 0, unanswered) from one input byte */
static uint16_t
rating_from_byte(uint8_t b)
{
	uint8_t		scale;
	int			lo,
				hi;

	if (b == 0)
		return 0;
	/* favour 1-5 and 0-10, so adds often hit a parsed scale */
	if (b < 64)
		scale = CSAT_SCALE(1, 5);
	else if (b < 96)
		scale = CSAT_SCALE(0, 10);
	else
		scale = nth_scale(b);
	lo = CSAT_SCALE_LO(scale);
	hi = CSAT_SCALE_HI(scale);
	return CSAT_RATING(scale, lo + (b * 7) % (hi - lo + 1));
}

static void
add_checked(CsatSummary *s, uint16_t r)
{
	CsatSummary before = *s,
				one,
				viamerge = *s;
	CsatError	err,
				merr;
	bool		ok,
				mok;

	memset(&err, 0, sizeof(err));
	ok = csat_summary_add(s, r, &err);
	if (!ok)
	{
		check_error(&err, true);
		if (err.kind != CSAT_ERR_RANGE && err.kind != CSAT_ERR_MISMATCH)
			violation("add failed with a kind other than RANGE or MISMATCH", &before);
		*s = before;			/* *s is unspecified after a failure */
		return;
	}
	must_validate(s, "summary after add does not validate");
	if (r == 0 ? (s->unanswered != before.unanswered + 1 ||
				  s->answered != before.answered)
		: (s->answered != before.answered + 1 ||
		   s->unanswered != before.unanswered))
		violation("add did not count exactly one rating", s);
	if (r != 0 && !CSAT_SUM_MIXED(s) && s->counts[CSAT_RATING_VALUE(r)] !=
		(CSAT_SUM_SCALE(&before) ? before.counts[CSAT_RATING_VALUE(r)] : 0) + 1)
		violation("add did not count the value", s);

	/* adding r == merging the one-rating summary {r} */
	memset(&one, 0, sizeof(one));
	if (r != 0)
		one.satisfied_from = before.satisfied_from;	/* same threshold */
	if (!csat_summary_add(&one, r, &err))
		violation("add to an empty summary failed", &one);
	mok = csat_summary_merge(&viamerge, &one, &merr);
	if (!mok)
		violation("merge of a one-rating summary failed where add succeeded", &before);
	if (memcmp(&viamerge, s, sizeof(*s)) != 0)
		violation("add and merge of a one-rating summary disagree", &viamerge);
}

/* bytes of one binary record, as in rating_summary_recv */
#define BIN_LEN (4 + 8 * (CSAT_NPOINTS + 3))

static int64_t
get_int64_be(const uint8_t *p)
{
	uint64_t	v = 0;
	int			i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return (int64_t) v;
}

/*
 * Decode a binary record like rating_summary_recv; keep it if it validates,
 * and then check that it round-trips through text like a parsed summary.
 */
static bool
binary_checked(const uint8_t *p, CsatSummary *out)
{
	CsatSummary s,
				s2;
	CsatError	err;
	char		buf[CSAT_SUMMARY_TEXT_MAX + 1];
	int			v;

	if (p[0] != 1)
		return false;			/* recv rejects other versions */
	memset(&s, 0, sizeof(s));	/* recv uses palloc0 */
	s.scales = (uint16_t) (p[1] | (p[2] << 8));
	s.satisfied_from = p[3];
	for (v = 0; v < CSAT_NPOINTS; v++)
		s.counts[v] = get_int64_be(p + 4 + 8 * v);
	s.answered = get_int64_be(p + 4 + 8 * CSAT_NPOINTS);
	s.satisfied = get_int64_be(p + 4 + 8 * (CSAT_NPOINTS + 1));
	s.unanswered = get_int64_be(p + 4 + 8 * (CSAT_NPOINTS + 2));

	memset(&err, 0, sizeof(err));
	if (!csat_summary_validate(&s, &err))
	{
		check_error(&err, false);
		if (err.kind != CSAT_ERR_PARAM && err.kind != CSAT_ERR_RANGE)
			violation("validate failed with a kind other than PARAM or RANGE", NULL);
		return false;
	}
	check_count_from(&s);
	memset(buf, 0x7F, sizeof(buf));
	csat_summary_format(&s, buf);
	if (memchr(buf, '\0', CSAT_SUMMARY_TEXT_MAX) == NULL ||
		strlen(buf) >= CSAT_SUMMARY_TEXT_MAX - 1)
		violation("formatted summary too long", &s);
	memset(&s2, 0x5A, sizeof(s2));
	if (!csat_summary_parse(buf, &s2, &err))
	{
		fprintf(stderr, "fuzz_summary: reparse of \"%s\": %s\n", buf, err.msg);
		violation("validated binary summary does not parse back from its text", &s);
	}
	if (memcmp(&s, &s2, sizeof(s)) != 0)
		violation("validated binary summary parses back to different bytes", &s);
	*out = s;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *str;
	CsatSummary whole,
				s[MAX_PIECES];
	bool		ok[MAX_PIECES] = {false};
	int			npieces = 0,
				i;

	if (size > MAX_INPUT)
		return 0;
	str = malloc(size + 1);
	if (str == NULL)
		abort();
	memcpy(str, data, size);
	str[size] = '\0';
	cur_input = str;

	if (size >= BIN_LEN && data[0] == 1)
	{
		/* binary mode: consecutive records */
		uint8_t    *copy = malloc(size);

		if (copy == NULL)
			abort();
		memcpy(copy, data, size);
		cur_input = "(binary input)";
		while (npieces < MAX_PIECES && (size_t) (npieces + 1) * BIN_LEN <= size)
		{
			ok[npieces] = binary_checked(copy + npieces * BIN_LEN, &s[npieces]);
			npieces++;
		}
		free(copy);
		if (ok[0])
			for (i = 0; i < 4; i++)
				add_checked(&s[0], rating_from_byte(data[size - 1 - i]));
	}
	else
	{
		char	   *copy,
				   *p;

		/* the whole input (it fails at the first '|', which must not crash) */
		if (parse_checked(str, &whole))
		{
			for (i = 0; i < 4 && (size_t) i < size; i++)
				add_checked(&whole, rating_from_byte(data[size - 1 - i]));
		}

		/* the pieces, split on '|' in a private copy */
		copy = strdup(str);
		if (copy == NULL)
			abort();
		p = copy;
		while (npieces < MAX_PIECES)
		{
			char	   *bar = strchr(p, '|');
			char	   *one;

			if (bar != NULL)
				*bar = '\0';
			one = strdup(p);	/* exact size, for ASan */
			if (one == NULL)
				abort();
			ok[npieces] = parse_checked(one, &s[npieces]);
			npieces++;
			free(one);
			if (bar == NULL)
				break;
			p = bar + 1;
		}
		free(copy);
	}

	if (npieces >= 2 && ok[0] && ok[1])
	{
		CsatSummary ab,
					ba;
		bool		okab = merge_checked(&s[0], &s[1], &ab);
		bool		okba = merge_checked(&s[1], &s[0], &ba);

		if (okab != okba)
			violation("merge(A,B) and merge(B,A) disagree on success", okab ? &ab : &ba);
		if (okab && memcmp(&ab, &ba, sizeof(ab)) != 0)
			violation("merge(A,B) and merge(B,A) give different bytes", &ab);

		if (npieces >= 3 && ok[2])
		{
			CsatSummary ab_c,
						bc,
						a_bc;
			bool		ok1 = okab && merge_checked(&ab, &s[2], &ab_c);
			bool		ok2 = merge_checked(&s[1], &s[2], &bc) &&
				merge_checked(&s[0], &bc, &a_bc);

			if (ok1 != ok2)
				violation("(A+B)+C and A+(B+C) disagree on success", NULL);
			if (ok1 && ok2 && memcmp(&ab_c, &a_bc, sizeof(ab_c)) != 0)
				violation("merge is not associative", &ab_c);
		}

		/* a few ratings added to the merge result */
		if (okab)
			for (i = 0; i < 3 && (size_t) i < size; i++)
				add_checked(&ab, rating_from_byte(data[i]));
	}

	free(str);
	return 0;
}
