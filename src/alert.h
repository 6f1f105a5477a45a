/*-------------------------------------------------------------------------
 *
 * alert.h
 *	  What the two low-score alert triggers share: their parsed arguments,
 *	  the checks of those arguments, and the JSON payload.
 *
 *	  alert.c: csat_notify_low_rating() (0.2.0, NOTIFY only) and the shared
 *	  code; alert_queue.c: csat_enqueue_low_rating() (0.3.0, the queue).
 *
 *-------------------------------------------------------------------------
 */
#ifndef CSAT_ALERT_H
#define CSAT_ALERT_H

#include "csat.h"

#include "access/htup.h"
#include "commands/trigger.h"
#include "lib/stringinfo.h"

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
extern void csat_alert_payload(StringInfo buf, TriggerData *trigdata,
							   const CsatAlertConfig *cfg, HeapTuple tuple,
							   uint16 r, const char *table, const char *op,
							   int64 alert_id);

#endif							/* CSAT_ALERT_H */
