/*-------------------------------------------------------------------------
 *
 * pending.c
 *	  Bare numbers sent as text ('4', '4.0') where the scale is known.
 *
 * Drivers that send untyped parameters (Rails, pgx, psqlODBC's server-side
 * prepare) and untyped literals reach satisfaction_rating_in with typmod
 * -1: PostgreSQL's coerce_type() runs input functions without the target's
 * modifier and adds the length coercion to the column's modifier after it.
 * The input function therefore returns a pending rating (csat.h): the value
 * without a scale.  Then:
 *	 - into a column with a modifier, the length coercion gives it the
 *	   column's scale (satisfaction_rating_coerce);
 *	 - compared with a rating, the operators compare values;
 *	 - output prints it as written (views and EXPLAIN show constants so);
 *	 - everything else (send, aggregates, accessors) raises the 0.3.0
 *	   error "rating "4" has no scale".
 *
 * The planner hook below closes what those functions cannot see:
 *	 - a pending rating stored into a column without a modifier (INSERT,
 *	   UPDATE, ON CONFLICT DO UPDATE, MERGE, in CTEs too): the stored
 *	   expression is wrapped in satisfaction_rating_scaled(), which raises
 *	   the error.  CREATE TABLE AS, SELECT INTO and CREATE MATERIALIZED VIEW
 *	   create such columns from their query's output: the post-parse-analysis
 *	   hook wraps that output the same way (in a materialized view's stored
 *	   query too, so REFRESH is guarded);
 *	 - index scans and hashed IN lists: a btree over ratings of several
 *	   scales is ordered by normalized position, not by value, and equality
 *	   with a bare number is not transitive (4 = 4/5 and 4 = 4/10), so it
 *	   cannot be hashed.  A bare number (a constant, or a parameter that may
 *	   hold one) compared with a side that has a modifier is resolved to
 *	   that scale (satisfaction_rating_resolve(), a constant at once); with
 *	   a side without a modifier the comparison becomes a plain function
 *	   call, which no index and no hash uses, and IN lists are expanded into
 *	   OR (ALL lists into AND).
 * COPY FROM runs the input function with the column's modifier, so only a
 * column without one sees typmod -1 there; the input function then keeps
 * the 0.3.0 error itself (csat_pending_allowed()).
 *
 *-------------------------------------------------------------------------
 */
#include "csat.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/parsenodes.h"
#include "optimizer/planner.h"
#include "parser/analyze.h"
#include "parser/parse_func.h"
#include "parser/parsetree.h"
#include "tcop/pquery.h"
#include "utils/array.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/plancache.h"
#include "utils/syscache.h"

/* the six comparison functions, in this order */
enum
{
	CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE, NUM_CMP
};

static const char *const cmp_names[NUM_CMP] = {
	"satisfaction_rating_eq", "satisfaction_rating_ne",
	"satisfaction_rating_lt", "satisfaction_rating_le",
	"satisfaction_rating_gt", "satisfaction_rating_ge"
};

/*
 * The extension's objects in this database, looked up once and again after
 * any change to pg_type or pg_proc (CREATE/ALTER/DROP EXTENSION).  ok is
 * false where csat is not installed, or installed at a version without the
 * planner support functions (the 0.3.0 SQL with this library): bare numbers
 * are then the 0.3.0 error.
 */
typedef struct CsatOids
{
	bool		looked_up;
	bool		ok;
	Oid			rating;
	Oid			cmp[NUM_CMP];
	Oid			resolve;
	Oid			scaled;
	Oid			rating_array;
	Oid			array_scaled;
	int16		typlen;
	bool		typbyval;
	char		typalign;
} CsatOids;

static CsatOids oids;
static planner_hook_type prev_planner_hook = NULL;
static post_parse_analyze_hook_type prev_post_parse_analyze_hook = NULL;

void		_PG_init(void);

static void
oids_invalidate(Datum arg, int cacheid, uint32 hashvalue)
{
	oids.looked_up = false;
}

/* the schema csat is installed in, or InvalidOid */
static Oid
csat_namespace(void)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	Oid			nsp = InvalidOid;

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber,
				F_NAMEEQ, CStringGetDatum("csat"));
	scan = systable_beginscan(rel, ExtensionNameIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
		nsp = ((Form_pg_extension) GETSTRUCT(tup))->extnamespace;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return nsp;
}

