"""The discrete Laplace (two-sided geometric) mechanism on integer counts, through OpenDP.

A draw ``X`` of scale ``s`` takes the integer ``k`` with probability
``(1 - a) / (1 + a) * a**|k|`` where ``a = exp(-1/s)``. Added to every count
of a query whose L1 sensitivity is ``Δ`` (adding or removing one person
changes the counts by at most ``Δ`` in total), it gives ``ε = Δ / s``-
differential privacy. The noise itself is drawn by OpenDP's
``make_laplace`` measurement on a vector of integers (its discrete Laplace,
sampled exactly with a cryptographically secure generator), which also
states the ``ε`` it spends; this module adds the error margins.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist
from typing import Any

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]

MECHANISM = "discrete_laplace"
"""The name stored with every differentially private count."""

LEVEL = 0.95
"""The probability with which a count's error stays within its stated margin."""

EXACT_TERMS = 16
"""Margins of sums of up to this many draws are computed exactly (by convolution);
beyond, the normal approximation is used (the sum of many draws is close to normal)."""


class PrivacyError(ValueError):
    """A privacy parameter that makes no sense (a budget that is not positive, say)."""


@dataclass(frozen=True)
class DiscreteLaplace:
    """The discrete Laplace distribution of ``scale`` (see the module docstring)."""

    scale: float

    def __post_init__(self) -> None:
        if not (self.scale > 0 and math.isfinite(self.scale)):
            raise PrivacyError(f"the scale must be a positive number, got {self.scale!r}")

    @classmethod
    def for_budget(cls, epsilon: float, sensitivity: int) -> DiscreteLaplace:
        """The scale that spends ``epsilon`` on a query of L1 ``sensitivity``."""
        if not (epsilon > 0 and math.isfinite(epsilon)):
            raise PrivacyError(f"the privacy budget must be a positive number, got {epsilon!r}")
        if sensitivity < 1:
            raise PrivacyError(f"the sensitivity must be at least 1, got {sensitivity!r}")
        return cls(sensitivity / epsilon)

    @property
    def ratio(self) -> float:
        """``a = exp(-1/scale)``, the ratio of the probabilities of ``k + 1`` and ``k``."""
        return math.exp(-1.0 / self.scale)

    @property
    def variance(self) -> float:
        """``2a / (1 - a)^2``."""
        a = self.ratio
        return 2 * a / (1 - a) ** 2

    def tail(self, half_width: int) -> float:
        """``P(|X| > half_width)`` of one draw: ``2 a^(h+1) / (1 + a)``."""
        a = self.ratio
        return 2 * a ** (half_width + 1) / (1 + a)

    def margin(self, terms: int = 1, level: float = LEVEL) -> int:
        """The smallest ``h`` such that the sum of ``terms`` independent draws lies in
        ``[-h, h]`` with probability at least ``level`` (the error margin of a count
        that adds ``terms`` noisy cells)."""
        if terms < 1:
            raise PrivacyError(f"a margin needs at least one term, got {terms!r}")
        if not 0 < level < 1:
            raise PrivacyError(f"the level must lie strictly between 0 and 1, got {level!r}")
        if terms == 1:
            a = self.ratio
            # 2 a^(h+1) / (1 + a) <= 1 - level  <=>  h + 1 >= log((1 - level)(1 + a) / 2) / log a
            h = math.ceil(math.log((1 - level) * (1 + a) / 2) / math.log(a)) - 1
            return max(h, 0)
        if terms <= EXACT_TERMS:
            return _convolved_margin(self.scale, terms, level)
        z = _normal_quantile((1 + level) / 2)
        return math.ceil(z * math.sqrt(terms * self.variance))

    def sample(self, counts: Sequence[int]) -> list[int]:
        """``counts`` with independent noise added to each, drawn by OpenDP."""
        return [int(v) for v in _measurement(self.scale)([int(c) for c in counts])]

    def epsilon(self, sensitivity: int) -> float:
        """The ``ε`` OpenDP's privacy map states for a query of L1 ``sensitivity``."""
        return float(_measurement(self.scale).map(int(sensitivity)))


@lru_cache(maxsize=256)
def _measurement(scale: float) -> Any:
    import opendp.prelude as dp

    dp.enable_features("contrib")
    return dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T="i64")), dp.l1_distance(T="i64"), scale=scale
    )


@lru_cache(maxsize=1024)
def _convolved_margin(scale: float, terms: int, level: float) -> int:
    """Exact margin of a sum of ``terms`` draws, from their probabilities convolved by FFT."""
    one = DiscreteLaplace(scale)
    # Truncate one draw where its tail is negligible against the level's.
    reach = one.margin(1, 1 - (1 - level) * 1e-6)
    support = np.arange(-reach, reach + 1)
    a = one.ratio
    pmf = (1 - a) / (1 + a) * a ** np.abs(support)
    length = terms * (2 * reach) + 1
    size = 1 << (length - 1).bit_length()
    total = np.clip(np.fft.irfft(np.fft.rfft(pmf, size) ** terms, size)[:length], 0.0, None)
    middle = terms * reach
    cumulative = np.concatenate([[0.0], np.cumsum(total)])
    h = np.arange(middle + 1)
    covered = cumulative[middle + h + 1] - cumulative[middle - h]
    return int(np.argmax(covered >= level)) if covered[-1] >= level else middle


def _normal_quantile(p: float) -> float:
    """The standard normal quantile."""
    return NormalDist().inv_cdf(p)


def split_budget(epsilon: float, parts: Sequence[str]) -> dict[str, float]:
    """``epsilon`` split equally over ``parts`` (sequential composition: a person may be
    counted in every one of them, so their budgets add up to ``epsilon``)."""
    if not (epsilon > 0 and math.isfinite(epsilon)):
        raise PrivacyError(f"the privacy budget must be a positive number, got {epsilon!r}")
    if not parts:
        return {}
    share = epsilon / len(parts)
    return dict.fromkeys(parts, share)
