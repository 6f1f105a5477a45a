/*-------------------------------------------------------------------------
 *
 * fuzz_rating.c
 *	  libFuzzer harness for csat_rating_parse (src/core/).
 *
 * Each input is tried twice:
 *	 1. the whole input as a C string, typmod_scale 0;
 *	 2. the first byte as typmod_scale (any byte, valid scale or not), the
 *		rest as the string.
 * Properties checked (abort() on any violation, so libFuzzer saves the input):
 *	 - an accepted value is a valid rating (csat_rating_valid);
 *	 - with a typmod, an accepted value is on exactly that scale;
 *	 - csat_rating_format of it parses back, with typmod 0 and with the
 *	   rating's own scale as typmod, to exactly the same uint16, and the
 *	   canonical text formats to itself;
 *	 - its bare value parses back under its own scale as typmod, and its
 *	   canonical text is a CSAT_ERR_MISMATCH under any other valid typmod;
 *	 - a value accepted without typmod is also accepted under its own scale;
 *	 - a rejection fills a known error kind and a terminated message;
 *	 - the order key is equal for two ratings iff they are bitwise equal;
 *	 - the input as a type modifier list (items split at '|'): accepted only
 *	   as a valid scale, printed without a comma, read back the same.
 *
 * A bare value under a typmod_scale byte that is not a valid scale must be
 * rejected (core.h: "accepted only when typmod_scale is a valid scale
 * byte"); such an acceptance fails the first property.
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

static void
violation(const char *what, const char *input, unsigned typmod, unsigned r)
{
	fprintf(stderr, "fuzz_rating: property violated: %s\n"
			"  input \"%s\" typmod_scale 0x%02X value 0x%04X\n",
			what, input, typmod, r);
	abort();
}

static void
check_error(const CsatError *err, const char *input, unsigned typmod)
{
	if (err->kind != CSAT_ERR_SYNTAX && err->kind != CSAT_ERR_RANGE &&
		err->kind != CSAT_ERR_PARAM && err->kind != CSAT_ERR_MISMATCH)
		violation("rejection with an unknown error kind", input, typmod, 0);
	if (memchr(err->msg, '\0', sizeof(err->msg)) == NULL ||
		memchr(err->hint, '\0', sizeof(err->hint)) == NULL)
		violation("error message or hint not terminated", input, typmod, 0);
	if (err->msg[0] == '\0')
		violation("rejection with an empty message", input, typmod, 0);
}

/* every property of one accepted rating r */
static void
check_accepted(uint16_t r, const char *input, unsigned typmod)
{
	uint8_t		scale = CSAT_RATING_SCALE(r);
	char		buf[64],
				again[64];
	uint16_t	r2;
	CsatError	err;
	unsigned	t;

	if (!csat_rating_valid(r))
		violation("accepted value is not csat_rating_valid", input, typmod, r);
	if (typmod != 0 && scale != typmod)
		violation("accepted value is not on the typmod's scale", input, typmod, r);

	memset(buf, 0x7F, sizeof(buf));
	csat_rating_format(r, buf);
	if (memchr(buf, '\0', 16) == NULL)
		violation("formatted text longer than 15 bytes", input, typmod, r);

	/* output then input, without and with a typmod */
	if (!csat_rating_parse(buf, 0, &r2, &err) || r2 != r)
		violation("formatted text does not parse back (typmod 0)", buf, 0, r);
	if (!csat_rating_parse(buf, scale, &r2, &err) || r2 != r)
		violation("formatted text does not parse back (own typmod)", buf, scale, r);
	if (typmod != 0 && typmod != scale &&
		(!csat_rating_parse(buf, (uint8_t) typmod, &r2, &err) || r2 != r))
		violation("formatted text does not parse back (same typmod)", buf, typmod, r);

	/* canonical: formatting the reparsed value gives the same text */
	csat_rating_format(r2, again);
	if (strcmp(buf, again) != 0)
		violation("formatted text is not canonical", buf, 0, r);

	/* the bare value under the rating's own scale */
	snprintf(again, sizeof(again), "%d", CSAT_RATING_VALUE(r));
	if (!csat_rating_parse(again, scale, &r2, &err) || r2 != r)
		violation("bare value does not parse under its own scale", again, scale, r);
	if (csat_rating_parse(again, 0, &r2, &err) || err.kind != CSAT_ERR_SYNTAX)
		violation("bare value accepted (or wrong error) without a typmod", again, 0, r);

	/* under some other valid typmod it is a mismatch, never a rescale */
	t = CSAT_SCALE(CSAT_SCALE_LO(scale) == 0 ? 1 : 0, CSAT_SCALE_HI(scale));
	if (csat_scale_byte_valid(t) && t != scale &&
		(csat_rating_parse(buf, (uint8_t) t, &r2, &err) ||
		 err.kind != CSAT_ERR_MISMATCH))
		violation("text on another scale not a mismatch", buf, t, r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *str;
	uint16_t	r0 = 0,
				r1 = 0;
	bool		ok0,
				ok1 = false;
	CsatError	err;
	uint8_t		typmod = 0;

	if (size > MAX_INPUT)
		return 0;
	/* exact-size heap copy, so ASan sees any read past the terminator */
	str = malloc(size + 1);
	if (str == NULL)
		abort();
	memcpy(str, data, size);
	str[size] = '\0';

	/* 1. no typmod */
	memset(&err, 0, sizeof(err));
	ok0 = csat_rating_parse(str, 0, &r0, &err);
	if (ok0)
	{
		uint16_t	r2;

		check_accepted(r0, str, 0);
		/* a column with the rating's own scale accepts the same text */
		if (!csat_rating_parse(str, CSAT_RATING_SCALE(r0), &r2, &err) || r2 != r0)
			violation("text accepted without typmod rejected under its own scale",
					  str, CSAT_RATING_SCALE(r0), r0);
	}
	else
		check_error(&err, str, 0);

	/* 2. first byte as typmod, rest as text */
	if (size >= 1)
	{
		typmod = (uint8_t) str[0];
		memset(&err, 0, sizeof(err));
		ok1 = csat_rating_parse(str + 1, typmod, &r1, &err);
#ifdef FUZZ_TOLERATE_INVALID_TYPMOD
		/*
		 * Exploration only (run.sh with FUZZ_TOLERATE_INVALID_TYPMOD=1): let
		 * the fuzzer go past the known acceptance of bare values under an
		 * invalid typmod_scale byte, to look for other bugs.
		 */
		if (ok1 && !csat_scale_byte_valid(typmod))
			ok1 = false;
		else
#endif
		if (ok1)
			check_accepted(r1, str + 1, typmod);
		else
			check_error(&err, str + 1, typmod);
	}

	/* order key: equal iff bitwise equal */
	if (ok0 && ok1)
	{
		bool		keq = csat_rating_order_key(r0) == csat_rating_order_key(r1);

		if (keq != (r0 == r1))
			violation("order key equality differs from bitwise equality",
					  str, typmod, (unsigned) r0 << 16 | r1);
	}

	/*
	 * 3. the whole input as a type modifier list, items split at '|' (as
	 * typmod_in receives them): an accepted list is a valid scale, whose
	 * printed form (csat_typmod_format) has no comma and reads back to it;
	 * the same text of a number is whole or not as csat_whole_number says,
	 * never crashing.
	 */
	{
		char	   *items[3];
		int			n = 1;
		uint8_t		scale = 0;
		int64_t		w;
		char	   *p;

		items[0] = str;
		for (p = str; *p; p++)
			if (*p == '|')
			{
				*p = '\0';
				if (n < 3)
					items[n] = p + 1;
				n++;
			}
		memset(&err, 0, sizeof(err));
		if (n <= 3 && csat_typmod_parse((const char *const *) items, n, &scale, &err))
		{
			char		buf[16],
						item[16];
			const char *one[1] = {item};
			uint8_t		again = 0;
			size_t		len;

			if (!csat_scale_byte_valid(scale))
				violation("typmod list accepted as an invalid scale", str, scale, 0);
			memset(buf, 0x7F, sizeof(buf));
			csat_typmod_format(scale, buf);
			if (memchr(buf, '\0', sizeof(buf)) == NULL || strchr(buf, ','))
				violation("typmod printed form unterminated or with a comma", str, scale, 0);
			len = strlen(buf);
			if (buf[1] == '\'')
				snprintf(item, sizeof(item), "%.*s", (int) len - 4, buf + 2);
			else
				snprintf(item, sizeof(item), "%.*s", (int) len - 2, buf + 1);
			if (!csat_typmod_parse(one, 1, &again, &err) || again != scale)
				violation("typmod printed form does not read back", buf, scale, again);
		}
		else if (n <= 3)
			check_error(&err, str, 0);
		(void) csat_whole_number(items[0], &w);
	}

	free(str);
	return 0;
}
