"""Case records through the API: list, read, create, replace and delete, as the pages do."""

from __future__ import annotations

from crossroads.api.tests.helpers import call, token_for
from crossroads.audit.models import Action, AuditEntry
from crossroads.cases.models import Case
from crossroads.testing import Personas, make_case, minimal_record

RECORDS = "/api/v1/records"


def test_a_caseworker_creates_reads_and_lists_a_record_with_a_token(personas: Personas) -> None:
    secret = token_for(personas.caseworker_a)
    client = personas.client_for(None)
    created = call(
        client,
        "post",
        RECORDS,
        secret,
        json={
            "client_code": "API-1",
            "data": minimal_record(),
            "identity": {"given_names": "Anna", "family_names": "Test", "date_of_birth": "1990"},
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["client_code"] == "API-1" and body["version"] == 1
    assert "linkage_tokens" not in body and "identity" not in body
    assert b"Anna" not in created.content
    case = Case.objects.get(pk=body["id"])
    assert case.linkage_tokens
    read = call(client, "get", f"{RECORDS}/{case.pk}", secret)
    assert read.status_code == 200
    assert read["ETag"] == f'"{case.pk}-1"'
    listed = call(client, "get", RECORDS, secret)
    assert listed.status_code == 200
    assert [r["client_code"] for r in listed.json()["results"]] == ["API-1"]
    assert AuditEntry.objects.filter(action=Action.READ, object_id=str(case.pk)).exists()
    assert AuditEntry.objects.filter(action=Action.API).count() == 3


def test_an_update_with_a_stale_etag_gets_412_and_changes_nothing(personas: Personas) -> None:
    case = make_case(personas.caseworker_a, "C-9")
    secret = token_for(personas.caseworker_a)
    client = personas.client_for(None)
    url = f"{RECORDS}/{case.pk}"
    etag = call(client, "get", url, secret)["ETag"]
    body = {"client_code": "C-9", "data": minimal_record(gender="male")}
    first = call(client, "put", url, secret, json=body, headers={"HTTP_IF_MATCH": etag})
    assert first.status_code == 200, first.content
    assert first.json()["version"] == 2
    stale = call(
        client,
        "put",
        url,
        secret,
        json={"client_code": "C-9", "data": minimal_record(gender="female")},
        headers={"HTTP_IF_MATCH": etag},
    )
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    case.refresh_from_db()
    assert case.version == 2 and case.data["gender"] == "male"
    missing = call(client, "put", url, secret, json=body)
    assert missing.status_code == 428


def test_validation_errors_name_field_value_and_what_is_allowed_in_the_callers_language(
    personas: Personas,
) -> None:
    personas.caseworker_a.language = "fr"
    personas.caseworker_a.save()
    secret = token_for(personas.caseworker_a)
    response = call(
        personas.client_for(None),
        "post",
        RECORDS,
        secret,
        json={"client_code": "X-1", "data": minimal_record(gender="robot")},
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["status"] == 422 and problem["type"].endswith("invalid-record")
    [error] = [e for e in problem["errors"] if e["field"] == "gender"]
    assert error["value"] == "robot"
    assert error["label"] == "Genre" or error["label"] != "Gender"
    assert not Case.objects.exists()


def test_the_list_follows_cursors_in_the_list_pages_order_and_filters(personas: Personas) -> None:
    for i in range(7):
        make_case(
            personas.caseworker_a,
            f"L-{i}",
            year_of_registration=2020 + i % 2,
            first_contact_date=f"{2020 + i % 2}-03-05",
        )
    secret = token_for(personas.caseworker_a)
    client = personas.client_for(None)
    seen: list[str] = []
    url = f"{RECORDS}?sort=client_code&limit=3"
    while True:
        page = call(client, "get", url, secret).json()
        seen += [r["client_code"] for r in page["results"]]
        if not page["next_cursor"]:
            break
        url = f"{RECORDS}?sort=client_code&limit=3&cursor={page['next_cursor']}"
    assert seen == [f"L-{i}" for i in range(7)]
    filtered = call(client, "get", f"{RECORDS}?year=2021&sort=-client_code", secret).json()
    assert [r["client_code"] for r in filtered["results"]] == ["L-5", "L-3", "L-1"]
    assert filtered["count"] == 3
    bad = call(client, "get", f"{RECORDS}?cursor=nonsense", secret)
    assert bad.status_code == 400


def test_a_caseworker_cannot_delete_and_a_data_officer_can(personas: Personas) -> None:
    case = make_case(personas.caseworker_a, "D-1")
    client = personas.client_for(None)
    url = f"{RECORDS}/{case.pk}"
    assert call(client, "delete", url, token_for(personas.caseworker_a)).status_code == 403
    assert call(client, "delete", url, token_for(personas.data_officer_a)).status_code == 204
    assert not Case.objects.filter(pk=case.pk).exists()
