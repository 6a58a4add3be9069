"""Keeping the calendar: rounds and contributions; each change writes its audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import Organisation, User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.bodies.access import can_contribute, can_keep_calendar
from crossroads.bodies.drafting import Draft
from crossroads.bodies.models import Contribution, DraftFile, Round, Stage
from crossroads.bodies.register import BY_CODE
from crossroads.codebook.personal_data import find_personal_data

ROUND_FIELDS = (
    "body",
    "country",
    "title",
    "opens_on",
    "deadline",
    "event_on",
    "event",
    "stage",
    "lead",
    "notes",
    "source_url",
)


class CalendarError(ValueError):
    """The change cannot be made; ``message`` says why, ``field`` names the field if one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _check_round(values: dict[str, Any]) -> None:
    if values.get("body") not in BY_CODE:
        raise CalendarError(_("Choose a monitoring body of the register."), "body")
    opens, deadline, event = values.get("opens_on"), values.get("deadline"), values.get("event_on")
    if not isinstance(deadline, date):
        raise CalendarError(_("Give the deadline for NGO contributions."), "deadline")
    if opens is not None and opens > deadline:
        raise CalendarError(
            _("The call is published on %(opens)s, after its deadline.") % {"opens": opens},
            "opens_on",
        )
    if values.get("event_on") is not None and not values.get("event"):
        raise CalendarError(_("Say what happens on %(day)s.") % {"day": event}, "event")
    lead = values.get("lead")
    if lead is not None and (
        not isinstance(lead, Organisation) or lead.kind == Organisation.Kind.SECRETARIAT
    ):
        raise CalendarError(_("The lead is a member organisation."), "lead")
    findings = find_personal_data(values.get("notes") or "")
    if findings:
        raise CalendarError(
            _("“%(text)s” looks like personal data: name roles and institutions, not persons.")
            % {"text": findings[0].text},
            "notes",
        )


def create_round(user: User, values: dict[str, Any], *, demo: bool = False) -> Round:
    """Add a round of a body for a country (analysts)."""
    if not can_keep_calendar(user):
        raise CalendarError(_("Only the secretariat's analysts keep the calendar."))
    _check_round(values)
    fields = {name: values.get(name) for name in ROUND_FIELDS}
    for name in ("event", "notes", "source_url"):
        fields[name] = fields[name] or ""
    fields["stage"] = fields["stage"] or Stage.OPEN
    try:
        with transaction.atomic():
            item = Round.objects.create(**fields, demo=demo, updated_by=user)
            record(
                user,
                Action.CREATE,
                object_type="body_round",
                object_id=item.pk,
                summary=f"Added round {item.pk} ({item.body}, {item.country}) to the calendar",
                detail={"deadline": item.deadline.isoformat()},
            )
    except IntegrityError:
        raise CalendarError(
            _("This body already has a round of that name for the country."), "title"
        ) from None
    return item


def update_round(user: User, item: Round, values: dict[str, Any], *, based_on: int) -> Round:
    """Change a round's dates, stage or notes. ``based_on`` is the version the form showed:
    a round changed in between is not overwritten."""
    if not can_keep_calendar(user):
        raise CalendarError(_("Only the secretariat's analysts keep the calendar."))
    _check_round(values)
    fields = {name: values.get(name) for name in ROUND_FIELDS}
    for name in ("event", "notes", "source_url"):
        fields[name] = fields[name] or ""
    with transaction.atomic():
        changed = [n for n in ROUND_FIELDS if getattr(item, n) != fields[n]]
        done = Round.objects.filter(pk=item.pk, version=based_on).update(
            **fields, version=based_on + 1, updated_at=timezone.now(), updated_by=user
        )
        if not done:
            raise CalendarError(
                _("Someone changed this round while you edited it; reload and try again.")
            )
        record(
            user,
            Action.UPDATE,
            object_type="body_round",
            object_id=item.pk,
            summary=f"Changed round {item.pk} of the calendar",
            detail={"fields": changed},
        )
    item.refresh_from_db()
    return item


def delete_round(user: User, item: Round) -> None:
    """Remove a round and its contributions (analysts)."""
    if not can_keep_calendar(user):
        raise CalendarError(_("Only the secretariat's analysts keep the calendar."))
    with transaction.atomic():
        record(
            user,
            Action.DELETE,
            object_type="body_round",
            object_id=item.pk,
            summary=f"Removed round {item.pk} from the calendar",
            detail={"contributions": item.contributions.count()},
        )
        item.delete()


@dataclass(frozen=True)
class ContributionInput:
    kind: str
    summary: str
    made_on: date
    document: Any = None  # a library Document the contributor may read, or None


def add_contribution(
    user: User, item: Round, data: ContributionInput, *, demo: bool = False
) -> Contribution:
    """Record what ``user``'s organisation contributed to a round."""
    if not can_contribute(user) or user.organisation is None:
        raise CalendarError(
            _("Only data officers, administrators and analysts record contributions.")
        )
    if data.kind not in Contribution.Kind.values:
        raise CalendarError(_("Choose the kind of contribution."), "kind")
    if not data.summary.strip():
        raise CalendarError(_("Say what was contributed."), "summary")
    findings = find_personal_data(data.summary)
    if findings:
        raise CalendarError(
            _("“%(text)s” looks like personal data: name roles and institutions, not persons.")
            % {"text": findings[0].text},
            "summary",
        )
    if data.made_on > timezone.localdate():
        raise CalendarError(_("Record a contribution once it is made."), "made_on")
    with transaction.atomic():
        contribution = Contribution.objects.create(
            round=item,
            organisation=user.organisation,
            kind=data.kind,
            summary=data.summary.strip(),
            made_on=data.made_on,
            document=data.document,
            demo=demo,
            recorded_by=user,
        )
        record(
            user,
            Action.CREATE,
            object_type="body_contribution",
            object_id=contribution.pk,
            summary=f"Recorded a contribution to round {item.pk}",
            detail={"kind": data.kind, "document": getattr(data.document, "pk", None)},
        )
    return contribution


def remove_contribution(user: User, contribution: Contribution) -> None:
    """Remove a contribution of the user's own organisation."""
    if not can_contribute(user) or contribution.organisation_id != user.organisation_id:
        raise CalendarError(_("Only the organisation that recorded a contribution removes it."))
    with transaction.atomic():
        record(
            user,
            Action.DELETE,
            object_type="body_contribution",
            object_id=contribution.pk,
            summary=f"Removed a contribution to round {contribution.round_id}",
        )
        contribution.delete()


def store_draft(
    user: User | None, item: Round, draft: Draft, *, html: str, docx: bytes, pdf: bytes
) -> DraftFile:
    """Keep the round's drafted submission in the draft's language (replacing the previous
    one), with its audit entry."""
    with transaction.atomic():
        stored, _created = DraftFile.objects.update_or_create(
            round=item,
            language=draft.language,
            defaults={
                "html": html,
                "docx": docx,
                "pdf": pdf,
                "figures_year": draft.year,
                "contributors": [c.name for c in draft.credits],
                "created_at": timezone.now(),
                "created_by": user,
            },
        )
        record(
            user,
            Action.CREATE,
            object_type="body_draft",
            object_id=stored.pk,
            summary=f"Drafted the submission of round {item.pk} ({draft.language})",
            detail={"contributors": len(draft.credits), "figures_year": draft.year},
        )
    return stored
