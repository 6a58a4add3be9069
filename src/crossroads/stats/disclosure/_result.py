"""Protected tables: per-cell status and released value, display helpers and JSON.

Display convention (close to Eurostat's): a released count is shown as a
number; a true zero as ``0``; a suppressed cell as ``x`` with the flag
``c`` ("confidential"), whatever the reason it was suppressed. Primary and
secondary suppressions are never told apart in anything that leaves the
organisation: marking small cells differently (for example ``<10``) would
tell the reader which cells lie between 1 and 9 and which are only
complements, which is exactly what secondary suppression hides. The
reasons are kept for the data officer's preview (``preview=True``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from crossroads.stats.disclosure._model import IntArray, Table
from crossroads.stats.disclosure._rule import SuppressionRule

if TYPE_CHECKING:
    from crossroads.stats.disclosure._audit import AuditReport
    from crossroads.stats.disclosure._tableset import TableSet

FORMAT = "crossroads-protected/1"
SUPPRESSED_SYMBOL = "x"
CONFIDENTIAL_FLAG = "c"


class CellStatus(StrEnum):
    """Why a cell shows what it shows."""

    RELEASED = "released"
    """Published exactly (no rounding base)."""
    ROUNDED = "rounded"
    """Published rounded to the rule's base (every non-zero released cell when rounding is on)."""
    ZERO = "zero"
    """A true zero, published as 0."""
    SUPPRESSED_PRIMARY = "suppressed_primary"
    """Suppressed because it is below the threshold (or a zero, when zeros are not released)."""
    SUPPRESSED_SECONDARY = "suppressed_secondary"
    """Suppressed to stop a primary cell from being derived from published figures."""

    @property
    def is_suppressed(self) -> bool:
        return self in (CellStatus.SUPPRESSED_PRIMARY, CellStatus.SUPPRESSED_SECONDARY)

    @property
    def public(self) -> str:
        """The status as shown outside the organisation: the reason of suppression removed."""
        return "suppressed" if self.is_suppressed else self.value


_CODES = tuple(CellStatus)
StatusArray = npt.NDArray[np.int8]


def status_code(status: CellStatus) -> int:
    return _CODES.index(status)


@dataclass(frozen=True)
class ProtectedCell:
    """One published cell: its categories, status and released value (None when suppressed)."""

    categories: tuple[str, ...]
    status: CellStatus
    value: int | None

    @property
    def display(self) -> str:
        """The text to print: the value, ``0``, or ``x`` for any suppressed cell."""
        return SUPPRESSED_SYMBOL if self.value is None else str(self.value)

    @property
    def flag(self) -> str:
        """Eurostat-style flag: ``c`` (confidential) for suppressed cells, else empty."""
        return CONFIDENTIAL_FLAG if self.status.is_suppressed else ""

    def to_dict(self, *, preview: bool = False) -> dict[str, Any]:
        return {
            "categories": list(self.categories),
            "status": self.status.value if preview else self.status.public,
            "value": self.value,
            "display": self.display,
            "flag": self.flag,
        }


class ProtectedTable:
    """A table after disclosure control.

    ``table`` holds the original counts and must not be published;
    everything that may leave the organisation is in :meth:`cell`,
    :meth:`cells` and :meth:`to_dict`.
    """

    __slots__ = ("_released", "_status", "rule", "table")

    def __init__(
        self, table: Table, rule: SuppressionRule, status: StatusArray, released: IntArray
    ) -> None:
        if status.shape != table.shape or released.shape != table.shape:
            raise ValueError(f"table {table.name!r}: status and values must have its shape")
        self.table = table
        self.rule = rule
        self._status = status.copy()
        self._status.setflags(write=False)
        self._released = released.copy()
        self._released.setflags(write=False)

    @classmethod
    def from_pattern(
        cls, table: Table, rule: SuppressionRule, suppressed: npt.ArrayLike
    ) -> ProtectedTable:
        """The table with a given suppression pattern, e.g. made by hand or by another tool.

        ``suppressed`` is a boolean mask over the extended array. Cells the
        rule finds sensitive must be in it (``ValueError`` otherwise); the
        others in it become secondary suppressions. Use :func:`audit` to
        check the pattern.
        """
        mask = np.asarray(suppressed, dtype=bool)
        if mask.shape != table.shape:
            raise ValueError(f"table {table.name!r}: the pattern must have shape {table.shape}")
        sensitive = rule.is_sensitive(table.cells)
        if (sensitive & ~mask).any():
            raise ValueError(f"table {table.name!r}: the pattern releases sensitive cells")
        released = CellStatus.ROUNDED if rule.rounding_base else CellStatus.RELEASED
        codes = np.full(table.shape, status_code(released), dtype=np.int8)
        codes[table.cells == 0] = status_code(CellStatus.ZERO)
        codes[mask] = status_code(CellStatus.SUPPRESSED_SECONDARY)
        codes[sensitive] = status_code(CellStatus.SUPPRESSED_PRIMARY)
        return cls(table, rule, codes, rule.round(table.cells))

    @property
    def name(self) -> str:
        return self.table.name

    def status(self, *categories: str) -> CellStatus:
        """Status of the cell with these category codes (``TOTAL`` for totals)."""
        return _CODES[int(self._status[self.table.position(categories)])]

    def value(self, *categories: str) -> int | None:
        """Released value of a cell, None when suppressed."""
        return self.cell(*categories).value

    def cell(self, *categories: str) -> ProtectedCell:
        return self._cell_at(self.table.position(categories))

    def _cell_at(self, position: tuple[int, ...]) -> ProtectedCell:
        status = _CODES[int(self._status[position])]
        value = None if status.is_suppressed else int(self._released[position])
        return ProtectedCell(self.table.categories_at(position), status, value)

    def cells(self) -> Iterator[ProtectedCell]:
        """Every cell, margins and totals included, in row-major order of the extended array."""
        for position in self.table.positions():
            yield self._cell_at(position)

    @property
    def suppressed(self) -> npt.NDArray[np.bool_]:
        """Mask of suppressed cells over the extended array."""
        codes = [
            status_code(CellStatus.SUPPRESSED_PRIMARY),
            status_code(CellStatus.SUPPRESSED_SECONDARY),
        ]
        return np.isin(self._status, codes)

    @property
    def statuses(self) -> npt.NDArray[np.str_]:
        """Status values over the extended array (e.g. for a template or a spreadsheet)."""
        return np.array([c.value for c in _CODES])[self._status]

    def display_grid(self) -> npt.NDArray[np.str_]:
        """Display strings over the extended array (``x`` where suppressed), for a sheet or page."""
        text = self._released.astype(str)
        text[self.suppressed] = SUPPRESSED_SYMBOL
        return text

    def released_values(self) -> npt.NDArray[np.int64]:
        """Released values over the extended array with -1 where suppressed (never a 0)."""
        return np.where(self.suppressed, -1, self._released)

    def counts_by_status(self) -> dict[CellStatus, int]:
        found = np.bincount(self._status.ravel(), minlength=len(_CODES))
        return {status: int(found[i]) for i, status in enumerate(_CODES)}

    def to_dict(self, *, preview: bool = False) -> dict[str, Any]:
        return {
            "name": self.table.name,
            "population": self.table.population,
            "dimensions": [d.to_dict() for d in self.table.dimensions],
            "cells": [cell.to_dict(preview=preview) for cell in self.cells()],
        }

    def __repr__(self) -> str:
        counts = {k.value: v for k, v in self.counts_by_status().items() if v}
        return f"ProtectedTable({self.table.name!r}, {counts})"


