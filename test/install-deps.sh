#!/usr/bin/env bash
# Installs what building and testing csat needs on Debian 12 with
# PostgreSQL 15: the server headers and a compiler; libpq and libcurl for
# csat-alertd; bison and flex for the PostgreSQL 13 and 18 builds of the
# version matrix (test/pg/build.sh); and the real clients the tests drive
# (Python SQLAlchemy, pandas, psycopg 2 and 3; JDBC on OpenJDK; R with
# RPostgreSQL; node-postgres comes from npm); and what building Citus for
# test/checks/citus.sh needs (../shared/citus/build.sh).
# Safe to run again: apt-get skips what is already there.
set -euo pipefail
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
pkgs="postgresql-server-dev-15 postgresql-15 make gcc clang-14 libclang-rt-14-dev valgrind
	libpq-dev libcurl4-openssl-dev
	bison flex zlib1g-dev dpkg-dev xz-utils bzip2
	python3 python3-psycopg2 python3-psycopg python3-sqlalchemy python3-pandas
	default-jdk-headless libpostgresql-jdbc-java
	r-base-core r-cran-rpostgresql
	build-essential autoconf liblz4-dev libzstd-dev libkrb5-dev libssl-dev libselinux1-dev
	libxslt1-dev libxml2-dev libpam0g-dev libreadline-dev"
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 $missing >/dev/null
fi
