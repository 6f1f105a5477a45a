/*-------------------------------------------------------------------------
 *
 * rating.c
 *	  The satisfaction_rating type: a survey answer with its scale, stored
 *	  in 2 bytes and passed by value.
 *
 *-------------------------------------------------------------------------
 */
#include "csat.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/numeric.h"
#include "utils/sortsupport.h"

PG_MODULE_MAGIC;

#ifdef CSAT_ASSERTS
/* a mark the benchmark scripts look for: this build checks csat_assert()s */
PGDLLEXPORT const int csat_assertions_enabled = 1;
#endif

static int
csat_sqlstate(CsatErrKind kind)
{
	switch (kind)
	{
		case CSAT_ERR_SYNTAX:
			return ERRCODE_INVALID_TEXT_REPRESENTATION;
		case CSAT_ERR_RANGE:
			return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
		case CSAT_ERR_MISMATCH:
			return ERRCODE_DATATYPE_MISMATCH;
		case CSAT_ERR_PARAM:
		case CSAT_OK:
			break;
	}
	return ERRCODE_INVALID_PARAMETER_VALUE;
}

/* Raise a CsatError from the PostgreSQL-free core as an ERROR. */
void
csat_raise(const CsatError *err)
{
	ereport(ERROR,
			errcode(csat_sqlstate(err->kind)),
			errmsg_internal("%s", err->msg),
			err->hint[0] ? errhint("%s", err->hint) : 0);
	pg_unreachable();
}

/*
 * Report a CsatError softly where the caller supports it (input functions
 * called with an ErrorSaveContext, PostgreSQL 16+), else as an ERROR.  The
 * caller returns after it.
 */
void
csat_raise_soft(const CsatError *err, Node *escontext)
{
	csat_errsave(escontext,
				 errcode(csat_sqlstate(err->kind)),
				 errmsg_internal("%s", err->msg),
				 err->hint[0] ? errhint("%s", err->hint) : 0);
}

/*
 * The type modifier of a column with a scale.  0.4.0 makes it 0x100 | the
 * packed scale byte (257..410): psqlODBC sizes a type it does not know as
 * atttypmod - 4 characters, and the bare scale byte of 0.1.0-0.3.0 made
 * that 6 for satisfaction_rating(0,10) and 1 for (0,5), so BI tools cut
 * '10/0-10' and '3/0-5' short.  Columns made before keep the bare byte
 * (pg_upgrade copies pg_attribute's value): both read as the same scale.
 */
#define RATING_TYPMOD_FLAG	0x100

/*
 * A typmod (-1, or either encoding of a scale) as a scale byte, 0 for none.
 * Never raises: csat_typmod_scale_byte() is also what the alert trigger reads
 * a column's scale with.
 */
uint8
csat_typmod_scale_byte(int32 typmod)
{
	if (typmod < 0)
		return 0;
	if ((typmod & ~0xFF) == RATING_TYPMOD_FLAG)
		typmod &= 0xFF;
	if (typmod > 0xFF || !csat_scale_byte_valid((unsigned) typmod))
		return 0;
	return (uint8) typmod;
}

/*
 * A typmod as a scale byte, 0 for none.  The typmod arrives from SQL callers
 * of the I/O and cast functions too, so it is checked, never trusted.
 */
static uint8
typmod_scale(int32 typmod)
{
	uint8		scale = csat_typmod_scale_byte(typmod);

	if (typmod >= 0 && scale == 0)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("invalid type modifier %d for satisfaction_rating", typmod),
				errhint("A satisfaction_rating type modifier is a scale: (hi) or (lo,hi) with 0 <= lo < hi <= 10."));
	return scale;
}

static void
check_rating_typmod(uint16 r, int32 typmod)
{
	char		buf[16];
	char		sc[8];
	uint8		scale = typmod_scale(typmod);

	if (scale == 0 || CSAT_RATING_SCALE(r) == scale)
		return;
	csat_rating_format(r, buf);
	csat_scale_format(scale, sc);
	ereport(ERROR,
			errcode(ERRCODE_DATATYPE_MISMATCH),
			errmsg("rating %s is not on the scale %s of satisfaction_rating(%d,%d)",
				   buf, sc, CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale)),
			errhint("Ratings are never rescaled; convert the value explicitly with rating(value, lo, hi)."));
}

