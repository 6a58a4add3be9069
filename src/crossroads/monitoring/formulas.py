"""Counts read from the exchange tables: typed formulas over protected cells.

An indicator's numerator, denominator and pending count are each a
:class:`Count`: one or more alternative formulas, each a signed sum of
cells of one exchange table (category codes per dimension, ``_T`` for a
total). The first formula whose cells are all released gives the count; a
count for which every formula needs a suppressed cell is unknown. Working
from released cells only means an indicator never reveals more than the
published tables already do.

The input is the released tables of one scope and year, read through the
exchange's released-table contract (:class:`~crossroads.exchange.released.ReleasedTable`):
no record is involved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from crossroads.exchange.released import ReleasedTable


class Missing(StrEnum):
    """Why a count could not be read."""

    TABLE = "table_missing"  # nobody submitted the table for this year and scope
    SUPPRESSED = "suppressed"  # a cell it needs is suppressed in every formula


Tables = Mapping[str, ReleasedTable]


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
