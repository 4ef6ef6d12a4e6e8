#!/usr/bin/env python3
"""Dashboard timings in headless Chromium, through chromedriver's W3C WebDriver API (stdlib only, no Selenium).

measure.py --driver http://127.0.0.1:29515 --base http://127.0.0.1:29081 --jwt TOKEN --runs 15 --out figures.json
           [--screenshot docs/dashboard.png [--screenshot-only]]

Per navigation (Navigation Timing level 2, Paint Timing; ms from navigation start): responseStart (first byte),
first-contentful-paint, domInteractive, domContentLoadedEventEnd (htmx and the page script have run: interactive),
loadEventEnd, and "summary" (the lazily loaded sync-health fragment swapped in). Cold runs disable the HTTP cache
(CDP Network.setCacheDisabled); warm runs keep it. Then htmx fragment swaps: next page and a status filter
(request to settled, in the page). Page weight: transferred and decoded bytes of the document, CSS, JS and fragments.
"""
import argparse
import base64
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request


def call(driver, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(driver + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)["value"]


class Browser:
    def __init__(self, driver, chromium):
        self.driver = driver
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
                     "--disable-extensions", "--no-first-run"]}}}}
        self.sid = call(driver, "POST", "/session", caps)["sessionId"]

    def __call__(self, method, path, body=None):
        return call(self.driver, method, "/session/" + self.sid + path, body)

    def go(self, url):
        self("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self("POST", "/execute/sync", {"script": script, "args": list(args)})

    def js_async(self, script, *args):
        return self("POST", "/execute/async", {"script": script, "args": list(args)})

    def cdp(self, cmd, params=None):
        return self("POST", "/goog/cdp/execute", {"cmd": cmd, "params": params or {}})

    def quit(self):
        try:
            call(self.driver, "DELETE", "/session/" + self.sid)
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


WAIT_SUMMARY = """
const done = arguments[arguments.length - 1];
const t0 = Date.now();
(function poll() {
  const ready = document.querySelector('#summary .counts, #summary .panel');
  if (ready || Date.now() - t0 > 30000) {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const res = performance.getEntriesByType('resource').map(r => ({name: r.name, type: r.initiatorType,
        transfer: r.transferSize, encoded: r.encodedBodySize, decoded: r.decodedBodySize, end: r.responseEnd}));
    const summary = res.filter(r => r.name.includes('/dashboard/summary')).map(r => r.end)[0];
    done({ready: !!ready, responseStart: nav.responseStart, fcp: fcp ? fcp.startTime : null,
          domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
          summary: summary == null ? null : summary, cards: document.querySelectorAll('#cards li.card').length,
          doc: {transfer: nav.transferSize, encoded: nav.encodedBodySize, decoded: nav.decodedBodySize}, resources: res});
  } else { setTimeout(poll, 5); }
})();
"""

SWAP = """
const done = arguments[arguments.length - 1];
const action = arguments[0];
const t0 = performance.now();
const target = document.getElementById('results');
function settled(e) {
  if (e.detail.target === target) {
    document.body.removeEventListener('htmx:afterSettle', settled);
    done({ms: performance.now() - t0, cards: document.querySelectorAll('#cards li.card').length, url: location.search});
  }
}
document.body.addEventListener('htmx:afterSettle', settled);
if (action === 'next') { document.getElementById('next-page').click(); }
else { const s = document.getElementById('status'); s.value = action; s.dispatchEvent(new Event('change', {bubbles: true})); }
"""


def stats(values):
    v = sorted(x for x in values if x is not None)
    if not v:
        return {"n": 0}
    p95 = v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))]
    return {"n": len(v), "median": round(statistics.median(v), 1), "p95": round(p95, 1), "min": round(v[0], 1),
            "max": round(v[-1], 1)}


