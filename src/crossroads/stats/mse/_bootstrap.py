"""The BCa bootstrap with model re-selection, as in SparseMSE's ``estimatepopulation``.

Chan, Silverman & Vincent (2021, section 3.3); DiCiccio & Efron (1996).

1. Draw ``B`` replicate tables ``~ Multinomial(n_obs, observed proportions)``
   over the observed patterns (unobserved patterns never get mass) and re-run
   the whole estimator, model choice included, on each: ``N*_b``.
2. Acceleration from a delete-one jackknife over the observed patterns,
   weighted by their counts: for each pattern ``j`` lower ``n_j`` by one and
   re-estimate (``theta_(j)``); with ``theta_bar = sum n_j theta_(j) / n`` and
   ``d_j = theta_bar - theta_(j)``,
   ``a = sum n_j d_j^3 / (6 (sum n_j d_j^2)^(3/2))``.
3. Bias correction ``z0 = Phi^{-1}(#{N*_b < N_hat} / B)``, strict inequality.
4. The limit at level ``alpha`` is the type-8 sample quantile (Hyndman & Fan
   1996; R's ``quantile(type = 8)``, NumPy's ``median_unbiased``) of the
   ``N*_b`` at ``Phi(z0 + (z0 + z_alpha) / (1 - a (z0 + z_alpha)))``.

Random numbers come from ``numpy.random.default_rng(seed)``; they cannot match
R's Mersenne-Twister stream, so limits agree with SparseMSE's only within
Monte Carlo error. The jackknife, and hence ``a``, is deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.stats import norm

FloatArray = npt.NDArray[np.float64]

#: SparseMSE's default levels for ``estimatepopulation``.
SPARSEMSE_ALPHA: tuple[float, ...] = (0.025, 0.05, 0.1, 0.16, 0.84, 0.9, 0.95, 0.975)

BatchEstimator = Callable[[FloatArray], tuple[FloatArray, list[tuple[int, ...]]]]


@dataclass(frozen=True)
class BootstrapResult:
    """Replicate estimates, jackknife acceleration and BCa limits."""

    estimates: FloatArray
    models: list[tuple[int, ...]]
    acceleration: float
    bias_correction: float
    quantiles: dict[float, float]
    jackknife_estimates: FloatArray


def resample(counts: npt.NDArray[np.int64], n_boot: int, rng: np.random.Generator) -> FloatArray:
    """``n_boot`` multinomial replicates of the counts over the observed patterns."""
    observed = np.flatnonzero(counts)
    n = int(counts.sum())
    draws = rng.multinomial(n, counts[observed] / n, size=n_boot)
    out = np.zeros((n_boot, counts.size))
    out[:, observed] = draws
    return out


def jackknife_samples(counts: npt.NDArray[np.int64]) -> tuple[FloatArray, FloatArray]:
    """One table per observed pattern with its count lowered by one, and the pattern counts."""
    observed = np.flatnonzero(counts)
    samples = np.tile(counts.astype(np.float64), (observed.size, 1))
    samples[np.arange(observed.size), observed] -= 1.0
    return samples, counts[observed].astype(np.float64)


def acceleration(jackknife: FloatArray, weights: FloatArray) -> float:
    """SparseMSE's count-weighted jackknife estimate of the BCa acceleration."""
    mean = float(np.sum(weights * jackknife) / np.sum(weights))
    d = mean - jackknife
    denominator = 6.0 * float(np.sum(weights * d**2)) ** 1.5
    if denominator == 0.0:
        return 0.0
    return float(np.sum(weights * d**3) / denominator)


def quantile_type8(values: FloatArray, probabilities: Sequence[float]) -> FloatArray:
    """R's ``quantile(type = 8)``: approximately median-unbiased sample quantiles."""
    return np.asarray(
        np.quantile(values, np.asarray(probabilities), method="median_unbiased"), dtype=np.float64
    )


def bca_limits(
    replicates: FloatArray, estimate: float, accel: float, alpha: Sequence[float]
) -> tuple[dict[float, float], float]:
    """BCa limits at each level of ``alpha`` and the bias correction ``z0``.

    When no replicate (or every replicate) lies below the estimate, ``z0`` is
    infinite; the limits are then the smallest (or largest) replicate, where
    R's arithmetic would give the same or ``NaN``.
    """
    proportion = float(np.mean(replicates < estimate))
    z0 = float(norm.ppf(proportion))
    za = norm.ppf(np.asarray(alpha, dtype=np.float64))
    with np.errstate(invalid="ignore", divide="ignore"):
        shifted = za + z0
        levels = norm.cdf(z0 + shifted / (1.0 - accel * shifted))
    if not math.isfinite(z0):
        levels = np.full(len(alpha), 0.0 if z0 < 0 else 1.0)
    levels = np.nan_to_num(levels, nan=0.0 if z0 < 0 else 1.0)
    values = quantile_type8(replicates, levels.tolist())
    return {float(a): float(v) for a, v in zip(alpha, values, strict=True)}, z0


def run_bootstrap(
    counts: npt.NDArray[np.int64],
    estimate: float,
    estimator: BatchEstimator,
    *,
    n_boot: int,
    alpha: Sequence[float],
    seed: int | None,
    progress: Callable[[int, int], None] | None = None,
) -> BootstrapResult:
    """Bootstrap, jackknife and BCa limits for a batch estimator.

    ``estimator`` maps a ``(B, cells)`` array of count tables to their
    population estimates and selected models. Replicates are processed in
    chunks so that ``progress(done, total)`` can report, where ``total`` is
    the number of bootstrap replicates plus jackknife deletions.
    """
    rng = np.random.default_rng(seed)
    replicates = resample(counts, n_boot, rng)
    jack, weights = jackknife_samples(counts)
    total = n_boot + jack.shape[0]
    chunk = max(50, math.ceil(n_boot / 20))
    estimates = np.empty(n_boot)
    models: list[tuple[int, ...]] = []
    for start in range(0, n_boot, chunk):
        stop = min(start + chunk, n_boot)
        values, chosen = estimator(replicates[start:stop])
        estimates[start:stop] = values
        models.extend(chosen)
        if progress is not None:
            progress(stop, total)
    jack_estimates, _ = estimator(jack)
    if progress is not None:
        progress(total, total)
    accel = acceleration(jack_estimates, weights)
    quantiles, z0 = bca_limits(estimates, estimate, accel, alpha)
    return BootstrapResult(estimates, models, accel, z0, quantiles, jack_estimates)
