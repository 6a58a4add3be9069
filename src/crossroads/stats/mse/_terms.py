"""Log-linear terms, design matrices and the catalogue of hierarchical models.

A term is a bit mask of lists, like a capture pattern: ``0b011`` is the
interaction of lists 1 and 2. A cell (capture pattern ``c``) loads on term
``T`` when it contains every list of the term, ``c & T == T``; so the
log-linear model is ``log mu_c = beta_0 + sum_{T subset of c} beta_T`` over
the terms in the model. Main effects are always in the model; a *model* is
the tuple of its interaction terms (order 2 or more), kept in the order they
entered (stepwise) or in canonical order (searches).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from itertools import combinations

import numpy as np
import numpy.typing as npt

from crossroads.stats.mse._parsing import OverlapTableError
from crossroads.stats.mse._table import OverlapTable

Model = tuple[int, ...]


def order(term: int) -> int:
    """The number of lists in a term."""
    return term.bit_count()


def lists_of(term: int, k: int) -> tuple[int, ...]:
    """The list indices in a term, ascending."""
    return tuple(j for j in range(k) if (term >> j) & 1)


def pair_terms(k: int) -> tuple[int, ...]:
    """All two-list terms in SparseMSE's order (1,2), (1,3), ..., (1,k), (2,3), ..."""
    return tuple((1 << i) | (1 << j) for i in range(k) for j in range(i + 1, k))


def term_name(term: int, lists: Sequence[str]) -> str:
    """``"A:B"`` for the interaction of lists A and B."""
    return ":".join(lists[j] for j in lists_of(term, len(lists)))


def canonical(terms: Iterable[int]) -> Model:
    """Terms sorted by order, then as SparseMSE orders pairs (lexicographic list indices)."""
    unique = set(terms)
    return tuple(sorted(unique, key=lambda t: (order(t), _lex_key(t))))


def _lex_key(term: int) -> tuple[int, ...]:
    return tuple(j for j in range(term.bit_length()) if (term >> j) & 1)


def hierarchical_closure(terms: Iterable[int]) -> Model:
    """Add every lower-order interaction implied by the terms (order >= 2 only)."""
    closed: set[int] = set()
    for term in terms:
        members = _lex_key(term)
        for size in range(2, len(members) + 1):
            for subset in combinations(members, size):
                closed.add(sum(1 << j for j in subset))
    return canonical(closed)


def parse_terms(table: OverlapTable, terms: Iterable[Sequence[str | int] | str]) -> Model:
    """Turn user terms (``("A", "B")``, ``"A:B"`` or ``(0, 1)``) into a closed model."""
    masks = []
    for raw in terms:
        parts: Sequence[str | int] = raw.split(":") if isinstance(raw, str) else raw
        indices = {table.index(p.strip() if isinstance(p, str) else p) for p in parts}
        if len(indices) < 2:
            raise OverlapTableError(
                "an interaction term needs at least two different lists", value=str(raw)
            )
        if len(indices) == table.k:
            raise OverlapTableError(
                "the interaction of all lists cannot be estimated (it involves the dark figure)",
                value=str(raw),
            )
        masks.append(sum(1 << j for j in indices))
    return hierarchical_closure(masks)


def model_label(model: Model, lists: Sequence[str]) -> str:
    """Hierarchical-class label with list names, e.g. ``"[LA:NG, PF]"``.

    Like Rcapture's ``[12,3]`` notation: the maximal terms, then lists that
    appear in no interaction.
    """
    k = len(lists)
    maximal = [t for t in model if not any(t != u and (t & u) == t for u in model)]
    covered = 0
    for term in maximal:
        covered |= term
    singles = [1 << j for j in range(k) if not (covered >> j) & 1]
    parts = [term_name(t, lists) for t in canonical(maximal)] + [
        lists[lists_of(s, k)[0]] for s in singles
    ]
    return "[" + ", ".join(parts) + "]"


def rcapture_label(model: Model, k: int) -> str:
    """Rcapture / MultipleSystemsEstimation label with list numbers, e.g. ``"[12,3]"``.

    Defined for up to nine lists (one digit per list).
    """
    if k > 9:
        return model_label(model, [str(j + 1) for j in range(k)])
    maximal = [t for t in model if not any(t != u and (t & u) == t for u in model)]
    covered = 0
    for term in maximal:
        covered |= term
    parts = ["".join(str(j + 1) for j in lists_of(t, k)) for t in canonical(maximal)]
    parts += [str(j + 1) for j in range(k) if not (covered >> j) & 1]
    return "[" + ",".join(parts) + "]"


@cache
def cell_patterns(k: int) -> npt.NDArray[np.int64]:
    """Patterns ``1 .. 2**k - 1`` (the rows of every design matrix)."""
    patterns = np.arange(1, 2**k, dtype=np.int64)
    patterns.setflags(write=False)
    return patterns


def containing(term: int, k: int) -> npt.NDArray[np.bool_]:
    """Which cells contain every list of ``term``."""
    patterns = cell_patterns(k)
    inside: npt.NDArray[np.bool_] = (patterns & term) == term
    return inside


def design_columns(terms: Sequence[int], k: int) -> npt.NDArray[np.float64]:
    """Columns for ``terms`` over all cells (``2**k - 1`` rows)."""
    patterns = cell_patterns(k)
    masks = np.asarray(terms, dtype=np.int64)
    if masks.size == 0:
        return np.zeros((patterns.size, 0))
    columns: npt.NDArray[np.float64] = (
        (patterns[:, None] & masks[None, :]) == masks[None, :]
    ).astype(np.float64)
    return columns


def main_terms(k: int) -> tuple[int, ...]:
    """The main-effect terms ``1, 2, 4, ...``."""
    return tuple(1 << j for j in range(k))


def full_design(model: Model, k: int) -> npt.NDArray[np.float64]:
    """Intercept, main effects and the model's interactions over all cells."""
    columns = design_columns((*main_terms(k), *model), k)
    return np.hstack([np.ones((columns.shape[0], 1)), columns])


def two_way_models(k: int) -> list[Model]:
    """Every model with main effects and any subset of pairs (``2**(k(k-1)/2)`` models)."""
    pairs = pair_terms(k)
    models: list[Model] = []
    for bits in range(2 ** len(pairs)):
        models.append(tuple(p for i, p in enumerate(pairs) if (bits >> i) & 1))
    return models


def hierarchical_models(k: int, max_order: int) -> list[Model]:
    """All hierarchical models with all main effects and interactions up to ``max_order``.

    Order 2 gives every subset of pairs; order 3 adds, for each subset of
    pairs, every subset of the triples whose three pairs are all present
    (113 models for four lists, as Rcapture's ``getAllModels(4)``). The
    all-lists interaction is never included: it is confounded with the dark
    figure, so the effective maximum order is ``k - 1``.
    """
    max_order = min(max_order, k - 1)
    if max_order <= 1:
        return [()]
    if max_order > 3:
        raise ValueError("models with interactions above order 3 are not enumerated")
    pair_models = two_way_models(k)
    if max_order == 2:
        return pair_models
    triples = [sum(1 << j for j in c) for c in combinations(range(k), 3)]
    models: list[Model] = []
    for pairs in pair_models:
        present = set(pairs)
        allowed = [t for t in triples if all(((t & ~(1 << j)) in present) for j in lists_of(t, k))]
        for bits in range(2 ** len(allowed)):
            chosen = [t for i, t in enumerate(allowed) if (bits >> i) & 1]
            models.append(canonical([*pairs, *chosen]))
    return models
