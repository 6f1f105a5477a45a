#!/usr/bin/python3
"""Reference values for sql/stats.sql (a development tool, not run in CI).

Computes every interval bound and p-value that sql/stats.sql checks, from
the textbook formulas with scipy.stats.norm, independently of src/stats.c,
and prints the VALUES rows of sql/stats.sql, ready to paste.  It also
cross-checks the formulas against statsmodels (Wilson interval, pooled
two-proportion z-test), against the published Wilson intervals of Newcombe
(1998) and against an NPS interval worked by hand, and stops if any of them
disagree.

Needs Debian's python3-scipy and python3-statsmodels:
    apt-get install -y python3-scipy python3-statsmodels
    /usr/bin/python3 test/stats_reference.py
"""

import math
import re
import sys

from scipy.stats import norm

# ---------------------------------------------------------------------------
# rating_summary text form -> counts (see src/core/core.h)


def parse_summary(text):
    """(answered, satisfied, promoters, detractors, scale) of a summary literal."""
    m = re.fullmatch(r"\{v1 scale (\d+)-(\d+) counts ([\d,]+) unanswered \d+"
                     r"(?: satisfied_from (\d+))?\}", text)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        counts = [int(c) for c in m.group(3).split(",")]
        assert len(counts) == hi - lo + 1
        by_value = dict(zip(range(lo, hi + 1), counts))
        if m.group(4) is not None:
            first = int(m.group(4))
        elif hi - lo + 1 <= 3:          # 2- and 3-point scales: the top box
            first = hi
        else:                           # top-two-box
            first = hi - 1
        answered = sum(counts)
        satisfied = sum(c for v, c in by_value.items() if v >= first)
        promoters = detractors = None
        if (lo, hi) == (0, 10):
            promoters = by_value[9] + by_value[10]
            detractors = sum(by_value[v] for v in range(0, 7))
        return answered, satisfied, promoters, detractors, (lo, hi)
    m = re.fullmatch(r"\{v1 scales \S+ answered (\d+) satisfied (\d+) "
                     r"unanswered \d+\}", text)
    if m:
        return int(m.group(1)), int(m.group(2)), None, None, None
    raise ValueError(text)


# ---------------------------------------------------------------------------
# the formulas


def z_of(confidence):
    return norm.ppf(1 - (1 - confidence) / 2)


def wilson(s, n, confidence):
    """Wilson score interval: (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)."""
    z = z_of(confidence)
    p = s / n
    denom = 1 + z * z / n
    center = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # s = 0 and s = n make 0 and 1 exact roots of the Wilson quadratic
    # (1 + z^2/n) x^2 - (2p + z^2/n) x + p^2 = 0, which rounding misses
    lower = 0.0 if s == 0 else center - half
    upper = 1.0 if s == n else center + half
    return lower, upper


def nps_adjusted(p, d, n):
    """Rocks (2016): n' = n + 3, p' = (P + 3/4)/n', d' = (D + 3/4)/n'."""
    n1 = n + 3
    pa = (p + 0.75) / n1
    da = (d + 0.75) / n1
    nps = pa - da
    return nps, (pa + da - nps * nps) / n1


def nps_wald(p, d, n, confidence):
    """nps' +- z sqrt(var'), clipped to [-1, 1]."""
    nps, var = nps_adjusted(p, d, n)
    half = z_of(confidence) * math.sqrt(var)
    return max(nps - half, -1.0), min(nps + half, 1.0)


def two_prop_p(s1, n1, s2, n2):
    pooled = (s1 + s2) / (n1 + n2)
    var = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if var == 0:
        return 1.0
    return 2 * norm.sf(abs(s1 / n1 - s2 / n2) / math.sqrt(var))


def nps_test_p(p1, d1, n1, p2, d2, n2):
    a, va = nps_adjusted(p1, d1, n1)
    b, vb = nps_adjusted(p2, d2, n2)
    return 2 * norm.sf(abs(a - b) / math.sqrt(va + vb))


# ---------------------------------------------------------------------------
# cross-checks


def close(a, b, rel=1e-12):
    return abs(a - b) <= rel * max(abs(a), abs(b)) + 1e-15


