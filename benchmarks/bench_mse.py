"""Timings of the MSE estimators on realistic tables, with the R reference times.

Run: .venv/bin/python benchmarks/bench_mse.py

Reference (SparseMSE 2.0.1 / Rcapture 1.4-4 / LCMCR 0.4.14 on a two-core machine, see
docs/estimation.md): SparseMSE's default ``estimatepopulation`` (stepwise
selection and a 1,000-replicate BCa bootstrap with re-selection) ~190 s for
six lists and ~560 s for eight; Rcapture's ``closedpMS.t`` over the 32,768
two-way models of six lists ~210 s; LCMCR's ``lcmCR`` with HRDAG's settings
(110,000 sweeps, one chain) about 2-3 s. Targets: < 4 s, < 15 s and < 10 s; the
order-3 search over five lists < 10 s; 10,000 latent-class sweeps on the UK
table < 30 s.

``--quick`` skips the slow parts (the HRDAG-length latent-class run, the full
re-selection bootstrap over five lists and the eleven- and twelve-list runs).
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable
from functools import partial

import numpy as np

from crossroads.stats.mse import (
    ClosedPopulationMSE,
    InformationCriterionMSE,
    LatentClassMSE,
    ModelAveragedMSE,
    OverlapTable,
    PopulationEstimator,
    StepwiseMSE,
    fit_loglinear,
    simulate_overlap_table,
)
from crossroads.stats.mse._search import search_models
from crossroads.stats.mse.tests._reference import HIV, KOREA, KOSOVO, NEWORL, NEWORL_5, UK, WESTERN


def simulated_eight_lists(seed: int) -> OverlapTable:
    """Eight sparse lists with three dependent pairs, about 1,700 people seen of 3,000."""
    return simulate_overlap_table(
        3000,
        [0.15, 0.10, 0.20, 0.08, 0.05, 0.12, 0.03, 0.06],
        dependence={(0, 1): 1.0, (2, 3): 0.8, (4, 5): 1.2},
        lists=[f"S{j}" for j in range(1, 9)],
        seed=seed,
    )


def timed(run: Callable[[], PopulationEstimator]) -> tuple[PopulationEstimator, str]:
    """Run once; report wall-clock time and CPU time of this process.

    The estimators hold BLAS at one thread, so CPU time is the work done and
    stays meaningful when other jobs share the machine; wall time is what a
    user waits.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return result, f"{wall:6.2f} s wall, {cpu:6.2f} s CPU"


def describe(result: PopulationEstimator) -> str:
    low, high = result.conf_int_
    return (
        f"N = {result.population_size_:,.0f} ({result.interval_method_} "
        f"{low:,.0f}-{high:,.0f}); model {result.to_dict()['model']['label']}"
    )


def many_lists(k: int) -> OverlapTable:
    """k sparse lists (20,000 people, capture chances 3-15%, two dependent pairs)."""
    rng = np.random.default_rng(k)
    chances = list(rng.uniform(0.03, 0.15, size=k))
    return simulate_overlap_table(20000, chances, dependence={(0, 1): 1.0, (2, 3): 0.8}, seed=rng)


