"""The data exchange's long work, run by task workers."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.accounts.models import User
from crossroads.exchange.services.aggregation import compute_release
from crossroads.tasks.progress import Progress
from crossroads.tasks.registry import background


@background("exchange.release", title=gettext_lazy("Network tables of %(year)s"))
def compute_release_task(
    progress: Progress, year: int, by_country: bool, user_id: int | None = None
) -> None:
    """Sum and protect the accepted submissions of ``year`` (by country too when asked)."""
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    progress.step(_("Summing and protecting the tables"))
    release = compute_release(user, year, by_country=by_country, progress=progress.step)
    progress.finish(
        _("Network tables of %(year)s computed in %(s).0f s.")
        % {"year": year, "s": release.seconds}
    )


def release_key(year: int) -> str:
    """Identifies the work of computing ``year``'s release (one at a time)."""
    return f"exchange.release:{year}"
