"""A synthetic accepted network for the report and public-page tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crossroads.monitoring import sources
from crossroads.monitoring.figures import NETWORK
from crossroads.monitoring.formulas import TOTAL as T
from crossroads.monitoring.formulas import TableData
from crossroads.monitoring.sources import Release
from crossroads.monitoring.synthetic import synthetic_releases

COUNTRIES = ["NLD", "GRC", "HUN"]


def releases() -> dict[int, Release]:
    data = synthetic_releases(COUNTRIES, [2024, 2025], seed=7, size=(80, 120))
    # One cell known to be suppressed, to check that it never shows.
    for year, release in data.items():
        tables = dict(release.scopes["GRC"])
        forms = tables["persons_forms"]
        cells = dict(forms.cells)
        cells[(T, "forced_marriage")] = None
        tables["persons_forms"] = TableData(forms.code, forms.dimensions, cells)
        scopes = dict(release.scopes)
        scopes["GRC"] = tables
        data[year] = Release(year, scopes, release.contributors, release.rule)
    assert NETWORK in data[2025].scopes
    return data


@pytest.fixture
def accepted_network() -> Iterator[dict[int, Release]]:
    """Register a provider of synthetic accepted releases for the duration of a test."""
    previous = list(sources._PROVIDERS)
    data = releases()
    sources.register_provider(lambda: data)
    yield data
    sources._PROVIDERS[:] = previous
