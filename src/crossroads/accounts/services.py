"""Sign-in with lockout, sign-out and language choice, each audited."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import User
from crossroads.audit.models import Action
from crossroads.audit.services import record


class SignInRefused(Exception):
    """Wrong credentials, or an account locked after repeated failures."""

    def __init__(self, message: str, *, locked: bool = False) -> None:
        super().__init__(message)
        self.locked = locked


def sign_in(request: HttpRequest, username: str, password: str) -> User:
    """Check credentials; count failures and lock the account after too many.

    The same message answers an unknown user and a wrong password, so the
    form does not reveal which accounts exist. Returns the user (the caller
    starts the session).
    """
    generic = _("The username or password is not correct.")
    account = User.objects.filter(username=username).first()
    if account is not None and account.is_locked():
        record(account, Action.SIGN_IN_FAILED, summary="Sign-in refused: account locked")
        raise SignInRefused(
            _(
                "This account is locked after repeated failed sign-ins. "
                "Try again in %(minutes)d minutes or ask your administrator."
            )
            % {"minutes": settings.CROSSROADS_LOCKOUT_MINUTES},
            locked=True,
        )
    user = authenticate(request, username=username, password=password)
    if not isinstance(user, User):
        if account is not None:
            _count_failure(account)
        else:
            record(None, Action.SIGN_IN_FAILED, summary="Sign-in with an unknown username")
        raise SignInRefused(generic)
    User.objects.filter(pk=user.pk).update(failed_sign_ins=0, locked_until=None)
    record(user, Action.SIGN_IN, object_type="user", object_id=user.pk, summary="Signed in")
    return user


def _count_failure(account: User) -> None:
    with transaction.atomic():
        User.objects.filter(pk=account.pk).update(failed_sign_ins=F("failed_sign_ins") + 1)
        account.refresh_from_db(fields=["failed_sign_ins"])
        record(
            account,
            Action.SIGN_IN_FAILED,
            object_type="user",
            object_id=account.pk,
            summary="Wrong password",
        )
        if account.failed_sign_ins >= settings.CROSSROADS_LOCKOUT_ATTEMPTS:
            until = timezone.now() + timedelta(minutes=settings.CROSSROADS_LOCKOUT_MINUTES)
            User.objects.filter(pk=account.pk).update(locked_until=until, failed_sign_ins=0)
            record(
                account,
                Action.LOCKED,
                object_type="user",
                object_id=account.pk,
                summary=f"Locked until {until:%Y-%m-%d %H:%M} after repeated failures",
            )


def sign_out(user: User) -> None:
    """Audit a sign-out (the caller ends the session)."""
    record(user, Action.SIGN_OUT, object_type="user", object_id=user.pk, summary="Signed out")


def session_expired(user: User, reason: str) -> None:
    """Audit a session ended by its idle or total time limit (the caller ends it).

    ``reason`` is ``"inactivity"`` or ``"age"``.
    """
    cause = "inactivity" if reason == "inactivity" else "its time limit"
    record(
        user,
        Action.SIGN_OUT,
        object_type="user",
        object_id=user.pk,
        summary=f"Session ended after {cause}",
    )


def set_language(user: User, language: str) -> None:
    """Remember the user's interface language."""
    allowed = {code for code, _name in settings.LANGUAGES}
    if language not in allowed:
        raise ValueError(f"language {language!r} is not offered")
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
