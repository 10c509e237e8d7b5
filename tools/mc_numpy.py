"""mc_numpy: the Monte Carlo of `assess evaluate --uncertainty`, written in NumPy, as the peer
tools/bench.py --mc times assess against.

It reads the same rule files and data set as assess (PyYAML), shares no code with it, and
does the same work on vectors of draws: draws every declared error (normal by NumPy's
ziggurat, lognormal, uniform, triangular; per province and year, per province, per year or
shared, as declared), evaluates every check of every province for all draws at once
(formulas parsed here into NumPy operations), judges each draw by the rule set's GB/T 8170
rounding and comparison (the order of the doubles where it decides, Python's decimal module
near a tie), counts the indicators and grades per draw, and summarises: per check the mean,
2.5th and 97.5th percentiles and probability met, per province the grade shares; Approach 1
by central differences (each perturbation one more "draw"); and the trajectory of every plan
check projected in every draw.  Its random numbers are NumPy's, not GSL's, so its figures
agree with assess's within Monte Carlo error (--compare checks that), not bit for bit.

    /usr/bin/python3 tools/mc_numpy.py [--rules rules/2026.yaml] [--data data/sample]
        [--year 2026] [--draws 10000] [--seed 1] [--compare ASSESS.json]

It prints one line: checks analysed, draws, random numbers per draw, seconds.  With
--compare it also prints how far its means and percentiles are from those of an
`assess evaluate --uncertainty --json` document of the same run, in Monte Carlo standard
errors.
"""
import argparse
import decimal
import json
import math
import os
import re
import sys
import time

import numpy as np
import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Z975 = 1.959963984540054
A1_STEP = 1e-6


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=LOADER)


# ------------------------------------------------------------------ rules

def load_rules(path):
    top = load_yaml(path)
    rules = {"ruleset": top["ruleset"]}
    docs = [top] + [load_yaml(os.path.join(os.path.dirname(path), p)) for p in top.get("include", [])]
    for doc in docs:
        for key, val in doc.items():
            if key in ("ruleset", "include"):
                continue
            if isinstance(val, list):
                rules.setdefault(key, []).extend(val)
            elif isinstance(val, dict) and key in rules:
                for k, v in val.items():
                    if isinstance(v, list):
                        rules[key].setdefault(k, []).extend(v)
                    else:
                        rules[key][k] = v
            else:
                rules[key] = val
    return rules


# ------------------------------------------------------------------ formulas

TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|"
                   r"([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|(<=|>=|==|!=|[-+*/^()<>\[\],]))")


class NoData(Exception):
    pass


def tokens(text):
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read formula {text!r} at {pos}")
        out.append(m.group(1) or m.group(2) or m.group(3))
        pos = m.end()
    return out


