"""Counts read from the exchange tables: typed formulas over protected cells.

An indicator's numerator, denominator and pending count are each a
:class:`Count`: one or more alternative formulas, each a signed sum of
cells of one exchange table (category codes per dimension, ``_T`` for a
total). The first formula whose cells are all released gives the count; a
count for which every formula needs a suppressed cell is unknown. Working
from released cells only means an indicator never reveals more than the
published tables already do.

The input is plain data, as disclosure control releases it
(:class:`TableData`): no Django and no record is involved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

TOTAL = "_T"


class Missing(StrEnum):
    """Why a count could not be read."""

    TABLE = "table_missing"  # nobody submitted the table for this year and scope
    SUPPRESSED = "suppressed"  # a cell it needs is suppressed in every formula


@dataclass(frozen=True)
class TableData:
    """A released table: its dimensions and its cells (None where suppressed).

    ``cells`` maps category codes (one per dimension, ``_T`` for totals) to the
    released count. A cell absent from ``cells`` is a structural or true zero.
    """

    code: str
    dimensions: tuple[str, ...]
    cells: Mapping[tuple[str, ...], int | None]

    def get(self, categories: tuple[str, ...]) -> int | None:
        if len(categories) != len(self.dimensions):
            raise ValueError(
                f"table {self.code!r} has {len(self.dimensions)} dimensions, "
                f"got categories {categories!r}"
            )
        return self.cells.get(categories, 0)

    @classmethod
    def from_release(cls, release: Mapping[str, object]) -> TableData:
        """Read one table as :meth:`ProtectedTable.to_dict` of ``crossroads.stats.disclosure``
        writes it (public form: suppressed cells have value None)."""
        dimensions = tuple(
            str(d["name"]) if isinstance(d, dict) else str(d)
            for d in release["dimensions"]  # type: ignore[attr-defined]
        )
        cells: dict[tuple[str, ...], int | None] = {}
        for cell in release["cells"]:  # type: ignore[attr-defined]
            value = cell["value"]
            cells[tuple(str(c) for c in cell["categories"])] = None if value is None else int(value)
        return cls(str(release["name"]), dimensions, cells)


Tables = Mapping[str, TableData]


@dataclass(frozen=True)
class Term:
    """``sign`` × the cell of ``table`` at ``categories``."""

    table: str
    categories: tuple[str, ...]
    sign: int = 1


@dataclass(frozen=True)
class Formula:
    terms: tuple[Term, ...]

    def evaluate(self, tables: Tables) -> int | Missing:
        total = 0
        for term in self.terms:
            data = tables.get(term.table)
            if data is None:
                return Missing.TABLE
            value = data.get(term.categories)
            if value is None:
                return Missing.SUPPRESSED
            total += term.sign * value
        return max(total, 0)

    @property
    def table_codes(self) -> frozenset[str]:
        return frozenset(t.table for t in self.terms)


@dataclass(frozen=True)
class Count:
    """A count with alternative formulas, tried in order."""

    formulas: tuple[Formula, ...]

    def evaluate(self, tables: Tables) -> int | Missing:
        outcome: int | Missing = Missing.TABLE
        for formula in self.formulas:
            value = formula.evaluate(tables)
            if isinstance(value, int):
                return value
            if value is Missing.SUPPRESSED:
                outcome = Missing.SUPPRESSED
        return outcome

    @property
    def table_codes(self) -> frozenset[str]:
        return frozenset().union(*(f.table_codes for f in self.formulas))


def cells(
    table: str, *categories: tuple[str, ...], minus: Iterable[tuple[str, ...]] = ()
) -> Formula:
    """A formula: the sum of ``categories`` cells of ``table``, minus the ``minus`` cells."""
    terms = [Term(table, c) for c in categories]
    terms.extend(Term(table, c, -1) for c in minus)
    return Formula(tuple(terms))


def count(*formulas: Formula) -> Count:
    return Count(tuple(formulas))
