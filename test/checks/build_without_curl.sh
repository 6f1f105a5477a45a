#!/usr/bin/env bash
# `make` on a machine without libcurl's headers builds the extension, says
# that it skips csat-alertd and how to build it, and `make install` installs
# what was built; with the headers, `make` builds both and `make install`
# installs both; CSAT_ALERTD=yes without the headers is an error.
#
# The headers are hidden, not uninstalled: the builds run in a private mount
# namespace (unshare -m, root only) with an empty directory mounted over
# curl/.  Builds in a copy of the sources, installs into DESTDIRs.
set -euo pipefail
cd "$(dirname "$0")/../.."
pgc=${PG_CONFIG:-pg_config}
work=$(mktemp -d /tmp/csat-build-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# where the compiler finds <curl/curl.h>
deps=$(printf '#include <curl/curl.h>\n' | cc -M -x c - 2>/dev/null) || deps=""
curlh=$(tr ' \\' '\n\n' <<<"$deps" | grep '/curl/curl\.h$' | head -1)
[ -n "$curlh" ] || fail "libcurl's headers are not installed here, so this check cannot hide them"
curldir=$(dirname "$curlh")
mkdir "$work/empty"

# runs "$@" with curl/ empty
without_curl() {
	unshare -m sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh "$work/empty" "$curldir" "$@"
}

# the mount really hides them (so the rest of this check means something)
without_curl sh -c "printf '#include <curl/curl.h>\n' | cc -E -x c - >/dev/null 2>&1" &&
	fail "mounting over $curldir did not hide <curl/curl.h>"
echo "ok: <curl/curl.h> hidden inside the namespace"

tree() {
	rm -rf "$work/src"
	mkdir "$work/src"
	cp -a Makefile csat.control src sql alertd "$work/src/"
	make -s -C "$work/src" clean PG_CONFIG="$pgc" >/dev/null 2>&1
}

# 1. without the headers
tree
without_curl make -C "$work/src" PG_CONFIG="$pgc" >"$work/make1.log" 2>&1 ||
	{ tail -20 "$work/make1.log"; fail "make without libcurl's headers failed"; }
[ -f "$work/src/csat.so" ] || fail "make without the headers did not build csat.so"
[ -e "$work/src/alertd/csat-alertd" ] && fail "make without the headers built csat-alertd"
grep -q 'csat-alertd.*skipped' "$work/make1.log" || fail "make does not say that it skips csat-alertd"
grep -q 'libcurl4-openssl-dev' "$work/make1.log" || fail "make does not say how to build csat-alertd"
grep -i 'curl' "$work/make1.log" | grep -v '^csat:' && fail "make printed a compiler error about curl"
# what the README shows make saying
while IFS= read -r line; do
	grep -qxF -- "$line" README.md || fail "README.md does not show make's line: $line"
done < <(grep '^csat:' "$work/make1.log")
echo "ok: make without the headers builds csat.so and says (as README.md shows): $(grep -m1 skipped "$work/make1.log")"
without_curl make -C "$work/src" install DESTDIR="$work/d1" PG_CONFIG="$pgc" >"$work/install1.log" 2>&1 ||
	{ tail -20 "$work/install1.log"; fail "make install without the headers failed"; }
pkglib=$("$pgc" --pkglibdir)
share=$("$pgc" --sharedir)
bindir=$("$pgc" --bindir)
[ -f "$work/d1$pkglib/csat.so" ] || fail "make install did not install csat.so"
[ -f "$work/d1$share/extension/csat.control" ] || fail "make install did not install csat.control"
[ -e "$work/d1$bindir/csat-alertd" ] && fail "make install installed a csat-alertd it did not build"
echo "ok: make install installs the extension and no csat-alertd"

# CSAT_ALERTD=yes: the headers are required
if without_curl make -C "$work/src" CSAT_ALERTD=yes PG_CONFIG="$pgc" >"$work/make2.log" 2>&1; then
	fail "make CSAT_ALERTD=yes succeeded without libcurl's headers"
fi
echo "ok: make CSAT_ALERTD=yes fails without the headers"

# 2. with the headers: CSAT_ALERTD=no leaves the forwarder out, then make
# builds it
tree
make -C "$work/src" CSAT_ALERTD=no PG_CONFIG="$pgc" >"$work/make4.log" 2>&1 ||
	{ tail -20 "$work/make4.log"; fail "make CSAT_ALERTD=no failed"; }
[ -f "$work/src/csat.so" ] || fail "make CSAT_ALERTD=no did not build csat.so"
[ -e "$work/src/alertd/csat-alertd" ] && fail "make CSAT_ALERTD=no built csat-alertd"
echo "ok: make CSAT_ALERTD=no builds the extension alone"
make -C "$work/src" PG_CONFIG="$pgc" >"$work/make3.log" 2>&1 ||
	{ tail -20 "$work/make3.log"; fail "make with libcurl's headers failed"; }
[ -f "$work/src/csat.so" ] || fail "make did not build csat.so"
[ -x "$work/src/alertd/csat-alertd" ] || fail "make with the headers did not build csat-alertd"
grep -q skipped "$work/make3.log" && fail "make with the headers says it skips csat-alertd"
make -C "$work/src" install DESTDIR="$work/d2" PG_CONFIG="$pgc" >"$work/install2.log" 2>&1 ||
	{ tail -20 "$work/install2.log"; fail "make install failed"; }
[ -f "$work/d2$pkglib/csat.so" ] || fail "make install did not install csat.so"
[ -x "$work/d2$bindir/csat-alertd" ] || fail "make install did not install csat-alertd"
"$work/d2$bindir/csat-alertd" --help >/dev/null || fail "the installed csat-alertd does not run"
echo "ok: with the headers make builds and make install installs csat.so and csat-alertd"
echo "build_without_curl ok"
