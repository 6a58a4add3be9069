"""Analysts' report pages: build the report of a year from the latest accepted data, publish it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.accounts.permissions import is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.monitoring import readmodel
from crossroads.monitoring.figurebook import StoredFigures
from crossroads.reports import privacy, services, tasks
from crossroads.reports.builder import ReportError, content_security_policy
from crossroads.reports.models import DraftReport, Method, Publication
from crossroads.tasks import presenters, reaping
from crossroads.tasks.models import TaskRun


def _analyst(request: HttpRequest) -> User:
    user = request.user
    if not is_analyst(user):
        raise PermissionDenied
    return user


#: How long the outcome of a person's last report run stays on the reports page.
OUTCOME_SHOWN = timedelta(minutes=15)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Years with accepted data, their draft report, what has been published, and the
    report work running now."""
    user = _analyst(request)
    language = get_language() or "en"
    figures = readmodel.stored(readmodel.ACCEPTED)
    published = {p.year: p for p in services.current_publications()}
    drafts = {d.year: d for d in DraftReport.objects.filter(language=language).defer(
        "report_html", "report_pdf")}  # fmt: skip
    reaping.reap()
    running = tasks.active_runs()
    busy = {(run.kind, run.params.get("year")) for run in running}
    years = (
        [_year_row(figures, y, drafts, published, busy) for y in figures.years] if figures else []
    )
    years.reverse()
    ended = (
        TaskRun.objects.filter(
            kind__in=[tasks.DRAFT_TASK, tasks.PUBLISH_TASK], created_by=user,
            finished_at__gte=timezone.now() - OUTCOME_SHOWN,
        ).order_by("-finished_at").first()
    )  # fmt: skip
    return render(
        request,
        "reports/index.html",
        {
            "years": years,
            "published": published,
            "running": [(run, presenters.title(run), presenters.state(run)) for run in running],
            "ended": ended,
            "ended_title": presenters.title(ended) if ended else "",
            "privacy_budget": privacy.budget(),
            "default_epsilon": privacy.DEFAULT_EPSILON,
        },
    )


def _year_row(
    figures: StoredFigures,
    year: int,
    drafts: dict[int, DraftReport],
    published: dict[int, Publication],
    busy: set[tuple[str, Any]],
) -> dict[str, Any]:
    """One year of the reports page: who contributed, its draft, its publication."""
    covered = figures.coverage(year)
    draft = drafts.get(year)
    return {
        "year": year,
        "countries": len(figures.year_info(year).countries),
        "members": covered.members,
        "best_covered": covered.best,
        "incomplete": covered.incomplete,
        "publication": published.get(year),
        "draft": draft,
        "draft_current": draft is not None and draft.source == services.source_of(figures, year),
        "building": (tasks.DRAFT_TASK, year) in busy,
        "publishing": (tasks.PUBLISH_TASK, year) in busy,
        "privacy_spent": privacy.spent(year),
    }


@login_required
@require_POST
def build(request: HttpRequest, year: int) -> HttpResponse:
    """Start building the report of ``year`` from the latest accepted data."""
    user = _analyst(request)
    figures = readmodel.stored(readmodel.ACCEPTED)
    if figures is None or year not in figures.years:
        raise Http404
    tasks.build_draft(user, year, get_language() or "en")
    return redirect("reports:index")


@login_required
def draft(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The draft report of ``year`` last built in the reader's language, as HTML or PDF."""
    user = _analyst(request)
    built = services.draft_for(year, get_language() or "en")
    if built is None or fmt not in {"pdf", "html"}:
        raise Http404
    record(user, Action.EXPORT, object_type="report", object_id=year,
           summary=f"Downloaded the draft {year} monitoring report ({fmt})")  # fmt: skip
    return _file(built.report_html, bytes(built.report_pdf), year, fmt, draft=True)


@login_required
@require_POST
def publish(request: HttpRequest, year: int) -> HttpResponse:
    """Start publishing the figures and report of ``year`` (an incomplete year only with
    the confirmation box ticked)."""
    user = _analyst(request)
    figures = readmodel.stored(readmodel.ACCEPTED)
    if figures is None or year not in figures.years:
        raise Http404
    confirmed = request.POST.get("confirm_incomplete") == "1"
    method = request.POST.get("method") or Method.SUPPRESSION
    epsilon = None
    try:
        services.check_coverage(figures, year, confirm_incomplete=confirmed)
        if method not in Method.values:
            raise ReportError(_("Choose how the counts are protected."))
        if method == Method.PRIVACY:
            epsilon = _number(request.POST.get("epsilon"))
            privacy.check_plan([y for y in figures.years if y <= year], epsilon)
    except ReportError as error:
        messages.error(request, str(error))
    else:
        tasks.publish(
            user, year, get_language() or "en", confirm_incomplete=confirmed,
            method=method, epsilon=epsilon,
        )  # fmt: skip
    return redirect("reports:index")


def _number(text: str | None) -> float | None:
    try:
        return float((text or "").replace(",", "."))
    except ValueError:
        return None


@login_required
def privacy_ledger(request: HttpRequest) -> HttpResponse:
    """The privacy-budget ledger: every cohort year's spending by publication, table and
    scope."""
    user = _analyst(request)
    years = privacy.ledger(user)
    return render(
        request,
        "reports/privacy_ledger.html",
        {"years": years, "budget": privacy.budget()},
    )


def _file(html: str, pdf: bytes, year: int, fmt: str, *, draft: bool) -> HttpResponse:
    suffix = "-draft" if draft else ""
    if fmt == "pdf":
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="report-{year}{suffix}.pdf"'
        return response
    if fmt == "html":
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        response["Content-Security-Policy"] = content_security_policy(html)
        return response
    raise Http404
