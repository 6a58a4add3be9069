"""Two-list (dual-system) estimators with closed forms.

With two lists of sizes ``n1`` and ``n2`` sharing ``m`` people, the
main-effects Poisson log-linear model has the closed-form MLE
``N = n1 n2 / m`` (Lincoln-Petersen): its fitted means reproduce the three
observed cells, so ``exp(beta_0) = n10 n01 / n11`` and
``n_obs + n10 n01 / m = n1 n2 / m``. It is infinite when ``m = 0`` and biased
upwards in small samples. Chapman's (1951) estimator
``(n1 + 1)(n2 + 1) / (m + 1) - 1`` is nearly unbiased when
``n1 + n2 >= N`` and finite for ``m = 0``; its variance is Seber's (1970)
``(n1+1)(n2+1)(n1-m)(n2-m) / ((m+1)^2 (m+2))``.

Assumptions: a closed population, perfect linkage, independent lists and
equal catchability of everyone on each list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import norm


@dataclass(frozen=True)
class TwoListEstimate:
    """A dual-system estimate with a normal-approximation interval."""

    method: str
    population_size: float
    standard_error: float
    conf_int: tuple[float, float]


def _validate(n1: int, n2: int, m: int) -> None:
    for name, value in (("n1", n1), ("n2", n2), ("m", m)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a whole number >= 0, got {value!r}")
    if m > min(n1, n2):
        raise ValueError(f"the overlap m={m} cannot exceed either list size ({n1}, {n2})")


def _interval(estimate: float, se: float, floor: int, confidence: float) -> tuple[float, float]:
    z = float(norm.ppf(0.5 + confidence / 2))
    return (max(float(floor), estimate - z * se), estimate + z * se)


def lincoln_petersen(n1: int, n2: int, m: int, *, confidence: float = 0.95) -> TwoListEstimate:
    """Lincoln-Petersen estimate ``n1 n2 / m``, the two-list Poisson log-linear MLE (m > 0)."""
    _validate(n1, n2, m)
    if m == 0:
        raise ValueError("the Lincoln-Petersen estimate is infinite when the lists do not overlap")
    estimate = n1 * n2 / m
    se = math.sqrt(n1 * n2 * (n1 - m) * (n2 - m) / m**3)
    interval = _interval(estimate, se, n1 + n2 - m, confidence)
    return TwoListEstimate("lincoln_petersen", estimate, se, interval)


def chapman(n1: int, n2: int, m: int, *, confidence: float = 0.95) -> TwoListEstimate:
    """Chapman's small-sample estimate ``(n1+1)(n2+1)/(m+1) - 1`` with Seber's variance."""
    _validate(n1, n2, m)
    estimate = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    se = math.sqrt(variance)
    interval = _interval(estimate, se, n1 + n2 - m, confidence)
    return TwoListEstimate("chapman", estimate, se, interval)
