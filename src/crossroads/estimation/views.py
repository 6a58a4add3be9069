"""The analysts' estimation pages: estimates, a new estimate, token files.

Analysts of the secretariat only: anyone else gets 403 on the list pages
and 404 on an object's pages (see :mod:`.access`). Views are thin: fetch,
call one service, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crossroads.estimation import advice, presenters, services
from crossroads.estimation.access import (
    analyst_or_403,
    analyst_or_404,
    get_estimate_for_analyst,
    get_upload_for_analyst,
)
from crossroads.estimation.forms import (
    EstimateForm,
    PublishForm,
    ScopeForm,
    UploadForm,
    country_label,
)
from crossroads.estimation.models import Estimate, TokenUpload
from crossroads.estimation.sources import (
    available_sources,
    countries_and_years,
    estimable_scopes,
    usable,
)
from crossroads.stats.linkage import LEVEL_NAMES
from crossroads.tasks import presenters as presenters_tasks
from crossroads.tasks import reaping


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Stored estimates, newest first."""
    analyst_or_403(request.user)
    estimates = Estimate.objects.select_related("created_by").defer("result", "overlap")[:200]
    return render(
        request,
        "estimation/index.html",
        {
            "estimates": [(estimate, country_label(estimate.country)) for estimate in estimates],
            "uploads": TokenUpload.objects.count(),
        },
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """Choose country and year (GET), then the lists and the method; POST starts the estimate."""
    user = analyst_or_403(request.user)
    countries, years = countries_and_years()
    estimable = estimable_scopes()
    chosen_scope = request.GET if "country" in request.GET else _first_estimable(estimable)
    scope = ScopeForm(chosen_scope, countries=countries, years=years)
    if not scope.is_bound or not scope.is_valid():
        return render(
            request,
            "estimation/new.html",
            {"scope": scope, "form": None, "estimable": _scope_links(estimable)},
        )
    country, year = scope.cleaned_data["country"], scope.cleaned_data["year"]
    sources = available_sources(country, year)
    if len(usable(sources)) < 2:
        return render(
            request,
            "estimation/new.html",
            {
                "scope": scope,
                "form": None,
                "too_few": True,
                "country_name": country_label(country),
                "year": year,
                "sources": [(source, False) for source in sources],
                "usable_count": len(usable(sources)),
                "estimable": _scope_links([pair for pair in estimable if pair != (country, year)]),
            },
        )
    form = EstimateForm(request.POST or None, sources=sources)
    if request.method == "POST" and form.is_valid():
        try:
            estimate = services.request_from_form(user, country, year, form.cleaned_data)
        except services.Refused as error:
            form.add_error(None, str(error))
        else:
            return redirect("estimation:detail", estimate.pk)
    # Every usable list starts ticked: most estimates use them all.
    chosen = (
        set(form["sources"].value() or [])
        if form.is_bound
        else {source.key for source in sources if source.allowed and source.people}
    )
    return render(
        request,
        "estimation/new.html",
        {
            "scope": scope,
            "form": form,
            "country": country,
            "country_name": country_label(country),
            "year": year,
            "sources": [(source, source.key in chosen) for source in sources],
        },
    )


def _first_estimable(estimable: list[tuple[str, int]]) -> dict[str, str] | None:
    """The form data of the first country and year whose lists can be linked (None if none)."""
    for country, year in estimable:
        if len(usable(available_sources(country, year))) >= 2:
            return {"country": country, "year": str(year)}
    return None


def _scope_links(estimable: list[tuple[str, int]]) -> list[tuple[str, int, str]]:
    """(country, year, country name) of the pairs that can be estimated, for links."""
    return [(country, year, country_label(country)) for country, year in estimable]


@login_required
@require_GET
def detail(request: HttpRequest, estimate_id: int) -> HttpResponse:
    """One estimate: its lists, overlap table (masked), linkage, result, diagnostics and chart."""
    user = analyst_or_404(request.user)
    reaping.reap()
    estimate = get_estimate_for_analyst(user, estimate_id)
    services.record_estimate_view(user, estimate)
    done = estimate.status == Estimate.Status.DONE
    run = estimate.run if not estimate.is_finished else None
    return render(
        request,
        "estimation/detail.html",
        {
            "estimate": estimate,
            "run": run,
            "state": presenters_tasks.state(run) if run is not None else None,
            "country_name": country_label(estimate.country),
            "lists": presenters.list_sizes(estimate),
            "columns": estimate.list_names,
            "rows": presenters.overlap_rows(estimate),
            "observed": presenters.Count(estimate.observed),
            "on_several": presenters.on_several_lists(estimate),
            "levels": presenters.linkage_levels(estimate),
            "duplicates": presenters.duplicates(estimate),
            "settings_rows": presenters.settings_summary(estimate),
            "model": presenters.model_summary(estimate) if done else None,
            "interval_label": presenters.interval_label(estimate) if done else "",
            "dark_figure": presenters.dark_figure(estimate),
            "failure": presenters.failure(estimate) if estimate.error else "",
            "comparison": presenters.comparison(estimate) if done else [],
            "reading": presenters.comparison_reading(estimate) if done else [],
            "latent": presenters.latent_class_summary(estimate) if done else None,
            "closed": presenters.closed_summary(estimate) if done else None,
            "publish_form": publish_form(estimate) if done else None,
            "chart": presenters.comparison_chart(estimate) if done else None,
            "warnings": advice.estimate_warnings(estimate) if done else [],
            "linkage_warnings": advice.linkage_warnings(estimate),
            "level_count": len(LEVEL_NAMES),
        },
    )


@login_required
@require_POST
def repeat(request: HttpRequest, estimate_id: int) -> HttpResponse:
    """Run the stored specification again on the stored overlap table."""
    user = analyst_or_404(request.user)
    estimate = get_estimate_for_analyst(user, estimate_id)
    again = services.repeat_estimate(user, estimate)
    messages.success(request, _("The estimate is being computed again from its stored inputs."))
    return redirect("estimation:detail", again.pk)


def publish_form(estimate: Estimate, data: Any = None) -> PublishForm:
    """The publication form of ``estimate``, with its methods and list holders as choices."""
    return PublishForm(
        data,
        methods=presenters.publishable_methods(estimate),
        holders=[(label, name) for label, name, _size in presenters.list_sizes(estimate)],
        initial={
            "methods": estimate.published_methods or presenters.default_published(estimate),
            "named": estimate.named_holders,
        },
    )


@login_required
@require_POST
def publish(request: HttpRequest, estimate_id: int) -> HttpResponse:
    """Mark the estimate for publication (report and public pages) with the chosen details."""
    user = analyst_or_404(request.user)
    estimate = get_estimate_for_analyst(user, estimate_id)
    form = publish_form(estimate, request.POST)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, str(error))
        return redirect("estimation:detail", estimate.pk)
    try:
        services.publish_estimate(
            user,
            estimate,
            methods=form.cleaned_data["methods"],
            named_holders=form.cleaned_data["named"],
        )
    except services.Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "The estimate is marked for publication: the annual report and the public pages "
                "of %(year)s show it."
            )
            % {"year": estimate.year},
        )
    return redirect("estimation:detail", estimate.pk)


