"""Drawing the fields standard 1.1 added (vulnerability and protection) for a demo record.

Drawn from a generator of its own, seeded by the record's other answers,
so that adding these fields leaves every other drawn answer as it was.
Each field is drawn only where the standard applies it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from crossroads.cases.demo_records import DEMO_TODAY, chance, pick

CRISIS_COUNTRIES = {"UKR": 0.5, "SYR": 0.2, "SDN": 0.15, "AFG": 0.15}


def _after(rng: random.Random, start: date, low: int, high: int) -> str | None:
    day = start + timedelta(days=rng.randint(low, high))
    return day.isoformat() if day <= DEMO_TODAY else None


def add_protection(doc: dict[str, Any], *, national: bool, child: bool) -> None:
    """Add the 1.1 fields to ``doc`` (a drawn record whose events are in ``doc["events"]``)."""
    rng = random.Random(repr(sorted((k, repr(v)) for k, v in doc.items())))
    contact = date.fromisoformat(doc["first_contact_date"])
    factors = [
        code
        for code, p in (
            ("poverty_unemployment", 0.45),
            ("debt", 0.25),
            ("irregular_status", 0.0 if national else 0.35),
            ("displacement_conflict", 0.0 if national else 0.12),
            ("homelessness", 0.08),
            ("disability", 0.05),
            ("substance_dependency", 0.06),
            ("domestic_violence", 0.1),
            ("child_in_care", 0.3 if child else 0.0),
        )
        if chance(rng, p)
    ]
    doc["vulnerability_factors"] = factors or [pick(rng, {"none": 0.6, "unknown": 0.4})]
    if "displacement_conflict" in factors:
        doc["crisis_context"] = "armed_conflict"
        doc["crisis_country"] = pick(rng, CRISIS_COUNTRIES)
    if chance(rng, 0.85) and (start := _after(rng, contact, 0, 45)):
        doc["assistance_start_date"] = start
    doc["state_assistance_outcome"] = pick(rng, {"provided": 0.6, "refused_non_cooperation": 0.04, "ended_non_cooperation": 0.05, "refused_other": 0.04, "ended_other": 0.07, "not_sought": 0.12, "unknown": 0.08})  # fmt: skip
    doc["rights_information"] = pick(rng, {"understood_language": 0.72, "other_language": 0.1, "not_informed": 0.06, "unknown": 0.12})  # fmt: skip
    doc["detention"] = pick(rng, {"none": 0.86, "criminal": 0.03, "immigration": 0.04 if not national else 0.0, "unknown": 0.07})  # fmt: skip
    if not doc["events"].get("report_to_authorities") and chance(rng, 0.6):
        reasons = {"fear_of_traffickers", pick(rng, {"fear_of_deportation": 0.5 if not national else 0.1, "distrust_of_authorities": 0.3, "did_not_know_how": 0.2, "loss_of_income": 0.2})}  # fmt: skip
        doc["reasons_not_reported"] = sorted(reasons)
    if not national:
        measure = pick(rng, {"none": 0.82, "detention_for_removal": 0.06, "removal": 0.05, "transfer": 0.03, "unknown": 0.04})  # fmt: skip
        doc["enforcement_measure"] = measure
        if measure not in ("none", "unknown") and (when := _after(rng, contact, 5, 240)):
            doc["enforcement_date"] = when
        if doc.get("case_status") in ("closed", "closed_referred"):
            doc["residence_status_at_closure"] = pick(rng, {"trafficking_permit": 0.3, "international_protection": 0.15, "other_permit": 0.1, "application_pending": 0.12, "irregular": 0.13, "returned": 0.12, "unknown": 0.08})  # fmt: skip
    if doc.get("age_disputed") == "yes":
        doc["treated_as_child_pending_assessment"] = pick(rng, {"yes": 0.7, "no": 0.2, "unknown": 0.1})  # fmt: skip
    if child:
        doc["missing_from_care"] = pick(rng, {"no": 0.85, "yes": 0.08, "unknown": 0.07})
        returned = pick(rng, {"no": 0.8, "yes": 0.15, "unknown": 0.05})
        doc["child_returned"] = returned
        if returned == "yes":
            doc["best_interests_before_return"] = pick(rng, {"yes": 0.6, "no": 0.3, "unknown": 0.1})  # fmt: skip
