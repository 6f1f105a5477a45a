#!/usr/bin/env bash
# Hostile SQL input (test/reliability/hostile_gen.py writes the inputs,
# deterministic; HOSTILE_SEED and HOSTILE_TEXT change them):
#  - 100,000 random and mutated strings at satisfaction_rating_in, with no
#    type modifier, with the modifiers of three scales, and 15% with an
#    arbitrary typmod integer;
#  - 100,000 random and mutated strings at rating_summary_in;
#  - 2,000 modifier lists at satisfaction_rating_typmod_in, and 10,000 calls
#    of the integer, smallint and length-coercion casts with any typmod;
#  - ~100,000 PGCOPY binary files through binary COPY FROM, one row each, at
#    the receive functions: all 65,536 two-byte fields into an unmodified
#    rating column, plausible and random fields into modified columns,
#    mutated and random 116-byte and odd-length summaries, broken framings.
# One subtransaction per input (test/reliability/hostile.sql).  Each must
# either fail with a data SQLSTATE (class 22, or 42804 for a scale
# conflict; COPY's own 54000 only for a broken framing), never XX000 or any
# other class, or give a value that round-trips (text out -> in; binary send
# = the bytes received).  Ratings, casts, typmods and binary ratings are
# also checked against a reference (accepted exactly when it accepts, with
# its value), summaries against their own text (the same tokens), every
# accepted summary goes through every accessor (bounds, intervals around
# the estimates, distribution sums) and is merged pairwise (exact sums,
# 22003 exactly past 2^63 - 1).  Counts per SQLSTATE are printed.  The
# server must not restart (pg_postmaster_start_time unchanged).
# Runs inside pg_virtualenv as the superuser (< 120 s; about 16 s).
# versions: all
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/reliability/lib.sh
rel_init hostile_input
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	REL_TMP=$(mktemp -d /dev/shm/csat_rel_XXXXXX)
	chmod 755 "$REL_TMP"
else
	rel_tmp
fi
T=$REL_TMP
seed=${HOSTILE_SEED:-20240601}
ntext=${HOSTILE_TEXT:-100000}

started=$(q postgres "SELECT pg_postmaster_start_time()") || fail "server not reachable"
python3 test/reliability/hostile_gen.py "$T/gen" --seed "$seed" --text "$ntext" >"$T/gen.log" 2>&1 ||
	fail "hostile_gen.py: $(cat "$T/gen.log")"
cat "$T/gen.log"
echo "generated in $(rel_elapsed) s (seed $seed)"

rel_db db fuzz
q "$db" -c "CREATE EXTENSION csat" \
	-c "CREATE TABLE text_inputs (id integer PRIMARY KEY, kind text, tm text, s text)" \
	-c "CREATE TABLE manifest (id integer PRIMARY KEY, kind text, tm text, framing text, path text, hex text)" \
	-c "\\copy text_inputs FROM '$T/gen/text_inputs.tsv'" \
	-c "\\copy manifest FROM '$T/gen/bin_manifest.tsv'" \
	-f test/reliability/hostile.sql >"$T/err" 2>&1 || fail "loading the inputs: $(cat "$T/err")"
echo "loaded at $(rel_elapsed) s"

t0=$(rel_elapsed)
q "$db" -c "SELECT fuzz_text()" >"$T/err" 2>&1 || fail "fuzz_text (session lost?): $(cat "$T/err")"
t1=$(rel_elapsed)
q "$db" -c "SELECT fuzz_binary()" >"$T/err" 2>&1 || fail "fuzz_binary (session lost?): $(cat "$T/err")"
t2=$(rel_elapsed)
q "$db" -c "SELECT fuzz_merge()" >"$T/err" 2>&1 || fail "fuzz_merge (session lost?): $(cat "$T/err")"
t3=$(rel_elapsed)
q "$db" -c "CREATE INDEX ON verdicts (src, id)" -c "CREATE INDEX ON ok_summary (src, id)" \
	-c "CREATE INDEX ON bin_n (id)" -c "CREATE INDEX ON bin_15 (id)" -c "CREATE INDEX ON bin_010 (id)" \
	-c "CREATE INDEX ON bin_13 (id)" -c "CREATE INDEX ON bin_s (id)" -c "CREATE INDEX ON numbered (n)" \
	-c "ANALYZE" >/dev/null || fail "indexing the verdicts"
