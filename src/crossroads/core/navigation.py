"""The main navigation, assembled from what each domain app registers.

Each app adds its entries in ``AppConfig.ready()`` with :func:`register`, saying
who may see them, so the menu shows a person only what their role can open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import Promise

AnyUser = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class NavItem:
    """One entry of the main menu."""

    key: str
    label: str | Promise
    url_name: str
    visible: Callable[[AnyUser], bool]
    order: int = 100


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    """Add (or replace, by key) a menu entry."""
    _ITEMS[item.key] = item


def items_for(user: AnyUser) -> list[NavItem]:
    """The entries ``user`` may see, in menu order."""
    return sorted(
        (item for item in _ITEMS.values() if item.visible(user)),
        key=lambda item: (item.order, item.key),
    )
