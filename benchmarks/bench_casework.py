"""Benchmark of the caseworkers' and data officers' daily work, with 100,000 records.

Prints:

- import of a 100,000-row XLSX file and of a 100,000-row CSV file (target:
  under 60 s each), each into an organisation of its own, through the same
  job the import page runs (read, check every row, tokens, save, audit);
- the case list page with 100,000 records in the organisation (target: under
  200 ms per page): first page, a deep page, filters and sorting;
- saving one record through the form's service (target: under 100 ms).

Wall-clock times depend on what else the machine runs; the CPU seconds of
this process and its worker processes are printed beside them (on SQLite,
where the database works inside this process, they bound the wall time of a
quiet machine from above: the import's checking step runs in two processes).

It builds a temporary database of its own: a SQLite file in a temporary
folder by default, or, with ``--database-url postgres://user@host/name`` (or
``CROSSROADS_BENCH_DATABASE_URL``), a fresh PostgreSQL database
``<name>_bench`` on that server, dropped at the end.

    .venv/bin/python benchmarks/bench_casework.py [--rows 100000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from _database import setup


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows per import file")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CROSSROADS_BENCH_DATABASE_URL", ""),
        help="PostgreSQL server to run against (a fresh <name>_bench database is used)",
    )
    return parser.parse_args()


def _rows(count: int, country: str, seed: int) -> Iterator[dict[str, Any]]:
    """Synthetic records in canonical form, one event of each kind, with an invented identity."""
    from crossroads.cases.demo_identities import invent
    from crossroads.cases.demo_profiles import PROFILES
    from crossroads.cases.demo_records import draw_person, draw_record

    rng = random.Random(seed)
    profile = PROFILES[country]
    for number in range(count):
        year = 2021 + number % 5
        person = draw_person(rng, profile, country)
        document = draw_record(rng, profile, country, year, person)
        events = document.pop("events", {})
        document["events"] = {kind: entries[:1] for kind, entries in events.items()}
        identity = invent(rng, person["citizenship"][0], person["gender"], year - 30)
        yield {
            "client_code": f"B-{number:06d}",
            "identity": (identity.given, identity.family, identity.dob),
            "document": document,
        }


def _write_files(folder: Path, count: int) -> tuple[Path, Path]:
    """The same synthetic rows as an XLSX and a CSV file in the import layout."""
    import csv

    from openpyxl import Workbook

    from crossroads.cases.exporting import cell_value
    from crossroads.cases.importing.columns import Kind, layout
    from crossroads.codebook.loader import load_standard

    standard = load_standard()
    columns = layout(standard)
    header = [column.key for column in columns]
    xlsx_path, csv_path = folder / "records.xlsx", folder / "records.csv"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Records")
    sheet.append(header)
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        for item in _rows(count, "NLD", seed=2025):
            row: list[Any] = [item["client_code"], *item["identity"]]
            row += [
                cell_value(standard, column, item["document"], None)
                for column in columns
                if column.kind in {Kind.FIELD, Kind.EVENT_FIELD}
            ]
            sheet.append(row)
            writer.writerow(["" if value is None else str(value) for value in row])
    workbook.save(xlsx_path)
    return xlsx_path, csv_path


def _officer(code: str) -> Any:
    from crossroads.accounts.models import Role
    from crossroads.testing import make_org, make_user

    org = make_org(code, "NLD", name=f"Benchmark {code}")
    return make_user(f"officer-{code}", Role.DATA_OFFICER, org)


def _import(path: Path, officer: Any) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds of one import through the import job, and the job."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from crossroads.cases.importing.jobs import start_import

    upload = SimpleUploadedFile(path.name, path.read_bytes())
    started, cpu = time.perf_counter(), _cpu_seconds()
    job = start_import(officer, upload, here=True)
    return time.perf_counter() - started, _cpu_seconds() - cpu, job


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its finished children (the import's workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _timed(call: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``call`` in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _list_pages(officer: Any, rows: int) -> list[tuple[str, float]]:
    from django.test import Client

    from crossroads.accounts.models import Role
    from crossroads.testing import PASSWORD, make_user

    caseworker = make_user("bench-caseworker", Role.CASEWORKER, officer.organisation)
    client = Client()
    assert client.login(username=caseworker.username, password=PASSWORD)
    queries = {
        "first page": "",
        f"page {rows // 100:,} of {rows // 50:,}": f"page={rows // 100}",
        f"last page ({rows // 50:,})": f"page={rows // 50}",
        "client code search": "q=B-0123",
        "year 2024": "year=2024",
        "missing information": "completeness=incomplete",
        "gender = male": "f.gender=male",
        "form includes labour": "f.exploitation_forms=labour",
        "labour or sexual, 2023": (
            "f.exploitation_forms=labour&f.exploitation_forms=sexual&year=2023"
        ),
        "migration unknown or not recorded": (
            "f.migration_status=__none__&f.migration_status=unknown"
        ),
        "sorted by client code": "sort=client_code",
        "least complete first": "sort=completeness",
    }
    results = []
    for label, query in queries.items():
        response = client.get(f"/cases/?{query}")
        assert response.status_code == 200, (label, response.status_code)
        url = f"/cases/?{query}"

        def fetch(url: str = url) -> Any:
            return client.get(url)

        results.append((label, _timed(fetch, 7)))
    return results


def _record_save(officer: Any) -> tuple[float, float]:
    from crossroads.cases import services
    from crossroads.cases.models import Case
    from crossroads.testing import minimal_record

    case = Case.objects.filter(organisation=officer.organisation).order_by("id").first()
    assert case is not None
    genders = iter(["male", "female"] * 50)

    def update() -> None:
        case.refresh_from_db()
        services.update_case(
            officer, case, minimal_record(gender=next(genders)), expected_version=case.version,
            from_form=False,
        )  # fmt: skip

    numbers = iter(range(1000))

    def create() -> None:
        services.create_case(officer, f"NEW-{next(numbers)}", minimal_record(), from_form=False)

    return _timed(update, 30), _timed(create, 30)


def main() -> None:
    args = _parse()
    with tempfile.TemporaryDirectory(prefix="crossroads-bench-") as folder_name:
        folder = Path(folder_name)
        drop = setup(args.database_url, folder)
        try:
            from django.db import connection

            load = os.getloadavg()[0]
            print(
                f"Database: {connection.vendor}; {args.rows:,} rows per file; "
                f"load average {load:.1f} on {os.cpu_count()} cores at the start"
            )
            started = time.perf_counter()
            xlsx_path, csv_path = _write_files(folder, args.rows)
            print(f"  (files written in {time.perf_counter() - started:.1f} s)")
            files = (("XLSX", xlsx_path, "bench-xlsx"), ("CSV", csv_path, "bench-csv"))
            for label, path, code in files:
                officer = _officer(code)
                seconds, cpu, job = _import(path, officer)
                assert job.status == "done", (job.status, job.message, job.report.get("groups"))
                phases = job.report["seconds"]
                print(
                    f"Import of {args.rows:,} rows, {label}: {seconds:.1f} s "
                    f"(reading and checking {phases['check']} s, saving {phases['save']} s; "
                    f"CPU {cpu:.1f} s; {job.created_count:,} records created; target < 60 s)"
                )
            seconds, cpu, job = _import(csv_path, officer)
            print(
                f"Import of the same CSV again: {seconds:.1f} s (CPU {cpu:.1f} s; "
                f"{job.unchanged_count:,} records unchanged, {job.created_count} created)"
            )
            print(
                f"Case list, {args.rows:,} records in the organisation "
                "(median of 7; target < 200 ms):"
            )
            for label, ms in _list_pages(officer, args.rows):
                print(f"  {label:<36} {ms:7.1f} ms")
            update_ms, create_ms = _record_save(officer)
            print(
                f"Record save (median of 30; target < 100 ms): "
                f"update {update_ms:.1f} ms, create {create_ms:.1f} ms"
            )
        finally:
            drop()


if __name__ == "__main__":
    main()
    sys.exit(0)
