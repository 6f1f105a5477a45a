/*-------------------------------------------------------------------------
 *
 * alert.c
 *	  Low-score alerts: a trigger function that sends NOTIFY with a JSON
 *	  payload when a rating at or below a threshold is inserted or updated,
 *	  and the argument checks and payload it shares with the queue trigger
 *	  csat_enqueue_low_rating() (alert_queue.c).
 *
 *	CREATE TRIGGER tickets_low_csat
 *		AFTER INSERT OR UPDATE OF csat ON tickets
 *		FOR EACH ROW
 *		EXECUTE FUNCTION csat_notify_low_rating('csat', 'low_csat', '2', 'id');
 *
 * Arguments: the rating column, the NOTIFY channel, the threshold (an
 * integer on the rating's own scale: 2 notifies for 1/5 and 2/5; when the
 * column has a type modifier the threshold must lie on that scale), and
 * optionally the column that identifies the row (default: the table's first
 * column).  The payload is one JSON object:
 *
 *	{"table":"public.tickets","op":"INSERT","column":"csat","key":"12345",
 *	 "rating":"2/5","value":2,"scale_lo":1,"scale_hi":5}
 *
 * NULL ratings never notify, and an UPDATE notifies only when the rating
 * changed.  Notifications are transactional like NOTIFY itself: listeners
 * receive them when the transaction commits, never when it rolls back.  A
 * NOTIFY forbids PREPARE TRANSACTION; csat_enqueue_low_rating() without a
 * channel does not.
 *
 *-------------------------------------------------------------------------
 */
#include "csat.h"

#include <errno.h>
#include <stdlib.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/async.h"
#include "commands/trigger.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

/*
 * The longest NOTIFY payload the server accepts (commands/async.c keeps
 * this private); checked here only to name the key column in the error.
 */
#define CSAT_NOTIFY_PAYLOAD_MAX		(BLCKSZ - NAMEDATALEN - 128)

/*
 * The OID of type satisfaction_rating in the schema this function lives in
 * (the extension's schema), so that a type of the same name elsewhere on the
 * search_path cannot pass for it.
 */
static Oid
rating_type_oid(Oid fn_oid, const char *fname)
{
	Oid			nsp = get_func_namespace(fn_oid);
	Oid			typoid = InvalidOid;

	if (OidIsValid(nsp))
		typoid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
								 CStringGetDatum("satisfaction_rating"),
								 ObjectIdGetDatum(nsp));
	if (!OidIsValid(typoid))
		ereport(ERROR,
				errcode(ERRCODE_UNDEFINED_OBJECT),
				errmsg("type satisfaction_rating does not exist in schema \"%s\"",
					   OidIsValid(nsp) ? get_namespace_name(nsp) : "?"),
				errhint("%s() must be created in the schema of the csat extension.",
						fname));
	return typoid;
}

/* attribute number of a user column by name, or an error naming the trigger */
static AttrNumber
column_attnum(Relation rel, TupleDesc tupdesc, const char *trigname,
			  const char *colname, const char *role)
{
	for (int i = 0; i < tupdesc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(tupdesc, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), colname) == 0)
			return att->attnum;
	}
	ereport(ERROR,
			errcode(ERRCODE_UNDEFINED_COLUMN),
			errmsg("%s column \"%s\" of trigger \"%s\" does not exist in table \"%s\"",
				   role, colname, trigname, RelationGetRelationName(rel)),
			errhint("Column names are matched exactly, case included."));
	pg_unreachable();
}

/*
 * The trigger protocol both alert triggers follow: called by the trigger
 * manager, AFTER INSERT or UPDATE, FOR EACH ROW.
 */
void
csat_alert_check_call(FunctionCallInfo fcinfo, const char *fname)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				errmsg("%s() was not called by the trigger manager", fname),
				errhint("Attach it with CREATE TRIGGER ... AFTER INSERT OR UPDATE ... FOR EACH ROW EXECUTE FUNCTION %s(...).",
						fname));
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!(TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) ||
		  TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event)))
		ereport(ERROR,
				errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				errmsg("trigger \"%s\": %s() must be fired AFTER INSERT or UPDATE FOR EACH ROW",
					   trigdata->tg_trigger->tgname, fname));
}

/*
 * Parse and check the trigger's arguments against its table: the rating
 * column is a satisfaction_rating, the threshold an integer on its scale
 * (the scale of its type modifier when it has one), the key column exists.
 */
