"""Estimates run inline in these tests (no background thread) unless a test says otherwise,
and organisations A and B have agreements that let them contribute linkage tokens."""

from __future__ import annotations

import pytest

from crossroads.testing import Personas, agree


@pytest.fixture(autouse=True)
def _estimates_inline(settings: object) -> None:
    settings.CROSSROADS_ESTIMATES_IN_BACKGROUND = False  # type: ignore[attr-defined]


@pytest.fixture
def personas(personas: Personas) -> Personas:
    """The personas, with agreements letting organisations A and B contribute linkage tokens."""
    agree(personas.analyst, personas.org_a)
    agree(personas.analyst, personas.org_b)
    return personas
