"""Retention and erasure: an organisation's schedule, what is due, and the purge.

A closed record (case status "closed" or "closed and referred") is due for
erasure when its last event is older than the schedule's number of years. Its
last event is the later of its last change and the latest date it records
(first contact, any dated event), so that entering an old event late never
shortens how long a record is kept. The purge runs in a task worker, erases
each record through the same service as the record page (each erasure
audited), and keeps an :class:`~crossroads.safety.models.Erasure` with the
count: never a value, never a client code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.accounts.models import Organisation, User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.cases.models import Case
from crossroads.cases.services import delete_case
from crossroads.safety.models import Erasure, RetentionSchedule
from crossroads.tasks.models import TaskRun
from crossroads.tasks.progress import Progress
from crossroads.tasks.queueing import start
from crossroads.tasks.registry import background

CLOSED = ("closed", "closed_referred")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_YEARS = 100


class RetentionError(ValueError):
    """A schedule that cannot be set; the message says why."""


def set_schedule(user: User, years: int) -> RetentionSchedule:
    """Keep closed records ``years`` years after their last event. Audited."""
    if not 1 <= years <= MAX_YEARS:
        raise RetentionError(_("Choose between 1 and 100 years."))
    assert user.organisation is not None
    with transaction.atomic():
        schedule, _created = RetentionSchedule.objects.update_or_create(
            organisation=user.organisation,
            defaults={
                "closed_after_years": years,
                "updated_by": user,
                "updated_at": timezone.now(),
            },
        )
        record(
            user,
            Action.UPDATE,
            object_type="retention",
            object_id=schedule.pk,
            summary=f"Set closed records to be erased {years} years after their last event",
        )
    return schedule


def cutoff(schedule: RetentionSchedule, today: date | None = None) -> date:
    """Records whose last event is before this day are due."""
    day = today or timezone.localdate()
    try:
        return day.replace(year=day.year - schedule.closed_after_years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - schedule.closed_after_years, day=28)


def last_event(document: dict[str, object], changed: date) -> date:
    """The latest of the record's last change and every date it records."""
    latest = changed
    for value in _values(document):
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                latest = max(latest, date.fromisoformat(value))
            except ValueError:
                continue
    return latest


def _values(value: object) -> Iterator[object]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _values(item)
    else:
        yield value


@dataclass(frozen=True)
class Due:
    """A record due for erasure (shown to the organisation's administrator only)."""

    case_id: int
    client_code: str
    last_event: date


def due(organisation: Organisation, today: date | None = None) -> list[Due]:
    """The organisation's closed records due for erasure under its schedule, oldest first."""
    schedule = RetentionSchedule.objects.filter(organisation=organisation).first()
    if schedule is None:
        return []
    before = cutoff(schedule, today)
    candidates = Case.objects.filter(
        organisation=organisation, status__in=CLOSED, updated_at__date__lt=before
    ).values_list("id", "client_code", "data", "updated_at")
    found = []
    for case_id, code, document, updated in candidates:
        last = last_event(document, timezone.localtime(updated).date())
        if last < before:
            found.append(Due(case_id, code, last))
    return sorted(found, key=lambda item: (item.last_event, item.client_code))


def start_purge(user: User) -> TaskRun:
    """Queue the purge of the organisation's due records (one at a time per organisation)."""
    assert user.organisation is not None
    return start(
        purge,
        user=user,
        organisation=user.organisation,
        key=f"safety.purge:{user.organisation.pk}",
        user_id=user.pk,
    )


@background(
    "safety.purge", title=gettext_lazy("Erase the records due under the retention schedule")
)
def purge(progress: Progress, user_id: int) -> None:
    """Erase every record due, in one transaction; keep the count."""
    user = User.objects.select_related("organisation").get(pk=user_id)
    organisation = user.organisation
    assert organisation is not None
    schedule = RetentionSchedule.objects.get(organisation=organisation)
    records = due(organisation)
    progress.step(_("Erasing records"), len(records))
    with transaction.atomic():
        for item in records:
            case = Case.objects.filter(pk=item.case_id, organisation=organisation).first()
            if case is not None:
                delete_case(user, case)
            progress.advance()
        erasure = Erasure.objects.create(
            organisation=organisation,
            by=user,
            cutoff=cutoff(schedule),
            records=len(records),
            rule=f"closed records, {schedule.closed_after_years} years after their last event",
        )
        record(
            user,
            Action.DELETE,
            object_type="erasure",
            object_id=erasure.pk,
            summary=f"Purged {len(records)} records under the retention schedule",
        )
        message = _("%(count)d records erased.") % {"count": len(records)}
        progress.finish(message, url="/safety/retention/")
