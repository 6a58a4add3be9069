"""The code that runs inside an import's worker processes (see :mod:`.parallel`).

This module imports nothing from Django or Crossroads at import time: a
spawned worker unpickles references to these functions before Django is set
up, and models cannot be imported until then.
"""

from __future__ import annotations

import os
from typing import Any

_CHECKER: Any = None


def start(context: dict[str, Any], linkage_key: str) -> None:
    """Set up Django and this worker's row checker (runs once per worker process)."""
    global _CHECKER
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import translation

    from crossroads.cases.importing.checking import FileContext, RowChecker

    settings.LINKAGE_KEY = linkage_key
    translation.activate(context["language"])
    _CHECKER = RowChecker(FileContext(**context))


def check(rows: list[tuple[int, list[Any]]]) -> list[Any]:
    """Check a chunk of rows with this worker's checker."""
    assert _CHECKER is not None, "worker not started"
    return list(_CHECKER.check_chunk(rows))
