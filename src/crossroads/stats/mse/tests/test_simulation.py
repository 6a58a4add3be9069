"""Simulated populations of known size: bias and interval coverage.

All draws are seeded, so each test gives the same numbers on every run. The
bounds are loose enough for Monte Carlo error (stated per test) and tight
enough to fail for a biased estimator or a badly calibrated interval.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from crossroads.stats.mse import OverlapTable, StepwiseMSE, simulate_overlap_table


def draws(
    count: int,
    seed: int,
    population_size: int,
    capture_probabilities: list[float],
    *,
    dependence: dict[tuple[int, int], float] | None = None,
    heterogeneity: float = 0.0,
) -> list[OverlapTable]:
    rng = np.random.default_rng(seed)
    return [
        simulate_overlap_table(population_size, capture_probabilities, dependence=dependence,
                               heterogeneity=heterogeneity, seed=rng)
        for _ in range(count)
    ]  # fmt: skip


def point_estimates(tables: list[OverlapTable], pthresh: float) -> npt.NDArray[np.float64]:
    estimator = StepwiseMSE(pthresh=pthresh, n_boot=0, profile=False, sensitivity_thresholds=())
    return np.array([estimator.fit(t).population_size_ for t in tables])


def test_the_simulator_draws_the_stated_capture_probabilities() -> None:
    table = simulate_overlap_table(20000, [0.3, 0.1], seed=1)
    sizes = list(table.list_sizes().values())
    assert sizes[0] / 20000 == pytest.approx(0.3, abs=0.01)
    assert table.overlap(0, 1) / 20000 == pytest.approx(0.03, abs=0.005)


def test_independent_lists_are_recovered_on_average() -> None:
    # 200 populations of 2,000 with four independent lists. Each estimate has a relative
    # standard error of about 4%, so the mean of 200 is within 1% of its expectation with
    # ~95% probability; MSE is nearly unbiased here, so 2% is a safe but meaningful bound.
    tables = draws(200, 11, 2000, [0.3, 0.25, 0.2, 0.35])
    estimates = point_estimates(tables, 0.02)
    assert abs(estimates.mean() / 2000 - 1) < 0.02


def test_the_stepwise_rule_removes_the_bias_of_ignoring_list_dependence() -> None:
    # People on list 1 are much more likely to be on list 2 (log odds ratio 2, e.g.
    # referrals). The main-effects model reads the excess overlap as a small population and
    # underestimates by ~16%; the stepwise rule adds the 1:2 interaction and recovers N. The
    # mean of 100 estimates has a standard error below 1%.
    tables = draws(100, 12, 3000, [0.2, 0.15, 0.25, 0.2], dependence={(0, 1): 2.0})
    main_only = point_estimates(tables, 0.0).mean() / 3000
    stepwise = point_estimates(tables, 0.02).mean() / 3000
    assert main_only < 0.9
    assert abs(stepwise - 1) < 0.03


def test_heterogeneous_catchability_leads_to_underestimation() -> None:
    # A known failure mode: people hard to find for one list are hard to find for all. The
    # positive dependence this induces makes every log-linear model with two-way terms
    # underestimate (here by ~10%, standard error of the mean of 60 below 1%). This test
    # documents the direction of the bias.
    tables = draws(60, 13, 3000, [0.2, 0.2, 0.2, 0.2], heterogeneity=2.0)
    assert point_estimates(tables, 0.02).mean() / 3000 < 0.95


def test_bca_and_wald_intervals_cover_near_the_nominal_rate_when_the_model_is_right() -> None:
    # 200 populations of 1,000 with four independent lists, B = 100 replicates each. The
    # standard error of an estimated 95% coverage from 200 draws is 1.5 points, so the
    # bounds [0.88, 0.995] fail only for a real calibration error (or a one-in-many-
    # thousand draw). The Wald interval of the (correct) main-effects model is checked too.
    tables = draws(200, 14, 1000, [0.25, 0.2, 0.3, 0.15])
    bca_hits, wald_hits = 0, 0
    for table in tables:
        bca = StepwiseMSE(n_boot=100, seed=5, profile=False, sensitivity_thresholds=()).fit(table)
        bca_hits += bca.conf_int_[0] <= 1000 <= bca.conf_int_[1]
        fixed = StepwiseMSE(pthresh=0.0, n_boot=0, profile=False, sensitivity_thresholds=())
        low, high = fixed.fit(table).conf_int_
        wald_hits += low <= 1000 <= high
    assert 0.88 <= bca_hits / 200 <= 0.995
    assert 0.90 <= wald_hits / 200 <= 0.99
