"""The annual joint monitoring report: one self-contained HTML document, and its PDF.

The HTML holds its CSS, its charts (SVG) and the small chart script inline,
so it opens anywhere without a server or a network. The PDF is the same
document rendered by WeasyPrint with the print rules of ``report.css``
(cover, contents with page numbers, running headers, page numbers). The
charts are the same SVG in both.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from crossroads.codebook.loader import CURRENT_VERSION
from crossroads.collation import sorted_by_text
from crossroads.estimation.publication import PublishedEstimate
from crossroads.exchange.catalogue import CATALOGUE_VERSION
from crossroads.exchange.released import NETWORK
from crossroads.monitoring import charts
from crossroads.monitoring.dashboards import offered_pooled, pooled_label
from crossroads.monitoring.figurebook import FigureBook
from crossroads.monitoring.indicators import INDICATORS, MIN_DENOMINATOR, NOT_COMPUTED, RIGHT_TITLES
from crossroads.monitoring.pooled import PooledFigures
from crossroads.monitoring.presenters import country_name, snapshot_groups

KEY_COMPARISONS = ("R2.1", "R3.1", "R4.1", "R6.2", "R7.3", "R8.2")
ASSETS = ("crossroads/css/charts.css", "crossroads/css/report.css")


@dataclass
class ReportInput:
    """What a report is made of. ``monitor`` holds the figures of the years it covers;
    ``estimates`` the hidden-victim estimates published for the report's cohort year,
    their texts already in the report's language."""

    year: int
    monitor: FigureBook
    profiles: dict[str, dict[str, Any]]
    language: str = "en"
    demo: bool = False
    generated_at: datetime = field(default_factory=timezone.now)
    title: str = ""
    estimates: tuple[PublishedEstimate, ...] = ()
    pooled: PooledFigures | None = None
    """Figures of the three-year cohorts offered where a year has not enough data (the
    draft report only: a publication freezes single years)."""


@dataclass(frozen=True)
class ReportFiles:
    html: str
    pdf: bytes

    @property
    def html_sha256(self) -> str:
        return hashlib.sha256(self.html.encode()).hexdigest()

    @property
    def pdf_sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


class ReportError(ValueError):
    """The report cannot be built (e.g. no accepted data for the year)."""


def _asset(path: str) -> str:
    found = finders.find(path)
    if not found:
        raise ReportError(f"static asset {path} is missing")
    return Path(str(found)).read_text(encoding="utf-8")


