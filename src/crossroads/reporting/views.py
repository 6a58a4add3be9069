"""Reporting pages: the public form and the reporter's return (no account, no cookie but
CSRF's, no address anywhere), and the receiving organisation's inbox."""

from __future__ import annotations

import time
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.accounts.permissions import (
    allowed_or_404,
    can_administer_organisation,
    can_work_with_cases,
)
from crossroads.core import throttle
from crossroads.reporting import access, choices, emergency, services
from crossroads.reporting.forms import (
    KeyForm,
    MessageForm,
    PointForm,
    ReportForm,
    ReturnForm,
    RotateForm,
    StatusForm,
    UnlockForm,
    country_choices,
)
from crossroads.reporting.models import Report, ReportingPoint, Status
from crossroads.reporting.sealing import WrongSecret

# A reporter's submissions and returns are limited per client (a keyed hash that expires
# with its window: the address itself is never stored) and per receipt code.
SUBMIT_LIMIT = throttle.Limit("reporting:submit", attempts=10, window=timedelta(hours=1))
RETURN_LIMIT = throttle.Limit("reporting:return", attempts=20, window=timedelta(hours=1))
RECEIPT_LIMIT = throttle.Limit("reporting:receipt", attempts=10, window=timedelta(hours=1))
# The reporter's return is carried between their pages in a signed, expiring token
# (no cookie, nothing stored on the server).
RETURN_SECONDS = 30 * 60
_RETURN_SALT = "crossroads.reporting.return"


# --- Language of the public pages ---------------------------------------------------------


# Languages the public reporting pages may offer beyond the product's own (the languages of
# persons trafficked to Europe); each is offered only once this app's catalogue exists for
# it, and a test holds every catalogue of this app complete.
REPORTING_LANGUAGES = [
    ("ro", "Română"),
    ("bg", "Български"),
    ("uk", "Українська"),
    ("es", "Español"),
    ("pt", "Português"),
    ("ar", "العربية"),
    ("vi", "Tiếng Việt"),
]
_LOCALE = Path(__file__).resolve().parent / "locale"


@cache
def public_languages() -> list[tuple[str, str]]:
    """The languages the public reporting pages offer: the product's, then the reporting
    form's own whose catalogue is here."""
    offered = list(settings.LANGUAGES)
    codes = {code for code, _name in offered}
    for code, name in REPORTING_LANGUAGES:
        if code not in codes and (_LOCALE / code / "LC_MESSAGES" / "django.mo").exists():
            offered.append((code, name))
    return offered


def _language(request: HttpRequest) -> str:
    """The language asked for in ``lang`` (query or form), else the browser's."""
    offered = dict(public_languages())
    asked = request.POST.get("lang") or request.GET.get("lang") or ""
    if asked in offered:
        return asked
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return current if current in offered else settings.LANGUAGE_CODE


