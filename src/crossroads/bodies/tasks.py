"""Periodic work of the calendar: reminders of deadlines."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crossroads.bodies.reminders import send_due
from crossroads.tasks.progress import Progress
from crossroads.tasks.registry import periodic


# Several times a day, so a reminder goes out on its day even when workers were down
# for a while; each is recorded once, so running often sends nothing twice.
@periodic("bodies.remind", every=timedelta(hours=4), title=_("Remind of monitoring-body deadlines"))
def remind(progress: Progress) -> None:
    """Send the reminders due today (see :mod:`crossroads.bodies.reminders`)."""
    progress.step(str(_("Checking the deadlines of the calendar")))
    count = send_due(timezone.localdate())
    progress.finish(
        ngettext("%(count)d deadline reminded of.", "%(count)d deadlines reminded of.", count)
        % {"count": count}
    )
