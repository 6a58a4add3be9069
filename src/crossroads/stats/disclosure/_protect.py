"""Primary and secondary cell suppression over a whole table set.

Method (a single-cell-at-a-time heuristic in the spirit of Fischetti and
Salazar's network/LP approach, as used by tau-ARGUS and sdcTable, but over
all linked tables at once):

1. Primary suppression: every cell the rule deems sensitive, margins and
   totals included. Cells shared by several tables are one variable and are
   suppressed everywhere at once.
2. For each primary cell ``i`` (largest required shift first, then in a
   fixed variable order) the program looks for the cheapest change ``y`` of
   the tables that raises ``i`` to its required upper bound while keeping
   every relation, every count non-negative (at least 1 for non-zero
   cells), every released zero fixed. The cells that ``y`` changes must be
   suppressed: that is the complement. ``x + y`` is then a table consistent
   with all that is published, which proves ``i`` protected; suppressing
   more cells later only enlarges the set of consistent tables, so the
   proof stays valid. A primary cell already raised far enough by an
   earlier change needs no new search.
3. Cost of changing a released cell by one person: ``(1 + ln(1 + count)) *
   (1 + level)``, ``level`` being 0 for an inner cell, 1 for a margin, 2 for
   a two-way table's grand total and so on; already suppressed cells cost
   almost nothing. Small cells and inner cells are therefore used first and
   totals last, and complements are shared between primary cells.
4. The audit (``_audit.audit``) then computes every interval. Primary cells
   that fail (only possible through numerical tolerance) are searched again
   with one more person of margin per round; secondary cells the audit finds
   derivable are released, since publishing what can be computed reveals
   nothing new, and so are complements that later ones made unnecessary
   (checked by auditing their block again without them).

The pattern is not guaranteed to be the smallest possible: finding a
minimum-cost pattern is NP-hard (Kelly, Golden and Assad, 1992); the
heuristic favours speed and determinism.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from crossroads.stats.disclosure._audit import AuditReport, audit
from crossroads.stats.disclosure._blocks import suppressed_blocks
from crossroads.stats.disclosure._complements import Complements
from crossroads.stats.disclosure._intervals import meets_requirements
from crossroads.stats.disclosure._lp import TOLERANCE, BoolArray, FloatArray, IndexArray
from crossroads.stats.disclosure._result import (
    CellStatus,
    ProtectedTable,
    ProtectedTableSet,
    status_code,
)
from crossroads.stats.disclosure._rule import SuppressionRule
from crossroads.stats.disclosure._tableset import TableSet
from crossroads.stats.disclosure._zeros import group_disclosures

SUPPRESSED_COST = 0.01
KEPT_TOTAL_WEIGHT = 25.0
"""How much more a cell at the total of ``keep_totals_of`` costs as a complement."""
MAX_REPAIRS = 3
CLEAN_LIMIT = 100


class ProtectionError(RuntimeError):
    """No protecting pattern was found; nothing may be released (should not happen)."""


class _Search:
    """State of the complement search over one table set."""

    def __init__(
        self, table_set: TableSet, rule: SuppressionRule, keep_totals_of: str | None = None
    ) -> None:
        counts = table_set.values
        self.rule = rule
        self.constraints = table_set.constraints
        self.values: FloatArray = counts.astype(np.float64)
        self.primary: BoolArray = rule.is_sensitive(counts)
        self.suppressed: BoolArray = self.primary.copy()
        floor = rule.suppressed_lower_bound
        self.can_fall: FloatArray = np.maximum(self.values - floor, 0.0)
        self.can_rise: BoolArray = counts > 0 if rule.release_zeros else np.ones(counts.size, bool)
        levels = self.constraints.levels
        self.base_cost: FloatArray = (1.0 + np.log1p(self.values)) * (1.0 + levels)
        kept = None
        if keep_totals_of is not None:
            kept = np.zeros(counts.size, dtype=bool)
            kept[_totals_of(table_set, keep_totals_of)] = True
            self.base_cost[kept] *= KEPT_TOTAL_WEIGHT
        self.best: FloatArray = self.values.copy()
        self.required = np.array([rule.required_upper(int(v)) for v in counts], dtype=np.float64)
        leading = {t.name: (t.dimensions[0].name if t.dimensions else None) for t in table_set}
        self.complements = Complements(
            self.constraints,
            self.values,
            [leading[name] for name in self.constraints.cell_variables],
            kept,
        )

    def protect(self, variable: int, extra: float = 0.0) -> None:
        """Suppress the complements that let ``variable`` reach its required upper bound."""
        shift = self.required[variable] + extra - self.values[variable]
        if self.best[variable] >= self.values[variable] + shift - TOLERANCE:
            return
        cost = np.where(self.suppressed, SUPPRESSED_COST, self.base_cost)
        for scope in self.complements.scopes(variable, shift, self.suppressed):
            change = self.complements.cheapest_change(
                scope, variable, shift, cost, self.can_fall, self.can_rise
            )
            if change is not None:
                members = scope.variables
                self.suppressed[members[np.abs(change) > TOLERANCE]] = True
                self.best[members] = np.maximum(self.best[members], self.values[members] + change)
                return
        raise ProtectionError(
            f"no pattern protects {self.constraints.describe(variable)}; nothing may be released"
        )

    def release_unneeded(self) -> bool:
        """Release complements the pattern turns out not to need; True if any was.

        The single-cell search can leave a complement that later ones make
        unnecessary. Each complement, costliest first, is tentatively
        released and the block of suppressed cells it belonged to audited
        again; it stays released if every cell of that block still meets
        its requirement. Blocks of more than ``CLEAN_LIMIT`` cells are left
        as they are, to bound the work.
        """
        c = self.constraints
        candidates = np.flatnonzero(self.suppressed & ~self.primary)
        if candidates.size == 0:
            return False
        labels = suppressed_blocks(c.equalities, c.inequalities, ~self.suppressed)
        sizes = np.bincount(labels[labels >= 0])
        candidates = candidates[np.lexsort((candidates, -self.base_cost[candidates]))]
        floor = np.full(c.n_variables, float(self.rule.suppressed_lower_bound))
        required = np.where(self.primary, self.required, np.nan)
        # Only the relations touching a block matter to it; slicing them out
        # first keeps each check proportional to the block, not to the set.
        eq_rows, ub_rows = sparse.csr_array(c.equalities), sparse.csr_array(c.inequalities)
        eq_cols, ub_cols = sparse.csc_array(c.equalities), sparse.csc_array(c.inequalities)
        released = False
        for variable in candidates.tolist():
            label = labels[variable]
            if sizes[label] > CLEAN_LIMIT:
                continue
            known = ~self.suppressed
            known[variable] = True
            block = np.flatnonzero(labels == label)
            focus = (labels == label) & ~known
            if meets_requirements(
                eq_rows[np.unique(eq_cols[:, block].indices)],
                ub_rows[np.unique(ub_cols[:, block].indices)],
                known,
                self.values,
                floor,
                required,
                focus,
            ):
                self.suppressed[variable] = False
                released = True
        return released

    def order(self) -> list[int]:
        """Primary cells, largest required shift first, then by variable number."""
        primaries = np.flatnonzero(self.primary)
        shift = self.required[primaries] - self.values[primaries]
        return [int(v) for v in primaries[np.lexsort((primaries, -shift))]]


def protect(
    table_set: TableSet,
    rule: SuppressionRule | None = None,
    *,
    exact_intervals: bool = True,
    keep_totals_of: str | None = None,
) -> ProtectedTableSet:
    """Apply primary and secondary suppression (and rounding) to a table set.

    Guarantees, for the outsider described in the audit module (who knows
    every released cell exactly, every additive relation within and across
    the tables of the set, the multi-response and nested inequalities,
    non-negativity and, when zeros are released, that suppressed cells are
    at least 1):

    * no released non-zero cell, margin or total is below the threshold;
    * no suppressed cell can be computed exactly from what is released;
    * the largest value consistent with the release of every primary cell
      of value ``v`` is at least ``max(threshold, v + protection)``;
    * a cell shared by several tables has one status in all of them;
    * the result is a deterministic function of the counts and the rule.

    These hold within the table set. They do not cover differencing against
    other releases (other years, other publications, the same data cut
    differently) unless those tables are in the same set, nor group
    disclosure through released zeros (see ``warnings``).

    ``exact_intervals=False`` checks the same guarantees with fewer linear
    programs, but the audit then reports, for cells that pass, the values
    seen rather than their exact ranges (see :func:`audit`): for releases
    whose audit no one reads cell by cell, such as network sums.

    ``keep_totals_of`` names a dimension (the ``country`` of tables summed by
    group) whose total cells are the figures that matter most (the
    network's): they cost ``KEPT_TOTAL_WEIGHT`` times more as complements, so
    a small group's cell is protected with other groups' cells where that is
    possible, and the network's figures are hidden only when it is not.
    """
    rule = rule or SuppressionRule()
    search = _Search(table_set, rule, keep_totals_of)
    for variable in search.order():
        search.protect(variable)
    report = audit(_assemble(table_set, rule, search), table_set.constraints, exact=exact_intervals)
    repairs = 0
    while failing := [c.variable for c in report.failures if search.primary[c.variable]]:
        if repairs == MAX_REPAIRS:
            raise ProtectionError("the audit still fails after repairs; nothing may be released")
        repairs += 1
        for variable in failing:
            search.best[variable] = search.values[variable]
            search.protect(variable, extra=float(repairs))
        report = audit(
            _assemble(table_set, rule, search), table_set.constraints, exact=exact_intervals
        )
    derivable = [c.variable for c in report.pinned if not search.primary[c.variable]]
    search.suppressed[derivable] = False
    if search.release_unneeded() or derivable:
        report = audit(
            _assemble(table_set, rule, search), table_set.constraints, exact=exact_intervals
        )
    if not report.passed:
        raise ProtectionError("the audit fails; nothing may be released")
    tables = _assemble(table_set, rule, search)
    return ProtectedTableSet(
        table_set,
        rule,
        tables,
        _with_searches(report, search.complements.solves),
        tuple(group_disclosures(tables)),
    )


def _totals_of(table_set: TableSet, dimension: str) -> IndexArray:
    """Variables of the cells at the total of ``dimension`` in the tables that have it."""
    found = []
    for table in table_set:
        names = [d.name for d in table.dimensions]
        if dimension in names:
            grid = table_set.constraints.variables(table.name)
            found.append(np.take(grid, -1, axis=names.index(dimension)).ravel())
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.intp)


def _with_searches(report: AuditReport, searches: int) -> AuditReport:
    return AuditReport(
        report.cells, report.linear_programs + searches, report.integer, report.exact
    )


def _assemble(
    table_set: TableSet, rule: SuppressionRule, search: _Search
) -> tuple[ProtectedTable, ...]:
    codes = np.empty(table_set.constraints.n_variables, dtype=np.int8)
    counts = table_set.values
    released = counts > 0
    codes[:] = status_code(CellStatus.ROUNDED if rule.rounding_base else CellStatus.RELEASED)
    codes[~released] = status_code(CellStatus.ZERO)
    codes[search.suppressed] = status_code(CellStatus.SUPPRESSED_SECONDARY)
    codes[search.primary] = status_code(CellStatus.SUPPRESSED_PRIMARY)
    values = rule.round(counts)
    tables = [
        ProtectedTable(
            table,
            rule,
            codes[table_set.constraints.variables(table.name)],
            values[table_set.constraints.variables(table.name)],
        )
        for table in table_set
    ]
    return tuple(tables)
