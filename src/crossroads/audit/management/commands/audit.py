"""``crossroads audit``: seal the log, check it against its signed checkpoints, show the latest.

crossroads audit seal                 chain the waiting entries and sign a checkpoint
crossroads audit verify               check every entry against the checkpoint file
crossroads audit verify --checkpoints witness-copy.jsonl --public-key BASE64
crossroads audit checkpoint           print the latest signed checkpoint (for a witness)
"""

from __future__ import annotations

import base64
import binascii
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from crossroads.audit.sealing import latest_checkpoint, public_key_text, seal
from crossroads.audit.verification import verify_and_record


class Command(BaseCommand):
    help = "Seal the audit log, check it against its signed checkpoints, or show the latest."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("seal", help="Chain the waiting entries and sign a checkpoint.")
        check = sub.add_parser("verify", help="Check every entry against the signed checkpoints.")
        check.add_argument(
            "--checkpoints", type=Path, help="a copy of the checkpoint file (a witness's)"
        )
        check.add_argument(
            "--public-key", help="the instance's public key in base64 (default: this instance's)"
        )
        sub.add_parser("checkpoint", help="Print the latest signed checkpoint and the public key.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["subcommand"]
        if action == "seal":
            sealed = seal()
            head = sealed.checkpoint
            where = f"; checkpoint at entry {head.seq} signed" if head else ""
            self.stdout.write(self.style.SUCCESS(f"{sealed.entries} entries sealed{where}."))
        elif action == "checkpoint":
            latest = latest_checkpoint()
            if latest is None:
                raise CommandError("No checkpoint yet: run `crossroads audit seal` first.")
            self.stdout.write(latest.line())
            self.stdout.write(f"public key: {public_key_text()}")
        else:
            self._verify(options)

    def _verify(self, options: dict[str, Any]) -> None:
        public_key = None
        if options["public_key"]:
            try:
                public_key = base64.b64decode(options["public_key"], validate=True)
            except (binascii.Error, ValueError):
                raise CommandError(
                    "--public-key must be base64 (as `audit checkpoint` prints it)."
                ) from None
        if options["checkpoints"] and not options["checkpoints"].exists():
            raise CommandError(f"{options['checkpoints']} does not exist.")
        report = verify_and_record(checkpoints=options["checkpoints"], public_key=public_key)
        if not report.intact:
            for item in report.breaks:
                self.stderr.write(f"entry {item.seq}: {item.reason}")
            raise CommandError(
                f"The audit log has been altered: {len(report.breaks)} problem(s) in "
                f"{report.entries} entries."
            )
        notes = []
        if report.uncovered:
            notes.append(f"{report.uncovered} sealed after the last checkpoint")
        if report.unsealed:
            notes.append(f"{report.unsealed} recent entries not sealed yet")
        self.stdout.write(
            self.style.SUCCESS(
                f"The audit log is intact ({report.entries} entries checked against "
                f"{report.checkpoints} signed checkpoints"
                + "".join(f"; {note}" for note in notes)
                + ")."
            )
        )
