"""The figures of the three-year cohorts of countries: stored, brought up to date, read back.

Their figures are computed like a year's, from the pooled country tables
(:mod:`crossroads.exchange.services.pooling`), and stored in an edition of
their own, keyed by each window's first year: :data:`POOLED` for the current
cohorts, and one per publication that froze some
(:func:`publication_pooled_edition`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from crossroads.exchange import public
from crossroads.exchange.public import Release
from crossroads.monitoring.figurebook import FigureBook, Monitor, StoredFigures
from crossroads.monitoring.figures import Figure
from crossroads.monitoring.figuresets import (
    Computed,
    ScopeLoader,
    compute,
    empty_loader,
    figures_of,
    save,
)
from crossroads.monitoring.models import FigureSet

POOLED = "pooled"
"""The edition of the three-year cohorts of countries, keyed by each window's first year
(see :mod:`crossroads.exchange.services.pooling`)."""


def publication_pooled_edition(publication_id: int) -> str:
    """The edition of the three-year cohorts one publication froze (public pages)."""
    return f"publication:{publication_id}:pooled"


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


def store_publication_pooled(
    publication_id: int, pooled: Mapping[int, Release] | Computed
) -> FigureSet:
    """The figures of the three-year cohorts a publication froze (releases by the
    window's first year, or their figures computed with
    :func:`~crossroads.monitoring.figuresets.compute`)."""
    figures = pooled if isinstance(pooled, Computed) else compute(pooled, {})
    figure_set = save(publication_pooled_edition(publication_id), figures)
    for first in figures.monitor.years:
        figure_set.years[str(first)]["last_year"] = first + public.WINDOW - 1
    figure_set.save(update_fields=["years"])
    return figure_set


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
        StoredFigures(fresh, ScopeLoader(figure_set.pk), fingerprints=book.fingerprints), windows
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
