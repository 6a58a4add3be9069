"""Timings of the MSE estimators on realistic tables, with the R reference times.

Run: .venv/bin/python benchmarks/bench_mse.py

Reference (SparseMSE 2.0.1 / Rcapture 1.4-4 on a two-core machine, see
docs/estimation.md): SparseMSE's default ``estimatepopulation`` (stepwise
selection and a 1,000-replicate BCa bootstrap with re-selection) ~190 s for
six lists and ~560 s for eight; Rcapture's ``closedpMS.t`` over the 32,768
two-way models of six lists ~210 s. Targets: < 4 s, < 15 s and < 10 s.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from functools import partial

from crossroads.stats.mse import (
    InformationCriterionMSE,
    ModelAveragedMSE,
    MSEEstimator,
    OverlapTable,
    StepwiseMSE,
    fit_loglinear,
    simulate_overlap_table,
)
from crossroads.stats.mse.tests._reference import NEWORL, UK


def simulated_eight_lists(seed: int) -> OverlapTable:
    """Eight sparse lists with three dependent pairs, about 1,700 people seen of 3,000."""
    return simulate_overlap_table(
        3000,
        [0.15, 0.10, 0.20, 0.08, 0.05, 0.12, 0.03, 0.06],
        dependence={(0, 1): 1.0, (2, 3): 0.8, (4, 5): 1.2},
        lists=[f"S{j}" for j in range(1, 9)],
        seed=seed,
    )


def timed(run: Callable[[], MSEEstimator]) -> tuple[MSEEstimator, str]:
    """Run once; report wall-clock time and CPU time of this process.

    The estimators hold BLAS at one thread, so CPU time is the work done and
    stays meaningful when other jobs share the machine; wall time is what a
    user waits.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return result, f"{wall:6.2f} s wall, {cpu:6.2f} s CPU"


def describe(result: MSEEstimator) -> str:
    low, high = result.conf_int_
    return (
        f"N = {result.population_size_:,.0f} ({result.interval_method_} "
        f"{low:,.0f}-{high:,.0f}); model {result.model_.label}"
    )


def main() -> None:
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


if __name__ == "__main__":
    main()
