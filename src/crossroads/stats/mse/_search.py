"""Exhaustive search over hierarchical log-linear models by AIC or BIC.

This is what Rcapture's ``closedpMS.t`` and MultipleSystemsEstimation's
``estimate_population(method = "bic")`` do (Baillargeon & Rivest 2007;
Silverman, Chan & Vincent 2024): fit every hierarchical model with all main
effects and interactions up to a maximum order, and rank them by an
information criterion. With two-way interactions there are
``2**(k(k-1)/2)`` models (1,024 for five lists, 32,768 for six); with
interactions up to order three there are 113 models for four lists and 6,212
for five.

As in MultipleSystemsEstimation, interactions with no observed support are
set to minus infinity (extended MLE) and still count as parameters in the
criterion, and every model goes through the existence and identifiability
check before it can be chosen; models that fail it are not ranked (Rcapture
does neither and lets such parameters diverge).

Speed. The check is monotone: for a fixed set of never-overlapping terms
(hence a fixed set of removed cells), dropping an overlapping interaction
keeps a strictly positive solution of the linear program and a full-rank
design (CSV21, section 2.7). Models are checked from the largest down, and a
model contained in one that passed is passed without solving a program. The
fits themselves run in batches of a few thousand models over one shared
design (see ``_glm``), with columns switched on and off per model.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crossroads.stats.mse._existence import ExistenceChecker
from crossroads.stats.mse._glm import batch_information, fit_poisson_batch
from crossroads.stats.mse._terms import (
    Model,
    canonical,
    containing,
    design_columns,
    hierarchical_models,
    main_terms,
)

FloatArray = npt.NDArray[np.float64]

MAX_LISTS_ORDER_2 = 6
MAX_LISTS_ORDER_3 = 5
_CHUNK = 2048


@dataclass(frozen=True)
class SearchResult:
    """Every admissible model with its estimate and criteria (arrays aligned with ``models``)."""

    models: list[Model]
    population_size: FloatArray
    log_dark_figure_se: FloatArray
    aic: FloatArray
    bic: FloatArray
    deviance: FloatArray
    df_resid: npt.NDArray[np.int64]
    n_rejected: int
    n_models: int

    def criterion(self, name: str) -> FloatArray:
        return self.aic if name == "aic" else self.bic

    def best(self, name: str) -> int:
        """Index of the smallest criterion (first in enumeration order on ties)."""
        return int(np.argmin(self.criterion(name)))

    def weights(self, name: str) -> FloatArray:
        """Akaike/Schwarz weights ``exp(-delta/2)``, normalised over admissible models."""
        values = self.criterion(name)
        delta = values - values.min()
        w = np.exp(-0.5 * delta)
        return np.asarray(w / w.sum(), dtype=np.float64)


def search_models(
    y: FloatArray,
    k: int,
    max_order: int = 2,
    *,
    checker: ExistenceChecker | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SearchResult:
    """Fit and score every hierarchical model up to ``max_order`` for counts ``y``."""
    if max_order >= 3 and k > MAX_LISTS_ORDER_3:
        raise ValueError(
            f"the search over models with three-list interactions is limited to "
            f"{MAX_LISTS_ORDER_3} lists ({k} given)"
        )
    if k > MAX_LISTS_ORDER_2 and max_order >= 2:
        raise ValueError(
            f"the exhaustive search over two-list models is limited to {MAX_LISTS_ORDER_2} lists "
            f"({k} given: 2**{k * (k - 1) // 2} models); use the stepwise method"
        )
    checker = checker or ExistenceChecker(k)
    candidates = hierarchical_models(k, max_order)
    admissible = _admissible(y, k, candidates, checker)
    models = [m for m, ok in zip(candidates, admissible, strict=True) if ok]
    universe = canonical({t for m in candidates for t in m})
    terms = (*main_terms(k), *universe)
    position = {t: c for c, t in enumerate(terms, start=1)}
    columns = design_columns(terms, k)
    x = np.hstack([np.ones((columns.shape[0], 1)), columns])
    totals = y @ columns
    sparse = {t for t, total in zip(terms, totals, strict=True) if total <= 0}
    n_obs = float(y.sum())
    size = np.empty(len(models))
    se = np.empty(len(models))
    loglik = np.empty(len(models))
    deviance = np.empty(len(models))
    df = np.empty(len(models), dtype=np.int64)
    n_par = np.array([1 + k + len(m) for m in models], dtype=np.float64)
    for start in range(0, len(models), _CHUNK):
        chunk = models[start : start + _CHUNK]
        cols = np.zeros((len(chunk), x.shape[1]))
        keep = np.ones((len(chunk), x.shape[0]))
        cols[:, 0] = 1.0
        for r, model in enumerate(chunk):
            for term in (*main_terms(k), *model):
                if term in sparse:
                    keep[r] *= ~containing(term, k)
                else:
                    cols[r, position[term]] = 1.0
        fit = fit_poisson_batch(x, np.broadcast_to(y, keep.shape), cell_mask=keep, col_mask=cols)
        info = batch_information(x, fit.mu, cols)
        inverse = np.linalg.inv(info)
        stop = start + len(chunk)
        size[start:stop] = n_obs + np.exp(fit.beta[:, 0])
        se[start:stop] = np.sqrt(np.clip(inverse[:, 0, 0], 0.0, None))
        loglik[start:stop] = fit.loglik
        deviance[start:stop] = fit.deviance
        df[start:stop] = keep.sum(axis=1).astype(np.int64) - cols.sum(axis=1).astype(np.int64)
        if progress is not None:
            progress(stop, len(models))
    return SearchResult(
        models=models,
        population_size=size,
        log_dark_figure_se=se,
        aic=-2.0 * loglik + 2.0 * n_par,
        bic=-2.0 * loglik + math.log(n_obs) * n_par,
        deviance=deviance,
        df_resid=df,
        n_rejected=len(candidates) - len(models),
        n_models=len(candidates),
    )


def _admissible(
    y: FloatArray, k: int, candidates: list[Model], checker: ExistenceChecker
) -> list[bool]:
    """Existence and identifiability of every candidate, using monotonicity within families."""
    families: dict[tuple[int, ...], list[int]] = defaultdict(list)
    universe = {t for m in candidates for t in m}
    sparse_terms = {t for t in universe if not np.any(y[containing(t, k)] > 0)}
    for index, model in enumerate(candidates):
        families[tuple(t for t in model if t in sparse_terms)].append(index)
    result = [False] * len(candidates)
    for members in families.values():
        passed: list[frozenset[int]] = []
        for index in sorted(members, key=lambda i: -len(candidates[i])):
            model = candidates[index]
            overlapping = frozenset(t for t in model if t not in sparse_terms)
            if any(overlapping <= good for good in passed):
                result[index] = True
                continue
            if checker.check(y, model).ok:
                result[index] = True
                passed.append(overlapping)
    return result
