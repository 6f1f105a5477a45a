#!/usr/bin/env bash
# The watch benchmark (test/bench/watches.sh) still works: smoke mode (50,000
# rows, in a throwaway cluster of its own) runs the 10 watches and the
# queries by hand and prints every figure.  Targets are NOT checked here:
# timings of 50,000 rows on a shared CI machine mean nothing.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=$(timeout 110 test/bench/watches.sh --smoke 2>&1)
rc=$?
echo "$out"
fail() { echo "watches_bench_smoke: FAILED: $*"; exit 1; }
[ "$rc" = 0 ] || fail "watches.sh --smoke exited with status $rc"
grep -Eq '^first run: [0-9]+ ms, [1-9][0-9]* alerts queued' <<<"$out" || fail "no first-run figure"
grep -Eq 'run / hand = [0-9]+\.[0-9]{3} ' <<<"$out" || fail "no run / hand figure"
grep -Eq '^fixed cost of a run .*: [0-9.]+ ms; the 10 queries by hand: [0-9.]+ ms$' <<<"$out" || fail "no fixed-cost figure"
grep -q 'ERROR' <<<"$out" && fail "an ERROR was printed"
echo "watches_bench_smoke: ok"
