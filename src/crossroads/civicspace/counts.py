"""Protected counts of civic space incidents by country and year, and the rise flag.

The network sees how many incidents members recorded per country and year,
never the records. The counts go through the statistics core's disclosure
control (``crossroads.stats.disclosure``): a count below the threshold is
suppressed, and so are the cells from which it could be recomputed from the
margins. A country with one member would otherwise tell the network exactly
what happened to that member.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from crossroads.civicspace.models import CivicIncident
from crossroads.stats.disclosure import (
    TOTAL,
    Dimension,
    SuppressionRule,
    Table,
    TableSet,
    protect,
)

RISE_FACTOR = 1.5
"""A released count at least this many times the year before's is flagged as a rise."""


def threshold() -> int:
    """Counts of incidents below this number are suppressed (``CROSSROADS_CIVIC_THRESHOLD``)."""
    return int(settings.CROSSROADS_CIVIC_THRESHOLD)


@dataclass(frozen=True)
class Row:
    """One line of a protected table: a label, a value per year (None: hidden), the total."""

    key: str
    values: list[int | None]
    total: int | None
    rising: bool


@dataclass(frozen=True)
class Grid:
    """A protected table of incidents: rows by years, with the rule applied."""

    years: list[int]
    rows: list[Row]
    totals: list[int | None]
    threshold: int


def _protected(rows: list[str], years: list[int], counts: Counter[tuple[str, int]]) -> Grid:
    if not rows or not years:
        return Grid(years=years, rows=[], totals=[], threshold=threshold())
    row_dim = Dimension("row", tuple(rows))
    year_dim = Dimension("year", tuple(str(y) for y in years))
    table = Table(
        "incidents",
        "incidents",
        [row_dim, year_dim],
        [[counts.get((r, y), 0) for y in years] for r in rows],
    )
    result = protect(TableSet([table]), SuppressionRule(threshold=threshold())).table("incidents")

    def value(row: str, year: str) -> int | None:
        cell = result.cell(row, year)
        return None if cell.display == "x" else int(cell.display)

    shown = []
    for r in rows:
        values = [value(r, str(y)) for y in years]
        shown.append(Row(r, values, value(r, TOTAL), rising(values)))
    totals = [value(TOTAL, str(y)) for y in years]
    return Grid(years=years, rows=shown, totals=totals, threshold=threshold())


def rising(values: list[int | None]) -> bool:
    """Whether the last year's released count rose markedly over the year before.

    A rise is a released count of the last year that is at least
    ``RISE_FACTOR`` times the previous year's, or a released count after a
    year below the threshold or without incidents. Hidden last years are
    never flagged: a flag must not reveal a suppressed count.
    """
    if len(values) < 2 or values[-1] is None:
        return False
    last, before = values[-1], values[-2]
    if before is None or before == 0:
        return last > 0
    return last >= RISE_FACTOR * before


def by_country(years: list[int]) -> Grid:
    """Incidents of every member, by country (ISO alpha-3) and year of occurrence, protected.

    The protected table is kept in the cache under a digest of the counts, so
    it is computed again only when an incident is recorded, changed or
    removed (protecting it takes about half a second).
    """
    counts: Counter[tuple[str, int]] = Counter()
    for country, day in (
        CivicIncident.objects.filter(occurred_on__year__in=years)
        .exclude(organisation__kind="secretariat")
        .values_list("organisation__country", "occurred_on")
    ):
        counts[(country, day.year)] += 1
    digest = hashlib.sha256(
        json.dumps([threshold(), years, sorted(counts.items())]).encode()
    ).hexdigest()
    key = f"civicspace:by-country:{digest}"
    grid = cache.get(key)
    if grid is None:
        countries = sorted({c for c, _y in counts})
        grid = _protected(countries, years, counts)
        cache.set(key, grid, timeout=24 * 3600)
    assert isinstance(grid, Grid)
    return grid


def country_row(grid: Grid, country: str) -> Row | None:
    """The protected line of ``country`` in ``grid`` (None: no incident recorded)."""
    return next((row for row in grid.rows if row.key == country), None)
