/*-------------------------------------------------------------------------
 *
 * summary.c
 *	  rating_summary: the transition state shared by csat_pct(), nps(),
 *	  ces_avg() and rating_summary(), its I/O, the combine function, the
 *	  moving-aggregate (window) state, and the accessors.
 *
 * The plain state is the SQL type rating_summary (fixed length, by
 * reference), updated in place when called as an aggregate.  Every
 * one-argument aggregate uses the same transition function and a NULL
 * initial condition, so PostgreSQL shares one state between csat_pct(r),
 * nps(r), ces_avg(r) and rating_summary(r) in one query.
 *
 * Window frames whose head moves use a separate internal state that also
 * counts answers per scale, so the inverse transition stays exact when a
 * frame stops mixing scales.
 *
 *-------------------------------------------------------------------------
 */
#include "csat.h"

#include "funcapi.h"
#include "nodes/execnodes.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
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

static void
raise_not_in_aggregate(const char *fname)
{
	ereport(ERROR,
			errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			errmsg("%s called in non-aggregate context", fname),
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

/* rating_summary_trans(rating_summary, satisfaction_rating): non-strict */
PG_FUNCTION_INFO_V1(rating_summary_trans);
Datum
rating_summary_trans(PG_FUNCTION_ARGS)
{
	/*
	 * Hot path: the aggregate's own state, updated in place, gets one more
	 * unanswered row or one more answer on its only scale.  The first row
	 * (NULL state), another scale, an impossible value, a plain function
	 * call and counts about to overflow take the slow path.
	 */
	if (likely(!PG_ARGISNULL(0) && CSAT_IN_AGGREGATE(fcinfo)))
	{
		CsatSummary *s = PG_GETARG_CSAT_SUMMARY_P(0);

		if (likely(s->answered < PG_INT64_MAX - s->unanswered))
		{
			uint16		r;
			uint8		scale;

			if (PG_ARGISNULL(1))
			{
				s->unanswered++;
				PG_RETURN_CSAT_SUMMARY_P(s);
			}
			r = PG_GETARG_RATING(1);
			scale = CSAT_RATING_SCALE(r);
			if (likely(scale != 0 && s->scales == scale &&
					   CSAT_RATING_VALUE(r) <= CSAT_SCALE_HI(scale)))
			{
				s->counts[CSAT_RATING_VALUE(r)]++;
				s->answered++;
				PG_RETURN_CSAT_SUMMARY_P(s);
			}
		}
	}
	return rating_summary_trans_slow(fcinfo);
}

/* check satisfied_from against a rating and the threshold seen so far */
static void
check_satisfied_from(FunctionCallInfo fcinfo, uint16 r, uint8 *seen)
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
		check_satisfied_from(fcinfo, r, &s->satisfied_from);
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
 * Moving-aggregate state (window frames whose head moves)
 * ---------------------------------------------------------------------
 */

typedef struct CsatWindowState
{
	int64		counts[CSAT_NPOINTS];	/* by value, over every scale */
	int64		answered;
	int64		satisfied;		/* top-two-box, judged per rating */
	int64		unanswered;
	int64		per_scale[CSAT_SCALE_LIMIT];	/* answers per packed scale */
	int			nscales;		/* scales with answers in the frame */
	uint8		last_scale;		/* scale of the latest answer added */
	uint8		satisfied_from; /* 1 + threshold, 0 for top-two-box */
} CsatWindowState;

static CsatWindowState *
window_state(FunctionCallInfo fcinfo, const char *fname)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		raise_not_in_aggregate(fname);
	if (PG_ARGISNULL(0))
		return MemoryContextAllocZero(aggcontext, sizeof(CsatWindowState));
	return (CsatWindowState *) PG_GETARG_POINTER(0);
}

/* a rating about to index the window state's arrays */
static void
check_window_rating(uint16 r)
{
	CsatError	err;

	if (!csat_rating_check(r, &err))
		csat_raise(&err);
}

static void
window_add(CsatWindowState *w, uint16 r)
{
	uint8		scale = CSAT_RATING_SCALE(r);
	int			v = CSAT_RATING_VALUE(r);

	check_window_rating(r);

	if (w->answered >= PG_INT64_MAX - w->unanswered)
	{
		CsatError	err;

		csat_count_overflow_error(&err);
		csat_raise(&err);
	}
	if (r == 0)
	{
		w->unanswered++;
		return;
	}
	if (w->per_scale[scale]++ == 0)
		w->nscales++;
	w->last_scale = scale;
	w->counts[v]++;
	w->answered++;
	if (v >= csat_topbox_from(scale))
		w->satisfied++;
}

static void
window_remove(CsatWindowState *w, uint16 r)
{
	uint8		scale = CSAT_RATING_SCALE(r);
	int			v = CSAT_RATING_VALUE(r);

	check_window_rating(r);
	if (r == 0)
	{
		if (w->unanswered <= 0)
			elog(ERROR, "csat window state: removing an unanswered row that was never added");
		w->unanswered--;
		return;
	}
	if (w->per_scale[scale] <= 0 || w->counts[v] <= 0)
		elog(ERROR, "csat window state: removing a rating that was never added");
	if (--w->per_scale[scale] == 0)
		w->nscales--;
	w->counts[v]--;
	w->answered--;
	if (v >= csat_topbox_from(scale))
		w->satisfied--;
}

/* the frame's summary, as the plain aggregate would have computed it */
static void
window_to_summary(CsatWindowState *w, CsatSummary *s)
{
	uint8		found[2] = {0, 0};
	int			nfound = 0;
	int			i;

	memset(s, 0, sizeof(CsatSummary));
	s->unanswered = w->unanswered;
	if (w->nscales == 0)
		return;
	s->answered = w->answered;
	/* the one scale, or the smallest and largest as the plain state keeps */
	if (w->nscales == 1 && w->per_scale[w->last_scale] > 0)
		found[nfound++] = w->last_scale;
	else
	{
		for (i = 0; i < CSAT_SCALE_LIMIT && nfound < 1; i++)
			if (w->per_scale[i] > 0)
				found[nfound++] = (uint8) i;
		for (i = CSAT_SCALE_LIMIT - 1; i >= 0 && nfound < 2 && w->nscales > 1; i--)
			if (w->per_scale[i] > 0)
				found[nfound++] = (uint8) i;
	}

	csat_assert(nfound == (w->nscales == 1 ? 1 : 2));
	if (w->nscales == 1)
	{
		s->scales = found[0];
		memcpy(s->counts, w->counts, sizeof(s->counts));
		s->satisfied_from = w->satisfied_from;
		return;
	}
	if (w->satisfied_from != 0)
	{
		CsatError	err;

		csat_mixed_threshold_error(&err, found[0], found[1]);
		csat_raise(&err);
	}
	s->scales = (uint16) (found[0] | (found[1] << 8));
	s->satisfied = w->satisfied;
}

PG_FUNCTION_INFO_V1(rating_window_trans);
Datum
rating_window_trans(PG_FUNCTION_ARGS)
{
	CsatWindowState *w = window_state(fcinfo, "rating_window_trans");

	window_add(w, PG_ARGISNULL(1) ? 0 : PG_GETARG_RATING(1));
	PG_RETURN_POINTER(w);
}

PG_FUNCTION_INFO_V1(rating_window_inv);
Datum
rating_window_inv(PG_FUNCTION_ARGS)
{
	CsatWindowState *w = window_state(fcinfo, "rating_window_inv");

	window_remove(w, PG_ARGISNULL(1) ? 0 : PG_GETARG_RATING(1));
	PG_RETURN_POINTER(w);
}

PG_FUNCTION_INFO_V1(rating_window_trans_from);
Datum
rating_window_trans_from(PG_FUNCTION_ARGS)
{
	CsatWindowState *w = window_state(fcinfo, "rating_window_trans_from");
	uint16		r = PG_ARGISNULL(1) ? 0 : PG_GETARG_RATING(1);

	if (r != 0)
		check_satisfied_from(fcinfo, r, &w->satisfied_from);
	window_add(w, r);
	PG_RETURN_POINTER(w);
}

PG_FUNCTION_INFO_V1(rating_window_inv_from);
Datum
rating_window_inv_from(PG_FUNCTION_ARGS)
{
	CsatWindowState *w = window_state(fcinfo, "rating_window_inv_from");

	window_remove(w, PG_ARGISNULL(1) ? 0 : PG_GETARG_RATING(1));
	PG_RETURN_POINTER(w);
}

/* ---------------------------------------------------------------------
 * Accessors (also the final functions)
 * ---------------------------------------------------------------------
 */

static void
raise_mixed(const CsatSummary *s, const char *fname)
{
	char		sa[8],
				sb[8];

	csat_scale_format(CSAT_SUM_SCALE(s), sa);
	csat_scale_format(CSAT_SUM_SCALE2(s), sb);
	ereport(ERROR,
			errcode(ERRCODE_DATATYPE_MISMATCH),
			errmsg("%s needs ratings on one scale, found scales %s and %s", fname, sa, sb),
			errhint("Group by the scale (scale_lo(r), scale_hi(r)), or filter to one survey."));
}

static Datum
summary_csat_pct(const CsatSummary *s, bool *isnull)
{
	if (s->answered == 0)
	{
		*isnull = true;
		return (Datum) 0;
	}
	return csat_int8_div_numeric(csat_summary_satisfied(s), s->answered, 100);
}

static Datum
summary_csat_pct_from(const CsatSummary *s, int32 from, bool *isnull)
{
	uint8		scale = CSAT_SUM_SCALE(s);

	if (CSAT_SUM_MIXED(s))
		raise_mixed(s, "csat_pct(summary, satisfied_from)");
	if (s->answered == 0)
	{
		*isnull = true;
		return (Datum) 0;
	}
	if (from < CSAT_SCALE_LO(scale) || from > CSAT_SCALE_HI(scale))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("satisfied_from %d is not on the scale %d-%d of the summary",
					   from, CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale)),
				errhint("satisfied_from is the lowest value counted as satisfied, a point of the ratings' scale."));
	return csat_int8_div_numeric(csat_summary_count_from(s, from), s->answered, 100);
}

