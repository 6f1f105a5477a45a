#!/usr/bin/env bash
# The Debian packages: `dpkg-buildpackage -us -uc -b` builds
# postgresql-NN-csat for every server version this machine has
# (debian/pgversions) and csat-alertd; lintian reports nothing that
# debian/*.lintian-overrides does not explain; the packages install on a
# PostgreSQL without csat, the regression suite passes against the installed
# package (pg_buildext installcheck, in a throwaway cluster made by
# pg_virtualenv), the systemd unit verifies, and purging removes every file.
#
# Needs root (apt-get, dpkg).  Works on the system's PostgreSQL, which the
# project's tests (test/run-tests.sh) have installed csat into: the csat files
# found there are set aside before the packages go in and put back afterwards,
# whatever happens, so the system is left as it was found.  Builds in a copy
# of the tree in /tmp.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" = 0 ] || { echo "FAIL: needs root (apt-get, dpkg)"; exit 1; }
work=$(mktemp -d /tmp/csat-debian.XXXXXX)
chmod 755 "$work"
fail() { echo "FAIL: $*"; exit 1; }
apt() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -qq "$@"; }

versions=$(pg_buildext supported-versions 2>/dev/null | sort -u | xargs) ||
	fail "pg_buildext supported-versions failed"
[ -n "$versions" ] || fail "no PostgreSQL version to build for"
echo "ok: PostgreSQL versions to package (pg_buildext supported-versions): $versions"

