"""The reports' long work, run by task workers: building a draft report, publishing a year.

Both write everything they produce (the draft, or the publication with its
figures) and their audit entry in one transaction at their last step, so a
run that fails, is cancelled or whose worker dies leaves nothing behind.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.accounts.models import User
from crossroads.reports import services
from crossroads.reports.builder import ReportError
from crossroads.reports.models import Method
from crossroads.tasks.execution import TaskFailed
from crossroads.tasks.models import TaskRun
from crossroads.tasks.progress import Progress
from crossroads.tasks.queueing import start
from crossroads.tasks.registry import background

DRAFT_TASK = "reports.draft"
PUBLISH_TASK = "reports.publish"


def _user(user_id: int | None) -> User | None:
    return User.objects.filter(pk=user_id).first() if user_id is not None else None


@background(DRAFT_TASK, title=gettext_lazy("Draft report of %(year)s"), cancellable=True)
def build_draft_task(
    progress: Progress, year: int, report_language: str, user_id: int | None = None
) -> None:
    """Build the year's report from the latest accepted data and keep it as its draft."""
    try:
        services.build_draft(_user(user_id), year, report_language, progress)
    except ReportError as error:
        raise TaskFailed(str(error)) from None


@background(
    PUBLISH_TASK, title=gettext_lazy("Publishing the figures and report of %(year)s"),
    cancellable=True,
)  # fmt: skip
def publish_task(
    progress: Progress,
    year: int,
    report_language: str,
    user_id: int,
    confirm_incomplete: bool,
    method: str = Method.SUPPRESSION,
    epsilon: float | None = None,
) -> None:
    """Publish the year's figures and report (see :func:`services.publish_year`)."""
    user = _user(user_id)
    if user is None:
        raise TaskFailed(_("The person who asked to publish no longer exists."))
    try:
        services.publish_year(
            user, year, report_language, confirm_incomplete=confirm_incomplete,
            progress=progress, method=method, epsilon=epsilon,
        )  # fmt: skip
    except ReportError as error:
        raise TaskFailed(str(error)) from None


def draft_key(year: int, language: str) -> str:
    """Names the work of building ``year``'s draft in ``language``: one run at a time."""
    return f"{DRAFT_TASK}:{year}:{language}"


def build_draft(user: User | None, year: int, language: str) -> TaskRun:
    """Queue the building of ``year``'s draft report in ``language`` (once at a time)."""
    return start(
        build_draft_task, user=user, key=draft_key(year, language), language=language,
        year=year, report_language=language, user_id=user.pk if user else None,
    )  # fmt: skip


def publish(
    user: User,
    year: int,
    language: str,
    *,
    confirm_incomplete: bool,
    method: str = Method.SUPPRESSION,
    epsilon: float | None = None,
) -> TaskRun:
    """Queue the publication of ``year`` (one publication of a year at a time), with
    suppressed or differentially private counts (``method``, ``epsilon``)."""
    return start(
        publish_task, user=user, key=f"{PUBLISH_TASK}:{year}", language=language,
        year=year, report_language=language, user_id=user.pk,
        confirm_incomplete=confirm_incomplete, method=str(method), epsilon=epsilon,
    )  # fmt: skip


def active_runs() -> list[TaskRun]:
    """The report runs waiting or running now, oldest first."""
    return list(
        TaskRun.objects.active().filter(kind__in=[DRAFT_TASK, PUBLISH_TASK]).order_by("created_at")
    )
