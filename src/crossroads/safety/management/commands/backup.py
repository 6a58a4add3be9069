"""``crossroads backup``: an encrypted, checksummed archive of the whole database.

crossroads backup                       into backups/ of the data directory
crossroads backup --output FILE
crossroads backup --check FILE          decrypt and check an archive (marks it verified)
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from crossroads.safety.archive import ArchiveError
from crossroads.safety.backups import BackupError, check_backup, create_backup


class Command(BaseCommand):
    help = "Back up the whole database into an encrypted archive (the keys are not in it)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--output", type=Path, help="the archive to write")
        parser.add_argument("--check", type=Path, help="check an existing archive instead")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                checked = check_backup(options["check"])
                self.stdout.write(
                    self.style.SUCCESS(
                        f"The backup is complete and readable: a {checked.engine} database of "
                        f"{checked.size} bytes, made {checked.created}."
                    )
                )
                return
            backup = create_backup(options["output"])
        except (BackupError, ArchiveError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up to {backup.path} ({backup.size} bytes)."))
        self.stdout.write(
            "The keys are not in it: keep their export (crossroads keys export) apart."
        )
