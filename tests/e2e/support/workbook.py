"""Submission workbooks as the template writes them, read and filled with openpyxl: the
rows of the input sheet by their "section.field" key, and filling a template with the
figures of a YAML submission.  (Shared by the end-to-end scripts; not a test itself.)"""
import re

import openpyxl
import yaml

SHEET = "填报 Inputs"
KEY = re.compile(r"^[A-Za-z_]\w*\.[A-Za-z_]\w*$")


def rows(ws):
    """{key: row number} of the input sheet."""
    return {r[0].value: r[0].row for r in ws.iter_rows(min_col=1, max_col=1)
            if isinstance(r[0].value, str) and KEY.match(r[0].value)}


def fill(src, dst, doc, as_text=False, stage=None):
    """Fill the template src with the figures of the YAML document doc into dst."""
    wb = openpyxl.load_workbook(src)
    ws = wb[SHEET]
    for key, row in rows(ws).items():
        section, field = key.split(".")
        if section == "submission" and field in ("province", "year", "rules"):
            continue
        given = doc.get(section) or {}
        v = given.get(field)
        if v is None and section != "submission" and field in given:
            v = "~"  # no figure, said so: as YAML's ~ (an empty cell would be warned about)
        elif v is None:
            continue
        if isinstance(v, bool):
            v = "true" if v else "false"
        elif as_text and isinstance(v, (int, float)):
            v = repr(v)
        ws.cell(row=row, column=4).value = v
    wb.save(dst)


def fill_twice(template, submission, good, bad, key, text):
    """Fill template with the figures of the YAML file submission into good, and the same
    with the figure of key ("section.field") typed as text into bad.  Returns key's row."""
    with open(submission, encoding="utf-8") as f:
        fill(template, good, yaml.safe_load(f))
    wb = openpyxl.load_workbook(good)
    row = rows(wb[SHEET])[key]
    wb[SHEET].cell(row=row, column=4).value = text
    wb.save(bad)
    return row
