"""Indicators over releases: every figure by indicator, scope and cohort year, computed once."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

from crossroads.monitoring.figures import NETWORK, Figure, compute
from crossroads.monitoring.formulas import TOTAL
from crossroads.monitoring.indicators import BY_CODE, INDICATORS
from crossroads.monitoring.sources import Release


class Monitor:
    """The figures of a set of releases (one per cohort year)."""

    def __init__(self, releases: Mapping[int, Release]) -> None:
        self.releases = dict(sorted(releases.items()))
        self._cache: dict[tuple[str, str, int], Figure] = {}

    @property
    def years(self) -> list[int]:
        return list(self.releases)

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
        counts = {year: len(self.releases[year].contributors) for year in self.years}
        most = max(counts.values())
        return max(year for year, count in counts.items() if 2 * count >= most)

    @cached_property
    def countries(self) -> list[str]:
        """Countries with data in any year, by code."""
        return sorted({c for release in self.releases.values() for c in release.countries})

    def figure(self, code: str, scope: str, year: int) -> Figure:
        """The figure of indicator ``code`` for ``scope`` in cohort ``year``."""
        key = (code, scope, year)
        if key not in self._cache:
            release = self.releases.get(year)
            tables = release.tables(scope) if release else {}
            self._cache[key] = compute(BY_CODE[code], tables, scope, year)
        return self._cache[key]

    def figures(self, scope: str, year: int) -> list[Figure]:
        return [self.figure(spec.code, scope, year) for spec in INDICATORS]

    def count(self, scope: str, year: int, table: str, categories: tuple[str, ...]) -> int | None:
        """One released cell (None when suppressed or not submitted)."""
        release = self.releases.get(year)
        data = release.tables(scope).get(table) if release else None
        return data.get(categories) if data is not None else None

    def cohort(self, scope: str, year: int) -> int | None:
        """Persons in the cohort (the grand total of the sex-and-age table)."""
        return self.count(scope, year, "persons_sex_age", (TOTAL, TOTAL, TOTAL))

    def all_figures(self) -> list[Figure]:
        """Every figure of every indicator, scope and year (for snapshots and exports)."""
        return [
            self.figure(spec.code, scope, year)
            for year in self.years
            for scope in [NETWORK, *self.releases[year].countries]
            for spec in INDICATORS
        ]
