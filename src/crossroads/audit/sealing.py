"""Sealing the audit log into its hash chain and signing checkpoints of the chain's head.

Requests append entries with no position and no hash (:mod:`crossroads.audit.services`).
:func:`seal`, run every minute by a task worker (and by ``crossroads audit seal``),
takes the waiting entries in the order they were written, gives each its
position, the previous entry's hash and its own, then signs a
:class:`~crossroads.audit.models.Checkpoint` of the new head with the
instance's Ed25519 signing key (``CROSSROADS_SIGNING_KEY``, never in the
database) and appends it to the checkpoint file, outside the database.

An entry whose transaction commits late (a long import) is simply sealed by a
later run, after entries written after it: the chain's order is the order of
sealing, so it never has to wait for, or skip over, a transaction in flight.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from crossroads.audit.models import AuditEntry, Checkpoint
from crossroads.audit.services import GENESIS, compute_hash
from crossroads.core import signing

BATCH = 5000
PURPOSE = "crossroads-audit-checkpoint"  # what a checkpoint signature may stand for
# Lets one sealer at a time continue the chain on PostgreSQL (SQLite has one writer anyway).
_LOCK_KEY = 7_424_341_011


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint as written to the file and sent to a witness."""

    seq: int
    hash: str
    sealed: int
    at: str
    key_id: str
    signature: str

    def signed_part(self) -> dict[str, Any]:
        return {
            "purpose": PURPOSE,
            "seq": self.seq,
            "hash": self.hash,
            "sealed": self.sealed,
            "at": self.at,
            "key": self.key_id,
        }

    def line(self) -> str:
        """One line of the checkpoint file (JSON)."""
        return json.dumps({**self.signed_part(), "sig": self.signature}, sort_keys=True)

    def is_signed_by(self, public_key: bytes) -> bool:
        return signing.verify(signing.canonical(self.signed_part()), self.signature, public_key)

    @classmethod
    def from_line(cls, text: str) -> SignedCheckpoint:
        """Parse a line of the file; raises ValueError for anything else."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("purpose") != PURPOSE:
            raise ValueError("not an audit checkpoint")
        return cls(
            int(data["seq"]),
            str(data["hash"]),
            int(data["sealed"]),
            str(data["at"]),
            str(data["key"]),
            str(data["sig"]),
        )

    @classmethod
    def from_row(cls, row: Checkpoint) -> SignedCheckpoint:
        return cls(row.seq, row.hash, row.sealed, row.at.isoformat(), row.key_id, row.signature)


def checkpoint_path() -> Path:
    """The checkpoint file: ``CROSSROADS_AUDIT_CHECKPOINTS``, or ``audit-checkpoints.jsonl``
    in the data directory. Keep it where the database's users cannot write (docs/security.md)."""
    configured = settings.CROSSROADS_AUDIT_CHECKPOINTS
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit-checkpoints.jsonl"


def read_checkpoints(path: Path | None = None) -> Iterator[tuple[int, str]]:
    """The lines of a checkpoint file, numbered from 1 (nothing if it does not exist)."""
    target = path or checkpoint_path()
    if not target.exists():
        return
    with target.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield number, line.strip()


def _append(checkpoints: list[SignedCheckpoint]) -> None:
    """Append lines to the checkpoint file, created owner-only, opened for appending only."""
    if not checkpoints:
        return
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        for checkpoint in checkpoints:
            handle.write(checkpoint.line() + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _last_in_file() -> int:
    last = 0
    for _number, line in read_checkpoints():
        try:
            last = max(last, SignedCheckpoint.from_line(line).seq)
        except (ValueError, KeyError, TypeError):
            continue
    return last


def sync_file() -> int:
    """Append to the file every signed checkpoint of the database it does not hold yet
    (a run stopped between its commit and its write); return how many."""
    key = signing.public_key_bytes()
    missing = [
        checkpoint
        for row in Checkpoint.objects.filter(seq__gt=_last_in_file()).order_by("seq")
        if (checkpoint := SignedCheckpoint.from_row(row)).is_signed_by(key)
    ]
    _append(missing)
    return len(missing)


@dataclass(frozen=True)
class Sealed:
    """What one run of :func:`seal` did."""

    entries: int
    checkpoint: SignedCheckpoint | None


def seal(batch: int = BATCH) -> Sealed:
    """Chain every waiting entry, then sign and file a checkpoint of the new head.

    Works in batches of ``batch`` entries, one short transaction each, so that
    requests (which, on SQLite, wait for any writer) are held up for a moment at most.
    """
    sealed = 0
    head_seq, head_hash = _head()
    while True:
        with transaction.atomic():
            _lock()
            head_seq, head_hash = _head()
            waiting = list(AuditEntry.objects.filter(seq__isnull=True).order_by("id")[:batch])
            if not waiting:
                break
            for entry in waiting:
                head_seq += 1
                entry.seq, entry.prev_hash = head_seq, head_hash
                entry.hash = head_hash = compute_hash(entry)
            _write_seals(waiting)
            sealed += len(waiting)
        if len(waiting) < batch:
            break
    last = Checkpoint.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    checkpoint = _checkpoint(head_seq, head_hash, head_seq - last) if head_seq > last else None
    sync_file()
    return Sealed(sealed, checkpoint)


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def _head() -> tuple[int, str]:
    last = AuditEntry.objects.filter(seq__isnull=False).order_by("-seq").first()
    if last is None or last.seq is None or last.hash is None:
        return 0, GENESIS
    return last.seq, last.hash


def _write_seals(entries: list[AuditEntry]) -> None:
    """The one update an entry ever receives (the database's trigger allows only this)."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    rows = [(entry.seq, entry.prev_hash, entry.hash, entry.pk) for entry in entries]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
            rows,
        )


def _checkpoint(seq: int, head: str, sealed: int) -> SignedCheckpoint:
    key_id, _public = signing.instance_public_key()
    at: datetime = timezone.now()
    unsigned = SignedCheckpoint(seq, head, sealed, at.isoformat(), key_id, "")
    signature = signing.sign(signing.canonical(unsigned.signed_part()))
    Checkpoint.objects.create(
        seq=seq, hash=head, sealed=sealed, at=at, key_id=key_id, signature=signature
    )
    return SignedCheckpoint(seq, head, sealed, unsigned.at, key_id, signature)


def latest_checkpoint() -> SignedCheckpoint | None:
    """The newest signed checkpoint of the database."""
    row = Checkpoint.objects.order_by("-seq").first()
    return SignedCheckpoint.from_row(row) if row is not None else None


def public_key_text() -> str:
    """This instance's public key in base64, to check checkpoints anywhere."""
    return base64.b64encode(signing.public_key_bytes()).decode()


@contextmanager
def erasing_everything() -> Iterator[None]:
    """Let the block empty the whole database (``crossroads demo --reset``, the tests' flush).

    On PostgreSQL the triggers refuse TRUNCATE of the log unless the session says
    this; the checkpoint file, which would otherwise report the emptied log as
    altered, is moved aside (kept, renamed with the time) rather than deleted.
    """
    path = checkpoint_path()
    if path.exists():
        path.rename(
            path.with_name(f"{path.stem}-erased-{timezone.now():%Y%m%dT%H%M%S}{path.suffix}")
        )
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET crossroads.erase_everything = 'on'")
    try:
        yield
    finally:
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("RESET crossroads.erase_everything")
