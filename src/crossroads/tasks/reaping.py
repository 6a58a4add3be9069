"""Marking failed the runs whose worker died, within a minute, whoever looks.

A worker writes its heartbeat every few seconds (:mod:`crossroads.tasks.workers`).
A running run belongs to a dead worker when that worker

* said it stopped (it exits after its current run, or was interrupted), or
* runs on this machine and its process is gone (checked at once), or
* has not written its heartbeat for :data:`DEAD_AFTER` (another machine).

Every worker reaps every few seconds, and the pages that show a run reap
before they read it, so a run is never shown as running for long after its
worker vanished. Nothing of the dead run was saved: every task writes its
effects in one transaction, which the database rolled back when the
worker's connection dropped.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from crossroads.tasks import registry
from crossroads.tasks.models import Status, TaskRun, Worker

log = logging.getLogger(__name__)

#: A worker of another machine whose heartbeat is older than this is taken for dead.
DEAD_AFTER = timedelta(seconds=40)

WORKER_LOST = _(
    "The worker running this task stopped before it finished; nothing of it was saved. "
    "Start it again."
)


def this_host() -> str:
    return socket.gethostname()


def process_alive(pid: int) -> bool:
    """Whether a process with ``pid`` exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def is_dead(worker: Worker | None, now: datetime | None = None) -> bool:
    """Whether ``worker`` (None: never registered) can no longer finish its run."""
    if worker is None:
        return True
    if worker.stopped_at is not None:
        return True
    if worker.hostname == this_host() and not process_alive(worker.pid):
        return True
    return (now or timezone.now()) - worker.seen_at > DEAD_AFTER


def reap() -> int:
    """Mark failed every running run whose worker is dead; return how many."""
    running = list(TaskRun.objects.filter(status=Status.RUNNING).exclude(worker_id="inline"))
    if not running:
        return 0
    workers = Worker.objects.in_bulk({run.worker_id for run in running})
    now = timezone.now()
    reaped = 0
    for run in running:
        if not is_dead(workers.get(run.worker_id), now):
            continue
        message = str(WORKER_LOST)
        updated = TaskRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
            status=Status.FAILED, finished_at=now, message=message
        )
        if not updated:
            continue
        reaped += 1
        log.warning("task %s (%s) lost its worker %s", run.pk, run.kind, run.worker_id)
        if run.result_id:
            DBTaskResult.objects.filter(id=run.result_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="crossroads.tasks.reaping.WorkerLost",
                traceback=f"worker {run.worker_id} stopped while running this task",
            )
        registry.abandon(run.kind, run.params, message)
    return reaped