static Oid
lookup_function(const char *nspname, const char *name, int nargs, Oid *argtypes)
{
	List	   *qname = list_make2(makeString(pstrdup(nspname)),
								   makeString(pstrdup(name)));

	return LookupFuncName(qname, nargs, argtypes, true);
}

static bool
csat_oids_ok(void)
{
	Oid			nsp;
	char	   *nspname;
	Oid			args[2];
	int			i;

	if (oids.looked_up)
		return oids.ok;
	memset(&oids, 0, sizeof(oids));
	if (!IsTransactionState())
		return false;
	nsp = csat_namespace();
	nspname = OidIsValid(nsp) ? get_namespace_name(nsp) : NULL;
	if (nspname != NULL)
	{
		oids.rating = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
									  CStringGetDatum("satisfaction_rating"),
									  ObjectIdGetDatum(nsp));
		oids.ok = OidIsValid(oids.rating);
		args[0] = args[1] = oids.rating;
		for (i = 0; i < NUM_CMP && oids.ok; i++)
		{
			oids.cmp[i] = lookup_function(nspname, cmp_names[i], 2, args);
			oids.ok = OidIsValid(oids.cmp[i]);
		}
		args[1] = INT4OID;
		if (oids.ok)
			oids.resolve = lookup_function(nspname, "satisfaction_rating_resolve", 2, args);
		if (oids.ok)
			oids.scaled = lookup_function(nspname, "satisfaction_rating_scaled", 1, args);
		if (oids.ok)
			oids.rating_array = get_array_type(oids.rating);
		args[0] = oids.rating_array;
		if (oids.ok && OidIsValid(oids.rating_array))
			oids.array_scaled = lookup_function(nspname, "satisfaction_rating_scaled", 1, args);
		oids.ok = oids.ok && OidIsValid(oids.resolve) && OidIsValid(oids.scaled) &&
			OidIsValid(oids.array_scaled);
		if (oids.ok)
			get_typlenbyvalalign(oids.rating, &oids.typlen, &oids.typbyval,
								 &oids.typalign);
	}
	oids.looked_up = true;
	return oids.ok;
}

/* COPY FROM is running: it passes the column's modifier, -1 for none */
static bool
in_copy_from(void)
{
	PlannedStmt *ps;

	if (ActivePortal == NULL || ActivePortal->commandTag != CMDTAG_COPY ||
		ActivePortal->stmts == NIL)
		return false;
	ps = (PlannedStmt *) linitial(ActivePortal->stmts);
	return IsA(ps, PlannedStmt) && ps->utilityStmt != NULL &&
		IsA(ps->utilityStmt, CopyStmt) && ((CopyStmt *) ps->utilityStmt)->is_from;
}

/*
 * May satisfaction_rating_in return a pending rating?  Only where the
 * planner hook guards it: csat's SQL has the support functions, and not in
 * COPY FROM (which nothing plans).
 */
bool
csat_pending_allowed(void)
{
	return csat_oids_ok() && !in_copy_from();
}

/* ---------------------------------------------------------------------
 * The planner rewrite
 * ---------------------------------------------------------------------
 */

typedef struct RewriteContext
{
	ParamListInfo bound;
} RewriteContext;

static Node *rewrite_mutator(Node *node, RewriteContext *cxt);

static int
cmp_index(Oid funcid)
{
	int			i;

	for (i = 0; i < NUM_CMP; i++)
		if (oids.cmp[i] == funcid)
			return i;
	return -1;
}

static bool
is_pending_const(Node *node)
{
	Const	   *c = (Const *) node;

	return IsA(node, Const) && c->consttype == oids.rating && !c->constisnull &&
		CSAT_RATING_IS_PENDING(DatumGetRating(c->constvalue));
}

/*
 * Can this rating expression hold a bare number?  A pending constant, a
 * parameter, or a text-to-rating conversion; a column, a constant rating
 * and function results cannot.
 */
static bool
maybe_pending(Node *node)
{
	if (node == NULL || exprType(node) != oids.rating)
		return false;
	return is_pending_const(node) || IsA(node, Param) || IsA(node, CoerceViaIO);
}

static Node *
make_typmod_const(int32 typmod)
{
	return (Node *) makeConst(INT4OID, -1, InvalidOid, sizeof(int32),
							  Int32GetDatum(typmod), false, true);
}

