"""``crossroads upgrade_records --user NAME``: carry records to the current standard.

Runs :func:`crossroads.cases.upgrading.upgrade_records` as the data officer
``NAME`` (whose organisation's records are upgraded); safe to run again after
an interruption. ``--check`` only counts the records per earlier version.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_manage_data
from crossroads.cases.upgrading import pending_upgrade, upgrade_records
from crossroads.codebook.loader import CURRENT_VERSION


class Command(BaseCommand):
    help = "Upgrade an organisation's records on earlier versions to the current standard."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--user", required=True, help="a data officer of the organisation")
        parser.add_argument("--check", action="store_true", help="only count what is to upgrade")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"There is no user {options['user']!r}.")
        if not can_manage_data(user):
            raise CommandError("Only the organisation's data officers upgrade its records.")
        pending = pending_upgrade(user)
        for version, count in sorted(pending.items()):
            self.stdout.write(f"{count} records on standard {version}")
        if options["check"] or not pending:
            self.stdout.write(f"Current standard: {CURRENT_VERSION}.")
            return
        outcome = upgrade_records(user)
        self.stdout.write(f"{outcome.upgraded} records upgraded to standard {CURRENT_VERSION}.")
        for code, why in outcome.refused:
            self.stdout.write(f"{code} stays on its version: {why}")
