"""The estimation page: choose lists, link, estimate, see the result with small cells masked."""

from __future__ import annotations

from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.urls import reverse

from crossroads.audit.models import AuditEntry
from crossroads.cases import services as case_services
from crossroads.cases.services import linkage_key
from crossroads.estimation import services
from crossroads.estimation.methods import mse_settings
from crossroads.estimation.models import Estimate
from crossroads.estimation.sources import available_sources
from crossroads.estimation.tests.helpers import member_records, token_file
from crossroads.stats.linkage import Identity, token_cascade
from crossroads.testing import Personas, agree, make_case, minimal_record

NEW = reverse("estimation:new") + "?country=NLD&year=2024"


def two_lists(personas: Personas) -> None:
    """Org A saw people 0-49, the police people 30-89: 20 in common, 90 seen.

    With two lists the only estimable model is independence, and its estimate
    is Lincoln-Petersen's: 50 x 60 / 20 = 150 people.
    """
    member_records(personas.data_officer_a, range(50))
    services.upload_tokens(
        personas.analyst,
        content=token_file("police-2024", range(30, 90)),
        holder="National police",
        country="NLD",
        year=2024,
    )


def post_estimate(personas: Personas, **fields: Any) -> Any:
    sources = [source.key for source in available_sources("NLD", 2024) if source.people]
    data = {
        "sources": sources,
        "method": "stepwise",
        "pthresh": "0.02",
        "n_boot": "0",
        "seed": "1234",
        "confidence": "0.95",
        "note": "",
        **fields,
    }
    return personas.client_for(personas.analyst).post(NEW, data)


def test_the_form_lists_the_countrys_members_and_uploads(personas: Personas) -> None:
    two_lists(personas)
    page = personas.client_for(personas.analyst).get(NEW).content.decode()
    assert "Organisation A" in page and "National police" in page
    assert "Organisation B" not in page  # another country


def test_two_lists_give_the_lincoln_petersen_estimate(personas: Personas) -> None:
    two_lists(personas)
    response = post_estimate(personas)
    estimate = Estimate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("estimation:detail", args=[estimate.pk])
    assert estimate.status == Estimate.Status.DONE, estimate.error
    assert estimate.overlap == {
        "lists": ["org-a", "police-2024"],
        "patterns": {"10": 30, "01": 40, "11": 20},
    }
    assert estimate.population_size == pytest.approx(150.0, rel=1e-9)
    assert estimate.linkage["levels"][0] == {
        "level": "exact",
        "links": 20,
        "ambiguous": 0,
        "refused": 0,
    }


def test_the_result_page_shows_the_estimate_and_masks_small_cells(personas: Personas) -> None:
    member_records(personas.data_officer_a, range(50))
    services.upload_tokens(
        personas.analyst,
        content=token_file("police-2024", range(45, 90)),
        holder="National police",
        country="NLD",
        year=2024,
    )
    post_estimate(personas)
    estimate = Estimate.objects.get()
    page = personas.client_for(personas.analyst).get(
        reverse("estimation:detail", args=[estimate.pk])
    )
    text = page.content.decode()
    assert estimate.overlap["patterns"]["11"] == 5
    assert "&lt;10" in text
    assert ">5<" not in text
    assert f"{estimate.population_size:,.0f}" in text
    assert "Before you publish this figure" in text
    assert "<svg" in text and 'role="img"' in text
    assert AuditEntry.objects.filter(object_type="estimate", action="read").count() == 1


def test_only_records_whose_consent_allows_linkage_and_with_tokens_take_part(
    personas: Personas,
) -> None:
    member_records(personas.data_officer_a, range(20))
    member_records(personas.data_officer_a, range(20, 30), consent="aggregate_only")
    member_records(personas.data_officer_a, range(30, 35), consent="refused")
    make_case(personas.data_officer_a, "NO-IDENTITY", consent_data_use="aggregate_and_research")
    case_services.create_case(
        personas.data_officer_a,
        "NAME-NO-DATE",
        minimal_record(consent_data_use="aggregate_and_research"),
        tokens=token_cascade(Identity.from_fields("Ana", "Popa", ""), linkage_key()).as_list(),
        from_form=False,
    )
    [member] = [s for s in available_sources("NLD", 2024) if s.kind == "member"]
    assert member.people == 20


def test_members_whose_agreement_excludes_tokens_cannot_be_chosen(personas: Personas) -> None:
    two_lists(personas)
    agree(
        personas.analyst, personas.org_a, contributes_tokens=False, effective_from=date(2024, 1, 2)
    )
    page = personas.client_for(personas.analyst).get(NEW).content.decode()
    response = post_estimate(personas, sources=[f"member:{personas.org_a.pk}"])
    assert "not covered by its data exchange agreement" in page
    assert response.status_code == 200
    assert not Estimate.objects.exists()


def test_one_list_is_not_enough(personas: Personas) -> None:
    two_lists(personas)
    response = post_estimate(personas, sources=[f"member:{personas.org_a.pk}"])
    assert "Choose at least two lists." in response.content.decode()
    assert not Estimate.objects.exists()


def test_bad_settings_are_refused_by_field(personas: Personas) -> None:
    two_lists(personas)
    response = post_estimate(personas, n_boot="5", pthresh="2")
    text = response.content.decode()
    assert "Use 0 (no bootstrap) or at least 10 replicates." in text
    assert not Estimate.objects.exists()


def test_the_request_is_audited_with_its_lists_and_method(personas: Personas) -> None:
    two_lists(personas)
    post_estimate(personas)
    entry = AuditEntry.objects.get(object_type="estimate", action="estimate")
    assert entry.detail["lists"] == ["org-a", "police-2024"]
    assert entry.detail["method"] == "stepwise"


