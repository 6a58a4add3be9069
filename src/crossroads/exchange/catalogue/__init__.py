"""The catalogue of the standard exchange tables: the contract between members and secretariat.

What each table counts, over which population, by which dimensions and
categories, and how each person is classified from the standard's fields
and events. Submissions are built from it, disclosure control protects the
tables it describes, and the rights indicators are computed from the
accepted tables by table and category code. ``docs/exchange-tables.md`` is
generated from it (``crossroads exchange catalogue``).

Codes are stable. Adding a table, a dimension or a category is a new
:data:`CATALOGUE_VERSION`; renaming or removing one never happens silently.
"""

from __future__ import annotations

from collections.abc import Iterable

from crossroads.codebook.loader import CURRENT_VERSION, load_standard
from crossroads.exchange.catalogue._types import (
    Category,
    CellLink,
    DimensionSpec,
    Label,
    Module,
    PopulationSpec,
    TableSpec,
    label_in,
)
from crossroads.exchange.catalogue.dimensions import NOT_RECORDED, PROFILE_DIMENSIONS, UNKNOWN
from crossroads.exchange.catalogue.protection_dimensions import PROTECTION_DIMENSIONS
from crossroads.exchange.catalogue.protection_tables import PROTECTION_TABLES
from crossroads.exchange.catalogue.reporting_tables import (
    REPORTING_DIMENSIONS,
    REPORTING_POPULATIONS,
    REPORTING_TABLES,
    SAFE_REPORTS,
)
from crossroads.exchange.catalogue.rights_dimensions import RIGHTS_DIMENSIONS
from crossroads.exchange.catalogue.tables import POPULATIONS as PERSON_POPULATIONS
from crossroads.exchange.catalogue.tables import TABLES as FIRST_TABLES

CATALOGUE_VERSION = "1.3"
# Catalogue 1.2 adds the tables of standard 1.1's fields, 1.3 those of the safe reporting
# point; earlier versions only lack tables.
TABLES: tuple[TableSpec, ...] = FIRST_TABLES + PROTECTION_TABLES + REPORTING_TABLES
POPULATIONS: tuple[PopulationSpec, ...] = PERSON_POPULATIONS + REPORTING_POPULATIONS
TOTAL = "_T"  # the code of a total, as in crossroads.stats.disclosure

DIMENSIONS: tuple[DimensionSpec, ...] = (
    PROFILE_DIMENSIONS + RIGHTS_DIMENSIONS + PROTECTION_DIMENSIONS + REPORTING_DIMENSIONS
)
MODULES: tuple[Module, ...] = tuple(Module)
REQUIRED_MODULES: frozenset[Module] = frozenset({Module.PROFILE})

_DIMENSIONS = {d.name: d for d in DIMENSIONS}
_TABLES = {t.code: t for t in TABLES}
_POPULATIONS = {p.code: p for p in POPULATIONS}


def is_known_version(version: str) -> bool:
    """Whether a submission built under catalogue ``version`` can be read here (not a later one)."""
    try:
        parts = tuple(int(part) for part in version.split("."))
    except ValueError:
        return False
    current = tuple(int(part) for part in CATALOGUE_VERSION.split("."))
    return parts[:1] == current[:1] and parts <= current


class CatalogueError(LookupError):
    """An unknown table, dimension or population code."""


def table(code: str) -> TableSpec:
    """The table with ``code``."""
    try:
        return _TABLES[code]
    except KeyError:
        raise CatalogueError(f"no exchange table {code!r}") from None


def dimension(name: str) -> DimensionSpec:
    """The dimension called ``name``."""
    try:
        return _DIMENSIONS[name]
    except KeyError:
        raise CatalogueError(f"no exchange dimension {name!r}") from None


def population(code: str) -> PopulationSpec:
    """The population with ``code``."""
    try:
        return _POPULATIONS[code]
    except KeyError:
        raise CatalogueError(f"no exchange population {code!r}") from None


