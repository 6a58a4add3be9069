"""The member's side: the exchange overview, building a draft, the agreement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_manage_data, can_work_with_cases, is_analyst
from crossroads.core import signing
from crossroads.exchange import catalogue
from crossroads.exchange.forms import BuildForm
from crossroads.exchange.models import Agreement, Status, Submission
from crossroads.exchange.services.agreements import current_agreement
from crossroads.exchange.services.drafts import build_draft, year_choices
from crossroads.exchange.services.submissions import SubmissionError


def member_user(request: HttpRequest) -> User:
    """The signed-in user if they belong to a member organisation's case roles; 403 otherwise."""
    user = request.user
    if not can_work_with_cases(user):
        raise PermissionDenied
    return user


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The organisation's submissions by year, the agreement in force, and building a draft."""
    if is_analyst(request.user):
        return redirect("exchange:inbox")
    user = member_user(request)
    submissions = list(
        Submission.objects.visible_to(user)
        .select_related("submitted_by")
        .order_by("-year", "-version")
    )
    years: dict[int, list[Submission]] = {}
    for submission in submissions:
        years.setdefault(submission.year, []).append(submission)
    return render(
        request,
        "exchange/overview.html",
        {
            "years": sorted(years.items(), reverse=True),
            "agreement": current_agreement(user.organisation) if user.organisation else None,
            "form": BuildForm(),
            "can_build": can_manage_data(user),
            "narrative_years": year_choices()[:3],
            "statuses": Status,
        },
    )


@login_required
@require_POST
def build(request: HttpRequest) -> HttpResponse:
    """Build (or rebuild) the draft for the chosen year, then show it."""
    user = member_user(request)
    if not can_manage_data(user):
        raise PermissionDenied
    form = BuildForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year from the list."))
        return redirect("exchange:overview")
    try:
        submission = build_draft(user, form.cleaned_data["year"])
    except SubmissionError as exc:
        messages.error(request, str(exc))
        return redirect("exchange:overview")
    messages.success(
        request,
        _("Draft %(year)s version %(version)s built. Check what will leave before submitting.")
        % {"year": submission.year, "version": submission.version},
    )
    return redirect("exchange:submission", submission.pk)


@login_required
def agreement(request: HttpRequest) -> HttpResponse:
    """The organisation's agreement in force and every earlier version."""
    user = member_user(request)
    versions = Agreement.objects.filter(organisation=user.organisation).order_by("-version")
    key_id, public_key = signing.instance_public_key()
    return render(
        request,
        "exchange/agreement_member.html",
        {
            "organisation": user.organisation,
            "current": current_agreement(user.organisation) if user.organisation else None,
            "versions": versions,
            "modules": _modules(),
            "key_id": key_id,
            "public_key": public_key,
        },
    )


def _modules() -> list[tuple[str, str, list[catalogue.TableSpec]]]:
    """(code, title, tables) of every module, for describing what an agreement shares."""
    return [
        (str(m), str(catalogue.module_title(m)), list(catalogue.tables_of([m])))
        for m in catalogue.MODULES
    ]
