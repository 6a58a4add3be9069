"""Password reset by e-mail link (Django's views, with Crossroads' limits, pages and audit).

The request page answers the same whether or not the address belongs to an
account, and is limited per client address and per e-mail address, so it can
be used neither to find accounts nor to flood someone's mailbox. A reset
link works once and for ``PASSWORD_RESET_TIMEOUT`` seconds; setting the new
password does not sign in, and the second factor is still asked at sign-in.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy

from crossroads.accounts import mail, services
from crossroads.accounts.models import User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.core import throttle
from crossroads.core.throttle import Limit

BY_ADDRESS = Limit("password-reset:address", attempts=10, window=timedelta(hours=1))
BY_EMAIL = Limit("password-reset:email", attempts=3, window=timedelta(hours=1))


class ResetRequestForm(PasswordResetForm):
    """Sends the link through :mod:`crossroads.accounts.mail`, in the account's language."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        assert isinstance(user, User)
        path = reverse_lazy(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        mail.send(
            to_email,
            "password_reset",
            {"user": user, "link": mail.absolute(str(path))},
            user.language,
        )
        record(
            user,
            Action.SECURITY,
            object_type="user",
            object_id=user.pk,
            summary="Asked for a password reset link",
        )


class RequestReset(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = ResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        address = throttle.client_address(self.request)
        email = form.cleaned_data["email"].strip().casefold()
        by_address = throttle.hit(BY_ADDRESS, address)
        by_email = throttle.hit(BY_EMAIL, email)
        if by_address.allowed and by_email.allowed:
            return super().form_valid(form)
        # The same answer as a sent link: the page never tells what happened.
        return HttpResponseRedirect(str(self.success_url))


class ResetSent(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class ChooseNewPassword(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:  # type: ignore[type-arg]
        response = super().form_valid(form)
        user = form.user
        services.password_changed(user, by=None)
        throttle.reset(services.account_limit(), services.account_identity(user.username))
        return response


class ResetDone(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_done.html"
