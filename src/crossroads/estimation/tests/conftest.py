"""Organisations A and B have agreements that let them contribute linkage tokens."""

from __future__ import annotations

import pytest

from crossroads.testing import Personas, agree


@pytest.fixture
def personas(personas: Personas) -> Personas:
    """The personas, with agreements letting organisations A and B contribute linkage tokens."""
    agree(personas.analyst, personas.org_a)
    agree(personas.analyst, personas.org_b)
    return personas
