"""The narrative of a year: the questionnaire the data officer fills beside the tables."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crossroads.accounts.permissions import can_manage_data
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.codebook.questionnaire import load_questionnaire
from crossroads.exchange.forms import NarrativeForms
from crossroads.exchange.models import Submission
from crossroads.exchange.services import narratives
from crossroads.exchange.services.drafts import FIRST_YEAR
from crossroads.exchange.views.member import member_user


@login_required
def edit(request: HttpRequest, year: int) -> HttpResponse:
    """Fill or correct the narrative of ``year``; what would block submission is listed."""
    user = member_user(request)
    if not can_manage_data(user):
        raise PermissionDenied
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    assert user.organisation is not None
    language = translation.get_language() or "en"
    questionnaire = load_questionnaire()
    narrative = narratives.working_copy(user.organisation, year)
    stored = narrative.answers if narrative else {}
    revision = narrative.revision if narrative else 0
    if request.method == "POST":
        forms = NarrativeForms(questionnaire, language, data=request.POST)
        if forms.is_valid():
            try:
                based_on = int(request.POST.get("revision", ""))
                saved = narratives.save_narrative(user, year, forms.answers(), based_on=based_on)
            except ValueError as exc:
                message = str(exc) if isinstance(exc, narratives.NarrativeError) else None
                messages.error(request, message or _("The form was incomplete; try again."))
            else:
                places = narratives.problems_of(saved.answers)
                if places:
                    messages.warning(
                        request,
                        ngettext(
                            "Saved. %(count)s passage looks like personal data: rephrase it "
                            "before submitting.",
                            "Saved. %(count)s passages look like personal data: rephrase them "
                            "before submitting.",
                            len(places),
                        )
                        % {"count": len(places)},
                    )
                else:
                    messages.success(request, _("Narrative saved."))
                return redirect("exchange:narrative", year)
        else:
            messages.error(request, _("Some answers need attention; see the marked fields."))
    else:
        forms = NarrativeForms(questionnaire, language, answers=stored)
        record(
            user,
            Action.READ,
            object_type="narrative",
            object_id=narrative.pk if narrative else "",
            summary=f"Opened the {year} narrative",
        )
    versions = Submission.objects.filter(organisation=user.organisation, year=year).order_by(
        "-version"
    )
    return render(
        request,
        "exchange/narrative.html",
        {
            "year": year,
            "questionnaire": questionnaire,
            "title": questionnaire.title.get(language),
            "summary": questionnaire.summary.get(language),
            "guidance": questionnaire.guidance.get(language),
            "formsets": [
                (section.label.get(language), section.help.get(language), formset)
                for section, formset in forms.formsets
            ],
            "revision": revision,
            "narrative": narrative,
            "places": narratives.problems_of(stored),
            "latest": versions.first(),
        },
    )
