"""The choice of complementary cells for each primary cell.

For a primary cell ``i`` the search looks for the cheapest change ``y`` of
the tables that raises ``i`` by the required shift while keeping every
relation, every count non-negative (at least 1 for a non-zero cell) and
every released zero fixed::

    min  sum_j cost_j * |y_j|
    s.t. A y = 0,  G (x + y) <= 0,  y_j >= -(x_j - floor),  y_i >= shift

The cells with ``y_j != 0`` must be suppressed; ``x + y`` is then a table
consistent with everything released in which ``i`` reaches its required
upper bound. Suppressing further cells later only enlarges the set of
consistent tables, so this proof stays valid.

The search first works on a *scope*: a subset of the cells, every relation
touching them kept and every other cell held fixed, so that a change found
in a scope is a valid change of the whole set. Scopes, tried in turn:

1. for a cell of a single large table (more than ``BOX_LIMIT`` cells, e.g. a
   table with a group dimension added by aggregation), a *box*: along each
   axis, the cell's own category, the total, the largest few categories
   already suppressed in the cell's line and the smallest few released ones
   able to absorb the shift, crossed; these programs stay small;
2. all cells of the tables that contain ``i``;
3. for a cell of a table whose first dimension several tables share (the
   ``country`` of an aggregation by group, whose total is the network), a
   *slice*: in every such table, the cells of the cell's own group, of the
   total and of a few partner groups chosen as for a box, with all cells of
   the other tables; a change that must cross from one table to another
   through a shared margin is found there, without a program over every
   group (most groups are held fixed);
4. all cells linked to ``i`` by any chain of relations.

Scopes 2 and 4 keep one model each and re-solve it with warm starts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from crossroads.stats.disclosure._constraints import LinearConstraints
from crossroads.stats.disclosure._lp import (
    OPTIMAL,
    BoolArray,
    FloatArray,
    IndexArray,
    LinearProgram,
    blocks,
)

BOX_LIMIT = 500
"""Tables with more cells than this are searched in a box around the cell first."""

BOX_SPARE = 3
"""Suppressed, and released, categories per axis in a box besides the cell's own and the total."""

SLICE_SPARE = 3
"""Suppressed, and released, partner groups in a slice besides the cell's own and the total."""


@dataclass(frozen=True)
class Scope:
    """Variables a change may touch, and the program over ``[rises; falls]`` of them."""

    variables: IndexArray
    program: LinearProgram


