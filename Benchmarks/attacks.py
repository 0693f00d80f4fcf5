#!/usr/bin/env python3
"""The outside review's attacks on `alignscale serve`, measured on one or more builds side by side.

Usage: Benchmarks/attacks.py BINARY [BINARY ...]     (release builds; e.g. today's and an older one)

For each binary it starts a server on loopback with default limits and a fresh SQLite store, and
prints one line per attack: the alias bomb (time to answer, memory growth, /healthz meanwhile);
light evaluates beside four clients sending 60-program voi or 1 MiB bodies; CPU after clients
leave mid-request; the public summary at 10 000 answers (its time, and light latency beside four
clients polling it); one client posting 9 000 answers; whether one answer can be read off two
summaries; and the statuses of hostile raw requests. Everything runs on this machine only.
"""
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "Load"))
import attacks  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def get(url, timeout=60):
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read(), time.monotonic() - start
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.monotonic() - start
    except Exception:
        return 0, b"", time.monotonic() - start


def supports(binary, flag):
    return flag in subprocess.run([binary, "serve", "--help"], capture_output=True, text=True).stdout


class Server:
    def __init__(self, binary, folder, extra=()):
        self.port = random.randint(20000, 60000)
        self.url = f"http://127.0.0.1:{self.port}"
        self.db = os.path.join(folder, f"store-{self.port}.sqlite")
        self.process = subprocess.Popen(
            [binary, "serve", "--port", str(self.port), "--db", self.db, "--log-level", "error", *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            if get(self.url + "/healthz", timeout=1)[0] == 200:
                return
            time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait()


def bomb(server):
    levels = ",".join(["*l"] * 999)
    risks = ",".join(["*r"] * 999)
    body = ("version: 1\nbeliefs: [1]\nbudget: 1\nprograms: []\nscale:\n  levels: [&l {level: 1, name: x, band: green, "
            f"risks: [&r x,{risks}]}},{levels}]\n").encode()
    before = rss_mb(server.process.pid)
    result = {}

    def send():
        result["status"] = attacks.post(server.url, "/api/evaluate", body, timeout=20)[0]

    start = time.monotonic()
    thread = threading.Thread(target=send)
    thread.start()
    time.sleep(0.2)
    health = get(server.url + "/healthz", timeout=10)
    thread.join()
    elapsed = time.monotonic() - start
    return (f"alias bomb ({len(body)} bytes): status {result.get('status')}, answered in {elapsed:.2f} s, "
            f"RSS +{rss_mb(server.process.pid) - before:.0f} MB, /healthz meanwhile {health[0]} in {health[2]:.2f} s")


def summary(binary, folder):
    server = Server(binary, folder)
    rows = os.path.join(folder, "rows.csv")
    with open(rows, "w") as f:
        f.write("id,weight," + ",".join(f"p{k}" for k in range(1, 11)) + "\n")
        for i in range(10_000):
            f.write(f"s{i},1," + ",".join(["0.1"] * 10) + "\n")
    subprocess.run([binary, "responses", "import", rows, "--db", server.db], check=True, stdout=subprocess.DEVNULL)
    times = [get(server.url + "/api/responses/summary")[2] for _ in range(20)]
    stop = time.monotonic() + 8

    def poll():
        while time.monotonic() < stop:
            get(server.url + "/api/responses/summary")

    pollers = [threading.Thread(target=poll) for _ in range(4)]
    for t in pollers:
        t.start()
    with urllib.request.urlopen(server.url + "/api/scenarios/default") as response:
        default = response.read()
    latencies = []
    while time.monotonic() < stop:
        latencies.append(attacks.post(server.url, "/api/evaluate", default)[1])
    for t in pollers:
        t.join()
    server.stop()
    return (f"summary at 10 000 answers: p50 {statistics.median(times) * 1000:.1f} ms; light evaluates beside four "
            f"pollers p50 {statistics.median(latencies) * 1000:.1f} ms, max {max(latencies) * 1000:.0f} ms")


def flood(server):
    start = time.monotonic()
    statuses = {}
    lock = threading.Lock()
    counter = iter(range(9000))

    def worker():
        for i in counter:
            status, _ = attacks.post(server.url, "/api/responses",
                                     json.dumps({"id": f"f{i}", "beliefs": [0.1] * 10}).encode())
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return f"9 000 posts from one address in {time.monotonic() - start:.1f} s: {dict(sorted(statuses.items()))}"


def differencing(server):
    def pools():
        status, body, _ = get(server.url + "/api/responses/summary")
        data = json.loads(body) if status == 200 else {}
        return data.get("responses"), data.get("linear")

    for i in range(12):
        attacks.post(server.url, "/api/responses", json.dumps({"id": f"d{i}", "beliefs": [0.1] * 10}).encode())
    n0, before = pools()
    secret = [0.91] + [0.01] * 9
    attacks.post(server.url, "/api/responses", json.dumps({"id": "secret", "beliefs": secret}).encode())
    n1, after = pools()
    if not before or not after or n1 == n0:
        return f"differencing: one new answer left the summary unchanged ({n0} → {n1} answers pooled)"
    recovered = [n1 * a - n0 * b for a, b in zip(after, before)]
    return f"differencing: one new answer read back as p1 = {recovered[0]:.4f} (it was {secret[0]})"


def main():
    binaries = sys.argv[1:]
    if not binaries:
        sys.exit(__doc__)
    for binary in binaries:
        print(f"== {binary}")
        with tempfile.TemporaryDirectory() as folder:
            sixty = os.path.join(folder, "sixty.json")
            with open(sixty, "w") as f:
                json.dump(attacks.scenario60(), f)
            big = os.path.join(folder, "big.json")
            with open(big, "w") as f:
                f.write('{"version": 1, "budget": 1, "programs": [], "beliefs": [' + ",".join(["0.1"] * 260_000) + "]}")
            server = Server(binary, folder)
            print("  " + bomb(server))
            server.stop()
            for kind, body in (("voi60", sixty), ("big", big)):
                server = Server(binary, folder)
                r = attacks.light(server.url, 15, kind, open(body, "rb").read())
                print(f"  light evaluates beside four {kind} clients: p50 {r['light_p50'] * 1000:.1f} ms, max "
                      f"{r['light_max'] * 1000:.0f} ms, statuses {r['light_statuses']} ({r['light_requests']} requests)")
                server.stop()
            server = Server(binary, folder, ["--max-samples", "100000000", "--time-limit", "120"])
            uncertain = os.path.join(ROOT, "Benchmarks", "scenarios", "uncertain-10-programs.json")
            for name, query, body in (("evaluate", "samples=60000000", uncertain), ("study", "cases=2000", sixty),
                                      ("sensitivity", "samples=100000", sixty), ("voi", "", sixty),
                                      ("race", "trajectories=60000000", uncertain)):
                r = attacks.cancel(server.url, server.process.pid, name, query, open(body, "rb").read())
                idle = "never idle within 15 s" if r["idle_after_seconds"] is None else f"idle {r['idle_after_seconds']:.2f} s later"
                print(f"  {name}, client gone after {r['cpu_before_leaving']:.2f} s of CPU: {r['cpu_after_leaving']:.2f} s "
                      f"more CPU, {idle}")
            server.stop()
            print("  " + summary(binary, folder))
            server = Server(binary, folder)
            print("  " + flood(server))
            server.stop()
            # Without the rate limit, so that only the batches keep the answer out of the summary.
            server = Server(binary, folder, ["--survey-rate", "0"] if supports(binary, "--survey-rate") else [])
            print("  " + differencing(server))
            statuses = {name: attacks.raw(server.url, name)["status"] for name in attacks.RAW}
            print(f"  raw requests: {statuses}")
            server.stop()


if __name__ == "__main__":
    main()
