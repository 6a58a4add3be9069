"""Signed-in dashboards from the figures' read model: network overview, country page, CSVs.

Every page reads stored figures (:mod:`crossroads.monitoring.readmodel`) and
says which years are being recomputed; nothing is computed per request.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language

from crossroads.accounts.permissions import can_read_network_monitoring, is_analyst
from crossroads.accounts.spreadsheets import convention_of
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.exchange.released import NETWORK
from crossroads.monitoring import checkin, dashboards
from crossroads.monitoring.checklist import BY_CODE as ITEMS
from crossroads.monitoring.figurebook import FigureBook
from crossroads.monitoring.freshness import latest_figures
from crossroads.monitoring.indicators import BY_CODE as INDICATOR_CODES
from crossroads.monitoring.models import CountryProfile
from crossroads.monitoring.pooled import pooled_figures
from crossroads.monitoring.presenters import (
    canonical_country,
    country_name,
    snapshot,
    snapshot_groups,
)

SUMMARY_ITEMS = (
    "coe_convention",
    "nrm",
    "rrp_days",
    "permit_personal",
    "compensation_fund",
    "non_punishment",
    "firewall",
    "national_rapporteur",
)


def _figures(request: HttpRequest) -> tuple[FigureBook, dict[str, object]]:
    """The stored figures of the latest accepted data and what the page says of their state."""
    if not can_read_network_monitoring(request.user):
        raise PermissionDenied
    return latest_figures(request)


def _year(request: HttpRequest, figures: FigureBook) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return figures.latest_year
    return year if year in figures.years else figures.latest_year


def _checkin(figures: FigureBook, scope: str, year: int) -> list[checkin.Answered]:
    """The survivors' answers of ``scope`` and ``year`` beside the caseworkers' figures."""
    return checkin.figures(
        scope,
        year,
        checkin.rule_of(figures.year_info(year).rule),
        {q.indicator: figures.figure(q.indicator, scope, year) for q in checkin.QUESTIONS},
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The network overview: indicators, country comparison, trends, gap, funnel, forms."""
    figures, notes = _figures(request)
    year = _year(request, figures)
    context: dict[str, object] = {
        "year": year,
        "years": figures.years,
        "exchange_url": reverse("exchange:network") if is_analyst(request.user) else "",
        **notes,
    }
    if year is not None:
        context.update(dashboards.overview(figures, year, request.GET.get("indicator", "")))
        context["checkin"] = _checkin(figures, NETWORK, year)
        context.update(
            csv_prefix=reverse("monitoring:overview") + "charts/",
            csv_query=f"?year={year}&indicator={context['comparison_code']}",
        )
    return render(request, "monitoring/overview.html", context)


@login_required
def country(request: HttpRequest, country: str) -> HttpResponse:
    """One country: legal framework at a glance, indicators against the network, charts.

    The country is an ISO 3166-1 code, alpha-3 or alpha-2 in any case; any
    form but upper-case alpha-3 is redirected to it.
    """
    if not can_read_network_monitoring(request.user):
        raise PermissionDenied
    code = canonical_country(country)
    if code is None:
        raise Http404
    if code != country:
        query = f"?{urlencode(request.GET)}" if request.GET else ""
        return redirect(reverse("monitoring:country", args=[code]) + query)
    figures, notes = _figures(request)
    profile = CountryProfile.objects.filter(country=code).first()
    if code not in figures.countries and profile is None:
        raise Http404
    language = get_language() or "en"
    context: dict[str, object] = {
        "country": code,
        "name": country_name(code, language),
        "profile": profile,
        "years": figures.years,
        "year": None,
        **notes,
    }
    if profile is not None:
        rows = [
            row for _group, rows in snapshot_groups(snapshot(profile), language) for row in rows
        ]
        wanted = {ITEMS[item].label.get(language) for item in SUMMARY_ITEMS}
        context["profile_summary"] = [r for r in rows if r.label in wanted]
    year = _year(request, figures)
    if year is not None and code in figures.year_info(year).countries:
        context.update(dashboards.country(figures, code, year, pooled_figures()))
        context["checkin"] = _checkin(figures, code, year)
        context.update(
            csv_prefix=reverse("monitoring:overview") + "charts/",
            csv_query=f"?year={year}&country={code}",
        )
    return render(request, "monitoring/country.html", context)


@login_required
def chart_csv(request: HttpRequest, key: str) -> HttpResponse:
    """The CSV of one dashboard chart (the page's year, country or compared indicator)."""
    figures, _notes = _figures(request)
    year = _year(request, figures)
    if year is None:
        raise Http404
    scope = canonical_country(request.GET["country"]) if request.GET.get("country") else ""
    if scope is None:
        raise Http404
    if scope:
        if scope not in figures.year_info(year).countries:
            raise Http404
        candidates = dashboards.country_charts(figures, scope, year)
    else:
        code = request.GET.get("indicator", dashboards.DEFAULT_COMPARISON)
        candidates = dashboards.overview_charts(
            figures, year, code if code in INDICATOR_CODES else dashboards.DEFAULT_COMPARISON
        )
    chart = dashboards.find_chart(candidates, key)
    if chart is None:
        raise Http404
    record(request.user, Action.EXPORT, object_type="monitoring_chart", object_id=key,
           summary=f"Downloaded the chart data {key} ({year})")  # fmt: skip
    response = HttpResponse(
        chart.csv(convention_of(request.user)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{chart.csv_filename}"'
    return response


@login_required
def country_csv(request: HttpRequest, country: str) -> HttpResponse:
    """The indicators of one country's page as CSV: the year's figures and, where the
    year has not enough data, the three-year cohort's, each row saying which cohort."""
    figures, _notes = _figures(request)
    code = canonical_country(country)
    year = _year(request, figures)
    if code is None or year is None or code not in figures.year_info(year).countries:
        raise Http404
    context = dashboards.country(figures, code, year, pooled_figures())
    record(request.user, Action.EXPORT, object_type="monitoring_country", object_id=code,
           summary=f"Downloaded the indicators of {code} ({year})")  # fmt: skip
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indicators-{code}-{year}.csv"'
    dashboards.write_country_csv(response, context, convention_of(request.user))
    return response