/* ---------------------------------------------------------------------
 * I/O
 * ---------------------------------------------------------------------
 */

/* the error of a pending rating reaching a function that needs its scale */
void
csat_pending_error(uint16 r)
{
	int			v = CSAT_RATING_VALUE(r);
	bool		on_5 = v >= 1 && v <= 5;	/* else the example is on 0..10 */

	ereport(ERROR,
			errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			errmsg("rating \"%d\" has no scale", v),
			errhint("Give the scale with the value, for example '%d/%s' for %d on %s, or store it into a column declared with a scale, such as satisfaction_rating(1,5).",
					v, on_5 ? "5" : "0-10", v, on_5 ? "1..5" : "0..10"));
	pg_unreachable();
}

/*
 * Input.  With a type modifier, a bare number is a rating on its scale.
 * Without one (typmod -1: an untyped literal or parameter), a bare number
 * that can be a rating value becomes a pending rating (see csat.h), which
 * the length coercion to a column's scale resolves; COPY FROM into a column
 * without a modifier keeps the 0.3.0 error, since nothing would resolve it.
 */
PG_FUNCTION_INFO_V1(satisfaction_rating_in);
Datum
satisfaction_rating_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int32		typmod = PG_NARGS() > 2 ? PG_GETARG_INT32(2) : -1;
	uint8		scale = typmod_scale(typmod);
	uint16		r;
	int			v;
	CsatError	err;

	if (scale == 0)
	{
		switch (csat_rating_bare(str, &v, &err))
		{
			case -1:
				csat_raise_soft(&err, fcinfo->context);
				PG_RETURN_NULL();
			case 1:

				/*
				 * Not for a caller checking text softly (pg_input_is_valid,
				 * COPY ... ON_ERROR): it asks whether this is a rating.
				 */
				if (!csat_soft_context(fcinfo->context) && csat_pending_allowed())
					PG_RETURN_RATING(CSAT_PENDING(v));
				break;
			default:
				break;
		}
	}
	if (!csat_rating_parse(str, scale, &r, &err))
	{
		csat_raise_soft(&err, fcinfo->context);
		PG_RETURN_NULL();
	}
	PG_RETURN_RATING(r);
}

PG_FUNCTION_INFO_V1(satisfaction_rating_out);
Datum
satisfaction_rating_out(PG_FUNCTION_ARGS)
{
	uint16		r = PG_GETARG_RATING_OR_PENDING(0);
	char	   *buf = palloc(16);

	/*
	 * A bare number prints as it was written (whole): views and EXPLAIN
	 * print constants through here, and the text reads back as the same
	 * bare number.  It is never stored: see pending.c.
	 */
	if (CSAT_RATING_IS_PENDING(r))
		snprintf(buf, 16, "%d", CSAT_RATING_VALUE(r));
	else
		csat_rating_format(r, buf);
	PG_RETURN_CSTRING(buf);
}

/*
 * Binary form: two bytes, the value then the packed scale (lo << 4 | hi).
 * Validated exactly as the text form is, type modifier included.
 */
PG_FUNCTION_INFO_V1(satisfaction_rating_recv);
Datum
satisfaction_rating_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		typmod = PG_NARGS() > 2 ? PG_GETARG_INT32(2) : -1;
	int			len = buf->len - buf->cursor;
	int			v,
				scale;

	if (len != 2)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				errmsg("invalid binary satisfaction_rating: %d bytes, expected 2", len),
				errhint("The binary form is the value byte followed by the scale byte (lo << 4 | hi)."));
	v = pq_getmsgbyte(buf);
	scale = pq_getmsgbyte(buf);
	if (!csat_scale_byte_valid(scale))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				errmsg("invalid binary satisfaction_rating: scale byte 0x%02x is not a scale lo-hi with 0 <= lo < hi <= 10",
					   scale));
	if (v < CSAT_SCALE_LO(scale) || v > CSAT_SCALE_HI(scale))
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("rating value %d is out of range for scale %d-%d",
					   v, CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale)));
	check_rating_typmod(CSAT_RATING(scale, v), typmod);
	PG_RETURN_RATING(CSAT_RATING(scale, v));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_send);
