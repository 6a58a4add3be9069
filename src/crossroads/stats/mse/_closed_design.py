"""Rcapture's closed-population models as Poisson log-linear models on the overlap table.

Baillargeon & Rivest (2007, section 2; Rcapture's ``closedp.t``) and Rivest &
Lévesque (2001). The ``2**k - 1`` observable capture patterns are
independent Poisson counts with ``log mu_c = beta_0 + x_c' beta``. The lists
play the part of Rcapture's capture occasions, in column order. With
``f_c`` the number of lists in pattern ``c``:

* **M0**: one column ``f_c`` (everyone has the same chance on every list).
* **Mt**: one column per list (lists differ; the independence model).
* **Mh**: ``f_c`` and a heterogeneity term in ``f_c`` (people differ in how
  catchable they are, the same way on every list), with
  - *Chao (lower bound)*: columns ``max(f_c - j + 1, 0)`` for
    ``j = 3 .. k``; coefficients that come out negative are removed one at a
    time, the first in column order, and the model refitted (Rcapture's
    ``neg = TRUE``), which makes the estimate Chao's lower bound;
  - *Poisson*: ``theta**f_c - 1`` (``theta = 2``);
  - *Darroch*: ``f_c**2 / 2``;
  - *Gamma*: ``log(theta) - log(theta + f_c)`` (``theta = 3.5``).
* **Mth**: the columns of Mt plus the heterogeneity term of Mh.
* **Mb** (behavioural response, lists read as occasions in column order):
  ``a_c``, the number of lists before the first list the person is on, and
  ``f_c - 1``, the number of lists after it that hold the person.
* **Mbh**: Mb plus ``1 - x_c1`` (not on the first list).

For M0, Mt, Mh and Mth the pattern on no list has ``f = 0`` and all columns
0, so the dark figure is ``exp(beta_0)`` and ``N = n + exp(beta_0)`` with
Rcapture's standard error ``sqrt(m0 + m0**2 var(beta_0))``. For Mb and Mbh
the unseen pattern continues the geometric pattern of first captures: with
``b_a`` and ``b_r`` the coefficients of ``a_c`` and ``f_c - 1``,

    log m0 = beta_0 [+ eta] + k b_a - log(1 + exp(b_r) - exp(b_a)),

which is Rcapture's formula ``N = exp(b0) (1 + e^b_r)^k / (1 + e^b_r - e^b_a)``
rewritten (the sum of the fitted means over every pattern, the unseen one
included), and its standard error is ``sqrt(v' V v - N)`` with ``v`` the
gradient of that sum, as in Rcapture. AIC and BIC count the fitted
coefficients (``log n`` per coefficient for BIC).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from crossroads.stats.mse._glm import fit_poisson_batch, information
from crossroads.stats.mse._terms import cell_patterns

FloatArray = npt.NDArray[np.float64]
Kind = Literal["M0", "Mt", "Mh", "Mth", "Mb", "Mbh"]
Heterogeneity = Literal["chao", "poisson", "darroch", "gamma"]

KINDS: tuple[Kind, ...] = ("M0", "Mt", "Mh", "Mth", "Mb", "Mbh")
HETEROGENEITIES: tuple[Heterogeneity, ...] = ("chao", "poisson", "darroch", "gamma")
DEFAULT_THETA: dict[str, float] = {"poisson": 2.0, "gamma": 3.5}
_RCAPTURE_NAMES = {
    "chao": "Chao (LB)",
    "poisson": "Poisson",
    "darroch": "Darroch",
    "gamma": "Gamma",
}


class ClosedModelError(ValueError):
    """A closed-population model that cannot be fitted to this table."""


@dataclass(frozen=True)
class ClosedModel:
    """One of Rcapture's closed-population models (see the module docstring).

    ``heterogeneity`` is required for Mh and Mth and must be ``None`` for the
    others; ``theta`` applies to the Poisson (default 2) and Gamma (default
    3.5) forms.
    """

    kind: Kind
    heterogeneity: Heterogeneity | None = None
    theta: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ClosedModelError(f"model must be one of {', '.join(KINDS)}, got {self.kind!r}")
        needs = self.kind in ("Mh", "Mth")
        if needs and self.heterogeneity not in HETEROGENEITIES:
            raise ClosedModelError(
                f"{self.kind} needs a heterogeneity form: {', '.join(HETEROGENEITIES)}"
            )
        if not needs and self.heterogeneity is not None:
            raise ClosedModelError(f"{self.kind} has no heterogeneity form")
        if self.heterogeneity in DEFAULT_THETA:
            theta = DEFAULT_THETA[self.heterogeneity] if self.theta is None else float(self.theta)
            if not math.isfinite(theta) or theta <= (1.0 if self.heterogeneity == "poisson" else 0):
                raise ClosedModelError("theta must be a number above 1 (Poisson) or 0 (Gamma)")
            object.__setattr__(self, "theta", theta)
        elif self.theta is not None:
            raise ClosedModelError("theta applies only to the Poisson and Gamma forms")

    @property
    def key(self) -> str:
        """A short machine name: ``mth_chao``, ``mh_poisson``, ``mb``."""
        return self.kind.lower() + (f"_{self.heterogeneity}" if self.heterogeneity else "")

    @property
    def label(self) -> str:
        """Rcapture's row name: ``Mth Chao (LB)``, ``Mh Poisson2``, ``Mh Gamma3.5``, ``Mb``."""
        if self.heterogeneity is None:
            return self.kind
        name = _RCAPTURE_NAMES[self.heterogeneity]
        if self.theta is not None:
            name += f"{self.theta:g}"
        return f"{self.kind} {name}"

    @property
    def behavioural(self) -> bool:
        return self.kind in ("Mb", "Mbh")

    @classmethod
    def from_key(cls, key: str) -> ClosedModel:
        """The model a :attr:`key` names (``"mth_chao"``, ``"mb"``...)."""
        kind_text, _, form = key.strip().lower().partition("_")
        kinds = {kind.lower(): kind for kind in KINDS}
        if kind_text not in kinds:
            raise ClosedModelError(f"unknown closed-population model {key!r}")
        forms: dict[str, Heterogeneity] = {h: h for h in HETEROGENEITIES}
        if form and form not in forms:
            raise ClosedModelError(f"unknown heterogeneity form {form!r} in {key!r}")
        return cls(kinds[kind_text], forms[form] if form else None)


