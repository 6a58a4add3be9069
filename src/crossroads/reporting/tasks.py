"""The reporting point's periodic work: deleting closed reports whose time is up."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crossroads.reporting.services.triage import delete_expired
from crossroads.tasks.progress import Progress
from crossroads.tasks.registry import periodic


@periodic(
    "reporting.retention", every=timedelta(hours=6), title=_("Delete closed reports past retention")
)
def delete_expired_reports(progress: Progress) -> None:
    """Delete the closed reports whose retention period has ended."""
    progress.step(str(_("Deleting closed reports past their retention period")))
    count = delete_expired()
    progress.finish(
        ngettext("%(count)d report deleted.", "%(count)d reports deleted.", count)
        % {"count": count}
    )
