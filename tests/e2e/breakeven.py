#!/usr/bin/env python3
"""What it would take, proved by driving `assess check`: for every check of every province of
the sample, each input the check reads gets its break-even value from `check --json`; the
submission with that input one small step back from the value (on its met side) and at the
value shown at the figure's decimals must meet the check, and one small step beyond the value
must miss it, the other figures as reported.  Where check says no value in the input's range
changes the verdict, both ends of the range must keep it.  The variants of one province are
checked in one run of `check --no-what-if`.  argv[1] = the assess binary; run from the
repository root."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
SAMPLE = "data/sample"
failures = []
passed = 0


def expect(name, exp, got):
    global passed
    if exp == got:
        passed += 1
    else:
        failures.append(f"FAIL {name}: expected {exp!r}, got {got!r}")


def check_json(*args):
    p = subprocess.run([BIN, "check", "--lang", "en", "--json", "-", "--data", SAMPLE, *args],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1) or not p.stdout:
        failures.append(f"FAIL check {args[:2]}...: exit {p.returncode}: {p.stderr[:400]}")
        return None
    return json.loads(p.stdout)


def step(v):
    """A small step at v: far above the last binary digits, far below any figure."""
    return max(abs(v), 1.0) * 1e-9


def with_value(text, input_id, value):
    """The submission text with input_id's figure replaced by value."""
    out, n = re.subn(rf"^(  {input_id}:\s*)[^\s#]+", lambda m: m.group(1) + repr(value), text,
                     count=1, flags=re.M)
    assert n == 1, input_id
    return out


def variants(sub):
    """(indicator, check, input, value, expected status, what) for one province."""
    for ind in sub["indicators"]:
        for chk in ind["checks"]:
            for wi in chk["what_it_would_take"] or []:
                lo, hi = wi["range"]
                if wi["result"] == "none":
                    for v in (lo, hi):
                        yield ind["id"], chk["name"], wi["input"], v, chk["status"], f"range end {v}"
                    continue
                expect(f"{sub['code']} {ind['id']}/{chk['name']} {wi['input']}: found", "found",
                       wi["result"])
                for b in wi["bounds"]:
                    v, s = b["value"], step(b["value"])
                    inside, beyond = (v - s, v + s) if b["side"] == "at_most" else (v + s, v - s)
                    if lo <= inside <= hi:
                        yield ind["id"], chk["name"], wi["input"], inside, "met", "a step inside"
                    if lo <= beyond <= hi:
                        yield ind["id"], chk["name"], wi["input"], beyond, "missed", "a step beyond"
                    # the value shown at the figure's decimals is on the met side too
                    yield ind["id"], chk["name"], wi["input"], b["shown"], "met", "as shown"
                expect(f"{sub['code']} {ind['id']}/{chk['name']} {wi['input']}: bounds",
                       True, 1 <= len(wi["bounds"]) <= 2)


def status_of(doc, ind_id, chk_name):
    ind = next(i for i in doc["indicators"] if i["id"] == ind_id)
    return next(c for c in ind["checks"] if c["name"] == chk_name)["status"]


def check_province(code, tmp):
    path = os.path.join(SAMPLE, "submissions", "2026", f"{code}.yaml")
    doc = check_json(path)
    if not doc:
        return 0
    sub = doc["submissions"][0]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    cases = list(variants(sub))
    folder = os.path.join(tmp, code)
    os.makedirs(folder)
    files = []
    for k, (ind, chk, inp, v, _, _) in enumerate(cases):
        name = os.path.join(folder, f"v{k}.yaml")
        with open(name, "w", encoding="utf-8") as f:
            f.write(with_value(text, inp, v))
        files.append(name)
    out = check_json("--no-what-if", *files) if files else {"submissions": []}
    if not out:
        return 0
    for (ind, chk, inp, v, want, what), got in zip(cases, out["submissions"]):
        expect(f"{code} {ind}/{chk}: {inp} = {v!r} ({what})", want, status_of(got, ind, chk))
    return len(cases)


def main():
    tmp = tempfile.mkdtemp(prefix="assess-breakeven-")
    total = 0
    try:
        codes = sorted(f[:-5] for f in os.listdir(os.path.join(SAMPLE, "submissions", "2026"))
                       if f.endswith(".yaml"))
        for code in codes:
            total += check_province(code, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    expect("every sample province was checked", 31, len(codes))
    expect("break-evens were put to the test", True, total > 31 * 20)
    for f in failures[:40]:
        print(f)
    print(f"{passed} passed, {len(failures)} failed ({total} variants of {len(codes)} provinces)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
