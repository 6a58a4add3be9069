"""A temporary database for a benchmark: a SQLite file in a folder, or a fresh PostgreSQL
database ``<name>_bench`` on the server of a URL, dropped at the end."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def bench_database(url: str) -> tuple[str, Callable[[], None]]:
    """Create ``<name>_bench`` on the server of ``url``; return its URL and a dropper."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def setup(database_url: str, folder: Path) -> Callable[[], None]:
    """Point Django at a fresh database (in ``folder``, or on ``database_url``), migrate it;
    return what drops it."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "crossroads.settings"
    os.environ["CROSSROADS_DATA_DIR"] = str(folder)
    drop: Callable[[], None] = lambda: None  # noqa: E731
    if database_url:
        os.environ["DATABASE_URL"], drop = bench_database(database_url)
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return drop


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
