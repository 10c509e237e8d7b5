#!/usr/bin/python3
"""End-to-end: `assess evaluate --uncertainty` and the trajectories, in JSON and workbooks.

usage: /usr/bin/python3 tests/e2e/uncertainty.py PATH_TO_ASSESS

Run from the repository root (CTest does).  On the real rules/2026.yaml and data/sample:
  - the same seed gives byte-identical JSON and workbooks, another seed other numbers;
  - the JSON carries the run (method, draws, seed, generator, every declaration), per check
    the mean, percentiles, probability met, Approach 1's interval around the value and a
    borderline flag that agrees with the percentiles judged as the rule file judges (GB/T
    8170 rounding to the check's decimals, recomputed here in Python), per indicator without
    data the probability met it has in every draw (0 when no data counts as missed), per
    province grade
    probabilities that add up to 1, and a trajectory per plan check;
  - without --uncertainty the same keys are null and the verdicts unchanged;
  - read back with openpyxl: the grade probabilities of the national Summary, the
    probability column of the Values sheet, a comment on exactly the borderline cells of
    the Matrix, the Trajectory sheets (with a chart) and the run in About and in the
    custom properties;
  - refusals: --draws without --uncertainty, draws or seed out of range (exit 2), rules
    that declare no uncertainty (exit 1, no JSON file written);
  - as printed: the Monte Carlo and trajectory tables within 100 columns, in the
    terminal's language throughout, a fitted interval from three years marked uninformative
    in words; fewer than 100 draws warned about, more draws than the memory kept for them
    holds refused as a usage error (exit 2), in both languages.
Python 3 standard library and openpyxl only.  Prints what it checked; exits 1 with the
reasons on failure.
"""
import decimal
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from xml.etree import ElementTree

from support.checks import expect, failures, finish

try:
    import openpyxl
except ImportError:
    sys.exit("uncertainty: error: openpyxl is missing (apt-get install python3-openpyxl)")

NATIONAL = "assessment-2026.xlsx"
DRAWS, SEED = 300, 5


def evaluate(binary, out, *args):
    """assess evaluate into out with JSON beside; (exit code, document or None, stderr)."""
    os.makedirs(out, exist_ok=True)
    js = os.path.join(out, "r.json")
    p = subprocess.run([binary, "evaluate", "--out", out, "--json", js, *args],
                       capture_output=True, text=True)
    doc = None
    if os.path.exists(js):
        with open(js, encoding="utf-8") as f:
            doc = json.load(f)
    return p.returncode, doc, p.stderr


def as_cell(x):
    """A number as a workbook cell holds it: libxlsxwriter writes 16 significant digits."""
    return None if x is None else float("%.16g" % x)


def rounded(x, decimals):
    return decimal.Decimal(repr(x)).quantize(decimal.Decimal(1).scaleb(-decimals),
                                            rounding=decimal.ROUND_HALF_EVEN)


def met(check, value):
    """The check's verdict on value as rules/2026.yaml judges: GB/T 8170, rounded values."""
    v, t = rounded(value, check["decimals"]), rounded(check["target"], check["decimals"])
    return {"<=": v <= t, "<": v < t, ">=": v >= t, ">": v > t, "==": v == t}[check["compare"]]


def english(label):
    return str(label).split("\n")[-1]


def header_row(ws, first):
    for r, row in enumerate(ws.iter_rows(values_only=True), 1):
        if row and row[0] is not None and english(row[0]) == first:
            return r, [english(v) if v is not None else None for v in row]
    failures.append(f"{ws.title}: no header '{first}'")
    return None, []


def table(ws, first):
    r0, keys = header_row(ws, first)
    out = []
    for row in ws.iter_rows(min_row=(r0 or 0) + 1, values_only=True):
        if r0 is None or not row or row[0] is None:
            break
        out.append({k: v for k, v in zip(keys, row) if k})
    return out


# ---------------------------------------------------------------- JSON

