"""The ``crossroads`` console command: Django's command line with our settings preset.

``crossroads tokenize`` is the exception: list holders outside the network
run it on their own machine, so it is handed to a plain implementation
before Django is loaded (no settings, no database, no data directory).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. ``crossroads migrate`` or ``crossroads demo``."""
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["tokenize"]:
        from crossroads.stats.linkage.command import main as tokenize

        sys.exit(tokenize(arguments[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["crossroads", *arguments])


if __name__ == "__main__":
    main()
