#!/usr/bin/python3
"""End-to-end: the Excel workbooks of `assess evaluate`, read back with openpyxl.

usage: /usr/bin/python3 tests/e2e/workbooks.py PATH_TO_ASSESS

Run from the repository root (CTest does).  Runs

    assess evaluate --out TMP/a --json TMP/a/r.json      (and again into TMP/b)

on the real rules/2026.yaml and data/sample, then checks, with openpyxl as an
independent reader:
  - the national workbook's sheet names and order;
  - every province's grade id and rectification deadline (date and
    provisional marker) in the summary sheet against the JSON output;
  - that every province has its workbook with the expected sheets (the notice
    sheet only where the grade has a deadline) and the grade on its overview
    matches the summary;
  - that the illustrative-data notice is on the first sheet of every workbook;
  - that no cell anywhere is a formula;
  - that the two runs give byte-identical files;
then, on copies of the sample: that a string from a submission that looks like
a formula ("=1+1") is written as text, and that a file that cannot be put in
place leaves no temporary file behind while the other workbooks are written;
and on a copy of the JSON contract's data set, that a check with a value and no
target (or a target and no value) leaves its compared cells empty, never 0.
Python 3 standard library and openpyxl only.  Prints what it checked; exits 1
with the reasons on failure.
"""
import datetime
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from support.checks import expect, failures, finish

try:
    import openpyxl
except ImportError:
    sys.exit("workbooks: error: openpyxl is missing (apt-get install python3-openpyxl)")

YEAR = 2026
NATIONAL = f"assessment-{YEAR}.xlsx"
NATIONAL_SHEETS = ["汇总 Summary", "矩阵 Matrix", "指标值 Values", "整改 Rectification",
                   "图表 Charts", "轨迹 Trajectory", "说明 About"]
PROVINCE_SHEETS = ["概况 Overview", "指标 Indicators", "核验 Verified", "整改通知 Notice",
                   "轨迹 Trajectory", "计算过程 Trail", "说明 About"]
INVALID_SHEETS = ["概况 Overview", "错误 Error", "说明 About"]


def evaluate(binary, out, *args):
    """Run assess evaluate into out; return (exit code, JSON document, stderr)."""
    os.makedirs(out, exist_ok=True)
    js = os.path.join(out, "r.json")
    p = subprocess.run([binary, "evaluate", "--out", out, "--json", js, *args],
                       capture_output=True, text=True)
    doc = None
    if os.path.exists(js):
        with open(js, encoding="utf-8") as f:
            doc = json.load(f)
    return p.returncode, doc, p.stderr


def slug(name):
    """The file-name form of a province's English name (see docs/reports.md)."""
    return re.sub(r"[^A-Za-z0-9._]+", "-", name).strip("-") or "x"


def province_file(p):
    return f"{YEAR}-{p['code']}-{slug(p['name_en'])}.xlsx"


def english(label):
    """The English half of a bilingual header "中文\\nEnglish"."""
    return str(label).split("\n")[-1]


def table(ws, first_header):
    """Rows of the sheet's table whose header row starts with first_header, as dicts
    keyed by the English header label; stops at the first row with an empty first cell."""
    rows = list(ws.iter_rows(values_only=True))
    for i, row in enumerate(rows):
        if row and row[0] is not None and english(row[0]) == first_header:
            keys = [english(v) if v is not None else None for v in row]
            out = []
            for r in rows[i + 1:]:
                if not r or r[0] is None:
                    break
                out.append({k: v for k, v in zip(keys, r) if k})
            return out
    failures.append(f"{ws.title}: no table with header '{first_header}'")
    return []


def check_summary(wb, doc):
    rows = {r["Code"]: r for r in table(wb["汇总 Summary"], "Code")}
    expect("summary rows", len(doc["provinces"]), len(rows))
    for p in doc["provinces"]:
        r = rows.get(p["code"])
        if r is None:
            failures.append(f"summary: province {p['code']} missing")
            continue
        expect(f"{p['code']} grade", p["grade"], r["Grade id"])
        dl = r["Rectification deadline"]
        got = dl.date().isoformat() if isinstance(dl, datetime.datetime) else dl
        expect(f"{p['code']} deadline", p.get("rectification_deadline"), got)
        status = r["Deadline status"] or ""
        if p.get("rectification_deadline"):
            expect(f"{p['code']} deadline provisional", p.get("deadline_provisional"),
                   "provisional" in status)
    return rows


def check_notice(path, wb):
    ws = wb.worksheets[0]
    text = " ".join(str(v) for row in ws.iter_rows(max_row=4, values_only=True)
                    for v in row if v is not None)
    expect(f"{os.path.basename(path)}: illustrative notice on '{ws.title}'", True,
           "ILLUSTRATIVE DATA" in text and "示例数据" in text)