Datum
satisfaction_rating_send(PG_FUNCTION_ARGS)
{
	uint16		r = PG_GETARG_RATING(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, CSAT_RATING_VALUE(r));
	pq_sendbyte(&buf, CSAT_RATING_SCALE(r));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------------------------------------------------------------------
 * Type modifier: satisfaction_rating(hi) is 1..hi, (lo,hi) is lo..hi.
 * The typmod is the packed scale byte.
 * ---------------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(satisfaction_rating_typmod_in);
Datum
satisfaction_rating_typmod_in(PG_FUNCTION_ARGS)
{
	ArrayType  *ta = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	bool	   *nulls;
	const char *items[2];
	int			n,
				i;
	uint8		scale;
	CsatError	err;

	if (ARR_NDIM(ta) > 1)
		ereport(ERROR,
				errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				errmsg("type modifier array must be one-dimensional"));
	deconstruct_array(ta, CSTRINGOID, -2, false, 'c', &elems, &nulls, &n);
	for (i = 0; i < n; i++)
		if (nulls[i])
			ereport(ERROR,
					errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					errmsg("type modifier array must not contain nulls"));
	for (i = 0; i < n && i < 2; i++)
		items[i] = DatumGetCString(elems[i]);
	if (!csat_typmod_parse(items, n, &scale, &err))
		csat_raise(&err);
	PG_RETURN_INT32(RATING_TYPMOD_FLAG | scale);
}

/*
 * "(H)" for 1..H, "('L-H')" otherwise (see csat_typmod_format): never two
 * comma-separated numbers, which SQLAlchemy cannot reflect.
 */
PG_FUNCTION_INFO_V1(satisfaction_rating_typmod_out);
Datum
satisfaction_rating_typmod_out(PG_FUNCTION_ARGS)
{
	int32		typmod = PG_GETARG_INT32(0);
	char	   *buf;

	if (typmod < 0)
		PG_RETURN_CSTRING(pstrdup(""));
	buf = palloc(16);
	csat_typmod_format(typmod_scale(typmod), buf);
	PG_RETURN_CSTRING(buf);
}

/*
 * A pending rating on the scale of typmod (range-checked, never clamped);
 * any other rating unchanged.
 */
uint16
csat_rating_resolve(uint16 r, int32 typmod)
{
	uint8		scale;
	int			v = CSAT_RATING_VALUE(r);

	if (!CSAT_RATING_IS_PENDING(r))
		return r;
	scale = typmod_scale(typmod);
	if (scale == 0)
		csat_pending_error(r);
	if (v < CSAT_SCALE_LO(scale) || v > CSAT_SCALE_HI(scale))
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("rating value %d is out of range for scale %d-%d",
					   v, CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale)));
	return CSAT_RATING(scale, v);
}

/*
 * Length-coercion cast: enforce a column's scale, never rescale.  A pending
 * rating (a bare number) takes the column's scale here.
 */
PG_FUNCTION_INFO_V1(satisfaction_rating_coerce);
Datum
satisfaction_rating_coerce(PG_FUNCTION_ARGS)
{
	int32		typmod = PG_GETARG_INT32(1);
	uint16		r = csat_rating_resolve(PG_GETARG_RATING_OR_PENDING(0), typmod);

	check_rating_typmod(r, typmod);
	PG_RETURN_RATING(r);
}

/*
 * Planner support (pending.c): a bare number compared with a column that
 * has a scale takes that scale; a rating passes unchanged.
 */