CsatAlertConfig *
csat_alert_parse(FunctionCallInfo fcinfo, TriggerData *trigdata,
				 const CsatAlertArgs *args)
{
	Trigger    *tg = trigdata->tg_trigger;
	Relation	rel = trigdata->tg_relation;
	TupleDesc	tupdesc = RelationGetDescr(rel);
	CsatAlertConfig *cfg;
	Form_pg_attribute ratt;
	Oid			rating_typoid;
	Oid			basetype;
	int32		typmod;
	int			lo = 0,
				hi = CSAT_MAX_HI;
	long		threshold;
	char	   *end;
	bool		isvarlena;

	cfg = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
								 sizeof(CsatAlertConfig));
	cfg->tgoid = tg->tgoid;

	/* the rating column: must be a satisfaction_rating (or a domain over it) */
	cfg->rating_attnum = column_attnum(rel, tupdesc, tg->tgname, args->column,
									   "rating");
	ratt = TupleDescAttr(tupdesc, cfg->rating_attnum - 1);
	rating_typoid = rating_type_oid(fcinfo->flinfo->fn_oid, args->fname);
	typmod = ratt->atttypmod;
	basetype = getBaseTypeAndTypmod(ratt->atttypid, &typmod);
	cfg->rating_typoid = rating_typoid;
	if (basetype == INT2OID || basetype == INT4OID || basetype == INT8OID)
		cfg->int_typid = basetype;
	else if (basetype != rating_typoid)
		ereport(ERROR,
				errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("column \"%s\" of table \"%s\" is of type %s, not satisfaction_rating",
					   args->column, RelationGetRelationName(rel),
					   format_type_be(ratt->atttypid)),
				errhint("The first argument of %s() names the rating column: a satisfaction_rating, or a smallint, integer or bigint column with the scale in the threshold ('2/5').",
						args->fname));

	/* the channel: what NOTIFY accepts */
	if (args->channel != NULL)
	{
		if (args->channel[0] == '\0' || strlen(args->channel) >= NAMEDATALEN)
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("invalid channel name \"%s\" for trigger \"%s\"",
						   args->channel, tg->tgname),
					errhint("A channel name is 1 to %d bytes long.", NAMEDATALEN - 1));
		cfg->channel = MemoryContextStrdup(fcinfo->flinfo->fn_mcxt,
										   args->channel);
	}

	/*
	 * An integer column: the threshold is a rating, whose scale is the
	 * column's ('2/5': the column holds answers on 1..5, and 1 and 2 alert).
	 */
	if (OidIsValid(cfg->int_typid))
	{
		uint16		tr;
		CsatError	err;

		if (strchr(args->threshold, '/') == NULL)
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("threshold \"%s\" of trigger \"%s\" gives no scale for %s column \"%s\"",
						   args->threshold, tg->tgname,
						   format_type_be(ratt->atttypid), args->column),
					errhint("On an integer column the threshold carries the column's scale: '2/5' alerts for 1 and 2 on the scale 1..5, '6/0-10' for 0 to 6 on 0..10."));
		if (!csat_rating_parse(args->threshold, 0, &tr, &err))
			csat_raise(&err);
		cfg->int_scale = CSAT_RATING_SCALE(tr);
		cfg->threshold = CSAT_RATING_VALUE(tr);
	}
	else
	{
		/*
		 * The threshold: an integer on the column's scale when its type modifier
		 * fixes one ('6' on a 1..5 column would alert on every answer, '0' on
		 * none), else on the widest scale range 0..10.
		 */
		if (typmod >= 0 && typmod <= 0xFF)
		{
			lo = CSAT_SCALE_LO(typmod);
			hi = CSAT_SCALE_HI(typmod);
		}
		errno = 0;
		threshold = strtol(args->threshold, &end, 10);
		while (*end == ' ' || *end == '\t')
			end++;
		if (end == args->threshold || *end != '\0' || errno == ERANGE)
			ereport(ERROR,
					errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					errmsg("invalid threshold \"%s\" for trigger \"%s\"",
						   args->threshold, tg->tgname),
					errhint("The threshold is an integer on the rating's scale: '2' alerts for 1/5 and 2/5."));
		if (threshold < lo || threshold > hi)
		{
			if (typmod >= 0)
				ereport(ERROR,
						errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("threshold %ld of trigger \"%s\" is off the scale %d..%d of column \"%s\"",
							   threshold, tg->tgname, lo, hi, args->column),
						errhint("Column \"%s\" is a %s: pick a threshold between %d and %d.",
								args->column, format_type_with_typemod(basetype, typmod),
								lo, hi));
			ereport(ERROR,
					errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					errmsg("threshold %ld of trigger \"%s\" is out of range",
						   threshold, tg->tgname),
					errhint("Rating values lie between 0 and %d.", CSAT_MAX_HI));
		}
		cfg->threshold = (int) threshold;
	}

	/* the key column: named, else the first live column */
	if (args->key_column != NULL)
		cfg->key_attnum = column_attnum(rel, tupdesc, tg->tgname,
										args->key_column, "key");
	else
	{
		for (int i = 0; i < tupdesc->natts; i++)
		{
			if (!TupleDescAttr(tupdesc, i)->attisdropped)
			{
				cfg->key_attnum = TupleDescAttr(tupdesc, i)->attnum;
				break;
			}
		}
	}
	/* a table with a rating column has at least one live column */
	csat_assert(cfg->key_attnum > 0);
	cfg->key_typid = TupleDescAttr(tupdesc, cfg->key_attnum - 1)->atttypid;
	getTypeOutputInfo(cfg->key_typid, &cfg->key_typoutput, &isvarlena);

	return cfg;
}

