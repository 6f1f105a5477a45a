#!/usr/bin/env bash
# META.json is valid PGXN metadata (PGXN Meta Spec v1.0.x) and agrees with the
# extension it describes.
#
# No PGXN validator is packaged for Debian (PGXN::Meta::Validator is on CPAN
# only), so this applies the spec's rules with python3's json module: required
# keys, no unknown keys (x_ keys allowed), Terms, SemVer versions, license
# shortcuts, provides entries with file and version, prereq phases,
# relationships and version ranges, resources, tags, no_index.  It then checks
# META.json against csat.control and the files it names, and that the
# validator itself rejects a set of broken documents.  Needs no database.
set -euo pipefail
cd "$(dirname "$0")/../.."

exec /usr/bin/python3 - <<'PYTHON'
import copy
import json
import os
import re
import sys
import unicodedata

SEMVER = (r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
          r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)"
          r"(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?")
SEMVER_RE = re.compile(rf"^{SEMVER}$")
RANGE_ONE = rf"(?:(?:[=!]=|[<>]=?)\s*)?(?:{SEMVER}|0)"
RANGE_RE = re.compile(rf"^{RANGE_ONE}(?:,\s*{RANGE_ONE})*$")
URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CUSTOM_RE = re.compile(r"^[xX]_.")
LICENSES = {
    "agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd",
    "freebsd", "gfdl_1_2", "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1",
    "lgpl_3_0", "mit", "mozilla_1_0", "mozilla_1_1", "openssl", "perl_5",
    "postgresql", "qpl_1_0", "ssleay", "sun", "zlib", "open_source",
    "restricted", "unrestricted", "unknown",
}
META_SPEC_URLS = {"https://pgxn.org/meta/spec.txt", "http://pgxn.org/meta/spec.txt"}


def has_control(s):
    return any(unicodedata.category(c) == "Cc" for c in s)


