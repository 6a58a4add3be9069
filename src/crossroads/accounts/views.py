"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from crossroads.accounts import services
from crossroads.accounts.models import User
from crossroads.core.middleware import UserLanguageMiddleware


class SignInForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


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
            login(request, user)
            request.session[UserLanguageMiddleware.session_key] = user.language
            target = _safe_next(request)
            return redirect(target if target.startswith("/") else "core:home")
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "error": error, "next": request.GET.get("next", "")},
        status=401 if error else 200,
    )


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
    assert isinstance(request.user, User)
    language = request.POST.get("language", "")
    try:
        services.set_language(request.user, language)
    except ValueError:
        return HttpResponse(status=400)
    request.session[UserLanguageMiddleware.session_key] = language
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response