/*
 * The value of an integer rating column as a rating on the trigger's scale;
 * false when it lies off that scale.
 */
static bool
int_rating(const CsatAlertConfig *cfg, Datum d, int64 *v, uint16 *r)
{
	switch (cfg->int_typid)
	{
		case INT2OID:
			*v = DatumGetInt16(d);
			break;
		case INT4OID:
			*v = DatumGetInt32(d);
			break;
		default:
			*v = DatumGetInt64(d);
			break;
	}
	if (*v < CSAT_SCALE_LO(cfg->int_scale) || *v > CSAT_SCALE_HI(cfg->int_scale))
		return false;
	*r = CSAT_RATING(cfg->int_scale, *v);
	return true;
}

/* Is the rating column's value d the rating r? */
bool
csat_alert_same_rating(const CsatAlertConfig *cfg, Datum d, uint16 r)
{
	int64		v;
	uint16		dr;

	if (OidIsValid(cfg->int_typid))
		return int_rating(cfg, d, &v, &dr) && dr == r;
	return DatumGetRating(d) == r;
}

/*
 * The rating this event reports, if any: *r is set and true returned when
 * the new row's rating is not NULL, is at or below the threshold, and (for
 * an UPDATE) differs from the old row's.  On an integer column a value off
 * the trigger's scale is not a rating: no alert, a WARNING that names it,
 * and the application's write goes through.
 */
bool
csat_alert_rating(TriggerData *trigdata, const CsatAlertConfig *cfg,
				  uint16 *r)
{
	TupleDesc	tupdesc = RelationGetDescr(trigdata->tg_relation);
	HeapTuple	tuple;
	Datum		d;
	bool		isnull;

	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;

	d = heap_getattr(tuple, cfg->rating_attnum, tupdesc, &isnull);
	if (isnull)
		return false;			/* unanswered: nothing to report */

	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		bool		oldnull;
		Datum		old = heap_getattr(trigdata->tg_trigtuple,
									   cfg->rating_attnum, tupdesc, &oldnull);
		Form_pg_attribute att = TupleDescAttr(tupdesc, cfg->rating_attnum - 1);

		if (!oldnull && datumIsEqual(old, d, att->attbyval, att->attlen))
			return false;		/* rating unchanged */
	}

	if (OidIsValid(cfg->int_typid))
	{
		int64		v;

		if (!int_rating(cfg, d, &v, r))
		{
			char		scale[8];

			csat_scale_format(cfg->int_scale, scale);
			ereport(WARNING,
					errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					errmsg("value " INT64_FORMAT " of column \"%s\" of table \"%s\" is off the scale %s of trigger \"%s\": no alert",
						   v, NameStr(TupleDescAttr(tupdesc, cfg->rating_attnum - 1)->attname),
						   RelationGetRelationName(trigdata->tg_relation),
						   scale, trigdata->tg_trigger->tgname),
					errhint("The row was written; a value off the scale is never alerted.  Check the threshold's scale or the value."));
			return false;
		}
	}
	else
		*r = DatumGetRating(d);
	return CSAT_RATING_VALUE(*r) <= cfg->threshold;
}

