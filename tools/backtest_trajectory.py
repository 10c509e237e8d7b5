"""Hindcast of the trajectory projection on the 13th FYP data (data/backtest-13fyp).

Runs `assess evaluate` with rules/13fyp-backtest.yaml for 2017 and 2018 (the trajectories
made with the years observed since the base year 2015) and for 2019 (what happened), once
with each projection method a plan may declare, the rule file changed in nothing else:

  - fit:     `projection: fit`, a least-squares line on log(1 - reduction) through every
             year observed, with its 95 % prediction interval;
  - carried: `projection: carried`, the average annual rate from the base year to the
             last year observed carried forward (what the bundled rule files declare).

It compares, per province, each method's projected cumulative CO2-intensity reduction for
2019 with the observed one, and scores the warnings each would have given against the 2019
verdict (the last year CEADs has): the engine's own `at_risk` (the projection of the plan's
final year, 2020, judged against the plan target) and the projection of 2019 judged against
the 2019 progress target (both rounded to 4 decimals by GB/T 8170, as the rule file
judges), by Heidke's skill score.  Prints the Markdown section of docs/backtest.md between
its markers; with --check FILE, exits 1 when FILE's section differs.  Run from the
repository root after building:

    /usr/bin/python3 tools/backtest_trajectory.py [--assess build/assess] [--check docs/backtest.md]
"""
import argparse
import decimal
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = "rules/13fyp-backtest.yaml"
DATA = "data/backtest-13fyp"
BASE, TO, FINAL = 2015, 2019, 2020
WINDOWS = (2017, 2018)  # last year observed: 2016-2017 and 2016-2018
METHODS = ("fit", "carried")
BEGIN = "<!-- trajectory-backtest:begin (tools/backtest_trajectory.py writes this section) -->"
END = "<!-- trajectory-backtest:end -->"
PLAN = ("co2_intensity_cumulative", "cumulative")


def rules_with(method, folder):
    """A copy of the backtest rule file in folder whose plan says `projection: method`
    (with the files it includes beside it); its path."""
    with open(os.path.join(ROOT, RULES), encoding="utf-8") as f:
        text = f.read()
    if "projection: carried" not in text:
        sys.exit("backtest_trajectory: error: '%s' declares no 'projection: carried'" % RULES)
    path = os.path.join(folder, "13fyp-%s.yaml" % method)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace("projection: carried", "projection: " + method))
    if not os.path.exists(os.path.join(folder, "common")):
        os.symlink(os.path.join(ROOT, "rules", "common"), os.path.join(folder, "common"))
    return path


def run(assess, rules, year):
    cmd = [assess, "evaluate", "--rules", rules, "--data", DATA, "--year", str(year),
           "--json", "-", "--no-reports"]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True)
    if p.returncode != 0:
        sys.exit("backtest_trajectory: error: '%s' exited %d:\n%s"
                 % (" ".join(cmd), p.returncode, p.stderr.decode(errors="replace")))
    return json.loads(p.stdout)


def check_of(prov):
    ind = next(i for i in prov["indicators"] if i["id"] == PLAN[0])
    return next(c for c in ind["checks"] if c["name"] == PLAN[1])


def trajectory_of(prov):
    return next(t for t in prov["trajectory"] if t["indicator"] == PLAN[0])


def rounded(x):
    return decimal.Decimal(repr(x)).quantize(decimal.Decimal("0.0001"),
                                            rounding=decimal.ROUND_HALF_EVEN)


def misses(value, target):
    return rounded(value) < rounded(target)


def rows(assess):
    folder = tempfile.mkdtemp(prefix="assess-hindcast-")
    try:
        runs = {m: {y: run(assess, rules_with(m, folder), y) for y in WINDOWS}
                for m in METHODS}
        final = run(assess, rules_with("carried", folder), TO)
    finally:
        shutil.rmtree(folder)
    out = []
    for prov in final["provinces"]:
        c = check_of(prov)
        r = {"code": prov["code"], "name": prov["name_en"], "observed": c["value"],
             "target": c["target"], "missed": c["status"] == "missed"}
        for w in WINDOWS:
            r[w] = {}
            for m in METHODS:
                p = next(p for p in runs[m][w]["provinces"] if p["code"] == prov["code"])
                t = trajectory_of(p)
                if t["error"] or r["observed"] is None:
                    r[w] = None
                    break
                point = next(pt for pt in t["path"] if pt["year"] == TO)
                r[w][m] = {"projected": point["projected"], "lower": point["lower"],
                           "upper": point["upper"], "at_risk": t["at_risk"],
                           "warns": misses(point["projected"], r["target"])}
        out.append(r)
    return out


def pp(x):
    return "%.2f" % (100 * x)


