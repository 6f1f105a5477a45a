/*-------------------------------------------------------------------------
 *
 * metrics.c
 *	  The metrics read from a rating summary.
 *
 * Every metric is one rule (a function of a summary and an optional
 * parameter) and one C entry point per SQL function that reads it, each
 * declared with PG_FUNCTION_INFO_V1 and naming its rule:
 *
 *	 rating_summary_M			the accessor M(rating_summary [, param]), also
 *								the final function of the aggregate
 *								M(satisfaction_rating);
 *	 rating_window_M			rating_window_M(internal), the final function
 *								of the moving aggregate;
 *	 rating_boxes_M				rating_boxes_M(rating_summary), the final
 *								function of M(satisfaction_rating, boxes),
 *								which reads boxes back from the state.
 *
 * So `grep -rn M src` finds the C behind every SQL function of a metric,
 * and a SQL declaration that names a missing entry point fails when it is
 * created (CREATE EXTENSION, ALTER EXTENSION UPDATE), never at run time
 * (README, "Adding a metric").  csat_pct(rating_summary, satisfied_from) is
 * rating_summary_csat_pct_from, its 0.1.0 name.
 *
 * The generic entry points of 0.3.0, which found the metric by the name of
 * the SQL function, are kept only so that csat--0.2.0--0.3.0.sql still
 * runs (ALTER EXTENSION UPDATE from 0.1.0 or 0.2.0 replays it); the update
 * to 0.4.0 re-declares every function that named one, and until it runs
 * they raise an error that says so.
 *
 *-------------------------------------------------------------------------
 */
#include "csat.h"

#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

/*
 * A metric's rule: its value over one summary with answers (the entry
 * points return NULL over a summary without, before the rule runs, so
 * every metric is NULL over no answers).  param is the second argument of a parametrised metric
 * (satisfied_from of csat_pct, boxes of top_box_pct and bottom_box_pct), or
 * NULL when not given.  Errors (wrong or mixed scales, a parameter off the
 * scale) are raised here, so the accessor, the aggregate and the window
 * agree.
 */
typedef Datum (*CsatMetricRule) (const CsatSummary *s, const int32 *param);

/* ---------------------------------------------------------------------
 * Shared pieces of the rules
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

/* count as a percentage of the answers */
static inline Datum
share(int64 count, const CsatSummary *s)
{
	return csat_int8_div_numeric(count, s->answered, 100);
}

/* answers with lo <= value <= hi (uniform summaries) */
static int64
count_between(const CsatSummary *s, int lo, int hi)
{
	int64		n = 0;
	int			v;

	for (v = lo; v <= hi; v++)
		n += s->counts[v];
	return n;
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

/*
 * The boxes of top_box_pct/bottom_box_pct over a one-scale summary with
 * answers: 1 by default, else from 1 to the number of points minus 1.
 */
static int
boxes_on_scale(const CsatSummary *s, const int32 *param, const char *fname)
{
	uint8		scale = CSAT_SUM_SCALE(s);
	int			points = CSAT_SCALE_HI(scale) - CSAT_SCALE_LO(scale) + 1;

	if (CSAT_SUM_MIXED(s))
		raise_mixed(s, fname);
	if (param == NULL)
		return 1;
	if (*param < 1 || *param > points - 1)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("boxes %d is out of range for the scale %d-%d of the summary",
					   *param, CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale)),
				errhint("boxes is from 1 to %d, the number of scale points minus one.",
						points - 1));
	return *param;
}

/* ---------------------------------------------------------------------
 * The rules, one per metric
 * ---------------------------------------------------------------------
 */

/* csat_pct: top-two-box per rating (or the summary's satisfied_from) */
static Datum
metric_csat_pct(const CsatSummary *s, const int32 *param)
{
	uint8		scale = CSAT_SUM_SCALE(s);

	if (param == NULL)
		return share(csat_summary_satisfied(s), s);
	if (CSAT_SUM_MIXED(s))
		raise_mixed(s, "csat_pct(summary, satisfied_from)");
	if (*param < CSAT_SCALE_LO(scale) || *param > CSAT_SCALE_HI(scale))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("satisfied_from %d is not on the scale %d-%d of the summary",
					   *param, CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale)),
				errhint("satisfied_from is the lowest value counted as satisfied, a point of the ratings' scale."));
	return share(csat_summary_count_from(s, *param), s);
}