def check_json(doc, rules_declarations):
    u = doc["uncertainty"]
    expect("method", "monte_carlo", u["method"])
    expect("draws", DRAWS, u["draws"])
    expect("seed", SEED, u["seed"])
    expect("generator", "mt19937", u["rng"])
    expect("declarations", rules_declarations, len(u["declared"]))
    expect("a section declaration", True,
           any(d.get("section") == "energy" and d["correlation"] == "per_province"
               for d in u["declared"]))
    borderline = no_data = 0
    for p in doc["provinces"]:
        gp = p["grade_probabilities"]
        if p["errors"]:
            expect(f"{p['code']} has no grade probabilities", None, gp)
            continue
        expect(f"{p['code']} grade probabilities add up to 1", True,
               abs(sum(gp.values()) - 1) < 1e-12)
        for ind in p["indicators"]:
            any_border = False  # no check analysed: counted all the same, never borderline
            if ind["status"] in ("no_data", "exempt"):  # the same in every draw
                expect(f"{p['code']} {ind['id']} ({ind['status']}) probability met",
                       0 if ind["counts_as_missed"] else 1, ind["probability_met"])
                no_data += ind["status"] == "no_data" and ind["counts_as_missed"]
            for c in ind["checks"]:
                mc = c["uncertainty"]
                if c["value"] is None or c["target"] is None:
                    expect(f"{p['code']} {ind['id']}/{c['name']} without a value", None, mc)
                    continue
                what = f"{p['code']} {ind['id']}/{c['name']}"
                expect(f"{what} drawn every time", DRAWS, mc["draws"])
                expect(f"{what} percentiles ordered", True, mc["p2_5"] <= mc["p97_5"])
                expect(f"{what} probability in [0, 1]", True, 0 <= mc["probability_met"] <= 1)
                a1 = mc["approach1"]
                expect(f"{what} Approach 1 around the value", True,
                       abs((a1["lower"] + a1["upper"]) / 2 - c["value"]) < 1e-9 * max(1, abs(c["value"])))
                exp_border = met(c, mc["p2_5"]) != met(c, mc["p97_5"])
                expect(f"{what} borderline as its percentiles are judged", exp_border,
                       mc["borderline"])
                any_border = bool(any_border) or mc["borderline"]
                borderline += mc["borderline"]
            expect(f"{p['code']} {ind['id']} borderline", any_border, ind["borderline"])
        for t in p["trajectory"]:
            if t["error"]:
                continue
            expect(f"{p['code']} trajectory interval from the draws", "monte_carlo",
                   t["interval_basis"])
            expect(f"{p['code']} probability at risk", True,
                   0 <= t["probability_at_risk"] <= 1)
    expect("an indicator without data, counted missed in every draw, is in the sample", True,
           no_data > 0)
    return borderline


def check_without(doc_mc, doc):
    expect("no uncertainty without --uncertainty", None, doc["uncertainty"])
    for a, b in zip(doc_mc["provinces"], doc["provinces"]):
        expect(f"{b['code']} same grade", a["grade"], b["grade"])
        expect(f"{b['code']} no grade probabilities", None, b["grade_probabilities"])
        for ia, ib in zip(a["indicators"], b["indicators"]):
            expect(f"{b['code']} {ib['id']} same status", ia["status"], ib["status"])
            expect(f"{b['code']} {ib['id']} no probability", None, ib["probability_met"])
            for ca, cb in zip(ia["checks"], ib["checks"]):
                expect(f"{b['code']} {ib['id']} same value", ca["value"], cb["value"])
                expect(f"{b['code']} {ib['id']} no uncertainty", None, cb["uncertainty"])
        for ta, tb in zip(a["trajectory"], b["trajectory"]):
            expect(f"{b['code']} same projection", ta["projection"], tb["projection"])
            expect(f"{b['code']} no interval from one observed year", None, tb["interval"])


# ---------------------------------------------------------------- workbooks

def custom_properties(path):
    """docProps/custom.xml of a workbook: {name: value text}."""
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
    with zipfile.ZipFile(path) as z:
        root = ElementTree.fromstring(z.read("docProps/custom.xml"))
    return {p.get("name"): "".join(p.itertext()) for p in root.iter(ns + "property")}


