"""What the network overview and a country page show, for signed-in and public pages alike.

Both take a :class:`Monitor` (the latest accepted data, or a published
snapshot) so that the public pages can never show anything the snapshot
does not hold.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from crossroads.core.charts import Chart
from crossroads.monitoring import charts
from crossroads.monitoring.figures import NETWORK
from crossroads.monitoring.indicators import BY_CODE, INDICATORS, RIGHT_TITLES
from crossroads.monitoring.monitor import Monitor
from crossroads.monitoring.presenters import country_name

DEFAULT_COMPARISON = "R2.1"


def overview_charts(monitor: Monitor, year: int, code: str) -> list[Chart]:
    """Charts of the network overview for cohort ``year``, comparing countries on ``code``."""
    return [
        charts.comparison(monitor, code, year),
        charts.indicators_trend(monitor, NETWORK),
        charts.identification_gap(monitor, NETWORK),
        charts.permits_gap(monitor, NETWORK),
        charts.compensation_funnel(monitor, NETWORK, year),
        charts.forms(monitor, NETWORK, year),
    ]


def country_charts(monitor: Monitor, country: str, year: int) -> list[Chart]:
    """Charts of one country's page."""
    return [
        charts.indicators_trend(monitor, country),
        charts.identification_gap(monitor, country),
        charts.permits_gap(monitor, country),
        charts.compensation_funnel(monitor, country, year),
        charts.forms(monitor, country, year),
    ]


def find_chart(candidates: list[Chart], key: str) -> Chart | None:
    return next((c for c in candidates if c.key == key), None)


def overview(monitor: Monitor, year: int, code: str) -> dict[str, Any]:
    """Context of the network overview."""
    language = get_language() or "en"
    code = code if code in BY_CODE else DEFAULT_COMPARISON
    rows = []
    for spec in INDICATORS:
        rows.append(
            {
                "spec": spec,
                "right": RIGHT_TITLES[spec.right].get(language),
                "title": spec.title.get(language),
                "definition": spec.definition.get(language),
                "figure": monitor.figure(spec.code, NETWORK, year),
                "previous": monitor.figure(spec.code, NETWORK, year - 1)
                if year - 1 in monitor.releases
                else None,
            }
        )
    countries = [
        {"code": c, "name": country_name(c, language), "cohort": monitor.cohort(c, year)}
        for c in monitor.releases[year].countries
    ]
    countries.sort(key=lambda c: str(c["name"]))
    return {
        "year": year,
        "years": monitor.years,
        "rows": rows,
        "charts": overview_charts(monitor, year, code),
        "comparison_code": code,
        "indicator_choices": [(s.code, f"{s.code} {s.title.get(language)}") for s in INDICATORS],
        "countries": countries,
        "cohort": monitor.cohort(NETWORK, year),
        "contributors": monitor.releases[year].contributors,
        "country_count": len({c.country for c in monitor.releases[year].contributors}),
        "network_only": monitor.releases[year].provenance.get("by_country") is False,
        "out_of_date": monitor.releases[year].provenance.get("current") is False,
    }  # fmt: skip


def country(monitor: Monitor, code: str, year: int) -> dict[str, Any]:
    """Context of one country's page."""
    language = get_language() or "en"
    rows = [
        {
            "spec": spec,
            "title": spec.title.get(language),
            "definition": spec.definition.get(language),
            "figure": monitor.figure(spec.code, code, year),
            "network": monitor.figure(spec.code, NETWORK, year),
        }
        for spec in INDICATORS
    ]
    return {
        "year": year,
        "years": monitor.years,
        "country": code,
        "name": country_name(code, language),
        "rows": rows,
        "charts": country_charts(monitor, code, year),
        "cohort": monitor.cohort(code, year),
        "members": [c for c in monitor.releases[year].contributors if c.country == code],
    }
