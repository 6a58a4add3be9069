"""Writing to the audit log, and the content its hashes cover.

:func:`record` is called by every service that reads, changes or exports data
that matters; it runs inside the caller's transaction, so an action and its
audit entry are committed together or not at all. It only inserts rows: no
lock is taken and no hash computed, so requests of every organisation append
at once without waiting for each other. The entries are chained and signed
afterwards by :func:`crossroads.audit.sealing.seal`, every minute.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.utils import timezone

from crossroads.accounts.models import Organisation, User
from crossroads.audit.models import Action, AuditEntry
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
    """SHA-256 of the entry's canonical content (its position and the previous hash
    included), in hex."""
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
    entry = _entry(actor, Event(action, object_type, object_id, summary, detail), organisation)
    entry.save()
    return entry


def record_many(
    actor: AbstractBaseUser | AnonymousUser | None,
    events: Iterable[Event],
    organisation: Organisation | None = None,
) -> list[AuditEntry]:
    """Append several entries for one actor (imports, bulk work); each gets its id."""
    entries = [_entry(actor, event, organisation) for event in events]
    if len(entries) == 1:
        entries[0].save()
        return entries
    with transaction.atomic():
        for entry, ident in zip(entries, _new_ids(len(entries)), strict=True):
            entry.pk = ident
        # Imports append 100,000 entries at once: the driver's executemany is several
        # times faster than bulk_create (see crossroads.core.bulk_insert).
        insert_many(entries, with_primary_key=True)
    return entries


def _entry(
    actor: AbstractBaseUser | AnonymousUser | None, event: Event, organisation: Organisation | None
) -> AuditEntry:
    user = actor if isinstance(actor, User) else None
    org = organisation or (user.organisation if user else None)
    return AuditEntry(
        at=timezone.now(),
        actor_id=user.pk if user else None,
        actor_name=user.username if user else "",
        organisation_id=org.pk if org else None,
        organisation_code=org.code if org else "",
        action=event.action,
        object_type=event.object_type,
        object_id=str(event.object_id),
        summary=event.summary[:300],
        detail=event.detail or {},
    )


def _new_ids(count: int) -> list[int]:
    """``count`` fresh ids for entries, without a lock that other requests would wait on.

    PostgreSQL hands them out from the table's sequence (concurrent callers get
    distinct ids at once). SQLite lets one connection write at a time, and the
    caller's transaction already holds that right, so the next ids are free.
    """
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        used = cursor.fetchone()
        cursor.execute(f"SELECT max(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        highest = max(used[0] if used else 0, cursor.fetchone()[0] or 0)
    return list(range(highest + 1, highest + 1 + count))


def entries_for(object_type: str, object_id: str | int) -> list[AuditEntry]:
    """Entries about one object, newest first (for a record's history page)."""
    return list(
        AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("-id")
    )
