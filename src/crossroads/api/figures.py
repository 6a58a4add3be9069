"""Rights figures: the network's latest (signed in) and the published ones (anyone).

Both are read from the figures' read model, as the dashboards and the
public pages read them (:mod:`crossroads.monitoring.readmodel`): the latest
accepted data through :func:`crossroads.monitoring.freshness.latest_figures`,
which says which years are being recomputed; a published year through
:func:`crossroads.reports.services.published_figures`, from the publication's
snapshot alone, and its three-year figures through
:func:`crossroads.reports.services.published_pooled` and
:func:`crossroads.monitoring.dashboards.pooled_offers`, as the public country
page offers them. Nothing is computed per request. Answers carry an ETag that
changes when the figures (or the caller's language) do: send it back in
If-None-Match to get 304 and no body.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.params import P, PathEx, QueryEx
from pydantic import Field

from crossroads.accounts.models import TokenScope
from crossroads.accounts.permissions import can_read_network_monitoring
from crossroads.api.auth import anyone, require, signed_in, user_with
from crossroads.api.problems import ApiError
from crossroads.api.schemas import ERRORS
from crossroads.exchange.released import NETWORK
from crossroads.monitoring.dashboards import pooled_offers
from crossroads.monitoring.figurebook import FigureBook, StoredFigures
from crossroads.monitoring.figures import Figure
from crossroads.monitoring.freshness import latest_figures
from crossroads.monitoring.indicators import BY_CODE
from crossroads.monitoring.presenters import canonical_country
from crossroads.reports import services as reports

router = Router(tags=["figures"])
Year = PathEx[int, P(ge=1900, le=2100)]
Scope = QueryEx[
    str, P(max_length=8, description="`network` or a country's ISO 3166-1 alpha-3 code.")
]
NOT_MODIFIED: dict[int, Any] = {304: None}


class YearOut(Schema):
    year: int
    members: int = Field(description="Members whose accepted submissions are counted.")
    countries: list[str] = Field(description="Countries with their own figures.")
    current: bool = Field(description="False while a change since is being recomputed.")


class FigureOut(Schema):
    """One indicator's figure; `rate` and its interval only when it may be shown."""

    indicator: str
    title: str
    numerator: int | None
    denominator: int | None
    pending: int | None = Field(description="Persons whose outcome is still pending.")
    rate: float | None = Field(description="numerator / denominator, when shown.")
    low: float | None = Field(description="Lower bound of the 95 % interval.")
    high: float | None
    reason: str = Field(description="Why there is no figure, in the caller's language.")


class FiguresOut(Schema):
    year: int
    scope: str
    cohort: int | None = Field(description="Persons in the year's cohort in this scope.")
    stale: bool = Field(description="Being recomputed: these are the figures before the change.")
    figures: list[FigureOut]


class YearsOut(Schema):
    years: list[YearOut]
    stale_years: list[int]


class PooledOut(Schema):
    """One country's three-year figures, as its public page of the year offers them."""

    country: str = Field(description="The country's ISO 3166-1 alpha-3 code.")
    first_year: int = Field(description="First cohort year of the three-year window.")
    last_year: int
    label: str = Field(
        description="How the figures are labelled, in the caller's language: "
        '"2023–2025 (three-year cohort)".'
    )
    cohort: int | None = Field(
        description="Persons in the country's three-year cohort (null when suppressed)."
    )
    figures: list[FigureOut] = Field(
        description=(
            "Only the indicators whose figure of the year is not enough data, each with "
            "the three-year cohort's figure. As on the page, a figure that is not shown "
            "gives its `reason` and `pending`, and no counts."
        )
    )


class PublicationOut(Schema):
    year: int
    version: int
    published_at: datetime
    members: int
    complete: bool = Field(description="As many members contributed as to the best-covered year.")


def _years(figures: FigureBook) -> list[dict[str, Any]]:
    out = []
    for year in figures.years:
        info = figures.year_info(year)
        out.append(
            {
                "year": year,
                "members": info.members,
                "countries": list(info.countries),
                "current": info.current,
            }
        )
    return out


def _scope(figures: FigureBook, year: int, scope: str) -> str:
    """``network`` or the upper-case alpha-3 code of a country with figures; 404 otherwise."""
    if year not in figures.years:
        raise ApiError(404)
    if scope in {"", NETWORK}:
        return NETWORK
    code = canonical_country(scope)
    if code is None or code not in figures.year_info(year).countries:
        raise ApiError(404)
    return code


def _figure(figure: Figure) -> dict[str, Any]:
    """One figure as :class:`FigureOut`, its title and reason in the caller's language."""
    return {
        "indicator": figure.indicator,
        "title": BY_CODE[figure.indicator].title.get(get_language() or "en"),
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "pending": figure.pending,
        "rate": figure.rate,
        "low": figure.low,
        "high": figure.high,
        "reason": figure.reason_text(),
    }


def _figures(figures: FigureBook, year: int, scope: str, *, stale: bool) -> dict[str, Any]:
    return {
        "year": year,
        "scope": scope,
        "cohort": figures.cohort(scope, year),
        "stale": stale,
        "figures": [_figure(figure) for figure in figures.figures(scope, year)],
    }


def _cached(request: HttpRequest, response: HttpResponse, *parts: object) -> bool:
    """Set the ETag of ``parts`` (and the language); True when the caller has it already."""
    seed = "|".join(str(p) for p in (*parts, get_language()))
    tag = f'"{hashlib.sha256(seed.encode()).hexdigest()[:32]}"'
    response["ETag"] = tag
    response["Cache-Control"] = "no-cache"
    sent = request.headers.get("If-None-Match", "")
    return tag in [t.strip() for t in sent.split(",")] or sent.strip() == "*"


