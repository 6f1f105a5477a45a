#!/usr/bin/env bash
# Copies a PostgreSQL installation into a private directory and prints the
# copy's pg_config, so that several developers (or helper sessions) on one
# machine can `make install` csat without overwriting each other's.  Both
# layouts are relocatable: PostgreSQL finds its share and lib directories
# relative to its programs.
#
#   test/pg/private.sh DIR                 Debian's PostgreSQL 15 -> DIR
#   test/pg/private.sh DIR PG_CONFIG       any installation (e.g. test/pg/build.sh's)
#
# Use with test/run-tests.sh:
#   CSAT_PG15_CONFIG=$(test/pg/private.sh /tmp/me/pg15) CSAT_PG_CACHE=/tmp/me/cache ...
set -euo pipefail
dir=${1:?usage: test/pg/private.sh DIR [PG_CONFIG]}
src=${2:-/usr/lib/postgresql/15/bin/pg_config}
if [ -f "$dir/.pg_config" ]; then
	cat "$dir/.pg_config"
	exit 0
fi
mkdir -p "$dir"
bindir=$("$src" --bindir)
case "$bindir" in
/usr/lib/postgresql/*/bin)
	major=$(basename "$(dirname "$bindir")")
	mkdir -p "$dir/lib/postgresql" "$dir/share/postgresql" "$dir/include/postgresql"
	cp -a "/usr/lib/postgresql/$major" "$dir/lib/postgresql/"
	cp -a "/usr/share/postgresql/$major" "$dir/share/postgresql/"
	[ -d "/usr/include/postgresql/$major" ] && cp -a "/usr/include/postgresql/$major" "$dir/include/postgresql/"
	pgc="$dir/lib/postgresql/$major/bin/pg_config"
	;;
*)
	prefix=$(dirname "$bindir")
	cp -a "$prefix/." "$dir/"
	pgc="$dir/bin/pg_config"
	;;
esac
# the server runs as postgres when started by root (test/pg/cluster.sh)
chmod -R a+rX "$dir"
echo "$pgc" | tee "$dir/.pg_config"
