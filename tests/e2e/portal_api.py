#!/usr/bin/python3
"""End-to-end: the delivery portal through its JSON API, as a province, a department and the
centre would use it, without a browser.

usage: /usr/bin/python3 tests/e2e/portal_api.py PATH_TO_ASSESS

Run from the repository root (CTest does).  On a copy of the bundled sample, with a fresh
state folder and a portal on 127.0.0.1, it checks that:
  - accounts are made with a password on standard input, never an argument, and none is
    accepted shorter than 10 characters; a wrong password and an unknown account get the
    same answer; after five failed logins from an address it is throttled (429 with
    Retry-After), for every account, and other addresses are not;
  - the Ningxia clerk downloads the template (the previous year's released figures in it),
    fills it with openpyxl, uploads it with one figure typed as text and gets the error at
    its cell; the release is refused; the fixed workbook uploads clean and is released: the
    file in the data set is the bytes uploaded, and the receipt's SHA-256 is the file's;
    a released envelope takes no upload, and only the centre reopens it;
  - the Shanxi clerk gets 404 for every route of Ningxia's envelope and results, and a
    department cannot publish;
  - a department delivers the year's findings: a findings file of another year is refused
    by the same check `evaluate` makes, the corrected one is released as
    DATA/findings/2026.yaml; no province sees the findings envelope;
  - the results pages of an evaluation of illustrative data say so, in the data set's words;
  - a request that changes state without the session's CSRF token is refused (403), and so
    is a JSON body sent as a form; the upload form's file is refused when the token does not
    come before it, and a form with two files is refused;
  - the centre's evaluating a year with no released submission (2027) is refused with the
    reason in the visitor's language, on the page and through the API, as `assess evaluate`
    skips such a year: nothing is evaluated, written or published;
  - the centre evaluates and publishes; Ningxia then sees its own grade and deadline only;
    the data set after the release evaluates (`assess evaluate --data DIR`) exactly as the
    portal's national table says;
  - history rows cannot be changed (an UPDATE fails), and a restarted portal shows the same
    state; SIGTERM stops it with exit code 0;
  - a workbook whose notes, source, a figure and a sheet name, and a YAML file whose field
    and text carry markup (and both files' names) reach the envelope and history pages as
    text; a zip bomb costs its upload an error and nobody else anything;
  - an upload over the cap is refused with 413 before its body is sent when its size is
    declared, and its connection closed once an undeclared one passes the cap;
  - every answer, refusals too, carries the security headers (CSP with frame-ancestors,
    nosniff, no framing, no caching), and a refusal names no path;
  - `assess serve --backup DEST` copies the state while the portal runs, and a portal
    started on the copy shows the same envelope, versions, history and files.
Prints what it checked; exits 1 with the reasons on failure.
"""
import html
import http.client
import json
import os
import socket
import sqlite3
import sys
import urllib.parse
import zipfile

import yaml

from support.checks import expect, failures, finish
from support.portal import Client, Portal, sha256
from support.workbook import SHEET, fill, fill_twice, rows

try:
    import openpyxl
    import yaml
except ImportError as e:
    sys.exit(f"portal_api: error: {e.name} is missing (apt-get install python3-openpyxl python3-yaml)")

NX = "2026/640000/reported"
SX = "2026/140000/reported"


def accounts(portal):
    """The accounts of the test, and what `accounts` refuses."""
    pw = {"nx": portal.account("nx", "province", "640000"),
          "sx": portal.account("sx", "province", "140000"),
          "nbs": portal.account("nbs", "department"),
          "centre": portal.account("centre", "centre")}
    rc, _, err = portal.run("accounts", "add", "--state", portal.state, "--user", "x", "--role",
                            "centre", stdin="short\n")
    expect("a short password is refused", (2, True), (rc, "10 to 1024" in err))
    rc, _, err = portal.run("accounts", "add", "--state", portal.state, "--user", "y", "--role",
                            "province", "--province", "999999", stdin="long enough pw\n")
    expect("an unknown province is refused", (2, True), (rc, "unknown province" in err))
    rc, out, _ = portal.run("accounts", "list", "--state", portal.state)
    expect("list names every account", ["centre", "nbs", "nx", "sx"],
           [line.split()[0] for line in out.splitlines()])
    return pw


