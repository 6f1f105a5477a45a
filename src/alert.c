/*-------------------------------------------------------------------------
 *
 * alert.c
 *	  Low-score alerts: a trigger function that sends NOTIFY with a JSON
 *	  payload when a rating at or below a threshold is inserted or updated.
 *
 *	CREATE TRIGGER tickets_low_csat
 *		AFTER INSERT OR UPDATE OF csat ON tickets
 *		FOR EACH ROW
 *		EXECUTE FUNCTION csat_notify_low_rating('csat', 'low_csat', '2', 'id');
 *
 * Arguments: the rating column, the NOTIFY channel, the threshold (an
 * integer on the rating's own scale: 2 notifies for 1/5 and 2/5), and
 * optionally the column that identifies the row (default: the table's first
 * column).  The payload is one JSON object:
 *
 *	{"table":"public.tickets","op":"INSERT","column":"csat","key":"12345",
 *	 "rating":"2/5","value":2,"scale_lo":1,"scale_hi":5}
 *
 * NULL ratings never notify, and an UPDATE notifies only when the rating
 * changed.  Notifications are transactional like NOTIFY itself: listeners
 * receive them when the transaction commits, never when it rolls back.
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
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

/*
 * The longest NOTIFY payload the server accepts (commands/async.c keeps
 * this private); checked here only to name the key column in the error.
 */
#define CSAT_NOTIFY_PAYLOAD_MAX		(BLCKSZ - NAMEDATALEN - 128)

/* The trigger's parsed arguments, cached per trigger for one statement. */
typedef struct CsatAlertConfig
{
	Oid			tgoid;			/* the trigger these were parsed for */
	AttrNumber	rating_attnum;
	AttrNumber	key_attnum;
	int			threshold;
	char	   *channel;
	Oid			key_typoutput;
} CsatAlertConfig;

/*
 * The OID of type satisfaction_rating in the schema this function lives in
 * (the extension's schema), so that a type of the same name elsewhere on the
 * search_path cannot pass for it.
 */
static Oid
rating_type_oid(Oid fn_oid)
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
				errhint("csat_notify_low_rating() must be created in the schema of the csat extension."));
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

/* Parse and check the trigger's arguments against its table. */
static CsatAlertConfig *
parse_config(FunctionCallInfo fcinfo, TriggerData *trigdata)
{
	Trigger    *tg = trigdata->tg_trigger;
	Relation	rel = trigdata->tg_relation;
	TupleDesc	tupdesc = RelationGetDescr(rel);
	char	  **args = tg->tgargs;
	CsatAlertConfig *cfg;
	Form_pg_attribute ratt;
	Oid			rating_typoid;
	long		threshold;
	char	   *end;
	bool		isvarlena;

	if (tg->tgnargs < 3 || tg->tgnargs > 4)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("trigger \"%s\" passes %d arguments to csat_notify_low_rating(); it takes 3 or 4",
					   tg->tgname, tg->tgnargs),
				errhint("Use csat_notify_low_rating('rating_column', 'channel', 'threshold' [, 'key_column'])."));

	cfg = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
								 sizeof(CsatAlertConfig));
	cfg->tgoid = tg->tgoid;

	/* the rating column: must be a satisfaction_rating (or a domain over it) */
	cfg->rating_attnum = column_attnum(rel, tupdesc, tg->tgname, args[0],
									   "rating");
	ratt = TupleDescAttr(tupdesc, cfg->rating_attnum - 1);
	rating_typoid = rating_type_oid(fcinfo->flinfo->fn_oid);
	if (getBaseType(ratt->atttypid) != rating_typoid)
		ereport(ERROR,
				errcode(ERRCODE_DATATYPE_MISMATCH),
				errmsg("column \"%s\" of table \"%s\" is of type %s, not satisfaction_rating",
					   args[0], RelationGetRelationName(rel),
					   format_type_be(ratt->atttypid)),
				errhint("The first argument of csat_notify_low_rating() names the rating column."));

	/* the channel: what NOTIFY accepts */
	if (args[1][0] == '\0' || strlen(args[1]) >= NAMEDATALEN)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("invalid channel name \"%s\" for trigger \"%s\"",
					   args[1], tg->tgname),
				errhint("A channel name is 1 to %d bytes long.", NAMEDATALEN - 1));
	cfg->channel = MemoryContextStrdup(fcinfo->flinfo->fn_mcxt, args[1]);

	/* the threshold: an integer on the scale range 0..10 */
	errno = 0;
	threshold = strtol(args[2], &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == args[2] || *end != '\0' || errno == ERANGE)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				errmsg("invalid threshold \"%s\" for trigger \"%s\"",
					   args[2], tg->tgname),
				errhint("The threshold is an integer on the rating's scale: '2' notifies for 1/5 and 2/5."));
	if (threshold < 0 || threshold > CSAT_MAX_HI)
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("threshold %ld of trigger \"%s\" is out of range",
					   threshold, tg->tgname),
				errhint("Rating values lie between 0 and %d.", CSAT_MAX_HI));
	cfg->threshold = (int) threshold;

	/* the key column: named, else the first live column */
	if (tg->tgnargs == 4)
		cfg->key_attnum = column_attnum(rel, tupdesc, tg->tgname, args[3],
										"key");
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
	getTypeOutputInfo(TupleDescAttr(tupdesc, cfg->key_attnum - 1)->atttypid,
					  &cfg->key_typoutput, &isvarlena);

	return cfg;
}