def context(data: ReportInput) -> dict[str, Any]:
    """Everything the report template shows, in the report's language."""
    monitor, year, language = data.monitor, data.year, data.language
    if year not in monitor.years:
        raise ReportError(f"there is no accepted data for {year}")
    release = monitor.year_info(year)
    monitor.preload([(y, s) for y in monitor.years for s in monitor.scopes(y)])
    network = [(spec, monitor.figure(spec.code, NETWORK, year)) for spec in INDICATORS]
    rights = defaultdict(list)
    for spec, figure in network:
        rights[spec.right].append((spec, figure))
    estimates = {e.country: e for e in data.estimates}
    by_country: dict[str, list[str]] = defaultdict(list)
    for contributor in release.contributors:
        by_country[contributor.country].append(contributor.name)
    countries = []
    for code in release.countries:
        countries.append(
            {
                "code": code,
                "name": country_name(code, language),
                "profile": snapshot_groups(data.profiles[code], language)
                if code in data.profiles
                else None,
                "demo_profile": bool(data.profiles.get(code, {}).get("demo_content")),
                "figures": [
                    (
                        spec,
                        monitor.figure(spec.code, code, year),
                        monitor.figure(spec.code, NETWORK, year),
                        offered_pooled(monitor, data.pooled, spec.code, code, year),
                    )
                    for spec in INDICATORS
                ],
                "cohort": monitor.cohort(code, year),
                "members": sorted_by_text(by_country.get(code, []), str),
                "trend": charts.indicators_trend(monitor, code),
                "gap": charts.identification_gap(monitor, code),
                "funnel": charts.compensation_funnel(monitor, code, year),
                "estimate": estimates.get(code),
            }
        )
    countries = sorted_by_text(countries, lambda c: str(c["name"]))
    window = data.pooled.window(year) if data.pooled is not None else None
    return {
        "year": year,
        "pooled_label": pooled_label(*window) if window is not None else "",
        "language": language,
        "title": data.title,
        "demo": data.demo,
        "generated_at": data.generated_at,
        "years": monitor.years,
        "standard_version": CURRENT_VERSION,
        "catalogue_version": CATALOGUE_VERSION,
        "rule": release.rule,
        "min_denominator": MIN_DENOMINATOR,
        "contributors": sorted(release.contributors, key=lambda c: (c.country, c.name)),
        "contributor_countries": sorted_by_text(
            (
                (country_name(c, language), sorted_by_text(names, str))
                for c, names in by_country.items()
            ),
            lambda row: row[0],
        ),
        "member_count": release.members,
        "country_count": len({c.country for c in release.contributors}),
        "by_country": bool(release.countries),
        "incomplete": monitor.coverage(year).incomplete,
        "best_covered": monitor.coverage(year).best,
        "cohort": monitor.cohort(NETWORK, year),
        "network": network,
        "rights": [(RIGHT_TITLES[right].get(language), rows) for right, rows in rights.items()],
        "indicators": INDICATORS,
        "not_computed": NOT_COMPUTED,
        "trend": charts.indicators_trend(monitor, NETWORK),
        "gap": charts.identification_gap(monitor, NETWORK),
        "permits": charts.permits_gap(monitor, NETWORK),
        "funnel": charts.compensation_funnel(monitor, NETWORK, year),
        "forms": charts.forms(monitor, NETWORK, year),
        "comparisons": [charts.comparison(monitor, code, year) for code in KEY_COMPARISONS],
        "countries": countries,
        "estimates": sorted(
            ({"name": country_name(e.country, language), "estimate": e} for e in data.estimates),
            key=lambda item: str(item["name"]),
        ),
        "css": "\n".join(_asset(path) for path in ASSETS),
        "script": _asset("crossroads/js/charts.js"),
    }  # fmt: skip


def render_html(data: ReportInput) -> str:
    """The self-contained HTML report."""
    with translation.override(data.language):
        return render_to_string("reports/report.html", context(data))


def render_pdf(html: str) -> bytes:
    """The PDF of a report's HTML (print rules apply); no outside resource is fetched."""
    from weasyprint import HTML

    def refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise ReportError(f"the report must not load {url}")

    # Tagged PDF/UA-1: structure, reading order and the document's language (from the
    # html element's lang) for screen readers.
    pdf = HTML(string=html, url_fetcher=refuse).write_pdf(pdf_variant="pdf/ua-1")
    assert isinstance(pdf, bytes)
    return pdf


def build(data: ReportInput) -> ReportFiles:
    """The report as HTML and PDF."""
    html = render_html(data)
    return ReportFiles(html=html, pdf=render_pdf(html))


def content_security_policy(html: str) -> str:
    """A policy that lets a stored report run only its own inline style and script."""
    hashes = {
        kind: [
            "'sha256-" + _b64(hashlib.sha256(body.encode()).digest()) + "'"
            for body in re.findall(rf"<{kind}>(.*?)</{kind}>", html, flags=re.S)
        ]
        for kind in ("style", "script")
    }
    return "; ".join(
        [
            "default-src 'none'",
            "style-src " + (" ".join(hashes["style"]) or "'none'"),
            "script-src " + (" ".join(hashes["script"]) or "'none'"),
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def _b64(digest: bytes) -> str:
    import base64

    return base64.b64encode(digest).decode()