def heidke(pairs):
    """Heidke's skill score of (warned, happened) pairs: the share of right calls beyond
    what chance gives with the same marginals (1 perfect, 0 no skill); and the table."""
    a = sum(f and o for f, o in pairs)
    b = sum(f and not o for f, o in pairs)
    c = sum(o and not f for f, o in pairs)
    d = sum(not f and not o for f, o in pairs)
    den = (a + c) * (c + d) + (a + b) * (b + d)
    return (2 * (a * d - b * c) / den if den else float("nan")), (a, b, c, d)


def accuracy(rs, w, m):
    errs = [r[w][m]["projected"] - r["observed"] for r in rs if r[w]]
    n = len(errs)
    absolute = sorted(abs(e) for e in errs)
    med = absolute[n // 2] if n % 2 else sum(absolute[n // 2 - 1:n // 2 + 1]) / 2
    return n, sum(absolute) / n, med, sum(errs) / n, math.sqrt(sum(e * e for e in errs) / n)


def province_table(rs):
    lines = ["| code | province | observed 2019 | 2016-2017: fit [95 % interval] | error | "
             "carried | error | 2016-2018: fit [95 % interval] | error | carried | error |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rs:
        if r[WINDOWS[0]] is None:
            lines.append("| %s | %s | no data | | | | | | | | |" % (r["code"], r["name"]))
            continue
        cells = [r["code"], r["name"], pp(r["observed"])]
        for w in WINDOWS:
            fit, car = r[w]["fit"], r[w]["carried"]
            inside = fit["lower"] <= r["observed"] <= fit["upper"]
            cells.append("%s [%s, %s]%s" % (pp(fit["projected"]), pp(fit["lower"]),
                                            pp(fit["upper"]), "" if inside else " ✗"))
            cells.append("%+.2f" % (100 * (fit["projected"] - r["observed"])))
            cells.append(pp(car["projected"]))
            cells.append("%+.2f" % (100 * (car["projected"] - r["observed"])))
        lines.append("| " + " | ".join(cells) + " |")
    return lines + ["", "Reductions and errors (projected minus observed) in percent and "
                    "percentage points; ✗: the observed 2019 value lies outside the fit's 95 % "
                    "interval."]


def accuracy_table(rs):
    lines = ["| observed years | method | provinces | mean abs. error | median abs. error | "
             "mean error (bias) | RMSE | inside 95 % interval |",
             "|---|---|---|---|---|---|---|---|"]
    for w in WINDOWS:
        for m in METHODS:
            n, mae, med, bias, rmse = accuracy(rs, w, m)
            inside = "%d of %d" % (sum(r[w][m]["lower"] <= r["observed"] <= r[w][m]["upper"]
                                       for r in rs if r[w]), n) if m == "fit" else "-"
            lines.append("| 2016-%d | %s | %d | %s | %s | %+.2f | %s | %s |"
                         % (w, m, n, pp(mae), pp(med), 100 * bias, pp(rmse), inside))
    return lines


def skill_table(rs):
    lines = ["| observed years | method | at risk (2020) against a missed 2019: hits, false "
             "alarms, misses, correct | Heidke skill | 2019 projection against the 2019 "
             "verdict: agree | Heidke skill |",
             "|---|---|---|---|---|---|"]
    for w in WINDOWS:
        for m in METHODS:
            risk, (a, b, c, d) = heidke([(r[w][m]["at_risk"], r["missed"]) for r in rs if r[w]])
            warn, _ = heidke([(r[w][m]["warns"], r["missed"]) for r in rs if r[w]])
            agree = sum(r[w][m]["warns"] == r["missed"] for r in rs if r[w])
            lines.append("| 2016-%d | %s | %d, %d, %d, %d | %.2f | %d of %d | %.2f |"
                         % (w, m, a, b, c, d, risk, agree, a + b + c + d, warn))
    return lines


def section(rs):
    lines = [BEGIN, ""] + province_table(rs) + [""] + accuracy_table(rs) + [""]
    lines += skill_table(rs) + ["", END]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--assess", default=os.path.join(ROOT, "build", "assess"))
    ap.add_argument("--check", metavar="FILE")
    a = ap.parse_args()
    text = section(rows(os.path.abspath(a.assess)))
    if not a.check:
        sys.stdout.write(text)
        return
    with open(a.check, encoding="utf-8") as f:
        doc = f.read()
    i, j = doc.find(BEGIN), doc.find(END)
    if i < 0 or j < 0:
        sys.exit("backtest_trajectory: error: '%s' has no trajectory section markers" % a.check)
    if doc[i:j + len(END)] + "\n" != text:
        sys.exit("backtest_trajectory: error: the trajectory section of '%s' differs from what "
                 "the engine gives now: rerun tools/backtest_trajectory.py and paste its "
                 "output" % a.check)
    print("backtest_trajectory: the trajectory section of %s matches the engine" % a.check)


if __name__ == "__main__":
    main()
