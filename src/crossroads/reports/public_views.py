"""Public pages (no sign-in): published figures, charts, the report, the CTDC export, methodology.

Everything here is read from a publication's snapshot, never from
submissions or records: only what disclosure control released and an
analyst published can appear (three-year cohorts too: only those the
publication froze, see :func:`crossroads.reports.services.publishable_pooled`).
Hidden-victim estimates are the one live read: an analyst publishes each
on its own (it carries only what may be published, see
:mod:`crossroads.estimation.publication`), so one marked after the year was
published shows here at once.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language

from crossroads.estimation.publication import published_estimates
from crossroads.monitoring import dashboards
from crossroads.monitoring.indicators import BY_CODE as INDICATOR_CODES
from crossroads.monitoring.indicators import INDICATORS, MIN_DENOMINATOR
from crossroads.monitoring.presenters import canonical_country, country_name, snapshot_groups
from crossroads.reports import ctdc, privacy, services
from crossroads.reports.frozen import frozen
from crossroads.reports.models import Publication
from crossroads.reports.views import _file


def _publication(year: int) -> Publication:
    publication = services.publication_for(year)
    if publication is None:
        raise Http404
    return publication


def home(request: HttpRequest) -> HttpResponse:
    """The latest published year that as many members contributed to as the best-covered
    year (a newer, incomplete year is a click away), or a note that nothing is published."""
    publications = services.current_publications()
    if not publications:
        return render(request, "reports/public_empty.html")
    complete = [p for p in publications if p.complete]
    return year_view(request, (complete or publications)[0].year)


def year_view(request: HttpRequest, year: int) -> HttpResponse:
    """Network figures and charts of one published year."""
    publication = _publication(year)
    monitor = services.published_figures(publication)
    language = get_language() or "en"
    context = dashboards.overview(monitor, year, request.GET.get("indicator", ""))
    publications = services.current_publications()
    context.update(
        publication=publication,
        methods=privacy.methods(publication),
        publications=publications,
        newer=[p for p in publications if p.year > year and not p.complete],
        public=True,
        csv_prefix=reverse("public:year", args=[year]) + "charts/",
        csv_query=f"?indicator={context['comparison_code']}",
        estimates=sorted(
            (
                {"name": country_name(e.country, language), "estimate": e}
                for e in published_estimates(year)
            ),
            key=lambda item: str(item["name"]),
        ),
    )
    return render(request, "reports/public_year.html", context)


def country_view(request: HttpRequest, year: int, country: str) -> HttpResponse:
    """One country's published figures, profile and charts (ISO alpha-3 or alpha-2 code;
    any form but upper-case alpha-3 is redirected to it)."""
    code = canonical_country(country)
    if code is None:
        raise Http404
    if code != country:
        return redirect("public:country", year, code)
    publication = _publication(year)
    monitor = services.published_figures(publication)
    if code not in monitor.year_info(year).countries:
        raise Http404
    context = dashboards.country(monitor, code, year, services.published_pooled(publication))
    profile = frozen(publication).profiles.get(code)
    context.update(
        publication=publication,
        methods=privacy.methods(publication),
        public=True,
        profile=profile,
        profile_groups=snapshot_groups(profile, get_language() or "en") if profile else None,
        csv_prefix=reverse("public:year", args=[year]) + "charts/",
        csv_query=f"?country={code}",
        estimate=next((e for e in published_estimates(year) if e.country == code), None),
    )
    return render(request, "reports/public_country.html", context)


def chart_csv(request: HttpRequest, year: int, key: str) -> HttpResponse:
    """The CSV of one published chart."""
    publication = _publication(year)
    monitor = services.published_figures(publication)
    scope = canonical_country(request.GET["country"]) if request.GET.get("country") else ""
    if scope is None:
        raise Http404
    if scope:
        if scope not in monitor.year_info(year).countries:
            raise Http404
        candidates = dashboards.country_charts(monitor, scope, year)
    else:
        code = request.GET.get("indicator", dashboards.DEFAULT_COMPARISON)
        if code not in INDICATOR_CODES:
            code = dashboards.DEFAULT_COMPARISON
        candidates = dashboards.overview_charts(monitor, year, code)
    chart = dashboards.find_chart(candidates, key)
    if chart is None:
        raise Http404
    response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chart.csv_filename}"'
    return response


def report(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The published report of ``year``."""
    publication = _publication(year)
    return _file(publication.report_html, bytes(publication.report_pdf), year, fmt, draft=False)


def ctdc_export(request: HttpRequest, year: int) -> HttpResponse:
    """The published aggregates in the CTDC/HTCDS vocabulary, as CSV."""
    releases = services.published_releases(_publication(year))
    response = HttpResponse(ctdc.export_csv(releases), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="crossroads-ctdc-{year}.csv"'
    return response


def methodology(request: HttpRequest) -> HttpResponse:
    """Cohorts, disclosure control, the not-enough-data rule and every indicator's definition."""
    language = get_language() or "en"
    indicators = [
        {
            "spec": spec,
            "title": spec.title.get(language),
            "definition": spec.definition.get(language),
            "limits": spec.limits.get(language) if spec.limits else "",
            "numerator": spec.numerator_text.get(language),
            "denominator": spec.denominator_text.get(language),
            "pending": spec.pending_text.get(language) if spec.pending_text else "",
        }
        for spec in INDICATORS
    ]
    return render(
        request,
        "reports/public_methodology.html",
        {
            "indicators": indicators,
            "not_computed": dashboards.not_computed(language),
            "min_denominator": MIN_DENOMINATOR,
            "name": country_name,
        },
    )
