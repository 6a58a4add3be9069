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
computed from its frozen snapshot when it is published. The three-year
cohorts have editions of their own (:mod:`crossroads.monitoring.pooled`),
brought up to date by :func:`rebuild` too; both kinds are stored as figure
sets (:mod:`crossroads.monitoring.figuresets`).

A stale read model is never served unnoticed: :func:`freshness` compares
each year's fingerprint with the exchange's (:func:`crossroads.exchange.public.states`)
and the pages say which years are being recomputed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from crossroads.exchange import public
from crossroads.exchange.public import Release, YearState
from crossroads.monitoring.figurebook import StoredFigures
from crossroads.monitoring.figuresets import Computed, Say, compute, figures_of, save, store
from crossroads.monitoring.models import FigureSet
from crossroads.monitoring.pooled import rebuild_pooled

ACCEPTED = "accepted"
"""The edition of the latest accepted data (signed-in pages)."""


def publication_edition(publication_id: int) -> str:
    """The edition of one publication (public pages)."""
    return f"publication:{publication_id}"


def stored(edition: str) -> StoredFigures | None:
    """The stored figures of ``edition`` (None when never computed)."""
    figure_set = FigureSet.objects.filter(edition=edition).first()
    return figures_of(figure_set) if figure_set is not None else None


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


def store_publication(
    publication_id: int, published: Mapping[int, Release] | Computed
) -> FigureSet:
    """The figures of a publication, from the releases it froze (or their figures,
    computed beforehand with
    :func:`~crossroads.monitoring.figuresets.compute`)."""
    figures = published if isinstance(published, Computed) else compute(published, {})
    return save(publication_edition(publication_id), figures)


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
