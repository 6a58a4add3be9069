"""The latest accepted data: the data exchange's network and per-country aggregates.

For each year with accepted submissions, the exchange sums the members'
original counts and protects the sums again (one table set whose leading
``country`` dimension's total is the network), with the provenance of
every contributing submission. This module only reads that result into a
:class:`~crossroads.monitoring.sources.Release`: it never sums or protects
anything itself, and suppressed cells arrive as None.

Aggregating a large network takes minutes, so each result is stored
(:class:`~crossroads.monitoring.models.ReleaseCache`) under the set of
contributing submission versions; ``crossroads monitoring refresh``
computes what is missing ahead of time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping

from django.db import IntegrityError, transaction

from crossroads.monitoring.figures import NETWORK
from crossroads.monitoring.formulas import TableData
from crossroads.monitoring.models import ReleaseCache
from crossroads.monitoring.sources import Contributor, Release


def _table(code: str, released: object) -> TableData:
    from crossroads.exchange.released import ReleasedTable

    assert isinstance(released, ReleasedTable)
    return TableData(
        code,
        tuple(d.name for d in released.dimensions),
        {c.categories: (None if c.suppressed else c.value) for c in released.cells()},
    )


def accepted_years() -> list[int]:
    """Years with at least one accepted submission, oldest first (a cheap query)."""
    from crossroads.exchange.services.aggregation import years_with_accepted

    return sorted(years_with_accepted())


def version_key(year: int) -> str:
    """SHA-256 of the accepted versions counted for ``year`` (ids and checksums)."""
    from crossroads.exchange.services.aggregation import accepted

    versions = [(s.pk, s.version, s.checksum) for s in accepted(year)]
    return hashlib.sha256(json.dumps([year, versions]).encode()).hexdigest()


def aggregate_release(year: int) -> Release | None:
    """Aggregate ``year`` with the exchange (slow) and read it into a release."""
    from crossroads.exchange.services.aggregation import aggregate_year

    aggregate = aggregate_year(year)
    if not aggregate.tables:
        return None
    scopes = {NETWORK: {k: _table(k, t) for k, t in aggregate.scope(None).items()}}
    for country in aggregate.countries:
        scopes[country] = {k: _table(k, t) for k, t in aggregate.scope(country).items()}
    return Release(
        year=year,
        scopes=scopes,
        contributors=tuple(
            Contributor(c.organisation, c.organisation_name, c.country, c.version)
            for c in aggregate.contributions
        ),
        rule=aggregate.rule.to_dict(),
        provenance={
            "submissions": [
                {"id": c.submission_id, "organisation": c.organisation,
                 "version": c.version, "checksum": c.checksum, "modules": list(c.modules)}
                for c in aggregate.contributions
            ],
            "withheld_modules": list(aggregate.withheld),
            "aggregation_seconds": round(aggregate.seconds, 1),
        },
    )  # fmt: skip


def release_for(year: int, *, compute: bool = True) -> Release | None:
    """The release of ``year`` from the store, computing and storing it if ``compute``."""
    key = version_key(year)
    cached = ReleaseCache.objects.filter(year=year, key=key).first()
    if cached is not None:
        return Release.from_dict(cached.release)
    if not compute:
        return None
    release = aggregate_release(year)
    if release is None:
        return None
    try:
        with transaction.atomic():
            ReleaseCache.objects.create(
                year=year, key=key, release=release.to_dict(),
                seconds=float(release.provenance.get("aggregation_seconds", 0.0)),
            )  # fmt: skip
    except IntegrityError:
        pass  # another process stored the same result meanwhile
    ReleaseCache.objects.filter(year=year).exclude(key=key).delete()
    return release


def accepted_releases() -> Mapping[int, Release]:
    """One release per cohort year with accepted submissions."""
    releases: dict[int, Release] = {}
    for year in accepted_years():
        release = release_for(year)
        if release is not None:
            releases[year] = release
    return releases


def refresh(progress: Callable[[str], None] = print) -> int:
    """Compute and store every missing release; return how many were computed."""
    computed = 0
    for year in accepted_years():
        if release_for(year, compute=False) is None:
            progress(f"aggregating {year}...")
            if release_for(year) is not None:
                computed += 1
    return computed
