#!/usr/bin/env bash
# csat through psqlODBC (Debian's odbc-postgresql, what Excel, Power BI and
# Tableau use) with its DEFAULT settings (UseServerSidePrepare=1: parameters
# go to the server untyped), through unixODBC's isql and pyodbc:
#  - isql's table output shows every rating whole: '10/0-10' and '3/0-5' in
#    satisfaction_rating(0,10) and (0,5) columns (the driver sizes a type it
#    does not know as atttypmod - 4 characters; 0.3.0's typmods gave 6 and 1,
#    and isql showed 10/0-1 and 3).  A column with a 0.3.0 typmod (set by
#    hand, as pg_upgrade carries it) is shown cut short, and after the
#    README's ALTER ... TYPE it is whole;
#  - pyodbc: INSERT with int, Decimal, float and str parameters, reads,
#    filters (=, IN, BETWEEN, >= with int/Decimal/float parameters), UPDATE,
#    aggregates; a bare number into a column without a scale is refused.
# Runs inside a cluster with PG* set; about 5 s.
# versions: 15
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/reliability/lib.sh
rel_init odbc
rel_tmp
T=$REL_TMP

driver=/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so
[ -f "$driver" ] && command -v isql >/dev/null && /usr/bin/python3 -c 'import pyodbc' 2>/dev/null ||
	fail "psqlODBC, isql or pyodbc missing (odbc-postgresql unixodbc python3-pyodbc; test/install-deps.sh)"

rel_db db odbc
q "$db" -c "CREATE EXTENSION csat" >/dev/null || fail "CREATE EXTENSION"
q "$db" -c "CREATE TABLE nps (id integer PRIMARY KEY, score satisfaction_rating(0,10), effort satisfaction_rating(0,5), any_scale satisfaction_rating);
	INSERT INTO nps VALUES (1, '10/0-10', '3/0-5', '4/5'), (2, '9/0-10', '5/0-5', '4/10');
	CREATE TABLE old_nps (id integer, score satisfaction_rating(0,10));
	INSERT INTO old_nps VALUES (1, '10/0-10');
	UPDATE pg_attribute SET atttypmod = atttypmod & 255
	  WHERE attrelid = 'old_nps'::regclass AND attname = 'score'" >/dev/null || fail "tables"

# a DSN of the driver's defaults: only where to connect
cat >"$T/odbc.ini" <<EOF
[csat]
Driver=$driver
Servername=${PGHOST:-127.0.0.1}
Port=${PGPORT:-5432}
Database=$db
Username=${PGUSER:-postgres}
EOF
: >"$T/odbcinst.ini"
export ODBCINI=$T/odbc.ini ODBCSYSINI=$T

# ---- isql's table output
echo "SELECT id, score, effort FROM nps ORDER BY id" | isql -v csat >"$T/isql.out" 2>&1 || fail "isql: $(cat "$T/isql.out")"
grep -Eq '^\| 1 +\| 10/0-10 +\| 3/0-5 +\|' "$T/isql.out" &&
	grep -Eq '^\| 2 +\| 9/0-10 +\| 5/0-5 +\|' "$T/isql.out" ||
	fail "isql does not show the ratings whole: $(grep -E '^\| [12] ' "$T/isql.out" | tr -s ' ')"
echo "isql: $(grep -E '^\| 1 ' "$T/isql.out" | tr -s ' ')"
echo "SELECT id, score FROM old_nps" | isql -v csat >"$T/old.out" 2>&1 || fail "isql: $(cat "$T/old.out")"
grep -Eq '^\| 1 +\| 10/0-1 *\|' "$T/old.out" ||
	fail "a column with a 0.3.0 typmod is not cut short as the issue says: $(grep -E '^\| 1 ' "$T/old.out" | tr -s ' ')"
echo "isql, 0.3.0 typmod: $(grep -E '^\| 1 ' "$T/old.out" | tr -s ' ')"
q "$db" -c "ALTER TABLE old_nps ALTER COLUMN score TYPE satisfaction_rating(0,10)" >/dev/null || fail "ALTER ... TYPE"
echo "SELECT id, score FROM old_nps" | isql -v csat >"$T/old2.out" 2>&1 || fail "isql: $(cat "$T/old2.out")"
grep -Eq '^\| 1 +\| 10/0-10 +\|' "$T/old2.out" || fail "after ALTER ... TYPE, still cut: $(grep -E '^\| 1 ' "$T/old2.out")"
echo "isql, after ALTER TABLE old_nps ALTER COLUMN score TYPE satisfaction_rating(0,10): $(grep -E '^\| 1 ' "$T/old2.out" | tr -s ' ')"