def check_national(path, doc):
    wb = openpyxl.load_workbook(path)
    by = {p["code"]: p for p in doc["provinces"]}
    grades = [g for g in doc["provinces"][0]["grade_probabilities"] if g != "invalid"]
    for r in table(wb["汇总 Summary"], "Code"):
        gp = by[r["Code"]]["grade_probabilities"]
        if gp is None:
            continue
        got = [r[k] for k in r if k.startswith("P(")]
        expect(f"summary {r['Code']} grade probabilities", [as_cell(gp[g]) for g in grades], got)
    rows = table(wb["指标值 Values"], "Code")
    n = 0
    for r in rows:
        if r.get("Check") is None:
            continue
        ind = next(i for i in by[r["Code"]]["indicators"] if i["id"] == r["Indicator id"])
        c = next(c for c in ind["checks"] if c["name"] == r["Check"])
        mc = c["uncertainty"]
        expect(f"values {r['Code']} {ind['id']}/{c['name']} P(met)",
               as_cell(mc["probability_met"]) if mc else None, r["P(met)"])
        expect(f"values {r['Code']} {ind['id']}/{c['name']} borderline",
               "临界 borderline" if mc and mc["borderline"] else None, r["Borderline"] or None)
        n += 1
    ws = wb["矩阵 Matrix"]
    r0, keys = header_row(ws, "Code")
    ids = [i["id"] for i in doc["provinces"][0]["indicators"]]
    comments = 0
    for row in ws.iter_rows(min_row=r0 + 1, max_row=r0 + len(doc["provinces"])):
        p = by[row[0].value]
        for k, ident in enumerate(ids):
            cell = row[3 + k]
            ind = next((i for i in p["indicators"] if i["id"] == ident), None)
            exp = bool(ind and ind["borderline"])
            expect(f"matrix {p['code']} {ident} marked", exp, cell.comment is not None)
            comments += cell.comment is not None
            if cell.comment is not None:
                expect(f"matrix {p['code']} {ident} comment", True,
                       "borderline" in cell.comment.text)
    traj = table(wb["轨迹 Trajectory"], "Code")
    for r in traj:
        t = by[r["Code"]]["trajectory"][0]
        expect(f"trajectory {r['Code']} projection", as_cell(t["projection"]), r["Projection"])
        expect(f"trajectory {r['Code']} P(at risk)", as_cell(t["probability_at_risk"]),
               r["P(at risk)"])
    expect("national trajectory chart", 1, len(wb["轨迹 Trajectory"]._charts))
    about = " ".join(str(v) for row in wb["说明 About"].iter_rows(values_only=True)
                     for v in row if v is not None)
    expect("About states draws and seed", True,
           f"{DRAWS} draws, seed {SEED}, generator mt19937" in about)
    props = custom_properties(path)
    expect("custom property: draws", str(DRAWS), props.get("uncertainty draws"))
    expect("custom property: seed", str(SEED), props.get("uncertainty seed"))
    return n, comments, len(traj)


def check_province(out, doc):
    p = next(p for p in doc["provinces"] if p["code"] == "640000")
    wb = openpyxl.load_workbook(os.path.join(out, "2026-640000-Ningxia.xlsx"))
    ws = wb["轨迹 Trajectory"]
    years = table(ws, "Year")
    t = p["trajectory"][0]
    expect("Ningxia path years", [o["year"] for o in t["observed"]] +
           [pt["year"] for pt in t["path"]], [r["Year"] for r in years])
    expect("Ningxia projected 2030", as_cell(t["path"][-1]["projected"]), years[-1]["Projected"])
    expect("Ningxia required path ends on the target", True,
           abs(years[-1]["Required path"] - t["target"]) < 1e-12)
    expect("Ningxia lower 2030", as_cell(t["path"][-1]["lower"]), years[-1]["Lower"])
    expect("Ningxia trajectory chart", 1, len(ws._charts))
    overview = " ".join(str(v) for row in wb["概况 Overview"].iter_rows(values_only=True)
                        for v in row if v is not None)
    expect("Ningxia overview states its grade probabilities", True,
           "Grade probabilities" in overview and "Monte Carlo draws, seed 5" in overview)
    cols = [english(v) for v in next(r for r in wb["指标 Indicators"].iter_rows(values_only=True)
                                     if r[0] is not None and english(r[0]) == "Indicator id")]
    expect("probability and interval columns beside the check status",
           ["Check status", "P(met)", "2.5th percentile", "97.5th percentile", "Approach 1 ±",
            "Borderline", "Indicator status"], cols[9:16])


# ---------------------------------------------------------------- refusals

