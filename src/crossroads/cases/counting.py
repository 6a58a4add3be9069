"""The answers statistics count, copied from a record into one short text (``Case.counting_row``).

Building a year's exchange tables reads a few dozen answers of every
record. Reading them out of the JSON documents made the database parse
every document (on SQLite 1.4 s for 100,000 records) and this process
decode them. So every write path stores, next to the document, these
answers in a fixed layout: segments of related answers, each one JSON
array, joined by a control character that JSON never contains unescaped:

    <layout>\x1f["female","18_24",19,"identified","police","ngo"]\x1f…\x1f[null]

``LAYOUT`` names the segments; a row written under another layout (or
never written) does not start with it, and readers then take the answers
from the document itself (:func:`row_of` on ``Case.data``), so a stale row
is slow, never wrong. Lists of codes are stored sorted, and events with
only the keys the tables read (``EVENT_KEYS``), keys sorted: every reader
treats them as sets and mappings, and equal answers then have equal texts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import orjson

SEPARATOR = "\x1f"
# The answers the exchange tables read, in segments. Each segment is stored as one JSON
# array and read as one value: the reader finds the distinct values of a segment (a
# few hundred to a few thousand among 100,000 records) and classifies each once, so
# every classification reads one segment, and fields that vary together go together.
# ``events.<kind>`` is the list of a record's events of that kind; other kinds
# (identity documents, notes...) are not copied.
SEGMENTS: tuple[tuple[str, ...], ...] = (
    (
        "gender",
        "age_band",
        "age_at_identification",
        "trafficking_status",
        "status_decided_by",
        "referred_by",
    ),
    (
        "migration_status",
        "cooperation_status",
        "assistance_conditional_on_cooperation",
        "unaccompanied",
        "guardian_appointed",
    ),
    ("citizenship", "referral_in_country", "referral_out_countries"),
    ("exploitation_forms", "labour_sectors"),
    ("assistance_received", "assistance_needed"),
    ("events.identification_decision",),
    ("events.reflection_period",),
    ("events.residence_permit",),
    ("events.report_to_authorities",),
    ("events.proceedings_against_person",),
    ("events.compensation",),
    ("events.proceedings_against_traffickers",),
    ("age_disputed", "age_assessment_outcome"),
    # Standard 1.1: the fields of R1.2, R1.3, R2.4, R3.4, R4.4, R5.1, R7.4, R8.3, R10.2-R10.4.
    (
        "state_assistance_outcome",
        "rights_information",
        "detention",
        "case_status",
        "residence_status_at_closure",
    ),
    ("first_contact_date", "assistance_start_date"),
    ("enforcement_measure", "enforcement_date", "events.identification_decision"),
    ("enforcement_measure", "enforcement_date", "events.reflection_period"),
    ("reasons_not_reported",),
    (
        "treated_as_child_pending_assessment",
        "missing_from_care",
        "child_returned",
        "best_interests_before_return",
    ),
)
# The keys of each kind of events the exchange tables read; the others (authorities,
# referral dates, stages...) are left out, so that the events of thousands of persons
# have a few hundred distinct values instead of one each.
EVENT_KEYS: dict[str, tuple[str, ...]] = {
    "identification_decision": ("outcome", "decision_date", "referral_date"),
    "reflection_period": ("informed", "decision", "start_date", "end_date"),
    "residence_permit": ("ground", "outcome", "application_date"),
    "report_to_authorities": ("immigration_consequence",),
    "proceedings_against_person": ("kind", "outcome", "start_date", "non_punishment_invoked"),
    "compensation": ("route", "outcome", "payment", "claim_date", "payment_date"),
    "proceedings_against_traffickers": ("stage", "verdict"),
}
# Changes whenever the segments change, so rows written under an older layout are ignored.
LAYOUT = hashlib.sha256(repr((SEGMENTS, EVENT_KEYS)).encode()).hexdigest()[:8]
PREFIX = LAYOUT + SEPARATOR


def _answer(document: Mapping[str, Any], events: Mapping[str, Any], name: str) -> Any:
    if name.startswith("events."):
        kind = name.removeprefix("events.")
        keys = EVENT_KEYS[kind]
        listed = events.get(kind) or ()
        return [{key: event[key] for key in keys if key in event} for event in listed] or None
    value = document.get(name)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return sorted(value)
    return value


def row_of(document: Mapping[str, Any]) -> str:
    """The counting row of a record document (as stored in ``Case.data``)."""
    events = document.get("events") or {}
    return PREFIX + SEPARATOR.join(
        orjson.dumps(
            [_answer(document, events, name) for name in segment], option=orjson.OPT_SORT_KEYS
        ).decode()
        for segment in SEGMENTS
    )
