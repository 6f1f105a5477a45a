#!/usr/bin/env bash
# The comment_terms benchmark (test/bench/comments.sh) still works: 2,000
# comments, one round, every query and every figure printed.  Targets are
# NOT checked here (2,000 comments on a busy machine mean nothing).  Runs on
# the suite's server (PGHOST set, on this machine: it reads /proc).
set -uo pipefail
cd "$(dirname "$0")/../.."
out=$(timeout 58 bash test/bench/comments.sh 2000 1 2>&1)
rc=$?
echo "$out" | grep -v '^ *$'
fail() { echo "comments_bench_smoke: FAILED: $*"; exit 1; }
[ "$rc" = 0 ] || fail "comments.sh exited with status $rc"
for f in 'A comment_terms(comment, r)' 'B count(to_tsvector' 'C two ts_stat queries joined' \
	'A/B = ' 'A/C = ' '2,000 comments, ' 'every word new (4,500 comments'; do
	grep -qF -- "$f" <<<"$out" || fail "no line with '$f'"
done
grep -qE 'MB in memory' <<<"$out" || fail "no memory figure"
echo "comments_bench_smoke: ok"
