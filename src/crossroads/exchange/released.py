"""Reading released (protected) tables back from their JSON form.

A released table holds, for every cell (margins and totals included), its
categories, a public status (``released``, ``rounded``, ``zero`` or
``suppressed``; in a preview also the reason of suppression) and a value
(None when suppressed). Validation, pages, spreadsheets and aggregation
all read released tables through :class:`ReleasedTable`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from crossroads.stats.disclosure import TOTAL

SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Cell:
    """One released cell."""

    categories: tuple[str, ...]
    status: str
    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None or self.status.startswith(SUPPRESSED)


@dataclass(frozen=True)
class Dim:
    """A dimension of a released table."""

    name: str
    categories: tuple[str, ...]
    additive: bool


class ReleasedTable:
    """One released table, indexed by category codes."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.name: str = str(data["name"])
        self.population: str = str(data["population"])
        self.dimensions = tuple(
            Dim(str(d["name"]), tuple(d["categories"]), bool(d.get("additive", True)))
            for d in data["dimensions"]
        )
        self._cells: dict[tuple[str, ...], Cell] = {}
        for cell in data["cells"]:
            categories = tuple(cell["categories"])
            value = cell.get("value")
            self._cells[categories] = Cell(
                categories, str(cell["status"]), None if value is None else int(value)
            )

    def cell(self, *categories: str) -> Cell:
        """The cell with these category codes (``TOTAL`` for a total); a missing cell is a zero."""
        found = self._cells.get(tuple(categories))
        return found if found is not None else Cell(tuple(categories), "zero", 0)

    def has(self, *categories: str) -> bool:
        return tuple(categories) in self._cells

    @property
    def grand_total(self) -> Cell:
        return self.cell(*([TOTAL] * len(self.dimensions)))

    def dimension(self, name: str) -> Dim | None:
        return next((d for d in self.dimensions if d.name == name), None)

    def margin(self, name: str) -> dict[str, Cell]:
        """The one-way margin over dimension ``name``: category -> cell, others at total."""
        position = [d.name for d in self.dimensions].index(name)
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


def released_tables(released: Mapping[str, Any]) -> dict[str, ReleasedTable]:
    """The tables of a released document, by name, in their order."""
    return {str(t["name"]): ReleasedTable(t) for t in released.get("tables", [])}


def original_tables(original: Mapping[str, Any] | None) -> dict[str, ReleasedTable]:
    """The member's exact counts in the same shape as released tables (for previews only)."""
    if not original:
        return {}
    from crossroads.stats.disclosure import TableSet

    out: dict[str, ReleasedTable] = {}
    for table in TableSet.from_dict(original):
        cells = [
            {
                "categories": list(table.categories_at(position)),
                "status": "released",
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
