"""The audit: how much an outsider can learn about each suppressed cell.

The outsider is assumed to know every released cell exactly (rounding is
ignored, which can only overstate what they know), every relation of
:class:`LinearConstraints` (additive margins within and across tables,
multi-response and nested inequalities), that counts are non-negative, and,
when zeros are released and no zero is hidden, that every suppressed cell is
at least 1. For
each suppressed cell the audit computes the smallest and the largest value
it can take in a table consistent with all of that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from crossroads.stats.disclosure._constraints import CellRef, LinearConstraints
from crossroads.stats.disclosure._intervals import feasible_intervals
from crossroads.stats.disclosure._result import CellStatus, ProtectedTable, ProtectedTableSet


class AuditError(ValueError):
    """The published tables do not fit the constraints they are audited against."""


@dataclass(frozen=True)
class CellAudit:
    """The audit of one suppressed cell (one variable: a shared margin is audited once).

    ``lower`` and ``upper`` bound the values consistent with everything
    published (``upper`` None when unbounded). ``required_upper`` is the
    rule's requirement for a primary cell, None for a secondary one, whose
    only requirement is not to be derivable (``upper > lower``).
    ``value`` is the true count: the report is for the organisation only.
    ``variable`` is the cell's index in the constraints.
    """

    variable: int
    locations: tuple[CellRef, ...]
    status: CellStatus
    value: int
    lower: int
    upper: int | None
    required_upper: int | None

    @property
    def pinned(self) -> bool:
        """True when the published figures determine the cell exactly."""
        return self.upper is not None and self.upper <= self.lower

    @property
    def passed(self) -> bool:
        if self.pinned:
            return False
        if self.required_upper is None or self.upper is None:
            return True
        return self.upper >= self.required_upper

    def to_dict(self) -> dict[str, Any]:
        return {
            "cells": [str(ref) for ref in self.locations],
            "status": self.status.value,
            "lower": self.lower,
            "upper": self.upper,
            "required_upper": self.required_upper,
            "passed": self.passed,
        }


@dataclass(frozen=True)
class _Basis:
    """The feasible set an audit explored: its constraints, known cells, values and floor."""

    constraints: LinearConstraints
    known: npt.NDArray[np.bool_]
    values: npt.NDArray[np.int64]
    floor: int
    integer: bool

    def within(self, later: _Basis) -> bool:
        """Whether every table feasible here is feasible under ``later`` too.

        Same relations and counts, no cell known ``later`` that was not
        known here, and a floor no higher: ``later`` only drops knowledge.
        """
        return (
            later.constraints is self.constraints
            and later.integer == self.integer
            and later.floor <= self.floor
            and bool(np.array_equal(later.values, self.values))
            and not bool((later.known & ~self.known).any())
        )


@dataclass(frozen=True)
class AuditReport:
    """Intervals of all suppressed cells and whether each meets the rule."""

    cells: tuple[CellAudit, ...]
    linear_programs: int
    integer: bool
    exact: bool = True
    """False when cells that pass show the values seen rather than their exact range."""
    basis: _Basis | None = field(default=None, repr=False, compare=False)
    """What the outsider was taken to know (for a later audit with ``earlier``)."""

    @property
    def passed(self) -> bool:
        return all(cell.passed for cell in self.cells)

    @property
    def failures(self) -> tuple[CellAudit, ...]:
        return tuple(cell for cell in self.cells if not cell.passed)

    @property
    def pinned(self) -> tuple[CellAudit, ...]:
        """Suppressed cells an outsider can compute exactly."""
        return tuple(cell for cell in self.cells if cell.pinned)

    def interval(self, table: str, *categories: str) -> tuple[int, int | None]:
        """``(lower, upper)`` of a suppressed cell, e.g. ``interval("sex_age", "F", "0-8")``."""
        ref = CellRef(table, tuple(categories))
        for cell in self.cells:
            if ref in cell.locations:
                return cell.lower, cell.upper
        raise KeyError(f"{ref} is not a suppressed cell")

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "integer": self.integer,
            "exact": self.exact,
            "linear_programs": self.linear_programs,
            "cells": [cell.to_dict() for cell in self.cells],
        }


def audit(
    published: ProtectedTableSet | Iterable[ProtectedTable],
    constraints: LinearConstraints,
    *,
    integer: bool = False,
    exact: bool = True,
    earlier: AuditReport | None = None,
    deadline: float | None = None,
) -> AuditReport:
    """Audit published tables against the relations an outsider knows.

    ``published`` is a protected table set, or any protected tables that an
    outsider could hold together (for instance tables of several
    publications, several of them possibly the same table protected
    differently: a cell released anywhere counts as known). Each must be a
    table of ``constraints`` (build them with ``TableSet(...).constraints``
    over all the tables concerned), and every table of ``constraints`` must
    be published at least once.

    Returns an :class:`AuditReport` with one entry per suppressed variable:
    a cell suppressed in one table but released in another is reported with
    ``lower == upper`` (a failure). With ``integer=True`` bounds are exact
    integer optima (slower); otherwise they are linear-programming bounds
    rounded inwards, exact for two-way tables with margins and never
    narrower than the integer ones.

    With ``exact=False`` a cell that feasible tables already show meeting
    its requirement is given the range of the values seen (inner bounds)
    instead of its exact extremes: whether each cell passes is decided just
    the same, with fewer programs. For checks only; a data officer's
    preview shows exact ranges.

    ``earlier`` (with ``exact=False``) is an audit of the same constraints
    in which the outsider knew at least as much (the same tables, say, with
    fewer cells published). Every table feasible then is feasible now, so
    a cell's range can only have widened: a cell whose earlier range meets
    its requirement now is not solved again. Every other cell is. An
    earlier audit that knew less, or of other constraints, is ignored.

    Past ``deadline`` (a :func:`time.monotonic` time) the audit stops with
    :class:`OutOfTime`: nothing may be published on an unfinished audit.
    """
    tables = list(published.tables if isinstance(published, ProtectedTableSet) else published)
    n = constraints.n_variables
    values = np.zeros(n, dtype=np.int64)
    covered = np.zeros(n, dtype=bool)
    known = np.zeros(n, dtype=bool)
    suppressed = np.zeros(n, dtype=bool)
    primary = np.zeros(n, dtype=bool)
    required = np.zeros(n, dtype=np.int64)
    floor = 1
    primary_code = CellStatus.SUPPRESSED_PRIMARY
    for table in tables:
        ids = constraints.variables(table.name)
        if ids.shape != table.table.shape:
            raise AuditError(f"table {table.name!r} does not have the shape of its constraints")
        cells = table.table.cells
        clash = covered[ids] & (values[ids] != cells)
        if clash.any():
            raise AuditError(f"table {table.name!r} disagrees with another published table")
        values[ids] = cells
        covered[ids] = True
        mask = table.suppressed
        known[ids[~mask]] = True
        suppressed[ids[mask]] = True
        is_primary = table.statuses == primary_code.value
        for variable, value in zip(
            ids[is_primary].tolist(), cells[is_primary].tolist(), strict=True
        ):
            primary[variable] = True
            required[variable] = max(required[variable], table.rule.required_upper(int(value)))
        floor = min(floor, table.rule.suppressed_lower_bound)
    if not covered.all():
        missing = constraints.describe(int(np.flatnonzero(~covered)[0]))
        raise AuditError(f"every table of the constraints must be published; {missing} is not")
    if (suppressed & (values == 0)).any():
        # A pattern that hides a zero (made by hand, or by a rule that hides
        # zeros) breaks "every hidden cell is at least 1".
        floor = 0
    basis = _Basis(constraints, known, values, floor, integer)
    locations = _locations(tables, constraints)
    reused = _reusable(earlier, basis, exact, suppressed & ~known, primary, required)
    solved = suppressed & ~known
    solved[list(reused)] = False
    intervals = feasible_intervals(
        constraints.equalities,
        constraints.inequalities,
        known,
        values.astype(np.float64),
        np.full(n, float(floor)),
        integer=integer,
        required=None if exact else np.where(primary, required.astype(np.float64), np.nan),
        focus=None if earlier is None else solved,
        deadline=deadline,
    )
    entries = []
    upper_or_none: int | None
    for variable in np.flatnonzero(suppressed).tolist():
        if variable in reused:
            lower, upper_or_none = reused[variable]
        elif known[variable]:
            lower = int(values[variable])
            upper_or_none = lower
        else:
            lower = int(intervals.lower[variable])
            hi = intervals.upper[variable]
            upper_or_none = int(hi) if np.isfinite(hi) else None
        entries.append(
            CellAudit(
                variable=variable,
                locations=locations[variable],
                status=primary_code if primary[variable] else CellStatus.SUPPRESSED_SECONDARY,
                value=int(values[variable]),
                lower=lower,
                upper=upper_or_none,
                required_upper=int(required[variable]) if primary[variable] else None,
            )
        )
    return AuditReport(tuple(entries), intervals.solves, integer, exact, basis)


def _reusable(
    earlier: AuditReport | None,
    basis: _Basis,
    exact: bool,
    unknown: npt.NDArray[np.bool_],
    primary: npt.NDArray[np.bool_],
    required: npt.NDArray[np.int64],
) -> dict[int, tuple[int, int | None]]:
    """Earlier ranges (by variable) that still hold and still meet the requirement now."""
    if earlier is None or exact or earlier.basis is None or not earlier.basis.within(basis):
        return {}
    out = {}
    for cell in earlier.cells:
        v = cell.variable
        if not unknown[v]:
            continue
        now = CellAudit(v, cell.locations, cell.status, cell.value, cell.lower, cell.upper,
                        int(required[v]) if primary[v] else None)  # fmt: skip
        if now.passed:
            out[v] = (cell.lower, cell.upper)
    return out


def _locations(
    tables: list[ProtectedTable], constraints: LinearConstraints
) -> dict[int, tuple[CellRef, ...]]:
    found: dict[int, list[CellRef]] = {}
    for table in tables:
        ids = constraints.variables(table.name)
        for position in zip(*np.nonzero(table.suppressed), strict=True):
            ref = CellRef(table.name, table.table.categories_at(position))
            refs = found.setdefault(int(ids[position]), [])
            if ref not in refs:
                refs.append(ref)
    return {variable: tuple(refs) for variable, refs in found.items()}
