"""``crossroads demo``: build the synthetic demo network and serve it.

``make demo`` runs this. The demo is built in one transaction (about a
minute), then served at once: long work that signing in does not need (every
country's tables) is queued for the task workers that ``crossroads serve``
starts, and the pages that depend on it say so while it runs. ``--no-serve``
builds and finishes everything here, then returns (for scripts). An
existing demo is reused unless ``--reset`` is given; a database that holds
real organisations is never touched.
"""

from __future__ import annotations

import logging
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from crossroads.accounts.demo import demo_exists, sign_ins
from crossroads.accounts.models import Organisation
from crossroads.audit.sealing import erasing_everything
from crossroads.core.demo import DEMO_PASSWORD, Queued, build_demo
from crossroads.core.management.commands.serve import port_taken_message
from crossroads.core.serving import PortTaken, check_port
from crossroads.reporting.demo import (
    DEMO_RECEIPT,
    DEMO_REPORTER_PASSPHRASE,
    DEMO_REPORTING_PASSPHRASE,
)
from crossroads.safety.demo import DEMO_RECOVERY_CODE, DEMO_TOTP_KEY
from crossroads.tasks.workers import WorkerProcess

#: Where the demo sends the e-mails of its own making: nowhere.
NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = "Create the synthetic demo network and serve it at http://127.0.0.1:8000."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=2025, help="Random seed (default 2025).")
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Build, finish the long work here, and return without serving.",
        )
        parser.add_argument("--reset", action="store_true", help="Erase the database first.")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        serve = not options["no_serve"]
        if serve:
            try:
                check_port(options["host"], options["port"])
            except PortTaken:
                raise CommandError(port_taken_message(options["port"])) from None
        self.stdout.write("Preparing the database…")
        call_command("migrate", verbosity=0, interactive=False)
        if options["reset"]:
            self.stdout.write("Erasing the database…")
            with erasing_everything():
                call_command("flush", verbosity=0, interactive=False)
            call_command("migrate", verbosity=0, interactive=False)
        queued: list[Queued] = []
        if demo_exists():
            self.stdout.write("The demo network is already here (use --reset to rebuild it).")
        elif Organisation.objects.exists():
            raise CommandError(
                "This database holds organisations that are not part of the demo; "
                "refusing to add demo data to it. Point CROSSROADS_DATA_DIR or DATABASE_URL "
                "at an empty database."
            )
        else:
            self.stdout.write(
                f"Building the demo network (seed {options['seed']}), about a minute…"
            )
            # The demo's own events (returned submissions) would e-mail its invented people.
            with override_settings(EMAIL_BACKEND=NO_MAIL):
                _context, queued = build_demo(options["seed"], progress=self.stdout.write)
        if not serve:
            if queued:
                self.stdout.write("Finishing: " + "; ".join(q.what for q in queued) + "…")
                logging.getLogger("django_tasks").setLevel(logging.WARNING)
                # Nobody waits for these notices: the command returns when the work is done.
                with override_settings(EMAIL_BACKEND=NO_MAIL):
                    WorkerProcess(batch=True, interval=0).run()
            return
        self._print_sign_ins()
        if queued:
            self.stdout.write(
                "Still being computed by the background workers: "
                + "; ".join(q.what for q in queued)
                + f". Follow it at http://{options['host']}:{options['port']}/tasks/ "
                "(signed in as analyst); the dashboards fill in as it ends."
            )
        settings.CROSSROADS_DEMO = True
        call_command("serve", host=options["host"], port=options["port"])

    def _print_sign_ins(self) -> None:
        rows = sign_ins()
        width = max(len(r[0]) for r in rows) + 2
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Demo sign-ins (password for all: " + DEMO_PASSWORD + ")")
        )
        for username, role, organisation in rows:
            self.stdout.write(f"  {username.ljust(width)}{role} — {organisation}")
        self.stdout.write(
            f"  caseworker.2fa signs in with a second factor: add the key {DEMO_TOTP_KEY} to an "
            f"authenticator app, or use the recovery code {DEMO_RECOVERY_CODE} once."
        )
        self.stdout.write(
            f"  Reporting point (menu Reporting point): staff unlock reports with the passphrase "
            f"{DEMO_REPORTING_PASSPHRASE}; a reporter comes back at /report/return/ with the "
            f"receipt code {DEMO_RECEIPT} and the passphrase {DEMO_REPORTER_PASSPHRASE}."
        )
        self.stdout.write("")
