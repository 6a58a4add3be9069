"""Bias and interval coverage of the MSE estimators over simulated populations.

Run: .venv/bin/python benchmarks/bench_mse_simulation.py [--draws 200] [--boot 200]

Each scenario draws populations of known size N (seeded), estimates N with
SparseMSE's stepwise method and a BCa bootstrap, and reports the mean and
median relative error, the relative root mean squared error, and how often
the 95% BCa interval and the model-conditional 95% Wald interval cover N.
"""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import dataclass, field

import numpy as np

from crossroads.stats.mse import StepwiseMSE, simulate_overlap_table


@dataclass(frozen=True)
class Scenario:
    name: str
    population_size: int
    probabilities: list[float]
    dependence: dict[tuple[int, int], float] = field(default_factory=dict)
    heterogeneity: float = 0.0


SCENARIOS = [
    Scenario("4 independent lists (model right)", 1000, [0.25, 0.2, 0.3, 0.15]),
    Scenario("4 lists, lists 1-2 dependent", 3000, [0.2, 0.15, 0.25, 0.2], {(0, 1): 2.0}),
    Scenario(
        "6 sparse lists, UK-like sizes",
        12000,
        [0.005, 0.045, 0.09, 0.07, 0.03, 0.006],
        {(2, 5): 2.5, (0, 1): 1.5, (2, 3): 0.7},
    ),
    Scenario("4 lists, heterogeneous catchability", 3000, [0.2, 0.2, 0.2, 0.2], heterogeneity=1.5),
]


def run(scenario: Scenario, draws: int, boot: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    truth = scenario.population_size
    estimates, bca_hits, wald_hits, widths = [], 0, 0, []
    start = time.perf_counter()
    for draw in range(draws):
        table = simulate_overlap_table(
            truth, scenario.probabilities, dependence=scenario.dependence,
            heterogeneity=scenario.heterogeneity, seed=rng,
        )  # fmt: skip
        result = StepwiseMSE(n_boot=boot, seed=draw, profile=False, sensitivity_thresholds=())
        result.fit(table)
        estimates.append(result.population_size_)
        low, high = result.conf_int_
        bca_hits += low <= truth <= high
        widths.append((high - low) / truth)
        wald_low, wald_high = result.wald_conf_int_
        wald_hits += wald_low <= truth <= wald_high
    seconds = time.perf_counter() - start
    relative = np.asarray(estimates) / truth - 1
    print(f"{scenario.name} (N = {truth:,}, {draws} draws, B = {boot}, {seconds:.0f} s)")
    print(f"  mean relative error {100 * relative.mean():+6.1f}%   "
          f"median {100 * np.median(relative):+6.1f}%   "
          f"relative RMSE {100 * math.sqrt(float(np.mean(relative**2))):5.1f}%")  # fmt: skip
    print(f"  coverage of 95% BCa {100 * bca_hits / draws:5.1f}%   "
          f"of 95% Wald (model-conditional) {100 * wald_hits / draws:5.1f}%   "
          f"mean BCa width {100 * float(np.mean(widths)):5.1f}% of N")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--draws", type=int, default=200, help="populations per scenario")
    parser.add_argument("--boot", type=int, default=200, help="bootstrap replicates per draw")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    for offset, scenario in enumerate(SCENARIOS):
        run(scenario, args.draws, args.boot, args.seed + offset)


if __name__ == "__main__":
    main()
