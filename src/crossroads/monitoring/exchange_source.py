"""The latest accepted data: the data exchange's network and per-country aggregates.

For each year with accepted submissions, the exchange sums the members'
original counts and protects the sums again (one table set whose leading
``country`` dimension's total is the network), with the provenance of
every contributing submission. This module only reads that result into a
:class:`~crossroads.monitoring.sources.Release`: it never sums or protects
anything itself, and suppressed cells arrive as None.
"""

from __future__ import annotations

from collections.abc import Mapping

from crossroads.monitoring.figures import NETWORK
from crossroads.monitoring.formulas import TableData
from crossroads.monitoring.sources import Contributor, Release


def _table(code: str, released: object) -> TableData:
    from crossroads.exchange.released import ReleasedTable

    assert isinstance(released, ReleasedTable)
    return TableData(
        code,
        tuple(d.name for d in released.dimensions),
        {c.categories: (None if c.suppressed else c.value) for c in released.cells()},
    )


def accepted_releases() -> Mapping[int, Release]:
    """One release per cohort year with accepted submissions."""
    from crossroads.exchange.services.aggregation import aggregate_year, years_with_accepted

    releases: dict[int, Release] = {}
    for year in years_with_accepted():
        aggregate = aggregate_year(year)
        if not aggregate.tables:
            continue
        scopes = {NETWORK: {k: _table(k, t) for k, t in aggregate.scope(None).items()}}
        for country in aggregate.countries:
            scopes[country] = {k: _table(k, t) for k, t in aggregate.scope(country).items()}
        releases[year] = Release(
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
            },
        )  # fmt: skip
    return releases
