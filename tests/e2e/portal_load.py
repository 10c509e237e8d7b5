#!/usr/bin/python3
"""Load test of the portal on 127.0.0.1: 64 clients at once, the 31 provinces uploading (each
upload QA-checked), releasing and reading their envelopes while the centre reopens what was
released and evaluates the data set, for a while; every request's latency beside the
single-client median of the same run.  A benchmark, not a timed test: it fails only when a
request fails or a release is lost, and prints the figures.

usage: /usr/bin/python3 tests/e2e/portal_load.py PATH_TO_ASSESS [SECONDS]

SECONDS (default $PORTAL_LOAD_SECONDS, else 5; the long form in docs/portal.md is 60).  It
checks that no request failed (no 5xx, no connection error; a 409 when an envelope is
released by the time its upload arrives is an answer, not a failure), that every release the
clients were given a receipt for is in its envelope's history, and that every released file
in the data set is its envelope's latest receipt.
"""
import glob
import os
import statistics
import sys
import threading
import time

from support.checks import expect, finish
from support.portal import Portal, check_releases, logged_in

YEAR = "2026"
CLIENTS = 64


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = {}
        self.errors = []
        self.receipts = []

    def timed(self, kind, client, method, path, body=None, ok=(200, 201, 409)):
        t = time.perf_counter()
        try:
            r = client.call(method, path, body)
        except OSError as e:
            with self.lock:
                self.errors.append(f"{method} {path}: {e!r}")
            return None
        dt = time.perf_counter() - t
        with self.lock:
            self.times.setdefault(kind, []).append(dt)
            if r.status not in ok:
                self.errors.append(f"{method} {path}: {r.status} {r.body[:200]!r}")
        return r


def texts(portal):
    out = {}
    for path in sorted(glob.glob(os.path.join(portal.data, "submissions", YEAR, "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            out[os.path.basename(path)[:6]] = f.read()
    return out


def province(stats, c, code, text, until):
    env = f"/api/v1/envelopes/{YEAR}/{code}/reported"
    n = 0
    while time.time() < until:
        n += 1
        body = (text + f"\n# load {n}\n").encode("utf-8")
        r = stats.timed("upload (QA)", c, "POST", env + f"/files?name={code}.yaml", body)
        if r is not None and r.status == 201:
            r = stats.timed("release", c, "POST", env + "/release")
            if r is not None and r.status == 201:
                with stats.lock:
                    stats.receipts.append(r.json())
        stats.timed("envelope", c, "GET", env)


def reader(stats, c, code, until):
    while time.time() < until:
        stats.timed("history", c, "GET", f"/api/v1/envelopes/{YEAR}/{code}/reported/history")
        stats.timed("page", c, "GET", f"/envelopes/{YEAR}/{code}/reported")


def centre(stats, c, until):
    last_eval = 0.0
    while time.time() < until:
        r = stats.timed("status", c, "GET", f"/api/v1/status/{YEAR}")
        for p in (r.json()["provinces"] if r is not None and r.status == 200 else []):
            if p["reported"] == "released":
                stats.timed("reopen", c, "POST",
                            f"/api/v1/envelopes/{YEAR}/{p['province']}/reported/reopen")
        if time.time() - last_eval > 2:
            stats.timed("evaluate", c, "POST", f"/api/v1/results/{YEAR}/evaluate")
            last_eval = time.time()


def single(stats_one, c, code, text):
    """The single-client medians: the same requests, one at a time."""
    env = f"/api/v1/envelopes/{YEAR}/{code}/reported"
    for n in range(10):
        body = (text + f"\n# alone {n}\n").encode("utf-8")
        stats_one.timed("upload (QA)", c, "POST", env + f"/files?name={code}.yaml", body)
        stats_one.timed("envelope", c, "GET", env)
        stats_one.timed("history", c, "GET", env + "/history")
        stats_one.timed("page", c, "GET", f"/envelopes/{YEAR}/{code}/reported")


def report(stats, alone):
    print(f"{'request':<14} {'n':>6} {'median ms':>10} {'p99 ms':>9} {'alone ms':>9} "
          f"{'p99/alone':>9}")
    for kind in sorted(stats.times):
        t = sorted(stats.times[kind])
        p99 = t[min(len(t) - 1, int(0.99 * len(t)))]
        one = statistics.median(alone.times[kind]) if kind in alone.times else None
        print(f"{kind:<14} {len(t):>6} {statistics.median(t) * 1e3:>10.1f} {p99 * 1e3:>9.1f} "
              + (f"{one * 1e3:>9.1f} {p99 / one:>9.1f}" if one else f"{'-':>9} {'-':>9}"))


def main():
    seconds = float(sys.argv[2] if len(sys.argv) > 2 else os.environ.get("PORTAL_LOAD_SECONDS", 5))
    portal = Portal(sys.argv[1], "--threads", "8", "--per-address", str(CLIENTS + 8))
    try:
        t = texts(portal)
        codes = sorted(t)
        pw = {"p" + code: portal.account("p" + code, "province", code) for code in codes}
        pw["centre"] = portal.account("centre", "centre")
        portal.start()
        clients = logged_in(portal, pw)
        alone = Stats()
        single(alone, clients["p" + codes[0]], codes[0], t[codes[0]])
        stats = Stats()
        until = time.time() + seconds
        threads = [threading.Thread(target=province, args=(stats, clients["p" + c], c, t[c], until))
                   for c in codes]
        threads += [threading.Thread(target=reader,
                                     args=(stats, clients["p" + codes[i % 31]], codes[i % 31],
                                           until))
                    for i in range(CLIENTS - len(codes) - 1)]
        threads.append(threading.Thread(target=centre, args=(stats, clients["centre"], until)))
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        print(f"{len(threads)} clients for {seconds:g} s, {len(stats.receipts)} releases")
        report(stats, alone)
        expect("no request failed", [], (stats.errors + alone.errors)[:5])
        check_releases(portal, clients["centre"], stats.receipts, YEAR)
    finally:
        portal.close()
    finish(20)


if __name__ == "__main__":
    main()