def load_runs(b, url, runs, cold):
    b.cdp("Network.enable")
    b.cdp("Network.setCacheDisabled", {"cacheDisabled": cold})
    b.go(url)  # warm-up (JIT, connection pool, the browser's own start)
    b.js_async(WAIT_SUMMARY)
    out = []
    for _ in range(runs):
        b.go(url)
        m = b.js_async(WAIT_SUMMARY)
        if not m["ready"]:
            raise SystemExit("the summary never appeared")
        out.append(m)
    return out


def weight(m):
    kinds = {"document": (m["doc"]["transfer"], m["doc"]["decoded"])}
    for r in m["resources"]:
        path = urllib.parse.urlsplit(r["name"]).path
        kind = "css" if path.endswith(".css") else "js" if path.endswith(".js") else "fragments"
        t, d = kinds.get(kind, (0, 0))
        kinds[kind] = (t + r["transfer"], d + r["decoded"])
    total = (sum(t for t, _ in kinds.values()), sum(d for _, d in kinds.values()))
    return {k: {"transferred": t, "decoded": d} for k, (t, d) in list(kinds.items()) + [("total", total)]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--jwt", required=True)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--cookie", default="suite_session")
    ap.add_argument("--out", required=True)
    ap.add_argument("--screenshot")
    ap.add_argument("--screenshot-only", action="store_true", help="only sign in and write the screenshot")
    a = ap.parse_args()

    b = Browser(a.driver, a.chromium)
    try:
        b.go(a.base + "/dashboard/sign-in")
        b("POST", "/cookie", {"cookie": {"name": a.cookie, "value": a.jwt, "path": "/", "httpOnly": True}})
        url = a.base + "/dashboard"
        if a.screenshot_only:
            b("POST", "/window/rect", {"width": 1280, "height": 1100})
            b.go(url)
            b.js_async(WAIT_SUMMARY)
            with open(a.screenshot, "wb") as f:
                f.write(base64.b64decode(b("GET", "/screenshot")))
            return 0
        cold = load_runs(b, url, a.runs, True)
        warm = load_runs(b, url, a.runs, False)
        b.cdp("Network.setCacheDisabled", {"cacheDisabled": False})
        swaps = {"next": [], "filter": []}
        for i in range(a.runs):
            b.go(url)
            b.js_async(WAIT_SUMMARY)
            swaps["next"].append(b.js_async(SWAP, "next"))
            swaps["filter"].append(b.js_async(SWAP, "active" if i % 2 == 0 else "pending"))
        # server time of the list fragment, name search over 10,000 (substring, few matches: the index walk is longest)
        q_times = []
        for q in ["zzz", "Account 99", "a"]:
            req = urllib.request.Request(a.base + "/dashboard/accounts?" + urllib.parse.urlencode({"q": q}),
                                         headers={"Cookie": a.cookie + "=" + a.jwt, "HX-Request": "true"})
            for _ in range(a.runs):
                t0 = time.perf_counter()
                with urllib.request.urlopen(req, timeout=30) as r:
                    r.read()
                q_times.append({"q": q, "ms": (time.perf_counter() - t0) * 1000})
        keys = ["responseStart", "fcp", "domInteractive", "domContentLoaded", "load", "summary"]
        result = {
            "runs": a.runs,
            "cards": cold[0]["cards"],
            "cold": {k: stats([m[k] for m in cold]) for k in keys},
            "warm": {k: stats([m[k] for m in warm]) for k in keys},
            "swap_next": stats([s["ms"] for s in swaps["next"]]),
            "swap_filter": stats([s["ms"] for s in swaps["filter"]]),
            "search": {q: stats([t["ms"] for t in q_times if t["q"] == q]) for q in ["zzz", "Account 99", "a"]},
            "weight_cold": weight(cold[0]),
            "weight_warm": weight(warm[-1]),
        }
        with open(a.out, "w") as f:
            json.dump(result, f, indent=2)
        print(json.dumps({k: result[k] for k in ["cards", "cold", "swap_next", "swap_filter"]}, indent=1))
    finally:
        b.quit()


if __name__ == "__main__":
    sys.exit(main())
