#!/usr/bin/env bash
# Installs what building and testing csat needs on Debian 12 with
# PostgreSQL 15.  Safe to run again: apt-get skips what is already there.
#
#   test/install-deps.sh build   what `make`, `make install` and the demo
#                                need: the server and its headers, a
#                                compiler, libpq and libcurl (csat-alertd)
#   test/install-deps.sh         (or `all`) that and everything the tests
#                                drive: bison and flex for the PostgreSQL 13
#                                and 18 builds (test/pg/build.sh), clang and
#                                valgrind, the real clients and application
#                                stacks (Python, Java, R, Ruby, Go, ODBC,
#                                node-postgres from npm), pg_cron, the Debian
#                                and PGXN packaging tools, and what building
#                                Citus (../shared/citus/build.sh) needs
set -euo pipefail
what=${1:-all}
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
build="postgresql-server-dev-15 postgresql-15 make gcc libpq-dev libcurl4-openssl-dev python3"
tests="clang-14 libclang-rt-14-dev valgrind iproute2 util-linux
	bison flex zlib1g-dev dpkg-dev xz-utils bzip2
	python3-psycopg2 python3-psycopg python3-sqlalchemy python3-pandas python3-scipy
	python3-django python3-pyodbc odbc-postgresql unixodbc
	ruby-activerecord ruby-pg
	golang-go golang-github-jackc-pgx-v4-dev
	default-jdk-headless libpostgresql-jdbc-java
	r-base-core r-cran-rpostgresql
	postgresql-15-cron
	postgresql-server-dev-all debhelper devscripts lintian fakeroot pgxnclient zip unzip systemd
	build-essential autoconf liblz4-dev libzstd-dev libkrb5-dev libssl-dev libselinux1-dev
	libxslt1-dev libxml2-dev libpam0g-dev libreadline-dev"
case "$what" in
build) pkgs=$build ;;
all) pkgs="$build $tests"
	command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
	command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
	;;
*) echo "usage: test/install-deps.sh [build|all]" >&2; exit 2 ;;
esac
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 $missing >/dev/null
fi
