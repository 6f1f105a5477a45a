/*-------------------------------------------------------------------------
 *
 * summary.c
 *	  rating_summary: the transition state of the csat aggregates, its I/O,
 *	  the transition functions and the combine functions.
 *
 * The plain state is the SQL type rating_summary (fixed length, by
 * reference), updated in place when called as an aggregate.  Every
 * one-argument aggregate (csat_pct(r), nps(r), ces_avg(r),
 * rating_summary(r) and the 0.3.0 metrics) uses the same transition
 * function and a NULL initial condition, so PostgreSQL shares one state
 * between them in one query.  csat_pct(r, satisfied_from) and
 * top_box_pct/bottom_box_pct(r, boxes) have transition functions of their
 * own, which record their argument in the state for the final function.
 *
 * The moving-aggregate (window) state is in window.c, the metrics read
 * from a summary in metrics.c.
 *
 *-------------------------------------------------------------------------
 */
#include "csat.h"

#include "common/hashfn.h"
#include "funcapi.h"
#include "nodes/execnodes.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"


/*
 * (num * mul) / den as numeric, with PostgreSQL's usual division scale, so
 * the result equals the hand-written 100.0 * count(...) / count(...) or
 * avg(smallint).
 */
Datum
csat_int8_div_numeric(int64 num, int64 den, int64 mul)
{
	int64		prod;
	Datum		n;

	if (!pg_mul_s64_overflow(num, mul, &prod))
		n = csat_int64_numeric(prod);
	else
		n = DirectFunctionCall2(numeric_mul, csat_int64_numeric(num),
								csat_int64_numeric(mul));
	return DirectFunctionCall2(numeric_div, n, csat_int64_numeric(den));
}

/*
 * A support function called outside an aggregate: the error names the SQL
 * function the caller called (several share one C function).
 */
void
csat_raise_not_in_aggregate(FunctionCallInfo fcinfo)
{
	char	   *fname = NULL;

	if (fcinfo->flinfo != NULL && OidIsValid(fcinfo->flinfo->fn_oid))
		fname = get_func_name(fcinfo->flinfo->fn_oid);
	ereport(ERROR,
			errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			errmsg("%s called in non-aggregate context",
				   fname ? fname : "a csat support function"),
			errhint("It is a support function of the csat aggregates."));
}

/* ---------------------------------------------------------------------
 * I/O
 * ---------------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(rating_summary_in);
Datum
rating_summary_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	CsatSummary *s = palloc(sizeof(CsatSummary));
	CsatError	err;

	if (!csat_summary_parse(str, s, &err))
	{
		csat_raise_soft(&err, fcinfo->context);
		PG_RETURN_NULL();
	}
	PG_RETURN_CSAT_SUMMARY_P(s);
}

PG_FUNCTION_INFO_V1(rating_summary_out);
Datum
rating_summary_out(PG_FUNCTION_ARGS)
{
	CsatSummary *s = PG_GETARG_CSAT_SUMMARY_P(0);
	char	   *buf = palloc(CSAT_SUMMARY_TEXT_MAX);

	csat_summary_format(s, buf);
	PG_RETURN_CSTRING(buf);
}

/*
 * Binary form: version byte 1, scale, scale2, satisfied_from, then the 11
 * counts, answered, satisfied and unanswered as int64.  Validated exactly as
 * the text form is.
 */
#define SUMMARY_BINARY_VERSION 1
#define SUMMARY_BINARY_LEN (4 + 8 * (CSAT_NPOINTS + 3))

