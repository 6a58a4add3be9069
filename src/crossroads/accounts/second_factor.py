"""Two-factor sign-in: authenticator apps (TOTP), passkeys and single-use recovery codes.

The authenticator apps are django-otp's ``TOTPDevice`` (RFC 6238, 30-second
codes of 6 digits, one step of clock drift, a code never accepted twice).
Recovery codes are our own: django-otp's static tokens are kept in clear in
the database, where ours keep only a keyed hash. Passkeys (WebAuthn) are in
:mod:`crossroads.accounts.passkeys`; a person may have an app, passkeys, or both.

Who must use a second factor: every role when the network's policy
(``CROSSROADS_SECOND_FACTOR``) says ``required`` (the default in production:
every role sees case data or submissions), and everyone of an organisation
that requires it itself; an organisation can add the requirement, never lift
the network's. Anyone may set one up.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django_otp.plugins.otp_totp.models import TOTPDevice
from segno import make_qr

from crossroads.accounts.models import Passkey, RecoveryCode, User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.core import throttle
from crossroads.core.throttle import Limit

RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def code_limit() -> Limit:
    """Codes tried per account before the second step pauses (with the sign-in lockout's
    length): 5 guesses of a 6-digit code leave a one-in-200,000 chance."""
    return Limit("second-factor", 5, timedelta(minutes=settings.CROSSROADS_LOCKOUT_MINUTES))


def required_for(user: User) -> bool:
    """Whether ``user`` must sign in with a second factor (network policy or organisation)."""
    if settings.CROSSROADS_SECOND_FACTOR == "required":
        return True
    return bool(user.organisation is not None and user.organisation.requires_second_factor)


def device_of(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def has_app(user: User) -> bool:
    """Whether the user has a confirmed authenticator app."""
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def factor_count(user: User) -> int:
    """How many second factors the user has: their app (0 or 1) and each passkey."""
    return int(has_app(user)) + Passkey.objects.filter(user=user).count()


def has_second_factor(user: User) -> bool:
    return factor_count(user) > 0


def users_with_second_factor(users: Iterable[User] | QuerySet[User]) -> set[int]:
    """The ids of those of ``users`` who have an app or a passkey (two queries)."""
    apps = TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id")
    keys = Passkey.objects.filter(user__in=users).values_list("user_id")
    return {int(pk) for (pk,) in apps} | {int(pk) for (pk,) in keys}


def must_verify(user: User) -> bool:
    """Whether signing in as ``user`` takes a second step (a code, or setting one up)."""
    return required_for(user) or has_second_factor(user)


def start_enrolment(user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator secret for ``user`` (an earlier unconfirmed one is
    dropped): shown as a QR code until a code from the app confirms it."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def pending_enrolment(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def qr_code(device: TOTPDevice) -> str:
    """The app's set-up link as an SVG QR code, in a data: URI (allowed by the page's CSP)."""
    return str(make_qr(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    text = str(device.config_url).split("secret=")[1].split("&")[0]
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


class CodeRefused(ValueError):
    """A wrong code, or too many tries; the message says which, without helping a guesser."""


def confirm_enrolment(user: User, code: str) -> list[str]:
    """Confirm the pending authenticator with a code from it; return new recovery codes.

    An earlier confirmed authenticator is replaced. Audited.
    """
    device = pending_enrolment(user)
    if device is None:
        raise CodeRefused("no authenticator is being set up")
    check_limit(user)
    if not device.verify_token(_digits(code)):
        raise CodeRefused("wrong code")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = replace_recovery_codes(user)
        record(
            user,
            Action.SECURITY,
            object_type="user",
            object_id=user.pk,
            summary="Set up two-factor sign-in with an authenticator app",
        )
    reset_limit(user)
    return codes


def verify(user: User, code: str) -> str:
    """Check a code from the authenticator app or a recovery code; return which was used
    (``"app"`` or ``"recovery"``). At most five tries per account in a lockout period."""
    check_limit(user)
    device = device_of(user)
    digits = _digits(code)
    if device is not None and len(digits) == device.digits and device.verify_token(digits):
        reset_limit(user)
        return "app"
    if _use_recovery_code(user, code):
        reset_limit(user)
        left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
        record(
            user,
            Action.SECURITY,
            object_type="user",
            object_id=user.pk,
            summary=f"Signed in with a recovery code ({left} left)",
        )
        return "recovery"
    record(
        user,
        Action.SIGN_IN_FAILED,
        object_type="user",
        object_id=user.pk,
        summary="Wrong second-factor code",
    )
    raise CodeRefused("wrong code")


def check_limit(user: User) -> None:
    """Count one try of a second factor; refuse when the account has had too many."""
    if not throttle.hit(code_limit(), str(user.pk)).allowed:
        raise CodeRefused("too many tries")


def reset_limit(user: User) -> None:
    """Forget the account's tries after a second factor was accepted."""
    throttle.reset(code_limit(), str(user.pk))


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def recovery_code_hash(code: str) -> str:
    """The keyed hash a recovery code is kept as (case, spaces and dashes ignored)."""
    return _hash(code)


def _hash(code: str) -> str:
    normalised = "".join(ch for ch in code.lower() if ch in _ALPHABET)
    return salted_hmac("crossroads.accounts.recovery", normalised, algorithm="sha256").hexdigest()


def _use_recovery_code(user: User, code: str) -> bool:
    wanted = _hash(code)
    for stored in RecoveryCode.objects.filter(user=user, used_at__isnull=True):
        if constant_time_compare(stored.code_hash, wanted):
            # Conditional, so that two requests with the same code cannot both use it.
            return bool(
                RecoveryCode.objects.filter(pk=stored.pk, used_at__isnull=True).update(
                    used_at=timezone.now()
                )
            )
    return False


def replace_recovery_codes(user: User) -> list[str]:
    """New recovery codes for ``user`` (the old ones stop working), without an audit entry:
    for the service that sets up a first factor and audits that."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _number in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working); audited."""
    with transaction.atomic():
        codes = replace_recovery_codes(user)
        record(
            user,
            Action.SECURITY,
            object_type="user",
            object_id=user.pk,
            summary="Made new recovery codes",
        )
    return codes


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def remove(user: User, *, by: User) -> None:
    """Remove the user's second factor: themselves (when not required) or their organisation
    administrator resetting it (a lost phone). Audited; the person sets up a new one at
    their next sign-in where it is required."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        Passkey.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        summary = (
            "Removed their two-factor sign-in"
            if by.pk == user.pk
            else f"Reset the two-factor sign-in of {user.username}"
        )
        record(by, Action.SECURITY, object_type="user", object_id=user.pk, summary=summary)
