"""The annual exchange through the API: build, read and submit a draft; the analyst's review."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from crossroads.api.tests.helpers import call, token_for
from crossroads.audit.models import Action, AuditEntry
from crossroads.core import signing
from crossroads.exchange.models import Status, Submission
from crossroads.exchange.services import drafts, files
from crossroads.exchange.services import submissions as services
from crossroads.exchange.tests.conftest import add_records
from crossroads.testing import Personas, agree

PERSONAS = ("caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b", "analyst", None)


@pytest.fixture
def agreed(personas: Personas) -> Personas:
    agree(personas.analyst, personas.org_a)
    agree(personas.analyst, personas.org_b)
    add_records(personas.data_officer_a, 12)
    return personas


def _url(name: str, submission_id: int) -> str:
    return reverse(f"api:{name}", kwargs={"submission_id": submission_id})


def _caller(personas: Personas, name: str | None) -> tuple[Client, str | None]:
    user = getattr(personas, name) if name else None
    return Client(), token_for(user) if user else None


def test_a_data_officer_builds_reads_and_submits_the_years_draft(agreed: Personas) -> None:
    client, secret = _caller(agreed, "data_officer_a")
    built = call(client, "post", reverse("api:submissions"), secret, json={"year": 2024})
    assert built.status_code == 201, built.content
    draft = built.json()
    assert (draft["year"], draft["version"], draft["status"]) == (2024, 1, "draft")
    tables = {t["code"]: t for t in draft["tables"]}
    assert "persons_sex_age" in tables and tables["persons_sex_age"]["title"]
    statuses = {c["status"] for t in draft["tables"] for c in t["cells"]}
    assert statuses <= {"released", "rounded", "zero", "suppressed"}
    assert all(c["value"] is None for t in draft["tables"] for c in t["cells"]
               if c["status"] == "suppressed")  # fmt: skip
    stored = Submission.objects.get(pk=draft["id"])
    assert draft["checksum"] == stored.checksum
    read = call(client, "get", _url("submission", draft["id"]), secret).json()
    assert read["events"][0]["kind"] == "built"
    assert AuditEntry.objects.filter(
        action=Action.READ, object_type="submission", object_id=str(draft["id"])
    ).exists()
    submitted = call(client, "post", _url("submission_submit", draft["id"]), secret)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    again = call(client, "post", _url("submission_submit", draft["id"]), secret)
    assert again.status_code == 409
    assert again.json()["type"] == "urn:crossroads:problem:exchange-state"
    listed = call(client, "get", reverse("api:submissions"), secret).json()
    assert [(s["year"], s["status"]) for s in listed] == [(2024, "submitted")]


def test_a_year_the_build_page_does_not_offer_is_refused(agreed: Personas) -> None:
    client, secret = _caller(agreed, "data_officer_a")
    response = call(client, "post", reverse("api:submissions"), secret, json={"year": 1990})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "year"
    assert not Submission.objects.exists()


def test_the_analyst_accepts_or_returns_what_was_submitted(agreed: Personas) -> None:
    draft = drafts.build_draft(agreed.data_officer_a, 2024)
    client, secret = _caller(agreed, "analyst")
    assert call(client, "get", _url("submission", draft.pk), secret).status_code == 404
    services.submit(agreed.data_officer_a, draft)
    returned = call(
        client,
        "post",
        _url("submission_review", draft.pk),
        secret,
        json={"decision": "return", "comment": "Age bands look shifted."},
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    history = call(client, "get", _url("submission", draft.pk), secret).json()["events"]
    assert history[-1]["comment"] == "Age bands look shifted."
    officer, officer_secret = _caller(agreed, "data_officer_a")
    review = call(
        officer, "post", _url("submission_review", draft.pk), officer_secret,
        json={"decision": "accept"},
    )  # fmt: skip
    assert review.status_code == 403


def _expected(name: str | None, *, own: int, officer_only: bool) -> int:
    if name is None:
        return 401
    if name == "analyst":
        return 404
    if name == "caseworker_b":
        return 404
    if officer_only and name == "caseworker_a":
        return 403
    return own


@pytest.mark.parametrize("name", PERSONAS)
def test_another_organisations_draft_and_a_missing_one_get_the_same_answer(
    agreed: Personas, name: str | None
) -> None:
    draft = drafts.build_draft(agreed.data_officer_a, 2024)
    client, secret = _caller(agreed, name)
    for url_name, method, officer_only in (
        ("submission", "get", False),
        ("submission_submit", "post", True),
    ):
        response = call(client, method, _url(url_name, draft.pk), secret)
        expected = _expected(name, own=200, officer_only=officer_only)
        assert response.status_code == expected, (url_name, response.content)
        if expected == 404:
            missing = call(client, method, _url(url_name, 999_999), secret)
            assert missing.status_code == 404
            assert b"persons_sex_age" not in response.content
    listed = call(client, "get", reverse("api:submissions"), secret)
    if name is None:
        assert listed.status_code == 401
    else:
        ids = {s["id"] for s in listed.json()}
        assert ids == ({draft.pk} if name in {"caseworker_a", "data_officer_a", "org_admin_a"}
                       else set())  # fmt: skip
    submitted = Submission.objects.get(pk=draft.pk).status == Status.SUBMITTED
    assert submitted == (name in {"data_officer_a", "org_admin_a"})


@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_members_data_officers_build_drafts(agreed: Personas, name: str | None) -> None:
    client, secret = _caller(agreed, name)
    response = call(client, "post", reverse("api:submissions"), secret, json={"year": 2024})
    if name is None:
        assert response.status_code == 401
    elif name in {"data_officer_a", "org_admin_a"}:
        assert response.status_code == 201
    else:
        assert response.status_code == 403
    built = Submission.objects.filter(organisation__code="org-a").exists()
    assert built == (name in {"data_officer_a", "org_admin_a"})


def test_a_token_without_the_exchange_scope_is_refused(agreed: Personas) -> None:
    records_only: Any = token_for(agreed.data_officer_a, ("records:read", "records:write"))
    response = call(Client(), "get", reverse("api:submissions"), records_only)
    assert response.status_code == 403 and response.json()["scope"] == "exchange"


def test_a_signed_file_leaves_a_member_and_enters_the_secretariat_through_the_api(
    agreed: Personas,
) -> None:
    """The member's instance exports its submitted version's signed file; the secretariat's
    analyst imports it (here: the same instance, the version removed first, and the
    member's instance key registered, as between two instances)."""
    officer, officer_secret = _caller(agreed, "data_officer_a")
    draft = call(officer, "post", reverse("api:submissions"), officer_secret, json={"year": 2024})
    draft_id = draft.json()["id"]
    url = _url("submission_signed_file", draft_id)
    assert call(officer, "get", url, officer_secret).status_code == 404  # a draft never leaves
    call(officer, "post", _url("submission_submit", draft_id), officer_secret)
    for name in ("caseworker_a", "caseworker_b", "analyst"):
        client, secret = _caller(agreed, name)
        assert call(client, "get", url, secret).status_code in {403, 404}, name
    exported = call(officer, "get", url, officer_secret)
    assert exported.status_code == 200, exported.content
    assert exported["Content-Type"] == "application/json"
    assert "attachment" in exported["Content-Disposition"]
    document = json.loads(exported.content)
    assert document["signature"] and document["payload"]["checksum"]
    assert Submission.objects.get(pk=draft_id).events.filter(kind="exported").exists()

    analyst, analyst_secret = _caller(agreed, "analyst")
    upload = SimpleUploadedFile("a-2024.signed.json", exported.content, "application/json")
    refused = call(analyst, "post", reverse("api:signed_file_import"), analyst_secret,
                   data={"file": upload})  # fmt: skip
    assert refused.status_code == 422  # the instance's own key is not registered for A
    assert "not registered" in refused.json()["errors"][0]["allowed"]
    key = signing.key_id_of(signing.public_key_bytes(signing.instance_key()))
    assert document["key_id"] == key
    files.register_key(
        agreed.analyst,
        agreed.org_a,
        base64.b64encode(signing.public_key_bytes(signing.instance_key())).decode(),
    )
    Submission.objects.get(pk=draft_id).events.all().delete()
    Submission.objects.filter(pk=draft_id).delete()
    member, member_secret = _caller(agreed, "data_officer_a")
    upload.seek(0)
    assert call(member, "post", reverse("api:signed_file_import"), member_secret,
                data={"file": upload}).status_code == 403  # fmt: skip
    upload.seek(0)
    imported = call(analyst, "post", reverse("api:signed_file_import"), analyst_secret,
                    data={"file": upload})  # fmt: skip
    assert imported.status_code == 201, imported.content
    body = imported.json()
    assert (body["organisation"], body["year"], body["status"]) == (agreed.org_a.code, 2024,
                                                                     "submitted")  # fmt: skip
    assert Submission.objects.get(pk=body["id"]).source == Submission.Source.IMPORTED
