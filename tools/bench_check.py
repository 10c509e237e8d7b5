"""Benchmark: what `assess check` costs, with and without what it would take.

Times `assess check --json FILE` of each of the 31 sample provinces' 2026 submissions (one
run per file, several rounds), then the same with --no-what-if, and one run of
`check --no-what-if` on all 31 files at once; prints the wall and CPU time per file, the
number of break-even values worked out and of checks, and the ratios.  The break-even
evaluates the check's indicator once per value tried (bracketing, GSL's Brent method, the
verdict's last digits), so its cost is that count times one evaluation of one indicator.
Usage (from the repository root, after building):

    /usr/bin/python3 tools/bench_check.py [--assess build/assess] [--rounds 3]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr[:300]}")
    return wall, cpu, p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--assess", default=os.path.join(ROOT, "build", "assess"))
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    folder = os.path.join("data", "sample", "submissions", "2026")
    files = sorted(os.path.join(folder, f) for f in os.listdir(os.path.join(ROOT, folder))
                   if f.endswith(".yaml"))
    best = {}
    values = checks = 0
    for mode in ("what-if", "no-what-if"):
        extra = ["--no-what-if"] if mode == "no-what-if" else []
        walls, cpus = [], []
        for _ in range(a.rounds):
            w = c = 0.0
            for f in files:
                dw, dc, out = run([a.assess, "check", "--json", "-", *extra, f])
                w, c = w + dw, c + dc
                if mode == "what-if" and not walls:
                    doc = json.loads(out)
                    for ind in doc["submissions"][0]["indicators"]:
                        for chk in ind["checks"]:
                            checks += 1
                            values += sum(len(x["bounds"]) for x in chk["what_it_would_take"] or [])
            walls.append(w / len(files))
            cpus.append(c / len(files))
        best[mode] = (min(walls), min(cpus))
    batch = min(run([a.assess, "check", "--json", "-", "--no-what-if", *files])[0]
                for _ in range(a.rounds)) / len(files)
    (w1, c1), (w0, c0) = best["what-if"], best["no-what-if"]
    print(f"files: {len(files)}, checks: {checks}, break-even values: {values} "
          f"({values / len(files):.0f} a file)")
    print(f"check with what it would take:  {w1 * 1000:7.1f} ms wall  {c1 * 1000:7.1f} ms CPU a file")
    print(f"check --no-what-if:            {w0 * 1000:7.1f} ms wall  {c0 * 1000:7.1f} ms CPU a file")
    print(f"check --no-what-if, 31 at once: {batch * 1000:7.1f} ms wall a file")
    print(f"ratio what-if / no-what-if (CPU): {c1 / c0:.1f}; "
          f"CPU a break-even value: {(c1 - c0) / max(values / len(files), 1) * 1e6:.0f} us")


if __name__ == "__main__":
    main()
