/*-------------------------------------------------------------------------
 *
 * stats.c
 *	  Confidence intervals and significance tests on rating summaries:
 *	  the Wilson score interval of a CSAT proportion, the adjusted-Wald
 *	  interval of an NPS (Rocks 2016), the pooled two-proportion z-test and
 *	  the adjusted-Wald two-sample NPS test.
 *
 * The first half is plain arithmetic on counts (declared in csat.h, no
 * SQL), the second half the SQL-callable accessors of rating_summary.
 * Proportions are in [0,1] and NPS in [-1,1] here; the SQL functions
 * return percent and NPS points.
 *
 *-------------------------------------------------------------------------
 */
#include "csat.h"

#include <math.h>

#include "utils/builtins.h"
#include "utils/float.h"

/* sqrt(2 * pi) */
#define CSAT_SQRT_2PI	2.50662827463100050242

/* ---------------------------------------------------------------------
 * The standard normal distribution
 * ---------------------------------------------------------------------
 */

/*
 * Coefficients of P. J. Acklam's rational approximations of the inverse
 * normal CDF (relative error below 1.2e-9), for the central region
 * plow <= p <= 1 - plow and for the lower tail.
 */
static const double acklam_a[6] = {
	-3.969683028665376e+01, 2.209460984245205e+02,
	-2.759285104469687e+02, 1.383577518672690e+02,
	-3.066479806614716e+01, 2.506628277459239e+00
};
static const double acklam_b[5] = {
	-5.447609879822406e+01, 1.615858368580409e+02,
	-1.556989798598866e+02, 6.680131188771972e+01,
	-1.328068155288572e+01
};
static const double acklam_c[6] = {
	-7.784894002430293e-03, -3.223964580411365e-01,
	-2.400758277161838e+00, -2.549732539343734e+00,
	4.374664141464968e+00, 2.938163982698783e+00
};
static const double acklam_d[4] = {
	7.784695709041462e-03, 3.224671290700398e-01,
	2.445134137142996e+00, 3.754408661907416e+00
};

#define ACKLAM_PLOW 0.02425

/*
 * Refine x ~ z(p) in the far lower tail (x < -37.5, p subnormal), where
 * exp(x^2 / 2) overflows and erfc underflows.  Newton steps on
 * log Phi(x) - log p, with log Phi(x) = -x^2/2 - log sqrt(2 pi) + log R(x)
 * and the Mills ratio R(x) = Phi(x) / phi(x) from its asymptotic series
 * (1 - t + 3t^2 - 15t^3 + 105t^4) / |x|, t = 1/x^2: the first term left
 * out is below 2e-13 at |x| > 37.5, which moves x by less than 1e-16
 * relative.  d/dx log Phi = 1 / R.
 */
static double
normal_quantile_far(double x, double p)
{
	int			i;

	for (i = 0; i < 2; i++)
	{
		double		t = 1.0 / (x * x);
		double		series = 1.0 + t * (-1.0 + t * (3.0 + t * (-15.0 + t * 105.0)));
		double		mills = -series / x;

		x -= mills * (-0.5 * x * x - log(CSAT_SQRT_2PI) + log(mills) - log(p));
	}
	return x;
}

/*
 * Quantile of the lower half, 0 < p <= 0.5: Acklam's approximation, then
 * one Halley step on the residual Phi(x) - p, which makes the result
 * accurate to a few units in the last place (the step converges
 * cubically from 1e-9).  The residual is computed without cancellation:
 * from erfc in the tail, from erf and p - 0.5 in the center.  Checked
 * against scipy's ndtri over 25000 points from 5e-324 to 1 - 1e-16: within
 * 8e-16 relative.
 */