def _public(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    language = context["lang"]
    context.setdefault("languages", public_languages())
    context["rtl"] = translation.get_language_info(language)["bidi"] if language else False
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _point_for_code(code: str) -> ReportingPoint:
    point = (
        ReportingPoint.objects.select_related("organisation")
        .filter(organisation__code=code, is_open=True)
        .first()
    )
    if point is None or point.current_key() is None:
        raise Http404
    return point


def report_network(request: HttpRequest) -> HttpResponse:
    """The network's reporting form: routed by country and kind."""
    return _report(request, None)


def report_organisation(request: HttpRequest, code: str) -> HttpResponse:
    """A member's own reporting form: every report goes to that member."""
    return _report(request, _point_for_code(code))


def _report(request: HttpRequest, point: ReportingPoint | None) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        default_country = point.organisation.country if point else ""
        form = ReportForm(
            request.POST if request.method == "POST" else None, default_country=default_country
        )
        context: dict[str, Any] = {"form": form, "point": point, "lang": language}
        if request.method == "POST" and form.is_valid():
            verdict = throttle.hit(SUBMIT_LIMIT, throttle.client_address(request))
            if not verdict.allowed:
                context["refused"] = _limit_message(verdict.retry_after)
                return _public(request, "reporting/report_form.html", context, status=429)
            data = form.cleaned_data
            target = point or services.route(data["country"], data["kinds"], language)
            if target is None:
                context["refused"] = _(
                    "No member of the network takes reports for this country yet. "
                    "If you are in danger, call the numbers above."
                )
                return _public(request, "reporting/report_form.html", context, status=200)
            try:
                _report_row, receipt = services.submit(
                    target,
                    services.Submission(
                        country=data["country"],
                        kinds=data["kinds"],
                        language=language,
                        answers=form.answers(),
                        passphrase=data["passphrase"],
                        consent_statistics=data["statistics"] == "yes",
                        consent_case_record=data["case_record"] == "yes",
                    ),
                )
            except services.ReportingError as error:
                context["refused"] = str(error)
                return _public(request, "reporting/report_form.html", context)
            # The receipt is shown once, in this response: never in a URL, never stored.
            return _public(
                request,
                "reporting/report_sent.html",
                {
                    "receipt": receipt,
                    "organisation": target.organisation,
                    "in_danger": data["in_danger"] == "yes",
                    "numbers": emergency.numbers_for(data["country"]),
                    "lang": language,
                },
            )
        country = point.organisation.country if point else ""
        context["numbers"] = emergency.numbers_for(country)
        return _public(request, "reporting/report_form.html", context)


def _limit_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return ngettext(
        "Too many reports have come from this connection in a short time. Please try again "
        "in %(minutes)d minute. If you are in danger, call the numbers on this page.",
        "Too many reports have come from this connection in a short time. Please try again "
        "in %(minutes)d minutes. If you are in danger, call the numbers on this page.",
        minutes,
    ) % {"minutes": minutes}


def _return_token(receipt: str, passphrase: str) -> str:
    return signing.dumps(
        {"r": receipt, "p": passphrase, "t": int(time.time())}, salt=_RETURN_SALT, compress=True
    )


def _from_token(token: str) -> tuple[str, str] | None:
    try:
        data = signing.loads(token, salt=_RETURN_SALT, max_age=RETURN_SECONDS)
    except signing.BadSignature:
        return None
    return str(data["r"]), str(data["p"])


@never_cache
def come_back(request: HttpRequest) -> HttpResponse:
    """The reporter returns with the receipt code and passphrase: replies, and a form to
    add information."""
    language = _language(request)
    with translation.override(language):
        context: dict[str, Any] = {
            "lang": language,
            "form": ReturnForm(),
            "numbers": emergency.numbers_for(""),
        }
        if request.method != "POST":
            return _public(request, "reporting/return.html", context)
        token = request.POST.get("token", "")
        if token:
            opened = _from_token(token)
            if opened is None:
                context["refused"] = _(
                    "This page has expired. Enter your receipt code and passphrase again."
                )
                return _public(request, "reporting/return.html", context)
            receipt, passphrase = opened
        else:
            form = ReturnForm(request.POST)
            context["form"] = form
            if not form.is_valid():
                return _public(request, "reporting/return.html", context)
            receipt, passphrase = form.cleaned_data["receipt"], form.cleaned_data["passphrase"]
            verdicts = [
                throttle.hit(RETURN_LIMIT, throttle.client_address(request)),
                throttle.hit(RECEIPT_LIMIT, services.receipt_hash(receipt)),
            ]
            refused = [v for v in verdicts if not v.allowed]
            if refused:
                minutes = max(1, (max(v.retry_after for v in refused) + 59) // 60)
                context["refused"] = ngettext(
                    "Too many attempts. Please try again in %(minutes)d minute.",
                    "Too many attempts. Please try again in %(minutes)d minutes.",
                    minutes,
                ) % {"minutes": minutes}
                return _public(request, "reporting/return.html", context, status=429)
        try:
            reporter = services.come_back(receipt, passphrase)
        except services.ReportingError as error:
            context["refused"] = str(error)
            return _public(request, "reporting/return.html", context, status=200)
        message_form = MessageForm(request.POST if "text" in request.POST else None)
        if "text" in request.POST and message_form.is_valid():
            try:
                services.add_from_reporter(reporter, message_form.cleaned_data["text"])
                context["added"] = True
                message_form = MessageForm()
            except services.ReportingError as error:
                message_form.add_error("text", str(error))
        context.update(
            {
                "report": reporter.report,
                "status_label": _reporter_status(reporter.report.status),
                "messages_": services.messages_for_reporter(reporter),
                "message_form": message_form,
                "token": _return_token(receipt, passphrase),
            }
        )
        return _public(request, "reporting/return.html", context)


def _reporter_status(status: str) -> str:
    return {
        Status.NEW: _("Received. Nobody has answered yet."),
        Status.IN_PROGRESS: _("Someone is working on it."),
        Status.REFERRED: _("Passed on to another service that can help, as agreed with you."),
        Status.CLOSED: _("Closed. It will be deleted soon."),
    }[Status(status)]


# --- The receiving organisation ----------------------------------------------------------


def _member(request: HttpRequest) -> User:
    user = allowed_or_404(request.user, can_work_with_cases)
    assert user.organisation is not None
    return user


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The organisation's reports, newest first, by status."""
    user = _member(request)
    assert user.organisation is not None
    point = services.point_for(user.organisation)
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
    key = services.point_for(user.organisation).current_key()
    if key is None:
        raise Http404
    form = UnlockForm(request.POST)
    next_url = request.POST.get("next", "")
    target = next_url if next_url.startswith("/reporting/") else "reporting:inbox"
    if not form.is_valid():
        return redirect("reporting:inbox")
    try:
        private = services.unlock(user, key, form.cleaned_data["passphrase"])
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
        "status_form": StatusForm(initial={"status": report.status}),
        "message_form": MessageForm(),
        "unlock_form": UnlockForm(),
    }
    if private is None:
        context["locked"] = True
        return render(request, "reporting/detail.html", context)
    opened = services.read(user, report, private)
    context.update({"opened": opened, "answers": _displayed(opened.answers)})
    return render(request, "reporting/detail.html", context)


def _displayed(answers: dict[str, Any]) -> list[tuple[str, str]]:
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
        services.set_status(user, report, form.cleaned_data["status"])
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
            services.reply(user, report, form.cleaned_data["text"])
            messages.success(
                request,
                _("Reply sent. The reporter sees it when they come back with their receipt code."),
            )
        except services.ReportingError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Write a message first."))
    return redirect("reporting:detail", report_id=report.pk)


@login_required
def point_settings(request: HttpRequest) -> HttpResponse:
    """The organisation administrator's settings: open or closed, routing, retention, key."""
    user = allowed_or_404(request.user, can_administer_organisation)
    assert user.organisation is not None
    point = services.point_for(user.organisation)
    key = point.current_key()
    initial = {
        "is_open": point.is_open,
        "countries": point.countries,
        "kinds": point.kinds,
        "languages": point.languages,
        "network_fallback": point.network_fallback,
        "retention_days": point.retention_days,
    }
    form = PointForm(initial=initial, languages=public_languages())
    key_form = KeyForm()
    rotate_form = RotateForm()
    recovery = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "set_up":
                key_form = KeyForm(request.POST)
                if key_form.is_valid():
                    key, recovery = services.set_up_key(
                        user, user.organisation, key_form.cleaned_data["passphrase"]
                    )
                    key_form = KeyForm()
            elif action == "rotate":
                rotate_form = RotateForm(request.POST)
                if rotate_form.is_valid():
                    key, recovery = services.rotate_key(
                        user,
                        user.organisation,
                        rotate_form.cleaned_data["current"],
                        rotate_form.cleaned_data["passphrase"],
                    )
                    rotate_form = RotateForm()
            else:
                form = PointForm(request.POST, initial=initial, languages=public_languages())
                if form.is_valid():
                    services.update_point(user, point, **form.cleaned_data)
                    messages.success(request, _("Settings saved."))
                    return redirect("reporting:settings")
        except services.ReportingError as error:
            target = {"set_up": key_form, "rotate": rotate_form}.get(action, form)
            target.add_error(None, str(error))
    context = {
        "point": point,
        "key": key,
        "form": form,
        "key_form": key_form,
        "rotate_form": rotate_form,
        # Shown once, in this response only: the server keeps no copy.
        "recovery": recovery,
        "public_url": request.build_absolute_uri(f"/report/to/{user.organisation.code}/"),
    }
    return render(request, "reporting/settings.html", context)
