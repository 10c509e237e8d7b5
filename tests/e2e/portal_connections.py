#!/usr/bin/python3
"""End-to-end: the portal's connection limits and timeouts (libmicrohttpd's), on 127.0.0.1.

usage: /usr/bin/python3 tests/e2e/portal_connections.py PATH_TO_ASSESS

With `assess serve --per-address 64 --timeout 3`, it opens 500 connections from 127.0.0.1,
half of them idle and half trickling a request one byte at a time, and checks that:
  - one address holds at most 64 of them: the others are closed by the server at once;
  - while they are held, a normal request from another address (127.0.0.2) is answered;
  - an idle connection is closed by the server once the timeout has passed, after which a
    normal request from 127.0.0.1 is answered too.
Then, with `--max-connections 16`, 40 idle connections from two addresses fill the server:
a request from a third address is not answered until they close.
Prints what it checked; exits 1 with the reasons on failure.
"""
import http.client
import socket
import sys
import threading
import time

from support.checks import expect, finish
from support.portal import Portal

HELD = 500


def connect(host, port, source=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(5)
    if source:
        s.bind((source, 0))
    s.connect((host, port))
    return s


def still_open(s):
    """Whether the server keeps s open (nothing to read, and not closed)."""
    s.setblocking(False)
    try:
        return s.recv(1) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        s.setblocking(True)


def normal_request(port, source, timeout=20):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                   source_address=(source, 0))
    try:
        c.request("GET", "/login")
        return c.getresponse().status
    except OSError as e:
        return repr(e)
    finally:
        c.close()


def trickle(socks, stop):
    """Send a request one byte at a time, never finishing it."""
    request = b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10000
    i = 0
    while not stop.is_set():
        for s in socks:
            try:
                s.send(request[i:i + 1])
            except OSError:
                pass
        i = (i + 1) % len(request)
        time.sleep(0.5)


def main():
    portal = Portal(sys.argv[1], "--per-address", "64", "--timeout", "3",
                    "--max-connections", "256")
    socks, stop = [], threading.Event()
    try:
        portal.start()
        port = int(portal.url.rsplit(":", 1)[1])
        for _ in range(HELD):
            try:
                socks.append(connect("127.0.0.1", port))
            except OSError:
                pass
        slow = socks[len(socks) // 2:]
        t = threading.Thread(target=trickle, args=(slow, stop), daemon=True)
        t.start()
        time.sleep(1)
        held = sum(1 for s in socks if still_open(s))
        expect(f"{HELD} connections from one address: at most 64 held", True, 0 < held <= 64)
        expect("meanwhile another address is answered", 200, normal_request(port, "127.0.0.2"))
        stop.set()
        t.join()
        time.sleep(5)  # past the 3 s timeout, with nothing sent
        held = sum(1 for s in socks if still_open(s))
        expect("idle connections closed by the timeout", 0, held)
        expect("then 127.0.0.1 is answered too", 200, normal_request(port, "127.0.0.1"))
    finally:
        stop.set()
        for s in socks:
            s.close()
        if portal.proc:
            expect("SIGTERM stops the portal with 0", 0, portal.stop())
        portal.close()
    total_limit()
    finish()


def total_limit():
    """With --max-connections 16: 40 idle connections from two addresses fill it, so a
    request from a third waits (the server accepts no more); once they close, it is
    answered."""
    portal = Portal(sys.argv[1], "--per-address", "64", "--max-connections", "16")
    socks = []
    try:
        portal.start()
        port = int(portal.url.rsplit(":", 1)[1])
        socks = [connect("127.0.0.1", port, f"127.0.0.{1 + i % 2}") for i in range(40)]
        time.sleep(1)
        expect("--max-connections 16 full: a request from a third address waits",
               "TimeoutError", normal_request(port, "127.0.0.3", timeout=2).split("(")[0])
        for s in socks:
            s.close()
        socks = []
        expect("once they close it is answered", 200, normal_request(port, "127.0.0.3"))
    finally:
        for s in socks:
            s.close()
        portal.close()



if __name__ == "__main__":
    main()
