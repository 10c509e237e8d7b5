#!/usr/bin/env bash
# (Re)create the seed inputs of each fuzz corpus from the repository's own
# files: rules, data sets, calendars and the test fixtures, and the formulas of
# the rule files one per file.  Seeds are named seed-<path>; other files in a
# corpus folder (crashes found, inputs kept for coverage) are left alone.
# Run from anywhere: tests/fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=tests/fuzz/corpus

seed() { # corpus name, then files
    local name=$1; shift
    mkdir -p "$corpus/$name"
    rm -f "$corpus/$name"/seed-*
    for f in "$@"; do
        cp "$f" "$corpus/$name/seed-$(tr / - <<<"$f")"
    done
}

seed rules rules/*.yaml rules/*/*.yaml tests/fixtures/rules/*.yaml tests/fixtures/rules/*/*.yaml \
    tests/fixtures/cli/*.yaml tests/fixtures/datasets/tiny-rules.yaml
seed rules_include rules/2026/*.yaml rules/common/*.yaml tests/fixtures/rules/bad/*.yaml
seed submission data/sample/submissions/2026/*.yaml tests/fixtures/datasets/submissions/*.yaml \
    tests/fixtures/datasets/*/submissions/*/*.yaml
seed targets data/sample/targets/*.yaml data/backtest-13fyp/targets/*.yaml \
    tests/fixtures/datasets/*/targets/*.yaml tests/fixtures/datasets/bad_sets/*/targets/*.yaml
seed findings data/sample/findings/*.yaml tests/fixtures/datasets/*/findings/*.yaml \
    tests/fixtures/datasets/bad_sets/*/findings/*.yaml
seed request tests/fixtures/requests/*.req
seed verified data/sample/verified/*/*.yaml tests/fixtures/datasets/*/verified/*/*.yaml
seed dataset data/*/dataset.yaml tests/fixtures/datasets/*/dataset.yaml \
    tests/fixtures/datasets/bad_sets/*/dataset.yaml
seed calendar data/calendar/*.yaml tests/fixtures/calendar/*/*.yaml
seed proposal data/sample/targets/proposals/15fyp/*.yaml \
    data/backtest-13fyp/targets/proposals/13fyp/{110000,540000,national}.yaml \
    tests/fixtures/review/data/targets/proposals/test/*.yaml
seed plan rules/plans/*.yaml tests/fixtures/review/plan.yaml

# Formulas: every value of a formula field in the rule files, one per seed.
mkdir -p "$corpus/expr"
rm -f "$corpus/expr"/seed-*
/usr/bin/python3 - "$corpus/expr" rules/*.yaml rules/*/*.yaml tests/fixtures/rules/*/*.yaml <<'PY'
import sys, yaml, hashlib, os
out, files = sys.argv[1], sys.argv[2:]
found = set()
def walk(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("formula", "value", "target", "when") and isinstance(v, str):
                found.add(v)
            walk(v)
    elif isinstance(node, list):
        for v in node:
            walk(v)
for f in files:
    try:
        walk(yaml.safe_load(open(f, encoding="utf-8")))
    except yaml.YAMLError:
        pass  # the deliberately broken fixtures
for text in sorted(found):
    name = "seed-" + hashlib.sha1(text.encode()).hexdigest()[:12]
    open(os.path.join(out, name), "w", encoding="utf-8").write(text)
PY
# Workbooks: hostile variants of the hand-made workbook (every part stored, so
# mutations reach the XML): an entry twice, names equal but for case, tokens of
# 40 KiB, terminal escapes in cells, shared-string indexes no workbook holds, a
# figure of 1e308, a second sheet of the input sheet's name.  The other seeds
# of corpus/xlsx/ are real templates, kept as they are.
rm -f "$corpus/xlsx"/seed-hostile-*
/usr/bin/python3 - "$corpus/xlsx" <<'PY'
import os, sys, warnings, zipfile
out = sys.argv[1]
with zipfile.ZipFile(os.path.join(out, "handmade-stored.xlsx")) as z:
    base = [(i.filename, z.read(i)) for i in z.infolist()]
SHEET = "xl/worksheets/s.xml"
def with_part(name, fn):
    return [(n, fn(d) if n == name else d) for n, d in base]
def letters(n):
    return bytes(97 + (i * 7919 + i // 26) % 26 for i in range(n))
cases = {
    "entry-twice": base + [(SHEET, b"<worksheet><sheetData><row r=\"7\"><c r=\"D7\"><v>1.0</v></c>"
                                  b"</row></sheetData></worksheet>")],
    "entry-case": base + [(SHEET.upper(), b"<worksheet><sheetData/></worksheet>")],
    "long-attribute": with_part(SHEET, lambda x: x.replace(
        b"<worksheet>", b'<worksheet><sheetPr codeName="' + letters(40000) + b'"/>', 1)),
    "long-comment": with_part(SHEET, lambda x: x.replace(
        b"<sheetData>", b"<!--" + letters(40000) + b"--><sheetData>", 1)),
    "escape-codes": with_part(SHEET, lambda x: x.replace(
        b"_x0031_2.5", b"1_x001B_]0;PWNED_x0007__x001B_[2J_x009B_", 1)),
    "bad-index": with_part(SHEET, lambda x: x.replace(b"<v>2</v>", b"<v>-1</v>", 1).replace(
        b"<v>0</v>", b"<v>18446744073709551617</v>", 1)),
    "huge-figure": with_part(SHEET, lambda x: x.replace(
        b'<c r="D7" t="inlineStr"><is><t>_x0031_2.5</t></is></c>', b'<c r="D7"><v>1e308</v></c>', 1)),
    "second-sheet": with_part("xl/workbook.xml", lambda x: x.replace(
        b"</sheets>", "<sheet name=\"填报 INPUTS\" sheetId=\"2\" r:id=\"rId1\"/></sheets>".encode())),
}
warnings.simplefilter("ignore")  # zipfile warns of the duplicate name: that is the point
for name, parts in cases.items():
    with zipfile.ZipFile(os.path.join(out, f"seed-hostile-{name}.xlsx"), "w") as z:
        for n, data in parts:
            z.writestr(zipfile.ZipInfo(n, date_time=(1980, 1, 1, 0, 0, 0)), data)
PY
for d in "$corpus"/*/; do
    echo "$(basename "$d"): $(ls "$d" | wc -l) inputs"
done
