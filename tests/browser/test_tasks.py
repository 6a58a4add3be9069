"""A page following a background task: the bar moves with the worker, then the outcome shows."""

from __future__ import annotations

import os
import time
from typing import Any

from django.utils import timezone

from crossroads.tasks import reaping
from crossroads.tasks.models import Status, TaskRun, Worker
from crossroads.testing import Personas
from tests.browser.conftest import sign_in


def test_the_task_page_follows_the_progress_then_shows_the_result(
    page: Any, personas: Personas
) -> None:
    # A worker of this machine that lives (this very process), running the network tables.
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
    sign_in(page, personas.analyst.username)
    page.goto(f"{page.base_url}/tasks/{run.pk}/")
    page.wait_for_selector("text=Network tables of 2024")
    assert page.inner_text("[data-task-step]") == "Step 1 of 2: Summing and protecting the tables"
    assert page.eval_on_selector("[data-task-bar]", "bar => bar.value") == 25
    # The worker reports more progress: the bar follows without reloading the page.
    TaskRun.objects.filter(pk=run.pk).update(done=30, step="Protecting", step_number=2)
    deadline = time.monotonic() + 10
    while page.eval_on_selector("[data-task-bar]", "bar => bar.value") != 75:
        assert time.monotonic() < deadline, "the bar did not follow the progress"
        page.wait_for_timeout(200)
    assert "Step 2 of 2: Protecting" in page.inner_text("[data-task-step]")
    # The run ends: the page shows its outcome.
    TaskRun.objects.filter(pk=run.pk).update(
        status=Status.SUCCEEDED, message="Network tables of 2024 computed in 31 s.", url="/"
    )
    page.wait_for_selector(".callout--ok >> text=computed in 31 s", timeout=10000)
    assert page.is_visible("text=See the result")
