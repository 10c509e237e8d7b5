#!/usr/bin/python3
"""End-to-end: hostile and mistaken workbooks on the real binary, each made at test time from
Beijing's 2026 template filled with the sample's figures, then changed as an attacker or a
careless tool would (Python's zipfile writes what libzip will not: two entries of one name).

  - time: a key padded with 131,072 blanks in 1,000 rows, and one attribute of 16 MiB, each
    checked in under one second of CPU (they took minutes);
  - integrity: two parts of one name, or of names equal but for case; a stored sheet changed
    after its checksum; a zip cut short; a second sheet named like the input sheet;
  - messages at the cell: a shared-string index of -1, a figure of 1e308;
  - terminal escapes in a cell (OOXML _x001B_) and in YAML ("\\e"): shown as \\x1b, never
    sent raw;
  - other formats: a "CSV UTF-8" file, an .xls (by its bytes, under a .yaml name), an .xlsm
    and an upper-case 640000.XLSX in a data set, through check, validate and evaluate.
Exact messages are golden files tests/fixtures/hostile_xlsx/<case>.expected (English) and
<case>.zh.expected (Chinese), with the scratch folder written as TMP; UPDATE_GOLDEN=1
writes them instead.
usage: /usr/bin/python3 tests/e2e/hostile_xlsx.py PATH_TO_ASSESS (from the repository root)
"""
import base64
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import warnings
import zipfile

from support.checks import expect, finish

try:
    import openpyxl
    import yaml
except ImportError as e:
    sys.exit(f"hostile_xlsx: error: {e.name} is missing (apt-get install python3-openpyxl "
             "python3-yaml)")

BIN = os.path.abspath(sys.argv[1])
GOLDEN = "tests/fixtures/hostile_xlsx"
SHEET = "填报 Inputs"
CPU_BOUND = 1.0  # seconds of CPU for each case that took minutes before
tmp = tempfile.mkdtemp(prefix="assess-hostile-xlsx-")


def run(*args):
    """exit code, stdout, stderr and the CPU seconds of one run of assess."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p.returncode, p.stdout, p.stderr.replace(tmp, "TMP"), cpu


def golden(case, lang, got):
    path = os.path.join(GOLDEN, case + (".zh" if lang == "zh" else "") + ".expected")
    if os.environ.get("UPDATE_GOLDEN"):
        with open(path, "w", encoding="utf-8") as f:
            f.write(got)
    with open(path, encoding="utf-8") as f:
        return f.read()


def expect_messages(case, code, *args):
    """Each language: the exit code and the exact stderr, with no raw control character."""
    for lang in ("en", "zh"):
        rc, _, err, _ = run(*args, "--lang", lang)
        expect(f"{case} ({lang}): exit code", code, rc)
        expect(f"{case} ({lang}): messages", golden(case, lang, err), err)
        expect(f"{case} ({lang}): no control character reaches the terminal", [],
               re.findall(r"[\x00-\x09\x0b-\x1f\x7f\x80-\x9f]", err))


# ------------------------------------------------------------------ making workbooks

def filled_book(path, code="110000", template=None):
    """The template of code for 2026 filled in by openpyxl with the sample's figures; the
    template itself kept as template when given."""
    rc, _, err, _ = run("template", "--province", code, "--year", "2026", "--xlsx", path,
                        "--illustrative")
    expect(f"template {code}", (0, ""), (rc, err))
    if template:
        shutil.copy(path, template)
    with open(f"data/sample/submissions/2026/{code}.yaml", encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    wb = openpyxl.load_workbook(path)
    for row in wb[SHEET].iter_rows(min_row=1):
        key = row[0].value
        if isinstance(key, str) and "." in key:
            section, field = key.split(".", 1)
            if section == "submission" and field == "source":
                row[3].value = "hostile workbook test"
            elif field not in ("province", "year", "rules") and field in (doc.get(section) or {}):
                v = doc[section][field]
                row[3].value = ("true" if v else "false") if isinstance(v, bool) else v
    wb.save(path)


def entries(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def write(path, parts, stored=()):
    """A zip of the (name, bytes) parts in order, duplicates and all."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a duplicate name: that is the point
        with zipfile.ZipFile(path, "w") as z:
            for name, data in parts:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
                z.writestr(info, data)


def changed(parts, name, fn):
    return [(n, fn(d) if n == name else d) for n, d in parts]


SHEET_PART = "xl/worksheets/sheet1.xml"


