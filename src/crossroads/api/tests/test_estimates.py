"""Estimates through the API: the lists, starting an estimate as a task, reading it (analysts)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from crossroads.api.tests.helpers import call, token_for
from crossroads.audit.models import Action, AuditEntry
from crossroads.estimation import services
from crossroads.estimation.models import Estimate
from crossroads.estimation.sources import available_sources, usable
from crossroads.estimation.tests.helpers import member_records, token_file
from crossroads.stats.mse import MSESettings
from crossroads.testing import Personas, agree

PERSONAS = ("caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b", "analyst", None)
SPEC = {"method": "stepwise", "n_boot": 100, "seed": 1}


@pytest.fixture
def lists(personas: Personas) -> Personas:
    """A member's 50 people (0–49) and the police's 60 (30–89) in the Netherlands, 2024."""
    agree(personas.analyst, personas.org_a)
    member_records(personas.data_officer_a, range(50))
    services.upload_tokens(
        personas.analyst,
        content=token_file("police-2024", range(30, 90)),
        holder="Police",
        country="NLD",
        year=2024,
    )
    return personas


def _sources(client: Client, secret: str) -> list[dict[str, Any]]:
    url = reverse("api:estimate_sources")
    answer: list[dict[str, Any]] = call(
        client, "get", url, secret, data={"country": "NLD", "year": 2024}
    ).json()
    return answer


def test_an_analyst_starts_an_estimate_and_reads_its_result(lists: Personas) -> None:
    client, secret = Client(), token_for(lists.analyst)
    found = _sources(client, secret)
    assert sorted(s["people"] for s in found) == [50, 60]
    body = {"country": "nld", "year": 2024, "sources": [s["key"] for s in found], **SPEC}
    started = call(client, "post", reverse("api:estimates"), secret, json=body)
    assert started.status_code == 202, started.content
    estimate = call(client, "get", started["Location"], secret).json()
    assert estimate["status"] == "done" and estimate["country"] == "NLD"
    # 50 and 60 people, 20 on both lists: 50 × 60 / 20 = 150 (no interaction to add).
    assert estimate["population_size"] == pytest.approx(150.0)
    assert estimate["lower"] <= 150.0 <= estimate["upper"]
    assert estimate["specification"]["method"] == "stepwise"
    assert {s["label"] for s in estimate["sources"]} >= {"police-2024"}
    assert "tokens" not in str(estimate["sources"]).lower()
    assert AuditEntry.objects.filter(action=Action.ESTIMATE).exists()
    assert AuditEntry.objects.filter(
        action=Action.READ, object_type="estimate", object_id=str(estimate["id"])
    ).exists()
    listed = call(client, "get", reverse("api:estimates"), secret).json()
    assert [e["id"] for e in listed] == [estimate["id"]]


def test_a_specification_the_page_refuses_is_refused_with_the_field(lists: Personas) -> None:
    client, secret = Client(), token_for(lists.analyst)
    one = _sources(client, secret)[0]["key"]
    body = {"country": "NLD", "year": 2024, "sources": [one], **SPEC}
    response = call(client, "post", reverse("api:estimates"), secret, json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "sources"
    body = {"country": "XXX", "year": 2024, "sources": [one, one], **SPEC}
    response = call(client, "post", reverse("api:estimates"), secret, json=body)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "country"
    assert not Estimate.objects.exists()


@pytest.mark.parametrize("name", PERSONAS)
def test_only_analysts_reach_estimates(lists: Personas, name: str | None) -> None:
    estimate = services.request_estimate(
        lists.analyst,
        country="NLD",
        year=2024,
        sources=usable(available_sources("NLD", 2024)),
        settings=MSESettings(n_boot=0),
    )
    user = getattr(lists, name) if name else None
    client, secret = Client(), token_for(user) if user else None
    one = call(client, "get", reverse("api:estimate", kwargs={"estimate_id": estimate.pk}), secret)
    missing = call(client, "get", reverse("api:estimate", kwargs={"estimate_id": 999_999}), secret)
    listed = call(client, "get", reverse("api:estimates"), secret)
    body = {"country": "NLD", "year": 2024, "sources": ["member:1", "upload:1"], **SPEC}
    started = call(client, "post", reverse("api:estimates"), secret, json=body)
    if name is None:
        assert {r.status_code for r in (one, missing, listed, started)} == {401}
    elif name == "analyst":
        assert (one.status_code, missing.status_code, listed.status_code) == (200, 404, 200)
        assert started.status_code in {202, 422}
    else:
        assert one.status_code == missing.status_code == 404
        assert one.json() == {**missing.json(), "instance": one.json()["instance"]}
        assert listed.status_code == started.status_code == 403
    added = name == "analyst" and started.status_code == 202
    assert Estimate.objects.count() == 1 + added


def test_an_analyst_uploads_a_token_file_and_links_it_in_an_estimate(lists: Personas) -> None:
    client, secret = Client(), token_for(lists.analyst)
    url = reverse("api:estimate_upload")
    fields = {"holder": "Labour inspectorate", "country": "nld", "year": "2024"}

    def upload(content: bytes, **changes: str) -> Any:
        sent = SimpleUploadedFile("inspectorate-2024.tokens", content)
        return call(client, "post", url, secret, data={**fields, **changes, "file": sent})

    stored = upload(token_file("inspectorate-2024", range(70, 120)))
    assert stored.status_code == 201, stored.content
    body = stored.json()
    assert (body["label"], body["country"], body["people"]) == ("inspectorate-2024", "NLD", 50)
    assert AuditEntry.objects.filter(action=Action.IMPORT, object_type="token_upload").exists()
    assert body["key"] in {s["key"] for s in _sources(client, secret)}
    broken = upload(b"not a token file", label="other")
    assert broken.status_code == 422 and broken.json()["errors"][0]["field"] == "file"
    no_holder = upload(token_file("x-2024", range(3)), holder="")
    assert no_holder.status_code == 422
    assert {e["field"] for e in no_holder.json()["errors"]} == {"holder"}
    for name in ("data_officer_a", "caseworker_a"):
        other = token_for(getattr(lists, name))
        sent = SimpleUploadedFile("x.tokens", token_file("x-2024", range(3)))
        refused = call(client, "post", url, other, data={**fields, "file": sent})
        assert refused.status_code == 403, name
