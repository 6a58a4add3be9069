"""Building reports from the latest accepted data, and publishing a year. Each step is audited."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from crossroads.accounts.models import User
from crossroads.accounts.permissions import is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.codebook.loader import CURRENT_VERSION
from crossroads.estimation.publication import published_estimates
from crossroads.exchange import public
from crossroads.exchange.catalogue import CATALOGUE_VERSION
from crossroads.exchange.public import Release
from crossroads.monitoring import figuresets, readmodel
from crossroads.monitoring.figurebook import FigureBook, Monitor, StoredFigures
from crossroads.monitoring.indicators import MIN_DENOMINATOR
from crossroads.monitoring.pooled import (
    PooledFigures,
    pooled_book,
    pooled_figures,
    pooled_of,
    publication_pooled_edition,
    store_publication_pooled,
    stored_pooled,
)
from crossroads.monitoring.presenters import profile_snapshots
from crossroads.reports import privacy
from crossroads.reports.builder import (
    ReportError,
    ReportFiles,
    ReportInput,
    render_html,
    render_pdf,
)
from crossroads.reports.frozen import frozen
from crossroads.reports.models import DraftReport, Method, Publication
from crossroads.tasks.progress import Progress

SNAPSHOT_FORMAT = "crossroads-publication/1"


def report_input(
    year: int,
    figures: FigureBook,
    profiles: dict[str, Any],
    language: str,
    pooled: PooledFigures | None = None,
) -> ReportInput:
    """The report of ``year`` over every cohort year up to it, with the hidden-victim
    estimates published for the ``year`` cohort (their texts in ``language``)."""
    if year not in figures.years:
        raise ReportError(f"There is no accepted data for {year}.")
    with translation.override(language):
        estimates = tuple(published_estimates(year))
    return ReportInput(
        year,
        figures.up_to(year),
        profiles,
        language=language,
        demo=settings.CROSSROADS_DEMO,
        estimates=estimates,
        pooled=pooled,
    )


def accepted_figures() -> StoredFigures:
    """The stored figures of the latest accepted data (what the dashboards show)."""
    figures = readmodel.stored(readmodel.ACCEPTED)
    if figures is None:
        raise ReportError("The figures have not been computed yet.")
    return figures


def source_of(figures: StoredFigures, year: int) -> str:
    """Fingerprint of the figures a report of ``year`` is built from (the releases of
    every cohort year up to it): it changes when any of them is recomputed."""
    parts = [f"{y}:{figures.fingerprints.get(y, '')}" for y in figures.years if y <= year]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def build_draft(
    user: User | None, year: int, language: str = "en", progress: Progress | None = None
) -> DraftReport:
    """Build the report of ``year`` from the latest accepted data and keep it as the
    year's draft in ``language`` (replacing the previous one); audited.

    ``progress`` hears the steps and may stop the work between them; nothing
    is stored unless the whole report was built.
    """
    if user is not None and not is_analyst(user):
        raise PermissionError("only network analysts build reports")
    progress = progress or Progress(None)
    progress.step(_("Reading the figures"), of=4)
    figures = accepted_figures()
    data = report_input(year, figures.up_to(year), profile_snapshots(), language, pooled_figures())
    files = _build(data, progress, of=4)
    progress.step(_("Storing the report"), of=4)
    with transaction.atomic():
        draft, _created = DraftReport.objects.update_or_create(
            year=year, language=language,
            defaults={"built_at": timezone.now(), "built_by": user,
                      "source": source_of(figures, year), "report_html": files.html,
                      "report_pdf": files.pdf, "html_sha256": files.html_sha256,
                      "pdf_sha256": files.pdf_sha256},
        )  # fmt: skip
        record(user, Action.EXPORT, object_type="report", object_id=year,
               summary=f"Built the {year} monitoring report",
               detail={"language": language, "html_sha256": files.html_sha256,
                       "pdf_sha256": files.pdf_sha256,
                       "estimates": [e.estimate_id for e in data.estimates]})  # fmt: skip
        progress.finish(
            _("The draft report of %(year)s is ready.") % {"year": year},
            url=reverse("reports:index") + f"#year-{year}",
        )
    return draft


def _build(data: ReportInput, progress: Progress, *, of: int) -> ReportFiles:
    """The report files, in two steps a person may stop between."""
    progress.check_cancelled()
    progress.step(_("Writing the report"), of=of)
    html = render_html(data)
    progress.check_cancelled()
    progress.step(_("Laying out the PDF pages"), of=of)
    files = ReportFiles(html=html, pdf=render_pdf(html))
    progress.check_cancelled()
    return files


def draft_for(year: int, language: str) -> DraftReport | None:
    """The draft report of ``year`` in ``language``, if one was built."""
    return DraftReport.objects.filter(year=year, language=language).first()


class IncompleteYear(ReportError):
    """Fewer members contributed to the year than to the best-covered one; publishing it
    needs an explicit confirmation."""


def incomplete_message(year: int, members: int, best: int) -> str:
    """What publishing an incomplete year must be confirmed against."""
    return _(
        "Only %(n)s members have an accepted submission for %(year)s, against %(best)s for "
        "the best-covered year. Confirm to publish it as incomplete."
    ) % {"n": members, "year": year, "best": best}


def check_coverage(figures: FigureBook, year: int, *, confirm_incomplete: bool) -> None:
    """Refuse (:class:`IncompleteYear`) to publish a year fewer members contributed to
    than the best-covered year it is compared with, unless confirmed."""
    if year in figures.years:
        covered = figures.coverage(year)
        if covered.incomplete and not confirm_incomplete:
            raise IncompleteYear(incomplete_message(year, covered.members, covered.best))


def publish_year(
    user: User,
    year: int,
    language: str = "en",
    *,
    confirm_incomplete: bool = False,
    progress: Progress | None = None,
    method: str = Method.SUPPRESSION,
    epsilon: float | None = None,
) -> Publication:
    """Freeze the released figures of ``year`` (and the years its report covers) and its report.

    With ``method`` suppression, the snapshot holds only what disclosure
    control released: suppressed cells stay None. With differential privacy,
    it holds noisy counts instead, each cohort year reused or noised with
    budget ``epsilon`` and the spending written to the privacy-budget ledger
    (:mod:`crossroads.reports.privacy`, which refuses a release over a
    year's budget). A suppression publication also freezes the three-year
    cohorts whose audit covers every table of their years the public can see
    (:func:`publishable_pooled`), with their provenance; a differentially
    private one has none. Publishing again makes a new version; the public sees the latest.
    A year fewer members contributed to than the best-covered year is
    published only with ``confirm_incomplete``, and says so on the public
    pages and in the report. ``progress`` hears the steps and may stop the
    work before anything is stored; the publication, its figures and its
    audit entry are written in one transaction.
    """
    if not is_analyst(user):
        raise PermissionError("only network analysts publish")
    if method not in Method.values:
        raise ReportError(f"Unknown publication method {method!r}.")
    progress = progress or Progress(None)
    steps = 5
    progress.step(_("Reading the released tables"), of=steps)
    covered = {y: r for y, r in public.releases().items() if y <= year}
    plan = None
    pooled: dict[int, Release] = {}
    if method == Method.PRIVACY:
        plan = privacy.plan(covered, privacy.check_epsilon(epsilon))
        covered = plan.releases
    else:
        pooled = publishable_pooled(year, covered)
    monitor = Monitor(covered)
    check_coverage(monitor, year, confirm_incomplete=confirm_incomplete)
    profiles = profile_snapshots()
    data = report_input(year, monitor, profiles, language, pooled_book(pooled) if pooled else None)
    figures = figuresets.compute(covered, {})
    cohort_figures = figuresets.compute(pooled, {})
    files = _build(data, progress, of=steps)
    progress.step(_("Storing the publication"), of=steps)
    share = monitor.coverage(year)
    snapshot = {
        "format": SNAPSHOT_FORMAT,
        "year": year,
        "standard_version": CURRENT_VERSION,
        "catalogue_version": CATALOGUE_VERSION,
        "min_denominator": MIN_DENOMINATOR,
        "method": str(method),
        "epsilon": epsilon if plan is not None else None,
        "releases": {str(y): r.to_dict() for y, r in monitor.releases.items()},
        "figures": [f.to_dict() for f in monitor.all_figures()],
        "pooled": {str(first): r.to_dict() for first, r in pooled.items()},
        "profiles": {c: p for c, p in profiles.items() if c in monitor.countries},
    }
    with transaction.atomic():
        latest = Publication.objects.filter(year=year).aggregate(v=Max("version"))["v"] or 0
        publication = Publication.objects.create(
            year=year, version=latest + 1, published_at=timezone.now(), published_by=user,
            snapshot=snapshot, report_html=files.html, report_pdf=files.pdf,
            html_sha256=files.html_sha256, pdf_sha256=files.pdf_sha256,
            members=share.members, best_covered=share.best, method=method,
            epsilon=epsilon if plan is not None else None,
        )  # fmt: skip
        if plan is not None:
            privacy.record_spending(user, publication, plan.fresh)
        detail = {
            "year": year,
            "version": publication.version,
            "contributors": [c.code for c in monitor.year_info(year).contributors],
            "members": share.members,
            "best_covered": share.best,
            "html_sha256": files.html_sha256,
            "pdf_sha256": files.pdf_sha256,
            "method": str(method),
            "epsilon": epsilon if plan is not None else None,
            "noised_years": sorted(plan.fresh) if plan is not None else [],
            "estimates": [e.estimate_id for e in data.estimates],
            "pooled_windows": sorted(pooled),
        }
        summary = f"Published the {year} figures and report (version {publication.version})"
        record(user, Action.PUBLISH, object_type="publication", object_id=publication.pk,
               summary=summary, detail=detail)  # fmt: skip
        readmodel.store_publication(publication.pk, figures)
        store_publication_pooled(publication.pk, cohort_figures)
        progress.finish(
            _("The %(year)s figures and report are published (version %(version)s).")
            % {"year": year, "version": publication.version},
            url=reverse("public:year", args=[year]),
        )
    return publication


def publishable_pooled(year: int, covered: Mapping[int, Release]) -> dict[int, Release]:
    """The three-year cohorts a suppression publication of ``year`` may include, by the
    window's first year: the current pooled tables of each window whose years are all
    up to ``year``, where the publication (``covered``, its releases by year) shows each
    year of the window at exactly the release the pooled tables were audited against,
    and no other current publication shows one of those years at another release (or
    with noise): the audit then covers every table of those years the public can see.
    """
    others = [p for p in current_publications() if p.year != year]
    shown = {str(y): r.provenance for y, r in covered.items()}
    out: dict[int, Release] = {}
    for first, cohort in public.pooled_cohorts().items():
        if cohort.last_year > year:
            continue
        audit = cohort.release.provenance.get("audit") or {}
        audited = audit.get("years") or {}
        years = [str(y) for y in range(first, cohort.last_year + 1)]
        if not all(y in audited and _version(shown.get(y)) == audited[y] for y in years):
            continue
        if all(_agrees(other, y, audited[y]) for other in others for y in years):
            out[first] = cohort.release
    return out


def _version(provenance: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The release a published year was shown at (see
    :func:`crossroads.exchange.services.pooling.release_version`)."""
    if not provenance or provenance.get("release") is None:
        return None
    return {"release": provenance["release"], "computed_at": provenance.get("computed_at")}


def _agrees(publication: Publication, year: str, audited: Mapping[str, Any]) -> bool:
    """Whether ``publication`` shows ``year`` at the ``audited`` release, or not at all."""
    shown = publication.snapshot.get("releases", {}).get(year)
    if shown is None:
        return True
    if publication.method != Method.SUPPRESSION:
        return False
    return _version(shown.get("provenance")) == audited


#: The fields of a publication that lists and pages leave unread unless they need them.
LARGE_FIELDS = ("report_html", "report_pdf", "snapshot")


def current_publications() -> list[Publication]:
    """The latest version of each published year, newest year first."""
    seen: set[int] = set()
    result = []
    for publication in Publication.objects.defer(*LARGE_FIELDS).order_by("-year", "-version"):
        if publication.year not in seen:
            seen.add(publication.year)
            result.append(publication)
    return result


def publication_for(year: int) -> Publication | None:
    """The latest publication of ``year``, its large fields (the frozen tables and the
    report's files) read only when used: decoding the frozen tables took about 0.9 s of
    every public page on the demo network, which read its figures from the read model."""
    return Publication.objects.filter(year=year).defer(*LARGE_FIELDS).order_by("-version").first()


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
        figures = figuresets.figures_of(stored)
    return figures


def published_pooled(publication: Publication) -> PooledFigures | None:
    """The three-year cohorts as published (None when the publication froze none): from
    the read model, or computed now from the snapshot alone when missing there."""
    if not frozen(publication).pooled_windows:
        return None
    edition = publication_pooled_edition(publication.pk)
    pooled = stored_pooled(edition)
    if pooled is None:
        windows = publication.snapshot["pooled"]
        releases = {int(first): Release.from_dict(r) for first, r in windows.items()}
        pooled = pooled_of(store_publication_pooled(publication.pk, releases))
    return pooled
