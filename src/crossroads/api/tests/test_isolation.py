"""The isolation matrix of the API: every endpoint, five personas and an anonymous caller,
with a token and with the browser's session.

Another organisation's record and a missing one get the same 404; the analyst
never gets record-level data; the outsider is refused (401) everywhere but the
public standard; a revoked or expired token is refused even there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crossroads.accounts import tokens
from crossroads.accounts.models import AccessToken, TokenScope, User
from crossroads.api.tests.helpers import call, token_for
from crossroads.cases.models import Case
from crossroads.testing import Personas, make_case, minimal_record

PERSONAS = ("caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b", "analyst", None)
MEMBER_A = {"caseworker_a", "data_officer_a", "org_admin_a"}
MISSING = 999_999


def _who(personas: Personas, name: str | None) -> User | None:
    return getattr(personas, name) if name else None


class Caller:
    """A persona calling with a token or with its session (anonymous: neither)."""

    def __init__(self, personas: Personas, name: str | None, via: str) -> None:
        user = _who(personas, name)
        self.secret = token_for(user) if user is not None and via == "token" else None
        self.client = personas.client_for(user if via == "session" else None)

    def __call__(self, method: str, url: str, **kwargs: Any) -> Any:
        return call(self.client, method, url, self.secret, **kwargs)


@pytest.fixture(params=["token", "session"])
def via(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _record_url(case_id: int) -> str:
    return reverse("api:record", kwargs={"record_id": case_id})


def _body(code: str) -> dict[str, Any]:
    return {"client_code": code, "data": minimal_record()}


@pytest.mark.parametrize("name", PERSONAS)
def test_everyone_reads_the_public_standard(personas: Personas, via: str, name: str | None) -> None:
    caller = Caller(personas, name, via)
    for url in (
        reverse("api:versions"),
        reverse("api:standard", kwargs={"version": "1.0"}),
        reverse("api:fields", kwargs={"version": "1.0"}),
        reverse("api:vocabularies", kwargs={"version": "1.0"}),
        reverse("api:vocabulary", kwargs={"version": "1.0", "code": "gender"}),
    ):
        assert caller("get", url).status_code == 200, url
    assert caller("get", reverse("api:standard", kwargs={"version": "9.9"})).status_code == 404


@pytest.mark.parametrize("name", PERSONAS)
def test_the_record_list_shows_only_the_callers_organisation(
    personas: Personas, via: str, name: str | None
) -> None:
    make_case(personas.caseworker_a, "A-1")
    make_case(personas.caseworker_b, "B-1")
    response = Caller(personas, name, via)("get", reverse("api:records"))
    if name is None:
        assert response.status_code == 401
    elif name == "analyst":
        assert response.status_code == 403
        assert b"A-1" not in response.content
    else:
        assert response.status_code == 200
        codes = {r["client_code"] for r in response.json()["results"]}
        assert codes == ({"A-1"} if name in MEMBER_A else {"B-1"})


def _expected(name: str | None, allowed: int, *, role_ok: bool = True) -> int:
    """What a persona gets for organisation A's record."""
    if name is None:
        return 401
    if name == "analyst":
        return 403
    if name not in MEMBER_A:
        return 404
    return allowed if role_ok else 403


ACTIONS: dict[str, Callable[[Caller, Case], Any]] = {
    "read": lambda caller, case: caller("get", _record_url(case.pk)),
    "replace": lambda caller, case: caller(
        "put",
        _record_url(case.pk),
        json=_body(case.client_code),
        headers={"HTTP_IF_MATCH": f'"{case.pk}-{case.version}"'},
    ),
    "delete": lambda caller, case: caller("delete", _record_url(case.pk)),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("name", PERSONAS)
def test_another_organisations_record_and_a_missing_one_get_the_same_answer(
    personas: Personas, via: str, name: str | None, action: str
) -> None:
    case = make_case(personas.caseworker_a, "A-1")
    caller = Caller(personas, name, via)
    response = ACTIONS[action](caller, case)
    allowed = {"read": 200, "replace": 200, "delete": 204}[action]
    role_ok = action != "delete" or name in {"data_officer_a", "org_admin_a"}
    assert response.status_code == _expected(name, allowed, role_ok=role_ok), response.content
    if response.status_code != 204:
        assert response["Content-Type"].startswith(
            "application/problem+json" if response.status_code >= 400 else "application/json"
        )
    if response.status_code >= 400:
        assert b"A-1" not in response.content and b"Traceback" not in response.content
    missing = ACTIONS[action](caller, Case(pk=MISSING, client_code="A-1", version=1))
    if response.status_code == 404:
        assert missing.status_code == 404
        strip = {"instance"}
        assert {k: v for k, v in response.json().items() if k not in strip} == {
            k: v for k, v in missing.json().items() if k not in strip
        }
    if name not in MEMBER_A or not role_ok:
        assert Case.objects.get(pk=case.pk).version == 1


@pytest.mark.parametrize("name", PERSONAS)
def test_only_member_staff_create_records_and_in_their_own_organisation(
    personas: Personas, via: str, name: str | None
) -> None:
    response = Caller(personas, name, via)("post", reverse("api:records"), json=_body("N-1"))
    user = _who(personas, name)
    if name is None:
        assert response.status_code == 401
    elif name == "analyst":
        assert response.status_code == 403
    else:
        assert response.status_code == 201
        assert user is not None
        assert Case.objects.get(client_code="N-1").organisation_id == user.organisation_id
    if response.status_code != 201:
        assert not Case.objects.exists()


def test_a_revoked_or_expired_token_is_refused_everywhere(personas: Personas) -> None:
    case = make_case(personas.caseworker_a, "A-1")
    client = Client()
    revoked = token_for(personas.caseworker_a)
    tokens.revoke_token(personas.caseworker_a, AccessToken.objects.get(prefix=revoked[:10]))
    expired = token_for(personas.caseworker_a)
    AccessToken.objects.filter(prefix=expired[:10]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    for secret in (revoked, expired, "crt_not-a-token", "nonsense"):
        for url in (reverse("api:versions"), reverse("api:records"), _record_url(case.pk)):
            response = call(client, "get", url, secret)
            assert response.status_code == 401, (secret, url)
            assert response["Content-Type"] == "application/problem+json"
            assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_deactivated_persons_tokens_stop_working(personas: Personas) -> None:
    secret = token_for(personas.caseworker_a)
    personas.caseworker_a.is_active = False
    personas.caseworker_a.save()
    assert call(Client(), "get", reverse("api:records"), secret).status_code == 401


def test_a_token_is_refused_outside_its_scopes(personas: Personas) -> None:
    case = make_case(personas.caseworker_a, "A-1")
    client = Client()
    reader = token_for(personas.data_officer_a, (TokenScope.READ_RECORDS.value,))
    assert call(client, "get", _record_url(case.pk), reader).status_code == 200
    for method, kwargs in (("delete", {}), ("post", {"json": _body("N-2")})):
        url = _record_url(case.pk) if method == "delete" else reverse("api:records")
        response = call(client, method, url, reader, **kwargs)
        assert response.status_code == 403
        assert response.json()["scope"] == TokenScope.WRITE_RECORDS.value
    public = token_for(personas.data_officer_a, (TokenScope.PUBLIC.value,))
    assert call(client, "get", reverse("api:records"), public).status_code == 403
    assert call(client, "get", reverse("api:versions"), public).status_code == 200
    records_only = token_for(personas.data_officer_a, (TokenScope.READ_RECORDS.value,))
    assert call(client, "get", reverse("api:versions"), records_only).status_code == 403
    assert Case.objects.count() == 1
