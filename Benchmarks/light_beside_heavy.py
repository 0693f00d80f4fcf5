"""Latency of quick requests while heavy ones run, against a running `alignscale serve`.

Four clients keep posting Monte Carlo evaluates of 10^6 samples (each several seconds of work)
while one client posts exact evaluates (about a millisecond of work) one after another. Prints the
exact requests' latency percentiles, and how the heavy requests were answered.

Usage: python3 Benchmarks/light_beside_heavy.py URL SCENARIO.json [SECONDS]
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.request

url, scenario_path = sys.argv[1], sys.argv[2]
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 20
body = open(scenario_path, "rb").read()
stop = time.monotonic() + seconds
heavy_statuses = []
lock = threading.Lock()


def post(path, timeout=120):
    request = urllib.request.Request(url + path, data=body, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except Exception:
        return "error"


def heavy():
    while time.monotonic() < stop:
        status = post("/api/evaluate?samples=1000000")
        with lock:
            heavy_statuses.append(status)


threads = [threading.Thread(target=heavy) for _ in range(4)]
for thread in threads:
    thread.start()
time.sleep(1)  # let the heavy requests start
latencies, light_statuses = [], []
while time.monotonic() < stop:
    start = time.monotonic()
    light_statuses.append(post("/api/evaluate"))
    latencies.append((time.monotonic() - start) * 1000)
    time.sleep(0.05)
for thread in threads:
    thread.join()
latencies.sort()


def percentile(q):
    return latencies[min(len(latencies) - 1, int(q * len(latencies)))]


ok = sum(1 for s in light_statuses if s == 200)
print(f"   exact evaluate beside 4 heavy clients: {len(latencies)} requests, {ok} answered 200")
print(f"   latency p50 {percentile(0.5):.1f} ms, p90 {percentile(0.9):.1f} ms, p99 {percentile(0.99):.1f} ms, max {latencies[-1]:.1f} ms")
counts = {}
for s in heavy_statuses:
    counts[s] = counts.get(s, 0) + 1
print("   heavy requests answered: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=str)))
