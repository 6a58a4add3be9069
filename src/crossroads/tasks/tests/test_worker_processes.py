"""Real ``crossroads worker`` processes on a real database: killed, raced, redelivered.

Each test module run builds its own database (a SQLite file, or a fresh
PostgreSQL database when the suite runs against PostgreSQL), migrates it
with ``crossroads migrate``, and drives it only through the command line:
``crossroads shell -c`` to queue work the way the pages do, ``crossroads
worker`` to run it, ``crossroads tasks`` to look at it. The test reads the
outcome straight from the database.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@dataclass
class Instance:
    """A throw-away Crossroads instance: its environment and a way to query its database."""

    env: dict[str, str]
    query: Callable[[str], list[tuple[Any, ...]]]
    folder: Path

    def command(self, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "crossroads", *args],
            env=self.env, capture_output=True, text=True, check=True, timeout=120, **kwargs,
        )  # fmt: skip

    def python(self, code: str) -> str:
        """Run ``code`` inside the instance (``crossroads shell -c``) and return its output."""
        return self.command("shell", "-c", textwrap.dedent(code)).stdout

    def worker(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "crossroads", "worker", "--interval=0.2"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def one(self, sql: str) -> Any:
        rows = self.query(sql)
        return rows[0][0] if rows else None


def _sqlite_instance(folder: Path) -> Iterator[Instance]:
    database = folder / "crossroads.sqlite3"
    env = {**os.environ, "CROSSROADS_DATA_DIR": str(folder), "CROSSROADS_ENV": "local"}
    env.pop("DATABASE_URL", None)

    def query(sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(database, timeout=30) as connection:
            return connection.execute(sql).fetchall()

    yield Instance(env, query, folder)


def _postgres_instance(folder: Path) -> Iterator[Instance]:
    default = settings.DATABASES["default"]
    server = {
        "host": default.get("HOST") or "127.0.0.1",
        "port": int(default.get("PORT") or 5432),
        "user": default.get("USER") or "postgres",
    }
    name = f"crossroads_workers_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:  # type: ignore[arg-type]
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}"
    env = {**os.environ, "DATABASE_URL": url, "CROSSROADS_DATA_DIR": str(folder)}

    def query(sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(dbname=name, autocommit=True, **server) as connection:  # type: ignore[arg-type]
            return connection.execute(sql).fetchall()

    try:
        yield Instance(env, query, folder)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:  # type: ignore[arg-type]
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Instance]:
    folder = tmp_path_factory.mktemp("instance")
    make = _postgres_instance if POSTGRES else _sqlite_instance
    for made in make(folder):
        made.command("migrate", "-v", "0")
        made.python(
            """
            from crossroads.accounts.models import Role
            from crossroads.testing import make_org, make_user
            org = make_org("org-a", "NLD", name="Organisation A")
            make_user("officer-a", Role.DATA_OFFICER, org)
            """
        )
        yield made


QUEUE_IMPORT = """
    from django.core.files.uploadedfile import SimpleUploadedFile
    from crossroads.accounts.models import User
    from crossroads.cases.importing.jobs import start_import
    from crossroads.cases.tests.spreadsheets import csv_bytes, row
    officer = User.objects.get(username="officer-a")
    for n in range({files}):
        rows = [row(f"{prefix}-{{n}}-{{i}}") for i in range({rows})]
        job = start_import(officer, SimpleUploadedFile(f"file-{{n}}.csv", csv_bytes(rows)))
        print("QUEUED", job.pk, job.run_id)
"""


def _queue_imports(instance: Instance, prefix: str, files: int, rows: int) -> list[str]:
    output = instance.python(QUEUE_IMPORT.format(prefix=prefix, files=files, rows=rows))
    return [line.split()[2] for line in output.splitlines() if line.startswith("QUEUED ")]


def _wait(condition: Callable[[], bool], seconds: float, what: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {seconds} s")


def _stop(*workers: subprocess.Popen[bytes]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)


def _is(column: str, *run_ids: str) -> str:
    """SQL: ``column`` (a UUID, stored as text on SQLite) is one of ``run_ids``."""
    hexes = ", ".join(f"'{uuid.UUID(run).hex}'" for run in run_ids)
    return f"replace(CAST({column} AS TEXT), '-', '') IN ({hexes})"


def test_a_worker_killed_during_an_import_leaves_no_record_and_the_run_fails_within_a_minute(
    instance: Instance,
) -> None:
    (run_id,) = _queue_imports(instance, "KILL", files=1, rows=6000)
    first = instance.worker()
    second = None
    try:
        _wait(
            lambda: (
                instance.one(f"SELECT status FROM cases_importjob WHERE {_is('run_id', run_id)}")
                == "importing"
            ),
            90,
            "the import reached its saving step",
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        killed_at = time.monotonic()
        second = instance.worker()
        _wait(
            lambda: (
                instance.one(f"SELECT status FROM tasks_taskrun WHERE {_is('id', run_id)}")
                == "failed"
            ),
            60,
            "the killed run was marked failed",
        )
        assert time.monotonic() - killed_at < 60
    finally:
        _stop(first, *([second] if second else []))
    assert instance.one("SELECT count(*) FROM cases_case WHERE client_code LIKE 'KILL-%'") == 0
    assert instance.one(f"SELECT status FROM cases_importjob WHERE {_is('run_id', run_id)}") == (
        "failed"
    )
    assert list((instance.folder / "imports").glob("*")) == []


def test_two_workers_never_run_the_same_task_and_a_redelivered_run_changes_nothing(
    instance: Instance,
) -> None:
    runs = _queue_imports(instance, "RACE", files=12, rows=2)
    workers = [instance.worker(), instance.worker()]
    try:
        _wait(
            lambda: (
                instance.one(
                    "SELECT count(*) FROM tasks_taskrun "
                    f"WHERE status = 'succeeded' AND {_is('id', *runs)}"
                )
                == 12
            ),
            120,
            "the twelve imports finished",
        )
        claims = instance.query(
            "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE status = 'SUCCESSFUL'"
        )
        assert all(len(_json_list(ids)) == 1 for (ids,) in claims)
        assert instance.one("SELECT count(*) FROM cases_case WHERE client_code LIKE 'RACE-%'") == 24
        created = instance.query(
            f"SELECT created_count, updated_count FROM cases_importjob WHERE {_is('run_id', *runs)}"
        )
        assert created == [(2, 0)] * 12
        # The queue delivers a finished run again (a retry): it is not run a second time.
        instance.python(
            f"""
            from crossroads.tasks.execution import execute
            execute.enqueue("{runs[0]}")
            """
        )
        _wait(
            lambda: (
                instance.one(
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
                )
                == 0
            ),
            60,
            "the redelivered run was taken",
        )
        assert instance.one("SELECT count(*) FROM cases_case WHERE client_code LIKE 'RACE-%'") == 24
        revisions = instance.one("SELECT count(*) FROM cases_caserevision")
        assert revisions == 24
    finally:
        _stop(*workers)
    listing = instance.command("tasks", "list").stdout
    assert "Import of file-0.csv" in listing and "succeeded" in listing


def _json_list(value: Any) -> list[Any]:
    """A JSON list column as the driver returns it (text on SQLite)."""
    parsed: list[Any] = value if isinstance(value, list) else json.loads(value)
    return parsed
