#!/usr/bin/env bash
# Runs every csat test on a fresh Debian 12 machine, on PostgreSQL 15
# (Debian's), 13 and 18 (built from Debian's source packages by
# test/pg/build.sh into /var/cache/csat-test, once per machine):
#
#  1. installs the build dependencies, starts building PostgreSQL 13 and 18
#     in the background (niced; about 3 minutes each, reused afterwards);
#  2. PostgreSQL 15: builds csat with warnings as errors (the release build
#     users run, then the one with csat's assertions), installs the latter,
#     runs the pg_regress suite and every test/checks/*.sh in a throwaway
#     cluster (pg_virtualenv);
#  3. PostgreSQL 13, then 18: the same two builds (in a copy of the
#     sources), installs into that installation, runs the
#     pg_regress suite and the checks marked `# versions: all` (or naming the
#     version) in a throwaway cluster of it (test/pg/cluster.sh);
#  4. pg_upgrade from 13 to 15 and from 13 to 18 (test/pg/pg_upgrade.sh).
#
# Every build, pg_regress test, check and upgrade is one result; the output
# ends with one line "N passed, M failed".
#
#   test/run-tests.sh            everything
#   test/run-tests.sh PATTERN    only the tests whose name matches the grep
#                                pattern (regress, upgrade, pg_upgrade, ...),
#                                on every version
#
# For the project's own development on a shared machine, three variables
# keep it off the system's PostgreSQL: CSAT_PG15_CONFIG (a pg_config of
# another PostgreSQL 15, run with test/pg/cluster.sh instead of
# pg_virtualenv), CSAT_PG_CACHE (where 13 and 18 are built) and
# CSAT_SKIP_DEPS=1 (no apt-get).
set -uo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"
passed=0
failed=0
failures=""
pass() { passed=$((passed + 1)); }
failure() {
	failed=$((failed + 1))
	failures="$failures $1"
}
# adds a suite's closing line "N passed, M failed" to the totals
add_summary() {
	local line=$1 what=$2 n m
	if [[ "$line" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		n=${BASH_REMATCH[1]}
		m=${BASH_REMATCH[2]}
		passed=$((passed + n))
		failed=$((failed + m))
		[ "$m" -gt 0 ] && failures="$failures $what"
	else
		failure "$what(no result)"
	fi
}

if [ -z "${CSAT_SKIP_DEPS:-}" ]; then
	{ test/install-deps.sh && test/pg/build.sh deps; } || { echo "0 passed, 1 failed"; exit 1; }
fi
pgc15=${CSAT_PG15_CONFIG:-pg_config}
majors=(13 18)
suite_opts=(-o max_worker_processes=16 -o max_parallel_workers=8 -o shared_buffers=256MB)

# ---- 1. PostgreSQL 13 and 18, built in the background (logs in $buildlogs)
buildlogs=$(mktemp -d /tmp/csat-pg-builds.XXXXXX)
trap 'rm -rf "$buildlogs"' EXIT
(
	for m in "${majors[@]}"; do
		timeout 1800 nice -n 10 test/pg/build.sh "$m" >"$buildlogs/pg$m.path" 2>"$buildlogs/pg$m.log"
		echo $? >"$buildlogs/pg$m.rc"
	done
) &
builder=$!

# builds csat against $1 with warnings as errors, as users build it and with
# csat's assertions, and installs the latter there; the
# tree is built for 15, the other versions in a copy of the sources (the
# tree keeps its build and test/results)
build_csat() {
	local pgc=$1 log=$2 dir=. rc
	if [ "${3:-}" = copy ]; then
		dir=$(mktemp -d /tmp/csat-build.XXXXXX)
		cp -a Makefile csat.control src sql alertd "$dir/"
	fi
	mkdir -p "$(dirname "$log")"
	# the build a user runs (no assertions, -O2), then the one the tests run
	{ make -C "$dir" -s clean && make -C "$dir" -s COPT=-Werror PG_CONFIG="$pgc" &&
		make -C "$dir" -s clean && make -C "$dir" -s CSAT_ASSERTS=1 COPT=-Werror PG_CONFIG="$pgc" &&
		make -C "$dir" -s install PG_CONFIG="$pgc"; } >"$log.tmp" 2>&1
	rc=$?
	[ "$dir" != . ] && rm -rf "$dir"
	mv "$log.tmp" "$log"
	if [ "$rc" != 0 ]; then
		cat "$log"
		echo "build against $("$pgc" --version) failed"
		return 1
	fi
	if grep -q "warning:" "$log"; then
		grep "warning:" "$log"
		echo "build against $("$pgc" --version) has warnings"
		return 1
	fi
	return 0
}

# ---- 2. PostgreSQL 15
echo "=== PostgreSQL 15: $("$pgc15" --version)"
if build_csat "$pgc15" "$buildlogs/build-15.log"; then
	pass
	mkdir -p test/results
	cp "$buildlogs/build-15.log" test/results/build.log
	if [ -n "${CSAT_PG15_CONFIG:-}" ]; then
		PG_CONFIG=$pgc15 test/pg/cluster.sh "${suite_opts[@]}" bash test/suite.sh "$filter"
	else
		pg_virtualenv -t "${suite_opts[@]}" bash test/suite.sh "$filter"
	fi
	add_summary "$(cat test/results/summary 2>/dev/null)" "PostgreSQL-15-suite"
else
	failure "build-15"
fi

# ---- 3. PostgreSQL 13 and 18
declare -A pgc
for m in "${majors[@]}"; do
	echo "=== PostgreSQL $m"
	while [ ! -f "$buildlogs/pg$m.rc" ] && kill -0 "$builder" 2>/dev/null; do
		sleep 5
	done
	if [ "$(cat "$buildlogs/pg$m.rc" 2>/dev/null)" != 0 ] || [ ! -x "$(head -1 "$buildlogs/pg$m.path")" ]; then
		tail -30 "$buildlogs/pg$m.log"
		echo "building PostgreSQL $m failed"
		failure "build-postgresql-$m"
		continue
	fi
	pgc[$m]=$(head -1 "$buildlogs/pg$m.path")
	echo "$("${pgc[$m]}" --version) at ${pgc[$m]}"
	if ! build_csat "${pgc[$m]}" "test/results/pg$m/build.log" copy; then
		failure "build-$m"
		unset "pgc[$m]"
		continue
	fi
	pass
	PG_CONFIG=${pgc[$m]} test/pg/cluster.sh "${suite_opts[@]}" bash test/suite.sh "$filter"
	add_summary "$(cat "test/results/pg$m/summary" 2>/dev/null)" "PostgreSQL-$m-suite"
done

# ---- 4. pg_upgrade from 13 to 15 and to 18
if [ -z "$filter" ] || echo pg_upgrade | grep -q "$filter"; then
	for to in 15 18; do
		if [ "$to" = 15 ]; then new=$pgc15; else new=${pgc[18]:-}; fi
		if [ -z "${pgc[13]:-}" ] || [ -z "$new" ]; then
			echo "--- pg_upgrade 13 -> $to FAILED: an installation is missing"
			failure "pg_upgrade-13-$to"
			continue
		fi
		echo "=== pg_upgrade 13 -> $to"
		if timeout 600 test/pg/pg_upgrade.sh "${pgc[13]}" "$new" >"test/results/pg_upgrade_13_$to.log" 2>&1; then
			tail -1 "test/results/pg_upgrade_13_$to.log"
			pass
		else
			tail -40 "test/results/pg_upgrade_13_$to.log"
			failure "pg_upgrade-13-$to"
		fi
	done
fi

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
