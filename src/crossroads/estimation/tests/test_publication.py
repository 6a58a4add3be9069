"""Publishing an estimate, the typed read for reports, and the new methods on the page."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from crossroads.audit.models import Action, AuditEntry
from crossroads.estimation import services
from crossroads.estimation.methods import mse_settings
from crossroads.estimation.models import Estimate
from crossroads.estimation.publication import published_estimates
from crossroads.estimation.sources import available_sources, choices
from crossroads.estimation.tests.helpers import member_records, token_file
from crossroads.testing import Personas

NEW = reverse("estimation:new") + "?country=NLD&year=2024"


def three_lists(personas: Personas) -> None:
    """Org A saw people 0-59, the police 40-109 and the inspectorate 0-9 and 50-79."""
    member_records(personas.data_officer_a, range(60))
    for label, holder, people in (
        ("police-2024", "National police", range(40, 110)),
        ("labour-2024", "Labour inspectorate", [*range(10), *range(50, 80)]),
    ):
        services.upload_tokens(
            personas.analyst,
            content=token_file(label, people),
            holder=holder,
            country="NLD",
            year=2024,
        )


def estimate_with(personas: Personas, method: str) -> Estimate:
    sources = [source.key for source in available_sources("NLD", 2024) if source.people]
    data: dict[str, Any] = {
        "sources": sources,
        "method": method,
        "pthresh": "0.02",
        "n_boot": "0",
        "seed": "1234",
        "confidence": "0.95",
        "note": "",
    }
    response = personas.client_for(personas.analyst).post(NEW, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    estimate = Estimate.objects.latest("id")
    assert estimate.status == Estimate.Status.DONE, estimate.error
    return estimate


def publish(personas: Personas, estimate: Estimate, **fields: Any) -> Any:
    url = reverse("estimation:publish", args=[estimate.pk])
    return personas.client_for(personas.analyst).post(url, fields)


def test_an_analyst_publishes_an_estimate_and_reports_read_it_typed(personas: Personas) -> None:
    three_lists(personas)
    estimate = estimate_with(personas, "stepwise")
    response = publish(
        personas,
        estimate,
        methods=["bic", "latent_class"],
        named=["police-2024"],
        consent="on",
    )
    assert response.status_code == 302
    estimate.refresh_from_db()
    assert estimate.is_published
    assert estimate.published_methods == ["stepwise", "bic", "latent_class"]
    assert estimate.named_holders == ["police-2024"]
    entry = AuditEntry.objects.filter(action=Action.PUBLISH, object_id=str(estimate.pk)).get()
    assert entry.detail["named_holders"] == ["police-2024"]

    (item,) = published_estimates(2024)
    assert (item.country, item.year, item.estimate_id) == ("NLD", 2024, estimate.pk)
    assert estimate.population_size is not None
    assert item.population_size == pytest.approx(estimate.population_size)
    assert item.interval == pytest.approx((estimate.lower, estimate.upper))
    assert item.observed == estimate.observed
    assert item.dark_figure == pytest.approx(estimate.population_size - estimate.observed)
    assert [m.key for m in item.methods] == ["stepwise", "bic", "latent_class"]
    assert [m.main for m in item.methods] == [True, False, False]
    assert item.reading and item.assumptions
    holders = {entry.holder for entry in item.lists}
    assert holders == {"National police", None}
    assert {entry.description for entry in item.lists} >= {
        "a member organisation",
        "another list holder",
    }
    # A holder who did not consent is neither named nor identifiable by its list label.
    assert all(entry.label is None for entry in item.lists if entry.holder is None)
    assert item.provenance["settings"]["seed"] == 1234
    assert published_estimates(2023) == []


def test_the_published_texts_follow_the_language_of_the_report(personas: Personas) -> None:
    three_lists(personas)
    estimate = estimate_with(personas, "stepwise")
    publish(personas, estimate, methods=["bic"])
    with translation.override("fr"):
        (item,) = published_estimates(2024)
    assert "liste" in " ".join(item.assumptions).lower()


def test_naming_a_holder_needs_the_confirmation_of_consent(personas: Personas) -> None:
    three_lists(personas)
    estimate = estimate_with(personas, "stepwise")
    response = publish(personas, estimate, methods=["bic"], named=["police-2024"])
    assert response.status_code == 302
    estimate.refresh_from_db()
    assert not estimate.is_published
    page = personas.client_for(personas.analyst).get(response["Location"]).content.decode()
    assert "agreed to be named" in page


def test_publishing_another_estimate_of_the_year_withdraws_the_first(personas: Personas) -> None:
    three_lists(personas)
    first = estimate_with(personas, "stepwise")
    second = estimate_with(personas, "bic")
    publish(personas, first, methods=[])
    publish(personas, second, methods=["stepwise"])
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.is_published and second.is_published
    assert [item.estimate_id for item in published_estimates()] == [second.pk]


def test_withdrawing_a_publication_is_audited_and_removes_it(personas: Personas) -> None:
    three_lists(personas)
    estimate = estimate_with(personas, "stepwise")
    publish(personas, estimate, methods=[])
    url = reverse("estimation:unpublish", args=[estimate.pk])
    personas.client_for(personas.analyst).post(url)
    estimate.refresh_from_db()
    assert not estimate.is_published
    assert published_estimates() == []
    assert AuditEntry.objects.filter(
        action=Action.UPDATE, object_id=str(estimate.pk), summary__startswith="Withdrew"
    ).exists()


def test_only_analysts_publish(personas: Personas) -> None:
    three_lists(personas)
    estimate = estimate_with(personas, "stepwise")
    url = reverse("estimation:publish", args=[estimate.pk])
    response = personas.client_for(personas.data_officer_a).post(url, {"methods": []})
    assert response.status_code == 404
    estimate.refresh_from_db()
    assert not estimate.is_published


def test_a_method_without_a_result_cannot_be_published(personas: Personas) -> None:
    three_lists(personas)
    estimate = estimate_with(personas, "stepwise")
    with pytest.raises(services.Refused, match="no result"):
        services.publish_estimate(personas.analyst, estimate, methods=["nonexistent"])


def test_the_form_offers_the_latent_class_model_with_hrdags_settings(personas: Personas) -> None:
    three_lists(personas)
    sources = [source.key for source in available_sources("NLD", 2024) if source.people]
    with mock.patch("crossroads.estimation.services._start"):
        personas.client_for(personas.analyst).post(
            NEW, {"sources": sources, "method": "latent_class", "pthresh": "0.02",
                  "n_boot": "0", "seed": "7", "confidence": "0.9"},
        )  # fmt: skip
    spec = Estimate.objects.get().specification
    assert spec["method"] == "latent_class"
    assert (spec["burn_in"], spec["samples"], spec["thinning"]) == (10000, 1000, 100)
    assert (spec["seed"], spec["confidence"]) == (7, 0.9)


def test_the_page_shows_the_latent_class_diagnostics_and_the_reading(personas: Personas) -> None:
    three_lists(personas)
    settings = mse_settings(
        "latent_class", latent={"burn_in": 500, "samples": 200, "thinning": 2, "chains": 4}
    )
    estimate = services.request_estimate(
        personas.analyst,
        country="NLD",
        year=2024,
        sources=choices("NLD", 2024, [s.key for s in available_sources("NLD", 2024)]),
        settings=settings,
    )
    estimate.refresh_from_db()
    assert estimate.status == Estimate.Status.DONE, estimate.error
    page = personas.client_for(personas.analyst).get(
        reverse("estimation:detail", args=[estimate.pk])
    )
    html = page.content.decode()
    assert "Posterior median" in html
    assert "Effective draws" in html and "R-hat" in html
    assert html.count("trace__line--") == 4  # one line per chain
    assert "Reading the comparison" in html
    assert "methods that ran give between" in html
    assert "Mark for publication" in html


def test_a_closed_population_model_can_be_chosen_and_is_described(personas: Personas) -> None:
    three_lists(personas)
    estimate = estimate_with(personas, "mth_chao")
    assert estimate.result is not None
    assert estimate.result["model"]["label"] == "Mth Chao (LB)"
    html = (
        personas.client_for(personas.analyst)
        .get(reverse("estimation:detail", args=[estimate.pk]))
        .content.decode()
    )
    assert "Rcapture's model Mth Chao (LB)." in html
