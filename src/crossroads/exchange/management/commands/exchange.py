"""``crossroads exchange``: the annual data exchange from the command line.

Subcommands: ``catalogue`` (the table catalogue as Markdown).
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from crossroads.exchange.catalogue.document import render


class Command(BaseCommand):
    help = "The annual data exchange: catalogue of the exchange tables."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        catalogue = sub.add_parser("catalogue", help="Write the table catalogue as Markdown.")
        catalogue.add_argument("--output", "-o", help="File to write (default: print it).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "catalogue":
            text = render()
            if options["output"]:
                Path(options["output"]).write_text(text, encoding="utf-8")
                self.stdout.write(f"wrote {options['output']}")
            else:
                self.stdout.write(text, ending="")
