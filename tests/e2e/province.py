#!/usr/bin/env python3
"""README's province section works as written: its shell blocks run in a fresh folder
outside the repository, with `assess` found on the PATH.  The steps a person does by hand
(the comment lines "fill in ...") are done here: the workbook's yellow cells and the YAML
file's ~ get the sample's figures for Beijing 2026, and the files the section names as
sent by the centre (the targets, last year's submission) are put in the folder first.
Every command must succeed and check must say what it judged against.
argv[1] = the assess binary; run from the repository root."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import openpyxl
import yaml

BIN = os.path.abspath(sys.argv[1])
ROOT = os.getcwd()
SAMPLE = os.path.join(ROOT, "data", "sample")
failures = []
passed = 0


def expect(name, exp, got):
    global passed
    if exp == got:
        passed += 1
    else:
        failures.append(f"FAIL {name}\n--- expected\n{exp}\n--- got\n{got}")


def section_blocks():
    with open("README.md", encoding="utf-8") as f:
        text = f.read()
    start = text.index("<!-- province section")
    end = text.index("<!-- end of the province section -->")
    return re.findall(r"```sh\n(.*?)```", text[start:end], re.S)


def sample_figures():
    with open(os.path.join(SAMPLE, "submissions", "2026", "110000.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


HELPER = r'''#!PYTHON
# What a person does by hand between the README's commands: fill in a submission.
import sys, re, yaml, openpyxl
doc = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))
path = sys.argv[1]
if path.endswith(".xlsx"):
    wb = openpyxl.load_workbook(path)
    ws = wb["填报 Inputs"]
    for row in ws.iter_rows():
        key = row[0].value
        if isinstance(key, str) and "." in key:
            sec, field = key.split(".", 1)
            if sec == "submission" and field == "source":
                row[3].value = "figures of the provincial statistics bureau"
            elif sec in doc and field in doc[sec]:
                row[3].value = doc[sec][field]
    wb.save(path)
else:
    text = open(path, encoding="utf-8").read()
    text = text.replace('source: ""', 'source: "figures of the provincial statistics bureau"')
    for sec, fields in doc.items():
        if sec == "submission":
            continue
        for field, value in fields.items():
            text = re.sub(rf"^(  {field}:) ~", rf"\g<1> {value}", text, flags=re.M)
    open(path, "w", encoding="utf-8").write(text)
'''


def script_of(block, figures):
    """The block as a script: `set -e`, each command echoed, the fill-in comments done."""
    lines = ["set -e"]
    for line in block.splitlines():
        s = line.strip()
        if s.startswith("#") and "fill in the yellow cells" in s:
            lines.append(f"fill-in 110000.xlsx {figures}")
        elif s.startswith("#") and "fill in every ~" in s:
            lines.append(f"fill-in 110000.yaml {figures}")
        elif s and not s.startswith("#"):
            lines.append(f"echo '$ {s}'")
            lines.append(s)
    return "\n".join(lines) + "\n"


def run_block(block, cwd, env, figures):
    p = subprocess.run(["bash", "-c", script_of(block, figures)], cwd=cwd, env=env,
                       capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    tmp = tempfile.mkdtemp(prefix="assess-province-")
    try:
        bindir = os.path.join(tmp, "bin")
        os.makedirs(bindir)
        os.symlink(BIN, os.path.join(bindir, "assess"))
        helper = os.path.join(bindir, "fill-in")
        with open(helper, "w", encoding="utf-8") as f:
            f.write(HELPER.replace("PYTHON", sys.executable, 1))
        os.chmod(helper, 0o755)
        figures = os.path.join(SAMPLE, "submissions", "2026", "110000.yaml")
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
        for k in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
            env.pop(k, None)
        env["LANG"] = "C.UTF-8"
        home = os.path.join(tmp, "home")  # a fresh folder outside the repository
        os.makedirs(home)
        blocks = section_blocks()
        expect("the section has its two blocks", 2, len(blocks))

        rc, out, err = run_block(blocks[0], home, env, figures)
        expect(f"first block succeeds ({err.strip()[-300:]})", 0, rc)
        folder = os.path.join(home, "beijing-2026")
        first = out.split("$ assess check 110000.xlsx --lang zh")[0]
        expect("check names the bundled sample it judged against", True,
               "the bundled sample, since the file says it is illustrative" in first)
        expect("check names the targets", True,
               re.search(r"^Targets: .*data/sample/targets/15fyp.yaml, .*2026.yaml$", first, re.M)
               is not None)
        expect("check names last year's figures", True,
               re.search(r"^Previous years: 2025 .*data/sample/submissions/2025/110000.yaml$",
                         first, re.M) is not None)
        expect("the filled-in workbook would be graded", True,
               "-> would be graded Excellent ('excellent')" in first)
        expect("--lang zh prints Chinese", True, "自查 110000.xlsx：北京市" in out)
        with open(os.path.join(folder, "110000-check.json"), encoding="utf-8") as f:
            doc = json.load(f)
        sub = doc["submissions"][0]
        expect("JSON: the sample, as the source", ("sample", "excellent"), (sub["source"], sub["grade"]))
        expect("JSON: what it would take for every computed check", True,
               all(c["what_it_would_take"] is not None for i in sub["indicators"]
                   for c in i["checks"] if c["status"] in ("met", "missed")))

        # what the centre sent: the approved targets and last year's submission
        shutil.copy(os.path.join(SAMPLE, "targets", "2026.yaml"), os.path.join(folder, "targets-2026.yaml"))
        shutil.copy(os.path.join(SAMPLE, "targets", "15fyp.yaml"), os.path.join(folder, "targets-15fyp.yaml"))
        shutil.copy(os.path.join(SAMPLE, "submissions", "2025", "110000.yaml"),
                    os.path.join(folder, "110000-2025.yaml"))
        rc, out, err = run_block(blocks[1], folder, env, figures)
        expect(f"second block succeeds ({err.strip()[-300:]})", (0, True),
               (rc, err.count(": error: ") == 0))
        expect("a real file names the files it was judged against", True,
               "Data set: none; the files named with --targets and --previous" in out
               and "Targets: targets-2026.yaml, targets-15fyp.yaml" in out
               and "Previous years: 2025 110000-2025.yaml" in out)
        expect("it is graded", True, "-> would be graded" in out)
        # and without them it says what is missing, never using the sample
        p = subprocess.run(["assess", "check", "110000.yaml"], cwd=folder, env=env,
                           capture_output=True, text=True)
        expect("without targets: exit 2 and what to give", (2, True),
               (p.returncode, "give --data DIR, or --targets FILE and --previous FILE" in p.stderr))
        expect("without targets: no verdict from the sample", "", p.stdout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print(f)
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
