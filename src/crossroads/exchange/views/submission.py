"""One submission: its tables exactly as released, its history, and the steps it can take."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_manage_data, is_analyst
from crossroads.exchange import catalogue
from crossroads.exchange.access import get_submission_for_user
from crossroads.exchange.forms import ReviewForm
from crossroads.exchange.models import Status, Submission
from crossroads.exchange.presenters import Grid, grid
from crossroads.exchange.protection import describe_warning
from crossroads.exchange.released import original_tables, read_warnings, released_tables
from crossroads.exchange.services import drafts, narratives
from crossroads.exchange.services import submissions as services
from crossroads.exchange.validation import warning_text


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def grids_for(submission: Submission, *, member: bool, originals: bool) -> list[Grid]:
    """The submission's tables laid out, in catalogue order.

    A member sees the preview (the same released values, with the reason of
    each suppression) and, on request, the exact counts beside suppressed
    cells; anyone else sees the released tables only.
    """
    language = translation.get_language() or "en"
    source = submission.preview if member and submission.preview else submission.released
    tables = released_tables(source)
    exact = original_tables(submission.original) if member and originals else {}
    structure = submission.metadata.get("structure", {})
    order = {t.code: i for i, t in enumerate(catalogue.TABLES)}
    return [
        grid(
            table,
            language,
            structure=structure.get(name, {}),
            originals=exact.get(name),
            preview=member,
        )
        for name, table in sorted(tables.items(), key=lambda item: order.get(item[0], 999))
    ]


@login_required
def detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The submission page: what leaves (or left), warnings, history, actions."""
    user = _user(request)
    submission = get_submission_for_user(user, submission_id)
    member = submission.organisation_id == user.organisation_id
    show_originals = member and request.GET.get("exact") == "1"
    services.record_view(user, submission)
    versions = (
        Submission.objects.visible_to(user)
        .filter(organisation=submission.organisation, year=submission.year)
        .order_by("-version")
    )
    member_info: dict[str, Any] = submission.preview.get("member", {}) if member else {}
    language = translation.get_language() or "en"
    draft_preview = member and submission.status == Status.DRAFT
    narrative = (
        narratives.leaving_copy(submission.organisation, submission.year)
        if draft_preview
        else submission.narrative
    )
    return render(
        request,
        "exchange/submission.html",
        {
            "submission": submission,
            "member": member,
            "grids": grids_for(submission, member=member, originals=show_originals),
            "show_originals": show_originals,
            "versions": versions,
            "events": submission.events.all(),
            "warnings": [warning_text(w) for w in submission.warnings],
            "disclosure_warnings": [
                describe_warning(w, translation.get_language() or "en")
                for w in read_warnings(submission.preview)
            ]
            if member
            else [],
            "excluded": _excluded(member_info.get("excluded", {})),
            "member_info": member_info,
            "summary": _summary(submission.released.get("summary", {})),
            "rule": submission.released.get("rule", {}),
            "can_act": member and can_manage_data(user),
            "narrative_sections": narratives.present(narrative, language),
            "narrative_places": narratives.problems_of(narrative) if draft_preview else [],
            "narrative_draft": draft_preview,
            "narrative_editable": member and can_manage_data(user),
            "can_review": is_analyst(user) and submission.status == Status.SUBMITTED,
            "review_form": ReviewForm(),
            "statuses": Status,
        },
    )


def _summary(summary: dict[str, int]) -> dict[str, int]:
    """Cell counts by public status; rounded cells are released cells."""
    return {
        "released": summary.get("released", 0) + summary.get("rounded", 0),
        "zero": summary.get("zero", 0),
        "suppressed": summary.get("suppressed", 0),
    }


def _excluded(counts: dict[str, int]) -> list[tuple[str, int]]:
    dim = catalogue.dimension("exclusion_reason")
    language = translation.get_language() or "en"
    return [
        (category.label_in(language), counts.get(category.code, 0))
        for category in dim.categories or ()
    ]


def _member_action(request: HttpRequest, submission_id: int) -> tuple[User, Submission]:
    user = _user(request)
    submission = get_submission_for_user(user, submission_id)
    if submission.organisation_id != user.organisation_id or not can_manage_data(user):
        raise PermissionDenied
    return user, submission


@login_required
@require_POST
def submit(request: HttpRequest, submission_id: int) -> HttpResponse:
    user, submission = _member_action(request, submission_id)
    try:
        services.submit(user, submission)
    except services.SubmissionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Version %(v)s submitted to the secretariat. It can no longer change.")
            % {"v": submission.version},
        )
    return redirect("exchange:submission", submission.pk)


@login_required
@require_POST
def rebuild(request: HttpRequest, submission_id: int) -> HttpResponse:
    user, submission = _member_action(request, submission_id)
    if submission.status != Status.DRAFT:
        messages.error(request, _("Only a draft can be rebuilt."))
        return redirect("exchange:submission", submission.pk)
    try:
        rebuilt = drafts.build_draft(user, submission.year)
    except services.SubmissionError as exc:
        messages.error(request, str(exc))
        return redirect("exchange:submission", submission.pk)
    messages.success(request, _("Draft rebuilt from the records as they are now."))
    return redirect("exchange:submission", rebuilt.pk)


@login_required
@require_POST
def discard(request: HttpRequest, submission_id: int) -> HttpResponse:
    user, submission = _member_action(request, submission_id)
    try:
        services.discard_draft(user, submission)
    except services.SubmissionError as exc:
        messages.error(request, str(exc))
        return redirect("exchange:submission", submission.pk)
    messages.success(request, _("Draft discarded."))
    return redirect("exchange:overview")


@login_required
@require_POST
def review(request: HttpRequest, submission_id: int, decision: str) -> HttpResponse:
    """Accept or return a submitted version (analysts)."""
    user = _user(request)
    submission = get_submission_for_user(user, submission_id, for_review=True)
    form = ReviewForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        if decision == "accept":
            services.accept(user, submission, comment)
            messages.success(request, _("Accepted. It now counts in the network tables."))
        else:
            services.return_submission(user, submission, comment)
            messages.success(request, _("Returned to the member with your comments."))
    except services.SubmissionError as exc:
        messages.error(request, str(exc))
    return redirect("exchange:submission", submission.pk)
