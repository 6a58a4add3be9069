"""Differentially private network tables of a year, for a publication that chooses them.

The exact sums of the accepted submissions (the same sums the suppression
path protects, :func:`~crossroads.exchange.services.aggregation.exact_sums`,
always by country, since noise costs no solver time) get discrete Laplace
noise table by table (:func:`crossroads.stats.privacy.privatize`), the
release's budget ε split equally over the tables. A table summed by country
is noised in each country's cells (countries hold different persons, so
they share one table's budget: parallel composition) and its network cells
are their sums. A member that does not let the secretariat keep original
counts contributes its released values, added afterwards as on the
suppression path: its suppressed cells stay suppressed.

Nothing here is stored: the reports app freezes the result in a
publication and records the spending in its privacy-budget ledger.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crossroads.exchange.released import NETWORK, Contributor, Release, ReleasedTable
from crossroads.exchange.services.aggregation import (
    accepted,
    contributions_of,
    exact_sums,
    key_of,
)
from crossroads.exchange.services.summing import (
    add_released,
    is_by_country,
    scope_tables,
    uses_originals,
)
from crossroads.stats.disclosure import TOTAL
from crossroads.stats.privacy import (
    LEVEL,
    MECHANISM,
    Noise,
    PrivateTable,
    privatize,
    split_budget,
)

DIFFERENTIAL_PRIVACY = "differential_privacy"
"""The ``method`` of a release whose counts are differentially private."""


class NothingToRelease(ValueError):
    """The year has no accepted submission with tables to add noise to."""


@dataclass(frozen=True)
class PrivateRelease:
    """A year's differentially private tables and the budget they spent."""

    release: Release
    epsilon: float
    spending: Mapping[str, Mapping[str, float]]
    """Table -> scope (``network`` or ISO alpha-3) -> ε spent on that scope's cells."""


def private_release(year: int, epsilon: float, *, noise: Noise | None = None) -> PrivateRelease:
    """The differentially private release of ``year`` spending ``epsilon`` (see the module
    docstring); ``noise`` replaces OpenDP's sampler in simulations only."""
    chosen = accepted(year)
    sums = exact_sums(chosen, by_country=True)
    if not sums.tables:
        raise NothingToRelease(f"There are no accepted tables for {year}.")
    shares = split_budget(epsilon, [t.name for t in sums.tables])
    stored: dict[str, dict[str, Any]] = {}
    spending: dict[str, dict[str, float]] = {}
    for table in sums.tables:
        private = privatize(table, shares[table.name], noise=noise)
        stored[table.name] = _stored(private)
        drawn = table.dimensions[0].categories if is_by_country(stored[table.name]) else ()
        spending[table.name] = {NETWORK: shares[table.name]} | dict.fromkeys(
            drawn, shares[table.name]
        )
    for submission in sums.profile:
        if not uses_originals(submission):
            add_released(stored, submission)
    contributions = contributions_of(chosen, sums)
    countries = sorted({c.country for c in contributions})
    scopes: dict[str, dict[str, ReleasedTable]] = {NETWORK: scope_tables(stored, TOTAL)}
    for country in countries:
        scopes[country] = scope_tables(stored, country)
    release = Release(
        year=year,
        scopes=scopes,
        contributors=tuple(
            Contributor(c.organisation, c.organisation_name, c.country, c.version)
            for c in contributions
        ),
        rule=rule(epsilon),
        provenance={
            "key": key_of(chosen),
            "submissions": [
                {"id": c.submission_id, "organisation": c.organisation,
                 "version": c.version, "checksum": c.checksum, "modules": list(c.modules)}
                for c in contributions
            ],
            "withheld_modules": sums.withheld,
            "by_country": True,
            "current": True,
        },
    )  # fmt: skip
    return PrivateRelease(release, epsilon, spending)


def rule(epsilon: float) -> dict[str, Any]:
    """The ``rule`` of a differentially private release (what produced its counts)."""
    return {
        "method": DIFFERENTIAL_PRIVACY,
        "mechanism": MECHANISM,
        "epsilon": epsilon,
        "level": LEVEL,
    }


def is_private(release: Release) -> bool:
    """Whether ``release`` holds differentially private counts."""
    return release.rule.get("method") == DIFFERENTIAL_PRIVACY


def _stored(private: PrivateTable) -> dict[str, Any]:
    """A private table in the released-table shape: noisy cells with their margins."""
    table = private.table
    cells = []
    for position in table.positions():
        value = int(table.cells[position])
        cells.append(
            {
                "categories": list(table.categories_at(position)),
                "status": "noisy",
                "value": value,
                "display": str(value),
                "flag": "",
                "margin": int(private.margins[position]),
            }
        )
    return {
        "name": table.name,
        "population": table.population,
        "dimensions": [d.to_dict() for d in table.dimensions],
        "cells": cells,
        "method": private.method,
    }
