#!/usr/bin/env bash
# csat in one minute: on Debian 12 with PostgreSQL 15, installs the build
# dependencies if missing, builds and installs the extension, starts a
# throwaway cluster (pg_virtualenv), loads a year of generated help-desk
# tickets (test/demo/dataset.sql) and prints the reports
# (test/demo/reports.sql).  Nothing is left running afterwards.
#
#   test/demo.sh            build, install, load, report
#   test/demo.sh --psql     the same, then a psql prompt on the demo data
#
# Run as root, or as a user with sudo (for apt-get and make install).
# PG_CONFIG picks another PostgreSQL installation (default: pg_config), such
# as a private copy made by test/pg/private.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
	"" | --psql) ;;
	-h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "usage: test/demo.sh [--psql]" >&2; exit 2 ;;
esac

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

# 1. build dependencies (server headers, make, a compiler)
if [ -x test/install-deps.sh ]; then
	test/install-deps.sh build
elif ! [ -f /usr/include/postgresql/15/server/postgres.h ] ||
	! command -v make >/dev/null || ! command -v gcc >/dev/null; then
	$SUDO apt-get update
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y postgresql-server-dev-15 make gcc
fi

# 2. build and install
PG_CONFIG="${PG_CONFIG:-pg_config}"
export PG_CONFIG
echo "Building csat for $("$PG_CONFIG" --version) ..."
make -s
$SUDO env PG_CONFIG="$PG_CONFIG" make -s install
version=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')

# 3. a throwaway cluster of the same installation, the data and the reports:
# Debian's packaged servers through pg_virtualenv (-t: in a temporary
# directory, so it never collides with another cluster), any other
# installation (PG_CONFIG=/elsewhere/bin/pg_config) through test/pg/cluster.sh
start=$(date +%s)
case "$("$PG_CONFIG" --bindir)" in
/usr/lib/postgresql/*/bin) pg_virtualenv -t -v "$version" test/demo/run.sh "$@" ;;
*) test/pg/cluster.sh test/demo/run.sh "$@" ;;
esac
echo "Demo finished in $(( $(date +%s) - start )) s (cluster, data set and reports)." >&2
