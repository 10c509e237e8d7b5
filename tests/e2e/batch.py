"""End-to-end: batch runs of `assess evaluate` on the real rules and data.

Year ranges and lists on the 13th FYP backtest (2016-2019): a folder per year with its
workbooks and a manifest `sha256sum -c` accepts, the summary workbook across the years read
back with openpyxl and checked against each year's JSON and each year's national workbook,
and the JSON of several years, whose every year is exactly the one-year document.  A year
whose data set cannot be read (the others are written, it is named in the JSON and the
summary).  The province filter by code and by names of both languages, short and full.
Years without data: one line each, nothing written for them.  The exact usage errors (a
repeated --year, 2016..2019, --notified with several years, an unknown province), --quiet, the line naming what was written, and the progress bar, drawn
on a terminal (a pseudo-terminal here) and never into a pipe.  Run from the repository root:
    /usr/bin/python3 tests/e2e/batch.py PATH_TO_ASSESS
"""
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile

import openpyxl

from support.checks import expect, finish, golden

BACKTEST = ["--rules", "rules/13fyp-backtest.yaml", "--data", "data/backtest-13fyp"]


def evaluate(binary, *args):
    p = subprocess.run([binary, "evaluate", *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def manifest_ok(folder):
    p = subprocess.run(["sha256sum", "--quiet", "-c", "assess.sha256"], cwd=folder,
                       capture_output=True, text=True)
    return p.returncode == 0 and not p.stdout


def rows(ws, header_row):
    """The table of ws under its header row as dicts keyed by the English half of each
    header ("2016 value"), skipping nothing."""
    head = [str(c.value).split("\n")[-1] if c.value is not None else "" for c in ws[header_row]]
    out = []
    for r in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if all(v is None for v in r):
            continue
        out.append(dict(zip(head, r)))
    return out


def header_row(ws, first):
    for r in range(1, 12):
        v = ws.cell(row=r, column=1).value
        if isinstance(v, str) and v.endswith(first):
            return r
    raise AssertionError(f"no header starting {first!r} in {ws.title}")


def check_range(binary, tmp):
    out = os.path.join(tmp, "range")
    rc, stdout, stderr = evaluate(binary, *BACKTEST, "--year", "2016-2019", "--out", out,
                                  "--json", os.path.join(out, "all.json"))
    expect("range: exit code", 0, rc)
    expect("range: a table for each year", 4, stdout.count("\nAssessment ") + stdout.startswith("Assessment "))
    years = [2016, 2017, 2018, 2019]
    expect("range: folders", sorted([str(y) for y in years] + ["all.json", "assess.sha256",
                                                                 "summary-2016-2019.xlsx"]),
           sorted(os.listdir(out)))
    for y in years:
        folder = os.path.join(out, str(y))
        names = os.listdir(folder)
        expect(f"range {y}: national workbook", True, f"assessment-{y}.xlsx" in names)
        expect(f"range {y}: province workbooks", 31, sum(n.startswith(f"{y}-") for n in names))
        expect(f"range {y}: sha256sum -c accepts the manifest", True, manifest_ok(folder))
    expect("range: the summary's folder manifest", True, manifest_ok(out))
    lines = stderr.splitlines()
    expect("range: one line per folder naming what it wrote",
           [f"wrote {out}: all.json, summary-2016-2019.xlsx; listed with their SHA-256 in "
            f"{out}/assess.sha256"] +
           [f"wrote {out}/{y}: assessment-{y}.xlsx, 31 province workbooks; listed with their "
            f"SHA-256 in {out}/{y}/assess.sha256" for y in years],
           [ln for ln in lines if ln.startswith("wrote ")])
    with open(os.path.join(out, "all.json"), encoding="utf-8") as f:
        doc = json.load(f)
    expect("range JSON: the years asked", years, doc["assessment_years"])
    expect("range JSON: no failed year", [], doc["failed_years"])
    expect("range JSON: one document per year", years,
           [d["assessment_year"] for d in doc["years"]])
    rc, one, _ = evaluate(binary, *BACKTEST, "--year", "2017", "--no-reports", "--json", "-")
    expect("range JSON: each year is the one-year document", json.loads(one), doc["years"][1])
    check_summary(os.path.join(out, "summary-2016-2019.xlsx"), doc, out)


def check_summary(path, doc, out):
    wb = openpyxl.load_workbook(path)
    expect("summary: sheets", ["等级 Grades", "指标 Indicators", "规划进度 Plan progress",
                               "说明 About"], wb.sheetnames)
    years = doc["assessment_years"]
    # grades against each year's own national workbook, read independently
    ws = wb["等级 Grades"]
    grades = rows(ws, header_row(ws, "Code"))
    expect("summary grades: one row per province", 31, len(grades))
    for y in years:
        nat = openpyxl.load_workbook(os.path.join(out, str(y), f"assessment-{y}.xlsx"))
        ns = nat["汇总 Summary"]
        national = {r["Code"]: r["Grade"] for r in rows(ns, header_row(ns, "Code"))}
        expect(f"summary grades {y}: as the year's national workbook", national,
               {r["Code"]: r[str(y)] for r in grades})
    counted = {r["Code"]: sum(v for k, v in r.items() if k.endswith("(years)")) for r in grades}
    expect("summary grades: the counts add up to the years", {c: 4 for c in counted}, counted)
    # each indicator's path against the JSON's numbers compared
    ws = wb["指标 Indicators"]
    path = rows(ws, header_row(ws, "Code"))
    expect("summary indicators: a row per province and check", 31 * 2, len(path))
    bad = []
    for r in path:
        for d in doc["years"]:
            p = next(p for p in d["provinces"] if p["code"] == r["Code"])
            ind = next(i for i in p["indicators"] if i["id"] == r["Indicator id"])
            c = next(c for c in ind["checks"] if c["name"] == r["Check"])
            y = d["assessment_year"]
            got = (r[f"{y} value"], r[f"{y} target"], r[f"{y} status"].split(" ", 1)[1])
            want = (c["value_compared"], c["target_compared"], c["status"].replace("_", " "))
            if got != want:
                bad.append((r["Code"], r["Check"], y, got, want))
    expect("summary indicators: value, target and status as the JSON compared them", [], bad[:3])
    # plan-period progress: the five-year target as the targets file approves it
    with open("data/backtest-13fyp/targets/13fyp.yaml", encoding="utf-8") as f:
        plan = {code: float(v) for code, v in
                re.findall(r'"(\d{6})":\s*\{?\s*co2_intensity_plan:\s*([\d.]+)', f.read())}
    ws = wb["规划进度 Plan progress"]
    progress = rows(ws, header_row(ws, "Code"))
    expect("summary plan: a row per province for the check with plan: (cumulative)",
           (31, {"cumulative"}, {2020}), (len(progress), {r["Check"] for r in progress},
                                          {r["Final year"] for r in progress}))
    expect("summary plan: the plan target of each province", {c: plan[c] for c in plan},
           {r["Code"]: r["Plan target"] for r in progress if r["Code"] in plan})
    cum = [r for r in progress if r["Check"] == "cumulative" and r["Code"] == "110000"][0]
    beijing = next(p for p in doc["years"][-1]["provinces"] if p["code"] == "110000")
    c = next(c for c in beijing["indicators"][1]["checks"] if c["name"] == "cumulative")
    expect("summary plan: Beijing's cumulative progress in 2019",
           (c["value_compared"], c["target_compared"]), (cum["2019 achieved"], cum["2019 required"]))
    about = {r[0]: r[1] for r in wb["说明 About"].iter_rows(values_only=True) if r[0]}
    expect("summary about: the years", "2016-2019", about.get("考核年度 Assessment years"))
    expect("summary about: no year missing", "无 none", about.get("未能评定的年度 Years not evaluated"))
    expect("summary: illustrative in properties", "", wb.properties.contentStatus or "")


def check_list(binary, tmp):
    out = os.path.join(tmp, "list")
    rc, _, _ = evaluate(binary, *BACKTEST, "--year", "2018,2016", "--out", out, "--quiet")
    expect("list: exit code", 0, rc)
    expect("list: only the years listed", ["2016", "2018", "assess.sha256",
                                           "summary-2016_2018.xlsx"], sorted(os.listdir(out)))
    ws = openpyxl.load_workbook(os.path.join(out, "summary-2016_2018.xlsx"))["等级 Grades"]
    head = [c.value for c in ws[header_row(ws, "Code")]][:4]
    expect("list: a column per year listed", ["代码\nCode", "省份\nProvince", "2016", "2018"], head)


def check_failed_year(binary, tmp):
    """A year whose data set cannot be read: the other is written, it is named."""
    data = os.path.join(tmp, "sample")
    shutil.copytree("data/sample", data)
    with open(os.path.join(data, "findings", "2027.yaml"), "w", encoding="utf-8") as f:
        f.write("findings: [\n")  # read for 2027 only
    os.mkdir(os.path.join(data, "submissions", "2027"))  # a year with data, so it is read
    shutil.copy(os.path.join(data, "submissions", "2026", "110000.yaml"),
                os.path.join(data, "submissions", "2027", "110000.yaml"))
    out = os.path.join(tmp, "failed")
    rc, _, stderr = evaluate(binary, "--data", data, "--year", "2026-2027", "--out", out,
                             "--json", os.path.join(out, "all.json"), "--quiet")
    expect("failed year: exit code", 1, rc)
    expect("failed year: its error is printed", True,
           f"{data}/findings/2027.yaml:2:1: error:" in stderr)
    expect("failed year: the other year is written", True,
           os.path.exists(os.path.join(out, "2026", "assessment-2026.xlsx")))
    expect("failed year: no folder for it", False, os.path.exists(os.path.join(out, "2027")))
    with open(os.path.join(out, "all.json"), encoding="utf-8") as f:
        doc = json.load(f)
    expect("failed year JSON: the years evaluated", [2026],
           [d["assessment_year"] for d in doc["years"]])
    expect("failed year JSON: the year not evaluated", [2027],
           [d["assessment_year"] for d in doc["failed_years"]])
    expect("failed year JSON: why", True,
           doc["failed_years"][0]["errors"][0].startswith(f"{data}/findings/2027.yaml:2:1: error:"))
    wb = openpyxl.load_workbook(os.path.join(out, "summary-2026-2027.xlsx"))
    about = {r[0]: r[1] for r in wb["说明 About"].iter_rows(values_only=True) if r[0]}
    expect("failed year summary: named", "2027", about.get("未能评定的年度 Years not evaluated"))
    grades = rows(wb["等级 Grades"], header_row(wb["等级 Grades"], "Code"))
    expect("failed year summary: its column is blank", {None},
           {r["2027"] for r in grades})
    expect("failed year: manifests", (True, True),
           (manifest_ok(out), manifest_ok(os.path.join(out, "2026"))))


def check_provinces(binary, tmp):
    out = os.path.join(tmp, "some")
    rc, stdout, stderr = evaluate(binary, "--province", "110000,宁夏,inner-mongolia", "--out", out,
                                  "--json", os.path.join(out, "r.json"))
    expect("provinces: exit code", 0, rc)
    grades = stdout.split("\ncode ", 1)[1].split("\n\n", 1)[0]  # the table of grades
    table = [ln.split()[0] for ln in grades.splitlines() if re.match(r"\d{6} ", ln)]
    expect("provinces: the table's rows, in code order", ["110000", "150000", "640000"], table)
    expect("provinces: the workbooks", ["2026-110000-Beijing.xlsx", "2026-150000-Inner-Mongolia.xlsx",
                                        "2026-640000-Ningxia.xlsx", "assess.sha256",
                                        "assessment-2026.xlsx", "r.json"],
           sorted(os.listdir(out)))
    with open(os.path.join(out, "r.json"), encoding="utf-8") as f:
        expect("provinces: the JSON", ["110000", "150000", "640000"],
               [p["code"] for p in json.load(f)["provinces"]])
    ws = openpyxl.load_workbook(os.path.join(out, "assessment-2026.xlsx"))["汇总 Summary"]
    expect("provinces: the national summary", ["110000", "150000", "640000"],
           [r["Code"] for r in rows(ws, header_row(ws, "Code"))])
    expect("provinces: the line naming what was written",
           f"wrote {out}: assessment-2026.xlsx, 3 province workbooks, r.json; listed with their "
           f"SHA-256 in {out}/assess.sha256", stderr.splitlines()[-1])
    for text, code in [("宁夏回族自治区", "640000"), ("Ningxia", "640000"), ("北京，上海", "110000 310000")]:
        rc, one, _ = evaluate(binary, "--province", text, "--no-reports", "--json", "-")
        expect(f"provinces: {text}", code, " ".join(p["code"] for p in json.loads(one)["provinces"]))


def check_empty_years(binary, tmp):
    """Years the data set has no submission for (the sample has 2025-2026): one line each,
    nothing evaluated or written for them, the others as usual; the JSON names them.  Asked
    alone, such a year is an error (exit 1), and so is a range where every year is empty."""
    out = os.path.join(tmp, "empty")
    for lang, suffix in (("en", ""), ("zh", ".zh")):
        shutil.rmtree(out, ignore_errors=True)
        rc, _, stderr = evaluate(binary, "--data", "data/sample", "--year", "2026-2030", "--lang",
                                 lang, "--out", out, "--json", os.path.join(out, "r.json"))
        expect(f"empty years ({lang}): exit code", 0, rc)
        said = "".join(ln + "\n" for ln in stderr.splitlines() if "/submissions/20" in ln)
        golden(f"empty years ({lang}): one line each", f"tests/fixtures/cli/empty_years{suffix}.expected",
               said)
    expect("empty years: only the year with data is written",
           ["2026", "assess.sha256", "r.json", "summary-2026.xlsx"], sorted(os.listdir(out)))
    with open(os.path.join(out, "r.json"), encoding="utf-8") as f:
        doc = json.load(f)
    expect("empty years: the JSON", ([2026, 2027, 2028, 2029, 2030], [2026], [],
                                     [2027, 2028, 2029, 2030]),
           (doc["assessment_years"], [y["assessment_year"] for y in doc["years"]],
            doc["failed_years"], doc["empty_years"]))
    rc, stdout, stderr = evaluate(binary, "--data", "data/sample", "--year", "2027", "--lang", "en",
                                  "--out", os.path.join(tmp, "empty-one"))
    expect("an empty year alone: exit 1, one error, nothing written",
           (1, "", "data/sample/submissions/2027: error: no submission for 2027: the year is not "
                   "evaluated and no workbook is written for it (the data set has submissions "
                   "for 2025-2026)\n", False),
           (rc, stdout, stderr, os.path.exists(os.path.join(tmp, "empty-one"))))
    rc, _, stderr = evaluate(binary, "--data", "data/sample", "--year", "2029-2030", "--lang", "en",
                             "--no-reports")
    expect("only empty years: exit 1, said", (1, "assess evaluate: error: none of the years asked "
                                                 "has a submission in 'data/sample': nothing was "
                                                 "evaluated"),
           (rc, stderr.splitlines()[-1]))


def check_usage(binary):
    cases = [
        (["--year", "2016..2019"],
         "assess evaluate: error: invalid year list '2016..2019': write a range with '-', as "
         "in '2016-2019'"),
        (["--year", "2026", "--year", "2027"],
         "assess evaluate: error: '--year' is given twice: give everything in one, as in "
         "'--year 2016,2018-2019'"),
        (["--province", "110000", "--province", "宁夏"],
         "assess evaluate: error: '--province' is given twice: give everything in one, as in "
         "'--province 110000,宁夏'"),
        (["--year", "2026-2027", "--notified", "2027-06-30"],
         "assess evaluate: error: '--notified' is for one year: with several years, each year's "
         "date comes from the data set's dataset.yaml (notified:)"),
        (["--year", "2030-2026"],
         "assess evaluate: error: year range '2030-2026' runs backwards: write '2026-2030'"),
    ]
    for args, want in cases:
        rc, stdout, stderr = evaluate(binary, *args)
        expect(f"usage {args}: exit code", 2, rc)
        expect(f"usage {args}: message", want, stderr.strip())
        expect(f"usage {args}: nothing on stdout", "", stdout)
    rc, _, stderr = evaluate(binary, "--province", "Atlantis", "--no-reports")
    expect("unknown province: exit code", 2, rc)
    expect("unknown province: lists every valid code below the error", True,
           stderr.startswith("assess evaluate: error: unknown province 'Atlantis': give the "
                             "code or the name (Chinese or English) of one of the 31 below\n"
                             "  110000 Beijing ") and
           all(c in stderr for c in ("650000 Xinjiang", "540000 Tibet")))
    rc, _, stderr = evaluate(binary, *BACKTEST, "--year", "2015-2016", "--no-reports")
    expect("year outside the rules: exit code", 1, rc)
    expect("year outside the rules: message",
           "rules/13fyp-backtest.yaml: error: the rules apply to assessment years 2016-2020, "
           "not 2015", stderr.strip())


def check_quiet_and_progress(binary, tmp):
    out = os.path.join(tmp, "quiet")
    rc, stdout, stderr = evaluate(binary, "--quiet", "--out", out)
    expect("quiet: exit code", 0, rc)
    expect("quiet: nothing printed", ("", ""), (stdout, stderr))
    expect("quiet: still written", True, manifest_ok(out))
    rc, _, stderr = evaluate(binary, "--out", os.path.join(tmp, "pipe"))
    expect("no progress bar into a pipe", False, "elapsed" in stderr)
    # stderr a terminal: the bar is drawn there, and erased before the line naming the files
    master, slave = pty.openpty()
    p = subprocess.Popen([binary, "evaluate", "--out", os.path.join(tmp, "tty")],
                         stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    said = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        said += chunk
    p.wait()
    os.close(master)
    text = said.decode("utf-8", "replace")
    expect("progress: exit code", 0, p.returncode)
    expect("progress: the bar with provinces done, elapsed time", True,
           bool(re.search(r"\r\[#+-*\] +\d+/31 provinces +\d+%  \d+ s elapsed", text)))
    expect("progress: it reaches the end", True, "31/31 provinces  100%" in text)
    expect("progress: erased before the files are named", True,
           bool(re.search(r"\r +\rwrote ", text)))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="assess-batch-")
    try:
        check_range(binary, tmp)
        check_list(binary, tmp)
        check_failed_year(binary, tmp)
        check_provinces(binary, tmp)
        check_empty_years(binary, tmp)
        check_usage(binary)
        check_quiet_and_progress(binary, tmp)
    finally:
        shutil.rmtree(tmp)
    finish()


if __name__ == "__main__":
    main()
