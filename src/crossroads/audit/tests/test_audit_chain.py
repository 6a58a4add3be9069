"""The audit log is append-only and any change to it is detected."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from crossroads.audit.models import Action, AuditEntry
from crossroads.audit.services import record, verify
from crossroads.testing import Personas, make_case


@pytest.fixture
def tamperable() -> Iterator[None]:
    """Switch off the append-only triggers, as an attacker with database rights would,
    and switch them back on afterwards for the other tests."""
    migration = importlib.import_module("crossroads.audit.migrations.0002_append_only")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
        else:
            for statement in migration.SQLITE:
                cursor.execute(statement)


def _write_entries(personas: Personas) -> None:
    make_case(personas.caseworker_a, "A-1")
    make_case(personas.caseworker_a, "A-2")
    record(personas.caseworker_a, Action.EXPORT, summary="Exported 2 records")


def test_an_intact_log_verifies(personas: Personas, capsys: pytest.CaptureFixture[str]) -> None:
    _write_entries(personas)
    call_command("audit", "verify")
    assert "The audit log is intact (3 entries checked)" in capsys.readouterr().out


def test_entries_are_chained_by_hash(personas: Personas) -> None:
    _write_entries(personas)
    first, second, third = AuditEntry.objects.order_by("seq")
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert [e.seq for e in (first, second, third)] == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_a_tampered_entry_is_detected(personas: Personas, tamperable: None) -> None:
    _write_entries(personas)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_name = 'someone-else' WHERE seq = 2")
    count, breaks = verify()
    assert count == 3
    assert [(b.seq, b.reason) for b in breaks] == [
        (2, "its content was changed after it was written")
    ]
    with pytest.raises(CommandError, match="altered: 1 problem"):
        call_command("audit", "verify")


@pytest.mark.django_db(transaction=True)
def test_a_deleted_entry_is_detected(personas: Personas, tamperable: None) -> None:
    _write_entries(personas)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = 2")
    _, breaks = verify()
    reasons = {b.reason for b in breaks}
    assert "entries 2 to 2 are missing" in reasons


@pytest.mark.django_db(transaction=True)
def test_removing_the_latest_entries_is_detected(personas: Personas, tamperable: None) -> None:
    _write_entries(personas)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = 3")
    _, breaks = verify()
    assert [b.reason for b in breaks] == ["the latest entries were removed (chain head disagrees)"]


def test_the_orm_refuses_to_change_or_delete_entries(personas: Personas) -> None:
    _write_entries(personas)
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.summary = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(summary="x")


def test_the_database_refuses_raw_updates(personas: Personas) -> None:
    _write_entries(personas)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET summary = 'x'")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == 3


def test_the_log_page_shows_an_organisation_admin_their_organisation_only(
    personas: Personas,
) -> None:
    make_case(personas.caseworker_a, "A-1")
    make_case(personas.caseworker_b, "B-1", citizenship=["DEU"])
    page = personas.client_for(personas.org_admin_a).get("/audit/")
    assert page.status_code == 200
    assert b"Created record A-1" in page.content and b"B-1" not in page.content
    assert personas.client_for(personas.caseworker_a).get("/audit/").status_code == 403