static Node *
make_rating_const(uint16 r)
{
	return (Node *) makeConst(oids.rating, -1, InvalidOid, oids.typlen,
							  RatingGetDatum(r), false, oids.typbyval);
}

/* a possibly pending expression, on the scale of typmod */
static Node *
resolve_expr(Node *node, int32 typmod)
{
	if (is_pending_const(node))
		return make_rating_const(csat_rating_resolve(DatumGetRating(((Const *) node)->constvalue),
													 typmod));
	if (IsA(node, Const))
		return node;
	return (Node *) makeFuncExpr(oids.resolve, oids.rating,
								 list_make2(node, make_typmod_const(typmod)),
								 InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
}

/* a comparison as a plain function call: never an index or hash qual */
static Node *
plain_call(Oid funcid, Node *a, Node *b, Oid inputcollid, int location)
{
	FuncExpr   *f = makeFuncExpr(funcid, BOOLOID, list_make2(a, b),
								 InvalidOid, inputcollid, COERCE_EXPLICIT_CALL);

	f->location = location;
	return (Node *) f;
}

static Node *
rewrite_opexpr(OpExpr *op)
{
	Node	   *a,
			   *b;
	bool		pa,
				pb;
	int32		typmod;

	if (list_length(op->args) != 2 || cmp_index(op->opfuncid) < 0)
		return (Node *) op;
	a = linitial(op->args);
	b = lsecond(op->args);
	pa = maybe_pending(a);
	pb = maybe_pending(b);
	if (pa == pb)
		return (Node *) op;		/* no bare number, or two: nothing to index */
	typmod = exprTypmod(pa ? b : a);
	if (typmod >= 0)
	{
		if (pa)
			linitial(op->args) = resolve_expr(a, typmod);
		else
			lsecond(op->args) = resolve_expr(b, typmod);
		return (Node *) op;
	}
	return plain_call(op->opfuncid, a, b, op->inputcollid, op->location);
}

/* x = ANY (elems) as OR of plain calls, x <> ALL (elems) as AND */
static Node *
expand_saop(ScalarArrayOpExpr *s, Node *scalar, List *elems)
{
	List	   *calls = NIL;
	ListCell   *lc;

	foreach(lc, elems)
		calls = lappend(calls, plain_call(s->opfuncid, copyObject(scalar),
										  (Node *) lfirst(lc), s->inputcollid,
										  s->location));
	if (list_length(calls) == 1)
		return (Node *) linitial(calls);
	return (Node *) makeBoolExpr(s->useOr ? OR_EXPR : AND_EXPR, calls, s->location);
}

static Node *
rewrite_saop(ScalarArrayOpExpr *s)
{
	Node	   *scalar,
			   *array;
	int32		typmod;
	List	   *elems = NIL;
	bool		any_pending = false;
	ListCell   *lc;

	if (list_length(s->args) != 2 || cmp_index(s->opfuncid) < 0)
		return (Node *) s;
	scalar = linitial(s->args);
	array = lsecond(s->args);
	if (exprType(scalar) != oids.rating || maybe_pending(scalar))
		return (Node *) s;
	typmod = exprTypmod(scalar);

	if (IsA(array, Const) && !((Const *) array)->constisnull)
	{
		ArrayType  *arr = DatumGetArrayTypeP(((Const *) array)->constvalue);
		Datum	   *values;
		bool	   *nulls;
		int			n,
					i;

		if (ARR_ELEMTYPE(arr) != oids.rating)
			return (Node *) s;
		deconstruct_array(arr, oids.rating, oids.typlen, oids.typbyval,
						  oids.typalign, &values, &nulls, &n);
		for (i = 0; i < n; i++)
			if (!nulls[i] && CSAT_RATING_IS_PENDING(DatumGetRating(values[i])))
				any_pending = true;
		if (!any_pending || n == 0)
			return (Node *) s;
		if (typmod >= 0)
		{
			int			dims[1] = {n};
			int			lbs[1] = {1};

			for (i = 0; i < n; i++)
				if (!nulls[i])
					values[i] = RatingGetDatum(csat_rating_resolve(DatumGetRating(values[i]),
																   typmod));
			arr = construct_md_array(values, nulls, 1, dims, lbs, oids.rating,
									 oids.typlen, oids.typbyval, oids.typalign);
			lsecond(s->args) = makeConst(((Const *) array)->consttype, -1,
										 InvalidOid, -1, PointerGetDatum(arr),
										 false, false);
			return (Node *) s;
		}
		for (i = 0; i < n; i++)
			elems = lappend(elems, makeConst(oids.rating, -1, InvalidOid,
											 oids.typlen, values[i], nulls[i],
											 oids.typbyval));
		return expand_saop(s, scalar, elems);
	}

	if (IsA(array, ArrayExpr))
	{
		ArrayExpr  *ae = (ArrayExpr *) array;

		foreach(lc, ae->elements)
			if (maybe_pending(lfirst(lc)))
				any_pending = true;
		if (!any_pending || ae->elements == NIL)
			return (Node *) s;
		if (typmod >= 0)
		{
			foreach(lc, ae->elements)
				if (maybe_pending(lfirst(lc)))
				lfirst(lc) = resolve_expr(lfirst(lc), typmod);
			return (Node *) s;
		}
		return expand_saop(s, scalar, ae->elements);
	}
	return (Node *) s;
}

/*
 * A parameter of a custom plan that holds a bare number: its value, as
 * eval_const_expressions() would substitute it later, so that the rules
 * above see a constant.
 */
static Node *
bound_param(Param *p, RewriteContext *cxt)
{
	ParamListInfo bound = cxt->bound;
	ParamExternData prmdata;
	ParamExternData *prm;

	if (bound == NULL || p->paramkind != PARAM_EXTERN || p->paramtype != oids.rating ||
		p->paramid <= 0 || p->paramid > bound->numParams)
		return (Node *) p;
	if (bound->paramFetch != NULL)
		prm = bound->paramFetch(bound, p->paramid, true, &prmdata);
	else
		prm = &bound->params[p->paramid - 1];
	if (prm == NULL || prm->ptype != oids.rating || !(prm->pflags & PARAM_FLAG_CONST) ||
		prm->isnull || !CSAT_RATING_IS_PENDING(DatumGetRating(prm->value)))
		return (Node *) p;
	return (Node *) makeConst(oids.rating, p->paramtypmod, InvalidOid, oids.typlen,
							  prm->value, false, oids.typbyval);
}

/* a rating constant with its scale: storing it needs no check */
static bool
is_scaled_const(Expr *expr, Oid type)
{
	return type == oids.rating && IsA(expr, Const) && !is_pending_const((Node *) expr);
}

/* expr stored into a rating (or rating array) column, wrapped in its check */
static Expr *
scaled_call(Expr *expr, Oid type)
{
	return (Expr *) makeFuncExpr(type == oids.rating ? oids.scaled : oids.array_scaled,
								 type, list_make1(expr), InvalidOid,
								 InvalidOid, COERCE_EXPLICIT_CALL);
}

/*
 * Wrap what a target list of q stores into rating (or rating array) columns
 * without a modifier: the columns of relid, or with no relid the columns a
 * CREATE TABLE AS makes from the expressions' own modifiers.  A column of a
 * table read by the query holds no bare
 * number (none is ever stored), so it is left alone; the rows of a
 * multi-row VALUES list are wrapped where they are written, inside the
 * list, so that the target list keeps its plain references to the list
 * (which Citus, for one, splits by shard).
 */
static void
guard_targets(Query *q, List *tlist, Oid relid)
{
	ListCell   *lc;

	foreach(lc, tlist)
	{
		TargetEntry *te = lfirst_node(TargetEntry, lc);
		Oid			type = exprType((Node *) te->expr);
		Oid			typid;
		int32		typmod;
		Oid			collid;

		if (te->resjunk || te->resno <= 0 ||
			(type != oids.rating && type != oids.rating_array))
			continue;
		if (is_scaled_const(te->expr, type))
			continue;
		if (OidIsValid(relid))
			get_atttypetypmodcoll(relid, te->resno, &typid, &typmod, &collid);
		else
		{
			typid = type;
			typmod = exprTypmod((Node *) te->expr);
		}
		if (typid != type || typmod >= 0)
			continue;
		if (IsA(te->expr, Var) && ((Var *) te->expr)->varlevelsup == 0)
		{
			Var		   *var = (Var *) te->expr;
			RangeTblEntry *src = rt_fetch(var->varno, q->rtable);
			ListCell   *row;

			if (src->rtekind == RTE_RELATION)
				continue;
			if (src->rtekind == RTE_VALUES && var->varattno > 0)
			{
				foreach(row, src->values_lists)
				{
					ListCell   *cell = list_nth_cell((List *) lfirst(row),
													 var->varattno - 1);
					Expr	   *e = (Expr *) lfirst(cell);

					if (!is_scaled_const(e, type))
						lfirst(cell) = scaled_call(e, type);
				}
				continue;
			}
		}
		te->expr = scaled_call(te->expr, type);
	}
}

static Query *
rewrite_query(Query *q, RewriteContext *cxt)
{
	RangeTblEntry *rte;
	ListCell   *lc;

	q = query_tree_mutator(q, rewrite_mutator, cxt, 0);
	if (q->resultRelation <= 0 || q->commandType == CMD_DELETE)
		return q;
	rte = rt_fetch(q->resultRelation, q->rtable);
	if (rte->rtekind != RTE_RELATION)
		return q;
	guard_targets(q, q->targetList, rte->relid);
	if (q->onConflict != NULL)
		guard_targets(q, q->onConflict->onConflictSet, rte->relid);
	foreach(lc, csat_merge_actions(q))
		guard_targets(q, csat_merge_action_targets(lfirst(lc)), rte->relid);
	return q;
}

static Node *
rewrite_mutator(Node *node, RewriteContext *cxt)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Query))
		return (Node *) rewrite_query((Query *) node, cxt);
	if (IsA(node, Param))
		return bound_param((Param *) node, cxt);
	node = expression_tree_mutator(node, rewrite_mutator, cxt);
	if (IsA(node, OpExpr))
		return rewrite_opexpr((OpExpr *) node);
	if (IsA(node, ScalarArrayOpExpr))
		return rewrite_saop((ScalarArrayOpExpr *) node);
	return node;
}

