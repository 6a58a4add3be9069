"""The figures the pages and the report show, by indicator, scope and cohort year.

A :class:`FigureBook` answers every question a dashboard, chart, CSV or
report asks: which cohort years and countries there are, who contributed,
an indicator's figure for a scope and year, a released cell a chart reads.
Two kinds exist:

* :class:`Monitor` computes them from releases (the exchange's latest
  tables, or a publication's frozen ones); the read model
  (:mod:`crossroads.monitoring.readmodel`) uses it once per change;
* :class:`StoredFigures` reads them back from the read model, which is what
  every page does.

Both give the same answers for the same releases; a test holds them to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from crossroads.exchange.released import (
    NETWORK,
    TOTAL,
    Contributor,
    Coverage,
    Release,
    coverage,
)
from crossroads.monitoring.figures import Figure, compute
from crossroads.monitoring.indicators import BY_CODE, INDICATORS

COHORT_CELL = ("persons_sex_age", (TOTAL, TOTAL, TOTAL))
"""The cell that counts a scope's cohort: the grand total of the sex-and-age table."""


@dataclass(frozen=True)
class YearInfo:
    """What is known of one cohort year besides its figures."""

    year: int
    countries: tuple[str, ...]
    contributors: tuple[Contributor, ...]
    by_country: bool = True
    """False while only the network's tables were computed."""
    current: bool = True
    """False when a submission was accepted or returned since the tables were computed."""
    rule: Mapping[str, Any] = field(default_factory=dict)
    """The disclosure control the tables were released under (threshold, rounding)."""

    @property
    def members(self) -> int:
        return len({c.code for c in self.contributors})


class FigureBook:
    """What every figure source answers (see the module docstring)."""

    @property
    def years(self) -> list[int]:
        raise NotImplementedError

    def year_info(self, year: int) -> YearInfo:
        raise NotImplementedError

    def figure(self, code: str, scope: str, year: int) -> Figure:
        """The figure of indicator ``code`` for ``scope`` in cohort ``year``."""
        raise NotImplementedError

    def count(self, scope: str, year: int, table: str, categories: tuple[str, ...]) -> int | None:
        """One released cell (None when suppressed or not submitted)."""
        raise NotImplementedError

    def preload(self, wanted: Iterable[tuple[int, str]]) -> None:
        """Fetch the figures of these (year, scope) pairs at once, where that saves work."""

    @property
    def latest_year(self) -> int | None:
        """The cohort year the pages open on: the latest that at least half as many
        members contributed to as the best-covered year.

        While the latest year's submissions are still coming in, a year
        with three members would say little about the network; the pages
        open on the last year most members reported, and the newer one
        stays a click away.
        """
        if not self.years:
            return None
        counts = {year: self.year_info(year).members for year in self.years}
        most = max(counts.values())
        return max(year for year, count in counts.items() if 2 * count >= most)

    def up_to(self, year: int) -> FigureBook:
        """The same figures, of the cohort years up to ``year`` only (a report of ``year``)."""
        raise NotImplementedError

    def members(self, scope: str = NETWORK) -> dict[int, int]:
        """How many members contributed to each year, in the network or one country."""
        return {
            y: len({c.code for c in self.year_info(y).contributors
                    if scope == NETWORK or c.country == scope})
            for y in self.years
        }  # fmt: skip

    def coverage(self, year: int, scope: str = NETWORK) -> Coverage:
        """How many members contributed to ``year``, against the best-covered year up to it
        (see :class:`~crossroads.exchange.released.Coverage`)."""
        members = self.members(scope)
        return coverage(members).get(year, Coverage(year, 0, max(members.values(), default=0)))

    def incomplete_years(self, scope: str = NETWORK) -> list[Coverage]:
        """Years some members contributed to, but fewer than to the best-covered year up
        to them."""
        return [c for c in coverage(self.members(scope)).values() if c.incomplete and c.members]

    @cached_property
    def countries(self) -> list[str]:
        """Countries with data in any year, by code."""
        return sorted({c for year in self.years for c in self.year_info(year).countries})

    def figures(self, scope: str, year: int) -> list[Figure]:
        return [self.figure(spec.code, scope, year) for spec in INDICATORS]

    def cohort(self, scope: str, year: int) -> int | None:
        """Persons in the cohort of ``scope`` and ``year``."""
        table, categories = COHORT_CELL
        return self.count(scope, year, table, categories)

    def scopes(self, year: int) -> list[str]:
        return [NETWORK, *self.year_info(year).countries]


