"""Imports and exports through the API: the import page's job and the export page's file."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from crossroads.api.tests.helpers import bearer, call, token_for
from crossroads.audit.models import Action, AuditEntry
from crossroads.cases.models import Case, ImportJob
from crossroads.cases.tests.spreadsheets import csv_bytes, read_xlsx, row, xlsx_bytes
from crossroads.tasks.models import Status
from crossroads.testing import Personas, make_case

PERSONAS = ("caseworker_a", "data_officer_a", "org_admin_a", "caseworker_b", "analyst", None)


def send(client: Client, secret: str | None, content: bytes, name: str = "records.csv") -> Any:
    headers: dict[str, Any] = bearer(secret) if secret else {}
    return client.post(
        reverse("api:imports"), {"file": SimpleUploadedFile(name, content)}, **headers
    )


def _url(name: str, job_id: int) -> str:
    return reverse(f"api:{name}", kwargs={"import_id": job_id})


def test_a_valid_file_is_imported_and_its_status_says_so(personas: Personas) -> None:
    secret = token_for(personas.data_officer_a)
    client = Client()
    response = send(client, secret, csv_bytes([row("API-1"), row("API-2", gender="male")]))
    assert response.status_code == 202, response.content
    job = response.json()
    assert response["Location"].endswith(f"/imports/{job['id']}")
    status = call(client, "get", _url("import", job["id"]), secret).json()
    assert status["status"] == "done" and not status["running"]
    assert (status["created"], status["updated"], status["unchanged"]) == (2, 0, 0)
    assert status["task"]["status"] == "succeeded"
    assert Case.objects.get(client_code="API-2").data["gender"] == "male"
    assert AuditEntry.objects.filter(action=Action.IMPORT, detail__step="import").exists()


def test_a_file_with_problems_reports_row_column_and_value_then_waits_for_the_decision(
    personas: Personas,
) -> None:
    secret = token_for(personas.org_admin_a)
    client = Client()
    rows = [row("OK-1"), row("BAD-1", gender="femal"), row("OK-2")]
    job = send(client, secret, xlsx_bytes(rows), "records.xlsx").json()
    assert job["status"] == "needs_decision" and job["format"] == "xlsx"
    assert job["report"] == {"rows": 3, "valid_rows": 2, "invalid_rows": 1, "problem_count": 1}
    assert not Case.objects.exists()
    problems = call(client, "get", _url("import_problems", job["id"]), secret).json()
    assert problems["problems"] == [
        {
            "row": 3,
            "column": "gender",
            "value": "femal",
            "message": problems["problems"][0]["message"],
        }
    ]
    assert "female" in problems["problems"][0]["message"]
    assert AuditEntry.objects.filter(
        action=Action.EXPORT, object_type="import", object_id=str(job["id"])
    ).exists()
    decided = call(
        client, "post", _url("import_decision", job["id"]), secret, json={"choice": "valid_rows"}
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "done" and decided.json()["valid_only"]
    assert sorted(Case.objects.values_list("client_code", flat=True)) == ["OK-1", "OK-2"]
    again = call(
        client, "post", _url("import_decision", job["id"]), secret, json={"choice": "nothing"}
    )
    assert again.status_code == 409
    assert again.json()["type"] == "urn:crossroads:problem:import-state"


def test_cancelling_a_file_with_problems_imports_nothing(personas: Personas) -> None:
    secret = token_for(personas.data_officer_a)
    client = Client()
    job = send(client, secret, csv_bytes([row("OK-1"), row("BAD-1", gender="?")])).json()
    response = call(client, "post", _url("import_cancel", job["id"]), secret)
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert not Case.objects.exists()
    assert call(client, "post", _url("import_cancel", job["id"]), secret).status_code == 409


def test_an_import_still_waiting_for_a_worker_is_cancelled_at_once(
    personas: Personas, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    secret = token_for(personas.data_officer_a)
    client = Client()
    job = send(client, secret, csv_bytes([row("LATER-1")])).json()
    assert job["status"] == "queued" and job["running"] and job["task"]["cancellable"]
    stopped = call(client, "post", _url("import_cancel", job["id"]), secret).json()
    assert stopped["status"] == "cancelled" and stopped["task"]["status"] == Status.CANCELLED
    assert not ImportJob.objects.get(pk=job["id"]).stored_name
    assert not Case.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_the_reason(personas: Personas) -> None:
    response = send(Client(), token_for(personas.data_officer_a), b"%PDF", "records.pdf")
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "file" and body["errors"][0]["value"] == "records.pdf"
    assert not ImportJob.objects.exists()


def _expected(name: str | None, own: int) -> int:
    """Imports and exports: the organisation's data officer and administrator only."""
    if name is None:
        return 401
    if name in {"data_officer_a", "org_admin_a"}:
        return own
    return 403