PG_FUNCTION_INFO_V1(satisfaction_rating_resolve);
Datum
satisfaction_rating_resolve(PG_FUNCTION_ARGS)
{
	PG_RETURN_RATING(csat_rating_resolve(PG_GETARG_RATING_OR_PENDING(0),
										 PG_GETARG_INT32(1)));
}

/*
 * Planner support (pending.c): what is stored into a column without a
 * scale must have one.
 */
PG_FUNCTION_INFO_V1(satisfaction_rating_scaled);
Datum
satisfaction_rating_scaled(PG_FUNCTION_ARGS)
{
	PG_RETURN_RATING(PG_GETARG_RATING(0));
}

/* the same for an array of ratings stored into a column without a scale */
PG_FUNCTION_INFO_V1(satisfaction_rating_scaled_array);
Datum
satisfaction_rating_scaled_array(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	ArrayIterator it = array_create_iterator(a, 0, NULL);
	Datum		d;
	bool		isnull;

	while (array_iterate(it, &d, &isnull))
		if (!isnull)
			(void) csat_rating_arg(d);
	array_free_iterator(it);
	PG_RETURN_ARRAYTYPE_P(a);
}

/* integer to rating: the scale comes from the target's type modifier */
static uint16
rating_from_integer(int64 v, int32 typmod, const char *typname)
{
	uint8		scale = typmod_scale(typmod);

	if (scale == 0)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("cannot convert %s %lld to satisfaction_rating without a scale",
					   typname, (long long) v),
				errhint("Assign it to a column declared with a scale, such as satisfaction_rating(1,5), or use rating(%lld, 1, 5).",
						(long long) v));
	if (v < CSAT_SCALE_LO(scale) || v > CSAT_SCALE_HI(scale))
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("rating value %lld is out of range for scale %d-%d",
					   (long long) v, CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale)));
	return CSAT_RATING(scale, v);
}

/*
 * A number that may not be whole (numeric, double precision) to a rating:
 * 'text' is its output form, naming it in messages.  No scale is the error
 * integers get; then NaN, infinity and a nonzero decimal part are errors,
 * never rounded.
 */
static uint16
rating_from_number(const char *text, int32 typmod, const char *typname)
{
	uint8		scale = typmod_scale(typmod);
	int64		v;

	if (scale == 0)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("cannot convert %s %s to satisfaction_rating without a scale",
					   typname, text),
				errhint("Assign it to a column declared with a scale, such as satisfaction_rating(1,5), or use rating(value, lo, hi)."));
	switch (csat_whole_number(text, &v))
	{
		case 1:
			return rating_from_integer(v, typmod, typname);
		case 2:
			ereport(ERROR,
					errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					errmsg("rating value %s is out of range for scale %d-%d",
						   text, CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale)));
			break;
		default:
			ereport(ERROR,
					errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					errmsg("%s %s is not a whole number: it cannot be a rating on the scale %d-%d",
						   typname, text, CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale)),
					errhint("Ratings are never rounded; round the value explicitly, for example round(x)::integer, if that is meant."));
	}
	pg_unreachable();
}

PG_FUNCTION_INFO_V1(satisfaction_rating_from_int8);
Datum
satisfaction_rating_from_int8(PG_FUNCTION_ARGS)
{
	PG_RETURN_RATING(rating_from_integer(PG_GETARG_INT64(0), PG_GETARG_INT32(1), "bigint"));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_from_numeric);
Datum
satisfaction_rating_from_numeric(PG_FUNCTION_ARGS)
{
	Numeric		num = PG_GETARG_NUMERIC(0);
	int32		typmod = PG_GETARG_INT32(1);

	/* numeric_out prints NaN, Infinity and -Infinity as such: not whole */
	PG_RETURN_RATING(rating_from_number(DatumGetCString(DirectFunctionCall1(numeric_out,
																			NumericGetDatum(num))),
										typmod, "numeric"));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_from_float8);
