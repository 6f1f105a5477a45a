#!/usr/bin/env bash
# The demo's data set loads and every report runs (the README's first command
# minus the build); the monthly rollup from stored daily summaries must equal
# the raw aggregation in every month.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(CSAT_DEMO_DB=csat_demo_check test/demo/run.sh)
echo "$out" | tail -25
# (here-strings, not echo | grep -q: with pipefail, grep -q leaving early
# makes echo die of SIGPIPE on a long output and the pipeline fail)
grep -q '^== 9' <<<"$out" || { echo "report 9 missing"; exit 1; }
for n in 10 11; do
	grep -q "^== $n" <<<"$out" || { echo "report $n missing"; exit 1; }
done
report9=$(sed -n '/^== 9/,/^== 10/p' <<<"$out")
grep -qE '\| f( |$)' <<<"$report9" && { echo "rollup differs from raw"; exit 1; }
# comments (0.4.0): pain points per category, and the policy denials
report13=$(sed -n '/^== 13/,/^== 14/p' <<<"$out")
grep -q 'pain point' <<<"$report13" || { echo "report 13: no pain points"; exit 1; }
grep -q 'denials' <<<"$report13" || { echo "report 13: no policy denials"; exit 1; }
# watches (0.4.0): hardware trips the category watch once; raw and shrunk ranks differ
report14=$(sed -n '/^== 14/,/^== 15/p' <<<"$out")
grep -qE 'category_csat +\| hardware +\| breach' <<<"$report14" || { echo "report 14: hardware not in breach"; exit 1; }
grep -qE '^ +0$' <<<"$report14" || { echo "report 14: the second run queued alerts"; exit 1; }
grep -q '^== 15' <<<"$out" || { echo "report 15 missing"; exit 1; }
# csat-alertd delivered the watch alerts (and the due low-score alerts) to
# the demo's local webhook, as Slack texts
report16=$(sed -n '/^== 16/,$p' <<<"$out")
grep -qE 'requests: [1-9][0-9]* low-score alerts, [1-9][0-9]* watch alerts' <<<"$report16" ||
	{ echo "report 16: csat-alertd delivered no low-score or no watch alert"; exit 1; }
grep -qE '^  Low CSAT [12]/5 on public\.tickets\.csat' <<<"$report16" || { echo "report 16: no low-score text"; exit 1; }
grep -qi 'hardware' <<<"$report16" || { echo "report 16: the hardware watch alert was not delivered"; exit 1; }
grep -qE '^ watch +\| +([0-9]+) +\| +\1$' <<<"$report16" || { echo "report 16: not every watch alert delivered"; exit 1; }
echo "demo reports ok"
