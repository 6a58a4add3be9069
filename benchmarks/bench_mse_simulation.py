"""Bias, RMSE and 95% interval coverage of every estimator over simulated populations.

Run: .venv/bin/python benchmarks/bench_mse_simulation.py [--draws 100] [--boot 100]

Each scenario draws populations of known size N (seeded) and estimates N with:

* ``stepwise``   SparseMSE's stepwise choice, BCa bootstrap repeating the choice;
* ``bic``        the best model by BIC, profile-likelihood interval (up to five lists);
* ``averaged``   the BIC model average, Buckland's interval (up to five lists);
* ``mth_chao``   Rcapture's Mth with Chao's lower bound, profile interval;
* ``latent``     the latent-class model (LCMCR), 95% credible interval; every draw of a
                 scenario runs as one chain of a single vectorised sampler.

It prints, per scenario and method, the mean relative error, the relative RMSE and how
often the 95% interval covers N; ``docs/estimation.md`` quotes the table.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from crossroads.stats.mse import (
    ClosedPopulationMSE,
    InformationCriterionMSE,
    ModelAveragedMSE,
    OverlapTable,
    StepwiseMSE,
    simulate_latent_classes,
    simulate_overlap_table,
)
from crossroads.stats.mse._lcmcr import LatentClassSampler

Draw = Callable[[np.random.Generator], OverlapTable]


@dataclass(frozen=True)
class Scenario:
    name: str
    population_size: int
    draw: Draw
    lists: int


def _logistic(n: int, p: list[float], dep: dict[tuple[int, int], float] | None = None,
              het: float = 0.0) -> Draw:  # fmt: skip
    return lambda rng: simulate_overlap_table(n, p, dependence=dep, heterogeneity=het, seed=rng)


def _classes(n: int, weights: list[float], p: list[list[float]]) -> Draw:
    return lambda rng: simulate_latent_classes(n, weights, p, seed=rng)


SCENARIOS = [
    Scenario("independent lists", 1000, _logistic(1000, [0.25, 0.2, 0.3, 0.15]), 4),
    Scenario(
        "positive dependence (1-2)", 3000, _logistic(3000, [0.2, 0.15, 0.25, 0.2], {(0, 1): 2.0}), 4
    ),
    Scenario(
        "negative dependence (1-2)",
        3000,
        _logistic(3000, [0.3, 0.25, 0.25, 0.2], {(0, 1): -1.5}),
        4,
    ),
    Scenario(
        "heterogeneity, two classes",
        2000,
        _classes(
            2000,
            [0.5, 0.5],
            [[0.2, 0.25, 0.15, 0.2, 0.25, 0.15], [0.5, 0.6, 0.45, 0.55, 0.5, 0.6]],
        ),
        6,
    ),
    Scenario("heterogeneity, continuum", 3000, _logistic(3000, [0.2, 0.2, 0.2, 0.2], het=1.5), 4),
    Scenario(
        "sparse lists, empty overlaps",
        2000,
        _logistic(2000, [0.05, 0.08, 0.06, 0.04, 0.1], {(0, 1): 1.0}),
        5,
    ),
    Scenario(
        "UK-like, six sparse lists",
        12000,
        _logistic(
            12000, [0.005, 0.045, 0.09, 0.07, 0.03, 0.006], {(2, 5): 2.5, (0, 1): 1.5, (2, 3): 0.7}
        ),
        6,
    ),
]
METHODS = ["stepwise", "bic", "averaged", "mth_chao", "latent"]


@dataclass
class Tally:
    estimates: list[float] = field(default_factory=list)
    hits: int = 0
    failed: int = 0


def _record(tally: Tally, truth: int, value: float, interval: tuple[float, float]) -> None:
    tally.estimates.append(value)
    tally.hits += interval[0] <= truth <= interval[1]


def _point(
    method: str, table: OverlapTable, boot: int, seed: int
) -> tuple[float, tuple[float, float]]:
    if method == "stepwise":
        fitted = StepwiseMSE(n_boot=boot, seed=seed, profile=False, sensitivity_thresholds=())
        result = fitted.fit(table)
        return result.population_size_, result.conf_int_
    if method == "bic":
        search = InformationCriterionMSE(sensitivity_thresholds=()).fit(table)
        return search.population_size_, search.conf_int_
    if method == "averaged":
        average = ModelAveragedMSE(profile=False, sensitivity_thresholds=()).fit(table)
        return average.population_size_, average.conf_int_
    closed = ClosedPopulationMSE("mth_chao").fit(table)
    return closed.population_size_, closed.conf_int_


def _latent(tables: list[OverlapTable], seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    k = tables[0].k
    patterns = (np.arange(1, 2**k)[:, None] >> np.arange(k)) & 1
    counts = np.array([t.counts for t in tables])
    sampler = LatentClassSampler(
        patterns, counts, classes=10, prior=(0.25, 0.25), chains=len(tables),
        rng=np.random.default_rng(seed),
    )  # fmt: skip
    draws = sampler.run(5000, 1000, 5).unseen + counts.sum(axis=1)[:, None]
    low, median, high = np.quantile(draws, [0.025, 0.5, 0.975], axis=1)
    return low, median, high


def run(scenario: Scenario, draws: int, boot: int, seed: int) -> dict[str, Tally]:
    rng = np.random.default_rng(seed)
    truth = scenario.population_size
    tables = [scenario.draw(rng) for _ in range(draws)]
    tallies = {method: Tally() for method in METHODS}
    timings = dict.fromkeys(METHODS, 0.0)
    for index, table in enumerate(tables):
        for method in METHODS[:-1]:
            if method in ("bic", "averaged") and scenario.lists > 5:
                continue
            start = time.perf_counter()
            try:
                value, interval = _point(method, table, boot, index)
            except (ValueError, ArithmeticError):
                tallies[method].failed += 1
                continue
            finally:
                timings[method] += time.perf_counter() - start
            _record(tallies[method], truth, value, interval)
    start = time.perf_counter()
    low, median, high = _latent(tables, seed)
    timings["latent"] = time.perf_counter() - start
    for lo, med, hi in zip(low, median, high, strict=True):
        _record(tallies["latent"], truth, float(med), (float(lo), float(hi)))
    seen = np.mean([t.n_observed for t in tables])
    print(f"\n{scenario.name}: N = {truth:,}, {scenario.lists} lists, {seen:,.0f} seen on average, "
          f"{draws} draws, B = {boot}")  # fmt: skip
    for method in METHODS:
        tally = tallies[method]
        if not tally.estimates:
            print(f"  {method:<10} not run" + (" (more than five lists)" if not tally.failed else
                                             f" ({tally.failed} failed)"))  # fmt: skip
            continue
        relative = np.asarray(tally.estimates) / truth - 1
        rmse = math.sqrt(float(np.mean(relative**2)))
        coverage = tally.hits / len(tally.estimates)
        print(f"  {method:<10} mean error {100 * relative.mean():+6.1f}%  RMSE {100 * rmse:5.1f}%  "
              f"95% covers {100 * coverage:5.1f}%  ({timings[method]:.0f} s"
              + (f", {tally.failed} without estimate" if tally.failed else "") + ")")  # fmt: skip
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--draws", type=int, default=100, help="populations per scenario")
    parser.add_argument("--boot", type=int, default=100, help="bootstrap replicates per draw")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--only", default="", help="run only scenarios whose name has this text")
    args = parser.parse_args()
    for offset, scenario in enumerate(SCENARIOS):
        if args.only and args.only not in scenario.name:
            continue
        run(scenario, args.draws, args.boot, args.seed + offset)


if __name__ == "__main__":
    main()
