"""The audit log's periodic work: sealing, checking, and sending checkpoints to a witness."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.audit.sealing import seal
from crossroads.audit.verification import verify_and_record
from crossroads.audit.witness import send_to_witnesses
from crossroads.tasks.progress import Progress
from crossroads.tasks.registry import periodic


@periodic("audit.seal", every=timedelta(minutes=1), title=gettext_lazy("Seal the audit log"))
def seal_log(progress: Progress) -> None:
    """Chain the entries written since the last run and sign a checkpoint."""
    progress.step(_("Sealing the audit log"))
    sealed = seal()
    progress.finish(_("%(count)d entries sealed.") % {"count": sealed.entries})


@periodic("audit.verify", every=timedelta(days=1), title=gettext_lazy("Check the audit log"))
def verify_log(progress: Progress) -> None:
    """Check the whole log against its signed checkpoints; the outcome is kept."""
    progress.step(_("Checking the audit log"))
    report = verify_and_record()
    if report.intact:
        progress.finish(
            _("The audit log is intact (%(count)d entries).") % {"count": report.entries}
        )
    else:
        progress.finish(
            _("The audit log has been altered: %(problems)d problems.")
            % {"problems": len(report.breaks)}
        )


@periodic("audit.witness", every=timedelta(days=1), title=gettext_lazy("Send the audit checkpoint"))
def witness_log(progress: Progress) -> None:
    """Send the latest signed checkpoint to the configured witnesses."""
    progress.step(_("Sending the latest checkpoint to the witnesses"))
    sent = send_to_witnesses()
    progress.finish(_("Sent to %(count)d witnesses.") % {"count": sent})
