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
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

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


def check_rules_gap():
    """A year the rules give a parameter no value for (ef_grid in 2027): the checks that need
    it have no data, the reason names the rule set, in either language; the file is fine."""
    path = f"{MISTAKES}/rules_gap_2027.yaml"
    for lang, reason in (("en", "(the rules give parameter 'ef_grid' no value for 2027: the rule "
                                "set needs updating)"),
                         ("zh", "(规则没有给出参数 'ef_grid' 在 2027 年的取值：规则集需要更新)")):
        rc, out, _ = run("check", "--lang", lang, "--no-what-if", "--data", "data/sample", path)
        total = next((ln for ln in out.splitlines() if ln.lstrip().startswith(("total ", "total\t"))),
                     "")
        expect(f"rules gap ({lang}): co2_total has no data, the rules' gap the reason", True,
               total.rstrip().endswith(reason) and (" no data " in total or " 无数据 " in total))
        expect(f"rules gap ({lang}): exit code", 0, rc)


def check_table_despite_errors():
    """A figure that cannot be read hides nothing else, as a plausibility error does not: the
    table shows every check that can be judged, those that need the figure as no data saying
    it could not be read, and the end says the data would be invalid (exit 1)."""
    for path, lang, reason, end in (
            (f"{MISTAKES}/unit.yaml", "en", "(the figure of 'coal' for 2026 could not be read: "
             "see its error)", "Errors: 1 (on stderr): the province's data would be invalid and "
             "get no grade until they are fixed."),
            (f"{MISTAKES}/unit.yaml", "zh", "('coal' 的 2026 年数值无法读取：见其错误信息)", None),
            (f"{MISTAKES}/part_above_whole.yaml", "en", None, None)):
        rc, out, _ = run("check", "--lang", lang, "--no-what-if", "--data", "data/sample", path)
        rows = [ln for ln in out.splitlines() if ln.startswith("  ")]  # the checks' rows
        expect(f"{path} ({lang}): exit code", 1, rc)
        expect(f"{path} ({lang}): the table is shown, with checks judged", True,
               len(rows) >= 10 and any(" met " in ln or " 达标 " in ln for ln in rows))
        if reason:
            expect(f"{path} ({lang}): the checks that need the figure say why they have no data",
                   True, any(ln.rstrip().endswith(reason) for ln in rows))
        if end:
            expect(f"{path} ({lang}): no grade while the file has errors", True,
                   end in out.splitlines())


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
                     "buildings.bld_new_area": None, "economy.gdp_index": 5.1})
    for lang, suffix in (("en", ".expected"), ("zh", ".zh.expected")):
        rc, _, err = run("check", "--lang", lang, "--no-what-if", "--data",
                         os.path.abspath("data/sample"), "110000.xlsx", cwd=tmp)
        expect(f"workbook cells, {lang}: exit code", 1, rc)
        golden(f"workbook cells, {lang}", f"{MISTAKES}/workbook{suffix}", err)


def check_workbook_golden(tmp, name, cells, code):
    """The filled-in workbook with cells changed: `check` exits with code, its messages in
    both languages as the golden files NAME(.zh).expected hold them."""
    book = filled_workbook(tmp)
    set_cells(book, cells)
    for lang, suffix in (("en", ".expected"), ("zh", ".zh.expected")):
        rc, _, err = run("check", "--lang", lang, "--no-what-if", "--data",
                         os.path.abspath("data/sample"), "110000.xlsx", cwd=tmp)
        expect(f"{name}, {lang}: exit code", code, rc)
        golden(f"{name}, {lang}", f"{MISTAKES}/{name}{suffix}", err)
    return book


def check_workbook_source(tmp):
    """The data source (数据来源, row 11) is required: an empty cell, blanks or ~ is an
    error at the cell, in check and validate alike."""
    for value in (None, " 　 ", "~"):
        book = check_workbook_golden(tmp, "workbook_source", {"submission.source": value}, 1)
        rc, _, err = run("validate", "--lang", "en", "110000.xlsx", cwd=tmp)
        expect(f"validate refuses the source {value!r}", (1, read(f"{MISTAKES}/workbook_source.expected")),
               (rc, err))


def edit_cell_xml(book, ref, value, text=False):
    """Change one cell of the input sheet in the workbook's XML, as Excel or WPS saves a
    change: the rest of the file (its document properties among it) as it was.  openpyxl
    would drop the custom properties that `assess template` writes."""
    tmp = book + ".tmp"
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode("utf-8")
                old = re.search(r'<c r="%s"[^>]*?(/>|>.*?</c>)' % ref, xml).group(0)
                style = re.search(r' s="\d+"', old)
                s = style.group(0) if style else ""
                new = (f'<c r="{ref}"{s} t="inlineStr"><is><t>{value}</t></is></c>' if text
                       else f'<c r="{ref}"{s}><v>{value}</v></c>')
                data = xml.replace(old, new).encode("utf-8")
            zout.writestr(item, data)
    os.replace(tmp, book)


def check_locked_cells(tmp):
    """A locked header cell changed (the sheet's protection has no password): the error is at
    the cell, says it was locked and which template to make instead; in both languages."""
    book = os.path.join(tmp, "110000.xlsx")
    for ref, value, text, name in (("D7", "2025", False, "workbook_locked"),
                                   ("D6", "120000", True, "workbook_locked_province"),
                                   ("D8", "cn-other", True, "workbook_locked_rules")):
        rc, _, err = run("template", "--province", "110000", "--year", "2026", "--xlsx", book,
                         "--illustrative")
        edit_cell_xml(book, ref, value, text)
        for lang, suffix in (("en", ".expected"), ("zh", ".zh.expected")):
            rc, _, err = run("check", "--lang", lang, "--no-what-if", "110000.xlsx", cwd=tmp)
            expect(f"{name}, {lang}: exit code", 1, rc)
            golden(f"{name}, {lang}", f"{MISTAKES}/{name}{suffix}", err)


def check_workbook_dates(tmp):
    """A figure Excel or WPS turned into a date (8-8 typed: the serial number 46242, shown as
    8月8日), or a cell formatted as a date: an error at the cell, with the date it shows.  A
    number format that is no date (0.00E+00) reads as usual."""
    book = filled_workbook(tmp)
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    for row in ws.iter_rows(min_row=1):
        if row[0].value == "energy.coal":
            row[3].value = 46242
            row[3].number_format = 'm"月"d"日"'
        elif row[0].value == "energy.oil":
            row[3].number_format = "0.00E+00"
    wb.save(book)
    for lang, suffix in (("en", ".expected"), ("zh", ".zh.expected")):
        rc, _, err = run("check", "--lang", lang, "--no-what-if", "--data",
                         os.path.abspath("data/sample"), "110000.xlsx", cwd=tmp)
        expect(f"a date in a figure's cell, {lang}: exit code", 1, rc)
        golden(f"a date in a figure's cell, {lang}", f"{MISTAKES}/workbook_date{suffix}", err)


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
        check_rules_gap()
        check_table_despite_errors()
        check_workbook_cases(tmp)
        check_workbook_source(tmp)
        check_locked_cells(tmp)
        check_workbook_dates(tmp)
        check_evaluate_shows_warnings(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print(f)
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
