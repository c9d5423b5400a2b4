#!/usr/bin/env python3
"""Optuna's GPSampler with a constraint: Branin on the disk (x0 - 2.5)^2 + (x1 - 7.5)^2 <= 20, 30 trials per seed.

The disk excludes all three of Branin's global minima, so the constrained optimum (about 0.93948) lies on its edge.
Each seed runs GPSampler(seed=s) with its defaults and the constraint set with `trial.set_constraint`; the script
prints the best feasible value per seed and the median. Vernier's side is
`benchmarks/peers/gp_constrained/branin_disk.yaml` (the same function, bounds, budget and seeds).

Usage: python3 benchmarks/peers/optuna_gp_constrained.py [seeds]   (default 8: seeds 0-7)
"""
import math
import statistics
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def branin(x0, x1):
    b, c, t = 5.1 / (4 * math.pi**2), 5 / math.pi, 1 / (8 * math.pi)
    return (x1 - b * x0**2 + c * x0 - 6) ** 2 + 10 * (1 - t) * math.cos(x0) + 10


def disk(x0, x1):
    return (x0 - 2.5) ** 2 + (x1 - 7.5) ** 2 - 20


def main():
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    best = []
    for seed in range(seeds):
        def objective(trial):
            x0 = trial.suggest_float("x0", -5, 10)
            x1 = trial.suggest_float("x1", 0, 15)
            trial.set_constraint("disk", disk(x0, x1))
            trial.set_user_attr("disk", disk(x0, x1))
            return branin(x0, x1)

        study = optuna.create_study(sampler=optuna.samplers.GPSampler(seed=seed))
        study.optimize(objective, n_trials=30)
        feasible = [t.value for t in study.trials if t.user_attrs["disk"] <= 0]
        best.append(min(feasible) if feasible else float("inf"))
    print("best feasible per seed:", [round(v, 4) for v in best])
    print("median:", statistics.median(best))


if __name__ == "__main__":
    main()
