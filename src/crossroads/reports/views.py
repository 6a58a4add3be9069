"""Analysts' report pages: build the report of a year from the latest accepted data, publish it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.accounts.permissions import is_analyst
from crossroads.monitoring import readmodel
from crossroads.reports import services
from crossroads.reports.builder import ReportError, content_security_policy


def _analyst(request: HttpRequest) -> User:
    user = request.user
    if not is_analyst(user):
        raise PermissionDenied
    return user


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Years with accepted data, their draft report, and what has been published."""
    _analyst(request)
    figures = readmodel.stored(readmodel.ACCEPTED)
    published = {p.year: p for p in services.current_publications()}
    members = {y: figures.year_info(y).members for y in figures.years} if figures else {}
    best = max(members.values(), default=0)
    years = (
        [
            {
                "year": year,
                "countries": len(figures.year_info(year).countries),
                "members": members.get(year, 0),
                "best_covered": best,
                "incomplete": members.get(year, 0) < best,
                "publication": published.get(year),
            }
            for year in sorted(figures.years, reverse=True)
        ]
        if figures is not None
        else []
    )
    return render(request, "reports/index.html", {"years": years, "published": published})


@login_required
def draft(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The report of ``year`` built now from the latest accepted data, as HTML or PDF."""
    user = _analyst(request)
    try:
        files = services.generate_report(user, year, get_language() or "en")
    except ReportError:
        raise Http404 from None
    return _file(files.html, files.pdf, year, fmt, draft=True)


@login_required
@require_POST
def publish(request: HttpRequest, year: int) -> HttpResponse:
    """Publish the figures and report of ``year``."""
    user = _analyst(request)
    try:
        publication = services.publish_year(
            user, year, get_language() or "en",
            confirm_incomplete=request.POST.get("confirm_incomplete") == "1",
        )  # fmt: skip
    except ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The %(year)s figures and report are published (version %(version)s).")
            % {"year": year, "version": publication.version},
        )
    return redirect("reports:index")


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
