#!/usr/bin/python3
"""End-to-end: workbook submissions, from `assess template --xlsx` to `check` and `evaluate`.

usage: /usr/bin/python3 tests/e2e/xlsx.py PATH_TO_ASSESS

Run from the repository root (CTest does).  With openpyxl as the independent
reader and writer, it checks:
  - the template: its sheets, one row per input of rules/ with names and units,
    the header fields, locked and unlocked cells, protection without a
    password, data validation within min/max naming the unit, the previous
    year's figures from --data, print setup, byte-identical output, and that
    an input added to a copy of the rules appears with no other change;
  - the round trip: the templates of all 31 provinces for 2025 and 2026 (and
    the sample's verified file) filled with the sample's YAML figures, some
    numbers stored as text, give exactly the `check` output of each YAML
    submission and the same `evaluate --json` document; and again after
    LibreOffice re-saved every workbook (one soffice run), when soffice is
    installed (skipped with a message otherwise);
  - an empty cell is no data, exactly as `~` in YAML; in a verified workbook an empty
    cell is not verified and `~` is verified as no valid figure, as in YAML;
  - the exact messages (golden files tests/fixtures/xlsx/<case>.expected) for
    each bad workbook: text in a number cell, a deleted row, a renamed sheet,
    province or year changed, not a zip, a zip that is not a workbook, the
    template of another rule set, and both formats for one province.
Prints what it checked; exits 1 with the reasons on failure.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

from support.checks import expect, finish, golden
from support.workbook import SHEET, fill, rows

try:
    import openpyxl
    import yaml
except ImportError as e:
    sys.exit(f"xlsx: error: {e.name} is missing (apt-get install python3-openpyxl python3-yaml)")

SAMPLE = "data/sample"
GOLDEN = "tests/fixtures/xlsx"


def run(binary, *args, cwd=None):
    p = subprocess.run([binary, *args], capture_output=True, text=True, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def template(binary, path, code, year, *extra):
    rc, _, err = run(binary, "template", "--province", code, "--year", str(year), "--xlsx", path,
                     *extra)
    expect(f"template {code} {year} exits 0 ({err.strip()})", 0, rc)


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


# ------------------------------------------------------------------ the template

def rule_inputs(rules_dir="rules/2026"):
    return load_yaml(os.path.join(rules_dir, "inputs.yaml"))


def check_template(binary, tmp):
    path = os.path.join(tmp, "t.xlsx")
    template(binary, path, "150000", 2026, "--data", SAMPLE)
    wb = openpyxl.load_workbook(path)
    expect("sheets", [SHEET, "说明 Instructions"], wb.sheetnames)
    ws = wb[SHEET]
    keys = rows(ws)
    spec = rule_inputs()
    want = [f"submission.{f}" for f in ("province", "year", "rules", "stage", "illustrative",
                                        "source", "verified_by", "notes")]
    want += [f"{i['section']}.{i['id']}" for i in spec["inputs"]]
    expect("one row per header field and input, in the rules' order", want, list(keys))
    header = [ws.cell(row=4, column=c).value for c in range(1, 9)]
    expect("column headings", ["字段\nField", "名称", "Name", "2026年填报值\nValue 2026",
                               "上年 2025\nPrevious year", "单位", "Unit",
                               "允许范围 / 说明\nAllowed range / notes"], header)
    for cell in ws["A"]:
        if isinstance(cell.value, str) and cell.value.startswith("能源消费"):
            expect("section heading", "能源消费 Energy consumption (energy)", cell.value)
    prev = load_yaml(f"{SAMPLE}/submissions/2025/150000.yaml")
    protected_ok = True
    for i in spec["inputs"]:
        r = keys[f"{i['section']}.{i['id']}"]
        got = [ws.cell(row=r, column=c).value for c in (2, 3, 6, 7)]
        expect(f"{i['id']}: names and units", [i["name_zh"], i["name_en"], i["unit_zh"], i["unit"]],
               got)
        expect(f"{i['id']}: previous year", prev[i["section"]][i["id"]],
               ws.cell(row=r, column=5).value)
        protected_ok &= not ws.cell(row=r, column=4).protection.locked
        protected_ok &= all(ws.cell(row=r, column=c).protection.locked for c in (1, 2, 5, 6))
    expect("input cells unlocked, the rest locked", True, protected_ok)
    for field, value in (("province", "150000"), ("year", 2026), ("rules", "cn-dual-carbon-2026")):
        c = ws.cell(row=keys[f"submission.{field}"], column=4)
        expect(f"{field} written in", value, c.value)
        expect(f"{field} locked", True, c.protection.locked)
    expect("stage cell unlocked", False,
           ws.cell(row=keys["submission.stage"], column=4).protection.locked)
    expect("sheet protected", True, bool(ws.protection.sheet))
    expect("without a password", None, ws.protection.password)
    expect("instructions protected", True, bool(wb["说明 Instructions"].protection.sheet))
    dv = {str(d.sqref): d for d in ws.data_validations.dataValidation}
    for i in spec["inputs"]:
        d = dv.get(f"D{keys[i['section'] + '.' + i['id']]}")
        if not d:
            expect(f"{i['id']}: validated", True, False)
            continue
        cell = f"D{keys[i['section'] + '.' + i['id']]}"
        bounds = "".join(f",{cell}{op}{i[k]:g}" for k, op in (("min", ">="), ("max", "<="))
                         if k in i)
        expect(f"{i['id']}: validation: ~ (no data) or a number in range",
               ("custom", f'OR({cell}="~",AND(ISNUMBER({cell}){bounds}))'),
               (d.type, d.formula1))
        expect(f"{i['id']}: prompt names the unit", True,
               i["unit_zh"] in d.prompt and i["unit"] in d.prompt)
        expect(f"{i['id']}: error names the unit", True, i["unit"] in d.error)
    expect("stage offers reported and verified", '"reported,verified"',
           dv[f"D{keys['submission.stage']}"].formula1)
    expect("one page wide", (True, 0), (ws.sheet_properties.pageSetUpPr.fitToPage,
                                        ws.page_setup.fitToHeight))
    expect("landscape", "landscape", ws.page_setup.orientation)
    expect("header row repeated", "$4:$4", ws.print_title_rows)
    first = wb["说明 Instructions"]["A1"].value
    expect("instructions in Chinese first", "填报说明", first)
    # the data set by its name: no folder of the machine that made it, no path of the
    # sources the clerk cannot open
    texts = [str(c.value) for w in wb for r in w.iter_rows() for c in r if c.value is not None]
    expect("previous year named by the data set's name", True,
           "上年（2025年）数据取自数据集“示例数据（虚构）”。 Previous year (2025) from data set "
           "'Sample data (illustrative)'." in ws["A2"].value)
    expect("no path of the machine or of the sources", [],
           [t for t in texts if SAMPLE in t or "docs/" in t])
    again = os.path.join(tmp, "t2.xlsx")
    template(binary, again, "150000", 2026, "--data", SAMPLE)
    with open(path, "rb") as a, open(again, "rb") as b:
        expect("the same options give the same bytes", True, a.read() == b.read())


def check_template_usage(binary, tmp):
    """What template says when the workbook cannot be what was asked for."""
    rc, _, err = run(binary, "template", "--province", "110000", "--year", "2026",
                     "--xlsx", os.path.join(tmp, "t.txt"))
    expect("a workbook name without .xlsx", (2, f"assess template: error: '{tmp}/t.txt' must end "
                                                 "in .xlsx: workbooks are read by that name\n"),
           (rc, err))
    rc, _, err = run(binary, "template", "--province", "110000", "--year", "2026",
                     "--xlsx", os.path.join(tmp, "no", "such", "t.xlsx"))
    expect("an unwritable workbook exits 3", 3, rc)
    expect("and names the file", True,
           f"{tmp}/no/such/t.xlsx: error: cannot write file: No such file or directory\n" == err)
    rc, _, err = run(binary, "template", "--province", "110000", "--year", "2026",
                     "--xlsx", os.path.join(tmp, "t3.xlsx"), "--data", os.path.join(tmp, "none"))
    expect("a data set that cannot be read exits 1", 1, rc)
    expect("and nothing is written", False, os.path.exists(os.path.join(tmp, "t3.xlsx")))
    expect("no temporary file is left", [], [f for f in os.listdir(tmp) if f.endswith(".tmp")])


def check_new_input(binary, tmp):
    """An input added to the rule files appears in the template with no C change."""
    rules = os.path.join(tmp, "rules")
    shutil.copytree("rules", rules)
    with open(os.path.join(rules, "2026", "inputs.yaml"), "a", encoding="utf-8") as f:
        f.write("  - {id: heat_supply, section: energy, unit: 10^4 GJ, unit_zh: 万吉焦, min: 0,\n"
                "     max: 1000000, name_zh: 集中供热量, name_en: district heat supplied}\n")
    path = os.path.join(tmp, "new.xlsx")
    template(binary, path, "110000", 2026, "--rules", os.path.join(rules, "2026.yaml"))
    ws = openpyxl.load_workbook(path)[SHEET]
    keys = rows(ws)
    r = keys.get("energy.heat_supply")
    expect("a new input has its row in its section", "energy.non_fossil",
           [k for k, v in keys.items() if v == (r or 0) - 1][0] if r else None)
    if r:
        expect("with its names and units", ["集中供热量", "district heat supplied", "万吉焦",
                                             "10^4 GJ", "0 – 1e+06"],
               [ws.cell(row=r, column=c).value for c in (2, 3, 6, 7, 8)])


# ------------------------------------------------------------------ the round trip

def make_sets(binary, tmp):
    """A copy of the sample (YAML) and the same with every submission as a workbook."""
    yaml_set, xlsx_set = os.path.join(tmp, "yaml"), os.path.join(tmp, "xlsx")
    shutil.copytree(SAMPLE, yaml_set)
    shutil.copytree(SAMPLE, xlsx_set)
    blank = os.path.join(tmp, "blank")
    os.makedirs(blank)
    files = sorted(glob.glob(f"{xlsx_set}/submissions/*/*.yaml") +
                   glob.glob(f"{xlsx_set}/verified/*/*.yaml"))
    for n, src in enumerate(files):
        year, code = src.split("/")[-2], os.path.basename(src)[:-5]
        doc = load_yaml(src)
        tpl = os.path.join(blank, f"{year}-{code}.xlsx")
        template(binary, tpl, code, int(year))
        fill(tpl, src[:-5] + ".xlsx", doc, as_text=n % 3 == 0)
        os.remove(src)
    return yaml_set, xlsx_set, len(files)


def yaml_results(binary, yaml_set):
    """What check of every 2026 YAML submission and evaluate --json give."""
    codes = sorted(os.path.basename(p)[:-5] for p in glob.glob(f"{yaml_set}/submissions/2026/*"))
    checks = {c: run(binary, "check", f"{yaml_set}/submissions/2026/{c}.yaml") for c in codes}
    return checks, evaluate_doc(binary, yaml_set, "YAML")


def evaluate_doc(binary, ds, label):
    rc, out, err = run(binary, "evaluate", "--data", ds, "--no-reports", "--json", "-")
    expect(f"{label}: evaluate {os.path.basename(ds)} exits 0 ({err.strip()[:300]})", 0, rc)
    return json.loads(out.replace(ds, "DATA")) if out else None


def compare_sets(binary, yaml_set, results, other, label):
    """check of every 2026 submission and evaluate --json give the same results."""
    same_checks = 0
    checks, doc = results
    for code, y in checks.items():
        x = run(binary, "check", f"{other}/submissions/2026/{code}.xlsx")
        # the same but for the names of the data set and of its files
        xs = x[1].replace(other, yaml_set).replace(f"/{code}.xlsx", f"/{code}.yaml")
        if (y[0], y[1], y[2]) == (x[0], xs, x[2]):
            same_checks += 1
        else:
            expect(f"{label}: check {code}", (y[0], y[1], y[2]), (x[0], xs, x[2]))
    expect(f"{label}: check gives the same for all 31 provinces", 31, same_checks)
    expect(f"{label}: evaluate --json is the same", doc, evaluate_doc(binary, other, label))
    rc, out, err = run(binary, "validate", other)
    expect(f"{label}: validate the workbook data set ({err.strip()[:300]})", (0, "ok: 1 path valid\n"),
           (rc, out))


def libreoffice_resave(xlsx_set, tmp):
    """A copy of the set with every workbook re-saved by LibreOffice, in one soffice run."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("xlsx: LibreOffice (soffice) is not installed: skipping the LibreOffice round trip")
        return None
    lo_set, flat, out = (os.path.join(tmp, d) for d in ("lo", "lo-in", "lo-out"))
    shutil.copytree(xlsx_set, lo_set)
    os.makedirs(flat)
    books = sorted(glob.glob(f"{lo_set}/*/*/*.xlsx"))
    for b in books:
        stage, year, name = b.split("/")[-3:]
        shutil.copy(b, os.path.join(flat, f"{stage}-{year}-{name}"))
    profile = "file://" + os.path.join(tmp, "lo-profile")
    p = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", "xlsx", "--outdir", out,
                        *sorted(glob.glob(f"{flat}/*.xlsx"))],
                       capture_output=True, text=True, timeout=600)
    expect(f"soffice exits 0 ({p.stderr.strip()[:300]})", 0, p.returncode)
    for b in books:
        stage, year, name = b.split("/")[-3:]
        saved = os.path.join(out, f"{stage}-{year}-{name}")
        expect(f"LibreOffice wrote {stage}/{year}/{name}", True, os.path.exists(saved))
        if os.path.exists(saved):
            shutil.copy(saved, b)
    return lo_set


