#!/usr/bin/python3
"""csat through psycopg 3 (Debian's python3-psycopg), with and without the
adapters of clients/python/csat/psycopg.py.

Run with /usr/bin/python3; the connection comes from the PG* environment
variables.  Works in its own schema, dropped at the end.  Prints one line
per check; exits 1 if any fails.

Checks: what plain psycopg 3 returns for ratings, summaries and aggregates
in text and binary; inserts of int, Decimal, float and str parameters into
modified columns (psycopg 3 types its parameters: int2/int4/int8, numeric,
float8, text); integer parameters in WHERE clauses; with register_csat():
ratings and summaries as csat.Rating / csat.RatingSummary in both formats,
and inserted from them in both formats.
"""
import os
import sys
from decimal import Decimal

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "clients", "python"))

import psycopg                           # noqa: E402

import csat                              # noqa: E402
import csat.psycopg                      # noqa: E402

SCHEMA = "csat_psycopg3_client"
from checklib import check, expect, summary  # noqa: E402


def connect():
    return psycopg.connect("", autocommit=True, options=f"-c search_path={SCHEMA},public")


def main():
    with psycopg.connect("", autocommit=True) as c:
        print(f"psycopg {psycopg.__version__}, libpq {psycopg.pq.version()}, server {c.info.server_version}")
        c.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        c.execute(f"CREATE SCHEMA {SCHEMA}")
        c.execute(f"SET search_path = {SCHEMA}, public")
        c.execute("""CREATE TABLE answers (id integer PRIMARY KEY, how text,
                     csat satisfaction_rating(1,5), nps satisfaction_rating(0,10))""")
        c.execute("""INSERT INTO answers VALUES (1, 'sql', '4/5', '9/0-10'), (2, 'sql', '2/5', '6/0-10'),
                     (3, 'sql', NULL, '10/0-10')""")
        c.execute("CREATE TABLE sums (id integer, s rating_summary)")

    plain = connect()
    q = "SELECT csat, rating_summary(csat) OVER (), csat_pct(csat) OVER () FROM answers WHERE id = 1"

    @check("plain psycopg 3, text: rating and summary as str, aggregate as Decimal")
    def _():
        r, s, p = plain.execute(q).fetchone()
        expect(r == "4/5" and s.startswith("{v1 scale 1-5 counts") and isinstance(p, Decimal), (r, s, p))
        return f"{r!r}, {s!r}, {p!r}"

    @check("plain psycopg 3, binary: opaque bytes (what the adapter fixes)")
    def _():
        r, s, p = plain.execute(q, binary=True).fetchone()
        expect(r == b"\x04\x15" and isinstance(s, bytes) and len(s) == 116 and p == Decimal(100), (r, len(s), p))
        return f"rating {r!r}, summary {len(s)} bytes, csat_pct {p}"

    @check("plain psycopg 3: int, Decimal, float and str parameters into modified columns")
    def _():
        rows = [(10, "int", 4, 9), (11, "int", 5, 10), (12, "Decimal", Decimal("3"), Decimal("7.0")),
                (13, "float", 2.0, 0.0), (14, "str", "1/5", "8/0-10")]
        with plain.cursor() as cur:
            cur.executemany("INSERT INTO answers VALUES (%s, %s, %s, %s)", rows)
            # psycopg 3 sends a Python int as the smallest of int2/int4/int8
            # that holds it; bigint and numeric parameters as typed here
            cur.execute("INSERT INTO answers VALUES (15, 'int8', %s::bigint, NULL)", [3])
            cur.execute("INSERT INTO answers VALUES (16, 'numeric', NULL, %s::numeric)", [5])
            got = cur.execute("SELECT string_agg(coalesce(csat::text, '-') || ' ' || coalesce(nps::text, '-'), ', ' ORDER BY id) "
                              "FROM answers WHERE id >= 10").fetchone()[0]
        expect(got == "4/5 9/0-10, 5/5 10/0-10, 3/5 7/0-10, 2/5 0/0-10, 1/5 8/0-10, 3/5 -, - 5/0-10", got)
        return got

    @check("plain psycopg 3: Decimal 4.5 and float NaN are 22003, not rounded")
    def _():
        states = []
        for v in (Decimal("4.5"), float("nan")):
            try:
                plain.execute("INSERT INTO answers VALUES (90, 'bad', %s, NULL)", [v])
            except psycopg.Error as e:
                states.append(e.sqlstate)
        expect(states == ["22003", "22003"], states)
        return ", ".join(states)

    @check("plain psycopg 3: WHERE csat >= %s, nps <= %s, csat = %s with ints")
    def _():
        a = plain.execute("SELECT count(*) FROM answers WHERE csat >= %s", [4]).fetchone()[0]
        b = plain.execute("SELECT count(*) FROM answers WHERE nps <= %s", [6]).fetchone()[0]
        c = plain.execute("SELECT count(*) FROM answers WHERE csat = %s", [3]).fetchone()[0]
        d = plain.execute("SELECT count(*) FROM answers WHERE csat >= %s", [2**40]).fetchone()[0]
        expect((a, b, c, d) == (3, 3, 2, 0), (a, b, c, d))
        return f"{a}, {b}, {c}, {d}"

    adapted = connect()
    csat.psycopg.register_csat(adapted)

    for binary in (False, True):
        fmt = "binary" if binary else "text"

        @check(f"register_csat, {fmt} fetch: Rating and RatingSummary")
        def _():
            rows = adapted.execute("SELECT csat, nps, rating_summary(csat) OVER (), rating_summary(nps) OVER (), "
                                   "csat_pct(csat) OVER () FROM answers WHERE id <= 3 ORDER BY id", binary=binary).fetchall()
            r, n, s, sn, p = rows[0]
            expect(r == csat.Rating(4, 1, 5) and n == csat.Rating(9, 0, 10), (r, n))
            expect(rows[2][0] is None, rows[2])
            expect(str(s) == "{v1 scale 1-5 counts 0,1,0,1,0 unanswered 1}", str(s))
            expect(s.answered == 2 and s.unanswered == 1 and s.satisfied == 1, vars(s))
            expect(sn.counts[9] == 1 and sn.counts[6] == 1 and sn.counts[10] == 1, sn.counts)
            expect(p == Decimal(50), p)
            return f"{r!r}, {s!r}"

        @check(f"register_csat, {fmt} insert of Rating and RatingSummary")
        def _():
            base = 20 if not binary else 30
            with adapted.cursor() as cur:
                ph = "%b" if binary else "%t"
                cur.execute(f"INSERT INTO answers VALUES ({ph}, 'Rating', {ph}, {ph})",
                            [base, csat.Rating(5, 1, 5), csat.Rating(0, 0, 10)])
                s = csat.RatingSummary.parse("{v1 scale 1-5 counts 3,0,5,9,12 unanswered 4 satisfied_from 5}")
                m = csat.RatingSummary.parse("{v1 scales 0-10,1-5 answered 10 satisfied 4 unanswered 2}")
                e = csat.RatingSummary.parse("{v1 unanswered 3}")
                cur.execute(f"INSERT INTO sums VALUES ({ph}, {ph}), ({ph}, {ph}), ({ph}, {ph})",
                            [base, s, base + 1, m, base + 2, e])
                got = cur.execute("SELECT csat::text, nps::text FROM answers WHERE id = %s", [base]).fetchone()
                sums = cur.execute("SELECT s::text, csat_pct(s) FROM sums WHERE id >= %s ORDER BY id", [base]).fetchall()
                back = cur.execute("SELECT s FROM sums WHERE id >= %s ORDER BY id", [base], binary=binary).fetchall()
            expect(got == ("5/5", "0/0-10"), got)
            expect([x[0] for x in sums] == [str(s), str(m), str(e)], sums)
            expect(sums[0][1] == Decimal(12 * 100) / 29 or abs(sums[0][1] - Decimal(1200) / 29) < Decimal("1e-15"), sums[0][1])
            expect([x[0] for x in back] == [s, m, e], back)
            return f"{got}, {len(sums)} summaries round trip"

    @check("register_csat: a Rating on another scale is refused by the column (42804)")
    def _():
        for ph in ("%t", "%b"):
            try:
                adapted.execute(f"INSERT INTO answers VALUES (91, 'bad', {ph}, NULL)", [csat.Rating(4, 1, 7)])
            except psycopg.Error as e:
                expect(e.sqlstate == "42804", e.sqlstate)
                continue
            raise AssertionError("4/7 stored in a (1,5) column")
        return "text and binary"

    @check("csat.Rating and RatingSummary: forms agree with the server's")
    def _():
        n = 0
        for lo in range(0, 10):
            for hi in range(lo + 1, 11):
                for v in (lo, hi):
                    r = csat.Rating(v, lo, hi)
                    t, b = adapted.execute("SELECT %s::satisfaction_rating::text, satisfaction_rating_send(%s::satisfaction_rating)",
                                           [str(r), str(r)]).fetchone()
                    expect(t == str(r) and bytes(b) == r.to_binary() and csat.Rating.parse(t) == r, (r, t, b))
                    n += 1
        return f"{n} ratings"

    adapted.close()
    plain.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
    plain.close()
    return summary("psycopg3")


if __name__ == "__main__":
    sys.exit(main())
