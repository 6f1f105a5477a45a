#!/usr/bin/env bash
# What a fresh Debian 12 machine downloads for the demo (test/install-deps.sh
# build) and for the tests (test/install-deps.sh all), side by side: apt
# computes each set's packages against an empty package status, and the
# packages of a Debian base (the Essential and Priority: required packages
# known to this machine's dpkg) are subtracted.  Downloads nothing: apt-get
# --print-uris only lists what it would fetch (the package lists must be
# there: apt-get update).
#
#   test/bench/demo_deps.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# the lists, as test/install-deps.sh assigns them (build=..., tests=...)
eval "$(sed -n '/^build=/,/^case/p' test/install-deps.sh | grep -v '^case')"
tests="$tests nodejs npm"
empty=$(mktemp)
trap 'rm -f "$empty"' EXIT
base_pkgs=$(dpkg-query -W -f='${Package} ${Essential} ${Priority}\n' |
	awk '$2 == "yes" || $3 == "required" {print $1}')
# prints "PACKAGES BYTES" for the base plus "$@"
fetch() {
	apt-get install -qq --print-uris -o Dir::State::status="$empty" $base_pkgs "$@" 2>&1 |
		awk '/^E:/ {print "apt: " $0 > "/dev/stderr"; exit 1} {n++; s += $3} END {print n, s}'
}
read -r bn bs < <(fetch)
read -r dn ds < <(fetch $build)
read -r an as < <(fetch $build $tests)
printf '%-40s %9s %9s\n' "" packages MB
printf '%-40s %9d %9.0f\n' "demo (install-deps.sh build)" $((dn - bn)) "$(echo "($ds - $bs) / 1000000" | bc -l)"
printf '%-40s %9d %9.0f\n' "tests (install-deps.sh all)" $((an - bn)) "$(echo "($as - $bs) / 1000000" | bc -l)"
printf 'ratio demo / tests: %.2f of the packages, %.2f of the bytes\n' \
	"$(echo "($dn - $bn) / ($an - $bn)" | bc -l)" "$(echo "($ds - $bs) / ($as - $bs)" | bc -l)"