def check_empty_is_no_data(binary, tmp, yaml_set, xlsx_set):
    """Clearing a cell is the same as writing ~ in YAML."""
    src = f"{xlsx_set}/submissions/2026/110000.xlsx"
    wb = openpyxl.load_workbook(src)
    ws = wb[SHEET]
    ws.cell(row=rows(ws)["energy.coal"], column=4).value = None
    cleared = os.path.join(xlsx_set, "submissions", "2026", "cleared.xlsx")
    wb.save(cleared)
    with open(f"{yaml_set}/submissions/2026/110000.yaml", encoding="utf-8") as f:
        text = re.sub(r"(?m)^  coal: [0-9.]+", "  coal: ~", f.read())
    tilde = os.path.join(yaml_set, "submissions", "2026", "tilde.yaml")
    with open(tilde, "w", encoding="utf-8") as f:
        f.write(text)
    y = run(binary, "check", tilde, "--data", yaml_set)
    x = run(binary, "check", cleared, "--data", yaml_set)
    warned = "Warnings: 1 (on stderr): look at each before you submit.\n"
    expect("an empty cell checks as ~", (y[0], y[1].replace(tilde, "F")),
           (x[0], x[1].replace(cleared, "F").replace(warned, "")))
    expect("and it is no data", True, "no data for 'coal' in 2026" in x[1])
    expect("which is said, since a cell may be left empty by accident", True,
           "'coal' (煤炭消费量（含原料用煤）) is empty: it counts as no data; write ~ in the cell if "
           "there is no figure" in x[2])
    os.remove(cleared)
    os.remove(tilde)


