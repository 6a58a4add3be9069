"""Utility cost of differentially private counts against suppression, on the demo network.

For the latest cohort years of the demo network (``BENCH_YEARS``, default 2),
the network and country tables are built four ways from the same accepted
submissions:

* **exact**: the sums without any protection (the reference, never published);
* **suppression**: the sums protected as today (small counts and the cells
  that would reveal them suppressed; by country, as the dashboards use);
* **DP ε=…**: differentially private counts at each budget of
  ``BENCH_EPSILONS`` (default ``1,10``), each drawn ``BENCH_REPEATS`` times
  (default 3) and averaged.

It prints, for each method:

* the share of cells withheld (suppressed) and the mean absolute error of
  the counts shown against the exact ones (cells of every table and scope);
* for the rights indicators of every scope and year: the mean absolute
  error of the rates shown (percentage points, against the exact rates,
  over figures shown both ways), the share of figures that say "not enough
  data", and the share whose "not enough data" status differs from the
  suppression release's and from the exact counts'.

Uses the demo network in ``CROSSROADS_DATA_DIR`` (default ``var/bench-dp``),
building it first when it is missing (a few minutes); computing the
suppressed country tables takes up to a minute per year. Nothing is
published and nothing is spent from the privacy budget.
Run with ``.venv/bin/python benchmarks/bench_dp.py``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

os.environ.setdefault("CROSSROADS_DATA_DIR", str(Path.cwd() / "var" / "bench-dp"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from crossroads.accounts.demo import demo_exists  # noqa: E402
from crossroads.accounts.models import Organisation, User  # noqa: E402
from crossroads.exchange import public  # noqa: E402
from crossroads.exchange.models import NetworkRelease  # noqa: E402
from crossroads.exchange.released import NETWORK, Release  # noqa: E402
from crossroads.exchange.services.aggregation import compute_release  # noqa: E402
from crossroads.monitoring.figurebook import Monitor  # noqa: E402
from crossroads.monitoring.figures import Figure  # noqa: E402
from crossroads.stats.privacy import DiscreteLaplace  # noqa: E402

YEARS = int(os.environ.get("BENCH_YEARS", "2"))
EPSILONS = [float(e) for e in os.environ.get("BENCH_EPSILONS", "1,10").split(",")]
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def exact(mechanism: DiscreteLaplace, values: Sequence[int]) -> list[int]:
    """No noise at all: the private release's path then gives the exact sums."""
    return list(values)


def cells(
    release: Release, scopes: Sequence[str]
) -> dict[tuple[str, str, tuple[str, ...]], int | None]:
    """Every cell of every table of ``scopes``, by (scope, table, categories)."""
    return {
        (scope, name, cell.categories): cell.value
        for scope in scopes
        for name, table in release.tables(scope).items()
        for cell in table.cells()
    }


def figures(releases: Mapping[int, Release]) -> dict[tuple[str, str, int], Figure]:
    """Every indicator figure of every scope and year."""
    return {(f.indicator, f.scope, f.year): f for f in Monitor(releases).all_figures()}


def compare(
    reference: Mapping[int, Release],
    suppressed: Mapping[int, Release],
    candidate: Mapping[int, Release],
) -> dict[str, float]:
    """The utility measures of ``candidate`` against the exact ``reference``."""
    errors: list[float] = []
    withheld = total = 0
    for year, release in reference.items():
        scopes = [s for s in release.scopes if s in suppressed[year].scopes]
        truth = cells(release, scopes)
        shown = cells(candidate[year], scopes)
        for key, value in truth.items():
            total += 1
            got = shown.get(key)
            if got is None:
                withheld += 1
            elif value is not None:
                errors.append(abs(got - value))
    exact_figures = figures(reference)
    suppression_figures = figures(suppressed)
    mine = figures(candidate)
    rate_errors = [
        abs((mine[k].rate or 0) - (f.rate or 0)) * 100
        for k, f in exact_figures.items()
        if f.shown and k in mine and mine[k].shown
    ]
    keys = [k for k in exact_figures if k in mine and k in suppression_figures]
    return {
        "withheld": withheld / total if total else 0.0,
        "count_mae": statistics.fmean(errors) if errors else 0.0,
        "rate_mae": statistics.fmean(rate_errors) if rate_errors else 0.0,
        "not_enough": sum(not mine[k].shown for k in keys) / len(keys),
        "vs_suppression": sum(mine[k].shown != suppression_figures[k].shown for k in keys)
        / len(keys),
        "vs_exact": sum(mine[k].shown != exact_figures[k].shown for k in keys) / len(keys),
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    if not demo_exists():
        if Organisation.objects.exists():
            raise SystemExit(
                "This database holds more than the demo; point CROSSROADS_DATA_DIR "
                "at a scratch folder."
            )
        print("Building the demo network (a few minutes)…", flush=True)
        call_command("demo", no_serve=True)
    analyst = User.objects.get(username="analyst")
    years = sorted(NetworkRelease.objects.values_list("year", flat=True))[-YEARS:]
    started = time.perf_counter()
    for year in years:
        stored = NetworkRelease.objects.get(year=year)
        if not (stored.by_country and public.accepted_key(year) == stored.key):
            print(f"computing the suppressed {year} tables by country…", flush=True)
            compute_release(analyst, year, by_country=True)
    suppressed = public.releases(set(years))
    reference = {y: public.private_release(y, 1.0, noise=exact).release for y in years}
    print(f"years {years}; tables ready in {time.perf_counter() - started:.1f} s", flush=True)
    rows = [("suppression", compare(reference, suppressed, suppressed))]
    for epsilon in EPSILONS:
        runs = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            private = {y: public.private_release(y, epsilon).release for y in years}
            seconds = time.perf_counter() - started
            runs.append(compare(reference, suppressed, private))
        averaged = {k: statistics.fmean(r[k] for r in runs) for k in runs[0]}
        rows.append((f"DP ε={epsilon:g}", averaged))
        print(f"  (one DP release of {len(years)} years: {seconds:.1f} s)", flush=True)
    header = (
        f"{'method':<14} {'cells withheld':>14} {'count MAE':>10} {'rate MAE pp':>12} "
        f"{'not enough':>11} {'status ≠ suppr.':>16} {'status ≠ exact':>15}"
    )
    print(header)
    for name, m in rows:
        print(
            f"{name:<14} {m['withheld']:>14.1%} {m['count_mae']:>10.2f} {m['rate_mae']:>12.2f} "
            f"{m['not_enough']:>11.1%} {m['vs_suppression']:>16.1%} {m['vs_exact']:>15.1%}"
        )
    scopes = len(reference[years[-1]].scopes)
    print(f"({scopes} scopes in {years[-1]}: the network and {scopes - 1} countries; "
          f"{NETWORK} totals add the noise of every country)")  # fmt: skip


if __name__ == "__main__":
    main()
    sys.exit(0)
