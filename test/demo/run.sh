#!/usr/bin/env bash
# Loads the demo data set into a new database and prints the reports, on the
# server that the PG* environment variables point at, with the csat extension
# installed there (test/demo.sh runs it inside a throwaway pg_virtualenv
# cluster).  The database (default csat_demo) is dropped at the end.
#
#   test/demo/run.sh           load and report
#   test/demo/run.sh --psql    ... then open psql on the data
set -euo pipefail
cd "$(dirname "$0")"

db="${CSAT_DEMO_DB:-csat_demo}"
psql=(psql -X -q -v ON_ERROR_STOP=1 -d "$db")

PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$db"
createdb "$db"
trap 'PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$db"' EXIT

t0=$(date +%s%N)
"${psql[@]}" -f dataset.sql
t1=$(date +%s%N)
"${psql[@]}" -f reports.sql
t2=$(date +%s%N)
printf 'data set loaded in %.1f s, reports in %.1f s\n' \
	"$(( (t1 - t0) / 1000000 ))e-3" "$(( (t2 - t1) / 1000000 ))e-3" >&2

if [ "${1:-}" = --psql ]; then
	if [ -t 0 ]; then
		echo
		echo "psql on the demo data: tables tickets, agents, daily_agent_summary."
		echo "Everything is dropped when you quit (\\q)."
		psql -X -d "$db"
	else
		echo "--psql needs a terminal: skipped" >&2
	fi
fi
