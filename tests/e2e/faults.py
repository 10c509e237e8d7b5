#!/usr/bin/env python3
"""Fault test: `assess evaluate` killed (SIGKILL) at random moments while it
writes the JSON and 32 workbooks into a folder that holds an older complete
set, and at the moment it starts putting files in place (the old manifest
goes); then the same for a run over two years (a folder per year and one with
the JSON and the summary across them, each with its manifest).  After every
kill, each .xlsx and .json under a final name must open (openpyxl, json), and
a manifest, if there is one, must list exactly the files there with their
right SHA-256 (a killed run leaves no manifest claiming a set it did not
finish); over two years, a manifest in the top folder means one in every
year folder, and once any file was replaced no folder keeps its old manifest
(every old one goes before the first rename, the top one's new one comes
last).  Then a run to the end must remove what the killed runs left
(temporary files and the run's lock files), and write manifests that
`sha256sum -c` accepts.  Then a run into a folder whose run lock another
process holds is refused with one message, exit 3, and the set there stays
whole.  Last, a run whose reader goes away (`| head`) ends by SIGPIPE and
leaves no temporary or lock file.

usage: faults.py ASSESS_BINARY   (run from the repository root)
Set ASSESS_FAULT_SEED to replay one sequence of kill times."""
import fcntl
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

KILLS = 12       # of the one-year run
YEAR_KILLS = 6   # of the run over two years
MANIFEST = "assess.sha256"
failures = []
verified = set()  # SHA-256 of contents already opened and found whole


def expect(what, exp, got):
    if exp != got:
        failures.append(f"{what}: expected {exp!r}, got {got!r}")


def command(binary, out, *extra):
    return [binary, "evaluate", "--rules", "rules/2026.yaml", "--data", "data/sample",
            "--out", out, "--json", os.path.join(out, "results.json"), *extra]


def years_command(binary, out, *extra):
    return [binary, "evaluate", "--rules", "rules/13fyp-backtest.yaml", "--data",
            "data/backtest-13fyp", "--year", "2016-2017", "--quiet", "--out", out, "--json",
            os.path.join(out, "results.json"), *extra]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def finals(out):
    return sorted(f for f in os.listdir(out)
                  if not f.startswith(".") and f.endswith((".xlsx", ".json")))


def temporaries(out):
    """Temporary files, and the lock files of runs, left in out."""
    return sorted(f for f in os.listdir(out) if f.startswith(".") and f.endswith((".tmp", ".lock")))


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


