"""Backtest of the trajectory projection on the 13th FYP data (data/backtest-13fyp).

Runs `assess evaluate` with rules/13fyp-backtest.yaml for 2017 and 2018 (the projections
made with the years observed since the base year 2015) and for 2019 (what happened), then
compares, per province, the projected cumulative CO2-intensity reduction for 2019 with
the observed one, for two methods:

  - fit:     the engine's projection (with three or more years, the base year included: a
             least-squares line on log(1 - reduction)) and its 95 % prediction interval;
  - carried: the observed average annual rate since 2015 carried forward (what the engine
             does with one observed year), computed here from the engine's observed value.

It also asks whether each would have warned in time: the projection judged against the
2019 cumulative progress target (both rounded to 4 decimals by GB/T 8170, as the rule
file judges) beside the 2019 verdict.  Prints the Markdown section of docs/backtest.md
between its markers; with --check FILE, exits 1 when FILE's section differs.  Run from the
repository root after building:

    /usr/bin/python3 tools/backtest_trajectory.py [--assess build/assess] [--check docs/backtest.md]
"""
import argparse
import decimal
import json
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = "rules/13fyp-backtest.yaml"
DATA = "data/backtest-13fyp"
BASE, TO = 2015, 2019
WINDOWS = (2017, 2018)  # last year observed: 2016-2017 and 2016-2018
BEGIN = "<!-- trajectory-backtest:begin (tools/backtest_trajectory.py writes this section) -->"
END = "<!-- trajectory-backtest:end -->"
PLAN = ("co2_intensity_cumulative", "cumulative")


def run(assess, year):
    cmd = [assess, "evaluate", "--rules", RULES, "--data", DATA, "--year", str(year),
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


def carried(observed, last):
    """The average annual rate since the base year carried forward to TO."""
    return 1 - (1 - observed) ** ((TO - BASE) / (last - BASE))


def rows(assess):
    runs = {y: run(assess, y) for y in WINDOWS + (TO,)}
    out = []
    for final in runs[TO]["provinces"]:
        code, name = final["code"], final["name_en"]
        c = check_of(final)
        r = {"code": code, "name": name, "observed": c["value"], "target": c["target"],
             "missed": c["status"] == "missed"}
        for w in WINDOWS:
            prov = next(p for p in runs[w]["provinces"] if p["code"] == code)
            t = trajectory_of(prov)
            if t["error"] or r["observed"] is None:
                r[w] = None
                continue
            point = next(pt for pt in t["path"] if pt["year"] == TO)
            last = t["observed"][-1]
            r[w] = {"fit": point["projected"], "lower": point["lower"], "upper": point["upper"],
                    "carried": carried(last["value"], last["year"])}
        out.append(r)
    return out


def pp(x):
    return "%.2f" % (100 * x)


def warns(projected, target):
    return rounded(projected) < rounded(target)


def stats(rs, w, method):
    errs = [r[w][method] - r["observed"] for r in rs if r[w]]
    n = len(errs)
    mae = sum(abs(e) for e in errs) / n
    bias = sum(errs) / n
    rmse = math.sqrt(sum(e * e for e in errs) / n)
    med = sorted(abs(e) for e in errs)[n // 2] if n % 2 else \
        sum(sorted(abs(e) for e in errs)[n // 2 - 1:n // 2 + 1]) / 2
    agree = sum(warns(r[w][method], r["target"]) == r["missed"] for r in rs if r[w])
    return n, mae, bias, rmse, med, agree


def section(rs):
    lines = [BEGIN, ""]
    lines.append("| code | province | observed 2019 | 2016-2017: fit [95 % interval] | error | "
                 "carried | error | 2016-2018: fit [95 % interval] | error | carried | error |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rs:
        if r[WINDOWS[0]] is None:
            lines.append("| %s | %s | no data | | | | | | | | |" % (r["code"], r["name"]))
            continue
        cells = ["%s" % r["code"], r["name"], pp(r["observed"])]
        for w in WINDOWS:
            x = r[w]
            inside = x["lower"] <= r["observed"] <= x["upper"]
            cells.append("%s [%s, %s]%s" % (pp(x["fit"]), pp(x["lower"]), pp(x["upper"]),
                                            "" if inside else " ✗"))
            cells.append("%+.2f" % (100 * (x["fit"] - r["observed"])))
            cells.append(pp(x["carried"]))
            cells.append("%+.2f" % (100 * (x["carried"] - r["observed"])))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Reductions and errors (projected minus observed) in percent and percentage "
              "points; ✗: the observed 2019 value lies outside the fit's 95 % interval.", ""]
    lines.append("| observed years | method | provinces | mean abs. error | median abs. error | "
                 "mean error (bias) | RMSE | inside 95 % interval | warning agrees with 2019 "
                 "verdict |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for w in WINDOWS:
        for method in ("fit", "carried"):
            n, mae, bias, rmse, med, agree = stats(rs, w, method)
            inside = "%d of %d" % (sum(r[w]["lower"] <= r["observed"] <= r[w]["upper"]
                                       for r in rs if r[w]), n) if method == "fit" else "-"
            lines.append("| 2016-%d | %s | %d | %s | %s | %+.2f | %s | %s | %d of %d |"
                         % (w, method, n, pp(mae), pp(med), 100 * bias, pp(rmse), inside,
                            agree, n))
    lines += ["", END]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--assess", default=os.path.join(ROOT, "build", "assess"))
    ap.add_argument("--check", metavar="FILE")
    a = ap.parse_args()
    text = section(rows(a.assess))
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
