"""What the data exchange offers the apps above it (monitoring, reports): released years.

This is the one interface through which rights monitoring and the reports
read the exchange. It returns the typed values of the released-table
contract (:mod:`crossroads.exchange.released`), never models or documents:

* :func:`releases` reads the stored network and country tables of every
  year into :class:`~crossroads.exchange.released.Release` values (this
  reads every table: the figures' read model calls it when it rebuilds);
* :func:`private_release` builds a year's differentially private tables
  (never stored here: a publication freezes them), and :func:`accepted_key`
  names the accepted submissions they come from;
* :func:`states` says, cheaply (two small queries, no table read), what
  each year's release is: who contributed, whether it is current, whether it
  holds country tables and whether its tables are being computed, and a
  fingerprint that changes whenever the release the figures come from does.

:data:`release_changed` is sent (inside the transaction that stores it)
whenever a year's release is stored; an app that keeps anything computed
from releases listens to it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from crossroads.exchange.models import NetworkRelease, PooledRelease
from crossroads.exchange.released import (
    NETWORK,
    Contributor,
    Release,
    ReleasedTable,
)
from crossroads.exchange.services.aggregation import accepted_keys, accepted_members
from crossroads.exchange.services.pooling import WINDOW, window_key, window_of
from crossroads.exchange.services.private import (
    DIFFERENTIAL_PRIVACY,
    NothingToRelease,
    PrivateRelease,
    is_private,
    private_release,
)
from crossroads.exchange.services.releases import Aggregate
from crossroads.exchange.services.summing import scope_tables
from crossroads.exchange.signals import release_changed
from crossroads.exchange.tasks import RELEASE_TASK
from crossroads.tasks.models import TaskRun

__all__ = [
    "DIFFERENTIAL_PRIVACY",
    "NETWORK",
    "WINDOW",
    "Contributor",
    "NothingToRelease",
    "PooledCohort",
    "PrivateRelease",
    "Release",
    "ReleasedTable",
    "YearState",
    "accepted_key",
    "is_private",
    "pooled_cohorts",
    "pooled_fingerprints",
    "private_release",
    "release_changed",
    "releases",
    "states",
    "window_of",
]


@dataclass(frozen=True)
class YearState:
    """What one cohort year's release is now, read without its tables."""

    year: int
    members: int
    """Members with an accepted submission this year."""
    computed: bool
    """Whether network tables were computed for this year at all."""
    current: bool
    """Whether they were computed from the submissions accepted now."""
    by_country: bool
    """Whether they hold every country's tables too."""
    computing: TaskRun | None
    """The run computing this year's tables now, if any."""
    fingerprint: str
    """Changes whenever the year's stored release or its accepted submissions do."""


def states() -> dict[int, YearState]:
    """Every year with accepted submissions (oldest first), what its release is now."""
    keys = accepted_keys()
    members = accepted_members()
    stored = {
        year: (pk, key, by_country, computed_at)
        for year, pk, key, by_country, computed_at in NetworkRelease.objects.values_list(
            "year", "pk", "key", "by_country", "computed_at"
        )
    }
    running = {
        int(run.params.get("year", 0)): run
        for run in TaskRun.objects.active().filter(kind=RELEASE_TASK).order_by("created_at")
    }
    out: dict[int, YearState] = {}
    for year in sorted(keys):
        pk, key, by_country, computed_at = stored.get(year, (None, "", False, None))
        print_ = f"{year}|{keys[year]}|{pk}|{key}|{by_country}|{computed_at}"
        out[year] = YearState(
            year=year,
            members=members.get(year, 0),
            computed=pk is not None,
            current=pk is not None and key == keys[year],
            by_country=bool(by_country),
            computing=running.get(year),
            fingerprint=hashlib.sha256(print_.encode()).hexdigest()[:32],
        )
    return out


def accepted_key(year: int) -> str | None:
    """Identifies the accepted submissions of ``year`` now (None when there are none)."""
    return accepted_keys().get(year)