# ---- pyodbc, the way its documentation writes queries (qmark parameters)
/usr/bin/python3 - >"$T/py.out" 2>&1 <<'EOF' || fail "pyodbc: $(cat "$T/py.out")"
import decimal
import pyodbc

conn = pyodbc.connect("DSN=csat")
cur = conn.cursor()
D = decimal.Decimal


def rows(sql, *params):
    cur.execute(sql, *params)
    return [tuple(r) for r in cur.fetchall()]


# create: int, Decimal, float and str parameters into a column with a scale
for i, v in ((10, 7), (11, D("8")), (12, 6.0), (13, "10"), (14, D("3.0"))):
    cur.execute("INSERT INTO nps (id, score) VALUES (?, ?)", i, v)
conn.commit()
got = rows("SELECT id, score FROM nps WHERE id >= 10 ORDER BY id")
assert got == [(10, "7/0-10"), (11, "8/0-10"), (12, "6/0-10"), (13, "10/0-10"), (14, "3/0-10")], got

# off the scale, not whole, or into a column without a scale: errors that
# name the value, nothing stored
for sql, v, want in (("INSERT INTO nps (id, score) VALUES (20, ?)", 11, "11"),
                     ("INSERT INTO nps (id, score) VALUES (20, ?)", 4.5, "4.5"),
                     ("INSERT INTO nps (id, any_scale) VALUES (20, ?)", 4, '"4" has no scale')):
    try:
        cur.execute(sql, v)
        raise AssertionError("accepted: %s %r" % (sql, v))
    except pyodbc.Error as e:
        conn.rollback()
        assert want in str(e), str(e)
assert rows("SELECT count(*) FROM nps WHERE id = 20") == [(0,)]

# read: the text, sized to hold it
cur.execute("SELECT score, effort FROM nps WHERE id = 1")
assert tuple(cur.fetchone()) == ("10/0-10", "3/0-5")
sizes = [d[3] for d in cur.description]
assert all(s >= len("10/0-10") for s in sizes), sizes

# filter: =, IN, BETWEEN, >= with int, Decimal and float parameters
assert rows("SELECT id FROM nps WHERE score = ? ORDER BY id", 10) == [(1,), (13,)]
assert rows("SELECT id FROM nps WHERE score IN (?, ?) ORDER BY id", 9, D("7")) == [(2,), (10,)]
assert rows("SELECT id FROM nps WHERE score BETWEEN ? AND ? ORDER BY id", 6.0, 8) == [(10,), (11,), (12,)]
for v in (9, D("9"), 9.0):
    assert rows("SELECT id FROM nps WHERE score >= ? ORDER BY id", v) == [(1,), (2,), (13,)], v
assert rows("SELECT id FROM nps WHERE any_scale = ? ORDER BY id", 4) == [(1,), (2,)]
assert rows("SELECT id FROM nps WHERE effort >= ? ORDER BY id", 4) == [(2,)]

# update
cur.execute("UPDATE nps SET score = ? WHERE id = ?", 5, 14)
conn.commit()
assert rows("SELECT score FROM nps WHERE id = 14") == [("5/0-10",)]

# aggregate: NPS over the 0..10 column, checked against plain counting
cur.execute("SELECT nps(score), csat_pct(effort), count(*) FROM nps")
n, c, k = cur.fetchone()
scores = [7, 8, 6, 10, 5, 10, 9]
want = D(100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores))) / len(scores)
assert isinstance(n, D) and abs(n - want) < D("1e-10"), (n, want)
assert c == D(50), c
print("pyodbc: inserts of int/Decimal/float/str, =, IN, BETWEEN, >= (int, Decimal, float), UPDATE,"
      " nps() = %s (%d scores) ok" % (round(n, 2), len(scores)))
EOF
cat "$T/py.out"
echo "odbc: ok ($(rel_elapsed) s)"
