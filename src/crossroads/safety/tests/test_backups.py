"""Backups: an encrypted, checksummed archive without the keys; a restore into an empty
instance finds every record and an intact audit log; the keys' own export."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from crossroads.accounts.models import User
from crossroads.audit.sealing import seal
from crossroads.safety import archive
from crossroads.safety.keys import KeysError, export_keys, import_keys, read_keys
from crossroads.safety.models import Backup
from crossroads.testing import Personas, make_case

KEY = bytes(range(32))


def test_an_archive_round_trips_and_refuses_the_wrong_key_or_any_change(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.write_bytes(os.urandom(3 * archive.CHUNK // 2))
    target = tmp_path / "a.backup"
    archive.write(dump, target, KEY, {"engine": "sqlite"})
    assert target.stat().st_mode & 0o777 == 0o600
    assert dump.read_bytes()[:64] not in target.read_bytes()
    archive.read(target, tmp_path / "back", KEY)
    assert (tmp_path / "back").read_bytes() == dump.read_bytes()
    with pytest.raises(archive.ArchiveError, match="another backup key"):
        archive.read(target, tmp_path / "x", bytes(32))
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 1
    (tmp_path / "altered").write_bytes(bytes(data))
    with pytest.raises(archive.ArchiveError, match="damaged or was altered"):
        archive.read(tmp_path / "altered", tmp_path / "x", KEY)
    (tmp_path / "cut").write_bytes(target.read_bytes()[: len(data) - 100])
    with pytest.raises(archive.ArchiveError, match="truncated"):
        archive.read(tmp_path / "cut", tmp_path / "x", KEY)


def _keys_environment() -> dict[str, str]:
    return {
        "CROSSROADS_SECRET_KEY": settings.SECRET_KEY,
        "CROSSROADS_LINKAGE_KEY": settings.LINKAGE_KEY,
        "CROSSROADS_SIGNING_KEY": settings.SIGNING_KEY,
        "CROSSROADS_BACKUP_KEY": settings.BACKUP_KEY,
    }


def _fresh_instance(tmp_path: Path) -> dict[str, str]:
    """The environment of a new, empty instance with the same keys (on the same engine)."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("CROSSROADS_", "DATABASE"))}
    environment = {**keep, **_keys_environment(), "CROSSROADS_DATA_DIR": str(tmp_path / "new")}
    if connection.vendor == "postgresql":
        url = os.environ["DATABASE_URL"]
        parts = urlsplit(url)
        name = parts.path.lstrip("/") + "_restore"
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}"')
            server.execute(f'CREATE DATABASE "{name}"')
        environment["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    return environment


def _crossroads(environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crossroads", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_holds_every_record_and_an_intact_audit_log(
    personas: Personas, tmp_path: Path
) -> None:
    codes = {f"R-{n}" for n in range(5)}
    for code in sorted(codes):
        make_case(personas.caseworker_a, code)
    seal()
    path = tmp_path / "instance.backup"
    call_command("backup", "--output", str(path))
    assert Backup.objects.get().checksum and path.exists()
    for secret in _keys_environment().values():
        assert secret.encode() not in path.read_bytes()
    environment = _fresh_instance(tmp_path)
    restored = _crossroads(environment, "restore", str(path))
    assert restored.returncode == 0, restored.stderr
    assert "The audit log is intact" in restored.stdout
    listing = _crossroads(
        environment,
        "shell",
        "-c",
        "from crossroads.cases.models import Case; "
        "print(sorted(Case.objects.values_list('client_code', flat=True)))",
    )
    assert listing.stdout.strip().splitlines()[-1] == str(sorted(codes))
    again = _crossroads(environment, "restore", str(path))
    assert again.returncode != 0 and "already holds organisations" in again.stderr


@pytest.mark.django_db(transaction=True)
def test_checking_a_backup_marks_it_verified(personas: Personas, tmp_path: Path) -> None:
    make_case(personas.caseworker_a, "R-1")
    path = tmp_path / "instance.backup"
    call_command("backup", "--output", str(path))
    call_command("backup", "--check", str(path))
    assert Backup.objects.get().verified_at is not None
    (tmp_path / "bad.backup").write_bytes(path.read_bytes()[:-50])
    with pytest.raises(CommandError, match="truncated"):
        call_command("backup", "--check", str(tmp_path / "bad.backup"))


def test_the_keys_export_needs_its_passphrase_and_never_overwrites_keys(tmp_path: Path) -> None:
    exported = tmp_path / "keys.export"
    names = export_keys(exported, "correct horse battery staple")
    assert names == ["BACKUP_KEY", "LINKAGE_KEY", "SECRET_KEY", "SIGNING_KEY"]
    assert exported.stat().st_mode & 0o777 == 0o600
    assert settings.LINKAGE_KEY not in exported.read_text()
    with pytest.raises(KeysError, match="wrong passphrase"):
        read_keys(exported, "not the passphrase")
    import_keys(exported, "correct horse battery staple", tmp_path / "var")
    assert (tmp_path / "var" / "linkage_key").read_text() == settings.LINKAGE_KEY
    assert (tmp_path / "var" / "linkage_key").stat().st_mode & 0o777 == 0o600
    with pytest.raises(KeysError, match="already has"):
        import_keys(exported, "correct horse battery staple", tmp_path / "var")


@pytest.mark.django_db(transaction=True)
def test_backups_from_the_page_are_for_technical_administrators(
    personas: Personas, tmp_path: Path
) -> None:
    for persona in (personas.org_admin_a, personas.analyst, personas.caseworker_a):
        client = personas.client_for(persona)
        assert client.get(reverse("safety:backups")).status_code == 404
        assert client.post(reverse("safety:backup_start")).status_code == 404
    root = User.objects.create_superuser("root", "root@example.org", "a-long-root-passphrase")
    client = personas.client_for(None)
    client.force_login(root)
    if connection.vendor == "sqlite":
        assert client.post(reverse("safety:backup_start")).status_code == 302
        backup = Backup.objects.get()
        assert backup.verified_at is not None and Path(backup.path).exists()
    assert client.get(reverse("safety:backups")).status_code == 200
