"""Published hidden-victim estimates in the annual report and on the public pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crossroads.audit.models import Action, AuditEntry
from crossroads.estimation import services as estimation
from crossroads.estimation.models import Estimate
from crossroads.estimation.tests.test_publication import estimate_with, publish, three_lists
from crossroads.reports import services
from crossroads.testing import Personas

pytestmark = pytest.mark.usefixtures("accepted_network")


@pytest.fixture
def published_estimate(personas: Personas) -> Estimate:
    """NLD 2024 from three lists; the police agreed to be named, the inspectorate did not."""
    three_lists(personas)
    estimate = estimate_with(personas, "stepwise")
    response = publish(personas, estimate, methods=["bic"], named=["police-2024"], consent="on")
    assert response.status_code == 302
    estimate.refresh_from_db()
    assert estimate.population_size is not None
    return estimate


def _grouped(value: float | None) -> str:
    assert value is not None
    return f"{round(value):,}"


def test_the_report_of_the_year_shows_the_published_estimate_with_its_interval_and_lists(
    personas: Personas, published_estimate: Estimate
) -> None:
    publication = services.publish_year(personas.analyst, 2024)
    html = publication.report_html
    assert 'href="#estimates"' in html and 'id="estimate-NLD-2024"' in html
    assert _grouped(published_estimate.population_size) in html
    assert _grouped(published_estimate.lower) in html
    assert "National police" in html
    # The inspectorate did not agree to be named: neither its name nor its list label shows.
    assert "Labour inspectorate" not in html and "labour-2024" not in html
    assert "closed population" in html  # the assumptions are spelled out
    entry = AuditEntry.objects.filter(action=Action.PUBLISH, object_type="publication").get()
    assert entry.detail["estimates"] == [published_estimate.pk]


def test_a_report_of_another_year_leaves_the_estimate_out(
    personas: Personas, published_estimate: Estimate
) -> None:
    html = services.publish_year(personas.analyst, 2025).report_html
    assert 'id="estimates"' not in html and "National police" not in html


def test_the_report_in_french_gives_the_estimate_in_french(
    personas: Personas, published_estimate: Estimate
) -> None:
    draft = services.build_draft(personas.analyst, 2024, language="fr")
    assert "Victimes qu’aucune liste n’a vues" in draft.report_html
    assert "population fermée" in draft.report_html


def test_the_public_pages_show_a_published_estimate_until_it_is_withdrawn(
    personas: Personas, published_estimate: Estimate
) -> None:
    services.publish_year(personas.analyst, 2024)
    client = personas.client_for(None)
    year_page = reverse("public:year", args=[2024])
    country_page = reverse("public:country", args=[2024, "NLD"])
    for url in (year_page, country_page):
        page = client.get(url).content.decode()
        assert 'id="estimate-NLD-2024"' in page, url
        assert _grouped(published_estimate.population_size) in page
    assert (
        'id="estimate-NLD'
        not in client.get(reverse("public:country", args=[2024, "GRC"])).content.decode()
    )
    estimation.unpublish_estimate(personas.analyst, published_estimate)
    for url in (year_page, country_page):
        assert 'id="estimate-NLD-2024"' not in client.get(url).content.decode(), url
