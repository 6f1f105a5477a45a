/*-------------------------------------------------------------------------
 *
 * core.h
 *	  PostgreSQL-free core of csat: the packed rating, its scales, the text
 *	  forms of a rating and of a rating summary, and summary arithmetic
 *	  (the files of src/core).
 *
 * Nothing here includes a PostgreSQL header, so the parsers can be unit
 * tested and fuzzed on their own (see test/fuzz).  Functions report failure
 * through return codes and a CsatError; the PostgreSQL wrappers in src/ (rating.c, summary.c ...)
 * turn those into ereport(ERROR) with the right SQLSTATE.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CSAT_CORE_H
#define CSAT_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/*
 * A scale lo..hi with 0 <= lo < hi <= 10 is packed into one byte as
 * (lo << 4) | hi.  Byte 0 is never a valid scale (hi would be 0), so it
 * doubles as "no scale".
 */
#define CSAT_MAX_HI			10
#define CSAT_NPOINTS		(CSAT_MAX_HI + 1)	/* values 0..10 */
#define CSAT_SCALE_LIMIT	0x9B	/* every packed scale is below this */

#define CSAT_SCALE(lo, hi)	((uint8_t) (((lo) << 4) | (hi)))
#define CSAT_SCALE_LO(s)	((int) ((s) >> 4))
#define CSAT_SCALE_HI(s)	((int) ((s) & 0x0F))

/*
 * A rating is a uint16: high byte the packed scale, low byte the value.
 * This is also its Datum and its 2-byte on-disk form.
 */
#define CSAT_RATING(scale, v)	((uint16_t) (((unsigned) (scale) << 8) | (unsigned) (v)))
#define CSAT_RATING_SCALE(r)	((uint8_t) ((r) >> 8))
#define CSAT_RATING_VALUE(r)	((int) ((r) & 0xFF))

/* Error classes, mapped to SQLSTATEs by the PostgreSQL side. */
typedef enum CsatErrKind
{
	CSAT_OK = 0,
	CSAT_ERR_SYNTAX,			/* 22P02 invalid text representation */
	CSAT_ERR_RANGE,				/* 22003 numeric value out of range */
	CSAT_ERR_PARAM,				/* 22023 invalid parameter value */
	CSAT_ERR_MISMATCH			/* 42804 datatype mismatch (scales conflict) */
} CsatErrKind;

typedef struct CsatError
{
	CsatErrKind kind;
	char		msg[320];		/* names the offending value */
	char		hint[160];		/* may be empty */
} CsatError;

/* ---- scales and ratings ---- */

extern bool csat_scale_valid(int lo, int hi);
extern bool csat_scale_byte_valid(unsigned scale);
extern bool csat_rating_valid(unsigned r);

/* first satisfied value of the scale under the top-two-box rule */
extern int	csat_topbox_from(uint8_t scale);

/*
 * Total order key: normalized position (scaled by 2520 = lcm(1..10), so it
 * is an exact integer), then the scale (span, then lo).  Two ratings compare
 * equal iff their keys are equal iff they are bitwise equal.
 */
static inline int32_t
csat_rating_order_key(uint16_t r)
{
	int			lo = CSAT_SCALE_LO(CSAT_RATING_SCALE(r));
	int			hi = CSAT_SCALE_HI(CSAT_RATING_SCALE(r));
	int			span = hi - lo;
	int			v = CSAT_RATING_VALUE(r);

	return (int32_t) ((((v - lo) * 2520) / span) << 7) | (span * 10 + lo);
}

/*
 * Parse the text form of a rating: "V/H", "V/L-H", "V/L..H", blanks around
 * the parts.  A bare "V" is accepted only when typmod_scale is a valid scale
 * byte (the column's type modifier); pass 0 for none.  When typmod_scale is
 * given, a rating on another scale is a CSAT_ERR_MISMATCH; a typmod_scale
 * that is not a valid scale byte is a CSAT_ERR_PARAM.
 * Returns true and sets *out on success; otherwise fills *err.
 */
extern bool csat_rating_parse(const char *str, uint8_t typmod_scale,
							  uint16_t *out, CsatError *err);

/*
 * A bare number: "V" or "V.000" with blanks around.  Returns 1 and *v when
 * it is a whole number 0..10 (the value of a rating on some scale), 0 when
 * str is not a bare number (csat_rating_parse says what it is), and -1 with
 * *err when it is one that no rating can have (4.5, 11).
 */
extern int	csat_rating_bare(const char *str, int *v, CsatError *err);

/* Canonical text: "V/H" when lo = 1, else "V/L-H".  buf >= 16 bytes. */
extern void csat_rating_format(uint16_t r, char *buf);

/* "L-H" always (used in messages and summary text).  buf >= 8 bytes. */
extern void csat_scale_format(uint8_t scale, char *buf);

/*
 * Type modifier lists, as typmod_in receives them (each item the text of an
 * integer constant, string constant or identifier): ("H") is 1..H,
 * ("L", "H") is L..H, a single ("L-H") or ("L..H") is L..H.  Fills *scale,
 * or *err (SYNTAX for a malformed item, RANGE for one past int, PARAM for
 * a wrong count or an invalid scale).
 */
extern bool csat_typmod_parse(const char *const *items, int n,
							  uint8_t *scale, CsatError *err);

