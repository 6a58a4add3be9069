"""Isolation: only analysts of the secretariat reach any estimation page.

Every URL of the app is discovered from the URL configuration, so a page
added later is covered without editing this file. Members (whatever their
role) get 403 on list pages and 404 on an object's pages, the outsider is
sent to sign in, and nobody but the analyst learns anything about tokens,
overlaps or estimates.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from crossroads.estimation import services
from crossroads.estimation.methods import mse_settings
from crossroads.estimation.models import Estimate, TokenUpload
from crossroads.estimation.sources import available_sources
from crossroads.estimation.tests.helpers import member_records, token_file
from crossroads.testing import Personas

MEMBERS = ["caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b"]


def estimation_urls() -> list[tuple[str, str]]:
    """(URL name, kind of object it takes: "", "estimate" or "upload")."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif namespace == "estimation:" and pattern.name:
                groups = pattern.pattern.regex.groupindex
                kind = (
                    "estimate"
                    if "estimate_id" in groups
                    else "upload"
                    if "upload_id" in groups
                    else ""
                )
                found.append((f"estimation:{pattern.name}", kind))

    walk(get_resolver().url_patterns, "")
    return found


def make_objects(personas: Personas) -> tuple[Estimate, TokenUpload]:
    member_records(personas.data_officer_a, range(30))
    upload = services.upload_tokens(
        personas.analyst,
        content=token_file("police-2024", range(20, 60)),
        holder="Police",
        country="NLD",
        year=2024,
    )
    estimate = services.request_estimate(
        personas.analyst,
        country="NLD",
        year=2024,
        sources=[s for s in available_sources("NLD", 2024) if s.people],
        settings=mse_settings("stepwise", n_boot=0),
    )
    return estimate, upload


def stored_objects(personas: Personas) -> tuple[Estimate, TokenUpload]:
    """An upload and a finished estimate, stored directly (the services are tested elsewhere)."""
    upload = TokenUpload.objects.create(
        label="police-2024",
        holder="Police",
        country="NLD",
        year=2024,
        fingerprint="0" * 16,
        people=1,
        keys=bytes(8 * 7),
        uploaded_by=personas.analyst,
    )
    estimate = Estimate.objects.create(
        country="NLD",
        year=2024,
        sources=[
            {
                "kind": "upload",
                "id": upload.pk,
                "label": "police-2024",
                "name": "Police",
                "people": 1,
            }
        ],
        overlap={"lists": ["org-a", "police-2024"], "patterns": {"10": 30, "01": 40, "11": 20}},
        status=Estimate.Status.FAILED,
        error="kept short for the test",
        created_by=personas.analyst,
    )
    return estimate, upload


def url_for(name: str, kind: str, estimate: Estimate, upload: TokenUpload) -> str:
    if kind == "estimate":
        return reverse(name, args=[estimate.pk])
    if kind == "upload":
        return reverse(name, args=[upload.pk])
    return reverse(name)


def test_every_page_of_the_app_is_discovered() -> None:
    names = {name for name, _ in estimation_urls()}
    assert {
        "estimation:index",
        "estimation:new",
        "estimation:detail",
        "estimation:repeat",
        "estimation:delete",
        "estimation:uploads",
        "estimation:upload_delete",
    } <= names


@pytest.mark.parametrize(("name", "kind"), estimation_urls())
@pytest.mark.parametrize("persona", MEMBERS)
def test_members_get_403_or_404_and_change_nothing(
    personas: Personas, name: str, kind: str, persona: str
) -> None:
    estimate, upload = stored_objects(personas)
    client = personas.client_for(getattr(personas, persona))
    url = url_for(name, kind, estimate, upload)
    expected = {404, 405} if kind else {403, 405}
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code in expected, (name, response.status_code)
        assert b"police-2024" not in response.content
    assert Estimate.objects.count() == 1
    assert TokenUpload.objects.count() == 1


@pytest.mark.parametrize(("name", "kind"), estimation_urls())
def test_an_outsider_is_sent_to_sign_in(personas: Personas, name: str, kind: str) -> None:
    estimate, upload = stored_objects(personas)
    client = personas.client_for(None)
    url = url_for(name, kind, estimate, upload)
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code in {302, 405}
        if response.status_code == 302:
            assert "/accounts/" in response["Location"]
    assert Estimate.objects.count() == 1
    assert TokenUpload.objects.count() == 1


@pytest.mark.parametrize(("name", "kind"), estimation_urls())
def test_the_analyst_reaches_every_page(personas: Personas, name: str, kind: str) -> None:
    estimate, upload = make_objects(personas)
    response = personas.client_for(personas.analyst).get(url_for(name, kind, estimate, upload))
    assert response.status_code in {200, 405}


def test_a_missing_estimate_and_a_members_view_look_the_same(personas: Personas) -> None:
    estimate, _ = stored_objects(personas)
    member = personas.client_for(personas.data_officer_a)
    analyst = personas.client_for(personas.analyst)
    assert member.get(reverse("estimation:detail", args=[estimate.pk])).status_code == 404
    assert analyst.get(reverse("estimation:detail", args=[estimate.pk + 99])).status_code == 404
    assert analyst.get(reverse("estimation:upload_delete", args=[999])).status_code == 405
    assert analyst.post(reverse("estimation:upload_delete", args=[999])).status_code == 404


def test_the_menu_shows_estimation_to_analysts_only(personas: Personas) -> None:
    url = reverse("estimation:index")
    assert url.encode() in personas.client_for(personas.analyst).get("/").content
    for persona in MEMBERS:
        page = personas.client_for(getattr(personas, persona)).get("/")
        assert url.encode() not in page.content
