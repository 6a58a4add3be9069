"""Writing to and checking the audit log.

:func:`record` is called by every service that reads, changes or exports data
that matters; it runs inside the caller's transaction, so an action and its
audit entry are committed together or not at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from crossroads.accounts.models import Organisation, User
from crossroads.audit.models import Action, AuditEntry, ChainHead
from crossroads.core.bulk_insert import insert_many

GENESIS = "0" * 64


@dataclass(frozen=True)
class Event:
    """What to record; see :func:`record`."""

    action: Action
    object_type: str = ""
    object_id: str | int = ""
    summary: str = ""
    detail: dict[str, Any] | None = None


def _content(entry: AuditEntry) -> bytes:
    """The canonical bytes an entry's hash covers (every field but the hash)."""
    payload = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "organisation_id": entry.organisation_id,
        "organisation_code": entry.organisation_code,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "summary": entry.summary,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(entry: AuditEntry) -> str:
    """SHA-256 of the entry's canonical content, in hex."""
    return hashlib.sha256(_content(entry)).hexdigest()


def record(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: Action,
    *,
    organisation: Organisation | None = None,
    object_type: str = "",
    object_id: str | int = "",
    summary: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. ``organisation`` defaults to the actor's organisation."""
    return record_many(
        actor, [Event(action, object_type, object_id, summary, detail)], organisation
    )[0]


def record_many(
    actor: AbstractBaseUser | AnonymousUser | None,
    events: Iterable[Event],
    organisation: Organisation | None = None,
) -> list[AuditEntry]:
    """Append several entries for one actor in one locked step (imports, bulk work)."""
    user = actor if isinstance(actor, User) else None
    org = organisation or (user.organisation if user else None)
    now = timezone.now()
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
        entries: list[AuditEntry] = []
        for event in events:
            entry = AuditEntry(
                seq=head.seq + 1,
                at=now,
                actor_id=user.pk if user else None,
                actor_name=user.username if user else "",
                organisation_id=org.pk if org else None,
                organisation_code=org.code if org else "",
                action=event.action,
                object_type=event.object_type,
                object_id=str(event.object_id),
                summary=event.summary[:300],
                detail=event.detail or {},
                prev_hash=head.hash,
            )
            entry.hash = compute_hash(entry)
            head.seq, head.hash = entry.seq, entry.hash
            entries.append(entry)
        # Imports append 100,000 entries at once: the driver's executemany is several
        # times faster than bulk_create (see crossroads.core.bulk_insert).
        insert_many(entries)
        head.save(update_fields=["seq", "hash"])
    return entries


@dataclass(frozen=True)
class Break:
    """Where the chain no longer holds, and why."""

    seq: int
    reason: str


def verify(batch_size: int = 5000) -> tuple[int, list[Break]]:
    """Walk the whole chain; return the number of entries checked and every break found.

    Detects an entry whose content was changed (its hash no longer matches),
    an entry removed or inserted (a gap in the sequence, or a previous-hash
    mismatch), and a truncated tail (the chain head disagrees with the last entry).
    """
    breaks: list[Break] = []
    expected_prev, expected_seq, count = GENESIS, 1, 0
    for entry in _in_order(batch_size):
        count += 1
        if entry.seq != expected_seq:
            breaks.append(
                Break(entry.seq, f"entries {expected_seq} to {entry.seq - 1} are missing")
            )
        if entry.prev_hash != expected_prev:
            breaks.append(Break(entry.seq, "does not follow the previous entry (chain broken)"))
        if compute_hash(entry) != entry.hash:
            breaks.append(Break(entry.seq, "its content was changed after it was written"))
        expected_prev, expected_seq = entry.hash, entry.seq + 1
    head = ChainHead.objects.filter(id=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != expected_prev):
        breaks.append(Break(head.seq, "the latest entries were removed (chain head disagrees)"))
    return count, breaks


def _in_order(batch_size: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


def entries_for(object_type: str, object_id: str | int) -> list[AuditEntry]:
    """Entries about one object, newest first (for a record's history page)."""
    return list(
        AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id)).order_by(
            "-seq"
        )
    )
