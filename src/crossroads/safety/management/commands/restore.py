"""``crossroads restore FILE``: restore a backup into this empty instance, then verify it."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from crossroads.safety.archive import ArchiveError
from crossroads.safety.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `crossroads backup` into this empty instance."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = restore_backup(options["archive"])
        except (BackupError, ArchiveError, OSError) as exc:
            raise CommandError(str(exc)) from None
        report = restored.report
        self.stdout.write(f"Restored the backup made {restored.fields.get('created')}.")
        if not report.intact:
            for item in report.breaks:
                self.stderr.write(f"entry {item.seq}: {item.reason}")
            raise CommandError(
                "The audit log of the restored database does not match its signed checkpoints "
                "(or the signing key differs: import the instance's keys first)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"The audit log is intact ({report.entries} entries checked against "
                f"{report.checkpoints} signed checkpoints)."
            )
        )
