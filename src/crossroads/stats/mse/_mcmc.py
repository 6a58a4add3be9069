"""Convergence diagnostics of Markov chain Monte Carlo draws: split R-hat and effective size.

Gelman et al. (2013, *Bayesian Data Analysis*, 3rd ed., section 11.4-11.5),
as Stan computes them. ``draws`` has one row per chain.

* **Split R-hat.** Each chain is cut in two halves; with ``W`` the mean
  within-half variance and ``B/n`` the variance of the half means,
  ``var+ = (n - 1)/n W + B/n`` and ``R = sqrt(var+ / W)``. Values near 1
  mean the chains agree; above 1.01-1.05 they have not mixed.
* **Effective sample size.** ``S / tau`` with ``S`` draws in all and
  ``tau = -1 + 2 sum_t P_t`` over Geyer's initial monotone sequence of pair
  sums ``P_t = rho_2t + rho_2t+1`` of the combined autocorrelations
  ``rho_t = 1 - (W - mean autocovariance_t) / var+``.

ArviZ computes the same quantities, but it would bring xarray, pandas and
matplotlib into a laptop install for two formulas, so they are written here.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def _split(draws: npt.ArrayLike) -> FloatArray:
    chains = np.atleast_2d(np.asarray(draws, dtype=np.float64))
    half = chains.shape[1] // 2
    return np.vstack([chains[:, :half], chains[:, -half:]])


def split_rhat(draws: npt.ArrayLike) -> float:
    """Split R-hat of ``draws`` (chains x draws); ``nan`` with fewer than four draws a chain."""
    halves = _split(draws)
    n = halves.shape[1]
    if n < 2:
        return math.nan
    within = float(np.mean(np.var(halves, axis=1, ddof=1)))
    between = float(np.var(np.mean(halves, axis=1), ddof=1)) if halves.shape[0] > 1 else 0.0
    if within == 0.0:
        return 1.0 if between == 0.0 else math.inf
    var_plus = (n - 1) / n * within + between
    return math.sqrt(var_plus / within)


def _autocovariance(chain: FloatArray) -> FloatArray:
    """Biased autocovariance at every lag, by FFT."""
    n = chain.size
    centred = chain - chain.mean()
    size = 1 << (2 * n - 1).bit_length()
    spectrum = np.fft.rfft(centred, size)
    result: FloatArray = np.fft.irfft(spectrum * np.conj(spectrum), size)[:n] / n
    return result


def effective_sample_size(draws: npt.ArrayLike) -> float:
    """Multi-chain effective sample size of ``draws`` (chains x draws)."""
    chains = np.atleast_2d(np.asarray(draws, dtype=np.float64))
    m, n = chains.shape
    if n < 4:
        return math.nan
    acov = np.array([_autocovariance(c) for c in chains])
    within = float(np.mean(acov[:, 0] * n / (n - 1)))
    between = float(np.var(chains.mean(axis=1), ddof=1)) if m > 1 else 0.0
    var_plus = (n - 1) / n * within + between
    if var_plus == 0.0:
        return float(m * n)
    rho = 1.0 - (within - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    pairs = rho[:-1:2] + rho[1::2]
    total = 0.0
    previous = math.inf
    for value in pairs:
        if value <= 0:
            break
        value = min(value, previous)  # Geyer's initial monotone sequence
        total += value
        previous = value
    tau = max(-1.0 + 2.0 * total, 1.0 / math.log10(m * n + 10))
    return float(m * n / tau)
