#!/usr/bin/python3
"""csat through a real client: psycopg2 (Debian's python3-psycopg2).

Run with /usr/bin/python3; the connection comes from the PG* environment
variables (libpq defaults).  The database must have the csat extension
installed.  Works in its own schema, which it drops at the end.

Checks: ratings and summaries read as text, aggregates as decimal.Decimal,
parameterised inserts (integer and text) into a satisfaction_rating(1,5)
column, binary COPY out and back in, and the low-score NOTIFY sent by
csat_notify_low_rating().  Prints one line per check; exits 1 if any fails.
"""
import io
import json
import select
import struct
import sys
import time
from decimal import Decimal
from fractions import Fraction

import psycopg2
import psycopg2.extensions

SCHEMA = "csat_py_client"
CHANNEL = "csat_py_low"

from checklib import check, expect, summary  # noqa: E402


def correctly_rounded(d, exact):
    """d is a Decimal equal to the exact rational to its own last digit."""
    expect(isinstance(d, Decimal), f"{d!r} is a {type(d).__name__}, not Decimal")
    ulp = Fraction(10) ** d.as_tuple().exponent
    expect(abs(Fraction(d) - exact) <= ulp / 2,
           f"{d} is not {float(exact)!r} rounded to {-d.as_tuple().exponent} places")


def expect_error(cur, sql, params, sqlstate):
    try:
        cur.execute(sql, params)
    except psycopg2.Error as e:
        cur.connection.rollback()
        expect(e.pgcode == sqlstate,
               f"expected SQLSTATE {sqlstate}, got {e.pgcode}: {e.pgerror}")
        return e.diag.message_primary
    cur.connection.rollback()
    raise AssertionError(f"expected SQLSTATE {sqlstate}, but {sql!r} with {params!r} succeeded")


# The ratings below, with their exact metrics:
#   csat 5,4,2,1,5,3 (+1 NULL): top-two-box 3/6 = 50%, >= 5: 2/6, mean 20/6,
#                               answered 6 of 7 = 600/7 %
#   nps 10,9,3,7,10,6 (+1 NULL): promoters 3, detractors 2: 100/6
TICKETS = [
    (1, "ann", "5/5", "10/0-10"),
    (2, "ann", "4/5", "9/0-10"),
    (3, "bob", "2/5", "3/0-10"),
    (4, "bob", None, "7/0-10"),
    (5, "cid", "1/5", None),
    (6, "cid", "5/5", "10/0-10"),
    (7, "cid", "3/5", "6/0-10"),
]


def setup(conn):
    with conn.cursor() as cur:
        cur.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cur.execute(f"CREATE SCHEMA {SCHEMA}")
        cur.execute(f"SET search_path = {SCHEMA}, public")
        cur.execute("""
            CREATE TABLE tickets (
                id      integer PRIMARY KEY,
                agent   text NOT NULL,
                csat    satisfaction_rating(1,5),
                nps     satisfaction_rating(0,10))""")
        cur.executemany("INSERT INTO tickets VALUES (%s, %s, %s, %s)", TICKETS)
        cur.execute("""
            CREATE TABLE agent_summaries (
                agent   text PRIMARY KEY,
                csat    rating_summary,
                nps     rating_summary)""")
        cur.execute("""
            INSERT INTO agent_summaries
            SELECT agent, rating_summary(csat), rating_summary(nps)
            FROM tickets GROUP BY agent""")
        cur.execute("CREATE TABLE tickets_copy (LIKE tickets)")
        cur.execute("CREATE TABLE agent_summaries_copy (LIKE agent_summaries)")
        cur.execute("CREATE TABLE entered (id integer, csat satisfaction_rating(1,5))")
    conn.commit()


