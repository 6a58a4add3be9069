"""A person's own security page: two-factor sign-in, recovery codes, password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from crossroads.accounts import second_factor, services
from crossroads.accounts.models import User
from crossroads.accounts.views import VERIFIED


def _password_form(user: User, data: object = None) -> PasswordChangeForm:
    """The password form, without the focus Django gives it (the page opens on two-factor)."""
    form = PasswordChangeForm(user, data)
    form.fields["old_password"].widget.attrs.pop("autofocus", None)
    return form


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required let only signed-in people through
    return user


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Two-factor status, recovery codes left, and the password form."""
    user = _user(request)
    context = {
        "has_second_factor": second_factor.has_second_factor(user),
        "required": second_factor.required_for(user),
        "codes_left": second_factor.recovery_codes_left(user),
        "password_form": _password_form(user),
    }
    return render(request, "accounts/security.html", context)


@sensitive_post_parameters("code")
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app while signed in."""
    user = _user(request)
    error = ""
    if request.method == "POST" and second_factor.pending_enrolment(user) is not None:
        try:
            codes = second_factor.confirm_enrolment(user, request.POST.get("code", ""))
        except second_factor.CodeRefused:
            error = _("This code is not right. Type the code your app shows now.")
        else:
            request.session[VERIFIED] = "app"
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": "/accounts/security/"},
            )
    device = second_factor.pending_enrolment(user) or second_factor.start_enrolment(user)
    context = {
        "error": error,
        "qr": second_factor.qr_code(device),
        "key": second_factor.manual_key(device),
        "required": False,
        "action": request.path,
    }
    return render(request, "accounts/enrol.html", context, status=422 if error else 200)


@require_POST
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make new recovery codes (the old ones stop working) and show them once."""
    user = _user(request)
    if not second_factor.has_second_factor(user):
        return redirect("accounts:security")
    codes = second_factor.new_recovery_codes(user)
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": "/accounts/security/"}
    )


@require_POST
@login_required
def remove(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off, where neither the network nor the organisation requires it."""
    user = _user(request)
    if second_factor.required_for(user):
        messages.error(request, _("Two-factor sign-in is required for your account."))
    else:
        second_factor.remove(user, by=user)
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:security")


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_POST
@login_required
def change_password(request: HttpRequest) -> HttpResponse:
    """Change one's password (the session stays signed in)."""
    user = _user(request)
    form = _password_form(user, request.POST)
    if form.is_valid():
        form.save()
        update_session_auth_hash(request, user)
        services.password_changed(user, by=user)
        messages.success(request, _("Your password is changed."))
        return redirect("accounts:security")
    context = {
        "has_second_factor": second_factor.has_second_factor(user),
        "required": second_factor.required_for(user),
        "codes_left": second_factor.recovery_codes_left(user),
        "password_form": form,
    }
    return render(request, "accounts/security.html", context, status=422)
