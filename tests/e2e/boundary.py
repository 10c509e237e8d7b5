#!/usr/bin/python3
"""End-to-end: verdicts at the boundary and the grade's edge cases, on a copy of
data/sample changed in a few places, with the real rules/2026.yaml.

usage: /usr/bin/python3 tests/e2e/boundary.py PATH_TO_ASSESS

Run from the repository root (CTest does).  Changes to the copy:
  - Beijing's forest_stock 0.10504999999999999 against a target of 0.1051 (just
    below a tie: missed, rounded to 0.1050 by GB/T 8170); Tianjin's 0.28915
    against 0.2892 (a tie as written: to the even digit, 0.2892, met);
  - Hainan (fraud finding) gets an unreadable submission: graded fail, fraud,
    its error listed, no counts;
  - Jilin consumed no electricity and registered no vehicles: both divisions by
    zero reported, the province invalid.
Then checks the JSON, the table and its stderr, `assess check`, and the workbooks
read back with openpyxl (About and Trail state the rule and method; the Indicators
sheet shows the numbers compared; Hainan's workbook has its Error and Notice
sheets).  Python 3 standard library and openpyxl only.  Prints what it checked;
exits 1 with the reasons on failure.
"""
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
    sys.exit("boundary: error: openpyxl is missing (apt-get install python3-openpyxl)")

RULE_SET = ("rounded-value comparison (修约值比较法, GB/T 8170-2008 section 4): value and target "
            "are rounded to each indicator's decimals by the rule of GB/T 8170-2008 (half to even, "
            "四舍六入五成双), then compared")
CHECK_4 = RULE_SET.replace("each indicator's decimals", "4 decimals")


