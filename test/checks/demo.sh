#!/usr/bin/env bash
# The demo's data set loads and every report runs (the README's first command
# minus the build); the monthly rollup from stored daily summaries must equal
# the raw aggregation in every month.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(CSAT_DEMO_DB=csat_demo_check test/demo/run.sh)
echo "$out" | tail -25
echo "$out" | grep -q '^== 9' || { echo "report 9 missing"; exit 1; }
echo "$out" | sed -n '/^== 9/,$p' | grep -qE '\| f( |$)' && { echo "rollup differs from raw"; exit 1; }
echo "demo reports ok"
