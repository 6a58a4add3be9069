"""``crossroads keys``: export the instance's keys for their custodians, or import them.

crossroads keys export FILE      (passphrase asked, or CROSSROADS_KEYS_PASSPHRASE)
crossroads keys import FILE      into the data directory's key files
"""

from __future__ import annotations

import getpass
import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from crossroads.safety.keys import KeysError, export_keys, import_keys


class Command(BaseCommand):
    help = "Export the instance's keys (encrypted with a passphrase) or import them."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("file", type=Path)

    def _passphrase(self, confirm: bool) -> str:
        given = os.environ.get("CROSSROADS_KEYS_PASSPHRASE")
        if given:
            return given
        first = getpass.getpass("Passphrase: ")
        if confirm and getpass.getpass("Passphrase again: ") != first:
            raise CommandError("The two passphrases differ.")
        return first

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "export":
                if options["file"].exists():
                    raise CommandError(f"{options['file']} exists already.")
                names = export_keys(options["file"], self._passphrase(confirm=True))
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Exported {', '.join(names)} to {options['file']}. Keep it offline, apart "
                        "from the backups, with its passphrase held by another person."
                    )
                )
            else:
                data_dir = Path(settings.DATA_DIR)
                names = import_keys(options["file"], self._passphrase(confirm=False), data_dir)
                self.stdout.write(
                    self.style.SUCCESS(f"Imported {', '.join(names)} into {data_dir}.")
                )
        except KeysError as exc:
            raise CommandError(str(exc)) from None