class Parser:
    """Recursive descent over the grammar of the rule files; builds closures f(ctx, year)."""

    def __init__(self, text):
        self.t, self.i = tokens(text), 0

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self, want=None):
        tok = self.peek()
        if want is not None and tok != want:
            raise ValueError(f"expected {want!r}, got {tok!r}")
        self.i += 1
        return tok

    def parse(self):
        e = self.orexpr()
        if self.peek() is not None:
            raise ValueError(f"unexpected {self.peek()!r}")
        return e

    def orexpr(self):
        e = self.andexpr()
        while self.peek() == "or":
            self.take()
            l, r = e, self.andexpr()
            e = lambda c, y, l=l, r=r: np.logical_or(l(c, y) != 0, r(c, y) != 0) * 1.0
        return e

    def andexpr(self):
        e = self.notexpr()
        while self.peek() == "and":
            self.take()
            l, r = e, self.notexpr()
            e = lambda c, y, l=l, r=r: np.logical_and(l(c, y) != 0, r(c, y) != 0) * 1.0
        return e

    def notexpr(self):
        if self.peek() == "not":
            self.take()
            x = self.notexpr()
            return lambda c, y: (x(c, y) == 0) * 1.0
        return self.cmp()

    def cmp(self):
        e = self.sum()
        ops = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
               "==": np.equal, "!=": np.not_equal}
        if self.peek() in ops:
            op, r = ops[self.take()], None
            r = self.sum()
            l = e
            e = lambda c, y: op(l(c, y), r(c, y)) * 1.0
        return e

    def sum(self):
        e = self.term()
        while self.peek() in ("+", "-"):
            op, l, r = self.take(), e, self.term()
            e = (lambda c, y, l=l, r=r: l(c, y) + r(c, y)) if op == "+" else \
                (lambda c, y, l=l, r=r: l(c, y) - r(c, y))
        return e

    def term(self):
        e = self.unary()
        while self.peek() in ("*", "/"):
            op, l, r = self.take(), e, self.unary()
            e = (lambda c, y, l=l, r=r: l(c, y) * r(c, y)) if op == "*" else \
                (lambda c, y, l=l, r=r: np.divide(l(c, y), r(c, y)))
        return e

    def unary(self):
        if self.peek() == "-":
            self.take()
            x = self.unary()
            return lambda c, y: -x(c, y)
        return self.power()

    def power(self):
        b = self.primary()
        if self.peek() == "^":
            self.take()
            x = self.unary()
            return lambda c, y: np.power(b(c, y), x(c, y))
        return b

    def primary(self):
        tok = self.take()
        if tok == "(":
            e = self.orexpr()
            self.take(")")
            return e
        if tok[0].isdigit() or tok[0] == ".":
            v = float(tok)
            return lambda c, y: v
        if self.peek() == "(" and tok in ("min", "max", "abs", "if", "chain"):
            self.take("(")
            args = [self.orexpr()]
            while self.peek() == ",":
                self.take()
                args.append(self.orexpr())
            self.take(")")
            return self.call(tok, args)
        qual = None
        if self.peek() == "[":
            self.take("[")
            qual = self.take()
            self.take("]")
        return lambda c, y, name=tok, q=qual: c.read(name, c.year_of(q, y))

    @staticmethod
    def call(fn, a):
        if fn == "min":
            return lambda c, y: np.minimum.reduce([np.broadcast_to(f(c, y), c.shape) for f in a])
        if fn == "max":
            return lambda c, y: np.maximum.reduce([np.broadcast_to(f(c, y), c.shape) for f in a])
        if fn == "abs":
            return lambda c, y: np.abs(a[0](c, y))
        if fn == "if":
            return lambda c, y: np.where(a[0](c, y) != 0, a[1](c, y), a[2](c, y))

        def chain(c, y):
            p = 1.0
            for yy in range(c.base_year + 1, y + 1):
                p = p * a[0](c, yy)
            return p
        return chain


def formula(text, cache={}):
    if text not in cache:
        cache[text] = Parser(str(text)).parse()
    return cache[text]


# ------------------------------------------------------------------ data

class Data:
    def __init__(self, rules, folder, year):
        self.year = year
        self.codes = [p["code"] for p in rules["provinces"]]
        self.section = {i["id"]: i["section"] for i in rules["inputs"]}
        self.values = {}  # (code, year) -> {input: value or None}
        sub = os.path.join(folder, "submissions")
        for y in sorted(os.listdir(sub)):
            for name in os.listdir(os.path.join(sub, y)):
                if name.endswith(".yaml"):
                    self.values[(name[:-5], int(y))] = self.flatten(load_yaml(os.path.join(sub, y, name)))
        ver = os.path.join(folder, "verified")
        for y in sorted(os.listdir(ver)) if os.path.isdir(ver) else []:
            for name in os.listdir(os.path.join(ver, y)):
                if not name.endswith(".yaml"):
                    continue
                key = (name[:-5], int(y))
                self.values.setdefault(key, {}).update(self.flatten(load_yaml(os.path.join(ver, y, name)), True))
        self.targets = {}
        for name in os.listdir(os.path.join(folder, "targets")):
            if not name.endswith(".yaml"):
                continue  # proposals/ and other folders hold no targets
            doc = load_yaml(os.path.join(folder, "targets", name))
            lo, hi = doc["targets"]["years"]
            if lo <= year <= hi:
                for code, vals in (doc.get("provinces") or {}).items():
                    self.targets.setdefault(str(code), {}).update(vals or {})
        self.fraud = set()
        path = os.path.join(folder, "findings", f"{year}.yaml")
        if os.path.exists(path):
            for code, f in (load_yaml(path).get("provinces") or {}).items():
                if f.get("fraud"):
                    self.fraud.add(str(code))

    def flatten(self, doc, keep_null=False):
        out = {}
        for sec, vals in doc.items():
            if isinstance(vals, dict) and sec not in ("submission",):
                for k, v in vals.items():
                    if self.section.get(k) == sec and (v is not None or keep_null):
                        out[k] = v
        return out