PG_FUNCTION_INFO_V1(rating_summary_recv);
Datum
rating_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	CsatSummary *s = palloc0(sizeof(CsatSummary));
	int			len = buf->len - buf->cursor;
	int			version,
				v;
	uint8		scale,
				scale2;
	CsatError	err;

	if (len != SUMMARY_BINARY_LEN)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				errmsg("invalid binary rating_summary: %d bytes, expected %d",
					   len, SUMMARY_BINARY_LEN));
	version = pq_getmsgbyte(buf);
	if (version != SUMMARY_BINARY_VERSION)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				errmsg("unsupported binary rating_summary version %d", version),
				errhint("This version of csat reads binary version %d.",
						SUMMARY_BINARY_VERSION));
	scale = pq_getmsgbyte(buf);
	scale2 = pq_getmsgbyte(buf);
	s->scales = (uint16) (scale | (scale2 << 8));
	s->satisfied_from = pq_getmsgbyte(buf);
	for (v = 0; v < CSAT_NPOINTS; v++)
		s->counts[v] = pq_getmsgint64(buf);
	s->answered = pq_getmsgint64(buf);
	s->satisfied = pq_getmsgint64(buf);
	s->unanswered = pq_getmsgint64(buf);
	if (!csat_summary_validate(s, &err))
		csat_raise(&err);
	PG_RETURN_CSAT_SUMMARY_P(s);
}

PG_FUNCTION_INFO_V1(rating_summary_send);
Datum
rating_summary_send(PG_FUNCTION_ARGS)
{
	CsatSummary *s = PG_GETARG_CSAT_SUMMARY_P(0);
	StringInfoData buf;
	int			v;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SUMMARY_BINARY_VERSION);
	pq_sendbyte(&buf, CSAT_SUM_SCALE(s));
	pq_sendbyte(&buf, CSAT_SUM_SCALE2(s));
	pq_sendbyte(&buf, s->satisfied_from);
	for (v = 0; v < CSAT_NPOINTS; v++)
		pq_sendint64(&buf, s->counts[v]);
	pq_sendint64(&buf, s->answered);
	pq_sendint64(&buf, s->satisfied);
	pq_sendint64(&buf, s->unanswered);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------------------------------------------------------------------
 * Equality and hashing.  Two summaries are equal when their text forms are:
 * every field the text shows (or derives: answered of a uniform summary)
 * equal, the reserved bytes ignored.
 * ---------------------------------------------------------------------
 */

/* the fields of s that the text form determines, reserved bytes zeroed */
static void
summary_key(const CsatSummary *s, CsatSummary *key)
{
	memset(key, 0, sizeof(CsatSummary));
	memcpy(key->counts, s->counts, sizeof(s->counts));
	key->answered = s->answered;
	key->satisfied = s->satisfied;
	key->unanswered = s->unanswered;
	key->scales = s->scales;
	key->satisfied_from = s->satisfied_from;
}

static bool
summary_equal(const CsatSummary *a, const CsatSummary *b)
{
	CsatSummary ka,
				kb;

	summary_key(a, &ka);
	summary_key(b, &kb);
	return memcmp(&ka, &kb, sizeof(CsatSummary)) == 0;
}

PG_FUNCTION_INFO_V1(rating_summary_eq);
Datum
rating_summary_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(summary_equal(PG_GETARG_CSAT_SUMMARY_P(0),
								 PG_GETARG_CSAT_SUMMARY_P(1)));
}

PG_FUNCTION_INFO_V1(rating_summary_ne);
Datum
rating_summary_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!summary_equal(PG_GETARG_CSAT_SUMMARY_P(0),
								  PG_GETARG_CSAT_SUMMARY_P(1)));
}

PG_FUNCTION_INFO_V1(rating_summary_hash);
Datum
rating_summary_hash(PG_FUNCTION_ARGS)
{
	CsatSummary key;

	summary_key(PG_GETARG_CSAT_SUMMARY_P(0), &key);
	return hash_any((unsigned char *) &key, sizeof(key));
}

PG_FUNCTION_INFO_V1(rating_summary_hash_extended);
Datum
rating_summary_hash_extended(PG_FUNCTION_ARGS)
{
	CsatSummary key;

	summary_key(PG_GETARG_CSAT_SUMMARY_P(0), &key);
	return hash_any_extended((unsigned char *) &key, sizeof(key),
							 PG_GETARG_INT64(1));
}

/* ---------------------------------------------------------------------
 * Plain aggregate state
 * ---------------------------------------------------------------------
 */

/*
 * The state to update: the aggregate's own in place, a fresh one for a NULL
 * state (nodeAgg copies it into the aggregate context), a copy when called
 * as a plain function so that a SQL caller's value is never modified.
 */
