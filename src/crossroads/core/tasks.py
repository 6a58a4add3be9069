"""The cross-cutting machinery's periodic work: forgetting expired rate-limit counters."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from crossroads.core.throttle import purge_expired
from crossroads.tasks.progress import Progress
from crossroads.tasks.registry import periodic


@periodic("core.throttle_purge", every=timedelta(hours=1), title=_("Forget expired rate limits"))
def forget_expired_limits(progress: Progress) -> None:
    """Delete the counters whose window has ended, so no trace of an address outlives it."""
    progress.step(str(_("Forgetting expired rate limits")))
    progress.finish(str(_("%(count)d expired counters deleted.") % {"count": purge_expired()}))
