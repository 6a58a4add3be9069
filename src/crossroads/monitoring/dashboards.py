"""What the network overview and a country page show, for signed-in and public pages alike.

Both take a :class:`~crossroads.monitoring.figurebook.FigureBook` (the latest accepted
data, or a publication) so that the public pages can never show anything the snapshot
does not hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from crossroads.accounts.spreadsheets import Convention
from crossroads.collation import sorted_by_text
from crossroads.core.charts import Chart
from crossroads.exchange.released import NETWORK
from crossroads.monitoring import charts
from crossroads.monitoring.figurebook import FigureBook
from crossroads.monitoring.figures import Figure
from crossroads.monitoring.indicators import BY_CODE, INDICATORS, NOT_COMPUTED, RIGHT_TITLES
from crossroads.monitoring.pooled import PooledFigures
from crossroads.monitoring.presenters import country_name

DEFAULT_COMPARISON = "R2.1"


def overview_charts(monitor: FigureBook, year: int, code: str) -> list[Chart]:
    """Charts of the network overview for cohort ``year``, comparing countries on ``code``."""
    return [
        charts.comparison(monitor, code, year),
        charts.indicators_trend(monitor, NETWORK),
        charts.identification_gap(monitor, NETWORK),
        charts.permits_gap(monitor, NETWORK),
        charts.compensation_funnel(monitor, NETWORK, year),
        charts.forms(monitor, NETWORK, year),
    ]


def country_charts(monitor: FigureBook, country: str, year: int) -> list[Chart]:
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


def not_computed(language: str) -> list[dict[str, str]]:
    """The catalogue's indicators that are not computed, with the reason, in ``language``."""
    return [
        {"code": item.code, "title": item.title.get(language), "why": item.why.get(language)}
        for item in NOT_COMPUTED
    ]


def overview(monitor: FigureBook, year: int, code: str) -> dict[str, Any]:
    """Context of the network overview."""
    language = get_language() or "en"
    code = code if code in BY_CODE else DEFAULT_COMPARISON
    info = monitor.year_info(year)
    monitor.preload([(y, NETWORK) for y in monitor.years] + [(year, c) for c in info.countries])
    rows = []
    for spec in INDICATORS:
        rows.append(
            {
                "spec": spec,
                "right": RIGHT_TITLES[spec.right].get(language),
                "title": spec.title.get(language),
                "definition": spec.definition.get(language),
                "limits": spec.limits.get(language) if spec.limits else "",
                "figure": monitor.figure(spec.code, NETWORK, year),
                "previous": monitor.figure(spec.code, NETWORK, year - 1)
                if year - 1 in monitor.years
                else None,
            }
        )
    countries = [
        {"code": c, "name": country_name(c, language), "cohort": monitor.cohort(c, year)}
        for c in info.countries
    ]
    countries = sorted_by_text(countries, lambda c: str(c["name"]))
    return {
        "year": year,
        "years": monitor.years,
        "rows": rows,
        "charts": overview_charts(monitor, year, code),
        "comparison_code": code,
        "indicator_choices": [(s.code, f"{s.code} {s.title.get(language)}") for s in INDICATORS],
        "not_computed": not_computed(language),
        "countries": countries,
        "cohort": monitor.cohort(NETWORK, year),
        "contributors": info.contributors,
        "country_count": len({c.country for c in info.contributors}),
        "network_only": not info.by_country,
        "out_of_date": not info.current,
        "incomplete": monitor.coverage(year).incomplete,
        "members": monitor.coverage(year).members,
        "best_covered": monitor.coverage(year).best,
    }  # fmt: skip


def pooled_label(first_year: int, last_year: int) -> str:
    """How a three-year cohort is named on every figure: "2023–2025 (three-year cohort)"."""
    return _("%(first)s–%(last)s (three-year cohort)") % {"first": first_year, "last": last_year}


def offered_pooled(
    monitor: FigureBook, pooled: PooledFigures | None, code: str, country: str, year: int
) -> Figure | None:
    """The three-year figure of indicator ``code`` offered beside ``country``'s figure of
    ``year``: only where the year's is "not enough data" (a figure of the single year is
    never replaced), and only where ``pooled`` holds the country in ``year``'s window."""
    if pooled is None or monitor.figure(code, country, year).shown:
        return None
    return pooled.figure(code, country, year)


