"""The accounts of an organisation, managed by its administrators: invitations, roles,
leavers, second factors and paused sign-ins. Each change is audited.

:func:`get_person_for_admin` is the one permission-checked fetch of an account.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts import mail, second_factor, services
from crossroads.accounts.models import Invitation, Organisation, Role, User
from crossroads.accounts.permissions import can_manage_people
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.core import throttle

INVITATION_DAYS = 7
UNUSED_DAYS = 90


class PeopleError(ValueError):
    """A change an administrator may not make; the message says why."""


def roles_for(organisation: Organisation) -> list[Role]:
    """The roles an administrator of ``organisation`` may give."""
    if organisation.kind == Organisation.Kind.SECRETARIAT:
        return [Role.ANALYST, Role.ORG_ADMIN]
    return [Role.CASEWORKER, Role.DATA_OFFICER, Role.ORG_ADMIN]


def get_person_for_admin(admin: User, user_id: int) -> User:
    """The account ``user_id`` if ``admin`` manages it (same organisation); 404 otherwise."""
    if not can_manage_people(admin):
        raise Http404
    person = User.objects.filter(pk=user_id, organisation=admin.organisation).first()
    if person is None:
        raise Http404
    return person


@dataclass(frozen=True)
class Person:
    """An account as the administrator's list shows it."""

    user: User
    second_factor: bool
    second_factor_required: bool
    paused: bool
    unused: bool  # no sign-in for 90 days (or never, 90 days after creation)


def people_of(organisation: Organisation, now: datetime | None = None) -> list[Person]:
    """Every account of ``organisation``, active ones first."""
    moment = now or timezone.now()
    users = list(
        organisation.users.select_related("organisation").order_by("-is_active", "username")
    )
    with_factor = second_factor.users_with_second_factor(users)
    cutoff = moment - timedelta(days=UNUSED_DAYS)
    return [
        Person(
            user=user,
            second_factor=user.pk in with_factor,
            second_factor_required=second_factor.required_for(user),
            paused=services.is_paused(user),
            unused=user.is_active and (user.last_login or user.date_joined) < cutoff,
        )
        for user in users
    ]