# ------------------------------------------------------------------ draws

def scale(dist, spread):
    z = Z975
    return {"normal": spread / z, "lognormal": math.log1p(spread) / z, "uniform": spread / 0.95,
            "triangular": spread / (1 - math.sqrt(0.05))}[dist]


def sources(rules):
    """Per input and parameter: its declarations (dist, spread, correlation)."""
    unc = rules.get("uncertainty") or {}
    by_input, by_section, by_param = {}, {}, {}
    for d in unc.get("inputs", []):
        entry = (d["distribution"], d["spread"], d.get("correlation", "per_province_year"))
        if "input" in d:
            by_input.setdefault(d["input"], []).append(entry)
        else:
            by_section.setdefault(d["section"], []).append(entry)
    for d in unc.get("parameters", []):
        by_param.setdefault(d["parameter"], []).append(
            (d["distribution"], d["spread"], d.get("correlation", "shared")))
    out = {}
    for i in rules["inputs"]:
        out[i["id"]] = by_input.get(i["id"], by_section.get(i["section"], []))
    for p in rules.get("parameters", []):
        out[p["id"]] = by_param.get(p["id"], [])
    return out


def draw(rng, dist, sc, shape):
    if dist == "normal":
        return 1 + sc * rng.standard_normal(shape)
    if dist == "lognormal":
        return np.exp(sc * rng.standard_normal(shape))
    if dist == "uniform":
        return 1 + rng.uniform(-sc, sc, shape)
    return 1 + sc * (rng.random(shape) + rng.random(shape) - 1)


def grid(corr, nprov, nyears):
    return {"per_province_year": (nprov, nyears), "per_province": (nprov, 1),
            "per_year": (1, nyears), "shared": (1, 1)}[corr]


def mc_factors(rng, decl, nprov, nyears, n):
    """name -> array (nprov, nyears, n) of the product of its sources' factors (or None)."""
    out, count = {}, 0
    for name, srcs in decl.items():
        f = None
        for dist, spread, corr in srcs:
            g = grid(corr, nprov, nyears)
            x = draw(rng, dist, scale(dist, spread), g + (n,))
            count += g[0] * g[1]
            f = x if f is None else f * x
        out[name] = f
    return out, count


def a1_factors(decl, nprov, nyears):
    """Approach 1: one lane per source, year and side; returns factors and the lanes' sources."""
    lanes = [(name, s, yi) for name, srcs in decl.items() for s in range(len(srcs))
             for yi in range(nyears)]
    n = 2 * len(lanes)
    out = {name: None for name in decl}
    for k, (name, s, yi) in enumerate(lanes):
        if out[name] is None:
            out[name] = np.ones((1, nyears, n))
        out[name][0, yi, 2 * k] = 1 + A1_STEP
        out[name][0, yi, 2 * k + 1] = 1 - A1_STEP
    spreads = np.array([decl[name][s][1] for name, s, _ in lanes])
    return out, n, spreads


