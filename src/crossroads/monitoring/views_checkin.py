"""The survivors' check-in: the public form a member offers, its audio, and the member's page
to open or close it. The public pages keep no address, no cookie but CSRF's, no log of who."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from segno import make_qr

from crossroads.core import throttle
from crossroads.monitoring import checkin
from crossroads.monitoring.models import CheckInPoint
from crossroads.reporting import challenge
from crossroads.reporting.languages import language_of, public_languages

SUBMIT_LIMIT = throttle.Limit("checkin:submit", attempts=10, window=timedelta(hours=1))


def audio_dir() -> Path:
    """Where the spoken questions are written (``crossroads checkin_audio``)."""
    return Path(settings.DATA_DIR) / "checkin-audio"


@cache
def checkin_languages() -> list[tuple[str, str]]:
    """The reporting pages' languages in which every check-in question is translated."""
    offered = []
    for code, name in public_languages():
        with translation.override(code):
            complete = code == "en" or all(str(q.text) != _english(q) for q in checkin.QUESTIONS)
        if complete:
            offered.append((code, name))
    return offered


def _english(question: checkin.Question) -> str:
    with translation.override("en"):
        return str(question.text)


def _language(request: HttpRequest) -> str:
    language = language_of(request)
    return language if language in dict(checkin_languages()) else "en"


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    language = context["lang"]
    context["languages"] = checkin_languages()
    context["rtl"] = translation.get_language_info(language)["bidi"]
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _questions(language: str, chosen: dict[str, str]) -> list[dict[str, Any]]:
    folder = audio_dir() / language
    return [
        {
            "question": q,
            "chosen": chosen.get(q.code, ""),
            "audio": (folder / f"{q.code}.wav").exists(),
        }
        for q in checkin.QUESTIONS
    ]


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The check-in form of one member's link, and the thanks once answered."""
    point = checkin.open_point(token)
    if point is None:
        raise Http404
    language = _language(request)
    with translation.override(language):
        chosen = {q.code: request.POST.get(q.code, "") for q in checkin.QUESTIONS}
        posted = request.POST.get("challenge", "") if request.method == "POST" else ""
        outcome = challenge.check(posted, request.POST.get("solution", "")) if posted else None
        context: dict[str, Any] = {
            "lang": language,
            "token": token,
            "questions": _questions(language, chosen),
            "answers": checkin.ANSWERS,
            "challenge": posted
            if outcome in {challenge.Outcome.OK, challenge.Outcome.EARLY}
            else challenge.issue(),
            "work_bits": challenge.WORK_BITS,
        }
        if request.method != "POST":
            return _page(request, "monitoring/checkin_form.html", context)
        if any(value not in checkin.ANSWERS for value in chosen.values()):
            context["refused"] = _(
                "Please choose an answer for every question. You can always choose "
                "“I prefer not to say”."
            )
            return _page(request, "monitoring/checkin_form.html", context)
        if outcome is challenge.Outcome.EARLY:
            context["refused"] = _(
                "Thank you. To protect this page from automated floods, answers can be sent "
                "%(seconds)d seconds after it opens at the earliest. Your answers are still "
                "here: please send them again."
            ) % {"seconds": challenge.MIN_SECONDS}
            return _page(request, "monitoring/checkin_form.html", context)
        if outcome is not challenge.Outcome.OK or not challenge.use(posted):
            context["refused"] = _(
                "This page has expired or was already sent. Your answers are still here: "
                "please send them again."
            )
            context["challenge"] = challenge.issue()
            return _page(request, "monitoring/checkin_form.html", context)
        if not throttle.hit(SUBMIT_LIMIT, throttle.client_address(request)).allowed:
            context["refused"] = _(
                "Too many answers have come from this connection in a short time. Please try "
                "again later."
            )
            return _page(request, "monitoring/checkin_form.html", context, status=429)
        checkin.save_answers(point, chosen)
        return _page(request, "monitoring/checkin_thanks.html", {"lang": language})


def audio(request: HttpRequest, language: str, code: str) -> FileResponse:
    """One question read aloud in ``language`` (written by ``crossroads checkin_audio``)."""
    if code not in checkin.BY_CODE or language not in dict(checkin_languages()):
        raise Http404
    path = audio_dir() / language / f"{code}.wav"
    if not path.exists():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="audio/wav")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
def offer(request: HttpRequest) -> HttpResponse:
    """A member's page: open or close its check-in, with the link and its QR code."""
    if not checkin.can_offer_checkin(request.user):
        raise PermissionDenied
    point = CheckInPoint.objects.filter(organisation=request.user.organisation).first()  # type: ignore[union-attr]
    context: dict[str, Any] = {"point": point, "languages": checkin_languages()}
    if point is not None and point.is_open:
        link = request.build_absolute_uri(reverse("checkin:answer", args=[point.token]))
        context.update(link=link, qr=make_qr(link, error="m").svg_data_uri(scale=4, border=2))
    context["questions"] = checkin.QUESTIONS
    return render(request, "monitoring/checkin_offer.html", context)


@login_required
@require_POST
def offer_change(request: HttpRequest) -> HttpResponse:
    """Open the check-in with a new link, or close it."""
    user = request.user
    if not checkin.can_offer_checkin(user):
        raise PermissionDenied
    if request.POST.get("action") == "close":
        checkin.close_checkin(user)  # type: ignore[arg-type]
        messages.success(request, _("The check-in is closed: its link takes no more answers."))
    else:
        checkin.open_checkin(user)  # type: ignore[arg-type]
        messages.success(request, _("The check-in is open with a new link."))
    return redirect("monitoring:checkin")
