#!/usr/bin/python3
"""End-to-end: the portal over HTTPS (`--tls-cert`/`--tls-key`, libmicrohttpd with GnuTLS),
on 127.0.0.1 with a throw-away self-signed certificate made by openssl.

usage: /usr/bin/python3 tests/e2e/portal_tls.py PATH_TO_ASSESS

It checks that the portal answers over TLS, that its cookies are then Secure (besides
HttpOnly and SameSite=Strict) and its answers carry Strict-Transport-Security, that plain
HTTP on the same port gets no page, and that a key file that cannot be read stops it with a
message naming the file.  Skipped (exit 77, saying why) without openssl.
"""
import http.client
import json
import os
import shutil
import ssl
import subprocess
import sys

from support.checks import expect, finish, skip
from support.portal import Portal


def main():
    if not shutil.which("openssl"):
        skip("openssl is missing (apt-get install openssl)")
    portal = Portal(sys.argv[1])
    cert, key = os.path.join(portal.tmp, "cert.pem"), os.path.join(portal.tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True)
    portal.extra = ["--tls-cert", cert, "--tls-key", key]
    try:
        pw = portal.account("centre", "centre")
        portal.start()
        expect("it says https", True, portal.url.startswith("https://127.0.0.1:"))
        port = int(portal.url.rsplit(":", 1)[1])
        context = ssl._create_unverified_context()  # our own throw-away certificate
        c = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=20)
        c.request("POST", "/api/v1/session", json.dumps({"user": "centre", "password": pw}),
                  {"Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        cookie = r.getheader("Set-Cookie") or ""
        expect("a login over TLS", 200, r.status)
        expect("its cookie is HttpOnly, SameSite=Strict and Secure", True,
               all(a in cookie for a in ("HttpOnly", "SameSite=Strict", "Secure")))
        expect("Strict-Transport-Security", "max-age=31536000",
               r.getheader("Strict-Transport-Security"))
        c.close()
        plain = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            plain.request("GET", "/login")
            status = plain.getresponse().status
        except (OSError, http.client.HTTPException):
            status = None
        expect("plain HTTP on the TLS port gets no page", None, status)
        expect("SIGTERM stops it", 0, portal.stop())
        rc, _, err = portal.run("serve", "--data", portal.data, "--state", portal.state,
                                "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key",
                                key + ".missing", "--lang", "en")
        expect("an unreadable key stops it, naming the file", (3, True),
               (rc, key + ".missing" in err))
    finally:
        portal.close()
    finish()


if __name__ == "__main__":
    main()
