"""Country profile pages: list, profile, editing one answer, an answer's history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.permissions import can_edit_country_profiles, can_read_network_monitoring
from crossroads.collation import sorted_by_text
from crossroads.monitoring import services
from crossroads.monitoring.access import get_profile_for_user
from crossroads.monitoring.checklist import BY_CODE, ITEMS
from crossroads.monitoring.forms import AnswerForm
from crossroads.monitoring.models import Answer, CountryProfile
from crossroads.monitoring.presenters import country_name, display_value, profile_groups
from crossroads.monitoring.recognition import assumptions, country_gaps


def _language() -> str:
    return get_language() or "en"


@login_required
def profile_list(request: HttpRequest) -> HttpResponse:
    """Every country profile with how much of the checklist is answered."""
    if not can_read_network_monitoring(request.user):
        raise PermissionDenied
    language = _language()
    profiles = [
        {
            "profile": p,
            "name": country_name(p.country, language),
            "answered": p.answers.count(),
        }
        for p in CountryProfile.objects.prefetch_related("answers")
    ]
    profiles = sorted_by_text(profiles, lambda row: str(row["name"]))
    return render(
        request,
        "monitoring/profile_list.html",
        {
            "profiles": profiles,
            "item_count": len(ITEMS),
            "can_edit": can_edit_country_profiles(request.user),
        },
    )


@login_required
@require_POST
def profile_create(request: HttpRequest) -> HttpResponse:
    """Start a profile for a country (analysts)."""
    user = request.user
    if not can_edit_country_profiles(user):
        raise PermissionDenied
    try:
        profile = services.create_profile(user, request.POST.get("country", ""))
    except services.ProfileError as error:
        messages.error(request, error.message)
        return redirect("monitoring:profiles")
    return redirect("monitoring:profile", country=profile.country)


@login_required
def profile_detail(request: HttpRequest, country: str) -> HttpResponse:
    """The legal-framework checklist of one country, with sources and dates."""
    profile = get_profile_for_user(request.user, country)
    language = _language()
    return render(
        request,
        "monitoring/profile_detail.html",
        {
            "profile": profile,
            "name": country_name(profile.country, language),
            "groups": profile_groups(profile, language),
            "can_edit": can_edit_country_profiles(request.user),
            "gaps": country_gaps(profile, language),
            "gap_assumptions": assumptions(),
        },
    )


@login_required
def answer_edit(request: HttpRequest, country: str, item: str) -> HttpResponse:
    """Answer or change one checklist item (analysts)."""
    profile = get_profile_for_user(request.user, country, write=True)
    spec = BY_CODE.get(item)
    if spec is None:
        raise Http404
    user = request.user
    assert can_edit_country_profiles(user)
    language = _language()
    answer = Answer.objects.filter(profile=profile, item=spec.code).first()
    if request.method == "POST":
        form = AnswerForm(spec, language, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_answer(
                    user,
                    profile,
                    spec.code,
                    services.AnswerInput(
                        value=data["value"],
                        source=data["source"],
                        source_date=data["source_date"],
                        source_url=data["source_url"] or "",
                        note=data["note"] or "",
                    ),
                    based_on=data.get("version"),
                )
            except services.ProfileError as error:
                target = error.field if error.field in form.fields else None
                form.add_error(target, error.message)
            else:
                messages.success(request, _("The answer was saved."))
                return redirect("monitoring:profile", country=profile.country)
    else:
        initial: dict[str, object] = {"version": answer.version if answer else None}
        if answer is not None:
            initial.update(
                value=answer.value,
                source=answer.source,
                source_date=answer.source_date,
                source_url=answer.source_url,
                note=answer.note,
            )
        form = AnswerForm(spec, language, initial=initial)
    return render(
        request,
        "monitoring/answer_form.html",
        {
            "profile": profile,
            "name": country_name(profile.country, language),
            "spec": spec,
            "label": spec.label.get(language),
            "form": form,
            "answer": answer,
        },
    )


@login_required
def answer_history(request: HttpRequest, country: str, item: str) -> HttpResponse:
    """Every saved version of one answer, newest first, with who saved it and when."""
    profile = get_profile_for_user(request.user, country)
    spec = BY_CODE.get(item)
    if spec is None:
        raise Http404
    language = _language()
    answer = Answer.objects.filter(profile=profile, item=spec.code).first()
    revisions = [
        {"revision": r, "value": display_value(spec, r.value, language)}
        for r in (answer.revisions.all() if answer else [])
    ]
    return render(
        request,
        "monitoring/answer_history.html",
        {
            "profile": profile,
            "name": country_name(profile.country, language),
            "label": spec.label.get(language),
            "spec": spec,
            "revisions": revisions,
        },
    )