def check_no_data_rule(binary, tmp):
    """One rule for "no data", said the same everywhere (issue 23, item 8): ~ in a cell is
    no data, taken without a word; an empty cell counts as no data too, with a warning
    saying to write ~; the cell's prompt and error message and the instructions in both
    languages say ~.  And the instructions' example of a problem is what check says."""
    book = os.path.join(tmp, "rule.xlsx")
    template(binary, book, "110000", 2026, "--data", SAMPLE, "--illustrative")
    fill(book, book, load_yaml(f"{SAMPLE}/submissions/2026/110000.yaml"))
    edit(book, lambda wb, ws: setattr(cell_of(ws, "energy.coal"), "value", "~"))
    rc, out, err = run(binary, "check", book, "--data", SAMPLE, "--no-what-if")
    expect("~ in a cell: no warning, no error", (0, ""), (rc, err))
    expect("~ in a cell is no data", True, "no data for 'coal' in 2026" in out)
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    d = next(v for v in ws.data_validations.dataValidation
             if str(v.sqref) == cell_of(ws, "energy.coal").coordinate)
    expect("the prompt says ~ in both languages", True,
           "无数据填 ~" in d.prompt and "No data: write ~" in d.prompt)
    expect("the error message too", True, "无数据填 ~" in d.error and "~ for no data" in d.error)
    text = [str(r[0]) for r in wb["说明 Instructions"].iter_rows(values_only=True) if r[0]]
    expect("the instructions say ~ in Chinese", True,
           any("没有数据时在单元格中填 ~" in t for t in text))
    expect("and in English", True, any("Write ~ in a cell where there is no figure" in t
                                        for t in text))
    expect("no instruction says a blank means no data", [],
           [t for t in text if "留空，表示" in t or "blank where there is no figure" in t])
    # the example of the instructions, in each language, is check's own message
    edit(book, lambda wb, ws: setattr(cell_of(ws, "energy.coal"), "value", "12 万吨标准煤"))
    for lang, mark in (("zh", "例如“"), ("en", 'e.g. "')):
        _, _, err = run(binary, "check", book, "--data", SAMPLE, "--lang", lang)
        line = next((t for t in text if mark in t), "")
        example = line.split(mark, 1)[-1].split("”" if lang == "zh" else '"', 1)[0]
        expect(f"instructions' example in {lang} is what check says", True,
               bool(example) and f"{book}:{example}" in err.splitlines())
        expect(f"instructions' example in {lang} is in that language", lang == "zh",
               "错误：" in example)


