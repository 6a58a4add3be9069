"""Sign-in (password, then the second factor where needed), sign-out and the language switch.

A person whose password is right but who must also give a second factor is
not signed in yet: the session only remembers who is waiting (for five
minutes), and the second step, a code or setting up an authenticator app,
starts the real session.
"""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from crossroads.accounts import passkeys, second_factor, services
from crossroads.accounts.models import User
from crossroads.accounts.spreadsheets import Convention, Spreadsheets, convention_of
from crossroads.core.middleware import UserLanguageMiddleware

PENDING_USER = "crossroads_pending_user"
PENDING_SINCE = "crossroads_pending_since"
PENDING_NEXT = "crossroads_pending_next"
VERIFIED = "crossroads_second_factor"
PENDING_SECONDS = 300


class SignInForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput)


def safe_next(request: HttpRequest, target: str | None = None) -> str:
    """A local address to go to after signing in (the home page otherwise)."""
    target = target or request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def start_session(request: HttpRequest, user: User, method: str) -> None:
    """Sign ``user`` in, with the second factor ``method`` they used (or ``password``)."""
    for key in (PENDING_USER, PENDING_SINCE, PENDING_NEXT):
        request.session.pop(key, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[VERIFIED] = method
    request.session[UserLanguageMiddleware.session_key] = user.language
    services.signed_in(user, method)


@sensitive_post_parameters("password")
def sign_in(request: HttpRequest) -> HttpResponse:
    """The sign-in page."""
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignInForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_in(
                request, form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except services.SignInRefused as exc:
            error = str(exc)
        else:
            if second_factor.must_verify(user):
                request.session.cycle_key()
                request.session[PENDING_USER] = user.pk
                request.session[PENDING_SINCE] = int(time.time())
                request.session[PENDING_NEXT] = safe_next(request)
                return redirect("accounts:second_factor")
            start_session(request, user, "password")
            return redirect(safe_next(request))
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "error": error, "next": request.GET.get("next", "")},
        status=401 if error else 200,
    )


def pending_user(request: HttpRequest) -> User | None:
    """The person whose password was right and who now gives their second factor."""
    user_id, since = request.session.get(PENDING_USER), request.session.get(PENDING_SINCE)
    if not isinstance(user_id, int) or not isinstance(since, int):
        return None
    if time.time() - since > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=user_id, is_active=True).select_related("organisation").first()


