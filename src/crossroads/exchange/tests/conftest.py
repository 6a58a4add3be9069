"""Fixtures of the data exchange tests: an agreement for organisation A, and records."""

from __future__ import annotations

from typing import Any

import pytest

from crossroads.accounts.models import User
from crossroads.testing import Personas, agree, make_case


def add_records(user: User, count: int, prefix: str = "R", **overrides: Any) -> None:
    """``count`` valid records of ``user``'s organisation with the same ``overrides``."""
    for number in range(count):
        make_case(user, f"{prefix}-{number:03d}", **overrides)


@pytest.fixture
def agreed(personas: Personas) -> Personas:
    """The personas, with agreements in force for organisations A and B."""
    agree(personas.analyst, personas.org_a)
    agree(personas.analyst, personas.org_b)
    return personas
