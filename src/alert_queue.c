/*-------------------------------------------------------------------------
 *
 * alert_queue.c
 *	  csat_enqueue_low_rating(): the durable low-score alert.  An AFTER
 *	  INSERT OR UPDATE ... FOR EACH ROW trigger that inserts one row into
 *	  the queue table csat_alert, in the writer's transaction, for every
 *	  rating at or below a threshold.
 *
 *	CREATE TRIGGER tickets_low_csat
 *		AFTER INSERT OR UPDATE ON tickets
 *		FOR EACH ROW
 *		EXECUTE FUNCTION csat_enqueue_low_rating('csat', '2', 'id');
 *
 * Arguments: the rating column, the threshold (on the rating's own scale,
 * checked against the column's type modifier), optionally the key column
 * (default: the first column) and a NOTIFY channel.  Without a channel the
 * trigger sends nothing, so PREPARE TRANSACTION (and so Citus multi-shard
 * writes) commit; with one it also sends NOTIFY channel, '<alert_id>' as a
 * wake-up for a forwarder, which two-phase commit forbids.
 *
 * The queue belongs to the extension's owner: the row is inserted as the
 * owner of csat_alert (like the referential-integrity triggers act as the
 * referenced table's owner), so writers of a table need no privilege on
 * the queue, and nothing but this trigger inserts on their behalf.
 *
 * One answer gives one alert.  An UPDATE that moves a row to another
 * partition reaches the destination partition's triggers as an INSERT (and
 * the source's as a DELETE).  For an INSERT on a partition the trigger
 * therefore looks for the row's previous version: a row of the partitioned
 * table with the same key, in another partition, still visible to the
 * statement's snapshot (only rows deleted by the current command are), and
 * whose tuple header says it was moved (its t_ctid carries the moved-
 * partitions mark) by an update of this transaction (its update xid, read
 * through a MultiXact when the row had been locked before, is current).  A
 * lock alone (FOR UPDATE, an FK check's KEY SHARE) is never taken for a
 * move.  Found with the same rating: a move, nothing to report.  Found with
 * another rating: a changed answer, reported once with "op":"UPDATE".  The
 * statement that lists the candidates is prepared once per session.
 *
 *-------------------------------------------------------------------------
 */
#include "csat.h"

#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_class.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_type.h"
#include "commands/async.h"
#include "commands/sequence.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "storage/bufmgr.h"
#include "executor/tuptable.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#define ENQUEUE_FNAME	"csat_enqueue_low_rating"

/* per trigger, cached with its CsatAlertConfig for one statement */
typedef struct QueueTarget
{
	char	   *table;			/* the table users write: the partition root */
	Oid			root_relid;		/* InvalidOid unless a partition */
	Oid			root_owner;
	char	   *moved_query;	/* NULL: moves cannot be detected */
	int			ncols;			/* columns of r.* in moved_query's result */
	AttrNumber *part_attnums;	/* each one's attnum in this partition, or 0 */
	int			rating_col;		/* the rating's index among them */
} QueueTarget;

/*
 * The statements that find a moved row's previous version, prepared once
 * per session and trigger (SPI_keepplan), keyed by the trigger's OID; a
 * trigger whose query text changed (a column renamed) is prepared again.
 */
typedef struct MovedPlan
{
	Oid			tgoid;			/* hash key */
	char	   *query;			/* in TopMemoryContext */
	SPIPlanPtr	plan;
} MovedPlan;

static HTAB *moved_plans = NULL;

/*
 * Previous versions already matched to a moved row in this statement
 * (identified by the top transaction and the statement's command id), so
 * that two moved rows with the same key never claim the same old row.
 */
typedef struct MatchedRow
{
	Oid			relid;
	ItemPointerData tid;
} MatchedRow;

static List *matched_rows = NIL;	/* of MatchedRow, in TopTransactionContext */
static TransactionId matched_xid = InvalidTransactionId;
static CommandId matched_cid = InvalidCommandId;

/* the queue of the extension's schema, looked up once per backend */
static Oid	queue_nsp = InvalidOid;
static Oid	queue_relid = InvalidOid;
static Oid	queue_seqid = InvalidOid;
static Oid	identity_relid = InvalidOid;
static SPIPlanPtr insert_plan = NULL;

