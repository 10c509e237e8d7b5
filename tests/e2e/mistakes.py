#!/usr/bin/env python3
"""End-to-end tests of the fixes `assess check` offers for the mistakes people make in a
submission, with the exact message in English and in Chinese (golden files beside each bad
file in tests/fixtures/mistakes/: NAME.expected and NAME.zh.expected): a mistyped field,
thousands separators, full-width digits, a percentage or a unit in a number, a full-width
colon, a tab, a GB18030 file, a file that is no text, inputs and sections left out, and
the rules' plausibility checks.  The same fixes in a workbook, whose text cells hold
"9,959.3" or "12%".  The language follows --lang, else the locale.  A plausibility
warning is shown everywhere evaluate's results are: its table, stderr, the JSON and the
province's workbook.
argv[1] = the assess binary; run from the repository root."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

BIN = os.path.abspath(sys.argv[1])
MISTAKES = "tests/fixtures/mistakes"
SHEET = "填报 Inputs"
failures = []
passed = 0


def expect(name, exp, got):
    global passed
    if exp == got:
        passed += 1
    else:
        failures.append(f"FAIL {name}\n--- expected\n{exp}\n--- got\n{got}")


def run(*args, cwd=None, env=None):
    e = dict(os.environ)
    for k in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        e.pop(k, None)
    e.update(env or {})
    p = subprocess.run([BIN, *args], capture_output=True, text=True, cwd=cwd, env=e)
    return p.returncode, p.stdout, p.stderr


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def golden(name, path, got):
    """Expect got to be the golden file's text; UPDATE_GOLDEN=1 writes it there first."""
    if os.environ.get("UPDATE_GOLDEN"):
        with open(path, "w", encoding="utf-8") as f:
            f.write(got)
    expect(name, read(path), got)


def check_yaml_fixtures():
    for path in sorted(glob.glob(f"{MISTAKES}/*.yaml")):
        base = path[:-5]
        rc, _, err = run("check", "--lang", "en", "--no-what-if", "--data", "data/sample", path)
        golden(f"{path}: English message", base + ".expected", err)
        expect(f"{path}: exit code", 1 if ": error: " in read(base + ".expected") else 0, rc)
        rc, _, err = run("check", "--lang", "zh", "--no-what-if", "--data", "data/sample", path)
        golden(f"{path}: Chinese message", base + ".zh.expected", err)
    # the locale chooses when --lang is not given; English outside a Chinese locale
    path = f"{MISTAKES}/percent.yaml"
    for env, name in (({"LANG": "zh_CN.UTF-8"}, ".zh.expected"), ({"LC_ALL": "zh_CN.UTF-8"}, ".zh.expected"),
                      ({"LC_MESSAGES": "zh_CN.UTF-8"}, ".zh.expected"), ({"LANG": "de_DE.UTF-8"}, ".expected"),
                      ({}, ".expected")):
        _, _, err = run("check", "--no-what-if", "--data", "data/sample", path, env=env)
        expect(f"locale {env}", read(path[:-5] + name), err)
    # both: the Chinese line, then the English one
    _, _, err = run("check", "--lang", "both", "--no-what-if", "--data", "data/sample", path)
    zh, en = read(path[:-5] + ".zh.expected"), read(path[:-5] + ".expected")
    expect("--lang both", zh + en, err)
    # validate reports the same, a note does not make a file invalid
    rc, out, err = run("validate", "--lang", "en", f"{MISTAKES}/thousands.yaml")
    expect("validate: a note is no error", (0, read(f"{MISTAKES}/thousands.expected")), (rc, err))


def filled_workbook(tmp):
    """A template of Beijing 2026 filled in with the sample's figures, as openpyxl saves it."""
    book = os.path.join(tmp, "110000.xlsx")
    rc, _, err = run("template", "--province", "110000", "--year", "2026", "--xlsx", book,
                     "--illustrative")
    expect("template for the workbook cases", (0, ""), (rc, err))
    import yaml
    with open("data/sample/submissions/2026/110000.yaml", encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    for row in ws.iter_rows(min_row=1):
        key = row[0].value
        if not isinstance(key, str) or "." not in key:
            continue
        section, field = key.split(".", 1)
        if section == "submission" and field == "source":
            row[3].value = "workbook test"
        elif section in doc and field in doc[section]:
            row[3].value = doc[section][field]
    wb.save(book)
    return book


def set_cells(book, values):
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    for row in ws.iter_rows(min_row=1):
        if row[0].value in values:
            row[3].value = values[row[0].value]
    wb.save(book)


def check_workbook_cases(tmp):
    book = filled_workbook(tmp)
    rc, _, err = run("check", "--lang", "en", "--no-what-if", "--data", os.path.abspath("data/sample"),
                     "110000.xlsx", cwd=tmp)
    expect("a filled-in workbook checks clean", (0, ""), (rc, err))
    set_cells(book, {"energy.oil": "2,985.9", "energy.gas": "３６２７．４",
                     "transport.veh_new_nev": "50.6%", "energy.coal": "67.1 万吨",
                     "buildings.bld_new_area": None})
    for lang, suffix in (("en", ".expected"), ("zh", ".zh.expected")):
        rc, _, err = run("check", "--lang", lang, "--no-what-if", "--data",
                         os.path.abspath("data/sample"), "110000.xlsx", cwd=tmp)
        expect(f"workbook cells, {lang}: exit code", 1, rc)
        golden(f"workbook cells, {lang}", f"{MISTAKES}/workbook{suffix}", err)


def check_evaluate_shows_warnings(tmp):
    data = os.path.join(tmp, "sample")
    shutil.copytree("data/sample", data)
    shutil.copy(f"{MISTAKES}/ten_times.yaml", os.path.join(data, "submissions", "2026", "110000.yaml"))
    out = os.path.join(tmp, "reports")
    rc, table, err = run("evaluate", "--lang", "en", "--data", data, "--out", out,
                         "--json", os.path.join(tmp, "r.json"))
    warning = (f"{data}/submissions/2026/110000.yaml:9:9: warning: 'coal' is 671, +420.2% from "
               "its 2025 figure 129, more than the 50% the rules expect in a year: check it")
    expect("evaluate: a warning changes no exit code", 0, rc)
    expect("evaluate: the warning on stderr", True, warning in err.splitlines())
    row = next((l for l in table.splitlines() if l.startswith("110000")), "")
    expect("evaluate: the table counts it", True, row.endswith("warnings (below): 1"))
    import json
    with open(os.path.join(tmp, "r.json"), encoding="utf-8") as f:
        doc = json.load(f)
    beijing = next(p for p in doc["provinces"] if p["code"] == "110000")
    expect("evaluate: the JSON lists it, the grade is the figures' own", ([warning], "fail"),
           (beijing["warnings"], beijing["grade"]))
    wb = openpyxl.load_workbook(os.path.join(out, "2026-110000-Beijing.xlsx"))
    cells = [str(c) for r in wb["概况 Overview"].iter_rows(values_only=True) for c in r if c]
    expect("evaluate: the province workbook (--lang en) shows it", True,
           warning in cells and "Warnings" in cells)


def main():
    tmp = tempfile.mkdtemp(prefix="assess-mistakes-")
    try:
        check_yaml_fixtures()
        check_workbook_cases(tmp)
        check_evaluate_shows_warnings(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print(f)
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