/* the JSON payload for one low rating */
static char *
build_payload(TriggerData *trigdata, const CsatAlertConfig *cfg,
			  HeapTuple tuple, uint16 r)
{
	Relation	rel = trigdata->tg_relation;
	TupleDesc	tupdesc = RelationGetDescr(rel);
	uint8		scale = CSAT_RATING_SCALE(r);
	StringInfoData buf;
	char		rtext[16];
	Datum		key;
	bool		keynull;

	initStringInfo(&buf);

	appendStringInfoString(&buf, "{\"table\":");
	escape_json(&buf,
				quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
										   RelationGetRelationName(rel)));
	appendStringInfo(&buf, ",\"op\":\"%s\",\"column\":",
					 TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) ? "INSERT" : "UPDATE");
	escape_json(&buf, NameStr(TupleDescAttr(tupdesc, cfg->rating_attnum - 1)->attname));

	appendStringInfoString(&buf, ",\"key\":");
	key = heap_getattr(tuple, cfg->key_attnum, tupdesc, &keynull);
	if (keynull)
		appendStringInfoString(&buf, "null");
	else
		escape_json(&buf, OidOutputFunctionCall(cfg->key_typoutput, key));

	csat_rating_format(r, rtext);
	appendStringInfoString(&buf, ",\"rating\":");
	escape_json(&buf, rtext);
	appendStringInfo(&buf, ",\"value\":%d,\"scale_lo\":%d,\"scale_hi\":%d}",
					 CSAT_RATING_VALUE(r),
					 CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale));

	if (buf.len >= CSAT_NOTIFY_PAYLOAD_MAX)
		ereport(ERROR,
				errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("low-rating notification for table \"%s\" is too long (%d bytes)",
					   RelationGetRelationName(rel), buf.len),
				errdetail("A NOTIFY payload is at most %d bytes.",
						  CSAT_NOTIFY_PAYLOAD_MAX - 1),
				errhint("Pass a shorter key column as the fourth argument of csat_notify_low_rating()."));
	return buf.data;
}

PG_FUNCTION_INFO_V1(csat_notify_low_rating);

/*
 * csat_notify_low_rating(): AFTER INSERT OR UPDATE ... FOR EACH ROW trigger.
 */
Datum
csat_notify_low_rating(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	tupdesc;
	CsatAlertConfig *cfg;
	HeapTuple	tuple;
	Datum		d;
	bool		isnull;
	uint16		r;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				errmsg("csat_notify_low_rating() was not called by the trigger manager"),
				errhint("Attach it with CREATE TRIGGER ... AFTER INSERT OR UPDATE ... FOR EACH ROW EXECUTE FUNCTION csat_notify_low_rating(...)."));
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!(TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) ||
		  TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event)))
		ereport(ERROR,
				errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				errmsg("trigger \"%s\": csat_notify_low_rating() must be fired AFTER INSERT or UPDATE FOR EACH ROW",
					   trigdata->tg_trigger->tgname));

	/* parse the arguments once per trigger and statement */
	cfg = (CsatAlertConfig *) fcinfo->flinfo->fn_extra;
	if (cfg == NULL || cfg->tgoid != trigdata->tg_trigger->tgoid)
	{
		cfg = parse_config(fcinfo, trigdata);
		fcinfo->flinfo->fn_extra = cfg;
	}

	tupdesc = RelationGetDescr(trigdata->tg_relation);
	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;

	d = heap_getattr(tuple, cfg->rating_attnum, tupdesc, &isnull);
	if (isnull)
		return PointerGetDatum(NULL);	/* unanswered: nothing to report */
	r = DatumGetRating(d);

	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		bool		oldnull;
		Datum		old = heap_getattr(trigdata->tg_trigtuple,
									   cfg->rating_attnum, tupdesc, &oldnull);

		if (!oldnull && DatumGetRating(old) == r)
			return PointerGetDatum(NULL);	/* rating unchanged */
	}

	if (CSAT_RATING_VALUE(r) <= cfg->threshold)
		Async_Notify(cfg->channel, build_payload(trigdata, cfg, tuple, r));

	/* the result of an AFTER trigger is ignored */
	return PointerGetDatum(NULL);
}
