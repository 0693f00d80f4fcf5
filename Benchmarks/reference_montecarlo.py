#!/usr/bin/env python3
"""A straightforward vectorised NumPy reference of Monte Carlo over uncertain parameters
(AlignmentScale.docc/TheModel.md and UncertainParameters.md), for a side-by-side whole-process timing against `alignscale evaluate
--samples N` and a cross-check of the mean.

Written from the model's documentation (UncertainParameters.md, TheModel.md), not from the Swift code: draw every uncertain parameter for all samples at
once with NumPy's samplers (beliefs from Dirichlet(κ·p) when `belief_concentration` is set), then
enumerate the ready/not-ready states of the required programs and apply the closed form level by
level over (samples × programs) arrays.

Usage: reference_montecarlo.py SCENARIO.json SAMPLES [SEED]
Prints one JSON object: {"samples", "mean", "stderr"}.
"""
import itertools
import json
import math
import sys

import numpy as np

Z95 = 1.6448536269514722  # the 95th percentile of the standard normal


def draw(spec, size, rng):
    """Samples of one parameter: a number, "a to b", or a one-key distribution mapping."""
    if isinstance(spec, (int, float)):
        return np.full(size, float(spec))
    if isinstance(spec, str):
        a, b = (float(t) for t in spec.split(" to "))
        spec = {"ci90": [a, b]}
    (kind, args), = spec.items()
    if kind == "ci90":
        a, b = args
        mu, sigma = (math.log(a) + math.log(b)) / 2, (math.log(b) - math.log(a)) / (2 * Z95)
        return rng.lognormal(mu, sigma, size)
    if kind == "lognormal":
        return rng.lognormal(args[0], args[1], size)
    if kind == "normal":
        return rng.normal(args[0], args[1], size)
    if kind == "uniform":
        return rng.uniform(args[0], args[1], size)
    if kind == "beta":
        return rng.beta(args[0], args[1], size)
    if kind == "triangular":
        return rng.triangular(args[0], args[1], args[2], size)
    raise SystemExit(f"unsupported distribution {kind}")


FIELDS = {"baseline": 0, "ceiling": 1, "scale": 1, "backfire": 0, "evidence": 0, "misuse_reduction": 0}


def uncertain_parameters(scenario):
    """(name, spec) of every parameter written as a distribution, in file order."""
    out = []
    for prog in scenario["programs"]:
        for name, spec in prog.items():
            if name in FIELDS and not isinstance(spec, (int, float)):
                out.append((f"programs.{prog['id']}.{name}", spec))
    for name in ("stop_baseline", "misuse_baseline"):
        spec = scenario.get(name, 0)
        if not isinstance(spec, (int, float)):
            out.append((name, spec))
    return out


def draw_parameters(scenario, samples, rng):
    """Draws of every uncertain parameter (by name) and the beliefs (samples × levels)."""
    drawn = {name: draw(spec, samples, rng) for name, spec in uncertain_parameters(scenario)}
    p = np.array(scenario["beliefs"], dtype=float)
    kappa = scenario.get("belief_concentration")
    if kappa:
        g = rng.standard_gamma(np.where(p > 0, kappa * p, 1.0), size=(samples, len(p))) * (p > 0)
        beliefs = g / g.sum(axis=1, keepdims=True)
    else:
        beliefs = np.broadcast_to(p, (samples, len(p)))
    return drawn, beliefs


def safety(scenario, drawn, beliefs, samples):
    """V of each sample: the scenario with the named parameters replaced by the arrays in `drawn`."""
    programs = scenario["programs"]
    n_levels = len(scenario["beliefs"])
    ids = [prog["id"] for prog in programs]
    index = {pid: j for j, pid in enumerate(ids)}
    P = len(programs)

    def field(name):
        columns = []
        for prog in programs:
            key = f"programs.{prog['id']}.{name}"
            value = drawn[key] if key in drawn else np.full(samples, float(prog.get(name, FIELDS[name])))
            columns.append(value)
        return np.stack(columns, axis=1)

    def scalar(name):
        return drawn[name] if name in drawn else np.full(samples, float(scenario.get(name, 0)))

    b, c, s = field("baseline"), field("ceiling"), field("scale")
    c = np.maximum(c, b)  # a drawn ceiling below the drawn baseline is raised to it
    h, e, u = field("backfire"), field("evidence"), field("misuse_reduction")
    q0, m0 = scalar("stop_baseline"), scalar("misuse_baseline")

    allocation = scenario.get("allocation", {})
    x = np.array([allocation.get(pid, prog.get("min", 0)) for pid, prog in zip(ids, programs)], dtype=float)
    r = c - (c - b) * np.exp(-x / s)

    level = np.array([prog.get("level", 0) if prog.get("kind", "technique") == "technique" else 0 for prog in programs])
    requires = [[index[i] for i in prog.get("requires", [])] for prog in programs]

    def ancestors(j):
        out = set()
        for a in requires[j]:
            out |= {a} | ancestors(a)
        return out

    anc = [ancestors(j) for j in range(P)]
    required = sorted({a for rs in requires for a in rs})
    fire_or_conceal = 1 - (1 - e) * (1 - h)

    total = np.zeros(samples)
    for state in itertools.product([0, 1], repeat=len(required)):
        ready = dict(zip(required, state))
        weight = np.ones(samples)
        for j in required:
            weight *= r[:, j] if ready[j] else 1 - r[:, j]
        eff = r.copy()
        for j in range(P):
            if any(not ready[a] for a in anc[j]):
                eff[:, j] = 0.0
            elif j in ready:
                eff[:, j] = float(ready[j])
        misuse_all = (1 - u * eff).prod(axis=1)
        for k in range(1, n_levels + 1):
            suff = (level >= k) & (level > 0)
            rest = ~suff
            n_k = np.zeros(samples) if k == 1 else (1 - eff[:, suff]).prod(axis=1)
            misuse_rest = (1 - u[:, rest] * eff[:, rest]).prod(axis=1)
            conceal_rest = (1 - h[:, rest] * eff[:, rest]).prod(axis=1)
            quiet_rest = (1 - eff[:, rest] * fire_or_conceal[:, rest]).prod(axis=1)
            q_k = conceal_rest - (1 - q0) * quiet_rest
            safe_k = (1 - n_k) - m0 * (misuse_all - n_k * misuse_rest) + n_k * q_k
            total += weight * beliefs[:, k - 1] * safe_k
    return total


def main():
    scenario = json.load(open(sys.argv[1]))
    samples = int(sys.argv[2])
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    if scenario.get("correlations"):
        raise SystemExit("this reference draws parameters independently: no correlations")
    drawn, beliefs = draw_parameters(scenario, samples, rng)
    values = safety(scenario, drawn, beliefs, samples)
    mean = float(values.mean())
    stderr = float(values.std(ddof=1) / math.sqrt(samples))
    print(json.dumps({"samples": samples, "mean": mean, "stderr": stderr}))


if __name__ == "__main__":
    main()