def check_no_formulas(path, wb):
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    failures.append(f"{os.path.basename(path)}: '{ws.title}'!{c.coordinate} "
                                    f"is a formula: {c.value!r}")
                n += 1
    return n


def overview_grade(wb):
    for row in wb["概况 Overview"].iter_rows(values_only=True):
        if row and isinstance(row[0], str) and row[0].endswith("Grade"):
            return row[1]
    return None


def check_provinces(out, doc, summary):
    cells = 0
    for p in doc["provinces"]:
        path = os.path.join(out, province_file(p))
        if not os.path.exists(path):
            failures.append(f"missing workbook {os.path.basename(path)}")
            continue
        wb = openpyxl.load_workbook(path)
        if p["grade"] == "invalid":
            exp = INVALID_SHEETS
        else:
            needs = p.get("rectification_deadline") or p.get("deadline_error")
            exp = [s for s in PROVINCE_SHEETS if needs or s != "整改通知 Notice"]
        expect(f"{os.path.basename(path)} sheets", exp, wb.sheetnames)
        expect(f"{p['code']} overview grade", summary[p["code"]]["Grade"], overview_grade(wb))
        if doc["illustrative"]:
            check_notice(path, wb)
        cells += check_no_formulas(path, wb)
    return cells


def check_identical(a, b):
    names = sorted(f for f in os.listdir(a) if f.endswith(".xlsx"))
    expect("same files in both runs", names,
           sorted(f for f in os.listdir(b) if f.endswith(".xlsx")))
    same, diff, _ = filecmp.cmpfiles(a, b, names, shallow=False)
    expect("byte-identical workbooks", [], diff)
    return len(same)


def check_sample(binary, tmp):
    a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    rc, doc, err = evaluate(binary, a)
    expect("exit code", 0, rc)
    if doc is None:
        failures.append(f"no JSON output: {err.strip()}")
        return
    rc2, _, _ = evaluate(binary, b)
    expect("exit code of the second run", 0, rc2)
    leftovers = [f for f in os.listdir(a) if f.endswith(".tmp")]
    expect("no temporary files left", [], leftovers)
    path = os.path.join(a, NATIONAL)
    wb = openpyxl.load_workbook(path)
    expect("national sheets", NATIONAL_SHEETS, wb.sheetnames)
    summary = check_summary(wb, doc)
    if doc["illustrative"]:
        check_notice(path, wb)
    cells = check_no_formulas(path, wb)
    cells += check_provinces(a, doc, summary)
    n = check_identical(a, b)
    print(f"sample: {len(doc['provinces'])} provinces' grades and deadlines match the JSON; "
          f"{n} workbooks byte-identical over two runs; {cells} cells, no formula")
    sheets = check_printing([path] + [os.path.join(a, province_file(p)) for p in doc["provinces"]
                                      if p["code"] in ("640000", "460000", "110000")])
    mc = os.path.join(tmp, "mc")
    evaluate(binary, mc, "--uncertainty", "--draws", "100", "--province", "640000,460000")
    years = os.path.join(tmp, "years")
    evaluate(binary, years, "--rules", "rules/13fyp-backtest.yaml", "--data",
             "data/backtest-13fyp", "--year", "2016-2017", "--province", "640000")
    sheets += check_printing([os.path.join(mc, NATIONAL),
                              os.path.join(mc, "2026-640000-Ningxia.xlsx"),
                              os.path.join(years, "summary-2016-2017.xlsx")])
    sheets += check_printing(forms(binary, tmp))
    print(f"printing: {sheets} sheets meant for paper (the reports, the forms to fill and the "
          "target review's) print at 8 pt or more (the wide ones split over A3 pages), the "
          "others say they are for the screen")


def forms(binary, tmp):
    """The other workbooks assess writes: the forms to fill (a submission under either
    bundled rule set, a proposal) and the target review's workbook."""
    out = os.path.join(tmp, "forms")
    os.makedirs(out, exist_ok=True)
    runs = {"submission-2026.xlsx": ["template", "--province", "650000", "--year", "2026"],
            "submission-13fyp.xlsx": ["template", "--rules", "rules/13fyp-backtest.yaml",
                                      "--province", "650000", "--year", "2017"],
            "proposal.xlsx": ["template", "--proposal", "--plan", "15fyp", "--province",
                              "650000"]}
    paths = []
    for name, args in runs.items():
        paths.append(os.path.join(out, name))
        p = subprocess.run([binary, *args, "--xlsx", paths[-1]], capture_output=True, text=True)
        expect(f"{name} written", 0, p.returncode)
    p = subprocess.run([binary, "targets", "review", "--plan", "15fyp", "--out", out],
                       capture_output=True, text=True)
    expect("the target review written", 0, p.returncode)
    return paths + [os.path.join(out, "review-15fyp.xlsx")]