class Validator:
    def __init__(self):
        self.errors = []

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    # -- primitive types --
    def string(self, where, v, min_len=1):
        if not isinstance(v, str):
            self.err(where, f"must be a string, not {type(v).__name__}")
            return False
        if len(v) < min_len:
            self.err(where, f"must be at least {min_len} characters")
            return False
        return True

    def term(self, where, v):
        if self.string(where, v, 2) and (
                "/" in v or "\\" in v or any(c.isspace() for c in v) or has_control(v)):
            self.err(where, f"{v!r} is not a Term (no slash, backslash, space or control character)")

    def semver(self, where, v):
        if self.string(where, v) and not SEMVER_RE.match(v):
            self.err(where, f"{v!r} is not a semantic version (MAJOR.MINOR.PATCH)")

    def uri(self, where, v):
        if self.string(where, v) and not URI_RE.match(v):
            self.err(where, f"{v!r} is not a URI")

    def path(self, where, v):
        if self.string(where, v, 2) and (v.startswith("/") or "\\" in v or has_control(v)):
            self.err(where, f"{v!r} is not a relative Unix path")

    def version_range(self, where, v):
        if v == 0 and not isinstance(v, bool):
            return
        if isinstance(v, str) and RANGE_RE.match(v.strip()):
            return
        self.err(where, f"{v!r} is not a version range")

    def object(self, where, v, allowed=None, required=(), min_props=0):
        """Check an object's keys; allowed=None means any key."""
        if not isinstance(v, dict):
            self.err(where, f"must be an object, not {type(v).__name__}")
            return False
        for k in required:
            if k not in v:
                self.err(where, f"missing required key {k!r}")
        if allowed is not None:
            for k in v:
                if k not in allowed and not CUSTOM_RE.match(k):
                    self.err(where, f"unknown key {k!r} (custom keys start with x_)")
        if len(v) < min_props:
            self.err(where, f"must have at least {min_props} key(s)")
        return True

    # -- the spec's fields --
    def maintainer(self, v):
        if isinstance(v, list):
            if not v:
                self.err("maintainer", "must not be an empty array")
            for i, m in enumerate(v):
                self.string(f"maintainer[{i}]", m)
        else:
            self.string("maintainer", v)

    def license(self, v):
        if isinstance(v, str):
            if v not in LICENSES:
                self.err("license", f"{v!r} is not a known license shortcut")
        elif isinstance(v, list):
            if not v:
                self.err("license", "must not be an empty array")
            for i, l in enumerate(v):
                if l not in LICENSES:
                    self.err(f"license[{i}]", f"{l!r} is not a known license shortcut")
        elif isinstance(v, dict):
            if not v:
                self.err("license", "must not be an empty object")
            for name, url in v.items():
                self.uri(f"license.{name}", url)
        else:
            self.err("license", "must be a string, an array or an object")

    def provides(self, v):
        if not self.object("provides", v, min_props=1):
            return
        for ext, spec in v.items():
            where = f"provides.{ext}"
            self.term(f"{where} (name)", ext)
            if not self.object(where, spec,
                               allowed={"file", "version", "abstract", "docfile", "docpath"},
                               required=("file", "version")):
                continue
            if "file" in spec:
                self.path(f"{where}.file", spec["file"])
            if "docfile" in spec:
                self.path(f"{where}.docfile", spec["docfile"])
            if "version" in spec:
                self.semver(f"{where}.version", spec["version"])
            for k in ("abstract", "docpath"):
                if k in spec:
                    self.string(f"{where}.{k}", spec[k])

    def meta_spec(self, v):
        if not self.object("meta-spec", v, allowed={"version", "url"}, required=("version",)):
            return
        ver = v.get("version")
        if "version" in v and not (isinstance(ver, str) and re.match(r"^1\.0\.\d+$", ver)):
            self.err("meta-spec.version", f"{ver!r} must be 1.0.x")
        if "url" in v and v["url"] not in META_SPEC_URLS:
            self.err("meta-spec.url", f"{v['url']!r} must be https://pgxn.org/meta/spec.txt")

    def prereqs(self, v):
        phases = {"configure", "build", "test", "runtime", "develop"}
        relations = {"requires", "recommends", "suggests", "conflicts"}
        if not self.object("prereqs", v, allowed=phases, min_props=1):
            return
        for phase, rels in v.items():
            if CUSTOM_RE.match(phase):
                continue
            where = f"prereqs.{phase}"
            if not self.object(where, rels, allowed=relations, min_props=1):
                continue
            for rel, deps in rels.items():
                if CUSTOM_RE.match(rel):
                    continue
                if not self.object(f"{where}.{rel}", deps, min_props=1):
                    continue
                for dep, rng in deps.items():
                    self.term(f"{where}.{rel} (name {dep!r})", dep)
                    self.version_range(f"{where}.{rel}.{dep}", rng)

    def resources(self, v):
        if not self.object("resources", v, allowed={"homepage", "bugtracker", "repository"},
                           min_props=1):
            return
        if "homepage" in v:
            self.uri("resources.homepage", v["homepage"])
        if "bugtracker" in v:
            bt = v["bugtracker"]
            if self.object("resources.bugtracker", bt, allowed={"web", "mailto"}):
                if "web" not in bt and "mailto" not in bt:
                    self.err("resources.bugtracker", "needs web or mailto")
                if "web" in bt:
                    self.uri("resources.bugtracker.web", bt["web"])
                if "mailto" in bt and not (isinstance(bt["mailto"], str)
                                           and EMAIL_RE.match(bt["mailto"])):
                    self.err("resources.bugtracker.mailto", "is not an email address")
        if "repository" in v:
            repo = v["repository"]
            if self.object("resources.repository", repo, allowed={"url", "web", "type"}):
                if "web" not in repo and not ("url" in repo and "type" in repo):
                    self.err("resources.repository", "needs web, or url with type")
                for k in ("url", "web"):
                    if k in repo:
                        self.uri(f"resources.repository.{k}", repo[k])
                if "type" in repo and not (isinstance(repo["type"], str)
                                           and re.match(r"^[a-z]+$", repo["type"])):
                    self.err("resources.repository.type", "must be a lowercase VCS name")

    def tags(self, v):
        if not isinstance(v, list) or not v:
            self.err("tags", "must be a non-empty array")
            return
        for i, t in enumerate(v):
            where = f"tags[{i}]"
            if self.string(where, t, 2):
                if len(t) > 255:
                    self.err(where, "must be shorter than 256 characters")
                if "/" in t or "\\" in t or has_control(t):
                    self.err(where, f"{t!r} has a slash, backslash or control character")

    def no_index(self, v):
        if not self.object("no_index", v, allowed={"file", "directory"}):
            return
        if "file" not in v and "directory" not in v:
            self.err("no_index", "needs file or directory")
        for k in ("file", "directory"):
            if k not in v:
                continue
            paths = v[k]
            if isinstance(paths, list):
                if not paths:
                    self.err(f"no_index.{k}", "must not be an empty array")
                if len(set(map(str, paths))) != len(paths):
                    self.err(f"no_index.{k}", "has duplicates")
                for i, p in enumerate(paths):
                    self.path(f"no_index.{k}[{i}]", p)
            else:
                self.path(f"no_index.{k}", paths)

    def validate(self, meta):
        top = {"name", "version", "abstract", "maintainer", "license", "provides",
               "meta-spec", "description", "generated_by", "tags", "no_index",
               "prereqs", "release_status", "resources"}
        required = ("abstract", "license", "maintainer", "meta-spec", "name",
                    "provides", "version")
        if not self.object("META.json", meta, allowed=top, required=required):
            return self.errors
        if "name" in meta:
            self.term("name", meta["name"])
        if "version" in meta:
            self.semver("version", meta["version"])
        for k in ("abstract", "description", "generated_by"):
            if k in meta:
                self.string(k, meta[k])
        if "maintainer" in meta:
            self.maintainer(meta["maintainer"])
        if "license" in meta:
            self.license(meta["license"])
        if "provides" in meta:
            self.provides(meta["provides"])
        if "meta-spec" in meta:
            self.meta_spec(meta["meta-spec"])
        if "prereqs" in meta:
            self.prereqs(meta["prereqs"])
        if "release_status" in meta and meta["release_status"] not in (
                "stable", "testing", "unstable"):
            self.err("release_status", "must be stable, testing or unstable")
        if "resources" in meta:
            self.resources(meta["resources"])
        if "tags" in meta:
            self.tags(meta["tags"])
        if "no_index" in meta:
            self.no_index(meta["no_index"])
        return self.errors


