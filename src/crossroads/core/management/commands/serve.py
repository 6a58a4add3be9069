"""``crossroads serve``: the web server's processes and the task workers, together.

See :mod:`crossroads.core.serving`. ``CROSSROADS_WEB_PROCESSES``,
``CROSSROADS_WEB_THREADS`` and ``CROSSROADS_TASK_WORKERS`` set how many of
each run; the defaults suit the machine's cores.
"""

from __future__ import annotations

import os
import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from crossroads.core.serving import (
    Child,
    PortTaken,
    Supervisor,
    check_port,
    web_server_command,
    worker_command,
)


def port_taken_message(port: int) -> str:
    return (
        f"Port {port} is already in use (is Crossroads already running?). Stop the program "
        f"that uses it, or choose another port: `make demo PORT={port + 1}` or "
        f"`crossroads serve --port {port + 1}`."
    )


class Command(BaseCommand):
    help = "Serve Crossroads: the web server's processes and the background task workers."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--processes", type=int, default=settings.CROSSROADS_WEB_PROCESSES,
            help="Web server processes (CROSSROADS_WEB_PROCESSES).",
        )  # fmt: skip
        parser.add_argument(
            "--threads", type=int, default=settings.CROSSROADS_WEB_THREADS,
            help="Threads per web server process (CROSSROADS_WEB_THREADS).",
        )  # fmt: skip
        parser.add_argument(
            "--task-workers", type=int, default=settings.CROSSROADS_TASK_WORKERS,
            help="Background task workers (CROSSROADS_TASK_WORKERS; 0: run them elsewhere).",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        try:
            check_port(host, port)
        except PortTaken:
            raise CommandError(port_taken_message(port)) from None
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "crossroads.settings"}
        if settings.CROSSROADS_DEMO:
            env["CROSSROADS_DEMO"] = "true"
        web = Child(
            "web server",
            web_server_command(
                host, port, options["processes"], options["threads"],
                settings.CROSSROADS_REQUEST_MAX_MEGABYTES * 1024 * 1024,
            ),
        )  # fmt: skip
        workers = [
            Child(f"task worker {n + 1}", worker_command()) for n in range(options["task_workers"])
        ]
        self.stdout.write(
            self.style.SUCCESS(f"Crossroads is at http://{host}:{port} (Ctrl+C to stop)")
        )
        self.stdout.write(
            f"  {options['processes']} web server processes × {options['threads']} threads, "
            f"{len(workers)} background task worker(s)"
        )
        self.stdout.flush()
        code = Supervisor(web, workers, env, sys.stdout).run()
        if code:
            raise CommandError("The web server stopped unexpectedly; its messages are above.")