static inline CsatSummary *
summary_for_update(FunctionCallInfo fcinfo)
{
	CsatSummary *s;

	if (PG_ARGISNULL(0))
		return palloc0(sizeof(CsatSummary));
	s = PG_GETARG_CSAT_SUMMARY_P(0);
	if (AggCheckCallContext(fcinfo, NULL))
		return s;
	return memcpy(palloc(sizeof(CsatSummary)), s, sizeof(CsatSummary));
}

/*
 * The rare cases of rating_summary_trans, out of line so that the hot path
 * below stays a leaf function: no stack frame, no stack protector (CsatError
 * holds character arrays), no call to AggCheckCallContext.
 */
static pg_noinline Datum
rating_summary_trans_slow(FunctionCallInfo fcinfo)
{
	CsatSummary *s = summary_for_update(fcinfo);
	uint16		r = PG_ARGISNULL(1) ? 0 : PG_GETARG_RATING(1);
	CsatError	err;

	csat_assert(r == 0 || csat_rating_valid(r));
	if (!csat_summary_add(s, r, &err))
		csat_raise(&err);
	csat_assert(csat_summary_validate(s, &err));
	PG_RETURN_CSAT_SUMMARY_P(s);
}

/* AggCheckCallContext(fcinfo, NULL) != 0, inline */
#define CSAT_IN_AGGREGATE(fcinfo) \
	((fcinfo)->context != NULL && \
	 (IsA((fcinfo)->context, AggState) || IsA((fcinfo)->context, WindowAggState)))

/*
 * The hot path of the transition functions: the aggregate's own state,
 * updated in place, gets one more unanswered row or one more answer on its
 * only scale; with_boxes also asks that argument 2 is the boxes the state
 * already holds (so it was checked on an earlier row).  Returns false for
 * everything else: the first row (NULL state), another scale, an impossible
 * value, a plain function call, counts about to overflow, and (with_boxes)
 * another boxes.  Always inlined with a constant with_boxes, so each caller
 * stays a leaf function.
 */
static pg_attribute_always_inline bool
summary_add_in_place(FunctionCallInfo fcinfo, bool with_boxes)
{
	CsatSummary *s;
	uint16		r;
	uint8		scale;

	if (unlikely(PG_ARGISNULL(0) || !CSAT_IN_AGGREGATE(fcinfo)))
		return false;
	s = PG_GETARG_CSAT_SUMMARY_P(0);
	if (unlikely(s->answered >= PG_INT64_MAX - s->unanswered))
		return false;
	if (PG_ARGISNULL(1))
	{
		s->unanswered++;
		return true;
	}
	r = PG_GETARG_RATING(1);
	scale = CSAT_RATING_SCALE(r);
	if (unlikely(scale == 0 || s->scales != scale ||
				 CSAT_RATING_VALUE(r) > CSAT_SCALE_HI(scale)))
		return false;
	if (with_boxes &&
		unlikely(s->satisfied_from == 0 || PG_ARGISNULL(2) ||
				 PG_GETARG_INT32(2) != CSAT_SCALE_HI(scale) - s->satisfied_from + 2))
		return false;
	s->counts[CSAT_RATING_VALUE(r)]++;
	s->answered++;
	return true;
}

/* rating_summary_trans(rating_summary, satisfaction_rating): non-strict */
PG_FUNCTION_INFO_V1(rating_summary_trans);
Datum
rating_summary_trans(PG_FUNCTION_ARGS)
{
	if (likely(summary_add_in_place(fcinfo, false)))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	return rating_summary_trans_slow(fcinfo);
}