def check_refusals(binary, tmp):
    cases = [
        (["--draws", "100"], 2, "assess evaluate: error: '--draws' needs '--uncertainty'"),
        (["--seed", "3"], 2, "assess evaluate: error: '--seed' needs '--uncertainty'"),
        (["--uncertainty", "--draws", "1"], 2,
         "assess evaluate: error: invalid number of draws '1': use 2 to 10000000"),
        (["--uncertainty", "--seed", "0"], 2,
         "assess evaluate: error: invalid seed '0': use 1 to 4294967295"),
        (["--uncertainty", "--rules", "tests/fixtures/datasets/tiny-rules.yaml",
          "--data", "tests/fixtures/datasets/good"], 1,
         "tests/fixtures/datasets/tiny-rules.yaml: error: the rules declare no uncertainty "
         "(no 'uncertainty' section)"),
    ]
    for args, code, msg in cases:
        out = os.path.join(tmp, "refused")
        shutil.rmtree(out, ignore_errors=True)
        rc, doc, err = evaluate(binary, out, "--no-reports", *args)
        expect(f"{' '.join(args)}: exit code", code, rc)
        expect(f"{' '.join(args)}: message", msg, err.strip().splitlines()[-1] if err else "")
        expect(f"{' '.join(args)}: no JSON written", None, doc)
    print(f"refusals: {len(cases)} bad option sets refused with their messages, nothing written")