static Oid
rel_owner(Oid relid)
{
	HeapTuple	tp = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tp))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tp))->relowner;
	ReleaseSysCache(tp);
	return owner;
}

static Oid
operator_namespace(Oid opoid)
{
	HeapTuple	tp = SearchSysCache1(OPEROID, ObjectIdGetDatum(opoid));
	Oid			nsp;

	if (!HeapTupleIsValid(tp))
		elog(ERROR, "cache lookup failed for operator %u", opoid);
	nsp = ((Form_pg_operator) GETSTRUCT(tp))->oprnamespace;
	ReleaseSysCache(tp);
	return nsp;
}

static char *
qualified_relname(Oid relid)
{
	return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
									  get_rel_name(relid));
}

/* find csat_alert, its sequence and the identity in the schema of this function */
static void
lookup_queue(Oid fn_oid)
{
	Oid			nsp = get_func_namespace(fn_oid);

	/* cached, unless the extension was updated to 0.4.0 since */
	if (nsp == queue_nsp && OidIsValid(queue_relid) &&
		get_rel_namespace(queue_relid) == nsp &&
		(OidIsValid(identity_relid) ||
		 !OidIsValid(get_relname_relid("csat_database", nsp))))
		return;
	queue_relid = get_relname_relid("csat_alert", nsp);
	queue_seqid = get_relname_relid("csat_alert_alert_id_seq", nsp);
	/* none before 0.4.0: the .so is new, the extension not yet updated */
	identity_relid = get_relname_relid("csat_database", nsp);
	if (!OidIsValid(queue_relid) || !OidIsValid(queue_seqid))
		ereport(ERROR,
				errcode(ERRCODE_UNDEFINED_TABLE),
				errmsg("the alert queue csat_alert does not exist in schema \"%s\"",
					   OidIsValid(nsp) ? get_namespace_name(nsp) : "?"),
				errhint("Update the extension: ALTER EXTENSION csat UPDATE."));
	queue_nsp = nsp;
	if (insert_plan != NULL)
	{
		SPI_freeplan(insert_plan);
		insert_plan = NULL;
	}
}

/*
 * For a partition: the query that lists the rows of the partitioned table
 * with the new row's key in other partitions (see the header comment), and
 * where each of their columns is in this partition; moved_query stays NULL
 * when the key type has no default equality operator.
 */
static void
init_target(QueueTarget *t, TriggerData *trigdata, const CsatAlertConfig *cfg,
			MemoryContext mcxt)
{
	Relation	rel = trigdata->tg_relation;
	TupleDesc	tupdesc = RelationGetDescr(rel);
	MemoryContext old = MemoryContextSwitchTo(mcxt);

	if (rel->rd_rel->relispartition)
	{
		List	   *ancestors = get_partition_ancestors(RelationGetRelid(rel));
		TypeCacheEntry *tce = lookup_type_cache(cfg->key_typid,
												TYPECACHE_EQ_OPR);

		t->root_relid = llast_oid(ancestors);
		t->root_owner = rel_owner(t->root_relid);
		t->table = qualified_relname(t->root_relid);
		if (OidIsValid(tce->eq_opr))
		{
			char	   *opnsp = get_namespace_name(operator_namespace(tce->eq_opr));
			Relation	root = table_open(t->root_relid, AccessShareLock);
			TupleDesc	rootdesc = RelationGetDescr(root);

			t->moved_query =
				psprintf("SELECT r.tableoid, r.ctid, r.* FROM %s r WHERE r.%s OPERATOR(%s.=) $1"
						 " AND r.tableoid OPERATOR(pg_catalog.<>) $2",
						 t->table,
						 quote_identifier(NameStr(TupleDescAttr(tupdesc, cfg->key_attnum - 1)->attname)),
						 quote_identifier(opnsp));
			t->part_attnums = palloc0(sizeof(AttrNumber) * rootdesc->natts);
			for (int i = 0; i < rootdesc->natts; i++)
			{
				Form_pg_attribute att = TupleDescAttr(rootdesc, i);

				if (att->attisdropped)
					continue;
				t->part_attnums[t->ncols] =
					get_attnum(RelationGetRelid(rel), NameStr(att->attname));
				if (t->part_attnums[t->ncols] == cfg->rating_attnum)
					t->rating_col = t->ncols;
				t->ncols++;
			}
			table_close(root, AccessShareLock);
		}
	}
	else
		t->table = qualified_relname(RelationGetRelid(rel));
	MemoryContextSwitchTo(old);
}