echo "text inputs: $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s, binary COPY: $(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.1f", b-a}') s, merges: $(awk -v a="$t2" -v b="$t3" 'BEGIN{printf "%.1f", b-a}') s"

echo "indexed at $(rel_elapsed) s"
echo "--- verdicts per SQLSTATE (00000 = accepted)"
psql -X -q -d "$db" -c "SELECT v.src, v.kind, coalesce(m.framing, '') AS framing, v.state, count(*) AS inputs,
		(array_agg(v.msg ORDER BY v.id) FILTER (WHERE v.msg IS NOT NULL))[1] AS example
	FROM verdicts v LEFT JOIN manifest m ON v.src = 'binary' AND m.id = v.id
	GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4" | cut -c1-180
psql -X -q -d "$db" -c "SELECT 'merge' AS what, state, count(*) FROM merges GROUP BY 2 ORDER BY 2"

# every check below is a query that counts violations; all must be 0
violations=0
shown=0
check() {
	local what=$1 sql=$2 n t
	t=$(rel_elapsed)
	n=$(q "$db" "$sql" 2>&1) || { echo "FAIL $what: $n"; violations=$((violations + 1)); return; }
	t=$(awk -v a="$t" -v b="$(rel_elapsed)" 'BEGIN { printf "%.1f", b - a }')
	if [ "$n" != 0 ]; then
		echo "FAIL $what: $n ($t s)"
		violations=$((violations + 1))
	else
		echo "ok   $what ($t s)"
	fi
}
examples() {
	[ "$violations" = "$shown" ] && return
	shown=$violations
	q "$db" "$1" | head -10 | sed 's/^/     /'
}

check "every text input has a verdict" \
	"SELECT abs((SELECT count(*) FROM text_inputs) - (SELECT count(*) FROM verdicts WHERE src = 'text'))"
check "every binary file has a verdict" \
	"SELECT abs((SELECT count(*) FROM manifest) - (SELECT count(*) FROM verdicts WHERE src = 'binary'))"
bad_states="SELECT v.src, v.kind, m.framing, v.state, v.msg FROM verdicts v
	LEFT JOIN manifest m ON v.src = 'binary' AND m.id = v.id
	WHERE NOT (v.state = '00000' OR v.state LIKE '22%' OR v.state = '42804'
		OR (m.framing = 'broken' AND v.state = '54000'))"
check "only data SQLSTATEs (class 22, 42804; no XX000)" "SELECT count(*) FROM ($bad_states) x"
examples "$bad_states"

# ---- ratings
# value, then a decimal part (bare values only, whole: '4.0'), then /[lo-]hi
pat='^[ \t\n\r\f\v]*([0-9]+)(\.[0-9]+)?[ \t\n\r\f\v]*(?:/[ \t\n\r\f\v]*(?:([0-9]+)[ \t\n\r\f\v]*(?:-|\.\.)[ \t\n\r\f\v]*)?([0-9]+)[ \t\n\r\f\v]*)?$'
# the checks read a typmod as 256 | the scale byte lo << 4 | hi (what
# typmod_in gives from 0.4.0 on) or the bare scale byte (0.1.0 to 0.3.0, still
# read), and any negative typmod as none (PostgreSQL's convention, -1 in practice)
check "typmods of the named scales are 256 | lo << 4 | hi" \
	"SELECT count(*) FROM tmods WHERE tm <> -1 AND tm <> (256 | (lo << 4) | hi)"
