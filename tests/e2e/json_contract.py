#!/usr/bin/python3
"""End-to-end: the JSON contract of docs/json.md, pinned by golden documents.

usage: /usr/bin/python3 tests/e2e/json_contract.py PATH_TO_ASSESS

Run from the repository root (CTest does).  On the small data set of
tests/fixtures/json (three provinces: one met, one failed with a deadline, a
warning, a verified figure and an exemption, one with fraud and an error; a plan
check; declared uncertainty), it writes `evaluate --json` for one year and for three
(2027: its findings cannot be read; 2028: no submission),
and `check --json` for a good and a broken submission, and checks that
  - each document is exactly its golden file (tests/fixtures/json/*.json): a key
    renamed, dropped or moved fails here; UPDATE_GOLDEN=1 rewrites them, for a change
    of the contract that docs/json.md describes;
  - every key any of them has is named in docs/json.md ("key": ...), so the contract
    written down covers what the program writes.
Prints what it checked; exits 1 with the reasons on failure.
"""
import json
import os
import re
import subprocess
import sys

from support.checks import expect, finish, golden

BIN = sys.argv[1] if len(sys.argv) > 1 else "build/assess"
FIX = "tests/fixtures/json"
COMMON = ["--rules", f"{FIX}/rules.yaml", "--lang", "en"]


def run(*args):
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", LANGUAGE="")
    p = subprocess.run([BIN, *args], capture_output=True, text=True, env=env)
    return p.returncode, p.stdout


def keys(doc, found):
    """Every object key in doc, into found."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            found.add(k)
            keys(v, found)
    elif isinstance(doc, list):
        for v in doc:
            keys(v, found)
    return found


def checks_of(doc):
    """Every (where, check) of an evaluate or check document, whatever its shape."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k == "checks" and isinstance(v, list):
                for c in v:
                    yield c
            else:
                yield from checks_of(v)
    elif isinstance(doc, list):
        for v in doc:
            yield from checks_of(v)


def check_nothing_compared(name, doc):
    """A check without a value or without a target compared nothing: its compared numbers
    (and margin) are null, never 0 (issue 23, item 9)."""
    n = 0
    for c in checks_of(doc):
        if c["value"] is None or c["target"] is None:
            n += 1
            got = {k: c.get(k) for k in ("value_compared", "target_compared", "margin")
                   if k in c}
            expect(f"{name}: check '{c['name']}' (value {c['value']}, target {c['target']}) "
                   f"compared nothing", {k: None for k in got}, got)
    return n


def main():
    evaluate = ["evaluate", *COMMON, "--data", f"{FIX}/data", "--calendar", f"{FIX}/calendar",
                "--no-reports", "--quiet", "--uncertainty", "--draws", "50", "--json", "-"]
    docs = {
        "evaluate.json": run(*evaluate),
        "evaluate-years.json": run(*evaluate, "--year", "2026-2028"),
        "check.json": run("check", *COMMON, "--data", f"{FIX}/data", "--json", "-",
                          f"{FIX}/data/submissions/2026/110000.yaml",
                          f"{FIX}/data/submissions/2026/130000.yaml"),
    }
    expect("evaluate --json: exit code (a province's data invalid)", 4, docs["evaluate.json"][0])
    expect("check --json: exit code (one file has errors)", 1, docs["check.json"][0])
    with open("docs/json.md", encoding="utf-8") as f:
        documented = set(re.findall(r'"([A-Za-z_0-9]+)":', f.read()))
    found = set()
    for name, (_, out) in docs.items():
        golden(f"{name} is the golden document", f"{FIX}/{name}", out)
        try:
            doc = json.loads(out)
        except json.JSONDecodeError as e:
            expect(f"{name} is JSON", "", str(e))
            continue
        keys(doc, found)
        if name != "evaluate-years.json":  # its second year has no data at all
            expect(f"{name} has a check with a value or a target missing", True,
                   check_nothing_compared(name, doc) >= 1)
        else:
            check_nothing_compared(name, doc)
    expect("every key written is named in docs/json.md", [], sorted(found - documented))
    print(f"{len(docs)} documents, {len(found)} keys")
    finish()


if __name__ == "__main__":
    main()
