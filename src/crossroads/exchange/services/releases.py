"""The stored network release of a year read back: the interface for pages, downloads and
monitoring.

The release is computed and stored by :mod:`crossroads.exchange.services.aggregation`
(:func:`~crossroads.exchange.services.aggregation.compute_release`); a release out of
date is recomputed, network only, when it is read with ``compute=True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crossroads.exchange.models import NetworkRelease
from crossroads.exchange.released import ReleasedTable
from crossroads.exchange.services.aggregation import (
    Contribution,
    accepted_keys,
    compute_release,
)
from crossroads.exchange.services.summing import scope_tables
from crossroads.stats.disclosure import TOTAL, SuppressionRule


def is_current(release: NetworkRelease) -> bool:
    """Whether the release was computed from the submissions accepted now."""
    return release.key == accepted_keys().get(release.year)


@dataclass
class Aggregate:
    """A stored release read back: the stable interface for pages, downloads and monitoring."""

    release: NetworkRelease
    current: bool

    @property
    def year(self) -> int:
        return self.release.year

    @property
    def by_country(self) -> bool:
        return self.release.by_country

    @property
    def tables(self) -> dict[str, dict[str, Any]]:
        tables: dict[str, dict[str, Any]] = self.release.tables
        return tables

    @property
    def rule(self) -> SuppressionRule:
        return SuppressionRule.from_dict(self.release.rule)

    @property
    def withheld(self) -> list[str]:
        return list(self.release.withheld)

    @property
    def contributions(self) -> list[Contribution]:
        return [
            Contribution(**{**c, "modules": tuple(c["modules"])})
            for c in self.release.contributions
        ]

    @property
    def countries(self) -> list[str]:
        """Countries with their own tables (none in a network-only release)."""
        if not self.by_country:
            return []
        return sorted({c.country for c in self.contributions})

    def scope(self, country: str | None = None) -> dict[str, ReleasedTable]:
        """The released tables of one country (alpha-3) or of the network (None)."""
        if country is not None and not self.by_country:
            return {}
        return scope_tables(self.tables, country or TOTAL)

    def contributors(self, country: str | None = None) -> list[Contribution]:
        return [c for c in self.contributions if country is None or c.country == country]


def aggregate_year(year: int, *, compute: bool = True) -> Aggregate | None:
    """The year's release; computed (network only, quickly) when missing or out of date.

    A release out of date (a submission accepted since) is replaced by a
    fresh network-only one; per-country tables are computed on request
    (:func:`compute_release`), because they take minutes.
    """
    release = NetworkRelease.objects.filter(year=year).first()
    if release is not None and is_current(release):
        return Aggregate(release, current=True)
    if not compute:
        return Aggregate(release, current=False) if release is not None else None
    if year not in accepted_keys():
        return None
    return Aggregate(compute_release(None, year, by_country=False), current=True)
