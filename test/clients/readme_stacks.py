#!/usr/bin/python3
"""Extract the snippets of README.md's "Rails, Django and Go" section, so
that test/checks/stacks.sh runs every one of them.

    readme_stacks.py OUTDIR

writes OUTDIR/readme.rb (the ```ruby block), OUTDIR/go/src/csat-readme/main.go
(the ```go block), OUTDIR/readme_app/models.py (the ```python block that
defines the models) and OUTDIR/readme_django_usage.py (the other ```python
block), which test/clients/readme_django.py runs in a configured Django.
Exits 1 if the section or one of these snippets is missing."""
import os
import re
import sys

SECTION = "## Rails, Django and Go"


def main():
    out = sys.argv[1]
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md"), encoding="utf-8").read()
    start = readme.find("\n" + SECTION + "\n")
    if start < 0:
        print(f"README.md has no section {SECTION!r}", file=sys.stderr)
        return 1
    end = readme.find("\n## ", start + 1)
    blocks = re.findall(r"```(\w*)\n(.*?)```", readme[start:end if end > 0 else len(readme)], flags=re.S)
    ruby = [b for lang, b in blocks if lang == "ruby"]
    go = [b for lang, b in blocks if lang == "go"]
    models = [b for lang, b in blocks if lang == "python" and "(models.Model)" in b]
    usage = [b for lang, b in blocks if lang == "python" and "(models.Model)" not in b]
    if not (len(ruby) == 1 and len(go) == 1 and len(models) == 1 and len(usage) == 1):
        print(f"expected one ruby, one go and two python snippets, found {len(ruby)}, {len(go)}, "
              f"{len(models) + len(usage)}", file=sys.stderr)
        return 1
    files = {
        "readme.rb": ruby[0],
        "go/src/csat-readme/main.go": go[0],
        "readme_app/__init__.py": "",
        "readme_app/models.py": models[0],
        "readme_django_usage.py": usage[0],
    }
    for name, body in files.items():
        path = os.path.join(out, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
