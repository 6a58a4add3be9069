"""E-mail to the people who use Crossroads: invitations, password resets, notifications.

Messages are short plain text in the recipient's language, with a link into
Crossroads; they never carry data about a client (no client code, no value
of a record, no comment text): what happened is read after signing in.
Django's e-mail backend sends them: printed to the console on a laptop, SMTP
in production (``CROSSROADS_EMAIL_HOST``, see docs/security.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from crossroads.accounts.models import Organisation, Role, User

log = logging.getLogger(__name__)


def absolute(path: str) -> str:
    """``path`` as a full address of this instance (``CROSSROADS_BASE_URL``)."""
    return settings.CROSSROADS_BASE_URL.rstrip("/") + path


def send(address: str, template: str, context: Mapping[str, Any], language: str) -> bool:
    """Send ``accounts/email/<template>.txt`` (its first line is the subject) to ``address``.

    Returns whether it was handed to the mail server; a failure is logged, never
    raised, so that the action that notifies is not undone by a mail outage.
    """
    with translation.override(language):
        text = render_to_string(f"accounts/email/{template}.txt", {**context, "site": absolute("")})
    subject, _, body = text.strip().partition("\n")
    try:
        send_mail(subject.strip(), body.strip() + "\n", None, [address])
    except OSError:
        log.warning("could not send the %s e-mail", template, exc_info=True)
        return False
    return True


def notify(users: Iterable[User], template: str, context: Mapping[str, Any]) -> int:
    """Send ``template`` to each active user with an e-mail address; return how many."""
    sent = 0
    for user in users:
        if user.is_active and user.email:
            sent += send(user.email, template, {**context, "user": user}, user.language)
    return sent


def data_managers(organisation: Organisation) -> list[User]:
    """The people of ``organisation`` who handle its submissions and imports."""
    return list(
        organisation.users.filter(is_active=True, role__in=[Role.DATA_OFFICER, Role.ORG_ADMIN])
    )
