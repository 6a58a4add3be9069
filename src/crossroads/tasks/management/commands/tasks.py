"""``crossroads tasks``: list background tasks, follow one, or cancel one."""

from __future__ import annotations

import uuid
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from crossroads.tasks import presenters, reaping
from crossroads.tasks.commandline import StepBars, follow
from crossroads.tasks.models import TaskRun, Worker
from crossroads.tasks.queueing import NotCancellable, cancel


class Command(BaseCommand):
    help = "List background tasks and workers, follow a task's progress, or cancel a task."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="The latest tasks and the live workers.")
        listing.add_argument("--limit", type=int, default=20)
        for name, text in (("follow", "Show a task's progress until it ends."),
                           ("cancel", "Cancel a waiting or running task.")):  # fmt: skip
            action = sub.add_parser(name, help=text)
            action.add_argument("run_id", help="The task's id (as `crossroads tasks list` shows).")

    def handle(self, *args: Any, **options: Any) -> None:
        reaping.reap()
        if options["action"] == "list":
            self._list(options["limit"])
            return
        run = (
            TaskRun.objects.filter(pk=options["run_id"]).first()
            if _is_uuid(options["run_id"])
            else None
        )
        if run is None:
            raise CommandError(f"No task has the id {options['run_id']}.")
        if options["action"] == "follow":
            run = follow(run, StepBars(self.stdout))
        else:
            try:
                cancel(run, None)
            except NotCancellable:
                raise CommandError(_("This task can no longer be cancelled.")) from None
            run.refresh_from_db()
        self.stdout.write(f"{presenters.title(run)}: {run.get_status_display()} {run.message}")

    def _list(self, limit: int) -> None:
        for run in TaskRun.objects.all()[:limit]:
            when = run.created_at.isoformat(timespec="seconds")
            self.stdout.write(
                f"{run.pk}  {when}  {run.status:<9}  {presenters.title(run)}"
                + (f"  [{presenters.step_text(run)}]" if run.is_active else "")
            )
        live = [w for w in Worker.objects.filter(stopped_at__isnull=True) if not reaping.is_dead(w)]
        self.stdout.write(f"{len(live)} worker(s) alive: " + ", ".join(w.worker_id for w in live))


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
