#!/usr/bin/env bash
# `make dist` gives the PGXN archive that META.json describes, and the PGXN
# client (Debian's pgxnclient) installs csat from it: into a private copy of
# the server's PostgreSQL (pgxn install --pg_config), where CREATE EXTENSION
# then gives the version META.json names and the extension works.
#
# The archive is made from the tree as it is (git stash create: HEAD plus
# uncommitted changes to tracked files), in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
pgc=${PG_CONFIG:-pg_config}
work=$(mktemp -d /tmp/csat-pgxn.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

version=$(sed -n "s/^[[:space:]]*default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" csat.control)
meta_version=$(python3 -c 'import json; print(json.load(open("META.json"))["version"])')
[ "$meta_version" = "$version" ] || fail "META.json version $meta_version, csat.control default_version $version"
echo "ok: META.json version $meta_version = default_version"

# 1. the archive
ref=$(git stash create)
make -s dist DIST_DIR="$work" DIST_REF="${ref:-HEAD}" PG_CONFIG="$pgc" >"$work/dist.log" 2>&1 ||
	{ cat "$work/dist.log"; fail "make dist failed"; }
zip=$work/csat-$version.zip
[ -f "$zip" ] || fail "make dist did not write csat-$version.zip"
mkdir "$work/unpacked"
unzip -q "$zip" -d "$work/unpacked"
top=$(ls "$work/unpacked")
[ "$top" = "csat-$version" ] || fail "the archive's top directory is $top, not csat-$version"
dist=$work/unpacked/$top
cmp -s META.json "$dist/META.json" || fail "the archive's META.json differs from the tree's"
python3 - "$dist" <<'PYTHON' || fail "the archive does not hold what META.json describes"
import json, os, sys
d = sys.argv[1]
meta = json.load(open(os.path.join(d, "META.json")))
bad = 0
for name, ext in meta["provides"].items():
    for key in ("file", "docfile"):
        if key in ext and not os.path.isfile(os.path.join(d, ext[key])):
            print(f"provides.{name}.{key} {ext[key]} is not in the archive")
            bad += 1
for p in meta.get("no_index", {}).get("directory", []):
    if not os.path.isdir(os.path.join(d, p)):
        print(f"no_index directory {p} is not in the archive")
        bad += 1
# what a build needs: the control file and every install or upgrade script
# the tree installs
for f in ["csat.control", "Makefile"] + [os.path.join("sql", f) for f in os.listdir("sql")
                                          if f.startswith("csat--") and f.endswith(".sql")]:
    if not os.path.isfile(os.path.join(d, f)):
        print(f"{f} is not in the archive")
        bad += 1
sys.exit(1 if bad else 0)
PYTHON
echo "ok: $(basename "$zip") ($(unzip -l "$zip" | tail -1 | awk '{print $2}') files) holds META.json and the files it names"

# 2. pgxn install into a private copy of this PostgreSQL, from which csat
# is removed first (so that what is found afterwards is pgxn's doing)
priv=$(test/pg/private.sh "$work/pg" "$pgc" | tail -1)
# (pgxn wants pg_config --libdir writable; the copy of Debian's layout has
# no such directory)
mkdir -p "$("$priv" --libdir)"
rm -f "$("$priv" --pkglibdir)"/csat.so "$("$priv" --sharedir)"/extension/csat* "$("$priv" --bindir)"/csat-alertd
(cd "$work" && pgxn install --pg_config "$priv" --nosudo "./csat-$version.zip") >"$work/pgxn.log" 2>&1 ||
	{ tail -30 "$work/pgxn.log"; fail "pgxn install failed"; }
[ -f "$("$priv" --pkglibdir)/csat.so" ] || fail "pgxn install did not install csat.so"
[ -f "$("$priv" --sharedir)/extension/csat.control" ] || fail "pgxn install did not install csat.control"
echo "ok: pgxn install ./csat-$version.zip --pg_config <private copy> installed csat"

# 3. the installed extension, in a throwaway cluster of that copy
out=$(PG_CONFIG=$priv test/pg/cluster.sh psql -X -A -t -v ON_ERROR_STOP=1 -c "CREATE EXTENSION csat" -c "
	SELECT extversion FROM pg_extension WHERE extname = 'csat';
	SELECT csat_pct(r) || ' ' || nps(s)
	FROM (VALUES ('5/5'::satisfaction_rating, '10/0-10'::satisfaction_rating),
	             ('2/5', '3/0-10'), ('4/5', '9/0-10')) AS t(r, s);") ||
	fail "CREATE EXTENSION csat in a cluster of the copy failed: $out"
want="CREATE EXTENSION
$version
66.6666666666666667 33.3333333333333333"
[ "$out" = "$want" ] || fail "the pgxn-installed csat answered: $out"
echo "ok: CREATE EXTENSION csat gives $version; csat_pct and nps answer 66.67 and 33.33 (2 of 3 satisfied; 2 promoters, 1 detractor)"
echo "pgxn ok"
