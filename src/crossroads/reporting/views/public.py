"""The public reporting pages: the form, the receipt, and the reporter's return. No
account, no cookie but CSRF's, no address anywhere."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.core import signing
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from crossroads.core import throttle
from crossroads.reporting import attachments, challenge, emergency
from crossroads.reporting.forms import MessageForm, ReportForm, ReturnForm
from crossroads.reporting.languages import language_of, public_languages
from crossroads.reporting.models import ReportingPoint, Status
from crossroads.reporting.services import ReportingError, reporter

# A reporter's submissions and returns are limited per client (a keyed hash that expires
# with its window: the address itself is never stored) and per receipt code.
SUBMIT_LIMIT = throttle.Limit("reporting:submit", attempts=10, window=timedelta(hours=1))
RETURN_LIMIT = throttle.Limit("reporting:return", attempts=20, window=timedelta(hours=1))
RECEIPT_LIMIT = throttle.Limit("reporting:receipt", attempts=10, window=timedelta(hours=1))
# The reporter's return is carried between their pages in a signed, expiring token
# (no cookie, nothing stored on the server).
RETURN_SECONDS = 30 * 60
_RETURN_SALT = "crossroads.reporting.return"


def _public(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    language = context["lang"]
    context.setdefault("languages", public_languages())
    context["rtl"] = translation.get_language_info(language)["bidi"] if language else False
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    # "same-origin", not "no-referrer": under "no-referrer" browsers send the form with
    # "Origin: null", which the CSRF check refuses; no referrer ever leaves the site either way.
    response["Referrer-Policy"] = "same-origin"
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


class _InMemoryUpload(MemoryFileUploadHandler):
    """Keeps every uploaded file in memory, whatever its size: Django would otherwise
    write a large file to a temporary file on disk, in clear, before it is sealed. The
    request's size is checked before (:data:`MAX_REQUEST`), so memory stays bounded."""

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        super().handle_raw_input(*args, **kwargs)
        self.activated = True


# The largest report accepted: the files and a margin for the answers.
MAX_REQUEST = attachments.MAX_TOTAL + 1024 * 1024


def _with_uploads_in_memory(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Set the in-memory upload handler before anything reads the request (the CSRF check
    reads the form, so it runs inside, after the handler is set)."""
    protected = csrf_protect(view)

    @wraps(view)
    @csrf_exempt
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.upload_handlers = [_InMemoryUpload(request)]
        return protected(request, *args, **kwargs)

    return wrapper


@_with_uploads_in_memory
def report_network(request: HttpRequest) -> HttpResponse:
    """The network's reporting form: routed by country and kind."""
    return _report(request, None)


@_with_uploads_in_memory
def report_organisation(request: HttpRequest, code: str) -> HttpResponse:
    """A member's own reporting form: every report goes to that member."""
    return _report(request, _point_for_code(code))


def _too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST
    except ValueError:
        return True


def _report(request: HttpRequest, point: ReportingPoint | None) -> HttpResponse:
    if request.method == "POST" and _too_large(request):
        # The body is not read at all: the language comes from the address or the browser.
        language = language_of(request, read_form=False)
        with translation.override(language):
            context: dict[str, Any] = {
                "form": ReportForm(),
                "point": point,
                "lang": language,
                "challenge": challenge.issue(),
                "work_bits": challenge.WORK_BITS,
                "numbers": emergency.numbers_for(point.organisation.country if point else ""),
                "refused": _(
                    "The report is too large: the files can be at most %(size)d MB in all. "
                    "Nothing was kept. Please send fewer or smaller files."
                )
                % {"size": attachments.MAX_TOTAL // (1024 * 1024)},
            }
            return _public(request, "reporting/report_form.html", context, status=413)
    language = language_of(request)
    with translation.override(language):
        default_country = point.organisation.country if point else ""
        form = ReportForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            default_country=default_country,
        )
        posted = request.POST.get("challenge", "") if request.method == "POST" else ""
        outcome = challenge.check(posted, request.POST.get("solution", "")) if posted else None
        context = {
            "form": form,
            "point": point,
            "lang": language,
            # A form shown again keeps its challenge, so that the time already spent counts.
            "challenge": posted
            if outcome in {challenge.Outcome.OK, challenge.Outcome.EARLY}
            else challenge.issue(),
            "work_bits": challenge.WORK_BITS,
        }
        if request.method == "POST" and form.is_valid():
            refusal = _challenge_refusal(outcome)
            if refusal:
                context["refused"] = refusal
                return _public(request, "reporting/report_form.html", context, status=200)
            verdict = throttle.hit(SUBMIT_LIMIT, throttle.client_address(request))
            if not verdict.allowed:
                context["refused"] = _limit_message(verdict.retry_after)
                return _public(request, "reporting/report_form.html", context, status=429)
            data = form.cleaned_data
            target = point or reporter.route(data["country"], data["kinds"], language)
            if target is None:
                context["refused"] = _(
                    "No member of the network takes reports for this country yet. "
                    "If you are in danger, call the numbers above."
                )
                return _public(request, "reporting/report_form.html", context, status=200)
            if not challenge.use(posted):
                context["refused"] = _expired()
                context["challenge"] = challenge.issue()
                return _public(request, "reporting/report_form.html", context, status=200)
            try:
                _report_row, receipt = reporter.submit(
                    target,
                    reporter.Submission(
                        country=data["country"],
                        kinds=data["kinds"],
                        language=language,
                        answers=form.answers(),
                        passphrase=data["passphrase"],
                        consent_statistics=data["statistics"] == "yes",
                        consent_case_record=data["case_record"] == "yes",
                        files=data["documents"],
                    ),
                )
            except ReportingError as error:
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


def _challenge_refusal(outcome: challenge.Outcome | None) -> str:
    """Why the form's challenge does not let the report through ("" if it does)."""
    if outcome is challenge.Outcome.EARLY:
        return _(
            "Thank you. To protect this reporting point from automated floods, a report can "
            "be sent %(seconds)d seconds after the form opens at the earliest. Your answers "
            "are still here: enter your passphrase again (and choose any files again), then send."
        ) % {"seconds": challenge.MIN_SECONDS}
    if outcome is challenge.Outcome.OK:
        return ""
    return _expired()


def _expired() -> str:
    return _(
        "This form has expired or was already sent. Your answers are still here: enter your "
        "passphrase again (and choose any files again), then send."
    )


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
    language = language_of(request)
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
                throttle.hit(RECEIPT_LIMIT, reporter.receipt_hash(receipt)),
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
            returning = reporter.come_back(receipt, passphrase)
        except ReportingError as error:
            context["refused"] = str(error)
            return _public(request, "reporting/return.html", context, status=200)
        message_form = MessageForm(request.POST if "text" in request.POST else None)
        if "text" in request.POST and message_form.is_valid():
            try:
                reporter.add_from_reporter(returning, message_form.cleaned_data["text"])
                context["added"] = True
                message_form = MessageForm()
            except ReportingError as error:
                message_form.add_error("text", str(error))
        context.update(
            {
                "report": returning.report,
                "status_label": _reporter_status(returning.report.status),
                "messages_": reporter.messages_for_reporter(returning),
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
