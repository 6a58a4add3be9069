"""Every error of the API is a problem-details answer, with no traceback or internal name."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from crossroads.api.tests.helpers import call, token_for
from crossroads.cases.models import Case
from crossroads.testing import PASSWORD, Personas, minimal_record

PROBLEM = "application/problem+json"


def _is_problem(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status  # type: ignore[attr-defined]
    assert response["Content-Type"] == PROBLEM  # type: ignore[index]
    body = json.loads(response.content)  # type: ignore[attr-defined]
    assert body["status"] == status and body["title"] and body["type"]
    text = response.content.decode()  # type: ignore[attr-defined]
    assert "Traceback" not in text and "crossroads." not in text and ".py" not in text
    return body  # type: ignore[no-any-return]


def test_an_unknown_address_and_a_wrong_method_are_problems(personas: Personas) -> None:
    client = Client()
    _is_problem(client.get("/api/v2/nothing"), 404)
    _is_problem(client.get("/api/v1/nothing"), 404)
    wrong = _is_problem(client.patch(reverse("api:versions")), 405)
    assert wrong


def test_a_body_over_the_limit_is_refused_unread(personas: Personas, settings: object) -> None:
    settings.CROSSROADS_API_MAX_KILOBYTES = 1  # type: ignore[attr-defined]
    secret = token_for(personas.caseworker_a)
    big = {"client_code": "B-1", "data": {**minimal_record(), "padding": "x" * 4000}}
    _is_problem(call(Client(), "post", reverse("api:records"), secret, json=big), 413)
    assert not Case.objects.exists()


def test_a_body_that_is_not_json_is_a_bad_request(personas: Personas) -> None:
    secret = token_for(personas.caseworker_a)
    response = Client().post(
        reverse("api:records"),
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert "JSON" in str(_is_problem(response, 400)["detail"])


def test_a_missing_field_is_named(personas: Personas) -> None:
    secret = token_for(personas.caseworker_a)
    response = call(Client(), "post", reverse("api:records"), secret, json={"data": {}})
    body = _is_problem(response, 422)
    assert [e["field"] for e in body["errors"]] == ["client_code"]  # type: ignore[attr-defined]


def test_a_session_change_needs_the_csrf_token(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=personas.caseworker_a.username, password=PASSWORD)
    url = reverse("api:records")
    body = {"client_code": "S-1", "data": minimal_record()}
    refused = client.post(url, data=body, content_type="application/json")
    assert _is_problem(refused, 403)["type"] == "urn:crossroads:problem:csrf"
    assert client.get(url).status_code == 200  # reading needs no CSRF token
    client.get(reverse("accounts:security"))  # sets the CSRF cookie, as any page does
    csrf = client.cookies["csrftoken"].value
    saved = client.post(url, data=body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert saved.status_code == 201


def test_each_token_is_limited_in_requests_per_minute(personas: Personas, settings: object) -> None:
    settings.CROSSROADS_API_REQUESTS_PER_MINUTE = 3  # type: ignore[attr-defined]
    secret, other = token_for(personas.caseworker_a), token_for(personas.caseworker_a)
    client = Client()
    url = reverse("api:versions")
    for _ in range(3):
        assert call(client, "get", url, secret).status_code == 200
    refused = call(client, "get", url, secret)
    _is_problem(refused, 429)
    assert int(refused["Retry-After"]) > 0
    assert call(client, "get", url, other).status_code == 200


def test_an_unexpected_error_says_nothing_of_the_code(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossroads.api import standard

    def broken() -> list[str]:
        raise RuntimeError("secret internal detail in crossroads.codebook")

    monkeypatch.setattr(standard, "available_versions", broken)
    response = Client().get(reverse("api:versions"))
    body = _is_problem(response, 500)
    assert "secret internal detail" not in response.content.decode()
    assert body["detail"]