def tables_of(modules: Iterable[Module | str]) -> tuple[TableSpec, ...]:
    """The tables of the given modules, in catalogue order."""
    wanted = {Module(m) for m in modules}
    return tuple(t for t in TABLES if t.module in wanted)


def module_title(module: Module | str) -> Label:
    """The translatable title of a module."""
    from django.utils.translation import gettext_lazy as _

    titles = {
        Module.PROFILE: _("Profile of persons registered (always shared)"),
        Module.REFERRALS: _("International referrals"),
        Module.RIGHTS: _("Rights outcomes"),
    }
    return titles[Module(module)]


def links(table_codes: Iterable[str]) -> tuple[CellLink, ...]:
    """Cells of different tables that count the same persons, among ``table_codes``.

    * The Eurostat group of forms that holds a single form counts the same
      persons as that form (``sexual``; ``unknown``), for each sex and in total.
    * The children of ``rights_children`` are the children of ``persons_sex_age``.
    """
    present = set(table_codes)
    found: list[CellLink] = []
    if {"persons_forms", "persons_form_groups"} <= present:
        for group, forms in eurostat_groups().items():
            if len(forms) != 1:
                continue
            for sex in (*dimension("sex").codes, TOTAL):
                found.append(
                    CellLink(
                        ("persons_forms", (sex, forms[0])),
                        ("persons_form_groups", (sex, group)),
                        reason=f"the Eurostat group {group!r} holds only the form {forms[0]!r}",
                    )
                )
    if {"rights_children", "persons_sex_age"} <= present:
        found.append(
            CellLink(
                ("rights_children", (TOTAL, TOTAL)),
                ("persons_sex_age", (TOTAL, "child", TOTAL)),
                reason="children are the age group 'child' of the cohort",
            )
        )
    return tuple(found)


EUROSTAT_GROUPS = {"SEX_EXP": "sexual", "LAB_EXP": "labour", "OTH": "other"}


def eurostat_groups(version: str = CURRENT_VERSION) -> dict[str, tuple[str, ...]]:
    """Forms of exploitation of each Eurostat group, from the standard's mappings."""
    vocabulary = load_standard(version).vocabularies["exploitation_form"]
    groups: dict[str, list[str]] = {code: [] for code in dimension("exploitation_group").codes}
    for value in vocabulary.values:
        group = EUROSTAT_GROUPS.get(value.mappings.get("eurostat", ""), UNKNOWN)
        groups[group].append(value.code)
    return {group: tuple(forms) for group, forms in groups.items()}


def _check() -> None:
    """The catalogue is consistent: every reference exists, tables have 1 to 3 dimensions."""
    for spec in TABLES:
        if spec.population not in _POPULATIONS:
            raise CatalogueError(f"{spec.code}: unknown population {spec.population!r}")
        if not 1 <= len(spec.dimensions) <= 3:
            raise CatalogueError(f"{spec.code}: 1 to 3 dimensions are allowed")
        for name in spec.dimensions:
            dim = dimension(name)
            if dim.parent and dim.parent not in spec.dimensions:
                raise CatalogueError(f"{spec.code}: {name} needs its parent {dim.parent}")
    if len(_TABLES) != len(TABLES) or len(_DIMENSIONS) != len(DIMENSIONS):
        raise CatalogueError("duplicate table or dimension codes")


_check()

__all__ = [
    "CATALOGUE_VERSION",
    "DIMENSIONS",
    "MODULES",
    "NOT_RECORDED",
    "POPULATIONS",
    "REQUIRED_MODULES",
    "SAFE_REPORTS",
    "TABLES",
    "TOTAL",
    "UNKNOWN",
    "CatalogueError",
    "Category",
    "CellLink",
    "DimensionSpec",
    "Label",
    "Module",
    "PopulationSpec",
    "TableSpec",
    "dimension",
    "eurostat_groups",
    "is_known_version",
    "label_in",
    "links",
    "module_title",
    "population",
    "table",
    "tables_of",
]
