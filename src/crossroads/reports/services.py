"""Building reports from the latest accepted data, and publishing a year. Each step is audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from crossroads.accounts.models import User
from crossroads.accounts.permissions import is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.codebook.loader import CURRENT_VERSION
from crossroads.exchange.catalogue import CATALOGUE_VERSION
from crossroads.monitoring.indicators import MIN_DENOMINATOR
from crossroads.monitoring.monitor import Monitor
from crossroads.monitoring.presenters import profile_snapshots
from crossroads.monitoring.sources import Release, latest_accepted
from crossroads.reports.builder import ReportError, ReportFiles, ReportInput, build
from crossroads.reports.models import Publication

SNAPSHOT_FORMAT = "crossroads-publication/1"


def report_input(
    year: int, releases: dict[int, Release], profiles: dict[str, Any], language: str
) -> ReportInput:
    """The report of ``year`` over every cohort year up to it."""
    covered = {y: r for y, r in releases.items() if y <= year}
    if year not in covered:
        raise ReportError(f"There is no accepted data for {year}.")
    return ReportInput(
        year, Monitor(covered), profiles, language=language, demo=settings.CROSSROADS_DEMO
    )


def generate_report(user: User | None, year: int, language: str = "en") -> ReportFiles:
    """The report of ``year`` from the latest accepted data (an analyst's draft or the command)."""
    if user is not None and not is_analyst(user):
        raise PermissionError("only network analysts build reports")
    files = build(report_input(year, latest_accepted(), profile_snapshots(), language))
    record(user, Action.EXPORT, object_type="report", object_id=year,
           summary=f"Built the {year} monitoring report",
           detail={"html_sha256": files.html_sha256, "pdf_sha256": files.pdf_sha256})  # fmt: skip
    return files


def publish_year(user: User, year: int, language: str = "en") -> Publication:
    """Freeze the released figures of ``year`` (and the years its report covers) and its report.

    The snapshot holds only what disclosure control released: suppressed cells
    stay None. Publishing again makes a new version; the public sees the latest.
    """
    if not is_analyst(user):
        raise PermissionError("only network analysts publish")
    releases = latest_accepted()
    profiles = profile_snapshots()
    data = report_input(year, releases, profiles, language)
    files = build(data)
    monitor = data.monitor
    snapshot = {
        "format": SNAPSHOT_FORMAT,
        "year": year,
        "standard_version": CURRENT_VERSION,
        "catalogue_version": CATALOGUE_VERSION,
        "min_denominator": MIN_DENOMINATOR,
        "releases": {str(y): r.to_dict() for y, r in monitor.releases.items()},
        "figures": [f.to_dict() for f in monitor.all_figures()],
        "profiles": {c: p for c, p in profiles.items() if c in monitor.countries},
    }
    with transaction.atomic():
        latest = Publication.objects.filter(year=year).aggregate(v=Max("version"))["v"] or 0
        publication = Publication.objects.create(
            year=year, version=latest + 1, published_at=timezone.now(), published_by=user,
            snapshot=snapshot, report_html=files.html, report_pdf=files.pdf,
            html_sha256=files.html_sha256, pdf_sha256=files.pdf_sha256,
        )  # fmt: skip
        detail = {
            "year": year,
            "version": publication.version,
            "contributors": [c.code for c in monitor.releases[year].contributors],
            "html_sha256": files.html_sha256,
            "pdf_sha256": files.pdf_sha256,
        }
        summary = f"Published the {year} figures and report (version {publication.version})"
        record(user, Action.PUBLISH, object_type="publication", object_id=publication.pk,
               summary=summary, detail=detail)  # fmt: skip
    return publication


def current_publications() -> list[Publication]:
    """The latest version of each published year, newest year first."""
    seen: set[int] = set()
    result = []
    for publication in Publication.objects.defer("report_html", "report_pdf").order_by(
        "-year", "-version"
    ):
        if publication.year not in seen:
            seen.add(publication.year)
            result.append(publication)
    return result


def publication_for(year: int) -> Publication | None:
    """The latest publication of ``year``."""
    return Publication.objects.filter(year=year).order_by("-version").first()


def published_monitor(publication: Publication) -> Monitor:
    """The figures as published: built only from the snapshot's released tables."""
    releases = {int(y): Release.from_dict(r) for y, r in publication.snapshot["releases"].items()}
    return Monitor(releases)
