#!/usr/bin/env bash
# csat through real clients, each from Debian (Python modules run with
# /usr/bin/python3) or npm:
#  - psycopg2 and node-postgres (pg + pg-copy-streams from package-lock.json):
#    ratings, summaries and aggregates, parameters, binary COPY, the
#    low-score NOTIFY of csat_notify_low_rating();
#  - SQLAlchemy + pandas: schema reflection of modified rating columns,
#    read_sql_table, read_sql of aggregates, to_sql of int, float-with-NaN
#    and '4/5' columns, COPY of a CSV pandas wrote, integer filters;
#  - psycopg 3: text and binary fetch and insert of ratings and summaries,
#    plain and through clients/python/csat/psycopg.py;
#  - JDBC (pgjdbc, compiled with javac here): setInt/setLong/setBigDecimal/
#    setDouble/setString/setObject(Types.OTHER) into modified columns,
#    WHERE csat >= ?, getObject/getString, getBigDecimal of aggregates;
#  - R (RPostgreSQL): reporting views read without warnings, numeric classes;
#  - every python, java and r snippet of README.md's "Drivers and BI tools"
#    (test/clients/readme_snippets.py), after its sql blocks.
# As root, installs the Debian packages it needs (CLIENT_PACKAGES below).
# Runs inside a cluster with PG* set (JDBC and R connect by TCP to
# 127.0.0.1:$PGPORT); creates a database, runs the clients in it, drops it.
# About 20 s besides package installs.
set -euo pipefail
cd "$(dirname "$0")/../.."

clients=test/clients
status=0

# ---- dependencies ----
CLIENT_PACKAGES="python3-psycopg2 python3-psycopg python3-sqlalchemy python3-pandas default-jdk-headless libpostgresql-jdbc-java r-base-core r-cran-rpostgresql"
have_clients() {
	/usr/bin/python3 -c 'import psycopg2, psycopg, sqlalchemy, pandas' 2>/dev/null &&
		command -v javac >/dev/null && [ -f /usr/share/java/postgresql.jar ] &&
		command -v Rscript >/dev/null && Rscript -e 'library(RPostgreSQL)' >/dev/null 2>&1
}
if ! have_clients; then
	if [ "$(id -u)" = 0 ]; then
		echo "clients: installing $CLIENT_PACKAGES"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
			--no-install-recommends $CLIENT_PACKAGES >/dev/null
	fi
	have_clients || {
		echo "clients: FAIL: missing Debian packages (apt-get install $CLIENT_PACKAGES)" >&2
		exit 1
	}
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
work=$(mktemp -d "${TMPDIR:-/tmp}/csat-clients.XXXXXX")
chmod 755 "$work"
cleanup() {
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS ${db}_readme WITH (FORCE)" >/dev/null 2>&1 || true
	rm -rf "$work"
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
	if PGDATABASE="${run_db:-$db}" timeout 60 "$@"; then
		echo "clients: $name passed"
	else
		echo "clients: $name FAILED"
		status=1
	fi
}
export PYTHONPATH="$PWD/clients/python${PYTHONPATH:+:$PYTHONPATH}"
run psycopg2 /usr/bin/python3 "$clients/test_psycopg2.py"
run node-postgres node "$clients/test_node.js"
run sqlalchemy+pandas /usr/bin/python3 "$clients/test_sqlalchemy_pandas.py"
run psycopg3 /usr/bin/python3 "$clients/test_psycopg3.py"
if javac -cp /usr/share/java/postgresql.jar -d "$work" "$clients/CsatJdbc.java"; then
	run jdbc java -cp "$work:/usr/share/java/postgresql.jar" CsatJdbc
else
	echo "clients: jdbc FAILED (javac)"
	status=1
fi
run rpostgresql Rscript "$clients/test_rpostgresql.R"

# ---- README.md's "Drivers and BI tools": every snippet, in a database of its own ----
rdb="${db}_readme"
snip="$work/readme"
if /usr/bin/python3 "$clients/readme_snippets.py" "$snip" >"$work/snippets" &&
	psql -X -q -d postgres -c "CREATE DATABASE $rdb" &&
	psql -X -q -d "$rdb" -f "$snip/setup.sql" >/dev/null; then
	run_db=$rdb
	for f in $(cat "$work/snippets"); do
		case $f in
		*.py) run "README python snippet $f" /usr/bin/python3 -W error::UserWarning "$snip/$f" ;;
		*.R) run "README r snippet $f" Rscript -e "options(warn = 2); invisible(source('$snip/$f'))" ;;
		*.java)
			if javac -cp /usr/share/java/postgresql.jar -d "$snip" "$snip/$f"; then
				run "README java snippet $f" java -cp "$snip:/usr/share/java/postgresql.jar" "${f%.java}"
			else
				echo "clients: README java snippet $f FAILED (javac)"
				status=1
			fi ;;
		esac
	done >"$work/readme.log" 2>&1 || true
	run_db=
	cat "$work/readme.log"
	grep -q 'FAILED' "$work/readme.log" && status=1
	n=$(grep -c 'passed$' "$work/readme.log" || true)
	[ "$n" -ge 4 ] || { echo "clients: only $n README snippets ran"; status=1; }
else
	echo "clients: README snippets: setup FAILED"
	status=1
fi

if [ "$status" = 0 ]; then
	echo "clients: psycopg2, node-postgres, SQLAlchemy+pandas, psycopg 3, JDBC, R and the README snippets: all checks passed"
else
	echo "clients: FAILED"
fi
exit "$status"
