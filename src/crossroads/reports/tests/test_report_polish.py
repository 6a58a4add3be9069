"""The report reads well: no missing words, the suppression rule in plain numbers, the
reader's dates and thousands separators, whole chart labels, and a tagged PDF."""

from __future__ import annotations

import re
import zlib
from datetime import UTC, datetime

import pytest

from crossroads.core.charts import BarChart, GapChart, Series
from crossroads.monitoring.figurebook import Monitor
from crossroads.monitoring.synthetic import synthetic_releases
from crossroads.reports.builder import ReportInput, render_html, render_pdf


@pytest.fixture(scope="module")
def html() -> str:
    releases = synthetic_releases(["NLD", "GRC"], [2023, 2024, 2025], seed=5, size=(900, 1200))
    data = ReportInput(
        2025, Monitor(releases), {}, generated_at=datetime(2026, 12, 3, 10, tzinfo=UTC)
    )
    return render_html(data)


def test_the_findings_name_the_first_year_of_the_trend(html: str) -> None:
    assert "then the trend since 2023." in html


def test_the_methodology_states_the_largest_suppressed_count(html: str) -> None:
    assert "counts from 1 to 9 are suppressed" in html
    assert "minus one" not in html


def test_dates_are_written_day_month_year_and_counts_with_thousands_separators(
    html: str,
) -> None:
    assert "Produced on 3 December 2026" in html and "Dec." not in html
    cohort = re.search(r"Persons in the cohort</dt><dd>([^<]+)</dd>", html)
    assert cohort is not None and re.fullmatch(r"\d{1,3}(,\d{3})+", cohort.group(1))


def test_a_french_report_uses_french_dates_and_separators() -> None:
    releases = synthetic_releases(["NLD"], [2025], seed=5, size=(900, 1200))
    data = ReportInput(
        2025, Monitor(releases), {}, language="fr",
        generated_at=datetime(2026, 12, 3, 10, tzinfo=UTC),
    )  # fmt: skip
    html = render_html(data)
    assert "Produit le 3 décembre 2026" in html


def test_long_category_names_wrap_instead_of_being_cut_to_the_same_word() -> None:
    forms = ("Forced labour or services", "Forced criminal activities", "Forced begging",
             "Forced marriage", "Domestic servitude", "Sexual exploitation")  # fmt: skip

    chart = BarChart(
        key="forms", title="Forms", description="", categories=forms,
        series=(Series("s", "Share of persons", (0.4, 0.3, 0.1, 0.1, 0.05, 0.05)),),
        percent=True, width=760,
    )  # fmt: skip
    svg = chart.svg()
    assert ">Forced…<" not in svg
    assert "activities<" in svg and "services<" in svg


def test_gap_labels_and_the_table_write_the_gap_the_same_way() -> None:
    chart = GapChart(
        key="gap", title="Gap", description="", categories=("2024", "2025"),
        series=(
            Series("a", "Assisted", (1378.0, 200.0)), Series("b", "Identified", (297.0, 213.0))
        ),
    )  # fmt: skip
    svg = chart.svg()
    assert ">1,081<" in svg and ">+13<" in svg and "−" not in svg
    assert [row[3] for row in chart.table().rows] == ["1,081", "+13"]


def test_the_pdf_is_tagged_for_accessibility_with_its_language(html: str) -> None:
    pdf = render_pdf(html)
    streams = [pdf]
    for body in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        try:
            streams.append(zlib.decompress(body))
        except zlib.error:
            continue
    content = b"".join(streams)
    assert b"/StructTreeRoot" in content and b"/MarkInfo" in content
    assert b"/Lang (en)" in content or b"/Lang(en)" in content
    assert b"pdfuaid" in content
