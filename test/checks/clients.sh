#!/usr/bin/env bash
# csat through real clients: psycopg2 (Debian's python3-psycopg2, run with
# /usr/bin/python3) and node-postgres (pg + pg-copy-streams from npm).
# Each reads ratings, summaries and aggregates, inserts through parameters,
# round-trips binary COPY and receives the low-score NOTIFY of
# csat_notify_low_rating().  Runs inside pg_virtualenv with csat installed;
# creates a database, runs both clients in it, drops it.  About 10 s.
set -euo pipefail
cd "$(dirname "$0")/../.."

clients=test/clients
status=0

# ---- dependencies ----
if ! /usr/bin/python3 -c 'import psycopg2' 2>/dev/null; then
	if [ "$(id -u)" = 0 ]; then
		echo "clients: installing python3-psycopg2"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-psycopg2 >/dev/null
	else
		echo "clients: python3-psycopg2 is missing (apt-get install python3-psycopg2)" >&2
		exit 1
	fi
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	echo "clients: node and npm are needed (apt-get install nodejs npm)" >&2
	exit 1
fi
if [ ! -d "$clients/node_modules/pg" ] || [ ! -d "$clients/node_modules/pg-copy-streams" ]; then
	echo "clients: npm ci (pg, pg-copy-streams from package-lock.json)"
	npm ci --prefix "$clients" --no-audit --no-fund --loglevel=error >/dev/null
fi

# ---- a database of our own ----
db="csat_clients_$$"
cleanup() {
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION csat"

if [ "$(psql -X -qAt -d "$db" -c "SELECT to_regprocedure('csat_notify_low_rating()') IS NOT NULL")" != t ]; then
	echo "clients: FAIL: the csat extension does not declare csat_notify_low_rating()" >&2
	exit 1
fi

# ---- the clients ----
run() {
	local name=$1
	shift
	echo "== $name"
	if PGDATABASE="$db" timeout 40 "$@"; then
		echo "clients: $name passed"
	else
		echo "clients: $name FAILED"
		status=1
	fi
}
run psycopg2 /usr/bin/python3 "$clients/test_psycopg2.py"
run node-postgres node "$clients/test_node.js"

if [ "$status" = 0 ]; then
	echo "clients: psycopg2 and node-postgres: all checks passed"
else
	echo "clients: FAILED"
fi
exit "$status"
