"""SparseMSE's stepwise choice of two-list interactions (``stepwisefit``).

Chan, Silverman & Vincent (2021, section 3.2). Start from the main-effects
model. In each cycle, for every pair (i, j) not yet in the model:

* ``lambda*`` is the current fit's expected number of people on both lists
  (its fitted means summed over the remaining cells that contain i and j);
* ``N*`` is the observed number of people on both lists;
* ``p = min(P(X <= N*), P(X >= N*))`` for ``X ~ Poisson(lambda*)``: a
  one-sided tail in the observed direction, not doubled;
* if adding the pair fails the existence check, ``p = 1``.

If the smallest ``p`` is at least ``pthresh`` the procedure stops; otherwise
the pair with the smallest ``p`` enters (ties go to the first pair in the
order (1,2), (1,3), ..., (2,3), ...) and the model is refitted. ``pthresh = 0``
gives main effects only; ``pthresh = 1`` gives all pairs if that model passes
the check. A never-overlapping pair has ``p = exp(-lambda*)``.

Only the candidates that could be chosen are checked, in increasing order of
``p``: a failed check sets ``p = 1``, which can only push a candidate out of
the running, so the first candidate below the threshold that passes is
exactly SparseMSE's choice. SparseMSE checks all candidates in every cycle;
the answer is the same and this saves most linear programs.

The procedure runs on many count vectors at once (bootstrap and jackknife
samples) in lock step: in each cycle the samples are grouped by current model
and removed cells, every group is fitted as one batch (see ``_glm``), and the
p-values of all samples and candidate pairs are computed in one array
expression.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import pdtr, pdtrc

from crossroads.stats.mse._existence import ExistenceChecker
from crossroads.stats.mse._fit import prepared_design
from crossroads.stats.mse._glm import fit_poisson_batch
from crossroads.stats.mse._terms import Model, design_columns, main_terms, pair_terms

FloatArray = npt.NDArray[np.float64]


@dataclass
class StepwiseResult:
    """Selected models (terms in order of entry) and population estimates, one per sample."""

    models: list[Model]
    estimates: FloatArray


def poisson_tail_pvalues(observed: FloatArray, expected: FloatArray) -> FloatArray:
    """``min(P(X <= N*), P(X >= N*))`` for ``X ~ Poisson(lambda*)``, elementwise."""
    lower = pdtr(observed, expected)
    upper = np.where(observed > 0, pdtrc(np.maximum(observed - 1, 0), expected), 1.0)
    return np.asarray(np.minimum(lower, upper), dtype=np.float64)


def choose_pair(
    pvalues: FloatArray, pthresh: float, passes_check: Callable[[int], bool]
) -> int | None:
    """The pair SparseMSE adds, or ``None`` to stop.

    Candidates are tried in increasing ``p``, equal values in pair order
    (a stable sort); the first below ``pthresh`` that passes the existence
    check is chosen. This equals SparseMSE's rule of setting ``p = 1`` for
    failing pairs and taking the first pair attaining the minimum.
    """
    for j in np.argsort(pvalues, kind="stable").tolist():
        if pvalues[j] >= pthresh:
            return None
        if passes_check(j):
            return int(j)
    return None


def stepwise_batch(
    y: FloatArray,
    k: int,
    pthresh: float,
    checker: ExistenceChecker | None = None,
) -> StepwiseResult:
    """Run the stepwise selection on every row of ``y`` (counts over all cells)."""
    y = np.atleast_2d(np.asarray(y, dtype=np.float64))
    n_samples = y.shape[0]
    checker = checker or ExistenceChecker(k)
    pairs = pair_terms(k)
    pair_cells = design_columns(pairs, k)
    observed = y @ pair_cells
    models: list[Model] = [() for _ in range(n_samples)]
    estimates = np.full(n_samples, np.nan)
    active = np.ones(n_samples, dtype=bool)
    coefs: list[dict[int, float]] = [{} for _ in range(n_samples)]

    if pthresh >= 1:
        for b in range(n_samples):
            if checker.check(y[b], pairs).ok:
                models[b] = pairs
                active[b] = False
        if not np.all(active):
            _fit_groups(y, k, models, ~active, estimates, coefs)
    if pthresh <= 0:
        _fit_groups(y, k, models, active, estimates, coefs)
        return StepwiseResult(models, estimates)

    for _cycle in range(len(pairs) + 1):
        if not np.any(active):
            break
        fitted = _fit_groups(y, k, models, active, estimates, coefs)
        rows = np.flatnonzero(active)
        expected = fitted[rows] @ pair_cells
        pvalues = poisson_tail_pvalues(observed[rows], expected)
        for r, b in enumerate(rows.tolist()):
            included = set(models[b])
            p = np.where([pair in included for pair in pairs], 1.0, pvalues[r])
            current = models[b]

            def passes(j: int, counts: FloatArray = y[b], base: Model = current) -> bool:
                return checker.check(counts, (*base, pairs[j])).ok

            j = choose_pair(p, pthresh, passes)
            if j is None:
                active[b] = False
            else:
                models[b] = (*current, pairs[j])
    return StepwiseResult(models, estimates)


def _fit_groups(
    y: FloatArray,
    k: int,
    models: list[Model],
    which: npt.NDArray[np.bool_],
    estimates: FloatArray,
    coefs: list[dict[int, float]],
) -> FloatArray:
    """Fit each selected sample's current model, in batches of identical designs.

    Returns fitted means over all cells (zero for removed cells) for every
    sample; rows not in ``which`` are left at zero. Coefficients are kept per
    sample as warm starts for the next, larger model.
    """
    fitted = np.zeros_like(y)
    mains = main_terms(k)
    every = (*mains, *pair_terms(k))
    index = {term: c for c, term in enumerate(every)}
    supports = y @ design_columns(every, k)
    groups: dict[tuple[Model, tuple[int, ...]], list[int]] = defaultdict(list)
    for b in np.flatnonzero(which).tolist():
        model = models[b]
        terms = (*mains, *model)
        # Which terms have no observed support; the supports of every main effect and pair
        # are computed once per sample (``supports``), not from a design per model.
        infinite = tuple(t for t in terms if supports[b, index[t]] <= 0)
        groups[(model, infinite)].append(b)
    for (model, infinite), members in groups.items():
        prep = prepared_design(k, model, infinite)
        start = np.zeros((len(members), 1 + len(prep.terms)))
        for r, b in enumerate(members):
            previous = coefs[b]
            if previous:
                start[r, 0] = previous.get(0, 0.0)
                for c, term in enumerate(prep.terms, start=1):
                    start[r, c] = previous.get(term, 0.0)
        warm = start if all(coefs[b] for b in members) else None
        batch = fit_poisson_batch(prep.design, y[members][:, prep.kept], beta0=warm)
        for r, b in enumerate(members):
            fitted[b, prep.kept] = batch.mu[r]
            estimates[b] = y[b].sum() + np.exp(batch.beta[r, 0])
            coefs[b] = {0: float(batch.beta[r, 0])}
            coefs[b].update(
                (term, float(batch.beta[r, c])) for c, term in enumerate(prep.terms, start=1)
            )
    return fitted
