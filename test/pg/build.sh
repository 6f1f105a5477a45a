#!/usr/bin/env bash
# Builds a PostgreSQL major version from Debian's source archive into a cache
# directory, once per machine, and prints the path of its pg_config.
#
#   test/pg/build.sh 13        -> /var/cache/csat-test/pg13/bin/pg_config
#   test/pg/build.sh 18
#   test/pg/build.sh deps      only the build tools (apt-get)
#
# The source comes from `apt-get source --download-only postgresql-N` through
# a private apt configuration (its own source list, lists and cache); its
# deb-src entries reuse the URIs of the machine's own
# /etc/apt/sources.list.d/*.sources, read here at run time, so no mirror is
# named in this repository and the system's apt state is not touched.
# 13 comes from bullseye, 18 from sid.  Configured --without-icu
# --without-readline; the server and its programs (pg_upgrade, pg_regress and
# pgbench are in the core since 9.5) and one contrib module, amcheck (the
# upgrade, dump/restore and pg_upgrade checks verify btree indexes with it);
# about 3 minutes a version on 2 cores.  From 17 on the tarball no longer
# ships generated parsers: bison and flex are needed.  Two runs for the same
# version wait for each other (flock); the second finds the cache complete.
# CSAT_PG_CACHE overrides the cache directory (default /var/cache/csat-test).
set -euo pipefail
major=${1:?usage: test/pg/build.sh MAJOR | deps}

# build tools (stderr only: stdout carries the pg_config path); `build.sh
# deps` installs them and nothing else (test/run-tests.sh does, before it
# starts the builds in the background beside other apt-get users)
need=""
for p in gcc make dpkg-dev perl zlib1g-dev xz-utils bzip2 bison flex; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
	apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 $need >&2
fi
[ "$major" = deps ] && exit 0

cache=${CSAT_PG_CACHE:-/var/cache/csat-test}
prefix="$cache/pg$major"
mkdir -p "$cache"
exec 9>"$cache/.pg$major.lock"
flock 9
# a cache from before amcheck was part of the build is rebuilt
if [ -f "$prefix/.complete" ] && [ -x "$prefix/bin/pg_config" ] &&
	[ -f "$("$prefix/bin/pg_config" --sharedir)/extension/amcheck.control" ]; then
	echo "$prefix/bin/pg_config"
	exit 0
fi
case "$major" in
13) suite=bullseye ;;
18) suite=sid ;;
*) echo "build.sh: no Debian source suite known for PostgreSQL $major" >&2; exit 2 ;;
esac

work=$(mktemp -d "$cache/build-pg$major.XXXXXX")
trap 'rm -rf "$work"' EXIT
apt="$work/apt"
mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/archives/partial" "$apt/src"

# the machine's archive URIs (entries of the main archive: a suite without '-')
uris=$(awk '
	/^URIs:/ { u = $0; sub(/^URIs:[ \t]*/, "", u) }
	/^Suites:/ { for (i = 2; i <= NF; i++) if ($i !~ /-/) main = 1 }
	/^Signed-By:/ { k = $2 }
	/^[ \t]*$/ { if (main && u != "") print u "|" k; u = ""; main = 0; k = "" }
	END { if (main && u != "") print u "|" k }
' /etc/apt/sources.list.d/*.sources | sort -u)
if [ -z "$uris" ]; then
	echo "build.sh: no archive URIs found in /etc/apt/sources.list.d/*.sources" >&2
	exit 1
fi
{
	echo "$uris" | while IFS='|' read -r u k; do
		echo "Types: deb-src"
		echo "URIs: $u"
		echo "Suites: $suite"
		echo "Components: main"
		[ -n "$k" ] && echo "Signed-By: $k"
		echo
	done
} >"$apt/sources.list.d/csat-src.sources"
aptopts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt/sources.list.d"
	-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt" -o "Dir::Cache::archives=$apt/archives"
	-o Debug::NoLocking=1 -o APT::Sandbox::User=root)
echo "build.sh: fetching postgresql-$major source ($suite)" >&2
apt-get "${aptopts[@]}" -qq update >&2
(cd "$apt/src" && apt-get "${aptopts[@]}" -qq source --download-only "postgresql-$major" >&2)
tarball=$(ls "$apt/src"/postgresql-"$major"_*.orig.tar.* | head -1)
[ -f "$tarball" ] || { echo "build.sh: no source tarball downloaded" >&2; exit 1; }

echo "build.sh: building $(basename "$tarball") into $prefix" >&2
mkdir -p "$work/src"
tar -xf "$tarball" -C "$work/src" --strip-components=1
cd "$work/src"
rm -rf "$prefix"
./configure --prefix="$prefix" --without-icu --without-readline >"$work/configure.log" 2>&1 ||
	{ tail -30 "$work/configure.log" >&2; exit 1; }
make -j"$(nproc)" -s >"$work/make.log" 2>&1 ||
	{ tail -40 "$work/make.log" >&2; exit 1; }
make -s install >"$work/install.log" 2>&1 ||
	{ tail -20 "$work/install.log" >&2; exit 1; }
make -C contrib/amcheck -s install >>"$work/install.log" 2>&1 ||
	{ tail -20 "$work/install.log" >&2; exit 1; }
touch "$prefix/.complete"
echo "build.sh: PostgreSQL $("$prefix/bin/pg_config" --version) installed in $prefix" >&2
echo "$prefix/bin/pg_config"
