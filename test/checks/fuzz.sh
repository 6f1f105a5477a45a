#!/usr/bin/env bash
# Fuzz the PostgreSQL-free parsers (src/core/) for a bounded time:
# parse_unit table test, then fuzz_rating, fuzz_summary and fuzz_terms for
# 18 s each (about a minute in all).  Needs clang + libclang-rt-14-dev, not the
# database.  Long runs: test/fuzz/run.sh 3600
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
exec test/fuzz/run.sh 18
