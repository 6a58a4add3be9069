"""Benchmark of the API with 100,000 records: list and read latencies, and creating records.

Prints:

- the time to create ``--create`` records (10,000 by default) one request at a time
  through ``POST /api/v1/records`` (token check, request limit, validation, save,
  revision and audit entries: all of a real request but the network);
- list latencies at 100,000 records in the organisation (target: p95 under 150 ms per
  page of 50): the first page, a page 50,000 records deep by cursor, a filtered list and
  another order;
- read latency of one record (target: p95 under 50 ms).

The records beyond those created through the API are copies made directly in the
database, since only their number matters to the list and the read. Requests go
through Django's test client in this process. It builds a temporary database of its own
(SQLite, or ``--database-url postgres://…`` for a fresh ``<name>_bench`` database).

    .venv/bin/python benchmarks/bench_api.py [--records 100000] [--create 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from _database import setup


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000, help="records in the organisation")
    parser.add_argument("--create", type=int, default=10_000, help="records created by the API")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CROSSROADS_BENCH_DATABASE_URL", ""),
        help="PostgreSQL server to run against (a fresh <name>_bench database is used)",
    )
    return parser.parse_args()


def _record(rng: random.Random) -> dict[str, Any]:
    from crossroads.testing import minimal_record

    year = rng.choice([2021, 2022, 2023, 2024])
    return minimal_record(
        year_of_registration=year,
        first_contact_date=f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        gender=rng.choice(["female", "male"]),
        exploitation_forms=[rng.choice(["sexual", "labour"])],
        case_status=rng.choice(["active", "closed"]),
    )


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms"


def _timed(call: Callable[[], Any], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = call()
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, response.content[:300]
    return samples


def _copies(officer: Any, count: int) -> None:
    """Fill the organisation up to ``count`` records with copies of those created."""
    from django.utils import timezone

    from crossroads.cases.models import Case

    made = list(Case.objects.filter(organisation=officer.organisation))
    missing = count - len(made)
    now = timezone.now()
    batch: list[Case] = []
    for number in range(missing):
        model = made[number % len(made)]
        copy = Case(
            **{
                f.attname: getattr(model, f.attname)
                for f in Case._meta.concrete_fields
                if not f.primary_key
            }
        )
        copy.client_code = f"COPY-{number:07d}"
        copy.updated_at = now - timedelta(seconds=number)
        batch.append(copy)
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch = []
    Case.objects.bulk_create(batch)


def main() -> None:
    args = _parse()
    with tempfile.TemporaryDirectory(prefix="crossroads-bench-api-") as folder:
        # No API throttling and no request log: the benchmark measures the requests.
        os.environ["CROSSROADS_API_REQUESTS_PER_MINUTE"] = str(10**9)
        os.environ["CROSSROADS_REQUEST_LOG_LEVEL"] = "WARNING"
        drop = setup(args.database_url, Path(folder))
        try:
            _run(args)
        finally:
            drop()


def _run(args: argparse.Namespace) -> None:
    from django.test import Client

    from crossroads.accounts import tokens
    from crossroads.accounts.models import Role
    from crossroads.api.cursors import make_cursor
    from crossroads.cases.models import Case
    from crossroads.testing import make_org, make_user

    org = make_org("bench-api", "NLD", name="Benchmark")
    officer = make_user("officer-bench-api", Role.DATA_OFFICER, org)
    secret = tokens.create_token(
        officer, "bench", ["records:read", "records:write"], 30, verified_by="password"
    )[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    rng = random.Random(7)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    start, cpu = time.perf_counter(), time.process_time()
    for number in range(args.create):
        body = {"client_code": f"API-{number:06d}", "data": _record(rng)}
        response = client.post("/api/v1/records", data=body, content_type="application/json")
        assert response.status_code == 201, response.content[:300]
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"create {args.create:,} records through the API: {wall:.1f} s "
        f"({wall / args.create * 1000:.1f} ms each; CPU {cpu:.1f} s)"
    )

    _copies(officer, args.records)
    total = Case.objects.filter(organisation=org).count()
    print(f"records in the organisation: {total:,}")
    deep = Case.objects.filter(organisation=org).order_by("-updated_at", "-id")[total // 2]
    deep_code = Case.objects.filter(organisation=org).order_by("client_code")[total // 2]
    lists = {
        "first page": "/api/v1/records",
        "half-way down, by cursor": "/api/v1/records?cursor=" + make_cursor("updated", deep),
        "filtered: year and gender": "/api/v1/records?year=2023&f.gender=female",
        "by client code, half-way down": "/api/v1/records?sort=client_code&cursor="
        + make_cursor("client_code", deep_code),
    }
    for label, url in lists.items():
        print(f"list, {label:30}: {_percentiles(_timed(partial(client.get, url), 30))}")
    ids = list(Case.objects.filter(organisation=org).values_list("pk", flat=True))
    reads = _timed(lambda: client.get(f"/api/v1/records/{rng.choice(ids)}"), 200)
    print(f"{'read one record':36}: {_percentiles(reads)}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