@sensitive_post_parameters("code")
def second_step(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app or a recovery code, or setting up the app."""
    user = pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if not second_factor.has_second_factor(user):
        return _enrol_while_signing_in(request, user)
    error = ""
    if request.method == "POST":
        try:
            method = second_factor.verify(user, request.POST.get("code", ""))
        except second_factor.CodeRefused as exc:
            error = _refusal(exc)
        else:
            target = request.session.get(PENDING_NEXT) or "/"
            start_session(request, user, method)
            if method == "recovery":
                left = second_factor.recovery_codes_left(user)
                return render(
                    request, "accounts/recovery_used.html", {"left": left, "next": target}
                )
            return redirect(safe_next(request, str(target)))
    return _second_step_page(request, user, error)


def _second_step_page(request: HttpRequest, user: User, error: str) -> HttpResponse:
    context = {
        "error": error,
        "has_app": second_factor.has_app(user),
        "passkeys": passkeys.available(request) and bool(passkeys.passkeys_of(user)),
    }
    return render(request, "accounts/second_factor.html", context, status=401 if error else 200)


@require_POST
def passkey_options(request: HttpRequest) -> HttpResponse:
    """The options for the browser to sign in with one of the waiting person's passkeys."""
    user = pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if not passkeys.available(request):
        return HttpResponse(status=409)
    return HttpResponse(
        passkeys.authentication_options(request, user), content_type="application/json"
    )


@require_POST
def passkey_sign_in(request: HttpRequest) -> HttpResponse:
    """The second step with a passkey: check the device's signed answer."""
    user = pending_user(request)
    if user is None:
        return redirect("accounts:login")
    try:
        passkeys.authenticate(request, user, request.POST.get("credential", ""))
    except second_factor.CodeRefused as exc:
        return _second_step_page(request, user, _refusal(exc))
    except passkeys.PasskeyRefused:
        error = _("Your passkey was not accepted. Try again, or type a code instead.")
        return _second_step_page(request, user, error)
    target = request.session.get(PENDING_NEXT) or "/"
    start_session(request, user, "passkey")
    return redirect(safe_next(request, str(target)))


def _refusal(exc: second_factor.CodeRefused) -> str:
    if str(exc) == "too many tries":
        return _(
            "Too many wrong codes. Wait %(minutes)d minutes, then sign in again, or ask your "
            "organisation administrator to reset your two-factor sign-in."
        ) % {"minutes": settings.CROSSROADS_LOCKOUT_MINUTES}
    return _("This code is not right. Type the code your app shows now, or a recovery code.")


def _enrol_while_signing_in(request: HttpRequest, user: User) -> HttpResponse:
    """Setting up the app when a second factor is required and the person has none yet."""
    error = ""
    if request.method == "POST" and second_factor.pending_enrolment(user) is not None:
        try:
            codes = second_factor.confirm_enrolment(user, request.POST.get("code", ""))
        except second_factor.CodeRefused as exc:
            error = _refusal(exc)
        else:
            target = str(request.session.get(PENDING_NEXT) or "/")
            start_session(request, user, "app")
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": safe_next(request, target)},
            )
    device = second_factor.pending_enrolment(user) or second_factor.start_enrolment(user)
    context = {
        "error": error,
        "qr": second_factor.qr_code(device),
        "key": second_factor.manual_key(device),
        "required": True,
        "action": request.path,
    }
    return render(request, "accounts/enrol.html", context, status=401 if error else 200)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """End the session (POST only, so a link cannot sign someone out)."""
    if isinstance(request.user, User):
        services.sign_out(request.user)
    logout(request)
    return redirect("accounts:login")


@require_POST
@login_required
def switch_language(request: HttpRequest) -> HttpResponse:
    """Change the signed-in user's language and return to the page they were on."""
    user = request.user
    if not isinstance(user, User):
        return HttpResponse(status=400)
    language = request.POST.get("language", "")
    try:
        services.set_language(user, language)
    except ValueError:
        return HttpResponse(status=400)
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return remember_language(request, HttpResponseRedirect(target), language)


def remember_language(request: HttpRequest, response: HttpResponse, language: str) -> HttpResponse:
    """Keep ``language`` for this session and, in a cookie, for the next visit."""
    request.session[UserLanguageMiddleware.session_key] = language
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    spreadsheets = forms.ChoiceField(
        label=gettext_lazy("CSV files"),
        choices=Spreadsheets.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "How the CSV files you download separate columns and write decimals, so your "
            "spreadsheet program opens them in columns and reads their numbers."
        ),
    )


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """The signed-in user's language and the conventions of the CSV files they download."""
    user = request.user
    assert isinstance(user, User)
    initial = {"language": user.language, "spreadsheets": user.spreadsheets}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_preferences(
            user, form.cleaned_data["language"], Spreadsheets(form.cleaned_data["spreadsheets"])
        )
        response = redirect("accounts:preferences")
        messages.success(request, _("Your preferences are saved."))
        return remember_language(request, response, user.language)
    convention = convention_of(user, user.language)
    return render(
        request,
        "accounts/preferences.html",
        {"form": form, "example": _example(convention)},
    )


def _example(convention: Convention) -> str:
    """Two lines of a CSV file as this user's downloads are written."""
    tab = "\u21e5"  # a visible tab
    separator = tab if convention.separator == "\t" else convention.separator
    rows = [(_("Indicator"), _("Rate")), ("R1.1", convention.number(0.4531, 4))]
    return "\n".join(separator.join(row) for row in rows)
