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

# csat-alertd, the forwarder, delivers what is due (the last day's low-score
# alerts and the watch alerts) to a webhook: here a local sink on 127.0.0.1
# (test/alerts/sink.py), with the URL in a file as the README's systemd unit
# gives it.  Skipped when csat-alertd was not built (no libcurl headers).
alertd="$("${PG_CONFIG:-pg_config}" --bindir)/csat-alertd"
if [ -x "$alertd" ]; then
	sink=$(mktemp -d)
	python3 ../alerts/sink.py "$sink/port" "$sink/log" &
	sinkpid=$!
	trap 'kill "$sinkpid" 2>/dev/null; rm -rf "$sink"; PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$db"' EXIT
	for _ in $(seq 100); do [ -s "$sink/port" ] && break; sleep 0.1; done
	echo "http://127.0.0.1:$(cat "$sink/port")/hooks/help-desk" >"$sink/url"
	echo
	echo "== 16. csat-alertd delivers what is due (0.4.0)"
	echo "csat-alertd --once --format slack --url-file ...: the last day's low-score alerts and the"
	echo "watch alerts, POSTed as Slack's {\"text\": ...}; what the webhook received:"
	"$alertd" --dsn "dbname=$db" --url-file "$sink/url" --format slack --once --timeout 5 2>"$sink/alertd.log" ||
		{ cat "$sink/alertd.log" >&2; echo "csat-alertd failed" >&2; exit 1; }
	python3 - "$sink/log" <<'PY'
import json, sys
texts = [json.loads(json.loads(l)["body"])["text"] for l in open(sys.argv[1])]
low = [t for t in texts if t.startswith("Low")]
print(f"{len(texts)} requests: {len(low)} low-score alerts, {len(texts) - len(low)} watch alerts")
for t in low[:2]:
    print("  " + t)
for t in texts:
    if not t.startswith("Low"):
        print("  " + t)
PY
	"${psql[@]}" -c "SELECT coalesce(payload->>'kind', 'low score') AS kind, count(*) AS alerts,
		count(delivered_at) AS delivered FROM csat_alert GROUP BY 1 ORDER BY 1"
fi

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