/* promoters and detractors; errors unless every answer is on 0..10 */
void
csat_nps_counts(const CsatSummary *s, int64 *promoters, int64 *detractors)
{
	uint8		bad = 0;

	if (CSAT_SUM_SCALE(s) != CSAT_SCALE(0, 10))
		bad = CSAT_SUM_SCALE(s);
	else if (CSAT_SUM_MIXED(s))
		bad = CSAT_SUM_SCALE2(s);
	if (bad != 0)
	{
		char		sc[8];

		csat_scale_format(bad, sc);
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("NPS needs ratings on the scale 0-10, found scale %s", sc),
				errhint("The Net Promoter Score is defined on 0..10 (promoters 9-10, detractors 0-6); store the answers as satisfaction_rating(0,10)."));
	}
	*promoters = s->counts[9] + s->counts[10];
	*detractors = s->answered - csat_summary_count_from(s, 7);
}

static Datum
summary_nps(const CsatSummary *s, bool *isnull)
{
	int64		p,
				d;

	if (s->answered == 0)
	{
		*isnull = true;
		return (Datum) 0;
	}
	csat_nps_counts(s, &p, &d);
	return csat_int8_div_numeric(p - d, s->answered, 100);
}

static Datum
summary_ces_avg(const CsatSummary *s, bool *isnull)
{
	int64		sum = 0;
	int			v;
	bool		overflow = false;

	if (s->answered == 0)
	{
		*isnull = true;
		return (Datum) 0;
	}
	if (CSAT_SUM_MIXED(s))
		raise_mixed(s, "ces_avg");
	for (v = 1; v < CSAT_NPOINTS; v++)
	{
		int64		term;

		if (pg_mul_s64_overflow(s->counts[v], v, &term) ||
			pg_add_s64_overflow(sum, term, &sum))
			overflow = true;
	}
	if (!overflow)
		return csat_int8_div_numeric(sum, s->answered, 1);
	else
	{
		Datum		n = csat_int64_numeric(0);

		for (v = 1; v < CSAT_NPOINTS; v++)
			n = DirectFunctionCall2(numeric_add, n,
									DirectFunctionCall2(numeric_mul,
														csat_int64_numeric(s->counts[v]),
														csat_int64_numeric(v)));
		return DirectFunctionCall2(numeric_div, n, csat_int64_numeric(s->answered));
	}
}

