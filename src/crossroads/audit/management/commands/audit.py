"""``crossroads audit verify``: check that the audit log has not been altered."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from crossroads.audit.services import verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain (verify)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="Walk the whole chain and report any break.")

    def handle(self, *args: Any, **options: Any) -> None:
        count, breaks = verify()
        if breaks:
            for item in breaks:
                self.stderr.write(f"entry {item.seq}: {item.reason}")
            raise CommandError(
                f"The audit log has been altered: {len(breaks)} problem(s) in {count} entries."
            )
        self.stdout.write(self.style.SUCCESS(f"The audit log is intact ({count} entries checked)."))