class Complements:
    """Builds and caches scopes over one table set; finds the cheapest protecting change."""

    def __init__(
        self,
        constraints: LinearConstraints,
        values: FloatArray,
        leading: Sequence[str | None] = (),
        kept: BoolArray | None = None,
    ) -> None:
        """``leading[t]``: the name of table ``t``'s first dimension (None for none), in the
        order of ``constraints.cell_variables``; without it no slice scope is tried.
        ``kept``: cells to use as complements only when small scopes cannot do without
        them (the network's, when countries are protected with it)."""
        self.constraints = constraints
        self._kept = kept
        self.values = values
        # One column-wise matrix of all relations, equalities first, so that a
        # scope is a slice of columns.
        self._n_eq = constraints.equalities.shape[0]
        self._relations = sparse.csc_array(
            sparse.vstack([constraints.equalities, constraints.inequalities])
        )
        slack = -np.asarray(constraints.inequalities @ values, dtype=np.float64)
        self._row_upper = np.concatenate([np.zeros(self._n_eq), slack])
        self._row_lower = np.concatenate([np.zeros(self._n_eq), np.full(slack.size, -np.inf)])
        self._cached: dict[tuple[int, ...], Scope] = {}
        names = list(constraints.cell_variables)
        self._grids = [constraints.variables(name) for name in names]
        self._table_variables = [np.unique(grid) for grid in self._grids]
        self._tables_of: list[list[int]] = [[] for _ in range(constraints.n_variables)]
        for index, variables in enumerate(self._table_variables):
            for variable in variables.tolist():
                self._tables_of[variable].append(index)
        self._grouped = self._groupings(list(leading))
        self._component = blocks(sparse.csr_array(self._relations), constraints.n_variables)
        self.solves = 0

    def _scope(self, variables: IndexArray) -> Scope:
        """The program over rises and falls of ``variables``, every relation touching them kept."""
        columns = self._relations[:, variables]
        rows, local = np.unique(columns.indices, return_inverse=True)
        index = np.concatenate([local, local]).astype(np.int32)
        value = np.concatenate([columns.data, -columns.data])
        start = np.concatenate([columns.indptr, columns.indptr[1:] + columns.indptr[-1]])
        matrix = sparse.csc_array((value, index, start), shape=(rows.size, 2 * variables.size))
        m = variables.size
        program = LinearProgram(
            matrix,
            self._row_lower[rows],
            self._row_upper[rows],
            np.zeros(2 * m),
            np.full(2 * m, np.inf),
        )
        return Scope(variables, program)

    def scopes(self, variable: int, shift: float, suppressed: BoolArray) -> Iterator[Scope]:
        """The scopes to try for ``variable``, smallest first, each built only when reached.

        Kept cells (see :class:`Complements`) are left out of the box and
        of a first slice, so that a small scope does not settle on them when
        a larger one could avoid them; the table scope and the whole set,
        where costs choose, include them.
        """
        tables = tuple(self._tables_of[variable])
        size = sum(self._table_variables[t].size for t in tables)
        avoid = self._kept is not None and not self._kept[variable]
        if len(tables) == 1 and size > BOX_LIMIT:
            yield self._scope(self._without_kept(self._box(tables[0], variable, shift, suppressed)))
        if tables not in self._cached:
            own = np.unique(np.concatenate([self._table_variables[t] for t in tables]))
            self._cached[tables] = self._scope(own)
        yield self._cached[tables]
        sliced = self._slice(tables[0], variable, shift, suppressed)
        if sliced is not None:
            if avoid:
                yield self._scope(self._without_kept(sliced))
            yield self._scope(sliced)
        label = int(self._component[variable])
        key = (-1 - label,)
        if key not in self._cached:
            self._cached[key] = self._scope(np.flatnonzero(self._component == label))
        if self._cached[key].variables.size > self._cached[tables].variables.size:
            yield self._cached[key]

    def _without_kept(self, variables: IndexArray) -> IndexArray:
        if self._kept is None:
            return variables
        return variables[~self._kept[variables]]

    def _groupings(self, leading: list[str | None]) -> dict[int, list[int]]:
        """For each table whose first dimension at least one other table shares, those tables."""
        if len(leading) != len(self._grids):
            return {}
        by_name: dict[str, list[int]] = {}
        for index, name in enumerate(leading):
            if name is not None:
                by_name.setdefault(name, []).append(index)
        return {
            index: group
            for group in by_name.values()
            if len(group) > 1 and len({self._grids[t].shape[0] for t in group}) == 1
            for index in group
        }

    def _slice(
        self, table: int, variable: int, shift: float, suppressed: BoolArray
    ) -> IndexArray | None:
        """The slice scope of ``variable`` (see the module docstring), or None if it has none."""
        group = self._grouped.get(table)
        if group is None:
            return None
        grid = self._grids[table]
        position = self._position(table, variable)
        groups = self._axis_choice(grid, position, 0, shift, suppressed, SLICE_SPARE)
        grouped = set(group)
        parts = [self._grids[t][groups].ravel() for t in group]
        parts += [self._table_variables[t] for t in range(len(self._grids)) if t not in grouped]
        return np.unique(np.concatenate(parts))

    def _position(self, table: int, variable: int) -> tuple[int, ...]:
        grid = self._grids[table]
        flat = int(np.flatnonzero(grid.ravel() == variable)[0])
        return tuple(int(p) for p in np.unravel_index(flat, grid.shape))

    def _axis_choice(
        self,
        grid: IndexArray,
        position: tuple[int, ...],
        axis: int,
        shift: float,
        suppressed: BoolArray,
        spare_count: int = BOX_SPARE,
    ) -> IndexArray:
        """Categories of ``axis`` kept around ``position``: its own, the total (the last),
        the ``spare_count`` largest already suppressed in its line and the ``spare_count``
        smallest released ones able to absorb ``shift``."""
        here = position[axis]
        index: list[Any] = list(position)
        index[axis] = slice(None)
        line = grid[tuple(index)]
        keep = {here, line.size - 1}
        values = self.values[line]
        hidden = np.flatnonzero(suppressed[line])
        hidden = hidden[np.argsort(-values[hidden], kind="stable")][:spare_count]
        room = (values >= shift + 1) & ~suppressed[line]
        spare = np.flatnonzero(room)
        spare = spare[np.argsort(values[spare], kind="stable")][:spare_count]
        keep.update(hidden.tolist(), spare.tolist())
        return np.array(sorted(keep))

    def _box(self, table: int, variable: int, shift: float, suppressed: BoolArray) -> IndexArray:
        grid = self._grids[table]
        position = self._position(table, variable)
        axes = [
            self._axis_choice(grid, position, axis, shift, suppressed) for axis in range(grid.ndim)
        ]
        return np.unique(grid[np.ix_(*axes)])

    def cheapest_change(
        self,
        scope: Scope,
        variable: int,
        shift: float,
        cost: FloatArray,
        can_fall: FloatArray,
        can_rise: BoolArray,
    ) -> FloatArray | None:
        """The cheapest change of the scope's variables raising ``variable`` by ``shift``.

        ``cost``, ``can_fall`` and ``can_rise`` are over all variables.
        Returns None when the scope admits no such change.
        """
        members = scope.variables
        m = members.size
        target = int(np.searchsorted(members, variable))
        upper = np.concatenate([np.where(can_rise[members], np.inf, 0.0), can_fall[members]])
        lower = np.zeros(2 * m)
        lower[target] = shift
        upper[m + target] = 0.0
        program = scope.program
        program.set_costs(np.concatenate([cost[members], cost[members]]))
        program.set_bounds(lower, upper)
        status, solution = program.minimise()
        self.solves += 1
        if status != OPTIMAL or solution is None:
            return None
        change: FloatArray = solution[:m] - solution[m:]
        return change