static double
normal_quantile_lower(double p)
{
	double		x;
	double		e;
	double		u;

	if (p < ACKLAM_PLOW)
	{
		double		q = sqrt(-2.0 * log(p));

		x = (((((acklam_c[0] * q + acklam_c[1]) * q + acklam_c[2]) * q +
			   acklam_c[3]) * q + acklam_c[4]) * q + acklam_c[5]) /
			((((acklam_d[0] * q + acklam_d[1]) * q + acklam_d[2]) * q +
			  acklam_d[3]) * q + 1.0);

		if (x < -37.5)
			return normal_quantile_far(x, p);
		e = 0.5 * erfc(-x * M_SQRT1_2) - p;
	}
	else
	{
		/*
		 * p - 0.5 is exact for p >= 0.25 and within 2^-55 below: at most
		 * 1e-15 in x where the density is above 0.05.
		 */
		double		q = p - 0.5;
		double		r = q * q;

		x = (((((acklam_a[0] * r + acklam_a[1]) * r + acklam_a[2]) * r +
			   acklam_a[3]) * r + acklam_a[4]) * r + acklam_a[5]) * q /
			(((((acklam_b[0] * r + acklam_b[1]) * r + acklam_b[2]) * r +
			   acklam_b[3]) * r + acklam_b[4]) * r + 1.0);
		e = 0.5 * erf(x * M_SQRT1_2) - q;
	}

	/* Halley: x -= u / (1 + x u / 2), u = residual / density */
	u = e * CSAT_SQRT_2PI * exp(0.5 * x * x);
	return x - u / (1.0 + 0.5 * x * u);
}

/*
 * Inverse of the standard normal CDF: the z with P(Z <= z) = p.
 * -Infinity at 0, +Infinity at 1, NaN outside [0,1].  The upper half uses
 * the symmetry z(p) = -z(1 - p); 1 - p is exact for 0.5 <= p <= 1.
 */
double
csat_normal_quantile(double p)
{
	if (isnan(p) || p < 0.0 || p > 1.0)
		return get_float8_nan();
	if (p == 0.0)
		return -get_float8_infinity();
	if (p == 1.0)
		return get_float8_infinity();
	if (p <= 0.5)
		return normal_quantile_lower(p);
	return -normal_quantile_lower(1.0 - p);
}

/* two-sided p-value of a standard normal statistic: P(|Z| >= |z|) */
double
csat_normal_sf2(double z)
{
	return erfc(fabs(z) * M_SQRT1_2);
}

/* the z of a two-sided interval: P(|Z| <= z) = confidence */
static double
confidence_z(double confidence)
{
	return -csat_normal_quantile((1.0 - confidence) / 2.0);
}

/* ---------------------------------------------------------------------
 * Intervals and tests on counts
 * ---------------------------------------------------------------------
 */

/*
 * Wilson score interval of the proportion satisfied / n.
 *
 * The bounds are the roots of (1 + z^2/n) x^2 - (2 p + z^2/n) x + p^2 = 0,
 * center c = (p + z^2/(2n)) / (1 + z^2/n) and half width
 * h = z sqrt(p (1-p) / n + z^2 / (4 n^2)) / (1 + z^2/n).  The upper bound
 * is c + h; the lower one is computed as the product of the roots divided
 * by the upper one, p^2 / ((1 + z^2/n) (c + h)), which does not cancel
 * when it is small.  s = 0 gives exactly 0 and s = n exactly 1, and every
 * bound is clamped to [0,1] against rounding.  n <= 0 gives [0,1].
 */
void
csat_wilson(int64 satisfied, int64 n, double confidence,
			double *lower, double *upper)
{
	double		nn = (double) n;
	double		z,
				z2,
				p,
				q,
				denom,
				center,
				half,
				lo,
				hi;

	if (n <= 0)
	{
		*lower = 0.0;
		*upper = 1.0;
		return;
	}
	z = confidence_z(confidence);
	z2 = z * z;
	p = (double) satisfied / nn;
	q = (double) (n - satisfied) / nn;
	denom = 1.0 + z2 / nn;
	center = (p + z2 / (2.0 * nn)) / denom;
	half = z * sqrt(p * q / nn + z2 / (4.0 * nn * nn)) / denom;

	hi = (satisfied >= n) ? 1.0 : center + half;
	lo = (satisfied <= 0) ? 0.0 : p * p / (denom * (center + half));
	/* the interval holds the estimate, even where rounding says otherwise */
	*lower = Min(Max(lo, 0.0), p);
	*upper = Min(Max(hi, p), 1.0);
}