/* the session's prepared plan of a trigger's moved_query */
static SPIPlanPtr
moved_plan(Oid tgoid, const QueueTarget *t, Oid key_typid)
{
	MovedPlan  *entry;
	bool		found;

	if (moved_plans == NULL)
	{
		HASHCTL		ctl;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(Oid);
		ctl.entrysize = sizeof(MovedPlan);
		moved_plans = hash_create("csat moved-row plans", 16, &ctl,
								  HASH_ELEM | HASH_BLOBS);
	}
	entry = hash_search(moved_plans, &tgoid, HASH_ENTER, &found);
	if (found && strcmp(entry->query, t->moved_query) != 0)
	{
		SPI_freeplan(entry->plan);
		pfree(entry->query);
		found = false;
	}
	if (!found)
	{
		Oid			types[2] = {key_typid, OIDOID};
		SPIPlanPtr	plan;

		entry->plan = NULL;
		entry->query = NULL;
		plan = SPI_prepare(t->moved_query, 2, types);
		if (plan == NULL)
		{
			hash_search(moved_plans, &tgoid, HASH_REMOVE, NULL);
			elog(ERROR, "SPI_prepare failed for \"%s\": %s", t->moved_query,
				 SPI_result_code_string(SPI_result));
		}
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "SPI_keepplan failed");
		entry->plan = plan;
		entry->query = MemoryContextStrdup(TopMemoryContext, t->moved_query);
	}
	return entry->plan;
}

/*
 * Was this version of a row deleted by a move to another partition, by the
 * current transaction (or one of its subtransactions)?  Read from the
 * tuple's header: a move marks the old version's t_ctid, and its update xid
 * is the updater's, also when the row had been locked before (FOR UPDATE,
 * an FK check's KEY SHARE) and xmax is a MultiXact.  A lock alone is never
 * a move.  Partitions of other table access methods: never a move.
 */
static bool
moved_by_us(Oid relid, ItemPointer tid)
{
	Relation	rel = table_open(relid, AccessShareLock);
	TupleTableSlot *slot = table_slot_create(rel, NULL);
	bool		moved = false;

	if (table_tuple_fetch_row_version(rel, tid, SnapshotAny, slot) &&
		TTS_IS_BUFFERTUPLE(slot))
	{
		BufferHeapTupleTableSlot *bslot = (BufferHeapTupleTableSlot *) slot;
		HeapTupleHeader h = bslot->base.tuple->t_data;

		LockBuffer(bslot->buffer, BUFFER_LOCK_SHARE);
		if (!(h->t_infomask & HEAP_XMAX_INVALID) &&
			!HEAP_XMAX_IS_LOCKED_ONLY(h->t_infomask) &&
			HeapTupleHeaderIndicatesMovedPartitions(h))
			moved = TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetUpdateXid(h));
		LockBuffer(bslot->buffer, BUFFER_LOCK_UNLOCK);
	}
	ExecDropSingleTupleTableSlot(slot);
	table_close(rel, AccessShareLock);
	return moved;
}

static bool
already_matched(Oid relid, ItemPointer tid)
{
	ListCell   *lc;

	foreach(lc, matched_rows)
	{
		MatchedRow *m = (MatchedRow *) lfirst(lc);

		if (m->relid == relid && ItemPointerEquals(&m->tid, tid))
			return true;
	}
	return false;
}

static void
remember_match(Oid relid, ItemPointer tid)
{
	MemoryContext old = MemoryContextSwitchTo(TopTransactionContext);
	MatchedRow *m = palloc(sizeof(MatchedRow));

	m->relid = relid;
	ItemPointerCopy(tid, &m->tid);
	matched_rows = lappend(matched_rows, m);
	MemoryContextSwitchTo(old);
}

typedef enum
{
	NOT_MOVED,
	MOVED_SAME_RATING,
	MOVED_NEW_RATING
} MoveKind;

/*
 * Is this INSERT on a partition the second half of a row movement?  The
 * candidates are the rows of the partitioned table with the same key in
 * other partitions that the statement's snapshot still sees (rows deleted
 * by the current command are visible in it, rows it inserted are not),
 * deleted by a move of this transaction, and not yet matched to another
 * moved row of this statement.  With a key that is not unique several may
 * qualify: the one most like the new row (most columns equal besides the
 * rating) is its previous version, and among equals one with the same
 * rating.
 */