/* nps: percent promoters (9-10) minus percent detractors (0-6) */
static Datum
metric_nps(const CsatSummary *s, const int32 *param)
{
	int64		p,
				d;

	csat_nps_counts(s, &p, &d);
	return csat_int8_div_numeric(p - d, s->answered, 100);
}

/* ces_avg: the mean value, one scale */
static Datum
metric_ces_avg(const CsatSummary *s, const int32 *param)
{
	int64		sum = 0;
	int			v;
	bool		overflow = false;

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

/* promoters_pct: percent of 9-10 answers, 0..10 only */
static Datum
metric_promoters_pct(const CsatSummary *s, const int32 *param)
{
	int64		p,
				d;

	csat_nps_counts(s, &p, &d);
	return share(p, s);
}

/* passives_pct: percent of 7-8 answers, 0..10 only */
static Datum
metric_passives_pct(const CsatSummary *s, const int32 *param)
{
	int64		p,
				d;

	csat_nps_counts(s, &p, &d);
	return share(s->answered - p - d, s);
}

/* detractors_pct: percent of 0-6 answers, 0..10 only */
static Datum
metric_detractors_pct(const CsatSummary *s, const int32 *param)
{
	int64		p,
				d;

	csat_nps_counts(s, &p, &d);
	return share(d, s);
}

/* top_box_pct: percent of answers in the top `boxes` points, one scale */
static Datum
metric_top_box_pct(const CsatSummary *s, const int32 *param)
{
	int			boxes,
				hi;

	boxes = boxes_on_scale(s, param, "top_box_pct");
	hi = CSAT_SCALE_HI(CSAT_SUM_SCALE(s));
	return share(count_between(s, hi - boxes + 1, hi), s);
}

/* bottom_box_pct: percent of answers in the bottom `boxes` points */
static Datum
metric_bottom_box_pct(const CsatSummary *s, const int32 *param)
{
	int			boxes,
				lo;

	boxes = boxes_on_scale(s, param, "bottom_box_pct");
	lo = CSAT_SCALE_LO(CSAT_SUM_SCALE(s));
	return share(count_between(s, lo, lo + boxes - 1), s);
}

/* ces_easy_pct: top three points of a 7-point scale, top two of 5 */
static Datum
metric_ces_easy_pct(const CsatSummary *s, const int32 *param)
{
	uint8		scale = CSAT_SUM_SCALE(s);
	int			hi = CSAT_SCALE_HI(scale);
	int			points;

	if (CSAT_SUM_MIXED(s))
		raise_mixed(s, "ces_easy_pct");
	points = hi - CSAT_SCALE_LO(scale) + 1;
	if (points != 5 && points != 7)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("ces_easy_pct needs a 5- or 7-point scale, found scale %d-%d (%d points)",
					   CSAT_SCALE_LO(scale), hi, points),
				errhint("\"Easy\" is the top two points of a 5-point and the top three of a 7-point CES scale; on other scales use top_box_pct(r, boxes)."));
	return share(count_between(s, hi - (points == 7 ? 2 : 1), hi), s);
}

/* ---------------------------------------------------------------------
 * How each kind of entry point reads a summary and calls its rule
 * ---------------------------------------------------------------------
 */

/* M(rating_summary [, integer]): strict */
static Datum
metric_accessor(FunctionCallInfo fcinfo, CsatMetricRule rule)
{
	const CsatSummary *s = PG_GETARG_CSAT_SUMMARY_P(0);
	int32		param;

	if (s->answered == 0)
		PG_RETURN_NULL();
	if (PG_NARGS() > 1)
	{
		param = PG_GETARG_INT32(1);
		return rule(s, &param);
	}
	return rule(s, NULL);
}

