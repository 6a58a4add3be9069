"""Access tokens in the Security area: made after the second factor, shown once, stored
hashed, listed and revoked by their owner and by the organisation administrator."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from crossroads.accounts import tokens
from crossroads.accounts.models import AccessToken
from crossroads.accounts.tests.test_second_factor import code_for, enrolled, password_step
from crossroads.audit.models import Action, AuditEntry
from crossroads.testing import Personas

SECRET = re.compile(r"crt_[A-Za-z0-9_-]{40,}")


def _make(client: Client, **overrides: object) -> object:
    data = {"name": "shelter sync", "scopes": ["records:read", "public"], "days": "30"}
    data.update(overrides)  # type: ignore[arg-type]
    return client.post(reverse("accounts:token_create"), data)


def test_a_person_makes_a_token_that_is_shown_once_and_stored_hashed(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    response = _make(client)
    assert response.status_code == 200  # type: ignore[attr-defined]
    [secret] = SECRET.findall(response.content.decode())  # type: ignore[attr-defined]
    token = AccessToken.objects.get()
    assert token.scopes == ["public", "records:read"]
    assert secret not in token.token_hash and token.token_hash == tokens.hash_secret(secret)
    listing = client.get(reverse("accounts:tokens")).content.decode()
    assert token.prefix in listing and secret not in listing
    assert AuditEntry.objects.filter(action=Action.SECURITY, object_type="access_token").exists()
    api = Client().get(reverse("api:records"), HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.status_code == 200


@pytest.mark.parametrize(
    "overrides",
    [{"name": ""}, {"scopes": []}, {"scopes": ["everything"]}, {"days": "1000"}, {"days": "x"}],
)
def test_a_token_asked_wrongly_is_refused_with_the_reason(
    personas: Personas, overrides: dict[str, object]
) -> None:
    response = _make(personas.client_for(personas.caseworker_a), **overrides)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert not AccessToken.objects.exists()


def test_a_person_with_a_second_factor_makes_tokens_only_in_a_session_opened_with_it(
    personas: Personas,
) -> None:
    device = enrolled(personas.caseworker_a)
    with pytest.raises(tokens.TokenRefused):
        tokens.create_token(personas.caseworker_a, "x", ["public"], 30, verified_by="password")
    client = Client()
    password_step(client, personas.caseworker_a)
    client.post(reverse("accounts:second_factor"), {"code": code_for(device, later=1)})
    assert _make(client).status_code == 200  # type: ignore[attr-defined]
    assert AccessToken.objects.count() == 1


def test_the_owner_and_the_organisation_administrator_revoke_and_no_one_else(
    personas: Personas,
) -> None:
    token, secret = tokens.create_token(
        personas.caseworker_a, "laptop", ["public"], 30, verified_by="password"
    )
    url = reverse("accounts:token_revoke", args=[token.pk])
    for outsider in (personas.caseworker_b, personas.data_officer_a, personas.analyst):
        assert personas.client_for(outsider).post(url).status_code == 404
        page = personas.client_for(outsider).get(reverse("accounts:tokens"))
        assert token.prefix not in page.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    admin = personas.client_for(personas.org_admin_a)
    assert token.prefix in admin.get(reverse("accounts:tokens")).content.decode()
    assert admin.post(url).status_code == 302
    revoked = AccessToken.objects.get(pk=token.pk)
    assert revoked.revoked_at is not None and revoked.revoked_by == personas.org_admin_a
    assert (
        Client().get(reverse("api:versions"), HTTP_AUTHORIZATION=f"Bearer {secret}").status_code
        == 401
    )
    own, _secret = tokens.create_token(
        personas.caseworker_a, "phone", ["public"], 30, verified_by="password"
    )
    mine = personas.client_for(personas.caseworker_a)
    assert mine.post(reverse("accounts:token_revoke", args=[own.pk])).status_code == 302
    assert AccessToken.objects.filter(revoked_at__isnull=True).count() == 0


def test_the_outsider_is_sent_to_sign_in_from_the_token_pages(personas: Personas) -> None:
    client = Client()
    for name in ("accounts:tokens", "accounts:token_create"):
        response = client.post(reverse(name))
        assert response.status_code in {302, 405}
