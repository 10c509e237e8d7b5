"""Benchmark: how evaluation time grows with the number of assessed units.

Builds synthetic data sets of N units (copies of the 31 sample provinces' files under
made-up 6-digit codes, with a rule file that includes the real 2026 rules but lists N
units), then times `assess evaluate --no-reports --json FILE` on each, several runs, and
prints wall time per run and per unit.  Linear growth means no quadratic lookups and no
re-parsing per indicator.  With --mc DRAWS it runs build/tools/bench_uncertainty on each
data set instead and prints the Monte Carlo's CPU time per draw and per unit and draw.
Usage (from the repository root, after building):

    /usr/bin/python3 tools/bench.py [--assess build/assess] [--sizes 31,300,3000] [--runs 5]
    /usr/bin/python3 tools/bench.py --mc 1000 --sizes 31,62,124,248 [--runs 3]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "data", "sample")
CODES = re.compile(r'^  - \{code: "(\d{6})"', re.M)


def sample_codes():
    with open(os.path.join(ROOT, "rules", "common", "provinces.yaml"), encoding="utf-8") as f:
        return CODES.findall(f.read())


def unit_codes(n, base):
    """base (the 31 real codes, which the rules' exemptions name) then made-up codes."""
    codes = list(base[:n])
    k = 0
    while len(codes) < n:
        k += 1
        codes.append(f"{900000 + k:06d}")
    return codes


def write_rules(dirpath, codes):
    os.makedirs(dirpath)
    with open(os.path.join(dirpath, "units.yaml"), "w", encoding="utf-8") as f:
        f.write("provinces:\n")
        for c in codes:
            f.write(f'  - {{code: "{c}", name_zh: 单元{c}, name_en: Unit {c}}}\n')
    with open(os.path.join(ROOT, "rules", "2026.yaml"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace("  - common/provinces.yaml\n", "  - units.yaml\n")
    for part in ("inputs", "parameters", "targets", "indicators", "uncertainty"):
        text = text.replace(f"  - 2026/{part}.yaml\n",
                            f"  - {os.path.join(ROOT, 'rules', '2026', part + '.yaml')}\n")
    path = os.path.join(dirpath, "2026.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def write_data(dirpath, codes, base):
    shutil.copy(os.path.join(SAMPLE, "dataset.yaml"), dirpath)
    for year in ("2025", "2026"):
        os.makedirs(os.path.join(dirpath, "submissions", year))
        for i, c in enumerate(codes):
            src = base[i % len(base)]
            with open(os.path.join(SAMPLE, "submissions", year, src + ".yaml"), encoding="utf-8") as f:
                text = f.read().replace(f'province: "{src}"', f'province: "{c}"')
            with open(os.path.join(dirpath, "submissions", year, c + ".yaml"), "w", encoding="utf-8") as f:
                f.write(text)
    os.makedirs(os.path.join(dirpath, "targets"))
    for name in os.listdir(os.path.join(SAMPLE, "targets")):
        with open(os.path.join(SAMPLE, "targets", name), encoding="utf-8") as f:
            head, _, body = f.read().partition("\nprovinces:\n")
        blocks = dict(re.findall(r'^  "(\d{6})":(.*\n(?:    .*\n)*)', body, re.M))
        with open(os.path.join(dirpath, "targets", name), "w", encoding="utf-8") as f:
            f.write(head + "\nprovinces:\n")
            for i, c in enumerate(codes):
                f.write(f'  "{c}":{blocks[base[i % len(base)]]}')


def time_runs(assess, rules, data, runs):
    out = os.path.join(os.path.dirname(data), "out.json")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run([assess, "evaluate", "--no-reports", "--rules", rules, "--data", data,
                            "--json", out], capture_output=True)
        times.append(time.perf_counter() - t0)
        if p.returncode != 0:
            sys.exit(f"assess failed ({p.returncode}): {p.stderr.decode()[:500]}")
    return sorted(times)[len(times) // 2]


def time_mc(bench, rules, data, draws, runs):
    """CPU seconds of the best of `runs` Monte Carlo runs of `draws` draws."""
    p = subprocess.run([bench, "--rules", rules, "--data", data, "--draws", str(draws),
                        "--repeat", str(runs)], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"bench_uncertainty failed ({p.returncode}): {p.stderr[:500]}")
    row = next(line.split() for line in p.stdout.splitlines()
               if line.split() and line.split()[0] == str(draws))
    return float(row[2])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--assess", default=os.path.join(ROOT, "build", "assess"))
    ap.add_argument("--bench", default=os.path.join(ROOT, "build", "tools", "bench_uncertainty"))
    ap.add_argument("--sizes", default="31,300,3000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mc", type=int, metavar="DRAWS", help="time the Monte Carlo instead")
    a = ap.parse_args()
    base = sample_codes()
    if a.mc:
        print(f"{'units':>6} {'draws':>6} {'cpu s':>8} {'ms/draw':>8} {'us/unit/draw':>13}"
              f"  (bench_uncertainty, best of {a.runs})")
    else:
        print(f"{'units':>6} {'median s':>10} {'ms/unit':>8}  (assess evaluate, {a.runs} runs, "
              f"no workbooks)")
    tmp = tempfile.mkdtemp()
    try:
        for n in (int(s) for s in a.sizes.split(",")):
            d = os.path.join(tmp, str(n))
            rules = write_rules(os.path.join(d, "rules"), unit_codes(n, base))
            os.makedirs(os.path.join(d, "data"))
            write_data(os.path.join(d, "data"), unit_codes(n, base), base)
            if a.mc:
                t = time_mc(a.bench, rules, os.path.join(d, "data"), a.mc, a.runs)
                print(f"{n:>6} {a.mc:>6} {t:>8.3f} {1000 * t / a.mc:>8.3f} "
                      f"{1e6 * t / a.mc / n:>13.2f}")
                continue
            t = time_runs(a.assess, rules, os.path.join(d, "data"), a.runs)
            print(f"{n:>6} {t:>10.4f} {1000 * t / n:>8.3f}")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
