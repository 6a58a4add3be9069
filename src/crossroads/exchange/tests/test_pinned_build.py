"""A built submission stays byte-identical: the tables and their protection are pinned.

``data/pinned_records.jsonl`` holds 240 records drawn once from the demo
profiles (the fields the tables read, events included), and the test adds
a few edge cases no drawn record has. ``data/pinned_submission.json`` is
what building them gave: original counts, released tables, the preview's
protection and the nesting structure, in canonical JSON. Any change to
reading, classifying, counting or protecting that changes a number, a
status or even a value's type shows here. After an intended change,
rewrite the pinned file with :func:`pinned_text` and review the diff.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from crossroads.cases.services import create_case
from crossroads.core import signing
from crossroads.exchange.models import Submission
from crossroads.exchange.services.drafts import prepare
from crossroads.reporting.models import ReportCount
from crossroads.testing import Personas, make_case

DATA = Path(__file__).parent / "data"
TERMS: dict[str, Any] = {
    "modules": ["profile", "referrals", "rights"],
    "threshold": 10,
    "rounding_base": None,
    "originals_to_secretariat": True,
    "version": 1,
}


def pinned_text(submission: Submission) -> str:
    """The parts of ``submission`` that must not change, as canonical JSON text."""
    preview = dict(submission.preview)
    member = dict(preview.pop("member"))
    member.pop("seconds")  # wall-clock timings
    return signing.canonical(
        {
            "original": submission.original,
            "released": submission.released,
            "preview": preview,
            "member": member,
            "structure": submission.metadata["structure"],
        }
    ).decode()


def test_building_the_pinned_records_gives_the_pinned_tables_byte_for_byte(
    personas: Personas,
) -> None:
    officer = personas.data_officer_a  # organisation A works in the Netherlands
    lines = (DATA / "pinned_records.jsonl").read_text().splitlines()
    for number, line in enumerate(lines):
        create_case(officer, f"P-{number:03d}", json.loads(line), from_form=False)
    # Edge cases: an age given only as a number, a stateless person, citizens of the
    # organisation's own and another EU country, referrals both ways, a disputed age (the
    # pinned records, drawn before the catalogue was complete, never dispute one).
    make_case(officer, "E-AGE", age_band=None, age_at_identification=15)
    make_case(officer, "E-STATELESS", citizenship=["XXA"])
    make_case(officer, "E-DUAL", citizenship=["DEU", "NLD", "MAR"])
    make_case(officer, "E-EU", citizenship=["MAR", "POL", "BEL"])
    make_case(
        officer,
        "E-REFERRALS",
        referral_in_country="BEL",
        referral_out_countries=["DEU", "NLD", "XXX"],
    )

    make_case(
        officer,
        "E-AGE-DISPUTED",
        age_disputed="yes",
        age_assessment_method="medical",
        age_assessment_outcome="adult",
    )
    # The safe reporting point's counts of the year (and one of the year before, left out).
    for year, month, kinds, sharing, case_record, reports in (
        (2024, 3, "labour", "no", True, 14),
        (2024, 3, "labour,sexual", "police", False, 3),
        (2024, 7, "", "both", True, 1),
        (2024, 11, "domestic_servitude", "no", False, 22),
        (2023, 12, "labour", "no", True, 40),
    ):
        ReportCount.objects.create(
            organisation=personas.org_a,
            month=date(year, month, 1),
            country="NLD",
            kinds=kinds,
            sharing=sharing,
            case_record=case_record,
            reports=reports,
        )

    submission = prepare(personas.org_a, 2024, TERMS, None)

    built, pinned = pinned_text(submission), (DATA / "pinned_submission.json").read_text()
    assert submission.preview["member"]["records"] == len(lines) + 6
    assert _differing(built, pinned) == []
    assert built == pinned


def _differing(built: str, pinned: str) -> list[str]:
    """Names of the parts (a table of a section, or a section) that differ, for the message."""

    def parts(text: str) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for section, value in json.loads(text).items():
            tables = value.get("tables") if isinstance(value, dict) else None
            for table in tables or ():
                found[f"{section}: {table['name']}"] = signing.canonical(table)
            rest = {k: v for k, v in value.items() if k != "tables"} if tables else value
            found[section] = signing.canonical(rest)
        return found

    ours, theirs = parts(built), parts(pinned)
    return sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k))