# ------------------------------------------------------------------ evaluation

class Ctx:
    """One province over n lanes."""

    def __init__(self, rules, data, code, p, factors, years, n):
        self.rules, self.data, self.code, self.p = rules, data, code, p
        self.factors, self.years, self.shape = factors, years, (n,)
        self.base_year = rules["ruleset"]["base_year"]
        self.inputs = {i["id"] for i in rules["inputs"]}
        self.quantities = {q["id"]: q["formula"] for q in rules.get("quantities", [])}
        self.params = {p["id"]: p["values"] for p in rules.get("parameters", [])}
        self.memo = {}

    def year_of(self, q, y):
        if q is None:
            return y
        if q == "prev":
            return y - 1
        if q == "base":
            return self.base_year
        return int(q)

    def factor(self, name, year):
        f = self.factors.get(name)
        if f is None or year not in self.years:
            return 1.0
        return f[min(self.p, f.shape[0] - 1), min(self.years[year], f.shape[1] - 1)]

    def read(self, name, year):
        if name in self.inputs:
            v = self.data.values.get((self.code, year), {}).get(name)
            if v is None:
                raise NoData(name)
            return v * self.factor(name, year)
        if name in self.quantities:
            key = (name, year)
            if key not in self.memo:
                self.memo[key] = formula(self.quantities[name])(self, year)
            return self.memo[key]
        if name in self.params:
            for v in self.params[name]:
                if v["years"][0] <= year <= v["years"][1]:
                    return v["value"] * self.factor(name, year)
            raise ValueError(f"parameter {name} has no value for {year}")
        if name.startswith("target."):
            v = self.data.targets.get(self.code, {}).get(name[7:])
            if v is None:
                raise NoData(name)
            return v
        if name == "year":
            return year
        if name == "base_year":
            return self.base_year
        raise ValueError(f"unknown name {name}")


def judge(check, ind, rules, value, target):
    """Met per lane by the check's rounding and comparison."""
    rs = rules["ruleset"]
    rounded = check.get("judgement", rs.get("judgement", "rounded_value")) == "rounded_value" \
        and ind.get("decimals") is not None
    half_up = check.get("rounding", rs.get("rounding", "gbt8170")) == "half_up"
    cmp = check["compare"]
    value = np.broadcast_to(value, np.shape(value) if np.ndim(value) else (1,))
    target = np.broadcast_to(target, value.shape)
    d = value - target
    if rounded:
        slack = 10.0 ** -ind["decimals"] * (1 + 1e-9) + 8 * 2.0 ** -52 * (np.abs(value) + np.abs(target))
        order = np.where(d > slack, 1, np.where(-d > slack, -1, 0))
        near = (order == 0) & (value != target)
        for i in np.flatnonzero(near):
            q = decimal.Decimal(1).scaleb(-ind["decimals"])
            mode = decimal.ROUND_HALF_UP if half_up else decimal.ROUND_HALF_EVEN
            a = decimal.Decimal(repr(float(value[i]))).quantize(q, rounding=mode)
            b = decimal.Decimal(repr(float(target[i]))).quantize(q, rounding=mode)
            order[i] = (a > b) - (a < b)
    else:
        order = np.sign(d)
    return {"<=": order <= 0, "<": order < 0, ">=": order >= 0, ">": order > 0, "==": order == 0}[cmp]


