"""Panels on the analyst's home page, contributed by the network-level apps.

An app registers a function returning a panel (title, text, link) for a user;
the home page shows whatever is registered, so it grows with the product.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from crossroads.accounts.models import User


@dataclass(frozen=True)
class Panel:
    """A summary card with a link."""

    title: str
    text: str
    url: str
    link_label: str
    order: int = 100


PanelFactory = Callable[[User], Panel | None]
_FACTORIES: list[PanelFactory] = []


def register_panel(factory: PanelFactory) -> PanelFactory:
    """Decorator: add a panel factory to the analyst's home page."""
    _FACTORIES.append(factory)
    return factory


def analyst_panels(user: User) -> list[Panel]:
    """Panels for ``user``, in order."""
    panels = [panel for factory in _FACTORIES if (panel := factory(user)) is not None]
    return sorted(panels, key=lambda p: p.order)
