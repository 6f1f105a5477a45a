/*-------------------------------------------------------------------------
 *
 * compat.h
 *	  Every difference between the PostgreSQL versions csat builds against
 *	  (13 to 18), in one place.  No other file tests PG_VERSION_NUM.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CSAT_COMPAT_H
#define CSAT_COMPAT_H

#include "postgres.h"

/* overflow-checked integer arithmetic: included explicitly, on every version */
#include "common/int.h"
#include "utils/numeric.h"

/*
 * Functions that do not return.  PostgreSQL 18 replaced the trailing
 * pg_attribute_noreturn() with a leading pg_noreturn; before 18 the
 * attribute (a GCC/Clang __attribute__ where supported) may lead as well.
 */
#if PG_VERSION_NUM < 180000 && !defined(pg_noreturn)
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * Soft input errors.  From PostgreSQL 16 on, an input function called with
 * an ErrorSaveContext (pg_input_is_valid(), COPY ... ON_ERROR ignore) saves
 * the error and returns; before 16 there is no such context and
 * csat_errsave() raises the ERROR.
 */
#if PG_VERSION_NUM >= 160000
#include "nodes/miscnodes.h"
#define csat_errsave(escontext, ...) errsave((escontext), __VA_ARGS__)
#define csat_soft_context(ctx) ((ctx) != NULL && IsA((ctx), ErrorSaveContext))
#else
#define csat_errsave(escontext, ...) ereport(ERROR, __VA_ARGS__)
#define csat_soft_context(ctx) false
#endif

/* int64 to numeric: a direct call from 14 on, through fmgr before */
#if PG_VERSION_NUM >= 140000
#define csat_int64_numeric(v) NumericGetDatum(int64_to_numeric(v))
#else
#include "utils/builtins.h"
#define csat_int64_numeric(v) DirectFunctionCall1(int8_numeric, Int64GetDatum(v))
#endif

/*
 * MERGE (PostgreSQL 15 on): its actions' target lists, for the planner
 * rewrite of pending.c; none before 15.
 */
#if PG_VERSION_NUM >= 150000
#define csat_merge_actions(q) ((q)->mergeActionList)
#define csat_merge_action_targets(a) (((MergeAction *) (a))->targetList)
#else
#define csat_merge_actions(q) NIL
#define csat_merge_action_targets(a) ((void) (a), NIL)
#endif

/*
 * post_parse_analyze_hook's parameters: the query's JumbleState from 14 on.
 */
#if PG_VERSION_NUM >= 140000
#define CSAT_POST_PARSE_PARAMS ParseState *pstate, Query *query, JumbleState *jstate
#define CSAT_POST_PARSE_ARGS pstate, query, jstate
#else
#define CSAT_POST_PARSE_PARAMS ParseState *pstate, Query *query
#define CSAT_POST_PARSE_ARGS pstate, query
#endif

/*
 * csat's own assertions, compiled in by `make CSAT_ASSERTS=1` (the tests do)
 * against any server, asserting or not.  PostgreSQL's USE_ASSERT_CHECKING
 * must not be defined for that: it also turns on MEMORY_CONTEXT_CHECKING,
 * which changes the layout of server structs.
 */
#ifdef CSAT_ASSERTS
#define csat_assert(cond) \
	do { \
		if (unlikely(!(cond))) \
			elog(ERROR, "csat assertion failed: %s (%s:%d)", \
				 #cond, __FILE__, __LINE__); \
	} while (0)
#else
#define csat_assert(cond) ((void) true)
#endif

#endif							/* CSAT_COMPAT_H */
