"""``crossroads worker``: run queued long work (imports, estimates, tables, reports).

Start as many as the machine's cores allow, on this machine or on others that
share the database; ``crossroads serve`` starts one (or
``CROSSROADS_TASK_WORKERS``) beside the web server.
"""

from __future__ import annotations

import logging
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from crossroads.tasks.workers import run_worker


class Command(BaseCommand):
    help = "Run queued background tasks until stopped (Ctrl+C finishes the current task first)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queues", default="*", help="Comma-separated queue names to take tasks from."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue."
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run every waiting task, then stop."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verbosity"] > 0:
            logging.getLogger("crossroads.tasks").setLevel(logging.INFO)
        run_worker(queues=options["queues"], interval=options["interval"], batch=options["batch"])
