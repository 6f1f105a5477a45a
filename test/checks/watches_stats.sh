#!/usr/bin/env bash
# Fair rankings and trends against an independent implementation (scipy,
# Debian's python3-scipy): 400 simulated agents (true CSAT drawn from
# Beta(17, 3.5), 15 to 25 answers a month as COPC describes, a few with
# hundreds) are loaded; csat_prior(s) must equal a numpy method-of-moments
# fit written from the formula, land near scipy's maximum-likelihood
# beta-binomial fit, and csat_shrunk(s, prior) must equal scipy's posterior
# mean beta(alpha + x, beta + n - x).mean() and be closer to the true CSAT
# than the raw CSAT.  Then the README's weekly trend query: each week's
# csat_ztest(s, lag(s) OVER w) equals scipy's pooled two-proportion z-test.
# Also prints the README's COPC numbers (scipy.stats.binom).
# Runs inside the suite's cluster (< 20 s).
# versions: all
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/reliability/lib.sh
rel_init watches_stats
rel_tmp
T=$REL_TMP
rel_db db stats
q "$db" "CREATE EXTENSION csat" || fail "CREATE EXTENSION csat"

/usr/bin/python3 - "$T" <<'PY' || fail "simulating the agents"
import sys
import numpy as np
rng = np.random.default_rng(20)
with open(sys.argv[1] + "/agents.csv", "w") as f, open(sys.argv[1] + "/truth.csv", "w") as t:
    for a in range(400):
        p = rng.beta(17, 3.5)
        n = int(rng.integers(15, 26)) if a % 20 else int(rng.integers(150, 400))
        x = int(rng.binomial(n, p))
        t.write(f"agent{a},{p!r}\n")
        for i in range(n):
            f.write(f"agent{a},{5 if i < x else 2}/5\n")
PY
q "$db" -c "CREATE TABLE answers (agent text, csat satisfaction_rating(5))" \
	-c "\\copy answers FROM '$T/agents.csv' WITH (FORMAT csv)" || fail "loading the answers"
q "$db" -c "\\copy (WITH s AS (SELECT agent, rating_summary(csat) s FROM answers GROUP BY agent),
	p AS (SELECT csat_prior(s) AS prior FROM s)
	SELECT agent, answered(s), round(csat_pct(s) * answered(s) / 100), prior[1], prior[2], csat_shrunk(s, prior)
	FROM s, p ORDER BY agent) TO '$T/ranked.csv' WITH (FORMAT csv)" || fail "csat_prior and csat_shrunk"

/usr/bin/python3 - "$T" <<'PY' || fail "against scipy: $(cat "$T/py.err")"
import csv, sys
import numpy as np
from scipy import optimize, stats
d = sys.argv[1]
err = open(d + "/py.err", "w")
rows = list(csv.reader(open(d + "/ranked.csv")))
truth = dict((a, float(p)) for a, p in csv.reader(open(d + "/truth.csv")))
n = np.array([float(r[1]) for r in rows]); x = np.array([float(r[2]) for r in rows])
alpha, beta = float(rows[0][3]), float(rows[0][4])
shrunk = np.array([float(r[5]) for r in rows])
true = np.array([truth[r[0]] for r in rows])

# the method of moments, from the formula (Kleinman 1973 style weighting by n)
k, N, X = len(n), n.sum(), x.sum()
mu = X / N
S = (n * (x / n - mu) ** 2).sum()
rho = (S / (mu * (1 - mu)) - (k - 1)) / (N - (n ** 2).sum() / N - (k - 1))
ab = 1 / rho - 1
ok = True
def check(cond, what):
    global ok
    if not cond:
        ok = False
        print(what, file=err)
check(abs(alpha - mu * ab) < 1e-9 * alpha and abs(beta - (1 - mu) * ab) < 1e-9 * beta,
      f"csat_prior {alpha, beta} != numpy {mu * ab, (1 - mu) * ab}")

# scipy's posterior mean under that prior
post = 100 * stats.beta(alpha + x, beta + n - x).mean()
check(np.abs(post - shrunk).max() < 1e-9, f"csat_shrunk differs from scipy by {np.abs(post - shrunk).max()}")

