"""Published three-year figures through the API: exactly those the public country pages
offer, none for a differentially private publication or a withheld country, open to
anyone (no token, or a token with the public scope) as the other published figures."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from crossroads.api.figures import PooledOut
from crossroads.api.tests.helpers import call, token_for
from crossroads.exchange.models import PooledRelease
from crossroads.exchange.tests.test_pooling import pooled_network
from crossroads.reports import services
from crossroads.reports.models import Method
from crossroads.reports.tests.test_pooled_cohorts import LABEL
from crossroads.testing import Personas, agree

PERSONAS = ("caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b", "analyst")


def _url(year: int) -> str:
    return reverse("api:published_pooled", kwargs={"year": year})


def _network(personas: Personas, small: tuple[int, int, int] = (6, 7, 8)) -> Personas:
    agree(personas.analyst, personas.org_a)
    agree(personas.analyst, personas.org_b)
    # Germany: 6, 7 and 8 persons, each year too few for a figure; 21 over the three.
    pooled_network(personas, small)
    return personas


def _page(year: int, country: str) -> dict[str, Any]:
    """What the public country page offers of the three-year cohort, read from the page."""
    response = Client().get(reverse("public:country", args=[year, country]))
    assert response.status_code == 200
    return {
        "label": response.context["pooled_label"],
        "cohort": response.context["pooled_cohort"],
        "rows": [row for row in response.context["rows"] if row["pooled"] is not None],
        "html": response.content.decode(),
    }


def test_the_three_year_figures_are_those_the_public_country_pages_offer(
    personas: Personas,
) -> None:
    agreed = _network(personas)
    services.publish_year(agreed.analyst, 2025)
    answer = call(Client(), "get", _url(2025))
    assert answer.status_code == 200
    body = {entry["country"]: entry for entry in answer.json()}
    # Germany's small yearly cohorts, and the Netherlands' small subgroups.
    assert list(body) == ["DEU", "NLD"]
    assert body["DEU"]["figures"] and body["NLD"]["figures"]
    assert body["DEU"]["cohort"] == 21
    for country, entry in body.items():
        page = _page(2025, country)
        assert (entry["first_year"], entry["last_year"]) == (2023, 2025)
        assert entry["label"] == page["label"] == LABEL and LABEL in page["html"]
        assert entry["cohort"] == page["cohort"]
        # The same indicators, in the page's order, each with the page's figure: its rate
        # and interval, its counts where it is shown, its reason where it is not.
        assert [f["indicator"] for f in entry["figures"]] == [
            row["spec"].code for row in page["rows"]
        ]
        for figure, row in zip(entry["figures"], page["rows"], strict=True):
            pooled = row["pooled"]
            assert not row["figure"].shown
            assert figure["title"] == row["title"]
            assert figure["rate"] == pytest.approx(pooled.rate)
            assert (figure["low"], figure["high"]) == pytest.approx((pooled.low, pooled.high))
            assert figure["pending"] == pooled.pending
            assert figure["reason"] == pooled.reason_text()
            if pooled.shown:
                assert (figure["numerator"], figure["denominator"]) == (
                    pooled.numerator,
                    pooled.denominator,
                )
                assert f"{pooled.numerator} / {pooled.denominator}" in page["html"]
            else:
                assert figure["numerator"] is None and figure["denominator"] is None
    figures = [f for entry in body.values() for f in entry["figures"]]
    assert any(f["rate"] is not None for f in figures)
    assert any(f["rate"] is None for f in figures)


def test_a_publication_without_three_year_figures_answers_an_empty_list(
    personas: Personas,
) -> None:
    agreed = _network(personas)
    # 2024's window (2023–2025) is not over by 2024: nothing frozen.
    services.publish_year(agreed.analyst, 2024)
    assert call(Client(), "get", _url(2024)).json() == []
    # A differentially private publication has none.
    services.publish_year(agreed.analyst, 2025, method=Method.PRIVACY, epsilon=1.0)
    answer = call(Client(), "get", _url(2025))
    assert answer.status_code == 200 and answer.json() == []
    assert _page(2025, "DEU")["rows"] == []


def test_countries_whose_pooled_tables_were_withheld_are_not_shown(personas: Personas) -> None:
    # Germany: 5 persons in 2023 (suppressed), 20 and 30: the pooled 55 would give the 5
    # back, so Germany's pooled tables are withheld, and the Netherlands' with them.
    agreed = _network(personas, (5, 20, 30))
    assert PooledRelease.objects.get(first_year=2023).withheld == ["DEU", "NLD"]
    services.publish_year(agreed.analyst, 2025)
    assert call(Client(), "get", _url(2025)).json() == []
    for country in ("DEU", "NLD"):
        page = _page(2025, country)
        # Nor is the note on three-year figures, which would announce figures it lacks.
        assert page["rows"] == [] and page["label"] == "" and "three-year" not in page["html"]


def test_an_unpublished_year_is_the_same_problem_as_for_the_published_figures(
    personas: Personas,
) -> None:
    agreed = _network(personas)
    services.publish_year(agreed.analyst, 2025)
    for year in (2024, 2019):
        pooled = call(Client(), "get", _url(year))
        figures = call(Client(), "get", reverse("api:published", kwargs={"year": year}))
        assert pooled.status_code == figures.status_code == 404
        assert pooled["Content-Type"] == "application/problem+json"
        assert {k: v for k, v in pooled.json().items() if k != "instance"} == {
            k: v for k, v in figures.json().items() if k != "instance"
        }
        assert pooled.json()["instance"] == _url(year)


def test_anyone_reads_them_as_the_other_published_figures(personas: Personas) -> None:
    agreed = _network(personas)
    services.publish_year(agreed.analyst, 2025)
    expected = call(Client(), "get", _url(2025)).json()
    assert expected
    for name in PERSONAS:
        user = getattr(personas, name)
        answer = call(Client(), "get", _url(2025), token_for(user))
        assert answer.status_code == 200 and answer.json() == expected, name
        # A token needs the public scope, as for the other published figures.
        without = token_for(user, ("records:read",))
        assert call(Client(), "get", _url(2025), without).status_code == 403, name
        public_only = token_for(user, ("public",))
        assert call(Client(), "get", _url(2025), public_only).json() == expected, name


def test_an_unchanged_answer_is_not_sent_again(personas: Personas) -> None:
    agreed = _network(personas)
    services.publish_year(agreed.analyst, 2025)
    first = call(Client(), "get", _url(2025))
    again = call(Client(), "get", _url(2025), headers={"HTTP_IF_NONE_MATCH": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    # A new version of the publication is a new answer.
    services.publish_year(agreed.analyst, 2025)
    newer = call(Client(), "get", _url(2025), headers={"HTTP_IF_NONE_MATCH": first["ETag"]})
    assert newer.status_code == 200 and newer.json() == first.json()


def test_the_schema_documents_them_with_examples_that_fit_it() -> None:
    schema = Client().get(reverse("api:openapi-json")).json()
    operation = schema["paths"]["/api/v1/published/{year}/pooled"]["get"]
    assert {"200", "304", "404"} <= set(operation["responses"])
    answer = operation["responses"]["200"]["content"]["application/json"]
    assert answer["schema"]["items"]["$ref"].endswith("/PooledOut")
    examples = answer["examples"]
    assert [e["value"] for e in examples.values()][1] == []
    for entry in examples["small-country"]["value"]:
        assert PooledOut.model_validate(entry).label == LABEL
