"""Running Crossroads: several web server processes and the task workers, supervised.

``crossroads serve`` starts, as child processes:

* the web server: gunicorn with ``CROSSROADS_WEB_PROCESSES`` processes of
  ``CROSSROADS_WEB_THREADS`` threads each (where gunicorn cannot run, on
  Windows, waitress with as many threads);
* ``CROSSROADS_TASK_WORKERS`` task workers (``crossroads worker``).

It restarts a task worker that dies (its run is marked failed by the others,
or by the restarted worker itself, within a minute), stops everything when
the web server stops, and passes Ctrl+C or SIGTERM on so that workers finish
their current task. Nothing here is needed to run Crossroads under another
process manager: run the web server and ``crossroads worker`` as its services.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.util import find_spec
from typing import TextIO

#: Seconds a task worker must have lived for its death to be restarted at once.
RESTART_BACKOFF = 5.0


class PortTaken(Exception):
    """The address to listen on is in use (another Crossroads, or another program)."""


def check_port(host: str, port: int) -> None:
    """Raise :class:`PortTaken` if nothing may listen on ``host:port``."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                raise PortTaken(port) from None
            raise


def web_server_command(
    host: str, port: int, processes: int, threads: int, max_body_bytes: int
) -> list[str]:
    """The command line of the web server child: gunicorn, or waitress where gunicorn
    cannot run."""
    if os.name == "posix" and find_spec("gunicorn") is not None:
        return [
            sys.executable, "-m", "gunicorn", "crossroads.wsgi:application",
            f"--bind={host}:{port}",
            f"--workers={processes}",
            f"--threads={threads}",
            "--worker-class=gthread",
            # Load the application once, before the port opens: the processes forked from it
            # answer at once, instead of a restart's first requests waiting seconds for each
            # process to import it (the application opens no connection while loading).
            "--preload",
            # The application writes its own request log, without addresses or query values.
            "--log-level=warning",
            "--graceful-timeout=20",
            # Longer than the pauses between a person's clicks, so that a browser (or a proxy)
            # does not send a request on a connection the server is closing.
            "--keep-alive=75",
            # Imports of large spreadsheets stream their upload; give them time.
            "--timeout=300",
            f"--limit-request-line={8190}",
        ]  # fmt: skip
    return [
        sys.executable, "-m", "waitress", f"--host={host}", f"--port={port}",
        f"--threads={processes * threads}", "--ident=crossroads", "--no-expose-tracebacks",
        f"--max-request-body-size={max_body_bytes}", "crossroads.wsgi:application",
    ]  # fmt: skip


def worker_command() -> list[str]:
    return [sys.executable, "-m", "crossroads", "worker", "--verbosity=0"]


@dataclass
class Child:
    """A supervised child process."""

    name: str
    command: Sequence[str]
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0

    def start(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(self.command, env=env)  # noqa: S603 - our own commands
        self.started = time.monotonic()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Supervisor:
    """Starts the children, restarts dead task workers, stops them all together."""

    web: Child
    workers: list[Child]
    env: dict[str, str]
    out: TextIO
    stopping: bool = field(default=False)

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for child in (self.web, *self.workers):
            child.start(self.env)
        try:
            while not self.stopping:
                if not self.web.alive:
                    self.out.write("The web server stopped; stopping the task workers.\n")
                    break
                for worker in self.workers:
                    if not worker.alive and not self.stopping:
                        if time.monotonic() - worker.started < RESTART_BACKOFF:
                            time.sleep(RESTART_BACKOFF)
                        self.out.write(f"{worker.name} stopped; starting it again.\n")
                        worker.start(self.env)
                time.sleep(0.5)
        finally:
            self._terminate()
        code = self.web.process.returncode if self.web.process is not None else 0
        return 0 if self.stopping else (code or 1)

    def _stop(self, signum: int, frame: object) -> None:
        self.stopping = True

    def _terminate(self) -> None:
        running = [
            c.process
            for c in (self.web, *self.workers)
            if c.process is not None and c.process.poll() is None
        ]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 30
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
