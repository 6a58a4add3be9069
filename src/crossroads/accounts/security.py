"""A person's own security page: two-factor sign-in (app and passkeys), recovery codes,
password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from crossroads.accounts import passkeys, second_factor, services
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


def _overview_context(
    request: HttpRequest, user: User, password_form: PasswordChangeForm
) -> dict[str, object]:
    return {
        "has_second_factor": second_factor.has_second_factor(user),
        "has_app": second_factor.has_app(user),
        "passkeys": passkeys.passkeys_of(user),
        "passkeys_available": passkeys.available(request),
        "required": second_factor.required_for(user),
        "codes_left": second_factor.recovery_codes_left(user),
        "password_form": password_form,
    }


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Two-factor status (app and passkeys), recovery codes left, and the password form."""
    user = _user(request)
    context = _overview_context(request, user, _password_form(user))
    return render(request, "accounts/security.html", context)


@require_POST
@login_required
def passkey_options(request: HttpRequest) -> HttpResponse:
    """The options for the browser to create a passkey (JSON; a fresh challenge)."""
    if not passkeys.available(request):
        return JsonResponse({"error": "passkeys need a host name and a secure page"}, status=409)
    options = passkeys.registration_options(request, _user(request))
    return HttpResponse(options, content_type="application/json")


@require_POST
@login_required
def add_passkey(request: HttpRequest) -> HttpResponse:
    """Keep the passkey the browser created; a first factor also brings recovery codes."""
    user = _user(request)
    try:
        codes = passkeys.register(
            request, user, request.POST.get("credential", ""), request.POST.get("name", "")
        )
    except passkeys.PasskeyRefused as exc:
        messages.error(request, _passkey_refusal(exc))
        return redirect("accounts:security")
    if codes:
        request.session[VERIFIED] = "passkey"
        return render(
            request, "accounts/recovery_codes.html", {"codes": codes, "next": "/accounts/security/"}
        )
    messages.success(request, _("The passkey is added."))
    return redirect("accounts:security")


@require_POST
@login_required
def remove_passkey(request: HttpRequest, passkey_id: int) -> HttpResponse:
    """Remove one of one's own passkeys (not the last second factor where one is required)."""
    try:
        passkeys.remove(_user(request), passkey_id)
    except passkeys.PasskeyRefused as exc:
        messages.error(request, _passkey_refusal(exc))
    else:
        messages.success(request, _("The passkey is removed."))
    return redirect("accounts:security")


def _passkey_refusal(exc: passkeys.PasskeyRefused) -> str:
    reason = str(exc)
    if reason == "last factor":
        return _(
            "This is your only second factor and your account requires one: set up the "
            "authenticator app or add another passkey first."
        )
    if reason == "too many passkeys":
        return _("You have %(count)d passkeys, the most an account may have: remove one first.") % {
            "count": passkeys.MAX_PASSKEYS
        }
    if reason == "this passkey is already added":
        return _("This passkey is already added to your account.")
    if reason == "no such passkey":
        return _("This passkey is not on your account (it may have been removed already).")
    return _("The passkey was not added: your device's answer was not accepted. Try again.")


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
    context = _overview_context(request, user, form)
    return render(request, "accounts/security.html", context, status=422)
