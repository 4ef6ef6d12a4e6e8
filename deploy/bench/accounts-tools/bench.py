#!/usr/bin/env python3
"""Helpers of deploy/bench/accounts (standard library + python3-cryptography only).

  bench.py naive SANDBOX_URL ACCESS_TOKEN CLIENT_ID RUNS WORKERS   naive Ads client: no backoff, 429 -> retry at once
  bench.py seed-tokens SANDBOX_URL AMAZON_USER N KEY_B64 OUT_DIR    N LWA connections, encrypted like TokenCipher (CSV)
  bench.py pct FILE...                                           p50/p95/p99/max/mean of numbers (seconds) -> ms
  bench.py refresh-report SEED_CSV T0_EPOCH LEAD TTL LOG...        analysis of the proactive refresh run (JSON)
"""
import base64
import concurrent.futures as cf
import csv
import hashlib
import http.client
import json
import os
import re
import statistics
import sys
import threading
import time
import urllib.parse
import uuid
from datetime import datetime

CLIENT_ID = "amzn1.application-oa2-client.sandbox"
CLIENT_SECRET = "sandbox-lwa-client-secret"
LIST_TYPE = "application/vnd.listaccountsresource.v1+json"


def conn_for(url):
    u = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30), u.path.rstrip("/")


# ---------------------------------------------------------------------------------------------- naive client
def naive(sandbox, token, client_id, runs, workers):
    """The same work as `runs` full syncs of one user (POST /adsAccounts/list pages of 100, then /v2/profiles of NA,
    EU, FE), `workers` runs at once, one access token, no Retry-After, no backoff: a 429 is retried immediately."""
    lock = threading.Lock()
    stats = {"calls": 0, "throttled": 0, "other_errors": 0, "accounts": 0}

    def call(c, base, method, path, body):
        while True:
            headers = {"Authorization": "Bearer " + token, "Amazon-Advertising-API-ClientId": client_id}
            if method == "POST":
                headers["Content-Type"] = headers["Accept"] = LIST_TYPE
            c.request(method, base + path, body=None if body is None else json.dumps(body), headers=headers)
            r = c.getresponse()
            data = r.read()
            with lock:
                stats["calls"] += 1
                if r.status == 429:
                    stats["throttled"] += 1
                elif r.status >= 300:
                    stats["other_errors"] += 1
            if r.status == 429:
                continue
            return r.status, data

    def one_run(_):
        c, base = conn_for(sandbox)
        next_token = None
        n = 0
        while True:
            body = {"maxResults": 100}
            if next_token:
                body["nextToken"] = next_token
            status, data = call(c, base, "POST", "/ads/na/adsAccounts/list", body)
            if status != 200:
                raise SystemExit("naive client: list answered %d %s" % (status, data[:200]))
            page = json.loads(data)
            n += len(page.get("adsAccounts", []))
            next_token = page.get("nextToken")
            if not next_token:
                break
        for region in ("na", "eu", "fe"):
            call(c, base, "GET", "/ads/%s/v2/profiles" % region, None)
        with lock:
            stats["accounts"] += n
        c.close()

    started = time.monotonic()
    with cf.ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one_run, range(runs)))
    stats["wall_s"] = round(time.monotonic() - started, 3)
    print(json.dumps(stats))


# ---------------------------------------------------------------------------------------------- token seeding
def key_id(key):
    return "k" + hashlib.sha256(key).digest()[:6].hex()


