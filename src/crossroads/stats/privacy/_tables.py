"""Differentially private tables of counts: noise on the free cells, then consistency.

A table's **free cells** are those at a category of every additive
dimension, and at a category or the total of every multi-response one (a
multi-response total counts persons and is not the sum of its categories,
so it must be measured on its own). Every other cell is a total along some
additive dimension, the sum of free cells. Adding or removing one person
changes one free cell per position of each multi-response dimension it
touches, so the table's L1 sensitivity is the product of ``n + 1`` over its
multi-response dimensions of ``n`` categories (1 for an additive table).

:func:`privatize` adds discrete Laplace noise (OpenDP) to the free cells
only, then post-processes them, which spends no budget:

1. **Least-squares projection.** The free cells are split into groups that
   partition persons (every free cell sharing the same multi-response
   positions). Within each group, the noisy cells ``y`` are replaced by the
   non-negative ``x`` closest to them in squared error whose sum is the noisy
   group total ``max(sum(y), 0)``: ``x = max(y - θ, 0)`` with the one ``θ``
   that gives that sum (the Euclidean projection onto a scaled simplex).
   Where no noisy cell is negative this changes nothing.
2. **Rounding that keeps the sum.** Each ``x`` is rounded down, and the units
   lost are given back one each to the cells with the largest remainders, so
   the integers still add up to the group total.
3. **Totals by addition.** Every total along an additive dimension is the
   sum of its rounded cells, so every margin adds up exactly; a
   multi-response total is raised to its largest category where noise left
   it below.

Each cell's stated error margin is the half-width of the interval that
holds the noise of the sum of free cells it counts with probability 0.95
(:meth:`DiscreteLaplace.margin`), i.e. the margin before post-processing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np
import numpy.typing as npt

from crossroads.stats.disclosure import Dimension, Table
from crossroads.stats.privacy._mechanism import LEVEL, MECHANISM, DiscreteLaplace, IntArray

FloatArray = npt.NDArray[np.float64]
Noise = Callable[[DiscreteLaplace, Sequence[int]], Sequence[int]]


@dataclass(frozen=True)
class PrivateTable:
    """A table of differentially private counts with what produced them."""

    table: Table
    """Non-negative counts whose additive totals add up."""
    epsilon: float
    sensitivity: int
    mechanism: DiscreteLaplace
    margins: IntArray
    """The 95% error margin of every cell (same shape as ``table.cells``)."""
    level: float = LEVEL

    @property
    def method(self) -> dict[str, object]:
        """What produced the counts, as stored with a released table."""
        return {
            "name": MECHANISM,
            "epsilon": self.epsilon,
            "sensitivity": self.sensitivity,
            "scale": self.mechanism.scale,
            "level": self.level,
            "margin": int(self.margins.flat[0]) if self.margins.size else 0,
        }

    def margin(self, *categories: str) -> int:
        """The error margin of one cell."""
        return int(self.margins[self.table.position(categories)])


def sensitivity(dimensions: Sequence[Dimension]) -> int:
    """The L1 sensitivity of a table's free cells (see the module docstring)."""
    result = 1
    for dimension in dimensions:
        if not dimension.additive:
            result *= dimension.size + 1
    return result


def free_cells(table: Table) -> IntArray:
    """The table's free cells, in an array of one axis per dimension."""
    index = tuple(
        slice(0, d.size) if d.additive else slice(0, d.size + 1) for d in table.dimensions
    )
    return np.array(table.cells[index], dtype=np.int64)


