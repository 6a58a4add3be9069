"""The parts of a publication's frozen snapshot that its public pages read, decoded once.

A publication never changes after it is made (publishing again makes a new one), so
what its pages need of the snapshot is read once per process and kept: decoding the
whole snapshot, every released table of every year, took about 0.8 s of each public
page on the demo network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from crossroads.exchange.public import DIFFERENTIAL_PRIVACY, NETWORK
from crossroads.reports.models import Publication


@dataclass(frozen=True)
class Frozen:
    """The small parts of a publication's frozen snapshot that its public pages show."""

    rules: dict[int, dict[str, Any]]
    """Each cohort year's disclosure rule, as published."""
    network_tables: dict[int, dict[str, Any]]
    """The network tables of each differentially private year (their margins are shown)."""
    profiles: dict[str, Any]
    """The country profiles frozen with the publication, by country."""
    pooled_windows: tuple[int, ...]
    """The first year of each three-year cohort frozen with the publication."""


def frozen(publication: Publication) -> Frozen:
    """What the public pages read from ``publication``'s snapshot (see the module)."""
    return _frozen(publication.pk, publication.published_at)


@lru_cache(maxsize=16)
def _frozen(pk: int, published_at: datetime) -> Frozen:
    # The publication time is part of the key so that a row id reused (a test database
    # rolled back, a restored backup) never returns another publication's parts.
    snapshot = Publication.objects.filter(pk=pk).values_list("snapshot", flat=True).get()
    releases = snapshot["releases"]
    rules = {int(year): dict(data.get("rule", {})) for year, data in releases.items()}
    private = {
        int(year): dict(data["scopes"].get(NETWORK, {}))
        for year, data in releases.items()
        if data.get("rule", {}).get("method") == DIFFERENTIAL_PRIVACY
    }
    pooled = tuple(sorted(int(first) for first in snapshot.get("pooled") or {}))
    return Frozen(rules, private, dict(snapshot.get("profiles", {})), pooled)
