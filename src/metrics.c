/*-------------------------------------------------------------------------
 *
 * metrics.c
 *	  The metrics read from a rating summary: the accessors over
 *	  rating_summary, which are also the final functions of the plain
 *	  aggregates, and the final functions of the moving aggregates.
 *
 *-------------------------------------------------------------------------
 */
#include "csat.h"

#include "funcapi.h"
#include "utils/builtins.h"

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
		csat_raise_not_in_aggregate(#sqlname); \
	if (PG_ARGISNULL(0)) \
		PG_RETURN_NULL(); \
	csat_window_to_summary((CsatWindowState *) PG_GETARG_POINTER(0), &s); \
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
		csat_raise_not_in_aggregate("rating_window_summary");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = palloc(sizeof(CsatSummary));
	csat_window_to_summary((CsatWindowState *) PG_GETARG_POINTER(0), s);
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