# every text input with its typmod decoded: tvalid (none, or a scale), tlo, thi
q "$db" -c "CREATE TABLE typed AS
	SELECT i.id, i.kind, i.s, x.tmv,
		x.tmv < 0 OR (x.b BETWEEN 0 AND 255 AND (x.b >> 4) < (x.b & 15) AND (x.b & 15) <= 10) AS tvalid,
		CASE WHEN x.b BETWEEN 0 AND 255 THEN x.b >> 4 END AS tlo,
		CASE WHEN x.b BETWEEN 0 AND 255 THEN x.b & 15 END AS thi, vd.state
	FROM text_inputs i JOIN verdicts vd ON vd.src = 'text' AND vd.id = i.id
	LEFT JOIN tmods t ON t.name = i.tm
	CROSS JOIN LATERAL (SELECT coalesce(t.tm, CASE WHEN i.tm LIKE 'raw:%' THEN substr(i.tm, 5)::integer END, -1) AS tmv) x0
	CROSS JOIN LATERAL (SELECT x0.tmv, CASE WHEN x0.tmv BETWEEN 256 AND 511 THEN x0.tmv & 255 ELSE x0.tmv END AS b) x" \
	>/dev/null || fail "decoding the typmods"
q "$db" -c "CREATE TABLE rating_ref AS
WITH p AS MATERIALIZED (
	SELECT y.*, CASE WHEN y.s ~ '$pat' THEN regexp_match(y.s, '$pat') END AS g
	FROM typed y WHERE y.kind = 'rating'),
q AS (SELECT *, g[1]::numeric AS v,
	CASE WHEN g[4] IS NULL THEN tlo ELSE coalesce(g[3]::numeric, 1) END AS lo,
	CASE WHEN g[4] IS NULL THEN thi ELSE g[4]::numeric END AS hi FROM p)
SELECT q.id, q.s, q.tmv, q.v, q.lo, q.hi, q.state,
	coalesce(tvalid AND g IS NOT NULL AND 0 <= lo AND lo < hi AND hi <= 10 AND lo <= v AND v <= hi
		AND (g[2] IS NULL OR (g[4] IS NULL AND g[2] ~ '^\.0+\$'))
		AND (tmv < 0 OR (lo = tlo AND hi = thi)), false) AS expect_ok
FROM q" >/dev/null || fail "the rating reference"
ref="SELECT * FROM rating_ref"
check "rating text: accepted exactly when the reference grammar accepts" \
	"SELECT count(*) FROM ($ref) r WHERE expect_ok <> (state = '00000')"
examples "SELECT s, tmv, state FROM ($ref) r WHERE expect_ok <> (state = '00000')"
check "rating text: the value is the one the reference reads" \
	"SELECT count(*) FROM ($ref) r JOIN ok_rating o ON o.src = 'text' AND o.id = r.id
	WHERE (rating_value(o.v), scale_lo(o.v), scale_hi(o.v)) IS DISTINCT FROM (r.v::int, r.lo::int, r.hi::int)"
check "ratings: valid, on the modifier's scale, text round trip (with and without the modifier)" \
	"SELECT count(*) FROM ok_rating o
	WHERE o.v IS NOT NULL AND NOT coalesce(
		0 <= scale_lo(o.v) AND scale_lo(o.v) < scale_hi(o.v) AND scale_hi(o.v) <= 10
		AND scale_lo(o.v) <= rating_value(o.v) AND rating_value(o.v) <= scale_hi(o.v)
		AND (o.tm < 0 OR (scale_lo(o.v) = (o.tm & 255) >> 4 AND scale_hi(o.v) = o.tm & 15))
		AND satisfaction_rating_in(satisfaction_rating_out(o.v), 'satisfaction_rating'::regtype, -1) = o.v
		AND satisfaction_rating_in(satisfaction_rating_out(o.v), 'satisfaction_rating'::regtype, o.tm) = o.v
		AND satisfaction_rating_out(satisfaction_rating_in(satisfaction_rating_out(o.v), 'satisfaction_rating'::regtype, -1))::text
			= satisfaction_rating_out(o.v)::text, false)"
