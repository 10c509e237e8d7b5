#!/usr/bin/python3
"""End-to-end: the target review (`assess targets review`, `assess template --proposal`).

usage: /usr/bin/python3 tests/e2e/review.py PATH_TO_ASSESS

Run from the repository root (CTest does).  It checks:
  - the 13th FYP replayed on real data (rules/plans/13fyp.yaml, data/backtest-13fyp): the
    national aggregate printed, and recomputed here from the JSON's per-province numbers
    alone (sum of CO2 in 2020 over sum of GDP in 2020, against 2015); the proposals'
    growth against the NBS indices and the 2020 bulletin when ../shared/realdata is there
    (skipped, saying so, otherwise);
  - the illustrative 15th FYP proposals of data/sample: the gap to the national
    CO2-intensity goal is found and closed, in both languages; the targets it derives are
    read by `assess evaluate`;
  - bad proposals (a province missing, a path that does not compound, an unknown target, a
    growth of 50 %, in YAML and in a workbook's cell) give the exact located messages of
    tests/fixtures/review/bad.expected and bad.zh.expected (UPDATE_GOLDEN=1 rewrites them);
  - the proposal template: YAML with every item, and a workbook that, filled with a
    province's YAML proposal, reviews the same; the review workbook read back with
    openpyxl;
  - usage errors and exit codes.
Prints what it checked; exits 1 with the reasons on failure.
"""
import csv
import decimal
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
    import yaml
except ImportError as e:
    sys.exit(f"review: error: {e.name} is missing (apt-get install python3-openpyxl python3-yaml)")

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = "tests/fixtures/review"
SAMPLE = "data/sample"
BACKTEST = "data/backtest-13fyp"
SHEET = "建议 Proposal"


def run(binary, *args, cwd=None, env=None):
    p = subprocess.run([binary, *args], capture_output=True, text=True, cwd=cwd,
                       env=dict(os.environ, **(env or {})))
    return p.returncode, p.stdout, p.stderr


def figure_row(out, fid):
    """The table row of national figure fid, its columns split on blanks."""
    for line in out.splitlines():
        if line.startswith("  " + fid + " "):
            return line.split()
    return None


# ------------------------------------------------------------------ 13th FYP, real data

def check_13fyp(binary):
    rc, out, err = run(binary, "targets", "review", "--plan", "13fyp", "--data", BACKTEST,
                       "--no-reports")
    expect("13fyp review exits 0", (0, ""), (rc, err))
    expect("13fyp: 31 reviewed", True,
           "Proposals: 31 of 31 usable, 0 left out of the national figures" in out)
    expect("13fyp national aggregate printed",
           ["co2_intensity", "30", "19.68%", "18.22%", ">=", "18.00%", "+1.68", "met"],
           (figure_row(out, "co2_intensity") or [])[:8])
    expect("13fyp published outcome printed", ["co2_intensity_outcome", "-", "18.80%"],
           (figure_row(out, "co2_intensity_outcome") or [])[:3])
    expect("13fyp: nothing to adjust", True, "met as proposed, nothing to adjust" in out)
    print("13fyp:", " ".join(figure_row(out, "co2_intensity") or []))