def main():
    conn = psycopg2.connect("")
    print(f"psycopg2 {psycopg2.__version__.split()[0]}, server {conn.server_version}")
    setup(conn)
    cur = conn.cursor()
    cur.execute(f"SET search_path = {SCHEMA}, public")
    conn.commit()

    @check("ratings read as text")
    def _():
        cur.execute("SELECT csat, nps FROM tickets ORDER BY id")
        got = cur.fetchall()
        want = [(c, n) for _, _, c, n in TICKETS]
        expect(got == want, f"got {got}, want {want}")
        cur.execute("SELECT '9/0..10'::satisfaction_rating, ' 3 / 7 '::satisfaction_rating")
        got = cur.fetchone()
        expect(got == ("9/0-10", "3/7"), f"canonical forms: got {got}")
        return f"{len(want)} rows, canonical output"

    @check("summaries read as text and sent back as parameters")
    def _():
        cur.execute("SELECT rating_summary(csat), rating_summary(nps) FROM tickets")
        s_csat, s_nps = cur.fetchone()
        expect(s_csat == "{v1 scale 1-5 counts 1,1,1,1,2 unanswered 1}", f"csat summary {s_csat!r}")
        expect(s_nps == "{v1 scale 0-10 counts 0,0,0,1,0,0,1,1,0,1,2 unanswered 1}",
               f"nps summary {s_nps!r}")
        cur.execute("SELECT csat_pct(%s::rating_summary), nps(%s::rating_summary), "
                    "%s::rating_summary::text", (s_csat, s_nps, s_csat))
        pct, nps, again = cur.fetchone()
        correctly_rounded(pct, Fraction(50))
        correctly_rounded(nps, Fraction(100, 6))
        expect(again == s_csat, f"round trip gave {again!r}")
        return s_csat

    @check("aggregates read as decimal.Decimal")
    def _():
        cur.execute("""
            SELECT csat_pct(csat), csat_pct(csat, 5), ces_avg(csat), nps(nps),
                   response_rate(rating_summary(csat)), answered(rating_summary(csat))
            FROM tickets""")
        pct, pct5, ces, nps, rate, answered = cur.fetchone()
        correctly_rounded(pct, Fraction(50))
        correctly_rounded(pct5, Fraction(100, 3))
        correctly_rounded(ces, Fraction(20, 6))
        correctly_rounded(nps, Fraction(100, 6))
        correctly_rounded(rate, Fraction(600, 7))
        expect(answered == 6 and isinstance(answered, int), f"answered {answered!r}")
        cur.execute("SELECT agent, csat_pct(csat) FROM tickets GROUP BY agent ORDER BY agent")
        by_agent = cur.fetchall()
        want = [("ann", Fraction(100)), ("bob", Fraction(0)), ("cid", Fraction(100, 3))]
        expect([a for a, _ in by_agent] == [a for a, _ in want], f"groups {by_agent}")
        for (_, got), (_, exact) in zip(by_agent, want):
            correctly_rounded(got, exact)
        cur.execute("SELECT csat_pct(csat) FROM tickets WHERE false")
        expect(cur.fetchone()[0] is None, "no ratings should give NULL (None)")
        return f"csat {pct}, nps {nps}"

    @check("insert an integer parameter into satisfaction_rating(1,5)")
    def _():
        cur.execute("INSERT INTO entered VALUES (%s, %s)", (1, 4))
        cur.execute("INSERT INTO entered VALUES (%s, %s)", (2, None))
        cur.execute("SELECT csat FROM entered WHERE id IN (1, 2) ORDER BY id")
        got = [r[0] for r in cur.fetchall()]
        expect(got == ["4/5", None], f"read back {got}")
        conn.commit()
        msg = expect_error(cur, "INSERT INTO entered VALUES (%s, %s)", (3, 7), "22003")
        return f"4 -> 4/5; 7 -> 22003 \"{msg}\""

    @check("insert a text parameter into satisfaction_rating(1,5)")
    def _():
        cur.execute("INSERT INTO entered VALUES (%s, %s)", (4, "4/5"))
        cur.execute("INSERT INTO entered VALUES (%s, %s)", (5, " 2 / 1-5 "))
        cur.execute("SELECT csat FROM entered WHERE id IN (4, 5) ORDER BY id")
        got = [r[0] for r in cur.fetchall()]
        expect(got == ["4/5", "2/5"], f"read back {got}")
        conn.commit()
        msg = expect_error(cur, "INSERT INTO entered VALUES (%s, %s)", (6, "4/7"), "42804")
        expect_error(cur, "INSERT INTO entered VALUES (%s, %s)", (6, "four"), "22P02")
        return f"'4/5' -> 4/5; '4/7' -> 42804 \"{msg}\""

    def copy_out(sql):
        buf = io.BytesIO()
        cur.copy_expert(f"COPY {sql} TO STDOUT (FORMAT binary)", buf)
        return buf.getvalue()

    def copy_in(table, data):
        cur.copy_expert(f"COPY {table} FROM STDIN (FORMAT binary)", io.BytesIO(data))

    def binary_rows(data):
        """Split a binary COPY stream into rows of raw field bytes (None for NULL)."""
        sig = b"PGCOPY\n\xff\r\n\0"
        expect(data.startswith(sig), "no binary COPY signature")
        pos = len(sig) + 4
        (ext,) = struct.unpack_from("!i", data, pos)
        pos += 4 + ext
        rows = []
        while True:
            (n,) = struct.unpack_from("!h", data, pos)
            pos += 2
            if n == -1:
                break
            row = []
            for _ in range(n):
                (length,) = struct.unpack_from("!i", data, pos)
                pos += 4
                if length == -1:
                    row.append(None)
                else:
                    row.append(data[pos:pos + length])
                    pos += length
            rows.append(row)
        expect(pos == len(data), "trailing bytes after the COPY trailer")
        return rows

    @check("binary COPY out: ratings are 2 bytes, value then scale")
    def _():
        rows = binary_rows(copy_out("(SELECT id, csat, nps FROM tickets ORDER BY id)"))
        expect(len(rows) == len(TICKETS), f"{len(rows)} rows")
        for row, (_, _, c, n) in zip(rows, TICKETS):
            for raw, text, lo, hi in ((row[1], c, 1, 5), (row[2], n, 0, 10)):
                if text is None:
                    expect(raw is None, f"NULL came out as {raw!r}")
                    continue
                want = bytes([int(text.split("/")[0]), lo << 4 | hi])
                expect(raw == want, f"{text} came out as {raw.hex()}, want {want.hex()}")
        conn.commit()
        return f"{len(rows)} rows; 4/5 = {bytes([4, 0x15]).hex()}"

    @check("binary COPY out and back in gives identical data")
    def _():
        out = copy_out("tickets")
        copy_in("tickets_copy", out)
        sums = copy_out("agent_summaries")
        copy_in("agent_summaries_copy", sums)
        conn.commit()
        cur.execute("""
            SELECT (SELECT count(*) FROM tickets),
                   (SELECT count(*) FROM (TABLE tickets EXCEPT ALL TABLE tickets_copy) d),
                   (SELECT count(*) FROM (TABLE tickets_copy EXCEPT ALL TABLE tickets) d),
                   (SELECT count(*) FROM agent_summaries a JOIN agent_summaries_copy b
                      USING (agent)
                    WHERE a.csat::text = b.csat::text AND a.nps::text = b.nps::text)""")
        n, missing, extra, same_summaries = cur.fetchone()
        expect(n == len(TICKETS) and missing == 0 and extra == 0,
               f"{n} rows, {missing} missing, {extra} extra after the round trip")
        expect(same_summaries == 3, f"{same_summaries} of 3 summaries identical")
        expect(copy_out("tickets_copy") == out, "second COPY out differs byte for byte")
        expect(copy_out("agent_summaries_copy") == sums, "summaries COPY differs byte for byte")
        conn.commit()
        cur.execute("SELECT csat_pct(csat), nps(nps) FROM tickets_copy")
        pct, nps = cur.fetchone()
        correctly_rounded(pct, Fraction(50))
        correctly_rounded(nps, Fraction(100, 6))
        return f"{len(out)} + {len(sums)} bytes"

    @check("binary COPY in validates the column's scale")
    def _():
        nps_only = copy_out("(SELECT id, nps FROM tickets WHERE nps IS NOT NULL)")
        conn.commit()
        try:
            copy_in("entered", nps_only)
        except psycopg2.Error as e:
            conn.rollback()
            expect(e.pgcode == "42804", f"SQLSTATE {e.pgcode}: {e.pgerror}")
            return f"42804 \"{e.diag.message_primary}\""
        conn.rollback()
        raise AssertionError("0..10 ratings were accepted into satisfaction_rating(1,5)")

    @check("LISTEN receives the low-score notification as JSON")
    def _():
        cur.execute(f"""
            CREATE TRIGGER tickets_low_csat
                AFTER INSERT OR UPDATE OF csat ON tickets
                FOR EACH ROW
                EXECUTE FUNCTION csat_notify_low_rating('csat', '{CHANNEL}', '2', 'id')""")
        conn.commit()

        listener = psycopg2.connect("")
        listener.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
        try:
            lcur = listener.cursor()
            lcur.execute(f"LISTEN {CHANNEL}")

            cur.execute("INSERT INTO tickets VALUES (%s, %s, %s, %s)", (20, "dee", "4/5", None))
            cur.execute("INSERT INTO tickets VALUES (%s, %s, %s, %s)", (21, "dee", 2, None))
            cur.execute("INSERT INTO tickets VALUES (%s, %s, %s, %s)", (22, "dee", None, None))
            conn.commit()
            cur.execute("INSERT INTO tickets VALUES (%s, %s, %s, %s)", (23, "dee", "1/5", None))
            conn.rollback()                                     # never notifies
            cur.execute("UPDATE tickets SET csat = csat WHERE id = 21")  # fires, unchanged
            cur.execute("UPDATE tickets SET csat = '1/5' WHERE id = 20")
            cur.execute("UPDATE tickets SET csat = '5/5' WHERE id = 22")
            conn.commit()

            got = []
            deadline = time.monotonic() + 5
            while len(got) < 2 and time.monotonic() < deadline:
                if select.select([listener], [], [], 0.5) == ([], [], []):
                    continue
                listener.poll()
                while listener.notifies:
                    got.append(listener.notifies.pop(0))
            # anything more (there should be nothing) arrives within a moment
            if select.select([listener], [], [], 0.5) != ([], [], []):
                listener.poll()
                got.extend(listener.notifies)
        finally:
            listener.close()

        expect(len(got) == 2, f"{len(got)} notifications: {[n.payload for n in got]}")
        expect(all(n.channel == CHANNEL for n in got), "wrong channel")
        payloads = [json.loads(n.payload) for n in got]
        want = [
            {"table": f"{SCHEMA}.tickets", "op": "INSERT", "column": "csat", "key": "21",
             "rating": "2/5", "value": 2, "scale_lo": 1, "scale_hi": 5},
            {"table": f"{SCHEMA}.tickets", "op": "UPDATE", "column": "csat", "key": "20",
             "rating": "1/5", "value": 1, "scale_lo": 1, "scale_hi": 5},
        ]
        expect(payloads == want, f"payloads {payloads}")
        return got[0].payload

    @check("misconfigured alert triggers fail with specific SQLSTATEs")
    def _():
        cur.execute("CREATE TABLE alert_errors (id int, r satisfaction_rating, n int, t text)")
        conn.commit()
        cases = [
            ("AFTER INSERT", "FOR EACH ROW", "'r', 'c'", "22023"),            # too few arguments
            ("AFTER INSERT", "FOR EACH ROW", "'nope', 'c', '2'", "42703"),    # no such column
            ("AFTER INSERT", "FOR EACH ROW", "'t', 'c', '2'", "42804"),       # not a rating
            ("AFTER INSERT", "FOR EACH ROW", "'n', 'c', '2'", "22023"),       # integer: the threshold needs its scale ('2/5')
            ("AFTER INSERT", "FOR EACH ROW", "'r', 'c', 'two'", "22P02"),     # threshold not an integer
            ("AFTER INSERT", "FOR EACH ROW", "'r', 'c', '11'", "22003"),      # threshold off every scale
            ("AFTER INSERT", "FOR EACH ROW", "'r', '', '2'", "22023"),        # empty channel
            ("AFTER INSERT", "FOR EACH ROW", "'r', 'c', '2', 'nope'", "42703"),  # no such key column
            ("BEFORE INSERT", "FOR EACH ROW", "'r', 'c', '2'", "39P01"),      # not AFTER
            ("AFTER INSERT", "FOR EACH STATEMENT", "'r', 'c', '2'", "39P01"),  # not FOR EACH ROW
        ]
        for when, level, args, sqlstate in cases:
            cur.execute(f"CREATE TRIGGER t {when} ON alert_errors {level} "
                        f"EXECUTE FUNCTION csat_notify_low_rating({args})")
            conn.commit()
            expect_error(cur, "INSERT INTO alert_errors VALUES (1, '1/5', 1)", None, sqlstate)
            cur.execute("DROP TRIGGER t ON alert_errors")
            conn.commit()
        expect_error(cur, "SELECT csat_notify_low_rating()", None, "39P01")
        return f"{len(cases) + 1} cases"

    cur.close()
    with conn.cursor() as c:
        c.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
    conn.commit()
    conn.close()

    return summary("psycopg2")


if __name__ == "__main__":
    sys.exit(main())