def cross_check():
    from statsmodels.stats.proportion import proportion_confint
    from statsmodels.stats.proportion import proportions_ztest

    # the quantile itself
    assert close(z_of(0.95), 1.959963984540054)
    assert close(z_of(0.99), 2.5758293035489004)
    assert close(z_of(0.90), 1.6448536269514722)

    # Wilson against statsmodels
    for s, n in [(0, 1), (1, 1), (0, 10), (10, 10), (9, 15), (81, 263),
                 (15, 148), (1, 29), (0, 20), (3, 7), (1234567, 2000000)]:
        for conf in (0.90, 0.95, 0.99, 0.999):
            lo, hi = wilson(s, n, conf)
            slo, shi = proportion_confint(s, n, alpha=1 - conf, method="wilson")
            assert close(lo, slo, 1e-10) and close(hi, shi, 1e-10), (s, n, conf)

    # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3
    # (Wilson score without continuity correction), 95%, four decimals
    for s, n, lo, hi in [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605),
                         (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)]:
        wlo, whi = wilson(s, n, 0.95)
        assert round(wlo, 4) == lo and round(whi, 4) == hi, (s, n, wlo, whi)

    # pooled z-test against statsmodels (pooled variance by default)
    for s1, n1, s2, n2 in [(81, 263, 15, 148), (0, 10, 10, 10), (9, 15, 10, 30),
                           (100, 1000, 900, 1000), (3, 7, 9, 15)]:
        _, p = proportions_ztest([s1, s2], [n1, n2])
        assert close(two_prop_p(s1, n1, s2, n2), p, 1e-10), (s1, n1, s2, n2)

    # NPS by hand: one promoter of one answer: n' = 4, p' = 7/16, d' = 3/16,
    # nps' = 1/4, var' = (10/16 - 1/16) / 4 = 9/64, sd = 3/8 exactly;
    # upper 95% bound = 0.25 + 1.959963984540054 * 0.375
    lo, hi = nps_wald(1, 0, 1, 0.95)
    assert close(hi, 0.25 + 1.959963984540054 * 0.375)
    assert close(lo, 0.25 - 1.959963984540054 * 0.375)
    # and at 99.9% it passes 1: 0.25 + 3.2905267314918945 * 0.375 = 1.484
    assert nps_wald(1, 0, 1, 0.999)[1] == 1.0


# ---------------------------------------------------------------------------
# the cases of sql/stats.sql

CSAT = [
    # summary text, confidence (None = the default 0.95)
    ("{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}", None),
    ("{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}", 0.90),
    ("{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}", 0.99),
    ("{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}", 0.999),
    ("{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0 satisfied_from 3}", None),
    ("{v1 scale 1-5 counts 0,0,0,0,1 unanswered 0}", None),
    ("{v1 scale 1-5 counts 0,0,0,0,1 unanswered 0}", 0.999),
    ("{v1 scale 1-5 counts 1,0,0,0,0 unanswered 3}", None),
    ("{v1 scale 1-5 counts 4,3,3,0,0 unanswered 2}", None),
    ("{v1 scale 1-5 counts 0,0,0,6,4 unanswered 2}", None),
    ("{v1 scale 1-5 counts 4,3,3,0,0 unanswered 2}", 0.99),
    ("{v1 scale 1-5 counts 0,0,0,6,4 unanswered 2}", 0.99),
    ("{v1 scale 1-5 counts 100,50,32,41,40 unanswered 0}", None),
    ("{v1 scale 1-5 counts 133,0,0,0,15 unanswered 0}", None),
    ("{v1 scale 1-5 counts 20,0,0,0,0 unanswered 0}", None),
    ("{v1 scale 1-5 counts 28,0,0,0,1 unanswered 0}", None),
    ("{v1 scale 1-2 counts 765433,1234567 unanswered 0}", 0.99),
    ("{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}", None),
    ("{v1 scales 0-10,1-5 answered 7 satisfied 3 unanswered 0}", None),
]

NPS = [
    ("{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}", None),
    ("{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}", 0.90),
    ("{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}", 0.99),
    ("{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}", None),
    ("{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}", 0.999),
    ("{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,0 unanswered 0}", None),
    ("{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,0 unanswered 0}", 0.999),
    ("{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,8,12 unanswered 5}", None),
    ("{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,8,12 unanswered 5}", 0.999),
    ("{v1 scale 0-10 counts 2,0,1,0,3,0,4,0,0,0,0 unanswered 0}", None),
    ("{v1 scale 0-10 counts 0,0,0,0,0,0,0,3,2,0,0 unanswered 0}", None),
    ("{v1 scale 0-10 counts 50,20,30,20,30,20,30,100,100,300,300 unanswered 0}", None),
]

