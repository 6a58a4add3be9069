"""The audit log: appended without a lock, sealed in order, and every attack on it detected."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from crossroads.audit.models import Action, AuditEntry
from crossroads.audit.sealing import checkpoint_path, public_key_text, seal
from crossroads.audit.services import compute_hash, record
from crossroads.audit.verification import verify
from crossroads.audit.witness import send_to_witnesses
from crossroads.testing import Personas, make_case

MIGRATION = importlib.import_module("crossroads.audit.migrations.0003_checkpoints")


@pytest.fixture
def tamperable() -> Iterator[None]:
    """Switch off the append-only triggers, as an attacker with database rights would,
    and switch them back on afterwards for the other tests."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("audit_auditentry", "audit_checkpoint"):
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")
            cursor.execute("DROP TRIGGER audit_checkpoint_no_update")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("audit_auditentry", "audit_checkpoint"):
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        else:
            for statement in MIGRATION.SQLITE:
                cursor.execute(statement)


def _write_entries(personas: Personas) -> None:
    make_case(personas.caseworker_a, "A-1")
    make_case(personas.caseworker_a, "A-2")
    record(personas.caseworker_a, Action.EXPORT, summary="Exported 2 records")


def _reasons() -> list[str]:
    return [b.reason for b in verify().breaks]


def _rehash_everything() -> None:
    """What an attacker who knows the hashing but not the signing key does after an edit."""
    previous = "0" * 64
    for entry in AuditEntry.objects.filter(seq__isnull=False).order_by("seq"):
        entry.prev_hash = previous
        previous = compute_hash(entry)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
                [entry.prev_hash, previous, entry.pk],
            )


def test_appending_leaves_entries_unsealed_until_the_sealer_chains_them(
    personas: Personas,
) -> None:
    _write_entries(personas)
    assert not AuditEntry.objects.filter(seq__isnull=False).exists()
    sealed = seal()
    assert sealed.entries == 3 and sealed.checkpoint is not None
    first, second, third = AuditEntry.objects.order_by("seq")
    assert [e.seq for e in (first, second, third)] == [1, 2, 3]
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert sealed.checkpoint.seq == 3 and sealed.checkpoint.hash == third.hash
    assert checkpoint_path().read_text().count("\n") == 1
    assert seal().entries == 0 and checkpoint_path().read_text().count("\n") == 1


def test_an_intact_log_verifies(personas: Personas, capsys: pytest.CaptureFixture[str]) -> None:
    _write_entries(personas)
    call_command("audit", "seal")
    record(personas.caseworker_a, Action.READ, summary="after the seal")
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "The audit log is intact (3 entries checked against 1 signed checkpoints" in out
    assert "1 recent entries not sealed yet" in out


def test_the_checkpoint_file_is_owner_only_and_only_appended_to(personas: Personas) -> None:
    _write_entries(personas)
    seal()
    record(personas.caseworker_a, Action.READ)
    seal()
    path = checkpoint_path()
    assert path.stat().st_mode & 0o777 == 0o600
    lines = path.read_text().splitlines()
    assert len(lines) == 2 and '"seq": 3' in lines[0] and '"seq": 4' in lines[1]


@pytest.mark.django_db(transaction=True)
def test_a_changed_entry_is_detected(personas: Personas, tamperable: None) -> None:
    _write_entries(personas)
    seal()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_name = 'someone-else' WHERE seq = 2")
    assert _reasons() == ["its content was changed after it was sealed"]
    with pytest.raises(CommandError, match="altered: 1 problem"):
        call_command("audit", "verify")


@pytest.mark.django_db(transaction=True)
def test_a_rewritten_and_rehashed_log_is_detected(personas: Personas, tamperable: None) -> None:
    _write_entries(personas)
    seal()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_name = 'someone-else' WHERE seq = 2")
    _rehash_everything()
    reasons = _reasons()
    assert len(reasons) == 1 and "rewritten: it no longer matches the checkpoint" in reasons[0]


@pytest.mark.django_db(transaction=True)
def test_a_rehashed_log_with_forged_checkpoints_is_detected(
    personas: Personas, tamperable: None
) -> None:
    """Without the signing key, a checkpoint cannot be made to match a rewritten log."""
    _write_entries(personas)
    seal()
    signed_head = AuditEntry.objects.get(seq=3).hash
    assert signed_head is not None
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET summary = 'nothing' WHERE seq = 3")
    _rehash_everything()
    forged = AuditEntry.objects.get(seq=3).hash
    assert forged is not None and forged != signed_head
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_checkpoint SET hash = %s", [forged])
    path = checkpoint_path()
    path.write_text(path.read_text().replace(signed_head, forged))
    reasons = _reasons()
    assert reasons[0] == "line 1 of the checkpoint file is not signed by this instance's key"


