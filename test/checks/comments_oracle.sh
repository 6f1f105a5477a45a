#!/usr/bin/env bash
# comment_terms against independent computations, on a generated help-desk
# corpus (3,000 comments: mixed case, punctuation, hyphenated words,
# stopwords, numbers, repeats; ratings on 1..5, 1..7, 0..10 with passives):
#   1. every term's unhappy and happy counts equal a plain SQL oracle built
#      on to_tsvector('english', ...): lexemes per comment, phrases as two
#      lexemes at adjacent positions; the groups' comment totals as well;
#   2. every lexeme's term (surface form) is the most frequent lower(token)
#      that ts_debug() shows producing it (ties: the bytewise least);
#      2b. the same oracle on 6,000 punctuation-heavy comments (hosts, URLs,
#      paths, numbers, entities, hyphens, tags, chunks of over 256 bytes;
#      'english' and 'simple') and on 8,000 more with 80,000 distinct
#      words: comment_terms reads a comment chunk by chunk through a cache
#      that then starts over;
#   3. pain_points and praise_points: z, counts and percentages equal an
#      independent Python implementation of Monroe, Colaresi and Quinn 2008
#      (informative Dirichlet prior, eq. 16-17) to 1e-9, in that order;
#   4. daily states merged with comment_terms(t) equal one pass;
#   5. binary COPY out and in round-trips; binary input that is truncated,
#      inconsistent or of another version is an error with a SQLSTATE;
#   6. a table of stored states survives pg_dump and restore, text and
#      custom format;
#   7. hostile input through the server: 3,000 mutated text states at the
#      type's input and 3,000 mutated binary states through binary COPY each
#      fail with a class-22 SQLSTATE (or 54000, the cap) or round-trip.
# Runs inside pg_virtualenv as the superuser (< 60 s).
# versions: all
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/reliability/lib.sh
rel_init comments_oracle

rel_db db ct
q "$db" "CREATE EXTENSION csat" || fail "CREATE EXTENSION csat"
/usr/bin/python3 - "$db" <<'EOF' || fail "see above"
import io, math, random, struct, sys
import psycopg2

db = sys.argv[1]
conn = psycopg2.connect(dbname=db)
conn.autocommit = True
cur = conn.cursor()
failures = 0


def check(ok, what):
    global failures
    if ok:
        print("ok   " + what)
    else:
        print("FAIL " + what)
        failures += 1


# ---- the corpus
rng = random.Random(19)
words = ("slow response responses responding nobody updated update updates "
         "laptop laptops replacement broken screen keyboard waiting waited wait "
         "benefits question questions answer answered approval approved denied "
         "policy refund friendly quick quickly helpful great thanks thank agent "
         "agents ticket tickets portal password reset again weeks days hours "
         "e-mail follow-up re-opened help-desk VPN Wi-Fi café naïve 42 2nd").split()
stop = "the a an and of to for is was my me it not no but very".split()
rows = []
for i in range(3000):
    n = rng.randint(0, 14)
    toks = []
    for _ in range(n):
        w = rng.choice(words) if rng.random() < 0.75 else rng.choice(stop)
        if rng.random() < 0.15:
            w = w.capitalize()
        if rng.random() < 0.05:
            w = w.upper()
        toks.append(w)
        if rng.random() < 0.1:
            toks.append(rng.choice([",", ".", "!", "?", " - ", "..."]))
    comment = " ".join(toks)
    if rng.random() < 0.03:
        comment = None
    scale = rng.choice([(1, 5), (1, 7), (0, 10), (0, 10)])
    v = rng.randint(*scale)
    r = None if rng.random() < 0.02 else "%d/%d-%d" % (v, scale[0], scale[1])
    rows.append((i, i % 30, comment, r))
cur.execute("CREATE TABLE c (id int, day int, comment text, r satisfaction_rating)")
buf = io.StringIO()
for row in rows:
    buf.write("\t".join("\\N" if x is None else str(x) for x in row) + "\n")
buf.seek(0)
cur.copy_expert("COPY c FROM STDIN", buf)
cur.execute("CREATE TABLE t AS SELECT comment_terms(comment, r) AS t FROM c")