def evaluate(rules, data, factors, years, n):
    """Every check of every province in n lanes: values, met, indicators missed and grades."""
    checks, grades = [], {}
    ctl = [i["kind"] == "control" for i in rules["indicators"]]
    whens = [formula(g["when"]) for g in rules["grading"]["grades"]]
    for p, code in enumerate(data.codes):
        c = Ctx(rules, data, code, p, factors, years, n)
        cm, sm = np.zeros(n), np.zeros(n)
        bad = np.zeros(n, dtype=bool)
        for k, ind in enumerate(rules["indicators"]):
            exempt = any(str(e["province"]) == code for e in ind.get("exempt", []))
            missed, gap = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
            for ch in ind["checks"]:
                with np.errstate(all="ignore"):
                    try:
                        v = np.broadcast_to(formula(ch["value"])(c, data.year), (n,))
                        t = np.broadcast_to(formula(ch["target"])(c, data.year), (n,))
                    except NoData:
                        checks.append((code, ind["id"], ch["name"], None, None))
                        gap[:] = True
                        continue
                ok = np.isfinite(v) & np.isfinite(t)
                if not exempt:
                    bad |= ~ok
                met = judge(ch, ind, rules, v, t) & ok
                missed |= ~met & ok
                checks.append((code, ind["id"], ch["name"], v, met))
            if not exempt:
                counts = missed | (gap & (not ind.get("no_data_counts_met", False)))
                if ctl[k]:
                    cm += counts
                else:
                    sm += counts
        g = np.full(n, -1)
        env = GradeCtx(cm, sm, 1.0 if code in data.fraud else 0.0)
        for gi in reversed(range(len(whens))):
            g = np.where(np.broadcast_to(whens[gi](env, data.year), (n,)) != 0, gi, g)
        grades[code] = np.where(bad, -1, g)
    return checks, grades


class GradeCtx:
    def __init__(self, cm, sm, fraud):
        self.v = {"control_missed": cm, "support_missed": sm, "fraud": fraud}

    def year_of(self, q, y):
        return y

    def read(self, name, year):
        return self.v[name]


# ------------------------------------------------------------------ trajectories

def trajectories(rules, data, factors, years, n, checks_now):
    """Per plan check and province: the share of draws at risk and the final year's interval."""
    out = []
    base = rules["ruleset"]["base_year"]
    for ind in rules["indicators"]:
        for ch in ind["checks"]:
            plan = ch.get("plan")
            if not plan:
                continue
            final = plan.get("final_year", rules["ruleset"]["years"][1])
            for p, code in enumerate(data.codes):
                c = Ctx(rules, data, code, p, factors, years, n)
                obs = []
                for y in range(base, data.year + 1):
                    try:
                        with np.errstate(all="ignore"):
                            obs.append((y, np.broadcast_to(formula(ch["value"])(c, y), (n,))))
                    except NoData:
                        pass
                if len(obs) < 2:
                    continue
                reduction = plan.get("measure", "reduction") == "reduction"
                with np.errstate(all="ignore"):
                    ys = np.array([y for y, _ in obs], dtype=float)
                    ls = np.array([np.log(1 - v) if reduction else np.log(v) for _, v in obs])
                    ahead = np.arange(data.year + 1, final + 1, dtype=float)[:, None]
                    if len(obs) == 2 or plan.get("projection") == "carried":
                        slope = (ls[-1] - ls[0]) / (ys[-1] - ys[0])
                        at = ls[-1] + slope * (ahead - ys[-1])
                    else:
                        ym = ys.mean()
                        slope = ((ys - ym)[:, None] * (ls - ls.mean(axis=0))).sum(axis=0) / ((ys - ym) ** 2).sum()
                        at = ls.mean(axis=0) + slope * (ahead - ym)
                    path = 1 - np.exp(at) if reduction else np.exp(at)  # every year ahead
                    proj = path[-1]
                    np.percentile(path, [2.5, 97.5], axis=1)
                try:
                    target = formula(plan["target"])(c, data.year)
                except NoData:
                    continue
                risk = ~judge(ch, ind, rules, proj, target)
                out.append((code, ind["id"], ch["name"], risk.mean(), np.percentile(proj, [2.5, 97.5])))
    return out


# ------------------------------------------------------------------ the run

