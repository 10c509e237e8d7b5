#!/usr/bin/python3
"""End-to-end: the 13th FYP carbon-intensity backtest, recomputed by hand.

usage: /usr/bin/python3 tests/e2e/backtest.py PATH_TO_ASSESS

Recomputes the annual and cumulative CO2-intensity reductions of a few provinces straight
from the source CSVs in ../shared/realdata (or $ASSESS_REALDATA; skipped, saying so, when
neither is there), independently of tools/make_backtest.py and of the data set it wrote,
then runs

    assess evaluate --rules rules/13fyp-backtest.yaml --data data/backtest-13fyp \
                    --year Y --json -

for Y = 2016..2019 and checks that every check's value and target agree within 1e-9, that
statuses and grades agree, that Tibet (no CEADs inventory) is "no_data" with no value, and
that the grade ids are the backtest rule file's own.  For Y = 2016..2018 it also checks the
trajectory to the 2020 target (observed cumulative reductions, the projection by the rule
file's method, the rate carried forward, and by ordinary least squares on log(1 -
reduction) with the rule file saying `projection: fit`, its prediction interval, the
required rate, at_risk, the 2019 point), recomputed here, and that the hindcast
docs/backtest.md publishes is what tools/backtest_trajectory.py gets now.  Python 3 standard library only.
Prints what it checked; exits 1 with the reasons on any mismatch, and 77 (skipped, saying
why) when the real data folder is not there.
"""
import csv
import decimal
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tools"))
import backtest_trajectory  # noqa: E402  (the rule file with another projection method)
RULES = "rules/13fyp-backtest.yaml"
DATA = "data/backtest-13fyp"
BASE_YEAR = 2015
YEARS = range(2016, 2020)
TOL = 1e-9
TIBET = "540000"
INDICATORS = ("co2_intensity_annual", "co2_intensity_cumulative")
SKIPPED = 77  # the exit code tests/CMakeLists.txt declares as "skipped"

# Provinces recomputed by hand, with their five-year targets as listed in the brief
# (../shared/spec/domain.md, section 5; annex of 国发〔2016〕61号).
PROVINCES = {
    "110000": ("Beijing", 0.205),
    "370000": ("Shandong", 0.205),
    "150000": ("Inner Mongolia", 0.17),
    "630000": ("Qinghai", 0.12),
    "510000": ("Sichuan", 0.195),
    "210000": ("Liaoning", 0.18),
}


def realdata_dir():
    """The real data folder: $ASSESS_REALDATA, else ../shared/realdata beside the clone;
    without it the test is skipped, saying which folder it looked for."""
    d = os.environ.get("ASSESS_REALDATA") or os.path.normpath(
        os.path.join(REPO, "..", "shared", "realdata"))
    if not os.path.isdir(d):
        # not a failure: a clone without the shared folder beside it has nothing to recompute
        # from (CTest counts exit 77 as skipped; scripts/test.sh prints this line)
        print("e2e.backtest: skipped: real data folder '%s' not found (set ASSESS_REALDATA): "
              "this test recomputes the 13th FYP backtest by hand from the CEADs and NBS source "
              "files there" % d, file=sys.stderr)
        sys.exit(SKIPPED)
    return d


