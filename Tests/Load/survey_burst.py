#!/usr/bin/env python3
"""Posts survey responses at once to one or more `alignscale serve` instances, round robin.

Usage: survey_burst.py COUNT CONCURRENCY PREFIX URL [URL ...]
Response i has the id PREFIX-i. BURST_DELAY_MS (default 0) waits that long before each post, to
stretch a burst over a longer time. Prints one JSON object:
  {"statuses": {"201": n, "503": m, ...}, "created": [ids answered 201], "seconds": s,
   "failures": [first few non-201 answers], "median_seconds": {status: median time to answer}}
A connection that fails outright counts under status "error".
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

count, concurrency, prefix = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
urls = [u.rstrip("/") for u in sys.argv[4:]]
delay = int(os.environ.get("BURST_DELAY_MS", "0")) / 1000


def post(i):
    if delay:
        time.sleep(delay)
    beliefs = [0.1] * 10
    beliefs[i % 10] += 0.05
    beliefs[(i + 3) % 10] -= 0.05
    body = json.dumps({"id": f"{prefix}-{i}", "beliefs": beliefs}).encode()
    request = urllib.request.Request(
        urls[i % len(urls)] + "/api/responses", data=body, method="POST",
        headers={"Content-Type": "application/json"})
    sent = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return i, str(response.status), "", time.perf_counter() - sent
    except urllib.error.HTTPError as error:
        return i, str(error.code), error.read().decode(errors="replace")[:200], time.perf_counter() - sent
    except Exception as error:  # refused, reset, timed out
        return i, "error", repr(error)[:200], time.perf_counter() - sent


start = time.perf_counter()
with ThreadPoolExecutor(max_workers=concurrency) as pool:
    results = list(pool.map(post, range(count)))
seconds = time.perf_counter() - start
statuses = {}
durations = {}
for _, status, _, took in results:
    statuses[status] = statuses.get(status, 0) + 1
    durations.setdefault(status, []).append(took)
print(json.dumps({
    "statuses": statuses,
    "created": [f"{prefix}-{i}" for i, status, _, _ in results if status == "201"],
    "seconds": seconds,
    "failures": [{"id": f"{prefix}-{i}", "status": s, "body": b} for i, s, b, _ in results if s != "201"][:5],
    "median_seconds": {status: sorted(times)[len(times) // 2] for status, times in durations.items()},
}))
