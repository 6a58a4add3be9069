"""Changes to the network's MEL; each writes its audit entry.

The log frame (objectives, focus areas, indicators) and the learning notes are
the secretariat's; activities are recorded by the secretariat and by members'
data officers and administrators, each for its own organisation. Free text is
about the work, never about a person: what looks like personal data is refused.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_manage_data, is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.codebook.personal_data import find_personal_data
from crossroads.mel.access import may_change
from crossroads.mel.measures import MEASURES
from crossroads.mel.models import Activity, FocusArea, Indicator, LearningNote, Objective

FIRST_DATE = date(2000, 1, 1)
PlanItem = Objective | FocusArea | Indicator
PLAN_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Objective: ("code", "title", "description"),
    FocusArea: ("objective", "code", "title"),
    Indicator: ("area", "measure", "target", "note"),
}
ACTIVITY_FIELDS = (
    "kind", "title", "started_on", "ended_on", "area", "countries", "participants", "outputs"
)  # fmt: skip
NOTE_FIELDS = ("year", "area", "title", "observed", "learned", "change")


class MelError(ValueError):
    """The change cannot be made as asked; the message says why."""


def _object_type(item: models.Model) -> str:
    return f"mel_{type(item).__name__.lower()}"


def _no_personal_data(*texts: str) -> None:
    for text in texts:
        findings = find_personal_data(text or "")
        if findings:
            raise MelError(
                _(
                    "“%(text)s” looks like personal data: describe roles and institutions, "
                    "not persons."
                )
                % {"text": findings[0].text}
            )


def _secretariat(user: User) -> None:
    if not is_analyst(user):
        raise MelError(_("Only the secretariat changes the plan and writes learning notes."))


def save_plan_item(user: User, item: PlanItem, values: dict[str, Any]) -> PlanItem:
    """Create (``item`` unsaved) or change an objective, focus area or indicator."""
    _secretariat(user)
    fields = PLAN_FIELDS[type(item)]
    if isinstance(item, Indicator) and values["measure"] not in MEASURES:
        raise MelError(_("Choose what the indicator is measured by."))
    creating = item.pk is None
    with transaction.atomic():
        changed = [name for name in fields if getattr(item, name, None) != values[name]]
        for name in fields:
            setattr(item, name, values[name])
        item.updated_at = timezone.now()
        item.save()
        record(
            user,
            Action.CREATE if creating else Action.UPDATE,
            object_type=_object_type(item),
            object_id=item.pk,
            summary=f"{'Added' if creating else 'Changed'} {type(item).__name__} {item}",
            detail={"fields": changed},
        )
    return item


def delete_plan_item(user: User, item: PlanItem) -> None:
    """Remove an objective (with its focus areas and indicators), a focus area (with its
    indicators) or an indicator; activities and notes keep their text."""
    _secretariat(user)
    with transaction.atomic():
        record(
            user,
            Action.DELETE,
            object_type=_object_type(item),
            object_id=item.pk,
            summary=f"Removed {type(item).__name__} {item}",
        )
        item.delete()


def _check_activity(values: dict[str, Any]) -> None:
    started, ended = values["started_on"], values.get("ended_on")
    if not FIRST_DATE <= started <= timezone.localdate() + timedelta(days=366):
        raise MelError(_("The date must be between 2000 and a year from now."))
    if ended is not None and ended < started:
        raise MelError(_("An activity cannot end before it starts."))
    _no_personal_data(values["title"], values.get("outputs", ""))


def record_activity(user: User, values: dict[str, Any]) -> Activity:
    """Record an activity of ``user``'s organisation (the secretariat's, for an analyst)."""
    if not (is_analyst(user) or can_manage_data(user)) or user.organisation is None:
        raise MelError(_("Only data officers, administrators and analysts record activities."))
    _check_activity(values)
    with transaction.atomic():
        activity = Activity.objects.create(
            organisation=user.organisation,
            by_secretariat=is_analyst(user),
            recorded_by=user,
            **{name: values[name] for name in ACTIVITY_FIELDS},
        )
        record(
            user,
            Action.CREATE,
            object_type="mel_activity",
            object_id=activity.pk,
            summary=f"Recorded activity {activity.kind} of {activity.started_on}",
            detail={"kind": activity.kind},
        )
    return activity


def update_activity(user: User, activity: Activity, values: dict[str, Any]) -> Activity:
    """Change an activity ``user`` may change (their organisation's)."""
    if not may_change(user, activity):
        raise MelError(_("Only the organisation that recorded an activity changes it."))
    _check_activity(values)
    with transaction.atomic():
        changed = [n for n in ACTIVITY_FIELDS if getattr(activity, n) != values[n]]
        for name in ACTIVITY_FIELDS:
            setattr(activity, name, values[name])
        activity.updated_at = timezone.now()
        activity.save()
        record(
            user,
            Action.UPDATE,
            object_type="mel_activity",
            object_id=activity.pk,
            summary=f"Changed activity {activity.pk}",
            detail={"fields": changed},
        )
    return activity


def delete_activity(user: User, activity: Activity) -> None:
    """Remove an activity recorded by mistake."""
    if not may_change(user, activity):
        raise MelError(_("Only the organisation that recorded an activity removes it."))
    with transaction.atomic():
        record(
            user,
            Action.DELETE,
            object_type="mel_activity",
            object_id=activity.pk,
            summary=f"Removed activity {activity.pk}",
        )
        activity.delete()


def save_note(user: User, note: LearningNote, values: dict[str, Any]) -> LearningNote:
    """Write (``note`` unsaved) or change a learning note."""
    _secretariat(user)
    _no_personal_data(values["title"], values["observed"], values["learned"], values["change"])
    creating = note.pk is None
    with transaction.atomic():
        for name in NOTE_FIELDS:
            setattr(note, name, values[name])
        if creating:
            note.written_by = user
        note.save()
        record(
            user,
            Action.CREATE if creating else Action.UPDATE,
            object_type="mel_learningnote",
            object_id=note.pk,
            summary=f"{'Wrote' if creating else 'Changed'} learning note {note.pk} of {note.year}",
        )
    return note


def delete_note(user: User, note: LearningNote) -> None:
    """Remove a learning note."""
    _secretariat(user)
    with transaction.atomic():
        record(
            user,
            Action.DELETE,
            object_type="mel_learningnote",
            object_id=note.pk,
            summary=f"Removed learning note {note.pk} of {note.year}",
        )
        note.delete()
