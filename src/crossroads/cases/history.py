"""A record's history: who changed what and when, from the audit log and the revisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from crossroads.audit.models import Action, AuditEntry
from crossroads.cases.models import Case, CaseRevision
from crossroads.codebook.definitions import Standard
from crossroads.codebook.display import display


@dataclass
class Change:
    """One field's old and new value, as text."""

    label: str
    old: str
    new: str


@dataclass
class HistoryItem:
    """One audit entry about the record, with the values it changed when known."""

    at: datetime
    who: str
    action: str
    changes: list[Change] = field(default_factory=list)


def history_of(case: Case, standard: Standard, language: str, limit: int = 50) -> list[HistoryItem]:
    """Creations and changes of the record (not views), newest first, at most ``limit``."""
    entries = list(
        AuditEntry.objects.filter(object_type="case", object_id=str(case.pk))
        .exclude(action__in=[Action.READ, Action.LIST])
        .order_by("-id")[:limit]
    )
    revisions = {
        r.audit_entry: r
        for r in CaseRevision.objects.filter(case=case, audit_entry__in=[e.pk for e in entries])
    }
    items = []
    for entry in entries:
        revision = revisions.get(entry.pk)
        items.append(
            HistoryItem(
                at=entry.at,
                who=entry.actor_name or "—",
                action=entry.get_action_display(),
                changes=_changes(revision.changes, standard, language) if revision else [],
            )
        )
    return items


def _changes(changes: dict[str, list[Any]], standard: Standard, language: str) -> list[Change]:
    result = []
    for path, (old, new) in changes.items():
        if path.startswith("events."):
            kind = path.split(".", 1)[1]
            try:
                label = standard.event(kind).label.get(language)
            except KeyError:
                label = kind
            result.append(Change(label, _count(old), _count(new)))
        elif standard.has_field(path):
            field_def = standard.field(path)
            result.append(
                Change(
                    field_def.label.get(language),
                    display(standard, field_def, old, language),
                    display(standard, field_def, new, language),
                )
            )
        elif path == "linkage_tokens":
            result.append(Change(_("Linkage token"), "", _("renewed")))
        else:
            result.append(Change(path, str(old or ""), str(new or "")))
    return result


def _count(events: Any) -> str:
    return f"{len(events)} ×" if events else ""