def edit(path, old, new):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not re.search(old, text, flags=re.M):
        failures.append(f"{path}: no line matches {old!r}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(re.sub(old, new, text, count=1, flags=re.M))


def line_col(path, line_has, word):
    """'path:line:col' of word on the first line holding line_has, read here."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line_has in line:
                return f"{path}:{n}:{line.index(word) + 1}"
    failures.append(f"{path}: no line with {line_has!r}")
    return path


def make_data(tmp):
    data = os.path.join(tmp, "sample")
    shutil.copytree("data/sample", data)
    sub = os.path.join(data, "submissions", "2026")
    tgt = os.path.join(data, "targets", "2026.yaml")
    edit(os.path.join(sub, "110000.yaml"), r"^  forest_stock: \S+", "  forest_stock: 0.10504999999999999")
    edit(os.path.join(sub, "120000.yaml"), r"^  forest_stock: \S+", "  forest_stock: 0.28915")
    with open(tgt, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("forest_stock_min: 0.2828 ", "forest_stock_min: 0.1051 ", 1)  # Beijing
    text = text.replace("forest_stock_min: 0.0534 ", "forest_stock_min: 0.2892 ", 1)  # Tianjin
    with open(tgt, "w", encoding="utf-8") as f:
        f.write(text)
    edit(os.path.join(sub, "460000.yaml"), r"^  coal: ", "  coal: lots #")
    edit(os.path.join(sub, "220000.yaml"), r"^  elec_consumption: \S+", "  elec_consumption: 0")
    edit(os.path.join(sub, "220000.yaml"), r"^  veh_new: \S+", "  veh_new: 0")
    return data


def check_json(doc, data):
    by = {p["code"]: p for p in doc["provinces"]}
    expect("rule set rounding", ("gbt8170", "rounded_value"), (doc["rounding"], doc["judgement"]))
    expect("rule set statement", RULE_SET, doc["judged_by"])
    forest = next(i for i in by["110000"]["indicators"] if i["id"] == "forest_stock")["checks"][0]
    expect("Beijing's forest just below a tie is missed",
           ("missed", 0.10504999999999999, 0.105, 0.1051),
           (forest["status"], forest["value"], forest["value_compared"], forest["target_compared"]))
    expect("Beijing's check states its rule", ("gbt8170", "rounded_value", 4),
           (forest["rounding"], forest["judgement"], forest["decimals"]))
    tj = next(i for i in by["120000"]["indicators"] if i["id"] == "forest_stock")["checks"][0]
    expect("Tianjin's tie rounds to the even digit and is met", ("met", 0.2892),
           (tj["status"], tj["value_compared"]))
    hainan = by["460000"]
    bad = os.path.join(data, "submissions", "2026", "460000.yaml")
    exp_err = f"{line_col(bad, '  coal: lots', 'lots')}: error: 'coal' must be a number in 10^4 tce (万吨标准煤), got 'lots'"
    expect("Hainan: fraud fails a province whose data cannot be read",
           ("fail", True, [exp_err], None, None, []),
           (hainan["grade"], hainan["fraud"], hainan["errors"], hainan["control_missed"],
            hainan["support_missed"], hainan["indicators"]))
    expect("Hainan has a deadline", "2027-08-11", hainan["rectification_deadline"])
    jilin = by["220000"]
    rules = "rules/2026/indicators.yaml"
    exp = [f"{line_col(rules, 'value: elec_clean / elec_consumption', 'elec_consumption,')}: error: "
           "division by zero: 'elec_consumption' is 0 (check 'share' of indicator "
           "'clean_power_share', province 220000, 2026)",
           f"{line_col(rules, 'value: veh_new_nev / veh_new', 'veh_new,')}: error: division by "
           "zero: 'veh_new' is 0 (check 'share' of indicator 'green_transport', province 220000, "
           "2026)"]
    jilin_file = os.path.join(data, "submissions", "2026", "220000.yaml")
    exp += [f"{line_col(jilin_file, '  elec_clean:', '4')}: error: implausible figures: clean "
            "electricity consumed cannot exceed total electricity consumption ('elec_clean <= "
            "elec_consumption' does not hold: elec_clean 430.2, elec_consumption 0)",
            f"{line_col(jilin_file, '  veh_new_nev:', '2')}: error: implausible figures: "
            "new-energy vehicles cannot outnumber newly registered vehicles ('veh_new_nev <= "
            "veh_new' does not hold: veh_new_nev 21.03, veh_new 0)"]
    expect("Jilin: every division by zero, and the parts larger than their wholes",
           ("invalid", exp, exp[0]),
           (jilin["grade"], jilin["errors"], jilin["error"]))
    return by


def check_table(binary, data, tmp):
    out = os.path.join(tmp, "reports")
    p = subprocess.run([binary, "evaluate", "--data", data, "--out", out], capture_output=True,
                       text=True)
    expect("exit code with invalid data", 4, p.returncode)
    lines = p.stdout.splitlines()
    expect("the table states the rule and method", f"Verdicts: {RULE_SET}", lines[3])
    hainan = next((l for l in lines if l.startswith("460000")), "")
    expect("Hainan's row", True, re.match(r"460000 +Hainan +fail +- +- +2027-08-11 provisional +"
                                          r"data fraud found; data invalid: .*'coal' must be a "
                                          r"number in 10\^4 tce \(万吨标准煤\), got 'lots'$", hainan) is not None)
    jilin = next((l for l in lines if l.startswith("220000")), "")
    expect("Jilin's row points below", True, jilin.endswith("(and more, below)"))
    errors = [l for l in p.stderr.splitlines() if ": error: " in l]
    expect("every error on stderr", 5, len(errors))
    return out


def check_self_assessment(binary, data):
    p = subprocess.run([binary, "check", os.path.join(data, "submissions", "2026", "110000.yaml")],
                       capture_output=True, text=True)
    expect("check exits 0", 0, p.returncode)
    lines = p.stdout.splitlines()
    expect("check states the rule and method", True,
           f"Verdicts: {RULE_SET}" in lines)
    stock = next((l.rstrip() for l in lines if l.startswith("  stock ")), "")
    expect("check shows the numbers compared",
           "  stock                  missed         0.1050 >=       0.1051      -0.0001  10^8 m3",
           stock)


def cell_rows(ws):
    return [[c for c in row] for row in ws.iter_rows(values_only=True)]


def check_workbooks(out):
    about = cell_rows(openpyxl.load_workbook(os.path.join(out, "assessment-2026.xlsx"))["说明 About"])
    row = next((r for r in about if r[0] and str(r[0]).endswith("Rounding and judgement")), None)
    expect("national About states the rule set's method", True,
           row is not None and RULE_SET in str(row[1]))
    wb = openpyxl.load_workbook(os.path.join(out, "2026-110000-Beijing.xlsx"))
    ind = cell_rows(wb["指标 Indicators"])
    forest = next((r for r in ind if r[0] == "forest_stock"), None)
    expect("Indicators shows the compared value, target and margin", (0.105, 0.1051, -0.0001),
           (forest[4], forest[6], round(forest[7], 10)) if forest else None)
    trail = cell_rows(wb["计算过程 Trail"])
    texts = [str(c) for r in trail for c in r if c is not None]
    expect("Trail states the check's method and where", True,
           any(CHECK_4 in t and "stated at rules/2026.yaml:" in t for t in texts))
    expect("Trail decision", True,
           any("value 0.1050 >= target 0.1051 after rounding to 4 decimals by GB/T 8170-2008: "
               "missed" in t for t in texts))
    hainan = openpyxl.load_workbook(os.path.join(out, "2026-460000-Hainan.xlsx"))
    expect("Hainan's workbook", ["概况 Overview", "错误 Error", "整改通知 Notice", "说明 About"],
           hainan.sheetnames)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="assess-boundary-")
    try:
        data = make_data(tmp)
        p = subprocess.run([binary, "evaluate", "--data", data, "--no-reports", "--json", "-"],
                           capture_output=True, text=True)
        expect("exit code of the JSON run", 4, p.returncode)
        check_json(json.loads(p.stdout), data)
        out = check_table(binary, data, tmp)
        check_self_assessment(binary, data)
        check_workbooks(out)
    finally:
        shutil.rmtree(tmp)
    finish()


if __name__ == "__main__":
    main()