def with_cell(xml, ref, cell):
    """The sheet XML with cell ref replaced by the XML cell."""
    new, n = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)'.encode(), cell.encode(), xml, count=1)
    expect(f"cell {ref} is in the sheet", 1, n)
    return new


# ------------------------------------------------------------------ cases

def time_cases(book):
    """book: the template as assess writes it, with shared strings (openpyxl writes none)."""
    parts = entries(book)
    rc0, out0, _, _ = run("check", "--no-what-if", book)
    # one shared string of 131,072 bytes (a key between blanks) named by 1,000 rows
    padded = " " * 65536 + "energy.coal" + "\t" * 65525
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>IDX</v></c></row>'
                   for r in range(2000, 3000))

    def add_string(xml):
        n = int(re.search(rb'uniqueCount="(\d+)"', xml).group(1))
        xml = re.sub(rb'uniqueCount="\d+"', f'uniqueCount="{n + 1}"'.encode(), xml)
        return xml.replace(b"</sst>", f'<si><t xml:space="preserve">{padded}</t></si></sst>'
                           .encode()), n

    sst = dict(parts)["xl/sharedStrings.xml"]
    sst, idx = add_string(sst)
    blanks = changed(changed(parts, "xl/sharedStrings.xml", lambda _: sst), SHEET_PART,
                     lambda x: x.replace(b"</sheetData>", rows.replace("IDX", str(idx)).encode()
                                         + b"</sheetData>"))
    write(f"{tmp}/blanks.xlsx", blanks)
    rc, _, err, cpu = run("check", "--no-what-if", f"{tmp}/blanks.xlsx")
    print(f"1,000 keys of 131,072 bytes: {cpu:.2f} s of CPU")
    expect("1,000 keys of 131,072 bytes: read, each located (the key is given twice)",
           (1, True), (rc, f"TMP/blanks.xlsx:{SHEET}!A2000: error: input 'coal' is given twice"
                       in err))
    expect(f"1,000 keys of 131,072 bytes: under {CPU_BOUND} s of CPU ({cpu:.2f} s)", True,
           cpu < CPU_BOUND)
    # an attribute of 16 MiB of text no packer shrinks, stored so the zip-bomb bound is not hit
    noise = base64.b64encode(os.urandom(12 << 20))
    big = changed(parts, SHEET_PART, lambda x: x.replace(b"<sheetPr>", b'<sheetPr codeName="'
                                                         + noise + b'">', 1))
    write(f"{tmp}/attribute.xlsx", big, stored={SHEET_PART})
    rc, out, err, cpu = run("check", "--no-what-if", f"{tmp}/attribute.xlsx")
    print(f"an attribute of 16 MiB: {cpu:.2f} s of CPU")
    expect("16 MiB attribute: checked as the workbook without it", (rc0, out0.replace(book, "")),
           (rc, out.replace(f"{tmp}/attribute.xlsx", "")))
    expect(f"16 MiB attribute: under {CPU_BOUND} s of CPU ({cpu:.2f} s)", True, cpu < CPU_BOUND)