# scipy's maximum-likelihood beta-binomial fit: the same mean, a similar strength
def nll(v):
    a, b = np.exp(v)
    return -stats.betabinom.logpmf(x, n, a, b).sum()
fit = optimize.minimize(nll, np.log([alpha, beta]), method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-10})
a_ml, b_ml = np.exp(fit.x)
check(abs(alpha / (alpha + beta) - a_ml / (a_ml + b_ml)) < 0.01,
      f"prior mean {alpha / (alpha + beta)} far from the ML fit's {a_ml / (a_ml + b_ml)}")
post_ml = 100 * stats.beta(a_ml + x, b_ml + n - x).mean()
check(np.abs(post_ml - shrunk).max() < 2.0, f"shrunk estimates differ from the ML fit's by {np.abs(post_ml - shrunk).max()} points")

# shrinkage is closer to the truth than the raw CSAT
mse_raw = ((100 * x / n - 100 * true) ** 2).mean()
mse_shrunk = ((shrunk - 100 * true) ** 2).mean()
check(mse_shrunk < 0.8 * mse_raw, f"mean squared error shrunk {mse_shrunk} vs raw {mse_raw}")
print(f"{k} agents: csat_prior = numpy MoM {{{alpha:.3f}, {beta:.3f}}} (truth {{17, 3.5}}, scipy ML "
      f"{{{a_ml:.3f}, {b_ml:.3f}}}); csat_shrunk = scipy posterior mean (max diff {np.abs(post - shrunk).max():.1e}); "
      f"squared error vs the true CSAT: raw {mse_raw:.1f}, shrunk {mse_shrunk:.1f}")
sys.exit(0 if ok else 1)
PY

# the README's weekly trend: csat_ztest(s, lag(s) OVER w) against scipy
q "$db" -c "CREATE TABLE tickets AS
	SELECT date '2026-01-05' + i % 42 AS closed_at,
	       (CASE WHEN (i * 7919) % 100 < (ARRAY[86, 84, 85, 74, 76, 83])[1 + (i % 42) / 7] THEN '5/5' ELSE '2/5' END)::satisfaction_rating AS csat
	FROM generate_series(1, 4200) i" || fail "weekly tickets"
q "$db" -c "\\copy (SELECT week::date, answered(s), round(csat_pct(s) * answered(s) / 100),
	csat_ztest(s, lag(s) OVER w) AS p_vs_previous
	FROM (SELECT date_trunc('week', closed_at) AS week, rating_summary(csat) AS s
	      FROM tickets GROUP BY 1) weekly
	WINDOW w AS (ORDER BY week) ORDER BY week) TO '$T/weekly.csv' WITH (FORMAT csv)" || fail "the weekly query"
/usr/bin/python3 - "$T" <<'PY' || fail "weekly p-values: $(cat "$T/py.err")"
import csv, math, sys
from scipy import stats
rows = list(csv.reader(open(sys.argv[1] + "/weekly.csv")))
err = open(sys.argv[1] + "/py.err", "w")
bad = 0
for prev, cur in zip(rows, rows[1:]):
    n1, x1, n2, x2 = int(cur[1]), int(cur[2]), int(prev[1]), int(prev[2])
    p = (x1 + x2) / (n1 + n2)
    z = (x1 / n1 - x2 / n2) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    want = 2 * stats.norm.sf(abs(z))
    if abs(float(cur[3]) - want) > 1e-9:
        bad += 1
        print(cur, want, file=err)
if rows[0][3] != "" or len(rows) != 6 or bad:
    print(rows, file=err)
    sys.exit(1)
print(f"{len(rows)} weeks: csat_ztest(s, lag(s) OVER w) = scipy's two-proportion z-test each week; "
      "p against the week before: " + ", ".join(f"{float(r[3]):.4f}" for r in rows[1:]))
PY

# the COPC numbers quoted in the README
/usr/bin/python3 - <<'PY'
import math
from scipy import stats
cdf = {n: stats.binom.cdf(math.floor(0.72 * n + 1e-9), n, 0.83) for n in range(15, 26)}
print("COPC: P(raw CSAT <= 72% | true 83%): " + ", ".join(f"n={n} {p:.1%}" for n, p in cdf.items()))
PY
echo "watches_stats: ok ($(rel_elapsed) s)"
