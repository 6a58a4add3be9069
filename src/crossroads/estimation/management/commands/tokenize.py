"""``crossroads tokenize``, as a management command (listed by ``crossroads help``).

``crossroads tokenize`` itself is handed to the same implementation before
Django starts (see :mod:`crossroads.cli`), so list holders outside the
network need no settings or database; this command exists for
``call_command`` and for deployments that call it through Django.
"""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from crossroads.stats.linkage.command import DESCRIPTION, add_arguments, run


class Command(BaseCommand):
    help = DESCRIPTION

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        status = run(Namespace(**options), self.stdout, self.stderr)
        if status != 0:
            raise CommandError("no token file was written")
