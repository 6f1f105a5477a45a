#!/usr/bin/env bash
# Runs every csat test on a fresh Debian 12 machine with PostgreSQL 15:
# installs build dependencies, builds with warnings as errors, installs, then
# runs the pg_regress suite and every test/checks/*.sh inside a throwaway
# cluster (pg_virtualenv).  Ends with one line "N passed, M failed".
#
#   test/run-tests.sh            everything
#   test/run-tests.sh rating     only checks/regress tests whose name matches
set -uo pipefail
cd "$(dirname "$0")/.."
test/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

if ! { make -s clean && make -s CSAT_ASSERTS=1 COPT=-Werror && make -s install; } >test/build.log 2>&1; then
	cat test/build.log
	echo "build failed"
	echo "0 passed, 1 failed"
	exit 1
fi
if grep -q "warning:" test/build.log; then
	grep "warning:" test/build.log
	echo "build has warnings"
	echo "0 passed, 1 failed"
	exit 1
fi

# a cluster that can run parallel plans with two workers; the suite writes
# its closing line to test/results/summary, printed again last (after
# pg_virtualenv's own messages) so it closes the output
rm -f test/results/summary
pg_virtualenv -t -o max_worker_processes=16 -o max_parallel_workers=8 \
	-o shared_buffers=256MB bash test/suite.sh "$@"
status=$?
if [ -s test/results/summary ]; then
	cat test/results/summary
else
	echo "0 passed, 1 failed"
	status=1
fi
exit $status