def validate(meta):
    return Validator().validate(meta)


failures = 0


def report(ok, msg):
    global failures
    print(("ok: " if ok else "FAIL: ") + msg)
    if not ok:
        failures += 1


# 1. META.json against the spec
try:
    with open("META.json", encoding="utf-8") as f:
        meta = json.load(f)
except (OSError, ValueError) as e:
    print(f"FAIL: META.json does not parse as JSON: {e}")
    sys.exit(1)
errors = validate(meta)
for e in errors:
    print(f"  META.json: {e}")
report(not errors, "META.json follows the PGXN Meta Spec 1.0 rules")

# 2. META.json against the extension it describes
control = {}
with open("csat.control", encoding="utf-8") as f:
    for line in f:
        m = re.match(r"^\s*(\w+)\s*=\s*'?([^']*)'?\s*$", line)
        if m:
            control[m.group(1)] = m.group(2)
default_version = control.get("default_version")
report(meta.get("name") == "csat" and "csat" in meta.get("provides", {}),
       "distribution and extension are named csat")
report(meta.get("version") == default_version,
       f"version {meta.get('version')} = csat.control default_version {default_version}")
ext = meta.get("provides", {}).get("csat", {})
report(ext.get("version") == default_version,
       f"provides.csat.version {ext.get('version')} = default_version")
# the install script: the one for default_version, or (PostgreSQL installs
# a version by a base script plus the update chain) the oldest base script
base_scripts = sorted(f for f in os.listdir("sql") if re.match(r"^csat--[0-9.]+\.sql$", f))
expected_file = (f"sql/csat--{default_version}.sql"
                 if os.path.isfile(f"sql/csat--{default_version}.sql")
                 else (f"sql/{base_scripts[0]}" if base_scripts else None))
report(ext.get("file") == expected_file and os.path.isfile(ext.get("file", "")),
       f"provides.csat.file {ext.get('file')} is the install script and exists")
report(os.path.isfile(ext.get("docfile", "")), f"provides.csat.docfile {ext.get('docfile')} exists")
for d in (meta.get("no_index", {}).get("directory") or []):
    report(os.path.isdir(d), f"no_index directory {d} exists")

# 3. the validator rejects what the spec rejects
def broken(change, label):
    doc = copy.deepcopy(meta)
    change(doc)
    report(bool(validate(doc)), f"rejects {label}")

for key in ("abstract", "license", "maintainer", "meta-spec", "name", "provides", "version"):
    broken(lambda d, k=key: d.pop(k), f"a document without {key}")
broken(lambda d: d.update(version="0.1"), "version 0.1 (not SemVer)")
broken(lambda d: d.update(license="gpl"), "an unknown license shortcut")
broken(lambda d: d.update(name="c"), "a one-character name")
broken(lambda d: d.update(colour="blue"), "an unknown top-level key")
broken(lambda d: d["provides"]["csat"].pop("file"), "a provides entry without file")
broken(lambda d: d["provides"]["csat"].pop("version"), "a provides entry without version")
broken(lambda d: d["provides"]["csat"].update(version="1"), "a provides version that is not SemVer")
broken(lambda d: d.update(provides={}), "an empty provides")
broken(lambda d: d["meta-spec"].update(version="2.0.0"), "meta-spec version 2.0.0")
broken(lambda d: d.update(prereqs={"runtime": {"requires": {"PostgreSQL": "15"}}}),
       "a prereq version that is not a range")
broken(lambda d: d.update(prereqs={"running": {"requires": {"PostgreSQL": "15.0.0"}}}),
       "an unknown prereq phase")
broken(lambda d: d.update(tags=[]), "empty tags")
broken(lambda d: d.update(resources={"homepage": "not a uri"}), "a homepage that is not a URI")
broken(lambda d: d.update(release_status="beta"), "release_status beta")
ok_doc = copy.deepcopy(meta)
ok_doc["x_custom"] = {"anything": True}
ok_doc["resources"] = {"repository": {"url": "https://example.org/csat.git", "type": "git"}}
ok_doc["prereqs"] = {"runtime": {"requires": {"PostgreSQL": ">= 15.0.0, < 19.0.0", "plpgsql": 0}}}
report(not validate(ok_doc), "accepts x_ keys, resources and version ranges")

print(f"meta: {'META.json is valid' if failures == 0 else f'{failures} check(s) failed'}")
sys.exit(1 if failures else 0)
PYTHON
