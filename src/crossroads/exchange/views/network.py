"""Network and per-country tables of accepted submissions, with provenance (analysts)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.spreadsheets import convention_of
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.codebook.loader import load_standard
from crossroads.exchange import catalogue
from crossroads.exchange.models import NetworkRelease
from crossroads.exchange.presenters import grid
from crossroads.exchange.services.aggregation import accepted_coverage, accepted_keys
from crossroads.exchange.services.releases import Aggregate, aggregate_year
from crossroads.exchange.spreadsheets import cells_csv, workbook
from crossroads.exchange.tasks import RELEASE_TASK, recompute
from crossroads.exchange.views.downloads import XLSX, attachment
from crossroads.exchange.views.secretariat import analyst_user
from crossroads.tasks import presenters
from crossroads.tasks.models import TaskRun


@login_required
def years(request: HttpRequest) -> HttpResponse:
    """Years with accepted submissions and the state of their network tables."""
    analyst_user(request)
    releases = {r.year: r for r in NetworkRelease.objects.defer("tables")}
    keys = accepted_keys()
    covered = accepted_coverage()
    rows = [
        {
            "year": year,
            "coverage": covered.get(year),
            "release": releases.get(year),
            "current": year in releases and releases[year].key == keys[year],
        }
        for year in sorted(keys, reverse=True)
    ]
    return render(request, "exchange/network_years.html", {"rows": rows})


def _country(request: HttpRequest, aggregate: Aggregate) -> str | None:
    country = request.GET.get("country") or None
    if country is not None and country not in aggregate.countries:
        raise Http404
    return country


@login_required
def year(request: HttpRequest, year: int) -> HttpResponse:
    """The network's (or one country's) tables of a year, who contributed, and how."""
    user = analyst_user(request)
    keys = accepted_keys()
    if year not in keys:
        raise Http404
    aggregate = aggregate_year(year, compute=False)
    running = _running(year)
    if aggregate is None:
        # Never computed: the worker computes it; the page follows its progress.
        run = running or recompute(user, year)
        return render(request, "exchange/network_computing.html",
                      {"year": year, "run": run, "state": presenters.state(run)})  # fmt: skip
    country = _country(request, aggregate)
    language = translation.get_language() or "en"
    tables = aggregate.scope(country)
    order = {t.code: i for i, t in enumerate(catalogue.TABLES)}
    grids = [
        grid(table, language)
        for _name, table in sorted(tables.items(), key=lambda item: order.get(item[0], 999))
    ]
    names = load_standard().vocabularies["country"]

    def label(code: str) -> str:
        value = names.get(code)
        return value.label.get(language) if value else code

    record(
        user,
        Action.READ,
        object_type="network_release",
        object_id=aggregate.release.pk,
        summary=f"Viewed network tables {year}" + (f" ({country})" if country else ""),
    )
    return render(
        request,
        "exchange/network_year.html",
        {
            "aggregate": aggregate,
            "year": year,
            "country": country,
            "country_label": label(country) if country else "",
            "countries": sorted(
                ((code, label(code)) for code in aggregate.countries), key=lambda pair: pair[1]
            ),
            "grids": grids,
            "contributors": aggregate.contributors(country),
            "withheld": [catalogue.module_title(m) for m in aggregate.withheld],
            "released_only": [c for c in aggregate.contributors(country) if not c.originals],
            "rule": aggregate.rule,
            "run": running,
            "state": presenters.state(running) if running else None,
        },
    )


@login_required
@require_POST
def compute(request: HttpRequest, year: int) -> HttpResponse:
    """Recompute a year's release, network only or with every country."""
    user = analyst_user(request)
    if year not in accepted_keys():
        raise Http404
    run = recompute(user, year, by_country=request.POST.get("by_country") == "1")
    if not run.is_active:
        messages.success(request, run.message)
    return redirect("exchange:network_year", year)


def _running(year: int) -> TaskRun | None:
    """The run computing ``year``'s tables now, if any."""
    runs = TaskRun.objects.active().filter(kind=RELEASE_TASK).order_by("-created_at")
    return next((r for r in runs if r.params.get("year") == year), None)


@login_required
def download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The tables of the network (or a country) as XLSX or CSV, with provenance."""
    user = analyst_user(request)
    aggregate = aggregate_year(year, compute=False)
    if aggregate is None:
        raise Http404
    country = _country(request, aggregate)
    scope = country or "network"
    language = translation.get_language() or "en"
    tables = aggregate.scope(country)
    stem = f"crossroads-{scope}-{year}"
    if fmt == "csv":
        content: bytes | str = cells_csv(
            ((scope, t) for t in tables.values()), language, convention_of(user)
        )
        response = attachment(content, f"{stem}.csv", "text/csv; charset=utf-8")
    elif fmt == "xlsx":
        rule = aggregate.rule
        about = [
            (_("Scope"), scope),
            (_("Year (cohort registered in)"), str(year)),
            (_("Computed"), aggregate.release.computed_at.isoformat(timespec="minutes")),
            (_("Suppression threshold"), str(rule.threshold)),
            (_("Rounding base"), str(rule.rounding_base or _("none"))),
            *(
                (
                    _("Contributor"),
                    f"{c.organisation_name} ({c.country}), version {c.version}, "
                    + (_("original counts") if c.originals else _("released values"))
                    + f", {c.checksum[:12]}",
                )
                for c in aggregate.contributors(country)
            ),
        ]
        grids = [grid(t, language) for t in tables.values()]
        response = attachment(workbook(about, grids), f"{stem}.xlsx", XLSX)
    else:
        raise Http404
    record(
        user,
        Action.EXPORT,
        object_type="network_release",
        object_id=aggregate.release.pk,
        summary=f"Downloaded network tables {year} ({scope}) as {fmt.upper()}",
    )
    return response
