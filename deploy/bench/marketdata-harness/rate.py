#!/usr/bin/env python3
"""Open-loop quote load at a fixed rate (deploy/bench/marketdata, scenario c).

Request i is sent at start + i * 60 / rate seconds, whatever earlier requests are doing (open loop: a slow answer
never slows the offered rate), to instance i mod len(targets) for ticker i mod len(tickers). Every answer is
classified: fresh (200, cache.stale false; by cache.source upstream / memory / database), stale (200, cache.stale
true), 503, other. The sandbox's Polygon counters are sampled once a second for the timeline of calls and 429s.
Prints one JSON summary; --csv writes one line per request.
"""
import argparse
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request


def get_json(url, headers=None, timeout=30, with_headers=False):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return (r.status, r.read(), dict(r.headers)) if with_headers else (r.status, r.read())
    except urllib.error.HTTPError as e:
        return (e.code, e.read(), dict(e.headers)) if with_headers else (e.code, e.read())


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--targets", required=True, help="comma-separated base URLs of the instances")
    p.add_argument("--tickers", required=True, help="comma-separated tickers")
    p.add_argument("--rate", type=float, required=True, help="requests per minute, all instances together")
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--token", default=os.environ.get("BENCH_TOKEN"), help="JWT (default: $BENCH_TOKEN)")
    p.add_argument("--sandbox", required=True, help="sandbox base URL (for /_control/counters)")
    p.add_argument("--csv")
    a = p.parse_args()
    if not a.token:
        p.error("give --token or set BENCH_TOKEN")

    targets = a.targets.split(",")
    tickers = a.tickers.split(",")
    interval = 60.0 / a.rate
    n = int(a.seconds / interval)
    headers = {"Authorization": "Bearer " + a.token, "Accept": "application/json"}
    results = [None] * n
    start = time.monotonic() + 0.2
    stop_sampling = threading.Event()
    samples = []

    def one(i):
        base, ticker = targets[i % len(targets)], tickers[i % len(tickers)]
        t = time.monotonic()
        try:
            status, body, hdrs = get_json(f"{base}/api/v1/market-data/{ticker}/quote", headers, timeout=60, with_headers=True)
        except Exception as e:  # connection refused, timeout: recorded, never fatal
            status, body, hdrs = 0, str(e).encode(), {}
        ms = (time.monotonic() - t) * 1000
        outcome, source, quote_source, retry_after = "other", "", "", None
        if status == 200:
            q = json.loads(body)
            c = q.get("cache", {})
            source = c.get("source", "")
            quote_source = q.get("source", "")
            outcome = "stale" if c.get("stale") else "fresh"
        elif status == 503:
            outcome = "503"
            retry_after = any(k.lower() == "retry-after" for k in hdrs)
        results[i] = {"i": i, "at_s": round(t - start, 3), "instance": i % len(targets), "ticker": ticker,
                      "status": status, "outcome": outcome, "source": source, "quote_source": quote_source,
                      "retry_after": retry_after, "ms": round(ms, 1)}

    def sample():
        while not stop_sampling.is_set():
            try:
                _, body = get_json(a.sandbox + "/_control/counters", timeout=5)
                poly = json.loads(body)["polygon"]
                samples.append({"at_s": round(time.monotonic() - start, 2), "calls": poly["calls"],
                                "throttled": poly["throttled"]})
            except Exception:
                pass
            stop_sampling.wait(1.0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    threads = []
    for i in range(n):
        delay = start + i * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        th = threading.Thread(target=one, args=(i,), daemon=True)
        th.start()
        threads.append(th)
    sent_for = time.monotonic() - start
    for th in threads:
        th.join(timeout=90)
    stop_sampling.set()
    sampler.join(timeout=5)

    done = [r for r in results if r is not None]
    def count(rows):
        c = {"fresh": 0, "fresh_upstream": 0, "fresh_memory": 0, "fresh_database": 0, "stale": 0, "503": 0, "other": 0}
        for r in rows:
            c[r["outcome"]] += 1
            if r["outcome"] == "fresh":
                c["fresh_" + r["source"]] = c.get("fresh_" + r["source"], 0) + 1
        return c
    by_minute = {}
    for r in done:
        by_minute.setdefault(int(r["at_s"] // 60), []).append(r)
    lat = sorted(r["ms"] for r in done)
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else None
    others = sorted({r["status"] for r in done if r["outcome"] == "other"})
    # calls and 429s per second at the sandbox, from the samples
    per_sec, throttled_at = 0, []
    for prev, cur in zip(samples, samples[1:]):
        per_sec = max(per_sec, (cur["calls"] - prev["calls"]) / max(0.001, cur["at_s"] - prev["at_s"]))
        if cur["throttled"] > prev["throttled"]:
            throttled_at.append(cur["at_s"])
    summary = {
        "offered": n, "answered": len(done), "interval_s": round(interval, 3), "sent_over_s": round(sent_for, 1),
        "targets": targets, "tickers": tickers,
        "total": count(done),
        "per_instance": {str(k): count([r for r in done if r["instance"] == k]) for k in range(len(targets))},
        "per_minute": {str(m): count(rows) for m, rows in sorted(by_minute.items())},
        "other_statuses": others,
        "by_quote_source": {qs: sum(1 for r in done if r["status"] == 200 and r["quote_source"] == qs)
                            for qs in sorted({r["quote_source"] for r in done if r["status"] == 200})},
        "503_without_retry_after": sum(1 for r in done if r["status"] == 503 and not r["retry_after"]),
        "5xx_other_than_503": sum(1 for r in done if r["status"] >= 500 and r["status"] != 503),
        "latency_ms": {"p50": pct(0.5), "p99": pct(0.99), "max": lat[-1] if lat else None},
        "latency_ms_by_outcome": {o: {"p50": sorted(x)[len(x) // 2], "max": max(x)} for o in ("fresh", "stale", "503", "other")
                                  for x in [[r["ms"] for r in done if r["outcome"] == o]] if x},
        "sandbox_sampled_peak_calls_per_s": round(per_sec, 2),
        "sandbox_429_seen_at_s": throttled_at,
    }
    if a.csv:
        with open(a.csv, "w") as f:
            f.write("i,at_s,instance,ticker,status,outcome,source,quote_source,ms\n")
            for r in done:
                f.write(",".join(str(r[k]) for k in ("i", "at_s", "instance", "ticker", "status", "outcome", "source",
                                                     "quote_source", "ms")) + "\n")
    json.dump(summary, sys.stdout)
    print()


if __name__ == "__main__":
    main()