static MoveKind
moved_row(TriggerData *trigdata, const CsatAlertConfig *cfg,
		  const QueueTarget *t, uint16 r)
{
	TupleDesc	tupdesc = RelationGetDescr(trigdata->tg_relation);
	HeapTuple	newtup = trigdata->tg_trigtuple;
	Snapshot	snap;
	Datum		values[2];
	bool		keynull;
	MoveKind	kind = NOT_MOVED;
	SPIPlanPtr	plan;
	Oid			save_userid;
	int			save_sec_context;
	int			best_score = -1;
	Oid			best_relid = InvalidOid;
	ItemPointerData best_tid;

	if (t->moved_query == NULL || !ActiveSnapshotSet())
		return NOT_MOVED;
	values[0] = heap_getattr(newtup, cfg->key_attnum, tupdesc, &keynull);
	if (keynull)
		return NOT_MOVED;		/* no key: no way to tell */
	values[1] = ObjectIdGetDatum(RelationGetRelid(trigdata->tg_relation));
	snap = GetActiveSnapshot();

	/* a new statement: forget the previous one's matches */
	if (matched_xid != GetTopTransactionId() || matched_cid != snap->curcid)
	{
		matched_rows = NIL;		/* freed with its transaction's context */
		matched_xid = GetTopTransactionId();
		matched_cid = snap->curcid;
	}

	/* read the partitioned table as its owner, whoever writes it */
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(t->root_owner,
						   save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	plan = moved_plan(trigdata->tg_trigger->tgoid, t, cfg->key_typid);

	/* the statement's own snapshot, read-only */
	if (SPI_execute_snapshot(plan, values, NULL, snap,
							 InvalidSnapshot, true, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_snapshot failed for \"%s\"", t->moved_query);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	old = SPI_tuptable->vals[i];
		TupleDesc	olddesc = SPI_tuptable->tupdesc;
		bool		isnull;
		Oid			relid;
		ItemPointer tid;
		Datum		d;
		int			score = 0;

		relid = DatumGetObjectId(SPI_getbinval(old, olddesc, 1, &isnull));
		tid = (ItemPointer) DatumGetPointer(SPI_getbinval(old, olddesc, 2, &isnull));
		if (already_matched(relid, tid) || !moved_by_us(relid, tid))
			continue;

		/* likeness: columns equal besides the rating, then the same rating */
		for (int c = 0; c < t->ncols; c++)
		{
			AttrNumber attnum = t->part_attnums[c];
			Form_pg_attribute att;
			bool		oldnull,
						newnull;
			Datum		o,
						n;

			if (attnum <= 0 || attnum == cfg->rating_attnum)
				continue;
			att = TupleDescAttr(tupdesc, attnum - 1);
			o = SPI_getbinval(old, olddesc, c + 3, &oldnull);
			n = heap_getattr(newtup, attnum, tupdesc, &newnull);
			if (oldnull || newnull ? oldnull == newnull :
				datumIsEqual(o, n, att->attbyval, att->attlen))
				score += 2;
		}
		d = SPI_getbinval(old, olddesc, t->rating_col + 3, &isnull);
		if (!isnull && csat_alert_same_rating(cfg, d, r))
			score += 1;
		if (score > best_score)
		{
			best_score = score;
			best_relid = relid;
			ItemPointerCopy(tid, &best_tid);
			kind = (score % 2 == 1) ? MOVED_SAME_RATING : MOVED_NEW_RATING;
		}
	}
	if (OidIsValid(best_relid))
		remember_match(best_relid, &best_tid);
	SPI_finish();
	SetUserIdAndSecContext(save_userid, save_sec_context);
	return kind;
}

/* insert the alert as the queue's owner; returns its alert_id */
static int64
enqueue(TriggerData *trigdata, const CsatAlertConfig *cfg,
		const QueueTarget *t, HeapTuple tuple, uint16 r, const char *op)
{
	TupleDesc	tupdesc = RelationGetDescr(trigdata->tg_relation);
	Oid			save_userid;
	int			save_sec_context;
	int64		alert_id;
	StringInfoData payload;
	Datum		values[6];
	char		nulls[6] = {' ', ' ', ' ', ' ', ' ', ' '};
	Datum		key;
	bool		keynull;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(rel_owner(queue_relid),
						   save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);

	alert_id = nextval_internal(queue_seqid, false);
	initStringInfo(&payload);
	csat_alert_payload(&payload, trigdata, cfg, tuple, r, t->table, op,
					   alert_id);

	values[0] = Int64GetDatum(alert_id);
	values[1] = CStringGetTextDatum(t->table);
	values[2] = CStringGetTextDatum(NameStr(TupleDescAttr(tupdesc, cfg->rating_attnum - 1)->attname));
	key = heap_getattr(tuple, cfg->key_attnum, tupdesc, &keynull);
	if (keynull)
	{
		values[3] = (Datum) 0;
		nulls[3] = 'n';
	}
	else
		values[3] = CStringGetTextDatum(OidOutputFunctionCall(cfg->key_typoutput, key));
	values[4] = RatingGetDatum(r);
	values[5] = DirectFunctionCall1(jsonb_in, CStringGetDatum(payload.data));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (insert_plan == NULL)
	{
		Oid			types[6] = {INT8OID, TEXTOID, TEXTOID, TEXTOID,
		InvalidOid, JSONBOID};
		char	   *sql;
		SPIPlanPtr	plan;

		/* the extension's satisfaction_rating, found by csat_alert_parse() */
		types[4] = cfg->rating_typoid;
		/*
		 * The Idempotency-Key names the database's identity: a missing
		 * identity row makes it NULL, and the insert fails (NOT NULL) rather
		 * than queue an alert with a key another database could send.  A
		 * 0.3.0 queue (the library updated, the extension not yet) has no
		 * key column: its forwarder sends csat-alert-<alert_id>.
		 */
		if (OidIsValid(identity_relid))
			sql = psprintf("INSERT INTO %s (alert_id, relation, column_name, key, rating, payload, idempotency_key)"
						   " VALUES ($1, $2, $3, $4, $5, $6,"
						   " 'csat-alert-' OPERATOR(pg_catalog.||)"
						   " (SELECT d.database_id FROM %s d)::pg_catalog.text"
						   " OPERATOR(pg_catalog.||) '-' OPERATOR(pg_catalog.||) $1::pg_catalog.text)",
						   qualified_relname(queue_relid),
						   qualified_relname(identity_relid));
		else
			sql = psprintf("INSERT INTO %s (alert_id, relation, column_name, key, rating, payload)"
						   " VALUES ($1, $2, $3, $4, $5, $6)",
						   qualified_relname(queue_relid));
		plan = SPI_prepare(sql, 6, types);
		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed for \"%s\": %s", sql,
				 SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "SPI_keepplan failed");
		insert_plan = plan;
	}
	if (SPI_execute_plan(insert_plan, values, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not insert into the alert queue");
	SPI_finish();

	SetUserIdAndSecContext(save_userid, save_sec_context);
	return alert_id;
}

PG_FUNCTION_INFO_V1(csat_enqueue_low_rating);

/*
 * csat_enqueue_low_rating(): AFTER INSERT OR UPDATE ... FOR EACH ROW trigger.
 */
Datum
csat_enqueue_low_rating(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	CsatAlertConfig *cfg;
	QueueTarget *t;
	HeapTuple	tuple;
	const char *op;
	int64		alert_id;
	uint16		r;

	csat_alert_check_call(fcinfo, ENQUEUE_FNAME);

	/* parse the arguments once per trigger and statement */
	cfg = (CsatAlertConfig *) fcinfo->flinfo->fn_extra;
	if (cfg == NULL || cfg->tgoid != trigdata->tg_trigger->tgoid)
	{
		Trigger    *tg = trigdata->tg_trigger;
		CsatAlertArgs args = {0};

		if (tg->tgnargs < 2 || tg->tgnargs > 4)
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("trigger \"%s\" passes %d arguments to " ENQUEUE_FNAME "(); it takes 2 to 4",
						   tg->tgname, tg->tgnargs),
					errhint("Use " ENQUEUE_FNAME "('rating_column', 'threshold' [, 'key_column' [, 'channel']])."));
		args.fname = ENQUEUE_FNAME;
		args.column = tg->tgargs[0];
		args.threshold = tg->tgargs[1];
		args.key_column = tg->tgnargs >= 3 ? tg->tgargs[2] : NULL;
		args.channel = tg->tgnargs == 4 ? tg->tgargs[3] : NULL;
		cfg = csat_alert_parse(fcinfo, trigdata, &args);
		t = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(QueueTarget));
		init_target(t, trigdata, cfg, fcinfo->flinfo->fn_mcxt);
		cfg->extra = t;
		fcinfo->flinfo->fn_extra = cfg;
	}
	t = (QueueTarget *) cfg->extra;

	if (!csat_alert_rating(trigdata, cfg, &r))
		return PointerGetDatum(NULL);

	op = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ? "UPDATE" : "INSERT";
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) &&
		OidIsValid(t->root_relid))
	{
		switch (moved_row(trigdata, cfg, t, r))
		{
			case MOVED_SAME_RATING:
				return PointerGetDatum(NULL);	/* the same answer, moved */
			case MOVED_NEW_RATING:
				op = "UPDATE";
				break;
			case NOT_MOVED:
				break;
		}
	}

	lookup_queue(fcinfo->flinfo->fn_oid);
	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;
	alert_id = enqueue(trigdata, cfg, t, tuple, r, op);

	if (cfg->channel != NULL)
	{
		char		idtext[32];

		snprintf(idtext, sizeof(idtext), INT64_FORMAT, alert_id);
		Async_Notify(cfg->channel, idtext);
	}

	/* the result of an AFTER trigger is ignored */
	return PointerGetDatum(NULL);
}

