"""Signed-in dashboards from the latest accepted data: network overview, country page, CSVs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from crossroads.accounts.permissions import can_read_network_monitoring, is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.monitoring import dashboards
from crossroads.monitoring.checklist import BY_CODE as ITEMS
from crossroads.monitoring.exchange_source import years_waiting
from crossroads.monitoring.indicators import BY_CODE as INDICATOR_CODES
from crossroads.monitoring.models import CountryProfile
from crossroads.monitoring.monitor import Monitor
from crossroads.monitoring.presenters import country_name, snapshot, snapshot_groups
from crossroads.monitoring.sources import latest_accepted

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


def _monitor(request: HttpRequest) -> Monitor:
    if not can_read_network_monitoring(request.user):
        raise PermissionDenied
    return Monitor(latest_accepted())


def _year(request: HttpRequest, monitor: Monitor) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return monitor.latest_year
    return year if year in monitor.releases else monitor.latest_year


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The network overview: indicators, country comparison, trends, gap, funnel, forms."""
    monitor = _monitor(request)
    year = _year(request, monitor)
    context: dict[str, object] = {
        "year": year,
        "years": monitor.years,
        "waiting": years_waiting(),
        "exchange_url": reverse("exchange:network") if is_analyst(request.user) else "",
    }
    if year is not None:
        context.update(dashboards.overview(monitor, year, request.GET.get("indicator", "")))
        context.update(
            csv_prefix=reverse("monitoring:overview") + "charts/",
            csv_query=f"?year={year}&indicator={context['comparison_code']}",
        )
    return render(request, "monitoring/overview.html", context)


@login_required
def country(request: HttpRequest, country: str) -> HttpResponse:
    """One country: legal framework at a glance, indicators against the network, charts."""
    monitor = _monitor(request)
    code = country.upper()
    profile = CountryProfile.objects.filter(country=code).first()
    if code not in monitor.countries and profile is None:
        raise Http404
    language = get_language() or "en"
    context: dict[str, object] = {
        "country": code,
        "name": country_name(code, language),
        "profile": profile,
        "years": monitor.years,
        "year": None,
    }
    if profile is not None:
        rows = [
            row for _group, rows in snapshot_groups(snapshot(profile), language) for row in rows
        ]
        wanted = {ITEMS[item].label.get(language) for item in SUMMARY_ITEMS}
        context["profile_summary"] = [r for r in rows if r.label in wanted]
    year = _year(request, monitor)
    if year is not None and code in monitor.releases[year].countries:
        context.update(dashboards.country(monitor, code, year))
        context.update(
            csv_prefix=reverse("monitoring:overview") + "charts/",
            csv_query=f"?year={year}&country={code}",
        )
    return render(request, "monitoring/country.html", context)


@login_required
def chart_csv(request: HttpRequest, key: str) -> HttpResponse:
    """The CSV of one dashboard chart (the page's year, country or compared indicator)."""
    monitor = _monitor(request)
    year = _year(request, monitor)
    if year is None:
        raise Http404
    scope = request.GET.get("country", "").upper()
    if scope:
        if scope not in monitor.releases[year].countries:
            raise Http404
        candidates = dashboards.country_charts(monitor, scope, year)
    else:
        code = request.GET.get("indicator", dashboards.DEFAULT_COMPARISON)
        candidates = dashboards.overview_charts(
            monitor, year, code if code in INDICATOR_CODES else dashboards.DEFAULT_COMPARISON
        )
    chart = dashboards.find_chart(candidates, key)
    if chart is None:
        raise Http404
    record(request.user, Action.EXPORT, object_type="monitoring_chart", object_id=key,
           summary=f"Downloaded the chart data {key} ({year})")  # fmt: skip
    response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chart.csv_filename}"'
    return response
