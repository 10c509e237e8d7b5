"""Benchmark: assess against its floors, on synthetic data sets of 31 to 3,000 units.

For each size N it builds a data set of N units (copies of the sample's 31 provinces'
files under made-up 6-digit codes, with a rule file that includes the real 2026 rules but
lists N units), then, in one run:

  workbooks   `assess evaluate --quiet --out DIR`: the national workbook and N unit
              workbooks, with their manifest (one sync for the set);
  floor       tools/xlsx_floor: libxlsxwriter writing the same workbooks, sheets, cells,
              formats, merged ranges, column widths, row heights, frozen panes, filters,
              print setup, headers, conditional colours and document properties (not the
              national workbook's two charts), read from a dump of assess's own output
              that is extracted once, untimed; computes nothing and times only its
              writing;
  no-reports  `assess evaluate --quiet --no-reports`: read, check and grade every unit;
  parse       tools/yaml_floor: a bare libyaml parse (events only) of the same files.

Each is run --runs times (the no-reports / parse pair as often as takes 2 s, a run of a
few milliseconds varying by more than the difference measured; median wall and processor
times and the largest peak memory are shown), and the ratios are printed, of wall time and of processor time (user + system,
which other jobs on a shared machine change less): workbooks / floor (target: at most 1.2
at 300 and 3,000 units), no-reports / parse (target: at most 2) and the peak memory of the
workbook run (target: at most 64 MiB at 3,000 units, and flat per unit).  --instructions N also counts
instructions with valgrind's callgrind for size N (assess, and the floor's writing only),
which the machine's load does not change.  Usage, from the repository root after
`cmake --build build` (which builds the two floor programs):

    /usr/bin/python3 tools/bench.py [--build build] [--sizes 31,300,3000] [--runs 3]
                                    [--instructions 300]

With --mc DRAWS it runs build/tools/bench_uncertainty on each data set instead and prints
the Monte Carlo's processor time per draw and per unit and draw:

    /usr/bin/python3 tools/bench.py --mc 1000 --sizes 31,62,124,248 [--runs 3]
"""
import argparse
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NR_SECONDS, NR_MAX_RUNS = 2.0, 200  # how long the no-reports / parse pair is repeated
SAMPLE = os.path.join(ROOT, "data", "sample")
CODES = re.compile(r'^  - \{code: "(\d{6})"', re.M)
# the parts rules/2026.yaml includes from rules/2026/, whichever there are
RULE_PARTS = tuple(sorted(n[:-5] for n in os.listdir(os.path.join(ROOT, "rules", "2026"))
                          if n.endswith(".yaml")))


# --------------------------------------------------------------------- data sets

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
    for part in RULE_PARTS:
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
    for name in sorted(n for n in os.listdir(os.path.join(SAMPLE, "targets")) if n.endswith(".yaml")):
        with open(os.path.join(SAMPLE, "targets", name), encoding="utf-8") as f:
            head, _, body = f.read().partition("\nprovinces:\n")
        blocks = dict(re.findall(r'^  "(\d{6})":(.*\n(?:    .*\n)*)', body, re.M))
        with open(os.path.join(dirpath, "targets", name), "w", encoding="utf-8") as f:
            f.write(head + "\nprovinces:\n")
            for i, c in enumerate(codes):
                f.write(f'  "{c}":{blocks[base[i % len(base)]]}')


def yaml_files(rules, data):
    """Every YAML file an evaluation of the set reads: the rule files, the data set and
    the working-day calendar (for the deadlines)."""
    files = [rules, os.path.join(os.path.dirname(rules), "units.yaml")]
    files += [os.path.join(ROOT, "rules", "2026", p + ".yaml") for p in RULE_PARTS]
    for top in (data, os.path.join(ROOT, "data", "calendar")):
        for folder, _, names in os.walk(top):
            files += sorted(os.path.join(folder, n) for n in names if n.endswith(".yaml"))
    return files


# --------------------------------------------------------------------- the dump

CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"(?: s="(\d+)")?(?: t="(\w+)")?(?:/>|>(.*?)</c>)', re.S)
ROW = re.compile(rb'<row r="(\d+)"([^>]*)>')
HEIGHT = re.compile(rb' ht="([\d.]+)"')
COL = re.compile(rb'<col min="(\d+)" max="(\d+)" width="([\d.]+)"')
MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/>')
TEXT = re.compile(rb"<t[^>]*>(.*?)</t>", re.S)
VALUE = re.compile(rb"<v>(.*?)</v>")


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def unxml(b):
    return html.unescape(b.decode("utf-8"))


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def styles(z):
    """One dump F record per cellXfs entry of xl/styles.xml."""
    x = z.read("xl/styles.xml").decode("utf-8")
    numfmts = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', x))
    builtin = {"0": "", "14": "m/d/yyyy"}

    def section(tag):
        m = re.search(rf"<{tag}s count=\"\d+\">(.*?)</{tag}s>", x, re.S)
        return re.findall(rf"<{tag}>(.*?)</{tag}>|<{tag}/>", m.group(1), re.S) if m else []

    fonts, fills, borders = section("font"), section("fill"), section("border")
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", x, re.S).group(1)
    out = []
    for attrs, body in re.findall(r"<xf ([^>]*?)(?:/>|>(.*?)</xf>)", xfs, re.S):
        a = dict(re.findall(r'(\w+)="([^"]*)"', attrs))
        font = fonts[int(a.get("fontId", 0))]
        fill = fills[int(a.get("fillId", 0))]
        border = borders[int(a.get("borderId", 0))]
        al = dict(re.findall(r'(\w+)="([^"]*)"', body or ""))
        color = re.search(r'<color rgb="FF([0-9A-F]{6})"', font)
        bg = re.search(r'<fgColor rgb="FF([0-9A-F]{6})"', fill)
        style = re.search(r'<left style="(\w+)"', border)
        size = re.search(r'<sz val="([\d.]+)"', font)
        fmt = html.unescape(numfmts.get(a.get("numFmtId", "0"), builtin.get(a.get("numFmtId"), "")))
        out.append("\t".join([
            "F", esc(fmt), "1" if "<b/>" in font else "0", size.group(1) if size else "11",
            color.group(1) if color else "-1", bg.group(1) if bg else "-1",
            {"thin": "1", "medium": "2"}.get(style.group(1) if style else "", "0"),
            "1" if al.get("wrapText") == "1" else "0",
            {"top": "8", "center": "10"}.get(al.get("vertical", ""), "0"),
            {"left": "1", "center": "2", "right": "3"}.get(al.get("horizontal", ""), "0"),
            al.get("indent", "0")]))
    return out


def xml_text(x, tag):
    m = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", x, re.S)
    return html.unescape(m.group(1)) if m else ""


