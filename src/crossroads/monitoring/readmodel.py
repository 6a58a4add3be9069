"""The figures' read model: every figure the pages and the report show, computed once.

When a release changes (a submission accepted or returned, network or
country tables computed, a year published), :func:`rebuild` computes the
figures of every indicator, scope and cohort year whose release changed
(:class:`~crossroads.monitoring.figurebook.Monitor`), with the released
cells the charts read, and stores them (:class:`~crossroads.monitoring.models.FigureSet`,
one row per scope and year) with what they were computed from. Pages read
them back (:func:`stored`): a page does a few small queries and no
computation.

Two kinds of edition exist: :data:`ACCEPTED`, the latest accepted data,
kept in step with the exchange's releases; and one per publication,
computed from its frozen snapshot when it is published (with a second one,
:func:`publication_pooled_edition`, for the three-year cohorts it froze).

A stale read model is never served unnoticed: :func:`freshness` compares
each year's fingerprint with the exchange's (:func:`crossroads.exchange.public.states`)
and the pages say which years are being recomputed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crossroads.exchange import public
from crossroads.exchange.public import Release, YearState
from crossroads.exchange.released import Contributor
from crossroads.monitoring.charts import CHART_TABLES
from crossroads.monitoring.figurebook import (
    COHORT_CELL,
    FigureBook,
    LoadScopes,
    Monitor,
    StoredFigures,
    StoredScope,
    YearInfo,
)
from crossroads.monitoring.figures import Figure
from crossroads.monitoring.indicators import INDICATORS
from crossroads.monitoring.models import FigureSet, ScopeFigures

ACCEPTED = "accepted"
"""The edition of the latest accepted data (signed-in pages)."""
POOLED = "pooled"
"""The edition of the three-year cohorts of countries, keyed by each window's first year
(see :mod:`crossroads.exchange.services.pooling`)."""

Say = Callable[[int, int], None]


def publication_edition(publication_id: int) -> str:
    """The edition of one publication (public pages)."""
    return f"publication:{publication_id}"


def publication_pooled_edition(publication_id: int) -> str:
    """The edition of the three-year cohorts one publication froze (public pages)."""
    return f"publication:{publication_id}:pooled"


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


def rebuild(say: Say | None = None) -> tuple[FigureSet, list[int]]:
    """Bring the figures of the latest accepted data up to date; return them and the
    years recomputed. Only years whose release changed are recomputed."""
    now = public.states()
    stored_set = FigureSet.objects.filter(edition=ACCEPTED).first()
    before = stored_set.years if stored_set is not None else {}
    changed = {
        year
        for year, state in now.items()
        if before.get(str(year), {}).get("fingerprint") != state.fingerprint
    }
    unchanged = set(now) - changed
    figure_set = store(
        ACCEPTED,
        public.releases(changed),
        {year: state.fingerprint for year, state in now.items()},
        keep={y for y in unchanged if str(y) in before},
        say=say,
    )
    rebuild_pooled()
    return figure_set, sorted(changed)


def rebuild_pooled() -> FigureSet | None:
    """Bring the figures of the three-year cohorts up to date (None when nothing changed).

    Their figures are computed like a year's, from the pooled country
    tables, and stored in their own edition (:data:`POOLED`) with the
    window's last year (:func:`pooled_figures`).
    """
    now = public.pooled_fingerprints()
    stored_set = FigureSet.objects.filter(edition=POOLED).first()
    before = {
        int(y): e.get("fingerprint") for y, e in (stored_set.years if stored_set else {}).items()
    }
    if stored_set is not None and before == now:
        return None
    cohorts = public.pooled_cohorts()
    figures = compute(
        {first: c.release for first, c in cohorts.items()},
        {first: c.fingerprint for first, c in cohorts.items()},
    )
    figure_set = save(POOLED, figures)
    for first, cohort in cohorts.items():
        figure_set.years[str(first)]["last_year"] = cohort.last_year
    figure_set.save(update_fields=["years"])
    return figure_set


def store_publication(
    publication_id: int, published: Mapping[int, Release] | Computed
) -> FigureSet:
    """The figures of a publication, from the releases it froze (or their figures,
    computed beforehand with :func:`compute`)."""
    figures = published if isinstance(published, Computed) else compute(published, {})
    return save(publication_edition(publication_id), figures)


def store_publication_pooled(
    publication_id: int, pooled: Mapping[int, Release] | Computed
) -> FigureSet:
    """The figures of the three-year cohorts a publication froze (releases by the
    window's first year, or their figures computed with :func:`compute`)."""
    figures = pooled if isinstance(pooled, Computed) else compute(pooled, {})
    figure_set = save(publication_pooled_edition(publication_id), figures)
    for first in figures.monitor.years:
        figure_set.years[str(first)]["last_year"] = first + public.WINDOW - 1
    figure_set.save(update_fields=["years"])
    return figure_set


# -- reading -------------------------------------------------------------------------


class _Loader(LoadScopes):
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
    return _Loader(0)


def stored(edition: str) -> StoredFigures | None:
    """The stored figures of ``edition`` (None when never computed)."""
    figure_set = FigureSet.objects.filter(edition=edition).first()
    return figures_of(figure_set) if figure_set is not None else None


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
    return StoredFigures(infos, _Loader(figure_set.pk), fingerprints=fingerprints)


@dataclass(frozen=True)
class PooledFigures:
    """The figures of the current three-year cohorts, read as the pages ask for them."""

    book: FigureBook
    windows: Mapping[int, int]
    """Last year of each window, by first year."""

    def window(self, year: int) -> tuple[int, int] | None:
        """The pooled window that holds ``year``, if its figures are current."""
        first, last = public.window_of(year)
        return (first, last) if first in self.windows else None

    def figure(self, code: str, country: str, year: int) -> Figure | None:
        """The pooled figure of ``country`` for the window of ``year`` (None without one)."""
        window = self.window(year)
        if window is None or country not in self.book.year_info(window[0]).countries:
            return None
        return self.book.figure(code, country, window[0])

    def cohort(self, country: str, year: int) -> int | None:
        window = self.window(year)
        if window is None or country not in self.book.year_info(window[0]).countries:
            return None
        return self.book.cohort(country, window[0])


def pooled_figures() -> PooledFigures:
    """The stored figures of the three-year cohorts whose pooled tables are current now
    (two small queries; a window out of date is left out, never shown)."""
    figure_set = FigureSet.objects.filter(edition=POOLED).first()
    if figure_set is None:
        return PooledFigures(StoredFigures({}, empty_loader()), {})
    current = public.pooled_fingerprints()
    book = figures_of(figure_set)
    fresh = {y: i for y, i in book.infos.items() if current.get(y) == book.fingerprints.get(y)}
    windows = {
        y: int(figure_set.years[str(y)].get("last_year", y + public.WINDOW - 1)) for y in fresh
    }
    return PooledFigures(
        StoredFigures(fresh, _Loader(figure_set.pk), fingerprints=book.fingerprints), windows
    )


def pooled_of(figure_set: FigureSet) -> PooledFigures:
    """The figures of the three-year cohorts in a stored set, every window as stored
    (a publication's: frozen, never compared with the current pooled tables)."""
    book = figures_of(figure_set)
    windows = {
        y: int(figure_set.years[str(y)].get("last_year", y + public.WINDOW - 1)) for y in book.infos
    }
    return PooledFigures(book, windows)


def stored_pooled(edition: str) -> PooledFigures | None:
    """The stored figures of the three-year cohorts of ``edition`` (None when never
    computed), every window as stored."""
    figure_set = FigureSet.objects.filter(edition=edition).first()
    return pooled_of(figure_set) if figure_set is not None else None


def pooled_book(pooled: Mapping[int, Release]) -> PooledFigures:
    """The figures of the three-year cohorts of ``pooled`` (releases by the window's first
    year), computed on demand: for a report built before they are stored."""
    return PooledFigures(Monitor(pooled), {first: first + public.WINDOW - 1 for first in pooled})


@dataclass(frozen=True)
class Freshness:
    """How the stored figures of the latest accepted data stand against the releases."""

    states: Mapping[int, YearState]
    stale: tuple[int, ...]
    """Years whose figures no longer match their release (being recomputed)."""

    @property
    def computing(self) -> list[YearState]:
        """Years whose network or country tables are being computed now."""
        return [s for s in self.states.values() if s.computing is not None]

    @property
    def waiting(self) -> list[int]:
        """Years with accepted submissions whose tables were never computed."""
        return [y for y, s in self.states.items() if not s.computed]


def freshness(figures: StoredFigures | None) -> Freshness:
    """Compare the stored figures with the exchange's releases (two small queries)."""
    now = public.states()
    kept = figures.fingerprints if figures is not None else {}
    stale = {y for y, s in now.items() if s.computed and kept.get(y) != s.fingerprint}
    gone = {y for y in kept if y not in now or not now[y].computed}
    return Freshness(now, tuple(sorted(stale | gone)))
