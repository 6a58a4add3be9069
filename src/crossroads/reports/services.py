"""Building reports from the latest accepted data, and publishing a year. Each step is audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import User
from crossroads.accounts.permissions import is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.codebook.loader import CURRENT_VERSION
from crossroads.exchange import public
from crossroads.exchange.catalogue import CATALOGUE_VERSION
from crossroads.exchange.public import Release
from crossroads.monitoring import readmodel
from crossroads.monitoring.figurebook import FigureBook, Monitor
from crossroads.monitoring.indicators import MIN_DENOMINATOR
from crossroads.monitoring.presenters import profile_snapshots
from crossroads.reports.builder import ReportError, ReportFiles, ReportInput, build
from crossroads.reports.models import Publication

SNAPSHOT_FORMAT = "crossroads-publication/1"


def report_input(
    year: int, figures: FigureBook, profiles: dict[str, Any], language: str
) -> ReportInput:
    """The report of ``year`` over every cohort year up to it."""
    if year not in figures.years:
        raise ReportError(f"There is no accepted data for {year}.")
    return ReportInput(
        year, figures.up_to(year), profiles, language=language, demo=settings.CROSSROADS_DEMO
    )


def accepted_figures() -> FigureBook:
    """The stored figures of the latest accepted data (what the dashboards show)."""
    figures = readmodel.stored(readmodel.ACCEPTED)
    if figures is None:
        raise ReportError("The figures have not been computed yet.")
    return figures


def generate_report(user: User | None, year: int, language: str = "en") -> ReportFiles:
    """The report of ``year`` from the latest accepted data (an analyst's draft or the command)."""
    if user is not None and not is_analyst(user):
        raise PermissionError("only network analysts build reports")
    files = build(report_input(year, accepted_figures(), profile_snapshots(), language))
    record(user, Action.EXPORT, object_type="report", object_id=year,
           summary=f"Built the {year} monitoring report",
           detail={"html_sha256": files.html_sha256, "pdf_sha256": files.pdf_sha256})  # fmt: skip
    return files


class IncompleteYear(ReportError):
    """Fewer members contributed to the year than to the best-covered one; publishing it
    needs an explicit confirmation."""


def publish_year(
    user: User, year: int, language: str = "en", *, confirm_incomplete: bool = False
) -> Publication:
    """Freeze the released figures of ``year`` (and the years its report covers) and its report.

    The snapshot holds only what disclosure control released: suppressed cells
    stay None. Publishing again makes a new version; the public sees the latest.
    A year fewer members contributed to than the best-covered year is
    published only with ``confirm_incomplete``, and says so on the public
    pages and in the report.
    """
    if not is_analyst(user):
        raise PermissionError("only network analysts publish")
    covered = {y: r for y, r in public.releases().items() if y <= year}
    monitor = Monitor(covered)
    if year in monitor.years:
        members, best = monitor.year_info(year).members, monitor.best_covered()
        if members < best and not confirm_incomplete:
            raise IncompleteYear(
                _("Only %(n)s members have an accepted submission for %(year)s, against "
                  "%(best)s for the best-covered year. Confirm to publish it as incomplete.")
                % {"n": members, "year": year, "best": best}
            )  # fmt: skip
    profiles = profile_snapshots()
    data = report_input(year, monitor, profiles, language)
    files = build(data)
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
            members=monitor.year_info(year).members, best_covered=monitor.best_covered(),
        )  # fmt: skip
        detail = {
            "year": year,
            "version": publication.version,
            "contributors": [c.code for c in monitor.year_info(year).contributors],
            "html_sha256": files.html_sha256,
            "pdf_sha256": files.pdf_sha256,
        }
        summary = f"Published the {year} figures and report (version {publication.version})"
        record(user, Action.PUBLISH, object_type="publication", object_id=publication.pk,
               summary=summary, detail=detail)  # fmt: skip
        readmodel.store_publication(publication.pk, monitor.releases)
    return publication


def current_publications() -> list[Publication]:
    """The latest version of each published year, newest year first."""
    seen: set[int] = set()
    result = []
    for publication in Publication.objects.defer("report_html", "report_pdf", "snapshot").order_by(
        "-year", "-version"
    ):
        if publication.year not in seen:
            seen.add(publication.year)
            result.append(publication)
    return result


def publication_for(year: int) -> Publication | None:
    """The latest publication of ``year``."""
    return Publication.objects.filter(year=year).order_by("-version").first()


def published_releases(publication: Publication) -> dict[int, Release]:
    """The released tables as published (the snapshot's, nothing else)."""
    return {int(y): Release.from_dict(r) for y, r in publication.snapshot["releases"].items()}


def published_figures(publication: Publication) -> FigureBook:
    """The figures as published, from the read model (computed from the snapshot alone
    when it was published, or now for a publication made before the read model)."""
    edition = readmodel.publication_edition(publication.pk)
    figures = readmodel.stored(edition)
    if figures is None:
        stored = readmodel.store_publication(publication.pk, published_releases(publication))
        figures = readmodel.figures_of(stored)
    return figures
