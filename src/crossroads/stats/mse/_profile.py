"""Profile-likelihood interval for N under a fixed model, as Rcapture's ``closedpCI.t``.

Rcapture (Baillargeon & Rivest 2007; Cormack 1992) profiles the
*multinomial* likelihood, not the Poisson one: for a candidate population
size N the unobserved pattern gets the count ``n0 = N - n_obs`` and the
log-linear model is fitted to all ``2**k`` cells (the unobserved cell has
only the intercept). The Poisson deviance ``D(N)`` of that fit equals the
multinomial deviance, because a model with an intercept reproduces the total.
Writing out the multinomial log-likelihood

    log N! - log n0! - sum_c log n_c! + sum_c n_c log(mu_c / N) + n0 log(mu_0 / N)

and substituting ``sum y log mu = sum y log y - D/2`` leaves, up to a constant,

    l(N) = c(N) - D(N) / 2,   c(N) = log N! - log n0! + n0 log n0 - N log N.

Rcapture evaluates ``c(N)`` with Stirling's formula when ``N > 100``; here it
is computed exactly with the log-gamma function, which differs by less than
``1/(12 n0)`` and extends it to non-integer N, as Rcapture's search also
uses. The interval is ``{N : 2 (l(N_max) - l(N)) <= chi2_1(confidence)}``.
Its centre ``N_max`` maximises the multinomial profile and lies slightly below
the Poisson estimate ``n_obs + exp(beta_0)``. When the lower limit would be
below ``n_obs`` it is ``n_obs``; when the upper limit lies beyond
``max_factor`` times the Poisson estimate (Rcapture's ``fmaxSupCL = 3``) it
is reported as infinite with ``upper_found`` false.

Like every model-conditional interval, this one ignores model selection.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln, xlogy
from scipy.stats import chi2

from crossroads.stats.mse._fit import prepare
from crossroads.stats.mse._glm import fit_poisson_batch
from crossroads.stats.mse._terms import Model

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ProfileInterval:
    """Multinomial profile-likelihood interval for the population size."""

    estimate: float
    lower: float
    upper: float
    confidence: float
    upper_found: bool
    lower_at_observed: bool


def multinomial_profile(
    y: FloatArray, lists: Sequence[str], model: Model
) -> tuple[float, Callable[[float], float]]:
    """The profile log-likelihood ``l(N)`` as a function (see module docstring)."""
    k = len(lists)
    prep = prepare(y, k, model)
    unobserved = np.zeros((1, prep.design.shape[1]))
    unobserved[0, 0] = 1.0
    design = np.vstack([prep.design, unobserved])
    base = y[prep.kept]
    n_obs = float(y.sum())
    state: dict[str, FloatArray] = {}

    def loglik(population: float) -> float:
        n0 = max(population - n_obs, 0.0)
        counts = np.append(base, n0)[None, :]
        warm = state.get("beta")
        fit = fit_poisson_batch(design, counts, beta0=None if warm is None else warm[None, :])
        state["beta"] = fit.beta[0]
        correction = gammaln(population + 1.0) - gammaln(n0 + 1.0) + xlogy(n0, n0)
        correction -= population * math.log(population)
        return float(correction - 0.5 * fit.deviance[0])

    return n_obs, loglik


def profile_interval(
    y: FloatArray,
    lists: Sequence[str],
    model: Model,
    poisson_estimate: float,
    *,
    confidence: float = 0.95,
    max_factor: float = 3.0,
) -> ProfileInterval:
    """Rcapture-style multinomial profile-likelihood interval (see module docstring)."""
    n_obs, f = multinomial_profile(y, lists, model)
    return interval_from_profile(
        n_obs, f, poisson_estimate, confidence=confidence, max_factor=max_factor
    )


def interval_from_profile(
    n_obs: float,
    f: Callable[[float], float],
    poisson_estimate: float,
    *,
    confidence: float = 0.95,
    max_factor: float = 3.0,
) -> ProfileInterval:
    """The interval ``{N : 2 (l(N_max) - l(N)) <= chi2_1(confidence)}`` of a profile ``f``.

    The maximiser is searched in ``[n_obs, max_factor * poisson_estimate]``;
    the lower limit stops at ``n_obs`` and an upper limit beyond the search
    range is reported as infinite (see the module docstring).
    """
    upper_search = max(max_factor * poisson_estimate, n_obs + 1.0)
    best = minimize_scalar(
        lambda n: -f(n), bounds=(n_obs, upper_search), method="bounded", options={"xatol": 1e-6}
    )
    n_max = float(best.x)
    l_max = -float(best.fun)
    target = l_max - 0.5 * float(chi2.ppf(confidence, 1))

    def gap(n: float) -> float:
        return f(n) - target

    lower_at_observed = gap(n_obs) >= 0
    lower = n_obs if lower_at_observed else float(brentq(gap, n_obs, n_max, xtol=1e-8))
    upper_found = gap(upper_search) < 0
    upper = float(brentq(gap, n_max, upper_search, xtol=1e-8)) if upper_found else math.inf
    return ProfileInterval(n_max, lower, upper, confidence, upper_found, lower_at_observed)
