"""Personal access tokens for the API: made, listed, revoked and checked, each audited.

A token carries its owner's rights narrowed to the scopes chosen when it was
made, until it expires or is revoked. The secret is shown once; only a keyed
hash is kept, so a copy of the database opens nothing. A person whose account
has a second factor makes tokens only in a session opened with it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from crossroads.accounts import second_factor
from crossroads.accounts.models import AccessToken, TokenScope, User
from crossroads.accounts.permissions import can_manage_people
from crossroads.audit.models import Action
from crossroads.audit.services import record

#: Every secret starts so, which lets secret scanners recognise a leaked token.
SECRET_PREFIX = "crt_"  # noqa: S105 - a public marker, not a secret
#: Lifetimes offered, in days; a token never lives longer than a year.
LIFETIMES = (7, 30, 90, 365)
#: How a session was verified when it used the second factor (see accounts.views).
SECOND_FACTOR_METHODS = frozenset({"app", "recovery", "passkey"})


class TokenRefused(ValueError):
    """A token cannot be made as asked; the message says why, for the person."""


def hash_secret(secret: str) -> str:
    """The stored form of a secret: an HMAC under a key derived from the instance's key."""
    return salted_hmac("crossroads.accounts.tokens", secret, algorithm="sha256").hexdigest()


def may_make_tokens(user: User, verified_by: str) -> bool:
    """Whether ``user``, in a session verified by ``verified_by``, may make a token:
    someone with a second factor must have used it to open the session."""
    if second_factor.has_second_factor(user):
        return verified_by in SECOND_FACTOR_METHODS
    return True


def create_token(
    user: User, name: str, scopes: Iterable[str], days: int, *, verified_by: str
) -> tuple[AccessToken, str]:
    """Make a token for ``user``; return it and its secret (shown once, never stored).

    ``verified_by`` is how the current session was opened (``password``, ``app``,
    ``recovery``). Raises :class:`TokenRefused` with the reason.
    """
    name = name.strip()
    chosen = sorted(set(scopes))
    if not may_make_tokens(user, verified_by):
        raise TokenRefused(
            _("Sign out and in again with your second factor before making a token.")
        )
    if not name or len(name) > 100:
        raise TokenRefused(_("Give the token a name of 1 to 100 characters."))
    if not chosen or not set(chosen) <= set(TokenScope.values):
        raise TokenRefused(_("Choose at least one of the scopes offered."))
    if days not in LIFETIMES:
        raise TokenRefused(_("Choose one of the lifetimes offered."))
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        token = AccessToken.objects.create(
            user=user,
            name=name,
            prefix=secret[: len(SECRET_PREFIX) + 6],
            token_hash=hash_secret(secret),
            scopes=chosen,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        record(
            user,
            Action.SECURITY,
            object_type="access_token",
            object_id=token.pk,
            summary=f"Made access token {token.prefix}…",
            detail={"scopes": chosen, "days": days},
        )
    return token, secret


def tokens_managed_by(user: User) -> QuerySet[AccessToken]:
    """Tokens ``user`` may see and revoke: their own, and for an organisation
    administrator every token of their organisation's people."""
    condition = Q(user=user)
    if can_manage_people(user):
        condition |= Q(user__organisation_id=user.organisation_id)
    return AccessToken.objects.filter(condition).select_related("user", "revoked_by")


def get_token_for_user(user: User, token_id: int | str) -> AccessToken | None:
    """The token ``token_id`` if ``user`` may manage it; None for another's or a missing one."""
    try:
        pk = int(token_id)
    except (TypeError, ValueError):
        return None
    return tokens_managed_by(user).filter(pk=pk).first()


def revoke_token(by: User, token: AccessToken) -> None:
    """Stop a token from working at once; audited. Revoking twice changes nothing."""
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
        record(
            by,
            Action.SECURITY,
            organisation=token.user.organisation,
            object_type="access_token",
            object_id=token.pk,
            summary=f"Revoked access token {token.prefix}… of {token.user.username}",
        )


def token_for_secret(secret: str) -> AccessToken | None:
    """The active token whose secret this is, with its active owner; None otherwise
    (unknown, revoked, expired, or its owner deactivated)."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    token = (
        AccessToken.objects.select_related("user", "user__organisation")
        .filter(token_hash=hash_secret(secret))
        .first()
    )
    if token is None or not token.is_active() or not token.user.is_active:
        return None
    return token


def token_used(token: AccessToken, method: str, route: str) -> None:
    """Audit one use of a token (method and route, never query values or bodies)."""
    now = timezone.now()
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    record(
        token.user,
        Action.API,
        object_type="access_token",
        object_id=token.pk,
        summary=f"{method} {route}",
    )
