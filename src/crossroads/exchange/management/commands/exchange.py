"""``crossroads exchange``: the annual data exchange from the command line.

Subcommands::

    crossroads exchange build --user dataofficer --year 2024 [--submit]
    crossroads exchange export --user dataofficer --year 2024 [--version 2] -o file.json
    crossroads exchange import --user analyst file.json [file2.json ...]
    crossroads exchange aggregate --user analyst [--year 2024 ...] [--network-only]
    crossroads exchange list [--year 2024] [--status submitted]
    crossroads exchange catalogue [-o docs/exchange-tables.md]

Each acts as the named user, through the same services and permission
checks as the web pages, and writes the same audit entries.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from crossroads.accounts.models import User
from crossroads.accounts.permissions import is_analyst
from crossroads.exchange.catalogue.document import render
from crossroads.exchange.models import NetworkRelease, Status, Submission
from crossroads.exchange.services import files
from crossroads.exchange.services.aggregation import years_with_accepted
from crossroads.exchange.services.drafts import build_draft
from crossroads.exchange.services.submissions import SubmissionError, submit
from crossroads.exchange.tasks import compute_release_task, release_key
from crossroads.tasks.commandline import run_and_show
from crossroads.tasks.models import Status as RunStatus


class Command(BaseCommand):
    help = "The annual data exchange: build, export, import, aggregate and list submissions."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        build = sub.add_parser("build", help="Build (or rebuild) the draft of a year.")
        build.add_argument("--user", required=True, help="A data officer of the organisation.")
        build.add_argument("--year", type=int, required=True)
        build.add_argument("--submit", action="store_true", help="Submit the draft at once.")
        export = sub.add_parser("export", help="Write a submitted version as a signed file.")
        export.add_argument("--user", required=True)
        export.add_argument("--year", type=int, required=True)
        export.add_argument("--version", dest="number", type=int, help="Default: the latest.")
        export.add_argument("--output", "-o", required=True)
        imports = sub.add_parser("import", help="Check and import signed submission files.")
        imports.add_argument("--user", required=True, help="An analyst of the secretariat.")
        imports.add_argument("files", nargs="+")
        aggregate = sub.add_parser("aggregate", help="Compute the network tables of years.")
        aggregate.add_argument("--user", required=True, help="An analyst of the secretariat.")
        aggregate.add_argument("--year", type=int, action="append", help="Default: every year.")
        aggregate.add_argument(
            "--network-only", action="store_true", help="Skip the tables by country (fast)."
        )
        listing = sub.add_parser("list", help="List submissions (latest version per year).")
        listing.add_argument("--year", type=int)
        listing.add_argument("--status", choices=[s.value for s in Status])
        catalogue = sub.add_parser("catalogue", help="Write the table catalogue as Markdown.")
        catalogue.add_argument("--output", "-o", help="File to write (default: print it).")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, f"_{options['subcommand']}")
        handler(options)

    def _user(self, username: str) -> User:
        user = User.objects.select_related("organisation").filter(username=username).first()
        if user is None or not user.is_active:
            raise CommandError(f"no active user {username!r}")
        return user

    def _build(self, options: dict[str, Any]) -> None:
        user = self._user(options["user"])
        try:
            submission = build_draft(user, options["year"], progress=self.stdout.write)
            if options["submit"]:
                submission = submit(user, submission)
        except SubmissionError as exc:
            raise CommandError(str(exc)) from None
        seconds = submission.preview.get("member", {}).get("seconds", {}).get("total", 0.0)
        self.stdout.write(
            self.style.SUCCESS(
                f"{submission}: {submission.get_status_display()} ({seconds:.2f} s), "
                f"{len(submission.warnings)} warning(s)"
            )
        )

    def _export(self, options: dict[str, Any]) -> None:
        user = self._user(options["user"])
        versions = Submission.objects.filter(
            organisation=user.organisation, year=options["year"]
        ).exclude(status=Status.DRAFT)
        if options["number"]:
            versions = versions.filter(version=options["number"])
        submission = versions.order_by("-version").first()
        if submission is None:
            raise CommandError(f"no submitted version of {options['year']} for {user.organisation}")
        try:
            content = files.export_signed(user, submission)
        except (PermissionError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        Path(options["output"]).write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"wrote {options['output']} ({submission})"))

    def _import(self, options: dict[str, Any]) -> None:
        user = self._user(options["user"])
        failed = 0
        for name in tqdm(options["files"], desc="importing", unit="file", disable=None):
            path = Path(name)
            try:
                submission = files.import_signed(user, path.read_bytes())
            except OSError as exc:
                failed += 1
                self.stderr.write(f"{name}: cannot read it ({exc.strerror})")
            except files.ImportRejected as exc:
                failed += 1
                self.stderr.write(f"{name}: rejected: {exc}")
            else:
                self.stdout.write(f"{name}: imported {submission}")
        if failed:
            raise CommandError(f"{failed} of {len(options['files'])} file(s) not imported")

    def _aggregate(self, options: dict[str, Any]) -> None:
        user = self._user(options["user"])
        if not is_analyst(user):
            raise CommandError(f"{user.username} is not an analyst of the secretariat")
        years = options["year"] or years_with_accepted()
        if not years:
            raise CommandError("no accepted submission yet")
        by_country = not options["network_only"]
        for year in years:
            run = run_and_show(
                compute_release_task, self.stdout, user=user, key=release_key(year, by_country),
                year=year, by_country=by_country, user_id=user.pk,
            )  # fmt: skip
            if run.status != RunStatus.SUCCEEDED:
                raise CommandError(f"{year}: {run.message or run.status}")
            release = NetworkRelease.objects.defer("tables").get(year=year)
            scope = "network" if not release.by_country else "network and by country"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{year}: {len(release.contributions)} submissions, {scope}, "
                    f"{release.seconds:.1f} s"
                    + (f"; withheld: {', '.join(release.withheld)}" if release.withheld else "")
                )
            )

    def _list(self, options: dict[str, Any]) -> None:
        rows = Submission.objects.select_related("organisation").latest_versions()
        if options["year"]:
            rows = rows.filter(year=options["year"])
        if options["status"]:
            rows = rows.filter(status=options["status"])
        for s in rows.order_by("-year", "organisation__code"):
            self.stdout.write(
                f"{s.year}  {s.organisation.code:<20} v{s.version:<3} {s.status:<11} "
                f"{len(s.warnings)} warning(s)  {s.checksum[:12]}"
            )

    def _catalogue(self, options: dict[str, Any]) -> None:
        text = render()
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {options['output']}")
        else:
            self.stdout.write(text, ending="")
