"""Sign-in within rate limits, sign-out and language choice, each audited."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _

from crossroads.accounts.models import User
from crossroads.accounts.spreadsheets import Spreadsheets
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.core import throttle
from crossroads.core.throttle import Limit, client_address


class SignInRefused(Exception):
    """Wrong credentials, or too many attempts: one answer for both (see :func:`sign_in`)."""


def account_limit() -> Limit:
    """Attempts per username (existing or not) before sign-in pauses for that name."""
    return Limit(
        "sign-in:account",
        settings.CROSSROADS_LOCKOUT_ATTEMPTS,
        timedelta(minutes=settings.CROSSROADS_LOCKOUT_MINUTES),
    )


def address_limit() -> Limit:
    """Attempts per client address before sign-in pauses for that address."""
    return Limit(
        "sign-in:address",
        settings.CROSSROADS_ADDRESS_ATTEMPTS,
        timedelta(minutes=settings.CROSSROADS_LOCKOUT_MINUTES),
    )


def refusal() -> str:
    """The one answer to an unknown user, a wrong password and a paused account."""
    return _(
        "The username or password is not correct. After %(attempts)d failed attempts, "
        "signing in pauses for %(minutes)d minutes."
    ) % {
        "attempts": settings.CROSSROADS_LOCKOUT_ATTEMPTS,
        "minutes": settings.CROSSROADS_LOCKOUT_MINUTES,
    }


def account_identity(username: str) -> str:
    """What the per-account limit counts: the username as typed, without case or spaces."""
    return username.strip().casefold()


def sign_in(request: HttpRequest, username: str, password: str) -> User:
    """Check credentials within the limits; return the user. The caller asks for the
    second factor if one is needed, then starts the session (:func:`signed_in`).

    Every attempt is counted before the password is checked, per username and
    per client address (:mod:`crossroads.core.throttle`), atomically: however
    many attempts arrive at once, at most the limit are ever checked. Past the
    limit the password is not checked at all. An unknown user, a wrong
    password and a paused account get the same answer, and unknown usernames
    pause too, so the answers never tell which accounts exist.
    """
    account = User.objects.filter(username=username).first()
    address = client_address(request)
    by_address = throttle.hit(address_limit(), address)
    by_account = throttle.hit(account_limit(), account_identity(username))
    if not (by_address.allowed and by_account.allowed):
        why = "this address" if not by_address.allowed else "this account"
        record(
            account, Action.SIGN_IN_FAILED, summary=f"Sign-in refused: too many attempts for {why}"
        )
        raise SignInRefused(refusal())
    user = authenticate(request, username=username, password=password)
    if not isinstance(user, User):
        if account is None:
            record(None, Action.SIGN_IN_FAILED, summary="Sign-in with an unknown username")
        else:
            record(
                account,
                Action.SIGN_IN_FAILED,
                object_type="user",
                object_id=account.pk,
                summary="Wrong password",
            )
        if account is not None and by_account.count == settings.CROSSROADS_LOCKOUT_ATTEMPTS:
            record(
                account,
                Action.LOCKED,
                object_type="user",
                object_id=account.pk,
                summary="Sign-in paused after repeated failures",
            )
        raise SignInRefused(refusal())
    throttle.reset(account_limit(), account_identity(username))
    throttle.refund(address_limit(), address)
    return user


def signed_in(user: User, method: str) -> None:
    """Audit the start of a session; ``method`` is the second factor used (``app``,
    ``recovery``) or ``password`` alone."""
    how = {"app": " with an authenticator app", "recovery": " with a recovery code"}
    record(
        user,
        Action.SIGN_IN,
        object_type="user",
        object_id=user.pk,
        summary=f"Signed in{how.get(method, '')}",
    )


def is_paused(user: User) -> bool:
    """Whether signing in as ``user`` is paused after repeated failures."""
    return not throttle.peek(account_limit(), account_identity(user.username)).allowed


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


def set_preferences(user: User, language: str, spreadsheets: Spreadsheets) -> None:
    """Remember the user's interface language and the conventions of their CSV files."""
    set_language(user, language)
    User.objects.filter(pk=user.pk).update(spreadsheets=spreadsheets)
    user.spreadsheets = spreadsheets


def password_changed(user: User, *, by: User | None) -> None:
    """Audit a changed password (by its owner, or through a reset link when ``by`` is None)."""
    how = "through a reset link" if by is None else "by its owner"
    record(
        user,
        Action.SECURITY,
        object_type="user",
        object_id=user.pk,
        summary=f"Password changed {how}",
    )
