"""Backups of the whole instance, and restoring one into an empty instance.

``crossroads backup`` (or the backups page, through a task worker) dumps the
database while it runs (SQLite's online backup API; ``pg_dump`` on
PostgreSQL), encrypts and checksums the dump (:mod:`crossroads.safety.archive`)
and records it. No key is in a backup: the keys have their own export
(``crossroads keys export``, docs/security.md).

``crossroads restore`` checks an archive, refuses to overwrite a database that
holds any organisation or person, loads the dump, brings it up to the current
migrations and verifies the audit chain against the signed checkpoints it holds.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

import crossroads
from crossroads.accounts.models import Organisation, User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.audit.verification import Report, verify
from crossroads.safety import archive
from crossroads.safety.models import Backup


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why and what to do."""


def backup_key() -> bytes:
    if not settings.BACKUP_KEY:
        raise BackupError(
            "CROSSROADS_BACKUP_KEY (or CROSSROADS_BACKUP_KEY_FILE) is not set: backups are "
            "encrypted with it, and it is kept apart from them (docs/security.md)."
        )
    return archive.decode_key(settings.BACKUP_KEY)


def backup_dir() -> Path:
    """Where backups go by default: ``backups/`` in the data directory, owner-only."""
    path = Path(settings.DATA_DIR) / "backups"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


@contextmanager
def _scratch() -> Iterator[Path]:
    """An owner-only temporary folder for a clear dump, removed whatever happens."""
    folder = Path(tempfile.mkdtemp(prefix="crossroads-backup-"))
    try:
        folder.chmod(0o700)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump and pg_restore, password in the environment only."""
    db = settings.DATABASES["default"]
    options = ["--no-password", "-d", str(db["NAME"])]
    if db.get("HOST"):
        options += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        options += ["-p", str(db["PORT"])]
    if db.get("USER"):
        options += ["-U", str(db["USER"])]
    environment = {**os.environ}
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = str(db["PASSWORD"])
    return options, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=environment, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed; install the PostgreSQL client tools."
        ) from None
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} failed: {exc.stderr.strip()[-500:]}") from None


def _dump(target: Path) -> str:
    """Write a consistent dump of the running database to ``target``; return the engine."""
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:
            # SQLite's backup would wait for ever on the transaction's own locks.
            raise BackupError("a backup cannot be made inside a transaction")
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return "sqlite"
    if connection.vendor == "postgresql":
        options, environment = _pg_environment()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "-f",
                str(target),
                *options,
            ],
            environment,
        )
        return "postgresql"
    raise BackupError(f"backups of a {connection.vendor} database are not supported")


def create_backup(target: Path | None = None, *, by: User | None = None) -> Backup:
    """Back up the whole instance into an encrypted archive; record and audit it."""
    key = backup_key()
    now = timezone.now()
    path = target or backup_dir() / f"crossroads-{now:%Y%m%d-%H%M%S}.backup"
    if path.exists():
        raise BackupError(f"{path} exists already; choose another file name.")
    with _scratch() as folder:
        dump = folder / "dump"
        engine = _dump(dump)
        fields = archive.write(
            dump,
            path,
            key,
            {
                "engine": engine,
                "created": now.isoformat(),
                "crossroads": crossroads.__version__,
            },
        )
    backup = Backup.objects.create(
        at=now,
        by=by,
        path=str(path),
        engine=engine,
        size=path.stat().st_size,
        checksum=fields["checksum"],
    )
    record(
        by,
        Action.BACKUP,
        object_type="backup",
        object_id=backup.pk,
        summary=f"Backed up the instance ({engine}, {backup.size} bytes)",
    )
    return backup


@dataclass(frozen=True)
class Checked:
    """What checking an archive found."""

    engine: str
    created: str
    size: int


def check_backup(path: Path) -> Checked:
    """Decrypt an archive, check its checksum and that the dump is a readable database;
    mark it verified when this instance made it. Raises ArchiveError or BackupError."""
    with _scratch() as folder:
        dump = folder / "dump"
        fields = archive.read(path, dump, backup_key())
        if fields.get("engine") == "sqlite":
            with sqlite3.connect(dump) as database:
                result = database.execute("PRAGMA integrity_check").fetchone()
            if not result or result[0] != "ok":
                raise BackupError("the database in the backup is damaged")
        else:
            _run(["pg_restore", "--list", str(dump)], dict(os.environ))
    Backup.objects.filter(checksum=fields["checksum"]).update(verified_at=timezone.now())
    return Checked(str(fields.get("engine")), str(fields.get("created")), int(fields["size"]))


def _instance_is_empty() -> bool:
    tables = connection.introspection.table_names()
    if Organisation._meta.db_table not in tables:
        return True
    return not Organisation.objects.exists() and not User.objects.exists()


@dataclass(frozen=True)
class Restored:
    fields: dict[str, Any]
    report: Report


def restore_backup(path: Path) -> Restored:
    """Restore ``path`` into this (empty) instance, migrate it, verify its audit chain."""
    key = backup_key()
    if not _instance_is_empty():
        raise BackupError(
            "This instance already holds organisations or people; restore only into an "
            "empty instance (a new CROSSROADS_DATA_DIR or an empty DATABASE_URL)."
        )
    with _scratch() as folder:
        dump = folder / "dump"
        fields = archive.read(path, dump, key)
        engine = fields.get("engine")
        if engine != connection.vendor:
            raise BackupError(f"this is a {engine} backup; this instance uses {connection.vendor}")
        connections.close_all()
        if engine == "sqlite":
            target = Path(str(settings.DATABASES["default"]["NAME"]))
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as out, dump.open("rb") as source:
                shutil.copyfileobj(source, out)
        else:
            options, environment = _pg_environment()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    *options,
                    str(dump),
                ],
                environment,
            )
    call_command("migrate", verbosity=0, interactive=False)
    report = verify(trust_database_checkpoints=True)
    return Restored(fields, report)
