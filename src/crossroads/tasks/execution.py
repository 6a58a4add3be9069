"""Running one queued task: claim it, call its function, record how it ended.

:data:`execute` is the only function handed to Django's task queue: its one
argument is a :class:`~crossroads.tasks.models.TaskRun` id. Claiming the run
is one conditional update, so that two workers given the same run (a
redelivery, a retry) never both run it, and a run cancelled while it waited
never starts.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from crossroads.tasks import notifications, registry
from crossroads.tasks.models import Status, TaskRun
from crossroads.tasks.progress import Progress, TaskCancelled

log = logging.getLogger(__name__)


class TaskFailed(Exception):
    """An expected failure, with a message for the person (e.g. "the file is not a workbook")."""


class Host(Protocol):
    """The worker process a task runs in: it flushes the progress from its heartbeat."""

    worker_id: str

    def attach(self, progress: Progress) -> None: ...

    def detach(self, progress: Progress) -> None: ...


_host: Host | None = None


def set_host(host: Host | None) -> None:
    """Called by ``crossroads worker``: runs in this process report through ``host``."""
    global _host
    _host = host


UNEXPECTED = gettext_lazy(
    "The task stopped on an unexpected error; nothing of it was saved. "
    "The error is in the server's log. Start it again, or ask your administrator."
)


@task()
def execute(run_id: str) -> None:
    """Run the task run ``run_id`` if it is still waiting (see the module docstring)."""
    host = _host
    claimed = TaskRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        started_at=timezone.now(),
        worker_id=host.worker_id if host is not None else "inline",
    )
    if not claimed:
        return
    run = TaskRun.objects.get(pk=run_id)
    progress = Progress(run, self_flush=host is None)
    if host is not None:
        host.attach(progress)
    try:
        with translation.override(run.language):
            _call(run, progress)
    finally:
        if host is not None:
            host.detach(progress)
        progress.flush(final=True)
        notifications.run_ended(str(run.pk))


def _call(run: TaskRun, progress: Progress) -> None:
    try:
        background = registry.get(run.kind)
        background(progress, **run.params)
    except TaskCancelled:
        _end(run, Status.CANCELLED, _("Cancelled; nothing of it was saved."))
    except TaskFailed as failure:
        _end(run, Status.FAILED, str(failure))
    except Exception:
        log.exception("task %s (%s) failed", run.pk, run.kind)
        _end(run, Status.FAILED, str(UNEXPECTED))
        registry.abandon(run.kind, run.params, str(UNEXPECTED))
        raise
    else:
        if not progress.finished:
            TaskRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
                status=Status.SUCCEEDED, finished_at=timezone.now()
            )


def _end(run: TaskRun, status: Status, message: str) -> None:
    TaskRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
        status=status, finished_at=timezone.now(), message=message[:1000]
    )
