"""Isolation: a record is visible only inside its organisation, never to analysts or outsiders."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from crossroads.cases.models import Case
from crossroads.testing import Personas, make_case


def case_url_names() -> list[str]:
    """Every URL pattern that takes a ``case_id``: new ones are covered automatically."""
    return url_names_with("case_id")


def url_names_with(argument: str) -> list[str]:
    """Every named URL pattern that takes ``argument`` (e.g. ``case_id``, ``job_id``)."""
    names: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif argument in pattern.pattern.regex.groupindex and pattern.name:
                names.append(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_the_record_urls_are_discovered() -> None:
    assert {"cases:detail", "cases:edit", "cases:delete"} <= set(case_url_names())


@pytest.mark.parametrize("name", case_url_names())
def test_caseworker_of_another_organisation_gets_404_on_every_record_url(
    personas: Personas, name: str
) -> None:
    case = make_case(personas.caseworker_a)
    client = personas.client_for(personas.caseworker_b)
    url = reverse(name, args=[case.pk])
    assert client.get(url).status_code in {404, 405}
    assert client.post(url, {"client_code": "HIJACK", "version": 1}).status_code == 404
    case.refresh_from_db()
    assert case.client_code == "C-001"


@pytest.mark.parametrize("name", case_url_names())
def test_the_analyst_gets_no_record_on_any_record_url(personas: Personas, name: str) -> None:
    case = make_case(personas.caseworker_a)
    client = personas.client_for(personas.analyst)
    url = reverse(name, args=[case.pk])
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code in {403, 404, 405}
        assert case.client_code.encode() not in response.content


@pytest.mark.parametrize("name", case_url_names())
def test_an_outsider_is_sent_to_sign_in_on_every_record_url(personas: Personas, name: str) -> None:
    case = make_case(personas.caseworker_a)
    response = personas.client_for(None).get(reverse(name, args=[case.pk]))
    assert response.status_code in {302, 405}
    assert case.client_code.encode() not in response.content


def test_a_missing_record_and_another_organisations_record_look_the_same(
    personas: Personas,
) -> None:
    case = make_case(personas.caseworker_a)
    client = personas.client_for(personas.caseworker_b)
    other = client.get(reverse("cases:detail", args=[case.pk]))
    missing = client.get(reverse("cases:detail", args=[case.pk + 1000]))
    assert other.status_code == missing.status_code == 404


def test_the_list_shows_only_the_organisations_own_records(personas: Personas) -> None:
    make_case(personas.caseworker_a, "A-1")
    make_case(personas.caseworker_b, "B-1", citizenship=["DEU"])
    response = personas.client_for(personas.caseworker_b).get(reverse("cases:list"))
    assert b"B-1" in response.content
    assert b"A-1" not in response.content


def test_the_analyst_cannot_open_the_record_list_or_create_records(personas: Personas) -> None:
    client = personas.client_for(personas.analyst)
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("cases:create")).status_code == 403
    assert client.post(reverse("cases:create"), {"client_code": "X"}).status_code == 403
    assert Case.objects.count() == 0


def test_the_analysts_home_page_shows_no_record(personas: Personas) -> None:
    make_case(personas.caseworker_a, "A-SECRET-1")
    response = personas.client_for(personas.analyst).get("/")
    assert response.status_code == 200
    assert b"A-SECRET-1" not in response.content


def test_a_caseworker_cannot_erase_a_record(personas: Personas) -> None:
    case = make_case(personas.caseworker_a)
    response = personas.client_for(personas.caseworker_a).post(
        reverse("cases:delete", args=[case.pk])
    )
    assert response.status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()


def test_the_administration_shows_an_organisation_admin_only_their_organisation(
    personas: Personas,
) -> None:
    make_case(personas.caseworker_a, "A-1")
    make_case(personas.caseworker_b, "B-1", citizenship=["DEU"])
    client = personas.client_for(personas.org_admin_a)
    cases = client.get("/admin/cases/case/")
    assert cases.status_code == 200
    assert b"A-1" in cases.content and b"B-1" not in cases.content
    users = client.get("/admin/accounts/user/")
    assert b"caseworker-a" in users.content and b"caseworker-b" not in users.content


@pytest.mark.parametrize("persona", ["caseworker_a", "caseworker_b", "analyst"])
def test_only_organisation_admins_enter_the_administration(
    personas: Personas, persona: str
) -> None:
    response = personas.client_for(getattr(personas, persona)).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
