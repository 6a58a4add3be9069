"""A synthetic accepted network for the report and public-page tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crossroads.exchange import public
from crossroads.exchange.released import NETWORK, Release, ReleasedTable
from crossroads.exchange.released import TOTAL as T
from crossroads.monitoring import readmodel
from crossroads.monitoring.synthetic import SyntheticExchange, synthetic_releases

COUNTRIES = ["NLD", "GRC", "HUN"]


def releases() -> dict[int, Release]:
    data = synthetic_releases(COUNTRIES, [2024, 2025], seed=7, size=(80, 120))
    # One cell known to be suppressed, to check that it never shows.
    for year, release in data.items():
        tables = dict(release.scopes["GRC"])
        forms = tables["persons_forms"]
        cells = {c.categories: c.value for c in forms.cells()}
        cells[(T, "forced_marriage")] = None
        tables["persons_forms"] = ReleasedTable.from_cells(forms.name, forms.dimension_names, cells)
        scopes = dict(release.scopes)
        scopes["GRC"] = tables
        data[year] = Release(year, scopes, release.contributors, release.rule)
    assert NETWORK in data[2025].scopes
    return data


@pytest.fixture
def accepted_network(db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[int, Release]]:
    """Synthetic accepted releases in place of the exchange's, with their figures computed."""
    data = releases()
    exchange = SyntheticExchange(data)
    monkeypatch.setattr(public, "states", exchange.states)
    monkeypatch.setattr(public, "releases", exchange.releases)
    readmodel.rebuild()
    yield data
