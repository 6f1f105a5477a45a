#!/usr/bin/env bash
# Memory checking: the whole pg_regress suite (make installcheck) against a
# PostgreSQL server running under valgrind memcheck, in a throwaway cluster
# on port 5499 (started with pg_ctl as the postgres user, every backend and
# worker traced).  Fails if any valgrind error's report (its stack, or the
# stack where the memory was allocated or freed) mentions csat: csat.so,
# a file of src/, or a csat function.  Errors elsewhere in the server are
# counted and listed by kind, not failed on (test/reliability/valgrind.supp
# silences the known PostgreSQL noise: padding bytes written to WAL and
# data files, etc.).
#
#   test/valgrind.sh              (as root; uses the installed extension:
#                                  make CSAT_ASSERTS=1 && make install first
#                                  for line numbers and the Assert()s)
#   VALGRIND_KEEP=1 test/valgrind.sh   keep the cluster and logs
#
# Limits: Debian's server is not built with USE_VALGRIND, so memcheck does
# not see palloc chunk boundaries: reads of uninitialised or already freed
# palloc memory inside a live memory context block, and small overruns into
# the next chunk, are invisible; use of uninitialised bytes (in branches,
# output, or data written to disk or sent), malloc-level overruns and bad
# frees are seen.  Takes a few minutes.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
root=$(pwd)
start=$(date +%s)
fail() { echo "valgrind: FAILED: $*"; exit 1; }
command -v valgrind >/dev/null || fail "valgrind is not installed (apt-get install valgrind)"
[ "$(id -u)" = 0 ] || fail "run as root (the server runs as the postgres user)"
bindir=$(pg_config --bindir)
libdir=$(pg_config --pkglibdir)
[ -f "$libdir/csat.so" ] || fail "csat is not installed (make install)"
port=${VALGRIND_PORT:-5499}
supp="$root/test/reliability/valgrind.supp"

dir=$(mktemp -d /tmp/csat_vg_XXXXXX)
chmod 755 "$dir"
mkdir "$dir/vg"
chown postgres: "$dir" "$dir/vg"
cleanup() {
	if [ -f "$dir/data/postmaster.pid" ]; then
		su postgres -c "$bindir/pg_ctl -D '$dir/data' -m immediate -w -t 120 stop" >/dev/null 2>&1
	fi
	[ -n "${VALGRIND_KEEP:-}" ] && { echo "kept $dir"; return; }
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

su postgres -c "$bindir/initdb -D '$dir/data' -A trust -E UTF8 --locale=C.UTF-8 --no-sync" >"$dir/initdb.log" 2>&1 ||
	{ cat "$dir/initdb.log"; fail "initdb"; }
cat >>"$dir/data/postgresql.conf" <<CONF
port = $port
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
jit = off
autovacuum = off
shared_buffers = 64MB
max_connections = 20
max_worker_processes = 8
max_parallel_workers = 4
log_min_messages = warning
logging_collector = off
CONF

# the server binary, wrapped: every process it forks is traced (forks
# without exec are followed anyway; --trace-children covers exec'd helpers)
cat >"$dir/postgres-vg" <<WRAP
#!/bin/sh
exec valgrind --tool=memcheck --trace-children=yes --track-origins=yes \\
	--read-var-info=no --num-callers=40 --leak-check=no --error-limit=no \\
	--suppressions='$supp' --gen-suppressions=all \\
	--log-file='$dir/vg/%p.log' '$bindir/postgres' "\$@"
WRAP
chmod 755 "$dir/postgres-vg"

echo "starting the server under valgrind (port $port, $dir)"
su postgres -c "$bindir/pg_ctl -D '$dir/data' -p '$dir/postgres-vg' -l '$dir/server.log' -w -t 600 start" \
	>"$dir/pg_ctl.log" 2>&1 || { cat "$dir/pg_ctl.log" "$dir/server.log"; fail "the server did not start"; }

echo "running make installcheck"
mkdir -p test/results/valgrind
env -u PGPASSWORD -u PGDATABASE -u PGSERVICE -u PGSERVICEFILE -u PGSSLMODE \
	PGHOST="$dir" PGPORT="$port" PGUSER=postgres \
	make -s installcheck REGRESS_OPTS="--inputdir=. --outputdir=test/results/valgrind" \
	>"$dir/installcheck.log" 2>&1
regress_rc=$?
cat "$dir/installcheck.log"

su postgres -c "$bindir/pg_ctl -D '$dir/data' -m fast -w -t 600 stop" >/dev/null 2>&1 ||
	echo "warning: the server did not stop cleanly"
sleep 1

# ---- read the logs: one block per error, from its first line to the blank line
python3 test/reliability/valgrind_scan.py "$dir/vg" "$libdir/csat.so" src >"$dir/report.txt"
scan_rc=$?
cat "$dir/report.txt"
[ "$(ls "$dir/vg" | wc -l)" -gt 0 ] || fail "no valgrind logs were written"
elapsed=$(( $(date +%s) - start ))
[ "$scan_rc" = 0 ] || fail "valgrind errors attributed to csat (see above); ${elapsed} s"
[ "$regress_rc" = 0 ] || fail "make installcheck failed under valgrind (test/results/valgrind/regression.diffs); ${elapsed} s"
echo "valgrind: ok: the pg_regress suite passed under memcheck, 0 errors attributed to csat; ${elapsed} s"
