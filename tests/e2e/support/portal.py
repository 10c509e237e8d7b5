"""A delivery portal for the end-to-end scripts: a copy of the bundled sample as its data set,
a fresh state folder with accounts (each with a random password, given on standard input),
`assess serve` on 127.0.0.1 at a free port, and clients that keep a session's cookie and
CSRF token.  Nothing is sent anywhere but 127.0.0.1.  (Not a test itself.)"""
import glob
import hashlib
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request

from support.checks import expect

SAMPLE = "data/sample"


class Portal:
    def __init__(self, binary, *extra):
        self.binary = os.path.abspath(binary)
        self.tmp = tempfile.mkdtemp(prefix="assess-portal-")
        self.data = os.path.join(self.tmp, "data")
        self.state = os.path.join(self.tmp, "state")
        shutil.copytree(SAMPLE, self.data)
        self.extra = list(extra)
        self.proc = None
        self.log = []
        self.url = None

    def run(self, *args, stdin=None):
        """Run the binary: (exit code, stdout, stderr)."""
        p = subprocess.run([self.binary, *args], input=stdin, capture_output=True, text=True)
        return p.returncode, p.stdout, p.stderr

    def account(self, user, role, province=None):
        """Add an account with a random password (on standard input); returns the password."""
        password = secrets.token_urlsafe(18)
        args = ["accounts", "add", "--state", self.state, "--user", user, "--role", role]
        if province:
            args += ["--province", province]
        rc, _, err = self.run(*args, stdin=password + "\n")
        if rc != 0:
            raise RuntimeError(f"accounts add {user}: {err}")
        return password

    def start(self):
        """Start `assess serve` on a free port and wait until it listens."""
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--data", self.data, "--state", self.state, "--listen",
             "127.0.0.1:0", "--lang", "en", *self.extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in self.proc.stderr:  # until it listens, or stops
            self.log.append(line)
            m = re.search(r"listening on (https?://127\.0\.0\.1:\d+)/", line)
            if m:
                self.url = m.group(1)
                break
        if not self.url:
            self.proc.wait()
            raise RuntimeError("the portal did not start:\n" + "".join(self.log))
        threading.Thread(target=self._drain, daemon=True).start()
        return self

    def _drain(self):
        for line in self.proc.stderr:
            self.log.append(line)

    def stop(self):
        """SIGTERM, and its exit code."""
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=60)
        self.proc = None
        return rc

    def close(self):
        """Stop it if it still runs (SIGTERM, then SIGKILL after 30 s) and remove its folder."""
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        shutil.rmtree(self.tmp, ignore_errors=True)


def logged_in(portal, passwords):
    """A client per account of passwords ({user: password}), each logged in."""
    clients = {}
    for user, password in passwords.items():
        clients[user] = Client(portal)
        if clients[user].login(user, password).status != 200:
            raise RuntimeError(f"{user} cannot log in")
    return clients


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def text(self):
        return self.body.decode("utf-8")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """One browser-less visitor: a cookie jar, and the CSRF token of its session."""

    def __init__(self, portal, lang="zh-CN"):
        self.portal = portal
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  NoRedirect())
        self.csrf = None
        self.lang = lang

    def call(self, method, path, body=None, headers=None, csrf=True):
        h = {"Accept-Language": self.lang}
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        req = urllib.request.Request(self.portal.url + path, data=body, method=method, headers=h)
        try:
            with self.opener.open(req, timeout=60) as r:
                return Response(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, e.headers, e.read())

    def get(self, path):
        return self.call("GET", path)

    def post_json(self, path, doc, method="POST", csrf=True):
        return self.call(method, path, json.dumps(doc).encode("utf-8"),
                         {"Content-Type": "application/json"}, csrf=csrf)

    def login(self, user, password):
        r = self.post_json("/api/v1/session", {"user": user, "password": password}, csrf=False)
        if r.status == 200:
            self.csrf = r.json()["csrf"]
        return r

    def upload(self, envelope, path, name=None):
        with open(path, "rb") as f:
            data = f.read()
        q = urllib.parse.quote(name or os.path.basename(path))
        return self.call("POST", f"/api/v1/envelopes/{envelope}/files?name={q}", data,
                         {"Content-Type": "application/octet-stream"})


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def check_releases(portal, client, receipts, year, stages=("reported",), label=""):
    """Nothing released is lost, nothing unreleased is in place: every receipt in receipts
    has a `release` row in its envelope's history; every file of the data set (of the stages)
    is its envelope's latest receipt, or, where the envelope has none, the file the data set
    started with (the sample's).  client may see every envelope."""
    for r in receipts:
        env = f"/api/v1/envelopes/{year}/{r['province']}/{r['stage']}"
        rows = client.get(env + "/history").json()["history"]
        expect(f"{label}receipt of {r['file']} ({r['sha256'][:12]}) is in its history", True,
               any(h["event"] == "release" and r["sha256"] in h["detail"] for h in rows))
    for stage in stages:
        folder = "submissions" if stage == "reported" else "verified"
        for path in glob.glob(os.path.join(portal.data, folder, str(year), "*.*")):
            name = os.path.basename(path)
            got = client.get(f"/api/v1/envelopes/{year}/{name[:6]}/{stage}").json()["receipts"]
            start = os.path.join(SAMPLE, folder, str(year), name)
            expect(f"{label}{folder}/{name} is its latest receipt, or the sample's file",
                   got[-1]["sha256"] if got else sha256(start) if os.path.exists(start) else None,
                   sha256(path))