@pytest.mark.parametrize("name", PERSONAS)
def test_only_data_officers_and_administrators_upload_and_export(
    personas: Personas, name: str | None
) -> None:
    make_case(personas.caseworker_a, "A-1")
    user = getattr(personas, name) if name else None
    secret = token_for(user) if user else None
    client = Client()
    uploaded = send(client, secret, csv_bytes([row("N-1")]))
    assert uploaded.status_code == _expected(name, 202)
    exported = call(client, "get", reverse("api:export"), secret)
    assert exported.status_code == _expected(name, 200)
    listed = call(client, "get", reverse("api:import_list"), secret)
    assert listed.status_code == _expected(name, 200)
    if exported.status_code == 200:
        text = b"".join(exported.streaming_content).decode("utf-8-sig")
        codes = {r["client_code"] for r in csv.DictReader(io.StringIO(text), delimiter=",")}
        assert codes == {"A-1", "N-1"}
    else:
        assert b"A-1" not in exported.content
        assert not ImportJob.objects.exists()


@pytest.mark.parametrize("name", PERSONAS)
def test_another_organisations_import_and_a_missing_one_get_the_same_answer(
    personas: Personas, name: str | None
) -> None:
    owner = token_for(personas.data_officer_a)
    job = send(Client(), owner, csv_bytes([row("OK-1"), row("BAD-1", gender="?")])).json()
    user = getattr(personas, name) if name else None
    secret = token_for(user) if user else None
    client = Client()
    for url_name, method, body in (
        ("import", "get", None),
        ("import_problems", "get", None),
        ("import_decision", "post", {"choice": "nothing"}),
        ("import_cancel", "post", None),
    ):
        response = call(client, method, _url(url_name, job["id"]), secret, json=body)
        missing = call(client, method, _url(url_name, 999_999), secret, json=body)
        if name is None:
            assert response.status_code == missing.status_code == 401
        elif name in {"caseworker_a"}:
            assert response.status_code == 403, url_name
        elif name in {"caseworker_b", "analyst"}:
            assert response.status_code == missing.status_code == 404, url_name
            assert b"BAD-1" not in response.content
        else:
            assert missing.status_code == 404
    assert ImportJob.objects.get(pk=job["id"]).status == (
        ImportJob.Status.CANCELLED
        if name in {"data_officer_a", "org_admin_a"}
        else ImportJob.Status.NEEDS_DECISION
    )


def test_the_export_follows_the_filters_and_gives_labels_in_the_language_asked(
    personas: Personas,
) -> None:
    make_case(personas.caseworker_a, "EX-1", gender="female")
    make_case(personas.caseworker_a, "EX-2", gender="male")
    make_case(personas.caseworker_b, "THEIRS-1", gender="male")
    secret = token_for(personas.data_officer_a)
    response = call(
        Client(),
        "get",
        reverse("api:export"),
        secret,
        data={"format": "xlsx", "values": "labels", "language": "fr", "f.gender": "male"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(b"".join(response.streaming_content))
    assert [r[0] for r in rows[1:]] == ["EX-2"]
    assert "Homme" in rows[1] and "Genre" in rows[0]
    entry = AuditEntry.objects.filter(action=Action.EXPORT, object_type="case").get()
    assert entry.detail["filters"] == {"f.gender": "male"}
    assert entry.detail["count"] == 1


def test_a_token_without_the_records_scope_cannot_import_or_export(personas: Personas) -> None:
    reader = token_for(personas.data_officer_a, ("records:read",))
    response = send(Client(), reader, csv_bytes([row("N-1")]))
    assert response.status_code == 403 and response.json()["scope"] == "records:write"
    public = token_for(personas.data_officer_a, ("public",))
    assert call(Client(), "get", reverse("api:export"), public).status_code == 403
    assert not ImportJob.objects.exists()
