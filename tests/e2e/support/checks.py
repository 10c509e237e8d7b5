"""The bookkeeping of the end-to-end scripts: every expectation is counted, a failed one is
kept with what was expected and what came instead, and the counts close the run.  A script
may also append its own reasons to `failures`.  Golden files are compared (and, with
UPDATE_GOLDEN=1, rewritten) by golden().  (Not a test itself: the tests are the scripts in
tests/e2e/.)"""
import difflib
import os
import sys

failures = []
_checked = 0


def expect(what, exp, got):
    global _checked
    _checked += 1
    if exp != got:
        failures.append(f"{what}: expected {exp!r}, got {got!r}")


def finish(shown=None):
    """Print the failures (the first `shown` of them, all when None) and the counts, and
    exit 1 if anything failed, else 0."""
    for f in failures[:shown]:
        print("FAIL", f)
    print(f"{_checked} checks, {len(failures)} failures")
    sys.exit(1 if failures else 0)


def skip(why):
    """Say the running script cannot run here and why ("e2e.NAME: skipped: why", the line
    scripts/test.sh repeats), and exit 77, which CTest counts as skipped."""
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    print(f"e2e.{name}: skipped: {why}", file=sys.stderr)
    sys.exit(77)


def golden(what, path, got):
    """Expect got to be the text of the golden file at path; with UPDATE_GOLDEN set in the
    environment, write got there instead (then look at the diff before committing it)."""
    global _checked
    if os.environ.get("UPDATE_GOLDEN"):
        with open(path, "w", encoding="utf-8") as f:
            f.write(got)
    with open(path, encoding="utf-8") as f:
        exp = f.read()
    _checked += 1
    if exp != got:
        diff = difflib.unified_diff(exp.splitlines(), got.splitlines(), path, "got", lineterm="")
        failures.append(f"{what}:\n" + "\n".join(list(diff)[:40]))
