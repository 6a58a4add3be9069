"""Auditing tables pooled over several periods together with each period's own tables.

A pooled table (persons of three cohort years, say) counts, cell by cell,
the sum of the same cell of each period's table, since every person belongs
to one period. Whoever holds the pooled tables and the tables published for
each period knows that relation: a pooled cell minus the released cells of
the other periods is the cell of the remaining one, so a cell suppressed in
one period can be recovered (2023 suppressed, 2024 = 20, 2025 = 30, pooled
= 55: 2023 = 5).

:func:`audit_pooled` builds the relations of every period's table set (each
published whole, as it was) and of the pooled table set, adds ``pooled =
sum of the periods`` for every cell of every pooled table, and audits
everything published together with :func:`~crossroads.stats.disclosure.audit`.
Cells of the pooled tables that are not published at all (a country whose
pooled tables are withheld, say) are unknown to the outsider; their own
intervals are not a requirement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import sparse

from crossroads.stats.disclosure._audit import AuditReport, CellAudit, audit
from crossroads.stats.disclosure._constraints import (
    CellRef,
    LinearConstraints,
    Link,
    Nested,
    SameCount,
)
from crossroads.stats.disclosure._model import TOTAL, Dimension, Table, TableError
from crossroads.stats.disclosure._result import ProtectedTable
from crossroads.stats.disclosure._rule import SuppressionRule
from crossroads.stats.disclosure._tableset import TableSet

BoolArray = npt.NDArray[np.bool_]

POOLED = "pooled"
"""The label of the pooled tables in the audit's cell locations (``pooled:<table>``)."""


class PoolingError(TableError):
    """Pooled tables that are not the sum of the periods' tables they are audited with."""


@dataclass(frozen=True)
class Published:
    """A table set as published: original counts, the rule, and the cells hidden.

    ``hidden`` maps each table's name to a boolean mask over its extended
    array: True where the cell was suppressed. ``unpublished`` (pooled
    tables only) marks cells not published at all, neither shown nor
    suppressed: the outsider knows nothing of them but the relations.
    """

    label: str
    tables: TableSet
    rule: SuppressionRule
    hidden: Mapping[str, npt.ArrayLike]
    unpublished: Mapping[str, npt.ArrayLike] = field(default_factory=dict)