def searches_and_new_models(quick: bool) -> None:
    print()
    print("Exhaustive search with three-list interactions (order 3), fits only:")
    for name, table in (("Kosovo, 4 lists", KOSOVO), ("Western, 5 lists", WESTERN),
                        ("New Orleans, 5 lists", NEWORL_5)):  # fmt: skip
        start = time.perf_counter()
        found = search_models(table.counts.astype(float), table.k, 3)
        elapsed = time.perf_counter() - start
        print(f"  {name:<34} {found.n_models:>6,} models {elapsed:6.2f} s wall (target < 10 s)")
    result, seconds = timed(partial(InformationCriterionMSE(max_order=3).fit, KOSOVO))
    print(f"  {'Kosovo BIC order 3, full call':<34} {seconds}  {describe(result)}")
    result, seconds = timed(partial(InformationCriterionMSE(max_order=3).fit, WESTERN))
    print(f"  {'Western BIC order 3, full call':<34} {seconds}  {describe(result)}")
    print()
    print("Bootstrap of the BIC choice (1,000 replicates, each repeating the choice):")
    cases = [
        ("Korea, 3 lists, all 8 models", KOREA, 0),
        ("Kosovo, 4 lists, all 64 models", KOSOVO, 0),
        ("Western, 5 lists, top 20 of 1,024", WESTERN, 20),
        ("UK, 6 lists, top 20 of 32,768", UK, 20),
    ]
    if not quick:
        cases.insert(3, ("Western, 5 lists, all 1,024 models", WESTERN, 0))
    for name, table, top in cases:
        estimator = InformationCriterionMSE(n_boot=1000, n_top=top, profile=False)
        result, seconds = timed(partial(estimator.fit, table))
        print(f"  {name:<34} {seconds}  {describe(result)}")
    print()
    print("Rcapture's closed-population models with profile intervals (HIV, 4 lists):")
    for key in ("mth_chao", "mth_darroch", "mb"):
        result, seconds = timed(partial(ClosedPopulationMSE(key).fit, HIV))
        print(f"  {key:<34} {seconds}  N = {result.population_size_:,.1f} "
              f"({result.conf_int_[0]:,.0f}-{result.conf_int_[1]:,.0f})")  # fmt: skip
    print()
    print("Latent-class model (LCMCR), four chains run together:")
    runs = [("UK, 10,000 sweeps", UK, 0, 10000, 1)]
    if not quick:
        runs += [("UK, HRDAG settings (110,000)", UK, 10000, 1000, 100),
                 ("Kosovo, HRDAG settings (110,000)", KOSOVO, 10000, 1000, 100)]  # fmt: skip
    for name, table, burn, samples, thinning in runs:
        latent = LatentClassMSE(burn_in=burn, samples=samples, thinning=thinning)
        result, seconds = timed(partial(latent.fit, table))
        assert isinstance(result, LatentClassMSE)
        print(f"  {name:<34} {seconds}  median {result.population_size_:,.0f} "
              f"({result.conf_int_[0]:,.0f}-{result.conf_int_[1]:,.0f}), ESS "
              f"{result.ess_:,.0f}, R-hat {result.rhat_:.3f}  (target < 30 s)")  # fmt: skip
    print()
    print("More than ten lists, stepwise (SparseMSE's default call, 1,000 replicates):")
    for k in (10,) if quick else (10, 11, 12):
        table = many_lists(k)
        result, seconds = timed(partial(StepwiseMSE().fit, table))
        print(f"  {k} lists, {table.n_observed:,} seen{'':<18} {seconds}  {describe(result)}")


def main() -> None:
    quick_mode = "--quick" in sys.argv
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"load average {load:.2f} at start")  # fmt: skip
    print()
    print("Full SparseMSE default call: stepwise (pthresh 0.02), BCa bootstrap B = 1000 with")
    print("re-selection, jackknife acceleration, profile interval and threshold sensitivity.")
    cases = [
        ("UK 2013, 6 lists, 2,744 seen", UK, 190.0, 4.0),
        ("New Orleans, 8 lists, 186 seen", NEWORL, 560.0, 15.0),
    ]
    for seed in (1, 2):
        table = simulated_eight_lists(seed)
        cases.append((f"simulated, 8 lists, {table.n_observed:,} seen", table, 560.0, 15.0))
    for name, table, reference, target in cases:
        result, seconds = timed(partial(StepwiseMSE().fit, table))
        print(f"  {name:<34} {seconds}  (R ~{reference:.0f} s, target < {target:.0f} s)")
        print(f"  {'':<34} {describe(result)}")
    print()
    print("Exhaustive search over the 32,768 two-way models of the six UK lists.")
    for label, make in (
        ("BIC", lambda: InformationCriterionMSE(criterion="bic").fit(UK)),
        ("AIC", lambda: InformationCriterionMSE(criterion="aic").fit(UK)),
        ("BIC model average", lambda: ModelAveragedMSE(criterion="bic").fit(UK)),
    ):
        result, seconds = timed(make)
        print(f"  {label:<34} {seconds}  (Rcapture ~210 s, target < 10 s)")
        print(f"  {'':<34} {describe(result)}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.2f} at the end")
    print()
    print("Point estimates only (no bootstrap, no profile, no sensitivity table).")
    quick = StepwiseMSE(n_boot=0, profile=False, sensitivity_thresholds=())
    for name, table in (("UK stepwise", UK), ("New Orleans stepwise", NEWORL)):
        start = time.perf_counter()
        for _ in range(20):
            estimate = quick.fit(table).population_size_
        per = (time.perf_counter() - start) / 20
        print(f"  {name:<34} {1000 * per:6.1f} ms  N = {estimate:,.1f}")
    start = time.perf_counter()
    for _ in range(200):
        fit_loglinear(UK, ["LA:NG", "PF:NCA"], check=False)
    print(f"  {'one 6-list model fit':<34} {1e6 * (time.perf_counter() - start) / 200:6.0f} us")
    searches_and_new_models(quick_mode)


if __name__ == "__main__":
    main()
