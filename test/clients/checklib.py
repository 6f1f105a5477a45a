"""The small harness the Python client tests share.

@check(name) runs the decorated function at once and prints PASS (with the
detail it returns) or FAIL (with the exception); expect() asserts;
summary(client) prints the closing line and returns the exit status.
"""

failures = []


def check(name):
    """Decorator: run a check now, print PASS/FAIL, record failures."""
    def run(fn):
        try:
            detail = fn()
        except Exception as e:  # noqa: BLE001: report every failure the same way
            failures.append(name)
            print(f"FAIL {name}: {type(e).__name__}: {e}".rstrip())
            return fn
        print(f"PASS {name}" + (f" ({detail})" if detail else ""))
        return fn
    return run


def expect(cond, msg):
    if not cond:
        raise AssertionError(msg)


def summary(client):
    """Print the client's closing line; 1 if any check failed, else 0."""
    if failures:
        print(f"{client}: {len(failures)} check(s) failed: {', '.join(failures)}")
        return 1
    print(f"{client}: all checks passed")
    return 0
