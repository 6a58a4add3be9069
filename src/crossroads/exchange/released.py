"""The released-table contract: how a disclosure-controlled table is stored, read and written.

Every released table of the project (a member's submission, the network's
and each country's sums, a published snapshot) has one stored shape::

    {"name": ..., "population": ..., "dimensions": [{"name", "categories", "additive"}],
     "cells": [{"categories": [...], "status": ..., "value": ...}, ...]}

and is read only through :class:`ReleasedTable`. What a cell is, is decided
here and nowhere else (:class:`CellStatus`):

* **released**: the exact count; **rounded**: a count rounded to the
  agreement's base; **zero**: nobody (a cell absent from the stored cells
  is a zero too: the table was submitted and the cell is empty);
* **suppressed**: hidden to protect small groups, value None (a preview
  keeps the reason in its status, ``suppressed_primary`` and so on);
* **missing**: the table itself was not submitted for that scope and
  year (:func:`lookup` answers it), value None;
* **noisy**: a differentially private count (a year published with
  differential privacy, see ``docs/privacy.md``): never negative, its
  table's totals add up, and ``margin`` is the half-width of the 95%
  interval of its noise. Such a table says what produced it in ``method``
  (mechanism, budget ε, scale).

The statistics core's group-disclosure warnings arrive as typed
:class:`GroupDisclosure` values and are stored as their plain dicts.
A year's released tables by scope (:class:`Release`) are what the
monitoring and reports apps read, through :mod:`crossroads.exchange.public`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from crossroads.stats.disclosure import TOTAL, GroupDisclosure, TableSet

NETWORK = "network"
"""The scope of the whole network (the other scopes are ISO 3166-1 alpha-3 codes)."""

__all__ = [
    "NETWORK",
    "TOTAL",
    "Cell",
    "CellStatus",
    "Contributor",
    "Dim",
    "GroupDisclosure",
    "Release",
    "ReleasedTable",
    "lookup",
    "original_tables",
    "read_warnings",
    "released_tables",
]


class CellStatus(StrEnum):
    """What a released cell is (see the module docstring)."""

    RELEASED = "released"
    ROUNDED = "rounded"
    ZERO = "zero"
    SUPPRESSED = "suppressed"
    MISSING = "missing"
    NOISY = "noisy"

    @classmethod
    def of(cls, stored: str, value: int | None) -> CellStatus:
        """The public status of a stored status (a preview's reasons fold into suppressed)."""
        if value is None or stored.startswith(cls.SUPPRESSED):
            return cls.SUPPRESSED
        if stored == cls.NOISY:
            return cls.NOISY
        if stored == cls.ROUNDED:
            return cls.ROUNDED
        if value == 0:
            return cls.ZERO
        return cls.RELEASED


@dataclass(frozen=True)
class Cell:
    """One released cell: ``value`` is None exactly when it is suppressed or missing.

    ``status`` is the stored status (a preview keeps the reason of suppression).
    """

    categories: tuple[str, ...]
    status: str
    value: int | None
    margin: int | None = None
    """The 95% error margin of a noisy count (None for any other)."""

    @property
    def kind(self) -> CellStatus:
        if self.status == CellStatus.MISSING:
            return CellStatus.MISSING
        return CellStatus.of(self.status, self.value)

    @property
    def suppressed(self) -> bool:
        return self.kind is CellStatus.SUPPRESSED

    @property
    def known(self) -> bool:
        """Whether the cell may be read (neither suppressed nor missing)."""
        return self.value is not None


@dataclass(frozen=True)
class Dim:
    """A dimension of a released table."""

    name: str
    categories: tuple[str, ...]
    additive: bool

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "categories": list(self.categories), "additive": self.additive}


class ReleasedTable:
    """One released table, indexed by category codes (``TOTAL`` for a total)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.name: str = str(data["name"])
        self.population: str = str(data.get("population", ""))
        self.dimensions = tuple(_dimension(d) for d in data["dimensions"])
        method = data.get("method")
        self.method: dict[str, Any] | None = dict(method) if method else None
        """What produced a differentially private table's counts (None: disclosure control)."""
        self._cells: dict[tuple[str, ...], Cell] = {}
        for cell in data["cells"]:
            categories = tuple(str(c) for c in cell["categories"])
            value = cell.get("value")
            number = None if value is None else int(value)
            status = str(cell.get("status") or CellStatus.of("", number))
            margin = cell.get("margin")
            self._cells[categories] = Cell(
                categories, status, number, None if margin is None else int(margin)
            )

    @classmethod
    def from_cells(
        cls,
        name: str,
        dimensions: tuple[str, ...],
        cells: Mapping[tuple[str, ...], int | None],
        population: str = "",
    ) -> ReleasedTable:
        """A table from its dimension names and values (None: suppressed); for synthetic
        releases and tests."""
        return cls(
            {
                "name": name,
                "population": population,
                "dimensions": list(dimensions),
                "cells": [{"categories": list(k), "value": v} for k, v in cells.items()],
            }
        )

    @property
    def dimension_names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.dimensions)

    def cell(self, *categories: str) -> Cell:
        """The cell with these category codes; a cell not stored is a zero."""
        found = self._cells.get(tuple(categories))
        return found if found is not None else Cell(tuple(categories), CellStatus.ZERO, 0)

    @property
    def private(self) -> bool:
        """Whether the table holds differentially private counts."""
        return self.method is not None

    def get(self, categories: tuple[str, ...]) -> int | None:
        """The released value of a cell (None when suppressed); checks the number of codes."""
        if len(categories) != len(self.dimensions):
            raise ValueError(
                f"table {self.name!r} has {len(self.dimensions)} dimensions, "
                f"got categories {categories!r}"
            )
        return self.cell(*categories).value

    def has(self, *categories: str) -> bool:
        return tuple(categories) in self._cells

    @property
    def grand_total(self) -> Cell:
        return self.cell(*([TOTAL] * len(self.dimensions)))

    def dimension(self, name: str) -> Dim | None:
        return next((d for d in self.dimensions if d.name == name), None)

    def margin(self, name: str) -> dict[str, Cell]:
        """The one-way margin over dimension ``name``: category -> cell, others at total."""
        position = list(self.dimension_names).index(name)
        out: dict[str, Cell] = {}
        for code in self.dimensions[position].categories:
            key = [TOTAL] * len(self.dimensions)
            key[position] = code
            out[code] = self.cell(*key)
        return out

    def cells(self) -> Iterator[Cell]:
        return iter(self._cells.values())

    @property
    def suppressed_count(self) -> int:
        return sum(1 for c in self._cells.values() if c.suppressed)

    def to_public_dict(self) -> dict[str, Any]:
        """The stored shape with public statuses only (no reason of suppression); a
        differentially private table keeps its method and each count its margin."""
        out: dict[str, Any] = {
            "name": self.name,
            "population": self.population,
            "dimensions": [d.to_dict() for d in self.dimensions],
            "cells": [
                {"categories": list(c.categories), "status": str(c.kind), "value": c.value}
                | ({} if c.margin is None else {"margin": c.margin})
                for c in self._cells.values()
            ],
        }
        if self.method is not None:
            out["method"] = dict(self.method)
        return out


