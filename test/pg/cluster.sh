#!/usr/bin/env bash
# Runs a command against a throwaway cluster of the PostgreSQL that PG_CONFIG
# names (default: pg_config), like pg_virtualenv does for Debian's own
# versions, but for any installation (the ones test/pg/build.sh makes).
#
#   PG_CONFIG=/var/cache/csat-test/pg18/bin/pg_config test/pg/cluster.sh [-o GUC=VALUE]... CMD [ARG]...
#
# The cluster lives in a temporary directory, listens on a Unix socket there
# and on 127.0.0.1 at a free port, and is stopped and removed when CMD ends,
# whatever happened.  CMD runs with PGHOST, PGPORT, PGUSER, PGDATABASE set
# and the installation's bin directory first on PATH.  As root, the server
# runs as the user "postgres" (PostgreSQL refuses to run as root).
# Exits with CMD's status.
set -uo pipefail
PG_CONFIG=${PG_CONFIG:-pg_config}
bindir=$("$PG_CONFIG" --bindir) || exit 1
opts=()
while [ $# -gt 0 ]; do
	case "$1" in
	-o) opts+=(-c "$2"); shift 2 ;;
	--) shift; break ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || { echo "usage: test/pg/cluster.sh [-o GUC=VALUE]... CMD [ARG]..." >&2; exit 2; }

as_owner=()
owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
	owner=postgres
	as_owner=(runuser -u postgres --)
fi
dir=$(mktemp -d /tmp/csat-cluster.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown "$owner" "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
	"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

if ! "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U "$owner" -A trust -E UTF8 --locale=C.UTF-8 \
	>"$dir/initdb.log" 2>&1; then
	cat "$dir/initdb.log" >&2
	exit 1
fi
if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
	-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off ${opts[*]}" start >/dev/null; then
	cat "$dir/server.log" >&2
	exit 1
fi
export PGHOST=$dir PGPORT=$port PGUSER=$owner PGDATABASE=postgres PATH="$bindir:$PATH"
export CSAT_CLUSTER_DIR=$dir CSAT_CLUSTER_LOG=$dir/server.log
"$@"