# 1. build, in a copy of the tree (tracked and new files, nothing ignored)
mkdir "$work/src"
git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$work/src"
(cd "$work/src" && nice dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 ||
	{ tail -40 "$work/build.log"; fail "dpkg-buildpackage -us -uc -b failed"; }
debs=()
for v in $versions; do
	debs+=("$work/postgresql-$v-csat_"*_*.deb)
done
debs+=("$work/csat-alertd_"*_*.deb)
for d in "${debs[@]}"; do
	[ -f "$d" ] || fail "dpkg-buildpackage did not build $d"
done
echo "ok: dpkg-buildpackage -us -uc -b built: $(cd "$work" && ls ./*.deb | grep -v dbgsym | xargs -n1 basename | xargs)"
for v in $versions; do
	contents=$(dpkg-deb -c "$work/postgresql-$v-csat_"*_*.deb)
	for f in "usr/lib/postgresql/$v/lib/csat.so" "usr/share/postgresql/$v/extension/csat.control"; do
		grep -q " \./$f\$" <<<"$contents" || fail "postgresql-$v-csat lacks /$f"
	done
	grep -q 'csat-alertd' <<<"$contents" && fail "postgresql-$v-csat contains csat-alertd"
done
contents=$(dpkg-deb -c "$work/csat-alertd_"*_*.deb)
for f in usr/bin/csat-alertd lib/systemd/system/csat-alertd.service; do
	grep -q " \./$f\$" <<<"$contents" || fail "csat-alertd lacks /$f"
done
echo "ok: each postgresql-NN-csat holds the extension, csat-alertd the program and its unit"

# 2. lintian: every tag, pedantic ones included, fixed or overridden
if ! (cd "$work" && lintian -I --pedantic --fail-on error,warning,info,pedantic ./*.changes) >"$work/lintian.log" 2>&1; then
	cat "$work/lintian.log"
	fail "lintian reports tags that debian/ neither fixes nor explains"
fi
echo "ok: lintian -I --pedantic reports nothing unexplained ($(cat debian/*.lintian-overrides* | grep -c '^[a-z]') overrides, each with its reason)"

# 3. install on a PostgreSQL without csat: set aside what the tree's build
# put there, and put it back at the end
backup=$work/system
mkdir "$backup"
installed_files() {
	local v
	for v in $versions; do
		ls -d "/usr/lib/postgresql/$v/lib/csat.so" "/usr/lib/postgresql/$v/lib/bitcode/csat" \
			"/usr/lib/postgresql/$v/lib/bitcode/csat.index.bc" "/usr/lib/postgresql/$v/bin/csat-alertd" \
			"/usr/share/postgresql/$v/extension/csat.control" "/usr/share/postgresql/$v/extension/csat--"*.sql \
			/usr/bin/csat-alertd /lib/systemd/system/csat-alertd.service 2>/dev/null || true
	done | sort -u
}
packages="csat-alertd"
for v in $versions; do packages="$packages postgresql-$v-csat"; done
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' &&
		fail "$p is already installed; this check installs and purges it, so it stops here"
done
restore() {
	apt purge $packages >/dev/null 2>&1 || true
	if [ -s "$backup/files.tar" ]; then
		tar -C / -xpf "$backup/files.tar"
	fi
	if [ -s "$backup/list" ] && [ "$(installed_files)" != "$(cat "$backup/list")" ]; then
		echo "FAIL: the csat files of the tree's build did not all come back; they are in $backup/files.tar"
		exit 1
	fi
	rm -rf "$work"
}
trap restore EXIT
installed_files >"$backup/list"
if [ -s "$backup/list" ]; then
	tar -C / -cpf "$backup/files.tar" $(sed 's|^/||' "$backup/list")
	xargs rm -rf <"$backup/list"
	echo "ok: set aside the csat files of the tree's build ($(wc -l <"$backup/list") paths; put back at the end)"
fi
[ -z "$(installed_files)" ] || fail "csat files remain after setting them aside"
apt install "${debs[@]}" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "apt-get install of the packages failed"; }
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" | grep -q 'install ok installed' || fail "$p is not installed"
done
echo "ok: apt-get install ./postgresql-NN-csat_*.deb ./csat-alertd_*.deb"
/usr/bin/csat-alertd --help >/dev/null || fail "/usr/bin/csat-alertd --help failed"
systemd-analyze verify /lib/systemd/system/csat-alertd.service >"$work/verify.log" 2>&1 ||
	{ cat "$work/verify.log"; fail "systemd-analyze verify csat-alertd.service failed"; }
[ -s "$work/verify.log" ] && { cat "$work/verify.log"; fail "systemd-analyze verify has complaints"; }
echo "ok: /usr/bin/csat-alertd runs; systemd-analyze verify csat-alertd.service is silent"
systemctl is-enabled csat-alertd.service >/dev/null 2>&1 && fail "the package enabled csat-alertd.service"

# 4. the regression suite against the installed package, in pg_virtualenv's
# own throwaway cluster: on a free port, without the PG* settings of the
# cluster this check may itself run in (test/run-tests.sh runs the
# PostgreSQL 15 suite inside pg_virtualenv, whose port the nested one would
# otherwise take again)
free_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$work/src" && env -u PGHOST -u PGDATABASE -u PGUSER -u PGPASSWORD -u PG_CLUSTER_CONF_ROOT \
	-u PGSYSCONFDIR PGPORT="$free_port" pg_buildext -m CSAT_ALERTD=no installcheck) >"$work/installcheck.log" 2>&1 ||
	{ tail -60 "$work/installcheck.log"; fail "pg_buildext installcheck against the installed package failed"; }
for v in $versions; do
	grep -q "### End $v installcheck ###" "$work/installcheck.log" || fail "installcheck did not run on $v"
done
ok=$(grep -cE '^(test |ok [0-9]+ |     ).*\.\.\. ok|^ok [0-9]+ ' "$work/installcheck.log" || true)
bad=$(grep -cE '\.\.\. FAILED|^not ok ' "$work/installcheck.log" || true)
regress=$(make -s --no-print-directory -f Makefile -f <(printf 'print-regress:\n\t@echo $(REGRESS)\n') \
	print-regress PG_CONFIG="/usr/lib/postgresql/${versions%% *}/bin/pg_config" CSAT_ALERTD=no | wc -w)
[ "$bad" = 0 ] || fail "$bad regression tests failed"
n=$(echo "$versions" | wc -w)
[ "$ok" = $((regress * n)) ] || fail "$ok regression tests passed, expected $regress on each of $n version(s)"
echo "ok: pg_buildext installcheck: $ok regression tests pass against the installed package ($versions)"

# 5. purge leaves nothing behind
apt purge $packages >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "apt-get purge failed"; }
left=$(installed_files)
[ -z "$left" ] || fail "files left after purge: $left"
echo "ok: apt-get purge removes every file"
trap - EXIT
restore
echo "debian ok"