def _dimension(data: Mapping[str, Any] | str) -> Dim:
    # Publications of the first format stored only the dimension names.
    if isinstance(data, str):
        return Dim(data, (), True)
    return Dim(
        str(data["name"]), tuple(data.get("categories", ())), bool(data.get("additive", True))
    )


def lookup(tables: Mapping[str, ReleasedTable], table: str, categories: tuple[str, ...]) -> Cell:
    """The cell of ``table`` at ``categories``; a table that is not there gives a missing cell."""
    found = tables.get(table)
    if found is None:
        return Cell(categories, CellStatus.MISSING, None)
    return found.cell(*categories)


def released_tables(released: Mapping[str, Any]) -> dict[str, ReleasedTable]:
    """The tables of a released document, by name, in their order."""
    return {str(t["name"]): ReleasedTable(t) for t in released.get("tables", [])}


def original_tables(original: Mapping[str, Any] | None) -> dict[str, ReleasedTable]:
    """The member's exact counts in the same shape as released tables (for previews only)."""
    if not original:
        return {}
    out: dict[str, ReleasedTable] = {}
    for table in TableSet.from_dict(original):
        cells = [
            {
                "categories": list(table.categories_at(position)),
                "status": CellStatus.RELEASED,
                "value": int(table.cells[position]),
            }
            for position in table.positions()
        ]
        out[table.name] = ReleasedTable(
            {
                "name": table.name,
                "population": table.population,
                "dimensions": [d.to_dict() for d in table.dimensions],
                "cells": cells,
            }
        )
    return out


def read_warnings(preview: Mapping[str, Any]) -> list[GroupDisclosure]:
    """The group-disclosure warnings stored in a submission's preview."""
    return [GroupDisclosure.from_dict(w) for w in preview.get("warnings", [])]


@dataclass(frozen=True)
class Contributor:
    """A member whose accepted submission is counted, with its submission version."""

    code: str
    name: str
    country: str
    version: int = 1


@dataclass(frozen=True)
class Release:
    """The released tables of one cohort year, by scope (ISO alpha-3 country or ``network``).

    ``provenance`` says which submission versions and which computation of
    the network tables they come from.
    """

    year: int
    scopes: Mapping[str, Mapping[str, ReleasedTable]]
    contributors: tuple[Contributor, ...] = ()
    rule: Mapping[str, Any] = field(default_factory=dict)
    provenance: Mapping[str, Any] = field(default_factory=dict)

    @property
    def countries(self) -> list[str]:
        return sorted(scope for scope in self.scopes if scope != NETWORK)

    def tables(self, scope: str) -> Mapping[str, ReleasedTable]:
        return self.scopes.get(scope, {})

    def to_dict(self) -> dict[str, Any]:
        """Plain data for a published snapshot: public statuses and values only."""
        return {
            "year": self.year,
            "rule": dict(self.rule),
            "provenance": dict(self.provenance),
            "contributors": [asdict(c) for c in self.contributors],
            "scopes": {
                scope: {code: table.to_public_dict() for code, table in tables.items()}
                for scope, tables in self.scopes.items()
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Release:
        return cls(
            year=int(data["year"]),
            rule=data.get("rule", {}),
            provenance=data.get("provenance", {}),
            contributors=tuple(Contributor(**c) for c in data.get("contributors", [])),
            scopes={
                scope: {code: ReleasedTable(t) for code, t in tables.items()}
                for scope, tables in data["scopes"].items()
            },
        )


@dataclass(frozen=True)
class Coverage:
    """How many members contributed to a cohort year, against the best-covered year up to it.

    Later years do not count: a network that grew is not incomplete in the
    years before its new members joined.
    """

    year: int
    members: int
    best: int

    @property
    def incomplete(self) -> bool:
        """Fewer members contributed than to the best-covered year: the year's counts
        are not comparable with the others' (publishing it needs a confirmation)."""
        return self.members < self.best


def coverage(members: Mapping[int, int]) -> dict[int, Coverage]:
    """The :class:`Coverage` of each year, from the number of contributing members by year."""
    result: dict[int, Coverage] = {}
    best = 0
    for year in sorted(members):
        best = max(best, members[year])
        result[year] = Coverage(year, members[year], best)
    return result
