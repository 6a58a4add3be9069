"""Pooled three-year tables on the demo network: protection and the joint audit, timed.

Prints wall-clock and CPU seconds of :func:`crossroads.exchange.services.pooling.pool`
for the demo's window 2023–2025 (20 countries, every country's tables of
three years published): the protection of the pooled tables, each round of
the joint audit with the years' tables, and the whole (target: under two
minutes on an idle two-core machine, so that the demo's own pooling task
does not hold up building it).

Builds the demo network in a temporary SQLite database first (several
minutes: every year's country tables are protected), unless
``CROSSROADS_DATA_DIR`` names the folder of a demo built already
(``crossroads demo --no-serve``). Run with
``.venv/bin/python benchmarks/bench_pooling.py``.
"""

from __future__ import annotations

import io
import itertools
import os
import tempfile
import time

FIRST_YEAR = 2023


def main() -> None:
    built = bool(os.environ.get("CROSSROADS_DATA_DIR"))
    if not built:
        os.environ.pop("DATABASE_URL", None)
        os.environ["CROSSROADS_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-pooling-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from crossroads.exchange.services import pooling

    if not built:
        print("Building the demo network (several minutes)…", flush=True)
        call_command("demo", no_serve=True, stdout=io.StringIO())
    started, started_cpu = time.perf_counter(), time.process_time()
    marks: list[tuple[str, float, float]] = []

    def mark(message: str) -> None:
        marks.append((message, time.perf_counter(), time.process_time()))

    result = pooling.pool(FIRST_YEAR, mark)
    ended, ended_cpu = time.perf_counter(), time.process_time()
    marks.append(("end", ended, ended_cpu))
    print(f"Pooling {FIRST_YEAR}–{FIRST_YEAR + pooling.WINDOW - 1} on the demo network:")
    for (message, wall, cpu), (_next, next_wall, next_cpu) in itertools.pairwise(marks):
        print(f"  {message}: {next_wall - wall:.1f} s (CPU {next_cpu - cpu:.1f} s)")
    audit = result.audit
    print(
        f"  total: {ended - started:.1f} s (CPU {ended_cpu - started_cpu:.1f} s; target under "
        f"120 s on an idle two-core machine); {audit['rounds']} audit rounds, "
        f"{audit['linear_programs']} linear programs, {audit['suppressed_cells']} suppressed "
        f"cells; {len(result.countries)} countries pooled, {len(result.withheld)} withheld"
    )
    print(f"  load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} processors")


if __name__ == "__main__":
    main()
