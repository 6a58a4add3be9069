"""``crossroads codebook export``: write the standard as documents and CSV."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from crossroads.codebook.definitions import StandardError
from crossroads.codebook.export import to_csv, to_html, to_markdown
from crossroads.codebook.loader import (
    CURRENT_VERSION,
    available_versions,
    load_standard,
)


class Command(BaseCommand):
    help = "Export the common data standard (export) or check its files (check)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        export = sub.add_parser("export", help="Write HTML or Markdown per language, and CSV.")
        export.add_argument("--output", "-o", default="codebook", help="Folder to write into.")
        export.add_argument("--format", choices=["html", "md", "both"], default="both")
        export.add_argument("--language", action="append", help="Only these languages.")
        export.add_argument("--version", dest="standard_version", default=CURRENT_VERSION)
        check = sub.add_parser(
            "check", help="Load every version of the standard and report problems."
        )
        check.set_defaults()

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "check":
            for version in available_versions():
                try:
                    standard = load_standard(version)
                except StandardError as exc:
                    raise CommandError(f"standard {version}: {exc}") from None
                self.stdout.write(
                    f"standard {version}: {len(standard.fields)} fields, {len(standard.events)} "
                    f"events, {len(standard.vocabularies)} vocabularies: OK"
                )
            return
        try:
            standard = load_standard(options["standard_version"])
        except StandardError as exc:
            raise CommandError(str(exc)) from None
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        languages = options["language"] or list(standard.languages)
        unknown = set(languages) - set(standard.languages)
        if unknown:
            raise CommandError(
                f"unknown language(s) {', '.join(sorted(unknown))}; "
                f"available: {', '.join(standard.languages)}"
            )
        stem = f"crossroads-standard-{standard.version}"
        written = []
        for language in languages:
            if options["format"] in {"html", "both"}:
                path = folder / f"{stem}-{language}.html"
                path.write_text(to_html(standard, language), encoding="utf-8")
                written.append(path)
            if options["format"] in {"md", "both"}:
                path = folder / f"{stem}-{language}.md"
                path.write_text(to_markdown(standard, language), encoding="utf-8")
                written.append(path)
        path = folder / f"{stem}.csv"
        path.write_text("\ufeff" + to_csv(standard), encoding="utf-8")
        written.append(path)
        for path in written:
            self.stdout.write(f"wrote {path}")