PG_FUNCTION_INFO_V1(csat_alert_claim_limit);

/*
 * csat_alert_claim_limit(max_alerts, lease): the argument checks of
 * csat_alert_claim() (a SQL function, which cannot raise errors itself);
 * returns max_alerts, its LIMIT.
 */
Datum
csat_alert_claim_limit(PG_FUNCTION_ARGS)
{
	int32		max_alerts = PG_GETARG_INT32(0);
	Interval   *lease = PG_GETARG_INTERVAL_P(1);
	Interval   *zero = palloc0(sizeof(Interval));
	Interval   *day = palloc0(sizeof(Interval));

	if (max_alerts < 1)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("max_alerts %d is not positive", max_alerts),
				errhint("Claim at least one alert: csat_alert_claim(100)."));
	if (!DatumGetBool(DirectFunctionCall2(interval_gt, IntervalPGetDatum(lease),
										  IntervalPGetDatum(zero))))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("lease \"%s\" is not positive",
					   DatumGetCString(DirectFunctionCall1(interval_out,
														   IntervalPGetDatum(lease)))),
				errhint("A claim not acknowledged within the lease is handed out again: csat_alert_claim(100, '1 minute')."));
	day->day = 1;
	if (DatumGetBool(DirectFunctionCall2(interval_gt, IntervalPGetDatum(lease),
										 IntervalPGetDatum(day))))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("lease \"%s\" is longer than 1 day",
					   DatumGetCString(DirectFunctionCall1(interval_out,
														   IntervalPGetDatum(lease)))),
				errhint("A lease is at most 1 day, so that a consumer that stopped cannot hide an alert for long: csat_alert_claim(100, '1 minute')."));
	PG_RETURN_INT32(max_alerts);
}

PG_FUNCTION_INFO_V1(csat_database_replace);

/*
 * csat_database_replace(): BEFORE INSERT ... FOR EACH ROW trigger of
 * csat_database.  The row inserted replaces the one there: a restore runs
 * CREATE EXTENSION (a new identity) and then copies the dumped identity in,
 * which must win, so that Idempotency-Keys keep naming the same database.
 */
Datum
csat_database_replace(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	char	   *sql;

	if (!CALLED_AS_TRIGGER(fcinfo) ||
		!TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		ereport(ERROR,
				errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				errmsg("csat_database_replace() must be fired BEFORE INSERT FOR EACH ROW"),
				errhint("It is the trigger of csat_database only."));
	rel = trigdata->tg_relation;
	sql = psprintf("DELETE FROM %s", qualified_relname(RelationGetRelid(rel)));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute(sql, false, 0) != SPI_OK_DELETE)
		elog(ERROR, "SPI_execute failed for \"%s\"", sql);
	SPI_finish();
	return PointerGetDatum(trigdata->tg_trigtuple);
}
