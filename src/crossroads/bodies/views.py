"""The calendar pages: what is due when, the register, a round with its contributions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.bodies import access, schedule, services, tasks
from crossroads.bodies.access import get_round_for_user
from crossroads.bodies.forms import ContributionForm, FilterForm, RoundForm
from crossroads.bodies.models import Contribution, DraftFile, Round
from crossroads.bodies.register import BODIES, BY_CODE
from crossroads.reports.builder import content_security_policy
from crossroads.tasks import presenters
from crossroads.tasks.models import TaskRun
from crossroads.tasks.queueing import start


def _language() -> str:
    return get_language() or "en"


def _reader(request: HttpRequest) -> User:
    user = request.user
    if not access.can_read(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """What is due when: the rounds whose deadline or event is ahead, by month."""
    user = _reader(request)
    language = _language()
    form = FilterForm(request.GET or None, language=language)
    wanted = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    found = schedule.rounds(
        country=wanted.get("country", ""),
        body=wanted.get("body", ""),
        past=bool(wanted.get("past")),
        today=today,
    )
    record(user, Action.LIST, object_type="body_round", summary="Read the calendar")
    months = schedule.by_month(found, today, language)
    return render(
        request,
        "bodies/calendar.html",
        {
            "form": form,
            "months": months,
            "today": today,
            "soon": schedule.SOON_DAYS,
            "can_keep": access.can_keep_calendar(user),
            "any_demo": any(d.round.demo for m in months for d in m.rows),
        },
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """The monitoring bodies the network reports to, with their next deadlines."""
    _reader(request)
    today = timezone.localdate()
    upcoming = schedule.rounds(today=today)
    ahead: dict[str, int] = {}
    for item in upcoming:
        ahead[item.body] = ahead.get(item.body, 0) + 1
    return render(
        request, "bodies/register.html", {"bodies": [(b, ahead.get(b.code, 0)) for b in BODIES]}
    )


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    """Add a round to the calendar (analysts)."""
    user = _reader(request)
    if not access.can_keep_calendar(user):
        raise PermissionDenied
    initial = {k: request.GET[k] for k in ("body", "country") if k in request.GET}
    form = RoundForm(request.POST or None, initial=initial, language=_language())
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_round(user, form.cleaned_data)
        except services.CalendarError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The round was added to the calendar."))
            return redirect("bodies:round", item.pk)
    return render(request, "bodies/round_form.html", {"form": form, "round": None})


@login_required
def round_edit(request: HttpRequest, round_id: int) -> HttpResponse:
    """Change a round's dates, stage or notes (analysts)."""
    item = get_round_for_user(request.user, round_id, write=True)
    user = request.user
    assert isinstance(user, User)
    form = RoundForm(
        request.POST or None,
        instance=item if request.method != "POST" else None,
        initial={"version": item.version},
        language=_language(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(
                user, item, form.cleaned_data, based_on=form.cleaned_data["version"] or 0
            )
        except services.CalendarError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The round was saved."))
            return redirect("bodies:round", item.pk)
    return render(request, "bodies/round_form.html", {"form": form, "round": item})


@login_required
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    """A round: its dates, who contributed what, recording a contribution, the draft."""
    item = get_round_for_user(request.user, round_id)
    user = request.user
    assert isinstance(user, User)
    form = None
    if access.can_contribute(user) and user.organisation is not None:
        form = ContributionForm(
            request.POST or None, organisation=user.organisation, country=item.country
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = services.ContributionInput(**form.cleaned_data)
            try:
                services.add_contribution(user, item, data)
            except services.CalendarError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The contribution was recorded."))
                return redirect("bodies:round", item.pk)
    record(
        user,
        Action.READ,
        object_type="body_round",
        object_id=item.pk,
        summary=f"Viewed round {item.pk}",
    )
    due = schedule.due(item, timezone.localdate(), _language())
    contributions = item.contributions.select_related("organisation", "document")
    return render(
        request,
        "bodies/round.html",
        {
            "round": item,
            "due": due,
            "body": due.body,
            "name": due.place,
            "contributions": contributions,
            "form": form,
            "next_year": schedule.next_round_year(item),
            "can_keep": access.can_keep_calendar(user),
            "own": user.organisation_id,
            **_drafts(user, item),
        },
    )


def _drafts(user: User, item: Round) -> dict[str, object]:
    """What the round page shows of its drafted submission: the files, a run under way."""
    if not access.can_draft(user, item) or not item.country:
        return {"can_draft": False}
    language = _language()
    run = TaskRun.objects.active().filter(key=f"bodies.draft:{item.pk}:{language}").first()
    drafts = DraftFile.objects.filter(round=item).defer("html", "docx", "pdf")
    return {
        "can_draft": True,
        "drafts": list(drafts.order_by("language")),
        "run": run,
        "state": presenters.state(run) if run else None,
    }


@login_required
@require_POST
def round_delete(request: HttpRequest, round_id: int) -> HttpResponse:
    """Remove a round from the calendar (analysts)."""
    item = get_round_for_user(request.user, round_id, write=True)
    user = request.user
    assert isinstance(user, User)
    services.delete_round(user, item)
    messages.success(request, _("The round was removed from the calendar."))
    return redirect("bodies:calendar")


@login_required
@require_POST
def contribution_delete(request: HttpRequest, contribution_id: int) -> HttpResponse:
    """Remove a contribution the reader's organisation recorded."""
    user = _reader(request)
    found = Contribution.objects.filter(pk=contribution_id).select_related("round").first()
    if found is None or found.organisation_id != user.organisation_id:
        raise Http404
    try:
        services.remove_contribution(user, found)
    except services.CalendarError as error:
        raise PermissionDenied(error.message) from None
    messages.success(request, _("The contribution was removed."))
    return redirect("bodies:round", found.round_id)


def _drafter(request: HttpRequest, round_id: int) -> tuple[User, Round]:
    item = get_round_for_user(request.user, round_id)
    user = request.user
    if not access.can_draft(user, item):
        raise PermissionDenied
    assert isinstance(user, User)
    return user, item


@login_required
@require_POST
def draft_start(request: HttpRequest, round_id: int) -> HttpResponse:
    """Draft the round's submission in the reader's language, in a task worker."""
    user, item = _drafter(request, round_id)
    if not item.country:
        raise Http404
    language = _language()
    start(
        tasks.draft_submission,
        user=user,
        key=f"bodies.draft:{item.pk}:{language}",
        round_id=item.pk,
        in_language=language,
        user_id=user.pk,
        body=str(BY_CODE[item.body].short),
        country=item.country,
    )
    return redirect("bodies:round", item.pk)


FORMATS = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@login_required
def draft_file(request: HttpRequest, round_id: int, language: str, fmt: str) -> HttpResponse:
    """The drafted submission as HTML (to read), DOCX (to edit) or PDF."""
    user, item = _drafter(request, round_id)
    if fmt not in FORMATS:
        raise Http404
    stored = DraftFile.objects.filter(round=item, language=language).first()
    if stored is None:
        raise Http404
    record(
        user,
        Action.EXPORT,
        object_type="body_draft",
        object_id=stored.pk,
        summary=f"Downloaded the drafted submission of round {item.pk} as {fmt}",
    )
    if fmt == "html":
        response = HttpResponse(stored.html, content_type=FORMATS[fmt])
        response["Content-Security-Policy"] = content_security_policy(stored.html)
        return response
    content = bytes(stored.docx if fmt == "docx" else stored.pdf)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    name = f"{item.body}-{item.country.lower()}-{stored.created_at:%Y%m%d}-{language}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
