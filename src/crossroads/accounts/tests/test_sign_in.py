"""Signing in and out, lockout after repeated failures, and the language switch."""

from __future__ import annotations

import html
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from crossroads.accounts import services
from crossroads.accounts.models import User
from crossroads.audit.models import Action, AuditEntry
from crossroads.core.models import ThrottleCounter
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


def test_the_account_pauses_after_repeated_failures(personas: Personas, settings: object) -> None:
    settings.CROSSROADS_LOCKOUT_ATTEMPTS = 3  # type: ignore[attr-defined]
    client = Client()
    for _ in range(3):
        assert sign_in(client, "caseworker-a", "wrong") == 401
    assert services.is_paused(personas.caseworker_a)
    response = client.post(
        reverse("accounts:login"), {"username": "caseworker-a", "password": PASSWORD}
    )
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=Action.LOCKED).count() == 1


def test_unknown_users_wrong_passwords_and_paused_accounts_get_one_answer(
    personas: Personas, settings: object
) -> None:
    settings.CROSSROADS_LOCKOUT_ATTEMPTS = 2  # type: ignore[attr-defined]
    answers = set()
    for username in ("caseworker-a", "nobody-here"):
        for _ in range(3):  # two failures, then the paused answer
            response = Client().post(
                reverse("accounts:login"), {"username": username, "password": "wrong"}
            )
            answers.add((response.status_code, response.content.decode().count("callout--bad")))
            assert "The username or password is not correct." in response.content.decode()
    assert answers == {(401, 1)}
    bodies = {
        re.sub(
            r'name="csrfmiddlewaretoken" value="[^"]*"|caseworker-a|nobody-here',
            "",
            Client().post(reverse("accounts:login"), {"username": u, "password": "x"}).text,
        )
        for u in ("caseworker-a", "nobody-here")
    }
    assert len(bodies) == 1  # the very same page, paused or not, known or not


def test_the_password_is_not_checked_once_the_account_is_paused(
    personas: Personas, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CROSSROADS_LOCKOUT_ATTEMPTS = 2  # type: ignore[attr-defined]
    checked: list[str] = []
    real = django_authenticate

    def counting(request: object, **credentials: str) -> object:
        checked.append(credentials["username"])
        return real(request, **credentials)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "authenticate", counting)
    for _ in range(6):
        sign_in(Client(), "caseworker-a", "wrong")
    assert len(checked) == 2


def test_many_addresses_are_limited_per_address_across_accounts(
    personas: Personas, settings: object
) -> None:
    settings.CROSSROADS_ADDRESS_ATTEMPTS = 4  # type: ignore[attr-defined]
    client = Client(REMOTE_ADDR="203.0.113.50")
    for number in range(4):
        assert sign_in(client, f"guess-{number}", "wrong") == 401
    assert sign_in(client, "caseworker-a", PASSWORD) == 401  # this address is paused
    assert sign_in(Client(REMOTE_ADDR="203.0.113.51"), "caseworker-a", PASSWORD) == 302
    assert not ThrottleCounter.objects.filter(key__contains="203.0.113").exists()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_wrong_passwords_check_no_more_than_the_limit(
    personas: Personas, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """16 wrong passwords at once used to let 9 through a lockout of 5."""
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory test database cannot be shared by threads")
    settings.CROSSROADS_LOCKOUT_ATTEMPTS = 5  # type: ignore[attr-defined]
    checked: list[str] = []
    real = django_authenticate

    def counting(request: object, **credentials: str) -> object:
        checked.append(credentials["username"])
        return real(request, **credentials)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "authenticate", counting)

    def attempt(_: int) -> int:
        try:
            return sign_in(Client(), "caseworker-a", "wrong")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(attempt, range(16)))
    assert statuses == [401] * 16
    assert len(checked) == 5


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
    assert services.is_paused(personas.org_admin_a)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin-a", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=/admin/" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