@dataclass(frozen=True)
class PooledAudit:
    """The joint audit of the periods' and the pooled tables."""

    report: AuditReport
    failures: tuple[CellAudit, ...]
    """Suppressed cells, published somewhere, that fail the rule given everything published."""

    @property
    def passed(self) -> bool:
        return not self.failures

    def failing_cells(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """``(label, table, categories)`` of every location of every failing cell."""
        out = []
        for cell in self.failures:
            for ref in cell.locations:
                label, _, name = ref.table.partition(":")
                out.append((label, name, ref.categories))
        return out


def _renamed(label: str, table: Table) -> Table:
    return Table(f"{label}:{table.name}", f"{label}:{table.population}", table.dimensions,
                 table.cells)  # fmt: skip


def _renamed_link(label: str, link: Link) -> Link:
    if isinstance(link, Nested):
        return Nested(f"{label}:{link.inner}", f"{label}:{link.outer}")
    return SameCount(
        CellRef(f"{label}:{link.first.table}", link.first.categories),
        CellRef(f"{label}:{link.second.table}", link.second.categories),
    )


def _mask(published: Published, table: Table, which: Mapping[str, npt.ArrayLike]) -> BoolArray:
    if table.name not in which:
        return np.zeros(table.shape, dtype=bool)
    mask = np.asarray(which[table.name], dtype=bool)
    if mask.shape != table.shape:
        raise PoolingError(f"{published.label}: the mask of {table.name!r} has the wrong shape")
    return mask


def _protected(published: Published) -> tuple[list[ProtectedTable], list[BoolArray]]:
    """The published tables, renamed, as the outsider sees them, and their unpublished masks."""
    tables: list[ProtectedTable] = []
    unknown: list[BoolArray] = []
    for table in published.tables:
        if table.name not in published.hidden:
            raise PoolingError(f"{published.label}: no pattern for table {table.name!r}")
        hidden = _mask(published, table, published.hidden)
        unseen = _mask(published, table, published.unpublished)
        # An unpublished zero is known all the same: the periods' cells it sums are all
        # zeros, released as such. Every other unpublished cell is unknown.
        pattern = hidden | (unseen & (table.cells != 0))
        tables.append(
            ProtectedTable.from_pattern(_renamed(published.label, table), published.rule, pattern)
        )
        unknown.append(unseen)
    return tables, unknown


def _sum_rows(
    periods: Sequence[Published], pooled: Published, constraints: LinearConstraints
) -> list[dict[int, int]]:
    """One row ``pooled - sum(periods) = 0`` for every cell of every pooled table."""
    rows: list[dict[int, int]] = []
    for table in pooled.tables:
        matching: list[tuple[Table, npt.NDArray[np.intp]]] = []
        for period in periods:
            try:
                theirs = period.tables.table(table.name)
            except TableError:
                raise PoolingError(
                    f"pooled table {table.name!r} has no counterpart in {period.label}"
                ) from None
            if [d.name for d in theirs.dimensions] != [d.name for d in table.dimensions]:
                raise PoolingError(
                    f"pooled table {table.name!r} and its {period.label} table differ in dimensions"
                )
            matching.append((theirs, constraints.variables(f"{period.label}:{theirs.name}")))
        ours = constraints.variables(f"{pooled.label}:{table.name}")
        for position in table.positions():
            categories = table.categories_at(position)
            row = {int(ours[position]): 1}
            total = 0
            for theirs, ids in matching:
                at = _position(theirs.dimensions, categories)
                if at is None:
                    continue  # a category absent from that period counts nobody there
                variable = int(ids[at])
                row[variable] = row.get(variable, 0) - 1
                total += int(theirs.cells[at])
            if total != int(table.cells[position]):
                raise PoolingError(
                    f"pooled {CellRef(table.name, categories)} counts {int(table.cells[position])} "
                    f"persons, the periods {total}"
                )
            rows.append(row)
    return rows


def _position(dimensions: Sequence[Dimension], categories: Sequence[str]) -> tuple[int, ...] | None:
    at = []
    for dimension, code in zip(dimensions, categories, strict=True):
        if code == TOTAL:
            at.append(dimension.size)
        elif code in dimension.categories:
            at.append(dimension.index(code))
        else:
            return None
    return tuple(at)


def pooled_constraints(periods: Sequence[Published], pooled: Published) -> LinearConstraints:
    """The relations of every period's tables, of the pooled tables, and of the sums."""
    tables: list[Table] = []
    links: list[Link] = []
    for part in (*periods, pooled):
        if ":" in part.label or not part.label:
            raise PoolingError(f"label {part.label!r} must be non-empty, without ':'")
        tables.extend(_renamed(part.label, t) for t in part.tables)
        links.extend(_renamed_link(part.label, link) for link in part.tables.links)
    base = TableSet(tables, links).constraints
    rows = _sum_rows(periods, pooled, base)
    extra = sparse.csr_array(
        (
            np.array([c for row in rows for c in row.values()], dtype=np.float64),
            np.array([v for row in rows for v in row], dtype=np.int64),
            np.concatenate([[0], np.cumsum([len(row) for row in rows])]).astype(np.int64),
        ),
        shape=(len(rows), base.n_variables),
    )
    return LinearConstraints(
        n_variables=base.n_variables,
        equalities=sparse.vstack([base.equalities, extra], format="csr"),
        inequalities=base.inequalities,
        cell_variables=base.cell_variables,
        levels=base.levels,
        tables=base.tables,
    )


def audit_pooled(
    periods: Sequence[Published],
    pooled: Published,
    constraints: LinearConstraints | None = None,
    *,
    earlier: PooledAudit | None = None,
    deadline: float | None = None,
) -> PooledAudit:
    """Audit the pooled tables jointly with every period's published tables.

    A cell released anywhere counts as known to the outsider, and every
    relation counts: each table set's own margins and links, and ``pooled =
    sum of the periods`` cell by cell (a category a period lacks counts
    nobody in it). Fails (:class:`PoolingError`) when the pooled counts are
    not that sum, or a pooled table has no counterpart in some period.

    The result's ``failures`` are the suppressed cells published somewhere
    (in a period or in the pooled tables) that the rule no longer protects;
    a cell that exists only in unpublished parts of the pooled tables is not
    one. Suppressed cells are at least 1 to the outsider when the rules
    release zeros.

    ``constraints`` (from :func:`pooled_constraints` of the same tables)
    saves building them again when only the patterns changed.

    ``earlier`` is the audit of the same tables and constraints with fewer
    pooled cells unpublished (before more countries were withheld, say):
    cells it showed protected stay protected when the outsider learns less,
    so only the others are solved again (see
    :func:`~crossroads.stats.disclosure.audit`). Past ``deadline`` (a
    :func:`time.monotonic` time) it stops with
    :class:`~crossroads.stats.disclosure.OutOfTime`.
    """
    if not periods:
        raise PoolingError("pooling needs at least one period")
    if constraints is None:
        constraints = pooled_constraints(periods, pooled)
    published: list[ProtectedTable] = []
    unknown = np.zeros(constraints.n_variables, dtype=bool)
    seen = np.zeros(constraints.n_variables, dtype=bool)
    for part in (*periods, pooled):
        tables, unseen = _protected(part)
        published.extend(tables)
        for table, mask in zip(tables, unseen, strict=True):
            ids = constraints.variables(table.name)
            unknown[ids[mask]] = True
            seen[ids[~mask]] = True
    report = audit(
        published,
        constraints,
        exact=False,
        earlier=earlier.report if earlier is not None else None,
        deadline=deadline,
    )
    only_unpublished = unknown & ~seen
    failures = tuple(c for c in report.failures if not only_unpublished[c.variable])
    return PooledAudit(report, failures)
