/*-------------------------------------------------------------------------
 *
 * ranking.c
 *	  Fair rankings: csat_prior(s), an aggregate that fits a beta prior to
 *	  the CSAT of many segments (beta-binomial, method of moments), and
 *	  csat_shrunk(s, prior), a segment's posterior mean CSAT under it.
 *
 * The estimator.  Segment i has x_i satisfied answers out of n_i (segments
 * without answers are skipped); k segments, N = sum n_i, X = sum x_i.  If
 * each segment's true CSAT p_i is drawn from Beta(alpha, beta) with mean
 * mu and intra-segment correlation rho = 1 / (alpha + beta + 1), then
 * x_i is beta-binomial with Var(x_i) = n_i mu (1 - mu) (1 + (n_i - 1) rho),
 * and the weighted spread of the observed proportions
 *
 *		S = sum n_i (x_i / n_i - X / N)^2 = sum x_i^2 / n_i - X^2 / N
 *
 * has the expectation mu (1 - mu) ((k - 1) + rho (N - sum n_i^2 / N - (k - 1))).
 * Equating S to it, with mu estimated by X / N, gives
 *
 *		rho = (S / (mu (1 - mu)) - (k - 1)) / (N - sum n_i^2 / N - (k - 1))
 *		alpha + beta = 1 / rho - 1,  alpha = mu (alpha + beta)
 *
 * Edge cases (documented in the README): rho <= 0 (the segments vary no
 * more than chance, or all of them agree: mu is 0 or 1, or every segment
 * has one answer) has no finite fit, the prior would be infinitely strong;
 * the prior returned then weighs as much as every answer of the group,
 * alpha + beta = N, so each segment is pulled at least halfway to the
 * group's CSAT.  rho >= 1 (all-or-nothing segments) gives alpha = beta = 0:
 * no pull.  Fewer than two segments with answers give NULL.
 *
 * The state is a float8[5], {k, N, X, sum x_i^2 / n_i, sum n_i^2}: an
 * ordinary SQL type, combined by adding element by element.
 *
 *-------------------------------------------------------------------------
 */
#include "csat.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/float.h"

#define PRIOR_NSTATE	5

/* the float8[] argument n as its elements, checked to be n plain values */
static double *
float8_array_values(ArrayType *a, int n, const char *what)
{
	if (ARR_NDIM(a) != 1 || ARR_DIMS(a)[0] != n || ARR_HASNULL(a) ||
		ARR_ELEMTYPE(a) != FLOAT8OID)
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("%s must be a double precision array of %d elements without NULLs, not %s",
					   what, n,
					   DatumGetCString(OidFunctionCall1(F_ARRAY_OUT,
														PointerGetDatum(a)))),
				errhint("Pass what csat_prior(s) returned: {alpha, beta}."));
	return (double *) ARR_DATA_PTR(a);
}

/* a fresh float8[] of n elements */
static ArrayType *
float8_array(const double *v, int n)
{
	Datum		d[PRIOR_NSTATE];

	for (int i = 0; i < n; i++)
		d[i] = Float8GetDatum(v[i]);
	return construct_array(d, n, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
						   TYPALIGN_DOUBLE);
}

/* the state to update: argument 0 itself inside an aggregate, else a copy */
static ArrayType *
prior_state_for_update(FunctionCallInfo fcinfo)
{
	ArrayType  *a;

	if (!AggCheckCallContext(fcinfo, NULL))
		csat_raise_not_in_aggregate(fcinfo);
	a = PG_GETARG_ARRAYTYPE_P(0);
	(void) float8_array_values(a, PRIOR_NSTATE, "the state of csat_prior");
	return a;
}

PG_FUNCTION_INFO_V1(csat_prior_trans);
Datum
csat_prior_trans(PG_FUNCTION_ARGS)
{
	ArrayType  *a = prior_state_for_update(fcinfo);
	double	   *st = (double *) ARR_DATA_PTR(a);
	const CsatSummary *s = PG_GETARG_CSAT_SUMMARY_P(1);
	double		n = (double) s->answered;
	double		x = (double) csat_summary_satisfied(s);

	if (s->answered > 0)
	{
		st[0] += 1.0;
		st[1] += n;
		st[2] += x;
		st[3] += x * x / n;
		st[4] += n * n;
	}
	PG_RETURN_ARRAYTYPE_P(a);
}

PG_FUNCTION_INFO_V1(csat_prior_combine);
Datum
csat_prior_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *a = prior_state_for_update(fcinfo);
	double	   *st = (double *) ARR_DATA_PTR(a);
	const double *other = float8_array_values(PG_GETARG_ARRAYTYPE_P(1),
											  PRIOR_NSTATE,
											  "the state of csat_prior");

	for (int i = 0; i < PRIOR_NSTATE; i++)
		st[i] += other[i];
	PG_RETURN_ARRAYTYPE_P(a);
}

PG_FUNCTION_INFO_V1(csat_prior_final);
Datum
csat_prior_final(PG_FUNCTION_ARGS)
{
	const double *st = float8_array_values(PG_GETARG_ARRAYTYPE_P(0),
										   PRIOR_NSTATE,
										   "the state of csat_prior");
	double		k = st[0],
				n = st[1],
				x = st[2];
	double		mu,
				spread,
				denom,
				rho,
				weight;
	double		prior[2];

	if (k < 2.0)
		PG_RETURN_NULL();
	mu = x / n;
	spread = st[3] - x * x / n;
	denom = n - st[4] / n - (k - 1.0);
	if (mu <= 0.0 || mu >= 1.0 || denom <= 0.0)
		rho = 0.0;
	else
		rho = (spread / (mu * (1.0 - mu)) - (k - 1.0)) / denom;

	if (rho <= 0.0)
		weight = n;				/* no spread beyond chance */
	else if (rho >= 1.0)
		weight = 0.0;			/* all-or-nothing segments */
	else
		weight = 1.0 / rho - 1.0;
	prior[0] = mu * weight;
	prior[1] = (1.0 - mu) * weight;
	PG_RETURN_ARRAYTYPE_P(float8_array(prior, 2));
}

PG_FUNCTION_INFO_V1(rating_summary_csat_shrunk);
Datum
rating_summary_csat_shrunk(PG_FUNCTION_ARGS)
{
	const CsatSummary *s = PG_GETARG_CSAT_SUMMARY_P(0);
	const double *prior = float8_array_values(PG_GETARG_ARRAYTYPE_P(1), 2,
											  "the prior of csat_shrunk");
	double		alpha = prior[0],
				beta = prior[1];

	if (!(isfinite(alpha) && isfinite(beta) && alpha >= 0.0 && beta >= 0.0))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("prior {%s,%s} is not a beta prior",
					   float8out_internal(alpha), float8out_internal(beta)),
				errhint("alpha and beta must be finite and at least 0; csat_prior(s) fits them."));
	if (s->answered == 0)
		PG_RETURN_NULL();	/* like every metric: NULL without answers */
	PG_RETURN_DATUM(DirectFunctionCall1(float8_numeric,
										Float8GetDatum(100.0 * ((double) csat_summary_satisfied(s) + alpha) /
													   ((double) s->answered + alpha + beta) + 0.0)));
}
