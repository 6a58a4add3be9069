"""Who reaches which safety page (every check goes through these predicates)."""

from __future__ import annotations

from typing import TypeGuard

from crossroads.accounts.models import Organisation, User
from crossroads.accounts.permissions import AnyUser, can_administer_organisation


def can_back_up(user: AnyUser) -> TypeGuard[User]:
    """May start and read backups of the whole instance: a technical superuser, or the
    administrator of an instance that holds a single organisation (a laptop install),
    since a backup holds every organisation's records."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return can_administer_organisation(user) and Organisation.objects.count() == 1
