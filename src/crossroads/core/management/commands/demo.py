"""``crossroads demo``: build the synthetic demo network and serve it.

``make demo`` runs this. ``--no-serve`` only builds (for scripts). An
existing demo is reused unless ``--reset`` is given; a database that holds
real organisations is never touched.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from crossroads.accounts.demo import demo_exists
from crossroads.accounts.models import Organisation
from crossroads.core.demo import DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Create the synthetic demo network and serve it at http://127.0.0.1:8000."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=2025, help="Random seed (default 2025).")
        parser.add_argument("--no-serve", action="store_true", help="Build only; do not serve.")
        parser.add_argument("--reset", action="store_true", help="Erase the database first.")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        if options["reset"]:
            self.stdout.write("Erasing the database…")
            call_command("flush", verbosity=0, interactive=False)
            call_command("migrate", verbosity=0, interactive=False)
        if demo_exists():
            self.stdout.write("The demo network is already here (use --reset to rebuild it).")
        elif Organisation.objects.exists():
            raise CommandError(
                "This database holds organisations that are not part of the demo; "
                "refusing to add demo data to it. Point CROSSROADS_DATA_DIR or DATABASE_URL "
                "at an empty database."
            )
        else:
            self.stdout.write(f"Building the demo network (seed {options['seed']})…")
            build_demo(options["seed"], progress=self.stdout.write)
        self._print_sign_ins()
        if not options["no_serve"]:
            settings.CROSSROADS_DEMO = True
            call_command("serve", host=options["host"], port=options["port"])

    def _print_sign_ins(self) -> None:
        from crossroads.accounts.demo import sign_ins

        rows = sign_ins()
        width = max(len(r[0]) for r in rows) + 2
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Demo sign-ins (password for all: " + DEMO_PASSWORD + ")")
        )
        for username, role, organisation in rows:
            self.stdout.write(f"  {username.ljust(width)}{role} — {organisation}")
        self.stdout.write("")
