#!/usr/bin/env bash
# csat through application stacks, with Debian's packages and the adapters
# in clients/ (issue 18):
#  - Rails ActiveRecord 6.1 (ruby-activerecord, ruby-pg) with
#    clients/ruby/lib/csat/active_record.rb: test/clients/test_activerecord.rb;
#  - Django 3.2 (python3-django) with clients/python/csat/django.py:
#    test/clients/test_django.py (its app in test/clients/csat_django_app);
#  - ActiveRecord without the adapter, as a Rails application's ordinary
#    code (the server takes bare numbers): test/clients/test_activerecord_plain.rb;
#  - Go pgx v4 (golang-go, golang-github-jackc-pgx-v4-dev), built offline in
#    GOPATH mode with clients/go/csat: test/clients/pgx/main.go;
#  - every ruby, python and go snippet of README.md's "Rails, Django and Go"
#    (extracted by test/clients/readme_stacks.py).
# Each creates, reads, filters (=, IN, ranges, >= with a parameter), updates
# and aggregates as its documentation writes queries, in a database of its
# own.  As root, installs the Debian packages it needs (STACK_PACKAGES).
# Runs inside a cluster with PG* set.  About 30 s with Go's build cache warm,
# up to 90 s cold on a loaded machine (building pgx).
set -euo pipefail
cd "$(dirname "$0")/../.."

clients=test/clients
status=0

# ---- dependencies ----
STACK_PACKAGES="ruby-activerecord ruby-pg python3-django python3-psycopg2 golang-go golang-github-jackc-pgx-v4-dev"
have_stacks() {
	ruby -e 'gem "activerecord", "~> 6.1"; require "active_record"; require "pg"' >/dev/null 2>&1 &&
		/usr/bin/python3 -c 'import django, psycopg2' 2>/dev/null &&
		command -v go >/dev/null && [ -d /usr/share/gocode/src/github.com/jackc/pgx/v4 ]
}
if ! have_stacks; then
	if [ "$(id -u)" = 0 ]; then
		echo "stacks: installing $STACK_PACKAGES"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
			--no-install-recommends $STACK_PACKAGES >/dev/null
	fi
	have_stacks || {
		echo "stacks: FAIL: missing Debian packages (apt-get install $STACK_PACKAGES)" >&2
		exit 1
	}
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/csat-stacks.XXXXXX")
dbs=()
cleanup() {
	for d in "${dbs[@]}"; do
		psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

# run NAME CMD...: in a fresh database with csat installed
run() {
	local name=$1 db="csat_stacks_$((${#dbs[@]} + 1))_$$"
	shift
	echo "== $name"
	dbs+=("$db")
	if ! psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $db" ||
		! psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION csat"; then
		echo "stacks: $name FAILED (database)"
		status=1
		return
	fi
	if PGDATABASE=$db timeout 120 "$@"; then
		echo "stacks: $name passed"
	else
		echo "stacks: $name FAILED"
		status=1
	fi
}

run activerecord ruby "$clients/test_activerecord.rb"
run "activerecord without the adapter" ruby "$clients/test_activerecord_plain.rb"
run django /usr/bin/python3 "$clients/test_django.py"

# README.md's "Rails, Django and Go": its snippets, each in a database of its own
snip="$work/readme"
if /usr/bin/python3 "$clients/readme_stacks.py" "$snip"; then
	run "README ruby snippet" ruby -I clients/ruby/lib "$snip/readme.rb"
	run "README django snippets" /usr/bin/python3 "$clients/readme_django.py" "$snip"
else
	echo "stacks: README snippets FAILED (extraction)"
	status=1
fi

# pgx in GOPATH mode, offline: Debian's sources in /usr/share/gocode
gopath="$work/go"
mkdir -p "$gopath/src/csat" "$gopath/src/csat-pgx-test" "$gopath/src/csat-readme"
cp clients/go/csat/*.go "$gopath/src/csat/"
cp "$clients/pgx/main.go" "$gopath/src/csat-pgx-test/"
[ -f "$snip/go/src/csat-readme/main.go" ] && cp "$snip/go/src/csat-readme/main.go" "$gopath/src/csat-readme/"
# Go's build cache (GOCACHE, by default under ~/.cache) makes later runs quick;
# a cold build of pgx takes 15 to 60 s depending on the machine's load
gobuild() {
	(cd "$gopath/src/$1" &&
		GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" GOFLAGS= GOPROXY=off \
			nice go build -o "$work/$1" .)
}
echo "== pgx (go build)"
if gobuild csat-pgx-test; then
	run pgx "$work/csat-pgx-test"
else
	echo "stacks: pgx FAILED (go build)"
	status=1
fi
if gobuild csat-readme; then
	run "README go snippet" "$work/csat-readme"
else
	echo "stacks: README go snippet FAILED (go build)"
	status=1
fi

if [ "$status" = 0 ]; then
	echo "stacks: ActiveRecord (with and without the adapter), Django, pgx and the README snippets: all checks passed"
else
	echo "stacks: FAILED"
fi
exit "$status"
