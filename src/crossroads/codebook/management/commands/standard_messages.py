"""``crossroads standard_messages``: write the catalogues that translate the standard."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from crossroads.codebook.loader import STANDARDS_DIR, available_versions, translatable_texts
from crossroads.codebook.questionnaire import questionnaire_texts
from crossroads.codebook.translations import catalogue_dir, po_path, write_po


class Command(BaseCommand):
    help = (
        "Create or refresh standards/<version>/locale/<language>/LC_MESSAGES/standard.po: one "
        "entry per label and definition of the standard and of its narrative questionnaire, "
        "translations kept, changed English texts marked fuzzy. Without --language, every "
        "language that already has one."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--language", "-l", action="append", default=[], help="A language to add or refresh."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for version in available_versions():
            folder = STANDARDS_DIR / version
            existing = catalogue_dir(folder)
            languages = set(options["language"])
            if existing.is_dir():
                languages |= {p.name for p in existing.iterdir() if p.is_dir()}
            sources = translatable_texts(version)
            if (folder / "questionnaire.toml").exists():
                sources += questionnaire_texts(version)
            for language in sorted(languages):
                total, todo = write_po(po_path(folder, language), language, sources)
                self.stdout.write(
                    f"standard {version} {language}: {total} texts, {todo} to translate"
                )
