#!/usr/bin/env python3
"""Cross-check of `alignscale sensitivity` against SALib (https://salib.readthedocs.io).

SALib draws its own Saltelli sample (Sobol' sequence), the NumPy reference model of
Benchmarks/reference_montecarlo.py (written from the model's documentation (AlignmentScale.docc), sharing no code with the Swift
implementation) evaluates safety at the scenario's allocation, and SALib's estimators give the
first-order and total indices with 95% confidence half-widths. Every index of the Swift run must
agree within 4 combined standard errors (plus 0.01 for the small bias of the two first-order
estimators, Jansen's in Swift and Saltelli 2010's in SALib, at finite n).

Usage: sobol_salib.py SCENARIO.json SWIFT_OUTPUT.json
Supports uniform, triangular and lognormal ("a to b", ci90, lognormal) parameters, no
correlations, no belief_concentration (SALib samples each input independently from these families).
Exits 1 and says which index disagrees when the two differ.
"""
import json
import math
import os
import sys

import numpy as np
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Benchmarks"))
import reference_montecarlo as reference  # noqa: E402

Z95 = reference.Z95


def salib_distribution(spec):
    if isinstance(spec, str):
        a, b = (float(t) for t in spec.split(" to "))
        spec = {"ci90": [a, b]}
    (kind, args), = spec.items()
    if kind == "uniform":
        return "unif", [args[0], args[1]]
    if kind == "triangular":
        low, mode, high = args
        return "triang", [low, high, (mode - low) / (high - low)]
    if kind == "ci90":
        a, b = args
        return "lognorm", [(math.log(a) + math.log(b)) / 2, (math.log(b) - math.log(a)) / (2 * Z95)]
    if kind == "lognormal":
        return "lognorm", [args[0], args[1]]
    raise SystemExit(f"SALib cross-check: unsupported distribution {kind}")


def main():
    scenario = json.load(open(sys.argv[1]))
    swift = json.load(open(sys.argv[2]))["sobol"]
    parameters = reference.uncertain_parameters(scenario)
    names = [name for name, _ in parameters]
    dists, bounds = zip(*(salib_distribution(spec) for _, spec in parameters))
    problem = {"num_vars": len(names), "names": names, "bounds": list(bounds), "dists": list(dists)}
    n = 2 ** 14
    x = sobol_sample.sample(problem, n, calc_second_order=False, seed=7)
    drawn = {name: x[:, i] for i, name in enumerate(names)}
    beliefs = np.broadcast_to(np.array(scenario["beliefs"], dtype=float), (len(x), len(scenario["beliefs"])))
    y = reference.safety(scenario, drawn, beliefs, len(x))
    result = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=7)

    failures = 0
    by_name = {f["name"]: f for f in swift["factors"]}
    print(f"{'parameter':44} {'index':5} {'Swift':>8} {'SALib':>8} {'allowed':>8}")
    for i, name in enumerate(names):
        factor = by_name[name]
        for key, label, conf_key in (("first_order", "S1", "S1_conf"), ("total", "ST", "ST_conf")):
            mine = factor[key]
            se_swift = (mine["high"] - mine["low"]) / (2 * 1.96)
            theirs = float(result[label][i])
            se_salib = float(result[conf_key][i]) / 1.96
            allowed = 4 * math.hypot(se_swift, se_salib) + 0.01
            ok = abs(mine["value"] - theirs) <= allowed
            failures += not ok
            print(f"{name:44} {label:5} {mine['value']:8.4f} {theirs:8.4f} {allowed:8.4f} {'ok' if ok else 'DISAGREE'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