/*
 * The JSON payload for one low rating, appended to buf; alert_id > 0 adds
 * "alert_id".
 */
void
csat_alert_payload(StringInfo buf, TriggerData *trigdata,
				   const CsatAlertConfig *cfg, HeapTuple tuple, uint16 r,
				   const char *table, const char *op, int64 alert_id)
{
	TupleDesc	tupdesc = RelationGetDescr(trigdata->tg_relation);
	uint8		scale = CSAT_RATING_SCALE(r);
	char		rtext[16];
	Datum		key;
	bool		keynull;

	appendStringInfoString(buf, "{\"table\":");
	escape_json(buf, table);
	appendStringInfo(buf, ",\"op\":\"%s\",\"column\":", op);
	escape_json(buf, NameStr(TupleDescAttr(tupdesc, cfg->rating_attnum - 1)->attname));

	appendStringInfoString(buf, ",\"key\":");
	key = heap_getattr(tuple, cfg->key_attnum, tupdesc, &keynull);
	if (keynull)
		appendStringInfoString(buf, "null");
	else
		escape_json(buf, OidOutputFunctionCall(cfg->key_typoutput, key));

	csat_rating_format(r, rtext);
	appendStringInfoString(buf, ",\"rating\":");
	escape_json(buf, rtext);
	appendStringInfo(buf, ",\"value\":%d,\"scale_lo\":%d,\"scale_hi\":%d",
					 CSAT_RATING_VALUE(r),
					 CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale));
	if (alert_id > 0)
		appendStringInfo(buf, ",\"alert_id\":" INT64_FORMAT, alert_id);
	appendStringInfoChar(buf, '}');
}

PG_FUNCTION_INFO_V1(csat_notify_low_rating);

/*
 * csat_notify_low_rating(): AFTER INSERT OR UPDATE ... FOR EACH ROW trigger.
 */
Datum
csat_notify_low_rating(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	CsatAlertConfig *cfg;
	uint16		r;

	csat_alert_check_call(fcinfo, "csat_notify_low_rating");

	/* parse the arguments once per trigger and statement */
	cfg = (CsatAlertConfig *) fcinfo->flinfo->fn_extra;
	if (cfg == NULL || cfg->tgoid != trigdata->tg_trigger->tgoid)
	{
		Trigger    *tg = trigdata->tg_trigger;
		CsatAlertArgs args = {0};

		if (tg->tgnargs < 3 || tg->tgnargs > 4)
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("trigger \"%s\" passes %d arguments to csat_notify_low_rating(); it takes 3 or 4",
						   tg->tgname, tg->tgnargs),
					errhint("Use csat_notify_low_rating('rating_column', 'channel', 'threshold' [, 'key_column'])."));
		args.fname = "csat_notify_low_rating";
		args.column = tg->tgargs[0];
		args.channel = tg->tgargs[1];
		args.threshold = tg->tgargs[2];
		args.key_column = tg->tgnargs == 4 ? tg->tgargs[3] : NULL;
		cfg = csat_alert_parse(fcinfo, trigdata, &args);
		fcinfo->flinfo->fn_extra = cfg;
	}

	if (csat_alert_rating(trigdata, cfg, &r))
	{
		Relation	rel = trigdata->tg_relation;
		HeapTuple	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
			trigdata->tg_newtuple : trigdata->tg_trigtuple;
		StringInfoData buf;

		initStringInfo(&buf);
		csat_alert_payload(&buf, trigdata, cfg, tuple, r,
						   quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
													  RelationGetRelationName(rel)),
						   TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) ? "INSERT" : "UPDATE",
						   0);
		if (buf.len >= CSAT_NOTIFY_PAYLOAD_MAX)
			ereport(ERROR,
					errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					errmsg("low-rating notification for table \"%s\" is too long (%d bytes)",
						   RelationGetRelationName(rel), buf.len),
					errdetail("A NOTIFY payload is at most %d bytes.",
							  CSAT_NOTIFY_PAYLOAD_MAX - 1),
					errhint("Pass a shorter key column as the fourth argument of csat_notify_low_rating()."));
		Async_Notify(cfg->channel, buf.data);
	}

	/* the result of an AFTER trigger is ignored */
	return PointerGetDatum(NULL);
}
