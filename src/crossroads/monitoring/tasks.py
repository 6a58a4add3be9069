"""Keeping the figures' read model in step with the exchange's releases, in task workers."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.exchange.public import release_changed
from crossroads.monitoring import figuresets, readmodel
from crossroads.tasks.models import TaskRun
from crossroads.tasks.progress import Progress
from crossroads.tasks.queueing import start
from crossroads.tasks.registry import background

FIGURES_TASK = "monitoring.figures"
FIGURES_KEY = FIGURES_TASK
PASSES = 3


# A few seconds that every dashboard waits for: ahead of the minutes-long table
# computations queued before it, so that each year's figures follow its tables at once.
@background(FIGURES_TASK, title=gettext_lazy("Figures of the dashboards"), priority=10)
def rebuild_figures(progress: Progress) -> None:
    """Recompute the figures of every year whose release changed.

    Each pass is one transaction that also records the outcome. A release
    stored while a pass ran (the same work cannot be queued twice) is
    caught by the next pass.
    """
    for attempt in range(PASSES):
        progress.step(_("Computing the figures"), of=PASSES if attempt else 1)
        with transaction.atomic():
            figure_set, years = readmodel.rebuild(say=progress.update)
            settled = not readmodel.freshness(figuresets.figures_of(figure_set)).stale
            if settled or attempt == PASSES - 1:
                done = ", ".join(str(y) for y in years) or _("none changed")
                progress.finish(
                    _("Figures recomputed (%(years)s) in %(s).1f s.")
                    % {"years": done, "s": figure_set.seconds}
                )
                return


def queue_rebuild() -> TaskRun:
    """Queue the rebuild of the figures (or return the one already waiting or running)."""
    return start(rebuild_figures, key=FIGURES_KEY)


def active_rebuild() -> TaskRun | None:
    """The rebuild waiting or running now, if any."""
    return TaskRun.objects.active().filter(key=FIGURES_KEY).first()


@receiver(release_changed, dispatch_uid="monitoring.figures")
def _release_changed(sender: Any, **kwargs: Any) -> None:
    queue_rebuild()
