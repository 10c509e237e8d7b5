#!/usr/bin/env python3
"""Fault test: `assess evaluate` killed (SIGKILL) at random moments while it
writes the JSON and 32 workbooks into a folder that holds an older complete
set, and at the moment it starts putting files in place (the old manifest
goes).  After every kill, each .xlsx and .json under a final name must open
(openpyxl, json), and a manifest, if there is one, must list exactly the files
there with their right SHA-256 (a killed run leaves no manifest claiming a set
it did not finish).  Then a run to the end must remove what the killed runs
left, and write a manifest that `sha256sum -c` accepts.

usage: faults.py ASSESS_BINARY   (run from the repository root)
Set ASSESS_FAULT_SEED to replay one sequence of kill times."""
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import openpyxl

KILLS = 12
MANIFEST = "assess.sha256"
failures = []
verified = set()  # SHA-256 of contents already opened and found whole


def expect(what, exp, got):
    if exp != got:
        failures.append(f"{what}: expected {exp!r}, got {got!r}")


def command(binary, out, *extra):
    return [binary, "evaluate", "--rules", "rules/2026.yaml", "--data", "data/sample",
            "--out", out, "--json", os.path.join(out, "results.json"), *extra]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def finals(out):
    return sorted(f for f in os.listdir(out)
                  if not f.startswith(".") and f.endswith((".xlsx", ".json")))


def temporaries(out):
    return sorted(f for f in os.listdir(out) if f.startswith(".") and f.endswith(".tmp"))


def check_opens(out, when):
    """Every file under a final name is whole: the JSON parses, workbooks load."""
    for name in finals(out):
        path = os.path.join(out, name)
        digest = sha256(path)
        if digest in verified:
            continue
        try:
            if name.endswith(".json"):
                with open(path, encoding="utf-8") as f:
                    json.load(f)
            else:
                openpyxl.load_workbook(path).close()
            verified.add(digest)
        except Exception as e:  # any failure to open is what this test looks for
            failures.append(f"{when}: {name} does not open: {e}")


def check_manifest(out, when):
    """A manifest lists every final file with its hash, or is absent. Returns it."""
    path = os.path.join(out, MANIFEST)
    if not os.path.exists(path):
        return None
    listed = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            digest, name = line.rstrip("\n").split("  ", 1)
            listed[name] = digest
    expect(f"{when}: the manifest lists every file", finals(out), sorted(listed))
    wrong = [n for n, d in listed.items()
             if not os.path.exists(os.path.join(out, n)) or sha256(os.path.join(out, n)) != d]
    expect(f"{when}: files that do not match the manifest", [], wrong)
    return listed


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    seed = int(os.environ.get("ASSESS_FAULT_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix="assess-faults-")
    try:
        out = os.path.join(tmp, "reports")
        # The older set: another notification date, so its bytes differ.
        old = subprocess.run(command(binary, out, "--notified", "2027-07-30"),
                             capture_output=True)
        expect("exit code of the older run", 0, old.returncode)
        old_manifest = check_manifest(out, "older run")
        expect("the older run has a manifest", True, old_manifest is not None)
        check_opens(out, "older run")

        start = time.monotonic()
        subprocess.run(command(binary, os.path.join(tmp, "timing")), capture_output=True)
        whole = time.monotonic() - start

        interrupted = mixed = 0
        for k in range(KILLS):
            p = subprocess.Popen(command(binary, out), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            if k % 3 == 2:
                # while files are renamed into place: the moment the old manifest goes
                manifest_path = os.path.join(out, MANIFEST)
                while p.poll() is None and os.path.exists(manifest_path):
                    pass
            else:  # anywhere, or near the end
                time.sleep(rng.uniform(0, 1.1) * whole if k % 3 else
                           rng.uniform(0.8, 1.05) * whole)
            p.send_signal(signal.SIGKILL)
            p.wait()
            when = f"kill {k + 1} (seed {seed})"
            check_opens(out, when)
            manifest = check_manifest(out, when)
            interrupted += bool(temporaries(out))
            replaced = old_manifest and any(
                sha256(os.path.join(out, n)) != d for n, d in old_manifest.items()
                if os.path.exists(os.path.join(out, n)))
            if replaced and manifest == old_manifest:
                failures.append(f"{when}: files were replaced but the old manifest stayed")
            mixed += bool(replaced and manifest is None)
        expect(f"some kills interrupted the writing (seed {seed})", True, interrupted > 0)

        done = subprocess.run(command(binary, out), capture_output=True, text=True)
        expect("exit code of the run after the kills", 0, done.returncode)
        expect("temporary files left after a run to the end", [], temporaries(out))
        expect("the run to the end has a manifest", True,
               check_manifest(out, "run to the end") is not None)
        check_opens(out, "run to the end")
        ok = subprocess.run(["sha256sum", "--quiet", "-c", MANIFEST], cwd=out,
                            capture_output=True, text=True)
        expect("sha256sum -c on the manifest", (0, ""), (ok.returncode, ok.stdout + ok.stderr))
        print(f"faults: {KILLS} kills at random moments of a {whole:.2f} s run (seed {seed}): "
              f"{interrupted} left temporary files, {mixed} left a mixed set without a "
              f"manifest" + ("" if failures else
                             "; every file under a final name opened; the next run cleaned up"))
    finally:
        shutil.rmtree(tmp)
    if failures:
        print("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