Datum
satisfaction_rating_from_float8(PG_FUNCTION_ARGS)
{
	float8		x = PG_GETARG_FLOAT8(0);
	int32		typmod = PG_GETARG_INT32(1);
	char		buf[32];

	/*
	 * A finite whole value below 1e18 prints exactly with %.0f;
	 * anything else (a decimal part, NaN, infinities) goes by the float8
	 * output form, which names the value and never looks whole.
	 */
	if (isfinite(x) && x == floor(x) && fabs(x) >= 1e18)
	{
		/* whole, and far off every scale: name it in its float8 form */
		uint8		scale = typmod_scale(typmod);

		if (scale == 0)
			rating_from_number(float8out_internal(x), typmod, "double precision");
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("rating value %s is out of range for scale %d-%d",
					   float8out_internal(x), CSAT_SCALE_LO(scale), CSAT_SCALE_HI(scale)));
	}
	if (isfinite(x) && x == floor(x))
	{
		snprintf(buf, sizeof(buf), "%.0f", x);
		if (strcmp(buf, "-0") == 0)
			strcpy(buf, "0");
		PG_RETURN_RATING(rating_from_number(buf, typmod, "double precision"));
	}
	PG_RETURN_RATING(rating_from_number(float8out_internal(x), typmod, "double precision"));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_from_int4);
Datum
satisfaction_rating_from_int4(PG_FUNCTION_ARGS)
{
	PG_RETURN_RATING(rating_from_integer(PG_GETARG_INT32(0), PG_GETARG_INT32(1), "integer"));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_from_int2);
Datum
satisfaction_rating_from_int2(PG_FUNCTION_ARGS)
{
	PG_RETURN_RATING(rating_from_integer(PG_GETARG_INT16(0), PG_GETARG_INT32(1), "smallint"));
}

/* ---------------------------------------------------------------------
 * Construction and access
 * ---------------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(satisfaction_rating_make);
Datum
satisfaction_rating_make(PG_FUNCTION_ARGS)
{
	int32		v = PG_GETARG_INT32(0);
	int32		lo = PG_GETARG_INT32(1);
	int32		hi = PG_GETARG_INT32(2);

	if (!csat_scale_valid(lo, hi))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("invalid scale %d-%d for satisfaction_rating", lo, hi),
				errhint("A scale lo-hi needs 0 <= lo < hi <= 10."));
	if (v < lo || v > hi)
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("rating value %d is out of range for scale %d-%d", v, lo, hi));
	PG_RETURN_RATING(CSAT_RATING(CSAT_SCALE(lo, hi), v));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_value);
Datum
satisfaction_rating_value(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(CSAT_RATING_VALUE(PG_GETARG_RATING(0)));
}

/* explicit casts: the value, as numeric and as double precision */
PG_FUNCTION_INFO_V1(satisfaction_rating_to_numeric);
Datum
satisfaction_rating_to_numeric(PG_FUNCTION_ARGS)
{
	return csat_int64_numeric(CSAT_RATING_VALUE(PG_GETARG_RATING(0)));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_to_float8);
Datum
satisfaction_rating_to_float8(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8((float8) CSAT_RATING_VALUE(PG_GETARG_RATING(0)));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_scale_lo);
Datum
satisfaction_rating_scale_lo(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(CSAT_SCALE_LO(CSAT_RATING_SCALE(PG_GETARG_RATING(0))));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_scale_hi);
Datum
satisfaction_rating_scale_hi(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(CSAT_SCALE_HI(CSAT_RATING_SCALE(PG_GETARG_RATING(0))));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_normalized);
Datum
satisfaction_rating_normalized(PG_FUNCTION_ARGS)
{
	uint16		r = PG_GETARG_RATING(0);
	int			lo = CSAT_SCALE_LO(CSAT_RATING_SCALE(r));
	int			hi = CSAT_SCALE_HI(CSAT_RATING_SCALE(r));

	PG_RETURN_FLOAT8((double) (CSAT_RATING_VALUE(r) - lo) / (double) (hi - lo));
}

/* ---------------------------------------------------------------------
 * Comparison: by normalized position, ties broken by scale.  See
 * csat_rating_order_key(); equal keys iff equal ratings.
 * ---------------------------------------------------------------------
 */

