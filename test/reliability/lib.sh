# shellcheck shell=bash
# Shared helpers of the reliability checks (test/checks/{upgrade,dump_restore,
# trusted,hostile_input,load,overflow}.sh).  Source it from a check run at the
# repository root inside pg_virtualenv (PG* variables set, superuser PGUSER).
#
#   rel_init NAME      names the check (messages, database prefix), starts the
#                      clock, installs the cleanup trap
#   rel_db VAR SUFFIX  creates a fresh database csat_rel_NAME_SUFFIX_PID and
#                      stores its name in VAR; every one is dropped on exit
#   rel_role NAME      registers a role to drop on exit (create it yourself)
#   q DB SQL...        psql -X -A -t -q -v ON_ERROR_STOP=1 on DB with -c SQL;
#   q DB -opt...       ... with these psql options instead (stdin if none)
#   fail MSG           prints "NAME: FAILED: MSG" and exits 1 (cleanup runs)
#   rel_tmp            sets REL_TMP to a temporary directory readable by the
#                      server (removed on exit)

REL_NAME=check
REL_DBS=()
REL_ROLES=()
REL_TMP=""
REL_START=$(date +%s.%N)

rel_cleanup() {
	local db r
	for db in "${REL_DBS[@]}"; do
		psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 ||
			echo "$REL_NAME: warning: could not drop database $db"
	done
	for r in "${REL_ROLES[@]}"; do
		psql -X -q -d postgres -c "DROP ROLE IF EXISTS \"$r\"" >/dev/null 2>&1 ||
			echo "$REL_NAME: warning: could not drop role $r"
	done
	[ -n "$REL_TMP" ] && rm -rf "$REL_TMP"
	return 0
}

rel_init() {
	REL_NAME=$1
	trap rel_cleanup EXIT
	trap 'exit 130' INT TERM
}

rel_elapsed() {
	awk -v a="$REL_START" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}

fail() {
	echo "$REL_NAME: FAILED: $*"
	exit 1
}

q() {
	local db=$1
	shift
	if [ $# -eq 0 ] || [[ "$1" == -* ]]; then
		psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" "$@"
	else
		psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" -c "$*"
	fi
}

rel_db() {
	local name="csat_rel_${REL_NAME}_$2_$$"
	REL_DBS+=("$name")
	psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS \"$name\"" >/dev/null 2>&1
	psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE \"$name\"" >/dev/null ||
		fail "cannot create database $name"
	printf -v "$1" '%s' "$name"
}

rel_role() {
	REL_ROLES+=("$1")
}

rel_tmp() {
	if [ -z "$REL_TMP" ]; then
		REL_TMP=$(mktemp -d /tmp/csat_rel_XXXXXX)
		chmod 755 "$REL_TMP"
	fi
}
