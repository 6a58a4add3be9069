"""The receiving organisation's inbox: unlocking its key, reading, triage and replies."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.accounts.permissions import (
    allowed_or_404,
    can_administer_organisation,
    can_work_with_cases,
)
from crossroads.reporting import access, choices
from crossroads.reporting.forms import (
    MessageForm,
    ReportForm,
    StatusForm,
    UnlockForm,
    country_choices,
)
from crossroads.reporting.languages import public_languages
from crossroads.reporting.models import Report, Status
from crossroads.reporting.sealing import WrongSecret
from crossroads.reporting.services import ReportingError, keys, triage


def _member(request: HttpRequest) -> User:
    user = allowed_or_404(request.user, can_work_with_cases)
    assert user.organisation is not None
    return user


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The organisation's reports, newest first, by status."""
    user = _member(request)
    assert user.organisation is not None
    point = keys.point_for(user.organisation)
    status = request.GET.get("status", "")
    reports = Report.objects.visible_to(user).order_by("-id")
    counts = {s: reports.filter(status=s).count() for s in Status.values}
    if status in Status.values:
        reports = reports.filter(status=status)
    key = point.current_key()
    context = {
        "point": point,
        "key": key,
        "unlocked": key is not None and access.unlocked_key(request, key) is not None,
        "reports": reports[:200],
        "status": status,
        "statuses": [(value, label, counts[value]) for value, label in Status.choices],
        "kind_labels": {code: label for code, label, _icon in choices.KINDS},
        "unlock_form": UnlockForm(),
        "can_admin": can_administer_organisation(user),
    }
    return render(request, "reporting/inbox.html", context)


@login_required
@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    """Open the organisation's key with its passphrase, for this browser, for a while."""
    user = _member(request)
    assert user.organisation is not None
    key = keys.point_for(user.organisation).current_key()
    if key is None:
        raise Http404
    form = UnlockForm(request.POST)
    next_url = request.POST.get("next", "")
    target = next_url if next_url.startswith("/reporting/") else "reporting:inbox"
    if not form.is_valid():
        return redirect("reporting:inbox")
    try:
        private = keys.unlock(user, key, form.cleaned_data["passphrase"])
    except WrongSecret:
        messages.error(request, _("This passphrase does not open your organisation's reports."))
        return redirect(target)
    response = redirect(target)
    access.hold_unlocked(request, response, key, private)
    return response


@login_required
@require_POST
def lock(request: HttpRequest) -> HttpResponse:
    """Forget the opened key in this browser."""
    _member(request)
    response = redirect("reporting:inbox")
    access.forget_unlocked(response)
    return response


@login_required
def detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """One report, opened with the unlocked key; its triage and replies."""
    user = _member(request)
    report = access.get_report_for_user(user, report_id)
    private = access.unlocked_key(request, report.key)
    context: dict[str, Any] = {
        "report": report,
        # The language the reporter wrote in, named in that language: the reply is best
        # written in it (the form offers more languages than the staff pages).
        "report_language": dict(public_languages()).get(report.language, report.language),
        "status_form": StatusForm(initial={"status": report.status}),
        "message_form": MessageForm(),
        "unlock_form": UnlockForm(),
    }
    if private is None:
        context["locked"] = True
        return render(request, "reporting/detail.html", context)
    opened = triage.read(user, report, private)
    context.update({"opened": opened, "answers": displayed_answers(opened.answers)})
    return render(request, "reporting/detail.html", context)


@login_required
def download_file(request: HttpRequest, report_id: int, file_id: int) -> HttpResponse:
    """A file sent with the report, cleaned of its metadata, as a download."""
    user = _member(request)
    report = access.get_report_for_user(user, report_id)
    private = access.unlocked_key(request, report.key)
    if private is None:
        return redirect("reporting:detail", report_id=report.pk)
    try:
        opened = triage.open_file(user, report, file_id, private)
    except LookupError:
        raise Http404 from None
    response = HttpResponse(opened.data, content_type=opened.content_type)
    # Always a download, never shown in the page: a file from the public is not trusted.
    response["Content-Disposition"] = content_disposition_header(True, opened.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def displayed_answers(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """The sealed answers as label/value rows in the reader's language."""
    form = ReportForm()
    labels = dict(country_choices())
    rows: list[tuple[str, str]] = []
    for name, field in form.fields.items():
        if name not in answers or name.startswith("passphrase"):
            continue
        value = answers[name]
        options = dict(getattr(field, "choices", []) or [])
        if name == "country":
            options = labels
        if isinstance(value, list):
            shown = ", ".join(str(options.get(v, v)) for v in value) or "—"
        else:
            shown = str(options.get(value, value)) if value else "—"
        rows.append((str(field.label), shown))
    return rows


@login_required
@require_POST
def change_status(request: HttpRequest, report_id: int) -> HttpResponse:
    """Triage: new, in progress, referred, closed."""
    user = _member(request)
    report = access.get_report_for_user(user, report_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        triage.set_status(user, report, form.cleaned_data["status"])
        messages.success(request, _("Status changed."))
    return redirect("reporting:detail", report_id=report.pk)


@login_required
@require_POST
def send_reply(request: HttpRequest, report_id: int) -> HttpResponse:
    """A reply the reporter reads with their receipt code."""
    user = _member(request)
    report = access.get_report_for_user(user, report_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            triage.reply(user, report, form.cleaned_data["text"])
            messages.success(
                request,
                _("Reply sent. The reporter sees it when they come back with their receipt code."),
            )
        except ReportingError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Write a message first."))
    return redirect("reporting:detail", report_id=report.pk)
