"""Every operation of the API's schema, for the five personas and an anonymous caller.

The operations are read from the OpenAPI schema, so an endpoint added later is in the
matrix without being listed here. Each is called with a missing object's id and, for a
change, an empty body: nobody gets a server error or an answer that is not a problem,
the anonymous caller is refused (401) everywhere but the public standard and the
published figures, and the analyst never reaches record-level data (403, or 404 for an
object's address; an empty body may be refused as such first, 422).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from crossroads.api.site import api
from crossroads.api.tests.helpers import call, token_for
from crossroads.testing import Personas, make_case

PERSONAS = ("caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b", "analyst", None)
PUBLIC = ("/api/v1/standard", "/api/v1/published")
RECORD_LEVEL = ("/api/v1/records", "/api/v1/imports", "/api/v1/exports")
EXAMPLES = {"version": "1.0", "code": "gender", "year": "2024"}
MISSING = "999999"


def _operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return sorted(
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "delete"}
    )


def _url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: EXAMPLES.get(m.group(1), MISSING), path)


def test_the_matrix_covers_every_kind_of_endpoint() -> None:
    paths = {path for _method, path in _operations()}
    for prefix in (*PUBLIC, *RECORD_LEVEL, "/api/v1/exchange", "/api/v1/figures",
                   "/api/v1/estimates"):  # fmt: skip
        assert any(p.startswith(prefix) for p in paths), prefix
    assert len(_operations()) >= 30


@pytest.mark.parametrize("name", PERSONAS)
def test_every_operation_answers_each_persona_within_the_rules(
    personas: Personas, name: str | None, settings: Any
) -> None:
    settings.CROSSROADS_API_REQUESTS_PER_MINUTE = 100_000
    make_case(personas.caseworker_a, "SECRET-A-1")
    user = getattr(personas, name) if name else None
    secret = token_for(user) if user is not None else None
    client = Client()
    for method, path in _operations():
        kwargs: dict[str, Any] = {"json": {}} if method in {"post", "put"} else {}
        if method == "put":
            kwargs["headers"] = {"HTTP_IF_MATCH": '"1-1"'}
        response = call(client, method, _url(path), secret, **kwargs)
        where = f"{name}: {method.upper()} {path} → {response.status_code}"
        assert response.status_code < 500, where
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json", where
            assert b"Traceback" not in response.content, where
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"SECRET-A-1" not in body or name in {
            "caseworker_a", "data_officer_a", "org_admin_a"
        }, where  # fmt: skip
        public = path.startswith(PUBLIC)
        if name is None and not public:
            assert response.status_code == 401, where
        if name == "analyst" and path.startswith(RECORD_LEVEL):
            refused = {403, 404} if method == "get" else {403, 404, 422}
            assert response.status_code in refused, where
