"""Model choice by AIC or BIC repeated on many count tables at once (bootstrap, jackknife).

Silverman, Chan & Vincent (2024) account for the choice of model by
repeating it in every bootstrap replicate: the replicate's estimate is that
of its own best model (or, for model averaging, its own weighted average).
Searching every hierarchical model in every replicate is exact but costly
(models x replicates fits), so they also restrict the choice in each
replicate to the ``n_top`` best models of the original data; both are
offered here (``n_top = 0`` is every model).

Which models pass the existence check, and which interactions sit at minus
infinity, depend only on which cells are positive; replicates are therefore
grouped by their positive cells, each group is checked once, and all its
replicates are fitted against all its admissible models in a few large
batches (see ``_glm``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crossroads.stats.mse._existence import ExistenceChecker
from crossroads.stats.mse._glm import fit_poisson_batch
from crossroads.stats.mse._search import _admissible
from crossroads.stats.mse._terms import Model, canonical, containing, design_columns, main_terms

FloatArray = npt.NDArray[np.float64]

#: Fits per batch (rows of one call of the batched IRLS): large enough to amortise the
#: Python overhead, small enough to stay in cache-friendly memory.
_BATCH = 8192
#: More fits than this (models x replicates) for a full re-selection is refused.
MAX_FITS = 2_000_000


@dataclass
class SearchSpace:
    """The candidate models and their shared design."""

    k: int
    models: list[Model]
    terms: tuple[int, ...]
    x: FloatArray
    position: dict[int, int]
    columns: FloatArray

    @classmethod
    def of(cls, k: int, models: list[Model]) -> SearchSpace:
        universe = canonical({t for m in models for t in m})
        terms = (*main_terms(k), *universe)
        columns = design_columns(terms, k)
        x = np.hstack([np.ones((columns.shape[0], 1)), columns])
        return cls(k, models, terms, x, {t: c for c, t in enumerate(terms, start=1)}, columns)

    def masks(self, y: FloatArray, models: list[Model]) -> tuple[FloatArray, FloatArray]:
        """Column and cell masks of ``models`` for counts with the support of ``y``."""
        totals = y @ self.columns
        sparse = {t for t, total in zip(self.terms, totals, strict=True) if total <= 0}
        cols = np.zeros((len(models), self.x.shape[1]))
        keep = np.ones((len(models), self.x.shape[0]))
        cols[:, 0] = 1.0
        for r, model in enumerate(models):
            for term in (*main_terms(self.k), *model):
                if term in sparse:
                    keep[r] *= ~containing(term, self.k)
                else:
                    cols[r, self.position[term]] = 1.0
        return cols, keep


def select_many(
    samples: FloatArray,
    space: SearchSpace,
    *,
    criterion: str,
    average: bool,
    checker: ExistenceChecker,
) -> tuple[FloatArray, list[Model]]:
    """The chosen (or averaged) estimate of every row of ``samples``, and the chosen model.

    A row on which no candidate passes the existence check gets ``nan`` and
    the empty model.
    """
    n_rows = samples.shape[0]
    estimates = np.full(n_rows, np.nan)
    chosen: list[Model] = [() for _ in range(n_rows)]
    groups: dict[bytes, list[int]] = defaultdict(list)
    for row in range(n_rows):
        groups[np.packbits(samples[row] > 0).tobytes()].append(row)
    for rows in groups.values():
        first = samples[rows[0]]
        admissible = _admissible(first, space.k, space.models, checker)
        models = [m for m, ok in zip(space.models, admissible, strict=True) if ok]
        if not models:
            continue
        cols, keep = space.masks(first, models)
        n_par = np.array([1 + space.k + len(m) for m in models], dtype=np.float64)
        y = samples[rows]
        n_obs = y.sum(axis=1)
        size = np.empty((len(rows), len(models)))
        loglik = np.empty((len(rows), len(models)))
        per_call = max(1, _BATCH // len(rows))
        for start in range(0, len(models), per_call):
            stop = min(start + per_call, len(models))
            count = stop - start
            fit = fit_poisson_batch(
                space.x,
                np.tile(y, (count, 1)),
                cell_mask=np.repeat(keep[start:stop], len(rows), axis=0),
                col_mask=np.repeat(cols[start:stop], len(rows), axis=0),
            )
            size[:, start:stop] = (n_obs[None, :] + np.exp(fit.beta[:, 0]).reshape(count, -1)).T
            loglik[:, start:stop] = fit.loglik.reshape(count, -1).T
        penalty = 2.0 if criterion == "aic" else np.log(n_obs)[:, None]
        values = -2.0 * loglik + penalty * n_par[None, :]
        best = np.argmin(values, axis=1)
        for r, row in enumerate(rows):
            chosen[row] = models[int(best[r])]
        if average:
            weights = np.exp(-0.5 * (values - values.min(axis=1, keepdims=True)))
            weights /= weights.sum(axis=1, keepdims=True)
            estimates[rows] = n_obs + np.sum(weights * (size - n_obs[:, None]), axis=1)
        else:
            estimates[rows] = size[np.arange(len(rows)), best]
    return estimates, chosen


def check_budget(n_models: int, n_boot: int, n_observed_patterns: int) -> None:
    """Refuse a full re-selection bootstrap that would take far too long."""
    fits = n_models * (n_boot + n_observed_patterns)
    if fits > MAX_FITS:
        raise ValueError(
            f"re-selecting among all {n_models:,} models in each of {n_boot:,} bootstrap "
            f"replicates means {fits:,} model fits; restrict the choice to the best models "
            f"(n_top, e.g. 20) or use fewer replicates"
        )


def top_models(models: list[Model], values: FloatArray, n_top: int) -> list[Model]:
    """The ``n_top`` models with the smallest criterion (all when ``n_top`` is 0)."""
    if n_top <= 0 or n_top >= len(models):
        return list(models)
    order = np.argsort(values, kind="stable")[:n_top]
    return [models[int(i)] for i in order]