def check_official_deadlines(binary, tmp):
    """Deadlines counted on an official year only (not provisional) read back too."""
    out = os.path.join(tmp, "official")
    rc, doc, err = evaluate(binary, out, "--notified", "2026-09-01")
    expect("exit code with --notified 2026-09-01", 0, rc)
    if doc is None:
        failures.append(f"no JSON output: {err.strip()}")
        return
    failing = [p for p in doc["provinces"] if p.get("rectification_deadline")]
    expect("official deadlines are not provisional", [False] * len(failing),
           [p["deadline_provisional"] for p in failing])
    summary = check_summary(openpyxl.load_workbook(os.path.join(out, NATIONAL)), doc)
    check_provinces(out, doc, summary)
    print(f"official: {len(failing)} deadlines on the 2026 official calendar match the JSON")


def check_formula_text(binary, tmp):
    """A submission string that looks like a formula stays text."""
    data = os.path.join(tmp, "sample-eq")
    shutil.copytree("data/sample", data)
    f = os.path.join(data, "verified", str(YEAR), "140000.yaml")
    with open(f, encoding="utf-8") as fh:
        text = fh.read()
    with open(f, "w", encoding="utf-8") as fh:
        fh.write(re.sub(r"(?m)^  verified_by: .*$", '  verified_by: "=1+1"', text, count=1))
    out = os.path.join(tmp, "eq")
    rc, doc, err = evaluate(binary, out, "--data", data)
    expect("exit code with '=1+1' in a verified file", 0, rc)
    if doc is None:
        failures.append(f"no JSON output: {err.strip()}")
        return
    shanxi = next(p for p in doc["provinces"] if p["code"] == "140000")
    ws = openpyxl.load_workbook(os.path.join(out, province_file(shanxi)))["核验 Verified"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == "=1+1"]
    expect("'=1+1' shown in the verified sheet", True, len(cells) > 0)
    expect("'=1+1' written as text cells", ["s"] * len(cells), [c.data_type for c in cells])
    print("text: '=1+1' from a verified submission is a text cell, not a formula")


def check_nothing_compared(binary, tmp):
    """A check with a value but no target, or a target but no value, compared nothing:
    its value, target and margin cells are empty, never 0, in the national Values sheet,
    the province's Indicators sheet and the summary's Indicators sheet (issue 23, item 9).
    On a copy of the JSON contract's data set with Beijing's forest target taken out
    (Tianjin's forest, exempt, has a target and no figure)."""
    fix = os.path.join(tmp, "json-fixture")
    shutil.copytree("tests/fixtures/json", fix)
    targets = os.path.join(fix, "data", "targets", "2026.yaml")
    with open(targets, encoding="utf-8") as f:
        text = f.read()
    with open(targets, "w", encoding="utf-8") as f:
        f.write(text.replace('"110000": {coal_cap: 920, forest_min: 0.3}',
                             '"110000": {coal_cap: 920}'))
    out = os.path.join(tmp, "nothing-compared")
    rc, doc, err = evaluate(binary, out, "--rules", os.path.join(fix, "rules.yaml"), "--data",
                            os.path.join(fix, "data"), "--calendar",
                            os.path.join(fix, "calendar"), "--year", "2026-2027")
    if doc is None:
        failures.append(f"nothing compared: no JSON output: {err.strip()}")
        return
    year = os.path.join(out, "2026")
    sheets = [("national Values", os.path.join(year, "assessment-2026.xlsx"), "指标值 Values",
               "Code", ("Value", "Target", "Margin")),
              ("Beijing's Indicators", os.path.join(year, "2026-110000-Beijing.xlsx"),
               "指标 Indicators", "Indicator id", ("Value", "Target", "Margin")),
              ("Tianjin's Indicators", os.path.join(year, "2026-120000-Tianjin.xlsx"),
               "指标 Indicators", "Indicator id", ("Value", "Target", "Margin")),
              ("summary Indicators", os.path.join(out, "summary-2026-2027.xlsx"),
               "指标 Indicators", "Code", ("2026 value", "2026 target"))]
    for what, path, sheet, head, cols in sheets:
        rows = [r for r in table(openpyxl.load_workbook(path)[sheet], head)
                if r.get("Indicator id") == "forest" and r.get("Code") != "130000"]
        expect(f"{what}: forest rows found", True, len(rows) >= 1)
        for r in rows:
            expect(f"{what}: forest of {r.get('Code', '')} shows nothing compared",
                   [None] * len(cols), [r.get(c) for c in cols])
    print("nothing compared: a value without a target and a target without a value leave "
          "their cells empty in Values, Indicators and the summary")


