"""Where a caseworker's request spends its time: a profile of the everyday pages.

Builds a temporary database with one organisation of ``--records`` synthetic
records (the demo's generator), signs a caseworker in through Django's test
client (no network, no server), and for each page prints:

- the median server time of ``--repeat`` requests (without the profiler);
- the share of the profiled time spent rendering templates, in database
  queries, appending audit entries, in the middleware before and after the
  view, and in the rest of the view (forms, permission checks, the codebook).

The shares come from cProfile's cumulative times of Django's
``Template.render`` (outermost call only), ``CursorWrapper._execute`` and
``crossroads.audit.services.record``; the profiler slows Python code more than
the database, so the shares lean towards Python.

    .venv/bin/python benchmarks/profile_requests.py [--records 2000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _database import setup

# (file suffix, function name) whose cumulative time makes up each share.
PARTS = {
    "templates": ("django/template/base.py", "render", "Template"),
    "database": ("django/db/backends/utils.py", "_execute", None),
    "audit": ("crossroads/audit/services.py", "record", None),
}


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite")
    return parser.parse_args()


def _records(officer: Any, count: int) -> list[int]:
    from crossroads.cases import services
    from crossroads.cases.demo_profiles import PROFILES
    from crossroads.cases.demo_records import draw_person, draw_record

    rng = random.Random(7)
    ids = []
    for number in range(count):
        person = draw_person(rng, PROFILES["NLD"], "NLD")
        document = draw_record(rng, PROFILES["NLD"], "NLD", 2021 + number % 5, person)
        case = services.create_case(officer, f"P-{number:05d}", document, from_form=False)
        ids.append(case.pk)
    return ids


def _template_render_key(stats: pstats.Stats) -> list[tuple[str, int, str]]:
    """The profiler's keys of ``django.template.base.Template.render`` (not Node.render)."""
    import inspect

    from django.template.base import Template

    line = inspect.getsourcelines(Template.render)[1]
    return [k for k in stats.stats if k[0].endswith(PARTS["templates"][0]) and k[1] == line]  # type: ignore[attr-defined]


def _shares(profile: cProfile.Profile) -> dict[str, float]:
    stats = pstats.Stats(profile)
    table: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    shares = {}
    for part, (suffix, name, _owner) in PARTS.items():
        if part == "templates":
            keys = _template_render_key(stats)
        else:
            keys = [k for k in table if k[0].endswith(suffix) and k[2] == name]
        shares[part] = sum(table[k][3] for k in keys) / total if total else 0.0
    views = [k for k in table if "/crossroads/" in k[0] and k[0].endswith("views.py")]
    view_total = max((table[k][3] for k in views), default=0.0) / total if total else 0.0
    shares["view, other"] = max(0.0, view_total - shares["templates"] - shares["database"])
    shares["middleware, other"] = max(0.0, 1.0 - sum(shares.values()))
    return shares


def main() -> None:
    args = _parse()
    with tempfile.TemporaryDirectory(prefix="crossroads-profile-") as folder:
        drop = setup(args.database_url, Path(folder))
        try:
            from django.db import connection
            from django.test import Client

            from crossroads.accounts.models import Role
            from crossroads.testing import PASSWORD, make_org, make_user

            org = make_org("profiled", "NLD", name="Profiled member")
            officer = make_user("profile-officer", Role.DATA_OFFICER, org)
            started = time.perf_counter()
            ids = _records(officer, args.records)
            caseworker = make_user("profile-caseworker", Role.CASEWORKER, org)
            client = Client()
            assert client.login(username=caseworker.username, password=PASSWORD)
            print(
                f"Database: {connection.vendor}; {args.records:,} records written in "
                f"{time.perf_counter() - started:.0f} s; load average "
                f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
            )
            pages = {
                "home": "/",
                "case list": "/cases/",
                "case list, filtered": "/cases/?year=2024&f.gender=female",
                "record": f"/cases/{ids[len(ids) // 2]}/",
                "edit form": f"/cases/{ids[len(ids) // 2]}/edit/",
            }
            header = "".join(f"{part:>12}" for part in (*PARTS, "view, other", "middleware"))
            print(f"{'page':<22}{'median':>9}{header}")
            for label, url in pages.items():
                assert client.get(url).status_code == 200, url
                times = []
                for _ in range(args.repeat):
                    begun = time.perf_counter()
                    client.get(url)
                    times.append(1000 * (time.perf_counter() - begun))
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(args.repeat):
                    client.get(url)
                profile.disable()
                shares = _shares(profile)
                cells = "".join(f"{100 * share:>11.0f}%" for share in shares.values())
                print(f"{label:<22}{statistics.median(times):>7.1f}ms{cells}")
        finally:
            drop()


if __name__ == "__main__":
    main()
    sys.exit(0)