def check_verified_cells(binary, tmp, yaml_set, xlsx_set):
    """In a verified workbook an empty cell is not verified and "~" is verified as no valid
    figure, as a field left out and "~" are in a verified YAML file."""
    y, x = os.path.join(tmp, "vy"), os.path.join(tmp, "vx")
    shutil.copytree(yaml_set, y)
    shutil.copytree(xlsx_set, x)
    with open(f"{y}/verified/2026/140000.yaml", "a", encoding="utf-8") as f:
        f.write("forest:\n  forest_stock: ~\n")
    book = f"{x}/verified/2026/140000.xlsx"
    edit(book, lambda wb, ws: setattr(cell_of(ws, "forest.forest_stock"), "value", "~"))
    docs = [evaluate_doc(binary, d, "verified ~") for d in (y, x)]
    expect("verified: empty cells and ~ read as a YAML file's left-out fields and ~",
           docs[0], docs[1])
    shanxi = [p for p in (docs[1] or {}).get("provinces", []) if p["code"] == "140000"]
    forest = [i for i in shanxi[0]["indicators"] if i["id"] == "forest_stock"] if shanxi else []
    expect("verified ~ makes the indicator no data", "no_data",
           forest[0]["status"] if forest else None)


# ------------------------------------------------------------------ errors