#define SUMMARY_ACCESSOR(sqlname, fn) \
PG_FUNCTION_INFO_V1(sqlname); \
Datum \
sqlname(PG_FUNCTION_ARGS) \
{ \
	bool		isnull = false; \
	Datum		d = fn(PG_GETARG_CSAT_SUMMARY_P(0), &isnull); \
	if (isnull) \
		PG_RETURN_NULL(); \
	return d; \
}

#define WINDOW_FINAL(sqlname, fn) \
PG_FUNCTION_INFO_V1(sqlname); \
Datum \
sqlname(PG_FUNCTION_ARGS) \
{ \
	CsatSummary s; \
	bool		isnull = false; \
	Datum		d; \
	if (!AggCheckCallContext(fcinfo, NULL)) \
		raise_not_in_aggregate(#sqlname); \
	if (PG_ARGISNULL(0)) \
		PG_RETURN_NULL(); \
	window_to_summary((CsatWindowState *) PG_GETARG_POINTER(0), &s); \
	d = fn(&s, &isnull); \
	if (isnull) \
		PG_RETURN_NULL(); \
	return d; \
}

SUMMARY_ACCESSOR(rating_summary_csat_pct, summary_csat_pct)
SUMMARY_ACCESSOR(rating_summary_nps, summary_nps)
SUMMARY_ACCESSOR(rating_summary_ces_avg, summary_ces_avg)
WINDOW_FINAL(rating_window_csat_pct, summary_csat_pct)
WINDOW_FINAL(rating_window_nps, summary_nps)
WINDOW_FINAL(rating_window_ces_avg, summary_ces_avg)

PG_FUNCTION_INFO_V1(rating_window_summary);
Datum
rating_window_summary(PG_FUNCTION_ARGS)
{
	CsatSummary *s;

	if (!AggCheckCallContext(fcinfo, NULL))
		raise_not_in_aggregate("rating_window_summary");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = palloc(sizeof(CsatSummary));
	window_to_summary((CsatWindowState *) PG_GETARG_POINTER(0), s);
	PG_RETURN_CSAT_SUMMARY_P(s);
}

PG_FUNCTION_INFO_V1(rating_summary_csat_pct_from);
Datum
rating_summary_csat_pct_from(PG_FUNCTION_ARGS)
{
	bool		isnull = false;
	Datum		d = summary_csat_pct_from(PG_GETARG_CSAT_SUMMARY_P(0),
										  PG_GETARG_INT32(1), &isnull);

	if (isnull)
		PG_RETURN_NULL();
	return d;
}

PG_FUNCTION_INFO_V1(rating_summary_answered);
Datum
rating_summary_answered(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_CSAT_SUMMARY_P(0)->answered);
}

