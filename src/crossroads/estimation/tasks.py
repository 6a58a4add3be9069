"""Hidden-victim estimation's long work, run by task workers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy

from crossroads.estimation import runner
from crossroads.tasks.progress import Progress
from crossroads.tasks.registry import background


def _abandoned(params: Mapping[str, Any], message: str) -> None:
    """The worker died while the estimate ran: say so on the estimate."""
    runner.fail(int(params["estimate_id"]), message)


@background(
    "estimation.run",
    title=gettext_lazy("Hidden-victim estimate for %(country)s %(year)s"),
    cancellable=True,
    on_abandon=_abandoned,
)
def run_estimate(progress: Progress, estimate_id: int, country: str, year: int) -> None:
    """Fit the estimate's stored specification to its stored overlap table."""
    runner.run(estimate_id, progress)
