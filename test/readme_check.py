#!/usr/bin/env python3
"""Runs every ```sql block of README.md, in order, in one fresh database, and
checks each plain ``` block that follows a sql block against what psql really
printed for it (so no example and no shown output can rot).

Run inside a cluster (PG* environment variables set), from the repo root."""
import os
import re
import subprocess
import sys

DB = "csat_readme_check"


def psql(sql, db=DB):
    return subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-f", "-"],
        input=sql, capture_output=True, text=True)


def norm(text):
    lines = [l.rstrip() for l in text.strip().splitlines()]
    return [l for l in lines if not re.match(r"^\(\d+ rows?\)$", l) and l]


def main():
    readme = open("README.md", encoding="utf-8").read()
    blocks = re.findall(r"```(\w*)\n(.*?)```", readme, flags=re.S)
    subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {DB}"], check=True)
    subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f"CREATE DATABASE {DB}"], check=True)
    failures = 0
    ran = 0
    last_output = None
    try:
        for lang, body in blocks:
            if lang == "sql":
                r = psql(body)
                ran += 1
                if r.returncode != 0:
                    failures += 1
                    print(f"FAIL: README sql block {ran}:\n{body}\n--- error:\n{r.stderr}")
                    last_output = None
                else:
                    last_output = r.stdout
            elif lang == "" and last_output is not None:
                if norm(body) != norm(last_output):
                    failures += 1
                    print("FAIL: README shows output that psql does not print:")
                    print("--- README:\n" + body + "--- psql:\n" + last_output)
                else:
                    print("ok: shown output matches")
                last_output = None
            else:
                last_output = None
    finally:
        subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {DB}"])
    print(f"README: {ran} sql blocks run, {failures} failures")
    return 1 if failures or ran == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
