"""Time to build the full annual report for 25 countries x 5 years, and the size of its PDF.

Target: under 60 s on the reference machine (2 cores). The released tables are
synthetic (``crossroads.monitoring.synthetic``): the benchmark measures the
indicators, charts, HTML and PDF, not the exchange's aggregation.
"""

from __future__ import annotations

import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
django.setup()

from crossroads.monitoring.demo_profiles import COUNTRIES as DEMO_COUNTRIES  # noqa: E402
from crossroads.monitoring.demo_profiles import answers  # noqa: E402
from crossroads.monitoring.figurebook import Monitor  # noqa: E402
from crossroads.monitoring.synthetic import synthetic_releases  # noqa: E402
from crossroads.reports.builder import ReportInput, render_html, render_pdf  # noqa: E402

COUNTRIES = [*DEMO_COUNTRIES, "LVA", "EST", "SVN", "FIN", "DNK"]
YEARS = [2021, 2022, 2023, 2024, 2025]
TARGET_SECONDS = 60.0


def profile(country: str) -> dict[str, object]:
    values = answers(country) if country in DEMO_COUNTRIES else answers("LTU")
    return {
        "country": country,
        "demo_content": True,
        "answers": {
            item: {"value": value, "source": "Synthetic", "source_date": "2025-01-01", "note": ""}
            for item, value in values.items()
        },
    }


def main() -> None:
    assert len(COUNTRIES) == 25
    started = time.perf_counter()
    monitor = Monitor(synthetic_releases(COUNTRIES, YEARS, seed=3))
    data = ReportInput(2025, monitor, {c: profile(c) for c in COUNTRIES}, demo=True)
    html = render_html(data)
    rendered = time.perf_counter()
    pdf = render_pdf(html)
    finished = time.perf_counter()
    total = finished - started
    print(f"countries x years:      {len(COUNTRIES)} x {len(YEARS)}")
    print(f"HTML (figures, charts): {rendered - started:6.1f} s, {len(html) / 1e6:.2f} MB")
    print(f"PDF (WeasyPrint):       {finished - rendered:6.1f} s, {len(pdf) / 1e6:.2f} MB")
    print(f"full report:            {total:6.1f} s (target under {TARGET_SECONDS:.0f} s)")
    if total > TARGET_SECONDS:
        raise SystemExit(f"the report took {total:.1f} s, over the {TARGET_SECONDS:.0f} s target")


if __name__ == "__main__":
    main()
