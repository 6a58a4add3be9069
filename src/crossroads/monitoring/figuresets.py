"""Figure sets: figures computed from releases, stored by scope and year, and read back.

The storage under every edition of the read model (:mod:`crossroads.monitoring.readmodel`
for the accepted data and the publications, :mod:`crossroads.monitoring.pooled` for the
three-year cohorts): :func:`compute` the figures of some releases, :func:`save` them in
an edition (:class:`~crossroads.monitoring.models.FigureSet`, one row per scope and
year), and read them back with :func:`figures_of`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crossroads.exchange.public import Release
from crossroads.exchange.released import Contributor
from crossroads.monitoring.charts import CHART_TABLES
from crossroads.monitoring.figurebook import (
    COHORT_CELL,
    LoadScopes,
    Monitor,
    StoredFigures,
    StoredScope,
    YearInfo,
)
from crossroads.monitoring.figures import Figure
from crossroads.monitoring.indicators import INDICATORS
from crossroads.monitoring.models import FigureSet, ScopeFigures

Say = Callable[[int, int], None]


# -- writing -------------------------------------------------------------------------


@dataclass(frozen=True)
class Computed:
    """Figures computed from releases, not stored yet (see :func:`compute`)."""

    monitor: Monitor
    rows: list[ScopeFigures]
    fingerprints: Mapping[int, str]
    started: float


def compute(
    computed: Mapping[int, Release], fingerprints: Mapping[int, str], say: Say | None = None
) -> Computed:
    """The figures of ``computed`` (releases by year), ready for :func:`save`.

    Kept apart from writing so that a caller holding a write transaction
    (publishing a year) does the long computation before it opens it.
    """
    started = time.perf_counter()
    monitor = Monitor(computed)
    rows: list[ScopeFigures] = []
    total = sum(len(monitor.scopes(y)) for y in monitor.years)
    for year in monitor.years:
        for scope in monitor.scopes(year):
            rows.append(_scope_row(monitor, year, scope))
            if say is not None:
                say(len(rows), total)
    return Computed(monitor, rows, fingerprints, started)


def save(edition: str, figures: Computed, *, keep: set[int] | None = None) -> FigureSet:
    """Store ``figures`` in ``edition``.

    Years in ``keep`` keep their stored figures; every other year not in
    ``figures`` is removed. One transaction: a reader sees the old figures
    or the new ones, never a mix.
    """
    monitor = figures.monitor
    with transaction.atomic():
        figure_set, _created = FigureSet.objects.select_for_update().get_or_create(edition=edition)
        kept = {y: v for y, v in figure_set.years.items() if keep and int(y) in keep}
        ScopeFigures.objects.filter(figure_set=figure_set).exclude(
            year__in=[int(y) for y in kept]
        ).delete()
        rows = [replace_set(row, figure_set) for row in figures.rows]
        ScopeFigures.objects.bulk_create(rows, batch_size=200)
        years = {**kept}
        for year in monitor.years:
            years[str(year)] = _year_entry(
                monitor.year_info(year), figures.fingerprints.get(year, "")
            )
        figure_set.years = dict(sorted(years.items()))
        figure_set.computed_at = timezone.now()
        figure_set.seconds = time.perf_counter() - figures.started
        figure_set.save()
    return figure_set


def replace_set(row: ScopeFigures, figure_set: FigureSet) -> ScopeFigures:
    """A copy of an unsaved row that belongs to ``figure_set``."""
    return ScopeFigures(
        figure_set=figure_set, year=row.year, scope=row.scope, cohort=row.cohort,
        figures=row.figures, cells=row.cells,
    )  # fmt: skip


def store(
    edition: str,
    computed: Mapping[int, Release],
    fingerprints: Mapping[int, str],
    *,
    keep: set[int] | None = None,
    say: Say | None = None,
) -> FigureSet:
    """Compute and store the figures of ``computed`` (releases by year) in ``edition``
    (see :func:`compute` and :func:`save`)."""
    return save(edition, compute(computed, fingerprints, say), keep=keep)


def _scope_row(monitor: Monitor, year: int, scope: str) -> ScopeFigures:
    tables = monitor.releases[year].tables(scope)
    cells: dict[str, list[list[Any]]] = {}
    for code in CHART_TABLES:
        table = tables.get(code)
        if table is not None:
            # Released values only: a suppressed cell is stored as None.
            cells[code] = [[*cell.categories, cell.value] for cell in table.cells()]
    return ScopeFigures(
        year=year,
        scope=scope,
        cohort=monitor.count(scope, year, *COHORT_CELL),
        figures={spec.code: _pack(monitor.figure(spec.code, scope, year)) for spec in INDICATORS},
        cells=cells,
    )


def _pack(figure: Figure) -> list[Any]:
    return [
        figure.numerator, figure.denominator, figure.pending, figure.rate, figure.low,
        figure.high, figure.reason, figure.minimum,
    ]  # fmt: skip


def _unpack(code: str, scope: str, year: int, packed: list[Any]) -> Figure:
    numerator, denominator, pending, rate, low, high, reason, minimum = packed
    return Figure(code, scope, year, numerator, denominator, pending, rate, low, high,
                  reason=reason, minimum=minimum)  # fmt: skip


def _year_entry(info: YearInfo, fingerprint: str) -> dict[str, Any]:
    return {
        "fingerprint": fingerprint,
        "countries": list(info.countries),
        "contributors": [asdict(c) for c in info.contributors],
        "by_country": info.by_country,
        "current": info.current,
        "rule": dict(info.rule),
    }


# -- reading -------------------------------------------------------------------------


class ScopeLoader(LoadScopes):
    """Reads the stored scopes of one figure set as the pages ask for them."""

    def __init__(self, figure_set_id: int) -> None:
        self.figure_set_id = figure_set_id

    def __call__(self, keys: list[tuple[int, str]]) -> dict[tuple[int, str], StoredScope]:
        wanted = Q()
        for year, scope in keys:
            wanted |= Q(year=year, scope=scope)
        out: dict[tuple[int, str], StoredScope] = {}
        rows = ScopeFigures.objects.filter(figure_set_id=self.figure_set_id).filter(wanted)
        for row in rows.values_list("year", "scope", "cohort", "figures", "cells"):
            year, scope, cohort, figures, cells = row
            out[(year, scope)] = StoredScope(
                cohort,
                {code: _unpack(code, scope, year, packed) for code, packed in figures.items()},
                {
                    table: {tuple(c[:-1]): c[-1] for c in table_cells}
                    for table, table_cells in cells.items()
                },
            )
        return out


def empty_loader() -> LoadScopes:
    """A loader for figures that have no stored set yet (everything is empty)."""
    return ScopeLoader(0)


def figures_of(figure_set: FigureSet) -> StoredFigures:
    """The figures of a stored set, read as the pages ask for them."""
    infos = {
        int(year): YearInfo(
            int(year),
            tuple(entry["countries"]),
            tuple(Contributor(**c) for c in entry["contributors"]),
            by_country=bool(entry["by_country"]),
            current=bool(entry["current"]),
            rule=entry.get("rule", {}),
        )
        for year, entry in figure_set.years.items()
    }
    fingerprints = {int(year): str(e["fingerprint"]) for year, e in figure_set.years.items()}
    return StoredFigures(infos, ScopeLoader(figure_set.pk), fingerprints=fingerprints)
