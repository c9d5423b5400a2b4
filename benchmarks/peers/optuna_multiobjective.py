#!/usr/bin/env python3
"""Optuna's multi-objective samplers on ZDT1, ZDT2 and DTLZ2: hypervolume after 200 evaluations, seeds 0-9.

The peer of the multi-objective rows of `vernier bench samplers`: the same functions, bounds, budget, seeds and
reference points. Runs Optuna's TPESampler(seed=s) (its default for several objectives), NSGAIISampler(seed=s)
(population 50) and RandomSampler(seed=s) with their defaults, and records per run the hypervolume of the
evaluated points after 200 evaluations and the milliseconds per suggestion excluding the objective (wall time of
the run minus the time inside the objective, divided by 200).

- ZDT1, ZDT2 (Zitzler, Deb & Thiele 2000): 10 parameters in [0, 1], 2 objectives; reference point (1.1, 1.1);
  the Pareto front's hypervolume is 1.21 - 1/3 = 0.8767 (ZDT1) and 1.21 - 2/3 = 0.5433 (ZDT2).
- DTLZ2 (Deb, Thiele, Laumanns & Zitzler 2002): 12 parameters in [0, 1], 3 objectives; reference point
  (1.1, 1.1, 1.1); the front's hypervolume is 1.331 - pi/6 = 0.8074.

At 200 evaluations few ZDT points reach the box below (1.1, 1.1) (g must fall near 1), so the hypervolume is
also recorded against a "wide" reference point, 1.1 times the largest value each objective takes anywhere in the
domain: ZDT (1.1, 11), DTLZ2 (3.85, 3.85, 3.85) (g <= 2.5 there); it measures progress before the front is reached.

All objectives are minimized. The hypervolume is Optuna's own `compute_hypervolume` over the points strictly
better than the reference point in every component.

Peer-comparison script only (never imported or run by Vernier); needs optuna and numpy:

  /tmp/peervenv/bin/python benchmarks/peers/optuna_multiobjective.py --json optuna_mo.json
  /tmp/peervenv/bin/python benchmarks/peers/optuna_multiobjective.py --samplers nsgaii --functions zdt1
"""
import argparse
import json
import math
import time

import numpy as np
import optuna
from optuna._hypervolume import compute_hypervolume


def zdt_g(x):
    return 1.0 + 9.0 * sum(x[1:]) / (len(x) - 1)


def zdt1(x):
    g = zdt_g(x)
    return [x[0], g * (1.0 - math.sqrt(x[0] / g))]


def zdt2(x):
    g = zdt_g(x)
    return [x[0], g * (1.0 - (x[0] / g) ** 2)]


def dtlz2(x, objectives=3):
    g = sum((xi - 0.5) ** 2 for xi in x[objectives - 1:])
    values = []
    for m in range(objectives):
        value = 1.0 + g
        for xi in x[: objectives - 1 - m]:
            value *= math.cos(xi * math.pi / 2)
        if m > 0:
            value *= math.sin(x[objectives - 1 - m] * math.pi / 2)
        values.append(value)
    return values


# name: (function, parameter count, reference point, wide reference point)
FUNCTIONS = {
    "zdt1": (zdt1, 10, [1.1, 1.1], [1.1, 11.0]),
    "zdt2": (zdt2, 10, [1.1, 1.1], [1.1, 11.0]),
    "dtlz2": (dtlz2, 12, [1.1, 1.1, 1.1], [3.85, 3.85, 3.85]),
}

SAMPLERS = {
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "nsgaii": lambda seed: optuna.samplers.NSGAIISampler(seed=seed),
}


def hypervolume(points, reference):
    reference = np.asarray(reference, dtype=float)
    points = np.asarray(points, dtype=float)
    inside = points[np.all(points < reference, axis=1)]
    if len(inside) == 0:
        return 0.0
    return float(compute_hypervolume(inside, reference))


def run(function_name, sampler_name, seed, evaluations):
    function, dimension, reference, wide = FUNCTIONS[function_name]
    study = optuna.create_study(
        directions=["minimize"] * len(reference), sampler=SAMPLERS[sampler_name](seed))
    inside = 0.0

    def objective(trial):
        nonlocal inside
        x = [trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(dimension)]
        start = time.perf_counter()
        values = function(x)
        inside += time.perf_counter() - start
        return values

    start = time.perf_counter()
    study.optimize(objective, n_trials=evaluations)
    wall = time.perf_counter() - start
    points = [trial.values for trial in study.trials]
    return hypervolume(points, reference), hypervolume(points, wide), 1000.0 * (wall - inside) / evaluations


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--first", type=int, default=0, help="first seed (default 0)")
    parser.add_argument("--last", type=int, default=10, help="one past the last seed (default 10)")
    parser.add_argument("--evaluations", type=int, default=200)
    parser.add_argument("--samplers", default="random,tpe,nsgaii")
    parser.add_argument("--functions", default="zdt1,zdt2,dtlz2")
    parser.add_argument(
        "--json", help="write {function: {sampler: {seed: [hypervolume, wide hypervolume, ms]}}} here")
    arguments = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    seeds = range(arguments.first, arguments.last)
    print(f"Optuna {optuna.__version__}, seeds {arguments.first}..{arguments.last - 1}, "
          f"{arguments.evaluations} evaluations; median [q25, q75] hypervolume, median ms/suggestion")
    results = {}
    for function_name in arguments.functions.split(","):
        results[function_name] = {}
        for sampler_name in arguments.samplers.split(","):
            runs = [run(function_name, sampler_name, seed, arguments.evaluations) for seed in seeds]
            results[function_name][sampler_name] = {seed: list(triple) for seed, triple in zip(seeds, runs)}
            cells = []
            for column in (0, 1):
                q25, median, q75 = np.percentile([run[column] for run in runs], [25, 50, 75])
                cells.append(f"{median:.4f} [{q25:.4f}, {q75:.4f}]")
            milliseconds = float(np.median([run[2] for run in runs]))
            print(f"{function_name:6s} optuna_{sampler_name:7s} hypervolume {cells[0]}  wide {cells[1]}  "
                  f"{milliseconds:.3g} ms/suggestion", flush=True)
    if arguments.json:
        with open(arguments.json, "w") as file:
            json.dump(results, file, indent=1)


if __name__ == "__main__":
    main()
