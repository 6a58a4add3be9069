"""Signing in and out, lockout after repeated failures, and the language switch."""

from __future__ import annotations

import html

from django.test import Client
from django.urls import reverse

from crossroads.accounts.models import User
from crossroads.audit.models import Action, AuditEntry
from crossroads.testing import PASSWORD, Personas


def sign_in(client: Client, username: str, password: str) -> int:
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code


def test_a_person_signs_in_and_lands_on_the_home_page(personas: Personas) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "caseworker-a", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert b"Organisation A" in client.get("/").content
    assert AuditEntry.objects.filter(action=Action.SIGN_IN, actor_name="caseworker-a").exists()


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(personas: Personas) -> None:
    wrong = Client().post(reverse("accounts:login"), {"username": "caseworker-a", "password": "x"})
    unknown = Client().post(reverse("accounts:login"), {"username": "nobody", "password": "x"})
    assert wrong.status_code == unknown.status_code == 401
    assert b"The username or password is not correct." in wrong.content
    assert b"The username or password is not correct." in unknown.content


def test_the_account_locks_after_repeated_failures(personas: Personas, settings: object) -> None:
    settings.CROSSROADS_LOCKOUT_ATTEMPTS = 3  # type: ignore[attr-defined]
    client = Client()
    for _ in range(3):
        assert sign_in(client, "caseworker-a", "wrong") == 401
    assert User.objects.get(username="caseworker-a").is_locked()
    response = client.post(
        reverse("accounts:login"), {"username": "caseworker-a", "password": PASSWORD}
    )
    assert response.status_code == 401
    assert b"locked" in response.content
    assert AuditEntry.objects.filter(action=Action.LOCKED).count() == 1


def test_signing_out_needs_a_post(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_the_language_choice_is_remembered_and_applied(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    response = client.post(reverse("accounts:language"), {"language": "fr", "next": "/cases/"})
    assert response.status_code == 302 and response["Location"] == "/cases/"
    assert User.objects.get(username="caseworker-a").language == "fr"
    page = html.unescape(client.get("/cases/new/").content.decode())
    assert "Formes d'exploitation" in page
    assert 'lang="fr"' in page


def test_an_unknown_language_is_refused(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    assert client.post(reverse("accounts:language"), {"language": "xx"}).status_code == 400


def test_pages_send_a_strict_content_security_policy(personas: Personas) -> None:
    response = personas.client_for(personas.caseworker_a).get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_locked_account_cannot_open_a_session_through_the_administrations_sign_in(
    personas: Personas,
) -> None:
    client = Client()
    for _attempt in range(5):
        sign_in(client, "admin-a", "wrong-password")
    assert User.objects.get(username="admin-a").is_locked()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin-a", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=/admin/" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
