"""The recognition gap: identified victims against a hidden-victim estimate of the same cohort.

The share recognised is ``I / N``: ``I`` the persons formally identified as
victims in a country's released tables for a cohort year, ``N`` the
published estimate of all victims of that country and year (seen on a list
or not). The gap is ``1 - I / N``, and ``N - I`` the victims not recognised.

Both carry uncertainty, and the interval carries both:

* ``N`` is known through its published interval ``[L, U]`` around ``N̂``,
  with ``n`` persons seen on at least one list known exactly. The unseen
  part ``N - n`` is taken as log-normal, as in the usual interval of
  capture-recapture estimates (Chao 1987), with a different spread below
  and above ``N̂ - n`` so that the published interval is reproduced
  exactly whatever its shape: ``log(N - n) = log(N̂ - n) + s·Z`` with ``Z``
  standard normal, ``s = (log(N̂ - n) - log(L - n)) / z`` when ``Z < 0`` and
  ``(log(U - n) - log(N̂ - n)) / z`` otherwise, ``z`` the normal quantile of
  the interval's level.
* ``I`` is a count, exact in the member's records; what the released table
  says of it can be rounded (to the nearest multiple of the agreement's
  base, halves up, never below the threshold). Every exact count that rounds
  to the released value is taken as equally likely.

The interval is read off ``draws`` simulated pairs (``N``, ``I``): the
share ``min(I / N, 1)`` at the ``(1 - level) / 2`` and ``(1 + level) / 2``
quantiles. Without a finite upper limit of ``N``, the share has no lower
limit above 0, and the interval says so (``low == 0``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm


class RecognitionError(ValueError):
    """Figures that cannot describe an estimate or an identified count."""


@dataclass(frozen=True)
class Released:
    """A released count and what the disclosure rule did to it.

    ``rounding_base`` None: the count is exact. Otherwise the exact count
    is one of :meth:`possible` (rounded to the nearest multiple of the base,
    halves up, never below ``threshold``).
    """

    value: int
    rounding_base: int | None = None
    threshold: int = 1

    def possible(self) -> tuple[int, int]:
        """The smallest and largest exact count that is released as ``value``."""
        if self.value < 0:
            raise RecognitionError("a count cannot be negative")
        base = self.rounding_base
        if base is None or self.value == 0:
            return self.value, self.value
        # Halves round up: exact c rounds to v when v - base/2 <= c < v + base/2.
        low = max(math.ceil(self.value - base / 2), 1)
        high = math.ceil(self.value + base / 2) - 1
        floor = -(-self.threshold // base) * base
        if self.value == floor:
            # Counts from the threshold up to the floor's rounding range go to the floor.
            low = min(low, self.threshold)
        return low, high


@dataclass(frozen=True)
class Estimate:
    """A published hidden-victim estimate: ``size`` with its interval at ``level``.

    ``observed`` persons were seen on at least one list; ``upper`` None
    means the interval has no finite upper limit.
    """

    size: float
    lower: float | None
    upper: float | None
    observed: int
    level: float = 0.95


@dataclass(frozen=True)
class Gap:
    """The share of the estimated victims who were recognised, and its interval.

    ``share`` is ``identified / size`` (capped at 1); ``low`` and ``high``
    the interval at ``level``; ``unrecognised`` the estimated victims not
    recognised (``size - identified``, at least 0) with its interval
    ``unrecognised_low`` to ``unrecognised_high`` (None: no finite limit).
    """

    identified: int
    size: float
    share: float
    low: float
    high: float
    unrecognised: float
    unrecognised_low: float
    unrecognised_high: float | None
    level: float
    draws: int


def _spreads(estimate: Estimate) -> tuple[float, float, float]:
    """The centre and the two spreads of ``log(N - n)`` that reproduce the interval."""
    unseen = estimate.size - estimate.observed
    z = float(norm.ppf((1 + estimate.level) / 2))
    centre = math.log(unseen)
    lower = estimate.lower if estimate.lower is not None else estimate.observed
    below = (
        (centre - math.log(lower - estimate.observed)) / z
        if lower > estimate.observed
        else math.inf
    )
    assert estimate.upper is not None
    above = (math.log(estimate.upper - estimate.observed) - centre) / z
    return centre, max(below, 0.0), max(above, 0.0)


def simulate_size(estimate: Estimate, draws: int, rng: np.random.Generator) -> np.ndarray:
    """``draws`` values of ``N`` whose quantiles at the interval's level are its limits.

    The estimate must have a finite upper limit and more victims than it saw.
    """
    centre, below, above = _spreads(estimate)
    normal = rng.standard_normal(draws)
    if math.isinf(below):
        # No lower limit above the persons seen: the lower half reaches down to them.
        logs = np.where(normal < 0, -np.inf, centre + normal * above)
    else:
        logs = centre + normal * np.where(normal < 0, below, above)
    size: np.ndarray = estimate.observed + np.exp(logs)
    return size


def recognition_gap(
    identified: Released,
    estimate: Estimate,
    *,
    draws: int = 20_000,
    seed: int = 20_260_715,
) -> Gap:
    """The share of ``estimate``'s victims that ``identified`` recognised, with its interval.

    See the module docstring for the method. ``seed`` makes the interval
    reproducible: the same figures always give the same interval.
    """
    if estimate.size < estimate.observed or estimate.observed < 0:
        raise RecognitionError("an estimate cannot be smaller than the persons it saw")
    if estimate.size <= 0:
        raise RecognitionError("an estimate of no victims has no recognition gap")
    if not 0 < estimate.level < 1:
        raise RecognitionError("the level must lie between 0 and 1")
    low_i, high_i = identified.possible()
    rng = np.random.default_rng(seed)
    counts = rng.integers(low_i, high_i + 1, size=draws).astype(float)
    alpha = (1 - estimate.level) / 2
    share = min(identified.value / estimate.size, 1.0)
    unrecognised = max(estimate.size - identified.value, 0.0)
    if estimate.upper is None or not math.isfinite(estimate.upper):
        sizes = None
    elif estimate.size == estimate.observed:
        # Nobody unseen: N is the persons seen, known exactly.
        sizes = np.full(draws, float(estimate.observed))
    else:
        sizes = simulate_size(estimate, draws, rng)
    if sizes is None:
        lower = estimate.lower if estimate.lower is not None else estimate.observed
        top = min(high_i / lower, 1.0) if lower > 0 else 1.0
        return Gap(
            identified.value, estimate.size, share, 0.0, top, unrecognised,
            max(lower - high_i, 0.0), None, estimate.level, draws,
        )  # fmt: skip
    shares = np.minimum(counts / sizes, 1.0)
    missed = np.maximum(sizes - counts, 0.0)
    low, high = np.quantile(shares, [alpha, 1 - alpha])
    missed_low, missed_high = np.quantile(missed, [alpha, 1 - alpha])
    return Gap(
        identified.value, estimate.size, share, float(low), float(high), unrecognised,
        float(missed_low), float(missed_high), estimate.level, draws,
    )  # fmt: skip