def check_chinese_notice(binary, tmp):
    """The rectification notice in Chinese says every reason in Chinese: the checks by their
    names in the rule file (年度降低, not 'annual'), the units in Chinese (issue 23, item 8)."""
    out = os.path.join(tmp, "zh")
    rc, doc, err = evaluate(binary, out, "--lang", "zh")
    notices = 0
    for p in (doc or {}).get("provinces", []):
        if not p.get("rectification_deadline"):
            continue
        ws = openpyxl.load_workbook(os.path.join(out, province_file(p)))["整改通知 Notice"]
        reasons = next((r[1] for r in ws.iter_rows(values_only=True) if r[0] == "原因"), "")
        ours = [line for line in (reasons or "x").splitlines()  # a finding's summary is
                if not line.startswith("数据造假")]            # the data set's own words
        expect(f"{p['code']}: the notice's reasons in Chinese alone", [],
               re.findall(r"[A-Za-z_]+", "\n".join(ours)))
        notices += 1
    expect("notices in the sample", True, notices >= 4)
    print(f"notice: {notices} rectification notices in Chinese give their reasons in Chinese")


# Printing (issue 23, item 10): what each sheet is for, and the least size its 11 pt text
# may print at (docs/reports.md).
SCREEN_SHEETS = {"矩阵 Matrix", "指标值 Values", "图表 Charts", "轨迹 Trajectory",
                 "规划进度 Plan progress"}
PAPER_MM = {9: (210, 297), 8: (297, 420)}  # A4, A3, portrait


def printed_size(ws):
    """The size 11 pt text prints at, from the page setup and the column widths as Excel
    lays them out (a column set w characters wide is stored as w + 5/7 and is 7 w + 5
    pixels at 96 dpi; one never set is 64 pixels)."""
    ps = ws.page_setup
    w, h = PAPER_MM[int(ps.paperSize)]
    if ps.orientation == "landscape":
        w, h = h, w
    room = w / 25.4 * 72 - (ws.page_margins.left + ws.page_margins.right) * 72
    table = sum(round(7 * (ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width
                           or 64 / 7)) * 0.75 for c in range(1, ws.max_column + 1))
    fit = ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage
    scale = min(1.0, room / table) if fit else (ps.scale or 100) / 100
    return 11 * scale


def check_printing(paths):
    """Sheets meant for paper (the notice, the summary, a province's overview and indicators,
    ...) print at 8 pt or more: one page wide on A4 or A3, or split over pages with their
    identifying columns repeated; the wide sheets meant for the screen say so in the page
    header.  The same was seen in LibreOffice's PDF (docs/reports.md)."""
    n = 0
    for path in paths:
        for ws in openpyxl.load_workbook(path).worksheets:
            screen = ws.title in SCREEN_SHEETS or (ws.title == "指标 Indicators" and
                                                   "summary-" in os.path.basename(path))
            header = ws.oddHeader.left.text or ""
            what = f"{os.path.basename(path)} '{ws.title}'"
            expect(f"{what}: the page header says whether it is for the screen", screen,
                   "for the screen" in header)
            if screen:
                continue
            size = printed_size(ws)
            expect(f"{what}: prints at 8 pt or more (got {size:.1f} pt)", True, size >= 7.99)
            setup = ws.sheet_properties.pageSetUpPr
            split = not (setup and setup.fitToPage)
            if split and ws.freeze_panes and ws.freeze_panes[0] != "A":
                expect(f"{what}: split over pages, its first columns repeated", True,
                       bool(ws.print_title_cols))
            n += 1
    return n


def check_atomic(binary, tmp):
    """A file that cannot be put in place fails alone and leaves no temporary file."""
    out = os.path.join(tmp, "blocked")
    os.makedirs(os.path.join(out, NATIONAL))  # a folder where the national file should go
    rc, doc, err = evaluate(binary, out)
    expect("exit code when a workbook cannot be written", 3, rc)
    expect("the error names the file", True, NATIONAL in err)
    expect("no temporary files left after a failure", [],
           [f for f in os.listdir(out) if f.endswith(".tmp")])
    expect("the national path is still the folder", True,
           os.path.isdir(os.path.join(out, NATIONAL)))
    if doc:
        written = [f for f in os.listdir(out) if f.endswith(".xlsx") and f != NATIONAL]
        expect("province workbooks still written", len(doc["provinces"]), len(written))
    print("atomic: a workbook that cannot be renamed into place is reported, its "
          "temporary file removed, the others written")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="assess-workbooks-")
    try:
        check_sample(binary, tmp)
        check_official_deadlines(binary, tmp)
        check_formula_text(binary, tmp)
        check_nothing_compared(binary, tmp)
        check_chinese_notice(binary, tmp)
        check_atomic(binary, tmp)
    finally:
        shutil.rmtree(tmp)
    finish()


if __name__ == "__main__":
    main()
