"""The typed vocabulary of the exchange catalogue: modules, populations, dimensions, tables.

Everything here is an immutable value. Codes (table codes, dimension names,
category codes) are stable: once released they are never renamed or
reused, because the secretariat's aggregates and the rights indicators of
the monitoring app are keyed on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise

from crossroads.codebook.definitions import Text


class Module(StrEnum):
    """A group of tables an agreement shares or not, as a whole.

    A population belongs to the tables of one or more modules; the profile
    module is shared by every member, so every submission carries it.
    """

    PROFILE = "profile"
    REFERRALS = "referrals"
    RIGHTS = "rights"


Label = Text | Promise


def label_in(label: Label, language: str) -> str:
    """A label from the standard (several languages) or a translatable string, as text."""
    if isinstance(label, Text):
        return label.get(language)
    from django.utils import translation

    with translation.override(language):
        return str(label)


@dataclass(frozen=True)
class Category:
    """One category of a dimension: a stable code and its label."""

    code: str
    label: Label
    parent: str = ""
    """For a dimension nested in another one: the code of the enclosing category."""

    def label_in(self, language: str) -> str:
        return label_in(self.label, language)


@dataclass(frozen=True)
class DimensionSpec:
    """A classification of persons used by one or more tables.

    ``categories`` is None for dimensions whose categories are the codes
    present in the data (ISO 3166-1 alpha-3 countries, ordered by code, so
    that the order never reveals anything about suppressed cells).
    ``additive`` says whether each person has exactly one category (True)
    or any number of them (multi-response; the total is then the number of
    persons, not the sum of the categories). ``none_code`` is the category
    of persons with no such event (no application, no claim), whose cells
    are structurally empty against the other dimension's events.
    ``parent`` names the dimension this one refines (CTDC age band within
    child/adult), whose category each of its categories belongs to.
    """

    name: str
    title: Promise
    additive: bool
    categories: tuple[Category, ...] | None
    derivation: str
    none_code: str = ""
    parent: str = ""

    @property
    def dynamic(self) -> bool:
        """Whether the categories are the codes present in the data."""
        return self.categories is None

    @property
    def codes(self) -> tuple[str, ...]:
        """Category codes in their fixed order (empty for a dynamic dimension)."""
        return tuple(c.code for c in self.categories or ())

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories or () if c.code == code), None)


@dataclass(frozen=True)
class PopulationSpec:
    """A set of persons of the year's cohort that tables count."""

    code: str
    title: Promise
    definition: Promise


@dataclass(frozen=True)
class TableSpec:
    """One standard exchange table."""

    code: str
    title: Promise
    description: Promise
    module: Module
    population: str
    dimensions: tuple[str, ...]
    indicators: tuple[str, ...] = ()
    """Rights indicators (ids of ``rights-indicators.md``) the table serves."""
    notes: Promise | None = None
    """Counting rules worth knowing (which event counts when there are several)."""


@dataclass(frozen=True)
class CellLink:
    """Two cells of different tables that count the same persons.

    Declared so that disclosure control knows that releasing one releases
    the other. ``first``/``second`` are (table code, category codes) with
    ``"_T"`` for a total.
    """

    first: tuple[str, tuple[str, ...]]
    second: tuple[str, tuple[str, ...]]
    reason: str = field(default="", compare=False)
