#!/usr/bin/env bash
# The whole pg_regress suite under valgrind memcheck, failing on any error
# attributed to csat (test/valgrind.sh starts its own server under valgrind).
# timeout: 1200 (the suite under memcheck: about 9 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
unset PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE
exec test/valgrind.sh