#: The twelve models of Rcapture's ``closedp.t``, in its order.
RCAPTURE_MODELS: tuple[ClosedModel, ...] = (
    ClosedModel("M0"),
    ClosedModel("Mt"),
    *(ClosedModel("Mh", h) for h in HETEROGENEITIES),
    *(ClosedModel("Mth", h) for h in HETEROGENEITIES),
    ClosedModel("Mb"),
    ClosedModel("Mbh"),
)


@dataclass(frozen=True)
class ClosedDesign:
    """Columns (without the intercept) over the observable cells, with their names.

    ``ap`` and ``av`` are the column indices (in the design with intercept)
    of ``f - 1`` and ``a`` for Mb and Mbh; ``heterogeneity`` the indices of
    the heterogeneity columns.
    """

    columns: FloatArray
    names: tuple[str, ...]
    heterogeneity: tuple[int, ...]
    av: int | None = None
    ap: int | None = None


def _first_list(patterns: npt.NDArray[np.int64]) -> FloatArray:
    lowest = patterns & -patterns
    result: FloatArray = np.log2(lowest).astype(np.float64)
    return result


def closed_design(model: ClosedModel, lists: tuple[str, ...]) -> ClosedDesign:
    """The design of ``model`` for ``len(lists)`` lists (rows: patterns 1 .. 2**k - 1)."""
    k = len(lists)
    patterns = cell_patterns(k)
    bits = ((patterns[:, None] >> np.arange(k)) & 1).astype(np.float64)
    f = bits.sum(axis=1)
    columns: list[FloatArray] = []
    names: list[str] = []
    av = ap = None
    if model.kind in ("M0", "Mh"):
        columns.append(f)
        names.append("captures")
    elif model.kind in ("Mt", "Mth"):
        columns.extend(bits.T)
        names.extend(lists)
    else:
        if model.kind == "Mbh":
            columns.append(1.0 - bits[:, 0])
            names.append("not_on_first_list")
        columns.extend((_first_list(patterns), f - 1.0))
        names.extend(("before_first", "after_first"))
        av, ap = len(columns) - 1, len(columns)
    start = len(columns)
    if model.heterogeneity == "chao":
        if k < 3:
            raise ClosedModelError("heterogeneity models need at least three lists")
        for j in range(3, k + 1):
            columns.append(np.maximum(f - j + 1, 0.0))
            names.append(f"eta{j}")
    elif model.heterogeneity is not None:
        if k < 3:
            raise ClosedModelError("heterogeneity models need at least three lists")
        theta = float(model.theta or 0.0)
        if model.heterogeneity == "poisson":
            column = theta**f - 1.0
        elif model.heterogeneity == "darroch":
            column = f**2 / 2.0
        else:
            column = math.log(theta) - np.log(theta + f)
        columns.append(np.asarray(column, dtype=np.float64))
        names.append("tau")
    heterogeneity = tuple(range(start + 1, len(columns) + 1))
    return ClosedDesign(np.column_stack(columns), tuple(names), heterogeneity, av, ap)