# ---- 1. counts against to_tsvector
def oracle(table, cfg="english", where="true"):
    """{term: (unhappy, happy)} from to_tsvector: lexemes per comment, and
    phrases as two lexemes at adjacent positions"""
    cur.execute("""
WITH g AS (
  SELECT id, comment,
         CASE WHEN scale_lo(r) = 0 AND scale_hi(r) = 10 THEN
                CASE WHEN rating_value(r) <= 6 THEN 'u' WHEN rating_value(r) >= 9 THEN 'h' END
              WHEN scale_hi(r) - scale_lo(r) + 1 >= 4 THEN
                CASE WHEN rating_value(r) >= scale_hi(r) - 1 THEN 'h' ELSE 'u' END
              ELSE CASE WHEN rating_value(r) = scale_hi(r) THEN 'h' ELSE 'u' END
         END AS grp
  FROM %s WHERE comment IS NOT NULL AND r IS NOT NULL AND %s),
lp AS (
  SELECT g.id, g.grp, u.lexeme, p.pos
  FROM g, unnest(to_tsvector('%s', g.comment)) u, unnest(u.positions) p(pos)
  WHERE g.grp IS NOT NULL),
terms AS (
  SELECT DISTINCT id, grp, lexeme AS term FROM lp
  UNION
  SELECT DISTINCT a.id, a.grp, a.lexeme || ' ' || b.lexeme
  FROM lp a JOIN lp b ON b.id = a.id AND b.pos = a.pos + 1)
SELECT term, count(*) FILTER (WHERE grp = 'u'), count(*) FILTER (WHERE grp = 'h')
FROM terms GROUP BY term""" % (table, where, cfg))
    return {t: (u, h) for t, u, h in cur.fetchall()}


oracle_c = oracle("c")
cur.execute("SELECT lexemes, unhappy, happy, term, phrase FROM term_counts((SELECT t FROM t))")
got_rows = cur.fetchall()
got = {lx: (u, h) for lx, u, h, _, _ in got_rows}
diff = [k for k in set(oracle_c) | set(got) if oracle_c.get(k) != got.get(k)]
check(len(oracle_c) > 500 and not diff,
      "%d terms (%d phrases) equal the to_tsvector oracle (differences: %s)"
      % (len(got), sum(1 for r in got_rows if r[4]),
         [(k, oracle_c.get(k), got.get(k)) for k in sorted(diff)[:5]]))
cur.execute("""
WITH g AS (
  SELECT comment, CASE WHEN scale_lo(r) = 0 AND scale_hi(r) = 10 THEN
                CASE WHEN rating_value(r) <= 6 THEN 'u' WHEN rating_value(r) >= 9 THEN 'h' END
              WHEN rating_value(r) >= scale_hi(r) - 1 THEN 'h' ELSE 'u' END AS grp
  FROM c WHERE comment IS NOT NULL AND r IS NOT NULL)
SELECT count(*) FILTER (WHERE grp = 'u'), count(*) FILTER (WHERE grp = 'h')
FROM g WHERE to_tsvector('english', comment) <> ''::tsvector""")
nu, nh = cur.fetchone()
cur.execute("SELECT t::text FROM t")
head = cur.fetchone()[0][:60]
check(head.startswith("{v1 unhappy %d happy %d" % (nu, nh)),
      "comment totals %d unhappy, %d happy: %s" % (nu, nh, head[:40]))

# ---- 2. surface forms against ts_debug
cur.execute("""
WITH g AS (
  SELECT id, comment FROM c
  WHERE comment IS NOT NULL AND r IS NOT NULL
    AND NOT (scale_lo(r) = 0 AND scale_hi(r) = 10 AND rating_value(r) IN (7, 8))),
f AS (
  SELECT DISTINCT g.id, l AS lexeme, lower(d.token) AS form
  FROM g, ts_debug('english', g.comment) d, unnest(d.lexemes) l
  WHERE l <> ''),
n AS (SELECT lexeme, form, count(*) AS k FROM f GROUP BY lexeme, form)
SELECT DISTINCT ON (lexeme) lexeme, form FROM n
ORDER BY lexeme, k DESC, convert_to(form, 'UTF8')""")
forms = dict(cur.fetchall())
got_forms = {lx: term for lx, _, _, term, phrase in got_rows if not phrase}
bad = [k for k in forms if forms[k] != got_forms.get(k)]
check(forms and not bad, "%d lexemes show the most frequent surface form (%s)"
      % (len(forms), [(k, forms[k], got_forms.get(k)) for k in bad[:5]]))


