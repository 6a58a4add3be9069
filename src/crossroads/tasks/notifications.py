"""Telling the person who started a long task that it ended, when they may have left.

When a run ends after more than :data:`NOTIFY_AFTER`, its starter receives an
e-mail with the task's title and a link to its page (never its parameters or
any data): short runs end while the person watches the progress bar. Apps
add nothing for this; every kind of task gets it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import translation

from crossroads.accounts import mail
from crossroads.accounts.models import User
from crossroads.tasks import registry
from crossroads.tasks.models import FINISHED, Status, TaskRun

#: Runs shorter than this end while their starter watches; they are not e-mailed about.
NOTIFY_AFTER = timedelta(minutes=1)


@dataclass(frozen=True)
class RunEnded:
    """A run that ended: what the notice says."""

    run_id: str
    title: str
    status: Status
    started_at: datetime
    finished_at: datetime
    starter: User

    @property
    def lasted(self) -> timedelta:
        return self.finished_at - self.started_at


def ended(run_id: str) -> RunEnded | None:
    """The run ``run_id`` as a :class:`RunEnded`, if it has ended and has a starter."""
    run = TaskRun.objects.filter(pk=run_id).select_related("created_by").first()
    if run is None or run.status not in FINISHED or run.created_by is None:
        return None
    if run.started_at is None or run.finished_at is None:
        return None
    with translation.override(run.language):
        title = registry.describe(run.kind, run.params)
    return RunEnded(
        str(run.pk), title, Status(run.status), run.started_at, run.finished_at, run.created_by
    )


def notify(event: RunEnded) -> bool:
    """E-mail the starter of a run that lasted more than :data:`NOTIFY_AFTER` (not a
    cancelled one: they stopped it themselves). Returns whether a message was sent."""
    if event.lasted < NOTIFY_AFTER or event.status == Status.CANCELLED:
        return False
    context = {
        "title": event.title,
        "failed": event.status == Status.FAILED,
        "link": mail.absolute(reverse("tasks:run", args=[event.run_id])),
    }
    return mail.notify([event.starter], "task_finished", context) > 0


def run_ended(run_id: str) -> None:
    """Called by the task runner once a run has ended, however it ended."""
    event = ended(run_id)
    if event is not None:
        notify(event)
