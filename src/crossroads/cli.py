"""The ``crossroads`` console command: Django's command line with our settings preset."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. ``crossroads migrate`` or ``crossroads demo``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["crossroads", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
