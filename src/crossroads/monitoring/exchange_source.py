"""The latest accepted data: the network and per-country tables the data exchange computed.

The exchange sums the members' accepted submissions of a year and protects
the sums again (one table set whose leading ``country`` dimension's total
is the network), and stores the result with the provenance of every
contributing version (``exchange.NetworkRelease``). This module only reads
those stored results into :class:`~crossroads.monitoring.sources.Release`
objects: it never sums, protects or recomputes anything, and suppressed
cells arrive as None. Whether a year's tables are out of date (a version
accepted since) or hold the network only (per-country tables not computed
yet) is carried in the release's provenance, for the pages to say so.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

from crossroads.monitoring.figures import NETWORK
from crossroads.monitoring.formulas import TableData
from crossroads.monitoring.sources import Contributor, Release

_MEMO: OrderedDict[tuple[int, int, str], Release] = OrderedDict()
MEMO_SIZE = 16


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


def _release(aggregate: object) -> Release:
    from crossroads.exchange.services.aggregation import Aggregate

    assert isinstance(aggregate, Aggregate)
    scopes = {NETWORK: {k: _table(k, t) for k, t in aggregate.scope(None).items()}}
    for country in aggregate.countries:
        scopes[country] = {k: _table(k, t) for k, t in aggregate.scope(country).items()}
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


def accepted_releases() -> Mapping[int, Release]:
    """One release per cohort year whose network tables the exchange has computed."""
    from crossroads.exchange.services.aggregation import aggregate_year

    releases: dict[int, Release] = {}
    for year in accepted_years():
        aggregate = aggregate_year(year, compute=False)
        if aggregate is None or not aggregate.tables:
            continue
        key = (year, aggregate.release.pk, aggregate.release.computed_at.isoformat())
        if key not in _MEMO:
            _MEMO[key] = _release(aggregate)
            while len(_MEMO) > MEMO_SIZE:
                _MEMO.popitem(last=False)
        release = _MEMO[key]
        # Whether it is current can change without the release changing.
        releases[year] = Release(
            release.year, release.scopes, release.contributors, release.rule,
            {**release.provenance, "current": aggregate.current},
        )  # fmt: skip
    return releases


def years_waiting() -> list[int]:
    """Years with accepted submissions whose network tables were not computed yet."""
    from crossroads.exchange.services.aggregation import aggregate_year

    return [y for y in accepted_years() if aggregate_year(y, compute=False) is None]