/*
 * Adjusted-Wald estimate of the NPS (Rocks 2016): add 3/4 of an answer to
 * the promoters and to the detractors and 3 answers to n, so with
 * n' = n + 3, p' = (P + 3/4) / n', d' = (D + 3/4) / n':
 * nps' = p' - d' and var' = (p' + d' - nps'^2) / n'.  Sets both, as
 * fractions.  nps' is computed as (P - D) / n' (the 3/4 cancel), one
 * rounding only, so segments with the same adjusted NPS get the same
 * double and a test between them gives exactly 1.
 */
static void
nps_adjusted(int64 promoters, int64 detractors, int64 n,
			 double *nps, double *var)
{
	double		n_adj = (double) n + 3.0;
	double		p_plus_d = ((double) promoters + (double) detractors + 1.5) / n_adj;

	*nps = ((double) promoters - (double) detractors) / n_adj;
	*var = (p_plus_d - *nps * *nps) / n_adj;
}

/*
 * Adjusted-Wald interval of the NPS: nps' +- z sqrt(var').
 *
 * Unlike the Wilson interval, the Wald form can reach past the possible
 * range when n is small or the score extreme (one promoter at 99.9%
 * gives 0.25 + 3.29 * 0.375 = 1.48), so the bounds are clipped to [-1,1],
 * the range of any NPS.  Clipping only drops impossible values.
 */
void
csat_nps_adjusted_wald(int64 promoters, int64 detractors, int64 n,
					   double confidence, double *lower, double *upper)
{
	double		nps,
				var,
				half;

	nps_adjusted(promoters, detractors, n, &nps, &var);
	half = confidence_z(confidence) * sqrt(var);
	*lower = Min(Max(nps - half, -1.0), 1.0);
	*upper = Min(Max(nps + half, -1.0), 1.0);
}

/*
 * Pooled two-proportion z-test, two-sided p-value:
 * z = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2)), P = (s1 + s2) / (n1 + n2).
 * When everyone or no one is satisfied in both groups the pooled variance
 * is 0 and nothing tells them apart: 1.0.  Also 1.0 if a group is empty.
 */
double
csat_two_prop_ztest(int64 s1, int64 n1, int64 s2, int64 n2)
{
	double		pooled,
				var;

	if (n1 <= 0 || n2 <= 0)
		return 1.0;
	pooled = ((double) s1 + (double) s2) / ((double) n1 + (double) n2);
	var = pooled * (1.0 - pooled) * (1.0 / (double) n1 + 1.0 / (double) n2);
	if (!(var > 0.0))
		return 1.0;
	return csat_normal_sf2(((double) s1 / (double) n1 -
							(double) s2 / (double) n2) / sqrt(var));
}

/*
 * Two-sample adjusted-Wald NPS test, two-sided p-value:
 * z = (nps'1 - nps'2) / sqrt(var'1 + var'2).  The adjusted variances are
 * always positive, so there is no degenerate case.
 */
double
csat_nps_ztest(int64 p1, int64 d1, int64 n1, int64 p2, int64 d2, int64 n2)
{
	double		nps1,
				var1,
				nps2,
				var2;

	nps_adjusted(p1, d1, n1, &nps1, &var1);
	nps_adjusted(p2, d2, n2, &nps2, &var2);
	return csat_normal_sf2((nps1 - nps2) / sqrt(var1 + var2));
}

/* ---------------------------------------------------------------------
 * SQL functions
 * ---------------------------------------------------------------------
 */

/* the confidence argument, checked to lie strictly between 0 and 1 */
static double
confidence_arg(double confidence)
{
	if (!(confidence > 0.0 && confidence < 1.0))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("confidence %s is not strictly between 0 and 1",
					   float8out_internal(confidence)),
				errhint("Give the confidence level as a fraction, for example 0.95 for a 95%% interval."));
	return confidence;
}

/* a double as numeric (never "-0") */
static Datum
float8_to_numeric(double x)
{
	return DirectFunctionCall1(float8_numeric, Float8GetDatum(x + 0.0));
}