def privatize(
    table: Table, epsilon: float, *, level: float = LEVEL, noise: Noise | None = None
) -> PrivateTable:
    """``table`` with ``epsilon``-differentially private counts (see the module docstring).

    ``noise`` draws the noisy counts (OpenDP's discrete Laplace unless given:
    a simulation may pass a seeded sampler of the same distribution).
    """
    delta = sensitivity(table.dimensions)
    mechanism = DiscreteLaplace.for_budget(epsilon, delta)
    exact = free_cells(table)
    draw = noise or (lambda m, counts: m.sample(counts))
    noisy = np.array(draw(mechanism, exact.ravel().tolist()), dtype=np.int64).reshape(exact.shape)
    cells = consistent(noisy, table.dimensions)
    private = Table(table.name, table.population, table.dimensions, cells)
    return PrivateTable(
        table=private,
        epsilon=epsilon,
        sensitivity=delta,
        mechanism=mechanism,
        margins=margins(table.dimensions, mechanism, level),
        level=level,
    )


def consistent(noisy: npt.ArrayLike, dimensions: Sequence[Dimension]) -> IntArray:
    """The extended array of non-negative, additive counts closest to noisy free cells
    (steps 1 to 3 of the module docstring)."""
    free = np.asarray(noisy, dtype=np.float64)
    additive_axes = tuple(i for i, d in enumerate(dimensions) if d.additive)
    multi_axes = [i for i, d in enumerate(dimensions) if not d.additive]
    rounded = np.zeros(free.shape, dtype=np.int64)
    # One group per combination of multi-response positions: its cells partition persons.
    for positions in product(*(range(free.shape[i]) for i in multi_axes)):
        index: list[int | slice] = [slice(None)] * free.ndim
        for axis, position in zip(multi_axes, positions, strict=True):
            index[axis] = position
        group = free[tuple(index)]
        target = max(round(float(group.sum())), 0)
        rounded[tuple(index)] = _round_keeping_sum(_project(group.ravel(), target), target).reshape(
            group.shape
        )
    for axis in multi_axes:
        size = dimensions[axis].size
        categories = np.take(rounded, range(size), axis=axis)
        total = np.take(rounded, [size], axis=axis)
        raised = np.maximum(total, categories.max(axis=axis, keepdims=True))
        rounded = np.concatenate([categories, raised], axis=axis)
    cells = rounded
    for axis in additive_axes:
        cells = np.concatenate([cells, cells.sum(axis=axis, keepdims=True)], axis=axis)
    return cells


def _project(values: FloatArray, total: float) -> FloatArray:
    """The Euclidean projection of ``values`` onto ``{x >= 0, sum(x) = total}``."""
    if total <= 0 or values.size == 0:
        return np.zeros_like(values)
    ordered = np.sort(values)[::-1]
    cumulative = np.cumsum(ordered) - total
    ranks = np.arange(1, values.size + 1)
    fits = ordered - cumulative / ranks > 0
    last = int(np.nonzero(fits)[0][-1])
    theta = cumulative[last] / (last + 1)
    projected: FloatArray = np.maximum(values - theta, 0.0)
    return projected


def _round_keeping_sum(values: FloatArray, total: int) -> IntArray:
    """Integers within one of ``values`` that add up to ``total`` (largest remainders)."""
    floors = np.floor(values + 1e-9).astype(np.int64)
    missing = total - int(floors.sum())
    if missing > 0:
        order = np.argsort(-(values - floors), kind="stable")
        floors[order[:missing]] += 1
    elif missing < 0:
        order = np.argsort(values - floors, kind="stable")
        candidates = [i for i in order if floors[i] > 0][:-missing]
        floors[candidates] -= 1
    return floors


def margins(dimensions: Sequence[Dimension], mechanism: DiscreteLaplace, level: float) -> IntArray:
    """The error margin of every cell of the extended array: a cell at the total of a set of
    additive dimensions adds the free cells of all their categories."""
    shape = tuple(d.size + 1 for d in dimensions)
    out = np.zeros(shape, dtype=np.int64)
    known: dict[int, int] = {}
    for position in product(*(range(n) for n in shape)):
        terms = 1
        for dimension, index in zip(dimensions, position, strict=True):
            if dimension.additive and index == dimension.size:
                terms *= dimension.size
        if terms not in known:
            known[terms] = mechanism.margin(max(terms, 1), level) if terms else 0
        out[position] = known[terms]
    return out