def edit(path, fn):
    wb = openpyxl.load_workbook(path)
    fn(wb, wb[SHEET] if SHEET in wb.sheetnames else None)
    wb.save(path)


def cell_of(ws, key):
    return ws.cell(row=rows(ws)[key], column=4)


def bad_cases(binary):
    """name -> how to make the bad file: edit(workbook, input sheet) of a filled-in
    template, or make(path) for a file made otherwise."""
    def text_in_number(wb, ws):
        cell_of(ws, "energy.coal").value = "九千"
        cell_of(ws, "energy.oil").value = "1,234"

    def deleted_row(wb, ws):
        ws.delete_rows(rows(ws)["energy.gas_feedstock"])

    def renamed_sheet(wb, ws):
        ws.title = "Sheet1"

    def province_changed(wb, ws):
        cell_of(ws, "submission.province").value = "120000"

    def year_changed(wb, ws):
        cell_of(ws, "submission.year").value = 2025

    def not_a_zip(path):
        with open(path, "w", encoding="utf-8") as f:
            f.write("province: 110000\n")

    def zip_not_workbook(path):
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("README.txt", "a zip archive, not a workbook\n")

    def other_template(path):
        template(binary, path, "110000", 2016, "--rules", "rules/13fyp-backtest.yaml")

    return {
        "text_in_number": text_in_number, "deleted_row": deleted_row,
        "renamed_sheet": renamed_sheet, "province_changed": province_changed,
        "year_changed": year_changed, "not_a_zip": not_a_zip,
        "zip_not_workbook": zip_not_workbook, "other_template": other_template,
    }