/* Wilson bound of csat_pct(s) in percent; NULL without answers */
static Datum
summary_csat_ci(FunctionCallInfo fcinfo, bool upper)
{
	const CsatSummary *s = PG_GETARG_CSAT_SUMMARY_P(0);
	double		confidence = confidence_arg(PG_GETARG_FLOAT8(1));
	double		lo,
				hi;

	int64		satisfied = csat_summary_satisfied(s);
	Datum		bound,
				estimate;
	int			cmp;

	if (s->answered == 0)
		PG_RETURN_NULL();
	csat_wilson(satisfied, s->answered, confidence, &lo, &hi);
	bound = float8_to_numeric(100.0 * (upper ? hi : lo));

	/*
	 * The Wilson interval always holds the proportion, but the bound is a
	 * double printed with 15 significant digits while csat_pct(s) is exact
	 * to 16 or more: at large n and low confidence the rounding can put
	 * the bound on the wrong side of csat_pct(s) (66.6666666666667 over
	 * 66.6666666666666667).  Such a bound is csat_pct(s) to the precision
	 * of a double, so it is returned as csat_pct(s) itself: lower <=
	 * csat_pct(s) <= upper, exactly, in numeric.
	 */
	estimate = csat_int8_div_numeric(satisfied, s->answered, 100);
	cmp = DatumGetInt32(DirectFunctionCall2(numeric_cmp, bound, estimate));
	if (upper ? cmp < 0 : cmp > 0)
		return estimate;
	return bound;
}

PG_FUNCTION_INFO_V1(rating_summary_csat_ci_lower);
Datum
rating_summary_csat_ci_lower(PG_FUNCTION_ARGS)
{
	return summary_csat_ci(fcinfo, false);
}

PG_FUNCTION_INFO_V1(rating_summary_csat_ci_upper);
Datum
rating_summary_csat_ci_upper(PG_FUNCTION_ARGS)
{
	return summary_csat_ci(fcinfo, true);
}

/* adjusted-Wald bound of nps(s) in NPS points; NULL without answers */
static Datum
summary_nps_ci(FunctionCallInfo fcinfo, bool upper)
{
	const CsatSummary *s = PG_GETARG_CSAT_SUMMARY_P(0);
	double		confidence = confidence_arg(PG_GETARG_FLOAT8(1));
	int64		promoters,
				detractors;
	double		lo,
				hi;

	/* errors unless every answer is on 0..10 (an empty summary passes) */
	csat_nps_counts(s, &promoters, &detractors);
	if (s->answered == 0)
		PG_RETURN_NULL();
	csat_nps_adjusted_wald(promoters, detractors, s->answered, confidence,
						   &lo, &hi);
	return float8_to_numeric(100.0 * (upper ? hi : lo));
}

PG_FUNCTION_INFO_V1(rating_summary_nps_ci_lower);
Datum
rating_summary_nps_ci_lower(PG_FUNCTION_ARGS)
{
	return summary_nps_ci(fcinfo, false);
}

PG_FUNCTION_INFO_V1(rating_summary_nps_ci_upper);
Datum
rating_summary_nps_ci_upper(PG_FUNCTION_ARGS)
{
	return summary_nps_ci(fcinfo, true);
}

/* p-value that the CSAT of two summaries differs; NULL if one is empty */
PG_FUNCTION_INFO_V1(rating_summary_csat_ztest);
Datum
rating_summary_csat_ztest(PG_FUNCTION_ARGS)
{
	const CsatSummary *a = PG_GETARG_CSAT_SUMMARY_P(0);
	const CsatSummary *b = PG_GETARG_CSAT_SUMMARY_P(1);

	if (a->answered == 0 || b->answered == 0)
		PG_RETURN_NULL();
	return float8_to_numeric(csat_two_prop_ztest(csat_summary_satisfied(a),
												 a->answered,
												 csat_summary_satisfied(b),
												 b->answered));
}

/* p-value that the NPS of two summaries differs; NULL if one is empty */
PG_FUNCTION_INFO_V1(rating_summary_nps_ztest);
Datum
rating_summary_nps_ztest(PG_FUNCTION_ARGS)
{
	const CsatSummary *a = PG_GETARG_CSAT_SUMMARY_P(0);
	const CsatSummary *b = PG_GETARG_CSAT_SUMMARY_P(1);
	int64		pa,
				da,
				pb,
				db;

	/* scale errors first, so a wrong summary is never hidden by NULL */
	csat_nps_counts(a, &pa, &da);
	csat_nps_counts(b, &pb, &db);
	if (a->answered == 0 || b->answered == 0)
		PG_RETURN_NULL();
	return float8_to_numeric(csat_nps_ztest(pa, da, a->answered,
											pb, db, b->answered));
}
