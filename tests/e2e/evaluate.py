"""End-to-end: `assess evaluate` on the real rules/ and data/sample.

Checks every province's grade and missed counts against the outcomes the sample
was built to show (data/sample/README.md), the special cases (exactly on target,
no data, exempt, verified override, fraud), the deadlines, and that a batch with
one unreadable submission grades that province `invalid` with a located error
and every other province as before (exit 4).  Run from the repository root:
    /usr/bin/python3 tests/e2e/evaluate.py PATH_TO_ASSESS
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from support.checks import expect, finish

EXPECTED = {  # code: (grade, control_missed, support_missed)
    "110000": ("excellent", 0, 0), "120000": ("pass", 0, 1), "130000": ("excellent", 0, 0),
    "140000": ("fail", 1, 0), "150000": ("fail", 2, 0), "210000": ("fail", 0, 3),
    "220000": ("pass", 0, 2), "230000": ("excellent", 0, 0), "310000": ("excellent", 0, 0),
    "320000": ("pass", 0, 1), "330000": ("excellent", 0, 0), "340000": ("pass", 0, 1),
    "350000": ("excellent", 0, 0), "360000": ("excellent", 0, 0), "370000": ("pass", 0, 2),
    "410000": ("excellent", 0, 0), "420000": ("excellent", 0, 0), "430000": ("pass", 0, 1),
    "440000": ("excellent", 0, 0), "450000": ("pass", 0, 2), "460000": ("fail", 0, 0),
    "500000": ("excellent", 0, 0), "510000": ("excellent", 0, 0), "520000": ("pass", 0, 1),
    "530000": ("excellent", 0, 0), "540000": ("excellent", 0, 0), "610000": ("pass", 0, 1),
    "620000": ("pass", 0, 2), "630000": ("excellent", 0, 0), "640000": ("fail", 2, 1),
    "650000": ("pass", 0, 1),
}


def run(binary, *args):
    p = subprocess.run([binary, "evaluate", "--no-reports", "--json", "-", *args],
                       capture_output=True, text=True)
    return p.returncode, json.loads(p.stdout) if p.stdout else None, p.stderr


def indicator(prov, ident):
    return next(i for i in prov["indicators"] if i["id"] == ident)


def check_sample(binary):
    rc, doc, err = run(binary)
    expect("exit code on the sample", 0, rc)
    expect("assessment year", 2026, doc["assessment_year"])
    expect("notified", "2027-06-30", doc["notified"])
    expect("illustrative", True, doc["illustrative"])
    codes = [p["code"] for p in doc["provinces"]]
    expect("provinces in code order", sorted(EXPECTED), codes)
    by = {p["code"]: p for p in doc["provinces"]}
    for code, (grade, c, s) in EXPECTED.items():
        p = by[code]
        expect(f"{code} grade", grade, p["grade"])
        expect(f"{code} missed", (c, s), (p["control_missed"], p["support_missed"]))
        expect(f"{code} indicators in rule order", 14, len(p["indicators"]))
        deadline = "2027-08-11" if grade == "fail" else None
        expect(f"{code} deadline", deadline, p["rectification_deadline"])
        expect(f"{code} provisional", grade == "fail", p["deadline_provisional"])
    # Special cases the sample carries.
    hebei = indicator(by["130000"], "coal_total")
    expect("Hebei exactly on its coal cap", ("met", hebei["target"]), (hebei["status"], hebei["value"]))
    pub = indicator(by["650000"], "public_institutions")
    expect("Xinjiang public institutions", ("no_data", None), (pub["status"], pub["value"]))
    expect("Xinjiang no-data reason", "no data for 'pub_co2' in 2026", pub["checks"][0]["no_data"])
    ets = indicator(by["540000"], "ets_control")
    expect("Tibet ets exempt", "exempt", ets["status"])
    expect("Hainan fraud", (True, "fail", 0, 0), (by["460000"]["fraud"], by["460000"]["grade"],
           by["460000"]["control_missed"], by["460000"]["support_missed"]))
    coal = indicator(by["140000"], "coal_total")
    expect("Shanxi verified coal missed", "missed", coal["status"])
    expect("Shanxi reported and verified coal", [{"input": "coal", "year": 2026, "reported": 22905.3,
           "verified": 23034.2, "verified_by": "NBS"}], by["140000"]["verified_overrides"])
    expect("Beijing has no verified figures", [], by["110000"]["verified_overrides"])
    expect("deadline rule stated", True,
           by["140000"]["deadline_rule"].startswith("30 working days after notification on 2027-06-30"))
    expect("calendar years stated", "calendar: 2027 provisional",
           by["140000"]["deadline_calendar"][:26])
    expect("no rule without a deadline", None, by["110000"]["deadline_rule"])
    co2i = indicator(by["640000"], "co2_intensity")
    expect("Ningxia co2_intensity checks", ["annual", "cumulative"], [c["name"] for c in co2i["checks"]])
    return by


def check_broken_batch(binary, before):
    tmp = tempfile.mkdtemp()
    try:
        data = os.path.join(tmp, "sample")
        shutil.copytree("data/sample", data)
        bad = os.path.join(data, "submissions", "2026", "320000.yaml")
        with open(bad, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("  coal: ", "  coal: lots #", 1)
        with open(bad, "w", encoding="utf-8") as f:
            f.write(text)
        line = next(n for n, l in enumerate(text.splitlines(), 1) if l.startswith("  coal: "))
        rc, doc, err = run(binary, "--data", data)
        expect("exit code with one invalid province", 4, rc)
        by = {p["code"]: p for p in doc["provinces"]}
        expect("Jiangsu invalid", "invalid", by["320000"]["grade"])
        expect("Jiangsu error", f"{bad}:{line}:9: error: 'coal' must be a number in 10^4 tce (万吨标准煤), got 'lots'",
               by["320000"]["error"])
        for code, p in by.items():
            if code != "320000":
                expect(f"{code} still graded", before[code]["grade"], p["grade"])
    finally:
        shutil.rmtree(tmp)


def main():
    binary = sys.argv[1]
    before = check_sample(binary)
    check_broken_batch(binary, before)
    finish()


if __name__ == "__main__":
    main()