def log_unseen(beta: FloatArray, design: ClosedDesign, k: int) -> float:
    """``log m0``: the log expected number on no list (``inf`` when it diverges)."""
    if design.av is None or design.ap is None:
        return float(beta[0])
    b_av, b_ap = float(beta[design.av]), float(beta[design.ap])
    denominator = 1.0 + math.exp(b_ap) - math.exp(b_av)
    if denominator <= 0:
        return math.inf
    shift = float(beta[1]) if design.names[0] == "not_on_first_list" else 0.0
    return float(beta[0]) + shift + k * b_av - math.log(denominator)


def unseen_gradient(beta: FloatArray, design: ClosedDesign, k: int) -> FloatArray:
    """Gradient of :func:`log_unseen` with respect to ``beta`` (with intercept)."""
    grad = np.zeros(beta.size)
    grad[0] = 1.0
    if design.av is None or design.ap is None:
        return grad
    e_av, e_ap = math.exp(beta[design.av]), math.exp(beta[design.ap])
    denominator = 1.0 + e_ap - e_av
    if design.names[0] == "not_on_first_list":
        grad[1] = 1.0
    grad[design.av] = k + e_av / denominator
    grad[design.ap] = -e_ap / denominator
    return grad


@dataclass(frozen=True)
class ClosedFit:
    """A fitted closed-population model and its population estimate (numbers of people)."""

    model: ClosedModel
    lists: tuple[str, ...]
    n_observed: int
    population_size: float
    dark_figure: float
    stderr: float
    coefficients: dict[str, float]
    removed: tuple[str, ...]
    deviance: float
    df_resid: int
    loglik: float
    n_parameters: int
    aic: float
    bic: float
    converged: bool
    beta: FloatArray
    design: ClosedDesign
    kept: tuple[int, ...]

    @property
    def label(self) -> str:
        return self.model.label


def _fit(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray, float, float, bool]:
    batch = fit_poisson_batch(x, y[None, :])
    return (
        batch.beta[0],
        batch.mu[0],
        float(batch.deviance[0]),
        float(batch.loglik[0]),
        bool(batch.converged[0]),
    )


def fit_closed(y: FloatArray, lists: tuple[str, ...], model: ClosedModel) -> ClosedFit:
    """Fit ``model`` to counts ``y`` (all ``2**k - 1`` patterns) and estimate N."""
    k = len(lists)
    design = closed_design(model, lists)
    x_full = np.hstack([np.ones((design.columns.shape[0], 1)), design.columns])
    kept = list(range(x_full.shape[1]))
    beta, mu, deviance, loglik, converged = _fit(x_full, y)
    removed: list[str] = []
    # Chao's lower bound: a negative eta is removed (the first in column order) and the
    # model refitted, until none is negative (Rcapture's neg = TRUE).
    while model.heterogeneity == "chao":
        negative = [
            c for c, column in enumerate(kept) if column in design.heterogeneity and beta[c] < 0
        ]
        if not negative:
            break
        removed.append(design.names[kept[negative[0]] - 1])
        del kept[negative[0]]
        beta, mu, deviance, loglik, converged = _fit(x_full[:, kept], y)
    x = x_full[:, kept]
    full_beta = np.zeros(x_full.shape[1])
    full_beta[kept] = beta
    n_obs = round(float(y.sum()))
    with np.errstate(over="ignore"):
        dark = math.exp(min(log_unseen(full_beta, design, k), 700.0))
    try:
        cov = np.linalg.inv(information(x, mu))
    except np.linalg.LinAlgError:
        cov = np.full((x.shape[1], x.shape[1]), np.nan)
    if design.av is None:
        variance = dark + dark * dark * float(cov[0, 0])
    else:
        gradient = x.T @ mu + dark * unseen_gradient(full_beta, design, k)[kept]
        variance = float(gradient @ cov @ gradient) - (n_obs + dark)
    names = ["(Intercept)", *(design.names[c - 1] for c in kept[1:])]
    n_par = len(kept)
    return ClosedFit(
        model=model,
        lists=lists,
        n_observed=n_obs,
        population_size=n_obs + dark,
        dark_figure=dark,
        stderr=math.sqrt(variance) if variance >= 0 else math.nan,
        coefficients={name: float(b) for name, b in zip(names, beta, strict=True)},
        removed=tuple(removed),
        deviance=deviance,
        df_resid=int(x.shape[0] - n_par),
        loglik=loglik,
        n_parameters=n_par,
        aic=-2.0 * loglik + 2.0 * n_par,
        bic=-2.0 * loglik + math.log(n_obs) * n_par,
        converged=converged,
        beta=full_beta,
        design=design,
        kept=tuple(kept),
    )
