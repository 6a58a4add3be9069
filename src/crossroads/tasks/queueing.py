"""Starting and cancelling long work (imports, estimates, network tables, reports...).

:func:`start` records a :class:`~crossroads.tasks.models.TaskRun` and hands it
to Django's task queue once the caller's transaction commits, so a worker
never sees a run whose domain object (an import job, an estimate) is not
saved yet. With the queue's immediate backend (the test suite), the run
executes at once, inside the caller's request.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend

from crossroads.accounts.models import Organisation, User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.tasks.execution import execute
from crossroads.tasks.models import Status, TaskRun
from crossroads.tasks.registry import BackgroundTask, UnknownTask, get


class NotCancellable(ValueError):
    """The run has finished, or stopping it now could leave partial work."""


def start(
    background: BackgroundTask,
    *,
    user: User | None = None,
    organisation: Organisation | None = None,
    key: str = "",
    supersedes: str = "",
    language: str | None = None,
    **params: Any,
) -> TaskRun:
    """Queue a run of ``background`` with ``params`` (plain JSON values).

    ``key`` names the work (say ``"exchange.release:2024"``): while a run with
    the same key waits or runs, starting again returns that run instead of
    queueing the same work twice. ``supersedes`` is a key prefix: runs whose
    key starts with it and that still wait are withdrawn (cancelled, saying
    why), because the new run does their work on newer data; a run already
    under way is left to finish. ``organisation`` is the member whose data
    the run works on (None: the network's work); it decides who may follow it.
    """
    try:
        with transaction.atomic():
            if key:
                existing = TaskRun.objects.active().filter(key=key).first()
                if existing is not None:
                    return existing
            if supersedes:
                _withdraw_superseded(supersedes, key)
            run = TaskRun.objects.create(
                kind=background.name,
                params=params,
                key=key,
                organisation=organisation,
                created_by=user,
                language=language or translation.get_language() or "en",
            )
    except IntegrityError:
        # Another request queued the same work between the look-up and the insert.
        return TaskRun.objects.active().get(key=key)
    queued = execute.using(priority=background.priority)
    if isinstance(task_backends[queued.backend], ImmediateBackend):
        queued.enqueue(str(run.pk))
        run.refresh_from_db()
    else:

        def hand_over() -> None:
            result = queued.enqueue(str(run.pk))
            TaskRun.objects.filter(pk=run.pk).update(result_id=str(result.id))

        transaction.on_commit(hand_over)
    return run


def _withdraw_superseded(prefix: str, key: str) -> None:
    """Cancel the waiting runs whose key starts with ``prefix`` (but is not ``key``)."""
    waiting = TaskRun.objects.filter(status=Status.QUEUED, key__startswith=prefix).exclude(key=key)
    for run in waiting.only("pk", "language"):
        with translation.override(run.language):
            message = gettext("Replaced by a newer run of the same work.")
        TaskRun.objects.filter(pk=run.pk, status=Status.QUEUED).update(
            status=Status.CANCELLED,
            finished_at=timezone.now(),
            cancel_requested=True,
            message=message,
        )


def cancel(run: TaskRun, user: User | None) -> None:
    """Stop ``run``: at once if it is still waiting, at its next safe point if it runs.

    A run of a task not declared cancellable may only be withdrawn while it waits.
    """
    cancellable = is_cancellable(run)
    if run.status == Status.QUEUED:
        TaskRun.objects.filter(pk=run.pk, status=Status.QUEUED).update(
            status=Status.CANCELLED, finished_at=timezone.now(), cancel_requested=True
        )
    elif run.status == Status.RUNNING and cancellable:
        TaskRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(cancel_requested=True)
    else:
        raise NotCancellable(run.pk)
    record(
        user,
        Action.UPDATE,
        object_type="task",
        object_id=str(run.pk),
        summary=f"Asked to cancel the task {run.kind}",
    )


def is_cancellable(run: TaskRun) -> bool:
    """Whether the person may stop ``run`` now."""
    if run.status == Status.QUEUED:
        return True
    try:
        return run.status == Status.RUNNING and get(run.kind).cancellable
    except UnknownTask:
        return False
