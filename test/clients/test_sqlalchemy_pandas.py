#!/usr/bin/python3
"""csat through SQLAlchemy and pandas (Debian's python3-sqlalchemy,
python3-pandas, python3-psycopg2), as Superset and notebooks use them.

Run with /usr/bin/python3; the connection comes from the PG* environment
variables.  Works in its own schema, dropped at the end.  Prints one line
per check; exits 1 if any fails.

Checks: schema reflection of satisfaction_rating(1,5) and (0,10) columns
(inspect, Table autoload, read_sql_table) without an exception, and with
csat.sqlalchemy registered, without a warning and with the scale; read_sql
of the aggregates as numbers; to_sql of an int column, of a float column
with NaN and of '4/5' strings into modified columns; a CSV written by
pandas (4.0, empty) loaded with COPY; psycopg2 integer parameters in
WHERE clauses (csat >= %s).
"""
import io
import os
import sys
import warnings
from decimal import Decimal

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "clients", "python"))

import pandas as pd                      # noqa: E402
import psycopg2                          # noqa: E402
import sqlalchemy as sa                  # noqa: E402

SCHEMA = "csat_sa_client"
from checklib import check, expect, summary  # noqa: E402


def main():
    engine = sa.create_engine("postgresql+psycopg2://", connect_args={"options": f"-c search_path={SCHEMA},public"})
    print(f"SQLAlchemy {sa.__version__}, pandas {pd.__version__}, psycopg2 {psycopg2.__version__.split()[0]}")
    with engine.begin() as c:
        c.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        c.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
        c.exec_driver_sql(f"SET search_path = {SCHEMA}, public")
        c.exec_driver_sql("""CREATE TABLE responses (
            id integer PRIMARY KEY, agent text NOT NULL,
            csat satisfaction_rating(1,5), nps satisfaction_rating(0,10), any_scale satisfaction_rating)""")
        c.exec_driver_sql("""INSERT INTO responses VALUES
            (1, 'ann', '5/5', '10/0-10', '3/7'), (2, 'ann', '4/5', '9/0-10', NULL),
            (3, 'bob', '2/5', '3/0-10', '1/3'), (4, 'bob', NULL, '7/0-10', NULL),
            (5, 'cid', '1/5', NULL, NULL), (6, 'cid', '5/5', '10/0-10', NULL), (7, 'cid', '3/5', '6/0-10', NULL)""")
        c.exec_driver_sql("CREATE TABLE loads (id integer, how text, csat satisfaction_rating(1,5), nps satisfaction_rating(0,10))")

    @check("format_type prints no comma between the modifier's numbers")
    def _():
        with engine.connect() as c:
            rows = c.exec_driver_sql("""SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
                WHERE attrelid = 'responses'::regclass AND attname IN ('csat', 'nps', 'any_scale') ORDER BY attnum""").all()
        got = [r[1] for r in rows]
        expect(got == ["satisfaction_rating(5)", "satisfaction_rating('0-10')", "satisfaction_rating"], got)
        return ", ".join(got)

    @check("inspect().get_columns reflects modified rating columns (no ValueError)")
    def _():
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            cols = {c["name"]: c for c in sa.inspect(engine).get_columns("responses", schema=SCHEMA)}
        expect(set(cols) == {"id", "agent", "csat", "nps", "any_scale"}, cols)
        expect(all(isinstance(cols[n]["type"], sa.types.NullType) for n in ("csat", "nps")), cols)
        msgs = sorted({str(x.message) for x in w})
        expect(all("Did not recognize type 'satisfaction_rating'" in m for m in msgs), msgs)
        return f"NullType, {len(w)} 'did not recognize' warnings"

    @check("Table(autoload_with=...) and a select through it")
    def _():
        md = sa.MetaData()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sa.exc.SAWarning)
            t = sa.Table("responses", md, autoload_with=engine, schema=SCHEMA)
        with engine.connect() as c:
            rows = c.execute(sa.select(t.c.id, t.c.csat, t.c.nps).where(t.c.id <= 2).order_by(t.c.id)).all()
        expect([tuple(r) for r in rows] == [(1, "5/5", "10/0-10"), (2, "4/5", "9/0-10")], rows)
        return f"{len(t.columns)} columns"

    @check("pandas.read_sql_table")
    def _():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sa.exc.SAWarning)
            df = pd.read_sql_table("responses", engine, schema=SCHEMA)
        expect(len(df) == 7 and list(df.columns) == ["id", "agent", "csat", "nps", "any_scale"], df)
        expect(df.loc[df.id == 2, "csat"].item() == "4/5", df)
        return f"{len(df)} rows, csat as {df.csat.dtype}"

    @check("csat.sqlalchemy: reflection with the scale, no warning, Rating values")
    def _():
        import csat
        import csat.sqlalchemy
        csat.sqlalchemy.register()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                cols = {c["name"]: c["type"] for c in sa.inspect(engine).get_columns("responses", schema=SCHEMA)}
                t = sa.Table("responses", sa.MetaData(), autoload_with=engine, schema=SCHEMA)
                df = pd.read_sql_table("responses", engine, schema=SCHEMA)
            expect(isinstance(cols["csat"], csat.sqlalchemy.SatisfactionRating), cols)
            expect((cols["csat"].scale, cols["nps"].scale, cols["any_scale"].scale) == ((1, 5), (0, 10), None),
                   (cols["csat"].scale, cols["nps"].scale))
            expect(df.loc[df.id == 1, "nps"].item() == csat.Rating(10, 0, 10), df)
            with engine.begin() as c:
                c.exec_driver_sql("CREATE TABLE sums AS SELECT agent, rating_summary(csat) AS s FROM responses GROUP BY agent")
                st = sa.Table("sums", sa.MetaData(), autoload_with=c, schema=SCHEMA)
                s = c.execute(sa.select(st.c.s).where(st.c.agent == "cid")).scalar_one()
                c.exec_driver_sql("DROP TABLE sums")
            expect(isinstance(st.c.s.type, csat.sqlalchemy.RatingSummaryType), st.c.s.type)
            expect(isinstance(s, csat.RatingSummary) and s.answered == 3 and s.counts[5] == 1, s)
            with engine.connect() as c:
                r = c.execute(sa.select(t.c.csat).where(t.c.csat >= 4).order_by(t.c.id)).scalars().all()
            expect(r == [csat.Rating(5, 1, 5), csat.Rating(4, 1, 5), csat.Rating(5, 1, 5)], r)
            # the column type renders its DDL in a form that reads back
            ddl = str(sa.schema.CreateTable(sa.Table("x", sa.MetaData(), sa.Column("r", csat.sqlalchemy.SatisfactionRating(0, 10)))).compile(engine))
            expect("satisfaction_rating('0-10')" in ddl, ddl)
            return f"csat {cols['csat'].get_col_spec()}, nps {cols['nps'].get_col_spec()}"
        finally:
            from sqlalchemy.dialects.postgresql import base
            base.ischema_names.pop("satisfaction_rating", None)
            base.ischema_names.pop("rating_summary", None)

    @check("pandas.read_sql of aggregates: numbers")
    def _():
        df = pd.read_sql("""SELECT agent, count(csat) AS answers, csat_pct(csat) AS csat_pct, nps(nps) AS nps,
                                   ces_avg(csat) AS mean, round(csat_pct(csat), 1) AS csat_1
                            FROM responses GROUP BY agent ORDER BY agent""", engine)
        expect(str(df.csat_pct.dtype) == "float64" and str(df.nps.dtype) == "float64", df.dtypes)
        # ann 5,4 -> 100; bob 2 -> 0; cid 1,5,3 -> 33.3; nps ann 10,9 -> 100; bob 3,7 -> -50; cid 10,6 -> 0
        expect(list(df.csat_pct.round(10)) == [100.0, 0.0, round(100 / 3, 10)], list(df.csat_pct))
        expect(list(df.nps) == [100.0, -50.0, 0.0], list(df.nps))
        expect(list(df.csat_1) == [100.0, 0.0, 33.3], list(df.csat_1))
        df2 = pd.read_sql("SELECT csat_pct(csat) AS p FROM responses", engine, coerce_float=False)
        expect(isinstance(df2.p[0], Decimal), type(df2.p[0]))
        return "float64 columns; Decimal with coerce_float=False"

    @check("to_sql: an int column into a modified column")
    def _():
        pd.DataFrame({"id": [1, 2], "how": "int", "csat": [4, 5], "nps": [0, 10]}).to_sql(
            "loads", engine, schema=SCHEMA, if_exists="append", index=False)
        return "int64"

    @check("to_sql: a float column with NaN (an integer column with gaps)")
    def _():
        df = pd.DataFrame({"id": [3, 4, 5], "how": "float", "csat": [3, None, 1], "nps": [9.0, 7.0, None]})
        expect(str(df.csat.dtype) == "float64", df.dtypes)
        df.to_sql("loads", engine, schema=SCHEMA, if_exists="append", index=False)
        return "float64 with NaN"

    @check("to_sql: '4/5' strings")
    def _():
        pd.DataFrame({"id": [6, 7], "how": "text", "csat": ["4/5", None], "nps": ["9/0-10", "0/0-10"]}).to_sql(
            "loads", engine, schema=SCHEMA, if_exists="append", index=False)
        return "object"

    @check("to_sql: the rows stored, NaN as NULL")
    def _():
        got = pd.read_sql("SELECT id, csat::text AS csat, nps::text AS nps FROM loads WHERE id <= 7 ORDER BY id", engine)
        want = [(1, "4/5", "0/0-10"), (2, "5/5", "10/0-10"), (3, "3/5", "9/0-10"), (4, None, "7/0-10"),
                (5, "1/5", None), (6, "4/5", "9/0-10"), (7, None, "0/0-10")]
        rows = [(int(a), b, c) for a, b, c in got.astype(object).where(got.notna(), None).itertuples(index=False)]
        expect(rows == want, rows)
        return f"{len(rows)} rows"

    @check("to_sql: a float 4.5 is refused (22003), not rounded")
    def _():
        try:
            pd.DataFrame({"id": [8], "how": "bad", "csat": [4.5], "nps": [None]}).to_sql(
                "loads", engine, schema=SCHEMA, if_exists="append", index=False)
        except sa.exc.DBAPIError as e:
            expect(e.orig.pgcode == "22003", e.orig.pgcode)
            return e.orig.diag.message_primary
        raise AssertionError("4.5 was stored")

    @check("COPY of a CSV that pandas wrote (4.0, empty fields)")
    def _():
        df = pd.DataFrame({"id": [10, 11, 12], "how": "csv", "csat": [4, None, 2], "nps": [10, 3, None]})
        buf = io.StringIO()
        df.to_csv(buf, index=False, header=False)
        expect("10,csv,4.0,10.0" in buf.getvalue(), buf.getvalue())
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.copy_expert(f"COPY {SCHEMA}.loads (id, how, csat, nps) FROM STDIN (FORMAT csv)", io.StringIO(buf.getvalue()))
            raw.commit()
            cur.execute(f"SELECT string_agg(coalesce(csat::text, '-') || ' ' || coalesce(nps::text, '-'), ', ' ORDER BY id) FROM {SCHEMA}.loads WHERE how = 'csv'")
            got = cur.fetchone()[0]
        finally:
            raw.close()
        expect(got == "4/5 10/0-10, - 3/0-10, 2/5 -", got)
        return buf.getvalue().strip().replace("\n", " | ")

    @check("psycopg2: WHERE csat >= %s / nps <= %s with Python ints")
    def _():
        conn = psycopg2.connect("")
        try:
            cur = conn.cursor()
            cur.execute(f"SET search_path = {SCHEMA}, public")
            cur.execute("SELECT id FROM responses WHERE csat >= %s ORDER BY id", (4,))
            a = [r[0] for r in cur.fetchall()]
            cur.execute("SELECT count(*) FROM responses WHERE nps <= %s", (6,))
            b = cur.fetchone()[0]
            cur.execute("SELECT count(*) FROM responses WHERE csat = %s", ("4/5",))
            c = cur.fetchone()[0]
        finally:
            conn.close()
        expect(a == [1, 2, 6] and b == 2 and c == 1, (a, b, c))
        return f"csat >= 4: ids {a}; nps <= 6: {b}; csat = '4/5': {c}"

    with engine.begin() as c:
        c.exec_driver_sql(f"DROP SCHEMA {SCHEMA} CASCADE")
    return summary("sqlalchemy+pandas")


if __name__ == "__main__":
    sys.exit(main())
