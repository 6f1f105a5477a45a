#!/usr/bin/python3
"""Runs the ExecStart of the csat-alertd unit shown in README.md the way
systemd would, for test/checks/alertd_secrets.sh (there is no systemd in the
test machines).

    systemd_unit.py README ROOT PROGRAM CREDDIR UID

Reads the ```ini block of README.md that starts with
"# /etc/systemd/system/csat-alertd.service".  Every path under /etc/ in it
is taken under ROOT instead (ROOT/etc/...), and ExecStart's program is
PROGRAM (the csat-alertd under test).  As systemd does:
  LoadCredential=ID:PATH  copies PATH to CREDDIR/ID, readable only by the
                          service's user; CREDENTIALS_DIRECTORY=CREDDIR, and
                          %d in ExecStart is CREDDIR;
  EnvironmentFile=[-]PATH KEY=VALUE lines into the environment (- : optional);
  Environment=            likewise;
  DynamicUser=yes         runs as UID (an unused uid, as systemd allocates);
  User=NAME               runs as NAME;
  ExecStart=              split like a shell command line (quotes), ${VAR}
                          and $VAR expanded from that environment;
then execs it (same pid), with an environment holding only those variables,
PATH and LANG.  Must run as root.
"""
import os
import pwd
import re
import shlex
import shutil
import sys

readme, root, program, creddir, dyn_uid = sys.argv[1:6]
text = open(readme, encoding="utf-8").read()
m = re.search(r"```ini\n(# /etc/systemd/system/csat-alertd\.service\n.*?)```", text, re.S)
if not m:
    sys.exit("systemd_unit.py: no csat-alertd.service unit in " + readme)
unit = m.group(1).replace("\\\n", " ")
service = {}
section = None
for line in unit.splitlines():
    line = line.strip()
    if not line or line.startswith("#") or line.startswith(";"):
        continue
    if line.startswith("["):
        section = line.strip("[]")
        continue
    key, _, value = line.partition("=")
    if section == "Service":
        service.setdefault(key.strip(), []).append(value.strip())


def local(path):
    return root + path if path.startswith("/etc/") else path


uid = gid = None
if service.get("DynamicUser", ["no"])[-1] in ("yes", "true", "1"):
    uid = gid = int(dyn_uid)
elif "User" in service:
    pw = pwd.getpwnam(service["User"][-1])
    uid, gid = pw.pw_uid, pw.pw_gid

env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
for spec in service.get("EnvironmentFile", []):
    optional = spec.startswith("-")
    path = local(spec.lstrip("-"))
    if not os.path.exists(path):
        if optional:
            continue
        sys.exit("systemd_unit.py: EnvironmentFile %s is missing" % path)
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, _, v = line.partition("=")
            env[k.strip()] = v.strip().strip('"')
for spec in service.get("Environment", []):
    for assignment in shlex.split(spec):
        k, _, v = assignment.partition("=")
        env[k] = v

if "LoadCredential" in service:
    os.makedirs(creddir, exist_ok=True)
    for spec in service["LoadCredential"]:
        cid, _, path = spec.partition(":")
        dest = os.path.join(creddir, cid)
        shutil.copyfile(local(path), dest)
        os.chmod(dest, 0o400)
        if uid is not None:
            os.chown(dest, uid, gid)
    os.chmod(creddir, 0o500)
    if uid is not None:
        os.chown(creddir, uid, gid)
    env["CREDENTIALS_DIRECTORY"] = creddir

cmd = service["ExecStart"][-1].replace("%d", creddir)
cmd = re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda v: env.get(v.group(1) or v.group(2), ""), cmd)
argv = shlex.split(cmd)
argv = [program] + [local(a) if a.startswith("/etc/") else a for a in argv[1:]]
if uid is not None:
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
os.execve(program, argv, env)
