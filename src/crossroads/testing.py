"""Test helpers shared by every app's tests: organisations, personas and records.

The fixed personas (see the root ``conftest.py``) are: a caseworker, a data
officer and an organisation administrator of organisation A; a caseworker of
organisation B; a network analyst of the secretariat; and an outsider who is
not signed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.test import Client

from crossroads.accounts.models import Organisation, Role, User
from crossroads.cases import services
from crossroads.cases.models import Case
from crossroads.exchange.models import Agreement
from crossroads.exchange.services.agreements import Terms, record_agreement

PASSWORD = "a-long-test-password"  # noqa: S105 - test-only credential


@dataclass
class Personas:
    """The fixed cast of permission tests."""

    org_a: Organisation
    org_b: Organisation
    secretariat: Organisation
    caseworker_a: User
    data_officer_a: User
    org_admin_a: User
    caseworker_b: User
    analyst: User

    def client_for(self, user: User | None) -> Client:
        """A test client signed in as ``user`` (anonymous for None: the outsider)."""
        client = Client()
        if user is not None:
            assert client.login(username=user.username, password=PASSWORD)
        return client


def make_org(code: str, country: str = "NLD", kind: str = "member", name: str = "") -> Organisation:
    """An organisation."""
    return Organisation.objects.create(
        code=code, name=name or code.title(), country=country, kind=kind
    )


def make_user(username: str, role: Role, organisation: Organisation | None) -> User:
    """A user with :data:`PASSWORD`."""
    user = User(username=username, role=role, organisation=organisation)
    user.set_password(PASSWORD)
    user.save()
    return user


def minimal_record(**overrides: Any) -> dict[str, Any]:
    """Raw values of a complete, valid record (a national of the Netherlands)."""
    record: dict[str, Any] = {
        "year_of_registration": 2024,
        "first_contact_date": "2024-03-05",
        "trafficking_status": "presumed",
        "status_decided_by": "ngo",
        "gender": "female",
        "age_band": "24_26",
        "citizenship": ["NLD"],
        "exploitation_forms": ["sexual"],
        "referred_by": "hotline",
        "case_status": "active",
        "consent_data_use": "aggregate_only",
    }
    record.update(overrides)
    return record


def make_case(user: User, client_code: str = "C-001", **overrides: Any) -> Case:
    """A record created through the service layer, as ``user``."""
    return services.create_case(user, client_code, minimal_record(**overrides), from_form=False)


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