def check_errors(binary, tmp, xlsx_set):
    filled = f"{xlsx_set}/submissions/2026/110000.xlsx"
    cases = bad_cases(binary)
    for name, make in cases.items():
        work = os.path.join(tmp, "bad", name)
        ds = os.path.join(work, "ds")
        shutil.copytree(SAMPLE, ds)
        target = os.path.join(ds, "submissions", "2026", "110000.xlsx")
        os.remove(os.path.join(ds, "submissions", "2026", "110000.yaml"))
        if make.__code__.co_argcount == 2:
            shutil.copy(filled, target)
            edit(target, make)
        else:
            make(target)
        rc, out, err = run(binary, "check", "ds/submissions/2026/110000.xlsx", cwd=work)
        expect(f"{name}: check exits 1", 1, rc)
        golden(f"{name}: messages", os.path.join(GOLDEN, name + ".expected"), err)
        with open(os.path.join(GOLDEN, name + ".expected"), encoding="utf-8") as f:
            expected = f.read()
        vrc, _, verr = run(binary, "validate", "ds", cwd=work)
        expect(f"{name}: validate of the data set exits 1", 1, vrc)
        expect(f"{name}: validate names the same problems", True,
               all(line in verr for line in expected.splitlines()))
    # both formats for one province and year
    work = os.path.join(tmp, "bad", "both_formats")
    shutil.copytree(SAMPLE, os.path.join(work, "ds"))
    shutil.copy(filled, os.path.join(work, "ds", "submissions", "2026", "110000.xlsx"))
    rc, out, err = run(binary, "validate", "ds", cwd=work)
    expect("both formats: validate exits 1", 1, rc)
    golden("both formats: validate", os.path.join(GOLDEN, "both_formats.expected"), err)
    rc, out, err = run(binary, "evaluate", "--data", "ds", "--no-reports", "--json", "-", cwd=work)
    doc = json.loads(out) if out else {"provinces": []}
    beijing = [p for p in doc["provinces"] if p["code"] == "110000"]
    expect("both formats: evaluate grades the others, Beijing invalid", (4, "invalid", 30),
           (rc, beijing[0]["grade"] if beijing else None,
            sum(p["grade"] != "invalid" for p in doc["provinces"])))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        check_template(binary, tmp)
        check_template_usage(binary, tmp)
        check_new_input(binary, tmp)
        yaml_set, xlsx_set, n = make_sets(binary, tmp)
        expect("workbooks made for every submission of the sample", 63, n)
        results = yaml_results(binary, yaml_set)
        compare_sets(binary, yaml_set, results, xlsx_set, "openpyxl")
        lo_set = libreoffice_resave(xlsx_set, tmp)
        if lo_set:
            compare_sets(binary, yaml_set, results, lo_set, "LibreOffice")
        check_empty_is_no_data(binary, tmp, yaml_set, xlsx_set)
        check_no_data_rule(binary, tmp)
        check_verified_cells(binary, tmp, yaml_set, xlsx_set)
        check_errors(binary, tmp, xlsx_set)
    finish()


if __name__ == "__main__":
    main()
