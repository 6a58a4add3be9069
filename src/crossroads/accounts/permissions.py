"""Who may do what. Every role check in Crossroads goes through these predicates.

Record-level case data is visible only to caseworkers, data officers and
organisation administrators of the owning member organisation. Network
analysts see submissions and aggregates, never records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeGuard

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from crossroads.accounts.models import Role, User

AnyUser = AbstractBaseUser | AnonymousUser

CASE_ROLES = frozenset({Role.CASEWORKER, Role.DATA_OFFICER, Role.ORG_ADMIN})
DATA_MANAGEMENT_ROLES = frozenset({Role.DATA_OFFICER, Role.ORG_ADMIN})


def is_member_user(user: AnyUser) -> TypeGuard[User]:
    """An active, signed-in person of an organisation that holds case records."""
    return (
        isinstance(user, User)
        and user.is_active
        and user.organisation is not None
        and user.organisation.holds_case_records
    )


def can_work_with_cases(user: AnyUser) -> TypeGuard[User]:
    """May list, read, create and edit the case records of their own organisation."""
    return is_member_user(user) and user.role in CASE_ROLES


def can_manage_data(user: AnyUser) -> TypeGuard[User]:
    """May import, export and build the organisation's submissions."""
    return is_member_user(user) and user.role in DATA_MANAGEMENT_ROLES


def can_administer_organisation(user: AnyUser) -> TypeGuard[User]:
    """May manage the users of their own organisation."""
    return is_member_user(user) and user.role == Role.ORG_ADMIN


def can_manage_people(user: AnyUser) -> TypeGuard[User]:
    """May invite, change and deactivate the accounts of their own organisation (its
    organisation administrators, at a member or at the secretariat)."""
    return (
        isinstance(user, User)
        and user.is_active
        and user.role == Role.ORG_ADMIN
        and user.organisation is not None
    )


def is_analyst(user: AnyUser) -> TypeGuard[User]:
    """A network analyst of the secretariat: aggregates only, never records."""
    return (
        isinstance(user, User)
        and user.is_active
        and user.role == Role.ANALYST
        and user.organisation is not None
        and user.organisation.kind == user.organisation.Kind.SECRETARIAT
    )


def can_edit_country_profiles(user: AnyUser) -> TypeGuard[User]:
    """May change the legal-framework checklist of country profiles (analysts)."""
    return is_analyst(user)


def can_read_network_monitoring(user: AnyUser) -> TypeGuard[User]:
    """May read country profiles and the latest, not yet published, network figures:
    the secretariat's analysts and the staff of member organisations."""
    return is_analyst(user) or is_member_user(user)


def allowed_or_404(user: AnyUser, predicate: Callable[[AnyUser], TypeGuard[User]]) -> User:
    """``user`` if ``predicate`` lets them in; a 404 otherwise, which tells an outsider
    nothing about what the page would show."""
    if not predicate(user):
        raise Http404
    assert isinstance(user, User)  # every predicate above admits only signed-in people
    return user