/* rating_window_M(internal): the moving aggregate's final function */
static Datum
metric_window_final(FunctionCallInfo fcinfo, CsatMetricRule rule)
{
	CsatWindowState *w;
	CsatSummary s;
	int32		param;

	if (!AggCheckCallContext(fcinfo, NULL))
		csat_raise_not_in_aggregate(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	w = (CsatWindowState *) PG_GETARG_POINTER(0);
	csat_window_to_summary(w, &s);
	if (s.answered == 0)
		PG_RETURN_NULL();
	param = w->boxes;
	return rule(&s, w->boxes != 0 ? &param : NULL);
}

/*
 * rating_boxes_M(rating_summary): final function of the aggregate
 * M(satisfaction_rating, boxes).  Its transition function recorded the top
 * `boxes` points as the state's satisfied_from (hi - boxes + 1), the one
 * place a rating_summary can carry a parameter; boxes is read back here.
 */
static Datum
metric_boxes_final(FunctionCallInfo fcinfo, CsatMetricRule rule)
{
	const CsatSummary *s;
	int32		param;

	if (!AggCheckCallContext(fcinfo, NULL))
		csat_raise_not_in_aggregate(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = PG_GETARG_CSAT_SUMMARY_P(0);
	if (s->answered == 0)
		PG_RETURN_NULL();
	if (s->satisfied_from == 0 || CSAT_SUM_MIXED(s))
		elog(ERROR, "csat boxes state without its boxes");
	param = CSAT_SCALE_HI(CSAT_SUM_SCALE(s)) - (s->satisfied_from - 1) + 1;
	return rule(s, &param);
}

/* ---------------------------------------------------------------------
 * The entry points, one per SQL function, by metric.  Adding a metric: a
 * rule above, its entry points here, its SQL declarations (README,
 * "Adding a metric").
 * ---------------------------------------------------------------------
 */

/* csat_pct */
PG_FUNCTION_INFO_V1(rating_summary_csat_pct);
Datum
rating_summary_csat_pct(PG_FUNCTION_ARGS)
{
	return metric_accessor(fcinfo, metric_csat_pct);
}

PG_FUNCTION_INFO_V1(rating_summary_csat_pct_from);
Datum
rating_summary_csat_pct_from(PG_FUNCTION_ARGS)
{
	return metric_accessor(fcinfo, metric_csat_pct);
}

PG_FUNCTION_INFO_V1(rating_window_csat_pct);
Datum
rating_window_csat_pct(PG_FUNCTION_ARGS)
{
	return metric_window_final(fcinfo, metric_csat_pct);
}

/* nps */
PG_FUNCTION_INFO_V1(rating_summary_nps);
Datum
rating_summary_nps(PG_FUNCTION_ARGS)
{
	return metric_accessor(fcinfo, metric_nps);
}

PG_FUNCTION_INFO_V1(rating_window_nps);
Datum
rating_window_nps(PG_FUNCTION_ARGS)
{
	return metric_window_final(fcinfo, metric_nps);
}

/* ces_avg */
PG_FUNCTION_INFO_V1(rating_summary_ces_avg);
Datum
rating_summary_ces_avg(PG_FUNCTION_ARGS)
{
	return metric_accessor(fcinfo, metric_ces_avg);
}

PG_FUNCTION_INFO_V1(rating_window_ces_avg);
Datum
rating_window_ces_avg(PG_FUNCTION_ARGS)
{
	return metric_window_final(fcinfo, metric_ces_avg);
}

/* promoters_pct */
PG_FUNCTION_INFO_V1(rating_summary_promoters_pct);
Datum
rating_summary_promoters_pct(PG_FUNCTION_ARGS)
{
	return metric_accessor(fcinfo, metric_promoters_pct);
}

PG_FUNCTION_INFO_V1(rating_window_promoters_pct);
Datum
rating_window_promoters_pct(PG_FUNCTION_ARGS)
{
	return metric_window_final(fcinfo, metric_promoters_pct);
}

/* passives_pct */
PG_FUNCTION_INFO_V1(rating_summary_passives_pct);
Datum
rating_summary_passives_pct(PG_FUNCTION_ARGS)
{
	return metric_accessor(fcinfo, metric_passives_pct);
}

PG_FUNCTION_INFO_V1(rating_window_passives_pct);
Datum
rating_window_passives_pct(PG_FUNCTION_ARGS)
{
	return metric_window_final(fcinfo, metric_passives_pct);
}

/* detractors_pct */
PG_FUNCTION_INFO_V1(rating_summary_detractors_pct);
Datum
rating_summary_detractors_pct(PG_FUNCTION_ARGS)
{
	return metric_accessor(fcinfo, metric_detractors_pct);
}

PG_FUNCTION_INFO_V1(rating_window_detractors_pct);
Datum
rating_window_detractors_pct(PG_FUNCTION_ARGS)
{
	return metric_window_final(fcinfo, metric_detractors_pct);
}

/* top_box_pct */
PG_FUNCTION_INFO_V1(rating_summary_top_box_pct);
Datum
rating_summary_top_box_pct(PG_FUNCTION_ARGS)
{
	return metric_accessor(fcinfo, metric_top_box_pct);
}

PG_FUNCTION_INFO_V1(rating_window_top_box_pct);
Datum
rating_window_top_box_pct(PG_FUNCTION_ARGS)
{
	return metric_window_final(fcinfo, metric_top_box_pct);
}

PG_FUNCTION_INFO_V1(rating_boxes_top_box_pct);
Datum
rating_boxes_top_box_pct(PG_FUNCTION_ARGS)
{
	return metric_boxes_final(fcinfo, metric_top_box_pct);
}

/* bottom_box_pct */
PG_FUNCTION_INFO_V1(rating_summary_bottom_box_pct);
Datum
rating_summary_bottom_box_pct(PG_FUNCTION_ARGS)
{
	return metric_accessor(fcinfo, metric_bottom_box_pct);
}

PG_FUNCTION_INFO_V1(rating_window_bottom_box_pct);
Datum
rating_window_bottom_box_pct(PG_FUNCTION_ARGS)
{
	return metric_window_final(fcinfo, metric_bottom_box_pct);
}

PG_FUNCTION_INFO_V1(rating_boxes_bottom_box_pct);
Datum
rating_boxes_bottom_box_pct(PG_FUNCTION_ARGS)
{
	return metric_boxes_final(fcinfo, metric_bottom_box_pct);
}

/* ces_easy_pct */
PG_FUNCTION_INFO_V1(rating_summary_ces_easy_pct);
Datum
rating_summary_ces_easy_pct(PG_FUNCTION_ARGS)
{
	return metric_accessor(fcinfo, metric_ces_easy_pct);
}

PG_FUNCTION_INFO_V1(rating_window_ces_easy_pct);
Datum
rating_window_ces_easy_pct(PG_FUNCTION_ARGS)
{
	return metric_window_final(fcinfo, metric_ces_easy_pct);
}

/* ---------------------------------------------------------------------
 * The generic entry points of 0.3.0 (see the top of this file): declared
 * by csat--0.2.0--0.3.0.sql, re-declared by the update to 0.4.0.
 * ---------------------------------------------------------------------
 */

static Datum
raise_not_updated(FunctionCallInfo fcinfo)
{
	char	   *fname = get_func_name(fcinfo->flinfo->fn_oid);

	ereport(ERROR,
			errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			errmsg("function %s is declared by csat 0.3.0, whose entry points this library no longer has",
				   fname ? fname : "?"),
			errhint("Run ALTER EXTENSION csat UPDATE in this database."));
	PG_RETURN_NULL();
}

PG_FUNCTION_INFO_V1(csat_metric_accessor);
Datum
csat_metric_accessor(PG_FUNCTION_ARGS)
{
	return raise_not_updated(fcinfo);
}

PG_FUNCTION_INFO_V1(csat_metric_window_final);
Datum
csat_metric_window_final(PG_FUNCTION_ARGS)
{
	return raise_not_updated(fcinfo);
}

PG_FUNCTION_INFO_V1(csat_metric_boxes_final);
Datum
csat_metric_boxes_final(PG_FUNCTION_ARGS)
{
	return raise_not_updated(fcinfo);
}

/* ---------------------------------------------------------------------
 * The other readings of a summary
 * ---------------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(rating_window_summary);
Datum
rating_window_summary(PG_FUNCTION_ARGS)
{
	CsatSummary *s;

	if (!AggCheckCallContext(fcinfo, NULL))
		csat_raise_not_in_aggregate(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = palloc(sizeof(CsatSummary));
	csat_window_to_summary((CsatWindowState *) PG_GETARG_POINTER(0), s);
	PG_RETURN_CSAT_SUMMARY_P(s);
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
		values[2] = share(s->counts[v], s);
		SRF_RETURN_NEXT(funcctx,
						HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}
