"""An independent audit for the tests: every table cell its own variable, scipy's linprog.

It shares no code with the module under test beyond reading the tables:
each cell of each table is a separate unknown, the relations are written
out from the definitions (sums along additive axes, categories at most
their total along multi-response axes, equal cells for equal categories
of tables of one population, nested and same-count links), released cells
are fixed to their exact values and suppressed cells are at least
``floor``. The minimum and maximum of each suppressed cell come from
``scipy.optimize.linprog`` (dense, cold starts).
"""

from __future__ import annotations

from itertools import product

import numpy as np
import numpy.typing as npt
from scipy.optimize import linprog

from crossroads.stats.disclosure import TOTAL, CellRef, Nested, ProtectedTableSet, SameCount

Interval = tuple[float, float]


def exact_intervals(protected: ProtectedTableSet, floor: int) -> dict[CellRef, Interval]:
    tables = [t.table for t in protected.tables]
    offsets: dict[str, int] = {}
    n = 0
    for table in tables:
        offsets[table.name] = n
        n += table.cells.size

    def var(name: str, position: tuple[int, ...]) -> int:
        table = next(t for t in tables if t.name == name)
        return offsets[name] + int(np.ravel_multi_index(position, table.shape))

    eq: list[dict[int, float]] = []
    ub: list[dict[int, float]] = []
    for table in tables:
        for position in product(*(range(s) for s in table.shape)):
            for axis, dim in enumerate(table.dimensions):
                if position[axis] != dim.size:
                    continue
                parts = [
                    var(table.name, (*position[:axis], j, *position[axis + 1 :]))
                    for j in range(dim.size)
                ]
                total = var(table.name, position)
                if dim.additive:
                    row = {total: -1.0}
                    for p in parts:
                        row[p] = row.get(p, 0.0) + 1.0
                    eq.append(row)
                else:
                    ub.extend({p: 1.0, total: -1.0} for p in parts)
    described: dict[tuple[str, frozenset[tuple[str, str]]], list[int]] = {}
    for table in tables:
        for position in product(*(range(s) for s in table.shape)):
            codes = table.categories_at(position)
            key = frozenset(
                (d.name, c) for d, c in zip(table.dimensions, codes, strict=True) if c != TOTAL
            )
            described.setdefault((table.population, key), []).append(var(table.name, position))
    for same in described.values():
        eq.extend({same[0]: 1.0, other: -1.0} for other in same[1:])
    for link in protected.original.links:
        if isinstance(link, Nested):
            inner = next(t for t in tables if t.name == link.inner)
            for position in product(*(range(s) for s in inner.shape)):
                ub.append({var(link.inner, position): 1.0, var(link.outer, position): -1.0})
        elif isinstance(link, SameCount):
            a, b = link.first, link.second
            ta = next(t for t in tables if t.name == a.table)
            tb = next(t for t in tables if t.name == b.table)
            va = var(a.table, ta.position(a.categories))
            vb = var(b.table, tb.position(b.categories))
            eq.append({va: 1.0, vb: -1.0})

    bounds: list[tuple[float, float | None]] = []
    suppressed: list[tuple[CellRef, int]] = []
    for protected_table in protected.tables:
        table = protected_table.table
        mask = protected_table.suppressed
        for position in product(*(range(s) for s in table.shape)):
            if mask[position]:
                bounds.append((float(floor), None))
                ref = CellRef(table.name, table.categories_at(position))
                suppressed.append((ref, var(table.name, position)))
            else:
                value = float(table.cells[position])
                bounds.append((value, value))

    a_eq = _dense(eq, n)
    a_ub = _dense(ub, n)
    found: dict[CellRef, Interval] = {}
    for ref, v in suppressed:
        c = np.zeros(n)
        c[v] = 1.0
        low = linprog(c, A_ub=a_ub, b_ub=_zeros(a_ub), A_eq=a_eq, b_eq=_zeros(a_eq), bounds=bounds)
        high = linprog(
            -c, A_ub=a_ub, b_ub=_zeros(a_ub), A_eq=a_eq, b_eq=_zeros(a_eq), bounds=bounds
        )
        assert low.status == 0, low.message
        upper = np.inf if high.status == 3 else float(high.x[v])
        assert high.status in (0, 3), high.message
        found[ref] = (float(low.x[v]), upper)
    return found


def _dense(rows: list[dict[int, float]], n: int) -> npt.NDArray[np.float64] | None:
    if not rows:
        return None
    matrix = np.zeros((len(rows), n))
    for i, row in enumerate(rows):
        for j, value in row.items():
            matrix[i, j] = value
    return matrix


def _zeros(matrix: npt.NDArray[np.float64] | None) -> npt.NDArray[np.float64] | None:
    return None if matrix is None else np.zeros(matrix.shape[0])
