"""The OpenAPI schema and its documentation page are served by the application itself."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse


def test_the_schema_describes_every_endpoint_and_the_token() -> None:
    response = Client().get(reverse("api:openapi-json"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/records",
        "/api/v1/records/{record_id}",
        "/api/v1/standard",
        "/api/v1/imports/{import_id}/problems",
        "/api/v1/exports/records",
        "/api/v1/exchange/submissions/{submission_id}/submit",
        "/api/v1/figures/{year}",
        "/api/v1/published/{year}",
        "/api/v1/estimates/{estimate_id}",
    } <= set(schema["paths"])
    export = schema["paths"]["/api/v1/exports/records"]["get"]["responses"]["200"]["content"]
    assert set(export) == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert set(schema["paths"]["/api/v1/records/{record_id}"]) == {"get", "put", "delete"}
    assert any(
        s.get("scheme") == "bearer" for s in schema["components"]["securitySchemes"].values()
    )


def test_the_documentation_page_loads_nothing_from_elsewhere() -> None:
    response = Client().get(reverse("api:openapi-view"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "http://" not in page and "https://" not in page
    assert "Content-Security-Policy" in response.headers
