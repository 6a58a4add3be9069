"""Fitting one Poisson log-linear model to an overlap table.

The counts of the ``2**k - 1`` observable patterns are independent Poisson
variables with ``log mu_c = beta_0 + sum_{T subset of c} beta_T``. The
unobserved pattern has expected count ``exp(beta_0)``, so the dark figure is
estimated by ``exp(beta_0_hat)`` and the population by
``N_hat = n_obs + exp(beta_0_hat)`` (Cormack 1989; Baillargeon & Rivest 2007).

Extended MLE (Chan, Silverman & Vincent 2021, section 2.5). If two lists
never overlap (N*_ij = 0) and their interaction is in the model, its MLE is
minus infinity: every cell containing both lists has fitted mean 0. The fit
therefore drops those cells and the term, adds the term back as a parameter
in AIC and BIC (SparseMSE adds 2 to the AIC per such term), and reports
``exp(-lambda*)``, the probability that the overlap would be empty under the
model without the term, where ``lambda*`` is that model's fitted total over
the cells containing the pair. An empty list is treated the same way (R's
``glm`` lets its coefficient run off to minus infinity, which has the same
limit), so a bootstrap sample that loses a small list still gets a fit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy.stats import norm

from crossroads.stats.mse._existence import ExistenceCheck, ExistenceChecker
from crossroads.stats.mse._glm import fit_poisson_batch, information
from crossroads.stats.mse._table import OverlapTable
from crossroads.stats.mse._terms import (
    Model,
    containing,
    design_columns,
    main_terms,
    model_label,
    parse_terms,
    rcapture_label,
    term_name,
)

FloatArray = npt.NDArray[np.float64]


class ModelNotEstimableError(ValueError):
    """The MLE of the requested model does not exist or is not identifiable."""

    def __init__(self, label: str, check: ExistenceCheck, hint: str = "") -> None:
        reasons = []
        if not check.mle_exists:
            reasons.append(
                "the maximum likelihood estimate does not exist (the linear program of "
                "Fienberg & Rinaldo has optimum 0: the data cannot bound the dark figure)"
            )
        if not check.identifiable:
            reasons.append("the model is not identifiable (its design matrix is rank deficient)")
        super().__init__(
            f"model {label} cannot be estimated: "
            + "; ".join(reasons)
            + f" [checkident code {check.code}]"
            + (f". {hint}" if hint else "")
        )
        self.check = check


@dataclass(frozen=True)
class LoglinearFit:
    """A fitted log-linear model and its population estimate.

    ``population_size`` and ``dark_figure`` are numbers of people.
    ``coefficients`` and ``standard_errors`` are keyed ``"(Intercept)"``,
    list names and ``"A:B"``; terms at minus infinity have coefficient
    ``-inf`` and no standard error. ``aic`` follows SparseMSE (R's ``glm``
    AIC plus 2 per term at minus infinity); ``bic`` follows Rcapture and
    MultipleSystemsEstimation (``log(n_observed)`` per parameter, counting
    terms at minus infinity). ``rcapture_stderr`` is Rcapture's delta-method
    standard error of ``population_size``.
    """

    lists: tuple[str, ...]
    model: Model
    n_observed: int
    population_size: float
    dark_figure: float
    log_dark_figure_se: float
    rcapture_stderr: float
    coefficients: dict[str, float]
    standard_errors: dict[str, float]
    deviance: float
    df_resid: int
    loglik: float
    n_parameters: int
    aic: float
    bic: float
    fitted: FloatArray = field(repr=False)
    infinite_terms: tuple[str, ...]
    probability_empty: dict[str, float]
    converged: bool
    iterations: int

    @property
    def terms(self) -> tuple[str, ...]:
        """Interaction names, e.g. ``("A:B",)``, in model order."""
        return tuple(term_name(t, self.lists) for t in self.model)

    @property
    def label(self) -> str:
        return model_label(self.model, self.lists)

    @property
    def rcapture_label(self) -> str:
        return rcapture_label(self.model, len(self.lists))

    def wald_conf_int(self, confidence: float = 0.95) -> tuple[float, float]:
        """Model-conditional interval ``n_obs + exp(beta_0 +/- z SE)``.

        This is SparseMSE's ``estimatepopulation.0`` interval: Wald on the log
        dark figure, with the unscaled GLM covariance. It ignores model
        selection and is therefore too narrow after any data-driven choice.
        """
        z = float(norm.ppf(0.5 + confidence / 2))
        half = z * self.log_dark_figure_se
        with np.errstate(over="ignore", divide="ignore"):
            log_dark = np.log(self.dark_figure)
            low, high = np.exp(log_dark - half), np.exp(log_dark + half)
        return (self.n_observed + float(low), self.n_observed + float(high))


@dataclass(frozen=True)
class Prepared:
    """The GLM for one model once terms at minus infinity are removed."""

    kept: npt.NDArray[np.bool_]
    terms: tuple[int, ...]  # fitted non-intercept terms, mains first
    design: FloatArray
    infinite: tuple[int, ...]


def infinite_terms(y: FloatArray, k: int, model: Model) -> tuple[int, ...]:
    """Main effects and interactions with no observed support (N* = 0)."""
    return tuple(t for t in (*main_terms(k), *model) if not np.any(y[containing(t, k)] > 0))


@lru_cache(maxsize=1024)
def prepared_design(k: int, model: Model, infinite: tuple[int, ...]) -> Prepared:
    """Design on the remaining cells; cached because bootstrap samples share few designs."""
    kept = np.ones(2**k - 1, dtype=bool)
    for term in infinite:
        kept &= ~containing(term, k)
    terms = tuple(t for t in (*main_terms(k), *model) if t not in infinite)
    columns = design_columns(terms, k)[kept]
    design = np.hstack([np.ones((columns.shape[0], 1)), columns])
    kept.setflags(write=False)
    design.setflags(write=False)
    return Prepared(kept, terms, design, infinite)


def prepare(y: FloatArray, k: int, model: Model) -> Prepared:
    """Which cells and terms enter the GLM for counts ``y``."""
    return prepared_design(k, model, infinite_terms(y, k, model))


def fit_counts(
    y: FloatArray,
    lists: Sequence[str],
    model: Model,
    *,
    beta0: FloatArray | None = None,
    with_probability_empty: bool = True,
) -> LoglinearFit:
    """Fit ``model`` to counts ``y`` over all cells (no existence check)."""
    k = len(lists)
    prep = prepare(y, k, model)
    y_kept = y[prep.kept]
    batch = fit_poisson_batch(
        prep.design,
        y_kept[None, :],
        beta0=None if beta0 is None else beta0[None, :],
    )
    beta = batch.beta[0]
    mu_kept = batch.mu[0]
    info = information(prep.design, mu_kept)
    try:
        cov = np.linalg.inv(info)
        se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    except np.linalg.LinAlgError:
        se = np.full(beta.size, np.nan)
    fitted = np.zeros(2**k - 1)
    fitted[prep.kept] = mu_kept
    n_obs = round(float(y.sum()))
    names = ["(Intercept)", *(term_name(t, lists) for t in prep.terms)]
    coefficients = dict(zip(names, (float(b) for b in beta), strict=True))
    errors = dict(zip(names, (float(s) for s in se), strict=True))
    for term in prep.infinite:
        coefficients[term_name(term, lists)] = -math.inf
    n_parameters = 1 + k + len(model)
    loglik = float(batch.loglik[0])
    with np.errstate(over="ignore"):
        # An unchecked fit whose MLE does not exist can run off to an infinite dark figure.
        dark = float(np.exp(beta[0]))
    var0 = float(se[0]) ** 2
    probability_empty: dict[str, float] = {}
    if with_probability_empty:
        for term in prep.infinite:
            if term in model:
                probability_empty[term_name(term, lists)] = _probability_empty(
                    y, lists, model, term
                )
    return LoglinearFit(
        lists=tuple(lists),
        model=model,
        n_observed=n_obs,
        population_size=n_obs + dark,
        dark_figure=dark,
        log_dark_figure_se=float(se[0]),
        rcapture_stderr=float(np.sqrt(dark + dark * dark * var0)),
        coefficients=coefficients,
        standard_errors=errors,
        deviance=float(batch.deviance[0]),
        df_resid=int(prep.design.shape[0] - prep.design.shape[1]),
        loglik=loglik,
        n_parameters=n_parameters,
        aic=-2.0 * loglik + 2.0 * n_parameters,
        bic=-2.0 * loglik + math.log(n_obs) * n_parameters,
        fitted=fitted,
        infinite_terms=tuple(term_name(t, lists) for t in prep.infinite),
        probability_empty=probability_empty,
        converged=bool(batch.converged[0]),
        iterations=int(batch.iterations[0]),
    )


def _probability_empty(y: FloatArray, lists: Sequence[str], model: Model, term: int) -> float:
    without = tuple(t for t in model if t != term)
    fit = fit_counts(y, lists, without, with_probability_empty=False)
    lam = float(fit.fitted[containing(term, len(lists))].sum())
    return math.exp(-lam)


def fit_loglinear(
    table: OverlapTable,
    terms: Iterable[Sequence[str | int] | str] = (),
    *,
    check: bool = True,
) -> LoglinearFit:
    """Fit a Poisson log-linear model with the given interactions and estimate N.

    ``terms`` are interactions such as ``[("A", "B"), "B:C"]``; main effects
    and an intercept are always included, and lower-order interactions implied
    by a higher-order one are added (hierarchical models). With ``check`` the
    model first goes through SparseMSE's existence and identifiability check
    and :class:`ModelNotEstimableError` is raised if it fails.

    Assumptions: a closed population; perfect linkage between lists;
    capture on the lists independent and homogeneous given the interactions in
    the model (in particular, no interaction between all ``k`` lists).
    """
    model = parse_terms(table, terms)
    y = table.counts.astype(np.float64)
    if check:
        result = ExistenceChecker(table.k).check(y, model)
        if not result.ok:
            raise ModelNotEstimableError(model_label(model, table.lists), result)
    return fit_counts(y, table.lists, model)


def check_existence(
    table: OverlapTable, terms: Iterable[Sequence[str | int] | str] = ()
) -> ExistenceCheck:
    """SparseMSE's ``checkident`` for one model: return code 0 (fine), 1, 2 or 3.

    Bit 1: the Fienberg-Rinaldo linear program shows that the (extended)
    maximum likelihood estimate does not exist. Bit 2: the design matrix on
    the cells that remain after removing never-overlapping interactions is
    rank deficient, so the model is not identifiable.
    """
    model = parse_terms(table, terms)
    return ExistenceChecker(table.k).check(table.counts.astype(np.float64), model)
