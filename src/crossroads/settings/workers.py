"""Task workers and web server processes: the task backend and how many of each run."""

from __future__ import annotations

import os

from crossroads.env import env_int, env_str

# Long work (imports, estimates, network tables, reports, publishing) runs in task
# workers (``crossroads worker``, started by ``crossroads serve``) through Django's
# tasks framework; the queue is a table of the same database, so nothing else needs
# to run. A hosted network may move it to a dedicated backend (docs/architecture.md).
TASKS = {
    "default": {"BACKEND": env_str("CROSSROADS_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}
}
# ``crossroads serve``: web server processes and threads, and task workers beside them.
CROSSROADS_WEB_PROCESSES = env_int(
    "CROSSROADS_WEB_PROCESSES", max(2, min(8, (os.cpu_count() or 1) + 1)), minimum=1
)
CROSSROADS_WEB_THREADS = env_int("CROSSROADS_WEB_THREADS", 4, minimum=1)
CROSSROADS_TASK_WORKERS = env_int(
    "CROSSROADS_TASK_WORKERS", max(1, (os.cpu_count() or 1) // 2), minimum=0
)
# Processes that check the rows of a large import in parallel (1: in the server process).
CROSSROADS_IMPORT_PROCESSES = env_int("CROSSROADS_IMPORT_PROCESSES", 2, minimum=1)
