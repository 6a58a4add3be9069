"""The organisation's people, for its administrators; accepting an invitation."""

from __future__ import annotations

import time
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from crossroads.accounts import people, second_factor
from crossroads.accounts.models import User
from crossroads.accounts.permissions import allowed_or_404, can_manage_people
from crossroads.accounts.views import PENDING_NEXT, PENDING_SINCE, PENDING_USER, start_session
from crossroads.core import throttle
from crossroads.core.throttle import Limit

INVITATION_LINKS = Limit("invitation-link", attempts=20, window=timedelta(hours=1))


def _admin(request: HttpRequest) -> User:
    return allowed_or_404(request.user, can_manage_people)


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=gettext_lazy("Role"))

    def __init__(self, admin: User, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        assert admin.organisation is not None
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(r.value, r.label) for r in people.roles_for(admin.organisation)]


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    """Everyone of the organisation: role, last sign-in, second factor; open invitations."""
    admin = _admin(request)
    assert admin.organisation is not None
    context = {
        "people": people.people_of(admin.organisation),
        "invitations": people.open_invitations(admin.organisation),
        "roles": people.roles_for(admin.organisation),
        "form": InviteForm(admin),
    }
    return render(request, "accounts/people.html", context)


@login_required
def invite(request: HttpRequest) -> HttpResponse:
    """Invite someone by e-mail."""
    admin = _admin(request)
    form = InviteForm(admin, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            people.invite(admin, data["email"], data["role"], data["first_name"], data["last_name"])
        except people.PeopleError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s; the link works for 7 days.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("accounts:people")
    return render(
        request, "accounts/invite.html", {"form": form}, status=422 if form.errors else 200
    )


@require_POST
@login_required
def change(request: HttpRequest, user_id: int) -> HttpResponse:
    """One change to one account: role, deactivate, reactivate, reset two-factor, resume."""
    admin = _admin(request)
    person = people.get_person_for_admin(admin, user_id)
    action = request.POST.get("action", "")
    try:
        if action == "role":
            people.change_role(admin, person, request.POST.get("role", ""))
            done = _("The role of %(name)s is changed.")
        elif action == "deactivate":
            people.deactivate(admin, person)
            done = _("%(name)s can no longer sign in.")
        elif action == "reactivate":
            people.reactivate(admin, person)
            done = _("%(name)s can sign in again.")
        elif action == "reset_second_factor":
            people.reset_second_factor(admin, person)
            done = _("The two-factor sign-in of %(name)s is reset.")
        elif action == "resume":
            people.resume_sign_in(admin, person)
            done = _("%(name)s can try to sign in again.")
        else:
            return HttpResponse(status=400)
    except people.PeopleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"name": person})
    return redirect("accounts:people")


@require_POST
@login_required
def withdraw(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Cancel an open invitation."""
    admin = _admin(request)
    assert admin.organisation is not None
    invitation = people.open_invitations(admin.organisation).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    people.withdraw(admin, invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("accounts:people")


class AcceptForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    password1 = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=gettext_lazy("Password again"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


@sensitive_post_parameters("password1", "password2")
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person chooses their username and password, then signs in."""
    if not throttle.hit(INVITATION_LINKS, throttle.client_address(request)).allowed:
        return render(request, "accounts/invitation_invalid.html", status=429)
    invitation = people.invitation_for(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    throttle.refund(INVITATION_LINKS, throttle.client_address(request))
    suggested = invitation.email.split("@")[0]
    form = AcceptForm(request.POST or None, initial={"username": suggested})
    if request.method == "POST" and form.is_valid():
        try:
            user = people.accept(
                invitation,
                form.cleaned_data["username"],
                form.cleaned_data["password1"],
                language=translation.get_language(),
            )
        except people.PeopleError as exc:
            form.add_error("username", str(exc))
        except ValidationError as exc:
            form.add_error("password1", exc)
        else:
            return _after_acceptance(request, user)
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/accept.html", context, status=422 if form.errors else 200)


def _after_acceptance(request: HttpRequest, user: User) -> HttpResponse:
    if second_factor.must_verify(user):
        request.session.cycle_key()
        request.session[PENDING_USER] = user.pk
        request.session[PENDING_SINCE] = int(time.time())
        request.session[PENDING_NEXT] = "/"
        return redirect("accounts:second_factor")
    start_session(request, user, "password")
    messages.success(request, _("Welcome to Crossroads."))
    return redirect("core:home")