CSAT_TESTS = [
    ("{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}",
     "{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}"),
    ("{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}",
     "{v1 scale 1-5 counts 2,4,6,8,10 unanswered 7}"),
    ("{v1 scale 1-5 counts 100,50,32,41,40 unanswered 0}",
     "{v1 scale 1-5 counts 133,0,0,0,15 unanswered 0}"),
    ("{v1 scale 1-5 counts 4,3,3,0,0 unanswered 2}",
     "{v1 scale 1-5 counts 0,0,0,6,4 unanswered 2}"),
    ("{v1 scale 1-2 counts 900,100 unanswered 0}",
     "{v1 scale 1-2 counts 100,900 unanswered 0}"),
    ("{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}",
     "{v1 scales 0-10,1-5 answered 7 satisfied 3 unanswered 0}"),
    ("{v1 scale 1-5 counts 0,0,0,0,1 unanswered 0}",
     "{v1 scale 1-5 counts 1,0,0,0,0 unanswered 0}"),
    ("{v1 scale 1-5 counts 5,0,0,0,0 unanswered 0}",
     "{v1 scale 1-5 counts 8,0,0,0,0 unanswered 0}"),
    ("{v1 scale 1-5 counts 0,0,0,0,5 unanswered 0}",
     "{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,8,0 unanswered 0}"),
]

NPS_TESTS = [
    ("{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}",
     "{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}"),
    ("{v1 scale 0-10 counts 1,1,1,1,1,1,2,3,4,5,6 unanswered 0}",
     "{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,8,12 unanswered 5}"),
    ("{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,0,1 unanswered 0}",
     "{v1 scale 0-10 counts 1,0,0,0,0,0,0,0,0,0,0 unanswered 0}"),
    ("{v1 scale 0-10 counts 50,20,30,20,30,20,30,100,100,300,300 unanswered 0}",
     "{v1 scale 0-10 counts 100,50,50,50,50,50,50,100,100,150,250 unanswered 0}"),
    ("{v1 scale 0-10 counts 0,0,0,0,0,0,0,0,0,300,300 unanswered 0}",
     "{v1 scale 0-10 counts 300,0,0,0,0,0,0,0,0,0,300 unanswered 0}"),
]


def sql_num(x):
    """A float as an exact SQL numeric literal with 17 significant digits."""
    if x == 0:
        return "0"
    return "%.17g" % x


def conf_sql(conf):
    return "" if conf is None else ", %s" % conf


def values(rows):
    return ",\n".join(rows)


def main():
    cross_check()

    rows = []
    for text, conf in CSAT:
        n, s, _, _, _ = parse_summary(text)
        lo, hi = wilson(s, n, 0.95 if conf is None else conf)
        label = "%d/%d %s" % (s, n, "95%" if conf is None else "%g%%" % (100 * conf))
        for side, v in (("lower", lo), ("upper", hi)):
            rows.append("('%s %s', csat_ci_%s('%s'%s), %s)"
                        % (label, side, side, text, conf_sql(conf), sql_num(100 * v)))
    print("-- csat_ci_lower / csat_ci_upper\n" + values(rows) + "\n")

    rows = []
    for text, conf in NPS:
        n, _, p, d, _ = parse_summary(text)
        lo, hi = nps_wald(p, d, n, 0.95 if conf is None else conf)
        label = "P%d D%d n%d %s" % (p, d, n, "95%" if conf is None else "%g%%" % (100 * conf))
        for side, v in (("lower", lo), ("upper", hi)):
            rows.append("('%s %s', nps_ci_%s('%s'%s), %s)"
                        % (label, side, side, text, conf_sql(conf), sql_num(100 * v)))
    print("-- nps_ci_lower / nps_ci_upper\n" + values(rows) + "\n")

    rows = []
    for a, b in CSAT_TESTS:
        n1, s1, _, _, _ = parse_summary(a)
        n2, s2, _, _, _ = parse_summary(b)
        rows.append("('%d/%d vs %d/%d', csat_ztest('%s', '%s'), %s)"
                    % (s1, n1, s2, n2, a, b, sql_num(two_prop_p(s1, n1, s2, n2))))
    print("-- csat_ztest\n" + values(rows) + "\n")

    rows = []
    for a, b in NPS_TESTS:
        n1, _, p1, d1, _ = parse_summary(a)
        n2, _, p2, d2, _ = parse_summary(b)
        rows.append("('P%d D%d n%d vs P%d D%d n%d', nps_ztest('%s', '%s'), %s)"
                    % (p1, d1, n1, p2, d2, n2, a, b,
                       sql_num(nps_test_p(p1, d1, n1, p2, d2, n2))))
    print("-- nps_ztest\n" + values(rows))


if __name__ == "__main__":
    sys.exit(main())
