"""The linear relations an outsider knows between the cells of a table set.

Every cell of every table becomes a *variable*; cells that count the same
persons become the same variable. Within one population the cell of a
table is identified by the categories it fixes ("persons with sex=F and
age=18-20"), the dimensions summed over being at their total; two tables of
one population that fix the same categories of equally named dimensions
count the same persons. This single rule covers the shared grand total, a
sex margin shared by "sex x age" and "sex x citizenship", and a two-way
margin of a three-way table equal to a two-way table. :class:`SameCount`
adds identifications across populations.

The relations themselves:

* equalities ``total - sum(categories) = 0`` along every additive axis of
  every table, at every position of the other axes (totals included);
* inequalities ``category <= total`` along every multi-response axis (a
  person counted in a category is counted in the total) and
  ``inner <= outer`` for each cell of a :class:`Nested` pair;
* non-negativity, applied by the solvers.

Not modelled: relations between different years or publications, structural
zeros (impossible combinations), and any other knowledge an outsider may
bring; see ``docs/disclosure-control.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from crossroads.stats.disclosure._model import IntArray, Table, TableError
from crossroads.stats.rows import distinct_rows

IndexArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class CellRef:
    """One cell of a named table, by its category codes (``TOTAL`` for a total)."""

    table: str
    categories: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))

    def __str__(self) -> str:
        return f"{self.table}[{', '.join(self.categories)}]"


@dataclass(frozen=True)
class Nested:
    """Every count of table ``inner`` is at most the matching count of table ``outer``.

    For nested subpopulations such as compensation awarded within
    compensation claimed, or residence permits granted within those applied
    for. Both tables must have the same dimensions and categories.
    """

    inner: str
    outer: str


@dataclass(frozen=True)
class SameCount:
    """Two cells, usually of different populations, count the same persons.

    For example the total of "labour sector" (population: persons in labour
    exploitation) equals the "labour" cell of "form of exploitation".
    """

    first: CellRef
    second: CellRef


Link = Nested | SameCount


@dataclass(frozen=True, eq=False)
class LinearConstraints:
    """The compiled relations of a table set over its variables.

    ``equalities`` is a sparse ``m x n`` matrix ``A`` with ``A @ x = 0`` and
    ``inequalities`` a sparse ``k x n`` matrix ``G`` with ``G @ x <= 0``
    (each row is ``x_a - x_b``), ``n`` being ``n_variables``.
    ``cell_variables[name]`` has the shape of the table's extended array and
    gives the variable of each cell. ``levels[v]`` is the largest number of
    total positions among the cells of variable ``v`` (0 for an interior
    cell, the number of dimensions for a grand total).
    """

    n_variables: int
    equalities: Any
    inequalities: Any
    cell_variables: Mapping[str, IndexArray]
    levels: IntArray
    tables: tuple[Table, ...]

    def variables(self, table: str) -> IndexArray:
        """Variable of each cell of ``table``, shaped like its extended array."""
        try:
            return self.cell_variables[table]
        except KeyError:
            raise TableError(f"no table {table!r} in these constraints") from None

    def describe(self, variable: int) -> str:
        """A readable location of a variable: its first table and categories."""
        # Found when asked (for messages): locating every variable up front took most of
        # the time of building a member's table set.
        for table in self.tables:
            found = np.flatnonzero(self.cell_variables[table.name].reshape(-1) == variable)
            if found.size:
                position = np.unravel_index(int(found[0]), table.shape)
                return str(CellRef(table.name, table.categories_at(position)))
        raise TableError(f"no variable {variable} in these constraints")


def _population_keys(tables: Sequence[Table]) -> list[npt.NDArray[np.int64]]:
    """One key row per cell: for each dimension name of the population, its category or -1."""
    names = sorted({d.name for t in tables for d in t.dimensions})
    keys = []
    for table in tables:
        grid = np.indices(table.shape).reshape(len(table.dimensions), -1)
        key = np.full((grid.shape[1], len(names)), -1, dtype=np.int64)
        for axis, dimension in enumerate(table.dimensions):
            position = grid[axis]
            key[:, names.index(dimension.name)] = np.where(position == dimension.size, -1, position)
        keys.append(key)
    return keys


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _identify(tables: Sequence[Table], links: Sequence[Link]) -> list[IndexArray]:
    """Variable ids per table (flat, row-major), shared cells identified."""
    by_population: dict[str, list[int]] = {}
    for index, table in enumerate(tables):
        by_population.setdefault(table.population, []).append(index)
    flat: list[IndexArray] = [np.empty(0, dtype=np.intp)] * len(tables)
    count = 0
    for members in by_population.values():
        keys = _population_keys([tables[i] for i in members])
        _, inverse, _ = distinct_rows(np.concatenate(keys))
        start = 0
        for i, key in zip(members, keys, strict=True):
            flat[i] = inverse[start : start + len(key)] + count
            start += len(key)
        count += int(inverse.max()) + 1
    same = [link for link in links if isinstance(link, SameCount)]
    if not same:
        return flat
    by_name = {t.name: i for i, t in enumerate(tables)}
    union = _UnionFind(count)
    for link in same:
        a, b = (_flat_variable(tables, by_name, flat, ref) for ref in (link.first, link.second))
        union.union(a, b)
    roots = np.array([union.find(v) for v in range(count)], dtype=np.intp)
    _, compact = np.unique(roots, return_inverse=True)
    return [compact.reshape(-1).astype(np.intp)[ids] for ids in flat]


def _flat_variable(
    tables: Sequence[Table], by_name: Mapping[str, int], flat: Sequence[IndexArray], ref: CellRef
) -> int:
    table = tables[by_name[ref.table]]
    position = table.position(ref.categories)
    return int(flat[by_name[ref.table]][np.ravel_multi_index(position, table.shape)])


def _assign_values(tables: Sequence[Table], flat: Sequence[IndexArray], n: int) -> IntArray:
    values = np.zeros(n, dtype=np.int64)
    for table, ids in zip(tables, flat, strict=True):
        values[ids] = table.cells.reshape(-1)
    for table, ids in zip(tables, flat, strict=True):
        clash = values[ids] != table.cells.reshape(-1)
        if clash.any():
            _raise_disagreement(tables, flat, int(ids[int(np.argmax(clash))]))
    return values


def _raise_disagreement(tables: Sequence[Table], flat: Sequence[IndexArray], variable: int) -> None:
    seen: list[tuple[CellRef, int]] = []
    for table, ids in zip(tables, flat, strict=True):
        for k in np.flatnonzero(ids == variable).tolist():
            ref = CellRef(table.name, table.categories_at(np.unravel_index(k, table.shape)))
            seen.append((ref, int(table.cells.reshape(-1)[k])))
    first = seen[0]
    other = next(item for item in seen if item[1] != first[1])
    raise TableError(
        f"{first[0]} counts {first[1]} persons but {other[0]} counts {other[1]}; "
        "they describe the same persons and must agree"
    )


def _rows_to_matrix(rows: Sequence[tuple[tuple[int, int], ...]], n: int) -> Any:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.array([v for row in rows for v, _ in row], dtype=np.int64)
    data = np.array([c for row in rows for _, c in row], dtype=np.float64)
    return sparse.csr_array((data, indices, indptr), shape=(len(rows), n))


def _canonical(
    variables: Sequence[int], coefficients: Sequence[int]
) -> tuple[tuple[int, int], ...]:
    merged: dict[int, int] = {}
    for v, c in zip(variables, coefficients, strict=True):
        merged[v] = merged.get(v, 0) + c
    return tuple(sorted((v, c) for v, c in merged.items() if c))


def compile_constraints(
    tables: Sequence[Table], links: Sequence[Link]
) -> tuple[LinearConstraints, IntArray]:
    """Build the constraints of a table set and the value of every variable.

    Raises :class:`TableError` when two cells identified as the same
    persons disagree, or when a :class:`Nested` pair is violated.
    """
    flat = _identify(tables, links)
    n = int(max(int(ids.max()) for ids in flat)) + 1
    levels = np.zeros(n, dtype=np.int64)
    for table, ids in zip(tables, flat, strict=True):
        sizes = np.array([d.size for d in table.dimensions])
        at_total = (np.indices(table.shape).reshape(len(sizes), -1) == sizes[:, None]).sum(axis=0)
        np.maximum.at(levels, ids, at_total)
    values = _assign_values(tables, flat, n)

    cell_variables: dict[str, IndexArray] = {}
    equalities: dict[tuple[tuple[int, int], ...], None] = {}
    inequalities: dict[tuple[int, int], None] = {}
    for table, ids in zip(tables, flat, strict=True):
        grid = ids.reshape(table.shape)
        grid.setflags(write=False)
        cell_variables[table.name] = grid
        for axis, dimension in enumerate(table.dimensions):
            lines = np.moveaxis(grid, axis, -1).reshape(-1, dimension.size + 1)
            for line in lines.tolist():
                if dimension.additive:
                    row = _canonical(line, [-1] * dimension.size + [1])
                    if row:
                        equalities[row] = None
                else:
                    for part in line[:-1]:
                        if part != line[-1]:
                            inequalities[(part, line[-1])] = None
    by_name = {t.name: t for t in tables}
    for link in links:
        if isinstance(link, Nested):
            inner, outer = by_name[link.inner], by_name[link.outer]
            bad = inner.cells > outer.cells
            if bad.any():
                at = tuple(int(i) for i in np.argwhere(bad)[0])
                small = CellRef(inner.name, inner.categories_at(at))
                large = CellRef(outer.name, outer.categories_at(at))
                raise TableError(
                    f"{small} ({int(inner.cells[at])}) exceeds {large} ({int(outer.cells[at])}) "
                    "although it is declared nested in it"
                )
            for a, b in zip(
                cell_variables[link.inner].ravel().tolist(),
                cell_variables[link.outer].ravel().tolist(),
                strict=True,
            ):
                if a != b:
                    inequalities[(a, b)] = None
    ineq_rows = [((a, 1), (b, -1)) if a < b else ((b, -1), (a, 1)) for a, b in inequalities]
    constraints = LinearConstraints(
        n_variables=n,
        equalities=_rows_to_matrix(list(equalities), n),
        inequalities=_rows_to_matrix(ineq_rows, n),
        cell_variables=cell_variables,
        levels=levels,
        tables=tuple(tables),
    )
    return constraints, values
