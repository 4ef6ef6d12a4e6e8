#!/usr/bin/env python3
"""N truly simultaneous GETs of one URL (deploy/bench/marketdata, scenario b).

Every connection is opened first and sent its whole request except the final newline; then one loop sends the
last byte on every socket, so the server sees all N complete requests within a few milliseconds ("last-byte
synchronisation"), far closer together than threads could start them. Prints one JSON object: statuses, the
cache source and stale flag of the 200s, and latency percentiles measured from the release.
"""
import argparse
import json
import os
import selectors
import socket
import sys
import time
from urllib.parse import urlsplit


def parse_response(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(b":")
        headers[k.strip().lower()] = v.strip()
    if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        out, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            out, rest = out + rest[:size], rest[size + 2:]
        body = out
    return status, body


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--url", required=True)
    p.add_argument("--token", default=os.environ.get("BENCH_TOKEN"), help="JWT (default: $BENCH_TOKEN)")
    p.add_argument("-n", type=int, default=500)
    p.add_argument("--timeout", type=float, default=60.0)
    a = p.parse_args()
    if not a.token:
        p.error("give --token or set BENCH_TOKEN")

    u = urlsplit(a.url)
    path = u.path + ("?" + u.query if u.query else "")
    request = (f"GET {path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nAuthorization: Bearer {a.token}\r\n"
               f"Accept: application/json\r\nConnection: close\r\n\r\n").encode()
    head, last = request[:-1], request[-1:]

    socks = []
    for _ in range(a.n):
        s = socket.create_connection((u.hostname, u.port), timeout=10)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.sendall(head)
        socks.append(s)
    time.sleep(0.5)  # let the server read the partial requests of every connection

    sel = selectors.DefaultSelector()
    buf, done_at = {}, {}
    t0 = time.monotonic()
    for s in socks:
        s.sendall(last)
    release_ms = (time.monotonic() - t0) * 1000
    for s in socks:
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        buf[s] = b""
    deadline = t0 + a.timeout
    while len(done_at) < len(socks) and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.5):
            s = key.fileobj
            try:
                chunk = s.recv(65536)
            except BlockingIOError:
                continue
            if chunk:
                buf[s] += chunk
            else:
                done_at[s] = time.monotonic()
                sel.unregister(s)
                s.close()

    statuses, sources, stale, lat = {}, {}, {"true": 0, "false": 0}, []
    for s in socks:
        if s not in done_at:
            statuses["no answer"] = statuses.get("no answer", 0) + 1
            continue
        lat.append((done_at[s] - t0) * 1000)
        status, body = parse_response(buf[s])
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        if status == 200:
            try:
                c = json.loads(body).get("cache", {})
                sources[c.get("source", "?")] = sources.get(c.get("source", "?"), 0) + 1
                stale["true" if c.get("stale") else "false"] += 1
            except ValueError:
                sources["unparsable"] = sources.get("unparsable", 0) + 1
    lat.sort()
    pct = lambda q: round(lat[min(len(lat) - 1, int(q * len(lat)))], 1) if lat else None
    json.dump({"requests": a.n, "release_ms": round(release_ms, 2), "statuses": statuses, "sources": sources,
               "stale": stale, "latency_ms": {"p50": pct(0.5), "p99": pct(0.99), "max": round(lat[-1], 1) if lat else None}},
              sys.stdout)
    print()


if __name__ == "__main__":
    main()