def logins(portal, pw):
    c = Client(portal)
    wrong, unknown = c.login("nx", "not the password"), c.login("nobody", "not the password")
    expect("wrong password and unknown account answer alike", (401, wrong.body),
           (unknown.status, unknown.body))
    expect("no session after a failed login", 401, c.get("/api/v1/session").status)
    # the throttle, from an address of its own (it would hold back 127.0.0.1's logins too)
    port = int(portal.url.rsplit(":", 1)[1])

    def login_from(user, password):
        h = http.client.HTTPConnection("127.0.0.1", port, timeout=20,
                                       source_address=("127.0.0.2", 0))
        h.request("POST", "/api/v1/session", json.dumps({"user": user, "password": password}),
                  {"Content-Type": "application/json"})
        r = h.getresponse()
        r.read()
        h.close()
        return r.status, r.getheader("Retry-After")
    tries = [login_from("ghost", "not the password")[0] for _ in range(5)]
    expect("five failed logins are answered 401", [401] * 5, tries)
    status, retry = login_from("ghost", "not the password")
    expect("the sixth is throttled, with Retry-After", (429, True), (status, bool(retry)))
    expect("the address is throttled for every account", 429, login_from("nx", pw["nx"])[0])
    expect("another address is not", 200, Client(portal).login("nx", pw["nx"]).status)


def upload_workbook(portal, nx, tmp):
    """Template, a figure typed as text, the error at its cell, the fix; the clean version."""
    r = nx.get(f"/api/v1/envelopes/{NX}/template")
    expect("template downloads", 200, r.status)
    template = os.path.join(tmp, "template.xlsx")
    with open(template, "wb") as f:
        f.write(r.body)
    ws = openpyxl.load_workbook(template)[SHEET]
    coal_row = rows(ws)["energy.coal"]
    expect("the template shows the previous year's released figure", True,
           isinstance(ws.cell(row=coal_row, column=5).value, (int, float)))
    bad, good = os.path.join(tmp, "宁夏-2026.xlsx"), os.path.join(tmp, "fixed.xlsx")
    fill_twice(template, os.path.join(portal.data, "submissions/2026/640000.yaml"), good, bad,
               "energy.coal", "一千二百")
    r = nx.upload(NX, bad)
    expect("upload with a text figure: stored (201)", 201, r.status)
    qa = r.json()["qa"]["submissions"][0]
    expect("its error is located at the cell", True,
           any(f"宁夏-2026.xlsx:{SHEET}!D{coal_row}: error:" in e for e in qa["errors"]))
    expect("the release is refused while it has errors", 409,
           nx.call("POST", f"/api/v1/envelopes/{NX}/release").status)
    r = nx.upload(NX, good)
    expect("the fixed workbook uploads clean", (201, []),
           (r.status, r.json()["qa"]["submissions"][0]["errors"] if r.status == 201 else None))
    return good, r.json()["upload"]["version"] if r.status == 201 else 0


def release(portal, nx, good, version):
    r = nx.call("POST", f"/api/v1/envelopes/{NX}/release?version={version}")
    expect("release answers the receipt", 201, r.status)
    receipt = r.json()
    placed = os.path.join(portal.data, receipt["file"])
    expect("the receipt names the file in the data set", "submissions/2026/640000.xlsx",
           receipt["file"])
    expect("the receipt's SHA-256 is the data set file's", sha256(placed), receipt["sha256"])
    expect("the file is the bytes uploaded", sha256(good), sha256(placed))
    expect("the other format's file left the data set", False,
           os.path.exists(os.path.join(portal.data, "submissions/2026/640000.yaml")))
    r = nx.get(f"/api/v1/envelopes/{NX}/receipts/1")
    expect("the receipt downloads again", (200, receipt), (r.status, r.json()))
    expect("a released envelope takes no upload", 409, nx.upload(NX, good).status)
    expect("a province cannot reopen", 403,
           nx.call("POST", f"/api/v1/envelopes/{NX}/reopen").status)


