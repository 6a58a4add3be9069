"""Server time of every statistics and public page on the demo network, and the rebuild of
the figures' read model after one accepted submission.

Prints, for each page, the median (p50) and 95th percentile (p95) of the
server's time over 20 requests (Django's test client: the whole request,
middleware and templates included, no network), then the time to rebuild
the figures of one year after a submission is accepted.

Targets on an otherwise idle two-core machine: every page p95 under 300 ms;
the rebuild of one year under 10 s.

Uses the demo network in ``CROSSROADS_DATA_DIR`` (default ``var/bench-figures``),
building it first when it is missing (a few minutes). The rebuild step
accepts one waiting submission, so run it on a scratch copy of the demo:
the benchmark never touches a database that holds anything but the demo.
Run with ``.venv/bin/python benchmarks/bench_figures.py [--pages-only]``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("CROSSROADS_DATA_DIR", str(Path.cwd() / "var" / "bench-figures"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from crossroads.accounts.demo import demo_exists  # noqa: E402
from crossroads.accounts.models import Organisation, User  # noqa: E402
from crossroads.monitoring import readmodel  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
PAGE_TARGET = 0.300
REBUILD_TARGET = 10.0


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client: Client, url: str) -> tuple[int, float, float]:
    """Status, p50 and p95 seconds of ``REQUESTS`` requests of ``url`` (after one warm-up)."""
    status = client.get(url).status_code
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return status, statistics.median(times), percentile(times, 0.95)


def pages() -> list[tuple[str, str, bool]]:
    """(label, url, signed in) of every statistics and public page."""
    from crossroads.reports.services import current_publications, published_figures

    country = "NLD"
    published = current_publications()
    year = published[0].year if published else 2024
    # The public country page needs a country of the published year (a demo built and
    # published while its country tables were still computed may lack the Netherlands).
    public_countries = (
        sorted(published_figures(published[0]).year_info(year).countries) if published else []
    )
    public_country = (
        country if country in public_countries or not public_countries else (public_countries[0])
    )
    return [
        ("monitoring overview", "/monitoring/", True),
        ("country dashboard", f"/monitoring/countries/{country}/", True),
        ("country dashboard (alpha-2)", "/monitoring/countries/nl/", True),
        ("unknown country (404)", "/monitoring/countries/XXX/", True),
        ("chart CSV", "/monitoring/charts/gap-network.csv", True),
        ("network tables", "/exchange/network/", True),
        ("network tables of a year", f"/exchange/network/{year}/", True),
        ("inbox", "/exchange/inbox/", True),
        ("reports", "/reports/", True),
        ("public home", "/public/", False),
        ("public year", f"/public/{year}/", False),
        ("public country", f"/public/{year}/countries/{public_country}/", False),
        ("public chart CSV", f"/public/{year}/charts/gap-network.csv", False),
        ("public unknown country (404)", f"/public/{year}/countries/XXX/", False),
    ]


def main() -> None:
    # A fresh data directory has no tables yet: create them before asking for the demo.
    call_command("migrate", verbosity=0)
    if not demo_exists():
        if Organisation.objects.exists():
            raise SystemExit("This database holds more than the demo; point CROSSROADS_DATA_DIR "
                             "at a scratch directory.")  # fmt: skip
        print("Building the demo network (a few minutes)…", flush=True)
        call_command("demo", no_serve=True)
    analyst = User.objects.get(username="analyst")
    started = time.perf_counter()
    _figure_set, years = readmodel.rebuild()
    print(f"read model brought up to date ({len(years)} years recomputed): "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    signed_in, anonymous = Client(), Client()
    signed_in.force_login(analyst)
    slowest = 0.0
    print(f"{'page':34} {'status':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for label, url, needs_sign_in in pages():
        status, p50, p95 = measure(signed_in if needs_sign_in else anonymous, url)
        slowest = max(slowest, p95)
        print(f"{label:34} {status:>6} {p50 * 1000:8.0f} {p95 * 1000:8.0f}", flush=True)
    print(f"slowest p95: {slowest * 1000:.0f} ms (target under {PAGE_TARGET * 1000:.0f} ms)")
    if "--pages-only" in sys.argv:
        return
    rebuild(analyst)


def rebuild(analyst: User) -> None:
    """Accept one waiting submission and time the work that brings the figures up to date."""
    from crossroads.exchange.models import Status, Submission
    from crossroads.exchange.services.submissions import accept

    waiting = Submission.objects.filter(status=Status.SUBMITTED).order_by("-year").first()
    if waiting is None:
        print("rebuild: no submission is waiting for review in this demo; skipped")
        return
    accept(analyst, waiting)
    started = time.perf_counter()
    _figure_set, years = readmodel.rebuild()
    seconds = time.perf_counter() - started
    print(f"rebuilding the figures of {years} after accepting {waiting}: {seconds:.1f} s "
          f"(target under {REBUILD_TARGET:.0f} s; the year's tables are recomputed by "
          "the exchange's task before this)")  # fmt: skip


if __name__ == "__main__":
    main()
