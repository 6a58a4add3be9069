"""Demo step: about 20,000 synthetic case records across the network, 2021-2025.

Each record is drawn from its country's invented profile, validated through
the standard like any other entry, given linkage tokens from an invented
identity (then discarded), and audited as created by the organisation's
data officer.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from crossroads.accounts.models import Organisation, Role, User
from crossroads.audit.models import Action
from crossroads.audit.services import Event, record_many
from crossroads.cases import demo_population
from crossroads.cases.demo_identities import invent
from crossroads.cases.demo_profiles import PROFILES
from crossroads.cases.demo_records import draw_person, draw_record
from crossroads.cases.models import Case
from crossroads.cases.services import indexed_columns, tokens_for
from crossroads.codebook.loader import load_standard
from crossroads.codebook.validation import validate_record
from crossroads.core.demo import DemoContext
from crossroads.stats.linkage import Identity

GROWTH = {2021: 0.78, 2022: 0.88, 2023: 0.97, 2024: 1.05, 2025: 1.14}


def build(context: DemoContext) -> str:
    """Create every member organisation's records for the demo years."""
    standard = load_standard()
    organisations: dict[str, Organisation] = context.shared["organisations"]
    officers = {
        u.organisation_id: u
        for u in User.objects.filter(role=Role.DATA_OFFICER).order_by("username")
    }
    total = 0
    for org in organisations.values():
        if not org.holds_case_records:
            continue
        rng = random.Random(f"{context.seed}-{org.code}")
        author = officers[org.pk]
        cases: list[Case] = []
        for year in context.years:
            for number, (person, identity) in enumerate(_people(context, rng, org, year), 1):
                document = draw_record(rng, PROFILES[org.country], org.country, year, person)
                clean = validate_record(
                    document, standard=standard, country=org.country, today=_midyear(2026)
                )
                when = timezone.make_aware(
                    datetime.combine(
                        min(_date(clean.data["first_contact_date"]), _midyear(2026)), time(10)
                    )
                )
                cases.append(
                    Case(
                        organisation=org,
                        client_code=f"{org.code.split('-')[0].upper()}-{year}-{number:04d}",
                        linkage_tokens=tokens_for(identity) or [],
                        created_at=when,
                        created_by=author,
                        updated_at=when,
                        updated_by=author,
                        **indexed_columns(clean),
                    )
                )
        Case.objects.bulk_create(cases, batch_size=1000)
        saved = Case.objects.filter(organisation=org).only("id", "client_code").order_by("id")
        record_many(
            author,
            [
                Event(Action.CREATE, "case", c.pk, f"Created record {c.client_code} (demo)")
                for c in saved
            ],
            org,
        )
        total += len(cases)
    return f"{total} case records"


def _people(
    context: DemoContext, rng: random.Random, org: Organisation, year: int
) -> list[tuple[dict[str, Any], Identity]]:
    """Who the organisation registered in ``year``: drawn afresh, or from the hidden population."""
    if (
        context.scale == 1.0
        and org.country == demo_population.COUNTRY
        and year == demo_population.YEAR
    ):
        return [
            (
                m.person,
                Identity.from_fields(
                    m.identity.given, m.identity.family, m.identity.dob, m.identity.sex
                ),
            )
            for m in demo_population.captured_by(context.seed, org.code)
        ]
    profile = PROFILES[org.country]
    volume = profile.per_org_year * GROWTH[year] * context.scale
    count = max(2, round(volume * rng.uniform(0.85, 1.15)))
    people = []
    for _ in range(count):
        person = draw_person(rng, profile, org.country)
        sex = {"female": "female", "male": "male"}.get(str(person["gender"]), "")
        citizenship: list[str] = person["citizenship"]
        identity = invent(rng, citizenship[0], sex, year - rng.randint(12, 55))
        people.append(
            (
                person,
                Identity.from_fields(identity.given, identity.family, identity.dob, identity.sex),
            )
        )
    return people


def _midyear(year: int) -> date:
    return date(year, 6, 30)


def _date(iso: str) -> date:
    return date.fromisoformat(iso)