def seed_tokens(sandbox, amazon_user, n, key_b64, out_dir):
    """N connections of distinct app users to one sandbox Amazon user: an authorization code from the control API,
    exchanged at LWA (each exchange issues a distinct refresh token), then sealed exactly as TokenCipher does:
    AES-256-GCM, 12-byte random nonce || ciphertext || tag, AAD "oauth_tokens:<user>:<access|refresh>"."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    key = base64.b64decode(key_b64)
    aes = AESGCM(key)
    kid = key_id(key)
    redirect = "http://127.0.0.1/bench/callback"
    local = threading.local()

    def connection():
        if not hasattr(local, "c"):
            local.c, local.base = conn_for(sandbox)
        return local.c, local.base

    def one(_):
        c, base = connection()
        c.request("POST", base + "/_control/lwa/codes", body=json.dumps({"userId": amazon_user, "redirectUri": redirect}),
                  headers={"Content-Type": "application/json"})
        r = c.getresponse()
        code = json.loads(r.read())["code"]
        form = urllib.parse.urlencode({"grant_type": "authorization_code", "code": code, "redirect_uri": redirect,
                                       "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
        c.request("POST", base + "/lwa/auth/o2/token", body=form,
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
        r = c.getresponse()
        reply = json.loads(r.read())
        if r.status != 200:
            raise SystemExit("seed: LWA answered %d %s" % (r.status, reply))
        user = str(uuid.uuid4())
        token_id = str(uuid.uuid4())

        def seal(value, kind):
            nonce = os.urandom(12)
            return "\\x" + (nonce + aes.encrypt(nonce, value.encode(), ("oauth_tokens:%s:%s" % (user, kind)).encode())).hex()

        return user, token_id, seal(reply["access_token"], "access"), seal(reply["refresh_token"], "refresh")

    started = time.monotonic()
    with cf.ThreadPoolExecutor(max_workers=4) as pool:
        rows = list(pool.map(one, range(n)))
    os.makedirs(out_dir, exist_ok=True)
    # offsets (seconds after the insert) are spread evenly over the window by the SQL (row_number), not here
    with open(os.path.join(out_dir, "users.csv"), "w", newline="") as f:
        w = csv.writer(f)
        for user, _, _, _ in rows:
            w.writerow([user])
    with open(os.path.join(out_dir, "tokens.csv"), "w", newline="") as f:
        w = csv.writer(f)
        for i, (user, token_id, access, refresh) in enumerate(rows):
            w.writerow([i, token_id, user, access, refresh, kid])
    print(json.dumps({"seeded": len(rows), "seconds": round(time.monotonic() - started, 1), "key_id": kid}))


# ---------------------------------------------------------------------------------------------- percentiles
def pct_of(values, p):
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def pct(files):
    vals = []
    for f in files:
        with open(f) as fh:
            for line in fh:
                line = line.strip()
                if line:
                    vals.append(float(line) * 1000.0)
    print(json.dumps({"n": len(vals), "p50": round(pct_of(vals, 50), 2), "p95": round(pct_of(vals, 95), 2),
                      "p99": round(pct_of(vals, 99), 2), "max": round(max(vals), 2),
                      "mean": round(statistics.mean(vals), 2)}))


# ---------------------------------------------------------------------------------------------- refresh analysis
LINE = re.compile(r"token refresh token=([0-9a-f-]{36}) user=[0-9a-f-]{36} trigger=(\w+) outcome=(\w+) took_ms=(\d+)")


def parse_ts(s):
    # Quarkus JSON logs: 2026-01-01T10:00:00.123456Z or with an offset
    s = s.replace("Z", "+00:00")
    return datetime.fromisoformat(s).timestamp()


def refresh_report(seed_csv, lead, ttl, logs):
    """seed_csv: token_id,expires_at_epoch of the seeded generation. Logs: JSON lines of every instance."""
    e0 = {}
    with open(seed_csv) as f:
        for row in csv.reader(f):
            e0[row[0]] = float(row[1])
    attempts = []  # (ts, token, trigger, outcome, instance)
    for inst, path in enumerate(logs):
        with open(path, errors="replace") as f:
            for line in f:
                if "token refresh token=" not in line or not line.startswith("{"):
                    continue
                try:
                    j = json.loads(line)
                except ValueError:
                    continue
                m = LINE.search(j.get("message", ""))
                if m:
                    attempts.append((parse_ts(j["timestamp"]), m.group(1), m.group(2), m.group(3), inst))
    attempts.sort()
    outcomes = {}
    by_instance = {}
    successes = {}
    for ts, tok, trig, out, inst in attempts:
        outcomes["%s/%s" % (trig, out)] = outcomes.get("%s/%s" % (trig, out), 0) + 1
        if out == "success":
            by_instance[inst] = by_instance.get(inst, 0) + 1
            successes.setdefault(tok, []).append(ts)
    before = late = never = 0
    margins = []
    lateness = []
    for tok, exp in e0.items():
        s = successes.get(tok)
        if not s:
            never += 1
            continue
        if s[0] < exp:
            before += 1
            margins.append(exp - s[0])
        else:
            late += 1
            lateness.append(s[0] - exp)
    # a duplicate: a second success for a token before its new token could have become due again
    # (the new token lives TTL, is due at TTL - lead; anything sooner than half of that refreshed a fresh token)
    dup_window = (ttl - lead) / 2.0
    duplicates = 0
    for tok, s in successes.items():
        for a, b in zip(s, s[1:]):
            if b - a < dup_window:
                duplicates += 1
    lease_lost = sum(v for k, v in outcomes.items() if k.endswith("/lease_lost"))
    n = len(e0)
    out = {
        "tokens": n,
        "refreshed_before_expiry": before,
        "refreshed_after_expiry": late,
        "never_refreshed": never,
        "share_before_expiry_pct": round(100.0 * before / n, 2) if n else None,
        "margin_before_expiry_s": {"p5": round(pct_of(margins, 5), 1), "p50": round(pct_of(margins, 50), 1),
                                   "min": round(min(margins), 1)} if margins else None,
        "late_by_s": {"p50": round(pct_of(lateness, 50), 1), "max": round(max(lateness), 1)} if lateness else None,
        "attempts_by_trigger_outcome": outcomes,
        "successes_by_instance": {str(k): v for k, v in sorted(by_instance.items())},
        "successes_total": sum(len(v) for v in successes.values()),
        "duplicate_successes": duplicates,
        "lease_lost": lease_lost,
        "tokens_refreshed_twice_or_more": sum(1 for v in successes.values() if len(v) >= 2),
    }
    print(json.dumps(out))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "naive":
        naive(args[0], args[1], args[2], int(args[3]), int(args[4]))
    elif cmd == "seed-tokens":
        seed_tokens(args[0], args[1], int(args[2]), args[3], args[4])
    elif cmd == "pct":
        pct(args)
    elif cmd == "refresh-report":
        refresh_report(args[0], float(args[1]), float(args[2]), args[3:])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
