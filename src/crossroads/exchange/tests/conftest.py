"""Fixtures of the data exchange tests: an agreement for organisation A, and records."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from crossroads.accounts.models import Organisation, User
from crossroads.exchange.models import Agreement
from crossroads.exchange.services.agreements import Terms, record_agreement
from crossroads.testing import Personas, make_case

SIGNED = date(2020, 12, 1)


def agree(analyst: User, organisation: Organisation, **changes: Any) -> Agreement:
    """Record an agreement (every module, threshold 10) with ``changes``."""
    terms: dict[str, Any] = {
        "modules": ("profile", "referrals", "rights"),
        "contributes_tokens": True,
        "threshold": 10,
        "rounding_base": None,
        "originals_to_secretariat": True,
        "effective_from": date(2021, 1, 1),
        "member_signatory": "Director",
        "member_signed_on": SIGNED,
        "secretariat_signatory": "Coordinator",
        "secretariat_signed_on": SIGNED,
    }
    terms.update(changes)
    return record_agreement(analyst, organisation, Terms(**terms))


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