def isolation(sx, nbs):
    """Shanxi sees nothing of Ningxia; a department cannot publish."""
    for method, route in [("GET", f"/api/v1/envelopes/{NX}"),
                          ("GET", f"/api/v1/envelopes/{NX}/template"),
                          ("GET", f"/api/v1/envelopes/{NX}/files/1"),
                          ("GET", f"/api/v1/envelopes/{NX}/files/1/qa"),
                          ("GET", f"/api/v1/envelopes/{NX}/receipts/1"),
                          ("GET", f"/api/v1/envelopes/{NX}/history"),
                          ("POST", f"/api/v1/envelopes/{NX}/files?name=x.yaml"),
                          ("POST", f"/api/v1/envelopes/{NX}/release"),
                          ("GET", "/api/v1/results/2026/640000/workbook"),
                          ("GET", f"/envelopes/{NX}"),
                          ("GET", f"/envelopes/{NX}/history")]:
        expect(f"Shanxi: {method} {route}", 404, sx.call(method, route, b"x").status)
    listed = [e["province"] for e in sx.get("/api/v1/envelopes?year=2026").json()["envelopes"]]
    expect("Shanxi lists its own envelope only", ["140000"], listed)
    expect("a department cannot publish", 403,
           nbs.call("POST", "/api/v1/results/2026/publish").status)