def run(rules, data, draws, seed):
    years = {y: i for i, y in enumerate(range(min(y for _, y in data.values), data.year + 1))}
    decl = sources(rules)
    rng = np.random.Generator(np.random.MT19937(seed))
    factors, nrandom = mc_factors(rng, decl, len(data.codes), len(years), draws)
    checks, grades = evaluate(rules, data, factors, years, draws)
    summary = {}
    for code, ind, name, v, met in checks:
        if v is None or not np.all(np.isfinite(v)):
            continue
        lo, hi = np.percentile(v, [2.5, 97.5])
        summary[(code, ind, name)] = (v.mean(), lo, hi, met.mean())
    shares = {code: np.bincount(g[g >= 0], minlength=len(rules["grading"]["grades"])) / draws
              for code, g in grades.items()}
    a1f, na1, spreads = a1_factors(decl, len(data.codes), len(years))
    a1_checks, _ = evaluate(rules, data, a1f, years, na1)
    a1 = {}
    for code, ind, name, v, _ in a1_checks:
        if v is not None:
            h = (v[0::2] - v[1::2]) / (2 * A1_STEP) * spreads
            a1[(code, ind, name)] = math.sqrt(float((h * h).sum()))
    traj = trajectories(rules, data, factors, years, draws, checks)
    return summary, shares, a1, traj, nrandom


def compare(summary, traj, path):
    """How far our means, probabilities met and shares at risk are from assess's, in standard
    errors of the Monte Carlo (the worst over every check and trajectory), and how many."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    draws = doc["uncertainty"]["draws"]
    worst, n = {"mean": 0.0, "probability met": 0.0, "at risk": 0.0}, 0
    risk = {(code, ind, name): r for code, ind, name, r, _ in traj}
    for prov in doc["provinces"]:
        for ind in prov.get("indicators") or []:
            for ch in ind.get("checks") or []:
                u = ch.get("uncertainty")
                mine = summary.get((prov["code"], ind["id"], ch["name"]))
                if not u or not mine or u.get("mean") is None:
                    continue
                # two independent runs: the difference's standard error is sqrt(2) times one's
                se = max((u["p97_5"] - u["p2_5"]) / (2 * Z975) / math.sqrt(draws) * math.sqrt(2),
                         1e-12 * abs(u["mean"]), 1e-300)  # exact figures: rounding alone
                worst["mean"] = max(worst["mean"], abs(mine[0] - u["mean"]) / se)
                p = u["probability_met"]
                se = math.sqrt(max(p * (1 - p), 0.25 / draws) / draws) * math.sqrt(2)
                worst["probability met"] = max(worst["probability met"], abs(mine[3] - p) / se)
                n += 1
        for t in prov.get("trajectory") or []:
            mine = risk.get((prov["code"], t["indicator"], t["check"]))
            p = t.get("probability_at_risk")
            if mine is not None and p is not None:
                se = math.sqrt(max(p * (1 - p), 0.25 / draws) / draws) * math.sqrt(2)
                worst["at risk"] = max(worst["at risk"], abs(mine - p) / se)
    return worst, n


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--rules", default=os.path.join(root, "rules", "2026.yaml"))
    ap.add_argument("--data", default=os.path.join(root, "data", "sample"))
    ap.add_argument("--year", type=int, default=2026)
    ap.add_argument("--draws", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--compare", metavar="JSON")
    a = ap.parse_args()
    t0 = time.process_time()
    rules = load_rules(a.rules)
    data = Data(rules, a.data, a.year)
    summary, shares, a1, traj, nrandom = run(rules, data, a.draws, a.seed)
    print(f"mc_numpy: {len(summary)} checks analysed, {a.draws} draws, {nrandom} random numbers "
          f"a draw, {len(a1)} Approach 1 half-widths, {len(traj)} trajectories, "
          f"{time.process_time() - t0:.3f} s of processor time")
    if a.compare:
        worst, n = compare(summary, traj, a.compare)
        print(f"mc_numpy: against assess's {n} checks, the largest differences in standard errors "
              f"of the Monte Carlo: " + ", ".join(f"{k} {v:.1f}" for k, v in worst.items()))


if __name__ == "__main__":
    main()