static PlannedStmt *
csat_planner(Query *parse, const char *query_string, int cursorOptions,
			 ParamListInfo boundParams)
{
	if (csat_oids_ok())
	{
		RewriteContext cxt;

		cxt.bound = boundParams;
		parse = rewrite_query(parse, &cxt);
	}
	if (prev_planner_hook)
		return prev_planner_hook(parse, query_string, cursorOptions, boundParams);
	return standard_planner(parse, query_string, cursorOptions, boundParams);
}

/*
 * CREATE TABLE AS and SELECT INTO (a CreateTableAsStmt after parse
 * analysis, under EXPLAIN too) and CREATE MATERIALIZED VIEW: the query's
 * output becomes the new table's columns, and the view's stored query is
 * what REFRESH runs.  CREATE TABLE AS EXECUTE is not seen here.
 */
static void
guard_created_table(Node *stmt)
{
	CreateTableAsStmt *ctas;

	if (stmt != NULL && IsA(stmt, ExplainStmt))
		stmt = ((ExplainStmt *) stmt)->query;
	if (stmt != NULL && IsA(stmt, Query))
		stmt = ((Query *) stmt)->utilityStmt;
	if (stmt == NULL || !IsA(stmt, CreateTableAsStmt))
		return;
	ctas = (CreateTableAsStmt *) stmt;
	if (ctas->query != NULL && IsA(ctas->query, Query))
		guard_targets((Query *) ctas->query,
					  ((Query *) ctas->query)->targetList, InvalidOid);
	if (ctas->into->viewQuery != NULL)
		guard_targets((Query *) ctas->into->viewQuery,
					  ((Query *) ctas->into->viewQuery)->targetList, InvalidOid);
}

static void
csat_post_parse_analyze(CSAT_POST_PARSE_PARAMS)
{
	if (prev_post_parse_analyze_hook)
		prev_post_parse_analyze_hook(CSAT_POST_PARSE_ARGS);
	if (query->commandType == CMD_UTILITY && csat_oids_ok())
		guard_created_table(query->utilityStmt);
}

void
_PG_init(void)
{
	prev_planner_hook = planner_hook;
	planner_hook = csat_planner;
	prev_post_parse_analyze_hook = post_parse_analyze_hook;
	post_parse_analyze_hook = csat_post_parse_analyze;
	CacheRegisterSyscacheCallback(TYPEOID, oids_invalidate, (Datum) 0);
	CacheRegisterSyscacheCallback(PROCOID, oids_invalidate, (Datum) 0);

	/*
	 * Plans this session made before the library was loaded have no guards:
	 * have them made again.
	 */
	ResetPlanCache();
}
