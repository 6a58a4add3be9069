"""Small tasks for the tests of the task machinery (registered when a test imports this)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from crossroads.accounts.models import Organisation
from crossroads.tasks.execution import TaskFailed
from crossroads.tasks.progress import Progress
from crossroads.tasks.registry import background

CALLS: list[str] = []
ABANDONED: list[tuple[Mapping[str, Any], str]] = []


def _abandoned(params: Mapping[str, Any], message: str) -> None:
    ABANDONED.append((params, message))


@background("tests.count", title="Counting to %(n)s", on_abandon=_abandoned)
def count(progress: Progress, n: int) -> None:
    """Counts to ``n`` in one step, then creates an organisation named after ``n``."""
    CALLS.append(f"count {n}")
    progress.step("counting", n)
    for _i in range(n):
        progress.advance()
    with transaction.atomic():
        Organisation.objects.create(code=f"counted-{n}", name=f"Counted {n}", country="NLD")
        progress.finish(f"counted to {n}", url="/somewhere/")


@background("tests.cancel_midway", title="Cancelled midway", cancellable=True)
def cancel_midway(progress: Progress) -> None:
    """Writes an organisation, then meets a cancellation inside the same transaction."""
    with transaction.atomic():
        Organisation.objects.create(code="half-done", name="Half done", country="NLD")
        progress.request_cancel()  # as if the person had clicked "Cancel"
        progress.check_cancelled()


@background("tests.refuse", title="Refusing")
def refuse(progress: Progress) -> None:
    raise TaskFailed("the file is not a workbook")


@background("tests.crash", title="Crashing", on_abandon=_abandoned)
def crash(progress: Progress) -> None:
    with transaction.atomic():
        Organisation.objects.create(code="crashed", name="Crashed", country="NLD")
        raise RuntimeError("a bug")
