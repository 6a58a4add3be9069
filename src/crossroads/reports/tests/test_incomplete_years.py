"""Publishing a year honestly: members counted per year, an incomplete year confirmed,
said so in public and in the report, and never drawn as a drop."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crossroads.exchange import public
from crossroads.exchange.released import NETWORK, Release
from crossroads.monitoring import charts, readmodel
from crossroads.monitoring.synthetic import SyntheticExchange
from crossroads.reports import tasks
from crossroads.reports.models import Publication
from crossroads.tasks.models import TaskRun
from crossroads.testing import Personas


@pytest.fixture
def incomplete_2025(
    accepted_network: dict[int, Release], monkeypatch: pytest.MonkeyPatch
) -> dict[int, Release]:
    """The test network, where Hungary's member has not contributed to 2025 yet."""
    data = dict(accepted_network)
    late = data[2025]
    data[2025] = Release(
        2025,
        {scope: tables for scope, tables in late.scopes.items() if scope != "HUN"},
        tuple(c for c in late.contributors if c.country != "HUN"),
        late.rule,
    )
    exchange = SyntheticExchange(data)
    monkeypatch.setattr(public, "states", exchange.states)
    monkeypatch.setattr(public, "releases", exchange.releases)
    readmodel.rebuild()
    return data


def test_the_reports_page_counts_members_per_year_and_asks_to_confirm_the_incomplete_one(
    personas: Personas, incomplete_2025: dict[int, Release]
) -> None:
    page = personas.client_for(personas.analyst).get(reverse("reports:index")).content.decode()
    row_2025 = page[page.index('id="year-2025"') : page.index('id="year-2024"')]
    row_2024 = page[page.index('id="year-2024"') :]
    assert "2 of 3" in row_2025 and "incomplete" in row_2025
    assert 'name="confirm_incomplete"' in row_2025
    assert "only 2 members have accepted data for 2025, against 3" in row_2025
    assert "3 of 3" in row_2024 and 'name="confirm_incomplete"' not in row_2024


def test_publishing_an_incomplete_year_unconfirmed_is_refused_with_the_numbers(
    personas: Personas, incomplete_2025: dict[int, Release]
) -> None:
    client = personas.client_for(personas.analyst)
    response = client.post(reverse("reports:publish", args=[2025]), follow=True)
    assert (
        "Only 2 members have an accepted submission for 2025, against 3 for the best-covered "
        "year. Confirm to publish it as incomplete." in response.content.decode()
    )
    assert not TaskRun.objects.filter(kind=tasks.PUBLISH_TASK).exists()
    assert not Publication.objects.exists()
    client.post(reverse("reports:publish", args=[2025]), {"confirm_incomplete": "1"})
    publication = Publication.objects.get(year=2025)
    assert (publication.members, publication.best_covered, publication.complete) == (2, 3, False)


def test_a_complete_year_is_published_without_a_confirmation(
    personas: Personas, incomplete_2025: dict[int, Release]
) -> None:
    personas.client_for(personas.analyst).post(reverse("reports:publish", args=[2024]))
    assert Publication.objects.get(year=2024).complete


def test_the_public_pages_open_on_the_latest_complete_year_and_say_the_newer_is_incomplete(
    personas: Personas, incomplete_2025: dict[int, Release]
) -> None:
    analyst = personas.client_for(personas.analyst)
    analyst.post(reverse("reports:publish", args=[2024]))
    analyst.post(reverse("reports:publish", args=[2025]), {"confirm_incomplete": "1"})
    reader = personas.client_for(None)
    home = reader.get(reverse("public:home")).content.decode()
    assert "Rights of trafficked persons: figures for 2024" in home
    assert "Figures for 2025 are also published, but they are incomplete" in home
    assert f'href="{reverse("public:year", args=[2025])}"' in home
    newer = reader.get(reverse("public:year", args=[2025])).content.decode()
    assert "Only 2 members have an accepted submission for 2025, against 3" in newer
    report = Publication.objects.get(year=2025).report_html
    assert "Incomplete year: only 2 members contributed to the 2025 cohort, against 3" in report
    assert "Incomplete year" not in Publication.objects.get(year=2024).report_html


def test_trend_charts_mark_the_incomplete_year_instead_of_drawing_a_drop(
    personas: Personas, incomplete_2025: dict[int, Release]
) -> None:
    figures = readmodel.stored(readmodel.ACCEPTED)
    assert figures is not None
    for chart in (
        charts.indicators_trend(figures, NETWORK),
        charts.identification_gap(figures, NETWORK),
        charts.permits_gap(figures, NETWORK),
    ):
        assert chart.flagged == (1,), chart.key
        svg = chart.svg()
        assert "chart__mark--incomplete" in svg and ">2025*<" in svg and ">2024<" in svg
        assert "2025 is incomplete: only 2 members contributed, against 3" in chart.extra_notes[0]
        assert any("incomplete year" in row[-1] for row in chart.table().rows if row[0] == "2025")
    # Greece's own member contributed both years: its charts draw 2025 as usual.
    greece = charts.indicators_trend(figures, "GRC")
    assert greece.flagged == () and "chart__mark--incomplete" not in greece.svg()
    page = personas.client_for(personas.analyst).get(reverse("monitoring:overview") + "?year=2025")
    assert b"chart__mark--incomplete" in page.content
    assert b"a fall there may only mean missing members" in page.content


def test_a_complete_network_has_no_marked_year(
    accepted_network: dict[int, Release],
) -> None:
    figures = readmodel.stored(readmodel.ACCEPTED)
    assert figures is not None
    chart = charts.indicators_trend(figures, NETWORK)
    assert chart.flagged == () and chart.extra_notes == []
    assert "chart__mark--incomplete" not in chart.svg()