static inline int
rating_cmp_internal(uint16 a, uint16 b)
{
	int32		ka,
				kb;

	/* a bare number compares by value (see pending.c for index scans) */
	if (unlikely(CSAT_RATING_IS_PENDING(a) || CSAT_RATING_IS_PENDING(b)))
	{
		ka = CSAT_RATING_VALUE(a);
		kb = CSAT_RATING_VALUE(b);
	}
	else
	{
		ka = csat_rating_order_key(a);
		kb = csat_rating_order_key(b);
	}
	return (ka > kb) - (ka < kb);
}

static inline bool
rating_eq_internal(uint16 a, uint16 b)
{
	if (unlikely(CSAT_RATING_IS_PENDING(a) || CSAT_RATING_IS_PENDING(b)))
		return CSAT_RATING_VALUE(a) == CSAT_RATING_VALUE(b);
	return a == b;
}

PG_FUNCTION_INFO_V1(satisfaction_rating_lt);
Datum
satisfaction_rating_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(rating_cmp_internal(PG_GETARG_RATING_OR_PENDING(0),
									   PG_GETARG_RATING_OR_PENDING(1)) < 0);
}

PG_FUNCTION_INFO_V1(satisfaction_rating_le);
Datum
satisfaction_rating_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(rating_cmp_internal(PG_GETARG_RATING_OR_PENDING(0),
									   PG_GETARG_RATING_OR_PENDING(1)) <= 0);
}

PG_FUNCTION_INFO_V1(satisfaction_rating_gt);
Datum
satisfaction_rating_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(rating_cmp_internal(PG_GETARG_RATING_OR_PENDING(0),
									   PG_GETARG_RATING_OR_PENDING(1)) > 0);
}

PG_FUNCTION_INFO_V1(satisfaction_rating_ge);
Datum
satisfaction_rating_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(rating_cmp_internal(PG_GETARG_RATING_OR_PENDING(0),
									   PG_GETARG_RATING_OR_PENDING(1)) >= 0);
}

PG_FUNCTION_INFO_V1(satisfaction_rating_eq);
Datum
satisfaction_rating_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(rating_eq_internal(PG_GETARG_RATING_OR_PENDING(0),
									  PG_GETARG_RATING_OR_PENDING(1)));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_ne);
Datum
satisfaction_rating_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!rating_eq_internal(PG_GETARG_RATING_OR_PENDING(0),
									   PG_GETARG_RATING_OR_PENDING(1)));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_cmp);
Datum
satisfaction_rating_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(rating_cmp_internal(PG_GETARG_RATING_OR_PENDING(0),
										PG_GETARG_RATING_OR_PENDING(1)));
}

static int
rating_fastcmp(Datum a, Datum b, SortSupport ssup)
{
	return rating_cmp_internal(DatumGetRating(a), DatumGetRating(b));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_sortsupport);
Datum
satisfaction_rating_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = rating_fastcmp;
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(satisfaction_rating_hash);
Datum
satisfaction_rating_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32((uint32) PG_GETARG_RATING(0));
}

PG_FUNCTION_INFO_V1(satisfaction_rating_hash_extended);
Datum
satisfaction_rating_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_uint32_extended((uint32) PG_GETARG_RATING(0), PG_GETARG_INT64(1));
}

/* min() and max() support */
PG_FUNCTION_INFO_V1(satisfaction_rating_smaller);
Datum
satisfaction_rating_smaller(PG_FUNCTION_ARGS)
{
	uint16		a = PG_GETARG_RATING(0);
	uint16		b = PG_GETARG_RATING(1);

	PG_RETURN_RATING(rating_cmp_internal(a, b) <= 0 ? a : b);
}

PG_FUNCTION_INFO_V1(satisfaction_rating_larger);
Datum
satisfaction_rating_larger(PG_FUNCTION_ARGS)
{
	uint16		a = PG_GETARG_RATING(0);
	uint16		b = PG_GETARG_RATING(1);

	PG_RETURN_RATING(rating_cmp_internal(a, b) >= 0 ? a : b);
}