# ---- 2b. punctuation-heavy text, and more distinct words than the cache keeps
# comment_terms reads a comment chunk by chunk (whitespace-separated), each
# chunk parsed once per query and cached, and starts the cache over past
# 65,536 chunks (src/comments.c).  Both must give what to_tsvector gives on
# the whole comment: hosts, URLs, paths, numbers, entities, hyphens and
# '.'/'~' after whitespace, tags (read whole), and phrases across a restart.
cur.execute("SHOW server_encoding")
utf8 = cur.fetchone()[0] == "UTF8"
frags = ["abc", "Foo", "naive", "42", "3.14", "1.2.3", "1.2", "-5", "+7", "1e5", "2e-3",
         "12abc", "abc12", "a1b2", ".", ",", "-", "--", "+", "&", "&amp;", "&#39;", "&#x41;",
         "&foo", "/", "~", "~/x", "./foo", "../bar", "/usr/bin", "@", "a@b.com", "foo@bar",
         ":", "http://", "https://ex.com/p?q=1", "www.example.com", "ex.com:8080/x", "'", '"',
         "?", "!", ";", "(", ")", "_", "%", "=", "#", "slow", "response", "the", "and",
         "wi-fi", "e-mail", "re-opened", "x-1", "1-x", "up-to-date", "foo.bar", "foo.", ".bar",
         "a.b.c", "v1.2", "file.txt", "C:", "\\", "...", "-.", ".-", "+.", "~.", "e", "E", "x"]
seps = ["", "", "", " ", " ", " ", "  ", "\t", "\n", "\r\n", ", ", ". ", " - ", " . ", " ~", " ."]
if utf8:
    frags += ["café", "Straße", "Привет", "日本", "\u00a0", "\u0301", "\u0903", "\u200b", "é"]
    seps += ["\u00a0"]
hrng = random.Random(1919)
hrows = []
for i in range(6000):
    s = hrng.choice(seps) if hrng.random() < 0.5 else ""
    for _ in range(hrng.randint(1, 12)):
        s += hrng.choice(frags) + hrng.choice(seps)
    if hrng.random() < 0.05:
        s += hrng.choice(["<b>", " a < b ", "<!-- x y -->", "<a href='x y'>"])
    if hrng.random() < 0.03:    # a chunk longer than the cache keeps (256 bytes)
        s += " " + "".join(hrng.choice(frags) for _ in range(80)) + " end"
    hrows.append((i, s, "%d/5" % hrng.randint(1, 5)))
letters = "abcdefghijklmnopqrstuvwxyz"
for i in range(8000):
    ws = ["".join(hrng.choice(letters) for _ in range(9)) for _ in range(10)]
    hrows.append((6000 + i, " ".join(ws), "%d/5" % hrng.randint(1, 5)))
cur.execute("CREATE TABLE h (id int, comment text, r satisfaction_rating)")
cur.executemany("INSERT INTO h VALUES (%s, %s, %s)", hrows)
for cfg, where, what in (("english", "id < 6000", "6,000 punctuation-heavy comments"),
                         ("simple", "id < 6000", "6,000 punctuation-heavy comments"),
                         ("english", "true", "those and 80,000 distinct words (the cache starts over)")):
    horacle = oracle("h", cfg, where)
    cur.execute("SELECT lexemes, unhappy, happy FROM term_counts("
                "(SELECT comment_terms(comment, r, '%s') FROM h WHERE %s))" % (cfg, where))
    hgot = {t: (u, h) for t, u, h in cur.fetchall()}
    diff = [k for k in set(horacle) | set(hgot) if horacle.get(k) != hgot.get(k)]
    check(len(horacle) > 3000 and not diff,
          "%s, '%s': %d terms equal the to_tsvector oracle (differences: %s)"
          % (what, cfg, len(hgot), [(k, horacle.get(k), hgot.get(k)) for k in sorted(diff)[:5]]))

# ---- 3. z-scores: Monroe, Colaresi and Quinn (2008), eq. 16-17
def mcq_z(yi, ni, yj, nj, a0):
    aw = a0 * (yi + yj) / (ni + nj)          # informative prior: pooled share
    d = (math.log((yi + aw) / (ni + a0 - yi - aw))
         - math.log((yj + aw) / (nj + a0 - yj - aw)))
    return d / math.sqrt(1 / (yi + aw) + 1 / (yj + aw))


