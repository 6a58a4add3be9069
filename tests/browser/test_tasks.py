"""A page following a background task: the bar moves with the worker, then the outcome shows."""

from __future__ import annotations

import os
from typing import Any

from django.utils import timezone

from crossroads.tasks import reaping
from crossroads.tasks.models import Status, TaskRun, Worker
from crossroads.testing import Personas
from tests.browser.conftest import sign_in


def test_the_task_page_follows_the_progress_then_shows_the_result(
    page: Any, personas: Personas
) -> None:
    sign_in(page, personas.analyst.username)
    # A worker of this machine that lives (this very process), running the network tables.
    # It beats with each report, as a worker does: on a slow machine a run whose heartbeat
    # is older than reaping.DEAD_AFTER would be taken for a dead one.
    workers = Worker.objects.filter(worker_id="w-1")
    Worker.objects.create(worker_id="w-1", hostname=reaping.this_host(), pid=os.getpid())
    run = TaskRun.objects.create(
        kind="exchange.release",
        params={"year": 2024, "by_country": True},
        status=Status.RUNNING,
        worker_id="w-1",
        step="Summing and protecting the tables",
        step_number=1,
        steps=2,
        step_started_at=timezone.now(),
        done=10,
        total=40,
        progress_at=timezone.now(),
    )
    page.goto(f"{page.base_url}/tasks/{run.pk}/")
    page.wait_for_selector("text=Network tables of 2024")
    assert page.inner_text("[data-task-step]") == "Step 1 of 2: Summing and protecting the tables"
    assert page.eval_on_selector("[data-task-bar]", "bar => bar.value") == 25
    # The worker reports more progress: the bar follows without reloading the page.
    TaskRun.objects.filter(pk=run.pk).update(done=30, step="Protecting", step_number=2)
    workers.update(seen_at=timezone.now())
    # The page redraws the step and the bar together (a function to wait on would need the
    # eval that the pages' Content-Security-Policy forbids).
    page.wait_for_selector("[data-task-step]:has-text('Step 2 of 2: Protecting')")
    assert page.eval_on_selector("[data-task-bar]", "bar => bar.value") == 75
    # The run ends: the page reloads itself and shows its outcome.
    with page.expect_navigation(wait_until="load"):
        TaskRun.objects.filter(pk=run.pk).update(
            status=Status.SUCCEEDED, message="Network tables of 2024 computed in 31 s.", url="/"
        )
    assert page.is_visible(".callout--ok >> text=computed in 31 s")
    assert page.is_visible(".callout--ok >> text=See the result")