def releases(years: set[int] | None = None) -> dict[int, Release]:
    """The stored release of each year (or of ``years``) whose network tables were computed.

    Reads every table of those years: for the figures' read model, not for a page.
    """
    found = NetworkRelease.objects.order_by("year")
    if years is not None:
        found = found.filter(year__in=years)
    keys = accepted_keys()
    out: dict[int, Release] = {}
    for stored in found:
        aggregate = Aggregate(stored, current=stored.key == keys.get(stored.year))
        if aggregate.tables and stored.year in keys:
            out[stored.year] = _release(aggregate)
    return out


def _release(aggregate: Aggregate) -> Release:
    scopes: dict[str, dict[str, ReleasedTable]] = {NETWORK: aggregate.scope(None)}
    for country in aggregate.countries:
        scopes[country] = aggregate.scope(country)
    contributions = aggregate.contributions
    return Release(
        year=aggregate.year,
        scopes=scopes,
        contributors=tuple(
            Contributor(c.organisation, c.organisation_name, c.country, c.version)
            for c in contributions
        ),
        rule=aggregate.rule.to_dict(),
        provenance={
            "release": aggregate.release.pk,
            "submissions": [
                {"id": c.submission_id, "organisation": c.organisation,
                 "version": c.version, "checksum": c.checksum, "modules": list(c.modules)}
                for c in contributions
            ],
            "withheld_modules": aggregate.withheld,
            "by_country": aggregate.by_country,
            "current": aggregate.current,
            "computed_at": aggregate.release.computed_at.isoformat(),
        },
    )  # fmt: skip


@dataclass(frozen=True)
class PooledCohort:
    """The country tables of a three-year cohort (see :mod:`crossroads.exchange.services.pooling`).

    ``release`` holds them as a :class:`Release` whose ``year`` is the
    window's first year and whose scopes are the countries pooled (never the
    network); its provenance names the window.
    """

    first_year: int
    last_year: int
    release: Release
    fingerprint: str


def pooled_fingerprints() -> dict[int, str]:
    """The fingerprint of each window's current pooled tables, by first year (one small
    query, no table read). A window whose tables are out of date is left out."""
    keys = accepted_keys()
    out: dict[int, str] = {}
    rows = PooledRelease.objects.values_list("first_year", "pk", "key", "computed_at")
    for first_year, pk, key, computed_at in rows:
        if key and key == window_key(first_year, keys):
            out[first_year] = hashlib.sha256(f"{pk}|{key}|{computed_at}".encode()).hexdigest()[:32]
    return out


def pooled_cohorts() -> dict[int, PooledCohort]:
    """The current pooled tables of every window, by first year (reads every table: for
    the figures' read model, not for a page)."""
    current = pooled_fingerprints()
    out: dict[int, PooledCohort] = {}
    for stored in PooledRelease.objects.filter(first_year__in=current).order_by("first_year"):
        scopes = {c: scope_tables(stored.tables, c) for c in stored.countries}
        contributions = stored.contributions
        release = Release(
            year=stored.first_year,
            scopes=scopes,
            contributors=tuple(
                Contributor(c["organisation"], c["organisation_name"], c["country"], c["version"])
                for c in contributions
                if c["country"] in stored.countries
            ),
            rule=stored.rule,
            provenance={
                "pooled": {"first_year": stored.first_year, "last_year": stored.last_year},
                "pooled_release": stored.pk,
                "submissions": [
                    {"id": c["submission_id"], "organisation": c["organisation"],
                     "version": c["version"], "checksum": c["checksum"]}
                    for c in contributions
                ],
                "withheld_countries": list(stored.withheld),
                "audit": dict(stored.audit),
                "by_country": True,
                "current": True,
                "computed_at": stored.computed_at.isoformat(),
            },
        )  # fmt: skip
        out[stored.first_year] = PooledCohort(
            stored.first_year, stored.first_year + WINDOW - 1, release, current[stored.first_year]
        )
    return out