@pytest.mark.django_db(transaction=True)
def test_removing_the_latest_entries_and_their_checkpoint_is_detected(
    personas: Personas, tamperable: None
) -> None:
    _write_entries(personas)
    seal()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = 3")
        cursor.execute("DELETE FROM audit_checkpoint")
    reasons = _reasons()
    assert "entries 3 to 3 were removed" in reasons[0]
    assert "this checkpoint was removed from the database" in reasons


@pytest.mark.django_db(transaction=True)
def test_deleting_everything_is_detected(personas: Personas, tamperable: None) -> None:
    _write_entries(personas)
    seal()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
        cursor.execute("DELETE FROM audit_checkpoint")
    report = verify()
    assert report.entries == 0
    assert any("entries 1 to 3 were removed" in b.reason for b in report.breaks)


@pytest.mark.django_db(transaction=True)
def test_truncating_the_log_is_refused_on_postgresql_and_detected_if_forced(
    personas: Personas,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    _write_entries(personas)
    seal()
    with pytest.raises(DatabaseError, match="cannot be truncated"), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditentry")
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute("TRUNCATE audit_auditentry")
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
    assert any("entries 1 to 3 were removed" in b.reason for b in verify().breaks)


@pytest.mark.django_db(transaction=True)
def test_a_missing_checkpoint_file_is_detected(personas: Personas) -> None:
    _write_entries(personas)
    seal()
    checkpoint_path().unlink()
    assert any("the checkpoint file is missing" in reason for reason in _reasons())


def test_a_witness_copy_and_public_key_verify_the_log(
    personas: Personas, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_entries(personas)
    seal()
    copy = tmp_path / "witness.jsonl"
    copy.write_text(checkpoint_path().read_text())
    call_command("audit", "verify", "--checkpoints", str(copy), "--public-key", public_key_text())
    assert "intact (3 entries checked against 1 signed checkpoints" in capsys.readouterr().out
    other_key = "B" * 43 + "="
    with pytest.raises(CommandError, match="altered"):
        call_command("audit", "verify", "--checkpoints", str(copy), "--public-key", other_key)


def test_the_latest_checkpoint_is_sent_to_the_witnesses_once(
    personas: Personas, settings: object
) -> None:
    settings.CROSSROADS_AUDIT_WITNESS_EMAILS = ["witness@secretariat.example"]  # type: ignore[attr-defined]
    _write_entries(personas)
    seal()
    assert send_to_witnesses() == 1 and send_to_witnesses() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert '"seq": 3' in message.body and public_key_text() in message.body
    assert "A-1" not in message.body and "caseworker" not in message.body


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


def test_the_database_refuses_raw_changes_but_lets_an_entry_be_sealed_once(
    personas: Personas,
) -> None:
    _write_entries(personas)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET summary = 'x'")
    seal()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET seq = seq + 100, hash = hash")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_checkpoint SET hash = 'x'")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == 3 and verify().intact


def test_an_entry_written_by_a_transaction_that_commits_late_is_sealed_later(
    personas: Personas,
) -> None:
    """A long transaction (an import) commits an entry with a lower id after later ones
    were sealed: it is sealed by the next run, after them, and the chain still holds."""
    base = 10_000_000
    first = AuditEntry(pk=base, at=timezone.now(), action=Action.READ, summary="first")
    first.save(force_insert=True)
    quick = AuditEntry(pk=base + 2, at=timezone.now(), action=Action.READ, summary="quick")
    quick.save(force_insert=True)
    seal()
    slow = AuditEntry(pk=base + 1, at=timezone.now(), action=Action.READ, summary="slow")
    slow.save(force_insert=True)
    seal()
    assert [AuditEntry.objects.get(pk=base + n).seq for n in (0, 2, 1)] == [1, 2, 3]
    assert verify().intact


def test_the_log_page_shows_an_organisation_admin_their_organisation_only(
    personas: Personas,
) -> None:
    make_case(personas.caseworker_a, "A-1")
    make_case(personas.caseworker_b, "B-1", citizenship=["DEU"])
    page = personas.client_for(personas.org_admin_a).get("/audit/")
    assert page.status_code == 200
    assert b"Created record A-1" in page.content and b"B-1" not in page.content
    assert personas.client_for(personas.caseworker_a).get("/audit/").status_code == 403
