"""Queueing, running, cancelling and reaping runs, through the queue's public functions.

The test suite's task backend is Django's immediate one: a started run
executes at once. Tests that need a run to wait switch to the database
backend, whose hand-over to a worker happens only when a transaction commits
(never, inside a test).
"""

from __future__ import annotations

import os
import subprocess
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from crossroads.accounts.models import Organisation
from crossroads.tasks import reaping
from crossroads.tasks.execution import execute
from crossroads.tasks.models import Schedule, Status, TaskRun, Worker
from crossroads.tasks.queueing import NotCancellable, cancel, start
from crossroads.tasks.registry import periodic
from crossroads.tasks.tests import sample
from crossroads.tasks.workers import queue_due_periodic_tasks
from crossroads.testing import Personas

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _fresh_samples() -> None:
    sample.CALLS.clear()
    sample.ABANDONED.clear()


def test_a_started_task_runs_and_records_its_progress_and_outcome(personas: Personas) -> None:
    run = start(sample.count, user=personas.analyst, n=7)
    assert run.status == Status.SUCCEEDED
    assert (run.step, run.done, run.total) == ("counting", 7, 7)
    assert run.message == "counted to 7" and run.url == "/somewhere/"
    assert run.started_at is not None and run.finished_at is not None
    assert Organisation.objects.filter(code="counted-7").exists()


def test_starting_the_same_work_while_it_waits_returns_the_waiting_run(
    db: None, settings: Any
) -> None:
    settings.TASKS = DATABASE_QUEUE
    first = start(sample.count, key="count:3", n=3)
    second = start(sample.count, key="count:3", n=3)
    assert first.pk == second.pk and first.status == Status.QUEUED
    assert TaskRun.objects.count() == 1
    other = start(sample.count, key="count:4", n=4)
    assert other.pk != first.pk


def test_a_run_for_newer_data_withdraws_the_waiting_runs_it_replaces_but_not_a_running_one(
    db: None, settings: Any
) -> None:
    settings.TASKS = DATABASE_QUEUE
    running = start(sample.count, key="count:a:1", n=1)
    TaskRun.objects.filter(pk=running.pk).update(status=Status.RUNNING)
    waiting = start(sample.count, key="count:a:2", n=2)
    elsewhere = start(sample.count, key="count:b:2", n=2)
    newest = start(sample.count, key="count:a:3", supersedes="count:a:", n=3)
    states = {r.pk: (r.status, r.message) for r in TaskRun.objects.all()}
    assert states[waiting.pk] == (Status.CANCELLED, "Replaced by a newer run of the same work.")
    assert states[running.pk][0] == Status.RUNNING
    assert states[elsewhere.pk][0] == Status.QUEUED
    assert states[newest.pk][0] == Status.QUEUED
    # The withdrawn run never starts when its delivery arrives.
    execute.call(str(waiting.pk))
    assert sample.CALLS == []


def test_a_run_delivered_twice_runs_once(db: None, settings: Any) -> None:
    settings.TASKS = DATABASE_QUEUE
    run = start(sample.count, n=2)
    execute.call(str(run.pk))
    execute.call(str(run.pk))
    assert sample.CALLS == ["count 2"]
    assert Organisation.objects.filter(code="counted-2").count() == 1


def test_a_run_cancelled_while_it_waits_never_starts(personas: Personas, settings: Any) -> None:
    settings.TASKS = DATABASE_QUEUE
    run = start(sample.count, n=5)
    cancel(run, personas.analyst)
    execute.call(str(run.pk))
    run.refresh_from_db()
    assert run.status == Status.CANCELLED and sample.CALLS == []


def test_a_run_cancelled_while_it_runs_leaves_nothing_of_its_work(personas: Personas) -> None:
    run = start(sample.cancel_midway)
    assert run.status == Status.CANCELLED
    assert "nothing of it was saved" in run.message
    assert not Organisation.objects.filter(code="half-done").exists()


def test_a_finished_run_cannot_be_cancelled(personas: Personas) -> None:
    run = start(sample.count, n=1)
    with pytest.raises(NotCancellable):
        cancel(run, personas.analyst)


def test_an_expected_failure_keeps_its_message_for_the_person(db: None) -> None:
    run = start(sample.refuse)
    assert run.status == Status.FAILED and run.message == "the file is not a workbook"


def test_a_crash_is_recorded_as_a_failure_and_rolls_back_and_tells_the_domain(db: None) -> None:
    run = start(sample.crash)
    assert run.status == Status.FAILED and "unexpected error" in run.message
    assert not Organisation.objects.filter(code="crashed").exists()
    assert len(sample.ABANDONED) == 1


def _running_on(worker: Worker) -> TaskRun:
    return TaskRun.objects.create(
        kind="tests.count", params={"n": 1}, status=Status.RUNNING, worker_id=worker.worker_id
    )


def _dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_a_run_whose_worker_process_is_gone_is_marked_failed_at_once(db: None) -> None:
    worker = Worker.objects.create(
        worker_id="w-dead", hostname=reaping.this_host(), pid=_dead_pid()
    )
    alive = Worker.objects.create(
        worker_id="w-alive", hostname=reaping.this_host(), pid=os.getpid()
    )
    lost, kept = _running_on(worker), _running_on(alive)
    assert reaping.reap() == 1
    lost.refresh_from_db()
    kept.refresh_from_db()
    assert lost.status == Status.FAILED and "stopped before it finished" in lost.message
    assert kept.status == Status.RUNNING
    assert [({"n": 1}, lost.message)] == sample.ABANDONED


def test_a_run_whose_worker_elsewhere_fell_silent_is_marked_failed_within_a_minute(
    db: None,
) -> None:
    quiet = Worker.objects.create(
        worker_id="w-quiet",
        hostname="another-machine",
        pid=1,
        seen_at=timezone.now() - reaping.DEAD_AFTER - timedelta(seconds=1),
    )
    beating = Worker.objects.create(worker_id="w-beating", hostname="another-machine", pid=1)
    lost, kept = _running_on(quiet), _running_on(beating)
    reaping.reap()
    assert TaskRun.objects.get(pk=lost.pk).status == Status.FAILED
    assert TaskRun.objects.get(pk=kept.pk).status == Status.RUNNING
    assert reaping.DEAD_AFTER + timedelta(seconds=5) * 2 <= timedelta(minutes=1)


def test_a_run_whose_worker_said_it_stopped_is_marked_failed(db: None) -> None:
    stopped = Worker.objects.create(
        worker_id="w-stopped", hostname="x", pid=1, stopped_at=timezone.now()
    )
    run = _running_on(stopped)
    reaping.reap()
    assert TaskRun.objects.get(pk=run.pk).status == Status.FAILED


every_hour = periodic("tests.hourly", every=timedelta(hours=1), title="Hourly")(
    lambda progress: sample.CALLS.append("hourly")
)


def test_each_period_of_a_periodic_task_is_queued_once_whoever_asks(db: None) -> None:
    at = 1_000_000 * 3600.0
    queued = [queue_due_periodic_tasks(at), queue_due_periodic_tasks(at + 60)]
    assert "tests.hourly" in queued[0] and "tests.hourly" not in queued[1]
    assert sample.CALLS.count("hourly") == 1
    assert "tests.hourly" in queue_due_periodic_tasks(at + 3600)
    assert Schedule.objects.get(name="tests.hourly").last_slot == 1_000_001