class Monitor(FigureBook):
    """The figures of a set of releases (one per cohort year), computed on demand."""

    def __init__(self, releases: Mapping[int, Release]) -> None:
        self.releases = dict(sorted(releases.items()))
        self._cache: dict[tuple[str, str, int], Figure] = {}

    @property
    def years(self) -> list[int]:
        return list(self.releases)

    def year_info(self, year: int) -> YearInfo:
        release = self.releases[year]
        return YearInfo(
            year,
            tuple(release.countries),
            release.contributors,
            by_country=release.provenance.get("by_country") is not False,
            current=release.provenance.get("current") is not False,
            rule=release.rule,
        )

    def figure(self, code: str, scope: str, year: int) -> Figure:
        key = (code, scope, year)
        if key not in self._cache:
            release = self.releases.get(year)
            tables = release.tables(scope) if release else {}
            self._cache[key] = compute(BY_CODE[code], tables, scope, year)
        return self._cache[key]

    def count(self, scope: str, year: int, table: str, categories: tuple[str, ...]) -> int | None:
        release = self.releases.get(year)
        data = release.tables(scope).get(table) if release else None
        return data.get(categories) if data is not None else None

    def up_to(self, year: int) -> Monitor:
        return Monitor({y: r for y, r in self.releases.items() if y <= year})

    def all_figures(self) -> list[Figure]:
        """Every figure of every indicator, scope and year (for snapshots and exports)."""
        return [
            self.figure(spec.code, scope, year)
            for year in self.years
            for scope in self.scopes(year)
            for spec in INDICATORS
        ]


class StoredFigures(FigureBook):
    """Figures read from the read model: nothing is computed, only looked up.

    ``infos`` holds each year's :class:`YearInfo` and ``fingerprints`` the
    release each year was computed from; ``load`` fetches the
    stored figures and cells of (year, scope) pairs in one query, and is
    called as the page asks for them (see :mod:`crossroads.monitoring.readmodel`).
    """

    def __init__(
        self,
        infos: Mapping[int, YearInfo],
        load: LoadScopes,
        preload: Iterable[tuple[int, str]] = (),
        fingerprints: Mapping[int, str] | None = None,
    ) -> None:
        self.infos = dict(sorted(infos.items()))
        self.fingerprints = dict(fingerprints or {})
        self._load = load
        self._scopes: dict[tuple[int, str], StoredScope] = {}
        self.preload(preload)

    @property
    def years(self) -> list[int]:
        return list(self.infos)

    def year_info(self, year: int) -> YearInfo:
        return self.infos[year]

    def up_to(self, year: int) -> StoredFigures:
        book = StoredFigures(
            {y: i for y, i in self.infos.items() if y <= year}, self._load,
            fingerprints=self.fingerprints,
        )  # fmt: skip
        book._scopes = self._scopes
        return book

    def preload(self, wanted: Iterable[tuple[int, str]]) -> None:
        """Fetch the stored figures of these (year, scope) pairs in one go."""
        missing = [key for key in wanted if key not in self._scopes]
        if missing:
            found = self._load(missing)
            for key in missing:
                self._scopes[key] = found.get(key, EMPTY_SCOPE)

    def _scope(self, year: int, scope: str) -> StoredScope:
        if (year, scope) not in self._scopes:
            self.preload([(year, scope)])
        return self._scopes[(year, scope)]

    def figure(self, code: str, scope: str, year: int) -> Figure:
        stored = self._scope(year, scope).figures.get(code)
        if stored is None:
            # A scope or year without released tables: the figure says why.
            return compute(BY_CODE[code], {}, scope, year)
        return stored

    def count(self, scope: str, year: int, table: str, categories: tuple[str, ...]) -> int | None:
        if (table, categories) == COHORT_CELL:
            return self._scope(year, scope).cohort
        return self._scope(year, scope).cells.get(table, {}).get(categories)


@dataclass(frozen=True)
class StoredScope:
    """The stored figures and chart cells of one scope and year."""

    cohort: int | None
    figures: Mapping[str, Figure]
    cells: Mapping[str, Mapping[tuple[str, ...], int | None]]


EMPTY_SCOPE = StoredScope(None, {}, {})


class LoadScopes:
    """Fetches stored scopes: ``load([(year, scope), ...]) -> {(year, scope): StoredScope}``."""

    def __call__(self, keys: list[tuple[int, str]]) -> dict[tuple[int, str], StoredScope]:
        raise NotImplementedError