for fn, grp in (("pain_points", 0), ("praise_points", 1)):
    for a0, mc in ((10.0, 5), (1.0, 1), (500.0, 20)):
        cur.execute("SELECT term, unhappy, happy, unhappy_pct, happy_pct, z FROM %s((SELECT t FROM t), 100000, %d, %r)"
                    % (fn, mc, a0))
        res = cur.fetchall()
        exp = []
        by_term = {}
        for lx, u, h, term, phrase in got_rows:
            y = (u, h)
            if y[grp] < mc:
                continue
            z = mcq_z(y[grp], (nu, nh)[grp], y[1 - grp], (nu, nh)[1 - grp], a0)
            if z > 0:
                exp.append((-z, lx, term, u, h))
        exp.sort()
        worst = 0.0
        order_ok = len(exp) == len(res)
        for (nz, lx, term, u, h), row in zip(exp, res):
            worst = max(worst, abs(-nz - row[5]))
            if (term, u, h) != tuple(row[:3]) and abs(-nz - row[5]) > 1e-12:
                order_ok = False
            if abs(float(row[3]) - 100.0 * u / nu) > 1e-12 or abs(float(row[4]) - 100.0 * h / nh) > 1e-12:
                order_ok = False
        check(order_ok and worst <= 1e-9 and len(res) > 5,
              "%s(alpha0 %g, min_count %d): %d terms, order, counts and percentages as in Python, max |dz| %.2e"
              % (fn, a0, mc, len(res), worst))

# ---- 4. merged daily states
cur.execute("""SELECT (SELECT comment_terms(t)::text FROM
                 (SELECT day, comment_terms(comment, r) AS t FROM c GROUP BY day) d)
               = (SELECT t::text FROM t)""")
check(cur.fetchone()[0], "30 daily states merged equal one pass")

# ---- 5. binary COPY
out = io.BytesIO()
cur.copy_expert("COPY t TO STDOUT (FORMAT binary)", out)
cur.execute("CREATE TABLE t2 (t comment_terms)")
out.seek(0)
cur.copy_expert("COPY t2 FROM STDIN (FORMAT binary)", out)
cur.execute("SELECT (SELECT t::text FROM t) = (SELECT t::text FROM t2)")
check(cur.fetchone()[0], "binary COPY out and in round-trips")


def copy_one(payload):
    data = (b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)
            + struct.pack("!hi", 1, len(payload)) + payload + struct.pack("!h", -1))
    try:
        cur.copy_expert("COPY t2 FROM STDIN (FORMAT binary)", io.BytesIO(data))
        return "accepted"
    except psycopg2.Error as e:
        return e.pgcode


def state(version=1, u=1, h=0, terms=(), nterms=None):
    b = struct.pack("!BqqI", version, u, h, len(terms) if nterms is None else nterms)
    for parts, cu, ch, forms in terms:
        b += struct.pack("!B", len(parts))
        for p in parts:
            b += struct.pack("!H", len(p)) + p
        b += struct.pack("!qqI", cu, ch, len(forms))
        for f, k in forms:
            b += struct.pack("!H", len(f)) + f + struct.pack("!q", k)
    return b


good = state(terms=[((b"x",), 1, 0, [(b"x", 1)])])
cases = [
    ("a valid state", good, "accepted"),
    ("empty input", b"", "22P02"),
    ("version 2", state(version=2), "22P02"),
    ("truncated", good[:-3], "22P02"),
    ("trailing bytes", good + b"\x00", "22P02"),
    ("a count above the total", state(terms=[((b"x",), 2, 0, [(b"x", 1)])]), "22023"),
    ("negative total", state(u=-1), "22023"),
    ("duplicate term", state(terms=[((b"x",), 1, 0, [(b"x", 1)])] * 2), "22023"),
    ("three-part term", state(terms=[((b"x", b"y", b"z"), 1, 0, [(b"x", 1)])]), "22P02"),
    ("no forms", state(terms=[((b"x",), 1, 0, [])]), "22P02"),
    ("NUL in a lexeme", state(terms=[((b"x\x00",), 1, 0, [(b"x", 1)])]), "22023"),
    ("invalid UTF-8", state(terms=[((b"\xff\xfe",), 1, 0, [(b"x", 1)])]), "22021"),
    ("a claimed 2^32-1 terms", state(nterms=0xFFFFFFFF), "54000"),
    ("a string length past the end", good[:22] + b"\xff\xff" + good[24:], "22P02"),
]
cur.execute("SHOW server_encoding")
if cur.fetchone()[0] != "UTF8":
    cases = [c for c in cases if c[2] != "22021"]