def width(line):
    """Columns a line takes on a terminal: East Asian wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def run(binary, *args):
    p = subprocess.run([binary, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def analyses(out, heading):
    """The printed analyses: everything from the line starting with heading on."""
    lines = out.splitlines()
    first = next((i for i, l in enumerate(lines) if l.startswith(heading)), len(lines))
    return lines[first:]


def check_printed(binary, tmp):
    """The uncertainty and trajectory tables as printed: no line wider than 100 columns,
    every word in the terminal's language (grade heads, methods, measures, reasons), an
    interval from three years flagged as uninformative in words (issue 23, items 8, 11)."""
    heads = {"zh": ("不确定性", ["优秀", "合格", "不合格"], "趋势"),
             "en": ("Uncertainty", ["Excellent", "Pass", "Fail"], "Trajectory")}
    english = ["carried_forward", "log_linear_fit", "reduction", "excellent", "no trajectory",
               "a projection needs", "its data have errors", "uninformative"]
    for lang, (mc, grades, traj) in heads.items():
        rc, out, err = run(binary, "evaluate", "--lang", lang, "--uncertainty", "--draws", "200",
                           "--no-reports")
        lines = analyses(out, mc)
        expect(f"{lang}: the analyses are printed", True, len(lines) > 60)
        expect(f"{lang}: no line of the analyses wider than 100 columns", [],
               [line for line in lines if width(line) > 100])
        head = next((line for line in lines if line.startswith(("代码", "code"))), "")
        expect(f"{lang}: grade heads are the grades' names", grades,
               [g for g in grades if g in head.split()])
        if lang == "zh":
            expect("zh: no English word of the analyses", [],
                   [w for w in english if any(w in line for line in lines)])
    # the 13th FYP from 2017 with a fitted line: three years, one degree of freedom
    rules = os.path.join(tmp, "fit-rules")
    os.makedirs(rules)
    os.symlink(os.path.abspath("rules/common"), os.path.join(rules, "common"))
    with open("rules/13fyp-backtest.yaml", encoding="utf-8") as f:
        text = f.read().replace("projection: carried", "projection: fit")
    with open(os.path.join(rules, "13fyp.yaml"), "w", encoding="utf-8") as f:
        f.write(text)
    words = {"zh": ("无参考价值", "无趋势：预测需要检查项 'cumulative'"),
             "en": ("uninformative", "no trajectory: a projection needs the value")}
    for lang, (flag, tibet) in words.items():
        rc, out, err = run(binary, "evaluate", "--lang", lang, "--rules",
                           os.path.join(rules, "13fyp.yaml"), "--data", "data/backtest-13fyp",
                           "--year", "2017", "--no-reports")
        lines = analyses(out, "趋势" if lang == "zh" else "Trajectory")
        expect(f"{lang} 13th FYP 2017: no line of the trajectory wider than 100 columns", [],
               [line for line in lines if width(line) > 100])
        ningxia = next((line for line in lines if line.startswith("640000")), "")
        expect(f"{lang}: Ningxia's interval from three years is marked", True,
               "[-9467.43 %, 98.51 %]*" in ningxia)
        expect(f"{lang}: the mark is explained in words", True,
               any(line.startswith("* " + flag) for line in lines))
        expect(f"{lang}: Tibet's reason in the terminal's language", True,
               any(tibet in line for line in lines))
    _, js, _ = run(binary, "evaluate", "--rules", os.path.join(rules, "13fyp.yaml"), "--data",
                   "data/backtest-13fyp", "--year", "2017", "--no-reports", "--json", "-")
    trajs = [p["trajectory"][0] for p in json.loads(js)["provinces"]]
    expect("JSON: every fit from three years has interval_uninformative", [True] * 30,
           [t.get("interval_uninformative") for t in trajs if t["method"] == "log_linear_fit"])
    print("printed: the analyses within 100 columns in Chinese and English, grade names as "
          "heads, no English words in Chinese, an interval from three years marked "
          "uninformative in words")


def check_draws(binary, tmp):
    """Too few draws for a 95 % interval are warned about, too many for the memory kept
    are a usage error (exit 2), in both languages."""
    cases = [
        (["--draws", "50"], 0,
         "assess evaluate: 警告：50 次抽样不足以给出 95% 区间：区间两端只取决于最极端的两三次抽样，"
         "概率的误差约为正负 14 个百分点；请用 100 次或更多（默认 10000 次）\n"
         "assess evaluate: warning: 50 draws are too few for a 95 % interval: its ends rest on "
         "the two or three most extreme draws, and a probability is known only to about +-14 "
         "points; use 100 or more (default 10000)"),
        (["--draws", "10000000"], 2,
         "assess evaluate: 错误：494 个检查项的 10000000 次抽样需要 37689.2 MiB 存储，超过允许的 "
         "1024.0 MiB：最多用 271695 次抽样\n"
         "assess evaluate: error: 10000000 draws of 494 checks need 37689.2 MiB to keep, more "
         "than the 1024.0 MiB allowed: use at most 271695 draws"),
    ]
    for args, code, msg in cases:
        out = os.path.join(tmp, "draws")
        shutil.rmtree(out, ignore_errors=True)
        rc, doc, err = evaluate(binary, out, "--no-reports", "--quiet", "--lang", "both",
                                "--uncertainty", *args)
        expect(f"{' '.join(args)}: exit code", code, rc)
        expect(f"{' '.join(args)}: message in both languages", msg, err.strip())
        expect(f"{' '.join(args)}: JSON written", code == 0, doc is not None)
    print("draws: 50 warned about, 10000000 refused as a usage error, in both languages")


def declarations():
    with open("rules/2026/uncertainty.yaml", encoding="utf-8") as f:
        return sum(1 for line in f if line.lstrip().startswith(("- section:", "- input:",
                                                                "- parameter:")))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="assess-uncertainty-")
    try:
        args = ["--uncertainty", "--draws", str(DRAWS), "--seed", str(SEED)]
        a, b, c, d = (os.path.join(tmp, x) for x in "abcd")
        rc, doc, err = evaluate(binary, a, *args)
        expect("exit code", 0, rc)
        if doc is None:
            failures.append(f"no JSON: {err}")
        else:
            evaluate(binary, b, *args)
            expect("same seed: identical JSON", True,
                   filecmp.cmp(os.path.join(a, "r.json"), os.path.join(b, "r.json"), False))
            names = sorted(f for f in os.listdir(a) if f.endswith(".xlsx"))
            expect("same seed: identical workbooks", [],
                   filecmp.cmpfiles(a, b, names, shallow=False)[1])
            _, other, _ = evaluate(binary, c, "--no-reports", "--uncertainty", "--draws",
                                   str(DRAWS), "--seed", str(SEED + 1))
            expect("another seed: other numbers", True,
                   other["provinces"][0]["indicators"][0]["checks"][0]["uncertainty"]["mean"] !=
                   doc["provinces"][0]["indicators"][0]["checks"][0]["uncertainty"]["mean"])
            border = check_json(doc, declarations())
            _, plain, _ = evaluate(binary, d, "--no-reports")
            check_without(doc, plain)
            n, comments, traj = check_national(os.path.join(a, NATIONAL), doc)
            check_province(a, doc)
            print(f"sample: {DRAWS} draws, seed {SEED}: JSON and {len(names)} workbooks "
                  f"byte-identical over two runs; {border} borderline checks agree with their "
                  f"percentiles; {n} probability cells and {comments} Matrix comments match "
                  f"the JSON; {traj} trajectories")
        check_refusals(binary, tmp)
        check_printed(binary, tmp)
        check_draws(binary, tmp)
    finally:
        shutil.rmtree(tmp)
    finish(shown=50)


if __name__ == "__main__":
    main()