def campaign(binary, tmp, rng, seed, name, make, older, folders, kills):
    """Kill runs of make(binary, out) into a folder holding an older complete set
    (made with the extra arguments older), checking every one of folders (paths
    relative to out) after each kill, then run to the end.  Returns a summary."""
    out = os.path.join(tmp, name)
    old = subprocess.run(make(binary, out, *older), capture_output=True)
    expect(f"{name}: exit code of the older run", 0, old.returncode)
    olds = {f: check_manifest(os.path.join(out, f), f"{name}: older run") for f in folders}
    expect(f"{name}: the older run has manifests", True, all(m is not None for m in olds.values()))
    for f in folders:
        check_opens(os.path.join(out, f), f"{name}: older run")

    start = time.monotonic()
    subprocess.run(make(binary, os.path.join(tmp, name + "-timing")), capture_output=True)
    whole = time.monotonic() - start

    interrupted = mixed = 0
    for k in range(kills):
        p = subprocess.Popen(make(binary, out), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        if k % 3 == 2:
            # while files are renamed into place: the moment the first folder's old
            # manifest goes (with two years, another folder may still have its own)
            manifest_path = os.path.join(out, folders[0], MANIFEST)
            while p.poll() is None and os.path.exists(manifest_path):
                pass
        else:  # anywhere, or near the end
            time.sleep(rng.uniform(0, 1.1) * whole if k % 3 else
                       rng.uniform(0.8, 1.05) * whole)
        p.send_signal(signal.SIGKILL)
        p.wait()
        when = f"{name}: kill {k + 1} (seed {seed})"
        manifests, replaced = {}, {}
        for f in folders:
            folder = os.path.join(out, f)
            if not os.path.isdir(folder):
                continue
            check_opens(folder, when)
            manifests[f] = check_manifest(folder, when)
            interrupted += bool(temporaries(folder))
            old_manifest = olds.get(f)
            replaced[f] = bool(old_manifest) and any(
                sha256(os.path.join(folder, n)) != d for n, d in old_manifest.items()
                if os.path.exists(os.path.join(folder, n)))
            mixed += replaced[f] and manifests[f] is None
        if any(replaced.values()):  # the first rename came after every old manifest went
            kept = [f for f in manifests if manifests[f] is not None and manifests[f] == olds.get(f)]
            expect(f"{when}: folders keeping their old manifest after a file was replaced", [],
                   kept)
        if manifests.get(folders[-1]) is not None:  # the top one is written last
            expect(f"{when}: the top folder has a manifest, so every folder has one", [],
                   [f for f in folders if manifests.get(f) is None])
    expect(f"{name}: some kills interrupted the writing (seed {seed})", True, interrupted > 0)

    done = subprocess.run(make(binary, out), capture_output=True, text=True)
    expect(f"{name}: exit code of the run after the kills", 0, done.returncode)
    for f in folders:
        folder = os.path.join(out, f)
        expect(f"{name}: {f}: temporary files left after a run to the end", [],
               temporaries(folder))
        expect(f"{name}: {f}: the run to the end has a manifest", True,
               check_manifest(folder, f"{name}: run to the end") is not None)
        check_opens(folder, f"{name}: run to the end")
        ok = subprocess.run(["sha256sum", "--quiet", "-c", MANIFEST], cwd=folder,
                            capture_output=True, text=True)
        expect(f"{name}: {f}: sha256sum -c on the manifest", (0, ""),
               (ok.returncode, ok.stdout + ok.stderr))
    return (f"{kills} kills at random moments of a {whole:.2f} s run: {interrupted} left "
            f"temporary files, {mixed} left a mixed set without a manifest")


def refused_while_locked(binary, tmp):
    """A run into a set whose year folder another process is writing (holding its run
    lock) writes nothing, says so once, exits 3; the set stays whole."""
    out = os.path.join(tmp, "years")
    before = {f: check_manifest(os.path.join(out, f), "before the locked run")
              for f in ("2016", "2017", ".")}
    with open(os.path.join(out, "2017", ".assess.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        p = subprocess.run(years_command(binary, out, "--lang", "en"), capture_output=True,
                           text=True)
    os.remove(os.path.join(out, "2017", ".assess.lock"))
    said = [line for line in p.stderr.splitlines() if "another assess run" in line]
    expect("a locked folder: exit code", 3, p.returncode)
    expect("a locked folder: said once, at the folder",
           [f"{out}/2017: error: cannot write into this folder: another assess run is writing "
            "there now (it holds '.assess.lock'), so this run writes nothing; wait for it to "
            "end, or write elsewhere"], said)
    changed = [f for f, manifest in before.items()
               if manifest != check_manifest(os.path.join(out, f), "after the locked run")]
    expect("a locked folder: folders of the set changed by the refused run", [], changed)
    return "a run into a folder another run holds was refused and changed nothing"


def reader_gone(binary, tmp):
    """`assess evaluate --year 2016-2019 | head`: the reader goes away after the 2017 table,
    when the 2016 and 2017 workbooks are begun under temporary names.  The run ends by
    SIGPIPE as a pipeline expects, and leaves no temporary or lock file and puts nothing
    in place."""
    out = os.path.join(tmp, "head")
    os.mkdir(out)
    p = subprocess.Popen([binary, "evaluate", "--rules", "rules/13fyp-backtest.yaml", "--data",
                          "data/backtest-13fyp", "--year", "2016-2019", "--lang", "en",
                          "--out", out], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    for line in p.stdout:
        if line.startswith(b"Assessment 2017"):
            break
    p.stdout.close()
    rc = p.wait()
    expect("a reader gone: ended by SIGPIPE", -signal.SIGPIPE, rc)
    left = {d: temporaries(os.path.join(out, d)) for d in ("2016", "2017", ".")
            if os.path.isdir(os.path.join(out, d))}
    expect("a reader gone: temporary and lock files left", {}, {d: f for d, f in left.items() if f})
    placed = [f for d in left for f in finals(os.path.join(out, d))]
    expect("a reader gone: files put in place", [], placed)
    return "a run whose reader went away ended by SIGPIPE and left nothing behind"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    seed = int(os.environ.get("ASSESS_FAULT_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix="assess-faults-")
    try:
        # The older sets: another notification date, or the other language, so bytes differ.
        one = campaign(binary, tmp, rng, seed, "reports", command, ["--notified", "2027-07-30"],
                       ["."], KILLS)
        two = campaign(binary, tmp, rng, seed, "years", years_command, ["--lang", "zh"],
                       ["2016", "2017", "."], YEAR_KILLS)
        locked = refused_while_locked(binary, tmp)
        gone = reader_gone(binary, tmp)
        print(f"faults (seed {seed}): one year: {one}; two years: {two}; {locked}; {gone}" +
              ("" if failures else
               "; every file under a final name opened; the next run cleaned up"))
    finally:
        shutil.rmtree(tmp)
    if failures:
        print("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
