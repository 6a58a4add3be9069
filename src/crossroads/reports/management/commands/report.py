"""``crossroads report --year 2025 --output DIR``: write the year's report as HTML and PDF."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crossroads.reports import services
from crossroads.reports.builder import ReportError


class Command(BaseCommand):
    help = (
        "Write the annual joint monitoring report of a cohort year (report-YEAR.html and "
        "report-YEAR.pdf) from the latest accepted submissions, or from the published version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="cohort year, e.g. 2025")
        parser.add_argument("--output", required=True, help="folder to write the files to")
        parser.add_argument("--language", default="en", choices=["en", "fr", "ru"])
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
            try:
                files = services.generate_report(None, year, options["language"])
            except ReportError as error:
                raise CommandError(str(error)) from None
            html, pdf = files.html, files.pdf
        (folder / f"report-{year}.html").write_text(html, encoding="utf-8")
        (folder / f"report-{year}.pdf").write_bytes(pdf)
        self.stdout.write(
            f"Wrote {folder / f'report-{year}.html'} and {folder / f'report-{year}.pdf'} "
            f"({len(pdf) / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
        )
