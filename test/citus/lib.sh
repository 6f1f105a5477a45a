# shellcheck shell=bash
# Shared by test/checks/citus.sh and test/bench/citus.sh: find and build Citus,
# and run a throwaway Citus cluster (a coordinator and two workers on
# 127.0.0.1) of the PostgreSQL whose pg_config comes first on PATH.
#
#   citus_locate          sets CITUS_BUILD to ../shared/citus/build.sh (relative
#                         to the repository root, or to the main checkout's
#                         root in a git worktree); returns 1 when the archive
#                         is not there (outside this project's environment)
#   citus_build PGCONFIG  builds and installs Citus 13.0.5 into that PostgreSQL
#                         (skipped by build.sh when already installed)
#   citus_start BINDIR    initdb + start coordinator and 2 workers, create the
#                         citus extension everywhere, register the workers;
#                         sets CITUS_DIR, CITUS_PORTS=(coord w1 w2) and exports
#                         PGHOST/PGPORT/PGUSER/PGDATABASE for the coordinator
#   citus_stop            stops every node and removes the directory (call it
#                         from an EXIT trap: it runs whatever happened)
#   cq PORT SQL...        psql -X -A -t -q -v ON_ERROR_STOP=1 on node PORT
#
# Run it from the repository root.

CITUS_VERSION=13.0.5
CITUS_DIR=""
CITUS_PORTS=()
CITUS_AS_OWNER=()
CITUS_BINDIR=""

citus_locate() {
	local d common
	# the repository root's ../shared, or (in a git worktree) the main
	# checkout's
	common=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
	for d in "$(pwd)/../shared/citus" ${common:+"$(dirname "$common")/../shared/citus"}; do
		if [ -f "$d/citus-v$CITUS_VERSION.tar.gz" ] && [ -f "$d/build.sh" ]; then
			CITUS_BUILD=$(cd "$d" && pwd)/build.sh
			return 0
		fi
	done
	return 1
}

citus_build() {
	PG_CONFIG=$1 bash "$CITUS_BUILD"
}

citus_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

citus_stop() {
	local i
	[ -n "$CITUS_DIR" ] || return 0
	for i in 0 1 2; do
		[ -d "$CITUS_DIR/n$i" ] &&
			"${CITUS_AS_OWNER[@]}" "$CITUS_BINDIR/pg_ctl" -D "$CITUS_DIR/n$i" -m immediate -w stop >/dev/null 2>&1
	done
	rm -rf "$CITUS_DIR"
	CITUS_DIR=""
	return 0
}

cq() {
	local port=$1
	shift
	if [ $# -eq 0 ] || [[ "$1" == -* ]]; then
		psql -X -A -t -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -d postgres "$@"
	else
		psql -X -A -t -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -d postgres -c "$*"
	fi
}

# citus_start BINDIR [extra postgresql.conf lines]
citus_start() {
	local i port owner=$(id -un) p
	CITUS_BINDIR=$1
	CITUS_AS_OWNER=()
	if [ "$(id -u)" = 0 ]; then
		owner=postgres
		CITUS_AS_OWNER=(runuser -u postgres --)
	fi
	CITUS_DIR=$(mktemp -d /tmp/csat-citus.XXXXXX)
	chmod 755 "$CITUS_DIR"
	[ "$(id -u)" = 0 ] && chown "$owner" "$CITUS_DIR"
	CITUS_PORTS=()
	for i in 0 1 2; do
		port=$(citus_free_port)
		for p in "${CITUS_PORTS[@]}"; do
			[ "$p" = "$port" ] && port=$(citus_free_port)
		done
		CITUS_PORTS+=("$port")
		if ! "${CITUS_AS_OWNER[@]}" "$CITUS_BINDIR/initdb" -D "$CITUS_DIR/n$i" -U "$owner" -A trust -E UTF8 \
			--locale=C.UTF-8 >"$CITUS_DIR/initdb$i.log" 2>&1; then
			cat "$CITUS_DIR/initdb$i.log" >&2
			return 1
		fi
		cat >>"$CITUS_DIR/n$i/postgresql.conf" <<-EOF
			shared_preload_libraries = 'citus'
			listen_addresses = '127.0.0.1'
			port = $port
			unix_socket_directories = '$CITUS_DIR'
			fsync = off
			synchronous_commit = off
			full_page_writes = off
			max_prepared_transactions = 40
			shared_buffers = 64MB
			jit = off
			citus.node_conninfo = 'sslmode=disable'
			${2:-}
		EOF
		if ! "${CITUS_AS_OWNER[@]}" "$CITUS_BINDIR/pg_ctl" -D "$CITUS_DIR/n$i" -l "$CITUS_DIR/n$i.log" -w -t 60 \
			start >/dev/null; then
			cat "$CITUS_DIR/n$i.log" >&2
			return 1
		fi
	done
	export PGHOST=127.0.0.1 PGPORT=${CITUS_PORTS[0]} PGUSER=$owner PGDATABASE=postgres
	for i in 0 1 2; do
		cq "${CITUS_PORTS[$i]}" "CREATE EXTENSION citus" || return 1
	done
	cq "${CITUS_PORTS[0]}" "SELECT citus_set_coordinator_host('127.0.0.1', ${CITUS_PORTS[0]})" >/dev/null || return 1
	for i in 1 2; do
		cq "${CITUS_PORTS[0]}" "SELECT citus_add_node('127.0.0.1', ${CITUS_PORTS[$i]})" >/dev/null || return 1
	done
}
