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
   axis, the cell's own category, the total, categories already suppressed
   in the cell's lines and the few smallest categories able to absorb the
   shift, crossed; these programs stay small;
2. all cells of the tables that contain ``i``;
3. all cells linked to ``i`` by any chain of relations.

Scopes 2 and 3 keep one model each and re-solve it with warm starts.
"""

from __future__ import annotations

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
"""Spare categories per axis in a box, besides the cell's own, the total and suppressed ones."""


@dataclass(frozen=True)
class Scope:
    """Variables a change may touch, and the program over ``[rises; falls]`` of them."""

    variables: IndexArray
    program: LinearProgram


class Complements:
    """Builds and caches scopes over one table set; finds the cheapest protecting change."""

    def __init__(self, constraints: LinearConstraints, values: FloatArray) -> None:
        self.constraints = constraints
        self.values = values
        self._eq_columns = sparse.csc_array(constraints.equalities)
        self._ub_columns = sparse.csc_array(constraints.inequalities)
        self._ub_rows = sparse.csr_array(constraints.inequalities)
        self._cached: dict[tuple[int, ...], Scope] = {}
        names = list(constraints.cell_variables)
        self._grids = [constraints.variables(name) for name in names]
        self._table_variables = [np.unique(grid) for grid in self._grids]
        self._tables_of: list[list[int]] = [[] for _ in range(constraints.n_variables)]
        for index, variables in enumerate(self._table_variables):
            for variable in variables.tolist():
                self._tables_of[variable].append(index)
        rows = sparse.csr_array(sparse.vstack([constraints.equalities, constraints.inequalities]))
        self._component = blocks(rows, constraints.n_variables)
        self.solves = 0

    def _scope(self, variables: IndexArray) -> Scope:
        eq = self._eq_columns[:, variables]
        ub = self._ub_columns[:, variables]
        eq_rows = np.flatnonzero(np.diff(sparse.csr_array(eq).indptr) > 0)
        ub_rows = np.flatnonzero(np.diff(sparse.csr_array(ub).indptr) > 0)
        a_eq = sparse.csr_array(eq)[eq_rows]
        a_ub = sparse.csr_array(ub)[ub_rows]
        slack = -np.asarray(self._ub_rows[ub_rows] @ self.values, dtype=np.float64)
        m = variables.size
        program = LinearProgram(
            sparse.hstack([a_eq, -a_eq]),
            np.zeros(a_eq.shape[0]),
            sparse.hstack([a_ub, -a_ub]),
            slack,
            np.zeros(2 * m),
            np.full(2 * m, np.inf),
        )
        return Scope(variables, program)

    def _cached_scope(self, key: tuple[int, ...], variables: IndexArray) -> Scope:
        if key not in self._cached:
            self._cached[key] = self._scope(variables)
        return self._cached[key]

    def scopes(self, variable: int, shift: float, suppressed: BoolArray) -> list[Scope]:
        tables = self._tables_of[variable]
        own = np.unique(np.concatenate([self._table_variables[t] for t in tables]))
        found = []
        if len(tables) == 1 and own.size > BOX_LIMIT:
            box = self._box(tables[0], variable, shift, suppressed)
            if box.size < own.size:
                found.append(self._scope(box))
        found.append(self._cached_scope(tuple(tables), own))
        label = int(self._component[variable])
        linked = np.flatnonzero(self._component == label)
        if linked.size > own.size:
            found.append(self._cached_scope((-1 - label,), linked))
        return found

    def _box(self, table: int, variable: int, shift: float, suppressed: BoolArray) -> IndexArray:
        grid = self._grids[table]
        position = tuple(int(p[0]) for p in np.nonzero(grid == variable))
        axes = []
        for axis, here in enumerate(position):
            index: list[Any] = list(position)
            index[axis] = slice(None)
            line = grid[tuple(index)]
            keep = {here, line.size - 1}
            keep.update(np.flatnonzero(suppressed[line]).tolist())
            room = self.values[line] >= shift + 1
            room[list(keep)] = False
            spare = np.flatnonzero(room)
            spare = spare[np.argsort(self.values[line][spare], kind="stable")][:BOX_SPARE]
            keep.update(spare.tolist())
            axes.append(np.array(sorted(keep)))
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
