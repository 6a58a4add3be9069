"""Benchmark of appending to the audit log, alone and under concurrent requests.

Every read of a record, every list and every change appends an audit entry,
so an append that serialises requests caps the whole product's throughput.
Prints:

- one append in autocommit (a read view), mean and p95 over 2,000 appends;
- concurrent requests: each thread runs transactions that append an entry
  and then do a few milliseconds of other work before committing (as a save
  does: the entry is written, then the revision, then the commit), with
  8, 32 and 50 threads: requests per second and p50 / p95 latency;
- sealing (hash-chaining and signing a checkpoint) of the entries written,
  in entries per second.

It builds a temporary database of its own: a SQLite file in a temporary
folder by default, or, with ``--database-url postgres://user@host/name`` (or
``CROSSROADS_BENCH_DATABASE_URL``), a fresh PostgreSQL database
``<name>_bench`` on that server, dropped at the end.

    .venv/bin/python benchmarks/bench_audit.py [--database-url URL] [--work-ms 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from _database import percentile, setup


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CROSSROADS_BENCH_DATABASE_URL", ""),
        help="PostgreSQL server to run against (a fresh <name>_bench database is used)",
    )
    parser.add_argument("--work-ms", type=float, default=3.0, help="other work per transaction")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each concurrent run")
    return parser.parse_args()


def _sequential(user: object) -> None:
    from crossroads.audit.models import Action
    from crossroads.audit.services import record

    times = []
    for number in range(2000):
        started = time.perf_counter()
        record(user, Action.READ, object_type="case", object_id=number, summary="Viewed")  # type: ignore[arg-type]
        times.append(1000 * (time.perf_counter() - started))
    print(
        f"one append, autocommit: mean {statistics.mean(times):.2f} ms, "
        f"p95 {percentile(times, 0.95):.2f} ms"
    )


def _concurrent(user: object, threads: int, work_ms: float, seconds: float) -> None:
    from django.db import connections, transaction

    from crossroads.audit.models import Action
    from crossroads.audit.services import record

    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(number: int) -> None:
        mine = []
        try:
            while time.perf_counter() < stop:
                started = time.perf_counter()
                with transaction.atomic():
                    record(user, Action.UPDATE, object_type="case", object_id=number,  # type: ignore[arg-type]
                           summary="Changed")  # fmt: skip
                    time.sleep(work_ms / 1000)
                mine.append(1000 * (time.perf_counter() - started))
        finally:
            connections.close_all()
            with lock:
                latencies.extend(mine)

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    print(
        f"{threads:>3} concurrent requests ({work_ms:g} ms of other work each): "
        f"{len(latencies) / elapsed:7.0f} requests/s, p50 {percentile(latencies, 0.5):7.1f} ms, "
        f"p95 {percentile(latencies, 0.95):7.1f} ms"
    )


def _sealing() -> None:
    try:
        from crossroads.audit.sealing import seal
    except ImportError:
        print("sealing: not applicable (entries are chained as they are appended)")
        return
    from crossroads.audit.models import AuditEntry

    waiting = AuditEntry.objects.filter(seq__isnull=True).count()
    started = time.perf_counter()
    seal()
    elapsed = time.perf_counter() - started
    rate = waiting / max(elapsed, 1e-9)
    print(f"sealing {waiting} entries: {elapsed:.1f} s ({rate:,.0f} entries/s)")


def main() -> None:
    args = _parse()
    with tempfile.TemporaryDirectory() as folder:
        drop = setup(args.database_url, Path(folder))
        try:
            from django.db import connection

            from crossroads.accounts.models import Role
            from crossroads.testing import make_org, make_user

            print(f"database: {connection.vendor}")
            organisation = make_org("bench", "NLD")
            user = make_user("bench", Role.CASEWORKER, organisation)
            _sequential(user)
            for threads in (8, 32, 50):
                _concurrent(user, threads, args.work_ms, args.seconds)
            _sealing()
        finally:
            drop()


if __name__ == "__main__":
    main()
