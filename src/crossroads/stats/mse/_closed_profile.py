"""Profile-likelihood intervals for the closed-population models (Rcapture's ``closedpCI.t``).

As for the hierarchical models (``_profile``), the multinomial profile
log-likelihood of a candidate population size ``N`` is ``c(N) - D(N) / 2``:
the model is fitted to the observed counts together with the unseen pattern,
given the count ``N - n``, and ``D(N)`` is that fit's Poisson deviance. For
M0, Mt, Mh and Mth the unseen pattern has only the intercept; for Mb and Mbh
its log mean is the non-linear ``log m0`` of ``_closed_design``, so each fit
is a few Newton steps on the Poisson likelihood with that extra cell (with
its exact Hessian). For Chao's lower bound the negative ``eta`` coefficients
are removed again at every ``N``, as Rcapture does.

Rcapture profiles only M0, Mt, Mh and Mth; the Mb and Mbh intervals follow
the same definition. Like every model-conditional interval, these ignore
the choice of model.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln, xlogy

from crossroads.stats.mse._closed_design import ClosedDesign, ClosedFit, log_unseen, unseen_gradient
from crossroads.stats.mse._profile import ProfileInterval, interval_from_profile

FloatArray = npt.NDArray[np.float64]

_MAX_STEPS = 100
_TOL = 1e-10


def _unseen_hessian(beta: FloatArray, design: ClosedDesign) -> FloatArray:
    """Hessian of ``log m0`` in ``beta`` (zero except for Mb and Mbh)."""
    hessian = np.zeros((beta.size, beta.size))
    if design.av is None or design.ap is None:
        return hessian
    e_av, e_ap = math.exp(beta[design.av]), math.exp(beta[design.ap])
    d = 1.0 + e_ap - e_av
    # log m0 = ... - L with L = log(1 + e^ap - e^av).
    hessian[design.av, design.av] = e_av / d + e_av**2 / d**2
    hessian[design.ap, design.ap] = -(e_ap / d - e_ap**2 / d**2)
    hessian[design.av, design.ap] = hessian[design.ap, design.av] = -e_av * e_ap / d**2
    return hessian


def _descent_step(hessian: FloatArray, gradient: FloatArray) -> FloatArray:
    """The Newton step, with the Hessian shifted towards a multiple of the identity
    until it is positive definite (far from the optimum the extra cell of Mb and Mbh
    can make it indefinite, and a plain Newton step would then climb)."""
    shift = 0.0
    scale = float(np.max(np.abs(np.diag(hessian)))) or 1.0
    for _ in range(40):
        try:
            factor = np.linalg.cholesky(hessian + shift * np.eye(hessian.shape[0]))
        except np.linalg.LinAlgError:
            shift = max(2 * shift, 1e-8 * scale)
            continue
        half = np.linalg.solve(factor, gradient)
        return np.asarray(np.linalg.solve(factor.T, half), dtype=np.float64)
    return gradient / scale


class _Extended:
    """The model fitted to the observed counts plus the unseen pattern with count ``n0``."""

    def __init__(self, x_full: FloatArray, y: FloatArray, design: ClosedDesign, k: int) -> None:
        self.x_full = x_full
        self.y = y
        self.design = design
        self.k = k

    def objective(self, beta: FloatArray, kept: list[int], n0: float) -> float:
        eta = self.x_full[:, kept] @ beta[kept]
        log_m0 = log_unseen(beta, self.design, self.k)
        if not math.isfinite(log_m0) or np.any(eta > 700):
            return math.inf
        return float(np.sum(np.exp(eta) - self.y * eta) + math.exp(log_m0) - n0 * log_m0)

    def fit(self, beta: FloatArray, kept: list[int], n0: float) -> tuple[FloatArray, float]:
        """Newton's method from ``beta``; returns the coefficients and the deviance."""
        x = self.x_full[:, kept]
        value = self.objective(beta, kept, n0)
        for _ in range(_MAX_STEPS):
            mu = np.exp(x @ beta[kept])
            m0 = math.exp(log_unseen(beta, self.design, self.k))
            g = unseen_gradient(beta, self.design, self.k)[kept]
            gradient = x.T @ (mu - self.y) + (m0 - n0) * g
            hessian = x.T @ (mu[:, None] * x) + m0 * np.outer(g, g)
            hessian += (m0 - n0) * _unseen_hessian(beta, self.design)[np.ix_(kept, kept)]
            step = _descent_step(hessian, gradient)
            scale = 1.0
            for _halving in range(40):
                trial = beta.copy()
                trial[kept] -= scale * step
                trial_value = self.objective(trial, kept, n0)
                if trial_value <= value + 1e-12 * abs(value):
                    break
                scale /= 2
            else:
                break
            change = value - trial_value
            beta, value = trial, trial_value
            if change <= _TOL * (abs(value) + 1.0):
                break
        mu = np.exp(x @ beta[kept])
        m0 = math.exp(log_unseen(beta, self.design, self.k))
        deviance = 2.0 * float(
            np.sum(xlogy(self.y, self.y) - xlogy(self.y, mu) - (self.y - mu))
            + xlogy(n0, n0)
            - xlogy(n0, m0)
            - (n0 - m0)
        )
        return beta, deviance


def closed_profile_interval(
    y: FloatArray, fit: ClosedFit, *, confidence: float = 0.95, max_factor: float = 3.0
) -> ProfileInterval:
    """The multinomial profile-likelihood interval of a fitted closed-population model."""
    design = fit.design
    k = len(fit.lists)
    x_full = np.hstack([np.ones((design.columns.shape[0], 1)), design.columns])
    extended = _Extended(x_full, y, design, k)
    n_obs = float(y.sum())
    all_columns = list(range(x_full.shape[1]))
    state = {"beta": fit.beta.copy()}

    def loglik(population: float) -> float:
        n0 = max(population - n_obs, 0.0)
        kept = list(all_columns)
        beta = state["beta"].copy()
        beta, deviance = extended.fit(beta, kept, n0)
        while fit.model.heterogeneity == "chao":
            negative = [c for c in kept if c in design.heterogeneity and beta[c] < 0]
            if not negative:
                break
            kept.remove(negative[0])
            beta[negative[0]] = 0.0
            beta, deviance = extended.fit(beta, kept, n0)
        state["beta"] = beta
        correction = gammaln(population + 1.0) - gammaln(n0 + 1.0) + xlogy(n0, n0)
        correction -= population * math.log(population)
        return float(correction - 0.5 * deviance)

    return interval_from_profile(
        n_obs, loglik, fit.population_size, confidence=confidence, max_factor=max_factor
    )