@dataclass(frozen=True)
class GroupDisclosure:
    """Every one of ``persons`` persons of a group shares one released category.

    ``group`` is the group, as (dimension, category) pairs of the other
    dimensions of ``table``; ``dimension`` and ``category`` say what they share.
    """

    table: str
    persons: int
    group: tuple[tuple[str, str], ...]
    dimension: str
    category: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values (a submission's preview stores them)."""
        return {
            "table": self.table,
            "persons": self.persons,
            "group": [list(pair) for pair in self.group],
            "dimension": self.dimension,
            "category": self.category,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GroupDisclosure:
        return cls(
            table=str(data["table"]),
            persons=int(data["persons"]),
            group=tuple((str(name), str(code)) for name, code in data["group"]),
            dimension=str(data["dimension"]),
            category=str(data["category"]),
        )

    def __str__(self) -> str:
        group = ", ".join(f"{name}={code}" for name, code in self.group)
        return (
            f"{self.table}: all {self.persons} persons with {group} "
            f"have {self.dimension}={self.category}"
        )


class ProtectedTableSet:
    """The protected tables of one submission or publication, with the audit that backs them.

    ``original`` holds the original counts (private). ``audit`` gives, for
    every suppressed cell, the interval of values consistent with all that
    is published. ``warnings`` lists possible group disclosures through
    released zeros for the data officer to review.
    """

    __slots__ = ("audit", "original", "rule", "tables", "warnings")

    def __init__(
        self,
        original: TableSet,
        rule: SuppressionRule,
        tables: tuple[ProtectedTable, ...],
        audit: AuditReport,
        warnings: tuple[GroupDisclosure, ...] = (),
    ) -> None:
        self.original = original
        self.rule = rule
        self.tables = tables
        self.audit = audit
        self.warnings = warnings

    def table(self, name: str) -> ProtectedTable:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    def __iter__(self) -> Iterator[ProtectedTable]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    @property
    def summary(self) -> dict[CellStatus, int]:
        """Number of table cells (margins included) by status, over all tables."""
        total = dict.fromkeys(_CODES, 0)
        for table in self.tables:
            for status, count in table.counts_by_status().items():
                total[status] += count
        return total

    def public_summary(self) -> dict[str, int]:
        """Cell counts by public status (suppression reasons merged)."""
        merged: dict[str, int] = {}
        for status, count in self.summary.items():
            merged[status.public] = merged.get(status.public, 0) + count
        return merged

    def to_dict(self, *, preview: bool = False) -> dict[str, Any]:
        """JSON-ready release.

        With ``preview=False`` (what leaves the organisation) every
        suppressed cell has status ``"suppressed"`` and value ``None``.
        With ``preview=True`` (the data officer's screen only) statuses keep
        their reason and the audit intervals and warnings are added; a
        preview must never be sent or published.
        """
        data: dict[str, Any] = {
            "format": FORMAT,
            "rule": self.rule.to_dict(),
            "tables": [t.to_dict(preview=preview) for t in self.tables],
        }
        if preview:
            data["summary"] = {k.value: v for k, v in self.summary.items()}
            data["audit"] = self.audit.to_dict()
            data["warnings"] = [w.to_dict() for w in self.warnings]
        else:
            data["summary"] = self.public_summary()
        return data

    def to_json(self, *, preview: bool = False) -> str:
        return json.dumps(self.to_dict(preview=preview), ensure_ascii=False, sort_keys=True)