def read_csv(folder, name):
    with open(os.path.join(folder, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_sources(folder):
    """co2[(code, year)] in Mt (CEADs total minus cement process) and idx[(code, year)]."""
    co2, idx = {}, {}
    for r in read_csv(folder, "ceads_province_co2_by_fuel_1997_2019.csv"):
        key = (r["province_code"], int(r["year"]))
        co2[key] = float(r["scope1_total_mtco2"]) - float(r["process_cement_mtco2"])
    for r in read_csv(folder, "nbs_province_gdp_index_prev_year_2000_2019.csv"):
        idx[(r["province_code"], int(r["year"]))] = float(r["grp_index_prev_year_eq_100"])
    return co2, idx


def round_gbt8170(x, decimals):
    """GB/T 8170-2008 rounding, as the rule file's `rounding: gbt8170` asks: on the digits of
    the shortest decimal form (Python's repr), half to even, by the absolute value."""
    return decimal.Decimal(repr(x)).quantize(decimal.Decimal(1).scaleb(-decimals),
                                            rounding=decimal.ROUND_HALF_EVEN)


def expected(co2, idx, code, year, plan):
    """{indicator id: (value, target, met)} computed as the rule file's formulas say."""
    def growth(y):
        return idx[(code, y)] / 100 - 1

    annual = 1 - (co2[(code, year)] / co2[(code, year - 1)]) / (1 + growth(year))
    chain = 1.0
    for y in range(BASE_YEAR + 1, year + 1):
        chain *= 1 + growth(y)
    cumulative = 1 - (co2[(code, year)] / co2[(code, BASE_YEAR)]) / chain
    t_annual = 1 - (1 - plan) ** (1 / 5)
    t_cumulative = 1 - (1 - plan) ** ((year - BASE_YEAR) / 5)
    out = {}
    for ind, v, t in (("co2_intensity_annual", annual, t_annual),
                      ("co2_intensity_cumulative", cumulative, t_cumulative)):
        out[ind] = (v, t, round_gbt8170(v, 4) >= round_gbt8170(t, 4))
    return out


def rule_grade_ids():
    """The grade ids declared under `grading:` in the backtest rule file."""
    with open(os.path.join(REPO, RULES), encoding="utf-8") as f:
        text = f.read()
    grading = text[text.index("\ngrading:"):]
    return re.findall(r"^\s*-\s*id:\s*(\S+)", grading, re.M)


def run_assess(assess, year, rules=RULES):
    cmd = [assess, "evaluate", "--rules", rules, "--data", DATA, "--year", str(year),
           "--json", "-", "--no-reports"]
    p = subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit("backtest: error: '%s' exited %d:\n%s" % (" ".join(cmd), p.returncode,
                                                           p.stderr.decode(errors="replace")))
    try:
        return json.loads(p.stdout)
    except ValueError as e:
        sys.exit("backtest: error: '%s' did not print JSON: %s" % (" ".join(cmd), e))


class Checker:
    def __init__(self):
        self.problems = []
        self.count = 0

    def eq(self, what, got, exp):
        self.count += 1
        if got != exp:
            self.problems.append("%s: got %r, expected %r" % (what, got, exp))

    def close(self, what, got, exp):
        self.count += 1
        if not isinstance(got, (int, float)) or isinstance(got, bool) or abs(got - exp) > TOL:
            self.problems.append("%s: got %r, expected %.12f" % (what, got, exp))


def check_province(c, prov, exp, where):
    by_id = {i.get("id"): i for i in prov.get("indicators", [])}
    missed = 0
    for ind in INDICATORS:
        v, t, met = exp[ind]
        missed += not met
        got = by_id.get(ind)
        if got is None:
            c.problems.append("%s: no indicator '%s'" % (where, ind))
            continue
        w = "%s %s" % (where, ind)
        c.eq(w + " kind", got.get("kind"), "control")
        c.eq(w + " status", got.get("status"), "met" if met else "missed")
        c.close(w + " value", got.get("value"), v)
        c.close(w + " target", got.get("target"), t)
        checks = got.get("checks") or [{}]
        c.eq(w + " number of checks", len(checks), 1)
        c.eq(w + " check name", checks[0].get("name"),
             "annual" if ind.endswith("annual") else "cumulative")
        c.close(w + " check value", checks[0].get("value"), v)
        c.close(w + " check target", checks[0].get("target"), t)
        c.eq(w + " check met", checks[0].get("met"), met)
    c.eq(where + " control_missed", prov.get("control_missed"), missed)
    c.eq(where + " grade", prov.get("grade"), "met_both" if missed == 0 else "not_met")


def check_tibet(c, prov, where):
    by_id = {i.get("id"): i for i in prov.get("indicators", [])}
    for ind in INDICATORS:
        got = by_id.get(ind)
        if got is None:
            c.problems.append("%s: no indicator '%s'" % (where, ind))
            continue
        w = "%s %s" % (where, ind)
        c.eq(w + " status", got.get("status"), "no_data")
        c.eq(w + " value", got.get("value"), None)
        for chk in got.get("checks") or []:
            c.eq(w + " check '%s' value" % chk.get("name"), chk.get("value"), None)
    # "no data" counts as missed: the rule file does not say otherwise
    c.eq(where + " control_missed", prov.get("control_missed"), 2)
    c.eq(where + " grade", prov.get("grade"), "not_met")


# Student's t, 97.5th percentile, by degrees of freedom (tables; GSL's own inversion agrees
# to about 1e-11, hence TRAJ_TOL)
T975 = {1: 12.706204736174698, 2: 4.302652729911275, 3: 3.182446305284263}
TRAJ_TOL = 1e-8


def projection(years, values, to, method):
    """Ordinary least squares of log(1 - reduction) on the year (three or more points, the
    plan's `projection: fit`), or the line through two, the first and the last (`carried`,
    or two points): (value, lower, upper) of the projection to year `to`."""
    if method == "carried":
        years, values = [years[0], years[-1]], [values[0], values[-1]]
    y = [math.log(1 - v) for v in values]
    n = len(years)
    if n == 2:
        slope = (y[1] - y[0]) / (years[1] - years[0])
        v = 1 - math.exp(y[1] + slope * (to - years[1]))
        return v, None, None
    xm, ym = sum(years) / n, sum(y) / n
    sxx = sum((x - xm) ** 2 for x in years)
    c1 = sum((x - xm) * (b - ym) for x, b in zip(years, y)) / sxx
    c0 = ym - c1 * xm
    s2 = sum((b - c0 - c1 * x) ** 2 for x, b in zip(years, y)) / (n - 2)
    est = c0 + c1 * to
    half = T975[n - 2] * math.sqrt(s2 * (1 + 1 / n + (to - xm) ** 2 / sxx))
    return 1 - math.exp(est), 1 - math.exp(est + half), 1 - math.exp(est - half)


def check_trajectory(c, co2, idx, code, plan, year, prov, where, method):
    """The engine's projection of the cumulative reduction to 2019 and 2020 from the years
    2015 (base, reduction 0) .. year, by the plan's method (fit or carried), recomputed
    from the source CSVs."""
    where = "%s (%s)" % (where, method)
    years = list(range(BASE_YEAR, year + 1))
    values = [0.0] + [expected(co2, idx, code, y, plan)["co2_intensity_cumulative"][0]
                      for y in years[1:]]
    traj = [t for t in prov.get("trajectory", []) if t.get("indicator") == INDICATORS[1]]
    c.eq(where + " trajectories", len(traj), 1)
    if not traj:
        return
    t = traj[0]
    c.eq(where + " trajectory error", t.get("error"), None)
    c.eq(where + " method", t.get("method"), "log_linear_fit" if len(years) > 2 and
         method == "fit" else "carried_forward")
    c.eq(where + " observed years", [o["year"] for o in t.get("observed", [])], years)
    for o, v in zip(t.get("observed", []), values):
        c.close("%s observed %d" % (where, o["year"]), o["value"], v)
    v, lo, hi = projection(years, values, 2020, method)
    c.count += 1
    if abs(t.get("projection", 0) - v) > TRAJ_TOL:
        c.problems.append("%s projection 2020: got %r, expected %.12f" % (where,
                                                                        t.get("projection"), v))
    if lo is None:
        c.eq(where + " no interval without --uncertainty", t.get("interval"), None)
    else:
        for got, exp, side in zip(t.get("interval") or [None, None], (lo, hi), ("lower", "upper")):
            c.count += 1
            if got is None or abs(got - exp) > TRAJ_TOL:
                c.problems.append("%s %s 2020: got %r, expected %.12f" % (where, side, got, exp))
    rate = 1 - ((1 - plan) / (1 - values[-1])) ** (1 / (2020 - year))
    c.close(where + " required rate", t.get("required_rate"), rate)
    c.eq(where + " at risk", t.get("at_risk"), round_gbt8170(v, 4) < round_gbt8170(plan, 4))
    point = [pt for pt in t.get("path", []) if pt.get("year") == 2019]
    v19, _, _ = projection(years, values, 2019, method)
    c.eq(where + " a 2019 point on the path", len(point), 1)
    if point:
        c.count += 1
        if abs(point[0]["projected"] - v19) > TRAJ_TOL:
            c.problems.append("%s projection 2019: got %r, expected %.12f"
                              % (where, point[0]["projected"], v19))


def check_documented(c, assess):
    """docs/backtest.md publishes the projection errors tools/backtest_trajectory.py
    computes: they must be what the engine gives now."""
    p = subprocess.run([sys.executable, os.path.join(REPO, "tools", "backtest_trajectory.py"),
                        "--assess", assess, "--check", os.path.join(REPO, "docs", "backtest.md")],
                       cwd=REPO, capture_output=True, text=True)
    c.eq("docs/backtest.md trajectory section up to date (%s)" % p.stderr.strip(),
         p.returncode, 0)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: backtest.py PATH_TO_ASSESS")
    assess = os.path.abspath(sys.argv[1])
    folder = realdata_dir()
    co2, idx = load_sources(folder)
    grades = rule_grade_ids()
    c = Checker()
    c.eq("grade ids declared in %s" % RULES, sorted(grades), ["met_both", "not_met"])

    fit_folder = tempfile.mkdtemp(prefix="assess-backtest-")
    fit_rules = backtest_trajectory.rules_with("fit", fit_folder)
    for year in YEARS:
        doc = run_assess(assess, year)
        fit = run_assess(assess, year, fit_rules) if year < 2019 else None
        c.eq("%d assessment_year" % year, doc.get("assessment_year"), year)
        provinces = {p.get("code"): p for p in doc.get("provinces", [])}
        c.eq("%d number of provinces" % year, len(provinces), 31)
        for code, prov in sorted(provinces.items()):
            if prov.get("grade") not in grades:
                c.problems.append("%d %s: grade %r is not one of %s's %s"
                                  % (year, code, prov.get("grade"), RULES, grades))
            c.eq("%d %s error" % (year, code), prov.get("error"), None)
        print("%d:" % year)
        for code, (name, plan) in PROVINCES.items():
            exp = expected(co2, idx, code, year, plan)
            prov = provinces.get(code)
            if prov is None:
                c.problems.append("%d: province %s missing from the output" % (year, code))
                continue
            check_province(c, prov, exp, "%d %s %s" % (year, code, name))
            if year < 2019:  # the rule file's method (carried), then a fitted line
                check_trajectory(c, co2, idx, code, plan, year, prov,
                                 "%d %s %s" % (year, code, name), "carried")
                fit_prov = next(p for p in fit["provinces"] if p.get("code") == code)
                check_trajectory(c, co2, idx, code, plan, year, fit_prov,
                                 "%d %s %s" % (year, code, name), "fit")
            print("  %-15s annual %8.4f%% (target %.4f%%)  cumulative %8.4f%% (target %.4f%%)"
                  "  grade %s" % (name, 100 * exp["co2_intensity_annual"][0],
                                  100 * exp["co2_intensity_annual"][1],
                                  100 * exp["co2_intensity_cumulative"][0],
                                  100 * exp["co2_intensity_cumulative"][1], prov.get("grade")))
        if TIBET in provinces:
            check_tibet(c, provinces[TIBET], "%d %s Tibet" % (year, TIBET))
            c.eq("%d Tibet trajectory" % year, provinces[TIBET]["trajectory"][0]["error"],
                 "a projection needs the value of check 'cumulative' in two years from the "
                 "base year 2015 to %d; it has 0" % year)
            print("  %-15s no data (no CEADs inventory), grade %s"
                  % ("Tibet", provinces[TIBET].get("grade")))
        else:
            c.problems.append("%d: Tibet (%s) missing from the output" % (year, TIBET))

    shutil.rmtree(fit_folder)
    check_documented(c, assess)
    if c.problems:
        print("backtest: FAILED, %d of %d checks:" % (len(c.problems), c.count), file=sys.stderr)
        for p in c.problems:
            print("  " + p, file=sys.stderr)
        return 1
    print("backtest: ok, %d checks against values recomputed from %s" % (c.count, folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
