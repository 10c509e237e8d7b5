#!/usr/bin/python3
"""Fault test: the portal killed with SIGKILL at random moments while 50 releases run at once,
and started again, each time.

usage: /usr/bin/python3 tests/e2e/portal_faults.py PATH_TO_ASSESS [ROUNDS]

ROUNDS (default $PORTAL_FAULT_ROUNDS, else 3; the long form is 20).  On a copy of the sample:
31 province accounts and a department; each round the centre reopens every envelope, the 31
provinces upload their reported figures and the department 19 provinces' verified ones (a
new version each round), then all 50 release at once and the portal is killed at a random
moment among them.  After every restart it checks that:
  - every receipt a client was given has its file in the data set with the receipt's
    SHA-256, and a `release` row in its envelope's history;
  - every file in the data set is the latest receipt of its envelope, or, where the envelope
    has none, the file the data set started with (none lacks one), and no temporary file of a
    release is left;
  - the database passes `PRAGMA integrity_check`, and no history row was lost.
Prints what it checked; exits 1 with the reasons on failure.
"""
import glob
import os
import random
import re
import signal
import sqlite3
import sys
import threading
import time

from support.checks import expect, finish
from support.portal import Portal, check_releases, logged_in, sha256

YEAR = "2026"


def verified_text(reported, code):
    """A verified file of a province made from its reported one."""
    text = reported.replace("stage: reported", "stage: verified")
    return text.replace("  illustrative: true", "  illustrative: true\n  verified_by: NBS", 1)


def deliveries(portal):
    """(stage, code, account, text) of the 50 envelopes released each round."""
    out = []
    for path in sorted(glob.glob(os.path.join(portal.data, "submissions", YEAR, "*.yaml"))):
        code = os.path.basename(path)[:6]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        out.append(("reported", code, "p" + code, text))
        if len(out) <= 19 * 2 and code != "140000":
            out.append(("verified", code, "nbs", verified_text(text, code)))
    return [d for d in out if d[0] == "reported"] + [d for d in out if d[0] == "verified"][:19]


def envelope(stage, code):
    return f"/api/v1/envelopes/{YEAR}/{code}/{stage}"


def upload_all(clients, todo, rnd):
    for stage, code, user, text in todo:
        body = (text + f"\n# round {rnd}\n").encode("utf-8")
        r = clients[user].call("POST", envelope(stage, code) + "/files?name=" + code + ".yaml",
                               body)
        qa = r.json()["qa"] if r.status == 201 else {}
        if r.status != 201 or (qa["submissions"][0] if "submissions" in qa else qa)["errors"]:
            raise RuntimeError(f"upload {stage} {code}: {r.status} {r.body[:300]!r}")


def release_all(portal, clients, todo):
    """Release everything at once, kill the portal at a random moment among the releases
    (once a random number of them, 0 to 49, has answered: a moment picked by the clock alone
    falls after the last one on a fast machine); the receipts given."""
    receipts, lock = [], threading.Lock()

    def release(stage, code, user):
        try:
            r = clients[user].call("POST", envelope(stage, code) + "/release")
        except OSError:
            return  # killed before it answered: no receipt was given
        if r.status == 201:
            with lock:
                receipts.append(r.json())

    threads = [threading.Thread(target=release, args=d[:3]) for d in todo]
    for t in threads:
        t.start()
    kill_after, end = random.randrange(len(todo)), time.time() + 120
    while time.time() < end:
        with lock:
            if len(receipts) >= kill_after:
                break
        time.sleep(0.001)
    time.sleep(random.uniform(0, 0.005))
    portal.proc.send_signal(signal.SIGKILL)
    portal.proc.wait()
    portal.proc = None
    for t in threads:
        t.join()
    return receipts


def check(portal, centre, receipts, history_before, rnd):
    db = sqlite3.connect(os.path.join(portal.state, "assess.sqlite"))
    expect(f"round {rnd}: integrity_check", "ok", db.execute("PRAGMA integrity_check").fetchone()[0])
    history_now = db.execute("SELECT count(*) FROM history").fetchone()[0]
    db.close()
    expect(f"round {rnd}: no history row lost", True, history_now >= history_before)
    for r in receipts:
        path = os.path.join(portal.data, r["file"])
        expect(f"round {rnd}: receipt of {r['file']} has its file", r["sha256"],
               sha256(path) if os.path.exists(path) else None)
    check_releases(portal, centre, receipts, YEAR, ("reported", "verified"), f"round {rnd}: ")
    left = glob.glob(os.path.join(portal.data, "*", YEAR, ".*.tmp"))
    expect(f"round {rnd}: no temporary file left", [], left)
    return history_now


def reopen_all(centre, todo):
    for stage, code, _, _ in todo:
        centre.call("POST", envelope(stage, code) + "/reopen")


def main():
    rounds = int(sys.argv[2] if len(sys.argv) > 2 else os.environ.get("PORTAL_FAULT_ROUNDS", 3))
    portal = Portal(sys.argv[1], "--threads", "8")
    try:
        todo = deliveries(portal)
        expect("50 releases at once", 50, len(todo))
        pw = {u: portal.account(u, "province", u[1:]) for _, _, u, _ in todo if u != "nbs"}
        pw["nbs"] = portal.account("nbs", "department")
        pw["centre"] = portal.account("centre", "centre")
        history = 0
        portal.start()
        clients = logged_in(portal, pw)  # sessions outlive restarts
        for rnd in range(1, rounds + 1):
            started = time.time()
            if not portal.proc:
                portal.start()
            reopen_all(clients["centre"], todo)
            upload_all(clients, todo, rnd)
            receipts = release_all(portal, clients, todo)
            portal.start()  # settles the releases left at their intent
            history = check(portal, clients["centre"], receipts, history, rnd)
            print(f"round {rnd}: {len(receipts)} receipts before the kill, "
                  f"{time.time() - started:.1f} s")
            if rnd == rounds:
                expect("SIGTERM stops it", 0, portal.stop())
    finally:
        portal.close()
    finish(20)


if __name__ == "__main__":
    main()
