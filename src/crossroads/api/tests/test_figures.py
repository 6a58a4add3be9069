"""Figures through the API: the network's latest (signed in) and the published ones (anyone)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crossroads.api.tests.helpers import call, token_for
from crossroads.exchange.released import Release
from crossroads.monitoring.figurebook import Monitor
from crossroads.reports import services
from crossroads.reports.tests.conftest import accepted_network
from crossroads.testing import Personas

__all__ = ["accepted_network"]  # the fixture, used by every test here
pytestmark = pytest.mark.usefixtures("accepted_network")
PERSONAS = ("caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b", "analyst", None)


def _figures_url(year: int) -> str:
    return reverse("api:figures", kwargs={"year": year})


def _published_url(year: int) -> str:
    return reverse("api:published", kwargs={"year": year})


def test_the_network_figures_are_those_the_releases_give(
    personas: Personas, accepted_network: dict[int, Release]
) -> None:
    client, secret = Client(), token_for(personas.analyst)
    years = call(client, "get", reverse("api:figure_years"), secret).json()
    assert [y["year"] for y in years["years"]] == [2024, 2025]
    assert set(years["years"][1]["countries"]) == {"NLD", "GRC", "HUN"}
    answer = call(client, "get", _figures_url(2025), secret, data={"scope": "grc"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["scope"] == "GRC" and not body["stale"]
    monitor = Monitor(accepted_network)
    assert body["cohort"] == monitor.cohort("GRC", 2025)
    for figure in body["figures"]:
        expected = monitor.figure(figure["indicator"], "GRC", 2025)
        assert (figure["numerator"], figure["denominator"]) == (
            expected.numerator,
            expected.denominator,
        )
        assert figure["rate"] == pytest.approx(expected.rate)
        assert (figure["rate"] is None) == bool(figure["reason"])


def test_an_unchanged_answer_is_not_sent_again(personas: Personas) -> None:
    client, secret = Client(), token_for(personas.analyst)
    first = call(client, "get", _figures_url(2025), secret)
    tag = first["ETag"]
    again = call(client, "get", _figures_url(2025), secret, headers={"HTTP_IF_NONE_MATCH": tag})
    assert again.status_code == 304 and again.content == b""
    other = call(client, "get", _figures_url(2024), secret, headers={"HTTP_IF_NONE_MATCH": tag})
    assert other.status_code == 200 and other["ETag"] != tag


def test_a_year_or_country_without_figures_is_not_found(personas: Personas) -> None:
    client, secret = Client(), token_for(personas.analyst)
    assert call(client, "get", _figures_url(2019), secret).status_code == 404
    missing = call(client, "get", _figures_url(2025), secret, data={"scope": "FRA"})
    assert missing.status_code == 404


@pytest.mark.parametrize("name", PERSONAS)
def test_the_network_figures_are_for_the_dashboards_readers_and_the_published_for_anyone(
    personas: Personas, name: str | None
) -> None:
    user = getattr(personas, name) if name else None
    client, secret = Client(), token_for(user) if user else None
    network = call(client, "get", _figures_url(2025), secret)
    assert network.status_code == (401 if name is None else 200)
    assert call(client, "get", reverse("api:published_years"), secret).json() == []
    assert call(client, "get", _published_url(2025), secret).status_code == 404


def test_published_figures_are_the_publications_and_need_no_token(personas: Personas) -> None:
    publication = services.publish_year(personas.analyst, 2025)
    anonymous = Client()
    years = call(anonymous, "get", reverse("api:published_years")).json()
    assert [(p["year"], p["version"]) for p in years] == [(2025, 1)]
    answer = call(anonymous, "get", _published_url(2025), data={"scope": "NLD"})
    assert answer.status_code == 200
    published = services.published_figures(publication)
    for figure in answer.json()["figures"]:
        expected = published.figure(figure["indicator"], "NLD", 2025)
        assert figure["rate"] == pytest.approx(expected.rate)
    tag = answer["ETag"]
    again = call(
        anonymous, "get", _published_url(2025), data={"scope": "NLD"},
        headers={"HTTP_IF_NONE_MATCH": tag},
    )  # fmt: skip
    assert again.status_code == 304
    public_only = token_for(personas.caseworker_b, ("public",))
    assert call(Client(), "get", _published_url(2025), public_only).status_code == 200
    assert call(Client(), "get", _figures_url(2025), public_only).status_code == 403
    assert call(anonymous, "get", _published_url(2024)).status_code == 404
