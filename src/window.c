/*-------------------------------------------------------------------------
 *
 * window.c
 *	  The moving-aggregate state of the csat aggregates: window frames whose
 *	  head moves add and remove rows (inverse transition), so a sliding frame
 *	  costs O(1) per row.  The state also counts answers per scale, so the
 *	  inverse transition stays exact when a frame stops mixing scales.
 *
 *-------------------------------------------------------------------------
 */
#include "csat.h"

static CsatWindowState *
window_state(FunctionCallInfo fcinfo)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		csat_raise_not_in_aggregate(fcinfo);
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

		csat_count_overflow_error(&err, "rating_summary", "ratings");
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
void
csat_window_to_summary(CsatWindowState *w, CsatSummary *s)
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
	CsatWindowState *w = window_state(fcinfo);

	window_add(w, PG_ARGISNULL(1) ? 0 : PG_GETARG_RATING(1));
	PG_RETURN_POINTER(w);
}

PG_FUNCTION_INFO_V1(rating_window_inv);
Datum
rating_window_inv(PG_FUNCTION_ARGS)
{
	CsatWindowState *w = window_state(fcinfo);

	window_remove(w, PG_ARGISNULL(1) ? 0 : PG_GETARG_RATING(1));
	PG_RETURN_POINTER(w);
}

PG_FUNCTION_INFO_V1(rating_window_trans_from);
Datum
rating_window_trans_from(PG_FUNCTION_ARGS)
{
	CsatWindowState *w = window_state(fcinfo);
	uint16		r = PG_ARGISNULL(1) ? 0 : PG_GETARG_RATING(1);

	if (r != 0)
		csat_check_satisfied_from(fcinfo, r, &w->satisfied_from);
	window_add(w, r);
	PG_RETURN_POINTER(w);
}

/*
 * The inverses of csat_pct(r, satisfied_from), top_box_pct(r, boxes) and
 * bottom_box_pct(r, boxes): removing a row needs no threshold, so they are
 * rating_window_inv under the names of their SQL functions.
 */
PG_FUNCTION_INFO_V1(rating_window_inv_from);
Datum
rating_window_inv_from(PG_FUNCTION_ARGS)
{
	return rating_window_inv(fcinfo);
}

PG_FUNCTION_INFO_V1(rating_window_inv_boxes);
Datum
rating_window_inv_boxes(PG_FUNCTION_ARGS)
{
	return rating_window_inv(fcinfo);
}

/* top_box_pct(r, boxes) and bottom_box_pct(r, boxes) */
PG_FUNCTION_INFO_V1(rating_window_trans_boxes);
Datum
rating_window_trans_boxes(PG_FUNCTION_ARGS)
{
	CsatWindowState *w = window_state(fcinfo);
	uint16		r = PG_ARGISNULL(1) ? 0 : PG_GETARG_RATING(1);

	if (r != 0)
		csat_check_boxes(fcinfo, r, &w->boxes);
	window_add(w, r);
	PG_RETURN_POINTER(w);
}