@dataclass(frozen=True)
class PooledOffer:
    """What a country page of ``year`` offers of the three-year cohort of its window."""

    country: str
    first_year: int
    last_year: int
    label: str
    """How the figures are labelled ("2023–2025 (three-year cohort)"), in the active language."""
    cohort: int | None
    """Persons in the country's three-year cohort (None when that count is suppressed)."""
    figures: tuple[Figure, ...]
    """The offered figures, in the indicators' order (see :func:`offered_pooled`)."""


def pooled_offers(
    monitor: FigureBook, pooled: PooledFigures | None, year: int
) -> list[PooledOffer]:
    """The three-year figures the country pages of ``year`` offer, one entry per country
    with at least one, by country code: a country whose pooled tables were withheld, or
    whose every figure of the year is shown, has none."""
    window = pooled.window(year) if pooled is not None else None
    if pooled is None or window is None:
        return []
    countries = sorted(monitor.year_info(year).countries)
    monitor.preload([(year, c) for c in countries])
    pooled.book.preload([(window[0], c) for c in countries])
    offers = []
    for code in countries:
        figures = tuple(
            figure
            for spec in INDICATORS
            if (figure := offered_pooled(monitor, pooled, spec.code, code, year)) is not None
        )
        if figures:
            offers.append(
                PooledOffer(
                    code, *window, pooled_label(*window), pooled.cohort(code, year), figures
                )
            )
    return offers


def country(
    monitor: FigureBook, code: str, year: int, pooled: PooledFigures | None = None
) -> dict[str, Any]:
    """Context of one country's page.

    Where the year's figure is "not enough data" and the three-year cohort
    of ``year``'s window has one (``pooled``), that figure is offered
    beside it, labelled as such.
    """
    language = get_language() or "en"
    monitor.preload([(y, s) for y in monitor.years for s in (NETWORK, code)])
    window = pooled.window(year) if pooled is not None else None
    rows = []
    for spec in INDICATORS:
        figure = monitor.figure(spec.code, code, year)
        rows.append(
            {
                "spec": spec,
                "title": spec.title.get(language),
                "definition": spec.definition.get(language),
                "limits": spec.limits.get(language) if spec.limits else "",
                "figure": figure,
                "network": monitor.figure(spec.code, NETWORK, year),
                "pooled": offered_pooled(monitor, pooled, spec.code, code, year),
            }
        )
    offered = any(row["pooled"] is not None for row in rows)
    return {
        "year": year,
        "years": monitor.years,
        "country": code,
        "name": country_name(code, language),
        "rows": rows,
        "charts": country_charts(monitor, code, year),
        "cohort": monitor.cohort(code, year),
        "members": [c for c in monitor.year_info(year).contributors if c.country == code],
        # The note on three-year figures only where the page offers one: a country
        # withheld from the pooled tables, or with every figure shown, has none.
        "pooled_label": pooled_label(*window) if offered and window is not None else "",
        "pooled_cohort": pooled.cohort(code, year) if pooled is not None else None,
    }


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def write_country_csv(out: _Writable, context: dict[str, Any], convention: Convention) -> None:
    """Write the rows of a country page (:func:`country`) as CSV: one row per indicator
    and cohort, the three-year cohort's rows labelled as such. Rates are fractions
    (0 to 1) written with ``convention``'s decimal mark."""
    number = convention.number
    writer = convention.writer(out)
    writer.writerow(
        [_("Indicator"), _("Title"), _("Cohort"), _("Rate"), _("Low"), _("High"),
         _("Numerator"), _("Denominator"), _("Not enough data")]
    )  # fmt: skip
    for row in context["rows"]:
        cohorts = [(str(context["year"]), row["figure"])]
        if row["pooled"] is not None:
            cohorts.append((context["pooled_label"], row["pooled"]))
        for cohort, figure in cohorts:
            writer.writerow(
                [row["spec"].code, row["title"], cohort,
                 number(figure.rate), number(figure.low), number(figure.high),
                 number(figure.numerator), number(figure.denominator),
                 "" if figure.shown else figure.reason_text()]
            )  # fmt: skip