# the binary form: accepted exactly when value byte and scale byte make a rating on the column's scale
bref="SELECT m.id, m.tm, m.hex, vd.state,
	(length(m.hex) = 4 AND (get_byte(b, 1) >> 4) < (get_byte(b, 1) & 15) AND (get_byte(b, 1) & 15) <= 10
		AND (get_byte(b, 1) >> 4) <= get_byte(b, 0) AND get_byte(b, 0) <= (get_byte(b, 1) & 15)
		AND (m.tm = 'n' OR ((get_byte(b, 1) >> 4) = t.lo AND (get_byte(b, 1) & 15) = t.hi))) AS expect_ok
	FROM manifest m CROSS JOIN LATERAL decode(rpad(m.hex, 4, '0'), 'hex') AS b
	JOIN tmods t ON t.name = m.tm JOIN verdicts vd ON vd.src = 'binary' AND vd.id = m.id
	WHERE m.kind = 'rating' AND m.framing = 'ok'"
check "rating binary: accepted exactly when the bytes make a rating on the column's scale" \
	"SELECT count(*) FROM ($bref) r WHERE expect_ok <> (state = '00000')"
examples "SELECT hex, tm, state FROM ($bref) r WHERE expect_ok <> (state = '00000')"
check "rating binary: send gives back the bytes received" \
	"SELECT count(*) FROM manifest m JOIN (SELECT id, v FROM bin_n UNION ALL SELECT id, v FROM bin_15
		UNION ALL SELECT id, v FROM bin_010 UNION ALL SELECT id, v FROM bin_13) b ON b.id = m.id
	WHERE m.kind = 'rating' AND m.framing = 'ok' AND satisfaction_rating_send(b.v) <> decode(m.hex, 'hex')"
check "rating binary: valid, on the column's scale, text round trip" \
	"SELECT count(*) FROM (SELECT id, v, '1-5' AS tm FROM bin_15 UNION ALL SELECT id, v, '0-10' FROM bin_010
		UNION ALL SELECT id, v, '1-3' FROM bin_13 UNION ALL SELECT id, v, 'n' FROM bin_n) b
	JOIN tmods t ON t.name = b.tm
	WHERE b.v IS NOT NULL AND NOT (
		scale_lo(b.v) < scale_hi(b.v) AND scale_hi(b.v) <= 10 AND scale_lo(b.v) <= rating_value(b.v)
		AND rating_value(b.v) <= scale_hi(b.v) AND (b.tm = 'n' OR (scale_lo(b.v) = t.lo AND scale_hi(b.v) = t.hi))
		AND b.v::text::satisfaction_rating = b.v)"
check "rating binary: a NULL field loads as NULL" \
	"SELECT count(*) FROM manifest m JOIN verdicts vd ON vd.src = 'binary' AND vd.id = m.id
	WHERE m.kind = 'rating' AND m.framing = 'null' AND (vd.state <> '00000' OR NOT EXISTS
		(SELECT FROM (SELECT id, v FROM bin_n UNION ALL SELECT id, v FROM bin_15 UNION ALL SELECT id, v FROM bin_010
			UNION ALL SELECT id, v FROM bin_13) b WHERE b.id = m.id AND b.v IS NULL))"

# ---- the assignment and length coercion casts with any typmod
cref="SELECT y.*, c.v,
	coalesce(CASE WHEN y.kind IN ('cast', 'cast2')
		THEN tvalid AND tmv >= 0 AND y.s::numeric BETWEEN tlo AND thi
		ELSE tvalid AND (tmv < 0 OR (scale_lo(y.s::satisfaction_rating) = tlo AND scale_hi(y.s::satisfaction_rating) = thi)) END,
		false) AS expect_ok
	FROM typed y LEFT JOIN ok_cast c ON c.id = y.id WHERE y.kind IN ('cast', 'cast2', 'coerce')"
check "casts (integer, smallint, length coercion) with any typmod: accepted exactly when the typmod is a scale the value fits" \
	"SELECT count(*) FROM ($cref) x WHERE expect_ok <> (state = '00000')"
