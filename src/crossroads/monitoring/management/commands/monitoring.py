"""``crossroads monitoring refresh``: aggregate every year whose accepted submissions changed."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from crossroads.monitoring.exchange_source import refresh


class Command(BaseCommand):
    help = (
        "Rights monitoring. 'refresh' aggregates, ahead of time, every cohort year whose "
        "accepted submissions changed since its figures were last computed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["refresh"])

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        computed = refresh(lambda message: self.stdout.write(message))
        self.stdout.write(
            f"{computed} year(s) aggregated in {time.perf_counter() - started:.1f} s; "
            "the others were up to date."
        )
