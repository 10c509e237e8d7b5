"""Benchmark: reading workbook (.xlsx) submissions against reading the same figures as YAML.

Builds the synthetic data set of tools/bench.py (N units, copies of the 31 sample
provinces' 2025 and 2026 submissions under made-up codes) twice: once with YAML files and
once with every submission a workbook: the template of `assess template --xlsx` filled in
by openpyxl with the same figures (once per sample province and year; each unit's copy
gets its own province code).  Then times, several runs each, median wall time:

    assess validate DATA                 reads every submission (twice: file by file, then
                                         as the data set), checks, computes nothing
    assess evaluate --no-reports --json  reads every submission once and grades every unit

and prints the times, the cost per submission file and the ratio xlsx / yaml.  Usage
(from the repository root, after building; python3-openpyxl needed):

    /usr/bin/python3 tools/bench_xlsx.py [--assess build/assess] [--units 3000] [--runs 5]
"""
import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

import bench

try:
    import openpyxl
    import yaml
except ImportError as e:
    sys.exit(f"bench_xlsx: {e.name} is missing (apt-get install python3-openpyxl python3-yaml)")

SHEET = "填报 Inputs"
YEARS = ("2025", "2026")


def filled_workbook(assess, code, year, tmp):
    """The bytes of the template of code for year filled with the sample's figures."""
    tpl = os.path.join(tmp, f"tpl-{year}-{code}.xlsx")
    subprocess.run([assess, "template", "--province", code, "--year", year, "--xlsx", tpl],
                   check=True)
    with open(os.path.join(bench.SAMPLE, "submissions", year, code + ".yaml"),
              encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    wb = openpyxl.load_workbook(tpl)
    ws = wb[SHEET]
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        key = cell.value
        if not isinstance(key, str) or key.count(".") != 1 or " " in key:
            continue
        section, field = key.split(".")
        v = (doc.get(section) or {}).get(field)
        if v is not None and field not in ("province", "year", "rules"):
            ws.cell(row=cell.row, column=4).value = (
                ("true" if v else "false") if isinstance(v, bool) else v)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_code(book, old, new):
    """The workbook with its province cell set to new: the first "<t>old</t>" (openpyxl
    writes inline strings; others share them) is the province's, the only cell that
    holds exactly the code."""
    src, out = zipfile.ZipFile(io.BytesIO(book)), io.BytesIO()
    done = False
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if not done and item.filename in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"):
                patched = data.replace(f"<t>{old}</t>".encode(), f"<t>{new}</t>".encode(), 1)
                done, data = patched != data, patched
            dst.writestr(item, data)
    if not done:
        sys.exit(f"bench_xlsx: the workbook of {old} holds no cell '{old}'")
    return out.getvalue()


def write_xlsx_data(assess, yaml_dir, xlsx_dir, codes, base, tmp):
    """The YAML data set with every submission replaced by its workbook."""
    shutil.copytree(yaml_dir, xlsx_dir)
    books = {(y, c): filled_workbook(assess, c, y, tmp) for y in YEARS for c in base}
    for year in YEARS:
        folder = os.path.join(xlsx_dir, "submissions", year)
        for i, code in enumerate(codes):
            src = base[i % len(base)]
            os.remove(os.path.join(folder, code + ".yaml"))
            book = books[(year, src)]
            with open(os.path.join(folder, code + ".xlsx"), "wb") as f:
                f.write(book if code == src else with_code(book, src, code))


def median_time(cmd, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True)
        times.append(time.perf_counter() - t0)
        if p.returncode != 0:
            sys.exit(f"bench_xlsx: {' '.join(cmd[:2])} failed ({p.returncode}): "
                     f"{p.stderr.decode()[:500]}")
    return sorted(times)[len(times) // 2]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--assess", default=os.path.join(bench.ROOT, "build", "assess"))
    ap.add_argument("--units", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    base = bench.sample_codes()
    codes = bench.unit_codes(a.units, base)
    files = len(codes) * len(YEARS)
    tmp = tempfile.mkdtemp()
    try:
        rules = bench.write_rules(os.path.join(tmp, "rules"), codes)
        data = {"yaml": os.path.join(tmp, "yaml"), "xlsx": os.path.join(tmp, "xlsx")}
        os.makedirs(data["yaml"])
        bench.write_data(data["yaml"], codes, base)
        write_xlsx_data(a.assess, data["yaml"], data["xlsx"], codes, base, tmp)
        sizes = {k: sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in
                        os.walk(os.path.join(d, "submissions")) for f in fs)
                 for k, d in data.items()}
        print(f"{a.units} units, {files} submission files per format "
              f"(yaml {sizes['yaml'] / files / 1024:.1f} KiB, "
              f"xlsx {sizes['xlsx'] / files / 1024:.1f} KiB each); median of {a.runs} runs")
        print(f"{'command':<10} {'yaml s':>8} {'xlsx s':>8} {'yaml ms/file':>13} "
              f"{'xlsx ms/file':>13} {'xlsx/yaml':>10}")
        out = os.path.join(tmp, "out.json")
        for name, args in (("validate", ["validate", "--rules", rules]),
                           ("evaluate", ["evaluate", "--no-reports", "--rules", rules,
                                         "--json", out, "--data"])):
            t = {k: median_time([a.assess, *args, d], a.runs) for k, d in data.items()}
            print(f"{name:<10} {t['yaml']:>8.3f} {t['xlsx']:>8.3f} "
                  f"{1000 * t['yaml'] / files:>13.3f} {1000 * t['xlsx'] / files:>13.3f} "
                  f"{t['xlsx'] / t['yaml']:>10.2f}")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
