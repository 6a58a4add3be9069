"""Rcapture's multinomial profile-likelihood interval, checked against closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln, xlogy
from scipy.stats import chi2

from crossroads.stats.mse import OverlapTable, fit_loglinear
from crossroads.stats.mse._profile import profile_interval
from crossroads.stats.mse.tests._reference import KOREA, SEBER


def independence_loglik(table: OverlapTable, population: float) -> float:
    # Multinomial likelihood of the complete 2^k table with n0 = N - n unseen, under
    # independence. For fixed N the capture probabilities' MLE is p_j = n_j / N, so
    #   l(N) = log N! - log (N - n)! + sum_j [n_j log(n_j / N) + (N - n_j) log(1 - n_j / N)]
    # up to a constant (Darroch 1958).
    n = table.n_observed
    value = gammaln(population + 1) - gammaln(population - n + 1)
    for size in table.list_sizes().values():
        value += xlogy(size, size / population) + xlogy(population - size, 1 - size / population)
    return float(value)


def closed_form_interval(table: OverlapTable, confidence: float) -> tuple[float, float, float]:
    n = table.n_observed
    best = minimize_scalar(lambda x: -independence_loglik(table, x), bounds=(n, 10 * n),
                           method="bounded", options={"xatol": 1e-9})  # fmt: skip
    target = -best.fun - chi2.ppf(confidence, 1) / 2
    lower = brentq(lambda x: independence_loglik(table, x) - target, n + 1e-9, best.x)
    upper = brentq(lambda x: independence_loglik(table, x) - target, best.x, 10 * n)
    return float(best.x), float(lower), float(upper)


@pytest.mark.parametrize("confidence", [0.95, 0.8])
def test_two_list_profile_interval_matches_the_closed_form(confidence: float) -> None:
    fit = fit_loglinear(SEBER)
    ours = profile_interval(SEBER.counts.astype(float), SEBER.lists, (), fit.population_size,
                            confidence=confidence)  # fmt: skip
    centre, lower, upper = closed_form_interval(SEBER, confidence)
    assert ours.estimate == pytest.approx(centre, rel=1e-6)
    assert ours.lower == pytest.approx(lower, rel=1e-6)
    assert ours.upper == pytest.approx(upper, rel=1e-6)


def test_three_list_independence_profile_matches_the_closed_form() -> None:
    table = OverlapTable.from_patterns(
        {"100": 120, "010": 90, "001": 70, "110": 30, "101": 20, "011": 15, "111": 6}
    )
    fit = fit_loglinear(table)
    ours = profile_interval(table.counts.astype(float), table.lists, (), fit.population_size)
    centre, lower, upper = closed_form_interval(table, 0.95)
    expected = (centre, lower, upper)
    assert (ours.estimate, ours.lower, ours.upper) == pytest.approx(expected, rel=1e-6)


def test_the_multinomial_maximiser_lies_slightly_below_the_poisson_estimate() -> None:
    # Rcapture prints both: e.g. HIV "Mt interaction 1,2": Poisson 12318.5, multinomial 12308.
    fit = fit_loglinear(KOREA, ["b:c"])
    ours = profile_interval(KOREA.counts.astype(float), KOREA.lists, fit.model, fit.population_size)
    assert ours.lower < ours.estimate < fit.population_size < ours.upper
    assert ours.estimate > 0.98 * fit.population_size


def test_an_upper_limit_beyond_the_search_range_is_reported_as_unbounded() -> None:
    # Two lists that barely overlap: the likelihood is very flat upwards.
    table = OverlapTable.from_patterns({"10": 40, "01": 35, "11": 1})
    fit = fit_loglinear(table)
    ours = profile_interval(table.counts.astype(float), table.lists, (), fit.population_size)
    assert not ours.upper_found
    assert math.isinf(ours.upper)
    assert ours.lower > table.n_observed


def test_the_lower_limit_stops_at_the_number_observed() -> None:
    table = OverlapTable.from_patterns({"10": 2, "01": 3, "11": 60})
    fit = fit_loglinear(table)
    ours = profile_interval(table.counts.astype(float), table.lists, (), fit.population_size)
    assert ours.lower_at_observed
    assert ours.lower == table.n_observed
    assert np.isfinite(ours.upper)
