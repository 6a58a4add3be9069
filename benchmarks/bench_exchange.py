"""Data exchange timings: building a large submission, and aggregating 30 submissions.

Prints wall-clock figures for:

* building the submission of an organisation with 100,000 records of one
  year (read the records, count every table, protect them): target under 2 s;
* summing 30 members' accepted submissions and protecting the network
  tables: target under 1 s; and the same with every country's tables
  protected together with the network's (no target: see docs/exchange.md).

Runs in a temporary SQLite database unless ``DATABASE_URL`` points at a
scratch database. Run with ``.venv/bin/python benchmarks/bench_exchange.py``.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

T = TypeVar("T")
RECORDS = 100_000
DISTINCT = 25_000  # drawn records; the others are copies with moved event dates (drawing is slow)
MEMBERS = 30
YEAR = 2024
COUNTRIES = ["NLD", "DEU", "FRA", "BEL", "ITA", "ESP", "PRT", "AUT", "CZE", "POL", "ROU", "BGR"]


class Timing:
    """Median wall-clock and CPU seconds of repeated runs (CPU shows a busy machine)."""

    def __init__(self, wall: list[float], cpu: list[float]) -> None:
        self.wall = statistics.median(wall)
        self.cpu = statistics.median(cpu)

    def __str__(self) -> str:
        return f"{self.wall:.3f} s (CPU {self.cpu:.3f} s)"


def timed(function: Callable[[], T], runs: int = 3) -> tuple[T, Timing]:
    """The result of ``function`` and the median timing of ``runs`` calls."""
    wall, cpu = [], []
    result: T | None = None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    assert result is not None
    return result, Timing(wall, cpu)


def moved(document: dict[str, Any], days: int) -> dict[str, Any]:
    """``document`` with every date of its events ``days`` later."""
    if not days or not document.get("events"):
        return document

    def later(value: Any) -> Any:
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
        return value

    events = {
        kind: [{key: later(value) for key, value in event.items()} for event in listed]
        for kind, listed in document["events"].items()
    }
    return {**document, "events": events}


def main() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["CROSSROADS_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-exchange-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from crossroads.accounts.models import Organisation
    from crossroads.cases.counting import row_of
    from crossroads.cases.demo_profiles import PROFILES
    from crossroads.cases.demo_records import draw_person, draw_record
    from crossroads.cases.models import Case
    from crossroads.exchange.building.tables import build
    from crossroads.exchange.protection import protect_tables, rule_for
    from crossroads.exchange.services.aggregation import sum_and_protect
    from crossroads.exchange.services.drafts import prepare

    call_command("migrate", verbosity=0)
    terms: dict[str, Any] = {"modules": ["profile", "referrals", "rights"], "threshold": 10,
             "rounding_base": None, "originals_to_secretariat": True, "version": 1}  # fmt: skip

    def organisation(code: str, country: str) -> Organisation:
        return Organisation.objects.create(code=code, name=code, country=country)

    def records(org: Organisation, count: int, seed: int) -> None:
        rng = random.Random(seed)
        profile = PROFILES[org.country]
        drawn = [
            draw_record(rng, profile, org.country, YEAR, draw_person(rng, profile, org.country))
            for _ in range(min(DISTINCT, count))
        ]
        # Copies differ in their event dates, so that no two persons' events are the same
        # text, as in real records: the build does not profit from repeated records.
        docs = [moved(drawn[i % len(drawn)], i // len(drawn)) for i in range(count)]
        now = timezone.make_aware(datetime(YEAR, 12, 1))
        Case.objects.bulk_create(
            (
                Case(
                    organisation=org,
                    client_code=f"C{i:06d}",
                    standard_version="1.0",
                    data=doc,
                    counting_row=row_of(doc),
                    year=YEAR,
                    consent=doc.get("consent_data_use", ""),
                    trafficking_status=doc.get("trafficking_status", ""),
                    created_at=now,
                    updated_at=now,
                )
                for i, doc in enumerate(docs)
            ),
            batch_size=5000,
        )

    print(f"database: {connection.vendor}")
    large = organisation("large", "NLD")
    started = time.perf_counter()
    records(large, RECORDS, 1)
    print(f"(inserted {RECORDS:,} records in {time.perf_counter() - started:.1f} s)")

    built, read_count = timed(lambda: build(large, YEAR, terms["modules"]))
    protected, protect_seconds = timed(lambda: protect_tables(built.tables, rule_for(terms)))
    _prepared, total = timed(lambda: prepare(large, YEAR, terms, None))
    cells = sum(t.cells.size for t in built.tables)
    summary = protected.released["summary"]
    print(
        f"build one submission ({RECORDS:,} records, {built.cohort_size:,} counted): "
        f"{total} (target < 2 s)"
    )
    print(
        f"  read and count {read_count}; protect {protect_seconds}: "
        f"{len(built.tables.tables)} tables, {cells} cells, "
        f"{summary.get('suppressed', 0)} suppressed"
    )

    submissions = []
    for index in range(MEMBERS):
        country = COUNTRIES[index % len(COUNTRIES)]
        org = organisation(f"member-{index:02d}", country)
        records(org, random.Random(index).randint(1_500, 6_000), 100 + index)
        submission = prepare(org, YEAR, terms, None)
        submission.pk = index + 1
        submission.checksum = f"{index:064d}"
        submissions.append(submission)
    persons = sum(s.preview["member"]["counted"] for s in submissions)
    network, network_seconds = timed(lambda: sum_and_protect(submissions, by_country=False))
    print(
        f"aggregate {MEMBERS} submissions ({persons:,} persons) and protect the network tables: "
        f"{network_seconds} (target < 1 s)"
    )
    print(f"  {len(network.tables)} tables")
    by_country, country_seconds = timed(
        lambda: sum_and_protect(submissions, by_country=True), runs=1
    )
    print(
        f"aggregate {MEMBERS} submissions in {len(set(COUNTRIES))} countries and protect every "
        f"country's tables with the network's: {country_seconds} (no target)"
    )
    print(f"  {len(by_country.tables)} tables")


if __name__ == "__main__":
    main()