def open_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(
    admin: User, email: str, role: str, first_name: str = "", last_name: str = ""
) -> Invitation:
    """Invite ``email`` to ``admin``'s organisation with ``role``: a one-time link, valid
    for 7 days, is e-mailed; only its hash is kept. Audited."""
    organisation = admin.organisation
    assert organisation is not None
    if role not in roles_for(organisation):
        raise PeopleError(_("This role cannot be given in your organisation."))
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email, is_active=True).exists():
        raise PeopleError(_("Someone already has an account with this e-mail address."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        open_invitations(organisation).filter(email=email).update(withdrawn_at=timezone.now())
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            token_hash=_token_hash(token),
            created_by=admin,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        record(
            admin,
            Action.ADMIN,
            object_type="invitation",
            object_id=invitation.pk,
            summary=f"Invited a new {role} by e-mail",
        )
    link = mail.absolute(reverse("accounts:invitation", args=[token]))
    context = {
        "invitation": invitation,
        "inviter": str(admin),
        "role": Role(role).label,
        "link": link,
    }
    mail.send(email, "invitation", context, admin.language)
    return invitation


def invitation_for(token: str) -> Invitation | None:
    """The open invitation of a link's token, or None (unknown, used, withdrawn, expired)."""
    invitation = (
        Invitation.objects.filter(token_hash=_token_hash(token))
        .select_related("organisation", "created_by")
        .first()
    )
    return invitation if invitation is not None and invitation.is_open() else None


def _first_language(asked: str | None, invitation: Invitation) -> str:
    """The browser's language if offered, else the inviting administrator's, else English."""
    offered = {code for code, _name in settings.LANGUAGES}
    for candidate in (
        (asked or "").split("-")[0],
        invitation.created_by.language if invitation.created_by else "",
    ):
        if candidate in offered:
            return candidate
    return "en"


def accept(
    invitation: Invitation, username: str, password: str, language: str | None = None
) -> User:
    """Create the invited person's account; raises PeopleError or a ValidationError for the
    password. The invitation cannot be used again. Audited.

    ``language`` is the one the person's browser asked for (the interface they
    accepted the invitation in); it becomes their language if Crossroads offers
    it, and they can change it at any time from the menu.
    """
    username = username.strip()
    if not username or User.objects.filter(username__iexact=username).exists():
        raise PeopleError(_("This username is taken; choose another."))
    candidate = User(
        username=username,
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    validate_password(password, candidate)
    try:
        with transaction.atomic():
            used = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
                accepted_at=timezone.now()
            )
            if not used:
                raise PeopleError(_("This invitation has already been used."))
            user = User(
                username=username,
                email=invitation.email,
                first_name=invitation.first_name,
                last_name=invitation.last_name,
                organisation=invitation.organisation,
                role=invitation.role,
                language=_first_language(language, invitation),
            )
            user.set_password(password)
            user.save()
            Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
            record(
                user,
                Action.ADMIN,
                object_type="user",
                object_id=user.pk,
                summary=f"Accepted an invitation as {invitation.role}",
            )
    except IntegrityError:
        raise PeopleError(_("This username is taken; choose another.")) from None
    return user


def withdraw(admin: User, invitation: Invitation) -> None:
    """Cancel an invitation not used yet. Audited."""
    if invitation.organisation_id != admin.organisation_id:
        raise Http404
    Invitation.objects.filter(pk=invitation.pk).update(withdrawn_at=timezone.now())
    record(
        admin,
        Action.ADMIN,
        object_type="invitation",
        object_id=invitation.pk,
        summary="Withdrew an invitation",
    )


def _not_self(admin: User, person: User) -> None:
    if admin.pk == person.pk:
        raise PeopleError(_("You cannot change your own account here; ask another administrator."))


def change_role(admin: User, person: User, role: str) -> None:
    """Give ``person`` another role of the organisation. Audited."""
    _not_self(admin, person)
    assert admin.organisation is not None
    if role not in roles_for(admin.organisation):
        raise PeopleError(_("This role cannot be given in your organisation."))
    old = person.role
    User.objects.filter(pk=person.pk).update(role=role)
    person.role = role
    record(
        admin,
        Action.ADMIN,
        object_type="user",
        object_id=person.pk,
        summary=f"Changed the role of {person.username} from {old} to {role}",
    )


def deactivate(admin: User, person: User) -> None:
    """A leaver: the account can no longer sign in, and its open sessions end at their
    next request. Nothing of what they did is lost. Audited."""
    _not_self(admin, person)
    User.objects.filter(pk=person.pk).update(is_active=False)
    person.is_active = False
    record(
        admin,
        Action.ADMIN,
        object_type="user",
        object_id=person.pk,
        summary=f"Deactivated the account of {person.username}",
    )


def reactivate(admin: User, person: User) -> None:
    """Let a deactivated account sign in again. Audited."""
    User.objects.filter(pk=person.pk).update(is_active=True)
    person.is_active = True
    record(
        admin,
        Action.ADMIN,
        object_type="user",
        object_id=person.pk,
        summary=f"Reactivated the account of {person.username}",
    )


def reset_second_factor(admin: User, person: User) -> None:
    """Remove ``person``'s authenticator and recovery codes (a lost phone); where a second
    factor is required, they set up a new one at their next sign-in. Audited."""
    _not_self(admin, person)
    second_factor.remove(person, by=admin)


def resume_sign_in(admin: User, person: User) -> None:
    """Lift the pause after repeated failed sign-ins or codes. Audited."""
    throttle.reset(services.account_limit(), services.account_identity(person.username))
    throttle.reset(second_factor.code_limit(), str(person.pk))
    record(
        admin,
        Action.ADMIN,
        object_type="user",
        object_id=person.pk,
        summary=f"Let {person.username} sign in again after repeated failures",
    )