def properties(z):
    """The P record (document properties) and p records (custom properties)."""
    core = z.read("docProps/core.xml").decode("utf-8")
    app = z.read("docProps/app.xml").decode("utf-8")
    created = xml_text(core, "dcterms:created")
    stamp = int(time.mktime(time.strptime(created, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone) if created else 0
    fields = [xml_text(core, "dc:title"), xml_text(core, "dc:subject"), xml_text(core, "dc:creator"),
              xml_text(app, "Company"), xml_text(core, "cp:category"), xml_text(core, "cp:keywords"),
              xml_text(core, "dc:description"), xml_text(core, "cp:contentStatus")]
    out = ["\t".join(["P"] + [esc(f) for f in fields] + [str(stamp)])]
    if "docProps/custom.xml" in z.namelist():
        custom = z.read("docProps/custom.xml").decode("utf-8")
        for name, kind, value in re.findall(r'<property [^>]*name="([^"]*)"><vt:(\w+)>(.*?)</vt:\w+>', custom):
            k = {"lpwstr": "s", "i4": "i", "bool": "b"}[kind]
            out.append(f"p\t{k}\t{esc(html.unescape(name))}\t{esc(html.unescape(value))}")
    return out


def dxfs(z):
    """One X record per conditional-format colour (dxf) of xl/styles.xml."""
    x = z.read("xl/styles.xml").decode("utf-8")
    out = []
    for d in re.findall(r"<dxf>(.*?)</dxf>", x, re.S):
        font = re.search(r'<font><color rgb="FF([0-9A-F]{6})"', d)
        fill = re.search(r'<bgColor rgb="FF([0-9A-F]{6})"', d)
        out.append(f"X\t{font.group(1) if font else '-1'}\t{fill.group(1) if fill else '-1'}")
    return out


def attributes(x, tag):
    """The attributes of the first empty element tag in x, as a dict."""
    m = re.search(rf"<{tag} ([^>]*)/>", x)
    return dict(re.findall(r'(\w+)="([^"]*)"', m.group(1))) if m else {}


def cell_ref(ref):
    m = re.match(r"\$?([A-Z]+)\$?(\d+)", ref)
    return int(m.group(2)) - 1, col_index(m.group(1).encode())


def sheet_settings(x, titles):
    """The records of a sheet's settings: frozen panes, filter, print titles, page
    setup, header and footer, conditional formats."""
    t = x.decode("utf-8")
    out = []
    pane = re.search(r'<pane ([^>]*)state="frozen"', t)
    if pane:
        a = dict(re.findall(r'(\w+)="([^"]*)"', pane.group(1)))
        out.append(f"Z\t{a.get('ySplit', 0)}\t{a.get('xSplit', 0)}")
    f = re.search(r'<autoFilter ref="([A-Z]+\d+):([A-Z]+\d+)"', t)
    if f:
        (r1, c1), (r2, c2) = cell_ref(f.group(1)), cell_ref(f.group(2))
        out.append(f"A\t{r1}\t{c1}\t{r2}\t{c2}")
    if titles:
        out.append(f"T\t{titles[0]}\t{titles[1]}")
    setup, margins = attributes(t, "pageSetup"), attributes(t, "pageMargins")
    out.append("\t".join(["L", setup.get("paperSize", "0"),
                          "1" if setup.get("orientation") == "landscape" else "0",
                          "1" if "fitToPage" in t else "0", setup.get("fitToHeight", "1"),
                          margins.get("left", "0.7"), margins.get("right", "0.7"),
                          margins.get("top", "0.75"), margins.get("bottom", "0.75"),
                          "1" if 'gridLines="1"' in t else "0"]))
    out.append(f"Q\t{esc(xml_text(t, 'oddHeader'))}\t{esc(xml_text(t, 'oddFooter'))}")
    for sqref, rules in re.findall(r'<conditionalFormatting sqref="([^"]*)">(.*?)</conditionalFormatting>', t, re.S):
        first, _, last = sqref.partition(":")
        (r1, c1) = cell_ref(first)
        (r2, c2) = cell_ref(last or first)
        for dxf, formula in re.findall(r'<cfRule type="cellIs" dxfId="(\d+)"[^>]*><formula>(.*?)</formula>', rules):
            value = html.unescape(formula)
            out.append(f"K\t{r1}\t{c1}\t{r2}\t{c2}\t{dxf}\t{esc(value)}")
    return out


def dump_workbook(path, name, out):
    """Append the dump records of the workbook at path (written as name) to out."""
    with zipfile.ZipFile(path) as z:
        sst = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in re.findall(rb"<si>(.*?)</si>", z.read("xl/sharedStrings.xml"), re.S):
                sst.append("".join(unxml(t) for t in TEXT.findall(si)))
        book = z.read("xl/workbook.xml").decode("utf-8")
        sheets = re.findall(r'<sheet name="([^"]*)"', book)
        titles = {int(i): (int(a) - 1, int(b) - 1) for i, a, b in re.findall(
            r'<definedName name="_xlnm.Print_Titles" localSheetId="(\d+)">[^<]*?\$(\d+):\$(\d+)<', book)}
        inline = False
        body = []
        for i, sheet in enumerate(sheets, 1):
            x = z.read(f"xl/worksheets/sheet{i}.xml")
            inline = inline or b't="inlineStr"' in x
            body.append(f"S\t{esc(html.unescape(sheet))}")
            body += sheet_settings(x, titles.get(i - 1))
            for lo, hi, w in COL.findall(x):
                for c in range(int(lo), int(hi) + 1):
                    body.append(f"W\t{c - 1}\t{max(float(w) - 0.7109375, 0):g}")
            merges = {}
            for c0, r0, c1, r1 in MERGE.findall(x):
                merges[(int(r0) - 1, col_index(c0))] = col_index(c1)
            data = x[x.find(b"<sheetData"):x.find(b"</sheetData>")]
            rows = [(m.start(), m) for m in ROW.finditer(data)]
            cells = [(m.start(), m) for m in CELL.finditer(data)]
            for _, m in sorted(rows + cells, key=lambda t: t[0]):
                if m.re is ROW:
                    ht = HEIGHT.search(m.group(2))
                    if ht:
                        body.append(f"H\t{int(m.group(1)) - 1}\t{ht.group(1).decode()}")
                    continue
                col, row = col_index(m.group(1)), int(m.group(2)) - 1
                style, kind, inner = m.group(3) or b"0", m.group(4), m.group(5)
                style = style.decode()
                if (row, col) in merges:
                    body.append(f"M\t{row}\t{col}\t{merges[(row, col)]}")
                if inner is None:
                    body.append(f"b\t{row}\t{col}\t{style}")
                elif kind == b"s":
                    body.append(f"s\t{row}\t{col}\t{style}\t{esc(sst[int(VALUE.search(inner).group(1))])}")
                elif kind in (b"inlineStr", b"str"):
                    text = "".join(unxml(t) for t in TEXT.findall(inner))
                    body.append(f"s\t{row}\t{col}\t{style}\t{esc(text)}")
                else:
                    body.append(f"n\t{row}\t{col}\t{style}\t{VALUE.search(inner).group(1).decode()}")
        out.write(f"B\t{esc(name)}\t{1 if inline else 0}\n")
        out.write("\n".join(styles(z) + dxfs(z) + properties(z)) + "\n")
        out.write("\n".join(body) + "\nE\n")


def dump_folder(folder, dump):
    names = sorted(n for n in os.listdir(folder) if n.endswith(".xlsx"))
    with open(dump, "w", encoding="utf-8") as out:
        for n in names:
            dump_workbook(os.path.join(folder, n), n, out)
    return len(names)


# --------------------------------------------------------------------- running

def timed(cmd):
    """(wall seconds, processor seconds, peak KiB, stdout) of one run, from the child's
    rusage."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    out, err = p.stdout.read().decode(), p.stderr.read().decode()
    p.stdout.close()
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench: {' '.join(cmd[:3])} ... failed ({code}): {err[:500]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out


def median(xs):
    return statistics.median(xs)


def measure(size, tools, workdir, runs):
    """The figures of one size; returns a dict."""
    base = sample_codes()
    codes = unit_codes(size, base)
    d = os.path.join(workdir, str(size))
    rules = write_rules(os.path.join(d, "rules"), codes)
    data = os.path.join(d, "data")
    os.makedirs(data)
    write_data(data, codes, base)
    assess = [tools["assess"], "evaluate", "--quiet", "--rules", rules, "--data", data]
    fig = {"units": size, "wb_kib": 0, "floor_kib": 0, "nr_kib": 0}
    for k in ("wb", "floor", "nr", "json", "parse"):
        fig[k], fig[k + "_cpu"] = [], []
    first = None
    for i in range(runs):
        out = os.path.join(d, f"out{i}")
        wall, cpu, kib, _ = timed(assess + ["--out", out])
        fig["wb"].append(wall)
        fig["wb_cpu"].append(cpu)
        fig["wb_kib"] = max(fig["wb_kib"], kib)
        if first is None:
            first = out
        else:
            shutil.rmtree(out)
    dump = os.path.join(d, "cells.dump")
    fig["workbooks"] = dump_folder(first, dump)  # untimed
    shutil.rmtree(first)
    for _ in range(runs):
        out = os.path.join(d, "floor")
        os.makedirs(out)
        _, _, kib, said = timed([tools["xlsx_floor"], dump, out])
        m = re.search(r"written in ([\d.]+) s \(processor ([\d.]+) s\)", said)
        fig["floor"].append(float(m.group(1)))
        fig["floor_cpu"].append(float(m.group(2)))
        fig["floor_kib"] = max(fig["floor_kib"], kib)
        shutil.rmtree(out)
    files = yaml_files(rules, data)
    listing = os.path.join(d, "files.txt")
    with open(listing, "w", encoding="utf-8") as f:
        f.write("\n".join(files) + "\n")
    # a run of a few milliseconds varies from one run to the next by more than the
    # difference measured: the pair is repeated until the no-reports runs have taken
    # NR_SECONDS in all (at least `runs` times)
    spent = 0.0
    while len(fig["nr"]) < runs or (spent < NR_SECONDS and len(fig["nr"]) < NR_MAX_RUNS):
        wall, cpu, kib, _ = timed(assess + ["--no-reports"])
        fig["nr"].append(wall)
        fig["nr_cpu"].append(cpu)
        fig["nr_kib"] = max(fig["nr_kib"], kib)
        spent += wall
        wall, cpu, _, _ = timed(assess + ["--no-reports", "--json", os.path.join(d, "out.json")])
        fig["json"].append(wall)
        fig["json_cpu"].append(cpu)
        wall, cpu, _, _ = timed([tools["yaml_floor"], listing])
        fig["parse"].append(wall)
        fig["parse_cpu"].append(cpu)
    fig["dump"], fig["rules"], fig["data"], fig["files"] = dump, rules, data, listing
    return fig


def startup(tools, workdir, runs=50):
    """Median processor seconds of `assess --version` and of the parse floor on an empty
    list: what each run pays before it reads a file."""
    empty = os.path.join(workdir, "empty.txt")
    with open(empty, "w", encoding="utf-8"):
        pass
    a = [timed([tools["assess"], "--version"])[1] for _ in range(runs)]
    p = [timed([tools["yaml_floor"], empty])[1] for _ in range(runs)]
    return median(a), median(p)


def instructions(fig, tools, workdir):
    """Instruction counts (callgrind) of the workbook run and of the floor's writing."""
    def count(cmd, extra=()):
        log = os.path.join(workdir, "callgrind.out")
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={log}", *extra,
                        *cmd], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(log, encoding="utf-8", errors="replace") as f:
            m = re.search(r"^summary: (\d+)", f.read(), re.M)
        os.remove(log)
        return int(m.group(1))
    out = os.path.join(workdir, "cg-out")
    a = count([tools["assess"], "evaluate", "--quiet", "--rules", fig["rules"], "--data",
               fig["data"], "--out", out])
    shutil.rmtree(out)
    os.makedirs(out)
    f = count([tools["xlsx_floor"], fig["dump"], out], ["--toggle-collect=write_book"])
    shutil.rmtree(out)
    n = count([tools["assess"], "evaluate", "--quiet", "--no-reports", "--rules", fig["rules"],
               "--data", fig["data"]])
    p = count([tools["yaml_floor"], fig["files"]])
    return a, f, n, p


def time_mc(bench, rules, data, draws, runs):
    """CPU seconds of the best of `runs` Monte Carlo runs of `draws` draws."""
    p = subprocess.run([bench, "--rules", rules, "--data", data, "--draws", str(draws),
                        "--repeat", str(runs)], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"bench_uncertainty failed ({p.returncode}): {p.stderr[:500]}")
    row = next(line.split() for line in p.stdout.splitlines()
               if line.split() and line.split()[0] == str(draws))
    return float(row[2])


def mc_scaling(a):
    """--mc with --sizes: bench_uncertainty on copies of the sample of each size."""
    bench = os.path.join(a.build, "tools", "bench_uncertainty")
    base = sample_codes()
    print(f"{'units':>6} {'draws':>6} {'cpu s':>8} {'ms/draw':>8} {'us/unit/draw':>13}"
          f"  (bench_uncertainty, best of {a.runs})")
    tmp = tempfile.mkdtemp(prefix="assess-bench-")
    try:
        for n in (int(s) for s in a.sizes.split(",")):
            d = os.path.join(tmp, str(n))
            rules = write_rules(os.path.join(d, "rules"), unit_codes(n, base))
            os.makedirs(os.path.join(d, "data"))
            write_data(os.path.join(d, "data"), unit_codes(n, base), base)
            t = time_mc(bench, rules, os.path.join(d, "data"), a.mc, a.runs)
            print(f"{n:>6} {a.mc:>6} {t:>8.3f} {1000 * t / a.mc:>8.3f} "
                  f"{1e6 * t / a.mc / n:>13.2f}")
    finally:
        shutil.rmtree(tmp)


def monte_carlo(a):
    """--mc: `assess evaluate --uncertainty` on the sample against its two peers, a NumPy
    program of the same declarations (tools/mc_numpy.py) and a bare GSL loop drawing the same
    number of normals (tools/mc_floor), in paired runs; processor times, medians."""
    assess = os.path.join(a.build, "assess")
    floor = os.path.join(a.build, "tools", "mc_floor")
    numpy = [sys.executable if sys.executable.startswith("/usr/bin/") else "/usr/bin/python3",
             os.path.join(ROOT, "tools", "mc_numpy.py")]
    for path in (assess, floor):
        if not os.access(path, os.X_OK):
            sys.exit(f"bench: {path} is missing: run cmake --build {a.build} first")
    tmp = tempfile.mkdtemp(prefix="assess-bench-")
    try:
        doc = os.path.join(tmp, "mc.json")
        subprocess.run([assess, "evaluate", "--quiet", "--no-reports", "--uncertainty", "--draws",
                        str(a.mc), "--json", doc], check=True)
        with open(doc, encoding="utf-8") as f:
            per = json.load(f)["uncertainty"]["random_per_draw"]
        agree = subprocess.run(numpy + ["--draws", str(a.mc), "--compare", doc], check=True,
                               capture_output=True, text=True).stdout.strip().splitlines()
        cmds = {"assess": [assess, "evaluate", "--quiet", "--no-reports", "--uncertainty",
                           "--draws", str(a.mc)],
                "numpy": numpy + ["--draws", str(a.mc)],
                "floor": [floor, str(a.mc), str(per)]}
        cpu = {k: [] for k in cmds}
        wall = {k: [] for k in cmds}
        for _ in range(a.runs):
            for k, cmd in cmds.items():  # paired: one of each, in turn
                w, c, _, _ = timed(cmd)
                wall[k].append(w)
                cpu[k].append(c)
    finally:
        shutil.rmtree(tmp)
    print(f"Monte Carlo of rules/2026.yaml on data/sample: 31 provinces, {a.mc} draws, {per} "
          f"random numbers a draw; median of {a.runs} paired runs, processor seconds (user + "
          f"system) and wall; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    names = {"assess": "assess evaluate --uncertainty --no-reports",
             "numpy": "tools/mc_numpy.py (NumPy " + numpy_version() + ")",
             "floor": "tools/mc_floor (GSL MT19937 + ziggurat, nothing else)"}
    for k in cmds:
        print(f"  {names[k]:<52} {median(cpu[k]):>7.3f} cpu {median(wall[k]):>7.3f} wall")
    for line in agree:
        print(f"  {line}")
    speed = median(cpu["numpy"]) / median(cpu["assess"])
    floor_ratio = median(cpu["assess"]) / median(cpu["floor"])
    print(f"  NumPy / assess {speed:.2f} (wall {median(wall['numpy']) / median(wall['assess']):.2f}),"
          f" target at least 2: {'met' if speed >= 2 else 'NOT met'}")
    print(f"  assess / bare draws {floor_ratio:.2f} (wall "
          f"{median(wall['assess']) / median(wall['floor']):.2f}), target at most 2.5: "
          f"{'met' if floor_ratio <= 2.5 else 'NOT met'}")
    if a.sizes:
        mc_scaling(a)


def numpy_version():
    p = subprocess.run(["/usr/bin/python3", "-c", "import numpy; print(numpy.__version__)"],
                       capture_output=True, text=True)
    return p.stdout.strip() or "?"


def print_targets(figs):
    """Each target against the figures measured (processor-time ratios, which other jobs
    on a shared machine change less than wall time; wall in brackets)."""
    def ratio(f, a, b):
        return median(f[a + "_cpu"]) / median(f[b + "_cpu"]), median(f[a]) / median(f[b])
    for f in figs:
        n = f["units"]
        lines = []
        if n >= 300:
            cpu, wall = ratio(f, "wb", "floor")
            lines.append(f"workbooks / floor {cpu:.2f} (wall {wall:.2f}), target at most 1.2: "
                         f"{'met' if cpu <= 1.2 else 'NOT met'}")
        cpu, wall = ratio(f, "nr", "parse")
        lines.append(f"no-reports / parse {cpu:.2f} (wall {wall:.2f}; median of "
                     f"{len(f['nr'])} runs), target at most 2: "
                     f"{'met' if cpu <= 2 else 'NOT met'}")
        cpu, wall = ratio(f, "json", "parse")
        lines.append(f"no-reports --json / parse {cpu:.2f} (wall {wall:.2f}; median of "
                     f"{len(f['json'])} runs)" + (f", target at most 1.6: "
                     f"{'met' if cpu <= 1.6 else 'NOT met'}" if n >= 300 else ""))
        if n == 3000:
            mib = f["wb_kib"] / 1024
            lines.append(f"peak memory {mib:.1f} MiB, target at most 64: "
                         f"{'met' if mib <= 64 else 'NOT met'}")
        for line in lines:
            print(f"{n:>6} units: {line}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"),
                    help="the CMake build folder holding assess and tools/ (default build)")
    ap.add_argument("--sizes", help="units of the data sets (default 31,300,3000; with --mc: "
                    "also time bench_uncertainty on these sizes)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--instructions", type=int, metavar="N",
                    help="also count instructions with callgrind for size N (slow)")
    ap.add_argument("--mc", type=int, metavar="DRAWS", help="time the Monte Carlo against its "
                    "peers instead (10000 is the figure to judge by)")
    a = ap.parse_args()
    if a.mc:
        monte_carlo(a)
        return
    tools = {"assess": os.path.join(a.build, "assess"),
             "xlsx_floor": os.path.join(a.build, "tools", "xlsx_floor"),
             "yaml_floor": os.path.join(a.build, "tools", "yaml_floor")}
    for name, path in tools.items():
        if not os.access(path, os.X_OK):
            sys.exit(f"bench: {path} is missing: run cmake --build {a.build} first")
    sizes = [int(s) for s in (a.sizes or "31,300,3000").split(",")]
    if a.instructions and a.instructions not in sizes:
        sizes.append(a.instructions)
    tmp = tempfile.mkdtemp(prefix="assess-bench-")
    print(f"median of {a.runs} runs (no-reports and parse: of as many as take "
          f"{NR_SECONDS:g} s, at least {a.runs}): wall seconds (processor seconds, user + "
          f"system); the largest peak resident memory; {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}")
    print(f"{'':6} {'---- workbooks ----':>34} {'ratio':>11}   {'---- no-reports ----':>30} "
          f"{'ratio':>11}   {'-- and --json --':>16} {'ratio':>5}   {'memory':>17}")
    print(f"{'units':>6} {'assess':>16} {'floor':>17} {'wall':>5} {'cpu':>5}   "
          f"{'assess':>14} {'parse':>15} {'wall':>5} {'cpu':>5}   {'assess':>16} {'cpu':>5}   "
          f"{'peak MiB':>8} {'KiB/unit':>8}")
    figs = []
    try:
        for n in sizes:
            fig = measure(n, tools, tmp, a.runs)
            figs.append(fig)
            m = {k: median(fig[k]) for k in ("wb", "floor", "nr", "parse", "json", "wb_cpu",
                                             "floor_cpu", "nr_cpu", "parse_cpu", "json_cpu")}
            print(f"{n:>6} {m['wb']:>7.3f} ({m['wb_cpu']:>6.3f}) {m['floor']:>8.3f} "
                  f"({m['floor_cpu']:>6.3f}) {m['wb'] / m['floor']:>5.2f} "
                  f"{m['wb_cpu'] / m['floor_cpu']:>5.2f}   {m['nr']:>6.3f} ({m['nr_cpu']:>5.3f}) "
                  f"{m['parse']:>6.3f} ({m['parse_cpu']:>5.3f}) {m['nr'] / m['parse']:>5.2f} "
                  f"{m['nr_cpu'] / m['parse_cpu']:>5.2f}   {m['json']:>7.3f} ({m['json_cpu']:>6.3f}) "
                  f"{m['json_cpu'] / m['parse_cpu']:>5.2f}   {fig['wb_kib'] / 1024:>8.1f} "
                  f"{fig['wb_kib'] / n:>8.1f}", flush=True)
        if len(figs) > 1:
            lo, hi = figs[-2], figs[-1]
            per = (hi["wb_kib"] - lo["wb_kib"]) / (hi["units"] - lo["units"])
            print(f"memory per unit from {lo['units']} to {hi['units']} units: {per:.2f} KiB")
        sa, sp = startup(tools, tmp)
        print(f"start-up alone (median of 50 runs): assess --version {sa * 1000:.2f} ms of "
              f"processor time, the parse floor on an empty list {sp * 1000:.2f} ms")
        print_targets(figs)
        if a.instructions:
            fig = next(f for f in figs if f["units"] == a.instructions)
            wb, fl, nr, pa = instructions(fig, tools, tmp)
            print(f"instructions at {a.instructions} units (callgrind): workbooks {wb:,} / "
                  f"floor {fl:,} = {wb / fl:.3f}; no-reports {nr:,} / parse {pa:,} = "
                  f"{nr / pa:.3f}")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
