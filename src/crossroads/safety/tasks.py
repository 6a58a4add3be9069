"""The safety app's long work: the retention purge and backups started from a page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.accounts.models import User
from crossroads.safety.backups import check_backup, create_backup
from crossroads.safety.retention import purge
from crossroads.tasks.progress import Progress
from crossroads.tasks.registry import background

__all__ = ["back_up", "purge"]


@background("safety.backup", title=gettext_lazy("Back up the instance"))
def back_up(progress: Progress, user_id: int) -> None:
    """Back up the instance, then check the archive at once (decrypt and read it back)."""
    user = User.objects.filter(pk=user_id).first()
    progress.step(_("Writing the encrypted backup"), of=2)
    backup = create_backup(by=user)
    progress.step(_("Checking the backup"), of=2)
    check_backup(backup.path_object())
    progress.finish(_("Backup written and checked."), url="/safety/backups/")
