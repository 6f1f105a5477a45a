#!/usr/bin/env bash
# Every SQL example in README.md runs, and shown output is what psql prints.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec /usr/bin/python3 test/readme_check.py