PG_FUNCTION_INFO_V1(rating_summary_unanswered);
Datum
rating_summary_unanswered(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_CSAT_SUMMARY_P(0)->unanswered);
}

PG_FUNCTION_INFO_V1(rating_summary_response_rate);
Datum
rating_summary_response_rate(PG_FUNCTION_ARGS)
{
	CsatSummary *s = PG_GETARG_CSAT_SUMMARY_P(0);

	/* answered + unanswered cannot overflow: a summary invariant */
	if (s->answered + s->unanswered == 0)
		PG_RETURN_NULL();
	return csat_int8_div_numeric(s->answered, s->answered + s->unanswered, 100);
}

/* distribution(s): one row per scale point: value, count, share (percent) */
PG_FUNCTION_INFO_V1(rating_summary_distribution);
Datum
rating_summary_distribution(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	CsatSummary *s;
	int			v;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext oldcontext;
		TupleDesc	tupdesc;

		funcctx = SRF_FIRSTCALL_INIT();
		oldcontext = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			ereport(ERROR,
					errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("distribution() must be called where a record can be returned"));
		funcctx->tuple_desc = BlessTupleDesc(tupdesc);
		s = palloc(sizeof(CsatSummary));
		memcpy(s, PG_GETARG_CSAT_SUMMARY_P(0), sizeof(CsatSummary));
		if (CSAT_SUM_MIXED(s))
			raise_mixed(s, "distribution");
		funcctx->user_fctx = s;
		funcctx->max_calls = CSAT_SUM_SCALE(s) == 0 ? 0 :
			CSAT_SCALE_HI(CSAT_SUM_SCALE(s)) - CSAT_SCALE_LO(CSAT_SUM_SCALE(s)) + 1;
		MemoryContextSwitchTo(oldcontext);
	}
	funcctx = SRF_PERCALL_SETUP();
	s = (CsatSummary *) funcctx->user_fctx;
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		v = CSAT_SCALE_LO(CSAT_SUM_SCALE(s)) + (int) funcctx->call_cntr;
		values[0] = Int32GetDatum(v);
		values[1] = Int64GetDatum(s->counts[v]);
		values[2] = csat_int8_div_numeric(s->counts[v], s->answered, 100);
		SRF_RETURN_NEXT(funcctx,
						HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}