def check_13fyp_json(binary):
    """The national aggregate recomputed from the JSON's per-province numbers alone: each
    province's 2015 CO2 and GDP, its target and its yearly growth."""
    rc, out, err = run(binary, "targets", "review", "--plan", "13fyp", "--data", BACKTEST,
                       "--no-reports", "--json", "-")
    expect("13fyp --json - exits 0", 0, rc)
    expect("13fyp --json -: the table goes to stderr", True, "co2_intensity " in err)
    doc = json.loads(out)
    fig = next(f for f in doc["national"] if f["id"] == "co2_intensity")
    c0 = y0 = c1 = y1 = 0.0
    for prov in doc["provinces"]:
        if prov["code"] not in fig["provinces"]:
            expect(f"13fyp {prov['code']} left out for want of CO2", None, prov["base"]["co2"])
            continue
        growth = 1.0
        for g in prov["items"]["gdp_growth"]["path"]:
            growth *= 1 + g
        co2, gdp = prov["base"]["co2"], prov["base"]["gdp"]
        c0 += co2
        y0 += gdp
        c1 += co2 * (1 - prov["items"]["co2_intensity"]["value"]) * growth
        y1 += gdp * growth
    got = 1 - (c1 / y1) / (c0 / y0)
    expect("13fyp: 30 provinces summed", 30, len(fig["provinces"]))
    expect("13fyp national aggregate recomputed from the JSON", True,
           abs(got - fig["value"]) <= 1e-12)
    expect("13fyp aggregate against the goal", (0.18, ">=", True),
           (fig["goal"], fig["compare"], fig["met"]))
    outcome = next(f for f in doc["national"] if f["id"] == "co2_intensity_outcome")
    expect("13fyp published outcome", 0.188, outcome["value"])
    print("13fyp: recomputed from the JSON: %.6f%% (engine %.6f%%, national statistics %.6f%%)"
          % (100 * got, 100 * fig["value"], 100 * fig["national"]))


def check_13fyp_sources():
    """The backtest's proposals against ../shared/realdata: 2016-2019 observed (the NBS
    index less 100, over 100), 2020 derived from the bulletin."""
    folder = os.environ.get("ASSESS_REALDATA") or os.path.join(REPO, "..", "shared", "realdata")
    if not os.path.isdir(folder):
        print("review: ../shared/realdata is not here: skipping the check of the 13th FYP "
              "growth against its sources")
        return
    def rows(name):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            return list(csv.DictReader(f))
    index = {(r["province_code"], int(r["year"])): r["grp_index_prev_year_eq_100"]
             for r in rows("nbs_province_gdp_index_prev_year_2000_2019.csv")}
    bulletin = {r["province_code"]: r for r in
                rows("nbs_bulletin_province_energy_intensity_change_2020.csv")}
    for code in ("110000", "420000", "650000", "540000"):
        with open(f"{BACKTEST}/targets/proposals/13fyp/{code}.yaml", encoding="utf-8") as f:
            g = yaml.safe_load(f)["gdp_growth"]
        for year in range(2016, 2020):
            exp = (decimal.Decimal(index[(code, year)]) - 100) / 100
            expect(f"13fyp {code} {year} growth observed", exp, decimal.Decimal(str(g[f"y{year}"])))
        b = bulletin[code]
        if b["total_energy_consumption_growth_pct"]:
            exp = (1 + float(b["total_energy_consumption_growth_pct"]) / 100) / \
                  (1 + float(b["energy_per_grp_change_pct"]) / 100) - 1
            expect(f"13fyp {code} 2020 growth derived", exp, g["y2020"])
        else:
            expect(f"13fyp {code} 2020 growth no data", None, g["y2020"])


# ------------------------------------------------------------------ 15th FYP, sample

def check_sample(binary, tmp):
    out_dir = os.path.join(tmp, "review")
    rc, out, err = run(binary, "targets", "review", "--plan", "15fyp", "--out", out_dir)
    expect("sample review exits 0", 0, rc)
    row = figure_row(out, "co2_intensity") or []
    expect("sample: the gap is found", ["co2_intensity", "31", "16.47%"], row[:3])
    expect("sample: the goal is missed", ["-0.53", "missed"], row[6:8])
    expect("sample: illustrative notice", True, "ILLUSTRATIVE DATA" in out)
    expect("sample: the gap is closed", True,
           "rule 'uniform' moves every proposal of 'co2_intensity' by +0.5367 pp: 17.00% "
           "against the goal >= 17.00%" in out)
    expect("sample: files written", True, f"wrote {out_dir}: review-15fyp.xlsx, "
           "targets-15fyp.yaml, targets-15fyp-2026.yaml" in err)
    rc, zh, _ = run(binary, "targets", "review", "--plan", "15fyp", "--no-reports", "--lang", "zh")
    expect("sample in Chinese", True,
           "未达标" in (figure_row(zh, "co2_intensity") or []) and "目标审核" in zh)
    check_approved(binary, tmp, out_dir)
    check_workbook(os.path.join(out_dir, "review-15fyp.xlsx"), row)


