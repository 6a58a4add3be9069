"""Where indicator inputs come from: released exchange tables per cohort year and scope.

A :class:`Release` is everything the indicators, dashboards and reports
read for one cohort year: the disclosure-controlled tables of each country
and of the whole network, and the members who contributed. Two kinds exist:

* the latest accepted data, assembled by the data exchange's network and
  per-country aggregation (signed-in analysts and members see it);
* a published snapshot, frozen by :func:`crossroads.reports.services.publish_year`
  (what the public sees).

Indicators are never computed from case records: the secretariat never
sees them. :mod:`crossroads.monitoring.exchange_source` registers the
exchange's aggregation with :func:`register_provider` when the app starts;
tests and benchmarks may register synthetic releases instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from crossroads.monitoring.figures import NETWORK
from crossroads.monitoring.formulas import TableData


@dataclass(frozen=True)
class Contributor:
    """A member whose accepted submission is counted, with its submission version."""

    code: str
    name: str
    country: str
    version: int = 1


@dataclass(frozen=True)
class Release:
    """Released tables of one cohort year, by scope (ISO alpha-3 country or ``network``)."""

    year: int
    scopes: Mapping[str, Mapping[str, TableData]]
    contributors: tuple[Contributor, ...] = ()
    rule: Mapping[str, Any] = field(default_factory=dict)
    provenance: Mapping[str, Any] = field(default_factory=dict)

    @property
    def countries(self) -> list[str]:
        return sorted(scope for scope in self.scopes if scope != NETWORK)

    def tables(self, scope: str) -> Mapping[str, TableData]:
        return self.scopes.get(scope, {})

    def to_dict(self) -> dict[str, Any]:
        """Plain data for a snapshot: released values only (None where suppressed)."""
        return {
            "year": self.year,
            "rule": dict(self.rule),
            "provenance": dict(self.provenance),
            "contributors": [c.__dict__ for c in self.contributors],
            "scopes": {
                scope: {
                    code: {
                        "name": code,
                        "dimensions": list(table.dimensions),
                        "cells": [
                            {"categories": list(key), "value": value}
                            for key, value in table.cells.items()
                        ],
                    }
                    for code, table in tables.items()
                }
                for scope, tables in self.scopes.items()
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Release:
        return cls(
            year=int(data["year"]),
            rule=data.get("rule", {}),
            provenance=data.get("provenance", {}),
            contributors=tuple(Contributor(**c) for c in data.get("contributors", [])),
            scopes={
                scope: {code: TableData.from_release(t) for code, t in tables.items()}
                for scope, tables in data["scopes"].items()
            },
        )


Provider = Callable[[], Mapping[int, Release]]
_PROVIDERS: list[Provider] = []


def register_provider(provider: Provider) -> Provider:
    """Register the function that returns the latest accepted releases by cohort year."""
    _PROVIDERS[:] = [provider]
    return provider


def latest_accepted() -> dict[int, Release]:
    """The latest accepted data by cohort year (empty when nothing was accepted yet)."""
    if not _PROVIDERS:
        return {}
    return dict(sorted(_PROVIDERS[0]().items()))
