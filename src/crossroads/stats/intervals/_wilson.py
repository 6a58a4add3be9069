"""The Wilson score interval for a binomial proportion."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import norm


class ProportionError(ValueError):
    """A numerator or denominator that cannot describe a proportion."""


@dataclass(frozen=True)
class Proportion:
    """``numerator`` of ``denominator`` persons, with its rate and Wilson interval.

    ``rate``, ``low`` and ``high`` are fractions in [0, 1]; ``level`` is the
    confidence level of the interval (0.95 for a 95% interval).
    """

    numerator: int
    denominator: int
    rate: float
    low: float
    high: float
    level: float


def wilson_interval(numerator: int, denominator: int, level: float = 0.95) -> Proportion:
    """The proportion ``numerator / denominator`` with its Wilson score interval.

    For ``n`` trials with ``x`` successes, ``p = x / n`` and ``z`` the
    ``(1 + level) / 2`` quantile of the standard normal distribution, the
    interval is::

        centre = (p + z² / 2n) / (1 + z² / n)
        half   = z / (1 + z² / n) * sqrt(p (1 - p) / n + z² / 4n²)
        [centre - half, centre + half]

    It assumes the ``n`` persons are independent trials with the same
    probability (a model, not a sample design: the network's counts are not a
    random sample). At ``x = 0`` the lower bound is exactly 0 and at
    ``x = n`` the upper bound exactly 1.

    Raises :class:`ProportionError` for a denominator below 1, a numerator
    outside ``0..denominator``, or a level outside (0, 1).
    """
    for name, value in (("numerator", numerator), ("denominator", denominator)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProportionError(f"{name} must be a whole number, got {value!r}")
    if denominator < 1:
        raise ProportionError(f"denominator must be at least 1, got {denominator}")
    if not 0 <= numerator <= denominator:
        raise ProportionError(
            f"numerator must lie between 0 and the denominator ({denominator}), got {numerator}"
        )
    if not 0 < level < 1:
        raise ProportionError(f"level must lie strictly between 0 and 1, got {level!r}")
    n = float(denominator)
    p = numerator / n
    z = float(norm.ppf((1 + level) / 2))
    z2 = z * z
    scale = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / scale
    half = z / scale * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if numerator == 0 else max(0.0, centre - half)
    high = 1.0 if numerator == denominator else min(1.0, centre + half)
    return Proportion(numerator, denominator, p, low, high, level)