def test_running_again_from_stored_inputs_reproduces_the_figures(personas: Personas) -> None:
    two_lists(personas)
    post_estimate(personas, n_boot="50", seed="7")
    first = Estimate.objects.get()
    client = personas.client_for(personas.analyst)
    response = client.post(reverse("estimation:repeat", args=[first.pk]))
    again = Estimate.objects.exclude(pk=first.pk).get()
    assert response["Location"] == reverse("estimation:detail", args=[again.pk])
    assert again.repeats_id == first.pk
    assert (again.population_size, again.lower, again.upper) == (
        first.population_size,
        first.lower,
        first.upper,
    )
    assert again.result is not None and first.result is not None
    assert again.result["bca_quantiles"] == first.result["bca_quantiles"]


def test_the_other_methods_are_compared_in_a_fixed_order(personas: Personas) -> None:
    two_lists(personas)
    post_estimate(personas)
    estimate = Estimate.objects.get()
    assert [row["key"] for row in estimate.comparison] == [
        "stepwise",
        "aic",
        "bic",
        "averaged",
        "independence",
        "latent_class",
        "mth_chao",
        "mth_darroch",
    ]
    assert [row["main"] for row in estimate.comparison] == [True] + [False] * 7
    independence = estimate.comparison[4]
    assert independence["population_size"] == pytest.approx(150.0, rel=1e-9)
    # Heterogeneity models need three lists: their rows say so instead of failing the page.
    assert "three lists" in estimate.comparison[-1]["error"]


def test_lists_that_share_nobody_fail_with_the_reason(personas: Personas) -> None:
    member_records(personas.data_officer_a, range(20))
    services.upload_tokens(
        personas.analyst,
        content=token_file("police-2024", range(20, 40)),
        holder="National police",
        country="NLD",
        year=2024,
    )
    post_estimate(personas)
    estimate = Estimate.objects.get()
    page = personas.client_for(personas.analyst).get(
        reverse("estimation:detail", args=[estimate.pk])
    )
    assert estimate.status == Estimate.Status.FAILED
    assert "No two lists share anyone" in estimate.error
    assert estimate.population_size is None
    text = page.content.decode()
    assert "could not be computed" in text
    assert "say nothing about who was missed" in text  # the page's own explanation


def test_deleting_an_estimate_is_audited(personas: Personas) -> None:
    two_lists(personas)
    post_estimate(personas)
    estimate = Estimate.objects.get()
    client = personas.client_for(personas.analyst)
    assert client.post(reverse("estimation:delete", args=[estimate.pk])).status_code == 302
    assert not Estimate.objects.exists()
    assert AuditEntry.objects.filter(object_type="estimate", action="delete").exists()


def test_the_index_lists_estimates_and_the_home_page_shows_the_latest(personas: Personas) -> None:
    two_lists(personas)
    post_estimate(personas)
    client = personas.client_for(personas.analyst)
    assert "150" in client.get(reverse("estimation:index")).content.decode()
    home = client.get("/").content.decode()
    assert "Hidden-victim estimates" in home and "about 150 people" in home


def test_a_finished_estimate_shows_no_progress_bar(personas: Personas) -> None:
    two_lists(personas)
    post_estimate(personas)
    estimate = Estimate.objects.get()
    page = personas.client_for(personas.analyst).get(
        reverse("estimation:detail", args=[estimate.pk])
    )
    assert estimate.status == Estimate.Status.DONE
    assert b"data-task-status" not in page.content and b"Estimated total" in page.content


def test_settings_round_trip_through_the_stored_specification(personas: Personas) -> None:
    two_lists(personas)
    post_estimate(personas, method="bic")
    estimate = Estimate.objects.get()
    assert estimate.specification == mse_settings("bic", n_boot=0, n_lists=2).to_dict()


def test_a_fault_of_the_software_is_logged_and_explained(personas: Personas) -> None:
    two_lists(personas)
    with mock.patch("crossroads.estimation.methods.fit", side_effect=RuntimeError("bug")):
        post_estimate(personas)
    estimate = Estimate.objects.get()
    assert estimate.status == Estimate.Status.FAILED
    page = personas.client_for(personas.analyst).get(
        reverse("estimation:detail", args=[estimate.pk])
    )
    assert "An unexpected error stopped the estimate" in page.content.decode()
    assert "bug" not in page.content.decode()


def test_a_list_holding_everyone_is_explained(personas: Personas) -> None:
    estimate = Estimate.objects.create(
        country="NLD",
        year=2024,
        overlap={"lists": ["a", "b"], "patterns": {"10": 30, "11": 20}},
        status=Estimate.Status.FAILED,
        error="model [main effects] cannot be estimated: ...",
    )
    page = personas.client_for(personas.analyst).get(
        reverse("estimation:detail", args=[estimate.pk])
    )
    assert "One list holds everyone seen" in page.content.decode()


def test_new_estimate_opens_on_the_first_country_and_year_that_can_be_estimated(
    personas: Personas,
) -> None:
    member_records(personas.caseworker_b, range(5))  # Germany 2024: one list only
    two_lists(personas)  # the Netherlands 2024: two lists
    page = personas.client_for(personas.analyst).get(reverse("estimation:new")).content.decode()
    assert "Link the lists and estimate" in page
    assert "Organisation A" in page and "National police" in page


def test_a_country_and_year_with_one_list_explains_and_offers_the_others(
    personas: Personas,
) -> None:
    member_records(personas.caseworker_b, range(5))
    two_lists(personas)
    client = personas.client_for(personas.analyst)
    page = client.get(reverse("estimation:new") + "?country=DEU&year=2024").content.decode()
    assert "has 1 list with people: an estimate needs at least two" in page
    assert "Link the lists and estimate" not in page
    assert "?country=NLD&amp;year=2024" in page
