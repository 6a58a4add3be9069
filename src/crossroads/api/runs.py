"""Long work as the API shows it: the state of a task run, as the pages' progress bar polls it."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field

from crossroads.tasks import presenters
from crossroads.tasks.models import TaskRun


class TaskState(Schema):
    """A background task: where it stands, in the caller's language."""

    id: str
    status: str = Field(description="`queued`, `running`, `succeeded`, `failed` or `cancelled`.")
    status_label: str
    active: bool = Field(description="Still waiting or running: poll again.")
    title: str
    step: str
    amount: str = Field(description="Rows or items done of the total, and the time left.")
    percent: float | None
    message: str
    cancellable: bool
    cancel_requested: bool


def task_state(run: TaskRun | None) -> dict[str, Any] | None:
    """The state of ``run`` (None when there is none), without the pages' address."""
    if run is None:
        return None
    state = presenters.state(run)
    state.pop("url", None)
    return state