def check_approved(binary, tmp, out_dir):
    """The plan-period targets the review derives, read by the evaluation."""
    with open(os.path.join(out_dir, "targets-15fyp.yaml"), encoding="utf-8") as f:
        text = f.read()
    approved = yaml.safe_load(text)
    expect("approved targets say they are derived", True,
           approved["targets"]["derived_from"].startswith("target review of plan 15fyp"))
    expect("approved targets are illustrative", True, approved["targets"]["illustrative"])
    ds = os.path.join(tmp, "approved")
    shutil.copytree(SAMPLE, ds)
    shutil.copy(os.path.join(out_dir, "targets-15fyp.yaml"), os.path.join(ds, "targets", "15fyp.yaml"))
    rc, out, err = run(binary, "evaluate", "--data", ds, "--no-reports", "--json", "-")
    expect("evaluate reads the approved targets", 4 if rc == 4 else 0, rc)
    doc = json.loads(out)
    for prov in doc["provinces"]:
        plan = approved["provinces"][prov["code"]]["co2_intensity_plan"]
        ind = next(i for i in prov["indicators"] if i["id"] == "co2_intensity")
        cum = next(c for c in ind["checks"] if c["name"] == "cumulative")
        if cum["target"] is not None:
            expect(f"{prov['code']} cumulative target from the approved target",
                   round(1 - (1 - plan) ** 0.2, 12), round(cum["target"], 12))


def check_workbook(path, row):
    wb = openpyxl.load_workbook(path)
    expect("review workbook sheets",
           ["全国 National", "调整 Adjustments", "省份 Provinces", "测算 Figures", "说明 About"],
           wb.sheetnames)
    ws = wb["全国 National"]
    found = [r for r in ws.iter_rows(values_only=True) if r[0] == "co2_intensity"]
    expect("national sheet: one row for co2_intensity", 1, len(found))
    if found:
        expect("national sheet: the provinces' sum", row[2], "%.2f%%" % (found[0][3] * 100))
        expect("national sheet: adjusted to the goal", round(found[0][6], 9),
               round(found[0][9], 9))
    provinces = [r for r in wb["省份 Provinces"].iter_rows(values_only=True)
                 if isinstance(r[0], str) and re.fullmatch(r"\d{6}", r[0])]
    expect("provinces sheet: one row per province", 31, len(provinces))
    expect("national sheet: a chart", 1, len(ws._charts))


# ------------------------------------------------------------------ bad proposals

def fill_workbook(path, proposal):
    """Fill a proposal template with a YAML proposal's values."""
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    for r in ws.iter_rows():
        key = r[0].value
        if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z_]\w*\.\w+", key):
            continue
        section, field = key.split(".")
        if section == "proposal" and field in ("province", "plan", "illustrative"):
            continue
        value = proposal.get(section, {}).get(field)
        if value is not None:
            r[3].value = value
    wb.save(path)


