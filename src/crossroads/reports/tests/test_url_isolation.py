"""Every monitoring and report URL, found automatically, for each persona."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from crossroads.monitoring import services
from crossroads.testing import Personas

ARGS = {"country": "GRC", "item": "rrp_days", "key": "gap-network", "year": 2025, "fmt": "pdf"}


def url_names(namespace: str) -> list[str]:
    """Every named URL of ``namespace``: a new page is covered as soon as it exists."""
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == namespace:
            return [
                f"{namespace}:{p.name}"
                for p in pattern.url_patterns
                if isinstance(p, URLPattern) and p.name
            ]
    raise AssertionError(f"no namespace {namespace}")


def url_of(name: str) -> str:
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver) and name.startswith(f"{pattern.namespace}:"):
            for inner in pattern.url_patterns:
                if isinstance(inner, URLPattern) and f"{pattern.namespace}:{inner.name}" == name:
                    kwargs = {k: ARGS[k] for k in inner.pattern.regex.groupindex}
                    return reverse(name, kwargs=kwargs)
    raise AssertionError(name)


@pytest.fixture
def profile(personas: Personas) -> None:
    services.create_profile(personas.analyst, "GRC")


@pytest.mark.parametrize("name", url_names("monitoring") + url_names("reports"))
def test_an_outsider_is_sent_to_sign_in_on_every_signed_in_url(
    personas: Personas, profile: None, name: str
) -> None:
    client = personas.client_for(None)
    for response in (client.get(url_of(name)), client.post(url_of(name), {})):
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


@pytest.mark.parametrize("name", url_names("reports"))
def test_member_staff_never_reach_the_report_pages(
    personas: Personas, profile: None, name: str
) -> None:
    for persona in (personas.caseworker_a, personas.org_admin_a, personas.caseworker_b):
        client = personas.client_for(persona)
        assert client.get(url_of(name)).status_code in {403, 405}, name
        assert client.post(url_of(name)).status_code == 403, name


@pytest.mark.parametrize("name", url_names("public"))
def test_public_urls_answer_without_sign_in_and_never_redirect_to_it(
    personas: Personas, name: str
) -> None:
    response = personas.client_for(None).get(url_of(name))
    assert response.status_code in {200, 404}, name  # 404 while nothing is published


def test_the_urls_are_discovered() -> None:
    assert "monitoring:answer_edit" in url_names("monitoring")
    assert "reports:publish" in url_names("reports")
    assert "public:ctdc" in url_names("public")


def test_the_analysts_home_page_links_to_monitoring_and_reports(personas: Personas) -> None:
    content = personas.client_for(personas.analyst).get("/").content
    assert b"Rights monitoring" in content and reverse("monitoring:overview").encode() in content
    assert reverse("reports:index").encode() in content