/* check satisfied_from against a rating and the threshold seen so far */
void
csat_check_satisfied_from(FunctionCallInfo fcinfo, uint16 r, uint8 *seen)
{
	int32		from;
	uint8		scale = CSAT_RATING_SCALE(r);
	char		buf[16];

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("satisfied_from must not be NULL"),
				errhint("Use csat_pct(rating) for the top-two-box rule."));
	from = PG_GETARG_INT32(2);
	if (from < CSAT_SCALE_LO(scale) || from > CSAT_SCALE_HI(scale))
	{
		csat_rating_format(r, buf);
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("satisfied_from %d is not on the scale %d-%d of rating %s",
					   from, CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale), buf),
				errhint("satisfied_from is the lowest value counted as satisfied, a point of the ratings' scale."));
	}
	if (*seen == 0)
		*seen = (uint8) (from + 1);
	else if (*seen != from + 1)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("satisfied_from must be the same for every row of a group, got %d and %d",
					   *seen - 1, from),
				errhint("Pass a constant threshold to csat_pct(rating, satisfied_from)."));
}

/* rating_summary_trans_from(rating_summary, satisfaction_rating, int4) */
PG_FUNCTION_INFO_V1(rating_summary_trans_from);
Datum
rating_summary_trans_from(PG_FUNCTION_ARGS)
{
	CsatSummary *s = summary_for_update(fcinfo);
	uint16		r = PG_ARGISNULL(1) ? 0 : PG_GETARG_RATING(1);
	CsatError	err;

	if (r != 0)
		csat_check_satisfied_from(fcinfo, r, &s->satisfied_from);
	if (!csat_summary_add(s, r, &err))
		csat_raise(&err);
	csat_assert(csat_summary_validate(s, &err));
	PG_RETURN_CSAT_SUMMARY_P(s);
}

/*
 * rating_summary_combine(rating_summary, rating_summary): strict.  The
 * combine function of every csat aggregate and the transition function of
 * rating_summary(rating_summary).  The incoming summary is validated: it
 * may come from a table, a partial aggregate on another node or text.
 */
PG_FUNCTION_INFO_V1(rating_summary_combine);
Datum
rating_summary_combine(PG_FUNCTION_ARGS)
{
	CsatSummary *a = summary_for_update(fcinfo);
	CsatSummary *b = PG_GETARG_CSAT_SUMMARY_P(1);
	CsatError	err;

	/*
	 * a is validated too: as the transition function of
	 * rating_summary(rating_summary), strict with no initial condition, the
	 * first input becomes the state without passing through here.
	 */
	if (!csat_summary_validate(a, &err) || !csat_summary_validate(b, &err) ||
		!csat_summary_merge(a, b, &err))
		csat_raise(&err);
	csat_assert(csat_summary_validate(a, &err));
	PG_RETURN_CSAT_SUMMARY_P(a);
}


/* ---------------------------------------------------------------------
 * top_box_pct(r, boxes) and bottom_box_pct(r, boxes)
 *
 * The final function of an aggregate does not see its arguments, so the
 * transition function keeps boxes in the state, as the top `boxes` points'
 * threshold: satisfied_from = hi - boxes + 1 (stored plus one).  The state
 * stays a well-formed one-scale summary and round-trips as text; both
 * aggregates use this transition, so one state serves top_box_pct(r, k)
 * and bottom_box_pct(r, k) in one query.
 * ---------------------------------------------------------------------
 */

static void
raise_boxes_mixed(uint8 a, uint8 b)
{
	char		sa[8],
				sb[8];

	csat_scale_format(Min(a, b), sa);
	csat_scale_format(Max(a, b), sb);
	ereport(ERROR,
			errcode(ERRCODE_DATATYPE_MISMATCH),
			errmsg("top_box_pct(rating, boxes) and bottom_box_pct(rating, boxes) need ratings on one scale, found scales %s and %s",
				   sa, sb),
			errhint("Group by the scale (scale_lo(r), scale_hi(r)), or filter to one survey."));
}

