/*-------------------------------------------------------------------------
 *
 * csat.h
 *	  Shared declarations of the csat extension.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CSAT_H
#define CSAT_H

#include "postgres.h"
#include "fmgr.h"

#include "compat.h"
#include "access/htup.h"
#include "commands/trigger.h"
#include "lib/stringinfo.h"
#include "nodes/nodes.h"

#include "core.h"

StaticAssertDecl(sizeof(CsatSummary) == CSAT_SUMMARY_SIZE,
				 "CsatSummary must match the SQL type's INTERNALLENGTH");

/* satisfaction_rating is a pass-by-value uint16 */
#define DatumGetRating(d)		((uint16) DatumGetUInt16(d))
#define RatingGetDatum(r)		UInt16GetDatum(r)
#define PG_GETARG_RATING(n)		DatumGetRating(PG_GETARG_DATUM(n))
#define PG_RETURN_RATING(r)		return RatingGetDatum(r)

/* rating_summary is a fixed-length pass-by-reference CsatSummary */
#define DatumGetCsatSummaryP(d)	((CsatSummary *) DatumGetPointer(d))
#define PG_GETARG_CSAT_SUMMARY_P(n) DatumGetCsatSummaryP(PG_GETARG_DATUM(n))
#define PG_RETURN_CSAT_SUMMARY_P(s) PG_RETURN_POINTER(s)

/* rating.c */
pg_noreturn extern void csat_raise(const CsatError *err);
extern void csat_raise_soft(const CsatError *err, Node *escontext);

/* summary.c */
extern Datum csat_int8_div_numeric(int64 num, int64 den, int64 mul);
pg_noreturn extern void csat_raise_not_in_aggregate(FunctionCallInfo fcinfo);
extern void csat_check_satisfied_from(FunctionCallInfo fcinfo, uint16 r,
									  uint8 *seen);
extern int	csat_check_boxes(FunctionCallInfo fcinfo, uint16 r, uint8 *seen);

/* window.c: the moving-aggregate state */
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
	uint8		boxes;			/* of top/bottom_box_pct(r, boxes), else 0 */
} CsatWindowState;

extern void csat_window_to_summary(CsatWindowState *w, CsatSummary *s);

/* metrics.c: the metrics, one rule and one table entry each */
extern void csat_nps_counts(const CsatSummary *s, int64 *promoters,
							int64 *detractors);

/*
 * stats.c: pure statistics on counts (no SQL).  Confidence is in (0,1);
 * results are proportions/NPS in [0,1] / [-1,1]; callers scale to percent.
 */
extern double csat_normal_quantile(double p);
extern double csat_normal_sf2(double z);	/* two-sided p: P(|Z| >= |z|) */
extern void csat_wilson(int64 satisfied, int64 n, double confidence,
						double *lower, double *upper);
extern void csat_nps_adjusted_wald(int64 promoters, int64 detractors,
								   int64 n, double confidence,
								   double *lower, double *upper);
extern double csat_two_prop_ztest(int64 s1, int64 n1, int64 s2, int64 n2);
extern double csat_nps_ztest(int64 p1, int64 d1, int64 n1,
							 int64 p2, int64 d2, int64 n2);

/*
 * alert.c and alert_queue.c: what the two low-score alert triggers share,
 * csat_notify_low_rating() (0.2.0, NOTIFY only) and csat_enqueue_low_rating()
 * (0.3.0, the queue): their parsed arguments, the checks of those
 * arguments, and the JSON payload.
 */
/* The trigger's parsed arguments, cached per trigger for one statement. */
typedef struct CsatAlertConfig
{
	Oid			tgoid;			/* the trigger these were parsed for */
	AttrNumber	rating_attnum;
	AttrNumber	key_attnum;
	int			threshold;
	char	   *channel;		/* NULL: no NOTIFY */
	Oid			key_typid;
	Oid			key_typoutput;
	Oid			rating_typoid;	/* the extension's satisfaction_rating */
	Oid			int_typid;		/* an integer rating column's type, else 0 */
	uint8		int_scale;		/* its scale, from the threshold ('2/5') */
	void	   *extra;			/* the caller's own cached state */
} CsatAlertConfig;

/* the argument texts of one trigger, by role (NULL when not given) */
typedef struct CsatAlertArgs
{
	const char *fname;			/* the SQL function, for messages */
	const char *usage;			/* its argument list, for hints */
	const char *column;
	const char *threshold;
	const char *key_column;
	const char *channel;
} CsatAlertArgs;

extern void csat_alert_check_call(FunctionCallInfo fcinfo, const char *fname);
extern CsatAlertConfig *csat_alert_parse(FunctionCallInfo fcinfo,
										 TriggerData *trigdata,
										 const CsatAlertArgs *args);
extern bool csat_alert_rating(TriggerData *trigdata,
							  const CsatAlertConfig *cfg, uint16 *r);
extern bool csat_alert_same_rating(const CsatAlertConfig *cfg, Datum d,
								   uint16 r);
extern void csat_alert_payload(StringInfo buf, TriggerData *trigdata,
							   const CsatAlertConfig *cfg, HeapTuple tuple,
							   uint16 r, const char *table, const char *op,
							   int64 alert_id);

#endif							/* CSAT_H */