def bad_dataset(binary, tmp):
    ds = os.path.join(tmp, "ds")
    shutil.copytree(SAMPLE, ds)
    folder = os.path.join(ds, "targets", "proposals", "15fyp")

    def edit(code, old, new):
        path = os.path.join(folder, code + ".yaml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if old not in text:
            failures.append(f"bad data set: '{old}' not in {code}.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(old, new, 1))

    os.remove(os.path.join(folder, "110000.yaml"))                  # a province missing
    edit("120000", "  value: 0.195\n", "  value: 0.215\n")         # a path that does not compound
    edit("130000", "co2_intensity:", "co2_intensty:")              # an unknown target
    edit("140000", "  y2028: 0.044\n", "  y2028: 0.5\n")            # a growth of 50 %
    with open(os.path.join(folder, "150000.yaml"), encoding="utf-8") as f:
        proposal = yaml.safe_load(f)
    os.remove(os.path.join(folder, "150000.yaml"))
    xlsx = os.path.join(folder, "150000.xlsx")
    rc, _, err = run(binary, "template", "--proposal", "--plan", "15fyp", "--province", "150000",
                     "--xlsx", xlsx, "--illustrative")
    expect(f"proposal template exits 0 ({err.strip()})", 0, rc)
    proposal["gdp_growth"]["y2027"] = 0.5                            # the same, in a cell
    fill_workbook(xlsx, proposal)
    return ds


def check_bad(binary, tmp):
    bad_dataset(binary, tmp)
    for lang, name in (("en", "bad.expected"), ("zh", "bad.zh.expected")):
        rc, out, err = run(binary, "targets", "review", "--plan", "15fyp", "--data", "ds",
                           "--no-reports", "--lang", lang, cwd=tmp)
        expect(f"bad proposals ({lang}) exit 4", 4, rc)
        golden = os.path.join(GOLDEN, name)
        if os.environ.get("UPDATE_GOLDEN") == "1":
            with open(golden, "w", encoding="utf-8") as f:
                f.write(err)
        with open(golden, encoding="utf-8") as f:
            expect(f"bad proposals ({lang}): the messages of {golden}", f.read(), err)
        if lang == "en":
            expect("bad proposals: three left out", True,
                   "Proposals: 27 of 31 usable, 4 left out of the national figures; paths that "
                   "do not compound: 1" in out)


# ------------------------------------------------------------------ templates

def check_templates(binary, tmp):
    rc, out, _ = run(binary, "template", "--proposal", "--plan", "15fyp", "--province", "440000")
    expect("YAML proposal template exits 0", 0, rc)
    doc = yaml.safe_load(out)
    expect("YAML template: header", {"province": "440000", "plan": "15fyp",
                                     "illustrative": False, "source": ""}, doc["proposal"])
    expect("YAML template: every item", ["co2_intensity", "energy_intensity", "non_fossil_share",
                                         "coal_cap", "oil_cap", "gdp_growth", "energy_growth"],
           [k for k in doc if k != "proposal"])
    expect("YAML template: a path", ["value", "y2026", "y2027", "y2028", "y2029", "y2030",
                                     "source"], list(doc["co2_intensity"]))
    ds = os.path.join(tmp, "roundtrip")
    shutil.copytree(SAMPLE, ds)
    folder = os.path.join(ds, "targets", "proposals", "15fyp")
    for code in ("110000", "650000"):
        with open(os.path.join(folder, code + ".yaml"), encoding="utf-8") as f:
            proposal = yaml.safe_load(f)
        os.remove(os.path.join(folder, code + ".yaml"))
        xlsx = os.path.join(folder, code + ".xlsx")
        run(binary, "template", "--proposal", "--plan", "15fyp", "--province", code, "--xlsx",
            xlsx, "--illustrative")
        fill_workbook(xlsx, proposal)
    _, a, _ = run(binary, "targets", "review", "--plan", "15fyp", "--data", ds, "--no-reports")
    _, b, _ = run(binary, "targets", "review", "--plan", "15fyp", "--no-reports")
    expect("workbook proposals review as the YAML ones", b.splitlines()[2:], a.splitlines()[2:])


def check_usage(binary):
    rc, _, err = run(binary, "targets", "review")
    expect("review without --plan exits 2", 2, rc)
    expect("review without --plan says so", True, "review needs --plan PLAN" in err)
    rc, _, _ = run(binary, "targets", "frob")
    expect("unknown targets subcommand exits 2", 2, rc)
    rc, _, err = run(binary, "targets", "review", "--plan", "16fyp", "--no-reports")
    expect("unknown plan exits 1", 1, rc)
    expect("unknown plan names the file", True,
           "rules/plans/16fyp.yaml: error: cannot open file: No such file or directory" in err)
    rc, _, err = run(binary, "template", "--proposal", "--province", "110000")
    expect("template --proposal without --plan exits 2", 2, rc)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: review.py PATH_TO_ASSESS")
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        check_13fyp(binary)
        check_13fyp_json(binary)
        check_13fyp_sources()
        check_sample(binary, tmp)
        check_bad(binary, tmp)
        check_templates(binary, tmp)
        check_usage(binary)
    finish()


if __name__ == "__main__":
    main()