@login_required
@require_POST
def unpublish(request: HttpRequest, estimate_id: int) -> HttpResponse:
    """Withdraw the estimate from publication."""
    user = analyst_or_404(request.user)
    estimate = get_estimate_for_analyst(user, estimate_id)
    try:
        services.unpublish_estimate(user, estimate)
    except services.Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The estimate is no longer published."))
    return redirect("estimation:detail", estimate.pk)


@login_required
@require_POST
def delete(request: HttpRequest, estimate_id: int) -> HttpResponse:
    """Erase a stored estimate."""
    user = analyst_or_404(request.user)
    estimate = get_estimate_for_analyst(user, estimate_id)
    services.delete_estimate(user, estimate)
    messages.success(request, _("The estimate was deleted."))
    return redirect("estimation:index")


@login_required
def uploads(request: HttpRequest) -> HttpResponse:
    """Uploaded token files, and the form to upload one."""
    user = analyst_or_403(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.upload_from_form(user, form.cleaned_data)
        except services.Refused as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                _("%(label)s: %(people)s people stored for %(country)s %(year)s.")
                % {
                    "label": upload.label,
                    "people": presenters.number(upload.people),
                    "country": country_label(upload.country),
                    "year": upload.year,
                },
            )
            return redirect("estimation:uploads")
    files = TokenUpload.objects.select_related("uploaded_by").defer("keys")
    return render(
        request,
        "estimation/uploads.html",
        {
            "form": form,
            "uploads": [(upload, country_label(upload.country)) for upload in files],
        },
    )


@login_required
@require_POST
def upload_delete(request: HttpRequest, upload_id: int) -> HttpResponse:
    """Erase an uploaded token file."""
    user = analyst_or_404(request.user)
    upload = get_upload_for_analyst(user, upload_id)
    services.delete_upload(user, upload)
    messages.success(request, _("The token file was deleted."))
    return redirect("estimation:uploads")
