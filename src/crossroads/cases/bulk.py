"""The bulk path for saving many validated records at once (imports).

It stores records through the same functions as a single save
(:func:`services.new_case`, :func:`services.indexed_columns`,
:func:`services.record_changes`, the same audit events and revisions), only
in batches: one query fetches the existing records of a batch of client
codes, ``bulk_create`` and ``bulk_update`` write them, and one locked step
appends the batch's audit entries; rows are inserted with
:func:`crossroads.core.bulk_insert.insert_many`. Everything runs in the caller's single
transaction, so a failure anywhere leaves nothing behind.

Why batches: saving 100,000 records one by one costs five queries each
(half a million round trips); in batches of :data:`BATCH` it is a few
hundred queries, and the run is bound by validation, not by the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from crossroads.accounts.models import User
from crossroads.audit.services import record_many
from crossroads.cases import services
from crossroads.cases.models import Case, CaseRevision
from crossroads.codebook.validation import CleanRecord
from crossroads.core.bulk_insert import insert_many

BATCH = 2000
UPDATED_FIELDS = [
    "data", "year", "status", "trafficking_status", "consent", "facets", "counting_row",
    "missing_count",
    "completeness",
    "standard_version", "linkage_tokens", "version", "updated_at", "updated_by",
]  # fmt: skip


@dataclass
class Planned:
    """A valid row: where it came from, its client code, its record and its tokens."""

    row: int
    code: str
    clean: CleanRecord
    tokens: list[str] | None


@dataclass
class Outcome:
    """How many records a bulk save created, changed and left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


class ChangedMeanwhile(RuntimeError):
    """Records changed after the file was checked; nothing was saved."""

    def __init__(self, codes: list[str]) -> None:
        super().__init__(", ".join(codes[:5]) + (" …" if len(codes) > 5 else ""))
        self.codes = codes


def existing_versions(user: User, codes: Sequence[str]) -> dict[str, int]:
    """Client code → version of the records of the user's organisation among ``codes``."""
    versions: dict[str, int] = {}
    for start in range(0, len(codes), BATCH):
        chunk = codes[start : start + BATCH]
        versions.update(
            Case.objects.filter(organisation=user.organisation, client_code__in=chunk).values_list(
                "client_code", "version"
            )
        )
    return versions


def _keep_later_events(user: User, case: Case, clean: CleanRecord) -> CleanRecord:
    """The row's record, keeping the events a spreadsheet row cannot hold.

    A file has one event of each kind per row, so a record's second and later
    events of a kind (a second compensation claim) are not in it: they are
    kept, after the row's event, rather than erased by an export re-imported.
    The merged record goes through the standard's validation again.
    """
    stored: dict[str, list[dict[str, Any]]] = case.data.get("events", {})
    later = {kind: entries[1:] for kind, entries in stored.items() if len(entries) > 1}
    if not later:
        return clean
    events = {kind: list(entries) for kind, entries in clean.events.items()}
    for kind, entries in later.items():
        events[kind] = events.get(kind, stored[kind][:1])[:1] + entries
    return services.validate_for(user, {**clean.data, "events": events}, from_form=False)


def save_many(
    user: User,
    rows: Sequence[Planned],
    *,
    seen_versions: dict[str, int] | None = None,
    via: str = "",
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Create or update a record per row, by client code, in the user's organisation.

    A row whose client code exists updates that record (a new version and a
    revision) unless nothing would change. ``seen_versions`` (client code →
    version when the file was checked) gives lost-update protection: if any
    of those records was saved since, :class:`ChangedMeanwhile` is raised and
    nothing is written. Must run inside a transaction (the caller's).
    """
    assert transaction.get_connection().in_atomic_block, "save_many needs a transaction"
    outcome = Outcome()
    for start in range(0, len(rows), BATCH):
        _save_batch(user, rows[start : start + BATCH], seen_versions, via, outcome)
        if progress is not None:
            progress(min(start + BATCH, len(rows)))
    return outcome


def _save_batch(
    user: User,
    rows: Sequence[Planned],
    seen_versions: dict[str, int] | None,
    via: str,
    outcome: Outcome,
) -> None:
    now = timezone.now()
    existing = {
        case.client_code: case
        for case in Case.objects.select_for_update()
        .filter(organisation=user.organisation, client_code__in=[r.code for r in rows])
        .only("id", "client_code", "data", "linkage_tokens", "version", "created_at")
    }
    if seen_versions is not None:
        # A record created, changed or erased since the check makes the report untrue.
        stale = [
            r.code
            for r in rows
            if seen_versions.get(r.code)
            != (existing[r.code].version if r.code in existing else None)
        ]
        if stale:
            raise ChangedMeanwhile(sorted(stale))
    created: list[Case] = []
    updated: list[tuple[Case, dict[str, Any]]] = []
    for row in rows:
        case = existing.get(row.code)
        if case is None:
            created.append(services.new_case(user, row.code, row.clean, row.tokens, now))
            continue
        clean = _keep_later_events(user, case, row.clean)
        document = clean.as_document()
        changes = services.record_changes(case, document, client_code=row.code, tokens=row.tokens)
        if not changes:
            outcome.unchanged += 1
            continue
        for name, value in services.indexed_columns(clean).items():
            setattr(case, name, value)
        if row.tokens is not None:
            case.linkage_tokens = row.tokens
        case.version += 1
        case.updated_at, case.updated_by = now, user
        updated.append((case, changes))
    insert_many(created)
    if created:
        ids = dict(
            Case.objects.filter(
                organisation=user.organisation, client_code__in=[c.client_code for c in created]
            ).values_list("client_code", "id")
        )
        for case in created:
            case.pk = ids[case.client_code]
    Case.objects.bulk_update([case for case, _changes in updated], UPDATED_FIELDS, batch_size=500)
    events = [services.creation_event(case, via) for case in created]
    events += [services.change_event(case, changes, case.version, via) for case, changes in updated]
    entries = record_many(user, events)
    revisions = [
        CaseRevision(**services.first_revision(case, entry.pk))
        for case, entry in zip(created, entries, strict=False)
    ]
    revisions += [
        CaseRevision(case=case, audit_entry=entry.pk, version=case.version, at=now, changes=changes)
        for (case, changes), entry in zip(updated, entries[len(created) :], strict=True)
    ]
    insert_many(revisions)
    outcome.created += len(created)
    outcome.updated += len(updated)
