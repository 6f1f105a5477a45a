#!/usr/bin/python3
"""Extract the snippets of README.md's "Drivers and BI tools" section, so
that test/checks/clients.sh runs every one of them.

    readme_snippets.py OUTDIR

writes OUTDIR/setup.sql (the README's "Getting started" block that creates
the tickets table, then every ```sql block of the section, in order), and
one file per other snippet: NN.py (```python), the class name .java
(```java), NN.R (```r).  Prints the files written, one per line.  Exits 1
if the section or a snippet is missing."""
import os
import re
import sys

SECTION = "## Drivers and BI tools"


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md"), encoding="utf-8").read()
    start = readme.find("\n" + SECTION + "\n")
    if start < 0:
        print(f"README.md has no section {SECTION!r}", file=sys.stderr)
        return 1
    end = readme.find("\n## ", start + 1)
    section = readme[start:end if end > 0 else len(readme)]
    blocks = re.findall(r"```(\w*)\n(.*?)```", section, flags=re.S)
    setup = [b for lang, b in re.findall(r"```(\w*)\n(.*?)```", readme, flags=re.S)
             if lang == "sql" and "CREATE TABLE tickets" in b]
    if not setup:
        print("README.md has no sql block creating tickets", file=sys.stderr)
        return 1
    sql = [setup[0]] + [b for lang, b in blocks if lang == "sql"]
    with open(os.path.join(out, "setup.sql"), "w") as f:
        f.write("\\set ON_ERROR_STOP on\n" + "\n".join(sql))
    written = ["setup.sql"]
    for i, (lang, body) in enumerate(blocks):
        if lang == "python":
            name = f"{i:02d}.py"
        elif lang == "java":
            m = re.search(r"public class (\w+)", body)
            if not m:
                print(f"java snippet {i} has no public class", file=sys.stderr)
                return 1
            name = m.group(1) + ".java"
        elif lang == "r":
            name = f"{i:02d}.R"
        else:
            continue
        with open(os.path.join(out, name), "w") as f:
            f.write(body)
        written.append(name)
    for lang in ("python", "java", "r"):
        if not any(lg == lang for lg, _ in blocks):
            print(f"the section has no {lang} snippet", file=sys.stderr)
            return 1
    print("\n".join(written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