/* boxes (argument 2) against rating r and the boxes seen so far */
int
csat_check_boxes(FunctionCallInfo fcinfo, uint16 r, uint8 *seen)
{
	uint8		scale = CSAT_RATING_SCALE(r);
	int			points = CSAT_SCALE_HI(scale) - CSAT_SCALE_LO(scale) + 1;
	int32		boxes;
	char		buf[16];

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				errmsg("boxes must not be NULL"),
				errhint("Give the number of scale points to count, or use top_box_pct(rating) or bottom_box_pct(rating) for one box."));
	boxes = PG_GETARG_INT32(2);
	if (boxes < 1 || boxes > points - 1)
	{
		csat_rating_format(r, buf);
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("boxes %d is out of range for rating %s, on a scale of %d points",
					   boxes, buf, points),
				errhint("boxes is from 1 to %d, the number of scale points minus one.",
						points - 1));
	}
	if (*seen == 0)
		*seen = (uint8) boxes;
	else if (*seen != boxes)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("boxes must be the same for every row of a group, got %d and %d",
					   *seen, boxes),
				errhint("Pass a constant boxes to top_box_pct or bottom_box_pct."));
	return boxes;
}

/* boxes of a state made by rating_summary_trans_boxes; 0 before any answer */
static uint8
summary_boxes(const CsatSummary *s)
{
	if (s->satisfied_from == 0)
		return 0;
	return (uint8) (CSAT_SCALE_HI(CSAT_SUM_SCALE(s)) - (s->satisfied_from - 1) + 1);
}

/* the first row, a new scale or boxes, errors: out of line */
static pg_noinline Datum
rating_summary_trans_boxes_slow(FunctionCallInfo fcinfo)
{
	CsatSummary *s = summary_for_update(fcinfo);
	uint16		r = PG_ARGISNULL(1) ? 0 : PG_GETARG_RATING(1);
	CsatError	err;

	if (!csat_rating_check(r, &err))
		csat_raise(&err);
	if (r != 0)
	{
		uint8		scale = CSAT_RATING_SCALE(r);
		uint8		seen;
		int			boxes;

		if (CSAT_SUM_SCALE(s) != 0 && s->scales != scale)
			raise_boxes_mixed(CSAT_SUM_SCALE(s), scale);
		seen = summary_boxes(s);
		boxes = csat_check_boxes(fcinfo, r, &seen);
		s->satisfied_from = (uint8) (CSAT_SCALE_HI(scale) - boxes + 2);
	}
	if (!csat_summary_add(s, r, &err))
		csat_raise(&err);
	csat_assert(csat_summary_validate(s, &err));
	PG_RETURN_CSAT_SUMMARY_P(s);
}

/* rating_summary_trans_boxes(rating_summary, satisfaction_rating, int4) */
PG_FUNCTION_INFO_V1(rating_summary_trans_boxes);
Datum
rating_summary_trans_boxes(PG_FUNCTION_ARGS)
{
	if (likely(summary_add_in_place(fcinfo, true)))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	return rating_summary_trans_boxes_slow(fcinfo);
}

/*
 * rating_summary_combine_boxes(rating_summary, rating_summary): strict.
 * rating_summary_combine with the errors of rating_summary_trans_boxes, so
 * a parallel plan fails as the serial one does.
 */
PG_FUNCTION_INFO_V1(rating_summary_combine_boxes);
Datum
rating_summary_combine_boxes(PG_FUNCTION_ARGS)
{
	CsatSummary *a = summary_for_update(fcinfo);
	CsatSummary *b = PG_GETARG_CSAT_SUMMARY_P(1);
	CsatError	err;

	if (!csat_summary_validate(a, &err) || !csat_summary_validate(b, &err))
		csat_raise(&err);
	if (CSAT_SUM_SCALE(a) != 0 && CSAT_SUM_SCALE(b) != 0)
	{
		if (a->scales != b->scales)
			raise_boxes_mixed(CSAT_SUM_SCALE(a), CSAT_SUM_SCALE(b) != CSAT_SUM_SCALE(a) ?
							  CSAT_SUM_SCALE(b) : CSAT_SUM_SCALE2(b));
		if (a->satisfied_from != b->satisfied_from)
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("boxes must be the same for every row of a group, got %d and %d",
						   summary_boxes(a), summary_boxes(b)),
					errhint("Pass a constant boxes to top_box_pct or bottom_box_pct."));
	}
	if (!csat_summary_merge(a, b, &err))
		csat_raise(&err);
	csat_assert(csat_summary_validate(a, &err));
	PG_RETURN_CSAT_SUMMARY_P(a);
}
