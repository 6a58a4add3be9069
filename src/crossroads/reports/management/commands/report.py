"""``crossroads report --year 2025 --output DIR``: write the year's report as HTML and PDF."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from crossroads.reports import services, tasks
from crossroads.tasks.commandline import run_and_show
from crossroads.tasks.models import Status


class Command(BaseCommand):
    help = (
        "Write the annual joint monitoring report of a cohort year (report-YEAR.html and "
        "report-YEAR.pdf) from the latest accepted submissions, or from the published version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="cohort year, e.g. 2025")
        parser.add_argument("--output", required=True, help="folder to write the files to")
        parser.add_argument(
            "--language", default="en", choices=[code for code, _name in settings.LANGUAGES]
        )
        parser.add_argument(
            "--published", action="store_true", help="write the published files of the year"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        if options["published"]:
            publication = services.publication_for(year)
            if publication is None:
                raise CommandError(f"{year} has not been published.")
            html, pdf = publication.report_html, bytes(publication.report_pdf)
        else:
            language = options["language"]
            run = run_and_show(
                tasks.build_draft_task, self.stderr, key=tasks.draft_key(year, language),
                language=language, year=year, report_language=language, user_id=None,
            )  # fmt: skip
            draft = services.draft_for(year, language)
            if run.status != Status.SUCCEEDED or draft is None:
                raise CommandError(run.message or f"The report of {year} was not built.")
            html, pdf = draft.report_html, bytes(draft.report_pdf)
        (folder / f"report-{year}.html").write_text(html, encoding="utf-8")
        (folder / f"report-{year}.pdf").write_bytes(pdf)
        self.stdout.write(
            f"Wrote {folder / f'report-{year}.html'} and {folder / f'report-{year}.pdf'} "
            f"({len(pdf) / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
        )
