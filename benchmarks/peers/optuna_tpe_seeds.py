#!/usr/bin/env python3
"""Optuna's TPESampler (or CmaEsSampler) on the `vernier bench samplers` functions over a range of seeds, for robust medians.

The issue's protocol (and `shared/peers/hpo_peers.py`) uses seeds 0-9; ten runs leave the median regret of TPE
uncertain by a factor of about two. This script runs Optuna's default TPESampler(seed=s) (optionally with another
`n_ei_candidates`) on Branin, Hartmann6 and Rosenbrock-5 with the same bounds, optima and 100 evaluations, and
prints the median and quartiles of the simple regret at 50 and 100 evaluations over seeds FIRST..LAST-1, plus the
median over the first ten of them. Compare with `vernier bench samplers --seeds N`. `--sampler cmaes` runs
Optuna's default CmaEsSampler(seed=s) instead (needs the `cmaes` package too); compare with
`vernier bench samplers --seeds N --only cmaes`.

Peer-comparison script only (never imported or run by Vernier); needs optuna and numpy, e.g. the venv
`python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install optuna numpy`:

  /tmp/torchvenv/bin/python benchmarks/peers/optuna_tpe_seeds.py --first 0 --last 60
  /tmp/torchvenv/bin/python benchmarks/peers/optuna_tpe_seeds.py --first 0 --last 60 --candidates 64 \
      --functions hartmann6 --json optuna_tpe_64.json
  /tmp/torchvenv/bin/python benchmarks/peers/optuna_tpe_seeds.py --sampler cmaes --first 0 --last 60
"""
import argparse
import json
import math

import numpy as np
import optuna


def branin(x):
    x1, x2 = x
    a, b, c = 1.0, 5.1 / (4 * math.pi**2), 5.0 / math.pi
    r, s, t = 6.0, 10.0, 1.0 / (8 * math.pi)
    return a * (x2 - b * x1**2 + c * x1 - r) ** 2 + s * (1 - t) * math.cos(x1) + s


H6_A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8],
                 [17, 8, 0.05, 10, 0.1, 14]], dtype=float)
H6_P = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                        [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]], dtype=float)
H6_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def hartmann6(x):
    x = np.asarray(x, dtype=float)
    return float(-np.sum(H6_ALPHA * np.exp(-np.sum(H6_A * (x[None, :] - H6_P) ** 2, axis=1))))


def rosenbrock(x):
    x = np.asarray(x, dtype=float)
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


# name: (function, bounds, optimum as rounded in shared/peers/hpo_peers.py)
FUNCTIONS = {
    "branin": (branin, [(-5.0, 10.0), (0.0, 15.0)], 0.397887),
    "hartmann6": (hartmann6, [(0.0, 1.0)] * 6, -3.32237),
    "rosenbrock5": (rosenbrock, [(-5.0, 10.0)] * 5, 0.0),
}


def run(name, seed, candidates, evaluations, kind="tpe"):
    function, bounds, optimum = FUNCTIONS[name]
    if kind == "cmaes":
        sampler = optuna.samplers.CmaEsSampler(seed=seed)
    else:
        sampler = optuna.samplers.TPESampler(seed=seed, n_ei_candidates=candidates)
    study = optuna.create_study(sampler=sampler)
    study.optimize(
        lambda trial: function([trial.suggest_float(f"x{i}", lo, hi) for i, (lo, hi) in enumerate(bounds)]),
        n_trials=evaluations)
    values = [trial.value for trial in study.trials]
    return min(values[:50]) - optimum, min(values) - optimum


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--first", type=int, default=0, help="first seed (default 0)")
    parser.add_argument("--last", type=int, default=60, help="one past the last seed (default 60)")
    parser.add_argument("--candidates", type=int, default=24, help="n_ei_candidates (Optuna's default 24)")
    parser.add_argument("--sampler", choices=["tpe", "cmaes"], default="tpe", help="tpe (default) or cmaes")
    parser.add_argument("--functions", default="branin,hartmann6,rosenbrock5")
    parser.add_argument("--json", help="also write {function: {seed: [regret50, regret100]}} here")
    arguments = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    seeds = range(arguments.first, arguments.last)
    results = {}
    label = "CmaEsSampler()" if arguments.sampler == "cmaes" else f"TPESampler(n_ei_candidates={arguments.candidates})"
    print(f"Optuna {optuna.__version__} {label}, seeds "
          f"{arguments.first}..{arguments.last - 1}, 100 evaluations")
    for name in arguments.functions.split(","):
        runs = [run(name, seed, arguments.candidates, 100, arguments.sampler) for seed in seeds]
        results[name] = {seed: list(pair) for seed, pair in zip(seeds, runs)}
        regret50 = np.array([a for a, _ in runs])
        regret100 = np.array([b for _, b in runs])
        q25, median, q75 = np.percentile(regret100, [25, 50, 75])
        print(f"{name:12s} regret@50 median {np.median(regret50):.3g}  regret@100 median {median:.3g} "
              f"[q25 {q25:.3g}, q75 {q75:.3g}]  first-10 median {np.median(regret100[:10]):.3g}", flush=True)
    if arguments.json:
        with open(arguments.json, "w") as file:
            json.dump(results, file, indent=1)


if __name__ == "__main__":
    main()