examples "SELECT kind, s, tmv, state FROM ($cref) x WHERE expect_ok <> (state = '00000')"
check "casts: the value, on the typmod's scale (coercion: unchanged)" \
	"SELECT count(*) FROM ($cref) x WHERE state = '00000' AND NOT coalesce(CASE WHEN kind IN ('cast', 'cast2')
		THEN rating_value(v) = s::integer AND scale_lo(v) = tlo AND scale_hi(v) = thi
		ELSE v = s::satisfaction_rating AND satisfaction_rating_send(v) = satisfaction_rating_send(s::satisfaction_rating) END, false)"
check "casts: no cast accepts without a typmod, no typmod outside the scales is accepted" \
	"SELECT count(*) FROM typed WHERE state = '00000' AND ((kind IN ('cast', 'cast2') AND tmv < 0) OR NOT tvalid)"

# ---- type modifiers
check "typmod: accepted lists print as (hi) or ('lo-hi') (no comma: SQLAlchemy) and read back to the same typmod" \
	"SELECT count(*) FROM ok_typmod WHERE satisfaction_rating_typmod_in(
		ARRAY[btrim(btrim(satisfaction_rating_typmod_out(tm)::text, '()'), '''')]::cstring[]) <> tm
		OR satisfaction_rating_typmod_out(tm)::text !~ '^\\(([0-9]+|''[0-9]+-[0-9]+'')\\)\$'
		OR (satisfaction_rating_typmod_out(tm)::text ~ '^\\([0-9]+\\)\$') <> ((tm & 255) >> 4 = 1)"
# a list of one or two integers, or one 'lo-hi' / 'lo..hi' (what typmod_out prints when lo <> 1)
tints='^[ \t\n\r]*[+-]?[0-9]{1,9}[ \t\n\r]*(\|[ \t\n\r]*[+-]?[0-9]{1,9}[ \t\n\r]*)?$'
tscale='^[ \t\n\r]*([0-9]+)[ \t\n\r]*(?:-|\.\.)[ \t\n\r]*([0-9]+)[ \t\n\r]*$'
tref="SELECT i.id, i.s, vd.state, x.p,
	coalesce(CASE WHEN i.s ~ '$tints' THEN
		CASE cardinality(x.p) WHEN 1 THEN 1 < x.p[1] AND x.p[1] <= 10
			ELSE 0 <= x.p[1] AND x.p[1] < x.p[2] AND x.p[2] <= 10 END
		WHEN i.s ~ '$tscale' THEN 0 <= x.p[1] AND x.p[1] < x.p[2] AND x.p[2] <= 10 END, false) AS expect_ok
	FROM text_inputs i JOIN verdicts vd ON vd.src = 'text' AND vd.id = i.id
	CROSS JOIN LATERAL (SELECT CASE WHEN i.s ~ '$tints' THEN string_to_array(i.s, '|')::numeric[]
		WHEN i.s ~ '$tscale' THEN regexp_match(i.s, '$tscale')::numeric[] END AS p) x
	WHERE i.kind = 'typmod'"
check "typmod: accepted exactly for (hi) with 1 < hi <= 10, (lo,hi) or ('lo-hi') with 0 <= lo < hi <= 10" \
	"SELECT count(*) FROM ($tref) t WHERE expect_ok <> (state = '00000')"
examples "SELECT s, state FROM ($tref) t WHERE expect_ok <> (state = '00000')"

# ---- summaries
check "summary text: round trip (text and binary form)" \
	"SELECT count(*) FROM ok_summary WHERE v IS NOT NULL AND NOT (
		rating_summary_out(rating_summary_in(rating_summary_out(v)))::text = rating_summary_out(v)::text
		AND rating_summary_send(rating_summary_in(rating_summary_out(v))) = rating_summary_send(v))"
norm() { echo "regexp_replace(regexp_replace($1, '[ \\t\\n\\r\\f\\v]+', '', 'g'), '(^|[^0-9])0+([0-9])', '\\1\\2', 'g')"; }
check "summary text: the accepted input has the tokens of its output (blanks and leading zeros aside)" \
	"SELECT count(*) FROM ok_summary o JOIN text_inputs i ON i.id = o.id WHERE o.src = 'text'
	AND $(norm i.s) <> $(norm o.v::text)"
examples "SELECT i.s, o.v FROM ok_summary o JOIN text_inputs i ON i.id = o.id WHERE o.src = 'text'
	AND $(norm i.s) <> $(norm o.v::text)"
q "$db" -c "INSERT INTO ok_summary SELECT id, 'binary', v FROM bin_s" || fail "collecting binary summaries"
check "summary binary: send gives back the bytes received" \
	"SELECT count(*) FROM manifest m JOIN bin_s b ON b.id = m.id
	WHERE m.framing = 'ok' AND rating_summary_send(b.v) <> decode(m.hex, 'hex')"
check "summary binary: a NULL field loads as NULL, a good framing with a bad field loads nothing" \
	"SELECT (SELECT count(*) FROM manifest m WHERE m.kind = 'summary' AND m.framing = 'null'
			AND NOT EXISTS (SELECT FROM bin_s b WHERE b.id = m.id AND b.v IS NULL))
		+ (SELECT count(*) FROM bin_s b JOIN verdicts vd ON vd.src = 'binary' AND vd.id = b.id WHERE vd.state <> '00000')"
# accessors: only where no error is expected (a shape-dependent error would fail the query)
acc="SELECT v, answered(v) AS a, unanswered(v) AS u, csat_pct(v) AS c, response_rate(v) AS rr,
		csat_ci_lower(v) AS cl, csat_ci_upper(v, 0.99) AS cu, csat_ztest(v, '{v1 scale 1-5 counts 1,2,3,4,5 unanswered 0}') AS zt,
		v::text LIKE '{v1 scale %' AS uniform, v::text LIKE '{v1 scale 0-10 %' AS nps_ok,
		substring(v::text FROM '^{v1 scale ([0-9]+)-')::int AS lo, substring(v::text FROM '^{v1 scale [0-9]+-([0-9]+) ')::int AS hi
	FROM ok_summary WHERE v IS NOT NULL"
cond_all="a >= 0 AND u >= 0 AND a::numeric + u <= 9223372036854775807
	AND (c IS NULL) = (a = 0) AND (a = 0 OR (0 <= c AND c <= 100 AND 0 <= cl AND cl <= c + 1e-9 AND c <= cu + 1e-9 AND cu <= 100))
	AND (rr IS NULL) = (a + u = 0) AND (a + u = 0 OR (0 <= rr AND rr <= 100))
	AND (a = 0 OR (0 <= zt AND zt <= 1))"
check "summary accessors: counts, csat_pct, response_rate, Wilson interval around csat_pct (1e-9 slack), z-test within bounds" \
	"SELECT count(*) FROM ($acc) x WHERE NOT coalesce($cond_all, false)"
examples "SELECT v, c, cl, cu, rr, zt FROM ($acc) x WHERE NOT coalesce($cond_all, false)"
cond_one="(SELECT sum(count) FROM distribution(x.v)) = a
	AND (SELECT count(*) FROM distribution(x.v)) = hi - lo + 1
	AND ces_avg(v) BETWEEN lo AND hi AND csat_pct(v, lo) = 100
	AND csat_pct(v, hi) = 100.0 * (SELECT count FROM distribution(x.v) WHERE value = hi) / a"
check "summary accessors (one scale): distribution sums to answered, ces_avg on the scale, csat_pct(s, lo) = 100" \
	"SELECT count(*) FROM ($acc) x WHERE uniform AND NOT coalesce($cond_one, false)"
examples "SELECT v, ces_avg(v), csat_pct(v, lo), csat_pct(v, hi) FROM ($acc) x WHERE uniform AND NOT coalesce($cond_one, false)"
cond_nps="nps(v) BETWEEN -100 AND 100 AND nps_ci_lower(v) <= nps_ci_upper(v, 0.9)
	AND nps_ci_lower(v) <= nps_ci_lower(v, 0.9) AND nps_ci_upper(v, 0.9) <= nps_ci_upper(v)
	AND nps_ci_lower(v) >= -100 AND nps_ci_upper(v) <= 100
	AND nps_ztest(v, '{v1 scale 0-10 counts 1,1,1,1,1,1,1,1,1,1,1 unanswered 0}') BETWEEN 0 AND 1"
check "summary accessors (0-10): nps and its interval within -100..100, wider at 95% than at 90%, p-value in 0..1" \
	"SELECT count(*) FROM ($acc) x WHERE nps_ok AND NOT coalesce($cond_nps, false)"
examples "SELECT v, nps(v), nps_ci_lower(v), nps_ci_upper(v, 0.9), nps_ci_upper(v),
	nps_ztest(v, '{v1 scale 0-10 counts 1,1,1,1,1,1,1,1,1,1,1 unanswered 0}') FROM ($acc) x WHERE nps_ok AND NOT coalesce($cond_nps, false)"
check "merges: only 22003 (overflow), 22023 (thresholds), 42804 errors" \
	"SELECT count(*) FROM merges WHERE state NOT IN ('00000', '22003', '22023', '42804')"
check "merges: counts add up exactly, results round-trip" \
	"SELECT count(*) FROM merges m JOIN numbered x ON x.n = m.a JOIN numbered y ON y.n = m.b
	WHERE m.state = '00000' AND NOT (answered(m.v) = answered(x.v) + answered(y.v)
		AND unanswered(m.v) = unanswered(x.v) + unanswered(y.v)
		AND rating_summary_send(m.v::text::rating_summary) = rating_summary_send(m.v))"
check "merges: 22003 exactly when the counts would pass 2^63 - 1" \
	"SELECT count(*) FROM merges m JOIN numbered x ON x.n = m.a JOIN numbered y ON y.n = m.b
	WHERE (m.state = '22003') <> (answered(x.v)::numeric + answered(y.v) + unanswered(x.v) + unanswered(y.v) > 9223372036854775807)
		AND m.state IN ('00000', '22003')"

echo "checked at $(rel_elapsed) s"
now=$(q postgres "SELECT pg_postmaster_start_time()") || fail "server not reachable at the end"
[ "$now" = "$started" ] || fail "the server restarted (pg_postmaster_start_time $started -> $now)"
[ "$violations" = 0 ] || fail "$violations check(s) failed"
counts=$(q "$db" "SELECT string_agg(n::text || ' ' || what, ', ') FROM (
	SELECT count(*) AS n, 'rating strings' AS what, 1 AS o FROM text_inputs WHERE kind = 'rating'
	UNION ALL SELECT count(*), 'summary strings', 2 FROM text_inputs WHERE kind = 'summary'
	UNION ALL SELECT count(*), 'typmod lists', 3 FROM text_inputs WHERE kind = 'typmod'
	UNION ALL SELECT count(*), 'cast and coercion calls', 4 FROM text_inputs WHERE kind IN ('cast', 'cast2', 'coerce')
	UNION ALL SELECT count(*), 'of the rating strings with an arbitrary typmod', 1 FROM text_inputs WHERE kind = 'rating' AND tm LIKE 'raw:%'
	UNION ALL SELECT count(*), 'binary rating fields', 5 FROM manifest WHERE kind = 'rating'
	UNION ALL SELECT count(*), 'binary summary fields', 6 FROM manifest WHERE kind = 'summary'
	UNION ALL SELECT count(*), 'pairwise merges', 7 FROM merges ORDER BY o, what DESC) x")
accepted=$(q "$db" "SELECT count(*) FILTER (WHERE state = '00000') || ' accepted, ' || count(*) FILTER (WHERE state <> '00000') || ' rejected' FROM verdicts")
echo "hostile_input: ok: $counts; $accepted; 0 internal errors, server not restarted; $(rel_elapsed) s"
