"""The one permission-checked fetch of a report, and the organisation's unlocked key.

A report is visible only to the caseworkers, data officers and organisation
administrators of the organisation it was routed to; anyone else (another
organisation, an analyst, an outsider) gets the same 404 as for a missing report.

Unlocking: the organisation's private key, once opened with the passphrase, is held
for :data:`UNLOCK_SECONDS` in a cookie, sealed under a key derived from the server's
secret and the person's session. The database never holds it, and the cookie alone
(without the server's secret) opens nothing.
"""

from __future__ import annotations

import base64
import time

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from crossroads.accounts.models import User
from crossroads.accounts.permissions import AnyUser, can_work_with_cases
from crossroads.reporting import sealing
from crossroads.reporting.models import Report, ReportingKey

UNLOCK_COOKIE = "crossroads_reporting_key"
UNLOCK_SECONDS = 30 * 60


def get_report_for_user(user: AnyUser, report_id: int) -> Report:
    """The report ``report_id`` if ``user`` may see it; 404 otherwise."""
    if not isinstance(user, User) or not can_work_with_cases(user):
        raise Http404
    report = (
        Report.objects.visible_to(user)
        .select_related("key", "organisation")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404
    return report


def _cookie_key(request: HttpRequest) -> bytes:
    session = request.session.session_key or ""
    return salted_hmac("crossroads.reporting.unlock", session, algorithm="sha256").digest()


def _associated(key: ReportingKey, expires: int) -> bytes:
    return f"{key.pk}:{expires}".encode()


def hold_unlocked(
    request: HttpRequest, response: HttpResponse, key: ReportingKey, private: X25519PrivateKey
) -> None:
    """Keep the opened key for :data:`UNLOCK_SECONDS` in the person's browser, sealed."""
    if request.session.session_key is None:
        request.session.save()
    expires = int(time.time()) + UNLOCK_SECONDS
    body = sealing.symmetric_seal(
        _cookie_key(request), sealing.private_bytes(private), _associated(key, expires)
    )
    value = f"{key.pk}.{expires}.{base64.urlsafe_b64encode(body).decode()}"
    response.set_cookie(
        UNLOCK_COOKIE,
        value,
        max_age=UNLOCK_SECONDS,
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
        path="/reporting/",
    )


def unlocked_key(request: HttpRequest, key: ReportingKey) -> X25519PrivateKey | None:
    """The opened private key of ``key`` if the person unlocked it recently, else None."""
    value = request.COOKIES.get(UNLOCK_COOKIE, "")
    try:
        key_id, expires_text, body = value.split(".", 2)
        expires = int(expires_text)
        if int(key_id) != key.pk or expires < time.time():
            return None
        raw = sealing.symmetric_open(
            _cookie_key(request), base64.urlsafe_b64decode(body), _associated(key, expires)
        )
    except (ValueError, sealing.Damaged):
        return None
    private = sealing.private_from_bytes(raw)
    if sealing.public_bytes(private) != bytes(key.public_key):
        return None
    return private


def forget_unlocked(response: HttpResponse) -> None:
    """Lock again: drop the cookie."""
    response.delete_cookie(UNLOCK_COOKIE, path="/reporting/")
