"""Write the check-in questions read aloud, for each language a Debian voice speaks."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from crossroads.monitoring import checkin
from crossroads.monitoring.views_checkin import audio_dir, checkin_languages

# The espeak-ng voice of each language the check-in may be offered in.
VOICES = {
    "en": "en",
    "fr": "fr",
    "ru": "ru",
    "ro": "ro",
    "bg": "bg",
    "uk": "uk",
    "es": "es",
    "pt": "pt",
    "ar": "ar",
    "vi": "vi",
}


class Command(BaseCommand):
    help = (
        "Write each check-in question as a WAV file per language, with Debian's espeak-ng "
        "(apt-get install espeak-ng). The check-in shows a player for each file written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--language",
            action="append",
            default=[],
            help="Only this language (repeat for several); every offered language by default.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        program = shutil.which("espeak-ng")
        if program is None:
            raise CommandError(
                "espeak-ng is not installed (apt-get install espeak-ng): no audio written; "
                "the check-in works without it."
            )
        written = 0
        wanted = set(options["language"])
        for language, _name in checkin_languages():
            if wanted and language not in wanted:
                continue
            voice = VOICES.get(language)
            if voice is None:
                self.stdout.write(f"{language}: no voice, skipped")
                continue
            folder = audio_dir() / language
            folder.mkdir(parents=True, exist_ok=True)
            for question in checkin.QUESTIONS:
                with translation.override(language):
                    text = str(question.text)
                target = folder / f"{question.code}.wav"
                # The program is espeak-ng found on PATH; the text is the product's own.
                subprocess.run(  # noqa: S603
                    [program, "-v", voice, "-s", "140", "-w", str(target), text],
                    check=True,
                    capture_output=True,
                    timeout=60,
                )
                written += 1
        self.stdout.write(f"{written} spoken questions written to {audio_dir()}")