def _network(request: HttpRequest) -> tuple[StoredFigures, list[int]]:
    user = user_with(request, TokenScope.ANALYSIS)
    if not can_read_network_monitoring(user):
        raise ApiError(403, _("Your role does not allow this."))
    figures, notes = latest_figures(request)
    return figures, list(notes["stale_years"])


@router.get(
    "/figures",
    auth=signed_in,
    response={200: YearsOut, **NOT_MODIFIED, **ERRORS},
    url_name="figure_years",
    summary="Years of the network's figures",
    description=(
        "The cohort years of the latest accepted data (the dashboards' figures, not yet "
        "published): analysts and the staff of members, as the dashboards."
    ),
)
def network_years(request: HttpRequest, response: HttpResponse) -> Any:
    figures, stale = _network(request)
    if _cached(request, response, "years", figures.fingerprints, stale):
        return Status(304, None)
    return {"years": _years(figures), "stale_years": stale}


@router.get(
    "/figures/{int:year}",
    auth=signed_in,
    response={200: FiguresOut, **NOT_MODIFIED, **ERRORS},
    url_name="figures",
    summary="The network's figures of a year",
)
def network_figures(
    request: HttpRequest, response: HttpResponse, year: Year, scope: Scope = NETWORK
) -> Any:
    figures, stale = _network(request)
    chosen = _scope(figures, year, scope)
    if _cached(request, response, year, chosen, figures.fingerprints.get(year), stale):
        return Status(304, None)
    return _figures(figures, year, chosen, stale=year in stale)


def _public(request: HttpRequest) -> None:
    require(request, TokenScope.PUBLIC)


@router.get(
    "/published",
    auth=anyone,
    response={200: list[PublicationOut], **NOT_MODIFIED, **ERRORS},
    url_name="published_years",
    summary="Published years",
    description="The latest publication of each published year, newest first. No token needed.",
)
def published_years(request: HttpRequest, response: HttpResponse) -> Any:
    _public(request)
    publications = reports.current_publications()
    if _cached(request, response, "published", [(p.pk, p.version) for p in publications]):
        return Status(304, None)
    return [
        {
            "year": p.year,
            "version": p.version,
            "published_at": p.published_at,
            "members": p.members,
            "complete": p.complete,
        }
        for p in publications
    ]


@router.get(
    "/published/{int:year}",
    auth=anyone,
    response={200: FiguresOut, **NOT_MODIFIED, **ERRORS},
    url_name="published",
    summary="Published figures of a year",
    description=(
        "The figures of the year's latest publication, as the public pages show them. "
        "No token needed."
    ),
)
def published(
    request: HttpRequest, response: HttpResponse, year: Year, scope: Scope = NETWORK
) -> Any:
    _public(request)
    publication = reports.publication_for(year)
    if publication is None:
        raise ApiError(404)
    if _cached(request, response, "publication", publication.pk, scope):
        return Status(304, None)
    figures = reports.published_figures(publication)
    return _figures(figures, year, _scope(figures, year, scope), stale=False)


def _pooled_figure(figure: Figure) -> dict[str, Any]:
    """A three-year figure as the public page shows it: its counts only where it is shown."""
    out = _figure(figure)
    if not figure.shown:
        out.update(numerator=None, denominator=None)
    return out


POOLED_EXAMPLE = {
    "country": "DEU",
    "first_year": 2023,
    "last_year": 2025,
    "label": "2023–2025 (three-year cohort)",
    "cohort": 21,
    "figures": [
        {
            "indicator": "R2.1",
            "title": "Formal identification",
            "numerator": 12,
            "denominator": 21,
            "pending": 0,
            "rate": 0.5714,
            "low": 0.3655,
            "high": 0.7553,
            "reason": "",
        },
        {
            "indicator": "R3.1",
            "title": "Reflection period granted",
            "numerator": None,
            "denominator": None,
            "pending": 2,
            "rate": None,
            "low": None,
            "high": None,
            "reason": "14 persons, fewer than 20",
        },
    ],
}


@router.get(
    "/published/{int:year}/pooled",
    auth=anyone,
    response={200: list[PooledOut], **NOT_MODIFIED, **ERRORS},
    url_name="published_pooled",
    summary="Published three-year figures of a year",
    description=(
        "The three-year cohort figures of the year's latest publication, as its public "
        "country pages show them: for each country with any, beside each indicator whose "
        "figure of the year is not enough data, the figure of the fixed three-year window "
        "holding the year (2023–2025…), pooled and protected like a single year's. "
        "Countries whose pooled tables were withheld have none; the network has none; a "
        "publication that froze no window for the year (differential privacy, or a "
        "window not yet publishable) answers an empty list. No token needed."
    ),
    openapi_extra={
        "responses": {
            200: {
                "content": {
                    "application/json": {
                        "examples": {
                            "small-country": {
                                "summary": "A small country's three-year figures",
                                "value": [POOLED_EXAMPLE],
                            },
                            "none": {
                                "summary": "A publication without three-year figures",
                                "value": [],
                            },
                        }
                    }
                }
            }
        }
    },
)
def published_pooled(request: HttpRequest, response: HttpResponse, year: Year) -> Any:
    _public(request)
    publication = reports.publication_for(year)
    if publication is None:
        raise ApiError(404)
    if _cached(request, response, "pooled", publication.pk):
        return Status(304, None)
    offers = pooled_offers(
        reports.published_figures(publication), reports.published_pooled(publication), year
    )
    return [
        {
            "country": offer.country,
            "first_year": offer.first_year,
            "last_year": offer.last_year,
            "label": offer.label,
            "cohort": offer.cohort,
            "figures": [_pooled_figure(figure) for figure in offer.figures],
        }
        for offer in offers
    ]
