#!/usr/bin/env python3
"""A straightforward NumPy reference of the exact model (AlignmentScale.docc/TheModel.md) on the built-in default
scenario, for a side-by-side timing against `alignscale-bench` and a cross-check of the value.

It is written from the model's documentation (TheModel.md), not from the Swift code: enumerate the ready/not-ready states of the
required programs, zero out programs with an unready ancestor, and apply the closed form per level.
Prints V at the benchmark allocation and the median time of one evaluation.
"""
import itertools
import time

import numpy as np

# id, level (0 = not a technique), baseline, ceiling, scale, backfire, evidence, misuse_reduction, requires
PROGRAMS = [
    ("rlhf", 2, 0.95, 1, 20, 0.3, 0, 0, []),
    ("constitutional-ai", 3, 0.85, 1, 25, 0.25, 0, 0, []),
    ("scalable-oversight", 4, 0.35, 1, 60, 0.15, 0, 0, ["rlhf"]),
    ("ai-assisted-oversight", 5, 0.2, 1, 100, 0.1, 0, 0, ["scalable-oversight"]),
    ("interpretability-oversight", 6, 0.1, 1, 250, 0.05, 0.2, 0, []),
    ("misalignment-experiments", 7, 0.05, 1, 400, 0, 0.3, 0, ["interpretability-oversight"]),
    ("alignment-theory", 8, 0.03, 1, 1000, 0, 0.05, 0, []),
    ("new-paradigm", 9, 0.01, 0.5, 3000, 0, 0, 0, []),
    ("misuse-governance", 0, 0.3, 1, 50, 0, 0, 0.6, []),
    ("coordinated-pause", 0, 0.05, 1, 150, 0, 0.5, 0, []),
]
BELIEFS = np.array([0.05, 0.10, 0.15, 0.15, 0.15, 0.12, 0.10, 0.08, 0.05, 0.05])
Q0, M0, N = 0.2, 0.1, 10
X = np.array([5, 10, 15, 10, 20, 10, 5, 5, 10, 10], dtype=float)

ids = [p[0] for p in PROGRAMS]
level = np.array([p[1] for p in PROGRAMS])
b, c, s, h, e, u = (np.array([p[i] for p in PROGRAMS], dtype=float) for i in range(2, 8))
index = {pid: j for j, pid in enumerate(ids)}
required = sorted({index[r] for p in PROGRAMS for r in p[8]})


def ancestors(j):
    out = set()
    for r in PROGRAMS[j][8]:
        out |= {index[r]} | ancestors(index[r])
    return out


ANCESTORS = [ancestors(j) for j in range(len(PROGRAMS))]
# suff[k-1, j]: technique j suffices at level k
SUFF = np.array([[level[j] >= k and level[j] > 0 for j in range(len(PROGRAMS))] for k in range(1, N + 1)])


def closed_form(r):
    """P(safe | k) for k = 1..N without requires, vectorised over levels."""
    rest = ~SUFF
    n_k = np.where(SUFF, 1 - r, 1).prod(axis=1)
    n_k[0] = 0.0
    misuse_all = (1 - u * r).prod()
    misuse_rest = np.where(rest, 1 - u * r, 1).prod(axis=1)
    conceal_rest = np.where(rest, 1 - h * r, 1).prod(axis=1)
    quiet_rest = np.where(rest, 1 - r * (1 - (1 - e) * (1 - h)), 1).prod(axis=1)
    q_k = conceal_rest - (1 - Q0) * quiet_rest
    return (1 - n_k) - M0 * (misuse_all - n_k * misuse_rest) + n_k * q_k


def safety(x):
    r = c - (c - b) * np.exp(-x / s)
    total = np.zeros(N)
    for state in itertools.product([0, 1], repeat=len(required)):
        ready = dict(zip(required, state))
        weight = np.prod([r[j] if ready[j] else 1 - r[j] for j in required])
        eff = r.copy()
        for j in range(len(PROGRAMS)):
            if any(not ready[a] for a in ANCESTORS[j]):
                eff[j] = 0.0
            elif j in ready:
                eff[j] = float(ready[j])
        total += weight * closed_form(eff)
    return float(BELIEFS @ total)


if __name__ == "__main__":
    value = safety(X)
    times = []
    for _ in range(5):
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < 0.3:
            safety(X)
            n += 1
        times.append((time.perf_counter() - start) / n)
    print(f"V(x) = {value:.15f}")
    print(f"seconds per evaluation: {sorted(times)[2]:.3e}")
