"""The published charts in a real browser: tooltips, keyboard focus, series toggling, tables."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from crossroads.exchange import public
from crossroads.monitoring import readmodel
from crossroads.monitoring.synthetic import SyntheticExchange, synthetic_releases
from crossroads.reports import services
from crossroads.testing import Personas

pytestmark = pytest.mark.browser


@pytest.fixture
def published(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    exchange = SyntheticExchange(synthetic_releases(["NLD", "GRC", "HUN"], [2024, 2025], seed=2))
    monkeypatch.setattr(public, "states", exchange.states)
    monkeypatch.setattr(public, "releases", exchange.releases)
    readmodel.rebuild()
    services.publish_year(personas.analyst, 2025)
    yield


def test_a_reader_explores_a_published_chart_without_signing_in(page: Any, published: None) -> None:
    page.goto(f"{page.base_url}/public/2025/")
    figure = page.locator("#chart-gap-network")
    tip = figure.locator(".chart__tip")
    assert tip.is_hidden()
    figure.locator(".chart__mark").first.hover()
    assert tip.is_visible() and "2024" in tip.inner_text()
    figure.locator(".chart__mark").nth(2).focus()  # outer and inner bar of 2024 come first
    assert "2025" in tip.inner_text()
    table = figure.locator(".chart__table")
    assert table.is_hidden()
    figure.get_by_role("button", name="Show the table").click()
    assert table.is_visible() and figure.locator(".chart__figure").is_hidden()
    figure.get_by_role("button", name="Show the chart").click()
    assert table.is_hidden()


def test_a_legend_entry_hides_and_shows_its_series(page: Any, published: None) -> None:
    page.goto(f"{page.base_url}/public/2025/")
    figure = page.locator("#chart-trend-network")
    entry = figure.locator(".chart__legend-item").first
    key = entry.get_attribute("data-series")
    series = figure.locator(f'.chart__series[data-series="{key}"]')
    assert series.is_visible()
    entry.click()
    assert entry.get_attribute("aria-pressed") == "false" and series.is_hidden()
    entry.press("Enter")
    assert series.is_visible()
