"""The database: embedded SQLite in the data directory, or ``DATABASE_URL``."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from crossroads.env import ensure_private_file, env_optional
from crossroads.settings.mode import DATA_DIR

# SQLite: WAL lets readers continue while one writer imports a file; an immediate
# transaction takes the write lock at its start, so two writers queue rather than fail.
_SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
_database_url = env_optional("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        if str(DATABASES["default"]["NAME"]) not in {"", ":memory:"}:
            ensure_private_file(Path(str(DATABASES["default"]["NAME"])))
        DATABASES["default"]["OPTIONS"] = dict(_SQLITE_OPTIONS)
        DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Owner-only: the database file holds the records. The file is created here, mode
    # 0600, before SQLite opens it (SQLite would create it following the umask, and
    # gives its -wal and -shm files the database file's mode).
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    ensure_private_file(DATA_DIR / "crossroads.sqlite3")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "crossroads.sqlite3"),
            "OPTIONS": dict(_SQLITE_OPTIONS),
        }
    }