def integrity_cases(book):
    parts = entries(book)
    sheet = dict(parts)[SHEET_PART]
    coal_one = with_cell(sheet, "D15", '<c r="D15"><v>1.0</v></c>')
    # the same name twice: this reader would take one, LibreOffice and openpyxl the other
    write(f"{tmp}/twice.xlsx", parts + [(SHEET_PART, coal_one)])
    expect_messages("part_twice", 1, "check", "--no-what-if", f"{tmp}/twice.xlsx")
    write(f"{tmp}/case.xlsx", parts + [(SHEET_PART.upper(), coal_one)])
    expect_messages("part_case", 1, "check", "--no-what-if", f"{tmp}/case.xlsx")
    # a stored sheet with one digit changed after its CRC was written
    write(f"{tmp}/crc.xlsx", parts, stored={SHEET_PART})
    with open(f"{tmp}/crc.xlsx", "rb") as f:
        data = f.read()
    at = data.index(b"<v>2985.9</v>")  # oil
    with open(f"{tmp}/crc.xlsx", "wb") as f:
        f.write(data[:at] + b"<v>1985.9</v>" + data[at + 13:])
    expect_messages("crc", 1, "check", "--no-what-if", f"{tmp}/crc.xlsx")
    # cut short in transit
    with open(book, "rb") as f:
        data = f.read()
    with open(f"{tmp}/cut.xlsx", "wb") as f:
        f.write(data[:len(data) // 2])
    expect_messages("truncated", 1, "check", "--no-what-if", f"{tmp}/cut.xlsx")
    # a second sheet named like the input sheet, pointing at the first one's rows
    second = changed(parts, "xl/workbook.xml", lambda x: x.replace(
        b"</sheets>", f'<sheet name="{SHEET}" sheetId="9" r:id="rId2"/></sheets>'.encode()))
    write(f"{tmp}/second.xlsx", second)
    expect_messages("second_sheet", 1, "check", "--no-what-if", f"{tmp}/second.xlsx")


def cell_cases(book):
    parts = entries(book)
    for case, cell in (("string_index", '<c r="D15" t="s"><v>-1</v></c>'),
                       ("huge_figure", '<c r="D15"><v>1e308</v></c>'),
                       ("escape_codes", '<c r="D15" t="inlineStr"><is><t>'
                                        '1_x001B_]0;PWNED_x0007__x001B_[2J</t></is></c>')):
        write(f"{tmp}/{case}.xlsx", changed(parts, SHEET_PART, lambda x: with_cell(x, "D15", cell)))
        expect_messages(case, 1, "check", "--no-what-if", f"{tmp}/{case}.xlsx")
    with open("data/sample/submissions/2026/110000.yaml", encoding="utf-8") as f:
        text = f.read()
    with open(f"{tmp}/escape.yaml", "w", encoding="utf-8") as f:
        f.write(re.sub(r"(?m)^  coal: \S+", r'  coal: "1\\e]0;PWNED\\a\\e[2J"', text))
    expect_messages("escape_codes_yaml", 1, "check", "--no-what-if", f"{tmp}/escape.yaml")


def format_cases():
    data = f"{tmp}/s"
    shutil.copytree("data/sample", data)
    year = f"{data}/submissions/2026"
    os.remove(f"{year}/640000.yaml")
    # Ningxia as "CSV UTF-8", Excel's and WPS's only UTF-8 choice: a byte order mark first
    with open(f"{year}/640000.csv", "wb") as f:
        f.write("\ufeffsection.field,value\r\nenergy.coal,9959.3\r\n".encode("utf-8"))
    expect_messages("csv", 1, "check", "--no-what-if", f"{year}/640000.csv")
    expect_messages("csv_validate", 1, "validate", data)
    rc, out, err, _ = run("evaluate", "--data", data, "--no-reports", "--lang", "en")
    row = next((l for l in out.splitlines() if l.startswith("640000")), "")
    expect("csv: evaluate grades the others and says why Ningxia is invalid", (4, True, True),
           (rc, " invalid " in row, "640000.csv: error: this is a .csv file" in err))
    expect("csv: evaluate grades every other province", 30,
           len(re.findall(r"(?m)^\d{6} .* (excellent|pass|fail) ", out)))
    os.remove(f"{year}/640000.csv")
    # an .xls saved under a .yaml name: chosen by its bytes, not its name
    with open(f"{year}/640000.yaml", "wb") as f:
        f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504))
    expect_messages("xls_named_yaml", 1, "check", "--no-what-if", f"{year}/640000.yaml")
    os.remove(f"{year}/640000.yaml")
    # a macro-enabled workbook, and an upper-case extension as some Windows tools save
    filled_book(f"{tmp}/640000.xlsx", "640000")
    os.rename(f"{tmp}/640000.xlsx", f"{year}/640000.xlsm")
    rc, out, err, _ = run("validate", data, "--lang", "en")
    expect("xlsm: validate gives the advice at the file",
           (1, f"TMP/s/submissions/2026/640000.xlsm: error: this is a .xlsm file: save it in "
               "Excel or WPS as an Excel workbook (*.xlsx)\n"), (rc, err))
    os.rename(f"{year}/640000.xlsm", f"{year}/640000.XLSX")
    rc, out, err, _ = run("validate", data, "--lang", "en")
    expect("640000.XLSX: validate reads it", (0, ""), (rc, err))
    rc, out, err, _ = run("evaluate", "--data", data, "--no-reports", "--lang", "en")
    expect("640000.XLSX: evaluate reads it and grades all 31", (0, "", 31), (rc, err, len(
        re.findall(r"(?m)^\d{6} .* (excellent|pass|fail) ", out))))


def main():
    try:
        book = f"{tmp}/110000.xlsx"
        filled_book(book, template=f"{tmp}/template.xlsx")
        rc, _, err, _ = run("check", "--no-what-if", book)
        expect("the filled workbook checks without error", (0, ""), (rc, err))
        time_cases(f"{tmp}/template.xlsx")
        integrity_cases(book)
        cell_cases(book)
        format_cases()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