for name, payload, want in cases:
    got = copy_one(payload)
    check(got == want, "binary input, %s: %s (expected %s)" % (name, got, want))

# ---- 7. mutated states through the server's input and receive functions
cur.execute("SELECT t::text FROM (SELECT comment_terms(comment, r) AS t FROM c WHERE id < 40) x")
seed_text = cur.fetchone()[0]
seed_bin = io.BytesIO()
cur.copy_expert("COPY (SELECT comment_terms(comment, r) FROM c WHERE id < 40) TO STDOUT (FORMAT binary)", seed_bin)
seed_bin = seed_bin.getvalue()[19 + 2 + 4:-2]    # the one field of the one row
mrng = random.Random(1919)


def mutate(b):
    b = bytearray(b)
    for _ in range(mrng.randint(1, 4)):
        op = mrng.random()
        pos = mrng.randrange(len(b) + 1)
        if op < 0.35 and b:
            b[min(pos, len(b) - 1)] = mrng.randrange(256)
        elif op < 0.6:
            b[pos:pos] = bytes([mrng.choice(b'"\\[]{}:0123456789 -x\xff')])
        elif op < 0.85 and b:
            del b[pos:pos + mrng.randint(1, 8)]
        else:
            b[pos:pos] = b[mrng.randrange(len(b)):][:mrng.randint(1, 30)]
    return bytes(b)


codes = {}
bad = 0
for k in range(3000):
    txt = mutate(seed_text.encode()).replace(b"\x00", b"").decode("utf-8", "replace")
    try:
        cur.execute("SELECT %s::comment_terms::text", (txt,))
        back = cur.fetchone()[0]
        cur.execute("SELECT %s::comment_terms::text = %s", (back, back))
        if not cur.fetchone()[0]:
            bad += 1
        codes["accepted"] = codes.get("accepted", 0) + 1
    except psycopg2.Error as e:
        codes[e.pgcode] = codes.get(e.pgcode, 0) + 1
        if not (e.pgcode.startswith("22") or e.pgcode == "54000"):
            bad += 1
            print("unexpected", e.pgcode, repr(txt[:80]))
for k in range(3000):
    got = copy_one(mutate(seed_bin))
    codes["bin " + got] = codes.get("bin " + got, 0) + 1
    if not (got == "accepted" or got.startswith("22") or got == "54000"):
        bad += 1
cur.execute("SELECT count(*) FROM t2 WHERE t::text::comment_terms::text <> t::text")
bad += cur.fetchone()[0]
check(bad == 0, "6,000 mutated text and binary states: %s" % dict(sorted(codes.items())))
cur.execute("SELECT 1")
check(cur.fetchone()[0] == 1, "the server is still up")
sys.exit(1 if failures else 0)
EOF
# ---- 6. pg_dump and restore of stored states
q "$db" "CREATE TABLE daily AS SELECT day, comment_terms(comment, r) AS t FROM c GROUP BY day" ||
	fail "daily states"
want=$(q "$db" "SELECT md5(string_agg(t::text, '|' ORDER BY day)) FROM daily")
rel_tmp
for fmt in p c; do
	rel_db db2 "restore_$fmt"
	q "$db2" "CREATE EXTENSION csat" || fail "CREATE EXTENSION csat"
	pg_dump -F "$fmt" -t daily -t t -f "$REL_TMP/dump.$fmt" "$db" || fail "pg_dump -F $fmt"
	if [ "$fmt" = p ]; then
		psql -X -q -v ON_ERROR_STOP=1 -d "$db2" -f "$REL_TMP/dump.p" >/dev/null || fail "restore of the plain dump"
	else
		pg_restore -d "$db2" "$REL_TMP/dump.c" || fail "pg_restore"
	fi
	got=$(q "$db2" "SELECT md5(string_agg(t::text, '|' ORDER BY day)) FROM daily")
	[ "$got" = "$want" ] || fail "states differ after dump and restore (-F $fmt)"
	same=$(q "$db2" "SELECT (SELECT comment_terms(t)::text FROM daily) = (SELECT t::text FROM t)")
	[ "$same" = t ] || fail "restored daily states do not merge to the one-pass state (-F $fmt)"
	echo "ok   30 stored daily states survive pg_dump -F $fmt and restore, and still merge to one pass"
done
echo "comments_oracle: passed in $(rel_elapsed) s"