def findings(portal, nbs, nx, tmp):
    with open(os.path.join(portal.data, "findings/2026.yaml"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace('"140000":', '"640000":  # the department found no fraud here either\n'
                        '    fraud: false\n    summary: "ILLUSTRATIVE: checked on site."\n'
                        '    found_by: "NBS"\n  "140000":')
    good, bad = os.path.join(tmp, "findings.yaml"), os.path.join(tmp, "findings-2025.yaml")
    with open(good, "w", encoding="utf-8") as f:
        f.write(text)
    with open(bad, "w", encoding="utf-8") as f:
        f.write(text.replace("  year: 2026", "  year: 2025"))
    with open(bad, "rb") as f:
        r = nbs.call("POST", "/api/v1/findings/2026/files?name=findings-2025.yaml", f.read())
    errors = r.json()["qa"]["errors"] if r.status == 201 else []
    expect("findings of another year: an error at its line", (201, True),
           (r.status, any(e.startswith("findings-2025.yaml:3:") for e in errors)))
    with open(good, "rb") as f:
        r = nbs.call("POST", "/api/v1/findings/2026/files?name=findings.yaml", f.read())
    expect("the corrected findings upload clean", (201, []),
           (r.status, r.json()["qa"]["errors"] if r.status == 201 else None))
    r = nbs.call("POST", "/api/v1/findings/2026/release")
    expect("the findings are released into findings/2026.yaml", (201, "findings/2026.yaml"),
           (r.status, r.json().get("file")))
    expect("the data set's findings are the file released", sha256(good),
           sha256(os.path.join(portal.data, "findings/2026.yaml")))
    expect("a province does not see the findings", 404, nx.get("/api/v1/findings/2026").status)
    expect("a province cannot deliver findings", 404,
           nx.call("POST", "/api/v1/findings/2026/files?name=x.yaml", b"x").status)


def multipart(parts):
    """A multipart/form-data body of (name, filename or None, bytes) parts, in order."""
    boundary = "----assess-test-boundary"
    out = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += (f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n").encode() + data
        out += b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def form_uploads(sx, tmp):
    """The page's upload form: its CSRF token must come before the file, one file only."""
    with open(os.path.join("data/sample/submissions/2026/140000.yaml"), "rb") as f:
        data = f.read()
    path = "/envelopes/2026/140000/reported/files"
    token = sx.csrf.encode()
    for what, parts, exp in [
            ("the token after the file", [("file", "a.yaml", data), ("csrf", None, token)], 403),
            ("two files", [("csrf", None, token), ("file", "a.yaml", data),
                           ("file", "b.yaml", data)], 400),
            ("the token, then one file", [("csrf", None, token), ("file", "a.yaml", data)], 303)]:
        body, headers = multipart(parts)
        expect(f"the upload form with {what}", exp, sx.call("POST", path, body, headers,
                                                             csrf=False).status)


HOSTILE = ("<script", "<img")


def hostile(sx, tmp):
    """What a file or a person wrote reaches the pages escaped: a workbook whose notes, source
    and sheet names, and a YAML file whose field, text and file name carry markup are shown,
    in their QA and history, as text."""
    r = sx.get(f"/api/v1/envelopes/{SX}/template")
    template, book = os.path.join(tmp, "sx-template.xlsx"), os.path.join(tmp, "sx-hostile.xlsx")
    with open(template, "wb") as f:
        f.write(r.body)
    with open("data/sample/submissions/2026/140000.yaml", encoding="utf-8") as f:
        text = f.read()
    fill(template, book, yaml.safe_load(text))
    wb = openpyxl.load_workbook(book)
    ws, at = wb[SHEET], rows(wb[SHEET])
    ws.cell(row=at["submission.notes"], column=4).value = "<script>alert(1)</script>"
    ws.cell(row=at["submission.source"], column=4).value = '"><img src=x onerror=alert(2)>'
    ws.cell(row=at["energy.coal"], column=4).value = '"><img src=x onerror=alert(3)>'
    wb.create_sheet('"><img src=x onerror=alert(4)>')
    wb.save(book)
    r = sx.upload(SX, book, name='"><img src=x onerror=alert(5)>.xlsx')
    expect("a workbook with markup is taken and checked", (201, 1),
           (r.status, len(r.json()["qa"]["submissions"][0]["errors"]) if r.status == 201 else 0))
    shown_as_text(sx, "the workbook's", "&quot;&gt;&lt;img src=x onerror=alert(3)&gt;")
    text = text.replace("energy:\n", "energy:\n  <script>alert(6)</script>: 1\n", 1)
    text = text.replace("  source: ", '  source: "<img src=x onerror=alert(7)>" # ', 1)
    name = urllib.parse.quote('<script>alert(8)</script>".yaml')
    r = sx.call("POST", f"/api/v1/envelopes/{SX}/files?name={name}", text.encode())
    expect("a YAML file with markup is taken and checked", 201, r.status)
    shown_as_text(sx, "the YAML file's", "&lt;script&gt;alert(6)&lt;/script&gt;")
    # a zip bomb: the sheet padded with 8 MiB of blanks that pack to a few KiB
    with zipfile.ZipFile(book) as z:
        parts = [(i, z.read(i)) for i in z.infolist()]
    bomb = os.path.join(tmp, "bomb.xlsx")
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", b" " * (8 << 20) + b"</worksheet>")
            z.writestr(info.filename, data)
    r = sx.upload(SX, bomb)
    errors = r.json()["qa"]["submissions"][0]["errors"] if r.status == 201 else []
    expect("a zip bomb costs its upload an error", (201, 1, True),
           (r.status, len(errors), "zip bomb" in "".join(errors) or "炸弹" in "".join(errors)))
    expect("and nobody else anything", 200, sx.get(f"/api/v1/envelopes/{SX}").status)


def shown_as_text(sx, what, escaped):
    """The envelope's page and history hold no markup from its files, and its page shows the
    text `escaped` (the markup escaped)."""
    for page in (f"/envelopes/{SX}", f"/envelopes/{SX}/history"):
        html = sx.get(page).text()
        expect(f"{what} {page}: no markup from the files", [], [m for m in HOSTILE if m in html])
    expect(f"{what} markup is shown as text", True, escaped in sx.get(f"/envelopes/{SX}").text())


def upload_cap(portal, sx):
    """An upload over --max-upload (10 MiB): refused with 413 before its body is sent when its
    size is declared; the connection closed once an undeclared (chunked) one passes it; no
    version is added either way."""
    port = int(portal.url.rsplit(":", 1)[1])
    session = next(c.value for c in sx.jar if c.name == "assess_session")
    head = (f"POST /api/v1/envelopes/{SX}/files?name=big.xlsx HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nCookie: assess_session={session}\r\n"
            f"X-CSRF-Token: {sx.csrf}\r\nContent-Type: application/octet-stream\r\n")
    versions = len(sx.get(f"/api/v1/envelopes/{SX}").json()["versions"])
    with socket.create_connection(("127.0.0.1", port), timeout=20) as c:
        c.sendall((head + f"Content-Length: {11 << 20}\r\n\r\n").encode())
        answer = c.recv(4096).decode("latin-1")
    expect("a declared 11 MiB upload: 413 before its body", "HTTP/1.1 413", answer[:12])
    answer = ""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as c:
        try:
            c.sendall((head + "Transfer-Encoding: chunked\r\n\r\n").encode())
            chunk = b"100000\r\n" + b"x" * (1 << 20) + b"\r\n"
            for _ in range(11):
                c.sendall(chunk)
            c.sendall(b"0\r\n\r\n")
            answer = c.recv(4096).decode("latin-1")
        except OSError:
            pass
    expect("an undeclared upload past 10 MiB: no answer but a closed connection", "",
           answer[:12])
    expect("no version added", versions, len(sx.get(f"/api/v1/envelopes/{SX}").json()["versions"]))


def headers(portal, nx):
    """Every answer (page, API, download, refusal) carries the security headers, and a
    refusal names no path."""
    want = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
            "Referrer-Policy": "same-origin", "Cache-Control": "no-store"}
    for path in (f"/envelopes/{NX}", f"/api/v1/envelopes/{NX}", f"/api/v1/envelopes/{NX}/template",
                 "/envelopes/2026/140000/reported", "/api/v1/nope", "/no/such/page"):
        r = nx.get(path)
        got = {k: r.headers.get(k) for k in want}
        csp = r.headers.get("Content-Security-Policy") or ""
        expect(f"{path} ({r.status}): the security headers", (want, True, True),
               (got, "default-src 'self'" in csp, "frame-ancestors 'none'" in csp))
        if r.status >= 400:
            expect(f"{path} ({r.status}): no path in the refusal", [],
                   [d for d in (portal.state, portal.data, portal.tmp) if d in r.text()])


def csrf(nx):
    saved, nx.csrf = nx.csrf, None
    expect("a release with the cookie alone is refused", 403,
           nx.call("POST", f"/api/v1/envelopes/{NX}/release").status)
    nx.csrf = "x" * 43
    expect("a release with another token is refused", 403,
           nx.call("POST", f"/api/v1/envelopes/{NX}/release").status)
    nx.csrf = saved
    r = nx.call("POST", "/api/v1/session", b'{"user":"nx","password":"x"}',
                {"Content-Type": "application/x-www-form-urlencoded"})
    expect("a login sent as a form is refused", 415, r.status)


def evaluate_cli(portal, *extra):
    """The JSON of `assess evaluate --data DATA --year 2026 --json -` (and extra), or None."""
    rc, out, err = portal.run("evaluate", "--data", portal.data, "--year", "2026", "--json", "-",
                              "--no-reports", "--quiet", *extra)
    return json.loads(out) if out else None


def empty_year(portal, centre):
    """A year with no released submission is refused, with the reason, in the visitor's
    language, as `assess evaluate` skips it: nothing evaluated, written or published."""
    runs = os.path.join(portal.state, "runs")
    before = sorted(os.listdir(runs)) if os.path.isdir(runs) else []
    why = {"en-US": "the data set cannot be evaluated: no submission for 2027 has been released: "
                    "nothing was evaluated, written or published (released submissions are for "
                    "2025-2026)",
           "zh-CN": "数据集无法评价：2027 年尚无已发布的报送数据：未作评价，未生成、未发布任何结果"
                    "（已发布的报送数据属于 2025-2026 年）"}
    for lang, text in why.items():
        centre.lang = lang
        r = centre.call("POST", "/api/v1/results/2027/evaluate")
        expect(f"a year without data, through the API ({lang}): refused with the reason",
               (409, text), (r.status, r.json().get("error")))
    centre.lang = "zh-CN"
    body = urllib.parse.urlencode({"csrf": centre.csrf}).encode()
    r = centre.call("POST", "/results/2027/evaluate", body,
                    {"Content-Type": "application/x-www-form-urlencoded"})
    expect("a year without data, on the page: refused with the reason", (409, True),
           (r.status, why["zh-CN"] in r.text()))
    expect("a year without data: nothing recorded", 404, centre.get("/api/v1/results/2027").status)
    expect("a year without data: nothing to publish", 404,
           centre.call("POST", "/api/v1/results/2027/publish").status)
    expect("a year without data: nothing written", before,
           sorted(os.listdir(runs)) if os.path.isdir(runs) else [])


def results(portal, centre, nx, nbs):
    expect("unpublished: a province sees no results", 404, nx.get("/api/v1/results/2026").status)
    empty_year(portal, centre)
    r = centre.call("POST", "/api/v1/results/2026/evaluate")
    expect("the centre evaluates", 201, r.status)
    national = centre.get("/api/v1/results/2026").json()
    expect("the portal's results are `assess evaluate --data DATA --json` on the data set",
           evaluate_cli(portal), national)
    expect("the centre publishes", 200, centre.call("POST", "/api/v1/results/2026/publish").status)
    mine = nx.get("/api/v1/results/2026")
    expect("published: Ningxia sees its own province only", (200, ["640000"]),
           (mine.status, [p["code"] for p in mine.json()["provinces"]]))
    expect("as `assess evaluate --province 640000 --json` writes it",
           evaluate_cli(portal, "--province", "640000"), mine.json())
    row = mine.json()["provinces"][0]
    expect("with its grade and deadline", (True, True),
           (bool(row["grade"]), bool(row["rectification_deadline"])))
    expect("a department sees every province once published", 31,
           len(nbs.get("/api/v1/results/2026").json()["provinces"]))
    notice = yaml.safe_load(open(os.path.join(portal.data, "dataset.yaml")))["dataset"]["notice"]
    for who, account in (("the centre", centre), ("Ningxia", nx)):
        page = html.unescape(account.get("/results/2026").text())
        expect(f"the results page {who} reads says the data set is illustrative, in its words",
               True, f'<p class="illustrative">{notice}</p>' in page)


def history_and_restart(portal):
    db = sqlite3.connect(os.path.join(portal.state, "assess.sqlite"))
    try:
        db.execute("UPDATE history SET detail = 'forged'")
        failures.append("history: an UPDATE went through")
    except sqlite3.DatabaseError as e:
        expect("history: an UPDATE fails", "history rows are never changed", str(e))
    db.close()
    expect("SIGTERM stops the portal with 0", 0, portal.stop())
    portal.start()


def backup(portal, pw, before):
    """A copy of the state taken while the portal runs serves the same."""
    dest = os.path.join(portal.tmp, "backup")
    rc, _, err = portal.run("serve", "--state", portal.state, "--backup", dest)
    expect(f"backup while running ({err.strip()})", 0, rc)
    copy = Portal(portal.binary)
    copy.state, copy.data = dest, portal.data
    try:
        copy.start()
        c, orig = Client(copy), Client(portal)
        c.login("centre", pw["centre"])
        orig.login("centre", pw["centre"])
        expect("the copy: the same envelope", before, c.get(f"/api/v1/envelopes/{NX}").json())
        expect("the copy: the same history", orig.get(f"/api/v1/envelopes/{NX}/history").json(),
               c.get(f"/api/v1/envelopes/{NX}/history").json())
        expect("the copy: the same first version",
               orig.get(f"/api/v1/envelopes/{NX}/files/1").body,
               c.get(f"/api/v1/envelopes/{NX}/files/1").body)
    finally:
        copy.close()


def main():
    binary = sys.argv[1]
    portal = Portal(binary)
    try:
        pw = accounts(portal)
        portal.start()
        logins(portal, pw)
        nx, sx, nbs, centre = (Client(portal) for _ in range(4))
        for c, u in ((nx, "nx"), (sx, "sx"), (nbs, "nbs"), (centre, "centre")):
            expect(f"{u} logs in", 200, c.login(u, pw[u]).status)
        good, version = upload_workbook(portal, nx, portal.tmp)
        release(portal, nx, good, version)
        isolation(sx, nbs)
        form_uploads(sx, portal.tmp)
        hostile(sx, portal.tmp)
        findings(portal, nbs, nx, portal.tmp)
        csrf(nx)
        headers(portal, nx)
        upload_cap(portal, sx)
        results(portal, centre, nx, nbs)
        before = centre.get(f"/api/v1/envelopes/{NX}").json()
        history_and_restart(portal)
        expect("after a restart: the session lives on, the same envelope", before,
               centre.get(f"/api/v1/envelopes/{NX}").json())
        token = next(c.value for c in nx.jar if c.name == "assess_session")
        expect("after a restart: logging out ends the session", (200, 401),
               (nx.call("DELETE", "/api/v1/session").status,
                nx.get("/api/v1/session").status))
        expect("on the server: its token, sent again, is refused", 401,
               nx.call("GET", "/api/v1/session", headers={"Cookie": f"assess_session={token}"})
               .status)
        backup(portal, pw, before)
    finally:
        print("".join(portal.log[-5:]), end="")
        portal.close()
    finish()


if __name__ == "__main__":
    main()
