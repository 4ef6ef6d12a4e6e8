#!/usr/bin/env python3
"""Turns the raw results of deploy/bench/marketdata (a run directory) into the printed figures and the report.

usage: report.py RUN_DIR [REPORT.md]
"""
import json
import os
import sys


def load(run, name):
    with open(os.path.join(run, name)) as f:
        return json.load(f)


def fmt(n, d=0):
    return f"{n:,.{d}f}"


def verdict(ok):
    return "**met**" if ok else "**not met**"


def main():
    run = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
    meta = load(run, "meta.json")
    with open(os.path.join(run, "a.jsonl")) as f:
        wrk = [json.loads(line) for line in f if line.strip()]
    a_cross = load(run, "a-cross.json")
    b = load(run, "b.json")
    c = load(run, "c.json")

    L = []
    w = L.append
    w("# marketdata-service benchmark")
    w("")
    w(f"Run {meta['date']} (New York: {meta['ny_time']}) at commit `{meta['commit']}` by `deploy/bench/marketdata`"
      f"{'' if meta['c_seconds'] >= 180 else ' --c-seconds ' + str(meta['c_seconds'])}.")
    w(f"Machine: {meta['cpus']} cores ({meta['cpu']}), **shared with another benchmark running at the same time** "
      f"(load average {meta['load_before']} before, {meta['load_after']} after), so absolute figures are those of a "
      f"loaded 2-core machine; wrk, the sandbox, three service JVMs and PostgreSQL 15 all on it, loopback only. "
      f"{meta['java']}; {meta['wrk']}. Database `{meta['db']}`. Services run as the operator runs them: "
      f"`java -jar` with environment variables only (deploy/local/services.sh `process_env`), default JVM settings.")
    w("")

    # ------------------------------------------------------------------ (a)
    by = {(r["label"], r["connections"]): r for r in wrk}
    conns = sorted({r["connections"] for r in wrk})
    rps = lambda r: r["requests"] / (r["duration_us"] / 1e6)
    errs = lambda r: sum(r["errors"].values())
    w("## (a) Cached quote against a bare Quarkus endpoint")
    w("")
    w(f"wrk, 2 threads, {meta['wrk_seconds']} s per measurement after 5 s of JIT warm-up per endpoint, the same "
      f"`Authorization: Bearer <JWT>` header on every request. Measured in one run, interleaved per connection count.")
    w("")
    w("| connections | endpoint | requests/s | p50 (ms) | p99 (ms) | max (ms) | errors / non-2xx |")
    w("|---:|---|---:|---:|---:|---:|---:|")
    names = {"bare": "bare: sandbox `GET /_control/clock`", "stats": "service, no cache: `GET /api/v1/market-data/cache/stats`",
             "quote": "**cached quote: `GET /api/v1/market-data/SPY/quote`**",
             "noauth": "diagnostic: the same quote URL without a token (401 problem+json)"}
    for n in conns:
        for ep in ("bare", "stats", "quote", "noauth"):
            r = by.get((ep, n))
            if r:
                w(f"| {n} | {names[ep]} | {fmt(rps(r))} | {r['p50_us'] / 1000:.2f} | {r['p99_us'] / 1000:.2f} | "
                  f"{r['max_us'] / 1000:.1f} | {errs(r)} |")
    w("")
    w("| connections | throughput quote / bare | p99 bare / quote | goal | throughput quote / stats (same server) | throughput quote / same URL without JWT |")
    w("|---:|---:|---:|---|---:|---:|")
    a_ok = True
    a_ratios = {}
    for n in conns:
        q, bare, st, na = by.get(("quote", n)), by.get(("bare", n)), by.get(("stats", n)), by.get(("noauth", n))
        if not (q and bare):
            continue
        t = rps(q) / rps(bare)
        p = bare["p99_us"] / q["p99_us"]
        a_ratios[n] = (t, p)
        a_ok = a_ok and t >= 0.6 and p >= 0.6
        w(f"| {n} | {t:.2f} | {p:.2f} | ≥ 0.6 → {verdict(t >= 0.6 and p >= 0.6)} | "
          f"{f'{rps(q) / rps(st):.2f}' if st else '–'} | {f'{rps(q) / rps(na):.2f}' if na else '–'} |")
    w("")
    w("The p99 ratio is inverted (bare p99 ÷ quote p99) so that, like the throughput ratio, 1.0 means \"as fast as bare "
      "Quarkus\" and the same ≥ 0.6 goal applies.")
    w("")
    w("**Why this baseline.** marketdata-service has no endpoint that returns a constant, and this benchmark may not add "
      "one. The bare endpoint is the sandbox's `GET /_control/clock`: a Quarkus REST (RESTEasy Reactive) resource method "
      "on the same Quarkus 3.32.1, same JDK, default JVM settings, in its own JVM on the same machine, that returns a "
      "two-field map (`now`, `offsetMillis`) with no I/O, no auth and no database, serialized by the same Jackson "
      "writer. It is therefore the ceiling of \"a Quarkus REST endpoint\" here. It is not free of bias, in two opposite "
      "directions: it runs on a worker thread (a non-`Uni` return type), which costs a thread hop the event-loop quote "
      "endpoint does not pay (flatters the ratio a little); and it verifies no JWT, while every quote pays an RS256 "
      "signature check (weighs on the ratio; that cost is inherent to the service, whose endpoints all require a "
      "signed-in user). The management interface's `/q/health/live` was not used: it is a separate Vert.x server "
      "and route, not a REST endpoint, so it would measure something else. As a second, same-server reference the "
      "service's own `GET /api/v1/market-data/cache/stats` is shown: same JVM, same JWT check and filters "
      "(correlation id, problem mappers), in-memory counters only (it also runs on a worker thread). quote ÷ stats "
      "isolates what the cache lookup and the quote's JSON cost on top of a signed-in request. The last row per connection "
      "count is a diagnostic, not a baseline: the quote URL without a token is answered 401 by the same server after the "
      "same routing and filters, but without verifying a signature.")
    w("")
    w(f"Cross-check: during the measured runs A's cache stats counted {fmt(a_cross['memory_hits'])} memory hits, "
      f"{a_cross['database_hits']} database hits, {a_cross['misses']} misses, {a_cross['stale_served']} stale, "
      f"{a_cross['refresh_ahead']} refresh-ahead reloads, and the sandbox saw {a_cross['polygon_calls']} Polygon calls; wrk "
      f"counted {fmt(sum(r['requests'] for r in wrk if r['label'] == 'quote'))} quote requests (the difference is "
      f"requests still in flight when wrk stopped counting).")
    w("")

    # ------------------------------------------------------------------ (b)
    bb = b["burst"]
    eps = b["polygon"]["endpoints"]
    trade = sum(v for k, v in eps.items() if "/last/trade" in k)
    nbbo = sum(v for k, v in eps.items() if "/last/nbbo" in k)
    other = b["polygon"]["calls"] - trade - nbbo
    b_ok = trade == 1 and nbbo == 1 and other == 0
    w(f"## (b) {bb['requests']} simultaneous requests for one cold ticker (AAPL, never fetched)")
    w("")
    w(f"Instance A. All {bb['requests']} connections were opened and sent their request but its last byte; the last "
      f"bytes then went out in one loop ({bb['release_ms']} ms for all), so the service saw every request at once "
      f"(`deploy/bench/marketdata-harness/burst.py`).")
    w("")
    w("| figure | value | goal |")
    w("|---|---:|---|")
    w(f"| upstream calls `GET /v2/last/trade/AAPL` (sandbox counter) | {trade} | 1 → {verdict(trade == 1)} |")
    w(f"| upstream calls `GET /v2/last/nbbo/AAPL` (sandbox counter) | {nbbo} | 1 → {verdict(nbbo == 1)} |")
    w(f"| other Polygon calls | {other} | 0 |")
    w(f"| answers by status | {', '.join(f'{k}: {v}' for k, v in sorted(bb['statuses'].items()))} | all 200 |")
    w(f"| 200s by `cache.source` | {', '.join(f'{k}: {v}' for k, v in sorted(bb['sources'].items()))} | |")
    w(f"| stale answers | {bb['stale']['true']} | 0 |")
    w(f"| service cache stats: misses / upstream loads / coalesced / memory hits | {b['cache']['misses']} / "
      f"{b['cache']['upstream_loads']} / {b['cache']['coalesced']} / {b['cache']['memory_hits']} | |")
    w(f"| latency from release: p50 / p99 / max (ms) | {bb['latency_ms']['p50']} / {bb['latency_ms']['p99']} / "
      f"{bb['latency_ms']['max']} | |")
    w("")

    # ------------------------------------------------------------------ (c)
    r = c["rate"]
    t = r["total"]
    poly = c["polygon"]
    refused = poly.get("notEntitledFamilies", {})
    grouped_calls = sum(v for k, v in poly["endpoints"].items() if "/aggs/grouped/" in k)
    bad_5xx = r.get("5xx_other_than_503", 0) + r.get("503_without_retry_after", 0)
    c_ok = poly["throttled"] == 0
    c_403_ok = all(v <= 1 for v in refused.values())
    w(f"## (c) {meta['c_rate']:g} requests/min (10× the free plan's 5/min) for {meta['c_seconds']} s from two instances "
      f"sharing one budget")
    w("")
    budget = (f"`{meta['c_budget']}` (**an experiment**: `-Dresilience.budgets.polygon-free.limits={meta['c_budget']}`, not the shipped default)"
              if meta.get("c_budget") else "`5/66s` (the default)")
    w(f"Instances B and C, key `sandbox-polygon-free` with Polygon's Basic plan as the sandbox serves it (403 "
      f"`NOT_AUTHORIZED` for last trade, NBBO and snapshots; previous close and grouped daily allowed), the plan not "
      f"declared (`POLYGON_PLAN` unset: the service learns it), budget `polygon-free` = {budget} in one database; the "
      f"sandbox enforces the plan's rate as a 5/60 s token bucket per key (`SANDBOX_LIMITS_POLYGON_FREE=5/60s`). "
      f"Open-loop load (`marketdata-harness/rate.py`): one quote every {r['interval_s']} s, alternating B and C, cycling "
      f"over {len(r['tickers'])} tickers ({', '.join(r['tickers'])}), so each ticker comes back every "
      f"{r['interval_s'] * len(r['tickers']):.1f} s. B and C run with `MARKETDATA_CACHE_TTL_CLOSED=15s`, so quotes "
      f"expire every 15 s in and out of the session. On this key a quote is the previous close: once the refused "
      f"families are known (one probe each for both instances), one grouped-daily call serves every ticker's close, "
      f"and a quote that expires is rebuilt from `daily_bar` without an upstream call. Before the run the cache, "
      f"entitlement and daily-bar rows were deleted and both buckets (the budget row and the sandbox's) started full. "
      f"Started {c['started']}.")
    w("")
    w("| figure | value | goal |")
    w("|---|---:|---|")
    w(f"| **upstream 429s at the sandbox** | **{poly['throttled']}** | 0 → {verdict(c_ok)} |")
    w(f"| **403s the sandbox answered, per endpoint family** | **{', '.join(f'{k} {v}' for k, v in sorted(refused.items())) or 'none'}** "
      f"| ≤ 1 per family for both instances → {verdict(c_403_ok)} |")
    w(f"| **5xx other than 503 with Retry-After** | **{bad_5xx}** | 0 → {verdict(bad_5xx == 0)} |")
    w(f"| grouped-daily calls (every stock's previous close) | {grouped_calls} | ≤ 1 per session for the fleet |")
    w(f"| Polygon calls at the sandbox (all answered, 403s and 429s included) | {poly['calls']} | ≤ 5 + 5/min × {meta['c_seconds'] / 60:g} min = "
      f"{5 + 5 * meta['c_seconds'] / 60:g} |")
    w(f"| sandbox peak requests per second (Polygon) | {poly['peakPerSecond']} | |")
    w(f"| 200s by quote `source` | {', '.join(f'{k} {v}' for k, v in r.get('by_quote_source', {}).items()) or '—'} | |")
    w(f"| client requests offered / answered | {r['offered']} / {r['answered']} | |")
    w(f"| fresh (200, `cache.stale=false`) | {t['fresh']} (upstream {t.get('fresh_upstream', 0)}, memory "
      f"{t.get('fresh_memory', 0)}, database {t.get('fresh_database', 0)}) | |")
    w(f"| stale (200, `cache.stale=true`) | {t['stale']} | |")
    w(f"| 503 | {t['503']} | |")
    w(f"| other | {t['other']}{' (statuses ' + ', '.join(map(str, r['other_statuses'])) + ')' if r['other_statuses'] else ''} | 0 (never a 500) |")
    w(f"| client latency p50 / p99 / max (ms) | {r['latency_ms']['p50']} / {r['latency_ms']['p99']} / {r['latency_ms']['max']} | |")
    w("")
    w("Per instance and per minute (fresh / stale / 503 / other):")
    w("")
    w("| slice | fresh | stale | 503 | other |")
    w("|---|---:|---:|---:|---:|")
    for k, v in r["per_instance"].items():
        w(f"| instance {'BC'[int(k)]} | {v['fresh']} | {v['stale']} | {v['503']} | {v['other']} |")
    for k, v in r["per_minute"].items():
        w(f"| minute {int(k) + 1} | {v['fresh']} | {v['stale']} | {v['503']} | {v['other']} |")
    w("")
    lbo = r.get("latency_ms_by_outcome", {})
    if lbo:
        w("Client latency by outcome, p50 / max (ms): " + "; ".join(f"{o} {v['p50']} / {v['max']}" for o, v in lbo.items()) + ".")
        w("")
    w("Cross-checks: sandbox calls by endpoint " + ", ".join(f"`{k}` {v}" for k, v in poly["endpoints"].items()) +
      f"; the services' own usage rows (`resilience_upstream_usage`, flushed every 15 s): " +
      (", ".join(f"`{u['endpoint']}` {u['calls']} calls, {u['throttled']} throttled, {u['budget_waits']} budget waits"
                 for u in c["db_usage"]) or "none") +
      f"; budget permits refused for a too-long wait (`resilience_budget_exhausted_total`, B + C): {c['budget_exhausted_total']}; "
      f"cache stats B: misses {c['stats_b']['misses']}, upstream loads {c['stats_b']['upstream_loads']}, stale served "
      f"{c['stats_b']['stale_served']}, coalesced {c['stats_b']['coalesced']}; C: misses {c['stats_c']['misses']}, upstream "
      f"loads {c['stats_c']['upstream_loads']}, stale served {c['stats_c']['stale_served']}, coalesced "
      f"{c['stats_c']['coalesced']}. Sampled once a second, the sandbox's busiest second had "
      f"{r['sandbox_sampled_peak_calls_per_s']} calls/s; 429s were first seen at "
      f"{', '.join(f'{s:.0f} s' for s in r['sandbox_429_seen_at_s'][:5]) or '—'}.")
    w("")

    # ------------------------------------------------------------------ summary
    w("## Against the goals")
    w("")
    w("| goal | result | |")
    w("|---|---|---|")
    for n, (tr, pr) in a_ratios.items():
        w(f"| (a) cached quote ≥ 0.6 × bare Quarkus, {n} connections | throughput {tr:.2f}, p99 {pr:.2f} | "
          f"{verdict(tr >= 0.6 and pr >= 0.6)} |")
    w(f"| (b) {bb['requests']} concurrent cold requests → 1 upstream call per endpoint | trade {trade}, NBBO {nbbo} | {verdict(b_ok)} |")
    w(f"| (c) 10× the plan from 2 instances → 0 upstream 429s | {poly['throttled']} | {verdict(c_ok)} |")
    w(f"| (c) free key: ≤ 1 forbidden call per family for both instances | {', '.join(f'{k} {v}' for k, v in sorted(refused.items())) or 'none'} | {verdict(c_403_ok)} |")
    w(f"| (c) no 5xx but 503 with Retry-After | {bad_5xx} | {verdict(bad_5xx == 0)} |")
    w("")
    # figures the diagnosis below rests on, computed from this run
    trade_c = sum(v for k, v in poly["endpoints"].items() if "/last/trade" in k)
    nbbo_c = sum(v for k, v in poly["endpoints"].items() if "/last/nbbo" in k)
    w("Figures behind the diagnosis, from this run:")
    w("")
    for n in conns:
        q, na, bare = by.get(("quote", n)), by.get(("noauth", n)), by.get(("bare", n))
        if q and na and bare:
            w(f"- (a) {n} connections: the same quote URL without a JWT runs at {rps(na) / rps(q):.1f}× the signed-in "
              f"rate ({fmt(rps(na))} vs {fmt(rps(q))} requests/s), i.e. {rps(na) / rps(bare):.2f} of bare; the cache "
              f"lookup itself is not where the time goes.")
    if trade_c > nbbo_c:
        w(f"- (c) the sandbox answered {trade_c} last-trade calls but only {nbbo_c} NBBO calls: {trade_c - nbbo_c} of the "
          f"{poly['calls']} calls the plan allowed were last trades whose quote then failed for want of a second permit.")
    w(f"- (c) of the {poly['calls']} Polygon calls, {sum(refused.values())} were refused (403, learning the plan), "
      f"{grouped_calls} grouped daily; the rest by endpoint: " +
      (", ".join(f"`{k}` {v}" for k, v in poly["endpoints"].items() if "/aggs/grouped/" not in k) or "none") + ".")
    w("")
    findings = os.path.join(os.path.dirname(os.path.abspath(__file__)), "findings.md")
    if os.path.exists(findings):
        with open(findings) as f:
            w(f.read().rstrip())
            w("")
    w(f"Settings: wrk {meta['wrk_seconds']} s per run; burst {meta['burst']}; (c) {meta['c_rate']:g}/min for "
      f"{meta['c_seconds']} s over {meta['c_tickers']}{', budget ' + meta['c_budget'] if meta.get('c_budget') else ''}. Ports 18090 (sandbox), 18082-18084 (HTTP), 18182-18184 "
      f"(management). Raw results of this run: `{meta['run']}` (not kept in the repository).")

    text = "\n".join(L) + "\n"
    print(text)
    if out:
        with open(out, "w") as f:
            f.write(text)
        print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
