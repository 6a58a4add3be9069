"""Shared page furniture: error pages in the product's layout, and the active menu entry."""

from __future__ import annotations

from django.test import Client

from crossroads.testing import Personas


def test_a_forbidden_page_explains_itself_in_the_products_layout(personas: Personas) -> None:
    response = personas.client_for(personas.analyst).get("/cases/")
    assert response.status_code == 403
    content = response.content.decode()
    assert "Your role does not give access to this page." in content
    assert 'class="topbar"' in content


def test_a_missing_page_explains_itself_in_the_users_language(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    client.post("/accounts/language/", {"language": "fr", "next": "/"})
    response = client.get("/cases/999999/")
    assert response.status_code == 404
    assert "Introuvable" in response.content.decode()


def test_only_the_most_specific_menu_entry_is_marked_current(personas: Personas) -> None:
    response = personas.client_for(personas.data_officer_a).get("/cases/import/")
    active = [item["url"] for item in response.context["nav_items"] if item["active"]]
    assert active == ["/cases/import/"]


def test_the_sign_in_page_is_reachable_without_signing_in() -> None:
    assert Client().get("/accounts/sign-in/").status_code == 200