/*
 * What typmod_out prints: "(H)" when lo = 1, else "('L-H')".  Never two
 * numbers with a comma: SQLAlchemy's PostgreSQL dialect reads the modifier
 * out of format_type() with \(([\d,]+)\) and calls int() on it.  Both
 * read back through csat_typmod_parse.  buf >= 16 bytes.
 */
extern void csat_typmod_format(uint8_t scale, char *buf);

/*
 * A number's text (numeric or float8 output: [-]digits[.digits]) as a whole
 * number: 1 and *out when whole and within int64, 0 when not whole (or not
 * that shape), 2 when whole but too big.
 */
extern int	csat_whole_number(const char *s, int64_t *out);

/* ---- the rating summary (aggregate state) ---- */

/*
 * The summary is the transition state of every csat aggregate and the SQL
 * type rating_summary (fixed length, by reference, 120 bytes).
 *
 * Three shapes, told apart by scale and scale2:
 *	 - empty:	scale = 0: no answers yet; counts, answered, satisfied are 0.
 *	 - uniform: scale != 0, scale2 = 0: every answer is on one scale.
 *				counts[v] is the number of answers with value v; answered
 *				is their sum; satisfied is 0 (derived when needed).
 *	 - mixed:	scale < scale2 are the smallest and largest scale bytes seen
 *				in the group (so the form does not depend on arrival order).
 *				counts are all 0; answered and satisfied (top-two-box, per
 *				rating) are kept.
 * unanswered counts NULL ratings in every shape.  satisfied_from, when not
 * 0, is 1 + the explicit threshold of csat_pct(r, satisfied_from); it is
 * only allowed on a uniform summary and must lie on its scale.
 * Invariant: answered + unanswered <= INT64_MAX.
 */
typedef struct CsatSummary
{
	int64_t		counts[CSAT_NPOINTS];
	int64_t		answered;
	int64_t		satisfied;
	int64_t		unanswered;
	/* scale | scale2 << 8; compared as one word on the hot path */
	uint16_t	scales;
	uint8_t		satisfied_from;
	uint8_t		reserved[5];
} CsatSummary;

#define CSAT_SUMMARY_SIZE 120
#define CSAT_SUM_SCALE(s)	((uint8_t) ((s)->scales & 0xFF))
#define CSAT_SUM_SCALE2(s)	((uint8_t) ((s)->scales >> 8))
#define CSAT_SUM_MIXED(s)	(CSAT_SUM_SCALE2(s) != 0)

/* Check every invariant above; on failure fill *err (CSAT_ERR_PARAM). */
extern bool csat_summary_validate(const CsatSummary *s, CsatError *err);

/* satisfied answers: top-two-box, or satisfied_from when set */
extern int64_t csat_summary_satisfied(const CsatSummary *s);

/* answers with value >= from (uniform summaries) */
extern int64_t csat_summary_count_from(const CsatSummary *s, int from);

/* a rating (or 0 for NULL) that may index a summary; else *err, false */
extern bool csat_rating_check(uint16_t r, CsatError *err);

/*
 * fill *err for counts past INT64_MAX of what type counts ("rating_summary"
 * counts "ratings"); false
 */
extern bool csat_count_overflow_error(CsatError *err, const char *type,
									  const char *unit);

/* fill *err for a satisfied_from threshold over scales a and b; false */
extern bool csat_mixed_threshold_error(CsatError *err, uint8_t a, uint8_t b);

/*
 * Add one rating (r != 0) or one unanswered (r == 0); merge b into a.
 * Both keep every invariant or fail with *err leaving *a unspecified
 * (the caller raises the error).  Counts that would overflow are
 * CSAT_ERR_RANGE; a threshold over two scales is CSAT_ERR_MISMATCH.
 */
extern bool csat_summary_add(CsatSummary *s, uint16_t r, CsatError *err);
extern bool csat_summary_merge(CsatSummary *a, const CsatSummary *b,
							   CsatError *err);

/*
 * Text form, versioned:
 *	 {v1 unanswered U}											 empty
 *	 {v1 scale L-H counts c_L,...,c_H unanswered U}				 uniform
 *	 {v1 scale L-H counts ... unanswered U satisfied_from F}	 with threshold
 *	 {v1 scales L-H,L2-H2 answered A satisfied S unanswered U}	 mixed
 * Parsing accepts exactly this grammar (blanks may be repeated, keywords
 * must stand apart) and then validates.  csat_summary_format needs CSAT_SUMMARY_TEXT_MAX bytes.
 */
#define CSAT_SUMMARY_TEXT_MAX 512
extern bool csat_summary_parse(const char *str, CsatSummary *out,
							   CsatError *err);
extern void csat_summary_format(const CsatSummary *s, char *buf);

/* ---- helpers shared by the core's files ---- */

/* fill *err (message from fmt, hint may be NULL); returns false */
extern bool csat_fail(CsatError *err, CsatErrKind kind, const char *hint,
					  const char *fmt,...) __attribute__((format(printf, 4, 5)));
extern const char *csat_skip_blanks(const char *p);
extern int	csat_read_uint(const char **pp, int *out);
/* would a + b overflow int64? */
static inline bool
csat_add_overflows(int64_t a, int64_t b)
{
	int64_t		r;

	return __builtin_add_overflow(a, b, &r);
}

/* the input, quoted for a message and cut to bufsize */
extern void csat_quote_input(const char *str, char *buf, size_t bufsize);

#endif							/* CSAT_CORE_H */
