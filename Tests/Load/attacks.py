#!/usr/bin/env python3
"""The attacks an outside review made on `alignscale serve`, as repeatable measurements.

Each subcommand prints one JSON object on stdout; the Swift tests (ServerAbuseTests) and
Benchmarks/load read it. Traffic goes only to the server named on the command line (loopback).

Usage:
  attacks.py scenario60 FILE                      write a valid 60-program scenario (JSON) to FILE
  attacks.py cancel URL PID NAME QUERY BODYFILE   send a request, close the connection mid-request,
                                                  and measure the server's CPU seconds afterwards
  attacks.py light URL SECONDS KIND BODYFILE      light evaluates while four clients send KIND
                                                  (voi60: 60-program voi; big: 1 MiB bodies)
  attacks.py raw URL NAME                         one malformed or hostile raw HTTP request
  attacks.py idle URL SECONDS                     whether a kept-alive connection idle for SECONDS
                                                  after a response still answers
"""
import json
import os
import socket
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request


def host_port(url):
    rest = url.split("://", 1)[1]
    host, port = rest.rsplit(":", 1)
    return host, int(port)


def cpu_seconds(pid):
    """User + system CPU time of a process, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def scenario60():
    programs = []
    for j in range(60):
        program = {"id": f"p{j}", "kind": "technique", "level": 2 + j % 8, "baseline": 0.05 + 0.005 * (j % 10),
                   "scale": 5 + j % 13, "backfire": 0.02 * (j % 5), "evidence": 0.01 * (j % 7)}
        if j < 6:
            program["baseline"] = {"beta": [4.5, 36.5]}
        if 10 <= j < 14:
            # Four independent prerequisites: the exact model sums over their 16 states.
            program["requires"] = [f"p{j - 10}"]
        programs.append(program)
    orderings = [{"name": f"alternative-{o}", "credence": 0.1,
                  "levels": {f"p{20 + 3 * o + i}": 2 + (o + i) % 8 for i in range(3)}} for o in range(3)]
    return {"version": 1, "name": "sixty", "orderings": orderings, "beliefs": [0.05, 0.1, 0.15, 0.15, 0.15, 0.1, 0.1, 0.1, 0.05, 0.05],
            "budget": 100, "stop_baseline": {"uniform": [0.1, 0.3]}, "misuse_baseline": 0.05, "programs": programs}


def post(url, path, body, timeout=120):
    request = urllib.request.Request(url + path, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except Exception:
        status = 0
    return status, time.monotonic() - start


def cancel(url, pid, name, query, body):
    """Sends POST /api/NAME?QUERY and leaves once the server has spent 0.3 s of CPU on it (so that
    the work is under way, whatever else the machine is doing); then measures, in CPU seconds so
    that a busy machine does not change the figure, how much more work the server does before it
    is idle (1 s in a row below 0.05 s of CPU), waiting up to 15 s."""
    host, port = host_port(url)
    path = f"/api/{name}" + (f"?{query}" if query else "")
    connection = socket.create_connection((host, port))
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    before = cpu_seconds(pid)
    connection.sendall(head + body)
    connection.settimeout(0.05)
    answered = False
    deadline = time.monotonic() + 15
    while cpu_seconds(pid) - before < 0.3 and time.monotonic() < deadline:
        try:
            if connection.recv(1):
                answered = True
                break
        except socket.timeout:
            pass
    busy = cpu_seconds(pid) - before
    connection.close()
    left = time.monotonic()
    at_leaving = cpu_seconds(pid)
    samples = [(left, at_leaving)]
    idle_after = None
    while time.monotonic() - left < 15:
        time.sleep(0.25)
        samples.append((time.monotonic(), cpu_seconds(pid)))
        recent = [c for t, c in samples if t >= samples[-1][0] - 1.0]
        if samples[-1][0] - left >= 1.0 and recent[-1] - recent[0] < 0.05:
            idle_after = round(samples[-1][0] - left - 1.0, 2)
            break
    return {"endpoint": name, "answered_before_leaving": answered, "cpu_before_leaving": round(busy, 3),
            "cpu_after_leaving": round(samples[-1][1] - at_leaving, 3), "idle_after_seconds": idle_after}


def light(url, seconds, kind, body):
    """Light evaluates of the default scenario, one after another for SECONDS, while four clients
    keep sending KIND; their latencies and statuses."""
    with urllib.request.urlopen(url + "/api/scenarios/default", timeout=30) as response:
        default = response.read()
    stop = time.monotonic() + seconds
    heavy_statuses = []

    def attacker():
        while time.monotonic() < stop:
            if kind == "voi60":
                status, _ = post(url, "/api/voi", body)
            else:
                status, _ = post(url, "/api/evaluate", body)
            heavy_statuses.append(status)

    threads = [threading.Thread(target=attacker) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    latencies, statuses = [], []
    while time.monotonic() < stop:
        status, elapsed = post(url, "/api/evaluate", default, timeout=60)
        statuses.append(status)
        latencies.append(elapsed)
        time.sleep(0.05)
    for t in threads:
        t.join()
    return {"kind": kind, "light_requests": len(latencies), "light_statuses": sorted(set(statuses)),
            "light_p50": round(statistics.median(latencies), 4), "light_max": round(max(latencies), 4),
            "attack_requests": len(heavy_statuses), "attack_statuses": sorted(set(heavy_statuses))}


RAW = {
    "no-host": b"GET /healthz HTTP/1.1\r\n\r\n",
    "two-hosts": b"GET /healthz HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n",
    "bad-chunk": (b"POST /api/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
    "huge-length": (b"POST /api/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 1000000000000\r\n\r\n"),
    "rebinding": (b"POST /api/responses HTTP/1.1\r\nHost: evil.example:PORT\r\nOrigin: http://evil.example:PORT\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 53\r\n\r\n"
                  b'{"beliefs":[0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1]}'),
}


def raw(url, name):
    host, port = host_port(url)
    request = RAW[name].replace(b"PORT", str(port).encode())
    connection = socket.create_connection((host, port))
    connection.settimeout(10)
    start = time.monotonic()
    connection.sendall(request)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = connection.recv(4096)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        pass
    elapsed = time.monotonic() - start
    connection.close()
    status_line = data.split(b"\r\n", 1)[0].decode(errors="replace")
    status = int(status_line.split()[1]) if status_line.startswith("HTTP/") else 0
    return {"attack": name, "status": status, "seconds": round(elapsed, 3)}


def idle(url, seconds):
    host, port = host_port(url)
    connection = socket.create_connection((host, port))
    connection.settimeout(5)
    request = f"GET /healthz HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()

    def exchange():
        try:
            connection.sendall(request)
            data = connection.recv(4096)
            return data.startswith(b"HTTP/1.1 200")
        except OSError:
            return False

    first = exchange()
    time.sleep(seconds)
    second = exchange()
    connection.close()
    return {"first": first, "after_idle": second, "idle_seconds": seconds}


def main():
    command = sys.argv[1]
    if command == "scenario60":
        with open(sys.argv[2], "w") as f:
            json.dump(scenario60(), f)
        return
    if command == "cancel":
        url, pid, name, query, body = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
        result = cancel(url, pid, name, query, open(body, "rb").read())
    elif command == "light":
        url, seconds, kind, body = sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
        result = light(url, seconds, kind, open(body, "rb").read())
    elif command == "raw":
        result = raw(sys.argv[2], sys.argv[3])
    elif command == "idle":
        result = idle(sys.argv[2], float(sys.argv[3]))
    else:
        sys.exit(__doc__)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
